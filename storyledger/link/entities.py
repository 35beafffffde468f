"""Canonical entities across all stored articles.

`link_entities` runs once per new article, in publication order, inside the
caller's transaction. Each in-article cluster (mentions sharing a canonical
name) is matched only against the entities indexed under its own blocking
keys, so the cost per article does not grow with the store:

- people: keys are the surname stem and its head/tail (translit.blocking_keys);
  a full name joins an entity whose full name has the same surname (exact
  key or fuzzy) and a compatible first name (Vladimir ~ Volodymyr ~ V.). A
  surname alone joins only when the article shares another entity with it
  (co-occurrence): two Petrovs in unrelated stories stay apart;
- organisations: keys of the canonical name (after the agency table and
  in-article acronym expansion) and of every acronym it was written as;
- places: the gazetteer entry (geonames id / ISO code) when the name
  resolves, else the name key, so Bayonne (France) and Bayonne (New Jersey)
  stay two entities.

Evidence across reports: a bare surname (or a typo of it, letters transposed) also joins the
one person many reports already name in full; a word the analysis left out that names an
entity other reports established ("Putina", "Гулагу.нет") becomes a mention; a place takes the
gazetteer's name and the GPE type; a name no gazetteer knows, tagged ORG in one report and LOC
in another, is an organisation; the full name more than twice as many reports write becomes
the entity's name.

Every surface form is recorded as an alias with its evidence (article id,
offsets, sentence), plus the form with its leading article ("the AP").
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from storyledger import agencies, places
from storyledger.analyse.entities import PROCLITICS
from storyledger.lang import union
from storyledger.model import Analysis, Article, Mention
from storyledger.settings import DEFAULT, EntitySettings
from storyledger.store import entities as store
from storyledger.translit import (blocking_keys, fold, full_key,
                                  name_tokens, same_person_name, same_word,
                                  transposed)

PLACE_TYPES = ("GPE", "LOC")
_DETERMINER = re.compile(r"(?:^|(?<=\s))(?:(?:the|The|THE|le|Le|la|La|les|Les)\s+|[lL]['’])$")


@dataclass
class _Cluster:
    canonical: str
    type: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return name_tokens(self.canonical)


def link_entities(db, article: Article, analysis: Analysis, settings: EntitySettings = DEFAULT.entities) -> None:
    """Attach every mention of `analysis` to a canonical entity, creating entities as needed."""
    clusters = _clusters(analysis.mentions + _known_name_mentions(db, article, analysis.mentions, settings))
    places_in_article = [c.canonical for c in clusters if c.type in PLACE_TYPES]
    linked: dict[int, _Cluster] = {}
    for cluster in sorted(clusters, key=_link_order):
        entity_id = _find_or_create(db, article, cluster, set(linked), places_in_article, settings)
        store.add_keys(db, entity_id, _native_keys(cluster, settings))
        linked.setdefault(entity_id, cluster)
        _record(db, article, entity_id, cluster)
    for entity_id in linked:
        store.count_article(db, entity_id)


# A word, with inner dots and hyphens ("Гулагу.нет").
_TOKEN = re.compile(r"[^\W\d_][\w.\-]*[^\W_]|[^\W\d_]", re.UNICODE)
def _known_name_mentions(db, article: Article, mentions: list[Mention], settings: EntitySettings) -> list[Mention]:
    """Words the analysis left out that name an entity other reports already established: the
    same name, a transliteration or an inflected form ("Putina", "Kremla", "Гулагу.нет"). The
    fallback for languages without a model, and for scripts without capital letters."""
    text = article.text
    taken = sorted((m.start, m.end) for m in mentions)
    lowercase = {w.group().lower() for w in _TOKEN.finditer(text) if w.group()[0].islower()}
    starts = [s.start for s in article.sentences]
    found = []
    for word in _TOKEN.finditer(text):
        token = word.group().rstrip(".-")
        if len(fold(token)) < 4 or token[0].islower() or token.lower() in lowercase \
                or _overlaps(taken, word.start(), word.end()):
            continue
        entity = _known_entity(db, token, settings)
        if entity is not None:
            sentence = max(bisect.bisect_right(starts, word.start()) - 1, 0)
            found.append(Mention(word.start(), word.start() + len(token), token, entity["type"],
                                 sentence, canonical=entity["name"]))
    if any(_uncased_letter(ch) for ch in set(text[:2000])):
        found += _known_native_mentions(db, article, taken, settings)
    return found


# --- names in scripts without capitals, known from other reports ----------------------------

# How short and how long a piece of uncased text is tried as a known name: EntitySettings.native_*.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\uf900-\ufaff]")


def _uncased_letter(ch: str) -> bool:
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def _native_key(name: str, min_chars: int) -> str | None:
    name = name.strip()
    if len(name) < min_chars or not any(_uncased_letter(ch) for ch in name):
        return None
    return "n:" + places.native_key(name)


def _native_keys(cluster: _Cluster, settings: EntitySettings) -> list[str]:
    """Index keys of the names of `cluster` written in a script without capitals: the names as
    written and, for a person, the last part of the full name ("普京" of "弗拉基米尔·普京")."""
    names = {cluster.canonical, *(m.text for m in cluster.mentions)}
    if cluster.type == "PERSON":
        names |= {name_tokens(n)[-1] for n in list(names) if len(name_tokens(n)) >= 2}
    keys = {k for k in (_native_key(name, settings.native_min_chars) for name in names) if k}
    heads = {"n2:" + k[2:4] if _UNSPACED.search(k) else "n1:" + k[2:].split(" ")[0] for k in keys}
    return sorted(keys | heads)


def _words(text: str):
    """(start, end) of each run of letters and combining marks (Devanagari and Bengali vowel
    signs are marks, not letters)."""
    start = None
    for i, ch in enumerate(text + " "):
        inside = ch.isalpha() or unicodedata.category(ch).startswith("M")
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            yield start, i
            start = None


@functools.lru_cache(maxsize=65536)
def _folded_char(ch: str) -> str:
    return places.native_key(ch)


def _native_spans(db, text: str, settings: EntitySettings) -> dict[str, list[tuple[int, int]]]:
    """Key -> (start, end) of every piece of uncased text that could be a name: substrings of
    unspaced text, runs of one to three words (a proclitic letter cut) elsewhere; only those
    that start as a known name starts (its first two letters, its first word), so the pieces
    looked up stay few."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    words = [(s, e) for s, e in _words(text) if _uncased_letter(text[s])]
    unspaced = {(s, e) for s, e in words if _UNSPACED.search(text[s:e])}
    folded = {i: _folded_char(text[i]) for s, e in words for i in range(s, e)}  # a character at a time
    fold = lambda a, b: "".join(folded.get(j, " ") for j in range(a, b))  # noqa: E731
    starts = [(a, e) for s, e in words if (s, e) not in unspaced
              for a in ({s, s + 1} if text[s] in PROCLITICS else {s})]
    heads = {"n2:" + fold(a, a + 2) for s, e in unspaced for a in range(s, e - 1)}
    heads |= {"n1:" + fold(a, e) for a, e in starts}
    known_heads = set(store.keyed(db, sorted(heads))) if heads else set()
    for start, end in unspaced:
        for a in range(start, end - settings.native_min_chars + 1):
            if "n2:" + fold(a, a + 2) in known_heads:
                for b in range(a + settings.native_min_chars, min(a + settings.native_max_chars, end) + 1):
                    spans["n:" + fold(a, b)].append((a, b))
    ends = [e for s, e in words]
    for first, end in starts:
        if "n1:" + fold(first, end) not in known_heads:
            continue
        i = ends.index(end)
        for n in range(1, settings.native_max_words + 1):
            group = words[i:i + n]
            if len(group) < n or any(text[e:s2] != " " for (_, e), (s2, _) in zip(group, group[1:])):
                break
            if group[-1][1] - first >= settings.native_min_chars:
                spans["n:" + fold(first, group[-1][1])].append((first, group[-1][1]))
    return spans


