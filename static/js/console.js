/* The facilitator's console: pace the agenda, moderate, scribe, steer the
 * board, watch coverage and results by role, carry ideas into the Plan stage.
 *
 * Everything it shows is what the server broadcast to the consoles' room, so
 * two facilitators on two laptops see the same state. User text is only ever
 * set with textContent.
 */
import { $, el, plural, short } from "./lib/dom.js";
import { Live, uid } from "./lib/live.js";
import { allIdeas, createRoom, ideasOn, lookup, openQuestion, question, roleLabel, upsert } from "./lib/room.js";
import { expertVotes, ranked, tallyOf, timeLeft, votes } from "./lib/count.js";
import { doorEvent, doorSnapshot, drawDoor } from "./door.js";

var code = document.body.dataset.code;
var room = createRoom("console");
// What only this console knows: the question in focus, what is being
// edited, and the ideas ticked to carry forward.
var state = { focus: null, editing: null, editingQuestion: null, carry: {}, carryTouched: false };
var live;
var VIEWS = [["ideas", "Ideas"], ["priority", "By priority"], ["outcome", "By kind of outcome"],
             ["role", "By role"], ["results", "Results by role"]];
var RANKS = [["room", "The whole room"], ["experts", "Experts by experience"]];

function say(message, isError) {
  var node = $("status");
  node.textContent = message;
  node.className = "status" + (isError ? " status-error" : "");
}

function button(label, onClick, options) {
  var b = el("button", (options && options.className) || "small", label);
  b.type = "button";
  if (options && options.aria) b.setAttribute("aria-label", options.aria);
  if (options && options.pressed !== undefined) b.setAttribute("aria-pressed", String(options.pressed));
  b.addEventListener("click", onClick);
  return b;
}

// Every console action goes through one acknowledged call; the reply (or
// the broadcast that follows it) updates the screen.
function act(name, payload, done) {
  live.call(name, payload, function (reply) {
    if (!reply.ok) { say(reply.error.message, true); return; }
    if (done) say(done);
  });
}

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

// Lookups

function stageName(key) { var s = lookup(room.workshop.stages, key); return s ? s.name : key; }
function focusQuestion() { return question(room, state.focus) || openQuestion(room) || room.questions[0] || null; }

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
}
window.setInterval(tick, 500);

// Panels are redrawn on every change, except one holding the facilitator's
// focus in a field (redrawn when they leave it), so typing is never lost.
var deferred = {};
function panel(id, draw) {
  var node = $(id);
  var active = document.activeElement;
  if (node.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
    deferred[id] = draw;
    return;
  }
  delete deferred[id];
  draw(node);
}
document.addEventListener("focusout", function () {
  window.setTimeout(function () {
    if (Object.keys(deferred).length) render();
  }, 0);
});

// Redraws are coalesced to one per frame and held while a pointer is
// pressed, so a button is never replaced between press and release (votes
// stream in several times a second during a question).
var scheduled = false, pressing = false;
function render() {
  if (scheduled) return;
  scheduled = true;
  window.requestAnimationFrame(function () {
    scheduled = false;
    if (pressing) { window.setTimeout(render, 50); return; }
    draw();
  });
}
document.addEventListener("pointerdown", function () { pressing = true; }, true);
["pointerup", "pointercancel"].forEach(function (name) {
  document.addEventListener(name, function () { window.setTimeout(function () { pressing = false; }, 0); }, true);
});

function draw() {
  if (!room.workshop) return;
  panel("agenda", drawAgenda);
  drawFocusSelect();
  panel("pending", function (n) { drawIdeas(n, "pending"); });
  panel("ideas", function (n) { drawIdeas(n, "shown"); });
  panel("hidden-ideas", function (n) { drawIdeas(n, "hidden"); });
  drawSettings();
  drawCoverage();
  drawResults();
  panel("carry", drawCarry);
  panel("outcomes", drawOutcomes);
  drawRoster();
  drawDoor(room, act);
  drawScribePlan();
  tick();
}

// Agenda

