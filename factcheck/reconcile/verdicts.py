"""Judge a group: consistent, evolving (a count that grows with the reporting date) or conflict.

Figures are intervals: two claims agree when their intervals meet. Claims are compared within a reporting
date (same_day_window); across dates a cumulative count may grow but never shrink. A figure the article itself
says was revised ("earlier reports said 29 ... has grown to 33") is an update and is left out of the checks.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from factcheck.models import Claim
from factcheck.reconcile.identity import part, status
from factcheck.reconcile.settings import Settings, day


def overlap(a: Claim, b: Claim) -> bool:
    """Return True when two intervals meet (open ends of more_than / almost / less_than are strict)."""
    return _gap(a, b) <= 0 and not _touch_only(a, b)


def low_of(c: Claim) -> float:
    return c.low if c.low is not None else float("-inf")


def high_of(c: Claim) -> float:
    return c.high if c.high is not None else float("inf")


def _gap(a: Claim, b: Claim) -> float:
    """Return how far apart two intervals are (<= 0 when they meet)."""
    return max(low_of(a) - high_of(b), low_of(b) - high_of(a))


def _touch_only(a: Claim, b: Claim) -> bool:
    """Return True when two intervals share only an endpoint that a strict hedge excludes."""
    strict_low = ("more_than",)
    strict_high = ("almost", "less_than")
    if high_of(a) == low_of(b):
        return a.hedge in strict_high or b.hedge in strict_low
    if high_of(b) == low_of(a):
        return b.hedge in strict_high or a.hedge in strict_low
    return False


def best(c: Claim) -> float | None:
    if c.value is not None:
        return c.value
    if c.low is not None and c.high is not None:
        return (c.low + c.high) / 2
    return c.low if c.low is not None else c.high


def _buckets(claims: list[Claim], window: int) -> list[list[Claim]]:
    """Split claims into report dates: as-of dates within the window are one date."""
    dated = sorted(claims, key=lambda c: (day(c.as_of) or 0, c.doc, c.start))
    out: list[list[Claim]] = []
    for c in dated:
        d = day(c.as_of) or 0
        if out and d - (day(out[-1][0].as_of) or 0) <= window:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def restates(hedge: str, hedged: float, exact: float) -> bool:
    """Return True when a hedged figure is an exact one rounded the way its hedge says.

    "more than a hundred" restates 109 and 160 (rounded down), "almost 40" restates 38 (rounded up),
    "around 300" restates 310, "more than 1,160" restates 1,162 (three figures of four kept); "at least 20" does
    not restate 29, and 34 is not 36.
    """
    if hedged <= 0 or exact <= 0:
        return False
    for digits in (1, 2, 3):
        mag = 10 ** max(len(str(int(exact))) - digits, 0)
        down, up = math.floor(exact / mag) * mag, math.ceil(exact / mag) * mag
        if (hedge in ("more_than", "at_least") and hedged == down) or \
                (hedge in ("almost", "less_than", "up_to", "at_most") and hedged == up) or \
                (hedge == "about" and hedged in (down, up)):
            return hedged != exact or hedge == "about"
    return False


def _rounded(a: float, b: float) -> bool:
    """Return True when one figure is the other rounded (900,000 and 875,000; 40 and 38)."""
    for x, y in ((a, b), (b, a)):
        if x == 0:
            continue
        for digits in (1, 2):
            mag = 10 ** (len(str(int(abs(y)))) - digits)
            if mag >= 1 and round(y / mag) * mag == x:
                return True
    return False


@dataclass
class Judgement:
    """A verdict with its kind, severity, the claims that decided it and the rule."""

    verdict: str
    kind: str | None = None
    severity: float = 0.0
    pair: tuple[Claim, Claim] | None = None
    rule: str = ""


REVISION_CUE = re.compile(r"\b(?:earlier|previous(?:ly)?|initial(?:ly)?|originally|had been|up from|revised|"
                          r"(?:rose|risen|grew|grown|increased|climbed) from)\b", re.I)


def judged(claims: list[Claim]) -> list[Claim]:
    """Return the claims a verdict rests on: firm figures ("dozens" only when nothing firmer is said), less
    figures the same article says were revised ("earlier reports said 29 ... has grown to 33")."""
    firm = [c for c in claims if c.hedge != "vague"] or claims
    return [c for c in firm if not _superseded(c, firm)]


UPDATE_CUE = re.compile(r"\b(?:(?:rose|risen|rises|climbed|climbs|increased|increases|jumped|elevated|raised|"
                        r"reached|reaches|soared|grew|grown|revised|lowered|cut)\s+(?:\w+\s+){0,6}?to|"
                        r"(?:now\s+)?stands\s+at|stood\s+at|reached|pegged\s+(?:\w+\s+){0,3}?at)\b", re.I)
# A figure the text gives as the one before ("down from a previous toll of 115", "from 41 to 31", "previously,
# officials said 115"): an older value of the count, whatever its size.
_OLD_FIGURE = re.compile(
    r"(?:\b(?:previous|earlier|initial|original|prior|former|old)\s+(?:[\w-]+\s+){0,3}?(?:toll|count|figure|estimate|"
    r"tally|number|total|report|assessment)s?,?\s+(?:of|was|were|had\s+been|stood\s+at|at|(?:\w+\s+){0,2}?said)\s+|"
    r"\b(?:previously|earlier|initially|originally)\b,?\s+(?:[\w'’-]+\s+){0,8}?(?:said|reported|put|gave|announced|"
    r"estimated|believed|counted|recorded|confirmed|indicated|showed|suggested|mentioned|cited)\s+"
    r"(?:[\w'’-]+\s+){0,5}?|"
    r"\b(?:down|up|revised(?:\s+(?:down|up)(?:wards?)?)?|lowered|cut|raised)\s+from\s+(?:a\s+|the\s+)?|"
    r"\b(?:instead|in\s+place)\s+of\s+(?:the\s+)?|\brather\s+than\s+|\bfrom\s+|"
    r"\b(?:in\s+addition\s+to|on\s+top\s+of)\s+(?:the\s+)?(?:initial|original|earlier|first|previous|existing)\s+)$",
    re.I)


def old_figure(c: Claim) -> bool:
    """Return True when the text gives this figure as the count's earlier value ("down from 115", "previously 115";
    the first of "from 41 to 31")."""
    at = c.start - c.sentence_start
    if at <= 0 or at > len(c.sentence) or c.hedge == "range":  # "from 2,000 to 3,000 people": one range
        return False
    before = c.sentence[max(0, at - 90):at]
    low = before.lower()
    if not low.rstrip().endswith(_OLD_ENDS) and not any(h in low for h in _OLD_HINTS):
        return False  # one cheap look decides for most figures
    return bool(_OLD_FIGURE.search(before)) and not re.search(r"\bto\s*$", before)


_OLD_ENDS = ("from", "of", "than", "from a", "from the", "of the", "to the initial", "of the initial")
_OLD_HINTS = ("previous", "earlier", "initial", "original", "prior", "former", "old ")


def _superseded(c: Claim, claims: list[Claim]) -> bool:
    """Return True when the article gives this figure as the count's earlier value beside a current one, or gives
    a higher figure for the count and says one of them is a revision or the count's new level."""
    mine = best(c) or 0.0
    same = [d for d in claims if d is not c and d.doc == c.doc]
    if old_figure(c) and any(not old_figure(d) for d in same):
        return True
    return any((best(d) or 0.0) > mine and not old_figure(d)
               and (REVISION_CUE.search(c.sentence) or REVISION_CUE.search(d.sentence)
                    or UPDATE_CUE.search(c.sentence) and UPDATE_CUE.search(d.sentence)) for d in same)


