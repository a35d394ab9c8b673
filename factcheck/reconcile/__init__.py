"""Reconcile: stories first, then the quantities of each story, their verdicts, relations and explanations.

The steps, one module each:
  stories.py    cluster articles into stories (one event or crisis); claims are compared only within a story
  identity.py   who a claim counts, where, and which incident or running tally
  grouping.py   group a story's claims into quantities (blocking, place classes, incidents and tallies)
  links.py      editors' corrections ([[same]], [[apart]] in reviews.toml) as must-link and cannot-link
  verdicts.py   consistent, evolving or conflict, with kind and severity
  summaries.py  low / best / high, the series over time, why grouped and the near misses
  relations.py  sums and subsets the text asserts, and sub-areas within a wider count
"""
from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import NamedTuple

from factcheck.gazetteer import Gazetteer, build_gazetteer
from factcheck.models import Article, Claim, Group, Link, Relation, Story
from factcheck.reconcile.grouping import Quantity, group_story
from factcheck.reconcile.identity import Places
from factcheck.reconcile.links import apply_links
from factcheck.reconcile.relations import relations, sub_areas
from factcheck.reconcile.settings import TARGET, Settings
from factcheck.reconcile.stories import stories_places_incidents
from factcheck.reconcile.summaries import make_group, near_misses
from factcheck.reconcile.verdicts import Judgement, judge
from factcheck.ruleset import Ruleset

__all__ = ["TARGET", "Judgement", "Reconciled", "Settings", "judge", "reconcile"]

PARALLEL_MIN_CLAIMS = 50_000  # below this, starting a process costs more than it saves


class Reconciled(NamedTuple):
    """What reconciliation returns: stories, groups (each in one story), relations, corrections gone stale."""

    stories: list[Story]
    groups: list[Group]
    relations: list[Relation]
    stale_links: list[Link]


def reconcile(claims: list[Claim], rules: Ruleset, jobs: int = 1, articles: Iterable[Article] = (),
              links: Iterable[Link] = ()) -> Reconciled:
    """Cluster articles into stories, group each story's claims into quantities and judge them.

    With jobs > 1 and many claims, stories are grouped in forked processes (where the platform forks); the
    result is the same as with jobs=1.
    """
    settings = Settings.from_rules(rules)
    gaz = build_gazetteer(rules)
    with _no_gc():
        made, doc_places, incidents = stories_places_incidents(list(articles), claims, gaz)
        story_of = {doc: story.id for story, docs in made for doc in docs}
        by_story: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            by_story[story_of[c.doc]].append(c)
        units = [(story.id, by_story.get(story.id, [])) for story, _ in made]
        titles = {story.id: story.title for story, _ in made}
        links = list(links)
        forking = jobs > 1 and len(claims) >= PARALLEL_MIN_CLAIMS and not links and _can_fork()
        shares = _shares(units, jobs) if forking else []
        if len(shares) > 1:
            groups, rels = _forked(units, shares, gaz, settings, titles, doc_places, incidents)
            stale: list[Link] = []
        else:
            quantities, stale = apply_links(_group(units, gaz, settings, doc_places, incidents), links)
            groups, rels = _finish(quantities, settings, titles, gaz)
            rels += relations(claims, settings, gaz)
        groups.sort(key=_report_order)
        stories = _with_groups([story for story, _ in made], groups)
        return Reconciled(stories, groups, sorted(rels, key=lambda r: r.id), stale)


def _finish(quantities: list[Quantity], settings: Settings, titles: dict[str, str],
            gaz: Gazetteer) -> tuple[list[Group], list[Relation]]:
    """Judge, summarise and explain each quantity; find the sub-areas among them."""
    misses = near_misses(quantities, gaz)
    groups = [make_group(q, settings, titles[q.story], gaz, misses.get(i, ())) for i, q in enumerate(quantities)]
    return groups, sub_areas(quantities, settings, gaz)


