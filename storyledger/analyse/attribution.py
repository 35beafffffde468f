"""Attribution: who claimed what, through which channel, and how sure.

For English and French the spaCy dependency parse drives extraction: a cue is
a reporting verb from the cue lexicon (storyledger/data/cues_<lang>.txt) or an
"according to X" / "selon X" phrase; its subject (or the noun a relative "who"
refers to) is the speaker, its clausal complement (or the quotation next to
it) the content, and recipients or platforms that are news outlets become the
channel. The status comes from the cue class, negation and hedges.

Languages without a pipeline (de, es, ru, it, pt, other) use a rule fallback (`_fallback`):
per language a small table (storyledger/data/attribution/<lang>.json) of inflected cue verbs with their class,
"according to" phrases, complementizers, titles, pronouns; word order gives the roles
("X sagte, C", "C, dijo X", "« C », — сказал X", "wie X mitteilte", "según X, C"), the
speaker's name is the capitalised run nearest the cue, titles dropped. French reporting
incises ("« C », a déclaré X", "C, a indiqué la police") are read the same way on the parse.

Status, first rule that applies: deny/confirm cues -> denied/confirmed, or
not_confirmed when negated or "neither ... nor"; refusals ("declined to say",
"did not wish to comment") -> declined; negated reports and silences ("has not
commented", "did not reply") -> no_comment; accusation cues (accuse, blame,
attribute ... to) or content naming a wrongdoer's act ("ordered", "financed
from") -> alleged; belief cues or hedges in the content (may, suspected,
supposed, alleged, purported) -> hedged; claim cues -> claimed; neutral cues
(said, told, according to) -> asserted for anonymous sources, organisations
and impersonal reports, claimed for people.

Per language, storyledger/data/attribution/<lang>.json also holds families of status cues
(`status_cues`: "no element allows", "too early to", "maintains his innocence", "is thought to",
"politically motivated", ...) that make a neutral status specific, and the words that resolve
speakers (office holders, outlet nouns). Once the article is read (`_settled`): an office named by
a common noun is the organisation the report names with that word, an outlet described ("the
agency") the outlet named before, an outlet that speaks is its own channel and its report claimed,
an outlet relaying another's statement ("EFE said sources confirmed") gives way to it as its
channel, a sentence stating a non-confirmation without a cue is the report's own claim, and the
wire of the dateline or sign-off ("PARIS (AP) —", "(AFP)") is the channel of claims naming none.

Not claims: requests for anonymity ("who asked not to be named", "declined to be
identified"). Coordinated cue verbs share the first verb's subject ("X said Y, but did not
confirm Z": X did not confirm). "AFP learned from sources close to ..." / "a-t-on appris de
source proche du dossier": the sources speak (anonymous), the outlet that learned it is the
channel. A transcript or headline label ("SMITH: ...", "Sanders: ...") and a quotation signed
with a dash ('"..." -- Jane Doe') name their speaker. The passive subject of a cue ("X was
accused") is its target, not its speaker. A wire dateline ("CITY, Date (AFP) - ") is not content.

Spans: `speaker` is the surface subject phrase (a pronoun stays a pronoun);
`speaker_name` is resolved (titles stripped, surname expanded to the fullest
form in the article, he/she to the latest person, "who" to its antecedent,
anonymous sources to "anonymous source"). A cue inside a quotation is part of
the quoted words, and a plain report nested in another's content is folded
into it (PolNeAR convention); refusals, denials and silences are always kept, and so are
reports in an adverbial clause ("after X said Y") or a "who said" relative clause.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from storyledger import agencies, nlp, segment
from storyledger.model import Article, Attribution, Span

# ---------------------------------------------------------------- lexicons


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

# words in the content that make a statement an accusation of wrongdoing by a party
ACCUSATION = re.compile(
    r"\b(behind|ordered|orchestrat\w*|mastermind\w*|sanctioned|financed|funded|bankrolled|"
    r"responsible for|plotted|rigged|bribed|poisoned|tortured|murdered|sabotag\w*|"
    r"(try|tried|trying) to kill|commandit\w*|financé\w*|orchestré\w*|derrière|"
    r"allegedly (\w+ )?(planned|plotted|killed|attacked|shot|stole|took|paid|spied|ordered|tried|"
    r"committed|sold|smuggled|laundered|embezzled|abused|raped|assaulted|threatened|fired|set))\b", re.I)
HEDGES = re.compile(
    r"\b(may|might|could|possibly|perhaps|probably|likely|suspected|believed to|allegedly|"
    r"supposedly|purportedly|reportedly|supposed|purported|alleged|apparently|"
    r"peut-être|probablement|présumée?s?|supposée?s?|aurait|auraient)\b", re.I)

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

# "LYON, March 3 (AFP) - ", "WASHINGTON -- ": the dateline opening a wire story
DATELINE = re.compile(r"^(?:[^\n()]{2,60}?\([^()\n]{2,25}\)\s*[-–—]+\s*|[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,30}"
                      r"(?:,[^\n–—()-]{0,30})?\s*[-–—]+\s+)")
SUBORDINATORS = {"after", "before", "since", "until", "following", "because", "when", "while", "as",
                 "once", "après", "avant", "depuis", "lorsque", "quand", "parce", "alors"}

# quotation marks: opening -> closing marks that may end it (odd counts never raise)
QUOTE_PAIRS = {"“": "”“\"", "«": "»", "„": "“”\"", "‘": "’", '"': '"”', "‹": "›", "”": "”"}


# ---------------------------------------------------------------- quotations


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of quotations, marks included; an unclosed quote runs to its paragraph end."""
    text = text.replace("''", '"\u2060')  # ''double apostrophes'' used as quotation marks
    regions, open_at, opener, closers = [], None, "", ""
    for i, ch in enumerate(text):
        if open_at is not None and ch in closers and _can_close(text, i, ch):
            regions.append((open_at, i + 1))
            open_at = None
        elif ch in QUOTE_PAIRS and _can_open(text, i, ch) and (open_at is None or ch == opener):
            if open_at is not None:  # the same mark again: the previous quotation never closed
                regions.append((open_at, _paragraph_end(text, open_at)))
            open_at, opener, closers = i, ch, QUOTE_PAIRS[ch]
        elif ch == "\n" and open_at is not None and text[i + 1:i + 2] == "\n":
            regions.append((open_at, i))
            open_at = None
    if open_at is not None:
        regions.append((open_at, _paragraph_end(text, open_at)))
    return [(s, e) for s, e in regions if e - s > 2]


def _can_open(text: str, i: int, ch: str) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "‘'’":  # also an apostrophe: only opens at a word start
        return not before.isalnum() and after.isalnum()
    if ch == "”":  # some texts open with a closing mark
        return not before.isalnum() and after.isalnum()
    return not after.isspace() or ch in "«„"


def _can_close(text: str, i: int, ch: str) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "’'":
        return not after.isalnum()
    return True


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n\n", start)
    return len(text) if end < 0 else end


# ---------------------------------------------------------------- extraction


@dataclass
class _Context:
    article: Article
    doc: object
    lexicon: dict[str, str]
    sentences: list[tuple[int, int]]
    quotes: list[tuple[int, int]]
    persons: list  # PERSON entity spans of the doc, in order
    mentions: list = field(default_factory=list)  # the entity stage's mentions, with descriptors
    found: list = field(default_factory=list)  # attributions of the sentences read so far
    full_names: dict = field(default_factory=dict)  # name -> its fullest form (_full_name, memoised)


def extract_attributions(article: Article, doc=None, mentions: list | None = None) -> list[Attribution]:
    """Every attribution in the article, in text order. `mentions` (from the entity stage) add
    the people the tagger missed or called organisations."""
    text = article.text
    sentences = [(s.start, s.end) for s in article.sentences] or segment.sentences(text, article.lang)
    if doc is None and nlp.has_pipeline(article.lang):
        doc = nlp.spacy_pipeline(article.lang)(text)
    if doc is None or not doc.has_annotation("DEP"):
        return _settled(article, _fallback(text, sentences, article.lang), mentions or [])
    lang = (article.lang or "en")[:2]
    persons = _persons(doc, mentions or [])
    ctx = _Context(article, doc, cue_lexicon(lang), sentences, quote_regions(text), persons, mentions or [])
    found = ctx.found
    for s_start, s_end in sentences:
        span = doc.char_span(s_start, s_end, alignment_mode="expand")
        if span is not None:
            found.extend(_sentence_attributions(ctx, span, found))
    _continue_quotations(ctx, found)
    _open_quotations_earlier(ctx, found)
    _dash_signed_quotations(ctx, found)
    _anaphoric_contents(ctx, found)
    return _settled(article, found, mentions or [])


def _settled(article: Article, found: list[Attribution], mentions: list) -> list[Attribution]:
    """What the whole report tells about each attribution: the status its words signal, the
    outlet that speaks or the wire the report came through as its channel."""
    grammar = load_grammar((article.lang or "en")[:2])
    credit = wire_credit(article.text)
    found = _unconfirmed_statements(article, grammar, found)
    for attribution in found:
        attribution.status = _cued_status(grammar, attribution)
        if attribution.speaker_name and attribution.speaker_kind == "organisation" and attribution.speaker \
                and (outlet_named := _outlet_described(article.text, attribution, grammar)):
            attribution.speaker_name = outlet_named  # "según la agencia rusa", after "TASS"
        elif attribution.speaker_name and attribution.speaker_kind == "organisation":
            attribution.speaker_name = _curated_within(attribution.speaker_name) or _named_office(attribution, mentions, grammar) \
                or PARENTHESIS.sub("", attribution.speaker_name).strip() or attribution.speaker_name
        outlet = agencies.lookup(attribution.speaker_name)
        if outlet is not None and outlet.kind in ("wire", "outlet"):
            if attribution.channel is None:  # "BFMTV podaje, że ...": the outlet speaks and relays
                attribution.channel, attribution.channel_name = attribution.speaker, outlet.name
            if attribution.status == "asserted":  # another outlet's report, not this report's fact
                attribution.status = "claimed"
        if attribution.channel is None and credit is not None:
            attribution.channel, attribution.channel_name = credit
    return _relayed(found)


def _relayed(found: list[Attribution]) -> list[Attribution]:
    """"EFE said sources close to the investigation had confirmed X": the sources confirmed, EFE
    relayed it; the outlet's report gives way to the statement it carries, as its channel."""
    relays = set()
    for outer in found:
        outlet = agencies.lookup(outer.speaker_name)
        if outlet is None or outlet.kind not in ("wire", "outlet") or outer.content is None:
            continue
        for inner in found:
            if inner is not outer and outer.content.start <= inner.cue.start < outer.content.end \
                    and inner.speaker_kind in ("named", "anonymous", "organisation") \
                    and inner.speaker_name != outer.speaker_name:
                inner.channel, inner.channel_name = outer.channel or outer.speaker, outlet.name
                inner.sentence_start = min(inner.sentence_start, outer.sentence_start)
                relays.add(id(outer))
    return [a for a in found if id(a) not in relays]


def _unconfirmed_statements(article: Article, grammar: _Grammar, found: list[Attribution]) -> list[Attribution]:
    """A sentence with no cue that states a non-confirmation itself ("But no confirmation has
    come from the authorities") is the report's own not_confirmed claim."""
    pattern = grammar.status_cues.get("not_confirmed")
    if not pattern:
        return found
    quotes = quote_regions(article.text)
    added = []
    for sentence in article.sentences:
        start, end = sentence.start, sentence.end
        if any(a.sentence_start < end and start < a.sentence_end for a in found):
            continue
        text = article.text[start:end]
        cue = next((m for m in re.finditer(pattern, text, re.I)
                    if not any(qs <= start + m.start() < qe for qs, qe in quotes)), None)
        if cue is None:
            continue
        stripped = text.rstrip()
        added.append(Attribution(
            sentence_start=start, sentence_end=end, cue=Span(start + cue.start(), start + cue.end(), cue.group(0)),
            content=Span(start, start + len(stripped), stripped), speaker=None, speaker_kind="report",
            status="not_confirmed"))
    return sorted(found + added, key=lambda a: a.cue.start) if added else found


def _outlet_described(text: str, attribution: Attribution, grammar: _Grammar) -> str | None:
    """A speaker described as an outlet ("the agency", "la agencia rusa", "the publication") is
    the last agency or outlet the report named before it."""
    words = attribution.speaker_name.split()
    if not words or not any(w.casefold() in grammar.outlet_nouns for w in words[:3]) \
            or any(w[:1].isupper() for w in words[1:]) or agencies.lookup(attribution.speaker_name):
        return None
    named = None
    for run in _NAME_RUN.finditer(text, 0, attribution.speaker.start):
        parts = [part.strip(".,;:") for part in run.group(0).split()]
        for size in range(min(len(parts), 4), 0, -1):
            agency = next((agencies.lookup(" ".join(parts[i:i + size])) for i in range(len(parts) - size + 1)
                           if agencies.lookup(" ".join(parts[i:i + size]))), None)
            if agency is not None and agency.kind in ("wire", "outlet"):
                named = agency.name
                break
    return named


def _known_names(mention) -> list[str]:
    """The mention's text and, for a curated organisation, its name and aliases, case-folded."""
    agency = agencies.lookup(mention.text)
    names = [mention.text, mention.canonical or ""] + ([agency.name, *agency.aliases] if agency else [])
    return [n.casefold() for n in names if n]


def _curated_within(name: str) -> str | None:
    """The curated agency, outlet or organisation a longer phrase names: "Spain's EFE news agency"
    -> Agencia EFE, "French daily Le Parisien" -> Le Parisien."""
    words = [_strip_possessive(w) for w in name.split()]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            agency = agencies.lookup(" ".join(words[i:i + size]))
            if agency is not None and (size > 1 or words[i][:1].isupper()):
                return agency.name
    return None


