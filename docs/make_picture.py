"""Check docs/corpus/ and take the README picture of its report (docs/report.png) with Debian's chromium.

Usage: python docs/make_picture.py [--out docs/report.png] [--keep DIR]
The corpus holds two stories written for this picture in wire, UN and local styles. While the reconciler does not
yet fill Report.stories, the stories come from docs/picture_stories.toml: each group joins the story of its articles.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from dataclasses import replace
from pathlib import Path

import factcheck
from factcheck.models import Report, Story
from factcheck.report import write_report

HERE = Path(__file__).parent


def with_stories(report: Report, spec: dict[str, dict[str, object]]) -> Report:
    """Return the report with stories from spec when it has none: each group joins the story of most of its claims."""
    if report.stories:
        return report
    story_of_doc = {f: sid for sid, s in spec.items() for f in s["files"]}  # type: ignore[attr-defined]
    doc_of = {c.id: c.doc for c in report.claims}
    groups = []
    for g in report.groups:
        votes = Counter(story_of_doc.get(doc_of.get(c, ""), "") for c in g.claims)
        groups.append(replace(g, story=votes.most_common(1)[0][0] if votes else ""))
    published = {a.doc: a.published for a in report.articles}
    stories = []
    for sid, s in sorted(spec.items()):
        files = tuple(sorted(s["files"]))  # type: ignore[call-overload]
        days = sorted(d for d in (published.get(f) for f in files) if d)
        stories.append(Story(id=f"s-{sid}", title=str(s["title"]), articles=files,
                             groups=tuple(g.id for g in groups if g.story == sid), first=days[0] if days else None,
                             last=days[-1] if days else None))
    groups = [replace(g, story=f"s-{g.story}") if g.story else g for g in groups]
    return replace(report, groups=tuple(groups), stories=tuple(stories))


def main() -> int:
    """Check the corpus, write the report and take its picture."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "report.png")
    parser.add_argument("--keep", type=Path, help="write the report files here instead of a temporary folder")
    args = parser.parse_args()
    spec = tomllib.loads((HERE / "picture_stories.toml").read_text(encoding="utf-8"))
    report = with_stories(factcheck.check([HERE / "corpus"], generated="2024-05-01T12:00:00+00:00"), spec)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        write_report(report, out, ("html", "json"))
        shot = HERE.parent / "scripts" / "screenshot.py"
        return subprocess.call([sys.executable, str(shot), str(out / "index.html"), str(args.out), "--height", "2100"])


if __name__ == "__main__":
    sys.exit(main())
