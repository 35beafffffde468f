"""ECB+ event clustering, streamed: `python -m storyledger.evaluate.bench_ecbplus [--quick] [--dates]`.

The 982 documents go through `storyledger.link.events.link_article` one by one
in file-name order, each against an in-memory store that only holds the
documents before it. Gold: the folder name (`10ecb` and `10ecbplus` are two
different events with shared participants). Prints BCubed and pairwise
precision/recall/F1 next to two same-run baselines: all singletons, and
one cluster per topic-word overlap (single pass, terms only, no names).
Publication dates are left out by default: in ECB+ only the `*ecbplus`
documents carry one, so the mere presence of a date would leak the gold split.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import itertools
import json
import os
import time

from storyledger import nlp, segment
from storyledger.link import events
from storyledger.model import Analysis, Article, Mention, Sentence
from storyledger.store import links
from storyledger.store.db import Database

DEFAULT_PATH = "/work/shared/bench/ecbplus"


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
    """spaCy entities (and time expressions, when the time analyser exists)."""
    doc = nlp.spacy_pipeline("en")(article.text)
    mentions = [Mention(e.start_char, e.end_char, e.text, e.label_, 0) for e in doc.ents]
    analysis = Analysis(article_id=article.id, mentions=mentions)
    try:
        from storyledger.analyse.time import extract_times
    except ImportError:  # time stage not installed: entities alone
        return analysis
    analysis.times = extract_times(article.text, "en", article.published, doc=doc)
    return analysis


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    import dateparser

    parsed = dateparser.parse(value.replace(" : ", ":"), settings={"STRICT_PARSING": False})
    return parsed.date().isoformat() if parsed else None


def stream(articles: list[Article], analyses: list[Analysis], timings: list | None = None) -> tuple[list[int], float]:
    """Event id per document, and seconds spent linking (per document into `timings`)."""
    db = Database(":memory:")
    started = time.perf_counter()
    for article, analysis in zip(articles, analyses):
        one = time.perf_counter()
        with db.transaction():
            links.ensure_article_row(db, article)
            events.link_article(db, article, analysis)
        if timings is not None:
            timings.append(time.perf_counter() - one)
    seconds = time.perf_counter() - started
    assignment = events.event_of_article(db)
    return [assignment[a.id] for a in articles], seconds


def topic_words_baseline(articles: list[Article]) -> list[int]:
    """Single pass, terms only, no names: what plain topic similarity gives."""
    empty = [Analysis(article_id=a.id) for a in articles]
    return stream(articles, empty)[0]


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


def run(path: str = DEFAULT_PATH, quick: bool = False, use_dates: bool = False) -> dict:
    documents = load_documents(path, quick)
    articles = [build_article(d, use_dates) for d in documents]
    started = time.perf_counter()
    analyses = [analyse(a) for a in articles]
    analysis_seconds = time.perf_counter() - started
    gold = [d["gold"] for d in documents]
    timings: list[float] = []
    predicted, seconds = stream(articles, analyses, timings)
    tenth = max(len(timings) // 10, 1)
    return {
        "documents": len(documents), "gold_events": len(set(gold)),
        "method": scores(predicted, gold),
        "baseline_topic_words": scores(topic_words_baseline(articles), gold),
        "baseline_singletons": scores(list(range(len(gold))), gold),
        "link_docs_per_second": round(len(documents) / seconds, 1),
        # flat when candidate retrieval does not grow with the store
        "link_ms_per_doc_first_tenth": round(1000 * sum(timings[:tenth]) / tenth, 1),
        "link_ms_per_doc_last_tenth": round(1000 * sum(timings[-tenth:]) / tenth, 1),
        "analysis_docs_per_second": round(len(documents) / analysis_seconds, 1),
        "use_dates": use_dates,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=DEFAULT_PATH)
    parser.add_argument("--quick", action="store_true", help="a third of the topics")
    parser.add_argument("--dates", action="store_true", help="use date_publish (leaks the ecb/ecbplus split)")
    args = parser.parse_args(argv)
    result = run(args.path, args.quick, args.dates)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
