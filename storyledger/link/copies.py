"""Copies, close rewrites and translations of earlier articles, and wire origins.

Three ways to find the earlier article a new one copies, all through indexes:
- near-duplicates: MinHash of word 4-gram shingles (datasketch), LSH bands
  persisted in `link_minhash_bands`, so a new process continues the index;
- rewrites (same language) and translations (different language): articles
  sharing many rare anchors (names, numbers) in `link_anchor_index`.
A candidate becomes a `copy_of` link only when the sentences align: most
sentences of the shorter article must have a counterpart, which is what
separates one wire story republished from two reports built on the same
interview (those share quotes, not their sentences). In one language the
counterpart shares content words, no figure that contradicts them and no name
the other article never mentions (so one template told of two incidents is no
copy). Across languages it is the mutual best match, in the same order and with
no figure that contradicts it, of the multilingual sentence encoder (a free
translation may align looser pairs between confident ones) or, for closely
related languages the encoder may not know, of shared letter trigrams after
transliteration, standing out from both sentences' other matches. Coverage is
measured on the shorter text, so an excerpt cut shorter is a copy of the full
text, or on the stretch two excerpts cut at different places share; page
furniture (consent notices, bot checks) never aligns, and the aligned text must
hold `min_shared_words` words, so shared boilerplate never makes a copy. Only
translation candidates are embedded. Thresholds: `settings.copies`.

A group's wire origin is the credit most of its members give: datelines,
credit and signature lines ("— AFP", "dpa/moko", "Source: Meduza") and
relayed interviews ("told AFP", "selon l'agence Anadolu", "据路透社报道"), with
agencies' names in every script of data/agencies.json.
"""
from __future__ import annotations

import functools
import hashlib
import re

import numpy as np
from anyascii import anyascii
from datasketch import MinHash

from storyledger import agencies, segment
from storyledger.link.similarity import (anchor_tokens, figures_disagree, margin_scores, sentence_vectors,
                                         trigram_similarity)
from storyledger.model import Analysis, Article
from storyledger.settings import DEFAULT, CopySettings
from storyledger.store import links
from storyledger.store.articles import sentence_spans
from storyledger.store.db import Database

# The thresholds (MinHash size, alignment cosines, coverage) are CopySettings in storyledger/settings.py.

_WORD = re.compile(r"\w+", re.UNICODE)
# page furniture that cleaning may leave in a text and that many unrelated pages share: cookie
# and consent notices, bot checks, subscription and navigation prompts
_FURNITURE = re.compile(
    r"\b(?:cookies?|javascript|captcha|your browser|ad ?blocker|(?:are|not) a robot|access denied|"
    r"verify (?:that )?you are|privacy policy|terms of (?:use|service)|newsletter|subscribe to|"
    r"all rights reserved|skip to|accessibilit\w*|"
    r"politique de confidentialit\w*|abonnez|connectez|datenschutz|einwilligung|abonnieren|"
    r"política de privacidad|suscríbete|упрощенного доступа|файлы cookie|подпис\w+ на)", re.I)


def link_article(db: Database, article: Article, analysis: Analysis | None = None,
                 settings: CopySettings = DEFAULT.copies) -> None:
    words = _words(article.text)
    minhash = _minhash(words, settings)
    anchors = article_anchors(article, analysis)
    buckets = _buckets(minhash, settings) if minhash is not None else []
    best = _best_copy(db, article, minhash, buckets, anchors, settings)
    if best:
        links.save_copy_link(db, article.id, *best)
    credit = wire_credit(article.text)
    if credit:
        links.save_wire_credit(db, article.id, *credit)
    signature = minhash.hashvalues.astype("<u8").tobytes() if minhash is not None else None
    links.save_link_article(db, article.id, article.published, article.lang, signature, anchors)
    if buckets:
        links.add_minhash_bands(db, article.id, buckets)
    links.add_anchors(db, article.id, anchors)


# --- read functions ---------------------------------------------------------------

