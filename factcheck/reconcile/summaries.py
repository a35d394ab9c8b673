"""What a group says in numbers and words: low / best / high, the series over time, and why it is one quantity."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from statistics import median
from typing import Any, cast

from rapidfuzz import fuzz

from factcheck.counting import INCIDENT, INCREMENT, PROJECTION
from factcheck.gazetteer import Gazetteer
from factcheck.models import Claim, Group, stable_id
from factcheck.reconcile.grouping import OUTLIER_FACTOR, Quantity
from factcheck.reconcile.settings import Settings, day, short_date
from factcheck.reconcile.verdicts import Judgement, judge, old_figure
from factcheck.reconcile.verdicts import best as best_value


def who(c: Claim) -> str:
    return c.outlet or c.doc


def fmt(x: float | None) -> str:
    if x is None:
        return "open"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _independent(claims: list[Claim], settings: Settings) -> int:
    """Count sources, with near-identical sentences (wire copy) across outlets counted once."""
    reps: list[Claim] = []
    for c in sorted(claims, key=lambda c: (c.doc, c.start)):
        if any(r.doc != c.doc and fuzz.ratio(r.sentence, c.sentence) >= settings.wire_copy_cutoff for r in reps):
            continue
        reps.append(c)
    return len({(c.source_key or (c.outlet or c.doc).lower()) for c in reps})


def summarise_one(c: Claim) -> dict[str, Any]:
    """Return summarise([c]) without the list work: most groups hold one claim."""
    best = best_value(c)
    firm = c.hedge != "vague"
    low = (c.low if c.low is not None else best) if firm else c.low
    return {
        "low": low,
        "best": best if firm else None,
        "high": (c.high if c.high is not None else best) if firm else c.high,
        "conservative": low if firm else None,
        "latest_by_source": {c.source or who(c): {"value": best, "number_text": c.number_text, "as_of": c.as_of,
                                                   "claim": c.id, "outlet": c.outlet}},
        "independent_sources": 1,
        "claims": 1,
    }


def summarise(claims: list[Claim], settings: Settings) -> dict[str, Any]:
    """Return low / best / high (UCDP style), a conservative figure (ACLED style) and the latest per source."""
    if len(claims) == 1:
        return summarise_one(claims[0])
    lows = [x for x in (c.low if c.low is not None else best_value(c) for c in claims if c.hedge != "vague")
            if x is not None] or [c.low for c in claims if c.low is not None]
    highs = [x for x in (c.high if c.high is not None else best_value(c) for c in claims if c.hedge != "vague")
             if x is not None] or [c.high for c in claims if c.high is not None]
    bests = [b for b in (best_value(c) for c in claims if c.hedge != "vague") if b is not None]
    latest_day = max((day(c.as_of) or 0) for c in claims)
    recent = [c for c in claims if (day(c.as_of) or 0) >= latest_day - settings.same_day_window]
    cons = [v for v in ((c.low if c.low is not None else best_value(c)) for c in recent if c.hedge != "vague")
            if v is not None]
    latest: dict[str, dict[str, Any]] = {}
    for c in sorted(claims, key=lambda c: (day(c.as_of) or 0, c.doc, c.start)):
        key = c.source or who(c)
        latest[key] = {"value": best_value(c), "number_text": c.number_text, "as_of": c.as_of, "claim": c.id,
                       "outlet": c.outlet}
    return {
        # lows/highs hold None only for a non-vague claim with no value, low or high (not filtered out)
        "low": min(cast("list[float]", lows)) if lows else None,
        "best": (median(bests) if bests else None),
        "high": max(cast("list[float]", highs)) if highs else None,
        "conservative": min(cons) if cons else None,
        "latest_by_source": dict(sorted(latest.items())),
        "independent_sources": _independent(claims, settings),
        "claims": len(claims),
    }


def describe(c: Claim) -> str:
    cite = f", citing {c.source}" if c.source else ""
    return f"{who(c)} ({short_date(c.as_of)}{cite}) says {c.number_text} {c.category}"


def explain(claims: list[Claim], j: Judgement) -> str:
    """Write one plain sentence an editor or a trainee understands."""
    if j.verdict == "single":
        return f"Only {describe(claims[0])}; no other outlet gives this figure."
    if j.verdict == "conflict" and j.pair:
        a, b = j.pair
        why = {"wording": "the wording or rounding differs", "source_split": "they cite different sources",
               "regression": "a later cumulative count is lower than an earlier one",
               "true_conflict": "the figures cannot both be true"}[j.kind or "true_conflict"]
        gap = "they only touch: one says below the figure, the other above it" if j.severity < 0.001 else \
            f"a gap of {j.severity:.0%} of the figure"
        return f"{describe(a)}; {describe(b)}: the intervals do not meet ({gap}) and {why}."
    ordered = sorted(claims, key=lambda c: (day(c.as_of) or 0, c.doc, c.start))
    if j.rule == "verdict.stated_revision" and j.pair:
        a, b = j.pair
        return (f"{describe(a)}; {describe(b)}: the count was revised down, as the later article says; an update, "
                f"not a disagreement between outlets.")
    if j.rule == "verdict.stock_changed" and j.pair:
        a, b = j.pair
        if b.category == "missing":
            return (f"{describe(a)}; {describe(b)}: a count of people still missing, which falls as they are found "
                    f"or confirmed dead; not a running count.")
        if b.category == "killed":
            return (f"{describe(a)}; {describe(b)}: a count of bodies not yet identified, which falls as they are "
                    f"identified; not a running count.")
        if b.category == "injured":
            return (f"{describe(a)}; {describe(b)}: a count of patients still under treatment, which falls as they "
                    f"are discharged; not a running count.")
        return (f"{describe(a)}; {describe(b)}: a count of people in shelters or camps or away from home now, which "
                f"falls as people leave them or return; not a running count.")
    if j.rule == "verdict.same_day_growth" and j.pair:
        a, b = j.pair
        return (f"{describe(a)}; {describe(b)}: a running count that rose during the day, as the figures of other "
                f"days or the later text show; an update, not a disagreement between outlets.")
    if j.rule == "verdict.one_firm_figure":
        firm = [c for c in ordered if c.hedge != "vague"] or ordered
        return (f"Only one firm figure ({describe(firm[-1])}); the others are vague words or earlier values the "
                f"same article replaces.")
    if j.verdict == "evolving":
        ordered = [c for c in ordered if not old_figure(c)] or ordered  # "down from 115" is no point of the trend
        a = next((c for c in ordered if c.hedge != "vague"), ordered[0])
        b = next((c for c in reversed(ordered) if c.hedge != "vague"), ordered[-1])
        days = (day(b.as_of) or 0) - (day(a.as_of) or 0)
        grew = (best_value(b) or 0) - (best_value(a) or 0)
        return (f"{describe(a)}; {describe(b)}: the count grew by about {fmt(abs(grew))} in {days} days, "
                f"as a cumulative count does.")
    outlets = sorted({who(c) for c in claims})
    return (f"{len(claims)} figures from {', '.join(outlets)} ({', '.join(c.number_text for c in ordered[:4])}"
            f"{', ...' if len(ordered) > 4 else ''}) all overlap, so they agree.")


def series(claims: list[Claim]) -> list[dict[str, Any]]:
    """Return the count as reported over time: one point per as-of date, oldest first."""
    by_date: dict[str, list[Claim]] = {}
    for c in claims:
        by_date.setdefault(c.as_of or "", []).append(c)
    points = []
    for as_of in sorted(by_date):
        members = sorted(by_date[as_of], key=lambda c: (c.doc, c.start))
        lows = [c.low for c in members if c.low is not None]
        highs = [c.high for c in members if c.high is not None]
        bests = [b for b in (best_value(c) for c in members if c.hedge != "vague") if b is not None]
        points.append({"as_of": as_of or None, "low": min(lows) if lows else None,
                       "high": None if len(highs) < len(members) else max(highs),
                       "value": median(bests) if bests else None, "claims": [c.id for c in members],
                       "sources": sorted({c.source or who(c) for c in members})})
    return points


def place_name(key: str, gaz: Gazetteer) -> str:
    """Return a place key as an editor reads it ("turkey+syria": "Turkey and Syria")."""
    if not key:
        return "no place named"
    return " and ".join(gaz.names.get(p, p.title()) for p in key.split("+"))


@lru_cache(maxsize=65536)
def time_label(kind: str, when: int | None) -> str:
    """Return "count of the event of 27 Feb 2020", "running count since 1 Dec 2019" or "running count"."""
    when_text = short_date(date.fromordinal(when).isoformat()) if when else ""
    if kind == INCIDENT:
        return f"count of the event of {when_text}" if when_text else "count of one event"
    if kind == "period":
        return f"count for the days from {when_text}" if when_text else "count for a stretch of days"
    if kind == PROJECTION:
        return "a forecast of what the count may reach, not a count"
    if kind == INCREMENT:
        return "what was added to a count, not the count itself"
    return f"running count since {when_text}" if when_text else "running count"


def basis(q: Quantity, story_title: str, gaz: Gazetteer) -> dict[str, Any]:
    """Return why the claims of a quantity are one: story, population, place, incident or tally."""
    where = place_name(q.place, gaz)
    inherited = all(m.inherited for m in q.members)
    when = time_label(q.kind, q.date)
    text = (f"{story_title}: {q.population.replace(':', ' ')} {q.category} in {where}"
            f"{' (the place of the article, the figures name none)' if inherited and q.place else ''}, {when}.")
    return {"story": story_title, "population": q.population, "place": where, "time": when, "text": text}


def near_misses(quantities: list[Quantity], gaz: Gazetteer, limit: int = 5) -> dict[int, list[dict[str, str]]]:
    """For each quantity, the claims of the same story and category left out because one thing differs."""
    index: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for k, q in enumerate(quantities):
        for partial in _partials(q):
            index[partial].append(k)
    out: dict[int, list[dict[str, str]]] = {}
    for k, q in enumerate(quantities):
        found: list[dict[str, str]] = []
        taken = {k}
        for partial in _partials(q):
            for j in index[partial][:limit * 4]:
                if j not in taken and len(found) < limit:
                    taken.add(j)
                    other = quantities[j]
                    found.append({"claim": other.members[0].claim.id, "reason": _differs(q, other, gaz)})
        if found:
            out[k] = found
    return out


def _partials(q: Quantity) -> tuple[tuple[object, ...], ...]:
    """Return a quantity's key with one part left out (population, place, time), and whole (split in an article)."""
    story, cat, pop, place, kind, when = q.story, q.category, q.population, q.place, q.kind, q.date
    return ((story, cat, "pop", place, kind, when), (story, cat, pop, "place", kind, when),
            (story, cat, pop, place, "time"), (story, cat, pop, place, kind, when, "same"))