function drawAgenda(list) {
  list.textContent = "";
  room.questions.forEach(function (q, n) {
    var li = el("li", "agenda-item status-" + q.status);
    var head = el("p", "agenda-status",
      stageName(q.stage) + " · " + q.status + (q.framework_key ? "" : " · your own question") +
      (q.kind === "risk" ? " · risk rating" : ""));
    li.appendChild(head);
    if (state.editingQuestion === q.id) {
      li.appendChild(editQuestionForm(q));
    } else {
      li.appendChild(el("p", "agenda-text", q.text));
    }
    var row = el("div", "button-row");
    var opening = q.status !== "open";
    var label = opening ? (q.status === "closed" ? "Reopen" : "Open") : "Close";
    row.appendChild(button(label, function () {
      act(opening ? "open_question" : "close_question", { question_id: q.id },
        (opening ? "Opened: " : "Closed: ") + q.text);
    }, { aria: label + ": " + q.text, className: opening ? "small" : "small secondary" }));
    var prev = room.questions[n - 1], next = room.questions[n + 1];
    if (prev && prev.stage === q.stage) {
      row.appendChild(button("↑", function () { act("move_question", { question_id: q.id, offset: -1 }); },
        { aria: "Move up: " + q.text, className: "small secondary" }));
    }
    if (next && next.stage === q.stage) {
      row.appendChild(button("↓", function () { act("move_question", { question_id: q.id, offset: 1 }); },
        { aria: "Move down: " + q.text, className: "small secondary" }));
    }
    if (!q.framework_key && state.editingQuestion !== q.id) {
      row.appendChild(button("Edit", function () { state.editingQuestion = q.id; render(); },
        { aria: "Edit: " + q.text, className: "small secondary" }));
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
    live.call("edit_question", { question_id: q.id, text: text.value, easy_read: easy.value || null }, function (reply) {
      if (!reply.ok) { say(reply.error.message, true); return; }
      state.editingQuestion = null;
      say("Question saved.");
      render();
    });
  });
  return form;
}

function timerControls(q) {
  var box = el("div", "timer-controls");
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
  input.value = q.timer ? String(Math.round(q.timer.seconds / 60)) : "";
  input.placeholder = "min";
  var set = el("button", "small secondary", "Set");
  set.type = "submit";
  set.setAttribute("aria-label", "Set the timer for: " + q.text);
  form.appendChild(label); form.appendChild(input); form.appendChild(set);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var minutes = parseInt(input.value, 10);
    act("set_timer", { question_id: q.id, seconds: isNaN(minutes) ? -1 : minutes * 60 },
      minutes ? "Timer set to " + minutes + " minutes." : "Timer removed.");
  });
  box.appendChild(form);
  if (q.timer) {
    var running = q.timer.running;
    box.appendChild(button(running ? "Pause" : "Start", function () {
      act(running ? "pause_timer" : "start_timer", { question_id: q.id });
    }, { aria: (running ? "Pause" : "Start") + " the timer for: " + q.text, className: "small secondary" }));
    [1, 5].forEach(function (m) {
      box.appendChild(button("+" + m + " min", function () { act("add_time", { question_id: q.id, seconds: m * 60 }); },
        { aria: "Add " + m + " minute" + (m > 1 ? "s" : "") + " to: " + q.text, className: "small secondary" }));
    });
  }
  return box;
}

// Ideas and moderation

