"""Group a story's claims into quantities: same category, population, place and incident or running tally.

Blocking first (story, category, population), then the place of each claim is put in a place class (places that
can be one quantity's, complete linkage), then its time in an incident (days within the event window) or a
running tally (starts within a month; a tally whose start is unsaid joins the story's current tally). In one
article two different figures for one key are two quantities unless one restates the other rounded.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from factcheck.counting import APART, INCIDENT, TALLY, of_disaster
from factcheck.gazetteer import Gazetteer
from factcheck.models import Claim
from factcheck.reconcile.identity import UNSAID, Identity, Places, identify, main_place
from factcheck.reconcile.settings import TARGET, TOTAL_CUE, Settings, day
from factcheck.reconcile.verdicts import REVISION_CUE, UPDATE_CUE, best, headline_round, old_figure, overlap, restates

TALLY_START_DAYS = 31
REFERENCE_DAYS = 7  # an undated incident ("the clashes killed 27") is one of the week before its report  # "since 1 December" and "since late December" open the same count
ADOPTED = ("troops", "equipment")  # "soldiers" with no side named are the side the story's others name
ONE_INCIDENT_DAYS = 30  # in the story of one shooting, an unsaid count this many days on is still of it
WHO_THE_VICTIMS_WERE = ("women", "children")  # "two women were wounded" may be all the wounded there are


@dataclass
class Quantity:
    """Claims judged to be one quantity, with the key they share."""

    story: str
    category: str
    population: str
    place: str  # the place class's label (its most reported place)
    kind: str  # tally | incident
    date: int | None  # the incident's day or the tally's start
    members: list[Identity] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str, int | None]:
        """Return what the claims share: category, population, place, kind and date."""
        return self.category, self.population, self.place, self.kind, self.date


def group_story(story: str, claims: list[Claim], gaz: Gazetteer, places: Places, settings: Settings,
                doc_places: dict[str, str] | None = None, one_incident: bool = False) -> list[Quantity]:
    """Return the quantities of one story's claims of the grouped categories; in the story of one local incident
    (one shooting) a count whose time is unsaid, or a toll with no start ("the toll rose to two"), is that
    incident's, whatever day it was reported."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.doc].append(c)
    story_place = main_place(claims, gaz)
    known = doc_places or {}
    doc_place = {doc: known.get(doc) or main_place(mine, gaz) or story_place for doc, mine in by_doc.items()}
    if one_incident:  # one shooting has one place, whatever street or suburb a figure's sentence names
        towns = Counter(doc_place.values())
        story_place = min(towns, key=lambda p: (-towns[p], p)) if towns else story_place
    blocks: dict[tuple[str, str], list[Identity]] = defaultdict(list)
    totals = {**_restated_places(claims, gaz), **_totals_of_places(claims)}
    out: list[Quantity] = []
    for c in claims:
        if c.category in TARGET:
            ident = identify(c, story, doc_place[c.doc])
            if c.id in totals:
                ident.place, ident.inherited = totals[c.id], False
            elif ident.place and (_TOWN.search(ident.population) or ident.population.endswith(_STORY_WIDE)):
                # a town the gazetteer does not know, found by its name; bodies by status and deaths counted apart
                # from the toll, which are the story's wherever the bodies lie or the text was filed
                ident.place = places.country(ident.place)
            if ident.kind in APART:  # a forecast, an increment: a figure of its own, never a point of a count
                out.append(Quantity(story, c.category, ident.population, ident.place, ident.kind, None, [ident]))
                continue
            if one_incident:
                ident.place, ident.inherited = story_place, not c.place
                if ident.kind != INCIDENT and ident.date is None:
                    ident.said = False
            blocks[(c.category, ident.population)].append(ident)
    _adopt_unsaid(blocks)
    _adopt_sides(blocks)
    _adopt_whole(blocks)
    story_incidents = _chain(sorted({m.date for found in blocks.values() for m in found
                                     if m.kind == INCIDENT and m.said and m.date is not None}),
                             settings.event_window + 1)
    split: dict[str, set[tuple[str, str]]] = defaultdict(set)  # a place counted apart from one inside it for one
    for (category, _pop), members in blocks.items():  # population is counted apart for every population of the category
        split[category] |= _split_places(members, gaz)
    for (category, pop), members in sorted(blocks.items()):
        for place, in_place in _place_classes(members, places, split[category]):
            for kind, date, in_time in _time_classes(in_place, settings, story_incidents, one_incident):
                kept, apart = _outliers(in_time)  # first, so "two dams" cannot keep its article's toll apart
                for q in _split_articles(Quantity(story, category, pop, place, kind, date), kept):
                    out += _split_outliers(q)
                out += _split_articles(Quantity(story, category, pop, place, kind, date), apart)
    return out


