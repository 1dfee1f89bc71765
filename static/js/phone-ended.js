/* After the facilitator presses End (issue 11): the phone says so, calmly,
 * and offers nothing it can no longer do.
 *
 * No role change, no idea box, no story box. The connection line stops
 * saying "Connected" (true, but it reads as "carry on") and says the
 * workshop has ended. Words not sent when End came are never dropped
 * without a word: a story being written, and anything the outbox sends
 * after End that the server refuses, go to the kept panel (drafts.js),
 * which says they were not sent and stay on this phone. If the facilitator
 * reopens the workshop, all of it comes back.
 */
import { $ } from "./lib/dom.js";
import { keepRefused } from "./drafts.js";
import { w } from "./words.js";

var ctx = null;  // {room, storyKey}
var online;      // the connection as last reported (undefined: still connecting)

export function initEnded(options) { ctx = options; }

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
  if (ctx && ended()) {
    node.textContent = w("ended_line");
    node.className = "connection";
    return;
  }
  if (state === undefined) return;  // still connecting for the first time
  node.textContent = state ? w("connected") : w("offline");
  node.className = "connection" + (state ? " online" : " offline");
}

/* An idea or story the server refused because the workshop ended: kept, said. */
export function endedRefusal(reply, payload, say, errorText) {
  if (reply.ok || reply.error.code !== "workshop_ended") return false;
  keepRefused(payload.question_id || null, payload.text);
  say(errorText(reply.error));
  return true;
}
