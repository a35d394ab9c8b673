"""Read the period a count covers and its as-of date, resolved against the publication date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict

from factcheck.nlp.vocab import MONTHS, WEEKDAYS
from factcheck.nlp.wordtrie import longest_first

_MONTHS_RE = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_QUALS_RE = r"early|late|mid|the end of|the start of|the beginning of|the middle of"


def date_re(p: str) -> str:
    """Return a date regex whose groups are prefixed with p (so two dates can share one pattern)."""
    month = lambda n: rf"(?P<{p}m{n}>{_MONTHS_RE})\.?"
    day = lambda n: rf"(?P<{p}d{n}>\d{{1,2}})(?:st|nd|rd|th)?"
    year = lambda n: rf"(?P<{p}y{n}>(?:19|20)\d{{2}})"
    qual = lambda n: rf"(?:(?P<{p}q{n}>{_QUALS_RE})[\s-]+)?"
    return (rf"(?:{qual(1)}{month(1)}\s+{day(1)}(?!\d)(?:,?\s+{year(1)})?"
            rf"|{day(2)}\s+{month(2)}(?:,?\s+{year(2)})?"
            rf"|{year(4)}-(?P<{p}m4>\d{{2}})-(?P<{p}d4>\d{{2}})"
            rf"|(?P<{p}l5>last|this)\s+{month(5)}"
            rf"|{qual(3)}{month(3)}(?:\s+{year(3)})?"
            rf"|{qual(6)}{year(6)})")


_DATE = date_re("")
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMWORD = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)"
_UNIT = r"(?P<unit>hours?|days?|nights?|weeks?|months?|years?)"
_WORDNUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
            "thirty": 30}

_DAY_RANGE = (rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTHS_RE})\.?"
              rf"(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?"
              rf"|(?P<m2>{_MONTHS_RE})\.?\s+(?P<e1>\d{{1,2}})\s*(?:-|–)\s*(?P<e2>\d{{1,2}})(?!\d)(?:,?\s+(?P<y2>(?:19|20)\d{{2}}))?")

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("time.day_range", re.compile(rf"\b(?:(?:from|between)\s+)?(?:{_DAY_RANGE})", re.I)),
    ("time.from_to", re.compile(rf"\b(?:from|between)\s+{date_re('a_')}\s+(?:to|and|until|through)\s+{date_re('b_')}", re.I)),
    ("time.since_date", re.compile(rf"\bsince\s+(?:the\s+(?:start|beginning|outbreak|onset|launch)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:operation|campaign|offensive|war|conflict|fighting|hostilities|crisis|invasion|clashes|violence)\s+(?:on|in)\s+)?{_DATE}", re.I)),
    ("time.since_year_start", re.compile(r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b", re.I)),
    ("time.since_launch", re.compile(rf"\bsince\s+[\w\s'’-]{{0,60}}?\b(?:launched|began|started|erupted|broke out|seized|took|invaded|entered|attacked|overthrew|staged|struck|hit)\b[\w\s]{{0,60}}?{date_re('')}", re.I)),
    ("time.since_event", re.compile(r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|launch)\s+of\s+(?:the\s+)?(?P<what>[\w\s-]{3,40}?)(?=[,.;]|\s+(?:on|in|began|when|last)\b|$)", re.I)),
    ("time.last_n", re.compile(rf"\b(?:(?:in|over|during|within|for)\s+)?(?:the\s+)?(?:last|past|previous)\s+{_NUMWORD}\s+{_UNIT}", re.I)),
    ("time.in_a_unit", re.compile(r"\b(?:in|within)\s+(?:just\s+|only\s+)?(?P<n>a|one|24|48)\s+(?P<unit>day|hours|night)\b",
                                  re.I)),
    ("time.as_of_weekday", re.compile(rf"\bas\s+(?:of|at)\s+(?:(?:\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:a\.m\.|p\.m\.|am|pm|hrs|h)?|"
                                      rf"noon|midnight)\s*(?:\[[^\]]{{0,20}}\]\s*)?(?:local\s+time\s+)?(?:on\s+)?)?"
                                      rf"{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?", re.I)),
    ("time.weekday", re.compile(rf"\b(?:(?:early|late)\s+)?(?:on\s+|last\s+)?{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?(?:\s*\({date_re('w_')}\)|,\s+(?={_MONTHS_RE}|\d){date_re('v_')})?", re.I)),
    ("time.began_in", re.compile(rf"\b(?:began|begun|started|erupted|broke\s+out|launched)\s+(?:in|on)\s+{_DATE}\b", re.I)),
    ("time.as_of", re.compile(rf"\b(?:as\s+of|as\s+at|by)\s+{_DATE}\b", re.I)),
    ("time.date", re.compile(rf"\b(?:on\s+|in\s+)?{_DATE}\b", re.I)),
    ("time.relative_day", re.compile(r"\b(?P<rel>yesterday|today|overnight|last night|tonight|this morning|the night before|a night)\b", re.I)),
    ("time.last_period", re.compile(r"\b(?:during\s+|in\s+|over\s+)?(?:the\s+)?(?:last|previous|past)\s+(?P<unit>week|month)\b(?!\s*['’]s)", re.I)),
    ("time.this_period", re.compile(r"\b(?:this|so far this)\s+(?P<unit>week|month|year)\b", re.I)),
    ("time.cumulative", re.compile(r"\b(?:so far|to date|thus far|in total|up to now)\b", re.I)),
]
DATELINE_AFTER = re.compile(r"^\s*(?:\([A-Z][\w .&'-]{0,30}\)\s*)?(?:[-–—]{1,2}\s|:\s)")  # "Sept 9 (Reuters) - ", "Sept 19: "
SPEECH_NEAR = re.compile(r"\b(?:said|says|told|announced|reported|stated|added|wrote|updated|tweeted|showed)\s*(?:on\s+)?$|"
                         r"\b(?:report|data|figures|statistics|bulletin|update|statement)\s+(?:released|issued|published|"
                         r"shared)\s+(?:by\s+(?:the\s+)?(?:[\w()’'-]+\s+){1,8}?)?(?:on\s+)?$", re.I)
# ("a report released by the NDMA on Thursday evening": the day of the report, not of the deaths)


@dataclass(frozen=True)
class TimeMention:
    """A time expression in a sentence, resolved where the publication date allows."""

    start: int
    end: int
    text: str
    rule: str
    period_start: str | None = None
    period_end: str | None = None
    precision: str = "day"  # day | month | year | relative
    cumulative: bool = False
    statement: bool = False  # a date of saying ("said Monday"), not of the event
    qualifier: str | None = None


class _Where(TypedDict):
    """The fields every TimeMention of one match shares."""

    start: int
    end: int
    text: str
    rule: str


def _year_for(month: int, day: int, pub: date | None, explicit: str | None) -> int | None:
    if explicit:
        return int(explicit)
    if pub is None:
        return None
    year = pub.year
    if (month, day) > (pub.month, pub.day) and (month - pub.month) % 12 >= 1:
        year -= 1
    return year


def _resolve_date(groups: dict[str, str | None], pub: date | None, prefix: str = "") -> tuple[date | None, str]:
    """Resolve a date matched by date_re(prefix); return (date, precision)."""
    g = {k[len(prefix):]: v for k, v in groups.items() if k.startswith(prefix) and v}
    if g.get("y4"):
        try:
            return date(int(g["y4"]), int(g["m4"]), int(g["d4"])), "day"
        except ValueError:
            return None, "day"
    n = next((str(i) for i in (1, 2, 3, 5) if g.get(f"m{i}")), None)
    if n is None:
        return (date(int(g["y6"]), 1, 1), "year") if g.get("y6") else (None, "relative")
    month_txt = g[f"m{n}"].lower().rstrip(".")
    month = MONTHS.get(month_txt) or MONTHS.get(month_txt[:3])
    if month is None or (month_txt == "may" and not g.get(f"d{n}") and not g.get(f"y{n}")):
        return None, "relative"
    day = int(g.get(f"d{n}") or 1)
    if g.get("l5") and pub is not None:
        year: int | None = pub.year - 1 if g["l5"].lower() == "last" and month >= pub.month else pub.year
    else:
        year = _year_for(month, day, pub, g.get(f"y{n}"))
    if not year:
        return None, "relative"
    try:
        resolved = date(year, month, day)
    except ValueError:
        return None, "day"
    return resolved, "day" if g.get(f"d{n}") else "month"


def _qualifier(groups: dict[str, str | None]) -> str | None:
    q = next((v for k, v in groups.items() if k.startswith("q") and v), None)
    return q.lower() if q else None


def _weekday(name: str, pub: date | None) -> date | None:
    if pub is None:
        return None
    back = (pub.weekday() - WEEKDAYS[name.lower()]) % 7
    return pub - timedelta(days=back)


def _relative(n_txt: str, unit: str, ref: date | None) -> tuple[str | None, str | None]:
    n = int(n_txt) if n_txt.isdigit() else _WORDNUM.get(n_txt.lower(), 1)
    days = {"hour": n / 24, "day": n, "night": n, "week": 7 * n, "month": 30 * n, "year": 365 * n}[
        unit.lower().rstrip("s")]
    if ref is None:
        return None, None
    return (ref - timedelta(days=max(1, int(days)))).isoformat(), ref.isoformat()


def find_times(text: str, pub: date | None) -> list[TimeMention]:
    """Return the time mentions in a sentence, longest first where they overlap."""
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    for rule, pat in PATTERNS:
        for m in pat.finditer(text):
            if not m.group(0).strip() or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            mention = _mention(rule, m, text, pub)
            if mention is not None:
                found.append(mention)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda t: t.start)


def _mention(rule: str, m: re.Match[str], text: str, pub: date | None) -> TimeMention | None:
    g = m.groupdict()
    base: _Where = {"start": m.start(), "end": m.end(), "text": m.group(0).strip(), "rule": rule}
    statement = bool(SPEECH_NEAR.search(text[:m.start()])) or bool(DATELINE_AFTER.match(text[m.end():]))
    if rule == "time.from_to":
        a, pa = _resolve_date(g, pub, "a_")
        b, _pb = _resolve_date(g, pub, "b_")
        return TimeMention(**base, period_start=a.isoformat() if a else None, period_end=b.isoformat() if b else None,
                           precision=pa, cumulative=True)
    if rule == "time.day_range":
        return _day_range(base, g, pub)
    if rule in ("time.since_date", "time.since_launch", "time.began_in"):
        d, prec = _resolve_date(g, pub)
        if d is None:
            return None
        qual = _qualifier(g)
        if qual == "late" and prec == "month":
            d = d.replace(day=20)
        return TimeMention(**base, period_start=d.isoformat(), precision=prec, cumulative=True, qualifier=qual)
    if rule == "time.since_year_start":
        return TimeMention(**base, period_start=f"{pub.year}-01-01" if pub else None, precision="day", cumulative=True)
    if rule == "time.this_period":
        if pub is None:
            return TimeMention(**base, precision="relative", cumulative=True)
        unit = g["unit"].lower()
        first = pub.replace(day=1) if unit == "month" else pub.replace(month=1, day=1) if unit == "year" else \
            pub - timedelta(days=pub.weekday())
        return TimeMention(**base, period_start=first.isoformat(), precision="day", cumulative=True)
    if rule == "time.last_period":
        if pub is None:
            return TimeMention(**base, precision="relative")
        if re.search(r"\b(?:the|past)\b", m.group(0), re.I):  # "in the past week": the seven days to publication
            days = 7 if g["unit"].lower() == "week" else 30
            return TimeMention(**base, period_start=(pub - timedelta(days=days)).isoformat(), period_end=pub.isoformat(),
                               precision="relative")
        if g["unit"].lower() == "week":  # "last week": the calendar week before
            first = pub - timedelta(days=pub.weekday() + 7)
            return TimeMention(**base, period_start=first.isoformat(), period_end=(first + timedelta(days=6)).isoformat())
        last = pub.replace(day=1) - timedelta(days=1)
        return TimeMention(**base, period_start=last.replace(day=1).isoformat(), period_end=last.isoformat())
    if rule in ("time.since_event", "time.cumulative"):
        return TimeMention(**base, precision="relative", cumulative=True)
    if rule in ("time.last_n", "time.in_a_unit"):
        start, end = _relative(g["n"], g["unit"], pub)
        return TimeMention(**base, period_start=start, period_end=end, precision="relative")
    if rule == "time.weekday":
        d = _weekday(g["weekday"], pub)
        for prefix in ("w_", "v_"):  # "Tuesday (February 7)", "Sunday, Sept. 10"
            if any(k.startswith(prefix) and v for k, v in g.items()):
                d = _resolve_date(g, pub, prefix)[0] or d
        iso = d.isoformat() if d else None
        return TimeMention(**base, period_start=iso, period_end=iso, statement=statement)
    if rule == "time.as_of_weekday":
        d = _weekday(g["weekday"], pub)
        return TimeMention(**base, period_start=d.isoformat(), period_end=d.isoformat(), statement=True) if d else None
    if rule == "time.as_of":
        d, _prec = _resolve_date(g, pub)
        return TimeMention(**base, period_start=d.isoformat(), period_end=d.isoformat(), statement=True) if d else None
    if rule == "time.date":
        d, prec = _resolve_date(g, pub)
        if d is None or (prec == "year" and not m.group(0).lower().startswith("in")):
            return None
        iso = d.isoformat()
        if prec == "year":
            return TimeMention(**base, period_start=iso, period_end=f"{d.year}-12-31", precision="year",
                               statement=statement)
        if prec == "month":
            return TimeMention(**base, period_start=iso, period_end=iso[:8] + "28", precision="month",
                               statement=statement)
        return TimeMention(**base, period_start=iso, period_end=iso, statement=statement)
    if rule == "time.relative_day":
        rel = g["rel"].lower()
        if pub is None:
            return TimeMention(**base, precision="relative")
        shift = {"yesterday": 1, "last night": 1, "overnight": 1, "today": 0, "tonight": 0, "this morning": 0}.get(rel)
        if shift is None:
            return TimeMention(**base, precision="relative")
        iso = (pub - timedelta(days=shift)).isoformat()
        return TimeMention(**base, period_start=iso, period_end=iso, statement=statement)
    return None


def _day_range(base: _Where, g: dict[str, str | None], pub: date | None) -> TimeMention | None:
    """Resolve "between 12-17 February", "from 3 to 9 March", "March 3-9" to a closed period."""
    month_txt = (g.get("m") or g.get("m2") or "").lower().rstrip(".")
    month = MONTHS.get(month_txt) or MONTHS.get(month_txt[:3])
    first, last = (g.get("d1"), g.get("d2")) if g.get("d1") else (g.get("e1"), g.get("e2"))
    if month is None or first is None or last is None or int(first) > int(last):
        return None
    year = _year_for(month, int(last), pub, g.get("y") or g.get("y2"))
    if year is None:
        return None
    try:
        start, end = date(year, month, int(first)), date(year, month, int(last))
    except ValueError:
        return None
    return TimeMention(**base, period_start=start.isoformat(), period_end=end.isoformat(), cumulative=True)


def describe(period_start: str | None, period_end: str | None, cumulative: bool, precision: str,
             qualifier: str | None, text: str | None) -> str | None:
    """Write a period the way the gold annotations do ("since 2019-12-01", "2019-12-01/2020-02-12")."""
    if period_start and cumulative and not period_end:
        start = period_start[:7] if precision == "month" else period_start[:4] if precision == "year" else period_start
        if qualifier == "late" and precision == "month":
            return f"since late {period_start[:7]}"
        return f"since {start}"
    if period_start and period_end and period_start != period_end:
        return f"{period_start}/{period_end}" if precision != "relative" or not text else text
    if period_start:
        return period_start
    return text


@dataclass(frozen=True)
class EventDate:
    """The date the article gives for an event it names ("Monday's earthquake", "the quake that struck on 6 Feb")."""

    kind: str
    date: str
    rule: str


_EVENT_VERB = re.compile(r"^(?:[^.;!?\d]{0,80}?)\b(?:struck|hit|hits|rocked|jolted|shook|occurred|happened|devastated|"
                         r"ravaged|flattened|took place|swept|slammed|battered|erupted)\b", re.I)
_OF_DATE = re.compile(r"\s*(?:of|on)\s+(?:the\s+(?:morning|night|evening|afternoon|early\s+hours)\s+of\s+)?", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\([^)]*\)", re.I)
_ELAPSED = re.compile(rf"\b{_NUMWORD}\s+(?P<unit>days?|weeks?|months?)\s+(?:since|after)\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}$",
                      re.I)
_POSSESSIVE = re.compile(rf"\b(?:{_WEEKDAY}|{date_re('p_')})['’]s\s+(?:[\w.-]+\s+){{0,3}}$", re.I)
_ATTRIBUTIVE = re.compile(rf"\bthe\s+(?:{date_re('a_')})\s+(?:[\w.-]+\s+){{0,2}}$", re.I)
_ON_DATE_BEFORE = re.compile(rf"\b(?:on|in)\s+(?:the\s+(?:morning|night|evening|afternoon|early\s+hours)\s+of\s+)?"
                             rf"(?:{_WEEKDAY}|{date_re('b_')})\s*,?\s+(?:a|an|the|two)\s+(?:[\w.-]+\s+){{0,4}}$", re.I)


def event_pattern(events: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Compile the event nouns of rules/time.yaml into one pattern and a noun -> kind map."""
    kind_of = {n.lower(): kind for kind, nouns in events.items() for n in nouns}
    alts = longest_first(kind_of) if kind_of else "(?!x)x"
    return re.compile(r"\b" + alts + r"\b", re.I), kind_of


