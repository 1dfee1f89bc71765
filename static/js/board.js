/* The projected board: the open question, its ideas in the view the
 * facilitator chose (or the one in the URL), the timer, and how to join.
 *
 * Counts are drawn only when the server sends them: while results are hidden
 * it sends none, so ideas are listed newest first, never ranked.
 */
import { $, el, plural } from "./lib/dom.js";
import { Live } from "./lib/live.js";
import { createRoom, ideasOn, openQuestion, resultsHidden, roleLabel, stageOf } from "./lib/room.js";
import { maxVotes, ranked, tallyOf, timeLeft, votes } from "./lib/count.js";

var params = new URLSearchParams(window.location.search);
var VIEWS = ["ideas", "priority", "outcome", "role", "results"];
var pinned = { view: VIEWS.indexOf(params.get("view")) >= 0 ? params.get("view") : null,
               rank: ["room", "experts"].indexOf(params.get("rank")) >= 0 ? params.get("rank") : null };
var room = createRoom("board");

function hidden() { return resultsHidden(room); }
function view() { return pinned.view || room.settings.board_view || "ideas"; }
function rank() { return pinned.rank || room.settings.board_rank || "room"; }

function ideasOf(q) {
  var list = ideasOn(room, q);
  if (hidden()) return list.sort(function (a, b) { return b.id - a.id; });
  return ranked(room, list, rank());
}

function card(idea, top, compact) {
  var li = el("li", "card" + (idea.expert_by_experience ? " card-ebe" : "") + (compact ? " card-compact" : ""));
  li.dataset.ideaId = idea.id;
  li.appendChild(el("p", "card-text", (compact && idea.rating ? idea.rating.toUpperCase() + ": " : "") + idea.text));
  var roles = (idea.author_roles || [idea.author_role]).map(function (r) { return roleLabel(room, r); }).join(", ");
  var meta = (idea.expert_by_experience ? "★ " : "") + roles;
  if (idea.rating) meta += " · risk: " + idea.rating;
  if (!compact) li.appendChild(el("p", "card-meta", meta));
  if (!hidden()) {
    var bar = el("div", "bar");
    var fill = el("span", "bar-fill");
    fill.style.width = Math.round(100 * votes(room, idea) / Math.max(top, 1)) + "%";
    bar.appendChild(fill);
    li.appendChild(bar);
    li.appendChild(el("p", "card-votes", plural(votes(room, idea), " vote", " votes")));
  }
  return li;
}

function lane(title, ideas, top, className, compact) {
  var section = el("section", "lane " + (className || ""));
  section.appendChild(el("h2", "lane-title", title + " (" + ideas.length + ")"));
  var list = el("ol", "lane-cards");
  ideas.forEach(function (idea) { list.appendChild(card(idea, top, compact)); });
  section.appendChild(list);
  return section;
}

function grouped(ideas, groups, keyOf, top) {
  var box = el("div", "groups");
  groups.forEach(function (g) {
    var members = ideas.filter(function (i) { return keyOf(i).indexOf(g.key) >= 0; });
    box.appendChild(lane(g.label, members, top, members.length ? "" : "lane-empty", true));
  });
  return box;
}

function resultsView(ideas) {
  var box = el("div", "results");
  if (hidden()) {
    box.appendChild(el("p", "results-hidden", "The results are hidden until the facilitator reveals them."));
    return box;
  }
  var top = maxVotes(room, ideas);
  var list = el("ol", "results-list");
  ideas.forEach(function (idea, n) {
    var li = el("li", "result" + (idea.expert_by_experience ? " card-ebe" : ""));
    li.appendChild(el("span", "result-rank", String(n + 1)));
    var body = el("div", "result-body");
    body.appendChild(el("p", "card-text", idea.text));
    var bar = el("div", "bar bar-split");
    var byRole = tallyOf(room, idea).by_role || {};
    room.workshop.roles.forEach(function (r) {
      if (!byRole[r.key]) return;
      var seg = el("span", "bar-fill" + (r.expert_by_experience ? " bar-ebe" : ""));
      seg.style.width = (100 * byRole[r.key] / top) + "%";
      bar.appendChild(seg);
    });
    body.appendChild(bar);
    var split = room.workshop.roles.filter(function (r) { return byRole[r.key]; })
      .map(function (r) { return (r.expert_by_experience ? "★ " : "") + r.label + " " + byRole[r.key]; });
    body.appendChild(el("p", "card-meta", votes(room, idea) + " votes" + (split.length ? ": " + split.join(" · ") : "")));
    li.appendChild(body);
    list.appendChild(li);
  });
  box.appendChild(list);
  return box;
}

var HEADINGS = {
  ideas: "Ideas", priority: "Ideas by Social Value priority", outcome: "Ideas by kind of outcome",
  role: "Ideas by who said them", results: "Results by role",
};

