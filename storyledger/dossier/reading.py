"""What a reader needs first, built from the dossier's complete record: the summary, the key
developments, and the timeline as distinct dated facts with the background set apart.

Everything here is extractive: each line is a field of the record or one of its evidence
sentences, and carries that evidence (article id + offsets), so nothing is said that a report
did not say. `build.build_dossier` calls these after it has built the record.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from storyledger import agencies

DOSSIER_LANGUAGE = "en"  # the language the dossier's own words are in: headlines in it are preferred
KEY_EVENT_SHARE = 0.4  # an event with this share of the main event's reports is a development
MAX_DEVELOPMENTS = 4
MAX_ACTORS = 5
MAX_CENTRAL_CLAIMS = 4
FACTS_PER_DEVELOPMENT = 3
WINDOW_DAYS = 31  # a fact this long before its event's date still belongs to the development

# A line that is page furniture, not a headline: the corpus's "date 2025-10-16" header, a bare
# date, a rubric ("En Brève", "Faits", "Terrorisme"), an accessibility or store header.
_DATE_HEADER = re.compile(r"^\s*(date\s+)?\d{4}(-\d{2}){0,2}\b\s*(\([^)]*\)\s*)?", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^\s*(date\s+\d{4}|\d{4}-\d{2}-\d{2}\b|en\s+br[eè]ves?\b|br[eè]ves?\b|breaking\b|live\b|en direct\b"
    r"|faits\b|terrorisme\b|mise à jour\b|updated\b|read more\b|lire aussi\b|subscribe\b|abonnez|menu\b"
    r"|ссылки для упрощенного доступа|skip to|accueil\b|home\b|archive)", re.IGNORECASE)
_MIN_TITLE_WORDS = 4
_WEEKDAYS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves"
    r"|viernes|sábado|domingo|понедельник|вторник|сред[ау]|четверг|пятниц[уа]|суббот[уа]|воскресенье"
    r"|poniedziałek|wtorek|środ[ęa]|czwartek|piątek|sobot[ęa]|niedziel[ęa])", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_DAY_NUMBER = re.compile(r"\b\d{1,2}\b")
# Names of one agency in another language that the curated table does not list.
_AGENCY_NAMES = {"french news agency": "AFP", "french press agency": "AFP", "afp news agency": "AFP",
                 "agence france presse": "AFP", "interfax news agency": "Interfax",
                 "associated press news agency": "Associated Press", "reuters news agency": "Reuters"}
_AGENCY_SUFFIX = re.compile(r"\s+(news\s+)?agency$", re.IGNORECASE)


# --- titles -------------------------------------------------------------------------------------

def is_furniture(line: str | None) -> bool:
    """A line no reader would take for a headline: a rubric, a date header, a store header,
    or too short to say anything ("„V.")."""
    if not line or not line.strip():
        return True
    words = re.findall(r"\w+", line)
    return bool(_FURNITURE.match(line)) or len(words) < _MIN_TITLE_WORDS


def is_rubric(name: str | None) -> bool:
    """A name that is a rubric or header of the page ("Brève", "En direct"), not of the story."""
    return not name or bool(_FURNITURE.match(name))


def without_date_header(text: str) -> str:
    """A lead sentence without the corpus's "date 2025-10-16" (and "(Moscow)") header."""
    if re.match(r"^\s*date\s+\d{4}", text, re.IGNORECASE):
        text = _DATE_HEADER.sub("", text, count=1)
    return text.lstrip("•*–—·▪► ")  # a lead given as a bullet point


def central_sentence(candidates: list[str], words: set[str]) -> str | None:
    """The candidate sharing the most of the event's words (names, terms); the first on a tie."""
    usable = [c for c in candidates if not is_furniture(c)]
    if not usable:
        return None
    return max(usable, key=lambda c: (len(words & set(re.findall(r"\w+", c.casefold()))), -usable.index(c)))


