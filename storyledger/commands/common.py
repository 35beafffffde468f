"""Shared pieces of the CLI commands: --db, --json, tables, errors."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, Iterable

from storyledger.store import Database, StoreError, open_db
from storyledger.store.db import DEFAULT_DB


def add_db_arg(parser) -> None:
    parser.add_argument("--db", default=None, help="database file (default: ./storyledger.db)")


def add_json_arg(parser, one: bool = False) -> None:
    what = "one JSON object" if one else "a JSON list of objects"
    parser.add_argument("--json", action="store_true", help=f"print {what} instead of text")


def db_from(args, write: bool = False) -> Database:
    """The store named by --db: read-only unless the command writes (a missing store is an
    error for a reading command, and a new store for a writing one)."""
    try:
        return open_db(args.db, readonly=not write)
    except StoreError as exc:
        fail(str(exc))


def existing_db_from(args, write: bool = False) -> Database:
    """The store named by --db, which must exist: for commands that change a store, never make one."""
    path = args.db or DEFAULT_DB
    if not os.path.isfile(path):
        fail(f"{path}: no such store; give the store with --db", 1)
    return db_from(args, write)


SQLITE_MAX_INT = 2 ** 63 - 1  # larger numbers cannot even be asked of the store


def whole_number(minimum: int, maximum: int = SQLITE_MAX_INT):
    """An argparse type: an int from `minimum` to `maximum`, else a usage error naming the range."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(f"expected a whole number from {minimum} to {maximum}, got {text!r}")
        return value

    parse.__name__ = "whole number"
    return parse


def add_page_args(parser, what: str = "rows") -> None:
    parser.add_argument("--limit", type=whole_number(1), default=50, metavar="N", help=f"{what} to show")
    parser.add_argument("--offset", type=whole_number(0), default=0, metavar="N", help=f"{what} to skip first")


def page_note(args, total: int, shown: int) -> None:
    """Where this page ends, on stderr so that --json output stays one document."""
    if shown and (args.offset or shown < total):
        print(f"rows {args.offset + 1}-{args.offset + shown} of {total}; "
              f"--offset {args.offset + shown} for the next ones", file=sys.stderr)


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
    print("  ".join(col.upper().ljust(widths[col]) for col in columns).rstrip())
    for row in rows:
        print("  ".join(_fit(_cell(row.get(col)), widths[col]).ljust(widths[col])
                        for col in columns).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple, set)):
        return printable(", ".join(map(str, value)))
    return printable(str(value))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


# Text from articles is untrusted: a title must not move the cursor, recolour or retitle the
# terminal, or reorder what is printed around it (bidi overrides).
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])"
                              r"|\x9b[0-?]*[ -/]*[@-~]")
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` on one line without terminal escape sequences or control characters."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROLS.sub("", text)
