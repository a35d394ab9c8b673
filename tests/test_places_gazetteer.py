"""The gazetteer's data and the first-pass place rules: English names of regions, towns named only in their
country's stories, datelines and people whose surname is a town (no parse needed)."""
from __future__ import annotations

from typing import Any

import pytest

from factcheck.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gaz(ruleset: Any) -> Gazetteer:
    from factcheck.gazetteer import build_gazetteer

    return build_gazetteer(ruleset)


def _keys(gaz: Gazetteer, text: str) -> list[str]:
    return [h.key for h in gaz.find(text)]


@pytest.mark.parametrize("text, want", [
    ("Two more deaths were reported in Andalusia.", "andalucia"),  # GeoNames' English name of Andalucía
    ("floods in Castile-La Mancha", "castilla-la mancha"),
    ("floods in Castilla La Mancha", "castilla-la mancha"),  # a hyphenated name written with a space
    ("217 people died in the Valencian Community", "valenciana, comunidad"),
    ("the Comunidad de Madrid said", "madrid, comunidad de"),  # ISO's inverted name put straight
    ("protests in Catalonia", "catalunya [cataluna]"),
    ("at least 11,300 died in Derna", "darnah"),
])
def test_regions_and_cities_answer_to_their_english_names(gaz: Gazetteer, text: str, want: str) -> None:
    assert want in _keys(gaz, text)


def test_an_english_name_taken_by_a_city_stays_the_citys(gaz: Gazetteer) -> None:
    assert _keys(gaz, "floods in Valencia") == ["valencia"]
    assert gaz.contains("valenciana, comunidad", "valencia")


@pytest.mark.parametrize("town, region", [
    ("wajima", "ishikawa"), ("suzu", "ishikawa"), ("anamizu", "ishikawa"), ("hakui", "ishikawa"),
    ("paiporta", "valenciana, comunidad"), ("utiel", "valenciana, comunidad"), ("lahaina", "hawaii"),
])
def test_towns_lie_in_their_first_level_region(gaz: Gazetteer, town: str, region: str) -> None:
    assert town in gaz.towns and gaz.parents[town] == region


def test_a_city_lies_in_the_region_geonames_names_in_english(gaz: Gazetteer) -> None:
    assert gaz.parents["sevilla"] == "andalucia" and "seville" in gaz.aliases  # "Andalusia" matched to Andalucía


def test_a_town_is_a_place_only_beside_its_region_or_country(gaz: Gazetteer) -> None:
    lines = ["Floods swept through eastern Spain on Tuesday.", "In Paiporta, 45 people died."]
    assert [[h.key for h in hs] for hs in gaz.in_scope([gaz.find(t) for t in lines])] == [["spain"], ["paiporta"]]
    alone = ["Rescuers reached the valley on Monday.", "In Paiporta, 45 people died."]
    assert gaz.in_scope([gaz.find(t) for t in alone]) == [[], []]  # no Spain, no Valencia: a word, not the town


def test_towns_beside_their_prefecture_are_each_found(gaz: Gazetteer) -> None:
    text = "Of the 72 deaths in Ishikawa Prefecture, 39 were in Wajima, 22 in Suzu and five in Nanao."
    assert gaz.in_scope([gaz.find(text)]) == [gaz.find(text)]
    assert _keys(gaz, text) == ["ishikawa", "wajima", "suzu", "nanao"]


@pytest.fixture(scope="module")
def extractor_places(ruleset: Any) -> Any:
    """The extractor's first pass alone (its spaCy pipeline is loaded but no sentence is parsed here)."""
    from factcheck.extraction import Extractor

    return Extractor(ruleset)


def _sentence_places(ex: Any, text: str) -> tuple[list[list[str]], str | None]:
    from factcheck.models import Article

    article = Article(doc="a.txt", path="a.txt", text=text, title="A train crash")
    sents = ex.sentences(article)
    where = ex._article_places(sents, article.title)
    return [[h.key for h in hs] for hs in where.places], where.dateline.key if where.dateline else None


@pytest.mark.parametrize("text, first, dateline", [
    ("CHENNAI: At least 50 people were killed and more than 350 injured in a train crash in Odisha on Friday.",
     ["odisha"], "chennai"),
    ("Bhubaneswar: The death toll in the Coromandel Express train accident has risen to 233, officials said.",
     [], "bhubaneswar"),
    ("KOLKATA, June 7 (Reuters) - One of the trains involved in the collision in Odisha resumed service.",
     ["odisha"], "kolkata"),
    ("Kanazawa, Ishikawa Pref., Jan. 11 (Jiji Press)--The death toll in Ishikawa Prefecture reached 213.",
     ["ishikawa"], "kanazawa"),
])
def test_a_dateline_is_where_the_story_was_filed_not_where_it_happened(extractor_places: Any, text: str,
                                                                        first: list[str], dateline: str) -> None:
    places, found = _sentence_places(extractor_places, text)
    assert found == dateline and [k for sent in places for k in sent] == first


def test_a_short_headline_label_is_its_topic_not_a_dateline(extractor_places: Any) -> None:
    from factcheck.models import Article

    article = Article(doc="a.txt", path="a.txt", text="Sudan: 5 million displaced\n\nThe UN said on Monday ...")
    where = extractor_places._article_places(extractor_places.sentences(article))
    assert where.dateline is None and [h.key for h in where.places[0]] == ["sudan"]


@pytest.mark.parametrize("text", [
    "The toll was revised to 275, according to Chief Secretary P K Jena.",  # initials before a surname
    "The toll was revised to 275, according to Chief Secretary P.K. Jena.",
    "Mr Jena said the toll was revised to 275.",  # an honorific
    "Governor Lincoln said 12 people were hurt.",  # a capitalised title
])
def test_a_surname_that_is_also_a_town_is_a_person(extractor_places: Any, text: str) -> None:
    places, _ = _sentence_places(extractor_places, "Floods hit the region.\n\n" + text)
    assert places[1] == []


def test_a_town_after_a_lower_case_title_word_is_still_a_place(extractor_places: Any) -> None:
    places, _ = _sentence_places(extractor_places, "The relief chief in Lincoln, Nebraska said 12 people were hurt.")
    assert "lincoln" in places[0]


def test_a_town_of_another_region_of_the_country_is_not_found(gaz: Gazetteer) -> None:
    # a Chicago neighbourhood shares its name with towns in Colorado and New Jersey
    lines = ["CHICAGO -- Two people were killed in a shooting in Englewood on the South Side, Chicago police said."]
    assert [h.key for hs in gaz.in_scope([gaz.find(t) for t in lines]) for h in hs] == ["chicago", "chicago"]
    spain = ["Floods swept through Spain.", "In Paiporta, 45 people died."]  # the country alone: its towns count
    assert [h.key for hs in gaz.in_scope([gaz.find(t) for t in spain]) for h in hs] == ["spain", "paiporta"]


def test_towns_of_a_hand_kept_region_lie_in_it_and_a_city_region_is_no_oblast(gaz: Gazetteer) -> None:
    assert gaz.parents["konduga"] == "borno" and gaz.parents["damboa"] == "borno"  # Borno is kept by hand
    assert gaz.parents.get("bucha") != "kyiv"  # Kyiv Oblast's towns do not lie in the city of Kyiv


def test_the_article_a_is_no_initial(extractor_places: Any, gaz: Gazetteer) -> None:
    text = "A Lincoln court heard that 12 people were hurt. A. Lincoln said so."
    kept = extractor_places._not_people(text, gaz.find(text))
    assert [h.start for h in kept] == [2]  # "A Lincoln court": a town; "A. Lincoln": a person
