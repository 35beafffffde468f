"""Plain dataclasses at the seams between stages.

document -> article -> analysis -> links -> dossier. Every stage reads the
previous stage's dataclass and writes its own; nothing flows backwards.
Offsets are character offsets into `Article.text` (the clean text) unless a
field name says otherwise.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """Raw input as it arrived, with where it came from."""

    raw: bytes
    source: str  # file path, "-" for stdin
    format: str  # txt | html | jsonl | feed | warc
    locator: str | None = None  # "line 3", "entry 2", "record at byte 1234"
    text: str | None = None  # text already given by the input (txt, jsonl, feed entry)
    meta: dict[str, Any] = field(default_factory=dict)  # url, outlet, lang, published, title


@dataclass
class Sentence:
    start: int  # offsets into Article.text
    end: int
    body_start: int  # offsets into Article.body (the text before cleaning)
    body_end: int


@dataclass
class Removal:
    """A span that cleaning removed from the body, and why."""

    body_start: int
    body_end: int
    text: str
    reason: str  # caption | credit | share_prompt | byline | related | comment | duplicate | ...
    duplicate_of: str | None = None  # the kept text it repeats, for reason == duplicate


@dataclass
class Article:
    id: str  # content-derived
    body: str  # text as extracted from the input, before cleaning
    text: str  # clean text that later stages analyse
    sentences: list[Sentence] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    lang: str | None = None
    lang_basis: str | None = None  # metadata | detected
    published: str | None = None  # YYYY-MM-DD, never guessed as today
    published_basis: str | None = None  # metadata | page | url | dateline | timestamp | option
    captured: str | None = None  # when an archive captured the page (WARC-Date), not publication
    source: str | None = None  # file path / feed / warc the article came from
    locator: str | None = None
    raw_sha256: str | None = None
    name: str | None = None  # the name the corpus gave it (file name or jsonl id)

    def sentence_text(self, s: Sentence) -> str:
        return self.text[s.start:s.end]

    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str  # PERSON | ORG | GPE | LOC | NORP | ...
    sentence: int  # index into Article.sentences
    canonical: str | None = None  # in-article normalised name (titles stripped, short form expanded)
    descriptors: list[str] = field(default_factory=list)


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TimeML value: 2022-09-12, 2022-09, 2022-W38, PRESENT_REF, ... None if unresolved
    granularity: str | None = None  # day | week | month | season | quarter | year | decade | ...
    mod: str | None = None  # START | MID | END | BEFORE | AFTER | APPROX ...
    end_value: str | None = None  # for ranges ("between 2015 and 2017")
    unresolved_reason: str | None = None  # e.g. "no publication date"
    sentence: int | None = None


@dataclass
class Attribution:
    sentence_start: int  # evidence: offsets of the sentence(s) in Article.text
    sentence_end: int
    cue: Span
    content: Span | None
    speaker: Span | None  # None when the report asserts it itself
    speaker_kind: str = "named"  # named | anonymous | pronoun | report | organisation
    speaker_name: str | None = None  # resolved name (pronouns resolved, roles stripped)
    channel: Span | None = None
    channel_name: str | None = None
    status: str = "asserted"  # values of gold/FORMAT.md
    quote: bool = False  # direct quotation


@dataclass
class EventClause:
    """An event-bearing clause with the time expressed in (or governing) it."""

    start: int
    end: int
    text: str
    trigger: str
    date: str | None  # TimeML value, or None
    date_basis: str  # clause | sentence | governing | publication (on or before)
    time_index: int | None = None  # index into Analysis.times


@dataclass
class Analysis:
    """Per-article, independent of every other article.

    `failures` names each component that raised, with the exception, in one line
    ("time: TypeError: ... (time.py:976)"); what that component fills is then empty."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[EventClause] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def to_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)
