"""Totals the text leaves to the reader: figures of one kind given place by place, added up.

Situation reports and wire copy often give a count in parts, one per place, and no total:
"1,200 people were evacuated in Albay and 800 in Sorsogon", "In Kampot 14 houses were destroyed
..., while in Takeo 9 houses were destroyed", or a list of provinces each with its figure. An
editor compares such a text with another outlet's total, so the parts' sum is added as a derived
claim (rule `total.sum_of_parts`, its `number_text` the whole run of parts). Only displacement
and housing figures are added up, only when every part names a place of its own, no two parts
share one and all lie in one country (national counts are not added across a border), and never
when the article states the sum itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from factcheck.gazetteer import Gazetteer
from factcheck.models import Claim, stable_id

RULE = "total.sum_of_parts"
LINE_ITEM = 60  # a line this short that is a sentence by itself is an item of a list or a table
_NOT_PLACE_WORDS = ("january february march april may june july august september october november december "
           "monday tuesday wednesday thursday friday saturday sunday the a an")
_NOT_PLACES = frozenset(_NOT_PLACE_WORDS.split())  # "in March", "at the" name no place
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|do|da|of|and\s+[A-Z][\w'’.-]*))*"
_LOCATIVE = re.compile(r"\b(?:[Ii]n|[Aa]cross|[Aa]t|[Ff]rom|[Tt]o|[Ii]nto)\s+(?:the\s+)?(" + _NAME + ")")
_HEADING = re.compile(r"(?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|of|and|de|del))*")
_MORE_BEFORE = re.compile(r"\b(?:another|a further|further|an additional|additional)\s*$", re.I)
_MORE_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:others|more)\b", re.I)
_TOTAL_CUE = re.compile(r"\b(?:total|overall|in all|altogether|combined|bringing|brings|tally|sum)\b", re.I)


@dataclass(frozen=True)
class Block:
    """A stretch of text whose figures may be parts of one total: a sentence, or a list of short lines."""

    start: int
    end: int
    listed: bool = False


def add_totals(text: str, blocks: Iterable[Block], claims: list[Claim], verbs: dict[str, str],
               gaz: Gazetteer) -> list[Claim]:
    """Return the claims with the sum of each run of place-by-place parts added (verbs: claim id -> lemma)."""
    added: list[Claim] = []
    for block in blocks:
        inside = [c for c in claims if block.start <= c.start < block.end]
        if len(inside) < 2 or any(_TOTAL_CUE.search(c.sentence) for c in inside):
            continue
        for parts in _alike(inside, verbs):
            names = _own_places(text, block, inside, parts)
            total = _total(text, parts, names) if names and _apart(gaz, names) else None
            if total is not None and not _stated(total, claims):
                added.append(total)
        homes = _more_homes(text, block, inside)
        if homes and not _stated(homes, claims + added):
            added.append(homes)
    return sorted(claims + added, key=lambda c: (c.start, c.end)) if added else claims


def _alike(inside: list[Claim], verbs: dict[str, str]) -> list[list[Claim]]:
    """Group a block's displacement figures, and its housing figures by what befell the homes."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for c in inside:
        kind = (c.subject_key or "*:*").partition(":")[2]
        if c.hedge == "vague" or c.part_of is not None or c.value is None:
            continue
        if c.category == "displaced" and kind in ("people", "*"):
            groups.setdefault(("displaced", ""), []).append(c)
        elif c.category == "other" and kind == "homes":
            groups.setdefault(("homes", verbs.get(c.id, "")), []).append(c)
    return [g for g in groups.values() if len(g) >= 2]


def _more_homes(text: str, block: Block, inside: list[Claim]) -> Claim | None:
    """Return the homes hit in all, when a sentence adds "others" to a first figure ("unroofed 45 homes, flattened 15
    others", "destroyed 1,240 homes and damaged another 3,800")."""
    if block.listed:
        return None
    homes = [c for c in inside if c.category == "other" and (c.subject_key or "").endswith(":homes")
             and c.hedge != "vague" and c.value is not None]
    if len(homes) < 2 or not all(_MORE_BEFORE.search(text[max(0, c.start - 16):c.start]) or
                                 _MORE_AFTER.match(text[c.end:c.end + 24]) for c in homes[1:]):
        return None
    return replace(_total(text, homes, [c.location or "" for c in homes]), location=homes[0].location,
                   place=homes[0].place)


