/* The dot vote on themes on the phone (issue 22 item 5). When the facilitator
 * puts a question's vote on its accepted themes, the phone shows those themes
 * in place of the idea form and list (kinds/index.js draws it as a kind draws
 * its own answer): each theme's name, how many ideas are in it, one or two of
 * them (one in easy read), and a button to put a dot on it or take it back.
 *
 * The same budget and the same outbox as dots on ideas: a dot is sent through
 * lib/live.js (kept through a dropped connection or a reload, acknowledged
 * once, idempotent on its client id), shown as waiting until acknowledged.
 * A reply after a reload has no callback of its own: kinds/index.js hands it
 * to onReply (`replies`), drawn or not (after End the list never is).
 * Theme names and ideas are user text: only ever set with textContent.
 */
import { $, el } from "./lib/dom.js";
import { endedVote } from "./phone-ended.js";
import { isMine } from "./phone-list.js";
import { ownNote } from "./phone-themes.js";
import { dots, errorText, w } from "./words.js";

var CAST = "cast_theme_vote", TAKE = "withdraw_theme_vote";
var mine = [];     // this phone's standing dots on themes, pending ones included
var takingBack = {};  // client id -> dot being taken back, to put back if refused
var groups = {};   // question id -> [{id, label, ideas}] as accepted
var kitNow = null;

function theirs(list) { return (list || []).map(function (v) { return { theme_id: v.theme_id, question_id: v.question_id, client_id: v.client_id }; }); }

/* From the snapshot: the accepted themes and this phone's dots, with those
 * still in the outbox (not on the server yet) kept in view. */
function snapshot(room, snap) {
  groups = {};
  (snap.themes || []).forEach(function (t) { groups[t.question_id] = t.groups; });
  mine = theirs(snap.me && snap.me.theme_votes);
  mine.forEach(function (v) { v.pending = false; });
  if (kitNow) withPending();
}

function withPending() {
  if (!kitNow) return;  // not drawn yet: the first draw adds them
  kitNow.pending().forEach(function (item) {
    var known = mine.some(function (v) { return v.client_id === item.payload.client_id; });
    if (item.event === CAST && !known) mine.push({ theme_id: item.payload.theme_id, question_id: item.payload.question_id, client_id: item.payload.client_id, pending: true });
    if (item.event === TAKE) dropTaken(item.payload.client_id);
  });
}

/* A theme list changed: dots on a theme merged into another went with it (the
 * server's votes_moved; one dot a theme, so a second one came back); dots on
 * a theme that is gone came back. */
function themesChanged(room, d) {
  groups[d.question_id] = d.groups || [];
  var moved = d.votes_moved || {};
  var alive = {}, held = {};
  groups[d.question_id].forEach(function (t) { alive[t.id] = true; });
  mine = mine.filter(function (v) {
    if (v.question_id !== d.question_id) return true;
    if (moved[v.theme_id]) v.theme_id = moved[v.theme_id];
    if (!alive[v.theme_id] || held[v.theme_id]) return false;
    held[v.theme_id] = true;
    return true;
  });
}

// A dot being taken back leaves the view, kept to put back if the server refuses (it still counts).
function dropTaken(clientId) {
  mine = mine.filter(function (v) {
    if (v.client_id !== clientId) return true;
    if (!takingBack[clientId]) takingBack[clientId] = { theme_id: v.theme_id, question_id: v.question_id, client_id: clientId };
    return false;
  });
}

function voteOn(themeId) { return mine.filter(function (v) { return v.theme_id === themeId; })[0] || null; }

function left(room, q) {
  return room.workshop.vote_budget - mine.filter(function (v) { return v.question_id === q.id; }).length;
}

// The themes a person can vote on: each with its shown ideas (a hidden idea leaves its theme).
function themesOf(room, q) {
  return (groups[q.id] || []).map(function (t) {
    var ideas = t.ideas.map(function (id) { return room.ideas[id]; })
      .filter(function (i) { return i && i.status === "shown"; });
    return { id: t.id, label: t.label, ideas: ideas };
  }).filter(function (t) { return t.ideas.length; });
}

function words(standard, easy) {
  var box = el("span");
  box.appendChild(el("span", "for-standard", standard));
  box.appendChild(el("span", "for-easy-read", easy));
  return box;
}

