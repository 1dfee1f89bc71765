/* The easy-read switch on every attendee page, remembered on this phone.
 *
 * A classic script, loaded at the top of the page body (a module would run
 * only after the page is parsed), so the remembered choice is applied
 * before anything is drawn (no flash of the standard wording). It sets
 * body.easy-read (larger text, short sentences, pictures: see app.css) and
 * tells the page's own script through an "easyreadchange" event.
 *
 * Read aloud (the "Listen" buttons, in either wording) is listen.js's.
 */
(function () {
  "use strict";
  var KEY = "workshop:easy-read";

  // The phone's own choice; until it makes one, the workshop's default
  // (the organiser's "easy read first": data-easy-read-first on the body).
  function remembered() {
    var kept = null;
    try { kept = window.localStorage.getItem(KEY); } catch (e) { /* private mode */ }
    if (kept === "true" || kept === "false") return kept === "true";
    return document.body.hasAttribute("data-easy-read-first");
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "true" : "false"); } catch (e) { /* private mode */ }
  }

  function apply(on) {
    document.body.classList.toggle("easy-read", on);
    var toggle = document.getElementById("easy-read-toggle");
    if (toggle) toggle.checked = on;
    document.dispatchEvent(new CustomEvent("easyreadchange", { detail: { on: on } }));
  }

  function bind() {
    // An error shown after a reload (a refused form) is brought into view.
    var error = document.querySelector("[data-focus-on-load]");
    if (error) error.focus();
    var toggle = document.getElementById("easy-read-toggle");
    if (!toggle) return;
    toggle.checked = document.body.classList.contains("easy-read");
    toggle.addEventListener("change", function () {
      remember(toggle.checked);
      apply(toggle.checked);
    });
  }

  window.WorkshopEasyRead = {
    on: function () { return document.body.classList.contains("easy-read"); },
    // Read aloud lives in listen.js, which fills these in when it loads.
    speak: function () {},
    stop: function () {},
    // The join page's side-by-side choice (static/js/reading-choice.js).
    choose: function (on) { window.WorkshopEasyRead.stop(); remember(on); apply(on); },
  };
  apply(remembered());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
