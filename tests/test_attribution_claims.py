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
