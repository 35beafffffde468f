"""Reading and writing documents, articles, sentences, removals and analyses."""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict
from importlib import metadata

from storyledger.model import (Analysis, Article, Attribution, EventClause, Mention, Removal,
                               Sentence, Span, TimeExpr)
from storyledger.store.db import Database, StoreError

ANALYSIS_VERSION = 1


def _installed_version() -> str:
    try:
        return metadata.version("storyledger")
    except metadata.PackageNotFoundError:
        return "unknown"


# An analysis in which a component failed is recorded with this version, and analysed again
# by the first run under another one (the failure may be a bug that version fixed).
CODE_VERSION = _installed_version()
_COLUMNS = ("id", "name", "title", "url", "outlet", "lang", "lang_basis", "published",
            "published_basis", "captured", "body", "text", "source", "locator", "raw_sha256")


def has_article(db: Database, article_id: str) -> bool:
    return bool(db.query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))


def save_article(db: Database, article: Article, raw: bytes, fmt: str) -> bool:
    """Store the article and its raw input in one transaction; False if it was already stored."""
    with db.transaction():
        if has_article(db, article.id):
            return False
        db.execute("INSERT OR IGNORE INTO documents(sha256, raw, format, source, locator) "
                   "VALUES (?, ?, ?, ?, ?)",
                   (article.raw_sha256, raw, fmt, article.source or "-", article.locator))
        values = [getattr(article, column) for column in _COLUMNS]
        db.execute(f"INSERT INTO articles({', '.join(_COLUMNS)}, words) "
                   f"VALUES ({', '.join('?' * len(_COLUMNS))}, ?)", (*values, article.words()))
        db.conn.executemany(
            "INSERT INTO sentences(article_id, idx, start, end, body_start, body_end) VALUES (?,?,?,?,?,?)",
            [(article.id, i, s.start, s.end, s.body_start, s.body_end)
             for i, s in enumerate(article.sentences)])
        db.conn.executemany(
            "INSERT INTO removals(article_id, body_start, body_end, text, reason, duplicate_of) "
            "VALUES (?,?,?,?,?,?)",
            [(article.id, r.body_start, r.body_end, r.text, r.reason, r.duplicate_of)
             for r in article.removed])
        db.execute("INSERT OR IGNORE INTO analysis_pending(article_id) VALUES (?)", (article.id,))
    return True


