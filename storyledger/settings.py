"""The thresholds of the link stage in one place: one frozen dataclass per stage, grouped in `Settings`.

`Settings()` holds the values storyledger runs with. Code that links takes a `settings`
argument whose default is `DEFAULT` (or its stage's part of it), never a module global, so a
benchmark or an experiment changes a value by passing another object:

    from dataclasses import replace
    tuned = replace(DEFAULT, events=replace(DEFAULT.events, join_threshold=0.25))

Values that shape what is stored (MinHash permutations, bands, shingle size, profile sizes)
apply to articles linked under them: after changing one, `storyledger relink` the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClaimSettings:
    same_claim: float = 0.5  # similarity from which a claim joins an earlier claim's group
    # encoder cosine from which two contents in different languages state the same thing:
    # translated claims score 0.6-0.9, different claims of one story below 0.45
    same_claim_across: float = 0.6
    min_content_words: int = 4  # a shorter content ("the attack", a bare name) is not compared by the encoder
    cross_language_candidates: int = 8  # per claim, the other-language candidates the encoder compares
    translated_claim: float = 1.0  # similarity of a claim to the claim of the sentence it translates
    same_figure: float = 0.2  # similarity from which a figure that differs (one end shared) is a contradiction
    same_topic: float = 0.4  # similarity from which differing numbers/places/polarity are a contradiction
    max_candidates: int = 30  # earlier claims compared with a new one, found through the claim keys


@dataclass(frozen=True)
class CopySettings:
    num_perm: int = 128  # MinHash permutations (stored: relink after a change)
    bands: int = 32  # LSH bands of `rows` hash values: threshold about (1/32) ** (1/4) = 0.42 Jaccard
    rows: int = 4
    shingle: int = 4  # words per shingle
    near_duplicate: float = 0.5  # estimated shingle Jaccard from which sentence alignment is checked
    aligned_sentence: float = 0.5  # a sentence pair of one language aligns above this similarity
    copy_coverage: float = 0.6  # share of the shorter article's sentences that must align
    min_shared_anchors: int = 5  # anchors (names, figures) an earlier article shares to be a candidate original
    # cosine from which mutual best sentences of two languages align: translated sentences score
    # 0.55-0.91 (most above 0.7); independent reports of one event have one or two at 0.65-0.73
    translated_sentence: float = 0.65
    # a free translation keeps the story's order but not every sentence's wording: between
    # confidently translated sentences (at least `confident_pairs`) mutual best pairs count from this on
    loose_translated_sentence: float = 0.5
    confident_pairs: int = 2
    # share of transliterated letter trigrams from which mutual best sentences of two closely related
    # languages align: a Ukrainian sentence and its Russian translation share 0.22-0.35, others about 0.1
    transliterated_sentence: float = 0.2
    # ... and how far such a pair must stand out from both sentences' other best matches (3 each): a
    # translation 1.6-1.9 times; two Romance-language reports of one story 1.3-1.4
    transliterated_margin: float = 1.5
    min_words: int = 4  # shorter lines (headlines, credits) are not counted in a cross-language alignment
    min_content_words: int = 4  # ... nor in one language: content words (4+ letters, figures) a sentence needs
    max_sentences: int = 80  # sentences embedded per article: the embedding cost bound
    max_candidates: int = 8  # earlier articles checked as the original of a new one
    # words the aligned sentences must hold: a shared notice or a short boilerplate paragraph is never a copy
    min_shared_words: int = 30
    # two excerpts of one text cut at different places: an aligned run of at least this many sentences
    # that starts one text and ends the other (within `overlap_edge` sentences: a headline, a cut
    # sentence) is measured on the stretch they share
    min_overlap_pairs: int = 3
    overlap_edge: int = 1


@dataclass(frozen=True)
class EntitySettings:
    known_name_articles: int = 2  # reports that must carry a name before a lone word of another is taken for it
    well_attested_articles: int = 3  # reports that must carry a full name before its bare surname joins it
    # pieces of text in a script without capitals tried as a name other reports established: at least
    # `native_min_chars` letters (Chinese surnames have two: 普京), at most `native_max_chars` of unspaced
    # text or `native_max_words` spaced words
    native_min_chars: int = 2
    native_max_chars: int = 8
    native_max_words: int = 3


@dataclass(frozen=True)
class EventSettings:
    join_threshold: float = 0.2  # similarity from which an article joins an event
    entity_weight: float = 0.4  # share of the similarity that comes from names (the rest: terms)
    fact_weight: float = 0.2  # share from the lead's facts: numbers, explicit dates, event triggers
    lead_sentences: int = 5  # sentences that make the lead
    lead_boost: float = 3.0  # weight of a lead term against a term further down
    trigger_boost: float = 2.0  # weight of an event trigger's lemma
    query_keys: int = 20  # an article's rarest terms, and as many names, used to find candidate events
    max_candidates: int = 15  # candidate events scored per article
    profile_terms: int = 150  # terms kept in an event's profile (stored)
    profile_entities: int = 60  # names kept in an event's profile (stored)
    profile_facts: int = 60  # facts kept in an event's profile (stored)
    main_date_days: int | None = 3  # explicit main-event dates further apart: two happenings (None: off)
    headline_sentences: int = 2  # title and first sentence: where a report names the central people
    participant_conflict: float | None = 0.5  # score factor when both sides' central people differ (None: off)
    weekday_conflict: float | None = 0.5  # score factor when the headlines name other weekdays (None: off)
    # facts that count: explicit dates ("d"), numbers ("n"); trigger verbs ("v") say what kind of
    # happening it is, which two happenings of one kind share
    fact_kinds: tuple[str, ...] = ("d", "n")
    # across languages a candidate that names and facts bring this close is read with the encoder (None: off)
    cross_language_floor: float | None = 0.1
    # the leads' encoder cosine adds to the terms' share above this floor, which reports of other
    # happenings reach (same-happening reports in two languages 0.46-0.64, translations 0.8+)
    lead_agreement_floor: float = 0.45
    lead_chars: int = 600  # characters of the lead the encoder reads
    # pseudo-documents in every idf, so a young store does not score the very words two reports share as common
    prior_documents: int = 50
    date_window_days: int = 120  # an article dated this far outside an event's dates is another happening
    # the learned similarity (link/learned.py) reads the candidates in other languages, where terms say
    # nothing: it joins what the hand score leaves apart there and merges two events a report bridges
    learned: bool = True
    recent_events: int = 10  # latest events read as candidates besides those the keys find


@dataclass(frozen=True)
class ThreadSettings:
    central_names: int = 5  # keys, not entities: one person has an id key, a full-name key and a surname key
    key_terms: int = 25  # terms an event adds to its thread's profile, the heaviest by tf-idf
    join_threshold: float = 0.25  # similarity from which an event joins a thread
    merge_threshold: float = 0.4  # stricter than joining: a merge joins every event of two threads
    name_weight: float = 0.5  # share of the similarity that comes from names (the rest: terms)
    max_candidates: int = 10  # candidate threads scored per event
    profile_terms: int = 150  # terms kept in a thread's profile (stored)
    profile_names: int = 40  # names kept in a thread's profile (stored)
    # a candidate thread must also pass the learned story similarity: a shared name is not a story (dev
    # cannot-links 25 -> 29 of 33). Its one loss (a claim and a dated fact) was a reused thread id, fixed
    story_check: bool = True
    # ... with this probability: the story model is fitted to the annotators' 1-4 scale as (4 - Overall) / 3,
    # 0.5 its middle; looser than the model's own 0.58 (Overall <= 2): a thread joins developments years apart
    story_probability: float = 0.5


@dataclass(frozen=True)
class Settings:
    claims: ClaimSettings = field(default_factory=ClaimSettings)
    copies: CopySettings = field(default_factory=CopySettings)
    entities: EntitySettings = field(default_factory=EntitySettings)
    events: EventSettings = field(default_factory=EventSettings)
    threads: ThreadSettings = field(default_factory=ThreadSettings)


DEFAULT = Settings()
