"""Issue 19: one analyser's crash must not lose the whole article.

A component that raises leaves its part of the analysis empty and is recorded in
`Analysis.failures`; the article is still stored, analysed by the other components, linked,
shown with the failure, and analysed again under another code version. The report below was
written for these tests.
"""
from __future__ import annotations

import json

import pytest

from storyledger import link, pipeline
from storyledger.analyse import analyse, attribution, entities, events, time
from storyledger.cli import main
from storyledger.dossier.build import article_view
from storyledger.store import Database
from storyledger.store import articles as store

REPORT = (
    "The old stone bridge at Corvallen was closed to traffic on Tuesday after engineers found a "
    "crack in its central arch. The bridge was built two centuries ago and has carried traffic over "
    "the past two centuries, the town's mayor, Helena Varga, said on Wednesday. \"We will not take "
    "any risk with a structure of this age,\" Varga told reporters outside the town hall. Repairs are "
    "expected to take several months, according to the regional roads agency.\n"
)


def ingest(tmp_path, *extra) -> int:
    path = tmp_path / "bridge.txt"
    path.write_text(REPORT, encoding="utf-8")
    return main(["ingest", str(path), "--db", str(tmp_path / "t.db"), "--published", "2025-03-14", *extra])


def only_article(db) -> str:
    [row] = store.list_articles(db)
    return row["id"]


def broken(*args, **kwargs):
    raise TypeError("cannot unpack non-iterable NoneType object")


def test_the_centuries_report_analyses_without_failure(tmp_path):
    assert ingest(tmp_path) == 0
    db = Database(tmp_path / "t.db")
    analysis = store.get_analysis(db, only_article(db))
    assert analysis.failures == []
    assert "two centuries ago" in {t.text for t in analysis.times}


