/* A name held to the lines its box allows: who said an idea, on the board.
 *
 * A workshop may rename its roles (its own framework file), and a 75-character
 * name for experts by experience, wrapped to three or four lines on each of
 * their cards, cost the wall whole pages. The name is cut at a word, with an
 * ellipsis, only when its box would take more than `lines` lines; the ★ and
 * the votes stay whole after it. Screen readers get the whole name (a visually
 * hidden copy beside the cut one); the console and the phones show it whole.
 */
import { el } from "./dom.js";

/* A span holding `full`, for shorten() to cut when its box is measured. */
export function nameSpan(full) {
  var span = el("span", "fit-name", full);
  span.dataset.full = full;
  return span;
}

function linesOf(box) {
  var style = getComputedStyle(box);
  var line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
  return Math.round(box.getBoundingClientRect().height / line);
}

function write(span, text, cut) {
  var copy = span.nextSibling;
  var has = copy && copy.classList && copy.classList.contains("fit-name-whole");
  if (span.textContent === text && !!has === cut) return;  // as it is: no layout to redo
  span.textContent = text;
  if (cut) span.setAttribute("aria-hidden", "true"); else span.removeAttribute("aria-hidden");
  if (cut && !has) span.after(el("span", "visually-hidden fit-name-whole", span.dataset.full));
  if (!cut && has) copy.remove();
}

// The words kept (0: the whole name) for a name in a box of this width, type
// and other words: a board paginates 150 cards on every page turn, and
// measuring each long name afresh doubled the time a turn took.
var kept = new Map();

/* Every name in `root` whole, then each cut at the last word that keeps its
 * box (a card's line under the words, a lane's title) to `lines` lines. Run
 * once the box is on the page at its size: it measures. */
export function shorten(root, lines) {
  var spans = root.classList && root.classList.contains("fit-name") ? [root] : root.querySelectorAll(".fit-name");
  Array.prototype.forEach.call(spans, function (span) {
    var box = span.parentNode, full = span.dataset.full, words = full.split(" ");
    write(span, full, false);
    var style = getComputedStyle(box);
    var key = [full, lines, box.clientWidth, style.fontSize, style.fontFamily, box.textContent].join("|");
    if (!kept.has(key)) kept.set(key, fit(box, span, words, lines));
    var n = kept.get(key);
    if (n) write(span, cutAt(words, n), true);
  });
}

function fit(box, span, words, lines) {
  if (linesOf(box) <= lines) return 0;
  var low = 1, high = words.length - 1;  // the most words that fit, at least one
  while (low < high) {
    var mid = Math.ceil((low + high) / 2);
    write(span, cutAt(words, mid), true);
    if (linesOf(box) <= lines) low = mid; else high = mid - 1;
  }
  return low;
}

// Words a cut name does not end on: "care and support, or a…" says less than "care and support…".
var SMALL = ["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "who", "with"];

/* The first `n` of `words` (a name split at its spaces), less any small words
 * and stops at their end, with an ellipsis. */
export function cutAt(words, n) {
  var kept = words.slice(0, n);
  while (kept.length > 1 && SMALL.indexOf(kept[kept.length - 1].toLowerCase().replace(/[,;:.]$/, "")) >= 0) kept.pop();
  return kept.join(" ").replace(/[\s,;:.·-]+$/, "") + "…";
}
