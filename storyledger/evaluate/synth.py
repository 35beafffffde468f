"""Synthetic corpora for benchmarks: perturbed copies of real reports.

Base reports are the seeds (../shared/seeds) and the demo corpus; each
synthetic article is one base with its sentences shuffled, names, numbers and
dates changed, and a new outlet, url and publication date, so every id differs.
About a third are near-verbatim "wire copies" (one sentence dropped, one name
changed) so copy detection has real work. Corpora are written to a folder the
caller owns (a temp dir): generated text is never kept in the repository.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from storyledger import ingest
from storyledger.clean import clean
from storyledger.model import Article
from storyledger.paths import shared

SEEDS = shared("seeds")
DEMO = str(Path(__file__).resolve().parent.parent / "demo" / "corpus")

# Invented names, so no perturbed copy names a real person by accident.
NAMES = ["Aldren", "Bexley", "Corvan", "Dunmore", "Elstow", "Farrand", "Galloway", "Hesketh",
         "Ingram", "Jessop", "Kelbrook", "Lindqvist", "Marwood", "Nettleton", "Orpington",
         "Pendry", "Quarles", "Rowntree", "Stanwick", "Thackeray", "Ulverton", "Varga",
         "Whitcombe", "Yardley", "Zelenko", "Abernethy", "Brightwell", "Calloway"]
OUTLETS = ["Northern Courier", "Evening Dispatch", "Harbour Times", "Valley Gazette", "Metro Daily",
           "The Observer Post", "Coastline News", "Capital Report", "Riverside Herald", "Plains Tribune"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SENTENCE_STARTERS = {"The", "This", "That", "These", "Those", "There", "They", "When", "While", "After",
                     "Before", "According", "However", "But", "And", "Some", "Many", "Police", "French"}
WIRE_COPY_SHARE = 0.35


@dataclass
class Base:
    text: str
    title: str | None
    lang: str | None
    published: str


@dataclass
class SynthArticle:
    name: str
    text: str
    title: str | None
    url: str
    outlet: str
    lang: str | None
    published: str

    def words(self) -> int:
        return len(self.text.split())


def base_reports(paths: tuple[str, ...] = (SEEDS, DEMO)) -> list[Base]:
    """The clean text of every readable report under `paths`."""
    bases = []
    for item in ingest.read_paths([p for p in paths if Path(p).exists()]):
        if isinstance(item, ingest.IngestError):
            continue
        article = clean(item)
        if article.text.strip():
            bases.append(Base(article.text, article.title, article.lang, article.published or "2024-01-01"))
    if not bases:
        raise RuntimeError(f"no base reports found under {paths}")
    return bases


def synthetic_articles(n: int, seed: int = 0, bases: list[Base] | None = None) -> Iterator[SynthArticle]:
    """`n` perturbed copies, deterministic for a given seed."""
    rng = random.Random(seed)
    bases = bases or base_reports()
    for number in range(n):
        base = bases[number % len(bases)]
        if rng.random() < WIRE_COPY_SHARE:
            text = wire_copy(base.text, rng)
        else:
            text = rewrite(base.text, rng)
        outlet = rng.choice(OUTLETS)
        published = _shift_date(base.published, rng.randint(0, 720))
        slug = f"{number:06d}-{rng.getrandbits(32):08x}"
        yield SynthArticle(name=f"synth_{slug}", text=text, title=base.title, lang=base.lang,
                           url=f"https://{_host(outlet)}/news/{published}/{slug}", outlet=outlet,
                           published=published)


def wire_copy(text: str, rng: random.Random) -> str:
    """Near-verbatim: one sentence dropped, one name changed."""
    paragraphs = [_sentences(p) for p in _paragraphs(text)]
    long_ones = [p for p in paragraphs if len(p) > 1]
    if long_ones:
        victim = rng.choice(long_ones)
        victim.pop(rng.randrange(len(victim)))
    return swap_names(_join(paragraphs), rng, limit=1)


def rewrite(text: str, rng: random.Random) -> str:
    """Sentences shuffled inside paragraphs, paragraphs swapped, names, numbers and dates changed."""
    paragraphs = [_sentences(p) for p in _paragraphs(text)]
    for sentences in paragraphs:
        rng.shuffle(sentences)
    if len(paragraphs) > 2:  # keep the lead, swap two later paragraphs
        i, j = rng.sample(range(1, len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    changed = swap_names(_join(paragraphs), rng, limit=3)
    return change_dates(change_numbers(changed, rng), rng)


def swap_names(text: str, rng: random.Random, limit: int) -> str:
    candidates = sorted({w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", text) if w not in SENTENCE_STARTERS
                         and w not in MONTHS})
    for word in rng.sample(candidates, min(limit, len(candidates))):
        text = re.sub(rf"\b{word}\b", rng.choice(NAMES), text)
    return text


def change_numbers(text: str, rng: random.Random) -> str:
    """Every number that is not a year gets other digits of the same length."""
    def other(match: re.Match) -> str:
        digits = match.group(0)
        if re.fullmatch(r"(19|20)\d\d", digits):
            return digits
        return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
    return re.sub(r"\b\d+\b", other, text)


def change_dates(text: str, rng: random.Random) -> str:
    year_shift = rng.randint(-2, 2)
    text = re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group(0)) + year_shift), text)
    month = rng.choice(MONTHS)
    return re.sub(r"\b(" + "|".join(MONTHS) + r")\b", month, text, count=2)


def write_txt(folder: str | Path, articles: list[SynthArticle]) -> list[str]:
    """One .txt per article plus metadata.jsonl; returns the file paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with open(folder / "metadata.jsonl", "w", encoding="utf-8") as sidecar:
        for a in articles:
            path = folder / f"{a.name}.txt"
            path.write_text(a.text, encoding="utf-8")
            record = {"file": path.name, "url": a.url, "outlet": a.outlet, "lang": a.lang,
                      "published": a.published, "title": a.title}
            sidecar.write(json.dumps(record, ensure_ascii=False) + "\n")
            paths.append(str(path))
    return paths


