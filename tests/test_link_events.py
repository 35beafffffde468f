"""Events and threads, on invented reports; the seeds gold when ../shared is there."""
import dataclasses
import json
import os
import re

import pytest

from storyledger import segment
from storyledger.evaluate import bench_ecbplus
from storyledger.link import copies, events, threads
from storyledger.model import Analysis, Article, Mention, Sentence
from storyledger.settings import DEFAULT
from storyledger.store import links
from storyledger.store.db import Database
from storyledger.paths import shared

NAMES = {"Ilka Moravec": "PERSON", "Moravec": "PERSON", "Brenov": "GPE", "Karst Valley": "LOC",
         "Tovar Dam": "FAC", "Halden Party": "ORG", "Sera Lint": "PERSON", "Portavia": "GPE",
         "Aron Vesk": "PERSON", "Vesk": "PERSON", "Mil Dravo": "PERSON", "Dravo": "PERSON", "Halden Rovers": "ORG"}

DAM_1 = ("The Tovar Dam near Brenov burst on Saturday night, flooding villages in the Karst Valley "
         "and forcing thousands of residents to flee. Rescue teams searched flooded houses for missing "
         "people as the water rose. Officials said heavy rain had weakened the dam wall.")
DAM_2 = ("Rescuers in the Karst Valley pulled survivors from flooded houses on Sunday after the Tovar Dam "
         "collapsed near Brenov. The flood swept away bridges, and the number of missing residents rose. "
         "Engineers said the dam wall had cracked after heavy rain.")
ELECTION = ("The Halden Party won the parliamentary election in Portavia, taking 41 percent of the vote, "
            "and its leader Sera Lint claimed victory in the capital. Turnout was low, and opposition "
            "parties said they would contest the count in two districts.")
ATTACK = ("The activist Ilka Moravec said a gunman fired at her car outside her home in Brenov, in what she "
          "called an assassination attempt. Police opened an investigation into the shooting. "
          "Moravec, a critic of the mining companies, was not hurt.")
ARRESTS = ("Police in Brenov arrested three men suspected of plotting to kill the activist Ilka Moravec, "
           "a critic of the mining companies who survived an assassination attempt in 2021. "
           "Prosecutors charged the suspects with conspiracy to murder; Moravec welcomed the arrests.")


def make(article_id, text, published):
    spans = segment.sentences(text, "en")
    article = Article(id=article_id, body=text, text=text, sentences=[Sentence(s, e, s, e) for s, e in spans],
                      lang="en", published=published, name=article_id)
    mentions = [Mention(m.start(), m.end(), name, type_, 0)
                for name, type_ in NAMES.items() for m in re.finditer(re.escape(name), text)]
    return article, Analysis(article_id=article_id, mentions=mentions)


def link_all(db, items, settings=DEFAULT):
    for article, analysis in items:
        with db.transaction():
            links.ensure_article_row(db, article)
            copies.link_article(db, article, analysis, settings.copies)
            events.link_article(db, article, analysis, settings=settings.events)
            threads.link_article(db, article, analysis, settings=settings.threads)


def events_with(**changes):
    """The default settings with `changes` to the event settings."""
    return dataclasses.replace(DEFAULT, events=dataclasses.replace(DEFAULT.events, **changes))


def threads_with(**changes):
    """The default settings with `changes` to the thread settings."""
    return dataclasses.replace(DEFAULT, threads=dataclasses.replace(DEFAULT.threads, **changes))


def test_two_reports_of_one_happening_are_one_event_and_another_story_is_not():
    db = Database(":memory:")
    link_all(db, [make("dam1", DAM_1, "2024-04-06"), make("election", ELECTION, "2024-04-07"),
                  make("dam2", DAM_2, "2024-04-07")])
    event = events.event_of_article(db)
    assert event["dam1"] == event["dam2"]
    assert event["election"] != event["dam1"]
    listed = {e["id"]: e for e in events.events(db)}
    assert listed[event["dam1"]]["articles"] == ["dam1", "dam2"]
    assert "Tovar Dam" in listed[event["dam1"]]["names"]


def test_same_person_years_apart_is_another_event_in_the_same_thread():
    db = Database(":memory:")
    link_all(db, [make("attack", ATTACK, "2021-06-02"), make("election", ELECTION, "2023-01-10"),
                  make("arrests", ARRESTS, "2024-11-20")])
    event = events.event_of_article(db)
    assert event["attack"] != event["arrests"]
    thread = threads.thread_of_event(db)
    assert thread[event["attack"]] == thread[event["arrests"]]
    assert thread[event["election"]] != thread[event["attack"]]
    (story,) = [t for t in threads.threads(db) if event["attack"] in t["events"]]
    assert "Ilka Moravec" in story["names"]


