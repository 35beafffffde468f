"""Name keys that agree across scripts and transliteration schemes.

One Russian surname reaches the news as "Осечкин" (Cyrillic), "Osechkin"
(English), "Ossetchkine" (French), "Ossetschkin" (German), "Osieczkin"
(Polish) or "Osechkina" (inflected). `skeleton` maps every spelling to one
Latin form: anyascii for other scripts, then the scheme-specific digraphs of
French (tch, ou, -ine), German (tsch, sch, w) and Polish (cz, sz, ie) are
rewritten to one spelling, doubled letters collapse and diacritics fold.
`stem` also strips Slavic case endings, so the key of a surname does not
depend on its grammatical case; `stems` adds the readings of a spelling as
French (j for ж, ch for ш) or German (s for з) transliteration. Fuzzy comparison (rapidfuzz) absorbs what is
left: misspellings and the odd vowel.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii
from rapidfuzz import fuzz

# Applied in order: longer digraphs first so "tsch" is not read as "t" + "sch".
_REWRITES = [
    ("schtsch", "shch"), ("szcz", "shch"), ("chtch", "shch"),
    ("tsch", "ch"), ("tsj", "ch"), ("tch", "ch"), ("cz", "ch"), ("sch", "sh"), ("sz", "sh"), ("sj", "sh"), ("rz", "zh"),
    ("kh", "h"), ("gh", "g"), ("tz", "ts"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("q", "k"),
    ("gue", "ge"), ("gui", "gi"),
    ("ou", "u"), ("oe", "u"), ("w", "v"), ("y", "i"), ("j", "i"),
    ("ie", "e"),
]
# Readings of a spelling under other transliteration schemes, applied before the common rewrites:
# French writes ж as j (Prigojine), ш as ch (Choïgou); German writes з as s (Kara-Mursa, Selenskyj).
# A name matches another when any reading of one matches any reading of the other.
_SCHEME_READINGS = {
    "fr": [("chtch", "shch"), ("tch", "ch"), ("ch", "sh"), ("dj", "dzh"), ("j", "zh")],
    "de": [("schtsch", "shch"), ("tsch", "ch"), ("sch", "sh"), ("j", "y")],
}
_GERMAN_VOICED_S = re.compile(r"(?<![s])s(?=[aeiouy])")
# Slavic and Baltic case endings (after rewriting), longest first; a stem keeps >= 4 letters.
# Lithuanian: Volkovas, Volkovo, Volkovui, Volkovą.
_ENDINGS = ("ogo", "ego", "omu", "ovi", "oi", "om", "em", "im", "ii", "as", "ui", "a", "u", "e", "i", "o")
_MIN_STEM = 4


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII letters and digits only: "Ossetchkine’s" -> "ossetchkines"."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """One spelling for every transliteration of `word` (a single name token)."""
    return _common(fold(word))


def _common(s: str) -> str:
    s = re.sub(r"^ch(?=[^aeiouy])", "h", s)  # German initial Ch- for Х (Chruschtschow)
    for old, new in _REWRITES:
        s = s.replace(old, new)
    s = re.sub(r"(.)\1+", r"\1", s)
    s = re.sub(r"ine$", "in", s)  # French -ine for Russian -ин (Poutine, Ossetchkine)
    return s


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """The stem of every reading of `word`: as written, as French, as German spelling."""
    folded = fold(word)
    readings = {folded}
    for rewrites in _SCHEME_READINGS.values():
        reading = folded
        for old, new in rewrites:
            reading = reading.replace(old, new)
        readings.add(reading)
    readings.add(_GERMAN_VOICED_S.sub("z", folded))
    return frozenset(_strip_ending(_common(r)) for r in readings if r)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The skeleton without a Slavic case ending: Osieczkina, Осечкиным -> osechkin."""
    return _strip_ending(skeleton(word))


def _strip_ending(s: str) -> str:
    for ending in _ENDINGS:
        if s.endswith(ending) and len(s) - len(ending) >= _MIN_STEM:
            return s[: -len(ending)]
    return s


