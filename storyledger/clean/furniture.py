"""Page furniture: text on a news page that is not reporting.

Rules look at one sentence or one short paragraph at a time. They are kept
conservative: a rule fires only on short text (real reporting is rarely a
six-word line ending without punctuation) or on unmistakable markers (a
licence, "via REUTERS", "(pictured)").
"""
from __future__ import annotations

import re
from itertools import groupby

# Share / follow / subscribe / comment / recommendation prompts (en, fr, de, es).
PROMPT = re.compile(
    r"^\W*(share (this|on|via|article)|share\b|follow us|follow @|subscribe|sign up|newsletter|"
    r"you (may|might) (also )?like|related( articles| stories| posts| coverage| content)?\s*:?$|"
    r"read (more|also|next)|see also|more (from|on this|stories)|most (read|popular|viewed)|"
    r"trending( now)?|recommended( for you)?|leave a (comment|reply)|\d* ?comments?\b|"
    r"advertisement|sponsored|click here|tap here|watch:|listen:|download (our|the) app|"
    r"copy link|print this|email this|tweet|whatsapp|facebook|cookie|"
    r"lire aussi|à lire aussi|a lire aussi|voir aussi|partager|abonnez-vous|publicité|"
    r"laisser un commentaire|weiterlesen|mehr zum thema|teilen|leer más|compartir|"
    r"listen to (this|the) (article|story)|\d+\s*min(ute)?s?\s+read|(image|hide|toggle) caption|"
    r"enlarge this image|skip to (main )?content|story continues below|(get|sign up for) the latest|"
    r"delivered to your inbox|support (independent|our|quality) journalism|thanks for reading|"
    r"related topics|topics\s*:?$|tags\s*:|save( article| for later)?$|bookmark$)",
    re.I,
)
# Licences and agency terms of use, at any length up to a short paragraph.
LICENCE = re.compile(
    r"(\bcopyright\s+(©\s*)?(19|20)\d\d\b|\ball rights reserved\b|may not be (re)?published, broadcast|"
    r"\brewritten or redistributed\b|\bour standards:|\btrust principles\b|tous droits réservés|"
    r"alle rechte vorbehalten|todos los derechos reservados)",
    re.I,
)
# "Updated 3:45 PM EST, Tue October 17, 2025", "Published: 17 October 2025", "Sept 12, 2022 / 9:13 AM / CBS News"
STAMP_WORDS = (r"(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?\b|mis à jour(?: le)?|"
               r"publié le|aktualisiert(?: am)?|veröffentlicht(?: am)?|actualizado|publicado")
TIMESTAMP = re.compile(rf"^\W*(?:{STAMP_WORDS})|\b\d{{1,2}}[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)", re.I)
# Photo credits and licences. Agency names count only in upper case or after "via"
# at the end ("Sputnik/Kremlin via REUTERS"), never in running text ("told Reuters").
CREDIT = re.compile(
    r"(\bCC BY(-SA|-ND|-NC)*\s*\d|creativecommons\.org|\bgetty images\b|\bphoto(graph)?\s*(credit)?\s*:|"
    r"\b(image|credit|crédit|photo)s?\s*:\s*\S|©|\bvia wikimedia\b|\bshutterstock\b)",
    re.I,
)
AGENCY_CREDIT = re.compile(
    r"(\bvia (REUTERS|Reuters|AP|AFP|EPA|Getty|Alamy)\W*$|/\s*(AFP|Reuters|REUTERS|AP|EPA|ANP)\W*$|"
    r"\bREUTERS/|\bAP Photo/|\bAFP PHOTO\b|\bFILE PHOTO\b)"
)
# "Sputnik/Alexei Nikolsky/Kremlin via REUTERS", "FABRICE COFFRINI/AFP/Getty Images", "Handout/Reuters"
SLASH_CREDIT = re.compile(r"^[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}\s?/\s?[A-Z][\w.'’-]*")
CAPTION_MARK = re.compile(r"\((pictured|photo|file photo|left|right|centre|center|"
                          r"en photo|ci-dessus)[^)]{0,40}\)", re.I)
BYLINE = re.compile(
    r"^(by|par|von|por|di)\s+[\w.'’\- ]{2,60}$|^\(?(reporting|writing|editing|additional reporting|"
    r"compiled|edited)( by)?\b|^(staff|senior) (writer|reporter|correspondent)\b|^\S+@\S+\.\w+$|"
    r"^contact the (author|reporter|writer)\b",
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


_DATE_WORDS = re.compile(
    r"^(\d+(st|nd|rd|th)?|am|pm|a\.m|p\.m|[a-z]{2,4}t|utc|gmt|on|at|the|de|le|um|am|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|published|updated|posted|modified|first|last|mis|à|jour|publié|aktualisiert|"
    r"veröffentlicht|actualizado|publicado|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre)$")


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
