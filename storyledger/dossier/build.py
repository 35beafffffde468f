"""The dossier of a thread or an event as one JSON-ready dict: the stable contract.

Everything here reads the store through the public read functions of the
store and link modules; the Markdown, HTML and web renderers only format
what `build_dossier` returns. The shape is described by `schema.json` beside
this file and in docs/dossier.md; `SCHEMA_VERSION` changes whenever a field
is renamed or removed (adding a field bumps the minor number).

Ids: threads are `t<N>`, events `e<N>`; a bare number means a thread.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from storyledger import agencies
from storyledger.analyse import events as event_clauses
from storyledger.analyse.attribution import DATELINE
from storyledger.dossier import reading, variants
from storyledger.lang import union
from storyledger.link import claims as claim_links
from storyledger.link import copies
from storyledger.link import entities as entity_links
from storyledger.link import events as event_links
from storyledger.link import threads as thread_links
from storyledger.model import Analysis, Article
from storyledger.store import articles as article_store
from storyledger.store import entities as entity_store
from storyledger.store import links
from storyledger.store import listings
from storyledger.store.db import Database

SCHEMA_VERSION = "1.3"
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC")
TITLE_CHARS = 140
LEAD_SENTENCES = 3  # clauses in the first sentences weigh more when dating an event
RECENT_DAYS = 31  # a date this long before a report's publication is background to it
BACKGROUND_WEIGHT = 0.25
_ID = re.compile(r"^\s*([teTE]?)(\d+)\s*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_PRONOUNS = union("attribution", "personal_pronouns")


class NotFound(LookupError):
    """A thread, event, article or entity id that is not in the store."""


@dataclass
class Target:
    kind: str  # thread | event
    number: int

    @property
    def id(self) -> str:
        return ("t" if self.kind == "thread" else "e") + str(self.number)


def parse_target(value: str) -> Target:
    """"t1" -> thread 1, "e2" -> event 2, "3" -> thread 3; ValueError otherwise."""
    match = _ID.match(str(value))
    if not match or int(match.group(2)) > 2 ** 63 - 1:  # no larger number fits a store id
        raise ValueError(f"{value!r} is not a thread or event id (use t<N> or e<N>)")
    return Target("event" if match.group(1).lower() == "e" else "thread", int(match.group(2)))


# --- cached reads ---------------------------------------------------------------------

class _Reader:
    """Articles and analyses read once per dossier."""

    def __init__(self, db: Database):
        self.db = db
        self._articles: dict[str, Article | None] = {}
        self._analyses: dict[str, Analysis | None] = {}

    def article(self, article_id: str) -> Article | None:
        if article_id not in self._articles:
            self._articles[article_id] = article_store.get_article(self.db, article_id)
        return self._articles[article_id]

    def analysis(self, article_id: str) -> Analysis | None:
        if article_id not in self._analyses:
            self._analyses[article_id] = article_store.get_analysis(self.db, article_id)
        return self._analyses[article_id]


# --- listings ---------------------------------------------------------------------------

def list_threads(db: Database, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One summary row per thread: id, title, events, span, counts. With `limit`, one page of
    them, the thread with the latest event first; without, all in id order. Rows come from the
    listing table that linking keeps up to date; one it lacks is computed here."""
    ids = _page_ids(db, "thread", links.thread_ids_by_activity, limit, offset)
    found = listings.rows(db, "thread", ids)
    found.update(thread_rows(db, [i for i in ids if i not in found]))
    return [found[i] for i in ids if i in found]


