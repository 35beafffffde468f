"""Word tables of the parser path (English and French) and the cue lexicon (storyledger/data/cues_<lang>.txt)."""
from __future__ import annotations

import functools
import re
from importlib import resources



@functools.cache
def cue_lexicon(lang: str) -> dict[str, str]:
    """lemma -> cue class, from storyledger/data/cues_<lang>.txt (English if none)."""
    name = f"cues_{lang}.txt"
    folder = resources.files("storyledger") / "data"
    if not (folder / name).is_file():
        name = "cues_en.txt"
    lexicon = {}
    for line in (folder / name).read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            lexicon[parts[0].replace("_", " ")] = parts[1]
    return lexicon


# refusals: "declined to say", "refused to comment", "did not wish to communicate"
SPEECH_AFTER_REFUSAL = {
    "say", "comment", "reveal", "discuss", "elaborate", "confirm", "specify", "disclose",
    "identify", "give", "provide", "answer", "respond", "communicate", "speak", "talk",
    "detail", "name", "explain", "address", "share",
    "dire", "commenter", "communiquer", "préciser", "répondre", "confirmer", "s'exprimer",
    "exprimer", "donner", "indiquer", "révéler",
}
# nouns and adjectives that report a stance when their holder is named:
# "Trump's claim that ...", "officials are confident that ..."
NOUN_CUES = {"claim": "claim", "statement": "say", "assertion": "claim", "allegation": "accuse",
             "accusation": "accuse", "denial": "deny", "warning": "say", "promise": "say",
             "belief": "hedge", "argument": "say", "suggestion": "hedge", "criticism": "criticize",
             "announcement": "say", "remark": "say", "comment": "say", "pledge": "say", "vow": "say",
             "insistence": "claim", "view": "think", "hope": "think", "fear": "hedge",
             "déclaration": "say", "affirmation": "claim", "démenti": "deny"}
ADJECTIVE_CUES = {"confident": "think", "convinced": "think", "sure": "think", "certain": "think",
                  "concerned": "think", "worried": "think", "critical": "criticize", "eager": "think",
                  "aware": "think", "hopeful": "think", "skeptical": "think", "sceptical": "think",
                  "optimistic": "think", "adamant": "claim", "clear": "say", "convaincu": "think",
                  "persuadé": "think", "certaine": "think", "sûr": "think"}
# verbs that report a stance only with a clause: "sees that ...", not "saw the video"
PERCEPTION_VERBS = {"see", "know", "consider", "voir", "savoir"}
# verbs that report speech only with a clause or a quotation: "the probe continues to unfold",
# "sought asylum", "to discuss sensitive matters" report nothing
CLAUSE_ONLY_VERBS = {"continue", "seek", "discuss", "continuer", "chercher", "discuter"}
DEMAND_VERBS = {"call", "ask", "appeal", "press", "push", "plead", "lobby"}
WISH_VERBS = {"wish", "want", "souhaiter", "vouloir"}
SILENCE_VERBS = {"comment", "reply", "respond", "return", "answer", "receive", "commenter",
                 "réagir", "répondre"}
ANONYMOUS_HEADS = {"source", "insider", "official", "person", "people", "aide", "diplomat",
                   "officer", "member", "source(s)", "responsable", "proche"}
ANONYMOUS_MARKS = re.compile(
    r"\b(familiar with|close to|anonymity|anonymous|unnamed|not to be named|not authori[sz]ed|"
    r"not be identified|to be (named|identified)|knowledge of|proches? de|sous couvert d'anonymat|"
    r"anonymes?)\b", re.I)
# what follows "asked"/"declined"/"requested" when a source asks not to be named: not a claim
ANONYMITY_REQUEST = re.compile(
    r"^((not|à ne pas|de ne pas)\s+)?(to\s+)?((be|être)\s+(named|identified|quoted|cited|nommée?s?|"
    r"identifiée?s?|citée?s?)\b|remain\s+(anonymous|unnamed)\b|(l['’]\s*)?(anonymity|anonymat)\b|"
    r"garder l['’]\s*anonymat)", re.I)
OUTLET_WORDS = {"news", "times", "post", "journal", "press", "agency", "radio", "tv",
                "television", "telegraph", "guardian", "herald", "tribune", "gazette", "daily",
                "magazine", "network", "channel", "wire", "media", "newspaper", "broadcaster",
                "monde", "figaro", "libération", "presse"}
