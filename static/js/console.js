/* The facilitator's console: a fixed header for running the room (what is
 * open, its timer, who is in, what waits for approval, Next, End) over
 * panels you switch between (agenda, ideas, approval queue, stories, board,
 * results, carry forward, report).
 *
 * Everything it shows is what the server broadcast to the consoles' room, so
 * two facilitators on two laptops see the same state. Only the open panel is
 * drawn, lists are updated item by item (console-ideas.js), and focus stays
 * on the control the facilitator was using. User text is only ever set with
 * textContent.
 */
import { $, el, plural, short } from "./lib/dom.js";
import { Live, uid } from "./lib/live.js";
import { allIdeas, createRoom, ideasOn, lookup, openQuestion, question, upsert } from "./lib/room.js";
import { ranked, timeLeft } from "./lib/count.js";
import { Agenda } from "./console-agenda.js";
import { doorEvent, doorHeld, doorSnapshot, doorWaiting, drawDoor, outreachCount } from "./door.js";
import { IdeaLists } from "./console-ideas.js";
import { ThemeNotes } from "./console-theme-notes.js";
import { Panels } from "./console-panels.js";
import { ConsoleThemes } from "./console-themes.js";
import { PlanPanel } from "./console-plan.js";
import { KINDS, kindOf } from "./kinds/index.js";
import { BoardWording } from "./console-board-easy.js";
import { QuietCounts } from "./quiet-counts.js";
import { fillScribeOutcomes, fillScribeRoles, scribeOutcome, scribeRole } from "./console-scribe.js";
import { keepSaid, say } from "./console-say.js";  // where messages and errors appear
import { sending, typedOr } from "./console-typed.js";  // a typed value stays until accepted

var code = document.body.dataset.code;
var room = createRoom("console");
// What only this console knows: the open panel, the question in focus, what
// is being edited or merged, and the ideas ticked to carry forward.
var state = { panel: "agenda", focus: null, editing: null, merging: null, editingQuestion: null,
              carry: {}, carryTouched: false };
var VIEWS = [["ideas", "Ideas"], ["priority", "By priority"], ["outcome", "By kind of outcome"],
             ["role", "By role"], ["results", "Results by role"], ["themes", "Themes"]];
var RANKS = [["room", "The whole room"], ["experts", "Experts by experience"], ["cross_role", "Across the roles"]];
var ctx = { room: room, state: state, live: null };

function button(label, onClick, options) {
  options = options || {};
  var b = el("button", options.className || "small", label);
  b.type = "button";
  if (options.aria) b.setAttribute("aria-label", options.aria);
  if (options.pressed !== undefined) b.setAttribute("aria-pressed", String(options.pressed));
  if (options.key) b.dataset.key = options.key;
  b.addEventListener("click", onClick);
  return b;
}

// Every console action goes through one acknowledged call; the reply (or
// the broadcast that follows it) updates the screen. `field` hears the
// answer: `accepted()`, and `refused(message)` if it says a refusal itself
// (a typed value's handle, console-typed.js, says it beside its field).
function act(name, payload, done, origin, field) {
  var at = origin || document.activeElement || document.body;
  var key = at.dataset && at.dataset.key;
  var from = at.closest("[data-status]");
  ctx.live.call(name, payload, function (reply) {
    // A redraw may have replaced the control before the reply: its namesake, else its panel.
    var here = document.body.contains(at) ? at : (key && document.querySelector('[data-key="' + key + '"]')) || from;
    if (!reply.ok) { if (field && field.refused) field.refused(reply.error.message); else say(reply.error.message, true, here); return; }
    if (field) field.accepted();
    if (done) say(done, false, here);
  });
}

Object.assign(ctx, { say: say, button: button, act: act, typedOr: typedOr, sending: sending, render: render, spotlight: spotlight, approveAll: approveAll, approveMany: approveMany,
                    stageName: stageName, timerText: timerText, timeLeft: function (q) { return timeLeft(room, q); } });
