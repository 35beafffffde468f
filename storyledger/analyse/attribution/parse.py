"""The parser path's cue finders: reporting verbs, nouns and adjectives, "according to X",
French incises, "learned from"."""
from __future__ import annotations

from storyledger import agencies
from storyledger.analyse.attribution.channels import outlet_name, recipient_channel
from storyledger.analyse.attribution.grammar import load_grammar
from storyledger.analyse.attribution.lexicon import (
    ADJECTIVE_CUES, ANONYMITY_REQUEST, CLAUSE_ONLY_VERBS, CONTENT_DEPS, INVERTED_SUBJECTS, NOUN_CUES,
    OBJECT_DEPS, PERCEPTION_VERBS, SILENCE_VERBS, SPEECH_AFTER_REFUSAL, SUBJECT_DEPS, WISH_VERBS)
from storyledger.analyse.attribution.parts import (
    build, complement, content_without_conjoined_cues, cue_span_of, with_predicate)
from storyledger.analyse.attribution.spans import (
    Context, as_span, clause_of, inside_quote, is_quoted, nearest_quote, np, object_of,
    phrase_tokens, quote_ending_at, quoted_extent, sentence_bounds, span_of, span_without)
from storyledger.analyse.attribution.speakers import (
    inverted_subject, is_cue_word, passive_agent, speaker_token, trailing_speaker)
from storyledger.analyse.attribution.status import is_negated, status_of
from storyledger.lang import language, union
from storyledger.model import Span

# the words the cue finders read, from the [attribution] sections of the language files
ACCORDING_CASE_WORDS = union("attribution", "according_case_words")
LEARN_VERBS = union("attribution", "learn_verbs")
REPORTER_SUBJECTS = union("attribution", "reporter_subjects")
LEARNED_FROM_WORDS = union("attribution", "learned_from_words")
CLAUSE_COMPLEMENTIZERS = union("attribution", "clause_complementizers")
HOLDER_PREPOSITIONS = union("attribution", "holder_prepositions")
STANCE_CLAUSE_MARKERS = union("attribution", "stance_clause_markers")
STANCE_SUPPORT_VERBS = union("attribution", "stance_support_verbs")
DATIVE_ARTICLES = union("attribution", "dative_articles")


def according_to(ctx: Context, token):
    """"according to X, ..." / "selon X" -> X said the rest of the sentence."""
    source = None
    if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
        objects = [c for c in token.nbor().children if c.dep_ in ("pobj", "obj")]
        source = objects[0] if objects else None
        cue_end = token.i + 2
    elif token.lower_ in ACCORDING_CASE_WORDS and token.dep_ == "case":
        source = token.head
        cue_end = token.i + 1
    elif _opening_source(token):  # "Pour Vladimir X, pas de doute, c'est ...": X's view
        source = token.head if token.dep_ == "case" else object_of(token)
        cue_end = token.i + 1
    if source is None:
        return None
    doc = token.doc
    phrase = phrase_tokens(token, source)
    clause = clause_of(source.head if token.lower_ != "according" else token.head)
    content = span_without(doc, clause, phrase)
    if token.lower_ != "according":  # the parser's clause may run over sentence ends
        phrase_end = doc[max(phrase)].idx + len(doc[max(phrase)])
        comma = ctx.article.text.find(",", token.idx, phrase_end)
        content = _sentence_without(ctx, token.idx, comma if comma > 0 else phrase_end)
    cue = Span(doc[token.i].idx, doc[cue_end - 1].idx + len(doc[cue_end - 1]), doc[token.i:cue_end].text)
    attribution = build(ctx, token, cue, source, content, "say", negated=False)
    outlet = outlet_name(doc[source.left_edge.i:source.right_edge.i + 1])
    if outlet:
        attribution.channel = span_of(doc, source)
        attribution.channel_name = outlet
    return attribution


def _opening_source(token) -> bool:
    """A sentence that opens "For <person>, ..." / "Pour <personne>, ..." gives that person's view."""
    if token.i != token.sent.start or token.lower_ not in load_grammar((token.doc.lang_ or "en")[:2]).opening_sources:
        return False
    person = token.head if token.dep_ == "case" else object_of(token)
    if person is None or person.ent_type_ not in ("PER", "PERSON"):
        return False
    after = person.i + 1
    while after < len(token.doc) and token.doc[after].ent_type_ in ("PER", "PERSON"):
        after += 1
    return after < len(token.doc) and token.doc[after].text == ","


