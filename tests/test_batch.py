"""Articles extracted as one batch give the claims they give one by one; a slow one does not sink the rest."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck import extraction, parallel
from factcheck.articles import load_articles
from factcheck.models import Article, Claim, Skipped
from factcheck.stages import Options

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


@pytest.fixture(scope="module")
def seeds(ruleset: Any) -> list[Article]:
    return [a for a in load_articles([ARTICLES], ruleset) if isinstance(a, Article)]


@pytest.mark.slow
def test_a_batch_finds_the_claims_of_each_article(extractor: Any, seeds: list[Article]) -> None:
    one_by_one = [extractor.extract(a) for a in seeds]
    assert extractor.extract_batch(seeds) == one_by_one
    assert sum(map(len, one_by_one)) > 30


@pytest.mark.slow
def test_an_article_over_budget_in_a_batch_leaves_the_others(extractor: Any, seeds: list[Article],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    claims = extraction.Extractor._claims
    slow = seeds[1].path

    def budgeted(self: Any, first: Any, docs: Any, started: float, budget: float | None) -> list[Claim]:
        if first.article.path == slow:
            raise TimeoutError(slow)
        return claims(self, first, docs, started, budget)

    monkeypatch.setattr(extraction.Extractor, "_claims", budgeted)
    out = extractor.extract_batch(seeds, budget=60)
    assert isinstance(out[1], TimeoutError)
    assert [len(c) > 0 for c in out[:1] + out[2:]] == [True] * (len(seeds) - 1)


@pytest.mark.slow
def test_the_stream_keeps_order_and_skips_with_batches(extractor: Any, seeds: list[Article],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extraction, "Extractor", lambda rules: extractor)
    monkeypatch.setattr(extraction, "BATCH", 2)
    bad = Skipped("x.pdf", "binary file", "convert it")
    items: list[Article | Skipped] = [seeds[0], bad, *seeds[1:]]
    out = list(extraction.extract_articles(items, extractor.rules, Options()))
    expected: list[Any] = []
    for item in items:
        expected.append(item)
        if isinstance(item, Article):
            expected += extractor.extract(item)
    assert out == expected


class Failing:
    """A batch that fails, and one article that fails alone."""

    def extract_batch(self, articles: list[Article], budget: float | None = None) -> list[Any]:
        raise RuntimeError("batch broke")

    def extract(self, article: Article, budget: float | None = None) -> list[Claim]:
        if article.doc == "bad.txt":
            raise ValueError("this one")
        return []


def test_a_failing_batch_in_a_worker_is_retried_article_by_article() -> None:
    def art(doc: str) -> Article:
        return Article(doc=doc, path=doc, text="x")

    out = parallel.extract_chunk(Failing(), [art("a.txt"), art("bad.txt"), art("c.txt")], 60)  # type: ignore[arg-type]
    assert out[0] == [] and out[2] == []
    assert isinstance(out[1], Skipped) and "ValueError: this one" in out[1].reason
