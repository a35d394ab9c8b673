"""Measure extraction throughput against running the full spaCy pipeline over every word.

Usage: python benchmarks/bench_extract.py [--words 100000]
Extractor.extract_batch (8 articles at a time, as the command runs it) runs the full pipeline only on
sentences that may hold a figure; the baseline is a plain nlp.pipe over the same full texts with the same
model (factcheck.nlp.pipeline.load_model()), in the same run. The five seed articles in articles/ are repeated to at least --words words.
The last line reads: extract <w> words/s, nlp.pipe <w> words/s, ratio <x>x (target >= 2.5x); cpu ratio <y>x.
A line before it gives the ratio against the plain pipeline on the matrix backend factcheck's pipeline uses
(numpy's BLAS): how much of the lead comes from parsing less rather than from that backend.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the command runs: one BLAS thread per process

from factcheck.articles import load_articles
from factcheck.extraction import BATCH, Extractor
from factcheck.models import Article
from factcheck.nlp.pipeline import load_model, use_blas
from factcheck.ruleset import Ruleset, load_ruleset

SEEDS = Path(__file__).resolve().parent.parent / "articles"


def corpus(rules: Ruleset, words: int) -> tuple[list[Article], int]:
    """Return the seed articles repeated to at least the given number of words, and the word count."""
    seeds = [a for a in load_articles([SEEDS], rules) if isinstance(a, Article)]
    per_round = sum(len(a.text.split()) for a in seeds)
    rounds = -(-words // per_round)
    return seeds * rounds, per_round * rounds


def timed(run: object) -> tuple[float, float]:
    """Return wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    """Time Extractor.extract and plain nlp.pipe over the same texts and print words per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    args = parser.parse_args(argv)
    rules = load_ruleset()
    articles, words = corpus(rules, args.words)
    extractor = Extractor(rules)
    plain = load_model()
    plain_blas = use_blas(load_model())
    extractor.extract(articles[0])  # warm both pipelines
    list(plain.pipe([articles[0].text]))
    list(plain_blas.pipe([articles[0].text]))
    claims: list[int] = []
    batches = [articles[k:k + BATCH] for k in range(0, len(articles), BATCH)]  # as `factcheck extract` runs it
    ext_wall, ext_cpu = timed(lambda: claims.extend(len(c) for b in batches for c in extractor.extract_batch(b)))
    pipe_wall, pipe_cpu = timed(lambda: [None for _ in plain.pipe(a.text for a in articles)])
    blas_wall, blas_cpu = timed(lambda: [None for _ in plain_blas.pipe(a.text for a in articles)])
    print(f"plain nlp.pipe on factcheck's matrix backend: {blas_wall:.1f} s (cpu {blas_cpu:.1f} s): ratio "
          f"{blas_wall / ext_wall:.2f}x, cpu {blas_cpu / ext_cpu:.2f}x", file=sys.stderr)
    print(f"{len(articles)} articles, {words:,} words, {sum(claims):,} claims; extract {ext_wall:.1f} s "
          f"(cpu {ext_cpu:.1f} s), nlp.pipe {pipe_wall:.1f} s (cpu {pipe_cpu:.1f} s)", file=sys.stderr)
    print(f"extract {words / ext_wall:,.0f} words/s, nlp.pipe {words / pipe_wall:,.0f} words/s, "
          f"ratio {pipe_wall / ext_wall:.2f}x (target >= 2.5x); cpu ratio {pipe_cpu / ext_cpu:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
