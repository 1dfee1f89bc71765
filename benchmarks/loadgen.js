#!/usr/bin/env node
// The lean load generator: N phones and a board in one Node process, speaking
// Engine.IO v4 / Socket.IO v5 frames directly over raw WebSockets (`ws`).
//
//   node benchmarks/loadgen.js --url http://127.0.0.1:PORT --code CODE --server-pid PID \
//       [--phones 500] [--out result.json] [--no-deflate] [--smoke] ...
//
// Each phone joins as a person does: GET /j/CODE (the form's CSRF token and
// the session cookie), POST /j/CODE with its role (the cookie now names it),
// then opens its socket with that cookie and an Origin header, offering
// permessage-deflate as Chrome does. The board connects first. The run seeds
// ideas, then drives votes and ideas at fixed rates (a steady phase, then a
// burst) and records, on this process's clock:
//   connect       socket open until the snapshot arrived (the HTTP join apart);
//   vote-to-board a vote's send until the board's tally for its idea first
//                 reached the vote's rank among that idea's votes (ranked by
//                 vote id, which SQLite hands out in commit order);
//   last phone    the same, until the last phone saw it;
//   ack           send until the acknowledgement (sent after COMMIT).
// It samples the server's CPU, CPU wait (/proc/PID/task/*/schedstat) and RSS,
// and its own. benchmarks/compare.py starts the servers, runs this and checks
// every acknowledged write against the database.
//
// Why it is cheap: no Socket.IO client library, no task per message, and a
// broadcast that reaches every phone as the same text is JSON-parsed once
// (a small cache keyed by the frame's text), not once per phone.

'use strict';

const fs = require('fs');
const http = require('http');
const WebSocket = require('ws');

const ROLES = ['person_receiving_care', 'carer', 'provider', 'commissioner', 'vcse'];

function parseArgs(argv) {
  const args = {
    url: null, code: null, serverPid: null, out: null,
    phones: 500, voteRate: 50, ideaRate: 5, duration: 60, burstRate: 300, burstDuration: 10,
    seedIdeas: 20, voteBudget: 20, connectConcurrency: 50, connectTimeout: 30,
    ackTimeout: 30, settle: 3, deflate: true, smoke: false,
  };
  const names = Object.fromEntries(Object.keys(args).map(
    (key) => [key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), key]));
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].replace(/^--/, '');
    if (flag === 'no-deflate') { args.deflate = false; continue; }
    if (flag === 'smoke') { args.smoke = true; continue; }
    const key = names[flag];
    if (!key) throw new Error(`unknown option --${flag}`);
    const value = argv[++i];
    if (key === 'serverPid') args[key] = value.split(',').map(Number);
    else args[key] = typeof args[key] === 'number' ? Number(value) : value;
  }
  if (args.smoke) {
    Object.assign(args, { phones: 50, duration: 6, burstDuration: 2, burstRate: 100,
      seedIdeas: 10, settle: 1 });
  }
  if (!args.url || !args.code) throw new Error('--url and --code are required');
  // Several server processes (on one message queue): phones take turns, the board the first.
  args.urls = args.url.split(',');
  return args;
}

// ---- figures ---------------------------------------------------------------

function percentile(values, p) {
  if (!values.length) return null;
  const ordered = Float64Array.from(values).sort();
  const rank = Math.max(0, Math.min(ordered.length - 1, Math.round(p / 100 * ordered.length + 0.5) - 1));
  return Math.round(ordered[rank] * 10) / 10;
}

function summary(values) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95),
    p99: percentile(values, 99), max: percentile(values, 100) };
}

const now = () => performance.now();  // milliseconds
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---- /proc: CPU, CPU wait, RSS of a process -------------------------------

const TICKS = 100;  // USER_HZ: /proc/PID/stat's unit on Linux

function cpuSeconds(pid) {
  // utime + stime of the whole process, dead threads included.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function waitSeconds(pid) {
  // Time the threads were ready to run but had no CPU: a starved process
  // is told from a slow one on a shared machine.
  let total = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[1]);
    } catch { /* a thread that just ended */ }
  }
  return total / 1e9;
}

function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

