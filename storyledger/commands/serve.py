"""`storyledger serve`: the web UI and JSON API over a store."""
from __future__ import annotations

from storyledger.commands.common import add_db_arg, db_from


def register(sub) -> None:
    p = sub.add_parser("serve", help="web UI and JSON API (http://127.0.0.1:8000 by default)",
                       description="Serve the threads, dossiers, articles, entities and search as web "
                                   "pages, and the same data as JSON under /api (described at /openapi.json).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a public host name the server answers to (repeatable); by default only this "
                        "machine's names and the bound address, which stops DNS-rebinding pages")
    add_db_arg(p)
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    import uvicorn

    from storyledger.web.app import allowed_hosts, create_app

    db_from(args).close()  # a clear error now rather than on the first request
    print(f"storyledger: serving {args.db or 'storyledger.db'} at http://{args.host}:{args.port}/")
    app = create_app(args.db, allowed_hosts(args.host, args.allow_host))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
