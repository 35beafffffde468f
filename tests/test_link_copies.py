"""Copies, rewrites and translations; wire origins. Invented texts only."""
from conftest import link_copies, sentence_article

from storyledger.link import copies, similarity
from storyledger.store.db import Database

WIRE = (
    "MADRID (AP) — Firefighters in the northern town of Valdemora battled a blaze at a paper mill on Tuesday, "
    "the regional emergency service said.\n\n"
    "The fire broke out shortly after 6 a.m. in a storage hall holding 3,000 tonnes of pulp, and thick smoke "
    "drifted over the river valley for several hours.\n\n"
    "Mayor Lucia Ferrandiz asked residents to keep their windows closed and said two workers were treated "
    "for smoke inhalation at the local hospital.\n\n"
    "The mill, owned by the packaging group Celarma, employs about 400 people and had been inspected in March, "
    "a company spokesman said.\n\n"
    "Investigators from the Guardia Civil were expected at the site once the flames were under control."
)

# The same wire story republished by another site, with a headline line and a trailing sentence.
REPUBLISHED = (
    "Paper mill fire in Valdemora\n\n" + WIRE.replace("on Tuesday", "on Tuesday morning")
    + "\n\nThis story has been updated with the mayor's comments."
)

# Another report of the same fire, written independently: shares facts and a quote, not sentences.
OWN_REPORT = (
    "Smoke over Valdemora as paper mill burns\n\n"
    "A large fire tore through the Celarma paper mill in Valdemora early on Tuesday, sending a dark plume "
    "across the valley that could be seen from neighbouring villages.\n\n"
    "Our reporter on the scene counted at least a dozen fire engines along the access road.\n\n"
    "Lucia Ferrandiz, the mayor, told our newspaper that residents should keep their windows closed.\n\n"
    "Workers described hearing a loud bang in the storage hall before the flames spread to the roof.\n\n"
    "The company has not said what caused the fire."
)


def test_republished_wire_story_is_a_copy_with_aligned_sentences_and_origin():
    db = Database(":memory:")
    link_copies(db, [sentence_article("wire", WIRE), sentence_article("site", REPUBLISHED)])
    found = copies.copy_links(db)
    assert [(c["article"], c["copy_of"]) for c in found] == [("site", "wire")]
    assert found[0]["score"] >= 0.8
    first = found[0]["aligned"][0]
    assert REPUBLISHED[slice(*first["article"])].startswith("MADRID (AP)")
    assert WIRE[slice(*first["copy_of"])].startswith("MADRID (AP)")
    (group,) = copies.copy_groups(db)
    assert sorted(group["articles"]) == ["site", "wire"] and group["origin"] == "AP"


def test_independent_report_sharing_facts_and_a_quote_is_not_a_copy():
    db = Database(":memory:")
    link_copies(db, [sentence_article("wire", WIRE), sentence_article("own", OWN_REPORT)])
    assert copies.copy_links(db) == []
    assert copies.copy_groups(db) == []


def test_index_survives_a_new_process(tmp_path):
    path = tmp_path / "store.db"
    db = Database(path)
    link_copies(db, [sentence_article("wire", WIRE)])
    db.close()
    reopened = Database(path)
    link_copies(reopened, [sentence_article("site", REPUBLISHED)])
    assert [(c["article"], c["copy_of"]) for c in copies.copy_links(reopened)] == [("site", "wire")]


def test_translation_aligns_on_names_and_numbers():
    english = (
        "Prime Minister Anton Vedrik met President Maira Solberg in Tallinn on 14 March 2024.\n\n"
        "Vedrik and Solberg signed 12 agreements worth 450 million euros with Nordlink and Baltrail.\n\n"
        "Solberg said Estonia and Finland would open the Rail Baltica line in 2030.\n\n"
        "Vedrik will visit Helsinki and Turku in April 2024 with Baltrail chief Oskar Lind."
    )
    french = (
        "Le Premier ministre Anton Vedrik a rencontré la présidente Maira Solberg à Tallinn le 14 mars 2024.\n\n"
        "Vedrik et Solberg ont signé 12 accords d'une valeur de 450 millions d'euros avec Nordlink et Baltrail.\n\n"
        "Selon Solberg, l'Estonie et la Finlande ouvriront la ligne Rail Baltica en 2030.\n\n"
        "Vedrik se rendra à Helsinki et à Turku en avril 2024 avec le patron de Baltrail, Oskar Lind."
    )
    db = Database(":memory:")
    link_copies(db, [sentence_article("en", english), sentence_article("fr", french, lang="fr")])
    found = copies.copy_links(db)
    assert [(c["article"], c["copy_of"], c["method"]) for c in found] == [("fr", "en", "translation")]


