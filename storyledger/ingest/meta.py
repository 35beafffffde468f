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


def language_code(value: str) -> str | None:
    """The ISO 639-1 code for `value`: a two-letter code ("fr") or a name that pycountry knows
    ("French"); None for anything else, and for languages without a two-letter code (Klingon)."""
    import pycountry

    value = value.strip()
    if len(value) == 2:  # a code first: lookup("en") alone would find the language named "En"
        found = pycountry.languages.get(alpha_2=value.lower())
        return found.alpha_2 if found else None
    try:
        return getattr(pycountry.languages.lookup(value), "alpha_2", None)
    except LookupError:
        return None
