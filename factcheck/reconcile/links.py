"""Editors' grouping corrections from reviews.toml: [[same]] joins claims' groups, [[apart]] separates claims.

They are applied on every run after grouping, as must-link and cannot-link constraints: "same" moves every
claim listed (and the rest of its group) into the group of the first claim; "apart" takes each later claim
listed out of the first claim's group into a group of its own. A correction naming a claim that no longer
exists is returned as stale (the report lists it); it is never an error.
"""
from __future__ import annotations

from factcheck.models import Link
from factcheck.reconcile.grouping import Quantity


def apply_links(quantities: list[Quantity], links: list[Link]) -> tuple[list[Quantity], list[Link]]:
    """Return the quantities with the corrections applied, and the corrections that name unknown claims."""
    if not links:
        return quantities, []
    where = {m.claim.id: k for k, q in enumerate(quantities) for m in q.members}
    stale = [link for link in links if any(cid not in where for cid in link.claims)]
    for link in links:
        if any(cid not in where for cid in link.claims) or len(link.claims) < 2:
            continue
        if link.kind == "same":
            _join(quantities, where, link.claims)
        else:
            _part(quantities, where, link.claims)
    return [q for q in quantities if q.members], stale


def _join(quantities: list[Quantity], where: dict[str, int], claims: tuple[str, ...]) -> None:
    """Move the groups of every listed claim into the group of the first."""
    into = where[claims[0]]
    for cid in claims[1:]:
        k = where[cid]
        if k == into:
            continue
        for m in quantities[k].members:
            where[m.claim.id] = into
        quantities[into].members += quantities[k].members
        quantities[k].members = []


def _part(quantities: list[Quantity], where: dict[str, int], claims: tuple[str, ...]) -> None:
    """Take every later listed claim out of the first claim's group, into a group of its own."""
    home = where[claims[0]]
    for cid in claims[1:]:
        if where[cid] != home:
            continue
        q = quantities[home]
        moved = [m for m in q.members if m.claim.id == cid]
        q.members = [m for m in q.members if m.claim.id != cid]
        quantities.append(Quantity(q.story, q.category, q.population, q.place, q.kind, q.date, moved))
        where[cid] = len(quantities) - 1
