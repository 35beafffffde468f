"""ingest, articles, show, search."""
from __future__ import annotations

import sys
from dataclasses import asdict

from storyledger import pipeline
from storyledger.commands.common import (add_db_arg, add_json_arg, add_page_args, db_from, fail, page_note,
                                         print_json, print_table, printable, whole_number)
from storyledger.ingest.meta import iso_date, language_code
from storyledger.store import articles as store


def register(sub) -> None:
    p = sub.add_parser("ingest", help="read, clean, store, analyse and link articles",
                       description="Ingest .txt (with metadata.jsonl beside), .html, .jsonl, RSS/Atom, "
                                   "WARC(.gz); folders are read recursively; '-' reads stdin.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or '-' for standard input")
    p.add_argument("--published", metavar="DATE", help="publication date YYYY-MM-DD for these inputs")
    p.add_argument("--outlet", metavar="NAME", help="outlet name for these inputs")
    p.add_argument("--url", help="URL of the input (for a single article)")
    p.add_argument("--lang", help="language of these inputs instead of detection: an ISO 639-1 code "
                                  "(en, fr, ...) or an English name (French)")
    p.add_argument("--store-only", action="store_true", help="store clean articles; analyse and link later")
    p.add_argument("--dask", metavar="ADDRESS", help="analyse on Dask: 'local' (a cluster on this machine) "
                                                     "or a scheduler address, tcp://host:8786")
    add_db_arg(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("articles", help="table of stored articles, earliest first")
    add_db_arg(p)
    add_json_arg(p)
    add_page_args(p, "articles")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("show", help="one article: clean text, metadata, what cleaning removed")
    p.add_argument("id", help="article id (or its prefix), corpus name or URL")
    add_db_arg(p)
    add_json_arg(p, one=True)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("search", help="full-text search over stored articles")
    p.add_argument("query", help='words to find (every one), "an exact phrase", a prefix like osech*, '
                                 'and OR / AND / NOT between terms')
    p.add_argument("--limit", type=whole_number(1), default=20, metavar="N", help="results to show, best first")
    add_db_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_search)


def cmd_ingest(args) -> int:
    if args.published and not iso_date(args.published):
        fail(f"--published {args.published!r} is not a date (YYYY-MM-DD)")
    lang = language_code(args.lang) if args.lang else None
    if args.lang and not lang:
        fail(f"--lang {args.lang!r} is not a language with a two-letter ISO 639-1 code; "
             "give one such as en, fr, de, or its English name (French)")
    overrides = {"published": iso_date(args.published), "outlet": args.outlet, "url": args.url,
                 "lang": lang}
    if args.dask and args.dask != "local" and not args.store_only:
        _check_scheduler(args.dask)  # before anything is stored, not 30 s into the run
    db = db_from(args, write=True)
    report = pipeline.ingest_paths(db, args.paths, overrides)
    if not args.store_only:
        pipeline.analyse_pending(db, args.dask, report)
        pipeline.link_pending(db, report)
    for error in report.errors:
        print(f"storyledger: error: {error}", file=sys.stderr)
    seconds = sum(report.seconds.values())
    print(f"{len(report.added)} new, {report.already_stored} already stored, {len(report.errors)} failed; "
          f"{report.analysed} analysed, {report.linked} linked in {seconds:.1f}s -> {db.path}")
    stale = store.stale_link_count(db)
    if stale:
        print(f"storyledger: note: {stale} stored articles were linked from an older analysis or by another "
              "storyledger version; run `storyledger relink` to bring the store up to date", file=sys.stderr)
    return 0 if report.ok else 1


DASK_CONNECT_SECONDS = 5


def _check_scheduler(address: str) -> None:
    """Fail in one line when the Dask scheduler at `address` does not answer."""
    from dask.distributed import Client

    try:
        Client(address, timeout=DASK_CONNECT_SECONDS).close()
    except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        fail(f"--dask {address}: cannot reach a Dask scheduler ({reason}); "
             "start one (`dask scheduler`) or use --dask local")


def cmd_articles(args) -> int:
    db = db_from(args)
    every = store.list_articles(db)
    rows = every[args.offset:args.offset + args.limit]
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["id", "outlet", "published", "lang", "words", "title"],
                    {"outlet": 24, "title": 60})
    page_note(args, len(every), len(rows))
    return 0


def _one_article(db, key: str):
    ids = store.find_articles(db, key)
    if not ids:
        fail(f"no article {key!r}; `storyledger articles` lists them", 1)
    if len(ids) > 1:
        fail(f"{key!r} matches {len(ids)} articles: {', '.join(ids[:5])}; give more of the id", 1)
    return store.get_article(db, ids[0])


def cmd_show(args) -> int:
    db = db_from(args)
    article = _one_article(db, args.id)
    analysis = store.get_analysis(db, article.id)
    failures = analysis.failures if analysis else []
    if args.json:
        data = asdict(article)
        data.pop("body")
        data["analysis_failures"] = failures
        print_json(data)
        return 0
    for key in ("id", "name", "title", "outlet", "url", "published", "published_basis", "lang",
                "lang_basis", "captured", "source", "locator"):
        value = getattr(article, key)
        if value:
            print(f"{key + ':':17}{printable(str(value))}")
    print(f"{'sentences:':17}{len(article.sentences)}  words: {article.words()}")
    for failure in failures:  # a component raised: its part of the analysis is empty
        print(f"analysis incomplete: {failure}")
    print("\n" + "\n".join(printable(line) for line in article.text.split("\n")) + "\n")
    if article.removed:
        print(f"removed by cleaning ({len(article.removed)}):")
        for removal in article.removed:
            print(f"  [{removal.reason}] {printable(removal.text[:100])}")
    return 0


def cmd_search(args) -> int:
    rows = store.search(db_from(args), args.query, args.limit)
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["id", "published", "outlet", "snippet"], {"outlet": 20, "snippet": 80})
    return 0