PARENTHESIS = re.compile(r"\s*\([^()]*\)?\s*$")  # "Parquet national antiterroriste (PNAT"
STEM = 6  # letters two forms of one word share: "prosecutors" / "prosecutor's office", "Prokuratura" / "prokuratury"


def _named_office(attribution: Attribution, mentions: list, grammar: _Grammar) -> str | None:
    """An office named by a common noun ("prosecutors", "the prosecutor's spokesman",
    "Prokuratura") is the organisation of the report that bears that word in its name ("the
    national anti-terrorism prosecutor's office (PNAT)"): the nearest one before, else the first after."""
    name = attribution.speaker_name
    if any(word[:1].isupper() for word in name.split()[1:]) or agencies.lookup(name):
        return None  # already a name: "Parquet national antiterroriste", "EFE"
    stems = {word[:STEM].casefold() for word in re.findall(r"\w{%d,}" % STEM, name)
             if not re.fullmatch(rf"(?:{grammar.titles})", word, re.I) and word.casefold() not in grammar.office_holders}
    organisations = [m for m in mentions if m.type == "ORG" and m.start != attribution.speaker.start
                     and any(stem in known for stem in stems for known in _known_names(m))] \
        if attribution.speaker else []
    if not organisations:
        return None
    before = [m for m in organisations if m.end <= attribution.speaker.start]
    chosen = before[-1] if before else organisations[0]
    return PARENTHESIS.sub("", chosen.canonical or chosen.text).strip() or None


# the order a signalled status is looked for: the most specific first
CUED_STATUSES = ("not_confirmed", "declined", "denied", "no_comment", "confirmed", "alleged", "hedged")


def _cued_status(grammar: _Grammar, attribution: Attribution) -> str:
    """A neutral status (asserted, claimed, hedged) made specific by a family of cues of the
    language ("no evidence allows", "too early to say", "maintains his innocence", "is thought to")."""
    if attribution.status not in ("asserted", "claimed", "hedged", "declined", "alleged") or not grammar.status_cues:
        return attribution.status
    content = attribution.content.text if attribution.content is not None else ""
    texts = (content, f"{attribution.cue.text} {content}")  # "^We can confirm" opens the content
    refused = grammar.status_cues.get("refused_confirmation")
    if attribution.status == "declined" and refused and attribution.content is not None \
            and re.search(refused, attribution.content.text, re.I):
        return "not_confirmed"  # "declined to confirm or deny that ..."
    if attribution.status == "declined":
        return attribution.status
    if attribution.status == "alleged":  # "no element supports the sabotage theory" does not accuse
        pattern = grammar.status_cues.get("not_confirmed")
        return "not_confirmed" if pattern and any(re.search(pattern, t, re.I) for t in texts) else "alleged"
    for status in CUED_STATUSES:
        pattern = grammar.status_cues.get(status)
        if pattern and any(re.search(pattern, text, re.I) for text in texts):
            return status
    return attribution.status


# "PARIS (AP) —", "Moscou (AFP) -", "LONDON, May 3 (Reuters) -": the wire that filed the report
WIRE_DATELINE = re.compile(r"\A\W{0,3}(?:date [\d-]+\s+)?[^\n()]{0,60}?\(([^()\n]{2,30})\)\s*[-–—:]")
# a sign-off line: "(AFP)", "— AP", "dpa/lni", "AFP/Reuters"
WIRE_SIGNOFF = re.compile(r"^[ \t(—–-]*([A-Za-z][\w .-]{1,30}?)(?:/[a-z]{1,5})?\)?[ \t.]*$", re.M)


def wire_credit(text: str) -> tuple[Span, str] | None:
    """The agency a report credits in its dateline or sign-off line, as (span, name)."""
    found = WIRE_DATELINE.match(text)
    candidates = [found] if found else []
    tail = text.rstrip()
    last_line = tail.rfind("\n") + 1
    if (signoff := WIRE_SIGNOFF.match(tail, last_line)) is not None:
        candidates.append(signoff)
    for match in candidates:
        agency = agencies.lookup(match.group(1).strip())
        if agency is not None and agency.kind in ("wire", "outlet"):
            return Span(match.start(1), match.end(1), match.group(1)), agency.name
    return None


# a sentence that opens by pointing back: what it attributes is the sentence before
ANAPHORIC_OPENING = re.compile(
    r"^\W*(this|that|it|the (information|report|news|claim|account|figure|toll)s?|c['’]est ce qu|ce|cela|ceci|"
    r"l['’]information|la nouvelle|ces informations)\b", re.I)


def _anaphoric_contents(ctx: _Context, found: list[Attribution]) -> None:
    """"Four men were arrested. This was confirmed by the prosecutor's office.": the claim is the
    sentence before; the evidence holds both."""
    for attribution in found:
        index = next((i for i, (s, e) in enumerate(ctx.sentences) if s <= attribution.cue.start < e), None)
        if not index or attribution.quote:
            continue
        s, e = ctx.sentences[index]
        if not ANAPHORIC_OPENING.match(ctx.article.text[s:e]):
            continue
        content = attribution.content
        if content is not None and len(content.text.split()) > 3:  # "This is a tragedy, the mayor said"
            continue
        p_start, p_end = ctx.sentences[index - 1]
        before = ctx.article.text[p_start:p_end].rstrip()
        attribution.content = Span(p_start, p_start + len(before), before)
        attribution.sentence_start = min(attribution.sentence_start, p_start)


def _open_quotations_earlier(ctx: _Context, found: list[Attribution]) -> None:
    """'"A. B," she said.' -- the quotation opened sentences before its cue; its first
    sentences are part of the content and of the evidence."""
    for attribution in found:
        content = attribution.content
        if content is None:
            continue
        quote = next(((qs, qe) for qs, qe in ctx.quotes
                      if qs < content.start <= qe and qs < attribution.sentence_start), None)
        if quote is None:
            continue
        opening = next(((s, e) for s, e in ctx.sentences if s <= quote[0] < e), None)
        if opening is None:
            continue
        attribution.content = Span(quote[0], content.end, ctx.article.text[quote[0]:content.end])
        attribution.sentence_start = opening[0]


def _continue_quotations(ctx: _Context, found: list[Attribution]) -> None:
    """'"A," she said. "B."' -- a quotation that goes on in the next sentence, with no cue of
    its own, is more of the same content."""
    cue_starts = sorted(a.cue.start for a in found)
    for attribution in found:
        if not attribution.quote or attribution.content is None:
            continue
        following = [(s, e) for s, e in ctx.sentences if s >= attribution.sentence_end]
        for s, e in following[:3]:
            quote = next(((qs, qe) for qs, qe in ctx.quotes if qs == s and qe >= e - 1), None)
            if quote is None or any(s <= c < e for c in cue_starts):
                break
            attribution.content = Span(attribution.content.start, quote[1],
                                       ctx.article.text[attribution.content.start:quote[1]])
            attribution.sentence_end = e


def _sentence_attributions(ctx: _Context, sent, earlier: list[Attribution]) -> list[Attribution]:
    report_channel = _report_channel(ctx, sent)
    used: set[int] = set()
    results = []
    for token in sent:
        if token.i in used or _inside_quote(ctx, token):
            continue  # a cue inside a quotation belongs to the quoted speaker's words
        found = _according_to(ctx, token) or _learned_from(ctx, token) or _verb_cue(ctx, token, used) \
            or _noun_cue(ctx, token) or _adjective_cue(ctx, token)
        if found is None:
            continue
        if report_channel and found.speaker and _same_span(found.speaker, report_channel[0]):
            continue  # "..., CBS News reported": CBS News is the channel, not a speaker
        results.append(found)
    colon = _colon_quote(ctx, sent)
    if colon is not None and (not colon.quote or not any(_overlaps(colon.content, r.content) for r in results)):
        results.append(colon)
    results = _drop_nested(ctx, results)
    if not results and report_channel:
        results.append(_report_as_speaker(ctx, sent, report_channel))
    for found in results:
        if found.channel is None and report_channel:
            found.channel, found.channel_name = report_channel
    _share_channels(results, earlier, ctx)
    return results


# ------------------------------------------------ cue finders


def _colon_quote(ctx: _Context, sent):
    """"Rep. Jane Doe (D-Ohio): \u201c...\u201d" -> the name before the colon said the quotation."""
    doc = sent.doc
    for token in sent:
        if token.text != ":" or token.i == sent.start:
            continue
        label = _speaker_label(sent, token)
        if _inside_quote(ctx, token) and not (label and label.text.isupper()):
            continue  # but a transcript inside quotation marks: "PENCE: Well, ..."
        quote = next(((s, e) for s, e in ctx.quotes if 0 <= s - token.idx - 1 <= 2), None)
        before = doc[token.i - 1]
        if before.text == ")":
            opening = next((t for t in reversed(doc[sent.start:token.i]) if t.text == "("), None)
            before = doc[opening.i - 1] if opening is not None and opening.i > sent.start else before
        headline = quote is None and (before.ent_type_ in ("PERSON", "PER") and token.i - sent.start <= 6
                                      or label is not None) \
            and token.i + 2 < sent.end  # "Jane Doe: Voters Are Worried", "SMITH: We will ..."
        if not headline and (quote is None or before.pos_ not in ("PROPN", "NOUN")):
            continue
        if headline:
            rest = doc[token.i + 1:sent.end]
            quote = (rest.start_char, rest.end_char)
        head = before
        while head.dep_ in ("compound", "flat", "amod") and head.head.i > head.i and head.head.i < token.i:
            head = head.head
        if not headline and head.dep_ in OBJECT_DEPS | {"pobj", "obl", "nmod"}:
            head = _speaker_token(head.head)  # 'X made the following comment: "..."' -> X
            if head is None or head.i >= token.i:
                continue
        content = Span(quote[0], quote[1], ctx.article.text[quote[0]:quote[1]])
        cue = Span(token.idx, token.idx + 1, ":")
        attribution = _build(ctx, token, cue, head, content, "say", negated=False, quote=not headline)
        if label is not None and label.text.isupper() and attribution.speaker_kind == "organisation":
            person = _full_name(ctx, label.text.title())  # "PENCE" -> "Mike Pence" named earlier
            if person != label.text.title():
                attribution.speaker_kind, attribution.speaker_name = "named", person
                attribution.status = _status("say", False, False, content.text, "named")
        return attribution
    return None


# words that label a headline or a section, not a speaker: "The Latest: ...", "UPDATE: ..."
LABEL_WORDS = {"latest", "update", "updated", "editor", "watch", "video", "photos", "breaking",
               "exclusive", "opinion", "analysis", "note", "live", "read", "related", "q", "a",
               "source", "sources", "photo", "credit", "correction", "transcript", "see", "also",
               "clarification", "warning", "note", "editor's", "update", "breaking"}


def _speaker_label(sent, colon):
    """The name that opens a sentence before a colon: "Sanders: ...", "PENCE: ..." (1-4 words)."""
    words = [t for t in sent.doc[sent.start:colon.i] if not t.is_punct]
    if not 1 <= len(words) <= 4 or any(t.lower_ in LABEL_WORDS for t in words):
        return None
    if all(t.text.isupper() and t.is_alpha and len(t) > 1 for t in words):
        return words[-1]  # a transcript: "PENCE: ..."
    named = any(t.ent_type_ in ("PERSON", "PER", "ORG", "NORP", "GPE") for t in words)
    if named and all(t.pos_ == "PROPN" for t in words):
        return words[-1]
    return None


# '"...." ― Jane Doe': a quotation signed with a dash and a name after it
DASH_SIGNATURE = re.compile(r"[ \t]*[―—–][ \t]*((?:[A-ZÀ-Þ][\w.'’-]*)(?:[ \t]+[A-ZÀ-Þ][\w.'’-]*){0,4})")


def _dash_signed_quotations(ctx: _Context, found: list[Attribution]) -> None:
    text = ctx.article.text
    for start, end in ctx.quotes:
        signature = DASH_SIGNATURE.match(text, end)
        if signature is None or any(_overlaps(a.content, Span(start, end, "")) for a in found):
            continue
        name_end = signature.end(1) - (signature.group(1).endswith(".") and len(signature.group(1).split()[-1]) > 2)
        name = ctx.doc.char_span(signature.start(1), name_end, alignment_mode="contract")
        if name is None or not any(t.pos_ == "PROPN" for t in name):
            continue
        dash_at = text.index(signature.group(0).strip()[0], end)
        cue = Span(dash_at, dash_at + 1, text[dash_at])
        content = Span(start, end, text[start:end])
        signed = _build(ctx, name.root, cue, name.root, content, "say", negated=False, quote=True)
        signed.speaker = _as_span(name)
        found.append(signed)
    found.sort(key=lambda a: a.cue.start)


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _drop_nested(ctx: _Context, results: list[Attribution]) -> list[Attribution]:
    """A plain report inside another one's content ("X said Y thinks Z") is part of that
    content; refusals, denials and silences inside it are kept, and so are reports in an
    adverbial clause of it ("police opened an inquiry after X said Y, a source said")."""
    kept = []
    for found in results:
        inside = any(other is not found and other.content is not None
                     and other.content.start <= found.cue.start < other.content.end
                     for other in results)
        if not (inside and found.status in ("asserted", "claimed", "hedged")) \
                or _in_adverbial_clause(ctx, found.cue.start):
            kept.append(found)
    return kept