def _sentence_without(ctx: Context, lo: int, hi: int) -> Span | None:
    """The longer side of the sentence around [lo, hi) ("Selon X, C." / "C, selon X.")."""
    start, end = sentence_bounds(ctx, lo)
    text = ctx.article.text
    sides = [(start, lo), (hi, end)]
    side_lo, side_hi = max(sides, key=lambda side: len(text[side[0]:side[1]].strip()))
    piece = text[side_lo:side_hi]
    stripped = piece.strip(" \n\t,;:—–-").rstrip(".").strip()
    if not stripped:
        return None
    at = side_lo + piece.index(stripped)
    return Span(at, at + len(stripped), stripped)


def learned_from(ctx: Context, token):
    """"AFP learned from sources close to the probe that ...", "a-t-on appris de source proche":
    the (anonymous) sources speak, the outlet that learned it is the channel."""
    if token.lemma_.lower() not in LEARN_VERBS or not _verb_like(token):
        return None
    subject = next((c for c in token.children if c.lower_ in INVERTED_SUBJECTS
                    or c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"), None) \
        or next((c for c in token.children if c.dep_ == "obj" and c.i > token.i), None)  # "a appris l'AFP"
    if subject is None:
        return None
    doc = token.doc
    outlet = outlet_name(np(doc, subject))
    if outlet is None and subject.lower_ not in REPORTER_SUBJECTS:
        return None
    content = _learned_content(doc, token)
    if content is None:
        return None
    source = _learned_source(doc, token, content)
    attribution = build(ctx, token, cue_span_of(doc, [token], is_negated(token)), source, content,
                         "say", is_negated(token))
    if source is not None:  # the phrase itself, without "from" or a clause hung on it
        words = [t for t in source.subtree if t.i >= source.i or t.pos_ != "ADP"]
        words = [t for t in words if not content.start <= t.idx < content.end]
        phrase = doc[words[0].i:words[-1].i + 1] if words else doc[source.i:source.i + 1]
        attribution.speaker = as_span(phrase)
    if attribution.speaker_kind in ("report", "organisation"):  # "Reuters has learned that ..."
        attribution.speaker_kind, attribution.speaker_name = "anonymous", "anonymous source"
        attribution.status = status_of("say", is_negated(token), False, content.text, "anonymous")
    if outlet is not None:
        attribution.channel, attribution.channel_name = as_span(np(doc, subject)), outlet
    elif (own := agencies.lookup(ctx.article.outlet)) is not None and own.kind in ("wire", "outlet"):
        attribution.channel_name = own.name
    return attribution


def _learned_source(doc, verb, content: Span):
    """The noun after "from" / "de" / "auprès de" in the learning clause."""
    for t in doc[verb.i + 1:verb.right_edge.i + 1]:
        if content.start <= t.idx < content.end:
            break
        if t.lower_ in LEARNED_FROM_WORDS:
            return next((n for n in doc[t.i + 1:min(t.i + 5, verb.right_edge.i + 1)]
                         if n.pos_ in ("NOUN", "PROPN", "PRON")), None)
    return None


def _learned_content(doc, verb) -> Span | None:
    content_head = next((c for c in verb.children if c.dep_ in CONTENT_DEPS), None)
    if content_head is not None:
        return span_of(doc, content_head)
    for t in doc[verb.i + 1:verb.right_edge.i + 1]:  # "that ..." misattached to a noun before it
        if t.lower_ in CLAUSE_COMPLEMENTIZERS and t.dep_ == "mark" and t.head.i > t.i:
            return span_of(doc, t.head)
    if verb.dep_ in ("parataxis", "advcl", "conj", "ccomp") and verb.head.i != verb.i:
        return span_without(doc, verb.head, {t.i for t in verb.subtree})  # "X happened, AFP learned"
    return None


def _cue_lemma(token, lexicon: dict[str, str]) -> str:
    """The token's lemma, or its lexicon form when the lemmatiser stumbled ("hoped" -> "hop")."""
    lemma = token.lemma_.lower()
    if lemma in lexicon or not token.lower_.isalpha():
        return lemma
    word = token.lower_
    for suffix in ("d", "ed", "s", "es", "ing"):
        if word.endswith(suffix) and word[:-len(suffix)] in lexicon:
            return word[:-len(suffix)]
    return lemma


def verb_cue(ctx: Context, token, used: set[int]):
    lemma = _cue_lemma(token, ctx.lexicon)
    if lemma not in ctx.lexicon and lemma not in WISH_VERBS or not _verb_like(token):
        return None
    if _asks_anonymity(token) or token.dep_ == "xcomp" and _asks_anonymity(token.head):
        return None
    cls = ctx.lexicon.get(lemma)
    negated = is_negated(token)
    if lemma == "receive" and not negated:
        return None  # "received a letter" reports nothing; "did not receive a reply" is a silence
    cue_tokens = [token] + [c for c in token.children if c.dep_ in ("prt", "compound:prt")]
    content_head = None
    refusal = _refused_speech(token)
    if lemma in WISH_VERBS:
        if not (negated and refusal):
            return None
        cls = "decline"
    if cls == "decline" and refusal is None and (noun := _refused_comment(token)) is not None:
        used.add(noun.i)  # "se refuse à tout commentaire", "declined comment"
        cue_tokens.append(noun)
        return build(ctx, token, cue_span_of(token.doc, cue_tokens, negated), speaker_token(token), None,
                      "decline", negated)
    if cls == "decline":
        if refusal is None:  # "refused to join the debate": reported, not a silence
            cls = "say"
            refusal = next((c for c in token.children if c.dep_ == "xcomp"), None)
            if refusal is None:
                return None
        else:  # "declined to confirm or deny": one refusal of both
            conjoined = [c for c in refusal.children if c.dep_ == "conj" and c.pos_ == "VERB"
                         and (_cue_lemma(c, ctx.lexicon) in ctx.lexicon or c.lemma_.lower() in SPEECH_AFTER_REFUSAL)]
            cue_tokens += [refusal, *conjoined]
            used.update(c.i for c in conjoined)
        used.add(refusal.i)
        content_head = complement(refusal) if cls == "decline" else refusal
        if cls == "decline" and not conjoined and _refused_topic(refusal, content_head):
            return _refusal_without_content(ctx, token, cue_tokens, negated)  # "declined to comment on the case"
    elif cls == "comment" and not negated:
        cls = "say"
    elif cls in ("think", "hedge", "report") and token.dep_ in ("amod", "compound"):
        return None
    if lemma in SILENCE_VERBS and negated:
        cls = "comment"
    incise = _incise(ctx, token) if content_head is None and cls != "decline" else None
    if incise is not None:  # « C », a déclaré X
        speaker, phrase, content = incise
        attribution = build(ctx, token, cue_span_of(token.doc, cue_tokens, negated), speaker, content, cls,
                             negated, quote=is_quoted(ctx, content), speaker_phrase=phrase)
        if (channel := recipient_channel(token)) is not None:
            attribution.channel, attribution.channel_name = channel
        return attribution
    if content_head is None:
        shared = None if complement(token) is not None else _conjoined_cue(token, ctx.lexicon)
        if shared is not None:  # "neither confirm nor deny the shootings": one cue, one content
            cue_tokens.append(shared)
            used.add(shared.i)
        content_head = _trailing_report_content(complement(shared if shared is not None else token))
        if lemma in PERCEPTION_VERBS and (content_head is None or content_head.dep_ != "ccomp"):
            return None  # "has seen a boom", "known as": perception, not a stance
        if content_head is not None and content_head.lower_ == "for" and content_head.dep_ == "prep":
            cue_tokens.append(content_head)  # "called for" is the cue, the demand its content
            content_head = object_of(content_head) or content_head
    quote = False
    doc = token.doc
    if content_head is not None:
        content = quoted_extent(ctx, _within_sentence(ctx, token.idx, with_predicate(
            doc, token, content_head, content_without_conjoined_cues(doc, content_head))))
    else:
        content = nearest_quote(ctx, token)
    speaker = passive_agent(token) or trailing_speaker(token) or speaker_token(token)
    if speaker is not None and speaker.head.i == token.i and speaker.dep_ in ("nsubjpass", "nsubj:pass") \
            and lemma not in ("quote",):
        speaker = None  # "X was accused / criticised / described": X is the target, not the speaker
    if speaker is not None and inside_quote(ctx, speaker):
        speaker = inverted_subject(token)  # '"... Full panic mode," said Jane Doe'
        if speaker is not None and content_head is not None and speaker.i == content_head.i:
            content_head, content = None, nearest_quote(ctx, token)  # '« ... », a martelé le maire'
    if content is None and speaker is not None and token.dep_ in ("parataxis", "advcl", "conj") \
            and token.head.i != token.i:  # "Overall, she said, the party is ...": the host clause
        content = span_without(doc, token.head, {t.i for t in token.subtree})
    if speaker is None and content_head is not None and content_head.dep_ in OBJECT_DEPS \
            and content_head.i > token.i and (quoted := nearest_quote(ctx, token)) is not None:
        speaker, content = content_head, quoted  # French inversion: « ... », a déclaré le maire
    if content_head is None and speaker is not None and speaker.i < token.i:
        content = _before_comma(ctx, token, speaker) or content
    if speaker is None and (opening := _participle_opening(ctx, token)) is not None:
        speaker, content = opening  # "Confirming arrests had been made, the prosecutor said ..."
    if content is None and cls in ("confirm", "deny") and not negated:
        content = _rest_of_sentence(ctx, token, cue_tokens)  # a parse that lost the object
    if content is None and cls in ("say", "claim", "hedge", "think", "report", "criticize") and not negated:
        return None  # a reporting verb with nothing reported ("said on Monday")
    if content is not None:
        quote = is_quoted(ctx, content)
    if lemma in CLAUSE_ONLY_VERBS and not quote and (content_head is None or content_head.dep_ != "ccomp"):
        return None
    if lemma == "receive":  # "X did not receive a reply from Y": Y stayed silent
        return _no_reply(ctx, token, cue_tokens, negated)
    cue = cue_span_of(doc, cue_tokens, negated)
    attribution = build(ctx, token, cue, speaker, content, cls, negated, quote=quote)
    channel = recipient_channel(token)
    if channel is not None:
        attribution.channel, attribution.channel_name = channel
    return attribution


# what a noun phrase after an incise cue holds: "l'autorité portuaire de Kestrava", "Claire Dufresnel"
NOUN_PHRASE_DEPS = {"det", "amod", "flat", "flat:name", "nmod", "case", "compound", "nummod", "fixed"}


def _incise(ctx: Context, verb):
    """French reporting incise: a cue after its content, the speaker inverted after it
    ("« C », a déclaré X", "C, a indiqué la police mardi", "« C », a-t-elle ajouté").
    (speaker token, speaker span, content) or None; the parser often takes X for an object."""
    if (ctx.article.lang or "")[:2] != "fr" or any(c.dep_ in SUBJECT_DEPS and c.i < verb.i for c in verb.children):
        return None
    doc, sent = verb.doc, verb.sent
    i = verb.i - 1
    inverted = None
    while i > sent.start and (doc[i].dep_.startswith("aux") or doc[i].lower_ in INVERTED_SUBJECTS | {"-t"}
                              or doc[i].pos_ == "ADV"):
        inverted = doc[i] if doc[i].lower_ in INVERTED_SUBJECTS else inverted
        i -= 1
    if i <= sent.start or doc[i].text not in {",", "—", "–", "-", "»", "”", '"'}:
        return None
    speaker = inverted or _inverted_noun(verb)
    if speaker is None:
        return None
    phrase = None if inverted is not None else _incise_phrase(doc, speaker)
    person = next((e for e in ctx.persons if phrase is not None and e.start == phrase.end), None)
    if person is not None:  # "a déclaré la conservatrice Jane Doe": the title's holder
        speaker, phrase = person.root, doc[phrase.start:person.end]
    content = quote_ending_at(ctx, doc[i]) or _text_before(ctx, verb, doc[i])
    return (speaker, phrase, content) if content is not None else None


def _inverted_noun(verb):
    """The noun heading the inverted subject: past time words, up to the first noun or name."""
    adverbs = language(verb.doc.lang_).attribution["time_adverbs"]
    for t in verb.doc[verb.i + 1:verb.sent.end]:
        if t.lower_ in adverbs or t.ent_type_ in ("DATE", "TIME") or t.pos_ in ("DET", "ADJ", "NUM"):
            continue
        if t.pos_ in ("NOUN", "PROPN") or t.is_title:
            return t
        return None
    return None


def _incise_phrase(doc, head):
    """The inverted subject's noun phrase, without what the parser hung on it (recipients, places)."""
    keep, todo = {head.i}, [head]
    adverbs = language(doc.lang_).attribution["time_adverbs"]
    while todo:
        for child in todo.pop().children:
            if child.dep_ in NOUN_PHRASE_DEPS and child.lower_ not in adverbs \
                    and not (child.dep_ == "nmod" and any(c.lower_ in DATIVE_ARTICLES for c in child.children)):
                keep.add(child.i)
                todo.append(child)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return doc[lo:hi + 1]


def _text_before(ctx: Context, verb, mark) -> Span | None:
    """The sentence up to the comma before an incise cue."""
    start = sentence_bounds(ctx, verb.idx)[0]
    piece = ctx.article.text[start:mark.idx]
    stripped = piece.strip()
    if len(stripped.split()) < 3:
        return None
    at = start + piece.index(stripped)
    return Span(at, at + len(stripped), stripped)


def _within_sentence(ctx: Context, offset: int, content: Span) -> Span:
    """The part of the content inside the cue's sentence (the parser may run over a headline)."""
    start, end = sentence_bounds(ctx, offset)
    if start == end or start <= content.start and content.end <= end or is_quoted(ctx, content):
        return content
    lo, hi = max(start, content.start), min(end, content.end)
    text = ctx.article.text[lo:hi]
    stripped = text.strip()
    if not stripped:
        return content
    lo += len(text) - len(text.lstrip())
    return Span(lo, lo + len(stripped), stripped)


def _trailing_report_content(head):
    """"X said Y, a source told AFP": the parser may hang the trailing report on X's verb; X's
    content is then Y, the clause that report governs before it."""
    if head is None or not is_cue_word(head) or not any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return head
    before = [c for c in head.children if c.dep_ == "ccomp" and c.i < head.i]
    return before[0] if before else head


def _asks_anonymity(verb) -> bool:
    """"who asked not to be named", "declined to be identified", "requested anonymity"."""
    following = verb.doc[verb.i + 1:verb.right_edge.i + 1].text
    return bool(ANONYMITY_REQUEST.match(following))


def noun_cue(ctx: Context, token):
    """"Trump's claim that ...", "a statement by the ministry", "X made the promise to ..."."""
    cls = NOUN_CUES.get(token.lemma_.lower())
    if cls is None or token.pos_ != "NOUN":
        return None
    holder = next((c for c in token.children if c.dep_ in ("poss", "nmod:poss")), None)
    if holder is None:
        by = next((c for c in token.children if c.lower_ in HOLDER_PREPOSITIONS), None)
        holder = object_of(by) if by is not None else None
    if holder is None and token.dep_ in OBJECT_DEPS and token.head.lemma_ in STANCE_SUPPORT_VERBS:
        holder = next((c for c in token.head.children if c.dep_ in SUBJECT_DEPS), None)
    content_head = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "acl:relcl")
                         and any(m.lower_ in STANCE_CLAUSE_MARKERS for m in c.children)), None)
    if holder is None or content_head is None:
        return None
    doc = token.doc
    cue = Span(token.idx, token.idx + len(token), token.text)
    return build(ctx, token, cue, holder, span_of(doc, content_head), cls, negated=False)


