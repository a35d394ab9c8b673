"""Counts beside the toll: bodies by what became of them, the discharged, indirect deaths, and the missing."""
from __future__ import annotations

from typing import Any

import pytest

from factcheck.counting import TALLY
from factcheck.reconcile import reconcile
from factcheck.reconcile.identity import population
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
