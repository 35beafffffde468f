"""Per-language attribution data: the [grammar] and [attribution] sections of
storyledger/lang/<code>.toml as a `Grammar`."""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Mapping

from storyledger.lang import language

# the language whose grammar a language without cue patterns of its own reads with (one the parser
# reads, or one whose fallback grammar no one has written yet)
FALLBACK_LANGUAGE = "en"
# the Grammar fields that come from the [attribution] section rather than [grammar]
ATTRIBUTION_FIELDS = ("status_cues", "opening_sources", "outlet_nouns", "office_holders", "refused_nouns")


@dataclass(frozen=True)
class Grammar:
    """How one language reports speech, for the parser-less fallback: the fields of the [grammar]
    section of its language file (each explained in storyledger/lang/xx.toml), and from its
    [attribution] section the status cues and the nouns that resolve speakers.

    cues: regex of an inflected cue -> cue class (the classes of [attribution] cue_lemmas)."""
    cues: Mapping[str, str]
    sources: str
    complementizers: str
    negations: str
    pronouns: str
    determiners: str
    as_words: str
    titles: str
    times: str
    hedges: str
    relatives: str
    particles: str
    prepositions: str
    postposed: str
    negation_follows: bool
    source_without_comma: bool
    anaphoric: str
    status_cues: Mapping[str, str]
    opening_sources: tuple
    outlet_nouns: tuple
    office_holders: tuple
    refused_nouns: tuple
    demonstratives: str
    verb_final: bool
    verb_initial: bool


@functools.cache
def load_grammar(lang: str) -> Grammar:
    """The fallback grammar of `lang` from its language file. A language without cue patterns
    reads with English word order, and takes English's status cues and nouns where it has none."""
    own = language(lang)
    if own.grammar["cues"]:
        attribution = {key: own.attribution[key] for key in ATTRIBUTION_FIELDS}
        return _grammar(own.grammar, attribution)
    fallback = language(FALLBACK_LANGUAGE)
    attribution = {key: own.attribution[key] or fallback.attribution[key] for key in ATTRIBUTION_FIELDS}
    return _grammar(fallback.grammar, attribution)


def _grammar(grammar, attribution) -> Grammar:
    fields = {f.name for f in dataclasses.fields(Grammar)}
    return Grammar(**{key: value for key, value in {**grammar, **attribution}.items() if key in fields})