ctx.themeNotes = ThemeNotes(ctx);
var lists = IdeaLists(ctx);
var agendaPanel = Agenda(ctx);
var panels = Panels(ctx);
var themesPanel = ctx.themes = ConsoleThemes(ctx);  // the Ideas panel asks it for "looks like #12"
var planPanel = PlanPanel(ctx);
var boardWording = BoardWording(ctx);  // the board's question in easy read, and read aloud
var quiet = QuietCounts(room, "quiet-now", false);  // issue 25

// The key arrives in the URL fragment (never sent to the server in a URL,
// so never logged); it is exchanged once for a session cookie, then erased.
function keyFromFragment() {
  var match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

function start() {
  var key = keyFromFragment();
  if (!key) { connect(); return; }
  fetch("/api/w/" + encodeURIComponent(code) + "/facilitator/session", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: key }),
  }).then(function (response) {
    window.history.replaceState(null, "", window.location.pathname);
    if (!response.ok) say("That console link is not valid for this workshop.", true);
    connect();
  });
}

function stageName(key) { var s = lookup(room.workshop.stages, key); return s ? s.name : key; }
function focusQuestion() { return question(room, state.focus) || openQuestion(room) || room.questions[0] || null; }

// The question Next opens: the one after the open question, or after the
// question closed last, or the first still waiting.
function nextQuestion() {
  var qs = room.questions;
  var open = openQuestion(room);
  var from = open || qs.filter(function (q) { return q.closed_at; })
    .sort(function (a, b) { return a.closed_at < b.closed_at ? 1 : -1; })[0];
  var at = from ? qs.indexOf(from) + 1 : 0;
  return qs[at] || null;
}

// Timers: every screen shows the same time left (lib/count.js).
function timerText(q) {
  var left = timeLeft(room, q);
  if (!left) return "No timer";
  if (left.up) return "Time is up";
  return (left.running ? "" : "Paused · ") + left.clock + " left";
}
function tick() {
  document.querySelectorAll("[data-timer-for]").forEach(function (node) {
    var q = question(room, Number(node.dataset.timerFor));
    if (q) node.textContent = timerText(q);
  });
  if (room.workshop) timerButtons();
}

/* The header offers only what can act on the open question's timer: none
 * without one; Pause or Start while time is left; once it is up, only
 * +1 min (nothing is left to pause). Checked each tick: time runs out
 * between redraws. */
var wasUp = false;
function timerButtons() {
  var open = openQuestion(room);
  var left = open ? timeLeft(room, open) : null;
  // The agenda's Pause and Start go too when time runs out (or come back with more).
  if (!!(left && left.up) !== wasUp) { wasUp = !wasUp; if (state.panel === "agenda") render(); }
  var toggle = $("timer-toggle");
  var words = !left || left.up ? "" : left.running ? "Pause the timer" : "Start the timer";
  toggle.hidden = !words;
  if (words && toggle.textContent !== words) toggle.textContent = words;
  $("add-minute").hidden = !left;
  // A control that went away with focus on it: focus stays in the header, on what still acts.
  if (document.activeElement === toggle && toggle.hidden) $("add-minute").focus();
}
window.setInterval(tick, 500);

// Redraws are coalesced to one per frame and held while a pointer is
// pressed, so a button is never replaced between press and release; a panel
// holding focus in a field is drawn when the facilitator leaves it.
var scheduled = false, pressing = false, deferred = false;
function render() {
  if (scheduled) return;
  scheduled = true;
  window.requestAnimationFrame(function () {
    scheduled = false;
    if (pressing) { window.setTimeout(render, 50); return; }
    var started = window.performance.now();
    draw();
    // The console benchmark (benchmarks/console_update.py) reads these.
    window.consoleDrawMs = (window.consoleDrawMs || []).concat([window.performance.now() - started]);
  });
}
document.addEventListener("pointerdown", function () { pressing = true; }, true);
["pointerup", "pointercancel"].forEach(function (name) {
  document.addEventListener(name, function () { window.setTimeout(function () { pressing = false; }, 0); }, true);
});
document.addEventListener("focusout", function () {
  window.setTimeout(function () { if (deferred) render(); }, 0);
});

function typing() {
  var active = document.activeElement;
  return active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.type !== "checkbox";
}

