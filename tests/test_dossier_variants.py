"""Claims ledger: what the reports of one claim disagree on, side by side (texts written here)."""
from storyledger.dossier import variants
from storyledger.dossier.render_md import render_markdown
from storyledger.model import TimeExpr


def _claim(article: str, text: str, lang: str = "en", places: list[tuple[str, str]] = (),
           times: list[tuple[str, str]] = ()) -> variants.ClaimText:
    """One claim whose content is the whole `text`; places as (written, key), times as (written, value)."""
    place_spans = []
    for written, key in places:
        at = text.index(written)
        place_spans.append((at, at + len(written), key, key == "france"))
    time_exprs = []
    for written, value in times:
        at = text.index(written)
        time_exprs.append(TimeExpr(at, at + len(written), written, "DATE", value))
    return variants.ClaimText(article=article, lang=lang, text=text, start=0, end=len(text),
                              times=time_exprs, places=place_spans)


def _by_kind(found: list[dict]) -> dict[str, list[dict]]:
    return {v["kind"]: v["values"] for v in found}


def test_a_range_with_one_end_moved_is_shown_side_by_side():
    claims = [_claim("a", "Four men aged 26 to 38 were arrested"),
              _claim("b", "The four men, aged 26 to 38, were arrested"),
              _claim("c", "Four men aged 28 to 38 were arrested")]
    figures = _by_kind(variants.group_variants(claims))["figures"]
    assert [(v["text"], v["reports"]) for v in figures] == [("26 to 38", 2), ("28 to 38", 1)]
    assert figures[1]["articles"] == ["c"]
    assert figures[1]["evidence"]["article"] == "c"


def test_the_same_figures_across_languages_and_a_date_are_no_difference():
    claims = [_claim("a", "Four men aged 26 to 38 were arrested on 13 October", times=[("13 October", "2025-10-13")]),
              _claim("b", "czterej mężczyźni w wieku od 26 do 38 lat", lang="pl"),
              _claim("c", "Quatre hommes âgés de 26 à 38 ans, interpellés lundi", lang="fr",
                     times=[("lundi", "2025-10-13")])]
    assert variants.group_variants(claims) == []


def test_figures_that_say_other_things_are_not_compared():
    """1,000 videos and a 41-year-old share no figure: not one figure given two ways."""
    claims = [_claim("a", "It claims to have more than 1000 videos"), _claim("b", "the 41-year-old said")]
    assert variants.group_variants(claims) == []


def test_one_unit_counted_differently():
    claims = [_claim("a", "neighbours heard 3 shots"), _claim("b", "neighbours heard 5 shots")]
    assert _by_kind(variants.group_variants(claims))["figures"][0]["text"] == "3"


def test_places_differ_when_they_share_none_and_every_written_form_is_kept():
    claims = [_claim("a", "arrested in Biarritz", places=[("Biarritz", "12")]),
              _claim("b", "arrested near Biarritz", places=[("Biarritz", "12")]),
              _claim("c", "arrêtés à Biarritz", lang="fr", places=[("Biarritz", "12")]),
              _claim("d", "arrested in the Paris region", places=[("Paris", "7")])]
    places = _by_kind(variants.group_variants(claims))["places"]
    assert places[0]["reports"] == 3
    assert places[0]["written"] == ["in Biarritz", "near Biarritz", "à Biarritz"]
    assert places[1]["written"] == ["the Paris"] and places[1]["articles"] == ["d"]


def test_a_country_does_not_disagree_with_a_town_in_it_and_one_place_agrees():
    claims = [_claim("a", "arrested in France", places=[("France", "france")]),
              _claim("b", "arrested in Biarritz", places=[("Biarritz", "12")]),
              _claim("c", "arrested in Biarritz and Dagestan", places=[("Biarritz", "12"), ("Dagestan", "9")])]
    assert variants.group_variants(claims) == []


def test_dates_that_are_not_one_date_read_two_ways():
    claims = [_claim("a", "detained on Monday", times=[("Monday", "2025-10-13")]),
              _claim("b", "detained on October 13", times=[("October 13", "2025-10-13")]),
              _claim("c", "detained in October", times=[("October", "2025-10")]),
              _claim("d", "detained on October 10", times=[("October 10", "2025-10-10")])]
    dates = _by_kind(variants.group_variants(claims))["dates"]
    assert [v["reports"] for v in dates] == [2, 1, 1]
    assert dates[0]["written"] == ["2025-10-13 (“Monday”)", "2025-10-13 (“October 13”)"]


