"""SQL for the link stage (copies, events, threads, claims); see 004_links.sql.

Every read that serves candidate retrieval goes through an inverted index and
is capped (`POSTINGS_CAP` most recent postings per key), so linking one article
costs the same however many articles the store holds.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from storyledger.model import Article
from storyledger.store.db import Database

POSTINGS_CAP = 200  # most recent postings read per key
MAX_CLAIM_KEY_DF = 100  # a claim key on more claims than this is common: ...
COMMON_KEY_RECENT = 20  # ... only its most recent postings are read


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- articles (fallback for callers that have no article store) -----------------

def ensure_article_row(db: Database, article: Article) -> None:
    """Insert the article's own row if it is missing (benchmarks and tests)."""
    db.execute(
        "INSERT OR IGNORE INTO articles(id, name, title, url, outlet, lang, published, body, text, words)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article.id, article.name, article.title, article.url, article.outlet, article.lang,
         article.published, article.body, article.text, article.words()),
    )


def article_rows(db: Database, ids: Iterable[str]) -> dict[str, dict]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.query(
        f"SELECT id, name, outlet, published, lang, text FROM articles WHERE id IN ({marks})", ids)
    return {r["id"]: dict(r) for r in rows}


def canonical_entities(db: Database, article_id: str) -> dict[tuple[int, int], tuple[int, str]]:
    """(start, end) of each mention the entity stage linked in this article -> (entity id, name).

    Empty when the entity stage did not run (its tables absent or no rows for the article)."""
    try:
        rows = db.query("SELECT m.start, m.end, e.id, e.name FROM entity_mentions m"
                        " JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?", (article_id,))
    except sqlite3.OperationalError:  # no entity tables in this store
        return {}
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


# --- copies ---------------------------------------------------------------------

def save_link_article(db: Database, article_id: str, published: str | None, lang: str | None,
                      signature: bytes | None, anchors: list[str]) -> None:
    db.execute(
        "INSERT OR REPLACE INTO link_articles(article_id, published, lang, signature, anchors)"
        " VALUES (?, ?, ?, ?, ?)", (article_id, published, lang, signature, _json(anchors)))


def link_article_rows(db: Database, ids: Iterable[str]) -> dict[str, dict]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.query(f"SELECT * FROM link_articles WHERE article_id IN ({marks})", ids)
    return {r["article_id"]: {**dict(r), "anchors": json.loads(r["anchors"])} for r in rows}


def add_minhash_bands(db: Database, article_id: str, buckets: list[str]) -> None:
    db.conn.executemany(
        "INSERT INTO link_minhash_bands(band, bucket, article_id) VALUES (?, ?, ?)",
        [(band, bucket, article_id) for band, bucket in enumerate(buckets)])


def minhash_candidates(db: Database, buckets: list[str]) -> list[str]:
    found: dict[str, int] = {}
    for band, bucket in enumerate(buckets):
        for r in db.query("SELECT article_id FROM link_minhash_bands WHERE band = ? AND bucket = ?"
                          " ORDER BY rowid DESC LIMIT ?", (band, bucket, POSTINGS_CAP)):
            found[r[0]] = found.get(r[0], 0) + 1
    return sorted(found, key=found.get, reverse=True)


def add_anchors(db: Database, article_id: str, anchors: list[str]) -> None:
    db.conn.executemany("INSERT INTO link_anchor_index(anchor, article_id) VALUES (?, ?)",
                        [(a, article_id) for a in anchors])


def anchor_candidates(db: Database, anchors: list[str], minimum: int, limit: int) -> list[tuple[str, int]]:
    """Articles sharing at least `minimum` anchors, most shared first."""
    counts: dict[str, int] = {}
    for anchor in anchors:
        for r in db.query("SELECT article_id FROM link_anchor_index WHERE anchor = ?"
                          " ORDER BY rowid DESC LIMIT ?", (anchor, POSTINGS_CAP)):
            counts[r[0]] = counts.get(r[0], 0) + 1
    ranked = sorted(((a, n) for a, n in counts.items() if n >= minimum), key=lambda x: -x[1])
    return ranked[:limit]