def headline_round(a: float, b: float) -> bool:
    """Return True when one figure is the other rounded to thousands the way headlines round (within 5%)."""
    round_one, other = (a, b) if a % 1000 == 0 else (b, a)
    return round_one >= 1000 and round_one % 1000 == 0 and other % 1000 != 0 \
        and abs(round_one - other) <= 0.05 * max(round_one, other)


def _restated(a: Claim, b: Claim) -> bool:
    """Return True for one article giving one figure twice ("over 41,000" in the headline, "41,000" in a
    subhead, "41,000" over "at least 41,219"): an article does not disagree with itself."""
    return a.doc == b.doc and a.value is not None and b.value is not None \
        and (a.value == b.value or headline_round(a.value, b.value))


def judge(claims: list[Claim], settings: Settings) -> Judgement:
    """Decide consistent / evolving / conflict for one group."""
    if len(claims) < 2:
        return Judgement("single", rule="verdict.single")
    checked = judged(claims)
    if len(checked) < 2:
        return Judgement("consistent", rule="verdict.one_firm_figure")
    buckets = _buckets(checked, settings.same_day_window)  # casualty counts are tallies that grow with time
    worst: Judgement | None = None
    grew_in_day: tuple[Claim, Claim] | None = None
    for bucket in buckets:
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                if not overlap(a, b) and not _restated(a, b):
                    if _grew_in_day(a, b, checked):
                        grew_in_day = grew_in_day or _ordered(a, b)
                        continue
                    j = _conflict(a, b, settings)
                    if worst is None or j.severity > worst.severity:
                        worst = j
    if worst is not None:
        return worst
    if len(buckets) > 1:
        revised = {c.doc for c in claims if old_figure(c)} | {c.doc for c in checked if _revised(c.sentence)}
        trend = _trend(buckets, settings, revised)
        if trend.verdict == "conflict" and trend.pair and stock(trend.pair[1]):  # the later figure: as things are now
            return Judgement("evolving", pair=trend.pair, rule="verdict.stock_changed")  # people leave camps
        if trend.verdict == "conflict" or grew_in_day is None:
            return trend
    if grew_in_day is not None:
        return Judgement("evolving", pair=grew_in_day, rule="verdict.same_day_growth")
    return Judgement("consistent", rule="verdict.intervals_meet")


