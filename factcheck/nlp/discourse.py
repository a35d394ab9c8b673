"""What one sentence says about the figures of another: credits given after the fact, an article's author."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from factcheck.models import Claim
from factcheck.nlp.attribution import WHO_END, Sources, is_name, person_with_role, tidy
from factcheck.nlp.timex import EventDate
from factcheck.breakdown import breakdown_category, item_area
from factcheck.nlp.missing import accounted_for, missing_rule

_VERBS = (r"announced|revealed|released|reported|given|provided|published|confirmed|issued|stated|compiled|shared|"
          r"disclosed|supplied|put\s+out|made\s+public")
CREDIT_BACK = re.compile(
    r"\b(?:this|these|that|those|such|the\s+(?:[\w-]+\s+){0,3}?(?:figures?|data|numbers?|tolls?|tally|statistics|"
    r"estimates?|information|count))\s+(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)?(?:the\s+)?"
    r"(?:(?:[\w-]+\s+)?(?:data|figures?|numbers?|statistics)\s+)?(?:\w+ly\s+)?(?:" + _VERBS + r")\s+by\s+"
    r"(?P<who>[^.;:!?]+)", re.I)
PARTITIVE = re.compile(r"^\W*(?:of|among|including)\s+(?:them|those|these|whom|the\s+total|this\s+number|that\s+number|"
                       r"the\s+(?:dead|displaced|injured|wounded|victims|deaths|casualties))\b", re.I)
_AUTHOR = (
    re.compile(r"^(?:this|the\s+following)\s+is\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:update|statement|message|letter|"
               r"op-ed|blog|note|briefing|report|post|column|article|appeal)s?\s+(?:from|by)\s+(?P<who>.+?)\W*$", re.I),
    re.compile(r"^(?:statement|remarks|briefing|message|letter|update|op-ed)\s+(?:by|from)\s+(?P<who>[^,:;]+)", re.I),
    re.compile(r"^(?P<who>[A-Z][^:;]{3,150}?)\s+(?:Statement|Remarks|Press\s+Statement|Briefing|Message|Op-Ed)\s+"
               r"(?:on|to|at|regarding|about|for)\b"),
)


@dataclass(frozen=True)
class Line:
    """A sentence as the article-level passes need it: where it starts, its text, paragraph and headline flag."""

    start: int
    text: str
    para: int
    headline: bool = False


def find_author(lines: list[Line], sources: Sources, titles: frozenset[str]) -> str | None:
    """Return who writes the article when it says so ("This is an update from the head of X, Jane Doe")."""
    for line in lines[:6]:
        for pattern in _AUTHOR:
            m = pattern.search(line.text.strip())
            if m:
                return name_of(m.group("who"), sources, titles)
    return None


def name_of(phrase: str, sources: Sources, titles: frozenset[str]) -> str:
    """Return the body or the person a credit phrase names, the person's title after the name."""
    short = WHO_END.split(phrase, maxsplit=1)[0].strip()
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    if len(parts) > 1 and is_name(parts[1], titles):
        return f"{tidy(parts[1])} ({tidy(parts[0])})"  # "the head of the White Helmets, Raed al-Saleh"
    name, body = sources.canonical(phrase)
    if body is not None:
        return name
    return person_with_role(phrase, titles) or tidy(short)


def credit_after(text: str, at: int) -> str | None:
    """Return who a sentence credits after the figure ("...: these are data reported by rescuers")."""
    for m in CREDIT_BACK.finditer(text):
        if m.start() > at:
            return m.group("who").strip()
    return None


def credit_back(text: str) -> str | None:
    """Return who the sentence says gave the figures before it ("This was announced by AFAD.")."""
    m = CREDIT_BACK.match(text.strip())
    return m.group("who").strip() if m else None


def settle_sources(claims: list[Claim], lines: list[Line], sources: Sources, titles: frozenset[str]) -> list[Claim]:
    """Credit figures their own sentence leaves unattributed: a credit after them, "Of them", the article's author."""
    index = {line.start: n for n, line in enumerate(lines)}
    author = find_author(lines, sources, titles)
    out: list[Claim] = []
    for c in claims:
        n = index.get(c.sentence_start)
        if c.source is None and n is not None and not lines[n].headline:
            c = _credit(c, n, lines, out, sources, titles, author)
        out.append(c)
    return out


