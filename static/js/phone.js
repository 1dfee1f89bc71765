/* The attendee's phone: the open question, ideas, dots and stories.
 *
 * Everything sent goes through the shared outbox (lib/live.js), so it survives
 * a dropped connection and a reload; replies are handled in one place
 * (onReply) for the same reason. Every acknowledgement and refusal appears
 * next to the control that caused it and in the polite live region. User
 * text is only ever set with textContent. No library beyond lib/: old
 * Android phones must load this quickly.
 *
 * drafts.js keeps each question's words with that question; phone-list.js
 * draws a list that holds still; words.js has every sentence in standard and
 * easy read; plan.js adds the Plan stage's fields.
 */
import { $, el } from "./lib/dom.js";
import { Live, uid } from "./lib/live.js";
import { timeLeft } from "./lib/count.js";
import { createRoom, lookup, openQuestion, stageOf } from "./lib/room.js";
import { drawPhoneKind, drawPlanFields, kindsReply, planFields, planProblem } from "./plan.js";
import { drawSupporterValue, supporterValue } from "./supporter-value.js";
import { bindDrafts, draftSent, initDrafts, keepRefused, restoreDraft } from "./drafts.js";
import { addPending, initList, markAllSeen, markMine, renderList, voteFeedback } from "./phone-list.js";
import { noteLoaded, noteQueued, sentFromHere } from "./phone-own.js";
import { initThemes, notMeantReply, themesFromSnapshot, themesOnEvent } from "./phone-themes.js";
import { initFocus, keepFocus, keptAtEnd, onScreen, shownQuestion, votesAtEnd } from "./phone-focus.js";
import { dots, easyRead, errorText, w } from "./words.js";
import { checkText, showFieldError, watchField } from "./field-errors.js";
import { drawEnded, endedRefusal, endedVote, initEnded, keepStory, showConnection } from "./phone-ended.js";
import { drawOutbox } from "./phone-outbox.js";
import { late, sending, showNext, step } from "./phone-steps.js";

var code = document.body.dataset.code;
var imgBase = document.body.dataset.img;
var supporterRole = document.body.dataset.supporter || null;  // their own role, if entering someone they help
var IDEA_MAX = 500;
var STORY_MAX = 3000;
var storyKey = "workshop:" + code + ":story-draft";
var room = createRoom("phone");
var me = { role: null };
var myVotes = [];      // this phone's votes, pending ones included
var takingBack = {};   // client id -> vote being taken back, to restore if refused
var justSent = { idea: false, story: false };
var firstSnapshot = true;
var speech = window.WorkshopEasyRead;

/* Say it in the polite live region (for screen readers); the visible words
 * go next to the control, by the caller. */
function say(message) {
  var node = $("status");
  node.textContent = "";
  // Clearing first, then setting, makes screen readers announce a repeat.
  window.setTimeout(function () { node.textContent = message; }, 50);
}

/* Visible feedback next to a control, and the same words announced; scrolled
 * to unless `stay` (an answer come late: the person is elsewhere by then). */