def list_events(db: Database, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One summary row per event: id, thread, title, date, span, counts. With `limit`, one page
    of them, latest first; without, all in id order."""
    ids = _page_ids(db, "event", links.event_ids_by_date, limit, offset)
    found = listings.rows(db, "event", ids)
    found.update(event_rows(db, [i for i in ids if i not in found]))
    return [{"id": found[i]["id"], "thread": _tid(links.thread_of_event_id(db, i)),
             **{key: value for key, value in found[i].items() if key != "dating"}}
            for i in ids if i in found]


def refresh_listings(db: Database, article_ids: list[str]) -> None:
    """Recompute the listing rows of the events and threads that hold `article_ids` (just
    linked), and of any event or thread without one, and move the store to its next link
    generation (what cached views key on). Events first: a thread row reads them."""
    listings.next_generation(db)
    events, threads = listings.touched_by(db, article_ids)
    events = sorted(set(events) | set(listings.without_rows(db, "event")))
    listings.save(db, "event", event_rows(db, events))
    threads = sorted(set(threads) | set(listings.without_rows(db, "thread")))
    listings.save(db, "thread", thread_rows(db, threads))


def event_rows(db: Database, ids: list[int]) -> dict[int, dict]:
    """The listing rows of the events `ids` (without their thread, which a merge may change)."""
    if not ids:
        return {}
    reader, rows = _Reader(db), {}
    for event in event_links.events(db, ids):
        view = _event_view(db, reader, event)
        rows[event["id"]] = {"id": view["id"], "title": view["title"], "date": view["date"],
                             "dating": {key: view[key] for key in _DATING},  # for the dossier, not listed
                             **_span_and_counts(db, reader, event["articles"], [view])}
    return rows


def thread_rows(db: Database, ids: list[int]) -> dict[int, dict]:
    """The listing rows of the threads `ids`, built on their events' rows."""
    if not ids:
        return {}
    found = thread_links.threads(db, ids)
    event_ids = [e for t in found for e in t["events"]]
    members = {e["id"]: e for e in event_links.events(db, event_ids)}
    views = listings.rows(db, "event", event_ids)
    views.update(event_rows(db, [e for e in event_ids if e not in views]))
    reader, rows = _Reader(db), {}
    for thread in found:
        events = [e for e in thread["events"] if e in members]
        article_ids = [a for e in events for a in members[e]["articles"]]
        event_views = [views[e] for e in events]
        rows[thread["id"]] = {"id": f"t{thread['id']}", "title": _thread_title(thread, event_views),
                              "events": [f"e{e}" for e in events],
                              **_span_and_counts(db, reader, article_ids, event_views)}
    return rows


def _page_ids(db: Database, kind: str, page_ids, limit: int | None, offset: int) -> list[int]:
    """One page of ids in the page's order, or every id in id order without a limit."""
    if limit is None:
        return listings.all_ids(db, kind)
    if offset > 2 ** 63 - 1:  # past any row a store can hold (and past what SQLite can be asked)
        return []
    return page_ids(db, limit, offset)


def _tid(number: int | None) -> str | None:
    return None if number is None else f"t{number}"


def _span_and_counts(db: Database, reader: _Reader, article_ids: list[str], event_views: list[dict]) -> dict:
    articles = [a for a in (reader.article(i) for i in article_ids) if a]
    dates = sorted([a.published for a in articles if a.published]
                   + [v["date"] for v in event_views if v["date"]])
    return {"span": {"first": dates[0] if dates else None, "last": dates[-1] if dates else None},
            "counts": _counts(db, articles)}


def _counts(db: Database, articles: list[Article]) -> dict:
    return {"reports": len(articles),
            "outlets": len({a.outlet for a in articles if a.outlet}),
            "languages": len({(a.lang or "")[:2] for a in articles if a.lang}),
            "independent_sources": len({report_origin(db, a.id)["key"] for a in articles})}


def report_origin(db: Database, article_id: str) -> dict:
    """Where a report's text independently comes from: the wire it relays, else its copy root.

    Copies of one text count once, and so do reports relaying one agency."""
    root, credit = copies.copy_origin(db, article_id)
    if credit:
        return {"key": "wire:" + credit["origin"], "label": credit["origin"], "wire": credit["origin"],
                "basis": credit["basis"], "root": root}
    return {"key": "article:" + root, "label": None, "wire": None, "basis": None, "root": root}


# --- the dossier ---------------------------------------------------------------------------

def build_dossier(db: Database, target: str | Target) -> dict:
    """The dossier of a thread (`t1`) or an event (`e2`); NotFound if there is none."""
    if not isinstance(target, Target):
        target = parse_target(target)
    reader = _Reader(db)
    thread = None
    if target.kind == "thread":
        thread_id = links.surviving_thread(db, target.number)  # a merged thread lives on in another
        thread = next(iter(thread_links.threads(db, [thread_id])), None)
        if thread is None:
            raise NotFound(f"no thread t{target.number}; `storyledger threads` lists them")
        members = event_links.events(db, thread["events"])
    else:
        members = event_links.events(db, [target.number])
        if not members:
            raise NotFound(f"no event e{target.number}; `storyledger events` lists them")
        thread_id = links.thread_of_event_id(db, target.number)
    thread_of = {e["id"]: thread_id for e in members}
    kept = listings.rows(db, "event", [e["id"] for e in members])
    event_views = sorted((_event_view(db, reader, e, kept.get(e["id"])) for e in members),
                         key=lambda v: (v["date"] or "9999", v["id"]))
    for view in event_views:
        view["thread"] = _tid(thread_of.get(int(view["id"][1:])))
    article_ids = article_store.ids_in_publication_order(db, [a for e in members for a in e["articles"]])
    event_of = {a: f"e{e['id']}" for e in members for a in e["articles"]}
    title = _thread_title(thread, event_views) if thread is not None else event_views[0]["title"]
    ledger = claims_ledger(db, reader, article_ids, thread_id)
    for view in event_views:
        _add_development_fields(db, reader, view)
    span_and_counts = _span_and_counts(db, reader, article_ids, event_views)
    dated = timeline(reader, article_ids, event_of)
    articles = [a for a in (reader.article(i) for i in article_ids) if a]
    found = reading.facts(dated, event_views, {a.id: a.published for a in articles},
                          {a.id: a.lang for a in articles})
    reading.mark_timeline(dated, found)
    entities = entities_of(db, reader, article_ids)
    _add_variants(db, reader, ledger, entities)
    summary = reading.summary(event_views, found, entities, ledger, span_and_counts["counts"],
                              {a.id: a.lang for a in articles})
    reading.mark_developments(found, summary["developments"])
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": target.kind,
        "id": _tid(thread_id) if target.kind == "thread" else target.id,
        "thread": _tid(thread_id),
        "title": title,
        **span_and_counts,
        "summary": summary,
        "events": event_views,
        "timeline": dated,
        "facts": found,
        "claims": ledger,
        "claim_sources": (found_sources := claim_sources(ledger)),
        "named_sources": named_sources(db, found_sources),
        "entities": entities,
        "sources": sources_of(db, reader, article_ids, event_of, event_views, ledger),
        "unresolved": unresolved(db, reader, article_ids),
    }


def _add_development_fields(db: Database, reader: _Reader, view: dict) -> None:
    """What a reader asks of an event besides its date: where, from how many independent
    sources, first reported by whom."""
    view["place"] = _event_place(db, reader, view)
    view["independent_sources"] = len({report_origin(db, a)["key"] for a in view["articles"]})
    first = min((a for a in (reader.article(i) for i in view["articles"]) if a),
                key=lambda a: (a.published or "9999", view["articles"].index(a.id)), default=None)
    view["first_report"] = ({"article": first.id, "outlet": first.outlet, "published": first.published,
                             "title": first.title} if first else None)


