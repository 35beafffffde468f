"""SQL for canonical entities, aliases, evidence, descriptors and places."""
from __future__ import annotations

import json
from typing import Iterable

from storyledger.store.db import Database

# Bounds that keep linking one article independent of the store's size.
MAX_POSTINGS = 500  # index rows read for one cluster's keys
MAX_CANDIDATES = 50  # entities compared with one cluster


def candidates(db: Database, keys: list[str], types: tuple[str, ...]) -> list[dict]:
    """Entities indexed under any of `keys`, of one of `types`, most-seen first.

    Reads at most MAX_POSTINGS index rows, however common a key has become."""
    if not keys:
        return []
    marks, tmarks = ",".join("?" * len(keys)), ",".join("?" * len(types))
    rows = db.query(
        f"SELECT e.id, e.name, e.type, e.articles FROM entities e WHERE e.id IN ("
        f" SELECT entity_id FROM entity_keys WHERE key IN ({marks}) ORDER BY key, entity_id LIMIT ?) "
        f"AND e.type IN ({tmarks}) ORDER BY e.articles DESC, e.id LIMIT ?",
        (*keys, MAX_POSTINGS, *types, MAX_CANDIDATES),
    )
    return [dict(r) for r in rows]


def create_entity(db: Database, name: str, type: str, article_id: str) -> int:
    cur = db.execute("INSERT INTO entities(name, type, first_article) VALUES (?, ?, ?)",
                     (name, type, article_id))
    return int(cur.lastrowid)


def rename_entity(db: Database, entity_id: int, name: str) -> None:
    db.execute("UPDATE entities SET name = ? WHERE id = ?", (name, entity_id))


def retype_entity(db: Database, entity_id: int, type: str) -> None:
    db.execute("UPDATE entities SET type = ? WHERE id = ?", (type, entity_id))
    db.execute("UPDATE entity_mentions SET type = ? WHERE entity_id = ?", (type, entity_id))


def add_keys(db: Database, entity_id: int, keys) -> None:
    for key in keys:
        db.execute("INSERT OR IGNORE INTO entity_keys(key, entity_id) VALUES (?, ?)", (key, entity_id))


def count_article(db: Database, entity_id: int) -> None:
    db.execute("UPDATE entities SET articles = articles + 1 WHERE id = ?", (entity_id,))


def add_alias(db: Database, entity_id: int, text: str, folded: str, kind: str = "name") -> int:
    db.execute("INSERT OR IGNORE INTO entity_aliases(entity_id, text, folded, kind) VALUES (?, ?, ?, ?)",
               (entity_id, text, folded, kind))
    row = db.query("SELECT id FROM entity_aliases WHERE entity_id = ? AND text = ?", (entity_id, text))
    return int(row[0]["id"])


def add_alias_evidence(db: Database, alias_id: int, article_id: str, start: int, end: int,
                       sentence: int | None) -> None:
    db.execute("INSERT OR IGNORE INTO entity_alias_evidence(alias_id, article_id, start, end, sentence) "
               "VALUES (?, ?, ?, ?, ?)", (alias_id, article_id, start, end, sentence))


def add_mention(db: Database, article_id: str, start: int, end: int, entity_id: int, text: str,
                type: str, sentence: int | None) -> None:
    db.execute("INSERT OR IGNORE INTO entity_mentions(article_id, start, end, entity_id, text, type, "
               "sentence) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (article_id, start, end, entity_id, text, type, sentence))


def add_descriptor(db: Database, entity_id: int, article_id: str, text: str, start: int, end: int,
                   sentence: int | None) -> None:
    db.execute("INSERT OR IGNORE INTO entity_descriptors(entity_id, article_id, text, start, end, "
               "sentence) VALUES (?, ?, ?, ?, ?, ?)", (entity_id, article_id, text, start, end, sentence))


def set_place(db: Database, entity_id: int, resolution: dict) -> None:
    best = resolution.get("best") or {}
    key = (f"geonames:{best['geonameid']}" if best.get("geonameid")
           else f"iso:{best['code']}" if best.get("code") else None)
    db.execute(
        "INSERT OR REPLACE INTO entity_places(entity_id, name, kind, country, latitude, longitude, "
        "place_key, basis, ambiguous, candidates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entity_id, best.get("name"), best.get("kind"), best.get("country"), best.get("latitude"),
         best.get("longitude"), key, resolution.get("basis"), int(bool(resolution.get("ambiguous"))),
         json.dumps(resolution.get("candidates", []), ensure_ascii=False)),
    )


def has_place(db: Database, entity_id: int) -> bool:
    return bool(db.query("SELECT 1 FROM entity_places WHERE entity_id = ?", (entity_id,)))


def cooccurring(db: Database, entity_id: int, limit_articles: int = 50) -> set[int]:
    """Entities mentioned in (at most `limit_articles` of) the articles of `entity_id`."""
    rows = db.query(
        "SELECT DISTINCT m.entity_id FROM entity_mentions m WHERE m.article_id IN ("
        " SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id = ? ORDER BY article_id LIMIT ?)",
        (entity_id, limit_articles),
    )
    return {r[0] for r in rows} - {entity_id}


def keyed(db: Database, keys: list[str], chunk: int = 500) -> dict[str, set[int]]:
    """Key -> the entities indexed under it, for those of `keys` that are indexed (read in chunks:
    the caller may ask for thousands of keys at once)."""
    found: dict[str, set[int]] = {}
    for i in range(0, len(keys), chunk):
        part = keys[i:i + chunk]
        rows = db.query(f"SELECT key, entity_id FROM entity_keys WHERE key IN ({','.join('?' * len(part))})",
                        tuple(part))
        for key, entity_id in rows:
            found.setdefault(key, set()).add(entity_id)
    return found


