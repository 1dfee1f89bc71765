/* Which idea on the list is the one this phone is still sending.
 *
 * A person's own idea can reach the list as a room event before the server
 * acknowledges it: it is the idea with the words still waiting in the
 * outbox. Only an idea this phone did not yet know when the words were
 * queued can be that one: the same words already on the list ("More staff"
 * is said many times in a real room) are someone else's, and must never be
 * listed under "Your ideas" with "That is not what I meant" under them.
 * Ideas sent before a reload are judged against the first snapshot (one of
 * them already received is in the snapshot's own ideas).
 */

var queuedAfter = {};  // client_id -> the highest idea id known when it was queued
var loadedAfter = null;  // the same for words queued before this page loaded

function highest(room) {
  return Object.keys(room.ideas).reduce(function (top, id) { return Math.max(top, Number(id)); }, 0);
}

/* Call with the client_id live.send returned for a submit_idea. */
export function noteQueued(room, clientId) { queuedAfter[clientId] = highest(room); }

/* Call on the first snapshot. */
export function noteLoaded(room) { if (loadedAfter === null) loadedAfter = highest(room); }

export function sentFromHere(live, idea) {
  return live.pending().some(function (item) {
    if (item.event !== "submit_idea" || item.payload.question_id !== idea.question_id
      || item.payload.text !== idea.text) return false;
    var after = queuedAfter[item.payload.client_id];
    if (after === undefined) after = loadedAfter === null ? Infinity : loadedAfter;
    return idea.id > after;
  });
}