def _event_place(db: Database, reader: _Reader, view: dict) -> dict | None:
    """The place named in the sentence that dates the event, else the place its reports name
    most; with the sentence that names it."""
    if view["evidence"]:
        analysis = reader.analysis(view["evidence"]["article"])
        ev = view["evidence"]
        entity_of = {(m["start"], m["end"]): m["entity_id"] for m in _article_mentions(db, ev["article"])}
        for mention in (analysis.mentions if analysis else []):
            if mention.type in ("GPE", "LOC") and ev["start"] <= mention.start < ev["end"]:
                return {"name": _entity_name(db, entity_of.get((mention.start, mention.end)))
                        or mention.canonical or mention.text, "evidence": ev}
    seen: Counter = Counter()
    names: dict[int, str] = {}
    for article_id in view["articles"]:
        for row in entity_store.article_entities(db, article_id):
            if row["type"] in ("GPE", "LOC"):
                seen[row["id"]] += row["seen"]
                names[row["id"]] = row["name"]
    if not seen:
        return None
    place_id = seen.most_common(1)[0][0]
    for article_id in view["articles"]:
        mention = next((m for m in _article_mentions(db, article_id) if m["entity_id"] == place_id), None)
        article = reader.article(article_id)
        if mention and article:
            return {"name": names[place_id], "evidence": evidence(article, mention["start"], mention["end"])}
    return {"name": names[place_id], "evidence": None}


# --- events -----------------------------------------------------------------------------

# What an event's date decides besides the date: computed when the event is linked and kept in its
# listing row, so a dossier reads it instead of voting over every report's dates again.
_DATING = ("granularity", "date_basis", "date_sureness", "status", "evidence")


def _event_view(db: Database, reader: _Reader, event: dict, kept: dict | None = None) -> dict:
    """An event with the date its reports give the happening (not their publication date): the
    title and date its listing row `kept` from link time, or, without one, computed here."""
    if kept and "dating" in kept:
        title, date, dating = kept["title"], kept["date"], kept["dating"]
    else:
        title, date, dating = _event_title_and_date(reader, event)
    return {
        "id": f"e{event['id']}",
        "title": title,
        "date": date, **{key: dating[key] for key in _DATING},
        "articles": event["articles"],
        "names": event["names"],
        "reported": {"first": event["first_date"], "last": event["last_date"]},
    }


def _event_title_and_date(reader: _Reader, event: dict) -> tuple[str, str | None, dict]:
    """(title, date, the rest of its dating) of an event, from its reports."""
    date, granularity, basis, clause = _event_date(reader, event)
    articles = [a for a in (reader.article(i) for i in event["articles"]) if a]
    return _event_title(articles, clause, _event_words(event)), date, {
        "granularity": granularity, "date_basis": basis,
        "date_sureness": reading.date_sureness(clause["time"] if clause else None, basis),
        "status": clause["status"] if clause else None,
        "evidence": clause["evidence"] if clause else None}


def _event_date(reader: _Reader, event: dict):
    """(date, granularity, basis, clause) that the event's reports best support.

    Each report votes once for every date compatible with one it gives (2022-09
    and 2022-09-12 are compatible); a date in its lead counts double, and a date
    long before the report was published (background: "since 2021") little. Only
    dates within a month before their report can win: background and forecasts
    ("will pass the Sun in 2027") never date the news. The coarsest best-voted
    period is then refined to the date inside it that
    most reports give exactly: "earlier this month" + "on Sept. 12" -> 2022-09-12.
    With no dated clause, the earliest publication date, basis "publication"."""
    given: list[dict[str, float]] = []  # per report: date -> weight
    first_clause: dict[str, dict] = {}
    recent: set[str] = set()  # dates within a month before their report
    for article_id in event["articles"]:
        article = reader.article(article_id)
        dates: dict[str, float] = {}
        for clause in dated_clauses(reader, article_id):
            if clause["kind"] == "announcement":
                continue  # "said on Monday" dates what was said, not the happening
            if _after_publication(clause["date"], article.published):
                continue  # "will pass the Sun in 2027": a plan or forecast, not when it happened
            recency = _recency(clause["date"], article.published)
            if recency == 1.0:
                recent.add(clause["date"])
            weight = (2.0 if clause["lead"] else 1.0) * recency
            dates[clause["date"]] = max(dates.get(clause["date"], 0.0), weight)
            first_clause.setdefault(clause["date"], clause)
        if dates:
            given.append(dates)
    if not recent:  # background only ("built in 1971"): the news is as old as its reports
        return event["first_date"], "day" if event["first_date"] else None, "publication", None

    def votes(value: str, exact: bool) -> float:
        return sum(max([w for d, w in dates.items() if (d == value if exact else _compatible(d, value))],
                       default=0.0) for dates in given)

    candidates = [v for v in first_clause if v in recent]  # background dates never date the news
    best = max(candidates, key=lambda v: (votes(v, False), -len(v)))
    inside = [v for v in candidates if v != best and v.startswith(best)]
    while inside:
        best = max(inside, key=lambda v: (votes(v, True), -len(v), -candidates.index(v)))
        inside = [v for v in candidates if v != best and v.startswith(best)]
    return best, _granularity(best), "reports", first_clause[best]


def _after_publication(date: str, published: str | None) -> bool:
    """The period starts after the report's publication day."""
    if not published or not _DATE.match(published):
        return False
    return _period_start(date) > published[:10]


def _period_start(date: str) -> str:
    """The first day of a year, month or day: "2022" -> "2022-01-01"."""
    return date + {4: "-01-01", 7: "-01"}.get(len(date), "")


def _recency(date: str, published: str | None) -> float:
    """1 for a period that starts within the month before publication, BACKGROUND_WEIGHT for
    earlier ones ("since 2021", "last year"): they date the background, not the news."""
    if not published or not _DATE.match(published):
        return 1.0
    try:
        month_before = (dt.date.fromisoformat(published[:10]) - dt.timedelta(days=RECENT_DAYS)).isoformat()
    except ValueError:
        return 1.0
    return 1.0 if _period_start(date) >= month_before else BACKGROUND_WEIGHT


def _compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _granularity(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(value[:10]), "day")


