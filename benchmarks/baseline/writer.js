// The baseline's one writer, in a worker thread: group commit.
//
// Jobs (join, idea, vote) arrive as messages. Whatever has arrived runs in one
// transaction, each job inside its own savepoint (a refused write changes
// nothing and spoils no other), then one COMMIT (one fsync with
// synchronous=FULL), and only then are the results posted back, so nothing is
// acknowledged before it is on disk. While COMMIT waits for the disk the main
// thread keeps serving sockets and the next group gathers in the port.

'use strict';

const crypto = require('crypto');
const { parentPort, workerData } = require('worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.db);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 10000');

const iso = () => new Date().toISOString();

class Refused extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

const sql = {
  nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM events WHERE workshop_id = ?'),
  event: db.prepare('INSERT INTO events (workshop_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)'),
  join: db.prepare('INSERT INTO participants (workshop_id, token, role, joined_at) VALUES (?, ?, ?, ?)'),
  question: db.prepare('SELECT id, status FROM questions WHERE id = ? AND workshop_id = ?'),
  ideaByClient: db.prepare('SELECT * FROM ideas WHERE workshop_id = ? AND client_id = ?'),
  addIdea: db.prepare(`INSERT INTO ideas (workshop_id, question_id, participant_id, client_id,
      author_role, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
  idea: db.prepare('SELECT id, question_id, status FROM ideas WHERE id = ? AND workshop_id = ?'),
  voteByClient: db.prepare('SELECT * FROM votes WHERE workshop_id = ? AND client_id = ?'),
  addVote: db.prepare(`INSERT INTO votes (workshop_id, question_id, idea_id, participant_id,
      voter_role, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
  myVotes: db.prepare(`SELECT idea_id, client_id FROM votes
      WHERE participant_id = ? AND question_id = ? AND withdrawn_at IS NULL ORDER BY id`),
  budget: db.prepare('SELECT vote_budget FROM workshops WHERE id = ?'),
};

function log(workshopId, type, data) {
  const { seq } = sql.nextSeq.get(workshopId);
  const event = { seq, type, data, at: iso() };
  sql.event.run(workshopId, seq, type, JSON.stringify(data), event.at);
  return event;
}

function publicIdea(row) {
  return { id: row.id, question_id: row.question_id, text: row.text, author_role: row.author_role,
    expert_by_experience: row.author_role === 'person_receiving_care', entered_by: 'self',
    priority: null, outcome_kind: null, created_at: row.created_at, status: row.status,
    author_roles: [row.author_role], merged: 0, outcome_id: null, rating: null };
}

const writes = {
  join({ workshopId, role }) {
    const token = crypto.randomBytes(24).toString('base64url');
    const { lastInsertRowid } = sql.join.run(workshopId, token, role, iso());
    return { value: { id: Number(lastInsertRowid), role, token },
      events: [log(workshopId, 'participant_joined', { role })] };
  },

  idea({ workshopId, participant, questionId, clientId, text }) {
    const known = sql.ideaByClient.get(workshopId, clientId);
    if (known) {
      if (known.participant_id !== participant.id) throw new Refused('client_id_taken', 'That client id is taken.');
      return { value: publicIdea(known), duplicate: true, events: [] };
    }
    const question = sql.question.get(questionId, workshopId);
    if (!question || question.status !== 'open') throw new Refused('question_closed', 'That question is not open.');
    const created = iso();
    const { lastInsertRowid } = sql.addIdea.run(workshopId, questionId, participant.id, clientId,
      participant.role, text, created);
    const idea = publicIdea({ id: Number(lastInsertRowid), question_id: questionId, text,
      author_role: participant.role, created_at: created, status: 'shown' });
    return { value: idea, duplicate: false, events: [log(workshopId, 'idea_added', { idea })] };
  },

  vote({ workshopId, participant, ideaId, clientId }) {
    const mine = (questionId) => {
      const votes = sql.myVotes.all(participant.id, questionId)
        .map((v) => ({ ...v, counts_for: v.idea_id }));
      return { votes, votes_left: sql.budget.get(workshopId).vote_budget - votes.length };
    };
    const known = sql.voteByClient.get(workshopId, clientId);
    if (known) {
      if (known.participant_id !== participant.id) throw new Refused('client_id_taken', 'That client id is taken.');
      const vote = { id: known.id, idea_id: known.idea_id, question_id: known.question_id, client_id: clientId };
      return { value: vote, duplicate: true, events: [], mine: mine(known.question_id) };
    }
    const idea = sql.idea.get(ideaId, workshopId);
    if (!idea || idea.status !== 'shown') throw new Refused('not_found', 'That idea is not there.');
    const question = sql.question.get(idea.question_id, workshopId);
    if (question.status !== 'open') throw new Refused('question_closed', 'That question is not open.');
    let inserted;
    try {
      inserted = sql.addVote.run(workshopId, idea.question_id, ideaId, participant.id,
        participant.role, clientId, iso());
    } catch (error) {
      if (/vote budget spent/.test(error.message)) throw new Refused('budget_spent', 'You have used all your dots.');
      if (/UNIQUE.*participant_id/.test(error.message)) throw new Refused('already_voted', 'You have put a dot on that idea.');
      throw error;
    }
    const vote = { id: Number(inserted.lastInsertRowid), idea_id: ideaId, question_id: idea.question_id,
      client_id: clientId };
    const events = [log(workshopId, 'vote_cast', { idea_id: ideaId, question_id: idea.question_id,
      role: participant.role })];
    return { value: vote, duplicate: false, events, mine: mine(idea.question_id) };
  },
};

let queue = [];
let scheduled = false;

function flush() {
  scheduled = false;
  const batch = queue;
  queue = [];
  const results = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const job of batch) {
      db.exec('SAVEPOINT job');
      try {
        results.push({ id: job.id, ok: true, ...writes[job.kind](job.args) });
        db.exec('RELEASE job');
      } catch (error) {
        db.exec('ROLLBACK TO job');
        db.exec('RELEASE job');
        results.push({ id: job.id, ok: false, error: error instanceof Refused
          ? { code: error.code, message: error.message }
          : { code: 'server_error', message: 'Something went wrong on our side. Please try again.' } });
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    // A failed COMMIT: nothing of this group is stored, so nothing is acknowledged as stored.
    if (db.inTransaction) db.exec('ROLLBACK');
    parentPort.postMessage(batch.map((job) => ({ id: job.id, ok: false,
      error: { code: 'server_error', message: String(error.message) } })));
    return;
  }
  parentPort.postMessage(results);
}

parentPort.on('message', (job) => {
  queue.push(job);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
