"""Group claims about the same real-world quantity and judge whether outlets agree, update or conflict."""
from __future__ import annotations

import gc
import math
import multiprocessing
import re
import signal
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from statistics import median
from typing import Any, cast

from rapidfuzz import fuzz

from factcheck.gazetteer import Gazetteer, build_gazetteer
from factcheck.models import Claim, Group, Relation, stable_id
from factcheck.ruleset import Ruleset

TARGET = ("killed", "injured", "displaced", "deployed")
TOTAL_CUE = re.compile(r"\b(?:total|overall|in all|altogether|combined|bringing|brings|brought|tally|sum)\b", re.I)
IMPLICIT_DAYS = 2  # a figure with no stated time speaks of the last couple of days before its as-of date
REFERENCE_DAYS = 7  # ... but may refer back to a dated event of the past week ("the clashes killed 27")
CUMULATIVE_START_DAYS = 31  # "since Dec. 1" and "since late December" open the same count


@dataclass(frozen=True)
class Settings:
    """Cut-offs from rules/reconcile.yaml."""

    subject_cutoff: float
    wording_tolerance: float
    same_day_window: int
    event_window: int
    wire_copy_cutoff: float
    relation_tolerance: float

    @classmethod
    def from_rules(cls, rules: Ruleset) -> Settings:
        """Read the cut-offs from the ruleset."""
        d = rules["reconcile"]
        return cls(float(d["subject_cutoff"]), float(d["wording_tolerance"]), int(d["same_day_window"]),
                   int(d["event_window"]), float(d["wire_copy_cutoff"]), float(d["relation_tolerance"]))


@lru_cache(maxsize=65536)  # a corpus holds few distinct dates, each parsed many times
def _day(text: str | None) -> int | None:
    """Return a date as a day number (None when absent or malformed)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


@dataclass(slots=True)
class Facts:
    """What the grouping needs of one claim, computed once."""

    claim: Claim
    actor: str
    kind: str
    as_of: int | None
    start: int | None
    end: int | None
    explicit: bool
    resolved: bool
    value: float | None
    sub_area: bool = False  # the article also gives a different figure for a wider place
    since_event: bool = False  # an open count dated from a named event ("since the quake")
    norm_time: str = ""  # the stated time, normalised, compared when a period is not resolved
    signature: tuple[Any, ...] = ()  # every field _times_fit reads except the article (see time_signature)
    # copied from the claim: grouping reads these for every comparison, and a compact object is faster to reach
    doc: str = ""
    place: str | None = None
    cumulative: bool = False
    source_key: str | None = None

    @classmethod
    def of(cls, c: Claim) -> Facts:
        """Derive the grouping facts of a claim."""
        actor, kind = _actor_kind(c)
        value = c.value if c.value is not None else (
            (c.low + c.high) / 2 if c.low is not None and c.high is not None else c.low or c.high)
        start, end = _day(c.period_start), _day(c.period_end)
        explicit = start is not None or (c.time is not None and "time.statement_date" not in c.rules)
        f = cls(c, actor, kind, _day(c.as_of), start, end, explicit, start is not None, value,
                since_event="time.cumulative_since_event" in c.rules, norm_time=_norm_time(c.time), doc=c.doc,
                place=c.place, cumulative=c.cumulative, source_key=c.source_key)
        f.signature = f.time_signature()
        return f

    def time_signature(self) -> tuple[Any, ...]:
        """Return every field _times_fit reads except the article: claims alike here fit the same claims."""
        return (self.explicit, self.resolved, self.as_of, self.start, self.end, self.cumulative,
                self.since_event, self.norm_time if self.explicit else "")


class Cluster:
    """Claims judged to be one quantity so far, with the summaries that let a claim be checked against all of them.

    Comparing a claim with every member costs O(members); the summaries make it O(distinct periods): the
    time test reads only a member's time signature (Facts.time_signature) and, for an unresolved or
    unstated period, whether it comes from the claim's own article, so one member per signature from
    each of two articles stands for all; the same-article test needs only the members of the claim's article.
    A cluster's places lie on one chain of containment (each pair must fit), so they are a short tuple. Most
    clusters keep one claim: the summaries are built when a second one joins, and a one-claim cluster is
    checked against its claim directly.
    """

    __slots__ = ("actor", "by_doc", "facts", "places", "sources", "sub_places", "times", "values")

    def __init__(self) -> None:
        self.facts: list[Facts] = []
        self.places: tuple[str, ...] = ()  # "" for members with no place
        self.actor = "*"  # the one named actor of its members ("*" while none is named): another's claim never fits
        self.sub_places: tuple[str, ...] = ()  # places of its sub-area figures
        self.times: dict[tuple[Any, ...], list[Facts]] | None = None  # signature -> members of <= 2 articles
        self.by_doc: dict[str, list[Facts]] | None = None  # article -> its members
        self.values: dict[float | None, int] | None = None  # figure -> members giving it
        self.sources: dict[str, int] | None = None  # source key -> members citing it

    def add(self, f: Facts) -> None:
        """Add a claim and update the summaries."""
        facts = self.facts
        facts.append(f)
        if f.actor != "*":
            self.actor = f.actor
        if f.sub_area and f.place and f.place not in self.sub_places:
            self.sub_places += (f.place,)
        if len(facts) == 1:
            return
        if self.times is None:
            self.times, self.by_doc, self.values, self.sources = {}, {}, {}, {}
            for g in facts:
                self._summarise(g)
        else:
            self._summarise(f)

    def _summarise(self, f: Facts) -> None:
        assert self.times is not None and self.by_doc is not None and self.values is not None \
            and self.sources is not None
        reps = self.times.get(f.signature)
        if reps is None:
            self.times[f.signature] = [f]
        elif len(reps) < 2 and reps[0].doc != f.doc:
            reps.append(f)
        mine = self.by_doc.get(f.doc)
        if mine is None:
            self.by_doc[f.doc] = [f]
        else:
            mine.append(f)
        values = self.values
        values[f.value] = values.get(f.value, 0) + 1
        if f.source_key:
            self.sources[f.source_key] = self.sources.get(f.source_key, 0) + 1


BUCKET_DAYS = 16  # width of the date buckets of the cluster index
MAX_BUCKETS = 32  # a period longer than this many buckets is indexed as "any date"
ANY_DATE = -1  # the bucket of clusters whose first claim may fit a claim of any date
# Time classes of a claim: an unstated period, the same for a cumulative count, a stated closed period, an open
# cumulative period ("since December"), and one that may fit a claim of any date (no date, unresolved period).
IMPLICIT, IMPLICIT_CUMULATIVE, CLOSED, OPEN, ANY_TIME = range(5)


MAX_CANDIDATES = 256  # clusters a claim is compared with at most: the most recently started of its candidates


def _most_recent(lists: list[list[int]]) -> list[int]:
    """Return, ascending, the MAX_CANDIDATES (cap) highest numbers of the union of ascending lists.

    The union is built only when it is small. Otherwise the last k numbers of each list are taken: every
    number at or above the highest first number of a cut list ("floor") is then among them, so when at
    least cap such numbers are found they are the answer; else k doubles. A block of at most cap clusters
    is never cut, which is why tests/test_reconcile_scale.py sees the same groups as comparing all pairs.
    """
    cap = MAX_CANDIDATES
    lists = [x for x in lists if x]
    if not lists:
        return []
    if len(lists) == 1 and len(lists[0]) <= cap:
        return lists[0]  # already ascending; callers only read it
    if sum(map(len, lists)) <= cap:
        return sorted(set().union(*lists))
    k = 2 * cap // len(lists) + 1
    while True:
        cut = [x[-k] for x in lists if len(x) > k]
        floor = max(cut, default=-1)
        found = {n for x in lists for n in x[-k:] if n >= floor}
        if len(found) >= cap or not cut:
            return sorted(found)[-cap:]
        k *= 2


class PlaceKeys:
    """The index keys of places, computed once per place for all blocks."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._listed: dict[str, tuple[str, ...]] = {}
        self._looked_up: dict[str, tuple[str, ...]] = {}

    def listed(self, place: str) -> tuple[str, ...]:
        """Return the keys a cluster holding this place is listed under: it, every place it lies in, "=" + it."""
        keys = self._listed.get(place)
        if keys is None:
            keys = self._listed[place] = (*self.gaz.chain(place), "=" + place) if place else ("",)
        return keys

    def looked_up(self, place: str) -> tuple[str, ...]:
        """Return the keys a claim about this place looks up: it, "" and "=" + each place it lies in."""
        keys = self._looked_up.get(place)
        if keys is None:
            keys = self._looked_up[place] = (place, "", *("=" + a for a in self.gaz.chain(place)[1:]))
        return keys


