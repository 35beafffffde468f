"""The web server as users meet it: a real uvicorn server on 127.0.0.1, many clients at once,
with and without an ingest writing into the same store; the Host check and security headers;
GET requests never write. Bounded loops: every test stops by itself."""
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import DEMO, live_server
from storyledger.web.app import create_app

ROUTES = ["/", "/api/threads", "/threads/t1", "/events", "/api/events", "/search?q=Osechkin",
          "/api/search?q=Biarritz%20OR%20Bayonne", "/api/threads/t1", "/static/style.css"]


def _hammer(base: str, clients: int, rounds: int) -> list:
    """`clients` threads each request every route `rounds` times; the failures, as (route, what)."""
    failures, lock = [], threading.Lock()

    def client():
        for _ in range(rounds):
            for route in ROUTES:
                try:
                    with urllib.request.urlopen(base + route, timeout=60) as response:
                        response.read()
                        ok = response.status == 200
                        what = response.status
                except (urllib.error.URLError, OSError) as exc:
                    ok, what = False, repr(exc)
                if not ok:
                    with lock:
                        failures.append((route, what))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return failures


@pytest.fixture
def store_copy(seeds_db_path, tmp_path) -> Path:
    """A private copy of the seeds store, which a test may write into."""
    from storyledger.store.db import Database

    Database(seeds_db_path).close()  # checkpoint the WAL into the file before copying it
    path = tmp_path / "live.db"
    shutil.copyfile(seeds_db_path, path)
    return path


def test_sixteen_concurrent_clients_get_no_errors(store_copy):
    with live_server(create_app(store_copy)) as base:
        assert _hammer(base, clients=16, rounds=2) == []


def test_no_errors_while_an_ingest_writes_into_the_store(store_copy):
    from storyledger import pipeline
    from storyledger.store.db import Database

    outcome = {}

    def ingest():  # in this process, so the models the seeds store loaded are reused
        db = Database(store_copy)
        try:
            outcome["report"] = pipeline.run(db, [str(DEMO)])
        finally:
            db.close()

    writer = threading.Thread(target=ingest)
    with live_server(create_app(store_copy)) as base:
        writer.start()
        failures, rounds = [], 0
        while writer.is_alive() and rounds < 50:
            failures += _hammer(base, clients=4, rounds=1)
            rounds += 1
        writer.join(timeout=300)
        failures += _hammer(base, clients=4, rounds=1)  # and once the ingest has committed
    assert failures == []
    assert outcome["report"].ok and outcome["report"].linked > 0


def test_get_requests_never_write(store_copy):
    before = {p.name: p.stat().st_mtime_ns for p in store_copy.parent.iterdir()}
    with live_server(create_app(store_copy)) as base:
        assert _hammer(base, clients=2, rounds=1) == []
    after = {p.name: p.stat().st_mtime_ns for p in store_copy.parent.iterdir() if p.name in before}
    assert after == before


def test_security_headers_and_host_check(store_copy):
    with live_server(create_app(store_copy)) as base:
        with urllib.request.urlopen(base + "/threads/t1", timeout=30) as response:
            headers = response.headers
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert "script-src" not in headers["Content-Security-Policy"]  # no scripts at all
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        rebound = urllib.request.Request(base + "/api/threads", headers={"Host": "attacker.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=30)
        assert refused.value.code == 400
        local = urllib.request.Request(base + "/api/threads", headers={"Host": f"localhost:{base.rsplit(':', 1)[1]}"})
        with urllib.request.urlopen(local, timeout=30) as response:
            assert response.status == 200


def test_a_missing_store_is_refused_not_created(tmp_path):
    from storyledger.store.db import StoreError

    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()


def test_allowed_host_names():
    from storyledger.web.app import allowed_hosts

    local = allowed_hosts("127.0.0.1")
    assert "localhost" in local and "127.0.0.1" in local and "*" not in local
    assert allowed_hosts("0.0.0.0") == ["*"]  # bound to every interface, with no name given
    assert "news.example.org" in allowed_hosts("0.0.0.0", ["news.example.org"])
    assert "*" not in allowed_hosts("0.0.0.0", ["news.example.org"])


def test_a_dossier_is_built_once_per_link_generation(store_copy):
    from storyledger.dossier import build
    from storyledger.store.db import Database, open_db
    from storyledger.web.app import DossierCache

    reader, cache = open_db(store_copy, readonly=True), DossierCache(size=2)
    target = build.Target("thread", 1)
    first = cache.get(reader, target)
    assert cache.get(reader, target) is first  # nothing changed: the same dossier
    assert first == build.build_dossier(reader, target)
    writer = Database(store_copy)
    with writer.transaction():
        build.refresh_listings(writer, [])  # what every link commit does
    writer.close()
    again = cache.get(reader, target)
    assert again is not first and again == first  # built anew from the new generation
    with pytest.raises(build.NotFound):
        cache.get(reader, build.Target("thread", 999))
    assert not reader.conn.in_transaction
