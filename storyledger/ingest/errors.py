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