def save_copy_link(db: Database, article_id: str, copy_of: str, score: float, method: str,
                   aligned: list[dict]) -> None:
    db.execute("INSERT OR REPLACE INTO copy_links(article_id, copy_of, score, method, aligned)"
               " VALUES (?, ?, ?, ?, ?)", (article_id, copy_of, score, method, _json(aligned)))


def copy_link_rows(db: Database, article_ids: Iterable[str] | None = None) -> list[dict]:
    """Every copy link, or those from or to one of `article_ids`."""
    if article_ids is None:
        rows = db.query("SELECT * FROM copy_links ORDER BY rowid")
    else:
        rows = []
        for chunk in _chunks(list(dict.fromkeys(article_ids)), 400):
            marks = ",".join("?" * len(chunk))
            rows += db.query(f"SELECT * FROM copy_links WHERE article_id IN ({marks})"
                             f" UNION SELECT * FROM copy_links WHERE copy_of IN ({marks}) ORDER BY article_id", chunk + chunk)
        rows = list({r["article_id"]: r for r in rows}.values())
    return [{**dict(r), "aligned": json.loads(r["aligned"])} for r in rows]


def copy_of(db: Database, article_id: str) -> str | None:
    rows = db.query("SELECT copy_of FROM copy_links WHERE article_id = ?", (article_id,))
    return rows[0][0] if rows else None


def save_wire_credit(db: Database, article_id: str, origin: str, start: int, end: int, basis: str) -> None:
    db.execute("INSERT OR REPLACE INTO wire_credits(article_id, origin, start, end, basis)"
               " VALUES (?, ?, ?, ?, ?)", (article_id, origin, start, end, basis))


def wire_credit_rows(db: Database, article_ids: Iterable[str] | None = None) -> dict[str, dict]:
    """Wire credits of every article, or of `article_ids`."""
    if article_ids is None:
        return {r["article_id"]: dict(r) for r in db.query("SELECT * FROM wire_credits ORDER BY article_id")}
    found = {}
    for chunk in _chunks(list(article_ids), 500):
        marks = ",".join("?" * len(chunk))
        for r in db.query(f"SELECT * FROM wire_credits WHERE article_id IN ({marks}) ORDER BY article_id", chunk):
            found[r["article_id"]] = dict(r)
    return found


def wire_credit(db: Database, article_id: str) -> dict | None:
    rows = db.query("SELECT * FROM wire_credits WHERE article_id = ?", (article_id,))
    return dict(rows[0]) if rows else None


# --- document frequencies ----------------------------------------------------------

