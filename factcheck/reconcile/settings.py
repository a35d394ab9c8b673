"""Cut-offs from rules/reconcile.yaml and the date helpers every step uses."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from factcheck.ruleset import Ruleset

TARGET = ("killed", "injured", "displaced", "deployed", "missing")  # the categories that are grouped
TOTAL_CUE = re.compile(r"\b(?:total|overall|in all|altogether|combined|bringing|brings|brought|tally|sum)\b", re.I)  # words that introduce a stated total


@dataclass(frozen=True)
class Settings:
    """Cut-offs from rules/reconcile.yaml."""

    subject_cutoff: float
    wording_tolerance: float
    same_day_window: int
    event_window: int
    wire_copy_cutoff: float
    relation_tolerance: float

    @classmethod
    def from_rules(cls, rules: Ruleset) -> Settings:
        """Read the cut-offs from the ruleset."""
        d = rules["reconcile"]
        return cls(float(d["subject_cutoff"]), float(d["wording_tolerance"]), int(d["same_day_window"]),
                   int(d["event_window"]), float(d["wire_copy_cutoff"]), float(d["relation_tolerance"]))


@lru_cache(maxsize=65536)  # a corpus holds few distinct dates, each parsed many times
def day(text: str | None) -> int | None:
    """Return a date as a day number (None when absent or malformed)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None



@lru_cache(maxsize=4096)
def short_date(iso: str | None) -> str:
    """Return '6 Feb 2023' for an ISO date ('undated' when absent)."""
    if not iso:
        return "undated"
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%b')} {d.year}"
