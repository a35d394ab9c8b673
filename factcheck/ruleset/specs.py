"""The shape of every rules file: which keys it may hold and of what type."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """What one key of a rules file may hold."""

    type: str  # str | list | dict | num | int | bool | any
    required: bool = False
    nullable: bool = False
    choices: tuple[str, ...] = ()
    regex: bool = False  # the value is a regular expression
    items: FieldSpec | None = None  # spec of each list item
    fields: dict[str, FieldSpec] | None = None  # spec of a mapping with fixed keys
    values: FieldSpec | None = None  # spec of every value of a free-keyed mapping


def S(**kw: object) -> FieldSpec:
    """Return a text field spec."""
    return FieldSpec("str", **kw)  # type: ignore[arg-type]


def L(item: FieldSpec | None = None, **kw: object) -> FieldSpec:
    """Return a list field spec."""
    return FieldSpec("list", items=item or S(), **kw)  # type: ignore[arg-type]


def M(fields: dict[str, FieldSpec] | None = None, values: FieldSpec | None = None, **kw: object) -> FieldSpec:
    """Return a mapping field spec."""
    return FieldSpec("dict", fields=fields, values=values, **kw)  # type: ignore[arg-type]


NUM = FieldSpec("num")
NUM_OR_NULL = FieldSpec("num", nullable=True)
HEDGE = S(required=True, choices=("exact", "at_least", "more_than", "at_most", "less_than", "about", "almost",
                                  "up_to", "range", "vague"))
CATEGORY_WORDS = M({"verbs": L(), "nouns": L(), "adjectives": L(), "phrases": L(), "noun_heads": L()})
CATEGORY = S(required=True, choices=("killed", "injured", "displaced", "deployed", "missing", "other"))
CONCEPT = M({"category": CATEGORY, "verbs": L(), "states": L(), "nouns": L(), "events": L(), "objects": L(),
             "places": L(), "paths": L(), "forced": L(), "phrases": L(), "manners": L(), "requires": L(),
             "people": FieldSpec("bool")})
FRAMES = M({"control": L(required=True), "light": L(required=True), "stay": L(required=True),
            "motion": L(required=True), "compel": L(required=True), "register": L(required=True),
            "irrealis": L(required=True)}, required=True)

SPECS: dict[str, dict[str, FieldSpec]] = {
    "hedges": {
        "about_band": FieldSpec("num", required=True),
        "hedges": L(M({"id": S(required=True), "hedge": HEDGE, "before": L(), "after": L()}), required=True),
    },
    "numbers": {
        "units": M(values=NUM, required=True),
        "tens": M(values=NUM, required=True),
        "scales": M(values=NUM, required=True),
        "scale_suffixes": M(values=NUM, required=True),
        "fractions": M(values=NUM, required=True),
        "multiples": M(values=NUM, required=True),
        "vague": L(M({"id": S(required=True), "phrases": L(required=True), "low": NUM, "high": NUM_OR_NULL}),
                   required=True),
        "not_counts": M({"units_after": L(), "words_before": L(), "words_after": L(), "patterns": L(S(regex=True))},
                        required=True),
    },
    "categories": {
        "categories": M(values=CATEGORY_WORDS, required=True),
        "counted_nouns": M(values=L(), required=True),
        "additional_words": L(),
    },
    "concepts": {
        "concepts": M(values=CONCEPT, required=True),
        "frames": FRAMES,
        "glue": M({"words": L(required=True)}, required=True),
    },
    "subjects": {
        "kinds": M(values=L(), required=True),
        "actors": M(values=L(), required=True),
        "subject_cutoff": FieldSpec("num", required=True),
    },
    "places": {
        "places": L(M({"name": S(required=True), "aliases": L(), "parent": S(nullable=True),
                       "demonyms": L()}), required=True),
        "towns": L(M({"name": S(required=True), "aliases": L(), "parent": S(required=True)})),
        "regions": L(M({"name": S(required=True), "patterns": L(S(regex=True), required=True), "words": L()})),
        "confidence": M(values=NUM),
    },
    "sources": {
        "bodies": L(M({"name": S(required=True), "aliases": L(), "kind": S()}), required=True),
        "speech_verbs": L(required=True),
        "according_to": L(required=True),
        "generic_speakers": L(required=True),
        "person_titles": L(),
        "confidence": M(values=NUM),
    },
    "time": {
        "cumulative_cues": L(required=True),
        "period_cues": L(required=True),
        "duration_units": L(required=True),
        "sub_period_cues": L(required=True),
        "events": M(values=L()),
        "confidence": M(values=NUM),
    },
    "furniture": {
        "blocks": L(M({"id": S(required=True), "start": S(required=True, regex=True), "end": S(regex=True),
                       "lines": FieldSpec("int"), "to_end": FieldSpec("bool"),
                       "max_lines": FieldSpec("int")}), required=True),
        "lines": L(M({"id": S(required=True), "pattern": S(required=True, regex=True)}), required=True),
    },
    "outlets": {
        "signatures": L(M({"id": S(required=True), "pattern": S(required=True, regex=True), "outlet": S(),
                           "published_group": S(), "outlet_group": S(), "first_lines": FieldSpec("int")}),
                        required=True),
    },
    "reconcile": {
        "subject_cutoff": FieldSpec("num", required=True),
        "wording_tolerance": FieldSpec("num", required=True),
        "same_day_window": FieldSpec("int", required=True),
        "event_window": FieldSpec("int", required=True),
        "wire_copy_cutoff": FieldSpec("num", required=True),
        "relation_tolerance": FieldSpec("num", required=True),
    },
}
