-- Which articles have been through the link stages (linking is incremental, in publication order).
CREATE TABLE linked (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    linked_at   TEXT DEFAULT CURRENT_TIMESTAMP
);