function area() {
  var box = $("theme-vote-area");
  if (box) return box;
  box = el("section", { id: "theme-vote-area", class: "theme-vote-area", "aria-labelledby": "theme-vote-heading" });
  var heading = el("h2", { id: "theme-vote-heading", tabindex: "-1" });
  heading.appendChild(el("img", { src: document.body.dataset.img + "vote.svg", alt: "", width: "40", height: "40", class: "er-pic for-easy-read" }));
  heading.appendChild(words("Vote on the themes", "Vote for the groups you like best"));
  box.appendChild(heading);
  box.appendChild(el("p", "hint", "")).appendChild(words(
    "The facilitator put the room's ideas into themes. Vote for the themes that matter most to you.",
    "We put all the ideas into groups. Each group is about one thing."));
  box.appendChild(el("p", { id: "theme-dots", class: "dots" }));
  box.appendChild(el("ul", { id: "theme-vote-list", class: "ideas theme-vote-list", "aria-labelledby": "theme-vote-heading" }));
  var before = $("step-write");
  before.parentNode.insertBefore(box, before);
  return box;
}

function drawDots(room, n) {
  var node = $("theme-dots");
  node.textContent = "";
  var row = node.appendChild(el("span", "dot-row"));
  row.setAttribute("aria-hidden", "true");
  for (var i = 0; i < room.workshop.vote_budget; i++) row.appendChild(el("span", i < n ? "dot" : "dot dot-used"));
  node.appendChild(el("span", "dot-text", kitNow.easy() ? w("dots_left", { n: dots(n) }) : w("dots_left", { n: n, total: room.workshop.vote_budget })));
}

// Examples: short ones first, so one is read at a glance; the same on every redraw.
function examples(theme, many) {
  return theme.ideas.slice().sort(function (a, b) {
    return Math.min(a.text.length, 140) - Math.min(b.text.length, 140) || a.id - b.id;
  }).slice(0, many);
}

var items = {};  // theme id -> {li, key, button, note, feedback}

function item(theme) {
  var li = el("li", "idea theme-vote-item");
  li.dataset.themeId = theme.id;
  var parts = { li: li, label: li.appendChild(el("h3", "theme-vote-label")), count: li.appendChild(el("p", "theme-vote-count")),
    examples: li.appendChild(el("ul", "theme-vote-examples")), own: li.appendChild(el("div", "theme-vote-own")), owned: {},
    button: li.appendChild(el("button", { type: "button", "data-theme-vote": String(theme.id) })),
    note: li.appendChild(el("span", "vote-note")), feedback: li.appendChild(el("p", { class: "feedback", role: "status" })) };
  parts.button.addEventListener("click", function () { onVote(theme.id); });
  return parts;
}

// The person's own ideas in this theme, each with "That is not what I meant" (phone-themes.js).
function drawOwn(parts, theme) {
  var wanted = {};
  theme.ideas.forEach(function (idea) {
    if (!isMine(idea.id)) return;
    wanted[idea.id] = true;
    ownNote(parts.owned[idea.id] || (parts.owned[idea.id] = parts.own.appendChild(el("div", "idea-theme"))), idea);
  });
  Object.keys(parts.owned).forEach(function (id) {
    if (!wanted[id]) { parts.owned[id].remove(); delete parts.owned[id]; }
  });
}

function drawItem(parts, theme, n) {
  var easy = kitNow.easy();
  var vote = voteOn(theme.id);
  var key = [theme.label, theme.ideas.map(function (i) { return i.id + ":" + i.text; }).join(","), easy, !!vote, vote && vote.pending, n > 0].join("|");
  if (parts.key === key) return;
  parts.key = key;
  parts.label.textContent = theme.label;
  parts.count.textContent = w(theme.ideas.length === 1 ? "theme_one_idea" : "theme_ideas", { n: theme.ideas.length });
  parts.examples.textContent = "";
  examples(theme, easy ? 1 : 2).forEach(function (i) { parts.examples.appendChild(el("li", null, "“" + i.text + "”")); });
  parts.button.textContent = vote ? w("unvote") : w("vote");
  parts.button.className = vote ? "secondary" : "";
  parts.button.setAttribute("aria-label", w(vote ? "theme_unvote_from" : "theme_vote_for", { text: theme.label }));
  if (!vote && n <= 0) parts.button.setAttribute("aria-disabled", "true");
  else parts.button.removeAttribute("aria-disabled");
  parts.note.textContent = vote && vote.pending ? w("vote_pending") : "";
}

