/* The projected board: the question on the wall, every shown idea of it in
 * the view the facilitator chose (or the one in the URL), the timer, and how
 * to join.
 *
 * The whole room reaches the wall: each view is a set of lanes, and a lane
 * holds as many cards as fit at a size readable from the back row; the rest
 * go on further pages that turn by themselves (pace and pause set from the
 * console, arrow keys or a presenter's clicker turn them by hand). Counts
 * are drawn only when the server sends them: while results are hidden it
 * sends none, and ideas are listed oldest first, never ranked.
 */
import { $, el, plural } from "./lib/dom.js";
import { Live } from "./lib/live.js";
import { boardQuestion, createRoom, ideasOn, resultsHidden, roleLabel, stageOf } from "./lib/room.js";
import { maxVotes, ranked, tallyOf, timeLeft, votes } from "./lib/count.js";
import { BoardThemes } from "./board-themes.js";
import { kindOf } from "./kinds/index.js";
import { BoardEasy } from "./board-easy.js";
import { BoardSide } from "./board-side.js";
import { QuietCounts } from "./quiet-counts.js";
import { roleBar, roleKey } from "./role-bar.js";
import { nameSpan, shorten } from "./lib/shorten.js";
import { levelWords, serverPlaces, sharedPlaces } from "./lib/places.js";

var ENDED = "This workshop has ended. Thank you.";
var params = new URLSearchParams(window.location.search);
var VIEWS = ["ideas", "priority", "outcome", "role", "results", "themes"];
var pinned = { view: VIEWS.indexOf(params.get("view")) >= 0 ? params.get("view") : null,
               rank: ["room", "experts", "cross_role"].indexOf(params.get("rank")) >= 0 ? params.get("rank") : null };
var room = createRoom("board");
var quiet = QuietCounts(room, "quiet-board", true);  // issue 25, if the facilitator chooses
var themes = BoardThemes(room);
var easy = BoardEasy(room);  // the question in easy read, and read aloud
var side = BoardSide(document.querySelector(".board-side"));  // fits whatever the side column holds
// How many pages this screen has, and the page last drawn; which page is up
// is the server's (serverPage), so every board of the workshop turns in step.
// The arrow keys nudge this board alone until the facilitator next turns.
var pager = { pages: 1, drawn: null, nudge: 0 };

function hidden() { return resultsHidden(room); }
function view() { return pinned.view || room.settings.board_view || "ideas"; }
// A no-break space before every " · " on the wall: a line may end with the dot, never start with it.
var RANKED_BY = { room: "\u00a0· ranked by the whole room", experts: "\u00a0· ranked by experts by experience",
                  cross_role: "\u00a0· ranked across the roles" };
function rank() { return pinned.rank || room.settings.board_rank || "room"; }

function ideasOf(q) {
  var list = ideasOn(room, q);
  // Oldest first while counts are hidden: pages stay put as ideas arrive.
  if (hidden()) return list.sort(function (a, b) { return a.id - b.id; });
  return ranked(room, list, rank());
}

function rolesOf(idea) {
  return (idea.author_roles || [idea.author_role]).map(function (r) { return roleLabel(room, r); }).join(", ");
}

// While the room can still add to the question, an empty lane or a count of
// nothing is "none yet"; after it closes, or after End, "none".
function asking() {
  var q = boardQuestion(room);
  return !!q && q.status === "open" && !room.workshop.ended;
}
function none() { return asking() ? "none yet" : "none"; }

// A card's votes after who said it: "Care provider · 3 votes", and nothing
// at all for an idea nobody voted for (never "0 votes"), as on the phones.
// Set again when a tally moves, so a first vote adds the count and a last
// one taken back removes it.
function cardVotes(meta, idea) {
  var n = votes(room, idea);
  var count = meta.querySelector(".votes");
  if (!n) {
    if (count) { meta.removeChild(count.previousSibling); meta.removeChild(count); }
    return;
  }
  if (!count) {
    meta.appendChild(document.createTextNode("\u00a0· "));  // "Care provider ·" / "3 votes", never "· 3 votes"
    count = meta.appendChild(el("span", "votes"));
  }
  count.textContent = plural(n, " vote", " votes");
}

