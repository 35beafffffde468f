"""The learned event similarity in the event linker, event merges, the look-alike template corpus."""
import datetime as dt
import json

import pytest

from storyledger.evaluate import template_corpus
from storyledger.link import events, learned, threads, train
from storyledger.store import links
from storyledger.store.db import Database
from test_link_events import ARRESTS, ATTACK, DAM_1, ELECTION, events_with, link_all, make, threads_with

# Written for this test: the dam burst of DAM_1 told in Russian, so no term or name spelling is shared.
DAM_RU = ("Плотина Товар возле Бренова прорвалась в субботу вечером, вода затопила деревни в долине Карст, "
          "и тысячи жителей были вынуждены бежать. Спасатели обыскивали затопленные дома в поисках пропавших. "
          "По словам чиновников, сильные дожди ослабили стену плотины.")


def russian(article_id, text, published):
    article, analysis = make(article_id, text, published)
    return article.__class__(**{**article.__dict__, "lang": "ru"}), analysis


def test_the_event_model_is_its_own_file_with_a_stricter_merge_than_join():
    model = learned.load_events()
    assert model.features == learned.load().features
    assert 0.0 < model.threshold < model.merge_threshold <= 1.0
    shipped = json.loads(learned.EVENT_PARAMETERS.read_text(encoding="utf-8"))
    assert shipped["trained_on"]["ecbplus_weight"] == train.EVENT_ECB_WEIGHT
    assert shipped["command"] == "python -m storyledger.link.train --events"


@pytest.mark.skipif(not train.FEATURES_FILE.exists(), reason="no feature table")
def test_retraining_the_event_model_gives_the_shipped_file():
    assert train.main(["--from-features", "--events", "--check"]) == 0


def test_a_report_in_another_language_joins_its_event_through_the_learned_similarity():
    def linked(use_learned):
        db = Database(":memory:")
        link_all(db, [make("dam1", DAM_1, "2024-04-06"), make("election", ELECTION, "2024-04-06"),
                      russian("dam_ru", DAM_RU, "2024-04-07")], events_with(learned=use_learned))
        return events.event_of_article(db)

    event = linked(True)
    assert event["dam_ru"] == event["dam1"] != event["election"]
    event = linked(False)  # the hand score alone leaves it apart
    assert event["dam_ru"] not in (event["dam1"], event["election"])


def test_a_report_that_bridges_two_events_merges_them_and_their_threads():
    db = Database(":memory:")
    link_all(db, [make("dam1", DAM_1, "2024-04-06"), make("election", ELECTION, "2024-04-07")])
    event = events.event_of_article(db)
    dam, election = event["dam1"], event["election"]
    thread_of = links.thread_of_event(db)
    assert thread_of[dam] != thread_of[election]
    bound = learned.load_events().merge_threshold
    with db.transaction():  # below the merge probability nothing moves
        assert events._merge_bridged(db, election, "election", {dam: bound - 0.01}) == election
    assert events.event_of_article(db)["dam1"] != events.event_of_article(db)["election"]
    with db.transaction():
        kept = events._merge_bridged(db, election, "election", {dam: bound})
    assert kept == min(dam, election)
    after = events.event_of_article(db)
    assert after["dam1"] == after["election"] == kept
    assert [e["id"] for e in events.events(db)] == [kept]
    assert events.events(db)[0]["first_date"] == "2024-04-06" and events.events(db)[0]["last_date"] == "2024-04-07"
    assert len(threads.threads(db)) == 1
    merged = links.thread_merge_rows(db, threads.threads(db)[0]["id"])
    assert [r["article_id"] for r in merged] == ["election"]


def test_template_incidents_are_distinct_look_alikes():
    chosen = template_corpus.incidents(12)
    assert chosen == template_corpus.incidents(12)  # deterministic
    assert len({i.city for i in chosen}) == len({i.official for i in chosen}) == len(chosen)
    gaps = [(b.date - a.date).days for a, b in zip(chosen, chosen[1:])]
    assert min(gaps) >= template_corpus.MIN_DAYS_APART
    articles, gold = template_corpus.corpus(12)
    assert len(articles) == 12 * len(template_corpus.REPORTS)
    assert set(gold["events"].values()) == {i.label for i in chosen}
    assert {a["lang"] for a in articles} == {"en", "fr"}
    assert [a["published"] for a in articles] == sorted(a["published"] for a in articles)
    one_kind = [i.label for i in chosen if i.kind == chosen[0].kind]
    assert [one_kind[0], one_kind[1]] in gold["threads"]["cannot_link"]
    first = next(a for a in articles if a["id"] == chosen[0].label + "_en0")
    assert chosen[0].city in first["text"] and str(chosen[0].date.year) in first["text"]
    assert dt.date.fromisoformat(first["published"]) == chosen[0].date


def test_look_alike_incidents_stay_apart_and_their_reports_join():
    result = template_corpus.run(count=4)
    assert result["events"]["bcubed_f1"] == 1.0
    assert result["threads"]["cannot_link_ok"] == result["threads"]["cannot_link_total"]


# Written for this test: the same activist as ATTACK and ARRESTS, in another story.
PRIZE = ("The activist Ilka Moravec won the Brenov book prize for her memoir about growing up in the Karst Valley, "
         "the jury announced on Friday. Moravec, a critic of the mining companies, said she would give the prize "
         "money to a village library. The memoir has sold twenty thousand copies.")


def test_a_shared_name_is_not_a_story_the_attempt_and_the_arrests_years_later_are():
    def thread_of_article(story_check):
        db = Database(":memory:")
        link_all(db, [make("attack", ATTACK, "2021-05-02"), make("prize", PRIZE, "2023-03-10"),
                      make("arrests", ARRESTS, "2024-09-14")], threads_with(story_check=story_check))
        thread_of = threads.thread_of_event(db)
        return {name: thread_of[event] for name, event in events.event_of_article(db).items()}

    thread = thread_of_article(True)
    assert thread["attack"] == thread["arrests"] != thread["prize"]
    thread = thread_of_article(False)  # names and terms alone put the prize in the same thread
    assert thread["attack"] == thread["prize"]
