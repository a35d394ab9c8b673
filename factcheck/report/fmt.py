"""Format figures, intervals, dates and labels the way an editor reads them."""
from __future__ import annotations

import math
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
