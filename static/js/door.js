/* The room's door on the console: how many joined in the last minute, how
 * many wait to be let in, the lock, and the head count beyond which joins
 * wait (issue 15), or any asked to wait because too many joined at once. Joins are counted from the snapshot's figure and
 * each live participant_joined event, so a surge of scripted joining shows
 * at once; the waiting count comes from the snapshot and each door_waiting
 * event (consoles only).
 */
import { $, el, plural } from "./lib/dom.js";

var joins = [];
var waiting = 0;
var outreach = 0;  // people taking part through outreach: counted apart from the room
var held = null;  // the last time the server asked arrivals to wait a moment, and why
var shownCapacity;

export function doorSnapshot(snap) {
  var now = Date.now();
  joins = [];
  for (var i = 0; i < (snap.joins_per_minute || 0); i++) joins.push(now);
  waiting = snap.waiting || 0;
  outreach = snap.outreach_participants || 0;
}

export function doorEvent(e) {
  if (e.type === "participant_joined" && (e.data || {}).origin === "outreach") outreach += 1;
  else if (e.type === "participant_joined") joins.push(Date.now());
  if (e.type === "door_waiting") waiting = e.data.waiting;
}

/* The server's "door_held" message: joins past the rate it allows were asked to wait. */
export function doorHeld(data) { held = { at: Date.now(), data: data }; }

export function outreachCount() { return outreach; }
export function doorWaiting() { return waiting; }

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
  $("door-waiting").textContent = waiting
    ? plural(waiting, " person is", " people are") + " waiting to be let in."
    : "No one is waiting to be let in.";
  var holding = held && Date.now() - held.at < 60000;
  $("door-held").hidden = !holding;
  if (holding) {
    $("door-held").textContent = "Some people were asked to wait a moment and try again: more than " +
      held.data.per_minute + " tried to join in one minute" + (held.data.head_count
        ? " (the head count, " + held.data.head_count + ", and some to spare)."
        : ". Set the head count below to let a bigger room in at once.");
  }
  $("door-let-in").hidden = !waiting;
  $("let-in-all").textContent = waiting ? "Let everyone in (" + waiting + ")" : "Let everyone in";
  $("let-in-count").max = String(waiting || 1);
  var count = $("let-in-count");
  if (document.activeElement !== count && +count.value > waiting) count.value = String(waiting || 1);
  // The head count field shows the saved one, refreshed only when it changes
  // (a redraw never replaces a number being typed).
  if (settings.capacity !== shownCapacity) {
    shownCapacity = settings.capacity;
    $("door-capacity").value = shownCapacity ? String(shownCapacity) : "";
  }
  // Seen from every tab, like the approval queue's count.
  $("tab-report").textContent = "Room and report" + (waiting ? " (" + waiting + " waiting)" : "");
  var lock = $("door-lock");
  lock.setAttribute("aria-pressed", String(locked));
  lock.textContent = locked ? "Open the door" : "Lock the door";
  $("door-state").textContent = doorState(locked, settings.capacity);
}

function doorState(locked, capacity) {
  if (locked) {
    return "The door is locked: new arrivals wait until you let them in. Opening the door lets "
      + (capacity ? "them in up to the head count (" + capacity + ")." : "everyone waiting in.");
  }
  return capacity
    ? "Head count: " + capacity + " people in the room. Beyond it, people wait until you let them in or raise it."
      + " Outreach is counted apart" + (outreach ? " (" + outreach + ")." : ".")
    : "No head count: anyone with the code can join.";
}

function build(box, room, act) {
  window.setInterval(function () { drawDoor(room, act); }, 5000);
  box.appendChild(el("p", { id: "joins-per-minute" }));
  box.appendChild(el("p", { id: "door-waiting", class: "door-waiting" }));
  box.appendChild(el("p", { id: "door-held", class: "door-waiting", hidden: "" }));
  box.appendChild(letIn(act));
  var lock = el("button", { type: "button", id: "door-lock" });
  lock.addEventListener("click", function () {
    var locked = !!(room.settings || {}).door_locked;
    act("lock_door", { on: !locked }, locked ? "The door is open." : "The door is locked.");
  });
  box.appendChild(lock);
  box.appendChild(el("p", { id: "door-state", class: "hint" }));
  var form = el("form", "inline-form door-form");
  var input = el("input", { id: "door-capacity", type: "number", min: "0", inputmode: "numeric", "aria-describedby": "door-capacity-hint" });
  form.appendChild(el("label", { for: "door-capacity" }, "Head count (people expected in the room) "));
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit" }, "Set"));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var n = input.value === "" ? 0 : parseInt(input.value, 10);
    act("set_capacity", { capacity: isNaN(n) ? -1 : n }, "Head count saved.");
  });
  box.appendChild(form);
  box.appendChild(el("p", { id: "door-capacity-hint", class: "hint" }, "Raising it lets in those waiting, first come first in. Empty or 0: no head count."));
}

/* Let everyone in, or the first N who arrived. */
function letIn(act) {
  var group = el("div", { id: "door-let-in", class: "door-let-in", hidden: "" });
  var all = el("button", { type: "button", id: "let-in-all" }, "Let everyone in");
  all.addEventListener("click", function () { act("let_in", {}, "Everyone waiting was let in."); });
  group.appendChild(all);
  var form = el("form", "inline-form door-form");
  var input = el("input", { id: "let-in-count", type: "number", min: "1", value: "10", inputmode: "numeric" });
  form.appendChild(el("label", { for: "let-in-count" }, "Or let in the first"));
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit", id: "let-in-some", class: "secondary" }, "Let them in"));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var n = parseInt(input.value, 10);
    act("let_in", { count: isNaN(n) ? 0 : n }, plural(n, " person let in.", " people let in."));
  });
  group.appendChild(form);
  return group;
}