function render() {
  if (!room.workshop) return;
  $("participants").textContent = room.participants;
  $("results-note").hidden = !hidden();
  var q = openQuestion(room);
  var stage = stageOf(room, q);
  $("question-stage").textContent = stage ? stage.name + " stage · " : "";
  $("question-text").textContent = q ? q.text : "Waiting for the next question…";
  $("question-text").className = q && q.text.length > 150 ? "long" : "";
  var container = $("view");
  container.textContent = "";
  document.querySelector("main.board").dataset.view = view();
  renderTimer();
  if (!q) { $("view-heading").textContent = ""; return; }
  var ideas = ideasOf(q);
  var top = maxVotes(room, ideas);
  var v = view();
  var heading = HEADINGS[v];
  if (!hidden() && (v === "results" || v === "ideas")) {
    heading += rank() === "experts" ? " · ranked by experts by experience" : " · ranked by the whole room";
  }
  $("view-heading").textContent = heading;
  if (v === "ideas" && q.stage === "plan" && room.outcomes.length) {
    $("view-heading").textContent = "Answers about each provisional outcome";
    // On a risk question each outcome's lane says how the room rated it.
    var outcomeGroups = room.outcomes.map(function (o) {
      var label = o.text;
      if (q.kind === "risk") {
        var mine = ideas.filter(function (i) { return i.outcome_id === o.id; });
        label += " · risk " + ["low", "medium", "high"].map(function (r) {
          return r + " " + mine.filter(function (i) { return i.rating === r; }).length;
        }).join(", ");
      }
      return { key: o.id, label: label };
    });
    container.appendChild(grouped(ideas, outcomeGroups, function (i) { return [i.outcome_id]; }, top));
  } else if (v === "ideas") {
    var lanes = el("div", "lanes");
    lanes.appendChild(lane("★ Experts by experience", ideas.filter(function (i) { return i.expert_by_experience; }), top, "lane-ebe"));
    lanes.appendChild(lane("Everyone else", ideas.filter(function (i) { return !i.expert_by_experience; }), top, "lane-room"));
    container.appendChild(lanes);
  } else if (v === "priority") {
    var priorities = room.workshop.priorities.map(function (p) { return { key: p.key, label: p.name }; });
    priorities.push({ key: null, label: "No priority given" });
    container.appendChild(grouped(ideas, priorities, function (i) { return [i.priority || null]; }, top));
  } else if (v === "outcome") {
    var kinds = room.workshop.outcome_kinds.map(function (k) { return { key: k.key, label: k.short || k.name }; });
    kinds.push({ key: null, label: "No kind given" });
    container.appendChild(grouped(ideas, kinds, function (i) { return [i.outcome_kind || null]; }, top));
  } else if (v === "role") {
    var roles = room.workshop.roles.map(function (r) { return { key: r.key, label: (r.expert_by_experience ? "★ " : "") + r.label }; });
    container.appendChild(grouped(ideas, roles, function (i) { return i.author_roles || [i.author_role]; }, top));
  } else {
    container.appendChild(resultsView(ideas));
  }
  fit();
}

// Cards that would spill off the projector are left out, with a count, so
// the board never scrolls and the QR code never moves.
function fit() {
  document.querySelectorAll(".lane-cards, .results-list").forEach(function (list) {
    var dropped = 0;
    while (list.scrollHeight > list.clientHeight + 1 && list.children.length > 1) {
      list.removeChild(list.lastElementChild);
      dropped += 1;
    }
    if (list.children.length === 1 && list.scrollHeight > list.clientHeight + 1) {
      list.removeChild(list.lastElementChild);
      dropped += 1;
    }
    if (dropped) {
      var more = el("li", "more", "+ " + dropped + " more");
      list.appendChild(more);
      while (list.scrollHeight > list.clientHeight + 1 && list.children.length > 1) {
        list.removeChild(more.previousElementSibling);
        dropped += 1;
        more.textContent = "+ " + dropped + " more";
      }
    }
  });
}

// Every screen shows the same time left (lib/count.js).
function renderTimer() {
  var node = $("timer");
  var left = timeLeft(room, openQuestion(room));
  if (!left) { node.hidden = true; return; }
  node.hidden = false;
  node.className = "board-timer" + (left.up ? " timer-up" : "") + (left.running ? "" : " timer-paused");
  node.textContent = left.up ? "Time is up" : (left.running ? left.clock : "Paused " + left.clock);
}
window.setInterval(renderTimer, 500);

new Live({
  code: document.body.dataset.code, view: "board", room: room,
  handlers: {
    connection: function (online) {
      $("connection").textContent = online ? "" : "Reconnecting…";
    },
    snapshot: render,
    event: render,
    tallies: render,
  },
});
window.addEventListener("resize", render);
