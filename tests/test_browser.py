"""Drive the report in Debian's headless chromium: cards, charts, filters, fragment state, no network, no XSS."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.report import write_report
from factcheck.report.view import PAGE_SIZE, STORY_PAGE
from report_fixtures import hostile_report, large_report, large_story_report, small_report, story_report

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
    assert opened.visible_cards() == PAGE_SIZE
    assert time.monotonic() - start < 30
    assert "1 story, 10,000 groups." in page.locator("#result-count").inner_text()
    page.get_by_role("button", name=f"Show {PAGE_SIZE} more groups of {10_000 - PAGE_SIZE:,}").click()
    assert opened.visible_cards() == 2 * PAGE_SIZE
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


# ---------------------------------------------------------------- stories, series, corrections, accessibility, size

ROOT = Path(__file__).parent.parent
AXE = Path(os.environ.get("FACTCHECK_AXE", ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))


def test_story_navigation_keeps_its_place_in_the_fragment(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, story_report()))
    page = opened.goto()
    sections = page.locator("#cards section.story")
    assert [s.get_attribute("id") for s in sections.all()] == ["story-s-quake", "story-s-idlib", "story-s-sudan"]
    page.locator("#story-rows").get_by_role("link", name="Idlib offensive, Feb 2020").click()
    assert "story=s-idlib" in page.evaluate("location.hash")
    assert sections.count() == 1 and page.get_by_label("Story").input_value() == "s-idlib"
    assert page.locator("#story-s-idlib").is_visible()
    page.reload()
    assert sections.count() == 1 and page.get_by_label("Story").input_value() == "s-idlib"
    page.get_by_label("Story").select_option("")
    assert sections.count() == 3
    page.locator("body").press("j")  # the first finding that needs attention
    assert "at=g-injured" in page.evaluate("location.hash")
    assert page.evaluate("document.activeElement.id") == "card-g-injured"
    page.locator("body").press("j")
    assert "at=g-strike" in page.evaluate("location.hash")
    assert "Finding 2 of 2" in page.locator("#nav-status").text_content()
    page.reload()
    assert page.evaluate("document.activeElement.id") == "card-g-strike"
    page.locator("body").press("k")
    assert "at=g-injured" in page.evaluate("location.hash")
    page.get_by_label("Search").press("j")  # typing in a field is not navigation
    assert page.get_by_label("Search").input_value() == "j"
    wait_until(page, "location.hash.includes('q=j')")
    page.get_by_label("Search").fill("")
    wait_until(page, "!location.hash.includes('q=')")
    near = page.locator("#card-g-strike details.near")
    near.locator("summary").click()
    near.get_by_role("link").click()  # a near miss sits among the figures reported once: the fold opens
    assert page.locator("#row-s2").is_visible()
    opened.assert_offline()


def test_series_chart_shows_each_source_with_its_interval(browser: Any, tmp_path: Path) -> None:
    opened = Opened(browser, _report(tmp_path, story_report()))
    page = opened.goto("#?story=s-idlib")
    chart = page.locator("#story-s-idlib .series-strip svg.schart")
    assert chart.count() == 1
    label = chart.get_attribute("aria-label")
    assert label == "People displaced in Northwest Syria: from 800,000 on 2020-02-17 to 950,000 on 2020-02-28; 4 reports from 3 sources"
    marks = chart.locator("g.mark")
    assert marks.count() == 4 and chart.locator("path.line").count() == 1
    y = {m.get_attribute("data-claim"): float(m.locator("use").get_attribute("y") or 0) for m in marks.all()}
    assert y["s5"] > y["s3"] > y["s9"]  # the lagging council sits below the OCHA figures
    assert marks.locator("line.whisker.open").count() == 2  # "almost" and "more than" are open intervals
    legend = page.locator("#story-s-idlib .series-strip .legend li")
    assert [li.inner_text() for li in legend.all()] == ["OCHA", "UN", "local council"]
    table = page.locator("#story-s-idlib .as-table")
    table.locator("summary").click()
    assert table.locator("tbody tr").count() == 4 and "More than 700,000" in table.inner_text()
    assert page.locator("#card-g-displaced svg.schart").count() == 0  # drawn once, at the head of its story
    opened.assert_offline()


def test_corrections_are_written_to_reviews_toml(browser: Any, tmp_path: Path) -> None:
    import tomllib

    earlier = [{"kind": "same", "claims": ["q1", "q3"], "why": "applied on the last run", "by": "desk"}]
    opened = Opened(browser, _report(tmp_path, story_report(links=earlier)))
    page = opened.goto()
    strike = page.locator("#card-g-strike")
    strike.get_by_role("button", name="Not the same count…").click()
    strike.get_by_label("Claim to split out").select_option("s6")
    strike.get_by_label("Why").fill("different strikes")
    strike.get_by_label("Corrected by").fill("Ana \"A\" Lima")
    strike.get_by_role("button", name="Add [[apart]] to reviews.toml").click()
    page.get_by_text("3 figures reported once").click()
    cold = page.locator("#card-g-cold")
    cold.get_by_role("button", name="Same as…").click()
    cold.get_by_label("Same count as").select_option("g-sunday")
    cold.get_by_label("Why").fill("same monitor count, one says \"five\"\\n")
    cold.get_by_role("button", name="Add [[same]] to reviews.toml").click()
    assert page.locator("#correction-list li").count() == 2
    page.reload()  # kept in the browser until downloaded
    assert page.locator("#correction-list li").count() == 2
    with page.expect_download() as info:
        page.get_by_role("button", name="Download reviews.toml").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.endswith(
        '[[same]]\nclaims = ["s2", "s7"]\nwhy = "same monitor count, one says \\"five\\"\\\\n"\nby = "Ana \\"A\\" Lima"\n\n'
        '[[apart]]\nclaims = ["s8", "s6"]\nwhy = "different strikes"\nby = "Ana \\"A\\" Lima"\n')
    parsed = tomllib.loads(text)
    assert parsed["same"] == [{"claims": ["q1", "q3"], "why": "applied on the last run", "by": "desk"},
                              {"claims": ["s2", "s7"], "why": "same monitor count, one says \"five\"\\n",
                               "by": "Ana \"A\" Lima"}]
    assert parsed["apart"] == [{"claims": ["s8", "s6"], "why": "different strikes", "by": "Ana \"A\" Lima"}]
    assert "and 3 corrections" in page.locator("#review-status").inner_text()
    page.locator("#correction-list").get_by_role("button", name="Remove").first.click()
    assert page.locator("#correction-list li").count() == 1
    outside = [u for u in opened.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert not outside and not opened.errors, (outside, opened.errors)


def _axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core in the page; return its serious and critical violations."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/test.sh (it installs axe-core with npm) "
                    "or point FACTCHECK_AXE at axe.min.js")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_seeds_report_passes_the_accessibility_audit(browser: Any, tmp_path: Path) -> None:
    import factcheck

    report = factcheck.check([ROOT / "articles"], generated="2024-05-01T12:00:00+00:00")
    opened = Opened(browser, _report(tmp_path, report))
    page = opened.goto()
    page.get_by_text("reported once").first.click()
    assert _axe(page) == []
    page.get_by_role("button", name="Training mode").click()
    assert _axe(page) == []


def test_large_multi_story_report_opens_fast_and_passes_the_audit(browser: Any, tmp_path: Path) -> None:
    path = _report(tmp_path, large_story_report(500, 5000))
    size = path.stat().st_size / 2**20
    opened = Opened(browser, path)
    start = time.monotonic()
    page = opened.goto()
    loaded = time.monotonic() - start
    paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    assert page.locator("#cards section.story").count() == STORY_PAGE
    timings = {}
    for name, action in (("verdict", "document.querySelector('.seg button[data-verdict=conflict]').click()"),
                         ("story", ("(s => { s.value = 's-007'; s.dispatchEvent(new Event('change')); })"
                                    "(document.getElementById('f-story'))")),
                         ("all", "document.querySelector('.seg button[data-verdict=\"\"]').click()")):
        timings[name] = page.evaluate("async () => { const t = performance.now(); " + action + "; "
                                      "await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))); "
                                      "return performance.now() - t; }")
    page.get_by_label("Story").select_option("")
    page.get_by_role("button", name="Show all stories").click()
    assert page.locator("#story-rows tr").count() == 50
    page.get_by_role("button", name="Show all 750").click()  # every open conflict, ranked
    assert page.locator("#attention-list li").count() == 750
    page.get_by_label("Search").fill("group 4995:")
    wait_until(page, "document.querySelectorAll('#cards article.card').length === 1")
    print(f"\nlarge report: 500 articles, 5,000 groups, 50 stories: {size:.1f} MiB; load {loaded * 1000:.0f} ms, "
          f"first contentful paint {paint:.0f} ms; filter by verdict {timings['verdict']:.0f} ms, "
          f"by story {timings['story']:.0f} ms, back to all {timings['all']:.0f} ms")
    page.get_by_label("Search").fill("")
    wait_until(page, f"document.querySelectorAll('#cards section.story').length === {STORY_PAGE}")
    page.get_by_label("Story").select_option("s-001")
    page.locator("#cards details.singles").first.locator("summary").click()
    wait_until(page, "document.querySelectorAll('#cards details.singles article.card').length > 0")
    assert _axe(page) == []
    opened.assert_offline()
