"""The gold-file scorer: any corpus in the gold format, one line or one JSON object per section."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger.cli import main
from collections import Counter

from storyledger.evaluate.gold import (Run, _bcubed, copy_scores, date_right, dated_facts, entity_scores,
                                       score_boilerplate, score_duplicates, shown_claim, summary_line,
                                       thread_scores)

DEMO = Path(__file__).resolve().parents[1] / "storyledger" / "demo"


def test_bcubed_perfect_split_and_lumped():
    gold = {"a": "x", "b": "x", "c": "y"}
    assert _bcubed(gold, {"a": 1, "b": 1, "c": 2}) == (1.0, 1.0)
    precision, recall = _bcubed(gold, {"a": 1, "b": 1, "c": 1})
    assert recall == 1.0 and precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_boilerplate_and_duplicates_scores(tmp_path):
    from storyledger.model import Article
    run = Run(db=None, articles={"a": Article(id="1", body="", text="Kept text. Kept text.")})
    assert score_boilerplate([{"article": "a", "text": "Share"}, {"article": "a", "text": "Kept"}], run) \
        == {"removed": 1, "total": 2}
    assert score_duplicates([{"article": "a", "text": "Kept text"}], run) == {"collapsed": 0, "total": 1}
    assert run.misses["boilerplate"] and run.misses["duplicates"]


# --- the scorer on hand-built runs (FORMAT.md as written) ---------------------------------------

PEOPLE = [{"name": "Petra Voss", "type": "PERSON", "aliases": ["Petra Voss", "Voss", "Councillor Voss"]},
          {"name": "Lindau Police", "type": "ORG", "aliases": ["Lindau Police", "the police of Lindau"]}]


def test_an_empty_run_scores_zero_recall_and_null_precision():
    run = Run(db=None)
    entities = entity_scores(PEOPLE, {}, run)
    assert entities["recall"] == 0.0 and entities["precision"] is None and entities["f1"] == 0.0
    assert entities["aliases_found"] == 0 and len(run.misses["entities"]) == 5
    copies = copy_scores([{"articles": ["a", "b"], "origin": "AP"}], [], {"a", "b"}, run)
    assert copies["recall"] == 0.0 and copies["precision"] is None and copies["f1"] == 0.0
    assert copies["origin_correct"] == 0 and copies["origin_total"] == 1
    assert "precision=n/a" in summary_line("copies", copies)
    assert json.loads(json.dumps(copies))["precision"] is None


def test_an_entity_split_in_two_loses_recall_and_counts_a_split():
    whole = {"petra voss": Counter({"1": 3}), "voss": Counter({"1": 5}), "councillor voss": Counter({"1": 1}),
             "lindau police": Counter({"2": 2}), "police of lindau": Counter({"2": 1})}
    assert entity_scores(PEOPLE, whole, Run(db=None))["recall"] == 1.0
    # "Voss" mostly resolved to a second entity 3: it stands for 3, and Petra Voss is split
    split = {**whole, "voss": Counter({"3": 4, "1": 1})}
    run = Run(db=None)
    scores = entity_scores(PEOPLE, split, run, {"1": "Petra Voss", "3": "Voss"})
    assert scores["recall"] == 0.5 and scores["precision"] == 1.0  # 2 of 4 true pairs kept
    assert scores["split"] == 1 and scores["wrong_merges"] == 0
    assert any("split: 'Petra Voss'" in m and "'Voss'" in m for m in run.misses["entities"])


def test_an_alias_stands_for_the_entity_with_most_of_its_mentions_ties_to_the_lowest_id():
    mentions = {"petra voss": Counter({"7": 2, "2": 2}), "voss": Counter({"2": 1}),
                "councillor voss": Counter({"2": 1}), "lindau police": Counter({"2": 9}),
                "police of lindau": Counter({"2": 1})}
    run = Run(db=None)
    scores = entity_scores(PEOPLE, mentions, run)
    assert scores["recall"] == 1.0 and scores["wrong_merges"] == 1  # the police merged into Petra Voss
    assert scores["precision"] == pytest.approx(4 / 10)
    assert any("wrong merge" in m for m in run.misses["entities"])


def _dossier(*facts, claims=()) -> dict:
    """A JSON dossier with timeline facts (date, article, sentence) and claim rows."""
    def evidence(article, text):
        return {"article": article, "start": 100, "end": 100 + len(text), "text": text}
    return {"timeline": [{"date": date, "kind": "happening",
                          "sources": [{"article": article, "evidence": evidence(article, text)}]}
                         for date, article, text in facts],
            "claims": [{"id": "c1", "evidence": [{**evidence(article, text), "content": content, "speaker": "S",
                                                  "channel": None, "status": "denied"}]}
                       for article, text, content in claims]}


def test_an_undated_fact_is_not_found_and_a_date_is_right_at_the_gold_granularity():
    sentence = "The suspects were charged on 16 October 2025 in Warsaw."
    assert dated_facts("charged on 16 October", "a1", _dossier(("2025-10-16", "a1", sentence))) == ["2025-10-16"]
    assert dated_facts("charged on 16 October", "a1", _dossier((None, "a1", sentence))) == []
    assert dated_facts("charged on 16 October", "a1", _dossier(("2025-10-16", "a2", sentence))) == []
    # shown only as a claim, not on the timeline: no dated fact
    assert dated_facts("charged", "a1", _dossier(claims=[("a1", sentence, [100, 130])])) == []
    assert date_right("2025-10-16", "2025-10") and date_right("2025-10", "2025-10")
    assert not date_right("2025", "2025-10") and not date_right("2025-10-17", "2025-10-16")


def test_a_claim_is_found_only_as_a_shown_row_with_content():
    sentence = "Kyiv has denied any involvement in the blasts, a spokesman said."
    dossier = _dossier(claims=[("a1", sentence, [100, 145])])
    assert shown_claim("denied any involvement", "a1", dossier)["status"] == "denied"
    assert shown_claim("denied any involvement", "a2", dossier) is None
    # the evidence need not lie inside the content: "Kyiv has denied" is before it
    assert shown_claim("Kyiv has", "a1", _dossier(claims=[("a1", sentence, [120, 145])])) is not None
    assert shown_claim("denied any involvement", "a1", _dossier(claims=[("a1", sentence, [100, 100])])) is None


GOLD_EVENTS = {"a1": "A", "a2": "A", "b1": "B", "c1": "C"}


def test_a_must_link_pair_whose_event_is_spread_over_two_threads_fails():
    pairs = {"must_link": [["A", "B"]], "cannot_link": [["A", "C"]]}
    together = {"a1": "t1", "a2": "t1", "b1": "t1", "c1": "t2"}
    assert thread_scores(pairs, GOLD_EVENTS, together, Run(db=None)) == {
        "must_link_ok": 1, "must_link_total": 1, "cannot_link_ok": 1, "cannot_link_total": 1}
    run = Run(db=None)
    spread = {**together, "a2": "t3"}  # the majority of A's articles is still with B in t1
    assert thread_scores(pairs, GOLD_EVENTS, spread, run)["must_link_ok"] == 0
    assert run.misses["threads"] == ["must-link A-B: spread over t1, t3"]


def test_a_cannot_link_pair_fails_when_one_article_shares_a_thread_and_no_thread_is_its_own():
    pairs = {"must_link": [["A", "B"]], "cannot_link": [["A", "C"]]}
    leaking = {"a1": "t1", "a2": "t2", "b1": "t1", "c1": "t2"}
    scores = thread_scores(pairs, GOLD_EVENTS, leaking, Run(db=None))
    assert scores["cannot_link_ok"] == 0 and scores["must_link_ok"] == 0
    # an article in no thread is a thread of its own: A alone is not "together" with B
    alone = {"a1": "t1", "b1": "t1", "c1": "t2"}
    assert thread_scores(pairs, GOLD_EVENTS, alone, Run(db=None))["must_link_ok"] == 0


def test_copy_origin_is_the_origin_of_the_group_holding_most_of_the_gold_group():
    gold = [{"articles": ["a", "b", "c"], "origin": "AFP"}]
    predicted = [{"articles": ["a"], "origin": "AFP"}, {"articles": ["b", "c"], "origin": "Reuters"}]
    run = Run(db=None)
    scores = copy_scores(gold, predicted, {"a", "b", "c"}, run)
    assert scores["precision"] == 1.0 and scores["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["origin_correct"] == 0 and any("origin 'Reuters'" in m for m in run.misses["copies"])


def jsonl_corpus(tmp_path) -> Path:
    """The demo's .txt reports as one .jsonl corpus, with an extra field the pipeline must ignore."""
    corpus = DEMO / "corpus"
    lines = []
    for meta in map(json.loads, (corpus / "metadata.jsonl").read_text().splitlines()):
        text = (corpus / meta["file"]).read_text()
        lines.append(json.dumps({"id": meta["file"], "url": meta["url"], "outlet": meta["outlet"],
                                 "lang": meta["lang"], "published": meta["published"], "title": None,
                                 "text": text, "label": "sabotage-2024"}))
    path = tmp_path / "demo.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_eval_on_a_jsonl_corpus_prints_json_scores(tmp_path, capsys):
    gold = json.loads((DEMO / "demo.gold.json").read_text())
    names = {json.loads(line)["id"] for line in jsonl_corpus(tmp_path).read_text().splitlines()}
    gold["events"] = {k: v for k, v in gold["events"].items() if k in names}
    for section in ("claims", "timeline", "boilerplate"):
        gold[section] = [row for row in gold[section] if row["article"] in names]
    gold["copies"] = []
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    assert main(["eval", str(tmp_path / "demo.jsonl"), "--gold", str(tmp_path / "gold.json"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) >= {"boilerplate", "entities", "claims", "timeline", "events", "threads", "copies"}
    assert scores["boilerplate"] == {"removed": 2, "total": 2}
    assert scores["events"]["bcubed_f1"] == 1.0
    assert scores["threads"]["must_link_ok"] == 1
    assert scores["timeline"]["found"] == scores["timeline"]["total"]
    # no copy link at all between different texts: nothing predicted, so precision is null
    assert scores["copies"]["precision"] is None and scores["copies"]["f1"] == 0.0


def test_eval_rejects_a_gold_file_naming_unknown_articles(tmp_path, capsys):
    (tmp_path / "gold.json").write_text(json.dumps({"boilerplate": [{"article": "nope.txt", "text": "x"}]}))
    with pytest.raises(SystemExit):
        main(["eval", str(DEMO / "corpus"), "--gold", str(tmp_path / "gold.json")])
    assert "nope.txt" in capsys.readouterr().err


def test_eval_missing_corpus_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["eval", str(tmp_path / "none"), "--gold", str(DEMO / "demo.gold.json")])
    assert "no such corpus" in capsys.readouterr().err


def test_eval_never_reuses_or_overwrites_an_existing_keep_db(tmp_path, capsys):
    kept = tmp_path / "kept.db"
    kept.write_bytes(b"someone's store")
    with pytest.raises(SystemExit):
        main(["eval", str(DEMO / "corpus"), "--gold", str(DEMO / "demo.gold.json"), "--keep-db", str(kept)])
    assert "already exists" in capsys.readouterr().err
    assert kept.read_bytes() == b"someone's store"
