"""Data-driven extractor cases (tests/cases/*.yaml) run through the real English pipeline."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.models import Article, Claim

CASES = sorted(Path(__file__).parent.joinpath("cases").glob("*.yaml"))


def _load() -> list[Any]:
    out = []
    for path in CASES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            out.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return out


def _check(claim: Claim, want: dict[str, Any]) -> list[str]:
    errors = []
    for key, expected in want.items():
        if key.endswith("_contains"):
            got = getattr(claim, key[: -len("_contains")]) or ""
            if expected.lower() not in got.lower():
                errors.append(f"{key}: {got!r} lacks {expected!r}")
            continue
        got = getattr(claim, key)
        if isinstance(expected, float) or isinstance(got, float):
            ok = got is not None and expected is not None and abs(float(got) - float(expected)) < 1e-3 \
                or got is None and expected is None
        else:
            ok = got == expected
        if not ok:
            errors.append(f"{key}: got {got!r}, want {expected!r}")
    return errors


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any], extractor: Any) -> None:
    article = Article(doc="case.txt", path="case.txt", text=case["text"], published=case.get("published"))
    claims = extractor.extract(article)
    for c in claims:
        assert article.text[c.start:c.end] == c.number_text
    if case.get("none"):
        assert claims == [], [c.number_text for c in claims]
        return
    wanted = case["claims"]
    got = [c for c in claims if c.category != "other" or any(w.get("category") == "other" for w in wanted)]
    assert len(got) == len(wanted), [(c.number_text, c.category) for c in claims]
    problems = {i: _check(c, w) for i, (c, w) in enumerate(zip(got, wanted))}
    assert not any(problems.values()), problems
