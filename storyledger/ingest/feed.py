"""RSS/Atom feeds (feedparser): one article per entry, with the entry's metadata."""
from __future__ import annotations

from typing import Iterator

import feedparser
import lxml.html

from storyledger.ingest import html
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import iso_date
from storyledger.model import Document


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    parsed = feedparser.parse(raw)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        yield IngestError(path, f"not an RSS/Atom feed, or a feed with no entries{detail}")
        return
    outlet = parsed.feed.get("title")
    lang = (parsed.feed.get("language") or "")[:2].lower() or None
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry(path, entry, number, outlet, lang)


def _entry(path: str, entry, number: int, outlet: str | None, lang: str | None):
    where = f"entry {number}"
    body = _body(entry)
    text = _html_to_text(body) if body else ""
    if not text.strip():
        return IngestError(path, "entry has no text", where)
    meta = {
        "title": entry.get("title"),
        "url": entry.get("link"),
        "outlet": outlet,
        "lang": lang,
        "published": iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
    }
    raw = (body or "").encode("utf-8")
    return Document(raw=raw, source=path, format="feed", locator=where, text=text,
                    meta={k: v for k, v in meta.items() if v})


def _body(entry) -> str | None:
    """The fullest text an entry carries: content:encoded, then summary."""
    contents = [c.get("value", "") for c in entry.get("content", [])]
    candidates = contents + [entry.get("summary", "")]
    return max(candidates, key=len) if any(candidates) else None


def _html_to_text(fragment: str) -> str:
    extracted, _ = html.extract(f"<html><body><article>{fragment}</article></body></html>")
    if extracted:
        return extracted
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:  # plain text or broken markup
        return fragment
    for block in root.iter("p", "br", "div", "li"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()