function feedback(themeId, message, isError) {
  Object.keys(items).forEach(function (id) { items[id].feedback.textContent = ""; });
  var parts = items[themeId];
  if (parts) {
    parts.feedback.textContent = message;
    parts.feedback.className = "feedback" + (isError ? " feedback-error" : "");
  }
  if (kitNow) kitNow.say(message);  // a reply after a reload may come before the first draw
}

function onVote(themeId) {
  var kit = kitNow, q = kit.question(), room = kit.room;
  var vote = voteOn(themeId);
  if (vote) {
    dropTaken(vote.client_id);
    kit.send(TAKE, { client_id: vote.client_id, theme_id: themeId }, onReply);
    if (!kit.online()) feedback(themeId, w("unvote_offline"));
  } else if (left(room, q) <= 0) {
    return feedback(themeId, w("no_dots"), true);
  } else {
    var payload = { theme_id: themeId, question_id: q.id };
    var cid = kit.send(CAST, payload, onReply);
    mine.push({ theme_id: themeId, question_id: q.id, client_id: cid, pending: true });
    if (!kit.online()) feedback(themeId, w("vote_offline"));
  }
  redraw();
}

function onReply(reply, item) {
  var p = item.payload;
  if (reply.ok && reply.theme_votes) {
    // The server's word on this question's dots, with those still in the outbox.
    mine = mine.filter(function (v) { return v.question_id !== reply.vote.question_id; }).concat(theirs(reply.theme_votes));
    withPending();
    feedback(p.theme_id, w(item.event === CAST ? "vote_counted" : "vote_back", { n: dots(reply.votes_left) }));
  } else if (!reply.ok) {
    if (item.event === CAST) mine = mine.filter(function (v) { return v.client_id !== p.client_id; });
    else putBack(p.client_id, reply.error.code !== "not_found");
    // Refused because the workshop ended: not counted (or, taken back, still
    // counting), said with the end (phone-ended.js), not per dot.
    if (!endedVote(reply, item.event === TAKE)) feedback(p.theme_id, errorText(reply.error), true);
  }
  if (item.event === TAKE) delete takingBack[p.client_id];
  redraw();
}

// A dot the server would not take back still counts: this phone's again.
function putBack(clientId, stands) {
  var vote = takingBack[clientId];
  var known = mine.some(function (v) { return v.client_id === clientId; });
  if (vote && stands && !known) mine.push(Object.assign({ pending: false }, vote));
}

function redraw() { if (kitNow) drawPhone(kitNow.question(), kitNow); }

/* The facilitator moved the dots of the question on screen from its ideas to
 * its themes, or back: the list the person was in went, so it is said once
 * (phone-focus.js puts the focus on the vote's heading). Not on a page's
 * first draw, nor with a new question (that is said as a new question). */
var onThemes = { question: null, themes: false };
function switched(q, themes, kit) {
  var id = q ? q.id : null;
  if (id !== null && id === onThemes.question && themes !== onThemes.themes) {
    kit.say(w(themes ? "theme_vote_now" : "idea_vote_now"));
  }
  onThemes = { question: id, themes: themes };
}

/* Draw the vote when the open question's dots go on its themes; false (and
 * the area hidden) otherwise, so the idea form and list show as usual. */
function drawPhone(q, kit) {
  var box = $("theme-vote-area");
  var themes = q && q.vote_on === "themes" ? themesOf(kit.room, q) : [];
  switched(q, themes.length > 0, kit);
  if (!themes.length) { if (box) box.hidden = true; return false; }
  if (!kitNow) { kitNow = kit; withPending(); }
  kitNow = kit;
  box = area();
  box.hidden = false;
  var n = left(kit.room, q);
  drawDots(kit.room, n);
  var list = $("theme-vote-list");
  var wanted = {};
  themes.forEach(function (theme, at) {
    wanted[theme.id] = true;
    var parts = items[theme.id] || (items[theme.id] = item(theme));
    drawItem(parts, theme, n);
    drawOwn(parts, theme);
    if (list.children[at] !== parts.li) list.insertBefore(parts.li, list.children[at] || null);
  });
  Object.keys(items).forEach(function (id) {
    if (!wanted[id]) { items[id].li.remove(); delete items[id]; }
  });
  return true;
}

/* Declared like a kind of question (kinds/index.js) so every screen's room
 * keeps the themes' dots in step; it draws only on the phone. */
export var themeVote = {
  name: "theme-vote",  // matches no question's kind: it draws over an ideas question
  snapshot: snapshot,
  events: { themes_changed: themesChanged },
  replies: { cast_theme_vote: onReply, withdraw_theme_vote: onReply },
  drawPhone: drawPhone,
};
