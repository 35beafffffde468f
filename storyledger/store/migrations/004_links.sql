-- Links between articles: copies, events, threads, claims across reports.
-- Every table here is filled incrementally, one article at a time in publication
-- order; the *_keys tables are inverted indexes so that linking a new article
-- only reads the postings of its own keys, never every stored article.

-- Per-article link state: MinHash signature (datasketch hash values) and anchors.
CREATE TABLE link_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    published   TEXT,
    lang        TEXT,
    signature   BLOB,                      -- MinHash hash values, uint64 little-endian
    anchors     TEXT NOT NULL              -- JSON list: names, numbers, quoted words
);

-- MinHash LSH buckets: one row per (band, bucket) of each article.
CREATE TABLE link_minhash_bands (
    band        INTEGER NOT NULL,
    bucket      TEXT NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX link_minhash_bands_bucket ON link_minhash_bands(band, bucket);

-- Rare anchors (names, numbers) -> articles, for rewrite and translation candidates.
CREATE TABLE link_anchor_index (
    anchor      TEXT NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX link_anchor_index_anchor ON link_anchor_index(anchor);

CREATE TABLE copy_links (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    copy_of     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    score       REAL NOT NULL,
    method      TEXT NOT NULL,             -- minhash | rewrite | translation
    aligned     TEXT NOT NULL              -- JSON list of {article: [s, e], copy_of: [s, e], score}
);
CREATE INDEX copy_links_copy_of ON copy_links(copy_of);

-- The wire agency an article credits (dateline, credit line), with the evidence.
CREATE TABLE wire_credits (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    origin      TEXT NOT NULL,             -- short agency name: AP, AFP, Reuters, ...
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    basis       TEXT NOT NULL              -- dateline | credit | told
);

-- Document frequencies of terms and entity keys, for idf weights.
CREATE TABLE link_df (
    term        TEXT PRIMARY KEY,
    df          INTEGER NOT NULL
);
CREATE TABLE link_counters (
    name        TEXT PRIMARY KEY,
    value       INTEGER NOT NULL
);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    first_article   TEXT NOT NULL,
    first_date      TEXT,
    last_date       TEXT,
    n_articles      INTEGER NOT NULL,
    profile         TEXT NOT NULL          -- JSON: summed term and entity weights
);
CREATE INDEX events_first_article ON events(first_article);
CREATE TABLE event_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    score       REAL,                      -- similarity that joined it, NULL for the founder
    date        TEXT
);
CREATE INDEX event_articles_event ON event_articles(event_id);
CREATE TABLE event_keys (
    key         TEXT NOT NULL,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (key, event_id)
);

CREATE TABLE threads (
    id          INTEGER PRIMARY KEY,
    first_event INTEGER NOT NULL,
    profile     TEXT NOT NULL              -- JSON: central entities and key terms
);
CREATE TABLE event_threads (
    event_id    INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    thread_id   INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    score       REAL
);
CREATE INDEX event_threads_thread ON event_threads(thread_id);
CREATE TABLE thread_keys (
    key         TEXT NOT NULL,
    thread_id   INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    PRIMARY KEY (key, thread_id)
);

-- Claims (attribution contents) grouped across reports.
CREATE TABLE claim_groups (
    id              INTEGER PRIMARY KEY,
    first_article   TEXT NOT NULL,
    thread_id       INTEGER
);
CREATE TABLE claims (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,      -- index into Analysis.attributions
    group_id        INTEGER NOT NULL REFERENCES claim_groups(id),
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    content_start   INTEGER NOT NULL,
    content_end     INTEGER NOT NULL,
    content         TEXT NOT NULL,
    speaker         TEXT,
    channel         TEXT,
    status          TEXT,
    source_key      TEXT NOT NULL,         -- claims with one source_key are one independent source
    features        TEXT NOT NULL,         -- JSON: keys, numbers, places, negated
    score           REAL
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_group ON claims(group_id);
CREATE TABLE claim_keys (
    key         TEXT NOT NULL,
    claim_id    INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE
);
CREATE INDEX claim_keys_key ON claim_keys(key);
CREATE TABLE claim_contradictions (
    claim_id        INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    other_claim_id  INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,         -- numbers | polarity | place
    detail          TEXT NOT NULL
);
CREATE INDEX claim_contradictions_claim ON claim_contradictions(claim_id);
