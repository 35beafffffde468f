"""Web latency under load: a real `storyledger serve` process over stores of growing size, hit by
1 and by 16 concurrent clients (`storyledger bench --only web`).

The server runs in its own process, so the clients (threads here) do not share its interpreter
lock. Each route is requested REQUESTS times per client count; latency is the whole HTTP round
trip on 127.0.0.1."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

CLIENTS = (1, 16)
REQUESTS = 160  # per route and client count (spread over the clients)
QUICK_REQUESTS = 32


def bench_web(ctx) -> dict:
    rows, notes = [], []
    requests = QUICK_REQUESTS if ctx.quick else REQUESTS
    for size in ctx.sizes.stores:
        path = store_of_size(ctx, size)
        with running_server(path) as base:
            for route, label in routes(base):
                for clients in CLIENTS:
                    figures = measure(base + route, clients, requests)
                    rows.append({"store articles": size, "route": label, "clients": clients, **figures})
    notes.append("p95 goal for listings: under 100 ms at 10,000 articles. Stores are the growth "
                 "benchmark's (filler stories of 3-15 reports, see Growth), with their listing rows "
                 "computed as an ingest computes them.")
    return {
        "title": "Web: latency of the pages and the API under concurrent clients",
        "what": "`storyledger serve` in its own process over each store; for each route, "
                f"{requests} requests from 1 client, then {requests} from 16 concurrent clients "
                "(threads in the benchmark process); p50/p95 of the HTTP round trip on 127.0.0.1, and "
                "the number of answers that were not HTTP 200.",
        "tables": [rows],
        "notes": notes,
    }


def store_of_size(ctx, size: int) -> Path:
    """The growth benchmark's store of `size` articles (built here if that benchmark did not run),
    with its listing rows computed."""
    from storyledger.dossier import build
    from storyledger.evaluate.bench import FILLER_PREFIX, Filler, _filler_bases
    from storyledger.store import articles as store
    from storyledger.store.db import Database

    folder = ctx.growth_dir or ctx.folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"growth_{size}.db"
    db = Database(path)
    try:
        filler = Filler(seed=size, start=store.count_articles(db, FILLER_PREFIX), bases=_filler_bases(ctx))
        filler.fill(db, size)
        with db.transaction():
            build.refresh_listings(db, [])  # fillers are linked without the pipeline's listing step
    finally:
        db.close()
    return path


def routes(base: str) -> list[tuple[str, str]]:
    """The index, the threads API, the page of the most recent thread, and a search."""
    with urllib.request.urlopen(base + "/api/threads?limit=1", timeout=60) as response:
        first = json.loads(response.read())[0]
    word = next((w for w in first["title"].split() if w.isalpha() and len(w) > 4), "police")
    return [("/", "/ (thread list)"), ("/api/threads", "/api/threads"),
            (f"/threads/{first['id']}", f"/threads/{{id}} ({first['counts']['reports']} reports)"),
            (f"/search?q={word}", "/search?q=word")]


def measure(url: str, clients: int, requests: int) -> dict:
    latencies, failures, lock = [], 0, threading.Lock()

    def client(n: int) -> None:
        nonlocal failures
        for _ in range(n):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=120) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                failures += not ok

    threads = [threading.Thread(target=client, args=(requests // clients,)) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {"requests": len(latencies), "errors": failures,
            "p50 ms": round(1000 * latencies[len(latencies) // 2], 1),
            "p95 ms": round(1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 1)}


class running_server:
    """`storyledger serve --db path` on a free port, in a child process, for a `with` block."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen([sys.executable, "-m", "storyledger.cli", "serve", "--db", str(self.path),
                                         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server did not start: {self.process.stderr.read().decode()[-500:]}")
            try:
                urllib.request.urlopen(base + "/api/threads?limit=1", timeout=5).read()
                return base
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError("the server did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
