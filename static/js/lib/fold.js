/* A split by role held to the lines its box allows (the board's themes).
 *
 * The smallest roles fold, whole, into "2 more roles 9" (their sum, so every
 * number shown is whole and the parts add up to the total), never cut by a
 * clamp's ellipsis and never dropped without a word. Experts by experience
 * never fold, as the framework puts their voice first, and neither does the
 * largest other role: the room's biggest voice is not hidden to make room
 * for a long role name. When even those do not fit, the line is let grow
 * (fold-whole) rather than cut.
 */
import { plural } from "./dom.js";

/* `line`: the clamped element, measured; `text`: the Text node in it that
 * holds the split; `lead`: the words before it ("Said by "); `roles`: most
 * first, each {text: "Care provider 6", n: 6, expert: false}. */
export function foldRoles(line, text, lead, roles) {
  var shown = roles.slice(), folded = [];
  var top = shown.filter(function (r) { return !r.expert; })[0];
  function write() {
    var rest = folded.reduce(function (sum, r) { return sum + r.n; }, 0);
    text.data = lead + shown.map(function (r) { return r.text; })
      .concat(folded.length ? [plural(folded.length, "\u00a0more role", "\u00a0more roles") + "\u00a0" + rest] : [])
      .join(" · ");
  }
  function over() { return line.scrollHeight > line.clientHeight + 1; }
  line.classList.remove("fold-whole");
  write();
  while (over()) {
    var at = -1;
    for (var n = shown.length - 1; n >= 0 && at < 0; n -= 1) if (!shown[n].expert && shown[n] !== top) at = n;
    if (at < 0) break;
    folded.unshift(shown.splice(at, 1)[0]);
    write();
  }
  if (over()) line.classList.add("fold-whole");
}
