/* The board in easy read, and the board's voice (issue 25).
 *
 * The facilitator chooses how the question shows on the wall: in the
 * framework's words, in easy read with its picture, or both side by side
 * (settings.board_wording). "Read the question aloud" on the console reaches
 * every board as a question_read_aloud event; the board's own computer
 * speaks it through the room's speakers (speechSynthesis, a voice stored on
 * the computer first). A browser only speaks after someone has clicked on
 * its page once, so until then the board shows a button that does that;
 * not after End, when the wall says its thank-you and the console can no
 * longer make it speak (workshop/room/board.py refuses): nothing is left to read.
 */
import { $ } from "./lib/dom.js";
import { stageOf } from "./lib/room.js";
import { kindOf } from "./kinds/index.js";

// As the phones say it in easy read (words.js ended_said), beside the chequered flag.
var ENDED = "The meeting has ended. Thank you.";
var FRESH_MS = 15000;  // a read-aloud older than this (a catch-up replay) stays silent

export function BoardEasy(room) {
  var imgBase = document.body.dataset.img;

  function wording() { return room.settings.board_wording || "framework"; }

  // What the question area shows: the framework's words, easy read, or both.
  // After End the thank-you keeps the wording chosen, and so does what
  // happens next in the side column (its easy read beside the report's picture).
  var over = false;  // the workshop has ended
  function header(q, ended) {
    over = !!ended;
    drawSoundButton();
    var box = $("question-easy");
    var main = document.querySelector("main.board");
    var mode = q || ended ? wording() : "framework";
    main.dataset.wording = mode;
    box.hidden = mode === "framework";
    // Easy read alone: the framework's words give way to it.
    $("question-text").hidden = mode === "easy";
    $("ended-next").hidden = mode !== "framework";
    $("ended-easy").hidden = mode === "framework";
    if (box.hidden) return;
    if (ended) { say(ENDED, box.dataset.endedPicture); return; }
    // The stage in easy read too ("Look at what we do now"), as phones say it.
    var stage = stageOf(room, q);
    if (stage && stage.easy_read) {
      $("question-stage").textContent = stage.easy_read + (q.status === "closed" ? "\u00a0· finished" : "") + "\u00a0· ";
    }
    say(q.easy_read || q.text, imgBase + (kindOf(q).picture || "question.svg"));  // the kind's own picture
  }

  function say(text, file) {
    $("question-easy-text").textContent = text;
    var picture = $("question-picture");
    if (picture.getAttribute("src") !== file) picture.setAttribute("src", file);
  }

  function lang(v) { return (v.lang || "").replace("_", "-").toLowerCase(); }
  function voice() {
    var voices = window.speechSynthesis.getVoices() || [];
    var tests = [
      function (v) { return v.localService && lang(v) === "en-gb"; },
      function (v) { return v.localService && lang(v).indexOf("en") === 0; },
      function (v) { return lang(v) === "en-gb"; },
      function (v) { return lang(v).indexOf("en") === 0; },
    ];
    for (var i = 0; i < tests.length; i++) {
      var found = voices.filter(tests[i])[0];
      if (found) return found;
    }
    return null;
  }

  function status(text) { $("voice-status").textContent = text; }

  function speak(text) {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) {
      status("This computer cannot read aloud.");
      return;
    }
    window.speechSynthesis.cancel();
    var u = new window.SpeechSynthesisUtterance(text);
    var chosen = voice();
    u.lang = chosen ? chosen.lang : "en-GB";
    if (chosen) u.voice = chosen;
    u.rate = 0.85;
    u.addEventListener("start", function () { status("Reading the question aloud."); });
    u.addEventListener("end", function () { status(""); });
    u.addEventListener("error", function (e) {
      if (e.error === "canceled" || e.error === "interrupted") return;
      var none = !(window.speechSynthesis.getVoices() || []).length;
      status(e.error === "not-allowed" ? "Click “Let this board read aloud” once to hear the question."
        : none ? "This computer has no voice for reading aloud. Add one in its settings."
        : "This computer could not read the question aloud.");
      showSoundButton();
    });
    window.speechSynthesis.speak(u);
  }

  function activated() {
    return !!(navigator.userActivation && navigator.userActivation.hasBeenActive);
  }

  /* Whether the button is wanted is decided when the page opens, when it is
   * clicked and when speaking fails, never at a redraw: chromium may count
   * the page as activated seconds after it opens with no click (seen in the
   * tests at about 3.4 s), and a redraw then hid the button on an open
   * question. A redraw only applies End. */
  var wanted = false;
  function showSoundButton() { wanted = !activated(); drawSoundButton(); }
  function drawSoundButton() { $("board-sound").hidden = over || !wanted; }

  function event(e) {
    if (e.type !== "question_read_aloud") return;
    var d = e.data || {};
    var age = Date.now() + (room.clockOffset || 0) - Date.parse(e.at);
    if (!(age < FRESH_MS)) return;  // an old request, replayed on reconnect
    speak(d.text || "");
  }

  var sound = $("board-sound");
  sound.addEventListener("click", function () {
    wanted = false;
    sound.hidden = true;
    status("This board can now read aloud.");
  });
  showSoundButton();
  return { header: header, event: event, speak: speak };
}
