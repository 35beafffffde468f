"""Inline SVG pictures of a dossier, drawn server-side with no library and no network:
the timeline on a date axis, and the sources graph (which agency or outlet each
report's claims came through, which report copies which)."""
from __future__ import annotations

import datetime as dt
from html import escape

from storyledger import agencies

STATUS_COLOURS = {
    "asserted": "#2b6cb0", "confirmed": "#2f855a", "claimed": "#d69e2e", "alleged": "#c05621",
    "hedged": "#805ad5", "denied": "#c53030", "not_confirmed": "#718096", "declined": "#4a5568",
    "no_comment": "#a0aec0",
}
WIDTH = 900
MARGIN = 60


def _e(text) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _day(value: str | None) -> dt.date | None:
    """First day of a YYYY, YYYY-MM or YYYY-MM-DD period."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _agency_name(name: str) -> str:
    agency = agencies.lookup(name)
    return agency.name if agency else name


def status_colour(status: str | None) -> str:
    return STATUS_COLOURS.get(status or "", "#4a5568")


def timeline_svg(dossier: dict) -> str:
    """Dated happenings as dots on a date axis (size: number of reports, colour: status);
    the dossier's events as flags above the axis."""
    points = [(e, _day(e["date"])) for e in dossier["timeline"]]
    points = [(e, d) for e, d in points if d]
    flags = [(e, _day(e["date"])) for e in dossier["events"] if _day(e["date"])]
    days = [d for _, d in points] + [d for _, d in flags]
    height = 200
    if not days:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{WIDTH}" height="40" '
                f'role="img" aria-label="timeline"><text x="10" y="25">No dated happenings.</text></svg>')
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return MARGIN + (day - first).days / span * (WIDTH - 2 * MARGIN)

    axis_y = 110
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {height}" '
           f'width="100%" role="img" aria-label="timeline of dated happenings">',
           f'<line x1="{MARGIN - 20}" y1="{axis_y}" x2="{WIDTH - MARGIN + 20}" y2="{axis_y}" stroke="#333"/>']
    for year in range(first.year, last.year + 2):
        day = dt.date(year, 1, 1)
        if first <= day <= last or year == first.year:
            tx = x(max(day, first))
            out.append(f'<line x1="{tx:.1f}" y1="{axis_y - 5}" x2="{tx:.1f}" y2="{axis_y + 5}" stroke="#333"/>'
                       f'<text x="{tx:.1f}" y="{axis_y + 58}" font-size="11" text-anchor="middle" '
                       f'fill="#555">{year}</text>')
    label_ends = [float("-inf")] * 3  # x where the last label of each row ends
    for entry, day in points:
        cx, r = x(day), 4 + min(entry["reports"], 5) * 1.5
        tip = f"{entry['date']} ({entry['granularity']}): {entry['status']}, {entry['reports']} report(s) — " + \
              " | ".join(s["text"] for s in entry["sources"][:3])
        label = ""
        row = next((i for i, end in enumerate(label_ends) if cx - len(entry["date"]) * 2.7 > end + 4), None)
        if len(entry["date"]) > 4 and row is not None:  # a year sits on its tick already
            label_ends[row] = cx + len(entry["date"]) * 2.7
            label = (f'<text x="{cx:.1f}" y="{axis_y + 20 + row * 11}" font-size="9" '
                     f'text-anchor="middle">{_e(entry["date"])}</text>')
        out.append(f'<g class="point"><title>{_e(tip)}</title>'
                   f'<circle cx="{cx:.1f}" cy="{axis_y}" r="{r:.1f}" fill="{status_colour(entry["status"])}" '
                   f'fill-opacity="0.8" stroke="#fff"/>{label}</g>')
    for i, (event, day) in enumerate(flags):
        fx, top = x(day), 14 + (i % 3) * 24
        label = f"{event['id']} {event['date']}: {event['title']}"
        short = label if len(label) <= 60 else label[:59] + "…"
        anchor = "end" if fx > WIDTH * 0.6 else "start"
        dx = -4 if anchor == "end" else 4
        out.append(f'<g class="event"><title>{_e(label)}</title>'
                   f'<line x1="{fx:.1f}" y1="{top}" x2="{fx:.1f}" y2="{axis_y}" stroke="#222" stroke-dasharray="3,2"/>'
                   f'<rect x="{fx - 4:.1f}" y="{top - 4}" width="8" height="8" fill="#222"/>'
                   f'<text x="{fx + dx:.1f}" y="{top + 12}" font-size="11" text-anchor="{anchor}">{_e(short)}</text></g>')
    out.append(_legend(height - 14))
    out.append("</svg>")
    return "".join(out)


