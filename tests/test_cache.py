"""The incremental cache: hits skip extraction, misses are stored, order is kept, broken caches never fail a run."""
from __future__ import annotations

import hashlib
import importlib
import logging
import re
import sqlite3
import sys
import threading
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.cache import CACHE_FILE, ClaimCache, cache_key, cached_extract
from factcheck.stages import Options
from factcheck.models import Article, Claim, Skipped
from factcheck.ruleset import Ruleset

check = importlib.import_module("factcheck.stages")  # the package attribute `check` is the API function


def art(doc: str, text: str, outlet: str | None = None) -> Article:
    return Article(doc=doc, path=f"/corpus/{doc}", text=text, outlet=outlet,
                   sha256=hashlib.sha256(text.encode()).hexdigest())


class FakeExtractor:
    """Yield each article then one claim per number in its text; remember what it was asked to read."""

    def __init__(self, too_slow: tuple[str, ...] = ()) -> None:
        self.seen: list[str] = []
        self.calls = 0
        self.too_slow = too_slow

    def __call__(self, items: Iterable[Article | Skipped], ruleset: Any, options: Any) -> Iterator[Any]:
        self.calls += 1
        for item in items:
            if isinstance(item, Article) and item.doc in self.too_slow:
                self.seen.append(item.doc)
                yield Skipped(item.path, "over the time budget", "raise --time-budget")
                continue
            yield item
            if isinstance(item, Skipped):
                continue
            self.seen.append(item.doc)
            for m in re.finditer(r"\d+", item.text):
                yield Claim(id=f"{item.doc}-{m.start()}", doc=item.doc, number_text=m.group(), quote=m.group(),
                            value=float(m.group()), low=float(m.group()), high=float(m.group()), hedge="exact",
                            category="killed", subject="people", location=None, time=None, source=None,
                            start=m.start(), end=m.end(), sentence=item.text, outlet=item.outlet,
                            rules=("test.rule",))


RULES = Ruleset(root="rules", digest="digest-1")
CORPUS = [art("a.txt", "3 killed and 4 hurt"), Skipped("bad.bin", "not text", "give .txt"),
          art("b.txt", "no figures here"), art("c.txt", "12 displaced")]


def run(items: list[Any], cache_dir: Path | None, extractor: FakeExtractor, rules: Ruleset = RULES) -> list[Any]:
    opts = Options(cache_dir=cache_dir)
    if cache_dir is None:
        return list(extractor(items, rules, opts))
    return list(cached_extract(iter(items), rules, opts, extractor))


def test_second_run_reads_every_article_from_cache_and_matches_first(tmp_path: Path) -> None:
    first, second = FakeExtractor(), FakeExtractor()
    plain = run(CORPUS, None, FakeExtractor())
    assert run(CORPUS, tmp_path, first) == plain
    assert first.seen == ["a.txt", "b.txt", "c.txt"]
    assert run(CORPUS, tmp_path, second) == plain
    assert second.calls == 0  # all hits: the extractor (and its model) is never started


def test_changed_article_is_the_only_one_extracted_and_order_is_kept(tmp_path: Path) -> None:
    run(CORPUS, tmp_path, FakeExtractor())
    changed = [CORPUS[0], CORPUS[1], art("b.txt", "now 7 dead"), CORPUS[3], art("d.txt", "99 troops")]
    ex = FakeExtractor()
    got = run(changed, tmp_path, ex)
    assert ex.seen == ["b.txt", "d.txt"]
    assert got == run(changed, None, FakeExtractor())


def test_article_skipped_by_the_extractor_is_not_cached(tmp_path: Path) -> None:
    slow = FakeExtractor(too_slow=("b.txt",))
    got = run(CORPUS, tmp_path, slow)
    assert got == run(CORPUS, None, FakeExtractor(too_slow=("b.txt",)))
    again = FakeExtractor()
    assert run(CORPUS, tmp_path, again) == run(CORPUS, None, FakeExtractor())
    assert again.seen == ["b.txt"]


def test_metadata_change_is_a_miss(tmp_path: Path) -> None:
    run(CORPUS, tmp_path, FakeExtractor())
    ex = FakeExtractor()
    got = run([art("a.txt", "3 killed and 4 hurt", outlet="Reuters")], tmp_path, ex)
    assert ex.seen == ["a.txt"]
    assert {c.outlet for c in got if isinstance(c, Claim)} == {"Reuters"}