# --- how sure a date is ----------------------------------------------------------------------------

def date_sureness(time_text: str | None, basis: str | None) -> str:
    """`stated` (a calendar date written out), `weekday` (resolved from "on Monday"), `relative`
    (resolved from the publication date: "last week", "yesterday") or `publication` (no date in
    the reports: the event is dated by its first report's publication)."""
    if basis == "publication" or time_text is None:
        return "publication"
    if _WEEKDAYS.search(time_text):
        return "weekday"
    if _YEAR.search(time_text) or _DAY_NUMBER.search(time_text):
        return "stated"
    return "relative"


# --- sources ---------------------------------------------------------------------------------

def canonical_channel(name: str) -> str:
    """One key per agency whatever language or form it is named in: "afp news agency",
    "French news agency" and "Agence France-Presse" are one source."""
    cleaned = " ".join(name.split())
    for candidate in (cleaned, _AGENCY_NAMES.get(cleaned.casefold()), _AGENCY_SUFFIX.sub("", cleaned)):
        if not candidate:
            continue
        agency = agencies.lookup(candidate) or agencies.lookup(candidate.upper())
        if agency:
            return agency.name.casefold()
    return cleaned.casefold()


# --- timeline: distinct facts, background apart ------------------------------------------------

def _period(date: str) -> tuple[str, str]:
    """First and last day of a year, month or day."""
    if len(date) == 4:
        return date + "-01-01", date + "-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:7])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return date + "-01", (following - dt.timedelta(days=1)).isoformat()
    return date[:10], date[:10]


def _days_before(date: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(_period(date)[0]) - dt.timedelta(days=days)).isoformat()
    except ValueError:
        return date


def _of_an_event(date: str, event_dates: list[str]) -> bool:
    """The fact dates one of the story's events: the same date, or a month or day inside or
    around it (a year alone is too coarse to tell: "since 2022")."""
    return any(date == d or (len(date) >= 7 and (date.startswith(d) or d.startswith(date)))
               for d in event_dates)


def _disagree(a: str, b: str) -> bool:
    """Two dates that look like one date read two ways: the same month (and day), a year apart
    ("le 12 septembre dernier" read as 2021-09 by one report, 2022-09-12 by the others)."""
    if len(a) < 7 or len(b) < 7 or a.startswith(b) or b.startswith(a):
        return False
    same_month = a[5:7] == b[5:7]
    same_day = len(a) < 10 or len(b) < 10 or a[8:10] == b[8:10]
    return same_month and same_day and abs(int(a[:4]) - int(b[:4])) == 1


