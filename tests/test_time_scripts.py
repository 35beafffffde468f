"""Dates in scripts the Latin grammar misses: Chinese and Japanese (rules in analyse/time.py),
Arabic, Hindi and Greek (dateparser's locales). Sentences are written for these tests.
"""
import pytest

from storyledger.analyse.time import extract_times

DCT = "2025-10-15"  # a Wednesday


def only(text, lang, dct=DCT):
    found = extract_times(text, lang, dct)
    assert len(found) == 1, found
    return found[0].text, found[0].value, found[0].granularity


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "他于2025年10月13日被捕。", ("2025年10月13日", "2025-10-13", "day")),
    ("ja", "２０２５年１０月１３日に逮捕された。", ("２０２５年１０月１３日", "2025-10-13", "day")),
    ("zh", "2022年9月他离开了俄罗斯。", ("2022年9月", "2022-09", "month")),
    ("zh", "这件事发生在2019年。", ("2019年", "2019", "year")),
    ("zh", "他10月13日被捕。", ("10月13日", "2025-10-13", "day")),
    ("zh", "他于3月2日离开了。", ("3月2日", "2025-03-02", "day")),
    ("ja", "昨年9月12日に出国した。", ("昨年9月12日", "2024-09-12", "day")),
    ("zh", "去年9月12日他离开了。", ("去年9月12日", "2024-09-12", "day")),
    ("zh", "今年3月他说过。", ("今年3月", "2025-03", "month")),
    ("zh", "明年2月举行选举。", ("明年2月", "2026-02", "month")),
    ("ja", "1月に述べた。", ("1月", "2025-01", "month")),
])
def test_han_calendar_dates(lang, text, expected):
    assert only(text, lang) == expected


def test_a_day_without_its_year_looks_ahead_when_the_sentence_does():
    # 12 January is three months back and three months ahead: past unless the clause looks ahead
    assert only("他在1月12日发表了讲话。", "zh", "2025-07-14")[1] == "2025-01-12"
    assert only("法院将于1月12日宣判。", "zh", "2025-07-14")[1] == "2026-01-12"


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "星期一他说。", ("星期一", "2025-10-13", "day")),
    ("zh", "周一他说。", ("周一", "2025-10-13", "day")),
    ("zh", "上周一他说。", ("上周一", "2025-10-06", "day")),
    ("zh", "下周五开会。", ("下周五", "2025-10-24", "day")),
    ("ja", "月曜日に述べた。", ("月曜日", "2025-10-13", "day")),
    ("ja", "水曜日に述べた。", ("水曜日", "2025-10-15", "day")),  # the report's own day
    ("ja", "来週の月曜日に会談する予定だ。", ("来週の月曜日", "2025-10-20", "day")),
    ("ja", "金曜日に会談する予定だ。", ("金曜日", "2025-10-17", "day")),
])
def test_han_weekdays_against_the_publication_date(lang, text, expected):
    assert only(text, lang) == expected


def test_every_monday_is_not_a_date():
    assert extract_times("他每周一去医院。", "zh", DCT) == []


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "昨天他说。", ("昨天", "2025-10-14", "day")),
    ("ja", "昨日述べた。", ("昨日", "2025-10-14", "day")),
    ("zh", "今天他说。", ("今天", "2025-10-15", "day")),
    ("ja", "今日述べた。", ("今日", "2025-10-15", "day")),
    ("zh", "上周他说。", ("上周", "2025-W41", "week")),
    ("ja", "先週述べた。", ("先週", "2025-W41", "week")),
    ("zh", "上个月他说。", ("上个月", "2025-09", "month")),
    ("ja", "先月述べた。", ("先月", "2025-09", "month")),
    ("zh", "去年他说。", ("去年", "2024", "year")),
])
def test_han_relative_days_weeks_months_years(lang, text, expected):
    assert only(text, lang) == expected


def test_han_dates_need_the_publication_date():
    found = extract_times("昨天他说。", "zh", None)
    assert [t.value for t in found] == [None]


