-- Schema version 11: the coordination's web side (issue 15): the citizens' survey answers, the facts
-- the dashboard shows that the statistics did not keep, the rollup tables it reads, the catalogue's
-- names, and coordinators' passwords and browser sessions.

-- An integral JSON number as a bigint, or NULL for anything else (a record the server kept but did not
-- need to read this field of must not make the migration fail).
CREATE FUNCTION balcao_ms(value jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'number' AND (value #>> '{}') ~ '^-?[0-9]{1,18}$'
                THEN (value #>> '{}')::bigint END
$$;

-- The stripe of a spot's rows in the network's rollups. Every counter adds to the same day's network rows,
-- and a transaction holds such a row from its upsert to its commit: with one row per day, 900 counters
-- syncing at once (after an outage, say) queued behind each other. Sixteen stripes per key spread them;
-- readers sum the stripes, so any function that is the same for a spot's rows would do. Stripe -1 holds
-- what `balcao_fold_stripes` folded of past days, so that a year's page reads one row per key, not 16.
CREATE FUNCTION balcao_stripe(spot_code text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
    SELECT (hashtext(spot_code) & 15)::smallint
$$;

-- The names of the served catalogue's entities and services, written each time a catalogue is prepared,
-- so pages show "IRN — Cartão de Cidadão" rather than slugs, and the expected time of each service.
CREATE TABLE catalogue_entities (
    id      TEXT PRIMARY KEY,
    acronym TEXT NOT NULL,
    name_pt TEXT NOT NULL,
    name_en TEXT NOT NULL
);
CREATE TABLE catalogue_services (
    id               TEXT PRIMARY KEY,
    entity_id        TEXT NOT NULL,
    name_pt          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL
);

-- What an ended attendance adds to the statistics beyond its day: the counter that sent it and the
-- end time (the survey ticket's key), when it started, the hour it started on the spot's clock, and
-- the mediator's login; each line's outcome kind and how long it took.
ALTER TABLE stat_attendances
    ADD COLUMN device_id  UUID,
    ADD COLUMN started_at BIGINT,
    ADD COLUMN ended_at   BIGINT,
    ADD COLUMN hour       SMALLINT,
    ADD COLUMN mediator   TEXT;
ALTER TABLE stat_lines
    ADD COLUMN outcome     TEXT,
    ADD COLUMN duration_ms BIGINT;

UPDATE stat_attendances s
   SET device_id = r.device_id,
       started_at = balcao_ms(r.payload -> 'started_at'),
       ended_at = balcao_ms(r.payload -> 'ended_at'),
       mediator = r.payload -> 'origin' ->> 'mediator'
  FROM records r
 WHERE r.id = s.record_id;
UPDATE stat_attendances s
   SET hour = extract(hour FROM to_timestamp(COALESCE(s.started_at, s.ended_at) / 1000.0)
                                AT TIME ZONE sp.time_zone)
  FROM spots sp
 WHERE sp.code = s.spot_code AND COALESCE(s.started_at, s.ended_at) IS NOT NULL;
UPDATE stat_lines l
   SET outcome = r.payload -> 'lines' -> l.line_no -> 'outcome' ->> 'kind',
       duration_ms = balcao_ms(r.payload -> 'lines' -> l.line_no -> 'ended_at')
                   - balcao_ms(r.payload -> 'lines' -> l.line_no -> 'started_at')
  FROM stat_attendances s JOIN records r ON r.id = s.record_id
 WHERE s.attendance_id = l.attendance_id;

CREATE INDEX stat_attendances_spot_day ON stat_attendances (spot_code, day);
CREATE INDEX stat_attendances_ticket ON stat_attendances (device_id, ended_at);

-- One answer per survey ticket, keyed by the ticket's (device, end time), which is also how it joins
-- its attendance once that record arrives. `day` is the attendance's day on the spot's clock.
CREATE TABLE survey_answers (
    device_id    UUID NOT NULL,
    ended_at     BIGINT NOT NULL,
    spot_code    TEXT NOT NULL,
    day          DATE NOT NULL,
    answered_at  BIGINT NOT NULL,
    satisfaction SMALLINT NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    done         TEXT NOT NULL CHECK (done IN ('yes', 'partly', 'no')),
    alone        TEXT NOT NULL CHECK (alone IN ('yes', 'unsure', 'no')),
    comment      TEXT CHECK (char_length(comment) <= 500),
    PRIMARY KEY (device_id, ended_at)
);
CREATE INDEX survey_answers_spot_day ON survey_answers (spot_code, day);

-- The rollups the dashboard reads, kept by the statement triggers below in the transaction that adds
-- the rows, so a page never scans a year of attendances. Per spot and day; per spot, day and service;
-- per day and service for the whole network; per day and hour for the whole network; the survey per
-- spot and day.
CREATE TABLE roll_day (
    day               DATE NOT NULL,
    spot_code         TEXT NOT NULL,
    attendances       BIGINT NOT NULL DEFAULT 0,
    duration_ms_sum   BIGINT NOT NULL DEFAULT 0,
    duration_n        BIGINT NOT NULL DEFAULT 0,
    lines             BIGINT NOT NULL DEFAULT 0,
    concluido         BIGINT NOT NULL DEFAULT 0,
    pendente          BIGINT NOT NULL DEFAULT 0,
    encaminhado       BIGINT NOT NULL DEFAULT 0,
    nao_foi_possivel  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, spot_code)
);
CREATE INDEX roll_day_spot ON roll_day (spot_code, day);

CREATE TABLE roll_service (
    day               DATE NOT NULL,
    spot_code         TEXT NOT NULL,
    service_id        TEXT NOT NULL,
    entity_id         TEXT NOT NULL,
    lines             BIGINT NOT NULL DEFAULT 0,
    concluido         BIGINT NOT NULL DEFAULT 0,
    pendente          BIGINT NOT NULL DEFAULT 0,
    encaminhado       BIGINT NOT NULL DEFAULT 0,
    nao_foi_possivel  BIGINT NOT NULL DEFAULT 0,
    line_ms_sum       BIGINT NOT NULL DEFAULT 0,
    line_n            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, spot_code, service_id)
);
CREATE INDEX roll_service_spot ON roll_service (spot_code, day);

CREATE TABLE roll_net_service (
    day               DATE NOT NULL,
    service_id        TEXT NOT NULL,
    entity_id         TEXT NOT NULL,
    lines             BIGINT NOT NULL DEFAULT 0,
    concluido         BIGINT NOT NULL DEFAULT 0,
    pendente          BIGINT NOT NULL DEFAULT 0,
    encaminhado       BIGINT NOT NULL DEFAULT 0,
    nao_foi_possivel  BIGINT NOT NULL DEFAULT 0,
    line_ms_sum       BIGINT NOT NULL DEFAULT 0,
    line_n            BIGINT NOT NULL DEFAULT 0,
    stripe            SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, service_id, stripe)
);
CREATE INDEX roll_net_service_service ON roll_net_service (service_id, day);

CREATE TABLE roll_net_hour (
    day         DATE NOT NULL,
    hour        SMALLINT NOT NULL,
    attendances BIGINT NOT NULL DEFAULT 0,
    stripe      SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, hour, stripe)
);

CREATE TABLE roll_survey (
    day           DATE NOT NULL,
    spot_code     TEXT NOT NULL,
    answers       BIGINT NOT NULL DEFAULT 0,
    satisfaction  BIGINT NOT NULL DEFAULT 0,
    done_yes      BIGINT NOT NULL DEFAULT 0,
    done_partly   BIGINT NOT NULL DEFAULT 0,
    done_no       BIGINT NOT NULL DEFAULT 0,
    alone_yes     BIGINT NOT NULL DEFAULT 0,
    alone_unsure  BIGINT NOT NULL DEFAULT 0,
    alone_no      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, spot_code)
);
CREATE INDEX roll_survey_spot ON roll_survey (spot_code, day);