function drawFocusSelect() {
  var select = $("focus-question");
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

function drawIdeas(list, status) {
  var q = focusQuestion();
  list.textContent = "";
  if (!q) return;
  var ideas = allIdeas(room).filter(function (i) { return i.question_id === q.id && i.status === status; });
  if (status === "shown") ideas = ranked(room, ideas, "room");
  if (status === "pending") $("pending-heading").hidden = ideas.length === 0;
  if (status === "hidden") $("hidden-heading").hidden = ideas.length === 0;
  if (status === "shown" && !ideas.length) list.appendChild(el("li", "hint", "No ideas on this question yet."));
  ideas.forEach(function (idea) { list.appendChild(ideaItem(idea, q)); });
}

function ideaItem(idea, q) {
  var li = el("li", "mod-idea" + (idea.expert_by_experience ? " idea-ebe" : ""));
  li.dataset.ideaId = idea.id;
  if (state.editing === idea.id) {
    li.appendChild(editIdeaForm(idea));
  } else {
    li.appendChild(el("p", "idea-text", idea.text));
  }
  if (idea.original_text) li.appendChild(el("p", "hint", "Originally: " + idea.original_text));
  var roles = (idea.author_roles || [idea.author_role]).map(function (r) { return roleLabel(room, r); }).join(", ");
  var meta = (idea.expert_by_experience ? "★ " : "") + roles +
    (idea.entered_by === "scribe" ? " · typed in by the scribe" : "") +
    (idea.rating ? " · risk " + idea.rating : "");
  if (idea.status === "shown") meta += " · " + plural(votes(room, idea), " vote", " votes");
  li.appendChild(el("p", "idea-meta", meta));
  var tags = [];
  var p = lookup(room.workshop.priorities, idea.priority);
  var k = lookup(room.workshop.outcome_kinds, idea.outcome_kind);
  if (p) tags.push(p.name);
  if (k) tags.push(k.short || k.name);
  if (tags.length) li.appendChild(el("p", "idea-tags", tags.join(" · ")));
  var row = el("div", "button-row");
  var about = ": " + short(idea.text, 60);
  if (idea.status === "pending") {
    row.appendChild(button("Approve", function () { act("approve_idea", { idea_id: idea.id }, "Approved."); }, { aria: "Approve" + about }));
  }
  if (idea.status === "shown" || idea.status === "pending") {
    row.appendChild(button("Hide", function () { act("hide_idea", { idea_id: idea.id }, "Hidden. Any votes on it went back to the voters."); },
      { aria: "Hide" + about, className: "small secondary" }));
    if (state.editing !== idea.id) {
      row.appendChild(button("Edit", function () { state.editing = idea.id; render(); },
        { aria: "Edit" + about, className: "small secondary" }));
    }
  }
  if (idea.status === "hidden") {
    row.appendChild(button("Restore", function () { act("restore_idea", { idea_id: idea.id }, "Restored."); },
      { aria: "Restore" + about, className: "small secondary" }));
  }
  li.appendChild(row);
  if (idea.status === "shown" && q && q.stage === "plan" && q.kind !== "risk") row.appendChild(answerKindButtons(idea, about));
  if (idea.status === "shown") {
    var others = ideasOn(room, q).filter(function (o) { return o.id !== idea.id; });
    if (others.length) row.appendChild(mergeForm(idea, others));
    var merged = allIdeas(room).filter(function (m) { return m.merged_into === idea.id && m.status === "merged"; });
    if (merged.length) {
      var sub = el("ul", "merged-list");
      merged.forEach(function (m) {
        var item = el("li", null, "Merged in: " + m.text + " (" + roleLabel(room, m.author_role) + ") ");
        item.appendChild(button("Undo merge", function () { act("unmerge_idea", { idea_id: m.id }, "Merge undone."); },
          { aria: "Undo merge: " + short(m.text, 60), className: "small secondary" }));
        sub.appendChild(item);
      });
      li.appendChild(sub);
    }
  }
  return li;
}

function editIdeaForm(idea) {
  var form = el("form", "stack");
  var id = "edit-idea-" + idea.id;
  var label = el("label", null, "Fix the wording (the original is kept)");
  label.htmlFor = id;
  var text = el("textarea");
  text.id = id; text.rows = 2; text.maxLength = 500; text.value = idea.text;
  form.appendChild(label); form.appendChild(text);
  var tags = tagSelects(idea);
  tags.forEach(function (t) { form.appendChild(t.label); form.appendChild(t.select); });
  var row = el("div", "button-row");
  var save = el("button", "small", "Save");
  save.type = "submit";
  row.appendChild(save);
  row.appendChild(button("Cancel", function () { state.editing = null; render(); }, { className: "small secondary" }));
  form.appendChild(row);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var wanted = { idea_id: idea.id };
    tags.forEach(function (t) { wanted[t.field] = t.select.value || null; });
    var retag = tags.some(function (t) { return (idea[t.field] || "") !== t.select.value; });
    var saved = function (reply, message) {
      if (!reply.ok) { say(reply.error.message, true); return false; }
      state.editing = null;
      upsert(room, reply.idea);
      say(message);
      render();
      return true;
    };
    var saveTags = function () {
      if (retag) live.call("tag_idea", wanted, function (reply) { saved(reply, "Tags saved."); });
    };
    if (text.value.trim() === idea.text) { if (retag) saveTags(); else { state.editing = null; render(); } return; }
    live.call("edit_idea", { idea_id: idea.id, text: text.value }, function (reply) {
      if (saved(reply, "Saved. The original wording is kept.")) saveTags();
    });
  });
  window.setTimeout(function () { text.focus(); }, 0);
  return form;
}

