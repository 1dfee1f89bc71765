/* The ranking kind: the room puts a short list in order.
 *
 * The phone orders the list by dragging an item or with its Up and Down
 * buttons (keyboard and screen reader: each move is announced), then sends
 * the whole order; it may send again, and the latest counts. The board and
 * the console show the room's order and each role's order, as the server
 * ordered them (workshop/room/kinds/ranking.py): screens never re-rank.
 */
import { $, el, plural } from "../lib/dom.js";
import { endedOrder } from "../phone-ended.js";
import { nameSpan, shorten } from "../lib/shorten.js";
import { levelPlaces, levelWords, sharedPlaces } from "../lib/places.js";

var NAME = "ranking";
var mine = {};  // question id -> this phone's order (option ids), sent or not
var kitNow = null;  // the phone's latest kit: its question is the one open now

function rankingOf(room, q) { return (room.rankings || {})[String(q.id)] || null; }

function optionText(option, easy) { return easy && option.easy_read ? option.easy_read : option.text; }

function byId(entry) {
  var map = {};
  entry.options.forEach(function (o) { map[o.id] = o; });
  return map;
}

// The phone

function words(kit, standard, easy, picture) {
  var box = el("span", picture ? "er-label-box" : "");
  if (picture) {
    // Easy read puts a picture beside every sentence that carries meaning.
    box.appendChild(el("img", { src: kit.img + picture + ".svg", alt: "", width: "32", height: "32",
      class: "er-pic for-easy-read" }));
  }
  box.appendChild(el("span", "for-standard", standard));
  box.appendChild(el("span", "for-easy-read", easy));
  return box;
}

function area(kit) {
  var box = $("rank-area");
  if (box) return box;
  box = el("section", { id: "rank-area", class: "rank-area", "aria-labelledby": "rank-heading" });
  var heading = el("h2", { id: "rank-heading" });
  heading.appendChild(words(kit, "Put these in order", "Put these in order", "vote"));
  box.appendChild(heading);
  var help = el("p", { id: "rank-help", class: "hint" });
  help.appendChild(words(kit, "The most important goes at the top. Drag an item, or use its Up and Down buttons.",
    "Put the most important at the top. Press Up or Down to move a thing.", "question"));
  box.appendChild(help);
  var coming = el("p", { id: "rank-coming", class: "hint" });
  coming.appendChild(words(kit, "The list is on its way. It shows here in a moment.",
    "The list is coming. Wait a moment.", "waiting"));
  box.appendChild(coming);
  box.appendChild(el("ol", { id: "rank-list", class: "rank-list", "aria-describedby": "rank-help" }));
  var send = el("button", { type: "button", id: "rank-send" });
  send.appendChild(el("span", "for-standard", "Send my order"));
  send.appendChild(el("span", "for-easy-read", "Send my order"));
  box.appendChild(send);
  box.appendChild(el("p", { id: "rank-feedback", class: "feedback" }));
  var before = $("step-write");
  before.parentNode.insertBefore(box, before);
  return box;
}

function orderFor(q, entry) {
  var known = byId(entry);
  var order = mine[q.id] || entry.mine;
  var ok = order && order.length === entry.options.length && order.every(function (id) { return known[id]; });
  if (!ok) order = entry.options.map(function (o) { return o.id; });
  mine[q.id] = order.slice();
  return mine[q.id];
}

function moveButton(kit, label, easyLabel, text, disabled, onClick) {
  var b = el("button", { type: "button", class: "small secondary rank-move", "aria-label": label + ": " + text });
  b.appendChild(el("span", { class: "rank-arrow", "aria-hidden": "true" }, label === "Move up" ? "↑" : "↓"));
  b.appendChild(el("span", "for-standard", label === "Move up" ? "Up" : "Down"));
  b.appendChild(el("span", "for-easy-read", easyLabel));
  b.disabled = disabled;
  b.addEventListener("click", onClick);
  return b;
}

