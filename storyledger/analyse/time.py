"""Temporal expressions, normalised against the publication date, and event times.

`extract_times` finds temporal expressions with a grammar of regular expressions
(English and French news language) and normalises each one to a TimeML value
(2022-09-12, 2022-09, 2022-W38, 2022-Q3, PRESENT_REF, P3Y, ...) against the
article's document creation time (DCT, its publication date). Expressions that
need the DCT stay unresolved (value None) when it is unknown: never a guess.

Other languages get their month and weekday names from dateparser's locale tables
and the few words it lacks ("letzten Jahres", "pasado", parts of the day as in
"Sonntagmorgen") from the [time] section of storyledger/lang/<code>.toml; dateparser's own search
fills in the rest. A day marked "dernier/last/прошлого" is the most recent such
day on or before publication.

Whether a bare "Monday" or "February" points backwards or forwards depends on
the tense of the clause: the governing verb's morphology when a spaCy Doc is
given, else cue words ("will", "next", "-ed" verbs) around the expression.

Extents follow TimeML as TimeBank and AQUAINT annotate it: prepositions and
"over", "within", "about" are signals outside the expression (they may set its
`mod`), a determiner before an adjectival expression belongs to the noun, and
with `join_ranges=False` a range stays two expressions.

Event clauses and their dates (`anchor_events`) live in analyse/events.py.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Callable, Mapping

from storyledger import segment
from storyledger.model import TimeExpr

NO_DCT = "no publication date"

# ---------------------------------------------------------------- lexicon

MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
MONTHS_FR = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12, "half a dozen": 6,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
}
VAGUE_NUMBERS = {"a few", "few", "several", "some", "many", "a number of", "numerous",
                 "quelques", "plusieurs", "de nombreux", "de nombreuses"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "premier": 1, "deuxième": 2, "troisième": 3,
            "quatrième": 4}
# unit -> (TimeML duration letter, multiplier, granularity)
UNITS = {
    "second": ("S", 1, "second"), "seconde": ("S", 1, "second"),
    "minute": ("M", 1, "minute"), "hour": ("H", 1, "hour"), "heure": ("H", 1, "hour"),
    "day": ("D", 1, "day"), "jour": ("D", 1, "day"), "journée": ("D", 1, "day"),
    "week": ("W", 1, "week"), "semaine": ("W", 1, "week"),
    "month": ("M", 1, "month"), "mois": ("M", 1, "month"),
    "quarter": ("Q", 1, "quarter"), "trimestre": ("Q", 1, "quarter"),
    "year": ("Y", 1, "year"), "an": ("Y", 1, "year"), "année": ("Y", 1, "year"),
    "decade": ("Y", 10, "decade"), "décennie": ("Y", 10, "decade"),
    "century": ("Y", 100, "century"), "siècle": ("Y", 100, "century"),
    "millennium": ("Y", 1000, "millennium"), "millénaire": ("Y", 1000, "millennium"),
}
# plurals (and the stem the English unit pattern leaves before its "s") that dropping a final
# "s" does not turn into a key of UNITS
UNIT_PLURALS = {"centuries": "century", "centurie": "century", "millennia": "millennium",
                "millenniums": "millennium", "ans": "an"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
           "printemps": "SP", "été": "SU", "automne": "FA", "hiver": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "matin": "MO", "matinée": "MO", "après-midi": "AF", "soir": "EV",
                "soirée": "EV", "nuit": "NI"}

# ---------------------------------------------------------------- regex pieces


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MONTH_EN = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
           r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|" \
           r"Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)(?!\w)"
MONTH_FR = r"(?:" + _alt(MONTHS_FR) + r")"
MONTH = rf"(?:{MONTH_FR}|{MONTH_EN})"
WEEKDAY_EN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY_FR = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
WEEKDAY = rf"(?:{WEEKDAY_EN}|{WEEKDAY_FR}|{WEEKDAY_FR.title()})"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"
NUMWORD = r"(?:\d+\s+1/2|\d+(?:[.,]\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)" \
          r"[- ](?:one|two|three|four|five|six|seven|eight|nine)|" + _alt(NUMBERS) + r")"
VAGUE = _alt(VAGUE_NUMBERS)
UNIT_EN = r"(?:second|minute|hour|day|week|month|quarter|year|decade|century|centurie|millennium|millennia)"
UNIT_FR = r"(?:secondes?|minutes?|heures?|jours?|journées?|semaines?|mois|trimestres?|ans|" \
          r"années?|décennies?|siècles?|millénaires?)"
SEASON_EN = r"(?:spring|summer|fall|autumn|winter)"
SEASON_FR = r"(?:printemps|été|automne|hiver)"
PART_EN = r"(?:morning|afternoon|evening|night)"
PART_FR = r"(?:matin|matinée|après-midi|soir|soirée|nuit)"
B = r"(?<![\w'])"  # word start
E = r"(?![\w])"  # word end
NOT_NUMBER_AFTER = r"(?![\w%]|[.,:/]\d|\s*(?:%|percent|per cent))"
YEAR_B = rf"(?:(?<=mid-)|(?<=post-)|(?<=pre-)|(?<![\w$£€¥.,:/#-])){YEAR}{NOT_NUMBER_AFTER}(?!-(?:year|month|day|week))"


# ---------------------------------------------------------------- dates


def _shift_months(y: int, m: int, delta: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + delta
    return total // 12, total % 12 + 1


def _day(d: date) -> str:
    return d.isoformat()


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter_of(m: int) -> int:
    return (m - 1) // 3 + 1


def _shift_quarter(y: int, q: int, delta: int) -> tuple[int, int]:
    total = y * 4 + (q - 1) + delta
    return total // 4, total % 4 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_dct(dct: str | None) -> date | None:
    if not dct:
        return None
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", dct)
    return _safe_date(*map(int, match.groups())) if match else None


def _number(word: str) -> int | None:
    """2, "two", "twenty-four", "a couple of" -> int; vague words -> None."""
    word = word.lower().strip().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", word):
        return int(float(word))
    if word in NUMBERS:
        return NUMBERS[word]
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def _unit(word: str) -> tuple[str, int, str] | None:
    """A unit word in any number ("centuries", "millennia", "journées") -> UNITS entry."""
    word = word.lower().rstrip(".")
    word = UNIT_PLURALS.get(word, word)
    for candidate in (word, word.removesuffix("s")):
        if candidate in UNITS:
            return UNITS[candidate]
    return None


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS_EN.get(word) or MONTHS_FR[word]


def _duration(n: int | None, unit: tuple[str, int, str]) -> str:
    letter, multiplier, _ = unit
    amount = "X" if n is None else _fmt_amount(n * multiplier)
    time_part = "T" if unit[2] in ("second", "minute", "hour") else ""
    return f"P{time_part}{amount}{letter}"


def _fmt_amount(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


# ---------------------------------------------------------------- tense


FUTURE_CUES = re.compile(
    r"^(?:will|won't|shall|'ll|wo|soon|"
    r"tomorrow|next|upcoming|coming|sera|seront|aura|auront|va|vont|ira|iront|prochaine?s?|demain|"
    r"\w+(?:era|eront|ira|iront))$", re.I)
MODAL_CUES = re.compile(r"^(?:must|should|would|could|may|might|can|cannot|doit|doivent|devrait|"
                        r"pourrait|pourraient)$", re.I)
PAST_CUES = re.compile(
    r"^(?:was|were|had|did|been|ago|last|yesterday|earlier|(?-i:[a-z]\w{2,}ed)|said|told|took|went|came|"
    r"made|saw|found|gave|began|fled|left|held|met|won|lost|sold|bought|paid|fell|rose|hit|"
    r"struck|shot|killed|hier|derni(?:er|ère)s?|été|avait|avaient|était|étaient|fut|furent|"
    r"\w+(?:é|ée|és|ées))$", re.I)
# these announce the future only when followed by "to"/"for" ("plans to", "scheduled for")
FUTURE_BEFORE_TO = {"plan", "plans", "planned", "expect", "expects", "expected", "set", "due",
                    "scheduled", "going", "poised", "about"}
# a verb whose infinitive complement happens later: "expects to", "plans to", "is due to"
INTENT_HEADS = {"expect", "plan", "schedule", "set", "intend", "aim", "hope", "promise", "vow", "pledge",
                "threaten", "prepare", "due", "forecast", "predict"}
PASSE_COMPOSE = re.compile(r"\b(?:a|ont|est|sont|ai|as|avons|avez|sommes|êtes|s['’]est|se\s+sont)\s+"
                           r"(?:(?:été|pas|déjà|bien|ensuite|alors)\s+)?\w+(?:é|ée|és|ées|i|is|it|u|us|ue|"
                           r"ert|erte|ort|orte|int)\b", re.I)
NOT_PAST = {"need", "speed", "seed", "feed", "hundred", "indeed", "proceed", "succeed", "exceed",
            "breed", "greed", "bleed", "embed", "shed", "bed", "red", "wed", "led"}
CLAUSE_BREAK = re.compile(r"[;:!?\n()]|,\s+(?:and|but|while|when|after|before|as)\b|[“”\"«»]")
WORD = re.compile(r"[\w'’-]+")


def _cue_tense(text: str, pos: int, start: int, end: int) -> str | None:
    """Tense from the verb group nearest to `pos` in its clause, by cue words.

    Looks left of the expression first (the governing verb usually precedes it
    in English and French), then right; a modal ("must be returned by Jan. 14")
    or a future auxiliary before a past-looking participle wins over it.
    """
    left_limit = start
    for match in CLAUSE_BREAK.finditer(text, start, pos):
        left_limit = match.end()
    left = WORD.findall(text[left_limit:pos])[-12:]
    tense = _tense_of_words(list(reversed(left)), look_back=left)
    if tense is None and PASSE_COMPOSE.search(text, max(left_limit, pos - 80), pos):
        return "past"
    if tense:
        return tense
    right_break = CLAUSE_BREAK.search(text, pos, end)
    right = WORD.findall(text[pos:right_break.start() if right_break else end])[:10]
    return _tense_of_words(right, look_back=None)


def _tense_of_words(words: list[str], look_back: list[str] | None) -> str | None:
    for i, word in enumerate(words):
        if word.lower() in FUTURE_BEFORE_TO:
            after = words[i - 1] if look_back is not None and i > 0 else (
                words[i + 1] if look_back is None and i + 1 < len(words) else "")
            if after.lower() in ("to", "for"):
                return "future"
            continue
        if FUTURE_CUES.match(word):
            following = words[i - 1] if look_back is not None and i > 0 else (
                words[i + 1] if look_back is None and i + 1 < len(words) else "")
            if word.lower() == "next" and following.lower() == "to":
                continue  # "next to the embassy": a place, not the future
            if look_back is not None and any(w.lower() in ("had", "been", "was", "were")
                                             for w in words[i + 1:i + 3]):
                return "past"  # "had been due to expire Friday"
            return "future"
        if MODAL_CUES.match(word):
            return "modal"
        if PAST_CUES.match(word) and word.lower() not in NOT_PAST:
            if look_back is not None:  # words are reversed: the next ones precede this cue
                before = words[i + 1:i + 4]
                if any(FUTURE_CUES.match(w) and w.lower() not in ("next", "last") for w in before):
                    return "future"
                if any(MODAL_CUES.match(w) for w in before):
                    return "modal"
            return "past"
    return None


def _doc_tense(doc, char: int) -> str | None:
    """Tense of the verb governing the token at `char`, from spaCy morphology."""
    token = _token_at(doc, char)
    if token is None:
        return None
    verb, steps = token, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and steps < 8:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return _verb_tense(verb)


def _verb_tense(verb) -> str | None:
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    aux_words = {a.lower_ for a in auxes}
    aux_lemmas = {a.lemma_.lower() for a in auxes}
    if aux_words & {"will", "shall", "'ll", "wo", "ll"} or "aller" in aux_lemmas:
        return "future"
    if "going" in aux_words or (verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)):
        return "future"
    tense = verb.morph.get("Tense")
    if "Fut" in tense or any("Fut" in a.morph.get("Tense") for a in auxes):
        return "future"  # "seront présentés samedi": a future auxiliary before a participle
    if verb.tag_ == "VB" and verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in INTENT_HEADS \
            and (verb.dep_ == "xcomp" or any(c.tag_ == "TO" for c in verb.children)):
        return "future"  # "expect the rain to ease on Friday", "plans to meet on Monday"
    if any(a.tag_ in ("VBD",) or "Past" in a.morph.get("Tense") for a in auxes):
        return "past"
    if aux_lemmas & {"avoir", "être"} and "Part" in verb.morph.get("VerbForm"):
        return "past"
    if verb.tag_ in ("VBD", "VBN") or "Past" in tense or "Imp" in tense:
        return "past"
    if aux_words & {"would", "could", "might", "should", "may", "must", "can"}:
        return "modal"
    if "Pres" in tense or verb.tag_ in ("VBP", "VBZ"):
        return "present"
    return None


def _token_at(doc, char: int):
    if doc is None:
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


# ---------------------------------------------------------------- context


class _NeedsDCT(Exception):
    pass


@dataclass
class _Context:
    text: str
    dct: date | None
    sentences: list[tuple[int, int]]
    doc: object = None
    _tenses: dict = field(default_factory=dict)
    anaphora: dict = field(default_factory=dict)  # (start, end) -> (shift, unit)

    def need(self) -> date:
        if self.dct is None:
            raise _NeedsDCT
        return self.dct

    def sentence_of(self, pos: int) -> int | None:
        for i, (s, e) in enumerate(self.sentences):
            if s <= pos < e:
                return i
        return None

    def tense(self, pos: int) -> str | None:
        if pos in self._tenses:
            return self._tenses[pos]
        tense = _doc_tense(self.doc, pos) if self.doc is not None else None
        if tense is None:
            i = self.sentence_of(pos)
            s, e = self.sentences[i] if i is not None else (max(0, pos - 200), pos + 200)
            tense = _cue_tense(self.text, pos, s, e)
        self._tenses[pos] = tense
        return tense


@dataclass
class _Hit:
    """What a rule found; the span is the regex match unless `start` moves its beginning."""

    type: str
    value: str | None
    granularity: str | None = None
    mod: str | None = None
    end_value: str | None = None
    start: int | None = None  # a later start than the match ("over the years" -> "the years")
    anaphora: tuple[int, str] | None = None  # (shift, unit) for "that day", "the following year"
    unresolved_reason: str | None = None


# ---------------------------------------------------------------- resolvers


# "until 9 a.m. Tuesday", "by Friday": a deadline, the nearest such day either side of the DCT
DEADLINE = re.compile(r"\b(?:until|till|by|before|no\s+later\s+than|jusqu['’]à|d['’]ici)\s+"
                      r"(?:[\d:.]+\s*(?:a\.m\.|p\.m\.|am|pm|h)?\s*(?:[A-Z]{3}\s+)?)?$", re.I)


def _resolve_weekday(ctx: _Context, weekday: int, pos: int, relation: str | None = None) -> date:
    dct = ctx.need()
    if relation is None and DEADLINE.search(ctx.text, max(0, pos - 20), pos):
        back, forward = (dct.weekday() - weekday) % 7, (weekday - dct.weekday()) % 7
        return dct + timedelta(days=forward) if forward < back else dct - timedelta(days=back)
    if relation is None:
        relation = "next" if ctx.tense(pos) in ("future", "modal") else "last"
        back = (dct.weekday() - weekday) % 7
        forward = (weekday - dct.weekday()) % 7
        return dct + timedelta(days=forward) if relation == "next" else dct - timedelta(days=back)
    if relation == "last_or_today":
        return dct - timedelta(days=(dct.weekday() - weekday) % 7)
    if relation == "next_or_today":
        return dct + timedelta(days=(weekday - dct.weekday()) % 7)
    if relation == "last":
        return dct - timedelta(days=(dct.weekday() - weekday) % 7 or 7)
    if relation == "next":
        return dct + timedelta(days=(weekday - dct.weekday()) % 7 or 7)
    return dct - timedelta(days=dct.weekday()) + timedelta(days=weekday)  # this


# A past-tense clause can still mention a date a few weeks ahead ("said it will pay
# the dividend Dec. 7"), so the tense only decides for dates far from the DCT.
NEAR_DAYS = 93


def _days_around(dct: date, month: int, day: int) -> tuple[list[date], date | None, bool]:
    """The day and month in the year before, of and after `dct`; the nearest of them; and
    whether it lies within a season of `dct` (then it is the answer whatever the tense)."""
    candidates = [d for d in (_safe_date(dct.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not candidates:
        return [], None, False
    nearest = min(candidates, key=lambda d: abs((d - dct).days))
    return candidates, nearest, abs((nearest - dct).days) <= NEAR_DAYS


def _resolve_month_day(ctx: _Context, month: int, day: int, pos: int) -> date | None:
    dct = ctx.need()
    candidates, nearest, near = _days_around(dct, month, day)
    if nearest is None or near:
        return nearest
    tense = ctx.tense(pos)
    before = [d for d in candidates if d <= dct]
    after = [d for d in candidates if d >= dct]
    if tense == "past" and nearest > dct and before:
        return before[-1]
    if tense == "future" and nearest < dct and after:
        return after[0]
    return nearest


def _resolve_month(ctx: _Context, month: int, pos: int) -> str:
    """A month named without its year: the nearest within a season of publication (a past
    clause still names next month's plans: "said sales would resume in January"), else the
    tense decides. Reading every past clause's month as past costs TempEval-3 value F1."""
    dct = ctx.need()
    day = _resolve_month_day(ctx, month, 15, pos)
    if day is None or month == dct.month:
        return _month(dct.year, month)
    return _month(day.year, day.month)


def _month_year_of(dct: date, month: int, ahead: bool) -> int:
    if ahead:
        return dct.year + (1 if month < dct.month else 0)
    return dct.year - (1 if month > dct.month else 0)


def _last_on_or_before(dct: date, month: int, day: int) -> date | None:
    """The most recent such day on or before publication ("le 12 septembre dernier")."""
    for year in (dct.year, dct.year - 1, dct.year - 2):
        d = _safe_date(year, month, day)
        if d and d <= dct:
            return d
    return None


def _year_before(text: str, pos: int) -> int | None:
    """The last year the text wrote out before `pos` ("In 2022 ... in February that year")."""
    years = [int(y) for y in re.findall(YEAR_B, text[:pos])]
    return years[-1] if years else None


def _relative_unit(ctx: _Context, unit_word: str, offset: int) -> _Hit | None:
    """this/last/next + unit -> value at that unit's granularity."""
    dct = ctx.need()
    word = unit_word.lower()
    if word.startswith(("week", "semaine")) and "end" not in word:
        return _Hit("DATE", _week(dct + timedelta(weeks=offset)), "week")
    if word in ("weekend", "week-end", "week end"):
        return _Hit("DATE", _week(dct + timedelta(weeks=offset)) + "-WE", "week")
    if word.startswith(("month", "mois")):
        return _Hit("DATE", _month(*_shift_months(dct.year, dct.month, offset)), "month")
    if word.startswith("quarter") or word.startswith("trimestre"):
        y, q = _shift_quarter(dct.year, _quarter_of(dct.month), offset)
        return _Hit("DATE", f"{y}-Q{q}", "quarter")
    if word.startswith(("year", "an", "année")):
        return _Hit("DATE", str(dct.year + offset), "year")
    if word.startswith(("decade", "décennie")):
        return _Hit("DATE", str(dct.year // 10 + offset)[:3], "decade")
    if word.startswith(("centur", "siècle")):
        return _Hit("DATE", str(dct.year // 100 + offset), "century")
    if word in SEASONS:
        return _season(ctx, SEASONS[word], offset)
    if word.lower() in WEEKDAYS:
        relation = {-1: "last", 0: "this", 1: "next"}[offset]
        return _Hit("DATE", _day(_resolve_weekday(ctx, WEEKDAYS[word], 0, relation)), "day")
    return None


def _season(ctx: _Context, code: str, offset: int | None, pos: int = 0) -> _Hit:
    dct = ctx.need()
    order = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
    current = {12: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3}[dct.month]
    year = dct.year
    if offset is None:
        tense = ctx.tense(pos)
        offset = -1 if tense == "past" and order[code] > current else 0
        offset = 1 if tense == "future" and order[code] < current else offset
        return _Hit("DATE", f"{year + offset}-{code}", "season")
    if offset == -1:
        year -= 1 if order[code] >= current else 0
    elif offset == 1:
        year += 1 if order[code] <= current else 0
    return _Hit("DATE", f"{year}-{code}", "season")


def _shift_by_unit(ctx: _Context, n: int, unit: tuple[str, int, str], sign: int) -> _Hit:
    dct = ctx.need()
    letter, multiplier, gran = unit
    amount = n * multiplier * sign
    if gran in ("second", "minute", "hour"):
        return _Hit("DATE", _day(dct), "day")
    if gran == "day":
        return _Hit("DATE", _day(dct + timedelta(days=amount)), "day")
    if gran == "week":
        return _Hit("DATE", _week(dct + timedelta(weeks=amount)), "week")
    if gran == "month":
        return _Hit("DATE", _month(*_shift_months(dct.year, dct.month, amount)), "month")
    if gran == "quarter":
        y, q = _shift_quarter(dct.year, _quarter_of(dct.month), amount)
        return _Hit("DATE", f"{y}-Q{q}", "quarter")
    year = dct.year + amount  # "a decade ago": that year
    if year < 1:
        return _Hit("DATE", "PAST_REF", None)  # "three millennia ago": before the calendar's years
    return _Hit("DATE", f"{year:04d}", "year")


# ---------------------------------------------------------------- rules

Handler = Callable[[re.Match, _Context], "_Hit | None"]
RULES: list[tuple[re.Pattern, Handler, str]] = []


def rule(pattern: str, type_: str = "DATE", flags: int = re.I):
    compiled = re.compile(pattern, flags)

    def register(handler: Handler) -> Handler:
        RULES.append((compiled, handler, type_))
        return handler

    return register


def _is_capitalised_month(word: str) -> bool:
    return word[0].isupper() or word.lower().rstrip(".") in MONTHS_FR


# --- absolute dates

@rule(rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>{YEAR}){E}")
def _day_month_year(m, ctx):
    d = _safe_date(int(m["y"]), _month_number(m["m"]), int(re.match(r"\d+", m["d"]).group()))
    return _Hit("DATE", _day(d), "day") if d and _is_capitalised_month(m["m"]) else None


@rule(rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH_EN})\s+(?P<d>{DAYNUM}),?\s+(?P<y>{YEAR}){E}", flags=0)
def _month_day_year(m, ctx):
    d = _safe_date(int(m["y"]), _month_number(m["m"]), int(re.match(r"\d+", m["d"]).group()))
    return _Hit("DATE", _day(d), "day") if d else None


@rule(rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH_EN})\s+(?P<d>{DAYNUM})(?![\d,.]\d|\w|\s*%)", flags=0)
def _month_day(m, ctx):
    return _month_day_hit(m, ctx)


@rule(rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<m>{MONTH})(?!\s+\d)")
def _day_month(m, ctx):
    if not _is_capitalised_month(m["m"]):
        return None
    return _month_day_hit(m, ctx)


def _month_day_hit(m, ctx):
    month, day = _month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())
    if m["wd"]:  # "Monday, Sept. 12": the weekday fixes the year
        dct = ctx.need()
        for k in (0, -1, 1):
            d = _safe_date(dct.year + k, month, day)
            if d and d.weekday() == WEEKDAYS[m["wd"].lower()]:
                return _Hit("DATE", _day(d), "day")
    d = _resolve_month_day(ctx, month, day, m.start())
    return _Hit("DATE", _day(d), "day") if d else None


YEAR_REL_FR = r"(?:de\s+)?l['’]\s*(?:année|an)\s+(?P<yrel>derni(?:er|ère)|pass(?:é|ée)|prochaine?)"


@rule(rf"{B}(?P<d>{DAYNUM})\s+(?P<m>{MONTH_FR})\s+(?:(?P<last>derni(?:er|ère))|{YEAR_REL_FR}){E}")
def _day_month_last_fr(m, ctx):
    """"le 12 septembre dernier": the most recent 12 September; "... de l'année dernière": last year's."""
    month, day = _month_number(m["m"]), int(re.match(r"\d+", m["d"]).group())
    return _day_in_relative_year(ctx, month, day, "last" if m["last"] else m["yrel"].lower())


@rule(rf"{B}(?:(?P<last>last)\s+(?P<m>{MONTH_EN})\s+(?P<d>{DAYNUM})|(?P<m2>{MONTH_EN})\s+(?P<d2>{DAYNUM}),?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year|"
      rf"(?:the\s+)?(?P<d3>{DAYNUM})\s+(?:of\s+)?(?P<m3>{MONTH_EN})\s+(?P<rel3>last|this|next)\s+year){E}")
def _day_month_last_en(m, ctx):
    """"last September 12" (the most recent one), "September 12 last year"."""
    month = _month_number(m["m"] or m["m2"] or m["m3"])
    day = int(re.match(r"\d+", m["d"] or m["d2"] or m["d3"]).group())
    return _day_in_relative_year(ctx, month, day, "last" if m["last"] else (m["rel"] or m["rel3"]).lower())


def _day_in_relative_year(ctx, month: int, day: int, relation: str) -> _Hit | None:
    dct = ctx.need()
    if relation == "last":
        d = _last_on_or_before(dct, month, day)
    else:
        shift = {"this": 0, "next": 1, "prochain": 1, "prochaine": 1}.get(relation, -1)
        d = _safe_date(dct.year + shift, month, day)
    return _Hit("DATE", _day(d), "day") if d else None


@rule(rf"{B}(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR}){E}")
def _month_year(m, ctx):
    if not _is_capitalised_month(m["m"]):
        return None
    return _Hit("DATE", _month(int(m["y"]), _month_number(m["m"])), "month")


@rule(rf"{B}(?P<m>{MONTH})\s+(?:of\s+)?(?P<rel>this|last|next|that)\s+year{E}")
def _month_relative_year(m, ctx):
    if not _is_capitalised_month(m["m"]):
        return None
    if m["rel"].lower() == "that":
        year = _year_before(ctx.text, m.start())
        if year is not None:
            return _Hit("DATE", _month(year, _month_number(m["m"])), "month")
        return _Hit("DATE", _resolve_month(ctx, _month_number(m["m"]), m.start()), "month")
    offset = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return _Hit("DATE", _month(ctx.need().year + offset, _month_number(m["m"])), "month")


@rule(rf"{B}(?P<m>{MONTH})\s+(?P<rel>dernier|prochain)|(?P<m2>{MONTH})\s+de\s+(?P<rel2>cette|l'|l’)\s*année(?:\s+(?P<rel3>dernière|prochaine))?")
def _month_relative_fr(m, ctx):
    dct = ctx.need()
    month = _month_number(m["m"] or m["m2"])
    rel = (m["rel"] or m["rel3"] or "").lower()
    if rel.startswith("dernier"):
        year = dct.year if month < dct.month else dct.year - 1
        year = dct.year - 1 if m["m2"] else year
    elif rel.startswith("prochain"):
        year = dct.year if month > dct.month else dct.year + 1
        year = dct.year + 1 if m["m2"] else year
    else:
        year = dct.year
    return _Hit("DATE", _month(year, month), "month")


@rule(rf"(?<![\w.]){MONTH_EN}(?![\w-]|\s+\d)", flags=0)
def _bare_month_en(m, ctx):
    word = m.group()
    if re.match(r"\s+(?:for|of|on)\s+(?:the\s+)?[A-Z]", ctx.text[m.end():]):
        return None  # "the March for Life": a name
    if word == "May" and not _looks_like_month_may(ctx.text, m):
        return None
    if word in ("Mar", "Jan", "Jun", "Jul", "Sep", "Sept", "Oct", "Nov", "Dec", "Feb", "Aug"):
        return None  # abbreviation without its period is rarely a month on its own
    return _Hit("DATE", _resolve_month(ctx, _month_number(word), m.start()), "month")


def _looks_like_month_may(text: str, m) -> bool:
    before = text[max(0, m.start() - 12):m.start()].lower()
    return bool(re.search(r"\b(in|of|since|until|by|early|late|mid-?|last|next|this|since|"
                          r"before|after|during|through)\s*$", before))


FR_MONTH_LEAD = re.compile(r"(?:\b(?:en|de|d['’]|depuis|fin|début|courant|avant|après|"
                           r"jusqu['’]en|dès)\s+|\b(?:mi|fin|début)-)$", re.I)


@rule(rf"(?<![\w])(?P<m>{MONTH_FR})(?![\w-]|\s+\d)")
def _bare_month_fr(m, ctx):
    if not FR_MONTH_LEAD.search(ctx.text[max(0, m.start() - 12):m.start()]):
        return None
    return _Hit("DATE", _resolve_month(ctx, _month_number(m["m"]), m.start()), "month")


@rule(rf"{B}(?P<y>\d{{4}})-(?P<m>\d\d)-(?P<d>\d\d){E}")
def _iso_date(m, ctx):
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Hit("DATE", _day(d), "day") if d else None


@rule(r"(?<![\w/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/])")
def _slash_date(m, ctx):
    y = int(m["y"]) + (1900 if len(m["y"]) == 2 and int(m["y"]) > 30 else 2000 if len(m["y"]) == 2 else 0)
    a, b = int(m["a"]), int(m["b"])
    day, month = (a, b) if a > 12 else (b, a)  # US order unless impossible
    d = _safe_date(y, month, day)
    return _Hit("DATE", _day(d), "day") if d else None


@rule(YEAR_B, flags=0)
def _year(m, ctx):
    if _is_count(ctx.text, m.start(), m.end()):
        return None
    return _Hit("DATE", m.group(), "year")


COUNT_NOUNS = re.compile(
    r"\s+(?:people|persons|men|women|children|troops|soldiers|police|officers|employees|workers|"
    r"jobs|votes|shares|dollars|euros|pounds|yuan|yen|tons|tonnes|km|kilometers|kilometres|"
    r"miles|meters|metres|feet|acres|hectares|units|cars|vehicles|homes|houses|cases|deaths|"
    r"victims|members|students|refugees|migrants|prisoners|passengers|points|barrels|copies|"
    r"personnes|hommes|femmes|enfants|soldats|euros|emplois|morts|victimes|habitants)\b", re.I)


def _is_count(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 25):start]
    if re.search(r"(?:No\.|number|flight|route|room|page|article|highway|code|#|rue)\s*$", before, re.I):
        return True
    return bool(COUNT_NOUNS.match(text, end))


@rule(rf"{B}(?:the\s+)?(?:(?P<y>1[5-9]\d|20\d)0'?s|'(?P<yy>\d)0s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)){E}")
def _decade(m, ctx):
    if m["y"]:
        return _Hit("DATE", m["y"], "decade")
    if m["yy"]:
        return _Hit("DATE", "19" + m["yy"], "decade")
    if not m.group().lower().startswith("the"):
        return None
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
            "seventies": 7, "eighties": 8, "nineties": 9}[m["word"].lower()]
    return _Hit("DATE", f"19{tens}", "decade")