def _differs(q: Quantity, other: Quantity, gaz: Gazetteer) -> str:
    """Say in a few words what keeps another quantity apart from this one."""
    if other.population != q.population:
        return f"different population: {other.population.replace(':', ' ')}"
    if other.place != q.place:
        return f"different place: {place_name(other.place, gaz)}"
    if (other.kind, other.date) != (q.kind, q.date):
        return f"different count: {time_label(other.kind, other.date)}"
    theirs, ours = _statuses(other), _statuses(q)
    if theirs and theirs != ours:
        return f"different people: those {STATUS_NAMES.get(min(theirs), min(theirs))}"
    if {m.claim.doc for m in q.members} & {m.claim.doc for m in other.members}:
        return "the same article gives a different figure for this count"
    mine, its = _middle(q), _middle(other)
    if mine and its and max(mine, its) >= OUTLIER_FACTOR * min(mine, its):
        return "a figure ten times off this count's: a count of its own"
    return "nearer in size to figures an article gives apart from this count's"


def _middle(q: Quantity) -> float:
    values = [v for m in q.members if (v := best_value(m.claim))]
    return median(values) if values else 0.0


STATUS_NAMES = {"before": "displaced before the event", "evacuated": "evacuated", "sheltered": "in shelters or camps",
                "homeless": "left homeless"}