def _known_native_mentions(db, article: Article, taken: list[tuple[int, int]],
                           settings: EntitySettings) -> list[Mention]:
    """Names in a script without capitals that earlier reports established ("普京" found in a
    report that never writes the full name): the longest known piece wins."""
    spans = _native_spans(db, article.text, settings)
    known = {key: ids.pop() for key, ids in store.keyed(db, sorted(spans)).items() if len(ids) == 1}
    starts = [s.start for s in article.sentences]
    found, used = [], list(taken)
    pieces = sorted(((a, b, key) for key in known for a, b in spans[key]), key=lambda p: (p[0] - p[1], p[0]))
    for start, end, key in pieces:
        if any(s < end and start < e for s, e in used):
            continue
        entity = store.get_entity(db, known[key])
        if entity is None:
            continue
        used.append((start, end))
        sentence = max(bisect.bisect_right(starts, start) - 1, 0)
        found.append(Mention(start, end, article.text[start:end], entity["type"], sentence,
                             canonical=entity["name"]))
    return found


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(taken, (end, end))
    return any(s < end and start < e for s, e in taken[max(i - 3, 0):i])


def _known_entity(db, token: str, settings: EntitySettings) -> dict | None:
    key = full_key(token)
    found = []
    for cand in store.candidates(db, ["p:" + key, "o:" + key, "g:" + key], ("PERSON", "ORG", "GPE", "LOC")):
        if cand["articles"] < settings.known_name_articles:
            continue
        tokens = name_tokens(cand["name"])
        if cand["type"] == "PERSON" and not (_well_attested(cand, settings) and same_word(token, tokens[-1])):
            continue
        found.append(cand)
    return found[0] if len(found) == 1 else None


