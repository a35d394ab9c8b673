"""US local news on shootings: many incidents in a few cities in one month, each told by two or three outlets.

tests/data/corpora/local_shootings/ holds invented articles in the styles of TV station sites, city dailies and
police press releases (some with the headline as the body's first line); incidents.yaml names the shooting each article reports and the killed and injured figures
its body writes. An editor expects one story per shooting (never two shootings in one story, though several
happen in one city in one week and two on one day), the killed (or injured) figures of a shooting from its
outlets in one group, no group joining two shootings, and the killed and injured counts read with the right
category ("Four people shot" is no death toll; "four shot, one fatally" is 1 killed and 3 injured).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.models import Claim, Report
from factcheck.stages import Options, run

CORPUS = Path(__file__).parent / "data" / "corpora" / "local_shootings"


@dataclass(frozen=True)
class Rates:
    """What an editor checks on coverage of many shootings, as shares of incidents (or of groups)."""

    grouped: float  # incidents whose figures from two or more outlets share one group
    joining: float  # groups holding claims of two shootings
    mixed_stories: int  # stories holding articles of two shootings
    killed_found: float  # incidents whose written killed count is extracted as killed
    injured_found: float  # incidents whose written injured count is extracted as injured


def incidents() -> dict[str, Any]:
    return yaml.safe_load((CORPUS / "incidents.yaml").read_text(encoding="utf-8"))["incidents"]


def _counts(c: Claim, category: str, value: int) -> bool:
    return c.category == category and c.value == value


def _found(report: Report, incs: dict[str, Any], category: str) -> list[bool]:
    """Return, per incident whose articles write a count of category, whether one of them is extracted."""
    out = []
    for inc in incs.values():
        wanted = {doc: f[category] for doc, f in inc.get("figures", {}).items() if category in f}
        if wanted:
            out.append(any(_counts(c, category, wanted[c.doc]) for c in report.claims if c.doc in wanted))
    return out


def _grouped(report: Report, incs: dict[str, Any]) -> list[bool]:
    """Return, per incident whose killed (else injured) count two articles write, whether the extracted claims
    of that count are all in one group, from two articles or more."""
    out = []
    for inc in incs.values():
        figures = inc.get("figures", {})
        category = next((cat for cat in ("killed", "injured") if sum(cat in f for f in figures.values()) >= 2), None)
        if category is None:
            continue
        ids = {c.id: c.doc for c in report.claims
               if c.doc in figures and category in figures[c.doc] and _counts(c, category, figures[c.doc][category])}
        holding = [g for g in report.groups if ids.keys() & set(g.claims)]
        out.append(len(holding) == 1 and len({ids[i] for i in holding[0].claims if i in ids}) >= 2)
    return out


def rates(report: Report, incs: dict[str, Any]) -> Rates:
    """Measure the report against the incidents of the corpus."""
    of = {doc: name for name, inc in incs.items() for doc in inc["articles"]}
    by_id = {c.id: c for c in report.claims}
    joining = [g for g in report.groups if len({of[by_id[i].doc] for i in g.claims}) > 1]
    mixed = [s for s in report.stories if len({of[d] for d in s.articles}) > 1]
    grouped, killed, injured = _grouped(report, incs), _found(report, incs, "killed"), _found(report, incs, "injured")
    return Rates(sum(grouped) / len(grouped), len(joining) / len(report.groups), len(mixed),
                 sum(killed) / len(killed), sum(injured) / len(injured))


@pytest.fixture(scope="module")
def report() -> Report:
    return run([CORPUS], Options(cache_dir=None))


@pytest.fixture(scope="module")
def measured(report: Report) -> Rates:
    return rates(report, incidents())


def test_sidecar_names_every_article() -> None:
    listed = sorted(doc for inc in incidents().values() for doc in inc["articles"])
    assert listed == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert all(set(inc.get("figures", {})) <= set(inc["articles"]) for inc in incidents().values())


def test_no_story_mixes_two_shootings(report: Report, measured: Rates) -> None:
    of = {doc: name for name, inc in incidents().items() for doc in inc["articles"]}
    assert measured.mixed_stories == 0, [sorted({of[d] for d in s.articles}) for s in report.stories
                                         if len({of[d] for d in s.articles}) > 1]


def test_each_shooting_is_one_story(report: Report) -> None:
    story_of = {doc: s.id for s in report.stories for doc in s.articles}
    split = {name: sorted({story_of[d] for d in inc["articles"]}) for name, inc in incidents().items()}
    assert {name: ids for name, ids in split.items() if len(ids) > 1} == {}


def test_no_group_joins_two_shootings(measured: Rates) -> None:
    assert measured.joining == 0.0


def test_figures_of_one_shooting_share_a_group(measured: Rates) -> None:
    assert measured.grouped >= 0.7


def test_killed_and_injured_counts_are_found(measured: Rates) -> None:
    assert measured.killed_found >= 0.87
    assert measured.injured_found >= 0.9


def test_same_day_shootings_in_one_city_are_two_stories(report: Report) -> None:
    story_of = {doc: s.id for s in report.stories for doc in s.articles}
    for a, b in (("bal1_wbxt.txt", "bal2_wbxt.txt"), ("mem1_wmtn.txt", "mem3_wmtn.txt"),
                 ("mil1_wmkx.txt", "mil2_wmkx.txt"), ("stl1_ksdx.txt", "fer1_ksdx.txt")):
        assert story_of[a] != story_of[b], (a, b)


def test_street_and_neighbourhood_reports_of_one_shooting_are_one_story(report: Report) -> None:
    # one outlet names the neighbourhood and the hour, the other only the street; both say "late Friday"
    story_of = {doc: s.id for s in report.stories for doc in s.articles}
    assert story_of["lou1_wlvx.txt"] == story_of["lou1_courier.txt"]


def test_follow_up_days_later_joins_its_shooting(report: Report) -> None:
    story_of = {doc: s.id for s in report.stories for doc in s.articles}
    assert story_of["ind1_died.txt"] == story_of["ind1_wixn.txt"]
    assert story_of["mac1_charged.txt"] == story_of["mac1_wmgt.txt"]
    assert story_of["mac1_charged.txt"] != story_of["mac2_wmgt.txt"]


def test_people_shot_are_never_a_death_count(report: Report) -> None:
    shot = [c for c in report.claims if c.number_text in ("Five", "Eight", "Twelve", "Six") and c.category == "killed"]
    assert shot == []


def test_ages_are_not_counts(report: Report) -> None:
    ages = [(c.doc, c.number_text) for c in report.claims if c.value is not None and 15 <= c.value <= 60
            and c.category in ("killed", "injured")]
    assert ages == []
