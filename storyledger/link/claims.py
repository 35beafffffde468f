"""Claims across reports: one group per thing stated, independent sources, contradictions.

Every attribution with content becomes a claim (a refusal or a silence states itself). A new claim joins the group
of the most similar earlier claim, found through the `claim_keys` index (content
words, names, numbers, the speaker's name) and, for a copy or translation, among
the claims of the text it copies. In one language similarity is word overlap;
across languages it is the multilingual encoder's cosine of the two contents,
provided their figures agree (or, as before, shared names and numbers). In a
translation, the one claim of a sentence is the one claim of the sentence it
translates, whatever spans attribution found in either language. Sources are
independent when they differ in who speaks *and* the channel it came through:
copies of one wire story share their copy root, and outlets relaying one
agency's interview share the channel, so each counts once. Two claims about
the same thing (same thread, similar wording) contradict when their numbers,
their polarity or their places differ. Every row keeps article id + offsets.
"""
from __future__ import annotations

import dataclasses
import re

from anyascii import anyascii

from storyledger import agencies
from storyledger.link import copies, events
from storyledger.link import similarity as measures
from storyledger.link.events import term
from storyledger.model import Analysis, Article, Attribution, Span
from storyledger.settings import DEFAULT, ClaimSettings
from storyledger.store import links
from storyledger.store.db import Database

PLACE_TYPES = {"GPE", "LOC", "FAC"}
_NEGATION = re.compile(r"\b(no|not|never|none|nothing|neither|nor|without|denied|denies|deny|n't|"
                       r"aucun\w*|jamais|rien|ni|pas|nie|nié|dément\w*|kein\w*|nicht|nunca|ningun\w*)\b", re.I)
_NEGATIVE_STATUS = {"denied", "not_confirmed"}
REFUSALS = {"declined", "no_comment", "not_confirmed", "denied"}  # may state nothing but the refusal
_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s+([^\W\d_]{3,})")  # "3 shots", "450 millions"


def link_article(db: Database, article: Article, analysis: Analysis | None = None,
                 settings: ClaimSettings = DEFAULT.claims) -> None:
    if analysis is None:
        return
    thread_id = links.thread_of_article(db, article.id)
    source_channel = _copy_channel(db, article)
    copied = _copied_claims(db, article.id, source_channel[0].removeprefix("article:"))
    new_claims = []
    for idx, attribution in enumerate(analysis.attributions):
        attribution = with_stated_content(article, attribution)
        if attribution is None:
            continue
        span = attribution.content
        content = article.text[span.start:span.end]
        features = claim_features(content, article, analysis, attribution)
        if not (features["words"] or features["anchors"]) and attribution.status in REFUSALS \
                and (stated := with_stated_content(article, dataclasses.replace(attribution, content=None))):
            attribution, span = stated, stated.content  # "did not confirm which one": the refusal itself
            content = article.text[span.start:span.end]
            features = claim_features(content, article, analysis, attribution)
        if features["words"] or features["anchors"]:
            new_claims.append((idx, attribution, content, features))
    ranked, rows = _candidates(db, [features for *_, features in new_claims], settings.max_candidates)
    rows.update((c["id"], c) for c in copied)
    ranked = [sorted(set(ids) | {c["id"] for c in copied}) for ids in ranked]
    translated = _translated_claims(db, article.id, [a for _, a, *_ in new_claims], copied)
    for (idx, attribution, content, features), ids in zip(new_claims, ranked):
        group_id = _link_claim(db, article, idx, attribution, content, features, thread_id, source_channel,
                               [rows[c] for c in ids], translated.get(attribution.sentence_start), settings)
        for row in rows.values():  # a group that just got its thread has it for the next claims too
            if row["group_id"] == group_id and row["thread_id"] is None:
                row["thread_id"] = thread_id


def with_stated_content(article: Article, attribution: Attribution) -> Attribution | None:
    """The attribution with content to show, or None. A refusal or silence ("did not reply to a
    request for comment", "declined to comment", "did not confirm") has no reported content: what
    it states is the refusal itself, from its cue to the end of the sentence."""
    span = attribution.content
    if span is not None and span.end > span.start:
        return attribution
    if attribution.status not in REFUSALS or attribution.cue is None:
        return None
    start = attribution.cue.start
    text = article.text[start:attribution.sentence_end].rstrip(" \n.!?;:\"'”»")
    if len(text.split()) < 2:
        return None
    return dataclasses.replace(attribution, content=Span(start, start + len(text), text))


