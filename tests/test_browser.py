"""Drive the report in Debian's headless chromium: cards, charts, filters, fragment state, no network, no XSS."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.report import write_report
from report_fixtures import hostile_report, large_report, small_report

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Start headless chromium once for the module."""
    if os.environ.get("FACTCHECK_NO_BROWSER") == "1":
        pytest.skip("FACTCHECK_NO_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with 'apt-get install -y chromium' "
                    "(or set FACTCHECK_NO_BROWSER=1 to leave the browser tests out)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    """A page opened on a report from disk, with every request and dialog recorded."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900}, reduced_motion="reduce")
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.url = path.resolve().as_uri()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, fragment: str = "") -> Any:
        self.page.goto(self.url + fragment)
        return self.page

    def visible_cards(self) -> int:
        return int(self.page.locator("#cards article.card:visible").count())

    def assert_offline(self) -> None:
        outside = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert not outside, outside
        assert not self.errors, self.errors


def wait_until(page: Any, expression: str, timeout: float = 15.0) -> None:
    """Poll a JS expression until it is true (the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _report(tmp_path: Path, report: Any, training: bool = False) -> Path:
    write_report(report, tmp_path / "reports", ("html",), training=training)
    return tmp_path / "reports" / "index.html"


def test_cards_charts_filters_and_fragment_survive_reload(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, small_report()))
    page = opened.goto()
    assert opened.visible_cards() == 3  # the two figures reported once are folded
    page.get_by_text("2 figures reported once").click()
    wait_until(page, "document.querySelectorAll('#cards article.card').length === 5")
    assert opened.visible_cards() == 5
    assert page.locator("#cards svg.ichart").count() == 3
    assert page.locator("#cards svg.schart").count() == 1
    page.get_by_role("button", name="Conflict").click()
    assert opened.visible_cards() == 1
    assert "verdict=conflict" in page.evaluate("location.hash")
    page.get_by_role("button", name="All", exact=True).click()
    page.get_by_label("Search").fill("courier")
    wait_until(page, "location.hash.includes('q=courier')")
    assert opened.visible_cards() == 2
    page.get_by_label("Category").select_option("displaced")
    assert opened.visible_cards() == 1
    page.reload()
    assert page.get_by_label("Search").input_value() == "courier"
    assert page.get_by_label("Category").input_value() == "displaced"
    assert opened.visible_cards() == 1
    assert "1 story, 1 group of 5" in page.locator("#result-count").inner_text()
    shot = tmp_path / "reports" / "screenshot.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    opened.assert_offline()


def test_links_go_from_claim_to_article_and_back(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, small_report()))
    page = opened.goto()
    page.locator("#card-g-conflict a.to-article").first.click()
    mark = page.locator("#claim-c5")
    assert mark.is_visible() and mark.evaluate("el => el === document.activeElement")
    page.get_by_role("button", name="Evolving").click()
    assert page.locator("#card-g-conflict").count() == 0
    mark.click()
    card = page.locator("#card-g-conflict")
    assert card.count() == 1 and card.is_visible()
    opened.assert_offline()


def test_ten_thousand_groups_stay_usable(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, large_report(10_000)))
    start = time.monotonic()
    page = opened.goto()
    assert opened.visible_cards() == 50
    assert time.monotonic() - start < 30
    assert "1 story, 10,000 groups." in page.locator("#result-count").inner_text()
    page.get_by_role("button", name="Show 50 more groups of 9,950").click()
    assert opened.visible_cards() == 100
    page.get_by_label("Search").fill("g09999")
    wait_until(page, "document.querySelectorAll('#cards article.card').length === 1")
    opened.assert_offline()


def test_training_mode_hides_verdicts_until_revealed(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, small_report(), training=True))
    page = opened.goto()
    card = page.locator("#card-g-conflict")
    assert not card.locator(".badge").is_visible() and not card.locator(".explanation").is_visible()
    assert page.locator("#glossary").is_visible()
    card.get_by_role("button", name="Reveal verdict").click()
    assert card.locator(".badge").is_visible() and card.locator(".explanation").is_visible()
    page.get_by_role("button", name="Training mode").click()
    assert "training=0" in page.evaluate("location.hash")
    assert page.locator("#card-g-evolving .badge").is_visible()
    opened.assert_offline()


def test_hostile_articles_run_no_script(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, hostile_report()))
    page = opened.goto()
    page.get_by_label("Search").fill("script")
    page.get_by_role("button", name="All", exact=True).click()
    for link in page.locator("main a[href^='#']").all()[:40]:
        if link.is_visible():
            link.click()
    page.mouse.move(10, 10)
    page.mouse.move(600, 500)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert "<script>alert(1)</script>" in page.locator("#articles").inner_text()
    opened.assert_offline()


def test_phone_layout_fits_the_screen(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, small_report()), width=390)
    page = opened.goto()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert opened.visible_cards() == 3
    opened.assert_offline()


def test_download_reviews_toml_saves_the_decisions_as_a_file(browser: Any, tmp_path: Path) -> None:
    from factcheck.review import parse_reviews

    reviews = {"g-conflict": {"decision": "explained", "note": "Desk \"checked\"", "by": "ed", "date": "2024-05-02"}}
    opened = Opened(browser, _report(tmp_path, small_report(reviews=reviews)))
    page = opened.goto()
    box = page.locator(".review-box[data-id='g-evolving']")
    box.get_by_label("Decision").select_option("accepted")
    box.get_by_label("Note").fill("UN and OCHA figures agree\nafter the revision")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download reviews.toml").click()
    download = info.value
    assert download.suggested_filename == "reviews.toml"
    got = parse_reviews(Path(download.path()).read_text(encoding="utf-8"))
    assert sorted(got) == ["g-conflict", "g-evolving"]
    assert got["g-conflict"] == reviews["g-conflict"]
    assert got["g-evolving"]["note"] == "UN and OCHA figures agree\nafter the revision"
    assert "Downloaded reviews.toml with 2 reviews" in page.locator("#review-status").inner_text()
    outside = [u for u in opened.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert not outside and not opened.errors, (outside, opened.errors)
