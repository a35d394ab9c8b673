"""The data model every stage passes along: articles, claims, groups, relations, reports."""
from __future__ import annotations

import hashlib
import json
from copy import deepcopy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

SCHEMA_VERSION = "1.0"
_json_string = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]

CATEGORIES = ("killed", "injured", "displaced", "deployed", "missing", "other")
HEDGES = ("exact", "at_least", "more_than", "at_most", "less_than", "about", "almost", "up_to", "range", "vague")
VERDICTS = ("consistent", "evolving", "conflict", "single")
CONFLICT_KINDS = ("wording", "source_split", "regression", "true_conflict")


def stable_id(prefix: str, *parts: Any) -> str:
    """Return a short id that depends only on the content given (the SHA-1 of its JSON text)."""
    if all(type(p) is str for p in parts):  # the common case, written as json.dumps would, without its set-up
        text = "[" + ", ".join(map(_json_string, parts)) + "]"
    else:
        text = json.dumps(parts, sort_keys=True, default=str)
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


_ATOMS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain_fields(obj: Any) -> dict[str, Any]:
    """Return _plain(asdict(obj)) without asdict's deep copy of every string and number (they are immutable)."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: _plain_copy(getattr(obj, name)) for name in names}


def _plain_copy(value: Any) -> Any:
    if type(value) in _ATOMS:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return _plain_fields(value)
    if isinstance(value, (list, tuple)):
        return [_plain_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_copy(v) for k, v in value.items()}
    return deepcopy(value)  # what asdict does with anything else


def _plain(value: Any) -> Any:
    """Turn tuples into lists (recursively) so the result is JSON-ready."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Model:
    """Mixin giving dataclasses a JSON-ready dict and a constructor from one."""

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as plain JSON-ready data."""
        return _plain_fields(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        """Build an instance from to_dict() output, ignoring unknown keys."""
        names = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
        kwargs = {}
        for key, value in data.items():
            if key in names:
                kwargs[key] = tuple(value) if isinstance(value, list) and names[key].type.startswith("tuple") else value
        return cls(**kwargs)


@dataclass(frozen=True)
class Dropped(_Model):
    """A span of the article text left out of extraction (page furniture)."""

    start: int
    end: int
    reason: str  # rule id, e.g. "furniture.newsletter"


@dataclass(frozen=True)
class Article(_Model):
    """One article as read from disk: the text offsets point into, and its metadata."""

    doc: str  # file name relative to the folder given, POSIX separators
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    url: str | None = None
    inferred: tuple[str, ...] = ()  # metadata fields that were inferred from the text
    meta_rules: tuple[str, ...] = ()  # rule ids that supplied inferred metadata
    dropped: tuple[Dropped, ...] = ()
    format: str = "txt"
    sha256: str = ""

    @property
    def id(self) -> str:
        """Return the stable id of this article (hash of its name and text)."""
        return stable_id("a", self.doc, self.sha256)


@dataclass(frozen=True)
class Skipped(_Model):
    """A file that was not read, with the reason and the fix."""

    path: str
    reason: str
    hint: str = ""


@dataclass(frozen=True)
class Claim(_Model):
    """One numeric claim: a figure as an interval, what it counts, where, when, who says so."""

    id: str
    doc: str
    number_text: str
    quote: str
    value: float | None
    low: float | None
    high: float | None
    hedge: str
    category: str
    subject: str | None
    location: str | None
    time: str | None
    source: str | None
    start: int
    end: int
    sentence: str
    outlet: str | None = None
    published: str | None = None
    subject_key: str | None = None
    place: str | None = None  # normalised gazetteer key of location
    period_start: str | None = None
    period_end: str | None = None
    as_of: str | None = None
    cumulative: bool = False
    source_key: str | None = None
    sentence_start: int = 0
    rules: tuple[str, ...] = ()
    part_of: str | None = None  # id of a claim in the same sentence this one is among ("six of the nine")
    # What the figure counts in time: "incident" (one strike, one day: incident_date), "tally" (a running
    # count since period_start, or "the toll rose to"), or None when the text does not say.
    count_kind: str | None = None
    incident_date: str | None = None
    # How sure the extractor is of each attribute, 0-1: keys category, place, time, source.
    confidence: dict[str, float] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Group(_Model):
    """Claims that speak of one real-world quantity, and whether they agree."""

    id: str
    verdict: str  # consistent | evolving | conflict | single
    claims: tuple[str, ...]
    category: str
    subject_key: str | None
    place: str | None
    kind: str | None = None  # conflict kind
    severity: float = 0.0  # relative gap between the furthest-apart intervals
    summary: dict[str, Any] = field(default_factory=dict)
    explanation: str = ""
    rule: str = ""
    story: str = ""  # id of the Story this group belongs to
    # Why these claims are one quantity: {"population": ..., "place": ..., "time": "tally since 2019-12-01"
    # | "incident 2020-02-27" | ..., "text": one plain sentence}.
    basis: dict[str, Any] = field(default_factory=dict)
    # Claims of the same story and category left out, and why: [{"claim": id, "reason": "different place: ..."}].
    near_misses: tuple[dict[str, Any], ...] = ()
    # A running tally as reported over time, oldest first: [{"as_of", "low", "high", "value", "claims",
    # "sources"}]; one point per reporting date.
    series: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Story(_Model):
    """One event or crisis as the corpus covers it: its articles, a readable title, dates and groups."""

    id: str
    title: str  # main place, event word, date range: "Idlib offensive, Jan-Mar 2020"
    articles: tuple[str, ...]  # article doc names (as in Claim.doc)
    groups: tuple[str, ...]  # group ids; every group is in exactly one story
    first: str | None = None  # earliest publication date (ISO)
    last: str | None = None  # latest publication date (ISO)
    place: str | None = None  # main place key
    event: str | None = None  # main event word ("earthquake", "offensive")


@dataclass(frozen=True)
class Link(_Model):
    """An editor's grouping correction: these claims are one quantity ("same") or are not ("apart")."""

    kind: str  # same | apart
    claims: tuple[str, ...]
    why: str = ""
    by: str = ""


@dataclass(frozen=True)
class Relation(_Model):
    """Arithmetic the text asserts between claims: a sum or a subset."""

    id: str
    kind: str  # sum | subset
    parts: tuple[str, ...]
    total: str
    holds: bool
    explanation: str = ""
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the fields, plus part/whole keys for subsets."""
        out = super().to_dict()
        if self.kind == "subset":
            out["part"], out["whole"] = self.parts[0], self.total
        return out


@dataclass(frozen=True)
class Report(_Model):
    """Everything a run found: the input to every writer."""

    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    groups: tuple[Group, ...]
    relations: tuple[Relation, ...]
    skipped: tuple[Skipped, ...] = ()
    stories: tuple[Story, ...] = ()
    generated: str = ""
    version: str = ""
    extras: dict[str, Any] = field(default_factory=dict)  # reviews, diff, ... added by later stages

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (articles without their full text)."""
        arts = []
        for a in self.articles:
            d = a.to_dict()
            d["id"] = a.id
            d["chars"] = len(a.text)
            del d["text"]
            arts.append(d)
        return {
            "schema_version": SCHEMA_VERSION,
            "factcheck_version": self.version,
            "generated": self.generated,
            "articles": arts,
            "claims": [c.to_dict() for c in self.claims],
            "groups": [g.to_dict() for g in self.groups],
            "stories": [s.to_dict() for s in self.stories],
            "relations": [r.to_dict() for r in self.relations],
            "skipped": [s.to_dict() for s in self.skipped],
            **self.extras,
        }
