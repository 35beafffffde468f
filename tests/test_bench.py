"""Benchmark plumbing: the synthetic corpus, the same-length disguise, the results writer.
Nothing here times anything; figures come from `storyledger bench`."""
from __future__ import annotations

import random

import pytest

from storyledger.cli import build_parser
from storyledger.clean import clean
from storyledger.evaluate import bench, synth
from storyledger.model import Analysis, Attribution, Document, Mention, Span, TimeExpr

TEXT = ("Inspector Harriet Calder said on Tuesday that the bridge in Northam had been closed since 12 May 2023. "
        "Engineers found cracks in three supporting columns.\n\n"
        "The council will publish its report in June, a spokesman for Northam council said. "
        "Residents were told to use the ferry instead.")


SECOND = ("Two ministers from Valdoria met their Ostmark counterparts in Genfeld on Thursday. "
          "They agreed to reopen the border crossing at Lutz on 1 September, officials said.\n\n"
          "Traders welcomed the decision. Freight queues had stretched for 14 kilometres in August.")


@pytest.fixture(scope="module")
def demo_bases():
    return [synth.Base(TEXT, "Bridge closed", "en", "2023-05-20"),
            synth.Base(SECOND, None, "en", "2024-08-30")]


def own_article():
    doc = Document(raw=TEXT.encode(), source="own", format="txt", text=TEXT,
                   meta={"lang": "en", "published": "2023-05-20", "outlet": "Test Wire"})
    return clean(doc)


def test_synthetic_articles_have_distinct_ids_and_clean(demo_bases):
    made = list(synth.synthetic_articles(24, seed=5, bases=demo_bases))
    articles = synth.as_clean_articles(made)
    assert len({a.id for a in articles}) == 24
    assert all(a.text.strip() and a.sentences and a.published and a.outlet for a in articles)
    assert len({a.url for a in made}) == 24
    again = [a.text for a in synth.synthetic_articles(24, seed=5, bases=demo_bases)]
    assert again == [a.text for a in made]  # deterministic per seed


def test_rewrite_keeps_length_of_story_but_changes_text():
    rng = random.Random(1)
    rewritten = synth.rewrite(TEXT, rng)
    assert rewritten != TEXT
    assert "Residents were told to use the ferry instead." in rewritten  # sentences move, not vanish
    assert abs(len(rewritten.split()) - len(TEXT.split())) <= 3


def test_wire_copy_drops_one_sentence():
    copy = synth.wire_copy(TEXT, random.Random(2))
    assert len(synth._sentences(copy.replace("\n\n", " "))) == len(synth._sentences(TEXT.replace("\n\n", " "))) - 1


def test_written_txt_and_html_corpora_ingest(tmp_path, demo_bases):
    from storyledger import pipeline
    from storyledger.store.db import Database

    made = list(synth.synthetic_articles(3, seed=1, bases=demo_bases))
    synth.write_txt(tmp_path / "txt", made)
    synth.write_html(tmp_path / "html", made)
    db = Database(tmp_path / "x.db")
    report = pipeline.ingest_paths(db, [str(tmp_path / "txt"), str(tmp_path / "html")])
    db.close()
    assert not report.errors
    # the same article as text and as a page may be recognised as one (same body, same url)
    assert len(report.added) >= 3 and len(report.added) + report.already_stored == 6


def test_disguise_keeps_offsets_valid():
    article = own_article()
    start = article.text.index("Harriet Calder")
    when = article.text.index("12 May 2023")
    cue = article.text.index("said")
    analysis = Analysis(
        article_id=article.id,
        mentions=[Mention(start, start + 14, "Harriet Calder", "PERSON", 0, canonical="Harriet Calder")],
        times=[TimeExpr(when, when + 11, "12 May 2023", "DATE", "2023-05-12")],
        attributions=[Attribution(0, 10, Span(cue, cue + 4, "said"), None,
                                  Span(start, start + 14, "Harriet Calder"), status="asserted")])
    disguise = bench.Disguise(article.text, random.Random(3))
    new_article, new_analysis = disguise.apply(article, analysis, 7, random.Random(4))
    assert new_article.id != article.id
    assert len(new_article.text) == len(article.text)
    for m in new_analysis.mentions:
        assert new_article.text[m.start:m.end] == m.text != "Harriet Calder"
    time_expr = new_analysis.times[0]
    assert new_article.text[time_expr.start:time_expr.end] == time_expr.text
    assert time_expr.value[:4] == time_expr.text[-4:]  # the year moved with the text
    assert new_analysis.attributions[0].status == "asserted"  # labels are not disguised
    assert new_analysis.mentions[0].type == "PERSON"


