"""Name keys across scripts, transliteration schemes and Slavic case endings."""
from storyledger.translit import (blocking_keys, compatible_first_names, fold, full_key,
                                  name_tokens, same_person_name, same_word, skeleton, stem)

OSECHKIN_SPELLINGS = ["Osechkin", "Ossetchkine", "Ossetschkin", "Osieczkin", "Osieczkina",
                      "Осечкин", "Осечкина", "Осечкиным", "Осєчкін"]


def test_every_spelling_of_one_surname_has_one_stem():
    assert {stem(s) for s in OSECHKIN_SPELLINGS} == {"osechkin"}


def test_scheme_digraphs_are_rewritten():
    assert skeleton("Chruschtschow") == skeleton("Khrushchov")  # German sch/tsch, English kh/shch
    assert skeleton("Poutine") == skeleton("Putin") == skeleton("Путин")  # French ou, -ine
    assert skeleton("Szczepański") == skeleton("Shchepanski")  # Polish szcz, diacritics folded


def test_inflected_forms_share_the_stem_of_the_nominative():
    assert stem("Зеленского") == stem("Zelensky") == stem("Zełenskiego")
    assert stem("Putina") == stem("Putin")


def test_short_words_keep_their_ending():
    assert stem("Rosa") == "rosa"  # stripping would leave fewer than four letters


def test_fold_drops_case_marks_and_script():
    assert fold("Ossetchkine’s") == "ossetchkines"
    assert fold("Владимир") == "vladimir"


def test_fuzzy_match_tolerates_a_misspelling_but_not_another_name():
    assert same_word("Osechkin", "Osechkn")
    assert not same_word("Osechkin", "Putin")
    assert same_word("Ivanov", "Ivanova")  # the female form stems to the male one


def test_first_names_across_languages():
    assert compatible_first_names("Vladimir", "Volodymyr")
    assert compatible_first_names("Vladimir", "Владимир")
    assert compatible_first_names("Yulia", "Julia")
    assert compatible_first_names("V.", "Vladimir")
    assert compatible_first_names("Fred", "Frederick")
    assert not compatible_first_names("Vladimir", "Alexei")
    assert compatible_first_names(None, "Alexei")


def test_people_are_kept_apart_by_surname_and_first_name():
    assert same_person_name("Владимир Осечкин", "Vladimir Ossetchkine")
    assert same_person_name("Osechkin", "Vladimir Osechkin")
    assert not same_person_name("Vladimir Putin", "Vladimir Osechkin")
    assert not same_person_name("Alexei Navalny", "Oleg Navalny")


def test_tokens_and_keys():
    assert name_tokens("Osechkin’s") == ["Osechkin"]
    assert full_key("Władimir Osieczkina") == "vladimir osechkin"
    keys = blocking_keys("Osechkin")
    assert "osechkin" in keys and keys & blocking_keys("Osechkn") and keys & blocking_keys("Osehckin")
    assert not keys & blocking_keys("Osipov")


def test_french_and_german_schemes_read_j_ch_and_s_as_russian_letters():
    assert same_person_name("Evgueni Prigojine", "Евгений Пригожин")  # French j for ж
    assert same_person_name("Sergueï Choïgou", "Sergei Shoigu")  # French ch for ш, ou for у
    assert same_person_name("Wladimir Kara-Mursa", "Владимир Кара-Мурза")  # German s for з
    assert same_person_name("Wolodymyr Selenskyj", "Volodymyr Zelensky")
    assert not same_person_name("Sergei Shoigu", "Sergei Lavrov")
    assert not same_person_name("Dmitry Peskov", "Dmitry Medvedev")
    assert blocking_keys("Prigojine") & blocking_keys("Prigozhin")  # one index lookup finds both
