/* Merging duplicates at 150 ideas: find the idea to merge into by its words
 * or its #number, with the same and nearly the same wording suggested first.
 * The list's "looks like #12" mark is the server's answer (console-themes.js,
 * which also finds the same meaning in other words): that idea comes first
 * here too, or the mark said #12 and the search said no idea was alike.
 *
 * "Nearly the same" is the Dice coefficient of the two texts' letter pairs,
 * after case, accents, punctuation and spacing are folded away: a typo or a
 * missing word stays above NEAR, two ideas that merely share a topic do not.
 */
import { el, short } from "./lib/dom.js";

var NEAR = 0.8;
var SHOWN = 8;  // results listed at once; more words narrow the rest
var pairCache = {};

var folded = {};
export function fold(text) {
  if (folded[text] === undefined) {
    folded[text] = text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  return folded[text];
}

function pairs(text) {
  var key = fold(text);
  if (pairCache[key]) return pairCache[key];
  var found = {}, count = 0;
  var squeezed = key.replace(/ /g, "");
  for (var i = 0; i < squeezed.length - 1; i++) {
    var pair = squeezed.slice(i, i + 2);
    found[pair] = (found[pair] || 0) + 1;
    count += 1;
  }
  pairCache[key] = { found: found, count: count };
  return pairCache[key];
}

/* 1 for the same words, towards 0 for nothing alike. */
export function likeness(a, b) {
  if (fold(a) === fold(b)) return 1;
  var x = pairs(a), y = pairs(b);
  if (!x.count || !y.count) return 0;
  // Lengths far apart cannot be nearly the same: skip the counting.
  if (Math.min(x.count, y.count) / Math.max(x.count, y.count) < NEAR) return 0;
  var shared = 0;
  Object.keys(x.found).forEach(function (pair) { shared += Math.min(x.found[pair], y.found[pair] || 0); });
  return (2 * shared) / (x.count + y.count);
}

/* The ideas `idea` could merge into that match `query` (words, or #number),
 * the same and nearly the same wording first; with no query, `like` (the
 * server's {id, how}) before them. */
export function candidates(idea, others, query, like) {
  var q = fold(query || "");
  var number = /^#?\s*(\d+)$/.exec((query || "").trim());
  var words = q.split(" ").filter(Boolean);
  return others.map(function (o) { return { idea: o, score: likeness(idea.text, o.text) }; })
    .filter(function (c) {
      if (number) return String(c.idea.id).indexOf(number[1]) === 0;
      if (!words.length) return c.score >= NEAR || (like && c.idea.id === like.id);
      var hay = fold(c.idea.text);
      return words.every(function (w) { return hay.indexOf(w) !== -1; });
    })
    .sort(function (a, b) {
      if (number) return (a.idea.id === Number(number[1]) ? -1 : 0) - (b.idea.id === Number(number[1]) ? -1 : 0) || a.idea.id - b.idea.id;
      var first = !words.length && like ? (b.idea.id === like.id) - (a.idea.id === like.id) : 0;
      return first || b.score - a.score || a.idea.id - b.idea.id;
    });
}

/* The merge form: a search box, then up to SHOWN ideas to merge into, each one button. */
export function mergeForm(idea, others, ctx) {
  var form = el("form", "stack merge-form");
  form.setAttribute("role", "search");
  var id = "merge-" + idea.id;
  var label = el("label", null, "Merge #" + idea.id + " “" + short(idea.text, 50) + "” into: find the idea by its words or #number");
  label.htmlFor = id;
  var input = el("input", { type: "search", id: id, autocomplete: "off", "aria-describedby": id + "-count" });
  var count = el("p", { id: id + "-count", class: "hint" });
  var list = el("ul", "merge-choices");
  form.appendChild(label); form.appendChild(input); form.appendChild(count); form.appendChild(list);
  form.appendChild(ctx.button("Cancel", ctx.cancel, { className: "small secondary" }));

  function draw() {
    var like = ctx.like;
    var found = candidates(idea, others, input.value, like);
    list.textContent = "";
    found.slice(0, SHOWN).forEach(function (c) {
      var li = el("li", "merge-choice");
      var how = c.score === 1 ? "Same words" : c.score >= NEAR ? "Nearly the same" : "";
      if (like && c.idea.id === like.id && !how) how = "Looks like it (" + like.how + ")";
      if (how) li.appendChild(el("span", "merge-how", how));
      li.appendChild(el("span", "merge-text", "#" + c.idea.id + " " + short(c.idea.text, 140)));
      li.appendChild(ctx.button("Merge into #" + c.idea.id, function () { ctx.merge(c.idea.id, form); },
        { aria: "Merge into #" + c.idea.id + ": " + short(c.idea.text, 60), className: "small" }));
      list.appendChild(li);
    });
    var more = found.length - SHOWN;
    count.textContent = !input.value.trim()
      ? (found.length ? "Ideas that look like this one:" : "No idea has nearly the same words. Type some of its words, or its #number.")
      : found.length ? found.length + (found.length === 1 ? " idea matches." : " ideas match.") + (more > 0 ? " The first " + SHOWN + " are listed; type more words to narrow them." : "")
        : "No idea matches. Try fewer words, or its #number.";
  }
  input.addEventListener("input", draw);
  // Enter goes to the first match's button: a merge is always one deliberate press.
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("button");
    if (first) first.focus();
    else ctx.say("Choose the idea to merge it into.", true, form);
  });
  draw();
  window.setTimeout(function () { input.focus(); }, 0);
  return form;
}