def _credit(c: Claim, n: int, lines: list[Line], done: list[Claim], sources: Sources, titles: frozenset[str],
            author: str | None) -> Claim:
    """Return the claim credited by the first rule that applies, else unchanged."""
    line = lines[n]
    who = credit_after(line.text, c.start - line.start)
    rule = "source.credit_after"
    if who is None and n + 1 < len(lines) and lines[n + 1].para == line.para:
        who, rule = credit_back(lines[n + 1].text), "source.credit_back"
    if who is not None:
        return _with_source(c, name_of(who, sources, titles), rule)
    if PARTITIVE.match(line.text) and n > 0:
        before = [d for d in done if d.source and d.sentence_start == lines[n - 1].start]
        if before:
            return _with_source(c, before[-1].source or "", "source.partitive")
    if author is not None:
        return _with_source(c, author, "source.author")
    return c


def _with_source(c: Claim, source: str, rule: str) -> Claim:
    rules = tuple(r for r in c.rules if r != "source.none") + (rule,)
    return replace(c, source=source, source_key=source.lower(), rules=rules)


TALLIES = ("killed", "injured", "displaced")
_NOT_OWN = ("time.statement_date", "time.cumulative", "time.since_event")
_PART = re.compile(r"\balone\b|\bin\s+(?:the\s+)?(?:past|last)\b", re.I)
_FEARED = re.compile(r"^\W*(?:[\w'’-]+\s+){0,4}?feared\s+dead\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_OTHER_CAUSE = re.compile(r"\b(?:war|conflict|uprising|revolution|insurgency|fighting|bombardment|airstrikes?|shelling)\b",
                          re.I)  # a count of another cause than the article's event


@dataclass(frozen=True)
class Events:
    """The events an article dates: per sentence, the kinds it names and the dates it gives; the main event."""

    named: list[set[str]]  # per line, the event kinds named
    dates: dict[str, str]  # kind -> earliest date the article gives
    main: str | None  # date of the event the article is about
    main_kind: str | None = None  # its kind: "earthquake", "flood", ...


def article_events(named: list[set[str]], dated: list[list[EventDate]]) -> Events:
    """Return the article's event dates: the earliest per kind; the main one is that of the most-dated kind."""
    dates: dict[str, str] = {}
    counts: dict[str, int] = {}
    for found in dated:
        for e in found:
            dates[e.kind] = min(dates.get(e.kind, e.date), e.date)
            counts[e.kind] = counts.get(e.kind, 0) + 1
    main = max(counts, key=lambda k: counts[k]) if counts else None
    return Events(named, dates, dates[main] if main else None, main)


def settle_times(claims: list[Claim], lines: list[Line], events: Events,
                 related: Callable[[str | None, str | None], bool], starts: Sequence[str] = ()) -> list[Claim]:
    """Give running tallies the start the article gives them: the event's date, the story's "since", a month's day.

    starts are the days the article says something began on ("the offensive began on 12 March")."""
    index = {line.start: n for n, line in enumerate(lines)}
    days = {d[:7]: d for d in starts}
    days.update({c.period_start[:7]: c.period_start for c in claims if _own(c) and c.period_start and c.cumulative
                 and c.time and re.fullmatch(r"(?:since |)\d{4}-\d{2}-\d{2}(?:/.*)?", c.time)})
    out = []
    for c in claims:
        c = _refine_month(c, days)
        n = index.get(c.sentence_start)
        if c.category in TALLIES and n is not None:
            c = _tally_start(c, lines[n].text, events, events.named[n], claims, related)
        out.append(c)
    return out


