/* The phone's list of ideas on the open question: a list that holds still,
 * and that a person can find their way round at 150 ideas.
 *
 * Someone else's new idea never moves what is under a finger: it waits behind
 * a "3 new ideas: show them" button after the list (so its appearing moves
 * nothing above it), announced once. When shown (or on the next visit) the
 * new ones come first, under "New since you last looked". The person's own
 * ideas show at once, and ideas waiting for the facilitator's approval show
 * as such, so nothing looks lost. A facilitator's typo fix or merge is
 * applied in place (lib/room.js keeps the idea up to date).
 *
 * The rest are in an order of this phone's own: shuffled by a seed kept on
 * the phone, so a person's order never changes under them while the room's
 * dots do not all pile on the first ideas anyone sent. A search box narrows
 * the list; "Only my votes" shows where the person's dots are. Groups (themes,
 * once the facilitator has accepted them) slot in through groupIdeasBy().
 */
import { $, el } from "./lib/dom.js";
import { ideasOn, lookup, resultsHidden } from "./lib/room.js";
import { store } from "./lib/live.js";
import { easyRead, w } from "./words.js";

var ctx = null;        // {room, code, myVoteFor, onVote, say, listenButton, picture, render, inOutbox}
var items = {};        // idea id (or "p" + client id, or "g" + group key) -> its list item
var listQuestion = null;
var seen = {};         // idea ids shown in the list
var held = {};         // idea ids from others waiting behind the button
var fresh = {};        // idea ids new since the person last looked, listed first
var announced = false; // the button has been announced since the last show
var mine = {};         // ids of this phone's own ideas, shown at once
var keys = {};
var seed = 0;
var ranks = {};        // idea id -> its place in this phone's order
var query = "";
var onlyMine = false;
var sayTimer = null;
var folded = {};       // idea words -> folded for search, worked out once
var burstUntil = 0;    // ideas arriving into an empty list show until then

/* The hook for themes: a function (ideas) -> [{key, title, ideas}], or null
 * for one untitled list. Ideas left out of every group are not lost: they
 * are listed after the groups. */
var grouping = null;
export function groupIdeasBy(fn) { grouping = fn; if (ctx && ctx.room.workshop) ctx.render(); }

/* The hook for a line under an idea (phone-themes.js: the theme a person's own
 * idea went into): fn(container, idea, isMine), called on every render. */
var noting = null;
export function noteIdeasBy(fn) { noting = fn; }

export function initList(options) {
  ctx = options;
  var base = "workshop:" + ctx.code + ":";
  keys = { pending: base + "pending-ideas", seed: base + "order-seed", looked: base + "looked" };
  seed = store(keys.seed);
  if (typeof seed !== "number") { seed = Math.floor(Math.random() * 4294967296); store(keys.seed, seed); }
  $("show-new").addEventListener("click", showHeld);
  $("idea-search").addEventListener("input", function () {
    query = $("idea-search").value;
    if (query.trim()) reveal();  // a person searching wants every idea searched
    ctx.render();
    sayCount();
  });
  $("only-mine").addEventListener("click", function () {
    onlyMine = !onlyMine;
    ctx.render();
    // The list just got much shorter or longer: start at its top, not somewhere below it.
    var list = $("ideas");
    if (list.getBoundingClientRect().top < 0 && list.scrollIntoView) list.scrollIntoView({ block: "start" });
    ctx.say($("search-count").textContent);
  });
  // Easy read's "Next: see and vote" is a look at the list: nothing is under a finger yet.
  $("to-vote").addEventListener("click", function () { reveal(); ctx.render(); });
}

/* Ideas on screen at the first snapshot are the list as it stands; those
 * sent since this phone last looked are marked new. */
export function markAllSeen() {
  var looked = store(keys.looked) || {};
  Object.keys(ctx.room.ideas).forEach(function (id) {
    var idea = ctx.room.ideas[id];
    seen[id] = true;
    var last = looked[idea.question_id];
    if (last !== undefined && idea.id > last) fresh[id] = true;
  });
  remember();
}

export function markMine(idea) { mine[idea.id] = true; seen[idea.id] = true; }
export function isMine(id) { return !!mine[id]; }

/* An idea sent while approval is on: listed as waiting until approved. */
export function addPending(idea) {
  var list = pendingIdeas().filter(function (p) { return p.id !== idea.id; });
  list.push({ id: idea.id, question_id: idea.question_id, text: idea.text });
  store(keys.pending, list);
  mine[idea.id] = true;
}

function pendingIdeas() { return store(keys.pending) || []; }

function roleOf(key) { return lookup(ctx.room.workshop.roles, key); }

// The newest idea each question had when this phone last looked at it.
function remember() {
  var looked = store(keys.looked) || {};
  Object.keys(seen).forEach(function (id) {
    var idea = ctx.room.ideas[id];
    if (idea && !(looked[idea.question_id] >= idea.id)) looked[idea.question_id] = idea.id;
  });
  store(keys.looked, looked);
}

