-- Schema version 7: the mediators' accounts, as pulled from the central server (issue 13).
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- Only hashes are here (argon2id PHC strings, and the SHA-256 of a pending activation code), so a
-- copied file reveals no password. The failure count is the counter's own (the throttle), reset by a
-- success, by a supervisor's unlock here, or by an unlock at the central that is newer than the last
-- failure. A password set on this counter (activation) is kept against an older one from the central.

CREATE TABLE accounts (
    id                    TEXT    NOT NULL PRIMARY KEY,   -- the central's id
    login                 TEXT    NOT NULL UNIQUE,
    name                  TEXT    NOT NULL,
    role                  TEXT    NOT NULL CHECK (role IN ('mediador', 'supervisor', 'tecnico')),
    password_hash         TEXT,                           -- NULL until activated
    pin_hash              TEXT,
    password_set_at       INTEGER,                        -- when the password was set, wherever
    activation_code_hash  TEXT,                           -- while not activated
    activation_expires_at INTEGER,
    disabled              INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    unlocked_at           INTEGER,                        -- the central's last unlock
    central_version       INTEGER NOT NULL,               -- the central's updated_at, for the next pull
    failures              INTEGER NOT NULL DEFAULT 0,
    last_failure_at       INTEGER NOT NULL DEFAULT 0
) STRICT;
