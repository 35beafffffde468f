"""Status of an attribution: from the cue class, negation and hedges, then made specific by the
language's families of status cues."""
from __future__ import annotations

import re

from storyledger.analyse.attribution.grammar import Grammar
from storyledger.analyse.attribution.lexicon import NEGATIONS
from storyledger.lang import union
from storyledger.model import Attribution


# words in the content that make a statement an accusation of wrongdoing by a party
ACCUSATION = re.compile(rf"\b({'|'.join(sorted(union('attribution', 'accusation_words')))})\b", re.I)
HEDGES = re.compile(rf"\b({'|'.join(sorted(union('attribution', 'hedge_words')))})\b", re.I)
# the order a signalled status is looked for: the most specific first
CUED_STATUSES = ("not_confirmed", "declined", "denied", "no_comment", "confirmed", "alleged", "hedged")


def cued_status(grammar: Grammar, attribution: Attribution) -> str:
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


def status_of(cls: str, negated: bool, neither: bool, content: str, speaker_kind: str) -> str:
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


def is_negated(verb) -> bool:
    return any(c.dep_ in ("neg", "advmod") and c.lower_ in NEGATIONS for c in verb.children) \
        or any(c.lower_ in ("neither", "ni") for c in verb.children)


def has_neither(verb) -> bool:
    words = {c.lower_ for c in verb.children} | {c.lower_ for c in verb.head.children}
    return "neither" in words or ("ni" in words and "ne" in words)
