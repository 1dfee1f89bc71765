/* What every screen shows of votes and timers: counts as the server sent them,
 * the server's orderings, and the time left. */

export function tallyOf(room, idea) { return room.tallies[String(idea.id)] || { total: 0, by_role: {} }; }
export function votes(room, idea) { return tallyOf(room, idea).total; }

export function expertVotes(room, idea) {
  var byRole = tallyOf(room, idea).by_role || {};
  return room.workshop.roles.reduce(function (n, r) {
    return n + (r.expert_by_experience ? (byRole[r.key] || 0) : 0);
  }, 0);
}

/* The ideas in the order the server ranked them (workshop/room/ranking.py:
 * "room", "experts" or "cross_role"), sent in the snapshot and with every
 * tallies push: screens display the orderings, never compute them. An idea
 * the order does not hold yet (it arrived after the last push, with no votes)
 * follows, in the order given. */
export function ranked(room, ideas, rank) {
  var places = {};
  var orders = room.orders || {};
  ideas.forEach(function (idea) {
    var key = String(idea.question_id);
    if (places[key]) return;
    places[key] = {};
    ((orders[key] || {})[rank || "room"] || []).forEach(function (id, n) { places[key][id] = n; });
  });
  var given = ideas.map(function (idea, n) {
    var at = places[String(idea.question_id)][idea.id];
    return { idea: idea, at: at === undefined ? Infinity : at, n: n };
  });
  given.sort(function (a, b) { return (a.at - b.at) || (a.n - b.n); });
  return given.map(function (g) { return g.idea; });
}

export function maxVotes(room, ideas) {
  return ideas.reduce(function (m, i) { return Math.max(m, votes(room, i)); }, 1);
}

/* Time left on a question's timer, extra time included, or null if it has
 * none. Derived from the server's timestamps and this machine's clock
 * offset, so every screen shows the same time. */
export function timeLeft(room, q) {
  var t = q && q.timer;
  if (!t) return null;
  var allowed = Math.ceil(t.seconds * (100 + (room.settings.extra_time_percent || 0)) / 100) * 1000;
  var elapsed = t.elapsed_ms + (t.running ? Date.now() + room.clockOffset - Date.parse(t.started_at) : 0);
  var left = Math.max(0, allowed - elapsed);
  var secs = Math.ceil(left / 1000);
  return { up: left <= 0, running: t.running, clock: Math.floor(secs / 60) + ":" + ("0" + (secs % 60)).slice(-2) };
}
