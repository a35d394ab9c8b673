"""The factcheck command: a thin layer over factcheck.stages (the same functions the Python API calls)."""
from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from factcheck import __version__
from factcheck.errors import ExitCode, FactcheckError, InputError, OptionsError
from factcheck.review import FAIL_ON

REPORT_FORMATS = ("html", "json", "csv")
CI_FORMATS = ("github", "junit")

EXAMPLES_CHECK = """
\b
Examples:
  factcheck check articles/                       # writes reports/index.html, report.json, claims.csv
  factcheck check articles/ --out build/report --format html,json
  factcheck check articles/ --training            # verdicts hidden behind "reveal" for a class
  factcheck check articles/ --fail-on conflict --format html,json,github,junit   # in CI
  factcheck check articles/ --baseline old/report.json   # what is new, resolved, changed
  factcheck check https://example.org/rss.xml --into desk/   # fetch a feed's articles, then check

\b
Exit codes: 0 no unreviewed finding over --fail-on, 1 some, 2 error.
Editors accept findings in reviews.toml beside the articles:
  [groups."g-1a2b3c4d5e6f"]
  decision = "explained"   # confirmed_error | explained | accepted | false_alarm
  note = "different periods"
  by = "ana"
"""

EXAMPLES_EXTRACT = """
\b
Examples:
  factcheck extract articles/ --format jsonl      # one claim per line
  factcheck extract story.html --format table
"""


class _Progress:
    """A one-line progress counter on stderr, shown only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.shown = False
        self.started = time.monotonic()

    def __call__(self, done: int, total: int | None, label: str) -> None:
        if not self.enabled or time.monotonic() - self.started < 1.0:
            return  # short runs stay quiet
        of = f"/{total}" if total else ""
        sys.stderr.write(f"\r\033[K{label} {done}{of}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _fail(exc: FactcheckError) -> None:
    click.echo(f"factcheck: error: {exc}", err=True)
    sys.exit(int(exc.exit_code))


def _warn_skipped(skipped: Any) -> None:
    for s in skipped:
        hint = f": {s.hint}" if s.hint else ""
        click.echo(f"factcheck: skipped {s.path}: {s.reason}{hint}", err=True)


def _options(**kw: Any) -> Any:
    from factcheck.stages import Options

    return Options(**kw)


def _now() -> str:
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(fixed), UTC) if fixed else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck")
def cli() -> None:
    """Cross-check numeric claims (death tolls, displaced counts, troop numbers) across news outlets.

    factcheck reads a folder of articles (.txt, .md, .html), extracts every numeric
    claim with its hedge as an interval, groups claims about the same quantity and
    flags where outlets disagree. Exit codes: 0 ok, 1 findings over --fail-on, 2 error.
    """


class _PathOrLink(click.ParamType):
    """A file or folder (as a Path), or a web link (kept as text) for check to fetch first."""

    name = "path_or_link"

    def convert(self, value: Any, param: Any, ctx: Any) -> Path | str:
        """Return a link as it was written and anything else as a Path."""
        text = str(value)
        return text if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text) else Path(text)


_common = [
    click.argument("paths", nargs=-1, required=True, type=_PathOrLink()),
    click.option("--rules", "rules_dir", type=click.Path(path_type=Path), default=None,
                 help="Rules folder (default: the rules/ shipped with factcheck)."),
    click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: number of cores)."),
    click.option("--dask", default=None, metavar="ADDRESS", help="Run extraction on a Dask cluster ('local' starts one)."),
    click.option("--cache-dir", type=click.Path(path_type=Path), default=Path(".factcheck-cache"), show_default=True,
                 help="Where parsed articles are cached between runs."),
    click.option("--no-cache", is_flag=True, help="Parse every article again; do not read or write the cache."),
    click.option("--max-bytes", type=int, default=5_000_000, show_default=True,
                 help="Skip articles larger than this many bytes."),
    click.option("--time-budget", type=float, default=60.0, show_default=True,
                 help="Seconds of extraction allowed per article before it is skipped."),
]


def common(func: Any) -> Any:
    """Attach the options shared by check and extract."""
    for deco in reversed(_common):
        func = deco(func)
    return func


def _build_options(kw: dict[str, Any], progress: Any) -> Any:
    jobs = kw.pop("jobs") or (os.cpu_count() or 1)
    no_cache = kw.pop("no_cache")
    cache_dir = None if no_cache else kw.pop("cache_dir")
    kw.pop("cache_dir", None)
    return _options(jobs=jobs, cache_dir=cache_dir, progress=progress, generated=_now(), **kw)


@cli.command("extract", epilog=EXAMPLES_EXTRACT)
@common
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True)
def extract_cmd(paths: tuple[Path | str, ...], fmt: str, **kw: Any) -> None:
    """Print the numeric claims found in PATHS (files or folders)."""
    from factcheck.stages import collect

    progress = _Progress(True)
    try:
        local = _only_paths(paths)
        _articles, claims, skipped = collect(local, _build_options(kw, progress))
    except FactcheckError as exc:
        progress.close()
        _fail(exc)
        return
    progress.close()
    if not _articles:
        _fail(_nothing_read(local, skipped))
    _warn_skipped(skipped)
    if fmt == "jsonl":
        for c in claims:
            click.echo(json.dumps(c.to_dict(), ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in claims], ensure_ascii=False, indent=1))
    else:
        for c in claims:
            click.echo(f"{c.doc}\t{c.number_text}\t[{c.low}, {c.high}]\t{c.hedge}\t{c.category}\t"
                       f"{c.subject or ''}\t{c.location or ''}\t{c.time or ''}\t{c.source or ''}")


def _nothing_read(paths: tuple[Path, ...], skipped: Any) -> FactcheckError:
    """Return the error for a run that read no article; one skipped file is itself the error."""
    if len(skipped) == 1:
        return InputError(f"{skipped[0].path}: {skipped[0].reason}", skipped[0].hint)
    _warn_skipped(skipped)
    where = ", ".join(map(str, paths))
    if not skipped:
        return InputError(f"{where}: no .txt, .md or .html article found",
                          "pass a folder that holds articles, or the article files themselves")
    return InputError(f"{where}: no article could be read", "give .txt, .md or .html files (see the skipped lines above)")


# ----------------------------------------------------------------------------- fetching links

EXAMPLES_FETCH = """
\b
Examples:
  factcheck fetch https://example.org/news/floods-kill-41 --into articles/
  factcheck fetch https://example.org/rss.xml --into desk/ --max 20     # every item of a feed
  factcheck fetch https://example.org/news-sitemap.xml --into desk/     # the pages a sitemap lists
  factcheck check https://example.org/rss.xml --into desk/              # fetch, then check

