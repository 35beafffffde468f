"""Mentions of people, organisations and places in one article.

With a spaCy pipeline (en, fr) the named-entity spans are the starting point;
Russian uses natasha (nlp.natasha_pipeline) when installed, whose lemmatiser
also gives nominative forms ("Владимира Осечкина" -> "Владимир Осечкин"). For
every other language the documented fallback is tokenisation plus capitalised
word sequences (function words, titles and role nouns of many languages
trimmed), typed by gazetteers (the agency table, the place gazetteer),
organisation keywords and the article's own full names; a lone capitalised
word is kept only when a gazetteer or a full name of the article explains it.
All paths then:

- add outlets and agencies from the curated table ("AFP", "the AP") and
  web-named organisations ("Gulagu.net");
- cut possessives ("Ossetchkine’s NGO" -> "Ossetchkine"), retype a surname
  that a full name of the article explains (spaCy's "Grozev" GPE -> PERSON);
- extend a person's span over a capitalised title chain ("Russian President
  Vladimir Putin") and an organisation's over a possessive country
  ("Russia's Federal Security Service"), while `canonical` is the bare name;
- set `canonical`: titles stripped, surname-only forms expanded to the full
  name of the same article, acronyms linked to their expansion
  ("Federal Security Service (FSB)") or to the agency table;
- keep names apart from what is no name: inflected role words ("des Oppositionellen"), compounds
  built on a name ("Putin-kritiker"), a single-token adjective ("Ukrainian"), an elided word
  after the name ("Osechkin n’a"); an initial joins its surname ("L. Volkovas"); a run after a
  definite article or glossed by an acronym ("... (DGSI)") is an organisation, and a known
  agency's acronym names its translated expansion; a first name alone is the one person of the
  article with that first name;
- in scripts without capitals (Arabic, Chinese, Japanese, Devanagari, Bengali), find countries
  and large cities by their native names (places.native_names), agencies and institutions by
  the agency table's native names ("رويترز", "克里姆林宫"), foreign full names by the middle dot
  Chinese and Japanese write inside them ("弗拉基米尔·普京", "ウラジーミル・プーチン"; Han name
  ends where the transliteration characters learnt from the gazetteer stop), and the last part
  of such a name again on its own; names other reports established are found at link time;
- in capitalised runs, a function word of the article's language (its file's stop words, else
  spaCy's) starts no name at a sentence start, month and weekday names (CLDR) end a run, an
  honorific makes a person ("Ms Beccuau"), an inflected organisation word an organisation;
- attach descriptors: premodifiers ("exiled human rights activist"),
  appositions (", director of an NGO ..."), ages; and link "the 41-year-old"
  to the one person the preceding sentences mention.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from storyledger import agencies, nlp, places
from storyledger.lang import language, union
from storyledger.model import Article, Mention
from storyledger.translit import name_tokens, same_person_name, stem

_NER_TYPES = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
              "FAC": "LOC"}

# The word lists are the [entities] fields of every language file (storyledger/lang/<code>.toml):
# names are read in runs of capitalised words, whatever the language of the text around them.
TITLES = union("entities", "titles")
# Role nouns written before a name; capitalised in German and at sentence starts.
ROLE_WORDS = union("entities", "role_words")
ORG_WORDS = union("entities", "org_words")
# Function words that start sentences in many languages; never part of a name.
STOPWORDS = union("entities", "name_stop_words")
_PARTICLES = union("entities", "name_particles")
_DETERMINERS = union("entities", "determiners")
_RELATIVES = union("entities", "words_after_name")
# Acronyms of common nouns, not of organisations.
_GENERIC_ACRONYMS = {"NGO", "CEO", "TV", "PM", "AM", "GMT", "UTC", "CC", "BY", "SA", "OK", "ID",
                     "PDF", "URL", "HTML", "GDP", "VIP", "DNA", "SMS", "USB", "CCTV"}
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*[\w]|[^\W\d_]", re.UNICODE)
_DOMAIN = re.compile(r"\b[A-Z][\w\-]+\.(?:net|org|com|ru|info|io|fr|de|eu|ua|pl)\b")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&\-]{1,7}$")
_AGE_ANAPHOR = re.compile(r"\b[Tt]he (\d{1,3})-year-old\b(?!\s+[a-z]+\s+[A-Z])(?!-)")
_POSSESSIVE = re.compile(r"['’]s?\b")


@dataclass
class _Span:
    start: int
    end: int
    type: str
    source: str  # ner | gazetteer | fallback | surname
    normal: str | None = None  # nominative form from a lemmatiser (Russian: "Осечкина" -> "Осечкин")


def extract_mentions(article: Article, doc=None) -> list[Mention]:
    """Mentions with offsets into article.text, canonical names and descriptors."""
    text = article.text
    if doc is None and nlp.has_pipeline(article.lang):
        doc = nlp.spacy_pipeline(article.lang)(text)
    if doc is not None:
        spans = _ner_spans(doc)
    else:
        spans = _natasha_spans(text) if _lang(article) == "ru" else None
        spans = spans if spans is not None else _fallback_spans(text, stop_words(_lang(article)),
                                                                  calendar_words(_lang(article)))
    spans += _dotted_name_spans(text)
    spans = _resolve_overlaps([_clean(text, s) for s in spans + _gazetteer_spans(text)])
    spans = [s for s in spans if s is not None]
    if doc is not None:
        _retype_people(doc, spans)
    spans = _retype(text, spans)
    spans = _resolve_overlaps(spans + _surname_spans(text, spans) + _uncased_surname_spans(text, spans))
    starts = [s.start for s in article.sentences]
    mentions = [Mention(s.start, s.end, text[s.start:s.end], s.type, _sentence_of(starts, s.start))
                for s in spans]
    _canonicalise(text, mentions, {(s.start, s.end): s.normal for s in spans if s.normal})
    for m in mentions:
        _extend_and_describe(text, m, doc)
    mentions = _outside_titles(mentions)
    mentions += _age_anaphors(text, mentions, starts)
    return sorted(mentions, key=lambda m: (m.start, m.end))


# --- candidate spans ------------------------------------------------------

def _ner_spans(doc) -> list[_Span]:
    spans = []
    for ent in doc.ents:
        label = _NER_TYPES.get(ent.label_)
        if label is None and agencies.lookup(ent.text.strip()) is None:
            continue
        if len(ent) == 1 and ent[0].pos_ == "ADJ" and not places.is_place(ent.text):
            continue  # "Ukrainian passport", "Napoleonic": a demonym or adjective, not a name
        spans.append(_Span(ent.start_char, ent.end_char, label or "ORG", "ner"))
    return spans


def _lang(article: Article) -> str:
    return (article.lang or "").lower()[:2]


def _natasha_spans(text: str) -> list[_Span] | None:
    """Russian named entities with their nominative forms; None without natasha."""
    pipeline = nlp.natasha_pipeline()
    if pipeline is None:
        return None
    from natasha import Doc

    doc = Doc(text)
    doc.segment(pipeline.segmenter)
    doc.tag_morph(pipeline.morph)
    doc.tag_ner(pipeline.ner)
    spans = []
    for span in doc.spans:
        span.normalize(pipeline.morph_vocab)
        kind = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}[span.type]
        spans.append(_Span(span.start, span.stop, kind, "ner", span.normal))
    return spans


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    """The language's function words: its language file's, else spaCy's list for it (Greek "ο",
    Lithuanian "tai"), so that a capitalised sentence start is no name in any language spaCy knows."""
    words = language(lang).entities["stop_words"] if lang else ()
    if words or not lang:
        return frozenset(words)
    from storyledger.link.similarity import spacy_stop_words  # here: link imports this module

    try:
        return spacy_stop_words(lang)
    except (FileNotFoundError, OSError):  # spaCy has no list for this language
        return frozenset()


@functools.cache
def calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names (CLDR through babel, every form and case it lists), which a
    language may capitalise ("Iraq Martedì") but which name no one."""
    words = set(union("time", "weekdays"))
    try:
        from babel import Locale

        locale = Locale.parse(lang) if lang else None
    except Exception:  # babel without this locale's data, or no babel
        locale = None
    for table in (locale.months, locale.days) if locale else ():
        for context in table.values():
            words |= {w.lower() for w in context.get("wide", {}).values()}
    return frozenset(words)


