"""Check docs/corpus/ and take the README picture of its report (docs/report.png) with Debian's chromium.

Usage: python docs/make_picture.py [--out docs/report.png] [--keep DIR]
The corpus holds eight short articles about two stories, written for this picture in wire, UN and local styles.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import factcheck
from factcheck.report import write_report

HERE = Path(__file__).parent


def main() -> int:
    """Check the corpus, write the report and take its picture."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "report.png")
    parser.add_argument("--keep", type=Path, help="write the report files here instead of a temporary folder")
    args = parser.parse_args()
    report = factcheck.check([HERE / "corpus"], generated="2024-05-01T12:00:00+00:00")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        write_report(report, out, ("html", "json"))
        shot = HERE.parent / "scripts" / "screenshot.py"
        return subprocess.call([sys.executable, str(shot), str(out / "index.html"), str(args.out), "--height", "2100"])


if __name__ == "__main__":
    sys.exit(main())
