"""Event clauses and the time each one happened.

`anchor_events` splits sentences into event-bearing clauses and gives each the
time expressed in it, else the time of the nearest governing clause, else "on
or before the publication date". With a spaCy Doc the clauses come from the
dependency parse; without one, from punctuation and subordinating words.

`event_date` reduces a time expression's TimeML value to the calendar date an
event is filed under (a day, a month or a year).
"""
from __future__ import annotations

import re
from datetime import date

from storyledger import segment
from storyledger.model import Article, EventClause, TimeExpr

CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "acl:relcl", "csubj",
               "parataxis", "pcomp", "advcl:cleft"}
NOT_EVENTS = {"be", "être", "have", "avoir", "seem", "appear", "sembler"}
ANCHOR_DROPPING_MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}


def event_date(t: TimeExpr | None) -> str | None:
    """The calendar date of a time's value, as precise as a calendar date can be: "2022-09-12TEV"
    -> "2022-09-12"; a week -> the month of its Thursday (most of its days); a quarter, half or
    season -> its year. None if the time is not a point."""
    if t is None or t.type not in ("DATE", "TIME") or not t.value:
        return None
    week = re.match(r"(\d{4})-W(\d\d)", t.value)
    if week:
        try:
            return date.fromisocalendar(int(week[1]), int(week[2]), 4).isoformat()[:7]
        except ValueError:
            return week[1]
    match = re.match(r"\d{4}(?:-\d\d(?:-\d\d)?|(?=-(?:Q\d|H\d|SP|SU|FA|WI)))?", t.value)
    return match.group() if match else None


def week_start(value: str | None) -> str | None:
    """The first day of a week value, as a calendar date: "2025-W43" -> "2025-10-20" (its
    Monday), "2025-W43-WE" -> "2025-10-25" (its Saturday). None for anything else."""
    week = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value or "")
    if not week:
        return None
    try:
        return date.fromisocalendar(int(week[1]), int(week[2]), 6 if week[3] else 1).isoformat()
    except ValueError:
        return None


def anchor_events(article: Article, times: list[TimeExpr], doc=None) -> list[EventClause]:
    """One EventClause per event-bearing clause, dated by the time in (or governing) it."""
    if doc is None:
        from storyledger import nlp
        pipeline = nlp.spacy_pipeline(article.lang)
        doc = pipeline(article.text) if pipeline is not None else None
    sentences = [(s.start, s.end) for s in article.sentences] or segment.sentences(article.text, article.lang)
    if doc is None:
        return _anchor_by_punctuation(article.text, sentences, times)
    return _anchor_by_dependencies(article.text, doc, sentences, times)


def _rank(t: TimeExpr, trigger_pos: int) -> tuple:
    """Point dates first, "since 2022"-like bounds last, then nearest to the verb."""
    return (t.mod in ANCHOR_DROPPING_MODS, abs(t.start - trigger_pos))


def _best_time(times: list[TimeExpr], indices: list[int], trigger_pos: int) -> int | None:
    dated = [i for i in indices if event_date(times[i])]
    if not dated:
        return None
    return min(dated, key=lambda i: _rank(times[i], trigger_pos))