def _fallback_spans(text: str, stop: frozenset[str] = frozenset(),
                    calendar: frozenset[str] = frozenset()) -> list[_Span]:
    """Capitalised word sequences (with name particles inside), for languages without NER."""
    lowercase_seen = {w.group().lower() for w in _WORD.finditer(text) if w.group()[0].islower()}
    spans, run, counted = [], [], False
    for word in _WORD.finditer(text):
        token = word.group()
        # a function word is capitalised at a sentence start ("Ο", "Το"); elsewhere it is a
        # name ("Ana Biriukova", though Lithuanian "ana" is "that")
        stop_here = stop if _sentence_initial(text[max(word.start() - 12, 0):word.start()], 12) else frozenset()
        gap = text[run[-1].end():word.start()] if run else ""
        if run and gap == ". " and _initial(run[-1].group()):
            gap = " "  # "L. Volkovas": an initial before a surname
        if token.lower() in calendar:
            spans.extend([] if counted or not run else _fallback_run(text, run))
            run = []
            continue
        if run and (gap != " " or not _capitalised(token, lowercase_seen, stop_here)):
            if token.lower() in _PARTICLES and gap == " " and _particle_here(token, run):
                run.append(word)
                continue
            spans.extend([] if counted else _fallback_run(text, run))
            run = []
        if _capitalised(token, lowercase_seen, stop_here) or _initial_before_name(text, word):
            counted = counted if run else _counted(text, word.start())
            run.append(word)
    spans.extend([] if counted else _fallback_run(text, run))
    return spans


_COMPOUND_ROLES = tuple(sorted(union("entities", "compound_roles")))


def _initial(token: str) -> bool:
    return len(token) == 1 and token.isupper()


def _initial_before_name(text: str, word: re.Match) -> bool:
    """"L. Volkovas": a capital letter, a full stop, then a capitalised word."""
    return _initial(word.group()) and bool(re.match(r"\. [^\W\d_]", text[word.end():word.end() + 3])) \
        and text[word.end() + 2].isupper()


