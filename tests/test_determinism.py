"""Same input, same output: one corpus ingested into fresh stores by separate processes, under
different string hash seeds (PYTHONHASHSEED: set iteration order) and once with analysis on a
local Dask cluster, gives identical events, threads, entities, claims and dossiers.

Nothing is stripped before comparing: no output holds a time-dependent field (the stores'
ingested_at timestamps are not part of any output, and no longer order anything).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storyledger.clean import clean
from storyledger.model import Analysis, Document
from storyledger.store import Database
from storyledger.store import articles as store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "storyledger" / "demo" / "corpus"  # five reports, one in French, a copy, a feed

# Runs in a fresh process: ingest through the CLI, then every output as one JSON object.
DUMP = r"""
import json, sys
from storyledger import cli
from storyledger.dossier import build
from storyledger.link import claims, copies, entities, events, threads
from storyledger.store.db import Database

corpus, db_path, out, *extra = sys.argv[1:]
code = cli.main(["ingest", corpus, "--db", db_path, *extra])
assert code == 0, f"ingest exited {code}"
db = Database(db_path)
listed_threads = build.list_threads(db)
result = {
    "events": build.list_events(db), "event_members": events.events(db),
    "threads": listed_threads, "thread_members": threads.threads(db),
    "entities": [{**e, **entities.entity_detail(db, e["id"])} for e in entities.entities(db)],
    "claims": claims.claim_groups(db), "copies": copies.copy_groups(db),
    "dossiers": {t["id"]: build.build_dossier(db, t["id"]) for t in listed_threads},
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(result, f, ensure_ascii=False, sort_keys=True)
"""


def run_once(tmp: Path, name: str, hash_seed: str, *extra: str) -> dict:
    """Ingest CORPUS into a fresh store in its own process; its outputs as one dict."""
    db, out = tmp / f"{name}.db", tmp / f"{name}.json"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", DUMP, str(CORPUS), str(db), str(out), *extra],
                          env=env, cwd=tmp, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeded_runs(tmp_path_factory) -> list[dict]:
    """Two runs side by side (one core each), under two hash seeds."""
    tmp = tmp_path_factory.mktemp("determinism")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(run_once, tmp, f"seed{seed}", seed) for seed in ("1", "2")]
        return [run.result() for run in runs]


def assert_same(first: dict, second: dict) -> None:
    for part in first:  # part by part, so that a failure names what differs
        assert first[part] == second[part], f"{part} differ between runs"
    assert first == second


def test_two_hash_seeds_give_the_same_outputs(seeded_runs):
    first, second = seeded_runs
    # the corpus exercises every stage: the comparison is not between two empty stores
    assert first["events"] and first["threads"] and first["claims"] and first["entities"]
    assert first["copies"] and first["dossiers"]
    assert_same(first, second)


@pytest.mark.slow
def test_analysis_on_a_local_dask_cluster_gives_the_same_outputs(seeded_runs, tmp_path):
    pytest.importorskip("dask.distributed")
    on_cluster = run_once(tmp_path, "dask", "3", "--dask", "local")
    assert_same(seeded_runs[0], on_cluster)


REPORTS = [  # (text, published): two of one day and one undated, stored in this order
    ("Divers found a second bronze statue off Kestrel Point on Tuesday, the harbour office said.", "2024-05-07"),
    ("The Kestrel Point statue will go on show in the town museum next spring, its curator said.", "2024-05-07"),
    ("Volunteers cleaned the beach at Kestrel Point before the summer season began.", None),
]


def test_articles_of_one_date_are_linked_by_id_whatever_their_ingest_clock(tmp_path):
    """ingested_at has one-second steps: whether two reports of one day fell in one second
    decided which was linked first, and so which founded an event."""
    db = Database(tmp_path / "s.db")
    saved = []
    for number, (text, published) in enumerate(REPORTS):
        article = clean(Document(raw=text.encode(), source=f"r{number}.txt", format="txt", text=text,
                                 meta={"lang": "en", "published": published, "name": f"r{number}.txt"}))
        assert store.save_article(db, article, text.encode(), "txt")
        store.save_analysis(db, Analysis(article_id=article.id))
        saved.append(article.id)
    dated, undated = sorted(saved[:2]), saved[2]
    second, next_second = "2024-05-07 10:00:00", "2024-05-07 10:00:01"
    for clocks in ((second, second), (second, next_second), (next_second, second)):
        for article_id, clock in zip(dated, clocks):
            db.execute("UPDATE articles SET ingested_at = ? WHERE id = ?", (clock, article_id))
        assert store.unlinked_ids(db) == [*dated, undated]
        assert store.ids_in_publication_order(db) == [*dated, undated]
        assert store.ids_in_publication_order(db, [undated, *reversed(dated)]) == [*dated, undated]
        assert [a["id"] for a in store.list_articles(db)] == [*dated, undated]