def copy_origin(db: Database, article_id: str) -> tuple[str, dict | None]:
    """(the root of the article's copy chain, the wire credit of that root or of the article).
    Copies of one text share a root, so they count as one source."""
    root, seen = article_id, set()
    while root not in seen:
        seen.add(root)
        parent = links.copy_of(db, root)
        if parent is None:
            break
        root = parent
    return root, links.wire_credit(db, root) or links.wire_credit(db, article_id)


def copy_links(db: Database, article_ids: list[str] | None = None) -> list[dict]:
    """{article, copy_of, score, method, aligned: [{article: [s, e], copy_of: [s, e], score}]}."""
    return [{"article": r["article_id"], "copy_of": r["copy_of"], "score": r["score"],
             "method": r["method"], "aligned": r["aligned"]} for r in links.copy_link_rows(db, article_ids)]


def copy_groups(db: Database, article_ids: list[str] | None = None) -> list[dict]:
    """Connected groups of copy links (all, or those touching `article_ids`), earliest first,
    with their wire origin (or None)."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    for link in links.copy_link_rows(db, article_ids):
        parent[root(link["article_id"])] = root(link["copy_of"])
    members: dict[str, list[str]] = {}
    for article_id in parent:
        members.setdefault(root(article_id), []).append(article_id)
    rows = links.article_rows(db, parent)
    credits = links.wire_credit_rows(db, parent)
    groups = []
    for ids in members.values():
        ids.sort(key=lambda a: (rows.get(a, {}).get("published") or "", a))
        groups.append({"articles": ids, "origin": _group_origin(ids, credits)})
    return sorted(groups, key=lambda g: g["articles"][0])


_BASIS_RANK = {"dateline": 0, "credit": 1, "told": 2}


def _group_origin(ids: list[str], credits: dict[str, dict]) -> str | None:
    """The origin most members credit (copies relay one text, so a member that credits another
    agency is the exception); ties: the strongest basis (dateline > credit line > interview),
    then the earliest member."""
    found = [(credits[a]["origin"], _BASIS_RANK.get(credits[a]["basis"], len(_BASIS_RANK)), i)
             for i, a in enumerate(ids) if a in credits]
    if not found:
        return None
    votes: dict[str, int] = {}
    for origin, _, _ in found:
        votes[origin] = votes.get(origin, 0) + 1
    return min(found, key=lambda f: (-votes[f[0]], f[1], f[2]))[0]


# --- wire credits -----------------------------------------------------------------

def _short_name(agency: agencies.Agency) -> str:
    spellings = (agency.name, *agency.aliases)
    return next((s for s in spellings if " " not in s and s.isascii()), agency.name)


def _wire_names() -> dict[str, str]:
    """Spelling as printed -> short name used in reports (AP, AFP, Reuters, dpa, EFE...)."""
    names = {}
    for agency in agencies.wires():
        short = _short_name(agency)
        for spelling in (agency.name, *agency.aliases):
            names[spelling] = short
    return names


def _outlet_names() -> dict[str, str]:
    """Spelling as printed -> name of a publisher credited as a text's source ("Source: Meduza")."""
    return {spelling: agency.name for agency in agencies.outlets()
            for spelling in (agency.name, *agency.aliases)}


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


# the names of a byline: "Sylvie Corbet", "JOHN LEICESTER and ANGELA CHARLTON"
_NAME_WORDS = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_BYLINE_NAMES = rf"{_NAME_WORDS}(?:\s*(?:,|and|&)\s*{_NAME_WORDS})*"
# a word for "news agency" printed before its name: "l'agence Anadolu", "агентством France-Presse"
_AGENCY_WORD = (r"(?:(?:news\s+)?agency|agence(?:\s+de\s+presse)?|agencia|agência|agenzia|(?:Nachrichten)?agentur|"
                r"agencj\w*|ajans\w*|πρακτορείο|агентств\w*|агенці\w*|агенци\w*)")
# a word that relays what a wire learned or was told: "told", "selon", "laut", "от", "στο"
_TOLD_WORD = ("told|to|according to|interview with|selon|par|pour|à|a dit à|cité par|a|a la|al|ao|à|"
              "laut|gegenüber|der|dem|según|secondo|от|від|с|з|στο|στην|στον|σύμφωνα με το|σύμφωνα με")
