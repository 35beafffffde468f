"""Time stage: extraction, normalisation against the DCT, event anchoring.

Sentences are written for these tests; no article text is copied here.
"""
import json
import os

import pytest

from storyledger import segment
from storyledger.analyse.events import anchor_events, event_date
from storyledger.analyse.time import NO_DCT, extract_times
from storyledger.model import Article, Sentence
from storyledger.paths import shared

DCT = "2022-09-27"  # a Tuesday


def values(text, lang="en", dct=DCT, doc=None):
    return {t.text: t.value for t in extract_times(text, lang, dct, doc=doc)}


def one(text, lang="en", dct=DCT):
    found = extract_times(text, lang, dct)
    assert len(found) == 1, found
    return found[0]


def test_absolute_and_partial_dates():
    assert one("The vote took place on September 19, 2018.").value == "2018-09-19"
    assert one("The ministry was raided on Sept. 12 by police.").value == "2022-09-12"
    assert one("The plant closed in 2024.").value == "2024"
    t = one("The company was founded in March 2019.")
    assert (t.value, t.granularity) == ("2019-03", "month")


def test_offsets_point_into_the_text():
    text = "Officials said the bridge collapsed on Sept. 12 after heavy rain."
    t = one(text)
    assert text[t.start:t.end] == t.text == "Sept. 12"


def test_bare_month_follows_the_tense():
    assert one("He was warned of the plan in February.").value == "2022-02"
    assert one("The trial will open in February.").value == "2023-02"
    assert one("The minister resigned in February this year.").value == "2022-02"


def test_weekdays_follow_the_tense():
    assert one("The suspects were arrested on Monday.").value == "2022-09-26"
    assert one("The court will rule on Friday.").value == "2022-09-30"
    assert one("Le suspect a été interpellé lundi.", "fr").value == "2022-09-26"


def test_relative_days_weeks_and_years():
    v = values("Yesterday the talks failed. Last week the strike began. "
               "Earlier this month the union met. The dam burst 10 days ago.")
    assert v["Yesterday"] == "2022-09-26"
    assert v["Last week"] == "2022-W38"
    assert v["Earlier this month"] == "2022-09"
    assert v["10 days ago"] == "2022-09-17"
    assert one("Les faits remontent à hier.", "fr").value == "2022-09-26"


def test_modifiers_and_ranges():
    mid = one("Talks collapsed in mid-September.")
    assert (mid.value, mid.mod) == ("2022-09", "MID")
    early = one("The mine reopened in early 2023.")
    assert (early.value, early.mod) == ("2023", "START")
    since = one("He has lived in exile since 2022.")
    assert (since.value, since.mod) == ("2022", "AFTER")
    span = one("The company grew between 2015 and 2017.")
    assert (span.value, span.end_value) == ("2015", "2017")
    assert span.text == "between 2015 and 2017"
    start = one("Le procès s'est ouvert au début février.", "fr")
    assert (start.value, start.mod) == ("2022-02", "START")


def test_ages_and_counts_are_not_times():
    assert extract_times("The suspects, aged between 26 and 38, were held.", "en", DCT) == []
    assert extract_times("About 2000 people marched.", "en", DCT) == []
    assert extract_times("Residents may leave if they wish.", "en", DCT) == []


def test_durations_sets_and_references():
    assert one("The siege lasted three years.").value == "P3Y"
    assert one("Le siège a duré trois ans.", "fr").value == "P3Y"
    assert one("The paper is published daily.").type == "SET"
    assert one("Prices are currently rising.").value == "PRESENT_REF"


def test_french_dates():
    v = values("Il a été blessé le 12 septembre. La réunion a eu lieu la semaine dernière.", "fr")
    assert v["12 septembre"] == "2022-09-12"
    assert v["la semaine dernière"] == "2022-W38"


def test_unknown_dct_leaves_relative_expressions_unresolved():
    found = {t.text: t for t in extract_times("He was arrested on Monday in 2021.", "en", None)}
    assert found["2021"].value == "2021"
    assert found["Monday"].value is None
    assert found["Monday"].unresolved_reason == NO_DCT


