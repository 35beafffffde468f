"""An attribution assembled from the parse: speaker, content, evidence and status of one cue."""
from __future__ import annotations

import re

from storyledger.analyse.attribution.channels import is_outlet_token, without_dateline
from storyledger.analyse.attribution.lexicon import (
    CONTENT_DEPS, DEMAND_VERBS, INVERTED_SUBJECTS, NEGATIONS, NOT_SPEAKERS, OBJECT_DEPS, ROLE_NOUNS)
from storyledger.analyse.attribution.spans import Context, as_span, evidence_bounds, np, span_of, whole_phrase
from storyledger.analyse.attribution.speakers import (
    conjoined_cue_host, full_name, speaker_identity, strip_det)
from storyledger.analyse.attribution.status import has_neither, status_of
from storyledger.model import Attribution, Span


def build(ctx: Context, cue_token, cue: Span, speaker, content: Span | None, cls: str,
           negated: bool, quote: bool = False, speaker_phrase=None) -> Attribution:
    """An attribution from the parse; `speaker_phrase` (a doc span) when the caller knows the
    speaker's extent better than the parse (a French inverted subject tagged as a verb)."""
    doc = cue_token.doc
    if speaker_phrase is not None:
        kind, name = speaker_identity(ctx, speaker, speaker_phrase)
        if kind == "organisation":  # a surname the article named in full, or the phrase itself
            full = full_name(ctx, speaker_phrase.text)
            kind, name = ("named", full) if speaker.is_title and full != speaker_phrase.text \
                else (kind, strip_det(speaker_phrase.text))
        elif kind == "named" and speaker.ent_type_ not in ("PER", "PERSON") and not speaker.is_title \
                and speaker.lemma_.lower() not in ROLE_NOUNS:  # "l'autorité portuaire de Kestrava"
            kind, name = "organisation", strip_det(speaker_phrase.text)
        content = without_dateline(content)
        start, end = evidence_bounds(ctx, cue.start, content)
        return Attribution(
            sentence_start=start, sentence_end=end, cue=cue, content=content, speaker=as_span(speaker_phrase),
            speaker_kind=kind, speaker_name=name, quote=quote,
            status=status_of(cls, negated, has_neither(cue_token), _main_clauses(ctx.doc, content), kind))
    relative = speaker is not None and speaker.head.dep_ in ("relcl", "acl:relcl")
    host = conjoined_cue_host(cue_token) or cue_token  # "It said X but did not confirm Y": it speaks twice
    it_speaks = speaker is not None and speaker.lower_ == "it" and speaker.dep_ == "nsubj" \
        and speaker.head.i == host.i and cls in ("say", "claim", "accuse", "deny", "confirm", "criticize")
    if speaker is not None and not relative and not it_speaks \
            and (speaker.lower_ in NOT_SPEAKERS or speaker.pos_ in ("VERB", "AUX", "ADP")):
        speaker = None  # "it showed", "nothing suggests": no one is speaking
    if speaker is not None and speaker.ent_type_ in ("DATE", "TIME") \
            and not re.search(r"\d+-year-old", doc[speaker.left_edge.i:speaker.i + 1].text):
        speaker = None  # "5:45 p.m.", "Monday": a time stamp, not a speaker
    if speaker is not None and (speaker.dep_.startswith("expl") and speaker.lower_ not in INVERTED_SUBJECTS
                                or speaker.lower_ == "il" and any(
            c.dep_ in ("auxpass", "aux:pass") for c in cue_token.children)):
        speaker = None  # impersonal: "il a été annoncé que ..."
    speaker_span = np(doc, speaker) if speaker is not None else None
    kind, name = speaker_identity(ctx, speaker, speaker_span)
    if speaker is not None and not (speaker.left_edge.i <= cue_token.i <= speaker.right_edge.i):
        speaker_span = whole_phrase(doc, speaker)  # with appositions and relative clauses
    if speaker_span is not None and "\n" in speaker_span.text:  # a dateline or time stamp above
        first = next((t.i for t in reversed(speaker_span) if t.i <= speaker.i and "\n" in t.text), None)
        if first is not None:
            speaker_span = doc[first + 1:speaker_span.end]
    if speaker_span is not None and "\n" in speaker_span.text:
        speaker_span = doc[speaker.i:speaker.i + 1]
    if speaker_span is not None and speaker_span.text.startswith("-"):  # "-t-il" -> "il"
        speaker_span = Span(speaker_span.start_char + 1, speaker_span.end_char, speaker_span.text[1:])
    content = without_dateline(content)
    start, end = evidence_bounds(ctx, cue.start, content)
    status = status_of(cls, negated, has_neither(cue_token), _main_clauses(ctx.doc, content), kind)
    return Attribution(
        sentence_start=start, sentence_end=end, cue=cue, content=content,
        speaker=as_span(speaker_span) if speaker_span is not None and not isinstance(speaker_span, Span)
        else speaker_span,
        speaker_kind=kind, speaker_name=name, status=status, quote=quote)


