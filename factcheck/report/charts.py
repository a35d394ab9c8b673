"""Geometry of the inline SVG charts: interval rows on a shared axis, and a figure against its reporting date."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from factcheck.report.fmt import number

WIDTH = 640
LABEL_W = 190
PAD_R = 24
ROW_H = 26
AXIS_H = 26
TOP = 8


@dataclass(frozen=True)
class Tick:
    """One axis tick: its position and label."""

    pos: float
    label: str


@dataclass(frozen=True)
class IntervalRow:
    """One claim drawn on the interval chart."""

    claim: str
    label: str
    y: float
    x1: float  # left end of the drawn bar (plot edge when open)
    x2: float  # right end
    dot: float | None  # the figure as written, when it is a number
    open_low: bool
    open_high: bool
    text: str  # interval as written, for the tooltip


@dataclass(frozen=True)
class IntervalChart:
    """An interval chart: one row per claim on a shared axis."""

    width: int
    height: int
    left: int
    right: int
    axis_y: float
    ticks: tuple[Tick, ...]
    rows: tuple[IntervalRow, ...]


def nice_step(span: float, count: int = 5) -> float:
    """Return a round tick step (1, 2 or 5 times a power of ten) for about count ticks."""
    if span <= 0:
        return 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if mult * power >= raw:
            return float(mult * power)
    return float(10 * power)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Return round tick values covering lo..hi."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        lo, hi = (0.0, hi * 2) if hi > 0 else (hi - 1, hi + 1)
    step = nice_step(hi - lo, count)
    start = math.floor(lo / step) * step
    end = math.ceil(hi / step) * step
    n = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(n + 1)]


def _domain(bounds: list[float], open_low: bool, open_high: bool) -> tuple[float, float]:
    """Return the axis range for the finite bounds, with room for open ends."""
    lo, hi = min(bounds), max(bounds)
    if lo == hi and lo > 0:
        return 0.0, hi * (1.5 if open_high else 1.25)
    room = max((hi - lo) * 0.25, abs(hi) * 0.1, 1.0)
    if open_high:
        hi = hi + room
    if open_low:
        lo = max(lo - room, 0.0) if lo >= 0 else lo - room
    if lo == hi:
        lo = 0.0 if lo > 0 else lo - 1
        hi = hi * 1.25 if hi > 0 else hi + 1
    if lo > 0 and lo < (hi - lo) * 0.5:
        lo = 0.0
    return lo, hi


def interval_chart(rows: list[tuple[str, str, float | None, float | None, float | None, str]]) -> IntervalChart | None:
    """Lay out rows of (claim id, label, low, high, value, text) on one axis."""
    bounds = [v for r in rows for v in (r[2], r[3], r[4]) if v is not None and math.isfinite(v)]
    if not bounds:
        return None
    lo, hi = _domain(bounds, any(r[2] is None for r in rows), any(r[3] is None for r in rows))
    ticks = nice_ticks(lo, hi)
    lo, hi = ticks[0], ticks[-1]
    left, right = LABEL_W, WIDTH - PAD_R

    def x(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * (right - left), 1)

    out = []
    for i, (cid, label, low, high, value, text) in enumerate(rows):
        y = TOP + i * ROW_H + ROW_H / 2
        x1 = x(low) if low is not None else float(left)
        x2 = x(high) if high is not None else float(right)
        dot = x(value) if value is not None else None
        out.append(IntervalRow(cid, label, y, x1, x2, dot, low is None, high is None, text))
    axis_y = TOP + len(rows) * ROW_H + 4
    tick_objs = tuple(Tick(x(t), number(t)) for t in ticks)
    return IntervalChart(WIDTH, int(axis_y + AXIS_H), left, right, axis_y, tick_objs, tuple(out))


def _day(iso: str) -> int | None:
    """Return the ordinal day of an ISO date, or None."""
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except (TypeError, ValueError):
        return None


SERIES_W = 560
SERIES_H = 220
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHAPES = ("circle", "square", "triangle", "diamond", "cross", "bar")


@dataclass(frozen=True)
class SeriesMark:
    """One claim on the series chart: its figure at its reporting date, with the hedge interval as a whisker."""

    claim: str
    x: float
    y: float | None  # the figure as written, when it is a number
    y1: float  # top of the whisker (the plot top when the interval is open above)
    y2: float  # bottom of the whisker
    open_low: bool
    open_high: bool
    key: int  # index into the legend
    label: str  # tooltip: who, when, as written
    day: str = ""
    who: str = ""  # source or outlet, as in the legend
    outlet: str = ""
    figure: str = ""  # as written
    interval: str = ""


@dataclass(frozen=True)
class SeriesInput:
    """One claim to draw: when it was reported, who by, and its interval."""

    claim: str
    day: str
    key: str
    low: float | None
    high: float | None
    value: float | None
    label: str
    outlet: str = ""
    figure: str = ""
    interval: str = ""


@dataclass(frozen=True)
class SeriesChart:
    """A running figure against its reporting date: the series line, and one mark per claim keyed by source."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    path: str
    marks: tuple[SeriesMark, ...]
    xticks: tuple[Tick, ...]
    yticks: tuple[Tick, ...]
    legend: tuple[tuple[int, str, str], ...]  # (index, shape, source or outlet)
    label: str  # the chart in one sentence, for screen readers


