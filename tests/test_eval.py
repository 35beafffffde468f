"""The gold-file scorer: any corpus in the gold format, one line or one JSON object per section."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger.cli import main
from storyledger.evaluate.gold import _bcubed, score_boilerplate, score_duplicates, Run

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
    assert scores["copies"]["precision"] == 1.0  # no false copy links between different texts


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
