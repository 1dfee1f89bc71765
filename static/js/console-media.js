/* Voice stories and flip-chart photos on the console (issue 25).
 *
 * voicePlayer: a story's recording, played only when the facilitator presses
 * play (nothing loads before). The flip-chart form attaches a photo to one of
 * the scribe's entries, as a form upload; the server strips the photo's EXIF
 * (where, when and with what it was taken). Both read the files from
 * /api/w/CODE/media/ID, which answers a facilitator only.
 */
import { $, el, short } from "./lib/dom.js";

var code = document.body.dataset.code;
var base = "/api/w/" + encodeURIComponent(code || "");

function clock(seconds) {
  var s = Math.round(seconds || 0);
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

export function voicePlayer(story) {
  var box = el("div", "voice-player");
  box.appendChild(el("p", "idea-meta", "Told aloud · " + clock(story.voice.seconds)));
  var audio = el("audio", { controls: "", preload: "none", src: base + "/media/" + story.voice.id,
    "aria-label": "Voice story: " + short(story.text, 60) });
  box.appendChild(audio);
  box.appendChild(transcriptForm(story));
  return box;
}

// What the recording says, typed by the facilitator: the report prints it
// under the story (if its teller agreed to be quoted).
function transcriptForm(story) {
  var id = "transcript-" + story.id;
  var details = el("details", "transcript");
  details.appendChild(el("summary", null, story.voice.transcript ? "Transcript (written)" : "Write its transcript"));
  details.appendChild(el("label", { for: id }, "What the recording says, for the report"));
  var box = el("textarea", { id: id, rows: "4", maxlength: "6000" });
  box.value = story.voice.transcript || "";
  details.appendChild(box);
  var said = el("p", { class: "feedback", role: "status" });
  var save = el("button", { type: "button", class: "small" }, "Save the transcript");
  save.addEventListener("click", function () {
    save.disabled = true;
    fetch(base + "/console/set_transcript", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ story_id: story.id, text: box.value }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) throw new Error((body.error && body.error.message) || "The transcript was not saved. Please try again.");
        story.voice.transcript = body.media.transcript;
        said.classList.remove("feedback-error");
        said.textContent = body.media.transcript ? "Transcript saved." : "Transcript cleared.";
      });
    }).catch(function (error) {
      said.classList.add("feedback-error");
      said.textContent = error.message;
    }).finally(function () { save.disabled = false; });
  });
  details.appendChild(save);
  details.appendChild(said);
  return details;
}

function feedback(text, error) {
  var box = $("photo-feedback");
  box.textContent = text;
  box.classList.toggle("feedback-error", !!error);
}

function loadPhotos() {
  return fetch(base + "/photos", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { entries: [], photos: [] }; })
    .then(drawPhotos);
}

function drawPhotos(body) {
  var select = $("photo-entry"), chosen = select.value, texts = {};
  select.textContent = "";
  if (!body.entries.length) select.appendChild(el("option", { value: "" }, "No entries typed in yet"));
  body.entries.forEach(function (entry) {
    texts[entry.id] = entry.text;
    select.appendChild(el("option", { value: String(entry.id) }, "#" + entry.id + ": " + short(entry.text, 60)));
  });
  if (chosen && texts[chosen] !== undefined) select.value = chosen;
  var list = $("photos");
  list.textContent = "";
  if (!body.photos.length) list.appendChild(el("li", "hint", "None yet."));
  body.photos.forEach(function (photo) {
    var li = el("li", "photo-item");
    var about = "#" + photo.idea_id + ": " + short(texts[photo.idea_id] || "", 60);
    li.appendChild(el("img", { src: base + "/media/" + photo.id, alt: "Flip chart photo for entry " + about, width: "160", loading: "lazy" }));
    li.appendChild(el("p", "idea-meta", "On entry " + about));
    list.appendChild(li);
  });
}

function attach(event) {
  event.preventDefault();
  var file = $("photo-file").files[0], ideaId = $("photo-entry").value;
  if (!ideaId) { feedback("Type the entry in first, then attach its photo.", true); $("photo-entry").focus(); return; }
  if (!file) { feedback("Choose a photo first.", true); $("photo-file").focus(); return; }
  if (file.size > 10 * 1024 * 1024) { feedback("That photo is too big: please keep it under 10 MB.", true); return; }
  var form = new FormData();
  form.append("photo", file, "photo");
  $("photo-send").disabled = true;
  feedback("Attaching the photo…");
  fetch(base + "/ideas/" + encodeURIComponent(ideaId) + "/photos", {
    method: "POST", body: form, credentials: "same-origin", headers: { "X-Workshop-Upload": "1" },
  }).then(function (response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (!response.ok) throw new Error((body.error && body.error.message) || "The photo was not attached. Please try again.");
    });
  }).then(function () {
    $("photo-file").value = "";
    feedback("Photo attached to entry #" + ideaId + ". Its location and camera details were removed.");
    return loadPhotos();
  }).catch(function (error) {
    feedback(error.message, true);
  }).finally(function () {
    $("photo-send").disabled = false;
  });
}

if ($("flipchart")) {
  $("flipchart").addEventListener("toggle", function () { if ($("flipchart").open) loadPhotos(); });
  $("photo-form").addEventListener("submit", attach);
}