-- Per month (`month` is its first day): what a range of a year reads in whole months, with the days at
-- either end from the daily tables, so "by spot over a year" adds up 10 800 rows, not 330 000.
CREATE TABLE roll_month (
    month             DATE NOT NULL,
    spot_code         TEXT NOT NULL,
    attendances       BIGINT NOT NULL DEFAULT 0,
    duration_ms_sum   BIGINT NOT NULL DEFAULT 0,
    duration_n        BIGINT NOT NULL DEFAULT 0,
    lines             BIGINT NOT NULL DEFAULT 0,
    concluido         BIGINT NOT NULL DEFAULT 0,
    pendente          BIGINT NOT NULL DEFAULT 0,
    encaminhado       BIGINT NOT NULL DEFAULT 0,
    nao_foi_possivel  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, spot_code)
);
CREATE TABLE roll_entity_month (
    month             DATE NOT NULL,
    spot_code         TEXT NOT NULL,
    entity_id         TEXT NOT NULL,
    lines             BIGINT NOT NULL DEFAULT 0,
    concluido         BIGINT NOT NULL DEFAULT 0,
    pendente          BIGINT NOT NULL DEFAULT 0,
    encaminhado       BIGINT NOT NULL DEFAULT 0,
    nao_foi_possivel  BIGINT NOT NULL DEFAULT 0,
    line_ms_sum       BIGINT NOT NULL DEFAULT 0,
    line_n            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, spot_code, entity_id)
);
CREATE INDEX roll_entity_month_entity ON roll_entity_month (entity_id, month);
CREATE TABLE roll_survey_month (
    month         DATE NOT NULL,
    spot_code     TEXT NOT NULL,
    answers       BIGINT NOT NULL DEFAULT 0,
    satisfaction  BIGINT NOT NULL DEFAULT 0,
    done_yes      BIGINT NOT NULL DEFAULT 0,
    done_partly   BIGINT NOT NULL DEFAULT 0,
    done_no       BIGINT NOT NULL DEFAULT 0,
    alone_yes     BIGINT NOT NULL DEFAULT 0,
    alone_unsure  BIGINT NOT NULL DEFAULT 0,
    alone_no      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, spot_code)
);
-- The whole network per day, for the chart over time.
CREATE TABLE roll_net_day (
    day               DATE NOT NULL,
    attendances       BIGINT NOT NULL DEFAULT 0,
    duration_ms_sum   BIGINT NOT NULL DEFAULT 0,
    duration_n        BIGINT NOT NULL DEFAULT 0,
    lines             BIGINT NOT NULL DEFAULT 0,
    concluido         BIGINT NOT NULL DEFAULT 0,
    pendente          BIGINT NOT NULL DEFAULT 0,
    encaminhado       BIGINT NOT NULL DEFAULT 0,
    nao_foi_possivel  BIGINT NOT NULL DEFAULT 0,
    stripe            SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, stripe)
);
-- The till of the whole network per day and entity: payments not cancelled, whichever came first.
CREATE TABLE roll_net_till (
    day        DATE NOT NULL,
    entity_id  TEXT NOT NULL,
    payments   BIGINT NOT NULL DEFAULT 0,
    cents      BIGINT NOT NULL DEFAULT 0,
    stripe     SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, entity_id, stripe)
);
-- Each answer with the entities and the services of its attendance, once both have arrived, for the
-- satisfaction of one entity's or one service's citizens.
CREATE TABLE survey_by_entity (
    device_id     UUID NOT NULL,
    ended_at      BIGINT NOT NULL,
    entity_id     TEXT NOT NULL,
    spot_code     TEXT NOT NULL,
    day           DATE NOT NULL,
    satisfaction  SMALLINT NOT NULL,
    done          TEXT NOT NULL,
    alone         TEXT NOT NULL,
    PRIMARY KEY (device_id, ended_at, entity_id)
);
CREATE INDEX survey_by_entity_entity ON survey_by_entity (entity_id, day);
CREATE TABLE survey_by_service (
    device_id     UUID NOT NULL,
    ended_at      BIGINT NOT NULL,
    service_id    TEXT NOT NULL,
    spot_code     TEXT NOT NULL,
    day           DATE NOT NULL,
    satisfaction  SMALLINT NOT NULL,
    done          TEXT NOT NULL,
    alone         TEXT NOT NULL,
    PRIMARY KEY (device_id, ended_at, service_id)
);
CREATE INDEX survey_by_service_service ON survey_by_service (service_id, day);
CREATE INDEX roll_service_entity ON roll_service (entity_id, day);
CREATE INDEX roll_service_service ON roll_service (service_id, day);
CREATE INDEX stat_payments_spot_day ON stat_payments (spot_code, day);
CREATE INDEX stat_payments_service_day ON stat_payments (service_id, day);