def _in_adverbial_clause(ctx: _Context, offset: int) -> bool:
    """The cue at `offset` heads a clause opened by "after", "because", "when", ..."""
    span = ctx.doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    cue = span[0]
    markers = [c for c in cue.children if c.dep_ in ("mark", "prep")] + \
        ([cue.head] if cue.dep_ in ("pcomp", "pobj") else [])
    if cue.dep_ in ("relcl", "acl:relcl") and cue.lemma_ == "say" \
            and any(c.lower_ == "who" and c.dep_ in SUBJECT_DEPS for c in cue.children):
        return True  # "an architect who said he was never paid": the architect's own claim
    return cue.dep_ in ("advcl", "pcomp", "pobj") and any(m.lower_ in SUBORDINATORS for m in markers)


def _according_to(ctx: _Context, token):
    """"according to X, ..." / "selon X" -> X said the rest of the sentence."""
    source = None
    if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
        objects = [c for c in token.nbor().children if c.dep_ in ("pobj", "obj")]
        source = objects[0] if objects else None
        cue_end = token.i + 2
    elif token.lower_ in ("selon", "d'après") and token.dep_ == "case":
        source = token.head
        cue_end = token.i + 1
    elif _opening_source(token):  # "Pour Vladimir X, pas de doute, c'est ...": X's view
        source = token.head if token.dep_ == "case" else _object_of(token)
        cue_end = token.i + 1
    if source is None:
        return None
    doc = token.doc
    phrase = _phrase_tokens(token, source)
    clause = _clause_of(source.head if token.lower_ != "according" else token.head)
    content = _span_without(doc, clause, phrase)
    if token.lower_ != "according":  # the parser's clause may run over sentence ends
        phrase_end = doc[max(phrase)].idx + len(doc[max(phrase)])
        comma = ctx.article.text.find(",", token.idx, phrase_end)
        content = _sentence_without(ctx, token.idx, comma if comma > 0 else phrase_end)
    cue = Span(doc[token.i].idx, doc[cue_end - 1].idx + len(doc[cue_end - 1]), doc[token.i:cue_end].text)
    attribution = _build(ctx, token, cue, source, content, "say", negated=False)
    outlet = _outlet_name(doc[source.left_edge.i:source.right_edge.i + 1])
    if outlet:
        attribution.channel = _span_of(doc, source)
        attribution.channel_name = outlet
    return attribution


def _opening_source(token) -> bool:
    """A sentence that opens "For <person>, ..." / "Pour <personne>, ..." gives that person's view."""
    if token.i != token.sent.start or token.lower_ not in load_grammar((token.doc.lang_ or "en")[:2]).opening_sources:
        return False
    person = token.head if token.dep_ == "case" else _object_of(token)
    if person is None or person.ent_type_ not in ("PER", "PERSON"):
        return False
    after = person.i + 1
    while after < len(token.doc) and token.doc[after].ent_type_ in ("PER", "PERSON"):
        after += 1
    return after < len(token.doc) and token.doc[after].text == ","


def _sentence_without(ctx: _Context, lo: int, hi: int) -> Span | None:
    """The longer side of the sentence around [lo, hi) ("Selon X, C." / "C, selon X.")."""
    start, end = _sentence_bounds(ctx, lo)
    text = ctx.article.text
    sides = [(start, lo), (hi, end)]
    side_lo, side_hi = max(sides, key=lambda side: len(text[side[0]:side[1]].strip()))
    piece = text[side_lo:side_hi]
    stripped = piece.strip(" \n\t,;:—–-").rstrip(".").strip()
    if not stripped:
        return None
    at = side_lo + piece.index(stripped)
    return Span(at, at + len(stripped), stripped)


def _learned_from(ctx: _Context, token):
    """"AFP learned from sources close to the probe that ...", "a-t-on appris de source proche":
    the (anonymous) sources speak, the outlet that learned it is the channel."""
    if token.lemma_.lower() not in ("learn", "apprendre") or not _verb_like(token):
        return None
    subject = next((c for c in token.children if c.lower_ in INVERTED_SUBJECTS
                    or c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"), None) \
        or next((c for c in token.children if c.dep_ == "obj" and c.i > token.i), None)  # "a appris l'AFP"
    if subject is None:
        return None
    doc = token.doc
    outlet = _outlet_name(_np(doc, subject))
    if outlet is None and subject.lower_ not in ("on", "-on", "we", "nous"):
        return None
    content = _learned_content(doc, token)
    if content is None:
        return None
    source = _learned_source(doc, token, content)
    attribution = _build(ctx, token, _cue_span(doc, [token], _negated(token)), source, content,
                         "say", _negated(token))
    if source is not None:  # the phrase itself, without "from" or a clause hung on it
        words = [t for t in source.subtree if t.i >= source.i or t.pos_ != "ADP"]
        words = [t for t in words if not content.start <= t.idx < content.end]
        phrase = doc[words[0].i:words[-1].i + 1] if words else doc[source.i:source.i + 1]
        attribution.speaker = _as_span(phrase)
    if attribution.speaker_kind in ("report", "organisation"):  # "Reuters has learned that ..."
        attribution.speaker_kind, attribution.speaker_name = "anonymous", "anonymous source"
        attribution.status = _status("say", _negated(token), False, content.text, "anonymous")
    if outlet is not None:
        attribution.channel, attribution.channel_name = _as_span(_np(doc, subject)), outlet
    elif (own := agencies.lookup(ctx.article.outlet)) is not None and own.kind in ("wire", "outlet"):
        attribution.channel_name = own.name
    return attribution


def _learned_source(doc, verb, content: Span):
    """The noun after "from" / "de" / "auprès de" in the learning clause."""
    for t in doc[verb.i + 1:verb.right_edge.i + 1]:
        if content.start <= t.idx < content.end:
            break
        if t.lower_ in ("from", "de", "d'", "auprès", "des"):
            return next((n for n in doc[t.i + 1:min(t.i + 5, verb.right_edge.i + 1)]
                         if n.pos_ in ("NOUN", "PROPN", "PRON")), None)
    return None


def _learned_content(doc, verb) -> Span | None:
    content_head = next((c for c in verb.children if c.dep_ in CONTENT_DEPS), None)
    if content_head is not None:
        return _span_of(doc, content_head)
    for t in doc[verb.i + 1:verb.right_edge.i + 1]:  # "that ..." misattached to a noun before it
        if t.lower_ in ("that", "que", "qu'") and t.dep_ == "mark" and t.head.i > t.i:
            return _span_of(doc, t.head)
    if verb.dep_ in ("parataxis", "advcl", "conj", "ccomp") and verb.head.i != verb.i:
        return _span_without(doc, verb.head, {t.i for t in verb.subtree})  # "X happened, AFP learned"
    return None


def _cue_lemma(token, lexicon: dict[str, str]) -> str:
    """The token's lemma, or its lexicon form when the lemmatiser stumbled ("hoped" -> "hop")."""
    lemma = token.lemma_.lower()
    if lemma in lexicon or not token.lower_.isalpha():
        return lemma
    word = token.lower_
    for suffix in ("d", "ed", "s", "es", "ing"):
        if word.endswith(suffix) and word[:-len(suffix)] in lexicon:
            return word[:-len(suffix)]
    return lemma


def _verb_cue(ctx: _Context, token, used: set[int]):
    lemma = _cue_lemma(token, ctx.lexicon)
    if lemma not in ctx.lexicon and lemma not in WISH_VERBS or not _verb_like(token):
        return None
    if _asks_anonymity(token) or token.dep_ == "xcomp" and _asks_anonymity(token.head):
        return None
    cls = ctx.lexicon.get(lemma)
    negated = _negated(token)
    if lemma == "receive" and not negated:
        return None  # "received a letter" reports nothing; "did not receive a reply" is a silence
    cue_tokens = [token] + [c for c in token.children if c.dep_ in ("prt", "compound:prt")]
    content_head = None
    refusal = _refused_speech(token)
    if lemma in WISH_VERBS:
        if not (negated and refusal):
            return None
        cls = "decline"
    if cls == "decline" and refusal is None and (noun := _refused_comment(token)) is not None:
        used.add(noun.i)  # "se refuse à tout commentaire", "declined comment"
        cue_tokens.append(noun)
        return _build(ctx, token, _cue_span(token.doc, cue_tokens, negated), _speaker_token(token), None,
                      "decline", negated)
    if cls == "decline":
        if refusal is None:  # "refused to join the debate": reported, not a silence
            cls = "say"
            refusal = next((c for c in token.children if c.dep_ == "xcomp"), None)
            if refusal is None:
                return None
        else:
            cue_tokens.append(refusal)
        used.add(refusal.i)
        content_head = _complement(refusal) if cls == "decline" else refusal
    elif cls == "comment" and not negated:
        cls = "say"
    elif cls in ("think", "hedge", "report") and token.dep_ in ("amod", "compound"):
        return None
    if lemma in SILENCE_VERBS and negated:
        cls = "comment"
    incise = _incise(ctx, token) if content_head is None and cls != "decline" else None
    if incise is not None:  # « C », a déclaré X
        speaker, phrase, content = incise
        attribution = _build(ctx, token, _cue_span(token.doc, cue_tokens, negated), speaker, content, cls,
                             negated, quote=_is_quoted(ctx, content), speaker_phrase=phrase)
        if (channel := _recipient_channel(token)) is not None:
            attribution.channel, attribution.channel_name = channel
        return attribution
    if content_head is None:
        shared = None if _complement(token) is not None else _conjoined_cue(token, ctx.lexicon)
        if shared is not None:  # "neither confirm nor deny the shootings": one cue, one content
            cue_tokens.append(shared)
            used.add(shared.i)
        content_head = _trailing_report_content(_complement(shared if shared is not None else token))
        if lemma in PERCEPTION_VERBS and (content_head is None or content_head.dep_ != "ccomp"):
            return None  # "has seen a boom", "known as": perception, not a stance
        if content_head is not None and content_head.lower_ == "for" and content_head.dep_ == "prep":
            cue_tokens.append(content_head)  # "called for" is the cue, the demand its content
            content_head = _object_of(content_head) or content_head
    quote = False
    doc = token.doc
    if content_head is not None:
        content = _quoted_extent(ctx, _within_sentence(ctx, token.idx, _with_predicate(
            doc, token, content_head, _content_without_conjoined_cues(doc, content_head))))
    else:
        content = _nearest_quote(ctx, token)
    speaker = _passive_agent(token) or _trailing_speaker(token) or _speaker_token(token)
    if speaker is not None and speaker.head.i == token.i and speaker.dep_ in ("nsubjpass", "nsubj:pass") \
            and lemma not in ("quote",):
        speaker = None  # "X was accused / criticised / described": X is the target, not the speaker
    if speaker is not None and _inside_quote(ctx, speaker):
        speaker = _inverted_subject(token)  # '"... Full panic mode," said Jane Doe'
        if speaker is not None and content_head is not None and speaker.i == content_head.i:
            content_head, content = None, _nearest_quote(ctx, token)  # '« ... », a martelé le maire'
    if content is None and speaker is not None and token.dep_ in ("parataxis", "advcl", "conj") \
            and token.head.i != token.i:  # "Overall, she said, the party is ...": the host clause
        content = _span_without(doc, token.head, {t.i for t in token.subtree})
    if speaker is None and content_head is not None and content_head.dep_ in OBJECT_DEPS \
            and content_head.i > token.i and (quoted := _nearest_quote(ctx, token)) is not None:
        speaker, content = content_head, quoted  # French inversion: « ... », a déclaré le maire
    if content_head is None and speaker is not None and speaker.i < token.i:
        content = _before_comma(ctx, token, speaker) or content
    if speaker is None and (opening := _participle_opening(ctx, token)) is not None:
        speaker, content = opening  # "Confirming arrests had been made, the prosecutor said ..."
    if content is None and cls in ("confirm", "deny") and not negated:
        content = _rest_of_sentence(ctx, token, cue_tokens)  # a parse that lost the object
    if content is None and cls in ("say", "claim", "hedge", "think", "report", "criticize") and not negated:
        return None  # a reporting verb with nothing reported ("said on Monday")
    if content is not None:
        quote = _is_quoted(ctx, content)
    if lemma in CLAUSE_ONLY_VERBS and not quote and (content_head is None or content_head.dep_ != "ccomp"):
        return None
    if lemma == "receive":  # "X did not receive a reply from Y": Y stayed silent
        return _no_reply(ctx, token, cue_tokens, negated)
    cue = _cue_span(doc, cue_tokens, negated)
    attribution = _build(ctx, token, cue, speaker, content, cls, negated, quote=quote)
    channel = _recipient_channel(token)
    if channel is not None:
        attribution.channel, attribution.channel_name = channel
    return attribution


FRENCH_TIME_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
                     "aujourd'hui", "soir", "matin", "midi", "après-midi", "encore", "également", "aussi",
                     "ensuite", "enfin", "alors", "notamment", "dernier", "dernière"}
# what a noun phrase after an incise cue holds: "l'autorité portuaire de Kestrava", "Claire Dufresnel"
NOUN_PHRASE_DEPS = {"det", "amod", "flat", "flat:name", "nmod", "case", "compound", "nummod", "fixed"}


def _incise(ctx: _Context, verb):
    """French reporting incise: a cue after its content, the speaker inverted after it
    ("« C », a déclaré X", "C, a indiqué la police mardi", "« C », a-t-elle ajouté").
    (speaker token, speaker span, content) or None; the parser often takes X for an object."""
    if (ctx.article.lang or "")[:2] != "fr" or any(c.dep_ in SUBJECT_DEPS and c.i < verb.i for c in verb.children):
        return None
    doc, sent = verb.doc, verb.sent
    i = verb.i - 1
    inverted = None
    while i > sent.start and (doc[i].dep_.startswith("aux") or doc[i].lower_ in INVERTED_SUBJECTS | {"-t"}
                              or doc[i].pos_ == "ADV"):
        inverted = doc[i] if doc[i].lower_ in INVERTED_SUBJECTS else inverted
        i -= 1
    if i <= sent.start or doc[i].text not in {",", "—", "–", "-", "»", "”", '"'}:
        return None
    speaker = inverted or _inverted_noun(verb)
    if speaker is None:
        return None
    phrase = None if inverted is not None else _incise_phrase(doc, speaker)
    person = next((e for e in ctx.persons if phrase is not None and e.start == phrase.end), None)
    if person is not None:  # "a déclaré la conservatrice Jane Doe": the title's holder
        speaker, phrase = person.root, doc[phrase.start:person.end]
    content = _quote_ending_at(ctx, doc[i]) or _text_before(ctx, verb, doc[i])
    return (speaker, phrase, content) if content is not None else None


def _inverted_noun(verb):
    """The noun heading the inverted subject: past time words, up to the first noun or name."""
    for t in verb.doc[verb.i + 1:verb.sent.end]:
        if t.lower_ in FRENCH_TIME_WORDS or t.ent_type_ in ("DATE", "TIME") or t.pos_ in ("DET", "ADJ", "NUM"):
            continue
        if t.pos_ in ("NOUN", "PROPN") or t.is_title:
            return t
        return None
    return None


def _incise_phrase(doc, head):
    """The inverted subject's noun phrase, without what the parser hung on it (recipients, places)."""
    keep, todo = {head.i}, [head]
    while todo:
        for child in todo.pop().children:
            if child.dep_ in NOUN_PHRASE_DEPS and child.lower_ not in FRENCH_TIME_WORDS \
                    and not (child.dep_ == "nmod" and any(c.lower_ in ("à", "au", "aux") for c in child.children)):
                keep.add(child.i)
                todo.append(child)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return doc[lo:hi + 1]


def _quote_ending_at(ctx: _Context, mark) -> Span | None:
    """The quotation closed right before the cue's comma or dash."""
    text = ctx.article.text
    for s, e in ctx.quotes:
        if e <= mark.idx + len(mark.text) and not text[e:mark.idx].strip(" ,—–-") and e >= mark.idx - 2:
            return Span(s, e, text[s:e])
    return None


def _text_before(ctx: _Context, verb, mark) -> Span | None:
    """The sentence up to the comma before an incise cue."""
    start = _sentence_bounds(ctx, verb.idx)[0]
    piece = ctx.article.text[start:mark.idx]
    stripped = piece.strip()
    if len(stripped.split()) < 3:
        return None
    at = start + piece.index(stripped)
    return Span(at, at + len(stripped), stripped)


def _within_sentence(ctx: _Context, offset: int, content: Span) -> Span:
    """The part of the content inside the cue's sentence (the parser may run over a headline)."""
    start, end = _sentence_bounds(ctx, offset)
    if start == end or start <= content.start and content.end <= end or _is_quoted(ctx, content):
        return content
    lo, hi = max(start, content.start), min(end, content.end)
    text = ctx.article.text[lo:hi]
    stripped = text.strip()
    if not stripped:
        return content
    lo += len(text) - len(text.lstrip())
    return Span(lo, lo + len(stripped), stripped)


def _trailing_report_content(head):
    """"X said Y, a source told AFP": the parser may hang the trailing report on X's verb; X's
    content is then Y, the clause that report governs before it."""
    if head is None or not _is_cue_word(head) or not any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return head
    before = [c for c in head.children if c.dep_ == "ccomp" and c.i < head.i]
    return before[0] if before else head


def _quote_closes_between(ctx: _Context, speaker, verb) -> bool:
    return any(s < speaker.idx < e - 1 and e <= verb.idx for s, e in ctx.quotes)


def _inverted_subject(verb):
    """The noun phrase right after the verb: "said Jane Doe, a spokeswoman"."""
    doc = verb.doc
    for t in doc[verb.i + 1:min(verb.i + 4, verb.sent.end)]:
        if t.ent_type_ in ("DATE", "TIME"):
            return None  # "said Monday"
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            while t.dep_ in ("compound", "flat", "amod") and t.head.i > t.i:
                t = t.head
            return t
        if t.pos_ not in ("DET", "ADJ", "PROPN"):
            return None
    return None


def _asks_anonymity(verb) -> bool:
    """"who asked not to be named", "declined to be identified", "requested anonymity"."""
    following = verb.doc[verb.i + 1:verb.right_edge.i + 1].text
    return bool(ANONYMITY_REQUEST.match(following))


def _noun_cue(ctx: _Context, token):
    """"Trump's claim that ...", "a statement by the ministry", "X made the promise to ..."."""
    cls = NOUN_CUES.get(token.lemma_.lower())
    if cls is None or token.pos_ != "NOUN":
        return None
    holder = next((c for c in token.children if c.dep_ in ("poss", "nmod:poss")), None)
    if holder is None:
        by = next((c for c in token.children if c.lower_ in ("by", "from", "de", "par")), None)
        holder = _object_of(by) if by is not None else None
    if holder is None and token.dep_ in OBJECT_DEPS and token.head.lemma_ in (
            "make", "issue", "release", "express", "voice", "offer", "repeat", "reiterate"):
        holder = next((c for c in token.head.children if c.dep_ in SUBJECT_DEPS), None)
    content_head = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "acl:relcl")
                         and any(m.lower_ in ("that", "que", "to") for m in c.children)), None)
    if holder is None or content_head is None:
        return None
    doc = token.doc
    cue = Span(token.idx, token.idx + len(token), token.text)
    return _build(ctx, token, cue, holder, _span_of(doc, content_head), cls, negated=False)