OWN_PLACE_RULES = frozenset({"place.named", "place.joined", "place.region", "place.host"})


def _restated_places(claims: list[Claim], gaz: Gazetteer) -> dict[str, str]:
    """Return the place of a figure an article gives twice: the place written beside one of them when the others
    only inherit theirs ("812 dead" in a headline, "812 deaths in Aleppo, Latakia and Hama" below), or a combined
    place: "Death toll climbs to 41,000" in Turkey's dateline and "over 41,000 in Turkey and Syria" below are one
    figure, of both countries."""
    by_figure: dict[tuple[str, str, float], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.category in TARGET and c.value is not None and c.place:
            by_figure[(c.doc, c.category, c.value)].append(c)
    out: dict[str, str] = {}
    for found in by_figure.values():
        combined = {c.place for c in found if c.place and "+" in c.place}
        own = {c.place for c in found if c.place and _own_place(c)}
        if len(found) >= 2 and len(own) == 1 and len(own) < len(found):
            (written,) = own  # "812 dead" in the headline, "812 deaths in Aleppo, Latakia and Hama" below
            out.update((c.id, written) for c in found if not _own_place(c) and c.place != written)
        if len(combined) != 1 or len(found) < 2:
            continue
        (wide,) = combined
        parts = wide.split("+")
        for c in found:
            if c.place != wide and any(gaz.contains(p, c.place or "") for p in parts):
                out[c.id] = wide
    return out


def _own_place(c: Claim) -> bool:
    """Return True when a claim's place is written in its own sentence, not taken from its paragraph or article."""
    return c.place is not None and any(r in OWN_PLACE_RULES for r in c.rules)


def _totals_of_places(claims: list[Claim]) -> dict[str, str]:
    """Return the place of each stated total whose parts are in different places: "38,044 in Turkey and 3,688 in
    Syria, bringing the total to 41,732" counts Turkey and Syria together, whatever place its clause names."""
    by_sentence: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.category in TARGET:
            by_sentence[(c.doc, c.sentence_start)].append(c)
    out: dict[str, str] = {}
    for found in by_sentence.values():
        for total in found:
            before = total.sentence[:total.start - total.sentence_start][-80:]
            parts = [p for p in found if p.start < total.start and p.category == total.category and p.place]
            places = sorted({q for p in parts for q in p.place.split("+")})  # type: ignore[union-attr]
            if len(parts) >= 2 and len(places) >= 2 and TOTAL_CUE.search(before):
                out[total.id] = "+".join(places)
    return out


def _adopt_unsaid(blocks: dict[tuple[str, str], list[Identity]]) -> None:
    """Give a figure whose counted noun is unsaid ("a strike kills 33") the population of the story's figures of
    its category that it agrees with (the most of them); people when it agrees with none."""
    for category in sorted({cat for cat, pop in blocks if pop == UNSAID}):
        said = [m for (cat, pop), found in blocks.items() if cat == category and pop != UNSAID for m in found]
        for ident in blocks.pop((category, UNSAID)):
            agree = Counter(m.population for m in said if overlap(ident.claim, m.claim)
                            and (not ident.place or not m.place or ident.place == m.place))
            ident.population = min(agree, key=lambda p: (-agree[p], p)) if agree else "people"
            blocks[(category, ident.population)].append(ident)


def _adopt_whole(blocks: dict[tuple[str, str], list[Identity]]) -> None:
    """Count women or children as people when their figure is the story's people count of the category, and
    their article gives no other people count for it: "a man was killed and two women were wounded" and "three
    shot, one fatally" tell of the same two wounded; "12 killed, five of them women" keeps the women apart."""
    for (category, pop) in sorted(blocks):
        people = blocks.get((category, "people"))
        if pop not in WHO_THE_VICTIMS_WERE or not people:
            continue
        stay = []
        for ident in blocks.pop((category, pop)):
            own = [m for m in people if m.claim.doc == ident.claim.doc and not overlap(m.claim, ident.claim)]
            if not own and any(overlap(m.claim, ident.claim) for m in people):
                ident.population = "people"
                people.append(ident)
            else:
                stay.append(ident)
        if stay:
            blocks[(category, pop)] = stay


def _adopt_sides(blocks: dict[tuple[str, str], list[Identity]]) -> None:
    """Give soldiers with no side named the one side the story names for them ("33 soldiers", "Turkish troops")."""
    for (category, pop) in list(blocks):
        if pop not in ADOPTED:
            continue
        sides = [p for (cat, p) in blocks if cat == category and p.endswith(":" + pop)]
        if len(sides) == 1:
            for ident in blocks.pop((category, pop)):
                ident.population = sides[0]
                blocks[(category, sides[0])].append(ident)


def _split_places(members: list[Identity], gaz: Gazetteer) -> set[tuple[str, str]]:
    """Return the places the coverage counts apart from a place inside them, as (outer, inner) pairs: an article
    gives both, with different figures ("5,801 in Syria, 3,478 of them in opposition-held areas", "Of the 72
    deaths, 39 were in Wajima, 22 in Suzu"): a place is counted apart from the parts of a breakdown (a part's share of a toll says
    nothing of another place's), and a country counted apart from any other place in it, both written beside
    their figures, is counted apart from all of them, (country, "").
    Elsewhere a country named for a region's count ("almost 800,000 displaced in Syria" of the offensive on Idlib)
    is that region's, and a province named for its town's count is that town's."""
    by_doc: dict[str, list[Identity]] = defaultdict(list)
    for m in members:
        if not m.inherited:
            by_doc[m.claim.doc].append(m)
    split: set[tuple[str, str]] = set()
    for mine in by_doc.values():
        for a in mine:
            if "+" in a.place or _ELSEWHERE.search(a.claim.sentence or ""):
                continue  # "170 more were killed elsewhere in the country": the rest of it, not the country's count
            for b in mine:
                if b.place != a.place and "+" not in b.place and gaz.contains(a.place, b.place) \
                        and _same_time(a, b) and not same_article_fit(a.claim, b.claim):
                    if _a_part(b, mine, gaz):
                        split.add((a.place, b.place))
                    elif gaz.depth(a.place) == 1 and _own_place(a.claim) and _own_place(b.claim):
                        split.add((a.place, ""))  # both places written beside their figures, not inherited
    return split


_ELSEWHERE = re.compile(r"\b(?:elsewhere|in\s+other\s+(?:areas|parts|places|regions|provinces|cities|towns)|"
                        r"in\s+the\s+rest\s+of)\b", re.I)


def _a_part(m: Identity, mine: list[Identity], gaz: Gazetteer) -> bool:
    """Return True when a claim is one part of a breakdown: a stated total's part ("Of the 72 deaths, 39 were in
    Wajima"), or one of the places its sentence gives figures for ("Wajima (48) and Suzu (23)")."""
    if m.claim.part_of:
        return True
    return any(o.claim.sentence_start == m.claim.sentence_start and o.place != m.place and "+" not in o.place
               and not gaz.related(o.place, m.place) for o in mine)


def _same_time(a: Identity, b: Identity) -> bool:
    """Return True when two claims of one article may speak of one period: two tallies with no two different
    starts, or two incidents of one day (an incident the article only refers back to proves nothing)."""
    if a.kind != b.kind:
        return False
    if a.kind == INCIDENT:
        return a.date is not None and b.date is not None and abs(a.date - b.date) <= 2
    return a.date is None or b.date is None or abs(a.date - b.date) <= TALLY_START_DAYS


def _place_classes(members: list[Identity], places: Places,
                   split: set[tuple[str, str]]) -> list[tuple[str, list[Identity]]]:
    """Split claims by place: places join a class when they fit every place in it (most reported first), and no
    article counts one apart from the other."""
    counts = Counter(m.place for m in members)

    def fit(a: str, b: str) -> bool:
        if (a, b) in split or (b, a) in split:
            return False
        if places.fit(a, b):
            return True
        if "+" in a:
            a, b = b, a  # a combined place is only ever the inner one
        outer, inner = (a, b) if "+" in b or places.depth(a) <= places.depth(b) else (b, a)
        return bool(outer) and "+" not in outer and (outer, "") not in split and places.depth(outer) == 1 \
            and all(places.gaz.contains(outer, part) for part in inner.split("+"))

    classes: list[list[str]] = []
    by_country: dict[str, list[int]] = defaultdict(list)  # only places of one country can fit ...
    by_root: dict[str, list[int]] = defaultdict(list)  # ... and below the country, only places of one root
    of: dict[str, int] = {}
    for place in sorted(counts, key=lambda p: (-counts[p], p)):
        country, root = places.country(place), places.root(place)
        near = by_country[country] if root == country else sorted({*by_root[root], *by_root[country]})
        fitting = [i for i in near if all(fit(place, q) for q in classes[i])]
        k = min(fitting, key=lambda i: classes[i][0] in places.gaz.towns, default=None)  # a region joins a region's
        if k is None:
            classes.append([])
            k = len(classes) - 1
            by_country[country].append(k)
        if k not in by_root[root]:
            by_root[root].append(k)
        classes[k].append(place)
        of[place] = k
    parts: list[list[Identity]] = [[] for _ in classes]
    for m in members:
        parts[of[m.place]].append(m)
    _settle_containers(parts, classes, fit)
    return [(classes[k][0], parts[k]) for k in range(len(classes)) if parts[k]]


def _settle_containers(parts: list[list[Identity]], classes: list[list[str]], fit: Callable[[str, str], bool]) -> None:
    """Move a claim of a wider place that fits several classes ("Borno" beside "Konduga" and "Damboa") to the one
    holding a claim of the same incident: two attacks in one province are told by the province's name as well."""
    labels = [c[0] for c in classes]
    for k, members in enumerate(parts):
        for m in list(members):
            if m.kind != INCIDENT or m.date is None or m.place == labels[k]:
                continue
            same_day = [j for j, other in enumerate(parts) if j != k and all(fit(m.place, q) for q in classes[j])
                        and any(o.kind == INCIDENT and o.date == m.date for o in other)]
            if same_day and not any(o is not m and o.kind == INCIDENT and o.date == m.date for o in members):
                members.remove(m)
                parts[same_day[0]].append(m)


PERIOD = "period"  # a count over a closed stretch of days ("in the last four days"), not a running tally


def _time_of(m: Identity) -> str:
    """Return how a claim's time is keyed: an incident, a closed period, a tally with a start, or unsaid."""
    c = m.claim
    if m.kind == INCIDENT and m.said and m.date is not None:
        return INCIDENT
    if m.date is None or old_figure(c):
        return ""  # unsaid, or an earlier value of a count the article gives ("down from 115"): its dates are not its own
    if c.period_end and c.period_end != c.period_start and \
            (not c.cumulative or (m.as_of is not None and (day(c.period_end) or 0) < m.as_of - 1)):
        return PERIOD  # "in the last four days", "from 26 January to 2 February" (reported a week later)
    return "tally"


def _time_classes(members: list[Identity], settings: Settings, story_incidents: dict[int, int],
                  one_incident: bool = False) -> list[tuple[str, int | None, list[Identity]]]:
    """Split claims into incidents (one day each, reported on any day), closed periods and running tallies
    (one start each). A tally opened on an incident's day ("the toll from Tuesday's attack has grown to 33")
    is that incident's count; a count whose time is unsaid joins the story's main running tally of its date,
    or in a story of incidents the incident of its days (story_incidents: every incident day of the story)."""
    kinds = _windows_apart([_time_of(m) for m in members], members)
    window = settings.event_window + 1
    incident_day = _incident_days(members, kinds)
    incidents = _chain(sorted(set(incident_day.values())), window)
    for i, (m, kind) in enumerate(zip(members, kinds)):
        if kind == "tally" and m.date is not None and not _disaster_tally(m) and \
                (near := _nearest(m.date, incidents, window)) is not None:
            incident_day[i] = near  # the running count of that day's incident
    periods = _spans(sorted({m.date for m, k in zip(members, kinds) if k == PERIOD and m.date is not None
                             and not _one_day(m.claim)}), 1)
    periods.update({m.date: m.date for m, k in zip(members, kinds) if k == PERIOD and m.date is not None
                    and _one_day(m.claim)})  # "in the last 24 hours" of 26 and of 27 August: two days' counts
    starts = _chain(sorted({m.date for i, (m, k) in enumerate(zip(members, kinds))
                            if k == "tally" and m.date is not None and i not in incident_day}), TALLY_START_DAYS)
    weight = Counter(starts[m.date] for i, (m, k) in enumerate(zip(members, kinds))
                     if k == "tally" and m.date is not None and i not in incident_day)
    tallied = any(k in ("tally", PERIOD) or (not k and m.said and m.kind != INCIDENT)
                  for i, (m, k) in enumerate(zip(members, kinds)) if i not in incident_day)
    known = incidents or story_incidents
    reach = ONE_INCIDENT_DAYS if one_incident else window  # a follow-up days later is of the story's shooting
    out: dict[tuple[str, int | None], list[Identity]] = defaultdict(list)
    for i, (m, kind) in enumerate(zip(members, kinds)):
        if i in incident_day:
            out[(INCIDENT, incidents[incident_day[i]])].append(m)
        elif kind == PERIOD:
            out[(PERIOD, periods[m.date])].append(m)  # type: ignore[index]
        elif kind == "tally":
            out[("tally", starts[m.date])].append(m)  # type: ignore[index]
        elif not weight and not tallied and (near := _nearest(m.as_of, known, reach)) is not None:
            out[(INCIDENT, near)].append(m)  # an unsaid count in a story of incidents: the incident of its days
        else:
            out[("tally", _current(m.as_of, weight))].append(m)
    return [(kind, date, found) for (kind, date), found in sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))]


