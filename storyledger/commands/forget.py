"""forget: remove articles and everything derived from them."""
from __future__ import annotations

from storyledger import pipeline
from storyledger.commands.common import add_db_arg, existing_db_from, fail, print_table
from storyledger.store import articles as store
from storyledger.store import forget as forget_store

DESCRIPTION = (
    "Remove articles and everything derived from them: the raw document (unless another article "
    "was read from it), sentences, cleaning removals, analysis, search index entry, entity mentions "
    "and aliases, copy links, event and thread membership, claims, claim groups and contradictions, "
    "queue entries. Entities, events and threads left without articles disappear, and a copy of a "
    "forgotten article no longer points at it. "
    "Linking is incremental, in publication order, and a later report changes what earlier ones "
    "made (entity names, event and thread profiles, word frequencies, thread merges), which cannot "
    "be subtracted again. So forget empties every link table and links every remaining article "
    "again, in publication order, with the same code as ingest: the store ends as if the forgotten "
    "articles had never been ingested. That takes about as long as linking the whole store did. "
    "Everything happens in one transaction: if anything fails, the store is left as it was.")


def register(sub) -> None:
    p = sub.add_parser("forget", help="remove articles and everything derived from them; re-link the rest",
                       description=DESCRIPTION)
    p.add_argument("ids", nargs="*", metavar="ID", help="article id (or its prefix), corpus name or URL")
    p.add_argument("--outlet", action="append", metavar="NAME",
                   help="every article of this outlet (repeatable)")
    p.add_argument("--source", action="append", metavar="PATH",
                   help="every article read from this input file, or from files under this folder (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="print what would be removed; change nothing")
    add_db_arg(p)
    p.set_defaults(func=cmd_forget)


def cmd_forget(args) -> int:
    if not (args.ids or args.outlet or args.source):
        fail("say what to forget: article ids, --outlet NAME or --source PATH")
    db = existing_db_from(args, write=not args.dry_run)
    ids = _resolve(db, args)
    if args.dry_run:
        return _dry_run(db, ids)
    try:
        report = pipeline.forget(db, ids)
    except pipeline.ForgetError as exc:
        fail(str(exc), 1)
    waiting = (f"; {len(report.awaiting_analysis)} had an outdated analysis and are linked after their next "
               "analysis" if report.awaiting_analysis else "")
    print(f"{_articles(len(report.forgotten))} removed ({_plural(report.documents, 'raw document')}), "
          f"{_articles(report.relinked)} re-linked in {report.seconds:.1f}s{waiting} -> {db.path}")
    return 0


def _resolve(db, args) -> list[str]:
    """The ids to forget, each key resolved as `show` does; any key that matches nothing (or an
    id prefix that matches several) is an error before anything changes."""
    ids: list[str] = []
    for key in args.ids:
        found = store.find_articles(db, key)
        if not found:
            fail(f"no article {key!r}; nothing was removed; `storyledger articles` lists them", 1)
        if len(found) > 1 and key not in found:
            fail(f"{key!r} matches {len(found)} articles; nothing was removed; give more of the id", 1)
        ids += [key] if key in found else found
    for outlet in args.outlet or []:
        found = forget_store.ids_of_outlet(db, outlet)
        if not found:
            fail(f"no article of outlet {outlet!r}; nothing was removed; `storyledger articles` lists outlets", 1)
        ids += found
    for source in args.source or []:
        found = forget_store.ids_of_source(db, source)
        if not found:
            fail(f"no article read from {source!r}; nothing was removed; `storyledger show ID` gives an "
                 "article's source", 1)
        ids += found
    return list(dict.fromkeys(ids))


def _dry_run(db, ids: list[str]) -> int:
    print_table(forget_store.summaries(db, ids), ["id", "published", "outlet", "title"],
                {"outlet": 24, "title": 60})
    counts = forget_store.footprint(db, ids)
    print("with them: " + ", ".join(f"{what} {n}" for what, n in counts.items()))
    copies = forget_store.copies_of(db, ids)
    if copies:
        print(f"copies that would no longer point at them: {', '.join(copies)}")
    relink = len(set(forget_store.linked_ids(db)) - set(ids))
    print(f"would remove {_articles(len(ids))} and re-link {_articles(relink)}; nothing changed (--dry-run)")
    return 0


def _articles(n: int) -> str:
    return _plural(n, "article")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