def _adjective_cue(ctx: _Context, token):
    """"Officials are confident that ...", "she made clear that ..."."""
    cls = ADJECTIVE_CUES.get(token.lower_)
    if cls is None or token.pos_ != "ADJ":
        return None
    content_head = _complement(token)
    if content_head is None and token.dep_ in ("acomp", "oprd", "ccomp", "xcomp"):
        content_head = next((c for c in token.head.children if c.dep_ == "ccomp"), None)
    if content_head is None:
        return None
    speaker = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None) \
        or _speaker_token(token.head if token.dep_ in ("acomp", "oprd", "xcomp", "ccomp") else token)
    if speaker is None:
        return None
    cue = Span(token.idx, token.idx + len(token), token.text)
    return _build(ctx, token, cue, speaker, _span_of(token.doc, content_head), cls, negated=False)


def _verb_like(token) -> bool:
    """A verb, or a clause head the (French) tagger mislabelled."""
    return token.pos_ in ("VERB", "AUX") or token.pos_ not in ("NOUN", "PROPN", "ADP", "PUNCT") \
        and token.dep_ in ("ROOT", "parataxis", "ccomp", "advcl", "acl:relcl")


def _no_reply(ctx: _Context, token, cue_tokens, negated: bool):
    if not negated:
        return None
    doc = token.doc
    silent = None
    for child in token.subtree:
        if child.lower_ == "from":
            objects = [c for c in child.children if c.dep_ in ("pobj", "obj")]
            silent = objects[0] if objects else None
    if silent is None:
        return None
    attribution = _build(ctx, token, _cue_span(doc, cue_tokens, negated), silent, None, "comment", True)
    subject = _speaker_token(token)
    outlet = subject is not None and _outlet_name(_np(doc, subject))
    if outlet:
        attribution.channel, attribution.channel_name = _span_of(doc, subject), outlet
    return attribution


# ------------------------------------------------ parts of an attribution


def _build(ctx: _Context, cue_token, cue: Span, speaker, content: Span | None, cls: str,
           negated: bool, quote: bool = False, speaker_phrase=None) -> Attribution:
    """An attribution from the parse; `speaker_phrase` (a doc span) when the caller knows the
    speaker's extent better than the parse (a French inverted subject tagged as a verb)."""
    doc = cue_token.doc
    if speaker_phrase is not None:
        kind, name = _speaker_identity(ctx, speaker, speaker_phrase)
        if kind == "organisation":  # a surname the article named in full, or the phrase itself
            full = _full_name(ctx, speaker_phrase.text)
            kind, name = ("named", full) if speaker.is_title and full != speaker_phrase.text \
                else (kind, _strip_det(speaker_phrase.text))
        elif kind == "named" and speaker.ent_type_ not in ("PER", "PERSON") and not speaker.is_title \
                and speaker.lemma_.lower() not in ROLE_NOUNS:  # "l'autorité portuaire de Kestrava"
            kind, name = "organisation", _strip_det(speaker_phrase.text)
        content = _without_dateline(content)
        start, end = _evidence(ctx, cue.start, content)
        return Attribution(
            sentence_start=start, sentence_end=end, cue=cue, content=content, speaker=_as_span(speaker_phrase),
            speaker_kind=kind, speaker_name=name, quote=quote,
            status=_status(cls, negated, _neither(cue_token), _main_clauses(ctx.doc, content), kind))
    relative = speaker is not None and speaker.head.dep_ in ("relcl", "acl:relcl")
    it_speaks = speaker is not None and speaker.lower_ == "it" and speaker.dep_ == "nsubj" \
        and speaker.head.i == cue_token.i and cls in ("say", "claim", "accuse", "deny", "confirm", "criticize")
    if speaker is not None and not relative and not it_speaks \
            and (speaker.lower_ in NOT_SPEAKERS or speaker.pos_ in ("VERB", "AUX", "ADP")):
        speaker = None  # "it showed", "nothing suggests": no one is speaking
    if speaker is not None and speaker.ent_type_ in ("DATE", "TIME") \
            and not re.search(r"\d+-year-old", doc[speaker.left_edge.i:speaker.i + 1].text):
        speaker = None  # "5:45 p.m.", "Monday": a time stamp, not a speaker
    if speaker is not None and (speaker.dep_.startswith("expl") and speaker.lower_ not in INVERTED_SUBJECTS
                                or speaker.lower_ == "il" and any(
            c.dep_ in ("auxpass", "aux:pass") for c in cue_token.children)):
        speaker = None  # impersonal: "il a été annoncé que ..."
    speaker_span = _np(doc, speaker) if speaker is not None else None
    kind, name = _speaker_identity(ctx, speaker, speaker_span)
    if speaker is not None and not (speaker.left_edge.i <= cue_token.i <= speaker.right_edge.i):
        speaker_span = _whole_phrase(doc, speaker)  # with appositions and relative clauses
    if speaker_span is not None and "\n" in speaker_span.text:  # a dateline or time stamp above
        first = next((t.i for t in reversed(speaker_span) if t.i <= speaker.i and "\n" in t.text), None)
        if first is not None:
            speaker_span = doc[first + 1:speaker_span.end]
    if speaker_span is not None and "\n" in speaker_span.text:
        speaker_span = doc[speaker.i:speaker.i + 1]
    if speaker_span is not None and speaker_span.text.startswith("-"):  # "-t-il" -> "il"
        speaker_span = Span(speaker_span.start_char + 1, speaker_span.end_char, speaker_span.text[1:])
    content = _without_dateline(content)
    start, end = _evidence(ctx, cue.start, content)
    status = _status(cls, negated, _neither(cue_token), _main_clauses(ctx.doc, content), kind)
    return Attribution(
        sentence_start=start, sentence_end=end, cue=cue, content=content,
        speaker=_as_span(speaker_span) if speaker_span is not None and not isinstance(speaker_span, Span)
        else speaker_span,
        speaker_kind=kind, speaker_name=name, status=status, quote=quote)


def _persons(doc, mentions: list) -> list:
    """The tagger's PERSON spans, and the entity stage's people it did not tag as such."""
    persons = [e for e in doc.ents if e.label_ in ("PERSON", "PER")]
    tagged = {(e.start_char, e.end_char) for e in persons}
    for m in mentions:
        span = doc.char_span(m.start, m.end) if m.type == "PERSON" else None
        if span is not None and (m.start, m.end) not in tagged and span[0].pos_ == "PROPN" \
                and not any(e.start_char < m.end and m.start < e.end_char for e in persons):
            persons.append(span)
    return sorted(persons, key=lambda e: e.start_char)


def _without_dateline(content: Span | None) -> Span | None:
    found = DATELINE.match(content.text) if content is not None else None
    if found is None or found.end() >= len(content.text):
        return content
    return Span(content.start + found.end(), content.end, content.text[found.end():])


def _main_clauses(doc, content: Span | None) -> str:
    """The content without its relative clauses: "braked, which probably saved lives" states the
    braking as fact; the hedge is on the aside."""
    if content is None:
        return ""
    span = doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None:
        return content.text
    asides = {t.i for t in span if t.head.i >= span.start and _relative_clause(t) for t in t.subtree}
    return "".join(t.text_with_ws for t in span if t.i not in asides)


def _relative_clause(verb) -> bool:
    """A relative clause, or one the parser took for a complement though its subject is "which"."""
    return verb.dep_ in ("relcl", "acl:relcl") or \
        any(c.dep_.startswith("nsubj") and c.lower_ in ("which", "who") for c in verb.children)


def _status(cls: str, negated: bool, neither: bool, content: str, speaker_kind: str) -> str:
    if cls in ("deny", "confirm"):
        if negated or neither:
            return "not_confirmed"
        return "denied" if cls == "deny" else "confirmed"
    if cls == "decline":
        return "declined"
    if cls == "comment" or negated:
        return "no_comment"
    if cls == "accuse" or ACCUSATION.search(content):
        return "alleged"
    if cls == "hedge" or _hedged(content):
        return "hedged"
    if cls == "claim":
        return "claimed"
    return "asserted" if speaker_kind in ("anonymous", "organisation", "report") else "claimed"


def _hedged(content: str) -> bool:
    """A hedge word in the content; "May" inside a sentence is the month."""
    return any(m.group(0) != "May" or m.start() == 0 for m in HEDGES.finditer(content))


