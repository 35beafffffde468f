"""Readers: input files, feeds and archives -> `Document`s.

`read(path)` yields a `Document` per article found, or an `IngestError` for
each part that cannot be read (the rest of the batch still goes through).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

from storyledger.ingest.errors import IngestError
from storyledger.ingest import feed, html, jsonl, text, warc
from storyledger.ingest.sniff import format_of
from storyledger.model import Document

READERS = {
    "txt": text.read,
    "html": html.read,
    "jsonl": jsonl.read,
    "feed": feed.read,
    "warc": warc.read,
}
SIDECAR = "metadata.jsonl"

__all__ = ["IngestError", "read", "read_paths", "expand"]


def expand(paths: list[str], exclude: set[str] = frozenset()) -> Iterator[str | IngestError]:
    """Files named by `paths`, recursing into folders (sorted); "-" is stdin.
    `exclude` holds absolute paths to skip (the database being written, say)."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name == SIDECAR or name.startswith(".") \
                            or os.path.abspath(os.path.join(root, name)) in exclude:
                        continue
                    yield os.path.join(root, name)
        elif os.path.exists(path):
            yield path
        else:
            yield IngestError(path, "no such file or folder")


def read(path: str) -> Iterator[Document | IngestError]:
    """Every Document in one file (or stdin)."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
    except OSError as exc:
        yield IngestError(path, f"cannot read: {exc.strerror or exc}")
        return
    if not raw.strip():
        yield IngestError(path, "empty file")
        return
    fmt = format_of(path, raw)
    if fmt is None:
        yield IngestError(path, "binary file, not a supported format (txt, html, jsonl, rss/atom, warc)")
        return
    for item in READERS[fmt](path, raw):
        if isinstance(item, Document) and not item.meta.get("name") and path != "-":
            item.meta["name"] = _name(path, item.locator)
        yield item


def read_paths(paths: list[str], exclude: set[str] = frozenset()) -> Iterator[Document | IngestError]:
    for item in expand(paths, exclude):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read(item)


def _name(path: str, locator: str | None) -> str:
    """The corpus name of an article: its file name, with the entry/record for containers."""
    name = os.path.basename(path)
    return f"{name}#{locator.split(' (')[0].replace(' ', '-')}" if locator else name


def _read_bytes(path: str) -> bytes:
    return Path(path).read_bytes()
