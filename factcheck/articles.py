"""Read articles from disk (minimal reader; replaced by the full loader)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from factcheck.models import Article, Skipped
from factcheck.ruleset import Ruleset


def load_articles(paths: list[Path], ruleset: Ruleset, max_bytes: int = 5_000_000) -> Iterator[Article | Skipped]:
    """Yield the articles under paths in sorted order."""
    for root in paths:
        files = sorted(root.rglob("*.txt")) if root.is_dir() else [root]
        for f in files:
            text = f.read_text(encoding="utf-8")
            yield Article(doc=f.name, path=str(f), text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
