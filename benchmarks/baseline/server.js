#!/usr/bin/env node
// A minimal Node Socket.IO server doing the workshop's live job, as the
// yardstick for benchmarks/compare.py (docs/PERFORMANCE.md):
//
//   node benchmarks/baseline/server.js --port 5100 --db /tmp/b.db --code ABC123 [--budget 20]
//
// It speaks the subset of docs/API.md the load generator uses, with the same
// route shapes, event names and payloads: GET /j/CODE (a form with a CSRF
// token and a signed session cookie), POST /j/CODE (joins, 302 to /w/CODE),
// Socket.IO auth {code, view}, `snapshot` on connect, `submit_idea` and
// `cast_vote` acknowledged after COMMIT, `event` for each committed idea
// (joins to the big screens only), and `tallies` coalesced every 0.2 s.
// Writes go through one writer in a worker thread (writer.js): group commit,
// WAL, synchronous=FULL. The schema's rules are in schema.sql.
//
// What a plain Node server gets for free, and the workshop is measured
// against: Socket.IO encodes a room broadcast once and writes the same frame
// to every socket; compression is off unless asked for (engine.io's default);
// what does not change during a connection (workshop, participant) is kept
// on the socket.

'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { Worker } = require('worker_threads');
const Database = require('better-sqlite3');
const { Server } = require('socket.io');

const ROLES = ['person_receiving_care', 'carer', 'provider', 'commissioner', 'vcse'];

function parseArgs(argv) {
  const args = { port: 5100, host: '127.0.0.1', db: null, code: null, budget: 20,
    tallyInterval: 0.2, deflate: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].replace(/^--/, '');
    if (flag === 'deflate') { args.deflate = true; continue; }
    const key = flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in args)) throw new Error(`unknown option --${flag}`);
    const value = argv[++i];
    args[key] = typeof args[key] === 'number' ? Number(value) : value;
  }
  if (!args.db || !args.code) throw new Error('--db and --code are required');
  return args;
}

const args = parseArgs(process.argv.slice(2));
const iso = () => new Date().toISOString();

// ---- the database: schema and the one workshop, then a read connection ----

