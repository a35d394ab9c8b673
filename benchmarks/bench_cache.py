"""Measure what the claims cache saves: run factcheck twice over N generated articles with a fresh cache.

Usage: python benchmarks/bench_cache.py [--n 1000] [--jobs 1]
The last line reads: first <s> s, second <s> s, ratio <x> (target: ratio >= 10).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from factcheck.stages import Options, run

OUTLETS = ("Reuters", "AP", "Al Jazeera", "BBC", "Anadolu", "AFP", "The Guardian", "DW")
PLACES = ("Idlib", "Aleppo", "Hama", "Raqqa", "Deir ez-Zor", "Homs", "Latakia", "Daraa")
ACTORS = ("Turkish", "Russian", "Syrian government", "Kurdish")
HEDGES = ("at least", "more than", "about", "nearly", "up to", "some", "")
LEADS = (
    "{hedge} {n} people were killed in {place} on Tuesday after overnight shelling, {outlet} reported.",
    "{hedge} {n} civilians have fled {place} since December, the United Nations said on {day} February.",
    "{actor} forces deployed {hedge} {n} troops to {place}, the defence ministry said on Monday.",
    "Local officials in {place} said {hedge} {n} people were injured when a market was hit.",
)
FOLLOWS = (
    "Rescue workers said {m} others were wounded and the toll could rise.",
    "Aid groups said {m} families were sheltering in schools and mosques.",
    "A monitoring group put the number of dead at {m}, including children.",
    "The ministry said {m} soldiers had been sent to reinforce the area.",
    "Residents described heavy fighting through the night.",
)


def article(i: int, rng: random.Random) -> str:
    """Return one short news text, different for every i."""
    fill = {"hedge": rng.choice(HEDGES), "n": f"{rng.randint(2, 900_000):,}", "m": rng.randint(2, 400),
            "place": rng.choice(PLACES), "outlet": rng.choice(OUTLETS), "actor": rng.choice(ACTORS),
            "day": rng.randint(1, 28)}
    title = f"Fighting in {fill['place']}: report {i}"
    body = [rng.choice(LEADS).format(**fill).strip().capitalize()]
    body += [rng.choice(FOLLOWS).format(**fill) for _ in range(rng.randint(1, 3))]
    return f"{title}\n\n" + "\n\n".join(body) + "\n"


def build_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """Write n articles into folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(article(i, rng), encoding="utf-8")


def timed(folder: Path, options: Options) -> tuple[float, int]:
    """Run factcheck once; return seconds and the number of claims found."""
    start = time.perf_counter()
    report = run([folder], options)
    return time.perf_counter() - start, len(report.claims)


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, run twice with one fresh cache, print the times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for extraction (default 1)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        corpus, cache = Path(tmp) / "articles", Path(tmp) / "cache"
        build_corpus(corpus, args.n)
        options = Options(cache_dir=cache, jobs=args.jobs, generated="2024-01-01T00:00:00+00:00")
        first, claims1 = timed(corpus, options)
        print(f"first run (cold cache): {first:.2f} s, {args.n} articles, {claims1} claims", file=sys.stderr)
        second, claims2 = timed(corpus, options)
        print(f"second run (warm cache): {second:.2f} s, {claims2} claims", file=sys.stderr)
    if claims1 != claims2:
        print(f"error: the cached run found {claims2} claims, the first {claims1}", file=sys.stderr)
        return 1
    print(f"first {first:.2f} s, second {second:.2f} s, ratio {first / second:.1f}x (n={args.n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