// Every card in every view carries the star and highlight of an expert by experience.
function card(idea, top) {
  var li = el("li", "card" + (idea.expert_by_experience ? " card-ebe" : ""));
  li.dataset.ideaId = idea.id;
  if (idea.rating) li.appendChild(el("p", "card-rating rating-" + idea.rating, idea.rating + " risk"));
  li.appendChild(el("p", "card-text", idea.text));
  var meta = el("p", "card-meta");
  if (idea.expert_by_experience) meta.appendChild(el("span", "star", "★ "));
  meta.appendChild(nameSpan(rolesOf(idea)));
  li.appendChild(meta);
  if (!hidden()) cardVotes(meta, idea);
  return li;
}

// A row of the results leads with its votes, in words when there are none.
function resultVotes(idea) {
  var n = votes(room, idea);
  return n ? plural(n, " vote", " votes") : "No votes";
}

/* Each idea's place in the board's ordering, as the server placed it: level
 * ideas share one (1, 2, 2, 4), as on the console and in the report. An idea
 * newer than the last order pushed follows the ones placed. */
function placeIdeas(q, ideas) {
  var places = serverPlaces(room.orders, q, rank(), ideas);
  ideas.forEach(function (idea) { idea.place = places[idea.id]; });
  var shared = sharedPlaces(places);
  ideas.forEach(function (idea) { idea.level = levelWords(idea.place, shared); });
}

function resultRow(idea, top) {
  var li = el("li", "card result" + (idea.expert_by_experience ? " card-ebe" : ""));
  li.dataset.ideaId = idea.id;
  li.appendChild(el("span", "result-rank", String(idea.place)));
  var body = el("div", "result-body");
  body.appendChild(el("p", "card-text", idea.text));
  // One line under the words: each role's votes (a segment with its own
  // colour, pattern and count, the experts' "★ 3", named in the key), then
  // the votes and who said it (last: on a narrow line the roles give way,
  // never the count).
  var line = el("div", "result-line");
  line.appendChild(roleBar(room.workshop.roles, tallyOf(room, idea).by_role || {}, top));
  var meta = el("p", "card-meta");
  if (idea.level) meta.appendChild(el("span", "result-level", idea.level + "\u00a0· "));
  meta.appendChild(el("span", "votes card-votes", resultVotes(idea)));
  meta.appendChild(document.createTextNode("\u00a0· "));
  if (idea.expert_by_experience) meta.appendChild(el("span", "star", "★ "));
  meta.appendChild(document.createTextNode(rolesOf(idea)));
  line.appendChild(meta);
  body.appendChild(line);
  li.appendChild(body);
  return li;
}

// The side column's keys, where they take no row from the wall, each shown
// only while the wall has something it explains: the role key while a bar
// coloured by role is drawn (results revealed, votes cast), the ★ key while a
// ★ is (a card, a tile's split, a ranking's role). Hidden results, a ranking's
// hidden order, a question with no ideas yet: neither.
function showKeys() {
  var wall = $("view");
  var bars = !!wall.querySelector(".bar-split .bar-fill");
  var box = $("role-key");
  box.hidden = !bars;
  if (bars && !box.querySelector(".role-key")) box.appendChild(roleKey(room.workshop.roles));
  document.querySelector(".board-side .legend").hidden = bars || !starred(wall);  // the role key names the ★ role too
}

// A ★ the room sees on the wall (a screen reader's copy of a split is not seen).
function starred(wall) {
  var walk = document.createTreeWalker(wall, NodeFilter.SHOW_TEXT);
  for (var t = walk.nextNode(); t; t = walk.nextNode()) {
    if (t.data.indexOf("★") >= 0 && !t.parentElement.closest(".visually-hidden")) return true;
  }
  return false;
}

