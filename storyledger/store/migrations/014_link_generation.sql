-- A number that grows with every committed link batch (and forget), never reset: views built
-- from the links (a web server's cached dossiers) are keyed on it, so none outlives a change.
CREATE TABLE link_generation (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    value   INTEGER NOT NULL
);
INSERT INTO link_generation(id, value) VALUES (1, 0);