@rule(rf"{B}(?:the\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+century{E}|{B}(?:le\s+)?(?P<r>[XVI]+)e\s+siècle{E}")
def _century(m, ctx):
    if m["n"]:
        return _Hit("DATE", f"{int(m['n']) - 1:02d}", "century")
    roman = {"XVIII": 18, "XIX": 19, "XX": 20, "XXI": 21, "XVII": 17}.get(m["r"])
    return _Hit("DATE", f"{roman - 1:02d}", "century") if roman else None


@rule(rf"{B}(?:fiscal|FY)\s*(?:year\s+)?(?P<y>{YEAR}|'?\d\d){E}")
def _fiscal_year(m, ctx):
    y = m["y"].lstrip("'")
    y = y if len(y) == 4 else ("19" if int(y) > 30 else "20") + y
    return _Hit("DATE", y, "year")


# --- quarters, halves, seasons

QUARTER_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"


@rule(rf"{B}(?:the\s+)?(?:(?P<fy>{YEAR})\s+|(?P<ago>year-ago|year-earlier|year-before)\s+|(?P<rel0>this|last|next)\s+year['’]s\s+)?(?:fiscal[- ])?(?P<o>{QUARTER_ORD})[- ](?:fiscal[- ])?quarter(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year))?{E}")
def _quarter(m, ctx):
    q = ORDINALS[m["o"].lower()]
    if m["y"] or m["fy"]:
        return _Hit("DATE", f"{m['y'] or m['fy']}-Q{q}", "quarter")
    dct = ctx.need()
    year = dct.year + {"this": 0, "last": -1, "next": 1}.get((m["rel"] or m["rel0"] or "this").lower())
    if m["ago"]:
        year -= 1
    elif not (m["rel"] or m["rel0"]) and q > _quarter_of(dct.month) and ctx.tense(m.start()) == "past":
        year -= 1  # "fourth-quarter profit rose" in a January report
    return _Hit("DATE", f"{year}-Q{q}", "quarter")


