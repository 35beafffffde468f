"""Shared fixtures: stores built from the seeds and the demo corpus, once per test session.

`seeds_db_path` / `demo_db_path` are paths to fully ingested, analysed and
linked stores (read-only by convention: open them, do not write to them);
`seeds_db` / `demo_db` open a connection for one test. The seeds live outside
the repository (../shared/seeds, or $STORYLEDGER_SHARED/seeds; also in CI); tests
that need them skip when they are absent.
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest

from storyledger.paths import shared

SEEDS = Path(shared("seeds"))
SEEDS_GOLD = Path(shared("gold", "seeds.gold.json"))
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


@contextlib.contextmanager
def live_server(app):
    """A real uvicorn server for `app` on a free 127.0.0.1 port, in a thread; yields its base URL
    and stops when the block ends."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """`storyledger` with `argv`, in this process: its exit code (returned or raised), stdout, stderr."""
    from storyledger import cli

    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def sentence_article(article_id: str, text: str, lang: str = "en", published: str = "2024-05-07"):
    """An Article of `text` cut into sentences, as the link-stage tests feed it."""
    from storyledger import segment
    from storyledger.model import Article, Sentence
    spans = segment.sentences(text, lang)
    return Article(id=article_id, body=text, text=text, sentences=[Sentence(s, e, s, e) for s, e in spans],
                   lang=lang, published=published, name=article_id)


def link_copies(db, articles) -> None:
    """Store `articles` in order and run copy detection on each, one transaction per article."""
    from storyledger.link import copies
    from storyledger.model import Analysis
    from storyledger.store import links
    for article in articles:
        with db.transaction():
            links.ensure_article_row(db, article)
            copies.link_article(db, article, Analysis(article_id=article.id))
