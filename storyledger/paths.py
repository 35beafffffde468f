"""Where the shared data lives: `../shared` beside the repository, or $STORYLEDGER_SHARED.

The shared data (seeds, gold files, public benchmarks) is not part of the package; code names
it through `shared(...)` and reports name it through `shown(...)`, so no path of one machine is
written into the code or into what it produces.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent  # the checkout holding the package
SHARED_VARIABLE = "STORYLEDGER_SHARED"


def shared_dir() -> Path:
    override = os.environ.get(SHARED_VARIABLE)
    return Path(override).expanduser() if override else REPO.parent / "shared"


def shared(*parts: str) -> str:
    """A path inside the shared data, e.g. shared("gold", "seeds.gold.json")."""
    return str(shared_dir().joinpath(*parts))


def shown(path: str | Path) -> str:
    """`path` as reports print it: relative to the repository (../shared/seeds) when it can be."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), REPO)).as_posix()
    except ValueError:  # another drive on Windows
        return str(path)