/* Draw, then put focus back on the same control if a redraw replaced it
 * (each carries a data-key); if its idea left the list (approved, hidden,
 * merged), on the same action of the idea that took its place, so a
 * keyboard can work down 150 ideas; else on its panel's heading. */
function draw() {
  if (!room.workshop) return;
  var active = document.activeElement;
  var key = active && active.dataset ? active.dataset.key : null;
  var home = active && active.closest ? active.closest("[role=tabpanel]") : null;
  var item = active && active.closest ? active.closest(".mod-list > li") : null;
  var list = item && item.parentNode;
  var at = item ? Array.prototype.indexOf.call(list.children, item) : -1;
  drawHeader();
  drawDoor(room, act);
  var panel = $("panel-" + state.panel);
  // Agenda and themes are redrawn whole: not under the facilitator's typing.
  if (REBUILT[state.panel] && panel.contains(active) && typing()) deferred = true;
  else { deferred = false; DRAW[state.panel](); }
  tick();
  // A panel may have put focus somewhere on purpose (console-plan.js, after a carry).
  var moved = document.activeElement && document.activeElement !== document.body;
  if (active && active !== document.body && !document.body.contains(active) && !moved) {
    var same = key && document.querySelector('[data-key="' + key + '"]');
    var next = !same && list && document.body.contains(list) && takenPlace(list, at, key);
    if (same) same.focus();
    else if (next) next.focus();
    else if (home) home.querySelector("h2").focus();
  }
  keepSaid();
  // Ended (here or on another console): a control put away takes focus to its panel's heading.
  var gone = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-until-end]");
  if (room.workshop.ended && gone && home) home.querySelector("h2").focus();
}

// The control in the item now at `at` in `list`: the same action (the part of `key` before ":"), else its first.
function takenPlace(list, at, key) {
  var item = list.children[Math.min(at, list.children.length - 1)];
  // Past the note left where an idea was merged or hidden (console-ideas.js), to the next idea.
  if (item && item.classList.contains("gone-note")) item = item.nextElementSibling || item.previousElementSibling;
  if (!item) return null;
  var action = key ? key.split(":")[0] + ":" : null;
  return (action && item.querySelector('[data-key^="' + action + '"]')) || item.querySelector("button");
}

// The header

function drawHeader() {
  var open = openQuestion(room);
  var ended = !!room.workshop.ended;
  $("now-label").hidden = ended;
  $("open-question").textContent = ended ? ENDED : open ? stageName(open.stage) + ": " + open.text : "No question is open.";
  var timer = $("header-timer");
  timer.dataset.timerFor = open ? open.id : "";
  timer.textContent = open ? timerText(open) : "";
  timerButtons();
  var next = nextQuestion();
  var nextButton = $("next-question");
  nextButton.disabled = !next || !!room.workshop.ended;
  nextButton.setAttribute("aria-label", next ? "Next question: " + short(next.text, 80) : "Next question: none left");
  var people = room.roster.filter(function (r) { return r.count; })
    .map(function (r) { return r.label + " " + r.count; });
  var away = outreachCount();
  $("people").textContent = plural(room.participants - away, " person", " people") + " in the room" +
    (away ? " (and " + away + " through outreach)" : "") + (people.length ? ": " + people.join(" · ") : "");
  var pending = allIdeas(room).filter(function (i) { return i.status === "pending"; }).length;
  $("pending-count").hidden = !pending;
  $("pending-count").textContent = plural(pending, " idea waits", " ideas wait") + " for approval";
  lists.drawWait();
  $("tab-queue").textContent = "Approval queue" + (pending ? " (" + pending + ")" : "");
  $("end-workshop").textContent = ended ? "Reopen the workshop" : "End the workshop";
  $("end-workshop").className = ended ? "" : "danger";
  document.body.classList.toggle("ended", ended);
}

// What the header says once the workshop has ended, and a shortcut that can do nothing then.
var ENDED = "The workshop has ended: nobody can join or send anything. The report still downloads.";
var REOPEN = "The workshop has ended: reopen it in Room and report first.";

