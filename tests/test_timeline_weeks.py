"""A fact dated by a week keeps its week in the dossier timeline: shown as the week's first day
with granularity "week", never as the month its Thursday falls in. Reports written for this test."""
from __future__ import annotations

import json

from storyledger.analyse.events import week_start
from storyledger.dossier.build import build_dossier, list_threads
from storyledger.store.db import Database

from conftest import build_store

REPORTS = [
    {"id": "w1", "url": "https://wire.example/plot-charged", "outlet": "wire.example", "lang": "en",
     "published": "2025-10-16", "title": "Four men charged over plot against exiled blogger",
     "text": "Four men were charged on Thursday over an alleged plot to kill an exiled blogger in Lyon, "
             "prosecutors said. The suspects will appear before an investigating judge next week, the "
             "prosecutors said."},
    {"id": "w2", "url": "https://daily.example/plot-suspects", "outlet": "daily.example", "lang": "en",
     "published": "2025-10-17", "title": "Plot against exiled blogger: four suspects charged",
     "text": "Four men have been charged over an alleged plot to kill an exiled blogger in Lyon, "
             "prosecutors said on Friday. The four suspects will appear before an investigating judge "
             "next week, according to the prosecutors."},
]


def test_week_start_is_the_monday_or_the_saturday_of_a_weekend():
    assert week_start("2025-W43") == "2025-10-20"
    assert week_start("2025-W43-WE") == "2025-10-25"
    assert week_start("2025-10") is None and week_start(None) is None


def test_next_week_shows_as_a_week_in_the_timeline(tmp_path):
    corpus = tmp_path / "reports.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    db = Database(build_store(tmp_path, corpus))
    try:
        dossier = build_dossier(db, list_threads(db)[0]["id"])
    finally:
        db.close()
    weeks = [e for e in dossier["timeline"] if e["granularity"] == "week"]
    assert weeks, dossier["timeline"]
    assert {e["date"] for e in weeks} == {"2025-10-20"}  # the Monday of 2025-W43
    assert all(len(e["date"]) == 10 for e in dossier["timeline"])  # no fact shows as a bare month
