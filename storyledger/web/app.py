"""The web UI and JSON API over one store (FastAPI, server-rendered Jinja2 pages).

Pages: / (threads), /events, /threads/{id}, /events/{id}, /articles/{id},
/entities/{id}, /search?q=. JSON: the same data under /api/..., the dossier
JSON being exactly `storyledger dossier --format json`. FastAPI describes the
API at /openapi.json (no /docs: its page loads a CDN). Nothing is loaded from the network: CSS is
in /static, pictures are inline SVG.
"""
from __future__ import annotations

import collections
import contextlib
import functools
import json
import queue
import re
import threading
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyledger.dossier import build
from storyledger.dossier.render_html import highlight, render_page, stylesheet
from storyledger.store import articles as article_store
from storyledger.store import links
from storyledger.store import listings
from storyledger.store import watch as watch_store
from storyledger.store.db import DEFAULT_DB, Database, open_db
from storyledger.web.feeds import alerts_atom

PAGE = 50  # rows per listing page
FEED_ALERTS = 100  # newest alerts in /alerts.atom
DOSSIERS_KEPT = 64  # built dossiers a server keeps in memory
VISIT = re.compile(r"^\d{4}-\d{2}-\d{2}T[\d:.+-]+$")  # a last-visit cookie as we set it
MAX_PAGE = 500


# No scripts at all; styles only from our own stylesheet; nothing may frame the pages.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def allowed_hosts(bound: str, extra: list[str] | None = None) -> list[str]:
    """Host headers the server answers: the bound address and this machine's names (a page on
    another site that rebinds its DNS name to 127.0.0.1 gets a 400, not the store). Bound to
    every interface, any name is allowed unless `extra` lists the public ones."""
    if extra:
        return [*LOCAL_NAMES, bound, *extra]
    if bound in ("0.0.0.0", "::", ""):
        return ["*"]
    return [*LOCAL_NAMES, bound]


