"""Claims on real coverage (issue 16): channels of wire and interview reports, one claim per
statement. Sentences written for these tests."""
from __future__ import annotations

from storyledger import nlp, segment
from storyledger.analyse.attribution import extract_attributions
from storyledger.model import Article, Sentence


def attributions(text: str, lang: str = "en", outlet: str | None = None):
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, lang)]
    article = Article(id="t", body=text, text=text, sentences=sentences, lang=lang, outlet=outlet)
    doc = nlp.spacy_pipeline(lang)(text) if nlp.has_pipeline(lang) else None
    return extract_attributions(article, doc)


def by_content(found, needle: str):
    hits = [a for a in found if a.content is not None and needle in a.content.text]
    assert hits, f"no attribution with {needle!r} in its content: {[a.content for a in found]}"
    return hits


def test_a_speaker_who_told_a_wire_makes_it_the_channel_of_the_reports_other_statements():
    text = ("Marta Kowalczyk said she had received threats for months. "
            "\"They came to my door twice,\" she told AFP by telephone.\n\n"
            "The regional prosecutor said an investigation into threats had been opened.")
    found = attributions(text)
    prosecutor = by_content(found, "an investigation into threats")[0]
    assert prosecutor.channel_name == "Agence France-Presse"
    assert by_content(found, "received threats")[0].channel_name == "Agence France-Presse"


def test_an_outlet_that_is_neither_a_wire_nor_the_reports_own_gives_no_channel_to_others():
    text = ("\"They came to my door twice,\" Marta Kowalczyk told CNN.\n\n"
            "The regional prosecutor said an investigation into threats had been opened.")
    found = attributions(text, outlet="www.example-daily.com")
    assert by_content(found, "They came to my door")[0].channel_name == "CNN"
    assert by_content(found, "an investigation into threats")[0].channel is None


def test_a_statement_to_the_reports_own_outlet_makes_it_the_channel_of_the_others():
    text = ("\"J'ai vu une lumière rouge sur le mur\", explique-t-il à Europe 1.\n\n"
            "Le maire de la ville a affirmé que la police avait entendu des détonations.")
    found = attributions(text, "fr", outlet="www.europe1.fr")
    assert by_content(found, "lumière rouge")[0].channel_name == "Europe 1"
    assert by_content(found, "la police avait entendu")[0].channel_name == "Europe 1"


def test_the_reports_own_outlet_is_read_from_its_host_name():
    from storyledger import agencies
    from storyledger.analyse.attribution.channels import is_own_outlet

    assert is_own_outlet(agencies.lookup("Europe 1"), "www.europe1.fr")
    assert is_own_outlet(agencies.lookup("Reuters"), "reuters.com")
    assert not is_own_outlet(agencies.lookup("Reuters"), "www.example-daily.com")
    assert not is_own_outlet(agencies.lookup("Reuters"), None)


def test_declined_to_confirm_or_deny_is_one_claim_with_one_status():
    text = ("A police spokeswoman declined to confirm or deny that shots had been fired near the house.")
    found = attributions(text)
    statements = by_content(found, "shots had been fired")
    assert len(statements) == 1
    assert statements[0].status in ("declined", "not_confirmed")
    assert not any(a.status == "denied" for a in found)


# ---- the rule path (languages without a parser)

def test_a_capitalised_opening_word_the_report_writes_in_lower_case_elsewhere_is_a_body_not_a_person():
    text = "Prokuratura nie potwierdziła nazwiska zatrzymanego mężczyzny. Śledztwo prowadzi prokuratura w Paryżu."
    statement = by_content(attributions(text, "pl"), "nazwiska")[0]
    assert (statement.speaker_kind, statement.speaker_name) == ("organisation", "Prokuratura")
    assert statement.status == "not_confirmed"


def test_a_lone_surname_opening_the_sentence_still_names_a_person():
    text = "Müller bestätigte, dass zwei Männer festgenommen wurden."
    statement = by_content(attributions(text, "de"), "zwei Männer")[0]
    assert (statement.speaker_kind, statement.speaker_name) == ("named", "Müller")


def test_an_outlet_inside_a_phrase_speaking_is_the_outlet_and_its_own_channel():
    text = "Telewizja BFMTV podaje, że zatrzymano trzech mężczyzn."
    statement = by_content(attributions(text, "pl"), "trzech mężczyzn")[0]
    assert statement.speaker_kind == "organisation"
    assert statement.channel_name == "BFMTV" and statement.status == "claimed"