def test_wire_credits_from_datelines_credit_lines_and_interviews():
    assert copies.wire_credit("LONDON, May 3 (Reuters) - Shares fell.")[0::3] == ("Reuters", "dateline")
    assert copies.wire_credit("Shares fell sharply on Friday.\n\n— AFP")[0::3] == ("AFP", "credit")
    assert copies.wire_credit("\"We heard shots,\" she told AFP by telephone.")[0::3] == ("AFP", "told")
    assert copies.wire_credit("The map of the area was drawn by hand.") is None


# A Spanish report of the same fire written on its own: same names and figures, other sentences.
OWN_REPORT_ES = (
    "Un incendio en la papelera de Celarma en Valdemora obligó el martes a cortar la carretera del valle.\n\n"
    "Según los bomberos, el almacén afectado guardaba 3.000 toneladas de pasta de papel.\n\n"
    "La alcaldesa, Lucia Ferrandiz, pidió a los vecinos que no abrieran las ventanas.\n\n"
    "Varios vecinos grabaron con sus teléfonos la columna de humo, visible desde la autovía.\n\n"
    "La empresa, que da trabajo a unas 400 personas, no ha explicado el origen del fuego.\n\n"
    "Los sindicatos recuerdan que la fábrica ya sufrió un incendio en 2015 y piden más controles."
)


def test_independent_report_in_another_language_is_not_a_copy():
    db = Database(":memory:")
    link_copies(db, [sentence_article("wire", WIRE), sentence_article("own-es", OWN_REPORT_ES, lang="es")])
    assert copies.copy_links(db) == []


def test_figures_read_the_same_in_every_spelling():
    assert similarity.numbers("2,300 / 2 300 / 2.300 / 6,80 m / 6.8 m / 4,5 %") == ["2300"] * 3 + ["6.8", "6.8", "4.5"]
    assert similarity.numbers("in 2019, 60 million") == ["2019", "60"]
    assert not similarity.figures_disagree("at about 7.40 a.m.", "vers 7 h 40")
    assert similarity.figures_disagree("the strike would last 72 hours", "la grève durera 48 heures")


def test_cyrillic_names_are_anchors():
    assert {"gromts", "yarins"} <= set(similarity.anchor_tokens("Губернатор Павел Громцев прибыл в Яринск."))


def test_credits_in_interviews_agency_words_signatures_and_source_lines():
    assert copies.wire_credit("In an interview with The Associated Press on Friday, he said")[0::3] == ("AP", "told")
    assert copies.wire_credit("Selon les informations rapportées par l’agence Anadolu, les")[0::3] == ("Anadolu", "told")
    assert copies.wire_credit("В беседе с агентством France-Presse следователи")[0::3] == ("AFP", "told")
    assert copies.wire_credit("Les suspects ont été relâchés.\n\ndpa/moko")[0::3] == ("dpa", "credit")
    assert copies.wire_credit("Headline\n\nSource: Meduza\n\nLeonid Volkov was attacked.")[0::3] == ("Meduza", "credit")
    assert copies.wire_credit("The rap group played a set.\n\nhe went to ap school") is None


def test_group_origin_is_the_credit_most_members_give():
    credits = {"a": {"origin": "Reuters", "basis": "dateline"},
               "b": {"origin": "AFP", "basis": "told"}, "c": {"origin": "AFP", "basis": "credit"}}
    assert copies._group_origin(["a", "b", "c"], credits) == "AFP"
    assert copies._group_origin(["a", "b"], credits) == "Reuters"  # a tie: the stronger basis
    assert copies._group_origin(["x", "y"], credits) is None


def test_excerpt_cut_shorter_is_a_copy_of_the_full_text():
    cut = "Fire at Valdemora mill\n\n" + WIRE[:WIRE.index("The mill, owned")].strip()
    db = Database(":memory:")
    link_copies(db, [sentence_article("wire", WIRE), sentence_article("cut", cut)])
    assert [(c["article"], c["copy_of"]) for c in copies.copy_links(db)] == [("cut", "wire")]


COOKIE_NOTICE = (
    "We use cookies and similar technologies to personalise content and advertising and to analyse our traffic.\n\n"
    "By clicking Accept you agree to our Privacy Policy and the storage of cookies on your device.\n\n"
)


def test_shared_cookie_notice_never_makes_a_copy():
    first = COOKIE_NOTICE + "The regional council in Valdemora approved a new budget for the river port on Monday."
    second = COOKIE_NOTICE + "A cycling race through the hills of Marenza drew 4,000 spectators on Sunday afternoon."
    db = Database(":memory:")
    link_copies(db, [sentence_article("first", first), sentence_article("second", second)])
    assert copies.copy_links(db) == []


def test_shared_stock_phrases_are_too_short_to_make_a_copy():
    stock = "The company did not respond to a request for comment.\n\nInvestigations are ongoing, police said.\n\n"
    first = stock + "Valdemora mill workers went on strike over pay on Monday."
    second = stock + "A ferry operator in Marenza cancelled its winter timetable."
    db = Database(":memory:")
    link_copies(db, [sentence_article("first", first), sentence_article("second", second)])
    assert copies.copy_links(db) == []
