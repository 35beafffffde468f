"""Mentions in languages without a spaCy model, written in our own test sentences."""
from __future__ import annotations

from storyledger import places
from storyledger.analyse.entities import extract_mentions, stop_words

from test_entities import db, ingest, make_article  # noqa: F401  (db: the fixture)


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


def test_agencies_and_institutions_by_their_native_names():
    found = _found("قالت وكالة رويترز إن الكرملين نفى الاتهامات.", "ar")
    assert found["رويترز"] == ("ORG", "Reuters")
    assert found["الكرملين"] == ("ORG", "Kremlin")
    found = _found("据路透社报道，克里姆林宫周二否认了这一说法。", "zh")
    assert found["路透社"] == ("ORG", "Reuters")
    assert found["克里姆林宫"] == ("ORG", "Kremlin")
    assert _found("रॉयटर्स ने बताया कि पुलिस ने जांच शुरू की।", "hi")["रॉयटर्स"] == ("ORG", "Reuters")


def test_foreign_full_names_in_chinese_and_japanese_and_their_repeats():
    found = _found("俄罗斯总统弗拉基米尔·普京周二表示，普京不会出席会议。", "zh")
    assert found["弗拉基米尔·普京"] == ("PERSON", "弗拉基米尔·普京")
    assert found["普京"] == ("PERSON", "弗拉基米尔·普京")
    found = _found("反对派人士阿列克谢·纳瓦尔尼在莫斯科被捕。纳瓦尔尼的律师说他很好。", "zh")
    assert "阿列克谢·纳瓦尔尼" in found  # "人士" is a role word, though "士" writes foreign names
    found = _found("ロシアの野党指導者アレクセイ・ナワリヌイ氏が逮捕された。ナワリヌイ氏の弁護士が語った。", "ja")
    assert found["アレクセイ・ナワリヌイ"] == ("PERSON", "アレクセイ・ナワリヌイ")
    assert found["ナワリヌイ"] == ("PERSON", "アレクセイ・ナワリヌイ")


def test_a_name_another_report_established_is_found_in_uncased_text(db):
    first = make_article("俄罗斯人权活动家弗拉基米尔·奥谢奇金周一在比亚里茨接受采访。", "zh", "zh1")
    second = make_article("奥谢奇金表示，他已经离开了法国。", "zh", "zh2")
    assert [m.text for m in extract_mentions(second)] == ["法国"]  # alone, it does not name him
    ingest(db, first)
    ingest(db, second)
    rows = db.query("SELECT m.text, e.name, e.type FROM entity_mentions m JOIN entities e "
                    "ON e.id = m.entity_id WHERE m.article_id = 'zh2' AND e.type = 'PERSON'")
    assert [tuple(r) for r in rows] == [("奥谢奇金", "弗拉基米尔·奥谢奇金", "PERSON")]


def test_an_honorific_makes_a_person_and_a_title_word_is_no_name_of_its_own():
    found = _found("Prosecutor Laure Beccuau spoke on Monday. Ms Beccuau said the thieves had fled. "
                   "Interior Minister Laurent Nuñez visited the museum.", "en")
    assert found["Ms Beccuau"] == ("PERSON", "Laure Beccuau")
    assert "Interior" not in found
    assert found["Interior Minister Laurent Nuñez"] == ("PERSON", "Laurent Nuñez")


def test_weekdays_and_inflected_organisation_words_in_capitalised_runs():
    found = _found("Un attacco in Iraq Martedì sera ha ucciso due soldati.", "it")
    assert found == {"Iraq": ("GPE", "Iraq")}
    found = _found("Rzecznik Prokuratury Okręgowej nie skomentował sprawy. Prokuratura Warszawska milczy.", "pl")
    assert found["Prokuratura Warszawska"][0] == "ORG"
    assert found["Prokuratury Okręgowej"][0] == "ORG"


def test_word_order_variants_of_one_name_are_one_entity(db):
    ingest(db, make_article("The thieves entered the Apollo Gallery of the Louvre on Sunday, police said.", "en", "w1"))
    ingest(db, make_article("Jewels were taken from the Gallery of Apollo, the museum said on Sunday.", "en", "w2"))
    rows = db.query("SELECT DISTINCT m.entity_id FROM entity_mentions m WHERE m.text IN "
                    "('Apollo Gallery', 'Gallery of Apollo')")
    assert len(rows) == 1
