"""Measure reconciliation at scale: group and judge 100,000 and 1,000,000 synthetic claims.

Usage: python benchmarks/bench_reconcile.py [--sizes 100000,1000000] [--seed 7] [--jobs N]
The claims are realistic in shape: articles in stories of 20-150 articles over up to a month, the four counted categories and some 'other', thousands of places from the
shipped gazetteer (3% of claims with no place), 300 outlets, dates over a year, cumulative counts with a
'since' start, dated events and undated figures, actor:kind subject keys (60% '*'), ten claims per article.
--jobs is what `factcheck check` uses by default: the number of cores (blocks are grouped in forked processes).
The last line reads: <n> claims <s> s <MiB> MiB peak, ... growth <x>x time for <y>x claims (target: 1M < 60 s).
Peak RSS is that of this process; with --jobs above 1 the largest worker's is printed beside it.
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta

from factcheck.counting import INCIDENT, classify
from factcheck.gazetteer import build_gazetteer
from factcheck.models import Claim, stable_id
from factcheck.reconcile import reconcile
from factcheck.ruleset import Ruleset, load_ruleset

KINDS = {"killed": ("people", "civilians", "soldiers", "children"), "injured": ("people", "civilians"),
         "displaced": ("people", "families"), "deployed": ("troops", "soldiers"), "other": ("thing",)}
ACTORS = ("*",) * 12 + ("turkey", "russia", "syria-government", "un", "kurdish", "us", "iran", "israel")  # 60% "*"
HEDGES = ("exact", "at_least", "more_than", "about", "almost", "up_to", "range", "vague")
CLAIMS_PER_DOC = 10
YEAR = date(2020, 1, 1)


def interval(rng: random.Random, hedge: str) -> tuple[float | None, float | None, float | None, str]:
    """Return value, low, high and the text of a figure with this hedge."""
    v = float(rng.choice((rng.randint(1, 60), rng.randint(10, 900), rng.randint(1_000, 900_000))))
    if hedge == "vague":
        return None, 24.0, 99.0, "dozens of"
    low, high = {"exact": (v, v), "at_least": (v, None), "more_than": (v, None), "about": (v * 0.9, v * 1.1),
                 "almost": (None, v), "up_to": (0.0, v), "range": (v, v * 1.5)}[hedge]
    return v, low, high, f"{v:,.0f}"


def timing(rng: random.Random, pub: date) -> dict[str, object]:
    """Return the time fields: a cumulative count since a start, a dated event, or no stated time."""
    roll = rng.random()
    if roll < 0.25:
        start = pub - timedelta(days=rng.randint(10, 200))
        return {"time": f"since {start:%d %B}", "period_start": start.isoformat(), "period_end": pub.isoformat(),
                "as_of": pub.isoformat(), "cumulative": True}
    if roll < 0.6:
        day = pub - timedelta(days=rng.randint(0, 3))
        return {"time": f"on {day:%A}", "period_start": day.isoformat(), "period_end": day.isoformat(),
                "as_of": day.isoformat(), "cumulative": False}
    return {"time": None, "period_start": None, "period_end": None, "as_of": pub.isoformat(),
            "cumulative": rng.random() < 0.2}


STORY_WORDS = ("offensive", "earthquake", "floods", "shelling", "storm", "siege", "outbreak", "shooting")


def _name(rng: random.Random) -> str:
    """Return a made-up proper name of three syllables."""
    return "".join(rng.choice("bdgklmnprstvz") + rng.choice("aeiou") for _ in range(3)).title()


def make_claims(n: int, rules: Ruleset, seed: int = 7) -> list[Claim]:
    """Return n synthetic claims, ten per article, in stories of 20 to 150 articles over up to a month."""
    rng = random.Random(seed)
    places = sorted(build_gazetteer(rules).parents)
    outlets = [f"Outlet {k}" for k in range(300)]
    sources = [None, None, "the UN", "the health ministry", "a monitoring group", "local officials"]
    claims: list[Claim] = []
    story_left, story = 0, (YEAR, places[0], "")
    for d in range(0, n, CLAIMS_PER_DOC):
        if story_left == 0:  # a new story: its place, its event, its own words, its first day
            story_left = rng.randint(20, 150)
            words = " ".join(_name(rng) for _ in range(6))  # the names of its people and places
            story = (YEAR + timedelta(days=rng.randint(0, 365)), rng.choice(places), f"{rng.choice(STORY_WORDS)} {words}")
        story_left -= 1
        start, doc_place, vocabulary = story
        doc, outlet = f"{d // CLAIMS_PER_DOC:07d}.txt", rng.choice(outlets)
        pub = start + timedelta(days=rng.randint(0, 30))
        for k in range(min(CLAIMS_PER_DOC, n - d)):
            claims.append(_claim(rng, doc, outlet, pub, doc_place, places, sources, k, vocabulary))
    return claims


def _claim(rng: random.Random, doc: str, outlet: str, pub: date, doc_place: str, places: list[str],
           sources: list[str | None], k: int, vocabulary: str) -> Claim:
    category = rng.choice(("killed", "killed", "injured", "displaced", "deployed", "other"))
    hedge = rng.choice(HEDGES)
    value, low, high, text = interval(rng, hedge)
    roll = rng.random()  # most figures are about the article's place; 3% name none (the article names no place)
    place = None if roll < 0.03 else (rng.choice(places) if roll < 0.3 else doc_place)
    source = rng.choice(sources)
    kind = rng.choice(KINDS[category])
    sentence = f"{text} {kind} were {category} in {place or 'the area'} in the {vocabulary}, {source or outlet} said."
    when = timing(rng, pub)
    count = classify(category, sentence, when["period_start"], when["period_end"], when["as_of"],  # type: ignore[arg-type]
                     bool(when["cumulative"]), 0)  # as extraction does
    start = 120 * k
    return Claim(id=stable_id("c", doc, sentence, text, k), doc=doc, number_text=text, quote=f"{text} {kind}",
                 value=value, low=low, high=high, hedge=hedge, category=category, subject=kind,
                 location=place.title() if place else None, source=source, start=start, end=start + len(text),
                 sentence=sentence, outlet=outlet, published=pub.isoformat(),
                 subject_key=f"{rng.choice(ACTORS)}:{kind}", place=place,
                 source_key=source.lower() if source else None, sentence_start=start, count_kind=count.kind,
                 incident_date=count.date if count.kind == INCIDENT else None, **when)  # type: ignore[arg-type]


def measure(claims: list[Claim], rules: Ruleset, trace: bool, jobs: int) -> tuple[float, float, int]:
    """Reconcile once; return seconds, peak MiB allocated during the run (tracemalloc, if asked) and groups."""
    gc.collect()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    groups = reconcile(claims, rules, jobs=jobs).groups
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    if trace:
        tracemalloc.stop()
    return seconds, peak, len(groups)


def main(argv: list[str] | None = None) -> int:
    """Build the claims for each size, reconcile them and print time and memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated claim counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: the cores)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also measure the peak allocated by reconcile (slows it about 2x)")
    args = parser.parse_args(argv)
    rules = load_ruleset()
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        claims = make_claims(n, rules, args.seed)
        seconds, peak, groups = measure(claims, rules, args.tracemalloc, args.jobs)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{n:,} claims, --jobs {args.jobs}: {seconds:.1f} s, {groups:,} groups, peak RSS {rss:,.0f} MiB"
              + (f" (largest worker {worker:,.0f} MiB)" if worker else "")
              + (f", reconcile peak {peak:,.0f} MiB" if args.tracemalloc else ""), file=sys.stderr)
        results.append((n, seconds, rss))
        del claims
    parts = [f"--jobs {args.jobs}"] + [f"{n:,} claims {s:.1f} s {m:,.0f} MiB peak RSS" for n, s, m in results]
    if len(results) > 1:
        (n0, s0, _), (n1, s1, _) = results[0], results[-1]
        parts.append(f"growth {s1 / s0:.1f}x time for {n1 / n0:.0f}x claims")
    print("; ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
