"""Look-alike incidents: `python -m storyledger.evaluate.template_corpus [--incidents N] [--json]`.

A generated corpus of distinct incidents told with the same wording templates:
floods, fires, bridge collapses, arrests of officials ... in different
(invented) cities, with different officials and figures, on dates at least
MIN_DAYS_APART days apart. Each incident is reported several times (by other
outlets, in English and French, the sentences of a template in another order,
a day later), so a linker must join the reports of one incident and keep the
incidents of one kind apart although they share almost every word but the
names, places, figures and dates. Gold: each incident is one event (and one
thread); incidents of one kind are cannot-link pairs of threads.

The corpus is written to a folder the caller owns (a temp dir by default):
generated text is never kept in the repository. Scored with the gold scorer
(`storyledger eval`): events BCubed, thread cannot-links.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SEED = 40
INCIDENTS = 40
MIN_DAYS_APART = 11
START = dt.date(2024, 1, 8)

# Invented places and people: nothing here names a real town or person.
CITIES = ["Kestrava", "Morlaine", "Dunhallow", "Varenne-sur-Lisk", "Oskberg", "Tirrowmouth", "Belcastre",
          "Quennoch", "Arvelle", "Strenholm", "Pellinor", "Cadrell", "Vostigan", "Lormont-les-Pins",
          "Hawkenridge", "Salvierre", "Brannoch", "Eddlewick", "Morvanne", "Tulloway", "Grescombe",
          "Ollandre", "Firthby", "Carvellan", "Ystrelle", "Nethercote", "Ravensmoor", "Solbrecht",
          "Wyndhollow", "Aubrelac", "Kingsferry", "Delvannes", "Harrowgate Vale", "Minsterlow", "Corlandre",
          "Pemberth", "Vaskeny", "Tolvercourt", "Elsmoor", "Brisevaux"]
FIRST_NAMES = ["Anselm", "Brigitte", "Corentin", "Daria", "Emeric", "Fenella", "Gaspard", "Hortense", "Ivo",
               "Juliette", "Konrad", "Léonie", "Matthis", "Noémie", "Orson", "Perrine", "Quentin", "Rosalind",
               "Sidonie", "Tobias", "Ursule", "Valentin", "Wendeline", "Yannick"]
SURNAMES = ["Abravanel", "Bellaguet", "Corbineau", "Delacombe", "Esterhall", "Fontravel", "Guillermet",
            "Hallbrook", "Isambert", "Jardinier", "Kerouac-Lenz", "Lamberthe", "Marchessaux", "Norbury",
            "Ouvrard", "Pellerine", "Quatremer", "Rossignac", "Saint-Aubray", "Tessandier", "Vautrinel",
            "Wexcombe", "Ysembart", "Zellweger", "Arbogast", "Beauclerc", "Castelnau-Ribes", "Dumoulard",
            "Escoffrey", "Frobisher", "Garancière", "Hautecoeur", "Illingworth", "Jobertin", "Kingsmill",
            "Lescarbot", "Montauzier", "Nettlefold", "Orbigny", "Plessard", "Quillebeuf", "Roquelaure",
            "Sablonnière", "Trevanion", "Urquhart-Vell", "Valdoreille", "Whitlock-Amis", "Yvernault", "Zabrowski",
            "Aldecoa", "Brightmere", "Challonet", "Duvignau", "Eskdale", "Faverolles", "Grandpierre", "Hennequin",
            "Ibarrondo", "Jessingham", "Kerbrat", "Lavalette", "Mordaunt", "Nivernois", "Ormesby", "Pradelle",
            "Quillan-Roux", "Rastignac", "Skelmorlie", "Tourvielle", "Ulverscroft", "Vasseroux", "Wardlow",
            "Yarrowby", "Zurbaran-Leigh", "Ambroisine", "Belleperche", "Canteloube", "Dravenholt", "Estourmel",
            "Fitzwarren-Ode"]
OUTLETS = {"en": ["Northern Courier", "Harbour Times", "Valley Gazette"], "fr": ["Le Veilleur", "La Gazette du Val"]}
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]}
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]}

# One template per kind and language: the title, then sentences a report tells in its own order
# (the first stays first: it is the lead). {city} {day} {date} {n} {m} {official} {role} {person}
TEMPLATES = {
    "flood": {
        "en": ["Floods force {n} residents from their homes in {city}",
               "Floods struck {city} on {day}, {date}, forcing {n} residents from their homes.",
               "The river rose {m} centimetres in a few hours, the city's {role}, {official}, said.",
               "Rescue teams evacuated the lower districts overnight and opened two shelters.",
               "{official} said the damage would be assessed once the water receded."],
        "fr": ["Inondations à {city} : {n} habitants évacués",
               "Des inondations ont frappé {city} le {day} {date}, obligeant {n} habitants à quitter leur logement.",
               "La rivière est montée de {m} centimètres en quelques heures, a déclaré {official}, {role} de la ville.",
               "Les secours ont évacué les quartiers bas pendant la nuit et ouvert deux centres d'accueil.",
               "{official} a indiqué que les dégâts seraient évalués après la décrue."],
    },
    "fire": {
        "en": ["Fire destroys warehouse in {city}, {n} workers evacuated",
               "A fire destroyed a warehouse in {city} on {day}, {date}, and {n} workers were evacuated.",
               "Some {m} firefighters fought the blaze for most of the night, said {official}, the {role}.",
               "No one was hurt, and the cause of the fire is not yet known.",
               "Prosecutors in {city} have opened an inquiry, {official} added."],
        "fr": ["Un entrepôt détruit par un incendie à {city}, {n} salariés évacués",
               "Un incendie a détruit un entrepôt à {city} le {day} {date} et {n} salariés ont été évacués.",
               "Quelque {m} pompiers ont combattu le feu une grande partie de la nuit, selon {official}, {role}.",
               "Personne n'a été blessé et la cause de l'incendie reste inconnue.",
               "Le parquet de {city} a ouvert une enquête, a ajouté {official}."],
    },
    "arrest": {
        "en": ["{role} of {city} arrested in bribery inquiry",
               "Police arrested {person}, the {role} of {city}, on {day}, {date}, in an inquiry into bribery.",
               "{person} is suspected of taking {n} thousand euros in bribes for {m} building permits, prosecutors said.",
               "{person}'s lawyer, {official}, said his client denied any wrongdoing.",
               "The council of {city} will meet next week to appoint an interim {role}."],
        "fr": ["Le {role} de {city} interpellé dans une affaire de corruption",
               "La police a interpellé {person}, {role} de {city}, le {day} {date}, dans une enquête pour corruption.",
               "{person} est soupçonné d'avoir reçu {n} mille euros de pots-de-vin pour {m} permis de construire, selon le parquet.",
               "L'avocat de {person}, {official}, a affirmé que son client contestait les faits.",
               "Le conseil municipal de {city} se réunira la semaine prochaine pour désigner un {role} par intérim."],
    },
    "bridge": {
        "en": ["Bridge collapses in {city}, {n} injured",
               "A road bridge collapsed in {city} on {day}, {date}, injuring {n} people.",
               "Three cars fell about {m} metres into the river, said {official}, the {role}.",
               "Engineers had inspected the bridge last year and found no fault, the city said.",
               "{official} said the other bridges of {city} would be checked this week."],
        "fr": ["Effondrement d'un pont à {city} : {n} blessés",
               "Un pont routier s'est effondré à {city} le {day} {date}, faisant {n} blessés.",
               "Trois voitures sont tombées d'environ {m} mètres dans la rivière, a déclaré {official}, {role}.",
               "Des ingénieurs avaient inspecté le pont l'an dernier sans relever de défaut, selon la ville.",
               "{official} a annoncé que les autres ponts de {city} seraient contrôlés cette semaine."],
    },
}
ROLES = {"flood": ("mayor", "maire"), "fire": ("fire chief", "chef des pompiers"),
         "arrest": ("mayor", "maire"), "bridge": ("mayor", "maire")}
# reports of one incident: (language, outlet index, days after the incident)
REPORTS = (("en", 0, 0), ("en", 1, 1), ("fr", 0, 1))


@dataclass(frozen=True)
class Incident:
    label: str
    kind: str
    city: str
    official: str
    person: str
    date: dt.date
    n: int
    m: int


def incidents(count: int = INCIDENTS, seed: int = SEED) -> list[Incident]:
    """`count` incidents, kinds in turn, each on its own city and officials, MIN_DAYS_APART+ days apart."""
    if count > min(len(CITIES), len(SURNAMES) // 2):
        raise ValueError(f"at most {min(len(CITIES), len(SURNAMES) // 2)} incidents: each has its own city and people")
    rng = random.Random(seed)
    kinds = sorted(TEMPLATES)
    cities = rng.sample(CITIES, min(count, len(CITIES)))
    surnames = rng.sample(SURNAMES, len(SURNAMES))  # two per incident, none shared
    day = START
    result = []
    for i in range(count):
        day += dt.timedelta(days=MIN_DAYS_APART + rng.randrange(0, 9))
        first = rng.sample(FIRST_NAMES, 2)
        result.append(Incident(
            label=f"i{i + 1:02d}", kind=kinds[i % len(kinds)], city=cities[i],
            official=f"{first[0]} {surnames[(2 * i) % len(surnames)]}",
            person=f"{first[1]} {surnames[(2 * i + 1) % len(surnames)]}",
            date=day, n=rng.randrange(12, 900), m=rng.randrange(3, 95)))
    return result


def report(incident: Incident, lang: str, outlet: int, days_after: int, rng: random.Random) -> dict:
    """One article about `incident`: the template in `lang`, body sentences after the lead shuffled."""
    title, lead, *body = TEMPLATES[incident.kind][lang]
    rng.shuffle(body)
    role = ROLES[incident.kind][0 if lang == "en" else 1]
    date = incident.date
    values = {"city": incident.city, "official": incident.official, "person": incident.person, "role": role,
              "n": incident.n, "m": incident.m, "day": WEEKDAYS[lang][date.weekday()],
              "date": (f"{MONTHS['en'][date.month - 1]} {date.day}, {date.year}" if lang == "en"
                       else f"{date.day} {MONTHS['fr'][date.month - 1]} {date.year}")}
    published = date + dt.timedelta(days=days_after)
    name = f"{incident.label}_{lang}{outlet}"
    source = OUTLETS[lang][outlet]
    return {"id": name, "url": f"https://news.example/{source.lower().replace(' ', '-')}/{name}",
            "outlet": source, "lang": lang, "published": published.isoformat(),
            "title": _capitalised(title.format(**values)),
            "text": " ".join(s.format(**values) for s in [lead, *body])}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def corpus(count: int = INCIDENTS, seed: int = SEED) -> tuple[list[dict], dict]:
    """(articles in publication order, gold object)."""
    rng = random.Random(seed + 1)
    chosen = incidents(count, seed)
    articles = [report(i, lang, outlet, days, rng) for i in chosen for lang, outlet, days in REPORTS]
    articles.sort(key=lambda a: (a["published"], a["id"]))
    by_kind: dict[str, list[str]] = {}
    for incident in chosen:
        by_kind.setdefault(incident.kind, []).append(incident.label)
    cannot = [[a, b] for labels in by_kind.values() for n, a in enumerate(labels) for b in labels[n + 1:]]
    gold = {"events": {a["id"]: a["id"].split("_")[0] for a in articles},
            "threads": {"must_link": [], "cannot_link": cannot}}
    return articles, gold


def write(folder: Path, count: int = INCIDENTS, seed: int = SEED) -> tuple[Path, Path]:
    """corpus.jsonl and gold.json in `folder`."""
    articles, gold = corpus(count, seed)
    corpus_path, gold_path = folder / "corpus.jsonl", folder / "gold.json"
    corpus_path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return corpus_path, gold_path


def run(count: int = INCIDENTS, seed: int = SEED) -> dict:
    """Generate into a temp dir, run the pipeline, score events and threads against the labels."""
    from storyledger.evaluate import gold as gold_scorer

    with tempfile.TemporaryDirectory() as folder:
        corpus_path, gold_path = write(Path(folder), count, seed)
        scores = gold_scorer.evaluate(str(corpus_path), str(gold_path))
    return {"incidents": count, "articles": count * len(REPORTS), "seed": seed,
            "events": scores.get("events"), "threads": scores.get("threads")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=INCIDENTS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--write", metavar="FOLDER", help="only write corpus.jsonl and gold.json there")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.write:
        paths = write(Path(args.write), args.incidents, args.seed)
        print(" ".join(map(str, paths)))
        return 0
    result = run(args.incidents, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        events, threads = result["events"] or {}, result["threads"] or {}
        print(f"template corpus: {result['incidents']} incidents, {result['articles']} reports; events BCubed "
              f"F1 {events.get('bcubed_f1')} (P {events.get('bcubed_precision')}, R {events.get('bcubed_recall')}); "
              f"threads cannot-link {threads.get('cannot_link_ok')}/{threads.get('cannot_link_total')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
