"""`storyledger watch` against a local HTTP server (no internet): conditional requests, robots.txt,
a failing source, a sitemap, a folder; then following a story and the alerts its next reports
raise, once each, across a restart. The reports are an invented story written for this test."""
from __future__ import annotations

import email.utils
import http.server
import json
import threading
import time

import pytest

from storyledger.store import watch as store
from storyledger.store.db import Database
from storyledger.watch import fetch, rounds

from conftest import run_cli as run

PLOT = """LISBON, March 3, 2022 - Police foiled a plot to kill the investigative journalist Tomas Varga in Lisbon, officers said on Thursday.
Two men were questioned over the plot and later released, police said.
The prosecutor Rui Almeida declined to confirm that the plot was ordered from abroad.
Varga said he had received threats for months after his reports on arms smuggling."""

THREATS = """Investigative journalist Tomas Varga said on Friday that he had received death threats for months after his reports on arms smuggling through the port of Lisbon.
The Lisbon press union demanded police protection for Varga.
Varga said he would not stop his investigation."""

ARRESTS = """LISBON, May 12, 2025 - Police arrested three men on Monday over the 2022 plot to kill the investigative journalist Tomas Varga, officers said.
The prosecutor Rui Almeida confirmed that the plot was ordered from abroad.
The three men are due in court on Wednesday, police said.
Varga said he was relieved."""

SECRET = """Police foiled a plot to kill Tomas Varga in Lisbon, officers said on Thursday, according to a memo that must never be fetched."""


