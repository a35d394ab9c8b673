"""Run extraction in worker processes (--jobs N) or on a Dask cluster (--dask ADDRESS), in input order.

Each worker builds one Extractor (the model is loaded once per worker) and receives articles in small
chunks; the parent reads articles as a stream and keeps only a few chunks in flight, so memory does not
grow with the corpus. Results come back in input order, so the output is the same as a single-process run.
"""
from __future__ import annotations

import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import chain, islice
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from factcheck.errors import FactcheckError, OptionsError
from factcheck.models import Article, Claim, Skipped
from factcheck.ruleset import Ruleset

if TYPE_CHECKING:
    from factcheck.extraction import Extractor
    from factcheck.stages import Options

Item = Article | Skipped | Claim
Outcome = list[Claim] | Skipped | None  # claims of an article, why it was skipped, None for a passed-through Skipped
ExtractFn = Callable[[Iterable[Article | Skipped], Ruleset, "Options"], Iterator[Item]]

CHUNK = 8  # articles per task, parsed as one batch: small enough to balance work, large enough to batch well
IN_FLIGHT = 3  # chunks queued per worker; bounds what is read ahead of the output
SMALL = 8  # inputs of at most this many files are extracted in this process
DASK_BATCH = 50  # articles per Dask task
DASK_IN_FLIGHT = 4  # Dask tasks queued per worker
CONNECT_TIMEOUT = "10s"  # how long to wait for a Dask scheduler
CLUSTER_HINT = "pip install 'factcheck[cluster]'"

_EXTRACTORS: dict[str, Extractor] = {}  # one per worker process, keyed by rules digest


def extractor_for(options: Options) -> ExtractFn:
    """Return the extraction function the options ask for: Dask, a process pool, or this process."""
    if options.dask:
        return extract_on_dask
    if options.jobs < 1:
        raise OptionsError(f"--jobs {options.jobs}: needs at least one worker", "pass --jobs 1 or more")
    if options.jobs > 1:
        return extract_in_pool
    from factcheck.extraction import extract_articles

    return extract_articles


# -- the work one worker does -----------------------------------------------------------------------
def cached_extractor(rules: Ruleset) -> Extractor:
    """Return this process's Extractor for the rules, building it (and loading the model) once."""
    found = _EXTRACTORS.get(rules.digest)
    if found is None:
        from factcheck.extraction import Extractor

        found = _EXTRACTORS[rules.digest] = Extractor(rules)
    return found


def extract_chunk(extractor: Extractor, items: list[Article | Skipped], budget: float | None) -> list[Outcome]:
    """Extract the articles of a chunk as one batch; if that fails, one by one, each failure a Skipped."""
    batch = getattr(extractor, "extract_batch", None)
    articles = [i for i in items if isinstance(i, Article)]
    if batch is not None and articles:
        try:
            found = iter(batch(articles, budget))
        except Exception:  # noqa: BLE001 - one bad article must not end the run: find it below
            return extract_each(extractor, items, budget)
        return [None if isinstance(i, Skipped) else _outcome(i, next(found), budget) for i in items]
    return extract_each(extractor, items, budget)


def _outcome(article: Article, found: list[Claim] | TimeoutError, budget: float | None) -> Outcome:
    """Return an article's claims, or the Skipped for one over its time budget."""
    if isinstance(found, TimeoutError):
        return Skipped(article.path, f"extraction took longer than {budget:g} s", "raise --time-budget or split the article")
    return found


