"""Events: reports of one real-world happening, clustered as articles arrive.

Single pass, in publication order. Each article becomes a weighted bag of
terms (content words, lead sentences and event triggers weighted up) and a bag
of entity keys (names from the Analysis), both tf-idf weighted with document
frequencies kept in the store, and a bag of the lead's facts (explicit dates,
numbers: what tells two happenings of one kind apart when the people are the
same; the lead's trigger verbs are left out of it, they name the kind). Candidate events come from an inverted index
(`event_keys`) over each event's most telling terms and names, read with a cap
per key, so the cost of one article does not grow with the store. The article
joins the most similar candidate above the join threshold (EventSettings), unless the dates say
it is another happening (same people, years apart, or both leads state other
days for their main event), else it founds an event.

Two conflicts lower a candidate's score, because reports of two happenings of
one kind share topic words and often names (the earlier happening comes up as
background): both headlines (title and first sentence) name central people the
other side never mentions (two suspects, two hosts of one ceremony), or both
headlines name weekdays two or more days apart ("on Saturday" / "on Thursday";
a day apart is still one happening: night events, time zones, next-day reports).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re

from anyascii import anyascii

from storyledger import agencies, lang
from storyledger.link.similarity import idf_weight, sentence_vectors, spacy_stop_words
from storyledger.link.similarity import top_keys as _top
from storyledger.link.similarity import weighted_cosine as _cosine
from storyledger.model import Analysis, Article, Mention
from storyledger.settings import DEFAULT, EventSettings
from storyledger.store import links
from storyledger.store.db import Database

# The thresholds and weights are EventSettings (storyledger/settings.py), passed in as `settings`.
ENTITY_TYPES = {"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "MISC"}

_log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# weekday names of the language files ([time] weekdays, Monday first) -> 0..6
_WEEKDAY_INDEX = {day: i for code in lang.known_languages()
                  for i, day in enumerate(lang.language(code).time["weekdays"])}
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(_WEEKDAY_INDEX)))})\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def link_article(db: Database, article: Article, analysis: Analysis | None = None,
                 features: dict | None = None, settings: EventSettings = DEFAULT.events) -> None:
    """Join the article to its event or found a new one. `features` are its article_features,
    when the caller has them already (threads use the same)."""
    features = features or article_features(article, analysis, db, settings)
    n_docs = links.counter(db, "event_documents") + 1
    links.increment_counter(db, "event_documents")
    bag_keys = list(features["terms"]) + list(features["entities"]) + list(features["facts"])
    links.add_document_frequencies(db, bag_keys)
    df = links.document_frequencies(db, bag_keys)
    idf = {k: idf_weight(df.get(k, 1), n_docs, settings.prior_documents) for k in df}
    keys = _query_keys(features, idf, settings.query_keys)
    copied = _event_of_copy_source(db, article.id)
    # a copy, rewrite or translation reports its source's happening, unless a rewrite in the same
    # language dates another one (look-alike reports of two incidents told with one template align
    # sentence by sentence; a translation's alignment checks its figures, and a date read wrong in
    # one language must not undo it)
    if copied is not None and not _other_language(features, copied["profile"]) and (
            not _dates_compatible(features["date"], copied, settings)
            or _main_dates_differ(features, copied["profile"], settings)):
        copied = None
    if copied is not None:
        _join(db, copied, article.id, features, 1.0, settings)
        links.add_event_keys(db, copied["id"], keys)
        return
    # the latest events too: a report in another script shares no term and may spell no name alike
    events = links.event_rows(db, links.event_candidates(db, keys, settings.max_candidates)
                              + links.event_ids_by_date(db, settings.recent_events))
    _add_idf(db, idf, [event["profile"] for event in events.values()], n_docs, settings.prior_documents)
    scores = _scores(db, features, events, idf, settings)
    best_event = max(scores, key=scores.get, default=None)
    if best_event is not None and scores[best_event] < settings.join_threshold:
        best_event = _across_languages(db, article, features, events, scores, settings)
    other_languages = [e for e in scores if _other_language(features, events[e]["profile"])]
    probabilities = _learned_probabilities(db, article, analysis, other_languages, idf) if settings.learned else {}
    if best_event is None or scores[best_event] < settings.join_threshold:
        best_event = _learned_match(probabilities, scores, settings.join_threshold) or best_event
    if best_event is not None and scores[best_event] >= settings.join_threshold:
        _join(db, events[best_event], article.id, features, scores[best_event], settings)
        event_id = _merge_bridged(db, best_event, article.id, probabilities, settings)
    else:
        event_id = links.create_event(db, article.id, features["date"], _profile({}, features, settings))
        links.add_event_article(db, article.id, event_id, None, features["date"])
    links.add_event_keys(db, event_id, keys)


def _scores(db: Database, features: dict, events: dict[int, dict], idf: dict[str, float],
            settings: EventSettings) -> dict[int, float]:
    """Similarity to each candidate event whose dates allow it, lowered by the conflicts."""
    scores = {}
    for event_id, event in events.items():
        if not _dates_compatible(features["date"], event, settings) \
                or _main_dates_differ(features, event["profile"], settings):
            continue
        score = similarity(features, event["profile"], idf, db, settings)
        if settings.participant_conflict is not None and participants_differ(features, event):
            score *= settings.participant_conflict
        if settings.weekday_conflict is not None and weekdays_differ(features, event["profile"]):
            score *= settings.weekday_conflict
        scores[event_id] = score
    return scores


def _learned_probabilities(db: Database, article: Article, analysis: Analysis | None, candidates: list[int],
                           idf: dict[str, float]) -> dict[int, float]:
    """The learned model's probability that the article reports each candidate's happening."""
    from storyledger.link import learned

    if not candidates:
        return {}
    view = learned.remember(article, analysis)
    return learned.event_probabilities(db, view, sorted(candidates), idf, learned.load_events())


def _learned_match(probabilities: dict[int, float], scores: dict[int, float], join_threshold: float) -> int | None:
    """The candidate the learned similarity finds most probably the same happening, when it
    reaches the model's threshold; its score becomes that probability."""
    from storyledger.link import learned

    best = max(probabilities, key=lambda e: (probabilities[e], -e), default=None)
    if best is None or probabilities[best] < learned.load_events().threshold:
        return None
    scores[best] = max(probabilities[best], join_threshold)
    return best


