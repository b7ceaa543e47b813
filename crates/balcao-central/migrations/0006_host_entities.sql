-- Schema version 6: host entities manage their own spots' accounts (issue 13).
--
-- A spot is hosted by an entity (a municipality, a parish, a post office); AMA's network coordination
-- sees every spot. A coordinator token with a `host_entity` is that entity's: it sees and manages only
-- the spots hosted by it, so a town hall creates its mediators' accounts without being able to touch
-- another town's. A token without one is the network coordination's, as before.
--
-- `account_events` says who did what to each account on the central side: the coordinator token that
-- acted, or NULL for the operator at the server's console (`balcao-central account …`).

ALTER TABLE spots ADD COLUMN host_entity TEXT;
CREATE INDEX spots_host_entity ON spots (host_entity);

ALTER TABLE coordinators ADD COLUMN host_entity TEXT;

CREATE TABLE account_events (
    id             BIGSERIAL PRIMARY KEY,
    account_id     UUID   NOT NULL REFERENCES accounts (id),
    action         TEXT   NOT NULL CHECK (action IN ('create', 'disable', 'enable', 'unlock', 'reset')),
    coordinator_id UUID   REFERENCES coordinators (id),
    at             BIGINT NOT NULL
);
CREATE INDEX account_events_account ON account_events (account_id, id);
