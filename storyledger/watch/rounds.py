"""One round of watching: poll every source, ingest what is new, analyse, link, raise alerts.

Each entry is stored and marked seen in one transaction, so a watcher stopped at any point
resumes without ingesting an entry twice; a source's ETag/Last-Modified is saved only once all
its new entries are in. A source that fails is reported and the round goes on; after
MAX_FAILURES failed rounds in a row it is skipped for a while (doubling each time).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from dataclasses import dataclass, field

from storyledger import pipeline
from storyledger.ingest.errors import IngestError, describe
from storyledger.store import watch as store
from storyledger.store.db import Database
from storyledger.watch import alerts, sources
from storyledger.watch.fetch import FetchError, Fetcher

MAX_FAILURES = 5  # failed rounds in a row before a source is skipped
MAX_SKIP_DOUBLINGS = 6  # a failing source is retried at least every 64 intervals
MAX_DEPTH = 2  # a home page -> its sitemap index -> its sitemaps


class Stop:
    """Set by Ctrl-C or SIGTERM: the current article is finished, then the watcher exits."""

    def __init__(self):
        self.event = threading.Event()

    @property
    def requested(self) -> bool:
        return self.event.is_set()

    def request(self) -> None:
        self.event.set()

    def wait(self, seconds: float) -> bool:
        return self.event.wait(seconds)


class RobotsMemory:
    """The last robots.txt of each host, kept in the store (as a source of kind "robots"), so that
    even a new process asks for it conditionally."""

    def __init__(self, db: Database):
        self.db = db

    def load(self, url: str) -> dict | None:
        state = store.source_state(self.db, url)
        if state["kind"] != "robots":
            return None
        return {"text": state["discovered"] or "", "etag": state["etag"], "last_modified": state["last_modified"]}

    def save(self, url: str, text: str, etag: str | None, last_modified: str | None) -> None:
        state = store.source_state(self.db, url)
        store.save_source(self.db, state["id"], kind="robots", discovered=text, etag=etag,
                          last_modified=last_modified, last_checked=store.now())


@dataclass
class RoundReport:
    sources: int = 0
    unchanged: int = 0  # answered 304
    entries: int = 0  # new entries read
    failed: list[str] = field(default_factory=list)  # one line per failing source
    skipped: list[str] = field(default_factory=list)  # failing sources not tried this round
    run: pipeline.RunReport = field(default_factory=pipeline.RunReport)
    alerts: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    stopped: bool = False


def run_round(db: Database, targets: list[str], fetcher: Fetcher, interval: float,
              stop: Stop | None = None) -> RoundReport:
    stop = stop or Stop()
    report = RoundReport()
    started = time.perf_counter()
    own_files = {os.path.abspath(db.path + s) for s in ("", "-wal", "-shm", "-journal")}
    fetcher.memory = RobotsMemory(db)
    fetcher.new_round()
    for target in pipeline.progress(targets, desc="watch", unit="source"):
        if stop.requested:
            break
        _watch(db, target, fetcher, interval, stop, report, own_files, 0)
    report.stopped = stop.requested
    if not report.stopped:  # stopping leaves stored articles pending: the next run links them
        pipeline.analyse_pending(db, None, report.run)
        pipeline.link_pending(db, report.run)
        report.alerts = alerts.update(db)
    report.seconds = time.perf_counter() - started
    return report


def _watch(db: Database, target: str, fetcher: Fetcher, interval: float, stop: Stop, report: RoundReport,
           own_files: set[str], depth: int) -> None:
    state = store.source_state(db, target)
    report.sources += 1
    if state["retry_after"] and state["retry_after"] > store.now():
        report.skipped.append(f"{target}: skipped until {state['retry_after']} after {state['failures']} "
                              f"failed rounds in a row (last: {state['last_error']})")
        return
    try:
        poll = _poll(fetcher, target, state, own_files)
    except FetchError as exc:
        _failed(db, state, str(exc), interval, report)
        return
    except Exception as exc:  # a parser's surprise fails this source, never the round
        _failed(db, state, f"{target}: could not be read ({describe(exc)})", interval, report)
        return
    children = poll.children
    if poll.not_modified:
        report.unchanged += 1
        children = json.loads(state["discovered"] or "[]")
    finished = _read_entries(db, state, poll, fetcher, stop, report)
    if finished:
        response = poll.response
        kind = state["kind"] if poll.not_modified else poll.kind
        store.save_source(db, state["id"], kind=kind, failures=0, last_error=None, retry_after=None,
                          last_checked=store.now(),
                          discovered=json.dumps(children) if not poll.not_modified else state["discovered"],
                          etag=response.etag if response else None,
                          last_modified=response.last_modified if response else None)
    if depth < MAX_DEPTH:
        for child in children:
            if stop.requested:
                return
            _watch(db, child, fetcher, interval, stop, report, own_files, depth + 1)


def _poll(fetcher: Fetcher, target: str, state: dict, own_files: set[str]) -> sources.Poll:
    if os.path.isdir(target):
        return sources.poll_folder(target, own_files)
    if sources.is_url(target):
        return sources.poll(fetcher, target, state["etag"], state["last_modified"])
    raise FetchError(f"{target}: not an http(s) URL or a folder")


def _read_entries(db: Database, state: dict, poll: sources.Poll, fetcher: Fetcher, stop: Stop,
                  report: RoundReport) -> bool:
    """Ingest the entries not seen before; False when stopped or a page must be tried again."""
    complete = True
    for entry in poll.entries:
        if stop.requested:
            return False
        if store.seen(db, state["id"], entry.key):
            continue
        if entry.url and not entry.text and store.url_seen(db, entry.url):
            store.mark_seen(db, state["id"], entry.key, entry.url, None)  # read through another source
            continue
        try:
            items = sources.documents(fetcher, entry, state["source"])
        except FetchError as exc:  # tried again next round
            report.run.errors.append(IngestError(state["source"], str(exc), entry.url))
            complete = False
            continue
        except Exception as exc:  # an entry no reader foresaw: reported, and not read again
            items = [IngestError(state["source"], f"could not be read ({describe(exc)})", entry.url)]
        _ingest(db, state, entry, items, report)
    return complete


def _ingest(db: Database, state: dict, entry: sources.Entry, items: list, report: RoundReport) -> None:
    before_added, before_errors = len(report.run.added), len(report.run.errors)
    with db.transaction():  # stored and seen together: a stop in between never reads it twice
        pipeline.ingest_documents(db, items, None, report.run)
        added = report.run.added[before_added:]
        errors = report.run.errors[before_errors:]
        store.mark_seen(db, state["id"], entry.key, entry.url, added[0] if added else None,
                        "; ".join(e.message for e in errors)[:500] or None)
        store.save_source(db, state["id"], last_new=store.now())
    report.entries += 1


def _failed(db: Database, state: dict, reason: str, interval: float, report: RoundReport) -> None:
    failures = state["failures"] + 1
    retry_after = None
    line = f"{state['source']}: {reason}"
    if failures >= MAX_FAILURES:
        wait = interval * 2 ** min(failures - MAX_FAILURES, MAX_SKIP_DOUBLINGS)
        retry_after = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=wait)).isoformat(timespec="seconds")
        line += f"; failed {failures} rounds in a row, skipped until {retry_after}"
    elif failures > 1:
        line += f"; failed {failures} rounds in a row"
    store.save_source(db, state["id"], failures=failures, last_error=reason[:500], retry_after=retry_after,
                      last_checked=store.now())
    report.failed.append(line)