// The lanes of each view: a title and the ideas in it. Empty lanes of a
// grouped view are named in one line instead of taking a quarter of the wall.
function lanesFor(v, q, ideas) {
  if (v === "results") {
    placeIdeas(q, ideas);
    return { layout: "results", lanes: [{ title: null, items: ideas, draw: resultRow }], empty: [] };
  }
  if (v === "themes") return themes.lanes(q, ideas);  // a theme stepped into
  if (v === "ideas" && q.stage === "plan" && room.outcomes.length) return planLanes(q, ideas);
  if (v === "ideas") {
    return { layout: "lanes", empty: [], lanes: [
      { title: "★ Experts by experience", className: "lane-ebe", items: ideas.filter(function (i) { return i.expert_by_experience; }), keep: true },
      { title: "Everyone else", className: "lane-room", items: ideas.filter(function (i) { return !i.expert_by_experience; }), keep: true },
    ] };
  }
  var groups, keyOf;
  if (v === "priority") {
    groups = room.workshop.priorities.map(function (p) { return { key: p.key, label: p.name }; });
    groups.push({ key: null, label: "No priority given" });
    keyOf = function (i) { return [i.priority || null]; };
  } else if (v === "outcome") {
    groups = room.workshop.outcome_kinds.map(function (k) { return { key: k.key, label: k.short || k.name }; });
    groups.push({ key: null, label: "No kind given" });
    keyOf = function (i) { return [i.outcome_kind || null]; };
  } else {
    groups = room.workshop.roles.map(function (r) {
      return { key: r.key, label: (r.expert_by_experience ? "★ " : "") + r.label, ebe: r.expert_by_experience, name: true };
    });
    keyOf = function (i) { return i.author_roles || [i.author_role]; };
  }
  return grouped(groups, ideas, keyOf);
}

function grouped(groups, ideas, keyOf) {
  var lanes = [], empty = [];
  groups.forEach(function (g) {
    var members = ideas.filter(function (i) { return keyOf(i).indexOf(g.key) >= 0; });
    if (members.length) lanes.push({ title: g.label, items: members, className: g.ebe ? "lane-ebe" : "", name: g.name });
    else empty.push(g.label);
  });
  return { layout: "groups", lanes: lanes, empty: empty };
}

// The Plan board: answers under each provisional outcome, with how the room rated its risk.
function planLanes(q, ideas) {
  var kind = kindOf(q);
  var groups = room.outcomes.map(function (o) {
    var title = o.text;
    if (kind.outcomeTitle) title = kind.outcomeTitle(title, ideas.filter(function (i) { return i.outcome_id === o.id; }));
    return { key: o.id, label: title };
  });
  groups.push({ key: null, label: "Not about one outcome" });
  // The kind may order an outcome's answers (a risk question: highest rated first).
  if (kind.orderAnswers) ideas = kind.orderAnswers(ideas);
  var result = grouped(groups, ideas, function (i) { return [i.outcome_id || null]; });
  result.empty = result.empty.filter(function (label) { return label !== "Not about one outcome"; });
  result.plan = true;
  return result;
}

function header(q) {
  var ended = room.workshop.ended;
  // After End the wall names the workshop, not a stage nobody can take part in.
  var stage = ended ? null : stageOf(room, q);
  $("question-stage").textContent = stage ? stage.name + " stage" + (q.status === "closed" ? "\u00a0· closed" : "") + "\u00a0· " : "";
  $("question-text").textContent = ended ? ENDED : (q ? q.text : "Waiting for the next question…");
  $("question-text").className = q && !ended && q.text.length > 150 ? "long" : "";
  $("board-join").hidden = !!ended;
  $("ended-note").hidden = !ended;
  easy.header(q, ended);
}

// People taking part through outreach are counted apart from "in the room".
var outreach = 0;
function inTheRoom() { return Math.max(0, room.participants - outreach); }

// "93 in the room" (after End "93 took part"), never "0 in the room".
function people() {
  var n = inTheRoom(), node = $("people"), ended = room.workshop && room.workshop.ended;
  node.hidden = !n && ended;
  node.textContent = n ? "" : "No one has joined yet";
  if (!n) return;
  node.appendChild(el("span", { id: "participants" }, String(n)));
  node.appendChild(document.createTextNode(ended ? " took part" : " in the room"));
}

