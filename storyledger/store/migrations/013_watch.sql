-- Watching sources (issue 18): what each source answered last, so that a restarted watcher
-- resumes with conditional requests and never ingests an entry twice; the stories followed,
-- a snapshot of what each held at the last look, and the alerts found by comparing with it.
CREATE TABLE watch_sources (
    id              INTEGER PRIMARY KEY,
    source          TEXT NOT NULL UNIQUE,  -- a URL or a folder as given
    kind            TEXT,                  -- feed | sitemap | site | folder
    etag            TEXT,
    last_modified   TEXT,
    last_checked    TEXT,                  -- ISO UTC of the last attempt
    last_new        TEXT,                  -- ISO UTC of the last new entry
    failures        INTEGER NOT NULL DEFAULT 0,  -- consecutive failed rounds
    last_error      TEXT,
    retry_after     TEXT,                  -- ISO UTC; a failing source is skipped until then
    discovered      TEXT                   -- JSON list: feeds and sitemaps a home page led to
);
CREATE TABLE watch_entries (
    source_id   INTEGER NOT NULL REFERENCES watch_sources(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,             -- feed entry id, page URL, or file path + size + mtime
    url         TEXT,
    article_id  TEXT,                      -- NULL when the entry gave no article (an error)
    note        TEXT,                      -- why it gave none
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (source_id, key)
);
CREATE INDEX watch_entries_url ON watch_entries(url) WHERE url IS NOT NULL;

CREATE TABLE follows (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- thread | event | entity | query
    value       TEXT NOT NULL,             -- t3, e7, an entity name, an FTS query
    created     TEXT NOT NULL,
    snapshot    TEXT,                      -- JSON: what the followed story held at the last look
    UNIQUE (kind, value)
);
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,      -- kind + what moved: one alert per change, ever
    follow_id   INTEGER,
    kind        TEXT NOT NULL,             -- new_event | new_report | claim_status | contradiction | new_source | new_language | new_country
    thread      TEXT,
    event       TEXT,
    article     TEXT,
    summary     TEXT NOT NULL,
    evidence    TEXT NOT NULL,             -- JSON: article, start, end, text, outlet, url
    created     TEXT NOT NULL,
    delivered   TEXT                       -- when watch last delivered it (terminal, file, webhook)
);
CREATE INDEX alerts_created ON alerts(created);