def _event_words(event: dict) -> set[str]:
    return {w for text in (*event.get("names", []), *event.get("terms", []))
            for w in re.findall(r"\w+", text.casefold())}


def _event_title(articles: list[Article], clause: dict | None, words: set[str] = frozenset()) -> str:
    """A headline in the dossier's language, else the event's most central lead sentence (in
    that language if one of its reports is), else any headline; never page furniture ("date
    2025-10-16 En Brève", "Faits", an accessibility header)."""
    def in_language(article: Article) -> bool:
        return (article.lang or "")[:2] == reading.DOSSIER_LANGUAGE

    def headlines(found: list[Article]) -> list[str]:
        return [a.title for a in found if a.title and not reading.is_furniture(a.title)]

    def leads(found: list[Article]) -> list[str]:
        return [_lead_text(a, s) for a in found for s in a.sentences[:2]]

    own = [a for a in articles if in_language(a)]
    for candidates in (headlines(own), leads(own), headlines(articles), leads(articles)):
        best = reading.central_sentence(candidates, set(words)) if candidates else None
        if best:
            return _cut(best)
    if clause and not reading.is_furniture(reading.without_date_header(clause["text"])):
        return _cut(reading.without_date_header(clause["text"]))
    return "(untitled event)"


def _lead_text(article: Article, sentence) -> str:
    text = reading.without_date_header(article.sentence_text(sentence))
    return DATELINE.sub("", text.split("\n")[-1].strip(), count=1)


def _thread_title(thread: dict, event_views: list[dict]) -> str:
    """The thread's most central name and the title of its most reported event (its main
    development, not its first report)."""
    lead = next((n for n in thread.get("names") or [] if not reading.is_rubric(n)), None)
    main = max(event_views, key=_reports_of, default=None)
    title = main["title"] if main else None
    return ": ".join(x for x in (lead, title) if x) or f"Thread t{thread['id']}"


def _reports_of(view: dict) -> int:
    return len(view["articles"]) if "articles" in view else view.get("counts", {}).get("reports", 0)


def _cut(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split()).lstrip("•*-–—·▪► ")  # a lead given as a bullet point
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


# --- timeline ---------------------------------------------------------------------------

def dated_clauses(reader: _Reader, article_id: str) -> list[dict]:
    """Event clauses of one article that carry a calendar date of their own or of a governing clause.

    Each is a `happening` or an `announcement`: a recent reporting act ("the prosecutor said
    on Monday", "Le 16 octobre 2025, le parquet a annoncé") is a dated development of the
    story, but it dates what was said, not the happening, so it never dates an event. A
    reporting clause is a happening when the time expression is in what is reported ("said
    there were threats in February"), or when it lies long before the report ("In 2024,
    police found the body")."""
    article, analysis = reader.article(article_id), reader.analysis(article_id)
    if article is None or analysis is None:
        return []
    lead_end = article.sentences[min(LEAD_SENTENCES, len(article.sentences)) - 1].end if article.sentences else 0
    result = []
    for clause in analysis.events:
        if not clause.date or clause.date_basis == "publication" or not _DATE.match(clause.date):
            continue
        date = _DATE.match(clause.date).group()
        announcement = _is_reporting(analysis, clause) and _recency(date, article.published) == 1.0
        granularity = _time_granularity(analysis, clause) or _granularity(date)
        status, speaker = _clause_status(analysis, clause)
        result.append({
            "date": date, "granularity": granularity, "kind": "announcement" if announcement else "happening",
            "text": clause.text, "trigger": clause.trigger,
            "date_basis": clause.date_basis, "status": status, "speaker": speaker,
            "lead": clause.start < lead_end,
            "time": analysis.times[clause.time_index].text if clause.time_index is not None
            and 0 <= clause.time_index < len(analysis.times) else None,
            "week_of": _week_of(analysis, clause) if granularity == "week" else None,
            "evidence": evidence(article, clause.start, clause.end),
        })
    return result


def _week_of(analysis: Analysis, clause) -> str | None:
    """The first day of the week a clause is dated by ("next week"): the timeline shows the week
    there, not the month its Thursday falls in (events still vote on that month)."""
    if clause.time_index is None or not 0 <= clause.time_index < len(analysis.times):
        return None
    return event_clauses.week_start(analysis.times[clause.time_index].value)


def _is_reporting(analysis: Analysis, clause) -> bool:
    """The clause's verb is an attribution cue and its time expression is not in the reported content."""
    trigger_at = clause.start + max(clause.text.find(clause.trigger), 0)
    time = analysis.times[clause.time_index] if clause.time_index is not None \
        and 0 <= clause.time_index < len(analysis.times) else None
    for attribution in analysis.attributions:
        if attribution.cue and attribution.cue.start <= trigger_at < attribution.cue.end:
            content = attribution.content
            return not (time and content and content.start <= time.start < content.end)
    return False


def _time_granularity(analysis: Analysis, clause) -> str | None:
    if clause.time_index is None or not 0 <= clause.time_index < len(analysis.times):
        return None
    return analysis.times[clause.time_index].granularity


def _clause_status(analysis: Analysis, clause) -> tuple[str, str | None]:
    """The status of the attribution that relays the clause, else "asserted" by the report."""
    for attribution in analysis.attributions:
        content = attribution.content
        if content and content.start <= clause.start < content.end:
            return attribution.status, _speaker_name(attribution)
    return "asserted", None


def _speaker_name(attribution) -> str | None:
    return attribution.speaker_name or (attribution.speaker.text if attribution.speaker else None)


