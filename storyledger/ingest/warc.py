"""WARC / WARC.gz archives (warcio): each HTML response record is one article."""
from __future__ import annotations

import io
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyledger.ingest import html
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import iso_date
from storyledger.model import Document


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    number = 0
    records = ArchiveIterator(io.BytesIO(raw))
    try:
        for record in records:
            number += 1
            if record.rec_type == "response" and _is_html(record):
                yield _article(path, record, number)
            else:
                record.content_stream().read()
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield _truncated(path, number, exc.__class__.__name__)
        return
    if records.offset < len(raw.rstrip(b"\r\n")):  # warcio stops quietly at a cut gzip member
        yield _truncated(path, number, f"{len(raw) - records.offset} bytes after the last whole record")


def _truncated(path: str, number: int, detail: str) -> IngestError:
    return IngestError(path, f"archive is truncated or corrupt ({detail}); the records before it were read",
                       f"after record {number}")


def _is_html(record) -> bool:
    content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
    return "html" in content_type.lower()


def _article(path: str, record, number: int) -> Document | IngestError:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    captured = iso_date(record.rec_headers.get_header("WARC-Date"))
    payload = record.content_stream().read()
    doc = html.page(path, payload, url=uri, locator=f"record {number} ({uri})", fmt="warc")
    if isinstance(doc, Document):
        doc.meta.setdefault("url", uri)
        if captured:
            doc.meta["captured"] = captured
    return doc