// The Social Value tags; strategic outcomes and Care Act themes are usually the facilitator's.
function tagSelects(idea) {
  var lists = [
    ["priority", "Priority", room.workshop.priorities, "name"],
    ["outcome_kind", "Kind of outcome", room.workshop.outcome_kinds, "short"],
    ["strategic_outcome", "Strategic outcome", room.workshop.strategic_outcomes || [], "name"],
    ["care_act_theme", "Care Act theme", room.workshop.care_act_themes || [], "name"],
  ];
  return lists.filter(function (l) { return l[2].length; }).map(function (l) {
    var id = "tag-" + l[0] + "-" + idea.id;
    var label = el("label", null, l[1]);
    label.htmlFor = id;
    var select = el("select");
    select.id = id;
    select.appendChild(el("option", null, "None")).value = "";
    l[2].forEach(function (item) {
      var option = el("option", null, short(item[l[3]] || item.name, 70));
      option.value = item.key;
      select.appendChild(option);
    });
    select.value = idea[l[0]] || "";
    return { field: l[0], label: label, select: select };
  });
}

// The framework's two ways of asking bidders; the report marks each Plan answer with one.
function answerKindButtons(idea, about) {
  var group = el("span", "answer-kinds");
  (room.workshop.answer_kinds || []).forEach(function (kind) {
    var on = idea.answer_kind === kind.key;
    var b = button(kind.name, function () {
      act("mark_answer", { idea_id: idea.id, answer_kind: on ? null : kind.key }, on ? "Mark cleared." : "Marked: " + kind.name + ".");
    }, { aria: kind.name + about, className: "small secondary" });
    b.setAttribute("aria-pressed", on ? "true" : "false");
    group.appendChild(b);
  });
  return group;
}

function mergeForm(idea, others) {
  var form = el("form", "inline-form merge-form");
  var id = "merge-" + idea.id;
  var label = el("label", "visually-hidden", "Merge “" + short(idea.text, 40) + "” into");
  label.htmlFor = id;
  var select = el("select");
  select.id = id;
  select.appendChild(el("option", null, "Merge into…")).value = "";
  others.forEach(function (o) {
    var option = el("option", null, short(o.text, 50));
    option.value = String(o.id);
    select.appendChild(option);
  });
  var go = el("button", "small secondary", "Merge");
  go.type = "submit";
  go.setAttribute("aria-label", "Merge: " + short(idea.text, 60));
  form.appendChild(label); form.appendChild(select); form.appendChild(go);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!select.value) { say("Choose the idea to merge it into.", true); return; }
    select.blur();
    act("merge_ideas", { idea_id: idea.id, into: parseInt(select.value, 10) },
      "Merged. Every vote and author now counts for the idea it joined; you can undo it.");
  });
  return form;
}

// Settings and the board

