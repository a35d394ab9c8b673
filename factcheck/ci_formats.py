"""Outputs for CI systems: GitHub Actions workflow commands and JUnit XML."""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from factcheck.errors import OptionsError
from factcheck.models import Article, Claim, Group, Report
from factcheck.review import Finding, findings, is_failing

JUNIT_FILE = "junit.xml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ---------------------------------------------------------------- GitHub Actions


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command (%, CR, LF, colon, comma)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str | None = None, line: int | None = None,
               end_line: int | None = None, title: str | None = None) -> str:
    """Return one `::level file=..,line=..,endLine=..,title=..::message` workflow command."""
    props = [("file", file), ("line", line), ("endLine", end_line), ("title", title)]
    text = ",".join(f"{k}={escape_property(str(v))}" for k, v in props if v is not None)
    return f"::{level} {text}::{escape_data(message)}" if text else f"::{level}::{escape_data(message)}"


def _rel(path: str, cwd: Path | None) -> str:
    """Return path relative to cwd with forward slashes (as is when on another drive)."""
    try:
        rel = os.path.relpath(path, cwd or Path.cwd())
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/")


def line_of(text: str, offset: int) -> int:
    """Return the 1-based line holding a character offset."""
    return text.count("\n", 0, max(offset, 0)) + 1


def _where(c: Claim, articles: dict[str, Article], cwd: Path | None) -> tuple[str, int, int] | None:
    """Return (file, line, endLine) of a claim in its article, or None when the article is unknown."""
    a = articles.get(c.doc)
    if a is None:
        return None
    return _rel(a.path, cwd), line_of(a.text, c.start), line_of(a.text, max(c.end - 1, c.start))


def _level(f: Finding, fail_on: str, min_severity: float) -> str:
    """Return error for what fails the run (conflicts when --fail-on none), notice when reviewed, else warning."""
    if f.review is not None:
        return "notice"
    return "error" if is_failing(f, "conflict" if fail_on == "none" else fail_on, min_severity) else "warning"


def _finding_line(f: Finding, report: Report, fail_on: str, min_severity: float, cwd: Path | None) -> str:
    articles = {a.doc: a for a in report.articles}
    claims = {c.id: c for c in report.claims}
    places = [w for w in (_where(claims[c], articles, cwd) for c in f.claims if c in claims) if w]
    message = f.message
    if len(places) > 1:
        message += " Also at: " + ", ".join(f"{p}:{ln}" for p, ln, _ in places[1:]) + "."
    if f.review is not None:
        message += f" Reviewed: {f.review['decision']} by {f.review['by']}: {f.review['note']}".rstrip(": ")
    message += f" [{f.id}, severity {f.severity:g}]"
    file, line, end = places[0] if places else (None, None, None)
    return annotation(_level(f, fail_on, min_severity), message, file, line, end, f.title)


def github_annotations(report: Report, fail_on: str = "none", min_severity: float = 0.0,
                       cwd: Path | None = None) -> list[str]:
    """Return one workflow command per finding, most severe first, pointing at the first claim's line."""
    return [_finding_line(f, report, fail_on, min_severity, cwd) for f in findings(report)]


# ---------------------------------------------------------------- JUnit XML


def _case_name(g: Group) -> str:
    """Return a readable test-case name for a group, ending with its stable id."""
    what = " ".join(x for x in (g.subject_key or g.category, g.place and f"in {g.place}") if x)
    return f"{what} ({g.verdict}) [{g.id}]"


def _xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 cannot hold (control characters); ElementTree escapes the rest."""
    return _NOT_XML.sub("", text)


def _suite(name: str) -> ET.Element:
    return ET.Element("testsuite", {"name": name})


def _close_suite(suite: ET.Element) -> None:
    """Set the tests/failures/errors/skipped counts of a suite from its test cases."""
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))


def _add_case(suite: ET.Element, classname: str, name: str, f: Finding | None) -> None:
    """Add a test case: failure for an unreviewed finding, skipped for a reviewed one."""
    case = ET.SubElement(suite, "testcase", {"classname": _xml_safe(classname), "name": _xml_safe(name),
                                              "time": "0"})
    if f is None:
        return
    if f.review is None:
        failure = ET.SubElement(case, "failure", {"message": _xml_safe(f.title), "type": f.kind or f.type})
        failure.text = _xml_safe(f"{f.message} [severity {f.severity:g}]")
    else:
        ET.SubElement(case, "skipped", {"message": _xml_safe(f"reviewed: {f.review['decision']} by {f.review['by']}")})


def junit_xml(report: Report) -> str:
    """Return JUnit XML: one test case per group (failure = unreviewed conflict), one per relation."""
    by_id = {f.id: f for f in findings(report)}
    root = ET.Element("testsuites", {"name": "factcheck"})
    groups = _suite("factcheck")
    for g in sorted(report.groups, key=lambda g: (g.category, g.id)):
        _add_case(groups, g.category, _case_name(g), by_id.get(g.id))
    _close_suite(groups)
    root.append(groups)
    if report.relations:
        rels = _suite("factcheck.relations")
        for r in sorted(report.relations, key=lambda r: r.id):
            _add_case(rels, f"relation.{r.kind}", f"{r.kind} of {len(r.parts)} parts [{r.id}]", by_id.get(r.id))
        _close_suite(rels)
        root.append(rels)
    for attr in ("tests", "failures", "errors", "skipped"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(report: Report, out_dir: Path) -> Path:
    """Write junit.xml into out_dir and return its path."""
    from factcheck.report.render import atomic_write

    path = Path(out_dir) / JUNIT_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, junit_xml(report))  # a failed or interrupted run leaves the previous file whole
    except OSError as exc:
        raise OptionsError(f"{path}: cannot write the JUnit file ({exc.strerror})",
                           "give a writable folder with --out") from exc
    return path