def _own_places(text: str, block: Block, inside: list[Claim], parts: list[Claim]) -> list[str] | None:
    """Return the place each part names in its own stretch of text, or None when one names none or shares one."""
    bounds = [block.start]
    for a, b in zip(inside, inside[1:]):
        cut = _cut(text[a.end:b.start])
        if cut is None:
            return None
        bounds.append(a.end + cut)
    bounds.append(block.end)
    names: list[str] = []
    seen: set[str] = set()
    for c in parts:
        k = inside.index(c)
        found = _places(text[bounds[k]:c.start], block.listed) + _places(text[c.end:bounds[k + 1]], False)
        keys = {n.lower() for n in found}
        if not found or keys & seen:
            return None
        seen |= keys
        names.append(" and ".join(dict.fromkeys(found)))
    return names


def _apart(gaz: Gazetteer, names: list[str]) -> bool:
    """Return True when the parts' places lie in one country and none in another ("Sindh" and "Dadu" are a
    whole and its part, not two parts); places the gazetteer does not know are taken as apart."""
    keys = [{h.key for h in gaz.find(n)} for n in names]
    countries = {gaz.country(k) for ks in keys for k in ks}
    nested = any(gaz.related(a, b) for i, ks in enumerate(keys) for other in keys[i + 1:] for a in ks for b in other)
    return len(countries - {None}) <= 1 and not nested


def _cut(gap: str) -> int | None:
    """Return where the text between two figures passes from the first to the second (None: no break)."""
    for sep in ("\n", ";", " while ", " whereas ", " but "):
        if sep in gap:
            return gap.index(sep)
    for sep in (" and ", ","):
        if sep in gap:
            return gap.rindex(sep)
    return None


def _places(stretch: str, headings: bool) -> list[str]:
    """Return the places a stretch names: "in Albay", "across the Visayas", or a list's heading line."""
    found = [m.group(1).rstrip(".") for m in _LOCATIVE.finditer(stretch)
             if m.group(1).split()[0].lower() not in _NOT_PLACES]
    if headings:
        found += [ln.strip() for ln in stretch.split("\n")[:-1] if _HEADING.fullmatch(ln.strip())
                  and ln.strip().split()[0].lower() not in _NOT_PLACES and len(ln.split()) <= 5]
    return found


def _total(text: str, parts: list[Claim], names: list[str]) -> Claim:
    """Return the derived claim for the sum of the parts."""
    first, last = parts[0], parts[-1]
    lows, highs = [p.low for p in parts], [p.high for p in parts]
    low = None if None in lows else sum(x for x in lows if x is not None)
    high = None if None in highs else sum(x for x in highs if x is not None)
    hedges = {p.hedge for p in parts}
    hedge = hedges.pop() if len(hedges) == 1 else _hedge(low, high, hedges)
    phrase = text[first.start:last.end]
    sentence = text[first.sentence_start:max(last.end, first.sentence_start + len(first.sentence))]
    places = [p.place for p in parts]
    place = "+".join(sorted(set(x for x in places if x))) if None not in places and len(set(places)) == len(places) \
        else None
    sources = {p.source for p in parts}
    return replace(first, id=stable_id("c", first.doc, sentence, phrase, "total"), number_text=phrase, quote=phrase,
                   value=sum(p.value or 0 for p in parts), low=low, high=high, hedge=hedge, end=last.end,
                   location=" and ".join(names), place=place, source=first.source if len(sources) == 1 else None,
                   source_key=first.source_key if len(sources) == 1 else None,
                   sentence=sentence,
                   rules=tuple(r for r in first.rules if not r.startswith("place.")) + ("place.parts", RULE))


def _hedge(low: float | None, high: float | None, hedges: set[str]) -> str:
    """Return the hedge of a sum of figures hedged differently."""
    if high is None:
        return "more_than" if "more_than" in hedges else "at_least"
    if low is None:
        return "almost" if hedges <= {"almost", "exact"} else "up_to"
    return "about" if "about" in hedges else "range"


def _stated(total: Claim, claims: list[Claim]) -> bool:
    """Return True when the article gives the sum itself (within half a percent)."""
    return any(c.category == total.category and c.value is not None and
               abs(c.value - (total.value or 0)) <= 0.005 * max(total.value or 0, 1) for c in claims)