def write_html(folder: str | Path, articles: list[SynthArticle]) -> list[str]:
    """One news-page-like .html per article (nav, byline, caption, footer around the text)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in articles:
        path = folder / f"{a.name}.html"
        path.write_text(to_html(a), encoding="utf-8")
        paths.append(str(path))
    return paths


def to_html(a: SynthArticle) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(a.text))
    title = html.escape(a.title or a.text.split("\n", 1)[0][:80])
    return (f'<!DOCTYPE html>\n<html lang="{a.lang or "en"}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title} | {html.escape(a.outlet)}</title>\n"
            f'<meta property="og:site_name" content="{html.escape(a.outlet)}">\n'
            f'<meta property="article:published_time" content="{a.published}T08:00:00+00:00">\n'
            f'<link rel="canonical" href="{a.url}">\n</head>\n<body>\n'
            '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>\n'
            f"<article>\n<h1>{title}</h1>\n<p class=\"byline\">By Staff reporters</p>\n{body}\n</article>\n"
            '<aside><h2>Related</h2><ul><li><a href="/a">Other story</a></li></ul></aside>\n'
            f"<footer>&copy; {html.escape(a.outlet)}. All rights reserved.</footer>\n</body>\n</html>\n")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z\"“«])", paragraph) if s]


def _join(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _shift_date(iso: str, days: int) -> str:
    try:
        start = dt.date.fromisoformat(iso)
    except ValueError:
        start = dt.date(2024, 1, 1)
    return (start + dt.timedelta(days=days)).isoformat()


def _host(outlet: str) -> str:
    return re.sub(r"[^a-z]", "", outlet.lower()) + ".example"


def to_article_text(articles: list[SynthArticle]) -> list[str]:
    """Texts only (for the bare spaCy pass)."""
    return [a.text for a in articles]


def as_clean_articles(articles: list[SynthArticle]) -> list[Article]:
    """The synthetic articles through cleaning, as the pipeline would store them."""
    from storyledger.model import Document

    result = []
    for a in articles:
        doc = Document(raw=a.text.encode("utf-8"), source=a.name, format="txt", text=a.text,
                       meta={"url": a.url, "outlet": a.outlet, "lang": a.lang, "published": a.published,
                             "title": a.title, "name": a.name})
        result.append(clean(doc))
    return result