def _merge_bridged(db: Database, joined: int, article_id: str, probabilities: dict[int, float],
                   settings: EventSettings = DEFAULT.events) -> int:
    """Events the article also reports, with the model's merge probability or more, are one
    happening with the event it joined: merged into the oldest of them, threads too (logged).
    The event id that holds the article now."""
    from storyledger.link import learned

    bound = learned.load_events().merge_threshold
    bridged = sorted(e for e, p in probabilities.items() if e != joined and p >= bound)
    if not bridged:
        return joined
    keep = min(joined, *bridged)
    for gone in sorted({joined, *bridged} - {keep}):
        _merge_events(db, keep, gone, article_id, probabilities.get(gone), settings)
    return keep


def _merge_events(db: Database, keep: int, gone: int, article_id: str, probability: float | None,
                  settings: EventSettings) -> None:
    from storyledger.link import threads

    rows = links.event_rows(db, [keep, gone])
    kept_thread, gone_thread = links.thread_of_event_id(db, keep), links.thread_of_event_id(db, gone)
    dates = [d for row in rows.values() for d in (row["first_date"], row["last_date"]) if d]
    links.merge_events(db, keep, gone, min(dates, default=None), max(dates, default=None),
                       _merged_profiles(rows[keep]["profile"], rows[gone]["profile"], settings))
    _log.info("event %s merged into event %s: article %s bridges them (p=%s)", gone, keep, article_id,
              None if probability is None else round(probability, 3))
    if kept_thread is None and gone_thread is not None:
        links.set_event_thread(db, keep, gone_thread, None)
    elif gone_thread is not None and gone_thread != kept_thread:
        threads.merge(db, kept_thread, gone_thread, article_id, probability)