def _clusters(mentions: list[Mention]) -> list[_Cluster]:
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_name[m.canonical or m.text].append(m)
    clusters = []
    for name, group in by_name.items():
        types = Counter("PERSON" if m.type == "PERSON" else m.type for m in group
                        if not _is_description(m))
        kind = types.most_common(1)[0][0] if types else group[0].type
        clusters.append(_Cluster(name, kind, group))
    return clusters


def _link_order(cluster: _Cluster):
    """Organisations and places first (co-occurrence evidence for people), then full
    names, then surnames alone."""
    if cluster.type != "PERSON":
        return (0, cluster.canonical)
    return (1 if len(cluster.tokens) >= 2 else 2, cluster.canonical)


def _is_description(m: Mention) -> bool:
    return m.type == "PERSON" and (m.text[:1].islower() or m.text.lower().startswith("the "))


# --- matching --------------------------------------------------------------

def _find_or_create(db, article: Article, cluster: _Cluster, linked: set[int],
                    places_in_article: list[str], settings: EntitySettings) -> int:
    if cluster.type == "PERSON":
        keys, entity_id = _match_person(db, cluster, linked, settings)
    elif cluster.type in PLACE_TYPES:
        keys, entity_id = _match_place(db, cluster, places_in_article)
    else:
        keys, entity_id = _match_org(db, cluster)
    if entity_id is None and _unknown_to_gazetteers(cluster):
        # the tagger may call one name PERSON here and ORG or GPE elsewhere
        other_keys, entity_id = _match_across_types(db, cluster, linked, settings)
        keys = keys + other_keys
    if entity_id is None:
        entity_id = store.create_entity(db, _display_name(cluster, places_in_article), cluster.type,
                                        article.id)
    elif cluster.type == "PERSON" and len(cluster.tokens) >= 2:
        current = store.get_entity(db, entity_id)
        if current and (_better_name(cluster.canonical, current["name"])
                        or _more_used(db, entity_id, cluster, current["name"])):
            store.rename_entity(db, entity_id, cluster.canonical)
    store.add_keys(db, entity_id, keys)
    if cluster.type in PLACE_TYPES and not store.has_place(db, entity_id):
        resolution = places.resolve(cluster.canonical, places_in_article)
        if resolution.best:
            store.set_place(db, entity_id, resolution.to_dict())
    return entity_id


def _better_name(new: str, current: str) -> bool:
    """A full name beats a surname; a Latin spelling beats another script."""
    if len(name_tokens(current)) < 2:
        return True
    return not current.isascii() and _latin(new) and not _latin(current)


def _more_used(db, entity_id: int, cluster: _Cluster, current: str) -> bool:
    """A full name written by more than twice as many reports as the entity's name replaces it
    ("Vladimir Putin", not the "Vladimir Poutine" of the first French report), within the script
    the name is in; short of that the first name stays."""
    new = cluster.canonical
    if new == current or len(name_tokens(current)) < 2 or _latin(current) and not _latin(new):
        return False
    here = any(m.text.endswith(new) for m in cluster.mentions)
    return store.alias_article_count(db, entity_id, new) + here > \
        2 * store.alias_article_count(db, entity_id, current)


def _latin(name: str) -> bool:
    return all(ch.isascii() or "À" <= ch <= "ɏ" for ch in name if ch.isalpha())


def _person_keys(cluster: _Cluster) -> list[str]:
    tokens = cluster.tokens
    return sorted("p:" + k for k in blocking_keys(tokens[-1])) if tokens else []


