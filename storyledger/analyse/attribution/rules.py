"""The rule path for languages without a parser: a cue from the language's table, word order
gives the roles."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from storyledger import agencies
from storyledger.analyse.attribution.channels import DATELINE, without_dateline
from storyledger.analyse.attribution.grammar import Grammar, load_grammar
from storyledger.analyse.attribution.lexicon import CAPITAL, NAME_RUN
from storyledger.analyse.attribution.quotes import quote_regions
from storyledger.analyse.attribution.speakers import STEM, curated_within, strip_det
from storyledger.analyse.attribution.status import status_of
from storyledger.model import Attribution, Span


_LEADING = " \t\n,;:—–-，、；："
# a cue is a whole word; in scripts written without spaces (Chinese, Japanese) any character may border it
_UNSPACED = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_WORD_START = rf"(?<![^\W{_UNSPACED}])(?<!-)"
_WORD_END = rf"(?![^\W{_UNSPACED}])(?!-)"
_QUOTE_MARKS = "«»„“”\"‹›"


@functools.cache
def _patterns(lang: str) -> tuple[Grammar, re.Pattern, re.Pattern]:
    grammar = load_grammar(lang)
    verbs = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(grammar.cues))
    return grammar, re.compile(rf"{_WORD_START}(?:{verbs}){_WORD_END}", re.I), \
        re.compile(rf"{_WORD_START}(?:{grammar.sources}){_WORD_END}", re.I)


@dataclass
class _Sentence:
    """One sentence read by the fallback: its text, offsets and quotation regions."""
    text: str
    start: int
    quotes: list[tuple[int, int]]
    article_text: str = ""

    def span(self, lo: int, hi: int) -> Span | None:
        """The text between two offsets of the sentence, trimmed of spaces and dashes; None if empty."""
        piece = self.text[lo:hi]
        stripped = piece.strip(_LEADING).rstrip(".。")
        if not stripped.strip(_LEADING + _QUOTE_MARKS):
            return None
        at = self.start + lo + piece.index(stripped)
        return Span(at, at + len(stripped), stripped)

    def quoted(self, lo: int, hi: int) -> bool:
        return any(qs <= self.start + lo and self.start + hi <= qe for qs, qe in self.quotes)

    def absolute(self, lo: int, hi: int) -> Span:
        """A span of the article text (a quotation may open sentences before)."""
        return Span(lo, hi, self.article_text[lo:hi])


def fallback(text: str, sentences: list[tuple[int, int]], lang: str | None) -> list[Attribution]:
    """No parser: a cue from the language's table (reporting verb or "according to" phrase)
    outside quotations; word order gives the roles: "X said (that) C", "C, said X",
    "« C » — said X", "as X said, C", "according to X, C" / "C, according to X". The speaker's
    name is the run of capitalised words nearest the cue, titles dropped; a pronoun or a
    missing subject continues the previous speaker."""
    grammar, verbs, sources = _patterns((lang or "en")[:2])
    quotes = quote_regions(text)
    found: list[Attribution] = []
    previous = None
    for s, e in sentences:
        sent = _Sentence(text[s:e], s, [(qs, qe) for qs, qe in quotes if qs < e and s < qe], text)
        attribution = _anaphoric_source(sent, grammar, previous, (lang or "")[:2], found) or \
            _fallback_verb(sent, grammar, verbs, found, previous) or _fallback_source(sent, grammar, sources)
        if attribution is not None:
            found.append(attribution)
        previous = (s, e)
    return found


def _anaphoric_source(sent: _Sentence, grammar: Grammar, previous: tuple[int, int] | None, lang: str,
                      found: list) -> Attribution | None:
    pattern = grammar.anaphoric or None
    match = re.match(pattern, sent.text) if pattern and previous else None
    if match is None:
        return None
    speaker = _phrase_speaker(sent, grammar, match.end(), len(sent.text.rstrip(" .!")), True, found)
    if speaker is None:
        return None
    span, kind, name = speaker
    if kind == "organisation" and span is not None:  # "la fiscalía en un comunicado": the source, not where
        cut = re.search(rf"\s(?:{grammar.prepositions})\s", span.text, re.I)
        if cut:
            span = Span(span.start, span.start + cut.start(), span.text[:cut.start()])
            speaker = (span, kind, strip_det(span.text))
    cls = "confirm" if re.match(r"(подтверд|bestätig|confirm|conferm)", match["verb"], re.I) else "say"
    before = sent.article_text[previous[0]:previous[1]].rstrip()
    content = Span(previous[0], previous[0] + len(before), before)
    cue = Span(sent.start + match.start("verb"), sent.start + match.end("verb"), match["verb"])
    return _fallback_attribution(sent, grammar, cue, cls, False, speaker, content)


def _first_unquoted(sent: _Sentence, pattern: re.Pattern):
    return next((m for m in pattern.finditer(sent.text) if not sent.quoted(m.start(), m.end())), None)


def _fallback_verb(sent: _Sentence, grammar: Grammar, verbs: re.Pattern, found: list,
                   previous: tuple[int, int] | None = None) -> Attribution | None:
    cue = _first_unquoted(sent, verbs)
    if cue is None:
        return None
    cls = next(list(grammar.cues.values())[int(name[1:])] for name, value in cue.groupdict().items() if value)
    text, start, end = sent.text, cue.start(), cue.end()
    negated = _fallback_negated(grammar, text[:start], text[end:])
    that = next((m for m in re.finditer(rf"(?<!\w)(?:{grammar.complementizers})(?!\w)", text[end:], re.I)
                 if not sent.quoted(end + m.start(), end + m.end())), None)
    as_clause = re.search(rf"(?:^|,\s*)(?:{grammar.as_words})\s+(?P<who>[^,]*)$", text[:start], re.I)
    led = re.search(r"(?:[,—–»“”\"]|\s-)\s*(?:\w+\s+)?$", text[:start])  # ", said X", "» — said X", ", ha dicho X"
    if led and re.search(rf",\s*{CAPITAL}[\w'’-]*(?:\s+{CAPITAL}[\w'’-]*){{0,3}},\s*$", text[:start]):
        led = None  # "An expert, Jane Doe, said": the apposition is the subject
    if as_clause:
        who, trailing, content = _as_clause_roles(sent, as_clause, end)
    elif grammar.verb_final and not text[end:].strip(_LEADING + ".!?"):
        who, trailing, content = _verb_final_roles(sent, start)
    elif grammar.verb_initial and not text[:start].strip(_LEADING):
        who, trailing, content = _verb_initial_roles(sent, end, that)
    elif led and not that:  # "C, said X", "« C » — said X"
        who, trailing = (end, len(text)), True
        content = _quote_before(sent, start) or sent.span(0, led.start())
    else:
        who, trailing, content = _forward_roles(sent, grammar, start, end, that)
        if negated and not trailing:  # "Prokuratura nie potwierdziła": the negation is not the subject
            negation = re.search(rf"\s(?:{grammar.negations})\s*$", text[who[0]:who[1]], re.I)
            who = (who[0], who[0] + negation.start()) if negation else who
        if not that and cls in ("confirm", "deny", "decline", "comment") and content is not None \
                and content.start > sent.start + end and text[end:content.start - sent.start].strip(_LEADING):
            content = sent.span(end, len(text))  # "did not confirm the name of the person, who ..."
    pointing_back = re.search(rf"(?<!\w)(?:{grammar.demonstratives})\s*$", text[who[0]:start], re.I) \
        if not trailing else None
    if pointing_back and previous is not None and (content is None or not content.text.strip(_LEADING + ".")):
        before = sent.article_text[previous[0]:previous[1]].rstrip()  # "Сам он это подтвердил"
        content = Span(previous[0], previous[0] + len(before), before)
        who = (who[0], who[0] + pointing_back.start())
    if content is None and cls in ("say", "claim", "confirm", "deny") and not negated:
        return None
    speaker = _phrase_speaker(sent, grammar, *who, trailing, found)
    cue_span = Span(sent.start + start, sent.start + end, cue.group(0))
    return _fallback_attribution(sent, grammar, cue_span, cls, negated, speaker, content)


def _verb_final_roles(sent: _Sentence, start: int):
    """Subject, content, verb ("DGSI, "C" düşünüyor"): the subject is the opening up to its comma
    or quotation, the content the rest before the verb."""
    text = sent.text
    opening = re.match(r"[^,«„“\"]*", text[:start])
    split = opening.end() if opening and opening.end() < start else 0
    content = _quote_before(sent, start) or sent.span(split + 1 if text[split:split + 1] == "," else split, start)
    return (0, split), False, content


def _verb_initial_roles(sent: _Sentence, end: int, that):
    """Verb, subject, content ("وقالت الشرطة إن C"): the subject runs from the verb to the
    complementizer or the comma, the content follows."""
    text = sent.text
    comma = _unquoted_comma(sent, end)
    subject_end = end + that.start() if that else comma if comma > 0 else len(text)
    content_at = end + that.end() if that else comma + 1 if comma > 0 else len(text)
    return (end, subject_end), True, _quote_after(sent, subject_end) or sent.span(content_at, len(text))


def _as_clause_roles(sent: _Sentence, as_clause: re.Match, end: int):
    """"as X said, C" / "C, as X said" / "como explicó X, C": (speaker range, trailing, content)."""
    text = sent.text
    comma = _unquoted_comma(sent, end)
    if as_clause.group("who").strip():
        who, trailing = (as_clause.start("who"), as_clause.end("who")), False
    else:  # the speaker follows the cue
        who, trailing = (end, comma if comma > 0 else len(text)), True
    opening = as_clause.start() == 0 and comma > 0
    content = sent.span(comma + 1, len(text)) if opening else sent.span(0, as_clause.start())
    return who, trailing, content


def _forward_roles(sent: _Sentence, grammar: Grammar, start: int, end: int, that):
    """"X said (that) C": the subject before the cue, the content after its comma or "that".
    After an adverbial opening the subject follows the verb (German verb-second "Am Montag
    sagte X, C", Russian "Об этом сообщил X"), or a place names it ("В Кремле отказались ...")."""
    text = sent.text
    comma = _unquoted_comma(sent, end)
    content_at = end + that.end() if that else comma + 1 if comma > 0 else end
    content = _quote_after(sent, end) or sent.span(content_at, len(text))
    opening = text[:start]
    adverbial = opening.strip() and re.match(
        rf"\s*(?:(?:{grammar.times})\s*)*(?:(?:{grammar.prepositions})\s|$)", opening, re.I)
    if not adverbial:
        return (0, start), False, content
    outlet = _named_outlet(sent, 0, start, None, None)
    if outlet is not None and text[outlet[0].end - sent.start:start].strip(_LEADING):
        return (outlet[0].end - sent.start, start), False, content  # "В беседе с агентством X представители Y отказались"
    subject_end = end + that.start() if that else content_at - 1
    if content_at > end and text[end:subject_end].strip(_LEADING):
        return (end, subject_end), True, content  # "Til X forteller borgermesteren at C"
    if text[end:].strip(_LEADING + "."):  # the content went in a sentence before
        return (end, len(text)), True, None
    place = re.match(rf"\s*(?:{grammar.prepositions})\s+", opening, re.I)
    return ((place or adverbial).end(), start), False, content


def _fallback_source(sent: _Sentence, grammar: Grammar, sources: re.Pattern) -> Attribution | None:
    """"according to X, C" / "C, according to X" (selon, según, laut, по словам ...)."""
    cue = _first_unquoted(sent, sources)
    if cue is None:
        return _postposed_source(sent, grammar)
    text, start, end = sent.text, cue.start(), cue.end()
    phrase_end = _source_end(grammar, text, end)
    dateline = DATELINE.match(text)
    leading = not text[dateline.end() if dateline else 0:start].strip(_LEADING)
    if leading and not sent.span(phrase_end, len(text)):  # "Volgens de politie zijn ...": no comma after X
        phrase_end = _short_source_end(grammar, text, end)
    if leading:  # "according to X, C"
        content = sent.span(phrase_end, len(text))
    elif text[:start].rstrip().endswith(","):  # "C, according to X"
        content = sent.span(0, start)
    else:  # "C1 according to X C2": the whole sentence
        content = sent.span(0, len(text))
    if content is None:
        return None
    speaker = _phrase_speaker(sent, grammar, end, phrase_end, True, [])
    cue_span = Span(sent.start + start, sent.start + end, cue.group(0))
    return _fallback_attribution(sent, grammar, cue_span, "say", False, speaker, content)


def _postposed_source(sent: _Sentence, grammar: Grammar) -> Attribution | None:
    """"X zufolge, C" / "C, X zufolge": the source before the word."""
    cue = next((m for m in re.finditer(rf"(?<!\w)(?:{grammar.postposed})(?!\w)", sent.text, re.I)
                if not sent.quoted(m.start(), m.end())), None)
    if cue is None:
        return None
    text = sent.text
    source_at = text.rfind(",", 0, cue.start()) + 1
    content = sent.span(cue.end(), len(text)) if text[cue.end():].strip(_LEADING + ".") else sent.span(0, source_at)
    if content is None:
        return None
    speaker = _phrase_speaker(sent, grammar, source_at, cue.start(), True, [])
    cue_span = Span(sent.start + cue.start(), sent.start + cue.end(), cue.group(0))
    return _fallback_attribution(sent, grammar, cue_span, "say", False, speaker, content)


def _unquoted_comma(sent: _Sentence, at: int) -> int:
    return next((i for i, ch in enumerate(sent.text) if i >= at and ch in ",，" and not sent.quoted(i, i + 1)), -1)


def _source_end(grammar: Grammar, text: str, at: int) -> int:
    """Where the source phrase after "according to" ends: at the comma, or in German (which
    puts no comma after "laut X") after its first noun and a genitive or "von" complement."""
    comma = text.find(",", at)
    if grammar.source_without_comma:
        noun = re.match(rf"\s*(?:[a-zäöüß]+\s+){{0,3}}{CAPITAL}[\w-]*"
                        rf"(?:\s+(?:der|des|von|vom)\s+(?:[a-zäöüß]+\s+){{0,2}}{CAPITAL}[\w-]*)?", text[at:])
        if noun and (comma < 0 or at + noun.end() < comma):
            return at + noun.end()
    return comma if comma > 0 else len(text)


def _short_source_end(grammar: Grammar, text: str, at: int) -> int:
    """Where a source with no comma after it ends: a determiner and one word, or a run of
    capitalised words (the verb that follows in verb-second order opens the content)."""
    source = re.match(rf"\s*(?:(?i:{grammar.determiners or '(?!)'})\s+)?(?:{NAME_RUN.pattern}|\w+)", text[at:])
    return at + source.end() if source else len(text)


def _quote_before(sent: _Sentence, cue_at: int) -> Span | None:
    """The quotation just before a trailing cue ('« C », — said X'), possibly opened sentences before."""
    ends = [(qs, qe) for qs, qe in sent.quotes if qe <= sent.start + cue_at
            and not sent.text[qe - sent.start:cue_at].strip(_LEADING + ".!?")]
    return sent.absolute(*ends[-1]) if ends else None


def _quote_after(sent: _Sentence, cue_end: int) -> Span | None:
    """The quotation right after a cue and a colon or comma ('X said: "C"')."""
    starts = [(qs, qe) for qs, qe in sent.quotes if qs >= sent.start + cue_end
              and not sent.text[cue_end:qs - sent.start].strip(_LEADING)]
    return sent.absolute(*starts[0]) if starts else None


def _fallback_negated(grammar: Grammar, before: str, after: str) -> bool:
    negation = rf"(?<!\w)(?:{grammar.negations})(?!\w)"
    if grammar.negation_follows:  # "bestätigte das nicht"; not "forteller X at ingen ble skadet"
        clause = re.split(rf",|(?<!\w)(?:{grammar.complementizers})(?!\w)", after, maxsplit=1, flags=re.I)[0]
        return re.search(negation, clause, re.I) is not None
    return re.search(negation + r"\s*(?:\w+\s+)?$", before, re.I) is not None


def _phrase_speaker(sent: _Sentence, grammar: Grammar, lo: int, hi: int, trailing: bool,
                    found: list) -> tuple[Span | None, str, str | None] | None:
    """(speaker span, kind, name) of the phrase text[lo:hi], or None when it names no one.

    A run of capitalised words nearest the cue, titles dropped, is a person; a phrase that
    opens with a determiner and no title, or only lowercase words, is an organisation; an
    empty subject (pro-drop) or a pronoun continues the previous speaker."""
    text = sent.text[lo:hi]
    if DATELINE.match(text):
        lo += DATELINE.match(text).end()
        text = sent.text[lo:hi]
    if trailing:  # "said on Tuesday the police": skip the time words
        skipped = re.match(rf"\s*(?:(?:{grammar.times})\s+)*(?:(?:{grammar.prepositions})\s+(?={CAPITAL}|\w+\s))?",
                           text, re.I)
        lo, text = lo + skipped.end(), text[skipped.end():]
        text = re.split(r"[.;:]\s|(?<!\w)(?:" + grammar.complementizers + r")(?!\w)", text)[0]
        text = re.sub(rf"\s+(?:{grammar.particles})\W*$", "", text)
    else:
        lo, text = _subject_segment(grammar, lo, text)
    time = re.search(rf"\s(?:{grammar.times})(?!\w)", text, re.I)
    if time and not re.fullmatch(rf"\W*(?:(?:{grammar.determiners or 'the'})\W*)?", text[:time.start()], re.I):
        text = text[:time.start()]  # "the club on Thursday"; not "Der im Seebad lebende X"
    phrase = sent.span(lo, lo + len(text))
    if phrase is not None and re.fullmatch(rf"(?:{grammar.pronouns})", phrase.text, re.I) \
            and (named := _person_named_before(sent)):
        return phrase, "pronoun", named  # "Сам он это подтвердил" after "... Владимире Осечкине."
    if phrase is None or re.fullmatch(rf"(?:{grammar.pronouns})", phrase.text, re.I):
        previous = next((a for a in reversed(found) if a.speaker_kind in ("named", "pronoun")
                         and a.speaker_name), None)
        if previous is None:
            return (phrase, "pronoun", None) if phrase else None
        return phrase, "pronoun", previous.speaker_name
    if sent.quoted(phrase.start - sent.start, phrase.end - sent.start):
        return None
    return _name_phrase(sent, grammar, phrase, trailing)


def _person_named_before(sent: _Sentence) -> str | None:
    """The full name (two capitalised words or more, not an outlet) last written in the sentence
    before: "Сам он это подтвердил" after "... об основателе проекта Владимире Осечкине."."""
    text = sent.article_text
    lo = max(text.rfind(". ", 0, max(sent.start - 2, 0)), text.rfind("\n", 0, max(sent.start - 1, 0)),
             sent.start - 400, 0)
    before = text[lo:sent.start]
    runs = [_name_tail(m.group(0).strip(".,;:")) for m in NAME_RUN.finditer(before)]
    people = [r for r in runs if len(r.split()) >= 2 and not curated_within(r)
              and not any(w.isupper() for w in r.split())]
    return people[-1] if people else None


def _name_tail(run: str) -> str:
    """The words of a capitalised run that can form a person's name with its last word: same
    script, no dotted word ("Gulagu.Net Владимире Осечкине" -> "Владимире Осечкине")."""
    words = run.split()
    cyrillic = bool(re.search(r"[А-Яа-яЁёІіЇїЄєҐґ]", words[-1])) if words else False
    kept = []
    for word in reversed(words):
        if "." in word.rstrip(".") or bool(re.search(r"[А-Яа-яЁёІіЇїЄєҐґ]", word)) != cyrillic:
            break
        kept.insert(0, word)
    return " ".join(kept)


def _subject_segment(grammar: Grammar, lo: int, text: str) -> tuple[int, str]:
    """The comma-separated segment before a cue that holds its subject: the last one that is not
    a relative or "that" clause ("La Alianza, que obtuvo 7 escaños, dijo" -> "La Alianza"); an
    apposition stays with its noun ("El abogado, Joaquín Ferrol, afirmó")."""
    segments = text.rstrip(_LEADING).split(",")
    skipped = rf"\s*(?:{grammar.relatives}|{grammar.complementizers})(?!\w)"
    while len(segments) > 1 and (not segments[-1].strip() or re.match(skipped, segments[-1], re.I)
                                 or NAME_RUN.fullmatch(segments[-1].strip())):
        if NAME_RUN.fullmatch(segments[-1].strip()) and not re.match(skipped, segments[-1], re.I):
            break  # an apposition name: the name speaks
        segments.pop()
    last = segments[-1]
    if len(segments) > 1 and not re.match(skipped, last, re.I):
        at = len(",".join(segments[:-1])) + 1
        return lo + at, text[at:at + len(last)]
    return lo, text[:len(last)] if len(segments) == 1 else text


def _name_phrase(sent: _Sentence, grammar: Grammar, phrase: Span, trailing: bool):
    """(span, kind, name) of a speaker phrase: the person named nearest the cue, else an organisation."""
    determiner = re.match(rf"(?:{grammar.determiners})\s+", phrase.text, re.I) if grammar.determiners else None
    body_at = determiner.end() if determiner else 0
    names = list(_person_names(grammar, phrase, body_at, bool(determiner), trailing))
    if names:  # trailing: the first name after the cue; leading: an introduced one, else the last
        name, introduced = names[0] if trailing else next((n for n in names if n[1]), names[-1])
        if not (trailing or introduced) and _capitalised_common_noun(sent, name):
            return phrase, "organisation", phrase.text[body_at:].strip() or phrase.text
        return (name if trailing else phrase), "named", _fuller_name(sent, grammar, name.text)
    if trailing and (cut := re.search(rf"\s(?:{grammar.determiners or 'the'})\s+{CAPITAL}", phrase.text)):
        phrase = Span(phrase.start, phrase.start + cut.start(), phrase.text[:cut.start()])  # "X der dpa"
    return phrase, "organisation", phrase.text[body_at:].strip() or phrase.text


def _capitalised_common_noun(sent: _Sentence, name: Span) -> bool:
    """A lone word capitalised only because it opens the sentence ("Prokuratura nie potwierdziła",
    "Polis açıkladı"): the report writes the word in lower case elsewhere, so it is a common noun
    (an office, a body), not a person's name."""
    word = name.text
    if " " in word or sent.article_text[sent.start:name.start].strip(_LEADING + _QUOTE_MARKS):
        return False
    stem = word[:STEM] if len(word) > STEM else word[:-1]
    return len(stem) >= 3 and re.search(rf"(?<!\w){re.escape(stem.lower())}", sent.article_text) is not None


def _person_names(grammar: Grammar, phrase: Span, body_at: int, determiner: bool, trailing: bool):
    """(name span, introduced) for each run of capitalised words in the phrase that names a
    person: titles dropped ("Polizeisprecherin Anna Vogt", "el alcalde Luis Prado"), introduced
    when a title or a comma precedes. Not a person: an acronym, a run right after a determiner
    ("La Alianza Verde"), a lone sentence-initial word before lowercase ("Полиция сообщила")."""
    text = phrase.text
    for run in NAME_RUN.finditer(text, body_at):
        words = run.group(0).split()
        titles = 0
        while titles < len(words) and re.fullmatch(rf"(?:{grammar.titles})", words[titles], re.I):
            titles += 1
        name = " ".join(words[titles:])
        before = text[:run.start()]
        introduced = bool(titles or re.search(rf"(?<!\w)(?:{grammar.titles})\s+$", before, re.I)
                          or before.rstrip().endswith(","))
        after_noun = run.start() > body_at and len(words) > 1  # "la concejala Rosa Vidal"
        after_modifier = not trailing and run.start() > body_at and not text[run.end():].strip() \
            and re.search(r"[a-zà-öø-ÿа-яё]\w*\s+$", text[:run.start()]) \
            and re.search(rf"(?<!\w)(?:{grammar.prepositions})\s", text[body_at:run.start()], re.I)  # "Der im Seebad lebende Ossetschkin"
        lone_opening = run.start() == 0 and not titles and len(words) == 1 and not trailing \
            and re.match(r"\s+[a-zà-öø-ÿа-яё]", text[run.end():])
        if name and not name.isupper() and (introduced or after_noun or after_modifier or not determiner) \
                and not lone_opening:
            at = phrase.start + run.end() - len(name)
            yield Span(at, at + len(name), name), introduced


def _fuller_name(sent: _Sentence, grammar: Grammar, name: str) -> str:
    """A lone surname with the first name the article gave it before ("Kranich" -> "Sabine Kranich")."""
    if " " in name:
        return name
    for earlier in re.finditer(rf"({CAPITAL}[\w'’-]+)\s+{re.escape(name)}(?![\w-])", sent.article_text[:sent.start]):
        first = earlier.group(1)
        if not re.fullmatch(rf"(?:{grammar.titles}|{grammar.determiners or 'the'})", first, re.I):
            return f"{first} {name}"
    return name


def _fallback_attribution(sent: _Sentence, grammar: Grammar, cue: Span, cls: str, negated: bool,
                          speaker, content: Span | None) -> Attribution:
    content = without_dateline(content)
    span, kind, name = speaker if speaker else (None, "report", None)
    if kind == "named" and (agencies.lookup(name) or curated_within(name)):  # "informó el diario El País", "Telewizja BFMTV"
        kind = "organisation"
    status = status_of(cls, negated, False, "", kind)
    if status in ("claimed", "asserted") and content is not None and \
            re.search(rf"(?<!\w)(?:{grammar.hedges})(?!\w)", content.text, re.I):
        status = "hedged"
    quote = content is not None and any(qs <= content.start and content.end <= qe for qs, qe in sent.quotes)
    channel = _fallback_channel(sent, cue, content, span)
    return Attribution(
        sentence_start=min(sent.start, content.start if content else sent.start),
        sentence_end=sent.start + len(sent.text), cue=cue, content=content, speaker=span,
        speaker_kind=kind, speaker_name=name, status=status, quote=quote,
        channel=channel[0] if channel else None, channel_name=channel[1] if channel else None)


def _fallback_channel(sent: _Sentence, cue: Span, content: Span | None, speaker: Span | None):
    """A curated agency or outlet named outside the content and the speaker: after the cue
    ("told AFP", "dijo a EFE"), else before it ("Til Associated Press forteller X")."""
    after = _named_outlet(sent, cue.end - sent.start, len(sent.text), content, speaker)
    return after or _named_outlet(sent, 0, cue.start - sent.start, content, speaker)


def _named_outlet(sent: _Sentence, lo: int, hi: int, content: Span | None, speaker: Span | None):
    for word in re.finditer(r"(?<![\w-])(?=([\w-]+(?:\s+[A-ZА-Я][\w-]+){0,2}))", sent.text[lo:hi]):
        at = sent.start + lo + word.start()
        if any(part is not None and part.start <= at < part.end for part in (content, speaker)):
            continue
        words = word.group(1).split()
        for candidate in (" ".join(words[:n]) for n in range(len(words), 0, -1)):
            agency = agencies.lookup(candidate)
            if agency is not None and agency.kind in ("wire", "outlet"):
                return Span(at, at + len(candidate), candidate), agency.name
    return None
