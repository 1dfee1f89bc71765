/* Plan stage on the phone: say which provisional outcome an answer is about,
 * and the fields its kind adds (a risk question's rating: static/js/kinds/).
 *
 * The phone module draws these fields into its idea form and adds them to the
 * submit_idea message, only while a Plan question is open and the
 * facilitator has carried outcomes forward. The outcome starts unchosen: an
 * answer nobody attached must not be credited to outcome 1, so the person
 * picks one, or "about the whole plan" (the server insists too).
 */
import { $, el } from "./lib/dom.js";
import { openQuestion } from "./lib/room.js";
import { KINDS, kindOf } from "./kinds/index.js";

// The phone's hook for a kind with its own answer (a ranking), next to the Plan fields.
export { drawPhoneKind, kindsReply } from "./kinds/index.js";

var WHOLE = "whole";

function active(room) {
  var q = openQuestion(room);
  return q && q.stage === "plan" && room.outcomes.length ? q : null;
}

function words(standard, easy, picture) {
  var box = el("span", picture ? "er-label-box" : "");
  if (picture) {
    // Easy read puts a picture beside every sentence that carries meaning.
    box.appendChild(el("img", { src: document.body.dataset.img + picture + ".svg", alt: "",
      width: "32", height: "32", class: "er-pic for-easy-read" }));
  }
  box.appendChild(el("span", "for-standard", standard));
  box.appendChild(el("span", "for-easy-read", easy));
  return box;
}

function build() {
  var form = $("idea-form");
  if (!form || $("plan-fields")) return;
  var box = el("div", { id: "plan-fields", class: "plan-fields" });
  box.hidden = true;
  var label = el("label", { for: "plan-outcome" });
  label.appendChild(words("Which outcome is your answer about?", "Which good thing is your answer about?",
    "question"));
  box.appendChild(label);
  var help = el("p", { id: "plan-help", class: "hint" });
  help.appendChild(words("Choose one, or the whole plan.", "Pick one. Or pick the whole plan."));
  box.appendChild(help);
  box.appendChild(el("select", { id: "plan-outcome", name: "outcome_id", "aria-describedby": "plan-help" }));
  KINDS.forEach(function (kind) { if (kind.buildPlanFields) kind.buildPlanFields(box, words); });
  form.insertBefore(box, $("idea-send"));
}

function option(value, standard, easy) {
  return el("option", { value: value }, document.body.classList.contains("easy-read") ? easy : standard);
}

/* Show, fill or hide the fields for the question open now. */
export function drawPlanFields(room) {
  build();
  var box = $("plan-fields");
  if (!box) return;
  var q = active(room);
  box.hidden = !q;
  KINDS.forEach(function (kind) { if (kind.drawPlanFields) kind.drawPlanFields(q); });
  if (!q) return;
  var select = $("plan-outcome");
  var chosen = select.value;
  select.textContent = "";
  select.appendChild(option("", "Choose an outcome", "Pick one"));
  // In easy read, the outcome's easy-read wording when the facilitator wrote one.
  var easy = document.body.classList.contains("easy-read");
  room.outcomes.forEach(function (o) {
    select.appendChild(el("option", { value: String(o.id) }, easy && o.easy_read ? o.easy_read : o.text));
  });
  select.appendChild(option(WHOLE, "About the whole plan", "The whole plan"));
  if (chosen) select.value = chosen;
  if (select.value !== chosen) select.value = "";  // that outcome was removed
}

/* Why an answer cannot be sent yet (a words.js key), or null. */
export function planProblem(room, questionId) {
  var q = active(room);
  if (!q || q.id !== questionId) return null;
  return $("plan-outcome").value ? null : "outcome_needed";
}

/* The fields to add to an idea on `questionId`. The outcome goes back to
 * unchosen, as the idea box empties: the next answer is chosen afresh. */
export function planFields(room, questionId) {
  var q = active(room);
  var fields = {};
  if (!q || q.id !== questionId) return fields;
  var select = $("plan-outcome");
  fields.outcome_id = select.value === WHOLE ? WHOLE : parseInt(select.value, 10);
  select.value = "";
  var kind = kindOf(q);
  if (kind.planFields) kind.planFields(fields);
  return fields;
}