def test_rules_digest_change_invalidates(tmp_path: Path) -> None:
    run(CORPUS, tmp_path, FakeExtractor())
    ex = FakeExtractor()
    run(CORPUS, tmp_path, ex, Ruleset(root="rules", digest="digest-2"))
    assert ex.seen == ["a.txt", "b.txt", "c.txt"]


def test_key_depends_on_text_rules_model_and_version() -> None:
    a = art("a.txt", "3 killed")
    base = cache_key(a, "r1", "m1", "1.0")
    assert base == cache_key(art("a.txt", "3 killed"), "r1", "m1", "1.0")
    others = {cache_key(art("a.txt", "4 killed"), "r1", "m1", "1.0"), cache_key(art("z.txt", "3 killed"), "r1", "m1", "1.0"),
              cache_key(a, "r2", "m1", "1.0"), cache_key(a, "r1", "m2", "1.0"), cache_key(a, "r1", "m1", "1.1")}
    assert base not in others and len(others) == 5


def test_claims_round_trip_through_the_cache(tmp_path: Path) -> None:
    cache = ClaimCache.open(tmp_path)
    assert cache is not None
    claims = [c for c in run(CORPUS[:1], None, FakeExtractor()) if isinstance(c, Claim)]
    cache.put("k", claims)
    assert cache.get("k") == claims and cache.get("other") is None
    assert cache.get("k")[0].rules == ("test.rule",)  # type: ignore[index]
    cache.close()


def test_corrupt_cache_file_warns_once_and_runs_without_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not an sqlite database" * 100)
    ex = FakeExtractor()
    with caplog.at_level(logging.WARNING, logger="factcheck.cache"):
        got = run(CORPUS, tmp_path, ex)
    assert got == run(CORPUS, None, FakeExtractor())
    assert ex.seen == ["a.txt", "b.txt", "c.txt"]
    warnings = [r for r in caplog.records if "unusable" in r.getMessage()]
    assert len(warnings) == 1 and CACHE_FILE in warnings[0].getMessage()


def test_cache_dir_that_is_a_file_warns_and_runs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    with caplog.at_level(logging.WARNING, logger="factcheck.cache"):
        got = run(CORPUS, blocker, FakeExtractor())
    assert got == run(CORPUS, None, FakeExtractor())
    assert sum("unusable" in r.getMessage() for r in caplog.records) == 1


def test_error_mid_run_disables_cache_with_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = ClaimCache.open(tmp_path)
    assert cache is not None
    cache.conn.execute("DROP TABLE claims")
    with caplog.at_level(logging.WARNING, logger="factcheck.cache"):
        assert cache.get("k") is None
        cache.put("k", [])
        assert cache.get("k") is None
    assert cache.broken and sum("unusable" in r.getMessage() for r in caplog.records) == 1
    cache.close()


def test_two_connections_writing_at_once(tmp_path: Path) -> None:
    caches = [ClaimCache.open(tmp_path), ClaimCache.open(tmp_path)]
    assert all(caches)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        own = ClaimCache.open(tmp_path)  # a connection per thread, as two processes would have
        assert own is not None
        try:
            for i in range(150):
                own.put(f"{n}-{i}", [])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            assert not own.broken
            own.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 600
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    for c in caches:
        c.close()  # type: ignore[union-attr]


def test_cache_folder_ignores_itself_in_git(tmp_path: Path) -> None:
    ClaimCache.open(tmp_path / "c").close()  # type: ignore[union-attr]
    assert (tmp_path / "c" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_extract_stream_uses_cache_only_when_cache_dir_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ex = FakeExtractor()
    fake = types.ModuleType("factcheck.extraction")
    fake.extract_articles = ex  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "factcheck.extraction", fake)
    monkeypatch.setattr(check, "load_articles", lambda paths, rules, max_bytes: iter(CORPUS))
    first = list(check.extract_stream(["x"], RULES, Options(cache_dir=tmp_path)))
    list(check.extract_stream(["x"], RULES, Options(cache_dir=tmp_path)))
    assert ex.seen == ["a.txt", "b.txt", "c.txt"]
    assert list(check.extract_stream(["x"], RULES, Options(cache_dir=None))) == first
    assert ex.seen == ["a.txt", "b.txt", "c.txt"] * 2
