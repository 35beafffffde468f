"""Alerts in the web UI: an Atom feed at /alerts.atom for any feed reader, and "new since your
last visit" on a thread page (the visit is remembered in the visitor's cookie, never in the store)."""
import shutil
import time
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from storyledger.store import watch as watch_store
from storyledger.store.db import Database
from storyledger.web.app import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def store(seeds_db_path, tmp_path):
    Database(seeds_db_path).close()
    path = tmp_path / "alerts.db"
    shutil.copyfile(seeds_db_path, path)
    return path


def _alert(path, key: str, summary: str) -> None:
    db = Database(path)
    with db.transaction():
        watch_store.add_alert(db, key, None, "claim_status", "t1", "e1", None, summary,
                              {"text": 'The prosecutor now "confirms" <b>it</b>', "outlet": "Courier & Co"})
    db.close()


def test_alerts_are_an_atom_feed(store):
    _alert(store, "a1", "now confirmed <script>x()</script>")
    with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
        response = client.get("/alerts.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # well-formed XML, whatever the texts hold
    (entry,) = feed.findall(f"{ATOM}entry")
    assert "now confirmed <script>x()</script>" in entry.find(f"{ATOM}title").text
    assert entry.find(f"{ATOM}link").get("href") == "http://127.0.0.1/threads/t1"
    assert "Courier & Co" in entry.find(f"{ATOM}summary").text


def test_an_empty_feed_is_still_valid(store):
    with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
        feed = ET.fromstring(client.get("/alerts.atom").content)
    assert feed.find(f"{ATOM}updated").text and feed.findall(f"{ATOM}entry") == []


def test_a_thread_page_shows_what_is_new_since_the_last_visit(store):
    _alert(store, "old", "an alert from before the first visit")
    with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
        first = client.get("/threads/t1")
        assert "New since your last visit" not in first.text and "seen_t1" in first.cookies
        time.sleep(1.1)  # the cookie's clock is in seconds
        _alert(store, "new", "the prosecutor now confirms the arrests")
        second = client.get("/threads/t1")
        assert "New since your last visit" in second.text
        assert "the prosecutor now confirms the arrests" in second.text
        assert "an alert from before the first visit" not in second.text
        assert "New since your last visit" not in client.get("/threads/t1").text  # seen now