def test_candidate_retrieval_reads_capped_postings():
    db = Database(":memory:")
    for i in range(links.POSTINGS_CAP + 20):
        links.add_event_keys(db, links.create_event(db, f"a{i}", None, {"terms": {}, "entities": {}}), ["t:x"])
    found = links.event_candidates(db, ["t:x"], limit=10)
    assert len(found) == 10
    assert max(found) == links.POSTINGS_CAP + 20  # the most recent events first


def test_bench_scores_of_perfect_and_merged_clusterings():
    gold = ["a", "a", "b", "b"]
    assert bench_ecbplus.scores([1, 1, 2, 2], gold)["bcubed_f1"] == 1.0
    merged = bench_ecbplus.scores([1, 1, 1, 1], gold)
    assert merged["bcubed_recall"] == 1.0 and merged["bcubed_precision"] == 0.5


SEEDS = shared("seeds")


@pytest.mark.skipif(not os.path.isdir(SEEDS), reason="shared seeds not available")
def test_seeds_gold_events_threads_and_no_copies():
    from storyledger import nlp

    gold = json.load(open(shared("gold", "seeds.gold.json"), encoding="utf-8"))
    meta = [json.loads(line) for line in open(os.path.join(SEEDS, "metadata.jsonl"), encoding="utf-8")]
    db = Database(":memory:")
    for m in sorted(meta, key=lambda m: (m["published"] or "", m["file"])):
        text = open(os.path.join(SEEDS, m["file"]), encoding="utf-8").read()
        article, _ = make(m["file"], text, m["published"])
        doc = nlp.spacy_pipeline("en")(text)
        analysis = Analysis(article_id=m["file"],
                            mentions=[Mention(e.start_char, e.end_char, e.text, e.label_, 0) for e in doc.ents])
        link_all(db, [(article, analysis)])
    predicted = events.event_of_article(db)
    names = sorted(gold["events"])
    assert bench_ecbplus.scores([predicted[n] for n in names], [gold["events"][n] for n in names])["bcubed_f1"] == 1.0
    label_to_event = {gold["events"][n]: predicted[n] for n in names}
    thread = threads.thread_of_event(db)
    for a, b in gold["threads"]["must_link"]:
        assert thread[label_to_event[a]] == thread[label_to_event[b]]
    assert copies.copy_links(db) == [] and gold["copies"] == []


def test_lead_facts_hold_triggers_dates_and_numbers():
    from storyledger.model import EventClause, TimeExpr

    text = "Police arrested 3 men on 4 May 2022 in Brenov. The trial opened later; 12 witnesses spoke."
    article, analysis = make("facts", text, None)
    analysis.events = [EventClause(0, 45, text[:45], "arrested", "2022-05-04", "clause", 0)]
    analysis.times = [TimeExpr(25, 35, "4 May 2022", "DATE", "2022-05-04", "day")]
    facts = events.lead_facts(article.text, analysis, lead_end=46)
    assert {"v:arrest", "d:2022-05-04", "n:3", "n:2022"} <= set(facts)
    assert "n:12" not in facts  # outside the lead
    assert events.main_dates(analysis, lead_end=46) == ["2022-05-04"]


def test_same_people_with_different_explicit_dates_are_different_events():
    from storyledger.model import EventClause

    first = "Police in Brenov arrested the activist Ilka Moravec on 3 March 2023 after a protest at the dam."
    second = "Police in Brenov arrested the activist Ilka Moravec on 19 October 2023 after a protest at the dam."
    items = []
    for name, text, date in (("march", first, "2023-03-03"), ("october", second, "2023-10-19")):
        article, analysis = make(name, text, None)
        analysis.events = [EventClause(0, len(text), text, "arrested", date, "clause")]
        items.append((article, analysis))
    db = Database(":memory:")
    link_all(db, items)
    event = events.event_of_article(db)
    assert event["march"] != event["october"]
    db = Database(":memory:")  # without the dates the two reports are one event
    link_all(db, [(a, Analysis(article_id=a.id, mentions=m.mentions)) for a, m in items])
    event = events.event_of_article(db)
    assert event["march"] == event["october"]


