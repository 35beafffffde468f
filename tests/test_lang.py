"""The language layer: one TOML file per language, one schema (xx.toml), frozen objects."""
import dataclasses
import re
import tomllib
from importlib import resources
from types import MappingProxyType

import pytest

from storyledger import lang
from storyledger.lang import SECTIONS, Language, language, known_languages, union

REQUIRED = {"en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "ar", "zh", "ja",
            "da", "no", "sv", "ro"}
FOLDER = resources.files("storyledger.lang")


def _raw(code: str) -> dict:
    return tomllib.loads((FOLDER / f"{code}.toml").read_text("utf-8"))


def test_the_languages_of_the_real_corpora_have_a_file():
    assert REQUIRED <= set(known_languages())
    assert "xx" not in known_languages()


@pytest.mark.parametrize("code", [*sorted(REQUIRED), "xx"])
def test_every_file_parses_and_keeps_to_the_schema(code):
    schema, data = _raw("xx"), _raw(code)
    assert set(data) <= set(schema)
    for section in SECTIONS:
        assert set(data.get(section, {})) <= set(schema[section]), section
        for key, value in getattr(language(code), section).items():
            assert isinstance(value, (tuple, MappingProxyType, str, bool)), (section, key)


@pytest.mark.parametrize("code", sorted(REQUIRED))
def test_every_pattern_compiles(code):
    spoken = language(code)
    patterns = [*spoken.grammar["cues"], *spoken.attribution["status_cues"].values(),
                *spoken.furniture["prompts"], *spoken.furniture["licences"], *spoken.furniture["stamps"],
                *spoken.furniture["bylines"]]
    patterns += [value for value in spoken.grammar.values() if isinstance(value, str)]
    for pattern in patterns:
        re.compile(pattern)


def test_a_language_object_is_frozen():
    english = language("en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        english.code = "fr"
    with pytest.raises(TypeError):
        english.attribution["outlet_nouns"] = ("agency",)
    with pytest.raises(TypeError):
        english.attribution["status_cues"]["denied"] = "."
    assert isinstance(english.entities["titles"], tuple)


def test_a_language_is_loaded_once():
    assert language("fr") is language("fr") is language("fr-CA") is language("FR")


def test_unknown_and_missing_codes_fall_back_to_the_generic_language():
    for code in ("sw", "", None, "not a code"):
        generic = language(code)
        assert isinstance(generic, Language) and generic.generic and generic.code == "xx"
    assert language("sw").entities["titles"] == ()  # the same keys, empty


def test_an_alias_reaches_its_file():
    assert language("nb") is language("no")
    assert "forrige" in language("nb").time["last"]


def test_a_key_left_out_is_empty_and_has_the_schema_type():
    japanese = language("ja")
    assert japanese.time["month_lead"] == ()
    assert japanese.time["parts"] == {}
    assert japanese.grammar["verb_final"] is False


def test_union_joins_one_field_over_every_language():
    titles = union("entities", "titles")
    assert isinstance(titles, frozenset)
    assert {"president", "mme", "herr", "президент"} <= titles
    parts = union("time", "parts")
    assert parts["abend"] == "EV" and parts["вечером"] == "EV"
    lemmas = union("attribution", "cue_lemmas")
    assert "say" in lemmas["say"] and "dire" in lemmas["say"]


def test_a_file_with_a_key_the_schema_does_not_know_is_refused(monkeypatch):
    real = lang._read

    def with_typo(code):
        data = real(code)
        return {**data, "time": {**data.get("time", {}), "lats": ["x"]}} if code == "de" else data

    monkeypatch.setattr(lang, "_read", with_typo)
    with pytest.raises(lang.LanguageFileError, match="lats"):
        lang._load.__wrapped__("de")


# --- adding a language is one data file and a test: Czech (cs.toml) ---------------------------

def test_czech_is_one_more_file():
    assert "cs" in known_languages() and language("cs").name == "Czech"


def test_a_czech_last_year_phrase_fixes_the_year_of_a_date():
    from storyledger.analyse.time import extract_times

    # dateparser knows the month; "minulého roku" (last year) comes from cs.toml's [time]
    found = extract_times("Útok se stal 12. září minulého roku v Praze.", "cs", "2022-10-20")
    assert [(t.text, t.value) for t in found] == [("12. září minulého roku", "2021-09-12")]
    found = extract_times("Policie ho zadržela minulý pátek večer.", "cs", "2022-10-20")
    assert [t.value for t in found] == ["2022-10-14"]


@pytest.mark.parametrize("text, cue, speaker, status", [
    ("Mluvčí Jana Nováková řekla, že trh zůstane do pátku zavřený.", "řekla", "Jana Nováková", "claimed"),
    ("Nikdo nebyl zraněn, uvedla policie.", "uvedla", "policie", "asserted"),
    ("Petr Svoboda popřel, že by o útoku věděl.", "popřel", "Petr Svoboda", "denied"),
])
def test_a_czech_reporting_verb_yields_an_attribution(text, cue, speaker, status):
    from storyledger import segment
    from storyledger.analyse.attribution import extract_attributions
    from storyledger.model import Article, Sentence

    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, "cs")]
    found = extract_attributions(Article(id="t", body=text, text=text, sentences=sentences, lang="cs"))
    assert [(a.cue.text, a.speaker_name, a.status) for a in found] == [(cue, speaker, status)]


def test_a_language_without_cue_patterns_reads_with_the_english_grammar_and_keeps_its_own_cues():
    from storyledger.analyse.attribution import load_grammar

    english, french, unknown = load_grammar("en"), load_grammar("fr"), load_grammar("sw")
    assert french.cues == english.cues and french.sources == english.sources
    assert "porte-parole" in french.office_holders and french.status_cues != english.status_cues
    assert unknown == english
    assert load_grammar("de").negation_follows and not english.negation_follows  # a difference is a field


def test_the_old_data_files_are_gone():
    data = resources.files("storyledger") / "data"
    assert not (data / "attribution").is_dir()
    assert not any(entry.name.startswith("cues_") or entry.name == "time_words.json" for entry in data.iterdir())