def document_frequencies(db: Database, terms: Iterable[str]) -> dict[str, int]:
    terms = list(dict.fromkeys(terms))
    found: dict[str, int] = {}
    for i in range(0, len(terms), 500):
        chunk = terms[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.query(f"SELECT term, df FROM link_df WHERE term IN ({marks})", chunk):
            found[r[0]] = r[1]
    return found


def add_document_frequencies(db: Database, terms: Iterable[str]) -> None:
    db.conn.executemany(
        "INSERT INTO link_df(term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
        [(t,) for t in sorted(set(terms))])


def counter(db: Database, name: str) -> int:
    rows = db.query("SELECT value FROM link_counters WHERE name = ?", (name,))
    return rows[0][0] if rows else 0


def increment_counter(db: Database, name: str) -> None:
    db.execute("INSERT INTO link_counters(name, value) VALUES (?, 1)"
               " ON CONFLICT(name) DO UPDATE SET value = value + 1", (name,))


# --- events ------------------------------------------------------------------------

def event_candidates(db: Database, keys: list[str], limit: int) -> list[int]:
    counts: dict[int, int] = {}
    for key in keys:
        for r in db.query("SELECT event_id FROM event_keys WHERE key = ?"
                          " ORDER BY event_id DESC LIMIT ?", (key, POSTINGS_CAP)):
            counts[r[0]] = counts.get(r[0], 0) + 1
    return sorted(counts, key=lambda e: (-counts[e], -e))[:limit]


def event_rows(db: Database, ids: Iterable[int] | None = None) -> dict[int, dict]:
    if ids is None:
        rows = db.query("SELECT * FROM events ORDER BY id")
    else:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        rows = db.query(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids)
    return {r["id"]: {**dict(r), "profile": json.loads(r["profile"])} for r in rows}


def create_event(db: Database, article_id: str, date: str | None, profile: dict) -> int:
    cursor = db.execute("INSERT INTO events(first_article, first_date, last_date, n_articles, profile)"
                        " VALUES (?, ?, ?, 1, ?)", (article_id, date, date, _json(profile)))
    return cursor.lastrowid


def update_event(db: Database, event_id: int, first_date: str | None, last_date: str | None,
                 n_articles: int, profile: dict) -> None:
    db.execute("UPDATE events SET first_date = ?, last_date = ?, n_articles = ?, profile = ? WHERE id = ?",
               (first_date, last_date, n_articles, _json(profile), event_id))


def add_event_article(db: Database, article_id: str, event_id: int, score: float | None,
                      date: str | None) -> None:
    db.execute("INSERT OR REPLACE INTO event_articles(article_id, event_id, score, date) VALUES (?, ?, ?, ?)",
               (article_id, event_id, score, date))


def add_event_keys(db: Database, event_id: int, keys: Iterable[str]) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO event_keys(key, event_id) VALUES (?, ?)",
                        [(k, event_id) for k in keys])


def merge_events(db: Database, keep: int, gone: int, first_date: str | None, last_date: str | None,
                 profile: dict) -> None:
    """Move every report and key of event `gone` into `keep` and delete `gone` (its thread link goes
    with it: the caller merges the threads)."""
    db.execute("UPDATE event_articles SET event_id = ? WHERE event_id = ?", (keep, gone))
    db.execute("INSERT OR IGNORE INTO event_keys(key, event_id) SELECT key, ? FROM event_keys"
               " WHERE event_id = ?", (keep, gone))
    db.execute("DELETE FROM event_keys WHERE event_id = ?", (gone,))
    db.execute("DELETE FROM event_threads WHERE event_id = ?", (gone,))
    n_articles = db.query("SELECT COUNT(*) FROM event_articles WHERE event_id = ?", (keep,))[0][0]
    db.execute("UPDATE events SET first_date = ?, last_date = ?, n_articles = ?, profile = ? WHERE id = ?",
               (first_date, last_date, n_articles, _json(profile), keep))
    db.execute("DELETE FROM events WHERE id = ?", (gone,))


def event_of_article(db: Database, article_id: str | None = None) -> dict[str, int]:
    if article_id is None:
        rows = db.query("SELECT article_id, event_id FROM event_articles ORDER BY rowid")
    else:
        rows = db.query("SELECT article_id, event_id FROM event_articles WHERE article_id = ?", (article_id,))
    return {r[0]: r[1] for r in rows}


def event_article_rows(db: Database, event_id: int | None = None) -> list[dict]:
    sql = ("SELECT ea.*, a.published, a.name, a.title FROM event_articles ea"
           " JOIN articles a ON a.id = ea.article_id")
    if event_id is None:
        rows = db.query(sql + " ORDER BY ea.rowid")
    else:
        rows = db.query(sql + " WHERE ea.event_id = ? ORDER BY ea.rowid", (event_id,))
    return [dict(r) for r in rows]


# --- threads -----------------------------------------------------------------------

