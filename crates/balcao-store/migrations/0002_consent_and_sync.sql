-- Schema version 2: the citizen's consent, and bookkeeping for the sync worker.
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.

-- When the citizen agreed to give identification data; NULL when not asked or declined.
ALTER TABLE attendances ADD COLUMN consent_at INTEGER;

-- How many times the sync worker tried to send a record, and why the last try failed.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
