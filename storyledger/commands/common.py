"""Shared pieces of the CLI commands: --db, --json, tables, errors."""
from __future__ import annotations

import json
import sys
from typing import Any, Iterable

from storyledger.store import Database, StoreError, open_db


def add_db_arg(parser) -> None:
    parser.add_argument("--db", default=None, help="database file (default: ./storyledger.db)")


def add_json_arg(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")


def db_from(args) -> Database:
    try:
        return open_db(args.db)
    except StoreError as exc:
        fail(str(exc))


def fail(message: str, code: int = 2):
    print(f"storyledger: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def print_table(rows: Iterable[dict], columns: list[str], widths: dict[str, int] | None = None) -> None:
    """A plain fixed-width table; long cells are cut with an ellipsis."""
    rows = list(rows)
    widths = dict(widths or {})
    for col in columns:
        natural = max([len(col)] + [len(_cell(r.get(col))) for r in rows])
        widths[col] = min(widths.get(col, natural), natural)
    print("  ".join(col.upper().ljust(widths[col]) for col in columns))
    for row in rows:
        print("  ".join(_fit(_cell(row.get(col)), widths[col]).ljust(widths[col])
                        for col in columns).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(map(str, value))
    return str(value)


def _fit(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
