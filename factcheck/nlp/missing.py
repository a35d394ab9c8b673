"""The missing: people not found or not accounted for after a disaster or an attack, a count of their own.

Reporters give the missing beside the toll ("221 people had been confirmed dead, with 24 others unaccounted for",
"89 people remain missing", "the safety of 211 people remains unconfirmed", "the number of missing people has risen
to 93"). They are neither dead nor displaced, and their number falls as people are found: a stock, not a running
tally. Read on the claim's sentence text, after the parse has had its say; no spaCy here.
"""
from __future__ import annotations

import re

# Words between the figure and "missing" that keep it the figure's own predicate: not a new clause ("and", "while",
# "with"), not a search ("for the missing", "searching for"), not a toll verb of its own.
_GAP = (r"(?:(?!(?:and|but|while|whereas|or|after|when|with|the|for|search\w*|look\w*|find\w*|locat\w*|rescu\w*|"
        r"killed|dead|died|injured|wounded|hurt|displaced|evacuated)\b)[A-Za-z'’-]+\s+){0,5}?")
# After the figure: "25 people are missing", "24 others unaccounted-for", "89 missing people", "two more are reported
# as missing", "103 people whose whereabouts are unknown", "89 cases of active search for missing".
_AFTER = re.compile(
    r"^[\s\"”’)]*(?:" + _GAP + r"(?:missing|unaccounted(?:[\s-]+for)?)\b|"
    r"(?:[\w'’-]+\s+){0,2}?whose\s+(?:safety|whereabouts)\s+(?:[\w'’-]+\s+){0,3}?(?:unknown|unconfirmed|"
    r"unaccounted|not\s+(?:yet\s+)?(?:been\s+)?(?:confirmed|known|established))\b|"
    r"(?:active\s+)?(?:search\s+)?cases\s+(?:of\s+)?(?:active\s+)?search(?:es)?\s+for\s+(?:the\s+)?missing\b)", re.I)
# Before the figure: "the safety of 211 people remains unconfirmed", "the whereabouts of 50 are unknown"
# (the clause after must say so), and "the number of missing people has risen to 93", "the number of people whose
# safety was unaccounted for was 52".
_OF_WHOM = re.compile(r"\b(?:safety|whereabouts|fate)\s+of\s+(?:(?:another|an\s+additional|a\s+further|about|some|"
                      r"around|at\s+least|more\s+than|over|nearly|almost)\s+)?$", re.I)
_UNKNOWN = re.compile(r"^[^.;,]{0,60}?\b(?:unknown|unconfirmed|unaccounted|unclear|not\s+(?:yet\s+)?(?:been\s+)?"
                      r"(?:confirmed|known|established))\b", re.I)
_KNOWN = re.compile(r"^[^.;,]{0,40}?\b(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+\s+)?"
                    r"(?:confirmed|established|accounted\s+for)\b", re.I)
_NUMBER_OF = re.compile(r"\b(?:number|count|tally|list|total)\s+of\s+(?:(?!\d)[\w'’-]+\s+){0,6}?(?:missing|"
                        r"unaccounted(?:[\s-]+for)?|unconfirmed)\b[^,;.\d]{0,40}$", re.I)
_HINTS = ("missing", "unaccounted", "whereabouts", "safety", "unconfirmed", "unknown", "fate")


def missing_rule(sentence: str, start: int, end: int) -> str | None:
    """Return the rule that reads the figure at sentence[start:end] as a count of the missing, else None."""
    low = sentence.lower()
    if not any(h in low for h in _HINTS):
        return None  # most sentences name none: one cheap look decides
    after, before = sentence[end:end + 120], sentence[max(0, start - 120):start]
    if _AFTER.match(after):
        return "category.missing.predicate"
    if _OF_WHOM.search(before) and _UNKNOWN.match(after):
        return "category.missing.safety_unconfirmed"
    if _NUMBER_OF.search(before):
        return "category.missing.number_of"
    return None


def accounted_for(sentence: str, start: int, end: int) -> bool:
    """Return True for people found or accounted for ("the whereabouts of 121 were confirmed"): not a count of the
    missing, nor of the displaced."""
    before = sentence[max(0, start - 60):start]
    return bool(_OF_WHOM.search(before)) and bool(_KNOWN.match(sentence[end:end + 80]))
