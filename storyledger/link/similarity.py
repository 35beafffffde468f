"""Measures of text similarity that several link stages share (copies, events, claims).

Kept in one public module so that link modules import each other's public names only and
copies and events do not import each other:
- `sentence_vectors`: the multilingual sentence encoder's unit vectors, cached per sentence;
- `anchor_tokens`, `numbers`, `figures_disagree`: names and figures, comparable across
  languages and scripts (transliterated, one spelling per figure);
- `letter_trigrams`, `trigram_similarity`, `margin_scores`: shared letter trigrams after transliteration, which
  meet sentences of closely related languages (Russian and Ukrainian, Spanish and
  Portuguese) that the encoder may not know;
- `weighted_cosine`, `idf_weight`, `top_keys`: idf-weighted term profiles (events, threads);
- `spacy_stop_words`: function words, read from spaCy's lists.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata

import numpy as np
from anyascii import anyascii

from storyledger import nlp

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-ZÀ-ÝА-ЯЁ][\w'’-]+(?:\s+[A-ZÀ-ÝА-ЯЁ][\w'’-]+)*")
# a figure with thousands separators: 14,000 / 14.000 / 14 000 (one separator kind throughout)
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}([,.]|[ \u00a0\u202f])\d{3}(?:\1\d{3})*(?!\d|[.,]\d)")
_NOT_WORD = re.compile(r"\W+", re.UNICODE)

_EMBEDDED: dict[str, np.ndarray] = {}  # sentence -> vector: a stored article is embedded once per process
_EMBEDDED_MAX = 4096


def sentence_vectors(sentences: list[str]) -> np.ndarray:
    """Unit vectors of the multilingual sentence encoder, cached per sentence."""
    vectors = {s: _EMBEDDED[s] for s in sentences if s in _EMBEDDED}
    missing = [s for s in dict.fromkeys(sentences) if s not in vectors]
    if missing:
        vectors.update(zip(missing, nlp.embed(missing)))  # one batch: much faster than one by one
        _EMBEDDED.update((s, vectors[s]) for s in missing)
        while len(_EMBEDDED) > _EMBEDDED_MAX:
            del _EMBEDDED[next(iter(_EMBEDDED))]  # the oldest: a dict keeps insertion order
    return np.stack([vectors[s] for s in sentences])


# --- letters -----------------------------------------------------------------------

@functools.lru_cache(maxsize=8192)  # a stored article's sentences meet many new articles
def letter_trigrams(text: str) -> frozenset[str]:
    """Letter trigrams of the transliterated, lower-cased text, words separated by one space."""
    flat = " " + _NOT_WORD.sub(" ", anyascii(text).casefold()).strip() + " "
    return frozenset(flat[i:i + 3] for i in range(len(flat) - 2))


def trigram_similarity(sentences: list[str], others: list[str]) -> np.ndarray:
    """(len(sentences), len(others)) Jaccard similarities of the sentences' letter trigrams,
    as one sparse product (80 x 80 sentences in milliseconds)."""
    from scipy.sparse import csr_matrix

    grams = [letter_trigrams(s) for s in [*sentences, *others]]
    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(g, len(vocabulary)) for one in grams for g in sorted(one)]
    offsets = np.cumsum([0] + [len(one) for one in grams])
    matrix = csr_matrix((np.ones(len(columns)), columns, offsets), shape=(len(grams), max(1, len(vocabulary))))
    mine, theirs = matrix[:len(sentences)], matrix[len(sentences):]
    shared = (mine @ theirs.T).toarray()
    sizes = offsets[1:] - offsets[:-1]
    union = sizes[:len(sentences), None] + sizes[None, len(sentences):] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def margin_scores(scores: np.ndarray, k: int = 3) -> np.ndarray:
    """Each score divided by the mean of its row's and its column's `k` best: how far a pair
    stands out from the other candidates of both its sentences (margin-based bitext mining).
    A translated sentence stands out; a sentence of another report on one story, which shares
    as many words with several sentences, does not."""
    rows = np.sort(scores, axis=1)[:, -min(k, scores.shape[1]):].mean(axis=1)
    columns = np.sort(scores, axis=0)[-min(k, scores.shape[0]):, :].mean(axis=0)
    background = (rows[:, None] + columns[None, :]) / 2
    return np.divide(scores, background, out=np.zeros_like(scores, dtype=float), where=background > 0)


# --- weighted term vectors -----------------------------------------------------------

def weighted_cosine(a: dict[str, float], b: dict[str, float], idf: dict[str, float]) -> float:
    """Cosine of two weighted term profiles, each weight times the term's idf (1 if unknown)."""
    if not a or not b:
        return 0.0
    wa = {k: v * idf.get(k, 1.0) for k, v in a.items()}
    wb = {k: v * idf.get(k, 1.0) for k, v in b.items()}
    dot = sum(v * wb[k] for k, v in wa.items() if k in wb)
    norm = math.sqrt(sum(v * v for v in wa.values()) * sum(v * v for v in wb.values()))
    return dot / norm if norm else 0.0


