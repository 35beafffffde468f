"""ECB+ event clustering, streamed: `python -m storyledger.evaluate.bench_ecbplus [--quick] [--dates] [--cache P]`.

The 982 documents go through `storyledger.link.events.link_article` one by one
in file-name order, each against an in-memory store that only holds the
documents before it. Gold: the folder name (`10ecb` and `10ecbplus` are two
different events with shared participants). Prints BCubed and pairwise
precision/recall/F1 next to same-run baselines: all singletons, and a plain
tf-idf single pass (document words, cosine to cluster centroids) at the best
threshold found on this very data, so an optimistic baseline. Ablation lines
rerun the stream with one signal of the event settings switched off; `words_only` is
the same method with empty analyses. `--cache` keeps the (slow) analyses in a
pickle so the linking can be rerun in a minute.
Held-out figure (`held_out_by_topic`): the topics are split in two halves (odd
and even topic numbers); the events' join threshold and the tf-idf
baseline's threshold are each chosen on one half and scored on the other, and
the two held-out halves are scored together over all documents, so neither
side is fitted to the documents it is scored on.
Publication dates are left out by default: in ECB+ only the `*ecbplus`
documents carry one, so the mere presence of a date would leak the gold split.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import glob
import hashlib
import itertools
import json
import math
import os
import pickle
import re
import time

from storyledger import nlp, segment
from storyledger.link import events
from storyledger.model import Analysis, Article, Sentence
from storyledger.paths import shared
from storyledger.settings import DEFAULT, EventSettings
from storyledger.store import links
from storyledger.store.db import Database

DEFAULT_PATH = shared("bench", "ecbplus")


def load_documents(path: str = DEFAULT_PATH, quick: bool = False) -> list[dict]:
    files = sorted(glob.glob(os.path.join(path, "*", "*.json")), key=os.path.basename)
    if quick:  # a third of the topics, still in file-name order
        files = [f for f in files if int(os.path.basename(f).split("_")[0]) % 3 == 0]
    documents = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            data = json.load(handle)
        documents.append({"name": os.path.basename(file), "gold": os.path.basename(os.path.dirname(file)),
                          "title": data.get("title") or "", "text": data.get("text") or "",
                          "date": data.get("date_publish")})
    return documents


def build_article(document: dict, use_dates: bool = False) -> Article:
    text = "\n\n".join(p for p in (document["title"], document["text"]) if p)
    spans = segment.sentences(text, "en")
    published = _iso_date(document["date"]) if use_dates else None
    return Article(id=hashlib.sha256(document["name"].encode()).hexdigest()[:16], body=text, text=text,
                   sentences=[Sentence(s, e, s, e) for s, e in spans], title=None, lang="en",
                   published=published, name=document["name"])


def analyse(article: Article) -> Analysis:
    """The pipeline's own entities, time expressions and dated event clauses (attribution is not needed)."""
    from storyledger.analyse import entities, events as events_stage, time as times_stage

    doc = nlp.parse(article.text, article.lang, [s.start for s in article.sentences])
    times = times_stage.extract_times(article.text, article.lang, article.published, doc)
    try:
        clauses = events_stage.anchor_events(article, times, doc)
    except ValueError:  # a parse the clause anchoring does not survive: no clauses for this document
        clauses = []
    return Analysis(article_id=article.id, mentions=entities.extract_mentions(article, doc), times=times,
                    events=clauses)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    import dateparser

    parsed = dateparser.parse(value.replace(" : ", ":"), settings={"STRICT_PARSING": False})
    return parsed.date().isoformat() if parsed else None


def stream(articles: list[Article], analyses: list[Analysis], timings: list | None = None,
           settings: EventSettings = DEFAULT.events) -> tuple[list[int], float]:
    """Event id per document, and seconds spent linking (per document into `timings`)."""
    db = Database(":memory:")
    started = time.perf_counter()
    for article, analysis in zip(articles, analyses):
        one = time.perf_counter()
        with db.transaction():
            links.ensure_article_row(db, article)
            events.link_article(db, article, analysis, settings=settings)
        if timings is not None:
            timings.append(time.perf_counter() - one)
    seconds = time.perf_counter() - started
    assignment = events.event_of_article(db)
    return [assignment[a.id] for a in articles], seconds


