"""Review files, findings and the --fail-on threshold, baseline diffs."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.errors import FactcheckError
from factcheck.models import Article, Claim, Group, Relation, Report
from factcheck.review import (
    apply_baseline,
    apply_reviews,
    default_reviews_path,
    diff_reports,
    diff_summary,
    failing,
    findings,
    load_baseline,
    load_reviews,
    parse_reviews,
    relation_severity,
    reviews_toml,
)

TEXTS = {
    "a.txt": "Headline\n\nAt least 33 Turkish soldiers were killed in Idlib, officials said.\n",
    "b.txt": "Turkey says 22 soldiers died.\nMore: 5, 6 and 12 wounded, 20 in all.\n",
    "c.txt": "Some 900,000 people have fled since December.\n",
}


def claim(cid: str, doc: str, number_text: str, value: float, category: str = "killed", **kw: Any) -> Claim:
    start = TEXTS[doc].index(number_text)
    return Claim(id=cid, doc=doc, number_text=number_text, quote=number_text, value=value, low=value,
                 high=kw.pop("high", value), hedge=kw.pop("hedge", "exact"), category=category, subject="soldiers",
                 location=None, time=None, source=None, start=start, end=start + len(number_text),
                 sentence=TEXTS[doc], outlet=kw.pop("outlet", doc.split(".")[0].upper()), **kw)


def make_report(root: Path = Path("/corpus"), **extras: Any) -> Report:
    """Build a small report by hand: two conflicts, one consistent group, one failing and one holding sum."""
    articles = tuple(Article(doc=d, path=str(root / d), text=t, outlet=d.split(".")[0].upper(), sha256=d)
                     for d, t in TEXTS.items())
    claims = (claim("c1", "a.txt", "At least 33", 33, hedge="at_least", high=None),
              claim("c2", "b.txt", "22", 22),
              claim("c3", "b.txt", "5", 5, "injured"), claim("c4", "b.txt", "6", 6, "injured"),
              claim("c5", "b.txt", "12", 12, "injured"), claim("c6", "b.txt", "20", 20, "injured"),
              claim("c7", "c.txt", "900,000", 900000, "displaced"))
    groups = (Group(id="g-regress", verdict="conflict", claims=("c1", "c2"), category="killed",
                    subject_key="turkish_soldiers", place="idlib", kind="regression", severity=0.33,
                    explanation="The count went down, from 33 to 22."),
              Group(id="g-small", verdict="conflict", claims=("c3", "c4"), category="injured",
                    subject_key="soldiers", place=None, kind="wording", severity=0.05),
              Group(id="g-ok", verdict="consistent", claims=("c7",), category="displaced",
                    subject_key="civilians", place="syria"))
    relations = (Relation(id="r-sum", kind="sum", parts=("c3", "c4", "c5"), total="c6", holds=False,
                          explanation="5 + 6 + 12 = 23, not 20."),
                 Relation(id="r-ok", kind="subset", parts=("c3",), total="c6", holds=True))
    return Report(articles=articles, claims=claims, groups=groups, relations=relations,
                  generated="2024-01-01T00:00:00+00:00", version="0.1.0", extras=dict(extras))


REVIEWS = """\
# reviewed on Monday
[groups."g-regress"]
decision = "explained"
note = "Different periods: 33 since December, 22 this week"
by = "ana"
date = 2024-03-01

