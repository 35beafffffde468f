"""The benchmark suite behind `storyledger bench`: speed, memory, growth, quality, parallelism.

One function per benchmark; each takes a `Context` and returns a section dict
(title, what was measured, tables of rows, notes). `run` runs the chosen ones
and `write_results` puts them in BENCHMARKS.md, each section stamped with the
machine, date, git commit, load average and exact command that produced it.
Corpora are synthetic (storyledger.evaluate.synth) and live in a temp dir.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyledger.evaluate import synth
from storyledger.evaluate.bench_watch import bench_watch
from storyledger.evaluate.bench_web import bench_web
from storyledger.paths import shared, shown

REPO = Path(__file__).resolve().parent.parent.parent
SEEDS_GOLD = shared("gold", "seeds.gold.json")
DEMO_GOLD = str(REPO / "storyledger" / "demo" / "demo.gold.json")
TRANSLATIONS = str(REPO / "tests" / "data" / "translations" / "corpus")  # in a source checkout
TRANSLATIONS_GOLD = str(REPO / "tests" / "data" / "translations" / "translations.gold.json")
DEV = shared("corpora", "osechkin", "corpus.jsonl")
DEV_GOLD = shared("corpora", "osechkin", "gold.json")

# Published anchors, from ../shared/bench/README.md.
ANCHORS = {
    "ECB+": "event clustering is usually reported on the ECB+ test topics with gold mentions; "
            "no document-level stream anchor is given: compare with the plain tf-idf and singleton "
            "baselines measured in the same run",
    "TempEval-3": "HeidelTime (TempEval-3 platinum): value F1 77.6-77.7, relaxed extent F1 90.6, "
                  "strict 81.5; SUTime value F1 67.4",
    "PolNeAR": "CofeNet BERT tagger (exact, test): source F1 83.2, cue 75.3, content 72.9; rule "
               "baseline content 5.6; CoreNLP quotes 17.5",
    "SemEval-2022 T8": "best system (official test, 4,953 pairs): Pearson 0.818; encoder lead cosine on a "
                       "held-back sample of the training file 0.68",
}


@dataclass
class Sizes:
    pipeline: tuple[int, ...]  # corpus sizes for throughput and memory (full pipeline, subprocess)
    ingest_formats: int  # articles for plain text vs HTML ingest
    stores: tuple[int, ...]  # store sizes for growth
    added: int  # fully processed articles added at each store size
    dask: int  # articles analysed single-process vs on the cluster


FULL = Sizes(pipeline=(200, 1000), ingest_formats=300, stores=(1000, 3000), added=50, dask=300)
QUICK = Sizes(pipeline=(30, 120), ingest_formats=40, stores=(150, 450), added=6, dask=30)


@dataclass
class Context:
    sizes: Sizes
    quick: bool
    dask_workers: int
    folder: Path  # temp dir for corpora and databases
    command: str
    growth_dir: Path | None = None  # keeps the growth stores between runs (default: the temp dir)
    cache: dict = field(default_factory=dict)  # results shared between benchmarks (pipeline runs)


# ---------------------------------------------------------------- throughput and memory

def pipeline_runs(ctx: Context) -> dict[int, dict]:
    """The whole pipeline, once per corpus size, each in a fresh process (shared by two benchmarks)."""
    if "pipeline" not in ctx.cache:
        bases = synth.base_reports()
        runs = {}
        for n in ctx.sizes.pipeline:
            articles = list(synth.synthetic_articles(n, seed=n, bases=bases))
            corpus = ctx.folder / f"pipeline_{n}"
            synth.write_txt(corpus, articles)
            figures = _run_child(["pipeline", str(corpus), str(ctx.folder / f"pipeline_{n}.db")])
            figures["words"] = sum(a.words() for a in articles)
            figures["bytes"] = sum(len(a.text.encode("utf-8")) for a in articles)
            figures["spacy_seconds"] = bare_spacy_seconds(articles)
            runs[n] = figures
        ctx.cache["pipeline"] = runs
    return ctx.cache["pipeline"]


def bare_spacy_seconds(articles: list[synth.SynthArticle]) -> float:
    """The practical floor: the full spaCy pipeline of each article's language over the same texts."""
    from storyledger import nlp

    by_lang: dict[str, list[str]] = {}
    for a in articles:
        lang = a.lang if nlp.has_pipeline(a.lang) else "en"
        by_lang.setdefault(lang, []).append(a.text)
    for lang in by_lang:
        nlp.spacy_pipeline(lang)  # load outside the clock
    started = time.perf_counter()
    for lang, texts in by_lang.items():
        for _ in nlp.spacy_pipeline(lang).pipe(texts, batch_size=32):
            pass
    return time.perf_counter() - started