def find_event_dates(text: str, pub: date | None, pattern: re.Pattern[str], kind_of: dict[str, str]) -> list[EventDate]:
    """Return the dates a sentence gives for the events it names."""
    out = []
    for m in pattern.finditer(text):
        found = _event_day(text[:m.start()], text[m.end():], pub)
        if found is not None and (pub is None or found[0] <= pub):
            out.append(EventDate(kind_of.get(m.group(0).lower(), "event"), found[0].isoformat(), found[1]))
    return out


def _event_day(before: str, after: str, pub: date | None) -> tuple[date, str] | None:
    """Read the day bound to an event noun from the words around it."""
    m = _ELAPSED.search(before)
    if m and pub is not None:
        return _back(pub, m.group("n"), m.group("unit")), "time.event_elapsed"
    for pattern, prefix, rule in ((_POSSESSIVE, "p_", "time.event_possessive"), (_ATTRIBUTIVE, "a_", "time.event_attributive"),
                                  (_ON_DATE_BEFORE, "b_", "time.event_on_date")):
        m = pattern.search(before)
        if m:
            d, precision = (_weekday(m.group("weekday"), pub), "day") if m.groupdict().get("weekday") \
                else _resolve_date(m.groupdict(), pub, prefix)
            if d is not None and precision == "day":
                return d, rule
    of = _OF_DATE.match(after)  # "the earthquakes of 6 February", "the blast on Tuesday"
    if of is not None:
        found = [t for t in find_times(after[of.end():], pub) if t.start == 0]
        if found and found[0].period_start and found[0].period_start == found[0].period_end:
            return date.fromisoformat(found[0].period_start), "time.event_of_date"
    verb = _EVENT_VERB.match(after)
    if verb is None:
        return None
    rest = after[verb.end():]
    for t in find_times(rest, pub):
        gap = _CLOCK.sub(" ", rest[:t.start])
        if t.period_start and t.period_start == t.period_end and not re.search(r"[\d;!?]|\.\s", gap) \
                and len(gap.split()) <= 14:
            return date.fromisoformat(t.period_start), "time.event_verb"
        break
    return None


def _back(ref: date, n_txt: str, unit: str) -> date:
    """Return the day n units before ref (months by the calendar: 6 April less two months is 6 February)."""
    n = int(n_txt) if n_txt.isdigit() else _WORDNUM.get(n_txt.lower(), 1)
    u = unit.lower().rstrip("s")
    if u == "month":
        month = ref.month - n
        year = ref.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return ref.replace(year=year, month=month, day=min(ref.day, 28))
    return ref - timedelta(days=n * (7 if u == "week" else 1))
