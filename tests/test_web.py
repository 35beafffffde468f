"""Web UI and JSON API (FastAPI TestClient): every endpoint, 404s, escaping of article text."""
import json
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from storyledger.dossier import build
from storyledger.web.app import create_app

from conftest import build_store

HOSTILE = ('Mayor Ilse Varga said on Monday that "<script>alert(\'owned\')</script>" had been painted on '
           'the town hall in Brenov. "We will not be frightened," Varga told the Brenov Courier, adding that '
           'police were looking for the vandals & their <b>friends</b>.\n\n'
           'The police said on Tuesday that two teenagers had been questioned about the graffiti.')


@pytest.fixture(scope="module")
def client(seeds_db_path):
    with TestClient(create_app(seeds_db_path), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("hostile_corpus")
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "metadata.jsonl").write_text(json.dumps(
        {"file": "hostile.txt", "outlet": 'Courier <i>"quoted"</i>', "lang": "en", "published": "2024-05-07",
         "title": "Graffiti <script>x()</script> at the town hall"}) + "\n", encoding="utf-8")
    path = build_store(tmp_path_factory.mktemp("hostile_store"), corpus)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _first_article(client) -> str:
    return client.get("/api/threads/t1").json()["sources"]["reports"][0]["id"]


# --- JSON API ----------------------------------------------------------------------------------

def test_api_threads_and_thread_dossier(client, seeds_db):
    threads = client.get("/api/threads").json()
    assert [t["id"] for t in threads] == ["t1"]
    dossier = client.get("/api/threads/t1").json()
    assert dossier == json.loads(json.dumps(build.build_dossier(seeds_db, "t1")))
    assert client.get("/api/threads/1").json()["id"] == "t1"


def test_api_listings_come_in_pages(client):
    first = client.get("/api/events", params={"limit": 1})
    assert first.headers["X-Total-Count"] == "2" and len(first.json()) == 1
    second = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert second[0]["id"] != first.json()[0]["id"]
    assert client.get("/api/threads", params={"limit": 0}).status_code == 422
    assert client.get("/api/threads", params={"offset": 5}).json() == []


def test_api_events_and_event_dossier(client):
    events = client.get("/api/events").json()
    assert [e["date"] for e in events] == ["2025-10-13", "2022-09-12"]  # latest first
    dossier = client.get(f"/api/events/{events[0]['id']}").json()
    assert dossier["kind"] == "event" and dossier["thread"] == "t1"


def test_api_article(client):
    article_id = _first_article(client)
    view = client.get(f"/api/articles/{article_id}").json()
    assert view["id"] == article_id and view["text"]
    assert view["claims"] and view["mentions"] and view["times"]
    assert any(m["entity"] for m in view["mentions"])
    assert client.get(f"/api/articles/{article_id[:8]}").json()["id"] == article_id  # an id prefix works


def test_api_entity_and_search(client):
    dossier = client.get("/api/threads/t1").json()
    person = dossier["entities"][0]
    entity = client.get(f"/api/entities/{person['id']}").json()
    assert entity["name"] == person["name"] and len(entity["spellings"]) >= 2
    found = client.get("/api/search", params={"q": person["name"].split()[-1]}).json()
    assert found and all({"id", "snippet"} <= set(r) for r in found)
    assert client.get("/api/search", params={"q": 'odd "query" (with) punctuation*'}).status_code == 200


@pytest.mark.parametrize("url", ["/api/threads/t99", "/api/threads/e1", "/api/threads/zz", "/api/events/e99",
                                 "/api/events/t1", "/api/articles/ffffffffffffffff", "/api/entities/99999",
                                 "/api/entities/not-a-number"])
def test_api_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


def test_api_search_needs_a_query(client):
    assert client.get("/api/search").status_code == 422


def test_openapi_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/threads", "/api/threads/{thread_id}", "/api/events", "/api/events/{event_id}",
                 "/api/articles/{article_id}", "/api/entities/{entity_id}", "/api/search"):
        assert path in spec["paths"]
    assert client.get("/docs").status_code == 404  # its page would load a CDN
    schema = client.get("/api/schema").json()
    assert schema["title"] == "storyledger dossier" and "claims" in schema["required"]


def test_serve_binds_localhost_by_default():
    from storyledger import cli

    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


# --- pages -----------------------------------------------------------------------------------------

def test_pages(client):
    index = client.get("/")
    assert index.status_code == 200 and 'href="/threads/t1"' in index.text
    thread = client.get("/threads/t1")
    assert thread.status_code == 200 and thread.text.count("<svg") == 2
    for section in ("Timeline", "Claims ledger", "People, organisations and places", "Sources and provenance"):
        assert section in thread.text
    assert "/articles/" in thread.text and "/entities/" in thread.text
    assert client.get("/events").status_code == 200
    assert client.get("/events/e2").status_code == 200
    article_id = _first_article(client)
    article = client.get(f"/articles/{article_id}", params={"at": "0-20"})
    assert article.status_code == 200
    assert 'class="claim' in article.text and 'class="time"' in article.text and 'class="ent' in article.text
    assert 'id="focus"' in article.text and "What cleaning removed" in article.text
    entity_id = client.get("/api/threads/t1").json()["entities"][0]["id"]
    assert client.get(f"/entities/{entity_id}").status_code == 200
    search = client.get("/search", params={"q": "France"})
    assert search.status_code == 200 and "/articles/" in search.text
    assert client.get("/static/style.css").status_code == 200


def test_pages_load_nothing_from_the_network(client):
    for url in ("/", "/threads/t1", f"/articles/{_first_article(client)}"):
        text = client.get(url).text
        assert "<script" not in text
        assert 'src="http' not in text and 'href="http' not in text.replace('href="http://127.0.0.1', "")


@pytest.mark.parametrize("url", ["/threads/t99", "/events/e99", "/threads/bogus", "/articles/nothing-here",
                                 "/entities/99999", "/no/such/page"])
def test_page_404_is_a_page_not_a_trace(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text and "Traceback" not in response.text


# --- escaping -----------------------------------------------------------------------------------------

def test_article_text_is_escaped(hostile_client):
    article_id = hostile_client.get("/api/search", params={"q": "graffiti"}).json()[0]["id"]
    for url in (f"/articles/{article_id}", "/", "/search?q=graffiti", "/events"):
        page = hostile_client.get(url).text
        assert "<script" not in page and "<b>friends" not in page and '<i>"quoted"' not in page
    page = hostile_client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in page and "&lt;b&gt;" in page
    # the highlighted text reads back as exactly the article text
    text = hostile_client.get(f"/api/articles/{article_id}").json()["text"]
    assert _element_text(page, "article-text") == text
    events = hostile_client.get("/api/events").json()
    dossier_page = hostile_client.get(f"/events/{events[0]['id']}").text
    assert "<script" not in dossier_page and "&lt;script&gt;" in dossier_page


def _element_text(page: str, element_id: str) -> str:
    """The text content of the element with this id, entities decoded."""
    class Reader(HTMLParser):
        depth, parts = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth or dict(attrs).get("id") == element_id:
                self.depth += 1

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    reader = Reader(convert_charrefs=True)
    reader.parts = []
    reader.feed(page)
    return "".join(reader.parts)
