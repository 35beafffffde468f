"""Extraction of one article: the parser path sentence by sentence (or the rule path), then what
the whole report tells about each attribution."""
from __future__ import annotations

import re

from storyledger import agencies, nlp, segment
from storyledger.analyse.attribution.channels import (
    interviewing_outlet, relayed, report_as_speaker, report_channel_of, share_channels, wire_credit)
from storyledger.analyse.attribution.grammar import Grammar, load_grammar
from storyledger.analyse.attribution.lexicon import SUBJECT_DEPS, SUBORDINATORS, cue_lexicon
from storyledger.analyse.attribution.parse import (
    according_to, adjective_cue, learned_from, noun_cue, verb_cue)
from storyledger.analyse.attribution.quotes import (
    anaphoric_contents, colon_quote, continue_quotations, dash_signed_quotations,
    open_quotations_earlier, quote_regions)
from storyledger.analyse.attribution.rules import fallback
from storyledger.analyse.attribution.spans import Context, inside_quote, overlaps, same_span
from storyledger.analyse.attribution.speakers import (
    PARENTHESIS, curated_within, named_office, office_holder, outlet_described, persons_of)
from storyledger.analyse.attribution.status import cued_status
from storyledger.model import Article, Attribution, Span


def extract_attributions(article: Article, doc=None, mentions: list | None = None) -> list[Attribution]:
    """Every attribution in the article, in text order. `mentions` (from the entity stage) add
    the people the tagger missed or called organisations."""
    text = article.text
    sentences = [(s.start, s.end) for s in article.sentences] or segment.sentences(text, article.lang)
    if doc is None and nlp.has_pipeline(article.lang):
        doc = nlp.spacy_pipeline(article.lang)(text)
    if doc is None or not doc.has_annotation("DEP"):
        return _settled(article, fallback(text, sentences, article.lang), mentions or [])
    lang = (article.lang or "en")[:2]
    persons = persons_of(doc, mentions or [])
    ctx = Context(article, doc, cue_lexicon(lang), sentences, quote_regions(text), persons, mentions or [])
    found = ctx.found
    for s_start, s_end in sentences:
        span = doc.char_span(s_start, s_end, alignment_mode="expand")
        if span is not None:
            found.extend(_sentence_attributions(ctx, span, found))
    continue_quotations(ctx, found)
    open_quotations_earlier(ctx, found)
    dash_signed_quotations(ctx, found)
    anaphoric_contents(ctx, found)
    return _settled(article, found, mentions or [])


def _settled(article: Article, found: list[Attribution], mentions: list) -> list[Attribution]:
    """What the whole report tells about each attribution: the status its words signal, the
    outlet that speaks or the wire the report came through as its channel."""
    grammar = load_grammar((article.lang or "en")[:2])
    credit = wire_credit(article.text)
    interviewer = None if credit else interviewing_outlet(article.outlet, found)
    found = _unconfirmed_statements(article, grammar, found)
    for attribution in found:
        attribution.status = cued_status(grammar, attribution)
        if attribution.speaker_name and attribution.speaker_kind == "organisation" and attribution.speaker \
                and (outlet_named := outlet_described(article.text, attribution, grammar)):
            attribution.speaker_name = outlet_named  # "según la agencia rusa", after "TASS"
        elif attribution.speaker_name and attribution.speaker_kind == "organisation" \
                and (holder := office_holder(article.text, attribution, grammar)):
            attribution.speaker_kind, attribution.speaker_name = "named", holder  # "the prosecutor added"
            if attribution.status == "asserted":
                attribution.status = "claimed"
        elif attribution.speaker_name and attribution.speaker_kind == "organisation":
            attribution.speaker_name = curated_within(attribution.speaker_name) or named_office(attribution, mentions, grammar) \
                or PARENTHESIS.sub("", attribution.speaker_name).strip() or attribution.speaker_name
        outlet = agencies.lookup(attribution.speaker_name)
        if outlet is not None and outlet.kind in ("wire", "outlet"):
            if attribution.channel is None:  # "BFMTV podaje, że ...": the outlet speaks and relays
                attribution.channel, attribution.channel_name = attribution.speaker, outlet.name
            if attribution.status == "asserted":  # another outlet's report, not this report's fact
                attribution.status = "claimed"
        if attribution.channel is None and credit is not None:
            attribution.channel, attribution.channel_name = credit
        elif attribution.channel is None and interviewer is not None and attribution.speaker_kind != "report":
            attribution.channel, attribution.channel_name = interviewer
    return _one_statement(relayed(found))


