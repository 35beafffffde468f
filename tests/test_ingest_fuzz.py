"""Fuzzing the readers: every format, cut at many offsets and with bytes flipped.

Whatever the bytes, reading never raises (neither `ingest.read` nor the reader behind it), and
what gets stored is a report: every stored article keeps at least one whole sentence of the
fixture it came from, and from an archive only articles of whole records are stored.
"""
from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyledger import ingest, pipeline
from storyledger.clean import normalise_body
from storyledger.ingest import IngestError
from storyledger.model import Document
from storyledger.store import Database
from storyledger.store import articles as store

FERRY = ["The harbour authority said on Tuesday that the ferry had been taken out of service.",
         "Inspectors found cracks in the hull during a routine check, a spokeswoman told reporters.",
         "Passengers were moved to two other ships, the company said."]
BRIDGE = ["The city council voted on Monday to close the old bridge to lorries from next month.",
          "Engineers warned last year that the steel supports were badly corroded, the mayor said.",
          "Drivers of heavy vehicles will have to use the ring road instead."]
SENTENCES = FERRY + BRIDGE

FURNITURE = ("<div class='cookie'>We use cookies. Accept all</div>"
             "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a> "
             "<a href='/weather'>Weather</a> <a href='/login'>Log in</a></nav>")


def paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def page(title: str, sentences: list[str]) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
            "<meta property='article:published_time' content='2024-05-07'></head>"
            f"<body>{FURNITURE}<article><h1>{title}</h1>{paragraphs(sentences)}</article>"
            "<footer>Share this article. Subscribe to our newsletter.</footer></body></html>")


def jsonl() -> str:
    import json

    return "".join(json.dumps({"id": name, "outlet": "Harbour News", "published": "2024-05-07",
                               "text": "\n\n".join(story)}) + "\n"
                   for name, story in (("ferry", FERRY), ("bridge", BRIDGE)))


def rss() -> str:
    items = "".join(f"<item><title>{title}</title><link>https://p.example/{title}</link>"
                    f"<pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate>"
                    f"<description><![CDATA[{paragraphs(story)}]]></description></item>"
                    for title, story in (("ferry", FERRY), ("bridge", BRIDGE)))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Port Feed</title>{items}</channel></rss>'


def atom() -> str:
    entries = "".join(f"<entry><title>{title}</title><link href='https://p.example/{title}'/>"
                      f"<id>urn:{title}</id><updated>2024-05-07T10:00:00Z</updated>"
                      f"<content type='html'><![CDATA[{paragraphs(story)}]]></content></entry>"
                      for title, story in (("ferry", FERRY), ("bridge", BRIDGE)))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Port Feed</title><id>urn:feed</id><updated>2024-05-07T10:00:00Z</updated>{entries}</feed>")