function render() {
  draw();
  showKeys();
  side.fit();
}

function draw() {
  if (!room.workshop) return;
  people();
  $("results-note").hidden = !hidden();
  var q = boardQuestion(room);
  header(q);
  renderTimer();
  var container = $("view");
  container.textContent = "";
  var main = document.querySelector("main.board");
  main.dataset.view = view();
  main.removeAttribute("data-overview");
  main.removeAttribute("data-stepped");
  $("view-heading").textContent = "";
  if (!q) { setPages(0, 0); return; }
  var spot = room.settings.spotlight_idea_id && room.ideas[room.settings.spotlight_idea_id];
  if (spot && spot.status === "shown" && spot.question_id === q.id) { spotlight(container, spot); return; }
  var kind = kindOf(q);
  if (kind.drawBoard) {  // a kind with its own answer (a ranking) draws its own standing
    $("view-heading").textContent = kind.drawBoard(container, q, room, hidden());
    // Measured with its heading's line in place; it may take pages (each role's order).
    var drawn = kind.fitBoard ? kind.fitBoard(container, serverPage()) : null;
    setPages(drawn ? drawn.page : 0, drawn ? drawn.pages : 0);
    return;
  }
  var ideas = ideasOf(q);
  var v = view();
  if (v === "themes" && ideas.length && !themes.stepped(q)) {
    main.setAttribute("data-overview", "");  // the question steps down (themes.css)
    // The heading's lines are there while the tiles are measured (else a page
    // measured 40px taller hides its last tiles in a column off the screen).
    // The room's vote on the themes is said on the heading's line, not a line of its own.
    var named = themes.count(q);  // none yet: the wall says so below, never "0 themes"
    $("view-heading").textContent = "Themes\u00a0· " + (named ? plural(named, " theme", " themes") + "\u00a0· " : "") +
      plural(ideas.length, " idea", " ideas") + (q.vote_on === "themes" && !room.workshop.ended ? "\u00a0· Vote on these themes on your phone" : "");
    var drawn = themes.overview(container, q, ideas, serverPage());
    setPages(drawn.page, drawn.pages);
    return;
  }
  if (v === "themes" && themes.stepped(q)) main.setAttribute("data-stepped", "");  // steps down too (themes.css)
  var spec = lanesFor(v, q, ideas);
  $("view-heading").textContent = heading(v, spec, spec.count === undefined ? ideas.length : spec.count);
  if (v === "results" && hidden()) {
    container.appendChild(el("p", "results-hidden", "The results are hidden until the facilitator reveals them."));
    setPages(0, 0);
    return;
  }
  if (!ideas.length) {
    // After End a question may still be open, but nobody can add to it.
    var asking = q.status === "open" && !room.workshop.ended;
    container.appendChild(el("p", "board-empty", asking ? "No ideas yet. Scan the code to add yours." : "No ideas on this question."));
    setPages(0, 0);
    return;
  }
  drawPage(container, spec, maxVotes(room, ideas));
}

var HEADINGS = {
  ideas: "Ideas", priority: "Ideas by Social Value priority", outcome: "Ideas by kind of outcome",
  role: "Ideas by who said them", results: "Results by role", themes: "Themes",
};

function heading(v, spec, count) {
  var text = spec.heading || (spec.plan ? "Answers about each provisional outcome" : HEADINGS[v]);
  // No "0 ideas": the wall below says there are none yet.
  if (count) text += "\u00a0· " + (spec.plan ? plural(count, " answer", " answers") : plural(count, " idea", " ideas"));
  if (!hidden() && (v === "results" || v === "ideas")) {
    text += RANKED_BY[rank()] || RANKED_BY.room;
  }
  return text;
}

// A grouped view shows three lanes at a time, each the board's full height
// (six lanes of one card each would page as often and show less); the next
// three take their turn, each set paging through its own cards.
var LANES_AT_ONCE = 3;

