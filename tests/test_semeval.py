"""The SemEval-2022 T8 runner and the learned event similarity, on texts written for these tests."""
import csv
import json

import pytest

from storyledger.evaluate import bench_semeval
from storyledger.evaluate.bench_semeval import Pair
from storyledger.link import events, learned, train

DAM_EN = ("The Tovar Dam near Brenov burst on Saturday night, flooding villages in the Karst Valley. "
          "Rescue teams searched flooded houses for 14 missing people as the water rose. "
          "Officials said heavy rain had weakened the dam wall.")
DAM_FR = ("Le barrage de Tovar près de Brenov a cédé samedi soir, inondant des villages de la vallée du Karst. "
          "Les secours ont fouillé les maisons inondées à la recherche de 14 disparus alors que l'eau montait. "
          "Selon les autorités, de fortes pluies avaient affaibli la paroi du barrage.")
ELECTION = ("The Halden Party won the parliamentary election in Portavia, taking 41 percent of the vote. "
            "Its leader Sera Lint claimed victory in the capital on Sunday evening. "
            "Opposition parties said they would contest the count in two districts.")
MUSEUM = ("A new museum of modern glass art opened in the old harbour district of Velmora this week. "
          "Visitors queued for hours to see the collection of Venetian and Bohemian pieces. "
          "The curator said the building had been a customs house for two centuries.")


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["pair_id", "lang1", "lang2", "text1", "text2", "Overall"])
        writer.writeheader()
        for pair_id, (lang1, lang2, text1, text2, overall) in enumerate(rows):
            writer.writerow({"pair_id": f"p{pair_id}", "lang1": lang1, "lang2": lang2, "text1": text1,
                             "text2": text2, "Overall": overall})


def test_score_flips_the_sign_and_splits_by_language_pair():
    pairs = [Pair("a", "en", "en", 1.0), Pair("b", "en", "en", 4.0), Pair("c", "en", "en", 2.0),
             Pair("d", "de", "en", 3.0), Pair("e", "de", "en", 1.5), Pair("f", "de", "en", 4.0)]
    similarity = [0.9, 0.1, 0.6, 0.3, 0.8, 0.0]  # falls as Overall rises: a good similarity
    decisions = [True, False, False, False, True, True]
    result = bench_semeval.score(pairs, similarity, decisions)
    assert result["pearson"] > 0.9 and result["n"] == 6
    assert set(result["per_pair"]) == {"en-en", "de-en"} and result["per_pair"]["de-en"]["n"] == 3
    # gold same event (Overall <= 2): a, c, e; predicted: a, e, f
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["recall"] == pytest.approx(2 / 3, abs=1e-4)


def test_runner_scores_a_csv_and_prints_one_json_object(tmp_path, capsys):
    path = tmp_path / "pairs.csv"
    write_csv(path, [("en", "fr", DAM_EN, DAM_FR, 1.0), ("en", "en", DAM_EN, ELECTION, 4.0),
                     ("en", "en", ELECTION, MUSEUM, 4.0), ("fr", "en", DAM_FR, MUSEUM, 3.5)])
    bench_semeval.main([str(path), "--json", "--no-cv"])
    result = json.loads(capsys.readouterr().out)
    assert {"pearson", "per_pair", "precision", "recall", "n"} <= set(result)
    assert result["n"] == 4 and set(result["per_pair"]) == {"en-fr", "en-en", "fr-en"}
    assert result["fitted_on_this_file"] is False
    # the translation is the one same-story pair, and the learned score puts it first
    assert result["pearson"] > 0.5
    assert result["recall"] == 1.0


def test_runner_refuses_a_missing_csv_in_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        bench_semeval.main([str(tmp_path / "none.csv")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("storyledger: error:") and err.count("\n") == 1


def test_learned_similarity_reads_its_parameters_without_scikit_learn():
    model = learned.load()
    assert model.features == learned.FEATURES and len(model.knots) == len(model.values) == len(model.features)
    assert all(list(k) == sorted(k) and len(k) == len(v) for k, v in zip(model.knots, model.values))
    assert 0.05 <= model.threshold <= 0.95
    # the encoder's reading of the leads counts for "same story"
    low = dict.fromkeys(model.features, 0.0)
    high = {**low, "lead_cosine": 0.9, "text_cosine": 0.9, "sentence_match": 0.7}
    assert model.probability(high) > model.probability(low)


def test_a_translation_is_the_same_story_and_another_story_is_not():
    views = {}
    for name, text, lang in (("en", DAM_EN, "en"), ("fr", DAM_FR, "fr"), ("election", ELECTION, "en")):
        article = bench_semeval.build_article(name, text, lang)
        views[name] = learned.report_view(article, bench_semeval.analyse(article))
    idf = events.document_idf([v.event_features for v in views.values()])
    model = learned.load()
    translation = learned.pair_features(views["en"], views["fr"], idf)
    other = learned.pair_features(views["en"], views["election"], idf)
    assert set(translation) == set(learned.FEATURES)
    assert translation["number_overlap"] == 1.0 and translation["same_language"] == 0.0
    assert model.same_event(translation) and not model.same_event(other)


def test_pair_score_is_the_event_score_of_one_report_against_another():
    one = bench_semeval.build_article("one", DAM_EN, "en")
    two = bench_semeval.build_article("two", ELECTION, "en")
    features = [events.article_features(a, None) for a in (one, two)]
    idf = events.document_idf(features)
    assert events.pair_score(features[0], features[0], idf) == pytest.approx(1.0, abs=1e-6)
    assert events.pair_score(features[0], features[1], idf) < 0.1


@pytest.mark.skipif(not train.FEATURES_FILE.exists(), reason="no feature table")
def test_retraining_from_the_feature_table_gives_the_shipped_file(tmp_path):
    assert train.main(["--from-features", "--check"]) == 0
    out = tmp_path / "event_linker.json"
    assert train.main(["--from-features", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == learned.PARAMETERS.read_text(encoding="utf-8")
    shipped = json.loads(out.read_text(encoding="utf-8"))
    assert shipped["cross_validated"]["semeval_5_fold"]["n"] == shipped["trained_on"]["semeval_pairs"]


def test_the_feature_table_holds_numbers_not_texts():
    rows = train.read_features()
    assert {r["source"] for r in rows} <= {"semeval", "ecbplus"}
    assert all(set(r) == set(train.COLUMNS) for r in rows)
    assert max(len(r["pair"]) for r in rows) < 80  # ids, never article text


def test_interpolate_is_linear_between_knots_and_flat_beyond():
    assert learned.interpolate(0.5, (0.0, 1.0), (0.0, 2.0)) == 1.0
    assert learned.interpolate(-3.0, (0.0, 1.0), (0.5, 2.0)) == 0.5
    assert learned.interpolate(7.0, (0.0, 1.0), (0.5, 2.0)) == 2.0


def test_ecbplus_pair_sample_is_fixed_and_holds_both_kinds():
    gold = ["1ecb"] * 4 + ["1ecbplus"] * 3 + ["2ecb"] * 3
    pairs = train.ecbplus_pairs(gold)
    assert pairs == train.ecbplus_pairs(gold)
    assert any(gold[i] == gold[j] for i, j in pairs) and any(gold[i] != gold[j] for i, j in pairs)
