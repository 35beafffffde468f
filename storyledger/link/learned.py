"""Event similarity learned from data: do two reports tell the same story?

Each report becomes a `ReportView` (what one report says, read once: encoder
vectors of its title, lead, sentences and whole text; its names, places,
dates and numbers; the bag `link/events.py` scores with). Two views give a
`pair_features` row; a logistic regression fitted on human judgements
(SemEval-2022 Task 8 training pairs, ECB+ document pairs) turns the row into
a probability of "same story". Its parameters live in
storyledger/data/event_linker.json and are read here without scikit-learn:
`python -m storyledger.link.train` writes that file, and a test checks that
retraining gives the same bytes.
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from anyascii import anyascii

from storyledger import nlp
from storyledger.link import events
from storyledger.model import Analysis, Article

PARAMETERS = Path(__file__).resolve().parent.parent / "data" / "event_linker.json"
# the same features fitted to "same event?" (ECB+ weighed up): what link/events.py joins with
EVENT_PARAMETERS = PARAMETERS.with_name("event_linker_events.json")
MAX_SENTENCES = 30  # sentences read by the encoder per report: the story is told early
LEAD_CHARS = 600
ALIGNED_COSINE = 0.7  # two sentences this close say the same thing (in any language)
NAME_TYPES = {"PERSON", "PER", "ORG"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
FEATURES = ("lead_cosine", "title_cosine", "text_cosine", "sentence_match", "aligned_share",
            "name_overlap", "place_overlap", "date_overlap", "number_overlap", "word_overlap",
            "same_language", "event_score", "short_text")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class ReportView:
    """What one report says, as the pair features read it."""

    lang: str
    title_vector: np.ndarray
    lead_vector: np.ndarray
    text_vector: np.ndarray
    sentence_vectors: np.ndarray  # (n, 512), n <= MAX_SENTENCES
    names: frozenset[str]
    places: frozenset[str]
    dates: frozenset[str]  # year-month of explicit dates
    numbers: frozenset[str]
    words: frozenset[str]
    event_features: dict  # link/events.py's article_features


def report_view(article: Article, analysis: Analysis | None) -> ReportView:
    spans = [(s.start, s.end) for s in article.sentences] or [(0, len(article.text))]
    sentences = [article.text[s:e] for s, e in spans][:MAX_SENTENCES]
    lead = " ".join(sentences)[:LEAD_CHARS]
    vectors = nlp.embed([sentences[0], lead] + sentences)
    mean = vectors[2:].mean(axis=0)
    mentions = analysis.mentions if analysis else []
    return ReportView(
        lang=(article.lang or "")[:2], title_vector=vectors[0], lead_vector=vectors[1],
        text_vector=mean / (np.linalg.norm(mean) or 1.0), sentence_vectors=vectors[2:],
        names=_keys(m for m in mentions if m.type in NAME_TYPES),
        places=_keys(m for m in mentions if m.type in PLACE_TYPES),
        dates=frozenset(t.value[:7] for t in (analysis.times if analysis else [])
                        if t.value and re.match(r"\d{4}-\d{2}", t.value)),
        numbers=frozenset(n.replace(",", ".") for n in _NUMBER.findall(article.text) if len(n) > 1),
        words=frozenset(events.content_words(article.text)),
        event_features=events.article_features(article, analysis))


def _keys(mentions) -> frozenset[str]:
    """Spelling keys of each name (transliterated, surname too): "Osetschkin" meets "Осечкин"."""
    return frozenset(key for m in mentions for key, _ in events.entity_keys(m.canonical or m.text, m.type))


def pair_features(a: ReportView, b: ReportView, idf: dict[str, float]) -> dict[str, float]:
    """The FEATURES of one pair of reports; `idf` weighs the hand-made event score's terms."""
    cosine = a.sentence_vectors @ b.sentence_vectors.T
    best_a, best_b = cosine.max(axis=1), cosine.max(axis=0)
    return {
        "lead_cosine": float(a.lead_vector @ b.lead_vector),
        "title_cosine": float(a.title_vector @ b.title_vector),
        "text_cosine": float(a.text_vector @ b.text_vector),
        "sentence_match": float((best_a.mean() + best_b.mean()) / 2),
        "aligned_share": float(max((best_a >= ALIGNED_COSINE).mean(), (best_b >= ALIGNED_COSINE).mean())),
        "name_overlap": overlap(a.names, b.names),
        "place_overlap": overlap(a.places, b.places),
        "date_overlap": overlap(a.dates, b.dates),
        "number_overlap": overlap(a.numbers, b.numbers),
        "word_overlap": overlap(a.words, b.words),
        "same_language": float(a.lang == b.lang),
        "event_score": events.pair_score(a.event_features, b.event_features, idf),
        "short_text": 1.0 / min(len(a.sentence_vectors), len(b.sentence_vectors)),
    }


