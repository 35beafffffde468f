"""The watcher over many feeds on a local server (`storyledger bench --only watch`): one round over
FEEDS feeds of ENTRIES entries each (summaries only, so every article page is fetched), then a
second round with nothing new, which must make only conditional requests and ingest nothing.

Each round runs in a fresh process (peak RSS is its own); the server runs here, in a thread."""
from __future__ import annotations

import email.utils
import html
import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

FEEDS, ENTRIES = 50, 20
QUICK_FEEDS, QUICK_ENTRIES = 5, 4


def bench_watch(ctx) -> dict:
    from storyledger.evaluate import synth

    feeds, entries = (QUICK_FEEDS, QUICK_ENTRIES) if ctx.quick else (FEEDS, ENTRIES)
    articles = list(synth.synthetic_articles(feeds * entries, seed=18))
    routes = site_routes(articles, feeds, entries)
    db = Path(ctx.folder) / "watch.db"
    rows = []
    with serving(routes) as (base, log):
        urls = [f"{base}/feed/{n}.xml" for n in range(feeds)]
        for label in ("first round", "second round, nothing new"):
            log.clear()
            figures = one_round(db, urls)
            rows.append({"round": label, "feeds": feeds, "entries per feed": entries, **figures,
                         "requests (server)": len(log),
                         "conditional": sum(1 for _, conditional in log if conditional)})
    return {
        "title": "Watch: one round over many feeds on a local server",
        "what": f"`storyledger watch` logic (storyledger.watch.rounds.run_round) over {feeds} RSS feeds of "
                f"{entries} entries each, summaries only, so each entry's page is fetched and extracted; "
                "then ingest, analysis and linking as `ingest` does. Synthetic reports (see Throughput). "
                "Local server on 127.0.0.1, per-host delay 0 (a real watcher waits --delay between two "
                "requests to one host). Each round in a fresh process; peak RSS of that process.",
        "tables": [rows],
        "notes": ["The second round must send only conditional requests (answered 304) and ingest nothing."],
    }


def site_routes(articles, feeds: int, entries: int) -> dict[str, tuple[bytes, str]]:
    from storyledger.evaluate import synth

    routes = {"/robots.txt": (b"User-agent: *\nDisallow: /private/\n", "text/plain")}
    for n in range(feeds):
        items = []
        for a in articles[n * entries:(n + 1) * entries]:
            path = f"/news/{a.name}.html"
            routes[path] = (synth.to_html(a).encode("utf-8"), "text/html")
            date = email.utils.formatdate(time.mktime(time.strptime(a.published, "%Y-%m-%d")), usegmt=True)
            items.append(f"<item><title>{html.escape(a.title or a.name)}</title><link>BASE{path}</link>"
                         f"<guid>BASE{path}</guid><pubDate>{date}</pubDate>"
                         f"<description>{html.escape(a.text.split('.')[0])}.</description></item>")
        routes[f"/feed/{n}.xml"] = ((f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
                                     + "".join(items) + "</channel></rss>").encode("utf-8"), "application/rss+xml")
    return routes


class serving:
    """A local server for `routes` (BASE in a body becomes the server's address), with ETag and
    Last-Modified, logging (path, conditional) of every request."""

    def __init__(self, routes):
        self.routes, self.log = routes, []

    def __enter__(self):
        routes, log, stamp = self.routes, self.log, email.utils.formatdate(time.time() - 3600, usegmt=True)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
                log.append((self.path, conditional))
                body, kind = routes.get(self.path, (b"not found", "text/plain"))
                body = body.replace(b"BASE", base.encode())
                etag = f'"{hash(body) & 0xffffffff:x}"'
                if self.path in routes and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", stamp)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return base, self.log

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def one_round(db: Path, urls: list[str]) -> dict:
    code = ("import json, sys; from storyledger.evaluate.bench_watch import measure_round; "
            "print(json.dumps(measure_round(sys.argv[1], sys.argv[2:])))")
    done = subprocess.run([sys.executable, "-c", code, str(db), *urls], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_round(db_path: str, urls: list[str]) -> dict:
    import resource

    from storyledger import nlp  # noqa: F401 (imported before the clock, as the other benchmarks do)
    from storyledger.store.db import Database
    from storyledger.watch.fetch import Fetcher
    from storyledger.watch.rounds import run_round

    db = Database(db_path)
    fetcher = Fetcher(host_delay=0)
    started = time.perf_counter()
    report = run_round(db, urls, fetcher, interval=900)
    seconds = time.perf_counter() - started
    stats = fetcher.stats
    return {"seconds": round(seconds, 1), "new articles": len(report.run.added),
            "fetch + ingest s": round(seconds - sum(v for k, v in report.run.seconds.items()
                                                    if k in ("analyse", "link")), 1),
            "analyse s": round(report.run.seconds.get("analyse", 0), 1),
            "link s": round(report.run.seconds.get("link", 0), 1),
            "requests": stats.requests, "answered 304": stats.not_modified,
            "errors": len(report.run.errors) + len(report.failed),
            "peak RSS (MB)": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
