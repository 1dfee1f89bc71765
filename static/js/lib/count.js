/* Vote and timer arithmetic, the same on every screen. */

export function tallyOf(room, idea) { return room.tallies[String(idea.id)] || { total: 0, by_role: {} }; }
export function votes(room, idea) { return tallyOf(room, idea).total; }

export function expertVotes(room, idea) {
  var byRole = tallyOf(room, idea).by_role || {};
  return room.workshop.roles.reduce(function (n, r) {
    return n + (r.expert_by_experience ? (byRole[r.key] || 0) : 0);
  }, 0);
}

/* Most votes first (from experts by experience, if that ranking leads),
 * ties by all votes, then oldest first. */
export function ranked(room, ideas, rank) {
  var lead = rank === "experts" ? expertVotes : votes;
  return ideas.slice().sort(function (a, b) {
    return lead(room, b) - lead(room, a) || votes(room, b) - votes(room, a) || a.id - b.id;
  });
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