def bench_throughput(ctx: Context) -> dict:
    rows = []
    for n, run in pipeline_runs(ctx).items():
        s = run["seconds"]
        stages = [("ingest + clean", s["ingest"]), ("analysis", s["analyse"]), ("linking", s["link"]),
                  ("whole pipeline", s["ingest"] + s["analyse"] + s["link"]),
                  ("bare spaCy (nlp.pipe)", run["spacy_seconds"])]
        for stage, seconds in stages:
            rows.append({"articles": n, "stage": stage, "seconds": _r(seconds, 1),
                         "articles/s": _r(n / seconds, 1), "words/s": _r(run["words"] / seconds, 0),
                         "time / bare spaCy": _r(seconds / run["spacy_seconds"], 2)})
    return {
        "title": "Throughput and the spaCy floor",
        "what": "Synthetic corpus of perturbed copies of the seeds and the demo corpus (sentences shuffled, "
                "names/numbers/dates changed, new outlet/url/date; about a third near-verbatim wire copies), "
                "written as .txt + metadata.jsonl. `pipeline.run` in a fresh process and database per size; "
                "models are loaded before the clock starts. The floor is the full spaCy pipeline of each "
                "article's language run with `nlp.pipe` over the same texts in the parent process. "
                "'time / bare spaCy' is how many times the spaCy pass the stage takes.",
        "tables": [rows],
        "notes": [f"model load in the pipeline process: {_r(r['load_seconds'], 1)} s at {n} articles"
                  for n, r in pipeline_runs(ctx).items()],
    }


def bench_memory(ctx: Context) -> dict:
    rows = []
    for n, run in pipeline_runs(ctx).items():
        rows.append({"articles": n, "peak RSS (MB)": _r(run["maxrss_kb"] / 1024, 0),
                     "database (MB)": _r(run["db_bytes"] / 2**20, 1),
                     "database per article (KB)": _r(run["db_bytes"] / 1024 / n, 1),
                     "input per article (KB)": _r(run["bytes"] / 1024 / n, 1)})
    return {
        "title": "Memory and database size",
        "what": "Peak resident set size (ru_maxrss) of the process running the whole pipeline "
                "(ingest, analyse, link, models included) and the SQLite file size (with WAL) afterwards, "
                "same runs as the throughput table.",
        "tables": [rows],
        "notes": [],
    }


def bench_ingest_formats(ctx: Context) -> dict:
    from storyledger import pipeline
    from storyledger.store.db import Database

    n = ctx.sizes.ingest_formats
    articles = list(synth.synthetic_articles(n, seed=7))
    _warm_ingest(ctx)
    rows = []
    for fmt, writer in (("plain text + metadata.jsonl", synth.write_txt), ("HTML pages", synth.write_html)):
        corpus = ctx.folder / f"formats_{writer.__name__}"
        writer(corpus, articles)
        db = Database(ctx.folder / f"formats_{writer.__name__}.db")
        report = pipeline.ingest_paths(db, [str(corpus)])
        db.close()
        seconds = report.seconds["ingest"]
        rows.append({"format": fmt, "articles": len(report.added), "errors": len(report.errors),
                     "input MB": _r(report.bytes_in / 2**20, 2), "seconds": _r(seconds, 1),
                     "articles/s": _r(len(report.added) / seconds, 1),
                     "MB/s": _r(report.bytes_in / 2**20 / seconds, 3)})
    return {
        "title": "Ingest + clean: plain text vs HTML",
        "what": f"`pipeline.ingest_paths` (read, extract, clean, store) over the same {n} synthetic articles "
                "written once as .txt files and once as news-like HTML pages (nav, byline, related links, "
                "footer around the text). MB are input bytes.",
        "tables": [rows],
        "notes": [],
    }


def _warm_ingest(ctx: Context) -> None:
    """Load what ingest loads lazily (language identifier, encoders) outside the clock."""
    from storyledger import pipeline
    from storyledger.store.db import Database

    corpus = ctx.folder / "warm"
    if corpus.exists():
        return
    sample = list(synth.synthetic_articles(4, seed=99))
    synth.write_txt(corpus / "txt", sample)
    synth.write_html(corpus / "html", sample)
    db = Database(ctx.folder / "warm.db")
    pipeline.ingest_paths(db, [str(corpus)])
    db.close()