def thread_candidates(db: Database, keys: list[str], limit: int) -> list[int]:
    counts: dict[int, int] = {}
    for key in keys:
        for r in db.query("SELECT thread_id FROM thread_keys WHERE key = ?"
                          " ORDER BY thread_id DESC LIMIT ?", (key, POSTINGS_CAP)):
            counts[r[0]] = counts.get(r[0], 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], -t))[:limit]


def thread_rows(db: Database, ids: Iterable[int] | None = None) -> dict[int, dict]:
    if ids is None:
        rows = db.query("SELECT * FROM threads ORDER BY id")
    else:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        rows = db.query(f"SELECT * FROM threads WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids)
    return {r["id"]: {**dict(r), "profile": json.loads(r["profile"])} for r in rows}


def create_thread(db: Database, event_id: int, profile: dict) -> int:
    """A new thread's id is above every id a thread ever had: SQLite would hand out a merged
    thread's deleted id again, and `thread_merges` would then send the new thread to the old
    thread's heir (its dossier showing another story)."""
    used = db.query("SELECT MAX(id) FROM (SELECT id FROM threads UNION ALL"
                    " SELECT merged_thread FROM thread_merges)")[0][0] or 0
    return db.execute("INSERT INTO threads(id, first_event, profile) VALUES (?, ?, ?)",
                      (used + 1, event_id, _json(profile))).lastrowid


def update_thread(db: Database, thread_id: int, profile: dict) -> None:
    db.execute("UPDATE threads SET profile = ? WHERE id = ?", (_json(profile), thread_id))


def set_event_thread(db: Database, event_id: int, thread_id: int, score: float | None) -> None:
    db.execute("INSERT OR REPLACE INTO event_threads(event_id, thread_id, score) VALUES (?, ?, ?)",
               (event_id, thread_id, score))


def add_thread_keys(db: Database, thread_id: int, keys: Iterable[str]) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO thread_keys(key, thread_id) VALUES (?, ?)",
                        [(k, thread_id) for k in keys])


def merge_threads(db: Database, keep: int, gone: int, profile: dict, article_id: str, score: float) -> None:
    """Move every event, key and claim group of thread `gone` into `keep`, and record why."""
    db.execute("UPDATE event_threads SET thread_id = ? WHERE thread_id = ?", (keep, gone))
    db.execute("INSERT OR IGNORE INTO thread_keys(key, thread_id) SELECT key, ? FROM thread_keys"
               " WHERE thread_id = ?", (keep, gone))
    db.execute("DELETE FROM thread_keys WHERE thread_id = ?", (gone,))
    db.execute("UPDATE claim_groups SET thread_id = ? WHERE thread_id = ?", (keep, gone))
    db.execute("UPDATE threads SET profile = ? WHERE id = ?", (_json(profile), keep))
    db.execute("DELETE FROM threads WHERE id = ?", (gone,))
    db.execute("INSERT OR REPLACE INTO thread_merges(merged_thread, thread_id, article_id, score)"
               " VALUES (?, ?, ?, ?)", (gone, keep, article_id, score))


def surviving_thread(db: Database, thread_id: int) -> int:
    """The thread that holds a (possibly merged) thread's events now."""
    seen = set()
    while thread_id not in seen:
        seen.add(thread_id)
        rows = db.query("SELECT thread_id FROM thread_merges WHERE merged_thread = ?", (thread_id,))
        if not rows:
            break
        thread_id = rows[0][0]
    return thread_id


def thread_merge_rows(db: Database, thread_id: int) -> list[dict]:
    """Threads merged into `thread_id`, with the bridging report and score."""
    return [dict(r) for r in db.query("SELECT * FROM thread_merges WHERE thread_id = ? ORDER BY rowid",
                                      (thread_id,))]


def thread_ids_by_activity(db: Database, limit: int, offset: int = 0) -> list[int]:
    """Thread ids, the one with the latest event date first (undated last)."""
    rows = db.query("SELECT et.thread_id, MAX(e.last_date) AS latest FROM event_threads et"
                    " JOIN events e ON e.id = et.event_id GROUP BY et.thread_id"
                    " ORDER BY latest IS NULL, latest DESC, et.thread_id DESC LIMIT ? OFFSET ?", (limit, offset))
    return [r[0] for r in rows]


