"""Fit the learned event similarity: `python -m storyledger.link.train [--from-features] [--check]`.

1. Feature rows (link/learned.py `pair_features`) of every SemEval-2022 T8
   training pair (../shared/bench/semeval2022-t8/training_set.csv) and of a
   fixed sample of ECB+ document pairs (../shared/bench/ecbplus: pairs of one
   event, pairs of the two look-alike events of one topic, pairs across
   topics), written to storyledger/data/event_linker_features.csv.gz (numbers
   only, no text). `--from-features` starts from that file instead: seconds,
   not the half hour of reading and encoding the texts.
2. A logistic regression (scikit-learn) over piecewise-linear functions of
   the features (knots at quantiles, one hat function per knot: an additive
   model, read back without scikit-learn as knots and values). A SemEval pair is "same story" to
   the degree its annotators said so: Overall 1 is a positive, 4 a negative,
   2.5 half of each (a soft label, as two weighted rows), so the logit follows
   the graded human score; an ECB+ pair is a positive when both documents
   report one event.
3. The same-event threshold: the probability that gives the best F1 on the
   training rows (SemEval Overall <= 2, ECB+ same event).
4. Cross-validated figures, never on fitted rows: 5-fold on the SemEval pairs
   (each fold's model fitted on the other folds plus ECB+), and ECB+ split by
   topic (5 groups of topics, each scored by a model fitted on SemEval plus
   the other topics), threshold chosen inside each fold.

Writes storyledger/data/event_linker.json; `--check` compares instead and
exits 1 when the file would change.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import random
import re
import sys
from pathlib import Path

from storyledger.link import learned
from storyledger.paths import shared, shown

FEATURES_FILE = learned.PARAMETERS.with_name("event_linker_features.csv.gz")
SEMEVAL = shared("bench", "semeval2022-t8", "training_set.csv")
ECBPLUS = shared("bench", "ecbplus")
SEED = 15
ECB_PAIRS_PER_TOPIC = 25  # of each kind: same event, the topic's other event
ECB_CROSS_TOPIC_PAIRS = 400
# An ECB+ pair counts 0.03 of a SemEval pair. ECB+ asks "same event?" (two look-alike events of one
# topic are apart), SemEval "same story?". Cross-validated (--ecb-weight W), SemEval Pearson / ECB+
# held-out pair F1: W=0 0.753 / 0.731, 0.03 0.747 / 0.758, 0.1 0.728 / 0.788, 0.25 0.696 / 0.820,
# 0.5 0.665 / 0.829.
ECB_WEIGHT = 0.03
# The event linker's model (--events) decides "same event?", which both data sets ask in their own
# way (SemEval Overall <= 2, ECB+ same event): its ECB+ weight is the one whose two held-out
# same-event F1 figures have the best mean. Grid (--ecb-weight W), SemEval 5-fold F1 / ECB+
# by-topic F1 / mean: 0.03 0.757 / 0.758 / 0.758, 0.1 0.727 / 0.788 / 0.758,
# 0.25 0.726 / 0.820 / 0.773, 0.5 0.701 / 0.829 / 0.765, 1.0 0.696 / 0.841 / 0.768.
EVENT_ECB_WEIGHT = 0.25
# A merge joins every report of two events: it asks for the probability from which the model's
# same-event precision on its training rows reaches this
MERGE_PRECISION = 0.95
REGULARISATION = 1.0  # scikit-learn's C
KNOTS = 6  # per feature, at quantiles
FOLDS = 5
DIGITS = 6


# --- feature rows -----------------------------------------------------------------

def semeval_rows(path: str = SEMEVAL, cache: str | None = None) -> list[dict]:
    from storyledger.evaluate import bench_semeval

    pairs, rows = bench_semeval.pair_rows(path, cache=cache)
    return [{"source": "semeval", "pair": p.pair_id, "group": f"{p.lang1}-{p.lang2}", "overall": p.overall,
             "same": int(p.overall <= bench_semeval.SAME_EVENT_OVERALL), **row} for p, row in zip(pairs, rows)]


def ecbplus_rows(path: str = ECBPLUS, cache: str | None = None) -> list[dict]:
    from storyledger.evaluate import bench_ecbplus
    from storyledger.link import events

    documents = bench_ecbplus.load_documents(path)
    articles = [bench_ecbplus.build_article(d) for d in documents]
    analyses, _ = bench_ecbplus.analysed(articles, cache)
    pairs = ecbplus_pairs([d["gold"] for d in documents])
    needed = sorted({i for pair in pairs for i in pair})
    views = {i: learned.report_view(articles[i], analyses[i]) for i in needed}
    idf = events.document_idf([events.article_features(a, x) for a, x in zip(articles, analyses)])
    return [{"source": "ecbplus", "pair": f"{documents[i]['name']}|{documents[j]['name']}",
             "group": str(bench_ecbplus.topic_of(documents[i]["gold"])), "overall": None,
             "same": int(documents[i]["gold"] == documents[j]["gold"]),
             **learned.pair_features(views[i], views[j], idf)} for i, j in pairs]


def ecbplus_pairs(gold: list[str]) -> list[tuple[int, int]]:
    """A fixed sample: per topic, pairs of one event and pairs of its two events; pairs across topics."""
    from storyledger.evaluate.bench_ecbplus import topic_of

    rng = random.Random(SEED)
    topics: dict[int, list[int]] = {}
    for i, event in enumerate(gold):
        topics.setdefault(topic_of(event), []).append(i)
    pairs = []
    for members in topics.values():
        inside = [(i, j) for n, i in enumerate(members) for j in members[n + 1:]]
        for same in (True, False):
            kind = [(i, j) for i, j in inside if (gold[i] == gold[j]) == same]
            pairs += rng.sample(kind, min(ECB_PAIRS_PER_TOPIC, len(kind)))
    chosen = set(pairs)
    across = len(gold) * (len(gold) - 1) // 2 - sum(len(m) * (len(m) - 1) // 2 for m in topics.values())
    while len(chosen) < len(pairs) + min(ECB_CROSS_TOPIC_PAIRS, across):
        i, j = sorted(rng.sample(range(len(gold)), 2))
        if topic_of(gold[i]) != topic_of(gold[j]):
            chosen.add((i, j))
    return sorted(chosen)


COLUMNS = ("source", "pair", "group", "overall", "same") + learned.FEATURES


def write_features(rows: list[dict], path: Path = FEATURES_FILE) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (round(row[k], 4) if isinstance(row[k], float) else row[k]) for k in COLUMNS})
    # mtime 0: the same rows give the same bytes
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))


def read_features(path: Path = FEATURES_FILE) -> list[dict]:
    text = gzip.decompress(Path(path).read_bytes()).decode("utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        rows.append({**row, "overall": float(row["overall"]) if row["overall"] else None,
                     "same": int(row["same"]), **{k: float(row[k]) for k in learned.FEATURES}})
    return rows


# --- fitting ------------------------------------------------------------------------

def training_set(rows: list[dict], ecb_weight: float = ECB_WEIGHT):
    """(X, y, weights): SemEval pairs as soft labels (two weighted rows), ECB+ pairs as hard ones."""
    import numpy as np

    x, y, w = [], [], []
    for row in rows:
        vector = [row[k] for k in learned.FEATURES]
        if row["source"] == "semeval":
            same = (4.0 - row["overall"]) / 3.0
            for label, weight in ((1, same), (0, 1.0 - same)):
                if weight > 0:
                    x.append(vector), y.append(label), w.append(weight)
        else:
            x.append(vector), y.append(row["same"]), w.append(ecb_weight)
    return np.array(x), np.array(y), np.array(w)


def fit(rows: list[dict], ecb_weight: float = ECB_WEIGHT) -> learned.LearnedSimilarity:
    """Knots at quantiles of each feature, one hat function per knot (so each feature's
    contribution is piecewise linear), a logistic regression over all hats."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y, w = training_set(rows, ecb_weight)
    knots = [tuple(float(k) for k in np.unique(np.round(np.quantile(x[:, i], np.linspace(0, 1, KNOTS)), 4)))
             for i in range(x.shape[1])]
    regression = LogisticRegression(C=REGULARISATION, max_iter=10000).fit(hats(x, knots), y, sample_weight=w)
    values, start = [], 0
    for feature_knots in knots:
        values.append(tuple(round(float(c), DIGITS) for c in regression.coef_[0][start:start + len(feature_knots)]))
        start += len(feature_knots)
    model = learned.LearnedSimilarity(features=learned.FEATURES, knots=tuple(knots), values=tuple(values),
                                      intercept=round(float(regression.intercept_[0]), DIGITS), threshold=0.5)
    return learned.LearnedSimilarity(**{**model.__dict__, "threshold": best_threshold(model, rows),
                                        "merge_threshold": precise_threshold(model, rows)})


