"""One settings object for the link stage's thresholds: frozen, passed in, and the only place
a threshold lives (no link module keeps one as a module global a benchmark could set)."""
from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from conftest import DEMO

from storyledger import link, pipeline
from storyledger.link import claims, copies, entities, events, threads
from storyledger.settings import DEFAULT, ClaimSettings, Settings
from storyledger.store import articles as store
from storyledger.store.db import Database

STAGES = {"claims": claims, "copies": copies, "entities": entities, "events": events,
          "threads": threads}  # Settings field -> link module


def test_the_defaults_are_one_frozen_object():
    assert Settings() == DEFAULT
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.claims.same_claim = 0.9
    tuned = dataclasses.replace(DEFAULT, claims=dataclasses.replace(DEFAULT.claims, same_claim=0.9))
    assert tuned.claims.same_claim == 0.9 and DEFAULT.claims.same_claim == ClaimSettings().same_claim


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_no_link_module_keeps_a_threshold_of_its_own(stage):
    module = STAGES[stage]
    for setting in dataclasses.fields(getattr(DEFAULT, stage)):
        assert not hasattr(module, setting.name.upper()), f"{module.__name__}.{setting.name.upper()}"


def test_contradictions_read_the_topic_threshold_given():
    def features(negated: bool) -> dict:
        return {"numbers": [], "units": [], "words": ["fired", "shots", "windows"], "negated": negated, "lang": "en"}

    assert claims.contradictions(features(True), features(False), 0.5) == [("polarity", "negated vs affirmed")]
    stricter = dataclasses.replace(DEFAULT.claims, same_topic=0.6)
    assert claims.contradictions(features(True), features(False), 0.5, stricter) == []


@pytest.fixture(scope="module")
def analysed_demo(tmp_path_factory):
    """The demo corpus stored and analysed, not linked (copied by each test)."""
    path = tmp_path_factory.mktemp("demo") / "analysed.db"
    db = Database(path)
    try:
        pipeline.ingest_paths(db, [str(DEMO)])
        pipeline.analyse_pending(db)
    finally:
        db.close()
    return path


def _linked_with(settings: Settings, analysed, path, count_sql: str) -> tuple[int, ...]:
    """The demo linked with `settings`: the row of `count_sql` read from the links."""
    with sqlite3.connect(analysed) as source, sqlite3.connect(path) as target:
        source.backup(target)
    db = Database(path)
    try:
        for article_id in store.unlinked_ids(db):
            link.link_article(db, store.get_article(db, article_id), store.get_analysis(db, article_id), settings)
        return tuple(db.query(count_sql)[0])
    finally:
        db.close()


CLAIM_GROUPS = "SELECT COUNT(*), COUNT(DISTINCT group_id) FROM claims"
EVENTS_AND_THREADS = "SELECT COUNT(DISTINCT event_id), COUNT(DISTINCT thread_id) FROM event_threads"


def test_the_settings_given_to_the_link_stage_reach_the_claims(analysed_demo, tmp_path):
    claims_made, groups = _linked_with(DEFAULT, analysed_demo, tmp_path / "default.db", CLAIM_GROUPS)
    assert groups < claims_made  # the demo's wire report is copied and translated: its claims group
    apart = dataclasses.replace(DEFAULT, claims=dataclasses.replace(
        DEFAULT.claims, same_claim=1.5, translated_claim=0.0))  # no similarity reaches 1.5
    assert _linked_with(apart, analysed_demo, tmp_path / "apart.db", CLAIM_GROUPS) == (claims_made, claims_made)


def test_the_settings_given_to_the_link_stage_reach_events_and_threads(analysed_demo, tmp_path):
    events_made, threads_made = _linked_with(DEFAULT, analysed_demo, tmp_path / "default.db", EVENTS_AND_THREADS)
    assert threads_made < events_made  # the demo's arrests are a development of the wire report's story
    apart = dataclasses.replace(
        DEFAULT, events=dataclasses.replace(DEFAULT.events, join_threshold=1.5, learned=False),
        threads=dataclasses.replace(DEFAULT.threads, join_threshold=1.5, merge_threshold=1.5))
    events_apart, threads_apart = _linked_with(apart, analysed_demo, tmp_path / "apart.db", EVENTS_AND_THREADS)
    assert events_apart > events_made and threads_apart == events_apart  # only copies still share an event
