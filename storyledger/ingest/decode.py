"""Bytes -> text: UTF-16/32 (by BOM, or UTF-16 by its pattern), UTF-8, then the legacy
encoding the bytes fit best."""
from __future__ import annotations

import codecs
import re
from collections import Counter

from charset_normalizer import from_bytes

from storyledger.ingest.limits import MAX_TEXT_BYTES

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
_XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""", re.I)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding). Undecodable bytes never raise: they fall back to cp1252/latin-1."""
    wide = wide_encoding(raw)
    if wide:
        return raw.decode(wide), wide
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[:65536]).best()
    for encoding in ([best.encoding] if best else []) + ["cp1252"]:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1"), "latin-1"


def wide_encoding(raw: bytes) -> str | None:
    """The codec of UTF-32 or UTF-16 text (with a BOM, or UTF-16 without one whose high
    bytes give it away); None for anything else, binary files included."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec if _reads_as_text(raw, codec) else None
    if b"\x00" not in raw[:_SAMPLE] and not _many_controls(raw[:_SAMPLE]):
        return None  # UTF-8 or a legacy encoding: a wide encoding of text has NULs or controls
    for codec, high in (("utf-16-le", 1), ("utf-16-be", 0)):
        if _few_high_bytes(raw[:_SAMPLE], high) and _reads_as_text(raw, codec):
            return codec
    return None


def to_utf8(raw: bytes) -> bytes:
    """UTF-16/32 text re-encoded as UTF-8 (an XML declaration's encoding follows); other bytes as they are."""
    return as_utf8(raw) if wide_encoding(raw) else raw


def as_utf8(raw: bytes) -> bytes:
    """The text decoded as `decode` does, in UTF-8, with an XML declaration that says so."""
    text, _ = decode(raw)
    return _XML_ENCODING.sub(rb"\1utf-8\2", text.lstrip("\ufeff").encode("utf-8"), count=1)


def too_large(raw: bytes) -> str | None:
    if len(raw) > MAX_TEXT_BYTES:
        return (f"{len(raw) / 1e6:.1f} MB is too large for one article "
                f"(limit {MAX_TEXT_BYTES / 1e6:.0f} MB); split it into articles")
    return None


def _few_high_bytes(sample: bytes, offset: int) -> bool:
    """In UTF-16 text of one alphabet every other byte (the high one) takes a few values:
    0x00 for Latin, 0x04 for Cyrillic, ..."""
    highs = sample[offset: len(sample) - len(sample) % 2: 2]
    if len(highs) < 8:
        return False
    counts = Counter(highs)
    top_two = sum(n for _, n in counts.most_common(2))
    return top_two >= 0.9 * len(highs) and 0 in counts


def _reads_as_text(raw: bytes, codec: str) -> bool:
    sample = raw[: _SAMPLE * 2]
    try:
        text = codecs.getincrementaldecoder(codec)("strict").decode(sample)
    except UnicodeDecodeError:
        return False
    text = text.lstrip("\ufeff")
    if not text.strip():
        return False
    odd = sum(1 for c in text if (c < " " and c not in "\t\n\r\f") or "\ue000" <= c <= "\uf8ff")
    return odd <= 0.02 * len(text)


def _many_controls(sample: bytes) -> bool:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05