function nextOne() {
  if (room.workshop.ended) { say(REOPEN, true); return; }
  var next = nextQuestion();
  if (!next) { say("There is no next question in the agenda.", true); return; }
  act("open_question", { question_id: next.id }, "Opened: " + short(next.text, 80), $("next-question"));
}

function toggleTimer() {
  var open = openQuestion(room);
  if (room.workshop.ended) { say(REOPEN, true); return; }
  if (!open || !open.timer) { say("The open question has no timer. Set one in the Agenda panel.", true); return; }
  if (timeLeft(room, open).up) { say("Time is up: there is nothing to pause. +1 min gives the room one more minute.", true); return; }
  act(open.timer.running ? "pause_timer" : "start_timer", { question_id: open.id },
    open.timer.running ? "Timer paused." : "Timer running.", $("timer-toggle"));
}

function toggleResults(origin) {
  var hide = !room.settings.results_hidden;
  act(hide ? "hide_results" : "reveal_results", {},
    hide ? "Results hidden from the board and phones." : "Results revealed.", origin);
}

function spotlight(ideaId) {
  var current = room.settings.spotlight_idea_id;
  if (!ideaId || ideaId === current) {
    if (!current) { say("No idea is in the spotlight.", true); return; }
    act("spotlight_idea", { idea_id: null }, "The spotlight is off; the board shows the ideas again.");
    return;
  }
  act("spotlight_idea", { idea_id: ideaId }, "In the spotlight: " + short(room.ideas[ideaId].text, 60));
}

// The idea whose item holds focus, else the open question's top idea.
function ideaInFocus() {
  var item = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-idea-id]");
  if (item) return Number(item.dataset.ideaId);
  var q = openQuestion(room);
  var top = q && ranked(room, ideasOn(room, q), room.settings.board_rank || "room")[0];
  return top ? top.id : null;
}

// Panels: a tab list (arrow keys move between tabs); only the open panel is drawn.

