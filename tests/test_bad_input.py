"""Bad and hostile input at the command line: one line naming the file, the rest still read, nothing run,
nothing read from outside the folder given, every piece of text escaped in the report."""
from __future__ import annotations

import html.parser
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

GOOD = "At least 33 people were killed in an air strike in Idlib on Thursday, officials said.\n"
SECRET = "SECRET-7f3a-do-not-leak"
TRACEBACK = re.compile(r"Traceback|File \".*\", line \d+")
ONE_ERROR = re.compile(r"^factcheck: error: .+: .+$")


def factcheck(cwd: Path, *args: str, env: dict[str, str] | None = None,
              timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the factcheck command in cwd."""
    return subprocess.run([sys.executable, "-m", "factcheck.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def lines(text: str) -> list[str]:
    """Return the non-empty lines of text."""
    return [ln for ln in text.splitlines() if ln.strip()]


def one_error(result: subprocess.CompletedProcess[str], *names: str) -> str:
    """Assert exit 2 with one error line, naming each of names, and no traceback; return the line."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert not TRACEBACK.search(result.stderr), result.stderr
    got = lines(result.stderr)
    assert len(got) == 1 and ONE_ERROR.match(got[0]), result.stderr
    for name in names:
        assert name in got[0], got[0]
    return got[0]


# ----------------------------------------------------------------------------- a messy folder, read once


FRONT_MATTER_HOSTILE = """---
title: "</script><script>window.pwned=1</script> Toll rises"
outlet: 'Wire" onmouseover="alert(1)'
date: "2024-03-01"
url: javascript:alert(document.cookie)
---
<img src=x onerror=alert(1)> More than 40 people were injured in Aleppo, officials said.
"""
FRONT_MATTER_PYTHON = """---
title: !!python/object/apply:os.system ["touch PWNED_FRONT_MATTER"]
outlet: Wire
---
Around 300 families were displaced in Idlib on Monday, the UN said.
"""
SIDECAR_HOSTILE = """
["sidecar.txt"]
title = "<iframe src=javascript:alert(1)></iframe> Sidecar"
outlet = "O'Brien \\"Daily\\" <b>News</b>"
url = "  JaVaScRiPt:alert(2)"
published = "2024-03-02"

["web.txt"]
url = "https://example.org/story?a=1&b=<2>"
outlet = "Example"
"""
SIDECAR_PYTHON = """a.txt:
  title: !!python/object/apply:os.system ["touch PWNED_SIDECAR"]
"""


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run `factcheck check` once on a folder of good, broken, oversized, linked and hostile files."""
    root = tmp_path_factory.mktemp("messy")
    arts = root / "articles"
    (arts / "sub").mkdir(parents=True)
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(f"{SECRET}: at least 99 people were killed.\n", encoding="utf-8")
    (root / "outside" / "creds.yaml").write_text(f"a.txt:\n  title: {SECRET}\n  colour: {SECRET}\n", encoding="utf-8")
    (arts / "good.txt").write_text(GOOD, encoding="utf-8")
    (arts / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (arts / "cp1252.txt").write_bytes("More than 40 people were wounded in the caf\u00e9 attack, "
                                      "\u201cofficials\u201d said.\n".encode("cp1252"))
    (arts / "empty.md").write_bytes(b"")
    with open(arts / "huge.txt", "wb") as fh:  # 20 MB of real sentences
        fh.write(("Some 300 people fled the town on Monday, aid workers said. " * 10 + "\n").encode() * 34_000)
    os.mkfifo(arts / "pipe.txt")  # opening it would block forever
    (arts / "dangling.txt").symlink_to(arts / "deleted.txt")
    (arts / "leak.txt").symlink_to(root / "outside" / "secret.txt")
    (arts / "outdir").symlink_to(root / "outside")
    (arts / "loop").symlink_to(arts)
    (arts / "sub" / "sources.yaml").symlink_to(root / "outside" / "creds.yaml")
    (arts / "sub" / "a.txt").write_text("Nearly 800,000 people have fled since December, the UN said.\n", "utf-8")
    (arts / "hostile.md").write_text(FRONT_MATTER_HOSTILE, encoding="utf-8")
    (arts / "python.md").write_text(FRONT_MATTER_PYTHON, encoding="utf-8")
    (arts / "sources.toml").write_text(SIDECAR_HOSTILE, encoding="utf-8")
    (arts / "sidecar.txt").write_text("Up to 12 soldiers were killed in Idlib, the ministry said.\n", "utf-8")
    (arts / "web.txt").write_text("Dozens of people were injured in Aleppo, medics said.\n", "utf-8")
    (root / "py").mkdir()
    (root / "py" / "sources.yaml").write_text(SIDECAR_PYTHON, encoding="utf-8")
    (root / "py" / "a.txt").write_text(GOOD, encoding="utf-8")
    result = factcheck(root, "check", "articles", "py", "--out", "out", "--no-cache")
    report = json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))
    page = (root / "out" / "index.html").read_text(encoding="utf-8")
    return {"root": root, "result": result, "report": report, "html": page}


def test_messy_folder_exits_0_without_traceback(messy: dict[str, Any]) -> None:
    result = messy["result"]
    assert result.returncode == 0, result.stderr
    assert not TRACEBACK.search(result.stderr)
    assert all(ln.startswith("factcheck: ") for ln in lines(result.stderr))


@pytest.mark.parametrize(("name", "why"), [
    ("binary.txt", "looks like a binary file"),
    ("empty.md", "empty file"),
    ("huge.txt", "larger than 5,000,000 bytes"),
    ("pipe.txt", "not a regular file"),
    ("dangling.txt", "broken symbolic link"),
    ("leak.txt", "symbolic link to"),
    ("outdir", "symbolic link to"),
    ("loop", "symlink loop"),
    ("sources.yaml", "sidecar is a link to"),
    ("python.md", "front matter is not valid YAML"),
    ("py/sources.yaml", "sidecar is not valid YAML"),
])
def test_each_bad_file_is_one_line_and_listed_in_the_report(messy: dict[str, Any], name: str, why: str) -> None:
    said = [ln for ln in lines(messy["result"].stderr) if ln.startswith("factcheck: skipped ") and why in ln
            and re.search(rf"[ /]{re.escape(name)}: ", ln)]
    assert len(said) == 1, messy["result"].stderr
    listed = [s for s in messy["report"]["skipped"] if s["path"].endswith(name) and why in s["reason"]]
    assert len(listed) == 1 and listed[0]["hint"], messy["report"]["skipped"]
    assert listed[0]["path"] in messy["html"] or listed[0]["path"].replace("&", "&amp;") in messy["html"]


def test_the_readable_articles_are_all_read(messy: dict[str, Any]) -> None:
    docs = sorted(a["doc"] for a in messy["report"]["articles"])
    assert docs == ["a.txt", "cp1252.txt", "good.txt", "hostile.md", "python.md", "sidecar.txt", "sub/a.txt",
                    "web.txt"]
    sentences = [c["sentence"] for c in messy["report"]["claims"] if c["doc"] == "cp1252.txt"]
    assert sentences and "caf\u00e9" in sentences[0] and "\u201cofficials\u201d" in sentences[0]


def test_nothing_from_outside_the_folder_reaches_the_outputs(messy: dict[str, Any]) -> None:
    out = messy["root"] / "out"
    for name in ("index.html", "report.json", "claims.csv"):
        assert SECRET not in (out / name).read_text(encoding="utf-8")


def test_python_tags_in_metadata_never_run(messy: dict[str, Any]) -> None:
    root = messy["root"]
    assert not list(root.rglob("PWNED_*"))
    python = next(a for a in messy["report"]["articles"] if a["doc"] == "python.md")
    assert python["title"] is None or "os.system" not in python["title"]


class _Tags(html.parser.HTMLParser):
    """Collect the elements and attributes of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_hostile_metadata_is_only_ever_text(messy: dict[str, Any]) -> None:
    page = messy["html"]
    parser = _Tags()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    assert names.count("script") == 2 and names.count("style") == 1
    assert not {"iframe", "img", "object", "embed"} & set(names)
    for tag, attrs in parser.tags:
        for key, value in attrs:
            assert not key.startswith("on"), (tag, key, value)
            if key in ("href", "src", "action", "formaction", "xlink:href"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), (tag, key, value)
    links = {v for t, a in parser.tags if t == "a" for k, v in a if k == "href" and v and not v.startswith("#")}
    assert links == {"https://example.org/story?a=1&b=<2>"}  # the one http(s) url; the others stay text
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt; Toll rises" in page
    assert "Wire&#34; onmouseover=&#34;alert(1)" in page
    assert "O&#39;Brien &#34;Daily&#34; &lt;b&gt;News&lt;/b&gt;" in page
    assert "window.pwned=1</script>" not in page and "<b>News</b>" not in page


# ----------------------------------------------------------------------------- one-line errors


def test_missing_path(tmp_path: Path) -> None:
    one_error(factcheck(tmp_path, "check", "nowhere", "--out", "out", "--no-cache"), "nowhere", "no such file")
    one_error(factcheck(tmp_path, "extract", "nowhere", "--no-cache"), "nowhere", "no such file")
    assert not (tmp_path / "out").exists()


def test_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.docx.bak").write_bytes(b"not an article")
    one_error(factcheck(tmp_path, "check", "empty", "--out", "out", "--no-cache"), "empty", "no .txt, .md or .html")
    one_error(factcheck(tmp_path, "extract", "empty", "--no-cache"), "empty", "no .txt, .md or .html")


def test_extract_on_a_binary_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    line = one_error(factcheck(tmp_path, "extract", "story.txt", "--no-cache"), "story.txt", "PDF")
    assert line == "factcheck: error: story.txt: looks like a PDF renamed .txt: export it as text"


def test_only_bad_files_lists_each_then_one_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = factcheck(tmp_path, "check", "a.txt", "b.txt", "--out", "out", "--no-cache")
    assert result.returncode == 2 and not TRACEBACK.search(result.stderr)
    got = lines(result.stderr)
    assert [ln.split(":")[0:2] for ln in got] == [["factcheck", " skipped a.txt"], ["factcheck", " skipped b.txt"],
                                                 ["factcheck", " error"]]


def test_max_bytes_skips_the_big_file_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "small.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "arts" / "big.txt").write_text(GOOD * 5, encoding="utf-8")
    result = factcheck(tmp_path, "check", "arts", "--out", "out", "--no-cache", "--max-bytes", "200")
    assert result.returncode == 0, result.stderr
    assert "factcheck: skipped arts/big.txt: larger than 200 bytes: raise --max-bytes or split it" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["doc"] for a in report["articles"]] == ["small.txt"]