def get_article(db: Database, article_id: str) -> Article | None:
    rows = db.query(f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE id = ?", (article_id,))
    if not rows:
        return None
    article = Article(**{column: rows[0][column] for column in _COLUMNS})
    article.sentences = [Sentence(r["start"], r["end"], r["body_start"], r["body_end"]) for r in db.query(
        "SELECT start, end, body_start, body_end FROM sentences WHERE article_id = ? ORDER BY idx",
        (article_id,))]
    article.removed = [Removal(r["body_start"], r["body_end"], r["text"], r["reason"], r["duplicate_of"])
                       for r in db.query("SELECT * FROM removals WHERE article_id = ? ORDER BY body_start",
                                         (article_id,))]
    return article


def sentence_spans(db: Database, ids) -> dict[str, list[tuple[int, int]]]:
    """Clean-text offsets of the sentences of each article in `ids`."""
    ids = list(ids)
    spans: dict[str, list[tuple[int, int]]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        rows = db.query(f"SELECT article_id, start, end FROM sentences WHERE article_id IN "
                        f"({', '.join('?' * len(part))}) ORDER BY article_id, idx", part)
        for r in rows:
            spans[r["article_id"]].append((r["start"], r["end"]))
    return spans


def find_articles(db: Database, key: str) -> list[str]:
    """Ids of articles whose id starts with `key`, or whose corpus name or URL is `key`."""
    rows = db.query("SELECT id FROM articles WHERE id LIKE ? OR name = ? OR url = ? ORDER BY published, id",
                    (key + "%", key, key))
    return [r["id"] for r in rows]


def list_articles(db: Database) -> list[dict]:
    rows = db.query("SELECT id, name, outlet, published, lang, title, words, url FROM articles "
                    "ORDER BY published IS NULL, published, id")
    return [dict(r) for r in rows]


def ids_in_publication_order(db: Database, ids: list[str] | None = None) -> list[str]:
    """Every stored article id (or those of `ids` that are stored), earliest first; undated last.

    Articles of one date (or undated) come by id (a hash of the clean text), not by ingested_at:
    its one-second clock made their order, and so the links built in it, a matter of timing."""
    order = "published IS NULL, published, id"
    if ids is None:
        return [r["id"] for r in db.query(f"SELECT id FROM articles ORDER BY {order}")]
    ids, rows = list(dict.fromkeys(ids)), []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += db.query(f"SELECT id, published FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                         chunk)
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
    return [r["id"] for r in rows]


def count_articles(db: Database, name_prefix: str | None = None) -> int:
    if name_prefix is None:
        return db.query("SELECT COUNT(*) FROM articles")[0][0]
    return db.query("SELECT COUNT(*) FROM articles WHERE name LIKE ? ESCAPE '\\'",
                    (name_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",))[0][0]


def save_analysis(db: Database, analysis: Analysis) -> None:
    """Store the analysis; the article leaves the analysis queue and, if never linked, joins
    the link queue. An analysis with failures is marked with the code's version, to be run
    again under another (a linked article is not linked again: see `unanalysed_ids`)."""
    failed_under = CODE_VERSION if analysis.failures else None
    with db.transaction():
        db.execute("INSERT OR REPLACE INTO analyses(article_id, version, data, failed_under) VALUES (?, ?, ?, ?)",
                   (analysis.article_id, ANALYSIS_VERSION, json.dumps(asdict(analysis), ensure_ascii=False),
                    failed_under))
        db.execute("DELETE FROM analysis_pending WHERE article_id = ?", (analysis.article_id,))
        db.execute("INSERT OR IGNORE INTO link_pending(article_id) SELECT ? WHERE NOT EXISTS "
                   "(SELECT 1 FROM linked WHERE article_id = ?)", (analysis.article_id, analysis.article_id))


def get_analysis(db: Database, article_id: str) -> Analysis | None:
    rows = db.query("SELECT data, version FROM analyses WHERE article_id = ?", (article_id,))
    if not rows or rows[0]["version"] != ANALYSIS_VERSION:
        return None
    return analysis_from_dict(json.loads(rows[0]["data"]))


def unanalysed_ids(db: Database) -> list[str]:
    """Articles without an analysis of the current version, earliest first: the queue, the
    outdated analyses, and those in which a component failed under another code version (all
    read through indexes, not by reading every article).

    Analysing an article again replaces its stored analysis (what `show`, the article view
    and the dossier read) but does not link it again: links cannot be taken back one article
    at a time, so it keeps those made from the partial analysis."""
    rows = db.query("SELECT a.id FROM articles a WHERE a.id IN (SELECT article_id FROM analysis_pending"
                    " UNION SELECT article_id FROM analyses WHERE version != ?"
                    " UNION SELECT article_id FROM analyses WHERE failed_under IS NOT NULL AND failed_under != ?)"
                    " ORDER BY a.published IS NULL, a.published, a.ingested_at, a.id",
                    (ANALYSIS_VERSION, CODE_VERSION))
    return [r["id"] for r in rows]


def unlinked_ids(db: Database) -> list[str]:
    """Analysed articles not linked yet, in publication order (`ids_in_publication_order`)."""
    rows = db.query("SELECT a.id FROM link_pending p JOIN articles a ON a.id = p.article_id"
                    " ORDER BY a.published IS NULL, a.published, a.id")
    return [r["id"] for r in rows]


def mark_linked(db: Database, article_id: str) -> None:
    db.execute("INSERT OR REPLACE INTO linked(article_id, analysis_version, code_version) VALUES (?, ?, ?)",
               (article_id, ANALYSIS_VERSION, CODE_VERSION))
    db.execute("DELETE FROM link_pending WHERE article_id = ?", (article_id,))


def stale_link_count(db: Database) -> int:
    """Linked articles whose links were made from another analysis version or by another
    storyledger version (or before either was recorded): `storyledger relink` renews them."""
    return db.query("SELECT COUNT(*) FROM linked WHERE analysis_version IS NOT ? OR code_version IS NOT ?",
                    (ANALYSIS_VERSION, CODE_VERSION))[0][0]


def queue_analysed_for_linking(db: Database) -> int:
    """Put every article with a current analysis in the link queue (the link tables were just
    emptied); returns how many."""
    return db.execute("INSERT OR IGNORE INTO link_pending(article_id) SELECT article_id FROM analyses"
                      " WHERE version = ?", (ANALYSIS_VERSION,)).rowcount


def analysis_from_dict(data: dict) -> Analysis:
    def span(value):
        return Span(**value) if value else None

    def attribution(value: dict) -> Attribution:
        fields = dict(value)
        for key in ("cue", "content", "speaker", "channel"):
            fields[key] = span(fields.get(key))
        return Attribution(**fields)

    return Analysis(
        article_id=data["article_id"],
        mentions=[Mention(**m) for m in data.get("mentions", [])],
        times=[TimeExpr(**t) for t in data.get("times", [])],
        attributions=[attribution(a) for a in data.get("attributions", [])],
        events=[EventClause(**e) for e in data.get("events", [])],
        failures=list(data.get("failures", [])),  # absent from analyses stored before issue 19
    )


def search(db: Database, query: str, limit: int = 20) -> list[dict]:
    """Full-text search (SQLite FTS5) over titles and clean text: words, "exact phrases",
    prefixes (osech*), OR, AND, NOT and parentheses."""
    try:
        rows = db.query(
            "SELECT a.id, a.title, a.outlet, a.published, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank, a.id LIMIT ?", (fts_query(query), limit))
    except sqlite3.OperationalError as exc:  # a query the checks below let through
        raise SearchSyntaxError(f"search: cannot read the query {query!r} ({exc}); {SEARCH_HINT}") from exc
    return [dict(r) for r in rows]


class SearchSyntaxError(StoreError):
    """A search query that is not well formed; the message shows the syntax."""


SEARCH_HINT = 'write words, "an exact phrase", a prefix like osech*, and OR / AND / NOT between terms'
_OPERATORS = {"OR", "AND", "NOT"}
_TOKEN = re.compile(r'"([^"]*)"?|(\()|(\))|([^\s()"]+)')


def fts_query(query: str) -> str:
    """The user's query in FTS5 syntax. Every word and phrase becomes a quoted FTS5 string (so
    punctuation and FTS5 keywords in text never raise); OR/AND/NOT in capitals, parentheses and
    a trailing * stay operators."""
    parts, depth = [], 0
    for match in _TOKEN.finditer(query):
        phrase, opening, closing, word = match.groups()
        if opening or closing:
            depth += 1 if opening else -1
            if depth < 0:
                raise SearchSyntaxError(f"search: a ')' without its '(' in {query!r}; {SEARCH_HINT}")
            parts.append("(" if opening else ")")
        elif word in _OPERATORS:
            parts.append(word)
        elif phrase is not None:
            if phrase.strip():
                parts.append(_quoted(phrase))
        else:
            prefix = word.endswith("*") and word.strip("*")
            term = _quoted(word.strip("*") or word)
            parts.append(term + "*" if prefix else term)
    if depth:
        raise SearchSyntaxError(f"search: a '(' without its ')' in {query!r}; {SEARCH_HINT}")
    _check_operators(parts, query)
    return " ".join(_explicit_and(parts)) or '""'


def _explicit_and(parts: list[str]) -> list[str]:
    """FTS5 reads two terms side by side as AND, but not a term beside a parenthesis: say AND."""
    out = []
    for part in parts:
        if out and out[-1] not in ("(", *_OPERATORS) and part not in (")", *_OPERATORS):
            out.append("AND")
        out.append(part)
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _check_operators(parts: list[str], query: str) -> None:
    """An operator needs a term (or a group) on each side: 'OR Bayonne' or 'a AND AND b' would
    otherwise reach SQLite as a syntax error."""
    for i, part in enumerate(parts):
        if part not in _OPERATORS:
            continue
        before = parts[i - 1] if i else None
        after = parts[i + 1] if i + 1 < len(parts) else None
        if before in (None, "(", *_OPERATORS) or after in (None, ")", *_OPERATORS):
            raise SearchSyntaxError(f"search: {part} needs a term on each side in {query!r}; {SEARCH_HINT}")