def test_markdown_shows_the_values_side_by_side():
    ev = {"article": "a", "start": 0, "end": 10, "text": "x", "span": [0, 10]}
    claim = {"id": "c1", "text": "Four men aged 26 to 38 were arrested", "speaker": "Le Parisien",
             "channel": "Le Parisien", "status": "claimed", "independent_sources": 2, "contradicted_by": [],
             "sources": [], "evidence": [ev],
             "variants": [{"kind": "figures", "values": [
                 {"text": "26 to 38", "written": ["26 to 38"], "articles": ["a", "b"], "reports": 2, "evidence": ev},
                 {"text": "28 to 38", "written": ["28 to 38"], "articles": ["c"], "reports": 1,
                  "evidence": {**ev, "article": "c"}}]}]}
    dossier = {"title": "T", "kind": "thread", "id": "t1", "schema_version": "1.3",
               "span": {"first": None, "last": None},
               "counts": {"reports": 3, "outlets": 3, "languages": 1, "independent_sources": 2},
               "events": [], "facts": [], "timeline": [], "claims": [claim], "claim_sources": [], "entities": [],
               "sources": {"reports": [], "copy_groups": []},
               "unresolved": {"undated_reports": [], "times": [], "speakers": []}}
    for full in (False, True):
        text = render_markdown(dossier, full=full)
        assert "reports differ on figures: “26 to 38” (2 reports) `a@0-10` vs “28 to 38” (1 report) `c@0-10`" in text
    assert "Le Parisien via Le Parisien" not in render_markdown(dossier)


def test_claims_of_one_group_that_affirm_and_negate_are_side_by_side():
    from storyledger.dossier import build

    def claim(number: int, article: str, text: str) -> dict:
        return {"claim": number, "article": article, "text": text, "content": [10, 10 + len(text)]}

    group = {"claims": [claim(1, "a", "police heard shots"), claim(2, "b", "police did not hear shots"),
                        claim(3, "c", "police heard the shots")],
             "contradictions": [{"claim": 2, "other": 1, "kind": "polarity", "detail": "negated vs affirmed"},
                                {"claim": 3, "other": 2, "kind": "polarity", "detail": "affirmed vs negated"},
                                {"claim": 1, "other": 99, "kind": "polarity", "detail": "affirmed vs negated"}]}
    (found,) = build._opposed_within(group)
    assert found["kind"] == "polarity"
    sides = {v["text"]: v for v in found["values"]}
    assert sides["affirmed"]["articles"] == ["a", "c"] and sides["affirmed"]["reports"] == 2
    assert sides["negated"]["written"] == ["police did not hear shots"]
    assert build._opposed_within({**group, "contradictions": group["contradictions"][2:]}) == []


def test_two_reports_of_one_arrest_with_other_ages_are_side_by_side_in_every_format(tmp_path):
    """Through the whole pipeline, on two reports written for this test: the ages differ (26 to 38
    / 28 to 38). Whether the claim stage keeps them in one group or links two groups as a
    contradiction, the dossier shows both ranges side by side with their reports."""
    from pathlib import Path

    from conftest import build_store
    from storyledger.dossier import build
    from storyledger.dossier.render_html import render_html
    from storyledger.store.db import Database

    corpus = Path(__file__).resolve().parent / "data" / "variants" / "corpus.jsonl"
    db = Database(build_store(tmp_path, corpus))
    try:
        dossier = build.build_dossier(db, build.list_threads(db)[0]["id"])
    finally:
        db.close()
    found = [v for c in dossier["claims"] for v in c["variants"]] + \
        [v for c in dossier["claims"] for x in c["contradicted_by"] for v in x["differ"]]
    figures = [v for v in found if v["kind"] == "figures"]
    assert figures and {x["text"] for x in figures[0]["values"]} == {"26 to 38", "28 to 38"}
    for value in figures[0]["values"]:
        assert value["text"] in value["evidence"]["text"]
    assert "reports differ on figures: “26 to 38”" in render_markdown(dossier) or \
        "reports differ on figures: “28 to 38”" in render_markdown(dossier)
    assert "reports differ on figures" in render_html(dossier)
