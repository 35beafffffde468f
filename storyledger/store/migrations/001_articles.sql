-- Foundation: raw inputs, clean articles, sentences, cleaning removals, per-article analysis.
CREATE TABLE documents (
    sha256      TEXT PRIMARY KEY,          -- of the raw input bytes (provenance)
    raw         BLOB NOT NULL,
    format      TEXT NOT NULL,
    source      TEXT NOT NULL,
    locator     TEXT,
    stored_at   TEXT DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE articles (
    id              TEXT PRIMARY KEY,      -- content-derived (hash of the clean text)
    name            TEXT,                  -- the corpus' own name: file name or jsonl id
    title           TEXT,
    url             TEXT,
    outlet          TEXT,
    lang            TEXT,
    lang_basis      TEXT,
    published       TEXT,                  -- YYYY-MM-DD or NULL, never guessed
    published_basis TEXT,
    captured        TEXT,                  -- archive capture date (WARC-Date), not publication
    body            TEXT NOT NULL,         -- extracted text before cleaning
    text            TEXT NOT NULL,         -- clean text analysed by later stages
    words           INTEGER NOT NULL,
    source          TEXT,
    locator         TEXT,
    raw_sha256      TEXT REFERENCES documents(sha256),
    ingested_at     TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_name ON articles(name);

CREATE TABLE sentences (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    body_start  INTEGER NOT NULL,
    body_end    INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE removals (
    article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    body_start   INTEGER NOT NULL,
    body_end     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    duplicate_of TEXT
);
CREATE INDEX removals_article ON removals(article_id);

-- Per-article analysis (mentions, times, attributions, event clauses) as versioned JSON:
-- it is pure and recomputable, and later link stages read it whole.
CREATE TABLE analyses (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    data        TEXT NOT NULL,
    analysed_at TEXT DEFAULT CURRENT_TIMESTAMP
);

-- Full-text search over clean text.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
