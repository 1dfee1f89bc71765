/* The quiet signals' counts (issue 25) for the console and the board: how
 * many people said "I need more time" or "I don't understand" on the
 * question open now, once anyone has. Counts only; nobody is named. The board shows them only
 * when the facilitator ticks "Show quiet signals on the board".
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
    var shown = !!(c.more_time || c.not_understood) && (!onBoard || !!(room.settings && room.settings.quiet_on_board));
    node.hidden = !shown;
    if (!shown) return;
    node.textContent = "Quiet signals on this question: "
      + plural(c.more_time || 0, " person needs", " people need") + " more time · "
      + plural(c.not_understood || 0, " person doesn’t", " people don’t") + " understand";
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
