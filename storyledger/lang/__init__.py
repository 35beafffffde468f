"""Languages are data: one TOML file per language, loaded once into a frozen `Language`.

Modelled on spaCy's `spacy/lang/<code>/`: everything that differs between languages (reporting
verbs and what they mean, status cues, hedges, titles, organisation words, time words, page
furniture ...) lives in `storyledger/lang/<code>.toml`. Code asks the language object for a field;
it never branches on a language code. Adding a language is one data file and a test.

`xx.toml` is the generic language (as spaCy's "xx"): it declares every key with its empty value,
so it is also the schema. A language file holds the same keys; a key it leaves out is empty, a key
`xx.toml` does not know is an error. Lists load as tuples (their order is kept: a few are tried in
order), tables as read-only mappings. A code without a file (or no code at all) gets the generic
language.

Code that must scan text whose language it does not know (page furniture, names in a run of
capitalised words) asks `union(section, key)`: the field's values over every language file, in one
frozenset. That keeps one place where languages mix, instead of sets of ten languages in code.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping

GENERIC = "xx"
SECTIONS = ("attribution", "grammar", "entities", "time", "furniture")


class LanguageFileError(ValueError):
    """A language file that does not follow the schema of xx.toml."""


@dataclass(frozen=True)
class Language:
    """What storyledger knows of one language; every section maps the keys of xx.toml to values."""
    code: str
    name: str
    aliases: tuple[str, ...]
    attribution: Mapping[str, Any]
    grammar: Mapping[str, Any]
    entities: Mapping[str, Any]
    time: Mapping[str, Any]
    furniture: Mapping[str, Any]

    @property
    def generic(self) -> bool:
        return self.code == GENERIC


def language(code: str | None) -> Language:
    """The language of `code` ("fr", "fr-CA", "FR", an alias such as "nb"), else the generic one."""
    return _load(_file_code(code))


def known_languages() -> tuple[str, ...]:
    """Codes of the languages with a data file, the generic one left out."""
    return tuple(sorted(code for code in _file_codes() if code != GENERIC))


@functools.cache
def union(section: str, key: str) -> Any:
    """One field of `section` over every language, for text whose language is unknown.

    A list field gives a frozenset of all its values; a table of lists gives a read-only mapping
    of each table key to the frozenset of its values; a table of strings gives one read-only
    mapping (the values of the first language in code order win)."""
    values = [getattr(_load(code), section)[key] for code in known_languages()]
    if not values or isinstance(values[0], tuple):
        return frozenset(item for value in values for item in value)
    if isinstance(values[0], Mapping):
        merged: dict[str, Any] = {}
        for table in values:
            for name, value in table.items():
                if isinstance(value, tuple):
                    merged[name] = merged.get(name, frozenset()) | frozenset(value)
                else:
                    merged.setdefault(name, value)
        return MappingProxyType(merged)
    raise LanguageFileError(f"{section}.{key} is neither a list nor a table: nothing to unite")


# ---------------------------------------------------------------- loading


def _folder():
    return resources.files("storyledger.lang")


@functools.cache
def _file_codes() -> tuple[str, ...]:
    return tuple(sorted(entry.name[:-len(".toml")] for entry in _folder().iterdir()
                        if entry.name.endswith(".toml")))


@functools.cache
def _aliases() -> Mapping[str, str]:
    """alias -> the code of the file that declares it ("nb" -> "no")."""
    return MappingProxyType({alias: code for code in _file_codes()
                             for alias in _read(code)["meta"].get("aliases", [])})


def _file_code(code: str | None) -> str:
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    if base in _file_codes():
        return base
    return _aliases().get(base, GENERIC)


@functools.cache
def _read(code: str) -> dict:
    text = (_folder() / f"{code}.toml").read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LanguageFileError(f"storyledger/lang/{code}.toml: {error}") from error


@functools.cache
def _load(code: str) -> Language:
    data, schema = _read(code), _read(GENERIC)
    unknown = set(data) - set(schema)
    if unknown:
        raise LanguageFileError(f"storyledger/lang/{code}.toml: unknown sections {sorted(unknown)}")
    meta = data.get("meta", {})
    sections = {name: _section(code, name, data.get(name, {}), schema[name]) for name in SECTIONS}
    return Language(code=code, name=meta.get("name", code), aliases=tuple(meta.get("aliases", ())),
                    **sections)


def _section(code: str, name: str, values: dict, schema: dict) -> Mapping[str, Any]:
    unknown = set(values) - set(schema)
    if unknown:
        raise LanguageFileError(f"storyledger/lang/{code}.toml: unknown keys in [{name}]: {sorted(unknown)}"
                                " (every key must be declared in xx.toml)")
    section = {}
    for key, empty in schema.items():
        value = values.get(key, empty)
        if type(value) is not type(empty):
            raise LanguageFileError(f"storyledger/lang/{code}.toml: [{name}] {key} should be a "
                                    f"{type(empty).__name__}, not a {type(value).__name__}")
        section[key] = _frozen(value)
    return MappingProxyType(section)


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value
