"""Arithmetic the text asserts between claims (sums, subsets), and sub-areas within a wider count."""
from __future__ import annotations

import re
from collections import defaultdict

from factcheck.gazetteer import Gazetteer
from factcheck.models import Claim, Relation, stable_id
from factcheck.reconcile.grouping import Quantity
from factcheck.reconcile.settings import TARGET, TOTAL_CUE, Settings, day
from factcheck.reconcile.summaries import fmt
from factcheck.reconcile.verdicts import best, high_of, low_of


def _relation(kind: str, parts: list[Claim], total: Claim, settings: Settings, rule: str) -> Relation:
    lo = sum(low_of(p) if p.low is not None else (best(p) or 0) for p in parts)
    hi = sum(high_of(p) for p in parts)
    tol = settings.relation_tolerance * max(abs(best(total) or 0), 1)
    if kind == "sum":
        holds = lo - tol <= high_of(total) and hi + tol >= low_of(total)
        arith = " + ".join(p.number_text for p in parts) + f" = {fmt(lo) if lo == hi else fmt(lo) + '–' + fmt(hi)}"
        text = f"{arith}, against the stated total {total.number_text}: " + ("it adds up." if holds else
                                                                             "it does not add up.")
    else:
        holds = lo <= high_of(total) + tol
        text = (f"{parts[0].number_text} {parts[0].subject or ''} is part of {total.number_text} "
                f"{total.subject or ''}: " + ("the part fits within the whole." if holds else
                                              "the part is larger than the whole."))
    rid = stable_id("r", kind, sorted(p.id for p in parts), total.id)
    return Relation(rid, kind, tuple(p.id for p in parts), total.id, holds, re.sub(r"\s+", " ", text), rule)


def relations(claims: list[Claim], settings: Settings, gaz: Gazetteer) -> list[Relation]:
    """Find sums and subsets the text asserts, and check each."""
    out: list[Relation] = []
    by_id = {c.id: c for c in claims}
    for c in claims:
        if c.part_of and c.part_of in by_id:
            out.append(_relation("subset", [c], by_id[c.part_of], settings, "relation.among"))
    by_sentence: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.category in TARGET:
            by_sentence[(c.doc, c.sentence_start)].append(c)
    for group in by_sentence.values():
        out += _sums(group, settings)
    out += _sub_periods(claims, settings, gaz)
    return sorted(out, key=lambda r: r.id)


def _sums(sentence_claims: list[Claim], settings: Settings) -> list[Relation]:
    """In one sentence, a figure introduced as a total after two or more figures of its category is their sum."""
    out = []
    for total in sentence_claims:
        before = total.sentence[:total.start - total.sentence_start]
        cue = TOTAL_CUE.search(before[-80:])
        parts = [p for p in sentence_claims if p.start < total.start and p.category == total.category
                 and p.hedge != "vague" and p.part_of is None]
        if cue and len(parts) >= 2:
            out.append(_relation("sum", parts, total, settings, "relation.stated_total"))
    return out


def _sub_periods(claims: list[Claim], settings: Settings, gaz: Gazetteer) -> list[Relation]:
    """In one article, a count over a few recent days lies within a cumulative count to the same date."""
    out = []
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.category in TARGET and c.period_start:
            by_doc[c.doc].append(c)
    for doc_claims in by_doc.values():
        for part in doc_claims:
            if part.cumulative and "since" in (part.time or ""):
                continue
            wholes = [w for w in doc_claims if w is not part and w.category == part.category and
                      _same_subject(w, part) and
                      "since" in (w.time or "") and (day(w.period_start) or 0) < (day(part.period_start) or 0) and
                      abs((day(w.as_of) or 0) - (day(part.period_end) or 0)) <= settings.same_day_window and
                      gaz.related(w.place, part.place)]
            if wholes and part.period_start != part.period_end:
                out.append(_relation("subset", [part], wholes[0], settings, "relation.sub_period"))
    return out


def _same_subject(a: Claim, b: Claim) -> bool:
    """Return True when two subject keys (actor:kind) can name the same thing ("*" matches any actor)."""
    actor_a, _, kind_a = (a.subject_key or "*:").partition(":")
    actor_b, _, kind_b = (b.subject_key or "*:").partition(":")
    return kind_a == kind_b and (actor_a == actor_b or "*" in (actor_a, actor_b))


def sub_areas(quantities: list[Quantity], settings: Settings, gaz: Gazetteer) -> list[Relation]:
    """A count for a region lies within the count for the country around it, reported on the same day."""
    by_key: dict[tuple[object, ...], list[Quantity]] = defaultdict(list)
    for q in quantities:
        if q.place and "+" not in q.place:
            by_key[(q.story, q.category, q.population, q.kind, q.date)].append(q)
    out = []
    for found in by_key.values():
        at = {q.place: q for q in found}
        for inner in found:
            for place in gaz.chain(inner.place)[1:]:  # the wider places around it that have a count too
                outer = at.get(place)
                pair = _same_day(inner, outer) if outer is not None else None
                if pair:
                    out.append(_relation("subset", [pair[0]], pair[1], settings, "relation.sub_area"))
    return out


def _same_day(inner: Quantity, outer: Quantity) -> tuple[Claim, Claim] | None:
    """Return the latest figure of the region and the country's figure of that day (None when there is none)."""
    days = {m.claim.as_of: m.claim for m in sorted(outer.members, key=lambda m: m.claim.start)}
    for m in sorted(inner.members, key=lambda m: (m.claim.as_of or "", m.claim.start), reverse=True):
        whole = days.get(m.claim.as_of)
        if whole is not None and m.claim.hedge != "vague" and whole.hedge != "vague":
            return m.claim, whole
    return None
