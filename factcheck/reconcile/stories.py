"""Cluster articles into stories (one event or crisis) before any claims are compared.

Two articles are of one story when they speak of the same things (TF-IDF cosine of their content words, with
names and the places their figures are about weighed up) and were published close together; a story chains
(single linkage), so coverage that runs for weeks stays one story while each link is between near neighbours.
A story gets a readable title: its main place, its event word and its date range ("Idlib offensive, Jan-Mar 2020").
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from factcheck.gazetteer import Gazetteer
from factcheck.models import Article, Claim, Story, stable_id
from factcheck.reconcile.identity import Places, main_place
from factcheck.reconcile.incidents import Incident, published_date, read_incident
from factcheck.reconcile.incidents import different as different_incidents
from factcheck.reconcile.incidents import same as same_incident
from factcheck.reconcile.settings import day

# Two articles are linked when their cosine is at least the first figure and they were published at most the
# second number of days apart; a story chains through its links.
LINKS = ((0.16, 90), (0.1, 21))
APART_PLACES_SIMILARITY = 0.3  # articles each about its own town are linked only when this alike (one storm's towns)
TOP_TERMS = 100  # terms kept per article vector
INDEX_TERMS = 8  # of which these find candidate neighbours
TIME_NEIGHBOURS = 3  # articles sharing a strong term are compared with their next ones in time
MAX_POSTING = 200  # index terms shared by more articles than this find no neighbours
MIN_WORDS = 12  # an article with fewer content words is compared by date and country only
ALL_PAIRS = 300  # a corpus this small compares every pair of articles
TEXT_CHARS = 4000  # the title and lead carry what an article is about
LEAD_CHARS = 600  # the lead (dateline included) names the places a story is about
NAME_WEIGHT = 2.0  # capitalised words inside a sentence: names of places, people, groups
PLACE_WEIGHT = 3.0  # places the article's figures are about

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]+")
STOPWORDS = frozenset("""
a about above after again against all almost also although am among an and another any are around as at be
because been before being below between both but by can could did do does doing down during each even ever
every few for from further had has have having he her here hers him his how however i if in into is it its
itself just least less like made make many may me might more most much must my near nearly no nor not now of
off on once one only or other our out over own per said same says she should since so some such than that the
their them then there these they this those though three through to too two under until up upon us very was
we were what when where which while who whom whose why will with within without would year years yet you your
according told added including include includes new last first second week weeks day days month months monday
tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december mr ms people killed dead death deaths injured wounded toll number figure figures
report reports reported reporting news agency statement official officials spokesman spokeswoman thousand
thousands hundreds dozens million millions least say saying tell group groups area areas
""".split())  # noqa: SIM905
EVENT_WORDS = ("earthquake", "quake", "floods", "flooding", "flood", "storm", "hurricane", "cyclone", "typhoon",
               "wildfire", "fire", "tsunami", "landslide", "eruption", "drought", "famine", "outbreak", "epidemic",
               "offensive", "airstrike", "strike", "attack", "bombing", "shelling", "shooting", "explosion", "blast",
               "crash", "clashes", "war", "conflict", "siege", "raid", "ambush", "massacre", "displacement", "crisis")
CRIME_EVENT_WORDS = ("shooting", "stabbing", "attack", "explosion", "crash")
_EVENT_NAMES = {"quake": "earthquake", "flooding": "floods", "flood": "floods", "fire": "fire", "strike": "strike"}


@dataclass
class _Doc:
    """One article as the story clustering sees it."""

    doc: str
    when: int | None
    title: str
    vector: dict[str, float]
    countries: frozenset[str] = frozenset()  # the countries its figures and lead name
    main: str = ""  # the place most of its figures speak of
    incident: Incident | None = None  # what its lead says of when and where; whether it is a crime report
    towns: frozenset[str] = frozenset()  # a crime report's towns: its figures', its dateline's, its outlet's

    @property
    def crime(self) -> bool:
        """Return True for a local crime report."""
        return self.incident is not None and self.incident.crime


_LOWER_WORD = re.compile(r"[a-z\u00e0-\u024f][a-z\u00e0-\u024f'’-]*[a-z\u00e0-\u024f]")
_NAME = re.compile(r"(?<=[a-z0-9,;:] )[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’-]*[A-Za-z\u00C0-\u024F]")  # in a sentence


def _words(text: str) -> list[str]:
    """Return the content words of a text, lower case (three letters or more, no stopwords)."""
    return [w for w in _LOWER_WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def _terms(title: str, text: str, places: Iterable[str]) -> Counter[str]:
    """Count an article's content words, names weighed up, plus the places its figures are about."""
    lead = text[:TEXT_CHARS]
    counts: Counter[str] = Counter(_words(lead))
    for word in _words(title):
        counts[word] += 3  # type: ignore[assignment]
    for name in _NAME.findall(lead):
        word = name.lower()
        if word in counts:
            counts[word] += NAME_WEIGHT - 1  # type: ignore[assignment]
    for place in places:
        counts["@" + place] += PLACE_WEIGHT  # type: ignore[assignment]
    return counts


