"""`storyledger threads`, `storyledger events` and `storyledger dossier ID`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from storyledger.commands.common import (add_db_arg, add_json_arg, add_page_args, db_from, fail, page_note,
                                         print_json, print_table)
from storyledger.dossier import build

FORMATS = ("md", "html", "json")


def register(sub) -> None:
    p = sub.add_parser("threads", help="table of stored story threads, latest activity first")
    add_db_arg(p)
    add_json_arg(p)
    add_page_args(p, "threads")
    p.set_defaults(func=cmd_threads)

    p = sub.add_parser("events", help="table of stored events, latest first")
    add_db_arg(p)
    add_json_arg(p)
    add_page_args(p, "events")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("dossier", help="the dossier of a thread or an event (Markdown, HTML or JSON)",
                       description="THREAD_OR_EVENT is t<N> for a thread or e<N> for an event "
                                   "(a bare number is a thread); `storyledger threads` lists them.")
    p.add_argument("target", metavar="THREAD_OR_EVENT", help="t<N> (a thread) or e<N> (an event)")
    p.add_argument("--format", choices=FORMATS, default="md", help="output format")
    p.add_argument("--full", action="store_true",
                   help="Markdown: every section in full (every claim, timeline source and report); "
                        "the JSON is always complete")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    add_db_arg(p)
    p.set_defaults(func=cmd_dossier)


def _table_rows(rows: list[dict]) -> list[dict]:
    return [{**r, "first": r["span"]["first"], "last": r["span"]["last"], **r["counts"]} for r in rows]


_COLUMNS = ["id", "first", "last", "reports", "outlets", "languages", "independent_sources", "title"]
_HEADINGS = {"title": 60}


def cmd_threads(args) -> int:
    from storyledger.store import links

    db = db_from(args)
    rows = build.list_threads(db, args.limit, args.offset)
    if args.json:
        print_json(rows)
    else:
        print_table(_table_rows(rows), _COLUMNS[:1] + ["events"] + _COLUMNS[1:], _HEADINGS)
    page_note(args, links.count_threads(db), len(rows))
    return 0


def cmd_events(args) -> int:
    from storyledger.store import links

    db = db_from(args)
    rows = build.list_events(db, args.limit, args.offset)
    if args.json:
        print_json(rows)
    else:
        print_table(_table_rows(rows), ["id", "thread", "date"] + _COLUMNS[1:], _HEADINGS)
    page_note(args, links.count_events(db), len(rows))
    return 0


def cmd_dossier(args) -> int:
    try:
        target = build.parse_target(args.target)
    except ValueError as exc:
        fail(str(exc), code=1)
    db = db_from(args)
    try:
        dossier = build.build_dossier(db, target)
    except build.NotFound as exc:
        fail(str(exc), code=1)
    text = render(dossier, args.format, full=args.full)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {args.output}: {exc.strerror}")
        print(f"{target.id}: {args.format} dossier written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def render(dossier: dict, fmt: str, full: bool = False) -> str:
    if fmt == "json":
        return json.dumps(dossier, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from storyledger.dossier.render_html import render_html

        return render_html(dossier)
    from storyledger.dossier.render_md import render_markdown

    return render_markdown(dossier, full=full)
