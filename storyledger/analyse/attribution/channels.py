"""Through which channel: wire datelines and sign-offs, recipients ("told AFP"), platforms,
sentence-level report channels and outlets relaying other speakers."""
from __future__ import annotations

import re

from storyledger import agencies
from storyledger.analyse.attribution.lexicon import (
    OUTLET_WORDS, PLATFORM_NAMES, PLATFORMS, RECIPIENT_DEPS, SUBJECT_DEPS)
from storyledger.analyse.attribution.spans import Context, as_span, np, object_of
from storyledger.analyse.attribution.speakers import person_name, strip_det, strip_possessive
from storyledger.lang import union
from storyledger.model import Attribution, Span


# "LYON, March 3 (AFP) - ", "WASHINGTON -- ": the dateline opening a wire story
DATELINE = re.compile(r"^(?:[^\n()]{2,60}?\([^()\n]{2,25}\)\s*[-–—]+\s*|[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,30}"
                      r"(?:,[^\n–—()-]{0,30})?\s*[-–—]+\s+)")
# the words of channels, from the [attribution] sections of the language files
FRAMING_PREPOSITIONS = union("attribution", "framing_prepositions")
PLATFORM_PREPOSITIONS = union("attribution", "platform_prepositions")
POST_PREPOSITIONS = union("attribution", "post_prepositions")
INTERVIEW_PREPOSITIONS = union("attribution", "interview_prepositions")
INTERVIEW_NOUNS = union("attribution", "interview_nouns")
INTERVIEW_PARTNER_PREPOSITIONS = union("attribution", "interview_partner_prepositions")
REPORT_VERBS = union("attribution", "report_verbs")
CONTACT_VERBS = union("attribution", "contact_verbs")
CONTACT_PARTICIPLES = tuple(sorted(union("attribution", "contact_participles")))
RECIPIENT_CASE_WORDS = union("attribution", "recipient_case_words")


def relayed(found: list[Attribution]) -> list[Attribution]:
    """"EFE said sources close to the investigation had confirmed X": the sources confirmed, EFE
    relayed it; the outlet's report gives way to the statement it carries, as its channel."""
    relays = set()
    for outer in found:
        outlet = agencies.lookup(outer.speaker_name)
        if outlet is None or outlet.kind not in ("wire", "outlet") or outer.content is None:
            continue
        for inner in found:
            if inner is not outer and outer.content.start <= inner.cue.start < outer.content.end \
                    and inner.speaker_kind in ("named", "anonymous", "organisation") \
                    and inner.speaker_name != outer.speaker_name:
                inner.channel, inner.channel_name = outer.channel or outer.speaker, outlet.name
                inner.sentence_start = min(inner.sentence_start, outer.sentence_start)
                relays.add(id(outer))
    return [a for a in found if id(a) not in relays]


# "PARIS (AP) —", "Moscou (AFP) -", "LONDON, May 3 (Reuters) -": the wire that filed the report
WIRE_DATELINE = re.compile(r"\A\W{0,3}(?:date [\d-]+\s+)?[^\n()]{0,60}?\(([^()\n]{2,30})\)\s*[-–—:]")
# a sign-off line: "(AFP)", "— AP", "dpa/lni", "AFP/Reuters"
WIRE_SIGNOFF = re.compile(r"^[ \t(—–-]*([A-Za-z][\w .-]{1,30}?)(?:/[a-z]{1,5})?\)?[ \t.]*$", re.M)


def wire_credit(text: str) -> tuple[Span, str] | None:
    """The agency a report credits in its dateline or sign-off line, as (span, name)."""
    found = WIRE_DATELINE.match(text)
    candidates = [found] if found else []
    tail = text.rstrip()
    last_line = tail.rfind("\n") + 1
    if (signoff := WIRE_SIGNOFF.match(tail, last_line)) is not None:
        candidates.append(signoff)
    for match in candidates:
        agency = agencies.lookup(match.group(1).strip())
        if agency is not None and agency.kind in ("wire", "outlet"):
            return Span(match.start(1), match.end(1), match.group(1)), agency.name
    return None


