"""GitHub Actions workflow commands and JUnit XML."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_review import REVIEWS, make_report

from factcheck.ci_formats import annotation, escape_data, escape_property, github_annotations, junit_xml, write_junit
from factcheck.review import apply_reviews, parse_reviews

# ::level file={name},line={line},endLine={endLine},title={title}::{message}, as documented by GitHub;
# property values may not hold a raw , : % CR LF; the message may not hold a raw % CR LF.
_PROP = r"(?:[^,:%\r\n]|%25|%0D|%0A|%3A|%2C)*"
_DATA = r"(?:[^%\r\n]|%25|%0D|%0A)*"
COMMAND = re.compile(rf"^::(error|warning|notice) file=(?P<file>{_PROP}),line=(?P<line>[1-9]\d*),"
                     rf"endLine=(?P<end>[1-9]\d*),title=(?P<title>{_PROP})::(?P<message>{_DATA})$")


def unescape_property(text: str) -> str:
    return (text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r")
            .replace("%25", "%"))


def test_escape_data_and_property_follow_the_documented_table() -> None:
    assert escape_data("50% of\r\nall: a,b") == "50%25 of%0D%0Aall: a,b"
    assert escape_property("50% of\r\nall: a,b") == "50%25 of%0D%0Aall%3A a%2Cb"
    assert escape_property("%0A") == "%250A"  # percent first, so an escape already in the text survives


def test_annotation_syntax_with_awkward_values() -> None:
    line = annotation("error", "line one\nline two 100%", "dir, with: comma/a.txt", 3, 4, "Killed: 33, not 22")
    assert line == ("::error file=dir%2C with%3A comma/a.txt,line=3,endLine=4,title=Killed%3A 33%2C not 22"
                    "::line one%0Aline two 100%25")
    m = COMMAND.match(line)
    assert m and unescape_property(m["file"]) == "dir, with: comma/a.txt"
    assert annotation("warning", "plain") == "::warning::plain"


def test_github_annotations_point_at_article_lines(tmp_path: Path) -> None:
    lines = github_annotations(make_report(tmp_path / "articles"), "conflict", 0.0, cwd=tmp_path)
    assert len(lines) == 3
    for line in lines:
        assert COMMAND.match(line), line
        assert "\n" not in line
    first, second, third = (COMMAND.match(x) for x in lines)
    assert first and second and third
    assert (first[1], first["file"], first["line"], first["end"]) == ("error", "articles/a.txt", "3", "3")
    assert unescape_property(first["title"]) == "factcheck conflict (regression): killed, turkish_soldiers, idlib"
    assert "Also at: articles/b.txt:1." in first["message"] and "[g-regress, severity 0.33]" in first["message"]
    assert (second[1], second["file"], second["line"]) == ("warning", "articles/b.txt", "2")  # sum: not under conflict
    assert (third[1], third["line"]) == ("error", "2")


def test_github_levels_follow_fail_on_and_reviews(tmp_path: Path) -> None:
    report = make_report(tmp_path)
    levels = lambda r, *a: [COMMAND.match(x)[1] for x in github_annotations(r, *a, cwd=tmp_path)]  # type: ignore[index]  # noqa: E731
    assert levels(report, "any", 0.0) == ["error", "error", "error"]
    assert levels(report, "none", 0.0) == ["error", "warning", "error"]
    assert levels(report, "regression", 0.0) == ["error", "warning", "warning"]
    assert levels(report, "any", 0.2) == ["error", "warning", "warning"]
    reviewed = apply_reviews(report, parse_reviews(REVIEWS))
    lines = github_annotations(reviewed, "any", 0.0, cwd=tmp_path)
    assert [COMMAND.match(x)[1] for x in lines] == ["notice", "error", "error"]  # type: ignore[index]
    assert "Reviewed: explained by ana: Different periods" in lines[0]


def test_github_escapes_text_from_articles(tmp_path: Path) -> None:
    report = make_report(tmp_path)
    odd = report.groups[0].__class__(**{**report.groups[0].__dict__, "explanation": "100% down:\r\nfrom 33, to 22",
                                        "place": "idlib, syria: north"})
    report = report.__class__(**{**report.__dict__, "groups": (odd, *report.groups[1:])})
    line = github_annotations(report, "conflict", 0.0, cwd=tmp_path)[0]
    m = COMMAND.match(line)
    assert m, line
    assert "100%25 down:%0D%0Afrom 33, to 22" in m["message"]
    assert m["title"].endswith("idlib%2C syria%3A north")


def parse_junit(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    return root


def test_junit_shape_counts_and_failures() -> None:
    root = parse_junit(junit_xml(make_report()))
    suite, rels = root.findall("testsuite")
    assert suite.attrib == {"name": "factcheck", "tests": "3", "failures": "2", "errors": "0", "skipped": "0"}
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    regress = next(c for n, c in cases.items() if n and n.endswith("[g-regress]"))
    assert regress.get("classname") == "killed" and regress.get("name") == "turkish_soldiers in idlib (conflict) [g-regress]"
    failure = regress.find("failure")
    assert failure is not None and failure.get("type") == "regression" and "33 to 22" in (failure.text or "")
    ok = next(c for n, c in cases.items() if n and n.endswith("[g-ok]"))
    assert list(ok) == []
    assert rels.attrib["name"] == "factcheck.relations" and rels.attrib["failures"] == "1"
    assert root.attrib["tests"] == "5" and root.attrib["failures"] == "3"


def test_junit_reviewed_conflicts_are_skipped_not_failed() -> None:
    root = parse_junit(junit_xml(apply_reviews(make_report(), parse_reviews(REVIEWS))))
    suite = root.find("testsuite")
    assert suite is not None and suite.attrib["failures"] == "1" and suite.attrib["skipped"] == "1"
    skipped = suite.find("testcase/skipped")
    assert skipped is not None and skipped.get("message") == "reviewed: explained by ana"


@pytest.mark.parametrize("nasty", ['<b>&"quotes"</b>', "ctrl\x01\x1f char", "]]> end"])
def test_junit_escapes_text(nasty: str) -> None:
    report = make_report()
    g = report.groups[0].__class__(**{**report.groups[0].__dict__, "explanation": nasty, "subject_key": nasty})
    root = parse_junit(junit_xml(report.__class__(**{**report.__dict__, "groups": (g,)})))
    case = root.find("testsuite/testcase")
    assert case is not None and nasty.replace("\x01", "").replace("\x1f", "") in (case.get("name") or "")


def test_write_junit_creates_the_folder(tmp_path: Path) -> None:
    path = write_junit(make_report(), tmp_path / "out" / "reports")
    assert path.name == "junit.xml" and parse_junit(path.read_text(encoding="utf-8")) is not None
