"""Article -> Analysis: everything about one article that needs no other article.

Pure (article in, analysis out), so bulk runs can spread it over processes or a
Dask cluster. The article is parsed once; every component reads the same Doc.
"""
from __future__ import annotations

from storyledger import nlp
from storyledger.analyse import attribution, entities, time
from storyledger.model import Analysis, Article


def analyse(article: Article) -> Analysis:
    doc = nlp.parse(article.text, article.lang, [s.start for s in article.sentences])
    times = time.extract_times(article.text, article.lang, article.published, doc)
    mentions = entities.extract_mentions(article, doc)
    return Analysis(
        article_id=article.id,
        mentions=mentions,
        times=times,
        attributions=attribution.extract_attributions(article, doc, mentions),
        events=time.anchor_events(article, times, doc),
    )