function buildSet(container, spec, set) {
  var box = el("div", spec.layout);
  if (spec.layout === "groups") box.classList.add("groups-" + set.length);
  container.insertBefore(box, container.firstChild);
  return set.map(function (lane) {
    var section = el("section", "lane " + (lane.className || ""));
    var title = lane.title && section.appendChild(el("h2", "lane-title"));
    if (title && lane.name) title.appendChild(nameSpan(lane.title));  // a role's name: held to its lines
    else if (title) title.textContent = lane.title;
    // How many, in the title; an empty lane says so in words, never "(0)".
    if (title && !lane.uncounted) title.appendChild(document.createTextNode(lane.items.length ? " (" + lane.items.length + ")" : "\u00a0· " + none()));
    var list = el("ol", "lane-cards" + (spec.layout === "results" ? " results-list" : ""));
    section.appendChild(list);
    box.appendChild(section);
    if (title) shorten(title, NAME_LINES);
    return list;
  });
}

function drawPage(container, spec, top) {
  var draw = function (lane) { return function (idea) { return (lane.draw || card)(idea, top); }; };
  if (spec.empty.length) container.appendChild(el("p", "lane-none", "Nothing yet on: " + spec.empty.join("\u00a0· ")));
  var per = spec.layout === "groups" ? (spec.plan ? 2 : LANES_AT_ONCE) : spec.lanes.length;
  var sets = [];
  for (var n = 0; n < spec.lanes.length; n += per) sets.push(spec.lanes.slice(n, n + per));
  // Pages come from measuring the real lanes at this screen's size.
  var look = spec.layout === "results" ? 1 : LOOKAHEAD;
  var solos = [];
  var plan = sets.map(function (set) {
    var lists = buildSet(container, spec, set);
    var pages = set.map(function (lane, i) {
      var result = paginate(lists[i], lane.items, draw(lane), look);
      result.solos.forEach(function (idea) { solos.push({ lane: lane, idea: idea }); });
      return result.pages;
    });
    container.removeChild(container.firstChild);
    return { set: set, pages: pages, count: Math.max.apply(null, pages.map(function (x) { return x.length; })) };
  });
  var lanePages = plan.reduce(function (sum, p) { return sum + p.count; }, 0);
  var total = lanePages + solos.length;
  var page = pageOf(total);
  if (page >= lanePages) { solo(container, solos[page - lanePages], draw); setPages(page, total); return; }
  var inner = page, which = 0;
  while (inner >= plan[which].count) { inner -= plan[which].count; which += 1; }
  var chosen = plan[which];
  var lists = buildSet(container, spec, chosen.set);
  chosen.set.forEach(function (lane, i) {
    var own = chosen.pages[i];
    fill(lists[i], own[inner % own.length], draw(lane));
  });
  setPages(page, total);
}

// A card too long for its lane gets a page of its own, the board's full width.
function solo(container, entry, draw) {
  var box = el("div", "solo");
  var section = el("section", "lane " + (entry.lane.className || ""));
  if (entry.lane.title) section.appendChild(el("h2", "lane-title", entry.lane.title));
  var list = el("ol", "lane-cards solo-cards");
  section.appendChild(list);
  box.appendChild(section);
  container.insertBefore(box, container.firstChild);
  fill(list, [entry.idea], draw(entry.lane));
}

// A card that does not fit may let one of the next few take its place, so a
// long card does not leave half a lane empty; the results keep strict order.
var LOOKAHEAD = 6;

// Who said an idea (and a role's lane title) takes at most the two lines the
// framework's own names take in the narrowest lane: a workshop's longer name
// for a role is cut at a word there, whole for screen readers (lib/shorten.js).
var NAME_LINES = 2;

function overflows(node) {
  return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
}

function paginate(list, items, draw, look) {
  var pages = [], solos = [], rest = items.slice();
  while (rest.length) {
    list.textContent = "";
    var page = [], misses = 0, i = 0;
    while (i < rest.length && misses < look) {
      var node = draw(rest[i]);
      list.appendChild(node);
      shorten(node, NAME_LINES);
      if (!overflows(list)) { page.push(rest.splice(i, 1)[0]); continue; }
      list.removeChild(node);
      if (!page.length) { solos.push(rest.splice(i, 1)[0]); continue; }  // too long for the lane
      misses += 1;
      i += 1;
    }
    if (page.length) pages.push(page);
  }
  return { pages: pages.length ? pages : [[]], solos: solos };
}

