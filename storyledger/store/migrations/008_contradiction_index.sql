-- A thread's contradictions are read by both claim ids (dossiers); without this, a scan of all.
CREATE INDEX claim_contradictions_other ON claim_contradictions(other_claim_id);
