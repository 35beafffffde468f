"""Following stories and the alerts raised when one moves.

A follow names a thread (t3), an event (e7: the story it belongs to), an entity or a full-text
query (every thread with a report that names it or matches it). After each link run `update`
builds the dossier of every thread a follow covers, compares what it holds with the snapshot
stored at the last look, raises an alert for each change worth telling, and stores the new
snapshot, all in one transaction: an alert is raised once, and a run that stops before this
step raises it on the next one. Simple and robust: nothing here hooks into the link code.

Kinds: new_event, new_report (not a copy, and opening a claim), claim_status (a status the
claim never had: now confirmed, denied, not confirmed), contradiction, new_source (a new
independent source for a claim), new_language, new_country (of the outlet, from its URL).
"""
from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass, field

from storyledger.dossier import build
from storyledger.link import entities as entity_links
from storyledger.store import articles as article_store
from storyledger.store import links
from storyledger.store import watch as store
from storyledger.store.db import Database

KINDS = ("new_event", "new_report", "claim_status", "contradiction", "new_source", "new_language", "new_country")
FOLLOW_KINDS = ("thread", "event", "entity", "query")


class FollowError(ValueError):
    """A follow that names nothing the store can hold (a malformed id)."""


def follow_key(target: str | None, entity: str | None, query: str | None) -> tuple[str, str]:
    """(kind, value) of what to follow: exactly one of a thread/event id, an entity, a query."""
    given = [x for x in (target, entity, query) if x]
    if len(given) != 1:
        raise FollowError("give one of THREAD_OR_EVENT, --entity NAME or --query \"FTS query\"")
    if entity:
        return "entity", " ".join(entity.split())
    if query:
        article_store.fts_query(query)  # a malformed query fails now, not at every round
        return "query", query.strip()
    try:
        parsed = build.parse_target(target)
    except ValueError as exc:
        raise FollowError(str(exc)) from None
    return parsed.kind, parsed.id


def follow(db: Database, kind: str, value: str) -> tuple[int, bool]:
    """Follow a story from now on: what it holds today is the snapshot, so only later changes
    raise alerts. (id, created)."""
    with db.transaction():
        follow_id, created = store.add_follow(db, kind, value)
        if created:
            store.save_snapshot(db, follow_id, sorted(_facts(db, covered_threads(db, kind, value))))
    return follow_id, created


def covered_threads(db: Database, kind: str, value: str) -> list[int]:
    """The threads a follow covers now (a thread merged into another lives on in it)."""
    if kind == "thread":
        number = links.surviving_thread(db, int(value[1:]))
        return [number] if links.events_of_thread(db, number) else []
    if kind == "event":
        thread = links.thread_of_event_id(db, int(value[1:]))
        return [links.surviving_thread(db, thread)] if thread is not None else []
    if kind == "entity":
        entity = entity_links.resolve_name(db, value)
        return store.threads_of_articles(db, store.articles_mentioning(db, int(entity["id"]))) if entity else []
    return store.threads_of_articles(db, store.articles_matching(db, value))


@dataclass
class Change:
    key: str  # unique for ever: one alert per change
    kind: str
    thread: str | None
    event: str | None
    article: str | None
    summary: str
    evidence: dict = field(default_factory=dict)


def update(db: Database) -> list[dict]:
    """Compare every follow with its snapshot, store the alerts it raises and the new snapshot;
    the alerts raised now, oldest first."""
    raised = []
    dossiers: dict[int, dict] = {}
    with db.transaction():
        for followed in store.follows(db):
            threads = covered_threads(db, followed["kind"], followed["value"])
            changes = _changes(db, threads, dossiers)
            before = followed["snapshot"]
            now = sorted({key for change in changes for key in change[0]})
            if before is not None:
                old = set(before)
                for facts, make in changes:
                    if not set(facts) <= old:
                        change = make(old)
                        if change:
                            alert_id = store.add_alert(db, change.key, followed["id"], change.kind, change.thread,
                                                       change.event, change.article, change.summary,
                                                       change.evidence)
                            if alert_id:
                                raised.append(alert_id)
            store.save_snapshot(db, followed["id"], now)
    return [a for a in store.alerts(db) if a["id"] in set(raised)]


def _facts(db: Database, threads: list[int]) -> set[str]:
    return {key for facts, _ in _changes(db, threads, {}) for key in facts}


def _changes(db: Database, threads: list[int], dossiers: dict[int, dict]) -> list[tuple[list[str], object]]:
    """(facts, make) pairs: the snapshot keys one item of the story stands for, and a function
    that, given the old snapshot, returns the alert its new facts raise (or None)."""
    found = []
    for thread in threads:
        if thread not in dossiers:
            try:
                dossiers[thread] = build.build_dossier(db, build.Target("thread", thread))
            except build.NotFound:
                continue
        found += _story_changes(db, dossiers[thread])
    return found


def _story_changes(db: Database, dossier: dict) -> list:
    thread = dossier["thread"]
    reports = dossier["sources"]["reports"]
    by_id = {r["id"]: r for r in reports}
    changes = []
    for event in dossier["events"]:
        changes.append(_event_change(db, thread, event))
    for report in reports:
        changes.append(_report_change(db, thread, report, dossier))
    for claim in dossier["claims"]:
        changes += _claim_changes(db, thread, claim, by_id)
    changes += _coverage_changes(db, thread, reports)
    return changes


