"""Group claims about the same quantity (placeholder until the reconciler lands)."""
from __future__ import annotations

from factcheck.models import Claim, Group, Relation
from factcheck.ruleset import Ruleset


def reconcile(claims: list[Claim], ruleset: Ruleset) -> tuple[list[Group], list[Relation]]:
    """Return groups and relations for the claims."""
    return [], []