def _legend(y: int) -> str:
    items, x = [], 10
    for status, colour in STATUS_COLOURS.items():
        items.append(f'<circle cx="{x + 5}" cy="{y - 4}" r="5" fill="{colour}"/>'
                     f'<text x="{x + 13}" y="{y}" font-size="10">{_e(status)}</text>')
        x += 14 + len(status) * 6 + 12
    return "".join(items)


def _sources_named_once(dossier: dict) -> list[dict]:
    """One row per person, organisation or agency (`named_sources`), else per source key."""
    if dossier.get("named_sources"):
        return [{"key": f"named:{i}", "label": s["name"], "keys": set(s["keys"]), "claims": s["claims"],
                 "articles": s["articles"]} for i, s in enumerate(dossier["named_sources"])]
    return [{**s, "keys": {s["key"]}} for s in dossier.get("claim_sources", [])]


def sources_svg(dossier: dict) -> str:
    """Sources (agencies, outlets, speakers the claims came through) on the left, reports
    on the right; an edge per source and report it stands behind (width: claims), the wire
    each report credits, and curved edges from a copy to the report it copies."""
    reports = dossier["sources"]["reports"]
    sources = _sources_named_once(dossier)
    wires = {_agency_name(r["origin"]) for r in reports if r["origin"]}
    known = {s["label"] for s in sources}
    sources += [{"key": "wire:" + w, "label": w, "keys": set(), "claims": [], "articles": []}
                for w in sorted(wires - known)]
    row = 34
    height = max(len(reports), len(sources), 1) * row + 50
    left_x, right_x = 30, WIDTH - 330
    report_y = {r["id"]: 40 + i * row for i, r in enumerate(reports)}
    source_y = {s["key"]: 40 + i * row for i, s in enumerate(sources)}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sources" viewBox="0 0 {WIDTH} {height}" '
           f'width="100%" role="img" aria-label="sources graph">',
           f'<text x="{left_x}" y="18" font-size="12" font-weight="bold">claims came through</text>',
           f'<text x="{right_x}" y="18" font-size="12" font-weight="bold">reports</text>']
    for source in sources:
        y = source_y[source["key"]]
        for article in source["articles"]:
            if article not in report_y:
                continue
            n = sum(1 for c in dossier["claims"] for ev in c["evidence"]
                    if ev["article"] == article and ev["source"] in source["keys"])
            out.append(f'<line x1="{left_x + 200}" y1="{y}" x2="{right_x - 8}" y2="{report_y[article]}" '
                       f'stroke="#2b6cb0" stroke-opacity="0.5" stroke-width="{1 + min(n, 10) * 0.6:.1f}">'
                       f'<title>{_e(source["label"])}: {n} claim(s)</title></line>')
    by_label = {s["label"]: s["key"] for s in sources}
    for r in reports:
        key = by_label.get(_agency_name(r["origin"])) if r["origin"] else None
        if key in source_y:
            out.append(f'<line x1="{left_x + 200}" y1="{source_y[key]}" x2="{right_x - 8}" y2="{report_y[r["id"]]}" '
                       f'stroke="#c05621" stroke-dasharray="5,3"><title>{_e(r["outlet"])} relays '
                       f'{_e(r["origin"])}</title></line>')
        if r["copy_of"] and r["copy_of"]["article"] in report_y:
            y1, y2 = report_y[r["id"]], report_y[r["copy_of"]["article"]]
            bend = right_x + 300
            out.append(f'<path d="M {right_x + 290} {y1} C {bend + 20} {y1}, {bend + 20} {y2}, {right_x + 290} {y2}" '
                       f'fill="none" stroke="#c53030" stroke-width="2" marker-end="url(#arrow)">'
                       f'<title>copy ({_e(r["copy_of"]["method"])})</title></path>')
    for source in sources:
        y = source_y[source["key"]]
        label = source["label"] if len(source["label"]) <= 30 else source["label"][:29] + "…"
        out.append(f'<g class="source"><title>{_e(source["label"])}: {len(source["claims"])} claim(s)</title>'
                   f'<rect x="{left_x}" y="{y - 11}" width="200" height="22" rx="4" fill="#ebf4ff" stroke="#2b6cb0"/>'
                   f'<text x="{left_x + 6}" y="{y + 4}" font-size="11">{_e(label)} ({len(source["claims"])})</text></g>')
    for r in reports:
        y = report_y[r["id"]]
        label = f"{r['outlet'] or r['id']} · {r['published'] or 'undated'}"
        out.append(f'<g class="report"><title>{_e(r["title"] or r["id"])}</title>'
                   f'<rect x="{right_x - 8}" y="{y - 11}" width="298" height="22" rx="4" fill="#fffaf0" stroke="#c05621"/>'
                   f'<text x="{right_x}" y="{y + 4}" font-size="11">{_e(label[:44])}</text></g>')
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
               'orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#c53030"/></marker></defs>')
    out.append("</svg>")
    return "".join(out)
