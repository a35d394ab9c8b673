"""Breakdowns: a total given place by place after it ("Of these, 69 were in Wajima, 38 in Suzu City, nine in
Anamizu", "This number includes 91 in Suzu, 83 in Wajima", "Of the deaths, 81 had been confirmed in Wajima City",
"Deaths are highest in Wajima (48) and Suzu (23)").

Each item counts what its total counts (the dead, the injured) in one town, whether or not the gazetteer knows the
town. Read on the claim's sentence text; no spaCy here.
"""
from __future__ import annotations

import re

_NOT_NAMES = (r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
              r"July|August|September|October|November|December)\b)")
_NAME = _NOT_NAMES + r"(?P<name>[A-Z][\w-]*(?:[\s-][A-Z][\w-]*)?)(?!['’]s\b)"
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
_CUE = re.compile(r"\b(?:of\s+(?:these|them|those|this|the\s+(?:[\d,]+\s+)?(?P<noun>deaths|dead|fatalities|victims|"
                  r"bodies|injured|wounded|injuries|evacuees|displaced|missing|total|toll))|"
                  r"this\s+(?:number|figure|total|toll|tally)\s+includes?|these\s+include|"
                  r"(?P<noun2>deaths|fatalities|injuries|casualties)\s+(?:are|were)"
                  r"\s+(?:highest|most\s+numerous)|there\s+were)\b", re.I)
_NOUNS = {"deaths": "killed", "dead": "killed", "fatalities": "killed", "victims": "killed", "bodies": "killed",
          "injured": "injured", "wounded": "injured", "injuries": "injured", "evacuees": "displaced",
          "displaced": "displaced", "missing": "missing"}
_SUFFIX = re.compile(r"[\s-]+(?:City|Town|Village|Prefecture)$")
# The items of a list: a figure and its town ("38 in Suzu City", "nine in Anamizu"), or a town and its figure in
# brackets ("Suzu (23)").
_FIGURE = (r"(?:\d[\d,]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
           r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)")
_ITEMS = re.compile((r"\b" + _FIGURE + _ITEM_AFTER.pattern + r"|" + _NAME + r"\s*\(\s*\d").replace("?P<name>", ""))


def item_area(sentence: str, start: int, end: int) -> str | None:
    """Return the town an item of a breakdown names ("Wajima" for "69 were in Wajima" in a list of towns), else
    None: a figure of one place among several in its sentence."""
    if "in " not in sentence and "(" not in sentence:
        return None  # one cheap look decides for most figures
    m = _ITEM_AFTER.match(sentence, end) or (_ITEM_BRACKET.search(sentence, 0, start) if
                                             sentence[end:end + 3].lstrip().startswith(")") else None)
    if m is None or (len(_ITEMS.findall(sentence)) < 2 and breakdown_category(sentence, start) is None
                     and " each " not in m.group(0)):
        return None  # one figure of one place, in no breakdown: "60 people were killed in Tillaberi"; but "at least
        # 70 people each in the cities of Wajima and Suzu" is a figure of each town
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