# ---------------------------------------------------------------- growth

def bench_growth(ctx: Context) -> dict:
    from storyledger.store import articles as store
    from storyledger.store.db import Database

    from storyledger import nlp

    nlp.embed(["models load before the clock starts"])  # the encoder links translations
    _warm_pipeline(ctx)
    folder = ctx.growth_dir or ctx.folder
    folder.mkdir(parents=True, exist_ok=True)
    rows, notes, previous, rates = [], [], None, []
    for size in ctx.sizes.stores:
        path = folder / f"growth_{size}.db"
        if not path.exists() and previous is not None:
            shutil.copyfile(previous, path)  # grow the next store from the last one
        db = Database(path)
        filler = Filler(seed=size, start=store.count_articles(db, FILLER_PREFIX), bases=_filler_bases(ctx))
        filler.fill(db, size)
        _read_through(path)
        added = _add_fresh(ctx, db, size)
        rows.append({"store size": size, **added})
        notes.append(_fill_note(size, filler, path))
        if filler.built:
            rates.append(filler.link_seconds / filler.built)
        db.close()  # checkpoints the WAL into the file, so it can be copied
        previous = path
    per_article = rates[-1] if rates else 0.04
    for size in (10_000, 100_000):
        if size > max(ctx.sizes.stores):
            notes.append(f"{size:,} store not built here: linking {size:,} filler articles at the rate above "
                         f"would take about {_r(size * per_article / 60, 0)} min alone; measure it with "
                         "`storyledger bench --only growth --store-sizes "
                         f"{','.join(str(n) for n in sorted({1000, 10_000, size}))} --growth-dir DIR` "
                         "(DIR keeps the stores for later runs)")
    return {
        "title": "Growth: cost per added article as the store grows",
        "what": "One database per store size, each grown from the previous one. Filler articles are made "
                "cheaply: a base report's clean article and its real analysis, disguised by same-length "
                "word substitutions (names, half of the longer words, years) so that offsets stay valid; "
                "3-15 fillers share one disguise (a story), then each is stored and linked with "
                "`link.link_article` in publication order, one commit per story. At each store size, fresh "
                "synthetic articles (later dates) are then fully processed by the pipeline (ingest+clean, "
                "analysis, linking with one commit per batch of articles), timed per article, after a "
                "warm-up run of a few articles on a throwaway store loads what loads lazily, and the store's "
                "file is read once (as a store in daily use sits in the OS page cache). Analysis "
                "does not read the store, so its column is a control. The dossier is built for the "
                "thread of the first fresh article (its size in articles is given). A cost that stays "
                "flat from size to size is constant per article; one that grows 10x with a 10x store "
                "is linear.",
        "tables": [rows],
        "notes": notes,
    }


FILLER_PREFIX = "filler_"


def _read_through(path: Path) -> None:
    """Read the store's files once, as a store in daily use sits in the OS page cache: the clock
    then measures the work per article, not the first reads of a cold 5 GB file."""
    for suffix in ("", "-wal"):
        part = Path(str(path) + suffix)
        if part.exists():
            with open(part, "rb") as f:
                while f.read(1 << 24):
                    pass


def _warm_pipeline(ctx: Context) -> None:
    """Run a few articles through the whole pipeline in a throwaway store, so that what loads
    lazily (language models, gazetteers, dateparser, caches) is loaded before the clocks start."""
    from storyledger import pipeline
    from storyledger.store.db import Database

    corpus = ctx.folder / "warm_growth"
    if corpus.exists():
        return
    synth.write_txt(corpus, list(synth.synthetic_articles(8, seed=98)))
    db = Database(ctx.folder / "warm_growth.db")
    report = pipeline.ingest_paths(db, [str(corpus)])
    pipeline.analyse_pending(db, report=report)
    pipeline.link_pending(db, report=report)
    db.close()


def _filler_bases(ctx: Context):
    if "filler_bases" not in ctx.cache:
        ctx.cache["filler_bases"] = _analysed_bases()
    return ctx.cache["filler_bases"]


