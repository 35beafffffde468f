"""A dossier reads each event's date (and title, granularity, basis, sureness, evidence) from the
listing row computed when the event was linked, instead of voting over its reports' dates again;
a store whose rows predate that (or lack one) still gets the same dossier, computed."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyledger.dossier import build
from storyledger.store.db import Database


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _dossiers(path: Path) -> list[dict]:
    db = Database(path)
    try:
        return [build.build_dossier(db, t["id"]) for t in build.list_threads(db)]
    finally:
        db.close()


def test_a_dossier_does_not_date_its_events_again(demo_db_path, tmp_path, monkeypatch):
    path = _copy(demo_db_path, tmp_path / "s.db")
    expected = _dossiers(path)

    def no_voting(*args):
        raise AssertionError("the event's date was computed again")

    monkeypatch.setattr(build, "_event_date", no_voting)
    assert _dossiers(path) == expected
    db = Database(path)
    try:
        listed = {e["id"]: e for e in build.list_events(db)}
    finally:
        db.close()
    dated = [view for dossier in expected for view in dossier["events"]]
    assert dated and all(listed[v["id"]]["date"] == v["date"] and listed[v["id"]]["title"] == v["title"]
                         for v in dated)
    assert all("dating" not in row for row in listed.values())  # the listing shows what it showed


def test_rows_without_the_dating_give_the_same_dossier(demo_db_path, tmp_path):
    path = _copy(demo_db_path, tmp_path / "s.db")
    expected = _dossiers(path)
    with sqlite3.connect(path) as conn:  # listing rows as an older version wrote them
        for event_id, data in conn.execute("SELECT event_id, data FROM event_listing").fetchall():
            row = json.loads(data)
            assert row.pop("dating")["date_basis"] in ("reports", "publication")
            conn.execute("UPDATE event_listing SET data = ? WHERE event_id = ?", (json.dumps(row), event_id))
    assert _dossiers(path) == expected
