"""Translations as copies, and claims grouped across languages, on an invented corpus.

tests/data/translations/corpus holds twelve invented wire reports in English with
faithful translations (fr, de, es, ru), independent reports of the same happenings
in another language (same names and numbers, other sentences: not copies) and
unrelated reports; translations.gold.json says which are copies and which claims
state the same thing.
"""
import itertools
import json
from pathlib import Path

import pytest

from storyledger.store import articles as store
from storyledger.evaluate.gold import evaluate
from storyledger.link import copies
from storyledger.store import links
from storyledger.store.db import Database

HERE = Path(__file__).parent / "data" / "translations"
CORPUS = str(HERE / "corpus")
GOLD = str(HERE / "translations.gold.json")


def claim_group_scores(db: Database, gold_groups: list[list[dict]], articles: dict, verbose: bool = False) -> dict:
    """Pairwise precision/recall of claim grouping over the gold claims the pipeline found.

    A gold claim (article name, evidence substring) is found when a stored claim's evidence
    sentence contains the substring; two found claims are together when they share a group."""
    rows = links.claim_rows(db)
    found = []  # (gold group index, label, set of pipeline group ids)
    for index, group in enumerate(gold_groups):
        for claim in group:
            article = articles[claim["article"]]
            at = article.text.index(claim["evidence"])
            groups = {r["group_id"] for r in rows
                      if r["article_id"] == article.id and r["sentence_start"] <= at < r["sentence_end"]}
            if groups:
                found.append((index, f"{claim['article']}:{claim['evidence'][:30]}", groups))
            elif verbose:
                print("  not found:", claim["article"], claim["evidence"])
    gold_pairs = predicted = hits = 0
    for (ga, la, pa), (gb, lb, pb) in itertools.combinations(found, 2):
        same_gold, together = ga == gb, bool(pa & pb)
        gold_pairs += same_gold
        predicted += together
        hits += same_gold and together
        if verbose and same_gold != together:
            print(f"  {'missed' if same_gold else 'wrong '}: {la} | {lb}")
    total = sum(len(g) for g in gold_groups)
    return {"found": len(found), "total": total,
            "precision": round(hits / predicted, 4) if predicted else 1.0,
            "recall": round(hits / gold_pairs, 4) if gold_pairs else 1.0}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The whole pipeline over the corpus once: (eval scores, database, articles by corpus name)."""
    db_path = tmp_path_factory.mktemp("translations") / "run.db"
    scores = evaluate(CORPUS, GOLD, str(db_path))
    db = Database(db_path)
    articles = {a.name: a for a in (store.get_article(db, r["id"]) for r in store.list_articles(db))}
    yield scores, db, articles
    db.close()


def test_translations_are_copies_and_independent_reports_are_not(run):
    scores, db, articles = run
    assert scores["copies"]["precision"] == 1.0
    # pairs come from the copy groups: a story in three languages is 3 pairs from its 2 links
    assert scores["copies"]["recall"] == 1.0
    assert scores["copies"]["origin_correct"] == scores["copies"]["origin_total"] == 3
    name = {a.id: n for n, a in articles.items()}
    predicted = [sorted(name[i] for i in g["articles"]) for g in copies.copy_groups(db)]
    gold = [sorted(g["articles"]) for g in json.loads(Path(GOLD).read_text(encoding="utf-8"))["copies"]]
    assert sorted(predicted) == sorted(gold)


def test_translated_sentences_are_aligned_in_order(run):
    _, db, articles = run
    (link,) = [c for c in copies.copy_links(db) if c["article"] == articles["s04_ru.txt"].id]
    assert link["copy_of"] == articles["s04_en.txt"].id and link["method"] == "translation"
    russian, english = articles["s04_ru.txt"].text, articles["s04_en.txt"].text
    pairs = [(russian[slice(*a["article"])], english[slice(*a["copy_of"])]) for a in link["aligned"]]
    assert any("Громцев" in ru and "Gromtsev" in en and "27" in ru and "27" in en for ru, en in pairs)
    assert [a["copy_of"] for a in link["aligned"]] == sorted(a["copy_of"] for a in link["aligned"])


def test_claims_group_across_languages_without_wrong_merges(run):
    _, db, articles = run
    gold = json.loads(Path(GOLD).read_text(encoding="utf-8"))["claim_groups"]
    scores = claim_group_scores(db, gold, articles)
    assert scores["found"] >= 55
    assert scores["precision"] == 1.0
    # word overlap alone groups 2 of 35 pairs; misses left: paraphrases in independent
    # reports, and sentences with two claims whose content spans attribution got wrong
    assert scores["recall"] >= 0.7


def test_claims_are_found_with_their_speaker_in_every_language(run):
    scores, _, _ = run
    claims = scores["claims"]
    assert claims["found"] == claims["total"] == 66
    assert claims["speaker_correct"] >= 64 and claims["status_correct"] >= 64  # 66 and 66 at f6560af


def test_reports_of_one_happening_in_several_languages_are_one_event_and_stories_of_one_kind_stay_apart(run):
    scores, _, _ = run
    assert scores["events"]["bcubed_precision"] == 1.0  # the unrelated x* reports join nothing
    assert scores["events"]["bcubed_recall"] >= 0.95  # 1.0 when written: independent reports across languages
    assert scores["threads"]["cannot_link_ok"] == scores["threads"]["cannot_link_total"] == 7


def test_timeline_dates_in_every_language(run):
    scores, _, _ = run
    timeline = scores["timeline"]
    assert timeline["found"] == timeline["total"] == 10
    assert timeline["date_correct"] >= 9  # 10 when written (8 before dateparser read de/es/ru)
