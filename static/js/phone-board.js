/* The board on my phone (issue 25): what the wall shows, in words, for
 * anyone who cannot see the projector: the question, its ideas, its themes
 * and the results by role. It listens as a board does (the board's
 * snapshot, events and tallies: no count while results are hidden), and
 * draws plain lists that hold still: each idea keeps its list item, so a
 * screen reader keeps its place; what changed is said once, politely, in
 * one live region. User text is only ever set with textContent.
 *
 * tests/test_easy_read.py checks the easy-read wording of WORDS below (one
 * entry a line: `  key: ["standard", "easy read"],`).
 */
import { $, el } from "./lib/dom.js";
import { Live } from "./lib/live.js";
import { boardQuestion, createRoom, ideasOn, lookup, resultsHidden, stageOf } from "./lib/room.js";
import { ranked, tallyOf, votes } from "./lib/count.js";

var WORDS = {
  waiting: ["Waiting for the next question.", "Wait for the next question."],
  ended: ["This workshop has ended. Thank you.", "The meeting has ended. Thank you."],
  stage: ["{text} stage", "{text}"],
  closed: ["This question has closed.", "This question has finished."],
  no_ideas: ["No ideas yet.", "No ideas yet."],
  ideas_heading: ["Ideas on the board ({n})", "Ideas on the big screen ({n})"],
  themes_heading: ["Themes ({n})", "Groups of ideas ({n})"],
  no_themes: ["No themes yet.", "No groups yet."],
  voting_on_themes: ["the room is voting on these themes", "we vote for these groups"],
  theme_ideas: ["{n} ideas", "{n} ideas"],
  theme_idea: ["1 idea", "1 idea"],
  results_hidden: ["The results are hidden until the facilitator shows them.", "You cannot see the votes yet."],
  votes: ["{n} votes", "{n} votes"],
  one_vote: ["1 vote", "1 vote"],
  no_votes: ["No votes yet", "No votes yet"],
  expert: ["★ Expert by experience", "★ Knows care from their own life"],
  from: ["{role}", "From: {role}"],
  new_question: ["New question on the board: {text}", "There is a new question. {text}"],
  new_ideas: ["{n} new ideas on the board.", "There are {n} new ideas."],
  new_idea: ["1 new idea on the board.", "There is 1 new idea."],
  revealed: ["The results are showing now.", "You can see the votes now."],
  offline: ["Offline: trying to reconnect.", "No internet. We keep trying."],
};

var code = document.body.dataset.code;
var room = createRoom("board");
var themes = {};          // question id -> accepted themes
var items = {};           // idea id -> its list item, kept while it stays
var last = { question: null, count: null, hidden: null };

function easy() { return document.body.classList.contains("easy-read"); }
function w(key, fill) {
  var text = WORDS[key][easy() ? 1 : 0];
  Object.keys(fill || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(fill[k])); });
  return text;
}

function say(message) {
  var node = $("bv-news");
  node.textContent = "";
  window.setTimeout(function () { node.textContent = message; }, 50);
}

function roleName(key) {
  var role = lookup(room.workshop.roles, key);
  if (!role) return key || "";
  return easy() ? role.easy_read_author || role.label : role.label;
}

function voteWords(n) { return n === 1 ? w("one_vote") : n ? w("votes", { n: n }) : w("no_votes"); }

// "6 votes: care provider 4, family carer 2": results by role in words, not colour.
function byRole(idea) {
  var counts = tallyOf(room, idea).by_role || {};
  var parts = room.workshop.roles.filter(function (r) { return counts[r.key]; })
    .map(function (r) { return (r.expert_by_experience ? "★ " : "") + roleName(r.key) + " " + counts[r.key]; });
  return voteWords(votes(room, idea)) + (parts.length ? ": " + parts.join(", ") : "");
}

function drawQuestion(q) {
  var ended = room.workshop.ended;
  var stage = q && !ended ? stageOf(room, q) : null;
  $("bv-stage").textContent = stage ? w("stage", { text: easy() ? stage.easy_read : stage.name }) : "";
  $("bv-question").textContent = ended ? w("ended") : q ? (easy() ? q.easy_read : q.text) : w("waiting");
  $("bv-closed").textContent = q && !ended && q.status === "closed" ? w("closed") : "";
}