def adjective_cue(ctx: Context, token):
    """"Officials are confident that ...", "she made clear that ..."."""
    cls = ADJECTIVE_CUES.get(token.lower_)
    if cls is None or token.pos_ != "ADJ":
        return None
    content_head = complement(token)
    if content_head is None and token.dep_ in ("acomp", "oprd", "ccomp", "xcomp"):
        content_head = next((c for c in token.head.children if c.dep_ == "ccomp"), None)
    if content_head is None:
        return None
    speaker = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None) \
        or speaker_token(token.head if token.dep_ in ("acomp", "oprd", "xcomp", "ccomp") else token)
    if speaker is None:
        return None
    cue = Span(token.idx, token.idx + len(token), token.text)
    return build(ctx, token, cue, speaker, span_of(token.doc, content_head), cls, negated=False)


def _verb_like(token) -> bool:
    """A verb, or a clause head the (French) tagger mislabelled."""
    return token.pos_ in ("VERB", "AUX") or token.pos_ not in ("NOUN", "PROPN", "ADP", "PUNCT") \
        and token.dep_ in ("ROOT", "parataxis", "ccomp", "advcl", "acl:relcl")


def _no_reply(ctx: Context, token, cue_tokens, negated: bool):
    if not negated:
        return None
    doc = token.doc
    silent = None
    for child in token.subtree:
        if child.lower_ == "from":
            objects = [c for c in child.children if c.dep_ in ("pobj", "obj")]
            silent = objects[0] if objects else None
    if silent is None:
        return None
    attribution = build(ctx, token, cue_span_of(doc, cue_tokens, negated), silent, None, "comment", True)
    subject = speaker_token(token)
    outlet = subject is not None and outlet_name(np(doc, subject))
    if outlet:
        attribution.channel, attribution.channel_name = span_of(doc, subject), outlet
    return attribution


