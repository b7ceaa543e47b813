-- Schema version 8: the citizen's identification is sealed at rest and erased some days after the
-- attendance (issue 14).
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- The identity columns keep their names and type: with the counter's key (`balcao-vault`, in the OS
-- keyring) they hold `sealed:v1:…` text, sealed by the store as it writes and, for rows written
-- before, when the key is first given (`Store::set_vault`). `nif_hash` and `cc_hash` are keyed
-- hashes of the NIF and card number, so a supervisor can find a citizen's attendances without the
-- numbers being readable in the file.
--
-- `purged_at` marks an attendance whose identity fields and free text were erased (`purge.rs`): the
-- purge finds the next ones through the partial index, and a re-run after a crash skips those done.
-- A quarantined record stays forever, as the audit requires, but its personal values may be erased
-- once: the trigger that refused every change now allows exactly that (the payload, with `purged_at`
-- set for the first time, and nothing else).

ALTER TABLE attendances ADD COLUMN purged_at INTEGER;
ALTER TABLE attendances ADD COLUMN nif_hash TEXT;
ALTER TABLE attendances ADD COLUMN cc_hash TEXT;
CREATE INDEX attendances_nif_hash ON attendances (nif_hash) WHERE nif_hash IS NOT NULL;
CREATE INDEX attendances_cc_hash ON attendances (cc_hash) WHERE cc_hash IS NOT NULL;
CREATE INDEX attendances_to_purge ON attendances (ended_at)
    WHERE purged_at IS NULL AND ended_at IS NOT NULL;

ALTER TABLE quarantine ADD COLUMN purged_at INTEGER;
DROP TRIGGER quarantine_no_update;
CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine
WHEN NOT (OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL
          AND NEW.seq = OLD.seq AND NEW.record_id = OLD.record_id AND NEW.kind = OLD.kind
          AND NEW.attendance_id = OLD.attendance_id AND NEW.created_at = OLD.created_at
          AND NEW.attempts = OLD.attempts AND NEW.last_error IS OLD.last_error
          AND NEW.reason = OLD.reason AND NEW.quarantined_at = OLD.quarantined_at)
BEGIN SELECT RAISE(ABORT, 'balcao: a quarantined record is never changed, except its personal values erased once'); END;