_SOURCE_WORD = r"(?:source|sources|fuente|fonte|quelle|źródło|sursa|источник|джерело|източник)"


def _credit_patterns() -> list[tuple[str, re.Pattern]]:
    wire = _alternation(_wire_names())
    uncased = _alternation(name for name in _wire_names() if not _has_cased_letter(name))
    source = _alternation({**_outlet_names(), **_wire_names()})
    dash = r"[-–—]"
    return [
        # "PARIS (AP) —", "LONDON, Oct 3 (Reuters) -", "(Reuters) -", "巴黎（法新社）-"
        ("dateline", re.compile(rf"(?m)^[^\n()（）]{{0,60}}[(（](?P<wire>{wire})[)）]\s*{dash}")),
        # "【パリ共同】", "【ワシントン=ロイター】": the agency closing a bracketed dateline
        ("dateline", re.compile(rf"【[^】\n]{{0,20}}?=?(?P<wire>{wire})】")),
        # trailing credit: "— AFP", "(AFP)", "-- Reuters", "With AFP", "© AFP", a signature "dpa/moko"
        ("credit", re.compile(rf"(?m)(?:{dash}{{1,2}}\s*|[(（]|^(?:with|avec|mit|con)\s+|^\s*©\s*)"
                              rf"(?P<wire>{wire})(?:/[a-z]{{2,5}})?[)）]?\s*$", re.I)),
        # an agency signature line: "dpa/moko", "(AFP/mf)"
        ("credit", re.compile(rf"(?m)^\s*\(?(?P<wire>{wire})/[a-z]{{2,5}}\)?\s*$")),
        # a byline or a contributors' line: "By Sylvie Corbet, Associated Press", "By JOHN LEICESTER | AP",
        # "Associated Press writer Jill Lawless in London contributed to this report."
        ("credit", re.compile(rf"(?m)^\s*By\s+{_BYLINE_NAMES}\s*[,|–—-]?\s*(?:The\s+)?(?P<wire>{wire})\s*$"
                              rf"|\b(?P<wire2>{wire})\s+(?:writers?|correspondents?|reporters?)\s[^\n]{{0,120}}?"
                              rf"\bcontributed\b")),
        # a source line naming the publisher the text comes from: "Source: Meduza"
        ("credit", re.compile(rf"(?m)^\s*{_SOURCE_WORD}\s*:\s*(?P<wire>{source})\s*\.?\s*$", re.I)),
        # an interview or report relayed through a wire: "told AFP", "AFP learned", "according to Reuters",
        # "in an interview with The Associated Press", "joint par l'AFP", "selon l'agence Anadolu",
        # "dijo a EFE", "sagte der Nachrichtenagentur dpa", "δήλωσε στο Γαλλικό Πρακτορείο"
        ("told", re.compile(rf"\b(?i:{_TOLD_WORD})\s*(?i:the\s+)?(?:l['’]\s*)?"
                            rf"(?i:{_AGENCY_WORD}\s+)?(?P<wire>{wire})\b"
                            rf"|\b(?P<wire2>{wire})\s+(?:learned|reported|reports|has learned|apprend)\b")),
        # scripts without letter case (Chinese, Japanese, Arabic, Indic) print no acronym and no word
        # boundary: an agency named there ("据路透社报道", "لوكالة فرانس برس") is the report's source
        *([("told", re.compile(rf"(?P<wire>{uncased})"))] if uncased else []),
    ]


def _has_cased_letter(text: str) -> bool:
    return any(c.isupper() or c.islower() for c in text)


_PATTERNS: list[tuple[str, re.Pattern]] | None = None