\b
Each article becomes one .md file with front matter (outlet, title, published, url).
Links already in the folder (by the url in their front matter) are not fetched again
unless --refresh. robots.txt is obeyed. Exit codes: 0 some article fetched or all were
already there, 2 none could be.
"""

_fetch_flags = [
    click.option("--max", "max_articles", type=click.IntRange(min=0), default=100, show_default=True,
                 help="Fetch at most this many article pages per run (0: no limit)."),
    click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
                 help="Seconds between two requests to the same site (robots.txt Crawl-delay wins when longer)."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
                 help="Seconds to wait for a page before giving up on it."),
    click.option("--refresh", is_flag=True, help="Fetch again links whose article is already in the folder."),
    click.option("--allow-private", is_flag=True,
                 help="Also fetch from loopback and private-network addresses (an intranet, a local server)."),
]


def fetch_flags(func: Any) -> Any:
    """Attach the options shared by fetch and check for links."""
    for deco in reversed(_fetch_flags):
        func = deco(func)
    return func


def _pop_fetch_flags(kw: dict[str, Any]) -> dict[str, Any]:
    """Take the fetch options out of a command's keyword arguments."""
    return {name: kw.pop(name) for name in ("max_articles", "delay", "timeout", "refresh", "allow_private")}


def _only_paths(paths: tuple[Path | str, ...]) -> tuple[Path, ...]:
    """Return the paths; a link, where only files and folders are read, is an InputError."""
    links = [p for p in paths if isinstance(p, str)]
    if links:
        raise InputError(f"{links[0]}: extract reads files and folders, not links",
                         "run factcheck fetch LINK --into DIR first, or factcheck check LINK")
    return tuple(Path(p) for p in paths)


def _fetch(urls: list[str], into: Path, flags: dict[str, Any], max_bytes: int) -> Any:
    """Fetch urls into a folder, printing one line per failed link and a summary; return the FetchResult."""
    import logging

    from factcheck.fetch import Capped, Failed, FetchOptions, FetchResult, Saved, iter_fetch

    logging.getLogger("trafilatura").addHandler(logging.NullHandler())  # each link gets our one line instead
    progress = _Progress(True)
    limit = flags.pop("max_articles") or None
    options = FetchOptions(into=into, max_articles=limit, max_bytes=max_bytes, progress=_fetch_progress(progress),
                           **flags)
    saved: list[Saved] = []
    failed: list[Failed] = []
    left = 0
    for event in iter_fetch(urls, options):
        if isinstance(event, Failed):
            progress.close()
            failed.append(event)
            hint = f": {event.hint}" if event.hint else ""
            click.echo(f"factcheck: not fetched {event.url}: {event.reason}{hint}", err=True)
        elif isinstance(event, Saved):
            saved.append(event)
        elif isinstance(event, Capped):
            left = event.left
    progress.close()
    result = FetchResult(tuple(saved), tuple(failed), left)
    click.echo(_fetch_summary(result, into), err=True)
    return result