def tfidf_vectors(articles: list[Article]):
    """Unit tf-idf rows (numpy) of each document's words: lowercased, stop words out, idf over the run."""
    import numpy as np

    stop = events.spacy_stop_words("en")
    bags = [collections.Counter(w for w in re.findall(r"[^\W_]+", a.text.lower()) if w not in stop and len(w) > 1)
            for a in articles]
    df = collections.Counter(w for bag in bags for w in bag)
    vocabulary = {w: i for i, w in enumerate(sorted(df))}
    matrix = np.zeros((len(bags), len(vocabulary)), dtype=np.float32)
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, vocabulary[word]] = (1 + math.log(count)) * math.log(len(bags) / df[word])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def single_pass(similarities, threshold: float) -> list[int]:
    """Each document joins the cluster whose centroid is most cosine-similar (if >= threshold), in order."""
    import numpy as np

    labels: list[int] = []
    dots: list = []  # per cluster: dot of each document with the cluster's summed vector
    squared: list[float] = []  # per cluster: squared norm of its summed vector
    for i in range(len(similarities)):
        best, best_score = None, threshold
        for c, dot in enumerate(dots):
            score = dot[i] / math.sqrt(squared[c]) if squared[c] > 0 else 0.0
            if score >= best_score:
                best, best_score = c, score
        if best is None:
            best = len(dots)
            dots.append(np.zeros(len(similarities), dtype=np.float64))
            squared.append(0.0)
        squared[best] += 2 * dots[best][i] + similarities[i, i]
        dots[best] += similarities[i]
        labels.append(best)
    return labels


def tfidf_baseline(articles: list[Article], gold: list) -> dict:
    """Plain tf-idf single pass with the best threshold on this very data (an optimistic baseline)."""
    vectors = tfidf_vectors(articles)
    similarities = vectors @ vectors.T
    best = None
    for step in range(2, 31):
        threshold = step / 40
        result = scores(single_pass(similarities, threshold), gold)
        if best is None or result["bcubed_f1"] > best["bcubed_f1"]:
            best = {**result, "threshold": threshold}
    return best


def scores(predicted: list, gold: list) -> dict:
    clusters_p, clusters_g = _groups(predicted), _groups(gold)
    precision = recall = 0.0
    for p, g in zip(predicted, gold):
        shared = len(clusters_p[p] & clusters_g[g])
        precision += shared / len(clusters_p[p])
        recall += shared / len(clusters_g[g])
    n = len(gold)
    b_p, b_r = precision / n, recall / n
    pairs_p = {pair for c in clusters_p.values() for pair in itertools.combinations(sorted(c), 2)}
    pairs_g = {pair for c in clusters_g.values() for pair in itertools.combinations(sorted(c), 2)}
    both = len(pairs_p & pairs_g)
    pw_p = both / len(pairs_p) if pairs_p else 1.0
    pw_r = both / len(pairs_g) if pairs_g else 1.0
    return {"bcubed_precision": round(b_p, 4), "bcubed_recall": round(b_r, 4), "bcubed_f1": round(_f1(b_p, b_r), 4),
            "pairwise_precision": round(pw_p, 4), "pairwise_recall": round(pw_r, 4),
            "pairwise_f1": round(_f1(pw_p, pw_r), 4), "clusters": len(clusters_p)}


def _groups(labels: list) -> dict:
    groups: dict = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return groups


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# Each line switches one signal of the event settings off (or keeps only one), to show what it adds.
ABLATIONS = {
    "words_only": None,  # same method with empty analyses: no names, triggers, dates
    "without_names": {"entity_weight": 0.0},
    "without_facts": {"fact_weight": 0.0},
    "facts_with_triggers": {"fact_kinds": ("v", "d", "n")},
    "facts_without_dates": {"fact_kinds": ("n",)},
    "facts_without_numbers": {"fact_kinds": ("d",)},
    "without_main_date_rule": {"main_date_days": None},
    "without_participant_conflict": {"participant_conflict": None},
    "without_weekday_conflict": {"weekday_conflict": None},
    "without_conflicts": {"participant_conflict": None, "weekday_conflict": None},
}
THRESHOLDS = (0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3)  # join thresholds the held-out figure chooses from


def topic_of(gold_event: str) -> int:
    """`10ecbplus` -> 10: the two events of one topic share participants."""
    return int(re.match(r"\d+", gold_event).group())