function loadAverage() {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

class Meter {
  // CPU and wait of the server and of this process over a phase.
  // Several server processes are summed (100 % = one core).
  constructor(serverPids) { this.pids = serverPids || []; }

  read() {
    const mine = process.cpuUsage();
    const sum = (f) => this.pids.reduce((total, pid) => total + f(pid), 0);
    return {
      at: now(),
      server: sum(cpuSeconds),
      serverWait: sum(waitSeconds),
      me: (mine.user + mine.system) / 1e6,
      meWait: waitSeconds(process.pid),
    };
  }

  static since(start, end) {
    const wall = (end.at - start.at) / 1000;
    const pct = (a, b) => Math.round(1000 * (b - a) / wall) / 10;
    return {
      server_cpu_s: Math.round((end.server - start.server) * 1000) / 1000,
      server_cpu_percent: pct(start.server, end.server),
      server_cpu_wait_percent: pct(start.serverWait, end.serverWait),
      generator_cpu_percent: pct(start.me, end.me),
      generator_cpu_wait_percent: pct(start.meWait, end.meWait),
      load_average: loadAverage(),
    };
  }
}

// ---- HTTP: join as a phone does --------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url, { method = 'GET', headers = {}, body = null } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

class CookieJar {
  constructor() { this.cookies = new Map(); }
  take(headers) {
    for (const line of headers['set-cookie'] || []) {
      const pair = line.split(';', 1)[0];
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

async function joinOverHttp(base, code, role) {
  const jar = new CookieJar();
  const page = await request(`${base}/j/${code}`);
  if (page.status !== 200) throw new Error(`join page answered ${page.status}`);
  jar.take(page.headers);
  const csrf = /name="csrf_token" value="([^"]*)"/.exec(page.body);
  const form = new URLSearchParams({ role, ...(csrf ? { csrf_token: csrf[1] } : {}) }).toString();
  const joined = await request(`${base}/j/${code}`, {
    method: 'POST', body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form),
      Cookie: jar.header(), Origin: base },
  });
  if (joined.status !== 302 && joined.status !== 303) throw new Error(`join answered ${joined.status}`);
  jar.take(joined.headers);
  return jar.header();
}

// ---- a screen: one raw WebSocket speaking Engine.IO 4 / Socket.IO 5 --------

// Broadcast frames reach every phone as identical text: parse each once.
const parsed = new Map();
function parseCached(text) {
  let value = parsed.get(text);
  if (value === undefined) {
    value = JSON.parse(text);
    if (parsed.size > 64) parsed.clear();
    parsed.set(text, value);
  }
  return value;
}

class Screen {
  constructor(bench, view, cookie) {
    this.bench = bench;
    this.view = view;
    this.cookie = cookie;
    this.seen = new Map();  // idea id -> highest total seen
    this.acks = new Map();  // ack id -> {resolve, timer}
    this.nextAck = 0;
    this.open = false;
    this.deflate = false;
  }

  connect(base, code, timeout) {
    return new Promise((resolve, reject) => {
      const url = base.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket';
      const headers = { Origin: base };
      if (this.cookie) headers.Cookie = this.cookie;
      // Chrome offers `permessage-deflate; client_max_window_bits` and
      // compresses whatever it sends; threshold 0 does the same.
      const ws = new WebSocket(url, { headers, perMessageDeflate: this.bench.args.deflate
        ? { threshold: 0 } : false });
      this.ws = ws;
      const timer = setTimeout(() => fail(new Error('timeout')), timeout * 1000);
      const fail = (error) => { clearTimeout(timer); ws.terminate(); reject(error); };
      this.ready = () => { clearTimeout(timer); resolve(); };
      this.refused = (why) => fail(new Error(`connect_error ${why}`));
      ws.on('open', () => {
        this.open = true;
        this.deflate = (ws.extensions || '').includes('permessage-deflate');
      });
      ws.on('message', (data) => this.frame(data.toString()));
      ws.on('error', (error) => { if (!this.open) fail(error); });
      ws.on('close', (closeCode) => {
        this.open = false;
        for (const pending of this.acks.values()) pending.reject(new Error('closed'));
        this.acks.clear();
        if (!this.bench.closing) this.bench.error(`${this.view}_disconnected:${closeCode}`);
      });
      this.code = code;
    });
  }