def wire_credit(text: str) -> tuple[str, int, int, str] | None:
    """(origin, start, end, basis) of the strongest wire credit in `text`, or None."""
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = _credit_patterns()
    names = {**_outlet_names(), **_wire_names()}
    for basis, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            group = "wire" if match.group("wire") else "wire2"
            spelling = match.group(group)
            short = names.get(spelling) or _case_insensitive(names, spelling)
            if short and _acronym_case_ok(spelling, names):
                return short, match.start(group), match.end(group), basis
    return None


def _case_insensitive(names: dict[str, str], spelling: str) -> str | None:
    for name, short in names.items():
        if name.casefold() == spelling.casefold():
            return short
    return None


def _acronym_case_ok(spelling: str, names: dict[str, str]) -> bool:
    """"AP" and "AFP" must be printed as acronyms; "ap" in running text is not the agency."""
    return spelling in names or len(spelling) > 4


# --- candidate finding and alignment ----------------------------------------------

def _best_copy(db: Database, article: Article, minhash, buckets, anchors, settings: CopySettings):
    candidates: dict[str, str] = {}
    for other in links.minhash_candidates(db, buckets)[:settings.max_candidates] if buckets else []:
        candidates.setdefault(other, "minhash")
    for other, _ in links.anchor_candidates(db, anchors, settings.min_shared_anchors, settings.max_candidates):
        candidates.setdefault(other, "anchors")
    if not candidates:
        return None
    stored = links.link_article_rows(db, candidates)
    texts = links.article_rows(db, candidates)
    spans = sentence_spans(db, candidates)
    mine_spans = [(s.start, s.end) for s in article.sentences] or segment.sentences(article.text, article.lang)
    best = None
    for other, via in candidates.items():
        if other == article.id or other not in texts:
            continue
        row = stored.get(other, {})
        if via == "minhash" and minhash is not None and row.get("signature"):
            other_values = np.frombuffer(row["signature"], dtype="<u8")
            jaccard = float(np.mean(other_values == minhash.hashvalues))
            if jaccard < settings.near_duplicate:
                via = "anchors"
        same_lang = _same_language(article.lang, row.get("lang"))
        method = "minhash" if via == "minhash" else ("rewrite" if same_lang else "translation")
        other_spans = spans.get(other) or segment.sentences(texts[other]["text"], row.get("lang"))
        if same_lang:
            found = _aligned(article.text, mine_spans, texts[other]["text"], other_spans, settings)
        else:
            found = _aligned_across_languages(article.text, mine_spans, texts[other]["text"], other_spans, settings)
        if found is None:
            continue
        coverage, aligned = found
        if coverage >= settings.copy_coverage and (best is None or coverage > best[1]):
            best = (other, round(coverage, 3), method, aligned)
    return best


def _same_language(a: str | None, b: str | None) -> bool:
    return not a or not b or a[:2] == b[:2]


def _aligned(text: str, spans, other_text: str, other_spans, settings: CopySettings):
    """(coverage of the shorter side, aligned sentence pairs) or None when too short to judge.
    `spans` and `other_spans` are the stored sentence offsets of each text."""
    mine = [(s, e, _content_words(text[s:e])) for s, e in _content(text, spans)]
    theirs = [(s, e, _content_words(other_text[s:e])) for s, e in _content(other_text, other_spans)]
    mine = [x for x in mine if len(x[2]) >= settings.min_content_words]
    theirs = [x for x in theirs if len(x[2]) >= settings.min_content_words]
    if len(mine) < 2 or len(theirs) < 2:
        return None
    index: dict[str, set[int]] = {}
    for j, (_, _, features) in enumerate(theirs):
        for f in features:
            index.setdefault(f, set()).add(j)
    my_words, their_words = _word_keys(text), _word_keys(other_text)
    aligned, pairs, used = [], [], set()
    for i, (s, e, features) in enumerate(mine):
        pool = set().union(*(index.get(f, set()) for f in features)) - used
        scored = [(_jaccard(features, theirs[j][2]), j) for j in pool]
        if not scored:
            continue
        score, j = max(scored)
        sentence, other = text[s:e], other_text[theirs[j][0]:theirs[j][1]]
        if score >= settings.aligned_sentence and not figures_disagree(sentence, other) \
                and not _names_disagree(sentence, other, my_words, their_words):
            used.add(j)
            pairs.append((i, j))
            aligned.append({"article": [s, e], "copy_of": [theirs[j][0], theirs[j][1]], "score": round(score, 3)})
    return _coverage(text, aligned, pairs, (len(mine), len(theirs)), settings), aligned


