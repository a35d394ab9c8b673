"""End-to-end grouping on small multi-outlet corpora written for these tests (real pipeline)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck.stages import Options, run

CORPORA = Path(__file__).parent / "data" / "corpora"


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    return {name: run([CORPORA / name], Options(cache_dir=None)) for name in ("quake", "clash")}


def _groups(report: Any) -> list[tuple[str, str | None, set[str]]]:
    text = {c.id: f"{c.doc[0]}:{c.number_text}" for c in report.claims}
    return [(g.verdict, g.kind, {text[c] for c in g.claims}) for g in report.groups]


def test_death_toll_reported_on_four_days_evolves(reports: dict[str, Any]) -> None:
    groups = _groups(reports["quake"])
    toll = next(g for g in groups if "c:2,122" in g[2])
    assert toll[0] == "evolving"
    assert {"a:at least 820", "b:2,012", "d:as many as 3,000"} <= toll[2]
    assert "b:1,293" not in toll[2]  # "in Al Haouz province alone" is a sub-area


def test_injured_count_evolves(reports: dict[str, Any]) -> None:
    groups = _groups(reports["quake"])
    injured = next(g for g in groups if "c:2,421" in g[2])
    assert injured[0] == "evolving" and {"a:672", "b:2,059", "d:More than 2,000"} <= injured[2]


def test_official_and_local_tolls_conflict_by_source(reports: dict[str, Any]) -> None:
    groups = _groups(reports["clash"])
    toll = next(g for g in groups if "b:at least 60" in g[2])
    assert (toll[0], toll[1]) == ("conflict", "source_split")
    assert {"a:27", "c:27"} <= toll[2]
    assert "a:13" not in toll[2] and "a:14" not in toll[2]  # parts of the toll, not the toll


def test_displacement_restated_in_headline_is_consistent(reports: dict[str, Any]) -> None:
    groups = _groups(reports["clash"])
    assert ("consistent", None, {"c:thousands", "c:Around 4,000"}) in groups