function prepareDatabase() {
  const db = new Database(args.db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8'));
  if (!db.prepare('SELECT 1 FROM workshops WHERE code = ?').get(args.code)) {
    const made = db.prepare('INSERT INTO workshops (code, title, vote_budget, created_at) VALUES (?, ?, ?, ?)')
      .run(args.code, 'Benchmark: a full hall', args.budget, iso());
    db.prepare(`INSERT INTO questions (workshop_id, stage, text, position, status)
        VALUES (?, 'analyse', 'What works well in home care today?', 1, 'open')`).run(made.lastInsertRowid);
  }
  db.close();
}
prepareDatabase();

const reader = new Database(args.db, { readonly: true });
reader.pragma('busy_timeout = 10000');
const read = {
  workshop: reader.prepare('SELECT * FROM workshops WHERE code = ?'),
  participant: reader.prepare('SELECT id, role, token FROM participants WHERE token = ? AND workshop_id = ?'),
  questions: reader.prepare('SELECT id, stage, text, position, status FROM questions WHERE workshop_id = ? ORDER BY position'),
  ideas: reader.prepare("SELECT * FROM ideas WHERE workshop_id = ? AND status = 'shown' ORDER BY id"),
  lastSeq: reader.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE workshop_id = ?'),
  people: reader.prepare('SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?'),
  tallies: reader.prepare(`SELECT idea_id, voter_role, COUNT(*) AS n FROM votes
      WHERE workshop_id = ? AND withdrawn_at IS NULL GROUP BY idea_id, voter_role`),
  talliesOf: reader.prepare(`SELECT idea_id, voter_role, COUNT(*) AS n FROM votes
      WHERE idea_id IN (SELECT value FROM json_each(?)) AND withdrawn_at IS NULL
      GROUP BY idea_id, voter_role`),
  myVotes: reader.prepare(`SELECT idea_id, client_id FROM votes
      WHERE participant_id = ? AND withdrawn_at IS NULL ORDER BY id`),
};

function tallyView(rows, ideaIds = []) {
  const counts = {};
  for (const id of ideaIds) counts[id] = { total: 0, by_role: {} };
  for (const row of rows) {
    const tally = counts[row.idea_id] || (counts[row.idea_id] = { total: 0, by_role: {} });
    tally.total += row.n;
    tally.by_role[row.voter_role] = row.n;
  }
  return counts;
}

function publicIdea(row) {
  return { id: row.id, question_id: row.question_id, text: row.text, author_role: row.author_role,
    expert_by_experience: row.author_role === 'person_receiving_care', entered_by: 'self',
    priority: null, outcome_kind: null, created_at: row.created_at, status: row.status,
    author_roles: [row.author_role], merged: 0, outcome_id: null, rating: null };
}

// ---- the writer thread ------------------------------------------------------

const writer = new Worker(path.join(__dirname, 'writer.js'), { workerData: { db: args.db } });
const waiting = new Map();
let nextJob = 0;
writer.on('message', (results) => {
  for (const result of results) {
    const resolve = waiting.get(result.id);
    waiting.delete(result.id);
    resolve(result);
  }
});
writer.on('error', (error) => { console.error(error); process.exit(1); });

function write(kind, jobArgs) {
  return new Promise((resolve) => {
    const id = nextJob++;
    waiting.set(id, resolve);
    writer.postMessage({ id, kind, args: jobArgs });
  });
}

// ---- sessions: a signed cookie, as Flask's ----------------------------------

const secret = crypto.randomBytes(32);
const sign = (text) => crypto.createHmac('sha256', secret).update(text).digest('base64url');

function readSession(cookieHeader) {
  const match = /(?:^|;\s*)session=([^;]+)/.exec(cookieHeader || '');
  if (!match) return {};
  const [body, mac] = match[1].split('.');
  if (!mac || mac.length !== 43 || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(sign(body)))) return {};
  try { return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')); } catch { return {}; }
}

function sessionCookie(session) {
  const body = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `session=${body}.${sign(body)}; HttpOnly; Path=/; SameSite=Lax`;
}

// ---- HTTP -------------------------------------------------------------------

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

function joinPage(workshop, csrf, error = '') {
  const roles = ROLES.map((r) => `<label><input type="radio" name="role" value="${r}"> ${r}</label>`).join('\n');
  return `<!doctype html><title>Join ${escape(workshop.title)}</title>
<form method="post"><input type="hidden" name="csrf_token" value="${escape(csrf)}">
${error ? `<p role="alert">${escape(error)}</p>` : ''}${roles}<button>Join</button></form>`;
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') return send(res, 200, '<!doctype html><title>Baseline</title>');
  const join = /^\/j\/([A-Za-z0-9]+)$/.exec(url.pathname);
  if (!join) return send(res, 404, 'not found');
  const workshop = read.workshop.get(join[1].toUpperCase());
  if (!workshop) return send(res, 404, 'no such workshop');
  const session = readSession(req.headers.cookie);
  if (req.method === 'GET') {
    if (!session.csrf) session.csrf = crypto.randomBytes(18).toString('base64url');
    return send(res, 200, joinPage(workshop, session.csrf), { 'Set-Cookie': sessionCookie(session) });
  }
  if (req.method !== 'POST') return send(res, 405, 'method not allowed');
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`) return send(res, 403, 'bad origin');
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const sent = form.get('csrf_token') || '';
  if (!session.csrf || sent.length !== session.csrf.length
      || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrf))) {
    return send(res, 403, 'This form has expired.');
  }
  const role = form.get('role');
  if (!ROLES.includes(role)) return send(res, 400, joinPage(workshop, session.csrf, 'Choose a role.'));
  const result = await write('join', { workshopId: workshop.id, role });
  if (!result.ok) return send(res, 500, 'server error');
  broadcast(workshop.id, result.events);
  session.joined = { ...(session.joined || {}), [workshop.code]: result.value.token };
  return send(res, 302, '', { Location: `/w/${workshop.code}`, 'Set-Cookie': sessionCookie(session) });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => { console.error(error); send(res, 500, 'server error'); });
});

// ---- Socket.IO ----------------------------------------------------------------

const io = new Server(server, { serveClient: false, perMessageDeflate: args.deflate,
  allowRequest: (req, done) => {
    const origin = req.headers.origin;
    done(null, !origin || origin === `http://${req.headers.host}`);
  } });

const room = (id) => `workshop:${id}`;
const screensRoom = (id) => `screens:${id}`;

function refuse(next, code, message) {
  const error = new Error(message);
  error.data = { code, message };
  next(error);
}

