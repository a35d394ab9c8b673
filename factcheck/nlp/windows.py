"""Counts of the last hours or days, and the figures that break them down.

Disaster agencies publish a daily report, and reporters copy it: "In the last 24 hours, 28 people were killed";
then, in the same sentence or the next ones, the same day's figures place by place ("out of which 21 died in
Jamshoro, five in Badin", "As per the data, four from Balochistan, 76 in Sindh") or by sex and age ("The dead
include 15 children, 14 men and six women", "Of these, eight died in Sindh"). Those parts count the same hours as
the figure they break down, not the running toll of their province: they take its period. The run of parts ends
at the first sentence that is no breakdown, or that names a toll, a total or a start of its own ("the overall
death toll includes 180 men": the running count's parts). No spaCy here.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from factcheck.counting import PART_RULE, WINDOW_RULES
from factcheck.models import Claim
from factcheck.nlp.discourse import Line

CASUALTIES = ("killed", "injured")
# Times that only say which day the breakdown was reported ("a report released on Thursday evening"), or that the
# article lent it (the start of its running count, its event's day): no period of the figure's own.
_NOT_OWN = ("time.weekday", "time.relative_day", "time.date", "time.statement_date", "time.cumulative_since_event",
            "time.as_of_day", "time.as_of_weekday", "time.article_tally", "time.article_event", "time.event_date")
# A sentence that opens on the count it breaks down: "Of these", "Of the 12 dead in Sindh", "Among them".
_OPENS_ON_WHOLE = re.compile(r"^\W*(?:of|among)\s+(?:these|them|those|whom|this|the\s+(?:[\d,]+\s+)?(?:[\w-]+\s+)?"
                             r"(?:dead|deaths|deceased|killed|victims|fatalities|injured|wounded|casualties))\b", re.I)
# A sentence that lists who the count was: "The dead include 15 children", "were among those who lost their lives".
_LISTS_WHO = re.compile(r"\b(?:include[sd]?|including|comprising|among\s+(?:those|the\s+(?:dead|victims|killed)))\b",
                        re.I)
# A sentence that speaks of the running count, not of the day: its parts are the toll's.
_RUNNING = re.compile(r"\b(?:toll|total|overall|tally|so\s+far|to\s+date|since|cumulative|altogether|in\s+all)\b",
                      re.I)


def share_windows(claims: list[Claim], lines: Sequence[Line]) -> list[Claim]:
    """Give the figures that break down a count of the last hours (in its sentence, or in the sentences right after
    it) that count's period."""
    by_sentence: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        by_sentence[c.sentence_start].append(c)
    index = {line.start: n for n, line in enumerate(lines)}
    given: dict[str, Claim] = {}
    whole: Claim | None = None
    last = -2  # the sentence of the day's count or of its last part
    for start in sorted(by_sentence):
        found, n = by_sentence[start], index.get(start, -4)
        own = next((c for c in found if c.category in CASUALTIES and _window(c)), None)
        if own is not None:
            whole, last = own, n
            given.update((c.id, _part_of(c, own)) for c in found if c is not own and _takes(c, own, same=True))
        elif whole is not None and _next(n, last, lines, by_sentence) and _breaks_down(found):
            parts = [c for c in found if _takes(c, whole, same=False)]
            given.update((c.id, _part_of(c, whole)) for c in parts)
            last = n if parts else last
    return [given.get(c.id, c) for c in claims] if given else claims


def _next(n: int, last: int, lines: Sequence[Line], by_sentence: dict[int, list[Claim]]) -> bool:
    """Return True when sentence n follows the last one of the run, or follows it past one sentence without figures
    ("These deaths occurred in Sanghar, Dadu and Tando Allah Yar.")."""
    return n == last + 1 or n == last + 2 and lines[last + 1].start not in by_sentence


def _window(c: Claim) -> bool:
    """Return True for a count of the last hours or days (not a running total)."""
    return not c.cumulative and c.period_start is not None and any(r in WINDOW_RULES for r in c.rules)


def _takes(c: Claim, whole: Claim, same: bool) -> bool:
    """Return True when a figure beside the day's count has no period of its own and is no toll."""
    if c.category not in CASUALTIES or _window(c):
        return False
    if any(r.startswith("time.") and r not in _NOT_OWN for r in c.rules):
        return False  # "since June 14", "between June 20 and September 7": a period of its own
    at = c.start - c.sentence_start
    if same and at > whole.start - whole.sentence_start and _RUNNING.search(c.sentence[whole.end - c.sentence_start:at]):
        return False  # "35 died in the last 24 hours, the death toll reached 577"
    return not c.period_end or (whole.period_start or "") <= c.period_end[:10] <= (whole.period_end or "9")


def _breaks_down(found: list[Claim]) -> bool:
    """Return True when the sentence right after the day's count (or its parts) breaks it down: it opens on it, lists
    who it was, or gives two or more casualty figures place by place; and it speaks of no running count."""
    casualties = [c for c in found if c.category in CASUALTIES]
    if not casualties:
        return False
    text = found[0].sentence
    if _RUNNING.search(text):
        return False
    return bool(_OPENS_ON_WHOLE.search(text) or _LISTS_WHO.search(text)) or \
        len(casualties) >= 2 and any(c.place for c in casualties)


def _part_of(c: Claim, whole: Claim) -> Claim:
    """Return a figure with the period of the day's count it breaks down."""
    rules = tuple(r for r in c.rules if not r.startswith("time.")) + (PART_RULE,)
    return replace(c, period_start=whole.period_start, period_end=whole.period_end, as_of=whole.as_of,
                   time=whole.time, cumulative=False, rules=rules)
