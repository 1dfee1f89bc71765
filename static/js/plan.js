/* Plan stage on the phone: say which provisional outcome an answer is about,
 * and rate the risk (low, medium, high) on the risk questions.
 *
 * Kept apart from phone.js: it watches the same live messages (by wrapping
 * WorkshopLive's dispatch) and adds its fields to the idea form, and to the
 * submit_idea message, only while a Plan question is open and the
 * facilitator has carried outcomes forward.
 */
(function () {
  "use strict";
  var W = window.WorkshopLive;
  if (!W) return;
  var state = { questions: [], outcomes: [] };
  var RATINGS = [["low", "Low"], ["medium", "Medium"], ["high", "High"]];

  function openQuestion() {
    return state.questions.filter(function (q) { return q.status === "open"; })[0] || null;
  }

  function active() {
    var q = openQuestion();
    return q && q.stage === "plan" && state.outcomes.length ? q : null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function build() {
    var form = document.getElementById("idea-form");
    if (!form || document.getElementById("plan-fields")) return;
    var box = el("div", { id: "plan-fields", class: "plan-fields" });
    box.hidden = true;
    box.appendChild(el("label", { for: "plan-outcome" }, "Which outcome is your answer about?"));
    box.appendChild(el("select", { id: "plan-outcome", name: "outcome_id" }));
    var risk = el("fieldset", { id: "plan-rating", class: "plan-rating" });
    risk.appendChild(el("legend", {}, "How big is the risk?"));
    RATINGS.forEach(function (pair) {
      var row = el("div", { class: "choice" });
      row.appendChild(el("input", { type: "radio", name: "rating", id: "rating-" + pair[0], value: pair[0] }));
      row.appendChild(el("label", { for: "rating-" + pair[0] }, pair[1]));
      risk.appendChild(row);
    });
    risk.appendChild(el("p", { class: "hint" }, "Say why in your answer above."));
    box.appendChild(risk);
    var send = document.getElementById("idea-send");
    form.insertBefore(box, send);
  }

  function render() {
    build();
    var box = document.getElementById("plan-fields");
    if (!box) return;
    var q = active();
    box.hidden = !q;
    if (!q) return;
    var select = document.getElementById("plan-outcome");
    var chosen = select.value;
    select.textContent = "";
    state.outcomes.forEach(function (o) {
      var option = el("option", { value: String(o.id) }, o.text);
      select.appendChild(option);
    });
    if (chosen) select.value = chosen;
    document.getElementById("plan-rating").hidden = q.kind !== "risk";
  }

  function observe(name, arg) {
    if (name === "snapshot") {
      state.questions = arg.questions || [];
      state.outcomes = arg.outcomes || [];
    } else if (name === "event") {
      var d = arg.data || {};
      if (arg.type === "outcomes_changed") state.outcomes = d.outcomes;
      if (arg.type === "agenda_changed") state.questions = d.questions;
      if (arg.type === "question_opened" || arg.type === "question_closed") {
        state.questions.forEach(function (q) {
          if (q.status === "open" && arg.type === "question_opened") q.status = "closed";
          if (q.id === d.question_id) q.status = arg.type === "question_opened" ? "open" : "closed";
        });
      }
    } else return;
    render();
  }

  var call = W.Live.prototype._call;
  W.Live.prototype._call = function (name, arg) {
    call.call(this, name, arg);
    try { observe(name, arg); } catch (e) { /* never break the phone's own page */ }
  };

  var send = W.Live.prototype.send;
  W.Live.prototype.send = function (event, payload, onReply) {
    var q = active();
    if (event === "submit_idea" && q && payload.question_id === q.id) {
      var outcome = document.getElementById("plan-outcome").value;
      if (outcome) payload.outcome_id = parseInt(outcome, 10);
      var rating = document.querySelector("#plan-rating input:checked");
      if (q.kind === "risk" && rating) {
        payload.rating = rating.value;
        rating.checked = false;
      }
    }
    return send.call(this, event, payload, onReply);
  };
})();