def overlap(a: frozenset, b: frozenset) -> float:
    """Shared share of the smaller set; 0 when either side has none."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@dataclass(frozen=True)
class LearnedSimilarity:
    """A logistic regression over piecewise-linear functions of FEATURES (an additive model):
    logit = intercept + sum of each feature's function, read off its knots (flat beyond them)."""

    features: tuple[str, ...]
    knots: tuple[tuple[float, ...], ...]
    values: tuple[tuple[float, ...], ...]  # each feature's contribution at its knots
    intercept: float
    threshold: float  # probability from which two reports are one event
    merge_threshold: float = 1.0  # probability from which a report bridges two events (they merge)

    def logit(self, row: dict[str, float]) -> float:
        return self.intercept + sum(interpolate(row[name], xs, ys)
                                    for name, xs, ys in zip(self.features, self.knots, self.values))

    def probability(self, row: dict[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.logit(row)))))

    def same_event(self, row: dict[str, float]) -> bool:
        return self.probability(row) >= self.threshold


def interpolate(x: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    """Linear between knots, flat beyond the first and last."""
    if x <= xs[0]:
        return ys[0]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
    return ys[-1]


def load_events() -> LearnedSimilarity:
    """The event linker's model."""
    return load(str(EVENT_PARAMETERS))


@functools.cache
def load(path: str | None = None) -> LearnedSimilarity:
    data = json.loads(Path(path or PARAMETERS).read_text(encoding="utf-8"))
    return LearnedSimilarity(features=tuple(data["features"]), knots=tuple(map(tuple, data["knots"])),
                             values=tuple(map(tuple, data["values"])), intercept=data["intercept"],
                             threshold=data["threshold"], merge_threshold=data.get("merge_threshold", 1.0))


# --- event linking ------------------------------------------------------------------
# The learned similarity as the event linker reads it: an article against the members of each
# candidate event (its first and latest reports), one view per report kept for this process.

MEMBERS_READ = 6  # members of a candidate event compared: the first and the latest
VIEWS_KEPT = 4096  # report views kept in memory (a view holds up to MAX_SENTENCES vectors)

# keyed by article id and publication date: the id hashes the text and its source, not the date
_VIEWS: dict[tuple[str, str | None], ReportView] = {}


def remember(article: Article, analysis: Analysis | None) -> ReportView:
    """The article's view, computed once per process."""
    key = (article.id, article.published)
    view = _VIEWS.get(key)
    if view is None:
        view = _VIEWS[key] = report_view(article, analysis)
        while len(_VIEWS) > VIEWS_KEPT:
            del _VIEWS[next(iter(_VIEWS))]  # the oldest: a dict keeps insertion order
    return view


def stored_view(db, article_id: str) -> ReportView | None:
    """A stored report's view: from memory, else computed from the store (None when it is not there)."""
    from storyledger.store.articles import get_analysis, get_article

    rows = db.query("SELECT published FROM articles WHERE id = ?", (article_id,))
    if not rows:
        return None
    view = _VIEWS.get((article_id, rows[0]["published"]))
    if view is not None:
        return view
    return remember(get_article(db, article_id), get_analysis(db, article_id))


def event_probabilities(db, view: ReportView, event_ids: list[int], idf: dict[str, float],
                        model: LearnedSimilarity | None = None) -> dict[int, float]:
    """Each event's probability of telling the same story as `view`: the highest over the members
    read (single link: one close report is enough, as with a translation of any member)."""
    from storyledger.store import links

    model = model or load()
    members: dict[int, list[str]] = {}
    for row in links.event_article_rows_for(db, event_ids):
        members.setdefault(row["event_id"], []).append(row["article_id"])
    return {event_id: best_probability(db, view, ids, idf, model) for event_id, ids in members.items()}


def best_probability(db, view: ReportView, article_ids: list[str], idf: dict[str, float],
                     model: LearnedSimilarity) -> float:
    """The highest probability between `view` and the first and latest of `article_ids` (in link order)."""
    read = article_ids if len(article_ids) <= MEMBERS_READ else article_ids[:1] + article_ids[1 - MEMBERS_READ:]
    views = [v for v in (stored_view(db, i) for i in read) if v is not None]
    return max((model.probability(pair_features(view, other, idf)) for other in views), default=0.0)