function showPanel(name, focusTab) {
  state.panel = name;
  document.querySelectorAll("[role=tab]").forEach(function (tab) {
    var on = tab.dataset.panel === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("panel-" + tab.dataset.panel).hidden = !on;
    if (on && focusTab) tab.focus();
    // On a phone the tabs scroll in one row (app.css): the chosen one is brought into view.
    if (on) tab.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  render();
}

var DRAW = {
  agenda: function () { agendaPanel.draw($("agenda")); },
  ideas: function () {
    drawFocusSelect();
    var q = focusQuestion();
    var shown = lists.draw($("ideas"), q, "shown");
    $("shown-count").textContent = "(" + shown + ")";
    var hidden = lists.draw($("hidden-ideas"), q, "hidden");
    $("hidden-heading").hidden = hidden === 0;
    $("hidden-count").textContent = "(" + hidden + ")";
    drawScribePlan();
  },
  queue: function () {
    $("approve-toggle").checked = !!room.settings.approve_ideas;
    var pending = allIdeas(room).filter(function (i) { return i.status === "pending"; });
    lists.draw($("pending"), null, "pending");
    $("pending-total").textContent = "(" + (pending.length ? pending.length + ", " : "") + "those that need a look first)";
    $("queue-empty").hidden = pending.length > 0;
    $("approve-all").disabled = !pending.length;
    $("approve-all").textContent = "Approve all" + (pending.length ? " (" + pending.length + ")" : "");
  },
  stories: function () { panels.drawStories($("stories"), $("follow-up")); },
  board: drawBoardControls,
  results: function () {
    drawFocusSelect("results-question");
    var kind = kindOf(focusQuestion());
    if (kind.drawConsole) {  // a kind with its own answer (a ranking) shows its own standing
      $("results").textContent = "";
      kind.drawConsole($("results"), focusQuestion(), room);
    } else panels.drawResults($("results"), focusQuestion());
    panels.drawCoverage($("coverage"), $("coverage-scope"), focusQuestion());
  },
  themes: function () { themesPanel.draw(); },
  // The ticks follow the room while an outcome is being worded; the outcomes wait for the typing.
  carry: function () {
    planPanel.drawCarry($("carry"));
    // Ended, the fields are put away even under typing: what was typed shows as not saved.
    if (!room.workshop.ended && $("outcomes").contains(document.activeElement) && typing()) deferred = true;
    else planPanel.drawOutcomes($("outcomes"));
  },
  report: function () { panels.drawRoster($("roster")); },
};

var REBUILT = { agenda: true, themes: true };  // and the carry panel's outcomes (DRAW.carry)

// Ideas: which question, and the scribe's Plan fields

function drawFocusSelect(id) {
  var select = $(id || "focus-question");
  if (document.activeElement === select) return;
  var focus = focusQuestion();
  select.textContent = "";
  room.questions.forEach(function (q, n) {
    var option = el("option", null, (n + 1) + ". " + stageName(q.stage) + (q.status === "open" ? " (open)" : "") + ": " + short(q.text, 70));
    option.value = String(q.id);
    select.appendChild(option);
  });
  if (focus) select.value = String(focus.id);
}

function drawScribePlan() {
  var q = focusQuestion();
  var plan = q && q.stage === "plan" && room.outcomes.length;
  $("scribe-plan").hidden = !plan;
  $("scribe-rating-box").hidden = !(q && kindOf(q).scribeRating);
  fillScribeOutcomes(room.outcomes);
}

// The board

function drawBoardControls() {
  var s = room.settings;
  drawChoices($("board-views"), VIEWS, s.board_view || "ideas", "view", function (key, b) {
    act("set_board_view", { view: key }, "The board now shows: " + key + ".", b);
  });
  drawChoices($("board-ranks"), RANKS, s.board_rank || "room", "rank", function (key, b) {
    act("set_board_view", { rank: key }, { experts: "Ranking by experts by experience.", cross_role: "Ranking across the roles." }[key] || "Ranking by the whole room.", b);
  });
  $("results-toggle").textContent = s.results_hidden ? "Reveal the results" : "Hide the results";
  $("results-toggle").className = s.results_hidden ? "" : "secondary";
  typedOr($("page-seconds"), "page-seconds", s.board_seconds || 12);
  $("paging-toggle").textContent = s.board_paused ? "Let the pages turn" : "Pause the pages";
  typedOr($("extra-time"), "extra-time", s.extra_time_percent || 0);
  $("phone-timer-toggle").checked = !!s.phone_timer;
  $("easy-first-toggle").checked = !!s.easy_read_first;
  $("quiet-board-toggle").checked = !!s.quiet_on_board;
  var lit = s.spotlight_idea_id && room.ideas[s.spotlight_idea_id];
  $("spotlight-now").textContent = lit ? "In the spotlight: " + short(lit.text, 90)
    : "No idea is in the spotlight. Use Spotlight on an idea in the Ideas panel.";
  $("spotlight-end").hidden = !lit;
  boardWording.draw();
  $("waiting-toggle").textContent = s.board_waiting ? "Show the last question again" : "Show “Waiting for the next question”";
}

// Choice buttons keep their elements; only which one is pressed changes.
function drawChoices(box, choices, current, kind, onPick) {
  if (!box.children.length) {
    choices.forEach(function (c) {
      var b = button(c[1], function () { onPick(c[0], b); }, { key: kind + ":" + c[0] });
      box.appendChild(b);
    });
  }
  Array.prototype.forEach.call(box.children, function (b, n) {
    var on = choices[n][0] === current;
    b.setAttribute("aria-pressed", String(on));
    b.className = "small" + (on ? "" : " secondary");
  });
}

// Forms and controls made once

function fill(select, items, label) {
  items.forEach(function (entry) {
    var option = el("option", null, entry[label] || entry.name || entry.label);
    option.value = entry.key;
    select.appendChild(option);
  });
}

function setupForms() {
  fillScribeRoles(room.workshop.roles);
  fill($("scribe-priority"), room.workshop.priorities, "name");
  fill($("scribe-kind"), room.workshop.outcome_kinds, "short");
  fill($("new-question-stage"), room.workshop.stages, "name");
  fill($("new-question-kind"), KINDS.map(function (k) { return { key: k.name, name: k.offer }; }), "name");
  KINDS.forEach(function (k) { if (k.buildAddForm) k.buildAddForm($("add-question-form"), $("add-question-form").querySelector("[type=submit]")); });
  $("new-question-kind").addEventListener("change", function () {
    KINDS.forEach(function (k) { if (k.drawAddForm) k.drawAddForm($("new-question-kind").value); });
  });
  document.querySelectorAll("[role=tab]").forEach(function (tab, n, tabs) {
    tab.addEventListener("click", function () { showPanel(tab.dataset.panel); });
    tab.addEventListener("keydown", function (e) {
      var step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (e.key === "Home") step = -n;
      if (e.key === "End") step = tabs.length - 1 - n;
      if (step === undefined) return;
      e.preventDefault();
      showPanel(tabs[(n + step + tabs.length) % tabs.length].dataset.panel, true);
    });
  });
  $("scribe-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = focusQuestion();
    var send = $("scribe-send");
    send.disabled = true;
    ctx.live.call("scribe_idea", {
      question_id: q && q.id, text: $("scribe-text").value, role: scribeRole(),
      priority: $("scribe-priority").value || null, outcome_kind: $("scribe-kind").value || null,
      outcome_id: scribeOutcome(),
      rating: $("scribe-rating").value || null, client_id: uid(),
      card_number: $("scribe-card").value.trim() || null,
    }, function (reply) {
      send.disabled = false;
      if (!reply.ok) { say(reply.error.message, true, send); return; }
      $("scribe-text").value = "";
      $("scribe-card").value = "";
      upsert(room, reply.idea);
      say("Added: " + short(reply.idea.text, 60), false, send);
      render();
    });
  });
  $("add-question-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var form = $("add-question-form");
    var fields = {
      stage: $("new-question-stage").value, text: $("new-question-text").value,
      easy_read: $("new-question-easy").value || null, kind: $("new-question-kind").value,
    };
    var kind = kindOf(fields);
    if (kind.addFields) kind.addFields(fields);
    ctx.live.call("add_question", fields, function (reply) {
      if (!reply.ok) { say(reply.error.message, true, form); return; }
      $("new-question-text").value = "";
      $("new-question-easy").value = "";
      say("Question added to the " + stageName(reply.question.stage) + " stage.", false, form);
    });
  });
  ["focus-question", "results-question"].forEach(function (id) {
    $(id).addEventListener("change", function () { state.focus = Number($(id).value); render(); });
  });
  $("approve-toggle").addEventListener("change", function () {
    var on = $("approve-toggle").checked;
    act("set_approval", { on: on }, on ? "New ideas now wait for your approval." : "New ideas now show straight away.", $("approve-toggle"));
  });
  $("easy-first-toggle").addEventListener("change", function () {
    var on = $("easy-first-toggle").checked;
    act("set_easy_read_first", { on: on }, on ? "Phones that have not chosen now open in easy read." : "Phones that have not chosen now open in the standard words.", $("easy-first-toggle"));
  });
  $("quiet-board-toggle").addEventListener("change", function () {
    var on = $("quiet-board-toggle").checked;
    act("set_quiet_on_board", { on: on }, on ? "The board now shows the quiet signals." : "The board no longer shows the quiet signals.", $("quiet-board-toggle"));
  });
  $("phone-timer-toggle").addEventListener("change", function () {
    var on = $("phone-timer-toggle").checked;
    act("set_phone_timer", { on: on }, on ? "Phones now show the time left." : "Phones no longer show the time left.", $("phone-timer-toggle"));
  });
  $("extra-time-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var value = parseInt($("extra-time").value, 10);
    act("set_extra_time", { percent: isNaN(value) ? -1 : value }, "Every timer now has " + value + "% extra time.", $("extra-time-form"),
      sending($("extra-time"), "extra-time"));
  });
  $("paging-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var value = parseInt($("page-seconds").value, 10);
    act("set_board_paging", { seconds: isNaN(value) ? -1 : value }, "Each page now shows for " + value + " seconds.", $("paging-form"),
      sending($("page-seconds"), "page-seconds"));
  });
  $("paging-toggle").addEventListener("click", function () {
    var pause = !room.settings.board_paused;
    act("set_board_paging", { paused: pause }, pause ? "The pages stay where they are." : "The pages turn again.", $("paging-toggle"));
  });
  document.querySelectorAll(".page-turn").forEach(function (b) {
    b.addEventListener("click", function () { turnBoards(b.dataset.to, b); });
  });
  $("spotlight-end").addEventListener("click", function () { spotlight(null); });
  $("waiting-toggle").addEventListener("click", function () {
    var on = !room.settings.board_waiting;
    act("set_board_waiting", { on: on }, on ? "The board shows “Waiting for the next question”." : "The board shows the last question again.", $("waiting-toggle"));
  });
  $("results-toggle").addEventListener("click", function () { toggleResults($("results-toggle")); });
  $("next-question").addEventListener("click", nextOne);
  $("timer-toggle").addEventListener("click", toggleTimer);
  $("add-minute").addEventListener("click", function () {
    var open = openQuestion(room);
    if (open) act("add_time", { question_id: open.id, seconds: 60 }, "One more minute.", $("add-minute"));
  });
  $("pending-count").addEventListener("click", function () { showPanel("queue", true); });
  $("end-workshop").addEventListener("click", function () {
    if (room.workshop.ended) { $("reopen-confirm").hidden = false; $("reopen-yes").focus(); return; }
    // Ending shuts every phone out: ask, and say what still waits for approval and who at the door.
    var pending = pendingIdeas().length, door = doorWaiting();
    $("end-question").textContent = "End the workshop for everyone? Pending ideas: " + pending +
      (pending ? ". Ideas still pending stay off the board and out of the report." : ".") +
      (door ? " " + plural(door, " person is", " people are") + " still waiting at the door: after the end nobody comes in." : "");
    $("end-approve").hidden = !pending;
    $("end-approve").textContent = "Approve the " + plural(pending, " pending idea", " pending ideas") + ", then end";
    $("end-confirm").hidden = false;
    (pending ? $("end-approve") : $("end-yes")).focus();
  });
  var endNow = function () {
    $("end-confirm").hidden = true;
    act("end_workshop", {}, "The workshop has ended: nobody can join or send anything now. The report still downloads.", $("end-workshop"));
    $("end-workshop").focus();
  };
  $("end-yes").addEventListener("click", endNow);
  $("end-approve").addEventListener("click", function () { approveAll(endNow); });
  $("end-no").addEventListener("click", function () { $("end-confirm").hidden = true; $("end-workshop").focus(); });
  $("reopen-yes").addEventListener("click", function () {
    $("reopen-confirm").hidden = true;
    act("reopen_workshop", { confirm: true }, "The workshop is open again.", $("end-workshop"));
    $("end-workshop").focus();
  });
  $("reopen-no").addEventListener("click", function () { $("reopen-confirm").hidden = true; $("end-workshop").focus(); });
  document.addEventListener("keydown", shortcut);
}

