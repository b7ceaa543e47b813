-- Schema version 9: follow-ups of services left pendente, and the start-of-day check (issue 16).
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- A follow-up belongs to one service line that ended *pendente*; what is awaited stays in that line's
-- outcome (sealed and purged with the attendance), so this table holds no free text and no identity:
-- only when the result is due, how the citizen wants to be told, and how it ended. A line has at most
-- one follow-up. `linked_attendance_id` and `linked_line` name the line of the citizen's return visit
-- whose final outcome closes it.
--
-- `day_checks` keeps each start-of-day check's report (JSON, technical facts only), so the app knows
-- whether today's was run and can show the last one.

CREATE TABLE followups (
    id                   TEXT PRIMARY KEY,
    attendance_id        TEXT NOT NULL REFERENCES attendances (id),
    line                 INTEGER NOT NULL,
    service_id           TEXT NOT NULL,
    due_on               TEXT NOT NULL,
    notify               TEXT NOT NULL CHECK (notify IN ('phone', 'email', 'return')),
    opened_at            INTEGER NOT NULL,
    closed_at            INTEGER,
    outcome              TEXT,
    linked_attendance_id TEXT REFERENCES attendances (id),
    linked_line          INTEGER,
    UNIQUE (attendance_id, line),
    CHECK ((closed_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX followups_open ON followups (due_on) WHERE closed_at IS NULL;
CREATE INDEX followups_linked ON followups (linked_attendance_id, linked_line)
    WHERE linked_attendance_id IS NOT NULL;

CREATE TABLE day_checks (
    id      TEXT PRIMARY KEY,
    counter TEXT NOT NULL,
    at      INTEGER NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('day-start', 'on-demand')),
    report  TEXT NOT NULL
);
CREATE INDEX day_checks_latest ON day_checks (counter, at);
