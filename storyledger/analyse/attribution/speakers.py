"""Who speaks: the speaker token of a cue, its kind and resolved name (titles stripped, surnames
expanded, pronouns and descriptions to their person, offices and outlets to the organisation named)."""
from __future__ import annotations

import re

from storyledger import agencies
from storyledger.analyse.attribution.grammar import Grammar
from storyledger.analyse.attribution.lexicon import (
    ANONYMOUS_HEADS, ANONYMOUS_MARKS, DEMONSTRATIVES, DESCRIPTION_NOUNS, INVERTED_SUBJECTS, NAME_RUN,
    PERSON_PRONOUNS, PLURAL_PRONOUNS, RELATIVE_PRONOUNS, ROLE_NOUNS, SUBJECT_DEPS, THING_PRONOUNS,
    TIME_ADVERBS, TITLES, cue_lexicon)
from storyledger.analyse.attribution.spans import Context, core_tokens, inside_quote, np, object_of
from storyledger.model import Attribution, Span


def outlet_described(text: str, attribution: Attribution, grammar: Grammar) -> str | None:
    """A speaker described as an outlet ("the agency", "la agencia rusa", "the publication") is
    the last agency or outlet the report named before it."""
    words = attribution.speaker_name.split()
    if not words or not any(w.casefold() in grammar.outlet_nouns for w in words[:3]) \
            or any(w[:1].isupper() for w in words[1:]) or agencies.lookup(attribution.speaker_name):
        return None
    named = None
    for run in NAME_RUN.finditer(text, 0, attribution.speaker.start):
        parts = [part.strip(".,;:") for part in run.group(0).split()]
        for size in range(min(len(parts), 4), 0, -1):
            agency = next((agencies.lookup(" ".join(parts[i:i + size])) for i in range(len(parts) - size + 1)
                           if agencies.lookup(" ".join(parts[i:i + size]))), None)
            if agency is not None and agency.kind in ("wire", "outlet"):
                named = agency.name
                break
    return named


def _known_names(mention) -> list[str]:
    """The mention's text and, for a curated organisation, its name and aliases, case-folded."""
    agency = agencies.lookup(mention.text)
    names = [mention.text, mention.canonical or ""] + ([agency.name, *agency.aliases] if agency else [])
    return [n.casefold() for n in names if n]


def curated_within(name: str) -> str | None:
    """The curated agency, outlet or organisation a longer phrase names: "Spain's EFE news agency"
    -> Agencia EFE, "French daily Le Parisien" -> Le Parisien."""
    words = [strip_possessive(w) for w in name.split()]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            agency = agencies.lookup(" ".join(words[i:i + size]))
            if agency is not None and (size > 1 or words[i][:1].isupper()):
                return agency.name
    return None


PARENTHESIS = re.compile(r"\s*\([^()]*\)?\s*$")  # "Parquet national antiterroriste (PNAT"
STEM = 6  # letters two forms of one word share: "prosecutors" / "prosecutor's office", "Prokuratura" / "prokuratury"


def named_office(attribution: Attribution, mentions: list, grammar: Grammar) -> str | None:
    """An office named by a common noun ("prosecutors", "the prosecutor's spokesman",
    "Prokuratura") is the organisation of the report that bears that word in its name ("the
    national anti-terrorism prosecutor's office (PNAT)"): the nearest one before, else the first after."""
    name = attribution.speaker_name
    if any(word[:1].isupper() for word in name.split()[1:]) or agencies.lookup(name):
        return None  # already a name: "Parquet national antiterroriste", "EFE"
    stems = {word[:STEM].casefold() for word in re.findall(r"\w{%d,}" % STEM, name)
             if not re.fullmatch(rf"(?:{grammar.titles})", word, re.I) and word.casefold() not in grammar.office_holders}
    organisations = [m for m in mentions if m.type == "ORG" and m.start != attribution.speaker.start
                     and any(stem in known for stem in stems for known in _known_names(m))] \
        if attribution.speaker else []
    if not organisations:
        return None
    before = [m for m in organisations if m.end <= attribution.speaker.start]
    chosen = before[-1] if before else organisations[0]
    return PARENTHESIS.sub("", chosen.canonical or chosen.text).strip() or None