def test_an_opening_phrase_naming_an_outlet_is_the_channel_and_the_subject_follows_it():
    text = "В разговоре с агентством Reuters представители полиции отказались назвать имя задержанного."
    statement = by_content(attributions(text, "ru"), "имя задержанного")[0]
    assert statement.speaker_name == "представители полиции"
    assert statement.channel_name == "Reuters" and statement.status == "declined"


def test_verb_second_speaker_ends_at_the_complementizer_and_a_negation_in_the_content_is_not_the_cues():
    text = "Til Associated Press forteller borgermesteren at ingen ble skadet."
    statement = by_content(attributions(text, "no"), "ingen ble skadet")[0]
    assert statement.speaker_name == "borgermesteren"
    assert statement.channel_name == "Associated Press"
    assert statement.status != "no_comment"


def test_a_leading_according_to_without_a_comma_ends_after_its_noun():
    text = "Volgens de politie zijn twee mannen opgepakt."
    statement = by_content(attributions(text, "nl"), "twee mannen opgepakt")[0]
    assert statement.speaker_name == "politie"
    assert statement.content.text.startswith("zijn twee mannen")


def test_ukrainian_past_tense_cues_in_every_gender_and_number():
    text = ("Поліція повідомила, що затримала двох чоловіків. Речниця поліції підтвердила, що вони "
            "громадяни Молдови. Слідчі заперечили, що напад був пограбуванням.")
    found = attributions(text, "uk")
    assert by_content(found, "затримала двох")[0].speaker_kind == "organisation"
    assert by_content(found, "громадяни Молдови")[0].status == "confirmed"
    assert by_content(found, "пограбуванням")[0].status == "denied"


# ---- speakers resolved to the person an office stands for

def test_an_office_speaking_again_is_the_person_the_report_named_with_it():
    text = ("Paris prosecutor Laure Vasseur said four men had been charged. "
            "The prosecutor added that the investigation was continuing.")
    found = attributions(text)
    for needle in ("four men had been charged", "the investigation was continuing"):
        statement = by_content(found, needle)[0]
        assert (statement.speaker_kind, statement.speaker_name) == ("named", "Laure Vasseur")


def test_an_office_named_in_apposition_resolves_in_a_language_without_a_parser():
    text = ("Die Polizeisprecherin Anna Vogt sagte, zwei Männer seien festgenommen worden. "
            "Die Sprecherin fügte hinzu, es gebe keine Gefahr.")
    statement = by_content(attributions(text, "de"), "keine Gefahr")[0]
    assert (statement.speaker_kind, statement.speaker_name) == ("named", "Anna Vogt")


def test_an_office_two_people_held_in_the_report_stays_the_office():
    text = ("Prosecutor Laure Vasseur said four men had been charged. Prosecutor Marc Delorme said a fifth "
            "man was being sought. The prosecutor added that the investigation was continuing.")
    statement = by_content(attributions(text), "the investigation was continuing")[0]
    assert statement.speaker_kind == "organisation"


def test_arabic_verb_first_reports_their_subject_follows_the_verb():
    text = "وقالت الشرطة إن رجلين اعتقلا في المدينة. ونفت الوزارة أن يكون الهجوم مدبرا."
    found = attributions(text, "ar")
    police = by_content(found, "رجلين اعتقلا")[0]
    assert police.speaker_name == "الشرطة" and police.status in ("asserted", "claimed")
    ministry = by_content(found, "الهجوم مدبرا")[0]
    assert ministry.speaker_name == "الوزارة" and ministry.status == "denied"


def test_chinese_reports_are_read_though_words_are_not_spaced():
    text = "警方表示，两名男子已被逮捕。检方否认了袭击与政治有关。外交部拒绝置评。这个名称很有名。"
    found = attributions(text, "zh")
    police = by_content(found, "两名男子已被逮捕")[0]
    assert police.speaker_name == "警方" and police.status == "asserted"
    assert by_content(found, "袭击与政治有关")[0].status == "denied"
    assert any(a.status == "declined" and a.speaker_name == "外交部" for a in found)
    assert not any("名称" in a.cue.text or "名称很有名" in (a.content.text if a.content else "") for a in found)


def test_a_content_that_points_back_is_the_sentence_before():
    text = "Four men were arrested in Biarritz on Monday. The prosecutor confirmed the news on Thursday."
    statement = next(a for a in attributions(text) if a.status == "confirmed")
    assert statement.content.text.startswith("Four men were arrested")
    assert statement.sentence_start == 0
