"""Ingestion of every input format, and every kind of bad input."""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyledger.cli import main
from storyledger.store import Database, StoreError
from storyledger.store import articles as store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DEMO = Path(__file__).resolve().parents[1] / "storyledger" / "demo" / "corpus"

STORY = ("The harbour authority said on Tuesday that the ferry had been taken out of service. "
         "Inspectors found cracks in the hull during a routine check, a spokeswoman told reporters.\n\n"
         "Passengers were moved to two other ships, the company said.")


def ingest(tmp_path, *paths, extra=()):
    return main(["ingest", *map(str, paths), "--db", str(tmp_path / "t.db"), "--store-only", *extra])


def stored(tmp_path) -> list[dict]:
    db = Database(tmp_path / "t.db")
    try:
        return store.list_articles(db)
    finally:
        db.close()


def page(body: str, title: str = "Ferry out of service") -> str:
    return (f"<html lang='en'><head><title>{title}</title>"
            "<meta property='article:published_time' content='2024-05-07'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def test_text_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "metadata.jsonl").write_text(json.dumps(
        {"file": "a.txt", "outlet": "Harbour News", "published": "2024-05-07", "lang": "en",
         "url": "https://x.example/a", "label": "secret"}) + "\n")
    assert ingest(tmp_path, tmp_path) == 0
    [row] = stored(tmp_path)
    assert (row["outlet"], row["published"], row["lang"], row["name"]) == ("Harbour News", "2024-05-07", "en", "a.txt")


