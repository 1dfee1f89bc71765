/* A split by role held to the lines its box allows (the board's themes).
 *
 * The smallest roles fold, whole, into "2 more roles 9" (their sum, so every
 * number shown is whole and the parts add up to the total), never cut by a
 * clamp's ellipsis and never dropped without a word. Experts by experience
 * never fold, as the framework puts their voice first, and neither does the
 * largest other role: the room's biggest voice is not hidden to make room
 * for a long role name. When even those do not fit, the line is let grow
 * (fold-whole) rather than cut, by one line: the framework's own names need
 * that much beside the largest role; but where the room votes on its themes
 * (`starred`), ten or twelve of them to fit two pages, the experts' name first
 * gives way to the board's star and word for them, "★ Experts 12" (a bare
 * "★ 12" beside the tile's "★ 18 from experts" would not say that one counts
 * votes, the other ideas), and the smaller roles come back while they fit.
 * A workshop's longer name for experts by experience (75 characters cost
 * every tile a fourth line, and the wall a page) is then cut at a word,
 * "★ Person who receives care and…", its count whole after it; screen
 * readers get every role whole, unfolded.
 */
import { el, plural } from "./dom.js";
import { cutAt } from "./shorten.js";

var GROWN = 3;  // lines a split may take when it cannot fold into its two

/* `line`: the clamped element, measured; `text`: the Text node in it that
 * holds the split (in an element of its own); `lead`: the words before it
 * ("Said by "); `roles`: most first, each {text: "Care provider 6", n: 6,
 * expert: false, name: "Care provider", star: ""} (name and star for a name
 * to be cut); `starred`: an expert's name may give way to its star. */
export function foldRoles(line, text, lead, roles, starred) {
  var shown = roles.slice(), folded = [], cut = {};
  var top = shown.filter(function (r) { return !r.expert; })[0];
  function label(r) {
    var words = cut[roles.indexOf(r)];
    if (words === 0) return r.star + "Experts\u00a0" + r.n;  // the board's word for them: "★ Experts 12"
    return words === undefined ? r.text : r.star + cutAt(r.name.split(" "), words) + "\u00a0" + r.n;
  }
  function write() {
    var rest = folded.reduce(function (sum, r) { return sum + r.n; }, 0);
    text.data = lead + shown.map(label)
      .concat(folded.length ? [plural(folded.length, "\u00a0more role", "\u00a0more roles") + "\u00a0" + rest] : [])
      .join("\u00a0· ");  // a line never starts with the separator
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
  // One expert role only: two stars side by side would not say whose is whose.
  var stars = roles.filter(function (r) { return r.expert && r.star; });
  if (over() && starred && stars.length === 1) {
    cut[roles.indexOf(stars[0])] = 0;
    write();
    while (folded.length && !over()) {  // the largest folded role first
      var was = shown, back = folded.shift();
      shown = roles.filter(function (r) { return was.indexOf(r) >= 0 || r === back; });
      write();
      if (over()) { shown = was; folded.unshift(back); write(); break; }
    }
  }
  if (over()) line.classList.add("fold-whole");
  // Grown past its one line more: the experts' longest name loses a word at a time.
  while (linesOf(line) > GROWN) {
    var longest = null;
    shown.forEach(function (r) {
      var i = roles.indexOf(r), words = cut[i] === undefined ? r.name.split(" ").length : cut[i];
      if (r.expert && r.name && words > 1 && (!longest || words > longest.words)) longest = { i: i, words: words };
    });
    if (!longest) break;
    cut[longest.i] = longest.words - 1;
    write();
  }
  whole(line, text, Object.keys(cut).length ? lead + roles.map(function (r) { return r.text; }).join(" · ") : null);
}

function linesOf(box) {
  var style = getComputedStyle(box);
  return Math.round(box.getBoundingClientRect().height / (parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2));
}


/* The split in words for screen readers when a name was cut: every role whole. */
function whole(line, text, words) {
  var copy = line.querySelector(".fold-whole-words");
  if (words) text.parentNode.setAttribute("aria-hidden", "true"); else text.parentNode.removeAttribute("aria-hidden");
  if (words && !copy) copy = line.appendChild(el("span", "visually-hidden fold-whole-words"));
  if (copy && words) copy.textContent = words;
  if (copy && !words) copy.remove();
}