def _role_word(word: str) -> bool:
    """A title or role, German compounds ("Verkehrsminister", "Gewerkschaftschefin") and
    inflected forms ("Oppositionellen", "opozycjonisty") included."""
    return word in TITLES or word in ROLE_WORDS or (len(word) > 8 and word.endswith(_COMPOUND_ROLES)) \
        or _inflected_role(word)


def _inflected_role(word: str) -> bool:
    """A role noun with a case ending of up to three letters; stems of six letters or more only,
    so a short role never swallows a name."""
    if word in ORG_WORDS:  # "Ministerio", "Directorate": organisations, not roles
        return False
    return any(word[:n] in _ROLE_STEMS for n in range(max(len(word) - 3, 6), len(word)))


def _org_word(word: str) -> bool:
    """An organisation word, inflected too ("Prokuratury", "Staatsanwaltschaften"): a stem of six
    letters or more with an ending of up to three."""
    return word in ORG_WORDS or any(word[:n] in _ORG_STEMS for n in range(max(len(word) - 3, 6), len(word)))


_ORG_STEMS = frozenset(w for w in ORG_WORDS if len(w) >= 6) | \
    frozenset(w[:-1] for w in ORG_WORDS if len(w) >= 7)
_ROLE_STEMS = frozenset(w for w in ROLE_WORDS if len(w) >= 6) | \
    frozenset(w[:-1] for w in ROLE_WORDS if len(w) >= 7)


def _particle_here(token: str, run) -> bool:
    """German articles ("der", "des") join a name only after "von"/"van" ("von der Leyen"); elsewhere they
    make no name ("Gewerkschaft der Hafenarbeiter", "Angaben des Amts")."""
    return token.lower() not in _ARTICLE_PARTICLES or run[-1].group().lower() in ("von", "van")


_ARTICLE_PARTICLES = union("entities", "article_particles")
_NUMBER_WORDS = union("entities", "number_words")


def _counted(text: str, offset: int) -> bool:
    """Preceded by a number ("fünf Tagen Stillstand", "3 Millionen Euro"): German nouns, not a name."""
    before = text[max(0, offset - 20):offset].split()
    return bool(before) and (before[-1].replace(".", "").replace(",", "").isdigit()
                             or before[-1].lower() in _NUMBER_WORDS)


def _lowercase_compound(token: str) -> bool:
    return any(part[:1].islower() for part in token.split("-")[1:])


def _capitalised(token: str, lowercase_seen: set[str], stop: frozenset[str] = frozenset()) -> bool:
    lower = token.lower()
    if not token[0].isupper() or lower in STOPWORDS or lower in stop or _lowercase_compound(token):
        return False  # "Putin-kritiker", "Kremlin-linked": a description built on a name
    return token.isupper() or token.lower() not in lowercase_seen or token.lower() in TITLES


def _fallback_run(text: str, run) -> list[_Span]:
    while run and run[-1].group().lower() in _PARTICLES:
        run = run[:-1]
    split = _place_then_name(run)
    if split:  # "Francia de Vladímir Ossetchkine": a place, a particle, then a name
        return _fallback_run(text, run[:split - 1]) + _fallback_run(text, run[split:])
    while run and _role_word(run[0].group().lower()):
        run = run[1:]
    if len(run) >= 3 and _sentence_initial(text, run[0].start()):
        run = run[1:]  # "Правозащитник Владимир Осечкин": a capitalised first word
    while run and run[0].group().lower() in _PARTICLES:
        run = run[1:]
    if not run:
        return []
    start, end = run[0].start(), run[-1].end()
    name = text[start:end]
    words = name.split()
    if len(words) == 1 and words[0].lower() in ORG_WORDS:
        return []  # "Zeitung", "Police": an organisation word alone names nothing
    if agencies.lookup(name) or any(_org_word(w.lower()) for w in words) or _ACRONYM.match(name) \
            or (len(words) >= 2 and _ACRONYM_AFTER.match(text, end)):
        return [_Span(start, end, "ORG", "fallback")]
    if places.is_place(name):
        return [_Span(start, end, "GPE", "fallback")]
    if 2 <= len(words) <= 4:
        # "de la Guardia Civil": a definite article makes an institution, not a person
        kind = "ORG" if _after_definite_article(text, start) else "PERSON"
        return [_Span(start, end, kind, "fallback")]
    return []  # an unknown single capitalised word: a noun (German) or sentence start


# "Dyrekcji Generalnej Bezpieczeństwa Wewnętrznego (DGSI)": a name glossed by an acronym is an organisation
_ACRONYM_AFTER = re.compile(r"\s*\((?:[A-ZА-ЯЁ][A-ZА-ЯЁ&\-]{1,7}|[A-ZА-ЯЁ][a-zа-яё]{2,5})\)")


_DEFINITE_ARTICLES = union("entities", "definite_articles")


def _after_definite_article(text: str, offset: int) -> bool:
    before = text[max(offset - 6, 0):offset].split()
    return bool(before) and before[-1].lower() in _DEFINITE_ARTICLES and text[offset - 1] == " "


def _place_then_name(run) -> int | None:
    """Index of the word after a particle that follows a gazetteer place, when two or more
    capitalised words follow it."""
    for i, word in enumerate(run[1:-2], start=1):
        if word.group().lower() in _PARTICLES and places.is_place(" ".join(w.group() for w in run[:i])):
            return i + 1
    return None


