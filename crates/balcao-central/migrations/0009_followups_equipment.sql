-- Schema version 9: the follow-ups of pending services and the counters' start-of-day checks (issue 16).
--
-- Counters send three new record kinds: `followup.opened` and `followup.closed` (a service line ended
-- "pendente" and the mediator follows it up until its result) and `daycheck.ran` (a counter's equipment
-- check). Like attendances and payments, what the statistics need is derived when a record is first
-- stored, in its transaction, so a replay never counts twice. No older server stored these kinds (it
-- refused them as unknown), so there is nothing to derive from the records already held.

-- A follow-up opened, keyed by its spot and id: the first opening record wins.
CREATE TABLE stat_followups (
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    followup_id TEXT NOT NULL,
    record_id   UUID NOT NULL REFERENCES records (id),
    due_on      DATE NOT NULL,
    PRIMARY KEY (spot_code, followup_id)
);

-- A follow-up closed. It counts as closed whether or not its opening arrived, before or after.
CREATE TABLE stat_followup_closures (
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    followup_id TEXT NOT NULL,
    record_id   UUID NOT NULL REFERENCES records (id),
    outcome     TEXT NOT NULL,
    PRIMARY KEY (spot_code, followup_id)
);

-- The latest start-of-day check of each counter (by the check's own time, then record id); every
-- check stays in `records`. `failing` is the items that warned or failed: [{"check", "status"}].
CREATE TABLE stat_equipment (
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    counter     TEXT NOT NULL,
    record_id   UUID NOT NULL REFERENCES records (id),
    at          BIGINT NOT NULL,
    worst       TEXT NOT NULL CHECK (worst IN ('fail', 'warn', 'ok', 'skipped')),
    failing     JSONB NOT NULL,
    PRIMARY KEY (spot_code, counter)
);