def _merged_profiles(ours: dict, theirs: dict, settings: EventSettings) -> dict:
    """Two event profiles as one: `theirs` added to `ours` as if it were one more report."""
    added = {part: theirs.get(part, {}) for part in ("terms", "entities", "facts")}
    central = dict(ours.get("central_people", {}))
    for key, n in theirs.get("central_people", {}).items():
        central[key] = central.get(key, 0) + n
    merged = _profile(ours, {**added, "names": theirs.get("names", {}), "main_dates": theirs.get("main_dates", []),
                             "weekdays": theirs.get("weekdays", []), "central_people": [],
                             "lang": None}, settings)
    merged["langs"] = sorted(set(ours.get("langs", [])) | set(theirs.get("langs", [])))
    merged["central_people"] = {k: central[k] for k in _top(central, 20)}
    return merged


def _across_languages(db: Database, article: Article, features: dict, events: dict[int, dict],
                      scores: dict[int, float], settings: EventSettings) -> int | None:
    """The best candidate in another language, its score raised by the encoder's reading of the
    two leads (one encoder call per article at most); None when there is none close enough."""
    if settings.cross_language_floor is None:
        return None
    others = [e for e, score in scores.items()
              if score >= settings.cross_language_floor and _other_language(features, events[e]["profile"])]
    if not others:
        return None
    best = max(others, key=scores.get)
    terms_share = 1 - settings.entity_weight - settings.fact_weight
    scores[best] += terms_share * _lead_agreement(db, article, events[best], settings)
    return best


# --- read functions ---------------------------------------------------------------

def event_of_article(db: Database) -> dict[str, int]:
    return links.event_of_article(db)


def events(db: Database, ids: list[int] | None = None) -> list[dict]:
    """[{id, articles: [ids in link order], first_date, last_date, names: [...], terms: [...]}],
    of every event or of the events `ids`."""
    members: dict[int, list[str]] = {}
    rows = links.event_article_rows(db) if ids is None else links.event_article_rows_for(db, list(ids))
    for row in rows:
        members.setdefault(row["event_id"], []).append(row["article_id"])
    result = []
    for event_id, event in links.event_rows(db, ids).items():
        profile = event["profile"]
        result.append({
            "id": event_id, "articles": members.get(event_id, []),
            "first_date": event["first_date"], "last_date": event["last_date"],
            "names": display_names(profile, 8), "terms": _top(profile.get("terms", {}), 12),
        })
    return result


def display_names(profile: dict, n: int) -> list[str]:
    """The profile's names, heaviest first, one spelling each."""
    names, weights = profile.get("names", {}), profile.get("entities", {})
    return list(dict.fromkeys(names[k] for k in _top(weights, len(weights)) if k in names))[:n]


# --- features ---------------------------------------------------------------------

def article_features(article: Article, analysis: Analysis | None, db: Database | None = None,
                     settings: EventSettings = DEFAULT.events) -> dict:
    """{terms: {term: weight}, entities: {key: weight}, names: {key: display}, date}."""
    lead_end = _lead_end(article, settings)
    terms: dict[str, float] = {}
    if article.title and not article.text.startswith(article.title):
        for word in content_words(article.title):
            terms[word] = terms.get(word, 0.0) + settings.lead_boost
    for match in _WORD.finditer(article.text):
        word = term(match.group())
        if word:
            terms[word] = terms.get(word, 0.0) + (settings.lead_boost if match.start() < lead_end else 1.0)
    for clause in (analysis.events if analysis else []):
        word = term(clause.trigger)
        if word:
            terms[word] = terms.get(word, 0.0) + settings.trigger_boost
    entities, names = _entities(analysis, lead_end, _entity_resolver(db, article.id), settings.lead_boost)
    return {"terms": _normalise(terms), "entities": _normalise(entities), "names": names,
            "facts": _normalise({k: v for k, v in lead_facts(article.text, analysis, lead_end).items()
                                 if k[0] in settings.fact_kinds}),
            "date": _article_date(article, analysis, lead_end), "main_dates": main_dates(analysis, lead_end),
            "central_people": central_people(article, analysis, settings),
            "weekdays": headline_weekdays(article, settings),
            "lang": (article.lang or "")[:2]}


