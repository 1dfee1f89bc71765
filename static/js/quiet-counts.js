/* The quiet signals' counts (issue 25) for the console and the board: how
 * many people said "I need more time" or "I don't understand" on the
 * question open now, once anyone has. Counts only; nobody is named. The board shows them only
 * when the facilitator ticks "Show quiet signals on the board", and not after End.
 */
import { $, plural } from "./lib/dom.js";
import { openQuestion } from "./lib/room.js";

/* `nodeId`: where the line goes; `onBoard`: shown only with settings.quiet_on_board. */
export function QuietCounts(room, nodeId, onBoard) {
  var counts = {};  // question id -> {more_time, not_understood}

  function draw() {
    var node = $(nodeId);
    var q = openQuestion(room);
    var c = (q && counts[q.id]) || {};
    // Nothing sent on this question: no line (the console's header stays short).
    // On the board, if chosen, and only while the room can still be helped: after End it asks nothing.
    var board = !!(room.settings && room.settings.quiet_on_board) && !(room.workshop && room.workshop.ended);
    var shown = !!(c.more_time || c.not_understood) && (!onBoard || board);
    node.hidden = !shown;
    if (!shown) return;
    // Only what someone sent: no "0 people need more time".
    var said = [];
    if (c.more_time) said.push(plural(c.more_time, " person needs", " people need") + " more time");
    if (c.not_understood) said.push(plural(c.not_understood, " person doesn’t", " people don’t") + " understand");
    node.textContent = "Quiet signals on this question: " + said.join(" · ");
  }

  return {
    snapshot: function (snap) { counts = snap.quiet || {}; draw(); },
    event: function (e) {
      var d = e.data || {};
      if (e.type === "quiet_signal") counts[d.question_id] = { more_time: d.more_time, not_understood: d.not_understood };
      draw();
    },
    draw: draw,
  };
}