var TURNED = { first: "Every board shows its first page.", previous: "Every board went back a page.", next: "Every board went on a page." };
function turnBoards(to, near) {
  act("turn_board_page", { to: to }, TURNED[to], near || document.querySelector(".console-header"));
}

function pendingIdeas() { return allIdeas(room).filter(function (i) { return i.status === "pending"; }); }

// Every waiting idea in one approve_ideas: one call, one write, one commit (not
// one per idea). Ideas approved or hidden meanwhile by another console are
// passed over by the server. `then` runs once the approval is answered and
// only if it went through (End's "approve, then end": pending ideas would
// otherwise stay out of the report).
function approveAll(then) {
  var ids = pendingIdeas().map(function (i) { return i.id; });
  var next = typeof then === "function" ? then : function () {};
  if (!ids.length) { next(); return; }
  approveMany(ids, $("approve-all"), next);
}

/* Approve `ids`, saying what happened beside `origin`. The server takes at most
 * 1,000 ids a message (rules.LIST_MAX), so a longer queue goes in parts of
 * 1,000, each answered before the next is sent; one message says how many
 * were approved in all, and if a part was refused or unanswered, how many
 * were not and why (approving cannot be undone: only hidden, one by one). A
 * second press while one is under way is not sent again. */
var PART = 1000;
var approving = false;
function approveMany(ids, origin, then) {
  if (approving) return;
  approving = true;
  var approved = 0, sent = 0;
  (function part() {
    var these = ids.slice(sent, sent + PART);
    ctx.live.call("approve_ideas", { idea_ids: these }, function (reply) {
      if (!reply.ok) { approved ? saySome(reply.error.message) : done(reply.error.message); return; }
      approved += reply.approved;
      sent += these.length;
      if (sent < ids.length) part();
      else done(null);
    });
  })();
  function saySome(why) {
    approving = false;
    say(plural(approved, " idea approved; ", " ideas approved; ") + "the other " + (ids.length - sent) +
      " were not. " + why, true, origin);
  }
  function done(error) {
    approving = false;
    if (error) { say(error, true, origin); return; }
    var gone = sent - approved;
    say(plural(approved, " idea approved.", " ideas approved.") + (gone
      ? " " + plural(gone, " other was", " others were") + " approved or hidden meanwhile on another console." : ""), false, origin);
    if (then) then();
  }
}

