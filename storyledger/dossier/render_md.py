"""The dossier as Markdown: the same sections as the JSON, for reading and diffing."""
from __future__ import annotations

import re

MAX_EVIDENCE = 3  # evidence sentences shown per claim (the JSON has them all)
# Control characters (terminal escapes when the dossier is printed) and bidi overrides are dropped.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINKABLE = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)


def render_markdown(dossier: dict) -> str:
    parts = [_header(dossier), _events(dossier), _timeline(dossier), _claims(dossier),
             _entities(dossier), _sources(dossier), _unresolved(dossier)]
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


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
        f"{c['reports']} reports · {c['outlets']} outlets · {c['languages']} languages · "
        f"{c['independent_sources']} independent sources",
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
    lines = ["## Timeline", ""]
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
             "| claim | speaker | channel | status | independent sources | contradicted by |",
             "|---|---|---|---|---|---|"]
    for claim in d["claims"]:
        contradicted = "; ".join(f"{c['claim']} ({c['kind']}: {_md(c['detail'])})" for c in claim["contradicted_by"])
        sources = ", ".join(_md(s["label"]) for s in claim["sources"])
        lines.append(f"| {claim['id']}: {_md(claim['text'])} | {_md(claim['speaker'])} | {_md(claim['channel'])} | "
                     f"{claim['status']} | {claim['independent_sources']} ({sources}) | {contradicted or '–'} |")
    lines += ["", "### Evidence", ""]
    for claim in d["claims"]:
        for ev in claim["evidence"][:MAX_EVIDENCE]:
            lines.append(f"- {claim['id']} {_ref(ev)}: {_md(ev['text'])}")
    if d.get("claim_sources"):
        lines += ["", "### Independent sources", ""]
        for source in d["claim_sources"]:
            lines.append(f"- {_md(source['label'])}: {len(source['claims'])} claim(s) in "
                         f"{len(source['articles'])} report(s)")
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
