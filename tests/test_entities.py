"""Mentions, in-article canonical names and cross-article entity linking.

Run as a script to print figures: `.venv/bin/python tests/test_entities.py` gives
the seed corpus alias-clustering scores, `... tests/test_entities.py --speed 5000`
the linking time per article at the start and the end of a growing store."""
from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import pytest

from storyledger import segment
from storyledger.analyse.entities import extract_mentions
from storyledger.link.entities import (alias_index, entities, entity_detail, link_entities,
                                       resolve_name)
from storyledger.model import Analysis, Article, Mention, Sentence
from storyledger.store import Database
from storyledger.paths import shared

SEEDS = Path(shared("seeds"))
GOLD = Path(shared("gold", "seeds.gold.json"))


def make_article(text: str, lang: str = "en", article_id: str | None = None,
                 published: str | None = None) -> Article:
    sentences = [Sentence(s, e, s, e) for s, e in segment.sentences(text, lang)]
    return Article(id=article_id or f"a{abs(hash(text))}", body=text, text=text,
                   sentences=sentences, lang=lang, published=published)


def store_article(db: Database, article: Article) -> None:
    db.execute("INSERT INTO articles(id, name, lang, published, body, text, words) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)", (article.id, article.name, article.lang,
                                                 article.published, article.body, article.text,
                                                 article.words()))
    for i, s in enumerate(article.sentences):
        db.execute("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)",
                   (article.id, i, s.start, s.end, s.body_start, s.body_end))


def ingest(db: Database, article: Article) -> Analysis:
    analysis = Analysis(article.id, mentions=extract_mentions(article))
    with db.transaction():
        store_article(db, article)
        link_entities(db, article, analysis)
    return analysis


def pairwise_scores(index: dict[str, set[str]], gold_entities: list[dict]) -> dict:
    """Alias-clustering precision/recall/F1 over pairs of gold aliases."""
    found = {}
    for entity in gold_entities:
        for alias in entity["aliases"]:
            ids = index.get(alias) or set()
            found[(entity["name"], alias)] = ids
    together = lambda a, b: bool(found[a] & found[b])
    pairs = list(itertools.combinations(found, 2))
    gold_pairs = [p for p in pairs if p[0][0] == p[1][0]]
    predicted = [p for p in pairs if together(*p)]
    correct = [p for p in predicted if p[0][0] == p[1][0]]
    precision = len(correct) / len(predicted) if predicted else 1.0
    recall = len(correct) / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    wrong = {tuple(sorted((a[0], b[0]))) for a, b in predicted if a[0] != b[0]}
    missing = [alias for alias, ids in found.items() if not ids]
    return {"precision": precision, "recall": recall, "f1": f1, "wrong_merges": len(wrong),
            "not_found": missing}


def seed_articles() -> list[Article]:
    meta = [json.loads(line) for line in (SEEDS / "metadata.jsonl").read_text().splitlines() if line]
    meta.sort(key=lambda m: (m["published"] or "", m["file"]))
    articles = []
    for m in meta:
        article = make_article((SEEDS / m["file"]).read_text(), m["lang"], m["file"], m["published"])
        article.name = m["file"]
        articles.append(article)
    return articles


# --- mentions ------------------------------------------------------------

def test_titles_stripped_and_surname_expanded():
    article = make_article(
        "Russian President Vladimir Putin met the envoy on Monday. Putin later said the talks "
        "had been useful, according to the Kremlin.")
    mentions = extract_mentions(article)
    putin = [m for m in mentions if m.type == "PERSON"]
    assert [m.canonical for m in putin] == ["Vladimir Putin", "Vladimir Putin"]
    assert putin[0].text == "Russian President Vladimir Putin"
    assert article.text[putin[0].start:putin[0].end] == putin[0].text
    assert "Russian President" in putin[0].descriptors
    assert any(m.canonical == "Kremlin" and m.type == "ORG" for m in mentions)


def test_acronym_linked_to_its_expansion():
    article = make_article(
        "The journalist blamed Russia's Federal Security Service (FSB) for the break-in. "
        "The FSB did not respond to questions.")
    orgs = [m for m in extract_mentions(article) if m.type == "ORG"]
    assert {m.canonical for m in orgs} == {"Federal Security Service"}
    assert any(m.text == "Russia's Federal Security Service" for m in orgs)
    assert any(m.text == "FSB" for m in orgs)