-- Attendances: counted per spot and day, and per hour for the network. Rows are added in key order so
-- two transactions adding to the same rows wait for each other rather than deadlock.
CREATE FUNCTION roll_attendances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roll_day AS r (day, spot_code, attendances, duration_ms_sum, duration_n)
    SELECT day, spot_code, count(*),
           COALESCE(sum(ended_at - started_at) FILTER (WHERE ended_at >= started_at), 0),
           count(*) FILTER (WHERE ended_at >= started_at)
      FROM new_rows GROUP BY day, spot_code ORDER BY day, spot_code
    ON CONFLICT (day, spot_code) DO UPDATE
       SET attendances = r.attendances + excluded.attendances,
           duration_ms_sum = r.duration_ms_sum + excluded.duration_ms_sum,
           duration_n = r.duration_n + excluded.duration_n;
    INSERT INTO roll_month AS r (month, spot_code, attendances, duration_ms_sum, duration_n)
    SELECT date_trunc('month', day)::date, spot_code, count(*),
           COALESCE(sum(ended_at - started_at) FILTER (WHERE ended_at >= started_at), 0),
           count(*) FILTER (WHERE ended_at >= started_at)
      FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (month, spot_code) DO UPDATE
       SET attendances = r.attendances + excluded.attendances,
           duration_ms_sum = r.duration_ms_sum + excluded.duration_ms_sum,
           duration_n = r.duration_n + excluded.duration_n;
    INSERT INTO roll_net_day AS r (day, stripe, attendances, duration_ms_sum, duration_n)
    SELECT day, balcao_stripe(spot_code), count(*),
           COALESCE(sum(ended_at - started_at) FILTER (WHERE ended_at >= started_at), 0),
           count(*) FILTER (WHERE ended_at >= started_at)
      FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, stripe) DO UPDATE
       SET attendances = r.attendances + excluded.attendances,
           duration_ms_sum = r.duration_ms_sum + excluded.duration_ms_sum,
           duration_n = r.duration_n + excluded.duration_n;
    INSERT INTO roll_net_hour AS r (day, hour, stripe, attendances)
    SELECT day, hour, balcao_stripe(spot_code), count(*) FROM new_rows WHERE hour IS NOT NULL
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, hour, stripe) DO UPDATE SET attendances = r.attendances + excluded.attendances;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stat_attendances_roll AFTER INSERT ON stat_attendances
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roll_attendances();

