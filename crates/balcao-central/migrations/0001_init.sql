-- The central server's first schema: who may talk to it, what counters sent, and what is counted.
-- Times are UTC milliseconds since the Unix epoch (BIGINT), like the records themselves.

-- An Espaço do Cidadão. `code` is the spot code a counter is configured with (`EC-0420`).
CREATE TABLE spots (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- A counter PC, enrolled once with a code; it holds a token bound to its spot. Only the SHA-256 of the
-- token is kept, so a copy of the database does not let anyone upload records.
CREATE TABLE devices (
    id          UUID PRIMARY KEY,
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    name        TEXT NOT NULL,
    token_hash  BYTEA NOT NULL UNIQUE,
    enrolled_at BIGINT NOT NULL,
    revoked_at  BIGINT
);

-- One-time enrollment codes, hashed like tokens. `used_at` is set by the enrollment that consumes it.
CREATE TABLE enrollment_codes (
    code_hash   BYTEA PRIMARY KEY,
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    device_id   UUID REFERENCES devices (id)
);

-- Coordinators read statistics for every spot; they never upload.
CREATE TABLE coordinators (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    token_hash  BYTEA NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

-- The mediators of each spot (no passwords: counters identify mediators by their configuration).
CREATE TABLE mediators (
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    login       TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (spot_code, login)
);

-- Every record a counter sent, kept forever, keyed by the id the counter made. A replay finds its id
-- here and is acknowledged without changing anything.
CREATE TABLE records (
    id          UUID PRIMARY KEY,
    kind        TEXT NOT NULL,
    spot_code   TEXT NOT NULL REFERENCES spots (code),
    group_id    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    payload     JSONB NOT NULL,
    received_at BIGINT NOT NULL,
    device_id   UUID NOT NULL REFERENCES devices (id)
);
CREATE INDEX records_spot_kind ON records (spot_code, kind);

-- Derived from `attendance.ended` records when they are first stored: one row per attendance (keyed by
-- the attendance id, so even two different "ended" records of one attendance count once) and one per
-- service line, with the entity the catalogue gave the service when the record arrived.
CREATE TABLE stat_attendances (
    attendance_id TEXT PRIMARY KEY,
    record_id     UUID NOT NULL REFERENCES records (id),
    spot_code     TEXT NOT NULL,
    day           DATE NOT NULL
);
CREATE INDEX stat_attendances_day ON stat_attendances (day);

CREATE TABLE stat_lines (
    attendance_id TEXT NOT NULL REFERENCES stat_attendances (attendance_id),
    line_no       INTEGER NOT NULL,
    service_id    TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    PRIMARY KEY (attendance_id, line_no)
);

-- Derived from `cash.payment` and `cash.cancellation` records, keyed by the payment id. A payment
-- counts unless a cancellation for it exists, whichever arrived first.
CREATE TABLE stat_payments (
    payment_id      TEXT PRIMARY KEY,
    record_id       UUID NOT NULL REFERENCES records (id),
    spot_code       TEXT NOT NULL,
    day             DATE NOT NULL,
    service_id      TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    collected_cents BIGINT NOT NULL
);
CREATE INDEX stat_payments_day ON stat_payments (day);

CREATE TABLE stat_cancellations (
    payment_id  TEXT PRIMARY KEY,
    record_id   UUID NOT NULL REFERENCES records (id)
);

-- Every catalogue bundle the server signed. The payload bytes are kept exactly, so the same sequence
-- always means the same bytes (and the same ETag); `content_hash` tells whether the folder changed.
CREATE TABLE catalogue_bundles (
    sequence     BIGINT PRIMARY KEY,
    content_hash BYTEA NOT NULL,
    version      TEXT NOT NULL,
    issued_at    BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    payload      BYTEA NOT NULL
);