def _match_person(db, cluster: _Cluster, linked: set[int], settings: EntitySettings):
    keys = _person_keys(cluster)
    tokens = cluster.tokens
    if not tokens:
        return keys, None
    found = store.candidates(db, keys, ("PERSON",))
    full = len(tokens) >= 2
    matches = []
    for cand in found:
        cand_tokens = name_tokens(cand["name"])
        if not cand_tokens or not (same_word(tokens[-1], cand_tokens[-1])
                                   or (not full and transposed(tokens[-1], cand_tokens[-1]))):
            continue  # a typo is forgiven a surname alone, which needs evidence below
        if full and len(cand_tokens) >= 2:
            if same_person_name(cluster.canonical, cand["name"]):
                matches.append(cand)
        elif _shares_context(db, cand["id"], linked) or _well_attested(cand, settings):
            # a surname on one side only: needs another entity in common, or a full name
            # that many reports already carry (the one stored person of that surname)
            matches.append(cand)
    if not full:
        # a surname alone that fits several people is ambiguous: stay apart
        named = [m for m in matches if len(name_tokens(m["name"])) >= 2] or matches
        if not _one_person([m["name"] for m in named]):
            # unless one of them is carried by many reports and every other by a single one
            attested = [m for m in named if _well_attested(m, settings)]
            if len(attested) != 1 or any(m["articles"] > 1 for m in named if m is not attested[0]):
                return keys, None
            named = attested
        matches = named
    return keys, (matches[0]["id"] if matches else None)


def _well_attested(cand: dict, settings: EntitySettings) -> bool:
    """A full name that enough reports carry (`well_attested_articles`)."""
    return cand["articles"] >= settings.well_attested_articles and len(name_tokens(cand["name"])) >= 2


def _one_person(names: list[str]) -> bool:
    return all(same_person_name(a, b) for a in names for b in names)


def _unknown_to_gazetteers(cluster: _Cluster) -> bool:
    """A name neither the agency table nor the place gazetteer knows: its type is only
    the tagger's guess."""
    name = cluster.canonical
    return (bool(name[:1].isupper()) and not name.isupper() and "." not in name
            and agencies.lookup(name) is None and not places.is_place(name))


def _match_across_types(db, cluster: _Cluster, linked: set[int], settings: EntitySettings):
    """A person stored under an organisation or place type, or the reverse. A full
    name retypes the entity to PERSON; a lone word needs shared context with a person."""
    if cluster.type != "PERSON":
        keys, person_id = _match_person(db, cluster, linked, settings)
        if person_id is not None:
            cluster.type = "PERSON"
            return keys, person_id
        return _match_org_or_place(db, cluster)
    full, surname = cluster.canonical, cluster.tokens[-1]
    keys = sorted({p + full_key(n) for p in ("o:", "g:") for n in (full, surname)})
    for cand in store.candidates(db, keys, ("ORG", "GPE", "LOC")):
        if not _unknown_to_gazetteers(_Cluster(cand["name"], cand["type"])):
            continue
        same_name = fold(cand["name"]) == fold(full)
        if len(cluster.tokens) >= 2 and (same_name or (
                fold(cand["name"]) == fold(surname) and _shares_context(db, cand["id"], linked))):
            store.retype_entity(db, cand["id"], "PERSON")
            return _person_keys(cluster), cand["id"]
        if same_name:
            cluster.type = cand["type"]  # "Bellingcat" tagged PERSON here, ORG before
            return keys, cand["id"]
    return [], None


def _match_org_or_place(db, cluster: _Cluster):
    """A name no gazetteer knows, tagged an organisation in one report and a place in another
    ("Parisien"): the organisation reading wins, as only a gazetteer makes a place certain."""
    name = fold(cluster.canonical)
    if cluster.type in PLACE_TYPES:
        for cand in store.candidates(db, _org_keys(cluster), ("ORG",)):
            if fold(_strip_owner(cand["name"])) == name:
                cluster.type = "ORG"
                return [], cand["id"]
        return [], None
    for cand in store.candidates(db, ["g:" + full_key(cluster.canonical)], PLACE_TYPES):
        if fold(cand["name"]) == name and _unknown_to_gazetteers(_Cluster(cand["name"], cand["type"])):
            store.retype_entity(db, cand["id"], "ORG")
            return [], cand["id"]
    return [], None


