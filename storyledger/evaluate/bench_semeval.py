"""SemEval-2022 Task 8 (multilingual news similarity): `python -m storyledger.evaluate.bench_semeval [CSV] [--json]`.

Each pair of texts becomes two reports (segmented, analysed: names, dates,
event clauses) and one row of `link/learned.py` pair features. Scored against
the human `Overall` (1 very similar .. 4 very dissimilar): Pearson with the
sign flipped, so higher is better, overall and per language pair; and
precision/recall of the same-event decision against `Overall` <= 2.

Scored side by side: the learned similarity as shipped
(storyledger/data/event_linker.json); the hand-made event score of
link/events.py; the encoder's cosine of the two leads. The learned model was
fitted on ../shared/bench/semeval2022-t8/training_set.csv: on that file (its
sha256 is in the parameter file) the shipped figures are on fitted data, so
the runner also prints 5-fold cross-validated figures (`cross_validated`),
the ones to quote.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import pickle
import sys
from dataclasses import dataclass

from storyledger import segment
from storyledger.evaluate.bench_ecbplus import analyse
from storyledger.link import events, learned
from storyledger.model import Article, Sentence
from storyledger.paths import shared, shown

DEFAULT_PATH = shared("bench", "semeval2022-t8", "training_set.csv")
SAME_EVENT_OVERALL = 2.0  # Overall <= 2: the annotators read one story


@dataclass(frozen=True)
class Pair:
    pair_id: str
    lang1: str
    lang2: str
    overall: float


def read_pairs(path: str) -> list[tuple[Pair, str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        return [(Pair(row["pair_id"], row["lang1"], row["lang2"], float(row["Overall"])), row["text1"], row["text2"])
                for row in csv.DictReader(handle)]


def build_article(name: str, text: str, lang: str) -> Article:
    text = text.strip() or "-"
    spans = segment.sentences(text, lang) or [(0, len(text))]
    return Article(id=hashlib.sha256(name.encode()).hexdigest()[:16], body=text, text=text,
                   sentences=[Sentence(s, e, s, e) for s, e in spans], lang=lang, name=name)


def pair_rows(path: str, quick: bool = False, cache: str | None = None) -> tuple[list[Pair], list[dict]]:
    """The pairs of the CSV and their feature rows (every 4th pair with `quick`)."""
    pairs = read_pairs(path)
    if quick:
        pairs = pairs[::4]
    key = [p.pair_id for p, _, _ in pairs]
    if cache and os.path.exists(cache):
        with open(cache, "rb") as handle:
            stored = pickle.load(handle)
        if stored["pairs"] == key:
            return [p for p, _, _ in pairs], stored["rows"]
    views = []
    for pair, text1, text2 in pairs:
        one = build_article(pair.pair_id + "/1", text1, pair.lang1)
        two = build_article(pair.pair_id + "/2", text2, pair.lang2)
        views.append((learned.report_view(one, analyse(one)), learned.report_view(two, analyse(two))))
    idf = events.document_idf([v.event_features for both in views for v in both])
    rows = [learned.pair_features(a, b, idf) for a, b in views]
    if cache:
        with open(cache, "wb") as handle:
            pickle.dump({"pairs": key, "rows": rows}, handle)
    return [p for p, _, _ in pairs], rows


def pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    return round(sxy / (sxx * syy) ** 0.5, 4) if sxx and syy else None


def score(pairs: list[Pair], similarities: list[float], decisions: list[bool] | None = None) -> dict:
    """Pearson of similarity against -Overall, overall and per language pair; P/R of the decisions."""
    flipped = [-p.overall for p in pairs]
    by_pair: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_pair.setdefault(f"{p.lang1}-{p.lang2}", []).append(i)
    result = {"n": len(pairs), "pearson": pearson(similarities, flipped),
              "per_pair": {name: {"n": len(ix), "pearson": pearson([similarities[i] for i in ix],
                                                                  [flipped[i] for i in ix])}
                           for name, ix in sorted(by_pair.items(), key=lambda kv: -len(kv[1]))}}
    if decisions is not None:
        result.update(decision_scores([p.overall <= SAME_EVENT_OVERALL for p in pairs], decisions))
    return result


def decision_scores(gold: list[bool], predicted: list[bool]) -> dict:
    both = sum(g and p for g, p in zip(gold, predicted))
    precision = both / sum(predicted) if any(predicted) else None
    recall = both / sum(gold) if any(gold) else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0
    return {"precision": _round(precision), "recall": _round(recall), "f1": round(f1, 4)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def run(path: str = DEFAULT_PATH, quick: bool = False, cache: str | None = None,
        cross_validate: bool = True) -> dict:
    pairs, rows = pair_rows(path, quick, cache)
    model = learned.load()
    result = {
        "csv": shown(path), "quick": quick,
        **score(pairs, [model.logit(r) for r in rows], [model.same_event(r) for r in rows]),
        "fitted_on_this_file": file_sha256(path) == model_training_sha256(),
        "baseline_event_score": score(pairs, [r["event_score"] for r in rows]),
        "baseline_lead_cosine": score(pairs, [r["lead_cosine"] for r in rows]),
    }
    if cross_validate:
        from storyledger.link import train

        result["cross_validated"] = train.cross_validated_semeval(pairs, rows)
    return result


def file_sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def model_training_sha256() -> str | None:
    with open(learned.PARAMETERS, encoding="utf-8") as handle:
        return json.load(handle).get("trained_on", {}).get("semeval_sha256")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", default=DEFAULT_PATH, help="a SemEval-2022 T8 CSV (default: the training set)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--quick", action="store_true", help="every 4th pair")
    parser.add_argument("--cache", help="pickle of the feature rows (written once, then read)")
    parser.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validated figures")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.csv):
        parser.exit(2, f"storyledger: error: {args.csv}: no such CSV (the SemEval data is in ../shared/bench/semeval2022-t8/)\n")
    result = run(args.csv, args.quick, args.cache, not args.no_cv)
    print(json.dumps(result, indent=1) if args.json else render(result))


def bench_rows(result: dict) -> list[tuple[str, str]]:
    """(measure, figures) rows for `storyledger bench`'s public section."""
    rows = [("pairs", f"{result['n']}{' (every 4th)' if result['quick'] else ''}")]
    for label, figures in (("learned, 5-fold cross-validated", result.get("cross_validated")),
                           ("learned as shipped" + (" (fitted on this file)" if result["fitted_on_this_file"] else ""),
                            result),
                           ("hand event score (link/events.py)", result["baseline_event_score"]),
                           ("encoder lead cosine", result["baseline_lead_cosine"])):
        if figures:
            rows.append((label, f"Pearson {figures['pearson']}" + (
                f", same event P {figures['precision']} R {figures['recall']}" if "precision" in figures else "")))
    return rows


def render(result: dict) -> str:
    lines = [f"SemEval-2022 T8 {result['csv']}: {result['n']} pairs"
             + (" (the learned model was fitted on this file: quote the cross-validated figures)"
                if result["fitted_on_this_file"] else "")]
    for label, figures in (("learned similarity (shipped)", result),
                           ("cross-validated (5-fold)", result.get("cross_validated")),
                           ("hand event score", result["baseline_event_score"]),
                           ("lead cosine", result["baseline_lead_cosine"])):
        if figures:
            pr = (f"  same event P {figures['precision']} R {figures['recall']}" if "precision" in figures else "")
            lines.append(f"{label:32} Pearson {figures['pearson']}{pr}")
    per_pair, which = ((result["cross_validated"], "cross-validated") if result.get("cross_validated")
                       else (result, "shipped"))
    lines.append(f"per language pair (learned, {which}): " + ", ".join(
        f"{name} {f['pearson']} (n={f['n']})" for name, f in per_pair["per_pair"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
