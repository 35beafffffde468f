"""The dossier as Markdown, for reading and diffing.

By default it is what a reader needs first and fits on a few screens: the summary, the key
developments, one timeline line per distinct dated fact (background apart), the claims most
sources carry, the central names and the reports that added something. `full=True` adds every
section of the JSON record in full (every claim and its evidence, every timeline source)."""
from __future__ import annotations

import re

from storyledger.dossier.reading import without_date_header

MAX_EVIDENCE = 3  # evidence sentences shown per claim (the JSON has them all)
SHORT_CLAIMS = 25  # claims shown by default, most independent sources first
SHORT_ENTITIES = 15
SHORT_SOURCES = 12  # named sources listed under the short ledger
SHORT_BACKGROUND = 15
SHORT_UNRESOLVED = 5
SENTENCE_CHARS = 200
# Control characters (terminal escapes when the dossier is printed) and bidi overrides are dropped.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINKABLE = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)


def render_markdown(dossier: dict, full: bool = False) -> str:
    if full:
        parts = [_header(dossier), _summary(dossier), _developments(dossier), _facts(dossier, full=True),
                 _events(dossier), _timeline(dossier), _claims(dossier), _entities(dossier),
                 _sources(dossier), _unresolved(dossier)]
    else:
        parts = [_header(dossier), _summary(dossier), _developments(dossier), _facts(dossier),
                 _short_claims(dossier), _short_entities(dossier), _short_sources(dossier),
                 _short_unresolved(dossier)]
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _cut(text: str | None, limit: int = SENTENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return _md(text)
    return _md(text[:limit].rsplit(" ", 1)[0]) + "…"


def _unquoted(text: str) -> str:
    return text.strip(" \"'“”«»‘’„")


def _claim_text(text: str) -> str:
    """A claim's content without quotes around it or the corpus's date header before it."""
    return _unquoted(without_date_header(_unquoted(text)))


def _sentence(ev: dict | None) -> str:
    """An evidence sentence, cut, without the corpus's date header, with its reference."""
    if not ev:
        return ""
    return f"{_cut(without_date_header(ev['text']))} {_ref(ev)}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _sure(item: dict) -> str:
    sureness = item.get("date_sureness")
    return {"stated": "date stated", "weekday": "resolved from a weekday",
            "relative": "resolved from the publication date",
            "publication": "publication date"}.get(sureness, sureness or "?")


def _summary(d: dict) -> str:
    s = d.get("summary")
    if not s:
        return ""
    c = s["counts"]
    lines = ["## Summary", "",
             f"{_count(c['reports'], 'report')} from {_count(c['outlets'], 'outlet')}, "
             f"{_count(c['independent_sources'], 'independent source')}, {_count(c['languages'], 'language')} "
             f"({', '.join(c['language_codes']) or '?'}).", ""]
    if s["developments"]:
        lines.append("**What happened**")
        lines.append("")
    for dev in s["developments"]:
        place = f" · {_md(dev['place']['name'])}" if dev.get("place") else ""
        lines.append(f"- **{dev['date'] or 'undated'}**{place} — {_md(dev['title'])} ({dev['event']}; "
                     f"{_sure(dev)}; {dev['status'] or 'no status'}; {dev['reports']} reports, "
                     f"{dev['independent_sources']} independent sources)"
                     + (f" {_ref(dev['evidence'])}" if dev.get("evidence") else ""))
        for fact in dev["facts"]:
            flag = f" ⚠ reports disagree: also {', '.join(fact['disagrees_with'])}" if fact["disagrees_with"] else ""
            lines.append(f"  - {fact['date']}: {_sentence(fact['evidence'])} ({fact['reports']} report(s); "
                         f"{fact['status']}){flag}")
    if s["actors"]:
        lines += ["", "**Who**", ""]
        for a in s["actors"]:
            role = f", {_md(a['role'])}" if a["role"] else ""
            ref = f" {_ref(a['evidence'])}" if a.get("evidence") else ""
            lines.append(f"- **{_md(a['name'])}** ({a['type'].lower()}{role}; {a['mentions']} mentions){ref}")
    if s["claims"]:
        lines += ["", "**Central claims**", ""]
        for c in s["claims"]:
            who = _who(c)
            ref = f" {_ref(c['evidence'])}" if c.get("evidence") else ""
            lines.append(f"- {c['claim']} **{c['status']}** — {who}: “{_cut(_claim_text(c['text']), 160)}” "
                         f"({c['independent_sources']} independent sources, {c['reports']} reports){ref}")
    return "\n".join(lines)


def _developments(d: dict) -> str:
    lines = ["## Events", "", "The key developments, in date order: when (and how sure), where, status, sources.", ""]
    for e in d["events"]:
        place = f" · {_md(e['place']['name'])}" if e.get("place") else ""
        first = e.get("first_report") or {}
        first_text = (f"; first reported by {_md(first.get('outlet') or first.get('article'))}"
                      f" ({first.get('published') or 'undated'})") if first else ""
        lines.append(f"- **{e['date'] or 'undated'}** ({_sure(e)}){place} — {_md(e['title'])} — "
                     f"{e['id']}, {e['status'] or 'no status'}; {len(e['articles'])} report(s), "
                     f"{e.get('independent_sources', '?')} independent{first_text}")
    return "\n".join(lines)


def _fact_line(fact: dict) -> str:
    flag = f" — ⚠ reports disagree: also {', '.join(fact['disagrees_with'])}" if fact["disagrees_with"] else ""
    kind = " (announcement)" if fact["kind"] == "announcement" else ""
    outlets = ", ".join(_md(o) for o in fact["outlets"][:3]) + (" …" if len(fact["outlets"]) > 3 else "")
    return (f"- **{fact['date']}**{kind} — {_sentence(fact['evidence'])} — {fact['status']}; "
            f"{fact['reports']} report(s){': ' + outlets if outlets else ''}{flag}")


def _facts(d: dict, full: bool = False) -> str:
    found = d.get("facts", [])
    developments = [f for f in found if f.get("development")]
    story = [f for f in found if not f["background"] and not f.get("development")]
    background = [f for f in found if f["background"]]
    lines = ["## Timeline", "", "One line per dated fact, with the reports that give it: the story's key "
             "developments first, then the thread's other dated facts, then the background.", ""]
    lines += [_fact_line(f) for f in developments] or ["No dated facts."]
    if story:
        lines += ["", "### Other dated facts", ""]
        lines += [_fact_line(f) for f in story]
    if background:
        shown = background if full else background[-SHORT_BACKGROUND:]
        lines += ["", "### Background", "",
                  "Dates before the story or given only as context (\"since 2015\").", ""]
        if len(shown) < len(background):
            lines.append(f"- … {len(background) - len(shown)} earlier date(s): `--full` lists them")
        lines += [_fact_line(f) for f in shown]
    return "\n".join(lines)


def ranked_claims(d: dict) -> list[dict]:
    """The claims most independent sources carry first, then the most reported (the HTML too)."""
    return sorted(d["claims"], key=lambda c: (-c["independent_sources"], -len(c["evidence"]), c["id"]))


def _short_claims(d: dict) -> str:
    ranked = ranked_claims(d)
    shown = ranked[:SHORT_CLAIMS]
    lines = ["## Claims ledger", "",
             f"The {len(shown)} claims most independent sources carry, of {len(d['claims'])} "
             "(`--full` lists every claim with its evidence).", ""]
    for claim in shown:
        who = _who(claim)
        contradicted = "; ".join(f"{c['claim']} ({c['kind']}: {_md(c['detail'])})" for c in claim["contradicted_by"])
        ev = claim["evidence"][0] if claim["evidence"] else None
        lines.append(f"- **{claim['id']}** {claim['status']} — {who}: “{_cut(_claim_text(claim['text']), 160)}” — "
                     f"{claim['independent_sources']} independent source(s)"
                     + (f"; contradicted by {contradicted}" if contradicted else "")
                     + (f" {_ref(ev)}" if ev else ""))
        lines += [f"  - ⚠ {_variant_text(v)}" for v in claim.get("variants", [])]
        lines += [f"  - ⚠ against {c['claim']}: {_variant_text(v)}" for c in claim["contradicted_by"]
                  for v in c.get("differ", [])]
    differing = [c for c in ranked[SHORT_CLAIMS:] if c.get("variants")]
    if differing:
        lines += ["", "Other claims whose reports differ:", ""]
        for claim in differing[:SHORT_CLAIMS]:
            lines.append(f"- **{claim['id']}** {_who(claim)}: “{_cut(_claim_text(claim['text']), 100)}” — "
                         + "; ".join(_variant_text(v) for v in claim["variants"]))
    named = d.get("named_sources") or []
    if named:
        top = named[:SHORT_SOURCES]
        lines += ["", "Independent sources behind the claims, each named once: "
                  + "; ".join(_named_source(s) for s in top)
                  + (f"; and {len(named) - len(top)} more" if len(named) > len(top) else "")]
    return "\n".join(lines)


def _named_source(source: dict) -> str:
    """"Vladimir Osechkin (also Ossetchkine; 51 claims in 23 reports)"."""
    others = [_md(x) for x in source.get("spellings", []) if x != source["name"]][:2]
    also = f"also {', '.join(others)}; " if others else ""
    return f"{_md(source['name'])} ({also}{len(source['claims'])} claim(s) in {len(source['articles'])} report(s))"


def _who(claim: dict) -> str:
    """The speaker, and the channel when it is another name ("Le Parisien via Le Parisien" is one)."""
    speaker, channel = claim.get("speaker"), claim.get("channel")
    same = speaker and channel and _unquoted(speaker).casefold() == _unquoted(channel).casefold()
    return _md(speaker) + (f" via {_md(channel)}" if channel and not same else "")


def _variant_text(variant: dict) -> str:
    """"reports differ on figures: “26 to 38” (3 reports) vs “28 to 38” (1 report)"."""
    stance = variant["kind"] == "polarity"  # its values are "affirmed" and "negated": say which is which
    values = " vs ".join(("{} ".format(v["text"]) if stance else "")
                         + f"“{' / '.join(_md(w) for w in v.get('written', [v['text']])[:3])}” "
                         f"({_count(v['reports'], 'report')}) {_ref(v['evidence'])}"
                         for v in variant["values"])
    return f"reports differ on {variant['kind']}: {values}"


def _short_entities(d: dict) -> str:
    lines = ["## People, organisations and places", ""]
    for e in d["entities"][:SHORT_ENTITIES]:
        line = f"- **{_md(e['name'])}** ({e['type']}, {e['mentions']} mentions)"
        others = [s for s in e["spellings"] if s != e["name"]][:4]
        if others:
            line += " — also: " + ", ".join(_md(s) for s in others)
        if e["descriptors"]:
            line += " — described as: " + "; ".join(_md(x["text"]) for x in e["descriptors"][:3])
        lines.append(line)
    if len(d["entities"]) > SHORT_ENTITIES:
        lines.append(f"- … and {len(d['entities']) - SHORT_ENTITIES} more (`--full`)")
    return "\n".join(lines)


def reports_that_added(d: dict) -> list[dict]:
    """The reports that founded an event or first stated a claim (the HTML too)."""
    return [r for r in d["sources"]["reports"] if r["added"]["events"] or r["added"]["claims"]]


def _short_sources(d: dict) -> str:
    reports = d["sources"]["reports"]
    added = reports_that_added(d)
    lines = ["## Sources and provenance", "",
             f"{len(reports)} reports; one line for each of the {len(added)} that added an event or a claim "
             "(`--full` lists every report).", ""]
    for r in added:
        origin = f"via {_md(r['origin'])}" if r["origin"] else "own reporting"
        url = f" {_url(r['url'])}" if r["url"] else ""
        lines.append(f"- `{r['id']}` {_md(r['outlet'])}, {r['published'] or 'undated'}, {r['lang'] or '?'}, "
                     f"{origin} — {_added_text(r)}{url}")
    silent = [r for r in reports if r not in added]
    if silent:
        lines += ["", "Added nothing new: " + ", ".join(f"`{r['id']}` {_md(r['outlet'])}" for r in silent)]
    groups = d["sources"]["copy_groups"]
    if groups:
        outlet = {r["id"]: r["outlet"] for r in reports}
        lines += ["", "Copy groups (a text and its relays and translations count once):", ""]
        for g in groups:
            copies = [a for a in g["articles"] if a != g.get("root")]
            origin = f"{_md(g['origin'])} text" if g["origin"] else "text"
            root = g.get("root") or g["articles"][0]
            lines.append(f"- {origin} first in `{root}` {_md(outlet.get(root))}; relayed by "
                         + ", ".join(f"`{a}` {_md(outlet.get(a))}" for a in copies))
    return "\n".join(lines)


def _added_text(report: dict) -> str:
    """"founded e18; first to state c166 “…” and 2 more claim(s)"."""
    parts = []
    if report["added"]["events"]:
        parts.append(f"founded {', '.join(report['added']['events'])}")
    claims = report["added"]["claims"]
    if claims:
        more = f" and {len(claims) - 1} more claim(s)" if len(claims) > 1 else ""
        parts.append(f"first to state {claims[0]['claim']} “{_cut(_claim_text(claims[0]['text']), 80)}”{more}")
    return "; ".join(parts)


def _short_unresolved(d: dict) -> str:
    u = d["unresolved"]
    total = len(u["undated_reports"]) + len(u["times"]) + len(u["speakers"])
    if not total:
        return "## Not resolved\n\nNothing."
    return (f"## Not resolved\n\n{len(u['undated_reports'])} report(s) without a publication date, "
            f"{len(u['times'])} time expression(s) without a calendar date, {len(u['speakers'])} speaker(s) "
            "not resolved (`--full` lists them).")


def _md(text: str | None) -> str:
    """Text from articles on one line, with Markdown's active characters escaped."""
    if text is None:
        return "–"
    text = " ".join(_CONTROLS.sub("", str(text)).split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _url(url: str) -> str:
    """An http(s) URL as a link; anything else (javascript:, data:, file:) as inert text."""
    if _LINKABLE.fullmatch(url) and not _CONTROLS.search(url):
        return f"<{url}>"
    return _md(url).replace(":", "\\:")  # no scheme a renderer could turn into a link


def _ref(ev: dict) -> str:
    return f"`{ev['article']}@{ev['start']}-{ev['end']}`"


def _header(d: dict) -> str:
    c, span = d["counts"], d["span"]
    return "\n".join([
        f"# {_md(d['title'])}",
        "",
        f"{d['kind'].capitalize()} `{d['id']}` · {span['first'] or '?'} → {span['last'] or '?'} · "
        f"{_count(c['reports'], 'report')} · {_count(c['outlets'], 'outlet')} · "
        f"{_count(c['languages'], 'language')} · {_count(c['independent_sources'], 'independent source')}",
        "",
        f"_schema_version {d['schema_version']}_",
    ])


def _events(d: dict) -> str:
    lines = ["## Events", ""]
    for e in d["events"]:
        lines.append(f"- **{e['id']}** {e['date'] or 'undated'} ({e['granularity'] or '?'}, {e['date_basis']}) "
                     f"— {_md(e['title'])} — status: {e['status'] or '–'}; {len(e['articles'])} report(s)")
    return "\n".join(lines)


def _timeline(d: dict) -> str:
    lines = ["## Every dated clause, by event", ""]
    if not d["timeline"]:
        lines.append("No dated happenings.")
    for entry in d["timeline"]:
        lines.append(f"- **{entry['date']}** ({entry['granularity']}, {entry['event'] or 'no event'}) — "
                     f"{entry['status']}; {entry['reports']} report(s)")
        for source in entry["sources"]:
            speaker = f" — {_md(source['speaker'])}" if source["speaker"] else ""
            lines.append(f"  - {_md(source['text'])} ({_md(source['outlet'])}{speaker}; {source['status']}) "
                         f"{_ref(source['evidence'])}")
    return "\n".join(lines)


def _claims(d: dict) -> str:
    lines = ["## Claims ledger", "",
             "| claim | speaker | channel | status | independent sources | contradicted by | reports differ |",
             "|---|---|---|---|---|---|---|"]
    for claim in d["claims"]:
        contradicted = "; ".join(f"{c['claim']} ({c['kind']}: {_md(c['detail'])})" for c in claim["contradicted_by"])
        sources = ", ".join(_md(s["label"]) for s in claim["sources"])
        differ = "; ".join([_variant_text(v) for v in claim.get("variants", [])]
                           + [f"against {c['claim']}: {_variant_text(v)}" for c in claim["contradicted_by"]
                              for v in c.get("differ", [])])
        lines.append(f"| {claim['id']}: {_md(claim['text'])} | {_md(claim['speaker'])} | {_md(claim['channel'])} | "
                     f"{claim['status']} | {claim['independent_sources']} ({sources}) | {contradicted or '–'} | "
                     f"{differ or '–'} |")
    lines += ["", "### Evidence", ""]
    for claim in d["claims"]:
        for ev in claim["evidence"][:MAX_EVIDENCE]:
            lines.append(f"- {claim['id']} {_ref(ev)}: {_md(ev['text'])}")
    if d.get("named_sources"):
        lines += ["", "### Independent sources, each named once", ""]
        lines += [f"- {_named_source(source)}" for source in d["named_sources"]]
    return "\n".join(lines)


def _entities(d: dict) -> str:
    lines = ["## People, organisations and places", ""]
    for e in d["entities"]:
        line = f"- **{_md(e['name'])}** ({e['type']}, id {e['id']}, {e['mentions']} mentions)"
        if len(e["spellings"]) > 1 or (e["spellings"] and e["spellings"][0] != e["name"]):
            line += " — spellings: " + ", ".join(_md(s) for s in e["spellings"])
        if e["descriptors"]:
            line += " — described as: " + "; ".join(_md(x["text"]) for x in e["descriptors"])
        place = e.get("place")
        if place and place.get("latitude") is not None:
            line += (f" — place: {_md(place['name'])}, {place['country']} "
                     f"({place['latitude']:.4f}, {place['longitude']:.4f})")
        lines.append(line)
    return "\n".join(lines)


def _sources(d: dict) -> str:
    lines = ["## Sources and provenance", ""]
    for r in d["sources"]["reports"]:
        origin = f"via {r['origin']}" if r["origin"] else "own reporting"
        copy = f"; copy of `{r['copy_of']['article']}` ({r['copy_of']['method']})" if r["copy_of"] else ""
        lines.append(f"- `{r['id']}` {_md(r['outlet'])}, {r['published'] or 'undated'}, {r['lang'] or '?'} — "
                     f"{origin}{copy}; added {len(r['added']['events'])} event(s), "
                     f"{len(r['added']['claims'])} new claim(s)")
        if r["url"]:
            lines.append(f"  - {_url(r['url'])}")
    groups = d["sources"]["copy_groups"]
    lines += ["", "### Copy groups", ""]
    if not groups:
        lines.append("No report copies another.")
    for g in groups:
        lines.append(f"- {g['origin'] or 'unknown origin'}: " + ", ".join(f"`{a}`" for a in g["articles"]))
    return "\n".join(lines)


def _unresolved(d: dict) -> str:
    u = d["unresolved"]
    lines = ["## Not resolved", ""]
    if u["undated_reports"]:
        lines.append("- Reports without a publication date: " + ", ".join(f"`{a}`" for a in u["undated_reports"]))
    for t in u["times"]:
        lines.append(f"- time “{_md(t['expression'])}”: {t['reason']} {_ref(t)}")
    for s in u["speakers"]:
        lines.append(f"- speaker “{_md(s['speaker'])}” ({s['kind']}): {s['reason']} {_ref(s)}")
    if len(lines) == 2:
        lines.append("Nothing.")
    return "\n".join(lines)