function drawList(q, entry, kit, focus) {
  var list = $("rank-list");
  var order = mine[q.id];
  var options = byId(entry);
  list.textContent = "";
  order.forEach(function (id, n) {
    var text = optionText(options[id], kit.easy());
    var li = el("li", { class: "rank-item", "data-option": String(id) });
    var grip = el("span", { class: "rank-grip", "aria-hidden": "true", title: "Drag" }, "⠿");
    li.appendChild(grip);
    li.appendChild(el("span", { class: "rank-place", "aria-hidden": "true" }, String(n + 1)));
    li.appendChild(el("span", "rank-text", text));
    var buttons = el("span", "rank-buttons");
    buttons.appendChild(moveButton(kit, "Move up", "Up", text, n === 0, function () { move(q, entry, kit, n, -1, "up"); }));
    buttons.appendChild(moveButton(kit, "Move down", "Down", text, n === order.length - 1, function () { move(q, entry, kit, n, 1, "down"); }));
    li.appendChild(buttons);
    grip.addEventListener("pointerdown", function (e) { startDrag(e, li, q, entry, kit); });
    list.appendChild(li);
  });
  if (focus) {
    var item = list.querySelector('[data-option="' + focus.id + '"] .rank-move:' + (focus.which === "up" ? "first-child" : "last-child"));
    if (item && item.disabled) item = list.querySelector('[data-option="' + focus.id + '"] .rank-move:not([disabled])');
    if (item) item.focus();
  }
}

function announce(q, entry, kit, id) {
  var order = mine[q.id];
  var text = optionText(byId(entry)[id], kit.easy());
  kit.say(text + ": now number " + (order.indexOf(id) + 1) + " of " + order.length + ".");
}

function move(q, entry, kit, from, by, which) {
  var order = mine[q.id];
  var to = from + by;
  if (to < 0 || to >= order.length) return;
  var id = order[from];
  order.splice(from, 1);
  order.splice(to, 0, id);
  $("rank-feedback").textContent = "";
  drawList(q, entry, kit, { id: id, which: which });
  announce(q, entry, kit, id);
}

// Dragging with a finger, a pen or a mouse: the item follows the pointer and
// the list makes room; letting go keeps the new place.
function startDrag(e, li, q, entry, kit) {
  e.preventDefault();
  var list = $("rank-list");
  var id = parseInt(li.dataset.option, 10);
  li.classList.add("dragging");
  li.setPointerCapture && li.setPointerCapture(e.pointerId);
  function onMove(ev) {
    // Near the top or bottom of the screen the page scrolls, so a long list fits a small phone.
    if (ev.clientY < 48) window.scrollBy(0, -24);
    else if (ev.clientY > window.innerHeight - 48) window.scrollBy(0, 24);
    var items = Array.prototype.slice.call(list.children);
    var target = items.filter(function (other) {
      var box = other.getBoundingClientRect();
      return other !== li && ev.clientY > box.top && ev.clientY < box.bottom;
    })[0];
    if (!target) return;
    var box = target.getBoundingClientRect();
    list.insertBefore(li, ev.clientY < box.top + box.height / 2 ? target : target.nextSibling);
  }
  function onUp() {
    document.removeEventListener("pointermove", onMove);
    document.removeEventListener("pointerup", onUp);
    document.removeEventListener("pointercancel", onUp);
    li.classList.remove("dragging");
    mine[q.id] = Array.prototype.map.call(list.children, function (item) { return parseInt(item.dataset.option, 10); });
    $("rank-feedback").textContent = "";
    drawList(q, entry, kit);
    announce(q, entry, kit, id);
  }
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onUp);
  document.addEventListener("pointercancel", onUp);
}