def page(title: str, text: str, canonical: str, published: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (f'<html lang="en"><head><title>{title}</title><link rel="canonical" href="{canonical}">'
            f'<meta property="article:published_time" content="{published}"></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode("utf-8")


def rss(base: str, items: list[tuple[str, str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{date}</pubDate><description>{summary}</description></item>"
        for title, path, date, summary in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Lisbon Wire</title>'
            f"<language>en</language>{entries}</channel></rss>").encode("utf-8")


class Site:
    """Routes served by a local HTTP server, with ETag/Last-Modified and a log of requests."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, str]] = {}
        self.stamps: dict[str, float] = {}
        self.log: list[tuple[str, dict]] = []
        self.posts: list[tuple[str, bytes]] = []
        self.post_status = 200
        self.base = ""

    def put(self, path: str, body: bytes, content_type: str = "text/html", status: int = 200) -> None:
        self.routes[path] = (status, body, content_type)
        self.stamps[path] = time.time() + len(self.stamps)  # a new Last-Modified for each change

    def paths(self) -> list[str]:
        return [p for p, _ in self.log]


def _handler(site: Site):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            site.log.append((self.path, dict(self.headers)))
            if self.path == "/slow.xml":
                time.sleep(1.0)
            if self.path == "/truncated.xml":  # promises more than it sends, then hangs up
                self.send_response(200)
                self.send_header("Content-Length", "5000")
                self.end_headers()
                self.wfile.write(b"<rss><channel>")
                self.close_connection = True
                return
            status, body, content_type = site.routes.get(self.path, (404, b"not found", "text/plain"))
            etag = f'"{hash(body) & 0xffffffff:x}"'
            modified = email.utils.formatdate(site.stamps.get(self.path, 0), usegmt=True)
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802: the webhook receiver
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            site.posts.append((self.path, body))
            self.send_response(site.post_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def site():
    found = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    server.timeout = 1
    server.handle_error = lambda request, address: None  # a client that timed out is expected here
    found.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(fetch, "BACKOFF_SECONDS", 0.0)
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 5.0)


def serve_story(site: Site, with_arrests: bool) -> None:
    b = site.base
    site.put("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {b}/sitemap.xml\n".encode(), "text/plain")
    items = [("Plot to kill journalist foiled", "/news/plot.html", "Thu, 03 Mar 2022 10:00:00 GMT",
              "Police foiled a plot."),
             ("Leaked memo", "/private/memo.html", "Thu, 03 Mar 2022 12:00:00 GMT", SECRET)]
    if with_arrests:
        items.insert(0, ("Three arrested over plot", "/news/arrests.html", "Mon, 12 May 2025 10:00:00 GMT",
                         "Three men arrested."))
    site.put("/feed.xml", rss(b, items), "application/rss+xml")
    site.put("/news/plot.html", page("Plot to kill journalist foiled", PLOT,
                                     "https://www.lisbon-wire.com/news/plot.html", "2022-03-03"))
    site.put("/private/memo.html", page("Memo", SECRET, f"{b}/private/memo.html", "2022-03-03"))
    site.put("/news/arrests.html", page("Three arrested over plot", ARRESTS,
                                        "https://www.diario-exemplo.pt/news/arrests.html", "2025-05-12"))
    site.put("/sitemap.xml", (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                              f"<url><loc>{b}/news/threats.html</loc></url></urlset>").encode(), "application/xml")
    site.put("/news/threats.html", page("Journalist tells of threats", THREATS,
                                        "https://www.lisbon-wire.com/news/threats.html", "2022-03-04"))
    site.put("/broken.xml", b"server error", "text/plain", status=500)


def test_watch_rounds_follow_and_alerts(site, tmp_path, capsys):
    db = str(tmp_path / "w.db")
    serve_story(site, with_arrests=False)
    watch = ["watch", f"{site.base}/feed.xml", f"{site.base}/sitemap.xml", f"{site.base}/broken.xml",
             "--once", "--delay", "0", "--db", db]

    code, out, err = run(watch, capsys)
    assert code == 1  # the broken source is reported ...
    assert f"{site.base}/broken.xml: " in err and "HTTP 500" in err
    assert "3 new articles" in out, out  # ... and the others are read all the same
    assert "/private/memo.html" not in site.paths()  # robots.txt: never requested
    assert all(h.get("User-Agent", "").startswith("storyledger/") for _, h in site.log)

    # Round two: nothing new, so only conditional requests answered 304, and nothing ingested.
    site.log.clear()
    code, out, err = run(watch, capsys)
    assert "0 new entries; 0 new articles" in out, out
    asked = [(p, h) for p, h in site.log if p != "/broken.xml"]
    assert sorted(p for p, _ in asked) == ["/feed.xml", "/robots.txt", "/sitemap.xml"]
    assert all("If-None-Match" in h and "If-Modified-Since" in h for _, h in asked)

    code, out, err = run(["threads", "--json", "--db", db], capsys)
    threads = json.loads(out)
    assert len(threads) == 1, threads
    assert run(["follow", threads[0]["id"], "--db", db], capsys)[1].startswith("following thread")
    assert run(["follow", "--entity", "Tomas Varga", "--db", db], capsys)[0] == 0
    code, out, _ = run(["following", "--json", "--db", db], capsys)
    assert [(f["kind"], f["value"]) for f in json.loads(out)] == [("thread", threads[0]["id"]),
                                                                  ("entity", "Tomas Varga")]

    # The story moves: a 2025 report of arrests, from a Portuguese outlet. A watcher stopped after
    # storing it but before linking (a restart in the middle) changes nothing.
    serve_story(site, with_arrests=True)
    stop = rounds.Stop()
    database = Database(db)
    fetcher = fetch.Fetcher(host_delay=0)
    original = rounds._ingest

    def stop_after_one(*args):
        original(*args)
        stop.request()
    rounds._ingest = stop_after_one
    try:
        halted = rounds.run_round(database, [f"{site.base}/feed.xml"], fetcher, 60, stop)
    finally:
        rounds._ingest = original
    assert halted.stopped and len(halted.run.added) == 1 and not halted.alerts
    database.close()

    code, out, err = run(watch, capsys)
    assert "0 new articles" in out, out  # stored before the stop, linked now
    code, out, _ = run(["alerts", "--json", "--db", db], capsys)
    alerts = json.loads(out)
    kinds = sorted(a["kind"] for a in alerts)
    assert kinds == sorted(EXPECTED), json.dumps(alerts, indent=1)
    for alert in alerts:
        assert set(alert) >= {"id", "kind", "thread", "event", "article", "evidence", "created"}
        assert alert["evidence"]["text"] and alert["evidence"]["article"] == alert["article"]
    status = next(a for a in alerts if a["kind"] == "claim_status")
    assert "confirmed that the plot was ordered from abroad" in status["evidence"]["text"]
    assert next(a for a in alerts if a["kind"] == "new_country")["summary"].startswith("first report in country PT")

    # Delivered once: the next rounds raise and print nothing again.
    code, out, err = run(watch, capsys)
    assert "0 alerts" in out and "confirmed" not in out
    assert run(["alerts", "--json", "--db", db], capsys)[1] == json.dumps(alerts, ensure_ascii=False, indent=2) + "\n"


EXPECTED = ["new_event", "claim_status", "new_country"]


def test_a_source_failing_many_rounds_is_skipped(site, tmp_path):
    serve_story(site, with_arrests=False)
    db = Database(tmp_path / "f.db")
    fetcher = fetch.Fetcher(host_delay=0)
    for _ in range(rounds.MAX_FAILURES):
        report = rounds.run_round(db, [f"{site.base}/broken.xml"], fetcher, 60)
        assert len(report.failed) == 1
    assert "skipped until" in report.failed[0]
    site.log.clear()
    report = rounds.run_round(db, [f"{site.base}/broken.xml"], fetcher, 60)
    assert report.skipped and not report.failed and "/broken.xml" not in site.paths()


def test_a_folder_source_reads_new_files_once(tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "plot.txt").write_text(PLOT, encoding="utf-8")
    db = str(tmp_path / "d.db")
    assert "1 new articles" in run(["watch", str(folder), "--once", "--db", db], capsys)[1]
    (folder / "threats.txt").write_text(THREATS, encoding="utf-8")
    out = run(["watch", str(folder), "--once", "--db", db], capsys)[1]
    assert "1 new entries; 1 new articles" in out, out
    assert store.count_entries(Database(db)) == 2


def test_follow_and_alerts_errors(tmp_path, capsys):
    db = str(tmp_path / "e.db")
    Database(db).close()
    code, _, err = run(["follow", "t9", "--db", db], capsys)
    assert code == 1 and err.startswith("storyledger: error: no thread t9")
    code, _, err = run(["follow", "--db", db], capsys)
    assert code == 2 and "give one of" in err
    code, _, err = run(["unfollow", "--query", "Varga", "--db", db], capsys)
    assert code == 1 and "not following" in err
    assert run(["alerts", "--json", "--db", db], capsys)[1].strip() == "[]"


# --- what raises an alert: the snapshot comparison on hand-made dossiers ------------------------

def _dossier(moved: bool) -> dict:
    def report(id_, event, url, lang, copy_of=None, events=(), claims=()):
        return {"id": id_, "event": event, "url": url, "lang": lang, "outlet": url.split("/")[2],
                "copy_of": {"article": copy_of} if copy_of else None,
                "added": {"events": list(events), "claims": [{"claim": c, "text": "x"} for c in claims]}}

    def row(article, status, source):
        return {"article": article, "status": status, "source": source, "start": 0, "end": 10}

    abroad = {"id": "c1", "first_report": "a1", "text": "that the plot was ordered from abroad",
              "sources": [], "contradicted_by": [],
              "evidence": [row("a1", "not_confirmed", "rui almeida@article:a1")]}
    dossier = {"thread": "t1", "claims": [abroad],
               "events": [{"id": "e1", "articles": ["a1"], "title": "Plot foiled", "evidence": None}],
               "sources": {"reports": [report("a1", "e1", "https://wire.example.com/a1", "en",
                                              events=["e1"], claims=["c1"])]}}
    if moved:
        dossier["events"][0]["articles"] += ["a3", "a4"]
        dossier["events"].append({"id": "e2", "articles": ["a2"], "title": "Arrests", "evidence": None})
        dossier["sources"]["reports"] += [
            report("a2", "e2", "https://diario.example.pt/a2", "pt", events=["e2"]),
            report("a3", "e1", "https://relay.example.com/a3", "en", copy_of="a1"),
            report("a4", "e1", "https://other.example.com/a4", "en", claims=["c2"])]
        abroad["evidence"] += [row("a2", "confirmed", "rui almeida@article:a2"),
                               row("a3", "not_confirmed", "channel:agence france-presse")]
        dossier["claims"].append({
            "id": "c2", "first_report": "a4", "text": "four men were arrested", "sources": [],
            "evidence": [row("a4", "asserted", "police@article:a4")],
            "contradicted_by": [{"claim": "c1", "kind": "numbers", "detail": "3 vs 4", "article": "a2",
                                 "start": 0, "end": 10}]})
    return dossier


def test_each_kind_of_change_raises_one_alert_once(tmp_path, monkeypatch):
    from storyledger.watch import alerts

    db = Database(tmp_path / "a.db")
    state = {"moved": False}
    monkeypatch.setattr(alerts, "covered_threads", lambda db, kind, value: [1])
    monkeypatch.setattr(alerts.build, "build_dossier", lambda db, target: _dossier(state["moved"]))
    alerts.follow(db, "thread", "t1")
    assert alerts.update(db) == []  # nothing moved since the follow
    state["moved"] = True
    raised = alerts.update(db)
    assert sorted(a["kind"] for a in raised) == sorted(alerts.KINDS)
    by_kind = {a["kind"]: a for a in raised}
    assert by_kind["claim_status"]["article"] == "a2" and "now confirmed" in by_kind["claim_status"]["summary"]
    assert by_kind["new_source"]["article"] == "a3"  # the same prosecutor again is no new source
    assert by_kind["new_report"]["article"] == "a4"  # a3 is a copy, a2 has its new_event alert
    assert by_kind["new_country"]["summary"].startswith("first report in country PT")
    assert by_kind["new_language"]["summary"].startswith("first report in language pt")
    assert alerts.update(db) == []  # once each
    assert len(store.alerts(db)) == len(alerts.KINDS)


def test_alerts_go_to_a_jsonl_file_and_a_webhook_once(site, tmp_path, capsys, monkeypatch):
    from storyledger.commands import watch as command

    monkeypatch.setattr(command, "WEBHOOK_TRIES", 1)
    db_path = str(tmp_path / "h.db")
    db = Database(db_path)
    store.add_alert(db, "new_event:a1", None, "new_event", "t1", "e2", "a1", "new event e2 in t1: Arrests",
                    {"article": "a1", "text": "Police arrested three men on Monday."})
    db.close()
    folder = tmp_path / "empty"
    folder.mkdir()
    jsonl = tmp_path / "alerts.jsonl"
    watch = ["watch", str(folder), "--once", "--db", db_path, "--webhook", f"{site.base}/hook",
             "--alerts-jsonl", str(jsonl)]

    site.post_status = 500  # the receiver is down: nothing is marked delivered
    code, out, err = run(watch, capsys)
    assert "webhook" in err and "Police arrested" not in out and not jsonl.exists()
    site.post_status = 200
    code, out, err = run(watch, capsys)
    assert "Police arrested three men" in out
    posted = [json.loads(body) for path, body in site.posts if path == "/hook"]
    assert posted[-1]["kind"] == "new_event" and posted[-1]["evidence"]["article"] == "a1"
    assert [json.loads(line)["id"] for line in jsonl.read_text().splitlines()] == [1]
    count = len(site.posts)
    run(watch, capsys)
    assert len(site.posts) == count and len(jsonl.read_text().splitlines()) == 1  # never twice


def test_a_home_page_leads_to_its_feeds_and_sitemaps(site):
    from storyledger.watch import sources

    serve_story(site, with_arrests=False)
    site.put("/", f'<html><head><link rel="alternate" type="application/rss+xml" href="{site.base}/feed.xml">'
                  f"</head><body><p>Lisbon Wire</p></body></html>".encode())
    found = sources.poll(fetch.Fetcher(host_delay=0), f"{site.base}/", None, None)
    assert found.kind == "site" and found.children == [f"{site.base}/feed.xml", f"{site.base}/sitemap.xml"]


def test_slow_and_truncated_answers_fail_after_the_retries(site):
    serve_story(site, with_arrests=False)
    site.put("/slow.xml", b"<rss/>", "application/rss+xml")
    fetcher = fetch.Fetcher(host_delay=0, timeout=0.3, retries=1)
    with pytest.raises(fetch.FetchError, match="timed out.*after 2 tries"):
        fetcher.get(f"{site.base}/slow.xml")
    with pytest.raises(fetch.FetchError, match="cut short.*after 2 tries"):
        fetcher.get(f"{site.base}/truncated.xml")
    assert site.paths().count("/truncated.xml") == 2


def test_the_user_agent_names_a_contact_only_when_given(monkeypatch):
    monkeypatch.delenv(fetch.CONTACT_VARIABLE, raising=False)
    assert fetch.user_agent().startswith("storyledger/") and "+" not in fetch.user_agent()
    monkeypatch.setenv(fetch.CONTACT_VARIABLE, "mailto:desk@example.org")
    assert fetch.user_agent().endswith("(news watcher; +mailto:desk@example.org)")