def _before_comma(ctx: Context, verb, speaker) -> Span | None:
    """Content of a trailing report: the sentence up to the comma before the speaker."""
    doc = verb.doc
    i = speaker.left_edge.i - 1
    if i <= verb.sent.start or doc[i].text != ",":
        return None
    start = sentence_bounds(ctx, verb.idx)[0]
    if start >= doc[i].idx:
        return None
    first = doc.char_span(start, doc[i].idx, alignment_mode="expand")
    if first is None or not first.text.strip():
        return None
    return Span(first.start_char, first.end_char, first.text)


def _conjoined_cue(verb, lexicon: dict[str, str]):
    """A conjoined cue whose object this cue shares: "neither confirm nor deny the shootings"."""
    return next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                 and _cue_lemma(c, lexicon) in lexicon and complement(c) is not None), None)


def _refused_comment(verb):
    """The comment refused as a noun: "declined comment", "se refuse à tout commentaire"."""
    nouns = set(load_grammar((verb.doc.lang_ or "en")[:2]).refused_nouns)
    return next((c for c in verb.children if c.dep_ in OBJECT_DEPS | {"obl", "obl:arg", "pobj", "prep"}
                 and (c.lemma_.lower() in nouns or object_of(c) is not None
                      and object_of(c).lemma_.lower() in nouns)), None)