// Keyboard shortcuts, with Alt+Shift so typing never triggers one (WCAG 2.1.4).
var SHORTCUTS = {
  KeyN: nextOne,
  KeyP: toggleTimer,
  KeyR: function () { toggleResults(document.querySelector(".console-header")); },
  KeyS: function () { var id = room.settings.spotlight_idea_id ? null : ideaInFocus(); spotlight(id); },
  KeyI: function () { showPanel("ideas"); $("scribe").open = true; $("scribe-text").focus(); },
  // Every board's page, as a presenter's clicker would turn one.
  ArrowRight: function () { turnBoards("next"); },
  ArrowLeft: function () { turnBoards("previous"); },
  Home: function () { turnBoards("first"); },
  KeyB: function () { $("paging-toggle").click(); },
};
function shortcut(e) {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || !SHORTCUTS[e.code]) return;
  e.preventDefault();
  SHORTCUTS[e.code]();
}

// Live state: the shared reducer (lib/room.js) applies every message; the
// console adds its own focus and carry-forward ticks.

/* A control that takes focus is scrolled into view below the sticky header,
 * not under it (WCAG 2.4.11): the pages' 5rem of scroll padding is less than
 * the header's height, which changes with the screen and what it says. */
function clearHeader() {
  var header = document.querySelector(".console-header");
  var sticky = window.getComputedStyle(header).position === "sticky";
  document.documentElement.style.scrollPaddingTop = sticky ? header.offsetHeight + 8 + "px" : "";
}
new window.ResizeObserver(clearHeader).observe(document.querySelector(".console-header"));
window.addEventListener("resize", clearHeader);  // a short screen's header is not sticky (app.css)

