"""Measure --jobs 2 against --jobs 1 and against a plain nlp.pipe over the same corpus.

Usage: python benchmarks/bench_jobs.py [--words 100000] [--jobs 2]
The five seed articles in articles/ are copied into a temporary folder until it holds at least --words
words; each run goes through factcheck.stages.collect with the cache disabled, as `factcheck extract
--no-cache` does (worker start-up included). The baseline is plain nlp.pipe of the same model over the
full texts, in one process. The claims of both runs must be identical.
The last line reads: jobs 1 <s> s, jobs N <s> s (<x>x), nlp.pipe <s> s; jobs N vs nlp.pipe <y>x (target >= 4x).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from factcheck.nlp.pipeline import load_model
from factcheck.ruleset import load_ruleset
from factcheck.stages import Options, collect

SEEDS = Path(__file__).resolve().parent.parent / "articles"


def build_corpus(folder: Path, words: int) -> int:
    """Copy the seed articles (and their sidecar) into folder until it holds the words; return the count."""
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md", ".html"))
    total, n = 0, 0
    while total < words:
        for seed in seeds:
            target = folder / f"r{n:04d}_{seed.name}"
            target.write_bytes(seed.read_bytes())
            total += len(seed.read_text(encoding="utf-8").split())
        n += 1
    return total


def run(folder: Path, jobs: int) -> tuple[float, list[object]]:
    """Extract the folder with this many processes; return seconds and the claims."""
    started = time.perf_counter()
    _articles, claims, _skipped = collect([folder], Options(jobs=jobs), load_ruleset())
    return time.perf_counter() - started, list(claims)


def plain_pipe(folder: Path) -> float:
    """Return the seconds a plain nlp.pipe over the full texts takes (model load excluded)."""
    nlp = load_model()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, time both job counts and the plain pipeline, check the claims match."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="factcheck-jobs-") as tmp:
        folder = Path(tmp)
        words = build_corpus(folder, args.words)
        one, claims_one = run(folder, 1)
        many, claims_many = run(folder, args.jobs)
        pipe = plain_pipe(folder)
    print(f"{words:,} words, {len(claims_one):,} claims; jobs 1 {words / one:,.0f} words/s, "
          f"jobs {args.jobs} {words / many:,.0f} words/s, nlp.pipe {words / pipe:,.0f} words/s", file=sys.stderr)
    if claims_one != claims_many:
        print(f"error: --jobs {args.jobs} found different claims from --jobs 1", file=sys.stderr)
        return 1
    print(f"jobs 1 {one:.1f} s, jobs {args.jobs} {many:.1f} s ({one / many:.2f}x), nlp.pipe {pipe:.1f} s; "
          f"jobs {args.jobs} vs nlp.pipe {pipe / many:.2f}x (target >= 4x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
