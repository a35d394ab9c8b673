"""Extraction in worker processes and on Dask gives the claims of a single-process run, in the same order."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from factcheck import parallel
from factcheck.stages import Options, collect
from factcheck.errors import FactcheckError, OptionsError
from factcheck.models import Article, Claim, Skipped

SEEDS = Path(__file__).resolve().parent.parent / "articles"


def _article(n: int, text: str = "Nine people were killed.") -> Article:
    return Article(doc=f"{n:05d}.txt", path=f"/corpus/{n:05d}.txt", text=text, outlet="Wire", published="2020-02-01")


def _claim(article: Article, k: int) -> Claim:
    return Claim(id=f"c-{article.doc}-{k}", doc=article.doc, number_text=str(k), quote=str(k), value=float(k),
                 low=float(k), high=float(k), hedge="exact", category="killed", subject="people", location=None,
                 time=None, source=None, start=k, end=k + 1, sentence=article.text)


class FakeExtractor:
    """Two claims per article; 'boom' in the text raises, 'slow' runs over the budget."""

    def extract(self, article: Article, budget: float | None = None) -> list[Claim]:
        if "boom" in article.text:
            raise ValueError("bad\ninput")
        if "slow" in article.text:
            raise TimeoutError(article.path)
        return [_claim(article, 1), _claim(article, 2)]


class ThreadPool:
    """Stands in for the process pool: same interface, threads, a fake extractor; can break once."""

    instances: list[ThreadPool] = []

    def __init__(self, rules: Any, jobs: int, break_on: str = "") -> None:
        self.executor = ThreadPoolExecutor(jobs)
        self.break_on = break_on
        self.submitted: list[list[Any]] = []
        ThreadPool.instances.append(self)

    def submit(self, chunk: list[Any], budget: float | None) -> Future[Any]:
        self.submitted.append(chunk)
        if self.break_on and any(isinstance(i, Article) and self.break_on in i.text for i in chunk):
            broken: Future[Any] = Future()
            broken.set_exception(BrokenProcessPool("a worker died"))
            return broken
        return self.executor.submit(parallel.extract_chunk, FakeExtractor(), chunk, budget)  # type: ignore[arg-type]

    def restart(self) -> None:
        pass

    def close(self, kill: bool = False) -> None:
        self.executor.shutdown(wait=True)


def _expected(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        out.append(item)
        if isinstance(item, Article):
            out += FakeExtractor().extract(item)
    return out


@pytest.fixture
def fake_pool(monkeypatch: pytest.MonkeyPatch) -> type[ThreadPool]:
    ThreadPool.instances.clear()
    monkeypatch.setattr(parallel, "_Pool", ThreadPool)
    return ThreadPool


def test_pool_keeps_input_order_across_chunks(fake_pool: type[ThreadPool]) -> None:
    items: list[Any] = [_article(n) for n in range(40)]
    items.insert(17, Skipped("/corpus/x.pdf", "not an article"))
    out = list(parallel.extract_in_pool(items, rules=_Rules(), options=Options(jobs=2)))
    assert out == _expected(items)
    assert len(fake_pool.instances[0].submitted) == -(-41 // parallel.CHUNK)  # 41 items in chunks


def test_small_input_runs_without_a_pool(fake_pool: type[ThreadPool], monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def single(items: Any, rules: Any, options: Any) -> Iterator[Any]:
        items = list(items)
        calls.append(len(items))
        yield from _expected(items)

    import factcheck.extraction  # noqa: F401 - the package exports a function of the same name

    monkeypatch.setattr(sys.modules["factcheck.extraction"], "extract_articles", single)
    items = [_article(n) for n in range(parallel.SMALL)]
    assert list(parallel.extract_in_pool(items, _Rules(), Options(jobs=2))) == _expected(items)
    assert calls == [parallel.SMALL] and not fake_pool.instances


def test_failing_article_becomes_one_line_skip(fake_pool: type[ThreadPool]) -> None:
    items = [_article(n) for n in range(12)]
    items[5] = _article(5, "boom")
    items[9] = _article(9, "slow")
    out = list(parallel.extract_in_pool(items, _Rules(), Options(jobs=2, time_budget=3)))
    skipped = [o for o in out if isinstance(o, Skipped)]
    assert [s.path for s in skipped] == [items[5].path, items[9].path]
    assert skipped[0].reason == "extraction failed (ValueError: bad input)"
    assert skipped[1].reason == "extraction took longer than 3 s"
    assert all("\n" not in s.reason + s.hint for s in skipped)
    assert sum(isinstance(o, Claim) for o in out) == 2 * 10


def test_dead_worker_is_retried_then_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    ThreadPool.instances.clear()
    monkeypatch.setattr(parallel, "CHUNK", 4)
    monkeypatch.setattr(parallel, "_Pool", lambda rules, jobs: ThreadPool(rules, jobs, break_on="crash"))
    items = [_article(n) for n in range(16)]
    items[6] = _article(6, "crash")
    out = list(parallel.extract_in_pool(items, _Rules(), Options(jobs=2)))
    skipped = [o for o in out if isinstance(o, Skipped)]
    assert [s.path for s in skipped] == [i.path for i in items[4:8]]  # the chunk that broke the pool twice
    assert "died" in skipped[0].reason
    assert [o for o in out if isinstance(o, Article)] == items[:4] + items[8:]
    assert sum(1 for chunk in ThreadPool.instances[0].submitted if items[6] in chunk) == 2


def test_stopping_early_ends_the_pool(fake_pool: type[ThreadPool]) -> None:
    closed: list[bool] = []
    stream = parallel.extract_in_pool([_article(n) for n in range(100)], _Rules(), Options(jobs=2))
    next(stream)
    fake_pool.instances[0].close = lambda kill=False: closed.append(kill)  # type: ignore[method-assign]
    stream.close()
    assert closed == [True]


def test_jobs_below_one_is_an_options_error() -> None:
    with pytest.raises(OptionsError, match="--jobs 0"):
        parallel.extractor_for(Options(jobs=0))


class _Rules:
    digest = "fake"


# -- the real pipeline --------------------------------------------------------------------------------
def _claims(options: Options, ruleset: Any) -> list[Claim]:
    return collect([SEEDS], options, ruleset)[1]


@pytest.fixture(scope="module")
def single(ruleset: Any) -> list[Claim]:
    """Claims of the seed articles extracted in this process."""
    return _claims(Options(jobs=1), ruleset)


def test_two_processes_match_one(single: list[Claim], ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SMALL", 0)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    assert single and _claims(Options(jobs=2), ruleset) == single


def test_dask_local_cluster_matches_one_process(single: list[Claim], ruleset: Any, extractor: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "DASK_BATCH", 2)
    monkeypatch.setitem(parallel._EXTRACTORS, ruleset.digest, extractor)  # the in-process worker reuses the model
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None) as cluster:
        claims = _claims(Options(dask=cluster.scheduler_address), ruleset)
    assert claims == single


def test_dask_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(FactcheckError) as err:
        parallel.connect("local", 1)
    assert err.value.hint == "pip install 'factcheck[cluster]'"


def test_dask_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(FactcheckError, match="cannot reach the Dask scheduler") as err:
        parallel.connect("tcp://127.0.0.1:9", 1)
    assert "\n" not in str(err.value)
