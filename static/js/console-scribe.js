/* "Who said it" on the scribe's form: one radio button a role, each label
 * whole on every screen. A select cut "Person who receives care and support"
 * to "...and supp" on a 360 px phone (a select's text never wraps, and a
 * council's own role names may be longer still); a radio's label wraps
 * (WCAG 1.4.10, reflow). The first role is chosen, as the select's first
 * option was, and a choice stays from one idea to the next.
 */
import { $, el } from "./lib/dom.js";

export function fillScribeRoles(roles) {
  var box = $("scribe-role");
  box.textContent = "";
  roles.forEach(function (role, n) {
    var row = box.appendChild(el("div", "choice"));
    var input = row.appendChild(el("input", { type: "radio", name: "role", value: role.key, id: "scribe-role-" + role.key }));
    input.checked = n === 0;
    row.appendChild(el("label", { for: input.id }, role.label));
  });
}

export function scribeRole() {
  var picked = $("scribe-role").querySelector("input:checked");
  return picked ? picked.value : null;
}
