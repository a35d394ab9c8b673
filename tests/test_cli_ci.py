"""factcheck check in CI: exit codes 0/1/2, every --format, reviews, baselines, the schema command."""
from __future__ import annotations

import importlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_ci_formats import COMMAND
from test_review import REVIEWS, make_report

from factcheck.cli import main
from factcheck.models import Report
from factcheck.review import reviews_toml
from factcheck.schema import load_schema

check_module = importlib.import_module("factcheck.stages")


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of articles whose run yields the hand-built report (two conflicts, one failing sum)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "articles"
    folder.mkdir()
    report = make_report(folder)
    for a in report.articles:
        Path(a.path).write_text(a.text, encoding="utf-8")
    monkeypatch.setattr(check_module, "run", lambda paths, options=None: _fresh(report))
    return folder


def _fresh(report: Report) -> Report:
    return Report(**{**report.__dict__, "extras": {}})


@pytest.fixture()
def factcheck(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run the real entry point (factcheck.cli:main) with arguments; return code, stdout, stderr."""
    def invoke(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["factcheck", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return invoke


def test_default_exits_0_and_writes_html_json_csv(corpus: Path, factcheck: Any) -> None:
    r = factcheck("check", str(corpus))
    assert r.code == 0, r.err
    assert sorted(p.name for p in Path("reports").iterdir()) == ["claims.csv", "index.html", "report.json"]
    assert r.out == ""
    assert "2 conflicts" in r.err


@pytest.mark.parametrize("fail_on, extra, code", [
    ("none", [], 0), ("conflict", [], 1), ("regression", [], 1), ("any", [], 1),
    ("conflict", ["--min-severity", "0.5"], 0), ("any", ["--min-severity", "0.1"], 1),
])
def test_fail_on_exit_codes(corpus: Path, factcheck: Any, fail_on: str, extra: list[str], code: int) -> None:
    r = factcheck("check", str(corpus), "--format", "json", "--fail-on", fail_on, *extra)
    assert r.code == code, r.err
    if code:
        assert re.search(rf"unreviewed finding\(s\) over --fail-on {fail_on}", r.err.splitlines()[-1])


def test_reviews_beside_articles_accept_findings_and_stale_ids_warn(corpus: Path, factcheck: Any) -> None:
    (corpus / "reviews.toml").write_text(REVIEWS)
    assert factcheck("check", str(corpus), "--format", "json", "--fail-on", "regression").code == 0
    r = factcheck("check", str(corpus), "--format", "json", "--fail-on", "conflict")
    assert r.code == 1 and "g-small" in r.err and "g-regress" not in r.err.splitlines()[-1]
    assert "1 review(s) point at ids not in this run: g-gone" in r.err
    data = json.loads(Path("reports/report.json").read_text())
    assert data["reviews"]["g-regress"]["by"] == "ana" and data["stale_reviews"] == ["g-gone"]


def test_reviews_option_points_at_another_file(corpus: Path, factcheck: Any, tmp_path: Path) -> None:
    elsewhere = tmp_path / "desk.toml"
    elsewhere.write_text(REVIEWS.replace('"g-gone"', '"g-small"'))
    r = factcheck("check", str(corpus), "--format", "json", "--fail-on", "conflict", "--reviews", str(elsewhere))
    assert r.code == 0, r.err


@pytest.mark.parametrize("args, words", [
    (["--fail-on", "all"], "Invalid value for '--fail-on'"),
    (["--min-severity", "-1"], "--min-severity"),
    (["--format", "html,pdf"], "unknown format 'pdf'"),
    (["--format", ","], "no format given"),
    (["--reviews", "missing.toml"], "missing.toml: review file not found"),
    (["--baseline", "missing.json"], "missing.json: baseline not found"),
])
def test_bad_options_exit_2_with_one_line(corpus: Path, factcheck: Any, args: list[str], words: str) -> None:
    r = factcheck("check", str(corpus), *args)
    assert r.code == 2
    assert words in r.err and r.err.count("\n") == 1 and r.err.startswith("factcheck: error: ")
    assert not Path("reports").exists()


def test_bad_review_file_exits_2_naming_file_line_key(corpus: Path, factcheck: Any) -> None:
    (corpus / "reviews.toml").write_text(REVIEWS.replace('decision = "false_alarm"', 'decision = "ok"'))
    r = factcheck("check", str(corpus), "--fail-on", "conflict")
    assert r.code == 2
    assert f'{corpus / "reviews.toml"}:9: groups."g-gone".decision' in r.err and r.err.count("\n") == 1


def test_malformed_baseline_exits_2(corpus: Path, factcheck: Any, tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text("{\"groups\": ")
    r = factcheck("check", str(corpus), "--baseline", str(bad))
    assert r.code == 2 and f"{bad}: baseline is not valid JSON" in r.err and r.err.count("\n") == 1


def test_baseline_diff_in_json_and_on_stderr(corpus: Path, factcheck: Any, tmp_path: Path) -> None:
    old = make_report(corpus).to_dict()
    old["groups"] = old["groups"][1:] + [{**old["groups"][0], "id": "g-old"}]
    old["groups"][0]["severity"] = 0.9
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    r = factcheck("check", str(corpus), "--format", "json", "--baseline", str(path))
    assert r.code == 0
    assert f"factcheck: against {path}: 1 new (1 conflicts), 1 resolved, 1 changed (0 now conflicting)" in r.err
    diff = json.loads(Path("reports/report.json").read_text())["diff"]
    assert ([e["id"] for e in diff["new"]], [e["id"] for e in diff["resolved"]],
            [e["id"] for e in diff["changed"]]) == (["g-regress"], ["g-old"], ["g-small"])


def test_format_github_prints_workflow_commands(corpus: Path, factcheck: Any) -> None:
    r = factcheck("check", str(corpus), "--format", "github", "--fail-on", "conflict")
    assert r.code == 1
    lines = r.out.splitlines()
    assert len(lines) == 3 and all(COMMAND.match(x) for x in lines)
    assert lines[0].startswith("::error file=articles/a.txt,line=3,endLine=3,title=factcheck conflict (regression)%3A")
    assert not Path("reports").exists()  # github alone writes no files


def test_format_junit_writes_junit_xml(corpus: Path, factcheck: Any) -> None:
    r = factcheck("check", str(corpus), "--format", "junit", "--out", "ci")
    assert r.code == 0
    root = ET.parse("ci/junit.xml").getroot()
    suite = root.find("testsuite")
    assert root.tag == "testsuites" and suite is not None and suite.get("name") == "factcheck"
    assert suite.get("failures") == "2" and len(suite.findall("testcase/failure")) == 2
    assert sorted(p.name for p in Path("ci").iterdir()) == ["junit.xml"]


def test_all_formats_together(corpus: Path, factcheck: Any) -> None:
    r = factcheck("check", str(corpus), "--fail-on", "conflict", "--format", "html,json,csv,github,junit")
    assert r.code == 1
    assert sorted(p.name for p in Path("reports").iterdir()) == ["claims.csv", "index.html", "junit.xml",
                                                                 "report.json"]
    assert len(r.out.splitlines()) == 3
    data = json.loads(Path("reports/report.json").read_text())
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["schema_version"] == "1.0"


def test_schema_command_prints_the_schema(factcheck: Any) -> None:
    r = factcheck("schema")
    assert r.code == 0 and json.loads(r.out) == load_schema()


def test_help_documents_ci_options(factcheck: Any) -> None:
    r = factcheck("check", "--help")
    for word in ("--fail-on [none|conflict|regression|any]", "--min-severity", "--reviews", "--baseline",
                 "github", "junit", "Exit codes: 0", "reviews.toml"):
        assert word in r.out
    assert "JSON Schema" in factcheck("--help").out


def _subprocess(*args: str) -> Any:
    import subprocess

    return subprocess.run([sys.executable, "-c", "from factcheck.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent)


def test_entry_point_in_a_real_process_exit_codes() -> None:
    r = _subprocess("check", "articles", "--fail-on", "sometimes")
    assert r.returncode == 2 and r.stderr.startswith("factcheck: error: Invalid value for '--fail-on'")
    r = _subprocess("schema")
    assert r.returncode == 0 and json.loads(r.stdout)["title"] == "factcheck report.json"


TINY = {
    "one.txt": "Turkish soldiers killed in Idlib\n\nAt least 33 Turkish soldiers were killed in an air strike in Idlib "
               "on 27 February 2020, the governor of Hatay said.\n",
    "two.txt": "Air strike in Idlib\n\nTwenty-two Turkish soldiers were killed in an air strike in Idlib on "
               "27 February 2020, officials said on Friday.\n",
}


@pytest.mark.slow
def test_real_run_exit_1_then_reviewed_exit_0_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              factcheck: Any) -> None:
    """Extract for real in a process, check every output, then accept the conflict and rerun from the cache."""
    import subprocess

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TINY.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    r = subprocess.run([sys.executable, "-c", "from factcheck.cli import main; main()", "check", "articles",
                        "--fail-on", "conflict", "--format", "html,json,csv,github,junit"],
                       capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert r.returncode == 1, r.stderr
    assert [COMMAND.match(x)[1] for x in r.stdout.splitlines()] == ["error"]  # type: ignore[index]
    assert "articles/one.txt,line=3,endLine=3" in r.stdout
    data = json.loads((tmp_path / "reports/report.json").read_text())
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    conflict = next(g for g in data["groups"] if g["verdict"] == "conflict")
    assert ET.parse(tmp_path / "reports/junit.xml").getroot().find("testsuite").get("failures") == "1"  # type: ignore[union-attr]
    assert (tmp_path / ".factcheck-cache/claims.sqlite3").is_file()

    (folder / "reviews.toml").write_text(reviews_toml({conflict["id"]: {
        "decision": "explained", "note": "governor counts the wounded who died later", "by": "desk"}}))
    monkeypatch.chdir(tmp_path)
    import factcheck.extraction as extract_module  # the second run must not extract: every article is cached
    monkeypatch.setattr(extract_module, "extract_articles", lambda *a: pytest.fail("extractor called"))
    again = factcheck("check", "articles", "--fail-on", "conflict", "--format", "json,github",
                      "--baseline", str(tmp_path / "reports/report.json"), "--out", "again")
    assert again.code == 0, again.err
    assert again.out.startswith("::notice file=articles/one.txt")
    assert "0 new (0 conflicts), 0 resolved, 0 changed" in again.err
    second = json.loads((tmp_path / "again/report.json").read_text())
    assert second["claims"] == data["claims"] and second["reviews"][conflict["id"]]["by"] == "desk"
    jsonschema.Draft202012Validator(load_schema()).validate(second)
