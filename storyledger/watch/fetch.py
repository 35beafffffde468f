"""A polite HTTP client for the watcher: robots.txt, a per-host rate limit, a User-Agent naming
storyledger, timeouts, retries with backoff, conditional GET, and a size cap.

Standard library only (urllib): one request at a time, which is what politeness asks of a
watcher anyway.
"""
from __future__ import annotations

import email.utils
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field

from storyledger.ingest.limits import MAX_TEXT_BYTES

USER_AGENT_NAME = "storyledger"
TIMEOUT_SECONDS = 20.0
RETRIES = 2  # after the first try: three tries in all
BACKOFF_SECONDS = 1.0  # doubled after each failed try
HOST_DELAY_SECONDS = 1.0  # at least this long between two requests to one host
RETRY_STATUSES = {429, 500, 502, 503, 504}


CONTACT_VARIABLE = "STORYLEDGER_CONTACT"  # a URL or address sites can reach the operator at


def user_agent() -> str:
    """"storyledger/<version> (news watcher)", with the operator's contact when
    $STORYLEDGER_CONTACT gives one (crawler etiquette: a site can say who to write to)."""
    from storyledger.cli import version

    contact = os.environ.get(CONTACT_VARIABLE, "").strip()
    return f"{USER_AGENT_NAME}/{version()} (news watcher{'; +' + contact if contact else ''})"


class FetchError(Exception):
    """A URL that could not be fetched after the retries; the message says why in one line."""


class Disallowed(FetchError):
    """robots.txt forbids storyledger this URL: it is never requested."""


@dataclass
class Response:
    url: str
    status: int  # 200, or 304 for a conditional request that found nothing new
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchStats:
    requests: int = 0  # every HTTP request sent, robots.txt and retries included
    conditional: int = 0  # requests that carried If-None-Match or If-Modified-Since
    not_modified: int = 0  # answers 304
    by_status: dict[int, int] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)  # what was requested, in order

    def count(self, url: str, status: int, conditional: bool) -> None:
        self.requests += 1
        self.conditional += conditional
        self.not_modified += status == 304
        self.by_status[status] = self.by_status.get(status, 0) + 1
        self.urls.append(url)


class Fetcher:
    """GETs URLs one at a time, as a polite crawler does."""

    def __init__(self, host_delay: float | None = None, timeout: float | None = None,
                 retries: int | None = None, backoff: float | None = None, agent: str | None = None,
                 sleep=time.sleep, clock=time.monotonic):
        self.host_delay = HOST_DELAY_SECONDS if host_delay is None else host_delay
        self.timeout = TIMEOUT_SECONDS if timeout is None else timeout
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF_SECONDS if backoff is None else backoff
        self.agent = agent or user_agent()
        self.stats = FetchStats()
        self._sleep, self._clock = sleep, clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.memory = None  # remembers robots.txt answers between runs: load(url), save(url, text, etag, lm)
        self._opener = urllib.request.build_opener(_NoErrorRaise())

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The answer to a GET of `url` (status 200 or 304); FetchError when robots.txt forbids
        it or it still fails after the retries."""
        if not self.allowed(url):
            raise Disallowed(f"{url}: robots.txt disallows it for storyledger; not fetched")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers)

    def allowed(self, url: str) -> bool:
        """What the host's robots.txt says of `url` for our User-Agent (read once per host)."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root + "/robots.txt")
        return self._robots[root].can_fetch(self.agent, url)

    def robots_text(self, url: str) -> str:
        """The robots.txt of `url`'s host as read (empty when it has none)."""
        self.allowed(url)
        parts = urllib.parse.urlsplit(url)
        return getattr(self._robots.get(f"{parts.scheme}://{parts.netloc}"), "text", "")

    def new_round(self) -> None:
        """Forget the robots.txt read so far: each round asks again (conditionally, when a
        `memory` remembers the last answer), so a changed robots.txt is honoured from then on."""
        self._robots.clear()

    def _read_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: no robots.txt (4xx) allows everything; an unreachable one (5xx, network)
        disallows everything until the next round."""
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.text = ""
        remembered = self.memory.load(robots_url) if self.memory else None
        headers = {}
        if remembered and remembered.get("etag"):
            headers["If-None-Match"] = remembered["etag"]
        if remembered and remembered.get("last_modified"):
            headers["If-Modified-Since"] = remembered["last_modified"]
        try:
            answer = self._with_retries(robots_url, headers)
        except FetchError as exc:
            if "HTTP 4" in str(exc):
                parser.allow_all = True
            else:
                parser.disallow_all = True
            return parser
        if answer.not_modified and remembered:
            parser.text = remembered["text"]
        else:
            parser.text = answer.body.decode("utf-8", "replace")
            if self.memory:
                self.memory.save(robots_url, parser.text, answer.etag, answer.last_modified)
        parser.parse(parser.text.splitlines())
        return parser

    def _with_retries(self, url: str, headers: dict) -> Response:
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return self._once(url, headers)
            except _Retryable as exc:
                if attempt == self.retries:
                    raise FetchError(f"{url}: {exc} (after {self.retries + 1} tries)") from None
                self._sleep(exc.retry_after if exc.retry_after is not None else delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict) -> Response:
        self._wait_for_host(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.agent, "Accept-Encoding": "identity",
                                                       **headers})
        conditional, counted = bool(headers), False
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                status, counted = answer.status, True
                self.stats.count(url, status, conditional)
                return self._answer(url, answer, headers)
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError,
                http.client.HTTPException) as exc:
            if not counted:
                self.stats.count(url, 0, conditional)
            raise _Retryable(_reason(exc)) from None

    def _answer(self, url: str, answer, headers: dict) -> Response:
        status = answer.status
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status}", _retry_after(answer.headers.get("Retry-After")))
        if status == 304:
            return Response(answer.geturl(), 304, etag=headers.get("If-None-Match"),
                            last_modified=headers.get("If-Modified-Since"))
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status}")
        body = _read_capped(answer)
        return Response(answer.geturl(), status, body, answer.headers.get("ETag"),
                        answer.headers.get("Last-Modified"), answer.headers.get("Content-Type", ""))

    def _wait_for_host(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            wait = self.host_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class _NoErrorRaise(urllib.request.HTTPErrorProcessor):
    """Hand every status back as an answer (304, 404, 500): the fetcher decides what it means."""

    def http_response(self, request, response):
        return response

    https_response = http_response


MAX_RETRY_AFTER = 60.0


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (a number or an HTTP date), capped: a server may ask us to wait."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        seconds = (when.timestamp() - time.time()) if when else 0.0
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


def _read_capped(answer) -> bytes:
    """The body, refused past MAX_TEXT_BYTES; a body cut short of its Content-Length is retried."""
    body = answer.read(MAX_TEXT_BYTES + 1)
    if len(body) > MAX_TEXT_BYTES:
        raise FetchError(f"{answer.geturl()}: answer over {MAX_TEXT_BYTES // (1024 * 1024)} MB; not read")
    declared = answer.headers.get("Content-Length")
    if declared and declared.isdigit() and len(body) < int(declared):
        raise _Retryable(f"answer cut short ({len(body)} of {declared} bytes)")
    return body


def _reason(exc: BaseException) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return "answer cut short (incomplete read)"
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def http_date(epoch: float) -> str:
    return email.utils.formatdate(epoch, usegmt=True)
