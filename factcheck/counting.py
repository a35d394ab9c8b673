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
PROJECTION = "projection"  # what a count may reach ("the toll could reach 20,000"): never compared with counts
INCREMENT = "increment"  # what was added to a count ("three additional deaths, bringing the total to 114")
APART = frozenset({PROJECTION, INCREMENT})  # kinds that are counts of their own, never one with a tally
WINDOW_RULES = ("time.last_n", "time.in_a_unit")  # "in the last 24 hours", "over the past three days", "in 24 hours"
PART_RULE = "time.window_part"  # a part of such a count ("out of which 21 died in Jamshoro"): its period


def counts_window(rules: tuple[str, ...]) -> bool:
    """Return True when a claim's rules say it counts the last hours or days, or is a part of such a count."""
    return any(r in WINDOW_RULES or r == PART_RULE for r in rules)

# A forecast in the figure's clause, before it: "could reach", "is expected to rise above", "may climb to".
_PROJECTION = re.compile(
    r"\b(?:could|may|might|can|would|will|likely\s+to|feared\s+to|set\s+to|projected\s+to|predicted\s+to|"
    r"forecast\s+to|expected\s+to|expect(?:s|ed|ing)?\s+(?:[\w'’-]+\s+){0,4}?to)\s+(?:\w+\s+){0,3}?"
    r"(?:reach|rise|climb|exceed|top|surpass|hit|increase|go\s+up|double|grow|soar|pass|jump)\w*\s+"
    r"(?:to\s+|above\s+|beyond\s+|past\s+|over\s+|as\s+high\s+as\s+|more\s+than\s+)?(?:\w+\s+){0,2}$", re.I)
# Added to a count: "three additional deaths", "12 new deaths", "two more deaths ..., bringing the total to 114".
_FIGURE = r"^(?:[\d.,]+|[a-z]+(?:[\s-][a-z]+)?)\s+"  # "3", "three", "twenty-one": the figure, then the word
_ADDED = re.compile(_FIGURE + r"(?:additional|new|further|more)\b", re.I)
_ADDED_FIRM = re.compile(_FIGURE + r"(?:additional|new|further)\s+(?:deaths?|fatalities|bodies|cases)\b", re.I)
# ("three additional victims sustained gunshot wounds" counts the wounded besides the dead, not an increment)
_ADDED_BEFORE = re.compile(r"\b(?:a|an)\s+(?:further|additional|extra)\s+$|\banother\s+$", re.I)
# Found since the last count: "nine other people were newly found dead", "12 were newly confirmed dead".
_NEWLY = re.compile(_FIGURE + r"(?:[\w'’-]+\s+){0,3}?(?:were|was|have\s+been|has\s+been|had\s+been)\s+newly\b", re.I)
# Sent on top of an earlier figure: "about 3,600 soldiers in addition to the initial 1,000", "500 more troops on top of
# the 2,000 already there": the figure is what was added, not the new total.
_IN_ADDITION = re.compile(r"(?:[^\d\s]+\s+){0,3}?[\d.,]+\s+(?:[\w'’-]+\s+){0,4}?(?:in\s+addition\s+to|on\s+top\s+of|"
                          r"besides)\s+(?:the\s+)?"
                          r"(?:initial|first|earlier|original|previous|existing|[\d.,]+\b)", re.I)
_TO_TOTAL = re.compile(r"\b(?:bringing|brings|brought|raising|raised|raises|taking|took|takes|pushing|pushed)\s+"
                       r"(?:the\s+)?(?:overall\s+|official\s+|death\s+)?(?:total|toll|tally|number|count)\b", re.I)

# The toll or total named in the figure's own clause, before it: "the death toll reached 577", "bringing the total to".
TOLL_BEFORE = re.compile(r"\b(?:toll|total|tally)\b(?:\s+[\w'’-]+){0,8}?\s+(?:to|at|of|reached|reaches|hit|hits|"
                         r"crossed|passed|topped|tops|stands\s+at|stood\s+at|is|was|rose\s+to|over|above)\s+"
                         r"(?:[\w-]+\s+){0,2}$", re.I)
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
    r"(?:missiles?|rockets?|drones?|shells?|bombs?)\s+(?:hit|struck|slammed|landed)|"
    r"stabbings?|bombardments?|car bomb|suicide bomb(?:er|ing)|massacre|clash(?:es)?|firefight|assault|"
    r"(?:on|last|early|late)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last night)['’]s|"
    r"(?:last|on|overnight|on the)\s+night|yesterday|overnight)\b", re.I)
