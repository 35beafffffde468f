"""Relative periods in every language dateparser knows, the report's date as the anchor, and
TimeML extents (signals outside the expression). Sentences written for these tests."""
from __future__ import annotations

import pytest

from storyledger import nlp
from storyledger.analyse.time import extract_times

THURSDAY = "2025-10-16"  # ISO week 42


def one(text, lang="en", dct=THURSDAY, **options):
    found = extract_times(text, lang, dct, **options)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("lang, text", [
    ("en", "They will appear before a judge next week."),
    ("fr", "Ils seront jugés la semaine prochaine."),
    ("de", "Sie sollen nächste Woche vor Gericht erscheinen."),
    ("ru", "На следующей неделе их доставят в суд."),
    ("es", "Comparecerán ante el juez la próxima semana."),
    ("pl", "Staną przed sądem w przyszłym tygodniu."),
    ("tr", "Gelecek hafta hakim karşısına çıkacaklar."),
    ("nl", "Ze verschijnen volgende week voor de rechter."),
])
def test_next_week_keeps_week_granularity(lang, text):
    t = one(text, lang)
    assert (t.value, t.granularity) == ("2025-W43", "week")


@pytest.mark.parametrize("lang, text, value, granularity", [
    ("de", "Er wurde letzte Woche festgenommen.", "2025-W41", "week"),
    ("uk", "Його затримали минулого тижня.", "2025-W41", "week"),
    ("it", "È stato arrestato la settimana scorsa.", "2025-W41", "week"),
    ("es", "Fue detenido el mes pasado.", "2025-09", "month"),
    ("ru", "Его задержали в прошлом году.", "2024", "year"),
    ("pt", "Foi preso no ano passado.", "2024", "year"),
])
def test_last_week_month_and_year_in_other_languages(lang, text, value, granularity):
    t = one(text, lang)
    assert (t.value, t.granularity) == (value, granularity)


def test_an_abbreviation_of_the_locale_tables_is_not_a_phrase():
    assert extract_times("Он был в эт г. в Москве.", "ru", THURSDAY) == []


@pytest.mark.parametrize("lang, text, value", [
    ("fr", "L'attaque a eu lieu le 12 septembre dernier.", "2025-09-12"),
    ("fr", "L'attaque a eu lieu le 20 octobre dernier.", "2024-10-20"),  # after the report: a year back
    ("en", "The attack took place last September 12.", "2025-09-12"),
    ("es", "El ataque ocurrió el pasado 12 de septiembre.", "2025-09-12"),
    ("it", "L'attacco è avvenuto lo scorso 12 settembre.", "2025-09-12"),
    ("de", "Der Anschlag geschah am 12. September letzten Jahres.", "2024-09-12"),
    ("pl", "Do ataku doszło 12 września ubiegłego roku.", "2024-09-12"),
])
def test_last_next_to_a_date_is_the_latest_such_date(lang, text, value):
    assert one(text, lang).value == value


@pytest.mark.parametrize("lang, text", [
    ("uk", "Він виїхав з Росії у березні 2022 року."),
    ("pl", "Wyjechał z Rosji w marcu 2022 roku."),
    ("it", "Ha lasciato la Russia nel marzo 2022."),
    ("nl", "Hij verliet Rusland in maart 2022."),
])
def test_a_month_and_year_is_a_month(lang, text):
    t = one(text, lang)
    assert (t.value, t.granularity) == ("2022-03", "month")


@pytest.mark.parametrize("lang, text, value", [
    ("en", "The pilot, killed in February, had defected.", "2025-02"),
    ("it", "Il pilota è stato ucciso a febbraio.", "2025-02"),
    ("pl", "Pilot został zabity w lutym.", "2025-02"),
    ("en", "The trial is expected to start in February.", "2026-02"),
])
def test_a_bare_month_takes_its_year_from_the_report(lang, text, value):
    assert one(text, lang).value == value