def extract_each(extractor: Extractor, items: list[Article | Skipped], budget: float | None) -> list[Outcome]:
    """Extract each article of a chunk; an article that fails becomes a Skipped with a one-line reason."""
    out: list[Outcome] = []
    for item in items:
        if isinstance(item, Skipped):
            out.append(None)
            continue
        try:
            out.append(extractor.extract(item, budget=budget))
        except TimeoutError:
            out.append(Skipped(item.path, f"extraction took longer than {budget:g} s",
                               "raise --time-budget or split the article"))
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the run
            out.append(Skipped(item.path, f"extraction failed ({_one_line(exc)})",
                               "run with --jobs 1 to see the full error, and report it with the article"))
    return out


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _init_worker(rules: Ruleset) -> None:
    """Ignore Ctrl-C (the parent ends the pool) and load the model once for this worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cached_extractor(rules)


def _pool_task(digest: str, items: list[Article | Skipped], budget: float | None) -> list[Outcome]:
    """Extract one chunk with the Extractor the initializer built."""
    return extract_chunk(_EXTRACTORS[digest], items, budget)


# -- ordered, bounded streaming ----------------------------------------------------------------------
def chunked(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
    """Yield lists of up to size items, reading the input lazily."""
    chunk: list[Article | Skipped] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def emit(chunk: list[Article | Skipped], outcomes: list[Outcome]) -> Iterator[Item]:
    """Yield each item of a chunk as a single-process run would: the article then its claims, or a Skipped."""
    for item, outcome in zip(chunk, outcomes):
        if outcome is None or isinstance(outcome, Skipped):
            yield item if outcome is None else outcome
        else:
            yield item
            yield from outcome


class _Pool:
    """A spawn-context process pool that is started on first use and restarted if a worker dies."""

    def __init__(self, rules: Ruleset, jobs: int) -> None:
        self.rules = rules
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, chunk: list[Article | Skipped], budget: float | None) -> Future[list[Outcome]]:
        """Queue one chunk (starting the workers if needed)."""
        with _ctrl_c_held():  # a worker half-started when Ctrl-C lands prints a traceback as it dies
            if self.executor is None:
                self.executor = ProcessPoolExecutor(self.jobs, mp_context=get_context(_start_method()),
                                                    initializer=_init_worker, initargs=(self.rules,))
            return self.executor.submit(_pool_task, self.rules.digest, chunk, budget)

    def restart(self) -> None:
        """Drop a broken pool; the next submit starts a fresh one."""
        self.close(kill=True)

    def close(self, kill: bool = False) -> None:
        """Shut the workers down; with kill, end them at once (Ctrl-C, broken pool)."""
        executor, self.executor = self.executor, None
        if executor is None:
            return
        if kill:
            for proc in list(getattr(executor, "_processes", {}).values()):
                proc.terminate()
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Raise a Ctrl-C that arrives inside the block only when the block has finished."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    previous = signal.default_int_handler if previous is None else previous  # None: set outside Python
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _start_method() -> str:
    """Prefer forkserver (cheap, safe with threads) where the platform has it, else spawn."""
    from multiprocessing import get_all_start_methods

    return "forkserver" if "forkserver" in get_all_start_methods() else "spawn"


def extract_in_pool(items: Iterable[Article | Skipped], rules: Ruleset, options: Options) -> Iterator[Item]:
    """Yield each article then its claims (or a Skipped), in input order, extracting in options.jobs processes."""
    stream = iter(items)
    head = list(islice(stream, SMALL + 1))
    if len(head) <= SMALL:  # starting workers would cost more than it saves
        from factcheck.extraction import extract_articles

        yield from extract_articles(head, rules, options)
        return
    items = chain(head, stream)
    pool = _Pool(rules, options.jobs)
    pending: deque[tuple[list[Article | Skipped], Future[list[Outcome]] | None, int]] = deque()
    budget = options.time_budget
    try:
        for chunk in chunked(items, CHUNK):
            pending.append((chunk, _submit(pool, chunk, budget), 0))
            while len(pending) >= IN_FLIGHT * options.jobs:
                yield from _settle(pool, pending, budget)
        while pending:
            yield from _settle(pool, pending, budget)
    finally:
        interrupted = bool(pending)  # leaving early (Ctrl-C, an error, a consumer that stops): end the workers now
        pool.close(kill=interrupted)


def _submit(pool: _Pool, chunk: list[Article | Skipped], budget: float | None) -> Future[list[Outcome]] | None:
    """Queue a chunk that holds an article; a chunk of only skipped files needs no worker."""
    return pool.submit(chunk, budget) if any(isinstance(i, Article) for i in chunk) else None


def _settle(pool: _Pool, pending: deque[tuple[list[Article | Skipped], Future[list[Outcome]] | None, int]],
            budget: float | None) -> Iterator[Item]:
    """Wait for the oldest chunk and yield its items; if a worker died, retry the unfinished chunks once."""
    chunk, future, _ = pending[0]
    try:
        outcomes: list[Outcome] = [None] * len(chunk) if future is None else future.result()
    except BrokenProcessPool:
        pool.restart()
        retried = [(c, _retry(pool, c, f, t, budget), t + 1) for c, f, t in pending]
        pending.clear()
        pending.extend(retried)
        return  # the caller settles the oldest chunk again
    pending.popleft()
    yield from emit(chunk, outcomes)


def _retry(pool: _Pool, chunk: list[Article | Skipped], future: Future[list[Outcome]] | None, tries: int,
           budget: float | None) -> Future[list[Outcome]] | None:
    """Keep a finished chunk; resubmit an unfinished one once, then give its articles up as skipped."""
    if future is None or (future.done() and future.exception() is None):
        return future
    if tries == 0:
        return pool.submit(chunk, budget)
    given_up: Future[list[Outcome]] = Future()
    given_up.set_result([_died(i) for i in chunk])
    return given_up


def _died(item: Article | Skipped) -> Outcome:
    if isinstance(item, Skipped):
        return None
    return Skipped(item.path, "the extraction worker process died twice on this batch of articles (out of memory "
                   "or a crash)",
                   "run with --jobs 1, or raise the memory limit")


# -- Dask ------------------------------------------------------------------------------------------------
def dask_partition(items: list[Article | Skipped], rules: Ruleset, budget: float | None) -> list[Any]:
    """Extract one partition on a Dask worker; return plain data: claim dicts, or a skip reason."""
    outcomes = extract_chunk(cached_extractor(rules), items, budget)
    return [None if o is None else (o.to_dict() if isinstance(o, Skipped) else [c.to_dict() for c in o])
            for o in outcomes]


def _from_plain(data: list[Any]) -> list[Outcome]:
    return [None if d is None else (Skipped.from_dict(d) if isinstance(d, dict) else [Claim.from_dict(c) for c in d])
            for d in data]


def connect(address: str, jobs: int) -> tuple[Any, Any]:
    """Return a Dask client for the address ('local' starts a LocalCluster of jobs processes) and its cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise FactcheckError("--dask needs dask.distributed, which is not installed", CLUSTER_HINT) from exc
    if address == "local":
        cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise FactcheckError(f"--dask {address}: cannot reach the Dask scheduler ({_one_line(exc)})",
                             "start it with dask-scheduler and pass its address, e.g. --dask tcp://host:8786, "
                             "or use --dask local") from exc


def extract_on_dask(items: Iterable[Article | Skipped], rules: Ruleset, options: Options) -> Iterator[Item]:
    """Yield each article then its claims (or a Skipped), in input order, extracting on a Dask cluster."""
    assert options.dask is not None
    client, cluster = connect(options.dask, options.jobs)
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        shared = client.scatter(rules, broadcast=True, hash=False)
        pending: deque[tuple[list[Article | Skipped], Any]] = deque()
        for chunk in chunked(items, DASK_BATCH):
            pending.append((chunk, client.submit(dask_partition, chunk, shared, options.time_budget, pure=False)))
            if len(pending) >= DASK_IN_FLIGHT * workers:
                yield from _dask_settle(pending)
        while pending:
            yield from _dask_settle(pending)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_settle(pending: deque[tuple[list[Article | Skipped], Any]]) -> Iterator[Item]:
    chunk, future = pending.popleft()
    try:
        data = future.result()
    except (ImportError, AttributeError) as exc:
        raise FactcheckError(f"a Dask worker cannot run factcheck ({_one_line(exc)})",
                             "install the same factcheck version on every worker: pip install factcheck") from exc
    yield from emit(chunk, _from_plain(data))
