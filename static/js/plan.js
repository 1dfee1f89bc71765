/* Plan stage on the phone: say which provisional outcome an answer is about,
 * and rate the risk (low, medium, high) on the risk questions.
 *
 * The phone module draws these fields into its idea form and adds them to the
 * submit_idea message, only while a Plan question is open and the
 * facilitator has carried outcomes forward.
 */
import { $, el } from "./lib/dom.js";
import { openQuestion } from "./lib/room.js";

var RATINGS = [["low", "Low"], ["medium", "Medium"], ["high", "High"]];

function active(room) {
  var q = openQuestion(room);
  return q && q.stage === "plan" && room.outcomes.length ? q : null;
}

function build() {
  var form = $("idea-form");
  if (!form || $("plan-fields")) return;
  var box = el("div", { id: "plan-fields", class: "plan-fields" });
  box.hidden = true;
  box.appendChild(el("label", { for: "plan-outcome" }, "Which outcome is your answer about?"));
  box.appendChild(el("select", { id: "plan-outcome", name: "outcome_id" }));
  var risk = el("fieldset", { id: "plan-rating", class: "plan-rating" });
  risk.appendChild(el("legend", {}, "How big is the risk?"));
  RATINGS.forEach(function (pair) {
    var row = el("div", "choice");
    row.appendChild(el("input", { type: "radio", name: "rating", id: "rating-" + pair[0], value: pair[0] }));
    row.appendChild(el("label", { for: "rating-" + pair[0] }, pair[1]));
    risk.appendChild(row);
  });
  risk.appendChild(el("p", "hint", "Say why in your answer above."));
  box.appendChild(risk);
  form.insertBefore(box, $("idea-send"));
}

/* Show, fill or hide the fields for the question open now. */
export function drawPlanFields(room) {
  build();
  var box = $("plan-fields");
  if (!box) return;
  var q = active(room);
  box.hidden = !q;
  if (!q) return;
  var select = $("plan-outcome");
  var chosen = select.value;
  select.textContent = "";
  room.outcomes.forEach(function (o) { select.appendChild(el("option", { value: String(o.id) }, o.text)); });
  if (chosen) select.value = chosen;
  $("plan-rating").hidden = q.kind !== "risk";
}

/* The fields to add to an idea on `questionId`; a chosen rating is cleared
 * once taken, as the idea box is. */
export function planFields(room, questionId) {
  var q = active(room);
  var fields = {};
  if (!q || q.id !== questionId) return fields;
  var outcome = $("plan-outcome").value;
  if (outcome) fields.outcome_id = parseInt(outcome, 10);
  var rating = document.querySelector("#plan-rating input:checked");
  if (q.kind === "risk" && rating) {
    fields.rating = rating.value;
    rating.checked = false;
  }
  return fields;
}
