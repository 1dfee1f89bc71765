/* The room moves; the person keeps their place (issue 25, items 1 and 2).
 *
 * A new question never takes the focus or the keys of someone typing: while
 * their words for the question before are in the box (and the focus is in
 * the idea form) that question stays on screen, and a banner says what
 * happened; they choose when to follow it. Their words stay in the box
 * until they send them, move them or delete them.
 *
 * What changed is said once in the polite live region, a moment after the
 * last of a burst of events: "this question has closed" and "a new question
 * is open" arrive together, so the second never cuts off the first.
 *
 * When a render takes away the element that had the focus (a Vote button of
 * a question that closed, the idea box when the workshop ends) the focus
 * goes to the heading of what is on screen now, never to the page itself.
 *
 * Opening the next question closes the one before: two events. A question
 * that closes stays on screen for SETTLE ms, so when the next opens within
 * them the phone goes straight to it, with no "Please wait" (and no focus on
 * its heading) in between; a close on its own shows "Please wait" after them.
 */
import { $ } from "./lib/dom.js";
import { openQuestion } from "./lib/room.js";
import { endedSaid } from "./phone-ended.js";
import { drawQuiet, initQuiet } from "./quiet-signals.js";
import { easyRead, w } from "./words.js";

var ctx = null;        // {room, say, render}
var held = null;       // the question kept on screen while its words are typed
var shown;             // the question on screen after the last render (undefined before it)
var wasEnded = false;
var lastOpen = null;    // the open question at the last render
var news = null;       // what to say when the burst of events is over
var timer = null;
var SETTLE = 400;      // ms: events of one facilitator action arrive within this
var settling = null;   // a close waiting SETTLE ms for an open: {over}

export function initFocus(options) {
  ctx = options;
  initQuiet(options);  // the quiet signals follow the question on screen
  $("waiting-heading").setAttribute("tabindex", "-1");
  $("news-follow").addEventListener("click", follow);
  // Deleting the words by hand is a choice too: the question open now comes back.
  $("idea-text").addEventListener("input", function () {
    if (held !== null && !$("idea-text").value.trim()) { held = null; ctx.render(); }
  });
}

function typing() {
  return $("idea-form").contains(document.activeElement) && $("idea-text").value.trim() !== "";
}

function byId(room, id) {
  return room.questions.filter(function (q) { return q.id === id; })[0] || null;
}

/* The question the phone shows now: the open one, or the one whose words are
 * still being typed. Call once a render. */
export function shownQuestion(room) {
  var ended = !!room.workshop.ended;
  var open = ended ? null : openQuestion(room);
  var openId = open ? open.id : null;
  var heldBefore = held;
  if (ended || held === openId || (held !== null && !$("idea-text").value.trim())) held = null;
  var first = shown === undefined;
  if (!first && !ended && held === null && shown !== null && shown !== openId && typing()) held = shown;
  var q = held !== null ? byId(room, held) : open;
  if (q || ended || first || shown === null) settling = null;
  else if (!settling || !settling.over) q = settle(room);
  var now = q ? q.id : null;
  // A page opened on the end (a reload after End) is told so once, like a
  // live end: nothing else would tell a screen reader. Once: wasEnded then
  // stops the live end (or a reconnect's snapshot) from saying it again.
  if (first && ended) queue({ ended: true });
  else if (!first) noteChange(now, openId, ended, heldBefore);
  shown = now;
  lastOpen = openId;
  wasEnded = ended;
  drawNews(open);
  drawQuiet(q);
  return q;
}

/* Nothing open: keep the question that closed on screen until SETTLE ms have
 * passed (then render again), in case this close is half of opening the next. */
function settle(room) {
  if (!settling) {
    var wait = settling = { over: false };
    window.setTimeout(function () {
      if (settling !== wait) return;  // something opened, or another wait began
      wait.over = true;
      ctx.render();
    }, SETTLE);
  }
  return byId(room, shown);
}

/* The question on screen (for the Send button: words go where they were written). */
export function onScreen(room) {
  return shown === null || shown === undefined ? null : byId(room, shown);
}

function noteChange(now, openId, ended, heldBefore) {
  if (ended && !wasEnded) return queue({ ended: true });
  if (held !== null) {
    // The hold begins, or another question opens while it lasts.
    if (heldBefore === null || openId !== lastOpen) queue({ held: true });
    return;
  }
  if (now === shown) return;
  if (shown !== null && heldBefore === null) queue({ closed: true });
  if (openId !== null) queue({ opened: true });
}

function queue(change) {
  news = Object.assign(news || {}, change);
  if (timer) window.clearTimeout(timer);
  timer = window.setTimeout(flush, SETTLE);
}

function flush() {
  timer = null;
  var n = news;
  news = null;
  if (!n) return;
  var parts = [];
  if (n.ended || n.kept || n.votes) {
    // The end, once: not again when the focus has just moved to its heading
    // (that is read out); with it, any words it left kept on this phone.
    if (n.ended && document.activeElement !== $("ended-heading")) parts.push(w("ended_said"));
    if (n.kept || !$("kept").hidden) parts.push(w("ended_kept_said"));
    // Votes or orders refused at End, said with it; after a reload, those refused before it.
    var lines = n.votes || (n.ended ? endedSaid() : "");
    if (lines) parts.push(lines);
  } else if (held !== null) {
    parts.push(w("held_news"));
    if (openQuestion(ctx.room)) parts.push(w("held_new_open"));
  } else {
    if (n.closed) parts.push(w("closed_said"));
    var q = openQuestion(ctx.room);
    if (q && n.opened) parts.push(w("new_question", { text: easyRead() ? q.easy_read : q.text }));
  }
  if (parts.length) ctx.say(parts.join(" "));
}

/* Words the server refused because the workshop ended are kept: said with the
 * end if it is still to be said, else on their own. */
export function keptAtEnd() { queue({ kept: true }); }

/* Votes refused because the workshop ended: how many were not counted, said
 * the same way (the latest count wins if several arrive together). */
export function votesAtEnd(text) { queue({ votes: text }); }

function drawNews(open) {
  var box = $("news");
  box.hidden = held === null;
  if (held === null) return;
  $("news-text").textContent = w("held_news") + (open ? " " + w("held_new_open") : "");
  $("news-follow").textContent = open ? w("held_follow") : w("held_keep");
}

/* The person chose: show the question open now; the words go to the kept panel. */
function follow() {
  held = null;
  ctx.render();
  var target = !$("kept").hidden ? $("kept-heading") : shown !== null ? $("question-text") : $("waiting-heading");
  target.focus();
}

function visible(node) {
  return document.body.contains(node) && node.getClientRects().length > 0;
}

/* Run a render; if it took away the focused element, focus the heading of
 * what is on screen now. */
export function keepFocus(draw) {
  var had = document.activeElement;
  var inside = had && had !== document.body && $("main") !== had;
  draw();
  // (Or the draw itself put the focus where the person is: phone-themes.js's note.)
  var now = document.activeElement;
  if (!inside || visible(had) || (now !== had && now !== document.body && visible(now))) return;
  // The vote moved onto the themes (phone-theme-vote.js) and took the list away: its heading.
  var target = ctx.room.workshop && ctx.room.workshop.ended ? $("ended-heading")
    : shown === null || shown === undefined ? $("waiting-heading")
    : visible($("theme-vote-heading")) ? $("theme-vote-heading") : $("question-text");
  if (visible(target)) target.focus();
}