def _participle_opening(ctx: Context, verb):
    """"Confirming arrests had been made on Monday, the prosecutor said ...": a participle that
    opens the sentence speaks with the subject of the sentence's cue; its content runs to the comma.
    (speaker token, content) or None."""
    sent = verb.sent
    if verb.i != sent.start or verb.tag_ != "VBG" and "VerbForm=Part" not in str(verb.morph):
        return None
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    comma = next((t for t in sent if t.i > verb.i and t.text == ","), None)
    if subject is None or comma is None or root.i < comma.i or not is_cue_word(root):
        return None
    content = verb.doc[verb.i + 1:comma.i]
    return subject, Span(content.start_char, content.end_char, content.text)


def _rest_of_sentence(ctx: Context, verb, cue_tokens) -> Span | None:
    """The words after the cue to the end of its sentence, when they are at least two."""
    end = max(t.idx + len(t.text) for t in cue_tokens)
    _, s_end = sentence_bounds(ctx, verb.idx)
    text = ctx.article.text[end:s_end]
    stripped = text.strip().rstrip(".!?;:").strip()
    if len(stripped.split()) < 2 or inside_quote(ctx, verb):
        return None
    at = end + text.index(stripped)
    return Span(at, at + len(stripped), stripped)


def _refused_topic(refusal, content_head) -> bool:
    """What was refused is only a topic: a prepositional phrase ("declined to comment on the case",
    "n'a pas souhaité communiquer sur cette procédure"), not a clause or an object."""
    return content_head is not None and _topic_phrase(content_head) \
        or content_head is None and any(_topic_phrase(c) for c in refusal.children)


def _topic_phrase(head) -> bool:
    return head.pos_ == "ADP" and head.dep_ in ("prep", "obl") \
        or head.dep_.startswith("obl") and any(c.dep_ == "case" for c in head.children)


def _refusal_without_content(ctx: Context, token, cue_tokens, negated: bool):
    """A refusal whose object is only its topic: the cue, the speaker and the channel it was asked by."""
    attribution = build(ctx, token, cue_span_of(token.doc, cue_tokens, negated),
                        passive_agent(token) or speaker_token(token), None, "decline", negated)
    if (channel := recipient_channel(token)) is not None:
        attribution.channel, attribution.channel_name = channel
    return attribution


def _refused_speech(verb):
    for child in verb.children:
        if child.dep_ == "xcomp" and child.lemma_.lower() in SPEECH_AFTER_REFUSAL:
            return child
    return None
