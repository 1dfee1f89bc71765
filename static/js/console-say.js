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
 * message takes it away.
 */
import { el } from "./lib/dom.js";

// An error is the last line of the item or form it came from, else follows the control's row.
var INSIDE = "li, form, fieldset, .confirm";
var AFTER = ".button-row, .choice, p";
var made = 0;

function unsay(scope) {
  scope.querySelectorAll(".said-beside").forEach(function (node) {
    document.querySelectorAll('[aria-describedby~="' + node.id + '"]').forEach(function (control) {
      var rest = control.getAttribute("aria-describedby").split(" ").filter(function (id) { return id && id !== node.id; });
      if (rest.length) control.setAttribute("aria-describedby", rest.join(" "));
      else control.removeAttribute("aria-describedby");
    });
    node.remove();
  });
}

function besideIt(message, origin, scope) {
  var node = el("p", { class: "said-beside status-error", role: "alert", id: "said-" + (made += 1) }, message);
  var holder = origin.closest(INSIDE);
  if (holder && holder !== scope && scope.contains(holder)) holder.appendChild(node);
  else {
    holder = origin.closest(AFTER);
    (holder && holder !== scope && scope.contains(holder) ? holder : origin).after(node);
  }
  var control = document.activeElement;
  if (control && control !== document.body && (origin === control || origin.contains(control) || node.parentNode.contains(control))) {
    var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    control.setAttribute("aria-describedby", ids.concat([node.id]).join(" "));
  }
  node.scrollIntoView({ block: "nearest" });
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