# Kinds of event (rules/time.yaml `events`) whose tolls are running tallies: counted for days after the day itself.
DISASTER_KINDS = frozenset({"earthquake", "flood", "storm", "tsunami", "landslide", "wildfire"})
# Disasters, whose counts grow for days or weeks: told as tallies even when the verb and the day are an
# incident's ("the quake that struck on Friday killed at least 820").
_DISASTER = re.compile(
    r"\b(?:earthquakes?|quakes?|tremors?|aftershocks?|floods?|flooding|storms?|hurricanes?|cyclones?|typhoons?|"
    r"tsunami|wildfires?|droughts?|famine|epidemic|outbreak|pandemic|heatwave|landslides?|mudslides?|"
    r"eruption)\b", re.I)
# Campaigns: a figure for one is a running tally unless the clause names one strike or attack.
_LASTING_EVENT = re.compile(r"\b(?:offensive|war|conflict|fighting|crisis|campaign|displacement)\b", re.I)


# The moment a count stood at: "as of 2 p.m. on Sunday", "as at Tuesday evening".
_AS_OF = re.compile(r"\bas\s+(?:of|at)\s+(?:[\d:.]+\s*(?:a\.m\.|p\.m\.|am|pm|hrs)?\s*(?:local\s+time\s+)?(?:on\s+)?)?"
                    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass(frozen=True)
class CountKind:
    """The answer of classify(): the kind, the incident's date or the tally's start, and the rule."""

    kind: str | None
    date: str | None = None
    rule: str = ""


def classify(category: str, sentence: str, period_start: str | None, period_end: str | None, as_of: str | None,
             cumulative: bool, number_start: int = -1, since_event: bool = False,
             at_disaster: bool = False, window: bool = False) -> CountKind:
    """Return whether a figure counts one incident or a running tally (None when the text does not say).

    number_start is the figure's offset in the sentence, when known: cues are read in its clause.
    since_event says the period was opened at a dated event by extraction ("killed early Monday", reported
    on Thursday): that date is the incident's unless the text speaks of a toll. at_disaster says the period was
    opened at the disaster the article is about ("more than 2,200 injured", in an article on Monday's quake).
    window says the figure counts the last hours or days ("in the last 24 hours", or a part of such a count): what
    those hours added, a count of its period, whatever incident or toll its clause names.
    """
    if 0 <= number_start <= len(sentence) and category in ("killed", "injured", "displaced", "deployed"):
        found = _projection_or_increment(sentence, number_start)
        if found is not None:
            return found
    if category == "missing":  # the people not yet found: a stock that falls as they are, read like a tally
        return CountKind(TALLY, period_start, "count.missing")
    if category == "displaced":  # people flee over weeks: a displacement count is a running tally
        return CountKind(TALLY, period_start, "count.displacement")
    if category not in ("killed", "injured"):
        return CountKind(None)
    if window and period_start is not None and not cumulative:
        return CountKind(TALLY, period_start, "count.window")
    text = _AS_OF.sub(" ", _clause(sentence, number_start))  # "as of 2 p.m. on Sunday" dates the count, no incident
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


def of_disaster(sentence: str) -> bool:
    """Return True when a sentence speaks of a disaster (a quake, a flood, a storm), whose counts grow for weeks."""
    return bool(_DISASTER.search(sentence))


def _projection_or_increment(sentence: str, at: int) -> CountKind | None:
    """Return a forecast ("could reach 20,000") or an increment ("three additional deaths, bringing the total to
    114"), told by the words around the figure; None for a count."""
    if _PROJECTION.search(sentence[max(_clause_start(sentence, at), at - 120):at]):
        return CountKind(PROJECTION, None, "count.projection")
    after = sentence[at:at + 40]
    added = _ADDED_BEFORE.search(sentence[max(0, at - 20):at]) or _ADDED.match(after)
    if _ADDED_FIRM.match(after) or added and _TO_TOTAL.search(sentence):  # "another 329 injured": besides the dead
        return CountKind(INCREMENT, None, "count.increment")
    if _NEWLY.match(after):
        return CountKind(INCREMENT, None, "count.increment")  # "nine other people were newly found dead"
    if _IN_ADDITION.match(sentence, at, min(len(sentence), at + 80)):
        return CountKind(INCREMENT, None, "count.increment")  # "3,600 soldiers in addition to the initial 1,000"
    return None


_CLAUSE_BREAK = re.compile(r";|\s[-–—]\s|(?<!\.m)\.\s")  # not the stop of "2 p.m. on Sunday"


def _clause(sentence: str, at: int) -> str:
    """Return the part of the sentence between the breaks around offset at (the whole sentence when unknown)."""
    if at < 0 or at > len(sentence):
        return sentence
    after = _CLAUSE_BREAK.search(sentence, at)
    return sentence[_clause_start(sentence, at):after.start() if after else len(sentence)]


def _clause_start(sentence: str, at: int) -> int:
    """Return where the clause holding offset at begins: after the last break before it."""
    return max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, at)), default=0)