function onSend(kit) {
  var q = kit.question();
  if (!q || q.kind !== NAME) return;
  kit.send("submit_ranking", { question_id: q.id, order: mine[q.id].slice() }, function (reply, item) {
    onReply(reply, item, kit);
  });
  // Offline the reply waits for the connection: say now that the order is kept, as an idea's Send does.
  if (kit.online()) return;
  var node = $("rank-feedback");
  node.className = "feedback";
  node.textContent = kit.easy() ? "No internet. Your order is saved. It will send later."
    : "You are offline. Your order is saved and will be sent when you are back online.";
  kit.say(node.textContent);
}

/* The server's answer to an order; after a reload (its callback gone) through
 * kinds/index.js's `replies`, with the kit of the latest draw or, after End
 * (nothing drawn), none: a refusal at End is said in the ended section either way. */
function onReply(reply, item, kit) {
  kit = kit || kitNow;
  var node = $("rank-feedback");
  if (!reply.ok) {
    if (node) {
      node.className = "feedback feedback-error";
      node.textContent = reply.error.message;
    }
    if (!endedOrder(reply, item.payload.question_id) && kit) kit.say(reply.error.message);  // refused at End: said with the end, once
    return;
  }
  var entry = kit ? rankingOf(kit.room, { id: item.payload.question_id }) : null;
  if (entry) entry.mine = item.payload.order;
  if (!node || !kit) return;
  node.className = "feedback";
  node.textContent = kit.easy() ? "Thank you. We have your order. You can change it and send it again."
    : "Your order is sent. You can change it and send it again.";
  kit.say(node.textContent);
}

/* The screen's snapshot, for the ranking lists it lacks; the phone and the
 * board draw again on "workshop:kinds". Offline, the snapshot on reconnecting
 * brings them. */
function fetchLists(room, then) {
  if (!room.workshop) return;
  var view = room.view === "board" ? "?view=board" : "";
  fetch("/api/w/" + encodeURIComponent(room.workshop.code) + "/snapshot" + view, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (snap) {
      if (!snap || !snap.rankings) return;
      room.rankings = Object.assign(room.rankings || {}, snap.rankings);
      window.dispatchEvent(new CustomEvent("workshop:kinds"));
      if (then) then();
    })
    .catch(function () { /* offline: the next snapshot brings them */ });
}

// The board and the console: the room's order, then each role's

/* An order as a numbered list. With `scores` (the server's, for that order)
 * level options share a place (1, 2, 2, 4), said in words too. */
function standingList(entry, order, className, scores) {
  var options = byId(entry);
  var list = el("ol", className);
  var places = scores ? levelPlaces(order, function (id) { return scores[id]; }) : {};
  var shared = sharedPlaces(places);
  order.forEach(function (id, n) {
    var li = list.appendChild(el("li"));
    li.value = places[id] || n + 1;
    var option = li.appendChild(el("span", "rank-option"));
    var level = levelWords(li.value, shared);
    if (level) option.appendChild(el("span", "rank-level", level + ": "));
    option.appendChild(document.createTextNode(options[id] ? options[id].text : ""));
  });
  return list;
}

/* The board's standing, read from the back row, never cut at the wall's
 * foot (ten options, a carer's story among them): the room's order as large
 * as fits, from .9 of an idea's size down, each option held to three lines
 * (its whole words are on every phone's list and the console); fewer lines
 * only where the type would step below SMALLEST (kinds.css, data-lines). */
var ROOM_TOP = 0.9;
var SMALLEST = 0.55;
var LINES = [3, 2, 1];

/* Each role's order beside it reads from 10 m at READABLE of the board's
 * unit (28 px on a 1920x1080 wall) or more: six roles' orders of ten at once
 * came to 15 px, so when they do not all fit at READABLE the roles take
 * ROLE_PAGES pages in turn, the room's order whole on each, both pages in one
 * type (a page turn moves no type), never larger than the room's order.
 * Each option keeps as many of its three lines as the type allows at READABLE
 * (a list of "Apprenticeships for…" says little); below READABLE on two pages
 * too, the largest type wins. */