// One list item per idea, kept and updated in place.
function ideaItem(idea) {
  var li = items[idea.id];
  if (!li) {
    li = items[idea.id] = el("li", { "data-idea": String(idea.id) });
    li.appendChild(el("p", "bv-text"));
    li.appendChild(el("p", "bv-meta"));
  }
  li.className = idea.expert_by_experience ? "bv-ebe" : "";
  var text = li.firstChild, meta = li.lastChild;
  if (text.textContent !== idea.text) text.textContent = idea.text;
  var who = (idea.author_roles || [idea.author_role]).map(roleName).join(", ");
  var line = (idea.expert_by_experience ? w("expert") + " · " : "") + w("from", { role: who });
  if (!resultsHidden(room)) line += " · " + byRole(idea);
  if (meta.textContent !== line) meta.textContent = line;
  return li;
}

function drawIdeas(q) {
  var list = $("ideas");
  var ideas = q ? ideasOn(room, q) : [];
  // Oldest first while the votes are hidden; the room's order once they show.
  ideas = resultsHidden(room) ? ideas.sort(function (a, b) { return a.id - b.id; }) : ranked(room, ideas, room.settings.board_rank || "room");
  $("bv-ideas-heading").textContent = w("ideas_heading", { n: ideas.length });
  $("bv-no-ideas").hidden = ideas.length > 0;
  $("bv-no-ideas").textContent = w("no_ideas");
  var keep = {};
  ideas.forEach(function (idea, n) {
    keep[idea.id] = true;
    var li = ideaItem(idea);
    if (list.children[n] !== li) list.insertBefore(li, list.children[n] || null);
  });
  Object.keys(items).forEach(function (id) {
    if (!keep[id]) { if (items[id].parentNode) items[id].remove(); delete items[id]; }
  });
  $("bv-results-note").textContent = resultsHidden(room) ? w("results_hidden") : "";
  return ideas.length;
}

function drawThemes(q) {
  var list = $("bv-themes");
  list.textContent = "";
  var groups = (q && themes[q.id] || []).map(function (t) {
    var ideas = t.ideas.map(function (id) { return room.ideas[id]; })
      .filter(function (i) { return i && i.status === "shown" && i.question_id === q.id; });
    return { id: t.id, label: t.label, ideas: ideas };
  }).filter(function (t) { return t.ideas.length; });
  $("bv-themes-heading").textContent = w("themes_heading", { n: groups.length });
  // While the room votes on the themes themselves (issue 22 item 5), their own dots.
  var dots = q && q.vote_on === "themes" ? room.themeTallies[q.id] || {} : null;
  if (dots && groups.length) $("bv-themes-heading").textContent += " · " + w("voting_on_themes");
  groups.forEach(function (t) {
    var li = el("li");
    li.appendChild(el("p", "bv-text", t.label));
    var total = dots ? (dots[t.id] || {}).total || 0
      : t.ideas.reduce(function (sum, i) { return sum + votes(room, i); }, 0);
    var line = t.ideas.length === 1 ? w("theme_idea") : w("theme_ideas", { n: t.ideas.length });
    if (!resultsHidden(room)) line += " · " + voteWords(total);
    li.appendChild(el("p", "bv-meta", line));
    list.appendChild(li);
  });
  $("bv-no-themes").hidden = groups.length > 0;
  $("bv-no-themes").textContent = w("no_themes");
}

function render(announce) {
  if (!room.workshop) return;
  var q = room.workshop.ended ? null : boardQuestion(room);
  drawQuestion(q);
  var count = drawIdeas(q);
  drawThemes(q);
  var id = q ? q.id : null;
  var hidden = resultsHidden(room);
  if (announce) {
    if (id !== last.question && q) say(w("new_question", { text: easy() ? q.easy_read : q.text }));
    else if (id === last.question && count > last.count) {
      var more = count - last.count;
      say(more === 1 ? w("new_idea") : w("new_ideas", { n: more }));
    } else if (last.hidden && !hidden) say(w("revealed"));
  }
  last = { question: id, count: count, hidden: hidden };
}

var soonTimer = null;
function soon() {
  if (soonTimer) return;
  soonTimer = window.setTimeout(function () { soonTimer = null; render(true); }, 400);
}

var live = new Live({
  code: code, view: "board", room: room,
  handlers: {
    connection: function (online) { $("bv-connection").textContent = online === false ? w("offline") : ""; },
    snapshot: function (snap) {
      themes = {};
      (snap.themes || []).forEach(function (t) { themes[t.question_id] = t.groups; });
      render(false);
    },
    event: function (e) {
      var d = e.data || {};
      if (e.type === "themes_changed") themes[d.question_id] = d.groups || [];
      soon();
    },
    tallies: soon,
  },
});
// This page only listens: the phone's own outbox (same key) is never sent from here.
live.outbox = [];
live.outboxKey = "workshop:" + code + ":board-view";
document.addEventListener("easyreadchange", function () { render(false); });
