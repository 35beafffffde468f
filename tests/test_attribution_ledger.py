"""Claims that must read right in a dossier's ledger, on sentences written for these tests."""
from __future__ import annotations

import pytest

from storyledger import nlp, segment
from storyledger.analyse.attribution import extract_attributions
from storyledger.model import Article, Sentence


def attributions(text: str, lang: str = "en"):
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, lang)]
    article = Article(id="t", body=text, text=text, sentences=sentences, lang=lang)
    return extract_attributions(article, nlp.spacy_pipeline(lang)(text))


def test_a_subject_pronoun_that_speaks_does_not_point_back_to_the_sentence_before():
    text = ("The two drivers were stopped at the border, customs officers said. "
            "It said the lorries may have carried stolen copper, but did not confirm which company owned them.")
    found = attributions(text)
    unconfirmed = next(a for a in found if a.status == "not_confirmed")
    assert unconfirmed.content is not None and "which company" in unconfirmed.content.text
    assert "border" not in unconfirmed.content.text
    assert unconfirmed.sentence_start == text.index("It said")
    assert unconfirmed.speaker is not None and unconfirmed.speaker.text == "It"


def test_a_pointing_back_opening_that_is_the_content_still_takes_the_sentence_before():
    text = "Three ferries were cancelled on Sunday. It was confirmed by the port."
    found = next(a for a in attributions(text) if a.cue.text.endswith("confirmed"))
    assert "ferries were cancelled" in found.content.text


@pytest.mark.parametrize("lang, text", [
    ("en", "The city council declined to comment on the tender."),
    ("en", "The bank refused to comment about the lawsuit."),
    ("fr", "La mairie n'a pas souhaité communiquer sur ce dossier."),
])
def test_the_topic_of_a_refusal_is_not_its_content(lang, text):
    found = [a for a in attributions(text, lang) if a.status == "declined"]
    assert len(found) == 1
    assert found[0].content is None
    assert found[0].speaker is not None


@pytest.mark.parametrize("text, content", [
    ("The council declined to say whether the tender would be reopened.", "whether the tender would be reopened"),
    ("The bank declined to identify the two buyers.", "the two buyers"),
])
def test_a_refused_clause_or_object_stays_the_content(text, content):
    found = next(a for a in attributions(text) if a.status == "declined")
    assert found.content is not None and found.content.text == content


@pytest.mark.parametrize("lang, text, cue", [
    ("en", "Both drivers deny any wrongdoing, their lawyer said.", "said"),
    ("en", "Her spokesman said that the senator declined to comment.", "said"),
    ("fr", "Les deux gérants contestent les faits, a indiqué leur avocate.", "indiqué"),
])
def test_a_denial_passed_on_by_a_reporter_is_one_claim(lang, text, cue):
    found = attributions(text, lang)
    assert len(found) == 1
    claim = found[0]
    assert cue in claim.cue.text
    assert claim.status in ("denied", "declined")
    assert claim.speaker is not None and claim.content is not None


def test_a_denial_that_is_only_part_of_a_report_stays_its_own_claim():
    text = "The mayor said the firm denied any wrongdoing when it was questioned in May."
    statuses = sorted(a.status for a in attributions(text))
    assert statuses == ["asserted", "denied"]


def test_a_relaying_outlet_still_gives_way_to_the_statement_it_carries():
    text = "Reuters said sources close to the inquiry had confirmed the pilot was alive."
    found = attributions(text)
    assert [a.status for a in found] == ["confirmed"]
    assert found[0].speaker_name == "anonymous source"


@pytest.mark.parametrize("text", [
    "The Lyon prosecutor's office said on Monday that it had charged three women with fraud.",
    "The court said it had accused the former mayor of bribery in a closed hearing.",
])
def test_an_accusation_inside_a_report_is_part_of_its_content(text):
    found = attributions(text)
    assert len(found) == 1
    assert found[0].cue.text == "said" and found[0].status == "asserted"
    assert found[0].content is not None and ("charged" in found[0].content.text or "accused" in found[0].content.text)


def test_a_refusal_whose_content_names_nothing_is_stored_as_the_refusal_itself(tmp_path):
    from storyledger.link import claims, copies, events, threads
    from storyledger.model import Analysis, Attribution, Span
    from storyledger.store import links
    from storyledger.store.db import Database

    text = "The ministry said the ferry may have been hit by a drone, but did not confirm which one."
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, "en")]
    article = Article(id="r1", body=text, text=text, sentences=sentences, lang="en", published="2024-05-02",
                      name="r1")
    cue, content = text.index("did not confirm"), text.index("which one")
    refusal = Attribution(sentence_start=0, sentence_end=len(text), cue=Span(cue, cue + 15, "did not confirm"),
                          content=Span(content, content + 9, "which one"), speaker=Span(0, 12, "The ministry"),
                          speaker_name="ministry", status="not_confirmed")
    db = Database(str(tmp_path / "store.db"))
    with db.transaction():
        links.ensure_article_row(db, article)
        for stage in (copies, events, threads, claims):
            stage.link_article(db, article, Analysis(article_id="r1", mentions=[], attributions=[refusal]))
    stored = [row["content"] for row in links.claim_rows(db, where="c.article_id = ?", params=("r1",))]
    assert stored == ["did not confirm which one"]