def _speaker_token(verb):
    """The subject of the cue verb, climbing through "adding"/"declined to say" chains."""
    token = _conjoined_cue_host(verb) or verb
    for _ in range(5):
        subjects = [c for c in token.children if c.lower_ in INVERTED_SUBJECTS
                    or c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"]
        if subjects:  # "La dirigeante Jane Doe a déclaré": the parser may split title and name
            return next((s for s in subjects if s.ent_type_ in ("PER", "PERSON")), subjects[0])  # a relative "who" is resolved to its antecedent by _speaker_identity
        if token.dep_ in ("relcl", "acl:relcl") :
            return _antecedent(token.head)
        if token.dep_ not in ("xcomp", "advcl", "conj", "ccomp", "acl", "pcomp", "prep") \
                or token.head.i == token.i:
            return None
        token = token.head
    return None


def _is_cue_word(token) -> bool:
    return token.lemma_.lower() in cue_lexicon((token.doc.lang_ or "en")[:2])


def _conjoined_cue_host(verb):
    """"X said Y was paid but did not confirm Z": the parser often hangs the second, subjectless
    cue on the reported clause; coordinated verbs share the subject of the first cue (X)."""
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and _is_cue_word(verb) and _is_cue_word(head.head) \
            and not any(c.dep_ in SUBJECT_DEPS or c.dep_.startswith("expl") for c in verb.children):
        return head.head
    return None


def _with_predicate(doc, verb, head, content: Span) -> Span:
    """The object with what the cue says of it: "identified the gunman as a man with ties to X",
    "described the vote as a farce"."""
    if head.dep_ not in OBJECT_DEPS:
        return content
    predicate = next((c for c in verb.children if c.i > head.i and (c.dep_ == "oprd" or
                      c.dep_ == "prep" and c.lower_ == "as")), None)
    if predicate is None or doc[predicate.right_edge.i].idx < content.end:
        return content
    end = doc[predicate.right_edge.i]
    return Span(content.start, end.idx + len(end.text), doc.text[content.start:end.idx + len(end.text)])


def _content_without_conjoined_cues(doc, head) -> Span:
    """The reported clause, without a coordinated cue of the speaker hung on it."""
    conjoined = [c for c in head.children if c.i > head.i and _conjoined_cue_host(c) is not None]
    if not conjoined:
        return _span_of(doc, head)
    end = min(c.left_edge.i for c in conjoined)
    while end > head.i + 1 and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
        end -= 1
    span = doc[head.left_edge.i:end]
    return Span(span.start_char, span.end_char, span.text)


def _trailing_speaker(verb):
    """"..., a source close to the probe told AFP": the phrase between the last comma and a
    subjectless cue is its speaker (the parser often attaches it elsewhere)."""
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    doc, sent_start = verb.doc, verb.sent.start
    i = verb.i - 1
    if i > sent_start and doc[i].text == ",":  # "a spokeswoman, Jane Doe, said"
        i -= 1
    while i > sent_start and doc[i].dep_ in ("aux", "auxpass", "advmod", "neg"):
        i -= 1
    if doc[i].dep_ == "aux:tense" and doc[i - 1].text == "," and i - 1 > sent_start:
        i -= 2  # French "La directrice, Jane Doe, a déclaré"
    end = i
    while i > sent_start and doc[i].text != "," and doc[i].pos_ not in ("VERB", "AUX"):
        i -= 1
    if doc[i].text != "," or end <= i:
        return None
    phrase = doc[i + 1:end + 1]
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN", "PRON") and not (t.head.i >= phrase.start and t.head.i < phrase.end and t.dep_ != "appos")]
    return nouns[0] if nouns else None


def _before_comma(ctx: _Context, verb, speaker) -> Span | None:
    """Content of a trailing report: the sentence up to the comma before the speaker."""
    doc = verb.doc
    i = speaker.left_edge.i - 1
    if i <= verb.sent.start or doc[i].text != ",":
        return None
    start = _sentence_bounds(ctx, verb.idx)[0]
    if start >= doc[i].idx:
        return None
    first = doc.char_span(start, doc[i].idx, alignment_mode="expand")
    if first is None or not first.text.strip():
        return None
    return Span(first.start_char, first.end_char, first.text)


def _sentence_bounds(ctx: _Context, offset: int) -> tuple[int, int]:
    for s, e in ctx.sentences:
        if s <= offset < e:
            return s, e
    return offset, offset


def _passive_agent(verb):
    """"was criticized by his rivals" -> his rivals."""
    for child in verb.children:
        if child.dep_ in ("agent", "obl:agent"):
            return _object_of(child) or child
    return None


def _antecedent(noun):
    """The noun a relative clause refers to: "sources familiar with the matter, who ..." -> sources."""
    token = noun
    if token.dep_ in ("pobj", "obj", "nmod"):
        while token.head.i != token.i and (token.dep_ in ("pobj", "prep", "amod", "acl")
                                           or token.pos_ in ("ADP", "ADJ")):
            token = token.head
            if token.pos_ in ("NOUN", "PROPN", "PRON"):
                break
    return token


def _complement(verb):
    """The clause or object reported by the verb."""
    for dep_set in (CONTENT_DEPS, OBJECT_DEPS):
        for child in verb.children:
            if child.dep_ in dep_set and not _is_outlet_token(child):
                if child.dep_ in OBJECT_DEPS and verb.lemma_ in ("tell", "ask"):
                    continue  # "told reporters": the addressee, not the content
                return child
    for child in verb.children:  # "accused X of Y", "attributed X to Y", "spoke of Y"
        if child.dep_ in ("prep", "obl") and child.lower_ in ("of", "about", "on", "that"):
            return child
        if child.dep_ == "prep" and child.lower_ == "for" and verb.lemma_ in DEMAND_VERBS:
            return child  # "called for an inquiry"
    return None


def _conjoined_cue(verb, lexicon: dict[str, str]):
    """A conjoined cue whose object this cue shares: "neither confirm nor deny the shootings"."""
    return next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                 and _cue_lemma(c, lexicon) in lexicon and _complement(c) is not None), None)


def _refused_comment(verb):
    """The comment refused as a noun: "declined comment", "se refuse à tout commentaire"."""
    nouns = set(load_grammar((verb.doc.lang_ or "en")[:2]).refused_nouns)
    return next((c for c in verb.children if c.dep_ in OBJECT_DEPS | {"obl", "obl:arg", "pobj", "prep"}
                 and (c.lemma_.lower() in nouns or _object_of(c) is not None
                      and _object_of(c).lemma_.lower() in nouns)), None)


def _participle_opening(ctx: _Context, verb):
    """"Confirming arrests had been made on Monday, the prosecutor said ...": a participle that
    opens the sentence speaks with the subject of the sentence's cue; its content runs to the comma.
    (speaker token, content) or None."""
    sent = verb.sent
    if verb.i != sent.start or verb.tag_ != "VBG" and "VerbForm=Part" not in str(verb.morph):
        return None
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    comma = next((t for t in sent if t.i > verb.i and t.text == ","), None)
    if subject is None or comma is None or root.i < comma.i or not _is_cue_word(root):
        return None
    content = verb.doc[verb.i + 1:comma.i]
    return subject, Span(content.start_char, content.end_char, content.text)


def _rest_of_sentence(ctx: _Context, verb, cue_tokens) -> Span | None:
    """The words after the cue to the end of its sentence, when they are at least two."""
    end = max(t.idx + len(t.text) for t in cue_tokens)
    _, s_end = _sentence_bounds(ctx, verb.idx)
    text = ctx.article.text[end:s_end]
    stripped = text.strip().rstrip(".!?;:").strip()
    if len(stripped.split()) < 2 or _inside_quote(ctx, verb):
        return None
    at = end + text.index(stripped)
    return Span(at, at + len(stripped), stripped)


def _refused_speech(verb):
    for child in verb.children:
        if child.dep_ == "xcomp" and child.lemma_.lower() in SPEECH_AFTER_REFUSAL:
            return child
    return None


def _negated(verb) -> bool:
    return any(c.dep_ in ("neg", "advmod") and c.lower_ in NEGATIONS for c in verb.children) \
        or any(c.lower_ in ("neither", "ni") for c in verb.children)


def _neither(verb) -> bool:
    words = {c.lower_ for c in verb.children} | {c.lower_ for c in verb.head.children}
    return "neither" in words or ("ni" in words and "ne" in words)


def _cue_span(doc, tokens, negated: bool) -> Span:
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    if negated:
        head = tokens[0]
        helpers = [c.i for c in head.children if c.dep_ in ("aux", "neg", "advmod") and c.i < head.i
                   and (c.lower_ in NEGATIONS or c.dep_ == "aux")]
        first = min([first, *helpers])
    return Span(doc[first].idx, doc[last].idx + len(doc[last]), doc[first:last + 1].text)


def _recipient_channel(verb):
    """"told AFP", "told the AP", "said on his Telegram account", "in an interview with X"."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in RECIPIENT_DEPS or child.dep_ in ("prep", "obl") and child.lower_ == "to":
            target = child if child.dep_ not in ("prep",) else _object_of(child)
            if target is not None and _is_outlet_token(target):
                outlet = _outlet_name(_np(doc, target))
                if outlet:
                    return _as_span(_np(doc, target)), outlet
    for child in verb.children:
        if child.dep_ in ("prep", "obl", "advcl") or child.dep_ == "case":
            found = _platform(doc, child)
            if found:
                return found
    for child in verb.children:  # "Speaking to the BBC, X said", "In a video posted on YouTube, X said"
        if child.dep_ in ("prep", "advcl", "obl") and child.i < verb.i:
            found = _framing_channel(doc, child)
            if found:
                return found
    return None


def _framing_channel(doc, head):
    """An outlet or platform inside a phrase that frames the statement."""
    for token in head.subtree:
        if token.lower_ in ("to", "with", "on", "à", "avec", "sur") and token.dep_ in ("prep", "case", "mark"):
            found = _platform(doc, token)
            if found:
                return found
            target = _object_of(token)
            if target is not None and _is_outlet_token(target) and (outlet := _outlet_name(_np(doc, target))):
                return _as_span(_np(doc, target)), outlet
    return None


def _platform(doc, prep):
    obj = _object_of(prep)
    if obj is None:
        return None
    if prep.lower_ in ("on", "sur") and (obj.lower_ in PLATFORMS or obj.lemma_.lower() in PLATFORMS):
        names = [t for t in obj.subtree if t.pos_ == "PROPN"]
        span = _np(doc, obj)
        return _as_span(span), names[0].text if names else _strip_det(span.text)
    platform = next((t for t in obj.children if t.lower_ in PLATFORM_NAMES and t.i < obj.i), None)
    if prep.lower_ in ("in", "dans", "via") and platform is not None:  # "In a Telegram post, X said"
        return _as_span(doc[platform.i:platform.i + 1]), platform.text
    if prep.lower_ in ("in", "dans") and obj.lemma_.lower() in ("interview", "entretien"):
        for inner in obj.children:
            if inner.lower_ in ("with", "avec", "to", "à"):
                partner = _object_of(inner)
                if partner is not None:
                    span = _np(doc, partner)
                    name = _outlet_name(span) or _person_name(span) or _strip_det(span.text)
                    return _as_span(span), name
    return None


def _report_channel(ctx: _Context, sent):
    """A sentence-level channel: "..., CBS News reported", "according to The Moscow Times",
    "Contacted by AFP, ...", "AFP learned"."""
    doc = sent.doc
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in ("report", "learn", "rapporter", "apprendre") and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
            if subjects and (outlet := _outlet_name(_np(doc, subjects[0]))):
                return _as_span(_np(doc, subjects[0])), outlet
        if lemma in ("contact", "reach", "joindre", "contacter", "interroger", "solliciter") \
                or token.lower_.startswith(("contacté", "joint", "interrogé", "sollicité")):
            for child in token.subtree:
                if child.pos_ == "PROPN" and (outlet := _outlet_name(_np(doc, child))):
                    return _as_span(_np(doc, child)), outlet
        if token.dep_ == "case" and token.lower_ in ("à", "au", "auprès") and token.head.pos_ == "PROPN":
            if outlet := _outlet_name(_np(doc, token.head)):
                return _as_span(_np(doc, token.head)), outlet
        if token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor().lower_ == "to":
            obj = _object_of(token.nbor())
            if obj is not None and (outlet := _outlet_name(_np(doc, obj))):
                if _has_other_cue(ctx, sent, token):
                    return _as_span(_np(doc, obj)), outlet
    return None


def _has_other_cue(ctx: _Context, sent, according) -> bool:
    return any(t.i != according.i and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in ctx.lexicon
               and t.lemma_.lower() not in ("report",) for t in sent)


def _report_as_speaker(ctx: _Context, sent, report_channel) -> Attribution:
    """"X happened, The Moscow Times reported" with nothing else attributed: the outlet speaks."""
    channel, name = report_channel
    return Attribution(sentence_start=sent.start_char, sentence_end=sent.end_char, cue=channel,
                       content=Span(sent.start_char, sent.end_char, sent.text), speaker=channel,
                       speaker_kind="organisation", speaker_name=name, channel=channel,
                       channel_name=name, status="asserted")


def _share_channels(results: list[Attribution], earlier: list[Attribution], ctx: _Context) -> None:
    """Statements by one speaker share the channel named once: in the sentence, or just before."""
    for found in results:
        if found.channel is not None or not found.speaker_name:
            continue
        for other in results + earlier[::-1][:3]:
            if other is not found and other.channel is not None \
                    and other.speaker_name == found.speaker_name \
                    and found.sentence_start - other.sentence_end < 600:
                found.channel, found.channel_name = other.channel, other.channel_name
                break


# ------------------------------------------------ speakers


def _speaker_identity(ctx: _Context, token, span) -> tuple[str, str | None]:
    if token is None:
        return "report", None
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl:relcl"):
        token = _antecedent(token.head.head)
        span = _np(token.doc, token)
    doc = token.doc
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        return "pronoun", _pronoun_antecedent(ctx, token.idx)
    if lower in THING_PRONOUNS and (body := _organisation_just_quoted(ctx, token.idx)):
        return "organisation", body  # "..., the prosecutor's office said. It said ..."
    if lower in PLURAL_PRONOUNS or lower in ("i", "we", "it", "je", "nous", "on", "-on"):
        return "pronoun", None
    core = _core_tokens(token)
    text = doc[core[0].i:core[-1].i + 1].text if core else token.text
    if token.lemma_.lower() in ANONYMOUS_HEADS and not any(t.pos_ == "PROPN" for t in core) \
            and (token.lemma_.lower() == "source" or ANONYMOUS_MARKS.search(span.sent.text)):
        return "anonymous", "anonymous source"
    if token.pos_ == "NOUN" and (named := _appositive_name(token)):  # "X's chairwoman, Jane Doe,"
        return "named", _full_name(ctx, named)
    person = _person_in(ctx, core)
    if person:
        return "named", person
    if token.pos_ == "NOUN" and token.lemma_.lower() in DESCRIPTION_NOUNS and \
            (described := _described_person(ctx, token, span)):
        return "named", described
    if re.search(r"\d+-year-old", text) or re.search(r"\d+-year-old", doc[token.left_edge.i:token.i + 1].text):
        return "named", _last_person_before(ctx, token.idx)
    if any(t.ent_type_ in ("PERSON", "PER") for t in core):
        return "named", _full_name(ctx, _strip_titles(text))
    holder = _role_holder(ctx, token) if token.lemma_.lower() in ROLE_NOUNS else None
    if holder:
        return "named", holder
    if core and all(t.pos_ == "PROPN" for t in core):  # "Tocaru said", after "Mirela Tocaru", tagged ORG
        name = _strip_titles(_strip_possessive(text))
        if (full := _full_name(ctx, name)) != name:
            return "named", full
    return "organisation", _strip_det(_strip_possessive(text)) or None


def _described_person(ctx: _Context, noun, phrase) -> str | None:
    """Who a description stands for ("This opponent of the regime", "A known critic of X"): after
    a demonstrative, the person named last before it; otherwise the one person the article
    describes with that word, or the one it is about (named at least twice as often as anyone)."""
    lo, hi = (phrase.start, phrase.end) if isinstance(phrase, Span) else (phrase.start_char, phrase.end_char)
    outside = [e for e in ctx.persons if not (lo <= e.start_char < hi)]
    if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in noun.children):
        before = [e for e in outside if e.end_char <= lo and lo - e.end_char < 1500]
        return _full_name(ctx, _strip_titles(_strip_possessive(before[-1].text))) if before else None
    word = noun.lemma_.lower()
    described = {m.canonical or m.text for m in ctx.mentions if m.type == "PERSON" and not (lo <= m.start < hi)
                 and any(word in d.lower().split() for d in m.descriptors)}
    if len(described) == 1:
        return _full_name(ctx, described.pop())
    counts: dict[str, int] = {}
    for e in outside:
        name = _full_name(ctx, _strip_titles(_strip_possessive(e.text)))
        counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda x: -x[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _appositive_name(noun) -> str | None:
    """The proper name set beside a common noun ("the chief executive, Jane Doe"), whatever
    the entity tagger made of it."""
    for child in noun.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            words = [t for t in child.subtree if t.dep_ != "punct"]
            if all(t.pos_ == "PROPN" for t in words) and len(words) >= 2:
                return " ".join(t.text for t in words)
    return None


def _role_holder(ctx: _Context, role) -> str | None:
    """The one person the article introduced with this office before ("Prosecutor Dren Halas",
    "Dren Halas, the prosecutor,"); None when no one or several were."""
    lemma = role.lemma_.lower()
    holders = set()
    for ent in ctx.persons:
        if ent.start_char >= role.idx:
            break
        if any(t.lemma_.lower() == lemma for t in _office_words(ent)):
            holders.add(_full_name(ctx, _strip_titles(_strip_possessive(ent.text))))
    return holders.pop() if len(holders) == 1 else None


def _office_words(ent) -> list:
    """Words that qualify a person's name: titles ("Foreign Minister Jane Doe", "le procureur
    Jean Dupont") and appositions ("Jane Doe, the mayor,")."""
    inside = range(ent.start, ent.end)
    words = [t for t in ent.doc[max(ent.start - 3, ent.sent.start):ent.end]
             if t.i in inside or t.head.i in inside and t.dep_ in ("compound", "amod", "nmod", "appos", "flat")]
    words += [t for t in ent.root.children if t.dep_ == "appos"]
    if ent.root.dep_ in ("appos", "flat", "flat:name", "nmod", "compound"):
        words.append(ent.root.head)
    return words


