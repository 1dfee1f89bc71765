"""The schema, as sqlite-utils migrations: each applied once, in order, on start.

Databases made before the switch counted their migrations in
`PRAGMA user_version`; those are recorded as applied the first time.
"""

import sqlite3

from sqlite_utils import Migrations

from .connection import transaction

MIGRATIONS = [
    # 1: the walking skeleton
    """
    CREATE TABLE workshops (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        facilitator_key TEXT NOT NULL UNIQUE,
        framework TEXT NOT NULL,
        stages TEXT NOT NULL,
        vote_budget INTEGER NOT NULL DEFAULT 3 CHECK (vote_budget BETWEEN 1 AND 20),
        created_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        framework_key TEXT,
        kind TEXT NOT NULL DEFAULT 'ideas',
        text TEXT NOT NULL,
        easy_read TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'waiting'
            CHECK (status IN ('waiting', 'open', 'closed')),
        opened_at TEXT,
        closed_at TEXT
    );
    CREATE INDEX questions_by_workshop ON questions (workshop_id, position);
    CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        joined_at TEXT NOT NULL
    );
    CREATE INDEX participants_by_workshop ON participants (workshop_id);
    CREATE TABLE ideas (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
        client_id TEXT NOT NULL,
        author_role TEXT NOT NULL,
        entered_by TEXT NOT NULL DEFAULT 'self'
            CHECK (entered_by IN ('self', 'supporter', 'scribe')),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
        priority TEXT,
        outcome_kind TEXT,
        status TEXT NOT NULL DEFAULT 'shown',
        created_at TEXT NOT NULL,
        UNIQUE (workshop_id, client_id)
    );
    CREATE INDEX ideas_by_question ON ideas (question_id);
    CREATE TABLE votes (
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
    -- A withdrawn vote stays as a row so a replayed send of it is recognised.
    CREATE UNIQUE INDEX votes_one_per_idea ON votes (participant_id, idea_id)
        WHERE withdrawn_at IS NULL;
    CREATE INDEX votes_by_idea ON votes (idea_id) WHERE withdrawn_at IS NULL;
    CREATE TRIGGER votes_within_budget BEFORE INSERT ON votes
    WHEN (SELECT COUNT(*) FROM votes
          WHERE participant_id = NEW.participant_id
            AND question_id = NEW.question_id AND withdrawn_at IS NULL)
         >= (SELECT vote_budget FROM workshops WHERE id = NEW.workshop_id)
    BEGIN
        SELECT RAISE(ABORT, 'vote budget spent');
    END;
    CREATE TABLE events (
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (workshop_id, seq)
    ) WITHOUT ROWID;
    CREATE TRIGGER events_append_only BEFORE UPDATE ON events
    BEGIN
        SELECT RAISE(ABORT, 'the event log is append-only');
    END;
    """,
    # 2: stories (framework principle 13), quoted in reports only with consent
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER REFERENCES questions(id) ON DELETE SET NULL,
        participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
        client_id TEXT NOT NULL,
        author_role TEXT NOT NULL,
        entered_by TEXT NOT NULL DEFAULT 'self'
            CHECK (entered_by IN ('self', 'supporter', 'scribe')),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        may_quote INTEGER NOT NULL CHECK (may_quote IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'shown' CHECK (status IN ('shown', 'hidden')),
        created_at TEXT NOT NULL,
        UNIQUE (workshop_id, client_id)
    );
    CREATE INDEX stories_by_workshop ON stories (workshop_id, id);
    """,
    # facilitation (issue 6): timers, moderation, board settings, provisional outcomes
    """
    CREATE TABLE provisional_outcomes (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        source_idea_id INTEGER REFERENCES ideas(id) ON DELETE SET NULL,
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX provisional_outcomes_by_workshop
        ON provisional_outcomes (workshop_id, position);
    ALTER TABLE workshops ADD COLUMN approve_ideas INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN results_hidden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN extra_time_percent INTEGER NOT NULL DEFAULT 0
        CHECK (extra_time_percent BETWEEN 0 AND 200);
    ALTER TABLE workshops ADD COLUMN board_view TEXT NOT NULL DEFAULT 'ideas';
    ALTER TABLE workshops ADD COLUMN board_rank TEXT NOT NULL DEFAULT 'room';
    ALTER TABLE questions ADD COLUMN timer_seconds INTEGER;
    ALTER TABLE questions ADD COLUMN timer_started_at TEXT;
    ALTER TABLE questions ADD COLUMN timer_elapsed_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ideas ADD COLUMN original_text TEXT;
    ALTER TABLE ideas ADD COLUMN merged_into INTEGER REFERENCES ideas(id);
    ALTER TABLE ideas ADD COLUMN outcome_id INTEGER REFERENCES provisional_outcomes(id);
    ALTER TABLE ideas ADD COLUMN rating TEXT CHECK (rating IN ('low', 'medium', 'high'));
    CREATE INDEX ideas_by_merged_into ON ideas (merged_into) WHERE merged_into IS NOT NULL;
    """,
    # 4: issue 7: the report's title page (service, area), a redaction list kept
    # with the workshop, and the Strategic Statement outcome an idea serves.
    """
    ALTER TABLE workshops ADD COLUMN service TEXT;
    ALTER TABLE workshops ADD COLUMN area TEXT;
    ALTER TABLE workshops ADD COLUMN redactions TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE ideas ADD COLUMN strategic_outcome TEXT;
    """,
    # 5: issue 15: the room's door: an expected head count beyond which joins
    # wait for the facilitator, and the facilitator's lock.
    """
    ALTER TABLE workshops ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity > 0);
    ALTER TABLE workshops ADD COLUMN door_locked INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: issue 16: before and after the day. The organiser's key (one per
    # server database); what the organiser sets up (date, start time, who to ask
    # for help, who they expect); outreach windows and the questions open in
    # them; where each contribution was made (room, outreach, paper) and a paper
    # card's printed number, which the index makes impossible to enter twice.
    """
    CREATE TABLE organiser (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    ALTER TABLE workshops ADD COLUMN event_date TEXT;
    ALTER TABLE workshops ADD COLUMN starts_at TEXT;
    ALTER TABLE workshops ADD COLUMN help_contact TEXT;
    ALTER TABLE workshops ADD COLUMN expected_roles TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE workshops ADD COLUMN expected_head_count INTEGER;
    ALTER TABLE workshops ADD COLUMN outreach_opens_at TEXT;
    ALTER TABLE workshops ADD COLUMN outreach_closes_at TEXT;
    ALTER TABLE questions ADD COLUMN minutes INTEGER CHECK (minutes BETWEEN 1 AND 240);
    ALTER TABLE questions ADD COLUMN break_after INTEGER CHECK (break_after BETWEEN 1 AND 120);
    ALTER TABLE questions ADD COLUMN outreach INTEGER NOT NULL DEFAULT 0
        CHECK (outreach IN (0, 1));
    ALTER TABLE participants ADD COLUMN origin TEXT NOT NULL DEFAULT 'room'
        CHECK (origin IN ('room', 'outreach'));
    ALTER TABLE participants ADD COLUMN supporter_role TEXT;
    ALTER TABLE ideas ADD COLUMN origin TEXT NOT NULL DEFAULT 'room'
        CHECK (origin IN ('room', 'outreach', 'paper'));
    ALTER TABLE ideas ADD COLUMN card_number INTEGER CHECK (card_number BETWEEN 1 AND 99999);
    CREATE UNIQUE INDEX ideas_one_per_paper_card ON ideas (workshop_id, card_number)
        WHERE card_number IS NOT NULL;
    ALTER TABLE stories ADD COLUMN origin TEXT NOT NULL DEFAULT 'room'
        CHECK (origin IN ('room', 'outreach', 'paper'));
    """,
    # 7: issue 11: the board's paging pace and pause, its spotlight and its
    # choice to wait for the next question; a story's safeguarding flag.
    """
    ALTER TABLE workshops ADD COLUMN board_seconds INTEGER NOT NULL DEFAULT 12
        CHECK (board_seconds BETWEEN 3 AND 120);
    ALTER TABLE workshops ADD COLUMN board_paused INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN board_waiting INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN spotlight_idea_id INTEGER REFERENCES ideas(id)
        ON DELETE SET NULL;
    ALTER TABLE stories ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0
        CHECK (follow_up IN (0, 1));
    """,
    # 8: issue 13: the Care Act theme an idea serves (the facilitator tags it),
    # and whether a Plan answer is a specified requirement or an open question.
    """
    ALTER TABLE ideas ADD COLUMN care_act_theme TEXT;
    ALTER TABLE ideas ADD COLUMN answer_kind TEXT
        CHECK (answer_kind IN ('specified_requirement', 'open_question'));
    """,
    # 9: issue 12: phones may show the time left (the facilitator's choice, off
    # by default), and a one-minute warning a reloaded phone still sees.
    """
    ALTER TABLE workshops ADD COLUMN phone_timer INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE questions ADD COLUMN closing_warned_at TEXT;
    """,
    # 10: issue 15: the waiting list at the room's door. Someone who arrives
    # past the head count, or while the door is locked, waits here, not in
    # participants: nothing counts them (report, roster, votes) until the
    # facilitator lets them in and their row moves over with the same token.
    # Like a participant, a role and a token only: no IP, nothing personal.
    """
    CREATE TABLE waiting (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT 'room' CHECK (origin IN ('room', 'outreach', 'paper')),
        supporter_role TEXT,
        arrived_at TEXT NOT NULL
    );
    CREATE INDEX waiting_by_workshop ON waiting (workshop_id, id);
    """,
    # 11: issue 14: every change to a workshop's row counts up its revision, so
    # a process can keep the row it read (every socket message needs it) and
    # check it is current with one indexed lookup (db.workshop_by_code).
    """
    ALTER TABLE workshops ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER workshops_revision AFTER UPDATE ON workshops
    WHEN NEW.revision = OLD.revision
    BEGIN
        UPDATE workshops SET revision = OLD.revision + 1 WHERE id = NEW.id;
    END;
    """,
    # 12: issue 14: a tally push counts the standing votes of the ideas that
    # changed, by role, from this index alone; votes_by_idea (idea_id only)
    # meant a table row read per vote: 4.9 ms a push with 9,000 votes on 20
    # ideas, 2.2 ms with this one. It serves every lookup the old one did.
    """
    CREATE INDEX votes_by_idea_and_role ON votes (idea_id, withdrawn_at, voter_role);
    DROP INDEX votes_by_idea;
    """,
    # issue 22: the themes a facilitator accepted for a question, the ideas in
    # each (an idea in one theme at most), and the question's states before
    # each change, for undo (storage/themes.py).
    """
    CREATE TABLE themes (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX themes_by_question ON themes (question_id, position);
    CREATE INDEX themes_by_workshop ON themes (workshop_id);
    CREATE TABLE theme_ideas (
        idea_id INTEGER PRIMARY KEY REFERENCES ideas(id) ON DELETE CASCADE,
        theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL
    );
    CREATE INDEX theme_ideas_by_theme ON theme_ideas (theme_id, position);
    CREATE TABLE theme_undo (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX theme_undo_by_question ON theme_undo (question_id, id);
    """,
    # issue 23: why each provisional outcome was carried (its places in the
    # three orderings when chosen, as JSON) and who chose it.
    """
    ALTER TABLE provisional_outcomes ADD COLUMN carried_why TEXT;
    ALTER TABLE provisional_outcomes ADD COLUMN chosen_by TEXT;
    """,
    # issue 24: the board's page is the server's, so every board of a
    # workshop turns in step: the page the facilitator last chose and when;
    # boards count the pages turned since from the server's clock. The join
    # address printed materials carry (one per server), and the venue's
    # Wi-Fi a poster names when that address is local.
    """
    ALTER TABLE workshops ADD COLUMN board_page INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN board_page_at TEXT;
    ALTER TABLE organiser ADD COLUMN public_url TEXT;
    ALTER TABLE workshops ADD COLUMN wifi_name TEXT;
    ALTER TABLE workshops ADD COLUMN wifi_password TEXT;
    """,
    # issues 22 and 23: an outcome carried from an accepted theme keeps the
    # theme's name and question and the ideas it held then (outcome_ideas),
    # and every outcome gets its easy-read wording; an idea gets the
    # experts-by-experience value it speaks to (a tag, like its priority).
    """
    ALTER TABLE provisional_outcomes ADD COLUMN easy_read TEXT;
    ALTER TABLE provisional_outcomes ADD COLUMN source_theme TEXT;
    ALTER TABLE provisional_outcomes ADD COLUMN source_question_id INTEGER
        REFERENCES questions(id) ON DELETE SET NULL;
    CREATE TABLE outcome_ideas (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        outcome_id INTEGER NOT NULL REFERENCES provisional_outcomes(id) ON DELETE CASCADE,
        idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
        position INTEGER NOT NULL
    );
    CREATE INDEX outcome_ideas_by_outcome ON outcome_ideas (outcome_id, position);
    ALTER TABLE ideas ADD COLUMN experts_value TEXT;
    """,
    # issue 22: when an idea's author said "that is not what I meant" of the
    # theme it was put in (storage/not_meant.py); on the idea, so the archive
    # carries it.
    """
    ALTER TABLE ideas ADD COLUMN not_meant_at TEXT;
    """,
    # issue 21: the ranking kind of question (room/kinds/ranking.py): the short
    # list a question asks the room to order, and each person's latest order.
    """
    CREATE TABLE ranking_options (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        easy_read TEXT,
        outcome_id INTEGER
    );
    CREATE INDEX ranking_options_by_question ON ranking_options (question_id, position);
    CREATE TABLE rankings (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        option_ids TEXT NOT NULL,
        ranked_at TEXT NOT NULL,
        UNIQUE (question_id, participant_id)
    );
    """,
    # issue 25: a voice story's recording, or a flip chart's photo on the
    # scribe's entry, kept in the database (storage/media_rows.py) so it goes
    # with the story or idea into backups, the archive and the purge.
    """
    CREATE TABLE media (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        story_id INTEGER REFERENCES stories(id) ON DELETE CASCADE,
        idea_id INTEGER REFERENCES ideas(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('voice', 'photo')),
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        seconds REAL,
        data BLOB NOT NULL,
        transcript TEXT,
        created_at TEXT NOT NULL,
        CHECK ((story_id IS NULL) != (idea_id IS NULL))
    );
    CREATE UNIQUE INDEX media_by_story ON media (story_id) WHERE story_id IS NOT NULL;
    CREATE INDEX media_by_idea ON media (idea_id) WHERE idea_id IS NOT NULL;
    CREATE INDEX media_by_workshop ON media (workshop_id);
    """,
    # issue 25: the question on the board in the framework's words, in easy
    # read with its picture, or both, as the facilitator chooses.
    """
    ALTER TABLE workshops ADD COLUMN board_wording TEXT NOT NULL DEFAULT 'framework'
        CHECK (board_wording IN ('framework', 'easy', 'both'));
    """,
    # issue 25: easy read first: the organiser or facilitator makes easy read
    # what a phone shows until its owner chooses (static/js/easy-read.js).
    """
    ALTER TABLE workshops ADD COLUMN easy_read_first INTEGER NOT NULL DEFAULT 0;
    """,
    # issue 25: quiet signals, "I need more time" and "I don't understand",
    # once per person, kind and question (storage/quiet_signals.py); the board
    # shows their counts only if the facilitator says so.
    """
    CREATE TABLE quiet_signals (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (question_id, participant_id, kind)
    );
    CREATE INDEX quiet_signals_by_workshop ON quiet_signals (workshop_id, question_id);
    ALTER TABLE workshops ADD COLUMN quiet_on_board INTEGER NOT NULL DEFAULT 0;
    """,
    # issue 22 item 5: a question's dots go on its ideas or, when the
    # facilitator says so, on its accepted themes (storage/theme_votes.py).
    # A theme vote is kept like an idea vote: once per client id, one standing
    # dot a person per theme, the workshop's budget per question (its own
    # budget: dots on ideas before the switch do not spend it). theme_id has no
    # foreign key: a rename rewrites the theme's row under the same id, and
    # room/theme_votes.py decides what a merge, split or new list does to votes.
    """
    ALTER TABLE questions ADD COLUMN vote_on TEXT NOT NULL DEFAULT 'ideas'
        CHECK (vote_on IN ('ideas', 'themes'));
    CREATE TABLE theme_votes (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        theme_id INTEGER NOT NULL,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        voter_role TEXT NOT NULL,
        client_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        withdrawn_at TEXT,
        UNIQUE (workshop_id, client_id)
    );
    CREATE UNIQUE INDEX theme_votes_one_per_theme ON theme_votes (participant_id, theme_id)
        WHERE withdrawn_at IS NULL;
    CREATE INDEX theme_votes_by_question ON theme_votes (question_id, withdrawn_at, theme_id);
    CREATE TRIGGER theme_votes_within_budget BEFORE INSERT ON theme_votes
    WHEN (SELECT COUNT(*) FROM theme_votes
          WHERE participant_id = NEW.participant_id
            AND question_id = NEW.question_id AND withdrawn_at IS NULL)
         >= (SELECT vote_budget FROM workshops WHERE id = NEW.workshop_id)
    BEGIN
        SELECT RAISE(ABORT, 'vote budget spent');
    END;
    """,
]

migrations = Migrations("workshop")


def _register(number, script):
    def apply(db):
        for statement in _statements(script):
            db.execute(statement)

    migrations(name=f"{number:04d}")(apply)


for _number, _script in enumerate(MIGRATIONS, start=1):
    _register(_number, _script)


def _statements(script):
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s.strip(" ;\n")]


def _adopt_user_version(db):
    """Record as applied the migrations an older database counted in user_version."""
    version = db.conn.execute("PRAGMA user_version").fetchone()[0]
    if not version or db[migrations.migrations_table].exists():
        return
    migrations.ensure_migrations_table(db)
    db[migrations.migrations_table].insert_all(
        {"migration_set": migrations.name, "name": f"{number:04d}", "applied_at": "adopted"}
        for number in range(1, version + 1)
    )


def migrate(db):
    """Bring the schema up to date; safe to run on every start, from several processes."""
    db.conn.execute("PRAGMA journal_mode = WAL")
    with transaction(db):
        _adopt_user_version(db)
        migrations.apply(db)
        # Kept in step, so a file says its schema version to any SQLite tool.
        db.conn.execute(f"PRAGMA user_version = {len(migrations.applied(db))}")
    return db
