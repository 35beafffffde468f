"""storyledger command line: thin commands over the pipeline and the store.

Commands live in storyledger/commands/, one module per area; each module's
`register(subparsers)` adds its commands.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from storyledger import commands
from storyledger.store import StoreError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyledger",
        description="Turn many reports of a developing story into one sourced dossier.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
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
        return 0


if __name__ == "__main__":
    sys.exit(main())