def facts(timeline: list[dict], events: list[dict], published: dict[str, str | None],
          lang: dict[str, str | None]) -> list[dict]:
    """One entry per distinct dated fact (one date), with every report that gives it, whatever
    event it was found under; its `kind` is `announcement` when every clause giving it is one. `background` marks a fact outside the story: not one
    of its events' dates, and either before its first event, after every report stating it (a
    plan or forecast), or given only long before those reports ("since 2015", an earlier case
    cited for context). `disagrees_with`
    lists dates of the same events that look like the same date read another way."""
    # a bare year dates no happening precisely enough to anchor the story ("since 2015" may be the
    # only date of an undated report's event)
    event_dates = [e["date"] for e in events if e.get("date") and e.get("date_basis") == "reports"
                   and len(e["date"]) >= 7]
    story_start = min(event_dates) if event_dates else None
    grouped: dict[str, dict] = {}
    for entry in timeline:
        fact = grouped.setdefault(entry["date"], {"date": entry["date"], "granularity": entry["granularity"],
                                                  "kind": entry["kind"], "events": [], "sources": []})
        if entry["kind"] == "happening":
            fact["kind"] = "happening"
        if entry["event"] and entry["event"] not in fact["events"]:
            fact["events"].append(entry["event"])
        for source in entry["sources"]:
            if all((s["article"], s["evidence"]["start"]) != (source["article"], source["evidence"]["start"])
                   for s in fact["sources"]):
                fact["sources"].append(source)
    result = []
    for fact in sorted(grouped.values(), key=lambda f: f["date"]):
        sources = fact.pop("sources")
        recent = any(_recent(fact["date"], published.get(s["article"])) for s in sources)
        before_story = story_start is not None and _period(fact["date"])[1] < _days_before(story_start, WINDOW_DAYS)
        ahead = all(_ahead(fact["date"], published.get(s["article"])) for s in sources)
        background = not _of_an_event(fact["date"], event_dates) and (before_story or ahead or not recent)
        best = _representative(sources, lang)
        result.append({
            **fact, "text": without_date_header(best["text"]).strip(),
            "status": Counter(s["status"] for s in sources).most_common(1)[0][0],
            "reports": len({s["article"] for s in sources}),
            "outlets": sorted({s["outlet"] for s in sources if s["outlet"]}),
            "background": background, "disagrees_with": [],
            "evidence": best["evidence"],
            "sources": [{"article": s["article"], "start": s["evidence"]["start"], "end": s["evidence"]["end"]}
                        for s in sources],
        })
    for fact in result:  # the date fewer reports give is the one flagged
        fact["disagrees_with"] = sorted({other["date"] for other in result
                                         if set(other["events"]) & set(fact["events"])
                                         and other["reports"] >= fact["reports"]
                                         and _disagree(fact["date"], other["date"])})
    return result


def _ahead(date: str, published: str | None) -> bool:
    """The period starts after the report was published: a plan or forecast ("a trial is expected
    in 2027"), outside the story's span (an undated report cannot tell)."""
    return bool(published) and _period(date)[0] > published[:10]


def _recent(date: str, published: str | None) -> bool:
    """Given within a month before the report's publication (an undated report cannot tell)."""
    if not published:
        return False
    return _period(date)[0] >= _days_before(published[:10], WINDOW_DAYS)


def _representative(sources: list[dict], lang: dict[str, str | None]) -> dict:
    """The source whose clause reads best for the dossier: in its language, not a bare header."""
    def rank(source: dict) -> tuple:
        text = without_date_header(source["text"]).strip()
        return ((lang.get(source["article"]) or "")[:2] != DOSSIER_LANGUAGE, len(text.split()) < 4,
                sources.index(source))
    return min(sources, key=rank)


def mark_timeline(timeline: list[dict], found: list[dict]) -> None:
    """Copy each fact's `background` and `disagrees_with` onto the timeline entries it groups."""
    by_date = {f["date"]: f for f in found}
    for entry in timeline:
        fact = by_date.get(entry["date"])
        entry["background"] = fact["background"] if fact else False
        entry["disagrees_with"] = fact["disagrees_with"] if fact else []


def mark_developments(found: list[dict], developments: list[dict]) -> None:
    """`development` on each fact: it is about one of the story's key developments (and not
    background), so a reader sees these facts first."""
    for fact in found:
        fact["development"] = any(_part_of(fact, {"id": d["event"], "date": d["date"]}) for d in developments)


# --- the summary ---------------------------------------------------------------------------------

def key_events(events: list[dict]) -> list[dict]:
    """The story's developments: its most reported events (at least two reports), in date order."""
    if not events:
        return []
    most = max(len(e["articles"]) for e in events)
    chosen = sorted(events, key=lambda e: -len(e["articles"]))
    chosen = [e for e in chosen if len(e["articles"]) >= max(2, KEY_EVENT_SHARE * most)][:MAX_DEVELOPMENTS]
    return sorted(chosen or events[:1], key=lambda e: (e["date"] or "9999", e["id"]))


