"""What makes two claims the same quantity: who is counted, where, and which incident or running tally.

Each claim gets an Identity: its population (people, civilians, children, Turkish soldiers...), its place
(its own, else its article's, else its story's: never "any place"), and its time (one incident and its day, or
a running tally and its start). Grouping compares these, never the raw text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from factcheck.counting import INCIDENT, TALLY, TOLL_BEFORE, classify, counts_window
from factcheck.gazetteer import Gazetteer
from factcheck.models import Claim
from factcheck.breakdown import item_area
from factcheck.reconcile.settings import day

# Kinds of subject key that count people in general: "deaths", "lives", "victims", "the toll", an unsaid noun.
# A subject key whose kind is not one of the distinct populations below counts people.
DISTINCT = {
    "children": "children", "women": "women", "families": "families", "homes": "homes", "troops": "troops",
    "equipment": "equipment", "munitions": "munitions", "health_workers": "health workers",
    "journalists": "journalists",
}
# Counted nouns that name a population apart from people in general, for casualties only: "12 civilians
# killed" is not the same count as "40 people killed" (combatants); the displaced are civilians anyway.
CASUALTY_WORDS = {"civilian": "civilians", "refugee": "refugees", "migrant": "migrants", "fighter": "fighters",
                  "militant": "fighters", "rebel": "fighters", "attacker": "fighters", "assailant": "fighters",
                  "terrorist": "fighters", "insurgent": "fighters", "gunm": "fighters", "police": "police",
                  "policeman": "police", "policemen": "police", "officer": "police", "worker": "workers", "volunteer": "workers",
                  "journalist": "journalists", "student": "children", "pupil": "children"}
DISPLACED_WORDS = {"refugee": "refugees", "famil": "families", "household": "families", "returnee": "returnees"}


# What became of the displaced a figure counts, read in its own clause. Reporters use "displaced", "fled" and
# "forced from their homes" for one count, so those say nothing (""); but people evacuated, people in shelters,
# people left homeless and people already displaced before the story's event are counts apart.
_SITES = r"(?:shelters?|camps?|hotels?|tents?|dormitor(?:y|ies)|(?:evacuation|relief|collective)\s+cent(?:re|er)s?)"
STATUS_WORDS = (
    ("before", re.compile(r"\balready\s+(?:been\s+)?(?:displaced|homeless|uprooted)\b|\b(?:before|prior\s+to)\s+the\s+"
                          r"(?:\w+\s+)?(?:earthquakes?|quakes?|disaster|floods?|storm|cyclone|hurricane|typhoon|war|"
                          r"offensive|fighting)\b", re.I)),
    ("evacuated", re.compile(r"\b(?:been|were|was|are|be|being)\s+(?:\w+\s+)?evacuated\b|\bevacuees\b", re.I)),
    ("homeless", re.compile(r"\b(?:left|made|rendered|become|became|are|were)\s+(?:\w+\s+)?homeless\b|"
                            r"^\W*(?:(?:people|residents|persons|families)\s+)?homeless\b", re.I)),
    ("sheltered", re.compile(r"\b(?:sheltering|sheltered|housed|accommodated|staying|living|lodged|moved|"
                             r"(?:taken|took|taking)\s+refuge|remain(?:ed|ing|s)?)\s+(?:\w+\s+){0,3}?(?:in|at|into|to)\s+"
                             r"(?:[\w-]+\s+){0,4}?" + _SITES + r"\b|^\W*(?:\w+\s+){0,2}(?:are\s+|were\s+)?(?:now\s+)?in\s+"
                             r"(?:[\w-]+\s+){0,3}?" + _SITES + r"\b", re.I)),
)
_STATUS_HINTS = ("already", "before", "prior", "vacu", "homeless", "shelter", "camp", "hotel", "tent", "dormitor",
                 "centre", "center", "refuge")
CLAUSE_END = re.compile(r"[;.]|,\s+(?:while|and|but|as|according|officials|authorities|the)\b|\s+(?:and|while)\s+"
                        r"(?:some\s+|about\s+|another\s+|more\s+than\s+)?\d", re.I)


def status(c: Claim) -> str:
    """Return what became of the displaced a figure counts: "evacuated", "sheltered", "homeless", "before" (displaced
    before the story's event), or "" when its clause does not say ("displaced", "fled")."""
    if c.category != "displaced" or not c.sentence:
        return ""
    at = max(0, c.end - c.sentence_start)
    rest = c.sentence[at:at + 120]
    before = c.sentence[max(0, c.start - c.sentence_start - 40):max(0, c.start - c.sentence_start)]
    low = rest.lower()
    if not any(hint in low for hint in _STATUS_HINTS) and "evacuat" not in before and "homeless" not in before:
        return ""  # most clauses name none of these: one cheap look decides
    end = CLAUSE_END.search(rest)
    clause = rest[:end.start()] if end else rest
    found = next((name for name, pattern in STATUS_WORDS if pattern.search(clause)), "")
    if not found and _DONE_BEFORE.search(before):
        return "evacuated"  # "rescuers have evacuated 179,281 people"
    return found


# The figure is the object of an evacuation: "have evacuated 179,281 people", "evacuating some 5,000 residents".
_DONE_BEFORE = re.compile(r"\bevacuat(?:ed|ing|e)\s+(?:\w+\s+){0,2}$", re.I)


_MEN = re.compile(r"\b(?:men|boys|girls)\b")
_BREAKDOWN = re.compile(r"\b(?:women|children|woman|child)\b", re.I)
UNSAID = "*"  # the population of a figure whose counted noun is not written ("a strike kills 33")


def population(c: Claim) -> str:
    """Return who a claim counts: "people", "civilians", "children", "turkey:troops", "russia:people"..."""
    actor, _, kind = (c.subject_key or "*:").partition(":")
    part = _part(c) or _unknown_area(c) or _listed_area(c)
    if kind == UNSAID:
        return f"people {part}" if part else UNSAID
    actor = actor or "*"
    words = (c.subject or "").lower()
    pop = DISTINCT.get(kind, "people")
    if pop in ("children", "women") and _toll_level(c):
        pop = "people"  # "22 people, including six children, died, pushing the death toll over 1,500"
    if pop == "people":
        table = DISPLACED_WORDS if c.category == "displaced" else CASUALTY_WORDS
        pop = next((name for stem, name in table.items() if stem in words), "people")
        if pop == "people" and c.category != "displaced" and (m := _MEN.search(words)) \
                and _BREAKDOWN.search(c.sentence):  # "15 children, 14 men and six women"; not "two men died"
            pop = "men" if m.group(0) == "men" else "children"
    pop = f"{pop} {part}" if part else pop
    return pop if actor == "*" else f"{actor}:{pop}"


def _toll_level(c: Claim) -> bool:
    """Return True for a figure the text gives as the toll's level, with no counted noun of its own ("the death
    toll over 1,500"): it counts the toll's population, not the part of it a clause before names."""
    at = c.start - c.sentence_start
    if c.quote != c.number_text or at <= 0 or "t" not in c.sentence[max(0, at - 60):at]:
        return False
    return bool(TOLL_BEFORE.search(c.sentence, max(0, at - 80), at + len(c.number_text) - len(c.number_text.split()[-1])))


# Deaths counted apart from the toll: Japan's "disaster-related deaths" (health that failed in shelters), "indirect"
# deaths, "causes unrelated to the floods".
INDIRECT = re.compile(r"\b(?:disaster[-\s]related|indirect(?:ly)?|unrelated\s+to|health\s+(?:had\s+)?deteriorat\w*|"
                      r"(?:stress|fatigue)\s+of\s+(?:the\s+)?(?:evacuation|shelter\s+life|living\s+in))", re.I)
# Parts of a toll the clause after the figure names: "74 of the dead have been identified", "2,854 have been
# buried", "1,404 others are in serious condition". Each is a count of its own, not a point of the toll.
# Bodies by what became of them ("101 bodies are still unidentified", "209 bodies have been delivered to their
# families", "100 bodies arrived at AIIMS"), the wounded sent home ("793 were discharged") and deaths the
# authorities count apart from the toll (Japan's "disaster-related deaths", "died from causes unrelated to the
# floods") are counts of their own too.
PART_WORDS = {
    "killed": (("unidentified", re.compile(r"^[^.;\d]{0,40}\b(?:unidentified|unclaimed|(?:yet|still)\s+to\s+be\s+"
                                           r"(?:identified|claimed)|not\s+(?:yet\s+)?(?:been\s+)?"
                                           r"(?:identified|claimed))\b", re.I)),
               ("identified", re.compile(r"^[^.;\d]{0,40}(?:\bof\s+[\d,]+[^.;\d]{0,40})?\b(?:been|were|was|are|is)\s+"
                                         r"(?:\w+\s+)?identified\b", re.I)),
               ("buried", re.compile(r"^[^.;\d]{0,40}\b(?:been|were|was|are)\s+(?:\w+\s+)?buried\b", re.I)),
               ("handed over", re.compile(r"^[^.;\d]{0,50}\b(?:handed\s+over|(?:delivered|released|returned|given|"
                                          r"handed)\s+(?:\w+\s+){0,2}?to\s+(?:their\s+|the\s+)?(?:families|relatives|"
                                          r"kin|next\s+of\s+kin|loved\s+ones))\b", re.I)),
               ("bodies moved", re.compile(r"^\s*(?:dead\s+)?(?:bodies|corpses)\s+(?:[^\W\d]+\s+){0,3}?(?:arrived|shifted|"
                                           r"moved|transported|preserved|kept|stored|sent|airlifted|flown)\b", re.I)),
               ("indirect deaths", INDIRECT)),
    "injured": (("in serious condition", re.compile(r"^[^.;\d]{0,40}\b(?:serious(?:ly)?|critical(?:ly)?|grave|"
                                                    r"grievous(?:ly)?|severe(?:ly)?|intensive\s+care|life-threatening)\b",
                                                    re.I)),
                ("discharged", re.compile(r"^[^.;\d]{0,40}\b(?:discharged|released\s+from\s+(?:the\s+)?hospitals?|"
                                          r"sent\s+home)\b", re.I)),
                ("under treatment", re.compile(r"^[^.;,\d]{0,30}\b(?:still\s+(?:being\s+treated|in\s+(?:the\s+)?hospitals?|"
                                               r"hospitali[sz]ed|admitted|under\s+treatment|undergoing)|undergoing\s+"
                                               r"treatment|under\s+treatment|currently\s+(?:being\s+treated|in\s+"
                                               r"(?:the\s+)?hospitals?))\b", re.I))),
}


_ALONE = re.compile(r"\bin\s+(?:the\s+)?(?:(?:city|town|province|region|district|village|area)\s+of\s+)?"
                    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+alone\b")
_OWN_PLACE = ("place.named", "place.joined", "place.region", "place.host")


def _listed_area(c: Claim) -> str | None:
    """Return "in Wajima" for an item of a breakdown by town whose town is not the claim's place ("Of these, 69 were
    in Wajima, 38 in Suzu City, ..."): a part of the total, and the same town's part in another article's list."""
    area = item_area(c.sentence, c.start - c.sentence_start, c.end - c.sentence_start)
    if area is None or (c.place and area.lower() in c.place):
        return None
    return f"in {area}"


def _unknown_area(c: Claim) -> str | None:
    """Return "in Derna alone" for a figure of one area the gazetteer does not know, beside the whole of its
    article's place: a part, never a point of the whole's count."""
    at = c.start - c.sentence_start
    if at < 0 or " alone" not in c.sentence or any(r in _OWN_PLACE for r in c.rules):
        return None
    m = _ALONE.search(c.sentence, max(0, at - 60), min(len(c.sentence), c.end - c.sentence_start + 60))
    return f"in {m.group('name')} alone" if m else None


_PART_HINTS = {"killed": ("identified", "buried", "claimed", "hand", "deliver", "releas", "return", "given", "bodies",
                          "corpses", "related", "indirect", "deteriorat", "stress", "fatigue"),
               "injured": ("serious", "critical", "grave", "grievous", "severe", "intensive", "life-threatening", "discharged",
                           "released", "home", "treat", "hospital", "admitted")}


def part(c: Claim) -> str | None:
    """Return the part of a toll or of the wounded a figure counts ("unidentified", "discharged"), else None."""
    return _part(c)


def _part(c: Claim) -> str | None:
    hints = _PART_HINTS.get(c.category)
    if not hints:
        return None
    after = _clause_after(c)
    low = after.lower()
    if not any(h in low for h in hints):
        return None  # one cheap look decides for most figures
    if c.category == "killed" and INDIRECT.search(c.sentence[max(0, c.start - c.sentence_start - 40):c.start -
                                                             c.sentence_start] + " " + after):
        return "indirect deaths"  # "six people had been classified as disaster-related fatalities"
    return next((name for name, pattern in PART_WORDS[c.category] if pattern.search(after)), None)


def _clause_after(c: Claim) -> str:
    at = max(0, c.end - c.sentence_start)
    return c.sentence[at:at + 80]


@dataclass(slots=True)
class Identity:
    """The facts grouping compares, computed once per claim."""

    claim: Claim
    story: str
    population: str
    place: str  # the claim's place, else its article's, else its story's ("" when none is known)
    inherited: bool  # the place came from the article or the story
    kind: str  # "tally" or "incident" ("tally" when the text does not say: the running count of the story)
    date: int | None  # the incident's day, or the tally's start
    said: bool  # the claim says which (kind came from its own text)
    as_of: int | None
    status: str = ""  # for the displaced: evacuated, sheltered, homeless, before, or "" (unsaid)


def count_kind(c: Claim) -> tuple[str | None, str | None]:
    """Return the claim's count kind and its date (the incident's day or the tally's start).

    Extraction fills count_kind; for claims built elsewhere (the API, an older cache) it is read from the text.
    """
    if c.count_kind is not None:
        return c.count_kind, c.incident_date if c.count_kind == INCIDENT else c.period_start
    found = classify(c.category, c.sentence, c.period_start, c.period_end, c.as_of, c.cumulative,
                     c.start - c.sentence_start, "time.cumulative_since_event" in c.rules, window=counts_window(c.rules))
    return found.kind, found.date


def identify(c: Claim, story: str, fallback_place: str) -> Identity:
    """Return the identity of one claim in its story; fallback_place is its article's or story's place."""
    kind, when = count_kind(c)
    if kind == TALLY and when and c.as_of and when[:10] == c.as_of[:10] and c.category in ("killed", "injured") \
            and c.published and c.as_of[:10] == c.published[:10]:
        when = None  # "today the final death toll is 288": a toll given on its reporting day starts no count
    return Identity(c, story, population(c), c.place or fallback_place, not c.place, kind or TALLY, day(when),
                    kind is not None, day(c.as_of), status(c))


def main_place(claims: list[Claim], gaz: Gazetteer) -> str:
    """Return the place most of these claims speak of (ties: the wider place, then the name)."""
    counts = Counter(c.place for c in claims if c.place)
    if not counts:
        return ""
    top = max(counts.values())
    tied = [p for p, n in counts.items() if n == top]
    return tied[0] if len(tied) == 1 else min(tied, key=lambda p: (gaz.depth(p) if "+" not in p else 0, p))


class Places:
    """Which places can be one quantity's: the same place, or two areas of one region below a country.

    A country and a region inside it are two quantities (the region's count is a part of the country's);
    "Idlib" and "northwest Syria" are the same area as reporters use them; two provinces of one country are not.
    A combined place ("turkey+syria") is only itself.
    """

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._memo: dict[tuple[str, str], bool] = {}
        self._countries: dict[str, str] = {}
        self._depths: dict[str, int] = {}
        self._roots: dict[str, str] = {}

    def root(self, place: str) -> str:
        """Return the widest place below the country that a place lies in (the country itself for a country or a
        combined place): two places of different roots never fit, so grouping compares within a root."""
        if "+" in place or self.depth(place) <= 1:
            return self.country(place)
        found = self._roots.get(place)
        if found is None:
            chain = self.gaz.chain(place)
            found = self._roots[place] = chain[-2] if len(chain) >= 2 else place
        return found

    def depth(self, place: str) -> int:
        """Return gaz.depth, remembered: the same few places recur."""
        found = self._depths.get(place)
        if found is None:
            found = self._depths[place] = self.gaz.depth(place)
        return found

    def country(self, place: str) -> str:
        """Return the country a place (or the first part of a combined place) lies in; places of other
        countries never fit it, so grouping compares only places of one country."""
        found = self._countries.get(place)
        if found is None:
            found = self._countries[place] = (self.gaz.country(place.split("+")[0]) if place else None) or place
        return found

    def fit(self, a: str, b: str) -> bool:
        """Return True when two places can be the same quantity's."""
        if a == b:
            return True
        key = (a, b) if a < b else (b, a)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._fit(a, b)
        return hit

    def _fit(self, a: str, b: str) -> bool:
        if not a or not b:
            return False
        if "+" in a or "+" in b:
            return self._combined_fit(a, b)
        if self.depth(a) <= 1 or self.depth(b) <= 1:
            return False  # a country and anything else
        if self.gaz.contains(a, b) or self.gaz.contains(b, a):
            return True
        shared = self.gaz.common([a, b])
        return shared is not None and self.gaz.depth(shared) >= 2 and shared in self.regions

    @property
    def regions(self) -> set[str]:
        """Return the hand-kept regions below a country ("northwest syria"): areas whose parts are one area."""
        found = getattr(self, "_regions", None)
        if found is None:
            children: Counter[str] = Counter(p for p in self.gaz.parents.values() if p)
            found = {k for k, parent in self.gaz.parents.items()
                     if parent and self.gaz.depth(k) == 2 and children[k] and k.split()[-1] == parent}
            self._regions: set[str] = found
        return found

    def _combined_fit(self, a: str, b: str) -> bool:
        """"idlib+aleppo" fits "idlib" and "northwest syria" (one area), never a country or another combination."""
        if "+" in a and "+" in b:
            return False
        combined, single = (a, b) if "+" in a else (b, a)
        parts = combined.split("+")
        if any(self.gaz.depth(p) <= 1 for p in parts) or self.gaz.depth(single) <= 1:
            return False
        return single in parts or all(self.fit(p, single) for p in parts)
