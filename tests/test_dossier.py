"""The dossier: JSON contract, Markdown and HTML renderings, the threads/events/dossier commands.

Facts about the seeds are read from the gold file at test time, never copied here."""
import json
from pathlib import Path

import pytest

from storyledger import cli
from storyledger.dossier import build, svg
from storyledger.dossier.render_html import render_html
from storyledger.dossier.render_md import render_markdown
from storyledger.store import articles as article_store

SCHEMA = Path(build.__file__).with_name("schema.json")


@pytest.fixture
def seeds_dossier(seeds_db):
    return build.build_dossier(seeds_db, "t1")


def _article_id(db, name: str) -> str:
    ids = article_store.find_articles(db, name)
    assert len(ids) == 1, name
    return ids[0]


# --- ids ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, kind, number", [("t1", "thread", 1), ("e12", "event", 12), ("T3", "thread", 3),
                                                 ("7", "thread", 7), (" e2 ", "event", 2)])
def test_parse_target(value, kind, number):
    target = build.parse_target(value)
    assert (target.kind, target.number) == (kind, number)


@pytest.mark.parametrize("value", ["x1", "t", "", "e-1", "t1e2"])
def test_parse_target_rejects(value):
    with pytest.raises(ValueError):
        build.parse_target(value)


def test_missing_ids_raise_not_found(seeds_db):
    for missing in ("t999", "e999"):
        with pytest.raises(build.NotFound):
            build.build_dossier(seeds_db, missing)
    with pytest.raises(build.NotFound):
        build.article_view(seeds_db, "0000000000000000")
    with pytest.raises(build.NotFound):
        build.entity_page(seeds_db, "99999")


# --- the seeds --------------------------------------------------------------------------------

def test_seeds_one_thread_two_events_with_their_dates(seeds_db, seeds_gold):
    threads = build.list_threads(seeds_db)
    assert len(threads) == 1
    dossier = build.build_dossier(seeds_db, threads[0]["id"])
    assert [e["date"] for e in dossier["events"]] == ["2022-09-12", "2025-10-13"]
    assert all(e["granularity"] == "day" and e["date_basis"] == "reports" for e in dossier["events"])
    # the gold events: the two 2022 reports in one event, the 2025 report in the other
    by_label = {}
    for name, label in seeds_gold["events"].items():
        by_label.setdefault(label, set()).add(_article_id(seeds_db, name))
    assert sorted(map(set, (e["articles"] for e in dossier["events"])), key=len) == \
        sorted(by_label.values(), key=len)
    # the attempt is relayed as a party's claim, not asserted by the reports
    assert dossier["events"][0]["status"] == "claimed"
    assert dossier["counts"]["reports"] == 3 and dossier["counts"]["outlets"] == 3
    assert dossier["span"]["first"] == "2022-09-12"


def test_seeds_osechkin_under_both_spellings(seeds_dossier, seeds_gold):
    gold = next(e for e in seeds_gold["entities"] if e["name"] == "Vladimir Osechkin")
    entity = next(e for e in seeds_dossier["entities"] if e["name"] == gold["name"])
    assert set(gold["aliases"]) <= set(entity["spellings"])
    assert entity["descriptors"], "descriptors such as a role or an age"
    assert entity["articles"] == 3


def test_seeds_afp_relayed_quotes_are_one_independent_source(seeds_db, seeds_dossier):
    afp_reports = {r["id"] for r in seeds_dossier["sources"]["reports"] if r["origin"] == "AFP"}
    assert len(afp_reports) == 2
    afp = [s for s in seeds_dossier["claim_sources"] if s["label"] == "Agence France-Presse"]
    assert len(afp) == 1 and set(afp[0]["articles"]) == afp_reports
    for claim in seeds_dossier["claims"]:
        if claim["channel"] == "Agence France-Presse":
            assert [s["label"] for s in claim["sources"]] == ["Agence France-Presse"]
    # the two AFP-based reports are one origin: 3 reports, 2 independent sources
    assert seeds_dossier["counts"]["independent_sources"] == 2
    event = build.build_dossier(seeds_db, seeds_dossier["events"][0]["id"])
    assert event["counts"]["reports"] == 2 and event["counts"]["independent_sources"] == 1


