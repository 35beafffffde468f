"""The event and thread listings read rows that linking keeps up to date (migration 012): they
must equal rows computed from scratch, however the articles arrived."""
from storyledger import pipeline
from storyledger.dossier import build
from storyledger.store import listings
from storyledger.store.db import Database

from conftest import DEMO


def _from_scratch(db):
    events = build.event_rows(db, listings.all_ids(db, "event"))
    threads = build.thread_rows(db, listings.all_ids(db, "thread"))
    return events, threads


def test_rows_stay_current_when_articles_arrive_one_commit_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "LINK_BATCH", 1)  # every article its own commit and refresh
    db = Database(tmp_path / "s.db")
    report = pipeline.run(db, [str(DEMO)])
    assert report.ok and report.linked >= 5
    events, threads = _from_scratch(db)
    assert listings.rows(db, "event", events) == events
    assert listings.rows(db, "thread", threads) == threads
    assert len(threads) >= 1 and any(len(t["events"]) > 1 for t in threads.values())


def test_a_store_without_rows_lists_the_same(demo_db_path, tmp_path):
    import shutil

    Database(demo_db_path).close()
    path = tmp_path / "old.db"
    shutil.copyfile(demo_db_path, path)
    db = Database(path)
    expected_threads, expected_events = build.list_threads(db), build.list_events(db, 50)
    db.execute("DELETE FROM event_listing")
    db.execute("DELETE FROM thread_listing")  # as a store from before the listing tables
    assert build.list_threads(db) == expected_threads and build.list_events(db, 50) == expected_events
    assert listings.without_rows(db, "event")  # a GET computes them; it does not store them
    build.refresh_listings(db, [])
    assert listings.without_rows(db, "event") == [] and listings.without_rows(db, "thread") == []
