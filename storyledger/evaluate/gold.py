"""Score a corpus against a gold file (format: shared/gold/FORMAT.md).

The corpus runs through the whole pipeline into a fresh database; each gold
section then has one scorer here, registered in SCORERS. A scorer reads the
run only through `Run` and returns its figures, or raises NotScored when the
pipeline cannot produce that section yet. Claims and timeline are read from
the JSON dossier of the thread that holds the gold article (what a reader is
shown), never from the analysis. A precision with nothing predicted is None
(JSON null, printed "n/a") and its F1 is 0: an empty run never looks perfect.
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
    dossiers: dict[int, dict] = field(default_factory=dict)  # thread id -> its JSON dossier
    entity_names: dict[str, str] = field(default_factory=dict)  # pipeline entity id -> name

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
    mentions = _mention_counts(run)
    return entity_scores(gold_entities, mentions, run, run.entity_names)


def entity_scores(gold_entities: list[dict], mentions: dict[str, Counter], run: Run,
                  names: dict[str, str] | None = None) -> dict:
    """Pairwise alias clustering. `mentions`: alias key -> Counter of pipeline entity id -> mentions.

    Each alias stands for the one entity that holds most of its mentions (ties: the lowest id);
    an alias with no mention stands for nothing and costs recall."""
    names = names or {}
    gold_of: dict[str, str] = {}  # alias key -> gold entity name
    for entity in gold_entities:
        for alias in {_key(a) for a in entity["aliases"]}:
            gold_of[alias] = entity["name"]
    holder = {alias: _holder(mentions[alias]) for alias in gold_of if mentions.get(alias)}
    true_pairs = predicted_pairs = correct = 0
    for a, b in combinations(sorted(gold_of), 2):
        same_gold = gold_of[a] == gold_of[b]
        same_run = a in holder and holder.get(a) == holder.get(b)
        true_pairs += same_gold
        predicted_pairs += same_run
        correct += same_gold and same_run
    for alias in sorted(set(gold_of) - set(holder)):
        run.miss("entities", f"alias not found: {alias!r} (of {gold_of[alias]!r})")
    precision = correct / predicted_pairs if predicted_pairs else None
    recall = correct / true_pairs if true_pairs else 1.0
    return {"precision": _round(precision), "recall": round(recall, 4), "f1": _f1(precision, recall),
            "wrong_merges": _wrong_merges(gold_of, holder, run, names),
            "split": _splits(gold_of, mentions, run, names),
            "aliases_found": len(holder), "aliases_total": len(gold_of)}


def _holder(counts: Counter) -> str:
    return min(counts, key=lambda entity: (-counts[entity], _id_order(entity)))


def _id_order(entity_id) -> tuple:
    text = str(entity_id)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _wrong_merges(gold_of: dict[str, str], holder: dict[str, str], run: Run, names: dict) -> int:
    """Pairs of different gold entities that some of their aliases stand for one pipeline entity."""
    golds_of: dict[str, set[str]] = defaultdict(set)
    for alias, entity in holder.items():
        golds_of[entity].add(gold_of[alias])
    merged = set()
    for entity, golds in sorted(golds_of.items(), key=lambda x: _id_order(x[0])):
        for pair in combinations(sorted(golds), 2):
            if pair not in merged:
                merged.add(pair)
                run.miss("entities", f"wrong merge: {pair[0]!r} and {pair[1]!r} in entity "
                                     f"{_entity_label(entity, names)}")
    return len(merged)


def _splits(gold_of: dict[str, str], mentions: dict[str, Counter], run: Run, names: dict) -> int:
    """Gold entities whose aliases' mentions are spread over more than one pipeline entity."""
    spread: dict[str, Counter] = defaultdict(Counter)
    for alias, gold in gold_of.items():
        spread[gold].update(mentions.get(alias, Counter()))
    split = 0
    for gold, counts in sorted(spread.items()):
        if len(counts) > 1:
            split += 1
            shown = ", ".join(f"{_entity_label(e, names)} ({counts[e]})"
                              for e in sorted(counts, key=lambda e: (-counts[e], _id_order(e))))
            run.miss("entities", f"split: {gold!r} over {shown}")
    return split