def _names_disagree(sentence: str, other: str, my_words: set[str], their_words: set[str]) -> bool:
    """Each sentence names someone or somewhere the other article never mentions: one wording
    told of two different incidents ("Floods hit Kestrava, Mayor Anselm Dorn said" / "... Morlaine,
    Mayor Brigitte Vane said"), which a template or a stock phrase makes look alike. Figures are
    `figures_disagree`'s; a capitalised first word is no name."""
    return bool(_names(sentence) - their_words) and bool(_names(other) - my_words)


def _names(sentence: str) -> set[str]:
    """Keys of the sentence's names as `_word_keys` makes them ("Anti-Corruption" -> "anti")."""
    names = {_words(t)[0][:6] for t in anchor_tokens(sentence) if not t[0].isdigit() and _words(t)}
    return names - {w[:6] for w in _words(sentence)[:1]}


def _word_keys(text: str) -> set[str]:
    """Every word of `text` as `anchor_tokens` keys names: transliterated, lower-cased, 6 letters."""
    return {w[:6] for w in _words(text) if len(w) > 3}


def _aligned_across_languages(text: str, spans, other_text: str, other_spans, settings: CopySettings):
    """Like `_aligned`, for a translation candidate: sentence pairs that are each other's best
    match, in the order of both texts, whose figures do not disagree. Two measures, the better
    alignment counts: the encoder's cosine (above `translated_sentence`, or `loose_translated_sentence`
    in a run holding `confident_pairs` confident ones) and, for closely related languages the
    encoder may not know (Russian and Ukrainian, Spanish and Portuguese), the share of letter
    trigrams two sentences have in common once transliterated (above `transliterated_sentence` and
    `transliterated_margin` times the sentences' other best matches)."""
    long_enough = settings.min_words
    mine = [(s, e) for s, e in _content(text, spans)
            if len(_WORD.findall(text[s:e])) >= long_enough][:settings.max_sentences]
    theirs = [(s, e) for s, e in _content(other_text, other_spans)
              if len(_WORD.findall(other_text[s:e])) >= long_enough][:settings.max_sentences]
    if len(mine) < 2 or len(theirs) < 2:
        return None
    mine_text = [text[s:e] for s, e in mine]
    their_text = [other_text[s:e] for s, e in theirs]
    cosine = sentence_vectors(mine_text) @ sentence_vectors(their_text).T
    by_encoder = _encoder_alignment(cosine, mine_text, their_text, settings)
    trigrams = trigram_similarity(mine_text, their_text)
    standing_out = margin_scores(trigrams) >= settings.transliterated_margin
    by_letters = _in_order([(i, j) for i, j in _mutual_best(trigrams, settings.transliterated_sentence,
                                                            mine_text, their_text)
                            if standing_out[i, j]])
    scores, pairs = max((cosine, by_encoder), (trigrams, by_letters), key=lambda found: len(found[1]))
    aligned = [{"article": list(mine[i]), "copy_of": list(theirs[j]), "score": round(float(scores[i, j]), 3)}
               for i, j in pairs]
    return _coverage(text, aligned, pairs, (len(mine), len(theirs)), settings), aligned


def _encoder_alignment(cosine: np.ndarray, mine_text: list[str], their_text: list[str],
                       settings: CopySettings) -> list[tuple[int, int]]:
    pairs = _mutual_best(cosine, settings.loose_translated_sentence, mine_text, their_text)
    strict = _in_order([(i, j) for i, j in pairs if cosine[i, j] >= settings.translated_sentence])
    loose = _in_order(pairs)
    if sum(cosine[i, j] >= settings.translated_sentence for i, j in loose) < settings.confident_pairs:
        loose = []
    return max(strict, loose, key=len)