def past_events(claims: list[Claim]) -> list[Claim]:
    """Date the figures of an earlier event the article recalls ("in 2004, when a quake killed more than 600", "the
    Camp Fire in 2018, which killed 85"): a year before the publication's, then a verb in the simple past, put the
    figure in that year, a count apart from the story's. "Since 2011, the war has killed" stays a running tally."""
    out = []
    for c in claims:
        at = c.start - c.sentence_start
        published = (c.published or "")[:4]
        if c.category in TALLIES and published.isdigit() and not _own(c) and 0 < at <= len(c.sentence):
            before = c.sentence[max(0, at - 100):at]
            years = [m for m in _YEAR.finditer(before) if m.group(0) < published]
            after = _PAST_AFTER.match(c.sentence, c.end - c.sentence_start)
            year = years[-1].group(0) if years and _PAST_VERB.search(before[years[-1].end():]) \
                and not _PERFECT.search(before[years[-1].end():]) else None
            if year is None and after is not None and after.group("year") < published \
                    and not _PERFECT.search(after.group(0)):
                year = after.group("year")  # "over 1,700 people were killed during the 2010 floods"
            if year is not None:
                c = replace(c, period_start=f"{year}-01-01", period_end=f"{year}-12-31", as_of=f"{year}-12-31",
                            time=year, cumulative=False, rules=c.rules + ("time.past_event",))
        out.append(c)
    return out


_PAST_AFTER = re.compile(r"[^.;]{0,40}?\b(?:killed|died|perished|drowned|injured|wounded|displaced)\b[^.;,]{0,25}?"
                         r"\b(?:in|during|by)\s+(?:the\s+)?(?P<year>(?:19|20)\d{2})\b")
_PAST_VERB = re.compile(r"\b(?:killed|died|left|claimed|took|displaced|injured|wounded|drowned|forced|uprooted)\b",
                        re.I)
_PERFECT = re.compile(r"\b(?:has|have|had\s+now)\s+(?:\w+\s+)?(?:killed|died|left|claimed|taken|displaced|injured|"
                      r"wounded|forced|uprooted)\b", re.I)


def _own(c: Claim) -> bool:
    """Return True when the claim's own sentence fixed its period."""
    return any(r.startswith("time.") and r not in _NOT_OWN for r in c.rules)


def _refine_month(c: Claim, days: dict[str, str]) -> Claim:
    """Read "since September" as the day the article gives for that month ("since ... on September 30, 2015")."""
    start = c.period_start
    if not start or c.time != f"since {start[:7]}" or start[:7] not in days or days[start[:7]] == start:
        return c
    day = days[start[:7]]
    return replace(c, period_start=day, time=f"since {day}", rules=c.rules + ("time.month_refined",))


def _tally_start(c: Claim, text: str, events: Events, named: set[str], claims: list[Claim],
                 related: Callable[[str | None, str | None], bool]) -> Claim:
    """Open a tally with no start of its own at the event it counts, or at the story's running count."""
    own = _own(c)
    event = next((events.dates[k] for k in sorted(named) if k in events.dates), None)
    if event and any(y != event[:4] for y in _YEAR.findall(text)):
        event = None  # "the 1999 earthquake" is another event
    if own:
        return _own_day(c, event or events.main)
    if event:
        return _opened(c, event, None, "time.event_date")
    tally = None if _PART.search(text) else _story_tally(c, claims, related)
    if tally is not None and tally.period_start:
        return _opened(c, tally.period_start, None, "time.article_tally", tally.time)
    if events.main and not _OTHER_CAUSE.search(text):
        return _opened(c, events.main, None, "time.article_event")
    return c


def _own_day(c: Claim, event: str | None) -> Claim:
    """Read a tally's own single day against the event: the event's day opens it ("from the February 6 tremor"),
    a later day closes it ("the toll rose to 41,219 on Tuesday")."""
    day = c.period_start
    if event and not day and "time.toll_day" in c.rules and c.period_end and event <= c.period_end:
        return _opened(c, event, c.period_end, "time.as_of_day")  # "the toll rose to 1,870 on Wednesday"
    if not event or not day:
        return c
    if day != c.period_end:
        return _reported_day(c, event)
    if day == event and c.published and c.published[:10] > day:
        return _opened(c, day, c.published[:10], "time.event_date")
    if c.cumulative and event < day:
        return _opened(c, event, day, "time.as_of_day")
    return c