def test_a_failing_component_leaves_the_others_and_the_article_is_linked(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(time, "extract_times", broken)
    assert ingest(tmp_path) == 0  # stored and linked: a warning, not an error
    err = capsys.readouterr().err
    db = Database(tmp_path / "t.db")
    article_id = only_article(db)
    assert f"storyledger: warning: {tmp_path / 'bridge.txt'}: {article_id}: analysis incomplete (time: TypeError" in err
    assert "error" not in err
    analysis = store.get_analysis(db, article_id)
    assert len(analysis.failures) == 1
    assert analysis.failures[0].startswith("time: TypeError: cannot unpack non-iterable NoneType object (")
    assert analysis.times == []
    assert {m.text for m in analysis.mentions} >= {"Helena Varga", "Corvallen"}
    assert any(a.speaker_name and "Varga" in a.speaker_name for a in analysis.attributions)
    assert analysis.events and all(e.time_index is None for e in analysis.events)  # dated by publication
    assert link.unlinked_ids(db) == [] and store.unanalysed_ids(db) == []
    assert db.query("SELECT COUNT(*) FROM event_articles WHERE article_id = ?", (article_id,))[0][0] == 1


def test_show_and_the_article_view_name_the_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(attribution, "extract_attributions", broken)
    ingest(tmp_path)
    db = Database(tmp_path / "t.db")
    article_id = only_article(db)
    capsys.readouterr()
    assert main(["show", article_id, "--db", str(tmp_path / "t.db")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("analysis incomplete: ")] == [
        f"analysis incomplete: {store.get_analysis(db, article_id).failures[0]}"]
    assert any(line.startswith("analysis incomplete: attribution: TypeError: cannot unpack") for line in lines)
    assert main(["show", article_id, "--db", str(tmp_path / "t.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["analysis_failures"][0].startswith("attribution: TypeError")
    view = article_view(db, article_id)
    assert view["claims"] == [] and view["analysis_failures"][0].startswith("attribution: TypeError")
    assert view["times"] and view["mentions"]


def test_a_complete_analysis_shows_no_failure(tmp_path, capsys):
    ingest(tmp_path)
    db = Database(tmp_path / "t.db")
    capsys.readouterr()
    main(["show", only_article(db), "--db", str(tmp_path / "t.db")])
    assert "analysis incomplete" not in capsys.readouterr().out
    assert article_view(db, only_article(db))["analysis_failures"] == []


def test_a_failed_dependency_gives_its_dependants_an_empty_input(tmp_path, monkeypatch):
    ingest(tmp_path, "--store-only")
    db = Database(tmp_path / "t.db")
    article = store.get_article(db, only_article(db))
    seen = {}
    real = attribution.extract_attributions

    def spy(article, doc, mentions):
        seen["mentions"] = mentions
        return real(article, doc, mentions)

    monkeypatch.setattr(entities, "extract_mentions", broken)
    monkeypatch.setattr(attribution, "extract_attributions", spy)
    analysis = analyse(article)
    assert seen["mentions"] == [] and analysis.mentions == []
    assert [f.split(":")[0] for f in analysis.failures] == ["entities"]
    assert analysis.times and analysis.events and analysis.attributions


def test_every_failing_component_is_recorded_in_order(tmp_path, monkeypatch):
    ingest(tmp_path, "--store-only")
    db = Database(tmp_path / "t.db")
    for module, name in ((time, "extract_times"), (entities, "extract_mentions"),
                         (attribution, "extract_attributions"), (events, "anchor_events")):
        monkeypatch.setattr(module, name, broken)
    analysis = analyse(store.get_article(db, only_article(db)))
    assert [f.split(":")[0] for f in analysis.failures] == ["time", "entities", "attribution", "events"]
    assert (analysis.times, analysis.mentions, analysis.attributions, analysis.events) == ([], [], [], [])


def test_a_failed_analysis_is_run_again_under_another_version_only(tmp_path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(time, "extract_times", broken)
        ingest(tmp_path)
    db = Database(tmp_path / "t.db")
    article_id = only_article(db)
    assert store.unanalysed_ids(db) == []  # the same code would fail the same way
    monkeypatch.setattr(store, "CODE_VERSION", "99.0")  # an upgrade
    assert store.unanalysed_ids(db) == [article_id]
    report = pipeline.analyse_pending(db)
    assert report.analysed == 1 and report.warnings == []
    analysis = store.get_analysis(db, article_id)
    assert analysis.failures == [] and "two centuries ago" in {t.text for t in analysis.times}
    assert store.unanalysed_ids(db) == []
    assert link.unlinked_ids(db) == []  # already linked: not linked a second time
    assert db.query("SELECT COUNT(*) FROM event_articles WHERE article_id = ?", (article_id,))[0][0] == 1


def test_a_store_from_before_the_failures_field_still_loads(tmp_path):
    ingest(tmp_path)
    db = Database(tmp_path / "t.db")
    article_id = only_article(db)
    data = json.loads(db.query("SELECT data FROM analyses")[0]["data"])
    data.pop("failures")
    # the store as the previous version left it: no failures in the JSON, no column, no migration
    db.execute("UPDATE analyses SET data = ?", (json.dumps(data),))
    db.execute("DROP INDEX analyses_failed_under")
    db.execute("ALTER TABLE analyses DROP COLUMN failed_under")
    db.execute("DELETE FROM schema_migrations WHERE name = '011_analysis_failures'")
    db.close()
    reopened = Database(tmp_path / "t.db")
    analysis = store.get_analysis(reopened, article_id)
    assert analysis.failures == [] and analysis.times
    assert store.unanalysed_ids(reopened) == []


def test_the_failed_analyses_are_found_through_an_index(tmp_path):
    db = Database(tmp_path / "t.db")
    plan = " ".join(r[-1] for r in db.query(
        "EXPLAIN QUERY PLAN SELECT article_id FROM analyses WHERE failed_under IS NOT NULL AND failed_under != ?",
        ("x",)))
    assert "analyses_failed_under" in plan


@pytest.mark.parametrize("message, expected", [
    ("", "time: TypeError"),
    ("two\nlines", "time: TypeError: two lines"),
    ("x" * 500, "time: TypeError: " + "x" * 199 + "…"),
])
def test_a_failure_is_one_line(message, expected):
    from storyledger.analyse import describe_failure

    try:
        raise TypeError(message)
    except TypeError as exc:
        line = describe_failure("time", exc)
    assert line.startswith(expected + " (test_analysis_failures.py:") and "\n" not in line
