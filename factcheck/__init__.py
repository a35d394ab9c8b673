"""factcheck: cross-check numeric claims across news outlets."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("factcheck")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

from factcheck.api import check, extract

__all__ = ["__version__", "check", "extract"]
