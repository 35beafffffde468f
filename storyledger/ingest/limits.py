"""What one input may hold to be taken as a news report: the size limits, in one place."""
from __future__ import annotations

# A file (or one record of a container) is not read past this size: it bounds memory.
MAX_TEXT_BYTES = 10 * 1024 * 1024

# The longest article text ingested. A very long news feature is about 15,000 words (some
# 90,000 characters); analysis time and memory grow with length (a 500 KB text took minutes
# and more than a GB), and a longer text is a book or a dump, not one report.
MAX_ARTICLE_CHARS = 100_000

# The shortest report kept: this many words of clean text, with at least one sentence of
# MIN_SENTENCE_WORDS words that ends like a sentence. A one-line wire brief passes; a cookie
# notice, a cut page or a navigation bar does not.
MIN_REPORT_WORDS = 8
MIN_SENTENCE_WORDS = 5
