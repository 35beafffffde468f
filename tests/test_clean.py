"""Cleaning: furniture and repeats go, reporting stays, offsets map back to the body."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger import ingest
from storyledger.clean import article_id, clean
from storyledger.clean.dates import published_from_dateline, published_from_url
from storyledger.model import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"


def cleaned(text: str, **meta):
    meta.setdefault("lang", "en")
    return clean(Document(raw=text.encode(), source="t.txt", format="txt", text=text, meta=meta))


PAGE = """Share this story

By Jane Doe

The city council voted on Thursday to close the old bridge to traffic, the mayor's office said.

The bridge, built in 1931, carries 12,000 cars a day. Engineers found corrosion in two of its piers.

A view of the old bridge from the river (pictured). Photo: City Archive

"We cannot take the risk any longer," the mayor told reporters after the vote.

You may also like

Leave a comment"""


def test_furniture_is_removed_with_its_reason():
    article = cleaned(PAGE)
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Share this story"] == "prompt"
    assert reasons["By Jane Doe"] == "byline"
    assert reasons["You may also like"] == "prompt"
    assert reasons["Leave a comment"] == "prompt"
    assert any(r.reason in ("caption", "credit") and "pictured" in r.text for r in article.removed)
    for gone in ("Share this", "Jane Doe", "pictured", "City Archive", "You may also like"):
        assert gone not in article.text
    for kept in ("voted on Thursday", "built in 1931", "We cannot take the risk"):
        assert kept in article.text


def test_sentence_offsets_map_to_clean_text_and_body():
    article = cleaned(PAGE)
    assert article.sentences
    for sentence in article.sentences:
        assert article.text[sentence.start:sentence.end] == article.body[sentence.body_start:sentence.body_end]
    first = article.text[article.sentences[0].start:article.sentences[0].end]
    assert first.startswith("The city council voted")


def test_abbreviations_do_not_split_sentences():
    article = cleaned("He was attacked on Sept. 12 in the U.S. capital, officials said. Police arrived later.")
    assert len(article.sentences) == 2


def test_ideographic_full_stops_end_sentences_but_not_inside_a_quotation():
    from storyledger import segment

    text = "警察は13日、男を逮捕した。容疑者は「やっていない。」と話した。捜査は続いている。"
    assert [text[s:e] for s, e in segment.sentences(text, "ja")] == [
        "警察は13日、男を逮捕した。", "容疑者は「やっていない。」と話した。", "捜査は続いている。"]
    chinese = "警方周一逮捕了一名男子！他否认指控。"
    assert len(segment.sentences(chinese, "zh")) == 2


def test_exact_and_near_repeats_keep_the_first():
    text = ("Rescuers pulled three people from the collapsed building on Sunday night.\n\n"
            "The fire brigade said the cause was a gas leak.\n\n"
            "Rescuers pulled three people from the collapsed building on Sunday night!\n\n"
            "The fire brigade said the cause was a gas leak .")
    article = cleaned(text)
    assert article.text.count("Rescuers pulled three people") == 1
    assert article.text.count("gas leak") == 1
    assert [r.reason for r in article.removed] == ["duplicate", "duplicate"]


def test_an_update_with_new_numbers_is_not_a_repeat():
    text = ("The candidate leads the race with 55 delegates, the party said.\n\n"
            "Later in the evening, the count changed.\n\n"
            "The candidate leads the race with 61 delegates, the party said.")
    assert "61 delegates" in cleaned(text).text


def test_rewritten_passage_above_its_original_is_collapsed():
    rewrite = ("Harbour officials have detained the crew of a cargo ship suspected of dumping oil near Valletta, "
               "according to the Maltese coast guard.\n\n"
               "The vessel, registered in Panama, is now held in the Grand Harbour while inspectors examine its tanks.")
    original = ("The Maltese coast guard said the crew of a cargo ship suspected of dumping oil near Valletta "
                "has been detained by harbour officials.\n\n"
                "Inspectors are examining the tanks of the Panama-registered vessel, which is held in the Grand Harbour.")
    article = cleaned(rewrite + "\n\n" + original)
    assert sum(r.reason == "duplicate" for r in article.removed) == 2
    assert article.text.count("Valletta") == 1


def test_one_similar_sentence_in_a_long_report_stays():
    text = ("Senator Brown won the primary in Ohio on Tuesday, taking most counties.\n\n"
            "Turnout was higher than in the last election, officials said.\n\n"
            "Senator Brown is expected to campaign in Ohio next week before the general election.")
    assert len(cleaned(text).removed) == 0


def test_content_id_is_stable_and_depends_on_text_and_place():
    assert article_id("A  text\n", "u") == article_id("a text", "u")
    assert article_id("a text", "u") != article_id("a text", "v")
    assert article_id("a text", "u") != article_id("another text", "u")


def test_publication_date_from_url_or_dateline_never_guessed():
    assert published_from_url("https://x.example/news/2025/10/17/story") == "2025-10-17"
    assert published_from_url("https://x.example/news/story") is None
    assert published_from_dateline("WASHINGTON, Sept. 3, 2024 (AP) — The") == "2024-09-03"
    assert published_from_dateline("PARIS, Oct 17 (Reuters) - The") is None  # no year, no anchor
    assert published_from_dateline("PARIS, Oct 17 (Reuters) - The", "2025-11-02") == "2025-10-17"
    assert cleaned("A report with no date at all in it, the police said.").published is None
    dated = cleaned("MADRID, March 2, 2023 (EFE) - Firefighters contained the blaze, officials said.")
    assert (dated.published, dated.published_basis) == ("2023-03-02", "dateline")


def test_language_is_detected_when_not_declared():
    article = clean(Document(raw=b"", source="x", format="txt",
                             text="Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", meta={}))
    assert (article.lang, article.lang_basis) == ("fr", "detected")


@pytest.mark.parametrize("text, lang", [
    ("Полиция задержала двух мужчин в Биаррице.", "ru"),  # py3langid alone says Bulgarian
    ("Полицията задържа двама мъже в София.", "bg"),
    ("Он је рекао да је пуцано на њега.", "sr"),
    ("Він сказав, що в нього стріляли.", "uk"),
])
def test_short_cyrillic_texts_get_a_language_their_alphabet_allows(text, lang):
    from storyledger import nlp

    assert nlp.detect_language(text)[0] == lang


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.gold.json").exists(), reason="needs ../shared")
def test_seed_cleaning_removes_boilerplate_and_keeps_every_evidence_string():
    gold = json.loads((SHARED / "gold" / "seeds.gold.json").read_text())
    articles = {a.name: a for a in map(clean, ingest.read_paths([str(SHARED / "seeds")]))}
    for row in gold["boilerplate"]:
        assert row["text"] not in articles[row["article"]].text
    for row in gold["duplicates"]:
        assert articles[row["article"]].text.count(row["text"]) <= 1
    for row in gold["claims"] + gold["timeline"]:
        assert row["evidence"] in articles[row["article"]].text, row["evidence"]


PAGE_FURNITURE_LINES = [
    ("Copyright 2025 The Example Press. All rights reserved.", "credit"),
    ("This material may not be published, broadcast, rewritten or redistributed.", "credit"),
    ("(Reporting by Jane Doe in Brenov; Editing by John Roe)", "byline"),
    ("Listen to this article", "prompt"),
    ("5 min read", "prompt"),
    ("Updated 3:45 PM EST, Tue October 17, 2025", "timestamp"),
    ("Sept 12, 2022 / 9:13 AM / Example News", "timestamp"),
    ("Story continues below advertisement", "prompt"),
    ("Tags: Brenov, council, bridge", "prompt"),
]


@pytest.mark.parametrize("line, reason", PAGE_FURNITURE_LINES)
def test_more_page_furniture_goes_with_its_reason(line, reason):
    article = cleaned(f"Bridge closed\n\n{line}\n\nThe council closed the bridge at 10:30 a.m. on Thursday, "
                      "the mayor said.\n\nPublished reports said the piers were corroded.")
    pieces = [r for r in article.removed if r.text in line]
    assert " ".join(r.text for r in pieces) == line and {r.reason for r in pieces} == {reason}
    assert "closed the bridge at 10:30 a.m." in article.text and "Published reports said" in article.text


def test_publication_date_from_a_time_stamp_line_when_nothing_else_has_it():
    article = cleaned("Bridge closed\n\nUpdated 9:02 AM, October 18, 2025\nPublished: 17 October 2025\n\n"
                      "The council closed the bridge on Thursday, the mayor said.")
    assert (article.published, article.published_basis) == ("2025-10-17", "timestamp")
    assert "Published" not in article.text
