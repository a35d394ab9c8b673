"""Reconciling in forked processes gives exactly the result of one process."""
from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import reconcile as rec
from factcheck.models import Claim, stable_id

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_reconcile import make_claims  # noqa: E402

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reconciling in processes forks (Linux)")


def test_shares_keep_stories_whole_and_balanced(ruleset: Any) -> None:
    claims = make_claims(4000, ruleset, seed=11)
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        by_doc.setdefault(c.doc[:5], []).append(c)  # ten documents a unit, as a stand-in for stories
    units = sorted(by_doc.items())
    shares = rec._shares(units, 2)
    assert len(shares) == 2
    assert not set(shares[0]) & set(shares[1])
    assert sorted(shares[0] + shares[1]) == list(range(len(units)))  # every story in exactly one share
    sizes = [sum(len(units[i][1]) for i in share) for share in shares]
    assert min(sizes) > 0.4 * sum(sizes)
    assert all(share == sorted(share) for share in shares)  # story order kept inside each share


def test_one_story_is_not_split(ruleset: Any) -> None:
    claims = make_claims(500, ruleset, seed=2)
    assert len(rec._shares([("s-1", claims)], 4)) == 1


FORKED_RUN = """
import sys
sys.path.insert(0, {bench!r})
from bench_reconcile import make_claims
from factcheck import reconcile as rec
from factcheck.ruleset import load_ruleset

rules = load_ruleset()
claims = make_claims(6000, rules, seed=4)
one = rec.reconcile(claims, rules, jobs=1)
rec.PARALLEL_MIN_CLAIMS = 100
calls = []
real = rec._forked
rec._forked = lambda *a: calls.append(len(a[1])) or real(*a)
three = rec.reconcile(claims, rules, jobs=3)
print(calls, three == one, sum(len(g.claims) > 1 for g in one.groups) > 100)
"""


@needs_fork
def test_forked_reconcile_equals_one_process() -> None:
    """Run in a fresh interpreter: a process with other threads running (as pytest may be) does not fork."""
    import subprocess

    bench = str(Path(__file__).resolve().parent.parent / "benchmarks")
    done = subprocess.run([sys.executable, "-c", FORKED_RUN.format(bench=bench)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[3]", "True", "True"]  # forked with three shares, same result, real grouping


def test_threads_keep_reconciliation_in_one_process(ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert not rec._can_fork()
        monkeypatch.setattr(rec, "PARALLEL_MIN_CLAIMS", 10)
        monkeypatch.setattr(rec, "_forked", lambda *a: pytest.fail("forked with a thread running"))
        claims = make_claims(300, ruleset, seed=1)
        assert rec.reconcile(claims, ruleset, jobs=2).groups
    finally:
        stop.set()
        helper.join()


def test_small_inputs_stay_in_one_process(ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = make_claims(300, ruleset, seed=1)
    monkeypatch.setattr(rec, "_forked", lambda *a: pytest.fail("forked for 300 claims"))
    assert rec.reconcile(claims, ruleset, jobs=4) == rec.reconcile(claims, ruleset, jobs=1)


def test_garbage_collector_state_is_restored(ruleset: Any) -> None:
    claims = make_claims(100, ruleset, seed=1)
    assert gc.isenabled()
    rec.reconcile(claims, ruleset)
    assert gc.isenabled()
    gc.disable()
    try:
        rec.reconcile(claims, ruleset)
        assert not gc.isenabled()
    finally:
        gc.enable()


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2)), max_size=4))
def test_stable_id_is_the_sha1_of_the_json_text(parts: list[Any]) -> None:
    import hashlib

    expected = hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:12]
    assert stable_id("x", *parts) == f"x-{expected}"


INTERRUPTED_RUN = """
import sys
sys.path.insert(0, {bench!r})
from bench_reconcile import make_claims
from factcheck import reconcile as rec
from factcheck.ruleset import load_ruleset

rules = load_ruleset()
claims = make_claims(150000, rules, seed=2)
print("go", flush=True)
try:
    rec.reconcile(claims, rules, jobs=2)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


@needs_fork
def test_ctrl_c_while_reconciling_in_processes_stops_quietly() -> None:
    """Ctrl-C reaches the whole process group: the workers stay silent, the parent stops them and returns."""
    import os
    import signal
    import subprocess
    import time

    bench = str(Path(__file__).resolve().parent.parent / "benchmarks")
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTED_RUN.format(bench=bench)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "go"
    children: list[str] = []
    for _ in range(600):  # stories are built first; then the worker starts grouping
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True,
                                  check=False).stdout.split()
        if children:
            break
        time.sleep(0.2)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert out.strip() == "interrupted" and proc.returncode == 0, (out, err)
    assert err == ""  # no traceback from a worker
    assert children  # there was a worker, and it is gone
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
