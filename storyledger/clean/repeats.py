"""Sentences that repeat earlier content of the same article.

Three levels, cheapest first, each against earlier sentences that are kept:
1. exact repeat (after case, space and punctuation folding), or containment of
   a long sentence in an earlier one;
2. near-exact repeat (rapidfuzz ratio), e.g. a caption shown twice;
3. close paraphrase: many content words (stemmed) shared both ways with one
   earlier sentence or two adjacent ones, names in common, no new numbers;
   confirmed by the multilingual sentence encoder and by a neighbouring
   sentence that is a paraphrase too (a rewritten passage, not one similar
   sentence). Content farms paste a rewrite above the original; of two
   tellings the fuller one is kept (the first on a tie).
Candidates come from an inverted index of content stems, so a sentence is
compared only with earlier sentences it shares words with.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyledger import nlp

NEAR_RATIO = 90  # rapidfuzz ratio of folded sentences
PARAPHRASE_COVERAGE = 0.4  # share of content stems found on the other side, both ways
PARAPHRASE_COSINE = 0.70  # sentence-encoder similarity that confirms a paraphrase
PARAPHRASE_MIN_SHARED = 5  # content stems in common, at least
PARAPHRASE_MIN_ANCHORS = 2  # names / numbers in common, at least
MIN_SHARED_TO_COMPARE = 3  # content stems an earlier sentence must share to be compared at all
MIN_WORDS = 5  # shorter sentences ("He said.") repeat innocently


class RepeatFinder:
    def __init__(self, lang: str | None):
        self.stop_words = nlp.blank_pipeline(lang).Defaults.stop_words

    def mark(self, body: str, units: list) -> None:
        kept: list[_Kept] = []
        index: dict[str, list[int]] = defaultdict(list)
        pending: list[tuple[int, _Kept, list[_Kept]]] = []  # paraphrase candidates
        for unit in units:
            if unit.reason:
                continue
            text = body[unit.start:unit.end]
            folded = _fold(text)
            current = _Kept(unit, text, folded, self._stems(text), _anchors(text), _numbers(folded))
            if len(folded.split()) >= MIN_WORDS:
                hits = Counter(i for s in current.stems for i in index.get(s, ()))
                candidates = sorted(i for i, shared in hits.items() if shared >= MIN_SHARED_TO_COMPARE)
                if self._repeats(current, kept, candidates):
                    continue
                window = self._paraphrase_candidate(current, kept, candidates)
                if window:
                    pending.append((len(kept), current, window))
            for stem in current.stems:
                index[stem].append(len(kept))
            kept.append(current)
        _confirm_paraphrases(pending)

    def _repeats(self, current: "_Kept", kept: list["_Kept"], candidates) -> bool:
        """Exact or near-exact repeat of an earlier kept sentence: drop `current`."""
        for i in candidates:
            other = kept[i]
            if other.unit.reason or current.numbers != other.numbers:
                continue  # an update ("55 delegates" -> "61 delegates") is not a repeat
            if current.folded == other.folded \
                    or (len(current.folded) > 40 and current.folded in other.folded) \
                    or fuzz.ratio(current.folded, other.folded) >= NEAR_RATIO:
                _drop(current.unit, other.text)
                return True
        return False

    def _paraphrase_candidate(self, current: "_Kept", kept: list["_Kept"], candidates):
        """The earlier sentence, or two adjacent ones, that may say what `current` says."""
        if len(current.stems) < PARAPHRASE_MIN_SHARED:
            return None
        for i in candidates:
            for window in (kept[i:i + 1], kept[i:i + 2], kept[max(i - 1, 0):i + 1]):
                stems = set().union(*(k.stems for k in window))
                anchors = set().union(*(k.anchors for k in window))
                numbers = set().union(*(k.numbers for k in window))
                shared = current.stems & stems
                if (len(shared) >= PARAPHRASE_MIN_SHARED
                        and len(shared) >= PARAPHRASE_COVERAGE * len(current.stems)
                        and len(shared) >= PARAPHRASE_COVERAGE * len(stems)
                        and len(current.anchors & anchors) >= PARAPHRASE_MIN_ANCHORS
                        and current.numbers <= numbers):
                    return window
        return None

    def _stems(self, text: str) -> set[str]:
        words = re.findall(r"[^\W\d_]+|\d+", text.casefold())
        return {w[:5] for w in words if w not in self.stop_words and len(w) > 2}


def _confirm_paraphrases(pending: list) -> None:
    """Keep candidates that belong to a run (a neighbouring sentence is a candidate
    too) and that the sentence encoder agrees with: a rewrite pasted above its
    original repeats a passage, while one similar sentence in a long report is
    usually a new fact about the same people."""
    positions = {pos for pos, _, _ in pending}
    pending = [p for p in pending if {p[0] - 1, p[0] + 1} & positions]
    if not pending:
        return
    texts = [c.text for _, c, _ in pending] + [" ".join(k.text for k in w) for _, _, w in pending]
    vectors = nlp.embed(texts)
    n = len(pending)
    confirmed = [p for i, p in enumerate(pending) if float(vectors[i] @ vectors[n + i]) >= PARAPHRASE_COSINE]
    positions = {pos for pos, _, _ in confirmed}
    for pos, current, window in confirmed:
        if not ({pos - 1, pos + 1} & positions):
            continue
        if any(k.unit.reason for k in window) or current.unit.reason:
            continue
        window_stems = set().union(*(k.stems for k in window))
        if len(current.stems) <= len(window_stems):  # keep the fuller telling
            _drop(current.unit, " ".join(k.text for k in window))
        else:
            for earlier in window:
                _drop(earlier.unit, current.text)


@dataclass
class _Kept:
    unit: object
    text: str
    folded: str
    stems: set[str]
    anchors: set[str]
    numbers: set[str]


def _drop(unit, repeated: str) -> None:
    unit.reason = "duplicate"
    unit.duplicate_of = repeated


def _numbers(folded: str) -> set[str]:
    return set(re.findall(r"\d+", folded))


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _anchors(text: str) -> set[str]:
    """Names and numbers: capitalised words not at the start of the sentence, and digits."""
    words = re.findall(r"\w[\w'’-]*", text)
    names = {w.casefold()[:5] for w in words[1:] if w[0].isupper()}
    numbers = {w for w in words if w.isdigit()}
    return names | numbers
