/* Where the phone goes next. Easy read shows one thing at a time: write,
 * then see and vote. After "Send my idea" the way on ("Next: see and vote";
 * in the standard wording the room's list) was below the fold on a 360 px
 * phone with nothing hinting at it: it is brought into view, the least
 * scroll that shows it, without moving the focus (the live region is saying
 * "Thank you"; a screen reader's user reaches the next step by reading on).
 *
 * The scroll waits two frames for the page to settle: at the answer the
 * outbox panel above the question goes (the page shifts up), and listen.js
 * adds "Listen to this message" under the thanks on its next frame (the next
 * step moves down 48 px). Scrolled before those, the next step ended half
 * off the screen again, and a glide aimed at a place that had moved.
 */
import { $ } from "./lib/dom.js";
import { easyRead } from "./words.js";

// An answer later than this came from the outbox after the connection came
// back: the person has moved on by then, and the page stays where they are.
var PROMPT_MS = 5000;
var sentAt = -Infinity;

export function step(name) {
  document.body.classList.toggle("step-vote", name === "vote");
  var target = name === "vote" ? $("ideas-heading") : $("question-text");
  target.focus();
  if (target.scrollIntoView) target.scrollIntoView({ block: "start" });
}

/* "Send" was pressed: an answer soon after it shows the next step. */
export function sending() { sentAt = Date.now(); }

/* The answer to the last Send came late: leave the page where the person is. */
export function late() { return Date.now() - sentAt > PROMPT_MS; }

var MARGIN = 16;  // px left between the next step and the screen's edge

/* The least scroll that shows `next`, but never the thanks above it pushed
 * off the top (at 200% zoom both may not fit: the next step's top then shows). */
function bringUp(next) {
  var at = next.getBoundingClientRect();
  var thanks = $("idea-feedback").getBoundingClientRect();
  var down = Math.min(at.bottom + MARGIN - window.innerHeight, thanks.top - MARGIN);
  if (down <= 0) return;
  // A glide shows the page moved; none at all for those who asked for less motion.
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  window.scrollBy({ top: down, behavior: still ? "auto" : "smooth" });
}

/* An idea was sent (or saved to send): show the next step too, the thanks
 * beside Send staying in view. Not when the answer is late, nor once the
 * person has started the next idea. */
export function showNext(typing) {
  if (late()) return;
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () {
      var next = easyRead() ? $("to-vote") : $("ideas-heading");
      if (!typing() && next && next.getClientRects().length) bringUp(next);
    });
  });
}
