"""Where the reports of one claim disagree: the figures, places and dates that differ between
the claims of one claim group, side by side ("aged 26 to 38" / "aged 28 to 38"; "in Biarritz" /
"near Biarritz" / "in the Paris region"), each with the reports that write it.

Extractive like the rest of the dossier: every value is a span of one claim's content, with its
article id and offsets. Nothing here knows a language: figures are digits, places are the entity
mentions the analysis found (compared by entity across languages; by the word before them only
within one language), dates are the values the time resolver gave.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_PHRASE_CHARS = 40  # a figure or place phrase longer than this is shown by its parts
PLACE_TYPES = ("GPE", "LOC", "FAC")
COARSE_PLACE_KINDS = ("country",)  # "in France" does not disagree with "in Biarritz"
_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s+([^\W\d_]{3,})")  # "3 shots", "450 millions"
_DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_WORD_BEFORE = re.compile(r"(?:^|\s)([^\W\d_]+)\s+$")


@dataclass
class Reading:
    """What one claim says of one kind (its figures, its places or its dates)."""
    key: frozenset  # what is compared
    text: str  # as written, for the reader
    article: str
    start: int
    end: int
    lang: str
    units: dict = field(default_factory=dict)  # figures: unit word -> number


@dataclass
class ClaimText:
    """One claim of a group with what the analysis found inside its content."""
    article: str
    lang: str
    text: str  # the article's clean text
    start: int  # the content's offsets
    end: int
    times: list  # TimeExpr inside the content
    places: list  # (start, end, key, coarse) of place mentions inside the content


def readings(claim: ClaimText) -> dict[str, Reading]:
    """The claim's figures, places and dates; a kind it does not state is absent."""
    found = {}
    for kind, read in (("figures", _figures), ("places", _places), ("dates", _dates)):
        reading = read(claim)
        if reading is not None:
            found[kind] = reading
    return found


def _dates(claim: ClaimText) -> Reading | None:
    dated = [t for t in claim.times if t.value and _DATE_VALUE.match(t.value)]
    if not dated:
        return None
    values = frozenset(_DATE_VALUE.match(t.value).group() for t in dated)
    written = "; ".join(f"{_DATE_VALUE.match(t.value).group()} (“{' '.join(t.text.split())}”)" for t in dated)
    return Reading(values, written, claim.article, dated[0].start, dated[-1].end, claim.lang)


def _figures(claim: ClaimText) -> Reading | None:
    """Digits outside the content's dates ("13 October" is a date, not a figure)."""
    content = _blank(claim.text, claim.start, claim.end, [(t.start, t.end) for t in claim.times])
    matches = list(_FIGURE.finditer(content))
    if not matches:
        return None
    numbers = [_number(m.group()) for m in matches]
    start, end = claim.start + matches[0].start(), claim.start + matches[-1].end()
    text = _phrase(claim.text, start, end, " / ".join(numbers))
    units = {m.group(2).casefold(): _number(m.group(1)) for m in _UNIT.finditer(content)}
    return Reading(frozenset(numbers), text, claim.article, start, end, claim.lang, units=units)


def _places(claim: ClaimText) -> Reading | None:
    """The content's places finer than a country, each with the small word before it ("near
    Biarritz", "à Biarritz") so that a reader sees how each report places it."""
    precise = [p for p in claim.places if not p[3]]
    if not precise:
        return None
    phrases = []
    for start, end, _, _ in precise:
        word = _WORD_BEFORE.search(claim.text[max(claim.start, start - 30):start])
        lead = word.group(1) + " " if word and word.group(1).islower() else ""
        phrases.append(lead + " ".join(claim.text[start:end].split()))
    return Reading(frozenset(p[2] for p in precise), "; ".join(dict.fromkeys(phrases)), claim.article,
                   precise[0][0], precise[-1][1], claim.lang)


def _blank(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The content with the given spans replaced by spaces (offsets kept)."""
    chars = list(text[start:end])
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            chars[i - start] = " "
    return "".join(chars)


def _number(text: str) -> str:
    text = text.replace(",", ".")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _phrase(text: str, start: int, end: int, short: str) -> str:
    written = " ".join(text[start:end].split())
    return written if len(written) <= MAX_PHRASE_CHARS else short


# --- which readings disagree -----------------------------------------------------------------

def differ(kind: str, a: Reading, b: Reading) -> bool:
    if kind == "figures":
        return _figures_differ(a, b)
    if kind == "places":
        return _places_differ(a, b)
    return not any(x.startswith(y) or y.startswith(x) for x in a.key for y in b.key)


def _figures_differ(a: Reading, b: Reading) -> bool:
    """A figure differs: two readings of as many figures that share all but one (a range with one
    end moved: 26-38 / 28-38), or one unit counted differently (3 / 5 shots). Disjoint figures,
    or figures added, say different things (1,000 videos; 41 years), not one thing two ways."""
    if a.key & b.key and len(a.key) == len(b.key) and len(a.key - b.key) == 1:
        return True
    return any(unit in b.units and b.units[unit] != value for unit, value in a.units.items())


def _places_differ(a: Reading, b: Reading) -> bool:
    """No place in common. One place with other words ("in" / "near Biarritz") is not told
    apart: which small words mean nearness is language data the dossier does not have yet."""
    return not a.key & b.key


def group_variants(claims: list[ClaimText]) -> list[dict]:
    """Per kind in which two claims of the group disagree, every distinct value the group's
    claims give, most reported first, with the reports that give it."""
    by_kind: dict[str, list[Reading]] = {}
    for claim in claims:
        for kind, reading in readings(claim).items():
            by_kind.setdefault(kind, []).append(reading)
    result = []
    for kind, found in by_kind.items():
        if not any(differ(kind, a, b) for i, a in enumerate(found) for b in found[i + 1:]):
            continue
        values: dict[tuple, dict] = {}
        for reading in found:
            value = values.setdefault(tuple(sorted(reading.key)), {
                "text": reading.text, "written": [], "articles": [],
                "evidence": {"article": reading.article, "start": reading.start, "end": reading.end}})
            if reading.text not in value["written"]:
                value["written"].append(reading.text)
            if reading.article not in value["articles"]:
                value["articles"].append(reading.article)
        if len(values) < 2:  # "3 shots, 5 men" / "5 shots, 3 men": units differ, not the figures
            continue
        ranked = sorted(values.values(), key=lambda v: -len(v["articles"]))
        result.append({"kind": kind, "values": [{**v, "reports": len(v["articles"])} for v in ranked]})
    return result
