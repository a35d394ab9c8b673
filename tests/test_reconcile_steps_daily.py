"""Grouping the figures of daily disaster reports: each day's count apart, the running toll one series."""
from __future__ import annotations

from typing import Any

from factcheck.counting import INCIDENT, TALLY, classify
from factcheck.models import Claim
from factcheck.reconcile import reconcile
from factcheck.reconcile.identity import population
from factcheck.reconcile.verdicts import restates

BASE = dict(quote="", subject="people", location=None, source=None, start=0, end=2, outlet="Outlet",
            subject_key="*:people", place="pakistan", category="killed", hedge="exact")


def claim(cid: str, value: float, published: str, sentence: str = "", **kw: Any) -> Claim:
    """Build an exact killed claim of Pakistan, published (and as of) the day given."""
    at = sentence.find(f"{int(value):,}") if sentence else 0
    low, high = kw.pop("low", value), kw.pop("high", value)
    fields = {**BASE, "doc": f"{cid}.txt", "number_text": str(int(value)), "published": published, "as_of": published,
              "sentence": sentence, "start": max(at, 0), "end": max(at, 0) + len(str(int(value))), "time": None, **kw}
    return Claim(id=cid, value=value, low=low, high=high, **fields)


def day_count(cid: str, value: float, day: str, published: str) -> Claim:
    """A count of the last 24 hours, as extraction reads it."""
    said = f"In the last 24 hours, {int(value)} people died in floods, the agency said."
    return claim(cid, value, published, said, period_start=day, period_end=published, cumulative=False,
                 rules=("time.last_n", "count.window"), count_kind=TALLY)


def toll(cid: str, value: float, published: str, start: str | None = "2022-06-14", **kw: Any) -> Claim:
    """The running toll since the monsoon began (or with no start said)."""
    said = f"The death toll from the floods has risen to {int(value):,}, the agency said."
    rules = kw.pop("rules", ("time.since_date", "count.tally") if start else ("count.tally",))
    return claim(cid, value, published, said, period_start=start, period_end=published, cumulative=True,
                 rules=rules, count_kind=TALLY, **kw)


def groups_of(claims: list[Claim], ruleset: Any) -> set[frozenset[str]]:
    return {frozenset(g.claims) for g in reconcile(claims, ruleset).groups}


def test_each_days_count_is_a_count_of_its_own_and_never_a_point_of_the_toll(ruleset: Any) -> None:
    claims = [day_count("wire26", 34, "2022-08-25", "2022-08-26"), day_count("local27", 119, "2022-08-26", "2022-08-27"),
              day_count("un27", 119, "2022-08-26", "2022-08-27"),
              toll("wire", 937, "2022-08-26"), toll("local", 1033, "2022-08-27"), toll("un", 1061, "2022-08-29")]
    assert groups_of(claims, ruleset) == {frozenset({"wire26"}), frozenset({"local27", "un27"}),
                                          frozenset({"wire", "local", "un"})}


def test_a_toll_with_no_start_joins_the_running_toll_of_its_day(ruleset: Any) -> None:
    claims = [toll("a", 1162, "2022-08-31"), toll("b", 1208, "2022-09-02"),
              toll("c", 1481, "2022-09-14", start=None, rules=("time.weekday", "time.toll_day", "count.tally"))]
    assert groups_of(claims, ruleset) == {frozenset({"a", "b", "c"})}


def test_a_figure_rounded_to_three_places_restates_the_exact_one() -> None:
    assert restates("more_than", 1160, 1162)  # "claimed more than 1,160 lives" beside "1,162 people had died"
    assert restates("almost", 36200, 36187)
    assert not restates("more_than", 1150, 1162)


def test_one_article_rounding_its_toll_keeps_one_count(ruleset: Any) -> None:
    lead = "Monsoon floods have claimed more than 1,160 lives this summer, officials said."
    body = "The authority said 1,162 people had died due to flooding since mid-June."
    rounded = claim("r", 1160, "2022-08-31", lead, hedge="more_than", high=None, period_start="2022-06-01",
                    period_end="2022-08-31", cumulative=True, rules=("count.tally",), count_kind=TALLY)
    exact = claim("e", 1162, "2022-08-31", body, period_start="2022-06-01", period_end="2022-08-31", cumulative=True,
                  rules=("time.since_date", "count.tally"), count_kind=TALLY)
    exact = Claim.from_dict({**exact.to_dict(), "doc": "r.txt"})
    assert groups_of([rounded, exact, toll("x", 1208, "2022-09-02")], ruleset) == {frozenset({"r", "e", "x"})}


def test_a_window_count_is_a_tally_of_its_period_whatever_its_clause_names() -> None:
    said = "Nine people were killed when roofs collapsed on Thursday."
    assert classify("killed", said, "2022-09-01", "2022-09-01", "2022-09-02", False, 0).kind == INCIDENT
    assert classify("killed", said, "2022-09-01", "2022-09-02", "2022-09-02", False, 0, window=True).kind == TALLY