def _part_of(fact: dict, event: dict) -> bool:
    """The fact is found under the event, is not background, and dates a month or a day from a
    month before the event's date on ("since 2022" is too coarse to be part of it)."""
    start = _days_before(event["date"], WINDOW_DAYS) if event.get("date") else "0000"
    return event["id"] in fact["events"] and not fact["background"] and len(fact["date"]) >= 7 \
        and _period(fact["date"])[1] >= start


def development_facts(event: dict, found: list[dict]) -> list[dict]:
    """The dated facts that make up one development: found under it, not background, from a
    month before its date on; the most reported ones, in date order."""
    mine = [f for f in found if _part_of(f, event) and f["kind"] == "happening"]
    mine = sorted(mine, key=lambda f: (-f["reports"], -len(f["date"]), f["date"]))[:FACTS_PER_DEVELOPMENT]
    return [{"date": f["date"], "text": f["text"], "reports": f["reports"], "status": f["status"],
             "disagrees_with": f["disagrees_with"], "evidence": f["evidence"]}
            for f in sorted(mine, key=lambda f: f["date"])]


def actors(entities: list[dict], lang: dict[str, str | None]) -> list[dict]:
    """The central people and organisations (not the outlets and agencies that report), with the
    role their reports give them."""
    result = []
    for entity in entities:
        if entity["type"] not in ("PERSON", "ORG") or agencies.lookup(entity["name"]):
            continue
        role = _role(entity, lang)
        evidence = role["evidence"][0] if role else _first_evidence(entity)
        result.append({"entity": entity["id"], "name": entity["name"], "type": entity["type"],
                       "role": role["text"] if role else None, "mentions": entity["mentions"],
                       "evidence": evidence})
        if len(result) == MAX_ACTORS:
            break
    return result


def _role(entity: dict, lang: dict[str, str | None]) -> dict | None:
    """The descriptor most reports use, in the dossier's language when one is, of several words
    ("Russian human rights activist" over "Mr")."""
    usable = [d for d in entity["descriptors"] if len(d["text"].split()) >= 2]
    if not usable:
        return None

    def in_language(d: dict) -> bool:
        return any((lang.get(e["article"]) or "")[:2] == DOSSIER_LANGUAGE for e in d["evidence"])
    return max(usable, key=lambda d: (in_language(d), len(d["evidence"]), -usable.index(d)))


def _first_evidence(entity: dict) -> dict | None:
    for alias in entity["aliases"]:
        if alias["evidence"]:
            return alias["evidence"][0]
    return None


def central_claims(ledger: list[dict]) -> list[dict]:
    """The claims most independent sources carry, then the most reported, with their status."""
    ranked = sorted(ledger, key=lambda c: (-c["independent_sources"], -len(c["evidence"]), c["id"]))
    return [{"claim": c["id"], "text": c["text"], "speaker": c["speaker"], "channel": c["channel"],
             "status": c["status"], "independent_sources": c["independent_sources"],
             "reports": len({e["article"] for e in c["evidence"]}),
             "evidence": _ref(c["evidence"][0]) if c["evidence"] else None}
            for c in ranked[:MAX_CENTRAL_CLAIMS]]


def _ref(evidence: dict) -> dict:
    return {"article": evidence["article"], "start": evidence["start"], "end": evidence["end"],
            "text": evidence["text"]}


def summary(events: list[dict], found: list[dict], entities: list[dict], ledger: list[dict],
            counts: dict, lang: dict[str, str | None]) -> dict:
    languages = sorted({(code or "")[:2] for code in lang.values() if code})
    developments = []
    for event in key_events(events):
        developments.append({
            "event": event["id"], "date": event["date"], "granularity": event["granularity"],
            "date_sureness": event["date_sureness"], "place": event["place"], "title": event["title"],
            "status": event["status"], "reports": len(event["articles"]),
            "independent_sources": event["independent_sources"], "evidence": event["evidence"],
            "facts": development_facts(event, found),
        })
    return {"developments": developments, "actors": actors(entities, lang), "claims": central_claims(ledger),
            "counts": {**counts, "language_codes": languages}}