def _sentence_initial(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \t\"“«„'")
    return not before or before[-1] in ".!?\n:"


@functools.cache
def _agency_pattern() -> re.Pattern:
    names = sorted({n for a in agencies.table().values() for n in (a.name, *a.aliases)},
                   key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])",
                      re.IGNORECASE)


def _gazetteer_spans(text: str) -> list[_Span]:
    spans = []
    for match in _agency_pattern().finditer(text):
        found = match.group()
        agency = agencies.lookup(found)
        if agency is None:
            continue
        # acronyms must match case exactly: "who" is not WHO
        if not any(found == n for n in (agency.name, *agency.aliases)) and \
                any(n.isupper() and n.casefold() == found.casefold() for n in agency.aliases):
            continue
        spans.append(_Span(match.start(), match.end(), "ORG", "gazetteer"))
    spans += [_Span(m.start(), m.end(), "ORG", "gazetteer") for m in _DOMAIN.finditer(text)]
    return spans + _native_place_spans(text)


def _uncased(ch: str) -> bool:
    """A letter of a script without capitals (Arabic, Chinese, Japanese, Devanagari, Bengali ...)."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()


# Letters a word of an Arabic-script language may carry in front of a name ("و" and, "ب" in, ...).
PROCLITICS = "وبلفك"
# Words here include combining marks (Devanagari vowel signs and virama are not \w).
_SCRIPT_WORD = r"[^\s\d.,;:!?()\[\]\"“”«»'’،؛؟।॥、。，：；！？・「」『』\-–—/]+"
_UNCASED_RUN = re.compile(rf"{_SCRIPT_WORD}(?:[ \t]+{_SCRIPT_WORD})*")
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, Han.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\uf900-\ufaff]")
# Cities smaller than this are too likely to share their native name with a common word or a
# first name (فلاديمير is Vladimir, a city of 350,000).
NATIVE_CITY_POPULATION = 500_000


def _native_place_spans(text: str) -> list[_Span]:
    """Gazetteer names written in a script without capitals, where capitalised runs find
    nothing: countries by their CLDR names, large cities by their geonames alternate names,
    agencies and institutions by the agency table's native names ("رويترز", "克里姆林宫").
    Spaced scripts are matched word n-grams (longest first), unspaced ones (Chinese,
    Japanese) character spans."""
    if not any(_uncased(ch) for ch in set(text[:2000])):
        return []
    names = _native_names()
    spans = []
    for run in _UNCASED_RUN.finditer(text):
        if not _uncased(run.group()[0]):
            continue
        words = list(re.finditer(_SCRIPT_WORD, run.group()))
        if _UNSPACED.search(run.group()):  # Chinese, Japanese, Thai ...: a whole clause
            spans += _native_in_unspaced(run.start(), run.group(), names)
        else:
            spans += _native_in_words(run.start(), run.group(), words, names)
    return spans


@functools.cache
def _native_names() -> dict[str, str]:
    """Native-script name key -> entity type: gazetteer places (cities large enough not to be a
    common word), then agencies and institutions, which win a shared key."""
    names = {key: "GPE" for key, found in places.native_names().items()
             if any(p.kind != "city" or p.population >= NATIVE_CITY_POPULATION for p in found)}
    for agency in set(agencies.table().values()):
        for alias in agency.aliases:
            if any(_uncased(ch) for ch in alias):
                names[places.native_key(alias)] = "ORG"
    return names


# The longest native name tried: words in spaced scripts, characters in unspaced ones.
NATIVE_MAX_WORDS = 5
NATIVE_MAX_CHARS = 10


def _native_in_words(offset: int, run: str, words, names) -> list[_Span]:
    spans, i = [], 0
    while i < len(words):
        for n in range(NATIVE_MAX_WORDS, 0, -1):
            if i + n > len(words):
                continue
            start, end = words[i].start(), words[i + n - 1].end()
            found = _native_match(run, start, end, names, n == 1)
            if found:
                spans.append(_Span(offset + found[0], offset + found[1], found[2], "gazetteer"))
                i += n - 1
                break
        i += 1
    return spans


def _native_match(run: str, start: int, end: int, names, one_word: bool) -> tuple[int, int, str] | None:
    """The name in run[start:end] and its type, allowing a proclitic letter before it ("بفرنسا")
    and, for one word, a case suffix of one or two letters after it ("ফ্রান্সে", "রাশিয়ার")."""
    for skip in (0, 1) if run[start] in PROCLITICS else (0,):
        for cut in (0, 1, 2) if one_word else (0,):
            kind = names.get(places.native_key(run[start + skip:end - cut]))
            if end - cut - start - skip >= 3 and kind:
                return start + skip, end - cut, kind
    return None


def _native_in_unspaced(offset: int, run: str, names) -> list[_Span]:
    spans, i = [], 0
    while i < len(run) - 1:
        for n in range(min(NATIVE_MAX_CHARS, len(run) - i), 1, -1):
            kind = names.get(places.native_key(run[i:i + n]))
            if kind:
                spans.append(_Span(offset + i, offset + i + n, kind, "gazetteer"))
                i += n - 1
                break
        i += 1
    return spans


# --- cleaning and typing --------------------------------------------------

def _clean(text: str, span: _Span) -> _Span | None:
    start, end = span.start, span.end
    piece = text[start:end]
    if "/" in piece and agencies.lookup(piece.strip()) is None:
        return None  # photo credits: "Sputnik/Alexei Nikolsky/Kremlin"
    possessive = re.search(r"['’]s?(\s|$)", piece)
    if possessive and not agencies.lookup(piece.strip()) and not _office_name(text, piece, possessive):
        end = start + possessive.start()
    lead = re.match(r"(?:the|The|THE|le|la|Le|La|les|Les)\s+|[lL]['’]", text[start:end])
    if lead and end - start > lead.end():
        start += lead.end()
    elided = re.search(r"\s[^\W\d_]{1,2}$", text[start:end])
    if elided and text[end:end + 1] in ("'", "’") and elided.group().strip().islower():
        end -= len(elided.group())  # "Osechkin n’a": an elided word after the name
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?\"“”«»()[]-"):
        if text[end - 1] == "." and re.search(r"\b[A-Z]\.$|\.[a-z]+\.$", text[start:end]):
            break  # "U.S." keeps its dot
        end -= 1
    while start < end and (text[start].isspace() or text[start] in "\"“”«»()[]-"):
        start += 1
    if end - start < 2 or not (text[start].isupper() or _uncased(text[start])) \
            or text[start:end] in _GENERIC_ACRONYMS:
        return None
    normal = span.normal if (start, end) == (span.start, span.end) else None
    return _Span(start, end, span.type, span.source, normal)


def _office_name(text: str, piece: str, possessive: re.Match) -> bool:
    """"National Anti-Terrorism Prosecutor’s Office": a possessive inside an organisation's name
    (the rest is capitalised and ends in an organisation word; the owner is a common noun, written
    in lowercase elsewhere, or a role), not "Ossetchkine’s NGO" or "Russia's Federal Security Service"."""
    rest, owner = piece[possessive.end():].split(), piece[:possessive.start()].split()
    if not rest or not owner or rest[-1].lower() not in ORG_WORDS or not all(w[:1].isupper() for w in rest):
        return False
    noun = owner[-1].lower()
    return _role_word(noun) or re.search(rf"\b{re.escape(noun)}", text) is not None


def _resolve_overlaps(spans: list[_Span]) -> list[_Span]:
    """Keep the longest of overlapping spans (a named-entity span wins a tie)."""
    order = {"ner": 0, "gazetteer": 1, "fallback": 2, "surname": 3}
    kept: list[_Span] = []
    for span in sorted((s for s in spans if s), key=lambda s: (-(s.end - s.start), order[s.source])):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _full_name_stems(text: str, spans: list[_Span]) -> set[str]:
    stems = set()
    for s in spans:
        tokens = _name_part(name_tokens(text[s.start:s.end]))
        if s.type == "PERSON" and len(tokens) >= 2:
            stems.add(stem(tokens[-1]))
    return stems


def _first_names(text: str, spans: list[_Span]) -> dict[str, set[str]]:
    """First name -> the surnames it goes with in the article's full names."""
    found: dict[str, set[str]] = {}
    for s in spans:
        tokens = _name_part(name_tokens(text[s.start:s.end]))
        if s.type == "PERSON" and len(tokens) >= 2:
            found.setdefault(tokens[0].casefold(), set()).add(stem(tokens[-1]))
    return found


