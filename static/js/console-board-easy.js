/* The console's say in how the board words its question (issue 25): the
 * framework's words, easy read with its picture, or both; and "Read the
 * question aloud", spoken by every board's own computer (board-easy.js). */
import { $ } from "./lib/dom.js";

var WORDINGS = [["framework", "The framework's words"], ["easy", "Easy read with a picture"], ["both", "Both"]];
var SAID = { framework: "The board shows the framework's words.", easy: "The board shows the question in easy read.",
             both: "The board shows the question in easy read and in the framework's words." };

export function BoardWording(ctx) {
  var box = $("board-wordings");

  WORDINGS.forEach(function (w) {
    var b = ctx.button(w[1], function () { ctx.act("set_board_wording", { wording: w[0] }, SAID[w[0]], b); },
      { key: "wording:" + w[0], className: "small secondary" });
    box.appendChild(b);
  });
  $("read-aloud").addEventListener("click", function () {
    ctx.act("read_question_aloud", {}, "Every board is reading the question aloud.", $("read-aloud"));
  });

  function draw() {
    var current = ctx.room.settings.board_wording || "framework";
    box.querySelectorAll("button").forEach(function (b) {
      var on = b.dataset.key === "wording:" + current;
      b.setAttribute("aria-pressed", String(on));
      b.className = "small" + (on ? "" : " secondary");
    });
  }
  return { draw: draw };
}
