"""Publication dates found in a URL or a dateline, when metadata has none."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|-|\b)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/")
# "PARIS, Oct 17 (Reuters) -", "WASHINGTON, October 17, 2025 (AP) —", "MOSCOW, Oct. 17 --"
_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{1,40}(?:\([^)]{1,30}\))?,\s+"
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s+(?P<year>(?:19|20)\d\d))?\s*(?:\([^)]{1,30}\))?\s*[-–—]",
    re.M,
)


def published_from_url(url: str | None) -> str | None:
    """/2025/10/17/ or /2025-10-17- or /20251017/ in the URL path."""
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT):
        match = pattern.search(url)
        if match:
            return _valid(*map(int, match.groups()))
    return None


def published_from_dateline(body: str, anchor: str | None = None) -> str | None:
    """The date of a dateline in the first lines. A dateline without a year
    needs an anchor date (e.g. an archive's capture date) to take the year
    from: the latest such day on or before the anchor; otherwise None."""
    match = _DATELINE.search(body[:600])
    if not match:
        return None
    month = MONTHS[match.group("month").lower()[:3]]
    day = int(match.group("day"))
    if match.group("year"):
        return _valid(int(match.group("year")), month, day)
    if not anchor:
        return None
    limit = date.fromisoformat(anchor)
    for year in (limit.year, limit.year - 1):
        candidate = _valid(year, month, day)
        if candidate and candidate <= anchor:
            return candidate
    return None


def published_from_timestamp(body: str) -> str | None:
    """The day of a time stamp line near the top ("Published: 17 October 2025", "Sept 12, 2022 /
    9:13 AM / CBS News"); a publication stamp wins over an update stamp."""
    from storyledger.clean.furniture import STAMP_WORDS, is_timestamp

    stamps = [line.strip() for line in body.split("\n")[:25] if line.strip() and is_timestamp(line)]
    stamps.sort(key=lambda line: bool(re.match(r"\W*(last )?(updated|modified|mis à jour|aktualisiert|actualizado)",
                                                  line, re.I)))
    for line in stamps:
        for part in re.split(r"\s[/|•·]\s", re.sub(rf"^\W*(?:{STAMP_WORDS})\W*", "", line, flags=re.I)):
            day = _parse_day(part)
            if day:
                return day
    return None


def _parse_day(text: str) -> str | None:
    import dateparser  # slow to load: only for articles that need it

    parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
