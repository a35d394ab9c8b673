"""The one place that knows the order of the stages: load, extract, reconcile, (render)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.articles import load_articles
from factcheck.models import Article, Claim, Link, Report, Skipped
from factcheck.ruleset import Ruleset, load_ruleset

Progress = Callable[[int, int | None, str], None]


def _quiet(done: int, total: int | None, label: str) -> None:
    """Report nothing."""


@dataclass(frozen=True)
class Options:
    """How a run reads, extracts and reconciles; the CLI fills it from flags."""

    rules_dir: Path | None = None
    jobs: int = 1
    dask: str | None = None
    cache_dir: Path | None = None
    max_bytes: int = 5_000_000
    time_budget: float = 60.0
    generated: str = ""
    links: tuple[Link, ...] = ()  # editors' [[same]] / [[apart]] corrections from reviews.toml
    progress: Progress = field(default=_quiet, compare=False)


def extract_stream(paths: Iterable[Path | str], ruleset: Ruleset, options: Options) -> Iterator[Article | Skipped | Claim]:
    """Yield each article (or skipped file) followed by its claims, in input order, reading files lazily."""
    from factcheck.parallel import extractor_for

    extract = extractor_for(options)  # this process, --jobs worker processes, or a --dask cluster
    items = load_articles([Path(p) for p in paths], ruleset, max_bytes=options.max_bytes)
    if options.cache_dir is not None:  # unchanged articles come from the cache, the rest go to extraction
        from factcheck.cache import cached_extract

        yield from cached_extract(items, ruleset, options, extract)
        return
    yield from extract(items, ruleset, options)


def collect(paths: Iterable[Path | str], options: Options,
            ruleset: Ruleset | None = None) -> tuple[list[Article], list[Claim], list[Skipped]]:
    """Run loading and extraction; return articles, claims and skipped files."""
    rules = ruleset or load_ruleset(options.rules_dir)
    articles: list[Article] = []
    claims: list[Claim] = []
    skipped: list[Skipped] = []
    for item in extract_stream(paths, rules, options):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, Skipped):
            skipped.append(item)
        else:
            claims.append(item)
            continue
        options.progress(len(articles) + len(skipped), None, "articles")
    return articles, claims, skipped


def run(paths: Iterable[Path | str], options: Options | None = None) -> Report:
    """Load, extract and reconcile; return the report (not yet written)."""
    from factcheck.reconcile import reconcile  # `factcheck extract` does not need it

    opts = options or Options()
    rules = load_ruleset(opts.rules_dir)
    articles, claims, skipped = collect(paths, opts, rules)
    done = reconcile(claims, rules, jobs=opts.jobs, articles=articles, links=opts.links)
    extras: dict[str, Any] = {"links": [link.to_dict() for link in opts.links]} if opts.links else {}
    if done.stale_links:
        extras["stale_links"] = [link.to_dict() for link in done.stale_links]
    return Report(articles=tuple(articles), claims=tuple(claims), groups=tuple(done.groups),
                  relations=tuple(done.relations), skipped=tuple(skipped), stories=tuple(done.stories),
                  generated=opts.generated, version=__version__, extras=extras)