def _one_day(c: Claim) -> bool:
    """Return True for a count of one day ("in the last 24 hours"): each day's is a count of its own."""
    start, end = day(c.period_start), day(c.period_end)
    return start is not None and end is not None and end - start <= 1


WINDOW_RULES = ("time.from_to", "time.day_range", "time.last_period", "time.last_n", "time.range", "time.between")


def _windows_apart(kinds: list[str], members: list[Identity]) -> list[str]:
    """Make a count over a closed window ("from 26 January to 2 February", "between 12-17 February") a period
    count of its own, unless it starts where an open running tally starts ("from 1 December to 2 February"
    beside "since 1 December")."""
    window = [k == "tally" and any(r in WINDOW_RULES for r in m.claim.rules) and not _to_date(m.claim)
              for m, k in zip(members, kinds)]
    opened = [m.date for m, k, w in zip(members, kinds, window) if k == "tally" and not w and m.date is not None]
    return [PERIOD if w and m.date is not None and not any(abs(m.date - d) <= TALLY_START_DAYS for d in opened)
            else k for m, k, w in zip(members, kinds, window)]


def _to_date(c: Claim) -> bool:
    """Return True for a running total written as a window that ends when it was published: "a total of 577 people
    have died between June 20 and September 7" (published on 8 September) is the count to date."""
    end, published = day(c.period_end), day(c.published)
    return c.cumulative and end is not None and published is not None and 0 <= published - end <= 1 \
        and bool(TOTAL_CUE.search(c.sentence))