class ClusterIndex:
    """Clusters by time class, place and date bucket of their first claim, so a claim meets only clusters it may fit.

    A cluster is listed under every place it holds and every place those lie in ("idlib", "syria"), under
    "=" + each place it holds, and under "" while it holds only claims with no place, each paired with the
    time class and the date buckets of the period of its first claim. A claim looks up its own place, ""
    and "=" + each wider place, in the buckets within reach (Grouper._reach) of its own period for each
    time class it can fit: a superset of the clusters it can fit, so grouping gives the same result as
    comparing with every cluster.
    """

    def __init__(self, gaz: Gazetteer, reach: Callable[[Facts, int], int | None],
                 place_keys: PlaceKeys | None = None) -> None:
        self.gaz = gaz
        self.reach = reach
        self.by_place: dict[str, list[int]] = defaultdict(list)
        self.by_time: dict[tuple[int, int], list[int]] = defaultdict(list)
        # place key -> (time class, bucket) -> clusters: a claim reads the few places it may fit, then their buckets
        self.by_place_time: dict[str, dict[tuple[int, int], list[int]]] = defaultdict(dict)
        self.keys: list[tuple[tuple[int, int], ...]] = []  # cluster number -> its (time class, bucket) pairs
        self.placed: list[bool] = []  # cluster number -> holds a claim with a place
        self.unplaced: set[int] = set()  # clusters listed under "": they hold only claims with no place
        self.reach_memo: dict[tuple[int, bool, bool], list[tuple[int, int]]] = {}
        self.lookup_memo: dict[tuple[Any, ...], tuple[list[tuple[int, int]], frozenset[tuple[int, int]]] | None] = {}
        self.pairs_memo: dict[tuple[int, tuple[int, int] | None], tuple[tuple[int, int], ...]] = {}
        self.span_memo: dict[tuple[Any, ...], tuple[list[tuple[int, int]], frozenset[tuple[int, int]]] | None] = {}
        self.place_keys = place_keys if place_keys is not None else PlaceKeys(gaz)

    @staticmethod
    def time_class(f: Facts) -> int:
        """Return the time class of a claim."""
        if f.resolved:
            return OPEN if f.cumulative and f.start != f.end else CLOSED
        if f.explicit or f.as_of is None:
            return ANY_TIME
        return IMPLICIT_CUMULATIVE if f.cumulative else IMPLICIT

    @staticmethod
    def span(f: Facts) -> tuple[int, int] | None:
        """Return the first and last day a claim's time covers; None when it may fit a claim of any date."""
        if f.resolved and f.start is not None:
            return f.start, max(f.start, f.end or 0, f.as_of or 0)
        if f.explicit or f.as_of is None:
            return None
        return f.as_of, f.as_of

    @staticmethod
    def _bucket_range(lo: int, hi: int) -> range | None:
        first, last = lo // BUCKET_DAYS, hi // BUCKET_DAYS
        return range(first, last + 1) if last - first <= MAX_BUCKETS else None

    def new_cluster(self, first: Facts) -> None:
        """List a new cluster under the time class and date buckets of its first claim."""
        span = self.span(first)
        cls = self.time_class(first)
        memo = (cls, span)
        key = self.pairs_memo.get(memo)
        if key is None:  # shared by the many clusters of one class and span
            buckets = self._bucket_range(*span) if span else None
            key = self.pairs_memo[memo] = tuple((cls, b) for b in buckets) if buckets else ((ANY_TIME, ANY_DATE),)
        k = len(self.keys)
        self.keys.append(key)
        self.placed.append(False)
        by_time = self.by_time
        for pair in key:
            by_time[pair].append(k)

    def add_place(self, k: int, place: str) -> None:
        """List cluster k under a place it now holds ("" for a claim with no place)."""
        pairs = self.keys[k]
        if place:
            if k in self.unplaced:  # found through its place from now on
                self.unplaced.discard(k)
                self.by_place[""].remove(k)
                table = self.by_place_time[""]
                for pair in pairs:
                    table[pair].remove(k)
            self.placed[k] = True
        elif self.placed[k]:
            return  # a cluster with a place is found through it
        else:
            self.unplaced.add(k)
        for key in self.place_keys.listed(place):
            self.by_place[key].append(k)
            table = self.by_place_time[key]
            for pair in pairs:
                found = table.get(pair)
                if found is None:
                    table[pair] = [k]
                else:
                    found.append(k)

    def candidates(self, f: Facts, n: int) -> list[int]:
        """Return, in cluster order, the clusters the claim may fit (the MAX_CANDIDATES most recent of them)."""
        place = f.place
        keys = self.place_keys.looked_up(place) if place else []
        span = self.span(f)
        lookups = self._lookups(f, span) if span else None
        if lookups is None:  # a claim of any date: by place only
            if not place:
                return list(range(max(0, n - MAX_CANDIDATES), n))
            return _most_recent([self.by_place[key] for key in keys if key in self.by_place])
        pairs, wanted = lookups
        if not place:
            by_time = self.by_time
            return _most_recent([by_time[look] for look in pairs if look in by_time])
        lists = []
        for key in keys:
            table = self.by_place_time.get(key)
            if not table:
                continue
            if len(table) < len(pairs):
                lists += [found for pair, found in table.items() if pair in wanted]
            else:
                lists += [table[pair] for pair in pairs if pair in table]
        return _most_recent(lists)

    def _reaches(self, f: Facts) -> list[tuple[int, int]]:
        """Return (time class, reach) for each class of first claim the claim may fit; reach reads only the key."""
        key = (self.time_class(f), f.explicit, f.cumulative)
        found = self.reach_memo.get(key)
        if found is None:
            found = self.reach_memo[key] = [(cls, r) for cls in (IMPLICIT, IMPLICIT_CUMULATIVE, CLOSED, OPEN)
                                            if (r := self.reach(f, cls)) is not None]
        return found

    def _lookups(self, f: Facts, span: tuple[int, int]
                 ) -> tuple[list[tuple[int, int]], frozenset[tuple[int, int]]] | None:
        """Return the (time class, bucket) pairs whose clusters the claim may fit, as a list and a set."""
        memo = (self.time_class(f), f.explicit, f.cumulative, span)  # all that the answer depends on
        found = self.span_memo.get(memo, False)
        if found is False:
            found = self.span_memo[memo] = self._bucket_lookups(f, span)
        return found  # type: ignore[return-value]

    def _bucket_lookups(self, f: Facts, span: tuple[int, int]
                        ) -> tuple[list[tuple[int, int]], frozenset[tuple[int, int]]] | None:
        """Build the lookups of a span; spans that reach the same buckets share one (open counts have spans
        by the ten thousand, a few hundred distinct bucket ranges)."""
        ranges = tuple((cls, (span[0] - reach) // BUCKET_DAYS, (span[1] + reach) // BUCKET_DAYS)
                       for cls, reach in self._reaches(f))
        found = self.lookup_memo.get(ranges, False)
        if found is not False:
            return found  # type: ignore[return-value]
        out = [(ANY_TIME, ANY_DATE)]
        for cls, first, last in ranges:
            if last - first > MAX_BUCKETS:
                self.lookup_memo[ranges] = None
                return None
            out += [(cls, b) for b in range(first, last + 1)]
        found = self.lookup_memo[ranges] = (out, frozenset(out))
        return found


ANY_KIND = "*"  # the kind of a figure whose counted noun is not written ("a strike kills 33")


def _actor_kind(c: Claim) -> tuple[str, str]:
    """Return the actor and the kind of a claim's subject key (actor:kind); "*" and "thing" when unknown."""
    actor, _, kind = (c.subject_key or "*:thing").partition(":")
    return actor or "*", kind or "thing"


def block_of(c: Claim) -> tuple[str, str]:
    """Return the block of a claim: its category and the kind of its subject key."""
    return c.category, _actor_kind(c)[1]


def _order(f: Facts) -> tuple[bool, int, str, int]:
    """Return the order claims are grouped in: stated periods first, then by date and position."""
    return (not f.explicit, f.as_of or 0, f.doc, f.claim.start)


class Grouper:
    """Greedy complete-linkage grouping inside blocks of (category, kind)."""

    def __init__(self, gaz: Gazetteer, settings: Settings) -> None:
        self.gaz = gaz
        self.s = settings
        self._contains_memo: dict[tuple[str, str], bool] = {}
        self.place_keys = PlaceKeys(gaz)

    def group(self, claims: list[Claim]) -> list[list[Claim]]:
        """Return the claims of TARGET categories partitioned into quantities."""
        blocks: dict[tuple[str, str], list[Facts]] = defaultdict(list)
        unsaid: dict[str, list[Facts]] = defaultdict(list)  # "kills 33": the counted noun is not written
        for c in claims:
            if c.category in TARGET:
                f = Facts.of(c)
                (unsaid[c.category] if f.kind == ANY_KIND else blocks[(c.category, f.kind)]).append(f)
        for (category, _), facts in blocks.items():
            self._mark_sub_areas(facts, unsaid.get(category, []))
        built = {key: self._run(blocks[key]) for key in sorted(blocks)}
        for category in sorted(unsaid):
            rest = self._attach(unsaid[category], [built[k] for k in sorted(built) if k[0] == category])
            if rest:
                built[(category, ANY_KIND)] = self._run(rest)
        return [[f.claim for f in cl.facts] for key in sorted(built) for cl in built[key][0]]

    def _attach(self, facts: list[Facts], runs: list[tuple[list[Cluster], ClusterIndex]]) -> list[Facts]:
        """Add figures with an unsaid counted noun to the best fitting group of any kind; return the others."""
        rest: list[Facts] = []
        for f in sorted(facts, key=_order):
            best: tuple[tuple[int, int, int], list[Cluster], ClusterIndex, int] | None = None
            for clusters, index in runs:
                for k in index.candidates(f, len(clusters)):
                    if self._fits(f, clusters[k]):
                        affinity = self._affinity(f, clusters[k])
                        if best is None or affinity > best[0]:
                            best = (affinity, clusters, index, k)
            if best is None:
                rest.append(f)
            else:
                self._add(best[1][best[3]], f, best[3], best[2])
        return rest

    def _run(self, facts: list[Facts]) -> tuple[list[Cluster], ClusterIndex]:
        """Group one block's claims in time order; return the clusters and their index."""
        order = sorted(facts, key=_order)
        clusters: list[Cluster] = []
        index = ClusterIndex(self.gaz, self._reach, self.place_keys)
        for f in order:
            cands = self._candidates(f, index, len(clusters))
            best = max((k for k in cands if self._fits(f, clusters[k])), key=lambda k: self._affinity(f, clusters[k]),
                       default=None) if cands else None
            if best is None:
                clusters.append(Cluster())
                best = len(clusters) - 1
                index.new_cluster(f)
            self._add(clusters[best], f, best, index)
        return clusters, index

    def _mark_sub_areas(self, facts: list[Facts], unsaid: list[Facts]) -> None:
        """Flag figures for a place inside a wider place the same article gives another figure for."""
        by_doc: dict[str, list[Facts]] = defaultdict(list)
        all_doc: dict[str, list[Facts]] = defaultdict(list)
        for f in unsaid:  # "the toll has risen to 2,012" is a wider count too
            all_doc[f.doc].append(f)
        for f in facts:
            all_doc[f.doc].append(f)
            if f.place:
                by_doc[f.doc].append(f)
        for doc_facts in by_doc.values():
            for f in doc_facts:
                place = f.place or ""
                wider = [g for g in all_doc[f.doc] if g.place != place
                         and (not g.place or self.gaz.contains(g.place, place))
                         and ("*" in (f.actor, g.actor) or f.actor == g.actor)]  # not another actor's count
                f.sub_area = any(not self._same_article_fit(f, g) for g in wider)

    def _candidates(self, f: Facts, index: ClusterIndex, n: int) -> list[int]:
        """Return, in cluster order, every cluster the claim may fit (blocking: no all-pairs scan)."""
        return index.candidates(f, n)

    def _reach(self, f: Facts, first: int) -> int | None:
        """Return how many days from its period a claim can be from the first claim of a cluster it fits.

        first is the time class of that claim; None when the claim can fit no such cluster. The numbers
        follow _times_fit and _explicit_fit; tests/test_reconcile_scale.py checks them against all pairs.
        """
        implicit = not f.explicit
        if first in (IMPLICIT, IMPLICIT_CUMULATIVE):
            if implicit:
                return 60 if f.cumulative and first == IMPLICIT_CUMULATIVE else IMPLICIT_DAYS + 1
            return REFERENCE_DAYS + 1
        if implicit:
            return REFERENCE_DAYS + 1
        mine = ClusterIndex.time_class(f)
        if mine != first:  # an open count meets a closed period only as the toll of that day's event
            return self.s.event_window if {mine, first} == {OPEN, CLOSED} else None
        return CUMULATIVE_START_DAYS if first == OPEN else max(self.s.event_window, IMPLICIT_DAYS + 1)

    def _add(self, cl: Cluster, f: Facts, k: int, index: ClusterIndex) -> None:
        cl.add(f)
        place = f.place or ""
        if place not in cl.places:
            cl.places += (place,)
            index.add_place(k, place)

    def _fits(self, f: Facts, cl: Cluster) -> bool:
        """Return True when the claim can be the same quantity as every claim of the cluster."""
        if f.actor != "*" and cl.actor != "*" and cl.actor != f.actor:
            return False  # another actor's count
        place = f.place
        if place:
            places = cl.places
            if (len(places) != 1 or place not in places) and not all(self._places_fit(place, p) for p in places):
                return False
            if (f.sub_area or cl.sub_places) and not self._sub_areas_fit(f, cl):
                return False
        doc = f.doc
        if cl.times is None or cl.by_doc is None:  # one claim
            g = cl.facts[0]
            return self._times_fit(f, g) and (g.doc != doc or self._same_article_fit(f, g))
        mine = cl.by_doc.get(doc)
        if mine and not all(self._times_fit(f, g) and self._same_article_fit(f, g) for g in mine):
            return False
        times_fit = self._times_fit
        for reps in cl.times.values():  # members of other articles, one per time signature
            other = reps[0]
            if other.doc == doc:
                if len(reps) == 1:
                    continue
                other = reps[1]
            if not times_fit(f, other):
                return False
        return True

    def _sub_areas_fit(self, f: Facts, cl: Cluster) -> bool:
        """Apply _sub_area_fit both ways between the claim and every member, through the cluster's places."""
        place = f.place
        if not place:
            return True
        if f.sub_area and not all(self._contains(place, p) for p in cl.places if p):
            return False
        return all(self._contains(p, place) for p in cl.sub_places)

    def _contains(self, outer: str, inner: str) -> bool:
        """Return gaz.contains, remembered: the same few place pairs recur."""
        key = (outer, inner)
        hit = self._contains_memo.get(key)
        if hit is None:
            hit = self._contains_memo[key] = self.gaz.contains(outer, inner)
        return hit

    def _places_fit(self, a: str | None, b: str | None) -> bool:
        if not a or not b:
            return True
        if "+" in a or "+" in b:
            return a == b
        return self._contains(a, b) or self._contains(b, a)

    def _sub_area_fit(self, a: Facts, b: Facts) -> bool:
        """A sub-area figure ("in Al Haouz alone") only joins figures for that place or places inside it."""
        if not a.sub_area or not a.place or not b.place:
            return True
        return self.gaz.contains(a.place, b.place)

    def _times_fit(self, a: Facts, b: Facts) -> bool:
        """Compare periods: explicit ones must match, an unstated one must fall inside the other's."""
        if a.explicit and b.explicit:
            return self._explicit_fit(a, b)
        if not a.explicit and not b.explicit:
            window = 60 if (a.cumulative and b.cumulative) else IMPLICIT_DAYS + 1
            return a.as_of is None or b.as_of is None or abs(a.as_of - b.as_of) <= window
        ex, im = (a, b) if a.explicit else (b, a)
        if not ex.resolved or im.as_of is None:
            return not ex.resolved and im.doc != ex.doc
        lo = ex.start or 0
        hi = max(ex.end or 0, ex.as_of or 0) if ex.cumulative else (ex.end or ex.as_of or lo)
        return im.as_of - REFERENCE_DAYS <= hi and im.as_of >= lo

    def _explicit_fit(self, a: Facts, b: Facts) -> bool:
        if not a.resolved or not b.resolved:
            return a.norm_time == b.norm_time
        assert a.start is not None and b.start is not None
        a_open, b_open = a.cumulative and a.start != a.end, b.cumulative and b.start != b.end
        if a_open and b_open:  # one event's toll only meets counts since that event, not a month-long tally
            since_event = a.since_event or b.since_event
            return abs(a.start - b.start) <= (self.s.event_window if since_event else CUMULATIVE_START_DAYS)
        if a_open != b_open:  # a toll since an event and the count of that day's event are one count
            opened, closed = (a, b) if a_open else (b, a)
            assert opened.start is not None and closed.start is not None  # both checked above
            return opened.since_event and closed.start == (closed.end or closed.start) \
                and abs(opened.start - closed.start) <= self.s.event_window
        a_end, b_end = a.end or a.start, b.end or b.start
        w = self.s.event_window
        return abs(a.start - b.start) <= w and abs(a_end - b_end) <= w

    def _same_article_fit(self, a: Facts, b: Facts) -> bool:
        """In one article, two different figures are two quantities; the same figure restated is one."""
        if a.doc != b.doc:
            return True
        if {a.claim.hedge, b.claim.hedge} & {"vague", "up_to", "at_most"}:
            return _overlap(a.claim, b.claim)  # "dozens", "as many as 3,000" restate, they do not add
        if a.value is None or b.value is None:
            return False
        if a.value == b.value:
            return True  # "almost 800,000" in the lead, "800,000" in a subhead
        hedged = [f for f in (a, b) if f.claim.hedge != "exact"]
        if not hedged:
            return False
        other = b if hedged[0] is a else a
        return _restates(hedged[0].claim.hedge, hedged[0].value or 0.0, other.value or 0.0)

    def _affinity(self, f: Facts, cl: Cluster) -> tuple[int, int, int]:
        """Rank fitting clusters: members with the same figure, then with the same source, then size."""
        if cl.values is None or cl.sources is None:  # one claim
            g = cl.facts[0]
            return int(g.value == f.value), int(bool(f.source_key) and g.source_key == f.source_key), 1
        same_source = cl.sources.get(f.source_key, 0) if f.source_key else 0
        return cl.values.get(f.value, 0), same_source, len(cl.facts)


@lru_cache(maxsize=65536)
def _norm_time(text: str | None) -> str:
    return re.sub(r"^(?:in|on|at|during|over|within)\s+|\bthe\s+", "", (text or "").lower()).strip()


def _overlap(a: Claim, b: Claim) -> bool:
    """Return True when two intervals meet (open ends of more_than / almost / less_than are strict)."""
    return _gap(a, b) <= 0 and not _touch_only(a, b)


def _lo(c: Claim) -> float:
    return c.low if c.low is not None else float("-inf")


def _hi(c: Claim) -> float:
    return c.high if c.high is not None else float("inf")


def _gap(a: Claim, b: Claim) -> float:
    """Return how far apart two intervals are (<= 0 when they meet)."""
    return max(_lo(a) - _hi(b), _lo(b) - _hi(a))


def _touch_only(a: Claim, b: Claim) -> bool:
    """Return True when two intervals share only an endpoint that a strict hedge excludes."""
    strict_low = ("more_than",)
    strict_high = ("almost", "less_than")
    if _hi(a) == _lo(b):
        return a.hedge in strict_high or b.hedge in strict_low
    if _hi(b) == _lo(a):
        return b.hedge in strict_high or a.hedge in strict_low
    return False


# -- verdicts -------------------------------------------------------------------------------------------
def _best(c: Claim) -> float | None:
    if c.value is not None:
        return c.value
    if c.low is not None and c.high is not None:
        return (c.low + c.high) / 2
    return c.low if c.low is not None else c.high


def _buckets(claims: list[Claim], window: int) -> list[list[Claim]]:
    """Split claims into report dates: as-of dates within the window are one date."""
    dated = sorted(claims, key=lambda c: (_day(c.as_of) or 0, c.doc, c.start))
    out: list[list[Claim]] = []
    for c in dated:
        d = _day(c.as_of) or 0
        if out and d - (_day(out[-1][0].as_of) or 0) <= window:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _restates(hedge: str, hedged: float, exact: float) -> bool:
    """Return True when a hedged figure is an exact one rounded the way its hedge says.

    "more than a hundred" restates 109 and 160 (rounded down), "almost 40" restates 38 (rounded up),
    "around 300" restates 310; "at least 20" does not restate 29, and 34 is not 36.
    """
    if hedged <= 0 or exact <= 0:
        return False
    for digits in (1, 2):
        mag = 10 ** max(len(str(int(exact))) - digits, 0)
        down, up = math.floor(exact / mag) * mag, math.ceil(exact / mag) * mag
        if (hedge in ("more_than", "at_least") and hedged == down) or \
                (hedge in ("almost", "less_than", "up_to", "at_most") and hedged == up) or \
                (hedge == "about" and hedged in (down, up)):
            return hedged != exact or hedge == "about"
    return False


def _rounded(a: float, b: float) -> bool:
    """Return True when one figure is the other rounded (900,000 and 875,000; 40 and 38)."""
    for x, y in ((a, b), (b, a)):
        if x == 0:
            continue
        for digits in (1, 2):
            mag = 10 ** (len(str(int(abs(y)))) - digits)
            if mag >= 1 and round(y / mag) * mag == x:
                return True
    return False


@dataclass
class Judgement:
    """A verdict with its kind, severity, the claims that decided it and the rule."""

    verdict: str
    kind: str | None = None
    severity: float = 0.0
    pair: tuple[Claim, Claim] | None = None
    rule: str = ""


def judge(claims: list[Claim], settings: Settings) -> Judgement:
    """Decide consistent / evolving / conflict for one group."""
    if len(claims) < 2:
        return Judgement("single", rule="verdict.single")
    buckets = _buckets(claims, settings.same_day_window)  # casualty counts are tallies that grow with time
    worst: Judgement | None = None
    for bucket in buckets:
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                if not _overlap(a, b):
                    j = _conflict(a, b, settings)
                    if worst is None or j.severity > worst.severity:
                        worst = j
    if worst is not None:
        return worst
    if len(buckets) > 1:
        return _trend(buckets, settings)
    return Judgement("consistent", rule="verdict.intervals_meet")


def _conflict(a: Claim, b: Claim, settings: Settings, regression: bool = False) -> Judgement:
    gap = max(_gap(a, b), 0.0)
    scale = max(abs(_best(a) or 0.0), abs(_best(b) or 0.0), 1.0)
    severity = round(gap / scale, 4)
    if regression:
        kind = "regression"
    elif severity <= settings.wording_tolerance or _rounded(_best(a) or 0, _best(b) or 0):
        kind = "wording"
    elif (a.source_key or a.outlet) != (b.source_key or b.outlet):
        kind = "source_split"
    else:
        kind = "true_conflict"
    return Judgement("conflict", kind, max(severity, 0.0001), (a, b), f"verdict.conflict.{kind}")


def _trend(buckets: list[list[Claim]], settings: Settings) -> Judgement:
    """Judge a cumulative count across report dates: growth is evolving, a drop is a regression."""
    grew = False
    for earlier, later in pairwise(buckets):
        for a in earlier:
            for b in later:
                if _hi(b) < _lo(a) or (_hi(b) == _lo(a) and b.hedge in ("almost", "less_than")):
                    return _conflict(a, b, settings, regression=True)
                if _lo(b) > _hi(a) or (_best(b) or 0) > (_best(a) or 0) * (1 + settings.wording_tolerance / 5):
                    grew = True  # later best figure higher: the tally moved on
    return Judgement("evolving" if grew else "consistent",
                     rule="verdict.cumulative_growth" if grew else "verdict.intervals_meet")


# -- summaries and explanations -------------------------------------------------------------------------
def _who(c: Claim) -> str:
    return c.outlet or c.doc


@lru_cache(maxsize=65536)
def _short_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%b')} {d.year}"


def _fmt(x: float | None) -> str:
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


def _summarise_one(c: Claim) -> dict[str, Any]:
    """Return summarise([c]) without the list work: most groups hold one claim."""
    best = _best(c)
    firm = c.hedge != "vague"
    low = (c.low if c.low is not None else best) if firm else c.low
    return {
        "low": low,
        "best": best if firm else None,
        "high": (c.high if c.high is not None else best) if firm else c.high,
        "conservative": low if firm else None,
        "latest_by_source": {c.source or _who(c): {"value": best, "number_text": c.number_text, "as_of": c.as_of,
                                                   "claim": c.id, "outlet": c.outlet}},
        "independent_sources": 1,
        "claims": 1,
    }


def summarise(claims: list[Claim], settings: Settings) -> dict[str, Any]:
    """Return low / best / high (UCDP style), a conservative figure (ACLED style) and the latest per source."""
    if len(claims) == 1:
        return _summarise_one(claims[0])
    lows = [x for x in (c.low if c.low is not None else _best(c) for c in claims if c.hedge != "vague")
            if x is not None] or [c.low for c in claims if c.low is not None]
    highs = [x for x in (c.high if c.high is not None else _best(c) for c in claims if c.hedge != "vague")
             if x is not None] or [c.high for c in claims if c.high is not None]
    bests = [b for b in (_best(c) for c in claims if c.hedge != "vague") if b is not None]
    latest_day = max((_day(c.as_of) or 0) for c in claims)
    recent = [c for c in claims if (_day(c.as_of) or 0) >= latest_day - settings.same_day_window]
    cons = [v for v in ((c.low if c.low is not None else _best(c)) for c in recent if c.hedge != "vague")
            if v is not None]
    latest: dict[str, dict[str, Any]] = {}
    for c in sorted(claims, key=lambda c: (_day(c.as_of) or 0, c.doc, c.start)):
        key = c.source or _who(c)
        latest[key] = {"value": _best(c), "number_text": c.number_text, "as_of": c.as_of, "claim": c.id,
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


def _describe(c: Claim) -> str:
    cite = f", citing {c.source}" if c.source else ""
    return f"{_who(c)} ({_short_date(c.as_of)}{cite}) says {c.number_text} {c.category}"


def explain(claims: list[Claim], j: Judgement) -> str:
    """Write one plain sentence an editor or a trainee understands."""
    if j.verdict == "single":
        return f"Only {_describe(claims[0])}; no other outlet gives this figure."
    if j.verdict == "conflict" and j.pair:
        a, b = j.pair
        why = {"wording": "the wording or rounding differs", "source_split": "they cite different sources",
               "regression": "a later cumulative count is lower than an earlier one",
               "true_conflict": "the figures cannot both be true"}[j.kind or "true_conflict"]
        gap = "they only touch: one says below the figure, the other above it" if j.severity < 0.001 else \
            f"a gap of {j.severity:.0%} of the figure"
        return f"{_describe(a)}; {_describe(b)}: the intervals do not meet ({gap}) and {why}."
    ordered = sorted(claims, key=lambda c: (_day(c.as_of) or 0, c.doc, c.start))
    if j.verdict == "evolving":
        a = next((c for c in ordered if c.hedge != "vague"), ordered[0])
        b = next((c for c in reversed(ordered) if c.hedge != "vague"), ordered[-1])
        days = (_day(b.as_of) or 0) - (_day(a.as_of) or 0)
        grew = (_best(b) or 0) - (_best(a) or 0)
        return (f"{_describe(a)}; {_describe(b)}: the count grew by about {_fmt(abs(grew))} in {days} days, "
                f"as a cumulative count does.")
    outlets = sorted({_who(c) for c in claims})
    return (f"{len(claims)} figures from {', '.join(outlets)} ({', '.join(c.number_text for c in ordered[:4])}"
            f"{', ...' if len(ordered) > 4 else ''}) all overlap, so they agree.")


# -- relations ----------------------------------------------------------------------------------------
def _relation(kind: str, parts: list[Claim], total: Claim, settings: Settings, rule: str) -> Relation:
    lo = sum(_lo(p) if p.low is not None else (_best(p) or 0) for p in parts)
    hi = sum(_hi(p) for p in parts)
    tol = settings.relation_tolerance * max(abs(_best(total) or 0), 1)
    if kind == "sum":
        holds = lo - tol <= _hi(total) and hi + tol >= _lo(total)
        arith = " + ".join(p.number_text for p in parts) + f" = {_fmt(lo) if lo == hi else _fmt(lo) + '–' + _fmt(hi)}"
        text = f"{arith}, against the stated total {total.number_text}: " + ("it adds up." if holds else
                                                                             "it does not add up.")
    else:
        holds = lo <= _hi(total) + tol
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
                      "since" in (w.time or "") and (_day(w.period_start) or 0) < (_day(part.period_start) or 0) and
                      abs((_day(w.as_of) or 0) - (_day(part.period_end) or 0)) <= settings.same_day_window and
                      gaz.related(w.place, part.place)]
            if wholes and part.period_start != part.period_end:
                out.append(_relation("subset", [part], wholes[0], settings, "relation.sub_period"))
    return out


def _same_subject(a: Claim, b: Claim) -> bool:
    """Return True when two subject keys (actor:kind) can name the same thing ("*" matches any actor)."""
    actor_a, _, kind_a = (a.subject_key or "*:").partition(":")
    actor_b, _, kind_b = (b.subject_key or "*:").partition(":")
    return kind_a == kind_b and (actor_a == actor_b or "*" in (actor_a, actor_b))


PARALLEL_MIN_CLAIMS = 50_000  # below this, starting a process costs more than it saves


def reconcile(claims: list[Claim], rules: Ruleset, jobs: int = 1) -> tuple[list[Group], list[Relation]]:
    """Return the groups (one per quantity) and the arithmetic relations between claims.

    With jobs > 1 and many claims, independent blocks are grouped in forked processes (where the platform
    forks); the result is the same as with jobs=1.
    """
    settings = Settings.from_rules(rules)
    gaz = build_gazetteer(rules)
    with _no_gc():
        shares = _shares(claims, jobs) if jobs > 1 and len(claims) >= PARALLEL_MIN_CLAIMS and _can_fork() else []
        if len(shares) > 1:
            groups, rels = _reconcile_forked(claims, shares, settings, gaz)
        else:
            groups = _group_and_judge(claims, settings, gaz)
            rels = relations(claims, settings, gaz)
        groups.sort(key=_report_order)  # forked shares come back sorted: for them this is a merge
        return groups, rels


_VERDICT_ORDER = {"conflict": 0, "evolving": 1, "consistent": 2, "single": 3}


def _report_order(g: Group) -> tuple[int, float, str]:
    """Return the order of groups in the report: conflicts first, the worst first."""
    return _VERDICT_ORDER[g.verdict], -g.severity, g.id


def _group_and_judge(claims: list[Claim], settings: Settings, gaz: Gazetteer) -> list[Group]:
    """Group the claims and judge each group."""
    return [make_group(members, settings) for members in Grouper(gaz, settings).group(claims)]


def _can_fork() -> bool:
    """Forking shares the claims with the workers without copying them; only Linux forks safely here."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() \
        and threading.active_count() == 1


def _shares(claims: list[Claim], jobs: int) -> list[list[int]]:
    """Split the claims (as positions) into at most jobs shares of whole independent units, balanced by size.

    A unit is a block (category, kind), or a whole category when it holds figures whose counted noun is
    unsaid, since those may join a group of any kind of their category.
    """
    unsaid = {c.category for c in claims if c.category in TARGET and block_of(c)[1] == ANY_KIND}
    units: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.category in TARGET:
            units[(c.category,) if c.category in unsaid else block_of(c)].append(i)
    shares: list[list[int]] = [[] for _ in range(min(jobs, len(units)))]
    for unit in sorted(units.values(), key=len, reverse=True):  # largest first, each to the lightest share
        min(shares, key=len).extend(unit)
    return [sorted(share) for share in shares if share]


_FORKED: tuple[list[Claim], list[list[int]], Settings, Gazetteer] | None = None  # what forked workers read


def _reconcile_forked(claims: list[Claim], shares: list[list[int]], settings: Settings,
                      gaz: Gazetteer) -> tuple[list[Group], list[Relation]]:
    """Group the first share here and the others in forked processes; find relations meanwhile."""
    global _FORKED
    shares = sorted(shares, key=len)  # this process also finds the relations: it takes the smallest share
    _FORKED = (claims, shares, settings, gaz)
    try:
        with multiprocessing.get_context("fork").Pool(len(shares) - 1, initializer=_leave_interrupts_to_parent) as pool:
            pending = pool.map_async(_forked_share, range(1, len(shares)), chunksize=1)
            groups = _group_and_judge([claims[i] for i in shares[0]], settings, gaz)
            rels = relations(claims, settings, gaz)
            for part in pending.get():
                groups += part
    finally:
        _FORKED = None
    return groups, rels


def _leave_interrupts_to_parent() -> None:
    """In a forked worker: ignore Ctrl-C; the parent stops the pool and reports the interruption once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _forked_share(k: int) -> list[Group]:
    """In a forked worker: group and judge share k of the claims."""
    assert _FORKED is not None
    claims, shares, settings, gaz = _FORKED
    gc.disable()
    return sorted(_group_and_judge([claims[i] for i in shares[k]], settings, gaz), key=_report_order)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: grouping builds millions of objects and no reference cycles, and
    the collector's passes over them grow with the heap (without the pause a million claims take twice as long)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def make_group(members: list[Claim], settings: Settings) -> Group:
    """Judge, summarise and explain one group of claims."""
    if len(members) == 1:  # most groups: the general path below gives the same, with more list work
        c = members[0]
        return Group(id=stable_id("g", c.category, c.subject_key or "", c.id), verdict="single", claims=(c.id,),
                     category=c.category, subject_key=c.subject_key or "", place=c.place or None,
                     summary=_summarise_one(c), explanation=f"Only {_describe(c)}; no other outlet gives this figure.",
                     rule="verdict.single")
    members = sorted(members, key=lambda c: (c.as_of or "", c.doc, c.start))
    j = judge(members, settings)
    first = members[0]
    places = sorted({c.place for c in members if c.place}, key=lambda p: (p.count("+"), len(p), p))
    actor_kind = sorted({c.subject_key or "" for c in members}, key=lambda k: (k.startswith("*"), k))
    gid = stable_id("g", first.category, actor_kind[0] if actor_kind else "", min(c.id for c in members))
    return Group(id=gid, verdict=j.verdict, claims=tuple(c.id for c in members), category=first.category,
                 subject_key=actor_kind[0] if actor_kind else None, place=places[0] if places else None,
                 kind=j.kind, severity=j.severity, summary=summarise(members, settings),
                 explanation=explain(members, j), rule=j.rule)