def timeline(reader: _Reader, article_ids: list[str], event_of: dict[str, str]) -> list[dict]:
    """Dated facts in date order: one entry per date, event and kind (happening or announcement),
    with every report giving it."""
    entries: dict[tuple[str, str | None, str], dict] = {}
    for article_id in article_ids:
        article = reader.article(article_id)
        for clause in dated_clauses(reader, article_id):
            shown = clause["week_of"] or clause["date"]
            key = (shown, event_of.get(article_id), clause["kind"])
            entry = entries.setdefault(key, {"date": shown, "granularity": clause["granularity"],
                                             "event": key[1], "kind": key[2], "sources": []})
            sentence = (article_id, clause["evidence"]["start"])
            if any((s["article"], s["evidence"]["start"]) == sentence for s in entry["sources"]):
                continue  # one sentence, one source: its first dated clause speaks for it
            entry["sources"].append({
                "article": article_id, "outlet": article.outlet if article else None,
                "text": clause["text"], "trigger": clause["trigger"], "date_basis": clause["date_basis"],
                "status": clause["status"], "speaker": clause["speaker"], "evidence": clause["evidence"]})
    result = []
    for entry in sorted(entries.values(), key=lambda e: (e["date"], e["event"] or "", e["kind"] != "happening")):
        statuses = Counter(s["status"] for s in entry["sources"])
        entry["status"] = statuses.most_common(1)[0][0]
        entry["reports"] = len({s["article"] for s in entry["sources"]})
        result.append(entry)
    return result


def evidence(article: Article, start: int, end: int) -> dict:
    """The sentence around [start, end) of the article, with its offsets."""
    sentence = next((s for s in article.sentences if s.start <= start < s.end), None)
    s_start, s_end = (sentence.start, sentence.end) if sentence else (start, end)
    return {"article": article.id, "start": s_start, "end": s_end, "text": article.text[s_start:s_end],
            "span": [start, end]}


# --- claims ledger ------------------------------------------------------------------------

def claims_ledger(db: Database, reader: _Reader, article_ids: list[str], thread_id: int | None) -> list[dict]:
    """One entry per claim group that holds a claim of these reports, with the claims of these
    reports. A group is found by its claims, not by the thread of its first report: a report
    corroborating a claim first made in another thread shows it here too (`other_threads`)."""
    wanted = set(article_ids)
    groups = claim_links.claim_groups(db, article_ids=article_ids)
    groups = _without_nested([{**g, "claims": [c for c in g["claims"] if c["article"] in wanted],
                               "elsewhere": [c["article"] for c in g["claims"] if c["article"] not in wanted]}
                              for g in groups])
    contradicted = _contradiction_texts(db, groups)
    threads_of = _ThreadsOf(db)
    ledger = []
    for group in groups:
        claims = _in_dossier_language_first(reader, group["claims"])
        first = claims[0]
        sources = sorted({canonical_source(c["source"]) for c in claims})
        names = _display_names(claims)
        speaker = _most_common(c["speaker"] for c in claims)
        ledger.append({
            "id": f"c{group['id']}",
            "text": " ".join(first["text"].split()),
            "first_report": group["first_article"],
            "other_threads": threads_of(group["elsewhere"], thread_id),
            "speaker": speaker,
            "speaker_entity": _entity_id(db, speaker, first["article"]),
            "channel": _most_common(c["channel"] for c in claims),
            "status": group["claims"][0]["status"],  # the status the claim was first given
            "independent_sources": len(sources),
            "sources": [source_label(db, s, names) for s in sources],
            "corroborated_by": max(len(sources) - 1, 0),
            "contradicted_by": contradicted.get(group["id"], []),
            "variants": _opposed_within(group),
            "evidence": [_claim_evidence(reader, c) for c in claims],
        })
    return ledger


def _add_variants(db: Database, reader: _Reader, ledger: list[dict], entities: list[dict]) -> None:
    """Each ledger entry's `variants`: the figures, places and dates its claims disagree on."""
    coarse = {e["id"] for e in entities if e.get("place") and e["place"]["kind"] in variants.COARSE_PLACE_KINDS}
    entity_of: dict[str, dict] = {}

    def claim_text(article_id: str, content: list[int]) -> variants.ClaimText | None:
        article, analysis = reader.article(article_id), reader.analysis(article_id)
        if article is None or analysis is None:
            return None
        if article_id not in entity_of:
            entity_of[article_id] = {(m["start"], m["end"]): str(m["entity_id"])
                                     for m in _article_mentions(db, article_id)}
        start, end = content
        start = max(start, len(article.text) - len(reading.without_date_header(article.text)))  # no header
        places = []
        for m in analysis.mentions:
            if m.type in variants.PLACE_TYPES and start <= m.start < end:
                key = entity_of[article_id].get((m.start, m.end)) or (m.canonical or m.text).casefold()
                places.append((m.start, m.end, key, key in coarse))
        return variants.ClaimText(article=article_id, lang=(article.lang or "")[:2], text=article.text,
                                  start=start, end=end, times=[t for t in analysis.times if start <= t.start < end],
                                  places=places)

    for entry in ledger:
        own = {ev["row"]: claim_text(ev["article"], ev["content"]) for ev in entry["evidence"]}
        entry["variants"] = entry.get("variants", []) + \
            variants.group_variants([c for c in own.values() if c is not None])
        _with_sentences(reader, entry["variants"])
        for item in entry["contradicted_by"]:  # the two claims' figures, places, dates side by side
            pair = [own.get(item.pop("own_claim")), claim_text(item["article"], item["content"])]
            item["differ"] = variants.group_variants([c for c in pair if c is not None])
            _with_sentences(reader, item["differ"])


def _with_sentences(reader: _Reader, found: list[dict]) -> None:
    """Each variant value's evidence as the sentence around it (the value is its `span`)."""
    for kind in found:
        for value in kind["values"]:
            value["evidence"] = evidence(reader.article(value["evidence"]["article"]),
                                         value["evidence"]["start"], value["evidence"]["end"])