def name_tokens(name: str) -> list[str]:
    """The words of a name, without possessive endings and punctuation."""
    name = re.sub(r"['’](s|)\b", "", name)
    return [t for t in _NAME_SEPARATOR.split(name) if fold(t)]


# Spaces, hyphens, a dot after an initial, and the middle dots Chinese and Japanese write between
# the parts of a foreign name ("弗拉基米尔·普京", "ウラジーミル・プーチン"); a middle dot between
# two Latin letters is Catalan spelling ("Paral·lel"), inside one word.
_NAME_SEPARATOR = re.compile(r"[\s\-‐–]+|(?<=\.)|[・•‧]|(?<![A-Za-zÀ-ɏ])·|·(?![A-Za-zÀ-ɏ])")


def surname_key(name: str) -> str:
    tokens = name_tokens(name)
    return stem(tokens[-1]) if tokens else ""


def full_key(name: str) -> str:
    return " ".join(stem(t) for t in name_tokens(name))


def blocking_keys(word: str) -> set[str]:
    """Index keys of one surname: its stem and, for stems of 5+ letters, the stem with
    one letter deleted at each position (a symmetric-deletion neighbourhood): two
    spellings one typo apart (a letter missing, added, replaced or swapped) share a
    key, and each key stays specific, so postings stay short as the store grows."""
    keys = set()
    for s in stems(word):
        keys |= {s} if len(s) < 5 else {s} | {s[:i] + s[i + 1:] for i in range(len(s))}
    letters = fold(word)
    if len(letters) >= _MIN_TRANSPOSED:
        keys.add("~" + "".join(sorted(letters)))  # the letters in any order: see `transposed`
    return keys


_MIN_TRANSPOSED = 6


def transposed(a: str, b: str) -> bool:
    """One spelling with letters swapped or moved by a place or two (a typo: "Oschekin" for
    "Osechkin", "Nalvany" for "Navalny"): same letters, same first and last letter, at most
    three positions differ."""
    fa, fb = fold(a), fold(b)
    if len(fa) != len(fb) or len(fa) < _MIN_TRANSPOSED or fa == fb:
        return False
    if fa[0] != fb[0] or fa[-1] != fb[-1] or sorted(fa) != sorted(fb):
        return False
    return sum(x != y for x, y in zip(fa, fb)) <= 3


def same_word(a: str, b: str, threshold: float = 85) -> bool:
    """Two spellings of one name token (a surname, a place), under any reading of each."""
    return any(_same_stem(sa, sb, threshold) for sa in stems(a) for sb in stems(b))


def _same_stem(sa: str, sb: str, threshold: float) -> bool:
    if not sa or not sb:
        return False
    if sa == sb:
        return True
    if min(len(sa), len(sb)) < 5 or abs(len(sa) - len(sb)) > 1:
        return False  # too short to be safe, or another name (Kuzmin, Kuzminov)
    return fuzz.ratio(sa, sb) >= threshold


def compatible_first_names(a: str | None, b: str | None) -> bool:
    """Vladimir ~ Volodymyr ~ Wladimir ~ V.; missing first names are compatible."""
    if not a or not b:
        return True
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return True
    if len(sa) == 1 or len(sb) == 1 or a.endswith(".") or b.endswith("."):
        return sa[0] == sb[0]
    if min(len(sa), len(sb)) >= 3 and (sa.startswith(sb) or sb.startswith(sa)):
        return True  # short forms: Phil / Philip, Fred / Frederick, Alex / Alexander
    return sa == sb or fuzz.ratio(sa, sb) >= 75


def same_person_name(a: str, b: str) -> bool:
    """Full names that name the same person (surname matches, first names agree)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb or not same_word(ta[-1], tb[-1]):
        return False
    first_a = ta[0] if len(ta) > 1 else None
    first_b = tb[0] if len(tb) > 1 else None
    return compatible_first_names(first_a, first_b)
