"""JSON Lines: one article per line (id, url, outlet, lang, published, title, text)."""
from __future__ import annotations

import json
from typing import Iterator

from storyledger.ingest.decode import decode, too_large
from storyledger.ingest.errors import IngestError
from storyledger.ingest.meta import pick
from storyledger.model import Document


def read(path: str, raw: bytes) -> Iterator[Document | IngestError]:
    content, _ = decode(raw)
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield IngestError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", where)
            continue
        if not isinstance(record, dict):
            yield IngestError(path, "not a JSON object", where)
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield IngestError(path, "no 'text' field with the article text", where)
            continue
        line_bytes = line.encode("utf-8")
        problem = too_large(line_bytes)
        if problem:
            yield IngestError(path, problem, where)
            continue
        meta = pick(record)
        meta["name"] = str(record["id"]) if record.get("id") is not None else None
        yield Document(raw=line_bytes, source=path, format="jsonl", locator=where, text=text, meta=meta)
