"""The grouping index gives exactly the groups of comparing every claim with every cluster."""
from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck import reconcile as rec
from factcheck.models import Claim

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_reconcile import make_claims  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "articles"


class NaiveGrouper(rec.Grouper):
    """The reference: every claim is compared with every cluster of its block."""

    def _candidates(self, f: rec.Facts, index: Any, n: int) -> list[int]:
        return list(range(n))


def _both(claims: list[Claim], ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = rec.reconcile(claims, ruleset)
    with monkeypatch.context() as m:
        m.setattr(rec, "Grouper", NaiveGrouper)
        naive = rec.reconcile(claims, ruleset)
    return fast, naive


def _tangle(claims: list[Claim], rng: random.Random) -> list[Claim]:
    """Add the hard cases: no place, no date, unresolved periods, long 'since' counts, statement dates."""
    out = []
    for c in claims:
        roll = rng.random()
        if roll < 0.05:
            c = replace(c, place=None, location=None)
        elif roll < 0.08:
            c = replace(c, as_of=None, published=None)
        elif roll < 0.11:
            c = replace(c, time="in recent weeks", period_start=None, period_end=None)
        elif roll < 0.13:
            c = replace(c, time="since 2011", period_start="2011-03-15", cumulative=True)
        elif roll < 0.15:
            c = replace(c, time="2020-03-02", rules=c.rules + ("time.statement_date",))
        elif roll < 0.17:
            c = replace(c, period_start="not a date")
        out.append(c)
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_index_matches_all_pairs_on_synthetic_claims(seed: int, ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    claims = _tangle(make_claims(3000, ruleset, seed=seed), rng)
    (groups, relations), (naive_groups, naive_relations) = _both(claims, ruleset, monkeypatch)
    assert groups == naive_groups
    assert relations == naive_relations
    assert sum(len(g.claims) > 1 for g in groups) > 100  # the case exercises real grouping, not singletons


def test_dense_claims_about_one_place_match_all_pairs(ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Few places, few days: large clusters and many candidates per claim."""
    rng = random.Random(5)
    claims = [replace(c, place=rng.choice(("syria", "idlib", None)), published="2020-02-0" + str(rng.randint(1, 9)),
                      as_of="2020-02-0" + str(rng.randint(1, 9))) for c in make_claims(1500, ruleset, seed=5)]
    assert _both(claims, ruleset, monkeypatch)[0] == _both(claims, ruleset, monkeypatch)[1]


def test_seed_articles_group_as_all_pairs(ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.stages import Options, collect

    claims = collect([SEEDS], Options(jobs=1), ruleset)[1]
    fast, naive = _both(claims, ruleset, monkeypatch)
    assert fast == naive and len(fast[0]) < len(claims)


def test_bench_claims_are_reproducible(ruleset: Any) -> None:
    assert make_claims(50, ruleset, seed=3) == make_claims(50, ruleset, seed=3)
