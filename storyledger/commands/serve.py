"""`storyledger serve`: the web UI and JSON API over a store."""
from __future__ import annotations

import errno
import socket

from storyledger.commands.common import add_db_arg, db_from, fail, whole_number


def register(sub) -> None:
    p = sub.add_parser("serve", help="web UI and JSON API (http://127.0.0.1:8000 by default)",
                       description="Serve the threads, dossiers, articles, entities and search as web "
                                   "pages, and the same data as JSON under /api (described at /openapi.json).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=whole_number(1, 65535), default=8000, metavar="N", help="TCP port to listen on")
    p.add_argument("--allow-host", action="append", metavar="NAME",
                   help="a public host name the server answers to (repeatable); by default only this "
                        "machine's names and the bound address, which stops DNS-rebinding pages")
    add_db_arg(p)
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    import uvicorn

    from storyledger.web.app import allowed_hosts, create_app

    db_from(args).close()  # a clear error now rather than on the first request
    check_can_listen(args.host, args.port)
    print(f"storyledger: serving {args.db or 'storyledger.db'} at http://{args.host}:{args.port}/")
    app = create_app(args.db, allowed_hosts(args.host, args.allow_host))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def check_can_listen(host: str, port: int) -> None:
    """Bind and release (host, port) as uvicorn will, so a taken port or an unknown host is
    one line here instead of a traceback from the server."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        fail(f"--host {host}: not an address of this machine ({exc})")
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            reason = "the port is in use; choose another --port" if exc.errno == errno.EADDRINUSE \
                else exc.strerror or str(exc)
            fail(f"cannot listen on {host}:{port}: {reason}")
