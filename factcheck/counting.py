"""What a figure counts in time: one incident (a strike, a shooting) or a running tally (a death toll).

Reporters write the two differently. A running tally names a toll, a total or a start ("the death toll rose
to 2,012", "since 1 December", "so far", "bringing the total to"); an incident names the event and, most
often, its day ("killed in an airstrike on Thursday", "a shooting on Elm Street left two dead"). Disasters
("the earthquake killed", "the floods displaced") are told as running tallies: their counts grow for weeks.
No spaCy here: extraction and reconciliation both call classify() on a claim's text and time fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TALLY = "tally"
INCIDENT = "incident"

_TALLY_CUE = re.compile(
    r"\b(?:(?:death|casualty|injury|overall|official|final|confirmed|total)\s+(?:toll|count|tally)|toll|"
    r"tally|so far|to date|in total|cumulative|total(?:led|ing)?|bringing|brings|brought|"
    r"(?:has|have|had)\s+(?:now\s+)?(?:risen|climbed|grown|increased|surpassed|exceeded|reached|passed|topped|"
    r"jumped|soared)|(?:rose|climbed|jumped|increased|soared|grew)\s+to|now stands|stands at|since)\b", re.I)
# "In all", "altogether" sum a group ("The injured, 19 in all, are being treated"), of one incident as often as
# of a running count: they are no tally cue by themselves.
_INCIDENT_CUE = re.compile(
    r"\b(?:(?:air|drone|missile|rocket|artillery)?\s?strikes?|airstrikes?|attacks?|ambush(?:ed)?|bombings?|"
    r"bombed|blasts?|explosions?|shelling|shelled|raids?|crash(?:ed)?|shootings?|gunfire|opened fire|"
    r"stabbings?|bombardments?|car bomb|suicide bomb(?:er|ing)|massacre|clash(?:es)?|firefight|assault|"
    r"(?:on|last|early|late)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last night)['’]s|"
    r"(?:last|on|overnight|on the)\s+night|yesterday|overnight)\b", re.I)
# Disasters, whose counts grow for days or weeks: told as tallies even when the verb and the day are an
# incident's ("the quake that struck on Friday killed at least 820").
# Kinds of event (rules/time.yaml `events`) whose tolls are running tallies: counted for days after the day itself.
DISASTER_KINDS = frozenset({"earthquake", "flood", "storm", "tsunami", "landslide", "wildfire"})
_DISASTER = re.compile(
    r"\b(?:earthquakes?|quakes?|tremors?|aftershocks?|floods?|flooding|storms?|hurricanes?|cyclones?|typhoons?|"
    r"tsunami|wildfires?|droughts?|famine|epidemic|outbreak|pandemic|heatwave|landslides?|mudslides?|"
    r"eruption)\b", re.I)
# Campaigns: a figure for one is a running tally unless the clause names one strike or attack.
_LASTING_EVENT = re.compile(r"\b(?:offensive|war|conflict|fighting|crisis|campaign|displacement)\b", re.I)


@dataclass(frozen=True)
class CountKind:
    """The answer of classify(): the kind, the incident's date or the tally's start, and the rule."""

    kind: str | None
    date: str | None = None
    rule: str = ""


def classify(category: str, sentence: str, period_start: str | None, period_end: str | None, as_of: str | None,
             cumulative: bool, number_start: int = -1, since_event: bool = False,
             at_disaster: bool = False) -> CountKind:
    """Return whether a figure counts one incident or a running tally (None when the text does not say).

    number_start is the figure's offset in the sentence, when known: cues are read in its clause.
    since_event says the period was opened at a dated event by extraction ("killed early Monday", reported
    on Thursday): that date is the incident's unless the text speaks of a toll. at_disaster says the period was
    opened at the disaster the article is about ("more than 2,200 injured", in an article on Monday's quake).
    """
    if category == "displaced":  # people flee over weeks: a displacement count is a running tally
        return CountKind(TALLY, period_start, "count.displacement")
    if category not in ("killed", "injured"):
        return CountKind(None)
    text = _clause(sentence, number_start)
    one_day = period_start is not None and (period_start == period_end or since_event)
    if _TALLY_CUE.search(text):
        return CountKind(TALLY, period_start, "count.tally")
    if _DISASTER.search(text):
        return CountKind(TALLY, period_start, "count.disaster")
    if at_disaster:
        return CountKind(TALLY, period_start, "count.disaster_event")
    if _INCIDENT_CUE.search(text):
        return CountKind(INCIDENT, period_start if one_day else None, "count.incident")
    if _LASTING_EVENT.search(text):
        return CountKind(TALLY, period_start, "count.lasting_event")
    if one_day:
        return CountKind(INCIDENT, period_start, "count.dated_day")
    if cumulative or period_start is not None:
        return CountKind(TALLY, period_start, "count.period")
    return CountKind(None)


_CLAUSE_BREAK = re.compile(r";|\s[-–—]\s|\.\s")


def _clause(sentence: str, at: int) -> str:
    """Return the part of the sentence between the breaks around offset at (the whole sentence when unknown)."""
    if at < 0 or at > len(sentence):
        return sentence
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, at)), default=0)
    after = _CLAUSE_BREAK.search(sentence, at)
    return sentence[start:after.start() if after else len(sentence)]
