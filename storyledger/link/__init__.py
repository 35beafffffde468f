"""Links: each new article against what is stored, in publication order.

Stages run in this order because each reads what the previous wrote:
canonical entities, then copies, events, threads, and claims across reports.
Every stage uses indexes in the store to find candidates, so the cost of
linking one article does not grow with the number of stored articles.
"""
from __future__ import annotations

from storyledger.link import claims, copies, entities, events, threads
from storyledger.model import Analysis, Article
from storyledger.settings import DEFAULT, Settings
from storyledger.store import articles as article_store
from storyledger.store.db import Database


def link_article(db: Database, article: Article, analysis: Analysis, settings: Settings = DEFAULT) -> None:
    """Run every link stage for one article, all in one transaction, with the thresholds of `settings`."""
    with db.transaction():
        entities.link_entities(db, article, analysis, settings.entities)
        copies.link_article(db, article, analysis, settings.copies)
        features = events.article_features(article, analysis, db, settings.events)  # events and threads share them
        events.link_article(db, article, analysis, features, settings.events)
        threads.link_article(db, article, analysis, features, settings.threads)
        claims.link_article(db, article, analysis, settings.claims)
        article_store.mark_linked(db, article.id)


def unlinked_ids(db: Database) -> list[str]:
    return article_store.unlinked_ids(db)
