-- Schema version 2: the records the server refused, for the network coordination to see.
--
-- A counter keeps every refused record in its local quarantine, where its mediator sees it; this is the
-- other side of the same event, so the coordinator sees every spot's refusals in one place without
-- asking each counter. One row per refusal; nothing here is ever updated.
CREATE TABLE rejections (
    seq         BIGSERIAL PRIMARY KEY,
    record_id   TEXT   NOT NULL,   -- as sent ('' when it was not a string)
    kind        TEXT   NOT NULL,   -- as sent ('' when missing)
    spot_code   TEXT   NOT NULL REFERENCES spots (code),
    device_id   UUID   NOT NULL REFERENCES devices (id),
    reason      TEXT   NOT NULL CHECK (reason IN ('conflict', 'invalid')),
    received_at BIGINT NOT NULL
);
CREATE INDEX rejections_spot ON rejections (spot_code, seq);