def event_ids_by_date(db: Database, limit: int, offset: int = 0) -> list[int]:
    """Event ids, latest first (undated last)."""
    rows = db.query("SELECT id FROM events ORDER BY last_date IS NULL, last_date DESC, id DESC"
                    " LIMIT ? OFFSET ?", (limit, offset))
    return [r[0] for r in rows]


def count_threads(db: Database) -> int:
    return db.query("SELECT COUNT(*) FROM threads")[0][0]


def count_events(db: Database) -> int:
    return db.query("SELECT COUNT(*) FROM events")[0][0]


def thread_of_event(db: Database) -> dict[int, int]:
    return {r[0]: r[1] for r in db.query("SELECT event_id, thread_id FROM event_threads ORDER BY event_id")}


def events_of_thread(db: Database, thread_id: int) -> list[int]:
    return [r[0] for r in db.query("SELECT event_id FROM event_threads WHERE thread_id = ? ORDER BY event_id",
                                   (thread_id,))]


def event_article_rows_for(db: Database, event_ids: list[int]) -> list[dict]:
    if not event_ids:
        return []
    rows = db.query("SELECT ea.*, a.published, a.name, a.title FROM event_articles ea"
                    " JOIN articles a ON a.id = ea.article_id"
                    f" WHERE ea.event_id IN ({','.join('?' * len(event_ids))}) ORDER BY ea.rowid", event_ids)
    return [dict(r) for r in rows]


def thread_of_event_id(db: Database, event_id: int) -> int | None:
    rows = db.query("SELECT thread_id FROM event_threads WHERE event_id = ?", (event_id,))
    return rows[0][0] if rows else None


def events_founded_by(db: Database, article_id: str) -> list[int]:
    return [r[0] for r in db.query("SELECT id FROM events WHERE first_article = ? ORDER BY id", (article_id,))]


def thread_of_article(db: Database, article_id: str) -> int | None:
    rows = db.query("SELECT et.thread_id FROM event_articles ea JOIN event_threads et"
                    " ON et.event_id = ea.event_id WHERE ea.article_id = ?", (article_id,))
    return rows[0][0] if rows else None


# --- claims ------------------------------------------------------------------------

def claim_postings(db: Database, keys: Iterable[str]) -> dict[str, list[int]]:
    """Claim ids under each of `keys`: every posting of a rare key, the most recent of a common one.

    A key on many claims ("police", a country, the name at the heart of a long
    story) says little about which claim is the same, and its posting list grows
    with the store: only its `COMMON_KEY_RECENT` latest claims are read."""
    keys = list(dict.fromkeys(keys))
    frequencies = _claim_key_frequencies(db, keys)
    rare = [k for k in keys if frequencies.get(k, 0) <= MAX_CLAIM_KEY_DF]
    postings: dict[str, list[int]] = {}
    for chunk in _chunks(rare, 500):
        marks = ",".join("?" * len(chunk))
        for key, claim_id in db.query(f"SELECT key, claim_id FROM claim_keys WHERE key IN ({marks})", chunk):
            postings.setdefault(key, []).append(claim_id)
    for key in keys:
        if frequencies.get(key, 0) > MAX_CLAIM_KEY_DF:
            postings[key] = [r[0] for r in db.query("SELECT claim_id FROM claim_keys WHERE key = ?"
                                                    " ORDER BY claim_id DESC LIMIT ?", (key, COMMON_KEY_RECENT))]
    return postings