def test_seeds_not_confirmed_claim(seeds_db, seeds_dossier, seeds_gold):
    gold = next(c for c in seeds_gold["claims"] if c["status"] == "not_confirmed" and c["speaker"] is None)
    article_id = _article_id(seeds_db, gold["article"])
    found = [c for c in seeds_dossier["claims"]
             if any(ev["article"] == article_id and gold["evidence"] in ev["text"] for ev in c["evidence"])]
    assert found and found[0]["status"] == "not_confirmed"


def test_evidence_offsets_point_at_the_text(seeds_db, seeds_dossier):
    texts = {r["id"]: article_store.get_article(seeds_db, r["id"]).text for r in seeds_dossier["sources"]["reports"]}
    evidence = [ev for c in seeds_dossier["claims"] for ev in c["evidence"]]
    evidence += [s["evidence"] for entry in seeds_dossier["timeline"] for s in entry["sources"]]
    evidence += [ev for e in seeds_dossier["entities"] for a in e["aliases"] for ev in a["evidence"]]
    evidence += [ev for e in seeds_dossier["entities"] for d in e["descriptors"] for ev in d["evidence"]]
    assert len(evidence) > 20
    for ev in evidence:
        assert texts[ev["article"]][ev["start"]:ev["end"]] == ev["text"]
    for claim in seeds_dossier["claims"]:
        for ev in claim["evidence"]:
            start, end = ev["content"]
            assert ev["start"] <= start < ev["end"] and start < end


def test_timeline_is_in_date_order_and_has_the_gold_dates(seeds_db, seeds_dossier, seeds_gold):
    dates = [e["date"] for e in seeds_dossier["timeline"]]
    assert dates == sorted(dates)
    found = 0
    for item in seeds_gold["timeline"]:
        article_id = _article_id(seeds_db, item["article"])
        found += any(entry["date"] == item["date"] and source["article"] == article_id
                     and item["evidence"] in source["evidence"]["text"]
                     for entry in seeds_dossier["timeline"] for source in entry["sources"])
    assert found >= len(seeds_gold["timeline"]) - 1  # 8 of 8 when written


def test_dossier_matches_the_json_schema(seeds_db, seeds_dossier):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(json.dumps(seeds_dossier)), schema)
    jsonschema.validate(json.loads(json.dumps(build.build_dossier(seeds_db, "e2"))), schema)
    assert seeds_dossier["schema_version"] == build.SCHEMA_VERSION


def test_event_dossier_names_its_thread(seeds_db):
    dossier = build.build_dossier(seeds_db, "e2")
    assert dossier["kind"] == "event" and dossier["thread"] == "t1"
    assert [e["id"] for e in dossier["events"]] == ["e2"]


def test_recency_weighs_background_dates_down():
    assert build._recency("2022-09-12", "2022-09-27") == 1.0
    assert build._recency("2022-09", "2022-09-27") == 1.0
    assert build._recency("2021", "2022-09-27") == build.BACKGROUND_WEIGHT
    assert build._recency("2021", None) == 1.0


# --- renderings ---------------------------------------------------------------------------------

def test_markdown_has_every_section(seeds_dossier):
    text = render_markdown(seeds_dossier)
    for heading in ("## Events", "## Timeline", "## Claims ledger", "## People, organisations and places",
                    "## Sources and provenance", "## Not resolved"):
        assert heading in text
    assert "2022-09-12" in text and "not_confirmed" in text


def test_markdown_escapes_table_breaking_text():
    dossier = _tiny_dossier(claim_text="a | b <script>")
    text = render_markdown(dossier)
    assert "a \\| b \\<script\\>" in text