def _fetch_progress(progress: _Progress) -> Any:
    """Return a progress callback: the counter on a terminal, else a line every 25 articles (CI logs)."""
    def report(done: int, total: int | None, label: str) -> None:
        progress(done, total, label)
        if not progress.enabled and done % 25 == 0:
            click.echo(f"factcheck: {label} article {done} ...", err=True)

    return report


def _fetch_summary(result: Any, into: Path) -> str:
    """Return the one-line account of a fetch."""
    def count(n: int, what: str) -> str:
        return f"{n} {what}{'' if n == 1 else 's'}"

    new, present = len(result.new), len(result.present)
    more = f", {count(result.left, 'more link')} left (raise --max)" if result.left else ""
    return (f"factcheck: {count(new, 'article')} fetched into {into}, {present} already there, "
            f"{count(len(result.failed), 'link')} not fetched{more}")


def _nothing_fetched(urls: list[str]) -> InputError:
    """Return the error for a fetch that brought in no article."""
    return InputError(f"no article could be fetched from {', '.join(urls[:3])}{' ...' if len(urls) > 3 else ''}",
                      "see the lines above for each link")


@cli.command("fetch", epilog=EXAMPLES_FETCH)
@click.argument("urls", nargs=-1, required=True)
@click.option("--into", type=click.Path(path_type=Path), required=True,
              help="Folder the articles are written to (created when missing).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
              help="Skip pages larger than this many bytes.")
@fetch_flags
def fetch_cmd(urls: tuple[str, ...], into: Path, max_bytes: int, **kw: Any) -> None:
    """Download the articles behind URLS (pages, RSS and Atom feeds, sitemaps) into a folder."""
    try:
        if not _fetch(list(urls), into, _pop_fetch_flags(kw), max_bytes).saved:
            raise _nothing_fetched(list(urls))
    except FactcheckError as exc:
        _fail(exc)


def _fetched_paths(paths: tuple[Path | str, ...], into: Path | None, flags: dict[str, Any],
                   max_bytes: int) -> tuple[tuple[Path, ...], tuple[Any, ...]]:
    """Fetch the links among paths; return the paths with the fetched articles for the links, and the failures."""
    from factcheck.models import Skipped

    urls = [p for p in paths if isinstance(p, str)]
    local = tuple(p for p in paths if isinstance(p, Path))
    if not urls:
        return local, ()
    if into is None:
        import shutil
        import tempfile

        into = Path(tempfile.mkdtemp(prefix="factcheck-fetch-"))
        click.get_current_context().call_on_close(lambda: shutil.rmtree(into, ignore_errors=True))
    result = _fetch(urls, into, flags, max_bytes)
    if not result.saved and not local:
        raise _nothing_fetched(urls)
    failed = tuple(Skipped(f.url, f"not fetched: {f.reason}", f.hint) for f in result.failed)
    return local + tuple(dict.fromkeys(s.path for s in result.saved)), failed


@cli.command("check", epilog=EXAMPLES_CHECK)
@common
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder the report files are written to.")
@click.option("--format", "formats", default="html,json,csv", show_default=True,
              help="Comma-separated outputs: html, json, csv (files in --out), github (annotations on stdout), "
                   "junit (junit.xml in --out).")
@click.option("--training", is_flag=True, help="Hide verdicts and explanations behind a 'reveal' for trainees.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="none", show_default=True,
              help="Exit 1 when an unreviewed finding of this level exists: conflict (any conflicting group), "
                   "regression (a cumulative count that went down), any (conflicts and sums/subsets that do "
                   "not hold), none (never exit 1).")