-- Lines: their outcomes per spot and day, per spot, day and service, and per day and service.
CREATE FUNCTION roll_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH l AS (SELECT a.day, a.spot_code, n.service_id, n.entity_id, n.outcome,
                      CASE WHEN n.duration_ms >= 0 THEN n.duration_ms END AS duration_ms
                 FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id)
    INSERT INTO roll_day AS r (day, spot_code, lines, concluido, pendente, encaminhado, nao_foi_possivel)
    SELECT day, spot_code, count(*),
           count(*) FILTER (WHERE outcome = 'concluido'), count(*) FILTER (WHERE outcome = 'pendente'),
           count(*) FILTER (WHERE outcome = 'encaminhado'),
           count(*) FILTER (WHERE outcome = 'nao-foi-possivel')
      FROM l GROUP BY day, spot_code ORDER BY day, spot_code
    ON CONFLICT (day, spot_code) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel;

    WITH l AS (SELECT a.day, a.spot_code, n.service_id, n.entity_id, n.outcome,
                      CASE WHEN n.duration_ms >= 0 THEN n.duration_ms END AS duration_ms
                 FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id)
    INSERT INTO roll_service AS r (day, spot_code, service_id, entity_id, lines, concluido, pendente,
                                   encaminhado, nao_foi_possivel, line_ms_sum, line_n)
    SELECT day, spot_code, service_id, min(entity_id), count(*),
           count(*) FILTER (WHERE outcome = 'concluido'), count(*) FILTER (WHERE outcome = 'pendente'),
           count(*) FILTER (WHERE outcome = 'encaminhado'),
           count(*) FILTER (WHERE outcome = 'nao-foi-possivel'),
           COALESCE(sum(duration_ms), 0), count(duration_ms)
      FROM l GROUP BY day, spot_code, service_id ORDER BY day, spot_code, service_id
    ON CONFLICT (day, spot_code, service_id) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel,
           line_ms_sum = r.line_ms_sum + excluded.line_ms_sum, line_n = r.line_n + excluded.line_n;

    WITH l AS (SELECT a.day, a.spot_code, n.service_id, n.entity_id, n.outcome,
                      CASE WHEN n.duration_ms >= 0 THEN n.duration_ms END AS duration_ms
                 FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id)
    INSERT INTO roll_net_service AS r (day, service_id, stripe, entity_id, lines, concluido, pendente,
                                       encaminhado, nao_foi_possivel, line_ms_sum, line_n)
    SELECT day, service_id, balcao_stripe(spot_code), min(entity_id), count(*),
           count(*) FILTER (WHERE outcome = 'concluido'), count(*) FILTER (WHERE outcome = 'pendente'),
           count(*) FILTER (WHERE outcome = 'encaminhado'),
           count(*) FILTER (WHERE outcome = 'nao-foi-possivel'),
           COALESCE(sum(duration_ms), 0), count(duration_ms)
      FROM l GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, service_id, stripe) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel,
           line_ms_sum = r.line_ms_sum + excluded.line_ms_sum, line_n = r.line_n + excluded.line_n;
    WITH l AS (SELECT a.day, a.spot_code, n.service_id, n.entity_id, n.outcome,
                      CASE WHEN n.duration_ms >= 0 THEN n.duration_ms END AS duration_ms
                 FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id)
    INSERT INTO roll_month AS r (month, spot_code, lines, concluido, pendente, encaminhado, nao_foi_possivel)
    SELECT date_trunc('month', day)::date, spot_code, count(*),
           count(*) FILTER (WHERE outcome = 'concluido'), count(*) FILTER (WHERE outcome = 'pendente'),
           count(*) FILTER (WHERE outcome = 'encaminhado'),
           count(*) FILTER (WHERE outcome = 'nao-foi-possivel')
      FROM l GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (month, spot_code) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel;
    WITH l AS (SELECT a.day, a.spot_code, n.service_id, n.entity_id, n.outcome,
                      CASE WHEN n.duration_ms >= 0 THEN n.duration_ms END AS duration_ms
                 FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id)
    INSERT INTO roll_net_day AS r (day, stripe, lines, concluido, pendente, encaminhado, nao_foi_possivel)
    SELECT day, balcao_stripe(spot_code), count(*),
           count(*) FILTER (WHERE outcome = 'concluido'), count(*) FILTER (WHERE outcome = 'pendente'),
           count(*) FILTER (WHERE outcome = 'encaminhado'),
           count(*) FILTER (WHERE outcome = 'nao-foi-possivel')
      FROM l GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, stripe) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel;
    WITH l AS (SELECT a.day, a.spot_code, n.service_id, n.entity_id, n.outcome,
                      CASE WHEN n.duration_ms >= 0 THEN n.duration_ms END AS duration_ms
                 FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id)
    INSERT INTO roll_entity_month AS r (month, spot_code, entity_id, lines, concluido, pendente, encaminhado,
                                        nao_foi_possivel, line_ms_sum, line_n)
    SELECT date_trunc('month', day)::date, spot_code, entity_id, count(*),
           count(*) FILTER (WHERE outcome = 'concluido'), count(*) FILTER (WHERE outcome = 'pendente'),
           count(*) FILTER (WHERE outcome = 'encaminhado'),
           count(*) FILTER (WHERE outcome = 'nao-foi-possivel'),
           COALESCE(sum(duration_ms), 0), count(duration_ms)
      FROM l GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (month, spot_code, entity_id) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel,
           line_ms_sum = r.line_ms_sum + excluded.line_ms_sum, line_n = r.line_n + excluded.line_n;
    -- Answers that arrived before these lines.
    INSERT INTO survey_by_entity (device_id, ended_at, entity_id, spot_code, day, satisfaction, done, alone)
    SELECT DISTINCT s.device_id, s.ended_at, n.entity_id, s.spot_code, s.day, s.satisfaction, s.done, s.alone
      FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id
      JOIN survey_answers s ON s.device_id = a.device_id AND s.ended_at = a.ended_at
    ON CONFLICT DO NOTHING;
    INSERT INTO survey_by_service (device_id, ended_at, service_id, spot_code, day, satisfaction, done, alone)
    SELECT DISTINCT s.device_id, s.ended_at, n.service_id, s.spot_code, s.day, s.satisfaction, s.done, s.alone
      FROM new_rows n JOIN stat_attendances a ON a.attendance_id = n.attendance_id
      JOIN survey_answers s ON s.device_id = a.device_id AND s.ended_at = a.ended_at
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stat_lines_roll AFTER INSERT ON stat_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roll_lines();