def _ordered(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    return (a, b) if (best(a) or 0) <= (best(b) or 0) else (b, a)


def _grew_in_day(a: Claim, b: Claim, claims: list[Claim]) -> bool:
    """Return True for two outlets' figures of one day of a running count that rose during that day: the count is
    a tally of the dead, the injured or the missing, and either the higher figure's text says the count rose
    ("has risen to 55") or the count is seen to move on other days (a figure below the lower one earlier, or one
    at or above the higher one later). Disaster tolls are revised several times a day; an outlet relaying the
    morning's figure does not disagree with one giving the evening's."""
    if a.doc == b.doc or a.category not in ("killed", "injured", "missing"):
        return False
    low, high = _ordered(a, b)
    if UPDATE_CUE.search(high.sentence):
        return True
    when = day(low.as_of) or 0
    return any((day(c.as_of) or 0) < when and high_of(c) <= low_of(low) or
               (day(c.as_of) or 0) > when and low_of(c) >= (best(high) or 0) for c in claims)


def stock(c: Claim) -> bool:
    """Return True for a count of people who are somewhere now, which falls as they leave: people in shelters or
    camps ("28,000 people are still living in shelters", "14,431 remain evacuated", "34,297 evacuees"), the missing
    (found, or confirmed dead)."""
    if c.category == "missing" or status(c) == "sheltered" or part(c) in ("unidentified", "under treatment"):
        return True  # bodies still unidentified fall as they are identified, patients as they are discharged
    if c.category != "displaced":
        return False
    at = c.end - c.sentence_start
    return bool(_NOW.match(c.sentence[at:at + 60]))


# A count of the displaced as it stands now: "remain evacuated", "are still living in", "currently sheltering",
# "evacuees in the three prefectures".
_NOW = re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?(?:remain(?:s|ed|ing)?|still|currently|now)\b|^\s+evacuees\b", re.I)


def _revised(sentence: str) -> bool:
    low = sentence.lower()
    return any(h in low for h in _REVISED_HINTS) and bool(_REVISED.search(sentence))


_REVISED_HINTS = ("revis", "lower", "amend", "adjust", "correct", "cut", "scaled", "down from", "instead", "drop from")
# A count its source took back or lowered, as the article says: "revised the toll down to", "instead of 11,300".
_REVISED = re.compile(r"\b(?:revised|revising|revises|lowered|lowering|amended|adjusted|corrected|cut|scaled\s+back|"
                      r"down\s+from|instead\s+of|drop\s+from)\b", re.I)


def _conflict(a: Claim, b: Claim, settings: Settings, regression: bool = False) -> Judgement:
    """Judge a pair that cannot both hold; a later count that only touches an earlier one ("almost 800,000"
    after "more than 800,000") is wording, not a regression."""
    gap = max(_gap(a, b), 0.0)
    scale = max(abs(best(a) or 0.0), abs(best(b) or 0.0), 1.0)
    severity = round(gap / scale, 4)
    if regression and gap > 0:
        kind = "regression"
    elif regression or severity <= settings.wording_tolerance or _rounded(best(a) or 0, best(b) or 0):
        kind = "wording"
    elif (a.source_key or a.outlet) != (b.source_key or b.outlet):
        kind = "source_split"
    else:
        kind = "true_conflict"
    return Judgement("conflict", kind, max(severity, 0.0001), (a, b), f"verdict.conflict.{kind}")


def _trend(buckets: list[list[Claim]], settings: Settings, revised: set[str] | frozenset[str] = frozenset()) -> Judgement:
    """Judge a cumulative count across report dates: growth is evolving, a drop is a regression, unless the later
    article says the count was revised down (revised: the articles that say so), which is an update."""
    grew = False
    lowered: tuple[Claim, Claim] | None = None
    for earlier, later in pairwise(buckets):
        for a in earlier:
            for b in later:
                if high_of(b) < low_of(a) or (high_of(b) == low_of(a) and b.hedge in ("almost", "less_than")):
                    if b.doc in revised:
                        lowered = lowered or (a, b)  # "the UN revised the toll down to 3,958"
                        continue
                    return _conflict(a, b, settings, regression=True)
                if low_of(b) > high_of(a) or (best(b) or 0) > (best(a) or 0) * (1 + settings.wording_tolerance / 5):
                    grew = True  # later best figure higher: the tally moved on
    if lowered is not None:
        return Judgement("evolving", pair=lowered, rule="verdict.stated_revision")
    return Judgement("evolving" if grew else "consistent",
                     rule="verdict.cumulative_growth" if grew else "verdict.intervals_meet")