def test_descriptors_and_age_anaphor():
    article = make_article(
        "Exiled human rights activist Anton Verkhov said he had been followed. "
        '"We closed the shutters," the 52-year-old said.\n\n'
        "Verkhov, director of a small prisoners' charity, has lived in Lyon since 2019.")
    mentions = extract_mentions(article)
    people = [m for m in mentions if m.type == "PERSON"]
    assert {m.canonical for m in people} == {"Anton Verkhov"}
    descriptors = [d for m in people for d in m.descriptors]
    assert "Exiled human rights activist" in descriptors
    assert "52-year-old" in descriptors
    assert any(d.startswith("director of a small prisoners") for d in descriptors)
    anaphor = next(m for m in people if m.text == "the 52-year-old")
    assert article.text[anaphor.start:anaphor.end] == "the 52-year-old"


def test_fallback_finds_names_in_polish_without_a_pipeline():
    article = make_article(
        "Rosyjski opozycjonista Władimir Osieczkin mieszka we Francji. Według Osieczkina "
        "zamach przygotowała FSB.", lang="pl")
    mentions = extract_mentions(article)
    people = [m for m in mentions if m.type == "PERSON"]
    assert {m.text for m in people} == {"Władimir Osieczkin", "Osieczkina"}
    assert {m.canonical for m in people} == {"Władimir Osieczkin"}
    assert any(m.text == "FSB" and m.type == "ORG" for m in mentions)


def test_possessive_is_not_part_of_the_name():
    article = make_article("Vladimir Ossetchkine’s NGO published the videos in 2021.")
    people = [m for m in extract_mentions(article) if m.type == "PERSON"]
    assert [m.text for m in people] == ["Vladimir Ossetchkine"]


def test_russian_names_in_nominative_with_natasha():
    pytest.importorskip("natasha")
    article = make_article("Пресс-секретарь Кремля Дмитрий Песков не стал комментировать слова "
                           "Андрея Ветрова. По словам Ветрова, угрозы продолжаются.", lang="ru")
    mentions = extract_mentions(article)
    assert any(m.text == "Кремля" and m.canonical == "Kremlin" and m.type == "ORG" for m in mentions)
    people = {m.text: m.canonical for m in mentions if m.type == "PERSON"}
    assert people["Андрея Ветрова"] == "Андрей Ветров"
    assert people["Ветрова"] == "Андрей Ветров"


# --- linking across articles ----------------------------------------------

@pytest.fixture
def db():
    database = Database(":memory:")
    yield database
    database.close()


MULTILINGUAL = [
    ("en", "Exiled activist Vladimir Osechkin said the FSB was behind the plot. Osechkin lives in Biarritz."),
    ("fr", "L'opposant russe Vladimir Ossetchkine affirme avoir échappé à un attentat à Biarritz."),
    ("de", "Der russische Aktivist Wladimir Ossetschkin lebt seit Jahren in Frankreich. Ossetschkin sagte, der FSB stecke dahinter."),
    ("pl", "Rosyjski opozycjonista Władimir Osieczkin mieszka we Francji. Według Osieczkina zamach zlecił FSB."),
    ("ru", "Правозащитник Владимир Осечкин заявил о покушении. По словам Осечкина, за этим стоит ФСБ."),
    ("uk", "Російський правозахисник Володимир Осєчкін заявив про замах у Біарріці."),
    ("en", "Russian President Vladimir Putin denied the accusations. Putin spoke in Moscow."),
]


def test_one_person_across_scripts_and_schemes(db):
    for i, (lang, text) in enumerate(MULTILINGUAL):
        ingest(db, make_article(text, lang, f"m{i}"))
    index = alias_index(db)
    spellings = ["Vladimir Osechkin", "Osechkin", "Vladimir Ossetchkine", "Wladimir Ossetschkin",
                 "Władimir Osieczkin", "Osieczkina", "Владимир Осечкин", "Осечкина",
                 "Володимир Осєчкін"]
    ids = [index.get(s) for s in spellings]
    assert all(ids), dict(zip(spellings, ids))
    assert len(set().union(*ids)) == 1
    assert not (index["Vladimir Putin"] & ids[0])  # Putin is not Osechkin
    assert resolve_name(db, "Osechkin")["name"] == "Vladimir Osechkin"
    assert resolve_name(db, "ФСБ")["id"] == resolve_name(db, "FSB")["id"]


def test_shared_surname_in_unrelated_stories_stays_apart(db):
    ingest(db, make_article("Economist Irina Sokolova presented the bank's forecast in Novosibirsk.", article_id="x1"))
    ingest(db, make_article("Ice hockey coach Pavel Sokolov resigned after the defeat.", article_id="x2"))
    ingest(db, make_article("Sokolov declined to comment on the rumours.", article_id="x3"))
    index = alias_index(db)
    assert index["Irina Sokolova"] != index["Pavel Sokolov"]
    assert index["Sokolov"] != index["Pavel Sokolov"]  # no evidence joins a bare surname