def _core_tokens(head):
    """The noun phrase without relative clauses, parentheticals and trailing punctuation."""
    skip = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl:relcl", "acl", "punct", "case") or \
                child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in ("à", "au") for c in child.children) or \
                child.dep_ == "prep" and child.i > head.i and child.lower_ not in ("of",):
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens


def _person_in(ctx: _Context, core) -> str | None:
    """A person's name in the head or an apposition ("the head of X, Sergei Naryshkin")."""
    indices = {t.i for t in core if (t.dep_ not in ("pobj",) or t.head.lower_ != "of")
               and not (t.dep_ == "nmod" and any(c.lower_ in ("de", "du", "des", "d'") for c in t.children))}
    for ent in ctx.persons:
        if ent.root.i in indices and ent.root.head.dep_ != "prep":
            return _full_name(ctx, _strip_titles(_strip_possessive(ent.text)))
    return None


def _organisation_just_quoted(ctx: _Context, offset: int) -> str | None:
    """The organisation that spoke in the sentence before, which "it" goes on quoting."""
    previous = _previous_sentence_attribution(ctx, offset)
    if previous is None or not previous.speaker_name or previous.speaker_kind not in ("organisation", "named"):
        return None
    people = {_full_name(ctx, _strip_titles(_strip_possessive(e.text))) for e in ctx.persons}
    return None if previous.speaker_name in people else previous.speaker_name


def _pronoun_antecedent(ctx: _Context, offset: int) -> str | None:
    """Who "he"/"she" is. A report goes on with the speaker it quoted just before ("X said ...
    He added ..."), even when another person was named in between (in X's words, or in a
    description of X: "an opponent of the regime of Y"); otherwise the last person named."""
    previous = _previous_sentence_attribution(ctx, offset)
    person = _last_person_before(ctx, offset)
    if previous is None or not previous.speaker_name:
        return person
    if previous.speaker_kind in ("named", "pronoun"):
        return previous.speaker_name
    if previous.speaker_kind == "organisation" and previous.speaker is not None and person and \
            person.split()[-1] in previous.speaker.text:
        return previous.speaker_name  # the name only qualified the speaker's description
    return person


def _previous_sentence_attribution(ctx: _Context, offset: int) -> Attribution | None:
    """The last attribution of the sentence before the one at `offset`, if that sentence has one."""
    starts = [s for s, _ in ctx.sentences if s <= offset]
    if len(starts) < 2:
        return None
    previous_start, this_start = starts[-2], starts[-1]
    in_previous = [a for a in ctx.found if previous_start <= a.cue.start < this_start]
    return in_previous[-1] if in_previous else None


def _last_person_before(ctx: _Context, offset: int) -> str | None:
    """The most recent person before `offset`, preferring one who was a sentence subject."""
    before = [e for e in ctx.persons if e.end_char <= offset and offset - e.end_char < 1500
              and not _inside_quote(ctx, e[0])]  # a name in quoted words is not who speaks next
    if not before:
        return None
    last = before[-1]
    subjects = [e for e in before if e.sent.start == last.sent.start and e.root.dep_ in SUBJECT_DEPS]
    chosen = subjects[-1] if subjects else last
    return _full_name(ctx, _strip_titles(_strip_possessive(chosen.text)))


def _full_name(ctx: _Context, name: str) -> str:
    """The fullest form of a person's name in the article ("Osechkin" -> "Vladimir Osechkin")."""
    if name not in ctx.full_names:
        ctx.full_names[name] = _fullest(ctx, name)
    return ctx.full_names[name]


def _fullest(ctx: _Context, name: str) -> str:
    parts = name.split()
    if not parts:
        return name
    best = name
    for ent in ctx.persons:
        candidate = _strip_titles(_strip_possessive(ent.text))
        words = candidate.split()
        if len(words) > len(best.split()) and words[-len(parts):] == parts:
            best = candidate
    return best


def _strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words.pop(0)
    return " ".join(words)


def _strip_possessive(text: str) -> str:
    return re.sub(r"\s*['’]s?$", "", text.strip())


def _strip_det(text: str) -> str:
    """Without a leading article, or trailing time words ("le parquet vendredi", "police on Monday")."""
    text = re.sub(r"^((the|an|a|les|le|la)\s+|l['’]\s*)", "", text.strip(), flags=re.I)
    words = text.split()
    while len(words) > 1 and (words[-1].lower() in FRENCH_TIME_WORDS or words[-1].lower() in _ENGLISH_TIME_WORDS):
        words.pop()
        if len(words) > 1 and words[-1].lower() in ("on", "le", "this", "ce"):
            words.pop()
    return " ".join(words)


_ENGLISH_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                       "yesterday", "tonight", "morning", "evening"}


def _person_name(span) -> str | None:
    for ent in span.ents:
        if ent.label_ in ("PERSON", "PER"):
            return _strip_titles(ent.text)
    return None


# ------------------------------------------------ outlets and spans


def _outlet_name(span) -> str | None:
    """Canonical agency/outlet name if the phrase names one, else None."""
    text = _strip_possessive(span.text)
    agency = agencies.lookup(text) or agencies.lookup(_strip_det(text))
    if agency:
        return agency.name if agency.kind in ("wire", "outlet") else None
    for ent in span.ents:
        agency = agencies.lookup(ent.text)
        if agency and agency.kind in ("wire", "outlet"):
            return agency.name
        if ent.label_ == "ORG" and ent.text.split()[-1].lower() in OUTLET_WORDS:
            return _strip_det(ent.text)
    words = _strip_det(text).split()
    if words and words[-1].lower() in OUTLET_WORDS and words[0][:1].isupper() and len(words) <= 5:
        return _strip_det(text)
    return None


def _is_outlet_token(token) -> bool:
    """The token names an outlet itself ("told AFP"), not a thing about one ("criticism of NBC")."""
    if token.pos_ != "PROPN" and not token.ent_type_ and token.lower_ not in OUTLET_WORDS:
        return False
    return _outlet_name(_np(token.doc, token)) is not None


def _np(doc, token):
    core = _core_tokens(token)
    if not core:
        return doc[token.i:token.i + 1]
    return doc[min(t.i for t in core):max(t.i for t in core) + 1]


def _whole_phrase(doc, token):
    left, right = token.left_edge.i, token.right_edge.i
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left:right + 1]


def _object_of(prep):
    objects = [c for c in prep.children if c.dep_ in ("pobj", "obj", "pcomp")]
    return objects[0] if objects else None


def _span_of(doc, token) -> Span:
    left, right = token.left_edge.i, token.right_edge.i
    while right > left and doc[right].is_punct and doc[right].text not in "”’\"»":
        right -= 1
    span = doc[left:right + 1]
    return Span(span.start_char, span.end_char, span.text)


def _as_span(span) -> Span:
    return Span(span.start_char, span.end_char, span.text)


def _same_span(a: Span, b: Span) -> bool:
    return a.start == b.start and a.end == b.end


def _phrase_tokens(first, source) -> set[int]:
    tokens = {first.i, first.i + 1} | {t.i for t in source.subtree}
    return tokens


def _clause_of(token):
    head = token
    while head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head


def _span_without(doc, clause, removed: set[int]) -> Span | None:
    """The run of the clause's tokens outside `removed` that holds the clause's verb."""
    runs, run = [], []
    for t in clause.subtree:
        if t.i in removed or t.is_punct and not run:
            runs.append(run)
            run = []
        else:
            run.append(t)
    runs.append(run)
    with_head = [r for r in runs if clause in r]
    best = with_head[0] if with_head else max(runs, key=len)
    while best and best[-1].is_punct and best[-1].text not in "”’\"»":
        best.pop()
    if not best:
        return None
    span = doc[best[0].i:best[-1].i + 1]
    return Span(span.start_char, span.end_char, span.text)


def _quoted_extent(ctx: _Context, content: Span) -> Span:
    """Widen content to the quotation marks around it, if it is a quotation."""
    for start, end in ctx.quotes:
        if start <= content.start + 1 and content.end - 1 <= end and start <= content.start + 2:
            if content.start - start <= 2 and end - content.end <= 3:
                lo, hi = min(start, content.start), max(end, content.end)
                return Span(lo, hi, ctx.article.text[lo:hi])
    return content


def _nearest_quote(ctx: _Context, token) -> Span | None:
    """A quotation in the cue's sentence, nearest to the cue."""
    sent_start, sent_end = _sentence_bounds(ctx, token.idx)
    best = None
    for start, end in ctx.quotes:
        if end <= sent_start or start >= sent_end:
            continue
        if start <= token.idx < end:
            continue
        distance = min(abs(token.idx - end), abs(token.idx - start))
        if best is None or distance < best[0]:
            best = (distance, start, end)
    if best is None or len(ctx.article.text[best[1]:best[2]].split()) < 2:
        return None
    return Span(best[1], best[2], ctx.article.text[best[1]:best[2]])


def _inside_quote(ctx: _Context, token) -> bool:
    return any(s < token.idx < e - 1 for s, e in ctx.quotes)


