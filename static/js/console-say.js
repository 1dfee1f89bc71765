/* Where the console says what happened (WCAG 3.3.1 error identification,
 * 4.1.3 status messages).
 *
 * A message goes to the status region of the area its control is in: the
 * header's, always in view, or the panel's, at the panel's top. An error
 * from a control inside a panel is said beside that control instead: far
 * down a 150-idea list the panel's top is out of view, and the error was
 * seen by nobody. Beside it, the error is an alert (heard at once), scrolled
 * into view if it fell below the screen, and the control in focus points at
 * it (aria-describedby); focus stays on that control. The panel's next
 * message takes it away. The agenda and the themes are redrawn whole at the
 * room's next event: the error follows its control (by data-key) into the
 * redrawn panel, not said again; with no such control, it goes to the
 * panel's status.
 */
import { el } from "./lib/dom.js";

// An error is the last line of the item, form or box it came from, else follows the control's row.
var INSIDE = "li, form, fieldset, .confirm";
var AFTER = ".button-row, .choice, p";
var made = 0;
var kept = null;  // the error said beside a control: {node, key, scope}

function unsay(scope) {
  if (kept && kept.scope === scope) kept = null;
  // A refused typed value's error stays while the value does (console-typed.js).
  scope.querySelectorAll(".said-beside:not(.field-refused)").forEach(function (node) {
    document.querySelectorAll('[aria-describedby~="' + node.id + '"]').forEach(function (control) {
      var rest = control.getAttribute("aria-describedby").split(" ").filter(function (id) { return id && id !== node.id; });
      if (rest.length) control.setAttribute("aria-describedby", rest.join(" "));
      else control.removeAttribute("aria-describedby");
    });
    node.remove();
  });
}

function place(node, origin, scope) {
  var holder = origin.closest(INSIDE);
  if (holder && holder !== scope && scope.contains(holder)) holder.appendChild(node);
  else if (origin.tagName === "DIV") origin.appendChild(node);  // a box named as the origin (a sticky bar): its last line
  else {
    holder = origin.closest(AFTER);
    (holder && holder !== scope && scope.contains(holder) ? holder : origin).after(node);
  }
}

function describe(control, node) {
  var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  if (ids.indexOf(node.id) < 0) control.setAttribute("aria-describedby", ids.concat([node.id]).join(" "));
}

function besideIt(message, origin, scope) {
  var node = el("p", { class: "said-beside status-error", role: "alert", id: "said-" + (made += 1) }, message);
  place(node, origin, scope);
  var control = document.activeElement;
  var mine = control && control !== document.body && (origin === control || origin.contains(control) || node.parentNode.contains(control));
  if (mine) describe(control, node);
  // What to find again after a redraw: the control's data-key (a form's: its submit button's).
  var keyed = mine && control.dataset.key ? control : origin.dataset.key ? origin : origin.querySelector && origin.querySelector("[type=submit][data-key]");
  kept = { node: node, key: keyed ? keyed.dataset.key : null, scope: scope, at: Date.now() };
  node.scrollIntoView({ block: "nearest" });
}

/* After a draw: an error whose place was redrawn goes back beside its control. */
export function keepSaid() {
  if (!kept || document.body.contains(kept.node)) return;
  var node = kept.node, scope = kept.scope;
  var control = kept.key && scope.querySelector('[data-key="' + kept.key + '"]');
  // Redrawn in the moment it was said (a blur redraws the agenda), it is still being said;
  // later (the room's next event), it was heard already.
  if (Date.now() - kept.at > 1000) node.removeAttribute("role");
  if (!control) {
    kept = null;
    var status = scope.querySelector(".status");
    status.textContent = node.textContent;
    status.className = "status status-error";
    return;
  }
  place(node, control, scope);
  describe(control, node);
}

/* Say `message` (an error if `isError`) where `origin`, the control or form it
 * came from, is; with no origin, in the header. */
export function say(message, isError, origin) {
  var header = document.querySelector(".console-header");
  var scope = (origin && origin.closest && origin.closest("[data-status]")) || header;
  unsay(scope);
  var status = scope.querySelector(".status");
  var beside = isError && scope !== header && origin !== scope && document.body.contains(origin);
  status.textContent = beside ? "" : message;
  status.className = "status" + (isError && !beside ? " status-error" : "");
  if (beside) besideIt(message, origin, scope);
}