def _reported_day(c: Claim, event: str | None) -> Claim:
    """Read "the toll rose to 1,870 on Wednesday", opened at Wednesday, as the event's toll as of Wednesday."""
    day = c.period_start
    if event and day and event < day and "time.cumulative_since_event" in c.rules and _own(c):
        return _opened(c, event, day, "time.as_of_day")
    return c


def _story_tally(c: Claim, claims: list[Claim], related: Callable[[str | None, str | None], bool]) -> Claim | None:
    """Return the running count of the same category the article dates with a "since", in a related place."""
    found = [d for d in claims if d.category == c.category and d is not c and _own(d) and d.cumulative
             and d.period_start and (d.time or "").startswith("since") and related(c.place, d.place)]
    meets = [d for d in found if _meets(c, d)]
    near = [d for d in found if _near(c, d)]
    return (meets or near)[0] if meets or near else None


def _meets(a: Claim, b: Claim) -> bool:
    """Return True when two figures' intervals meet (the same count restated)."""
    lo = max(a.low if a.low is not None else float("-inf"), b.low if b.low is not None else float("-inf"))
    hi = min(a.high if a.high is not None else float("inf"), b.high if b.high is not None else float("inf"))
    return lo <= hi


def _near(a: Claim, b: Claim) -> bool:
    """Return True when two figures are of one order (within a factor of three): one count and its remainder."""
    x, y = a.value or a.low or a.high, b.value or b.low or b.high
    return bool(x and y) and max(x, y) / min(x, y) <= 3  # type: ignore[operator, type-var]


def _opened(c: Claim, start: str, end: str | None, rule: str, written: str | None = None) -> Claim:
    """Return the claim as a running tally from start to its as-of date."""
    end = end or c.as_of or c.published
    if end and end < start:
        return c
    time = written if written and written.startswith("since") else f"{start}/{end}" if end and end != start else start
    rules = tuple(r for r in c.rules if r != "time.statement_date") + (rule,)
    return replace(c, period_start=start, period_end=end, as_of=end or c.as_of, time=time, cumulative=True,
                   rules=rules)


CATEGORY_CONFIDENCE = {"lives": 0.85, "breakdown": 0.7, "toll_reached": 0.85, "classified": 0.85, "succumbed": 0.85,
                       "with_injuries": 0.8, "safety_unconfirmed": 0.8, "number_of": 0.8, "accounted_for": 0.8,
                       "feared_dead": 0.8, "disaster_victims": 0.7, "believed_caught": 0.7,
                       "predicate": 0.9, "noun_argument": 0.9, "complement": 0.85, "count_noun": 0.85,
                       "modifier": 0.8, "phrase": 0.7, "nearby": 0.5, "default_other": 0.3, "sum_total": 0.75,
                       "shared_subject": 0.7, "missing": 0.8}
_MARKERS = ("time.cumulative_since_event",)  # added beside the rule that decided, never deciding alone


def with_confidence(c: Claim, tables: dict[str, dict[str, float]]) -> Claim:
    """Return the claim with a 0-1 confidence for its category, place, time and source, from the deciding rules."""
    conf = {"category": _category_confidence(c.rules)}
    for field, value in (("place", c.place), ("time", c.period_start or c.time), ("source", c.source)):
        rule = _deciding(c.rules, field)
        if value is None and not (field == "time" and c.as_of):
            conf[field] = 0.0
        elif field == "time" and value is None:
            conf[field] = tables["time"].get("time.publication", 0.3)
        else:
            conf[field] = tables[field].get(rule or "", 0.5)
    return replace(c, confidence=conf)


def _deciding(rules: tuple[str, ...], field: str) -> str | None:
    """Return the last rule of a field (time., place., source.) that decided it."""
    return next((r for r in reversed(rules) if r.startswith(field + ".") and r not in _MARKERS), None)


def _category_confidence(rules: tuple[str, ...]) -> float:
    rule = next((r for r in reversed(rules) if r.startswith("category.")), None)
    return CATEGORY_CONFIDENCE.get(rule.rsplit(".", 1)[-1], 0.6) if rule else 0.0


_TOTAL = re.compile(r"\b(?:bringing|taking|raising|pushing|putting)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:total|toll|tally|"
                    r"number|count)\s+(?:\w+\s+){0,3}?(?:to|at)\s+$", re.I)
