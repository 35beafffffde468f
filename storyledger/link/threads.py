"""Threads: events that develop one story over time.

An event founded by a new article is linked to an earlier thread when they
share a central name (one of the few heaviest, rarest names of each) and
enough of their key terms: the 2022 attempt on a man and the 2025 arrests over
a plot against him. Dates do not matter here, unlike for events. Candidate
threads come from the `thread_keys` index (central names), capped per key.
A shared name is not a story: with `story_check` (on by default) a candidate
thread must also pass the learned story similarity against its reports.

A story can begin as two threads, when its first reports share no central
name. A later report that belongs to one and clearly also to the other
(`merge_threshold` of ThreadSettings, above the join threshold) bridges them: the younger thread
is merged into the older one, and the merge is recorded with that report.
"""
from __future__ import annotations

from storyledger.link import events
from storyledger.link.similarity import idf_weight, top_keys, weighted_cosine
from storyledger.model import Analysis, Article
from storyledger.settings import DEFAULT, ThreadSettings
from storyledger.store import links
from storyledger.store.db import Database

# The thresholds and caps are ThreadSettings (storyledger/settings.py), passed in as `settings`.


def link_article(db: Database, article: Article, analysis: Analysis | None = None,
                 features: dict | None = None, settings: ThreadSettings = DEFAULT.threads) -> None:
    event_id = links.event_of_article(db, article.id).get(article.id)
    if event_id is None:
        return
    features = features or events.article_features(article, analysis, db)
    idf = _idf(db, features)
    central = _central(features["entities"], idf, settings.central_names)
    current = links.thread_of_event_id(db, event_id)
    story = _story_check(db, article, analysis, idf, settings.story_probability) if settings.story_check else None
    if current is None:
        current, score = _best_thread(db, features, central, idf, settings, story=story)
        if current is None:
            current = links.create_thread(db, event_id, _profile({}, features, settings))
            score = None
        else:
            _update(db, current, features, settings)
        links.set_event_thread(db, event_id, current, score)
    else:
        _update(db, current, features, settings)
    links.add_thread_keys(db, current, central)
    _merge_bridged(db, current, article.id, features, central, idf, story, settings)


# --- read functions ---------------------------------------------------------------

def thread_of_event(db: Database) -> dict[int, int]:
    return links.thread_of_event(db)


def threads(db: Database, ids: list[int] | None = None) -> list[dict]:
    """[{id, events: [ids], names: [...], terms: [...]}], of every thread or of the threads `ids`."""
    members: dict[int, list[int]] = {}
    if ids is None:
        for event_id, thread_id in sorted(links.thread_of_event(db).items()):
            members.setdefault(thread_id, []).append(event_id)
    else:
        members = {thread_id: links.events_of_thread(db, thread_id) for thread_id in ids}
    return [{"id": thread_id, "events": members.get(thread_id, []),
             "names": events.display_names(row["profile"], 8),
             "terms": top_keys(row["profile"].get("terms", {}), 12)}
            for thread_id, row in links.thread_rows(db, ids).items()]


# --- matching ---------------------------------------------------------------------

def _merge_bridged(db: Database, current: int, article_id: str, features: dict, central: list[str],
                   idf: dict[str, float], story, settings: ThreadSettings) -> None:
    other, score = _best_thread(db, features, central, idf, settings, exclude=current,
                                threshold=settings.merge_threshold, story=story)
    if other is None:
        return
    merge(db, current, other, article_id, score, settings)


def merge(db: Database, one: int, other: int, article_id: str, score: float | None,
          settings: ThreadSettings = DEFAULT.threads) -> int:
    """Threads `one` and `other` as one, recorded with the report that bridges them; the older
    thread keeps its id, which is returned."""
    keep, gone = min(one, other), max(one, other)
    rows = links.thread_rows(db, [keep, gone])
    merged = _profile(rows[keep]["profile"], rows[gone]["profile"], settings)
    links.merge_threads(db, keep, gone, merged, article_id, score)
    return keep


