"""Measure `factcheck extract` end to end, as a user runs it, against a plain en_core_web_sm nlp.pipe script.

Usage: python benchmarks/bench_cli.py [--words 100000] [--jobs 2] [--save DIR] [--src DIR]
The seed articles in articles/ are copied into a temporary folder until it holds at least --words words. Each run
is a subprocess timed from start to exit (interpreter, imports, model and rules loading included):
`factcheck extract --no-cache --jobs 1 FOLDER`, the same with --jobs N, and a plain script that imports
en_core_web_sm, loads it and runs nlp.pipe over the full texts of the same files. The outputs of --jobs 1
and --jobs N must be byte-identical. --save keeps both JSONL outputs (to compare two versions of factcheck);
--src runs factcheck from another source tree.
The last line reads: jobs 1 <x>x, jobs N <y>x plain nlp.pipe (targets >= 2.5x and >= 4x); outputs identical.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from clirun import build_corpus, env_for, factcheck_cmd, plain_cmd, timed


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, time the two job counts and the plain pipeline, check the outputs match."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--save", type=Path, default=None, help="folder to write jobs1.jsonl and jobsN.jsonl into")
    parser.add_argument("--src", type=Path, default=None, help="run factcheck from this source tree")
    args = parser.parse_args(argv)
    env = env_for(args.src)
    with tempfile.TemporaryDirectory(prefix="factcheck-cli-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files, words = build_corpus(folder, args.words)
        one, out_one = timed(factcheck_cmd("extract", "--no-cache", "--jobs", "1", str(folder)), env, cwd=Path(tmp))
        many, out_many = timed(factcheck_cmd("extract", "--no-cache", "--jobs", str(args.jobs), str(folder)), env,
                               cwd=Path(tmp))
        plain, _tokens = timed(plain_cmd(*map(str, files)), env, cwd=Path(tmp))
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / "jobs1.jsonl").write_text(out_one, encoding="utf-8")
        (args.save / f"jobs{args.jobs}.jsonl").write_text(out_many, encoding="utf-8")
    same = out_one == out_many
    claims = out_one.count("\n")
    print(f"{len(files)} files, {words:,} words, {claims:,} claims; factcheck extract --jobs 1 {one:.1f} s, "
          f"--jobs {args.jobs} {many:.1f} s; plain nlp.pipe script {plain:.1f} s (all start-up included)",
          file=sys.stderr)
    print(f"jobs 1 {plain / one:.2f}x, jobs {args.jobs} {plain / many:.2f}x plain nlp.pipe "
          f"(targets >= 2.5x and >= 4x); outputs {'identical' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
