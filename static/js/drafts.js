/* Drafts belong to their question: nothing typed is ever filed under another.
 *
 * What is typed is kept on this phone per question (it survives a reload).
 * When the question being answered closes, or another opens, the words move
 * out of the box into a "kept" panel: "This question has closed. Your words
 * are kept here." From there the person chooses: move them into the box of
 * the question open now, use them as a story, or delete them. The new
 * question's box starts empty, with a plain note saying so.
 */
import { $ } from "./lib/dom.js";
import { store } from "./lib/live.js";
import { w } from "./words.js";

var ctx = null;       // {code, room, say, openStory, updateCount}
var keys = {};
var drafts = {};      // question id -> text being typed
var bound;            // the question the idea box belongs to (undefined before the first render)
var noteShown = false;

export function initDrafts(options) {
  ctx = options;
  keys = { drafts: "workshop:" + ctx.code + ":drafts", kept: "workshop:" + ctx.code + ":kept" };
  drafts = store(keys.drafts) || {};
  var box = $("idea-text");
  box.addEventListener("input", function () {
    if (bound === null || bound === undefined) return;
    drafts[bound] = box.value;
    store(keys.drafts, drafts);
    hideNote();
  });
  $("kept-text").addEventListener("input", function () {
    var k = kept();
    if (k) { k.text = $("kept-text").value; store(keys.kept, k); }
  });
  $("kept-to-question").addEventListener("click", moveToQuestion);
  $("kept-to-story").addEventListener("click", moveToStory);
  $("kept-delete").addEventListener("click", function () {
    store(keys.kept, null);
    drawKept(openId());
    feedback(w("kept_gone"));
    $("idea-text").focus();
  });
}

function kept() { return store(keys.kept); }
function openId() { return bound === undefined ? null : bound; }

function keep(questionId, text) {
  var k = kept();
  var q = ctx.room.questions.filter(function (x) { return x.id === questionId; })[0];
  if (k && k.text.trim()) {
    k.text = k.text.trim() + "\n\n" + text;
  } else {
    k = { question_id: questionId, text: text, question: q ? q.text : "", easy: q ? q.easy_read : "" };
  }
  store(keys.kept, k);
}

/* Words an idea was refused for because its question closed: kept, not lost. */
export function keepRefused(questionId, text) {
  keep(questionId, text);
  drawKept(openId());
}

/* Bind the idea box to the open question (or none); call on every render. */
export function bindDrafts(q) {
  var id = q ? q.id : null;
  var box = $("idea-text");
  if (bound === id) { drawKept(id); return; }
  var first = bound === undefined;
  var focusWasInForm = $("idea-form").contains(document.activeElement);
  var text = box.value.trim();
  if (!first && bound !== null && text) keep(bound, box.value.trim());
  if (!first && bound !== null) delete drafts[bound];
  if (first) {
    // After a reload: words typed for a question no longer open are kept.
    Object.keys(drafts).forEach(function (qid) {
      if (Number(qid) !== id && (drafts[qid] || "").trim()) keep(Number(qid), drafts[qid].trim());
      if (Number(qid) !== id) delete drafts[qid];
    });
  }
  store(keys.drafts, drafts);
  bound = id;
  box.value = id !== null ? drafts[id] || "" : "";
  ctx.updateCount();
  drawKept(id);
  // A thank-you or refusal belongs to the question it answered, not the next.
  if (!first) { $("idea-feedback").textContent = ""; $("idea-feedback").className = "feedback"; }
  if (!first && id !== null) {
    var note = w("new_box") + (kept() ? " " + w("kept_above") : "");
    $("new-box-note").textContent = note;
    $("new-box-note").hidden = false;
    noteShown = true;
  }
  // At End the end is said, and the focus goes to its heading (phone-focus.js).
  if (!first && text && !ctx.room.workshop.ended) {
    ctx.say(w("closed_kept"));
    // The box the focus was in has gone or changed: move it to the kept words.
    if (focusWasInForm || document.activeElement === document.body) $("kept-heading").focus();
  }
}

function hideNote() {
  if (!noteShown) return;
  noteShown = false;
  $("new-box-note").hidden = true;
}

/* Sent: this question's draft is done with. */
export function draftSent() {
  if (bound !== null && bound !== undefined) delete drafts[bound];
  store(keys.drafts, drafts);
  hideNote();
}

/* Put refused words back into the box of their (still open) question. */
export function restoreDraft(text) {
  var box = $("idea-text");
  box.value = box.value.trim() ? box.value + "\n\n" + text : text;
  if (bound !== null && bound !== undefined) { drafts[bound] = box.value; store(keys.drafts, drafts); }
  ctx.updateCount();
}

function drawKept(openQuestionId) {
  var k = kept();
  var panel = $("kept");
  panel.hidden = !(k && k.text.trim());
  // The note must not point at kept words that have gone.
  if (noteShown && panel.hidden) $("new-box-note").textContent = w("new_box");
  if (panel.hidden) return;
  // After End they can go nowhere: said plainly, with nothing offered that cannot work.
  var ended = !!ctx.room.workshop && !!ctx.room.workshop.ended;
  $("kept-title").textContent = w(ended ? "ended_kept" : "closed_kept");
  var asked = document.body.classList.contains("easy-read") ? k.easy || k.question : k.question;
  $("kept-question").textContent = asked;
  $("kept-asked").hidden = !asked;  // a story kept at End answered no question
  if (document.activeElement !== $("kept-text")) $("kept-text").value = k.text;
  var canMove = openQuestionId !== null && !ended;
  $("kept-to-question").hidden = !canMove;
  $("kept-to-story").hidden = ended;
  $("kept-help").textContent = ended ? w("ended_kept_help") : canMove ? w("kept_next") : w("kept_wait");
}

function feedback(message) {
  var node = $("kept-feedback");
  node.textContent = message;
  ctx.say(message);
}

function moveToQuestion() {
  var k = kept();
  if (!k || openId() === null) return;
  restoreDraft(k.text);
  store(keys.kept, null);
  drawKept(openId());
  hideNote();
  var box = $("idea-text");
  box.focus();
  $("idea-feedback").textContent = w("kept_sent_box");
  ctx.say(w("kept_sent_box"));
}

function moveToStory() {
  var k = kept();
  if (!k) return;
  store(keys.kept, null);
  drawKept(openId());
  ctx.openStory(k.text);
}
