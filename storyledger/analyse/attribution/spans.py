"""The reading context of one article and helpers over its spans, phrases and quotation regions."""
from __future__ import annotations

from dataclasses import dataclass, field

from storyledger.model import Article, Span


@dataclass
class Context:
    article: Article
    doc: object
    lexicon: dict[str, str]
    sentences: list[tuple[int, int]]
    quotes: list[tuple[int, int]]
    persons: list  # PERSON entity spans of the doc, in order
    mentions: list = field(default_factory=list)  # the entity stage's mentions, with descriptors
    found: list = field(default_factory=list)  # attributions of the sentences read so far
    full_names: dict = field(default_factory=dict)  # name -> its fullest form (full_name, memoised)


def overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def quote_ending_at(ctx: Context, mark) -> Span | None:
    """The quotation closed right before the cue's comma or dash."""
    text = ctx.article.text
    for s, e in ctx.quotes:
        if e <= mark.idx + len(mark.text) and not text[e:mark.idx].strip(" ,—–-") and e >= mark.idx - 2:
            return Span(s, e, text[s:e])
    return None


def sentence_bounds(ctx: Context, offset: int) -> tuple[int, int]:
    for s, e in ctx.sentences:
        if s <= offset < e:
            return s, e
    return offset, offset


def core_tokens(head):
    """The noun phrase without relative clauses, parentheticals and trailing punctuation."""
    skip = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl:relcl", "acl", "punct", "case") or \
                child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in ("à", "au") for c in child.children) or \
                child.dep_ == "prep" and child.i > head.i and child.lower_ not in ("of",):
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens


def np(doc, token):
    core = core_tokens(token)
    if not core:
        return doc[token.i:token.i + 1]
    return doc[min(t.i for t in core):max(t.i for t in core) + 1]


def whole_phrase(doc, token):
    left, right = token.left_edge.i, token.right_edge.i
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left:right + 1]


def object_of(prep):
    objects = [c for c in prep.children if c.dep_ in ("pobj", "obj", "pcomp")]
    return objects[0] if objects else None


def span_of(doc, token) -> Span:
    left, right = token.left_edge.i, token.right_edge.i
    while right > left and doc[right].is_punct and doc[right].text not in "”’\"»":
        right -= 1
    span = doc[left:right + 1]
    return Span(span.start_char, span.end_char, span.text)


def as_span(span) -> Span:
    return Span(span.start_char, span.end_char, span.text)


def same_span(a: Span, b: Span) -> bool:
    return a.start == b.start and a.end == b.end


def phrase_tokens(first, source) -> set[int]:
    tokens = {first.i, first.i + 1} | {t.i for t in source.subtree}
    return tokens


def clause_of(token):
    head = token
    while head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head


def span_without(doc, clause, removed: set[int]) -> Span | None:
    """The run of the clause's tokens outside `removed` that holds the clause's verb."""
    runs, run = [], []
    for t in clause.subtree:
        if t.i in removed or t.is_punct and not run:
            runs.append(run)
            run = []
        else:
            run.append(t)
    runs.append(run)
    with_head = [r for r in runs if clause in r]
    best = with_head[0] if with_head else max(runs, key=len)
    while best and best[-1].is_punct and best[-1].text not in "”’\"»":
        best.pop()
    if not best:
        return None
    span = doc[best[0].i:best[-1].i + 1]
    return Span(span.start_char, span.end_char, span.text)


def quoted_extent(ctx: Context, content: Span) -> Span:
    """Widen content to the quotation marks around it, if it is a quotation."""
    for start, end in ctx.quotes:
        if start <= content.start + 1 and content.end - 1 <= end and start <= content.start + 2:
            if content.start - start <= 2 and end - content.end <= 3:
                lo, hi = min(start, content.start), max(end, content.end)
                return Span(lo, hi, ctx.article.text[lo:hi])
    return content


def nearest_quote(ctx: Context, token) -> Span | None:
    """A quotation in the cue's sentence, nearest to the cue."""
    sent_start, sent_end = sentence_bounds(ctx, token.idx)
    best = None
    for start, end in ctx.quotes:
        if end <= sent_start or start >= sent_end:
            continue
        if start <= token.idx < end:
            continue
        distance = min(abs(token.idx - end), abs(token.idx - start))
        if best is None or distance < best[0]:
            best = (distance, start, end)
    if best is None or len(ctx.article.text[best[1]:best[2]].split()) < 2:
        return None
    return Span(best[1], best[2], ctx.article.text[best[1]:best[2]])


def inside_quote(ctx: Context, token) -> bool:
    return any(s < token.idx < e - 1 for s, e in ctx.quotes)


def is_quoted(ctx: Context, content: Span) -> bool:
    return any(s <= content.start and content.end <= e + 1 for s, e in ctx.quotes)


def evidence_bounds(ctx: Context, cue_start: int, content: Span | None) -> tuple[int, int]:
    points = [cue_start] + ([content.start, max(content.start, content.end - 1)] if content else [])
    covering = [(s, e) for s, e in ctx.sentences if any(s <= p < e for p in points)]
    if not covering:
        return cue_start, cue_start
    return min(s for s, _ in covering), max(e for _, e in covering)
