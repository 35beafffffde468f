"""Full-text search: FTS5 operators pass through, everything else is a literal term, and a
malformed query is a one-line hint, never an SQL error."""
import pytest

from storyledger.cli import main
from storyledger.store.articles import SearchSyntaxError, fts_query, search


@pytest.mark.parametrize("query, expected", [
    ("Biarritz OR Bayonne", '"Biarritz" OR "Bayonne"'),
    ("Biarritz Bayonne", '"Biarritz" AND "Bayonne"'),
    ("odd (with) punctuation*", '"odd" AND ( "with" ) AND "punctuation"*'),
    ("osech*", '"osech"*'),
    ('"French authorities"', '"French authorities"'),
    ("(laser OR shots) NOT Moscow", '( "laser" OR "shots" ) NOT "Moscow"'),
    ("it's col:x -y", '"it\'s" AND "col:x" AND "-y"'),  # punctuation and column-like words stay literal
    ("or and", '"or" AND "and"'),  # lower-case words are words
    ('an "open phrase', '"an" AND "open phrase"'),
])
def test_queries_become_fts5_syntax(query, expected):
    assert fts_query(query) == expected


@pytest.mark.parametrize("query", ["a AND NOT b", "OR Bayonne", "Biarritz AND", "a OR OR b", "(a", "a)", "NOT x"])
def test_malformed_queries_are_refused_with_a_hint(query):
    with pytest.raises(SearchSyntaxError, match="OR / AND / NOT"):
        fts_query(query)


def test_operators_change_what_is_found(seeds_db):
    either = {r["id"] for r in search(seeds_db, "Biarritz OR Bayonne", 50)}
    both = {r["id"] for r in search(seeds_db, "Biarritz Bayonne", 50)}
    biarritz = {r["id"] for r in search(seeds_db, "Biarritz", 50)}
    bayonne = {r["id"] for r in search(seeds_db, "Bayonne", 50)}
    assert either == biarritz | bayonne and both == biarritz & bayonne
    assert {r["id"] for r in search(seeds_db, "osech*", 50)} >= {r["id"] for r in search(seeds_db, "Osechkin", 50)}
    assert search(seeds_db, "osech", 50) == []  # no prefix without the star
    phrase = search(seeds_db, '"French authorities"', 50)
    assert phrase and all("[French authorities]" in r["snippet"] or "French" in r["snippet"] for r in phrase)
    assert len(phrase) <= len(search(seeds_db, "French authorities", 50))


def test_cli_gives_one_line_for_a_bad_query(seeds_db_path, capsys):
    assert main(["search", "OR", "--db", str(seeds_db_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "needs a term" in err