var formsReady = false;
function connect() {
  ctx.live = new Live({
    code: code, view: "console", room: room,
    handlers: {
      connection: function (online) { $("connection").textContent = online ? "Live" : "Reconnecting…"; },
      refused: function (error) { say(error.message, true); },
      snapshot: function (snap) {
        themesPanel.snapshot(snap);
        if (!formsReady) { formsReady = true; setupForms(); themesPanel.setup(); showPanel(state.panel); }
        doorSnapshot(snap);
        ctx.themeNotes.fromSnapshot(snap);
        room.storiesStale = true;
        render();
        quiet.snapshot(snap);
      },
      event: function (e) {
        doorEvent(e);
        themesPanel.event(e);
        ctx.themeNotes.onEvent(e);
        if (e.type === "question_opened") state.focus = e.data.question_id;
        if (e.type === "outcomes_changed") state.carryTouched = false;
        if (/^(outcomes|themes|vote_on)_changed$|^idea_/.test(e.type)) planPanel.touch();
        if (e.type === "idea_hidden" || e.type === "ideas_merged") state.merging = null;
        render();
        quiet.event(e);
      },
      tallies: function () { planPanel.touch(true); render(); },
    },
  });
  ctx.live.socket.on("door_held", function (data) { doorHeld(data); render(); });
}

start();