def test_time_budget_skips_a_long_article_instead_of_hanging(tmp_path: Path) -> None:
    long = ("More than 40 people were wounded in Aleppo on Monday, officials said. " * 8 + "\n") * 400
    (tmp_path / "long.txt").write_text(long, encoding="utf-8")
    result = factcheck(tmp_path, "extract", "long.txt", "--no-cache", "--time-budget", "0.0001", timeout=120)
    line = one_error(result, "long.txt")
    assert line == ("factcheck: error: long.txt: extraction took longer than 0.0001 s: "
                    "raise --time-budget or split the article")


def test_time_budget_keeps_the_other_articles(tmp_path: Path) -> None:
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "long.txt").write_text(GOOD * 300, encoding="utf-8")
    (tmp_path / "arts" / "plain.txt").write_text("No figures here, only words.\n", encoding="utf-8")
    result = factcheck(tmp_path, "check", "arts", "--out", "out", "--no-cache", "--time-budget", "0.0001")
    assert result.returncode == 0, result.stderr
    assert "factcheck: skipped arts/long.txt: extraction took longer than 0.0001 s" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["doc"] for a in report["articles"]] == ["plain.txt"]
    assert [s["path"] for s in report["skipped"]] == ["arts/long.txt"]


def test_hostile_review_note_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "arts" / "b.txt").write_text(GOOD.replace("33", "35"), encoding="utf-8")
    first = factcheck(tmp_path, "check", "arts", "--out", "out", "--cache-dir", "cache")
    assert first.returncode == 0, first.stderr
    group = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["groups"][0]["id"]
    note = '</script><script>window.pwned=1</script><img src=x onerror=alert(1)> "quoted" & \'single\''
    (tmp_path / "arts" / "reviews.toml").write_text(
        f'[groups."{group}"]\ndecision = "explained"\nnote = {json.dumps(note)}\nby = "<b>ana</b>"\n', "utf-8")
    second = factcheck(tmp_path, "check", "arts", "--out", "out", "--cache-dir", "cache")
    assert second.returncode == 0, second.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "window.pwned=1</script>" not in page and "<img" not in page and "<b>ana</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page or "\\u003cimg src=x onerror=alert(1)\\u003e" in page


# ----------------------------------------------------------------------------- internal errors


def test_unexpected_exception_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    import factcheck.stages
    from factcheck.cli import main

    def boom(*args: Any, **kw: Any) -> None:
        raise RuntimeError("the reconciler tripped\nsecond line")

    monkeypatch.setattr(factcheck.stages, "run", boom)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["factcheck", "check", str(tmp_path), "--out", str(tmp_path / "out")])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["factcheck: internal error: RuntimeError: the reconciler tripped "
                                "(run with FACTCHECK_DEBUG=1 for the traceback)"]

    monkeypatch.setenv("FACTCHECK_DEBUG", "1")
    with pytest.raises(SystemExit):
        main()
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in boom" in err
    assert err.splitlines()[-1].startswith("factcheck: internal error: RuntimeError")
