"""A per-user cache of compiled rules, so a run reads one file instead of parsing YAML (and the gazetteer) again.

Entries are keyed by the rules' digest, the Python version and a hash of the code that compiles them; a file
is marshal data (plain values, never code run on load) behind a checksum. The folder is the user's cache
folder ($XDG_CACHE_HOME/factcheck, else ~/.cache/factcheck; FACTCHECK_RULES_CACHE=DIR moves it, =off turns
it off). It is used only when it belongs to this user and nobody else can write to it. Writes go to a
temporary file renamed into place; a corrupted, foreign or unreadable entry is ignored and rebuilt, and a
read-only or missing folder only means the rules are compiled on every run.
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = b"factcheck-compiled-rules 1\n"
_CODE = ("ruleset/loader.py", "ruleset/specs.py", "ruleset/compiled.py", "gazetteer.py")


def cache_dir() -> Path | None:
    """Return the folder compiled rules live in, or None when the cache is turned off."""
    chosen = os.environ.get("FACTCHECK_RULES_CACHE", "")
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factcheck"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a hash of the code that compiles rules, so a changed compiler never reads old entries."""
    from factcheck import __version__

    root = Path(__file__).resolve().parent.parent
    sha = hashlib.sha256(f"{sys.version_info[:2]} {__version__}".encode())
    for name in _CODE:
        try:
            sha.update(name.encode() + b"\0" + (root / name).read_bytes())
        except OSError:  # installed without sources: the version alone names the code
            sha.update(name.encode())
    return sha.hexdigest()[:16]


def entry_path(kind: str, digest: str) -> Path | None:
    """Return where the compiled form of kind for rules with this digest is kept (None: no cache)."""
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{digest}-{code_digest()}.bin"


def _safe_folder(folder: Path) -> bool:
    """Return True when folder is a real folder of this user that no one else can write to."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, digest: str) -> Any | None:
    """Return the cached value, or None when it is absent, unsafe, corrupted or unreadable."""
    path = entry_path(kind, digest)
    if path is None or not _safe_folder(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    head = len(FORMAT) + 32
    if blob[:len(FORMAT)] != FORMAT or hashlib.sha256(blob[head:]).digest() != blob[len(FORMAT):head]:
        return None
    collecting = gc.isenabled()
    gc.disable()  # the cycle collector would run again and again over the many containers being built
    try:
        return marshal.loads(blob[head:])
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()


def write(kind: str, digest: str, value: Any) -> None:
    """Store a value (plain data only) atomically; any failure leaves the cache as it was."""
    path = entry_path(kind, digest)
    if path is None:
        return
    try:
        payload = marshal.dumps(value)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe_folder(path.parent):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(FORMAT + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return  # read-only or full disk, or a value marshal cannot store: compile again next time


def cached(kind: str, digest: str, build: Callable[[], Any]) -> Any:
    """Return the compiled value for these rules from the cache, else build and store it."""
    found = read(kind, digest)
    if found is not None:
        return found
    value = build()
    write(kind, digest, value)
    return value