def _mutual_best(scores: np.ndarray, threshold: float, mine_text: list[str], their_text: list[str]):
    """(i, j) pairs that are each other's best match, from `threshold` on, whose figures agree."""
    best_mine, best_theirs = scores.argmax(axis=1), scores.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_mine)
            if best_theirs[j] == i and scores[i, j] >= threshold
            and not figures_disagree(mine_text[i], their_text[j])]


def _content(text: str, spans) -> list[tuple[int, int]]:
    """The sentences that can make a copy: page furniture left in the text is shared by
    unrelated pages of one site or one consent provider, so it never counts."""
    return [(s, e) for s, e in spans if not _FURNITURE.search(text[s:e])]


def _coverage(text: str, aligned: list[dict], pairs: list[tuple[int, int]], sizes: tuple[int, int],
              settings: CopySettings) -> float:
    """Share of the shorter side's sentences that align, or of the stretch two texts cut apart
    share (`_overlap_coverage`), 0 when the aligned text is too short to be more than a shared
    notice or a stock phrase. `pairs` are the aligned (sentence, sentence) indices, `sizes` the
    sentence counts of both texts."""
    shared_words = sum(len(_WORD.findall(text[slice(*pair["article"])])) for pair in aligned)
    if shared_words < settings.min_shared_words:
        return 0.0
    return max(len(aligned) / min(sizes), _overlap_coverage(pairs, sizes, settings))


def _overlap_coverage(pairs: list[tuple[int, int]], sizes: tuple[int, int], settings: CopySettings) -> float:
    """Two excerpts of one text cut at different places (a page whose furniture pushed the story
    down, another that holds more of it) share a stretch that ends one text and starts the other:
    the share of that stretch that aligns, in order. 0 when the aligned run is shorter than
    `min_overlap_pairs` or does not reach the edges (within `overlap_edge` sentences)."""
    run = _in_order(pairs)
    if len(run) < settings.min_overlap_pairs:
        return 0.0
    (first_mine, first_theirs), (last_mine, last_theirs) = run[0], run[-1]
    edge = settings.overlap_edge
    theirs_then_mine = first_mine <= edge and last_theirs >= sizes[1] - 1 - edge
    mine_then_theirs = first_theirs <= edge and last_mine >= sizes[0] - 1 - edge
    if not (theirs_then_mine or mine_then_theirs):
        return 0.0
    return len(run) / max(last_mine - first_mine + 1, last_theirs - first_theirs + 1)


def _in_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs in the order of both texts (longest increasing subsequence)."""
    best: list[list[tuple[int, int]]] = []
    for i, j in sorted(pairs):
        before = [run for run in best if run[-1][1] < j]
        best.append(max(before, key=len, default=[]) + [(i, j)])
    return max(best, key=len, default=[])


@functools.lru_cache(maxsize=8192)
def _content_words(sentence: str) -> frozenset[str]:
    """The words of more than 3 letters, and figures: what a sentence and its copy share."""
    return frozenset(w for w in _words(sentence) if len(w) > 3 or w.isdigit())


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# --- signatures and anchors ---------------------------------------------------------

def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(anyascii(text))]


def _minhash(words: list[str], settings: CopySettings) -> MinHash | None:
    shingle = settings.shingle
    if len(words) < shingle + 5:
        return None
    minhash = MinHash(num_perm=settings.num_perm, seed=1)
    minhash.update_batch([" ".join(words[i:i + shingle]).encode() for i in range(len(words) - shingle + 1)])
    return minhash


def _buckets(minhash: MinHash, settings: CopySettings) -> list[str]:
    values, rows = minhash.hashvalues.astype("<u8"), settings.rows
    return [hashlib.blake2b(values[b * rows:(b + 1) * rows].tobytes(), digest_size=8).hexdigest()
            for b in range(settings.bands)]


def article_anchors(article: Article, analysis: Analysis | None) -> list[str]:
    """The article's distinct anchors, capped; sentence-initial capitals are mostly noise but harmless."""
    tokens = anchor_tokens(article.text)
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))[:60]