def _main_clauses(doc, content: Span | None) -> str:
    """The content without its relative clauses: "braked, which probably saved lives" states the
    braking as fact; the hedge is on the aside."""
    if content is None:
        return ""
    span = doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None:
        return content.text
    asides = {t.i for t in span if t.head.i >= span.start and _relative_clause(t) for t in t.subtree}
    return "".join(t.text_with_ws for t in span if t.i not in asides)


def _relative_clause(verb) -> bool:
    """A relative clause, or one the parser took for a complement though its subject is "which"."""
    return verb.dep_ in ("relcl", "acl:relcl") or \
        any(c.dep_.startswith("nsubj") and c.lower_ in ("which", "who") for c in verb.children)


def with_predicate(doc, verb, head, content: Span) -> Span:
    """The object with what the cue says of it: "identified the gunman as a man with ties to X",
    "described the vote as a farce"."""
    if head.dep_ not in OBJECT_DEPS:
        return content
    predicate = next((c for c in verb.children if c.i > head.i and (c.dep_ == "oprd" or
                      c.dep_ == "prep" and c.lower_ == "as")), None)
    if predicate is None or doc[predicate.right_edge.i].idx < content.end:
        return content
    end = doc[predicate.right_edge.i]
    return Span(content.start, end.idx + len(end.text), doc.text[content.start:end.idx + len(end.text)])


def content_without_conjoined_cues(doc, head) -> Span:
    """The reported clause, without a coordinated cue of the speaker hung on it."""
    conjoined = [c for c in head.children if c.i > head.i and conjoined_cue_host(c) is not None]
    if not conjoined:
        return span_of(doc, head)
    end = min(c.left_edge.i for c in conjoined)
    while end > head.i + 1 and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
        end -= 1
    span = doc[head.left_edge.i:end]
    return Span(span.start_char, span.end_char, span.text)


def complement(verb):
    """The clause or object reported by the verb."""
    for dep_set in (CONTENT_DEPS, OBJECT_DEPS):
        for child in verb.children:
            if child.dep_ in dep_set and not is_outlet_token(child):
                if child.dep_ in OBJECT_DEPS and verb.lemma_ in ("tell", "ask"):
                    continue  # "told reporters": the addressee, not the content
                return child
    for child in verb.children:  # "accused X of Y", "attributed X to Y", "spoke of Y"
        if child.dep_ in ("prep", "obl") and child.lower_ in ("of", "about", "on", "that"):
            return child
        if child.dep_ == "prep" and child.lower_ == "for" and verb.lemma_ in DEMAND_VERBS:
            return child  # "called for an inquiry"
    return None


def cue_span_of(doc, tokens, negated: bool) -> Span:
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    if negated:
        head = tokens[0]
        helpers = [c.i for c in head.children if c.dep_ in ("aux", "neg", "advmod") and c.i < head.i
                   and (c.lower_ in NEGATIONS or c.dep_ == "aux")]
        first = min([first, *helpers])
    return Span(doc[first].idx, doc[last].idx + len(doc[last]), doc[first:last + 1].text)
