"""Editors' grouping corrections end to end: [[same]] / [[apart]] beside the articles change the next run's groups."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from factcheck.cli import main

CORPUS = Path(__file__).parent / "data" / "corpora" / "two_incidents"


def run(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `factcheck check` on the folder; return report.json and stderr."""
    monkeypatch.setattr(sys, "argv", ["factcheck", "check", str(folder), "--out", str(out), "--no-cache",
                                      "--format", "json", "--jobs", "1"])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 0, err
    return json.loads((out / "report.json").read_text(encoding="utf-8")), err


@pytest.mark.slow
def test_same_and_apart_written_beside_the_articles_change_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder)
    first, _ = run(folder, tmp_path / "r1", monkeypatch, capsys)
    group = next(g for g in first["groups"] if len(g["claims"]) >= 2)
    other = next(g for g in first["groups"] if g["id"] != group["id"] and g["story"] == group["story"])
    kept, split = group["claims"][0], group["claims"][1]
    (folder / "reviews.toml").write_text(
        f'[[apart]]\nclaims = ["{kept}", "{split}"]\nwhy = "two different counts"\nby = "desk"\n\n'
        f'[[same]]\nclaims = ["{kept}", "{other["claims"][0]}"]\nwhy = "one count"\nby = "desk"\n\n'
        '[[apart]]\nclaims = ["c-000000000000", "' + kept + '"]\nwhy = "a claim an edit removed"\n',
        encoding="utf-8")
    second, err = run(folder, tmp_path / "r2", monkeypatch, capsys)
    home = {cid: g["id"] for g in second["groups"] for cid in g["claims"]}
    assert home[kept] != home[split]  # apart
    assert home[kept] == home[other["claims"][0]]  # same
    assert second["stale_links"] == [{"kind": "apart", "claims": ["c-000000000000", kept],
                                      "why": "a claim an edit removed", "by": ""}]
    assert "grouping correction(s) name claims not in this run (c-000000000000)" in err
    assert len(second["links"]) == 3  # carried into the report, so the page writes them back


def test_a_malformed_correction_is_one_line_naming_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("At least 12 people were killed in a market bombing on Monday.", encoding="utf-8")
    (folder / "reviews.toml").write_text('[[same]]\nclaims = "c-1"\n', encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["factcheck", "check", str(folder), "--out", str(tmp_path / "r"), "--no-cache"])
    with pytest.raises(SystemExit) as done:
        main()
    err = capsys.readouterr().err.strip().splitlines()
    assert done.value.code == 2
    assert len(err) == 1 and "reviews.toml" in err[0] and "same[0].claims" in err[0]
