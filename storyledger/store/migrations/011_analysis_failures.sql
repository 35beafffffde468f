-- The storyledger version whose analysis of the article had a component fail (NULL: none
-- failed). An ingest run under another version analyses the article again: the failure may be
-- a bug that version fixed. Read through the partial index, as only failed analyses have one.
ALTER TABLE analyses ADD COLUMN failed_under TEXT;
CREATE INDEX analyses_failed_under ON analyses(failed_under) WHERE failed_under IS NOT NULL;