def hats(x, knots: list[tuple[float, ...]]):
    """Each feature column as one column per knot: 1 at the knot, falling linearly to 0 at the next ones."""
    import numpy as np

    columns = []
    for i, feature_knots in enumerate(knots):
        for j in range(len(feature_knots)):
            columns.append(np.interp(x[:, i], feature_knots, np.eye(len(feature_knots))[j]))
    return np.column_stack(columns)


def best_threshold(model: learned.LearnedSimilarity, rows: list[dict]) -> float:
    """The probability, on a 0.01 grid, with the best same-event F1 over `rows`."""
    scored = [(model.probability(r), bool(r["same"])) for r in rows]
    best = (-1.0, 0.5)
    for step in range(5, 96):
        threshold = step / 100
        best = max(best, (_f1(scored, threshold), -threshold))
    return -best[1]


def precise_threshold(model: learned.LearnedSimilarity, rows: list[dict], precision: float = MERGE_PRECISION) -> float:
    """The lowest probability, on a 0.01 grid, from which the same-event precision over `rows` reaches `precision`."""
    scored = [(model.probability(r), bool(r["same"])) for r in rows]
    for step in range(5, 100):
        threshold = step / 100
        chosen = [same for p, same in scored if p >= threshold]
        if chosen and sum(chosen) / len(chosen) >= precision:
            return threshold
    return 1.0


