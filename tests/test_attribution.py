"""Attribution extraction on sentences written for these tests (and the shared seeds, if present)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger import nlp, segment
from storyledger.analyse.attribution import extract_attributions, quote_regions
from storyledger.model import Article, Sentence

SEEDS = Path("/work/shared/seeds")
GOLD = Path("/work/shared/gold/seeds.gold.json")


def article(text: str, lang: str = "en") -> Article:
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, lang)]
    return Article(id="t", body=text, text=text, sentences=sentences, lang=lang)


def attributions(text: str, lang: str = "en"):
    return extract_attributions(article(text, lang), nlp.spacy_pipeline(lang)(text))


def covering(found, text: str, needle: str):
    """The attributions whose evidence holds `needle`, content/cue overlapping it first."""
    start = text.index(needle)
    end = start + len(needle)
    hits = [a for a in found if a.sentence_start <= start and end <= a.sentence_end]
    hits.sort(key=lambda a: not (a.content and a.content.start < end and start < a.content.end))
    assert hits, f"no attribution covers {needle!r}"
    return hits[0]


def test_direct_quote_told_agency_resolves_surname_to_full_name():
    text = ("Opposition activist Maria Kovalenko left the country in May.\n\n"
            "\"Someone followed me home every night,\" Kovalenko told AFP by telephone.")
    found = covering(attributions(text), text, "Someone followed me home")
    assert found.speaker_name == "Maria Kovalenko"
    assert found.channel_name == "Agence France-Presse"
    assert found.status == "claimed"
    assert found.quote and found.content.text.startswith("\"Someone")


def test_pronoun_refusal_is_declined_by_the_person_named_before():
    text = ("Senator Paul Whitmore spoke to reporters in Ohio on Monday. "
            "He declined to say whether he would run again.")
    found = covering(attributions(text), text, "He declined to say")
    assert found.status == "declined"
    assert found.speaker_name == "Paul Whitmore"
    assert found.speaker_kind == "pronoun"


def test_according_to_outlet_is_the_channel_of_a_silence():
    text = "Turkish officials have not commented on the report, according to The Moscow Times."
    found = covering(attributions(text), text, "have not commented")
    assert found.status == "no_comment"
    assert found.channel_name == "The Moscow Times"
    assert found.speaker_name == "Turkish officials"


def test_anonymous_source_with_inverted_said_is_asserted():
    text = ("The inquiry covers fraud but not bribery, said a source familiar with the case, "
            "who asked not to be named.")
    found = covering(attributions(text), text, "The inquiry covers fraud")
    assert found.speaker_kind == "anonymous"
    assert found.speaker_name == "anonymous source"
    assert found.status == "asserted"


def test_denial_and_non_confirmation():
    text = ("The ministry has denied that its agents entered the building. "
            "Local police did not confirm there had been an explosion.")
    found = attributions(text)
    denied = covering(found, text, "its agents entered the building")
    assert denied.status == "denied" and denied.speaker_name == "ministry"
    unconfirmed = covering(found, text, "there had been an explosion")
    assert unconfirmed.status == "not_confirmed"


def test_report_level_channel_and_accusation():
    text = "The lawyer blamed the fire on the ruling party, CBS News reported."
    found = covering(attributions(text), text, "blamed the fire")
    assert found.status == "alleged"
    assert found.channel_name == "CBS News"


def test_sources_who_neither_confirm_nor_deny():
    text = ("According to sources close to the inquiry, who neither confirm nor deny the break-in, "
            "a case has been opened.")
    found = covering(attributions(text), text, "neither confirm nor deny the break-in")
    assert found.status == "not_confirmed"
    assert found.speaker_name == "anonymous source"


def test_quote_regions_handle_every_mark_and_odd_counts():
    text = "« Oui », dit-il. „Ja“ und “yes” and ''so'' and an open \"quote with no end"
    regions = [text[s:e] for s, e in quote_regions(text)]
    assert "« Oui »" in regions and "„Ja“" in regions and "“yes”" in regions
    assert any(r.startswith("\"quote") for r in regions)
    assert quote_regions("It's the people’s 'choice") is not None  # never raises


def test_unbalanced_quotes_do_not_raise():
    text = "\"We will stay, he said. Then \"we will see\" and ‘maybe’ he added \"."
    found = attributions(text)
    assert all(a.sentence_start <= a.cue.start < a.sentence_end for a in found)


def test_french_inverted_quote_with_channel():
    text = "« Nous n'avons rien vu », a déclaré le maire Jean Dupont à l'AFP."
    found = covering(attributions(text, "fr"), text, "Nous n'avons rien vu")
    assert found.speaker_name == "Jean Dupont"
    assert found.channel_name == "Agence France-Presse"


def test_french_refusal_contacted_by_agency():
    text = "Contacté par l'AFP, le parquet n'a pas souhaité commenter."
    found = covering(attributions(text, "fr"), text, "n'a pas souhaité")
    assert found.status == "declined"
    assert found.channel_name == "Agence France-Presse"


def test_language_without_pipeline_uses_quote_and_cue_fallback():
    text = "„Wir haben nichts gesehen“, sagte Bürgermeister Hans Müller."
    found = extract_attributions(article(text, "de"))
    assert len(found) == 1
    assert found[0].quote and "Hans Müller" in found[0].speaker_name


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold not available")
def test_seed_claims_end_to_end():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["claims"]
    correct = {"speaker": 0, "channel": 0, "status": 0}
    cache = {}
    for row in gold:
        if row["article"] not in cache:
            text = (SEEDS / row["article"]).read_text(encoding="utf-8")
            cache[row["article"]] = (text, attributions(text))
        text, found = cache[row["article"]]
        hit = covering(found, text, row["evidence"])
        for field, value in (("speaker", hit.speaker_name), ("channel", hit.channel_name),
                             ("status", hit.status)):
            expected = row[field]
            names = {value.lower()} if value else set()
            if field == "channel" and value:
                names |= {"afp"} if value == "Agence France-Presse" else set()
                names |= {"ap"} if value == "Associated Press" else set()
            correct[field] += expected is None or expected.lower() in names
    assert min(correct.values()) >= len(gold) - 1, correct


def test_polnear_brat_reader_uses_outer_extent_of_discontinuous_spans():
    from storyledger.evaluate.bench_polnear import read_brat, score

    annotation = ("T1\tSource 0 4\tJane\nT2\tCue 5 9\tsaid\n"
                  "T3\tContent 10 20;25 30\tpart one part two\nE1\tAttribution:T2 Source:T1\n")
    spans = read_brat(annotation)
    assert spans == {"source": [(0, 4)], "cue": [(5, 9)], "content": [(10, 30)]}
    text = "Jane said " + "x" * 30
    exact = score([(text, [(0, 4), (12, 14)], [(0, 4)])], exact=True)
    assert exact["precision"] == 0.5 and exact["recall"] == 1.0


@pytest.mark.parametrize("lang, text", [
    ("en", "It was reported that the bridge had been closed."),
    ("fr", "Il a été annoncé que le pont était fermé."),
])
def test_impersonal_reports_have_no_speaker(lang, text):
    found = attributions(text, lang)
    assert len(found) == 1
    assert found[0].speaker is None and found[0].speaker_kind == "report"
    assert "fermé" in found[0].content.text or "closed" in found[0].content.text


def test_quotation_opened_sentences_before_its_cue_is_evidence_too():
    text = ('"The water rose in minutes. We had no time to take anything," the farmer told Reuters by phone. '
            'An exiled engineer said the dam was poorly built.')
    found = attributions(text)
    quote = next(a for a in found if a.cue.text.startswith("told"))
    assert quote.sentence_start == 0 and quote.content.text.startswith('"The water rose')
    engineer = next(a for a in found if "engineer" in (a.speaker.text if a.speaker else ""))
    assert not engineer.speaker_name.startswith("n ")