def _is_quoted(ctx: _Context, content: Span) -> bool:
    return any(s <= content.start and content.end <= e + 1 for s, e in ctx.quotes)


def _evidence(ctx: _Context, cue_start: int, content: Span | None) -> tuple[int, int]:
    points = [cue_start] + ([content.start, max(content.start, content.end - 1)] if content else [])
    covering = [(s, e) for s, e in ctx.sentences if any(s <= p < e for p in points)]
    if not covering:
        return cue_start, cue_start
    return min(s for s, _ in covering), max(e for _, e in covering)


# ---------------------------------------------------------------- fallback


@dataclass(frozen=True)
class _Grammar:
    """How one language reports speech, for the parser-less fallback.

    cues: regex of an inflected cue -> cue class (as in cues_<lang>.txt);
    sources: "according to" prepositions before their source; complementizers: "that";
    titles: role words dropped before a name; weekdays/time words a trailing speaker may follow."""
    cues: dict[str, str]
    sources: str = r"according to"
    complementizers: str = r"that"
    negations: str = r"not|never"
    pronouns: str = r"he|she|they"
    determiners: str = r"the|a|an"
    as_words: str = r"as"  # "as X said": the speaker follows, the content is the other clause
    titles: str = r"president|minister|mr|mrs|ms|dr"
    times: str = r"today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    hedges: str = r"may|might|could|possibly|probably|allegedly|reportedly"
    relatives: str = r"who|which|that"
    particles: str = r"(?!)"  # German separable verb particles: "teilte ... mit"
    prepositions: str = r"in|on|at|after"  # a phrase opening with one is no subject ("Am Montag sagte X")
    postposed: str = r"(?!)"  # "according to" after its source: "der Polizei zufolge"
    negation_follows: bool = False  # German: the negation follows the finite verb
    source_without_comma: bool = False  # German: no comma after "laut X"; the source ends after its noun
    anaphoric: str = ""  # a sentence giving the source of the one before: "Об этом сообщила прокуратура"
    status_cues: dict = field(default_factory=dict)  # status -> regex of the cue and content that signal it
    opening_sources: tuple = ()  # "For X, ..." opening a sentence: X's view ("pour", "for")
    outlet_nouns: tuple = ()  # nouns that describe an outlet: "the agency", "la agencia rusa"
    office_holders: tuple = ()  # who speaks for an office: "the prosecutor's spokesman" is the office
    refused_nouns: tuple = ()  # a refused comment named as a noun: "declined comment", "refuse tout commentaire"
    demonstratives: str = r"(?!)"  # "Сам он это подтвердил": the content is the sentence before
    verb_final: bool = False  # Turkish: subject, then the content, then the cue verb


@functools.cache
def load_grammar(lang: str) -> _Grammar:
    """The fallback grammar of `lang`, from storyledger/data/attribution/<lang>.json (English if none)."""
    folder = resources.files("storyledger") / "data" / "attribution"
    name = f"{lang}.json" if lang and (folder / f"{lang}.json").is_file() else "en.json"
    data = json.loads((folder / name).read_text("utf-8"))
    if "cues" not in data:  # status cues only (a language read by the parser): English word order
        data = {**json.loads((folder / "en.json").read_text("utf-8")), **data}
    fields = {f.name for f in dataclasses.fields(_Grammar)}
    return _Grammar(**{key: value for key, value in data.items() if key in fields})


_CAPITAL = r"[A-ZÀ-ÖØ-ÞА-ЯЁ]"
_NAME_RUN = re.compile(rf"{_CAPITAL}[\w'’.-]*(?:\s+(?:(?:de|del|von|van|da|di|le)\s+)?{_CAPITAL}[\w'’.-]*)*")
_LEADING = " \t\n,;:—–-"
_QUOTE_MARKS = "«»„“”\"‹›"


@functools.cache
def _patterns(lang: str) -> tuple[_Grammar, re.Pattern, re.Pattern]:
    grammar = load_grammar(lang)
    verbs = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(grammar.cues))
    return grammar, re.compile(rf"(?<![\w-])(?:{verbs})(?![\w-])", re.I), \
        re.compile(rf"(?<![\w-])(?:{grammar.sources})(?![\w-])", re.I)


@dataclass
class _Sentence:
    """One sentence read by the fallback: its text, offsets and quotation regions."""
    text: str
    start: int
    quotes: list[tuple[int, int]]
    article_text: str = ""

    def span(self, lo: int, hi: int) -> Span | None:
        """The text between two offsets of the sentence, trimmed of spaces and dashes; None if empty."""
        piece = self.text[lo:hi]
        stripped = piece.strip(_LEADING).rstrip(".")
        if not stripped.strip(_LEADING + _QUOTE_MARKS):
            return None
        at = self.start + lo + piece.index(stripped)
        return Span(at, at + len(stripped), stripped)

    def quoted(self, lo: int, hi: int) -> bool:
        return any(qs <= self.start + lo and self.start + hi <= qe for qs, qe in self.quotes)

    def absolute(self, lo: int, hi: int) -> Span:
        """A span of the article text (a quotation may open sentences before)."""
        return Span(lo, hi, self.article_text[lo:hi])


def _fallback(text: str, sentences: list[tuple[int, int]], lang: str | None) -> list[Attribution]:
    """No parser: a cue from the language's table (reporting verb or "according to" phrase)
    outside quotations; word order gives the roles: "X said (that) C", "C, said X",
    "« C » — said X", "as X said, C", "according to X, C" / "C, according to X". The speaker's
    name is the run of capitalised words nearest the cue, titles dropped; a pronoun or a
    missing subject continues the previous speaker."""
    grammar, verbs, sources = _patterns((lang or "en")[:2])
    quotes = quote_regions(text)
    found: list[Attribution] = []
    previous = None
    for s, e in sentences:
        sent = _Sentence(text[s:e], s, [(qs, qe) for qs, qe in quotes if qs < e and s < qe], text)
        attribution = _anaphoric_source(sent, grammar, previous, (lang or "")[:2], found) or \
            _fallback_verb(sent, grammar, verbs, found, previous) or _fallback_source(sent, grammar, sources)
        if attribution is not None:
            found.append(attribution)
        previous = (s, e)
    return found


def _anaphoric_source(sent: _Sentence, grammar: _Grammar, previous: tuple[int, int] | None, lang: str,
                      found: list) -> Attribution | None:
    pattern = grammar.anaphoric or None
    match = re.match(pattern, sent.text) if pattern and previous else None
    if match is None:
        return None
    speaker = _phrase_speaker(sent, grammar, match.end(), len(sent.text.rstrip(" .!")), True, found)
    if speaker is None:
        return None
    span, kind, name = speaker
    if kind == "organisation" and span is not None:  # "la fiscalía en un comunicado": the source, not where
        cut = re.search(rf"\s(?:{grammar.prepositions})\s", span.text, re.I)
        if cut:
            span = Span(span.start, span.start + cut.start(), span.text[:cut.start()])
            speaker = (span, kind, _strip_det(span.text))
    cls = "confirm" if re.match(r"(подтверд|bestätig|confirm|conferm)", match["verb"], re.I) else "say"
    before = sent.article_text[previous[0]:previous[1]].rstrip()
    content = Span(previous[0], previous[0] + len(before), before)
    cue = Span(sent.start + match.start("verb"), sent.start + match.end("verb"), match["verb"])
    return _fallback_attribution(sent, grammar, cue, cls, False, speaker, content)


def _first_unquoted(sent: _Sentence, pattern: re.Pattern):
    return next((m for m in pattern.finditer(sent.text) if not sent.quoted(m.start(), m.end())), None)


def _fallback_verb(sent: _Sentence, grammar: _Grammar, verbs: re.Pattern, found: list,
                   previous: tuple[int, int] | None = None) -> Attribution | None:
    cue = _first_unquoted(sent, verbs)
    if cue is None:
        return None
    cls = next(list(grammar.cues.values())[int(name[1:])] for name, value in cue.groupdict().items() if value)
    text, start, end = sent.text, cue.start(), cue.end()
    negated = _fallback_negated(grammar, text[:start], text[end:])
    that = next((m for m in re.finditer(rf"(?<!\w)(?:{grammar.complementizers})(?!\w)", text[end:], re.I)
                 if not sent.quoted(end + m.start(), end + m.end())), None)
    as_clause = re.search(rf"(?:^|,\s*)(?:{grammar.as_words})\s+(?P<who>[^,]*)$", text[:start], re.I)
    led = re.search(r"(?:[,—–»“”\"]|\s-)\s*(?:\w+\s+)?$", text[:start])  # ", said X", "» — said X", ", ha dicho X"
    if led and re.search(rf",\s*{_CAPITAL}[\w'’-]*(?:\s+{_CAPITAL}[\w'’-]*){{0,3}},\s*$", text[:start]):
        led = None  # "An expert, Jane Doe, said": the apposition is the subject
    if as_clause:
        who, trailing, content = _as_clause_roles(sent, as_clause, end)
    elif grammar.verb_final and not text[end:].strip(_LEADING + ".!?"):
        who, trailing, content = _verb_final_roles(sent, start)
    elif led and not that:  # "C, said X", "« C » — said X"
        who, trailing = (end, len(text)), True
        content = _quote_before(sent, start) or sent.span(0, led.start())
    else:
        who, trailing, content = _forward_roles(sent, grammar, start, end, that)
        if negated and not trailing:  # "Prokuratura nie potwierdziła": the negation is not the subject
            negation = re.search(rf"\s(?:{grammar.negations})\s*$", text[who[0]:who[1]], re.I)
            who = (who[0], who[0] + negation.start()) if negation else who
        if not that and cls in ("confirm", "deny", "decline", "comment") and content is not None \
                and content.start > sent.start + end and text[end:content.start - sent.start].strip(_LEADING):
            content = sent.span(end, len(text))  # "did not confirm the name of the person, who ..."
    pointing_back = re.search(rf"(?<!\w)(?:{grammar.demonstratives})\s*$", text[who[0]:start], re.I) \
        if not trailing else None
    if pointing_back and previous is not None and (content is None or not content.text.strip(_LEADING + ".")):
        before = sent.article_text[previous[0]:previous[1]].rstrip()  # "Сам он это подтвердил"
        content = Span(previous[0], previous[0] + len(before), before)
        who = (who[0], who[0] + pointing_back.start())
    if content is None and cls in ("say", "claim", "confirm", "deny") and not negated:
        return None
    speaker = _phrase_speaker(sent, grammar, *who, trailing, found)
    cue_span = Span(sent.start + start, sent.start + end, cue.group(0))
    return _fallback_attribution(sent, grammar, cue_span, cls, negated, speaker, content)


def _verb_final_roles(sent: _Sentence, start: int):
    """Subject, content, verb ("DGSI, "C" düşünüyor"): the subject is the opening up to its comma
    or quotation, the content the rest before the verb."""
    text = sent.text
    opening = re.match(r"[^,«„“\"]*", text[:start])
    split = opening.end() if opening and opening.end() < start else 0
    content = _quote_before(sent, start) or sent.span(split + 1 if text[split:split + 1] == "," else split, start)
    return (0, split), False, content


def _as_clause_roles(sent: _Sentence, as_clause: re.Match, end: int):
    """"as X said, C" / "C, as X said" / "como explicó X, C": (speaker range, trailing, content)."""
    text = sent.text
    comma = _unquoted_comma(sent, end)
    if as_clause.group("who").strip():
        who, trailing = (as_clause.start("who"), as_clause.end("who")), False
    else:  # the speaker follows the cue
        who, trailing = (end, comma if comma > 0 else len(text)), True
    opening = as_clause.start() == 0 and comma > 0
    content = sent.span(comma + 1, len(text)) if opening else sent.span(0, as_clause.start())
    return who, trailing, content


def _forward_roles(sent: _Sentence, grammar: _Grammar, start: int, end: int, that):
    """"X said (that) C": the subject before the cue, the content after its comma or "that".
    After an adverbial opening the subject follows the verb (German verb-second "Am Montag
    sagte X, C", Russian "Об этом сообщил X"), or a place names it ("В Кремле отказались ...")."""
    text = sent.text
    comma = _unquoted_comma(sent, end)
    content_at = end + that.end() if that else comma + 1 if comma > 0 else end
    content = _quote_after(sent, end) or sent.span(content_at, len(text))
    opening = text[:start]
    adverbial = opening.strip() and re.match(
        rf"\s*(?:(?:{grammar.times})\s*)*(?:(?:{grammar.prepositions})\s|$)", opening, re.I)
    if not adverbial:
        return (0, start), False, content
    if content_at > end and text[end:content_at - 1].strip(_LEADING):
        return (end, content_at - 1), True, content
    if text[end:].strip(_LEADING + "."):  # the content went in a sentence before
        return (end, len(text)), True, None
    place = re.match(rf"\s*(?:{grammar.prepositions})\s+", opening, re.I)
    return ((place or adverbial).end(), start), False, content


def _fallback_source(sent: _Sentence, grammar: _Grammar, sources: re.Pattern) -> Attribution | None:
    """"according to X, C" / "C, according to X" (selon, según, laut, по словам ...)."""
    cue = _first_unquoted(sent, sources)
    if cue is None:
        return _postposed_source(sent, grammar)
    text, start, end = sent.text, cue.start(), cue.end()
    phrase_end = _source_end(grammar, text, end)
    dateline = DATELINE.match(text)
    leading = not text[dateline.end() if dateline else 0:start].strip(_LEADING)
    if leading:  # "according to X, C"
        content = sent.span(phrase_end, len(text))
    elif text[:start].rstrip().endswith(","):  # "C, according to X"
        content = sent.span(0, start)
    else:  # "C1 according to X C2": the whole sentence
        content = sent.span(0, len(text))
    if content is None:
        return None
    speaker = _phrase_speaker(sent, grammar, end, phrase_end, True, [])
    cue_span = Span(sent.start + start, sent.start + end, cue.group(0))
    return _fallback_attribution(sent, grammar, cue_span, "say", False, speaker, content)


