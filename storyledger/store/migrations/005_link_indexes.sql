-- Link candidate retrieval stays flat as the store grows.
-- claim_keys is read by key for claim_id only: a covering index answers from the index.
CREATE INDEX claim_keys_key_claim ON claim_keys(key, claim_id);

-- How many claims carry each key: keys on very many claims carry no information
-- and are not read (their posting lists would grow with the store).
CREATE TABLE claim_key_df (
    key     TEXT PRIMARY KEY,
    df      INTEGER NOT NULL
);
INSERT INTO claim_key_df(key, df) SELECT key, COUNT(*) FROM claim_keys GROUP BY key;
