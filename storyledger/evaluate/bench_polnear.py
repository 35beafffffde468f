"""PolNeAR benchmark for attribution extraction (source, cue, content spans).

Reads the brat standoff release (text/ + attributions/; metadata.tsv gives the
split and the annotators, the first listed is used), runs
`extract_attributions` on every article of the split and prints precision,
recall and F1 per role, plus throughput, next to the published anchors.

Matching (a discontinuous gold span counts as its outer extent):
- strict, the headline figure: the same character boundaries, nothing trimmed, and one to one:
  each gold span is matched by at most one prediction and each prediction by at most one gold
  span (the measure the published anchors use);
- lenient: the same boundaries once whitespace, punctuation and quotation marks at the edges
  are trimmed, and many to one (a prediction is correct if it matches some gold span of its
  role; a gold span is recalled if some prediction matches it): kept for comparison with our
  earlier figures, never to be quoted as "exact";
- overlap: at least one shared character, many to one.

    .venv/bin/python -m storyledger.evaluate.bench_polnear [--split dev] [--quick]
"""
from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from storyledger import nlp, segment
from storyledger.analyse.attribution import extract_attributions
from storyledger.analyse.entities import extract_mentions
from storyledger.model import Article, Sentence
from storyledger.paths import shared

DEFAULT_PATH = shared("bench", "polnear")
ROLES = ("source", "cue", "content")
ANCHORS = "CofeNet BERT tagger (strict exact, test): source 83.2, cue 75.3, content 72.9; " \
          "rule baseline content 5.6; CoreNLP quotes 17.5; quote extractors ~23% of attributions"
EDGE = " \t\n.,;:!?\"'“”‘’«»()[]—–-"


def load_split(path: str, split: str) -> list[tuple[str, str, dict[str, list[tuple[int, int]]]]]:
    """(name, text, {role: [(start, end), ...]}) for each article of the split."""
    root = Path(path)
    with open(root / "metadata.tsv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] == split]
    articles = []
    for row in rows:
        text_file = root / split / "text" / f"{row['filename']}.txt"
        annotation = _annotation_file(root / split / "attributions", row)
        if text_file.exists() and annotation is not None:
            text = text_file.read_text(encoding="utf-8")
            articles.append((row["filename"], text, read_brat(annotation.read_text(encoding="utf-8"))))
    return articles


def _annotation_file(folder: Path, row: dict) -> Path | None:
    for annotator in row["annotators"].split("|"):
        candidate = folder / f"{row['filename']}_{annotator}.ann"
        if candidate.exists():
            return candidate
    found = sorted(folder.glob(f"{row['filename']}_*.ann"))
    return found[0] if found else None


def read_brat(annotation: str) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for line in annotation.splitlines():
        if not line.startswith("T"):
            continue
        _, kind_and_offsets, _ = (line.split("\t") + ["", ""])[:3]
        kind, _, offsets = kind_and_offsets.partition(" ")
        role = kind.lower()
        if role in spans:
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[role].append((min(p[0] for p in pieces), max(p[1] for p in pieces)))
    return spans


def predict(text: str, doc) -> dict[str, list[tuple[int, int]]]:
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, "en")]
    article = Article(id="bench", body=text, text=text, sentences=sentences, lang="en")
    spans: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for found in extract_attributions(article, doc, extract_mentions(article, doc)):  # as analyse() does
        spans["cue"].append((found.cue.start, found.cue.end))
        if found.speaker is not None:
            spans["source"].append((found.speaker.start, found.speaker.end))
        if found.content is not None:
            spans["content"].append((found.content.start, found.content.end))
    return spans


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


MODES = ("strict", "lenient", "overlap")


def _matches(text: str, a: tuple[int, int], b: tuple[int, int], mode: str) -> bool:
    if mode == "lenient":
        return _trim(text, a) == _trim(text, b)
    return a[0] < b[1] and b[0] < a[1]


def score(items: list[tuple[str, list, list]], mode: str) -> dict[str, float]:
    """items: (text, predicted spans, gold spans) for one role across articles; mode: one of MODES."""
    correct = recalled = n_pred = n_gold = 0
    for text, predicted, gold in items:
        n_pred += len(predicted)
        n_gold += len(gold)
        if mode == "strict":  # equal spans paired one to one
            pairs = sum((Counter(map(tuple, predicted)) & Counter(map(tuple, gold))).values())
            correct += pairs
            recalled += pairs
            continue
        correct += sum(any(_matches(text, p, g, mode) for g in gold) for p in predicted)
        recalled += sum(any(_matches(text, p, g, mode) for p in predicted) for g in gold)
    precision = correct / n_pred if n_pred else 0.0
    recall = recalled / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": n_pred, "gold": n_gold}


def run(path: str = DEFAULT_PATH, split: str = "dev", quick: bool = False) -> dict:
    articles = load_split(path, split)
    if quick:
        articles = articles[:15]
    pipeline = nlp.spacy_pipeline("en")
    per_role: dict[str, list] = {role: [] for role in ROLES}
    words, parse_seconds, extract_seconds = 0, 0.0, 0.0
    for _, text, gold in articles:
        started = time.perf_counter()
        doc = pipeline(text)
        parsed = time.perf_counter()
        predicted = predict(text, doc)
        parse_seconds += parsed - started
        extract_seconds += time.perf_counter() - parsed
        words += len(text.split())
        for role in ROLES:
            per_role[role].append((text, predicted[role], gold[role]))
    seconds = parse_seconds + extract_seconds
    result = {"split": split, "articles": len(articles), "words": words, "seconds": seconds,
              "parse_seconds": parse_seconds, "extract_seconds": extract_seconds,
              "words_per_second": words / seconds if seconds else 0.0,
              "extract_words_per_second": words / extract_seconds if extract_seconds else 0.0}
    for role in ROLES:
        result[role] = {mode: score(per_role[role], mode) for mode in MODES}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=DEFAULT_PATH)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--quick", action="store_true", help="first 15 articles only")
    args = parser.parse_args(argv)
    result = run(args.path, args.split, args.quick)
    print(f"PolNeAR {result['split']}: {result['articles']} articles, {result['words']} words, "
          f"{result['seconds']:.1f} s = spaCy parse {result['parse_seconds']:.1f} s + extraction "
          f"{result['extract_seconds']:.1f} s; {result['words_per_second']:.0f} words/s overall, "
          f"{result['extract_words_per_second']:.0f} words/s extraction alone")
    print(f"{'role':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}")
    for role in ROLES:
        for mode in MODES:  # strict is the headline; lenient only for comparison
            s = result[role][mode]
            print(f"{role:8} {mode:8} {100 * s['precision']:6.1f} {100 * s['recall']:6.1f} "
                  f"{100 * s['f1']:6.1f} {s['predicted']:6d} {s['gold']:6d}")
    print("strict = untrimmed boundaries, one to one (the headline); lenient = trimmed edges, many to one")
    print("anchors:", ANCHORS)


if __name__ == "__main__":
    main()
