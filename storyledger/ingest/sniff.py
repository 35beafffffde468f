"""Which reader a file needs, from its name, else from its first bytes."""
from __future__ import annotations

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
}


def format_of(path: str, raw: bytes) -> str | None:
    """The format name, or None for a binary file no reader takes."""
    name = path.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            return fmt if fmt != "txt" or not looks_binary(raw) else None
    return sniff(raw)


def sniff(raw: bytes) -> str | None:
    head = raw[:2048].lstrip()
    if raw[:2] == b"\x1f\x8b" or head.startswith(b"WARC/"):
        return "warc"
    if looks_binary(raw):
        return None
    lower = head.lower()
    if lower.startswith(b"<?xml") or b"<rss" in lower[:500] or b"<feed" in lower[:500]:
        return "feed"
    if lower.startswith((b"<!doctype html", b"<html")) or b"<body" in lower:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB."""
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05