def _entity_label(entity_id, names: dict) -> str:
    name = names.get(str(entity_id))
    return f"{entity_id} {name!r}" if name else str(entity_id)


def _mention_counts(run: Run) -> dict[str, Counter]:
    """Alias key -> Counter of pipeline entity id -> mentions of that alias; entity names in run."""
    mentions: dict[str, Counter] = defaultdict(Counter)
    # an alias's evidence rows are its mentions ("Volodymyr Zelensky" inside "Ukrainian
    # President Volodymyr Zelensky"); an alias is recorded from at least one mention
    rows = run.db.query("SELECT a.text, a.entity_id, e.name, COUNT(*) FROM entity_aliases a"
                        " JOIN entities e ON e.id = a.entity_id"
                        " LEFT JOIN entity_alias_evidence v ON v.alias_id = a.id"
                        " WHERE a.kind = 'name' GROUP BY a.id")
    for text, entity_id, name, count in rows:
        mentions[_key(text)][str(entity_id)] += count
        run.entity_names[str(entity_id)] = name
    return mentions


# --- what a reader is shown: the JSON dossier of an article's thread ------------------------

def _dossier_of(row: dict, run: Run) -> dict | None:
    """The JSON dossier (as `storyledger dossier tN --format json` prints it) of the thread that
    holds the gold row's article, or None when the article is in no thread."""
    from storyledger.store import links

    article = run.article(row["article"])
    thread_id = links.thread_of_article(run.db, article.id)
    if thread_id is None:
        return None
    if thread_id not in run.dossiers:
        from storyledger.dossier.build import build_dossier

        run.dossiers[thread_id] = json.loads(json.dumps(build_dossier(run.db, f"t{thread_id}"),
                                                        ensure_ascii=False, default=str))
    return run.dossiers[thread_id]


# --- claims ---------------------------------------------------------------------------------

def score_claims(rows: list[dict], run: Run) -> dict:
    counts = Counter(total=len(rows))
    for row in rows:
        dossier = _dossier_of(row, run)
        shown = shown_claim(row["evidence"], run.article(row["article"]).id, dossier) if dossier else None
        if shown is None:
            where = "its thread's dossier" if dossier else "no dossier (the article is in no thread)"
            run.miss("claims", f"{row['article']}: not found in {where}: {row['evidence']!r}")
            continue
        counts["found"] += 1
        for field_name in ("speaker", "channel", "status"):
            if row.get(field_name) is None:
                continue
            counts[f"{field_name}_scored"] += 1
            ok = _claim_field_ok(field_name, row, shown, run)
            counts[f"{field_name}_correct"] += ok
            if not ok:
                run.miss("claims", f"{row['article']}: {field_name} {shown.get(field_name)!r}, "
                                   f"gold {row[field_name]!r} for {row['evidence']!r}")
    keys = ["total", "found", "speaker_correct", "channel_correct", "status_correct",
            "speaker_scored", "channel_scored", "status_scored"]
    return {k: counts[k] for k in keys}


def shown_claim(evidence: str, article_id: str, dossier: dict) -> dict | None:
    """The dossier's claim row (an `evidence[]` item of its ledger) from this article, with
    content, whose evidence sentence contains `evidence`; the one whose content overlaps the
    gold evidence most, else the first."""
    best, best_overlap = None, 0
    for claim in dossier.get("claims", []):
        for shown in claim["evidence"]:
            content = shown.get("content") or [0, 0]
            at = shown["text"].find(evidence)
            if shown["article"] != article_id or at < 0 or content[1] <= content[0]:
                continue
            lo = shown["start"] + at
            overlap = min(content[1], lo + len(evidence)) - max(content[0], lo)
            if best is None or overlap > best_overlap:  # negative: the gap between the two
                best, best_overlap = shown, overlap
    return best


def _claim_field_ok(field_name: str, row: dict, shown: dict, run: Run) -> bool:
    gold, value = row[field_name], shown.get(field_name)
    if field_name == "status":
        return value == gold
    if field_name == "speaker" and _key(gold) == "anonymous source":
        return _key(value) == "anonymous source" or _speaker_kind(shown, run) == "anonymous"
    return _names_match(gold, value, run, shown["article"])


