/* Quiet signals (issue 25): "I need more time" and "I don't understand" on
 * every phone, for the question on screen. Nobody sees who sent one: the
 * console shows how many people did, for the question open now (the board
 * too, if the facilitator chooses). Once per person and question; the next
 * question starts afresh. Sent through the outbox like everything else.
 */
import { $ } from "./lib/dom.js";
import { store } from "./lib/live.js";
import { w } from "./words.js";

var ctx = null;       // {code, room, send, say, errorText}
var key = "";
var question = null;  // the question on screen
var KINDS = ["more_time", "not_understood"];

export function initQuiet(options) {
  ctx = options;
  key = "workshop:" + ctx.code + ":quiet";
  KINDS.forEach(function (kind) {
    $("quiet-" + kind).addEventListener("click", function () { signal(kind); });
  });
}

/* What this person sent: the server's word (the snapshot's my_quiet, so a
 * reload or a second phone shows it) joined with what this phone has sent
 * and the server may not have yet (the outbox, offline). */
function sent() {
  var mine = store(key) || {};
  var server = (ctx.room && ctx.room.myQuiet) || {};
  Object.keys(server).forEach(function (id) {
    var here = mine[id] || [];
    server[id].forEach(function (kind) { if (here.indexOf(kind) < 0) here = here.concat([kind]); });
    mine[id] = here;
  });
  return mine;
}

function signal(kind) {
  if (question === null) return;
  var mine = sent();
  var here = mine[question] || [];
  if (here.indexOf(kind) >= 0) { feedback(w("quiet_already")); return; }
  mine[question] = here.concat([kind]);
  store(key, mine);
  ctx.send("quiet_signal", { question_id: question, kind: kind }, function (reply) {
    if (!reply.ok) {
      var now = sent();
      now[question] = (now[question] || []).filter(function (k) { return k !== kind; });
      store(key, now);
      if (reply.error.code !== "workshop_ended") feedback(ctx.errorText(reply.error));  // the end is said once
    }
    draw(question);
  });
  feedback(w(kind === "more_time" ? "quiet_more_time_sent" : "quiet_not_understood_sent"));
  draw(question);
}

function feedback(message) {
  $("quiet-feedback").textContent = message;
  ctx.say(message);
}

/* Show the buttons for the question on screen (none: hidden). */
export function drawQuiet(q) {
  var id = q ? q.id : null;
  if (id !== question) $("quiet-feedback").textContent = "";  // a new question starts afresh
  draw(id);
}

function draw(id) {
  question = id;
  $("quiet").hidden = id === null;
  var here = sent()[id] || [];
  KINDS.forEach(function (kind) {
    $("quiet-" + kind).setAttribute("aria-pressed", String(here.indexOf(kind) >= 0));
  });
}
