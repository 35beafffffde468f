-- Work still to do (articles to analyse, analysed articles to link), so that a run finds it
-- without reading every stored article. Filled by save_article / save_analysis, emptied by
-- save_analysis / mark_linked, in the same transactions.
CREATE TABLE analysis_pending (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
CREATE TABLE link_pending (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO analysis_pending(article_id)
    SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE n.article_id IS NULL;
INSERT INTO link_pending(article_id)
    SELECT n.article_id FROM analyses n LEFT JOIN linked l ON l.article_id = n.article_id
    WHERE l.article_id IS NULL;
-- analyses of an older version are found through this index, not by reading every analysis
CREATE INDEX analyses_version ON analyses(version);
