"""What a local crime report says of its one incident: when it happened and on which streets.

Local outlets cover many shootings in one city in one week, each in a few short paragraphs that share the
city, the police and the vocabulary of the kind of crime; what tells two shootings apart is what a reporter
writes in the lead: the day and part of day ("late Saturday", "early Sunday", resolved against the publication
date), the clock time ("around 9:40 p.m.") and the street ("the 2800 block of Edmondson Avenue"). Story
clustering reads these to keep two incidents apart, and to join two outlets' reports of one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

LEAD_CHARS = 1200  # the lead and the next paragraphs say when and where
CLOCK_APART_MINUTES = 120  # two reports whose clock times are all further apart are two incidents
CLOCK_SAME_MINUTES = 45  # reports within this of each other speak of one moment
PINNED_SLOTS = 2  # a lead whose days leave at most this many half-days pins its incident down

_CRIME = re.compile(r"\b(?:shootings?|gunfire|gunshots?|gunm[ae]n|shooter|stabbings?|homicides?|slayings?|"
                    r"(?:was|were|been|being|found)\s+(?:fatally\s+)?(?:shot|stabbed)|shot\s+(?:to\s+death|dead)|"
                    r"shots?\s+(?:were\s+|was\s+)?fired|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                    r"people|persons|m[ae]n|wom[ae]n|teens?|boys?|girls?)\s+(?:\w+\s+)?(?:shot|stabbed))\b", re.I)
_POLICE = re.compile(r"\b(?:police|officers|deputies|sheriff(?:'s|’s)?|detectives|troopers|investigators|coroner|"
                     r"medical\s+examiner|suspects?|arrest(?:s|ed)?)\b", re.I)
_WEEKDAY = re.compile(r"\b(?P<before>(?:[A-Za-z]+\s+){0,2})(?P<day>monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday)(?:['’]s)?(?:\s+(?P<part>night|morning|evening|afternoon))?\b", re.I)
_NOT_INCIDENT = re.compile(r"\b(?:said|says|since|until|through|by|announced|told|identified|released)\s+"
                           r"(?:on\s+|late\s+|early\s+)?$", re.I)  # the reporting day, a period: not the incident
_MONTH_DAY = re.compile(r"\b(?P<month>january|february|march|april|may|june|july|august|september|october|november|"
                        r"december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)\s+"
                        r"(?P<day>[1-9]|[12]\d|3[01])\b(?!\s*(?:people|men|women|victims|-))"
                        r"(?:,\s*(?P<year>(?:19|20)\d\d))?", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CLOCK = re.compile(r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?|\b(?P<word>midnight|noon)\b",
                    re.I)
_STREET = re.compile(r"\b(?P<name>(?:[A-Z][A-Za-z]+|\d+(?:st|nd|rd|th))(?:\s+[A-Z][A-Za-z]+){0,2})\s+"
                     r"(?:Street|St\b\.?|Avenue|Ave\b\.?|Road|Rd\b\.?|Boulevard|Blvd\b\.?|Drive|Parkway|Pkwy\b\.?|"
                     r"Lane|Highway|Hwy\b\.?|Pike|Crossing|Court|Place|Terrace)(?![A-Za-z])")
_DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest the block of".split())
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
DAY, NIGHT = 0, 1  # halves of a day: the day, and the night that follows it (after dark until dawn)
DAWN = 6 * 60  # a clock time before this belongs to the night before


@dataclass(frozen=True)
class Incident:
    """When and where an article's incident happened, as far as its lead says."""

    slots: frozenset[tuple[int, int]]  # (day ordinal, DAY or NIGHT) the lead's days could be
    clock: frozenset[int]  # minutes after midnight of the times the lead gives
    streets: frozenset[str]  # the words of its street names, lower case, without directions
    crime: bool = True  # the lead tells of a shooting or stabbing and of police: a local crime report