def _postposed_source(sent: _Sentence, grammar: _Grammar) -> Attribution | None:
    """"X zufolge, C" / "C, X zufolge": the source before the word."""
    cue = next((m for m in re.finditer(rf"(?<!\w)(?:{grammar.postposed})(?!\w)", sent.text, re.I)
                if not sent.quoted(m.start(), m.end())), None)
    if cue is None:
        return None
    text = sent.text
    source_at = text.rfind(",", 0, cue.start()) + 1
    content = sent.span(cue.end(), len(text)) if text[cue.end():].strip(_LEADING + ".") else sent.span(0, source_at)
    if content is None:
        return None
    speaker = _phrase_speaker(sent, grammar, source_at, cue.start(), True, [])
    cue_span = Span(sent.start + cue.start(), sent.start + cue.end(), cue.group(0))
    return _fallback_attribution(sent, grammar, cue_span, "say", False, speaker, content)


def _unquoted_comma(sent: _Sentence, at: int) -> int:
    return next((i for i, ch in enumerate(sent.text) if i >= at and ch == "," and not sent.quoted(i, i + 1)), -1)


def _source_end(grammar: _Grammar, text: str, at: int) -> int:
    """Where the source phrase after "according to" ends: at the comma, or in German (which
    puts no comma after "laut X") after its first noun and a genitive or "von" complement."""
    comma = text.find(",", at)
    if grammar.source_without_comma:
        noun = re.match(rf"\s*(?:[a-zäöüß]+\s+){{0,3}}{_CAPITAL}[\w-]*"
                        rf"(?:\s+(?:der|des|von|vom)\s+(?:[a-zäöüß]+\s+){{0,2}}{_CAPITAL}[\w-]*)?", text[at:])
        if noun and (comma < 0 or at + noun.end() < comma):
            return at + noun.end()
    return comma if comma > 0 else len(text)


def _quote_before(sent: _Sentence, cue_at: int) -> Span | None:
    """The quotation just before a trailing cue ('« C », — said X'), possibly opened sentences before."""
    ends = [(qs, qe) for qs, qe in sent.quotes if qe <= sent.start + cue_at
            and not sent.text[qe - sent.start:cue_at].strip(_LEADING + ".!?")]
    return sent.absolute(*ends[-1]) if ends else None


def _quote_after(sent: _Sentence, cue_end: int) -> Span | None:
    """The quotation right after a cue and a colon or comma ('X said: "C"')."""
    starts = [(qs, qe) for qs, qe in sent.quotes if qs >= sent.start + cue_end
              and not sent.text[cue_end:qs - sent.start].strip(_LEADING)]
    return sent.absolute(*starts[0]) if starts else None


def _fallback_negated(grammar: _Grammar, before: str, after: str) -> bool:
    negation = rf"(?<!\w)(?:{grammar.negations})(?!\w)"
    if grammar.negation_follows:  # "bestätigte das nicht"
        return re.search(negation, after.split(",")[0], re.I) is not None
    return re.search(negation + r"\s*(?:\w+\s+)?$", before, re.I) is not None


def _phrase_speaker(sent: _Sentence, grammar: _Grammar, lo: int, hi: int, trailing: bool,
                    found: list) -> tuple[Span | None, str, str | None] | None:
    """(speaker span, kind, name) of the phrase text[lo:hi], or None when it names no one.

    A run of capitalised words nearest the cue, titles dropped, is a person; a phrase that
    opens with a determiner and no title, or only lowercase words, is an organisation; an
    empty subject (pro-drop) or a pronoun continues the previous speaker."""
    text = sent.text[lo:hi]
    if DATELINE.match(text):
        lo += DATELINE.match(text).end()
        text = sent.text[lo:hi]
    if trailing:  # "said on Tuesday the police": skip the time words
        skipped = re.match(rf"\s*(?:(?:{grammar.times})\s+)*(?:(?:{grammar.prepositions})\s+(?={_CAPITAL}|\w+\s))?",
                           text, re.I)
        lo, text = lo + skipped.end(), text[skipped.end():]
        text = re.split(r"[.;:]\s|(?<!\w)(?:" + grammar.complementizers + r")(?!\w)", text)[0]
        text = re.sub(rf"\s+(?:{grammar.particles})\W*$", "", text)
    else:
        lo, text = _subject_segment(grammar, lo, text)
    time = re.search(rf"\s(?:{grammar.times})(?!\w)", text, re.I)
    if time and not re.fullmatch(rf"\W*(?:(?:{grammar.determiners or 'the'})\W*)?", text[:time.start()], re.I):
        text = text[:time.start()]  # "the club on Thursday"; not "Der im Seebad lebende X"
    phrase = sent.span(lo, lo + len(text))
    if phrase is not None and re.fullmatch(rf"(?:{grammar.pronouns})", phrase.text, re.I) \
            and (named := _person_named_before(sent)):
        return phrase, "pronoun", named  # "Сам он это подтвердил" after "... Владимире Осечкине."
    if phrase is None or re.fullmatch(rf"(?:{grammar.pronouns})", phrase.text, re.I):
        previous = next((a for a in reversed(found) if a.speaker_kind in ("named", "pronoun")
                         and a.speaker_name), None)
        if previous is None:
            return (phrase, "pronoun", None) if phrase else None
        return phrase, "pronoun", previous.speaker_name
    if sent.quoted(phrase.start - sent.start, phrase.end - sent.start):
        return None
    return _name_phrase(sent, grammar, phrase, trailing)


def _person_named_before(sent: _Sentence) -> str | None:
    """The full name (two capitalised words or more, not an outlet) last written in the sentence
    before: "Сам он это подтвердил" after "... об основателе проекта Владимире Осечкине."."""
    text = sent.article_text
    lo = max(text.rfind(". ", 0, max(sent.start - 2, 0)), text.rfind("\n", 0, max(sent.start - 1, 0)),
             sent.start - 400, 0)
    before = text[lo:sent.start]
    runs = [_name_tail(m.group(0).strip(".,;:")) for m in _NAME_RUN.finditer(before)]
    people = [r for r in runs if len(r.split()) >= 2 and not _curated_within(r)
              and not any(w.isupper() for w in r.split())]
    return people[-1] if people else None


def _name_tail(run: str) -> str:
    """The words of a capitalised run that can form a person's name with its last word: same
    script, no dotted word ("Gulagu.Net Владимире Осечкине" -> "Владимире Осечкине")."""
    words = run.split()
    cyrillic = bool(re.search(r"[А-Яа-яЁёІіЇїЄєҐґ]", words[-1])) if words else False
    kept = []
    for word in reversed(words):
        if "." in word.rstrip(".") or bool(re.search(r"[А-Яа-яЁёІіЇїЄєҐґ]", word)) != cyrillic:
            break
        kept.insert(0, word)
    return " ".join(kept)


def _subject_segment(grammar: _Grammar, lo: int, text: str) -> tuple[int, str]:
    """The comma-separated segment before a cue that holds its subject: the last one that is not
    a relative or "that" clause ("La Alianza, que obtuvo 7 escaños, dijo" -> "La Alianza"); an
    apposition stays with its noun ("El abogado, Joaquín Ferrol, afirmó")."""
    segments = text.rstrip(_LEADING).split(",")
    skipped = rf"\s*(?:{grammar.relatives}|{grammar.complementizers})(?!\w)"
    while len(segments) > 1 and (not segments[-1].strip() or re.match(skipped, segments[-1], re.I)
                                 or _NAME_RUN.fullmatch(segments[-1].strip())):
        if _NAME_RUN.fullmatch(segments[-1].strip()) and not re.match(skipped, segments[-1], re.I):
            break  # an apposition name: the name speaks
        segments.pop()
    last = segments[-1]
    if len(segments) > 1 and not re.match(skipped, last, re.I):
        at = len(",".join(segments[:-1])) + 1
        return lo + at, text[at:at + len(last)]
    return lo, text[:len(last)] if len(segments) == 1 else text


def _name_phrase(sent: _Sentence, grammar: _Grammar, phrase: Span, trailing: bool):
    """(span, kind, name) of a speaker phrase: the person named nearest the cue, else an organisation."""
    determiner = re.match(rf"(?:{grammar.determiners})\s+", phrase.text, re.I) if grammar.determiners else None
    body_at = determiner.end() if determiner else 0
    names = list(_person_names(grammar, phrase, body_at, bool(determiner), trailing))
    if names:  # trailing: the first name after the cue; leading: an introduced one, else the last
        name, _ = names[0] if trailing else next((n for n in names if n[1]), names[-1])
        return (name if trailing else phrase), "named", _fuller_name(sent, grammar, name.text)
    if trailing and (cut := re.search(rf"\s(?:{grammar.determiners or 'the'})\s+{_CAPITAL}", phrase.text)):
        phrase = Span(phrase.start, phrase.start + cut.start(), phrase.text[:cut.start()])  # "X der dpa"
    return phrase, "organisation", phrase.text[body_at:].strip() or phrase.text


def _person_names(grammar: _Grammar, phrase: Span, body_at: int, determiner: bool, trailing: bool):
    """(name span, introduced) for each run of capitalised words in the phrase that names a
    person: titles dropped ("Polizeisprecherin Anna Vogt", "el alcalde Luis Prado"), introduced
    when a title or a comma precedes. Not a person: an acronym, a run right after a determiner
    ("La Alianza Verde"), a lone sentence-initial word before lowercase ("Полиция сообщила")."""
    text = phrase.text
    for run in _NAME_RUN.finditer(text, body_at):
        words = run.group(0).split()
        titles = 0
        while titles < len(words) and re.fullmatch(rf"(?:{grammar.titles})", words[titles], re.I):
            titles += 1
        name = " ".join(words[titles:])
        before = text[:run.start()]
        introduced = bool(titles or re.search(rf"(?<!\w)(?:{grammar.titles})\s+$", before, re.I)
                          or before.rstrip().endswith(","))
        after_noun = run.start() > body_at and len(words) > 1  # "la concejala Rosa Vidal"
        after_modifier = not trailing and run.start() > body_at and not text[run.end():].strip() \
            and re.search(r"[a-zà-öø-ÿа-яё]\w*\s+$", text[:run.start()]) \
            and re.search(rf"(?<!\w)(?:{grammar.prepositions})\s", text[body_at:run.start()], re.I)  # "Der im Seebad lebende Ossetschkin"
        lone_opening = run.start() == 0 and not titles and len(words) == 1 and not trailing \
            and re.match(r"\s+[a-zà-öø-ÿа-яё]", text[run.end():])
        if name and not name.isupper() and (introduced or after_noun or after_modifier or not determiner) \
                and not lone_opening:
            at = phrase.start + run.end() - len(name)
            yield Span(at, at + len(name), name), introduced


def _fuller_name(sent: _Sentence, grammar: _Grammar, name: str) -> str:
    """A lone surname with the first name the article gave it before ("Kranich" -> "Sabine Kranich")."""
    if " " in name:
        return name
    for earlier in re.finditer(rf"({_CAPITAL}[\w'’-]+)\s+{re.escape(name)}(?![\w-])", sent.article_text[:sent.start]):
        first = earlier.group(1)
        if not re.fullmatch(rf"(?:{grammar.titles}|{grammar.determiners or 'the'})", first, re.I):
            return f"{first} {name}"
    return name


def _fallback_attribution(sent: _Sentence, grammar: _Grammar, cue: Span, cls: str, negated: bool,
                          speaker, content: Span | None) -> Attribution:
    content = _without_dateline(content)
    span, kind, name = speaker if speaker else (None, "report", None)
    if kind == "named" and agencies.lookup(name):  # "informó el diario El País"
        kind = "organisation"
    status = _status(cls, negated, False, "", kind)
    if status in ("claimed", "asserted") and content is not None and \
            re.search(rf"(?<!\w)(?:{grammar.hedges})(?!\w)", content.text, re.I):
        status = "hedged"
    quote = content is not None and any(qs <= content.start and content.end <= qe for qs, qe in sent.quotes)
    channel = _fallback_channel(sent, cue, content, span)
    return Attribution(
        sentence_start=min(sent.start, content.start if content else sent.start),
        sentence_end=sent.start + len(sent.text), cue=cue, content=content, speaker=span,
        speaker_kind=kind, speaker_name=name, status=status, quote=quote,
        channel=channel[0] if channel else None, channel_name=channel[1] if channel else None)


def _fallback_channel(sent: _Sentence, cue: Span, content: Span | None, speaker: Span | None):
    """A curated agency or outlet named outside the content and the speaker: after the cue
    ("told AFP", "dijo a EFE"), else before it ("Til Associated Press forteller X")."""
    after = _named_outlet(sent, cue.end - sent.start, len(sent.text), content, speaker)
    return after or _named_outlet(sent, 0, cue.start - sent.start, content, speaker)


def _named_outlet(sent: _Sentence, lo: int, hi: int, content: Span | None, speaker: Span | None):
    for word in re.finditer(r"(?<![\w-])(?=([\w-]+(?:\s+[A-ZА-Я][\w-]+){0,2}))", sent.text[lo:hi]):
        at = sent.start + lo + word.start()
        if any(part is not None and part.start <= at < part.end for part in (content, speaker)):
            continue
        words = word.group(1).split()
        for candidate in (" ".join(words[:n]) for n in range(len(words), 0, -1)):
            agency = agencies.lookup(candidate)
            if agency is not None and agency.kind in ("wire", "outlet"):
                return Span(at, at + len(candidate), candidate), agency.name
    return None