def _f1(scored: list[tuple[float, bool]], threshold: float) -> float:
    both = sum(p >= threshold and g for p, g in scored)
    predicted, gold = sum(p >= threshold for p, _ in scored), sum(g for _, g in scored)
    return 2 * both / (predicted + gold) if predicted + gold else 0.0


# --- cross-validation ---------------------------------------------------------------

def cross_validate(rows: list[dict], ecb_weight: float = ECB_WEIGHT) -> dict:
    """5-fold on SemEval (with all ECB+ in every training fold), ECB+ by topic (with all SemEval)."""
    semeval = [r for r in rows if r["source"] == "semeval"]
    ecb = [r for r in rows if r["source"] == "ecbplus"]
    return {"semeval_5_fold": _semeval_folds(semeval, ecb, ecb_weight),
            "ecbplus_by_topic": _ecb_folds(ecb, semeval, ecb_weight)}


def cross_validated_semeval(pairs: list, feature_rows: list[dict], extra: list[dict] | None = None) -> dict:
    """5-fold figures over pairs of any SemEval CSV, for the runner (ECB+ rows of the shipped
    feature table join every training fold when present)."""
    rows = [{"source": "semeval", "pair": p.pair_id, "group": f"{p.lang1}-{p.lang2}", "overall": p.overall,
             "same": int(p.overall <= 2.0), **r} for p, r in zip(pairs, feature_rows)]
    if extra is None:
        extra = [r for r in read_features() if r["source"] == "ecbplus"] if FEATURES_FILE.exists() else []
    return _semeval_folds(rows, extra)


def _semeval_folds(semeval: list[dict], extra: list[dict], ecb_weight: float = ECB_WEIGHT) -> dict:
    from storyledger.evaluate.bench_semeval import Pair, score

    order = list(range(len(semeval)))
    random.Random(SEED).shuffle(order)
    fold_of = {i: n % FOLDS for n, i in enumerate(order)}
    logits, decisions = [0.0] * len(semeval), [False] * len(semeval)
    for fold in range(FOLDS):
        model = fit([r for i, r in enumerate(semeval) if fold_of[i] != fold] + extra, ecb_weight)
        for i in (i for i in order if fold_of[i] == fold):
            logits[i], decisions[i] = model.logit(semeval[i]), model.same_event(semeval[i])
    pairs = [Pair(r["pair"], *r["group"].split("-"), r["overall"]) for r in semeval]
    return {**score(pairs, logits, decisions), "folds": FOLDS, "seed": SEED}


def _ecb_folds(ecb: list[dict], extra: list[dict], ecb_weight: float = ECB_WEIGHT) -> dict:
    from storyledger.evaluate.bench_semeval import decision_scores

    topics = sorted({r["group"] for r in ecb}, key=int)
    fold_of = {topic: n % FOLDS for n, topic in enumerate(topics)}
    decisions = []
    for fold in range(FOLDS):
        model = fit([r for r in ecb if fold_of[r["group"]] != fold] + extra, ecb_weight)
        decisions += [(model.same_event(r), bool(r["same"])) for r in ecb if fold_of[r["group"]] == fold]
    return {"pairs": len(ecb), **decision_scores([g for _, g in decisions], [p for p, _ in decisions]),
            "folds": FOLDS, "split": "topics in 5 groups (topic order, round robin)"}