def inverted_subject(verb):
    """The noun phrase right after the verb: "said Jane Doe, a spokeswoman"."""
    doc = verb.doc
    for t in doc[verb.i + 1:min(verb.i + 4, verb.sent.end)]:
        if t.ent_type_ in ("DATE", "TIME"):
            return None  # "said Monday"
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            while t.dep_ in ("compound", "flat", "amod") and t.head.i > t.i:
                t = t.head
            return t
        if t.pos_ not in ("DET", "ADJ", "PROPN"):
            return None
    return None


def persons_of(doc, mentions: list) -> list:
    """The tagger's PERSON spans, and the entity stage's people it did not tag as such."""
    persons = [e for e in doc.ents if e.label_ in ("PERSON", "PER")]
    tagged = {(e.start_char, e.end_char) for e in persons}
    for m in mentions:
        span = doc.char_span(m.start, m.end) if m.type == "PERSON" else None
        if span is not None and (m.start, m.end) not in tagged and span[0].pos_ == "PROPN" \
                and not any(e.start_char < m.end and m.start < e.end_char for e in persons):
            persons.append(span)
    return sorted(persons, key=lambda e: e.start_char)


def speaker_token(verb):
    """The subject of the cue verb, climbing through "adding"/"declined to say" chains."""
    token = conjoined_cue_host(verb) or verb
    for _ in range(5):
        subjects = [c for c in token.children if c.lower_ in INVERTED_SUBJECTS
                    or c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"]
        if subjects:  # "La dirigeante Jane Doe a déclaré": the parser may split title and name
            return next((s for s in subjects if s.ent_type_ in ("PER", "PERSON")), subjects[0])  # a relative "who" is resolved to its antecedent by speaker_identity
        if token.dep_ in ("relcl", "acl:relcl") :
            return _antecedent(token.head)
        if token.dep_ not in ("xcomp", "advcl", "conj", "ccomp", "acl", "pcomp", "prep") \
                or token.head.i == token.i:
            return None
        token = token.head
    return None


def is_cue_word(token) -> bool:
    return token.lemma_.lower() in cue_lexicon((token.doc.lang_ or "en")[:2])


def conjoined_cue_host(verb):
    """"X said Y was paid but did not confirm Z": the parser often hangs the second, subjectless
    cue on the reported clause; coordinated verbs share the subject of the first cue (X)."""
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and is_cue_word(verb) and is_cue_word(head.head) \
            and not any(c.dep_ in SUBJECT_DEPS or c.dep_.startswith("expl") for c in verb.children):
        return head.head
    return None


def trailing_speaker(verb):
    """"..., a source close to the probe told AFP": the phrase between the last comma and a
    subjectless cue is its speaker (the parser often attaches it elsewhere)."""
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    doc, sent_start = verb.doc, verb.sent.start
    i = verb.i - 1
    if i > sent_start and doc[i].text == ",":  # "a spokeswoman, Jane Doe, said"
        i -= 1
    while i > sent_start and doc[i].dep_ in ("aux", "auxpass", "advmod", "neg"):
        i -= 1
    if doc[i].dep_ == "aux:tense" and doc[i - 1].text == "," and i - 1 > sent_start:
        i -= 2  # French "La directrice, Jane Doe, a déclaré"
    end = i
    while i > sent_start and doc[i].text != "," and doc[i].pos_ not in ("VERB", "AUX"):
        i -= 1
    if doc[i].text != "," or end <= i:
        return None
    phrase = doc[i + 1:end + 1]
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN", "PRON") and not (t.head.i >= phrase.start and t.head.i < phrase.end and t.dep_ != "appos")]
    return nouns[0] if nouns else None


def passive_agent(verb):
    """"was criticized by his rivals" -> his rivals."""
    for child in verb.children:
        if child.dep_ in ("agent", "obl:agent"):
            return object_of(child) or child
    return None


def _antecedent(noun):
    """The noun a relative clause refers to: "sources familiar with the matter, who ..." -> sources."""
    token = noun
    if token.dep_ in ("pobj", "obj", "nmod"):
        while token.head.i != token.i and (token.dep_ in ("pobj", "prep", "amod", "acl")
                                           or token.pos_ in ("ADP", "ADJ")):
            token = token.head
            if token.pos_ in ("NOUN", "PROPN", "PRON"):
                break
    return token


def speaker_identity(ctx: Context, token, span) -> tuple[str, str | None]:
    if token is None:
        return "report", None
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl:relcl"):
        token = _antecedent(token.head.head)
        span = np(token.doc, token)
    doc = token.doc
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        return "pronoun", _pronoun_antecedent(ctx, token.idx)
    if lower in THING_PRONOUNS and (body := _organisation_just_quoted(ctx, token.idx)):
        return "organisation", body  # "..., the prosecutor's office said. It said ..."
    if lower in PLURAL_PRONOUNS or lower in ("i", "we", "it", "je", "nous", "on", "-on"):
        return "pronoun", None
    core = core_tokens(token)
    text = doc[core[0].i:core[-1].i + 1].text if core else token.text
    if token.lemma_.lower() in ANONYMOUS_HEADS and not any(t.pos_ == "PROPN" for t in core) \
            and (token.lemma_.lower() == "source" or ANONYMOUS_MARKS.search(span.sent.text)):
        return "anonymous", "anonymous source"
    if token.pos_ == "NOUN" and (named := _appositive_name(token)):  # "X's chairwoman, Jane Doe,"
        return "named", full_name(ctx, named)
    person = _person_in(ctx, core)
    if person:
        return "named", person
    if token.pos_ == "NOUN" and token.lemma_.lower() in DESCRIPTION_NOUNS and \
            (described := _described_person(ctx, token, span)):
        return "named", described
    if re.search(r"\d+-year-old", text) or re.search(r"\d+-year-old", doc[token.left_edge.i:token.i + 1].text):
        return "named", _last_person_before(ctx, token.idx)
    if any(t.ent_type_ in ("PERSON", "PER") for t in core):
        return "named", full_name(ctx, _strip_titles(text))
    holder = _role_holder(ctx, token) if token.lemma_.lower() in ROLE_NOUNS else None
    if holder:
        return "named", holder
    if core and all(t.pos_ == "PROPN" for t in core):  # "Tocaru said", after "Mirela Tocaru", tagged ORG
        name = _strip_titles(strip_possessive(text))
        if (full := full_name(ctx, name)) != name:
            return "named", full
    return "organisation", strip_det(strip_possessive(text)) or None


def _described_person(ctx: Context, noun, phrase) -> str | None:
    """Who a description stands for ("This opponent of the regime", "A known critic of X"): after
    a demonstrative, the person named last before it; otherwise the one person the article
    describes with that word, or the one it is about (named at least twice as often as anyone)."""
    lo, hi = (phrase.start, phrase.end) if isinstance(phrase, Span) else (phrase.start_char, phrase.end_char)
    outside = [e for e in ctx.persons if not (lo <= e.start_char < hi)]
    if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in noun.children):
        before = [e for e in outside if e.end_char <= lo and lo - e.end_char < 1500]
        return full_name(ctx, _strip_titles(strip_possessive(before[-1].text))) if before else None
    word = noun.lemma_.lower()
    described = {m.canonical or m.text for m in ctx.mentions if m.type == "PERSON" and not (lo <= m.start < hi)
                 and any(word in d.lower().split() for d in m.descriptors)}
    if len(described) == 1:
        return full_name(ctx, described.pop())
    counts: dict[str, int] = {}
    for e in outside:
        name = full_name(ctx, _strip_titles(strip_possessive(e.text)))
        counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda x: -x[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _appositive_name(noun) -> str | None:
    """The proper name set beside a common noun ("the chief executive, Jane Doe"), whatever
    the entity tagger made of it."""
    for child in noun.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            words = [t for t in child.subtree if t.dep_ != "punct"]
            if all(t.pos_ == "PROPN" for t in words) and len(words) >= 2:
                return " ".join(t.text for t in words)
    return None


def _role_holder(ctx: Context, role) -> str | None:
    """The one person the article introduced with this office before ("Prosecutor Dren Halas",
    "Dren Halas, the prosecutor,"); None when no one or several were."""
    lemma = role.lemma_.lower()
    holders = set()
    for ent in ctx.persons:
        if ent.start_char >= role.idx:
            break
        if any(t.lemma_.lower() == lemma for t in _office_words(ent)):
            holders.add(full_name(ctx, _strip_titles(strip_possessive(ent.text))))
    return holders.pop() if len(holders) == 1 else None


def _office_words(ent) -> list:
    """Words that qualify a person's name: titles ("Foreign Minister Jane Doe", "le procureur
    Jean Dupont") and appositions ("Jane Doe, the mayor,")."""
    inside = range(ent.start, ent.end)
    words = [t for t in ent.doc[max(ent.start - 3, ent.sent.start):ent.end]
             if t.i in inside or t.head.i in inside and t.dep_ in ("compound", "amod", "nmod", "appos", "flat")]
    words += [t for t in ent.root.children if t.dep_ == "appos"]
    if ent.root.dep_ in ("appos", "flat", "flat:name", "nmod", "compound"):
        words.append(ent.root.head)
    return words


def _person_in(ctx: Context, core) -> str | None:
    """A person's name in the head or an apposition ("the head of X, Sergei Naryshkin")."""
    indices = {t.i for t in core if (t.dep_ not in ("pobj",) or t.head.lower_ != "of")
               and not (t.dep_ == "nmod" and any(c.lower_ in ("de", "du", "des", "d'") for c in t.children))}
    for ent in ctx.persons:
        if ent.root.i in indices and ent.root.head.dep_ != "prep":
            return full_name(ctx, _strip_titles(strip_possessive(ent.text)))
    return None


def _organisation_just_quoted(ctx: Context, offset: int) -> str | None:
    """The organisation that spoke in the sentence before, which "it" goes on quoting."""
    previous = _previous_sentence_attribution(ctx, offset)
    if previous is None or not previous.speaker_name or previous.speaker_kind not in ("organisation", "named"):
        return None
    people = {full_name(ctx, _strip_titles(strip_possessive(e.text))) for e in ctx.persons}
    return None if previous.speaker_name in people else previous.speaker_name


def _pronoun_antecedent(ctx: Context, offset: int) -> str | None:
    """Who "he"/"she" is. A report goes on with the speaker it quoted just before ("X said ...
    He added ..."), even when another person was named in between (in X's words, or in a
    description of X: "an opponent of the regime of Y"); otherwise the last person named."""
    previous = _previous_sentence_attribution(ctx, offset)
    person = _last_person_before(ctx, offset)
    if previous is None or not previous.speaker_name:
        return person
    if previous.speaker_kind in ("named", "pronoun"):
        return previous.speaker_name
    if previous.speaker_kind == "organisation" and previous.speaker is not None and person and \
            person.split()[-1] in previous.speaker.text:
        return previous.speaker_name  # the name only qualified the speaker's description
    return person


def _previous_sentence_attribution(ctx: Context, offset: int) -> Attribution | None:
    """The last attribution of the sentence before the one at `offset`, if that sentence has one."""
    starts = [s for s, _ in ctx.sentences if s <= offset]
    if len(starts) < 2:
        return None
    previous_start, this_start = starts[-2], starts[-1]
    in_previous = [a for a in ctx.found if previous_start <= a.cue.start < this_start]
    return in_previous[-1] if in_previous else None


def _last_person_before(ctx: Context, offset: int) -> str | None:
    """The most recent person before `offset`, preferring one who was a sentence subject."""
    before = [e for e in ctx.persons if e.end_char <= offset and offset - e.end_char < 1500
              and not inside_quote(ctx, e[0])]  # a name in quoted words is not who speaks next
    if not before:
        return None
    last = before[-1]
    subjects = [e for e in before if e.sent.start == last.sent.start and e.root.dep_ in SUBJECT_DEPS]
    chosen = subjects[-1] if subjects else last
    return full_name(ctx, _strip_titles(strip_possessive(chosen.text)))


def full_name(ctx: Context, name: str) -> str:
    """The fullest form of a person's name in the article ("Osechkin" -> "Vladimir Osechkin")."""
    if name not in ctx.full_names:
        ctx.full_names[name] = _fullest(ctx, name)
    return ctx.full_names[name]


def _fullest(ctx: Context, name: str) -> str:
    parts = name.split()
    if not parts:
        return name
    best = name
    for ent in ctx.persons:
        candidate = _strip_titles(strip_possessive(ent.text))
        words = candidate.split()
        if len(words) > len(best.split()) and words[-len(parts):] == parts:
            best = candidate
    return best


def _strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words.pop(0)
    return " ".join(words)


def strip_possessive(text: str) -> str:
    return re.sub(r"\s*['’]s?$", "", text.strip())


def strip_det(text: str) -> str:
    """Without a leading article, or trailing time words ("le parquet vendredi", "police on Monday")."""
    text = re.sub(r"^((the|an|a|les|le|la)\s+|l['’]\s*)", "", text.strip(), flags=re.I)
    words = text.split()
    while len(words) > 1 and words[-1].lower() in TIME_ADVERBS:
        words.pop()
        if len(words) > 1 and words[-1].lower() in ("on", "le", "this", "ce"):
            words.pop()
    return " ".join(words)


def person_name(span) -> str | None:
    for ent in span.ents:
        if ent.label_ in ("PERSON", "PER"):
            return _strip_titles(ent.text)
    return None


def office_holder(text: str, attribution: Attribution, grammar: Grammar) -> str | None:
    """The person an office speaking stands for ("the prosecutor added", "Die Sprecherin fügte
    hinzu", "Paris prosecutor Laure Beccuau said" read as one phrase): the one person the report
    named with that office word before or in the phrase ("prosecutor Laure Beccuau",
    "Polizeisprecherin Anna Vogt", "Laure Beccuau, the Paris prosecutor,"). None when the phrase names
    no single-person office (a plural, a body) or the report names no one, or several, with it."""
    if attribution.speaker is None or not attribution.speaker_name:
        return None
    roles = [w for w in (strip_possessive(w).casefold() for w in attribution.speaker_name.split())
             if w in ROLE_NOUNS or re.fullmatch(rf"(?:{grammar.titles})", w, re.I)]
    if not roles:
        return None
    before = text[:attribution.speaker.end]
    holders = set()
    for role in roles:
        role_word = rf"\w*{re.escape(role)}"
        for found in re.finditer(rf"(?i:{role_word})['’]?s?\s+({NAME_RUN.pattern})", before):
            holders.add(found.group(1))
        for found in re.finditer(rf"({NAME_RUN.pattern}),\s+(?:\w+\s+){{0,3}}?(?i:{role_word})\b", before):
            holders.add(found.group(1))
    names = {_strip_titles(re.split(r"(?<=\w\w)[.;:]\s", name)[0].strip(".,;:")) for name in holders}
    names = {name for name in names if len(name.split()) >= 2 and not curated_within(name)}
    return names.pop() if len(names) == 1 else None