def test_bare_surname_joins_when_context_is_shared(db):
    ingest(db, make_article("The human rights activist Lev Ponomarenko said Amnesty International had documented the arrests.", article_id="y1"))
    ingest(db, make_article("Ponomarenko told Amnesty International that he feared reprisals.", article_id="y2"))
    index = alias_index(db)
    assert index["Ponomarenko"] == index["Lev Ponomarenko"]


def test_a_name_the_tagger_typed_differently_joins_its_entity(db):
    article = make_article("The human rights activist Nadia Berkova told reporters she was safe.",
                           article_id="t1")
    ingest(db, article)
    # the same full name arriving typed ORG by the tagger
    text = "The award went to Nadia Berkova."
    other = make_article(text, article_id="t2")
    start = text.index("Nadia")
    analysis = Analysis("t2", mentions=[Mention(start, start + 12, "Nadia Berkova", "ORG", 0, "Nadia Berkova")])
    with db.transaction():
        store_article(db, other)
        link_entities(db, other, analysis)
    assert len(alias_index(db)["Nadia Berkova"]) == 1
    assert resolve_name(db, "Nadia Berkova")["type"] == "PERSON"


def test_resolve_name_and_detail(db):
    ingest(db, make_article(
        'The Associated Press reported the arrests. "We are safe," activist Nadia Berkova told the AP.',
        article_id="z1"))
    index = alias_index(db)
    assert index["the AP"] == index["Associated Press"]
    assert resolve_name(db, "AP")["name"] == "Associated Press"
    assert resolve_name(db, "Berkova", article_id="z1")["name"] == "Nadia Berkova"
    detail = entity_detail(db, "Nadia Berkova")
    assert detail["descriptors"][0]["text"] == "activist"
    evidence = detail["aliases"][0]["evidence"][0]
    assert "Nadia Berkova" in evidence["sentence_text"]
    listed = entities(db, type="PERSON")
    assert [e["name"] for e in listed] == ["Nadia Berkova"] and listed[0]["id"] == detail["id"]


def test_place_resolution_prefers_the_articles_country(db):
    ingest(db, make_article("The prosecutor in Bayonne opened an inquiry; the man lives in Biarritz, France.", article_id="p1"))
    detail = entity_detail(db, "Bayonne")
    assert detail["type"] == "GPE"
    assert detail["place"]["country"] == "FR" and detail["place"]["ambiguous"] == 1
    assert {c["country"] for c in detail["place"]["candidates"]} >= {"FR", "US"}


def test_seed_corpus_has_no_wrong_merges(db):
    if not GOLD.exists():
        pytest.skip("shared seeds not available")
    for article in seed_articles():
        ingest(db, article)
    scores = pairwise_scores(alias_index(db), json.loads(GOLD.read_text())["entities"])
    assert scores["wrong_merges"] == 0
    assert scores["recall"] > 0.8


def synthetic_article(i: int, rng) -> tuple[Article, Analysis]:
    """An invented article naming 3 of many invented people, one org and one place."""
    syllables = ["ko", "va", "len", "mir", "sha", "dor", "pet", "ro", "zin", "tal", "bek", "nov"]
    def surname(k):
        r = __import__("random").Random(k)
        return "".join(r.choice(syllables) for _ in range(3)).capitalize() + "ov"
    firsts = ["Ivan", "Olga", "Pavel", "Anna", "Sergei", "Maria"]
    names = [f"{firsts[k % 6]} {surname(k)}" for k in rng.sample(range(5000), 3)]
    org, place = f"{surname(i % 700)} Group", rng.choice(["Lyon", "Biarritz", "Kazan", "Porto"])
    text = f"{names[0]} met {names[1]} and {names[2]} of {org} in {place}. {names[0].split()[1]} spoke."
    mentions, offset = [], 0
    for name, kind in [(names[0], "PERSON"), (names[1], "PERSON"), (names[2], "PERSON"),
                       (org, "ORG"), (place, "GPE"), (names[0].split()[1], "PERSON")]:
        start = text.index(name, offset)
        offset = start + len(name)
        canonical = names[0] if kind == "PERSON" and " " not in name else name
        mentions.append(Mention(start, offset, name, kind, 0, canonical))
    article = Article(id=f"s{i}", body=text, text=text, sentences=[Sentence(0, len(text), 0, len(text))])
    return article, Analysis(article.id, mentions=mentions)


