"""Plain text files, with optional metadata from a `metadata.jsonl` beside them."""
from __future__ import annotations

import json
import os
from typing import Iterator

from storyledger.ingest.decode import decode, too_large
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import pick
from storyledger.model import Document

SIDECAR = "metadata.jsonl"


def read(path: str, raw: bytes, sidecars: Sidecars | None = None) -> Iterator[Document | IngestError]:
    problem = too_large(raw)
    if problem:
        yield IngestError(path, problem)
        return
    text, _ = decode(raw)
    name = os.path.basename(path) if path != "-" else None
    meta = {}
    if name:
        found, errors = (sidecars or Sidecars()).lookup(path)
        yield from errors
        meta = dict(found)
    meta.setdefault("name", name)
    yield Document(raw=raw, source=path, format="txt", text=text, meta=meta)


class Sidecars:
    """The metadata.jsonl files met in one batch: each is read once, and its bad lines
    are reported once (with the first text file of its folder), not once per file."""

    def __init__(self) -> None:
        self._folders: dict[str, dict[str, dict]] = {}

    def lookup(self, path: str) -> tuple[dict, list[IngestError]]:
        """(metadata for the file at `path`, errors of its folder's sidecar not reported yet)."""
        folder = os.path.dirname(os.path.abspath(path))
        errors: list[IngestError] = []
        if folder not in self._folders:
            self._folders[folder], errors = _load(os.path.join(folder, SIDECAR))
        return self._folders[folder].get(os.path.basename(path), {}), errors


def _load(path: str) -> tuple[dict[str, dict], list[IngestError]]:
    """file name -> metadata, from one metadata.jsonl, and an error per bad line."""
    if not os.path.exists(path):
        return {}, []
    entries, errors = {}, []
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = list(handle)
    except OSError as exc:
        return {}, [IngestError(path, f"cannot read: {exc.strerror or exc}")]
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            entries[str(record["file"])] = pick(record)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            errors.append(IngestError(path, f"bad metadata line ({exc.__class__.__name__}); "
                                            "each line needs a JSON object with a 'file' field", f"line {number}"))
    return entries, errors
