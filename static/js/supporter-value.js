/* A supporter writing for someone may say which of the framework's
 * experts-by-experience themes the idea speaks to ("give something back",
 * influencing services, being employed): a tag, like a priority. Shown only
 * while "Whose idea is this?" names someone else; the server refuses it on a
 * person's own idea.
 */
import { $, el } from "./lib/dom.js";

function build(values) {
  if ($("idea-value-box") || !$("for-help")) return;
  var box = el("div", { id: "idea-value-box", class: "idea-value" });
  var label = el("label", { for: "idea-value" });
  var words = el("span", "er-label-box");
  // Easy read puts a picture beside every sentence that carries meaning.
  words.appendChild(el("img", { src: document.body.dataset.img + "outcome-adults_receiving_care.svg", alt: "",
    width: "32", height: "32", class: "er-pic for-easy-read" }));
  words.appendChild(el("span", "for-standard", "What does it mean to them? (optional)"));
  words.appendChild(el("span", "for-easy-read", "What is good about it for them?"));
  label.appendChild(words);
  box.appendChild(label);
  var select = el("select", { id: "idea-value", name: "experts_value" });
  select.appendChild(el("option", { value: "" }, "None"));
  values.forEach(function (v) { select.appendChild(el("option", { value: v.key }, v.name)); });
  box.appendChild(select);
  $("for-help").after(box);
  $("idea-for").addEventListener("change", function () { box.hidden = !$("idea-for").value; });
}

/* Build once the workshop is known; show it only for someone else's idea. */
export function drawSupporterValue(room) {
  var values = (room.workshop && room.workshop.experts_by_experience_value) || [];
  if (!values.length) return;
  build(values);
  $("idea-value-box").hidden = !$("idea-for").value;
}

/* The field to add to an idea, then back to none for the next one. */
export function supporterValue() {
  var select = $("idea-value");
  if (!select || $("idea-value-box").hidden || !select.value) return {};
  var value = select.value;
  select.value = "";
  return { experts_value: value };
}