def link_speed(count: int) -> None:
    """Linking time per article at the start and the end of a `count`-article store."""
    import random

    rng, database, times = random.Random(7), Database(":memory:"), []
    for i in range(count):
        article, analysis = synthetic_article(i, rng)
        started = time.perf_counter()
        with database.transaction():
            store_article(database, article)
            link_entities(database, article, analysis)
        times.append(time.perf_counter() - started)
    tenth = max(count // 10, 1)
    first, last = sum(times[:tenth]) / tenth, sum(times[-tenth:]) / tenth
    stored = database.query("SELECT COUNT(*) FROM entities")[0][0]
    print(f"link_entities: {count} synthetic articles, {stored} entities stored; "
          f"{first * 1000:.2f} ms/article over the first tenth, {last * 1000:.2f} ms over the last")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--speed":
        link_speed(int(sys.argv[2]))
        raise SystemExit(0)
    database = Database(":memory:")
    started = time.perf_counter()
    articles = seed_articles()
    for a in articles:
        ingest(database, a)
    elapsed = time.perf_counter() - started
    result = pairwise_scores(alias_index(database), json.loads(GOLD.read_text())["entities"])
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"{len(articles)} articles analysed and linked in {elapsed:.2f} s "
          "(includes model and gazetteer loading)", file=sys.stderr)


def test_german_fallback_keeps_names_not_nouns_after_numbers_articles_or_compound_titles():
    from storyledger.analyse.entities import _fallback_spans
    text = ("Nach drei Tagen Stillstand endete der Streik. Die Gewerkschaft der Lokführer und die Bahn "
            "einigten sich. Verkehrsminister Anatol Brezeanu hatte vermittelt. Exporteure von Getreide "
            "zählen 3 Millionen Euro Verluste, sagte Mirela Tocaru.")
    found = {text[s.start:s.end]: s.type for s in _fallback_spans(text)}
    assert found == {"Anatol Brezeanu": "PERSON", "Mirela Tocaru": "PERSON"}


# --- issue 14: names a reader trusts -------------------------------------------

def _found(text: str, lang: str) -> dict[str, tuple[str, str]]:
    return {m.text: (m.type, m.canonical) for m in extract_mentions(make_article(text, lang))}


def test_inflected_roles_and_lowercase_compounds_stay_out_of_names():
    found = _found("Die Polizei schützt die Wohnung des Oppositionellen Wladimir Ossetschkin in "
                   "Biarritz. Putin-kritiker Wladimir Ossetschkin sagte, er habe keine Angst.", "de")
    assert found["Wladimir Ossetschkin"][0] == "PERSON"
    assert not [t for t in found if "Oppositionellen" in t or "kritiker" in t]


def test_initials_and_baltic_case_forms_make_one_person():
    found = _found("Apie tai pranešė opozicijos politikas L. Volkovas. Vakare L. Volkovo žmona "
                   "Ana Biriukova patvirtino, kad jis buvo sužeistas.", "lt")
    assert found["L. Volkovas"] == ("PERSON", "L. Volkovas")
    assert found["L. Volkovo"][1] == "L. Volkovas"


def test_a_name_glossed_by_a_known_acronym_is_that_agency():
    found = _found("Czterech mężczyzn zatrzymali funkcjonariusze Dyrekcji Generalnej Bezpieczeństwa "
                   "Wewnętrznego (DGSI) w poniedziałek wieczorem.", "pl")
    expansion = found["Dyrekcji Generalnej Bezpieczeństwa Wewnętrznego"]
    assert expansion == ("ORG", "Direction générale de la sécurité intérieure")


def test_a_place_before_a_particle_is_cut_from_the_name_after_it():
    found = _found("El opositor exiliado en Francia de Vladímir Ossetchkine dijo que estaba bien.", "es")
    assert found["Francia"][0] == "GPE" and found["Vladímir Ossetchkine"][0] == "PERSON"


def test_first_name_alone_is_the_one_person_of_that_name():
    found = _found('Navalny aide Leonid Volkov was attacked in Vilnius. "Leonid was attacked in the '
                   'courtyard," his wife wrote.', "en")
    assert found["Leonid"] == ("PERSON", "Leonid Volkov")
    shared = _found("Vladimir Putin spoke to Vladimir Ostrov on Monday. Vladimir said nothing.", "en")
    assert "Vladimir" not in shared  # two Vladimirs: nobody knows which


def test_elided_word_after_a_name_is_not_part_of_it():
    found = _found("Les voisins ont appelé à l’aide. Cependant, Vladimir Osechkin n’a pas été blessé.", "fr")
    assert "Vladimir Osechkin" in found and not [t for t in found if t.endswith(" n")]