def _other_language(features: dict, profile: dict) -> bool:
    """The article's language is known and none of the event's reports is in it."""
    return bool(features.get("lang")) and bool(profile.get("langs")) and features["lang"] not in profile["langs"]


def _lead_agreement(db: Database, article: Article, event: dict, settings: EventSettings) -> float:
    """How far the encoder's cosine of this lead and the event's first lead rises above the floor, 0-1."""
    from storyledger.store.articles import get_article

    first = get_article(db, event["first_article"])
    if first is None:
        return 0.0
    chars, floor = settings.lead_chars, settings.lead_agreement_floor
    ours, theirs = sentence_vectors([article.text[:_lead_end(article, settings)][:chars],
                                     first.text[:_lead_end(first, settings)][:chars]])
    return max(0.0, (float(ours @ theirs) - floor) / (1 - floor))


def headline_weekdays(article: Article, settings: EventSettings = DEFAULT.events) -> list[str]:
    """Weekdays the headline and first sentence name ("on Saturday"): the day of the happening."""
    headline = article.text[:_headline_end(article, settings)]
    return sorted({m.group().casefold() for m in _WEEKDAY.finditer(headline)})


def weekdays_differ(features: dict, profile: dict) -> bool:
    """Both headlines name a weekday, and none of ours is within a day of theirs.

    A day apart is still one happening: a night event, a time zone, the next day's report."""
    ours = [_WEEKDAY_INDEX[d] for d in features["weekdays"]]
    theirs = [_WEEKDAY_INDEX[d] for d in profile.get("weekdays", [])]
    return bool(ours and theirs) and all(min((a - b) % 7, (b - a) % 7) > 1 for a in ours for b in theirs)


def central_people(article: Article, analysis: Analysis | None, settings: EventSettings = DEFAULT.events) -> list[str]:
    """Full-name keys of the people the headline and first sentence name: who the happening is about."""
    end = _headline_end(article, settings)
    keys = set()
    for mention in (analysis.mentions if analysis else []):
        name = mention.canonical or mention.text
        if mention.type in ("PERSON", "PER") and mention.start < end and not _is_channel(name):
            keys.update(key for key, _ in entity_keys(name, mention.type)[:1])  # the full name's key
    return sorted(keys)


def participants_differ(features: dict, event: dict) -> bool:
    """Both sides name central people the other never mentions: two happenings of one kind
    (two suspects of one crime type, two hosts of one ceremony), not two reports of one."""
    profile = event["profile"]
    ours = [k for k in features["central_people"] if not _mentioned(k, profile.get("entities", {}))]
    members = event["n_articles"]
    theirs = [k for k, n in profile.get("central_people", {}).items()
              if 2 * n >= members and not _mentioned(k, features["entities"])]
    return bool(ours) and bool(theirs)


def _mentioned(key: str, entities: dict) -> bool:
    """The full name, or its last word (a surname) as a key of its own."""
    return key in entities or "e:" + key.split()[-1] in entities


def lead_facts(text: str, analysis: Analysis | None, lead_end: int) -> dict[str, float]:
    """What happened, when, how many, in the lead: trigger stems, explicit dates, numbers.

    Two happenings of one kind with shared participants still differ here (a
    different verb, a different day, another death toll or score)."""
    facts: dict[str, float] = {}
    for clause in (analysis.events if analysis else []):
        word = term(clause.trigger) if clause.start < lead_end else None
        if word:
            _add(facts, "v:" + word)
    for time in (analysis.times if analysis else []):
        if time.start < lead_end and time.value and re.match(r"\d{4}", time.value):
            _add(facts, "d:" + time.value[:10])
    for number in _NUMBER.findall(text[:lead_end]):
        _add(facts, "n:" + number.replace(",", ""))
    return facts


