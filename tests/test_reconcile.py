"""Reconciliation: grouping, verdicts, kinds, severity, summaries, relations, stable ids."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from factcheck.models import Claim
from factcheck.reconcile import reconcile

BASE = dict(quote="", subject="people", location=None, time=None, source=None, start=0, end=2, sentence="",
            outlet="Outlet", published="2020-02-13", subject_key="*:people", place="idlib", as_of="2020-02-13")


def claim(cid: str, value: float | None, hedge: str = "exact", low: float | None = None, high: float | None = None,
          **kw: Any) -> Claim:
    """Build a claim; exact figures get [value, value] unless low/high are given."""
    if hedge == "exact" and low is None and high is None:
        low = high = value
    fields = {**BASE, "category": "killed", "doc": f"{cid}.txt", "number_text": str(value), **kw}
    return Claim(id=cid, value=value, low=low, high=high, hedge=hedge, **fields)


def groups_of(claims: list[Claim], ruleset: Any) -> dict[frozenset[str], Any]:
    groups = reconcile(claims, ruleset).groups
    return {frozenset(g.claims): g for g in groups}


def test_overlapping_figures_from_two_outlets_are_consistent(ruleset: Any) -> None:
    a = claim("a", 33, "at_least", 33, None)
    b = claim("b", None, "vague", 24, 99)
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert g.verdict == "consistent" and g.kind is None and g.severity == 0


def test_almost_and_more_than_the_same_figure_conflict_as_wording(ruleset: Any) -> None:
    a = claim("a", 800000, "almost", None, 800000)
    b = claim("b", 800000, "more_than", 800000, None, source="OCHA", source_key="ocha")
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert (g.verdict, g.kind) == ("conflict", "wording")


def test_same_day_figures_far_apart_from_different_sources_are_a_source_split(ruleset: Any) -> None:
    a = claim("a", 27, source="interior ministry", source_key="interior ministry")
    b = claim("b", 60, "at_least", 60, None, source="residents", source_key="residents")
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert (g.verdict, g.kind) == ("conflict", "source_split")
    assert g.severity == pytest.approx((60 - 27) / 60, abs=1e-3)


def test_same_source_same_day_different_figures_are_a_true_conflict(ruleset: Any) -> None:
    a = claim("a", 500, source="UN", source_key="un", outlet="A")
    b = claim("b", 300, source="UN", source_key="un", outlet="B")
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert (g.verdict, g.kind) == ("conflict", "true_conflict")


def test_rounded_figure_is_wording(ruleset: Any) -> None:
    a = claim("a", 875000, source="UN", source_key="un")
    b = claim("b", 900000, source="UN", source_key="un", outlet="Other")
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert (g.verdict, g.kind) == ("conflict", "wording")


def test_running_tally_that_grows_is_evolving(ruleset: Any) -> None:
    common = dict(category="displaced", cumulative=True, period_start="2019-12-01", time="since 2019-12-01")
    a = claim("a", 875000, "more_than", 875000, None, as_of="2020-02-17", **common)
    b = claim("b", 950000, "about", 855000, 1045000, as_of="2020-02-28", **common)
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert g.verdict == "evolving"
    assert "grew" in g.explanation and "11 days" in g.explanation


def test_running_tally_that_shrinks_is_a_regression(ruleset: Any) -> None:
    common = dict(cumulative=True, period_start="2023-09-08", time="since 2023-09-08")
    a = claim("a", 2012, as_of="2023-09-10", **common)
    b = claim("b", 1500, as_of="2023-09-11", **common)
    g = groups_of([a, b], ruleset)[frozenset({"a", "b"})]
    assert (g.verdict, g.kind) == ("conflict", "regression")


def test_different_periods_are_different_quantities(ruleset: Any) -> None:
    a = claim("a", 14, time="past nine days", period_start="2020-02-04", period_end="2020-02-13",
              subject_key="turkey:troops")
    b = claim("b", 33, "at_least", 33, None, time="2020-02-27", period_start="2020-02-27", period_end="2020-02-27",
              as_of="2020-02-28", subject_key="turkey:troops")
    assert len(groups_of([a, b], ruleset)) == 2


def test_place_containment_groups_and_unrelated_places_do_not(ruleset: Any) -> None:
    a = claim("a", 33, place="syria")
    b = claim("b", 33, place="idlib")
    c = claim("c", 33, place="gaza")
    got = groups_of([a, b, c], ruleset)
    assert frozenset({"a", "b"}) in got and frozenset({"c"}) in got


def test_different_actors_and_kinds_are_kept_apart(ruleset: Any) -> None:
    a = claim("a", 33, subject_key="turkey:troops")
    b = claim("b", 33, subject_key="russia:troops")
    c = claim("c", 33, subject_key="*:children")
    assert len(groups_of([a, b, c], ruleset)) == 3


def test_two_different_figures_in_one_article_are_two_quantities(ruleset: Any) -> None:
    a = claim("a", 3167, doc="one.txt")
    b = claim("b", 1414, doc="one.txt")
    c = claim("c", 109, doc="two.txt", place="gaza")
    d = claim("d", 100, "more_than", 100, None, doc="two.txt", place="gaza")
    got = groups_of([a, b, c, d], ruleset)
    assert frozenset({"a"}) in got and frozenset({"b"}) in got
    assert frozenset({"c", "d"}) in got  # a restatement with a hedge is the same figure


def test_sum_relation_holds_and_fails(ruleset: Any) -> None:
    sent = "X said 3,167 were killed, while Y said 1,414 were killed, bringing the total death toll to 4,581."
    parts = dict(doc="q.txt", sentence=sent, sentence_start=0)
    a = claim("a", 3167, start=7, end=12, **parts)
    b = claim("b", 1414, start=40, end=45, **parts)
    total = claim("t", 4581, start=sent.index("4,581"), end=sent.index("4,581") + 5, **parts)
    rels = reconcile([a, b, total], ruleset).relations
    assert [(r.kind, r.parts, r.total, r.holds) for r in rels] == [("sum", ("a", "b"), "t", True)]
    wrong = replace(total, value=5000.0, low=5000.0, high=5000.0)
    rels = reconcile([a, b, wrong], ruleset).relations
    assert [r.holds for r in rels] == [False]


def test_subset_relation_from_among(ruleset: Any) -> None:
    whole = claim("w", 9, doc="s.txt")
    part = claim("p", 6, doc="s.txt", subject="children", subject_key="*:children", part_of="w")
    rels = reconcile([whole, part], ruleset).relations
    assert [(r.kind, r.parts, r.total, r.holds) for r in rels] == [("subset", ("p",), "w", True)]


def test_sub_period_is_a_subset_of_the_running_count(ruleset: Any) -> None:
    whole = claim("w", 875000, "more_than", 875000, None, doc="m.txt", category="displaced", cumulative=True,
                  period_start="2019-12-01", time="since 2019-12-01", as_of="2020-02-17")
    part = claim("p", 40000, "more_than", 40000, None, doc="m.txt", category="displaced",
                 period_start="2020-02-13", period_end="2020-02-17", time="2020-02-13/2020-02-17", as_of="2020-02-17")
    _, groups, rels, _ = reconcile([whole, part], ruleset)
    assert len(groups) == 2
    assert [(r.kind, r.parts, r.total, r.holds) for r in rels] == [("subset", ("p",), "w", True)]


def test_summary_and_independent_sources(ruleset: Any) -> None:
    wire = "Strikes killed at least 33 soldiers in Idlib, officials said."
    a = claim("a", 33, "at_least", 33, None, sentence=wire, outlet="A")
    b = claim("b", 33, "at_least", 33, None, sentence=wire, outlet="B")  # the same wire copy
    c = claim("c", 36, sentence="Thirty-six soldiers died.", outlet="C", source="ministry", source_key="ministry")
    g = groups_of([a, b, c], ruleset)[frozenset({"a", "b", "c"})]
    s = g.summary
    assert (s["low"], s["high"]) == (33, 36)
    assert s["independent_sources"] == 2
    assert set(s["latest_by_source"]) == {"A", "B", "ministry"}


def test_group_ids_are_stable_and_do_not_depend_on_order(ruleset: Any) -> None:
    claims = [claim("a", 33), claim("b", 34), claim("c", 7, place="gaza")]
    first = reconcile(claims, ruleset).groups
    second = reconcile(list(reversed(claims)), ruleset).groups
    assert [g.id for g in first] == [g.id for g in second]
    assert [g.claims for g in first] == [g.claims for g in second]


def test_other_claims_are_not_grouped(ruleset: Any) -> None:
    groups = reconcile([claim("a", 2, category="other"), claim("b", 2, category="other")], ruleset).groups
    assert groups == []


def test_another_actors_figure_for_a_wider_place_does_not_make_a_sub_area(ruleset: Any) -> None:
    head = claim("h", 33, doc="x.txt", place="idlib", subject_key="turkey:troops")
    body = claim("b", 33, "at_least", 33, None, doc="y.txt", place="idlib", subject_key="turkey:troops")
    other = claim("o", 309, doc="x.txt", place="northwest syria", subject_key="syria-government:troops")
    got = groups_of([head, body, other], ruleset)
    assert frozenset({"h", "b"}) in got and frozenset({"o"}) in got


@pytest.mark.parametrize("event_doc", [
    pytest.param("x.txt", id="two close exact figures in one article are two quantities"),
    pytest.param("y.txt", id="one event's toll does not join a month-long tally"),
])
def test_an_events_toll_and_a_month_long_tally_are_two_quantities(event_doc: str, ruleset: Any) -> None:
    month = claim("m", 36, "at_least", 36, None, doc="x.txt", cumulative=True, period_start="2020-02-01",
                  time="since 2020-02-01", as_of="2020-03-01")
    event = claim("e", 34, doc=event_doc, cumulative=True, period_start="2020-02-27", period_end="2020-03-01",
                  time="2020-02-27/2020-03-01", as_of="2020-03-01", rules=("time.cumulative_since_event",))
    assert len(groups_of([month, event], ruleset)) == 2


def test_a_figure_with_an_unsaid_noun_joins_the_group_of_any_kind(ruleset: Any) -> None:
    headline = claim("h", 33, doc="x.txt", subject_key="*:*")  # "Air strike kills 33 in Idlib"
    body = claim("b", 33, "at_least", 33, None, doc="y.txt", subject_key="turkey:troops")
    other = claim("o", 7, doc="z.txt", subject_key="*:people", place="gaza")
    got = groups_of([headline, body, other], ruleset)
    assert frozenset({"h", "b"}) in got and frozenset({"o"}) in got
