"""Translations between closely related languages the sentence encoder may not know (Russian and
Ukrainian): their sentences share letters once transliterated. Invented texts only."""
import numpy as np
from conftest import link_copies, sentence_article

from storyledger.link import copies, similarity
from storyledger.settings import DEFAULT
from storyledger.store.db import Database

RUSSIAN = (
    "Пожарные в городе Яринске в среду тушили крупный пожар на бумажной фабрике «Целарма», сообщила "
    "региональная служба спасения.\n\n"
    "Огонь вспыхнул около шести часов утра на складе, где хранились 3000 тонн целлюлозы, и густой дым "
    "несколько часов стоял над долиной реки.\n\n"
    "Мэр города Людмила Ферандова призвала жителей держать окна закрытыми и сообщила, что двое рабочих "
    "получили помощь в местной больнице.\n\n"
    "На фабрике работают около 400 человек, в марте её проверяли инспекторы, сообщил представитель компании.\n\n"
    "Следователи прибудут на место, когда пламя будет потушено."
)

# The same story as a Ukrainian service of one broadcaster publishes it: a close translation.
UKRAINIAN = (
    "Пожежники в місті Яринську в середу гасили велику пожежу на паперовій фабриці «Целарма», повідомила "
    "регіональна служба порятунку.\n\n"
    "Вогонь спалахнув близько шостої години ранку на складі, де зберігалися 3000 тонн целюлози, і густий дим "
    "кілька годин стояв над долиною річки.\n\n"
    "Мер міста Людмила Ферандова закликала мешканців тримати вікна зачиненими і повідомила, що двоє робітників "
    "отримали допомогу в місцевій лікарні.\n\n"
    "На фабриці працюють близько 400 осіб, у березні її перевіряли інспектори, повідомив представник компанії.\n\n"
    "Слідчі прибудуть на місце, коли полум'я буде загашено."
)

# Another Ukrainian report of the same fire, written independently: same names and figures.
UKRAINIAN_OWN_REPORT = (
    "У Яринську горить паперова фабрика «Целарма»: чорний дим видно з сусідніх сіл уже кілька годин.\n\n"
    "Наш кореспондент нарахував щонайменше дванадцять пожежних машин біля під'їзної дороги до фабрики.\n\n"
    "Мер Людмила Ферандова порадила людям не відчиняти вікна, поки вітер несе дим на місто.\n\n"
    "Близько 400 робітників розповіли, що почули гучний вибух на складі, після чого вогонь перекинувся на дах.\n\n"
    "Компанія поки не назвала причину пожежі, а 3000 тонн целюлози, за її словами, застраховані."
)


def test_a_ukrainian_translation_of_a_russian_report_is_a_translation_copy():
    db = Database(":memory:")
    link_copies(db, [sentence_article("ru", RUSSIAN, "ru"), sentence_article("uk", UKRAINIAN, "uk", "2024-05-08")])
    (link,) = copies.copy_links(db)
    assert (link["article"], link["copy_of"], link["method"]) == ("uk", "ru", "translation")
    assert len(link["aligned"]) == 5
    first = link["aligned"][0]
    assert UKRAINIAN[slice(*first["article"])].startswith("Пожежники")
    assert RUSSIAN[slice(*first["copy_of"])].startswith("Пожарные")


def test_an_independent_report_in_a_related_language_is_no_copy():
    db = Database(":memory:")
    link_copies(db, [sentence_article("ru", RUSSIAN, "ru"), sentence_article("own", UKRAINIAN_OWN_REPORT, "uk", "2024-05-08")])
    assert copies.copy_links(db) == []


def test_translated_sentences_stand_out_by_letter_trigrams_and_others_do_not():
    ru = [RUSSIAN.split("\n\n")[i] for i in (0, 2, 3)]
    uk = [UKRAINIAN.split("\n\n")[i] for i in (0, 2, 3)]
    scores = similarity.trigram_similarity(ru, uk)
    assert scores.shape == (3, 3)
    assert (np.diag(scores) >= DEFAULT.copies.transliterated_sentence).all()
    assert (similarity.margin_scores(scores).diagonal() >= DEFAULT.copies.transliterated_margin).all()
    own = UKRAINIAN_OWN_REPORT.split("\n\n")
    assert similarity.trigram_similarity(ru, own).max() < DEFAULT.copies.transliterated_sentence


def test_figures_of_other_scripts_are_one_figure():
    assert similarity.numbers("٤٠٠ / ४०० / ৪০০ / ４００ / 400") == ["400"] * 5
    assert not similarity.figures_disagree("३,००० टन लुगदी", "3,000 tonnes of pulp")
