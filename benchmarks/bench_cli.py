"""Measure `factcheck extract` end to end, as a user runs it, against a plain en_core_web_sm nlp.pipe script.

Usage: python benchmarks/bench_cli.py [--words 100000] [--jobs 2] [--repeat 3] [--save DIR] [--src DIR]
The seed articles in articles/ are copied into a temporary folder until it holds at least --words words. Each run
is a subprocess timed from start to exit (interpreter, imports, model and rules loading included):
`factcheck extract --no-cache --jobs 1 FOLDER`, the same with --jobs N, and a plain script that imports
en_core_web_sm, loads it and runs nlp.pipe over the full texts of the same files. The outputs of --jobs 1
and --jobs N (and of every repeat) must be byte-identical. The three commands run interleaved --repeat times
and the fastest run of each counts (the machine is shared; CPU seconds of --jobs 1 and the plain script are
shown too). --save keeps both JSONL outputs (to compare two versions of factcheck);
--src runs factcheck from another source tree. --blas-reference also times the plain script with its matrix
products on the backend factcheck's pipeline uses (numpy's BLAS, one thread), to show how much of the lead comes
from that backend and how much from parsing less.
The last line reads: jobs 1 <x>x, jobs N <y>x plain nlp.pipe (targets >= 2.5x and >= 4x); outputs identical.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from clirun import build_corpus, env_for, factcheck_cmd, plain_blas_cmd, plain_cmd, timed_cpu


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, time the two job counts and the plain pipeline, check the outputs match."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--save", type=Path, default=None, help="folder to write jobs1.jsonl and jobsN.jsonl into")
    parser.add_argument("--src", type=Path, default=None, help="run factcheck from this source tree")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the fastest counts")
    parser.add_argument("--blas-reference", action="store_true",
                        help="also time the plain script on factcheck's matrix backend")
    args = parser.parse_args(argv)
    env = env_for(args.src)
    runs: dict[str, list[tuple[float, float]]] = {"one": [], "many": [], "plain": []}
    outputs: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="factcheck-cli-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files, words = build_corpus(folder, args.words)
        commands = {"one": factcheck_cmd("extract", "--no-cache", "--jobs", "1", str(folder)),
                    "many": factcheck_cmd("extract", "--no-cache", "--jobs", str(args.jobs), str(folder)),
                    "plain": plain_cmd(*map(str, files))}
        if args.blas_reference:
            commands["plain_blas"] = plain_blas_cmd(*map(str, files))
            runs["plain_blas"] = []
        for _ in range(args.repeat):  # interleaved, so a busy spell on a shared machine hits all three
            for name, cmd in commands.items():
                wall, cpu, out = timed_cpu(cmd, env, cwd=Path(tmp))
                runs[name].append((wall, cpu))
                if name in ("one", "many"):
                    outputs.add(out)
                    _save(args.save, f"jobs{1 if name == 'one' else args.jobs}.jsonl", out)
    one, many, plain = (min(w for w, _ in runs[k]) for k in ("one", "many", "plain"))
    cpu_one, cpu_plain = min(c for _, c in runs["one"]), min(c for _, c in runs["plain"])
    claims = next(iter(outputs)).count("\n")
    print(f"{len(files)} files, {words:,} words, {claims:,} claims; wall seconds of each run: "
          + "; ".join(f"{k} {', '.join(f'{w:.1f}' for w, _ in v)}" for k, v in runs.items())
          + f"; cpu: jobs 1 {cpu_one:.1f} s, plain {cpu_plain:.1f} s (all start-up included)", file=sys.stderr)
    print(f"jobs 1 {plain / one:.2f}x, jobs {args.jobs} {plain / many:.2f}x plain nlp.pipe (fastest of {args.repeat}; "
          f"targets >= 2.5x and >= 4x); jobs 1 cpu {cpu_plain / cpu_one:.2f}x; outputs "
          f"{'identical' if len(outputs) == 1 else 'DIFFERENT'}")
    if args.blas_reference:
        ref = min(w for w, _ in runs["plain_blas"])
        print(f"against the plain script on the same matrix backend ({ref:.1f} s): jobs 1 {ref / one:.2f}x, "
              f"jobs {args.jobs} {ref / many:.2f}x")
    return 0 if len(outputs) == 1 else 1


def _save(folder: Path | None, name: str, text: str) -> None:
    """Keep one output for comparing versions."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