def _best_thread(db: Database, features: dict, central: list[str], idf: dict[str, float],
                 settings: ThreadSettings = DEFAULT.threads, exclude: int | None = None,
                 threshold: float | None = None, story=None):
    """The best-scoring candidate thread from `threshold` (by default the join threshold) on that
    `story` (when given) accepts."""
    threshold = settings.join_threshold if threshold is None else threshold
    if not central:
        return None, None
    scored = []
    candidates = [t for t in links.thread_candidates(db, central, settings.max_candidates) if t != exclude]
    for thread_id, thread in links.thread_rows(db, candidates).items():
        profile = thread["profile"]
        their_central = _central(profile.get("entities", {}), _idf(db, profile), settings.central_names)
        if not set(central) & set(their_central):
            continue
        names = weighted_cosine(features["entities"], profile.get("entities", {}), idf)
        terms = weighted_cosine(_top_terms(features["terms"], idf, settings.key_terms), profile.get("terms", {}), idf)
        score = settings.name_weight * names + (1 - settings.name_weight) * terms
        if score >= threshold:
            scored.append((score, thread_id))
    for score, thread_id in sorted(scored, key=lambda x: (-x[0], x[1])):
        if story is None or story(thread_id):
            return thread_id, round(score, 4)
    return None, None


def _story_check(db: Database, article: Article, analysis: Analysis | None, idf: dict[str, float],
                 probability: float):
    """thread id -> whether the learned story similarity (data/event_linker.json: SemEval's "same
    story?") finds the article telling the story of one of the thread's reports (its first and
    latest): a shared name is not enough, the 2020 threats and the 2022 attempt on one man are two
    stories; the attempt and the arrests over a plot against him years later are one."""
    from storyledger.link import learned

    model = learned.load()
    view = None  # read when a candidate thread asks

    def same_story(thread_id: int) -> bool:
        nonlocal view
        view = view or learned.remember(article, analysis)
        reports = [r["article_id"] for r in links.event_article_rows_for(db, links.events_of_thread(db, thread_id))
                   if r["article_id"] != article.id]
        return learned.best_probability(db, view, reports, idf, model) >= probability

    return same_story


def _idf(db: Database, features: dict) -> dict[str, float]:
    keys = list(features.get("terms", {})) + list(features.get("entities", {}))
    n_docs = max(links.counter(db, "event_documents"), 1)
    prior = DEFAULT.events.prior_documents
    return {k: idf_weight(df, n_docs, prior) for k, df in links.document_frequencies(db, keys).items()}


def _central(entities: dict[str, float], idf: dict[str, float], n: int) -> list[str]:
    """The heaviest names, weighed by how rare they are: who the story is about."""
    return sorted(entities, key=lambda k: (-entities[k] * max(idf.get(k, 1.0), 0.1), k))[:n]


def _top_terms(terms: dict[str, float], idf: dict[str, float], n: int) -> dict[str, float]:
    ranked = sorted(terms, key=lambda k: -terms[k] * idf.get(k, 1.0))[:n]
    return {k: terms[k] for k in ranked}


def _profile(profile: dict, features: dict, settings: ThreadSettings = DEFAULT.threads) -> dict:
    """`profile` with an article's features (or another thread's profile) added."""
    result = {}
    for part, cap in (("terms", settings.profile_terms), ("entities", settings.profile_names)):
        summed = dict(profile.get(part, {}))
        for k, v in features[part].items():
            summed[k] = summed.get(k, 0.0) + v
        result[part] = {k: round(summed[k], 5) for k in top_keys(summed, cap)}
    names = events.merged_names(profile.get("names", {}), features["names"])
    result["names"] = {k: names[k] for k in result["entities"] if k in names}
    return result


def _update(db: Database, thread_id: int, features: dict, settings: ThreadSettings) -> None:
    thread = links.thread_rows(db, [thread_id])[thread_id]
    links.update_thread(db, thread_id, _profile(thread["profile"], features, settings))