def _unconfirmed_statements(article: Article, grammar: Grammar, found: list[Attribution]) -> list[Attribution]:
    """A sentence with no cue that states a non-confirmation itself ("But no confirmation has
    come from the authorities") is the report's own not_confirmed claim."""
    pattern = grammar.status_cues.get("not_confirmed")
    if not pattern:
        return found
    quotes = quote_regions(article.text)
    added = []
    for sentence in article.sentences:
        start, end = sentence.start, sentence.end
        if any(a.sentence_start < end and start < a.sentence_end for a in found):
            continue
        text = article.text[start:end]
        cue = next((m for m in re.finditer(pattern, text, re.I)
                    if not any(qs <= start + m.start() < qe for qs, qe in quotes)), None)
        if cue is None:
            continue
        stripped = text.rstrip()
        added.append(Attribution(
            sentence_start=start, sentence_end=end, cue=Span(start + cue.start(), start + cue.end(), cue.group(0)),
            content=Span(start, start + len(stripped), stripped), speaker=None, speaker_kind="report",
            status="not_confirmed"))
    return sorted(found + added, key=lambda a: a.cue.start) if added else found


def _sentence_attributions(ctx: Context, sent, earlier: list[Attribution]) -> list[Attribution]:
    report_channel = report_channel_of(ctx, sent)
    used: set[int] = set()
    results = []
    for token in sent:
        if token.i in used or inside_quote(ctx, token):
            continue  # a cue inside a quotation belongs to the quoted speaker's words
        found = according_to(ctx, token) or learned_from(ctx, token) or verb_cue(ctx, token, used) \
            or noun_cue(ctx, token) or adjective_cue(ctx, token)
        if found is None:
            continue
        if report_channel and found.speaker and same_span(found.speaker, report_channel[0]):
            continue  # "..., CBS News reported": CBS News is the channel, not a speaker
        results.append(found)
    colon = colon_quote(ctx, sent)
    if colon is not None and (not colon.quote or not any(overlaps(colon.content, r.content) for r in results)):
        results.append(colon)
    results = _drop_nested(ctx, results)
    if not results and report_channel:
        results.append(report_as_speaker(ctx, sent, report_channel))
    for found in results:
        if found.channel is None and report_channel:
            found.channel, found.channel_name = report_channel
    share_channels(results, earlier, ctx)
    return results


# statuses of a report that only passes on what its content says ("X said Y thinks Z")
PLAIN_STATUSES = ("asserted", "claimed", "hedged")
# statuses a report nested in a plain one gives to it: "Both men deny the charges, their lawyers said"
# is one denial, reported by the lawyers
PASSED_ON_STATUSES = ("denied", "confirmed", "not_confirmed", "declined", "no_comment")


def _drop_nested(ctx: Context, results: list[Attribution]) -> list[Attribution]:
    """A plain report or an accusation inside another one's content ("X said Y thinks Z", "the
    office said it had charged two men") is part of that content; refusals, denials and silences
    inside it are kept (`_one_statement` joins one that is the whole content to its reporter), and
    so are reports in an adverbial clause ("police opened an inquiry after X said Y, a source said")."""
    kept = []
    for found in results:
        outer = next((other for other in results if other is not found and other.content is not None
                      and other.content.start <= found.cue.start < other.content.end), None)
        if outer is None or found.status not in PLAIN_STATUSES + ("alleged",) \
                or _in_adverbial_clause(ctx, found.cue.start):
            kept.append(found)
    return kept


def _one_statement(found: list[Attribution]) -> list[Attribution]:
    """"Both men deny the charges, their lawyers said": a plain report whose whole content is a
    denial, refusal or silence passes it on; one claim, the reporter's, with the nested status.
    (An outlet relaying a statement has already given way to it, `channels.relayed`.)"""
    passed_on = set()
    for outer in found:
        if outer.content is None or id(outer) in passed_on:
            continue
        nested = next((inner for inner in found if inner is not outer and inner.status in PASSED_ON_STATUSES
                       and outer.status in PLAIN_STATUSES + (inner.status,)
                       and id(inner) not in passed_on and _whole_content(inner, outer.content)), None)
        if nested is not None:
            outer.status = nested.status
            passed_on.add(id(nested))
    return [a for a in found if id(a) not in passed_on]


def _whole_content(nested: Attribution, content: Span) -> bool:
    """The nested report, its speaker and what it says make up all of `content` (but a
    complementizer before them: "that both men deny the charges")."""
    if nested.speaker is None or not content.start <= nested.cue.start < content.end:
        return False
    parts = (nested.speaker, nested.cue, nested.content)
    first = min(p.start for p in parts if p is not None)
    last = max(p.end for p in parts if p is not None)
    before = content.text[:max(0, first - content.start)].split()
    after = content.text[max(0, last - content.start):]
    return len(before) <= 1 and not any(ch.isalnum() for ch in after)


def _in_adverbial_clause(ctx: Context, offset: int) -> bool:
    """The cue at `offset` heads a clause opened by "after", "because", "when", ..."""
    span = ctx.doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    cue = span[0]
    markers = [c for c in cue.children if c.dep_ in ("mark", "prep")] + \
        ([cue.head] if cue.dep_ in ("pcomp", "pobj") else [])
    if cue.dep_ in ("relcl", "acl:relcl") and cue.lemma_ == "say" \
            and any(c.lower_ == "who" and c.dep_ in SUBJECT_DEPS for c in cue.children):
        return True  # "an architect who said he was never paid": the architect's own claim
    return cue.dep_ in ("advcl", "pcomp", "pobj") and any(m.lower_ in SUBORDINATORS for m in markers)