def _speaker_kind(shown: dict, run: Run) -> str | None:
    """How the analysis classed the speaker of a shown claim row ("a source close to ..." is
    anonymous): the row's content offsets name its attribution."""
    name = next((n for n, a in run.articles.items() if a.id == shown["article"]), None)
    analysis = run.analyses.get(name)
    for attribution in analysis.attributions if analysis else []:
        content = attribution.content
        if content and [content.start, content.end] == list(shown["content"]):
            return attribution.speaker_kind
    return None


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
        dossier = _dossier_of(row, run)
        dates = dated_facts(row["evidence"], run.article(row["article"]).id, dossier) if dossier else []
        if not dates:
            where = "its thread's dossier" if dossier else "no dossier (the article is in no thread)"
            run.miss("timeline", f"{row['article']}: no dated fact in {where} for {row['evidence']!r}")
            continue
        found += 1
        if any(date_right(d, row["date"]) for d in dates):
            correct += 1
        else:
            run.miss("timeline", f"{row['article']}: date {', '.join(dates)}, gold {row['date']!r} "
                                 f"for {row['evidence']!r}")
    return {"total": len(rows), "found": found, "date_correct": correct}


def dated_facts(evidence: str, article_id: str, dossier: dict) -> list[str]:
    """Dates of the dossier's timeline facts from this article whose evidence contains `evidence`
    (an undated fact is no fact of the timeline)."""
    dates = []
    for entry in dossier.get("timeline", []):
        for source in entry["sources"]:
            shown = source["evidence"]
            if entry.get("date") and shown["article"] == article_id and evidence in shown["text"]:
                if entry["date"] not in dates:
                    dates.append(entry["date"])
    return dates


def date_right(date: str, gold: str) -> bool:
    """The date equals the gold date at the gold granularity: "2022-09-12" is right for gold
    "2022-09"; "2022" is not right for gold "2022-09"."""
    return len(date) >= len(gold) and date[:len(gold)] == gold


# --- events, threads, copies ----------------------------------------------------------------

def score_events(gold_events: dict[str, str], run: Run) -> dict:
    """BCubed over every gold article; an article in no event is an event of its own."""
    if not gold_events:
        raise NotScored("the gold names no article")
    predicted = _event_of_name(run)
    clusters = {n: predicted.get(n, ("alone", n)) for n in gold_events}
    precision, recall = _bcubed(gold_events, clusters)
    _event_misses(gold_events, clusters, run)
    return {"bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4),
            "bcubed_f1": _f1(precision, recall)}


def _event_misses(gold_events: dict[str, str], clusters: dict[str, object], run: Run) -> None:
    by_gold: dict[str, set] = defaultdict(set)
    by_run: dict[object, set] = defaultdict(set)
    for name, label in gold_events.items():
        by_gold[label].add(clusters[name])
        by_run[clusters[name]].add(label)
    for label, found in sorted(by_gold.items()):
        if len(found) > 1:
            run.miss("events", f"gold event {label!r} split over {len(found)} pipeline events: "
                               f"{', '.join(sorted(map(_cluster_label, found)))}")
    for cluster, labels in sorted(by_run.items(), key=lambda x: _cluster_label(x[0])):
        if len(labels) > 1:
            run.miss("events", f"pipeline event {_cluster_label(cluster)} merges gold events "
                               f"{', '.join(sorted(labels))}")


def _cluster_label(cluster) -> str:
    return f"{cluster[1]} (in no event)" if isinstance(cluster, tuple) else f"e{cluster}"


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
    event_of = _event_of_name(run)
    thread_of = thread_of_event(run.db)
    threads = {}
    for name in run.gold_events:
        thread = thread_of.get(event_of.get(name)) if name in event_of else None
        threads[name] = f"t{thread}" if thread is not None else f"{name} (in no thread)"
    return thread_scores(gold_threads, run.gold_events, threads, run)


