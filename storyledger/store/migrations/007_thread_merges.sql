-- Threads merged when a later report bridged them (one story that began as two threads);
-- an old thread id resolves through here to the thread that holds its events now.
CREATE TABLE thread_merges (
    merged_thread   INTEGER PRIMARY KEY,   -- the id that no longer exists
    thread_id       INTEGER NOT NULL,      -- where its events went (itself possibly merged later)
    article_id      TEXT REFERENCES articles(id) ON DELETE SET NULL,  -- the bridging report
    score           REAL,
    merged_at       TEXT DEFAULT CURRENT_TIMESTAMP
);

-- Claim groups are read and moved by thread (dossiers, merges): without this, a scan of all.
CREATE INDEX claim_groups_thread ON claim_groups(thread_id);