PLATFORMS = {"telegram", "twitter", "facebook", "instagram", "youtube", "x", "tiktok", "vk",
             "website", "blog", "account", "channel", "page", "show", "programme", "program",
             "television", "radio", "podcast", "broadcast", "statement", "interview"}
PLATFORM_NAMES = {"telegram", "twitter", "facebook", "instagram", "youtube", "tiktok", "vk", "vkontakte", "x",
                  "threads", "bluesky", "truth", "substack", "whatsapp", "signal"}
TITLES = {"president", "prime", "minister", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
          "senator", "sen.", "rep.", "gov.", "governor", "general", "gen.", "secretary", "chancellor",
          "mayor", "judge", "prosecutor", "journalist", "activist", "spokesman", "spokeswoman",
          "spokesperson", "director", "chief", "head", "leader", "king", "queen", "prince", "pope",
          "m.", "mme", "monsieur", "madame", "ministre", "président", "sir", "lord", "lady",
          "professor", "prof.", "ambassador", "commander", "colonel", "captain", "officer",
          "deputy", "vice", "foreign", "defence", "defense", "interior", "justice", "former",
          "opposition", "russian", "french", "american", "british", "german", "exiled", "the"}
# Nouns for a person's office: "the mayor said" is the person introduced as "Mayor Jane Doe".
ROLE_NOUNS = {"mayor", "judge", "prosecutor", "minister", "president", "spokesman", "spokeswoman",
              "spokesperson", "lawyer", "attorney", "director", "chief", "leader", "governor", "senator",
              "ambassador", "commander", "chancellor", "secretary", "inspector", "sheriff", "chairman",
              "chairwoman", "founder", "maire", "ministre", "président", "présidente", "avocat", "avocate",
              "procureur", "procureure", "porte-parole", "directeur", "directrice", "juge", "préfet"}
# nouns that describe a person rather than name an office ("the activist", "a known critic of X")
DESCRIPTION_NOUNS = {"opponent", "critic", "dissident", "defector", "refugee", "exile", "activist", "journalist",
                     "blogger", "whistleblower", "businessman", "businesswoman", "tycoon", "oligarch", "survivor",
                     "victim", "witness", "widow", "campaigner", "opposant", "opposante", "militant", "militante",
                     "réfugié", "réfugiée", "dissident", "journaliste", "défenseur", "opositor", "opositora",
                     "periodista", "activista", "kritiker", "kritikerin", "aktivist", "aktivistin"}
DEMONSTRATIVES = {"this", "that", "ce", "cet", "cette", "dieser", "diese", "este", "esta"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "il", "elle", "lui", "-il", "-elle"}
PLURAL_PRONOUNS = {"they", "them", "ils", "elles", "eux", "-ils", "-elles"}
THING_PRONOUNS = {"it"}  # an organisation's pronoun where the parser's languages have one
# French inverted subjects: "a-t-il ajouté", "a-t-on appris" (the parser calls them expl:subj)
INVERTED_SUBJECTS = {"-il", "-elle", "-ils", "-elles", "-on"}
NOT_SPEAKERS = {"it", "this", "that", "what", "nothing", "something", "anything", "there", "ce",
                "cela", "ça", "rien"}
RELATIVE_PRONOUNS = {"who", "which", "that", "qui", "lequel", "laquelle"}
NEGATIONS = {"not", "n't", "never", "no", "ne", "pas", "jamais", "n'", "point"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj"}
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
OBJECT_DEPS = {"dobj", "obj", "attr"}
RECIPIENT_DEPS = {"dobj", "obj", "dative", "iobj", "npadvmod", "obl:arg", "obl"}
SUBORDINATORS = {"after", "before", "since", "until", "following", "because", "when", "while", "as",
                 "once", "après", "avant", "depuis", "lorsque", "quand", "parce", "alors"}
FRENCH_TIME_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
                     "aujourd'hui", "soir", "matin", "midi", "après-midi", "encore", "également", "aussi",
                     "ensuite", "enfin", "alors", "notamment", "dernier", "dernière"}
ENGLISH_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                       "yesterday", "tonight", "morning", "evening"}
CAPITAL = r"[A-ZÀ-ÖØ-ÞА-ЯЁ]"
NAME_RUN = re.compile(rf"{CAPITAL}[\w'’.-]*(?:\s+(?:(?:de|del|von|van|da|di|le)\s+)?{CAPITAL}[\w'’.-]*)*")
