"""Grouping the figures of daily disaster reports: each day's count apart, the running toll one series."""
from __future__ import annotations

from typing import Any

from factcheck.counting import INCIDENT, TALLY, classify
from factcheck.models import Claim
from factcheck.reconcile import reconcile
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