def _incident_days(members: list[Identity], kinds: list[str]) -> dict[int, int]:
    """Return the day of each incident claim (by position). An undated one ("the clashes killed 27", "four days
    after a bombing killed 12") is the dated incident of the week before its report whose figures it meets
    (else the latest of that week), else of its report day."""
    by_day: dict[int, list[Claim]] = defaultdict(list)
    out: dict[int, int] = {}
    for i, (m, k) in enumerate(zip(members, kinds)):
        if k == INCIDENT and m.date is not None:
            out[i] = m.date
            by_day[m.date].append(m.claim)
    opened: dict[int, list[Claim]] = defaultdict(list)  # tallies opened on a day: "the toll from Saturday's strike"
    for m, k in zip(members, kinds):
        if k == "tally" and m.date is not None:
            opened[m.date].append(m.claim)
    for i, (m, k) in enumerate(zip(members, kinds)):
        if i in out or m.as_of is None:
            continue
        week = [d for d in by_day if 0 <= m.as_of - d <= REFERENCE_DAYS  # an article dates its own incidents
                and any(c.doc != m.claim.doc for c in by_day[d])]
        if m.kind == INCIDENT and m.said and (back := _recalled(m, by_day, opened)):
            out[i] = back  # "a missile strike on Dnipro two weeks ago killed at least 44": that strike
        elif m.kind == INCIDENT and m.said:
            meeting = [d for d in week if any(overlap(m.claim, c) for c in by_day[d])]
            toll_of = [d for d in opened if 0 <= m.as_of - d <= REFERENCE_DAYS
                       and any(_alike(m.claim, c) for c in opened[d])]
            out[i] = max(meeting or week) if week else max(toll_of) if toll_of else m.as_of
            if not week and toll_of:
                by_day[out[i]].append(m.claim)  # the strike's day, from the toll another outlet opened on it
        elif not k and (near := [d for d in week if any(_alike(m.claim, c) for c in by_day[d])]):
            out[i] = max(near)  # "the death toll has risen to 40", two days after a strike killed 36: its toll
    for i, (m, k) in enumerate(zip(members, kinds)):  # "an earlier toll had stood at 30", beside the 35 it became
        if i not in out and not k and (old_figure(m.claim) or REVISION_CUE.search(m.claim.sentence)):
            own = [out[j] for j, o in enumerate(members) if j in out and o.claim.doc == m.claim.doc
                   and _alike(m.claim, o.claim)]
            if len(set(own)) == 1:
                out[i] = own[0]
    return out