function feedback(id, message, isError, stay) {
  var node = $(id);
  node.textContent = message;
  node.className = "feedback" + (isError ? " feedback-error" : "");
  if (message && !stay && node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
  say(message);
}

function myVoteFor(ideaId) {
  // A vote on an idea since merged into this one counts for this one (counts_for).
  for (var i = 0; i < myVotes.length; i++) {
    var v = myVotes[i];
    if (v.idea_id === ideaId || v.counts_for === ideaId) return v;
  }
  return null;
}

function picture(kind, item, size) {
  var img = el("img", { src: imgBase + kind + "-" + item.key + ".svg", alt: item.short || item.name || item.label,
    width: String(size), height: String(size), class: "picture" });
  // Another council's framework may have tags or roles we have no picture for.
  img.addEventListener("error", function () { img.remove(); });
  return img;
}

// Rendering

function render() { keepFocus(draw); }  // phone-focus.js: the room moves, the focus stays

function draw() {
  drawOutbox(live, room);
  if (!room.workshop) return;
  var ended = drawEnded();  // phone-ended.js: no role change, no writing, a calm line
  var q = shownQuestion(room);  // the open question, or the one still being answered
  bindDrafts(q);
  keepStory();
  renderMe();
  $("waiting").hidden = !!q || ended;
  $("question-area").hidden = !q;
  document.body.classList.toggle("question-open", !!q);
  if (!q) { $("show-new").hidden = true; return; }
  var stage = stageOf(room, q);
  $("question-stage").textContent = stage ? w("stage", { text: easyRead() ? stage.easy_read : stage.name }) : "";
  $("question-text").textContent = easyRead() ? q.easy_read : q.text;
  $("closing-soon").hidden = $("closing-near-send").hidden = !q.closing_soon;
  $("closing-text").textContent = w("closing_soon");
  $("closing-near-send").textContent = w("closing_near_send");
  renderTimer(q);
  if (drawPhoneKind(q, room, live, say)) return;  // a ranking draws its own answer (kinds/)
  var left = dotsLeft(q);
  renderDots(left);
  renderList(q, left);
}

function dotsLeft(q) {
  var mine = myVotes.filter(function (v) { return v.question_id === q.id; }).length;
  return room.workshop.vote_budget - mine;
}

function renderDots(left) {
  var budget = room.workshop.vote_budget;
  var node = $("dots-left");
  node.textContent = "";
  var visual = el("span", "dot-row");
  visual.setAttribute("aria-hidden", "true");
  for (var i = 0; i < budget; i++) visual.appendChild(el("span", i < left ? "dot" : "dot dot-used"));
  node.appendChild(visual);
  node.appendChild(el("span", "dot-text", easyRead() ? w("dots_left", { n: dots(left) })
    : w("dots_left", { n: left, total: budget })));
}

// The time left, if the facilitator shows it on phones: whole minutes, no
// ticking seconds, never red; it is not a live region, so it never
// interrupts anyone.
function renderTimer(q) {
  var node = $("time-left");
  var left = room.settings.phone_timer ? timeLeft(room, q) : null;
  // A paused clock says nothing: there is nothing to keep an eye on.
  if (left && !left.running && !left.up) left = null;
  node.hidden = !left;
  if (!left) return;
  var parts = left.clock.split(":");
  var secs = Number(parts[0]) * 60 + Number(parts[1]);
  var minutes = Math.round(secs / 60);
  var text = left.up ? w("time_up")
    : secs < 60 ? w("under_one")
    : minutes === 1 ? w("about_one") : w("about_minutes", { n: minutes });
  if ($("time-text").textContent !== text) $("time-text").textContent = text;
}

function roleName(key) {
  var role = room.workshop && lookup(room.workshop.roles, key);
  if (!role) return key || "";
  if (easyRead()) return role.easy_read || role.label;
  return role.label.charAt(0).toLowerCase() + role.label.slice(1);
}

function renderMe() {
  $("you").hidden = !me.role;
  if (!me.role) return;
  $("you-text").textContent = w(helping() ? "helping_as" : "joined_as", { role: roleName(me.role) });
  var pic = $("you-picture");
  pic.textContent = "";
  var role = lookup(room.workshop.roles, me.role);
  if (role) {
    var img = picture("role", role, 40);
    img.alt = "";
    img.classList.add("for-easy-read");
    pic.appendChild(img);
  }
}

// Choices built from the workshop's framework

function fillTagChoices(container, name, items, kind) {
  container.textContent = "";
  [{ key: "", name: "None", short: "None", easy_read: "No picture" }].concat(items)
    .forEach(function (item) {
      var row = el("div", "choice tag-option");
      var input = el("input", { type: "radio", name: name, value: item.key, id: name + "-" + (item.key || "none") });
      input.checked = item.key === "";
      var label = el("label", { for: input.id });
      if (item.key) {
        var img = picture(kind, item, 48);
        img.classList.add("for-easy-read");
        label.appendChild(img);
        label.appendChild(document.createTextNode(" "));  // keeps the spoken name apart
      }
      label.appendChild(el("span", "for-standard", item.short || item.name));
      label.appendChild(el("span", "for-easy-read", item.easy_read || item.short || item.name));
      row.appendChild(input);
      row.appendChild(label);
      container.appendChild(row);
    });
}

function chosen(name) {
  var input = document.querySelector("input[name='" + name + "']:checked");
  return input ? input.value || null : null;
}

// A supporter who joined for the person they help (their role above, the
// supporter's own below): this phone speaks for that person.
function helping() { return !!supporterRole && me.role !== supporterRole; }

// "Whose idea is this?" is chosen for each idea and goes back to the phone's own
// person after sending. Entering for someone, the supporter's own answer is a
// choice of its own ("Me", their role): it must never carry the star by accident.
function fillAuthorChoices() {
  ["idea-for", "story-for"].forEach(function (id) {
    var select = $(id);
    var value = select.value;
    select.textContent = "";
    select.appendChild(el("option", { value: "" }, w(helping() ? "me_helped" : "me")));
    if (helping()) select.appendChild(el("option", { value: supporterRole }, w("me_own", { role: roleName(supporterRole) })));
    room.workshop.roles.forEach(function (role) {
      var name = easyRead() ? role.easy_read_author || role.label : role.label;
      select.appendChild(el("option", { value: role.key }, w("for_someone", { role: name })));
    });
    select.value = value;
  });
}

function fillRoleChoices() {
  var box = $("role-choices");
  box.textContent = "";
  room.workshop.roles.forEach(function (role) {
    var row = el("div", "choice");
    var input = el("input", { type: "radio", name: "new_role", value: role.key, id: "new-role-" + role.key });
    var label = el("label", { for: input.id });
    var img = picture("role", role, 48);
    img.alt = "";
    img.classList.add("for-easy-read");
    label.appendChild(img);
    label.appendChild(el("span", "for-standard", role.label));
    label.appendChild(el("span", "for-easy-read", role.easy_read || role.label));
    row.appendChild(input);
    row.appendChild(label);
    box.appendChild(row);
  });
}

// Sending

function onVoteButton(ideaId) {
  var idea = room.ideas[ideaId];
  var q = openQuestion(room);
  if (!idea || !q) return;
  var vote = myVoteFor(ideaId);
  if (vote) return withdraw(vote, ideaId);
  if (dotsLeft(q) <= 0) {
    voteFeedback(ideaId, w("no_dots"), true);
    say(w("no_dots"));
    return;
  }
  var clientId = uid();
  myVotes.push({ idea_id: idea.id, question_id: idea.question_id, client_id: clientId, pending: true });
  live.send("cast_vote", { idea_id: idea.id, client_id: clientId });
  render();
  if (!live.online) { voteFeedback(ideaId, w("vote_offline")); say(w("vote_offline")); }
}

function withdraw(vote, shownId) {
  myVotes = myVotes.filter(function (v) { return v.client_id !== vote.client_id; });
  takingBack[vote.client_id] = Object.assign({ shown_id: shownId }, vote);
  live.send("withdraw_vote", { client_id: vote.client_id });
  render();
  if (!live.online) { voteFeedback(shownId, w("unvote_offline")); say(w("unvote_offline")); }
}

function onIdeaSubmit(event) {
  event.preventDefault();
  var q = onScreen(room);  // words go to the question they were written for
  var textarea = $("idea-text");
  var text = textarea.value.trim();
  if (!text && justSent.idea) return;  // a second tap on Send: already on its way
  var problem = q ? checkText("idea", text, IDEA_MAX) : w("no_question");
  if (problem) {
    showFieldError("idea", problem);
    feedback("idea-feedback", problem, true);
    textarea.focus();
    return;
  }
  var planIssue = planProblem(room, q.id);
  if (planIssue) {
    feedback("idea-feedback", w(planIssue), true);
    $("plan-outcome").focus();
    return;
  }
  showFieldError("idea", "");
  noteQueued(room, live.send("submit_idea", Object.assign({
    question_id: q.id, text: text, priority: chosen("priority"), outcome_kind: chosen("outcome"),
    on_behalf_of: $("idea-for").value || null,
  }, planFields(room, q.id), supporterValue())));
  justSent.idea = true;
  sending();
  textarea.value = "";
  draftSent();
  $("idea-for").value = "";
  drawSupporterValue(room);
  ["priority-none", "outcome-none"].forEach(function (id) { if ($(id)) $(id).checked = true; });
  updateCount("idea", IDEA_MAX);
  drawOutbox(live, room);
  if (!live.online) { feedback("idea-feedback", w("idea_offline")); showNext(typing); }
}

function typing() { return !justSent.idea; }  // the next idea begun since Send

function onStorySubmit(event) {
  event.preventDefault();
  var textarea = $("story-text");
  var text = textarea.value.trim();
  if (!text && justSent.story) return;
  var problem = checkText("story", text, STORY_MAX);
  var quote = document.querySelector("input[name='may_quote']:checked");
  if (!problem && !quote) problem = w("quote_needed");
  if (problem) {
    showFieldError("story", problem);
    feedback("story-feedback", problem, true);
    (quote || !text ? textarea : $("quote-yes")).focus();
    return;
  }
  showFieldError("story", "");
  var q = openQuestion(room);
  live.send("submit_story", {
    text: text, may_quote: quote.value === "yes", question_id: q ? q.id : null,
    on_behalf_of: $("story-for").value || null,
  });
  justSent.story = true;
  textarea.value = "";
  quote.checked = false;
  $("story-for").value = "";
  window.localStorage.removeItem(storyKey);
  updateCount("story", STORY_MAX);
  drawOutbox(live, room);
  if (!live.online) feedback("story-feedback", w("story_offline"));
}

function openStory(text) {
  var area = $("story-area");
  area.open = true;
  var box = $("story-text");
  box.value = box.value.trim() ? box.value + "\n\n" + text : text;
  storeStory();
  feedback("story-feedback", w("story_moved"));
  $("quote-yes").focus();
}

function storeStory() {
  try { window.localStorage.setItem(storyKey, JSON.stringify($("story-text").value)); } catch (e) { /* private mode */ }
  updateCount("story", STORY_MAX);
}

function onReply(reply, item) {
  var payload = item.payload;
  if (kindsReply(reply, item)) return render();  // a kind's own (a dot on a theme), sent before a reload
  // Sent after End (from the outbox): refused, so kept on this phone and said.
  if (/^submit_(idea|story)$/.test(item.event) && endedRefusal(reply, payload, keptAtEnd)) return render();
  if (item.event === "submit_idea") {
    if (reply.ok && reply.awaiting_approval) {
      addPending(reply.idea);
      feedback("idea-feedback", w("idea_waiting"), false, late());
      showNext(typing);
    } else if (reply.ok) {
      markMine(reply.idea);
      room.ideas[reply.idea.id] = Object.assign({ merged_into: null }, room.ideas[reply.idea.id], reply.idea);
      feedback("idea-feedback", w("idea_sent"), false, late());
      showNext(typing);
    } else if (reply.error.code === "question_closed") {
      keepRefused(payload.question_id, payload.text);
      feedback("idea-feedback", errorText(reply.error), true);
    } else {
      restoreDraft(payload.text);
      showFieldError("idea", errorText(reply.error));
      feedback("idea-feedback", errorText(reply.error) + " " + w("idea_back"), true);
    }
  } else if (item.event === "submit_story") {
    if (reply.ok) feedback("story-feedback", w("story_sent"));
    else {
      var box = $("story-text");
      box.value = box.value.trim() ? box.value + "\n\n" + payload.text : payload.text;
      storeStory();
      showFieldError("story", errorText(reply.error));
      feedback("story-feedback", errorText(reply.error), true);
    }
  } else if (item.event === "cast_vote") {
    var voted = myVotes.filter(function (v) { return v.client_id === payload.client_id; })[0];
    var shown = voted ? voted.counts_for || voted.idea_id : payload.idea_id;
    if (reply.ok) {
      if (voted) voted.pending = false;
      voteFeedback(shown, w("vote_counted", { n: dots(reply.votes_left) }));
      say(w("vote_counted", { n: dots(reply.votes_left) }));
    } else {
      myVotes = myVotes.filter(function (v) { return v.client_id !== payload.client_id; });
      voteFeedback(shown, errorText(reply.error), true);
      if (!endedVote(reply)) say(errorText(reply.error));  // refused at End: said with the end, once
    }
  } else if (item.event === "withdraw_vote") {
    var vote = takingBack[payload.client_id];
    delete takingBack[payload.client_id];
    var at = vote ? vote.shown_id : null;
    if (reply.ok) {
      voteFeedback(at, w("vote_back", { n: dots(reply.votes_left) }));
      say(w("vote_back", { n: dots(reply.votes_left) }));
    } else {
      if (vote && reply.error.code !== "not_found") myVotes.push(vote);  // it still counts
      voteFeedback(at, errorText(reply.error), true);
      if (!endedVote(reply, true)) say(errorText(reply.error));  // refused at End: said with the end, once
    }
  } else if (item.event === "change_role") {
    onRoleReply(reply);
  } else if (item.event === "not_what_i_meant") {
    notMeantReply(reply, payload);
  }
  render();
}

// Who you are: "You joined as: family carer. Change"

function onRoleSave(event) {
  event.preventDefault();
  var picked = document.querySelector("input[name='new_role']:checked");
  if (!picked) { feedback("role-feedback", w("role_pick"), true); return; }
  if (picked.value === me.role) { feedback("role-feedback", w("role_same"), true); return; }
  live.send("change_role", { role: picked.value }, function (reply) { onRoleReply(reply); render(); });
}

function onRoleReply(reply) {
  if (!reply.ok) { feedback("role-feedback", errorText(reply.error), true); return; }
  me.role = reply.me.role;
  showRoleForm(false);
  renderMe();
  feedback("role-feedback", w("role_saved", { role: roleName(me.role) }));
}

function showRoleForm(open) {
  $("role-form").hidden = !open;
  $("role-change").setAttribute("aria-expanded", String(open));
  if (open) {
    var current = $("new-role-" + me.role);
    if (current) current.checked = true;
    (current || $("role-choices").querySelector("input")).focus();
  } else if (document.activeElement === document.body || $("role-form").contains(document.activeElement)) {
    $("role-change").focus();
  }
}

function inOutbox(idea) { return sentFromHere(live, idea); }  // phone-own.js: never another's same words

// Votes still in the outbox are not on the server yet: keep showing them.
function mergePending(serverVotes) {
  var votes = serverVotes.slice();
  live.pending().forEach(function (item) {
    if (item.event === "cast_vote") {
      var idea = room.ideas[item.payload.idea_id];
      var known = votes.some(function (v) { return v.client_id === item.payload.client_id; });
      if (idea && idea.status === "shown" && !known) votes.push({ idea_id: idea.id, question_id: idea.question_id, client_id: item.payload.client_id, pending: true });
    } else if (item.event === "withdraw_vote") {
      votes = votes.filter(function (v) {
        if (v.client_id !== item.payload.client_id) return true;
        // After a reload too, a refusal puts it back (onReply's withdraw_vote).
        if (!takingBack[v.client_id]) takingBack[v.client_id] = Object.assign({ shown_id: v.counts_for || v.idea_id }, v);
        return false;
      });
    }
  });
  return votes;
}

// What the phone adds to the shared reducer (lib/room.js) for its own votes:
// a hidden idea gave its dots back; a merged idea's dots count for the one it
// joined (issue 6). Then it announces a new question or a closing one.
function onEvent(e) {
  var d = e.data || {};
  themesOnEvent(e);
  if (e.type === "idea_hidden") {
    myVotes = myVotes.filter(function (v) { return (v.counts_for || v.idea_id) !== d.idea_id; });
  } else if (e.type === "ideas_merged") {
    myVotes.forEach(function (v) { if ((v.counts_for || v.idea_id) === d.idea_id) v.counts_for = d.into; });
  } else if (e.type === "idea_unmerged") {
    if (d.idea) myVotes.forEach(function (v) { if (v.idea_id === d.idea.id) v.counts_for = d.idea.id; });
  } else if (e.type === "results_revealed" && !d.tallies) {
    fetchTallies();
  } else if (e.type === "closing_soon") {
    say(w("closing_soon"));
  }
  drawPlanFields(room);
  render();
}

// Revealed results without counts in the event: read them once from the snapshot.
function fetchTallies() {
  window.fetch("/api/w/" + encodeURIComponent(code) + "/snapshot", { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (snap) {
      if (!snap) return;
      room.settings.results_hidden = snap.results_hidden === true;
      room.tallies = snap.tallies || {};
      render();
    })
    .catch(function () { /* offline: the next snapshot or tallies push brings them */ });
}

var tagsFilled = false;
var live = new Live({
  code: code, view: "phone", room: room,
  handlers: {
    connection: showConnection,
    refused: function (error) {
      if (error.code === "not_joined") window.location.href = "/j/" + code;
      else if (error.code === "waiting") window.location.href = "/w/" + code;  // the door's waiting page
      else say(errorText(error));
    },
    snapshot: function (snap) {
      myVotes = mergePending(snap.me ? snap.me.votes : []);
      if (snap.me) me.role = snap.me.role;
      if (firstSnapshot) { firstSnapshot = false; markAllSeen(); noteLoaded(room); }
      themesFromSnapshot(snap);
      if (!tagsFilled) {
        tagsFilled = true;
        fillTagChoices($("idea-priority"), "priority", snap.workshop.priorities, "priority");
        fillTagChoices($("idea-kind"), "outcome", snap.workshop.outcome_kinds, "outcome");
        fillRoleChoices();
      }
      fillAuthorChoices();
      drawPlanFields(room);
      drawSupporterValue(room);
      render();
    },
    held: function (error) { say(w("held", { why: errorText(error) })); render(); },
    event: onEvent,
    tallies: render,
    me: function (mine) { myVotes = mergePending(mine.votes); if (mine.role) me.role = mine.role; render(); },
    reply: onReply,
  },
});

function updateCount(kind, max) {
  var length = $(kind + "-text").value.trim().length;
  var count = $(kind + "-count");
  count.textContent = length > max ? w("chars_over", { n: length - max }) : w("chars", { n: length, total: max });
  count.className = "hint count" + (length > max ? " error-message" : "");
}

/* A "Listen" button that reads `textOf()` aloud (listen.js speaks). */
function listenButton(textOf) {
  var button = el("button", { type: "button", class: "listen secondary" }, w("listen"));
  button.addEventListener("click", function () { speech.speak(textOf(), button); });
  return button;
}

initEnded({ room: room, storyKey: storyKey, say: say, votesSaid: votesAtEnd });
initDrafts({ code: code, room: room, say: say, openStory: openStory,
  updateCount: function () { updateCount("idea", IDEA_MAX); } });
initList({ code: code, room: room, myVoteFor: myVoteFor, onVote: onVoteButton, say: say,
  listenButton: listenButton, picture: picture, render: render, inOutbox: inOutbox });
initFocus({ room: room, say: say, render: render, code: code, errorText: errorText, send: live.send.bind(live) });
initThemes({ send: function (event, payload) { live.send(event, payload); }, say: say, render: render });
try { $("story-text").value = JSON.parse(window.localStorage.getItem(storyKey) || '""') || ""; } catch (e) { /* none */ }
if ($("story-text").value.trim()) $("story-area").open = true;  // a story being written stays in view
updateCount("idea", IDEA_MAX); updateCount("story", STORY_MAX);
watchField("idea", IDEA_MAX); watchField("story", STORY_MAX);
$("idea-text").addEventListener("input", function () { justSent.idea = false; updateCount("idea", IDEA_MAX); });
$("story-text").addEventListener("input", function () { justSent.story = false; storeStory(); });
$("idea-form").addEventListener("submit", onIdeaSubmit);
$("story-form").addEventListener("submit", onStorySubmit);
["idea-send", "story-send"].forEach(function (id) {
  $(id).addEventListener("click", function (event) { if (event.detail > 1) event.preventDefault(); });
});
$("role-change").addEventListener("click", function () { showRoleForm($("role-form").hidden); });
$("role-cancel").addEventListener("click", function () { showRoleForm(false); });
$("role-form").addEventListener("submit", onRoleSave);
$("to-vote").addEventListener("click", function () { step("vote"); });
$("to-write").addEventListener("click", function () { step("write"); });
document.addEventListener("easyreadchange", function () {
  document.body.classList.remove("step-vote");
  if (room.workshop) { fillAuthorChoices(); drawPlanFields(room); drawSupporterValue(room); }
  updateCount("idea", IDEA_MAX);
  updateCount("story", STORY_MAX);
  showConnection(live.online);
  render();
});
window.addEventListener("workshop:kinds", render);  // a kind's own data arrived (kinds/ranking.js's lists)
// The gentle timer: redrawn twice a minute, in whole minutes.
window.setInterval(function () { var q = room.workshop && openQuestion(room); if (q) renderTimer(q); }, 15000);
render();