def _first_name_here(word: str, first_names: dict[str, set[str]]) -> bool:
    """"Leonid was attacked": the first name of one person named in full ("Leonid Volkov"), and
    no country."""
    people = first_names.get(word.casefold(), set())
    return len(people) == 1 and not any(p.kind == "country" for p in places.candidates(word))


def _retype(text: str, spans: list[_Span]) -> list[_Span]:
    surnames = _full_name_stems(text, spans)
    first_names = _first_names(text, spans)
    for s in spans:
        name = text[s.start:s.end]
        words = name.split()
        if agencies.lookup(name) or (s.normal and agencies.lookup(s.normal)) or _DOMAIN.fullmatch(name):
            s.type = "ORG"
        elif len(words) == 1 and (stem(name) in surnames or _first_name_here(name, first_names)):
            s.type = "PERSON"
        elif s.type != "PERSON" and _after_honorific(words):
            s.type = "PERSON"  # "Ms Beccuau", "Dr. Petrov": an honorific makes a person
        elif s.type in ("PERSON", "ORG") and words[-1].lower() in ORG_WORDS:
            s.type = "ORG"
        elif s.type in ("ORG", "PERSON", "LOC") and len(words) == 1 and places.is_place(name):
            s.type = "GPE"
        elif s.type == "LOC" and places.is_place(name):
            s.type = "GPE"
    # the first name of several people of the article ("Vladimir" of two Vladimirs): no one knows whom
    return [s for s in spans if not (" " not in text[s.start:s.end]
                                     and len(first_names.get(text[s.start:s.end].casefold(), ())) > 1)]


# Honorifics are the short titles ("Ms", "Dr.", "Herr", "Mme"), not offices ("State", "General").
_HONORIFICS = frozenset(w for w in TITLES if w.isalpha() and w.islower() and len(w) <= 4
                        or w.endswith(".") and w[:-1].isalpha())


