-- The baseline's tables: the subset of workshop's schema (workshop/db.py,
-- migration 1) the benchmark exercises, with the same rules kept by the
-- database: one participant per token, client-id de-duplication per
-- workshop, one standing vote per idea (a partial unique index), the vote
-- budget (a trigger) and an append-only event log.
CREATE TABLE IF NOT EXISTS workshops (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    vote_budget INTEGER NOT NULL DEFAULT 3 CHECK (vote_budget BETWEEN 1 AND 20),
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'open', 'closed'))
);
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    joined_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS participants_by_workshop ON participants (workshop_id);
CREATE TABLE IF NOT EXISTS ideas (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    client_id TEXT NOT NULL,
    author_role TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    status TEXT NOT NULL DEFAULT 'shown',
    created_at TEXT NOT NULL,
    UNIQUE (workshop_id, client_id)
);
CREATE INDEX IF NOT EXISTS ideas_by_question ON ideas (question_id);
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    voter_role TEXT NOT NULL,
    client_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    withdrawn_at TEXT,
    UNIQUE (workshop_id, client_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS votes_one_per_idea ON votes (participant_id, idea_id)
    WHERE withdrawn_at IS NULL;
CREATE INDEX IF NOT EXISTS votes_by_idea ON votes (idea_id) WHERE withdrawn_at IS NULL;
CREATE TRIGGER IF NOT EXISTS votes_within_budget BEFORE INSERT ON votes
WHEN (SELECT COUNT(*) FROM votes
      WHERE participant_id = NEW.participant_id
        AND question_id = NEW.question_id AND withdrawn_at IS NULL)
     >= (SELECT vote_budget FROM workshops WHERE id = NEW.workshop_id)
BEGIN
    SELECT RAISE(ABORT, 'vote budget spent');
END;
CREATE TABLE IF NOT EXISTS events (
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (workshop_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_append_only BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
