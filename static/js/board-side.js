/* The board's side column: how to join, the page, who is in the room, the
 * results' key, the notes, and "Let this board read aloud", a control the
 * facilitator needs once. Whatever the column holds (a key by role, a
 * votes-hidden note, the quiet signals, a timer that takes a line from the
 * question above it) it fits: the spacing tightens, then the QR code steps
 * down to its 150 px floor, then the key and the small print step down,
 * then the join code, then the note on a long turn of pages goes, until
 * nothing is cut off. The button and the status lines sit below the
 * rest in the column's flow (templates/board.html), so even past the last
 * step it is the small print that is cut, never the control.
 */

// Each step keeps the ones before it (static/css/app.css, "side-").
// Last, the note on a long turn of pages gives way whole: it adds to the page
// line, which stays.
var STEPS = ["side-snug", "side-small-qr", "side-small-print", "side-small-code", "side-no-note"];

export function BoardSide(side) {
  var info = side.querySelector(".board-side-info");

  function overflows() {
    return info.scrollHeight > info.clientHeight + 1 || side.scrollHeight > side.clientHeight + 1;
  }

  function fit() {
    STEPS.forEach(function (step) { side.classList.remove(step); });
    for (var n = 0; n < STEPS.length && overflows(); n += 1) side.classList.add(STEPS[n]);
  }

  // A note shown or hidden, a status line or the quiet signals' counts
  // changed: fit again (the steps set classes, never `hidden`, so no loop).
  new MutationObserver(fit).observe(side, { subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["hidden"] });
  // The column's own height moves with the header above it (a timer shown,
  // a longer question): fit again then too.
  new ResizeObserver(fit).observe(side);
  return { fit: fit };
}
