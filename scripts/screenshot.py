"""Take a screenshot of a factcheck report (default reports/index.html -> docs/report.png) with Debian's chromium."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> int:
    """Open the report from disk and save a PNG of it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", nargs="?", default="reports/index.html", type=Path)
    parser.add_argument("out", nargs="?", default="docs/report.png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600, help="viewport height; the picture is this tall")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not the first screen")
    parser.add_argument("--fragment", default="", help="URL fragment to open, e.g. '?verdict=conflict'")
    parser.add_argument("--at", default="", metavar="SELECTOR", help="scroll this element to the top first, e.g. '#groups'")
    opts = parser.parse_args()
    if not opts.report.is_file():
        print(f"screenshot: {opts.report}: no such report; run 'factcheck check articles/' first", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"screenshot: {CHROMIUM} is missing; install it with 'apt-get install -y chromium'", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    opts.out.parent.mkdir(parents=True, exist_ok=True)
    url = opts.report.resolve().as_uri() + (f"#{opts.fragment}" if opts.fragment else "")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": opts.width, "height": opts.height})
        page.goto(url)
        page.wait_for_timeout(200)
        if opts.at:
            page.locator(opts.at).first.evaluate("el => el.scrollIntoView({block: 'start', behavior: 'instant'})")
            page.wait_for_timeout(200)
        page.screenshot(path=str(opts.out), full_page=opts.full_page)
        browser.close()
    print(f"screenshot: wrote {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