function drawSettings() {
  var s = room.settings;
  $("approve-toggle").checked = !!s.approve_ideas;
  if (document.activeElement !== $("extra-time")) $("extra-time").value = s.extra_time_percent || 0;
  $("results-toggle").textContent = s.results_hidden ? "Reveal the results" : "Hide the results";
  $("results-toggle").className = s.results_hidden ? "" : "secondary";
  drawChoices($("board-views"), VIEWS, s.board_view || "ideas", function (key) {
    act("set_board_view", { view: key }, "The board now shows: " + key + ".");
  });
  drawChoices($("board-ranks"), RANKS, s.board_rank || "room", function (key) {
    act("set_board_view", { rank: key }, key === "experts" ? "Ranking by experts by experience." : "Ranking by the whole room.");
  });
}

function drawChoices(box, choices, current, onPick) {
  box.textContent = "";
  choices.forEach(function (c) {
    box.appendChild(button(c[1], function () { onPick(c[0]); },
      { pressed: c[0] === current, className: "small" + (c[0] === current ? "" : " secondary") }));
  });
}

// Coverage: which priorities and kinds of outcome have no ideas yet.
function drawCoverage() {
  var q = focusQuestion();
  var box = $("coverage");
  box.textContent = "";
  if (!q) return;
  var shown = ideasOn(room, q);
  var everywhere = allIdeas(room).filter(function (i) { return i.status === "shown"; });
  $("coverage-scope").textContent = "Ideas on this question, and across the whole workshop.";
  [["priorities", "priority", "Social Value priority", "name"], ["outcome_kinds", "outcome_kind", "Kind of outcome", "short"]]
    .forEach(function (spec) {
      var table = el("table", "coverage");
      var caption = el("caption", null, spec[2]);
      table.appendChild(caption);
      var head = el("tr");
      ["", "This question", "Workshop"].forEach(function (h) { var th = el("th", null, h); th.scope = "col"; head.appendChild(th); });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      room.workshop[spec[0]].forEach(function (item) {
        var here = shown.filter(function (i) { return i[spec[1]] === item.key; }).length;
        var all = everywhere.filter(function (i) { return i[spec[1]] === item.key; }).length;
        var tr = el("tr", here ? "" : "gap");
        var th = el("th", null, item[spec[3]] || item.name); th.scope = "row";
        tr.appendChild(th);
        tr.appendChild(el("td", null, here ? String(here) : "none yet"));
        tr.appendChild(el("td", null, String(all)));
        body.appendChild(tr);
      });
      table.appendChild(body);
      box.appendChild(table);
    });
}

// Results by role for the focused question, ranked as the board ranks.
function drawResults() {
  var q = focusQuestion();
  var box = $("results");
  box.textContent = "";
  if (!q) return;
  var rank = room.settings.board_rank || "room";
  var ideas = ranked(room, ideasOn(room, q), rank).slice(0, 10);
  if (!ideas.length) { box.appendChild(el("p", "hint", "No ideas on this question yet.")); return; }
  var roles = room.workshop.roles;
  var table = el("table", "results-table");
  table.appendChild(el("caption", null, rank === "experts" ? "Top ideas as experts by experience ranked them" : "Top ideas as the whole room ranked them"));
  var head = el("tr");
  ["#", "Idea", "All", "★ Experts", "Votes by role"].forEach(function (h) {
    var th = el("th", null, h); th.scope = "col"; head.appendChild(th);
  });
  var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
  var body = el("tbody");
  ideas.forEach(function (idea, n) {
    var tr = el("tr", idea.expert_by_experience ? "idea-ebe" : "");
    tr.appendChild(el("td", null, String(n + 1)));
    var th = el("th", null, short(idea.text, 90)); th.scope = "row";
    tr.appendChild(th);
    tr.appendChild(el("td", null, String(votes(room, idea))));
    tr.appendChild(el("td", null, String(expertVotes(room, idea))));
    var byRole = tallyOf(room, idea).by_role || {};
    tr.appendChild(el("td", "by-role", roles.filter(function (r) { return byRole[r.key]; })
      .map(function (r) { return r.label + " " + byRole[r.key]; }).join(", ")));
    body.appendChild(tr);
  });
  table.appendChild(body);
  box.appendChild(table);
}

