"""The dossier as a journalist reads it: the summary first, one line per dated fact, the
background apart, titles that are headlines. The dev corpus (../shared/corpora/osechkin) is
built once for the module; the unit tests below it use texts written here."""
import re
from pathlib import Path

import pytest

from conftest import build_store
from storyledger.dossier import build, reading
from storyledger.dossier.render_md import render_markdown
from storyledger.paths import shared

DEV = Path(shared("corpora", "osechkin", "corpus.jsonl"))
GOLD_DATES = ("2022-09-12", "2025-10-13")  # the alleged attempt; the arrests
MAX_LINES = 300
_FACT_LINE = re.compile(r"^- \*\*(\d{4}(?:-\d{2}){0,2})\*\*(?: \(announcement\))? — (.+?) `")


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory):
    """The dev corpus ingested once for the module (about a minute on a loaded machine)."""
    if not DEV.is_file():
        pytest.skip(f"{DEV} is not there")
    from storyledger.store.db import Database

    db = Database(build_store(tmp_path_factory.mktemp("dev"), DEV))
    try:
        yield db
    finally:
        db.close()


@pytest.fixture(scope="module")
def dev_dossier(dev_db):
    main = max(build.list_threads(dev_db), key=lambda t: t["counts"]["reports"])
    return build.build_dossier(dev_db, main["id"])


def test_summary_names_both_developments_with_their_gold_dates(dev_dossier):
    summary = dev_dossier["summary"]
    dates = {d["date"] for d in summary["developments"]} | \
        {f["date"] for d in summary["developments"] for f in d["facts"]}
    for gold in GOLD_DATES:
        assert gold in dates
    text = render_markdown(dev_dossier)
    summary_text = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
    for gold in GOLD_DATES:
        assert gold in summary_text
    for development in summary["developments"]:  # every statement carries its evidence
        assert development["evidence"] and all(f["evidence"]["text"] for f in development["facts"])
    assert summary["counts"]["reports"] == dev_dossier["counts"]["reports"]
    assert summary["actors"][0]["name"] == "Vladimir Osechkin"


def test_no_timeline_line_repeats_a_date_and_fact(dev_dossier):
    for full in (False, True):
        text = render_markdown(dev_dossier, full=full)
        timeline = text.split("## Timeline", 1)[1].split("\n## ", 1)[0]
        pairs = [m.groups() for m in map(_FACT_LINE.match, timeline.splitlines()) if m]
        assert pairs and len(pairs) == len(set(pairs))
    assert len({f["date"] for f in dev_dossier["facts"]}) == len(dev_dossier["facts"])


def test_background_is_apart(dev_dossier):
    background = {f["date"] for f in dev_dossier["facts"] if f["background"]}
    assert {"2006", "2015"} <= background  # Litvinenko's poisoning; "since 2015"
    assert not background & set(GOLD_DATES)
    # Dates reports disagree on are flagged: see the unit test on invented facts below (the
    # dev corpus's one misread, "le 12 septembre dernier" as 2021-09, is now read right).


def test_no_title_starts_with_page_furniture(dev_db, dev_dossier):
    """Neither the main thread's titles nor any thread's ("Brève: Quatre hommes ...")."""
    titles = [dev_dossier["title"]] + [e["title"] for e in dev_dossier["events"]] + \
        [t["title"] for t in build.list_threads(dev_db)] + [e["title"] for e in build.list_events(dev_db)]
    for title in titles:
        assert not title.casefold().startswith(("date ", "en brève", "brève", "faits", "ссылки"))
        assert not re.match(r"\d{4}-\d{2}-\d{2}", title)
    for event in dev_dossier["events"]:
        assert not reading.is_furniture(event["title"]), event["title"]


def test_markdown_fits_and_full_keeps_everything(dev_dossier):
    short = render_markdown(dev_dossier)
    full = render_markdown(dev_dossier, full=True)
    assert len(short.splitlines()) <= MAX_LINES
    assert len(full.splitlines()) > len(short.splitlines())
    assert all(f"{c['id']}:" in full for c in dev_dossier["claims"])


def test_the_json_stays_the_complete_record(dev_dossier):
    """Every dated clause of the timeline is in one fact; every claim keeps its evidence."""
    in_facts = {(s["article"], s["start"]) for f in dev_dossier["facts"] for s in f["sources"]}
    for entry in dev_dossier["timeline"]:
        for source in entry["sources"]:
            assert (source["article"], source["evidence"]["start"]) in in_facts
    assert all(c["evidence"] for c in dev_dossier["claims"])


# --- pieces, on texts written here ---------------------------------------------------------

@pytest.mark.parametrize("line", ["date 2025-10-16 En Brève", "Faits", "„V.", "En Brève",
                                  "Ссылки для упрощенного доступа", "2025-10-16 Paris", ""])
def test_page_furniture_is_no_headline(line):
    assert reading.is_furniture(line)


@pytest.mark.parametrize("line", ["French police arrest 4 suspects in plot against exiled activist",
                                  "À Biarritz, un commando ciblait un opposant à Vladimir Poutine"])
def test_headlines_are_headlines(line):
    assert not reading.is_furniture(line)


def test_the_date_header_is_dropped_from_a_lead():
    assert reading.without_date_header("date 2021-10-05 (Moscow) Russian authorities opened inspections") == \
        "Russian authorities opened inspections"
    assert reading.without_date_header("In 2021, they met") == "In 2021, they met"


@pytest.mark.parametrize("text, basis, expected", [("12 September 2022", "clause", "stated"),
                                                   ("on Monday", "clause", "weekday"),
                                                   ("jeudi", "sentence", "weekday"),
                                                   ("last week", "clause", "relative"),
                                                   (None, "publication", "publication")])