def _candidates(db: Database, all_features: list[dict], limit: int) -> tuple[list[list[int]], dict[int, dict]]:
    """Candidate claim ids for each new claim of one article, and their stored rows: two reads."""
    postings = links.claim_postings(db, [k for features in all_features for k in _claim_keys(features)])
    ranked = [sorted(c for c, _ in links.claim_candidates(postings, _claim_keys(f), limit))
              for f in all_features]
    rows = {r["id"]: r for r in links.claim_rows(db, [c for ids in ranked for c in ids])}
    return ranked, rows


def _copied_claims(db: Database, article_id: str, root: str) -> list[dict]:
    """Claims of the text this article copies or translates (its parent and the copy root):
    a translated claim shares no word with its original, and maybe no name."""
    sources = {links.copy_of(db, article_id), root} - {None, article_id}
    return [row for source in sorted(sources)
            for row in links.claim_rows(db, where="c.article_id = ?", params=(source,))]


def _translated_claims(db: Database, article_id: str, attributions: list[Attribution],
                       copied: list[dict]) -> dict[int, int]:
    """{evidence start: id of the claim it translates} for the sentences of a translation that hold
    one claim, aligned with an original sentence that holds one claim."""
    link = next((r for r in links.copy_link_rows(db, [article_id])
                 if r["article_id"] == article_id and r["method"] == "translation"), None)
    if link is None:
        return {}
    originals = [c for c in copied if c["article_id"] == link["copy_of"]]
    found = {}
    for pair in link["aligned"]:
        (mine_start, _), (their_start, _) = pair["article"], pair["copy_of"]
        mine = [a for a in attributions if a.sentence_start <= mine_start < a.sentence_end]
        theirs = [c for c in originals if c["sentence_start"] <= their_start < c["sentence_end"]]
        if len(mine) == 1 and len(theirs) == 1:
            found[mine[0].sentence_start] = theirs[0]["id"]
    return found


# --- read functions ---------------------------------------------------------------

def claim_groups(db: Database, thread_id: int | None = None,
                 article_ids: list[str] | None = None) -> list[dict]:
    """[{id, thread, first_article, claims, independent_sources, sources, contradictions}].

    Every group, those of a thread (where the group's first claim was), or, with `article_ids`,
    every group that holds a claim of one of these articles, with all its claims.
    Each claim carries its article id, evidence sentence and content offsets; each
    source lists the claims it stands for, each contradiction the two claim ids."""
    if article_ids is not None:
        rows = _group_rows_of_articles(db, article_ids)
    elif thread_id is not None:
        rows = links.claim_rows(db, where="g.thread_id = ?", params=(thread_id,), features=False)
    else:
        rows = links.claim_rows(db, features=False)
    scoped = thread_id is not None or article_ids is not None
    contradictions = links.contradiction_rows(db, [r["id"] for r in rows] if scoped else None)
    by_group: dict[int, list[dict]] = {}
    for row in rows:
        by_group.setdefault(row["group_id"], []).append(row)
    groups = []
    for group_id, claims in by_group.items():
        ids = {c["id"] for c in claims}
        sources: dict[str, list[int]] = {}
        for c in claims:
            sources.setdefault(c["source_key"], []).append(c["id"])
        groups.append({
            "id": group_id, "thread": claims[0]["thread_id"], "first_article": claims[0]["first_article"],
            "claims": [_claim_view(c) for c in claims],
            "independent_sources": len(sources),
            "sources": [{"source": key, "claims": claim_ids} for key, claim_ids in sorted(sources.items())],
            "contradictions": [_contradiction_view(c) for c in contradictions
                               if c["claim_id"] in ids or c["other_claim_id"] in ids],
        })
    return groups


def _group_rows_of_articles(db: Database, article_ids: list[str], chunk: int = 400) -> list[dict]:
    """Every claim of every group that holds a claim of one of these articles, in claim order."""
    ids = list(dict.fromkeys(article_ids))
    found: dict[int, dict] = {}
    for at in range(0, len(ids), chunk):
        part = ids[at:at + chunk]
        where = f"c.group_id IN (SELECT group_id FROM claims WHERE article_id IN ({','.join('?' * len(part))}))"
        found.update((r["id"], r) for r in links.claim_rows(db, where=where, params=part, features=False))
    return [found[k] for k in sorted(found)]


def new_in_article(db: Database, article_id: str) -> dict:
    """What this article adds to its thread that no earlier article had: events founded, claim groups opened."""
    event_id = links.event_of_article(db, article_id).get(article_id)
    new_events = links.events_founded_by(db, article_id)
    claims = links.claim_rows(db, where="c.article_id = ? AND g.first_article = ?", params=(article_id, article_id))
    first_in_group = {}
    for claim in claims:
        first_in_group.setdefault(claim["group_id"], claim)
    return {"article": article_id, "event": event_id, "thread": links.thread_of_article(db, article_id),
            "new_events": new_events,
            "new_claims": [{**_claim_view(c), "group": c["group_id"]} for c in first_in_group.values()]}