@pytest.mark.parametrize("lang, text, expected", [
    ("ar", "قال أمس إن", ("أمس", "2025-10-14", "day")),
    ("ar", "قال يوم الاثنين إن", ("الاثنين", "2025-10-13", "day")),
    ("ar", "في 13 أكتوبر 2025 قال", ("13 أكتوبر 2025", "2025-10-13", "day")),
    ("ar", "في ١٣ أكتوبر ٢٠٢٥ قال", ("١٣ أكتوبر ٢٠٢٥", "2025-10-13", "day")),
    ("el", "Στις 13 Οκτωβρίου 2025 είπε", ("13 Οκτωβρίου 2025", "2025-10-13", "day")),
    ("el", "Τη Δευτέρα είπε", ("Δευτέρα", "2025-10-13", "day")),
    ("el", "χθες είπε", ("χθες", "2025-10-14", "day")),
])
def test_other_scripts_through_dateparser(lang, text, expected):
    assert only(text, lang) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("ja", "警察は13日、男を逮捕した。", ("13日", "2025-10-13", "day")),
    ("ja", "警察は20日、男を逮捕した。", ("20日", "2025-09-20", "day")),  # a 20th already past
    ("ja", "20日に判決が言い渡される予定だ。", ("20日", "2025-10-20", "day")),
    ("zh", "3天前他说。", ("3天前", "2025-10-12", "day")),
    ("ja", "2週間前に述べた。", ("2週間前", "2025-W40", "week")),
    ("zh", "3个月前他说。", ("3个月前", "2025-07", "month")),
    ("ja", "5年前に出国した。", ("5年前", "2020", "year")),
])
def test_han_day_of_month_and_time_ago(lang, text, expected):
    assert only(text, lang) == expected


def test_a_count_of_days_is_not_a_date():
    assert extract_times("13日間拘束された。", "ja", DCT) == []


@pytest.mark.parametrize("lang, text, expected", [
    ("hi", "13 अक्टूबर 2025 को उसने कहा", ("13 अक्टूबर 2025", "2025-10-13", "day")),  # "को" is a postposition
    ("hi", "सोमवार को उसने कहा", ("सोमवार", "2025-10-13", "day")),
    ("hi", "पिछले साल उसने कहा", ("पिछले साल", "2024", "year")),
    ("bn", "১৩ অক্টোবর ২০২৫ তারিখে তিনি বলেন", ("১৩ অক্টোবর ২০২৫", "2025-10-13", "day")),
    ("bn", "সোমবার তিনি বলেন", ("সোমবার", "2025-10-13", "day")),
    ("bn", "গতকাল তিনি বলেন", ("গতকাল", "2025-10-14", "day")),
])
def test_indic_words_keep_their_vowel_signs(lang, text, expected):
    assert only(text, lang) == expected


def test_hindi_kal_is_yesterday_or_tomorrow_so_no_date():
    assert extract_times("कल उसने कहा", "hi", DCT) == []


@pytest.mark.parametrize("text, expected", [
    ("في 13 تشرين الأول 2025 قال", ("13 تشرين الأول 2025", "2025-10-13", "day")),
    ("في 13 تشرين الأول/أكتوبر 2025 قال", ("13 تشرين الأول/أكتوبر 2025", "2025-10-13", "day")),
    ("في تشرين الأول 2024 قال", ("تشرين الأول 2024", "2024-10", "month")),
    ("في ١٣ أيلول قال", ("١٣ أيلول", "2025-09-13", "day")),
])
def test_levantine_arabic_month_names(text, expected):
    assert only(text, "ar") == expected


def test_a_levantine_month_alone_is_not_a_date():
    assert extract_times("في آب قال", "ar", DCT) == []


@pytest.mark.parametrize("text, expected", [
    ("Τον Σεπτέμβριο του 2022 είπε", ("Σεπτέμβριο του 2022", "2022-09", "month")),
    ("Τον Σεπτέμβριο συνελήφθη", ("Σεπτέμβριο", "2025-09", "month")),
    ("Στις 13 Οκτωβρίου είπε", ("13 Οκτωβρίου", "2025-10-13", "day")),
])
def test_greek_months_in_the_accusative_and_genitive(text, expected):
    assert only(text, "el") == expected


@pytest.mark.parametrize("text, expected", [
    ("令和7年10月13日に逮捕された。", ("令和7年10月13日", "2025-10-13", "day")),
    ("令和元年に設立された。", ("令和元年", "2019", "year")),
    ("平成30年3月に退職した。", ("平成30年3月", "2018-03", "month")),
])
def test_japanese_era_years(text, expected):
    assert only(text, "ja") == expected
