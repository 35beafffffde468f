"""The store: migrations, transactions, round trips."""
from __future__ import annotations

import pytest

from storyledger.clean import clean
from storyledger.model import Analysis, Attribution, Document, Mention, Span, TimeExpr
from storyledger.store import Database
from storyledger.store import articles as store

TEXT = ("The museum reopened on Friday after a two-year renovation, its director said.\n\n"
        "Share this article\n\n"
        "Visitors queued for an hour to see the restored ceiling.")


def article():
    return clean(Document(raw=TEXT.encode(), source="m.txt", format="txt", text=TEXT,
                          meta={"lang": "en", "published": "2024-04-05", "name": "m.txt"}))


def test_migrations_apply_once_and_are_recorded(tmp_path):
    db = Database(tmp_path / "s.db")
    applied = db.schema_version()
    assert applied[0] == "001_articles" and len(applied) >= 2
    db.close()
    again = Database(tmp_path / "s.db")
    assert again.schema_version() == applied


def test_article_round_trip(tmp_path):
    db = Database(tmp_path / "s.db")
    original = article()
    assert store.save_article(db, original, TEXT.encode(), "txt") is True
    assert store.save_article(db, original, TEXT.encode(), "txt") is False
    loaded = store.get_article(db, original.id)
    assert loaded.text == original.text and loaded.sentences == original.sentences
    assert [r.reason for r in loaded.removed] == ["prompt"]
    assert store.find_articles(db, "m.txt") == [original.id]
    assert store.find_articles(db, original.id[:6]) == [original.id]
    assert store.search(db, "ceiling")[0]["id"] == original.id
    assert store.search(db, 'ceiling" OR (') == []  # user punctuation never raises


def test_failed_transaction_leaves_nothing(tmp_path):
    db = Database(tmp_path / "s.db")
    with pytest.raises(RuntimeError):
        with db.transaction():
            store.save_article(db, article(), TEXT.encode(), "txt")
            raise RuntimeError("crash in the middle")
    assert store.count_articles(db) == 0


def test_failed_inner_unit_is_undone_and_the_outer_transaction_goes_on(tmp_path):
    db = Database(tmp_path / "s.db")
    kept, lost = article(), clean(Document(raw=b"x", source="n.txt", format="txt", text=TEXT + " More.",
                                           meta={"lang": "en", "name": "n.txt"}))
    with db.transaction():
        with db.transaction():
            store.save_article(db, kept, TEXT.encode(), "txt")
        with pytest.raises(RuntimeError):
            with db.transaction():
                store.save_article(db, lost, b"x", "txt")
                raise RuntimeError("this article fails")
        assert store.count_articles(db) == 1
    reopened = Database(tmp_path / "s.db")
    assert store.find_articles(reopened, "m.txt") == [kept.id]
    assert store.find_articles(reopened, "n.txt") == []


def test_analysis_round_trip(tmp_path):
    db = Database(tmp_path / "s.db")
    a = article()
    store.save_article(db, a, TEXT.encode(), "txt")
    analysis = Analysis(
        article_id=a.id,
        mentions=[Mention(4, 10, "museum", "ORG", 0)],
        times=[TimeExpr(24, 33, "on Friday", "DATE", "2024-04-05", "day")],
        attributions=[Attribution(0, 75, cue=Span(66, 70, "said"), content=Span(0, 55, "The museum"),
                                  speaker=Span(50, 65, "its director"), speaker_name="its director")])
    assert store.unanalysed_ids(db) == [a.id]
    store.save_analysis(db, analysis)
    assert store.get_analysis(db, a.id) == analysis
    assert store.unanalysed_ids(db) == []


def test_work_queues_follow_analysis_and_linking(tmp_path):
    db = Database(tmp_path / "s.db")
    a = article()
    store.save_article(db, a, TEXT.encode(), "txt")
    assert store.unanalysed_ids(db) == [a.id] and store.unlinked_ids(db) == []
    store.save_analysis(db, Analysis(article_id=a.id))
    assert store.unanalysed_ids(db) == [] and store.unlinked_ids(db) == [a.id]
    store.mark_linked(db, a.id)
    assert store.unlinked_ids(db) == []
    store.save_analysis(db, Analysis(article_id=a.id))  # analysed again: it is not linked twice
    assert store.unlinked_ids(db) == []


# --- honest opens: reading commands never create, migrate needlessly or write ---------------

def test_a_reading_command_refuses_a_missing_store(tmp_path, capsys):
    from storyledger.cli import main

    missing = tmp_path / "typo.db"
    for command in (["threads"], ["articles"], ["entities"], ["events"], ["search", "x"], ["dossier", "t1"]):
        with pytest.raises(SystemExit) as exited:
            main([*command, "--db", str(missing)])
        assert exited.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no such store" in err and "Traceback" not in err
    assert not missing.exists()


def test_a_read_only_connection_cannot_write_and_leaves_the_file_alone(tmp_path):
    import sqlite3

    from storyledger.store.db import open_db

    path = tmp_path / "s.db"
    db = Database(path)
    store.save_article(db, article(), TEXT.encode(), "txt")
    db.close()  # checkpoints the WAL: the file is complete
    before = path.stat().st_mtime_ns
    reader = open_db(path, readonly=True)
    assert store.count_articles(reader) == 1
    with pytest.raises(sqlite3.OperationalError):
        reader.execute("DELETE FROM articles")
    reader.close()
    assert path.stat().st_mtime_ns == before


def test_a_reading_command_upgrades_an_older_store_it_may_write(tmp_path, monkeypatch):
    from storyledger.store import db as db_module
    from storyledger.store.db import StoreOutdated, open_db

    path = tmp_path / "s.db"
    every = db_module._migrations()
    latest = every[-1][0]
    monkeypatch.setattr(db_module, "_migrations", lambda: every[:-1])  # as an older version left it
    Database(path).close()
    monkeypatch.setattr(db_module, "_migrations", lambda: every)
    with pytest.raises(StoreOutdated):
        Database(path, readonly=True)
    reader = open_db(path, readonly=True)
    assert reader.schema_version()[-1] == latest