def _claim_view(row: dict) -> dict:
    return {"claim": row["id"], "article": row["article_id"],
            "evidence": [row["sentence_start"], row["sentence_end"]],
            "content": [row["content_start"], row["content_end"]], "text": row["content"],
            "speaker": row["speaker"], "channel": row["channel"], "status": row["status"],
            "source": row["source_key"]}


def _contradiction_view(row: dict) -> dict:
    return {"claim": row["claim_id"], "other": row["other_claim_id"], "kind": row["kind"], "detail": row["detail"]}


# --- features ---------------------------------------------------------------------

def claim_features(content: str, article: Article, analysis: Analysis, attribution: Attribution) -> dict:
    start, end = attribution.content.start, attribution.content.end
    places, countries = set(), set()
    for mention in analysis.mentions:
        if mention.type in PLACE_TYPES and start <= mention.start < end:
            name = mention.canonical or mention.text
            places.add(name)
            country = _country(name)
            if country:
                countries.add(country)
    return {
        "words": sorted(set(events.content_words(re.sub(r"\d", " ", content)))),
        "anchors": sorted(set(measures.anchor_tokens(content))),
        "numbers": sorted(set(measures.numbers(content))),  # 2,300 and 2 300 are one figure
        "units": sorted({(term(m.group(2)) or m.group(2).casefold(), m.group(1).replace(",", "."))
                         for m in _UNIT.finditer(content)}),
        "places": sorted(places),
        "countries": sorted(countries),
        "negated": bool(_NEGATION.search(content)) or attribution.status in _NEGATIVE_STATUS,
        "speaker": sorted(set(measures.anchor_tokens(attribution.speaker_name or ""))),
        "lang": (article.lang or "")[:2],
    }


def _country(name: str) -> str | None:
    try:
        from storyledger import places
    except ImportError:  # no gazetteer: places are not compared
        return None
    best = places.resolve(name).best
    return best.country if best else None


def _claim_keys(features: dict) -> list[str]:
    anchors = sorted(set(features["anchors"]) | set(features.get("speaker", [])))
    return ["w:" + w for w in features["words"]] + ["a:" + a for a in anchors]


def similarity(a: dict, b: dict) -> float:
    """Content-word overlap; across languages, names and numbers only."""
    if a["lang"] and b["lang"] and a["lang"] != b["lang"]:
        if len(a["anchors"]) < 2 or len(b["anchors"]) < 2:
            return 0.0
        return _overlap(a["anchors"], b["anchors"])
    return _overlap(a["words"], b["words"])


def _overlap(a: list, b: list) -> float:
    """Dice coefficient: a paraphrase that adds words to a short claim still scores high."""
    a, b = set(a), set(b)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


# --- sources ----------------------------------------------------------------------

def _copy_channel(db: Database, article: Article) -> tuple[str, str | None]:
    """(copy root key, wire the article credits) for an article: its text came through them."""
    root, credit = copies.copy_origin(db, article.id)
    return "article:" + root, (credit["origin"] if credit else None)


def source_key(attribution: Attribution, copy_channel: tuple[str, str | None]) -> str:
    """Who a claim independently comes from.

    A channel (the agency or outlet that relayed it, else the wire the article
    credits) is one source whoever spoke through it: five sites relaying one
    AFP interview are one source. Without a channel, the speaker as printed in
    one copy group of texts is one source."""
    root, wire = copy_channel
    channel = attribution.channel_name or (attribution.channel.text if attribution.channel else None) or wire
    if channel:
        agency = agencies.lookup(channel)
        return "channel:" + _normal(agency.name if agency else channel)
    speaker = _normal(attribution.speaker_name or (attribution.speaker.text if attribution.speaker else None))
    return f"{speaker or 'report'}@{root}"


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"^(the|la|le|les|l')\s+", "", name.strip(), flags=re.I)
    return " ".join(anyascii(name).casefold().split())


# --- grouping and contradictions --------------------------------------------------