  frame(text) {
    switch (text.charCodeAt(0)) {
      case 48: {  // '0' Engine.IO open: connect to the default namespace with auth
        this.ws.send('40' + JSON.stringify({ code: this.code, view: this.view }));
        return;
      }
      case 50: this.ws.send('3'); return;  // '2' ping -> '3' pong
      case 52: break;  // '4' message
      default: return;
    }
    const kind = text.charCodeAt(1);
    if (kind === 50) {  // '2' event: 42["name",data]
      const [name, data] = parseCached(text.slice(2));
      this.event(name, data);
    } else if (kind === 51) {  // '3' ack: 43<id>[data]
      const bracket = text.indexOf('[');
      const id = Number(text.slice(2, bracket));
      const pending = this.acks.get(id);
      if (pending) {
        this.acks.delete(id);
        clearTimeout(pending.timer);
        pending.resolve(JSON.parse(text.slice(bracket))[0]);
      }
    } else if (kind === 52) {  // '4' connect_error
      this.refused(text.slice(2));
    }
  }

  event(name, data) {
    const bench = this.bench;
    if (name === 'tallies') {
      const t = now();
      const board = this.view === 'board';
      const levels = board ? bench.boardLevels : bench.phoneLevels;
      for (const idea in data.tallies) reach(levels, this.seen, idea, data.tallies[idea].total, t, board);
    } else if (name === 'event') {
      if (this.view === 'board' && data.type === 'idea_added') bench.ideas.push(data.data.idea.id);
    } else if (name === 'snapshot') {
      for (const idea in data.tallies) this.seen.set(idea, data.tallies[idea].total);
      if (this.view === 'board') {
        for (const idea of data.ideas) bench.ideas.push(idea.id);
        const open = data.questions.find((q) => q.status === 'open');
        bench.questionId = open ? open.id : null;
      }
      this.ready();
    }
  }

  call(name, data, timeout) {
    return new Promise((resolve, reject) => {
      if (!this.open) { reject(new Error('closed')); return; }
      const id = this.nextAck++;
      const timer = setTimeout(() => { this.acks.delete(id); reject(new Error('ack_timeout')); },
        timeout * 1000);
      this.acks.set(id, { resolve, reject, timer });
      this.ws.send(`42${id}` + JSON.stringify([name, data]));
    });
  }

  close() { if (this.ws) this.ws.close(); }
}

function reach(levels, seen, idea, total, t, first) {
  // Record when a screen's count for an idea rose from what it had seen to `total`.
  const before = seen.get(idea) || 0;
  if (total <= before) return;
  seen.set(idea, total);
  let times = levels.get(idea);
  if (!times) levels.set(idea, times = []);
  while (times.length < total) times.push(null);
  // The board keeps the first time; for phones the later time wins (the last phone).
  for (let level = before; level < total; level++) {
    if (!first || times[level] === null) times[level] = t;
  }
}

// ---- the run ---------------------------------------------------------------

class Bench {
  constructor(args) {
    this.args = args;
    this.ideas = [];
    this.questionId = null;
    this.boardLevels = new Map();
    this.phoneLevels = new Map();
    this.votes = [];  // {phase, sent, ack, idea, voteId, clientId}
    this.ideaAcks = [];  // {phase, clientId, ackMs}
    this.errors = {};
    this.sequence = 0;
    this.closing = false;
  }

  clientId(kind) {
    this.sequence += 1;
    return `lean-${kind}-${String(this.sequence).padStart(8, '0')}`;
  }

  error(code) { this.errors[code] = (this.errors[code] || 0) + 1; }

  async connectAll(bases, code) {
    const phones = [];
    const joins = [];
    const connects = [];
    const failures = [];
    let next = 0;
    const started = now();
    const worker = async () => {
      while (next < this.args.phones) {
        const index = next++;
        const base = bases[index % bases.length];
        try {
          const t0 = now();
          const cookie = await joinOverHttp(base, code, ROLES[index % ROLES.length]);
          const t1 = now();
          const phone = new Screen(this, 'phone', cookie);
          phone.voted = new Set();
          phone.busy = false;
          await phone.connect(base, code, this.args.connectTimeout);
          joins.push(t1 - t0);
          connects.push(now() - t1);
          phones.push(phone);
        } catch (error) {
          failures.push(String(error.message || error));
        }
      }
    };
    await Promise.all(Array.from({ length: this.args.connectConcurrency }, worker));
    return [phones, {
      phones: this.args.phones, connected: phones.length, failed: failures.length,
      failures: [...new Set(failures)].slice(0, 10),
      all_connected_s: Math.round(now() - started) / 1000,
      join_ms: summary(joins), connect_ms: summary(connects),
      deflate_offered: this.args.deflate,
      deflate_negotiated: phones.filter((p) => p.deflate).length,
    }];
  }

