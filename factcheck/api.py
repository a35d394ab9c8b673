"""The Python API for notebooks: the same functions the CLI calls."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from factcheck.models import Claim, Report


def check(paths: Iterable[Path | str] | Path | str, **options: Any) -> Report:
    """Read articles, extract their claims and reconcile them into groups; return the Report."""
    from factcheck.stages import Options, run

    return run(_paths(paths), Options(**options))


def extract(paths: Iterable[Path | str] | Path | str, **options: Any) -> list[Claim]:
    """Read articles and return their numeric claims."""
    from factcheck.stages import Options, collect

    return collect(_paths(paths), Options(**options))[1]


def _paths(paths: Iterable[Path | str] | Path | str) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]