# --- the parameter file -------------------------------------------------------------

def parameters(rows: list[dict], ecb_weight: float = ECB_WEIGHT,
               command: str = "python -m storyledger.link.train") -> dict:
    model = fit(rows, ecb_weight)
    semeval = [r for r in rows if r["source"] == "semeval"]
    return {
        "model": f"logistic regression (scikit-learn, C={REGULARISATION}) over piecewise-linear functions of the features: p = 1 / (1 + exp(-(intercept "
                 "+ sum of f_i(x_i)))), f_i linear between its knots (values given at each knot), flat beyond",
        "command": command,
        "features": list(model.features), "knots": [list(k) for k in model.knots],
        "values": [list(v) for v in model.values], "intercept": model.intercept,
        "threshold": model.threshold, "merge_threshold": model.merge_threshold,
        # names as the docs give them, so the file does not depend on where the checkout is
        "trained_on": {"semeval": "../shared/bench/semeval2022-t8/training_set.csv",
                       "semeval_sha256": _semeval_sha256(semeval),
                       "semeval_pairs": len(semeval), "ecbplus_pairs": len(rows) - len(semeval),
                       "ecbplus_weight": ecb_weight,
                       "features_file": "storyledger/data/event_linker_features.csv.gz"},
        "cross_validated": cross_validate(rows, ecb_weight),
    }


def _semeval_sha256(semeval: list[dict]) -> str | None:
    """The training CSV's sha256 (the runner uses it to know the file it must not be scored on);
    without the shared data, the one the shipped file records."""
    try:
        return hashlib.sha256(Path(SEMEVAL).read_bytes()).hexdigest()
    except OSError:
        shipped = json.loads(learned.PARAMETERS.read_text(encoding="utf-8")) if learned.PARAMETERS.exists() else {}
        return shipped.get("trained_on", {}).get("semeval_sha256")


def rendered(params: dict) -> str:
    """Indented JSON with each list of numbers or names on one line (a diff shows which knot moved)."""
    text = json.dumps(params, indent=1, ensure_ascii=False)
    return re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-features", action="store_true",
                        help=f"fit from {shown(FEATURES_FILE)} instead of reading the texts again")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    parser.add_argument("--semeval-cache", help="pickle of the SemEval feature rows (written once, then read)")
    parser.add_argument("--ecb-cache", help="pickle of the ECB+ analyses (as bench_ecbplus --cache)")
    parser.add_argument("--events", action="store_true",
                        help=f"the event linker's model: ECB+ weight {EVENT_ECB_WEIGHT}, written to "
                             f"{shown(learned.EVENT_PARAMETERS)}")
    parser.add_argument("--output")
    parser.add_argument("--ecb-weight", type=float,
                        help=f"weight of an ECB+ pair against a SemEval pair (default: {ECB_WEIGHT}, with "
                             f"--events {EVENT_ECB_WEIGHT}); with "
                             "--output elsewhere, to compare the cross-validated figures")
    args = parser.parse_args(argv)
    if args.ecb_weight is None:
        args.ecb_weight = EVENT_ECB_WEIGHT if args.events else ECB_WEIGHT
    if args.output is None:
        args.output = str(learned.EVENT_PARAMETERS if args.events else learned.PARAMETERS)
    if args.from_features:
        rows = read_features()
    elif not (Path(SEMEVAL).is_file() and Path(ECBPLUS).is_dir()):
        parser.exit(2, f"storyledger: error: {shown(SEMEVAL)} or {shown(ECBPLUS)} is missing: put the shared data "
                       "beside the checkout (or set STORYLEDGER_SHARED), or fit with --from-features\n")
    else:
        rows = semeval_rows(cache=args.semeval_cache) + ecbplus_rows(cache=args.ecb_cache)
        if not args.check:
            write_features(rows)
        rows = read_features() if not args.check else _rounded(rows)
    text = rendered(parameters(rows, args.ecb_weight,
                               "python -m storyledger.link.train" + (" --events" if args.events else "")))
    if args.check:
        same = Path(args.output).read_text(encoding="utf-8") == text
        print(f"{shown(args.output)}: {'unchanged' if same else 'would change'}")
        return 0 if same else 1
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"wrote {shown(args.output)}: {json.dumps(json.loads(text)['cross_validated'])}")
    return 0


def _rounded(rows: list[dict]) -> list[dict]:
    """Rows as the feature file would give them back."""
    return [{**r, **{k: round(r[k], 4) for k in learned.FEATURES}} for r in rows]


if __name__ == "__main__":
    sys.exit(main())