def _after_honorific(words: list[str]) -> bool:
    """An honorific, then one to three capitalised words that end in no organisation word."""
    return len(words) >= 2 and words[0].lower() in _HONORIFICS and len(words) <= 4 \
        and all(w[:1].isupper() for w in words[1:]) and words[-1].lower() not in ORG_WORDS


# office holders a name stands in apposition to ("the bank's chairwoman, Ines Calvete,")
_OFFICE_WORDS = union("entities", "office_words")


_WHO = re.compile(r"\s*,\s*who\b")


def _retype_people(doc, spans: list[_Span]) -> None:
    """A name the tagger called an organisation or a place is a person when "who" takes it up
    ("Tomas Verhoef, who runs ...") or it stands in apposition to a human role ("its chairwoman,
    Jane Roe," / "Jane Roe, the bank's chairwoman,")."""
    roles = TITLES | ROLE_WORDS | _OFFICE_WORDS
    text = doc.text  # Doc.text joins every token: read once, not per name
    for s in spans:
        name = text[s.start:s.end]
        if s.type not in ("ORG", "GPE", "LOC") or s.source != "ner" or agencies.lookup(name):
            continue
        if _WHO.match(text, s.end) and len(name.split()) >= 2 and not places.is_place(name):
            s.type = "PERSON"
            continue
        if s.type != "ORG":
            continue
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None or not 2 <= len(span) <= 3 or any(t.pos_ != "PROPN" for t in span) \
                or span[-1].lower_ in ORG_WORDS:
            continue
        root = span.root
        beside = [root.head] if root.dep_ == "appos" else []
        beside += [c for c in root.children if c.dep_ == "appos"]
        if any(t.lower_ in roles or t.lemma_.lower() in roles for t in beside):
            s.type = "PERSON"


def _surname_spans(text: str, spans: list[_Span]) -> list[_Span]:
    """Capitalised words that are (inflected) surnames of the article's full names."""
    surnames = _full_name_stems(text, spans)
    found = []
    for word in _WORD.finditer(text):
        token = word.group()
        if token[0].isupper() and len(token) > 2 and stem(_POSSESSIVE.sub("", token)) in surnames:
            end = word.start() + len(_POSSESSIVE.split(token)[0])
            found.append(_Span(word.start(), end, "PERSON", "surname"))
    return found


# A foreign full name in Japanese: katakana parts joined by a middle dot ("ウラジーミル・プーチン").
_KATAKANA_NAME = re.compile(r"[ァ-ヺー]{2,}(?:[・=＝][ァ-ヺー]{2,})+")
# The same in Chinese: parts in transliteration characters joined by a middle dot.
_HAN_DOTTED = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+(?:[·・•‧][\u3400-\u4dbf\u4e00-\u9fff]+)+")


_UNCASED_ROLES = sorted((w for w in TITLES | ROLE_WORDS if any(_uncased(ch) for ch in w)), key=len, reverse=True)


def _dotted_name_spans(text: str) -> list[_Span]:
    """Foreign people's full names in Chinese and Japanese, where no capital marks a name: the
    parts of the name are joined by a middle dot. A Chinese name's ends are where the
    transliteration characters stop ("人士弗拉基米尔·普京表示" -> "弗拉基米尔·普京")."""
    if not any(_uncased(ch) for ch in set(text[:2000])):
        return []
    spans = [_Span(m.start(), m.end(), "PERSON", "fallback") for m in _KATAKANA_NAME.finditer(text)]
    letters = places.transliteration_characters()
    for match in _HAN_DOTTED.finditer(text):
        start, end = match.start(), match.end()
        first_dot = min(i for i in range(start, end) if not _uncased(text[i]))
        last_dot = max(i for i in range(start, end) if not _uncased(text[i]))
        while start < first_dot - 1 and text[start] not in letters:
            start += 1
        while end > last_dot + 2 and text[end - 1] not in letters:
            end -= 1
        start = next(i for i in range(first_dot - 1, start - 1, -1)
                     if i == start or text[i - 1] not in letters)
        end = next(i for i in range(last_dot + 2, end + 1) if i == end or text[i] not in letters)
        start = _after_title(text, start, first_dot)
        if first_dot - start >= 1 and end - last_dot >= 2:
            spans.append(_Span(start, end, "PERSON", "fallback"))
    return spans


def _after_title(text: str, start: int, limit: int) -> int:
    """The start of a name moved past a title or role word whose last characters it took in
    ("人士" + "弗拉基米尔": "士" is also a transliteration character)."""
    for word in _UNCASED_ROLES:
        for k in range(1, min(len(word), limit - start + 1)):
            if text[max(start - len(word) + k, 0):start + k] == word:
                return start + k
    return start