@rule(rf"{B}(?:the\s+)?(?P<o>first|second)[- ]half(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year))?{E}")
def _half(m, ctx):
    h = 1 if m["o"].lower() == "first" else 2
    if m["y"]:
        return _Hit("DATE", f"{m['y']}-H{h}", "half")
    if not m["rel"] and not re.match(r"\s+of\s+(?:the\s+)?(?:year|decade|century)", ctx.text[m.end():]):
        if not re.search(r"\s(?:in|during|for)\s+(?:the\s+)?$", ctx.text[max(0, m.start() - 20):m.start()]):
            return None  # "the first half" of a match, a book, ...
    dct = ctx.need()
    year = dct.year + {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "this").lower())
    return _Hit("DATE", f"{year}-H{h}", "half")


@rule(rf"{B}(?:the\s+)?(?:latest|last|past|previous|most\s+recent|recent|current|same|year-ago|"
      rf"year-earlier|comparable|fiscal|this)?[- ]?quarter{E}(?!s|-)")
def _the_quarter(m, ctx):
    words = m.group().lower()
    if not words.startswith(("the", "this", "last", "latest")):
        return None
    dct = ctx.need()
    y, q = dct.year, _quarter_of(dct.month)
    if "current" in words or words.startswith("this"):
        return _Hit("DATE", f"{y}-Q{q}", "quarter")
    y, q = _shift_quarter(y, q, -1)
    if "year-ago" in words or "year-earlier" in words:
        y -= 1
    return _Hit("DATE", f"{y}-Q{q}", "quarter")


@rule(rf"{B}(?:(?P<rel>last|this|next|past|coming|early|late)\s+)?(?P<s>{SEASON_EN})(?:\s+(?:of\s+)?(?P<y>{YEAR}))?{E}")
def _season_en(m, ctx):
    code = SEASONS[m["s"].lower()]
    if m["y"]:
        return _Hit("DATE", f"{m['y']}-{code}", "season")
    rel = (m["rel"] or "").lower()
    if not rel:
        if m["s"].lower() == "fall" or not re.search(r"\b(?:in|this|the|during|by|until|since|over)\s+$",
                                                      ctx.text[max(0, m.start() - 12):m.start()], re.I):
            return None
        return _season(ctx, code, None, m.start())
    offset = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}.get(rel)
    return _season(ctx, code, offset, m.start())


@rule(rf"{B}(?:(?:au|en|à l'|à l’|l'|l’|le|cet|ce)\s*)?(?P<s>{SEASON_FR})(?:\s+(?P<rel>dernier|prochain)|\s+(?P<y>{YEAR}))?{E}")
def _season_fr(m, ctx):
    code = SEASONS[m["s"].lower()]
    if m["y"]:
        return _Hit("DATE", f"{m['y']}-{code}", "season")
    if not (m["rel"] or re.match(r"(?:au|en|à|cet|ce)\b", m.group(), re.I)):
        return None
    offset = {"dernier": -1, "prochain": 1}.get((m["rel"] or "").lower(), 0)
    return _season(ctx, code, offset, m.start())


# --- weekdays and deictic days

@rule(rf"{B}(?:(?:the\s+)?(?P<rel>(?i:last|next|this|coming|past|previous|on))\s+)?(?P<wd>{WEEKDAY_EN})(?:\s+(?P<part>{PART_EN}))?{E}", flags=0)
def _weekday_en(m, ctx):
    return _weekday_hit(m, ctx, {"last": "last", "past": "last", "previous": "last", "next": "next",
                                 "coming": "next", "this": "this"}.get((m["rel"] or "").lower()))


@rule(rf"{B}(?P<wd>{WEEKDAY_FR}|{WEEKDAY_FR.title()})(?:\s+(?P<part>{PART_FR}))?(?:\s+(?P<rel>dernier|prochain))?{E}", flags=0)
def _weekday_fr(m, ctx):
    rel = {"dernier": "last", "prochain": "next"}.get((m["rel"] or "").lower())
    return _weekday_hit(m, ctx, rel)


def _weekday_hit(m, ctx, relation):
    d = _resolve_weekday(ctx, WEEKDAYS[m["wd"].lower()], m.start(), relation)
    if m["part"]:  # "Friday night": news corpora date it by the day
        hit = _Hit("TIME", _day(d), "day")
    else:
        hit = _Hit("DATE", _day(d), "day")
    if (m["rel"] or "").lower() == "on":
        hit.start = m.start("wd")  # "on" is a signal
    return hit


DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0,
                "aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "demain": 1, "avant-hier": -2,
                "après-demain": 2, "the day before yesterday": -2, "the day after tomorrow": 2}


GENERIC_TODAY = re.compile(r"['’]s\s+(?:\w+\s+)?(?:world|youth|society|generation|children|young|"
                           r"standards|economy|markets?|technology|computers|culture|politics|"
                           r"families|women|men|people)\b", re.I)


@rule(rf"{B}(?P<w>the day before yesterday|the day after tomorrow|today|yesterday|tomorrow|tonight|"
      rf"aujourd['’]hui|avant-hier|après-demain|hier|demain)(?:\s+(?P<part>{PART_EN}|{PART_FR}))?{E}")
def _deictic_day(m, ctx):
    word = m["w"].lower()
    if word == "today" and GENERIC_TODAY.match(ctx.text, m.end()):
        return _Hit("DATE", "PRESENT_REF", None)  # "today's world": the present, not the day
    d = ctx.need() + timedelta(days=DEICTIC_DAYS[word.replace("’", "'")])
    if word == "tonight":
        return _Hit("TIME", _day(d) + "TNI", "part_of_day")
    if m["part"]:
        return _Hit("TIME", _day(d) + "T" + PARTS_OF_DAY[m["part"].lower()], "part_of_day")
    return _Hit("DATE", _day(d), "day")


@rule(rf"{B}(?:(?:this|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+(?P<part>{PART_EN})|"
      rf"(?:ce|cet|cette)\s+(?P<part_fr>matin|après-midi|soir|nuit)|(?P<night>last\s+night|overnight)|"
      rf"(?<!high\s)(?P<midday>midday|noon)){E}")
def _part_of_today(m, ctx):
    dct = ctx.need()
    if m["night"]:
        d = dct - timedelta(days=1) if m["night"].lower().startswith("last") else dct
        return _Hit("TIME", _day(d) + "TNI", "part_of_day")
    if m["midday"]:
        return _Hit("TIME", _day(dct) + "T12:00", "minute")
    part = PARTS_OF_DAY[(m["part"] or m["part_fr"]).lower()]
    return _Hit("TIME", _day(dct) + "T" + part, "part_of_day")


# --- clock times

@rule(rf"{B}(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?!\w)(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC))?"
      rf"|{B}(?P<h2>[01]?\d|2[0-3])\s*h\s*(?P<min2>[0-5]\d)?{E}|{B}(?P<h3>[01]?\d|2[0-3]):(?P<min3>[0-5]\d){E}(?!\s*(?:%|\d))",
      type_="TIME")
def _clock(m, ctx):
    if m["h"]:
        hour = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
        minute = m["min"]
    elif m["h2"]:
        hour, minute = int(m["h2"]), m["min2"]
    else:
        hour, minute = int(m["h3"]), m["min3"]
    dct = ctx.need()
    return _Hit("TIME", f"{_day(dct)}T{hour:02d}:{minute or '00'}", "minute")


# --- present, past, future references