@pytest.mark.parametrize("lang, text, value", [
    ("it", "Sabato sono stati arrestati quattro uomini.", "2025-10-25"),
    ("pl", "W sobotę zatrzymano czterech mężczyzn.", "2025-10-25"),
    ("nl", "Zaterdag werden vier mannen gearresteerd.", "2025-10-25"),
    ("en", "He was attacked late Wednesday outside his home.", "2025-10-29"),
])
def test_a_weekday_is_counted_from_the_report_of_wednesday_29_october(lang, text, value):
    assert one(text, lang, dct="2025-10-29").value == value


@pytest.mark.parametrize("lang, text", [
    ("it", "È stato aggredito martedì sera."),
    ("pl", "Został zaatakowany we wtorek wieczorem."),
    ("nl", "Hij werd dinsdagavond aangevallen."),
    ("uk", "На нього напали у вівторок увечері."),
])
def test_a_part_of_day_is_dated_by_its_day(lang, text):
    t = one(text, lang, dct="2025-10-30")
    assert t.value[:10] == "2025-10-28"


def test_a_future_auxiliary_before_a_participle_looks_ahead():
    text = "Les suspects seront présentés samedi à un juge."
    pipeline = nlp.spacy_pipeline("fr")
    doc = pipeline(text) if pipeline is not None else None
    assert one(text, "fr", dct="2025-10-29", doc=doc).value == "2025-11-01"


# --- TimeML extents: prepositions are signals, outside the expression

@pytest.mark.parametrize("text, extent, mod", [
    ("Lawyers met over the weekend.", "the weekend", None),
    ("Sales rose over the past decade.", "the past decade", None),
    ("Sales rose over three years.", "three years", "MORE_THAN"),
    ("The work ends within a week.", "a week", "EQUAL_OR_LESS"),
    ("It lasted about two weeks.", "two weeks", "APPROX"),
    ("In the past, the firm sold radios.", "the past", None),
    ("The board met earlier this week.", "this week", "START"),
    ("The board met earlier this year.", "earlier this year", "START"),
])
def test_signals_stay_outside_the_expression(text, extent, mod):
    t = one(text)
    assert (t.text, t.mod) == (extent, mod)
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text, extent", [
    ("It reported the third-quarter loss.", "third-quarter"),
    ("It ended the 30-day period.", "30-day"),
])
def test_an_expression_before_a_noun_leaves_the_determiner_out(text, extent):
    assert one(text).text == extent


def test_a_range_is_one_expression_or_its_two_ends():
    text = "Output fell from 1991 to 1997."
    assert [(t.text, t.value, t.end_value) for t in extract_times(text, "en", THURSDAY)] == \
        [("from 1991 to 1997", "1991", "1997")]
    assert [(t.text, t.value) for t in extract_times(text, "en", THURSDAY, join_ranges=False)] == \
        [("1991", "1991"), ("1997", "1997")]


@pytest.mark.parametrize("lang, text", [
    ("de", "Er kam im März letzten Jahres nach Berlin."),
    ("ru", "Он приехал в Берлин в марте прошлого года."),
    ("es", "Llegó a Berlín en marzo del año pasado."),
])
def test_a_month_of_last_year_is_that_month_a_year_back(lang, text):
    t = one(text, lang, dct="2025-10-29")
    assert (t.value, t.granularity) == ("2024-03", "month")


@pytest.mark.parametrize("lang, text, value", [
    ("uk", "Минулої п'ятниці його затримали.", "2025-10-24"),  # an ASCII apostrophe inside the word
    ("uk", "У п’ятницю його затримали.", "2025-10-24"),
    ("tr", "12 Mart'ta Rusya'dan ayrıldı.", "2025-03-12"),  # a suffix after the apostrophe
])
def test_a_name_with_an_apostrophe_is_one_word(lang, text, value):
    assert one(text, lang, dct="2025-10-29").value == value


@pytest.mark.parametrize("text, value", [
    ("He spent 5 1/2 hours there.", "PT5H30M"),
    ("They lived in the camp for 2 1/2 years.", "P2Y6M"),
    ("The march took 1.5 days.", "P1DT12H"),
])
def test_half_a_unit_is_written_in_the_smaller_unit(text, value):
    assert one(text).value == value
