-- Schema version 3: the counters' audit trails (issue 13).
--
-- Each device signs its audit entries with an Ed25519 key whose public half it registers at
-- enrolment (or, for a device enrolled before this version, with its first upload). The server keeps
-- each device's verified chain, and keeps everything that does not verify as an alert, with the entry
-- itself: nothing a counter sends is ever dropped, and the coordination sees which spots to look at.

ALTER TABLE devices ADD COLUMN audit_public_key TEXT;

-- The verified chain of each device, one row per entry, never updated.
CREATE TABLE audit_entries (
    device_id   UUID   NOT NULL REFERENCES devices (id),
    seq         BIGINT NOT NULL CHECK (seq >= 1),
    hash        BYTEA  NOT NULL,
    entry       JSONB  NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

-- Each device's head: the last verified entry, and the last checkpoint it signed.
CREATE TABLE audit_heads (
    device_id       UUID   PRIMARY KEY REFERENCES devices (id),
    seq             BIGINT NOT NULL,
    hash            BYTEA  NOT NULL,
    checkpoint_seq  BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL
);

-- What did not verify, and why: a changed, missing, reordered or forged entry, a rolled-back log,
-- a record that differs from its entry, a gap in a receipt series. One row per finding.
CREATE TABLE audit_alerts (
    id          BIGSERIAL PRIMARY KEY,
    device_id   UUID   NOT NULL REFERENCES devices (id),
    spot_code   TEXT   NOT NULL REFERENCES spots (code),
    kind        TEXT   NOT NULL,
    seq         BIGINT,            -- the entry or checkpoint concerned, when there is one
    detail      TEXT   NOT NULL,   -- one line for the coordination
    entry       JSONB,             -- the entry as received, kept whole
    created_at  BIGINT NOT NULL
);
CREATE INDEX audit_alerts_spot ON audit_alerts (spot_code, id);
