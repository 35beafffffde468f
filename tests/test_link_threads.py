"""Threads that began apart and are merged when a later report bridges them (invented reports)."""
import re

from storyledger import segment
from storyledger.dossier import build
from storyledger.link import events, threads
from storyledger.model import Analysis, Article, Mention, Sentence
from storyledger.settings import DEFAULT
from storyledger.store import links
from storyledger.store.db import Database

NAMES = {"Ilka Moravec": "PERSON", "Moravec": "PERSON", "Brenov": "GPE", "Portavia": "GPE",
         "Dren Halas": "PERSON", "Halas": "PERSON", "Sera Lint": "PERSON", "Halden Party": "ORG", "Marsland": "GPE"}

ATTACK = ("The activist Ilka Moravec said a gunman fired at her car outside her home in Brenov, in what she "
          "called an assassination attempt. Police in Brenov opened an investigation into the shooting. "
          "Moravec, a critic of the mining companies, was not hurt. Moravec said the attack on her car "
          "was meant to silence her campaign against the mining companies in Brenov.")
TRIAL = ("Three men went on trial in Portavia on Monday, accused of plotting a murder for hire. "
         "The prosecutor Dren Halas told the court the men had been paid to follow their target for weeks. "
         "The defendants denied the charges. Halas said the trial in Portavia would last a month.")
BRIDGE = ("Three men went on trial in Portavia on Tuesday, accused of plotting the murder of the activist "
          "Ilka Moravec, who survived an assassination attempt when a gunman fired at her car in Brenov. "
          "The prosecutor Dren Halas told the court the men had been paid to follow Moravec for weeks. "
          "Moravec, a critic of the mining companies in Brenov, attended the trial in Portavia.")
ELECTION = ("The Halden Party won the parliamentary election in Marsland, taking 41 percent of the vote, "
            "and its leader Sera Lint claimed victory in the capital. Turnout was low, and opposition "
            "parties said they would contest the count in two districts.")


def make(article_id, text, published):
    spans = segment.sentences(text, "en")
    article = Article(id=article_id, body=text, text=text, sentences=[Sentence(s, e, s, e) for s, e in spans],
                      lang="en", published=published, name=article_id)
    mentions = [Mention(m.start(), m.end(), name, type_, 0)
                for name, type_ in NAMES.items() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    return article, Analysis(article_id=article_id, mentions=mentions)


def link_all(db, items):
    for article, analysis in items:
        with db.transaction():
            links.ensure_article_row(db, article)
            features = events.article_features(article, analysis, db)
            events.link_article(db, article, analysis, features)
            threads.link_article(db, article, analysis, features)


def thread_of(db, article_id):
    return links.thread_of_article(db, article_id)


def test_a_report_that_bridges_two_threads_merges_them_into_the_older():
    db = Database(":memory:")
    link_all(db, [make("attack", ATTACK, "2021-05-03"), make("election", ELECTION, "2024-03-01"),
                  make("trial", TRIAL, "2024-03-04")])
    before = {a: thread_of(db, a) for a in ("attack", "election", "trial")}
    assert len(set(before.values())) == 3  # the first trial report names no one the attack report does

    link_all(db, [make("bridge", BRIDGE, "2024-03-05")])
    event = events.event_of_article(db)
    assert event["bridge"] == event["trial"]  # the bridging report is another report of the trial
    after = {a: thread_of(db, a) for a in ("attack", "election", "trial", "bridge")}
    assert after["trial"] == after["bridge"] == after["attack"] == before["attack"]
    assert after["election"] == before["election"]  # an unrelated story is untouched

    merge = links.thread_merge_rows(db, before["attack"])
    assert [(m["merged_thread"], m["article_id"]) for m in merge] == [(before["trial"], "bridge")]
    assert merge[0]["score"] >= DEFAULT.threads.merge_threshold
    assert links.thread_rows(db, [before["trial"]]) == {}
    assert [t["id"] for t in build.list_threads(db, 1)] == [f"t{before['attack']}"]  # latest activity first
    assert [t["id"] for t in build.list_threads(db, 1, 1)] == [f"t{before['election']}"]
    # the old id still leads to the story
    dossier = build.build_dossier(db, f"t{before['trial']}")
    assert dossier["id"] == f"t{before['attack']}"
    assert {e["id"] for e in dossier["events"]} == {f"e{event['attack']}", f"e{event['trial']}"}


def test_a_report_of_one_thread_merges_nothing():
    db = Database(":memory:")
    link_all(db, [make("attack", ATTACK, "2021-05-03"), make("election", ELECTION, "2024-03-01"),
                  make("election2", ELECTION.replace("41", "42"), "2024-03-02")])
    assert thread_of(db, "election") == thread_of(db, "election2") != thread_of(db, "attack")
    assert links.thread_merge_rows(db, thread_of(db, "attack")) == []
    assert links.thread_merge_rows(db, thread_of(db, "election")) == []


FLOOD = ("Heavy rain flooded the river valley north of Tarnhaven overnight, and rescuers evacuated two "
         "villages by boat. The regional water authority said the river would stay high for days.")


def test_a_thread_begun_after_a_merge_never_takes_the_merged_threads_id():
    db = Database(":memory:")
    link_all(db, [make("attack", ATTACK, "2021-05-03"), make("election", ELECTION, "2024-03-01"),
                  make("trial", TRIAL, "2024-03-04"), make("bridge", BRIDGE, "2024-03-05")])
    merged = links.thread_merge_rows(db, thread_of(db, "attack"))[0]["merged_thread"]
    assert merged == max(thread_of(db, a) for a in ("attack", "election")) + 1  # the newest id was merged

    link_all(db, [make("flood", FLOOD, "2024-03-06")])
    flood = thread_of(db, "flood")
    assert flood not in {merged, thread_of(db, "attack"), thread_of(db, "election")}
    dossier = build.build_dossier(db, f"t{flood}")  # its own story, not the one the merged id leads to
    assert dossier["id"] == f"t{flood}"
    assert [e["id"] for e in dossier["events"]] == [f"e{events.event_of_article(db)['flood']}"]
