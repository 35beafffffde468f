"""The curated table of news agencies, outlets and abbreviated organisations."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str  # wire | outlet | org
    aliases: tuple[str, ...]


def _key(name: str) -> str:
    name = re.sub(r"^(the|la|le|les|l')\s*", "", name.strip(), flags=re.I)
    return name if name.isupper() and len(name) <= 6 else name.casefold()


@functools.cache
def table() -> dict[str, Agency]:
    """Lookup key -> Agency; acronyms are keyed case-sensitively ("AP" is not "ap")."""
    data = json.loads((resources.files("storyledger") / "data" / "agencies.json").read_text("utf-8"))
    index: dict[str, Agency] = {}
    for entry in data["entries"]:
        agency = Agency(entry["name"], entry["kind"], tuple(entry["aliases"]))
        for alias in (agency.name, *agency.aliases):
            index.setdefault(_key(alias), agency)
    return index


def lookup(name: str | None) -> Agency | None:
    """The agency or outlet named `name` ("the AP", "AFP", "Moscow Times"), if curated."""
    if not name:
        return None
    return table().get(_key(name))


def wires() -> list[Agency]:
    return sorted({a for a in table().values() if a.kind == "wire"}, key=lambda a: a.name)


def outlets() -> list[Agency]:
    return sorted({a for a in table().values() if a.kind == "outlet"}, key=lambda a: a.name)
