/* Listen: every attendee page read aloud on request, in either wording.
 *
 * A classic script (deferred), so it runs before the page's own module and
 * after the page is parsed. Nothing ever plays by itself. It uses the
 * browser's own speech (speechSynthesis), preferring a voice stored on the
 * phone (localService: works with the venue's internet off), British English
 * first. A phone with no speech, or no voice at all, says so in words beside
 * the button.
 *
 * What it reads: every block marked data-listen, every choice (fieldset:
 * the role, consent, Plan choices), every message (.feedback, .error-message)
 * once it has words, the kept words, the ended page and the whole ideas list,
 * one idea after another. The words are highlighted as they are read
 * (boundary events, with the CSS Custom Highlight API); a voice that sends
 * no boundary events still highlights the sentence being read.
 *
 * tests/test_easy_read.py checks the easy-read wording of WORDS below (one
 * entry a line: `  key: ["standard", "easy read"],`).
 */
(function () {
  "use strict";
  var WORDS = {
    listen: ["Listen", "Listen"],
    stop: ["Stop", "Stop"],
    listen_all: ["Listen to every idea", "Listen to all the ideas"],
    listen_message: ["Listen to this message", "Listen to this message"],
    no_speech: ["This phone cannot read aloud.", "This phone cannot read aloud."],
    no_voice: ["This phone has no voice to read aloud. You can add one in the phone's settings.", "This phone has no voice for reading. Ask someone to help you add one."],
    failed: ["The phone could not read this aloud. Please try again.", "The phone could not read this. Please try again."],
    reading: ["Reading aloud.", "Reading aloud now."],
    idea_of: ["Idea {n} of {total}.", "Idea {n} of {total}."],
  };
  // Where Listen goes besides data-listen blocks: [selector, name for the button].
  var PLACES = [
    ["fieldset", null],
    ["#kept", "your kept words"],
    ["#ended", "the end"],
    ["#waiting", "please wait"],
    ["#door-words", "please wait"],  // the door's waiting page (templates/waiting.html)
    ["#sorry-words", "sorry"],  // a page that went wrong (templates/error.html)
  ];
  // A message is a .feedback or .error-message, or a banner's words marked data-listen-message.
  var MESSAGES = ".feedback, .error-message, [data-listen-message]";
  var START_WAIT_MS = 6000;
  var current = null;  // {button, utterances, done}

  function easy() { return document.body.classList.contains("easy-read"); }
  function w(key, fill) {
    var text = WORDS[key][easy() ? 1 : 0];
    Object.keys(fill || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(fill[k])); });
    return text;
  }

  // Voices: one stored on the device first (no internet needed), British
  // English before other English, then any English, then the default.
  function lang(v) { return (v.lang || "").replace("_", "-").toLowerCase(); }
  function pickVoice(voices) {
    var tests = [
      function (v) { return v.localService && lang(v) === "en-gb"; },
      function (v) { return v.localService && lang(v).indexOf("en") === 0; },
      function (v) { return lang(v) === "en-gb"; },
      function (v) { return lang(v).indexOf("en") === 0; },
      function (v) { return v.localService; },
    ];
    for (var i = 0; i < tests.length; i++) {
      var found = voices.filter(tests[i])[0];
      if (found) return found;
    }
    return voices[0] || null;
  }

  // The words beside a Listen button when it cannot read.
  function note(button, text) {
    var next = button.nextElementSibling;
    if (!next || !next.classList.contains("listen-note")) {
      next = document.createElement("span");
      next.className = "listen-note";
      next.setAttribute("role", "status");
      button.parentNode.insertBefore(next, button.nextSibling);
    }
    next.textContent = text;
  }

  // Highlighting: the word being read (and, without boundary events, the sentence).
  var canMark = !!(window.CSS && window.CSS.highlights && window.Highlight);
  function mark(name, range) {
    if (!canMark) return;
    if (range) window.CSS.highlights.set(name, new window.Highlight(range));
    else window.CSS.highlights.delete(name);
  }

  /* The words of a block as read, and where each piece sits in the page:
   * [{node: Text, start, end}], so a character of the spoken text maps back
   * to the page for highlighting. Buttons, hidden parts and the other
   * wording are left out; a text box reads what is typed in it. */
  function collect(block) {
    var out = { text: "", map: [] };
    var other = easy() ? "for-standard" : "for-easy-read";
    function add(text, node) {
      if (!text.trim()) return;
      if (out.text && !/\s$/.test(out.text)) out.text += " ";
      if (node) out.map.push({ node: node, start: out.text.length, end: out.text.length + text.length });
      out.text += text;
    }
    function walk(node) {
      if (node.nodeType === 3) { add(node.data, node); return; }
      if (node.nodeType !== 1) return;
      var tag = node.tagName;
      if (tag === "BUTTON" || tag === "SCRIPT" || tag === "STYLE" || tag === "SELECT" || node.hidden) return;
      if (node.classList.contains(other) || node.classList.contains("listen-note")) return;
      if (node.getAttribute("aria-hidden") === "true") return;
      if (tag === "TEXTAREA" || (tag === "INPUT" && (node.type === "text" || node.type === "search"))) {
        add(node.value, null);
        return;
      }
      var block = /^(P|H[1-6]|LI|LEGEND|LABEL|DIV|SECTION|UL|OL)$/.test(tag);
      if (block && out.text && !/[.?!:]\s*$/.test(out.text)) out.text = out.text.replace(/\s*$/, ". ");
      for (var c = node.firstChild; c; c = c.nextSibling) walk(c);
    }
    walk(block);
    return out;
  }

  function rangeAt(segment, start, end) {
    var first = null, last = null;
    segment.map.forEach(function (m) {
      if (m.end > start && m.start < end) {
        if (!first) first = { node: m.node, at: Math.max(0, start - m.start) };
        last = { node: m.node, at: Math.min(m.node.data.length, end - m.start) };
      }
    });
    if (!first) return null;
    var range = document.createRange();
    range.setStart(first.node, first.at);
    range.setEnd(last.node, last.at);
    return range;
  }

  // Sentences: each its own utterance, so even a voice with no boundary
  // events shows where it is.
  function sentences(text) {
    var found = [], re = /[^.?!]+[.?!]*\s*/g, m;
    while ((m = re.exec(text))) if (m[0].trim()) found.push({ start: m.index, text: m[0] });
    return found;
  }

  function label(button, key) {
    if (!button) return;
    var text = w(key);
    var span = button.querySelector(".listen-label");
    if (span) span.textContent = text; else button.textContent = text;
    var name = names.get(button);
    if (name && name()) button.setAttribute("aria-label", text + ": " + name());
  }

  function clearMarks() {
    mark("listen-word", null);
    mark("listen-sentence", null);
    document.querySelectorAll(".listen-current").forEach(function (n) { n.classList.remove("listen-current"); });
  }

  function stop() {
    var was = current;
    current = null;
    if (was) label(was.button, was.button.dataset.listenKey || "listen");
    clearMarks();
    if (window.speechSynthesis) window.speechSynthesis.cancel();
  }

  /* Read segments ([{text, map, item}]) one after another; `button` turns
   * into Stop while they are read. A second press stops. */
  function play(segments, button) {
    var was = current;
    stop();
    if (was && was.button === button) return;
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) { note(button, w("no_speech")); return; }
    segments = segments.filter(function (s) { return s.text.trim(); });
    if (!segments.length) return;
    var mine = { button: button, heard: false };
    current = mine;
    label(button, "stop");
    note(button, "");
    // The voices were asked for when the page loaded (start). None listed
    // may still read with the phone's default: try, and say so plainly if
    // it fails or never starts.
    var voice = pickVoice(window.speechSynthesis.getVoices() || []);
    var queue = [];
    segments.forEach(function (segment) {
      sentences(segment.text).forEach(function (s) { queue.push(utter(mine, segment, s, voice)); });
    });
    queue[queue.length - 1].addEventListener("end", function () { if (current === mine) stop(); });
    mine.utterances = queue;
    queue.forEach(function (u) { window.speechSynthesis.speak(u); });
    window.setTimeout(function () { if (current === mine && !mine.heard) cannot(mine); }, START_WAIT_MS);
  }

  function cannot(mine) {
    var button = mine.button;
    var none = !(window.speechSynthesis.getVoices() || []).length;
    stop();
    note(button, none ? w("no_voice") : w("failed"));
  }

  function utter(mine, segment, s, voice) {
    var u = new window.SpeechSynthesisUtterance(s.text);
    u.lang = voice && voice.lang ? voice.lang : "en-GB";
    if (voice) u.voice = voice;
    u.rate = 0.9;
    u.addEventListener("start", function () {
      if (current !== mine) return;
      mine.heard = true;
      document.querySelectorAll(".listen-current").forEach(function (n) { n.classList.remove("listen-current"); });
      if (segment.item) {
        segment.item.classList.add("listen-current");
        if (segment.item.scrollIntoView) segment.item.scrollIntoView({ block: "nearest" });
      }
      mark("listen-sentence", rangeAt(segment, s.start, s.start + s.text.trimEnd().length));
      mark("listen-word", null);
    });
    u.addEventListener("boundary", function (event) {
      if (current !== mine || event.name === "sentence") return;
      var at = s.start + (event.charIndex || 0);
      var length = event.charLength || ((s.text.slice(event.charIndex || 0).match(/^\S+/) || [""])[0].length);
      mark("listen-word", rangeAt(segment, at, at + length));
    });
    u.addEventListener("error", function (event) {
      if (current !== mine || event.error === "canceled" || event.error === "interrupted") return;
      cannot(mine);
    });
    return u;
  }

  function readBlock(block, button) {
    var segment = collect(block);
    segment.item = null;
    play([segment], button);
  }

  // Every idea in the list, one after another, each said with its place.
  function listSegments(list) {
    var items = Array.prototype.filter.call(list.querySelectorAll("li[data-idea]"), function (li) {
      return !li.hidden && li.offsetParent !== null;
    });
    return items.map(function (li, n) {
      var segment = collect(li);
      var lead = w("idea_of", { n: n + 1, total: items.length }) + " ";
      segment.map.forEach(function (m) { m.start += lead.length; m.end += lead.length; });
      segment.text = lead + segment.text;
      segment.item = li;
      return segment;
    });
  }

  function readList(list, button) { play(listSegments(list), button); }

  // What each button reads, for its accessible name ("Listen: Who are you?"),
  // worked out again in the wording shown.
  var names = new WeakMap();

  function makeButton(name, onClick, key) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "listen secondary";
    var span = document.createElement("span");
    span.className = "listen-label";
    button.appendChild(span);
    button.dataset.listenKey = key || "listen";
    if (name) names.set(button, typeof name === "function" ? name : function () { return name; });
    label(button, key || "listen");
    button.addEventListener("click", function () { onClick(button); });
    return button;
  }

  function nameOf(block) {
    var legend = block.querySelector("legend");
    var given = block.getAttribute("data-listen");
    return given || (legend ? function () { return collect(legend).text.trim(); } : null);
  }

  function decorate(root) {
    var scope = root || document;
    // A place's own button reads all of it, any easy-read block inside too.
    PLACES.forEach(function (place) {
      scope.querySelectorAll(place[0]).forEach(function (block) {
        if (block.dataset.listenPlace || block.closest("[data-listen]")) return;
        block.dataset.listenPlace = "1";
        var button = makeButton(place[1] || nameOf(block), function (b) { readBlock(block, b); });
        // After its heading or legend: heard (and seen) before the words it reads.
        var head = block.querySelector(":scope > legend, :scope > h1, :scope > h2");
        if (head) head.insertAdjacentElement("afterend", button);
        else block.insertBefore(button, block.firstChild);
      });
    });
    scope.querySelectorAll("[data-listen]").forEach(function (block) {
      if (block.querySelector(":scope > .listen") || block.parentElement.closest("[data-listen-place]")) return;
      block.appendChild(makeButton(nameOf(block), function (b) { readBlock(block, b); }));
    });
    var list = document.getElementById("ideas");
    if (list && !document.getElementById("listen-all")) {
      var all = makeButton(null, function (b) { readList(list, b); }, "listen_all");
      all.id = "listen-all";
      all.classList.add("listen-all");
      list.parentNode.insertBefore(all, list);
    }
    messages();
  }

  // A message (error or confirmation) gets its own Listen button while it has
  // words, unless it is in a place whose Listen reads it already: one button
  // for one thing (the sorry page had "Listen" and "Listen to this message").
  function messages() {
    document.querySelectorAll(MESSAGES).forEach(function (node) {
      if (node.closest("[data-listen-place]")) return;
      var next = node.nextElementSibling;
      var has = next && next.classList.contains("listen-message") ? next : null;
      var words = !node.hidden && node.textContent.trim();
      if (!has && words) {
        // Named apart from the message (which it points to), so the words are not said twice.
        has = makeButton(null, function (b) { readBlock(node, b); }, "listen_message");
        has.classList.add("listen-message");
        if (node.id) has.setAttribute("aria-describedby", node.id);
        node.insertAdjacentElement("afterend", has);
      } else if (has) {
        has.hidden = !words;
      }
    });
  }

  function relabel() {
    document.querySelectorAll("button.listen").forEach(function (b) {
      var key = current && current.button === b ? "stop" : b.dataset.listenKey || "listen";
      label(b, key);
    });
  }

  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; decorate(); });
  }

  function start() {
    // Some browsers fill the voice list only after it is first asked for.
    if (window.speechSynthesis) window.speechSynthesis.getVoices();
    decorate();
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        var t = changes[i].target;
        var node = t.nodeType === 1 ? t : t.parentNode;
        // The Listen buttons' own changes are not news.
        if (node && node.closest && node.closest(".listen, .listen-note")) continue;
        soon();
        return;
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["hidden"] });
    document.addEventListener("easyreadchange", function () { stop(); relabel(); });
  }

  // An idea's own Listen button reads its card, highlighted; any other text as given.
  function speak(text, button) {
    var li = button && button.closest && button.closest("li[data-idea]");
    if (li) readBlock(li, button);
    else play([{ text: text, map: [], item: null }], button);
  }

  window.WorkshopListen = {
    speak: speak,
    read: readBlock,
    readList: readList,
    stop: stop,
    pickVoice: pickVoice,
    // For the tests, on a browser with no voice to fire boundary events:
    // what a block or the list reads, and a word of it highlighted.
    words: collect,
    listWords: function (list) { return listSegments(list).map(function (s) { return s.text; }); },
    markWord: function (block, start, end) {
      var range = rangeAt(collect(block), start, end);
      mark("listen-word", range);
      return range ? range.toString() : null;
    },
    current: function () { return current; },
  };
  // The idea list's own Listen buttons (phone.js) speak through here.
  if (window.WorkshopEasyRead) {
    window.WorkshopEasyRead.speak = window.WorkshopListen.speak;
    window.WorkshopEasyRead.stop = stop;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