def held_out_by_topic(articles: list[Article], analyses: list[Analysis], gold: list[str]) -> dict:
    """Thresholds chosen on odd topics scored on even ones and the reverse; both held-out halves scored together."""
    halves = [[i for i, g in enumerate(gold) if topic_of(g) % 2 == parity] for parity in (1, 0)]
    method: list = [None] * len(gold)
    baseline: list = [None] * len(gold)
    chosen = []
    for tune, test in (halves, halves[::-1]):
        threshold = _best_join_threshold([articles[i] for i in tune], [analyses[i] for i in tune],
                                         [gold[i] for i in tune])
        labels = stream([articles[i] for i in test], [analyses[i] for i in test],
                        settings=tuned({"join_threshold": threshold}))[0]
        tfidf = tfidf_baseline([articles[i] for i in tune], [gold[i] for i in tune])["threshold"]
        test_articles = [articles[i] for i in test]
        vectors = tfidf_vectors(test_articles)
        tfidf_labels = single_pass(vectors @ vectors.T, tfidf)
        for i, label, other in zip(test, labels, tfidf_labels):
            method[i], baseline[i] = (tune[0], label), (tune[0], other)  # halves never share a cluster
        chosen.append({"tuned_on": "odd" if topic_of(gold[tune[0]]) % 2 else "even", "join_threshold": threshold,
                       "tfidf_threshold": tfidf})
    return {"method": scores(method, gold), "baseline_tfidf": scores(baseline, gold), "chosen": chosen}


def _best_join_threshold(articles: list[Article], analyses: list[Analysis], gold: list[str]) -> float:
    results = []
    for threshold in THRESHOLDS:
        labels = stream(articles, analyses, settings=tuned({"join_threshold": threshold}))[0]
        results.append((scores(labels, gold)["bcubed_f1"], -threshold))
    return -max(results)[1]


def tuned(overrides: dict) -> EventSettings:
    """The event settings with `overrides` ({field name: value}) instead of the defaults."""
    return dataclasses.replace(DEFAULT.events, **overrides)


def analysed(articles: list[Article], cache: str | None) -> tuple[list[Analysis], float | None]:
    """Analyses of the articles, read from / written to the `cache` pickle when given; analysis docs/s.

    The cache is a list of analyses, or {"pairs": [(article, analysis), ...]}."""
    if cache and os.path.exists(cache):
        with open(cache, "rb") as handle:
            stored = pickle.load(handle)
        if isinstance(stored, dict):
            stored = [analysis for _, analysis in stored.get("pairs", [])]
        if [a.article_id for a in stored] == [a.id for a in articles]:
            return stored, None
    started = time.perf_counter()
    analyses = [analyse(a) for a in articles]
    speed = round(len(articles) / (time.perf_counter() - started), 1)
    if cache:
        with open(cache, "wb") as handle:
            pickle.dump(analyses, handle)
    return analyses, speed


def run(path: str = DEFAULT_PATH, quick: bool = False, use_dates: bool = False, cache: str | None = None,
        ablations: bool = True, held_out: bool = True) -> dict:
    documents = load_documents(path, quick)
    articles = [build_article(d, use_dates) for d in documents]
    analyses, analysis_speed = analysed(articles, cache)
    gold = [d["gold"] for d in documents]
    timings: list[float] = []
    predicted, seconds = stream(articles, analyses, timings)
    tenth = max(len(timings) // 10, 1)
    result = {
        "documents": len(documents), "gold_events": len(set(gold)),
        "method": scores(predicted, gold),
        "baseline_tfidf_best_threshold": tfidf_baseline(articles, gold),
        "baseline_singletons": scores(list(range(len(gold))), gold),
    }
    if held_out:
        result["held_out_by_topic"] = held_out_by_topic(articles, analyses, gold)
    if ablations:
        empty = [Analysis(article_id=a.id) for a in articles]
        for name, overrides in ABLATIONS.items():
            labels = stream(articles, empty if overrides is None else analyses, settings=tuned(overrides or {}))[0]
            result["ablation_" + name] = scores(labels, gold)
    return {
        **result,
        "link_docs_per_second": round(len(documents) / seconds, 1),
        # flat when candidate retrieval does not grow with the store
        "link_ms_per_doc_first_tenth": round(1000 * sum(timings[:tenth]) / tenth, 1),
        "link_ms_per_doc_last_tenth": round(1000 * sum(timings[-tenth:]) / tenth, 1),
        "analysis_docs_per_second": analysis_speed,
        "use_dates": use_dates,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=DEFAULT_PATH)
    parser.add_argument("--quick", action="store_true", help="a third of the topics")
    parser.add_argument("--dates", action="store_true", help="use date_publish (leaks the ecb/ecbplus split)")
    parser.add_argument("--cache", help="pickle of the analyses (written once, then read): iterate on linking fast")
    parser.add_argument("--no-ablations", action="store_true", help="skip the one-signal-off runs")
    parser.add_argument("--no-held-out", action="store_true", help="skip the two-fold by-topic figure")
    args = parser.parse_args(argv)
    result = run(args.path, args.quick, args.dates, args.cache, not args.no_ablations, not args.no_held_out)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