[groups."g-gone"]
decision = "false_alarm"
note = ""
by = "li"
"""


# ---------------------------------------------------------------- review files


def test_parse_reviews_reads_every_field_and_dates_as_text() -> None:
    got = parse_reviews(REVIEWS)
    assert got["g-regress"] == {"decision": "explained", "note": "Different periods: 33 since December, 22 this week",
                                "by": "ana", "date": "2024-03-01"}
    assert got["g-gone"]["date"] == ""


@pytest.mark.parametrize("bad, line, words", [
    (REVIEWS.replace('decision = "explained"', 'decision = "fine"'), 3, ["groups.\"g-regress\".decision",
                                                                         "use one of confirmed_error"]),
    (REVIEWS.replace('by = "li"', 'by = "li"\nreviewer = "x"'), 12, ["groups.\"g-gone\".reviewer: unknown key",
                                                                    "use one of decision, note, by, date"]),
    (REVIEWS.replace('by = "ana"\n', ""), 2, ["groups.\"g-regress\".by: missing", 'add by = "..."']),
    (REVIEWS.replace('note = ""', "note = 3"), 10, ["groups.\"g-gone\".note: expected text"]),
    (REVIEWS + '\n[other]\nx = 1\n', 13, ["other: unknown key"]),
    (REVIEWS.replace('by = "li"', 'by = "li'), 11, ["syntax", "fix the TOML"]),
])
def test_bad_review_file_names_file_line_key_and_fix(tmp_path: Path, bad: str, line: int, words: list[str]) -> None:
    path = tmp_path / "reviews.toml"
    path.write_text(bad)
    with pytest.raises(FactcheckError) as err:
        load_reviews(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    for w in words:
        assert w in message
    assert "\n" not in message


def test_missing_review_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="review file not found"):
        load_reviews(tmp_path / "nope.toml")


def test_default_reviews_path_is_beside_the_first_folder(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "f.txt").write_text("x")
    assert default_reviews_path([tmp_path / "f.txt", tmp_path / "one"]) == tmp_path / "one" / "reviews.toml"
    assert default_reviews_path([tmp_path / "f.txt"]) is None


def test_apply_reviews_keeps_known_ids_and_lists_stale_ones() -> None:
    report = apply_reviews(make_report(), parse_reviews(REVIEWS))
    assert list(report.extras["reviews"]) == ["g-regress"]
    assert report.extras["stale_reviews"] == ["g-gone"]
    assert report.to_dict()["stale_reviews"] == ["g-gone"]


def test_reviews_toml_round_trips_awkward_text() -> None:
    reviews = {'g-"odd"\\id': {"decision": "accepted", "note": 'He said "no"\\\nthen\ttabbed \x01 ok é',
                               "by": "Zoë [desk]", "date": ""},
               "g-a": {"decision": "explained", "note": "", "by": "x", "date": "2024-01-02"}}
    text = reviews_toml(reviews)
    assert parse_reviews(text) == reviews
    assert tomllib.loads(text)["groups"]["g-a"] == {"decision": "explained", "note": "", "by": "x",
                                                   "date": "2024-01-02"}


@given(st.dictionaries(st.text(min_size=1, max_size=12),
                       st.fixed_dictionaries({"decision": st.sampled_from(["confirmed_error", "false_alarm"]),
                                              "note": st.text(max_size=30), "by": st.text(max_size=10),
                                              "date": st.just("")}), max_size=4))
def test_reviews_toml_round_trips_any_text(reviews: dict[str, dict[str, str]]) -> None:
    assert parse_reviews(reviews_toml(reviews)) == reviews


# ---------------------------------------------------------------- findings and thresholds


def test_findings_are_conflicts_and_failing_relations_most_severe_first() -> None:
    got = findings(make_report())
    assert [(f.id, f.type) for f in got] == [("g-regress", "conflict"), ("r-sum", "relation"), ("g-small", "conflict")]
    assert got[1].severity == pytest.approx(3 / 23, abs=1e-4)
    assert got[0].message == "The count went down, from 33 to 22."
    assert got[2].message == 'The figures cannot all hold: "5" (B); "6" (B).'  # no explanation: the figures


@pytest.mark.parametrize("fail_on, floor, ids", [
    ("none", 0.0, []),
    ("conflict", 0.0, ["g-regress", "g-small"]),
    ("conflict", 0.1, ["g-regress"]),
    ("regression", 0.0, ["g-regress"]),
    ("any", 0.0, ["g-regress", "r-sum", "g-small"]),
    ("any", 0.2, ["g-regress"]),
])
def test_fail_on_levels(fail_on: str, floor: float, ids: list[str]) -> None:
    assert [f.id for f in failing(make_report(), fail_on, floor)] == ids


def test_reviewed_findings_never_fail() -> None:
    report = apply_reviews(make_report(), parse_reviews(REVIEWS))
    assert [f.id for f in failing(report, "any")] == ["r-sum", "g-small"]
    assert failing(report, "regression") == []


def test_unknown_fail_on_level_is_an_error() -> None:
    with pytest.raises(FactcheckError, match="use one of none, conflict, regression, any"):
        failing(make_report(), "all")


def test_relation_severity_unknown_values_count_as_full_gap() -> None:
    r = Relation(id="r", kind="sum", parts=("x",), total="y", holds=False)
    assert relation_severity(r, {}) == 1.0


# ---------------------------------------------------------------- baseline


def _changed_report() -> Report:
    base = make_report()
    regress = base.groups[0]
    groups = (Group(**{**regress.__dict__, "severity": 0.5, "claims": ("c1", "c2", "c7")}),
              base.groups[2],
              Group(id="g-new", verdict="conflict", claims=("c5",), category="injured", subject_key=None, place=None,
                    kind="true_conflict", severity=0.2))
    return Report(articles=base.articles, claims=base.claims, groups=groups, relations=base.relations[:1])


def test_diff_reports_new_resolved_changed() -> None:
    diff = diff_reports(make_report().to_dict(), _changed_report().to_dict())
    assert [e["id"] for e in diff["new"]] == ["g-new"]
    assert [e["id"] for e in diff["resolved"]] == ["g-small", "r-ok"]
    assert [(e["id"], e["fields"]) for e in diff["changed"]] == [("g-regress", ["severity", "claims"])]
    assert diff["changed"][0]["before"]["severity"] == 0.33 and diff["changed"][0]["after"]["severity"] == 0.5


def test_diff_sees_verdict_change() -> None:
    old = make_report().to_dict()
    old["groups"][2]["verdict"] = "conflict"
    diff = diff_reports(old, make_report().to_dict())
    assert [(e["id"], e["fields"]) for e in diff["changed"]] == [("g-ok", ["verdict"])]


def test_same_report_has_empty_diff_and_summary_line(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(make_report().to_dict()))
    report = apply_baseline(make_report(), load_baseline(path))
    assert report.extras["diff"] == {"new": [], "resolved": [], "changed": []}
    line = diff_summary(apply_baseline(_changed_report(), load_baseline(path)).extras["diff"], path)
    assert line == f"factcheck: against {path}: 1 new (1 conflicts), 2 resolved, 1 changed (0 now conflicting)"


@pytest.mark.parametrize("content, words", [
    (None, "baseline not found"), ("{not json", "not valid JSON"), ("[1, 2]", "no groups list"),
    ('{"groups": [{"verdict": "conflict"}]}', "lack ids"), (b"\xff\xfe\x00", "not valid JSON"),
])
def test_bad_baseline_is_one_line_error(tmp_path: Path, content: str | bytes | None, words: str) -> None:
    path = tmp_path / "old.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(FactcheckError) as err:
        load_baseline(path)
    assert words in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)