def _opposed_within(group: dict) -> list[dict]:
    """The claims of one group that the claim stage found saying opposite things (one affirms
    what the other negates), side by side as a `polarity` variant."""
    mine = {c["claim"]: c for c in group["claims"]}
    sides: dict[str, dict] = {}
    for contradiction in group["contradictions"]:
        if contradiction["kind"] != "polarity" or not {contradiction["claim"], contradiction["other"]} <= set(mine):
            continue
        first_negated = contradiction["detail"].startswith("negated")
        for claim_id, negated in ((contradiction["claim"], first_negated), (contradiction["other"], not first_negated)):
            claim = mine[claim_id]
            side = sides.setdefault("negated" if negated else "affirmed", {
                "text": "negated" if negated else "affirmed", "written": [], "articles": [],
                "evidence": {"article": claim["article"], "start": claim["content"][0], "end": claim["content"][1]}})
            text = " ".join(claim["text"].split())
            if text not in side["written"]:
                side["written"].append(text)
            if claim["article"] not in side["articles"]:
                side["articles"].append(claim["article"])
    if len(sides) < 2:
        return []
    return [{"kind": "polarity", "values": [{**v, "reports": len(v["articles"])} for v in sides.values()]}]


def _in_dossier_language_first(reader: _Reader, claims: list[dict]) -> list[dict]:
    """The group's claims with the first one in the dossier's language (its wording is the one a
    reader sees) moved to the front; otherwise in their order."""
    def in_language(claim: dict) -> bool:
        article = reader.article(claim["article"])
        return bool(article) and (article.lang or "")[:2] == reading.DOSSIER_LANGUAGE
    shown = next((c for c in claims if in_language(c)), None)
    return claims if shown is None else [shown] + [c for c in claims if c is not shown]


class _ThreadsOf:
    """The threads (`t<N>`) of reports outside this dossier, each article's thread read once."""

    def __init__(self, db: Database):
        self.db = db
        self._thread: dict[str, int | None] = {}

    def __call__(self, article_ids: list[str], own_thread: int | None) -> list[str]:
        for article_id in article_ids:
            if article_id not in self._thread:
                self._thread[article_id] = links.thread_of_article(self.db, article_id)
        found = {self._thread[a] for a in article_ids} - {None, own_thread}
        return [f"t{t}" for t in sorted(found)]


def _without_nested(groups: list[dict]) -> list[dict]:
    """Drop a group whose every claim lies inside a claim of another group, from the same
    report and speaker ("he added he believes 'X'" and "'X'": two cues, one claim)."""
    def inside(claim: dict, other: dict) -> bool:
        (s, e), (os, oe) = claim["content"], other["content"]
        core, other_core = _bare(claim["text"]), _bare(other["text"])
        return claim["article"] == other["article"] and claim["speaker"] == other["speaker"] and \
            s < oe and os < e and core in other_core and len(core) < len(other_core)

    by_statement: dict[tuple, list[tuple[int, dict]]] = {}  # only claims of one report and speaker can nest
    for number, group in enumerate(groups):
        for claim in group["claims"]:
            by_statement.setdefault((claim["article"], claim["speaker"]), []).append((number, claim))

    def nested(number: int, group: dict) -> bool:
        return all(any(inside(c, o) for n, o in by_statement[(c["article"], c["speaker"])] if n != number)
                   for c in group["claims"])

    return [g for number, g in enumerate(groups) if not nested(number, g)]


def _bare(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:'\"‘’“”«»")


def _most_common(values) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _entity_id(db: Database, name: str | None, article_id: str) -> str | None:
    if not name:
        return None
    entity = entity_links.resolve_name(db, name, article_id)
    return entity["id"] if entity else None


def _claim_evidence(reader: _Reader, claim: dict) -> dict:
    article = reader.article(claim["article"])
    start, end = claim["evidence"]
    text = article.text[start:end] if article else ""
    return {"row": claim["claim"], "article": claim["article"], "outlet": article.outlet if article else None,
            "start": start, "end": end, "text": text, "content": claim["content"],
            "speaker": claim["speaker"], "channel": claim["channel"], "status": claim["status"],
            "source": canonical_source(claim["source"])}


def _contradiction_texts(db: Database, groups: list[dict]) -> dict[int, list[dict]]:
    """group id -> the claims that contradict one of its claims, with how."""
    group_of = {c["claim"]: g["id"] for g in groups for c in g["claims"]}
    other_ids = {x for g in groups for c in g["contradictions"] for x in (c["claim"], c["other"])}
    rows = {r["id"]: r for r in links.claim_rows(db, other_ids)}
    result: dict[int, list[dict]] = {}
    for group in groups:
        for c in group["contradictions"]:
            mine = c["claim"] if group_of.get(c["claim"]) == group["id"] else c["other"]
            other = c["other"] if mine == c["claim"] else c["claim"]
            row = rows.get(other)
            if row is None or row["group_id"] == group["id"]:
                continue
            item = {"claim": f"c{row['group_id']}", "kind": c["kind"], "detail": c["detail"],
                    "text": " ".join(row["content"].split()), "article": row["article_id"],
                    "start": row["sentence_start"], "end": row["sentence_end"],
                    "content": [row["content_start"], row["content_end"]], "own_claim": mine}
            if all(item["claim"] != x["claim"] or item["own_claim"] != x["own_claim"]
                   for x in result.setdefault(group["id"], [])):
                result[group["id"]].append(item)
    return result


def canonical_source(key: str) -> str:
    """A claim source key with one spelling per agency: "channel:afp news agency" and
    "channel:french news agency" are "channel:agence france-presse"."""
    if key.startswith("channel:"):
        return "channel:" + reading.canonical_channel(key.split(":", 1)[1])
    return key


def _display_names(claims: list[dict]) -> dict[str, str]:
    """Source key -> the name as the reports write it (the keys are case-folded)."""
    names: dict[str, Counter] = {}
    for claim in claims:
        key = canonical_source(claim["source"])
        written = claim["channel"] if key.startswith("channel:") else claim["speaker"]
        if written:
            names.setdefault(key, Counter())[" ".join(written.split())] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in names.items()}


