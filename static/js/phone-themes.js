/* Themes on the phone (issue 22): once the facilitator has accepted themes
 * for a question, the vote list is grouped by them (phone-list.js's
 * groupIdeasBy; ideas in no theme follow under their own heading), and under
 * each of a person's own ideas it says which theme it went into, with one
 * button: "That is not what I meant" (once per idea; the facilitator sees it).
 * While the room votes on the themes (phone-theme-vote.js) the list is not
 * shown: each theme says there which of the person's ideas are in it, with
 * the same button (ownNote).
 *
 * Themes come in the snapshot (`themes`, `my_ideas`) and live as
 * `themes_changed` events, also on catch-up. A label is user text: it is only
 * ever set with textContent.
 */
import { el } from "./lib/dom.js";
import { groupIdeasBy, markMine, noteIdeasBy, voteFeedback } from "./phone-list.js";
import { easyRead, errorText, w } from "./words.js";

var ctx = null;        // {send(event, payload), say, render}
var byQuestion = {};   // question id -> [{id, label, ideas}]
var themeOf = {};      // idea id -> its theme
var said = {};         // idea id -> this phone said "not what I meant"
var sending = {};      // idea id -> said, not yet acknowledged

export function initThemes(options) { ctx = options; noteIdeasBy(note); }

export function themesFromSnapshot(snap) {
  if (snap.my_ideas) {
    snap.my_ideas.ideas.forEach(function (id) { markMine({ id: id }); });
    snap.my_ideas.not_meant.forEach(function (id) { said[id] = true; });
  }
  if (snap.themes) {
    byQuestion = {};
    snap.themes.forEach(function (q) { byQuestion[q.question_id] = q.groups; });
    index();
  }
}

export function themesOnEvent(e) {
  if (e.type !== "themes_changed" || !e.data) return;
  byQuestion[e.data.question_id] = e.data.groups || [];
  index();
}

function index() {
  themeOf = {};
  Object.keys(byQuestion).forEach(function (q) {
    byQuestion[q].forEach(function (theme) {
      theme.ideas.forEach(function (id) { themeOf[id] = theme; });
    });
  });
  groupIdeasBy(Object.keys(themeOf).length ? byTheme : null);
}

/* Ideas come in this phone's own order: each theme lists its ideas in that
 * order, and the themes follow the order of their first idea, so the first
 * theme is not the same on every phone either. */
function byTheme(ideas) {
  var made = {};
  var order = [];
  ideas.forEach(function (idea) {
    var theme = themeOf[idea.id];
    if (!theme) return;
    if (!made[theme.id]) {
      made[theme.id] = { key: "t" + theme.id, title: w("group_theme", { text: theme.label }), ideas: [] };
      order.push(made[theme.id]);
    }
    made[theme.id].ideas.push(idea);
  });
  return order;
}

// Under a person's own idea: the theme it went into, and the button.
function note(box, idea, isMine) { drawNote(box, idea, isMine ? themeOf[idea.id] : null, "in_theme"); }

/* On a theme in the vote on themes: one of the person's own ideas in it, and the button. */
export function ownNote(box, idea) { drawNote(box, idea, themeOf[idea.id] || null, "own_in_theme"); }

function drawNote(box, idea, theme, line) {
  var key = theme ? [theme.label, idea.text, line, !!said[idea.id], !!sending[idea.id], easyRead()].join("|") : "";
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  // Drawn again while its button has the focus (pressed): the focus stays in
  // this note, where the person is, not sent to the question at the top.
  var had = box.contains(document.activeElement);
  box.textContent = "";
  if (!theme) return;
  box.appendChild(el("p", "theme-line", w(line, { text: line === "in_theme" ? theme.label : idea.text })));
  if (said[idea.id]) {
    var done = box.appendChild(el("p", { class: "theme-said", tabindex: "-1" }, w("not_meant_said")));
    if (had) done.focus();
    return;
  }
  var button = el("button", { type: "button", class: "secondary not-meant" }, w("not_meant"));
  button.setAttribute("aria-label", w("not_meant_for", { text: idea.text }));
  if (sending[idea.id]) button.setAttribute("aria-disabled", "true");
  button.addEventListener("click", function (event) {
    // One per idea: a double tap, or a tap while the first is on its way, counts once.
    if (event.detail > 1 || sending[idea.id] || said[idea.id]) return;
    sending[idea.id] = true;
    ctx.send("not_what_i_meant", { idea_id: idea.id });
    ctx.render();
  });
  box.appendChild(button);
  if (had) button.focus();
}

export function notMeantReply(reply, payload) {
  var id = payload.idea_id;
  delete sending[id];
  if (reply.ok) {
    said[id] = true;
    ctx.render();
    voteFeedback(id, w("not_meant_sent"));
    ctx.say(w("not_meant_sent"));
  } else {
    ctx.render();
    voteFeedback(id, errorText(reply.error), true);
    if (reply.error.code !== "workshop_ended") ctx.say(errorText(reply.error));  // the end is said once
  }
}