def _shares_context(db, entity_id: int, linked: set[int]) -> bool:
    """Evidence joining a surname to a stored person: at least one shared person or
    organisation, or two shared entities of any kind."""
    shared = store.cooccurring(db, entity_id) & linked
    if len(shared) >= 2:
        return True
    return any((store.get_entity(db, e) or {}).get("type") in ("PERSON", "ORG") for e in shared)


def _org_keys(cluster: _Cluster) -> list[str]:
    names = {cluster.canonical, *(m.text for m in cluster.mentions)}
    agency = agencies.lookup(cluster.canonical)
    if agency:
        names |= {agency.name, *agency.aliases}
    keys = {"o:" + full_key(_strip_owner(n)) for n in names if full_key(n)}
    return sorted(keys | {k for k in map(_word_order_key, names) if k})


_FUNCTION_WORDS = union("entities", "name_stop_words") | union("entities", "name_particles") \
    | union("entities", "determiners")


def _word_order_key(name: str) -> str | None:
    """One key for a name's words in any order, function words left out: "Gallery of Apollo"
    and "Apollo Gallery", "Ministry of Justice" and "Justice Ministry"."""
    words = [w for w in name_tokens(_strip_owner(name)) if w.lower() not in _FUNCTION_WORDS]
    if len(words) < 2:
        return None
    return "o~" + " ".join(sorted(full_key(w) for w in words))


def _strip_owner(name: str) -> str:
    """"Russia's Federal Security Service" is indexed as "Federal Security Service"."""
    return re.sub(r"^\S+['’]s\s+", "", name)


def _match_org(db, cluster: _Cluster):
    keys = _org_keys(cluster)
    found = store.candidates(db, keys, ("ORG",))
    return keys, (found[0]["id"] if found else None)


def _match_place(db, cluster: _Cluster, places_in_article: list[str]):
    resolution = places.resolve(cluster.canonical, places_in_article)
    if resolution.best:
        cluster.type = "GPE"  # a gazetteer city, region or country, whatever the tagger said
    if not resolution.best:
        keys = ["g:" + full_key(cluster.canonical)]
        found = store.candidates(db, keys, PLACE_TYPES)
        return keys, (found[0]["id"] if found else None)
    keys = ["g:" + resolution.best.key]
    found = store.candidates(db, keys, PLACE_TYPES)
    if not found and resolution.basis != "context":
        # nothing in the article picks one reading: join a stored reading of the name
        others = ["g:" + p.key for p in resolution.candidates]
        found = store.candidates(db, others, PLACE_TYPES)
    return keys, (found[0]["id"] if found else None)


def _display_name(cluster: _Cluster, places_in_article: list[str]) -> str:
    """The agency table's name of an outlet, the gazetteer's name of a place ("Париж" -> "Paris")."""
    if cluster.type in PLACE_TYPES:
        resolution = places.resolve(cluster.canonical, places_in_article)
        return resolution.best.name if resolution.best else cluster.canonical
    if cluster.type == "ORG":
        agency = agencies.lookup(cluster.canonical)
        return agency.name if agency else _strip_owner(cluster.canonical)
    return cluster.canonical


# --- recording -------------------------------------------------------------

def _record(db, article: Article, entity_id: int, cluster: _Cluster) -> None:
    for m in cluster.mentions:
        store.add_mention(db, article.id, m.start, m.end, entity_id, m.text, cluster.type, m.sentence)
        kind = "description" if _is_description(m) and cluster.type == "PERSON" else "name"
        for text in _surfaces(article.text, m) if kind == "name" else [m.text]:
            alias_id = store.add_alias(db, entity_id, text, _folded(text), kind)
            store.add_alias_evidence(db, alias_id, article.id, m.start, m.end, m.sentence)
        for descriptor in m.descriptors:
            store.add_descriptor(db, entity_id, article.id, descriptor, m.start, m.end, m.sentence)


def _surfaces(text: str, m: Mention) -> list[str]:
    """The mention as written, its bare name if a title precedes it, and the form with
    the leading article it has in the text ("the AP", "The Kremlin")."""
    forms = [m.text]
    if m.canonical and m.canonical != m.text and m.text.endswith(m.canonical) \
            and text[m.end - len(m.canonical):m.end] == m.canonical:
        forms.append(m.canonical)
    owner_stripped = _strip_owner(m.text)
    if owner_stripped != m.text:
        forms.append(owner_stripped)
    determiner = _DETERMINER.search(text[max(m.start - 5, 0):m.start])
    if determiner and m.type in ("ORG", "LOC"):  # "the Athens police" is no alias
        forms.append(text[m.start - len(determiner.group()):m.end])
    return forms