def _anchor_by_dependencies(text: str, doc, sentences, times: list[TimeExpr]) -> list[EventClause]:
    events: list[EventClause] = []
    for s_start, s_end in sentences:
        span = doc.char_span(s_start, s_end, alignment_mode="expand")
        tokens = [t for t in span or () if s_start <= t.idx < s_end]
        heads = [t for t in tokens if _is_clause_head(t, s_start, s_end)]
        if not heads:
            continue
        owner = {t.i: _clause_of(t, heads, s_start, s_end) for t in tokens}
        for t in tokens:  # the parse left the sentence: nearest clause head in the text
            if owner[t.i] is None:
                owner[t.i] = min(heads, key=lambda h: abs(h.i - t.i)).i
        time_owner = {}
        for k, t in enumerate(times):
            if s_start <= t.start < s_end:
                first = next((tok for tok in tokens if tok.idx >= t.start), None)
                time_owner[k] = owner.get(first.i) if first is not None else None
        chosen: dict[int, tuple[int | None, str]] = {}
        for head in sorted(heads, key=lambda h: _depth(h, s_start, s_end)):
            own = _best_time(times, [k for k, o in time_owner.items() if o == head.i], head.idx)
            if own is not None:
                chosen[head.i] = (own, "clause")
                continue
            governor = _clause_of(head.head, heads, s_start, s_end) if head.head is not head else None
            if governor is not None and chosen.get(governor, (None, ""))[0] is not None:
                chosen[head.i] = (chosen[governor][0], "governing")
            else:
                chosen[head.i] = (None, "publication")
        for head in heads:
            members = [t for t in tokens if owner[t.i] == head.i and not t.is_punct]
            if not members:  # a head the parser left with punctuation only
                continue
            start = min(t.idx for t in members)
            end = max(t.idx + len(t.text) for t in members)
            index, basis = chosen[head.i]
            if head.lemma_.lower() in NOT_EVENTS and index is None and head.dep_ != "ROOT":
                continue
            events.append(EventClause(start, end, text[start:end], head.text,
                                      event_date(times[index]) if index is not None else None,
                                      basis, index))
    return sorted(events, key=lambda e: e.start)


def _is_clause_head(token, s_start: int, s_end: int) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.pos_ == "AUX" and token.dep_ != "ROOT":
        return False
    return token.dep_ in CLAUSE_DEPS or not (s_start <= token.head.idx < s_end)


def _clause_of(token, heads, s_start: int, s_end: int) -> int | None:
    """Index of the nearest clause head at or above `token` within the sentence."""
    head_ids = {h.i for h in heads}
    steps = 0
    while steps < 50:
        if token.i in head_ids:
            return token.i
        if token.head is token or not (s_start <= token.head.idx < s_end):
            return None
        token, steps = token.head, steps + 1
    return None


def _depth(token, s_start: int, s_end: int) -> int:
    depth = 0
    while token.head is not token and s_start <= token.head.idx < s_end and depth < 50:
        token, depth = token.head, depth + 1
    return depth


CLAUSE_SPLIT = re.compile(
    r",?\s+\b(?:when|while|after|before|because|since|although|though|which|who|where|that|and|but|"
    r"quand|lorsque|alors\s+que|après\s+que|avant\s+que|parce\s+que|qui|que|où|et|mais)\b|[;:]|,\s+",
    re.I)
VERBISH = re.compile(r"\b(?:\w{3,}ed|was|were|is|are|has|have|had|will|said|told|made|took|found|"
                     r"left|fled|met|won|lost|\w+(?:é|ée|és|ées|it|ait|aient|ont|a))\b", re.I)


def _anchor_by_punctuation(text: str, sentences, times: list[TimeExpr]) -> list[EventClause]:
    """Without a parser: clauses split at punctuation and subordinators, a verb-like word each."""
    events: list[EventClause] = []
    for s_start, s_end in sentences:
        in_sentence = [k for k, t in enumerate(times) if s_start <= t.start < s_end]
        sentence_best = _best_time(times, in_sentence, s_start)
        single = len([k for k in in_sentence if event_date(times[k])]) == 1
        for a, b in _verb_segments(text, s_start, s_end):
            verb = VERBISH.search(text, a, b)
            trigger_pos = verb.start() if verb else a
            own = _best_time(times, [k for k in in_sentence if a <= times[k].start < b], trigger_pos)
            if own is not None:
                index, basis = own, "clause"
            elif single:
                index, basis = sentence_best, "sentence"
            else:
                index, basis = None, "publication"
            start, end = segment._strip(text, a, b)
            start = start + len(re.match(r"[,;:\s]*", text[start:end]).group())
            events.append(EventClause(start, end, text[start:end], verb.group() if verb else "",
                                      event_date(times[index]) if index is not None else None,
                                      basis, index))
    return events


def _verb_segments(text: str, s_start: int, s_end: int) -> list[tuple[int, int]]:
    """Pieces of the sentence between clause cues; a piece without a verb joins the one before."""
    cuts = [s_start] + [m.start() for m in CLAUSE_SPLIT.finditer(text, s_start, s_end)] + [s_end]
    pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and not VERBISH.search(text, a, b):
            merged[-1] = (merged[-1][0], b)
        elif merged and not VERBISH.search(text, *merged[-1]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
