"""Counts beside the toll: bodies by what became of them, the discharged, indirect deaths, and the missing."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from factcheck.counting import INCIDENT, INCREMENT, TALLY, classify
from factcheck.nlp.timex import find_times
from factcheck.reconcile import reconcile
from factcheck.models import Article
from factcheck.reconcile.identity import population
from factcheck.reconcile.verdicts import old_figure
from tests.test_reconcile_steps import claim


def _at(sentence: str, figure: str, **kw: Any) -> Any:
    """A claim whose figure sits where it is written in the sentence."""
    start = sentence.index(figure)
    return claim("a", float(figure.replace(",", "")), sentence=sentence, start=start, end=start + len(figure),
                 number_text=figure, **kw)


@pytest.mark.parametrize("sentence, figure, category, want", [
    ("Officials said 64 bodies are still unidentified at the district morgue.", "64", "killed",
     "people unidentified"),
    ("Of the dead, 112 were yet to be identified, the health secretary said.", "112", "killed", "people unidentified"),
    ("So far 143 bodies have been handed over to their families after DNA matching.", "143", "killed",
     "people handed over"),
    ("The ministry said 98 bodies have been delivered to relatives.", "98", "killed", "people handed over"),
    ("Late on Saturday, 40 bodies arrived at the capital's main hospital by train.", "40", "killed",
     "people bodies moved"),
    ("In the town 9 people had been recognised as disaster-related deaths.", "9", "killed",
     "people indirect deaths"),
    ("Another 12 died from causes unrelated to the storm, the coroner said.", "12", "killed",
     "people indirect deaths"),
    ("Of the injured, 512 were discharged after first aid, the hospital said.", "512", "injured",
     "people discharged"),
    ("Of them, 640 were discharged while 214 are undergoing treatment.", "214", "injured", "people under treatment"),
    ("Out of 900 injured, 700 went home while 45 are still being treated.", "45", "injured", "people under treatment"),
    ("The injured, 19 in all, are being treated at the teaching hospital.", "19", "injured", "people"),
    ("The railway said 640 were injured, 56 grievously injured.", "56", "injured", "people in serious condition"),
    ("The toll from the derailment stands at 275, the chief secretary said.", "275", "killed", "people"),
    ("Nearly 900 passengers were injured in the collision.", "900", "injured", "people"),
])
def test_counts_of_bodies_and_the_discharged_are_populations_of_their_own(sentence: str, figure: str, category: str,
                                                                          want: str) -> None:
    assert population(_at(sentence, figure, category=category)) == want


def test_bodies_still_unidentified_are_not_a_point_of_the_toll(ruleset: Any) -> None:
    toll = "The death toll from the crash stands at 288, officials said."
    bodies = "Officials said 101 bodies are still unidentified."
    claims = [_at(toll, "288", doc="a.txt", count_kind=TALLY, place="odisha"),
              claim("b", 288, sentence=toll, doc="b.txt", count_kind=TALLY, place="odisha"),
              claim("c", 101, sentence=bodies, start=bodies.index("101"), end=bodies.index("101") + 3, doc="c.txt",
                    count_kind=TALLY, place="odisha")]
    groups = reconcile(claims, ruleset).groups
    assert sorted(len(g.claims) for g in groups) == [1, 2]
    assert all(g.verdict != "conflict" for g in groups)


def test_the_missing_falling_is_no_regression(ruleset: Any) -> None:
    days, figures = ["2024-01-04", "2024-01-08", "2024-01-14"], [222, 103, 24]
    claims = [claim(f"m{k}", n, category="missing", sentence="Some people remain missing.", count_kind=TALLY,
                    cumulative=False, published=d, as_of=d, place="ishikawa", doc=f"m{k}.txt")
              for k, (d, n) in enumerate(zip(days, figures))]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.stock_changed")
    assert "still missing" in g.explanation


# -- verdicts of counts that move during a day, stocks, increments ----------------------------------------------
def _toll(cid: str, value: float, day: str, outlet: str, sentence: str = "The quake killed people.",
          **kw: Any) -> Any:
    return claim(cid, value, sentence=sentence, doc=f"{cid}.txt", outlet=outlet, published=day, as_of=day,
                 count_kind=TALLY, place="ishikawa", **kw)


def test_a_toll_that_rose_during_the_day_is_evolving_not_a_split(ruleset: Any) -> None:
    claims = [_toll("a", 30, "2024-01-02", "Wire A", source="local authorities"),
              _toll("b", 55, "2024-01-02", "Daily B"),
              _toll("c", 84, "2024-01-04", "Agency C")]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.same_day_growth")
    assert "rose during the day" in g.explanation


def test_the_later_text_saying_the_toll_rose_is_enough(ruleset: Any) -> None:
    claims = [_toll("a", 233, "2023-06-03", "Wire A"),
              _toll("b", 288, "2023-06-03", "Daily B", sentence="By evening the death toll had risen to 288.")]
    (g,) = reconcile(claims, ruleset).groups
    assert g.verdict == "evolving"


def test_two_figures_of_one_day_with_nothing_to_order_them_stay_a_conflict(ruleset: Any) -> None:
    claims = [_toll("a", 30, "2024-01-02", "Wire A"), _toll("b", 55, "2024-01-02", "Daily B")]
    (g,) = reconcile(claims, ruleset).groups
    assert g.verdict == "conflict"


def test_a_toll_lowered_later_is_still_a_regression_after_a_day_of_growth(ruleset: Any) -> None:
    claims = [_toll("a", 233, "2023-06-03", "Wire A"), _toll("b", 288, "2023-06-03", "Daily B"),
              _toll("c", 300, "2023-06-04", "Agency C"), _toll("d", 261, "2023-06-05", "Paper D")]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.kind) == ("conflict", "regression")


def test_evacuees_who_remain_fall_as_people_go_home(ruleset: Any) -> None:
    first = "More than 97,000 people were evacuated as a precaution."
    later = "There were 34,297 evacuees in the three prefectures."
    claims = [claim("a", 97000, sentence=first, start=first.index("97,000"), end=first.index("97,000") + 6,
                    category="displaced", doc="a.txt", published="2024-01-01", as_of="2024-01-01", count_kind=TALLY),
              claim("b", 34297, sentence=later, start=later.index("34,297"), end=later.index("34,297") + 6,
                    category="displaced", doc="b.txt", published="2024-01-03", as_of="2024-01-03", count_kind=TALLY)]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.stock_changed")


def test_bodies_not_yet_identified_fall_as_they_are_identified(ruleset: Any) -> None:
    first = "Some 160 unidentified bodies will be brought to the capital."
    later = "As 81 bodies are still unidentified."
    claims = [_at(first, "160", doc="a.txt", published="2023-06-03", as_of="2023-06-03", count_kind=TALLY),
              replace(_at(later, "81", doc="b.txt", published="2023-06-19", as_of="2023-06-19", count_kind=TALLY),
                      id="b")]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.stock_changed")
    assert "not yet identified" in g.explanation


def test_troops_sent_in_addition_to_the_first_ones_are_an_increment(ruleset: Any) -> None:
    said = "The prime minister reinforced the rescue with about 3,600 soldiers in addition to the initial 1,000."
    at = said.index("about 3,600")
    assert classify("deployed", said, None, None, None, False, at).kind == INCREMENT
    claims = [claim("a", 4600, category="deployed", subject_key="*:troops", doc="a.txt", published="2024-01-04",
                    as_of="2024-01-04"),
              claim("b", 1000, category="deployed", subject_key="*:troops", doc="b.txt", sentence=said,
                    start=said.index("1,000"), end=said.index("1,000") + 5, published="2024-01-05", as_of="2024-01-05")]
    assert all(g.verdict != "conflict" for g in reconcile(claims, ruleset).groups)


def test_a_count_as_of_an_hour_on_a_weekday_is_no_incident_of_that_day() -> None:
    said = "Officials say that as of 2 p.m. on Sunday, 221 people had been confirmed dead."
    assert classify("killed", said, None, None, None, False, said.index("221")).kind != INCIDENT
    (mention,) = find_times(said, date(2024, 1, 15))
    assert (mention.rule, mention.statement, mention.period_end) == ("time.as_of_weekday", True, "2024-01-14")


def test_a_disasters_first_small_toll_is_a_point_of_the_count_not_an_outlier(ruleset: Any) -> None:
    days = ["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-07", "2024-01-11", "2024-01-15"]
    figures = [6, 55, 84, 128, 213, 221]
    claims = [_toll(f"t{k}", n, d, f"Outlet {k}", rules=("count.disaster",), hedge="at_least" if k == 0 else "exact")
              for k, (d, n) in enumerate(zip(days, figures))]
    (g,) = reconcile(claims, ruleset).groups
    assert g.verdict == "evolving" and len(g.claims) == 6


def test_a_figure_ten_times_below_the_rest_of_its_day_stays_apart(ruleset: Any) -> None:
    days = ["2024-01-02", "2024-01-02", "2024-01-04", "2024-01-07", "2024-01-11"]
    figures = [3, 55, 84, 128, 213]
    claims = [_toll(f"t{k}", n, d, f"Outlet {k}", rules=("count.disaster",))
              for k, (d, n) in enumerate(zip(days, figures))]
    assert sorted(len(g.claims) for g in reconcile(claims, ruleset).groups) == [1, 4]


@pytest.mark.parametrize("sentence, figure, place, want", [
    ("Of these, 69 were in Kesennuma, 38 in Ofunato City and nine in Otsuchi.", "38", "miyagi", "people in Ofunato"),
    ("Deaths are highest in Kesennuma (48) and Ofunato (23).", "48", "miyagi", "people in Kesennuma"),
    ("Of these, 432 were in Sindh and 268 in Balochistan.", "432", "sindh", "people"),
    ("The floods killed 41 people in Kesennuma.", "41", "miyagi", "people"),
])
def test_an_item_of_a_breakdown_by_town_counts_that_town(sentence: str, figure: str, place: str, want: str) -> None:
    assert population(_at(sentence, figure, place=place)) == want


def test_a_figure_earlier_reports_indicated_is_the_counts_earlier_value() -> None:
    said = "Earlier reports indicated 217 fatalities and 89 missing people."
    assert old_figure(_at(said, "217"))


def test_a_toll_revised_days_after_a_crash_counts_from_the_crash(extractor: Any) -> None:
    text = ("Friday's crash of two passenger trains near the junction was the worst in decades, the railway said.\n\n"
            "The state government on Sunday revised the death toll of the crash to 275 from 288.")
    article = Article(doc="x.txt", path="x.txt", text=text, published="2023-06-04")
    tolls = [c for c in extractor.extract(article) if c.category == "killed"]
    assert tolls and all(c.period_start == "2023-06-02" for c in tolls)


def test_a_floods_toll_dated_from_its_first_day_is_the_running_toll_not_that_days_incident(ruleset: Any) -> None:
    home = "Five people died in a nursing home in the town on Tuesday."
    dated = "The death toll following the October 29 floods has risen to 225, the government said."
    undated = "At least 217 people are confirmed dead, the government said."
    claims = [claim("h", 5, sentence=home, doc="h.txt", count_kind=INCIDENT, incident_date="2024-10-29",
                    period_start="2024-10-29", period_end="2024-10-29", as_of="2024-10-30", published="2024-10-30",
                    place="valencia"),
              claim("d", 225, sentence=dated, doc="d.txt", count_kind=TALLY, period_start="2024-10-29",
                    as_of="2024-11-16", published="2024-11-16", place="valencia"),
              claim("u", 217, sentence=undated, doc="u.txt", count_kind=TALLY, as_of="2024-11-07",
                    published="2024-11-07", place="valencia")]
    groups = {frozenset(g.claims) for g in reconcile(claims, ruleset).groups}
    assert frozenset({"d", "u"}) in groups


def test_volunteers_are_aid_workers_not_the_toll() -> None:
    said = "3 of the Red Cross volunteers have already passed away."
    assert population(_at(said, "3", subject="volunteers")) == "workers"


def test_a_toll_given_on_its_reporting_day_joins_the_running_toll(ruleset: Any) -> None:
    today = "After compiling all, the collectors today informed us that the final death toll is 288."
    crash = "The crash of the two trains on Friday killed 261 people."
    claims = [claim("a", 261, sentence=crash, doc="a.txt", outlet="Wire A", published="2023-06-04", as_of="2023-06-04",
                    place="ishikawa", count_kind=INCIDENT, incident_date="2023-06-02", period_start="2023-06-02",
                    period_end="2023-06-02"),
              _toll("b", 275, "2023-06-05", "Daily B", period_start="2023-06-02", sentence="The toll was revised."),
              _toll("c", 288, "2023-06-06", "Paper C", period_start="2023-06-06", sentence=today, cumulative=True)]
    (g,) = reconcile(claims, ruleset).groups
    assert len(g.claims) == 3


def test_one_towns_items_in_two_outlets_lists_are_one_count_whatever_place_they_inherit(ruleset: Any) -> None:
    first = "Of these, 69 were in Kesennuma, 38 in Ofunato City and nine in Otsuchi."
    later = "This number includes 91 in Ofunato, 83 in Kesennuma and 20 in Otsuchi."
    a = replace(_at(first, "69", doc="a.txt", place="nanao", published="2024-01-06", as_of="2024-01-06"), id="a")
    b = replace(_at(later, "83", doc="b.txt", place="miyagi", published="2024-01-10", as_of="2024-01-10"), id="b")
    groups = reconcile([a, b], ruleset).groups
    assert [len(g.claims) for g in groups] == [2]


def test_one_articles_levels_of_a_count_on_two_days_are_one_count(ruleset: Any) -> None:
    friday = "The prefecture said 222 persons were unaccounted for on Friday afternoon."
    saturday = "The safety of 211 people remains unconfirmed in the prefecture."
    a = replace(_at(friday, "222", category="missing", doc="x.txt", as_of="2024-01-05", published="2024-01-06",
                    count_kind=TALLY), id="a")
    b = replace(_at(saturday, "211", category="missing", doc="x.txt", as_of="2024-01-06", published="2024-01-06",
                    count_kind=TALLY), id="b")
    (g,) = reconcile([a, b], ruleset).groups
    assert g.verdict == "evolving"


def test_patients_still_under_treatment_fall_as_they_are_discharged(ruleset: Any) -> None:
    first = "Of them, 640 were discharged while 382 are undergoing treatment."
    later = "Of the injured passengers, 45 are still under treatment."
    claims = [_at(first, "382", category="injured", doc="a.txt", published="2023-06-03", as_of="2023-06-03"),
              replace(_at(later, "45", category="injured", doc="b.txt", published="2023-06-19", as_of="2023-06-19"),
                      id="b")]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.stock_changed") and "under treatment" in g.explanation


def test_people_newly_found_dead_are_an_increment() -> None:
    said = "At the landslide site, nine other people were newly found dead, officials said."
    assert classify("killed", said, None, None, None, False, said.index("nine")).kind == INCREMENT


def test_bodies_still_unidentified_are_the_storys_wherever_they_lie(ruleset: Any) -> None:
    first = "Officials said 101 bodies are still unidentified."
    later = "As 81 bodies are still unidentified at the hospital in the capital, relatives were asked to come forward."
    a = replace(_at(first, "101", doc="a.txt", place="nanao", published="2023-06-06", as_of="2023-06-06"), id="a")
    b = replace(_at(later, "81", doc="b.txt", place="miyagi", published="2023-06-19", as_of="2023-06-19"), id="b")
    (g,) = reconcile([a, b], ruleset).groups
    assert g.verdict == "evolving"


def test_patients_in_serious_condition_keep_their_place(ruleset: Any) -> None:
    said = "Officials said 12 passengers are in serious condition."
    a = replace(_at(said, "12", category="injured", doc="a.txt", place="nanao"), id="a")
    b = replace(_at(said, "12", category="injured", doc="b.txt", place="miyagi"), id="b")
    assert len(reconcile([a, b], ruleset).groups) == 2


def test_a_figure_for_each_of_two_towns_counts_the_first_town() -> None:
    said = "The quakes killed at least 70 people each in the prefectural cities of Kesennuma and Ofunato."
    assert population(_at(said, "70", place="miyagi")) == "people in Kesennuma"
