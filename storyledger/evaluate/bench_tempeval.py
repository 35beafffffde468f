"""TempEval-3 benchmark for the time stage (TimeBank 1.2 + AQUAINT, TimeML files).

For every document: the raw text inside <TEXT> (tags removed, entities decoded),
the DCT from the TIMEX3 with functionInDocument="CREATION_TIME", and the gold
TIMEX3 extents and values. `extract_times` runs on the raw text with the DCT (ranges
left as their two ends, as TimeML annotates "from 1991 to 1997"), and the scores are
computed the TempEval-3 way:

- strict extent: same start and end; relaxed extent: the spans overlap;
- value F1: relaxed-extent matches whose value equals the gold value, counted
  against all system expressions (precision) and all gold ones (recall).

Run: .venv/bin/python -m storyledger.evaluate.bench_tempeval [--quick] [--spacy] [path]
"""
from __future__ import annotations

import glob
import html
import os
import re
import sys
import time
from dataclasses import dataclass

from storyledger.analyse.time import extract_times
from storyledger.paths import shared

DEFAULT_PATH = shared("bench", "tempeval3-tbaq")
ANCHORS = "HeidelTime on TempEval-3 platinum: value F1 77.7, relaxed extent F1 90.6, strict 81.5"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class TimeMLDocument:
    name: str
    dct: str
    text: str
    gold: list[GoldTimex]


def read_timeml(path: str) -> TimeMLDocument:
    raw = open(path, encoding="utf-8").read()
    creation = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct = dict(_ATTR.findall(creation.group(0)))["value"][:10] if creation else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    pieces: list[str] = []
    length, open_timexes, gold = 0, [], []
    position = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[position:tag.start()])
        pieces.append(piece)
        length += len(piece)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1):
            start, attrs = open_timexes.pop()
            gold.append(GoldTimex(start, length, attrs.get("type", ""), attrs.get("value", "")))
        else:
            open_timexes.append((length, dict(_ATTR.findall(tag.group(3)))))
    pieces.append(html.unescape(body[position:]))
    return TimeMLDocument(os.path.basename(path), dct, "".join(pieces), gold)


def read_corpus(path: str = DEFAULT_PATH) -> list[TimeMLDocument]:
    return [read_timeml(p) for p in sorted(glob.glob(os.path.join(path, "**", "*.tml"), recursive=True))]


def _match(system, gold, overlap) -> list[tuple[int, int]]:
    """One-to-one pairs (system index, gold index), greedy in text order."""
    pairs, used = [], set()
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if j not in used and overlap(s, g):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def _prf(correct: int, n_system: int, n_gold: int) -> dict:
    p = correct / n_system if n_system else 0.0
    r = correct / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(documents: list[TimeMLDocument], use_spacy: bool = False, errors: list | None = None) -> dict:
    pipeline = None
    if use_spacy:
        from storyledger import nlp
        pipeline = nlp.spacy_pipeline("en")
    n_system = n_gold = strict = relaxed = value_ok = 0
    words = 0
    started = time.perf_counter()
    for document in documents:
        doc = pipeline(document.text) if pipeline is not None else None
        system = extract_times(document.text, "en", document.dct, doc=doc, join_ranges=False)
        words += len(document.text.split())
        n_system += len(system)
        n_gold += len(document.gold)
        strict += len(_match(system, document.gold, lambda s, g: (s.start, s.end) == (g.start, g.end)))
        pairs = _match(system, document.gold, lambda s, g: s.start < g.end and g.start < s.end)
        relaxed += len(pairs)
        for i, j in pairs:
            if system[i].value == document.gold[j].value:
                value_ok += 1
            elif errors is not None:
                errors.append((document.name, document.dct, system[i].text, system[i].value,
                               document.text[document.gold[j].start:document.gold[j].end],
                               document.gold[j].value))
    seconds = time.perf_counter() - started
    return {
        "documents": len(documents),
        "gold": n_gold,
        "system": n_system,
        "strict": _prf(strict, n_system, n_gold),
        "relaxed": _prf(relaxed, n_system, n_gold),
        "value": {**_prf(value_ok, n_system, n_gold),
                  "accuracy": value_ok / relaxed if relaxed else 0.0},
        "seconds": seconds,
        "words_per_second": words / seconds if seconds else 0.0,
    }


def run(path: str = DEFAULT_PATH, quick: bool = False, use_spacy: bool = False) -> dict:
    documents = read_corpus(path)
    if quick:
        documents = documents[::8]
    return score(documents, use_spacy=use_spacy)


def report(result: dict) -> str:
    lines = [f"TempEval-3 (TimeBank+AQUAINT): {result['documents']} documents, "
             f"{result['gold']} gold TIMEX3, {result['system']} found"]
    for name in ("strict", "relaxed", "value"):
        figures = result[name]
        line = (f"  {name:8s} P {100 * figures['precision']:5.1f}  R {100 * figures['recall']:5.1f}"
                f"  F1 {100 * figures['f1']:5.1f}")
        if name == "value":
            line += f"  accuracy {100 * figures['accuracy']:5.1f}"
        lines.append(line)
    lines.append(f"  throughput {result['words_per_second']:,.0f} words/s ({result['seconds']:.1f} s)")
    lines.append(f"  anchors: {ANCHORS}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    quick = "--quick" in args
    use_spacy = "--spacy" in args
    paths = [a for a in args if not a.startswith("--")]
    print(report(run(paths[0] if paths else DEFAULT_PATH, quick=quick, use_spacy=use_spacy)))


if __name__ == "__main__":
    main()