// A stable place for each idea in this phone's order (a 32-bit mix of seed and id).
function rank(id) {
  if (ranks[id] === undefined) {
    var h = (seed ^ Math.imul(id, 0x9e3779b1)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    ranks[id] = (h ^ (h >>> 16)) >>> 0;
  }
  return ranks[id];
}

function fold(text) { return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }

// Every word typed must be in the idea (or its role): "lunch friday" finds "A Friday lunch club".
function matches(idea, words) {
  if (!words.length) return true;
  var role = roleOf(idea.author_role);
  var raw = idea.text + " " + (role ? role.label : "");
  var hay = folded[raw] || (folded[raw] = fold(raw));
  return words.every(function (word) { return hay.indexOf(word) !== -1; });
}

function groups(ideas) {
  var own = [], news = [], rest = [];
  ideas.forEach(function (idea) {
    if (mine[idea.id]) own.push(idea);
    else if (fresh[idea.id]) news.push(idea);
    else rest.push(idea);
  });
  var byRank = function (a, b) { return rank(a.id) - rank(b.id); };
  [own, news, rest].forEach(function (list) { list.sort(byRank); });
  var made = grouping ? grouping(rest) || [] : [];
  var placed = {};
  made.forEach(function (g) { g.ideas.forEach(function (i) { placed[i.id] = true; }); });
  var left = rest.filter(function (i) { return !placed[i.id]; });
  var all = [{ key: "mine", title: w("group_mine"), ideas: own }, { key: "new", title: w("group_new"), ideas: news }]
    .concat(made, [{ key: "all", title: w(made.length ? "group_no_theme" : "group_rest"), ideas: left }]);
  // One group alone needs no heading.
  var filled = all.filter(function (g) { return g.ideas.length; });
  if (filled.length === 1) filled[0] = { key: filled[0].key, title: null, ideas: filled[0].ideas };
  return filled;
}

export function renderList(q, left) {
  var room = ctx.room;
  var all = ideasOn(room, q);
  if (listQuestion !== q.id) {
    // A question opened with ideas already on it (reopened): show them all.
    listQuestion = q.id;
    held = {};
    all.forEach(function (idea) { seen[idea.id] = true; });
    remember();
  }
  // Approved ideas of ours are now ordinary ideas; the rest still wait.
  pendingIdeas().forEach(function (p) { mine[p.id] = true; });
  var waiting = pendingIdeas().filter(function (p) {
    var known = room.ideas[p.id];
    return !(known && known.status === "shown");
  });
  if (waiting.length !== pendingIdeas().length) store(keys.pending, waiting);
  waiting = waiting.filter(function (p) { return p.question_id === q.id; });
  // Nothing from anyone else on screen yet: nothing can move under a finger, so
  // show them, and the rest of the same burst (an "approve" of 140 arrives as 140 events).
  var othersShown = all.some(function (idea) { return seen[idea.id] && !mine[idea.id]; });
  var unseen = all.some(function (idea) { return !seen[idea.id]; });
  if (unseen && !othersShown) burstUntil = Date.now() + 3000;
  if (unseen && Date.now() < burstUntil) {
    all.forEach(function (idea) { seen[idea.id] = true; });
    remember();
  }
  var shown = [];
  all.forEach(function (idea) {
    // Our own idea can arrive as an event before its acknowledgement: it is
    // the one still in the outbox with the same words.
    if (mine[idea.id] || ctx.inOutbox(idea)) { mine[idea.id] = true; seen[idea.id] = true; }
    if (seen[idea.id]) { shown.push(idea); delete held[idea.id]; }
    else held[idea.id] = true;
  });
  var words = fold(query).split(/\s+/).filter(Boolean);
  var list = $("ideas");
  var wanted = {};
  var index = 0;
  var found = 0;
  function place(key, item) {
    wanted[key] = true;
    // Move only what is out of place: moving a node would drop its focus.
    if (list.children[index] !== item.li) list.insertBefore(item.li, list.children[index] || null);
    index += 1;
  }
  waiting.forEach(function (p) {
    var key = "p" + p.id;
    var item = items[key] || (items[key] = pendingItem(p));
    item.label.textContent = w("waiting_label");
    place(key, item);
  });
  // A search hides what does not match rather than removing it: typing stays quick at 150.
  var heads = [];
  groups(shown).forEach(function (group) {
    if (!group.ideas.length) return;
    var head = null;
    if (group.title) {
      head = items["g" + group.key] || (items["g" + group.key] = groupItem());
      if (head.title.textContent !== group.title) head.title.textContent = group.title;
      place("g" + group.key, head);
    }
    var showing = 0;
    group.ideas.forEach(function (idea) {
      var item = items[idea.id] || (items[idea.id] = ideaItem(idea.id));
      updateItem(item, room.ideas[idea.id], left);
      var hide = !matches(idea, words) || (onlyMine && !ctx.myVoteFor(idea.id));
      if (item.li.hidden !== hide) item.li.hidden = hide;
      if (!hide) showing += 1;
      place(String(idea.id), item);
    });
    if (head) head.li.hidden = showing === 0;
    if (showing) heads.push(head);
    found += showing;
  });
  // A search that leaves one group showing needs no heading over it either.
  if (heads.length === 1 && heads[0]) heads[0].li.hidden = true;
  Object.keys(items).forEach(function (key) {
    if (!wanted[key]) { items[key].li.remove(); delete items[key]; }
  });
  var nothing = !waiting.length && !shown.length;
  $("no-ideas").hidden = !nothing;
  $("no-ideas").textContent = room.settings.approve_ideas ? w("no_ideas_checked") : w("no_ideas");
  var voted = shown.filter(function (idea) { return ctx.myVoteFor(idea.id); }).length;
  if (onlyMine && !voted) onlyMine = false;  // the last dot taken back: back to every idea
  renderFinder(shown.length, found, voted, words.length > 0);
  renderHeld(all.filter(function (idea) { return held[idea.id]; }).length);
}

// The search's and "only my votes"' answer, in words.
function renderFinder(total, found, voted, searching) {
  var toggle = $("only-mine");
  toggle.hidden = !onlyMine && !voted;
  toggle.setAttribute("aria-pressed", String(onlyMine));
  var label = onlyMine ? w("show_all") : w("only_mine", { n: voted });
  if (toggle.textContent !== label) toggle.textContent = label;
  $("finder").hidden = total === 0;
  var text;
  if (searching || onlyMine) text = found === 0 ? w("none_found") : found === 1 ? w("found_one") : w("found", { n: found });
  else text = total === 1 ? w("ideas_one") : w("ideas_total", { n: total });
  if ($("search-count").textContent !== text) $("search-count").textContent = text;
}

// Read the count out once the typing pauses, not at every letter.
function sayCount() {
  window.clearTimeout(sayTimer);
  sayTimer = window.setTimeout(function () { ctx.say($("search-count").textContent); }, 700);
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

// Held ideas join the list, first, as the new ones since the last look.
function reveal() {
  var ids = Object.keys(held);
  if (ids.length) {
    fresh = {};
    ids.forEach(function (id) { seen[id] = true; fresh[id] = true; });
  }
  held = {};
  announced = false;
  remember();
}

function showHeld() {
  reveal();
  ctx.render();
  // The button is gone: keep the focus in the list, at the first new idea.
  var first = $("ideas").querySelector("li[data-idea]:not([hidden])");
  if (first) first.focus();
  ctx.say(w("shown_new"));
}

function groupItem() {
  var li = el("li", "idea-group");
  var item = { li: li, title: el("h3") };
  li.appendChild(item.title);
  return item;
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
    meta: el("p", "idea-meta"), tags: el("p", "idea-tags"), theme: el("div", "idea-theme"), button: el("button"),
    note: el("span", "vote-note"), feedback: el("p", "feedback"), listen: null };
  item.button.type = "button";
  item.button.addEventListener("click", function (event) {
    if (event.detail > 1) return;  // the second tap of a double tap counts once
    ctx.onVote(id);
  });
  item.listen = ctx.listenButton(function () {
    var idea = ctx.room.ideas[id];
    // A person's own idea: Listen says which theme it went into too.
    var theme = item.theme.querySelector(".theme-line");
    return idea ? idea.text + ". " + item.meta.textContent + (theme ? " " + theme.textContent : "") : "";
  });
  item.listen.classList.add("for-easy-read");
  // Listen and Vote side by side: a shorter list, the vote still full-size.
  var row = el("div", "idea-actions");
  row.appendChild(item.listen);
  row.appendChild(item.button);
  [item.text, item.meta, item.tags, item.theme, row, item.note, item.feedback]
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
  // No "0 votes": a snapshot leaves vote-less ideas out, but a reconnect's catch-up and a
  // push after the last vote is taken back send them as 0; the card must read the same.
  if (!resultsHidden(ctx.room) && tally && tally.total > 0) {
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
  // Tags (pictures in easy read) are rebuilt only when they change: 150 of them every event is slow.
  var tagKey = [idea.priority, idea.outcome_kind, easyRead()].join("|");
  if (item.tagKey !== tagKey) { item.tagKey = tagKey; renderTags(item.tags, idea); }
  var vote = ctx.myVoteFor(idea.id);
  var label = vote ? w("unvote") : w("vote");
  if (item.button.textContent !== label) item.button.textContent = label;
  item.button.className = vote ? "secondary" : "";
  item.button.setAttribute("aria-label", w(vote ? "unvote_from" : "vote_for", { text: idea.text }));
  if (!vote && left <= 0) item.button.setAttribute("aria-disabled", "true");
  else item.button.removeAttribute("aria-disabled");
  item.listen.setAttribute("aria-label", w("listen") + ": " + idea.text);
  item.note.textContent = vote && vote.pending ? w("vote_pending") : "";
  if (noting) noting(item.theme, idea, !!mine[idea.id]);
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
