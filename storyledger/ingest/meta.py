"""Article metadata that inputs may carry. Only these fields pass to later
stages; anything else on an input record (labels, scores) is dropped here."""
from __future__ import annotations

import re
from datetime import date, datetime

FIELDS = ("url", "outlet", "lang", "published", "title")


def pick(record: dict) -> dict:
    """The known metadata fields of `record`, with empty values dropped."""
    meta = {}
    for key in FIELDS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    if "published" in meta:
        meta["published"] = iso_date(meta["published"])
        if meta["published"] is None:
            del meta["published"]
    return meta


def iso_date(value) -> str | None:
    """YYYY-MM-DD from an ISO date/datetime string, a date, or a struct_time; else None."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "tm_year"):
        return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
