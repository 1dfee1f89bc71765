/* After the facilitator presses End (issue 11): the phone says so, calmly,
 * and offers nothing it can no longer do.
 *
 * No role change, no idea box, no story box, and no connection line: it
 * would say "Connected" (true, but it reads as "carry on") or repeat the
 * ended heading right below it, on a 360 px phone in easy read a second "The
 * meeting has ended". Hidden, it is heard by nobody either, so a
 * screen reader hears the end once, from phone-focus.js (or the heading the
 * focus moves to), not from each place that shows it. Words not sent when End came are
 * never dropped without a word: a story being written, and anything the
 * outbox sends after End that the server refuses, go to the kept panel
 * (drafts.js), which says they were not sent and stay on this phone, and
 * offers to copy them. If the facilitator reopens the workshop, all of it
 * comes back. A vote the outbox sends after End is refused and never counted;
 * a vote taken back from the outbox after End is refused too, and still
 * counts; so is an order of a ranking's list (kinds/ranking.js), not
 * counted, one a list however often it was sent (each press of Send offline
 * is a send; the person made one order): the ended section says how many of
 * each, under "What you sent is kept" (which stays true of what arrived),
 * kept through a reload, and the end's announcement says it with the end
 * (after a reload too: endedSaid).
 */
import { $ } from "./lib/dom.js";
import { keepRefused } from "./drafts.js";
import { easyRead, w } from "./words.js";

var ctx = null;  // {room, storyKey, say, votesSaid}
var online;      // the connection as last reported (undefined: still connecting)
// Votes refused because the workshop ended (kept through a reload): those
// made, not counted; those taken back, still counting. Each with its line
// (box), its words (words.js) and its count in localStorage under the same name;
// orders are kept as the ids of their lists (questions), counted once each.
var refused = {
  cast: { n: 0, name: "votes_not_counted", box: "ended-votes" },
  order: { n: 0, name: "orders_not_counted", box: "ended-orders", ids: [] },
  back: { n: 0, name: "votes_still_count", box: "ended-taken-back" },
};
var LINES = ["cast", "order", "back"];  // the order the lines are shown and said in

export function initEnded(options) {
  ctx = options;
  $("kept-copy").addEventListener("click", copyKept);
  LINES.forEach(function (kind) {
    var line = refused[kind];
    try {
      var stored = window.localStorage.getItem(storeKey(kind));
      if (line.ids) line.ids = [].concat(JSON.parse(stored) || []);
      line.n = line.ids ? line.ids.length : Number(stored) || 0;
    } catch (e) { /* private mode, or an older phone's count: none kept */ }
  });
}

function storeKey(kind) { return "workshop:" + document.body.dataset.code + ":" + refused[kind].name; }

function ended() { return !!(ctx.room.workshop && ctx.room.workshop.ended); }

/* Draw what End changes; returns whether the workshop has ended. */
export function drawEnded() {
  var over = ended();
  $("ended").hidden = !over;
  $("story-area").hidden = over;
  $("role-change").hidden = over;
  if (over) $("role-feedback").textContent = "";  // "From now on you are..." is over too
  if (over && !$("role-form").hidden) {
    $("role-form").hidden = true;
    $("role-change").setAttribute("aria-expanded", "false");
  }
  $("kept-copy").hidden = !over;
  // Reopened: votes can be made and taken back again; the lines are over.
  if (ctx.room.workshop && !over) LINES.forEach(function (kind) { if (refused[kind].n) countVotes(kind, 0); });
  drawVotes();
  showConnection(online);
  return over;
}

/* A story half written when End came: out of the hidden box, into the kept
 * words (after the idea box's, which answered a question: call after bindDrafts). */
export function keepStory() {
  var box = $("story-text");
  if (!ended() || !box.value.trim()) return;
  keepRefused(null, box.value.trim());
  box.value = "";
  try { window.localStorage.removeItem(ctx.storyKey); } catch (e) { /* private mode */ }
}

/* The connection line: online, offline, or (whatever the line) ended. */
export function showConnection(state) {
  online = state;
  var node = $("connection");
  // Ended: the heading under it says the end (said once, there); the line
  // would only say it again, and online or not no longer matters.
  node.hidden = !!(ctx && ended());
  if (node.hidden || state === undefined) return;  // (undefined: still connecting for the first time)
  node.textContent = state ? w("connected") : w("offline");
  node.className = "connection" + (state ? " online" : " offline");
}

/* An idea or story the server refused because the workshop ended: kept, and
 * said with the end (`said`: phone-focus.js's keptAtEnd), not as a second end. */
export function endedRefusal(reply, payload, said) {
  if (reply.ok || reply.error.code !== "workshop_ended") return false;
  keepRefused(payload.question_id || null, payload.text);
  said();
  return true;
}

/* A vote (on an idea or a theme) the server refused because the workshop
 * ended: one made (`takenBack` false) was not counted; one taken back still
 * counts. The ended section says so, and the end's announcement with it
 * (`votesSaid`: phone-focus.js's votesAtEnd), once, however many arrive. */
export function endedVote(reply, takenBack) { return endedLine(reply, takenBack ? "back" : "cast"); }

/* An order of a ranking question's list (`questionId`) refused the same way:
 * not counted (an order sent before it, if any, still stands: the words say
 * "latest"). Sent again and again while offline, it is still one order. */
export function endedOrder(reply, questionId) { return endedLine(reply, "order", questionId); }

function endedLine(reply, kind, questionId) {
  if (!ctx || reply.ok || reply.error.code !== "workshop_ended") return false;
  var ids = refused[kind].ids;
  if (ids && ids.indexOf(questionId) >= 0) return true;  // that list's order is counted already
  countVotes(kind, refused[kind].n + 1, ids ? ids.concat([questionId]) : null);
  drawVotes();
  ctx.votesSaid(endedSaid());
  return true;
}

/* What the ended section's lines say, in the words shown (for the end's announcement). */
export function endedSaid() {
  return LINES.map(function (k) { return votesWords(k, easyRead()); }).filter(Boolean).join(" ");
}

function countVotes(kind, n, ids) {
  var line = refused[kind];
  line.n = n;
  if (line.ids) line.ids = ids || [];
  try { window.localStorage.setItem(storeKey(kind), line.ids ? JSON.stringify(line.ids) : String(n)); } catch (e) { /* private mode */ }
}

// One wording for 1 and another for more ("{n} votes ... were"); "" for none.
function votesWords(kind, easy) {
  var n = refused[kind].n;
  if (!n) return "";
  return w(refused[kind].name + (n === 1 ? "_one" : ""), { n: n }, easy);
}

function drawVotes() {
  LINES.forEach(function (kind) {
    var box = $(refused[kind].box);
    box.hidden = !refused[kind].n;
    if (box.hidden) return;
    box.querySelector(".for-standard").textContent = votesWords(kind, false);
    box.querySelector(".er-line > span").textContent = votesWords(kind, true);
  });
}

/* Nothing more can be sent: the kept words to copy into a message or a note.
 * The clipboard where the page may write it (HTTPS, or this machine), else the
 * browser's copy of the selected words; else they are left selected to copy by hand. */
function copyKept() {
  var box = $("kept-text");
  function done(ok) {
    var message = w(ok ? "copied" : "copy_by_hand");
    $("kept-feedback").textContent = message;
    ctx.say(message);
  }
  function byHand() {
    box.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.value).then(function () { done(true); }, function () { done(byHand()); });
  } else done(byHand());
}
