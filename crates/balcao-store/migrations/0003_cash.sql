-- Schema version 3: EC-FI, the fees collected at the counter: cash sessions, payments, cancellations,
-- closings, and the gapless receipt series.
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- The accounting rules are enforced here, by the database, and not only by the program: a payment or a
-- cancellation is never updated or deleted, a closed session never changes again, and nothing is added
-- to a closed session. A bug, or a hand edit with the sqlite3 tool, hits the same wall.

-- A counter's cash session: opened with a float, closed once with the counted amounts.
CREATE TABLE cash_sessions (
    id             TEXT    PRIMARY KEY,                   -- UUIDv7
    spot           TEXT    NOT NULL,
    counter        TEXT    NOT NULL,
    mediator       TEXT    NOT NULL,
    opened_at      INTEGER NOT NULL,
    opening_float  INTEGER NOT NULL CHECK (opening_float >= 0),   -- cents
    closed_at      INTEGER,
    closing_number TEXT    UNIQUE,
    closing        TEXT,                                  -- JSON: expected, counted, difference, reason
    CHECK ((closed_at IS NULL) = (closing_number IS NULL) AND (closed_at IS NULL) = (closing IS NULL))
) STRICT;

-- One open session per counter.
CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions (spot, counter) WHERE closed_at IS NULL;

-- The last number used in each gapless series (receipts, closings), per counter and year. A number is
-- taken in the same transaction as the document it numbers: both commit, or neither does.
CREATE TABLE number_series (
    spot    TEXT    NOT NULL,
    counter TEXT    NOT NULL,
    year    INTEGER NOT NULL,
    series  TEXT    NOT NULL CHECK (series IN ('receipt', 'closing')),
    last    INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (spot, counter, year, series)
) STRICT;

CREATE TABLE payments (
    id             TEXT    PRIMARY KEY,                   -- UUIDv7
    session_id     TEXT    NOT NULL REFERENCES cash_sessions (id),
    attendance_id  TEXT    NOT NULL REFERENCES attendances (id),
    line           INTEGER NOT NULL,
    service_id     TEXT    NOT NULL,
    entity_id      TEXT    NOT NULL,
    variant        TEXT    NOT NULL,
    fee            INTEGER NOT NULL CHECK (fee >= 0),
    collected      INTEGER NOT NULL CHECK (collected >= 0),
    change_given   INTEGER NOT NULL CHECK (change_given >= 0),
    method         TEXT    NOT NULL CHECK (method IN ('cash', 'card', 'mb-way', 'exempt')),
    method_detail  TEXT    NOT NULL,                      -- JSON of the core's PaymentMethod
    receipt_year   INTEGER NOT NULL,
    receipt_seq    INTEGER NOT NULL,
    receipt_number TEXT    NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE cancellations (
    id             TEXT    PRIMARY KEY,                   -- UUIDv7
    payment_id     TEXT    NOT NULL UNIQUE REFERENCES payments (id),
    session_id     TEXT    NOT NULL REFERENCES cash_sessions (id),
    reason         TEXT    NOT NULL CHECK (length(trim(reason)) >= 3),
    receipt_year   INTEGER NOT NULL,
    receipt_seq    INTEGER NOT NULL,
    receipt_number TEXT    NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TRIGGER payments_immutable_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'balcao: a payment is never changed; cancel it with a reason'); END;
CREATE TRIGGER payments_immutable_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'balcao: a payment is never deleted; cancel it with a reason'); END;
CREATE TRIGGER cancellations_immutable_update BEFORE UPDATE ON cancellations
BEGIN SELECT RAISE(ABORT, 'balcao: a cancellation is never changed'); END;
CREATE TRIGGER cancellations_immutable_delete BEFORE DELETE ON cancellations
BEGIN SELECT RAISE(ABORT, 'balcao: a cancellation is never deleted'); END;
CREATE TRIGGER cash_sessions_no_delete BEFORE DELETE ON cash_sessions
BEGIN SELECT RAISE(ABORT, 'balcao: a cash session is never deleted'); END;
CREATE TRIGGER cash_sessions_closed_is_final BEFORE UPDATE ON cash_sessions
WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'balcao: a closed cash session is final'); END;
CREATE TRIGGER cash_sessions_only_closing BEFORE UPDATE ON cash_sessions
WHEN NEW.id IS NOT OLD.id OR NEW.spot IS NOT OLD.spot OR NEW.counter IS NOT OLD.counter
  OR NEW.mediator IS NOT OLD.mediator OR NEW.opened_at IS NOT OLD.opened_at
  OR NEW.opening_float IS NOT OLD.opening_float
BEGIN SELECT RAISE(ABORT, 'balcao: an open cash session changes only by being closed'); END;
CREATE TRIGGER payments_need_open_session BEFORE INSERT ON payments
WHEN (SELECT closed_at FROM cash_sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'balcao: the cash session is closed'); END;
CREATE TRIGGER cancellations_need_open_session BEFORE INSERT ON cancellations
WHEN (SELECT closed_at FROM cash_sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'balcao: the cash session is closed'); END;