def test_event_date_keeps_the_calendar_part():
    t = one("The blast happened on the evening of September 12.")
    assert t.value == "2022-09-12" and t.type == "TIME"
    assert event_date(t) == "2022-09-12"


def _article(text, lang="en", published=DCT):
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, lang)]
    return Article(id="t", body=text, text=text, sentences=sentences, lang=lang, published=published)


@pytest.mark.parametrize("lang", ["en", "xx"])  # xx: no parser, punctuation clauses
def test_anchor_events_by_clause(lang):
    text = ("The journalist said he was attacked in his car on Sept. 12 when the lights went out. "
            "Prosecutors opened an inquiry. "
            "In 2021, the group published documents, and it has faced threats since 2020, "
            "most recently in February this year.")
    article = _article(text, lang)
    times = extract_times(text, "en", DCT)
    events = anchor_events(article, times)

    def date_of(evidence):
        start = text.index(evidence)
        end = start + len(evidence)
        overlapping = [e for e in events if e.start < end and start < e.end]
        return max(overlapping, key=lambda e: min(e.end, end) - max(e.start, start))

    attacked = date_of("attacked in his car")
    assert attacked.date == "2022-09-12" and attacked.time_index is not None
    assert date_of("published documents").date == "2021"
    assert date_of("most recently in February this year").date == "2022-02"
    inquiry = date_of("opened an inquiry")
    assert (inquiry.date, inquiry.date_basis) == (None, "publication")


SEEDS = shared("seeds")
GOLD = shared("gold", "seeds.gold.json")


@pytest.mark.skipif(not os.path.exists(GOLD), reason="shared gold not available")
def test_seed_timeline_gold():
    meta = {}
    with open(os.path.join(SEEDS, "metadata.jsonl")) as lines:
        for line in lines:
            row = json.loads(line)
            meta[row["file"]] = row
    rows = json.load(open(GOLD))["timeline"]
    correct = 0
    for row in rows:
        text = open(os.path.join(SEEDS, row["article"]), encoding="utf-8").read()
        article = _article(text, "en", meta[row["article"]]["published"])
        events = anchor_events(article, extract_times(text, "en", article.published))
        sentence = next(s for s in article.sentences if row["evidence"] in text[s.start:s.end])
        start = text.index(row["evidence"], sentence.start)
        end = start + len(row["evidence"])
        candidates = [e for e in events if sentence.start <= e.start < sentence.end]
        best = max(candidates, key=lambda e: max(0, min(e.end, end) - max(e.start, start)))
        correct += best.date == row["date"]
    assert correct == len(rows)


BENCH = shared("bench", "tempeval3-tbaq")


@pytest.mark.skipif(not os.path.isdir(BENCH), reason="TempEval-3 data not available")
def test_tempeval_reader_and_quick_scores():
    from storyledger.evaluate import bench_tempeval

    documents = bench_tempeval.read_corpus(BENCH)[:1]
    document = documents[0]
    assert document.dct and len(document.dct) == 10
    assert all(document.text[g.start:g.end].strip() for g in document.gold)
    result = bench_tempeval.run(BENCH, quick=True)
    assert result["documents"] < 64
    assert result["relaxed"]["f1"] > 0.85
    assert result["value"]["f1"] > 0.7


@pytest.mark.parametrize("text, lang", [
    ("He says he escaped an attack on the evening of September 12 at home. “Around 9 p.m., I was in the "
     "kitchen,” he said.", "en"),
    ("Il dit avoir échappé à un attentat le 12 septembre. « Vers 21h, j’étais chez moi », a-t-il raconté.", "fr"),
])
def test_a_clock_time_with_a_modifier_is_on_the_day_just_named(text, lang):
    clock = [t for t in extract_times(text, lang, "2022-09-27") if t.granularity == "minute"]
    assert [t.value for t in clock] == ["2022-09-12T21:00"]


@pytest.mark.parametrize("lang, text, value", [
    ("de", "Die Männer wurden am Montag festgenommen.", "2025-10-13"),
    ("de", "Der Anschlag geschah am 12. September.", "2025-09-12"),
    ("es", "Los sospechosos fueron detenidos el pasado lunes.", "2025-10-13"),
    ("ru", "Нападение произошло 12 сентября 2022 года.", "2022-09-12"),
    ("it", "Ieri la polizia ha fermato quattro uomini.", "2025-10-16"),
])
def test_languages_without_a_grammar_are_read_by_dateparser(lang, text, value):
    assert value in [t.value for t in extract_times(text, lang, "2025-10-17")]


