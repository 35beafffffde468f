"""storyledger command line: thin commands over the pipeline and the store.

Commands live in storyledger/commands/, one module per area; each module's
`register(subparsers)` adds its commands.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sqlite3
import sys
import traceback

from storyledger import commands
from storyledger.store import StoreError

DEBUG_VARIABLE = "STORYLEDGER_DEBUG"  # set to 1 to see the traceback of an unexpected error


class HelpFormatter(argparse.HelpFormatter):
    """Shows an option's default unless its help already names it, or there is none to show."""

    def _get_help_string(self, action) -> str:
        text = action.help or ""
        if (not action.option_strings or "default" in text
                or action.default is None or action.default is False or action.default == argparse.SUPPRESS):
            return text
        return f"{text} (default: %(default)s)"


class Parser(argparse.ArgumentParser):
    """argparse with defaults in the help and a one-line usage error."""

    def __init__(self, *args, formatter_class=HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)

    def error(self, message: str):
        self.exit(2, f"storyledger: error: {message} (`{self.prog} --help` shows the usage)\n")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("storyledger")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="storyledger",
        description="Turn many reports of a developing story into one sourced dossier.",
        epilog="`storyledger COMMAND --help` describes one command.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"storyledger.commands.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except StoreError as exc:
        print(f"storyledger: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("storyledger: interrupted; what was stored so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except sqlite3.Error as exc:  # e.g. a database another program locked or damaged
        print(f"storyledger: error: database: {exc}; check the --db file", file=sys.stderr)
        return 2
    except Exception as exc:  # the last guard: one line, never a traceback, unless asked for
        if os.environ.get(DEBUG_VARIABLE):
            traceback.print_exc()
        print(f"storyledger: error: unexpected {type(exc).__name__}: {_one_line(exc)} (a bug: "
              f"please report it; {DEBUG_VARIABLE}=1 shows the traceback)", file=sys.stderr)
        return 70


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _quiet_stdout() -> None:
    """After a closed pipe (`storyledger articles | head`), keep Python's exit flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
