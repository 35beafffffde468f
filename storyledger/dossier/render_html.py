"""HTML pages from the dossier dicts, with the Jinja2 templates of storyledger/web.

The same templates serve `storyledger dossier --format html` (one standalone
file: CSS inline, links to articles as plain ids) and the web UI (links to
the article and entity pages). Autoescaping is on for every template: article
text only reaches the page escaped; the only markup built here is the
highlighted article text, which escapes every piece of text it wraps.
"""
from __future__ import annotations

import functools
from html import escape
from importlib import resources

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from storyledger.dossier import reading, render_md, svg


@functools.cache
def environment() -> Environment:
    folder = resources.files("storyledger.web") / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(timeline_svg=_safe(svg.timeline_svg),
                       sources_svg=_safe(svg.sources_svg),
                       ranked_claims=render_md.ranked_claims, reports_that_added=render_md.reports_that_added,
                       without_date_header=reading.without_date_header,
                       short={"claims": render_md.SHORT_CLAIMS, "entities": render_md.SHORT_ENTITIES},
                      css=Markup(stylesheet()))  # escaped, its quoted font names broke: a serif page
    return env


def _safe(draw):
    """SVG drawers escape every text they place, so their output goes in as markup."""
    return lambda dossier: Markup(draw(dossier))


@functools.cache
def stylesheet() -> str:
    """The page style, with one class per claim status (`.status-confirmed`): colours come as
    classes, never inline `style` attributes, which a strict Content-Security-Policy blocks."""
    css = (resources.files("storyledger.web") / "static" / "style.css").read_text(encoding="utf-8")
    return css + "".join(f".status-{status} {{ background: {colour}; }}\n"
                         for status, colour in svg.STATUS_COLOURS.items())


def render_page(template: str, web: bool = True, **context) -> str:
    return environment().get_template(template).render(web=web, **context)


def render_html(dossier: dict) -> str:
    """A standalone HTML file: no links to a server, CSS inline, SVG inline."""
    return render_page("dossier.html", web=False, d=dossier)


# --- the article text with what the analysis found in it ------------------------------

def highlight(view: dict, focus: tuple[int, int] | None = None) -> Markup:
    """The clean text with claims, entity mentions and time expressions marked.

    The text is cut at every span boundary; each piece is escaped, then wrapped
    in the marks active over it (claim > time > entity), so overlapping spans
    never produce broken markup."""
    text = view["text"]
    spans = ([("claim", c["start"], c["end"], c) for c in view["claims"]]
             + [("time", t["start"], t["end"], t) for t in view["times"]]
             + [("ent", m["start"], m["end"], m) for m in view["mentions"]])
    if focus:
        spans.append(("focus", focus[0], focus[1], {}))
    spans = [s for s in spans if 0 <= s[1] < s[2] <= len(text)]
    cuts = sorted({0, len(text), *(s[1] for s in spans), *(s[2] for s in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        active = [s for s in spans if s[1] <= start and end <= s[2]]
        piece = escape(text[start:end], quote=True)
        if focus and start == focus[0]:
            out.append('<a id="focus"></a>')
        out.append(_wrap(piece, active))
    return Markup("".join(out))


def _wrap(piece: str, active: list) -> str:
    for kind, _, _, data in sorted(active, key=lambda s: ("focus", "claim", "time", "ent").index(s[0]),
                                   reverse=True):
        if kind == "ent":
            title = escape(f"{data['type']}: {data['text']}", quote=True)
            cls = f"ent ent-{escape(data['type'], quote=True)}"
            if data.get("entity"):
                piece = f'<a class="{cls}" href="/entities/{escape(data["entity"], quote=True)}" title="{title}">{piece}</a>'
            else:
                piece = f'<span class="{cls}" title="{title}">{piece}</span>'
        elif kind == "time":
            title = escape(f"{data['type']} {data['value'] or 'unresolved'} ({data['granularity'] or '?'})", quote=True)
            piece = f'<mark class="time" title="{title}">{piece}</mark>'
        elif kind == "claim":
            status = escape(data["status"] or "asserted", quote=True)
            title = escape(f"{data['status']}: {data['speaker'] or 'the report'}"
                           + (f" via {data['channel']}" if data["channel"] else ""), quote=True)
            piece = f'<span class="claim st-{status}" title="{title}">{piece}</span>'
        else:
            piece = f'<span class="focus">{piece}</span>'
    return piece