_TARGET = ("killed", "injured", "displaced", "deployed")


def share_categories(claims: list[Claim]) -> list[Claim]:
    """Give an uncategorised figure the category its sentence gives the same count: "5,651 deaths, including
    2,173 in ... and another 3,478 in ...", and "..., bringing the total to 41,732" after the parts."""
    out: list[Claim] = []
    for c in claims:
        at, end = c.start - c.sentence_start, c.end - c.sentence_start
        missing = missing_rule(c.sentence, at, end) if c.category != "deployed" else None
        if missing:  # "thousands still missing and 30,000 displaced", "the safety of 211 people remains unconfirmed"
            c = replace(_recategorised(c, "missing", missing), cumulative=False)
        elif c.category in ("displaced", "other") and accounted_for(c.sentence, at, end):
            c = _recategorised(c, "other", "category.other.accounted_for")  # "the whereabouts of 121 were confirmed"
        elif c.category in _RESTATED and (restated := _restated(c)) is not None:
            c = _recategorised(c, *restated)
        elif c.category == "other":
            c = _shared(c, [d for d in claims if d.sentence_start == c.sentence_start and d.category in _TARGET])
            c = _itemised(c, claims, out) if c.category == "other" else c
        elif c.category in _TARGET and _FEARED.match(c.sentence[end:]):
            c = _recategorised(c, "other", "category.other.feared_dead")
        out.append(c)
    return out


# Wordings that say what a figure counts whatever the parse made of it, read around the figure in its clause:
# (category the figure has now, before, after or around it (the figure marked by a NUL), pattern, category it gets,
# rule).
_TOLL_REACHED = re.compile(
    r"\b(?:death\s+toll|toll|deaths|fatalities|number\s+of\s+(?:dead|deaths|fatalities))\b[^.;\d]{0,160}?\b(?:"
    r"reach(?:es|ed)?|(?:has\s+|had\s+|have\s+)?(?:rises?|rose|risen|climb(?:s|ed)?|jump(?:s|ed)?|increase[sd]?|"
    r"go(?:es)?\s+up|went\s+up)\s+to|(?:now\s+)?(?:stands?|stood)\s+at|tops?|topped|hits?|passe[sd]|exceed(?:s|ed)?)"
    r"\s+$", re.I)
_CLASSIFIED_DEAD = re.compile(r"^[^.;\d]{0,60}?\b(?:recogni[sz]ed|classified|certified|counted|registered|listed|"
                              r"confirmed)\s+(?:\w+\s+){0,4}?as\s+[\"“']?(?:[\w-]+\s+)?(?:deaths|fatalities|dead)\b", re.I)
_SUCCUMBED = re.compile(r"^[^.;\d]{0,40}?\b(?:succumb(?:s|ed|ing)?\s+to|died\s+(?:of|from))\s+"
                        r"(?:(?:his|her|their|the)\s+)?(?:injuries|wounds)\b", re.I)
_LIVES = re.compile(r"\b(?:claim\w*|took|tak(?:e|es|ing)|cost\w*|lost|los(?:e|es|ing))\b[^.;\x00]{0,30}\x00"
                    r"\s+(?:human\s+|people['’]s\s+|more\s+)?lives\b", re.I)
_WITH_INJURIES = re.compile(r"^\s+(?:people|persons|others|passengers|residents)?\s*with\s+(?:[\w-]+\s+){0,4}?"
                            r"(?:injuries|wounds)\b", re.I)
_BELIEVED_CAUGHT = re.compile(r"^\s+(?:people\s+|persons\s+|others\s+)?(?:who\s+|that\s+)?(?:are|were|is|was)\s+(?:also\s+)?"
                              r"(?:believed|thought|feared|said|reported)\s+to\s+(?:have\s+been|be)\s+(?:caught|trapped|"
                              r"buried|swept)\b", re.I)
