"""Compiled rules are read back from the user's cache: same rules, and a bad cache never breaks a run."""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from factcheck import gazetteer
from factcheck.errors import RulesError
from factcheck.gazetteer import build_gazetteer
from factcheck.ruleset import compiled, default_rules_dir, load_ruleset


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTCHECK_RULES_CACHE", str(folder))
    monkeypatch.setattr(gazetteer, "_BUILT", {})  # the per-process gazetteer would hide the cache
    return folder


def _entries(folder: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in folder.iterdir()) if folder.exists() else []


def test_second_load_reads_the_same_rules_from_the_cache(cache: Path) -> None:
    parsed = load_ruleset()
    assert _entries(cache) == ["rules"]
    again = load_ruleset()
    assert type(again.data) is not dict  # read from the cache, not parsed
    assert again.digest == parsed.digest
    for name in parsed.data:
        assert again[name] == parsed[name]
    assert again["places"]["places"][3].lines == parsed["places"]["places"][3].lines
    assert dict(again.data) == dict(parsed.data) and again == parsed


def test_the_gazetteer_is_compiled_once_and_read_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = load_ruleset()
    built = build_gazetteer(rules)
    assert "gazetteer" in _entries(cache)
    monkeypatch.setattr(gazetteer, "_BUILT", {})
    monkeypatch.setattr(gazetteer, "_compile", lambda rules: pytest.fail("compiled again"))
    read = build_gazetteer(load_ruleset())
    assert read == built
    text = "Shelling in Idlib and Aleppo; the quake hit Kahramanmaraş."
    assert read.find(text) == built.find(text) and read.find(text)


def test_a_corrupted_entry_is_ignored_and_rebuilt(cache: Path) -> None:
    parsed = load_ruleset()
    (entry,) = cache.iterdir()
    good = entry.read_bytes()
    for bad in (good[:len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b"", b"junk" * 10):
        entry.write_bytes(bad)
        assert load_ruleset() == parsed
        assert entry.read_bytes() == good  # written again


def test_a_read_only_or_impossible_cache_folder_is_tolerated(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    cache.mkdir(mode=0o500)
    try:
        assert load_ruleset().digest
        if not os.access(cache, os.W_OK):  # root writes anywhere
            assert _entries(cache) == []
    finally:
        cache.chmod(0o700)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FACTCHECK_RULES_CACHE", str(tmp_path / "a-file" / "cache"))
    assert type(load_ruleset().data) is dict and load_ruleset().digest


def test_a_cache_folder_others_can_write_is_not_used(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    load_ruleset()
    cache.chmod(0o777)
    assert compiled.read("rules", load_ruleset().digest) is None
    assert type(load_ruleset().data) is dict


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_RULES_CACHE", "off")
    assert compiled.entry_path("rules", "x") is None
    assert type(load_ruleset().data) is dict


def test_changed_rules_get_their_own_entry_and_keep_their_error_lines(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    load_ruleset(rules)
    places = rules / "places.yaml"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace("parent: Syria", "parent: Narnia", 1), encoding="utf-8")
    line = text[:text.index("parent: Syria")].count("\n") + 1
    messages = []
    for _ in range(2):  # parsed, then read from the cache: the same error and line
        gazetteer._BUILT.clear()
        with pytest.raises(RulesError) as err:
            build_gazetteer(load_ruleset(rules))
        messages.append(str(err.value))
    assert messages[0] == messages[1] and f"places.yaml:{line}: parent: 'Narnia'" in messages[0]
    assert _entries(cache) == ["rules", "rules"]


def test_rules_read_from_the_cache_travel_to_worker_processes(cache: Path) -> None:
    load_ruleset()
    rules = load_ruleset()
    copy = pickle.loads(pickle.dumps(rules))
    assert copy == rules and copy["numbers"] == rules["numbers"] and copy.digest == rules.digest