def test_the_level_of_a_toll_counts_people_not_the_part_a_clause_before_names() -> None:
    said = "At least 22 people, including six children, died on Thursday, pushing the national death toll over 1,500."
    at = said.index("over 1,500")
    level = claim("t", 1500, "2022-09-15", said, subject="children", subject_key="*:children", quote="over 1,500",
                  number_text="over 1,500", start=at, end=at + 10, hedge="more_than", high=None)
    assert population(level) == "people"
    listed = "According to the report, 645 children were among those who lost their lives so far."
    at = listed.index("645")
    part = claim("p", 645, "2022-10-23", listed, subject="children", subject_key="*:children", quote="645 children",
                 start=at, end=at + 3)
    assert population(part) == "children"


def test_a_total_between_a_start_and_the_eve_of_its_report_is_the_count_to_date(ruleset: Any) -> None:
    said = "PDMA said a total of 8,321 people were injured in Sindh between June 20 and September 7."
    window = claim("w", 8321, "2022-09-08", said, category="injured", place="sindh", period_start="2022-06-20",
                   period_end="2022-09-07", as_of="2022-09-07", cumulative=True, rules=("time.from_to", "count.tally"),
                   count_kind=TALLY)
    undated = [claim(cid, 8321, day, "Since the monsoon began, 8,321 people have been injured in the province.",
                     category="injured", place="sindh", cumulative=True, rules=("count.tally",), count_kind=TALLY)
               for cid, day in (("u", "2022-09-04"), ("v", "2022-09-08"))]
    assert groups_of([window, *undated], ruleset) == {frozenset({"w", "u", "v"})}


def test_a_strike_a_later_report_recalls_is_that_strike(ruleset: Any) -> None:
    def strike(cid: str, value: float, published: str, said: str, day: str | None, hedge: str = "exact") -> Claim:
        return claim(cid, value, published, said, place="dnipro", count_kind=INCIDENT, incident_date=day,
                     period_start=day, period_end=day, cumulative=False, rules=("count.incident",), hedge=hedge,
                     high=None if hedge == "at_least" else value)
    claims = [strike("wire", 40, "2023-01-16", "A missile strike on Saturday killed 40 people in Dnipro.", "2023-01-14"),
              strike("local", 44, "2023-01-17", "The missile strike on Saturday killed 44 people.", "2023-01-14"),
              strike("kyiv", 11, "2023-01-26", "Missile strikes killed 11 people across the country on Thursday.",
                     "2023-01-26"),
              strike("later", 44, "2023-02-02", "A missile strike on an apartment block in Dnipro two weeks ago "
                     "killed at least 44 people.", None, hedge="at_least")]
    assert classify("killed", claims[3].sentence, None, None, "2023-02-02", False, 0).kind == INCIDENT
    assert groups_of(claims, ruleset) == {frozenset({"wire", "local", "later"}), frozenset({"kyiv"})}


def test_a_figure_recalled_with_the_month_it_was_counted_in_is_the_strike_of_that_month() -> None:
    said = "At least 44 people were killed last month when a Russian missile hit an apartment building in Dnipro."
    assert classify("killed", said, "2023-01-01", "2023-01-31", "2023-01-31", False, 0).kind == INCIDENT


def test_an_earlier_toll_an_article_gives_is_its_strikes(ruleset: Any) -> None:
    def said(cid: str, doc: str, value: float, published: str, sentence: str, **kw: Any) -> Claim:
        made = claim(cid, value, published, sentence, **{"place": "dnipro", **kw})
        return Claim.from_dict({**made.to_dict(), "doc": doc})
    opened = dict(count_kind=TALLY, period_start="2023-01-14", period_end="2023-01-16", cumulative=True,
                  rules=("time.weekday", "time.cumulative_since_event", "count.tally"))
    claims = [said("wire", "w.txt", 36, "2023-01-16", "The toll from Saturday's strike has risen to 36.", **opened),
              said("now", "l.txt", 35, "2023-01-16", "As of now, the enemy attack took the lives of 35 residents.",
                   count_kind=INCIDENT, cumulative=False, rules=("count.incident",)),
              said("then", "l.txt", 30, "2023-01-16", "An earlier toll from rescuers had stood at 30.",
                   count_kind=TALLY, cumulative=True, rules=("count.tally",)),
              said("other", "o.txt", 2, "2023-01-16", "Shelling killed two people in Kherson on Monday.",
                   place="kherson", count_kind=INCIDENT, incident_date="2023-01-16", period_start="2023-01-16",
                   period_end="2023-01-16", cumulative=False, rules=("count.incident",))]
    assert frozenset({"wire", "now", "then"}) in groups_of(claims, ruleset)
