"""Document -> Article: the clean text later stages analyse, and a record of
what was removed and why.

Cleaning works on sentences of the extracted body. A sentence is removed as
page furniture (captions, photo credits, share/subscribe prompts, bylines,
headings, tickers) or as a repeat of earlier content of the same article
(exact, near-exact, or a close paraphrase: content farms paste a rewrite above
the original). The first occurrence is kept. Everything removed is recorded
with its offsets into the body, so nothing is lost silently.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from storyledger import nlp, segment
from storyledger.clean import furniture
from storyledger.clean.dates import published_from_dateline, published_from_timestamp, published_from_url
from storyledger.model import Article, Document, Removal, Sentence
from storyledger.clean.repeats import RepeatFinder


@dataclass
class _Unit:
    """A sentence of the body, with its paragraph and a removal reason if any."""

    start: int
    end: int
    paragraph: int
    reason: str | None = None
    duplicate_of: str | None = None


def clean(doc: Document, overrides: dict | None = None) -> Article:
    """Build the Article for `doc`. `overrides` (from the command line) win over metadata."""
    body = normalise_body(doc.text or "")
    meta = {**doc.meta, **{k: v for k, v in (overrides or {}).items() if v}}
    lang, lang_basis = _language(body, meta.get("lang"))
    units = _units(body, lang)
    furniture.mark(body, units)
    RepeatFinder(lang).mark(body, units)
    text, sentences = _assemble(body, units)
    published, basis = _published(meta, overrides or {}, body, doc)
    return Article(
        id=article_id(body, meta.get("url") or meta.get("outlet")),
        body=body,
        text=text,
        sentences=sentences,
        removed=[_removal(body, u) for u in units if u.reason],
        title=meta.get("title") or _headline(body, units),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        lang=lang,
        lang_basis=lang_basis,
        published=published,
        published_basis=basis,
        captured=meta.get("captured"),
        source=doc.source,
        locator=doc.locator,
        raw_sha256=hashlib.sha256(doc.raw).hexdigest(),
        name=meta.get("name"),
    )


def normalise_body(text: str) -> str:
    """Unicode NFC, one newline style, no trailing spaces, no control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = text.replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def article_id(body: str, identity: str | None) -> str:
    """Content-derived id: the same text from the same place is the same article."""
    normal = " ".join(body.split()).casefold()
    digest = hashlib.sha256(f"{normal}\x00{identity or ''}".encode("utf-8")).hexdigest()
    return digest[:16]


def _language(body: str, declared: str | None) -> tuple[str | None, str | None]:
    if declared:
        return declared.lower()[:2], "metadata"
    if not body.strip():
        return None, None
    lang, _ = nlp.detect_language(body)
    return lang, "detected"


def _units(body: str, lang: str | None) -> list[_Unit]:
    units = []
    for number, (p_start, p_end) in enumerate(segment.paragraphs(body)):
        for s, e in segment.sentences(body[p_start:p_end], lang):
            units.append(_Unit(p_start + s, p_start + e, number))
    return units


def _assemble(body: str, units: list[_Unit]) -> tuple[str, list[Sentence]]:
    """Join kept sentences: a space inside a paragraph, a blank line between paragraphs."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    length, last_paragraph = 0, None
    for unit in units:
        if unit.reason:
            continue
        if last_paragraph is not None:
            gap = " " if unit.paragraph == last_paragraph else "\n\n"
            parts.append(gap)
            length += len(gap)
        piece = body[unit.start:unit.end]
        parts.append(piece)
        sentences.append(Sentence(length, length + len(piece), unit.start, unit.end))
        length += len(piece)
        last_paragraph = unit.paragraph
    return "".join(parts), sentences


def _headline(body: str, units: list[_Unit]) -> str | None:
    """A first kept line that reads like a headline: short, alone, without a final full stop."""
    first = next((u for u in units if not u.reason), None)
    if first is None or (first.paragraph > 0 and units[0].paragraph == first.paragraph):
        return None
    line = body[first.start:first.end]
    alone = sum(u.paragraph == first.paragraph for u in units) == 1
    if alone and len(line.split()) <= 25 and not line.endswith((".", ":", ";", ",")) \
            and not line.startswith(("•", "-", "*", "–", "—")):
        return line
    return None


def _removal(body: str, unit: _Unit) -> Removal:
    return Removal(unit.start, unit.end, body[unit.start:unit.end], unit.reason, unit.duplicate_of)


def _published(meta: dict, overrides: dict, body: str, doc: Document) -> tuple[str | None, str | None]:
    """Publication date and where it came from; None rather than a guess."""
    if overrides.get("published"):
        return overrides["published"], "option"
    if doc.meta.get("published"):
        return doc.meta["published"], "page" if doc.format in ("html", "warc") else "metadata"
    from_url = published_from_url(meta.get("url"))
    if from_url:
        return from_url, "url"
    from_dateline = published_from_dateline(body, meta.get("captured"))
    if from_dateline:
        return from_dateline, "dateline"
    from_stamp = published_from_timestamp(body)
    if from_stamp:
        return from_stamp, "timestamp"
    return None, None
