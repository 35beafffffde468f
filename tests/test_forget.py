"""`storyledger forget`: a store that held X and Y, with Y forgotten, equals a store that only
ever held X (events, threads, entities, claims, copy links), and failures change nothing."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storyledger import cli, link, pipeline
from storyledger.store import forget as forget_store
from storyledger.store.db import Database

DEMO = Path(__file__).resolve().parent.parent / "storyledger" / "demo" / "corpus"

# A small story of our own, one report a day: an agency report, a verbatim copy of it, an
# unrelated local story, a follow-up by another outlet, and the agency's own follow-up.
WIRE = {"id": "wire-grounding", "outlet": "Northern Wire", "lang": "en", "published": "2025-03-03",
     "title": "Cargo ship runs aground off Port Elden",
     "text": "PORT ELDEN, March 3 (Northern Wire) - The cargo ship Marlin Star ran aground near the northern "
             "breakwater of Port Elden on Monday, harbour officials said. Port director Alicia Brennan told "
             "reporters that all 14 crew members had been rescued by the coast guard. \"Nobody was hurt,\" "
             "Brennan said. The coast guard said it had opened an inquiry into the grounding of the ship, "
             "which was carrying 3,000 tonnes of grain."}
HARBOUR = [
    WIRE,
    {**WIRE, "id": "daily-copy", "outlet": "Coast Daily", "published": "2025-03-04"},  # word for word
    {"id": "valley-library", "outlet": "Valley Post", "lang": "en", "published": "2025-03-05",
     "title": "Ravensford approves library budget",
     "text": "The city council of Ravensford approved a budget of 2 million euros for a new public library "
             "on Tuesday. Mayor Tomas Keller said the library would open in the spring of 2027. Opposition "
             "councillor Petra Lind said the project was too expensive."},
    {"id": "times-refloated", "outlet": "Harbour Times", "lang": "en", "published": "2025-03-06",
     "title": "Marlin Star refloated",
     "text": "The Marlin Star was refloated on Thursday, three days after it ran aground in Port Elden. "
             "Alicia Brennan said the ship would be towed to a dry dock for repairs. Investigators said the "
             "crew had ignored a storm warning, according to the coast guard. The ship's owner, Halvard "
             "Shipping, declined to comment."},
    {"id": "wire-investigators", "outlet": "Northern Wire", "lang": "en", "published": "2025-03-07",
     "title": "Investigators examine grounded ship",
     "text": "PORT ELDEN, March 7 (Northern Wire) - Two investigators from the maritime authority arrived "
             "in Port Elden on Friday to examine the Marlin Star, spokesman Daniel Okafor said. Okafor denied "
             "reports that the captain of the ship had been arrested. Halvard Shipping said the crew had "
             "followed every storm warning."},
]


def _write_corpus(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "harbour.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in HARBOUR if a["id"] in names), encoding="utf-8")
    return path


def _build(path: Path, inputs: list[Path]) -> Path:
    """Ingest, analyse and link `inputs` into a new store."""
    db = Database(path)
    try:
        report = pipeline.run(db, [str(p) for p in inputs])
        assert report.ok, report.errors
    finally:
        db.close()
    return path


def _forget(capsys, path: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(["forget", *args, "--db", str(path)])
    except SystemExit as exit_:  # the command's own one-line errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def _ids(path: Path, sql: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute(sql)]


def _links(path: Path) -> dict:
    """Everything linking made, in terms that do not depend on numeric ids."""
    conn = sqlite3.connect(path)
    try:
        def groups(sql: str) -> set[frozenset]:
            found: dict = {}
            for key, member in conn.execute(sql):
                found.setdefault(key, set()).add(member)
            return {frozenset(v) for v in found.values()}

        entities = {}
        for entity_id, name, type_ in conn.execute("SELECT id, name, type FROM entities"):
            aliases = frozenset(r[0] for r in conn.execute(
                "SELECT text FROM entity_aliases WHERE entity_id = ?", (entity_id,)))
            mentions = frozenset(conn.execute(
                "SELECT article_id, start, end FROM entity_mentions WHERE entity_id = ?", (entity_id,)))
            entities[(name, type_, aliases)] = mentions
        return {
            "articles": set(_ids(path, "SELECT id FROM articles")),
            "events": groups("SELECT event_id, article_id FROM event_articles"),
            "threads": groups("SELECT et.thread_id, ea.article_id FROM event_articles ea"
                              " JOIN event_threads et ON et.event_id = ea.event_id"),
            "entities": entities,
            "claims": set(conn.execute("SELECT article_id, idx, content, speaker, channel, status, source_key"
                                       " FROM claims")),
            "claim groups": groups("SELECT group_id, article_id || '#' || idx FROM claims"),
            "contradictions": set(conn.execute(
                "SELECT a.article_id, a.idx, b.article_id, b.idx, c.kind FROM claim_contradictions c"
                " JOIN claims a ON a.id = c.claim_id JOIN claims b ON b.id = c.other_claim_id")),
            "copies": set(conn.execute("SELECT article_id, copy_of, method FROM copy_links")),
            "wire credits": set(conn.execute("SELECT article_id, origin, basis FROM wire_credits")),
            "listings": (set(conn.execute("SELECT * FROM event_listing")),
                         set(conn.execute("SELECT * FROM thread_listing"))),
            "documents": conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "linked": set(_ids(path, "SELECT article_id FROM linked")),
            "queued": set(_ids(path, "SELECT article_id FROM link_pending UNION ALL"
                                     " SELECT article_id FROM analysis_pending")),
        }
    finally:
        conn.close()


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def harbour_store(tmp_path_factory) -> Path:
    """Every harbour report in one store (copied by each test that writes)."""
    folder = tmp_path_factory.mktemp("harbour")
    return _build(folder / "all.db", [_write_corpus(folder / "all", [a["id"] for a in HARBOUR])])


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def test_the_fixture_links_something_worth_forgetting(harbour_store):
    links = _links(harbour_store)
    copies = {(a, b) for a, b, _ in links["copies"]}
    wire, copy = _ids(harbour_store, "SELECT id FROM articles WHERE name IN ('wire-grounding', 'daily-copy')"
                                     " ORDER BY published")
    assert (copy, wire) in copies
    assert any({wire, copy} <= event for event in links["events"])
    assert links["claims"] and len(links["threads"]) >= 2
    assert all(links["listings"])  # event and thread listing rows, kept by linking


@pytest.mark.parametrize("what, forgotten", [
    (["wire-grounding"], {"wire-grounding"}),                  # the earliest, with a copy of it
    (["--outlet", "Northern Wire"], {"wire-grounding", "wire-investigators"}),
    (["times-refloated"], {"times-refloated"}),                # one in the middle
])
def test_forgetting_y_leaves_the_store_x_alone_would_be(harbour_store, tmp_path, capsys, what, forgotten):
    store = _copy(harbour_store, tmp_path / "xy.db")
    code, out, err = _forget(capsys, store, *what)
    kept = [a["id"] for a in HARBOUR if a["id"] not in forgotten]
    assert code == 0, err
    assert out.strip() == out.strip().splitlines()[0]
    assert out.startswith(f"{len(forgotten)} article") and f"{len(kept)} articles re-linked" in out
    fresh = _build(tmp_path / "x.db", [_write_corpus(tmp_path / "x", kept)])
    assert _links(store) == _links(fresh)


def test_a_copy_no_longer_points_at_a_forgotten_original(harbour_store, tmp_path, capsys):
    store = _copy(harbour_store, tmp_path / "xy.db")
    wire = _ids(store, "SELECT id FROM articles WHERE name = 'wire-grounding'")[0]
    assert _forget(capsys, store, wire[:10])[0] == 0
    assert not _ids(store, f"SELECT article_id FROM copy_links WHERE copy_of = '{wire}'")
    assert not _ids(store, "SELECT name FROM entities WHERE name LIKE '%Brennan%' AND id NOT IN"
                           " (SELECT entity_id FROM entity_mentions)")
    with sqlite3.connect(store) as conn:
        hits = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'tonnes'").fetchall()
        assert hits == conn.execute("SELECT rowid FROM articles WHERE name = 'daily-copy'").fetchall()
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        for table in forget_store.ARTICLE_TABLES[1:] + ("entity_mentions", "claims", "event_articles"):
            assert not conn.execute(f"SELECT 1 FROM {table} WHERE article_id = ?", (wire,)).fetchall(), table
        assert not conn.execute("SELECT 1 FROM events e WHERE NOT EXISTS"
                                " (SELECT 1 FROM event_articles ea WHERE ea.event_id = e.id)").fetchall()
        assert not conn.execute("SELECT 1 FROM threads t WHERE NOT EXISTS"
                                " (SELECT 1 FROM event_threads et WHERE et.thread_id = t.id)").fetchall()


def test_forget_by_source_file(harbour_store, tmp_path, capsys):
    store = _copy(harbour_store, tmp_path / "xy.db")
    extra = _write_corpus(tmp_path / "extra", ["valley-library"])
    with sqlite3.connect(store) as conn:  # as if the library story had come from its own file
        conn.execute("UPDATE articles SET source = ? WHERE name = 'valley-library'", (str(extra),))
    code, out, _ = _forget(capsys, store, "--source", str(extra))
    assert code == 0 and out.startswith("1 article removed")
    assert "valley-library" not in _ids(store, "SELECT name FROM articles")


def test_a_missing_or_ambiguous_id_is_a_one_line_error_and_changes_nothing(harbour_store, tmp_path, capsys):
    store = _copy(harbour_store, tmp_path / "xy.db")
    before = _dump(store)
    code, out, err = _forget(capsys, store, "daily-copy", "no-such-article")
    assert code == 1 and not out
    assert err.count("\n") == 1 and err.startswith("storyledger: error: no article 'no-such-article'")
    code, out, err = _forget(capsys, store, "")  # an empty prefix matches every article
    assert code == 1 and err.count("\n") == 1 and f"matches {len(HARBOUR)} articles" in err
    assert _dump(store) == before


def test_dry_run_says_what_would_go_and_changes_nothing(harbour_store, tmp_path, capsys):
    store = _copy(harbour_store, tmp_path / "xy.db")
    before = _dump(store)
    code, out, _ = _forget(capsys, store, "--dry-run", "wire-grounding")
    wire, copy = _ids(store, "SELECT id FROM articles WHERE name IN ('wire-grounding', 'daily-copy')"
                             " ORDER BY published")
    assert code == 0 and wire in out
    assert f"copies that would no longer point at them: {copy}" in out
    assert out.splitlines()[-1].startswith("would remove 1 article and re-link 4 articles")
    assert _dump(store) == before


def test_a_failure_while_re_linking_leaves_the_store_as_it_was(harbour_store, tmp_path, capsys, monkeypatch):
    store = _copy(harbour_store, tmp_path / "xy.db")
    before = _dump(store)
    real, calls = link.link_article, []

    def failing_on_the_third(db, article, analysis):
        calls.append(article.id)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(db, article, analysis)

    monkeypatch.setattr(link, "link_article", failing_on_the_third)
    code, out, err = _forget(capsys, store, "wire-grounding")
    assert code == 1 and err.count("\n") == 1 and "nothing was removed" in err
    assert _dump(store) == before


def test_every_table_is_known_to_forget(harbour_store):
    db = Database(harbour_store)
    try:
        assert forget_store.unclassified_tables(db) == []
    finally:
        db.close()


def test_forgetting_the_demo_wire_report(tmp_path, capsys):
    """The demo story: a wire report, its web copy and a French translation of it, follow-ups."""
    files = sorted(p for p in DEMO.iterdir() if p.name != "metadata.jsonl")
    store = _build(tmp_path / "xy.db", files)
    code, out, err = _forget(capsys, store, "01_afp_wire.txt")
    assert code == 0, err
    fresh = _build(tmp_path / "x.db", [p for p in files if not p.name.startswith("01_")])
    assert _links(store) == _links(fresh)
