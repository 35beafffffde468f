"""relink: bring a store's analyses and links up to this version of storyledger."""
from __future__ import annotations

import sys

from storyledger import pipeline
from storyledger.commands.common import add_db_arg, existing_db_from

DESCRIPTION = (
    "Analyse again every stored article whose analysis is stale (made by an older analysis "
    "version, or with a failed component under another storyledger version), and, if any article "
    "was linked from an older analysis or by another storyledger version, link the whole store "
    "again in publication order, so that an existing store gets the improvements. Each article is "
    "analysed and linked in its own transaction: interrupt it and run it again, and it goes on "
    "where it stopped; nothing stored is lost. Re-linking takes about as long as linking the "
    "whole store did.")


def register(sub) -> None:
    p = sub.add_parser("relink", help="re-analyse stale analyses and re-link the store after an upgrade",
                       description=DESCRIPTION)
    p.add_argument("--dask", metavar="ADDRESS", help="analyse on Dask: 'local' (a cluster on this machine) "
                                                     "or a scheduler address, tcp://host:8786")
    add_db_arg(p)
    p.set_defaults(func=cmd_relink)


def cmd_relink(args) -> int:
    db = existing_db_from(args, write=True)
    report = pipeline.relink(db, args.dask, announce=_announce)
    for error in report.errors:
        print(f"storyledger: error: {error}", file=sys.stderr)
    seconds = sum(report.seconds.values())
    renewed = (f"links of {report.stale_links} articles were stale, " if report.stale_links else "")
    print(f"{report.analysed} analysed again, {renewed}{report.linked} linked, {len(report.errors)} failed "
          f"in {seconds:.1f}s -> {db.path}")
    return 0 if report.ok else 1


def _announce(message: str) -> None:
    print(f"relink: {message}", file=sys.stderr, flush=True)
