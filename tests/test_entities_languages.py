"""Mentions in languages without a spaCy model, written in our own test sentences."""
from __future__ import annotations

from storyledger import places
from storyledger.analyse.entities import extract_mentions, stop_words

from test_entities import make_article


def _found(text: str, lang: str) -> dict[str, tuple[str, str]]:
    return {m.text: (m.type, m.canonical) for m in extract_mentions(make_article(text, lang))}


def test_a_capitalised_function_word_at_a_sentence_start_is_no_name():
    text = ("Ο Ρώσος ακτιβιστής Νικόλαος Παπαδόπουλος μίλησε στην Αθήνα. "
            "Ο Παπαδόπουλος ζει στη Γαλλία.")
    found = _found(text, "el")
    assert found["Νικόλαος Παπαδόπουλος"][0] == "PERSON"
    assert found["Παπαδόπουλος"] == ("PERSON", "Νικόλαος Παπαδόπουλος")
    assert not any(name.startswith("Ο ") for name in found)


def test_a_stop_word_inside_a_sentence_can_be_a_name():
    # Lithuanian "ana" is a function word ("that"), and a first name in the middle of a sentence
    text = "Jo žmona Ana Petraitienė patvirtino, kad vyras yra namuose."
    assert _found(text, "lt")["Ana Petraitienė"][0] == "PERSON"
    assert "ana" in stop_words("lt")


def test_a_sentence_start_of_a_language_without_a_file_is_no_place():
    found = _found("Poliția a venit seara. Dar nimeni nu a confirmat atacul.", "ro")
    assert "Dar" not in found


def test_a_short_skeleton_of_a_small_town_is_no_place():
    assert not places.is_place("Männer")  # "Maner", India, only through the skeleton
    assert not places.is_place("Jesienią")
    assert places.is_place("Биариц")  # a long skeleton: Biarritz misspelt
    assert places.is_place("Berlinie")  # a large city