# A strike a later report recalls: "two weeks ago", "last month, when a missile hit", "earlier this month".
_RECALLED = re.compile(r"\b(?:(?:\w+|a|an)\s+(?:days?|weeks?|months?)\s+ago|last\s+(?:week|month)|"
                       r"earlier\s+(?:this|in\s+the)\s+(?:week|month))\b", re.I)


def _recalled(m: Identity, by_day: dict[int, list[Claim]], opened: dict[int, list[Claim]]) -> int | None:
    """Return the day of the story's earlier incident (up to a month before) that an undated figure recalls: its
    text says the strike was weeks ago, and its figure meets that incident's, or is near the toll opened on it."""
    value = best(m.claim)
    if m.as_of is None or not value or value <= 0 or not _RECALLED.search(m.claim.sentence):
        return None
    gaps = [(abs(math.log(value / v)), -d) for found, meets in ((by_day, overlap), (opened, _alike)) for d in found
            if 0 < m.as_of - d <= TALLY_START_DAYS for c in found[d]
            if c.doc != m.claim.doc and meets(m.claim, c) and (v := best(c)) and v > 0]
    return -min(gaps)[1] if gaps else None  # the incident whose figure is nearest


def _alike(a: Claim, b: Claim) -> bool:
    """Return True when two figures are near enough to be one incident's toll reported on different days."""
    x, y = best(a), best(b)
    return x is not None and y is not None and x > 0 and y > 0 and max(x, y) <= 1.5 * min(x, y)


