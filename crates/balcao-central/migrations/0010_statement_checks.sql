-- Schema version 10: the references of `records` are checked once per statement instead of once per row
-- (issue 17, BENCHMARKS.md "Sync").
--
-- Each record names its spot and its device. As foreign keys, every inserted row ran two lookups, each
-- taking a KEY SHARE lock, which was about 40 % of inserting a 500-record request. The check is kept,
-- at the database and with the same strength, but made once per statement over all its new rows: an
-- AFTER trigger with a transition table locks the spots and devices named (KEY SHARE, as a foreign key
-- does, so neither can be removed before the transaction ends) and refuses the statement with
-- `foreign_key_violation` when one does not exist. Removing or renaming a spot or a device that records
-- name is refused as the foreign keys refused it.

ALTER TABLE records DROP CONSTRAINT records_spot_code_fkey;
ALTER TABLE records DROP CONSTRAINT records_device_id_fkey;

CREATE FUNCTION records_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM spots WHERE code IN (SELECT DISTINCT spot_code FROM new_rows) FOR KEY SHARE;
    PERFORM 1 FROM devices WHERE id IN (SELECT DISTINCT device_id FROM new_rows) FOR KEY SHARE;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM spots s WHERE s.code = n.spot_code)) THEN
        RAISE EXCEPTION 'records name a spot that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = n.device_id)) THEN
        RAISE EXCEPTION 'records name a device that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER records_references_on_insert AFTER INSERT ON records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_check_references();
CREATE TRIGGER records_references_on_update AFTER UPDATE ON records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION records_check_references();

CREATE FUNCTION refuse_removing_a_spot_with_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.code IS DISTINCT FROM OLD.code)
        AND EXISTS (SELECT 1 FROM records WHERE spot_code = OLD.code) THEN
        RAISE EXCEPTION 'spot % has records', OLD.code USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

CREATE TRIGGER spots_keep_records BEFORE DELETE OR UPDATE OF code ON spots
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_a_spot_with_records();

-- Devices are revoked, never removed, so this scan of `records` (no index on `device_id`, which every
-- insert would pay for) runs only if someone removes one by hand.
CREATE FUNCTION refuse_removing_a_device_with_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id)
        AND EXISTS (SELECT 1 FROM records WHERE device_id = OLD.id) THEN
        RAISE EXCEPTION 'device % has records', OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

CREATE TRIGGER devices_keep_records BEFORE DELETE OR UPDATE OF id ON devices
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_a_device_with_records();
