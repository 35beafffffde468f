"""SQL for `storyledger forget`: which articles to remove, what they leave behind, and the
wipe of every link table before the remaining articles are linked again.

Every table of the schema (migrations 001-010) is in exactly one of the lists below, so a
new table cannot be forgotten silently: tests/test_forget.py fails until it is classified.
"""
from __future__ import annotations

import os
from typing import Iterable

from storyledger.store.db import Database

# Written by the link stage. Linking is incremental and order-dependent: later articles
# rename entities, add to event and thread profiles, document frequencies and counters,
# merge threads and move claim groups. None of that can be subtracted again, so forget
# empties these tables and links the remaining articles anew. Children before parents.
LINK_TABLES = (
    "event_listing", "thread_listing",
    "claim_contradictions", "claim_keys", "claims", "claim_groups", "claim_key_df",
    "thread_merges", "event_threads", "thread_keys", "threads",
    "event_articles", "event_keys", "events",
    "copy_links", "wire_credits", "link_minhash_bands", "link_anchor_index", "link_articles",
    "link_df", "link_counters",
    "entity_descriptors", "entity_places", "entity_mentions", "entity_alias_evidence",
    "entity_aliases", "entity_keys", "entities",
    "linked",
)

# Owned by one article (deleted with it through ON DELETE CASCADE or the FTS trigger), or
# the article and document rows themselves, or bookkeeping that is no article's.
ARTICLE_TABLES = ("articles", "sentences", "removals", "analyses", "analysis_pending", "link_pending")
OTHER_TABLES = ("documents", "schema_migrations",
                # the watcher's bookkeeping: an entry stays seen, so a forgotten article is not
                # fetched again at the next round; follows name threads and events as shown
                "watch_sources", "watch_entries", "follows",
                "link_generation")  # grows with every re-link; never reset
# Alerts quote their article's sentence: an alert about a forgotten article goes with it.
EVIDENCE_TABLES = ("alerts",)
FTS_TABLE = "articles_fts"


def unclassified_tables(db: Database) -> list[str]:
    """Tables of the store that none of the lists above accounts for (should be none)."""
    known = set(LINK_TABLES) | set(ARTICLE_TABLES) | set(OTHER_TABLES) | set(EVIDENCE_TABLES)
    rows = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    " AND name NOT LIKE ?", (FTS_TABLE + "%",))
    return sorted(r[0] for r in rows if r[0] not in known and r[0] != FTS_TABLE)


def ids_of_outlet(db: Database, outlet: str) -> list[str]:
    return [r[0] for r in db.query("SELECT id FROM articles WHERE outlet = ? ORDER BY published, id", (outlet,))]


def ids_of_source(db: Database, path: str) -> list[str]:
    """Articles read from the input file `path` (as given to ingest, or the same file by its
    absolute path), or from any file under `path` when it is a folder."""
    wanted = os.path.abspath(path)
    folder = wanted.rstrip(os.sep) + os.sep
    found = []
    for r in db.query("SELECT id, source FROM articles WHERE source IS NOT NULL ORDER BY published, id"):
        source = r["source"]
        if source == path or (source != "-" and _same_or_under(os.path.abspath(source), wanted, folder)):
            found.append(r["id"])
    return found


def _same_or_under(source: str, wanted: str, folder: str) -> bool:
    return source == wanted or source.startswith(folder)


def linked_ids(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT article_id FROM linked")]


def summaries(db: Database, ids: list[str]) -> list[dict]:
    """id, published, outlet and title of each of `ids`, in publication order."""
    rows = []
    for chunk in _chunks(ids):
        rows += db.query("SELECT id, published, outlet, title, name FROM articles"
                         f" WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
    return [dict(r) for r in rows]


def footprint(db: Database, ids: list[str]) -> dict[str, int]:
    """How many rows of each kind the articles `ids` own or are pointed at by (for --dry-run)."""
    counts = {
        "sentences": _count(db, "SELECT COUNT(*) FROM sentences WHERE article_id IN ({})", ids),
        "cleaning removals": _count(db, "SELECT COUNT(*) FROM removals WHERE article_id IN ({})", ids),
        "analyses": _count(db, "SELECT COUNT(*) FROM analyses WHERE article_id IN ({})", ids),
        "entity mentions": _count(db, "SELECT COUNT(*) FROM entity_mentions WHERE article_id IN ({})", ids),
        "claims": _count(db, "SELECT COUNT(*) FROM claims WHERE article_id IN ({})", ids),
        "copy links from them": _count(db, "SELECT COUNT(*) FROM copy_links WHERE article_id IN ({})", ids),
        "copies pointing at them": _count(
            db, "SELECT COUNT(*) FROM copy_links WHERE copy_of IN ({0}) AND article_id NOT IN ({0})", ids, 2),
        "event memberships": _count(db, "SELECT COUNT(*) FROM event_articles WHERE article_id IN ({})", ids),
    }
    counts["raw documents"] = len(orphaned_documents(db, ids))
    return counts


def copies_of(db: Database, ids: list[str]) -> list[str]:
    """Articles (not in `ids`) linked as copies of one of `ids`."""
    rows = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows += db.query(f"SELECT article_id FROM copy_links WHERE copy_of IN ({marks})", chunk)
    return sorted({r[0] for r in rows} - set(ids))


def orphaned_documents(db: Database, ids: list[str]) -> list[str]:
    """Raw documents of `ids` that no other article was read from."""
    gone = set(ids)
    shas = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        shas |= {r[0] for r in db.query(f"SELECT raw_sha256 FROM articles WHERE id IN ({marks})"
                                        " AND raw_sha256 IS NOT NULL", chunk)}
    orphans = []
    for sha in sorted(shas):
        users = {r[0] for r in db.query("SELECT id FROM articles WHERE raw_sha256 = ?", (sha,))}
        if users <= gone:
            orphans.append(sha)
    return orphans


def clear_links(db: Database) -> None:
    """Empty every table the link stage writes (call inside a transaction)."""
    for table in LINK_TABLES:
        db.execute(f"DELETE FROM {table}")


def delete_articles(db: Database, ids: list[str]) -> int:
    """Delete the articles (their sentences, removals, analysis, queue rows and FTS row go with
    them) and the raw documents no other article uses; returns how many documents went."""
    documents = orphaned_documents(db, ids)
    for chunk in _chunks(ids):
        db.execute(f"DELETE FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        for table in EVIDENCE_TABLES:
            db.execute(f"DELETE FROM {table} WHERE article IN ({','.join('?' * len(chunk))})", chunk)
    for chunk in _chunks(documents):
        db.execute(f"DELETE FROM documents WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk)
    return len(documents)


def _count(db: Database, sql: str, ids: list[str], repeat: int = 1) -> int:
    total = 0
    for chunk in _chunks(ids, 400):
        total += db.query(sql.format(",".join("?" * len(chunk))), chunk * repeat)[0][0]
    return total


def _chunks(items: Iterable, size: int = 500) -> Iterable[list]:
    items = list(items)
    return (items[i:i + size] for i in range(0, len(items), size))
