"""Shared fixtures: the real pipeline is loaded once per test session."""
from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def ruleset() -> Any:
    """Return the rules shipped in rules/."""
    from factcheck.ruleset import load_ruleset

    return load_ruleset()


@pytest.fixture(scope="session")
def extractor(ruleset: Any) -> Any:
    """Return an Extractor over the real English pipeline (loaded once)."""
    from factcheck.extraction import Extractor

    return Extractor(ruleset)