  voter(phones) {
    // A phone with dots left and no vote in flight (a person taps once at a
    // time), and an idea it has not voted for.
    const budget = Math.min(this.args.voteBudget, this.ideas.length);
    for (let tries = 0; tries < 20; tries++) {
      const phone = phones[Math.floor(Math.random() * phones.length)];
      if (!phone.busy && phone.open && phone.voted.size < budget) {
        const choices = this.ideas.filter((i) => !phone.voted.has(i));
        const idea = choices[Math.floor(Math.random() * choices.length)];
        phone.busy = true;
        phone.voted.add(idea);
        return [phone, idea];
      }
    }
    return [null, null];
  }

  async vote(phone, idea, phase) {
    if (!phone) { this.error('no_free_phone'); return; }
    const clientId = this.clientId('vote');
    const record = { phase, idea: String(idea), clientId, sent: now(), ack: null, voteId: null };
    this.votes.push(record);
    let reply;
    try {
      reply = await phone.call('cast_vote', { idea_id: idea, client_id: clientId }, this.args.ackTimeout);
    } catch (error) {
      this.error(error.message);
      return;
    } finally {
      phone.busy = false;
    }
    record.ack = now();
    if (reply.ok) record.voteId = reply.vote.id;
    else this.error(reply.error.code);
  }

  async idea(phone, phase) {
    const clientId = this.clientId('idea');
    const sent = now();
    let reply;
    try {
      reply = await phone.call('submit_idea', { question_id: this.questionId, client_id: clientId,
        text: `Idea ${clientId}: paid roles for experts by experience` }, this.args.ackTimeout);
    } catch (error) {
      this.error(error.message);
      return;
    }
    if (reply.ok) this.ideaAcks.push({ phase, clientId, ackMs: now() - sent });
    else this.error(reply.error.code);
  }

  async drive(phones, phase, seconds, voteRate, ideaRate) {
    // Fire votes and ideas on a fixed schedule; a late tick fires at once.
    const start = now();
    const schedule = [];
    for (let n = 0; n < Math.floor(seconds * voteRate); n++) schedule.push([n * 1000 / voteRate, 'vote']);
    for (let n = 0; n < Math.floor(seconds * ideaRate); n++) schedule.push([n * 1000 / ideaRate, 'idea']);
    schedule.sort((a, b) => a[0] - b[0]);
    const jobs = [];
    for (const [at, kind] of schedule) {
      const delay = start + at - now();
      if (delay > 1) await sleep(delay);
      jobs.push(kind === 'vote'
        ? this.vote(...this.voter(phones), phase)
        : this.idea(phones[Math.floor(Math.random() * phones.length)], phase));
    }
    await Promise.all(jobs);
    return now() - start;
  }

  latencies(phase) {
    const ranked = new Map();
    for (const record of this.votes) {
      if (record.voteId === null) continue;
      if (!ranked.has(record.idea)) ranked.set(record.idea, []);
      ranked.get(record.idea).push(record);
    }
    const board = [];
    const lastPhone = [];
    let unseen = 0;
    for (const [idea, records] of ranked) {
      records.sort((a, b) => a.voteId - b.voteId);
      const seen = this.boardLevels.get(idea) || [];
      const everyone = this.phoneLevels.get(idea) || [];
      records.forEach((record, rank) => {
        if (record.phase !== phase) return;
        if (rank < seen.length && seen[rank] !== null) board.push(seen[rank] - record.sent);
        else unseen += 1;
        if (rank < everyone.length && everyone[rank] !== null) lastPhone.push(everyone[rank] - record.sent);
      });
    }
    const mine = this.votes.filter((r) => r.phase === phase);
    const acked = mine.filter((r) => r.voteId !== null).length;
    return {
      votes_sent: mine.length, votes_acked: acked,
      // A vote stored but never acknowledged shifts the ranks of the votes
      // after it, so latencies are only exact when every vote was acked.
      latencies_exact: mine.length === acked,
      ideas_acked: this.ideaAcks.filter((i) => i.phase === phase).length,
      vote_to_board_ms: summary(board), board_never_saw: unseen,
      vote_to_last_phone_ms: summary(lastPhone),
      ack_ms: summary(mine.filter((r) => r.ack !== null).map((r) => r.ack - r.sent)),
      idea_ack_ms: summary(this.ideaAcks.filter((i) => i.phase === phase).map((i) => i.ackMs)),
    };
  }
}

