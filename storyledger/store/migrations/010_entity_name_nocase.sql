-- Entities are looked up by name whatever its case (`entities_named`, the dossier's speaker
-- links): without this index each lookup read the whole entities table.
CREATE INDEX entities_name_nocase ON entities(name COLLATE NOCASE);
