/* The join page's "how do you want to read?" (issue 25): easy read and the
 * standard words side by side, each with its picture; the one pressed is
 * kept on this phone (easy-read.js remembers it, as the switch does), and
 * the choice stays changeable from the switch at the top of every page.
 */
(function () {
  "use strict";
  var KEPT = "Your phone will remember this.";

  function bind() {
    var section = document.getElementById("reading-choice");
    if (!section || !window.WorkshopEasyRead) return;
    var buttons = section.querySelectorAll("[data-reading]");
    var note = document.getElementById("reading-kept");

    function show() {
      var on = window.WorkshopEasyRead.on();
      buttons.forEach(function (button) {
        var pressed = (button.getAttribute("data-reading") === "easy") === on;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        window.WorkshopEasyRead.choose(button.getAttribute("data-reading") === "easy");
        note.textContent = KEPT;
      });
    });
    document.addEventListener("easyreadchange", show);
    section.hidden = false;
    show();
  }

  /* A list's options cannot hold two wordings in spans: in easy read each
   * option marked data-easy shows those words instead. */
  function options() {
    var on = window.WorkshopEasyRead && window.WorkshopEasyRead.on();
    document.querySelectorAll("option[data-easy]").forEach(function (option) {
      if (!option.hasAttribute("data-standard")) option.setAttribute("data-standard", option.textContent);
      option.textContent = option.getAttribute(on ? "data-easy" : "data-standard");
    });
  }

  function start() { bind(); options(); }

  document.addEventListener("easyreadchange", options);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
