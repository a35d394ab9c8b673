"""Measure the HTML report for a large run: render 10,000 groups and report time and file size.

Usage: python benchmarks/bench_render.py [--groups 10000]
Each group holds two or three claims from different articles (ten claims per article), judged and summarised
by factcheck.reconcile.summaries.make_group, so cards, charts, explanations and the article view are all full size.
The last line reads: <n> groups, <m> claims, <a> articles: render <s> s, <MiB> MiB HTML.
"""
from __future__ import annotations

import argparse
import random
import sys
import time

from factcheck.models import Article, Claim, Report
from factcheck.gazetteer import build_gazetteer
from factcheck.reconcile import Settings
from factcheck.reconcile.grouping import Quantity
from factcheck.reconcile.identity import identify
from factcheck.reconcile.summaries import make_group
from factcheck.report import render_html
from factcheck.ruleset import load_ruleset

PLACES = ("Idlib", "Aleppo", "Hama", "Raqqa", "Homs", "Daraa", "Afrin", "Saraqib")
HEDGES = (("at least", "at_least"), ("more than", "more_than"), ("about", "about"), ("", "exact"))
PER_ARTICLE = 10


def build(n_groups: int, seed: int = 7) -> Report:
    """Return a report of n_groups groups over articles of ten claims each."""
    rng = random.Random(seed)
    rules = load_ruleset()
    settings, gaz = Settings.from_rules(rules), build_gazetteer(rules)
    sizes = [rng.choice((2, 2, 3)) for _ in range(n_groups)]
    n_claims = sum(sizes)
    lines: list[list[str]] = [[] for _ in range((n_claims + PER_ARTICLE - 1) // PER_ARTICLE)]
    claims: list[Claim] = []
    for k in range(n_claims):
        claims.append(_claim(rng, k, lines[k // PER_ARTICLE]))
    articles = tuple(Article(doc=f"{d:05d}.txt", path=f"articles/{d:05d}.txt", text="".join(t + "\n" for t in text),
                             title=f"Fighting report {d}", outlet=f"Outlet {d % 40}", published="2024-02-01")
                     for d, text in enumerate(lines))
    rng.shuffle(claims)
    groups, at = [], 0
    for size in sizes:
        members = [identify(c, "s-bench", "") for c in claims[at:at + size]]
        quantity = Quantity("s-bench", "killed", "people", members[0].place, "incident", None, members)
        groups.append(make_group(quantity, settings, "Fighting reports, Jan 2024", gaz))
        at += size
    return Report(articles=articles, claims=tuple(sorted(claims, key=lambda c: (c.doc, c.start))),
                  groups=tuple(groups), relations=(), generated="2024-05-01T12:00:00+00:00", version="bench")


def _claim(rng: random.Random, k: int, text: list[str]) -> Claim:
    """Append one sentence to an article's lines and return its claim."""
    doc = f"{k // PER_ARTICLE:05d}.txt"
    hedge_text, hedge = rng.choice(HEDGES)
    n = rng.randint(5, 5000)
    number_text = f"{hedge_text} {n:,}".strip()
    place = rng.choice(PLACES)
    sentence = f"{number_text} people were killed in {place} on Tuesday, officials said."
    sentence = sentence[0].upper() + sentence[1:]
    sentence_start = sum(len(t) + 1 for t in text)
    text.append(sentence)
    low, high = {"at_least": (n, None), "more_than": (n, None), "about": (n * 0.9, n * 1.1), "exact": (n, n)}[hedge]
    return Claim(id=f"c-{k:06d}", doc=doc, number_text=sentence[:len(number_text)], quote=number_text,
                 value=float(n), low=float(low), high=None if high is None else float(high), hedge=hedge,
                 category="killed", subject="people", location=place, time="on Tuesday", source="officials",
                 start=sentence_start, end=sentence_start + len(number_text), sentence=sentence,
                 outlet=f"Outlet {(k // PER_ARTICLE) % 40}", published="2024-02-01", subject_key="*:people",
                 place=place.lower(), period_start="2024-01-30", period_end="2024-01-30", as_of="2024-01-30",
                 source_key="officials", sentence_start=sentence_start, rules=("number.digits", "category.killed"))


def main(argv: list[str] | None = None) -> int:
    """Build the report, render it once and print the time and the size of the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10_000)
    args = parser.parse_args(argv)
    report = build(args.groups)
    render_html(build(20))  # warm the template cache
    started = time.perf_counter()
    html = render_html(report)
    seconds = time.perf_counter() - started
    size = len(html.encode("utf-8")) / 2**20
    print(f"{len(report.groups):,} groups, {len(report.claims):,} claims, {len(report.articles):,} articles: "
          f"render {seconds:.2f} s, {size:.1f} MiB HTML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
