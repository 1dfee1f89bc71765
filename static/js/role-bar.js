/* The results bar by role (issue 25 item 9): one segment per role that
 * voted, each with its own colour and pattern (experts by experience keep
 * their purple and a ★) and its count written in it, in white on the dark
 * colours at 24 px or more on a 1920x1080 wall; the key beside the results
 * names each role beside a swatch of the same look, so neither the role nor
 * the count is told by colour alone. The bar sits on the line of the idea's
 * votes, as long as its share of the top idea's, so it takes no line of its
 * own and the top ten still fit one page. Each row's split is also in words
 * for screen readers.
 */
import { el } from "./lib/dom.js";

var PATTERNS = 6;  // bar-role-0 … bar-role-5 in app.css, reused in turn

function styleOf(roles, role) {
  if (role.expert_by_experience) return "bar-ebe";
  var others = roles.filter(function (r) { return !r.expert_by_experience; });
  return "bar-role-" + (others.indexOf(role) % PATTERNS);
}

function nameOf(role) { return (role.expert_by_experience ? "★ " : "") + role.label; }

var SHARE = 45;  // % of the line the top idea's bar takes; the words take the rest

/* The split bar scaled to `top`: each segment its role's look and count
 * (never narrower than its count: a segment grows to show it). */
export function roleBar(roles, byRole, top) {
  var bar = el("div", "bar bar-split bar-labelled");
  var words = [];
  var total = 0;
  roles.forEach(function (r) {
    var n = byRole[r.key];
    if (!n) return;
    total += n;
    var seg = el("span", "bar-fill " + styleOf(roles, r), (r.expert_by_experience ? "★ " : "") + n);
    seg.setAttribute("aria-hidden", "true");
    seg.title = nameOf(r) + ": " + n;
    seg.style.flexGrow = String(n);
    bar.appendChild(seg);
    words.push(nameOf(r) + " " + n);
  });
  bar.style.width = top ? (SHARE * total / top) + "%" : "0";
  bar.appendChild(el("span", "visually-hidden", "Votes by role: " + words.join(", ")));
  return bar;
}

/* The key: every role's name beside a swatch of its segments' look. */
export function roleKey(roles) {
  var key = el("span", "role-key");
  roles.forEach(function (r) {
    var item = el("span", "role-key-item");
    item.appendChild(el("span", "swatch bar-fill " + styleOf(roles, r)));
    item.appendChild(document.createTextNode(nameOf(r)));
    key.appendChild(item);
  });
  return key;
}