def _fill_note(size: int, filler: "Filler", path: Path) -> str:
    db_mb = _r(_db_bytes(str(path)) / 2**20, 1)
    if not filler.built:
        return f"{size:,} store: reused as it was ({filler.start:,} fillers, {db_mb} MB)"
    rate = filler.link_seconds / filler.built
    return (f"{size:,} store: {filler.built:,} fillers linked in {_r(filler.link_seconds, 0)} s "
            f"({_r(1000 * rate, 1)} ms per filler article, commit included); database {db_mb} MB")


def _add_fresh(ctx: Context, db, size: int) -> dict:
    from storyledger import pipeline

    from storyledger.store import articles as store

    n = ctx.sizes.added
    # a reused store already holds earlier runs' fresh articles: a new seed gives new ones
    fresh = list(synth.synthetic_articles(n, seed=10_000 + size + store.count_articles(db)))
    for i, a in enumerate(fresh):  # after every filler date: linked last, as new reports are
        a.published = (dt.date(2040, 1, 1) + dt.timedelta(days=size // 100 + i)).isoformat()
    corpus = ctx.folder / f"fresh_{size}"
    synth.write_txt(corpus, fresh)
    report = pipeline.ingest_paths(db, [str(corpus)])
    pipeline.analyse_pending(db, report=report)
    pipeline.link_pending(db, report=report)
    s = report.seconds
    return {"added": report.linked,
            "ingest+clean ms/article": _r(1000 * s["ingest"] / n, 1),
            "linking ms/article": _r(1000 * s["link"] / max(report.linked, 1), 1),
            "analysis ms/article": _r(1000 * s["analyse"] / max(report.analysed, 1), 1),
            **dossier_ms(db, report.added)}


def dossier_ms(db, article_ids: list[str]) -> dict:
    """Time the dossier of the first added article's thread; its size in articles."""
    from storyledger.dossier import build
    from storyledger.store import links

    thread = links.thread_of_article(db, article_ids[0]) if article_ids else None
    if thread is None:
        return {"dossier build ms": "no thread", "thread articles": 0}
    started = time.perf_counter()
    dossier = build.build_dossier(db, f"t{thread}")
    return {"dossier build ms": _r(1000 * (time.perf_counter() - started), 1),
            "thread articles": dossier["counts"]["reports"]}


class Filler:
    """Cheap, linked store content: disguised copies of base reports with their real analyses."""

    def __init__(self, seed: int, start: int, bases: list):
        self.rng = random.Random(seed)
        self.start = self.count = start  # fillers already in the store
        self.bases = bases
        self.link_seconds = 0.0

    @property
    def built(self) -> int:
        return self.count - self.start

    def fill(self, db, target: int) -> None:
        from storyledger import link
        from storyledger.store import articles as store

        while self.count < target:
            base_article, base_analysis = self.bases[self.count % len(self.bases)]
            disguise = Disguise(base_article.text, self.rng)
            story = [disguise.apply(base_article, base_analysis, self.count + i, self.rng)
                     for i in range(min(self.rng.randint(3, 15), target - self.count))]
            with db.transaction():
                for article, analysis in story:
                    store.save_article(db, article, article.text.encode("utf-8"), "txt")
                    store.save_analysis(db, analysis)
            started = time.perf_counter()
            with db.transaction():
                for article, analysis in story:
                    link.link_article(db, article, analysis)
            self.link_seconds += time.perf_counter() - started
            self.count += len(story)


def _analysed_bases():
    from storyledger.analyse import analyse
    from storyledger.model import Document
    from storyledger.clean import clean

    result = []
    for base in synth.base_reports():
        doc = Document(raw=base.text.encode("utf-8"), source="base", format="txt", text=base.text,
                       meta={"lang": base.lang, "published": base.published, "title": base.title})
        article = clean(doc)
        result.append((article, analyse(article)))
    return result


CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
LONG_WORD = re.compile(r"\b[a-z]{6,}\b")
YEAR = re.compile(r"\b(19|20)\d\d\b")
TEXT_FIELDS = {"text", "canonical", "descriptors", "speaker_name", "channel_name", "trigger", "title"}
DATE_FIELDS = {"value", "end_value", "date"}


class Disguise:
    """Same-length word substitutions, so every character offset of text and analysis stays valid."""

    def __init__(self, text: str, rng: random.Random):
        names = {w for w in CAPITALISED.findall(text) if w not in synth.SENTENCE_STARTERS}
        words = sorted(set(LONG_WORD.findall(text)))
        self.words = {w: _pseudo_word(len(w), rng).capitalize() for w in sorted(names)}
        self.words.update({w: _pseudo_word(len(w), rng) for w in rng.sample(words, len(words) // 2)})
        self.year_shift = rng.randint(-5, 5)

    def text(self, value: str) -> str:
        value = CAPITALISED.sub(lambda m: self.words.get(m.group(0), m.group(0)), value)
        value = LONG_WORD.sub(lambda m: self.words.get(m.group(0), m.group(0)), value)
        return self.date(value)

    def date(self, value: str) -> str:
        return YEAR.sub(lambda m: str(int(m.group(0)) + self.year_shift), value)

    def apply(self, article, analysis, number: int, rng: random.Random):
        from storyledger.clean import article_id

        outlet = rng.choice(synth.OUTLETS)
        url = f"https://{synth._host(outlet)}/filler/{number}"
        published = (dt.date(2020, 1, 1) + dt.timedelta(days=number // 40)).isoformat()
        body = self.text(article.body)
        new_article = dataclasses.replace(
            article, id=article_id(body, url), body=body, text=self.text(article.text),
            title=self.text(article.title) if article.title else None, url=url, outlet=outlet,
            published=published, published_basis="metadata", name=f"{FILLER_PREFIX}{number}",
            removed=[dataclasses.replace(r, text=self.text(r.text)) for r in article.removed])
        new_analysis = self._walk(dataclasses.replace(analysis, article_id=new_article.id))
        return new_article, new_analysis

    def _walk(self, obj, name: str = ""):
        if dataclasses.is_dataclass(obj):
            changes = {f.name: self._walk(getattr(obj, f.name), f.name) for f in dataclasses.fields(obj)}
            return dataclasses.replace(obj, **changes)
        if isinstance(obj, list):
            return [self._walk(item, name) for item in obj]
        if isinstance(obj, str) and name in TEXT_FIELDS:
            return self.text(obj)
        if isinstance(obj, str) and name in DATE_FIELDS:
            return self.date(obj)
        return obj


def _pseudo_word(length: int, rng: random.Random) -> str:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(vowels if i % 2 else consonants) for i in range(length))


# ---------------------------------------------------------------- quality

def bench_quality(ctx: Context) -> dict:
    from storyledger.evaluate.gold import evaluate

    rows = []
    for label, corpus, gold in (("seeds", synth.SEEDS, SEEDS_GOLD), ("demo corpus", synth.DEMO, DEMO_GOLD),
                                ("translations (en/fr/de/es/ru)", TRANSLATIONS, TRANSLATIONS_GOLD),
                                ("osechkin (real, 13 languages)", DEV, DEV_GOLD)):
        if not (Path(corpus).exists() and Path(gold).exists()):
            rows.append({"corpus": label, "section": "-", "figures": "gold file or corpus missing"})
            continue
        for section, figures in evaluate(corpus, gold).items():
            rows.append({"corpus": label, "section": section, "figures": _figures_text(figures)})
    from storyledger.evaluate import template_corpus

    templated = template_corpus.run()
    for section in ("events", "threads"):
        rows.append({"corpus": f"look-alike incidents ({templated['incidents']}, generated)", "section": section,
                     "figures": _figures_text(templated[section])})
    return {
        "title": "Quality on the gold files",
        "what": "`evaluate(corpus, gold)` (the same as `storyledger eval`): the whole pipeline in a fresh "
                f"database, each gold section scored. Corpora: {shown(synth.SEEDS)} with {shown(SEEDS_GOLD)}; "
                f"storyledger/demo/corpus with storyledger/demo/demo.gold.json; the invented multilingual corpus "
                "tests/data/translations/corpus with its gold file (written for storyledger: translations, "
                "independent reports in other languages, unrelated reports); the real development corpus "
                f"{shown(DEV)} (91 excerpts of real reports in 13 languages, hand-made gold); look-alike "
                "incidents generated by `python -m storyledger.evaluate.template_corpus` (one wording template "
                "per kind, other cities, officials, figures, dates 11+ days apart; en and fr; its labels as gold).",
        "tables": [rows],
        "notes": [],
    }


def bench_public(ctx: Context) -> dict:
    rows, notes = [], []
    for name, module_name, pick in (("ECB+", "bench_ecbplus", _ecb_rows),
                                     ("TempEval-3", "bench_tempeval", _tempeval_rows),
                                     ("PolNeAR", "bench_polnear", _polnear_rows),
                                     ("SemEval-2022 T8", "bench_semeval", _semeval_rows)):
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"storyledger.evaluate.{module_name}")
            result = module.run(quick=ctx.quick)
        except Exception as exc:  # another worker's runner: report, keep going
            rows.append({"benchmark": name, "measure": "error", "ours": f"{exc.__class__.__name__}: {exc}",
                         "published anchor": ANCHORS[name]})
            continue
        for i, (measure, ours) in enumerate(pick(result)):
            rows.append({"benchmark": name, "measure": measure, "ours": ours,
                         "published anchor": ANCHORS[name] if i == 0 else ""})
        notes.append(f"{name}: `python -m storyledger.evaluate.{module_name}"
                     f"{' --quick' if ctx.quick else ''}`, {_r(time.perf_counter() - started, 0)} s")
    return {
        "title": "Public benchmarks",
        "what": f"The runners in storyledger/evaluate/bench_*.py over {shown(shared('bench'))} "
                f"({'quick subsets' if ctx.quick else 'full data they use'}), next to the published anchors "
                f"of {shown(shared('bench', 'README.md'))}. Anchors are on other splits/settings (e.g. TempEval-3 "
                "platinum test, PolNeAR test): they place our figures, they are not like-for-like.",
        "tables": [rows],
        "notes": notes,
    }


def _ecb_rows(result: dict) -> list[tuple[str, str]]:
    rows = [("documents / gold events", f"{result.get('documents')} / {result.get('gold_events')}")]
    for key, label in (("method", "storyledger stream"),
                       ("baseline_tfidf_best_threshold", "plain tf-idf single pass, best threshold on this data"),
                       ("baseline_singletons", "singletons baseline")):
        if key in result:
            rows.append((label, _figures_text(result[key])))
    for key in sorted(k for k in result if k.startswith("ablation_")):
        rows.append((key.removeprefix("ablation_").replace("_", " "), _figures_text(result[key])))
    return rows


def _tempeval_rows(result: dict) -> list[tuple[str, str]]:
    rows = [("documents / gold TIMEX3 / found", f"{result['documents']} / {result['gold']} / {result['system']}")]
    for key in ("strict", "relaxed", "value"):
        rows.append((f"{key} extent" if key != "value" else "value (normalisation)", _figures_text(result[key])))
    return rows


def _semeval_rows(result: dict) -> list[tuple[str, str]]:
    from storyledger.evaluate.bench_semeval import bench_rows

    return bench_rows(result)


def _polnear_rows(result: dict) -> list[tuple[str, str]]:
    rows = [("split / articles", f"{result['split']} / {result['articles']}")]
    for role, figures in result.items():
        if isinstance(figures, dict) and "strict" in figures:
            for mode in ("strict", "lenient", "overlap"):  # strict (one to one, untrimmed) is the headline
                rows.append((f"{role} ({mode})", _figures_text(figures[mode])))
    return rows


# ---------------------------------------------------------------- parallel

def bench_parallel(ctx: Context) -> dict:
    from storyledger.analyse import analyse

    n = ctx.sizes.dask
    articles = synth.as_clean_articles(list(synth.synthetic_articles(n, seed=3)))
    for lang in {a.lang for a in articles}:  # load the models outside the clock
        analyse(next(a for a in articles if a.lang == lang))
    started = time.perf_counter()
    single = {a.article_id: a for a in map(analyse, articles)}
    single_seconds = time.perf_counter() - started
    dask_figures = _dask_run(articles, ctx.dask_workers)
    agreement = compare_analyses(single, dask_figures.pop("analyses"))
    rows = [{"mode": "single process", "articles": n, "seconds": _r(single_seconds, 1),
             "articles/s": _r(n / single_seconds, 1), "speed-up": 1.0},
            {"mode": f"Dask local cluster, {ctx.dask_workers} workers x 1 thread", "articles": n,
             "seconds": _r(dask_figures["seconds"], 1), "articles/s": _r(n / dask_figures["seconds"], 1),
             "speed-up": _r(single_seconds / dask_figures["seconds"], 2)}]
    return {
        "title": "Parallel analysis on Dask",
        "what": "`analyse()` over the same cleaned synthetic articles: in this process, then through "
                "`pipeline.analyse_many(articles, <scheduler address>)` on a `LocalCluster` of processes. "
                "Both are warm (models loaded on every worker before the clock starts); cluster start-up "
                "is reported separately.",
        "tables": [rows],
        "notes": [f"cluster start-up + model loading on the workers: {_r(dask_figures['startup'], 1)} s",
                  f"Dask results equal to the single-process ones: {agreement}",
                  f"cores on this machine: {os.cpu_count()}; other jobs share them, see the load average"],
    }


def compare_analyses(single: dict, other: list) -> str:
    """How many analyses from elsewhere equal the single-process ones, and which fields differ."""
    from storyledger.model import to_dict

    equal, fields = 0, set()
    for analysis in other:
        mine = single.get(analysis.article_id)
        if mine == analysis:
            equal += 1
        elif mine is not None:
            a, b = to_dict(mine), to_dict(analysis)
            fields.update(f for f in a if a[f] != b[f])
    text = f"{equal}/{len(single)}"
    return text + (f" (differing fields: {', '.join(sorted(fields))})" if fields else "")


def _dask_run(articles, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster

    from storyledger import pipeline

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        samples = list({a.lang: a for a in articles}.values())
        client.run(_warm_worker, samples)
        startup = time.perf_counter() - started
        started = time.perf_counter()
        analyses = list(pipeline.analyse_many(articles, cluster.scheduler_address))
        seconds = time.perf_counter() - started
    return {"startup": startup, "seconds": seconds, "analyses": analyses}


def _warm_worker(samples) -> None:
    """Load every model and table analysis uses lazily, by analysing one article per language."""
    from storyledger.analyse import analyse

    for article in samples:
        analyse(article)


# ---------------------------------------------------------------- the runner

BENCHMARKS = {
    "throughput": bench_throughput,
    "memory": bench_memory,
    "formats": bench_ingest_formats,
    "parallel": bench_parallel,
    "growth": bench_growth,
    "quality": bench_quality,
    "public": bench_public,
    "web": bench_web,
    "watch": bench_watch,
}


def run(names: list[str] | None = None, quick: bool = False, dask_workers: int = 2,
        command: str = "storyledger bench", sizes: Sizes | None = None, on_section=None,
        growth_dir: str | Path | None = None) -> list[dict]:
    """Run the chosen benchmarks (all by default); each section is stamped with where and how.
    `on_section(section)` is called as each one finishes (the command writes the file there, so a
    long run interrupted half way keeps what it measured)."""
    names = names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise ValueError(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    sections = []
    with tempfile.TemporaryDirectory(prefix="storyledger-bench-") as folder:
        ctx = Context(sizes=sizes or (QUICK if quick else FULL), quick=quick, dask_workers=dask_workers,
                      folder=Path(folder), command=command,
                      growth_dir=Path(growth_dir) if growth_dir else None)
        run_started = time.time()
        for name in names:
            load = os.getloadavg()
            started = time.perf_counter()
            section = BENCHMARKS[name](ctx)
            section.update(name=name, stamp=stamp(command, load), seconds=time.perf_counter() - started)
            edited = edited_since(run_started)
            if edited:
                section["notes"].append("source files were edited while this ran (shared work tree), so "
                                        "processes started later may run newer code: " + ", ".join(edited))
            print(render_section(section), flush=True)
            sections.append(section)
            if on_section:
                on_section(section)
    return sections


def edited_since(moment: float) -> list[str]:
    """Package source files modified after `moment`."""
    package = REPO / "storyledger"
    return sorted(str(p.relative_to(REPO)) for p in package.rglob("*.py") if p.stat().st_mtime > moment)


def stamp(command: str, load: tuple[float, float, float]) -> dict:
    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(), "commit": git_commit(), "command": without_machine_paths(command),
            "load": "/".join(f"{x:.1f}" for x in load)}


def without_machine_paths(command: str) -> str:
    """The command as BENCHMARKS.md shows it: the shared data as ../shared/..., any other absolute
    path (a scratch folder of one machine) as DIR/<its name>."""
    def shown_path(match: re.Match) -> str:
        relative = shown(match.group(0))
        inside = relative.startswith("../shared") or not relative.startswith(("/", ".."))
        return relative if inside else "DIR/" + Path(match.group(0)).name
    return re.sub(r"(?<![\w.])/[^\s'\"]+", shown_path, command)


def machine() -> str:
    return (f"{os.cpu_count()} CPUs, {_ram_gb()} GB RAM, Python {platform.python_version()}, "
            f"{platform.platform()}")


def _ram_gb() -> str:
    try:
        with open("/proc/meminfo") as handle:
            kb = int(handle.readline().split()[1])
        return f"{kb / 2**20:.1f}"
    except (OSError, ValueError, IndexError):
        return "?"


def git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{commit}{' (work tree has uncommitted changes)' if dirty else ''}" if commit else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# ---------------------------------------------------------------- BENCHMARKS.md

HEADER = """# Benchmarks

Regenerated by `storyledger bench` (all benchmarks, sized for about 20 minutes on a quiet 2-core
machine; much longer when other jobs share the cores) or `storyledger bench --quick` (a few minutes);
`--only NAME,...` reruns some sections and keeps the others. Every section says the machine, date,
commit, load average (1/5/15 min, at its start; the machine's cores are shared) and command that
produced it. Corpora are generated at run time (storyledger/evaluate/synth.py); none is kept here.
"""


def render_section(section: dict) -> str:
    s = section["stamp"]
    lines = [f"<!-- bench:{section['name']} -->", f"## {section['title']}", "",
             f"*{s['date']} · {s['machine']} · commit {s['commit']} · load {s['load']} · "
             f"`{s['command']}` · {section['seconds']:.0f} s*", "", section["what"], ""]
    for rows in section["tables"]:
        lines += markdown_table(rows) + [""]
    lines += [f"- {note}" for note in section["notes"]]
    if section["notes"]:
        lines.append("")
    lines.append(f"<!-- /bench:{section['name']} -->")
    return "\n".join(lines)


def markdown_table(rows: list[dict]) -> list[str]:
    if not rows:
        return ["(no rows)"]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    return lines


def write_results(sections: list[dict], path: str | Path) -> None:
    """Write BENCHMARKS.md: the new sections replace their old versions, other sections are kept."""
    path = Path(path)
    old = _sections_in(path.read_text(encoding="utf-8")) if path.exists() else {}
    new = {s["name"]: render_section(s) for s in sections}
    order = list(BENCHMARKS) + [n for n in old if n not in BENCHMARKS]
    blocks = [new.get(n) or old.get(n) for n in order if new.get(n) or old.get(n)]
    path.write_text(HEADER + "\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")


def _sections_in(text: str) -> dict[str, str]:
    pattern = re.compile(r"<!-- bench:(\w+) -->.*?<!-- /bench:\1 -->", re.S)
    return {m.group(1): m.group(0) for m in pattern.finditer(text)}


def _cell(value) -> str:
    if value is None:
        return "-"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _figures_text(figures) -> str:
    if not isinstance(figures, dict):
        return str(figures)
    if figures.get("scored") is False:
        return f"not scored: {figures.get('reason', '')}"
    return ", ".join(f"{k}={_r(v, 3) if isinstance(v, float) else v}" for k, v in figures.items()
                     if not isinstance(v, (dict, list)))


def _r(value: float, digits: int):
    return round(value, digits) if digits else int(round(value))


# ---------------------------------------------------------------- child process

def _run_child(args: list[str]) -> dict:
    """Run a measurement in a fresh Python process (own peak RSS); its last stdout line is JSON."""
    done = subprocess.run([sys.executable, "-m", "storyledger.evaluate.bench", *args], cwd=REPO,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child {args[0]} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child_pipeline(corpus: str, db_path: str) -> dict:
    from storyledger import nlp, pipeline
    from storyledger.store.db import Database

    started = time.perf_counter()
    for lang in ("en", "fr"):
        nlp.spacy_pipeline(lang)
    nlp.language_identifier()
    nlp.embed(["models load before the clock starts"])
    load_seconds = time.perf_counter() - started
    db = Database(db_path)
    report = pipeline.run(db, [corpus])
    db.close()
    return {"added": len(report.added), "errors": len(report.errors), "seconds": report.seconds,
            "load_seconds": load_seconds, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "db_bytes": _db_bytes(db_path)}


def _db_bytes(db_path: str) -> int:
    return sum(os.path.getsize(db_path + suffix) for suffix in ("", "-wal", "-shm")
               if os.path.exists(db_path + suffix))


if __name__ == "__main__":
    if sys.argv[1:2] == ["pipeline"]:
        print(json.dumps(_child_pipeline(sys.argv[2], sys.argv[3])))