def _series_domain(marks: list[SeriesInput], line: list[tuple[int, float]]) -> tuple[float, float]:
    """Return the value range of the chart: zero to the largest figure, with room for open intervals."""
    finite = [v for m in marks for v in (m.low, m.high, m.value) if v is not None and math.isfinite(v)]
    finite += [v for _, v in line]
    hi = max(finite) if finite else 1.0
    if any(m.high is None for m in marks):
        hi *= 1.15
    lo = min(0.0, min(finite) if finite else 0.0)
    return lo, hi if hi > lo else lo + 1


def series_chart(line: list[tuple[str, float]], marks: list[SeriesInput], label: str) -> SeriesChart | None:
    """Lay out a series: (date, figure) points joined by a line, and per-claim marks; None without two dates."""
    days = sorted({d for d in (_day(m.day) for m in marks) if d is not None} |
                  {d for d in (_day(s) for s, _ in line) if d is not None})
    if len(days) < 2:
        return None
    pts = sorted((d, v) for s, v in line if (d := _day(s)) is not None and math.isfinite(v))
    left, right, top, bottom = 64, SERIES_W - 16, 12, SERIES_H - 28
    d0, d1 = days[0], days[-1]
    lo, hi = _series_domain(marks, pts)
    yt = nice_ticks(lo, hi, 4)
    y0, y1 = yt[0], yt[-1]

    def px(d: int) -> float:
        return round(left + 10 + (d - d0) / (d1 - d0) * (right - left - 20), 1)

    def py(v: float) -> float:
        return round(bottom - (v - y0) / ((y1 - y0) or 1) * (bottom - top), 1)

    keys = sorted({m.key for m in marks})
    index = {k: i for i, k in enumerate(keys)}
    out = []
    for m in sorted(marks, key=lambda m: (m.day, index[m.key], m.claim)):
        day = _day(m.day)
        if day is None:
            continue
        jitter = (index[m.key] - (len(keys) - 1) / 2) * 3 if len(keys) > 1 else 0
        x = round(px(day) + jitter, 1)
        y = py(m.value) if m.value is not None and math.isfinite(m.value) else None
        top_y = py(m.high) if m.high is not None else float(top)
        bot_y = py(m.low) if m.low is not None else float(bottom)
        out.append(SeriesMark(m.claim, x, y, top_y, bot_y, m.low is None, m.high is None, index[m.key], m.label,
                              m.day, m.key, m.outlet, m.figure, m.interval))
    path = "M" + " L".join(f"{px(d)},{py(v)}" for d, v in pts) if len(pts) > 1 else ""
    xt = _date_ticks(d0, d1)
    return SeriesChart(SERIES_W, SERIES_H, left, right, top, bottom, path, tuple(out),
                       tuple(Tick(px(d), t) for d, t in xt), tuple(Tick(py(v), number(v)) for v in yt),
                       tuple((i, SHAPES[min(i, len(SHAPES) - 1)], k) for i, k in enumerate(keys)), label)


def _date_ticks(d0: int, d1: int) -> list[tuple[int, str]]:
    """Return up to five dated ticks from d0 to d1, labelled "17 Feb"."""
    span = d1 - d0
    step = max(1, math.ceil(span / 4))
    days = list(range(d0, d1, step)) + [d1]
    if len(days) > 2 and days[-1] - days[-2] < step / 2:
        del days[-2]
    same_year = date.fromordinal(d0).year == date.fromordinal(d1).year
    return [(d, short_date(date.fromordinal(d), not same_year)) for d in days]


def short_date(day: date, year: bool = False) -> str:
    """Return "17 Feb" (or "17 Feb 2020")."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text