function fill(list, page, draw) {
  list.textContent = "";
  page.forEach(function (idea) { shorten(list.appendChild(draw(idea)), NAME_LINES); });
  if (page.length === 1 && overflows(list)) alone(list, list.firstChild);
}

// A card too long for its slot gets the lane's whole width on a page of its
// own; only if it still does not fit does its type step down, never its words.
function alone(list, node) {
  node.classList.add("card-alone");
  var size = 100;
  shorten(node, NAME_LINES);  // the lane's whole width: more of a long name fits
  while (overflows(list) && size > 60) {
    size -= 5;
    node.style.fontSize = size + "%";
    shorten(node, NAME_LINES);
  }
}

function spotlight(container, idea) {
  $("view-heading").textContent = "In the spotlight";
  var box = el("div", "spotlight" + (idea.expert_by_experience ? " card-ebe" : ""));
  box.dataset.ideaId = idea.id;
  box.appendChild(el("p", "spotlight-text", idea.text));
  var meta = el("p", "card-meta");
  if (idea.expert_by_experience) meta.appendChild(el("span", "star", "★ Expert by experience\u00a0· "));
  meta.appendChild(document.createTextNode(rolesOf(idea)));
  box.appendChild(meta);
  container.appendChild(box);
  spotVotes(box, idea);
  setPages(0, 0);
}

// The spotlight's count, set again when a tally moves (updateCounts): as on a
// card, none while results are hidden and nothing for no votes.
function spotVotes(box, idea) {
  var n = hidden() ? 0 : votes(room, idea);
  var count = box.querySelector(".card-votes");
  if (!n && count) box.removeChild(count);
  else if (n) (count || box.appendChild(el("p", "card-votes"))).textContent = plural(n, " vote", " votes");
  // As large as fits with the count in: the type steps down from 1.6 times a card's, never below a card's.
  var text = box.querySelector(".spotlight-text");
  text.style.fontSize = "";
  for (var size = 1.6; size > 1 && overflows(box); size -= 0.1) text.style.fontSize = size.toFixed(1) + "em";
}

function setPages(page, pages) {
  pager.pages = pages;
  pager.drawn = page;
  var main = document.querySelector("main.board");
  main.dataset.page = String(page + 1);
  main.dataset.pages = String(pages);
  var node = $("page-indicator");
  node.hidden = pages < 2;
  // "Page 1 of 59" is never broken; "(paused)" may go under it in the side column.
  node.textContent = "Page\u00a0" + (page + 1) + "\u00a0of\u00a0" + pages;
  if (room.settings.board_paused) node.appendChild(el("span", "paused", " (paused)"));
  pageNote(pages);
}

/* A wall that takes minutes to come round (150 ideas are 59 pages at 44 px
 * idea text: about 12 minutes at 12 s a page) says so plainly, and where the
 * room can read every idea at once: the accepted themes (one or two pages,
 * the facilitator's to show), else each person's phone while they can still
 * use it. Nothing shorter than LONG_TURN is worth the words. */
var LONG_TURN = 180;  // seconds

function pageNote(pages) {
  var node = $("page-note"), s = room.settings;
  var seconds = s.board_seconds || 12;
  var q = boardQuestion(room);
  node.hidden = !q || pages * seconds < LONG_TURN;
  if (node.hidden) return;
  var said = [];
  if (!s.board_paused) said.push("All " + pages + " pages take about " + Math.round(pages * seconds / 60) + " minutes.");
  var grouped = view() !== "themes" && themes.count(q);
  if (grouped) said.push("The ideas are in " + plural(grouped, " theme.", " themes."));
  else if (asking() && kindOf(q).takesIdeas) said.push("Every idea is on your phone too.");
  node.textContent = said.join(" ");
  node.hidden = !said.length;
}

