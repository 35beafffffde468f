"""Score a corpus against a gold file (format: shared/gold/FORMAT.md).

The corpus runs through the whole pipeline into a fresh database; each gold
section then has one scorer here, registered in SCORERS. A scorer reads the
run only through `Run` and returns its figures, or raises NotScored when the
pipeline cannot produce that section yet.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from storyledger import agencies, pipeline
from storyledger.model import Analysis, Article
from storyledger.store import articles as store
from storyledger.store.db import Database


class NotScored(Exception):
    """The pipeline has no output for this section yet."""


class GoldError(ValueError):
    """The gold file is not in the gold format."""


@dataclass
class Run:
    db: Database
    articles: dict[str, Article] = field(default_factory=dict)  # corpus name -> Article
    analyses: dict[str, Analysis] = field(default_factory=dict)
    gold_aliases: dict[str, set[str]] = field(default_factory=dict)  # gold entity name key -> alias keys
    gold_events: dict[str, str] = field(default_factory=dict)  # corpus name -> gold event label
    errors: list[str] = field(default_factory=list)
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # section -> what failed

    def miss(self, section: str, message: str) -> None:
        self.misses[section].append(message)

    def article(self, name: str) -> Article:
        if name not in self.articles:
            raise GoldError(f"gold names article {name!r}, which is not in the corpus")
        return self.articles[name]


def evaluate(corpus: str, gold_path: str, db_path: str | None = None, misses: dict | None = None) -> dict:
    """Scores per section; `misses`, if given, receives what failed in each section."""
    gold = load_gold(gold_path)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(db_path or Path(folder) / "eval.db")
        report = pipeline.ingest_paths(db, [corpus])
        _check_names(gold, {a["name"] for a in store.list_articles(db)})
        pipeline.analyse_pending(db, report=report)
        pipeline.link_pending(db, report=report)
        run = _collect(db, gold, [str(e) for e in report.errors])
        scores = {}
        for section, scorer in SCORERS.items():
            if section not in gold:
                continue
            try:
                scores[section] = scorer(gold[section], run)
            except NotScored as reason:
                scores[section] = {"scored": False, "reason": str(reason)}
        db.close()
    if misses is not None:
        misses.update(run.misses)
    if run.errors:
        scores["ingest_errors"] = run.errors
    return scores


def load_gold(path: str) -> dict:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from exc
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: a gold file is one JSON object")
    return gold


def _check_names(gold: dict, names: set[str]) -> None:
    """Fail before the expensive steps if the gold names articles the corpus does not have."""
    named = set(gold.get("events", {}))
    for section in ("claims", "timeline", "boilerplate", "duplicates"):
        named |= {row.get("article") for row in gold.get(section, [])}
    for group in gold.get("copies", []):
        named |= set(group.get("articles", []))
    unknown = sorted(n for n in named - names if n)
    if unknown:
        raise GoldError(f"gold names articles that are not in the corpus: {', '.join(unknown[:5])}")


def _collect(db: Database, gold: dict, errors: list[str]) -> Run:
    run = Run(db=db, errors=errors, gold_events=dict(gold.get("events", {})))
    for row in store.list_articles(db):
        article = store.get_article(db, row["id"])
        name = article.name or article.id
        run.articles[name] = article
        analysis = store.get_analysis(db, article.id)
        if analysis:
            run.analyses[name] = analysis
    for entity in gold.get("entities", []):
        run.gold_aliases[_key(entity["name"])] = {_key(a) for a in [entity["name"], *entity["aliases"]]}
    return run


def _key(name: str | None) -> str:
    """Names compare case-insensitively, without a leading "the"."""
    return re.sub(r"^the\s+", "", (name or "").strip().casefold())


# --- cleaning -------------------------------------------------------------------------------

def score_boilerplate(rows: list[dict], run: Run) -> dict:
    removed = 0
    for row in rows:
        if row["text"] in run.article(row["article"]).text:
            run.miss("boilerplate", f"{row['article']}: still there: {row['text']!r}")
        else:
            removed += 1
    return {"removed": removed, "total": len(rows)}


def score_duplicates(rows: list[dict], run: Run) -> dict:
    collapsed = 0
    for row in rows:
        if run.article(row["article"]).text.count(row["text"]) > 1:
            run.miss("duplicates", f"{row['article']}: kept twice: {row['text']!r}")
        else:
            collapsed += 1
    return {"collapsed": collapsed, "total": len(rows)}


# --- entities -------------------------------------------------------------------------------

def score_entities(gold_entities: list[dict], run: Run) -> dict:
    """Pairwise alias clustering over the gold aliases the pipeline found as mentions."""
    index = _alias_index(run)
    alias_entity: dict[str, set] = {}  # gold alias key -> pipeline entity ids
    gold_of: dict[str, str] = {}
    for entity in gold_entities:
        for alias in {_key(a) for a in entity["aliases"]}:
            gold_of[alias] = _key(entity["name"])
            if alias in index:
                alias_entity[alias] = index[alias]
    aliases = sorted(gold_of)
    true_pairs = predicted_pairs = correct = wrong_merges = 0
    for a, b in combinations(aliases, 2):
        same_gold = gold_of[a] == gold_of[b]
        same_run = bool(alias_entity.get(a, set()) & alias_entity.get(b, set()))
        true_pairs += same_gold
        predicted_pairs += same_run
        correct += same_gold and same_run
        wrong_merges += same_run and not same_gold
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": _f1(precision, recall),
            "wrong_merges": wrong_merges, "aliases_found": len(alias_entity), "aliases_total": len(aliases)}


def _alias_index(run: Run) -> dict[str, set]:
    try:
        from storyledger.link.entities import alias_index
    except ImportError as exc:
        raise NotScored("entity linking is not available") from exc
    index: dict[str, set] = defaultdict(set)
    for alias, ids in alias_index(run.db).items():
        index[_key(alias)] |= set(ids)
    return index


# --- claims ---------------------------------------------------------------------------------

def score_claims(rows: list[dict], run: Run) -> dict:
    counts = Counter(total=len(rows))
    for row in rows:
        attribution = _find_attribution(row, run)
        if attribution is None:
            run.miss("claims", f"{row['article']}: no attribution for {row['evidence']!r}")
            continue
        counts["found"] += 1
        for field_name in ("speaker", "channel", "status"):
            if row.get(field_name) is None:
                continue
            counts[f"{field_name}_scored"] += 1
            ok = _claim_field_ok(field_name, row, attribution, run)
            counts[f"{field_name}_correct"] += ok
            if not ok:
                got = {"speaker": attribution.speaker_name, "channel": attribution.channel_name,
                       "status": attribution.status}[field_name]
                run.miss("claims", f"{row['article']}: {field_name} {got!r}, gold {row[field_name]!r} "
                                   f"for {row['evidence']!r}")
    keys = ["total", "found", "speaker_correct", "channel_correct", "status_correct",
            "speaker_scored", "channel_scored", "status_scored"]
    return {k: counts[k] for k in keys}


def _located(row: dict, run: Run):
    """(article, analysis, start, end) of the gold evidence in the clean text, or None if absent."""
    article = run.article(row["article"])
    analysis = run.analyses.get(row["article"])
    if analysis is None:
        raise NotScored("articles were not analysed")
    position = article.text.find(row["evidence"])
    if position < 0:
        return None
    return article, analysis, position, position + len(row["evidence"])


def _find_attribution(row: dict, run: Run):
    located = _located(row, run)
    if located is None:
        return None
    _, analysis, *evidence = located
    candidates = [a for a in analysis.attributions
                  if a.sentence_start <= evidence[0] and evidence[1] <= a.sentence_end]
    return max(candidates, key=lambda a: _overlap(a, evidence), default=None)


def _overlap(attribution, evidence: tuple[int, int]) -> int:
    spans = [s for s in (attribution.content, attribution.cue) if s]
    return max((min(s.end, evidence[1]) - max(s.start, evidence[0]) for s in spans), default=0)


def _claim_field_ok(field_name: str, row: dict, attribution, run: Run) -> bool:
    gold = row[field_name]
    if field_name == "status":
        return attribution.status == gold
    if field_name == "speaker":
        value = attribution.speaker_name
        if _key(gold) == "anonymous source":
            return attribution.speaker_kind == "anonymous" or _key(value) == "anonymous source"
    else:
        value = attribution.channel_name
    return _names_match(gold, value, run, run.article(row["article"]).id)


def _names_match(gold: str, value: str | None, run: Run, article_id: str) -> bool:
    if not value:
        return False
    gold_keys = run.gold_aliases.get(_key(gold), set()) | {_key(gold)}
    return bool(gold_keys & _known_names(value, run, article_id))


def _known_names(value: str, run: Run, article_id: str) -> set[str]:
    """The pipeline's value with its canonical entity's name and aliases."""
    names = {_key(value)}
    agency = agencies.lookup(value)
    if agency:
        names |= {_key(n) for n in (agency.name, *agency.aliases)}
    try:
        from storyledger.link.entities import resolve_name
        entity = resolve_name(run.db, value, article_id)
    except ImportError:
        entity = None
    if entity:
        names |= {_key(n) for n in [entity["name"], *entity.get("aliases", [])]}
    return names


# --- timeline -------------------------------------------------------------------------------

def score_timeline(rows: list[dict], run: Run) -> dict:
    found = correct = 0
    for row in rows:
        event = _find_event(row, run)
        if event is None:
            run.miss("timeline", f"{row['article']}: no event for {row['evidence']!r}")
            continue
        found += 1
        correct += event.date == row["date"]
        if event.date != row["date"]:
            run.miss("timeline", f"{row['article']}: date {event.date!r}, gold {row['date']!r} "
                                 f"for {row['evidence']!r}")
    return {"total": len(rows), "found": found, "date_correct": correct}


def _find_event(row: dict, run: Run):
    located = _located(row, run)
    if located is None:
        return None
    article, analysis, lo, hi = located
    sentence = next((s for s in article.sentences if s.start <= lo and hi <= s.end), None)
    if sentence is None:
        return None
    events = [e for e in analysis.events if sentence.start <= e.start < sentence.end]
    return max(events, key=lambda e: min(e.end, hi) - max(e.start, lo), default=None)


# --- events, threads, copies ----------------------------------------------------------------

def score_events(gold_events: dict[str, str], run: Run) -> dict:
    predicted = _event_of_name(run)
    names = [n for n in gold_events if n in predicted]
    if not names:
        raise NotScored("no article was assigned to an event")
    precision, recall = _bcubed({n: gold_events[n] for n in names}, {n: predicted[n] for n in names})
    return {"bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4),
            "bcubed_f1": _f1(precision, recall)}


def _event_of_name(run: Run) -> dict[str, object]:
    try:
        from storyledger.link.events import event_of_article
    except ImportError as exc:
        raise NotScored("event linking is not available") from exc
    by_id = event_of_article(run.db)
    return {name: by_id[a.id] for name, a in run.articles.items() if a.id in by_id}


def _bcubed(gold: dict[str, str], predicted: dict[str, object]) -> tuple[float, float]:
    precision = recall = 0.0
    for item in gold:
        same_pred = {i for i in gold if predicted[i] == predicted[item]}
        same_gold = {i for i in gold if gold[i] == gold[item]}
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    return precision / len(gold), recall / len(gold)


def score_threads(gold_threads: dict, run: Run) -> dict:
    try:
        from storyledger.link.threads import thread_of_event
    except ImportError as exc:
        raise NotScored("thread linking is not available") from exc
    gold_events = run.gold_events
    event_of = _event_of_name(run)
    thread_of = thread_of_event(run.db)

    def thread(label: str):
        names = [n for n, lab in gold_events.items() if lab == label and n in event_of]
        votes = Counter(thread_of.get(event_of[n]) for n in names)
        return votes.most_common(1)[0][0] if votes else None

    def together(pair) -> bool:
        a, b = thread(pair[0]), thread(pair[1])
        return a is not None and a == b

    must = gold_threads.get("must_link", [])
    cannot = gold_threads.get("cannot_link", [])
    return {"must_link_ok": sum(together(p) for p in must), "must_link_total": len(must),
            "cannot_link_ok": sum(not together(p) for p in cannot), "cannot_link_total": len(cannot)}


def score_copies(groups: list[dict], run: Run) -> dict:
    try:
        from storyledger.link.copies import copy_groups
    except ImportError as exc:
        raise NotScored("copy detection is not available") from exc
    name_of = {a.id: name for name, a in run.articles.items()}
    gold_pairs = {frozenset(p) for g in groups for p in combinations(g["articles"], 2)}
    # pairs of the groups the "copy of" links make: a story copied in three languages is one
    # group of three pairs, whichever two links the pipeline recorded
    predicted_groups = copy_groups(run.db)
    predicted = {frozenset((name_of.get(a), name_of.get(b)))
                 for g in predicted_groups for a, b in combinations(g["articles"], 2)}
    predicted = {p for p in predicted if None not in p and len(p) == 2}
    hits = len(gold_pairs & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    origins = _origin_scores(groups, predicted_groups, name_of)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": _f1(precision, recall),
            **origins}


def _origin_scores(groups: list[dict], predicted_groups: list[dict], name_of: dict) -> dict:
    correct = total = 0
    for group in groups:
        if not group.get("origin"):
            continue
        total += 1
        members = set(group["articles"])
        for predicted in predicted_groups:
            names = {name_of.get(i) for i in predicted["articles"]}
            if members & names and _key(predicted.get("origin")) in _origin_keys(group["origin"]):
                correct += 1
                break
    return {"origin_correct": correct, "origin_total": total}


def _origin_keys(origin: str) -> set[str]:
    agency = agencies.lookup(origin)
    names = [origin] + ([agency.name, *agency.aliases] if agency else [])
    return {_key(n) for n in names}


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


SCORERS = {
    "boilerplate": score_boilerplate,
    "duplicates": score_duplicates,
    "entities": score_entities,
    "claims": score_claims,
    "timeline": score_timeline,
    "events": score_events,
    "threads": score_threads,
    "copies": score_copies,
}


def summary_line(section: str, figures: dict) -> str:
    if figures.get("scored") is False:
        return f"{section:12} not scored: {figures.get('reason', '')}"
    shown = ", ".join(f"{k}={v}" for k, v in figures.items())
    return f"{section:12} {shown}"
