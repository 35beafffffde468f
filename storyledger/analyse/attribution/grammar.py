"""Per-language attribution data: storyledger/data/attribution/<lang>.json as a `Grammar`."""
from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field
from importlib import resources



@dataclass(frozen=True)
class Grammar:
    """How one language reports speech, for the parser-less fallback.

    cues: regex of an inflected cue -> cue class (as in cues_<lang>.txt);
    sources: "according to" prepositions before their source; complementizers: "that";
    titles: role words dropped before a name; weekdays/time words a trailing speaker may follow."""
    cues: dict[str, str]
    sources: str = r"according to"
    complementizers: str = r"that"
    negations: str = r"not|never"
    pronouns: str = r"he|she|they"
    determiners: str = r"the|a|an"
    as_words: str = r"as"  # "as X said": the speaker follows, the content is the other clause
    titles: str = r"president|minister|mr|mrs|ms|dr"
    times: str = r"today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    hedges: str = r"may|might|could|possibly|probably|allegedly|reportedly"
    relatives: str = r"who|which|that"
    particles: str = r"(?!)"  # German separable verb particles: "teilte ... mit"
    prepositions: str = r"in|on|at|after"  # a phrase opening with one is no subject ("Am Montag sagte X")
    postposed: str = r"(?!)"  # "according to" after its source: "der Polizei zufolge"
    negation_follows: bool = False  # German: the negation follows the finite verb
    source_without_comma: bool = False  # German: no comma after "laut X"; the source ends after its noun
    anaphoric: str = ""  # a sentence giving the source of the one before: "Об этом сообщила прокуратура"
    status_cues: dict = field(default_factory=dict)  # status -> regex of the cue and content that signal it
    opening_sources: tuple = ()  # "For X, ..." opening a sentence: X's view ("pour", "for")
    outlet_nouns: tuple = ()  # nouns that describe an outlet: "the agency", "la agencia rusa"
    office_holders: tuple = ()  # who speaks for an office: "the prosecutor's spokesman" is the office
    refused_nouns: tuple = ()  # a refused comment named as a noun: "declined comment", "refuse tout commentaire"
    demonstratives: str = r"(?!)"  # "Сам он это подтвердил": the content is the sentence before
    verb_final: bool = False  # Turkish: subject, then the content, then the cue verb


@functools.cache
def load_grammar(lang: str) -> Grammar:
    """The fallback grammar of `lang`, from storyledger/data/attribution/<lang>.json (English if none)."""
    folder = resources.files("storyledger") / "data" / "attribution"
    name = f"{lang}.json" if lang and (folder / f"{lang}.json").is_file() else "en.json"
    data = json.loads((folder / name).read_text("utf-8"))
    if "cues" not in data:  # status cues only (a language read by the parser): English word order
        data = {**json.loads((folder / "en.json").read_text("utf-8")), **data}
    fields = {f.name for f in dataclasses.fields(Grammar)}
    return Grammar(**{key: value for key, value in data.items() if key in fields})
