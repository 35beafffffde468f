"""Word tables of the parser path and the cue lexicon, from the [attribution] sections of the
language files (storyledger/lang/<code>.toml)."""
from __future__ import annotations

import functools
import re

from storyledger.analyse.attribution.grammar import FALLBACK_LANGUAGE
from storyledger.lang import language, union


def _alternatives(key: str) -> str:
    """The [attribution] regexes `key` of every language as one alternation."""
    return "|".join(sorted(union("attribution", key)))


@functools.cache
def cue_lexicon(lang: str) -> dict[str, str]:
    """lemma -> cue class: the [attribution] cue_lemmas of the language file (English's if it has none)."""
    lemmas = language(lang).attribution["cue_lemmas"] or language(FALLBACK_LANGUAGE).attribution["cue_lemmas"]
    return {lemma: cls for cls, words in lemmas.items() for lemma in words}


# refusals: "declined to say", "refused to comment", "did not wish to communicate"
SPEECH_AFTER_REFUSAL = union("attribution", "speech_after_refusal")
# nouns and adjectives that report a stance when their holder is named:
# "Trump's claim that ...", "officials are confident that ..."
NOUN_CUES = {noun: cls for cls, nouns in union("attribution", "noun_cues").items() for noun in nouns}
ADJECTIVE_CUES = {word: cls for cls, words in union("attribution", "adjective_cues").items() for word in words}
# verbs that report a stance only with a clause: "sees that ...", not "saw the video"
PERCEPTION_VERBS = union("attribution", "perception_verbs")
# verbs that report speech only with a clause or a quotation: "the probe continues to unfold",
# "sought asylum", "to discuss sensitive matters" report nothing
CLAUSE_ONLY_VERBS = union("attribution", "clause_only_verbs")
DEMAND_VERBS = union("attribution", "demand_verbs")
WISH_VERBS = union("attribution", "wish_verbs")
SILENCE_VERBS = union("attribution", "silence_verbs")
ANONYMOUS_HEADS = union("attribution", "anonymous_heads")
ANONYMOUS_MARKS = re.compile(rf"\b({_alternatives('anonymous_marks')})\b", re.I)
# what follows "asked"/"declined"/"requested" when a source asks not to be named: not a claim
ANONYMITY_REQUEST = re.compile(rf"^(?:{_alternatives('anonymity_requests')})", re.I)
OUTLET_WORDS = union("attribution", "outlet_words")
# platforms that a channel is published "on" ("on Telegram"); PLATFORM_NAMES adds names seen
# only before a noun ("in a Signal post")
STANDALONE_PLATFORMS = {"telegram", "twitter", "facebook", "instagram", "youtube", "x", "tiktok", "vk"}
PLATFORMS = STANDALONE_PLATFORMS | union("attribution", "platform_nouns")
PLATFORM_NAMES = STANDALONE_PLATFORMS | {"vkontakte", "threads", "bluesky", "truth", "substack", "whatsapp", "signal"}
TITLES = union("attribution", "speaker_titles")
# Nouns for a person's office: "the mayor said" is the person introduced as "Mayor Jane Doe".
ROLE_NOUNS = union("attribution", "role_nouns")
# nouns that describe a person rather than name an office ("the activist", "a known critic of X")
DESCRIPTION_NOUNS = union("attribution", "description_nouns")
DEMONSTRATIVES = union("attribution", "demonstrative_determiners")
PERSON_PRONOUNS = union("attribution", "person_pronouns")
PLURAL_PRONOUNS = union("attribution", "plural_pronouns")
THING_PRONOUNS = union("attribution", "thing_pronouns")
INVERTED_SUBJECTS = union("attribution", "inverted_subjects")
NOT_SPEAKERS = union("attribution", "not_speakers")
RELATIVE_PRONOUNS = union("attribution", "relative_pronouns")
NEGATIONS = union("attribution", "negation_words")
SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj"}
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
OBJECT_DEPS = {"dobj", "obj", "attr"}
RECIPIENT_DEPS = {"dobj", "obj", "dative", "iobj", "npadvmod", "obl:arg", "obl"}
SUBORDINATORS = union("attribution", "subordinators")
# time words and sentence adverbs that trail a name: "le parquet vendredi", "police on Monday"
TIME_ADVERBS = union("attribution", "time_adverbs")
CAPITAL = r"[A-ZÀ-ÖØ-ÞА-ЯЁ]"
NAME_RUN = re.compile(rf"{CAPITAL}[\w'’.-]*(?:\s+(?:(?:de|del|von|van|da|di|le)\s+)?{CAPITAL}[\w'’.-]*)*")
