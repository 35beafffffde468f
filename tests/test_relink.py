"""`storyledger relink`: after an analysis change (ANALYSIS_VERSION bumped) a store built by the
old version is analysed and linked again until it equals a store built by the new one, also
when the run is interrupted part way and started again; ingest says when a store is stale."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import DEMO, build_store, run_cli

from storyledger import link, pipeline
from storyledger.store import articles as store

NEW_VERSION = store.ANALYSIS_VERSION + 1


def _links(path: Path) -> dict:
    """Everything linking made, in terms that do not depend on the order rows were written."""
    conn = sqlite3.connect(path)
    try:
        def rows(sql: str) -> set:
            return set(conn.execute(sql))

        return {
            "events": rows("SELECT event_id, article_id FROM event_articles"),
            "threads": rows("SELECT et.thread_id, ea.article_id FROM event_articles ea"
                            " JOIN event_threads et ON et.event_id = ea.event_id"),
            "entities": rows("SELECT e.name, e.type, m.article_id, m.start, m.end FROM entities e"
                             " JOIN entity_mentions m ON m.entity_id = e.id"),
            "aliases": rows("SELECT e.name, a.text FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"),
            "claims": rows("SELECT article_id, idx, content, speaker, channel, status, source_key, group_id"
                           " FROM claims"),
            "contradictions": rows("SELECT claim_id, other_claim_id, kind FROM claim_contradictions"),
            "copies": rows("SELECT article_id, copy_of, method FROM copy_links"),
            "wire credits": rows("SELECT article_id, origin, basis FROM wire_credits"),
            "listings": (rows("SELECT * FROM event_listing"), rows("SELECT * FROM thread_listing")),
            "linked": rows("SELECT article_id, analysis_version, code_version FROM linked"),
            "queued": rows("SELECT article_id FROM link_pending UNION ALL SELECT article_id FROM analysis_pending"),
            "analyses": rows("SELECT article_id, version, data FROM analyses"),
        }
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture(scope="module")
def old_store(tmp_path_factory) -> Path:
    """The demo corpus analysed and linked by the current version (copied by each test)."""
    return build_store(tmp_path_factory.mktemp("old"), DEMO)


@pytest.fixture(scope="module")
def fresh_store(tmp_path_factory) -> Path:
    """The demo corpus analysed and linked from scratch by the next analysis version."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "ANALYSIS_VERSION", NEW_VERSION)
        return build_store(tmp_path_factory.mktemp("fresh"), DEMO)


@pytest.fixture
def upgraded(monkeypatch):
    monkeypatch.setattr(store, "ANALYSIS_VERSION", NEW_VERSION)


def test_the_fixture_links_something(old_store):
    links = _links(old_store)
    assert links["copies"] and links["claims"] and links["events"] and links["entities"]
    assert {version for _, version, _ in links["linked"]} == {NEW_VERSION - 1}


def test_relink_brings_every_analysis_and_link_to_the_new_version(old_store, fresh_store, tmp_path, capsys,
                                                                  upgraded):
    path = _copy(old_store, tmp_path / "s.db")
    code, out, err = run_cli(["relink", "--db", str(path)], capsys)
    assert code == 0, err
    assert out.count("\n") == 1 and out.startswith("5 analysed again, links of 5 articles were stale, 5 linked")
    assert "relink: linking 5 articles in publication order" in err
    links = _links(path)
    assert {version for _, version, _ in links["analyses"]} == {NEW_VERSION}
    assert {version for _, version, _ in links["linked"]} == {NEW_VERSION}
    assert links == _links(fresh_store)


@pytest.mark.parametrize("stage, after", [("analyse", 2), ("link", 0), ("link", 3)])
def test_an_interrupted_relink_goes_on_where_it_stopped(old_store, fresh_store, tmp_path, capsys, monkeypatch,
                                                       upgraded, stage, after):
    path = _copy(old_store, tmp_path / "s.db")
    module, name = (pipeline, "analyse") if stage == "analyse" else (link, "link_article")
    real, calls = getattr(module, name), []

    def interrupted(*args):
        if len(calls) == after:
            raise KeyboardInterrupt
        calls.append(args)
        return real(*args)

    with monkeypatch.context() as patch:
        patch.setattr(module, name, interrupted)
        code, _, err = run_cli(["relink", "--db", str(path)], capsys)
    assert code == 130 and "interrupted" in err
    linked = {article for article, *_ in _links(path)["linked"]}
    assert len(linked) == (after if stage == "link" else 5)  # what was done before the interrupt is kept
    code, out, err = run_cli(["relink", "--db", str(path)], capsys)
    assert code == 0, err
    if stage == "link":  # the links made before the interrupt were current: not emptied again
        assert f"{5 - after} linked" in out and "stale" not in out
    assert _links(path) == _links(fresh_store)


def test_relink_of_a_current_store_changes_nothing(old_store, tmp_path, capsys):
    path = _copy(old_store, tmp_path / "s.db")
    before = _links(path)
    code, out, _ = run_cli(["relink", "--db", str(path)], capsys)
    assert code == 0 and out.startswith("0 analysed again, 0 linked, 0 failed")
    assert _links(path) == before


def test_ingest_into_a_stale_store_says_to_relink(old_store, tmp_path, capsys, monkeypatch):
    path = _copy(old_store, tmp_path / "s.db")
    code, _, err = run_cli(["ingest", str(DEMO), "--store-only", "--db", str(path)], capsys)
    assert code == 0 and "relink" not in err
    monkeypatch.setattr(store, "ANALYSIS_VERSION", NEW_VERSION)
    code, _, err = run_cli(["ingest", str(DEMO), "--store-only", "--db", str(path)], capsys)
    assert code == 0
    notes = [line for line in err.splitlines() if "relink" in line]
    assert notes == ["storyledger: note: 5 stored articles were linked from an older analysis or by another "
                     "storyledger version; run `storyledger relink` to bring the store up to date"]


def test_an_upgraded_storyledger_renews_the_links_too(old_store, tmp_path, capsys, monkeypatch):
    path = _copy(old_store, tmp_path / "s.db")
    monkeypatch.setattr(store, "CODE_VERSION", "99.0")
    code, out, err = run_cli(["relink", "--db", str(path)], capsys)
    assert code == 0, err
    assert out.startswith("0 analysed again, links of 5 articles were stale, 5 linked")
    assert {code for *_, code in _links(path)["linked"]} == {"99.0"}


@pytest.mark.parametrize("make", ["missing", "folder", "not a store"])
def test_a_bad_db_path_is_a_one_line_error(tmp_path, capsys, make):
    path = tmp_path / "s.db"
    if make == "folder":
        path.mkdir()
    elif make == "not a store":
        path.write_text("hello", encoding="utf-8")
    code, out, err = run_cli(["relink", "--db", str(path)], capsys)
    assert code in (1, 2) and not out
    assert err.count("\n") == 1 and err.startswith(f"storyledger: error: {path}")
    assert make != "missing" or not path.exists()

