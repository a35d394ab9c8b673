"""Compiled views of the rules files, built once per ruleset and shared by the components."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from factcheck.ruleset import Ruleset

FILLER = frozenset({"a", "an", "of", "or", "so", "the", "and"})  # words of vague phrases that say nothing alone
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


@dataclass(frozen=True)
class Phrase:
    """A phrase from the rules with the rule id and payload it carries."""

    text: str
    rule: str
    payload: Any


def _sorted_phrases(items: list[Phrase]) -> tuple[Phrase, ...]:
    return tuple(sorted(items, key=lambda p: (-len(p.text), p.text)))


@dataclass(frozen=True)
class Concept:
    """One concept of rules/concepts.yaml: the category it gives and the words that express it."""

    name: str
    category: str
    verbs: frozenset[str]
    states: frozenset[str]
    nouns: frozenset[str]
    events: frozenset[str]
    objects: frozenset[str]
    places: frozenset[str]
    paths: frozenset[str]
    forced: frozenset[str]
    phrases: frozenset[tuple[str, str]]
    manners: frozenset[str]
    requires: frozenset[str]
    people: bool


@dataclass(frozen=True)
class Vocab:
    """Everything the extractor looks up, precompiled from a Ruleset."""

    about_band: float
    hedge_before: tuple[Phrase, ...]
    hedge_after: tuple[Phrase, ...]
    units: dict[str, float]
    tens: dict[str, float]
    scales: dict[str, float]
    scale_suffixes: dict[str, float]
    fractions: dict[str, float]
    multiples: dict[str, float]
    vague: tuple[Phrase, ...]
    units_after: frozenset[str]
    words_before: frozenset[str]
    words_after: tuple[str, ...]
    not_count_patterns: tuple[re.Pattern[str], ...]
    number_words: frozenset[str]
    category_words: dict[str, dict[str, frozenset[str]]]
    category_phrases: dict[str, tuple[tuple[str, ...], ...]]
    counted: dict[str, frozenset[str]]
    additional: frozenset[str]
    kinds: dict[str, str]  # lower word or phrase -> kind
    actors: dict[str, str]  # lower word -> actor
    cumulative_cues: tuple[str, ...]
    sub_period_cues: tuple[str, ...]
    duration_units: frozenset[str]
    rules_digest: str
    concepts: tuple[Concept, ...] = ()
    frames: dict[str, frozenset[str]] = field(default_factory=dict)  # frame -> verb lemmas
    glue_words: frozenset[str] = frozenset()  # words PDF text glues to the next word or figure


def _hedges(data: dict[str, Any]) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    before, after = [], []
    for h in data["hedges"]:
        before += [Phrase(p.lower(), h["id"], h["hedge"]) for p in h.get("before", [])]
        after += [Phrase(p.lower(), h["id"], h["hedge"]) for p in h.get("after", [])]
    return _sorted_phrases(before), _sorted_phrases(after)


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)


def _concepts(data: dict[str, Any]) -> tuple[Concept, ...]:
    out = []
    for name, c in data["concepts"].items():
        pairs = frozenset((p.lower().split()[0], p.lower().split()[-1]) for p in c.get("phrases", []))
        w = {k: _words(c.get(k, [])) for k in ("verbs", "states", "nouns", "events", "objects", "places", "paths",
                                                "forced", "manners", "requires")}
        out.append(Concept(name=name, category=c["category"], phrases=pairs, people=bool(c.get("people", True)), **w))
    return tuple(out)


def _glue_words(data: dict[str, Any], hedges: dict[str, Any]) -> frozenset[str]:
    """Return the words glued text may hold on the left: the listed ones and the last words of hedges."""
    tails = {p.split()[-1] for h in hedges["hedges"] for p in h.get("before", []) if p.split()[-1].isalpha()}
    return _words(data["glue"]["words"]) | _words(sorted(t for t in tails if len(t) > 1))


def _lower_map(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, words in groups.items():
        for w in words:
            out.setdefault(w.lower(), key)
    return out


_COMPILED: dict[str, Vocab] = {}


def build_vocab(rules: Ruleset) -> Vocab:
    """Compile the rules into lookup tables (once per distinct rules content)."""
    vocab = _COMPILED.get(rules.digest)
    if vocab is None:
        vocab = _compile(rules.digest, rules)
        _COMPILED[rules.digest] = vocab
    return vocab


def _compile(digest: str, rules: Ruleset) -> Vocab:
    num, cat, subj, tim = rules["numbers"], rules["categories"], rules["subjects"], rules["time"]
    before, after = _hedges(rules["hedges"])
    vague = _sorted_phrases([Phrase(p.lower(), v["id"], (v["low"], v.get("high"))) for v in num["vague"]
                             for p in v["phrases"]])
    nc = num["not_counts"]
    words = set(num["units"]) | set(num["tens"]) | set(num["scales"]) | set(num["multiples"]) | {
        w for p in vague for w in p.text.split() if w not in FILLER} | {"dozens", "hundreds", "thousands", "millions"}
    cats = {c: {k: frozenset(w.lower() for w in v.get(k, [])) for k in ("verbs", "nouns", "adjectives", "noun_heads")}
            for c, v in cat["categories"].items()}
    phrases = {c: tuple(tuple(p.lower().split()) for p in v.get("phrases", [])) for c, v in cat["categories"].items()}
    return Vocab(
        about_band=float(rules["hedges"]["about_band"]), hedge_before=before, hedge_after=after,
        units={k.lower(): float(v) for k, v in num["units"].items()},
        tens={k.lower(): float(v) for k, v in num["tens"].items()},
        scales={k.lower(): float(v) for k, v in num["scales"].items()},
        scale_suffixes={k.lower(): float(v) for k, v in num["scale_suffixes"].items()},
        fractions={k.lower(): float(v) for k, v in num["fractions"].items()},
        multiples={k.lower(): float(v) for k, v in num["multiples"].items()},
        vague=vague,
        units_after=frozenset(w.lower() for w in nc.get("units_after", [])),
        words_before=frozenset(w.lower() for w in nc.get("words_before", [])),
        words_after=tuple(w.lower() for w in nc.get("words_after", [])),
        not_count_patterns=tuple(re.compile(p, re.I) for p in nc.get("patterns", [])),
        number_words=frozenset(w.lower() for w in words),
        category_words=cats, category_phrases=phrases,
        counted={k: frozenset(w.lower() for w in v) for k, v in cat["counted_nouns"].items()},
        additional=frozenset(w.lower() for w in cat.get("additional_words", [])),
        kinds=_lower_map(subj["kinds"]), actors=_lower_map(subj["actors"]),
        cumulative_cues=tuple(c.lower() for c in tim["cumulative_cues"]),
        sub_period_cues=tuple(c.lower() for c in tim["sub_period_cues"]),
        duration_units=frozenset(u.lower() for u in tim["duration_units"]),
        rules_digest=digest,
        concepts=_concepts(rules["concepts"]),
        frames={k: _words(v) for k, v in rules["concepts"]["frames"].items()},
        glue_words=_glue_words(rules["concepts"], rules["hedges"]),
    )
