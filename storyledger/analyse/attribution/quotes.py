"""Quotations: their regions, colon- and dash-signed quotes, quotations opened before or continued
after their cue, and sentences pointing back to the one before."""
from __future__ import annotations

import re

from storyledger.analyse.attribution.lexicon import OBJECT_DEPS
from storyledger.analyse.attribution.parts import build
from storyledger.analyse.attribution.spans import Context, as_span, inside_quote, overlaps
from storyledger.analyse.attribution.speakers import full_name, is_cue_word, speaker_token
from storyledger.analyse.attribution.status import status_of
from storyledger.lang import union
from storyledger.model import Attribution, Span


# quotation marks: opening -> closing marks that may end it (odd counts never raise)
QUOTE_PAIRS = {"“": "”“\"", "«": "»", "„": "“”\"", "‘": "’", '"': '"”', "‹": "›", "”": "”"}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of quotations, marks included; an unclosed quote runs to its paragraph end."""
    text = text.replace("''", '"\u2060')  # ''double apostrophes'' used as quotation marks
    regions, open_at, opener, closers = [], None, "", ""
    for i, ch in enumerate(text):
        if open_at is not None and ch in closers and _can_close(text, i, ch):
            regions.append((open_at, i + 1))
            open_at = None
        elif ch in QUOTE_PAIRS and _can_open(text, i, ch) and (open_at is None or ch == opener):
            if open_at is not None:  # the same mark again: the previous quotation never closed
                regions.append((open_at, _paragraph_end(text, open_at)))
            open_at, opener, closers = i, ch, QUOTE_PAIRS[ch]
        elif ch == "\n" and open_at is not None and text[i + 1:i + 2] == "\n":
            regions.append((open_at, i))
            open_at = None
    if open_at is not None:
        regions.append((open_at, _paragraph_end(text, open_at)))
    return [(s, e) for s, e in regions if e - s > 2]


def _can_open(text: str, i: int, ch: str) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "‘'’":  # also an apostrophe: only opens at a word start
        return not before.isalnum() and after.isalnum()
    if ch == "”":  # some texts open with a closing mark
        return not before.isalnum() and after.isalnum()
    return not after.isspace() or ch in "«„"


def _can_close(text: str, i: int, ch: str) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "’'":
        return not after.isalnum()
    return True


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n\n", start)
    return len(text) if end < 0 else end


# a sentence that opens by pointing back: what it attributes is the sentence before
ANAPHORIC_OPENING = re.compile(
    r"^\W*(this|that|it|the (information|report|news|claim|account|figure|toll)s?|c['’]est ce qu|ce|cela|ceci|"
    r"l['’]information|la nouvelle|ces informations)\b", re.I)


def anaphoric_contents(ctx: Context, found: list[Attribution]) -> None:
    """"Four men were arrested. This was confirmed by the prosecutor's office." / "He confirmed
    the news.": the claim is the sentence before; the evidence holds both."""
    for attribution in found:
        index = next((i for i, (s, e) in enumerate(ctx.sentences) if s <= attribution.cue.start < e), None)
        if not index or attribution.quote:
            continue
        s, e = ctx.sentences[index]
        content = attribution.content
        names_back = content is not None and len(content.text.split()) <= 3 and ANAPHORIC_OPENING.match(content.text)
        opens_back = ANAPHORIC_OPENING.match(ctx.article.text[s:e]) and not _opening_speaks(ctx, s, e)
        if not (opens_back or names_back):
            continue
        if content is not None and len(content.text.split()) > 3:  # "This is a tragedy, the mayor said"
            continue
        p_start, p_end = ctx.sentences[index - 1]
        before = ctx.article.text[p_start:p_end].rstrip()
        attribution.content = Span(p_start, p_start + len(before), before)
        attribution.sentence_start = min(attribution.sentence_start, p_start)