_WORDINGS = (
    ("killed", "after", _BELIEVED_CAUGHT, "other", "category.other.believed_caught"),  # "out of 11 people who are
    # believed to have been caught up in the landslide": not found dead
    ("other", "before", _TOLL_REACHED, "killed", "category.killed.toll_reached"),  # "Japan Earthquake Deaths Reach 84"
    ("any", "after", _CLASSIFIED_DEAD, "killed", "category.killed.classified"),  # "recognised as 'disaster-related
    # fatalities'"
    ("injured", "after", _SUCCUMBED, "killed", "category.killed.succumbed"),  # "one more injured passenger succumbing"
    ("other", "around", _LIVES, "killed", "category.killed.lives"),  # "claiming a minimum of 30 lives"
    ("other", "after", _WITH_INJURIES, "injured", "category.injured.with_injuries"),  # "323 people with ... injuries"
)
_RESTATED = ("other", "injured", "displaced", "killed")


def _restated(c: Claim) -> tuple[str, str] | None:
    """Return the category and rule a wording of _WORDINGS gives the figure, else None."""
    at, end = c.start - c.sentence_start, c.end - c.sentence_start
    for now, side, pattern, category, rule in _WORDINGS:
        text = c.sentence[max(0, at - 200):at] if side == "before" else c.sentence[end:end + 100] if side == "after" \
            else c.sentence[max(0, at - 40):at] + "\x00" + c.sentence[end:end + 40]
        if now in (c.category, "any") and category != c.category and pattern.search(text):
            return category, rule
    return None


def _itemised(c: Claim, claims: list[Claim], before: list[Claim]) -> Claim:
    """Give an item of a breakdown by town the category of its total: the one its cue names ("Of the deaths, 81
    had been confirmed in Wajima City"), else the one another item of the list has ("39 cases in Wajima City, ...,
    and 1 death each in Hakui"), else the one of the total in the sentence before ("The toll reached 206. This
    number includes 91 in Suzu, 83 in Wajima, ...")."""
    at, end = c.start - c.sentence_start, c.end - c.sentence_start
    if item_area(c.sentence, at, end) is None:
        return c
    said = breakdown_category(c.sentence, at)
    if said:
        return _recategorised(c, said, "category.breakdown")
    items = {d.category for d in claims if d.sentence_start == c.sentence_start and d.category in _TARGET + ("missing",)
             and item_area(d.sentence, d.start - d.sentence_start, d.end - d.sentence_start)}
    if len(items) == 1:
        return _recategorised(c, items.pop(), "category.breakdown")
    if said is None:
        return c
    earlier = [d for d in before if d.sentence_start < c.sentence_start]
    last = [d for d in earlier if d.sentence_start == earlier[-1].sentence_start] if earlier else []
    totals = {d.category for d in last if d.category in _TARGET + ("missing",)}
    return _recategorised(c, totals.pop(), "category.breakdown") if len(totals) == 1 else c


def _shared(c: Claim, siblings: list[Claim]) -> Claim:
    """Return the claim with the category of its siblings' shared subject or sum, else unchanged."""
    at = c.start - c.sentence_start
    if _TOTAL.search(c.sentence[max(0, at - 80):at]):
        cats = {d.category for d in siblings if d.start < c.start}
        parts = [d for d in siblings if d.start < c.start]
        if len(cats) == 1 and len(parts) >= 2:
            c = _recategorised(c, cats.pop(), "category.sum_total")
            sources = {d.source for d in parts}
            if c.source is None and len(sources) == 1 and None not in sources:
                c = _with_source(c, parts[0].source or "", "source.parts")  # one speaker's parts, their total
            return c
    elliptic = c.quote.strip() == c.number_text.strip()  # "including 2,173 in ...": the noun is the sentence's
    if _FEARED.match(c.sentence[c.end - c.sentence_start:]):
        return c  # "2,300 have died and thousands are feared dead": a fear, no one's toll
    same = [d for d in siblings if elliptic and c.subject and d.subject and d.subject.lower() == c.subject.lower()]
    if same and len({d.category for d in same}) == 1:
        return _recategorised(c, same[0].category, "category.shared_subject")
    return c


def _recategorised(c: Claim, category: str, rule: str) -> Claim:
    rules = tuple(r for r in c.rules if r != "category.default_other") + (rule,)
    return replace(c, category=category, rules=rules)
