"""What a watched source offers this round: feed entries, sitemap pages, a home page's feeds and
sitemaps, new files in a folder.

`poll` makes one (conditional) request for a URL source and says what kind it is and which
entries it lists; the watcher then turns each entry it has not seen into documents (`documents`),
fetching the article page when the feed only summarises it.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import urllib.parse
from dataclasses import dataclass, field

import feedparser
from trafilatura.feeds import FeedParameters, determine_feed, is_potential_feed
from lxml import etree
from trafilatura.sitemaps import extract_robots_sitemaps

from storyledger import ingest
from storyledger.ingest import html
from storyledger.ingest.decode import decode
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import iso_date
from storyledger.model import Document
from storyledger.watch.fetch import Disallowed, FetchError, Fetcher, Response

MAX_SITEMAPS = 50  # sitemaps followed from one sitemap index
FULL_TEXT_WORDS = 60  # an entry whose content has fewer words is a summary: its page is fetched
_SITEMAP = re.compile(rb"<(?:\w+:)?(?:urlset|sitemapindex)\b")


@dataclass
class Entry:
    key: str  # stable across rounds: the feed entry id, the page URL, the file with its size and time
    url: str | None = None
    title: str | None = None
    published: str | None = None
    text: str | None = None  # the full text a feed carries, or None
    summary: str | None = None
    outlet: str | None = None
    lang: str | None = None
    path: str | None = None  # a local file


@dataclass
class Poll:
    kind: str  # feed | sitemap | site | folder
    response: Response | None = None
    entries: list[Entry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # feeds and sitemaps found (site, sitemap index)

    @property
    def not_modified(self) -> bool:
        return bool(self.response and self.response.not_modified)


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme in ("http", "https")


def poll(fetcher: Fetcher, source: str, etag: str | None, last_modified: str | None) -> Poll:
    """One conditional GET of a URL source; what it is and what it lists. FetchError on failure."""
    response = fetcher.get(source, etag, last_modified)
    if response.not_modified:
        return Poll("unchanged", response)
    body = response.body
    if _SITEMAP.search(body[:2000]):
        return _sitemap(source, response)
    text, _ = decode(body)
    if is_potential_feed(text.lstrip()[:200]) or "xml" in response.content_type and "html" not in response.content_type:
        return _feed(source, response)
    return _site(fetcher, source, response, text)


def poll_folder(folder: str, own_files: set[str]) -> Poll:
    """Every readable file under `folder`, keyed by path, size and modification time."""
    entries = []
    for path in ingest.expand([folder], own_files):
        if isinstance(path, IngestError):
            continue
        try:
            status = os.stat(path)
        except OSError:
            continue
        entries.append(Entry(key=f"{os.path.relpath(path, folder)}:{status.st_size}:{status.st_mtime_ns}",
                             path=path))
    return Poll("folder", entries=entries)


# --- feeds -------------------------------------------------------------------------------

def _feed(source: str, response: Response) -> Poll:
    parsed = feedparser.parse(io.BytesIO(response.body))
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FetchError(f"{source}: not an RSS/Atom feed, a sitemap or a page"
                         + (f" ({' '.join(str(reason).split())[:120]})" if reason else ""))
    outlet = parsed.feed.get("title")
    lang = (parsed.feed.get("language") or "")[:2].lower() or None
    entries = [_feed_entry(source, e, outlet, lang) for e in parsed.entries]
    return Poll("feed", response, [e for e in entries if e])


def _feed_entry(source: str, entry, outlet: str | None, lang: str | None) -> Entry | None:
    link = urllib.parse.urljoin(source, entry.get("link") or "") or None
    content = " ".join(c.get("value", "") for c in entry.get("content", []))
    text = _fragment_text(content) if content.strip() else None
    if text and len(text.split()) < FULL_TEXT_WORDS:
        text = None  # a teaser in content:encoded: the page has the report
    summary = _fragment_text(entry.get("summary", "")) if entry.get("summary") else None
    key = entry.get("id") or link or _digest((entry.get("title") or "") + (summary or ""))
    if not (link or text or summary):
        return None
    return Entry(key=key, url=link, title=entry.get("title"), text=text, summary=summary, outlet=outlet,
                 lang=lang, published=iso_date(entry.get("published_parsed") or entry.get("updated_parsed")))


def _fragment_text(fragment: str) -> str | None:
    text, _ = html.extract(f"<html><body><article>{fragment}</article></body></html>")
    return text or None


def _digest(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- sitemaps and home pages -----------------------------------------------------------------

def _sitemap(source: str, response: Response) -> Poll:
    """Page URLs of a (news) sitemap; the sitemaps a sitemap index lists become children.
    (trafilatura's SitemapObject filters by domain name, which refuses hosts given by address.)"""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(response.body, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise FetchError(f"{source}: a sitemap that cannot be read as XML")
    locations = [urllib.parse.urljoin(source, (loc.text or "").strip()) for loc in root.iter("{*}loc")
                 if len(loc) == 0 and (loc.text or "").strip()]
    if etree.QName(root).localname == "sitemapindex":
        return Poll("sitemap", response, children=list(dict.fromkeys(locations))[:MAX_SITEMAPS])
    entries = [Entry(key=url, url=url) for url in dict.fromkeys(locations) if is_url(url)]
    return Poll("sitemap", response, entries)


def _site(fetcher: Fetcher, source: str, response: Response, markup: str) -> Poll:
    """A home page: its feeds (trafilatura's feed finder) and the sitemaps its robots.txt names."""
    parts = urllib.parse.urlsplit(source)
    base = f"{parts.scheme}://{parts.netloc}"
    feeds = determine_feed(markup, FeedParameters(base, parts.hostname or "", source))
    sitemaps = extract_robots_sitemaps(fetcher.robots_text(source), base)
    children = [u for u in dict.fromkeys(feeds + sitemaps) if u != source]
    if not children:
        raise FetchError(f"{source}: a page with no RSS/Atom feed and no sitemap in its robots.txt; "
                         "give a feed or sitemap URL")
    return Poll("site", response, children=children)


# --- entries -> documents ---------------------------------------------------------------------

def documents(fetcher: Fetcher, entry: Entry, source: str) -> list[Document | IngestError]:
    """The documents an unseen entry gives: its file, its full feed text, or its page (with the
    feed's summary when robots.txt forbids the page). FetchError when the page could not be
    fetched this time (the entry is tried again next round)."""
    if entry.path:
        return list(ingest.read(entry.path))
    if entry.text:
        return [_document(entry, entry.text, source, "feed")]
    if entry.url:
        try:
            page = fetcher.get(entry.url)
        except Disallowed as exc:
            if entry.summary:
                return [_document(entry, entry.summary, source, "feed")]
            return [IngestError(source, str(exc), entry.url)]
        found = html.page(entry.url, page.body, url=entry.url)
        if isinstance(found, Document):
            _fill_from_entry(found, entry)
        return [found]
    return [_document(entry, entry.summary or "", source, "feed")]


def _document(entry: Entry, text: str, source: str, fmt: str) -> Document:
    doc = Document(raw=text.encode("utf-8"), source=entry.url or source, format=fmt, text=text,
                   meta={})
    _fill_from_entry(doc, entry)
    return doc


def _fill_from_entry(doc: Document, entry: Entry) -> None:
    """What the page does not say, the feed entry may: title, date, outlet, language, URL."""
    given = {"title": entry.title, "published": entry.published, "outlet": entry.outlet,
             "lang": entry.lang, "url": entry.url}
    for key, value in given.items():
        if value and not doc.meta.get(key):
            doc.meta[key] = value