@rule(r"(?<![\w'-])(?:right\s+now|now|nowadays|currently|presently|at\s+present|these\s+days|"
      r"at\s+the\s+moment|the\s+present|current|actuellement|maintenant|aujourd['’]hui\s+encore|"
      r"à\s+présent|en\s+ce\s+moment|désormais)(?![\w'-])")
def _present_ref(m, ctx):
    if m.group().lower() == "current" and re.match(r"[\s-]+(?:accounts?|affairs|events)\b|s\b",
                                                  ctx.text[m.end():], re.I):
        return None
    if m.group() == "Now" and ctx.text[m.end():m.end() + 1] == ",":
        return None  # "Now, ..." opening a sentence is a discourse marker
    return _Hit("DATE", "PRESENT_REF", None)


@rule(r"(?<![\w'-])(?:recently|lately|in\s+the\s+past|the\s+past|at\s+the\s+time|"
      r"récemment|dernièrement|auparavant|par\s+le\s+passé|autrefois)(?![\w'-])")
def _past_ref(m, ctx):
    text = m.group().lower()
    if text == "the past" and re.match(r"\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|hours?|centur(?:y|ies)|millenni(?:um|a))\b",
                                       ctx.text[m.end():], re.I):
        return None
    if text.startswith("in the past"):
        return _Hit("DATE", "PAST_REF", None)
    return _Hit("DATE", "PAST_REF", None)


@rule(r"(?<![\w'-])(?:the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|in\s+future|future|the\s+(?:near|short)\s+term|as\s+soon\s+as\s+possible|bientôt|prochainement|"
      r"à\s+l['’]avenir|l['’]avenir|in\s+the\s+coming\s+(?:days|weeks|months|years)|"
      r"the\s+(?:days|weeks|months|years)\s+ahead|dans\s+les\s+(?:jours|semaines|mois|années)\s+"
      r"à\s+venir)(?![\w'-])")
def _future_ref(m, ctx):
    text = m.group().lower()
    if text == "future":
        return None  # the adjective ("future payments") is not a time
    if text.startswith("in the coming"):
        unit = _unit(text.split()[-1])
        return _Hit("DURATION", _duration(None, unit), unit[2])
    return _Hit("DATE", "FUTURE_REF", None)


# --- this / last / next + unit

REL_EN = {"this": 0, "current": 0, "the current": 0, "last": -1, "past": -1, "previous": -1,
          "the previous": -1, "the past": -1, "next": 1, "coming": 1, "the coming": 1,
          "the next": 1, "the following": 1, "following": 1}
UNITS_REL = rf"(?:week[- ]?end|week|month|quarter|(?:fiscal\s+|calendar\s+)?year|decade|century|{WEEKDAY_EN})"


@rule(rf"{B}(?P<rel>this|the\s+current|current|last|the\s+past|past|the\s+previous|previous|next|the\s+next|the\s+coming|coming|the\s+following|following)\s+(?P<u>{UNITS_REL}){E}")
def _relative_en(m, ctx):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = re.sub(r"^(?:fiscal|calendar)\s+", "", m["u"].lower()).replace(" ", "").replace("-", "")
    if m["u"].lower() in WEEKDAYS:
        return None  # handled by the weekday rule
    if rel in ("the past", "past", "the next", "the coming", "the following", "following") and unit != "weekend":
        if rel in ("the following", "following"):
            return None  # relative to a narrative time, not to the DCT
        u = _unit(unit)
        if rel in ("the past",) and unit == "year":
            return _relative_unit(ctx, unit, -1)
        return _Hit("DURATION", _duration(1, u), u[2])
    return _relative_unit(ctx, unit, REL_EN[rel])


@rule(rf"{B}(?:(?P<a>cette|ce|cet)\s+(?P<u1>semaine|mois|année|an|trimestre|week-end)(?:-ci|-là)?|"
      rf"(?:la|le|l['’])\s*(?P<u2>semaine|mois|année|an|trimestre|week-end)\s+(?P<rel>derni(?:er|ère)|pass(?:é|ée)|prochaine?|précédente?))(?![\w-])")
def _relative_fr(m, ctx):
    if m["a"]:
        return _relative_unit(ctx, _fr_unit(m["u1"]), 0)
    offset = -1 if m["rel"].lower().startswith(("dern", "pass", "préc")) else 1
    if m["rel"].lower().startswith("préc"):
        return None
    return _relative_unit(ctx, _fr_unit(m["u2"]), offset)


def _fr_unit(word: str) -> str:
    return {"semaine": "week", "mois": "month", "année": "year", "an": "year",
            "trimestre": "quarter", "week-end": "weekend"}[word.lower()]  # any case: "Ce Week-end"


@rule(rf"{B}(?:the|a|over\s+the|this|that)\s+week[- ]?end{E}|{B}le\s+week-end{E}")
def _the_weekend(m, ctx):
    dct = ctx.need()
    tense = ctx.tense(m.start())
    shift = 1 if tense == "future" and dct.weekday() < 5 else 0
    if tense != "future" and dct.weekday() < 5:
        shift = -1
    return _Hit("DATE", _week(dct + timedelta(weeks=shift)) + "-WE", "week")


@rule(rf"{B}the\s+(?:fiscal\s+)?(?P<u>year|month|week)(?!\s+(?:before|after|earlier|later|ago|of|in|that|when|to|-))(?![\w-])")
def _the_unit(m, ctx):
    if re.match(r"\s+end(?:ed|ing)\b", ctx.text[m.end():], re.I):
        return _Hit("DURATION", _duration(1, _unit(m["u"])), m["u"].lower())
    before = ctx.text[max(0, m.start() - 30):m.start()].lower()
    if not re.search(r"\b(?:in|for|during|over|of|this|since|earlier|later|throughout)\s+$", before):
        return None
    return _relative_unit(ctx, m["u"], 0)


# --- "two years ago", "il y a deux ans", "10 days earlier"