def source_label(db: Database, key: str, names: dict[str, str] | None = None) -> dict:
    """A claim source key ("channel:agence france-presse", "osechkin@article:…") for people,
    in the case the reports write it (`names`: key -> written name)."""
    written = (names or {}).get(key)
    if key.startswith("channel:"):
        name = key.split(":", 1)[1]
        agency = agencies.lookup(name) or agencies.lookup(name.upper())
        label = agency.name if agency else written if written and written.casefold() == name else name.title()
        return {"key": key, "label": label, "kind": "channel", "name": label}
    speaker, _, root = key.partition("@")
    article_id = root.split(":", 1)[1] if ":" in root else root
    rows = links.article_rows(db, [article_id])
    outlet = rows.get(article_id, {}).get("outlet")
    label = "the report itself" if speaker == "report" else written or speaker
    return {"key": key, "label": f"{label} (in {outlet or article_id})", "kind": "speaker",
            "article": article_id, "name": label}


def claim_sources(ledger: list[dict]) -> list[dict]:
    """Each independent source of the ledger once, with the claims and reports it stands behind."""
    found: dict[str, dict] = {}
    for entry in ledger:
        for evidence_row in entry["evidence"]:
            key = evidence_row["source"]
            label = next((s for s in entry["sources"] if s["key"] == key), {"key": key, "label": key})
            item = found.setdefault(key, {**label, "claims": [], "articles": []})
            if entry["id"] not in item["claims"]:
                item["claims"].append(entry["id"])
            if evidence_row["article"] not in item["articles"]:
                item["articles"].append(evidence_row["article"])
    return sorted(found.values(), key=lambda s: (-len(s["claims"]), s["label"]))


def named_sources(db: Database, sources: list[dict]) -> list[dict]:
    """The independent sources behind the claims with each person, organisation or agency named
    once: Osechkin quoted by three reports, spelled "Ossetchkine" in one, is one line (with the
    `keys` of the three sources); the reports' own statements are one line too."""
    found: dict[str, dict] = {}
    for source in sources:
        identity, name = _source_identity(db, source)
        item = found.setdefault(identity, {"name": name, "kind": source.get("kind"), "keys": [],
                                           "spellings": [], "claims": [], "articles": []})
        item["keys"].append(source["key"])
        written = source.get("name") or source["label"]
        if written not in item["spellings"] and identity != "report":
            item["spellings"].append(written)
        item["claims"] += [c for c in source["claims"] if c not in item["claims"]]
        item["articles"] += [a for a in source["articles"] if a not in item["articles"]]
    return sorted(found.values(), key=lambda s: (-len(s["claims"]), s["name"]))


def _source_identity(db: Database, source: dict) -> tuple[str, str]:
    """(identity, name): the entity the source's name resolves to, else its own key."""
    if source["key"].startswith("report@"):
        return "report", "the reports themselves"
    name = source.get("name") or source["label"]
    entity = entity_links.resolve_name(db, name, source.get("article") or (source["articles"] or [None])[0])
    if entity:
        return "entity:" + str(entity["id"]), entity["name"]
    return "key:" + source["key"].split("@", 1)[0], name


# --- entities -------------------------------------------------------------------------------

def entities_of(db: Database, reader: _Reader, article_ids: list[str]) -> list[dict]:
    """People, organisations and places named in these reports, most mentioned first."""
    seen: Counter = Counter()
    for article_id in article_ids:
        for row in entity_store.article_entities(db, article_id):
            if row["type"] in ENTITY_TYPES:
                seen[row["id"]] += row["seen"]
    wanted = set(article_ids)
    result = []
    for entity_id, mentions in sorted(seen.items(), key=lambda x: (-x[1], x[0])):
        detail = entity_detail(db, str(entity_id), wanted, reader)
        if detail:
            detail["mentions"] = mentions
            result.append(detail)
    return result


def entity_detail(db: Database, entity_id: str, article_ids: set[str] | None = None,
                  reader: _Reader | None = None) -> dict | None:
    """An entity for the dossier: canonical name, spellings, descriptors, place; evidence
    (the sentence, `span` = the mention) limited to `article_ids` when given."""
    if not str(entity_id).isdigit():
        return None
    detail = entity_links.entity_detail(db, str(entity_id), article_ids)
    if detail is None or detail["id"] != str(entity_id):
        return None
    reader = reader or _Reader(db)

    def evidence_of(row: dict) -> dict | None:
        if article_ids is not None and row["article_id"] not in article_ids:
            return None
        article = reader.article(row["article_id"])
        return evidence(article, row["start"], row["end"]) if article else None

    aliases = []
    for alias in detail["aliases"]:
        found = [ev for ev in map(evidence_of, alias["evidence"]) if ev]
        if found:
            aliases.append({"text": alias["text"], "kind": alias["kind"], "evidence": found})
    descriptors: dict[str, dict] = {}
    for d in detail["descriptors"]:
        ev = evidence_of(d)
        if ev:
            descriptors.setdefault(d["text"], {"text": d["text"], "evidence": []})["evidence"].append(ev)
    place = detail.get("place")
    return {
        "id": detail["id"], "name": detail["name"], "type": detail["type"],
        "spellings": [a["text"] for a in aliases if a["kind"] == "name"],
        "aliases": aliases,
        "descriptors": list(descriptors.values()),
        "place": _place_view(place) if place else None,
        "articles": len({e["article"] for a in aliases for e in a["evidence"]}),
    }


def _place_view(place: dict) -> dict:
    return {"name": place.get("name"), "kind": place.get("kind"), "country": place.get("country"),
            "latitude": place.get("latitude"), "longitude": place.get("longitude"),
            "basis": place.get("basis"), "ambiguous": bool(place.get("ambiguous")),
            "candidates": [f"{c.get('name')} ({c.get('country')})" for c in place.get("candidates", [])]}