def test_durations_and_stray_words_are_not_dates_in_other_languages():
    times = extract_times("Nach fünf Tagen Stillstand und die zwei Jahre danach.", "de", "2025-03-09")
    assert times == []


def test_a_weekday_in_a_report_of_that_weekday_is_the_day_itself_in_other_languages():
    assert [t.value for t in extract_times("Am Donnerstag sagte die Polizei ...", "de", "2025-09-04")] == ["2025-09-04"]


def test_event_dates_are_calendar_dates_a_week_its_month_a_quarter_its_year():
    from storyledger.model import TimeExpr
    assert event_date(TimeExpr(0, 9, "last week", "DATE", "2025-W40", "week")) == "2025-10"
    assert event_date(TimeExpr(0, 9, "this summer", "DATE", "2025-SU", "season")) == "2025"
    assert event_date(TimeExpr(0, 9, "Friday night", "TIME", "2025-09-12TNI", "day")) == "2025-09-12"


def test_future_tense_in_other_languages_looks_ahead():
    assert [t.value for t in extract_times("El detenido pasará a disposición judicial el jueves.", "es",
                                           "2025-10-15")] == ["2025-10-16"]
    assert [t.value for t in extract_times("Der Prozess soll am Montag beginnen.", "de", "2025-10-15")] == ["2025-10-20"]


# issue 19: "two centuries ago" raised a TypeError (the unit pattern left "centurie", which no
# lookup knew), and the whole article then stayed unanalysed

UNIT_WORDS = [("second", "seconds"), ("minute", "minutes"), ("hour", "hours"), ("day", "days"),
              ("week", "weeks"), ("month", "months"), ("quarter", "quarters"), ("year", "years"),
              ("decade", "decades"), ("century", "centuries"), ("millennium", "millennia")]


@pytest.mark.parametrize("singular, plural", UNIT_WORDS)
def test_every_unit_is_read_in_the_singular_and_the_plural(singular, plural):
    phrases = [f"two {plural} ago", f"two {plural} later.", f"over the past two {plural}", f"for two {plural}",
               f"for several {plural}", f"for a couple of {plural}", f"the last three {plural}",
               f"a {singular} ago", f"for a {singular}", f"every {singular}", f"in the coming {plural}.",
               f"the past {singular}", f"for {plural}.", f"a two-{singular} wait"]
    for phrase in phrases:
        found = extract_times(f"The town changed {phrase} and grew.", "en", DCT)
        assert all(t.value for t in found), (phrase, found)


def test_centuries_decades_and_millennia_are_dated_and_measured():
    v = values("The bridge was built two centuries ago and has carried traffic over the past two "
               "centuries. The mill closed three decades ago. Farmers came two millennia ago and "
               "have worked this valley for millennia. Settlers came three millennia ago.")
    assert v["two centuries ago"] == "1822"
    assert v["the past two centuries"] == "P200Y"  # "over" is a signal, outside the expression
    assert v["three decades ago"] == "1992"
    assert v["two millennia ago"] == "0022"  # a TimeML year has four digits
    assert v["millennia"] == "PXY"
    assert v["three millennia ago"] == "PAST_REF"  # before year 1: no calendar year to give
    assert one("It lasted several centuries.").value == "PXY"
    assert one("A family feud that lasted two centuries.").value == "P200Y"


def test_french_centuries_and_millennia():
    v = values("La ville a été fondée il y a deux siècles. Elle a prospéré pendant deux millénaires "
               "et se bat depuis des siècles. Le site a été occupé il y a trois millénaires.", "fr")
    assert v["il y a deux siècles"] == "1822"
    assert v["deux millénaires"] == "P2000Y"
    assert v["des siècles"] == "PXY"
    assert v["il y a trois millénaires"] == "PAST_REF"