-- Survey answers, per spot and the attendance's day.
CREATE FUNCTION roll_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roll_survey AS r (day, spot_code, answers, satisfaction, done_yes, done_partly, done_no,
                                  alone_yes, alone_unsure, alone_no)
    SELECT day, spot_code, count(*), sum(satisfaction),
           count(*) FILTER (WHERE done = 'yes'), count(*) FILTER (WHERE done = 'partly'),
           count(*) FILTER (WHERE done = 'no'), count(*) FILTER (WHERE alone = 'yes'),
           count(*) FILTER (WHERE alone = 'unsure'), count(*) FILTER (WHERE alone = 'no')
      FROM new_rows GROUP BY day, spot_code ORDER BY day, spot_code
    ON CONFLICT (day, spot_code) DO UPDATE
       SET answers = r.answers + excluded.answers, satisfaction = r.satisfaction + excluded.satisfaction,
           done_yes = r.done_yes + excluded.done_yes, done_partly = r.done_partly + excluded.done_partly,
           done_no = r.done_no + excluded.done_no, alone_yes = r.alone_yes + excluded.alone_yes,
           alone_unsure = r.alone_unsure + excluded.alone_unsure, alone_no = r.alone_no + excluded.alone_no;
    INSERT INTO roll_survey_month AS r (month, spot_code, answers, satisfaction, done_yes, done_partly, done_no,
                                        alone_yes, alone_unsure, alone_no)
    SELECT date_trunc('month', day)::date, spot_code, count(*), sum(satisfaction),
           count(*) FILTER (WHERE done = 'yes'), count(*) FILTER (WHERE done = 'partly'),
           count(*) FILTER (WHERE done = 'no'), count(*) FILTER (WHERE alone = 'yes'),
           count(*) FILTER (WHERE alone = 'unsure'), count(*) FILTER (WHERE alone = 'no')
      FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (month, spot_code) DO UPDATE
       SET answers = r.answers + excluded.answers, satisfaction = r.satisfaction + excluded.satisfaction,
           done_yes = r.done_yes + excluded.done_yes, done_partly = r.done_partly + excluded.done_partly,
           done_no = r.done_no + excluded.done_no, alone_yes = r.alone_yes + excluded.alone_yes,
           alone_unsure = r.alone_unsure + excluded.alone_unsure, alone_no = r.alone_no + excluded.alone_no;
    -- Answers whose attendance has already arrived.
    INSERT INTO survey_by_entity (device_id, ended_at, entity_id, spot_code, day, satisfaction, done, alone)
    SELECT DISTINCT s.device_id, s.ended_at, l.entity_id, s.spot_code, s.day, s.satisfaction, s.done, s.alone
      FROM new_rows s JOIN stat_attendances a ON a.device_id = s.device_id AND a.ended_at = s.ended_at
      JOIN stat_lines l ON l.attendance_id = a.attendance_id
    ON CONFLICT DO NOTHING;
    INSERT INTO survey_by_service (device_id, ended_at, service_id, spot_code, day, satisfaction, done, alone)
    SELECT DISTINCT s.device_id, s.ended_at, l.service_id, s.spot_code, s.day, s.satisfaction, s.done, s.alone
      FROM new_rows s JOIN stat_attendances a ON a.device_id = s.device_id AND a.ended_at = s.ended_at
      JOIN stat_lines l ON l.attendance_id = a.attendance_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER survey_answers_roll AFTER INSERT ON survey_answers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roll_answers();

