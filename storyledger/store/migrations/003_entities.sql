-- Canonical entities across all articles, every alias seen with its evidence,
-- mention -> entity links, descriptors, and place resolutions.
-- entity_keys is the blocking index (folded surname stems, organisation and
-- place keys): linking a new article reads only the postings of its own keys.

CREATE TABLE entities (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,         -- canonical name (titles stripped, full form)
    type            TEXT NOT NULL,         -- PERSON | ORG | GPE | LOC
    first_article   TEXT,
    articles        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE entity_keys (
    key         TEXT NOT NULL,             -- "p:osechkin", "o:federal security service", "g:geonames:3032797"
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, entity_id)
);

CREATE TABLE entity_aliases (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,             -- as it appears in an article
    folded      TEXT NOT NULL,             -- lowercase ASCII, no leading article, for lookup
    kind        TEXT NOT NULL DEFAULT 'name',  -- name | description ("the 41-year-old")
    UNIQUE (entity_id, text)
);
CREATE INDEX entity_aliases_folded ON entity_aliases(folded);

CREATE TABLE entity_alias_evidence (
    alias_id    INTEGER NOT NULL REFERENCES entity_aliases(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    sentence    INTEGER,
    PRIMARY KEY (alias_id, article_id, start, end)
);
CREATE INDEX entity_alias_evidence_article ON entity_alias_evidence(article_id);

CREATE TABLE entity_mentions (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    sentence    INTEGER,
    PRIMARY KEY (article_id, start, end)
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id, article_id);

CREATE TABLE entity_descriptors (
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,          -- the mention it is attached to
    end         INTEGER NOT NULL,
    sentence    INTEGER,
    PRIMARY KEY (entity_id, article_id, start, text)
);

CREATE TABLE entity_places (
    entity_id   INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    name        TEXT,                      -- gazetteer name of the best candidate
    kind        TEXT,                      -- country | region | city
    country     TEXT,
    latitude    REAL,
    longitude   REAL,
    place_key   TEXT,                      -- geonames:<id> or iso:<code>
    basis       TEXT,                      -- only | context | population
    ambiguous   INTEGER NOT NULL DEFAULT 0,
    candidates  TEXT NOT NULL              -- JSON list of every candidate
);