// Carry forward: Analyse ideas, the room's top three per question ticked.
function drawCarry(box) {
  box.textContent = "";
  var analyse = room.questions.filter(function (q) { return q.stage === "analyse"; });
  var carried = {};
  room.outcomes.forEach(function (o) { carried[o.source_idea_id] = true; });
  if (!state.carryTouched) {  // follow the votes until the facilitator ticks a box
    state.carry = {};
    analyse.forEach(function (q) {
      ranked(room, ideasOn(room, q), "room").slice(0, 3).forEach(function (i) {
        if (votes(room, i) > 0 && !carried[i.id]) state.carry[i.id] = true;
      });
    });
  }
  var form = el("form", "carry-form");
  var any = false;
  analyse.forEach(function (q) {
    var ideas = ranked(room, ideasOn(room, q), "room").filter(function (i) { return !carried[i.id]; });
    if (!ideas.length) return;
    any = true;
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", null, short(q.text, 90)));
    ideas.forEach(function (idea) {
      var row = el("div", "choice");
      var box2 = el("input");
      box2.type = "checkbox"; box2.id = "carry-" + idea.id; box2.checked = !!state.carry[idea.id];
      box2.addEventListener("change", function () { state.carryTouched = true; state.carry[idea.id] = box2.checked; });
      var label = el("label", null, idea.text + " (" + plural(votes(room, idea), " vote)", " votes)"));
      label.htmlFor = box2.id;
      row.appendChild(box2); row.appendChild(label);
      fieldset.appendChild(row);
    });
    form.appendChild(fieldset);
  });
  if (!any) { box.appendChild(el("p", "hint", "No Analyse ideas left to carry forward.")); return; }
  var go = el("button", null, "Carry the ticked ideas into the Plan stage");
  go.type = "submit";
  form.appendChild(go);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var ids = Object.keys(state.carry).filter(function (k) { return state.carry[k] && room.ideas[k] && !carried[k]; })
      .map(Number).sort(function (a, b) { return votes(room, room.ideas[b]) - votes(room, room.ideas[a]); });
    if (!ids.length) { say("Tick at least one idea to carry forward.", true); return; }
    live.call("carry_forward", { idea_ids: ids }, function (reply) {
      if (!reply.ok) { say(reply.error.message, true); return; }
      room.outcomes = reply.outcomes;
      state.carryTouched = false;
      say(plural(ids.length, " idea is", " ideas are") + " now provisional outcomes for the Plan stage.");
      render();
    });
  });
  box.appendChild(form);
}

function drawOutcomes(list) {
  list.textContent = "";
  if (!room.outcomes.length) { list.appendChild(el("li", "hint", "None yet.")); return; }
  room.outcomes.forEach(function (o) {
    var li = el("li");
    var form = el("form", "inline-form");
    var id = "outcome-" + o.id;
    var label = el("label", "visually-hidden", "Wording of outcome " + o.position);
    label.htmlFor = id;
    var input = el("input");
    input.id = id; input.value = o.text; input.maxLength = 500;
    var save = el("button", "small secondary", "Save");
    save.type = "submit";
    save.setAttribute("aria-label", "Save the wording of outcome " + o.position);
    form.appendChild(label); form.appendChild(input); form.appendChild(save);
    form.appendChild(button("Remove", function () { act("remove_outcome", { outcome_id: o.id }, "Outcome removed."); },
      { aria: "Remove outcome: " + short(o.text, 60), className: "small secondary" }));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      input.blur();
      act("edit_outcome", { outcome_id: o.id, text: input.value }, "Outcome reworded.");
    });
    li.appendChild(form);
    list.appendChild(li);
  });
}

function drawRoster() {
  var roster = $("roster");
  roster.textContent = "";
  room.roster.forEach(function (row) {
    var tr = el("tr");
    var th = el("th", null, row.label); th.scope = "row";
    tr.appendChild(th);
    tr.appendChild(el("td", null, String(row.count)));
    roster.appendChild(tr);
  });
}

// Scribe

