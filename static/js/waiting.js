/* The waiting page at the room's door (issue 15): ask the server every few
 * seconds whether the facilitator has let this phone in, and go to the
 * workshop by itself when they have. No reload, nothing to press. The
 * seconds between asks are spread a little, so a hall waiting does not ask
 * all at once.
 */
var code = document.body.dataset.code;
var status = document.getElementById("door-status");
var EVERY = 4000, SPREAD = 2000;
var timer = null;

function next() {
  timer = window.setTimeout(ask, EVERY + Math.random() * SPREAD);
}

function inside() {
  status.textContent = "You are in. Opening the workshop…";
  window.location.replace("/w/" + code);
}

function ask() {
  window.clearTimeout(timer);
  fetch("/api/w/" + code + "/waiting", { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (response.status === 403) {  // not waiting and not in: start again at the join page
        window.location.replace("/j/" + code);
        return null;
      }
      return response.ok ? response.json() : null;
    })
    .then(function (door) {
      if (door && door.waiting === false) inside();
      else if (door && door.ended) status.textContent = "This workshop has ended. Thank you.";  // nobody comes in now
      else next();
    })
    .catch(next);  // venue Wi-Fi drops: keep asking
}

document.addEventListener("visibilitychange", function () {
  if (document.visibilityState === "visible") ask();
});
next();