var READABLE = 0.64;
var ROLE_PAGES = 2;
var ROLE_SMALLEST = 0.3;
var NAME_LINES = 2;  // a role's name and its count, as a board lane's title

function overflows(node) { return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1; }

/* The largest type (em, in steps of .05) from `top` down to `floor` at which
 * `lane` keeps within its box, set on `box`; 0 if it overflows even at
 * `floor`. `each` runs at every size tried (a role's name cut to its lines).
 * Halving, not stepping: a board fits six roles' orders on every page turn. */
function largest(lane, box, top, floor, each) {
  var high = Math.floor(top * 20 + 0.001), low = Math.ceil(floor * 20 - 0.001), best = 0;
  function fits(step) {
    box.style.fontSize = (step / 20).toFixed(2) + "em";
    if (each) each();
    return !overflows(lane);
  }
  while (low <= high) {
    var mid = Math.ceil((low + high) / 2);
    if (fits(mid)) { best = mid; low = mid + 1; } else high = mid - 1;
  }
  if (best) fits(best); else fits(Math.ceil(floor * 20 - 0.001));  // left at the size it says
  return best / 20;
}

function fitRoom(lane) {
  var list = lane.querySelector(".rank-standing");
  for (var n = 0; n < LINES.length; n += 1) {
    lane.dataset.lines = String(LINES[n]);
    if (largest(lane, list, ROOM_TOP, SMALLEST)) return;
  }
}

/* The roles of `shown` alone in the grid, `lines` lines an option, at the
 * largest type that fits: that size, or 0. */
function roleSize(lane, grid, shown, lines, top) {
  Array.prototype.forEach.call(grid.children, function (part) { part.hidden = shown.indexOf(part) < 0; });
  lane.dataset.lines = String(lines);
  return largest(lane, grid, top, ROLE_SMALLEST, function () {
    shown.forEach(function (part) { shorten(part.querySelector("h3"), NAME_LINES); });
  });
}

/* How each role's order may be laid out, in the order tried: [pages, lines
 * an option]. All at once before two pages, but two lines an option before
 * one (ten "Apprenticeships for…" in a role's list say little). */
var LAYOUTS = [[1, 3], [1, 2], [ROLE_PAGES, 3], [ROLE_PAGES, 2], [1, 1], [ROLE_PAGES, 1]];

/* Each role's order, on its page of `page` (any number: the server's): the
 * first layout whose type reaches READABLE on every page, else the one with
 * the largest type; returns {page, pages}. */
function fitRoles(lane, page) {
  var grid = lane.querySelector(".rank-role-grid");
  var room = lane.parentNode.querySelector(".rank-standing");
  var parts = Array.prototype.slice.call(grid.children);
  var top = Math.min(1, parseFloat(getComputedStyle(room).fontSize) / parseFloat(getComputedStyle(lane).fontSize));
  var chosen = null;
  for (var n = 0; n < LAYOUTS.length && !(chosen && chosen.size >= READABLE - 0.001); n += 1) {
    var per = Math.ceil(parts.length / LAYOUTS[n][0]), pages = [];
    for (var i = 0; i < parts.length; i += per) pages.push(parts.slice(i, i + per));
    var lines = LAYOUTS[n][1];
    var size = Math.min.apply(null, pages.map(function (shown) { return roleSize(lane, grid, shown, lines, top); }));
    if (!chosen || size > chosen.size) chosen = { pages: pages, lines: lines, size: size };
  }
  var at = ((page % chosen.pages.length) + chosen.pages.length) % chosen.pages.length;
  roleSize(lane, grid, chosen.pages[at], chosen.lines, chosen.size || ROLE_SMALLEST);
  // Off its page a role's order is not drawn at all (nor heard, nor counted).
  parts.forEach(function (part) { if (chosen.pages[at].indexOf(part) < 0) part.remove(); });
  if (chosen.pages.length > 1) {
    lane.querySelector(".lane-title").appendChild(
      el("span", "lane-page", "\u00a0· page " + (at + 1) + " of " + chosen.pages.length));
  }
  return { page: at, pages: chosen.pages.length };
}