# --- sources and provenance -------------------------------------------------------------

def sources_of(db: Database, reader: _Reader, article_ids: list[str], event_of: dict[str, str],
               event_views: list[dict], ledger: list[dict]) -> dict:
    """Every report with its origin and what it added (the events it founded, the claim
    groups it opened); copy groups with their wire origin."""
    wanted = set(article_ids)
    copy_rows = {c["article"]: c for c in copies.copy_links(db, article_ids)}
    reports = []
    for article_id in article_ids:
        article = reader.article(article_id)
        if article is None:
            continue
        origin = report_origin(db, article_id)
        credit = links.wire_credit(db, article_id)
        copy = copy_rows.get(article_id)
        reports.append({
            "id": article_id, "name": article.name, "title": article.title, "outlet": article.outlet,
            "url": article.url, "published": article.published, "lang": article.lang,
            "event": event_of.get(article_id), "origin": origin["label"], "origin_key": origin["key"],
            "wire_credit": ({"origin": credit["origin"], "basis": credit["basis"],
                             **evidence(article, credit["start"], credit["end"])} if credit else None),
            "copy_of": ({"article": copy["copy_of"], "score": copy["score"], "method": copy["method"]}
                        if copy else None),
            "added": {"events": [e["id"] for e in event_views if e["articles"][:1] == [article_id]],
                      "claims": [{"claim": c["id"], "text": c["text"]} for c in ledger
                                 if c["first_report"] == article_id]},
        })
    groups = [{"articles": [a for a in g["articles"] if a in wanted], "origin": g["origin"],
               "root": _copy_root(g["articles"], copy_rows)}
              for g in copies.copy_groups(db, article_ids) if wanted & set(g["articles"])]
    return {"reports": reports, "copy_groups": groups}


def _copy_root(members: list[str], copy_rows: dict[str, dict]) -> str:
    """The member of a copy group that copies no other member: the text the others relay."""
    inside = set(members)
    return next((a for a in members if copy_rows.get(a, {}).get("copy_of") not in inside), members[0])


# --- what could not be resolved ---------------------------------------------------------

def unresolved(db: Database, reader: _Reader, article_ids: list[str]) -> dict:
    times, speakers, undated = [], [], []
    for article_id in article_ids:
        article, analysis = reader.article(article_id), reader.analysis(article_id)
        if article is None:
            continue
        if not article.published:
            undated.append(article_id)
        if analysis is None:
            continue
        for t in analysis.times:
            if t.value is None or t.unresolved_reason:
                times.append({**evidence(article, t.start, t.end), "expression": t.text,
                              "reason": t.unresolved_reason or "no calendar value"})
        for attribution in analysis.attributions:
            reason = _unresolved_speaker(db, attribution, article_id)
            if reason:
                speakers.append({**evidence(article, attribution.sentence_start, attribution.sentence_end),
                                 "speaker": attribution.speaker.text if attribution.speaker else None,
                                 "kind": attribution.speaker_kind, "reason": reason})
    return {"undated_reports": undated, "times": times, "speakers": speakers}


def _unresolved_speaker(db: Database, attribution, article_id: str) -> str | None:
    if attribution.speaker is None:
        return None
    name = attribution.speaker_name
    if attribution.speaker_kind == "pronoun" and (not name or name.casefold() in _PRONOUNS):
        return "pronoun not resolved"
    if attribution.speaker_kind == "named" and name and entity_links.resolve_name(db, name, article_id) is None:
        return "speaker not linked to an entity"
    return None


# --- single items for the web UI and API -------------------------------------------------------

def article_view(db: Database, article_id: str) -> dict:
    """One article with its analysis, for the article page and /api/articles/{id}."""
    article = article_store.get_article(db, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    analysis = article_store.get_analysis(db, article_id) or Analysis(article_id)
    entity_of = {(m["start"], m["end"]): str(m["entity_id"]) for m in _article_mentions(db, article_id)}
    event = links.event_of_article(db, article_id).get(article_id)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": article.id, "name": article.name, "title": article.title, "outlet": article.outlet,
        "url": article.url, "published": article.published, "published_basis": article.published_basis,
        "lang": article.lang, "event": None if event is None else f"e{event}",
        "thread": _tid(links.thread_of_article(db, article_id)),
        "text": article.text,
        "sentences": [[s.start, s.end] for s in article.sentences],
        "removed": [{"text": r.text, "reason": r.reason, "duplicate_of": r.duplicate_of} for r in article.removed],
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "type": m.type,
                      "entity": entity_of.get((m.start, m.end))} for m in analysis.mentions],
        "times": [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                   "granularity": t.granularity} for t in analysis.times],
        "claims": [{"start": a.content.start, "end": a.content.end, "speaker": _speaker_name(a),
                    "channel": a.channel_name or (a.channel.text if a.channel else None), "status": a.status,
                    "sentence": [a.sentence_start, a.sentence_end]}
                   for a in analysis.attributions if a.content and a.content.end > a.content.start],
        "origin": report_origin(db, article_id)["label"],
        "analysis_failures": analysis.failures,  # components that raised: their part above is empty
    }


def _entity_name(db: Database, entity_id: int | None) -> str | None:
    if entity_id is None:
        return None
    row = db.query("SELECT name FROM entities WHERE id = ?", (entity_id,))
    return row[0][0] if row else None


def _article_mentions(db: Database, article_id: str) -> list[dict]:
    rows = db.query("SELECT start, end, entity_id FROM entity_mentions WHERE article_id = ?", (article_id,))
    return [dict(r) for r in rows]


def entity_page(db: Database, entity_id: str) -> dict:
    detail = entity_detail(db, entity_id)
    if detail is None:
        raise NotFound(f"no entity {entity_id}")
    return {"schema_version": SCHEMA_VERSION, **detail}