def warc(gzip: bool) -> bytes:
    """Two request/response pairs, byte for byte the same in every run (fixed record ids and
    dates: warcio's random ids would move every cut point from run to run)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for n, (name, story) in enumerate((("ferry", FERRY), ("bridge", BRIDGE))):
        uri = f"https://news.example/2024/05/07/{name}"
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(
            f"GET /2024/05/07/{name} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode()),
            warc_headers_dict=_fixed_headers(2 * n)))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(page(name.title(), story).encode()), http_headers=headers,
            warc_headers_dict=_fixed_headers(2 * n + 1)))
    return out.getvalue()


def _fixed_headers(n: int) -> dict:
    return {"WARC-Date": "2024-06-01T00:00:00Z", "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"}


FIXTURES = {
    "story.txt": "\n\n".join(FERRY).encode(),
    "page.html": page("Ferry", FERRY).encode(),
    "lines.jsonl": jsonl().encode(),
    "feed.rss": rss().encode(),
    "feed.atom": atom().encode(),
    "archive.warc": warc(gzip=False),
    "archive.warc.gz": warc(gzip=True),
}
CUTS = 60  # cut points per fixture, spread over its length
FLIPS = 60  # mutated copies per fixture, 1 to 4 bytes each


def cut_inputs(raw: bytes) -> list[bytes]:
    step = max(1, len(raw) // CUTS)
    return [raw[:end] for end in range(1, len(raw), step)][:CUTS]


def flipped_inputs(raw: bytes, seed: int = 19) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(FLIPS):
        data = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        out.append(bytes(data))
    return out


def fuzzed(name: str) -> list[bytes]:
    raw = FIXTURES[name]
    return cut_inputs(raw) + flipped_inputs(raw)


def read_fuzzed(path: Path) -> list[Document | IngestError]:
    """Everything `ingest.read` gives for `path`; it must not raise, and no reader behind it
    may have raised either (ingest.read turns that into a 'could not be read (...)' error)."""
    items = list(ingest.read(str(path)))
    assert all(isinstance(i, (Document, IngestError)) for i in items)
    errors = [i for i in items if isinstance(i, IngestError)]
    assert all(str(path) in str(e) and "\n" not in str(e) for e in errors), errors
    assert not [e for e in errors if e.message.startswith(ingest.NET_CAUGHT)], errors
    return items


VOCABULARY = {word for sentence in SENTENCES for word in re.findall(r"\w+", sentence.lower())}


def has_whole_sentence(text: str) -> bool:
    return any(sentence in text for sentence in SENTENCES)


def is_report(text: str) -> bool:
    """Mostly the fixture's words (a flipped byte may spoil a few), and enough of them:
    page furniture (cookies, Home, News, Log in) is not."""
    words = re.findall(r"\w+", text.lower())
    known = sum(word in VOCABULARY for word in words)
    return known >= 8 and known >= 0.6 * len(words)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_whole_fixture_is_read(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FIXTURES[name])
    items = list(ingest.read(str(path)))
    assert items and all(isinstance(i, Document) for i in items), items
    assert all(has_whole_sentence(i.text) for i in items)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_no_reader_raises_on_cut_or_flipped_bytes(tmp_path, name):
    path = tmp_path / name
    for data in fuzzed(name):
        path.write_bytes(data)
        read_fuzzed(path)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    db = Database(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    yield db
    db.close()


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_nothing_junk_is_stored(tmp_path, fuzz_db, name):
    """Cut and flipped inputs go through ingest into a store: only reports are stored, and an
    archive yields only the articles its whole records hold."""
    whole = {normalise_body(d.text) for d in ingest.read_paths([_write(tmp_path / "whole", name, FIXTURES[name])])}
    for number, data in enumerate(fuzzed(name)):
        path = _write(tmp_path / str(number), name, data)
        report = pipeline.ingest_paths(fuzz_db, [path])
        for article_id in report.added:
            article = store.get_article(fuzz_db, article_id)
            assert is_report(article.text), (number, article.text[:200])
            if number < CUTS:  # a cut keeps whole sentences, and an archive whole records
                assert has_whole_sentence(article.text), (number, article.text[:200])
                if "warc" in name:
                    assert article.body in whole, (number, article.body[:200])


def _write(folder: Path, name: str, data: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return str(folder / name)


def test_a_cut_warc_record_is_rejected_and_the_next_file_still_goes_in(tmp_path, capsys):
    from storyledger.cli import main

    raw = FIXTURES["archive.warc.gz"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.warc.gz").write_bytes(raw[: len(raw) - 200])  # inside the last record
    (tmp_path / "in" / "b.txt").write_text("\n\n".join(BRIDGE))
    code = main(["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.db"), "--store-only"])
    err = capsys.readouterr().err
    assert code == 1
    assert "a.warc.gz: record 4 (https://news.example/2024/05/07/bridge): record is cut" in err
    db = Database(tmp_path / "t.db")
    names = sorted(r["name"] for r in store.list_articles(db))
    db.close()
    assert names == ["a.warc.gz#record-2", "b.txt"]


@settings(max_examples=150, deadline=None, derandomize=True,  # the same examples in every run
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(FIXTURES)), data=st.data())
def test_hypothesis_mutations_never_raise(tmp_path, name, data):
    raw = bytearray(FIXTURES[name])
    for _ in range(data.draw(st.integers(0, 6))):
        where = data.draw(st.integers(0, len(raw) - 1))
        raw[where:where + 1] = data.draw(st.binary(max_size=3))
    raw = bytes(raw[: data.draw(st.integers(0, len(raw)))])
    path = tmp_path / name
    path.write_bytes(raw)
    read_fuzzed(path)
