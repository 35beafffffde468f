"""Readers: input files, feeds and archives -> `Document`s.

`read(path)` yields a `Document` per article found, or an `IngestError` for
each part that cannot be read (the rest of the batch still goes through): a
reader that raises costs its file, never the batch. The size limits are in
`limits.py`; what is too short to be a report is decided after cleaning
(`pipeline.too_short_for_a_report`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

from storyledger.ingest.errors import IngestError, describe
from storyledger.ingest import feed, html, jsonl, text, warc
from storyledger.ingest.decode import to_utf8
from storyledger.ingest.limits import MAX_ARTICLE_CHARS
from storyledger.ingest.sniff import format_of
from storyledger.ingest.text import Sidecars
from storyledger.model import Document

READERS = {
    "txt": text.read,
    "html": html.read,
    "jsonl": jsonl.read,
    "feed": feed.read,
    "warc": warc.read,
}
SIDECAR = text.SIDECAR
NET_CAUGHT = "could not be read ("  # how an error no reader foresaw begins

__all__ = ["IngestError", "MAX_ARTICLE_CHARS", "read", "read_paths", "expand", "within_limit"]


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


def read(path: str, sidecars: Sidecars | None = None) -> Iterator[Document | IngestError]:
    """Every Document in one file (or stdin). Nothing raised while reading the file escapes:
    it becomes one IngestError naming the file and the part reached, and the batch goes on."""
    locator = None
    try:
        for item in _read_file(path, sidecars or Sidecars()):
            locator = item.locator or locator
            yield item
    except Exception as exc:  # a reader's bug or a library's surprise must not stop the batch
        where = f"after {locator}" if locator else None
        yield IngestError(path, f"{NET_CAUGHT}{describe(exc)}); the rest of the batch goes on", where)


def _read_file(path: str, sidecars: Sidecars) -> Iterator[Document | IngestError]:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
    except OSError as exc:
        yield IngestError(path, f"cannot read: {exc.strerror or exc}")
        return
    raw = to_utf8(raw)  # UTF-16/32 text, so every reader and the sniffer see one encoding
    if not raw.strip():
        yield IngestError(path, "empty file")
        return
    fmt = format_of(path, raw)
    if fmt is None:
        yield IngestError(path, "binary file, not a supported format (txt, html, jsonl, rss/atom, warc)")
        return
    reader = READERS[fmt]
    items = reader(path, raw, sidecars) if fmt == "txt" else reader(path, raw)
    for item in items:
        if isinstance(item, Document):
            item = within_limit(item)
        if isinstance(item, Document) and not item.meta.get("name") and path != "-":
            item.meta["name"] = _name(path, item.locator)
        yield item


def within_limit(doc: Document) -> Document | IngestError:
    """The document, or an error when its text is longer than one report can be."""
    length = len(doc.text or "")
    if length <= MAX_ARTICLE_CHARS:
        return doc
    return IngestError(doc.source, f"article text is {length:,} characters, over the limit of "
                                   f"{MAX_ARTICLE_CHARS:,} for one report; split it into articles",
                       doc.locator)


def read_paths(paths: list[str], exclude: set[str] = frozenset()) -> Iterator[Document | IngestError]:
    sidecars = Sidecars()  # one per batch: each metadata.jsonl is read, and its errors reported, once
    for item in expand(paths, exclude):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read(item, sidecars)


def _name(path: str, locator: str | None) -> str:
    """The corpus name of an article: its file name, with the entry/record for containers."""
    name = os.path.basename(path)
    return f"{name}#{locator.split(' (')[0].replace(' ', '-')}" if locator else name


def _read_bytes(path: str) -> bytes:
    return Path(path).read_bytes()