def test_how_sure_a_date_is(text, basis, expected):
    assert reading.date_sureness(text, basis) == expected


@pytest.mark.parametrize("name", ["agence france-presse", "AFP", "afp", "afp news agency", "French news agency",
                                  "Agence France Presse"])
def test_the_names_of_one_agency_are_one_source(name):
    assert reading.canonical_channel(name) == "agence france-presse"


def _entry(date: str, event: str, article: str, start: int, text: str, kind: str = "happening") -> dict:
    ev = {"article": article, "start": start, "end": start + len(text), "text": text, "span": [start, start + 5]}
    return {"date": date, "granularity": "day", "event": event, "kind": kind, "status": "asserted", "reports": 1,
            "sources": [{"article": article, "outlet": "example.org", "text": text, "trigger": "x",
                         "date_basis": "clause", "status": "asserted", "speaker": None, "evidence": ev}]}


def test_facts_merge_events_set_background_apart_and_flag_a_year_off():
    timeline = [_entry("2015", "e1", "a", 0, "He has lived in France since 2015."),
                _entry("2015", "e2", "b", 0, "He has lived in France since 2015."),
                _entry("2021-09", "e1", "a", 40, "He was attacked on 12 September."),
                _entry("2022-09-12", "e1", "b", 40, "He was attacked on 12 September 2022."),
                _entry("2022-09-12", "e1", "c", 40, "He was attacked on 12 September 2022.")]
    events = [{"id": "e1", "date": "2022-09-12", "date_basis": "reports"},
              {"id": "e2", "date": "2022-09-30", "date_basis": "reports"}]
    published = {"a": "2022-09-20", "b": "2022-09-21", "c": "2022-09-22"}
    found = reading.facts(timeline, events, published, {"a": "en", "b": "en", "c": "en"})
    by_date = {f["date"]: f for f in found}
    assert list(by_date) == ["2015", "2021-09", "2022-09-12"]
    assert by_date["2015"]["background"] and by_date["2015"]["events"] == ["e1", "e2"]
    assert by_date["2015"]["reports"] == 2
    assert not by_date["2022-09-12"]["background"] and by_date["2022-09-12"]["reports"] == 2
    assert by_date["2021-09"]["disagrees_with"] == ["2022-09-12"]
    assert by_date["2022-09-12"]["disagrees_with"] == []
    reading.mark_timeline(timeline, found)
    assert timeline[0]["background"] and not timeline[3]["background"]


def test_the_timeline_shows_the_developments_first(dev_dossier):
    text = render_markdown(dev_dossier)
    timeline = text.split("## Timeline", 1)[1].split("### Other dated facts", 1)[0]
    dates = [m.group(1) for m in map(_FACT_LINE.match, timeline.splitlines()) if m]
    assert dates and all(len(d) >= 7 for d in dates)  # no "since 2022" among the developments
    for gold in GOLD_DATES:
        assert gold in dates
    assert all(f["development"] is False for f in dev_dossier["facts"] if f["background"])


def test_sources_are_named_once_whatever_report_or_language_names_them(dev_dossier):
    named = dev_dossier["named_sources"]
    names = [s["name"].casefold() for s in named]
    assert len(names) == len(set(names))
    assert names.count("agence france-presse") == 1
    osechkin = next(s for s in named if s["name"] == "Vladimir Osechkin")
    assert len(osechkin["articles"]) > 5 and len(osechkin["spellings"]) > 1  # quoted in many reports
    covered = {k for s in named for k in s["keys"]}
    assert covered == {s["key"] for s in dev_dossier["claim_sources"]}


def test_one_line_per_report_that_added_something(dev_dossier):
    text = render_markdown(dev_dossier)
    section = text.split("## Sources and provenance", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("- `")]
    added = [r for r in dev_dossier["sources"]["reports"] if r["added"]["events"] or r["added"]["claims"]]
    assert len(lines) == len(added)
    assert "nothing new" not in section.replace("Added nothing new", "")
    for group in dev_dossier["sources"]["copy_groups"]:
        assert group["root"] in group["articles"]


def test_a_claim_group_reads_in_the_dossiers_language_when_one_report_writes_it():
    class Reader:
        langs = {"fr1": "fr", "en1": "en", "en2": "en-GB"}

        def article(self, article_id):
            return type("Article", (), {"lang": self.langs[article_id]})()

    claims = [{"article": "fr1", "text": "J'ai été mis en garde"}, {"article": "en1", "text": "I was warned"},
              {"article": "en2", "text": "He was warned"}]
    shown = build._in_dossier_language_first(Reader(), claims)
    assert [c["article"] for c in shown] == ["en1", "fr1", "en2"]
    assert build._in_dossier_language_first(Reader(), claims[:1]) == claims[:1]


def test_a_date_after_every_report_that_gives_it_is_background():
    """"A trial is expected in 2027": a plan, outside the story's span, set apart."""
    timeline = [_entry("2022-09-12", "e1", "a", 0, "He was attacked on 12 September 2022."),
                _entry("2027", "e1", "a", 40, "A trial is expected in 2027."),
                _entry("2022-09-30", "e1", "b", 40, "On 30 September the inquiry was widened.")]
    events = [{"id": "e1", "date": "2022-09-12", "date_basis": "reports"}]
    found = reading.facts(timeline, events, {"a": "2022-09-20", "b": "2022-09-30"}, {"a": "en", "b": "en"})
    by_date = {f["date"]: f for f in found}
    assert by_date["2027"]["background"]
    assert not by_date["2022-09-12"]["background"] and not by_date["2022-09-30"]["background"]