def get_entity(db: Database, entity_id: int) -> dict | None:
    rows = db.query("SELECT id, name, type, articles FROM entities WHERE id = ?", (entity_id,))
    return dict(rows[0]) if rows else None


def entities_named(db: Database, name: str) -> list[dict]:
    rows = db.query("SELECT id, name, type, articles FROM entities WHERE name = ? COLLATE NOCASE "
                    "ORDER BY articles DESC, id", (name,))
    return [dict(r) for r in rows]


def aliases_by_folded(db: Database, folded: str, article_id: str | None = None,
                      kinds: tuple[str, ...] = ("name",)) -> list[dict]:
    """Entities with an alias folded to `folded`, with how often (in `article_id`) it was seen."""
    where = f"a.folded = ? AND a.kind IN ({','.join('?' * len(kinds))})"
    params = [folded, *kinds]
    if article_id is not None:
        where += " AND ev.article_id = ?"
        params.append(article_id)
    rows = db.query(
        f"SELECT a.entity_id, COUNT(ev.alias_id) AS seen FROM entity_aliases a "
        f"LEFT JOIN entity_alias_evidence ev ON ev.alias_id = a.id WHERE {where} "
        f"GROUP BY a.entity_id ORDER BY seen DESC, a.entity_id", params)
    return [dict(r) for r in rows]


def article_entities(db: Database, article_id: str, type: str | None = None) -> list[dict]:
    # CROSS JOIN keeps the article's mentions as the outer loop: with a type, SQLite would
    # otherwise start from every entity of that type
    sql = ("SELECT e.id, e.name, e.type, COUNT(*) AS seen FROM entity_mentions m "
           "CROSS JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?")
    params: list = [article_id]
    if type:
        sql += " AND e.type = ?"
        params.append(type)
    rows = db.query(sql + " GROUP BY e.id ORDER BY seen DESC, e.id", params)
    return [dict(r) for r in rows]


def alias_texts(db: Database, entity_id: int) -> list[str]:
    rows = db.query("SELECT text FROM entity_aliases WHERE entity_id = ? AND kind = 'name' ORDER BY id",
                    (entity_id,))
    return [r[0] for r in rows]


def alias_article_count(db: Database, entity_id: int, text: str) -> int:
    """How many articles wrote the alias `text` of `entity_id` as it is written."""
    rows = db.query("SELECT COUNT(DISTINCT v.article_id) FROM entity_aliases a"
                    " JOIN entity_alias_evidence v ON v.alias_id = a.id"
                    " WHERE a.entity_id = ? AND a.text = ? AND a.kind = 'name'", (entity_id, text))
    return int(rows[0][0])


def all_aliases(db: Database) -> list[tuple[str, int]]:
    rows = db.query("SELECT text, entity_id FROM entity_aliases WHERE kind = 'name' ORDER BY id")
    return [(r[0], r[1]) for r in rows]


def list_entities(db: Database, type: str | None = None) -> list[dict]:
    sql = ("SELECT e.id, e.type, e.name, "
           "(SELECT COUNT(*) FROM entity_aliases a WHERE a.entity_id = e.id AND a.kind = 'name') AS aliases, "
           "(SELECT COUNT(DISTINCT m.article_id) FROM entity_mentions m WHERE m.entity_id = e.id) AS articles "
           "FROM entities e")
    params: tuple = ()
    if type:
        sql += " WHERE e.type = ?"
        params = (type.upper(),)
    return [dict(r) for r in db.query(sql + " ORDER BY articles DESC, aliases DESC, e.name, e.id", params)]


def alias_evidence(db: Database, entity_id: int, article_ids: Iterable[str] | None = None) -> list[dict]:
    """Every alias of the entity with each place it was seen (in `article_ids`, when given)
    and the sentence text."""
    sql = ("SELECT a.id AS alias_id, a.text AS alias, a.kind, ev.article_id, ev.start, ev.end, ev.sentence, "
           "substr(ar.text, s.start + 1, s.end - s.start) AS sentence_text "
           "FROM entity_aliases a JOIN entity_alias_evidence ev ON ev.alias_id = a.id "
           "LEFT JOIN articles ar ON ar.id = ev.article_id "
           "LEFT JOIN sentences s ON s.article_id = ev.article_id AND s.idx = ev.sentence "
           "WHERE a.entity_id = ?")
    rows = _in_articles(db, sql, "ev.article_id", (entity_id,), article_ids)
    rows.sort(key=lambda r: (r["alias_id"], r["article_id"], r["start"]))
    return [{k: r[k] for k in r.keys() if k != "alias_id"} for r in rows]


def descriptors(db: Database, entity_id: int, article_ids: Iterable[str] | None = None) -> list[dict]:
    rows = _in_articles(db, "SELECT text, article_id, start, end, sentence FROM entity_descriptors "
                            "WHERE entity_id = ?", "article_id", (entity_id,), article_ids)
    return sorted((dict(r) for r in rows), key=lambda r: (r["article_id"], r["start"]))


def _in_articles(db: Database, sql: str, column: str, params: tuple, article_ids) -> list:
    """Rows of `sql`, limited to `article_ids` when given (read in chunks: SQLite caps parameters)."""
    if article_ids is None:
        return db.query(sql, params)
    ids, rows = list(dict.fromkeys(article_ids)), []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += db.query(f"{sql} AND {column} IN ({','.join('?' * len(chunk))})", (*params, *chunk))
    return rows


def place(db: Database, entity_id: int) -> dict | None:
    rows = db.query("SELECT * FROM entity_places WHERE entity_id = ?", (entity_id,))
    if not rows:
        return None
    result = dict(rows[0])
    result["candidates"] = json.loads(result["candidates"])
    result.pop("entity_id")
    return result