def _group(units: list[tuple[str, list[Claim]]], gaz: Gazetteer, settings: Settings,
           doc_places: dict[str, str], incidents: set[str] | None = None) -> list[Quantity]:
    """Group each story's claims (in one process); incidents are the stories of one local incident."""
    places = Places(gaz)
    return [q for story, claims in units
            for q in group_story(story, claims, gaz, places, settings, doc_places, story in (incidents or ()))]


def _with_groups(stories: list[Story], groups: list[Group]) -> list[Story]:
    """Return the stories with their group ids, most groups in conflict first."""
    mine: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        mine[g.story].append(g)
    out = [replace(s, groups=tuple(g.id for g in mine.get(s.id, []))) for s in stories]
    return sorted(out, key=lambda s: (-sum(g.verdict == "conflict" for g in mine.get(s.id, [])),
                                      -len(s.articles), s.first or "", s.id))


_VERDICT_ORDER = {"conflict": 0, "evolving": 1, "consistent": 2, "single": 3}


def _report_order(g: Group) -> tuple[int, float, str]:
    """Return the order of groups in the report: conflicts first, the worst first."""
    return _VERDICT_ORDER[g.verdict], -g.severity, g.id


# -- forked grouping of large corpora -------------------------------------------------------------------------
def _can_fork() -> bool:
    """Forking shares the claims with the workers without copying them; only Linux forks safely here."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() \
        and threading.active_count() == 1


def _shares(units: list[tuple[str, list[Claim]]], jobs: int) -> list[list[int]]:
    """Split the stories (as positions) into at most jobs shares, balanced by claims; a story is never split."""
    shares: list[list[int]] = [[] for _ in range(min(jobs, len(units)))]
    weight = [0] * len(shares)
    for i in sorted(range(len(units)), key=lambda i: (-len(units[i][1]), i)):
        k = min(range(len(shares)), key=lambda k: weight[k])
        shares[k].append(i)
        weight[k] += len(units[i][1])
    return [sorted(s) for s in shares if s]


_FORKED: tuple[list[tuple[str, list[Claim]]], list[list[int]], Gazetteer, Settings, dict[str, str],
               dict[str, str], set[str]] | None = None


def _forked(units: list[tuple[str, list[Claim]]], shares: list[list[int]], gaz: Gazetteer, settings: Settings,
            titles: dict[str, str], doc_places: dict[str, str],
            incidents: set[str]) -> tuple[list[Group], list[Relation]]:
    """Reconcile the first share of stories here and the others in forked processes."""
    global _FORKED
    _FORKED = (units, shares, gaz, settings, titles, doc_places, incidents)
    try:
        with multiprocessing.get_context("fork").Pool(len(shares) - 1, initializer=_leave_interrupts_to_parent) as pool:
            pending = pool.map_async(_forked_share, range(1, len(shares)), chunksize=1)
            groups, rels = _reconcile_share(0)
            for more_groups, more_rels in pending.get():
                groups += more_groups
                rels += more_rels
    finally:
        _FORKED = None
    return groups, rels


def _leave_interrupts_to_parent() -> None:
    """In a forked worker: ignore Ctrl-C; the parent stops the pool and reports the interruption once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _forked_share(k: int) -> tuple[list[Group], list[Relation]]:
    """In a forked worker: reconcile share k of the stories."""
    gc.disable()
    return _reconcile_share(k)


def _reconcile_share(k: int) -> tuple[list[Group], list[Relation]]:
    """Group, judge and relate the claims of share k of the stories (relations never cross an article)."""
    assert _FORKED is not None
    units, shares, gaz, settings, titles, doc_places, incidents = _FORKED
    mine = [units[i] for i in shares[k]]
    groups, rels = _finish(_group(mine, gaz, settings, doc_places, incidents), settings, titles, gaz)
    return groups, rels + relations([c for _, claims in mine for c in claims], settings, gaz)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: grouping builds millions of objects and no reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
