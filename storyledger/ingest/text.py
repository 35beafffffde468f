"""Plain text files, with optional metadata from a `metadata.jsonl` beside them."""
from __future__ import annotations

import functools
import json
import os
from typing import Iterator

from storyledger.ingest.decode import decode, too_large
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import pick
from storyledger.model import Document


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    problem = too_large(raw)
    if problem:
        yield IngestError(path, problem)
        return
    text, _ = decode(raw)
    name = os.path.basename(path) if path != "-" else None
    meta = {}
    if name:
        sidecar, errors = _sidecar(os.path.dirname(os.path.abspath(path)))
        yield from errors
        meta = dict(sidecar.get(name, {}))
    meta.setdefault("name", name)
    yield Document(raw=raw, source=path, format="txt", text=text, meta=meta)


@functools.lru_cache(maxsize=64)
def _sidecar(folder: str) -> tuple[dict[str, dict], tuple[IngestError, ...]]:
    """file name -> metadata, from folder/metadata.jsonl (errors reported once per folder)."""
    path = os.path.join(folder, "metadata.jsonl")
    if not os.path.exists(path):
        return {}, ()
    entries, errors = {}, []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                entries[str(record["file"])] = pick(record)
            except (ValueError, KeyError, TypeError) as exc:
                errors.append(IngestError(path, f"bad metadata line ({exc.__class__.__name__})", f"line {number}"))
    return entries, tuple(errors)