def test_a_bare_surname_joins_the_one_person_many_reports_carry(db):
    for i in range(3):
        ingest(db, make_article(f"Senator Marek Ostrowiak spoke in Warsaw on day {i} about the budget.",
                                article_id=f"w{i}"))
    ingest(db, make_article("Ostrowiak was not available for comment on Friday.", article_id="w9"))
    index = alias_index(db)
    assert index["Ostrowiak"] == index["Marek Ostrowiak"]


def test_a_surname_typo_joins_when_context_is_shared(db):
    ingest(db, make_article("Activist Boris Kalmykov said Amnesty International had documented the "
                            "arrests.", article_id="k1"))
    ingest(db, make_article("Klamykov told Amnesty International that he feared reprisals.", article_id="k2"))
    index = alias_index(db)
    assert index["Klamykov"] == index["Boris Kalmykov"]


def test_a_word_other_reports_established_is_found_again(db):
    for i in range(3):  # a person is well attested after three reports
        ingest(db, make_article(f"Opposition leader Ivan Drozdov was detained in Minsk, report {i} said.",
                                "en", f"d{i}"))
    text = "Propaganda od dawna oskarżała Drozdova o zdradę, a sąd przedłużył areszt."
    assert not [m for m in extract_mentions(make_article(text, "pl")) if "Drozdov" in m.text]
    ingest(db, make_article(text, "pl", "d9"))
    index = alias_index(db)
    assert index["Drozdova"] == index["Ivan Drozdov"]


def test_places_take_the_gazetteer_name_and_one_type(db):
    ingest(db, make_article("Российские эмигранты собрались в Париже и в Нанте.", "ru", "r1"))
    ingest(db, make_article("Exiles gathered in Paris on Sunday.", "en", "r2"))
    index = alias_index(db)
    assert index["Париже"] == index["Paris"]
    paris = resolve_name(db, "Paris")
    assert paris["name"] == "Paris" and paris["type"] == "GPE"


def test_the_name_most_reports_use_becomes_the_entity_name(db):
    ingest(db, make_article("L'opposant à Vladimir Poutine vit à Biarritz.", "fr", "n1"))
    for i in range(3):  # more than twice as many reports
        ingest(db, make_article(f"Vladimir Putin signed the decree in Moscow, report {i} said.", "en", f"n{i + 2}"))
    assert resolve_name(db, "Poutine")["name"] == "Vladimir Putin"


def test_transposed_letters_are_a_typo_only_with_the_same_ends():
    from storyledger.translit import transposed
    assert transposed("Oschekin", "Osechkin") and transposed("Nalvany", "Navalny")
    assert not transposed("Marion", "Romain") and not transposed("Kuzminov", "Kuzminova")


def test_places_found_in_scripts_without_capitals():
    cases = [("ar", "وفتحت النيابة في باريس تحقيقا بينما نفت موسكو أي تورط لروسيا في الهجوم بفرنسا.",
              {"باريس", "موسكو", "روسيا", "فرنسا"}),
             ("zh", "巴黎检方已展开调查，俄罗斯否认参与在法国的袭击。", {"巴黎", "俄罗斯", "法国"}),
             ("hi", "पेरिस में जांच शुरू हुई और फ्रांस की पुलिस ने बयान दिया।", {"पेरिस", "फ्रांस"}),
             ("bn", "প্যারিসে তদন্ত শুরু হয়েছে এবং ফ্রান্সের পুলিশ বিবৃতি দিয়েছে।", {"প্যারিস", "ফ্রান্স"})]
    for lang, text, expected in cases:
        found = {m.text for m in extract_mentions(make_article(text, lang)) if m.type == "GPE"}
        assert found == expected, lang


def test_a_definite_article_makes_an_institution_not_a_person():
    found = _found("El cadáver fue encontrado por la Guardia Civil en Villajoyosa. Lo confirmó Maksim "
                   "Kuzminov.", "es")
    assert found["Guardia Civil"][0] == "ORG" and found["Maksim Kuzminov"][0] == "PERSON"


def test_alias_keys_drop_a_leading_article_word_not_the_letters_of_a_name():
    from storyledger.link.entities import _folded

    assert _folded("Lavrov") == "lavrov" and _folded("Lebedev") == "lebedev"
    assert _folded("Theresa May") == "theresamay"
    assert _folded("the Kremlin") == _folded("Kremlin")
    assert _folded("l'AFP") == _folded("AFP") and _folded("Le Parisien") == _folded("Parisien")