function fill(select, items, label) {
  items.forEach(function (item) {
    var option = el("option", null, item[label] || item.name || item.label);
    option.value = item.key;
    select.appendChild(option);
  });
}

function drawScribePlan() {
  var q = focusQuestion();
  var plan = q && q.stage === "plan" && room.outcomes.length;
  $("scribe-plan").hidden = !plan;
  $("scribe-rating-box").hidden = !(q && q.kind === "risk");
  var select = $("scribe-outcome");
  if (document.activeElement === select) return;
  var chosen = select.value;
  select.textContent = "";
  select.appendChild(el("option", null, "None")).value = "";
  room.outcomes.forEach(function (o) { var opt = el("option", null, short(o.text, 60)); opt.value = String(o.id); select.appendChild(opt); });
  select.value = chosen;
}

function setupForms() {
  fill($("scribe-role"), room.workshop.roles, "label");
  fill($("scribe-priority"), room.workshop.priorities, "name");
  fill($("scribe-kind"), room.workshop.outcome_kinds, "short");
  fill($("new-question-stage"), room.workshop.stages, "name");
  $("scribe-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = focusQuestion();
    var send = $("scribe-send");
    send.disabled = true;
    live.call("scribe_idea", {
      question_id: q && q.id, text: $("scribe-text").value, role: $("scribe-role").value,
      priority: $("scribe-priority").value || null, outcome_kind: $("scribe-kind").value || null,
      outcome_id: $("scribe-outcome").value ? Number($("scribe-outcome").value) : null,
      rating: $("scribe-rating").value || null, client_id: uid(),
      card_number: $("scribe-card").value.trim() || null,
    }, function (reply) {
      send.disabled = false;
      if (!reply.ok) { say(reply.error.message, true); return; }
      $("scribe-text").value = "";
      $("scribe-card").value = "";
      upsert(room, reply.idea);
      say("Added: " + short(reply.idea.text, 60));
      render();
    });
  });
  $("add-question-form").addEventListener("submit", function (e) {
    e.preventDefault();
    live.call("add_question", {
      stage: $("new-question-stage").value, text: $("new-question-text").value,
      easy_read: $("new-question-easy").value || null, kind: $("new-question-risk").checked ? "risk" : "ideas",
    }, function (reply) {
      if (!reply.ok) { say(reply.error.message, true); return; }
      $("new-question-text").value = "";
      $("new-question-easy").value = "";
      say("Question added to the " + stageName(reply.question.stage) + " stage.");
    });
  });
  $("focus-question").addEventListener("change", function () {
    state.focus = Number($("focus-question").value);
    $("focus-question").blur();
    render();
  });
  $("approve-toggle").addEventListener("change", function () {
    var on = $("approve-toggle").checked;
    act("set_approval", { on: on }, on ? "New ideas now wait for your approval." : "New ideas now show straight away.");
  });
  $("extra-time-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var value = parseInt($("extra-time").value, 10);
    $("extra-time").blur();
    act("set_extra_time", { percent: isNaN(value) ? -1 : value }, "Every timer now has " + value + "% extra time.");
  });
  $("results-toggle").addEventListener("click", function () {
    var hide = !room.settings.results_hidden;
    act(hide ? "hide_results" : "reveal_results", {},
      hide ? "Results hidden from the board and phones." : "Results revealed.");
  });
}

// Live state: the shared reducer (lib/room.js) applies every message; the
// console adds its own focus and carry-forward ticks.

var formsReady = false;
function connect() {
  live = new Live({
    code: code, view: "console", room: room,
    handlers: {
      connection: function (online) { $("connection").textContent = online ? "Live" : "Reconnecting…"; },
      refused: function (error) { say(error.message, true); },
      snapshot: function (snap) {
        if (!formsReady) { formsReady = true; setupForms(); }
        doorSnapshot(snap);
        render();
      },
      event: function (e) {
        doorEvent(e);
        if (e.type === "question_opened") state.focus = e.data.question_id;
        if (e.type === "outcomes_changed") state.carryTouched = false;
        render();
      },
      tallies: render,
    },
  });
}

start();
