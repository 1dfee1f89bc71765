/* A field's error says what is wrong with it now, and goes when it is fixed.
 *
 * "Please write something first" left on screen above words being typed is
 * wrong, and a screen reader would still read it as the field's
 * description. So the error says which check it came from: an empty box
 * clears once there are words, a too-long one once it fits. A refusal from
 * the server, or a missing choice, stays until the next send: typing does
 * not fix those. The field points at its error (aria-describedby,
 * aria-invalid) only while there is one.
 */
import { $ } from "./lib/dom.js";
import { w } from "./words.js";

var reasons = {};  // kind -> {reason, message} of the last check that failed
var shown = {};    // kind -> why the error on screen was shown ("empty", "long", "other")

/* The problem with the text to send, in words, or null. */
export function checkText(kind, text, max) {
  var found = !text ? { reason: "empty", message: w(kind === "idea" ? "write_first" : "write_story_first") }
    : text.length > max ? { reason: "long", message: w("too_long", { n: text.length, total: max }) }
    : null;
  reasons[kind] = found;
  return found ? found.message : null;
}

/* Show `message` as the field's error, or clear it (an empty message). */
export function showFieldError(kind, message) {
  var error = $(kind + "-error");
  var field = $(kind + "-text");
  var last = reasons[kind];
  shown[kind] = !message ? null : last && last.message === message ? last.reason : "other";
  error.textContent = message;
  error.hidden = !message;
  var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
    return id && id !== error.id;
  });
  if (message) ids.push(error.id);
  if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
  else field.removeAttribute("aria-describedby");
  if (message) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}

/* Clear the error (and the same words beside Send) once the typing fixed it. */
export function watchField(kind, max) {
  var field = $(kind + "-text");
  showFieldError(kind, "");  // the page starts with no error: nothing to point at
  field.addEventListener("input", function () {
    var why = shown[kind];
    var length = field.value.trim().length;
    if (!(why === "empty" && length > 0) && !(why === "long" && length <= max)) return;
    var said = $(kind + "-error").textContent;
    showFieldError(kind, "");
    var beside = $(kind + "-feedback");
    if (beside.textContent === said) { beside.textContent = ""; beside.className = "feedback"; }
  });
}