@rule(rf"{B}(?P<n>{NUMWORD}|{VAGUE}|a\s+few|a\s+couple\s+of)?\s*(?P<u>{UNIT_EN})s?\s+(?P<dir>ago|earlier|before|later|after|from\s+now|hence){E}")
def _ago_en(m, ctx):
    unit = _unit(m["u"])
    direction = m["dir"].lower()
    if direction in ("before", "after"):
        follow = ctx.text[m.end():m.end() + 3]
        if re.match(r"\s+\w", follow) and not re.match(r"[,.;]", follow):
            return None  # "two days before the vote": relative to an event, not to the DCT
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    if m["n"] is None or _number(m["n"]) is None:
        if m["n"] and m["n"].lower() in ("a", "an"):
            return _shift_by_unit(ctx, 1, unit, sign)
        return _Hit("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    return _shift_by_unit(ctx, _number(m["n"]), unit, sign)


@rule(rf"{B}il\s+y\s+a\s+(?P<n>{NUMWORD}|{VAGUE})?\s*(?P<u>{UNIT_FR})(?![\w])|{B}dans\s+(?P<n2>{NUMWORD})\s+(?P<u2>{UNIT_FR})(?![\w])")
def _ago_fr(m, ctx):
    unit = _unit(m["u"] or m["u2"])
    n = _number(m["n"] or m["n2"] or "") if (m["n"] or m["n2"]) else None
    if unit is None:
        return None
    sign = -1 if m["u"] else 1
    if n is None:
        return _Hit("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    return _shift_by_unit(ctx, n, unit, sign)


# --- durations

DURATION_LEAD = r"(?:(?:the|its|their|his|her|our)\s+)?(?:(?:past|last|next|first|previous|coming|final|" \
                r"following|latest|remaining|initial|additional|further|same|entire|full|whole|" \
                r"more|another)\s+)?"


@rule(rf"{B}{DURATION_LEAD}(?P<n>{NUMWORD}|{VAGUE}|a\s+few|a\s+couple\s+of)[- ](?:more\s+|full\s+)?(?P<u>{UNIT_EN})(?P<pl>s)?(?:[- ](?:long|old))?(?![\w-])", type_="DURATION")
def _duration_en(m, ctx):
    unit = _unit(m["u"])
    n_text = re.sub(r"\s+", " ", m["n"].lower())
    if unit[2] == "quarter" and (re.match(r"\s+of\b", ctx.text[m.end():]) or n_text in ("a", "three")):
        return None  # "a quarter of", "three-quarters": fractions
    if n_text in ("a", "an", "one") and re.search(r"\b(?:once|twice|times|per)\s+$",
                                                  ctx.text[max(0, m.start() - 10):m.start()], re.I):
        return _Hit("SET", _duration(1, unit), unit[2])
    if n_text in ("a", "an") and re.search(r"(?:\d|\b(?:million|billion|thousand|hundred|cents?|"
                                           r"dollars|euros|seats|flights|units|hours))\s+$",
                                           ctx.text[max(0, m.start() - 20):m.start()], re.I):
        return None  # a rate ("$2 million a year"), not a time
    if n_text in ("a", "an") and unit[2] == "second":
        return None  # "a second group": the ordinal
    if re.match(r"\d+(?:[.,]\d|\s+1/2)", n_text):  # "2.5 hours", "5 1/2 hours"
        number = float(n_text.replace(",", ".").replace(" 1/2", ".5"))
        return _Hit("DURATION", _fractional_duration(number, unit), unit[2])
    if re.match(r"\d", n_text) and not m["pl"] and int(n_text) > 1 and "-" not in m.group():
        return None  # "3 year" without plural or hyphen is rarely a duration
    if re.search(r"-old|\bold$", m.group()):
        return None  # ages are not times
    if _is_age(ctx.text, m.end()):
        return None
    n = _number(n_text)
    return _Hit("DURATION", _duration(n, unit), unit[2])


# half a unit in the next smaller one, as TimeML writes it: 5 1/2 hours -> PT5H30M
HALF_UNIT = {"year": "6M", "day": "T12H", "hour": "30M", "minute": "30S"}


def _fractional_duration(number: float, unit: tuple[str, int, str]) -> str:
    letter, multiplier, granularity = unit
    amount = number * multiplier
    clock = "T" if granularity in ("second", "minute", "hour") else ""
    if amount % 1 == 0.5 and granularity in HALF_UNIT and int(amount):
        return f"P{clock}{int(amount)}{letter}{HALF_UNIT[granularity]}"
    return f"P{clock}{_fmt_amount(amount)}{letter}"


def _is_age(text: str, end: int) -> bool:
    return bool(re.match(r"-?old\b|\s+old\b|\s+of\s+age\b", text[end:end + 8], re.I))


@rule(rf"{B}(?P<n>{NUMWORD}|quelques|plusieurs)\s+(?P<u>{UNIT_FR})(?![\w-])", type_="DURATION")
def _duration_fr(m, ctx):
    unit = _unit(m["u"])
    if unit is None or m["n"].lower() in ("a", "an") or re.search(r"[a-z]", m["n"]) and m["n"].lower() not in NUMBERS and m["n"].lower() not in ("quelques", "plusieurs"):
        return None
    if re.match(r"\s*(?:plus\s+tard|plus\s+tôt|auparavant)", ctx.text[m.end():]):
        return None
    if m["u"].lower() == "ans" and re.search(r"\bâgée?s?\s+de\s+$", ctx.text[max(0, m.start() - 12):m.start()]):
        return None
    return _Hit("DURATION", _duration(_number(m["n"]), unit), unit[2])


@rule(rf"{B}(?:(?P<lead>for|over|in|within|during|after|the\s+past|the\s+last|the\s+next|the\s+coming|coming|recent|past)\s+)(?P<u>years|months|weeks|days|decades|hours|centuries|millennia|quarters)(?![\w-])")
def _vague_duration(m, ctx):
    lead = m["lead"].lower()
    unit = _unit(m["u"])
    if lead == "recent" or lead == "coming":
        return _Hit("DURATION", _duration(None, unit), unit[2])
    if lead == "past":
        return _Hit("DATE", "PAST_REF", None)
    start = m.start("u") if lead in ("for", "over", "in", "within", "during", "after") else m.start()
    if lead == "in" and not re.match(r"\s*[,.;]|\s+(?:to\s+come|now|ahead)", ctx.text[m.end():]):
        return None
    hit = _Hit("DURATION", _duration(None, unit), unit[2])
    hit.start = start
    return hit


@rule(rf"{B}the\s+(?P<u>hours|days|weeks|months)\s+(?=before|after|leading\s+up\s+to|following\b)")
def _the_units_around(m, ctx):
    """"in the weeks before the shooting": a vague stretch of past (or future) days, the
    bare plural as in TimeML ("the" belongs to the noun phrase)."""
    hit = _Hit("DATE", "FUTURE_REF" if ctx.tense(m.start()) in ("future", "modal") else "PAST_REF", None)
    hit.start = m.start("u")
    return hit


@rule(rf"{B}(?:depuis|pendant|durant)\s+(?P<u>des\s+(?:années|mois|semaines|jours|décennies|siècles|millénaires))(?![\w-])")
def _vague_duration_fr(m, ctx):
    unit = _unit(m["u"].split()[-1])
    hit = _Hit("DURATION", _duration(None, unit), unit[2])
    hit.start = m.start("u")
    return hit


# --- sets

@rule(rf"{B}(?:daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|biweekly|"
      rf"(?:every|each|per)\s+(?:other\s+)?(?P<u>{UNIT_EN}|{WEEKDAY_EN}|{MONTH_EN}|weekend|night|morning)|"
      rf"chaque\s+(?P<u2>jour|semaine|mois|année|an|{WEEKDAY_FR})|tous\s+les\s+(?P<u3>jours|mois|ans)|"
      rf"toutes\s+les\s+semaines|par\s+(?P<u4>jour|semaine|mois|an)|quotidiennement|"
      rf"mensuellement|annuellement|hebdomadaire|quotidien(?:ne)?|mensuel(?:le)?|annuel(?:le)?){E}",
      type_="SET")
def _set(m, ctx):
    word = m.group().lower().split()[-1]
    simple = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
              "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D",
              "biweekly": "P2W", "quotidiennement": "P1D", "mensuellement": "P1M",
              "annuellement": "P1Y", "hebdomadaire": "P1W", "quotidien": "P1D",
              "quotidienne": "P1D", "mensuel": "P1M", "mensuelle": "P1M", "annuel": "P1Y",
              "annuelle": "P1Y", "semaines": "P1W"}
    if word in simple:
        if word in ("quarterly", "annually", "yearly", "monthly") and re.match(r"\s+[a-z]", ctx.text[m.end():]) and not re.match(
                r"\s+(?:in|on|at|by|for|from|to|and|or|since|until|during|through|over|with|as)\b",
                ctx.text[m.end():]):
            return None  # "quarterly dividend": an adjective, not a recurrence
        if word in ("annual", "annuel", "annuelle", "mensuel", "mensuelle", "quotidien",
                    "quotidienne", "hebdomadaire") and not m.group().lower().startswith(word):
            return None
        return _Hit("SET", simple[word], None)
    if word in WEEKDAYS:
        return _Hit("SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}", None)
    if word.rstrip(".") in MONTHS_EN:
        return _Hit("SET", f"XXXX-{MONTHS_EN[word.rstrip('.')]:02d}", None)
    if word in ("weekend",):
        return _Hit("SET", "XXXX-WXX-WE", None)
    if word in ("night", "morning"):
        return _Hit("SET", "P1D", None)
    unit = _unit(word) or _unit({"jours": "jour", "ans": "an"}.get(word, word))
    return _Hit("SET", _duration(1, unit), None) if unit else None



# ---------------------------------------------------------------- modifiers and combination

MOD_BEFORE = [
    (r"(?:the\s+)?(?:early|earlier|beginning\s+of|start\s+of|the\s+beginning\s+of|the\s+start\s+of|"
     r"the\s+early\s+part\s+of|at\s+the\s+beginning\s+of|début|au\s+début\s+(?:de\s+|d['’])?|"
     r"en\s+début\s+(?:de\s+|d['’])?|dès\s+le\s+début\s+(?:de\s+|d['’])?|plus\s+tôt)", "START"),
    (r"(?:mid-?|the\s+middle\s+of|middle\s+of|in\s+the\s+middle\s+of|mi-|à\s+la\s+mi-)", "MID"),
    (r"(?:late|later|the\s+end\s+of|end\s+of|the\s+close\s+of|the\s+latter\s+part\s+of|"
     r"fin|à\s+la\s+fin\s+(?:de\s+|d['’])|en\s+fin\s+(?:de\s+|d['’])|plus\s+tard)", "END"),
    (r"(?:around|about|approximately|roughly|some|circa|nearly|almost|vers|environ|près\s+de)", "APPROX"),
    (r"(?:more\s+than|over|upwards\s+of|plus\s+de)", "MORE_THAN"),
    (r"(?:less\s+than|under|moins\s+de)", "LESS_THAN"),
    (r"(?:at\s+least|au\s+moins)", "EQUAL_OR_MORE"),
    (r"(?:no\s+more\s+than|up\s+to|at\s+most|within|jusqu['’]à)", "EQUAL_OR_LESS"),
]
MOD_PATTERNS = [(re.compile(rf"(?<![\w-]){p}\s*$", re.I), mod) for p, mod in MOD_BEFORE]
QUANTITY_MODS = {"MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"}
# Prepositions that set a modifier but are signals, outside the expression (TimeML): "over the
# past decade" -> "the past decade" (MORE_THAN only for "over three years"), "within a week".
# "About" and "almost" also stay outside, as TimeBank and AQUAINT annotate them, and so do
# "earlier" and "later" before a day or a week ("earlier this week", "later Thursday").
MODS_OUTSIDE_EXTENT = {"over", "within", "about", "almost"}
SIGNALS = re.compile(r"(?<![\w-])(?P<s>since|depuis|until|till|before|after|avant|après|"
                     r"jusqu['’]en|jusqu['’]au|by)\s+(?:the\s+|le\s+|la\s+)?$", re.I)
SIGNAL_MODS = {"since": "AFTER", "depuis": "AFTER", "after": "AFTER", "après": "AFTER",
               "until": "BEFORE", "till": "BEFORE", "before": "BEFORE", "avant": "BEFORE",
               "jusqu'en": "BEFORE", "jusqu’en": "BEFORE", "jusqu'au": "BEFORE",
               "jusqu’au": "BEFORE", "by": "ON_OR_BEFORE"}


def _apply_modifier(text: str, t: TimeExpr) -> TimeExpr:
    before = text[max(0, t.start - 40):t.start]
    for pattern, mod in MOD_PATTERNS:
        match = pattern.search(before)
        if not match:
            continue
        if mod in QUANTITY_MODS and t.type != "DURATION":
            continue
        if mod in ("START", "MID", "END") and t.type == "DURATION":
            continue
        if mod == "APPROX" and match.group().strip().lower() in ("some", "about") and t.type != "DURATION":
            continue
        word = match.group().strip().lower()
        if word in MODS_OUTSIDE_EXTENT or (word in ("earlier", "later") and t.granularity in ("day", "week")):
            if mod == "MORE_THAN" and not re.match(r"\d|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b",
                                                    t.text, re.I):
                return t  # "over the weekend": a stretch of time, not "more than"
            return replace(t, mod=mod)
        start = t.start - len(before) + match.start()
        return replace(t, start=start, text=text[start:t.end], mod=mod)
    signal = SIGNALS.search(before)
    if signal and t.type in ("DATE", "TIME") and t.mod is None:
        return replace(t, mod=SIGNAL_MODS[signal["s"].lower()])
    return t


# An expression used as an adjective before a noun ("the 30-day period", "its third-quarter
# loss") leaves the noun phrase's determiner out (TimeML: the determiner belongs to the noun).
DETERMINER = re.compile(r"(?:the|a|an|its|their|his|her|our)\s+(?=\S+-\S+$|fiscal\s+\S+-\S+$)", re.I)
NOUN_AFTER = re.compile(r"\s+(?!(?:and|or|of|to|in|on|at|for|ago|earlier|later|before|after|from|with|by|"
                        r"that|than|as|is|was|were|are|has|had|have)\b)[a-z]{3,}")


def _without_determiner(text: str, t: TimeExpr) -> TimeExpr:
    determiner = DETERMINER.match(t.text)
    if determiner is None or not NOUN_AFTER.match(text, t.end):
        return t
    start = t.start + determiner.end()
    return replace(t, start=start, text=text[start:t.end])


RANGE_JOINERS = re.compile(
    r"^\s*(?:-|–|—|and|to|through|until|till|et|à|au|jusqu['’]à|jusqu['’]en)\s*$", re.I)
RANGE_OPENERS = re.compile(r"(?<![\w-])(?:between|from|entre|de|du|d['’])\s+(?:the\s+)?$", re.I)


def _merge_ranges(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """"between 2015 and 2017", "from May to July", "2015-2017" -> one expression with end_value."""
    merged: list[TimeExpr] = []
    i = 0
    while i < len(times):
        t = times[i]
        if i + 1 < len(times) and _is_range(text, t, times[i + 1]):
            nxt = times[i + 1]
            opener = RANGE_OPENERS.search(text, max(0, t.start - 12), t.start)
            start = opener.start() if opener else t.start
            merged.append(replace(t, start=start, end=nxt.end, text=text[start:nxt.end],
                                  end_value=nxt.value, mod=t.mod))
            i += 2
            continue
        merged.append(t)
        i += 1
    return merged


def _is_range(text: str, a: TimeExpr, b: TimeExpr) -> bool:
    if a.type != "DATE" or b.type != "DATE" or not a.value or not b.value:
        return False
    if not (a.value[:1].isdigit() and b.value[:1].isdigit()):
        return False
    gap = text[a.end:b.start]
    if not RANGE_JOINERS.match(gap):
        return False
    if gap.strip() in ("-", "–", "—"):
        return True
    return bool(RANGE_OPENERS.search(text, max(0, a.start - 12), a.start))


YEAR_RANGE = re.compile(rf"(?<![\w$.,/-])(?P<a>{YEAR})[-–/](?P<b>{YEAR}|\d\d)(?![\w%-])")


def _year_ranges(text: str) -> list[TimeExpr]:
    found = []
    for m in YEAR_RANGE.finditer(text):
        end_year = m["b"] if len(m["b"]) == 4 else m["a"][:2] + m["b"]
        if end_year > m["a"]:
            found.append(TimeExpr(m.start(), m.end(), m.group(), "DATE", m["a"], "year",
                                  end_value=end_year))
    return found


PART_BEFORE = re.compile(rf"(?:(?:the|early\s+in\s+the|late\s+in\s+the|in\s+the|le|la|dans\s+la)\s+)?"
                         rf"(?P<p>{PART_EN}|{PART_FR})\s+(?:of|du|de)\s+(?:the\s+)?$", re.I)
CLOCK_JOIN = re.compile(r"^\s*(?:,|on|at|le|à)?\s*$", re.I)


def _attach_parts_and_clocks(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """"the evening of September 12", "10 p.m. Wednesday", "Sept. 12 at 9 p.m." -> one TIME."""
    out: list[TimeExpr] = []
    for t in times:
        if t.granularity == "day" and t.value:
            before = PART_BEFORE.search(text, max(0, t.start - 30), t.start)
            if before:
                t = replace(t, start=before.start(), text=text[before.start():t.end], type="TIME")
        if out and _joinable_clock(text, out[-1], t):
            prev = out.pop()
            clock, day = (t, prev) if prev.granularity == "day" else (prev, t)
            value = day.value[:10] + clock.value[10:] if day.value and clock.value else None
            t = replace(prev, end=t.end, text=text[prev.start:t.end], type="TIME", value=value,
                        granularity=clock.granularity,
                        unresolved_reason=prev.unresolved_reason or t.unresolved_reason)
        out.append(t)
    return out


def _joinable_clock(text: str, a: TimeExpr, b: TimeExpr) -> bool:
    kinds = {a.granularity, b.granularity}
    if not (kinds & {"minute", "part_of_day"}) or "day" not in kinds or a.value is None or b.value is None:
        return False
    if not CLOCK_JOIN.match(text[a.end:b.start]) or len(text[a.end:b.start]) > 5:
        return False
    return True


def _join_month_and_year(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """A month or season followed by its year written out as words ("January nineteen
    ninety-seven", "the winter of nineteen ninety-four") -> one expression in that year."""
    out: list[TimeExpr] = []
    for t in times:
        prev = out[-1] if out else None
        if prev is not None and prev.type == "DATE" and prev.granularity in ("month", "season") and prev.value \
                and t.granularity == "year" and re.fullmatch(r"\d{4}", t.value or "") \
                and re.fullmatch(r"\s+(?:of\s+)?", text[prev.end:t.start]):
            start = prev.start - (4 if prev.granularity == "season" and text[:prev.start].lower().endswith("the ") else 0)
            out[-1] = replace(prev, start=start, end=t.end, text=text[start:t.end], value=t.value + prev.value[4:])
            continue
        out.append(t)
    return out


YEAR_AGO = re.compile(r"\b(?:(?:a|one)\s+year\s+(?:ago|earlier|before)|year[- ](?:ago|earlier)|prior[- ]year)\b", re.I)


THE_QUARTER = re.compile(r"(?:the|that)\s+(?:latest\s+|most\s+recent\s+)?(?:quarter|period)$", re.I)
YEAR_PERIOD = re.compile(r"the\s+(\d{4})\s+(?:quarter|period)$", re.I)


def _year_ago_quarter(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """Earnings news: "the quarter", "a year ago", "the 1988 period" refer to the quarter under discussion."""
    out = []
    last_quarter: TimeExpr | None = None
    for t in times:
        near = last_quarter is not None and t.start - last_quarter.end < 1500
        if re.fullmatch(r"\d{4}-Q\d", t.value or "") and not THE_QUARTER.fullmatch(t.text):
            last_quarter = t
        elif near and YEAR_AGO.search(t.text) and t.value == str(int(last_quarter.value[:4]) - 1):
            t = replace(t, value=f"{t.value}-{last_quarter.value[5:]}", granularity="quarter")
        elif near and YEAR_PERIOD.fullmatch(t.text):
            t = replace(t, value=f"{t.value}-{last_quarter.value[5:]}", granularity="quarter")
        out.append(t)
    return out


@rule(rf"{B}the\s+(?P<y>{YEAR})\s+(?:quarter|period){E}")
def _year_period(m, ctx):
    return _Hit("DATE", m["y"], "year")


# a clock time with no day of its own, modifier included ("around 9 p.m.", "vers 21h")
BARE_CLOCK = re.compile(r"(?:(?:around|about|at|approximately|roughly|nearly|almost|shortly|just|before|after|"
                        r"until|vers|environ|à|peu|avant|après|de|d['’])\s+)*[\d:.\sapmAPMESTDUTCGh]+", re.I)


def _clock_on_narrative_day(ctx: _Context, times: list[TimeExpr]) -> list[TimeExpr]:
    """A bare "10 p.m." belongs to the day the text just named (this or the previous sentence)."""
    out: list[TimeExpr] = []
    last_day: TimeExpr | None = None
    for i, t in enumerate(times):
        bare_clock = t.granularity == "minute" and t.value and BARE_CLOCK.fullmatch(t.text)
        following = times[i + 1] if i + 1 < len(times) else None
        if bare_clock and following is not None and _is_day(following) and following.start - t.end <= 25 \
                and ctx.sentence_of(following.start) == ctx.sentence_of(t.start):
            t = replace(t, value=following.value[:10] + t.value[10:])  # "10:35 a.m. (0735 GMT) Friday"
        elif bare_clock and last_day is not None:
            here, there = ctx.sentence_of(t.start), ctx.sentence_of(last_day.start)
            if here is not None and there is not None and 0 <= here - there <= 1:
                t = replace(t, value=last_day.value[:10] + t.value[10:])
        if _is_day(t):
            last_day = t
        out.append(t)
    return out


def _is_day(t: TimeExpr) -> bool:
    return t.granularity == "day" and bool(t.value) and bool(re.match(r"\d{4}-\d\d-\d\d", t.value))


# ---------------------------------------------------------------- extraction


def extract_times(text: str, lang: str | None = None, dct: str | None = None, doc=None,
                  join_ranges: bool = True) -> list[TimeExpr]:
    """Temporal expressions of `text` with TimeML values against the publication date `dct`.

    A range ("between 2015 and 2017") is one expression with an `end_value`; with
    `join_ranges=False` its two ends stay two expressions, as TimeML annotates them."""
    if doc is not None:
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        sentences = segment.sentences(text, lang)
    ctx = _Context(text, parse_dct(dct), sentences, doc)
    candidates = _candidates(ctx) + _year_ranges(text)
    if lang and lang[:2] not in GRAMMAR_LANGUAGES:
        locale = DATEPARSER_LOCALES.get(lang[:2], lang[:2])
        candidates += _locale_times(ctx, locale) + _locale_periods(ctx, locale) + \
            _dateparser_times(text, locale, ctx.dct)
    chosen = _longest_non_overlapping(candidates)
    chosen = _resolve_anaphora(ctx, chosen)
    chosen = [_without_determiner(text, _apply_modifier(text, t)) for t in chosen]
    chosen = _attach_parts_and_clocks(text, chosen)
    chosen = _join_month_and_year(text, chosen)
    if join_ranges:
        chosen = _merge_ranges(text, chosen)
    chosen = _year_ago_quarter(text, chosen)
    chosen = _clock_on_narrative_day(ctx, chosen)
    for t in chosen:
        t.sentence = ctx.sentence_of(t.start)
    return chosen


GRAMMAR_LANGUAGES = {"en", "fr"}  # the regular-expression grammar above; other languages go to dateparser
DATEPARSER_LOCALES = {"no": "nb"}  # our language code -> dateparser's
_DATEPARSER_VALUE = {"day": _day, "week": _week, "month": lambda d: _month(d.year, d.month),
                     "year": lambda d: f"{d.year:04d}"}


# words for both yesterday and tomorrow (Hindi "कल"): the text does not say which day
AMBIGUOUS_DAY_WORDS = {"hi": {"कल", "परसों"}, "ur": {"کل", "پرسوں"}}


def _dateparser_times(text: str, lang: str, dct: date | None) -> list[TimeExpr]:
    """Dates in a language the grammar does not cover ("am 12. September", "el pasado lunes",
    "в понедельник"), found and resolved by dateparser against the publication date, past
    preferred (news reports what happened). Bare short words and numbers are left out: "Die"
    would be read as Tuesday, "12" as a day."""
    if dct is None:
        return []
    try:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates
    except ImportError:
        return []
    settings = {"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past"}
    try:
        found = search_dates(text, languages=[lang], settings=settings) or []
        parser = DateDataParser(languages=[lang], settings=settings)
        ahead = DateDataParser(languages=[lang], settings={**settings, "PREFER_DATES_FROM": "future"})
    except (ValueError, KeyError):  # a language dateparser does not know
        return []
    times, cursor = [], 0
    for phrase, _ in found:
        start = text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        start, phrase = _trimmed(text, start, phrase)
        if not _anchored(phrase, lang) or set(phrase.lower().split()) & AMBIGUOUS_DAY_WORDS.get(lang, set()):
            continue
        has_year = re.search(r"\d{4}", phrase) is not None
        future = not has_year and _future_sentence(text, start, lang)
        data = _date_data(ahead if future else parser, phrase)
        value = _DATEPARSER_VALUE.get(data.period or "") if data else None
        if value is None or not 1800 <= data.date_obj.year <= dct.year + 5:
            continue
        day = data.date_obj.date() if has_year else _nearest_year(data.date_obj.date(), dct)
        if _weekday_only(phrase, lang) and abs((dct - day).days) == 7:
            day = dct  # "am Donnerstag" in a Thursday report is that day, not a week before or after
        times.append(TimeExpr(start, start + len(phrase), phrase, "DATE", value(day), data.period))
    return times


# future tense and "next" in languages the grammar does not cover: a bare weekday or date then looks ahead
FUTURE_MARKERS = {
    "de": r"\b(wird|werden|soll|sollen|will|wollen|nächsten?|kommenden?)\b",
    "es": r"\b(\w{3,}(rá|rán)|va a|van a|próximo|próxima)\b",
    "pt": r"\b(\w{3,}(rá|rão)|vai|vão|próximo|próxima)\b",
    "it": r"\b(\w{3,}(rà|ranno)|prossimo|prossima)\b",
    "nl": r"\b(zal|zullen|gaat|gaan|volgende)\b",
    "ru": r"(будет|будут|планиру|намерен|собира|следующ|предстоящ)",
    "uk": r"(буде|будуть|планує|наступн)",
    "pl": r"\b(będzie|będą|przyszł|następn)",
}


def _future_sentence(text: str, offset: int, lang: str) -> bool:
    pattern = FUTURE_MARKERS.get(lang)
    if pattern is None:
        return False
    lo = max(text.rfind(mark, 0, offset) for mark in ".!?\n") + 1
    hi = min((i for i in (text.find(mark, offset) for mark in ".!?\n") if i >= 0), default=len(text))
    return re.search(pattern, text[lo:hi], re.I) is not None


# ---------------------------------------------------------------- dates from locale data
# Month and weekday names come from dateparser's locale tables, the words it lacks ("dernier",
# "letzten Jahres", parts of the day) from storyledger/lang/<code>.toml; the resolution is
# the grammar's: a date without its year is the most recent one unless the sentence looks ahead.

# Combining marks belong to the word: Python's \w leaves out Devanagari and Bengali vowel signs
# ("सोमवार", "को"), which would split every Indic word in pieces.
MARKS = "".join(c for c in map(chr, range(0x300, 0x10000)) if unicodedata.category(c) in ("Mn", "Mc", "Me"))
LETTERS = rf"(?:[^\W\d_]|[{re.escape(MARKS)}])+"
TOKEN = re.compile(rf"\d{{1,4}}|{LETTERS}(?:['’ʼ]{LETTERS})*")  # "п'ятниці", "Mart'ta" one token
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
YEAR_WORDS = re.compile(r"\s*(?:года|году|г\.|roku|r\.|року|р\.)", re.I)


@functools.cache
def _time_words(lang: str) -> Mapping:
    """The [time] section of the language's data file (storyledger/lang/<code>.toml)."""
    from storyledger.lang import language
    return language(lang).time


@functools.cache
def _locale_names(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """dateparser's month names (-> 1..12) and weekday names (-> 0..6) of a locale, lower-cased."""
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(lang).info
    except (ValueError, KeyError):
        return {}, {}
    months = {w.lower().translate(APOSTROPHES): n for n, k in enumerate(_MONTH_KEYS, 1)
              for w in info.get(k, []) if len(w) >= 3}
    weekdays = {w.lower().translate(APOSTROPHES): n for n, k in enumerate(_WEEKDAY_KEYS)
                for w in info.get(k, []) if len(w) >= 4}
    return months, weekdays


VOWELS = set("aeiouyäöüáéíóúàèìòùâêîôûąęаеёиоуыэюяіїєę")


def _name_number(word: str, names: dict[str, int]) -> int | None:
    """The number of a name, also inflected: an ending added ("марте" for "март") or a final
    vowel changed ("Sobotę" for "Sobota"); "четверо" (four) is not "четверг" (Thursday). A
    suffix after an apostrophe is left out ("Mart'ta": in March)."""
    word = word.lower().translate(APOSTROPHES)
    number = _inflected_number(word, names)
    if number is None and "'" in word:
        number = _inflected_number(word.split("'")[0], names)
    return number


def _inflected_number(word: str, names: dict[str, int]) -> int | None:
    if word in names:
        return names[word]
    for name, number in names.items():
        if len(name) < 4:
            continue
        if word.startswith(name) and len(word) <= len(name) + 2:
            return number
        if len(word) >= 5 and len(name) == len(word) + 1 and name.startswith(word):
            return number  # the final letter dropped: Greek accusative "Οκτώβριο" of "Οκτώβριος"
        if len(word) == len(name) and word[:-1] == name[:-1] and {word[-1], name[-1]} <= VOWELS:
            return number
    return None


def _words_at(text: str, pos: int, phrases, after: bool) -> re.Match | None:
    """One of `phrases` right after (or right before) `pos`, as whole words."""
    if not phrases:
        return None
    alt = _alt(phrases)
    if after:
        return re.compile(rf"\s+(?:{alt})(?![\w])", re.I).match(text, pos)
    return re.compile(rf"(?<![\w])(?:{alt})\s+$", re.I).search(text, max(0, pos - 40), pos)


def _locale_times(ctx: _Context, lang: str) -> list[TimeExpr]:
    """Dates with a month or weekday name in a language the grammar does not cover."""
    if ctx.dct is None:
        return []
    months, weekdays = _locale_names(lang)
    if not months:
        return []
    tokens = list(TOKEN.finditer(ctx.text))
    found = []
    for i, token in enumerate(tokens):
        hit = None
        if not token.group().isdigit():
            month = _name_number(token.group(), months)
            hit = (_locale_month(ctx, lang, tokens, i, month) if month
                   else _locale_weekday(ctx, lang, token, weekdays))
        if hit is not None:
            found.append(hit)
    return found


def _locale_month(ctx: _Context, lang: str, tokens, i: int, month: int) -> TimeExpr | None:
    text, dct, token, words = ctx.text, ctx.dct, tokens[i], _time_words(lang)
    start, end = token.start(), token.end()
    day = None
    for before in tokens[max(0, i - 2):i]:  # "12 марта", "12. März", "12 de marzo"
        if before.group().isdigit() and 1 <= int(before.group()) <= 31 \
                and re.fullmatch(r"\.?\s+(?:de\s+)?", text[before.end():start]):
            day, start = int(before.group()), before.start()
    year = re.compile(r"\s+(?:de\s+|del\s+|του\s+)?((?:1[89]|20)\d\d)(?!\d)").match(text, end)
    if year:
        end = year.end()
        tail = YEAR_WORDS.match(text, end)
        end = tail.end() if tail else end
        value = _safe_date(int(year[1]), month, day) if day else None
        if day:
            return _locale_expr(ctx, start, end, _day(value), "day") if value else None
        return _locale_expr(ctx, start, end, _month(int(year[1]), month), "month")
    ahead = _future_sentence(text, start, lang)
    relative = _words_at(text, end, words.get("last_year", []) + words.get("next_year", []), after=True)
    if day is None:
        if len(token.group()) < 4 or not _words_at(text, start, words.get("month_lead", []), after=False):
            return None  # a bare name: a month only after "im", "в", "en", ..., never an abbreviation
        if relative:  # "im März letzten Jahres", "в марте прошлого года": that month of that year
            shift = 1 if relative.group().strip().lower() in words.get("next_year", []) else -1
            return _locale_expr(ctx, start, relative.end(), _month(dct.year + shift, month), "month")
        return _locale_expr(ctx, start, end, _month(_month_year_of(dct, month, ahead), month), "month")
    last = _words_at(text, end, words.get("last", []), after=True) or \
        _words_at(text, start, words.get("last", []), after=False)
    if relative:
        shift = 1 if relative.group().strip().lower() in words.get("next_year", []) else -1
        value, end = _safe_date(dct.year + shift, month, day), relative.end()
    elif last:
        value = _last_on_or_before(dct, month, day)
        start, end = min(start, last.start()), max(end, last.end())
    else:
        value = _nearest_day(dct, month, day, ahead)
    return _locale_expr(ctx, start, end, _day(value), "day") if value else None


def _nearest_day(dct: date, month: int, day: int, ahead: bool) -> date | None:
    """A day and month: the nearest within a season of publication, else past (or ahead)."""
    candidates, nearest, near = _days_around(dct, month, day)
    if nearest is None or near:
        return nearest
    if ahead:
        return min((d for d in candidates if d >= dct), default=nearest)
    return max((d for d in candidates if d <= dct), default=nearest)


def _locale_weekday(ctx: _Context, lang: str, token, weekdays: dict) -> TimeExpr | None:
    """A weekday, with its part of the day ("Sonntagmorgen", "в среду вечером") and "last"."""
    text, word, words = ctx.text, token.group().lower(), _time_words(lang)
    parts = words.get("parts", {})
    weekday = _name_number(word, weekdays)
    part = None
    if weekday is None:  # a compound: weekday + part of the day
        for name, number in weekdays.items():
            if word.startswith(name) and word[len(name):] in parts:
                weekday, part = number, word[len(name):]
                break
    if weekday is None:
        return None
    start, end = token.start(), token.end()
    after = _words_at(text, end, list(parts), after=True)
    if part is None and after:
        part, end = after.group().strip().lower(), after.end()
    last = _words_at(text, start, words.get("last", []), after=False) or \
        _words_at(text, end, words.get("last", []), after=True)
    ahead = not last and _future_sentence(text, start, lang)
    d = _resolve_weekday(ctx, weekday, start, "last" if last else ("next_or_today" if ahead else "last_or_today"))
    if last:
        start, end = min(start, last.start()), max(end, last.end())
    return _locale_expr(ctx, start, end, _day(d), "day", "TIME" if part else "DATE")


# dateparser's relative-type keys -> (unit, offset): "letzte Woche", "в прошлом году", "el mes pasado"
RELATIVE_PERIOD_KEYS = {f"{k} {u} ago": (u, -k) for u in ("week", "month", "year") for k in (0, 1)}
RELATIVE_PERIOD_KEYS.update({f"in 1 {u}": (u, 1) for u in ("week", "month", "year")})
INFLECTION = r"\w{0,2}"  # "letzte Woche" also as "der letzten Woche"


@functools.cache
def _relative_period_patterns(lang: str) -> tuple[tuple[re.Pattern, str, int], ...]:
    """Whole phrases for this, last and next week, month and year from dateparser's locale
    tables (abbreviations such as "на пр нед" left out), each word allowed a short ending."""
    from dateparser.languages.loader import default_loader

    try:
        relative = default_loader.get_locale(lang).info.get("relative-type", {})
    except (ValueError, KeyError):
        return ()
    patterns = []
    for key, (unit, offset) in RELATIVE_PERIOD_KEYS.items():
        variants = relative.get(key, [])
        for phrase in variants:
            words = phrase.split()
            if any(_abbreviated(w, phrase, variants) for w in words):
                continue
            body = r"\s+".join(re.escape(w) + (INFLECTION if len(w) >= 4 else "") for w in words)
            patterns.append((re.compile(rf"(?<![\w]){body}(?![\w])", re.I), unit, offset))
    return tuple(patterns)


def _abbreviated(word: str, phrase: str, variants: list[str]) -> bool:
    """"hf" in "bu hf", "мес" in "в прошлом мес": a short form (its letters in order, from the
    first) of a longer word that another variant of the phrase writes out at the same place."""
    words = phrase.split()
    at = words.index(word)
    others = {v.split()[at] for v in variants if v != phrase and len(v.split()) == len(words)}
    return any(len(o) > len(word) and o[0] == word[0] and _in_order(word, o) for o in others)


def _in_order(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _locale_periods(ctx: _Context, lang: str) -> list[TimeExpr]:
    """This, last and next week, month and year in a language the grammar does not cover, at the
    unit's granularity: "nächste Woche" is a week (2025-W43), never a day or a month."""
    if ctx.dct is None:
        return []
    found = []
    for pattern, unit, offset in _relative_period_patterns(lang):
        for m in pattern.finditer(ctx.text):
            hit = _relative_unit(ctx, unit, offset)
            found.append(_locale_expr(ctx, m.start(), m.end(), hit.value, hit.granularity))
    return found


def _locale_expr(ctx: _Context, start: int, end: int, value: str, granularity: str,
                 type_: str = "DATE") -> TimeExpr:
    return TimeExpr(start, end, ctx.text[start:end], type_, value, granularity)


def _trimmed(text: str, start: int, phrase: str) -> tuple[int, str]:
    """Without the short words dateparser takes along at either end ("am Freitag in", "Die 1971")."""
    words = phrase.split()
    while len(words) > 1 and len(words[-1]) <= 3 and re.fullmatch(LETTERS, words[-1]):
        words.pop()
    while len(words) > 1 and len(words[0]) <= 3 and re.fullmatch(LETTERS, words[0]):
        words.pop(0)
    trimmed = " ".join(words)
    at = text.find(trimmed, start)
    return (at, trimmed) if at >= 0 else (start, phrase)


def _nearest_year(day: date, dct: date) -> date:
    """A day or month given without its year, read as the past, is moved to the next year when
    that is much nearer to the publication date ("el 10 de junio" in a May report)."""
    later = _safe_date(day.year + 1, day.month, day.day)
    if later and (dct - day).days > 180 and (later - dct).days <= 180:
        return later
    return day


def _anchored(phrase: str, lang: str) -> bool:
    """The phrase names a month, a weekday, a day relative to today ("gestern") or a time ago
    ("vor zwei Wochen"), or holds a year: not a bare duration ("fünf Tagen") or a stray word."""
    if re.search(r"(?<!\d)(1[89]|20)\d\d(?!\d)", _ascii_digits(phrase)):
        return True
    months, weekdays, phrases = _calendar_words(lang)
    lowered = phrase.lower()
    return bool(_stems(phrase) & (months | weekdays)) or any(p in lowered for p in phrases)


def _ascii_digits(text: str) -> str:
    """"২০২৫", "٢٠٢٥", "２０２５" -> "2025" (same length: offsets stay valid)."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _weekday_only(phrase: str, lang: str) -> bool:
    months, weekdays, _ = _calendar_words(lang)
    stems = _stems(phrase)
    return bool(stems & weekdays) and not stems & months and not re.search(r"\d", phrase)


def _stems(phrase: str) -> set[str]:
    return {w.lower()[:4] for w in re.findall(LETTERS, phrase) if len(w) >= 4}


_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@functools.cache
def _calendar_words(lang: str) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """4-letter stems of a dateparser locale's month and weekday names, and its relative-day and
    "ago" phrases ("gestern", "vor")."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(lang).info
    months = frozenset(w.lower()[:4] for k in _MONTH_KEYS for w in info.get(k, []) if len(w) >= 4)
    weekdays = frozenset(w.lower()[:4] for k in _WEEKDAY_KEYS for w in info.get(k, []) if len(w) >= 4)
    relative = [w for k, ws in info.get("relative-type", {}).items() if k.endswith("day ago") for w in ws]
    phrases = tuple(w.lower() for w in relative + info.get("ago", []) if len(w) >= 3)
    return months, weekdays, phrases


def _date_data(parser, phrase: str):
    """dateparser's reading of the phrase, or of its end without a leading preposition ("am Montag")."""
    words = phrase.split()
    for i in range(min(len(words), 3)):
        data = parser.get_date_data(" ".join(words[i:]))
        if data.date_obj is not None:
            return data
    return None


def _resolve_anaphora(ctx: _Context, times: list[TimeExpr]) -> list[TimeExpr]:
    """"that day", "the following year": relative to the last date the text gave, not the DCT."""
    out: list[TimeExpr] = []
    reference: date | None = None
    reference_granularity = None
    for t in times:
        if (t.start, t.end) in ctx.anaphora:
            shift, unit = ctx.anaphora[(t.start, t.end)]
            value = _shift_reference(reference, reference_granularity, shift, ANAPHORIC_UNITS[unit])
            t = replace(t, value=value, unresolved_reason=None if value else "no reference time")
        elif t.value and re.fullmatch(r"\d{4}(-\d\d){0,2}", t.value[:10]) and t.type in ("DATE", "TIME"):
            parts = t.value[:10].split("-")
            reference = date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                             int(parts[2]) if len(parts) > 2 else 1)
            reference_granularity = ("year", "month", "day")[len(parts) - 1]
        out.append(t)
    return out


def _shift_reference(reference: date | None, granularity: str | None, shift: int, unit: str) -> str | None:
    rank = {"year": 0, "month": 1, "week": 2, "day": 3}
    if reference is None or rank[unit] > rank.get(granularity, 0) + (1 if unit == "week" else 0):
        return None  # "that day" after "in 2021": the text does not say which day
    if unit == "day":
        return _day(reference + timedelta(days=shift))
    if unit == "week":
        return _week(reference + timedelta(weeks=shift))
    if unit == "month":
        return _month(*_shift_months(reference.year, reference.month, shift))
    return str(reference.year + shift)


# a preposition a rule took along is a signal, outside the expression (TimeML): "on Monday",
# "over the weekend", "in the past", "at the time"
LEADING_PREPOSITION = re.compile(r"(?:on\s+|(?:in|at|over|during|within)\s+(?=(?:the|this|that|a|an)\s|\d))?",
                                 re.I)


def _candidates(ctx: _Context) -> list[TimeExpr]:
    found = []
    for pattern, handler, type_ in RULES:
        for m in pattern.finditer(ctx.text):
            if not m.group().strip():
                continue
            try:
                hit = handler(m, ctx)
            except _NeedsDCT:
                hit = _Hit(type_, None, unresolved_reason=NO_DCT)
            if hit is None:
                continue
            start = hit.start if hit.start is not None else m.start()
            start += len(LEADING_PREPOSITION.match(ctx.text, start, m.end()).group())
            end = m.end()
            while end > start and ctx.text[end - 1] in " ,":
                end -= 1
            if hit.anaphora is not None:
                ctx.anaphora[(start, end)] = hit.anaphora
            found.append(TimeExpr(start, end, ctx.text[start:end], hit.type, hit.value,
                                  hit.granularity, hit.mod, hit.end_value,
                                  hit.unresolved_reason))
    return found


def _longest_non_overlapping(candidates: list[TimeExpr]) -> list[TimeExpr]:
    chosen: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for t in sorted(candidates, key=lambda t: (-(t.end - t.start), t.start)):
        if any(t.start < e and s < t.end for s, e in taken):
            continue
        chosen.append(t)
        taken.append((t.start, t.end))
    return sorted(chosen, key=lambda t: t.start)


# ---------------------------------------------------------------- more rules
# (registered after the core grammar; order does not matter, the longest match wins)

TENS = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8,
        "ninety": 9}
UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9}


@rule(rf"{B}(?:the\s+year\s+)?(?:nineteen\s+(?P<t>{_alt(TENS)})(?:[- ](?P<u>{_alt(UNITS_WORDS)}))?|"
      rf"two\s+thousand(?:\s+(?:and\s+)?(?P<u2>{_alt(UNITS_WORDS)}))?){E}")
def _spoken_year(m, ctx):
    if m["t"]:
        return _Hit("DATE", f"19{TENS[m['t'].lower()]}{UNITS_WORDS.get((m['u'] or '').lower(), 0)}", "year")
    if not m.group().lower().startswith("the year") and not re.search(
            r"\b(?:in|since|until|by|of)\s+$", ctx.text[max(0, m.start() - 8):m.start()], re.I):
        return None  # "two thousand" people
    return _Hit("DATE", f"200{UNITS_WORDS.get((m['u2'] or '').lower(), 0)}", "year")


@rule(rf"{B}(?:(?:the|by|around|at)\s+)?(?:year[- ]end|year['’]s\s+end|the\s+end\s+of\s+the\s+year){E}")
def _year_end(m, ctx):
    hit = _Hit("DATE", str(ctx.need().year), "year", mod="END")
    hit.start = m.start() + len(re.match(r"(?:(?:by|around|at)\s+)?", m.group(), re.I).group())
    return hit


@rule(rf"{B}(?:the\s+)?(?:comparable\s+)?(?:year[- ]ago|year[- ]earlier|prior[- ]year)(?:\s+(?:period|quarter|nine\s+months))?{E}")
def _year_ago_adjective(m, ctx):
    # a year before the DCT; in earnings news the quarter pass below turns it into that quarter
    if re.search(r"nine\s+months$", m.group(), re.I):
        return _Hit("DURATION", "P9M", "month")
    return _Hit("DATE", str(ctx.need().year - 1), "year")


@rule(rf"{B}the\s+(?:latest|most\s+recent|recent)\s+(?:period|fiscal\s+year|year){E}")
def _latest_period(m, ctx):
    dct = ctx.need()
    if m.group().lower().endswith("period"):
        y, q = _shift_quarter(dct.year, _quarter_of(dct.month), -1)
        return _Hit("DATE", f"{y}-Q{q}", "quarter")
    return _Hit("DATE", str(dct.year - 1), "year")


@rule(rf"{B}the\s+full\s+year{E}")
def _full_year(m, ctx):
    return _Hit("DATE", str(ctx.need().year), "year")


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _us_election_day(year: int) -> date:
    """The Tuesday after the first Monday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(0 - first.weekday()) % 7 + 1)


def _easter(year: int) -> date:
    from dateutil.easter import easter
    return easter(year)


HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas day": lambda y: date(y, 12, 25), "christmas eve": lambda y: date(y, 12, 24),
    "christmas": lambda y: date(y, 12, 25), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "thanksgiving day": _thanksgiving,
    "thanksgiving": _thanksgiving, "independence day": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31), "valentine's day": lambda y: date(y, 2, 14),
    "easter sunday": _easter, "easter": _easter, "bastille day": lambda y: date(y, 7, 14),
    "noël": lambda y: date(y, 12, 25), "la toussaint": lambda y: date(y, 11, 1),
    "le jour de l'an": lambda y: date(y, 1, 1), "la saint-sylvestre": lambda y: date(y, 12, 31),
    "pâques": _easter, "le 14 juillet": lambda y: date(y, 7, 14),
    "election day": lambda y: _us_election_day(y),
}


@rule(rf"(?<![\w'-])(?:(?P<rel>last|next|this)\s+)?(?P<h>{_alt(HOLIDAYS)})(?![\w'-])(?:\s+(?P<y>{YEAR}))?(?!\s+(?:week|season|holidays?|trees?|cards?|shopping|party|sales|island))")
def _holiday(m, ctx):
    name = m["h"].lower().replace("’", "'")
    if name not in HOLIDAYS or (name[0].isalpha() and m["h"][0].islower() and not name.startswith(("le ", "la "))):
        return None
    rule_for = HOLIDAYS[name]
    if m["y"]:
        return _Hit("DATE", _day(rule_for(int(m["y"]))), "day")
    dct = ctx.need()
    candidates = [rule_for(dct.year + k) for k in (-1, 0, 1)]
    rel = (m["rel"] or "").lower()
    if rel == "last":
        d = max(c for c in candidates if c < dct)
    elif rel == "next":
        d = min(c for c in candidates if c > dct)
    else:
        nearest = min(candidates, key=lambda c: abs((c - dct).days))
        d = _resolve_month_day(ctx, nearest.month, nearest.day, m.start())
        d = rule_for(d.year) if d else nearest
    return _Hit("DATE", _day(d), "day")


ANAPHORIC_UNITS = {"day": "day", "morning": "day", "afternoon": "day", "evening": "day",
                   "night": "day", "week": "week", "month": "month", "year": "year"}


@rule(rf"{B}(?P<lead>earlier|later)?\s*(?:(?P<same>that|that\s+same|the\s+same)|the\s+(?P<dir>following|next|previous|preceding|prior))\s+(?P<u>day|morning|afternoon|evening|night|week|month|year){E}")
def _anaphoric(m, ctx):
    # resolved against the previous expression by _resolve_anaphora; marked here
    hit = _Hit("DATE", None, ANAPHORIC_UNITS[m["u"].lower()])
    hit.anaphora = (0 if m["same"] else (1 if m["dir"].lower() in ("following", "next") else -1),
                    m["u"].lower())
    if m["lead"]:
        hit.mod = "START" if m["lead"].lower() == "earlier" else "END"
        hit.start = m.start("lead")
    else:
        hit.start = m.start("same") if m["same"] else m.start()
    return hit


@rule(rf"{B}(?P<rel>(?i:last|next|this|past|coming))\s+(?P<m>{MONTH_EN}){E}", flags=0)
def _relative_month(m, ctx):
    dct = ctx.need()
    month, rel = _month_number(m["m"]), m["rel"]
    if rel in ("last", "past"):
        year = dct.year if month < dct.month else dct.year - 1
    elif rel in ("next", "coming"):
        year = dct.year if month > dct.month else dct.year + 1
    else:
        year = dct.year
    return _Hit("DATE", _month(year, month), "month")


@rule(rf"{B}(?P<u>hour|day|week|month|year|decade)[- ]long{E}", type_="DURATION")
def _unit_long(m, ctx):
    return _Hit("DURATION", _duration(1, _unit(m["u"])), m["u"].lower())


@rule(rf"{B}(?:over|in|through|across|during)\s+(?P<the>the\s+(?:early\s+|last\s+|past\s+)?years){E}", type_="DURATION")
def _the_years(m, ctx):
    hit = _Hit("DURATION", "PXY", "year")
    hit.start = m.start("the")
    return hit


@rule(rf"{B}(?:by\s+|in\s+the\s+)?mid[- ]?(?P<p>morning|afternoon){E}", type_="TIME")
def _mid_part(m, ctx):
    hit = _Hit("TIME", _day(ctx.need()) + "T" + PARTS_OF_DAY[m["p"].lower()], "part_of_day", mod="MID")
    hit.start = m.start() + len(re.match(r"(?:by\s+|in\s+the\s+)?", m.group(), re.I).group())
    return hit


# ---------------------------------------------------------------- Chinese and Japanese dates
# Han-script dates have no spaces and no word boundaries: "去年9月12日", "2025年10月13日",
# "上周一", "月曜日", "昨日". The words are shared by both languages (and the digits may be
# full-width: \d and int() read them), so these rules run on every text like the rest of the
# grammar. A date without its year is the nearest within a season of publication, else the
# most recent one unless the sentence looks ahead ("将", "予定").

CJK_RELATIVE_WORDS = {  # word -> (unit, offset from the publication date)
    "一昨日": ("day", -2), "前天": ("day", -2), "昨日": ("day", -1), "昨天": ("day", -1),
    "今日": ("day", 0), "今天": ("day", 0), "明日": ("day", 1), "明天": ("day", 1),
    "明後日": ("day", 2), "后天": ("day", 2), "後天": ("day", 2),
    "上周": ("week", -1), "上週": ("week", -1), "上星期": ("week", -1), "上个星期": ("week", -1),
    "上個星期": ("week", -1), "上礼拜": ("week", -1), "上禮拜": ("week", -1), "先週": ("week", -1),
    "本周": ("week", 0), "本週": ("week", 0), "这周": ("week", 0), "這週": ("week", 0),
    "这个星期": ("week", 0), "這個星期": ("week", 0), "今週": ("week", 0),
    "下周": ("week", 1), "下週": ("week", 1), "下星期": ("week", 1), "下个星期": ("week", 1),
    "下個星期": ("week", 1), "来週": ("week", 1), "來週": ("week", 1),
    "上个月": ("month", -1), "上個月": ("month", -1), "上月": ("month", -1), "先月": ("month", -1),
    "本月": ("month", 0), "这个月": ("month", 0), "這個月": ("month", 0), "今月": ("month", 0),
    "下个月": ("month", 1), "下個月": ("month", 1), "下月": ("month", 1), "来月": ("month", 1),
    "去年": ("year", -1), "昨年": ("year", -1), "今年": ("year", 0), "明年": ("year", 1),
    "来年": ("year", 1), "來年": ("year", 1),
}
CJK_YEARS = {w: offset for w, (unit, offset) in CJK_RELATIVE_WORDS.items() if unit == "year"}
CJK_WEEKS = {w: offset for w, (unit, offset) in CJK_RELATIVE_WORDS.items() if unit == "week"}
# before a weekday: "上周一" (last week's Monday), "下星期三", "来週の月曜日"
CJK_WEEK_PREFIXES = {**CJK_WEEKS, "上": -1, "下": 1, "这": 0, "這": 0, "本": 0}
CJK_WEEKDAY_NUMERALS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
CJK_WEEKDAY_SIGNS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}  # Japanese 月曜日
CJK_FUTURE = re.compile(r"将|將|计划|計劃|预计|預計|预定|預定|予定|見通し|見込み|方針|する方向|下周|下週|来週|明年|来年|來年|明天|明日")
CJK_SENTENCE_END = "。！？!?\n"
CJK_DAY = r"(?P<d>\d{1,2})\s*[日号號]"  # \d: full-width digits too; the handlers check the range
CJK_MONTH = r"(?P<m>\d{1,2})\s*月"


def _cjk_ahead(text: str, pos: int) -> bool:
    """The sentence around `pos` looks ahead ("将于", "予定")."""
    lo = max(text.rfind(mark, 0, pos) for mark in CJK_SENTENCE_END) + 1
    ends = [i for i in (text.find(mark, pos) for mark in CJK_SENTENCE_END) if i >= 0]
    return CJK_FUTURE.search(text, lo, min(ends, default=len(text))) is not None


@rule(rf"(?<!\d)(?P<y>\d{{4}})\s*年\s*{CJK_MONTH}(?:\s*{CJK_DAY})?(?!\d)")
def _cjk_year_month_day(m, ctx):
    return _cjk_date(int(m["y"]), int(m["m"]), m["d"])


def _cjk_date(year: int, month: int, day: str | None) -> _Hit | None:
    if not 1 <= month <= 12:
        return None
    if not day:
        return _Hit("DATE", _month(year, month), "month")
    d = _safe_date(year, month, int(day))
    return _Hit("DATE", _day(d), "day") if d else None


@rule(rf"(?P<rel>{_alt(CJK_YEARS)})(?:的)?\s*{CJK_MONTH}(?:\s*{CJK_DAY})?(?!\d)")
def _cjk_relative_year_month(m, ctx):
    return _cjk_date(ctx.need().year + CJK_YEARS[m["rel"]], int(m["m"]), m["d"])


@rule(rf"(?<![\d年])(?<!年\s){CJK_MONTH}\s*{CJK_DAY}(?!\d)")
def _cjk_month_day(m, ctx):
    if not 1 <= int(m["m"]) <= 12:
        return None
    d = _nearest_day(ctx.need(), int(m["m"]), int(m["d"]), _cjk_ahead(ctx.text, m.start()))
    return _Hit("DATE", _day(d), "day") if d else None


@rule(rf"(?<![\d年]){CJK_MONTH}(?![\d日]|\s+\d)")
def _cjk_month(m, ctx):
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    return _Hit("DATE", _month(_month_year_of(ctx.need(), month, _cjk_ahead(ctx.text, m.start())), month), "month")


@rule(r"(?<!\d)(?P<y>\d{4})\s*年(?![\d度代]|\s*\d)")
def _cjk_year(m, ctx):
    return _Hit("DATE", m["y"], "year") if 1500 <= int(m["y"]) <= 2099 else None


@rule(_alt(CJK_RELATIVE_WORDS))
def _cjk_relative(m, ctx):
    unit, offset = CJK_RELATIVE_WORDS[m.group()]
    if unit == "day":
        return _Hit("DATE", _day(ctx.need() + timedelta(days=offset)), "day")
    return _relative_unit(ctx, unit, offset)


@rule(rf"(?P<wk>{_alt(CJK_WEEK_PREFIXES)})?(?:的|の)?(?:(?:星期|礼拜|禮拜|周|週)(?P<n>[一二三四五六日天])(?![次个個遍些])|"
      rf"(?P<s>[{''.join(CJK_WEEKDAY_SIGNS)}])曜日?)")
def _cjk_weekday(m, ctx):
    if m.group().startswith(("周", "週")) and ctx.text[max(0, m.start() - 1):m.start()] == "每":
        return None  # "每周一" every Monday
    weekday = CJK_WEEKDAY_NUMERALS[m["n"]] if m["n"] else CJK_WEEKDAY_SIGNS[m["s"]]
    if m["wk"]:  # "上周一": Monday of last week
        dct = ctx.need()
        monday = dct - timedelta(days=dct.weekday()) + timedelta(weeks=CJK_WEEK_PREFIXES[m["wk"]])
        return _Hit("DATE", _day(monday + timedelta(days=weekday)), "day")
    relation = "next_or_today" if _cjk_ahead(ctx.text, m.start()) else "last_or_today"
    return _Hit("DATE", _day(_resolve_weekday(ctx, weekday, m.start(), relation)), "day")


@rule(r"(?<![\d月])(?<!月\s)(?P<d>\d{1,2})\s*日(?![間间前後后以内\d])")
def _cjk_day_of_month(m, ctx):
    """"警察は13日、" (the 13th): the most recent 13th of a month, on or before publication,
    unless the sentence looks ahead; Japanese and Chinese news date events this way."""
    dct, day = ctx.need(), int(m["d"])
    if not 1 <= day <= 31:
        return None
    step = 1 if _cjk_ahead(ctx.text, m.start()) else -1
    year, month = dct.year, dct.month
    for _ in range(3):
        d = _safe_date(year, month, day)
        if d and (d >= dct if step == 1 else d <= dct):
            return _Hit("DATE", _day(d), "day")
        year, month = _shift_months(year, month, step)
    return None


CJK_AGO_UNITS = {"天": "day", "日": "day", "周": "week", "週間": "week", "星期": "week", "个星期": "week",
                 "個星期": "week", "个月": "month", "個月": "month", "か月": "month", "カ月": "month",
                 "ヶ月": "month", "ケ月": "month", "年": "year"}


@rule(rf"(?<!\d)(?P<n>\d{{1,3}})\s*(?P<u>{_alt(CJK_AGO_UNITS)})(?:前|以前)(?![\d后後])")
def _cjk_ago(m, ctx):
    """"3天前", "2週間前", "5年前": that long before publication, at the unit's granularity."""
    dct, n, unit = ctx.need(), int(m["n"]), CJK_AGO_UNITS[m["u"]]
    if unit == "day":
        return _Hit("DATE", _day(dct - timedelta(days=n)), "day")
    if unit == "week":
        return _Hit("DATE", _week(dct - timedelta(weeks=n)), "week")
    if unit == "month":
        return _Hit("DATE", _month(*_shift_months(dct.year, dct.month, -n)), "month")
    return _Hit("DATE", str(dct.year - n), "year")


# ---------------------------------------------------------------- month names dateparser lacks
# Syriac-derived month names of the Levant and Iraq (dateparser knows only "أكتوبر"), often
# written together with the other name: "13 تشرين الأول/أكتوبر 2025". Only with a day or a year.
EXTRA_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}
OTHER_NAME = r"(?:\s*/\s*[^\W\d_]+)?"  # "/أكتوبر"


@rule(rf"(?<![\w/])(?:(?P<d>\d{{1,2}})\s+)?(?:[^\W\d_]+\s*/\s*)?(?P<m>{_alt(EXTRA_MONTHS)}){OTHER_NAME}"
      rf"(?:\s+(?P<y>\d{{4}}))?(?![\w/])")
def _extra_month(m, ctx):
    month = EXTRA_MONTHS[m["m"]]
    if m["y"]:
        return _cjk_date(int(m["y"]), month, m["d"])
    if not m["d"]:
        return None
    d = _nearest_day(ctx.need(), month, int(m["d"]), False)
    return _Hit("DATE", _day(d), "day") if d else None


# Japanese era years: 令和7年 is 2025 (the first year, 元年, is the era's start)
JAPANESE_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


@rule(rf"(?P<era>{_alt(JAPANESE_ERAS)})\s*(?P<n>\d{{1,2}}|元)\s*年(?:\s*{CJK_MONTH}(?:\s*{CJK_DAY})?)?(?!\d)")
def _japanese_era_date(m, ctx):
    year = JAPANESE_ERAS[m["era"]] + (1 if m["n"] == "元" else int(m["n"]))
    if not m["m"]:
        return _Hit("DATE", str(year), "year")
    return _cjk_date(year, int(m["m"]), m["d"])
