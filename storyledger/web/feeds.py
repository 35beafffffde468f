"""The alerts of followed stories as an Atom feed (RFC 4287), so any feed reader can subscribe
to `/alerts.atom`. Built with ElementTree, which escapes every text it writes."""
from __future__ import annotations

import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:storyledger,2026:alerts"


def alerts_atom(alerts: list[dict], base_url: str, updated: str) -> bytes:
    """`alerts` (newest first, as the store gives them) as an Atom document; `updated` is the
    feed's time when there is no alert yet."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", FEED_ID)
    _text(feed, "title", "storyledger: what moved in the followed stories")
    _text(feed, "updated", alerts[0]["created"] if alerts else updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base_url + "/alerts.atom")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "storyledger")
    for alert in alerts:
        feed.append(_entry(alert, base_url))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(alert: dict, base_url: str) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", f"{FEED_ID}:{alert['id']}")
    _text(entry, "title", f"{alert['kind'].replace('_', ' ')}: {alert['summary']}")
    _text(entry, "updated", alert["created"])
    target = f"/threads/{alert['thread']}" if alert.get("thread") else "/"
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=base_url + target)
    evidence = alert.get("evidence") or {}
    where = ", ".join(x for x in (evidence.get("outlet"), evidence.get("url")) if x)
    _text(entry, "summary", f"“{evidence.get('text', '')}”" + (f" ({where})" if where else ""))
    return entry


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value
