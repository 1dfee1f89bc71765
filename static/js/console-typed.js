/* A number the facilitator types in a console field (the board's page
 * seconds, the extra time, a question's timer) stays in its field until it
 * is accepted: the room's redraws (a vote, a page turn, another console's
 * change) put the saved value back only into a field nobody has typed in.
 * A refused value stays with the reason beside it, as long as it is in the
 * field, so it can be corrected (WCAG 3.3.1, 3.3.3); the saved value took its
 * place at the next redraw and the error spoke of a number no longer there.
 *
 * Each field has its own error (two refused at once keep both), apart from
 * the panel's messages (console-say.js), which come and go with each action.
 * Acceptance is the action's own reply (act's `then`), never a saved value
 * that happens to match: another console may set the same value meanwhile.
 */
import { el } from "./lib/dom.js";

// field key -> {value: what was typed, error: the reason it was refused (or null), at: when it was said}
var drafts = {};

function errorId(key) { return "refused-" + key.replace(/[^a-z0-9-]/gi, "-"); }

// The field points at its error only while there is one. An error drawn again
// in a rebuilt panel (the agenda) is an alert only in the moment it is said:
// later it was heard already (console-say.js does the same).
function showError(field, key, message, at) {
  var id = errorId(key);
  var node = document.getElementById(id);
  if (!message) { if (node) node.remove(); }
  else {
    if (!node) {
      node = el("p", { class: "said-beside status-error field-refused", id: id });
      if (Date.now() - (at || 0) < 1000) node.setAttribute("role", "alert");
      (field.form || field.parentNode).appendChild(node);
    }
    if (node.textContent !== message) node.textContent = message;
  }
  var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (one) { return one && one !== id; });
  if (message) ids.push(id);
  if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
  else field.removeAttribute("aria-describedby");
  if (message) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}

/* At each draw: `field` (found again by `key` when the panel rebuilds it) shows
 * what was typed there, and its error, else `saved` (a number, or null for none). */
export function typedOr(field, key, saved) {
  if (field.dataset.typedKey !== key) {
    field.dataset.typedKey = key;
    // What the person types is theirs until it is accepted; a reason given stays until the next send.
    field.addEventListener("input", function () {
      var was = drafts[key] || {};
      drafts[key] = { value: field.value, error: was.error || null, at: was.at || 0 };
    });
  }
  var draft = drafts[key];
  var value = draft ? draft.value : saved === null || saved === undefined ? "" : String(saved);
  if (field.value !== value && document.activeElement !== field) field.value = value;
  showError(field, key, draft && draft.error, draft && draft.at);
}

/* Sending the field's value: its last reason goes; `refused(message)` gives a
 * new one, `accepted()` hands the field back to the room. */
export function sending(field, key) {
  var sent = field.value;
  drafts[key] = { value: sent, error: null, at: 0 };
  showError(field, key, null);
  return {
    refused: function (message) {
      if (!drafts[key]) return;  // accepted meanwhile by a later send
      drafts[key].error = message;
      drafts[key].at = Date.now();
      var now = document.querySelector('[data-typed-key="' + key + '"]') || field;
      showError(now, key, message, drafts[key].at);
      var node = document.getElementById(errorId(key));
      if (node) node.scrollIntoView({ block: "nearest" });
    },
    accepted: function () {
      // A later send of a different value waits for its own answer.
      if (drafts[key] && drafts[key].value === sent) delete drafts[key];
      var now = document.querySelector('[data-typed-key="' + key + '"]') || field;
      showError(now, key, null);
    },
  };
}