def _opening_speaks(ctx: Context, start: int, end: int) -> bool:
    """"It said X but did not confirm Y": the word that points back is the active subject of a
    cue, so it names the speaker, not what was said."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    first = next((t for t in span if not t.is_punct and not t.is_space), None) if span is not None else None
    return first is not None and first.dep_ == "nsubj" and is_cue_word(first.head)


def open_quotations_earlier(ctx: Context, found: list[Attribution]) -> None:
    """'"A. B," she said.' -- the quotation opened sentences before its cue; its first
    sentences are part of the content and of the evidence."""
    for attribution in found:
        content = attribution.content
        if content is None:
            continue
        quote = next(((qs, qe) for qs, qe in ctx.quotes
                      if qs < content.start <= qe and qs < attribution.sentence_start), None)
        if quote is None:
            continue
        opening = next(((s, e) for s, e in ctx.sentences if s <= quote[0] < e), None)
        if opening is None:
            continue
        attribution.content = Span(quote[0], content.end, ctx.article.text[quote[0]:content.end])
        attribution.sentence_start = opening[0]


def continue_quotations(ctx: Context, found: list[Attribution]) -> None:
    """'"A," she said. "B."' -- a quotation that goes on in the next sentence, with no cue of
    its own, is more of the same content."""
    cue_starts = sorted(a.cue.start for a in found)
    for attribution in found:
        if not attribution.quote or attribution.content is None:
            continue
        following = [(s, e) for s, e in ctx.sentences if s >= attribution.sentence_end]
        for s, e in following[:3]:
            quote = next(((qs, qe) for qs, qe in ctx.quotes if qs == s and qe >= e - 1), None)
            if quote is None or any(s <= c < e for c in cue_starts):
                break
            attribution.content = Span(attribution.content.start, quote[1],
                                       ctx.article.text[attribution.content.start:quote[1]])
            attribution.sentence_end = e


def colon_quote(ctx: Context, sent):
    """"Rep. Jane Doe (D-Ohio): \u201c...\u201d" -> the name before the colon said the quotation."""
    doc = sent.doc
    for token in sent:
        if token.text != ":" or token.i == sent.start:
            continue
        label = _speaker_label(sent, token)
        if inside_quote(ctx, token) and not (label and label.text.isupper()):
            continue  # but a transcript inside quotation marks: "PENCE: Well, ..."
        quote = next(((s, e) for s, e in ctx.quotes if 0 <= s - token.idx - 1 <= 2), None)
        before = doc[token.i - 1]
        if before.text == ")":
            opening = next((t for t in reversed(doc[sent.start:token.i]) if t.text == "("), None)
            before = doc[opening.i - 1] if opening is not None and opening.i > sent.start else before
        headline = quote is None and (before.ent_type_ in ("PERSON", "PER") and token.i - sent.start <= 6
                                      or label is not None) \
            and token.i + 2 < sent.end  # "Jane Doe: Voters Are Worried", "SMITH: We will ..."
        if not headline and (quote is None or before.pos_ not in ("PROPN", "NOUN")):
            continue
        if headline:
            rest = doc[token.i + 1:sent.end]
            quote = (rest.start_char, rest.end_char)
        head = before
        while head.dep_ in ("compound", "flat", "amod") and head.head.i > head.i and head.head.i < token.i:
            head = head.head
        if not headline and head.dep_ in OBJECT_DEPS | {"pobj", "obl", "nmod"}:
            head = speaker_token(head.head)  # 'X made the following comment: "..."' -> X
            if head is None or head.i >= token.i:
                continue
        content = Span(quote[0], quote[1], ctx.article.text[quote[0]:quote[1]])
        cue = Span(token.idx, token.idx + 1, ":")
        attribution = build(ctx, token, cue, head, content, "say", negated=False, quote=not headline)
        if label is not None and label.text.isupper() and attribution.speaker_kind == "organisation":
            person = full_name(ctx, label.text.title())  # "PENCE" -> "Mike Pence" named earlier
            if person != label.text.title():
                attribution.speaker_kind, attribution.speaker_name = "named", person
                attribution.status = status_of("say", False, False, content.text, "named")
        return attribution
    return None


# words that label a headline or a section, not a speaker: "The Latest: ...", "UPDATE: ..."
LABEL_WORDS = union("attribution", "label_words")


def _speaker_label(sent, colon):
    """The name that opens a sentence before a colon: "Sanders: ...", "PENCE: ..." (1-4 words)."""
    words = [t for t in sent.doc[sent.start:colon.i] if not t.is_punct]
    if not 1 <= len(words) <= 4 or any(t.lower_ in LABEL_WORDS for t in words):
        return None
    if all(t.text.isupper() and t.is_alpha and len(t) > 1 for t in words):
        return words[-1]  # a transcript: "PENCE: ..."
    named = any(t.ent_type_ in ("PERSON", "PER", "ORG", "NORP", "GPE") for t in words)
    if named and all(t.pos_ == "PROPN" for t in words):
        return words[-1]
    return None


# '"...." ― Jane Doe': a quotation signed with a dash and a name after it
DASH_SIGNATURE = re.compile(r"[ \t]*[―—–][ \t]*((?:[A-ZÀ-Þ][\w.'’-]*)(?:[ \t]+[A-ZÀ-Þ][\w.'’-]*){0,4})")


def dash_signed_quotations(ctx: Context, found: list[Attribution]) -> None:
    text = ctx.article.text
    for start, end in ctx.quotes:
        signature = DASH_SIGNATURE.match(text, end)
        if signature is None or any(overlaps(a.content, Span(start, end, "")) for a in found):
            continue
        name_end = signature.end(1) - (signature.group(1).endswith(".") and len(signature.group(1).split()[-1]) > 2)
        name = ctx.doc.char_span(signature.start(1), name_end, alignment_mode="contract")
        if name is None or not any(t.pos_ == "PROPN" for t in name):
            continue
        dash_at = text.index(signature.group(0).strip()[0], end)
        cue = Span(dash_at, dash_at + 1, text[dash_at])
        content = Span(start, end, text[start:end])
        signed = build(ctx, name.root, cue, name.root, content, "say", negated=False, quote=True)
        signed.speaker = as_span(name)
        found.append(signed)
    found.sort(key=lambda a: a.cue.start)