@click.option("--min-severity", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Ignore findings whose severity (relative gap between figures, 0-1) is below this.")
@click.option("--reviews", "reviews_path", type=click.Path(path_type=Path), default=None,
              help="Editor decisions to apply (default: reviews.toml in the first folder given, if present).")
@click.option("--baseline", type=click.Path(path_type=Path), default=None,
              help="report.json of an earlier run: list new, resolved and changed groups.")
@click.option("--into", type=click.Path(path_type=Path), default=None,
              help="PATHS may be links, feeds and sitemaps: keep the articles fetched from them in this folder "
                   "(default: a temporary one).")
@fetch_flags
def check_cmd(paths: tuple[Path, ...], out_dir: Path, formats: str, training: bool, fail_on: str,
              min_severity: float, reviews_path: Path | None, baseline: Path | None, **kw: Any) -> None:
    """Extract, reconcile and write the report for PATHS (files or folders)."""
    from factcheck.review import apply_baseline, apply_reviews, load_baseline, reviews_for
    from factcheck.stages import run

    progress = _Progress(True)
    try:
        paths, unfetched = _fetched_paths(paths, kw.pop("into"), _pop_fetch_flags(kw), kw["max_bytes"])  # links
        wanted = _formats(formats)
        old = load_baseline(baseline) if baseline is not None else None
        reviews, links = reviews_for(list(paths), reviews_path)
        kw["links"] = tuple(links)
        report = run(paths, _build_options(kw, progress))
        progress.close()
        if not report.articles:
            raise _nothing_read(paths, report.skipped)
        _warn_skipped(report.skipped)
        report = replace(report, skipped=unfetched + report.skipped)  # the report lists the links not fetched too
        report = apply_reviews(report, reviews)
        report = apply_baseline(report, old) if old is not None else report
        written = _write(report, out_dir, wanted, training)
    except FactcheckError as exc:
        progress.close()
        _fail(exc)
        return
    conflicts = sum(g.verdict == "conflict" for g in report.groups)
    click.echo(f"factcheck: {len(report.articles)} articles, {len(report.claims)} claims, "
               f"{len(report.groups)} groups, {conflicts} conflicts -> {', '.join(str(p) for p in written)}", err=True)
    _ci(report, wanted, fail_on, min_severity, baseline)


def _formats(text: str) -> tuple[str, ...]:
    """Split --format into known names; an unknown or empty list is an error."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    known = REPORT_FORMATS + CI_FORMATS
    bad = [f for f in wanted if f not in known]
    if bad or not wanted:
        raise OptionsError(f"--format {text!r}: unknown format {bad[0]!r}" if bad else "--format: no format given",
                           f"use a comma list of {', '.join(known)}")
    return wanted


def _write(report: Any, out_dir: Path, wanted: tuple[str, ...], training: bool) -> list[Path]:
    """Write the report files and junit.xml that --format asks for; return their paths."""
    from factcheck.ci_formats import write_junit
    from factcheck.report import write_report

    files = tuple(f for f in wanted if f in REPORT_FORMATS)
    written = list(write_report(report, out_dir, files, training=training)) if files else []
    if "junit" in wanted:
        written.append(write_junit(report, out_dir))
    return written


def _ci(report: Any, wanted: tuple[str, ...], fail_on: str, min_severity: float, baseline: Path | None) -> None:
    """Print annotations and summaries; exit 1 when an unreviewed finding passes --fail-on."""
    from factcheck.ci_formats import github_annotations
    from factcheck.review import diff_summary, failing, failing_summary, stale_links_summary, stale_summary

    if "github" in wanted:
        for line in github_annotations(report, fail_on, min_severity):
            click.echo(line)
    for warning in (stale_summary(report), stale_links_summary(report)):
        if warning:
            click.echo(warning, err=True)
    if baseline is not None:
        click.echo(diff_summary(report.extras["diff"], baseline), err=True)
    found = failing(report, fail_on, min_severity)
    if found:
        click.echo(failing_summary(found, fail_on, min_severity), err=True)
        sys.exit(int(ExitCode.FINDINGS))


@cli.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of report.json (validate reports with any JSON Schema tool)."""
    from factcheck.schema import schema_text

    click.echo(schema_text(), nl=False)


def main() -> None:
    """Run the CLI; Ctrl-C exits 130 without a traceback."""
    # One BLAS thread per process: --jobs decides how many cores a run takes (a user's own setting wins).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("factcheck: interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except KeyboardInterrupt:
        click.echo("factcheck: interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except click.exceptions.UsageError as exc:
        click.echo(f"factcheck: error: {exc.format_message()} (see factcheck --help)", err=True)
        sys.exit(int(ExitCode.ERROR))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"factcheck: error: {exc.format_message()}", err=True)
        sys.exit(int(ExitCode.ERROR))
    except FactcheckError as exc:
        _fail(exc)
    except BrokenPipeError:  # `factcheck extract ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitCode.OK))
    except Exception as exc:  # noqa: BLE001  (a bug: one line, the traceback only on request)
        _internal_error(exc)


def _internal_error(exc: Exception) -> None:
    """Report an unexpected exception in one line (with the traceback when FACTCHECK_DEBUG=1); exit 2."""
    if os.environ.get("FACTCHECK_DEBUG", "") not in ("", "0"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    what = (str(exc).strip().splitlines() or [""])[0][:200]
    click.echo(f"factcheck: internal error: {exc.__class__.__name__}{': ' + what if what else ''} "
               "(run with FACTCHECK_DEBUG=1 for the traceback)", err=True)
    sys.exit(int(ExitCode.ERROR))


if __name__ == "__main__":
    main()
