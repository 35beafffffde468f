"""RSS/Atom feeds (feedparser): one article per entry, with the entry's metadata."""
from __future__ import annotations

import io
from typing import Iterator

import feedparser
import lxml.html

from storyledger.ingest import html
from storyledger.ingest.decode import as_utf8
from storyledger.ingest.errors import IngestError, describe
from storyledger.ingest.meta import iso_date
from storyledger.model import Document


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    parsed = _parse(raw)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        yield IngestError(path, f"not an RSS/Atom feed, or a feed with no entries{detail}")
        return
    outlet = parsed.feed.get("title")
    lang = (parsed.feed.get("language") or "")[:2].lower() or None
    for number, entry in enumerate(parsed.entries, 1):
        try:
            yield _entry(path, entry, number, outlet, lang)
        except Exception as exc:  # one odd entry must not lose the others
            yield IngestError(path, f"unreadable entry ({describe(exc)})", f"entry {number}")


def _parse(raw: bytes):
    """feedparser on the bytes, always as a stream: given a string it would open the URL or
    the file the string names. A declaration of an encoding the bytes do not fit (feedparser
    raises on some) gives way to our own decoding."""
    try:
        return feedparser.parse(io.BytesIO(raw))
    except (UnicodeError, LookupError):
        return feedparser.parse(io.BytesIO(as_utf8(raw)))


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