def _statuses(q: Quantity) -> set[str]:
    return {m.status for m in q.members if m.status}


def make_group(q: Quantity, settings: Settings, story_title: str, gaz: Gazetteer,
               misses: Iterable[dict[str, str]] = ()) -> Group:
    """Judge, summarise and explain one quantity."""
    if len(q.members) == 1:  # most quantities: the general path gives the same, with more list work
        c = q.members[0].claim
        return Group(id=stable_id("g", q.category, q.population, c.id), verdict="single", claims=(c.id,),
                     category=q.category, subject_key=q.population, place=q.place or None,
                     summary=summarise_one(c), explanation=f"Only {describe(c)}; no other outlet gives this figure.",
                     rule="verdict.single", story=q.story, basis=basis(q, story_title, gaz),
                     near_misses=tuple(misses))
    members = sorted((m.claim for m in q.members), key=lambda c: (c.as_of or "", c.doc, c.start))
    j = judge(members, settings)
    gid = stable_id("g", q.category, q.population, min(c.id for c in members))
    return Group(id=gid, verdict=j.verdict, claims=tuple(c.id for c in members), category=q.category,
                 subject_key=q.population, place=q.place or None, kind=j.kind, severity=j.severity,
                 summary=summarise(members, settings), explanation=explain(members, j), rule=j.rule, story=q.story,
                 basis=basis(q, story_title, gaz), near_misses=tuple(misses), series=tuple(series(members)))
