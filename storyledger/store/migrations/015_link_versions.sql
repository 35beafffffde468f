-- The analysis version and the storyledger version each article was linked under (NULL: linked
-- before this migration, so unknown). `storyledger relink` links the store again when any
-- differs from the running ones, and ingest says so.
ALTER TABLE linked ADD COLUMN analysis_version INTEGER;
ALTER TABLE linked ADD COLUMN code_version TEXT;