def _vectors(docs: list[Row]) -> list[_Doc]:
    """Weigh terms by TF-IDF (sublinear counts) and keep each article's strongest, unit length.

    A term only one article uses cannot link two, so it is left out (in corpora of three or more articles);
    a term every article uses weighs nothing.
    """
    df: Counter[str] = Counter()
    for row in docs:
        df.update(row[3].keys())
    n = len(docs)
    least = 2 if n >= 3 else 1
    out = []
    for doc, when, title, counts, countries, main, incident, towns in docs:
        weights = {t: (1 + math.log(c)) * math.log((n + 1) / df[t]) for t, c in counts.items()
                   if c > 0 and df[t] >= least}
        top = sorted(((t, w) for t, w in weights.items() if w > 0), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        out.append(_Doc(doc, when, title, {t: w / norm for t, w in top}, countries, main, incident, towns))
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _robust_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine less its largest term, and the place named with it: one rare word or place two
    articles share by chance ("Turbo", a town named in passing) must not make them one story."""
    if len(a) > len(b):
        a, b = b, a
    total, top, top_term = 0.0, 0.0, ""
    for t, w in a.items():
        other = b.get(t)
        if other is not None:
            product = w * other
            total += product
            if product > top:
                top, top_term = product, t
    if not top_term:
        return 0.0
    twin = top_term[1:] if top_term.startswith("@") else "@" + top_term  # the word and the place it names
    return total - top - a.get(twin, 0.0) * b.get(twin, 0.0)


def linked(a: _Doc, b: _Doc, places: Places) -> bool:
    """Return True when two articles are of one story: alike enough for how far apart they were published,
    not about two different countries only, and, when each is about its own town or province, alike in more
    than the words of their kind of event (two shootings in two cities on one day are two stories; one storm's
    towns are one)."""
    if a.countries and b.countries and not a.countries & b.countries:
        return False
    if a.incident is not None and b.incident is not None and (a.crime or b.crime):
        if a.crime and b.crime:
            return _same_local_incident(a, b, a.incident, b.incident, places)
        if different_incidents(a.incident, b.incident):
            return False  # a report that names no police is not linked to a shooting its lead tells apart
    sim = _robust_cosine(a.vector, b.vector)
    if a.main and b.main and places.depth(a.main) >= 2 and places.depth(b.main) >= 2 \
            and not places.fit(a.main, b.main) and sim < APART_PLACES_SIMILARITY:
        return False
    gap = abs(a.when - b.when) if a.when is not None and b.when is not None else 0
    return any(sim >= least and gap <= days for least, days in LINKS)


def _same_local_incident(a: _Doc, b: _Doc, ia: Incident, ib: Incident, places: Places) -> bool:
    """Return True when two local crime reports are of one incident: of one town (or a town unsaid), their
    leads not saying two incidents (another day, another hour, other streets), and either sharing the day and a
    street or a moment, or alike in words within the shortest link window."""
    if a.towns and b.towns and not any(places.fit(x, y) for x in a.towns for y in b.towns):
        return False
    if different_incidents(ia, ib):
        return False
    gap = abs(a.when - b.when) if a.when is not None and b.when is not None else 0
    if a.towns & b.towns and same_incident(ia, ib) and gap <= LINKS[-1][1]:
        return True
    least = LINKS[-1][0] if a.towns and b.towns else LINKS[0][0]  # a town unsaid: the words must say more
    return _robust_cosine(a.vector, b.vector) >= least and gap <= LINKS[-1][1]


def link(docs: list[_Doc], places: Places) -> list[list[int]]:
    """Return the articles (as positions) grouped into stories by single linkage over near neighbours."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidates(docs):
        if find(i) != find(j) and linked(docs[i], docs[j], places):
            parent[find(j)] = find(i)
    _link_wordless(docs, parent, find)
    found: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        found[find(i)].append(i)
    return sorted(found.values(), key=lambda members: members[0])


def _candidates(docs: list[_Doc]) -> Iterator[tuple[int, int]]:
    """Yield the pairs of articles to compare: all of a small corpus; in a large one, for each strong term, the
    articles that use it paired with their next few in publication order (a story chains through them)."""
    if len(docs) <= ALL_PAIRS:
        yield from ((i, j) for i in range(len(docs)) for j in range(i + 1, len(docs)))
        return
    index: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for term in list(d.vector)[:INDEX_TERMS]:
            index[term].append(i)
    seen: set[tuple[int, int]] = set()
    for posting in index.values():
        if not 2 <= len(posting) <= MAX_POSTING:  # a term that many articles share does not tell stories apart
            continue
        posting.sort(key=lambda i: (docs[i].when or 0, i))
        for k, i in enumerate(posting):
            for j in posting[k + 1:k + 1 + TIME_NEIGHBOURS]:
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    yield pair
    for pair in _same_town_reports(docs):
        if pair not in seen:
            seen.add(pair)
            yield pair


def _same_town_reports(docs: list[_Doc]) -> Iterator[tuple[int, int]]:
    """Yield the pairs of local crime reports of one town published within the shortest link window: one
    shooting told by two outlets may share no strong word ("the Elm Street shooting", "in Eastside")."""
    towns: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for town in d.towns if d.crime else ():
            towns[town].append(i)
    for members in towns.values():
        members.sort(key=lambda i: (docs[i].when or 0, i))
        for k, i in enumerate(members):
            for j in members[k + 1:]:
                if (docs[j].when or 0) - (docs[i].when or 0) > LINKS[-1][1]:
                    break
                yield (i, j) if i < j else (j, i)


def _link_wordless(docs: list[_Doc], parent: list[int], find: Callable[[int], int]) -> None:
    """Join articles with too few words to compare (claims given without their articles, a line of text) by
    date and country alone."""
    bare = sorted((i for i, d in enumerate(docs) if sum(not t.startswith("@") for t in d.vector) < MIN_WORDS
                   and not d.crime),  # a short crime report is compared by its incident, never by date alone
                  key=lambda i: (docs[i].when or 0, i))
    for i, j in pairwise(bare):
        if linked_by_date(docs[i], docs[j]):
            parent[find(j)] = find(i)


def linked_by_date(a: _Doc, b: _Doc) -> bool:
    """Return True when two wordless articles were published within the shortest link window, about one country."""
    if a.countries and b.countries and not a.countries & b.countries:
        return False
    return a.when is None or b.when is None or abs(a.when - b.when) <= LINKS[-1][1]


def build_stories(articles: list[Article], claims: list[Claim], gaz: Gazetteer) -> list[tuple[Story, list[str]]]:
    """Return the stories of the corpus, each with its article docs; articles that only claims name count too."""
    return stories_and_places(articles, claims, gaz)[0]


Row = tuple[str, "int | None", str, Counter[str], frozenset[str], str, "Incident | None", frozenset[str]]


def stories_and_places(articles: list[Article], claims: list[Claim],
                       gaz: Gazetteer) -> tuple[list[tuple[Story, list[str]]], dict[str, str]]:
    """Return the stories with their docs, and each article's main place (its figures', else its dateline's)."""
    made, places, _ = stories_places_incidents(articles, claims, gaz)
    return made, places


def stories_places_incidents(articles: list[Article], claims: list[Claim], gaz: Gazetteer) \
        -> tuple[list[tuple[Story, list[str]]], dict[str, str], set[str]]:
    """Return the stories with their docs, each article's main place, and the stories of one local incident
    (every article a local crime report: all their figures count that one shooting)."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.doc].append(c)
    known = {a.doc: a for a in articles}
    docs = sorted(set(known) | set(by_doc))
    rows = [_row(doc, known.get(doc), by_doc.get(doc, []), gaz) for doc in docs]
    vectors = _vectors(rows)
    out = []
    incidents: set[str] = set()
    for members in link(vectors, Places(gaz)):
        story_docs = [vectors[i].doc for i in members]
        story = _story(story_docs, [vectors[i] for i in members], by_doc, gaz)
        out.append((story, story_docs))
        if all(vectors[i].crime for i in members):
            incidents.add(story.id)
    return out, {v.doc: v.main for v in vectors if v.main}, incidents


def _row(doc: str, art: Article | None, mine: list[Claim], gaz: Gazetteer) -> Row:
    """Return what story clustering reads of one article: date, title, term counts, countries, main place."""
    text = art.text if art else " ".join(dict.fromkeys(c.sentence for c in mine))
    title = (art.title or "") if art else ""
    published = (art.published if art else None) or next((c.published for c in mine if c.published), None)
    places = {p for c in mine if c.place for p in c.place.split("+")}
    lead = gaz.find(f"{title}\n{text[:LEAD_CHARS]}") if art is not None else []
    places |= {hit.key for hit in lead}
    countries = frozenset(c for p in places if (c := gaz.country(p)))
    main = main_place(mine, gaz) or (lead[0].key if lead else "")  # else the dateline's place
    incident = read_incident(title, text, published_date(published)) if art is not None else None
    towns: frozenset[str] = frozenset()
    if incident is not None and incident.crime and art is not None:
        town = outlet_town(art.outlet or "", gaz)
        main = main or town
        towns = frozenset(p for p in (main_place(mine, gaz), lead[0].key if lead else "", town)
                          if p and "+" not in p and gaz.depth(p) >= 2)
    return doc, day(published), title, _terms(title, text, places), countries, main, incident, towns


def outlet_town(outlet: str, gaz: Gazetteer) -> str:
    """Return the town a local outlet's name gives ("Baltimore Harbor Ledger", "WBXT 4 Baltimore"), "" when none:
    a place inside a country, named by up to three of its words (a country or state in a name is no town)."""
    words = outlet.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            key = gaz.aliases.get(" ".join(words[i:i + size]).lower())
            if key and gaz.depth(key) >= 2:
                return key
    return ""


def _story(docs: list[str], vectors: list[_Doc], by_doc: dict[str, list[Claim]], gaz: Gazetteer) -> Story:
    """Name a story: main place, event word, date range."""
    days = sorted(v.when for v in vectors if v.when is not None)
    first = date.fromordinal(days[0]).isoformat() if days else None
    last = date.fromordinal(days[-1]).isoformat() if days else None
    claims = [c for d in docs for c in by_doc.get(d, [])]
    place = main_place(claims, gaz) or _reports_town(vectors)
    event = _event(vectors)
    where = " and ".join(gaz.names.get(p, p.title()) for p in place.split("+")) if place else ""
    head = " ".join(x for x in (where, event) if x) or "Coverage"
    title = f"{head[0].upper()}{head[1:]}, {date_range(first, last)}" if first else head[0].upper() + head[1:]
    first_doc = min(vectors, key=lambda v: (v.when or 0, v.doc)).doc
    return Story(id=stable_id("s", first_doc), title=title, articles=tuple(sorted(docs)), groups=(),
                 first=first, last=last, place=place or None, event=event or None)


def _reports_town(vectors: list[_Doc]) -> str:
    """Return the town most of a story's local crime reports are from ("" unless all its articles are such)."""
    if not all(v.crime for v in vectors):
        return ""
    towns = Counter(v.main for v in vectors if v.main)
    return min(towns, key=lambda k: (-towns[k], k)) if towns else ""


def _event(vectors: list[_Doc]) -> str:
    """Return the event word the story's articles weigh most ("" when none); local crime reports name a crime
    ("opened fire" is no fire)."""
    score: dict[str, float] = defaultdict(float)
    words = CRIME_EVENT_WORDS if all(v.crime for v in vectors) else EVENT_WORDS
    for v in vectors:
        for word in words:
            if word in v.vector:
                score[_EVENT_NAMES.get(word, word)] += v.vector[word]
        for word in _title_words(v.title):
            if word in words:
                score[_EVENT_NAMES.get(word, word)] += 0.5
    return min(score, key=lambda w: (-score[w], w)) if score else ""


def _title_words(title: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(title)]


def date_range(first: str | None, last: str | None) -> str:
    """Return "6 Feb 2023", "Feb 2023", "Jan-Mar 2020" or "Dec 2019-Mar 2020"."""
    if not first:
        return "undated"
    a = date.fromisoformat(first)
    b = date.fromisoformat(last or first)
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}-{b.day} {a:%b %Y}"
    if a.year == b.year:
        return f"{a:%b}-{b:%b %Y}"
    return f"{a:%b %Y}-{b:%b %Y}"
