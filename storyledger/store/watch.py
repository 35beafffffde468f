"""Watched sources, seen entries, follows, snapshots and alerts (migration 013): all their SQL."""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable

from storyledger.store.articles import fts_query
from storyledger.store.db import Database


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --- sources and entries ----------------------------------------------------------------

def source_state(db: Database, source: str) -> dict:
    """The stored state of `source`, created empty the first time it is watched."""
    db.execute("INSERT OR IGNORE INTO watch_sources(source) VALUES (?)", (source,))
    return dict(db.query("SELECT * FROM watch_sources WHERE source = ?", (source,))[0])


def save_source(db: Database, source_id: int, **fields) -> None:
    allowed = {"kind", "etag", "last_modified", "last_checked", "last_new", "failures", "last_error",
               "retry_after", "discovered"}
    fields = {k: v for k, v in fields.items() if k in allowed}
    if fields:
        assignments = ", ".join(f"{k} = ?" for k in fields)
        db.execute(f"UPDATE watch_sources SET {assignments} WHERE id = ?", (*fields.values(), source_id))


def list_sources(db: Database) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM watch_sources ORDER BY id")]


def seen(db: Database, source_id: int, key: str) -> bool:
    return bool(db.query("SELECT 1 FROM watch_entries WHERE source_id = ? AND key = ?", (source_id, key)))


def url_seen(db: Database, url: str) -> bool:
    """A page already read through any source (two feeds often list one article)."""
    return bool(db.query("SELECT 1 FROM watch_entries WHERE url = ? AND note IS NULL LIMIT 1", (url,)))


def mark_seen(db: Database, source_id: int, key: str, url: str | None, article_id: str | None,
              note: str | None = None) -> None:
    db.execute("INSERT OR REPLACE INTO watch_entries(source_id, key, url, article_id, note, seen_at) "
               "VALUES (?, ?, ?, ?, ?, ?)", (source_id, key, url, article_id, note, now()))


def count_entries(db: Database) -> int:
    return db.query("SELECT COUNT(*) FROM watch_entries")[0][0]


# --- follows ------------------------------------------------------------------------------

def add_follow(db: Database, kind: str, value: str) -> tuple[int, bool]:
    """(id, created): following what is already followed changes nothing."""
    found = db.query("SELECT id FROM follows WHERE kind = ? AND value = ?", (kind, value))
    if found:
        return found[0][0], False
    cursor = db.execute("INSERT INTO follows(kind, value, created) VALUES (?, ?, ?)", (kind, value, now()))
    return cursor.lastrowid, True


def remove_follow(db: Database, kind: str, value: str) -> bool:
    return db.execute("DELETE FROM follows WHERE kind = ? AND value = ?", (kind, value)).rowcount > 0


def follows(db: Database) -> list[dict]:
    rows = db.query("SELECT id, kind, value, created, snapshot FROM follows ORDER BY id")
    return [{**dict(r), "snapshot": json.loads(r["snapshot"]) if r["snapshot"] else None} for r in rows]


def save_snapshot(db: Database, follow_id: int, snapshot: dict) -> None:
    db.execute("UPDATE follows SET snapshot = ? WHERE id = ?",
               (json.dumps(snapshot, sort_keys=True, ensure_ascii=False), follow_id))


# --- what a follow covers ------------------------------------------------------------------

def threads_of_articles(db: Database, article_ids: Iterable[str]) -> list[int]:
    ids = sorted(set(article_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in db.query(
            f"SELECT DISTINCT et.thread_id FROM event_articles ea JOIN event_threads et "
            f"ON et.event_id = ea.event_id WHERE ea.article_id IN ({marks})", chunk))
    return sorted(found)


def articles_mentioning(db: Database, entity_id: int) -> list[str]:
    return [r[0] for r in db.query("SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id = ? "
                                   "ORDER BY article_id", (entity_id,))]


def articles_matching(db: Database, query: str) -> list[str]:
    """Every article the full-text query finds (no limit: a follow covers them all)."""
    return [r[0] for r in db.query(
        "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH ? ORDER BY a.id", (fts_query(query),))]


# --- alerts -----------------------------------------------------------------------------

ALERT_COLUMNS = ("id", "kind", "thread", "event", "article", "summary", "evidence", "created")


def add_alert(db: Database, key: str, follow_id: int | None, kind: str, thread: str | None,
              event: str | None, article: str | None, summary: str, evidence: dict) -> int | None:
    """The new alert's id, or None when an alert with this key exists (never raised twice)."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO alerts(key, follow_id, kind, thread, event, article, summary, evidence, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (key, follow_id, kind, thread, event, article, summary,
         json.dumps(evidence, ensure_ascii=False, sort_keys=True), now()))
    return cursor.lastrowid if cursor.rowcount else None


def alerts(db: Database, since: str | None = None, undelivered: bool = False) -> list[dict]:
    """Every alert (created at or after `since`, or not delivered yet), oldest first."""
    where = [("created >= ?", since)] if since else []
    where += [("delivered IS NULL", None)] if undelivered else []
    return _select_alerts(db, where, "id")


def latest_alerts(db: Database, limit: int, thread: str | None = None, after: str | None = None) -> list[dict]:
    """The newest alerts first (of one thread, created after `after`, when given)."""
    where = [("thread = ?", thread)] if thread else []
    where += [("created > ?", after)] if after else []
    return _select_alerts(db, where, "id DESC", limit)


def _select_alerts(db: Database, where: list[tuple[str, str | None]], order: str,
                   limit: int | None = None) -> list[dict]:
    """Alerts matching every (condition, parameter) of `where`; a None parameter binds nothing."""
    sql = f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts"
    if where:
        sql += " WHERE " + " AND ".join(condition for condition, _ in where)
    params = [value for _, value in where if value is not None]
    if limit is not None:
        sql, params = sql + f" ORDER BY {order} LIMIT ?", params + [limit]
    else:
        sql += f" ORDER BY {order}"
    rows = db.query(sql, params)
    return [{**dict(r), "evidence": json.loads(r["evidence"])} for r in rows]


def mark_delivered(db: Database, alert_ids: Iterable[int]) -> None:
    stamp = now()
    db.conn.executemany("UPDATE alerts SET delivered = ? WHERE id = ?", [(stamp, i) for i in alert_ids])