def _claim_key_frequencies(db: Database, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(keys, 500):
        marks = ",".join("?" * len(chunk))
        for key, df in db.query(f"SELECT key, df FROM claim_key_df WHERE key IN ({marks})", chunk):
            found[key] = df
    return found


def _chunks(items: list, size: int) -> Iterable[list]:
    return (items[i:i + size] for i in range(0, len(items), size))


def claim_candidates(postings: dict[str, list[int]], keys: Iterable[str], limit: int) -> list[tuple[int, int]]:
    """(claim id, shared keys) of the claims sharing most of `keys`, most recent first among equals."""
    counts: dict[int, int] = {}
    for key in set(keys):
        for claim_id in postings.get(key, ()):
            counts[claim_id] = counts.get(claim_id, 0) + 1
    return sorted(counts.items(), key=lambda x: (-x[1], -x[0]))[:limit]


def claim_rows(db: Database, ids: Iterable[int] | None = None, where: str = "", params=(),
               features: bool = True) -> list[dict]:
    """Claim rows with their group's thread and first article; `features` (JSON, costly to
    decode in bulk) only when asked."""
    sql = ("SELECT c.*, g.thread_id, g.first_article FROM claims c"
           " JOIN claim_groups g ON g.id = c.group_id")
    if ids is not None:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        sql += f" WHERE c.id IN ({','.join('?' * len(ids))})"
        params = ids
    elif where:
        sql += " WHERE " + where
    rows = db.query(sql + " ORDER BY c.id", params)
    if not features:
        return [dict(r) for r in rows]
    return [{**dict(r), "features": json.loads(r["features"])} for r in rows]


def create_claim_group(db: Database, article_id: str, thread_id: int | None) -> int:
    return db.execute("INSERT INTO claim_groups(first_article, thread_id) VALUES (?, ?)",
                      (article_id, thread_id)).lastrowid


def set_claim_group_thread(db: Database, group_id: int, thread_id: int | None) -> None:
    db.execute("UPDATE claim_groups SET thread_id = ? WHERE id = ? AND thread_id IS NULL",
               (thread_id, group_id))


def save_claim(db: Database, row: dict) -> int:
    columns = ["article_id", "idx", "group_id", "sentence_start", "sentence_end", "content_start",
               "content_end", "content", "speaker", "channel", "status", "source_key", "features", "score"]
    values = [_json(row[c]) if c == "features" else row[c] for c in columns]
    return db.execute(f"INSERT INTO claims({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                      values).lastrowid


def add_claim_keys(db: Database, claim_id: int, keys: Iterable[str]) -> None:
    keys = sorted(set(keys))
    db.conn.executemany("INSERT INTO claim_keys(key, claim_id) VALUES (?, ?)", [(k, claim_id) for k in keys])
    db.conn.executemany("INSERT INTO claim_key_df(key, df) VALUES (?, 1)"
                        " ON CONFLICT(key) DO UPDATE SET df = df + 1", [(k,) for k in keys])


def add_contradiction(db: Database, claim_id: int, other_id: int, kind: str, detail: str) -> None:
    db.execute("INSERT INTO claim_contradictions(claim_id, other_claim_id, kind, detail) VALUES (?, ?, ?, ?)",
               (claim_id, other_id, kind, detail))


def contradiction_rows(db: Database, claim_ids: Iterable[int] | None = None) -> list[dict]:
    """Every contradiction, or those of which one side is in `claim_ids`."""
    if claim_ids is None:
        return [dict(r) for r in db.query("SELECT * FROM claim_contradictions ORDER BY rowid")]
    found = {}
    for chunk in _chunks(list(dict.fromkeys(claim_ids)), 400):
        marks = ",".join("?" * len(chunk))
        for r in db.query(f"SELECT rowid, * FROM claim_contradictions WHERE claim_id IN ({marks})"
                          f" UNION SELECT rowid, * FROM claim_contradictions WHERE other_claim_id IN ({marks})",
                          chunk + chunk):
            found[r["rowid"]] = {k: r[k] for k in r.keys() if k != "rowid"}
    return [found[k] for k in sorted(found)]