def _add(weights: dict[str, float], key: str) -> None:
    weights[key] = weights.get(key, 0.0) + 1.0


def main_dates(analysis: Analysis | None, lead_end: int) -> list[str]:
    """Day-precise dates the lead's clauses state for themselves (not the publication fallback)."""
    dates = {c.date[:10] for c in (analysis.events if analysis else [])
             if c.start < lead_end and c.date_basis == "clause" and c.date and _parse(c.date)}
    return sorted(dates)


def content_words(text: str) -> list[str]:
    return [t for t in (term(m.group()) for m in _WORD.finditer(text)) if t]


def term(word: str) -> str | None:
    """A word's index term: ASCII, case-folded, stop words and short words dropped, lightly stemmed."""
    word = anyascii(word).casefold()
    if len(word) < 3 or word in _stop_words() or word.isdigit() and len(word) < 2:
        return None
    return _stem(word)


def _stem(word: str) -> str:
    """A light suffix stripper: enough to meet "arrested"/"arrests"/"arrest" in one term."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


@functools.cache
def _stop_words() -> frozenset[str]:
    # weekdays stay: within a few days they tell two happenings of one kind apart
    reporting = {"said", "says", "told", "according", "reported", "report", "news", "year", "years",
                 "time", "week", "day", "also", "would", "could", "like", "just", "new", "people"}
    return frozenset(anyascii(w).casefold() for w in spacy_stop_words("en", "fr") | reporting)


def _entities(analysis: Analysis | None, lead_end: int, resolve,
              lead_boost: float) -> tuple[dict[str, float], dict[str, str]]:
    weights: dict[str, float] = {}
    names: dict[str, str] = {}
    for mention in (analysis.mentions if analysis else []):
        if mention.type not in ENTITY_TYPES:
            continue
        boost = lead_boost if mention.start < lead_end else 1.0
        name = mention.canonical or mention.text
        if _is_channel(name) or _is_channel(mention.text):
            continue  # a news agency or outlet relays the happening, it is no participant
        for key, display in resolve(mention) + entity_keys(name, mention.type):
            weights[key] = weights.get(key, 0.0) + boost
            if key not in names or _shouted(names[key]) and not _shouted(display):
                names[key] = display  # "Kestrava" over the dateline's "KESTRAVA"
    return weights, names


def merged_names(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Display names of keys: the first seen stays, unless it was shouted and the new one is not."""
    return {**new, **{k: v for k, v in old.items() if not (_shouted(v) and k in new and not _shouted(new[k]))}}


def _shouted(name: str) -> bool:
    """All capitals and longer than an acronym: a dateline's "KESTRAVA", "VAL SERENA"."""
    return name.isupper() and len(name.replace(" ", "")) > 5


def _is_channel(name: str) -> bool:
    agency = agencies.lookup(name)
    return agency is not None and agency.kind in ("wire", "outlet")


def _entity_resolver(db: Database | None, article_id: str):
    """mention -> [(key, display)] of its canonical entity, when the entity stage linked this article.

    These keys come on top of the spelling keys, so articles the entity stage
    did not link still meet the others by name."""
    linked = links.canonical_entities(db, article_id) if db is not None else {}

    def resolve(mention: Mention) -> list[tuple[str, str]]:
        entity = linked.get((mention.start, mention.end))
        return [("id:" + str(entity[0]), entity[1])] if entity else []

    return resolve


def entity_keys(name: str, type_: str) -> list[tuple[str, str]]:
    """Keys a name is matched by: the whole name, and for people the surname too."""
    name = re.sub(r"^(the|la|le|les|l')\s+", "", name.strip(), flags=re.I).strip(" .,'’\"")
    words = [w for w in re.findall(r"[^\W_]+", anyascii(name).casefold()) if w not in ("s",)]
    if not words:
        return []
    keys = [("e:" + " ".join(_spelling_key(w) for w in words), name)]
    if type_ in ("PERSON", "PER") and len(words) > 1 and len(words[-1]) > 2:
        keys.append(("e:" + _spelling_key(words[-1]), name))
    return keys


