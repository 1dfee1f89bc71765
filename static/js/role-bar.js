/* The results bar by role (issue 25 item 9): one segment per role that
 * voted, each with its own colour and pattern (experts by experience keep
 * their purple), and the same roles named in text beside a matching swatch,
 * so nothing is told by colour alone.
 */
import { el } from "./lib/dom.js";

var PATTERNS = 6;  // bar-role-0 … bar-role-5 in app.css, reused in turn

function styleOf(roles, role) {
  if (role.expert_by_experience) return "bar-ebe";
  var others = roles.filter(function (r) { return !r.expert_by_experience; });
  return "bar-role-" + (others.indexOf(role) % PATTERNS);
}

/* [bar, key]: the split bar scaled to `top`, and its roles in words. */
export function roleBar(roles, byRole, top) {
  var bar = el("div", "bar bar-split");
  bar.setAttribute("aria-hidden", "true");  // the key says it in words
  var key = el("p", "role-key");
  roles.forEach(function (r) {
    if (!byRole[r.key]) return;
    var style = styleOf(roles, r);
    var seg = el("span", "bar-fill " + style);
    seg.style.width = (100 * byRole[r.key] / top) + "%";
    bar.appendChild(seg);
    var item = el("span", "role-key-item");
    item.appendChild(el("span", "swatch bar-fill " + style));
    item.appendChild(document.createTextNode((r.expert_by_experience ? "★ " : "") + r.label + " " + byRole[r.key]));
    key.appendChild(item);
  });
  return [bar, key];
}
