/* The room's door on the console: how many joined in the last minute, the
 * lock, and the expected head count beyond which joins wait (issue 15).
 * Joins are counted from the snapshot's figure and each live
 * participant_joined event, so a surge of scripted joining shows at once.
 */
import { $, el, plural } from "./lib/dom.js";

var joins = [];

export function doorSnapshot(snap) {
  var now = Date.now();
  joins = [];
  for (var i = 0; i < (snap.joins_per_minute || 0); i++) joins.push(now);
}

export function doorEvent(e) {
  if (e.type === "participant_joined") joins.push(Date.now());
}

/* act(name, payload, doneMessage): the console's one acknowledged call. The
 * controls are built once, so a redraw never clobbers a number being typed. */
export function drawDoor(room, act) {
  var box = $("door");
  if (!box) return;
  if (!box.firstChild) build(box, room, act);
  var cutoff = Date.now() - 60000;
  joins = joins.filter(function (t) { return t > cutoff; });
  var settings = room.settings || {};
  var locked = !!settings.door_locked;
  $("joins-per-minute").textContent = plural(joins.length, " person", " people") + " joined in the last minute.";
  var lock = $("door-lock");
  lock.setAttribute("aria-pressed", String(locked));
  lock.textContent = locked ? "Open the door" : "Lock the door";
  $("door-state").textContent = (locked ? "The door is locked: no one new can join. " : "") + (settings.capacity
    ? "Expected head count: " + settings.capacity + ". Beyond it, people wait until you let them in (raise it or clear it)."
    : "No expected head count: anyone with the code can join.");
}

function build(box, room, act) {
  window.setInterval(function () { drawDoor(room, act); }, 5000);
  box.appendChild(el("p", { id: "joins-per-minute" }));
  var lock = el("button", { type: "button", id: "door-lock" });
  lock.addEventListener("click", function () {
    var locked = !!(room.settings || {}).door_locked;
    act("lock_door", { on: !locked }, locked ? "The door is open." : "The door is locked.");
  });
  box.appendChild(lock);
  box.appendChild(el("p", { id: "door-state", class: "hint" }));
  var form = el("form", "inline");
  var input = el("input", { id: "door-capacity", type: "number", min: "0", inputmode: "numeric" });
  form.appendChild(el("label", { for: "door-capacity" }, "Expected head count "));
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit" }, "Set"));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var n = input.value === "" ? 0 : parseInt(input.value, 10);
    act("set_capacity", { capacity: isNaN(n) ? -1 : n }, "Head count saved.");
  });
  box.appendChild(form);
}