_TRANSLITERATION = [("tsch", "ch"), ("tch", "ch"), ("sch", "sh"), ("kh", "k"), ("ou", "u"), ("ow", "ov"),
                    ("ff", "v"), ("w", "v"), ("j", "y"), ("ie", "i")]


def _spelling_key(word: str) -> str:
    """One key for the usual transliterations of a foreign name (Ossetchkine, Osechkin, Osetschkin)."""
    if len(word) < 5:
        return word
    for old, new in _TRANSLITERATION:
        word = word.replace(old, new)
    word = re.sub(r"(.)\1", r"\1", word)  # doubled letters
    word = re.sub(r"e$", "", word)  # French final e
    word = re.sub(r"(iy|yi)$", "y", word)
    word = re.sub(r"ts?ch|tsh", "ch", word)
    return word


def _headline_end(article: Article, settings: EventSettings = DEFAULT.events) -> int:
    if article.sentences:
        return article.sentences[min(settings.headline_sentences, len(article.sentences)) - 1].end
    return min(len(article.text), 300)


def _lead_end(article: Article, settings: EventSettings = DEFAULT.events) -> int:
    if len(article.sentences) > settings.lead_sentences:
        return article.sentences[settings.lead_sentences - 1].end
    if article.sentences:
        return article.sentences[-1].end
    return min(len(article.text), 600)


def _article_date(article: Article, analysis: Analysis | None, lead_end: int) -> str | None:
    """Publication date; else the first day-precise date of an event clause in the lead."""
    if article.published and _parse(article.published):
        return article.published[:10]
    for clause in (analysis.events if analysis else []):
        if clause.start < lead_end and clause.date and _parse(clause.date):
            return clause.date[:10]
    return None