def without_dateline(content: Span | None) -> Span | None:
    found = DATELINE.match(content.text) if content is not None else None
    if found is None or found.end() >= len(content.text):
        return content
    return Span(content.start + found.end(), content.end, content.text[found.end():])


def recipient_channel(verb):
    """"told AFP", "told the AP", "said on his Telegram account", "in an interview with X"."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in RECIPIENT_DEPS or child.dep_ in ("prep", "obl") and child.lower_ == "to":
            target = child if child.dep_ not in ("prep",) else object_of(child)
            named = outlet_phrase(target) if target is not None else None
            if named is not None:
                return named
    for child in verb.children:
        if child.dep_ in ("prep", "obl", "advcl") or child.dep_ == "case":
            found = _platform(doc, child)
            if found:
                return found
    for child in verb.children:  # "Speaking to the BBC, X said", "In a video posted on YouTube, X said"
        if child.dep_ in ("prep", "advcl", "obl") and child.i < verb.i:
            found = _framing_channel(doc, child)
            if found:
                return found
    return None


def _framing_channel(doc, head):
    """An outlet or platform inside a phrase that frames the statement."""
    for token in head.subtree:
        if token.lower_ in FRAMING_PREPOSITIONS and token.dep_ in ("prep", "case", "mark"):
            found = _platform(doc, token)
            if found:
                return found
            target = object_of(token)
            if target is not None and is_outlet_token(target) and (outlet := outlet_name(np(doc, target))):
                return as_span(np(doc, target)), outlet
    return None


def _platform(doc, prep):
    obj = object_of(prep)
    if obj is None:
        return None
    if prep.lower_ in PLATFORM_PREPOSITIONS and (obj.lower_ in PLATFORMS or obj.lemma_.lower() in PLATFORMS):
        names = [t for t in obj.subtree if t.pos_ == "PROPN"]
        span = np(doc, obj)
        return as_span(span), names[0].text if names else strip_det(span.text)
    platform = next((t for t in obj.children if t.lower_ in PLATFORM_NAMES and t.i < obj.i), None)
    if prep.lower_ in POST_PREPOSITIONS and platform is not None:  # "In a Telegram post, X said"
        return as_span(doc[platform.i:platform.i + 1]), platform.text
    if prep.lower_ in INTERVIEW_PREPOSITIONS and obj.lemma_.lower() in INTERVIEW_NOUNS:
        for inner in obj.children:
            if inner.lower_ in INTERVIEW_PARTNER_PREPOSITIONS:
                partner = object_of(inner)
                if partner is not None:
                    span = np(doc, partner)
                    name = outlet_name(span) or person_name(span) or strip_det(span.text)
                    return as_span(span), name
    return None


def report_channel_of(ctx: Context, sent):
    """A sentence-level channel: "..., CBS News reported", "according to The Moscow Times",
    "Contacted by AFP, ...", "AFP learned"."""
    doc = sent.doc
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in REPORT_VERBS and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
            if subjects and (outlet := outlet_name(np(doc, subjects[0]))):
                return as_span(np(doc, subjects[0])), outlet
        if lemma in CONTACT_VERBS or token.lower_.startswith(CONTACT_PARTICIPLES):
            for child in token.subtree:
                if child.pos_ == "PROPN" and (outlet := outlet_name(np(doc, child))):
                    return as_span(np(doc, child)), outlet
        if token.dep_ == "case" and token.lower_ in RECIPIENT_CASE_WORDS and token.head.pos_ == "PROPN":
            if outlet := outlet_name(np(doc, token.head)):
                return as_span(np(doc, token.head)), outlet
        if token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor().lower_ == "to":
            obj = object_of(token.nbor())
            if obj is not None and (outlet := outlet_name(np(doc, obj))):
                if _has_other_cue(ctx, sent, token):
                    return as_span(np(doc, obj)), outlet
    return None


def _has_other_cue(ctx: Context, sent, according) -> bool:
    return any(t.i != according.i and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in ctx.lexicon
               and t.lemma_.lower() not in ("report",) for t in sent)


def report_as_speaker(ctx: Context, sent, report_channel) -> Attribution:
    """"X happened, The Moscow Times reported" with nothing else attributed: the outlet speaks."""
    channel, name = report_channel
    return Attribution(sentence_start=sent.start_char, sentence_end=sent.end_char, cue=channel,
                       content=Span(sent.start_char, sent.end_char, sent.text), speaker=channel,
                       speaker_kind="organisation", speaker_name=name, channel=channel,
                       channel_name=name, status="asserted")


def share_channels(results: list[Attribution], earlier: list[Attribution], ctx: Context) -> None:
    """Statements by one speaker share the channel named once: in the sentence, or just before."""
    for found in results:
        if found.channel is not None or not found.speaker_name:
            continue
        for other in results + earlier[::-1][:3]:
            if other is not found and other.channel is not None \
                    and other.speaker_name == found.speaker_name \
                    and found.sentence_start - other.sentence_end < 600:
                found.channel, found.channel_name = other.channel, other.channel_name
                break


def outlet_name(span) -> str | None:
    """Canonical agency/outlet name if the phrase names one, else None."""
    text = strip_possessive(span.text)
    agency = agencies.lookup(text) or agencies.lookup(strip_det(text))
    if agency:
        return agency.name if agency.kind in ("wire", "outlet") else None
    for ent in span.ents:
        agency = agencies.lookup(ent.text)
        if agency and agency.kind in ("wire", "outlet"):
            return agency.name
        if ent.label_ == "ORG" and ent.text.split()[-1].lower() in OUTLET_WORDS:
            return strip_det(ent.text)
    words = strip_det(text).split()
    if words and words[-1].lower() in OUTLET_WORDS and words[0][:1].isupper() and len(words) <= 5:
        return strip_det(text)
    return None


def is_outlet_token(token) -> bool:
    """The token names an outlet itself ("told AFP"), not a thing about one ("criticism of NBC")."""
    if token.pos_ != "PROPN" and not token.ent_type_ and token.lower_ not in OUTLET_WORDS:
        return False
    return outlet_name(np(token.doc, token)) is not None


def outlet_phrase(token) -> tuple[Span, str] | None:
    """(span, outlet) when the token's phrase names an outlet: the noun phrase, or the phrase with
    the words of the name the parser hung beside it ("à Europe 1": "1" a modifier of the verb)."""
    if not is_outlet_token(token) and not token.pos_ == "PROPN":
        return None
    doc = token.doc
    phrase = np(doc, token)
    end = phrase.end
    while end < len(doc) and doc[end].pos_ in ("PROPN", "NUM") and doc[end].head.i in (token.i, token.head.i):
        end += 1
    for span in (phrase, doc[phrase.start:end]):
        if (outlet := outlet_name(span)) is not None:
            return as_span(span), outlet
    return None


def interviewing_outlet(host: str | None, found: list[Attribution]) -> tuple[Span, str] | None:
    """The outlet the report's speakers talked to ("he told AFP", "Contacted by AFP", "a déclaré à
    Mediapart" in Mediapart), when it is a wire or the report's own outlet: the report gathered its
    statements through it, so it is the channel of those that name none."""
    for attribution in found:
        agency = agencies.lookup(attribution.channel_name)
        if agency is None or attribution.channel is None or agency.name == attribution.speaker_name:
            continue
        if agency.kind == "wire" or is_own_outlet(agency, host):
            return attribution.channel, agency.name
    return None


def is_own_outlet(agency, host: str | None) -> bool:
    """The report's site is the outlet's: "Europe 1" and www.europe1.fr, "The Moscow Times" and
    themoscowtimes.com."""
    labels = set((host or "").casefold().split("."))
    return any(re.sub(r"\W", "", name.casefold()) in labels for name in (agency.name, *agency.aliases))