def _uncased_surname_spans(text: str, spans: list[_Span]) -> list[_Span]:
    """In scripts without capitals: the last part of a full name of the article found again on
    its own ("弗拉基米尔·普京 ... 普京"), as a whole word where words are spaced."""
    found = []
    for s in spans:
        tokens = name_tokens(text[s.start:s.end])
        if s.type != "PERSON" or len(tokens) < 2 or not _uncased(tokens[-1][0]):
            continue
        surname, spaced = tokens[-1], not _UNSPACED.search(tokens[-1])
        for match in re.finditer(re.escape(surname), text):
            at, end = match.start(), match.end()
            if s.start <= at < s.end:
                continue
            if spaced and (at > 0 and text[at - 1].isalpha() and not (
                    text[at - 1] in PROCLITICS and not (at > 1 and text[at - 2].isalpha()))):
                continue  # inside a longer word
            found.append(_Span(at, end, "PERSON", "surname"))
    return found


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, 0)


# --- canonical names ------------------------------------------------------

def _name_part(tokens: list[str]) -> list[str]:
    """A person's name without leading titles, roles or lowercase words."""
    while tokens and (tokens[0].lower() in TITLES or tokens[0].lower() in ROLE_WORDS
                      or not (tokens[0][0].isupper() or _uncased(tokens[0][0]))):
        tokens = tokens[1:]
    return tokens


def _canonicalise(text: str, mentions: list[Mention], normals: dict[tuple[int, int], str]) -> None:
    """`normals`: nominative forms by span, where a lemmatiser gave them."""
    surface = {id(m): normals.get((m.start, m.end), m.text) for m in mentions}
    people = [m for m in mentions if m.type == "PERSON"]
    full_names = [_joined(_name_part(name_tokens(surface[id(m)])), surface[id(m)]) for m in people]
    full_names = [n for n in full_names if len(name_tokens(n)) >= 2]
    for m in people:
        tokens = _name_part(name_tokens(surface[id(m)]))
        name = _joined(tokens, surface[id(m)]) or m.text
        same = [n for n in full_names if same_person_name(n, name)]
        if not same and len(tokens) == 1:  # a first name alone: "Leonid" of "Leonid Volkov"
            same = [n for n in full_names if name_tokens(n)[0].casefold() == tokens[0].casefold()]
        m.canonical = _preferred(same, full_names) if same and _one_person(same) else name
    acronyms = _acronym_expansions(text, mentions)
    for m in mentions:
        if m.type == "PERSON":
            continue
        agency = agencies.lookup(m.text) or agencies.lookup(surface[id(m)])
        if m.text in acronyms:
            m.canonical = acronyms[m.text]
        elif agency:
            m.canonical = agency.name
        else:
            m.canonical = surface[id(m)]


def _joined(tokens: list[str], surface: str) -> str:
    """The name's words joined as the text joins them where it writes a middle dot
    ("弗拉基米尔·普京"), else by spaces."""
    dot = next((ch for ch in "·・•‧" if ch in surface), " ")
    return dot.join(tokens)


def _one_person(names: list[str]) -> bool:
    return all(same_person_name(a, b) for a in names for b in names)


def _preferred(names: list[str], all_names: list[str]) -> str:
    """The most frequent spelling (the nominative, usually), the earliest on a tie."""
    return max(names, key=lambda n: (all_names.count(n), -all_names.index(n)))


def _acronym_expansions(text: str, mentions: list[Mention]) -> dict[str, str]:
    """"Federal Security Service (FSB)" and "FSB (Federal Security Service)" pairs."""
    pairs = {}
    for m in mentions:
        if m.type != "ORG":
            continue
        after = re.match(r"\s*\(([^()]{2,8})\)", text[m.end:m.end + 12])
        if after and _ACRONYM.match(after.group(1)) and not _ACRONYM.match(m.text):
            known, expansion = agencies.lookup(after.group(1)), agencies.lookup(m.text)
            if known is None or expansion is known:
                pairs[after.group(1)] = expansion.name if expansion else m.text
            elif expansion is None and len(m.text.split()) >= 2:
                # "Dyrekcji Generalnej Bezpieczeństwa Wewnętrznego (DGSI)": the known agency's
                # name in another language
                pairs[m.text] = known.name
        before = re.match(r"\s*\(([^()]{5,80})\)", text[m.end:m.end + 84])
        if before and _ACRONYM.match(m.text):
            pairs.setdefault(m.text, before.group(1).strip())
    return pairs


# --- titles and descriptors -------------------------------------------------

def _extend_and_describe(text: str, m: Mention, doc) -> None:
    if m.type == "PERSON":
        _extend_over_title(text, m)
        premodifier = _premodifier(text, m, doc)
        if premodifier:
            m.descriptors.append(premodifier)
        m.descriptors += _appositions(text, m, parsed=doc is not None)
    elif m.type == "ORG":
        owner = re.search(r"([A-Z][\w\-]+)['’]s\s+$", text[max(m.start - 40, 0):m.start])
        if owner and places.is_place(owner.group(1)):
            m.start -= len(owner.group())
            m.text = text[m.start:m.end]


def _extend_over_title(text: str, m: Mention) -> None:
    """"Russian President Vladimir Putin": the title joins the mention text."""
    before = text[max(m.start - 60, 0):m.start]
    words = re.findall(r"(\S+)(\s+)", before)
    taken, nationality = [], False
    for word, space in reversed(words):
        if "\n" in space or not word[0].isupper():
            break
        if word.lower() in TITLES or word.lower().rstrip(".") in TITLES:
            taken.insert(0, word + space)
            continue
        if taken and re.fullmatch(r"[A-Z][a-z\-]+(?:ian|an|ese|ish|ch|i|ic|ean)", word) and not nationality:
            taken.insert(0, word + space)
            nationality = True
            continue
        break
    if not taken:
        return
    length = sum(len(t) for t in taken)
    m.descriptors.append("".join(taken).strip())
    m.start -= length
    m.text = text[m.start:m.end]


