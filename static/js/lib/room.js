/* What a screen knows about its workshop, and the one reducer that keeps it
 * up to date from the live messages (snapshot, events, tallies). The board,
 * the console and the phone all draw from this; only what a screen adds of
 * its own (a phone's votes, the console's focus) stays in the screen.
 */
import { kindsEvent, kindsSnapshot } from "../kinds/index.js";

export function createRoom(view) {
  return { view: view, workshop: null, questions: [], ideas: {}, tallies: {}, themeTallies: {}, orders: {}, participants: 0,
           roster: [], settings: {}, outcomes: [], stories: [], clockOffset: 0 };
}

export function applySnapshot(room, snap) {
  room.workshop = snap.workshop;
  room.questions = snap.questions;
  room.ideas = {};
  snap.ideas.forEach(function (idea) { upsert(room, idea); });
  room.tallies = snap.tallies || {};
  room.orders = snap.orders || {};
  room.themeTallies = snap.theme_tallies || {};  // dots on themes by question (issue 22 item 5)
  room.participants = snap.participants || 0;
  room.roster = snap.roster || [];
  room.settings = snap.settings || {};
  if (snap.results_hidden === true) room.settings.results_hidden = true;
  room.outcomes = snap.outcomes || [];
  room.myQuiet = snap.my_quiet || {};  // a phone's own quiet signals (quiet-signals.js)
  kindsSnapshot(room, snap);  // what each kind of question adds (static/js/kinds/)
  // Timers are drawn from the server's clock, corrected for this machine's.
  if (snap.server_time) room.clockOffset = Date.parse(snap.server_time) - Date.now();
}

export function applyTallies(room, update) {
  var counts = update.tallies || {};
  if (update.full) room.tallies = counts;
  else Object.keys(counts).forEach(function (k) { room.tallies[k] = counts[k]; });
  // Boards and consoles get each changed question's orderings (count.js ranked).
  // Dots on themes: each question's counts come whole, so one replaces the last.
  var themed = update.theme_tallies;
  if (themed && update.full) room.themeTallies = themed;
  else if (themed) Object.keys(themed).forEach(function (q) { room.themeTallies[q] = themed[q]; });
  var orders = update.orders;
  if (!orders) return;
  if (update.full) room.orders = orders;
  else Object.keys(orders).forEach(function (k) { room.orders[k] = orders[k]; });
}

export function applyEvent(room, e) {
  var reduce = REDUCERS[e.type];
  if (reduce) reduce(room, e.data || {}, e);
  kindsEvent(room, e);  // what each kind of question does with it (static/js/kinds/)
}

/* Add or update an idea, keeping what only an earlier message carried (the
 * console's original wording and merge parent). */
export function upsert(room, idea) {
  var merged = Object.assign({ merged_into: null }, room.ideas[idea.id], idea);
  if (merged.merged_into === undefined) merged.merged_into = null;
  room.ideas[idea.id] = merged;
  return merged;
}

function setStatus(room, id, status, into) {
  var idea = room.ideas[id];
  if (!idea) return;
  idea.status = status;
  idea.merged_into = into || null;
}

function setQuestionStatus(room, id, status, at) {
  room.questions.forEach(function (q) {
    if (status === "open" && q.status === "open") { q.status = "closed"; q.closed_at = at; }  // one open at a time
    if (q.id === id) { q.status = status; if (status === "closed") q.closed_at = at; }
  });
}

function upsertIdea(room, d) { upsert(room, d.idea); }

function setStory(room, d) {
  (room.stories || []).forEach(function (s) {
    if (s.id === d.id) { s.status = d.status; s.follow_up = d.follow_up; }
  });
}

