/* The phone's list of ideas on the open question: a list that holds still.
 *
 * Someone else's new idea never moves what is under a finger: it waits behind
 * a "3 new ideas: show them" button after the list (so its appearing moves
 * nothing above it), announced once. The person's own ideas
 * show at once, and ideas waiting for the facilitator's approval show in
 * their own list as such, so nothing looks lost. A facilitator's typo fix or
 * merge is applied in place (lib/room.js keeps the idea up to date).
 */
import { $, el } from "./lib/dom.js";
import { ideasOn, lookup, resultsHidden } from "./lib/room.js";
import { store } from "./lib/live.js";
import { easyRead, w } from "./words.js";

var ctx = null;        // {room, code, myVoteFor, onVote, say, listenButton, picture, render, inOutbox}
var items = {};        // idea id (or "p" + client id) -> its list item
var listQuestion = null;
var seen = {};         // idea ids shown in the list
var held = {};         // idea ids from others waiting behind the button
var announced = false; // the button has been announced since the last show
var mine = {};         // ids of this phone's own ideas, shown at once
var pendingKey = null;

export function initList(options) {
  ctx = options;
  pendingKey = "workshop:" + ctx.code + ":pending-ideas";
  $("show-new").addEventListener("click", showHeld);
}

/* Ideas on screen at the first snapshot are the list as it stands. */
export function markAllSeen() {
  Object.keys(ctx.room.ideas).forEach(function (id) { seen[id] = true; });
}

export function markMine(idea) { mine[idea.id] = true; seen[idea.id] = true; }

/* An idea sent while approval is on: listed as waiting until approved. */
export function addPending(idea) {
  var list = pendingIdeas().filter(function (p) { return p.id !== idea.id; });
  list.push({ id: idea.id, question_id: idea.question_id, text: idea.text });
  store(pendingKey, list);
  mine[idea.id] = true;
}

function pendingIdeas() { return store(pendingKey) || []; }

function roleOf(key) { return lookup(ctx.room.workshop.roles, key); }

export function renderList(q, left) {
  var room = ctx.room;
  var all = ideasOn(room, q).sort(function (a, b) { return b.id - a.id; });
  if (listQuestion !== q.id) {
    // A question opened with ideas already on it (reopened): show them all.
    listQuestion = q.id;
    held = {};
    all.forEach(function (idea) { seen[idea.id] = true; });
  }
  // Approved ideas of ours are now ordinary ideas; the rest still wait.
  pendingIdeas().forEach(function (p) { mine[p.id] = true; });
  var waiting = pendingIdeas().filter(function (p) {
    var known = room.ideas[p.id];
    return !(known && known.status === "shown");
  });
  if (waiting.length !== pendingIdeas().length) store(pendingKey, waiting);
  var shown = [];
  all.forEach(function (idea) {
    // Our own idea can arrive as an event before its acknowledgement: it is
    // the one still in the outbox with the same words.
    if (mine[idea.id] || ctx.inOutbox(idea)) { mine[idea.id] = true; seen[idea.id] = true; }
    if (seen[idea.id]) { shown.push(idea); delete held[idea.id]; }
    else held[idea.id] = true;
  });
  var list = $("ideas");
  var wanted = {};
  var index = 0;
  function place(key, item) {
    wanted[key] = true;
    // Move only what is out of place: moving a node would drop its focus.
    if (list.children[index] !== item.li) list.insertBefore(item.li, list.children[index] || null);
    index += 1;
  }
  waiting.filter(function (p) { return p.question_id === q.id; }).forEach(function (p) {
    var key = "p" + p.id;
    var item = items[key] || (items[key] = pendingItem(p));
    item.label.textContent = w("waiting_label");
    place(key, item);
  });
  shown.forEach(function (idea) {
    var item = items[idea.id] || (items[idea.id] = ideaItem(idea.id));
    updateItem(item, room.ideas[idea.id], left);
    place(String(idea.id), item);
  });
  Object.keys(items).forEach(function (key) {
    if (!wanted[key]) { items[key].li.remove(); delete items[key]; }
  });
  $("no-ideas").hidden = index > 0;
  renderHeld(all.filter(function (idea) { return held[idea.id]; }).length);
}

function renderHeld(count) {
  var button = $("show-new");
  button.hidden = count === 0;
  document.body.classList.toggle("has-new-ideas", count > 0);
  if (!count) { announced = false; return; }
  var label = count === 1 ? w("new_idea") : w("new_ideas", { n: count });
  if (button.textContent !== label) button.textContent = label;
  if (!announced) {  // once, however many more arrive before they are shown
    announced = true;
    ctx.say(w("new_ideas_said"));
  }
}

