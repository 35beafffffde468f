"""Database connection, migrations and transactions.

SQLite by default (one file, WAL mode). Everything above `storyledger.store`
talks to the `Database` object and the functions of the store modules, never
to sqlite3 directly, so a PostgreSQL backend only has to provide the same
object (connection, `transaction()`, paramstyle) here.

Migrations are the numbered `.sql` files in `migrations/`, applied in order,
each once, each in its own transaction; `schema_migrations` records them.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.parse
from importlib import resources
from pathlib import Path

APPLICATION_ID = 0x53544C47  # "STLG": marks a file as a storyledger database
DEFAULT_DB = "storyledger.db"


class StoreError(Exception):
    """A database that cannot be used; the message says what to do."""


class StoreOutdated(StoreError):
    """A store whose schema is older than this version of storyledger."""


def _migrations() -> list[tuple[str, str]]:
    folder = resources.files("storyledger.store") / "migrations"
    files = sorted(p for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8")) for p in files]


class Database:
    """One connection to a store. `readonly=True` opens an existing store for reading only
    (SQLite `mode=ro`, `query_only`): it never creates, migrates or writes the file, and may
    be handed between threads (one user at a time, as a web request does)."""

    def __init__(self, path: str | Path = DEFAULT_DB, timeout: float = 5.0, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self._depth = 0  # nesting of savepoints inside the open transaction
        try:
            if readonly:
                self.conn = _connect_readonly(self.path, timeout)
            else:
                self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self._check_readonly() if readonly else self._check_and_migrate()
        except sqlite3.DatabaseError as exc:  # not a database, locked, unreadable
            raise StoreError(_explain(self.path, exc)) from exc

    def _check_readonly(self) -> None:
        c = self.conn
        if c.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StoreError(f"{self.path}: not a storyledger database; choose another file with --db")
        c.execute("PRAGMA query_only=ON")
        c.execute("PRAGMA cache_size=-16384")  # 16 MB per reader: a web server holds several
        if pending_migrations(c):
            raise StoreOutdated(f"{self.path}: the store needs upgrading to this version of storyledger; "
                             "open it once for writing (storyledger ingest --db ...) and try again")

    def _check_and_migrate(self) -> None:
        c = self.conn
        app_id = c.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID and tables:
            raise StoreError(
                f"{self.path}: not a storyledger database (it has other tables); "
                "choose another file with --db"
            )
        if self.path != ":memory:":
            c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute("PRAGMA synchronous=NORMAL")
        # Checkpoints fsync; at the default 1000 pages a linked article (hundreds of pages
        # of index updates) triggered one every few articles. 10000 pages is a 40 MB WAL.
        c.execute("PRAGMA wal_autocheckpoint=10000")
        c.execute("PRAGMA cache_size=-65536")  # 64 MB of page cache: index pages stay hot
        if app_id != APPLICATION_ID:
            c.execute(f"PRAGMA application_id={APPLICATION_ID}")
        c.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)"
        )
        for name, sql in pending_migrations(c):
            with self.transaction():
                for statement in _statements(sql):
                    c.execute(statement)
                c.execute("INSERT INTO schema_migrations(name) VALUES (?)", (name,))

    @contextlib.contextmanager
    def transaction(self):
        """One atomic unit of work: everything in it lands, or nothing does.

        Nested, it is a savepoint: a failure undoes only the inner unit, and the
        outer transaction goes on (bulk runs commit many articles at once)."""
        c = self.conn
        if c.in_transaction:
            yield from self._savepoint()
            return
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(_explain(self.path, exc)) from exc
        try:
            yield c
        except BaseException:
            c.execute("ROLLBACK")
            raise
        else:
            c.execute("COMMIT")

    def _savepoint(self):
        c = self.conn
        self._depth += 1
        name = f"unit_{self._depth}"
        c.execute(f"SAVEPOINT {name}")
        try:
            yield c
        except BaseException:
            c.execute(f"ROLLBACK TO {name}")
            c.execute(f"RELEASE {name}")
            raise
        else:
            c.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql, params)

    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def schema_version(self) -> list[str]:
        return [r[0] for r in self.query("SELECT name FROM schema_migrations ORDER BY name")]

    def close(self) -> None:
        self.conn.close()


def pending_migrations(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The migrations not yet applied to the store behind `conn`, in order."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone():
        return _migrations()
    done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    return [(name, sql) for name, sql in _migrations() if name not in done]


def _connect_readonly(path: str, timeout: float) -> sqlite3.Connection:
    """An existing store opened read-only. A store on read-only media (no -shm file can be made
    beside it) is opened as immutable: nothing can change it while we read."""
    if path == ":memory:" or not os.path.isfile(path):
        raise StoreError(f"{path}: no such store; create it with `storyledger ingest FILES --db {path}`")
    uri = "file:" + urllib.parse.quote(os.path.abspath(path))
    try:
        conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA application_id").fetchone()
        return conn
    except sqlite3.OperationalError:
        if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
            raise
    return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=timeout,
                           isolation_level=None, check_same_thread=False)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (triggers keep their inner semicolons)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _explain(path: str, exc: Exception) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{path}: database is locked by another process; wait for it to finish or use another --db"
    if "not a database" in text or "file is encrypted" in text:
        return f"{path}: not a storyledger database (not SQLite); choose another file with --db"
    if "unable to open" in text and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        return f"{path}: cannot create the store: its folder does not exist"
    return f"{path}: cannot open database: {text}"


def open_db(path: str | Path | None = None, readonly: bool = False) -> Database:
    """The store at `path`. A read-only open refuses a missing file instead of creating one; an
    older store's schema is brought up to date first when the file can be written."""
    path = str(path or DEFAULT_DB)
    if not readonly:
        return Database(path)
    try:
        return Database(path, readonly=True)
    except StoreOutdated:
        if not os.access(path, os.W_OK):
            raise
    Database(path).close()  # the migrations are the one write a reading command makes
    return Database(path, readonly=True)