// Hidden and merged ideas are kept with their status (the console lists
// them); the board and phones draw only shown ones.
var REDUCERS = {
  idea_added: upsertIdea,
  idea_pending: upsertIdea,
  idea_approved: upsertIdea,
  idea_restored: upsertIdea,
  idea_edited: function (room, d) {
    var old = room.ideas[d.idea.id];
    var original = old && (old.original_text || old.text);
    upsert(room, d.idea).original_text = original || null;
  },
  idea_hidden: function (room, d) { setStatus(room, d.idea_id, "hidden"); },
  // A Plan answer marked as a specified requirement or an open question (the report prints it).
  answer_marked: function (room, d) { if (room.ideas[d.idea_id]) room.ideas[d.idea_id].answer_kind = d.answer_kind; },
  // A replay to a board or phone carries each idea as it is now, and none
  // that is not shown now (the facilitator hid it later): hence the checks.
  ideas_merged: function (room, d) {
    setStatus(room, d.idea_id, "merged", d.into);
    if (d.idea) upsert(room, d.idea);
  },
  idea_unmerged: function (room, d) {
    if (d.idea) { upsert(room, d.idea); setStatus(room, d.idea.id, "shown"); }
    if (d.from) upsert(room, d.from);
  },
  participant_joined: function (room, d) {
    room.participants += 1;
    room.roster.forEach(function (row) { if (row.role === d.role) row.count += 1; });
  },
  question_opened: function (room, d, e) {
    setQuestionStatus(room, d.question_id, "open", e.at);
    var q = question(room, d.question_id);
    if (q) q.closing_soon = false;  // a reopened question starts without the warning
  },
  question_closed: function (room, d, e) { setQuestionStatus(room, d.question_id, "closed", e.at); },
  closing_soon: function (room, d) {
    var q = question(room, d.question_id);
    if (q) q.closing_soon = true;
  },
  participant_role_changed: function (room, d) {
    room.roster.forEach(function (row) {
      if (row.role === d.from) row.count -= 1;
      if (row.role === d.role) row.count += 1;
    });
  },
  workshop_ended: function (room) { room.workshop.ended = true; },
  workshop_reopened: function (room) { room.workshop.ended = false; },
  // Stories' words are never broadcast: a console keeps the list it read
  // over HTTP and marks what changed (it reads the list again on arrivals).
  story_added: function (room) { room.storiesStale = true; },
  story_hidden: setStory,
  story_restored: setStory,
  story_flagged: setStory,
  agenda_changed: function (room, d) { room.questions = d.questions; },
  vote_on_changed: function (room, d) {
    room.questions.forEach(function (q) { if (q.id === d.question_id) q.vote_on = d.vote_on; });
  },
  timer_changed: function (room, d) {
    room.questions.forEach(function (q) { if (q.id === d.question_id) q.timer = d.timer; });
  },
  settings_changed: function (room, d) { room.settings = d; },
  board_view: function (room, d) { room.settings.board_view = d.view; room.settings.board_rank = d.rank; },
  results_hidden: function (room) {
    room.settings.results_hidden = true;
    // Only consoles keep counting while results are hidden; elsewhere old
    // counts must not come back on reveal before fresh ones arrive.
    if (room.view !== "console") { room.tallies = {}; room.orders = {}; }
  },
  results_revealed: function (room, d) {
    room.settings.results_hidden = false;
    if (d.tallies) room.tallies = d.tallies;
  },
  outcomes_changed: function (room, d) { room.outcomes = d.outcomes; },
};

// Lookups

export function lookup(list, key) { return (list || []).filter(function (x) { return x.key === key; })[0]; }
export function roleLabel(room, key) { var r = lookup(room.workshop.roles, key); return r ? r.label : key; }
export function stageOf(room, q) { return q ? lookup(room.workshop.stages, q.stage) : undefined; }
export function question(room, id) { return room.questions.filter(function (q) { return q.id === id; })[0] || null; }
/* The question a board shows: the open one; else, unless the facilitator
 * chose "Waiting for the next question", the one closed last, so the room
 * can discuss its results. */
export function boardQuestion(room) {
  var open = openQuestion(room);
  if (open || room.settings.board_waiting) return open;
  return room.questions.filter(function (q) { return q.status === "closed" && q.closed_at; })
    .sort(function (a, b) { return a.closed_at < b.closed_at ? 1 : -1; })[0] || null;
}
export function openQuestion(room) { return room.questions.filter(function (q) { return q.status === "open"; })[0] || null; }
export function resultsHidden(room) { return !!room.settings.results_hidden; }
export function allIdeas(room) { return Object.keys(room.ideas).map(function (k) { return room.ideas[k]; }); }
export function ideasOn(room, q, status) {
  var wanted = status || "shown";
  return allIdeas(room).filter(function (i) { return i.question_id === q.id && i.status === wanted; });
}
