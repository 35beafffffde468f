"""eval: score a corpus against a gold file."""
from __future__ import annotations

import os

from storyledger.commands.common import fail, print_json
from storyledger.evaluate.gold import GoldError, evaluate, summary_line


def register(sub) -> None:
    p = sub.add_parser("eval", help="score a corpus against a gold file (../shared/gold/FORMAT.md)",
                       description="Runs the whole pipeline on CORPUS (a folder of .txt with "
                                   "metadata.jsonl, or a .jsonl file) in a fresh database and scores "
                                   "each section of the gold file.")
    p.add_argument("corpus", help="a folder of .txt with metadata.jsonl, or a .jsonl file")
    p.add_argument("--gold", required=True, help="gold JSON file (../shared/gold/FORMAT.md)")
    p.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    p.add_argument("--verbose", "-v", action="store_true", help="also list what each section missed")
    p.add_argument("--keep-db", metavar="PATH", help="keep the run's database at PATH for inspection")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args) -> int:
    if not os.path.exists(args.corpus):
        fail(f"{args.corpus}: no such corpus (a folder with metadata.jsonl, or a .jsonl file)")
    if args.keep_db and os.path.exists(args.keep_db):  # a run scores a fresh store, and never overwrites one
        fail(f"{args.keep_db}: already exists; --keep-db needs a new path (remove the old database first)")
    try:
        misses: dict = {}
        scores = evaluate(args.corpus, args.gold, args.keep_db, misses)
    except GoldError as exc:
        fail(str(exc))
    if args.json:
        print_json(scores)
        return 0
    for section, figures in scores.items():
        if section == "ingest_errors":
            for error in figures:
                print(f"ingest error: {error}")
        else:
            print(summary_line(section, figures))
            if args.verbose:
                for miss in misses.get(section, []):
                    print(f"    miss: {miss}")
    return 0
