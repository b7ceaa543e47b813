-- Schema version 5: how the citizen screen's live picture of the browser was used in an attendance.
--
-- FROZEN once shipped: never edit it; change the schema in a new numbered file.
--
-- Counts and seconds only, never a picture: the coordination sees that the double screen is really
-- used (how long the citizen saw the portal live, how long it was paused, how many pauses).
ALTER TABLE attendances ADD COLUMN mirror_live_seconds INTEGER NOT NULL DEFAULT 0 CHECK (mirror_live_seconds >= 0);
ALTER TABLE attendances ADD COLUMN mirror_paused_seconds INTEGER NOT NULL DEFAULT 0 CHECK (mirror_paused_seconds >= 0);
ALTER TABLE attendances ADD COLUMN mirror_pauses INTEGER NOT NULL DEFAULT 0 CHECK (mirror_pauses >= 0);
