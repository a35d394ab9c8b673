"""A reader that cannot work on this machine or this file skips the file with one line; the run goes on."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factcheck import articles
from factcheck.articles import load_articles
from factcheck.models import Article, Skipped

ROOT = Path(__file__).resolve().parent.parent
PAGE = "<html><body><article><p>At least 12 people were killed in Idlib, officials said.</p></article></body></html>"
TEXT = "Turkish officials said 33 soldiers were killed in Idlib on Thursday.\n"
LXML_CLEAN = "lxml.html.clean module is now a separate project lxml_html_clean.\nInstall lxml[html_clean] directly."


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def _read(folder: Path, ruleset: Any) -> tuple[list[Article], list[Skipped]]:
    items = list(load_articles([folder], ruleset))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def test_missing_html_library_skips_the_page_and_reads_the_rest(folder: Path, ruleset: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now raises ImportError
    read, skipped = _read(folder, ruleset)
    assert [a.doc for a in read] == ["b.txt"]
    assert [s.path for s in skipped] == [str(folder / "a.html")]
    assert skipped[0].reason.startswith("the HTML reader cannot run")
    assert skipped[0].hint.startswith("pip install trafilatura")


def test_the_lxml_html_clean_split_names_the_package_to_install(folder: Path, ruleset: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(markup: str) -> Any:
        raise ImportError(LXML_CLEAN, name="lxml.html.clean")

    monkeypatch.setattr(articles, "_html_text", broken)
    read, skipped = _read(folder, ruleset)
    assert [a.doc for a in read] == ["b.txt"]
    assert "\n" not in skipped[0].reason and "lxml_html_clean" in skipped[0].reason
    assert skipped[0].hint.startswith("pip install lxml_html_clean")


def test_a_parser_error_skips_only_that_page(folder: Path, ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from lxml import etree

    def broken(markup: str) -> Any:
        raise etree.ParserError("Document is empty")

    monkeypatch.setattr(articles, "_html_text", broken)
    read, skipped = _read(folder, ruleset)
    assert [a.doc for a in read] == ["b.txt"]
    assert skipped[0].reason == "the HTML could not be parsed (ParserError: Document is empty)"
    assert skipped[0].hint


def test_the_command_reports_one_line_and_extracts_the_rest(folder: Path) -> None:
    script = ("import sys; sys.modules['trafilatura'] = None\n"
              "from factcheck.cli import main; sys.argv = ['factcheck'] + sys.argv[1:]; main()")
    done = subprocess.run([sys.executable, "-c", script, "extract", "--no-cache", "--jobs", "1", str(folder)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"factcheck: skipped {folder / 'a.html'}: the HTML reader cannot")
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    claims = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(c["doc"], c["number_text"]) for c in claims] == [("b.txt", "33")]
