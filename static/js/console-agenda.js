/* The console's agenda panel: the key questions in order, opening and
 * closing, moving within a stage, the workshop's own questions, timers.
 */
import { $, el, short } from "./lib/dom.js";
import { kindOf } from "./kinds/index.js";

export function Agenda(ctx) {
  var room = ctx.room, state = ctx.state, button = ctx.button, act = ctx.act, say = ctx.say;
  var stageName = ctx.stageName, timerText = ctx.timerText, render = ctx.render;

  function drawAgenda(list) {
    list.textContent = "";
    room.questions.forEach(function (q, n) {
      var li = el("li", "agenda-item status-" + q.status);
      li.appendChild(el("p", "agenda-status",
        stageName(q.stage) + " · " + q.status + (q.framework_key ? "" : " · your own question") +
        kindOf(q).agendaNote));
      if (state.editingQuestion === q.id) li.appendChild(editQuestionForm(q));
      else li.appendChild(el("p", "agenda-text", q.text));
      var row = el("div", "button-row");
      var opening = q.status !== "open";
      var label = opening ? (q.status === "closed" ? "Reopen" : "Open") : "Close";
      var toggle = row.appendChild(button(label, function () {
        act(opening ? "open_question" : "close_question", { question_id: q.id },
          (opening ? "Opened: " : "Closed: ") + short(q.text, 80));
      }, { aria: label + ": " + q.text, className: opening ? "small" : "small secondary", key: "toggle-q:" + q.id }));
      // After End the server opens nothing, and the phones that a warning or a timer is for are shut out.
      if (opening) toggle.dataset.untilEnd = "";
      if (!opening) {  // issue 12: phones show and announce it; nobody is cut off mid-sentence
        row.appendChild(button(q.closing_soon ? "Warned: 1 minute" : "1-minute warning", function () {
          act("warn_closing", { question_id: q.id }, "Phones told: about one minute left on: " + short(q.text, 80));
        }, { aria: (q.closing_soon ? "Warned: 1 minute" : "1-minute warning") + " for: " + q.text, className: "small secondary", key: "warn:" + q.id }))
          .dataset.untilEnd = "";
      }
      var prev = room.questions[n - 1], next = room.questions[n + 1];
      if (prev && prev.stage === q.stage) {
        row.appendChild(button("↑", function () { act("move_question", { question_id: q.id, offset: -1 }); },
          { aria: "Move up: " + q.text, className: "small secondary", key: "up:" + q.id }));
      }
      if (next && next.stage === q.stage) {
        row.appendChild(button("↓", function () { act("move_question", { question_id: q.id, offset: 1 }); },
          { aria: "Move down: " + q.text, className: "small secondary", key: "down:" + q.id }));
      }
      if (!q.framework_key && state.editingQuestion !== q.id) {
        row.appendChild(button("Edit", function () { state.editingQuestion = q.id; render(); },
          { aria: "Edit: " + q.text, className: "small secondary", key: "edit-q:" + q.id }));
      }
      li.appendChild(row);
      li.appendChild(timerControls(q));
      list.appendChild(li);
    });
  }

  function editQuestionForm(q) {
    var form = el("form", "stack");
    var id = "edit-q-" + q.id;
    var label = el("label", null, "Question");
    label.htmlFor = id;
    var text = el("textarea");
    text.id = id; text.rows = 2; text.maxLength = 500; text.value = q.text;
    var easyLabel = el("label", null, "Easy-read wording");
    easyLabel.htmlFor = id + "-easy";
    var easy = el("textarea");
    easy.id = id + "-easy"; easy.rows = 2; easy.maxLength = 500; easy.value = q.easy_read;
    form.appendChild(label); form.appendChild(text); form.appendChild(easyLabel); form.appendChild(easy);
    var row = el("div", "button-row");
    var save = el("button", "small", "Save");
    save.type = "submit";
    row.appendChild(save);
    row.appendChild(button("Cancel", function () { state.editingQuestion = null; render(); }, { className: "small secondary" }));
    form.appendChild(row);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      ctx.live.call("edit_question", { question_id: q.id, text: text.value, easy_read: easy.value || null }, function (reply) {
        if (!reply.ok) { say(reply.error.message, true, form); return; }
        state.editingQuestion = null;
        say("Question saved.", false, $("agenda"));
        render();
      });
    });
    return form;
  }

  function timerControls(q) {
    var box = el("div", { class: "timer-controls", "data-until-end": "" });
    var shown = el("span", "timer-left", timerText(q));
    shown.dataset.timerFor = q.id;
    box.appendChild(shown);
    var form = el("form", "inline-form");
    var id = "timer-" + q.id;
    var label = el("label", "visually-hidden", "Timer in minutes for: " + q.text);
    label.htmlFor = id;
    var input = el("input");
    input.id = id; input.type = "number"; input.min = "0"; input.max = "240"; input.step = "1";
    input.inputMode = "numeric"; input.className = "minutes";
    input.placeholder = "min";
    var set = el("button", "small secondary", "Set");
    set.type = "submit";
    set.dataset.key = "timer-set:" + q.id;  // focus, and an error beside it, find it again after a redraw
    set.setAttribute("aria-label", "Set the timer for: " + q.text);
    form.appendChild(label); form.appendChild(input); form.appendChild(set);
    // What was typed there and not yet accepted, with its reason if refused (console-typed.js).
    ctx.typedOr(input, "timer:" + q.id, q.timer ? Math.round(q.timer.seconds / 60) : null);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var minutes = parseInt(input.value, 10);
      var field = ctx.sending(input, "timer:" + q.id);
      input.blur();
      // An empty field: said in its minutes (the server's own check counts seconds, 0 to 14400).
      if (!(minutes >= 0 && minutes <= 240 && String(minutes) === input.value.trim())) {
        field.refused("The timer is a whole number of minutes from 0 to 240.");
        return;
      }
      act("set_timer", { question_id: q.id, seconds: isNaN(minutes) ? -1 : minutes * 60 },
        minutes ? "Timer set to " + minutes + " minutes." : "Timer removed.", form, field);
    });
    box.appendChild(form);
    // Only the open question's timer runs: a waiting one starts when it opens, a closed one stopped.
    if (q.timer && q.status === "open") {
      var running = q.timer.running;
      // Once time is up there is nothing to pause or start: only more time helps (tick redraws at zero).
      if (!ctx.timeLeft(q).up) {
        box.appendChild(button(running ? "Pause" : "Start", function () {
          act(running ? "pause_timer" : "start_timer", { question_id: q.id });
        }, { aria: (running ? "Pause" : "Start") + " the timer for: " + q.text, className: "small secondary", key: "timer:" + q.id }));
      }
      [1, 5].forEach(function (m) {
        // The accessible name starts with the visible label (WCAG 2.5.3).
        box.appendChild(button("+" + m + " min", function () { act("add_time", { question_id: q.id, seconds: m * 60 }, "Added " + m + " min."); },
          { aria: "+" + m + " min: " + q.text, className: "small secondary", key: "add" + m + ":" + q.id }));
      });
    }
    return box;
  }

  return { draw: drawAgenda };
}
