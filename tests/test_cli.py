"""The factcheck command end to end on the shipped corpus, and the Python API."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import factcheck

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"
FIELDS = {"doc", "id", "number_text", "quote", "value", "low", "high", "hedge", "category", "subject", "location",
          "time", "source", "start", "end", "sentence", "outlet", "published", "rules"}


def factcheck_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factcheck.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    done = factcheck_cli("check", str(ARTICLES), "--out", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "5 articles" in done.stderr and "Traceback" not in done.stderr
    return out


def test_check_writes_the_three_files(checked: Path) -> None:
    assert {p.name for p in checked.iterdir()} >= {"index.html", "report.json", "claims.csv"}
    report = json.loads((checked / "report.json").read_text(encoding="utf-8"))
    ids = {c["id"] for c in report["claims"]}
    assert report["schema_version"] and len(report["articles"]) == 5 and len(ids) == len(report["claims"])
    for group in report["groups"]:
        assert {"id", "verdict", "claims", "kind", "severity", "summary", "explanation"} <= set(group)
        assert set(group["claims"]) <= ids
    assert any(g["verdict"] == "conflict" for g in report["groups"])
    assert {r["kind"] for r in report["relations"]} == {"sum", "subset"}


def test_claims_carry_offsets_into_the_article_text(checked: Path) -> None:
    report = json.loads((checked / "report.json").read_text(encoding="utf-8"))
    texts = {a["doc"]: (ARTICLES / a["doc"]).read_text(encoding="utf-8") for a in report["articles"]}
    for c in report["claims"]:
        assert texts[c["doc"]][c["start"]:c["end"]] == c["number_text"]


def test_extract_prints_json_lines_with_the_schema_fields() -> None:
    done = factcheck_cli("extract", str(ARTICLES), "--format", "jsonl", "--no-cache")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) > 30 and all(FIELDS <= set(c) for c in lines)
    assert ("at least 33", 33, None, "at_least", "killed") in {
        (c["number_text"], c["low"], c["high"], c["hedge"], c["category"]) for c in lines}


def test_ids_are_stable_across_runs(checked: Path, tmp_path: Path) -> None:
    done = factcheck_cli("check", str(ARTICLES), "--out", str(tmp_path), "--no-cache", "--format", "json")
    assert done.returncode == 0, done.stderr
    first = json.loads((checked / "report.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [g["id"] for g in first["groups"]] == [g["id"] for g in second["groups"]]
    assert [c["id"] for c in first["claims"]] == [c["id"] for c in second["claims"]]


def test_version_and_help_with_examples() -> None:
    assert factcheck_cli("--version").stdout.startswith("factcheck, version")
    for cmd in ("check", "extract"):
        helped = factcheck_cli(cmd, "--help")
        assert helped.returncode == 0 and "Examples:" in helped.stdout


@pytest.mark.parametrize("make", ["missing", "empty", "binary"])
def test_extract_on_bad_input_is_one_line_and_exit_2(make: str, tmp_path: Path) -> None:
    target = tmp_path / make
    if make == "empty":
        target.mkdir()
    elif make == "binary":
        target = tmp_path / "story.txt"
        target.write_bytes(b"%PDF-1.7\x00\x01\x02" * 50)
    done = factcheck_cli("extract", str(target))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert str(target.name) in done.stderr


def test_python_api_matches_the_cli(checked: Path) -> None:
    report = factcheck.check(ARTICLES, cache_dir=None)
    claims = factcheck.extract(ARTICLES / "004_51ac950297687159.txt", cache_dir=None)
    saved = json.loads((checked / "report.json").read_text(encoding="utf-8"))
    assert [c.id for c in report.claims] == [c["id"] for c in saved["claims"]]
    assert [c.id for c in claims] == [c["id"] for c in saved["claims"] if c["doc"] == "004_51ac950297687159.txt"]