def thread_scores(gold_threads: dict, gold_events: dict[str, str], thread_of_name: dict[str, str],
                  run: Run) -> dict:
    """Strict pair scores. `thread_of_name`: article -> its thread, where an article in no thread
    is a thread of its own. A must-link pair holds when every article of both events sits in one
    thread; a cannot-link pair when no article of one shares a thread with one of the other."""
    def threads(label: str) -> set[str]:
        return {thread_of_name.get(n, f"{n} (in no thread)") for n, lab in gold_events.items() if lab == label}

    must = gold_threads.get("must_link", [])
    cannot = gold_threads.get("cannot_link", [])
    must_ok = cannot_ok = 0
    for a, b in must:
        found = threads(a) | threads(b)
        if len(found) == 1:
            must_ok += 1
        else:
            run.miss("threads", f"must-link {a}-{b}: spread over {', '.join(sorted(found)) or 'nothing'}")
    for a, b in cannot:
        shared = threads(a) & threads(b)
        if shared:
            run.miss("threads", f"cannot-link {a}-{b}: share {', '.join(sorted(shared))}")
        else:
            cannot_ok += 1
    return {"must_link_ok": must_ok, "must_link_total": len(must),
            "cannot_link_ok": cannot_ok, "cannot_link_total": len(cannot)}


def score_copies(groups: list[dict], run: Run) -> dict:
    try:
        from storyledger.link.copies import copy_groups
    except ImportError as exc:
        raise NotScored("copy detection is not available") from exc
    name_of = {a.id: name for name, a in run.articles.items()}
    # pairs of the groups the "copy of" links make: a story copied in three languages is one
    # group of three pairs, whichever two links the pipeline recorded
    predicted_groups = [{**g, "articles": [name_of[a] for a in g["articles"] if a in name_of]}
                        for g in copy_groups(run.db)]
    gold_articles = set(run.gold_events) | {a for g in groups for a in g["articles"]}
    return copy_scores(groups, predicted_groups, gold_articles, run)


def copy_scores(groups: list[dict], predicted_groups: list[dict], gold_articles: set[str], run: Run) -> dict:
    """Pairwise precision/recall of copy groups among gold articles, and origin accuracy."""
    gold_pairs = {frozenset(p) for g in groups for p in combinations(g["articles"], 2)}
    predicted = {frozenset(p) for g in predicted_groups for p in combinations(g["articles"], 2)
                 if set(p) <= gold_articles and p[0] != p[1]}
    hits = len(gold_pairs & predicted)
    precision = hits / len(predicted) if predicted else None
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    for pair in sorted(map(sorted, gold_pairs - predicted)):
        run.miss("copies", f"copy not linked: {pair[0]} - {pair[1]}")
    for pair in sorted(map(sorted, predicted - gold_pairs)):
        run.miss("copies", f"wrong copy link: {pair[0]} - {pair[1]}")
    return {"precision": _round(precision), "recall": round(recall, 4), "f1": _f1(precision, recall),
            **_origin_scores(groups, predicted_groups, run)}


def _origin_scores(groups: list[dict], predicted_groups: list[dict], run: Run) -> dict:
    """The origin the pipeline gives the group that holds most of the gold group's articles."""
    correct = total = 0
    for group in groups:
        if not group.get("origin"):
            continue
        total += 1
        members = set(group["articles"])
        holding = max(predicted_groups, key=lambda g: len(members & set(g["articles"])), default=None)
        origin = holding.get("origin") if holding and members & set(holding["articles"]) else None
        if origin and _key(origin) in _origin_keys(group["origin"]):
            correct += 1
        else:
            run.miss("copies", f"origin {origin!r}, gold {group['origin']!r} for {', '.join(group['articles'])}")
    return {"origin_correct": correct, "origin_total": total}


def _origin_keys(origin: str) -> set[str]:
    agency = agencies.lookup(origin)
    names = [origin] + ([agency.name, *agency.aliases] if agency else [])
    return {_key(n) for n in names}


def _round(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 4)


def _f1(precision: float | None, recall: float | None) -> float:
    """0 when either is undefined (nothing predicted): empty output never looks perfect."""
    if precision is None or recall is None or not precision + recall:
        return 0.0
    return round(2 * precision * recall / (precision + recall), 4)


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
    shown = ", ".join(f"{k}={'n/a' if v is None else v}" for k, v in figures.items())
    return f"{section:12} {shown}"
