"""The whole job: ingest -> clean -> store -> analyse -> link.

Each step works on what the store says is pending, so a run that stops half
way resumes where it stopped, and re-ingesting stored content changes nothing.
The store is written by this process only; analysis may run on Dask workers.
"""
from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from tqdm import tqdm

from storyledger import ingest, link
from storyledger.analyse import analyse
from storyledger.clean import clean
from storyledger.dossier import build
from storyledger.ingest import IngestError
from storyledger.ingest.limits import MIN_REPORT_WORDS, MIN_SENTENCE_WORDS
from storyledger.model import Analysis, Article, Document
from storyledger.store import articles as store
from storyledger.store import forget as forget_store
from storyledger.store.db import Database, StoreError


@dataclass
class RunReport:
    added: list[str] = field(default_factory=list)  # ids of newly stored articles
    already_stored: int = 0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stored and linked, but not all of it analysed
    analysed: int = 0
    linked: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    bytes_in: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def progress(items: Iterable, total: int | None = None, desc: str = "", unit: str = "article"):
    """A progress bar on a terminal, shown only when a step takes more than a moment."""
    return tqdm(items, total=total, desc=desc, unit=unit, delay=1.0, leave=False,
                disable=not sys.stderr.isatty(), file=sys.stderr)


def ingest_paths(db: Database, paths: list[str], overrides: dict | None = None,
                 report: RunReport | None = None) -> RunReport:
    """Read, clean and store every article under `paths`; bad parts are reported, not fatal."""
    report = report or RunReport()
    started = time.perf_counter()
    own_files = {os.path.abspath(db.path + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    for item in progress(ingest.read_paths(paths, own_files), desc="ingest"):
        if isinstance(item, IngestError):
            report.errors.append(item)
            continue
        report.bytes_in += len(item.raw)
        _store_document(db, item, overrides, report)
    report.seconds["ingest"] = time.perf_counter() - started
    return report


def ingest_documents(db: Database, items: Iterable[Document | IngestError], overrides: dict | None = None,
                     report: RunReport | None = None) -> RunReport:
    """Clean and store documents read elsewhere (the watcher's feed entries and pages), as
    `ingest_paths` does for files; bad ones are reported, not fatal."""
    report = report or RunReport()
    for item in items:
        if isinstance(item, IngestError):
            report.errors.append(item)
            continue
        report.bytes_in += len(item.raw)
        _store_document(db, item, overrides, report)
    return report


def _store_document(db: Database, doc: Document, overrides: dict | None, report: RunReport) -> None:
    too_long = ingest.within_limit(doc)  # again here: the watcher's pages do not pass ingest.read
    if isinstance(too_long, IngestError):
        report.errors.append(too_long)
        return
    try:
        article = clean(doc, overrides)
    except Exception as exc:  # one broken input must not stop the batch
        report.errors.append(IngestError(doc.source, f"could not be cleaned: {exc}", doc.locator))
        return
    if not article.text.strip():
        report.errors.append(IngestError(doc.source, "nothing left after cleaning (only page furniture)",
                                         doc.locator))
        return
    short = too_short_for_a_report(article)
    if short:
        report.errors.append(IngestError(doc.source, f"{short}; not stored", doc.locator))
        return
    if store.save_article(db, article, doc.raw, doc.format):
        report.added.append(article.id)
    else:
        report.already_stored += 1


_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")  # a CJK character counts as a word
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u061f\u0964](?:\s*[\"'\u00bb\u201d\u2019)\]])*\s*$")


def too_short_for_a_report(article: Article) -> str | None:
    """Why the clean text is not a report (a cookie notice, a navigation bar, a cut page), or None."""
    words = len(_WORD.findall(article.text))
    if words < MIN_REPORT_WORDS:
        return f"only {words} words left after cleaning, too short for a report (at least {MIN_REPORT_WORDS})"
    for sentence in article.sentences:
        piece = article.text[sentence.start:sentence.end]
        if len(_WORD.findall(piece)) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(piece):
            return None
    return "no full sentence left after cleaning (page furniture or a cut page, not a report)"


def analyse_pending(db: Database, dask: str | None = None, report: RunReport | None = None) -> RunReport:
    """Analyse every stored article that has no current analysis."""
    report = report or RunReport()
    started = time.perf_counter()
    ids = store.unanalysed_ids(db)
    articles = (store.get_article(db, i) for i in ids)
    results = analyse_many(articles, dask) if dask else map(analyse_safely, articles)
    for analysis in progress(results, total=len(ids), desc="analyse"):
        if isinstance(analysis, AnalysisFailure):
            report.errors.append(IngestError(analysis.source, analysis.message, analysis.article_id))
            continue
        with db.transaction():
            store.save_analysis(db, analysis)
        report.analysed += 1
        if analysis.failures:
            _warn_incomplete(db, analysis, report)
    report.seconds["analyse"] = time.perf_counter() - started
    return report


def _warn_incomplete(db: Database, analysis: Analysis, report: RunReport) -> None:
    """A component failed on this article: it is stored and linked with what the others found,
    so this is a warning on stderr, not an error (the exit code stays 0)."""
    article = store.get_article(db, analysis.article_id)
    warning = str(IngestError(article.source or article.id,
                              f"analysis incomplete ({'; '.join(analysis.failures)}); stored and linked "
                              "without that part, analysed again after an upgrade", article.id))
    report.warnings.append(warning)
    tqdm.write(f"storyledger: warning: {warning}", file=sys.stderr)


@dataclass
class AnalysisFailure:
    """An article the analysis could not process: reported, stored unanalysed, retried next run."""

    article_id: str
    source: str
    message: str


def analyse_safely(article: Article) -> Analysis | AnalysisFailure:
    try:
        return analyse(article)
    except Exception as exc:  # one article's failure must not stop the batch
        return AnalysisFailure(article.id, article.source or article.id,
                               f"analysis failed ({exc.__class__.__name__}: {exc}); the article stays stored")


DASK_BATCH = 25  # articles per task: enough work to hide scheduling, small enough to balance
LINK_BATCH = 50  # articles linked per commit: a commit costs more than linking a small article


def analyse_many(articles: Iterable[Article], dask: str,
                 workers: int | None = None) -> Iterator[Analysis | AnalysisFailure]:
    """Analyse on a Dask cluster: "local" starts one on this machine (one single-threaded worker
    process per core, or `workers`), anything else is a scheduler address (tcp://host:8786).
    Articles go in batches; results come back as batches finish, and the caller stores them."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if dask == "local":
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
    with Client(cluster or dask) as client:
        batches = list(_batches(articles, DASK_BATCH))
        futures = client.map(_analyse_batch, batches, pure=False)
        for future in as_completed(futures):
            yield from future.result()
    if cluster:
        cluster.close()


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analyse_batch(articles: list[Article]) -> list[Analysis | AnalysisFailure]:
    return [analyse_safely(a) for a in articles]


def link_pending(db: Database, report: RunReport | None = None, batch_size: int = LINK_BATCH) -> RunReport:
    """Link every analysed, not yet linked article, in publication order, `batch_size` per commit."""
    report = report or RunReport()
    started = time.perf_counter()
    ids = link.unlinked_ids(db)
    for batch in _batches(progress(ids, desc="link"), batch_size):
        with db.transaction():  # one commit per batch; each article is a savepoint inside it
            for article_id in batch:
                _link_one(db, article_id, report)
            build.refresh_listings(db, batch)  # in the same commit: listings never lag the links
    report.seconds["link"] = time.perf_counter() - started
    return report


def _link_one(db: Database, article_id: str, report: RunReport) -> None:
    analysis = store.get_analysis(db, article_id)
    if analysis is None:
        return
    article = store.get_article(db, article_id)
    try:
        link.link_article(db, article, analysis)
    except StoreError:
        raise  # the database itself is unusable (locked, read-only): stop here
    except Exception as exc:  # rolled back; the article stays unlinked and is retried next run
        report.errors.append(IngestError(article.source or article_id,
                                         f"linking failed ({exc.__class__.__name__}: {exc})", article_id))
        return
    report.linked += 1


def run(db: Database, paths: list[str], overrides: dict | None = None, dask: str | None = None) -> RunReport:
    report = ingest_paths(db, paths, overrides)
    analyse_pending(db, dask, report)
    link_pending(db, report)
    return report


@dataclass
class RelinkReport(RunReport):
    stale_links: int = 0  # linked articles whose links came from another analysis or code version
    queued: int = 0  # articles queued for linking when the links were emptied (0: none were)


def relink(db: Database, dask: str | None = None, announce=None) -> RelinkReport:
    """Bring a store's analyses and links up to this version of storyledger.

    Every article whose analysis is stale is analysed again (one transaction each). Then, if
    any article was linked from another analysis version or by another storyledger version,
    the link tables are emptied and every analysed article queued, in one transaction (as
    `forget` empties them: links cannot be renewed one article at a time), and the queue is
    linked in publication order, one transaction per article. Each linked article is marked
    with the current versions, so a run that stops part way leaves no stale link behind: the
    next run (or an ingest) does not empty the links again but links what is still queued,
    from where the last one stopped. `announce(message)` is told what each step is about to do."""
    announce = announce or (lambda message: None)
    report = RelinkReport()
    stale_analyses = len(store.unanalysed_ids(db))
    if stale_analyses:
        announce(f"analysing {stale_analyses} articles again")
    analyse_pending(db, dask, report)
    report.stale_links = store.stale_link_count(db)
    if report.stale_links:
        with db.transaction():
            forget_store.clear_links(db)
            report.queued = store.queue_analysed_for_linking(db)
            build.refresh_listings(db, [])  # a new link generation: no cached view outlives the links
    pending = len(link.unlinked_ids(db))
    if pending:
        announce(f"linking {pending} articles in publication order")
    link_pending(db, report, batch_size=1)
    return report


@dataclass
class ForgetReport:
    forgotten: list[str] = field(default_factory=list)  # ids of the removed articles
    documents: int = 0  # raw documents removed (those no remaining article was read from)
    relinked: int = 0
    awaiting_analysis: list[str] = field(default_factory=list)  # linked before on an outdated analysis
    seconds: float = 0.0


class ForgetError(Exception):
    """Forgetting failed part way; the transaction was rolled back and the store is unchanged."""


def forget(db: Database, ids: list[str]) -> ForgetReport:
    """Remove the articles `ids` and everything derived from them, in one transaction.

    Linking is incremental and order-dependent, and a later article changes what earlier ones
    made (entity names and types, event and thread profiles, document frequencies, thread
    merges, claim groups): none of that can be subtracted again. So every link table is
    emptied and every remaining article that was linked is linked again, in publication
    order, by the same code as ingest: the store ends as if the forgotten articles had never
    been ingested, at the cost of linking the store anew."""
    report = ForgetReport(forgotten=list(dict.fromkeys(ids)))
    started = time.perf_counter()
    gone = set(report.forgotten)
    with db.transaction():
        relink = store.ids_in_publication_order(
            db, [i for i in forget_store.linked_ids(db) if i not in gone])
        forget_store.clear_links(db)
        report.documents = forget_store.delete_articles(db, report.forgotten)
        for article_id in progress(relink, desc="re-link"):
            _relink_one(db, article_id, report)
        build.refresh_listings(db, relink)  # the listing rows went with the link tables
    report.seconds = time.perf_counter() - started
    return report


def _relink_one(db: Database, article_id: str, report: ForgetReport) -> None:
    analysis = store.get_analysis(db, article_id)
    if analysis is None:  # analysed by an older version: the next run analyses and links it
        report.awaiting_analysis.append(article_id)
        return
    try:
        link.link_article(db, store.get_article(db, article_id), analysis)
    except StoreError:
        raise
    except Exception as exc:  # the whole forget rolls back: a half re-linked store is wrong
        raise ForgetError(f"re-linking article {article_id} failed ({exc.__class__.__name__}: {exc}); "
                          "nothing was removed") from exc
    report.relinked += 1
