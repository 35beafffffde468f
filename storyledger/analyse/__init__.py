"""Article -> Analysis: everything about one article that needs no other article.

Pure (article in, analysis out), so bulk runs can spread it over processes or a
Dask cluster. The article is parsed once; every component reads the same Doc.

A component that raises (a bug on some unusual text) costs only its own part:
it is recorded in `Analysis.failures`, what it fills stays empty, and the
components that read its output get an empty input. The article is still
stored and linked with the rest.
"""
from __future__ import annotations

import os
import traceback
from typing import Callable

from storyledger import nlp
from storyledger.analyse import attribution, entities, events, time
from storyledger.model import Analysis, Article

FAILURE_LIMIT = 200  # characters of an exception message kept in a failure line


def analyse(article: Article) -> Analysis:
    doc = nlp.parse(article.text, article.lang, [s.start for s in article.sentences])
    failures: list[str] = []
    times = _attempt("time", failures, time.extract_times, article.text, article.lang, article.published, doc)
    mentions = _attempt("entities", failures, entities.extract_mentions, article, doc)
    return Analysis(
        article_id=article.id,
        mentions=mentions,
        times=times,
        attributions=_attempt("attribution", failures, attribution.extract_attributions, article, doc, mentions),
        events=_attempt("events", failures, events.anchor_events, article, times, doc),
        failures=failures,
    )


def _attempt(component: str, failures: list[str], extract: Callable[..., list], *args) -> list:
    """`extract(*args)`, or an empty list and one failure line when it raises."""
    try:
        return extract(*args)
    except Exception as exc:  # one component's bug must not lose the other components' work
        failures.append(describe_failure(component, exc))
        return []


def describe_failure(component: str, exc: BaseException) -> str:
    """One line: the component, the exception and where it was raised."""
    message = " ".join(str(exc).split())
    if len(message) > FAILURE_LIMIT:
        message = message[:FAILURE_LIMIT - 1] + "…"
    line = f"{component}: {exc.__class__.__name__}" + (f": {message}" if message else "")
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        line += f" ({os.path.basename(frames[-1].filename)}:{frames[-1].lineno})"
    return line