function showHeld() {
  Object.keys(held).forEach(function (id) { seen[id] = true; });
  held = {};
  announced = false;
  ctx.render();
  // The button is gone: keep the focus in the list, at the newest idea.
  var first = $("ideas").querySelector("li[data-idea]");
  if (first) first.focus();
  ctx.say(w("shown_new"));
}

function pendingItem(p) {
  var li = el("li", "idea idea-waiting");
  li.appendChild(el("p", "idea-text", p.text));
  var label = el("p", "idea-meta waiting-label");
  var item = { li: li, label: el("span") };
  var pic = el("img", { src: document.body.dataset.img + "waiting.svg", alt: "", width: "40", height: "40",
    class: "picture for-easy-read" });
  label.appendChild(pic);
  label.appendChild(item.label);
  li.appendChild(label);
  return item;
}

function ideaItem(id) {
  var item = { li: el("li", { "data-idea": String(id), tabindex: "-1" }), text: el("p", "idea-text"),
    meta: el("p", "idea-meta"), tags: el("p", "idea-tags"), button: el("button"),
    note: el("span", "vote-note"), feedback: el("p", "feedback"), listen: null };
  item.button.type = "button";
  item.button.addEventListener("click", function (event) {
    if (event.detail > 1) return;  // the second tap of a double tap counts once
    ctx.onVote(id);
  });
  item.listen = ctx.listenButton(function () {
    var idea = ctx.room.ideas[id];
    return idea ? idea.text + ". " + item.meta.textContent : "";
  });
  item.listen.classList.add("for-easy-read");
  // Listen and Vote side by side: a shorter list, the vote still full-size.
  var row = el("div", "idea-actions");
  row.appendChild(item.listen);
  row.appendChild(item.button);
  [item.text, item.meta, item.tags, row, item.note, item.feedback]
    .forEach(function (node) { item.li.appendChild(node); });
  return item;
}

function metaText(idea) {
  var role = roleOf(idea.author_role);
  var star = idea.expert_by_experience ? "★ " : "";
  var meta;
  if (easyRead()) {
    var who = role ? role.easy_read_author || role.label : idea.author_role;
    meta = star + w("from_role", { role: who });
    if (idea.entered_by === "supporter") meta += " " + w("by_supporter");
  } else {
    meta = star + (role ? role.label : idea.author_role);
    if (idea.entered_by === "supporter") meta += w("by_supporter");
  }
  var tally = ctx.room.tallies[String(idea.id)];
  // Counts only when the server sends them: the facilitator may hide results until reveal.
  if (!resultsHidden(ctx.room) && tally && typeof tally.total === "number") {
    meta += " · " + (tally.total === 1 ? w("vote_count") : w("votes_count", { n: tally.total }));
  }
  return meta;
}

function updateItem(item, idea, left) {
  item.li.className = "idea" + (idea.expert_by_experience ? " idea-ebe" : "");
  // Set every time: a facilitator's typo fix or merge arrives as new wording.
  if (item.text.textContent !== idea.text) item.text.textContent = idea.text;
  var meta = metaText(idea);
  if (item.meta.textContent !== meta) item.meta.textContent = meta;
  renderTags(item.tags, idea);
  var vote = ctx.myVoteFor(idea.id);
  var label = vote ? w("unvote") : w("vote");
  if (item.button.textContent !== label) item.button.textContent = label;
  item.button.className = vote ? "secondary" : "";
  item.button.setAttribute("aria-label", w(vote ? "unvote_from" : "vote_for", { text: idea.text }));
  if (!vote && left <= 0) item.button.setAttribute("aria-disabled", "true");
  else item.button.removeAttribute("aria-disabled");
  item.listen.setAttribute("aria-label", w("listen") + ": " + idea.text);
  item.note.textContent = vote && vote.pending ? w("vote_pending") : "";
}

function renderTags(container, idea) {
  container.textContent = "";
  [["priority", "priorities", idea.priority], ["outcome", "outcome_kinds", idea.outcome_kind]]
    .forEach(function (tag) {
      var item = tag[2] && lookup(ctx.room.workshop[tag[1]], tag[2]);
      if (!item) return;
      var span = el("span", "tag");
      if (easyRead()) {
        span.appendChild(ctx.picture(tag[0], item, 40));
        span.appendChild(document.createTextNode(" "));
        span.appendChild(el("span", "", item.easy_read || item.short || item.name));
      } else {
        span.textContent = item.short || item.name;
      }
      container.appendChild(span);
    });
}

/* Feedback for a vote, next to the button that cast it (one at a time). */
export function voteFeedback(ideaId, message, isError) {
  Object.keys(items).forEach(function (key) {
    var fb = items[key].feedback;
    if (fb) { fb.textContent = ""; fb.className = "feedback"; }
  });
  var item = items[ideaId];
  if (!item) return false;
  item.feedback.textContent = message;
  item.feedback.className = "feedback" + (isError ? " feedback-error" : "");
  return true;
}
