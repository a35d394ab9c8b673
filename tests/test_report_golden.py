"""Golden-file test of index.html for a small fixed report (FACTCHECK_UPDATE_GOLDEN=1 rewrites it)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from factcheck.report import render_html
from report_fixtures import small_report

GOLDEN = Path(__file__).parent / "golden" / "report.html"


def scrub(html: str) -> str:
    """Replace volatile text: the factcheck version, and the inlined CSS and JS (tested on their own)."""
    html = re.sub(r"factcheck \d+\.\d+\.\d+[\w.+-]*", "factcheck VERSION", html)
    html = re.sub(r"(<style>).*?(</style>)", r"\1/* report.css */\2", html, flags=re.S)
    return re.sub(r"(<script>).*?(</script>)", r"\1/* report.js */\2", html, flags=re.S)


def golden_report():  # type: ignore[no-untyped-def]
    """Return the fixed report of the golden page: every section, a review and a baseline diff."""
    return small_report(reviews={"g-conflict": {"decision": "confirmed", "note": "Checked with the desk",
                                                 "by": "editor"}},
                        diff={"new": [{"id": "g-conflict", "type": "group", "verdict": "conflict"}],
                              "resolved": [{"id": "g-old", "type": "group", "verdict": "consistent"}],
                              "changed": [{"id": "g-evolving", "type": "group", "fields": ["verdict"],
                                           "before": {"verdict": "consistent"}, "after": {"verdict": "evolving"}}]},
                        stale_reviews=["g-removed"])


def test_index_html_matches_golden_file():
    actual = scrub(render_html(golden_report()))
    if os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert actual == expected, "index.html changed; review the diff and rerun with FACTCHECK_UPDATE_GOLDEN=1"


def test_scrub_removes_only_volatile_text():
    page = "<p>factcheck 1.2.3</p><style>a{}</style><script>x()</script><script type=\"application/json\">{}</script>"
    assert scrub(page) == ("<p>factcheck VERSION</p><style>/* report.css */</style><script>/* report.js */</script>"
                           "<script type=\"application/json\">{}</script>")