async function run(args) {
  const bench = new Bench(args);
  const meter = new Meter(args.serverPid);
  const rss = () => (args.serverPid || []).reduce((total, pid) => total + rssBytes(pid), 0);
  let rssPeak = 0;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rss()); }, 500);
  const rssIdle = rss();

  const board = new Screen(bench, 'board', null);
  await board.connect(args.urls[0], args.code, args.connectTimeout);
  if (bench.questionId === null) throw new Error('no open question in the board snapshot');
  const connectStart = meter.read();
  const [phones, connect] = await bench.connectAll(args.urls, args.code);
  Object.assign(connect, Meter.since(connectStart, meter.read()));
  const rssConnected = rss();
  if (!phones.length) throw new Error(`no phone connected: ${connect.failures}`);

  const seeders = [...phones].sort(() => Math.random() - 0.5).slice(0, args.seedIdeas);
  await Promise.all(seeders.map((p) => bench.idea(p, 'seed')));
  const deadline = now() + args.connectTimeout * 1000;
  while (bench.ideas.length < bench.ideaAcks.length) {  // the board has seen every seed idea
    if (now() > deadline) throw new Error(`the board saw ${bench.ideas.length} of ${bench.ideaAcks.length} seed ideas`);
    await sleep(50);
  }

  const phases = {};
  for (const [phase, seconds, voteRate, ideaRate] of [
    ['steady', args.duration, args.voteRate, args.ideaRate],
    ['burst', args.burstDuration, args.burstRate, 0],
  ]) {
    if (!seconds) continue;
    const start = meter.read();
    // One line as each phase starts, so a profiler can be started on it (compare.py --py-spy-phase).
    process.stderr.write(`phase ${phase} ${seconds}\n`);
    await bench.drive(phones, phase, seconds, voteRate, ideaRate);
    await sleep(args.settle * 1000);  // let the last tallies reach everyone
    phases[phase] = { seconds, vote_rate: voteRate, idea_rate: ideaRate, ...bench.latencies(phase),
      ...Meter.since(start, meter.read()), server_rss_mb: Math.round(rss() / 2 ** 20 * 10) / 10 };
  }
  const rssEnd = rss();
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssConnected, rssEnd);
  const still = phones.filter((p) => p.open).length;
  bench.closing = true;
  for (const screen of [board, ...phones]) screen.close();
  await sleep(200);
  const perPhone = (bytes) => Math.round((bytes - rssIdle) / Math.max(1, phones.length) / 1024 * 10) / 10;
  return {
    when: new Date().toISOString().slice(0, 19) + 'Z',
    generator: 'benchmarks/loadgen.js', generator_command: process.argv.slice(1).join(' '),
    node: process.version, args, connect, phases, still_connected_at_end: still,
    memory: { rss_idle_mb: Math.round(rssIdle / 2 ** 20 * 10) / 10,
      rss_connected_mb: Math.round(rssConnected / 2 ** 20 * 10) / 10,
      rss_peak_mb: Math.round(rssPeak / 2 ** 20 * 10) / 10,
      rss_per_phone_connected_kb: perPhone(rssConnected), rss_per_phone_kb: perPhone(rssPeak) },
    acknowledged: { joined: phones.length,
      votes: bench.votes.filter((r) => r.voteId !== null).map((r) => r.clientId),
      ideas: bench.ideaAcks.map((i) => i.clientId) },
    errors: bench.errors,
  };
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  run(args).then((result) => {
    const text = JSON.stringify(result, null, 1);
    if (args.out) fs.writeFileSync(args.out, text);
    else process.stdout.write(text + '\n');
    agent.destroy();
    process.exit(0);
  }, (error) => {
    console.error(error.stack || String(error));
    process.exit(1);
  });
}
