// store_schema.cpp — the SQL of each schema version. docs/database.md explains every table,
// column and view for people; keep the two in step.
//
// Nothing is ever updated or deleted: state that changes (a step closed, an idea hidden, the
// session paused) is the latest row of `actions`, and an undone ballot gets a `voids` row.
#include "store_schema.h"

namespace workshop::schema {

namespace {

// Version 1: the first schema, created on an empty file.
// (The CHECKs spell out `x = 'a' OR x = 'b' OR ...`: SQLite codes `x IN (3 or more values)` as a
// temporary b-tree built anew for every inserted row, a fifth of the cost of an import.)
const char* const v1 = R"sql(
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    scenario_id     TEXT NOT NULL,
    scenario_title  TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    scenario_text   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    kiosk           TEXT NOT NULL,
    created_by      TEXT NOT NULL CHECK (created_by = 'kiosk' OR created_by = 'import' OR created_by = 'synth')
);
CREATE INDEX sessions_by_scenario ON sessions (scenario_id, scenario_sha256);

CREATE TABLE ballots (
    id      INTEGER PRIMARY KEY,
    session INTEGER NOT NULL REFERENCES sessions (id) DEFERRABLE INITIALLY DEFERRED,  -- see below
    visit   TEXT NOT NULL,
    step    TEXT NOT NULL,
    role    TEXT NOT NULL DEFAULT '',
    lang    TEXT NOT NULL DEFAULT '',
    cast_at TEXT NOT NULL,
    kiosk   TEXT NOT NULL,
    source  TEXT NOT NULL CHECK (source = 'kiosk' OR source = 'import' OR source = 'synth'),
    UNIQUE (session, visit, step)
);
CREATE INDEX ballots_by_step ON ballots (session, step);  -- rowid order within a step: no sort

CREATE TABLE marks (
    ballot INTEGER NOT NULL REFERENCES ballots (id) DEFERRABLE INITIALLY DEFERRED,  -- as ballots.session
    seq    INTEGER NOT NULL,
    option TEXT NOT NULL,
    value  INTEGER NOT NULL CHECK (value = CAST(value AS INTEGER)),  -- a whole number (see below)
    PRIMARY KEY (ballot, seq)
) WITHOUT ROWID;

CREATE TABLE voids (
    id        INTEGER PRIMARY KEY,
    ballot    INTEGER NOT NULL UNIQUE REFERENCES ballots (id),
    voided_by TEXT NOT NULL,
    voided_at TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE ideas (
    id           INTEGER PRIMARY KEY,
    session      INTEGER NOT NULL REFERENCES sessions (id),
    step         TEXT NOT NULL,
    idea         TEXT NOT NULL,
    text         TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT '',
    submitted_at TEXT NOT NULL,
    kiosk        TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source = 'kiosk' OR source = 'import' OR source = 'synth'),
    UNIQUE (session, step, idea)
);

CREATE TABLE actions (
    id      INTEGER PRIMARY KEY,
    session INTEGER NOT NULL REFERENCES sessions (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    step    TEXT NOT NULL DEFAULT '',
    target  TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_by_subject ON actions (session, step, target, action);

-- Append-only: the database itself refuses to change or remove a recorded row.
CREATE TRIGGER sessions_append_only_update BEFORE UPDATE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions are append-only: a session is never changed'); END;
CREATE TRIGGER sessions_append_only_delete BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions are append-only: a session is never deleted'); END;
CREATE TRIGGER ballots_append_only_update BEFORE UPDATE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are append-only: void a ballot instead of changing it'); END;
CREATE TRIGGER ballots_append_only_delete BEFORE DELETE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are append-only: void a ballot instead of deleting it'); END;
CREATE TRIGGER marks_append_only_update BEFORE UPDATE ON marks
BEGIN SELECT RAISE(ABORT, 'marks are append-only: void the ballot instead of changing it'); END;
CREATE TRIGGER marks_append_only_delete BEFORE DELETE ON marks
BEGIN SELECT RAISE(ABORT, 'marks are append-only: void the ballot instead of deleting it'); END;
CREATE TRIGGER voids_append_only_update BEFORE UPDATE ON voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only: a void is never changed'); END;
CREATE TRIGGER voids_append_only_delete BEFORE DELETE ON voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only: a void is never undone'); END;
CREATE TRIGGER ideas_append_only_update BEFORE UPDATE ON ideas
BEGIN SELECT RAISE(ABORT, 'ideas are append-only: hide an idea instead of changing it'); END;
CREATE TRIGGER ideas_append_only_delete BEFORE DELETE ON ideas
BEGIN SELECT RAISE(ABORT, 'ideas are append-only: hide an idea instead of deleting it'); END;
CREATE TRIGGER actions_append_only_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: actions are never changed'); END;
CREATE TRIGGER actions_append_only_delete BEFORE DELETE ON actions
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: actions are never deleted'); END;

-- INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers: refuse an
-- insert that would collide with a recorded row, so REPLACE cannot remove one either. (Not on
-- marks: a trigger there would double the cost of an import, and marks are only ever written
-- with their ballot, which is guarded.)
CREATE TRIGGER sessions_no_replace BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM sessions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'sessions are append-only: this session is already recorded'); END;

-- Ballots are written by the hundred thousand, so their guard is built to be cheap: a statement
-- that can ABORT halfway opens a sub-transaction (copying each page it touches) and a trigger
-- makes every insert such a statement. Nothing here aborts, so the engine's
-- `INSERT OR ROLLBACK INTO ballots` needs none: the guard raises ROLLBACK (a refused REPLACE
-- undoes the whole transaction), and `ballots.session` and `marks.ballot` are checked at COMMIT
-- (DEFERRABLE, above). The engine writes marks with `INSERT OR ROLLBACK` too, several rows per
-- statement; `marks.value` is checked with CAST, not typeof(): a function in a CHECK brings the
-- sub-transaction back in SQLite 3.40 (the CAST refuses what typeof() refused: texts, blobs and
-- fractions; only the REAL -9223372036854775808.0, which the engine never writes, now passes).
CREATE TRIGGER ballots_no_replace BEFORE INSERT ON ballots
WHEN EXISTS (SELECT 1 FROM ballots WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM ballots WHERE session = NEW.session AND visit = NEW.visit AND step = NEW.step)
BEGIN SELECT RAISE(ROLLBACK, 'ballots are append-only: this ballot is already recorded'); END;
CREATE TRIGGER voids_no_replace BEFORE INSERT ON voids
WHEN EXISTS (SELECT 1 FROM voids WHERE id = NEW.id) OR EXISTS (SELECT 1 FROM voids WHERE ballot = NEW.ballot)
BEGIN SELECT RAISE(ABORT, 'voids are append-only: this ballot is already void'); END;
CREATE TRIGGER ideas_no_replace BEFORE INSERT ON ideas
WHEN EXISTS (SELECT 1 FROM ideas WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM ideas WHERE session = NEW.session AND step = NEW.step AND idea = NEW.idea)
BEGIN SELECT RAISE(ABORT, 'ideas are append-only: this idea is already recorded'); END;
CREATE TRIGGER actions_no_replace BEFORE INSERT ON actions
WHEN EXISTS (SELECT 1 FROM actions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: this action is already recorded'); END;

-- Views for people opening the file in an SQLite browser (docs/database.md).
CREATE VIEW valid_ballot_rows AS
SELECT b.session AS session, b.visit AS ballot, b.step AS step, m.option AS option,
       m.value AS value, b.role AS role, b.lang AS lang, b.cast_at AS cast_at,
       b.kiosk AS kiosk, b.source AS source, b.id AS ballot_row, m.seq AS mark_seq
FROM ballots AS b JOIN marks AS m ON m.ballot = b.id
WHERE NOT EXISTS (SELECT 1 FROM voids AS v WHERE v.ballot = b.id);

CREATE VIEW ballot_counts AS
SELECT b.session AS session, b.step AS step, b.role AS role, COUNT(*) AS ballots
FROM ballots AS b
WHERE NOT EXISTS (SELECT 1 FROM voids AS v WHERE v.ballot = b.id)
GROUP BY b.session, b.step, b.role;

CREATE VIEW void_ballots AS
SELECT b.session AS session, b.visit AS ballot, b.step AS step, b.source AS source,
       b.cast_at AS cast_at, v.voided_by AS voided_by, v.voided_at AS voided_at, v.reason AS reason
FROM voids AS v JOIN ballots AS b ON b.id = v.ballot;

CREATE VIEW ideas_state AS
SELECT i.session AS session, i.step AS step, i.idea AS idea, i.text AS text, i.lang AS lang,
       i.submitted_at AS submitted_at, i.kiosk AS kiosk,
       COALESCE((SELECT a.action = 'idea_hidden' FROM actions AS a
                 WHERE a.session = i.session AND a.step = i.step AND a.target = i.idea
                   AND a.action IN ('idea_hidden', 'idea_shown')
                 ORDER BY a.id DESC LIMIT 1), 0) AS hidden,
       i.id AS idea_row
FROM ideas AS i;

CREATE VIEW session_states AS
SELECT s.id AS session, s.scenario_id AS scenario_id, s.scenario_title AS scenario_title,
       s.scenario_sha256 AS scenario_sha256, s.created_at AS created_at, s.kiosk AS kiosk,
       COALESCE((SELECT CASE a.action WHEN 'session_paused' THEN 'paused'
                                      WHEN 'session_ended' THEN 'ended' ELSE 'running' END
                 FROM actions AS a
                 WHERE a.session = s.id
                   AND a.action IN ('session_paused', 'session_resumed', 'session_ended')
                 ORDER BY a.id DESC LIMIT 1), 'running') AS state,
       (SELECT COUNT(DISTINCT b.visit) FROM ballots AS b
        WHERE b.session = s.id
          AND NOT EXISTS (SELECT 1 FROM voids AS v WHERE v.ballot = b.id)) AS visits
FROM sessions AS s;

CREATE VIEW step_states AS
SELECT k.session AS session, k.step AS step,
       COALESCE((SELECT a.action = 'step_opened' FROM actions AS a
                 WHERE a.session = k.session AND a.step = k.step AND a.target = ''
                   AND a.action IN ('step_opened', 'step_closed')
                 ORDER BY a.id DESC LIMIT 1), 1) AS open,
       COALESCE((SELECT a.action = 'results_revealed' FROM actions AS a
                 WHERE a.session = k.session AND a.step = k.step AND a.target = ''
                   AND a.action IN ('results_revealed', 'results_hidden')
                 ORDER BY a.id DESC LIMIT 1), 0) AS revealed
FROM (SELECT DISTINCT session, step FROM actions WHERE step <> '') AS k;

CREATE VIEW audit_log AS
SELECT a.session AS session, a.at AS at, a.actor AS actor, a.action AS action,
       a.step AS step, a.target AS target, a.detail AS detail, a.id AS action_row
FROM actions AS a ORDER BY a.session, a.id;
)sql";

// Version 2 (issue 18, pictograms): the picture files a session's options and roles show
// (`image = "..."`), stored with the session so that results are always shown and reported
// against what voters saw, whatever happens to the files on disk later. Append-only as the rest.
const char* const v2_session_pictures = R"sql(
CREATE TABLE session_pictures (
    session INTEGER NOT NULL REFERENCES sessions (id),
    path    TEXT NOT NULL,   -- the `image` value as written in the scenario
    sha256  TEXT NOT NULL,   -- of bytes, lowercase hex
    bytes   BLOB NOT NULL,   -- the PNG or JPEG file, at most 4 MiB
    PRIMARY KEY (session, path)
);
CREATE TRIGGER session_pictures_append_only_update BEFORE UPDATE ON session_pictures
BEGIN SELECT RAISE(ABORT, 'session pictures are append-only: a picture voters saw is never changed'); END;
CREATE TRIGGER session_pictures_append_only_delete BEFORE DELETE ON session_pictures
BEGIN SELECT RAISE(ABORT, 'session pictures are append-only: a picture voters saw is never deleted'); END;
CREATE TRIGGER session_pictures_no_replace BEFORE INSERT ON session_pictures
WHEN EXISTS (SELECT 1 FROM session_pictures WHERE session = NEW.session AND path = NEW.path)
BEGIN SELECT RAISE(ABORT, 'session pictures are append-only: this picture is already recorded'); END;
)sql";

// Version 3: the hub (docs/hub.md). Which hub session a local session belongs to, and the hub's
// sequence number of every row that has been through the hub (pushed and pulled back, or pulled
// from another kiosk). A row without one has not reached the hub yet. State and idea order
// follow the hub's numbers; rows the hub has not numbered yet come after, in file order.
const char* const v3_hub = R"sql(
CREATE TABLE hub_links (
    session     INTEGER PRIMARY KEY REFERENCES sessions (id),
    hub         TEXT NOT NULL,     -- the hub's own id (workshop.meta hub_id on the server)
    hub_session INTEGER NOT NULL,  -- the session's number on the hub
    link        TEXT NOT NULL,     -- random id of this link: names this file's actions on the hub
    linked_at   TEXT NOT NULL
);

CREATE TABLE hub_rows (
    seq     INTEGER PRIMARY KEY,  -- the hub's sequence number
    session INTEGER NOT NULL REFERENCES sessions (id),
    kind    TEXT NOT NULL CHECK (kind = 'ballot' OR kind = 'idea' OR kind = 'void' OR kind = 'action' OR kind = 'skipped'),
    row     INTEGER NOT NULL      -- the row of that table in this file (0 for skipped)
);
CREATE INDEX hub_rows_by_row ON hub_rows (kind, row);

CREATE TRIGGER hub_links_append_only_update BEFORE UPDATE ON hub_links
BEGIN SELECT RAISE(ABORT, 'hub links are append-only'); END;
CREATE TRIGGER hub_links_append_only_delete BEFORE DELETE ON hub_links
BEGIN SELECT RAISE(ABORT, 'hub links are append-only'); END;
CREATE TRIGGER hub_rows_append_only_update BEFORE UPDATE ON hub_rows
BEGIN SELECT RAISE(ABORT, 'hub rows are append-only'); END;
CREATE TRIGGER hub_rows_append_only_delete BEFORE DELETE ON hub_rows
BEGIN SELECT RAISE(ABORT, 'hub rows are append-only'); END;

DROP VIEW ideas_state;
CREATE VIEW ideas_state AS
SELECT i.session AS session, i.step AS step, i.idea AS idea, i.text AS text, i.lang AS lang,
       i.submitted_at AS submitted_at, i.kiosk AS kiosk,
       COALESCE((SELECT a.action = 'idea_hidden' FROM actions AS a
                 LEFT JOIN hub_rows AS h ON h.kind = 'action' AND h.row = a.id
                 WHERE a.session = i.session AND a.step = i.step AND a.target = i.idea
                   AND a.action IN ('idea_hidden', 'idea_shown')
                 ORDER BY h.seq IS NULL DESC, h.seq DESC, a.id DESC LIMIT 1), 0) AS hidden,
       i.id AS idea_row,
       (SELECT h.seq FROM hub_rows AS h WHERE h.kind = 'idea' AND h.row = i.id) AS hub_seq
FROM ideas AS i;

DROP VIEW audit_log;
CREATE VIEW audit_log AS
SELECT a.session AS session, a.at AS at, a.actor AS actor, a.action AS action,
       a.step AS step, a.target AS target, a.detail AS detail, a.id AS action_row, h.seq AS hub_seq
FROM actions AS a LEFT JOIN hub_rows AS h ON h.kind = 'action' AND h.row = a.id
ORDER BY a.session, h.seq IS NULL, h.seq, a.id;
)sql";

const Migration all[] = {
    {1, v1},
    {2, v2_session_pictures},
    {3, v3_hub},
};

}  // namespace

std::span<const Migration> migrations() { return all; }

}  // namespace workshop::schema