def test_tfidf_baseline_single_pass_groups_by_threshold():
    articles = [make(n, t, None)[0] for n, t in (("d1", DAM_1), ("e", ELECTION), ("d2", DAM_2))]
    similarities = bench_ecbplus.tfidf_vectors(articles) @ bench_ecbplus.tfidf_vectors(articles).T
    labels = bench_ecbplus.single_pass(similarities, 0.1)
    assert labels[0] == labels[2] != labels[1]
    assert bench_ecbplus.single_pass(similarities, 1.01) == [0, 1, 2]


VESK = ("Halden Rovers striker Aron Vesk arrested on suspicion of drunk driving.\n\n"
        "Police stopped Vesk on the coast road in Brenov early on {day} and arrested him on suspicion of "
        "drunk driving. The club said it was aware of the arrest and would not comment further while the "
        "investigation was going on. Vesk scored twice in the cup final last season.")
DRAVO = ("Halden Rovers defender Mil Dravo arrested after a drink-driving stop.\n\n"
         "Police stopped Dravo in Brenov on {day} night and arrested him on suspicion of drunk driving after "
         "a breath test. The club said it would not comment while the investigation was going on. "
         "Dravo joined the club from the capital last summer.")


VESK_COURT = ("Rovers striker Vesk held by police over drink-driving.\n\n"
              "Aron Vesk was arrested in Brenov on {day} on suspicion of drunk driving, police said. Officers "
              "had stopped the Halden Rovers striker's car after midnight. His lawyer said Vesk would contest "
              "the breath test in court.")
VESK_AGAIN = ("Vesk detained after a crash on the ring road.\n\n"
              "The forward Aron Vesk was detained on {day} after his car hit a barrier on a "
              "ring road, officers said. He failed a breath test at the scene.")


def driver_report(article_id, text, day):
    return make(article_id, text.format(day=day), None)


def test_other_central_people_in_both_headlines_are_another_happening():
    items = [driver_report("vesk", VESK, "Sunday"), driver_report("dravo", DRAVO, "Sunday")]
    db = Database(":memory:")
    link_all(db, items)
    event = events.event_of_article(db)
    assert event["vesk"] != event["dravo"]
    db = Database(":memory:")
    link_all(db, items, events_with(participant_conflict=None))  # the same report about other people
    event = events.event_of_article(db)
    assert event["vesk"] == event["dravo"]


def test_headline_weekdays_two_days_apart_lower_the_join_score():
    differ = events.weekdays_differ
    assert differ({"weekdays": ["thursday"]}, {"weekdays": ["sunday", "monday"]})
    assert not differ({"weekdays": ["tuesday"]}, {"weekdays": ["monday"]})  # a day apart: one happening
    assert not differ({"weekdays": ["sunday"]}, {"weekdays": ["saturday", "wednesday"]})
    assert not differ({"weekdays": []}, {"weekdays": ["monday"]})
    items = [driver_report("sunday", VESK, "Sunday"), driver_report("monday", VESK_COURT, "Monday"),
             driver_report("thursday", VESK_AGAIN, "Thursday")]
    assert events.article_features(*items[0])["weekdays"] == ["sunday"]
    scores = []
    for conflict in (DEFAULT.events.weekday_conflict, None):
        db = Database(":memory:")
        link_all(db, items, events_with(weekday_conflict=conflict))
        event = events.event_of_article(db)
        assert event["sunday"] == event["monday"]
        scores.append({r["article_id"]: r["score"] for r in links.event_article_rows(db)}["thursday"])
    assert scores[0] == pytest.approx(DEFAULT.events.weekday_conflict * scores[1], abs=1e-3)


def test_central_people_are_the_people_of_the_headline_and_first_sentence():
    article, analysis = driver_report("vesk", VESK, "Sunday")
    assert events.central_people(article, analysis) == ["e:aron vesk", "e:vesk"]
    features = events.article_features(article, analysis)
    profile = events._profile({}, features)
    assert not events.participants_differ(features, {"profile": profile, "n_articles": 1})


def test_a_translation_joins_the_event_of_its_source_without_a_shared_word():
    db = Database(":memory:")
    link_all(db, [make("dam1", DAM_1, "2024-04-06"), make("election", ELECTION, "2024-04-06")])
    article, analysis = make("dam1_xx", "Xq zz vv wwq. Rrt ppq ssd.", "2024-04-07")
    with db.transaction():
        links.ensure_article_row(db, article)
        links.save_copy_link(db, "dam1_xx", "dam1", 0.9, "translation", [])
        events.link_article(db, article, analysis)
    event = events.event_of_article(db)
    assert event["dam1_xx"] == event["dam1"] != event["election"]
