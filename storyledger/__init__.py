"""storyledger: turn many reports of a developing story into one sourced dossier.

From Python: `storyledger.open(path)` (storyledger/api.py) reads a store and ingests into it.
"""
from __future__ import annotations


def open(path=None):  # noqa: A001 (like sqlite3.connect: the store, not a file)
    """The store at `path` (default ./storyledger.db) as a `storyledger.api.Ledger`: threads(),
    events(), entities(), claims(), dossier(id), search(q), articles(), ingest(paths)."""
    from storyledger.api import Ledger  # imported here: `import storyledger` stays light for the CLI

    return Ledger(path)


__all__ = ["open"]
