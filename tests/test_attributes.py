"""Place, time and source rules that need no parse: regions, event dates, day ranges, credits, confidence."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from factcheck.models import Claim
from factcheck.nlp.discourse import (
    Events,
    Line,
    credit_after,
    credit_back,
    find_author,
    name_of,
    settle_sources,
    settle_times,
    share_categories,
    with_confidence,
)
from factcheck.nlp.timex import event_pattern, find_event_dates, find_times


@pytest.fixture(scope="module")
def gaz(ruleset: Any) -> Any:
    from factcheck.gazetteer import build_gazetteer

    return build_gazetteer(ruleset)


@pytest.fixture(scope="module")
def sources(ruleset: Any) -> Any:
    from factcheck.nlp.attribution import new_sources

    return new_sources(ruleset)


@pytest.fixture(scope="module")
def titles(ruleset: Any) -> frozenset[str]:
    return frozenset(t.lower() for t in ruleset["sources"]["person_titles"])


def _claim(**kw: Any) -> Claim:
    base: dict[str, Any] = {
        "id": "c-1", "doc": "a.txt", "number_text": "100", "quote": "100 people", "value": 100.0, "low": 100.0,
        "high": 100.0, "hedge": "exact", "category": "killed", "subject": "people", "location": None, "time": None,
        "source": None, "start": 0, "end": 3, "sentence": "", "published": "2023-02-14", "as_of": "2023-02-14",
        "rules": ("source.none",)}
    base.update(kw)
    return Claim(**base)


# -- regions -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, default, key", [
    ("in government-held areas", "syria", "government-controlled areas of syria"),
    ("in areas controlled by the regime", "syria", "government-controlled areas of syria"),
    ("in the areas controlled by Damascus", "turkey", "government-controlled areas of syria"),
    ("in Syrian government-held areas", "turkey", "government-controlled areas of syria"),
    ("in opposition-held areas of Syria", None, "opposition-controlled areas of syria"),
    ("in rebel-held parts of northwest Syria", None, "opposition-controlled areas of syria"),
    ("the south-east of the country", "turkey", "southeast turkey"),
    ("the north-west of Syria", "turkey", "northwest syria"),
    ("the country's far north", "nigeria", "northern nigeria"),
])
def test_regions_resolve_against_the_country(gaz: Any, text: str, default: str | None, key: str) -> None:
    hits = gaz.find_regions(text, default)
    assert [h.key for h in hits] == [key]
    assert gaz.contains(gaz.country(key), key)


def test_a_region_without_a_country_is_not_found(gaz: Any) -> None:
    assert gaz.find_regions("in government-held areas", None) == []


def test_places_joined_by_a_hyphen_are_both_found(gaz: Any) -> None:
    assert [h.key for h in gaz.find("Turkey-Syria quake")] == ["turkey", "syria"]
    assert gaz.find("a well-known town") == []


def test_a_place_running_into_a_longer_name_is_not_the_place(gaz: Any) -> None:
    assert gaz.find("taken to Miami Valley Hospital") == []
    assert [h.key for h in gaz.find("a bar on Cleveland Avenue in Dayton")] == ["dayton"]


def test_a_headline_run_into_its_text_still_names_its_places(gaz: Any) -> None:
    found = gaz.find("Over 41,000 dead between Syria and Turkey The overall toll of the tragedy")
    assert [h.key for h in found] == ["syria", "turkey"]


@pytest.mark.parametrize("city, region, country", [
    ("dadu", "sindh", "pakistan"), ("quelimane", "zambezia", "mozambique"), ("ndola", "copperbelt", "zambia"),
    ("dayton", "ohio", "united states")])
def test_a_city_lies_in_its_province(gaz: Any, city: str, region: str, country: str) -> None:
    assert gaz.chain(city) == [city, region, country]


def test_a_place_that_begins_an_institutions_name_is_not_found(gaz: Any) -> None:
    assert gaz.find("taken to Ohio State University hospital") == []
    assert [h.key for h in gaz.find("in Lagos State on Monday")] == ["lagos"]


# -- time ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, pub, start, end", [
    ("between 12-17 February", "2020-02-18", "2020-02-12", "2020-02-17"),
    ("from 3 to 9 March", "2021-03-15", "2021-03-03", "2021-03-09"),
    ("on March 3-9, 2020", "2021-01-01", "2020-03-03", "2020-03-09"),
    ("last week", "2023-09-13", "2023-09-04", "2023-09-10"),
    ("in the past week", "2023-09-13", "2023-09-06", "2023-09-13"),
    ("last month", "2023-03-10", "2023-02-01", "2023-02-28"),
])
def test_periods(text: str, pub: str, start: str, end: str) -> None:
    found = find_times(text, date.fromisoformat(pub))
    assert (found[0].period_start, found[0].period_end) == (start, end)


@pytest.mark.parametrize("text, pub", [
    ("since December", "2020-02-13"), ("since December", "2020-12-20"), ("since Dec. 1", "2020-01-05"),
])
def test_since_a_month_is_the_most_recent_such_month(text: str, pub: str) -> None:
    start = find_times(text, date.fromisoformat(pub))[0].period_start
    assert start is not None and start[5:] == "12-01" and start <= pub and date.fromisoformat(pub).year - int(start[:4]) <= 1


def test_a_full_date_is_kept_to_the_day() -> None:
    assert find_times("since September 30, 2015", date(2016, 1, 29))[0].period_start == "2015-09-30"


@pytest.mark.parametrize("text, pub, day", [
    ("trapped under the rubble after Monday's powerful earthquake", "2023-02-09", "2023-02-06"),
    ("The first quake struck at 4:17am (01:17 GMT) on Monday near the border", "2023-02-09", "2023-02-06"),
    ("On the night of 6 February, a magnitude 7.8 earthquake hit the region", "2023-02-20", "2023-02-06"),
    ("the damage from the February 6 tremor", "2023-03-01", "2023-02-06"),
    ("It has been two months since the earthquake", "2023-04-06", "2023-02-06"),
    ("One week after the floods, aid is still scarce", "2022-09-08", "2022-09-01"),
    ("the cyclone that battered the coast on 14 March", "2023-03-20", "2023-03-14"),
])
def test_event_dates(ruleset: Any, text: str, pub: str, day: str) -> None:
    pattern, kinds = event_pattern(ruleset["time"]["events"])
    assert [e.date for e in find_event_dates(text, date.fromisoformat(pub), pattern, kinds)] == [day]


@pytest.mark.parametrize("text", [
    "the 1999 earthquake was deadlier",  # a year is no day
    "The death toll from the earthquake climbed above 40,000 on Friday",  # the toll's day, not the quake's
])
def test_no_event_date(ruleset: Any, text: str) -> None:
    pattern, kinds = event_pattern(ruleset["time"]["events"])
    assert find_event_dates(text, date(2023, 2, 17), pattern, kinds) == []


def _settle(claims: list[Claim], lines: list[Line], dates: dict[str, str] | None = None,
            named: list[set[str]] | None = None) -> list[Claim]:
    main = min(dates.values()) if dates else None
    events = Events(named or [set() for _ in lines], dates or {}, main)
    return settle_times(claims, lines, events, lambda a, b: True)


def test_a_toll_without_a_period_runs_from_the_event() -> None:
    lines = [Line(0, "The death toll has risen to 1,000.", 0)]
    [c] = _settle([_claim()], lines, {"earthquake": "2023-02-06"}, [{"earthquake"}])
    assert (c.period_start, c.period_end, c.cumulative) == ("2023-02-06", "2023-02-14", True)
    assert "time.event_date" in c.rules


def test_a_figure_inherits_the_story_tally_of_its_order() -> None:
    tally = _claim(id="c-2", value=690000.0, low=621000.0, high=759000.0, category="displaced", start=40, end=47,
                   sentence_start=40, time="since 2019-12-01", period_start="2019-12-01", period_end="2020-02-12",
                   cumulative=True, rules=("time.since_date",))
    lead = _claim(value=700000.0, low=630000.0, high=770000.0, category="displaced")
    war = _claim(id="c-3", value=16000000.0, low=16000000.0, high=None, category="displaced", start=80,
                 sentence_start=80)
    lines = [Line(0, "A wave that has seen 700,000 flee.", 0), Line(40, "Since 1 December, 690,000 fled.", 0),
             Line(80, "The war displaced 16 million.", 1)]
    out = _settle([lead, tally, war], lines)
    assert out[0].period_start == "2019-12-01" and "time.article_tally" in out[0].rules
    assert out[2].period_start is None  # another order of magnitude: another count


def test_since_a_month_takes_the_day_the_article_gives() -> None:
    c = _claim(time="since 2015-09", period_start="2015-09-01", cumulative=True, rules=("time.since_launch",))
    [out] = settle_times([c], [Line(0, "", 0)], Events([set()], {}, None), lambda a, b: True, ["2015-09-30"])
    assert (out.time, out.period_start) == ("since 2015-09-30", "2015-09-30")


# -- sources -------------------------------------------------------------------------------------------------
def test_credits_after_and_back() -> None:
    assert credit_after("In the south 40 died: these are data reported by rescuers and the army.", 10) == \
        "rescuers and the army"
    assert credit_back("This was announced by the disaster agency AFAD.") == "the disaster agency AFAD"
    assert credit_back("The latest figures were revealed by the governor on Monday.") is not None
    assert credit_back("The figures are rising.") is None


@pytest.mark.parametrize("phrase, name", [
    ("the disaster agency AFAD.", "AFAD"),
    ("Turkish President Recep Tayyip Erdogan during a visit to the region", "Recep Tayyip Erdogan (Turkish President)"),
    ("the head of the Red Crescent, Amal Haddad", "Amal Haddad (head of the Red Crescent)"),
    ("Emergency Relief Coordinator Jane Doe", "Jane Doe (Emergency Relief Coordinator)"),
    ("rescuers and the government", "rescuers and the government"),
])
def test_name_of(sources: Any, titles: frozenset[str], phrase: str, name: str) -> None:
    assert name_of(phrase, sources, titles) == name


def test_author_of_a_statement(sources: Any, titles: frozenset[str]) -> None:
    lines = [Line(0, "Flood update", 0, True), Line(13, "This is an update from the head of the Red Crescent, Amal Haddad.", 1)]
    assert find_author(lines, sources, titles) == "Amal Haddad (head of the Red Crescent)"
    assert find_author([Line(0, "Floods kill 40 in the north", 0, True)], sources, titles) is None


def test_of_them_keeps_the_source_before(sources: Any, titles: frozenset[str]) -> None:
    lines = [Line(0, "The UN says 1,000 fled.", 0), Line(24, "Of them, 400 were children.", 0)]
    first = _claim(source="UN", rules=("source.speech_verb",))
    second = _claim(id="c-2", start=33, end=36, sentence_start=24)
    out = settle_sources([first, second], lines, sources, titles)
    assert out[1].source == "UN" and "source.partitive" in out[1].rules and "source.none" not in out[1].rules


def test_a_headline_keeps_no_source(sources: Any, titles: frozenset[str]) -> None:
    lines = [Line(0, "Floods kill 100", 0, True), Line(16, "This was announced by the army.", 1)]
    assert settle_sources([_claim()], lines, sources, titles)[0].source is None


def test_a_total_takes_its_parts_category_and_source() -> None:
    sentence = "Officials said 30 died in the north and 20 in the south, bringing the total to 50."
    parts = [_claim(id=f"c-{n}", value=v, start=sentence.index(str(int(v))), sentence=sentence, source="Officials")
             for n, v in ((1, 30.0), (2, 20.0))]
    total = _claim(id="c-3", value=50.0, category="other", start=sentence.index("50"), sentence=sentence,
                   rules=("category.default_other", "source.none"))
    out = share_categories(parts + [total])
    assert (out[2].category, out[2].source) == ("killed", "Officials")


# -- confidence ----------------------------------------------------------------------------------------------
def test_confidence_follows_the_deciding_rules(ruleset: Any) -> None:
    tables = {"place": ruleset["places"]["confidence"], "time": ruleset["time"]["confidence"],
              "source": ruleset["sources"]["confidence"]}
    sure = _claim(place="idlib", source="UN", period_start="2019-12-01", time="since 2019-12-01",
                  rules=("category.killed.predicate", "source.according_to", "place.named", "time.since_date"))
    guessed = replace(sure, rules=("category.default_other", "source.author", "place.dateline", "time.article_event",
                                   "time.cumulative_since_event"))
    missing = _claim(as_of=None, rules=("category.killed.predicate", "source.none", "place.none"))
    a, b, c = (with_confidence(x, tables).confidence for x in (sure, guessed, missing))
    assert set(a) == {"category", "place", "time", "source"}
    assert all(0.0 <= v <= 1.0 for v in (*a.values(), *b.values(), *c.values()))
    assert all(a[k] > b[k] for k in a)
    assert c["place"] == c["source"] == c["time"] == 0.0


def test_a_count_of_another_cause_keeps_no_event_start() -> None:
    lines = [Line(0, "The war has killed 500,000 people.", 0)]
    [c] = _settle([_claim()], lines, {"earthquake": "2023-02-06"})
    assert c.period_start is None


@pytest.mark.parametrize("text, day", [
    ("the survivors of the earthquakes of 6 February", "2023-02-06"),
    ("after the blast on Tuesday, rescuers searched the port", "2023-02-07"),
])
def test_event_dated_after_its_noun(ruleset: Any, text: str, day: str) -> None:
    pattern, kinds = event_pattern(ruleset["time"]["events"])
    assert [e.date for e in find_event_dates(text, date(2023, 2, 9), pattern, kinds)] == [day]


def test_a_region_of_a_part_of_a_country(gaz: Any) -> None:
    (hit,) = gaz.find_regions("dead in rebel-held parts of northwest Syria, and", None)
    assert hit.key == "opposition-controlled areas of syria" and hit.text.endswith("Syria")


@pytest.mark.parametrize("sentence, figure, year", [
    ("The last big quake to hit the country was in 2004, when a 6.4-magnitude tremor killed more than 600 people.",
     "more than 600", "2004"),
    ("It is the deadliest wildfire since the Camp Fire in 2018, which killed 85 people.", "85", "2018"),
    ("The 2010 floods left 1,700 people dead.", "1,700", "2010"),
    ("Since 2011, the war has killed more than 500,000 people.", "more than 500,000", None),
    ("At least 2,000 people died in Friday's quake, the worst since 1960.", "At least 2,000", None),
])
def test_a_figure_of_an_earlier_event_is_dated_to_its_year(sentence: str, figure: str, year: str | None) -> None:
    from factcheck.nlp.discourse import past_events

    at = sentence.index(figure)
    c = _claim(sentence=sentence, start=at, end=at + len(figure), sentence_start=0, published="2023-09-13")
    (out,) = past_events([c])
    assert (out.period_start[:4] if "time.past_event" in out.rules else None) == year


def test_a_sentence_an_article_repeats_gives_claims_of_their_own_ids(tmp_path: Any) -> None:
    from factcheck.api import extract

    said = "The number of missing people fell from 41 to 31, police said, and 12 people were injured."
    (tmp_path / "live.txt").write_text(f"Fire update\n\n{said}\n\nLater update\n\n{said}\n", encoding="utf-8")
    claims = extract(tmp_path / "live.txt")
    ids = [c.id for c in claims]
    assert len(claims) >= 2 and len(ids) == len(set(ids))
    assert {c.part_of for c in claims if c.part_of} <= set(ids)


def test_a_front_matter_title_names_the_articles_place(tmp_path: Any) -> None:
    from factcheck.api import extract

    (tmp_path / "quake.txt").write_text(
        "---\ntitle: Morocco quake toll passes 2,800 as rescuers dig\noutlet: Wire\ndate: 2023-09-11\n---\n"
        "Villagers wept in the rubble on Monday as the death toll from the country's deadliest earthquake in six "
        "decades rose to more than 2,800.\n\nThe epicentre was 72km southwest of Marrakech, in the High Atlas.\n\n"
        "State television said 2,562 people had been injured.\n", encoding="utf-8")
    places = {c.number_text: c.place for c in extract(tmp_path / "quake.txt")}
    assert places["2,562"] == "morocco"


@pytest.mark.parametrize("text", ["Libya, Sept 19: The UN revised the toll.", "DERNA, Sept 19 (Reuters) - The UN said."])
def test_a_dateline_date_is_the_statements_not_a_period(text: str) -> None:
    (found,) = find_times(text, date(2023, 9, 20))
    assert found.statement