/* Fit the board's standing; which page of it `page` shows: {page, pages}. */
function fitStanding(container, page) {
  container.querySelectorAll(".rank-board > .rank-room").forEach(fitRoom);
  var roles = container.querySelector(".rank-board > .rank-roles");
  return roles ? fitRoles(roles, page) : { page: 0, pages: 0 };
}

// The ranking questions whose list the console has asked for (drawConsole).
var consoleAsked = {};

function drawStanding(container, entry, hidden, ended) {
  if (!entry) return "";
  if (hidden || !entry.room) {
    container.appendChild(el("p", "results-hidden", "The order is hidden until the facilitator reveals the results."));
    return "Ranking";
  }
  if (!entry.answers) {
    container.appendChild(el("p", "board-empty", ended ? "No one sent an order before the workshop ended."
      : "No one has sent an order yet. Scan the code to send yours."));
    // In a lane of its own, fitted as the room's order is: ten options, a carer's story among them, whole on the wall.
    var waiting = el("div", "rank-board rank-board-list");
    waiting.appendChild(el("section", "lane rank-room")).appendChild(
      standingList(entry, entry.options.map(function (o) { return o.id; }), "rank-standing"));
    container.appendChild(waiting);
    return "Ranking\u00a0· the list";
  }
  var box = el("div", "rank-board");
  var room = el("section", "lane rank-room");
  room.appendChild(el("h2", "lane-title", "The room's order"));
  room.appendChild(standingList(entry, entry.room, "rank-standing", entry.scores));
  box.appendChild(room);
  var roles = el("section", "lane rank-roles");
  roles.appendChild(el("h2", "lane-title", "Each role's order"));
  var grid = el("div", "rank-role-grid");
  entry.roles.forEach(function (r) {
    // Experts by experience: starred, as on every board view.
    var part = el("section", "rank-role" + (r.expert_by_experience ? " rank-ebe" : ""));
    var name = part.appendChild(el("h3"));
    name.appendChild(nameSpan((r.expert_by_experience ? "★ " : "") + r.label));
    if (r.answers) name.appendChild(document.createTextNode(" (" + r.answers + ")"));  // never "(0)"
    part.appendChild(standingList(entry, r.order, "rank-role-list", r.scores));
    grid.appendChild(part);
  });
  roles.appendChild(grid);
  box.appendChild(roles);
  container.appendChild(box);
  return "Ranking\u00a0· " + plural(entry.answers, " order", " orders") + "\u00a0· each role counts the same";
}