def _chain(days: list[int], window: int) -> dict[int, int]:
    """Map each day to the first day of its run of days no more than window apart."""
    out: dict[int, int] = {}
    first = prev = None
    for d in days:
        if prev is None or d - prev > window:
            first = d
        out[d] = first  # type: ignore[assignment]
        prev = d
    return out


def _spans(days: list[int], window: int) -> dict[int, int]:
    """Map each day to the first day of its span: days no more than window after the span's first. Unlike a chain,
    daily counts ("in the last 24 hours", reported on 25, 26 and 28 August) stay three counts."""
    out: dict[int, int] = {}
    first: int | None = None
    for d in days:
        if first is None or d - first > window:
            first = d
        out[d] = first
    return out


def _nearest(as_of: int | None, incidents: dict[int, int], window: int) -> int | None:
    """Return the incident of the days before a report date (None when none is that close)."""
    if as_of is None:
        return None
    close = [d for d in incidents if 0 <= as_of - d <= window]
    return incidents[max(close)] if close else None


def _current(as_of: int | None, weight: Counter[int]) -> int | None:
    """Return the running tally a count with no stated start belongs to: the most reported one begun by its date."""
    begun = [s for s in weight if as_of is None or s <= as_of] or list(weight)
    return max(begun, key=lambda s: (weight[s], s)) if begun else None


