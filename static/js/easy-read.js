/* The easy-read switch on every attendee page, remembered on this phone, and
 * read-aloud.
 *
 * A classic script, loaded at the top of the page body (a module would run
 * only after the page is parsed), so the remembered choice is applied
 * before anything is drawn (no flash of the standard wording). It sets
 * body.easy-read (larger text, short sentences, pictures: see app.css) and
 * tells the page's own script through an "easyreadchange" event.
 *
 * Read aloud uses the browser's own speech (speechSynthesis: no internet
 * needed on most phones), a British English voice when there is one. Every
 * element marked data-listen gets a "Listen" button; nothing ever plays by
 * itself, and a phone that cannot speak says so in words beside the button.
 */
(function () {
  "use strict";
  var KEY = "workshop:easy-read";
  var speaking = null;  // the button whose words are being read

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

  function voice() {
    var voices = window.speechSynthesis.getVoices() || [];
    var lang = function (v) { return (v.lang || "").replace("_", "-").toLowerCase(); };
    return voices.filter(function (v) { return lang(v) === "en-gb"; })[0]
      || voices.filter(function (v) { return lang(v).indexOf("en") === 0; })[0] || null;
  }

  function note(button, text) {
    var next = button.nextElementSibling;
    if (!next || !next.classList.contains("listen-note")) {
      next = document.createElement("span");
      next.className = "listen-note";
      button.parentNode.insertBefore(next, button.nextSibling);
    }
    next.textContent = text;
  }

  function label(button, text) {
    button.textContent = text;
  }

  function stop() {
    if (speaking) { label(speaking, "Listen"); speaking = null; }
    if (window.speechSynthesis) window.speechSynthesis.cancel();
  }

  /* Read `text` aloud; the button turns into Stop while it reads. */
  function speak(text, button) {
    var was = speaking;
    stop();
    if (was === button) return;  // a second press stops
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) {
      note(button, "This phone cannot read aloud.");
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = "en-GB";
    utterance.rate = 0.9;
    var chosen = voice();
    if (chosen) utterance.voice = chosen;
    utterance.onend = function () { if (speaking === button) { label(button, "Listen"); speaking = null; } };
    utterance.onerror = function (event) {
      if (event.error === "canceled" || event.error === "interrupted") return;
      if (speaking === button) { label(button, "Listen"); speaking = null; }
      note(button, "This phone cannot read aloud.");
    };
    speaking = button;
    label(button, "Stop");
    note(button, "");
    window.speechSynthesis.speak(utterance);
  }

  // The words of a block, without its buttons, read in the order shown.
  function wordsOf(block) {
    var copy = block.cloneNode(true);
    copy.querySelectorAll("button, .listen-note, [hidden], .for-standard").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function addListenButtons(root) {
    (root || document).querySelectorAll("[data-listen]").forEach(function (block) {
      if (block.querySelector(":scope > .listen")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "listen secondary for-easy-read";
      button.textContent = "Listen";
      var name = block.getAttribute("data-listen");
      if (name) button.setAttribute("aria-label", "Listen: " + name);
      button.addEventListener("click", function () { speak(wordsOf(block), button); });
      block.appendChild(button);
    });
  }

  function bind() {
    addListenButtons();
    // An error shown after a reload (a refused form) is brought into view.
    var error = document.querySelector("[data-focus-on-load]");
    if (error) error.focus();
    var toggle = document.getElementById("easy-read-toggle");
    if (!toggle) return;
    toggle.checked = document.body.classList.contains("easy-read");
    toggle.addEventListener("change", function () {
      stop();
      remember(toggle.checked);
      apply(toggle.checked);
    });
  }

  window.WorkshopEasyRead = {
    on: function () { return document.body.classList.contains("easy-read"); },
    speak: speak,
    stop: stop,
    // The join page's side-by-side choice (static/js/reading-choice.js).
    choose: function (on) { stop(); remember(on); apply(on); },
  };
  apply(remembered());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
