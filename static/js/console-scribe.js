/* The scribe's choices that hold long words, as radio buttons whose labels
 * wrap, each whole on every screen (WCAG 1.4.10, reflow): a select's text
 * never wraps, and on a 360 px phone a select cut "Person who receives care
 * and support" to "...and supp" and a provisional outcome to its first few
 * words, so the scribe could not tell two outcomes apart.
 *
 * "Who said it": one radio a role; the first role is chosen, as the select's
 * first option was, and a choice stays from one idea to the next.
 * "About the outcome" (a Plan question): "None", then each provisional outcome
 * in its whole wording; a choice stays from one idea to the next (a scribe
 * types several answers about one outcome), and goes back to "None" when its
 * outcome is removed.
 */
import { $, el } from "./lib/dom.js";

function radio(box, name, value, text, checked) {
  var row = box.appendChild(el("div", "choice"));
  var input = row.appendChild(el("input", { type: "radio", name: name, value: value, id: "scribe-" + name + "-" + (value || "none") }));
  input.checked = checked;
  row.appendChild(el("label", { for: input.id }, text));
}

function picked(id) {
  var input = $(id).querySelector("input:checked");
  return input ? input.value : null;
}

export function fillScribeRoles(roles) {
  var box = $("scribe-role");
  box.textContent = "";
  roles.forEach(function (role, n) { radio(box, "role", role.key, role.label, n === 0); });
}

export function scribeRole() { return picked("scribe-role"); }

/* Redrawn only when the outcomes or their words change: a redraw on every
 * update would take the keyboard's place from someone choosing. */
export function fillScribeOutcomes(outcomes) {
  var box = $("scribe-outcome");
  var drawn = JSON.stringify(outcomes.map(function (o) { return [o.id, o.text]; }));
  if (box.dataset.drawn === drawn) return;
  var chosen = picked("scribe-outcome") || "";
  var kept = outcomes.some(function (o) { return String(o.id) === chosen; }) ? chosen : "";
  box.dataset.drawn = drawn;
  box.textContent = "";
  radio(box, "outcome", "", "None", kept === "");
  outcomes.forEach(function (o) { radio(box, "outcome", String(o.id), o.text, String(o.id) === kept); });
}

export function scribeOutcome() {
  var value = picked("scribe-outcome");
  return value ? Number(value) : null;
}