def create_app(db_path: str | Path | None = None, hosts: list[str] | None = None) -> FastAPI:
    """The application over the store at `db_path` (default ./storyledger.db), answering
    requests whose Host is in `hosts` (default: this machine's names)."""
    # no /docs or /redoc: their pages load scripts from a CDN; /openapi.json stays
    app = FastAPI(title="storyledger", version=build.SCHEMA_VERSION, docs_url=None, redoc_url=None,
                  description="Dossiers of developing news stories: threads, events, claims, sources.")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts or allowed_hosts("127.0.0.1"))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/static/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(stylesheet(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    readers = ReaderPool(str(db_path or DEFAULT_DB))
    dossiers = DossierCache()

    def database():
        with readers.connection() as db:
            yield db

    _add_api(app, database, dossiers)
    _add_pages(app, database, dossiers)
    _add_errors(app)
    return app


class ReaderPool:
    """Read-only connections to the store, each lent to one request at a time.

    FastAPI runs a request's dependency and its handler on different worker threads, so a
    connection must be allowed to change threads (read-only ones are); lending each to one
    request keeps two requests from ever sharing one. A reader never writes: GET changes
    nothing, and an ingest running into the same store is seen as it commits (WAL)."""

    def __init__(self, path: str):
        self.path = path
        self._idle: queue.SimpleQueue[Database] = queue.SimpleQueue()
        open_db(path, readonly=True).close()  # a missing or outdated store fails here, not per request

    @contextlib.contextmanager
    def connection(self):
        try:
            db = self._idle.get_nowait()
        except queue.Empty:
            db = Database(self.path, readonly=True)
        try:
            yield db
        finally:
            if db.conn.in_transaction:
                db.conn.rollback()
            self._idle.put(db)


class DossierCache:
    """Dossiers built for the pages and the API, kept while the store's link generation stays
    the same (every link commit moves it on), so a thread read again is not built again. The
    dossiers are shared between requests: nothing may change them."""

    def __init__(self, size: int = DOSSIERS_KEPT):
        self.size = size
        self._kept: collections.OrderedDict[tuple, dict] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, db: Database, target: build.Target) -> dict:
        db.execute("BEGIN")  # one snapshot: the generation read is the one the dossier is built from
        try:
            key = (listings.generation(db), target.kind, target.number)
            with self._lock:
                if key in self._kept:
                    self._kept.move_to_end(key)
                    return self._kept[key]
            dossier = build.build_dossier(db, target)
        finally:
            db.execute("COMMIT")
        with self._lock:
            self._kept[key] = dossier
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return dossier


@functools.cache
def dossier_schema() -> dict:
    return json.loads((resources.files("storyledger.dossier") / "schema.json").read_text(encoding="utf-8"))


def _found(call, *args):
    try:
        return call(*args)
    except build.NotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


def _target(value: str, kind: str) -> build.Target:
    try:
        target = build.parse_target(value)
    except ValueError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    if value[:1].isalpha() and target.kind != kind:
        raise HTTPException(status_code=404, detail=f"{value} is not a {kind} id")
    return build.Target(kind, target.number)


def _article_id(db: Database, key: str) -> str:
    ids = article_store.find_articles(db, key)
    if len(ids) != 1:
        raise HTTPException(status_code=404, detail=f"no article {key}")
    return ids[0]


def _pager(page: int, total: int) -> dict:
    pages = max(1, -(-total // PAGE))
    return {"page": page, "pages": pages, "total": total,
            "previous": page - 1 if page > 1 else None, "next": page + 1 if page < pages else None}


# --- JSON API ---------------------------------------------------------------------------

def _add_api(app: FastAPI, database, dossiers: "DossierCache") -> None:
    @app.get("/api/threads", tags=["api"], summary="Threads with their span and counts, latest activity first")
    def api_threads(response: Response, limit: int = Query(PAGE, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0),
                    db: Database = Depends(database)) -> list[dict]:
        response.headers["X-Total-Count"] = str(links.count_threads(db))
        return build.list_threads(db, limit, offset)

    @app.get("/api/threads/{thread_id}", tags=["api"], summary="The dossier of a thread (schema.json)")
    def api_thread(thread_id: str, db: Database = Depends(database)) -> dict:
        return _found(dossiers.get, db, _target(thread_id, "thread"))

    @app.get("/api/events", tags=["api"], summary="Events with their date, span and counts, latest first")
    def api_events(response: Response, limit: int = Query(PAGE, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0),
                   db: Database = Depends(database)) -> list[dict]:
        response.headers["X-Total-Count"] = str(links.count_events(db))
        return build.list_events(db, limit, offset)

    @app.get("/api/events/{event_id}", tags=["api"], summary="The dossier of an event (schema.json)")
    def api_event(event_id: str, db: Database = Depends(database)) -> dict:
        return _found(dossiers.get, db, _target(event_id, "event"))

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One report with its analysis")
    def api_article(article_id: str, db: Database = Depends(database)) -> dict:
        return _found(build.article_view, db, _article_id(db, article_id))

    @app.get("/api/entities/{entity_id}", tags=["api"], summary="One entity: spellings, descriptors, place")
    def api_entity(entity_id: str, db: Database = Depends(database)) -> dict:
        return _found(build.entity_page, db, entity_id)

    @app.get("/api/schema", tags=["api"], summary="The JSON Schema of the dossier (schema.json)")
    def api_schema() -> dict:
        return dossier_schema()

    @app.get("/api/search", tags=["api"], summary="Full-text search over the reports (SQLite FTS5)")
    def api_search(q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=200),
                   db: Database = Depends(database)) -> list[dict]:
        try:
            return article_store.search(db, q, limit)
        except article_store.SearchSyntaxError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc


# --- pages ------------------------------------------------------------------------------

def _add_pages(app: FastAPI, database, dossiers: "DossierCache") -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(page: int = Query(1, ge=1), db: Database = Depends(database)):
        return render_page("index.html", threads=build.list_threads(db, PAGE, (page - 1) * PAGE),
                           articles=article_store.count_articles(db),
                           pager=_pager(page, links.count_threads(db)))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(page: int = Query(1, ge=1), db: Database = Depends(database)):
        return render_page("events.html", events=build.list_events(db, PAGE, (page - 1) * PAGE),
                           pager=_pager(page, links.count_events(db)))

    @app.get("/threads/{thread_id}", response_class=HTMLResponse, include_in_schema=False)
    def thread_page(thread_id: str, request: Request, db: Database = Depends(database)):
        dossier = _found(dossiers.get, db, _target(thread_id, "thread"))
        cookie = f"seen_{dossier['id']}"
        last_visit = request.cookies.get(cookie, "")
        new = watch_store.latest_alerts(db, 20, dossier["id"], last_visit) if VISIT.match(last_visit) else []
        response = HTMLResponse(render_page("dossier.html", d=dossier, new_alerts=new))
        # the visitor's own clock of what they saw: the store is never written by a page view
        response.set_cookie(cookie, watch_store.now(), max_age=400 * 86400, httponly=True, samesite="strict")
        return response

    @app.get("/alerts.atom", include_in_schema=False)
    def alerts_feed(request: Request, db: Database = Depends(database)) -> Response:
        base = str(request.base_url).rstrip("/")
        body = alerts_atom(watch_store.latest_alerts(db, FEED_ALERTS), base, watch_store.now())
        return Response(body, media_type="application/atom+xml")

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str, db: Database = Depends(database)):
        return render_page("dossier.html", d=_found(dossiers.get, db, _target(event_id, "event")))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, at: str | None = None, db: Database = Depends(database)):
        view = _found(build.article_view, db, _article_id(db, article_id))
        return render_page("article.html", a=view, text=highlight(view, _focus(at)))

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(entity_id: str, db: Database = Depends(database)):
        return render_page("entity.html", e=_found(build.entity_page, db, entity_id))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", db: Database = Depends(database)):
        try:
            results = article_store.search(db, q, 50) if q.strip() else []
        except article_store.SearchSyntaxError as exc:
            return HTMLResponse(render_page("search.html", query=q, results=[], error=str(exc)), status_code=400)
        return render_page("search.html", query=q, results=results)


def _focus(at: str | None) -> tuple[int, int] | None:
    """"120-245" -> (120, 245): the evidence span to mark and scroll to."""
    try:
        start, end = (int(x) for x in (at or "").split("-", 1))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end else None


# --- errors -------------------------------------------------------------------------------

def _add_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        title = "Not found" if exc.status_code == 404 else "Error"
        return HTMLResponse(render_page("error.html", status=exc.status_code, title=title, message=exc.detail),
                            status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # no trace to the browser; the server log has it
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "internal error"}, status_code=500)
        return HTMLResponse(render_page("error.html", status=500, title="Error",
                                        message="Something went wrong while building this page."),
                            status_code=500)
