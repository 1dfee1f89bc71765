/* Say it instead of typing it (issue 25): a phone records a short voice story
 * with the browser's MediaRecorder and sends it with the story form, under the
 * same quote choice as a typed story (templates/partials/voice.html).
 *
 * The recording stays on the phone until Send: it can be played back and
 * deleted first. The microphone is released as soon as recording stops. The
 * file goes up as a form upload (POST /api/w/CODE/voice-stories); the typed
 * words, if any, go with it. Easy-read wording follows words.js's shape (one
 * entry a line: `  key: ["standard", "easy read"],`); tests/test_easy_read.py
 * checks it.
 */
import { $ } from "./lib/dom.js";
import { uid } from "./lib/live.js";
import { easyRead } from "./words.js";

export var VOICE_WORDS = {
  recording: ["Recording. Press Stop recording when you have finished.", "We are recording. Press Stop when you finish."],
  recorded: ["Recorded {time}. Play it back, or press Send story.", "Your story is recorded. Press Send to send it."],
  deleted: ["Recording deleted.", "Your recording is deleted."],
  no_mic: ["The microphone could not be used. You can type your story instead.", "The phone did not let us record. You can write your story."],
  time_up: ["That is the 2 minutes: the recording has stopped.", "You talked for 2 minutes. The recording has stopped."],
  too_big: ["The recording is too big to send. Please record a shorter one.", "Your recording is too long. Please record a shorter one."],
  quote_needed: ["Please choose whether we may quote your story in the report.", "Please pick Yes or No first."],
  sending: ["Sending your voice story…", "Sending your story…"],
  sent: ["Thank you. Your voice story is kept.", "Thank you. We have your story."],
  failed: ["Your voice story was not sent. It is still here: please try again.", "Your story did not send. Please try again."],
  of_two: ["{time} of 2:00", "{time} of 2 minutes"],
};

var MAX_SECONDS = 120;
var MAX_BYTES = 5 * 1024 * 1024;
var TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

var code = document.body.dataset.code;
var recorder = null, chunks = [], started = 0, ticker = null;
var take = null;  // { blob, seconds, clientId, url } once recorded

function say(key, vars) {
  var text = VOICE_WORDS[key][easyRead() ? 1 : 0];
  Object.keys(vars || {}).forEach(function (k) { text = text.replace("{" + k + "}", vars[k]); });
  return text;
}

function clock(seconds) {
  var s = Math.floor(seconds);
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

function status(key, vars, error) {
  var box = $("voice-status");
  box.textContent = key ? say(key, vars) : "";
  box.classList.toggle("feedback-error", !!error);
}

function storyFeedback(text, error) {
  var box = $("story-feedback");
  box.textContent = text;
  box.classList.toggle("feedback-error", !!error);
}

function show(recording) {
  $("voice-record").hidden = recording || !!take;
  $("voice-stop").hidden = !recording;
  $("voice-delete").hidden = !take;
  $("voice-preview").hidden = !take;
}

function supported() {
  return !!(window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

function start() {
  navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
    var type = TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    chunks = [];
    recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) chunks.push(e.data); });
    recorder.addEventListener("stop", function () { finished(stream); });
    recorder.start(1000);
    started = Date.now();
    ticker = window.setInterval(tick, 500);
    tick();
    show(true);
    status("recording");
    $("voice-stop").focus();
  }).catch(function () {
    status("no_mic", null, true);
  });
}

function tick() {
  var seconds = (Date.now() - started) / 1000;
  $("voice-time").textContent = say("of_two", { time: clock(Math.min(seconds, MAX_SECONDS)) });
  if (seconds >= MAX_SECONDS && recorder && recorder.state === "recording") {
    stop();
    status("time_up");
  }
}

function stop() {
  if (recorder && recorder.state !== "inactive") recorder.stop();
}

function finished(stream) {
  window.clearInterval(ticker);
  stream.getTracks().forEach(function (track) { track.stop(); });  // the microphone is free again
  var seconds = Math.min((Date.now() - started) / 1000, MAX_SECONDS);
  var blob = new Blob(chunks, { type: (recorder.mimeType || "audio/webm").split(";")[0] });
  recorder = null;
  discard();
  take = { blob: blob, seconds: Math.round(seconds * 10) / 10, clientId: uid(), url: URL.createObjectURL(blob) };
  $("voice-preview").src = take.url;
  $("voice-time").textContent = "";
  show(false);
  if (blob.size > MAX_BYTES) status("too_big", null, true);
  else if ($("voice-status").textContent !== say("time_up")) status("recorded", { time: clock(seconds) });
  $("voice-preview").focus();
}

function discard() {
  if (take) URL.revokeObjectURL(take.url);
  take = null;
  $("voice-preview").removeAttribute("src");
}

function remove() {
  discard();
  show(false);
  status("deleted");
  $("voice-record").focus();
}

// The open question, as the typed story sends it: read when sending, so this
// module needs none of the live connection's state.
function openQuestionId() {
  return fetch("/api/w/" + encodeURIComponent(code), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { questions: [] }; })
    .then(function (body) {
      var open = (body.questions || []).filter(function (q) { return q.status === "open"; })[0];
      return open ? open.id : null;
    })
    .catch(function () { return null; });
}

function send(event) {
  if (!take || event.target.id !== "story-form") return;  // a typed story: phone.js sends it
  event.preventDefault();
  event.stopImmediatePropagation();
  var quote = document.querySelector("input[name='may_quote']:checked");
  if (!quote) { storyFeedback(say("quote_needed"), true); $("quote-yes").focus(); return; }
  if (take.blob.size > MAX_BYTES) { storyFeedback(say("too_big"), true); return; }
  var sending = take, button = $("story-send");
  button.disabled = true;
  storyFeedback(say("sending"));
  openQuestionId().then(function (questionId) {
    var form = new FormData();
    form.append("audio", sending.blob, "story");
    form.append("seconds", String(sending.seconds));
    form.append("may_quote", quote.value);
    form.append("client_id", sending.clientId);
    form.append("text", $("story-text").value.trim());
    form.append("on_behalf_of", $("story-for").value || "");
    if (questionId !== null) form.append("question_id", String(questionId));
    return fetch("/api/w/" + encodeURIComponent(code) + "/voice-stories", {
      method: "POST", body: form, credentials: "same-origin", headers: { "X-Workshop-Upload": "1" },
    });
  }).then(function (response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (!response.ok) throw new Error((body.error && body.error.message) || say("failed"));
    });
  }).then(function () {
    discard();
    show(false);
    status("");
    $("story-text").value = "";
    $("story-text").dispatchEvent(new Event("input"));  // phone.js keeps its draft and count
    $("story-for").value = "";
    quote.checked = false;
    try { window.localStorage.removeItem("workshop:" + code + ":story-draft"); } catch (e) { /* private mode */ }
    storyFeedback(say("sent"));
  }).catch(function (error) {
    storyFeedback(easyRead() ? say("failed") : error.message || say("failed"), true);
  }).finally(function () {
    button.disabled = false;
  });
}

if ($("voice")) {
  if (supported()) {
    $("voice").hidden = false;
    $("voice-record").addEventListener("click", start);
    $("voice-stop").addEventListener("click", stop);
    $("voice-delete").addEventListener("click", remove);
    // Before phone.js's own submit handler, which sends typed stories only.
    document.addEventListener("submit", send, true);
  } else {
    $("voice-none").hidden = false;
  }
}