def _normalise(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {k: v / total for k, v in weights.items()} if total else {}


# --- similarity -------------------------------------------------------------------

def document_idf(features: list[dict]) -> dict[str, float]:
    """idf of every key of these article_features, as a store holding just them would give it."""
    df: dict[str, int] = {}
    for one in features:
        for key in {k for part in ("terms", "entities", "facts") for k in one.get(part, {})}:
            df[key] = df.get(key, 0) + 1
    return {key: idf_weight(n, len(features), DEFAULT.events.prior_documents) for key, n in df.items()}


def _add_idf(db: Database, idf: dict[str, float], profiles: list[dict], n_docs: int,
             prior: int = DEFAULT.events.prior_documents) -> None:
    """idf of the candidate profiles' keys, read in one query."""
    missing = {k for profile in profiles for part in ("terms", "entities", "facts")
               for k in profile.get(part, {}) if k not in idf}
    for key, df in links.document_frequencies(db, sorted(missing)).items():
        idf[key] = idf_weight(df, n_docs, prior)


def similarity(features: dict, profile: dict, idf: dict[str, float], db: Database | None,
               settings: EventSettings = DEFAULT.events) -> float:
    """Weighted cosine of terms and of names between an article and an event profile."""
    if any(k not in idf for part in ("terms", "entities", "facts") for k in profile.get(part, {})):
        _add_idf(db, idf, [profile], links.counter(db, "event_documents"), settings.prior_documents)
    parts = [(1.0, _cosine(features["terms"], profile.get("terms", {}), idf))]
    for part, weight in (("entities", settings.entity_weight), ("facts", settings.fact_weight)):
        if weight and features.get(part) and profile.get(part):
            parts.append((weight, _cosine(features[part], profile[part], idf)))
    # terms take the share the present parts leave
    rest = 1.0 - sum(w for w, _ in parts[1:])
    return rest * parts[0][1] + sum(w * v for w, v in parts[1:])


def pair_score(ours: dict, theirs: dict, idf: dict[str, float], settings: EventSettings = DEFAULT.events) -> float:
    """The score `link_article` gives an article (`ours`, its article_features) against the
    one-article event another founded (`theirs`), conflicts included; keys `idf` lacks count as rare."""
    profile = _profile({}, theirs, settings)
    rare = max(idf.values(), default=1.0)
    keys = {k for side in (ours, profile) for part in ("terms", "entities", "facts") for k in side.get(part, {})}
    idf = {**dict.fromkeys(keys, rare), **idf}
    if _main_dates_differ(ours, profile, settings):
        return 0.0
    score = similarity(ours, profile, idf, None, settings)
    if settings.participant_conflict is not None \
            and participants_differ(ours, {"profile": profile, "n_articles": 1}):
        score *= settings.participant_conflict
    if settings.weekday_conflict is not None and weekdays_differ(ours, profile):
        score *= settings.weekday_conflict
    return score


def _query_keys(features: dict, idf: dict[str, float], n: int) -> list[str]:
    ranked = sorted(features["terms"], key=lambda k: -features["terms"][k] * idf.get(k, 1.0))
    names = sorted(features["entities"], key=lambda k: -features["entities"][k] * idf.get(k, 1.0))
    return ranked[:n] + names[:n]


def _dates_compatible(date: str | None, event: dict, settings: EventSettings) -> bool:
    day = _parse(date)
    first, last = _parse(event["first_date"]), _parse(event["last_date"])
    if day is None or first is None or last is None:
        return True
    window = dt.timedelta(days=settings.date_window_days)
    return first - window <= day <= last + window


def _main_dates_differ(features: dict, profile: dict, settings: EventSettings) -> bool:
    """Both sides state explicit dates for their main event, and none are within a few days."""
    ours, theirs = [_parse(d) for d in features["main_dates"]], [_parse(d) for d in profile.get("main_dates", [])]
    if not ours or not theirs or settings.main_date_days is None:
        return False
    return all(abs((a - b).days) > settings.main_date_days for a in ours for b in theirs)


def _parse(value: str | None) -> dt.date | None:
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- event state ------------------------------------------------------------------

def _profile(profile: dict, features: dict, settings: EventSettings = DEFAULT.events) -> dict:
    """Sum of member articles' normalised bags, trimmed to the heaviest entries."""
    result = {}
    caps = (("terms", settings.profile_terms), ("entities", settings.profile_entities),
            ("facts", settings.profile_facts))
    for part, cap in caps:
        summed = dict(profile.get(part, {}))
        for k, v in features[part].items():
            summed[k] = summed.get(k, 0.0) + v
        result[part] = {k: round(summed[k], 5) for k in _top(summed, cap)}
    names = merged_names(profile.get("names", {}), features["names"])
    result["names"] = {k: names[k] for k in result["entities"] if k in names}
    result["main_dates"] = sorted(set(profile.get("main_dates", [])) | set(features["main_dates"]))[:20]
    result["weekdays"] = sorted(set(profile.get("weekdays", [])) | set(features["weekdays"]))
    result["langs"] = sorted(set(profile.get("langs", [])) | ({features["lang"]} if features.get("lang") else set()))
    central = dict(profile.get("central_people", {}))
    for key in features["central_people"]:
        central[key] = central.get(key, 0) + 1
    result["central_people"] = {k: central[k] for k in _top(central, 20)}
    return result


def _event_of_copy_source(db: Database, article_id: str) -> dict | None:
    source = links.copy_of(db, article_id)
    event_id = links.event_of_article(db, source).get(source) if source else None
    return links.event_rows(db, [event_id])[event_id] if event_id is not None else None


def _join(db: Database, event: dict, article_id: str, features: dict, score: float,
          settings: EventSettings) -> None:
    dates = [d for d in (event["first_date"], event["last_date"], features["date"]) if d]
    links.update_event(db, event["id"], min(dates) if dates else None, max(dates) if dates else None,
                       event["n_articles"] + 1, _profile(event["profile"], features, settings))
    links.add_event_article(db, article_id, event["id"], round(score, 4), features["date"])
