"""Sentence segmentation with character offsets.

spaCy's rule-based sentencizer over the language's tokenizer (its exceptions
keep "Sept. 12", "U.S." and "M." whole); no statistical model, so it is fast
and works for any language spaCy has tokenizer rules for. Paragraph breaks
always end a sentence.
"""
from __future__ import annotations

import re

from storyledger import nlp


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph; a single newline also separates lines."""
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, whitespace trimmed."""
    splitter = nlp.blank_pipeline(lang)
    result = []
    for p_start, p_end in paragraphs(text):
        doc = splitter(text[p_start:p_end])
        for sent in doc.sents:
            s, e = _strip(text, p_start + sent.start_char, p_start + sent.end_char)
            if e > s:
                result.append((s, e))
    result = [piece for span in result for piece in _split_full_stops(text, *span)]
    return _merge_orphans(text, _join_ordinal_dots(text, _move_opening_quotes(text, result)))


# an ideographic or full-width stop ends a sentence in every language that writes one (spaCy's
# fallback tokenizer does not split unspaced text); before a closing quote it ends the quotation
# only: "「やっていない。」と話した" is one sentence
_FULL_STOP = re.compile(r"[。！？](?![」』）】〉》”’\"])(?=\S)")


def _split_full_stops(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, s = [], start
    for stop in _FULL_STOP.finditer(text, start, end):
        pieces.append((s, stop.end()))
        s = stop.end()
    pieces.append((s, end))
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in pieces) if b > a]


_ORDINAL_END = re.compile(r"(?<!\d)\d{1,2}\.$")


def _join_ordinal_dots(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"fant sted 12. | september.": an ordinal's dot ("12." in de, no, da, pl, ...) before a
    lower-case word does not end the sentence."""
    joined: list[tuple[int, int]] = []
    for s, e in spans:
        if joined and _ORDINAL_END.search(text, joined[-1][0], joined[-1][1]) and text[s].islower() \
                and "\n" not in text[joined[-1][1]:s]:
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    return joined


_OPENING = re.compile(r"\s([“«„‘\"'])$")


def _move_opening_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An opening quote mark left at the end of a sentence belongs to the next one."""
    fixed = list(spans)
    for i in range(len(fixed) - 1):
        s, e = fixed[i]
        match = _OPENING.search(text, s, e)
        if match and fixed[i + 1][0] - e <= 2:
            fixed[i] = _strip(text, s, match.start(1))
            fixed[i + 1] = (match.start(1), fixed[i + 1][1])
    return fixed


def _merge_orphans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a "sentence" that is only a closing quote or bracket to the one before it."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        if merged and len(piece) <= 3 and not any(ch.isalnum() for ch in piece) \
                and "\n" not in text[merged[-1][1]:s]:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