def _premodifier(text: str, m: Mention, doc) -> str | None:
    """Lowercase noun phrase right before the name: "exiled human rights activist"."""
    if doc is None:
        return _role_before(text, m)
    window = doc.char_span(max(m.start - 80, 0), m.start, alignment_mode="expand")
    tokens = [t for t in window or () if t.idx + len(t) <= m.start and t.idx >= m.start - 80]
    chain = []
    for token in reversed(tokens):
        gap = text[token.idx + len(token):(chain[0].idx if chain else m.start)]
        if gap.strip() or "\n" in gap:
            break
        # a sentence-initial participle is tagged PROPN ("Exiled Russian ... activist")
        initial_modifier = token.is_sent_start and token.dep_ == "amod"
        if token.pos_ in ("NOUN", "ADJ") or token.tag_ == "VBN" or token.ent_type_ == "NORP" \
                or initial_modifier:
            if token.is_stop or token.text.lower() in TITLES:
                break
            chain.insert(0, token)
            continue
        break
    if not chain or chain[-1].pos_ != "NOUN":
        return None
    return text[chain[0].idx:chain[-1].idx + len(chain[-1])]


def _role_before(text: str, m: Mention) -> str | None:
    """Without a parser: a known role noun right before the name, with the lowercase
    adjectives before it ("russische Aktivist", "rosyjski opozycjonista")."""
    words = list(re.finditer(r"[^\W\d_][\w\-]*", text[max(m.start - 80, 0):m.start]))
    if not words or words[-1].group().lower() not in ROLE_WORDS | TITLES:
        return None
    offset = max(m.start - 80, 0)
    if text[offset + words[-1].end():m.start].strip():
        return None
    first = words[-1]
    for word in reversed(words[:-1][-2:]):
        gap = text[offset + word.end():offset + first.start()]
        if gap != " " or word.group().lower() in STOPWORDS or not word.group()[0].islower():
            break
        first = word
    return text[offset + first.start():offset + words[-1].end()]


def _appositions(text: str, m: Mention, parsed: bool) -> list[str]:
    found = []
    # after "critic of NAME," the apposition may describe the critic: too ambiguous
    governed = re.search(r"\b(of|de|du|von|des)\s+$", text[max(m.start - 6, 0):m.start])
    after = None if governed else re.match(r",\s+([^,;:()\n“”\"]{3,120}?)(?=\s*[,;:)\n]|\.\s|\.$)", text[m.end:m.end + 130])
    if after and _descriptive(after.group(1), parsed):
        phrase = re.split(r"\s+(?:who|which|that|qui|que|der|die|das)\s+", after.group(1))[0]
        found.append(phrase.strip())
    age = re.match(r",\s+(\d{1,3}),", text[m.end:m.end + 8])
    if age:
        found.append(f"{age.group(1)}-year-old")
    before = re.search(r"(?:^|[.!?]\s+|\n)((?:[Tt]he|[Aa]n?|L[ae]|Der|Die|El)\s[^,.;\n]{3,80}),\s*$",
                       text[max(m.start - 100, 0):m.start])
    if before:
        found.append(before.group(1).strip())
    return found


def _descriptive(phrase: str, parsed: bool) -> bool:
    words = phrase.split()
    if not words or len(words) > 16 or words[0].lower() in _RELATIVES:
        return False
    if words[0].lower() in _DETERMINERS or any(w.lower() in ROLE_WORDS for w in words[:2]):
        return True
    if not parsed:  # without a parser, a lowercase clause is as likely as an apposition
        return False
    if re.match(r"[a-z]+(ed|en|wn|ing)$", words[0]):  # participle clause: "known for ..."
        return False
    return words[0][0].islower() and not re.search(r"\b(said|says|told|added|dit|sagte)\b", phrase)


def _outside_titles(mentions: list[Mention]) -> list[Mention]:
    """Mentions that a person's extension over a title took in are part of that title
    ("Interior" of "Interior Minister Laurent Nuñez"), not names of their own."""
    people = [m for m in mentions if m.type == "PERSON"]
    return [m for m in mentions
            if not any(p is not m and p.start <= m.start and m.end <= p.end for p in people)]


def _age_anaphors(text: str, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """"the 41-year-old" -> the one person named in this or the two previous sentences."""
    found = []
    people = [m for m in mentions if m.type == "PERSON"]
    for match in _AGE_ANAPHOR.finditer(text):
        sentence = _sentence_of(starts, match.start())
        near = {p.canonical for p in people
                if sentence - 2 <= p.sentence <= sentence and p.start < match.start()}
        if len(near) != 1:
            continue
        name = near.pop()
        descriptor = f"{match.group(1)}-year-old"
        found.append(Mention(match.start(), match.end(), match.group(), "PERSON", sentence,
                             canonical=name, descriptors=[descriptor]))
    return found