export var ranking = {
  name: NAME,
  offer: "A ranking (the room puts a short list in order)",
  agendaNote: " · ranking",
  marksAnswers: false,
  takesIdeas: false,
  scribeRating: false,

  snapshot: function (room, snap) { room.rankings = snap.rankings || {}; },
  replies: { submit_ranking: onReply },
  events: {
    // A ranking question added after this screen's snapshot: its list is in no
    // event (agenda_changed carries the questions only), so read it once.
    question_opened: function (room, d) {
      var q = (room.questions || []).filter(function (x) { return x.id === d.question_id; })[0];
      var drawn = room.view === "phone" || room.view === "board";
      if (drawn && q && q.kind === NAME && !rankingOf(room, q)) fetchLists(room);
    },
    ranking_changed: function (room, d) {
      room.rankings = room.rankings || {};
      var entry = room.rankings[String(d.question_id)];
      if (!entry) return;
      ["answers", "room", "scores", "roles"].forEach(function (k) { entry[k] = d[k]; });
    },
    // An item made from a provisional outcome says the outcome's words now (the
    // server's lists join them too): a reworded outcome rewords it on every screen.
    outcomes_changed: function (room, d) {
      var now = {};
      (d.outcomes || []).forEach(function (o) { now[o.id] = o; });
      Object.keys(room.rankings || {}).forEach(function (k) {
        room.rankings[k].options.forEach(function (option) {
          var o = option.outcome_id && now[option.outcome_id];
          if (o) { option.text = o.text; option.easy_read = o.easy_read || null; }
        });
      });
    },
    // A board's snapshot while results were hidden held no order: read it once now.
    results_revealed: function (room) {
      if (room.view !== "board" || !room.workshop) return;
      fetch("/api/w/" + encodeURIComponent(room.workshop.code) + "/snapshot?view=board", { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (snap) {
          if (!snap) return;
          room.rankings = snap.rankings || {};
          window.dispatchEvent(new CustomEvent("workshop:kinds"));
        })
        .catch(function () { /* offline: the next order or snapshot brings it */ });
    },
  },

  /* The console's add-question form: the list to put in order. */
  buildAddForm: function (form, before) {
    var box = el("div", { id: "new-question-options-box", class: "stack" });
    box.hidden = true;
    box.appendChild(el("label", { for: "new-question-options" }, "Things to put in order, one per line"));
    box.appendChild(el("p", { id: "new-question-options-help", class: "hint" },
      "Leave it empty to use the provisional outcomes carried into the Plan stage. 2 to 10 things."));
    box.appendChild(el("textarea", { id: "new-question-options", rows: "4",
      "aria-describedby": "new-question-options-help" }));
    form.insertBefore(box, before);
  },
  drawAddForm: function (chosen) { $("new-question-options-box").hidden = chosen !== NAME; },
  addFields: function (fields) {
    var text = $("new-question-options").value.trim();
    if (text) fields.options = text.split("\n");
  },

  /* The phone draws the question itself: true while a ranking question is open. */
  drawPhone: function (q, kit) {
    var entry = q && q.kind === NAME ? rankingOf(kit.room, q) : null;
    var box = $("rank-area");
    if (!q || q.kind !== NAME) { if (box) box.hidden = true; return false; }
    box = area(kit);
    box.hidden = false;
    kitNow = kit;
    // A list added after this phone's snapshot is on its way (fetchLists): say
    // so, not an idea box the question would refuse.
    $("rank-coming").hidden = !!entry;
    $("rank-list").hidden = $("rank-send").hidden = !entry;
    if (!entry) { $("rank-list").textContent = ""; return true; }
    if (!box.dataset.bound) {
      box.dataset.bound = "1";
      $("rank-send").addEventListener("click", function () { onSend(kitNow); });
    }
    var dragging = document.querySelector(".rank-item.dragging");
    var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".rank-item");
    orderFor(q, entry);
    if (dragging) return true;
    drawList(q, entry, kit, focused ? { id: parseInt(focused.dataset.option, 10),
      which: document.activeElement.getAttribute("aria-label").indexOf("Move up") === 0 ? "up" : "down" } : null);
    return true;
  },

  drawBoard: function (container, q, room, hidden) { return drawStanding(container, rankingOf(room, q), hidden, room.workshop.ended); },
  fitBoard: fitStanding,
  /* A ranking question added after the console's snapshot (the facilitator adds
   * one on the carried outcomes) has no list here: read it once, and draw it when
   * it comes, in place of the note, if that question is still the one shown. */
  drawConsole: function (container, q, room) {
    var entry = rankingOf(room, q);
    if (entry) return drawStanding(container, entry, false);
    var note = container.appendChild(el("p", "hint", "Reading the list to put in order…"));
    if (!consoleAsked[q.id]) {
      consoleAsked[q.id] = true;
      fetchLists(room, function () {
        if (!note.isConnected || !rankingOf(room, q)) return;
        container.textContent = "";
        drawStanding(container, rankingOf(room, q), false);
      });
    }
    return "";
  },
};
