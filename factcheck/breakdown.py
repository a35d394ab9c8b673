"""Breakdowns: a total given place by place after it ("Of these, 69 were in Wajima, 38 in Suzu City, nine in
Anamizu", "This number includes 91 in Suzu, 83 in Wajima", "Of the deaths, 81 had been confirmed in Wajima City",
"Deaths are highest in Wajima (48) and Suzu (23)").

Each item counts what its total counts (the dead, the injured) in one town, whether or not the gazetteer knows the
town. Read on the claim's sentence text; no spaCy here.
"""
from __future__ import annotations

import re

_NAME = r"(?P<name>[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)?)"
_UNIT = r"(?:city|cities|town|towns|village|villages|prefecture|municipality|district|province)"
# After an item's figure: "69 were in Wajima", "81 had been confirmed in Wajima City", "39 cases in Wajima City",
# "two each in the towns of Shika and Noto", "11 people died in the town of Anamizu".
_ITEM_AFTER = re.compile(
    r"\s+(?:(?:people|persons|cases?|deaths?|dead|victims|fatalities|injured)\s+)?"
    r"(?:(?:were|was|had\s+been|have\s+been|has\s+been|are|is)\s+)?(?:(?:confirmed|reported|recorded|registered|"
    r"killed|dead|died|injured|found)\s+)?(?:each\s+)?in\s+(?:the\s+(?:[\w-]+\s+)?" + _UNIT + r"\s+of\s+)?" + _NAME)
# Before an item's figure, in brackets: "Wajima (48)", "Nanao (5)".
_ITEM_BRACKET = re.compile(_NAME + r"\s*\(\s*$")
# What introduces the breakdown of a total, and the noun that says what is counted when it is written.
_CUE = re.compile(r"\b(?:of\s+(?:these|them|those|this|the\s+(?:[\d,]+\s+)?(?P<noun>[a-z]+))|this\s+(?:number|figure|total|"
                  r"toll|tally)\s+includes?|these\s+include|(?P<noun2>deaths|fatalities|injuries|casualties)\s+(?:are|were)"
                  r"\s+(?:highest|most\s+numerous)|there\s+were)\b", re.I)
_NOUNS = {"deaths": "killed", "dead": "killed", "fatalities": "killed", "victims": "killed", "bodies": "killed",
          "injured": "injured", "wounded": "injured", "injuries": "injured", "evacuees": "displaced",
          "displaced": "displaced", "missing": "missing"}
_SUFFIX = re.compile(r"[\s-]+(?:City|Town|Village|Prefecture)$")
_PLACES = re.compile(r"\bin\s+(?:the\s+(?:[\w-]+\s+)?" + _UNIT + r"\s+of\s+)?[A-Z]|[A-Z][\w'’-]+\s*\(\s*\d")


def item_area(sentence: str, start: int, end: int) -> str | None:
    """Return the town an item of a breakdown names ("Wajima" for "69 were in Wajima" in a list of towns), else
    None: a figure of one place among several in its sentence."""
    if "in " not in sentence and "(" not in sentence:
        return None  # one cheap look decides for most figures
    m = _ITEM_AFTER.match(sentence, end) or (_ITEM_BRACKET.search(sentence, 0, start) if
                                             sentence[end:end + 3].lstrip().startswith(")") else None)
    if m is None or len(_PLACES.findall(sentence)) < 2:
        return None
    return _SUFFIX.sub("", m.group("name"))


def breakdown_category(sentence: str, start: int) -> str | None:
    """Return the category the cue of a breakdown names before the figure ("Of the deaths, 81 ..." -> killed),
    "" when the cue names none ("Of these, 69 were in Wajima": the category of the total before it), None when the
    figure is no item of a breakdown."""
    cue = None
    for cue in _CUE.finditer(sentence, 0, start):
        pass
    if cue is None:
        return None
    noun = (cue.group("noun") or cue.group("noun2") or "").lower()
    return _NOUNS.get(noun, "")