def test_standalone_html_is_offline_and_escaped(seeds_dossier):
    html = render_html(seeds_dossier)
    assert html.count("<svg") == 2
    assert "<style>" in html and 'href="/' not in html and "src=" not in html
    hostile = render_html(_tiny_dossier(claim_text='<script>alert("x")</script> & "quotes"'))
    assert "<script>" not in hostile
    assert "&lt;script&gt;" in hostile and "&#34;quotes&#34;" in hostile


def test_svg_escapes_and_handles_empty():
    dossier = _tiny_dossier(claim_text="x")
    dossier["events"][0]["title"] = '<b>"bold"</b>'
    picture = svg.timeline_svg(dossier)
    assert "<b>" not in picture and "&lt;b&gt;" in picture
    dossier["timeline"], dossier["events"] = [], []
    assert "No dated happenings" in svg.timeline_svg(dossier)
    assert svg.sources_svg(dossier).startswith("<svg")


def _tiny_dossier(claim_text: str) -> dict:
    evidence = {"article": "a1", "start": 0, "end": 5, "text": claim_text}
    return {
        "schema_version": build.SCHEMA_VERSION, "kind": "event", "id": "e1", "thread": None, "title": "T",
        "span": {"first": "2024-01-01", "last": "2024-01-02"},
        "counts": {"reports": 1, "outlets": 1, "languages": 1, "independent_sources": 1},
        "events": [{"id": "e1", "title": "T", "date": "2024-01-01", "granularity": "day", "date_basis": "reports",
                    "status": "claimed", "evidence": evidence, "articles": ["a1"], "names": [],
                    "reported": {"first": "2024-01-02", "last": "2024-01-02"}, "thread": None}],
        "timeline": [{"date": "2024-01-01", "granularity": "day", "event": "e1", "status": "claimed", "reports": 1,
                      "sources": [{"article": "a1", "outlet": "O", "text": claim_text, "trigger": "x",
                                   "date_basis": "clause", "status": "claimed", "speaker": None,
                                   "evidence": evidence}]}],
        "claims": [{"id": "c1", "text": claim_text, "speaker": "S", "speaker_entity": None, "channel": None,
                    "status": "claimed", "independent_sources": 1,
                    "sources": [{"key": "s@article:a1", "label": "S (in O)", "kind": "speaker"}],
                    "corroborated_by": 0, "contradicted_by": [],
                    "evidence": [{**evidence, "row": 1, "outlet": "O", "content": [0, 5], "speaker": "S",
                                  "channel": None, "status": "claimed", "source": "s@article:a1"}]}],
        "claim_sources": [{"key": "s@article:a1", "label": "S (in O)", "kind": "speaker", "claims": ["c1"],
                           "articles": ["a1"]}],
        "entities": [],
        "sources": {"reports": [{"id": "a1", "name": "a1.txt", "title": None, "outlet": "O", "url": None,
                                 "published": "2024-01-02", "lang": "en", "event": "e1", "origin": None,
                                 "origin_key": "article:a1", "wire_credit": None, "copy_of": None,
                                 "added": {"events": ["e1"], "claims": []}}], "copy_groups": []},
        "unresolved": {"undated_reports": [], "times": [], "speakers": []},
    }


# --- commands ---------------------------------------------------------------------------------------

