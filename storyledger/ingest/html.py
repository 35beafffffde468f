"""HTML pages: main text and metadata (title, date, site name, url, language) via trafilatura."""
from __future__ import annotations

import re
from typing import Iterator

import trafilatura

from storyledger.ingest.decode import decode, too_large
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import iso_date
from storyledger.model import Document

_LANG_ATTR = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.I)


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    yield page(path, raw)


def page(source: str, raw: bytes, url: str | None = None, locator: str | None = None,
         fmt: str = "html") -> Document | IngestError:
    """One HTML page -> Document with its extracted main text, or an error."""
    problem = too_large(raw)
    if problem:
        return IngestError(source, problem, locator)
    markup, _ = decode(raw)
    text, meta = extract(markup, url)
    if not text:
        return IngestError(source, "no article text found in the HTML (malformed or not an article page)", locator)
    return Document(raw=raw, source=source, format=fmt, locator=locator, text=text, meta=meta)


def extract(markup: str, url: str | None = None) -> tuple[str | None, dict]:
    """(main text, metadata) of a page; text None when trafilatura finds no article."""
    try:
        result = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False,
            include_tables=False, include_images=False)
    except Exception:  # trafilatura/lxml raise many kinds on broken markup
        result = None
    if result is None or not (result.text or "").strip():
        return None, {}
    meta = {
        "title": result.title,
        "published": iso_date(result.date),
        "outlet": result.sitename,
        "url": result.url or url,
        "lang": result.language or _html_lang(markup),
    }
    return result.text, {k: v for k, v in meta.items() if v}


def _html_lang(markup: str) -> str | None:
    match = _LANG_ATTR.search(markup[:5000])
    return match.group(1).lower()[:2] if match else None
