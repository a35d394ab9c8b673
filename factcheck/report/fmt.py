"""Format figures, intervals, dates and labels the way an editor reads them."""
from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

VERDICT_LABELS = {
    "conflict": "Conflict",
    "evolving": "Evolving",
    "consistent": "Consistent",
    "single": "Single claim",
}
KIND_LABELS = {
    "wording": "Wording or rounding",
    "source_split": "Source split",
    "regression": "Regression",
    "true_conflict": "True conflict",
}
HEDGE_LABELS = {
    "exact": "exact",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "about": "about",
    "almost": "almost",
    "up_to": "up to",
    "range": "range",
    "vague": "vague",
}


def number(value: float | None) -> str:
    """Return a figure with thousands separators, without a needless decimal part."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def interval(low: float | None, high: float | None, hedge: str = "") -> str:
    """Return an interval as an editor reads it: "≥ 33", "≤ 800,000", "855,000–1,045,000"."""
    if low is None and high is None:
        return "unknown"
    if high is None:
        return f"{'>' if hedge == 'more_than' else '≥'} {number(low)}"
    if low is None:
        return f"{'<' if hedge == 'less_than' else '≤'} {number(high)}"
    if low == high:
        return number(low)
    return f"{number(low)}–{number(high)}"


def severity(value: float) -> str:
    """Return the relative gap as a percentage."""
    if not value:
        return "0%"
    pct = value * 100
    if pct < 0.1:
        return "<0.1%"
    return f"{pct:.0f}%" if pct >= 10 else f"{pct:.1f}%"


def severity_band(value: float) -> str:
    """Return low, medium or high for a relative gap."""
    if value >= 0.5:
        return "high"
    if value >= 0.15:
        return "medium"
    return "low"


def safe_url(url: str | None) -> str | None:
    """Return the URL when it is http or https, else None (it is then shown as text only)."""
    if not url:
        return None
    stripped = url.strip()
    try:
        scheme = urlsplit(stripped).scheme.lower()
    except ValueError:
        return None
    if scheme in ("http", "https") and not any(ord(ch) < 33 for ch in stripped):
        return stripped
    return None


def humanise(key: str | None) -> str:
    """Turn a normalised key into words: "turkey:troops" -> "troops (Turkey)", "*:people" -> "people"."""
    if not key:
        return ""
    actor, sep, kind = key.partition(":")
    if sep and kind:
        words = "people or units (not named)" if kind == "*" else kind.replace("_", " ").strip()
        actor = actor.replace("_", " ").strip().title()
        return f"{words} ({actor})" if actor and actor != "*" else words
    return key.replace("_", " ").strip()


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return "1 claim" / "3 claims"."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parts(iso: str | None) -> tuple[int, int, int] | None:
    """Return (year, month, day) of an ISO date, or None."""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        return None
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def date_range(first: str | None, last: str | None) -> str:
    """Return a date range as an editor writes it: "14–24 Feb 2020", "28 Feb – 3 Mar 2020", "14 Feb 2020"."""
    a, b = _parts(first), _parts(last)
    if a is None or b is None:
        one = a or b
        return f"{one[2]} {MONTHS[one[1] - 1]} {one[0]}" if one else "undated"
    if a > b:
        a, b = b, a
    if a == b:
        return f"{a[2]} {MONTHS[a[1] - 1]} {a[0]}"
    if a[:2] == b[:2]:
        return f"{a[2]}–{b[2]} {MONTHS[a[1] - 1]} {a[0]}"
    if a[0] == b[0]:
        return f"{a[2]} {MONTHS[a[1] - 1]} – {b[2]} {MONTHS[b[1] - 1]} {a[0]}"
    return f"{a[2]} {MONTHS[a[1] - 1]} {a[0]} – {b[2]} {MONTHS[b[1] - 1]} {b[0]}"


CONFIDENCE_LABELS = {"category": "what is counted", "place": "place", "time": "date", "source": "source"}


def unsure(confidence: dict[str, float] | None, below: float = 0.5) -> str:
    """Return which attributes the extractor is unsure of ("place 0.3, date 0.4"), or ""."""
    if not isinstance(confidence, dict):
        return ""
    low = []
    for key in sorted(confidence):
        value = confidence[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < below:
            low.append(f"{CONFIDENCE_LABELS.get(key, str(key))} {value:.1f}")
    return ", ".join(low)