def _folded(name: str) -> str:
    name = re.sub(r"^(?:(?:the|le|la|les)\s+|l['’]\s*)", "", name.strip(), flags=re.I)  # not "Lavrov"
    return fold(re.sub(r"['’]s$", "", name))


# --- reading ---------------------------------------------------------------

def _public(db, entity_id: int) -> dict | None:
    entity = store.get_entity(db, entity_id)
    if entity is None:
        return None
    return {"id": str(entity["id"]), "name": entity["name"], "type": entity["type"],
            "aliases": store.alias_texts(db, entity_id)}


def resolve_name(db, name: str, article_id: str | None = None) -> dict | None:
    """The entity a name denotes ("Osechkin", "the AP", "Russia's Federal Security
    Service"); with `article_id`, the one that name denotes in that article."""
    if not name or not name.strip():
        return None
    folded = _folded(name)
    if article_id is not None:
        hit = _resolve_in_article(db, name, folded, article_id)
        if hit is not None:
            return _public(db, hit)
    rows = store.aliases_by_folded(db, folded)
    if rows:
        return _public(db, rows[0]["entity_id"])
    agency = agencies.lookup(name.strip())
    if agency:
        for form in (agency.name, *agency.aliases):
            rows = store.aliases_by_folded(db, _folded(form))
            if rows:
                return _public(db, rows[0]["entity_id"])
    named = store.entities_named(db, name.strip())
    if named:
        return _public(db, named[0]["id"])
    return _resolve_person(db, name)


def _resolve_in_article(db, name: str, folded: str, article_id: str) -> int | None:
    rows = store.aliases_by_folded(db, folded, article_id, kinds=("name", "description"))
    if rows:
        return rows[0]["entity_id"]
    tokens = name_tokens(name)
    if not tokens:
        return None
    people = [p for p in store.article_entities(db, article_id, "PERSON")
              if name_tokens(p["name"]) and same_word(tokens[-1], name_tokens(p["name"])[-1])
              and (len(tokens) < 2 or same_person_name(name, p["name"]))]
    return people[0]["id"] if len(people) == 1 else None


def _resolve_person(db, name: str) -> dict | None:
    tokens = name_tokens(name)
    if not tokens:
        return None
    keys = sorted("p:" + k for k in blocking_keys(tokens[-1]))
    for cand in store.candidates(db, keys, ("PERSON",)):
        cand_tokens = name_tokens(cand["name"])
        if len(tokens) >= 2 and same_person_name(name, cand["name"]):
            return _public(db, cand["id"])
        if len(tokens) == 1 and cand_tokens and same_word(tokens[0], cand_tokens[-1]):
            return _public(db, cand["id"])  # most-seen first
    return None


def alias_index(db) -> dict[str, set[str]]:
    """Each alias as seen in articles -> the ids of the entities it resolved to."""
    index: dict[str, set[str]] = defaultdict(set)
    for text, entity_id in store.all_aliases(db):
        index[text].add(str(entity_id))
    return dict(index)


def entities(db, type: str | None = None) -> list[dict]:
    return [{**row, "id": str(row["id"])} for row in store.list_entities(db, type)]


def entity_detail(db, name_or_id: str, article_ids: Iterable[str] | None = None) -> dict | None:
    """Canonical name, every alias with its evidence sentences, descriptors, place; evidence,
    descriptors and the article count limited to `article_ids` when given."""
    entity = None
    if str(name_or_id).isascii() and str(name_or_id).isdigit() and int(name_or_id) < 2 ** 63:  # a store id
        entity = _public(db, int(name_or_id))
    if entity is None:
        entity = resolve_name(db, str(name_or_id))
    if entity is None:
        return None
    entity_id = int(entity["id"])
    aliases: dict[str, dict] = {}
    for row in store.alias_evidence(db, entity_id, article_ids):
        alias = aliases.setdefault(row["alias"], {"text": row["alias"], "kind": row["kind"],
                                                   "evidence": []})
        alias["evidence"].append({k: row[k] for k in ("article_id", "start", "end", "sentence",
                                                      "sentence_text")})
    return {
        **entity,
        "aliases": list(aliases.values()),
        "descriptors": store.descriptors(db, entity_id, article_ids),
        "place": store.place(db, entity_id),
        "articles": len({e["article_id"] for a in aliases.values() for e in a["evidence"]}),
    }
