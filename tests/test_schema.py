"""The published JSON Schema of report.json describes what factcheck writes."""
from __future__ import annotations

import json
from dataclasses import fields

import jsonschema
import pytest
from test_review import REVIEWS, make_report

from factcheck.models import SCHEMA_VERSION, Article, Claim, Group, Relation, Skipped, Story
from factcheck.review import apply_baseline, apply_reviews, parse_reviews
from factcheck.schema import load_schema, schema_text


def validate(data: object) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_hand_built_report_with_reviews_and_diff_is_valid() -> None:
    report = apply_reviews(make_report(), parse_reviews(REVIEWS))
    old = make_report().to_dict()
    old["groups"][0]["severity"] = 0.1
    report = apply_baseline(report, old)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["diff"]["changed"] and data["stale_reviews"] == ["g-gone"]
    validate(data)


def test_schema_version_matches_the_model() -> None:
    assert make_report().to_dict()["schema_version"] == SCHEMA_VERSION
    validate(make_report().to_dict())


@pytest.mark.parametrize("path, value", [
    (("groups", 0, "verdict"), "maybe"),
    (("claims", 0, "hedge"), "roughly"),
    (("claims", 0, "start"), -1),
    (("schema_version",), "2.0"),
    (("reviews",), {"g-x": {"decision": "fine", "note": "", "by": "a"}}),
])
def test_schema_rejects_bad_values(path: tuple[object, ...], value: object) -> None:
    data = make_report().to_dict()
    target = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


@pytest.mark.parametrize("model, name", [(Claim, "claim"), (Group, "group"), (Relation, "relation"),
                                         (Article, "article"), (Skipped, "skipped"), (Story, "story")])
def test_every_model_field_is_described(model: type, name: str) -> None:
    described = set(load_schema()["$defs"][name]["properties"])
    missing = {f.name for f in fields(model)} - described - {"text"}
    assert not missing, f"add {sorted(missing)} to factcheck/schema/report.schema.json ($defs.{name})"


def test_schema_text_is_the_schema() -> None:
    assert json.loads(schema_text()) == load_schema()
