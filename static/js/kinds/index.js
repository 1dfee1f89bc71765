/* Kinds of question on every screen: one script per kind declares how the
 * phone, board and console show it. A new kind is its script plus one line
 * here (the server's registries are workshop/room/kinds and report/kinds).
 */
import { ideas } from "./ideas.js";
import { ranking } from "./ranking.js";
import { risk } from "./risk.js";
import { themeVote } from "../phone-theme-vote.js";

export var KINDS = [ideas, risk, ranking];
// The dot vote on themes (issue 22 item 5) is no kind of question (nobody adds
// one), but keeps its part of the room and draws a phone's answer the same way.
var DRAWERS = KINDS.concat([themeVote]);

/* The kind of this question (ideas when it names none we know). */
export function kindOf(q) {
  for (var i = 0; i < KINDS.length; i++) if (q && KINDS[i].name === q.kind) return KINDS[i];
  return ideas;
}

/* What each kind keeps from a snapshot (a ranking question's list and standing). */
export function kindsSnapshot(room, snap) {
  DRAWERS.forEach(function (kind) { if (kind.snapshot) kind.snapshot(room, snap); });
}

/* An event a kind declares (ranking_changed), applied to the room; false if none does. */
export function kindsEvent(room, e) {
  var handled = false;
  DRAWERS.forEach(function (kind) {
    var apply = kind.events && kind.events[e.type];
    if (apply) { apply(room, e.data || {}, e); handled = true; }
  });
  return handled;
}

/* A reply whose callback went with a reload (sent from the outbox after it),
 * for an event a kind declares in `replies`: the kind's own handler takes it,
 * whether or not it has drawn since (after End nothing is drawn). True if one did. */
export function kindsReply(reply, item) {
  var handled = false;
  DRAWERS.forEach(function (kind) {
    var on = kind.replies && kind.replies[item.event];
    if (on) { on(reply, item); handled = true; }
  });
  return handled;
}

/* Let the open question's kind draw the phone's answer itself (a ranking's
 * list); true when it did, and the phone's idea form and list are hidden. */
export function drawPhoneKind(q, room, live, say) {
  var body = document.body;
  var kit = {
    room: room, img: body.dataset.img, say: say,
    easy: function () { return body.classList.contains("easy-read"); },
    send: function (event, payload, onReply) { return live.send(event, payload, onReply); },
    question: function () { return q; },
    online: function () { return live.online !== false; },
    pending: function () { return live.pending(); },
  };
  var drawn = false;
  DRAWERS.forEach(function (kind) { if (kind.drawPhone && kind.drawPhone(q, kit)) drawn = true; });
  body.classList.toggle("kind-own", drawn);
  return drawn;
}
