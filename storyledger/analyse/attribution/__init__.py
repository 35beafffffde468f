"""Attribution: who claimed what, through which channel, and how sure.

For English and French the spaCy dependency parse drives extraction: a cue is
a reporting verb from the cue lexicon ([attribution] cue_lemmas of storyledger/lang/<code>.toml) or an
"according to X" / "selon X" phrase; its subject (or the noun a relative "who"
refers to) is the speaker, its clausal complement (or the quotation next to
it) the content, and recipients or platforms that are news outlets become the
channel. The status comes from the cue class, negation and hedges.

Languages without a pipeline (de, es, ru, it, pt, other) use a rule fallback (`rules.py`):
per language a small table (the [grammar] section of storyledger/lang/<code>.toml) of inflected cue verbs with their class,
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

Per language, the [attribution] section of storyledger/lang/<code>.toml also holds families of status cues
(`status_cues`: "no element allows", "too early to", "maintains his innocence", "is thought to",
"politically motivated", ...) that make a neutral status specific, and the words that resolve
speakers (office holders, outlet nouns). Once the article is read (`extract.py`): an office named by
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
into it (PolNeAR convention), and so is an accusation ("said it had charged two men"); refusals,
denials and silences are always kept, and so are reports in an adverbial clause ("after X said Y")
or a "who said" relative clause. A plain report whose whole content is a denial, refusal or silence
("Both men deny the charges, their lawyers said") is one claim: the reporter's, with that status.
A refusal whose object is only its topic ("declined to comment on the case") has no content, and a
pronoun opening a sentence as a cue's subject ("It said ...") names the speaker, not the sentence before.

Modules, lowest first: `lexicon` (word tables, cue lexicon), `grammar` (per-language data),
`status`, `spans` (the reading context and its spans), `speakers`, `channels`, `parts` (an
attribution assembled from the parse), `quotes`, `parse` (the parser path's cue finders),
`rules` (the rule path) and `extract` (one article, start to end).
"""
from storyledger.analyse.attribution.channels import DATELINE, wire_credit
from storyledger.analyse.attribution.extract import extract_attributions
from storyledger.analyse.attribution.grammar import Grammar, load_grammar
from storyledger.analyse.attribution.lexicon import cue_lexicon
from storyledger.analyse.attribution.quotes import quote_regions

__all__ = ["DATELINE", "Grammar", "cue_lexicon", "extract_attributions", "load_grammar", "quote_regions",
           "wire_credit"]
