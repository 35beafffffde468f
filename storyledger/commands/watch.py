"""`storyledger watch`, `follow`, `unfollow`, `following` and `alerts`."""
from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import urllib.request

from storyledger.commands.common import add_db_arg, add_json_arg, db_from, fail, print_json, print_table, printable
from storyledger.store import watch as store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
WEBHOOK_TIMEOUT = 10.0
WEBHOOK_TRIES = 3


def duration(text: str) -> float:
    """An argparse type: 90, 90s, 15m, 2h or 1d as seconds (at least one)."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) * _UNIT_SECONDS[match.group(2)] < 1:
        raise argparse.ArgumentTypeError(f"expected a duration such as 30s, 15m or 2h, got {text!r}")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"expected seconds from 0 to 3600, got {text!r}")
    return value


_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$")


def moment(text: str) -> str:
    """An argparse type: YYYY-MM-DD or an ISO time in UTC, as alerts store theirs."""
    if not _MOMENT.match(text.strip()):
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or an ISO time such as 2026-12-02T08:00, got {text!r}")
    return text.strip().replace(" ", "T").removesuffix("Z")


def register(sub) -> None:
    p = sub.add_parser("watch", help="poll feeds, sitemaps, sites and folders; ingest what is new; alert",
                       description="Each round fetches what is new in every SOURCE (conditional requests, "
                                   "robots.txt honoured), ingests, analyses and links it as `ingest` does, "
                                   "and raises alerts on the followed stories. Ctrl-C or SIGTERM finish the "
                                   "current article and exit.")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="an RSS/Atom feed URL, a sitemap URL, a site's home page, or a local folder")
    p.add_argument("--interval", type=duration, default="15m", help="time between rounds (30s, 15m, 2h)")
    p.add_argument("--once", action="store_true", help="run one round and exit (for cron)")
    p.add_argument("--delay", type=seconds, default=1.0, metavar="SECONDS",
                   help="at least this long between two requests to one host")
    p.add_argument("--alerts-jsonl", metavar="FILE", help="also append each new alert to FILE, one JSON per line")
    p.add_argument("--webhook", metavar="URL", help="also POST each new alert as JSON to URL (retried)")
    add_db_arg(p)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("follow", help="be alerted when a story moves",
                       description="Follow a thread (t<N>), the story of an event (e<N>), every story naming "
                                   "an entity, or every story a full-text query finds.")
    _follow_args(p)
    p.set_defaults(func=cmd_follow)

    p = sub.add_parser("unfollow", help="stop following a story")
    _follow_args(p)
    p.set_defaults(func=cmd_unfollow)

    p = sub.add_parser("following", help="table of the followed stories")
    add_db_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_following)

    p = sub.add_parser("alerts", help="what moved in the followed stories, oldest first")
    p.add_argument("--since", metavar="T", type=moment, help="only alerts raised at or after T (YYYY-MM-DD or ISO time, UTC)")
    add_db_arg(p)
    add_json_arg(p)
    p.set_defaults(func=cmd_alerts)


def _follow_args(p) -> None:
    p.add_argument("target", nargs="?", metavar="THREAD_OR_EVENT", help="t<N> (a thread) or e<N> (an event)")
    p.add_argument("--entity", metavar="NAME", help="every story that names this person, organisation or place")
    p.add_argument("--query", metavar="QUERY", help="every story with a report this full-text query finds")
    add_db_arg(p)


# --- following ----------------------------------------------------------------------------

def _key(args) -> tuple[str, str]:
    from storyledger.watch.alerts import FollowError, follow_key

    try:
        return follow_key(args.target, args.entity, args.query)
    except FollowError as exc:
        fail(str(exc))


def cmd_follow(args) -> int:
    from storyledger.watch import alerts

    kind, value = _key(args)
    db = db_from(args, write=True)
    if kind in ("thread", "event") and not alerts.covered_threads(db, kind, value):
        fail(f"no {kind} {value} in {db.path}; `storyledger {kind}s` lists them", 1)
    _, created = alerts.follow(db, kind, value)
    print(f"following {kind} {value}" if created else f"already following {kind} {value}")
    return 0


def cmd_unfollow(args) -> int:
    kind, value = _key(args)
    db = db_from(args, write=True)
    if not store.remove_follow(db, kind, value):
        fail(f"not following {kind} {value}; `storyledger following` lists what is followed", 1)
    print(f"no longer following {kind} {value}")
    return 0


def cmd_following(args) -> int:
    rows = [{k: v for k, v in r.items() if k != "snapshot"} for r in store.follows(db_from(args))]
    if args.json:
        print_json(rows)
    else:
        print_table(rows, ["id", "kind", "value", "created"], {"value": 60})
    return 0


def cmd_alerts(args) -> int:
    rows = [_public(a) for a in store.alerts(db_from(args), since=args.since)]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(alert_line(row))
    return 0


def _public(alert: dict) -> dict:
    return {k: alert[k] for k in ("id", "kind", "thread", "event", "article", "summary", "evidence", "created")}


def alert_line(alert: dict) -> str:
    evidence = alert["evidence"]
    where = evidence.get("outlet") or evidence.get("url") or alert["article"]
    return printable(f"[{alert['created']}] {alert['thread'] or '-'} {alert['kind']}: {alert['summary']}") + \
        "\n    " + printable(f"\"{evidence.get('text', '')}\" ({where}, {alert['article']})")


# --- watching -----------------------------------------------------------------------------

def cmd_watch(args) -> int:
    from storyledger.watch.fetch import Fetcher
    from storyledger.watch.rounds import Stop, run_round

    db = db_from(args, write=True)
    fetcher = Fetcher(host_delay=args.delay)
    stop = Stop()
    previous = _on_signals(stop)
    try:
        while True:
            report = run_round(db, args.sources, fetcher, args.interval, stop)
            _print_round(report)
            _deliver(db, args)
            if args.once or stop.requested or stop.wait(args.interval):
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stop.requested:
        print("storyledger: stopped; what was stored is kept and the next run goes on from there",
              file=sys.stderr)
    return 1 if args.once and (report.failed or report.run.errors) else 0


def _on_signals(stop) -> dict:
    """Ctrl-C and SIGTERM ask the watcher to stop after the current article; a second Ctrl-C
    interrupts at once."""
    def handler(signum, frame):
        if stop.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.request()

    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread (a test calling main from a thread)
            pass
    return previous


def _print_round(report) -> None:
    for line in report.failed:
        print(f"storyledger: error: {line}", file=sys.stderr)
    for line in report.skipped:
        print(f"storyledger: warning: {line}", file=sys.stderr)
    for error in report.run.errors:
        print(f"storyledger: error: {error}", file=sys.stderr)
    run = report.run
    print(f"round: {report.sources} sources ({report.unchanged} unchanged, {len(report.failed)} failed, "
          f"{len(report.skipped)} skipped), {report.entries} new entries; {len(run.added)} new articles, "
          f"{run.already_stored} already stored, {run.analysed} analysed, {run.linked} linked; "
          f"{len(report.alerts)} alerts in {report.seconds:.1f}s", flush=True)


def _deliver(db, args) -> None:
    """Every alert not yet delivered: printed, appended to --alerts-jsonl, POSTed to --webhook;
    marked delivered once all of them took it (a failed webhook is tried again next round)."""
    pending = store.alerts(db, undelivered=True)
    delivered = []
    for alert in pending:
        public = _public(alert)
        if args.webhook and not _post(args.webhook, public):
            continue
        print(alert_line(public), flush=True)
        if args.alerts_jsonl:
            with open(args.alerts_jsonl, "a", encoding="utf-8") as out:
                out.write(json.dumps(public, ensure_ascii=False) + "\n")
        delivered.append(alert["id"])
    store.mark_delivered(db, delivered)


def _post(url: str, alert: dict) -> bool:
    import time

    body = json.dumps(alert, ensure_ascii=False).encode("utf-8")
    for attempt in range(WEBHOOK_TRIES):
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as answer:
                if answer.status < 300:
                    return True
        except Exception as exc:  # HTTPError, URLError, timeouts: tried again, then next round
            reason = " ".join(str(exc).split())[:160]
            if attempt == WEBHOOK_TRIES - 1:
                print(f"storyledger: warning: webhook {url}: {reason}; the alert is sent next round",
                      file=sys.stderr)
        time.sleep(2 ** attempt * 0.5 if attempt < WEBHOOK_TRIES - 1 else 0)
    return False