-- The till: a payment counts when it arrives unless its cancellation came first; a cancellation takes
-- back a payment already counted.
CREATE FUNCTION roll_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roll_net_till AS r (day, entity_id, stripe, payments, cents)
    SELECT n.day, n.entity_id, balcao_stripe(n.spot_code), count(*), sum(n.collected_cents)
      FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM stat_cancellations c WHERE c.payment_id = n.payment_id)
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, entity_id, stripe) DO UPDATE
       SET payments = r.payments + excluded.payments, cents = r.cents + excluded.cents;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stat_payments_roll AFTER INSERT ON stat_payments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roll_payments();
CREATE FUNCTION roll_cancellations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roll_net_till AS r (day, entity_id, stripe, payments, cents)
    SELECT p.day, p.entity_id, balcao_stripe(p.spot_code), -count(*), -sum(p.collected_cents)
      FROM new_rows n JOIN stat_payments p ON p.payment_id = n.payment_id
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, entity_id, stripe) DO UPDATE
       SET payments = r.payments + excluded.payments, cents = r.cents + excluded.cents;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stat_cancellations_roll AFTER INSERT ON stat_cancellations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roll_cancellations();

-- Folds the stripes of the network's rollups of days before `before` into their stripe -1, which no
-- counter writes, so a fold never waits on an ingest for long; it takes the tables in the triggers' order
-- (day, hour, service, till), so a late sync and a fold wait for each other rather than deadlock. The server
-- runs it now and then (`balcao_central::rollups`); a counter that syncs late adds to a stripe again,
-- and the next fold takes it in. Returns how many folded rows it wrote.
CREATE FUNCTION balcao_fold_stripes(before date) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    folded bigint := 0;
    n bigint;