def test_threads_and_events_commands_json(seeds_db_path, capsys):
    assert cli.main(["threads", "--db", str(seeds_db_path), "--json"]) == 0
    threads = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in threads] == ["t1"] and threads[0]["events"] == ["e1", "e2"]
    assert cli.main(["events", "--db", str(seeds_db_path), "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in events] == ["e2", "e1"] and all("counts" in e for e in events)  # latest first
    assert cli.main(["events", "--db", str(seeds_db_path)]) == 0
    table = capsys.readouterr().out
    assert table.startswith("ID") and "2025-10-13" in table


def test_dossier_command_formats(seeds_db_path, tmp_path, capsys):
    out = tmp_path / "t1.json"
    assert cli.main(["dossier", "t1", "--format", "json", "-o", str(out), "--db", str(seeds_db_path)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "t1"
    assert cli.main(["dossier", "e1", "--format", "md", "--db", str(seeds_db_path)]) == 0
    assert capsys.readouterr().out.startswith("# ")
    page = tmp_path / "t1.html"
    assert cli.main(["dossier", "t1", "--format", "html", "-o", str(page), "--db", str(seeds_db_path)]) == 0
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


@pytest.mark.parametrize("target", ["t99", "e99", "nonsense"])
def test_dossier_command_missing_id(seeds_db_path, capsys, target):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["dossier", target, "--db", str(seeds_db_path)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("storyledger: error:") and err.count("\n") == 1


# --- the demo corpus (our own fictional story) ----------------------------------------------------

def test_demo_copy_group_and_event_dates(demo_db):
    events = build.list_events(demo_db)
    assert [e["date"] for e in events] == ["2024-03-02", "2025-01-17"]  # not the publication dates
    dossier = build.build_dossier(demo_db, events[0]["id"])
    groups = dossier["sources"]["copy_groups"]
    assert len(groups) == 1 and groups[0]["origin"] == "AFP" and len(groups[0]["articles"]) == 2
    copy = next(r for r in dossier["sources"]["reports"] if r["copy_of"])
    assert copy["copy_of"]["article"] == groups[0]["articles"][0]
    assert copy["added"] == {"events": [], "claims": []}  # a copy adds nothing
    assert dossier["counts"]["languages"] == 2 and dossier["counts"]["independent_sources"] == 1
    assert 'marker-end="url(#arrow)"' in svg.sources_svg(dossier)


def test_titles_are_whitespace_folded_cut_at_a_word_and_lose_a_leading_bullet():
    assert build._cut("• Police  arrested\ntwo men") == "Police arrested two men"
    long = build._cut("word " * 100)
    assert long.endswith("…") and len(long) <= build.TITLE_CHARS + 1 and "  " not in long


def test_event_listing_comes_in_pages_latest_first(demo_db):
    everything = build.list_events(demo_db)
    pages = build.list_events(demo_db, 1, 0) + build.list_events(demo_db, 1, 1)
    assert len(everything) == 2 and sorted(r["id"] for r in pages) == sorted(r["id"] for r in everything)
    assert pages[0]["date"] > pages[1]["date"]
    assert build.list_events(demo_db, 5, 10) == []


def test_listing_commands_say_where_the_page_ends(demo_db_path, capsys):
    from storyledger.cli import main

    assert main(["events", "--db", str(demo_db_path), "--limit", "1", "--json"]) == 0
    out = capsys.readouterr()
    assert len(json.loads(out.out)) == 1 and "rows 1-1 of 2; --offset 1" in out.err
    with pytest.raises(SystemExit):
        main(["threads", "--db", str(demo_db_path), "--limit", "0"])


def test_a_claim_inside_another_claim_of_the_same_report_and_speaker_is_not_listed_twice():
    def group(id_, article, span, text, speaker="Ilka Moravec"):
        return {"id": id_, "claims": [{"article": article, "content": span, "text": text, "speaker": speaker}]}

    outer = group(1, "a", [10, 60], "he believes 'the plot was paid for from abroad.'")
    inner = group(2, "a", [22, 61], "'the plot was paid for from abroad.'")
    other_report = group(3, "b", [22, 61], "the plot was paid for from abroad")
    other_speaker = group(4, "a", [22, 61], "the plot was paid for from abroad", speaker="Dren Halas")
    kept = build._without_nested([outer, inner, other_report, other_speaker])
    assert [g["id"] for g in kept] == [1, 3, 4]


def test_titles_drop_the_dateline_and_names_prefer_their_written_form():
    from storyledger.dossier.build import _event_title
    from storyledger.link.events import merged_names
    from storyledger.model import Article, Sentence
    text = "BRENOV, March 4 (Reuters) - Dockworkers at the port of Brenov walked off the job on Tuesday."
    article = Article(id="a", body=text, text=text, sentences=[Sentence(0, len(text), 0, len(text))])
    assert _event_title([article], None).startswith("Dockworkers at the port")
    assert merged_names({"e:brenov": "BRENOV", "e:fsb": "FSB"}, {"e:brenov": "Brenov", "e:fsb": "Fsb"}) == \
        {"e:brenov": "Brenov", "e:fsb": "FSB"}


# --- a claim group that spans threads ------------------------------------------------------------

DENIAL = "Ukraine has denied any involvement in the blasts"


def _report_in_its_own_thread(db, article_id: str, text: str, published: str) -> None:
    """A stored report alone in a new event and a new thread, with one claim: the denial."""
    from storyledger import segment
    from storyledger.link import claims
    from storyledger.model import Analysis, Article, Attribution, Sentence, Span
    from storyledger.store import links

    spans = segment.sentences(text, "en")
    article = Article(id=article_id, body=text, text=text, sentences=[Sentence(s, e, s, e) for s, e in spans],
                      lang="en", published=published, name=article_id, raw_sha256=article_id, outlet="Wire")
    article_store.save_article(db, article, text.encode(), "txt")
    start = text.index(DENIAL)
    s, e = next((s, e) for s, e in spans if s <= start < e)
    said = Attribution(sentence_start=s, sentence_end=e, cue=Span(s, s, ""),
                       content=Span(start, start + len(DENIAL), DENIAL), speaker=None,
                       speaker_name="Kyiv", channel_name=None, status="denied")
    with db.transaction():
        links.ensure_article_row(db, article)
        event = links.create_event(db, article_id, published, {})
        links.add_event_article(db, article_id, event, None, published)
        links.set_event_thread(db, event, links.create_thread(db, event, {}), None)
        claims.link_article(db, article, Analysis(article_id=article_id, attributions=[said]))


def test_a_claim_whose_group_began_in_another_thread_is_shown_in_this_threads_dossier():
    from storyledger.store.db import Database

    db = Database(":memory:")
    _report_in_its_own_thread(db, "first", f"Two pipelines were damaged on Monday. {DENIAL}, officials said.",
                              "2024-03-01")
    _report_in_its_own_thread(db, "later", f"A ferry caught fire in the port on Friday. {DENIAL}, a minister said.",
                              "2024-04-05")
    later = build.build_dossier(db, "t2")
    (claim,) = later["claims"]
    assert [row["article"] for row in claim["evidence"]] == ["later"]
    assert DENIAL in claim["evidence"][0]["text"]
    assert claim["first_report"] == "first" and claim["other_threads"] == ["t1"]
    first = build.build_dossier(db, "t1")
    assert [row["article"] for row in first["claims"][0]["evidence"]] == ["first"]
    assert first["claims"][0]["id"] == claim["id"] and first["claims"][0]["other_threads"] == ["t2"]


def test_standalone_html_keeps_the_sans_font_of_the_web_ui(seeds_dossier):
    """The inline stylesheet is not HTML-escaped: an escaped quote broke the font list (serif)."""
    from storyledger.dossier.render_html import render_html, stylesheet

    html = render_html(seeds_dossier)
    assert stylesheet() in html and "&#34;" not in html.split("</style>")[0]
    assert 'id="summary"' in html and "table-wrap" in html


def test_source_labels_keep_the_case_the_reports_write():
    claims = [{"source": "vladimir osechkin@article:a1", "speaker": "Vladimir Osechkin", "channel": None},
              {"source": "channel:afp news agency", "speaker": "he", "channel": "AFP news agency"}]
    names = build._display_names(claims)
    assert names["vladimir osechkin@article:a1"] == "Vladimir Osechkin"
    assert build.canonical_source("channel:afp news agency") == "channel:agence france-presse"