def section(name: str, value: int) -> dict:
    return {"name": name, "title": f"Section {name}", "what": "what was measured",
            "tables": [[{"size": value, "articles/s": 1.5}, {"size": value * 10, "note": "a|b"}]],
            "notes": ["a note"], "seconds": 3.0,
            "stamp": {"date": "2026-01-01 00:00 UTC", "machine": "2 CPUs", "commit": "abc",
                      "command": "storyledger bench", "load": "1.0/1.0/1.0"}}


def test_markdown_table_has_every_column_and_escapes_pipes():
    lines = bench.markdown_table(section("x", 1)["tables"][0])
    assert lines[0] == "| size | articles/s | note |"
    assert lines[2] == "| 1 | 1.5 | - |"
    assert "a\\|b" in lines[3]


def test_write_results_replaces_rerun_sections_and_keeps_others(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    bench.write_results([section("throughput", 1), section("memory", 2)], path)
    bench.write_results([section("memory", 5)], path)
    text = path.read_text()
    assert text.startswith("# Benchmarks")
    assert "| 1 | 1.5 | - |" in text  # throughput kept
    assert "| 5 | 1.5 | - |" in text and "| 2 | 1.5 | - |" not in text  # memory replaced
    assert text.index("bench:throughput") < text.index("bench:memory")
    assert "`storyledger bench`" in text and "2 CPUs" in text


def test_bench_command_options():
    args = build_parser().parse_args(["bench", "--quick", "--only", "memory,growth", "--dask-workers", "3"])
    assert args.quick and args.only == "memory,growth" and args.dask_workers == 3
    assert args.output == "BENCHMARKS.md"


def test_bench_sizes_are_checked_before_anything_runs(capsys):
    from storyledger.commands import bench as bench_command

    assert bench_command._numbers("--pipeline-sizes", "10000,1000") == (1000, 10000)
    for bad in ("1000,x", "0,10", ""):
        with pytest.raises(SystemExit):
            bench_command._numbers("--store-sizes", bad)
    assert "--store-sizes" in capsys.readouterr().err


def test_unknown_benchmark_is_refused():
    with pytest.raises(ValueError, match="unknown benchmark"):
        bench.run(["nonsense"])


def test_machine_description_names_cpus_and_python():
    described = bench.machine()
    assert "CPUs" in described and "Python" in described


def test_compare_analyses_counts_equal_ones_and_names_differing_fields():
    a = Analysis("a", mentions=[Mention(0, 4, "Ward", "PERSON", 0)])
    b = Analysis("b")
    changed = Analysis("b", times=[TimeExpr(0, 6, "Monday", "DATE", "2024-01-01")])
    assert bench.compare_analyses({"a": a, "b": b}, [a, changed]) == "1/2 (differing fields: times)"
    assert bench.compare_analyses({"a": a}, [a]) == "1/1"


def test_edited_since_lists_only_newer_package_files():
    import time

    assert bench.edited_since(time.time() + 3600) == []
    assert "storyledger/evaluate/bench.py" in bench.edited_since(0)


def test_benchmarks_md_names_no_machine_path():
    from pathlib import Path

    from storyledger.evaluate.bench import without_machine_paths
    from storyledger.paths import shared

    text = (Path(__file__).resolve().parent.parent / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert not [line for line in text.splitlines() if "/work/" in line or "/tmp/" in line or "/root/" in line]
    shown = without_machine_paths(f"storyledger bench --growth-dir /tmp/x/stores --only web {shared('seeds')}")
    assert shown == "storyledger bench --growth-dir DIR/stores --only web ../shared/seeds"
