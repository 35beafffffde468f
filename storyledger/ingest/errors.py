from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestError:
    """One part of the input that could not be ingested, and why."""

    source: str
    message: str
    locator: str | None = None  # "line 3", "record 2", ...

    def __str__(self) -> str:
        where = f"{self.source}: {self.locator}" if self.locator else self.source
        return f"{where}: {self.message}"


def describe(exc: BaseException, limit: int = 160) -> str:
    """An exception as one short line: its kind and the first line of its message."""
    lines = str(exc).strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(first) > limit:
        first = first[: limit - 1] + "…"
    return f"{exc.__class__.__name__}: {first}" if first else exc.__class__.__name__
