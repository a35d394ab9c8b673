"""The factcheck command: a thin layer over factcheck.check."""
from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from factcheck import __version__
from factcheck.errors import ExitCode, FactcheckError

EXAMPLES_CHECK = """
\b
Examples:
  factcheck check articles/                       # writes reports/index.html, report.json, claims.csv
  factcheck check articles/ --out build/report --format html,json
  factcheck check articles/ --training            # verdicts hidden behind "reveal" for a class
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

    def __call__(self, done: int, total: int | None, label: str) -> None:
        if not self.enabled:
            return
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
    from factcheck.check import Options

    return Options(**kw)


def _now() -> str:
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(fixed), timezone.utc) if fixed else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck")
def cli() -> None:
    """Cross-check numeric claims (death tolls, displaced counts, troop numbers) across news outlets.

    factcheck reads a folder of articles (.txt, .md, .html), extracts every numeric
    claim with its hedge as an interval, groups claims about the same quantity and
    flags where outlets disagree. Exit codes: 0 ok, 1 findings over --fail-on, 2 error.
    """


_common = [
    click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path)),
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
def extract_cmd(paths: tuple[Path, ...], fmt: str, **kw: Any) -> None:
    """Print the numeric claims found in PATHS (files or folders)."""
    from factcheck.check import collect

    progress = _Progress(True)
    try:
        _articles, claims, skipped = collect(paths, _build_options(kw, progress))
    except FactcheckError as exc:
        progress.close()
        _fail(exc)
        return
    progress.close()
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
    if not claims and skipped and not _any_article(_articles):
        sys.exit(int(ExitCode.ERROR))


def _any_article(articles: Any) -> bool:
    return bool(articles)


@cli.command("check", epilog=EXAMPLES_CHECK)
@common
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder the report files are written to.")
@click.option("--format", "formats", default="html,json,csv", show_default=True,
              help="Comma-separated outputs: html, json, csv.")
@click.option("--training", is_flag=True, help="Hide verdicts and explanations behind a 'reveal' for trainees.")
def check_cmd(paths: tuple[Path, ...], out_dir: Path, formats: str, training: bool, **kw: Any) -> None:
    """Extract, reconcile and write the report for PATHS (files or folders)."""
    from factcheck.check import run
    from factcheck.report import write_report

    progress = _Progress(True)
    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    try:
        report = run(paths, _build_options(kw, progress))
        progress.close()
        _warn_skipped(report.skipped)
        if not report.articles:
            raise FactcheckError(f"{', '.join(map(str, paths))}: no article could be read",
                                 "give .txt, .md or .html files (see the skipped lines above)")
        written = write_report(report, out_dir, wanted, training=training)
    except FactcheckError as exc:
        progress.close()
        _fail(exc)
        return
    conflicts = sum(g.verdict == "conflict" for g in report.groups)
    click.echo(f"factcheck: {len(report.articles)} articles, {len(report.claims)} claims, "
               f"{len(report.groups)} groups, {conflicts} conflicts -> {', '.join(str(p) for p in written)}", err=True)


def main() -> None:
    """Run the CLI; Ctrl-C exits 130 without a traceback."""
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


if __name__ == "__main__":
    main()