def read_incident(title: str, text: str, published: date | None) -> Incident:
    """Return what an article's lead says of when and where, and whether it is a local crime report."""
    lead = f"{title}\n{text[:LEAD_CHARS]}"
    crime = bool(_CRIME.search(lead) and _POLICE.search(lead))
    clock = frozenset(_minutes(m) for m in _CLOCK.finditer(lead))
    small_hours = any(minute < DAWN for minute in clock)
    slots = frozenset(s for m in _WEEKDAY.finditer(lead) for s in _slots(m, lead, published, small_hours)) \
        | frozenset(s for m in _MONTH_DAY.finditer(lead) for s in _dated(m, published))
    streets = frozenset(w for m in _STREET.finditer(lead) for w in _street(m.group("name")))
    return Incident(slots, clock, streets, crime)


def _slots(m: re.Match[str], lead: str, published: date | None, small_hours: bool) -> list[tuple[int, int]]:
    """Return the half-days a weekday mention can mean: the night of a day runs to the next dawn, so "early
    Sunday" and "Sunday morning" are Saturday's night or Sunday's day, "Sunday night" is Sunday's night, "Sunday
    afternoon" Sunday's day, "Sunday" and "Sunday evening" Sunday's day or night ("12:10 a.m. Sunday" is
    Saturday's night too)."""
    if published is None or _NOT_INCIDENT.search(lead[:m.start("day")]):
        return []
    when = published - timedelta(days=(published.weekday() - WEEKDAYS[m.group("day").lower()]) % 7)
    eve, today = (when - timedelta(days=1)).toordinal(), when.toordinal()
    before, part = m.group("before").lower().split()[-1:], (m.group("part") or "").lower()
    if before == ["early"] and part in ("", "morning") or part == "morning":
        return [(eve, NIGHT), (today, DAY)]
    if before == ["late"] or part == "night":
        return [(today, NIGHT)]
    if part == "afternoon":
        return [(today, DAY)]
    return [(eve, NIGHT), (today, DAY), (today, NIGHT)] if small_hours and not part else [(today, DAY), (today, NIGHT)]


def _dated(m: re.Match[str], published: date | None) -> list[tuple[int, int]]:
    """Return the half-days of a written date ("June 14, 2025"; the year of publication when unsaid)."""
    month = m.group("month").lower()[:3]
    year = int(m.group("year")) if m.group("year") else published.year if published else None
    if year is None or month not in _MONTHS:
        return []
    try:
        when = date(year, _MONTHS.index(month) + 1, int(m.group("day")))
    except ValueError:
        return []
    return [((when - timedelta(days=1)).toordinal(), NIGHT), (when.toordinal(), DAY), (when.toordinal(), NIGHT)]


def _minutes(m: re.Match[str]) -> int:
    """Return a clock time as minutes after midnight."""
    if m.group("word"):
        return 0 if m.group("word").lower() == "midnight" else 720
    hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
    return hour * 60 + int(m.group("m") or 0)


def _street(name: str) -> list[str]:
    """Return the words of a street's name without directions ("North Milton" -> milton): "Overton Crossing
    Street" and "Overton Crossing" share a word, as two outlets' ways of naming one street do."""
    return [w for w in name.lower().split() if w not in _DIRECTIONS]


def _apart_in_minutes(a: int, b: int) -> int:
    gap = abs(a - b) % 1440
    return min(gap, 1440 - gap)


def different(a: Incident, b: Incident) -> bool:
    """Return True when two reports' leads say they are two incidents: no day in common, clock times hours
    apart, or each names its streets and none is shared."""
    if a.slots and b.slots and not a.slots & b.slots:
        return True
    if a.clock and b.clock and min(_apart_in_minutes(x, y) for x in a.clock for y in b.clock) > CLOCK_APART_MINUTES:
        return True
    return bool(a.streets and b.streets and not a.streets & b.streets)


def same(a: Incident, b: Incident) -> bool:
    """Return True when two reports of one town (not `different`) share the day and a street or a moment, or
    both pin the incident to the same part of one day ("late Friday" and "Friday night")."""
    if not (a.slots & b.slots):
        return False
    close = any(_apart_in_minutes(x, y) <= CLOCK_SAME_MINUTES for x in a.clock for y in b.clock)
    pinned = len(a.slots) <= PINNED_SLOTS and len(b.slots) <= PINNED_SLOTS
    return close or pinned or bool(a.streets & b.streets)


def published_date(text: str | None) -> date | None:
    """Return an ISO publication date as a date (None when absent or malformed)."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
