"""Shared fixtures: stores built from the seeds and the demo corpus, once per test session.

`seeds_db_path` / `demo_db_path` are paths to fully ingested, analysed and
linked stores (read-only by convention: open them, do not write to them);
`seeds_db` / `demo_db` open a connection for one test. The seeds live outside
the repository (/work/shared/seeds, also in CI); tests that need them skip
when they are absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path("/work/shared/seeds")
SEEDS_GOLD = Path("/work/shared/gold/seeds.gold.json")
DEMO = Path(__file__).resolve().parent.parent / "storyledger" / "demo" / "corpus"


def build_store(folder: Path, corpus: Path) -> Path:
    """Ingest, analyse and link `corpus` into a new store under `folder`; return its path."""
    from storyledger import pipeline
    from storyledger.store.db import Database

    path = folder / "store.db"
    db = Database(path)
    try:
        report = pipeline.run(db, [str(corpus)])
        assert report.ok, report.errors
    finally:
        db.close()
    return path


@pytest.fixture(scope="session")
def seeds_db_path(tmp_path_factory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not there")
    return build_store(tmp_path_factory.mktemp("seeds"), SEEDS)


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("demo"), DEMO)


@pytest.fixture
def seeds_db(seeds_db_path):
    from storyledger.store.db import Database

    db = Database(seeds_db_path)
    yield db
    db.close()


@pytest.fixture
def demo_db(demo_db_path):
    from storyledger.store.db import Database

    db = Database(demo_db_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    import json

    if not SEEDS_GOLD.is_file():
        pytest.skip(f"{SEEDS_GOLD} is not there")
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