def test_same_content_twice_is_stored_once(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    assert ingest(tmp_path, tmp_path / "a.txt") == 0
    assert ingest(tmp_path, tmp_path / "a.txt") == 0
    assert len(stored(tmp_path)) == 1


@pytest.mark.skipif(not SEEDS.exists(), reason="needs ../shared/seeds")
def test_seeds_twice_leave_three_articles(tmp_path):
    assert ingest(tmp_path, SEEDS) == 0
    assert ingest(tmp_path, SEEDS) == 0
    rows = stored(tmp_path)
    assert len(rows) == 3
    assert {r["published"] for r in rows} == {"2022-09-27", "2025-10-17"}


def test_command_line_metadata_wins_and_stdin(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    assert ingest(tmp_path, "-", extra=["--published", "2024-05-08", "--outlet", "Radio Port",
                                        "--url", "https://radio.example/x", "--lang", "en"]) == 0
    [row] = stored(tmp_path)
    assert (row["published"], row["outlet"], row["url"]) == ("2024-05-08", "Radio Port", "https://radio.example/x")


def test_bad_published_option_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    with pytest.raises(SystemExit) as exit_info:
        ingest(tmp_path, tmp_path / "a.txt", extra=["--published", "yesterday"])
    assert exit_info.value.code == 2


def test_html_page_text_and_metadata(tmp_path):
    (tmp_path / "p.html").write_text(page("<p>" + STORY.replace("\n\n", "</p><p>") + "</p>"
                                          "<p>Share this article</p>"))
    assert ingest(tmp_path, tmp_path / "p.html") == 0
    [row] = stored(tmp_path)
    assert row["published"] == "2024-05-07" and row["title"] == "Ferry out of service"
    db = Database(tmp_path / "t.db")
    article = store.get_article(db, row["id"])
    assert "Share this article" not in article.text
    assert "cracks in the hull" in article.text
    assert any(r.reason == "prompt" for r in article.removed)


def test_jsonl_good_lines_survive_a_malformed_one(tmp_path, capsys):
    lines = [json.dumps({"id": "one", "text": STORY, "published": "2024-05-07", "label": "x"}),
             '{"id": "two", "text": ',
             json.dumps({"id": "three", "text": STORY.replace("ferry", "tanker"), "lang": "en"})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    assert ingest(tmp_path, tmp_path / "c.jsonl") == 1
    assert "c.jsonl: line 2: malformed JSON" in capsys.readouterr().err
    assert sorted(r["name"] for r in stored(tmp_path)) == ["one", "three"]


def test_feed_entries_become_articles(tmp_path):
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Port Feed</title>
    <item><title>Ferry</title><link>https://p.example/2024/05/07/ferry</link>
    <pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>{STORY}</p>]]></description></item>
    <item><title>Tanker</title><link>https://p.example/t</link>
    <description>A tanker ran aground near the breakwater on Monday, the coast guard said.</description></item>
    </channel></rss>"""
    (tmp_path / "f.xml").write_text(feed)
    assert ingest(tmp_path, tmp_path / "f.xml") == 0
    rows = {r["title"]: r for r in stored(tmp_path)}
    assert rows["Ferry"]["outlet"] == "Port Feed" and rows["Ferry"]["published"] == "2024-05-07"
    assert rows["Tanker"]["published"] is None  # never today's date


def warc_gz(pages: list[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                           http_headers=headers,
                                           warc_headers_dict={"WARC-Date": "2024-06-01T00:00:00Z"})
        writer.write_record(record)
    return out.getvalue()


def test_warc_records_keep_uri_and_capture_date(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(warc_gz([
        ("https://news.example/2024/05/07/ferry", page(f"<p>{STORY}</p>").replace("2024-05-07", "")),
    ]))
    assert ingest(tmp_path, tmp_path / "a.warc.gz") == 0
    [row] = stored(tmp_path)
    assert row["url"] == "https://news.example/2024/05/07/ferry"
    assert row["published"] == "2024-05-07"  # from the URL, not from the capture date
    db = Database(tmp_path / "t.db")
    assert store.get_article(db, row["id"]).captured == "2024-06-01"


def test_truncated_warc_keeps_records_before_the_cut(tmp_path, capsys):
    first = warc_gz([("https://news.example/a", page(f"<p>{STORY}</p>"))])
    second = warc_gz([("https://news.example/b", page("<p>" + STORY.replace("ferry", "barge") + "</p>"))])
    (tmp_path / "t.warc.gz").write_bytes(first + second[: len(second) // 2])
    assert ingest(tmp_path, tmp_path / "t.warc.gz") == 1
    assert "t.warc.gz" in capsys.readouterr().err
    assert [r["url"] for r in stored(tmp_path)] == ["https://news.example/a"]


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary file"),
    ("broken.html", b"<html><body><div><p></div></body", "no article text"),
    ("feed.xml", b"this is not xml at all {", "not an RSS/Atom feed"),
])
def test_bad_file_gets_one_clear_error(tmp_path, capsys, name, content, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(STORY)
    assert ingest(tmp_path, tmp_path / name, tmp_path / "good.txt") == 1
    err = capsys.readouterr().err
    assert f"{name}:" in err and message in err
    assert len(stored(tmp_path)) == 1  # the rest of the batch went in


def test_missing_path(tmp_path, capsys):
    assert ingest(tmp_path, tmp_path / "nope.txt") == 1
    assert "nope.txt: no such file or folder" in capsys.readouterr().err


def test_windows_1252_text_is_decoded(tmp_path):
    text = "Le maire a déclaré lundi que la séance était reportée. « C'est regrettable », a-t-il ajouté."
    (tmp_path / "fr.txt").write_bytes(text.encode("cp1252"))
    assert ingest(tmp_path, tmp_path / "fr.txt") == 0
    db = Database(tmp_path / "t.db")
    article = store.get_article(db, stored(tmp_path)[0]["id"])
    assert "déclaré" in article.text and "« C'est" in article.text
    assert article.lang == "fr"


def test_fifty_megabyte_text_is_refused_clearly(tmp_path, capsys):
    (tmp_path / "huge.txt").write_bytes(b"word " * (10 * 1024 * 1024))
    assert ingest(tmp_path, tmp_path / "huge.txt") == 1
    assert "huge.txt: 52.4 MB is too large" in capsys.readouterr().err


def test_not_a_storyledger_database(tmp_path, capsys):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE accounts(id INTEGER)")
        conn.execute("INSERT INTO accounts VALUES (1)")
    (tmp_path / "a.txt").write_text(STORY)
    with pytest.raises(SystemExit):
        main(["ingest", str(tmp_path / "a.txt"), "--db", str(other), "--store-only"])
    assert "not a storyledger database" in capsys.readouterr().err
    with sqlite3.connect(other) as conn:  # untouched
        assert conn.execute("SELECT * FROM accounts").fetchall() == [(1,)]
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["accounts"]


def test_garbage_file_as_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a storyledger database"):
        Database(junk)
    assert junk.read_bytes() == b"not sqlite at all" * 100


def test_locked_database_fails_clearly_and_loses_nothing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(STORY)
    assert ingest(tmp_path, tmp_path / "a.txt") == 0
    blocker = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    (tmp_path / "b.txt").write_text(STORY.replace("ferry", "barge"))
    try:
        code = main(["ingest", str(tmp_path / "b.txt"), "--db", str(tmp_path / "t.db"), "--store-only"])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert code == 2
    assert "locked" in capsys.readouterr().err
    assert len(stored(tmp_path)) == 1


def test_demo_corpus_formats(tmp_path):
    assert ingest(tmp_path, DEMO) == 0
    rows = stored(tmp_path)
    assert len(rows) == 5
    assert {r["lang"] for r in rows} == {"en", "fr"}
    assert all(r["published"] for r in rows)


def test_an_analysis_failure_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    import storyledger.pipeline as pipeline
    real = pipeline.analyse

    def fragile(article):
        if "barge" in article.text:
            raise ValueError("parser surprise")
        return real(article)

    monkeypatch.setattr(pipeline, "analyse", fragile)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("ferry", "barge"))
    code = main(["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(tmp_path / "t.db")])
    assert code == 1
    assert "analysis failed (ValueError: parser surprise)" in capsys.readouterr().err
    db = Database(tmp_path / "t.db")
    assert store.count_articles(db) == 2 and len(store.unanalysed_ids(db)) == 1


def test_a_link_failure_is_undone_reported_and_retried(tmp_path, monkeypatch, capsys):
    from storyledger import link
    from storyledger.link import claims

    real = claims.link_article

    def fragile(db, article, analysis=None, *settings):
        if "barge" in article.text:
            raise ValueError("linker surprise")
        return real(db, article, analysis, *settings)

    monkeypatch.setattr(claims, "link_article", fragile)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("ferry", "barge"))
    code = main(["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(tmp_path / "t.db")])
    assert code == 1
    assert "linking failed (ValueError: linker surprise)" in capsys.readouterr().err
    db = Database(tmp_path / "t.db")
    failed = link.unlinked_ids(db)
    assert len(failed) == 1
    # the stages before the failure were undone with it: no event holds the failed article
    assert db.query("SELECT COUNT(*) FROM event_articles WHERE article_id = ?", failed)[0][0] == 0
    assert db.query("SELECT COUNT(*) FROM event_articles")[0][0] == 1
    db.close()
    monkeypatch.setattr(claims, "link_article", real)
    assert main(["ingest", str(tmp_path / "b.txt"), "--db", str(tmp_path / "t.db")]) == 0
    assert link.unlinked_ids(Database(tmp_path / "t.db")) == []


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),  # with a BOM
    ("utf-16-le", b""), ("utf-16-be", b""),  # without one: told by its high bytes
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"),
])
def test_utf16_and_utf32_text_is_decoded(tmp_path, encoding, bom):
    text = STORY.replace("ferry", "ferry « Île-de-Ré »")
    (tmp_path / "wide.txt").write_bytes(bom + text.encode(encoding))
    assert ingest(tmp_path, tmp_path / "wide.txt") == 0
    db = Database(tmp_path / "t.db")
    article = store.get_article(db, stored(tmp_path)[0]["id"])
    assert "« Île-de-Ré »" in article.text and "\x00" not in article.text


def test_utf16_cyrillic_without_bom_and_a_utf16_feed(tmp_path):
    russian = ("Мэр города заявил во вторник, что паром выведен из эксплуатации. "
               "Инспекторы обнаружили трещины в корпусе, сообщила пресс-служба.")
    (tmp_path / "ru.txt").write_bytes(russian.encode("utf-16-le"))
    feed = ('<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Port Feed</title>'
            f"<item><title>Ferry</title><description>{STORY}</description></item></channel></rss>")
    (tmp_path / "f.rss").write_bytes(feed.encode("utf-16"))
    assert ingest(tmp_path, tmp_path / "ru.txt", tmp_path / "f.rss") == 0
    assert {r["lang"] for r in stored(tmp_path)} == {"ru", "en"}


def test_an_article_over_the_length_limit_is_refused_by_name(tmp_path, capsys):
    from storyledger.ingest.limits import MAX_ARTICLE_CHARS

    (tmp_path / "book.txt").write_text(STORY * (2_000_000 // len(STORY)))  # 2 MB, spaCy's E088 before
    (tmp_path / "good.txt").write_text(STORY)
    assert ingest(tmp_path, tmp_path / "book.txt", tmp_path / "good.txt") == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "book.txt: article text is 1,99" in line and f"over the limit of {MAX_ARTICLE_CHARS:,}" in line
    assert [r["name"] for r in stored(tmp_path)] == ["good.txt"]


def test_a_bad_metadata_line_is_reported_once(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("ferry", "barge"))
    (tmp_path / "metadata.jsonl").write_text('{"file": "a.txt", "outlet": "Harbour News"}\n{"file": \n')
    assert ingest(tmp_path, tmp_path) == 1
    out = capsys.readouterr()
    assert out.err.count("metadata.jsonl: line 2: bad metadata line") == 1
    assert "1 failed" in out.out
    assert {r["name"]: r["outlet"] for r in stored(tmp_path)} == {"a.txt": "Harbour News", "b.txt": None}


@pytest.mark.parametrize("value, code", [("fr", "fr"), ("French", "fr"), ("FR", "fr"), ("kl", "kl")])
def test_lang_option_takes_a_code_or_a_name(tmp_path, value, code):
    (tmp_path / "a.txt").write_text(STORY)
    assert ingest(tmp_path, tmp_path / "a.txt", extra=["--lang", value]) == 0
    assert stored(tmp_path)[0]["lang"] == code


@pytest.mark.parametrize("value", ["Klingon", "xx", "Englisch", "e"])
def test_an_unknown_lang_is_refused_before_anything_is_read(tmp_path, capsys, value):
    (tmp_path / "a.txt").write_text(STORY)
    with pytest.raises(SystemExit) as exit_info:
        ingest(tmp_path, tmp_path / "a.txt", extra=["--lang", value])
    assert exit_info.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"storyledger: error: --lang {value!r} is not a language")
    assert not (tmp_path / "t.db").exists()


def test_a_reader_that_raises_costs_one_file_not_the_batch(tmp_path, monkeypatch, capsys):
    from storyledger import ingest as readers

    def broken(path, raw):
        yield from ()
        raise AttributeError("'NoneType' object has no attribute 'startswith'")

    monkeypatch.setitem(readers.READERS, "jsonl", broken)
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": STORY}) + "\n")
    (tmp_path / "b.txt").write_text(STORY)
    assert ingest(tmp_path, tmp_path) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "a.jsonl: could not be read (AttributeError: 'NoneType' object" in line
    assert [r["name"] for r in stored(tmp_path)] == ["b.txt"]


@pytest.mark.parametrize("body", [
    "<div>We use cookies. <a href='/ok'>Accept</a></div>",
    "<ul><li>Home</li><li>News</li><li>World</li><li>Sport</li><li>Business</li>"
    "<li>Culture</li><li>Travel</li><li>Weather</li><li>Contact us</li></ul>",
])
def test_page_furniture_alone_is_not_stored(tmp_path, capsys, body):
    (tmp_path / "p.html").write_text(f"<html lang='en'><body><main>{body}</main></body></html>")
    assert ingest(tmp_path, tmp_path / "p.html") == 1
    err = capsys.readouterr().err
    assert "p.html: " in err and "; not stored" in err
    assert stored(tmp_path) == []


def test_a_feed_holding_a_path_does_not_open_that_file(tmp_path):
    secret = tmp_path / "secret.rss"
    secret.write_text("<rss><channel><title>Secret</title><item><title>x</title>"
                      f"<description>{STORY}</description></item></channel></rss>")
    (tmp_path / "f.xml").write_text(str(secret))  # feedparser, given a string, opens what it names
    assert ingest(tmp_path, tmp_path / "f.xml") == 1
    assert stored(tmp_path) == []


def test_documents_read_elsewhere_meet_the_same_length_limit(tmp_path):
    from storyledger import pipeline
    from storyledger.ingest.limits import MAX_ARTICLE_CHARS
    from storyledger.model import Document

    long_text = STORY * (MAX_ARTICLE_CHARS // len(STORY) + 1)
    db = Database(tmp_path / "t.db")
    report = pipeline.ingest_documents(db, [Document(raw=b"x", source="https://x.example/p", format="html",
                                                     text=long_text)])
    assert [str(e) for e in report.errors] == [
        f"https://x.example/p: article text is {len(long_text):,} characters, over the limit of "
        f"{MAX_ARTICLE_CHARS:,} for one report; split it into articles"]
    assert store.count_articles(db) == 0
    db.close()
