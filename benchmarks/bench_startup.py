"""Measure the start-up of `factcheck extract` on one short article against loading spaCy and parsing one sentence.

Usage: python benchmarks/bench_startup.py [--runs 5] [--src DIR]
Both are subprocesses timed from start to exit; each is run --runs times, alternately, and the medians are
compared. factcheck runs as a user runs it the second time (the compiled rules are already in the user cache;
the first, cold run is reported too). The reference imports en_core_web_sm, loads it and parses one sentence.
The last line reads: factcheck extract <s> s, spaCy load + one sentence <s> s: <x>x (target <= 1.5x).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from clirun import env_for, factcheck_cmd, plain_cmd, timed, timed_cpu

SENTENCE = "Turkish officials said 33 soldiers were killed in an air strike in Idlib on Thursday.\n"


def main(argv: list[str] | None = None) -> int:
    """Time both commands alternately and print the ratio of their medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", type=Path, default=None, help="run factcheck from this source tree")
    args = parser.parse_args(argv)
    env = env_for(args.src)
    with tempfile.TemporaryDirectory(prefix="factcheck-startup-") as tmp:
        article = Path(tmp) / "short.txt"
        article.write_text(SENTENCE, encoding="utf-8")
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # a cache of our own: the first run is a cold one
        cmd = factcheck_cmd("extract", "--no-cache", str(article))
        cold, out = timed(cmd, env, cwd=Path(tmp))
        if '"number_text": "33"' not in out:
            sys.exit(f"error: factcheck found no claim in the short article: {out[:300]}")
        ours, ref = [], []
        for _ in range(args.runs):
            ours.append(timed_cpu(cmd, env, cwd=Path(tmp))[:2])
            ref.append(timed_cpu(plain_cmd(), env, stdin=SENTENCE, cwd=Path(tmp))[:2])
    mine, theirs = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in ref)
    mine_cpu, theirs_cpu = statistics.median(c for _, c in ours), statistics.median(c for _, c in ref)
    print(f"factcheck extract, first run (rules compiled into the cache) {cold:.2f} s; then "
          f"{', '.join(f'{t:.2f}' for t, _ in ours)} s; spaCy load + one sentence "
          f"{', '.join(f'{t:.2f}' for t, _ in ref)} s", file=sys.stderr)
    print(f"factcheck extract {mine:.2f} s, spaCy load + one sentence {theirs:.2f} s: {mine / theirs:.2f}x "
          f"(target <= 1.5x); cpu {mine_cpu:.2f} s against {theirs_cpu:.2f} s: {mine_cpu / theirs_cpu:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
