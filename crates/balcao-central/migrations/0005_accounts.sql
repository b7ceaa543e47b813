-- Schema version 5: mediator accounts (issue 13).
--
-- Created by the coordination (`balcao-central account create`) with a role and the spots the person
-- works at, and a one-time activation code (its SHA-256 only). The person sets their password at the
-- first login on a counter; the counter sends back the argon2id hashes (never the password), which the
-- other counters of the spot then pull. `updated_at` orders the pulls; every change moves it on.

CREATE TABLE accounts (
    id                    UUID    PRIMARY KEY,
    login                 TEXT    NOT NULL UNIQUE,
    name                  TEXT    NOT NULL,
    role                  TEXT    NOT NULL CHECK (role IN ('mediador', 'supervisor', 'tecnico')),
    password_hash         TEXT,
    pin_hash              TEXT,
    password_set_at       BIGINT,
    activation_code_hash  TEXT,
    activation_expires_at BIGINT,
    disabled_at           BIGINT,
    unlocked_at           BIGINT,
    created_at            BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL
);
CREATE INDEX accounts_updated ON accounts (updated_at);

CREATE TABLE account_spots (
    account_id UUID NOT NULL REFERENCES accounts (id),
    spot_code  TEXT NOT NULL REFERENCES spots (code),
    PRIMARY KEY (account_id, spot_code)
);
CREATE INDEX account_spots_spot ON account_spots (spot_code);
