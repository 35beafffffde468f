-- claim_keys_key_claim (key, claim_id) answers every lookup claim_keys_key (key) did;
-- keeping both made each claim key cost two index writes.
DROP INDEX IF EXISTS claim_keys_key;