def idf_weight(df: int, n_docs: int, prior: int) -> float:
    """Inverse document frequency; `prior` pseudo-documents keep a young store from scoring the
    very words two reports share as common (with 2 documents every shared word has df = n)."""
    return math.log((n_docs + prior) / (df + 0.5))


def top_keys(weights: dict, n: int) -> list:
    """The `n` heaviest keys, ties in key order."""
    return sorted(weights, key=lambda k: (-weights[k], k))[:n]


# --- figures -----------------------------------------------------------------------

def figures_disagree(sentence: str, other: str) -> bool:
    """Both sentences state figures and share none ("2,300" and "2 300" are one figure)."""
    mine, theirs = figures(sentence), figures(other)
    return bool(mine and theirs and not mine & theirs)


def figures(sentence: str) -> set[str]:
    """The sentence's figures and each part of them, so that one figure printed two ways
    shares a key (7.40 a.m. / 7 h 40 share 7)."""
    return {key for number in numbers(sentence) for key in (number, *number.split("."))}


def numbers(text: str) -> list[str]:
    """Figures in one spelling across languages and scripts: 2,300 / 2 300 / 2.300 -> 2300;
    6,80 / 6.8 -> 6.8; ٤٠٠ / ४०० / ４００ -> 400."""
    text = _THOUSANDS.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)
    return [_decimal(_ascii_digits(n)) for n in _NUMBER.findall(text)]


def _ascii_digits(number: str) -> str:
    """Decimal digits of any script (Arabic-Indic, Devanagari, Bengali, full-width...) as 0-9."""
    return number if number.isascii() else "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else c for c in number)


def _decimal(number: str) -> str:
    number = number.replace(",", ".")
    return number.rstrip("0").rstrip(".") if "." in number else number


# --- names -------------------------------------------------------------------------

def anchor_tokens(text: str) -> list[str]:
    """Names (capitalised words, transliterated, lower-cased) and numbers of `text`."""
    tokens = [n for n in numbers(text) if len(n) > 1]
    for name in _NAME.findall(text):
        for part in name.split():
            part = anyascii(part).casefold().strip("'’-")
            if len(part) > 3 and part not in _function_words():
                tokens.append(part[:6])  # a prefix survives most transliteration and inflection
    return tokens


@functools.cache
def _function_words() -> frozenset[str]:
    """Function words of the languages we see most; capitalised at a sentence start, they are no names."""
    return frozenset(anyascii(w).casefold() for w in spacy_stop_words("en", "fr", "de", "es"))


@functools.cache
def spacy_stop_words(*langs: str) -> frozenset[str]:
    """spaCy's stop word lists, read without importing each language's tokenizer rules
    (importing spacy.lang.fr compiles hundreds of regexes: seconds per process)."""
    import importlib.util
    from pathlib import Path

    import spacy

    words: set[str] = set()
    for lang in langs:
        path = Path(spacy.__file__).parent / "lang" / lang / "stop_words.py"
        spec = importlib.util.spec_from_file_location(f"_storyledger_stop_words_{lang}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        words |= module.STOP_WORDS
    return frozenset(words)