OUTLIER_FACTOR = 10  # a count does not move tenfold away from its usual size between reports
FAR = math.log(OUTLIER_FACTOR)  # a figure this far (in log) from a count's latest ones starts a count of its own


def _outliers(members: list[Identity]) -> tuple[list[Identity], list[Identity]]:
    """Split off the figures ten times smaller or larger than the median of a count's: "three family members"
    beside a toll of thousands is a count of its own, not a regression of the toll."""
    if len(members) < 4:
        return members, []
    values = sorted(v for m in members if m.claim.hedge != "vague" and (v := best(m.claim)))
    if len(values) < 4:
        return members, []
    middle = median(values)
    apart = [m for m in members if m.claim.hedge != "vague" and (v := best(m.claim))
             and not middle / OUTLIER_FACTOR <= v <= middle * OUTLIER_FACTOR]
    if not apart:
        return members, []
    far = {id(m) for m in apart}
    near = [o for o in members if id(o) not in far]
    apart = [m for m in apart if not _early_point(m, near)]
    if not apart:
        return members, []
    taken = {id(m) for m in apart}
    return [m for m in members if id(m) not in taken], apart


_TOWN = re.compile(r"\bin [A-Z]")  # "people in Wajima": a town named in a breakdown (not "in serious condition")
_STORY_WIDE = ("unidentified", "identified", "handed over", "bodies moved", "indirect deaths")
_DISASTER_COUNTS = ("count.disaster", "count.disaster_event")  # a disaster's toll: it grows for days or weeks


def _disaster_tally(m: Identity) -> bool:
    """Return True for the running toll of a disaster ("the death toll following the October 29 floods has risen
    to 225"): the flood's count, not that of one incident of its first day (five dead in a nursing home)."""
    return any(r in _DISASTER_COUNTS for r in m.claim.rules) or of_disaster(m.claim.sentence)


def _early_point(m: Identity, others: list[Identity]) -> bool:
    """Return True for a running tally's figure that is far off only because of when it was reported: a small
    figure reported before every other ("at least six" on the quake's day, 240 a month on), a large one after
    every other. A figure far below the rest on their own day ("three family members") is a count of its own."""
    v, when = best(m.claim), m.as_of
    if m.kind != TALLY or v is None or when is None or m.claim.category not in ("killed", "injured", "displaced") \
            or not any(r in _DISASTER_COUNTS for r in m.claim.rules):
        return False
    days = [o.as_of for o in others]
    if not days or None in days:
        return False
    values = [x for o in others if (x := best(o.claim)) is not None]
    if not values:
        return False
    return all(d > when for d in days) if v < median(values) else all(d < when for d in days)  # type: ignore[operator]


