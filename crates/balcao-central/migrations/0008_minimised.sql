-- Schema version 8: the central server keeps no citizen's direct identifier (issue 14).
--
-- Counters used to send each attendance whole: the citizen's name, NIF, card number, phone and e-mail,
-- and the mediator's notes. They now send it minimised (`balcao_privacy`, `docs/privacy.md`), and the
-- server refuses a record that is not. The records already stored are minimised by the server itself
-- right after this file, in the same transaction (`db::minimise_stored`, in Rust, because it must
-- strip exactly what the counters strip).
--
-- A minimised record no longer hashes to what its audit entry says the counter wrote. So the record
-- keeps the hash of the payload as it was written: computed here from the payload the server held,
-- or, for a row a counter wrote before it minimised and sends only now, computed by the counter from
-- the row it held (`minimised_from`). The audit check accepts either hash.

ALTER TABLE records ADD COLUMN original_hash BYTEA
    CHECK (original_hash IS NULL OR length(original_hash) = 32);
