-- Schema version 7: each spot's time zone, and statistics days on the spot's clock (issue 14).
--
-- A day of statistics was cut at UTC midnight, so an Azorean attendance at 23:30 local counted on the
-- next day and every summer evening on the mainland was an hour off. Each spot now has its zone (one
-- of Portugal's three; the mainland's by default), the days are computed in it when a record arrives,
-- and the days already stored are computed again (every spot so far is taken as the mainland's).

ALTER TABLE spots ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Lisbon'
    CHECK (time_zone IN ('Europe/Lisbon', 'Atlantic/Madeira', 'Atlantic/Azores'));

UPDATE stat_attendances s
   SET day = (to_timestamp((r.payload->>'ended_at')::bigint / 1000.0) AT TIME ZONE 'Europe/Lisbon')::date
  FROM records r
 WHERE r.id = s.record_id;

UPDATE stat_payments s
   SET day = (to_timestamp((r.payload->>'created_at')::bigint / 1000.0) AT TIME ZONE 'Europe/Lisbon')::date
  FROM records r
 WHERE r.id = s.record_id;