io.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  const workshop = read.workshop.get(String(auth.code || '').toUpperCase());
  if (!workshop) return refuse(next, 'not_found', 'There is no workshop with that code.');
  if (!['phone', 'board'].includes(auth.view)) return refuse(next, 'bad_view', 'view must be phone or board.');
  let participant = null;
  if (auth.view === 'phone') {
    const token = (readSession(socket.handshake.headers.cookie).joined || {})[workshop.code];
    participant = token && read.participant.get(token, workshop.id);
    if (!participant) return refuse(next, 'not_joined', 'Join the workshop first.');
  }
  // Kept for the connection: neither changes while it lasts.
  socket.data = { workshop, participant, view: auth.view };
  next();
});

function snapshot(workshop, view, participant) {
  const seq = read.lastSeq.get(workshop.id).seq;
  const result = {
    seq, view,
    workshop: { code: workshop.code, title: workshop.title, vote_budget: workshop.vote_budget,
      roles: ROLES.map((key) => ({ key, label: key })) },
    questions: read.questions.all(workshop.id).map((q) => ({ ...q, timer: null })),
    ideas: read.ideas.all(workshop.id).map(publicIdea),
    tallies: tallyView(read.tallies.all(workshop.id)),
    participants: read.people.get(workshop.id).n,
    settings: { approve_ideas: false, results_hidden: false, extra_time_percent: 0,
      board_view: 'ideas', board_rank: 'room' },
    results_hidden: false, outcomes: [], server_time: iso(),
  };
  if (participant) {
    result.me = { role: participant.role, votes: read.myVotes.all(participant.id)
      .map((v) => ({ ...v, counts_for: v.idea_id })) };
  }
  return result;
}

const dirty = new Map();  // workshop id -> Set of idea ids whose counts changed

function broadcast(workshopId, events) {
  for (const event of events) {
    if (event.type === 'vote_cast') {
      if (!dirty.has(workshopId)) dirty.set(workshopId, new Set());
      dirty.get(workshopId).add(event.data.idea_id);
    } else if (event.type === 'participant_joined') {
      io.to(screensRoom(workshopId)).emit('event', event);
    } else {
      io.to(room(workshopId)).emit('event', event);
    }
  }
}

// Coalesced tallies: at most one push per room per interval, only the ideas that changed.
setInterval(() => {
  for (const [workshopId, ideaIds] of dirty) {
    const ids = [...ideaIds];
    const seq = read.lastSeq.get(workshopId).seq;
    const tallies = tallyView(read.talliesOf.all(JSON.stringify(ids)), ids);
    io.to(room(workshopId)).emit('tallies', { seq, tallies });
  }
  dirty.clear();
}, args.tallyInterval * 1000);

function acknowledged(socket, handler) {
  return async (data, ack) => {
    if (typeof ack !== 'function') return;
    try {
      ack(await handler(data && typeof data === 'object' ? data : {}));
    } catch (error) {
      console.error(error);
      ack({ ok: false, error: { code: 'server_error', message: 'Something went wrong on our side.' } });
    }
  };
}

io.on('connection', (socket) => {
  const { workshop, participant, view } = socket.data;
  socket.join(room(workshop.id));
  if (view !== 'phone') socket.join(screensRoom(workshop.id));
  socket.emit('snapshot', snapshot(workshop, view, participant));
  if (view !== 'phone') return;

  socket.on('submit_idea', acknowledged(socket, async (data) => {
    const text = String(data.text || '').trim();
    if (!text || text.length > 500) return { ok: false, error: { code: 'invalid', message: 'Ideas are 1 to 500 characters.' } };
    const result = await write('idea', { workshopId: workshop.id, participant,
      questionId: data.question_id, clientId: String(data.client_id || crypto.randomUUID()), text });
    if (!result.ok) return { ok: false, error: result.error };
    broadcast(workshop.id, result.events);
    return { ok: true, idea: result.value, duplicate: result.duplicate, awaiting_approval: false };
  }));

  socket.on('cast_vote', acknowledged(socket, async (data) => {
    const result = await write('vote', { workshopId: workshop.id, participant,
      ideaId: data.idea_id, clientId: String(data.client_id || crypto.randomUUID()) });
    if (!result.ok) return { ok: false, error: result.error };
    broadcast(workshop.id, result.events);
    return { ok: true, vote: result.value, duplicate: result.duplicate, ...result.mine };
  }));
});

server.listen(args.port, args.host, () => {
  console.log(`baseline listening on http://${args.host}:${args.port}, workshop ${args.code}`);
});
process.on('SIGTERM', () => {
  io.close();
  writer.terminate().then(() => process.exit(0));
});