@pytest.mark.parametrize("text, value", [
    ("Ce Week-end, la foire a fermé.", "2022-W39-WE"),
    ("CE WEEK-END, la foire a fermé.", "2022-W39-WE"),
    ("Le Week-end dernier, la foire a fermé.", "2022-W38-WE"),
    ("Cette Semaine, la foire a fermé.", "2022-W39"),
])
def test_french_units_in_any_case(text, value):
    assert one(text, "fr").value == value


# --- issue 16: "dernier/last", month granularity, bare months, weekdays and parts of day


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "Le militant a été visé le 12 septembre dernier.", "2021-09-12"),
    ("en", "The activist was attacked last September 12.", "2021-09-12"),
    ("en", "The activist was attacked on September 12 last year.", "2021-09-12"),
    ("de", "Der Aktivist wurde am 12. September letzten Jahres angegriffen.", "2021-09-12"),
    ("es", "El activista fue atacado el 12 de septiembre pasado.", "2021-09-12"),
    ("ru", "Активиста избили 12 сентября прошлого года.", "2021-09-12"),
])
def test_a_last_day_is_the_most_recent_on_or_before_publication(lang, text, expected):
    assert one(text, lang, dct="2022-09-05").value == expected


@pytest.mark.parametrize("lang, text", [
    ("ru", "Его задержали в марте 2022 года."),
    ("de", "Er wurde im März 2022 festgenommen."),
    ("es", "Fue detenido en marzo de 2022."),
    ("en", "He was detained in March 2022."),
    ("fr", "Il a été interpellé en mars 2022."),
])
def test_a_named_month_keeps_month_granularity(lang, text):
    t = one(text, lang, dct="2023-05-05")
    assert (t.value, t.granularity) == ("2022-03", "month")


@pytest.mark.parametrize("lang, text, expected", [
    ("de", "Er wurde im Februar festgenommen.", "2022-02"),
    ("es", "Fue detenido en febrero.", "2022-02"),
    ("ru", "Его задержали в феврале.", "2022-02"),
    ("de", "Der Prozess wird im Februar beginnen.", "2023-02"),
])
def test_a_bare_month_is_the_latest_not_after_publication_unless_ahead(lang, text, expected):
    assert one(text, lang, dct="2022-10-29").value == expected


def test_a_month_of_that_year_takes_the_year_the_text_wrote():
    v = values("In 2022 the war began. He said he had been informed in February that year.",
               dct="2025-03-01")
    assert v["February that year"] == "2022-02"


@pytest.mark.parametrize("lang, text", [
    ("fr", "Il a été arrêté samedi."),
    ("en", "He was arrested on Saturday."),
    ("de", "Er wurde am Samstag festgenommen."),
    ("es", "Fue detenido el sábado."),
    ("ru", "Его задержали в субботу."),
])
def test_a_past_weekday_is_the_last_one_before_the_report(lang, text):
    assert one(text, lang, dct="2025-10-29").value == "2025-10-25"  # a Wednesday report


@pytest.mark.parametrize("lang, text", [
    ("en", "He was arrested Wednesday night."),
    ("fr", "Il a été arrêté mercredi soir."),
    ("de", "Er wurde am Mittwochabend festgenommen."),
    ("es", "Fue detenido el miércoles por la noche."),
    ("ru", "Его задержали в среду вечером."),
])
def test_a_part_of_day_on_a_weekday_is_dated_by_that_day(lang, text):
    t = one(text, lang, dct="2025-11-01")  # a Saturday
    assert (t.type, t.value[:10]) == ("TIME", "2025-10-29")


def test_norwegian_dates_go_through_the_bokmal_locale():
    assert one("Hendelsen fant sted 12. september.", "no", dct="2022-10-26").value == "2022-09-12"


def test_an_inflected_name_is_not_a_look_alike_word():
    assert extract_times("Задержаны четверо подозреваемых.", "ru", "2025-10-17") == []
    assert one("Его задержали в четверг.", "ru", dct="2025-10-17").value == "2025-10-16"


def test_an_ordinal_dot_before_a_month_does_not_end_the_sentence():
    text = "Angrepet skjedde 12. september. Politiet etterforsker saken."
    spans = [text[a:b] for a, b in segment.sentences(text, "no")]
    assert spans == ["Angrepet skjedde 12. september.", "Politiet etterforsker saken."]