// A tally push moves numbers, not cards: the page in view keeps its order
// until it turns, so nobody loses the card they are reading.
function updateCounts() {
  // The spotlight stands in front of any view; drawn only while its idea is shown (draw).
  var spot = document.querySelector("#view .spotlight[data-idea-id]");
  if (spot) { spotVotes(spot, room.ideas[spot.dataset.ideaId]); return; }
  if (view() === "results" || view() === "themes") { soon(); return; }  // rankings and sums move
  if (hidden()) return;
  document.querySelectorAll("#view .card[data-idea-id]").forEach(function (node) {
    var idea = room.ideas[node.dataset.ideaId];
    if (idea) cardVotes(node.querySelector(".card-meta"), idea);
  });
  // A first vote adds "· 1 vote" to a card: if its line wraps and the lane no
  // longer holds its cards, the page is measured again rather than cut.
  if (Array.prototype.some.call(document.querySelectorAll("#view .lane-cards"), overflows)) soon();
}

// The page every board shows now: the one the facilitator last chose, plus
// one for each page's time since, by the server's clock (room.clockOffset).
function serverPage() {
  var s = room.settings;
  var page = (s.board_page || 0) + pager.nudge;
  if (s.board_paused || !s.board_page_at) return page;
  var since = Date.now() + room.clockOffset - Date.parse(s.board_page_at);
  return page + Math.max(0, Math.floor(since / ((s.board_seconds || 12) * 1000)));
}

function pageOf(total) { return ((serverPage() % total) + total) % total; }

function turn(by) {
  if (pager.pages < 2) return;
  pager.nudge += by;
  render();
}

// Redraw when the server's page moves on; drawing between turns would
// reshuffle a page as ideas arrive.
window.setInterval(function () {
  if (pager.pages > 1 && pageOf(pager.pages) !== pager.drawn) render();
}, 250);

document.addEventListener("keydown", function (e) {
  if (e.key === "ArrowRight" || e.key === "PageDown") { e.preventDefault(); turn(1); }
  if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); turn(-1); }
  if (e.key === "Home") { e.preventDefault(); pager.nudge = -(serverPage() - pager.nudge); render(); }
});

// Every screen shows the same time left (lib/count.js).
function renderTimer() {
  var node = $("timer");
  var q = boardQuestion(room);
  // After End the clock counts down to nothing the room can do.
  var ended = room.workshop && room.workshop.ended;
  var left = q && q.status === "open" && !ended ? timeLeft(room, q) : null;
  if (!left) { node.hidden = true; return; }
  node.hidden = false;
  node.className = "board-timer" + (left.up ? " timer-up" : "") + (left.running ? "" : " timer-paused");
  node.textContent = left.up ? "Time is up" : (left.running ? left.clock : "Paused " + left.clock);
}
window.setInterval(renderTimer, 500);

// Arrivals come in bursts: redraw at most a few times a second.
var pending = null;
function soon() {
  if (pending) return;
  pending = window.setTimeout(function () { pending = null; render(); }, 300);
}

new Live({
  code: document.body.dataset.code, view: "board", room: room,
  handlers: {
    connection: function (online) {
      $("connection").textContent = online ? "" : "Reconnecting…";
    },
    snapshot: function (snap) { outreach = snap.outreach_participants || 0; themes.snapshot(snap); render(); quiet.snapshot(snap); },
    event: function (e) {
      themes.event(e);
      easy.event(e);
      quiet.event(e);
      if (e.type === "settings_changed") pager.nudge = 0;  // the facilitator's page wins
      if (e.type === "participant_joined" && (e.data || {}).origin === "outreach") outreach += 1;
      if (e.type === "participant_joined") people();
      // An idea back on the board: its place comes in the orders pushed just after (count.js).
      else if (e.type === "idea_added" || e.type === "idea_restored" || e.type === "idea_approved" ||
               e.type === "idea_unmerged") soon();
      // Orders come in bursts too, and each fits six roles' orders again (kinds/ranking.js).
      else if (e.type === "ranking_changed") soon();
      else render();
    },
    tallies: updateCounts,
  },
});
window.addEventListener("resize", render);
// A kind of question read something more for the board (a ranking's order, on reveal).
window.addEventListener("workshop:kinds", render);
