/* The live connection every screen shares.
 *
 * - A snapshot on first connect; after a drop, the server replays only the
 *   events after the last sequence number this screen has *all* events up to
 *   ("caught_up"), so nothing is missed or applied twice and the page never
 *   reloads. Each live event names `prev`, the last event this kind of screen
 *   was sent before it: one we have not seen means a gap, and the screen asks
 *   for the missing range (catch_up) instead of trusting the highest number
 *   it has seen. Each message is applied to the screen's room (room.js)
 *   before the screen's handler runs.
 * - An outbox kept in localStorage: ideas and votes made offline are sent, in
 *   order, once the connection is back. Each carries a client id, so the
 *   server stores it once however often it arrives. A passing refusal
 *   (the server stopping, a phone going too fast) keeps the item to send
 *   again; only a lasting one (bad input, a closed question) drops it.
 *
 * The Socket.IO client is a classic script loaded before the modules
 * (window.io): the app serves it from a vendor route, not as a module.
 */
import { applyEvent, applySnapshot, applyTallies } from "./room.js";

export function uid() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}

export function store(key, value) {
  try {
    if (value === undefined) return JSON.parse(window.localStorage.getItem(key) || "null");
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch (e) { /* private mode: carry on without persistence */ }
  return null;
}

/* options: code, view, room (from createRoom), key (console only), and
 * handlers: connection, refused, snapshot, event, tallies, me, reply, and
 * held (an outbox item refused for now, kept to send again). */
export function Live(options) {
  var self = this;
  self.code = options.code;
  self.view = options.view;
  self.room = options.room;
  self.handlers = options.handlers || {};
  self.seq = 0;  // every event up to here is applied (what a reconnect asks after)
  self.base = 0;
  self.filling = false;
  self.seen = {};
  self.replies = {};
  self.outboxKey = "workshop:" + self.code + ":outbox";
  self.outbox = store(self.outboxKey) || [];
  self.sending = false;
  var auth = function (cb) {
    var data = { code: self.code, view: self.view };
    if (self.seq > 0) data.since = self.seq;
    if (options.key) data.key = options.key;
    cb(data);
  };
  // The code in the URL too: a site sharded by workshop code routes on it
  // (docs/DEPLOY.md); the server reads the auth's.
  self.socket = window.io({ auth: auth, query: { code: self.code }, transports: ["websocket", "polling"] });
  self.socket.on("connect", function () { self._status(true); self.flush(); });
  self.socket.on("disconnect", function () { self._status(false); });
  self.socket.on("connect_error", function (err) {
    self._status(false);
    if (err && err.data) self._call("refused", err.data);
  });
  self.socket.on("snapshot", function (snap) {
    self.seq = self.base = snap.seq;
    self.seen = {};
    applySnapshot(self.room, snap);
    self._call("snapshot", snap);
  });
  self.socket.on("caught_up", function (missed) { self._caughtUp(missed); });
  self.socket.on("event", function (e) {
    // A gap: this kind of screen was sent an event before this one that
    // never arrived. Apply this one (events are idempotent by seq) and fetch
    // the range; until it comes, seq stays where everything is known.
    var gap = e.prev != null && e.prev > self.seq && !self.seen[e.prev];
    self._event(e, gap);
    if (gap) self._fill();
  });
  self.socket.on("tallies", function (t) { self._tallies(t); });
}

Live.prototype._call = function (name, arg, more) {
  if (this.handlers[name]) this.handlers[name](arg, more);
};

// An event already in the snapshot, or seen twice (a replay racing a
// broadcast), is dropped by its sequence number.
Live.prototype._event = function (e, gap) {
  if (e.seq <= this.base || this.seen[e.seq]) return;
  this.seen[e.seq] = true;
  if (!gap && !this.filling) this.seq = Math.max(this.seq, e.seq);
  applyEvent(this.room, e);
  this._call("event", e);
};

/* caught_up (on reconnect) or a catch_up reply: the events after our seq, the
 * full map of counts (it replaces ours: an idea missing from it has none),
 * and `more` when the range was cut short (ask again from where it ended). */
Live.prototype._caughtUp = function (missed) {
  var self = this;
  missed.events.forEach(function (e) { self._event(e, true); });
  self.seq = Math.max(self.seq, missed.seq);
  self._tallies({ tallies: missed.tallies, orders: missed.orders, theme_tallies: missed.theme_tallies, full: true });
  if (missed.me) self._call("me", missed.me);
  if (missed.more) self._fill();
};

Live.prototype._fill = function () {
  var self = this;
  if (self.filling || !self.socket.connected) return;
  self.filling = true;
  self.socket.timeout(10000).emit("catch_up", { since: self.seq }, function (err, reply) {
    self.filling = false;
    if (err || !reply || !reply.ok) { setTimeout(function () { self._fill(); }, 1000); return; }
    self._caughtUp(reply);
  });
};

Live.prototype._tallies = function (t) {
  applyTallies(this.room, t);
  this._call("tallies", t);
};

Live.prototype._status = function (online) {
  this.online = online;
  this._call("connection", online);
};

/* Queue a write; it is sent now if online, or when the connection is back. */
Live.prototype.send = function (event, payload, onReply) {
  payload.client_id = payload.client_id || uid();
  this.outbox.push({ event: event, payload: payload });
  store(this.outboxKey, this.outbox);
  if (onReply) this.replies[payload.client_id] = onReply;
  this.flush();
  return payload.client_id;
};

Live.prototype.pending = function () { return this.outbox.slice(); };

/* Send the outbox in order, one at a time, each until acknowledged. */
Live.prototype.flush = function () {
  var self = this;
  if (self.sending || !self.socket.connected || self.outbox.length === 0) return;
  self.sending = true;
  var item = self.outbox[0];
  self.socket.timeout(10000).emit(item.event, item.payload, function (err, reply) {
    self.sending = false;
    if (err) { setTimeout(function () { self.flush(); }, 1000); return; }  // no ack: try again
    // A passing refusal (the server stopping, going too fast: `retry` from
    // the server's one table, room/errors.py RETRY) keeps the item: sent
    // again after a growing wait, or at once on a reconnect. Any other
    // refusal drops it, and its handler says why.
    if (reply && !reply.ok && reply.error && reply.error.retry) { self._later(reply.error, item); return; }
    self.tries = 0;
    self.outbox.shift();
    store(self.outboxKey, self.outbox);
    var cb = self.replies[item.payload.client_id];
    if (cb) { delete self.replies[item.payload.client_id]; cb(reply, item); }
    else self._call("reply", reply, item);
    self.flush();
  });
};

// 1 s, 2 s, 4 s ... at most 30 s between tries; a reconnect tries at once (flush on connect).
Live.prototype._later = function (error, item) {
  var self = this;
  self.tries = (self.tries || 0) + 1;
  clearTimeout(self.retryTimer);
  self.retryTimer = setTimeout(function () { self.flush(); }, Math.min(30000, 1000 * Math.pow(2, self.tries - 1)));
  self._call("held", error, item);
};

/* Send the outbox now, not after its back-off (the room changed: the answer is wanted now). */
Live.prototype.now = function () {
  clearTimeout(this.retryTimer);
  this.tries = 0;
  this.flush();
};

/* Call a facilitator action directly (not queued): it needs the room now. */
Live.prototype.call = function (event, payload, onReply) {
  this.socket.timeout(10000).emit(event, payload, function (err, reply) {
    onReply(err ? { ok: false, error: { message: "No answer from the server. Please try again." } } : reply);
  });
};