BEGIN
    WITH gone AS (DELETE FROM roll_net_day WHERE day < before AND stripe >= 0 RETURNING *)
    INSERT INTO roll_net_day AS r (day, stripe, attendances, duration_ms_sum, duration_n, lines, concluido,
                                   pendente, encaminhado, nao_foi_possivel)
    SELECT day, -1, sum(attendances), sum(duration_ms_sum), sum(duration_n), sum(lines), sum(concluido),
           sum(pendente), sum(encaminhado), sum(nao_foi_possivel)
      FROM gone GROUP BY day ORDER BY day
    ON CONFLICT (day, stripe) DO UPDATE
       SET attendances = r.attendances + excluded.attendances,
           duration_ms_sum = r.duration_ms_sum + excluded.duration_ms_sum,
           duration_n = r.duration_n + excluded.duration_n, lines = r.lines + excluded.lines,
           concluido = r.concluido + excluded.concluido, pendente = r.pendente + excluded.pendente,
           encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel;
    GET DIAGNOSTICS n = ROW_COUNT;
    folded := folded + n;
    WITH gone AS (DELETE FROM roll_net_hour WHERE day < before AND stripe >= 0 RETURNING *)
    INSERT INTO roll_net_hour AS r (day, hour, stripe, attendances)
    SELECT day, hour, -1, sum(attendances) FROM gone GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, hour, stripe) DO UPDATE SET attendances = r.attendances + excluded.attendances;
    GET DIAGNOSTICS n = ROW_COUNT;
    folded := folded + n;
    WITH gone AS (DELETE FROM roll_net_service WHERE day < before AND stripe >= 0 RETURNING *)
    INSERT INTO roll_net_service AS r (day, service_id, stripe, entity_id, lines, concluido, pendente,
                                       encaminhado, nao_foi_possivel, line_ms_sum, line_n)
    SELECT day, service_id, -1, min(entity_id), sum(lines), sum(concluido), sum(pendente), sum(encaminhado),
           sum(nao_foi_possivel), sum(line_ms_sum), sum(line_n)
      FROM gone GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, service_id, stripe) DO UPDATE
       SET lines = r.lines + excluded.lines, concluido = r.concluido + excluded.concluido,
           pendente = r.pendente + excluded.pendente, encaminhado = r.encaminhado + excluded.encaminhado,
           nao_foi_possivel = r.nao_foi_possivel + excluded.nao_foi_possivel,
           line_ms_sum = r.line_ms_sum + excluded.line_ms_sum, line_n = r.line_n + excluded.line_n;
    GET DIAGNOSTICS n = ROW_COUNT;
    folded := folded + n;
    WITH gone AS (DELETE FROM roll_net_till WHERE day < before AND stripe >= 0 RETURNING *)
    INSERT INTO roll_net_till AS r (day, entity_id, stripe, payments, cents)
    SELECT day, entity_id, -1, sum(payments), sum(cents) FROM gone GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, entity_id, stripe) DO UPDATE
       SET payments = r.payments + excluded.payments, cents = r.cents + excluded.cents;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN folded + n;
END;
$$;

-- The rollups of what is already stored.
INSERT INTO roll_day (day, spot_code, attendances, duration_ms_sum, duration_n)
SELECT day, spot_code, count(*),
       COALESCE(sum(ended_at - started_at) FILTER (WHERE ended_at >= started_at), 0),
       count(*) FILTER (WHERE ended_at >= started_at)
  FROM stat_attendances GROUP BY day, spot_code;
INSERT INTO roll_net_hour (day, hour, stripe, attendances)
SELECT day, hour, balcao_stripe(spot_code), count(*) FROM stat_attendances WHERE hour IS NOT NULL GROUP BY 1, 2, 3;
UPDATE roll_day r
   SET lines = x.lines, concluido = x.concluido, pendente = x.pendente, encaminhado = x.encaminhado,
       nao_foi_possivel = x.nao_foi_possivel
  FROM (SELECT a.day, a.spot_code, count(*) AS lines,
               count(*) FILTER (WHERE l.outcome = 'concluido') AS concluido,
               count(*) FILTER (WHERE l.outcome = 'pendente') AS pendente,
               count(*) FILTER (WHERE l.outcome = 'encaminhado') AS encaminhado,
               count(*) FILTER (WHERE l.outcome = 'nao-foi-possivel') AS nao_foi_possivel
          FROM stat_lines l JOIN stat_attendances a ON a.attendance_id = l.attendance_id
         GROUP BY a.day, a.spot_code) x
 WHERE r.day = x.day AND r.spot_code = x.spot_code;
