"""WARC / WARC.gz archives (warcio): each HTML response record is one article.

A damaged archive never stops the batch: a record that cannot be parsed, or whose
payload is shorter than its declared length (the archive was cut inside it), is an
error for that record; damage between records ends the file with one error, and the
whole records before it are kept.
"""
from __future__ import annotations

import io
import logging
import zlib
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator

from storyledger.ingest import html
from storyledger.ingest.errors import IngestError, describe
from storyledger.ingest.meta import iso_date
from storyledger.model import Document

logging.getLogger("warcio").setLevel(logging.ERROR)  # its warnings are reported as our one-line errors


class _QuietIterator(ArchiveIterator):
    """warcio writes a multi-line warning to stderr when a record is not followed by the blank
    lines that end it (its Content-Length is wrong); we count those (err_count) and report one line."""

    INC_RECORD = ""


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    records = _QuietIterator(io.BytesIO(raw))
    iterator = iter(records)
    number, pending, damage = 0, None, None
    while True:
        errors_before = records.err_count
        try:
            record = next(iterator)
        except StopIteration:
            record = None
        except Exception as exc:  # warcio raises many kinds on a cut or corrupt archive
            record, damage = None, describe(exc)
        if pending is not None:  # only now is it known whether the last record ended where it said
            yield _misfit(pending) if records.err_count > errors_before else pending
            pending = None
        if record is None:
            break
        number += 1
        try:
            pending = _record(path, record, number)
        except Exception as exc:
            pending = IngestError(path, f"unreadable record ({describe(exc)})", f"record {number}")
    if damage is None and records.offset < len(raw.rstrip(b"\r\n")):  # warcio stops quietly at a cut gzip member
        damage = f"{len(raw) - records.offset} bytes after the last whole record"
    if damage is None and raw[:2] == GZIP_MAGIC and not _gzip_whole(raw):
        damage = "its last gzip member is cut short"  # warcio may read a cut member as a quiet end
    if damage is not None:
        yield _truncated(path, number, damage)


GZIP_MAGIC = b"\x1f\x8b"


def _gzip_whole(raw: bytes) -> bool:
    """Whether a .warc.gz ends where a gzip member ends (each record is one member)."""
    while raw:
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            member.decompress(raw)
        except zlib.error:
            return False
        if not member.eof:
            return False
        raw = member.unused_data
        if raw.strip(b"\r\n\x00") == b"":
            return True
    return True


def _misfit(item: Document | IngestError) -> IngestError:
    """A record whose declared length does not end where the record does: its text cannot be trusted."""
    if isinstance(item, IngestError):
        return item
    return IngestError(item.source, "record is corrupt: its Content-Length does not match where it ends; "
                                    "it was not stored", item.locator)


def _truncated(path: str, number: int, detail: str) -> IngestError:
    return IngestError(path, f"archive is truncated or corrupt ({detail}); the records before it were read",
                       f"after record {number}" if number else "record 1")


def _record(path: str, record, number: int) -> Document | IngestError | None:
    """The article in one record; None for whole records that hold none (requests, images)."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"record {number} ({uri})" if uri else f"record {number}"
    payload = record.content_stream().read()
    problem = _shortfall(record, payload) if record.rec_type else "no WARC record header"
    if problem:
        return IngestError(path, f"record is cut or corrupt: {problem}; it was not stored", where)
    if record.rec_type != "response" or not _is_html(record):
        return None
    doc = html.page(path, payload, url=uri, locator=where, fmt="warc")
    if isinstance(doc, Document):
        doc.meta.setdefault("url", uri)
        captured = iso_date(record.rec_headers.get_header("WARC-Date"))
        if captured:
            doc.meta["captured"] = captured
    return doc


def _shortfall(record, payload: bytes) -> str | None:
    """How the record falls short of its declared lengths, if it does."""
    missing = getattr(record.raw_stream, "limit", 0)  # bytes of the WARC block never read
    if missing > 0:
        declared = record.rec_headers.get_header("Content-Length")
        return f"{missing} of its {declared} declared bytes are missing"
    headers = record.http_headers
    declared = headers.get_header("Content-Length") if headers else None
    encoded = headers and (headers.get_header("Content-Encoding") or headers.get_header("Transfer-Encoding"))
    if declared and declared.strip().isdigit() and not encoded and len(payload) < int(declared):
        return f"payload is {len(payload)} bytes, its HTTP Content-Length says {int(declared)}"
    return None


def _is_html(record) -> bool:
    content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
    return "html" in content_type.lower()
