"""Bulk analysis on a local Dask cluster gives what analyse() gives in this process."""
from __future__ import annotations

import pytest

from storyledger import pipeline
from storyledger.analyse import analyse
from storyledger.clean import clean
from storyledger.model import Document

pytest.importorskip("dask.distributed")

REPORTS = [
    ("Mayor Elena Ward said on Monday that the harbour in Kestrel Bay would reopen on 3 March. "
     "Officials from the port authority confirmed the date.", "2024-02-26"),
    ("Police arrested two men in Brackton on Friday after a warehouse fire, a spokeswoman said. "
     "The fire destroyed stock worth about 2 million pounds, according to the owner.", "2024-04-12"),
    ("The Lanford Water Company said it will raise prices by 4 percent next year. "
     "Consumer groups called the increase unjustified.", "2023-11-02"),
    ("Negotiators from both unions met in Ridgeport for talks that lasted until late Wednesday, "
     "according to a statement released on Thursday.", "2024-06-20"),
]


def articles():
    result = []
    for number, (text, published) in enumerate(REPORTS):
        doc = Document(raw=text.encode(), source=f"report{number}.txt", format="txt", text=text,
                       meta={"lang": "en", "published": published, "outlet": "Test Wire"})
        result.append(clean(doc))
    return result


@pytest.mark.slow
def test_local_cluster_gives_the_single_process_analyses():
    batch = articles()
    expected = {a.id: analyse(a) for a in batch}
    on_cluster = {a.article_id: a for a in pipeline.analyse_many(batch, "local")}
    assert set(on_cluster) == set(expected)
    for article_id, analysis in expected.items():
        assert on_cluster[article_id] == analysis
    assert any(a.mentions for a in on_cluster.values())  # real work was done on the workers
