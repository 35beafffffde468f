"""The precomputed rows of the event and thread listings (migration 012).

Linking marks nothing: after a link run the pipeline recomputes the rows of the events and
threads its articles touched, and of any that have none (a store older than the table)."""
from __future__ import annotations

import json
from typing import Iterable

from storyledger.store.db import Database

_TABLES = {"event": ("event_listing", "event_id"), "thread": ("thread_listing", "thread_id")}


def rows(db: Database, kind: str, ids: Iterable[int]) -> dict[int, dict]:
    """Stored listing rows of the events or threads `ids`, by id (missing ones are absent)."""
    table, key = _TABLES[kind]
    ids, found = list(ids), {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in db.query(f"SELECT {key}, data FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})", chunk):
            found[r[0]] = json.loads(r[1])
    return found


def save(db: Database, kind: str, computed: dict[int, dict]) -> None:
    table, key = _TABLES[kind]
    db.conn.executemany(f"INSERT OR REPLACE INTO {table}({key}, data) VALUES (?, ?)",
                        [(i, json.dumps(row, ensure_ascii=False)) for i, row in sorted(computed.items())])


def without_rows(db: Database, kind: str) -> list[int]:
    """Events or threads that have no listing row yet."""
    table, key = _TABLES[kind]
    source = "events" if kind == "event" else "threads"
    return [r[0] for r in db.query(f"SELECT id FROM {source} WHERE id NOT IN (SELECT {key} FROM {table}) ORDER BY id")]


def touched_by(db: Database, article_ids: Iterable[str]) -> tuple[list[int], list[int]]:
    """(events, threads) that hold any of `article_ids`."""
    ids, events, threads = list(article_ids), set(), set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in db.query("SELECT ea.event_id, et.thread_id FROM event_articles ea LEFT JOIN event_threads et"
                          f" ON et.event_id = ea.event_id WHERE ea.article_id IN ({','.join('?' * len(chunk))})",
                          chunk):
            events.add(r[0])
            if r[1] is not None:
                threads.add(r[1])
    return sorted(events), sorted(threads)


def all_ids(db: Database, kind: str) -> list[int]:
    return [r[0] for r in db.query(f"SELECT id FROM {'events' if kind == 'event' else 'threads'} ORDER BY id")]


def generation(db: Database) -> int:
    """The store's link generation (migration 014): it changes whenever links change."""
    return db.query("SELECT value FROM link_generation WHERE id = 1")[0][0]


def next_generation(db: Database) -> None:
    db.execute("UPDATE link_generation SET value = value + 1 WHERE id = 1")
