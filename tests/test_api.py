"""The Python API (storyledger.open): the README's examples run, and every method returns what
the matching CLI command prints."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

import storyledger
from storyledger.api import frame
from storyledger.cli import main
from storyledger.store import StoreError

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
HAS_PANDAS = importlib.util.find_spec("pandas") is not None
REPORT = ("LYON, May 4 (Example Wire) - The city council of Lyon approved a new tram line on Monday, "
          "the mayor said. The line will link the station to the northern suburbs by 2028, "
          "according to the council's transport committee.\n")


def readme_examples() -> list[str]:
    section = README.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def cli_json(*argv: str):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0
    return json.loads(out.getvalue())


def plain(value):
    """What the CLI's JSON printing makes of a value."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@pytest.fixture
def ledger(demo_db_path):
    with storyledger.open(demo_db_path) as opened:
        yield opened


@pytest.fixture
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "tram.txt").write_text(REPORT, encoding="utf-8")
    return folder


def test_the_readme_example_runs_on_the_demo_store(demo_db_path, capsys):
    first = readme_examples()[0]
    assert 'storyledger.open("demo.db")' in first
    exec(first.replace('"demo.db"', repr(str(demo_db_path))), {})
    printed = capsys.readouterr().out
    title = cli_json("threads", "--db", str(demo_db_path), "--json")[0]["title"]
    assert printed.startswith(title)
    assert re.search(r"^(confirmed|claimed|alleged|asserted|hedged|denied|not confirmed) ", printed, re.M)


def test_the_readme_ingest_example_runs(reports, tmp_path):
    code = readme_examples()[1].replace('"my-story.db"', repr(str(tmp_path / "story.db")))
    code = code.replace('"reports/"', repr(str(reports)))
    if HAS_PANDAS:
        exec(code, {"storyledger": storyledger})
    else:
        with pytest.raises(ImportError, match=re.escape("pip install storyledger[pandas]")):
            exec(code, {"storyledger": storyledger})
    assert (tmp_path / "story.db").is_file()


def test_listings_equal_the_cli_json(ledger, demo_db_path):
    db = ("--db", str(demo_db_path), "--json")
    assert ledger.threads() == cli_json("threads", *db) and ledger.threads()
    assert ledger.events() == cli_json("events", *db) and len(ledger.events()) >= 2
    assert ledger.articles() == cli_json("articles", *db) and len(ledger.articles()) == 5
    assert ledger.entities() == cli_json("entities", *db)
    people = ledger.entities(type="person")
    assert people == cli_json("entities", "--type", "PERSON", *db) and people
    assert {row["type"] for row in people} == {"PERSON"}
    found = ledger.search("Varnavin", limit=3)
    assert found == cli_json("search", "Varnavin", "--limit", "3", *db) and found


def test_listings_page_as_the_cli_does(ledger, demo_db_path):
    assert ledger.events(limit=1, offset=1) == cli_json("events", "--db", str(demo_db_path), "--json",
                                                        "--limit", "1", "--offset", "1")
    assert ledger.events(limit=1, offset=1) == ledger.events()[1:2]


def test_the_dossier_is_the_cli_json_dossier(ledger, demo_db_path):
    dossier = ledger.dossier("t1")
    assert plain(dossier) == cli_json("dossier", "t1", "--db", str(demo_db_path), "--format", "json")
    assert plain(ledger.dossier("e1")) == cli_json("dossier", "e1", "--db", str(demo_db_path), "--format", "json")
    with pytest.raises(LookupError, match="no thread t99"):
        ledger.dossier("t99")
    with pytest.raises(ValueError, match="not a thread or event id"):
        ledger.dossier("x")


def test_claims_are_the_dossier_claims_ledger(ledger):
    ledger_t1 = ledger.claims(thread="t1")
    assert ledger_t1 and {row["thread"] for row in ledger_t1} == {"t1"}
    assert [{k: v for k, v in row.items() if k != "thread"} for row in ledger_t1] == ledger.dossier("t1")["claims"]
    every = ledger.claims()
    assert {row["thread"] for row in every} == {t["id"] for t in ledger.threads() if ledger.dossier(t["id"])["claims"]}
    assert all(row in every for row in ledger_t1)


def test_reading_is_read_only_and_refuses_a_missing_store(ledger, tmp_path):
    ledger.threads()
    assert ledger.db.readonly
    missing = tmp_path / "missing.db"
    with storyledger.open(missing) as nothing, pytest.raises(StoreError):
        nothing.threads()
    assert not missing.exists()


def test_a_wrong_entity_type_is_one_line(ledger):
    with pytest.raises(ValueError, match="not one of PERSON, ORG, GPE, LOC"):
        ledger.entities(type="animal")


def test_ingest_creates_the_store_and_reports(reports, tmp_path):
    with storyledger.open(tmp_path / "new.db") as ledger:
        same = {"outlet": "Example Wire", "published": "2026-05-04", "lang": "English"}
        report = ledger.ingest(reports, **same)
        assert report.ok and len(report.added) == 1 and report.linked == 1
        (article,) = ledger.articles()
        assert (article["outlet"], article["published"], article["lang"]) == ("Example Wire", "2026-05-04", "en")
        assert ledger.threads() and ledger.search("tram")
        again = ledger.ingest([str(reports)], **same)
        assert again.already_stored == 1 and not again.added
        assert len(ledger.articles()) == 1


def test_ingest_checks_its_overrides_before_writing(tmp_path, reports):
    ledger = storyledger.open(tmp_path / "new.db")
    with pytest.raises(ValueError, match="not a date"):
        ledger.ingest(reports, published="yesterday")
    with pytest.raises(ValueError, match="ISO 639-1"):
        ledger.ingest(reports, lang="Klingon")
    with pytest.raises(TypeError, match="unknown overrides source"):
        ledger.ingest(reports, source="x")
    assert not (tmp_path / "new.db").exists()
    ledger.close()


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed")
def test_listings_convert_to_dataframes(ledger):
    frame = ledger.threads().df()
    assert list(frame["id"]) == [t["id"] for t in ledger.threads()]
    assert "span.first" in frame.columns and "counts.reports" in frame.columns


@pytest.mark.skipif(HAS_PANDAS, reason="pandas is installed")
def test_without_pandas_a_dataframe_asks_for_the_extra(ledger):
    with pytest.raises(ImportError, match=r"^pandas is not installed; `pip install storyledger\[pandas\]` adds it$"):
        ledger.threads().df()
    with pytest.raises(ImportError, match=re.escape("pip install storyledger[pandas]")):
        frame([{"id": "t1"}])