def _link_claim(db, article, idx, attribution, content, features, thread_id, copy_channel, candidates,
                translates: int | None = None, settings: ClaimSettings = DEFAULT.claims) -> int:
    """Group one new claim with its most similar candidate (or open a group), record contradictions;
    returns its group id. `translates`: the id of the claim this one translates, if known."""
    candidates = [c for c in candidates if c["article_id"] != article.id]
    scored = sorted(((similarity(features, c["features"]), c) for c in candidates), key=lambda x: (-x[0], x[1]["id"]))
    cosines = _cross_language_cosines(content, features, candidates, settings)
    if translates is not None:
        cosines[translates] = settings.translated_claim
    grouping = sorted(((max(sim, cosines.get(c["id"], 0.0)), c) for sim, c in scored),
                      key=lambda x: (-x[0], x[1]["id"]))
    # a claim that contradicts its nearest neighbour states another thing: its own group
    same = [(sim, c) for sim, c in grouping
            if sim >= settings.same_claim and not contradictions(features, c["features"], settings=settings)]
    if same:
        group_id, score = same[0][1]["group_id"], round(same[0][0], 4)
        links.set_claim_group_thread(db, group_id, thread_id)
    else:
        group_id, score = links.create_claim_group(db, article.id, thread_id), None
    claim_id = links.save_claim(db, {
        "article_id": article.id, "idx": idx, "group_id": group_id,
        "sentence_start": attribution.sentence_start, "sentence_end": attribution.sentence_end,
        "content_start": attribution.content.start, "content_end": attribution.content.end,
        "content": content, "speaker": attribution.speaker_name or (attribution.speaker.text if attribution.speaker else None),
        "channel": attribution.channel_name or (attribution.channel.text if attribution.channel else None),
        "status": attribution.status, "source_key": source_key(attribution, copy_channel),
        "features": features, "score": score})
    links.add_claim_keys(db, claim_id, _claim_keys(features))
    for sim, other in scored:
        if sim < settings.same_figure:
            break
        if thread_id is not None and other["thread_id"] not in (None, thread_id):
            continue
        for kind, detail in contradictions(features, other["features"], sim, settings):
            links.add_contradiction(db, claim_id, other["id"], kind, detail)
    return group_id


def _cross_language_cosines(content: str, features: dict, candidates: list[dict],
                            settings: ClaimSettings = DEFAULT.claims) -> dict[int, float]:
    """{candidate id: encoder cosine} for candidates in another language whose content states the
    same thing (cosine at least `same_claim_across`, figures that agree). Only those are embedded."""
    if len(content.split()) < settings.min_content_words:
        return {}
    others = [c for c in candidates if c["features"].get("lang") and features["lang"]
              and c["features"]["lang"] != features["lang"] and len(c["content"].split()) >= settings.min_content_words]
    if not others:
        return {}
    # names, figures and speaker are what two languages share: the closest by them are compared
    others = sorted(others, key=lambda c: (-similarity(features, c["features"]), c["id"]))[:settings.cross_language_candidates]
    vectors = measures.sentence_vectors([content] + [c["content"] for c in others])
    found = {}
    for c, cosine in zip(others, vectors[1:] @ vectors[0]):
        if cosine >= settings.same_claim_across and not measures.figures_disagree(content, c["content"]):
            found[c["id"]] = round(float(cosine), 4)
    return found


def _numbers_conflict(a: dict, b: dict) -> bool:
    """A figure differs: ranges that share one end ("26 to 38" / "28 to 38"), or one unit
    counted differently ("3 shots" / "5 shots"). "9 p.m." against "Sept. 12" is no conflict."""
    mine, theirs = set(a["numbers"]), set(b["numbers"])
    if mine & theirs and mine - theirs and theirs - mine:  # one extra figure (a date) is no conflict
        return True
    units_a, units_b = dict(a.get("units", [])), dict(b.get("units", []))
    return any(unit in units_b and units_b[unit] != value for unit, value in units_a.items())


def contradictions(a: dict, b: dict, sim: float = 1.0,
                   settings: ClaimSettings = DEFAULT.claims) -> list[tuple[str, str]]:
    """How two claims on one topic (similarity `sim`) disagree: numbers, polarity, places."""
    found = []
    if _numbers_conflict(a, b):
        found.append(("numbers", f"{'-'.join(a['numbers'])} vs {'-'.join(b['numbers'])}"))
    # a shared figure is specific enough; polarity and places need the same topic in several words
    if sim < settings.same_topic or len(set(a["words"]) & set(b["words"])) < 2:
        return found
    if a["negated"] != b["negated"]:
        found.append(("polarity", "negated vs affirmed" if a["negated"] else "affirmed vs negated"))
    # places in different countries; Annecy and France, or two towns of one country, are not judged
    if a.get("countries") and b.get("countries") and not set(a["countries"]) & set(b["countries"]):
        found.append(("place", f"{', '.join(a['places'])} vs {', '.join(b['places'])}"))
    return found
