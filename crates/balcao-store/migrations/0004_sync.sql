-- Schema version 4: the sync worker's quarantine and its state (enrollment, last sync, cached catalogue).
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- A record the central server refuses (`rejected`, or refused alone with a 4xx) is moved, whole, from the
-- outbox to the quarantine in one transaction: it is never retried and never deleted, so IT support can
-- always see what the counter recorded and why the agency did not take it. No record is ever in both.

CREATE TABLE quarantine (
    seq            INTEGER NOT NULL PRIMARY KEY,  -- the outbox row's seq, kept
    record_id      TEXT    NOT NULL UNIQUE,       -- the outbox row's UUIDv7
    kind           TEXT    NOT NULL,
    attendance_id  TEXT    NOT NULL,              -- the group id: attendance, or cash session
    payload        TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    attempts       INTEGER NOT NULL,
    last_error     TEXT,
    reason         TEXT    NOT NULL,              -- why the server refused it (`conflict`, `invalid`, …)
    quarantined_at INTEGER NOT NULL
) STRICT;

CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine
BEGIN SELECT RAISE(ABORT, 'balcao: a quarantined record is never deleted'); END;
CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine
BEGIN SELECT RAISE(ABORT, 'balcao: a quarantined record is never changed'); END;
-- A record enters the quarantine only once it has left the outbox (the move deletes first), and never
-- comes back: the two tables never share a record id.
CREATE TRIGGER quarantine_not_in_outbox BEFORE INSERT ON quarantine
WHEN EXISTS (SELECT 1 FROM outbox WHERE record_id = NEW.record_id)
BEGIN SELECT RAISE(ABORT, 'balcao: a record is in the outbox or in the quarantine, never both'); END;
CREATE TRIGGER outbox_not_in_quarantine BEFORE INSERT ON outbox
WHEN EXISTS (SELECT 1 FROM quarantine WHERE record_id = NEW.record_id)
BEGIN SELECT RAISE(ABORT, 'balcao: a record is in the outbox or in the quarantine, never both'); END;

-- The sync worker's state: exactly one row. The device token is NOT here: it lives in the operating
-- system's keyring, never in this file.
CREATE TABLE sync_state (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    central_url         TEXT,                     -- the server the counter enrolled with
    device_id           TEXT,                     -- the id the server gave the device
    spot                TEXT,                     -- the spot the enrollment is bound to
    enrolled_at         INTEGER,
    last_success_at     INTEGER,                  -- the last time the server answered a sync
    last_error          TEXT,                     -- the message id of the last failure, NULL after a success
    catalogue_payload   BLOB,                     -- the signed bundle's payload bytes, as received
    catalogue_signature BLOB,                     -- its Ed25519 signature (64 bytes)
    catalogue_sequence  INTEGER,
    catalogue_etag      TEXT,
    catalogue_fetched_at INTEGER,
    CHECK ((catalogue_payload IS NULL) = (catalogue_signature IS NULL)
       AND (catalogue_payload IS NULL) = (catalogue_sequence IS NULL)
       AND (catalogue_payload IS NULL) = (catalogue_fetched_at IS NULL))
) STRICT;

INSERT INTO sync_state (id) VALUES (1);

CREATE TRIGGER sync_state_no_delete BEFORE DELETE ON sync_state
BEGIN SELECT RAISE(ABORT, 'balcao: the sync state row is never deleted'); END;
