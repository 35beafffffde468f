"""Bytes -> text: UTF-8 first, then the legacy encoding the bytes fit best."""
from __future__ import annotations

from charset_normalizer import from_bytes

MAX_TEXT_BYTES = 10 * 1024 * 1024  # a news article is far smaller; larger input is not one


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding). Undecodable bytes never raise: they fall back to cp1252/latin-1."""
    if raw.startswith(b"\xef\xbb\xbf"):
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


def too_large(raw: bytes) -> str | None:
    if len(raw) > MAX_TEXT_BYTES:
        return (f"{len(raw) / 1e6:.1f} MB is too large for one article "
                f"(limit {MAX_TEXT_BYTES / 1e6:.0f} MB); split it into articles")
    return None
