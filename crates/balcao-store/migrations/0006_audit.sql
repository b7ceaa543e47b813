-- Schema version 6: the tamper-evident audit trail (issue 13).
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- One row per action that changed a record, appended in the same transaction as the record and its
-- outbox row. Each row is chained to the one before (`prev_hash`) and signed with the device key kept
-- in the OS keyring (`balcao-audit`); the triggers below stop honest mistakes, the chain and the
-- signatures catch everything else at the central server.

CREATE TABLE audit_log (
    seq          INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
    prev_hash    BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    at           INTEGER NOT NULL,                -- milliseconds since the epoch, UTC
    mediator     TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    record_ids   TEXT    NOT NULL,                -- a JSON array of strings
    payload_hash BLOB    NOT NULL CHECK (length(payload_hash) = 32),
    signature    BLOB    CHECK (signature IS NULL OR length(signature) = 64),  -- NULL: no device key
    hash         BLOB    NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'balcao: an audit entry is never deleted'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'balcao: an audit entry is never changed'); END;

-- How far the sync worker has sent the log, and the public key the entries were last signed with.
CREATE TABLE audit_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    sent_seq    INTEGER NOT NULL DEFAULT 0,
    public_key  TEXT
) STRICT;

INSERT INTO audit_state (id) VALUES (1);
