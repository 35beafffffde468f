"""Page furniture: text on a news page that is not reporting.

Rules look at one sentence or one short paragraph at a time. They are kept
conservative: a rule fires only on short text (real reporting is rarely a
six-word line ending without punctuation) or on unmistakable markers (a
licence, "via REUTERS", "(pictured)").
"""
from __future__ import annotations

import re
from itertools import groupby

from storyledger.lang import union


def _alternatives(key: str, escape: bool = False) -> str:
    """The [furniture] `key` of every language file as one regex alternation: page furniture is
    marked before the page's language is known."""
    items = sorted(union("furniture", key))
    return "|".join(re.escape(item) if escape else item for item in items)


# Share / follow / subscribe / comment / recommendation prompts.
PROMPT = re.compile(rf"^\W*({_alternatives('prompts')})", re.I)
# Licences and agency terms of use, at any length up to a short paragraph.
LICENCE = re.compile(rf"({_alternatives('licences')})", re.I)
# "Updated 3:45 PM EST, Tue October 17, 2025", "Published: 17 October 2025", "Sept 12, 2022 / 9:13 AM / CBS News"
STAMP_WORDS = _alternatives("stamps")
TIMESTAMP = re.compile(rf"^\W*(?:{STAMP_WORDS})|\b\d{{1,2}}[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)", re.I)
# Photo credits and licences. Agency names count only in upper case or after "via"
# at the end ("Sputnik/Kremlin via REUTERS"), never in running text ("told Reuters").
CREDIT = re.compile(
    rf"(\bCC BY(-SA|-ND|-NC)*\s*\d|creativecommons\.org|\bgetty images\b|{_alternatives('credits')}|"
    r"©|\bvia wikimedia\b|\bshutterstock\b)",
    re.I,
)
AGENCY_CREDIT = re.compile(
    r"(\bvia (REUTERS|Reuters|AP|AFP|EPA|Getty|Alamy)\W*$|/\s*(AFP|Reuters|REUTERS|AP|EPA|ANP)\W*$|"
    r"\bREUTERS/|\bAP Photo/|\bAFP PHOTO\b|\bFILE PHOTO\b)"
)
# "Sputnik/Alexei Nikolsky/Kremlin via REUTERS", "FABRICE COFFRINI/AFP/Getty Images", "Handout/Reuters"
SLASH_CREDIT = re.compile(r"^[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}\s?/\s?[A-Z][\w.'’-]*")
CAPTION_MARK = re.compile(rf"\(({_alternatives('caption_marks', escape=True)})[^)]{{0,40}}\)", re.I)
BYLINE = re.compile(
    rf"^({_alternatives('byline_leads', escape=True)})\s+[\w.'’\- ]{{2,60}}$|^(?:{_alternatives('bylines')})|"
    r"^\S+@\S+\.\w+$",
    re.I,
)
TICKER = re.compile(r"^([A-Z0-9.^]{1,8}\s*[+\-−▲▼]?\s*\d[\d.,]*%?\s*){2,}$")
SENTENCE_END = re.compile(r"[.!?…:;\"”»’')]$")


def mark(body: str, units: list) -> None:
    """Set `reason` on each unit (sentence) of `body` that is page furniture."""
    for unit in units:
        unit.reason = unit.reason or _sentence_reason(body[unit.start:unit.end])
    paragraphs = [list(group) for _, group in groupby(units, key=lambda u: u.paragraph)]
    for para in paragraphs:
        _mark_caption_paragraph(body, para)
    for index, para in enumerate(paragraphs[:-1]):
        _mark_alt_text(body, para, paragraphs[index + 1])


def _sentence_reason(text: str) -> str | None:
    words = text.split()
    short = len(words) <= 12
    if (CREDIT.search(text) or AGENCY_CREDIT.search(text) or LICENCE.search(text)) and len(words) <= 40:
        return "credit"
    if is_timestamp(text):
        return "timestamp"
    if short and SLASH_CREDIT.match(text):
        return "credit"
    if short and PROMPT.search(text):
        return "prompt"
    if len(words) <= 8 and BYLINE.search(text) and (not SENTENCE_END.search(text)
                                                     or text.lower().startswith("contact")):
        return "byline"
    if len(words) <= 25 and text.startswith("(") and text.rstrip(".").endswith(")") and BYLINE.search(text):
        return "byline"  # "(Reporting by Jane Doe in Paris; Editing by John Smith)"
    if TICKER.match(text):
        return "ticker"
    if 0 < len(words) <= 4 and text.isupper() and not SENTENCE_END.search(text):
        return "heading"
    return None


_DATE_WORDS = re.compile(rf"^(\d+(st|nd|rd|th)?|[a-z]{{2,4}}t|utc|gmt|{_alternatives('date_words', escape=True)})$")


def is_timestamp(text: str) -> bool:
    """A short line that stamps the page with a date or time ("Updated 3:45 PM, Oct 17, 2025")."""
    return len(text.split()) <= 14 and bool(TIMESTAMP.search(text)) and _mostly_date(text)


def _mostly_date(text: str) -> bool:
    """Dates, times and stamp words, with at most a few other words (an outlet's name)."""
    words = [w for w in re.split(r"[\s,/|•·:;()–—-]+", text.lower()) if w]
    other = [w for w in words if not _DATE_WORDS.match(w.strip("."))]
    return len(other) <= 3 and len(other) < len(words) / 2


def _mark_caption_paragraph(body: str, para: list) -> None:
    """A short paragraph that ends with a credit, or that points at a picture, is a caption."""
    texts = [body[u.start:u.end] for u in para]
    words = sum(len(text.split()) for text in texts)
    ends_with_credit = para[-1].reason == "credit"
    points_at_picture = len(para) <= 2 and any(CAPTION_MARK.search(text) for text in texts)
    if words <= 60 and len(para) <= 3 and (ends_with_credit or points_at_picture):
        for unit in para:
            unit.reason = unit.reason or "caption"


def _mark_alt_text(body: str, para: list, next_para: list) -> None:
    """A very short line whose words all reappear in the caption after it is the image's alt text."""
    if not all(u.reason == "caption" or u.reason == "credit" for u in next_para):
        return
    if len(para) != 1 or para[0].reason:
        return
    words = _words(body[para[0].start:para[0].end])
    caption = _words(" ".join(body[u.start:u.end] for u in next_para))
    if 0 < len(words) <= 10 and words <= caption:
        para[0].reason = "caption"


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))
