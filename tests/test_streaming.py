"""Articles are read and extracted as a stream: nothing reads the whole corpus before the first claim."""
from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck import parallel
from factcheck.articles import load_articles
from factcheck.stages import Options, extract_stream
from factcheck.models import Article, Claim, Skipped

N_FILES = 3000


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for i in range(N_FILES):
        (folder / f"{i:05d}.txt").write_text(f"Report {i}\n\nAt least {i + 2} people were killed on Monday.\n",
                                             encoding="utf-8")
    return folder


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import factcheck.articles as articles

    reads: list[str] = []
    real = articles._read_bytes

    def counting(path: Path, max_bytes: int) -> Any:
        reads.append(str(path))
        return real(path, max_bytes)

    monkeypatch.setattr(articles, "_read_bytes", counting)
    return reads


def test_load_articles_reads_one_file_per_article_taken(big_folder: Path, ruleset: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_reads(monkeypatch)
    stream = load_articles([big_folder], ruleset)
    first = next(stream)
    assert isinstance(first, Article) and first.doc == "00000.txt"
    assert len(reads) == 1
    list(itertools.islice(stream, 9))
    assert len(reads) == 10


def test_extract_stream_extracts_as_it_reads(big_folder: Path, ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_reads(monkeypatch)
    extracted: list[str] = []

    def fake_extract(items: Iterable[Article | Skipped], rules: Any, options: Any) -> Iterator[Any]:
        for item in items:
            extracted.append(item.path)
            yield item

    monkeypatch.setattr(parallel, "extractor_for", lambda options: fake_extract)
    stream = extract_stream([big_folder], ruleset, Options(jobs=1))
    assert isinstance(next(stream), Article)
    assert len(reads) == 1 and len(extracted) == 1
    assert sum(1 for _ in stream) == N_FILES - 1
    assert len(reads) == N_FILES


def test_worker_pool_reads_ahead_a_bounded_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """However long the input, the pool holds only a few chunks: memory does not grow with the corpus."""
    from test_parallel import ThreadPool, _article

    monkeypatch.setattr(parallel, "_Pool", ThreadPool)
    pulled: list[int] = []

    def endless() -> Iterator[Article]:
        for n in itertools.count():
            pulled.append(n)
            yield _article(n)

    stream = parallel.extract_in_pool(endless(), rules=None, options=Options(jobs=2))  # type: ignore[arg-type]
    out = list(itertools.islice(stream, 3000))
    assert sum(isinstance(o, Claim) for o in out) == 2000  # 1000 articles, two claims each, in order
    window = parallel.IN_FLIGHT * 2 * parallel.CHUNK + parallel.SMALL + 1
    assert len(pulled) <= 1000 + window
    stream.close()


@pytest.fixture(autouse=True)
def _tests_on_path() -> Iterator[None]:
    here = str(Path(__file__).resolve().parent)
    sys.path.insert(0, here)
    yield
    sys.path.remove(here)
