"""The offline gazetteer: cities, regions, countries, ambiguity kept visible."""
from storyledger import places


def test_city_with_country_and_coordinates():
    result = places.resolve("Biarritz")
    assert result.best.kind == "city" and result.best.country == "FR"
    assert 43 < result.best.latitude < 44 and result.basis == "only"


def test_region_from_iso_subdivisions():
    assert places.resolve("Dagestan").best.code == "RU-DA"
    assert places.resolve("Pyrénées-Atlantiques").best.country == "FR"


def test_other_scripts_and_schemes():
    for name in ("Махачкала", "Machatschkala", "Makhachkala"):
        assert places.resolve(name).best.name == "Makhachkala"
    assert places.resolve("Frankreich").best.code == "FR"
    assert places.resolve("Francja").best.code == "FR"


def test_ambiguous_name_follows_the_articles_other_places():
    in_france = places.resolve("Bayonne", ["Biarritz", "France"])
    in_us = places.resolve("Bayonne", ["New Jersey"])
    assert in_france.best.country == "FR" and in_france.basis == "context"
    assert in_us.best.country == "US"
    assert in_france.ambiguous and {p.country for p in in_france.candidates} == {"FR", "US"}


def test_unknown_names_resolve_to_nothing():
    result = places.resolve("Kremlin")
    assert result.best is None and result.basis == "none"
    assert not places.is_place("Gulagu.net")
    assert result.to_dict()["candidates"] == []


def test_country_and_city_names_in_native_scripts():
    for name in ("Россия", "Rusija", "روسيا", "俄罗斯"):
        assert places.resolve(name).best.code == "RU", name
    for name in ("Париж", "巴黎", "Παρίσι"):
        assert places.resolve(name).best.name == "Paris", name
    assert places.resolve("Litwa").best.code == "LT"
    # an ASCII transliteration of another script never stands for a Latin name
    assert "Paris" not in {p.name for p in places.candidates("Bali")}
