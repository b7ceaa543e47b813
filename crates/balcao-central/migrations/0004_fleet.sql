-- Schema version 4: fleet control (issue 13).
--
-- Each device's last contact and what it runs, so the coordination sees which counters are silent or
-- out of date; why a device was revoked, so the counter can say it; and revocable coordinator tokens.

ALTER TABLE devices
    ADD COLUMN last_seen_at       BIGINT,
    ADD COLUMN app_version        TEXT,
    ADD COLUMN catalogue_sequence BIGINT,
    ADD COLUMN revoked_reason     TEXT;

ALTER TABLE coordinators ADD COLUMN revoked_at BIGINT;
