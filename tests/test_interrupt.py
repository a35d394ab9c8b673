"""Nothing is lost: report files are replaced atomically, concurrent runs share a cache and an --out folder,
and Ctrl-C ends with exit 130, one line, and the previous report intact."""
from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from factcheck.errors import OptionsError
from factcheck.models import Report
from factcheck.report import render, write_report

STORY = """Toll rises after strikes in northwest Syria
At least {n} people were killed in air strikes on Idlib on Thursday, the civil defence said.
More than {m} others were wounded, and nearly 800,000 people have fled since December, the UN said.
Turkey has deployed some 7,000 troops to the province, officials said.
"""
OLD = {"index.html": "<!doctype html><title>old report</title>\n", "report.json": '{"old": true}\n',
       "claims.csv": "id\nold\n"}


def factcheck(cwd: Path, *args: str) -> subprocess.Popen[str]:
    """Start the factcheck command in cwd."""
    return subprocess.Popen([sys.executable, "-m", "factcheck.cli", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def corpus(folder: Path, count: int) -> Path:
    """Write count short articles with figures into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"story-{i:03d}.txt").write_text(STORY.format(n=30 + i, m=40 + i), encoding="utf-8")
    return folder


def previous_report(out: Path) -> None:
    """Write recognisable report files, as an earlier run would have left them."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in OLD.items():
        (out / name).write_text(text, encoding="utf-8")


def assert_previous_report(out: Path) -> None:
    """Assert the earlier report files are untouched and no temporary file is left."""
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == OLD


def tiny_report() -> Report:
    """Return an empty but valid report."""
    return Report(articles=(), claims=(), groups=(), relations=(), skipped=(), generated="2024-01-01T00:00:00+00:00",
                  version="0")


# ----------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      failure: BaseException) -> None:
    previous_report(tmp_path)

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(render.os, "fsync", fail)  # the new text is written, then the disk fills or Ctrl-C
    with pytest.raises(OptionsError if isinstance(failure, OSError) else KeyboardInterrupt) as info:
        write_report(tiny_report(), tmp_path, ("html", "json", "csv"))
    if isinstance(failure, OSError):
        assert str(info.value).startswith(f"{tmp_path / 'index.html'}: cannot write the report (No space left")
    assert_previous_report(tmp_path)


def test_report_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        written = write_report(tiny_report(), tmp_path, ("html", "json", "csv"))
    finally:
        os.umask(old)
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {oct(0o644)}


# ----------------------------------------------------------------------------- concurrent runs


def test_two_runs_on_one_cache_and_one_out_folder(tmp_path: Path) -> None:
    corpus(tmp_path / "articles", 12)
    runs = [factcheck(tmp_path, "check", "articles", "--out", "out", "--cache-dir", "cache") for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in runs]
    for code, err in results:
        assert code == 0, err
        assert "Traceback" not in err and "warning" not in err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 12
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["claims.csv", "index.html", "report.json"]
    with sqlite3.connect(tmp_path / "cache" / "claims.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM claims").fetchone() == (12,)


# ----------------------------------------------------------------------------- Ctrl-C


def start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    """Start factcheck in its own process group, stderr to a file (a stray worker cannot block the test)."""
    err = open(cwd / "stderr.txt", "w", encoding="utf-8")  # noqa: SIM115 - closed by finish()
    return subprocess.Popen([sys.executable, "-m", "factcheck.cli", *args], cwd=cwd, text=True,
                            stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)


def interrupt_when(proc: subprocess.Popen[str], ready: Any, delay: float, group: bool, limit: float = 120) -> None:
    """Send SIGINT (to the process, or to its group as a terminal's Ctrl-C does) delay s after ready()."""
    start_at = time.monotonic()
    while not ready() and proc.poll() is None and time.monotonic() - start_at < limit:
        time.sleep(0.05)
    time.sleep(delay)
    if group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)


def finish(proc: subprocess.Popen[str], cwd: Path) -> tuple[int, str, bool]:
    """Wait for the run; return its exit code, stderr and whether any process of its group outlived it."""
    code = proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    survivors = True
    while survivors and time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
            time.sleep(0.1)
        except ProcessLookupError:
            survivors = False
    if survivors:
        os.killpg(proc.pid, signal.SIGKILL)  # end the strays this test started
    return code, (cwd / "stderr.txt").read_text(encoding="utf-8"), survivors


@pytest.mark.parametrize("group", [False, True], ids=["kill-INT", "ctrl-c"])
def test_ctrl_c_during_extraction_exits_130_and_keeps_the_report(tmp_path: Path, group: bool) -> None:
    corpus(tmp_path / "articles", 300)
    previous_report(tmp_path / "out")
    proc = start(tmp_path, "check", "articles", "--out", "out", "--cache-dir", "cache", "--jobs", "2")
    interrupt_when(proc, lambda: (tmp_path / "cache").exists(), 1.5, group)  # the cache opens as extraction starts
    code, err, survivors = finish(proc, tmp_path)
    assert code == 130, err
    assert [ln for ln in err.splitlines() if ln.strip()] == ["factcheck: interrupted"]
    assert not survivors, "worker processes outlived the interrupted run"
    assert_previous_report(tmp_path / "out")
    assert not list(tmp_path.rglob("*.tmp"))
    with sqlite3.connect(tmp_path / "cache" / "claims.sqlite3") as conn:  # what was stored is whole
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for (value,) in conn.execute("SELECT value FROM claims"):
            json.loads(value)


@pytest.mark.parametrize("delay", [0.3, 0.8])
def test_ctrl_c_while_workers_start_leaves_no_trace(tmp_path: Path, delay: float) -> None:
    corpus(tmp_path / "articles", 60)
    previous_report(tmp_path / "out")
    proc = start(tmp_path, "check", "articles", "--out", "out", "--no-cache", "--jobs", "2")
    interrupt_when(proc, lambda: True, delay + 1.0, group=False)  # the CLI is loading rules or starting workers
    code, err, survivors = finish(proc, tmp_path)
    assert code == 130, err
    assert [ln for ln in err.splitlines() if ln.strip()] == ["factcheck: interrupted"]
    assert not survivors
    assert_previous_report(tmp_path / "out")
