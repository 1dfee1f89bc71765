/* The results bar by role (issue 25 item 9): one segment per role that
 * voted, each with its own colour and pattern (experts by experience keep
 * their purple) and its count written in it; the key above the results
 * names each role beside a swatch of the same look, so nothing is told by
 * colour alone. Each row's split is also in words for screen readers.
 */
import { el } from "./lib/dom.js";

var PATTERNS = 6;  // bar-role-0 … bar-role-5 in app.css, reused in turn

function styleOf(roles, role) {
  if (role.expert_by_experience) return "bar-ebe";
  var others = roles.filter(function (r) { return !r.expert_by_experience; });
  return "bar-role-" + (others.indexOf(role) % PATTERNS);
}

function nameOf(role) { return (role.expert_by_experience ? "★ " : "") + role.label; }

/* The split bar scaled to `top`: each segment its role's look and count. */
export function roleBar(roles, byRole, top) {
  var bar = el("div", "bar bar-split bar-labelled");
  var words = [];
  roles.forEach(function (r) {
    if (!byRole[r.key]) return;
    var seg = el("span", "bar-fill " + styleOf(roles, r), String(byRole[r.key]));
    seg.setAttribute("aria-hidden", "true");
    seg.title = nameOf(r) + ": " + byRole[r.key];
    seg.style.width = (100 * byRole[r.key] / top) + "%";
    bar.appendChild(seg);
    words.push(nameOf(r) + " " + byRole[r.key]);
  });
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