INSERT INTO roll_service (day, spot_code, service_id, entity_id, lines, concluido, pendente, encaminhado,
                          nao_foi_possivel, line_ms_sum, line_n)
SELECT a.day, a.spot_code, l.service_id, min(l.entity_id), count(*),
       count(*) FILTER (WHERE l.outcome = 'concluido'), count(*) FILTER (WHERE l.outcome = 'pendente'),
       count(*) FILTER (WHERE l.outcome = 'encaminhado'),
       count(*) FILTER (WHERE l.outcome = 'nao-foi-possivel'),
       COALESCE(sum(l.duration_ms) FILTER (WHERE l.duration_ms >= 0), 0),
       count(l.duration_ms) FILTER (WHERE l.duration_ms >= 0)
  FROM stat_lines l JOIN stat_attendances a ON a.attendance_id = l.attendance_id
 GROUP BY a.day, a.spot_code, l.service_id;
INSERT INTO roll_net_service (day, service_id, stripe, entity_id, lines, concluido, pendente, encaminhado,
                              nao_foi_possivel, line_ms_sum, line_n)
SELECT day, service_id, balcao_stripe(spot_code), min(entity_id), sum(lines), sum(concluido), sum(pendente),
       sum(encaminhado), sum(nao_foi_possivel), sum(line_ms_sum), sum(line_n)
  FROM roll_service GROUP BY 1, 2, 3;

INSERT INTO roll_month (month, spot_code, attendances, duration_ms_sum, duration_n, lines, concluido, pendente,
                        encaminhado, nao_foi_possivel)
SELECT date_trunc('month', day)::date, spot_code, sum(attendances), sum(duration_ms_sum), sum(duration_n),
       sum(lines), sum(concluido), sum(pendente), sum(encaminhado), sum(nao_foi_possivel)
  FROM roll_day GROUP BY 1, 2;
INSERT INTO roll_net_day (day, stripe, attendances, duration_ms_sum, duration_n, lines, concluido, pendente,
                          encaminhado, nao_foi_possivel)
SELECT day, balcao_stripe(spot_code), sum(attendances), sum(duration_ms_sum), sum(duration_n), sum(lines), sum(concluido), sum(pendente),
       sum(encaminhado), sum(nao_foi_possivel)
  FROM roll_day GROUP BY 1, 2;
INSERT INTO roll_entity_month (month, spot_code, entity_id, lines, concluido, pendente, encaminhado,
                               nao_foi_possivel, line_ms_sum, line_n)
SELECT date_trunc('month', day)::date, spot_code, entity_id, sum(lines), sum(concluido), sum(pendente),
       sum(encaminhado), sum(nao_foi_possivel), sum(line_ms_sum), sum(line_n)
  FROM roll_service GROUP BY 1, 2, 3;
INSERT INTO roll_net_till (day, entity_id, stripe, payments, cents)
SELECT p.day, p.entity_id, balcao_stripe(p.spot_code), count(*), sum(p.collected_cents) FROM stat_payments p
 WHERE NOT EXISTS (SELECT 1 FROM stat_cancellations c WHERE c.payment_id = p.payment_id)
 GROUP BY 1, 2, 3;

-- Coordinators sign in to the dashboard with a login and a password (argon2id, as the mediators'),
-- set at the console; failed attempts slow the next ones down and lock the account for a while.
ALTER TABLE coordinators
    ADD COLUMN login          TEXT UNIQUE,
    ADD COLUMN password_hash  TEXT,
    ADD COLUMN failed_logins  INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN last_failed_at BIGINT;

-- A signed-in browser. Only the SHA-256 of the cookie's value is kept; `csrf` is the token every form of
-- the session carries. A session ends at logout, after `idle` without a request, or at its age limit.
CREATE TABLE web_sessions (
    token_hash     BYTEA PRIMARY KEY,
    coordinator_id UUID NOT NULL REFERENCES coordinators (id),
    csrf           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    ended_at       BIGINT
);
