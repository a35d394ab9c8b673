"""Every way a rules file can be wrong ends in one line, `file:line: key: what is wrong: how to fix it`, exit 2."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.errors import RulesError
from factcheck.ruleset import default_rules_dir, load_ruleset

BROKEN = Path(__file__).parent / "rules_broken"
SHAPE = re.compile(r"^factcheck: error: (?P<file>.+\.yaml):(?P<line>\d+): (?P<key>[\w.\[\]]+): (?P<what>.+): (?P<fix>.+)$")
ARTICLE = "At least 33 people were killed in Idlib on Thursday, officials said.\n"

# case file -> (line, key, words of the message)
CASES = {
    "syntax--hedges": (7, "syntax", "expected ',' or ']'"),
    "unknown_key--reconcile": (6, "wire_copy_cuttoff", "unknown key"),
    "duplicate_key--reconcile": (8, "subject_cutoff", "duplicate key (first at line 2)"),
    "wrong_type--reconcile": (4, "same_day_window", "expected a whole number, got str"),
    "bad_choice--hedges": (8, "hedges[1].hedge", "'perhaps' is not one of"),
    "empty_phrase--hedges": (8, "hedges[0].before[1]", "empty text"),
    "bad_regex--furniture": (4, "blocks[0].start", "bad pattern (missing )"),
    "empty--time": (1, "file", "empty"),
    "top_level_list--time": (1, "file", "expected a mapping at the top"),
    "control_char--time": (2, "syntax", "character '\\x1b' is not allowed"),
    "not_utf8--time": (2, "encoding", "byte 0xe9 is not UTF-8"),
    "python_tag--subjects": (2, "syntax", "could not determine a constructor"),
    "missing_group--outlets": (5, "published_group", "no group 'when'"),
    "unknown_parent--places": (7, "parent", "'Northwest Syria' is not a place"),
}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """Return a folder holding a copy of the shipped rules (rules/) and one article (articles/)."""
    shutil.copytree(default_rules_dir().resolve(), tmp_path / "rules")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def factcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the factcheck command in cwd."""
    return subprocess.run([sys.executable, "-m", "factcheck.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def one_error_line(result: subprocess.CompletedProcess[str]) -> re.Match[str]:
    """Assert exit 2 and a single located error line on stderr; return its parts."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    match = SHAPE.match(lines[0])
    assert match, lines[0]
    return match


def test_every_broken_file_has_a_case() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_rules_file_is_one_located_line(workdir: Path, case: str) -> None:
    line, key, what = CASES[case]
    target = case.split("--")[1]
    shutil.copyfile(BROKEN / f"{case}.yaml", workdir / "rules" / f"{target}.yaml")
    match = one_error_line(factcheck(workdir, "check", "--rules", "rules", "articles", "--out", "out", "--no-cache"))
    assert Path(match["file"]) == Path("rules") / f"{target}.yaml"
    assert (int(match["line"]), match["key"]) == (line, key)
    assert what in match["what"]
    assert not (workdir / "out").exists()
    assert not (workdir / "FACTCHECK_PWNED").exists()


def test_missing_rules_file(workdir: Path) -> None:
    (workdir / "rules" / "time.yaml").unlink()
    match = one_error_line(factcheck(workdir, "check", "--rules", "rules", "articles", "--out", "out", "--no-cache"))
    assert (match["file"], match["line"], match["key"], match["what"]) == ("rules/time.yaml", "0", "file", "missing")


def test_missing_rules_folder_is_one_line(workdir: Path) -> None:
    result = factcheck(workdir, "check", "--rules", "nowhere", "articles", "--out", "out", "--no-cache")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "factcheck: error: nowhere:0: folder: missing: pass --rules DIR pointing at factcheck's rules/ folder"]


def test_extract_reports_broken_rules_the_same_way(workdir: Path) -> None:
    shutil.copyfile(BROKEN / "unknown_key--reconcile.yaml", workdir / "rules" / "reconcile.yaml")
    match = one_error_line(factcheck(workdir, "extract", "--rules", "rules", "articles", "--no-cache"))
    assert match["key"] == "wire_copy_cuttoff"


def test_python_tag_never_runs_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir().resolve(), rules)
    shutil.copyfile(BROKEN / "python_tag--subjects.yaml", rules / "subjects.yaml")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RulesError, match=r"subjects\.yaml:2: syntax: could not determine a constructor"):
        load_ruleset(rules)
    assert not (tmp_path / "FACTCHECK_PWNED").exists()