def _event_change(db: Database, thread: str, event: dict):
    founder = event["articles"][0]
    key = f"event:{founder}"

    def make(old):
        evidence = _evidence(db, founder, event["evidence"])
        return Change(f"new_event:{founder}", "new_event", thread, event["id"], founder,
                      f"new event {event['id']} in {thread}: {event['title']}", evidence)
    return [key], make


def _report_change(db: Database, thread: str, report: dict, dossier: dict):
    key = f"report:{report['id']}"

    def make(old):
        opened = report["added"]["claims"]
        if report["copy_of"] or report["added"]["events"] or not opened:
            return None  # a copy adds nothing; a report founding an event has its own alert
        claim = next(c for c in dossier["claims"] if c["id"] == opened[0]["claim"])
        row = next(e for e in claim["evidence"] if e["article"] == report["id"])
        return Change(f"new_report:{report['id']}", "new_report", thread, report["event"], report["id"],
                      f"new report from {report['outlet'] or report['id']} adds: {_cut(claim['text'])}",
                      _evidence(db, report["id"], row))
    return [key], make


def _claim_changes(db: Database, thread: str, claim: dict, reports: dict[str, dict]) -> list:
    group = f"{claim['first_report']}:{hashlib.sha1(claim['text'].encode('utf-8')).hexdigest()[:12]}"
    exists = f"claim:{group}"
    changes = [([exists], lambda old: None)]
    seen_status, seen_source = set(), set()
    for row in claim["evidence"]:  # in publication order: the first report of a status or source
        event = (reports.get(row["article"]) or {}).get("event")
        if row["status"] and row["status"] not in seen_status:
            seen_status.add(row["status"])
            changes.append(_status_change(db, thread, event, group, exists, claim, row))
        if _identity(row["source"]) not in seen_source:
            seen_source.add(_identity(row["source"]))
            changes.append(_source_change(db, thread, event, group, exists, claim, row))
    for other in claim["contradicted_by"]:
        changes.append(_contradiction_change(db, thread, claim, other, reports))
    return changes


def _status_change(db, thread, event, group, exists, claim, row):
    def make(old):
        if exists not in old:
            return None  # a new claim: its report's alert tells it
        return Change(f"claim_status:{group}:{row['status']}", "claim_status", thread, event, row["article"],
                      f"claim now {row['status'].replace('_', ' ')}: {_cut(claim['text'])}",
                      _evidence(db, row["article"], row))
    return [f"status:{group}:{row['status']}"], make


def _source_change(db, thread, event, group, exists, claim, row):
    def make(old):
        if exists not in old:
            return None
        label = next((s["label"] for s in claim["sources"] if s["key"] == row["source"]), row["source"])
        return Change(f"new_source:{group}:{_identity(row['source'])}", "new_source", thread, event,
                      row["article"], f"new independent source ({label}) for: {_cut(claim['text'])}",
                      _evidence(db, row["article"], row))
    return [f"source:{group}:{_identity(row['source'])}"], make


def _identity(source_key: str) -> str:
    """Who stands behind a claim source: the speaker, or the channel. The link module counts one
    speaker in two independent reports as two sources; saying the same again in a new report is
    not a new source to alert on (a change of status has its own alert)."""
    return source_key.partition("@")[0]


def _contradiction_change(db, thread, claim, other, reports):
    pair = "|".join(sorted([claim["id"], other["claim"]]))
    key = f"contradiction:{pair}:{other['kind']}"

    def make(old):
        return Change(key, "contradiction", thread, (reports.get(other["article"]) or {}).get("event"),
                      other["article"], f"contradiction ({other['kind']}: {other['detail']}) with: "
                                        f"{_cut(claim['text'])}",
                      _evidence(db, other["article"], {"start": other["start"], "end": other["end"]}))
    return [key], make


def _coverage_changes(db: Database, thread: str, reports: list[dict]) -> list:
    """The first report (in publication order) in each language and from each country."""
    changes, firsts = [], {}
    for report in reports:
        for kind, value in (("language", report["lang"]), ("country", country_of(report["url"]))):
            if value and (kind, value) not in firsts:
                firsts[(kind, value)] = report
                changes.append(_coverage_change(db, thread, kind, value, report))
    return changes


def _coverage_change(db, thread, kind, value, report):
    def make(old):
        return Change(f"new_{kind}:{thread}:{value}", f"new_{kind}", thread, report["event"], report["id"],
                      f"first report in {kind} {value}: {report['outlet'] or report['id']}",
                      _evidence(db, report["id"], None))
    return [f"{kind}:{value}"], make


def country_of(url: str | None) -> str | None:
    """The country of an outlet from its URL's country-code domain (lemonde.fr -> FR), or None
    for a generic one (.com, .org)."""
    host = urllib.parse.urlsplit(url or "").hostname or ""
    suffix = host.rsplit(".", 1)[-1].upper()
    if len(suffix) != 2 or not suffix.isalpha():
        return None
    suffix = {"UK": "GB"}.get(suffix, suffix)
    import pycountry

    return suffix if pycountry.countries.get(alpha_2=suffix) else None


def _evidence(db: Database, article_id: str, span: dict | None) -> dict:
    """The evidence sentence (the span's, else the report's first) with its report."""
    article = article_store.get_article(db, article_id)
    if article is None:
        return {"article": article_id}
    start = (span or {}).get("start") or 0
    sentence = build.evidence(article, start, (span or {}).get("end") or start)
    return {"article": article_id, "outlet": article.outlet, "url": article.url, "published": article.published,
            "title": article.title, "start": sentence["start"], "end": sentence["end"],
            "text": " ".join(sentence["text"].split())}


def _cut(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
