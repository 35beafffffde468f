"""A Python API over a store, for notebooks: `storyledger.open(path)`.

Every method calls what the matching CLI command calls, so `ledger.threads()` holds the same
rows as `storyledger threads --json` and `ledger.dossier("t1")` the same dict as
`storyledger dossier t1 --format json`. Reading opens the store read-only (a missing store is
an error); only `ingest` writes, on its own connection, closed when it returns.
"""
from __future__ import annotations

from pathlib import Path

from storyledger import pipeline
from storyledger.dossier import build
from storyledger.ingest.meta import iso_date, language_code
from storyledger.link import entities as linked_entities
from storyledger.store import articles as article_store
from storyledger.store import links
from storyledger.store.db import DEFAULT_DB, Database, open_db

PANDAS_MISSING = "pandas is not installed; `pip install storyledger[pandas]` adds it"
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC")
OVERRIDES = ("published", "outlet", "url", "lang")


class Rows(list):
    """A list of plain dicts, with `.df()` for a pandas DataFrame."""

    def df(self):
        return frame(self)


def frame(rows: list[dict]):
    """`rows` as a pandas DataFrame, nested dicts flattened into `span.first`-style columns."""
    try:
        import pandas
    except ImportError:
        raise ImportError(PANDAS_MISSING) from None
    return pandas.json_normalize(list(rows))


class Ledger:
    """One store: listings, dossiers, search, and ingest. A context manager; `close()` ends it."""

    def __init__(self, path: str | Path | None = None):
        self.path = str(path or DEFAULT_DB)
        self._db: Database | None = None

    # --- reading -------------------------------------------------------------------------

    @property
    def db(self) -> Database:
        """The read-only connection, opened on first use (so that `ingest` can create the store)."""
        if self._db is None:
            self._db = open_db(self.path, readonly=True)
        return self._db

    def threads(self, limit: int | None = None, offset: int = 0) -> Rows:
        """Threads with their events, span and counts, latest activity first (`storyledger threads`)."""
        return Rows(build.list_threads(self.db, _page(limit, links.count_threads, self.db), offset))

    def events(self, limit: int | None = None, offset: int = 0) -> Rows:
        """Events with their thread, date, span and counts, latest first (`storyledger events`)."""
        return Rows(build.list_events(self.db, _page(limit, links.count_events, self.db), offset))

    def entities(self, type: str | None = None) -> Rows:
        """Canonical people, organisations and places, or those of one `type` (`storyledger entities`)."""
        if type is not None and type.upper() not in ENTITY_TYPES:
            raise ValueError(f"entity type {type!r} is not one of {', '.join(ENTITY_TYPES)}")
        return Rows(linked_entities.entities(self.db, type.upper() if type else None))

    def articles(self) -> Rows:
        """Every stored article, earliest first (`storyledger articles`)."""
        return Rows(article_store.list_articles(self.db))

    def search(self, query: str, limit: int = 20) -> Rows:
        """Full-text search over the reports, best first (`storyledger search`)."""
        return Rows(article_store.search(self.db, query, limit))

    def dossier(self, target: str) -> dict:
        """The dossier of a thread (`t1`) or an event (`e2`): the dict `storyledger dossier ID
        --format json` prints. LookupError if there is none, ValueError for a malformed id."""
        return build.build_dossier(self.db, target)

    def claims(self, thread: str | None = None) -> Rows:
        """The claims ledger of the dossier of `thread` (a thread or event id), one row per claim
        group with speaker, channel, status, independent sources and contradictions; without
        `thread`, the ledgers of every thread (one dossier built per thread). Each row names its
        `thread`."""
        targets = [thread] if thread is not None else [t["id"] for t in self.threads()]
        rows = Rows()
        for target in targets:
            dossier = self.dossier(target)
            rows.extend({"thread": dossier["id"], **claim} for claim in dossier["claims"])
        return rows

    # --- writing -------------------------------------------------------------------------

    def ingest(self, paths: str | Path | list[str | Path], **overrides) -> pipeline.RunReport:
        """Read, clean, store, analyse and link `paths` as `storyledger ingest` does (a new store
        is created). `overrides`: published (YYYY-MM-DD), outlet, url, lang (code or English
        name). Returns the run's report: `.added`, `.already_stored`, `.errors`, `.ok`."""
        checked = _overrides(overrides)
        if isinstance(paths, (str, Path)):
            paths = [paths]
        writer = open_db(self.path)
        try:
            return pipeline.run(writer, [str(p) for p in paths], checked)
        finally:
            writer.close()

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"storyledger.open({self.path!r})"


def open(path: str | Path | None = None) -> Ledger:  # noqa: A001 (storyledger.open, as sqlite3.connect)
    """The store at `path` (default ./storyledger.db), for reading and ingesting from Python."""
    return Ledger(path)


def _page(limit: int | None, count, db: Database) -> int:
    """A page size for the listing functions: without a limit, every row, in the CLI's order."""
    if limit is not None:
        return limit
    return max(count(db), 1)


def _overrides(given: dict) -> dict:
    """The ingest overrides checked as the CLI checks them; ValueError names the wrong one."""
    unknown = sorted(set(given) - set(OVERRIDES))
    if unknown:
        raise TypeError(f"ingest() got unknown overrides {', '.join(unknown)}; use {', '.join(OVERRIDES)}")
    checked = {key: given.get(key) for key in OVERRIDES}
    if checked["published"]:
        checked["published"] = iso_date(checked["published"])
        if not checked["published"]:
            raise ValueError(f"published={given['published']!r} is not a date (YYYY-MM-DD)")
    if checked["lang"]:
        checked["lang"] = language_code(checked["lang"])
        if not checked["lang"]:
            raise ValueError(f"lang={given['lang']!r} is not a language with a two-letter ISO 639-1 code")
    return checked