def _split_outliers(q: Quantity) -> list[Quantity]:
    """Take the outliers out of a count (see _outliers), each a count of its own."""
    q.members, apart = _outliers(q.members)
    return [q, *(Quantity(q.story, q.category, q.population, q.place, q.kind, q.date, [m]) for m in apart)]


def _split_articles(q: Quantity, members: list[Identity]) -> list[Quantity]:
    """In one article two different figures of one key are two quantities, unless one restates the other; and
    figures of the displaced whose clauses say different things became of them (evacuated, in shelters, homeless)
    are two quantities in any articles, a figure that does not say fitting either."""
    parts: list[Quantity] = []
    order = sorted(members, key=lambda m: (m.as_of or 0, m.claim.doc, m.claim.start))
    for m in order:
        fits = [p for p in parts if all(same_article_fit(m.claim, o.claim) for o in p.members if o.claim.doc == m.claim.doc)
                and (not m.status or {o.status for o in p.members} <= {m.status, ""})]
        near = [(_affinity(m.claim, p), p) for p in fits]
        target = max((x for x in near if -x[0][0] <= FAR), key=lambda x: x[0], default=(None, None))[1]
        if target is None:
            target = Quantity(q.story, q.category, q.population, q.place, q.kind, q.date)
            parts.append(target)
        target.members.append(m)
    return parts


def _affinity(c: Claim, q: Quantity) -> tuple[float, int]:
    """Rank the quantities a claim may join: the one whose latest figures are nearest its own, then the largest
    (open bounds such as "at least 800,000" and "more than 16 million" meet, but are not alike)."""
    value = best(c)
    near = min((abs(math.log(value / v)) for o in q.members[-3:] if (v := best(o.claim)) and value and v > 0
                and value > 0), default=math.inf)
    return -near, len(q.members)


def same_article_fit(a: Claim, b: Claim) -> bool:
    """In one article, two different figures are two quantities; the same figure restated is one."""
    if "vague" in (a.hedge, b.hedge):
        return True  # "thousands were killed" beside "rose to 11,300": a vague word sets no count of its own
    if {a.hedge, b.hedge} & {"up_to", "at_most"}:
        return overlap(a, b)  # "as many as 3,000" restates, it does not add
    if a.value is None or b.value is None:
        return False
    if a.value == b.value:
        return True  # "almost 800,000" in the lead, "800,000" in a subhead
    if headline_round(a.value, b.value):
        return True  # "Death toll climbs to 41,000" over "at least 41,219" in the text
    if REVISION_CUE.search(a.sentence) or REVISION_CUE.search(b.sentence) or old_figure(a) or old_figure(b):
        return True  # "earlier reports said 29 ... has grown to 33", "97, down from 115": one count, updated
    if UPDATE_CUE.search(a.sentence) and UPDATE_CUE.search(b.sentence) and _close(a.value, b.value, 1.25):
        return True  # "the toll had reached 89" ... "climbed to 93 on Saturday": the count's successive levels
    if a.as_of and b.as_of and a.as_of[:10] != b.as_of[:10] and INCIDENT not in (a.count_kind, b.count_kind) \
            and _close(a.value, b.value, 1.5):
        return True  # "222 persons unaccounted for Friday afternoon" ... "211 on Saturday": its levels on two days
    if a.hedge == b.hedge == "exact":
        return False
    hedged, other = (a, b) if a.hedge != "exact" else (b, a)
    if other.hedge != "exact":  # "more than 41,000" and "above 40,000"; not "at least 36,187" and "over 5,000"
        return overlap(a, b) and (a.low is not None and a.high is not None or _close(a.value, b.value))
    return restates(hedged.hedge, hedged.value or 0.0, other.value or 0.0)


def _close(a: float, b: float, ratio: float = 1.1) -> bool:
    """Return True when two figures are within a rounding of each other (10%)."""
    low, high = sorted((abs(a), abs(b)))
    return high <= low * ratio
