"""The editor's review loop in the page: forms on cards, reviews.toml built in the browser as reviews_toml writes it."""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck.report import render_html, write_report
from factcheck.report.view import build_page, identity
from factcheck.review import DECISIONS, parse_reviews, reviews_toml
from report_fixtures import small_report
from test_browser import Opened, browser  # noqa: F401  (the module-scoped chromium fixture)

PREFILLED = {
    "g-conflict": {"decision": "confirmed_error", "note": "Checked with the desk", "by": "editor", "date": "2024-05-02"},
    "r-sum": {"decision": "accepted", "note": "Sum as reported", "by": "desk", "date": ""},
}

# Every ASCII control character, DEL, quotes, backslashes, non-ASCII (BMP and astral) and markup.
TRICKY = {
    "g-conflict": {"decision": "explained", "note": "".join(chr(i) for i in range(0x80)), "by": "Zoë \"Z\" O'Neil",
                   "date": "2024-05-03"},
    'g-"odd\\id"\t\u00e9': {"decision": "false_alarm", "note": "</script><script>window.__pwned=1</script>",
                            "by": "\\\\server\\share", "date": ""},
    "g-\U0001F600": {"decision": "accepted", "note": "line one\nline two\r\nthree\u2028four\u00a0five \U0001D11E",
                     "by": "\u0645\u062d\u0645\u062f", "date": "2024-05-04"},
    "g-\uffff": {"decision": "confirmed_error", "note": "\x7f\x1b[31m\x00", "by": "", "date": ""},
    "g-a": {"decision": "accepted", "note": "", "by": "x", "date": ""},
}


def page_data(html: str) -> dict[str, Any]:
    """Return the JSON the page script reads."""
    found = re.search(r'<script type="application/json" id="fc-data">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def open_report(browser: Any, tmp_path: Path, reviews: dict[str, Any] | None = None,  # noqa: F811
                training: bool = False, init: str = "") -> Opened:
    """Write the small report with these reviews and open it in a fresh page."""
    report = small_report(reviews=PREFILLED if reviews is None else reviews, stale_reviews=["g-removed"])
    write_report(report, tmp_path / "reports", ("html",), training=training)
    opened = Opened(browser, tmp_path / "reports" / "index.html")
    opened.console = []  # type: ignore[attr-defined]
    opened.page.on("console", lambda msg: opened.console.append(msg.text))  # type: ignore[attr-defined]
    if init:
        opened.page.add_init_script(init)
    opened.goto()
    return opened


def assert_quiet(opened: Opened) -> None:
    """Assert the page asked for nothing outside the file, raised nothing and hit no CSP violation."""
    outside = [u for u in opened.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert not outside, outside
    assert not opened.errors, opened.errors
    assert not [m for m in opened.console if "Content Security Policy" in m], opened.console  # type: ignore[attr-defined]


def form(page: Any, gid: str) -> Any:
    """Return the review box of one group or relation."""
    return page.locator(f".review-box[data-id='{gid}']")


# ---------------------------------------------------------------- without a browser


def test_page_data_carries_every_review_with_its_date_and_the_report_identity():
    report = small_report(reviews={**PREFILLED, "g-evolving": "not a dict"})
    data = page_data(render_html(report))
    assert data["reviews"] == PREFILLED
    assert data["decisions"] == list(DECISIONS)
    assert data["identity"] == identity(report) and re.fullmatch(r"[0-9a-f]{16}", data["identity"])
    assert identity(replace(report, generated="2024-06-01T00:00:00+00:00")) != identity(report)
    assert identity(replace(report, groups=report.groups[1:])) != identity(report)
    assert build_page(report).reviews == PREFILLED


def test_stale_reviews_are_explained_in_the_overview():
    html = render_html(small_report(stale_reviews=["g-removed", "g-old"]))
    overview = html[html.index('id="overview"'):html.index('id="groups"')]
    assert "2 stale reviews" in overview and "a review whose group no longer exists" in overview
    assert "<code>g-old</code>" in overview and "<code>g-removed</code>" in overview
    assert "stale review" not in render_html(small_report())


def test_review_controls_are_buttons_outside_any_form_and_the_policy_still_blocks_everything():
    assert "No reviews yet." in render_html(small_report())
    html = render_html(small_report(reviews=PREFILLED))
    assert '<button type="button" id="review-download" class="btn">Download reviews.toml</button>' in html
    assert "2 reviews from reviews.toml." in html
    assert "default-src 'none'" in html and "form-action 'none'" in html and "connect-src" not in html
    script = html[html.rindex("<script>"):]
    for banned in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "import(", ".src", "innerHTML"):
        assert banned not in script, banned


# ---------------------------------------------------------------- in chromium


def test_js_toml_matches_reviews_toml_and_round_trips(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    opened = open_report(browser, tmp_path)
    page = opened.page
    text = page.evaluate("r => window.factcheckReviewsToml(r)", TRICKY)
    assert text == reviews_toml(TRICKY)
    assert tomllib.loads(text)["groups"]["g-conflict"]["note"] == TRICKY["g-conflict"]["note"]
    assert parse_reviews(text) == {gid: dict(entry) for gid, entry in sorted(TRICKY.items())}
    assert page.evaluate("window.factcheckReviewsToml({})") == reviews_toml({})
    # with no argument it builds from the page: the reviews the report carries, relations included
    assert page.evaluate("window.factcheckReviewsToml()") == reviews_toml(PREFILLED)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_quiet(opened)


def test_edits_in_the_forms_build_the_file_and_survive_a_reload(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    opened = open_report(browser, tmp_path)
    page = opened.page
    conflict = form(page, "g-conflict")
    assert conflict.get_by_label("Decision").input_value() == "confirmed_error"
    assert conflict.get_by_label("Note").input_value() == "Checked with the desk"
    assert form(page, "r-sum").get_by_label("Note").input_value() == "Sum as reported"
    evolving = form(page, "g-evolving")
    evolving.get_by_label("By").fill("Ana Lima")
    evolving.get_by_label("Decision").select_option("explained")
    note = 'OCHA "revised" C:\\data\\x\n\ttabbed </script><b>bold</b> \u00e9\u4e2d\U0001F600 \x01'
    evolving.get_by_label("Note").fill(note)
    conflict.get_by_label("Decision").select_option("")  # not reviewed: the review is withdrawn
    consistent = form(page, "g-consistent")
    consistent.get_by_label("Decision").focus()
    page.keyboard.press("ArrowDown")  # keyboard alone picks the first decision
    assert consistent.get_by_label("By").input_value() == "Ana Lima"  # the name carries across cards
    state = page.evaluate("window.factcheckReviews()")
    assert sorted(state) == ["g-consistent", "g-evolving", "r-sum"]
    assert state["g-evolving"]["note"] == note and state["g-evolving"]["by"] == "Ana Lima"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", state["g-evolving"]["date"])
    assert state["g-consistent"]["decision"] == DECISIONS[0] and state["r-sum"] == PREFILLED["r-sum"]
    text = page.evaluate("window.factcheckReviewsToml()")
    assert text == reviews_toml(state) and parse_reviews(text) == state
    assert "3 reviews, 3 changed in this browser" in page.locator("#review-status").inner_text()
    assert page.locator(".review-box b").count() == 0  # the note is text, not markup

    page.reload()
    assert form(page, "g-evolving").get_by_label("Note").input_value() == note
    assert form(page, "g-conflict").get_by_label("Decision").input_value() == ""
    assert page.evaluate("window.factcheckReviews()") == state

    clear = page.get_by_role("button", name="Clear my edits")
    clear.click()
    assert page.evaluate("window.factcheckReviews()") == state  # the first click only asks
    page.get_by_role("button", name=re.compile("Click again")).click()
    assert page.evaluate("window.factcheckReviews()") == PREFILLED
    assert form(page, "g-conflict").get_by_label("Decision").input_value() == "confirmed_error"
    assert page.get_by_role("button", name="Clear my edits").is_disabled()
    page.reload()
    assert page.evaluate("window.factcheckReviews()") == PREFILLED
    assert_quiet(opened)


def test_edits_are_kept_per_report(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    report = small_report(reviews=PREFILLED)
    write_report(report, tmp_path / "one", ("html",))
    write_report(replace(report, generated="2024-06-01T00:00:00+00:00"), tmp_path / "two", ("html",))
    context = browser.new_context()  # one context: every file:// page shares one localStorage
    try:
        first = context.new_page()
        first.goto((tmp_path / "one" / "index.html").as_uri())
        first.get_by_text("2 figures reported once").click()  # figures reported once are folded
        first.locator("#card-g-single-2 summary").click()
        form(first, "g-single-2").get_by_label("By").fill("Ana Lima")
        form(first, "g-single-2").get_by_label("Decision").select_option("accepted")
        assert first.locator("#card-g-single-2 summary").inner_text() == "Reviewed: Accepted"
        second = context.new_page()
        second.goto((tmp_path / "two" / "index.html").as_uri())
        assert "g-single-2" not in second.evaluate("window.factcheckReviews()")
        second.get_by_role("button", name="Restore 1 edit from an earlier report").click()
        assert second.evaluate("window.factcheckReviews()")["g-single-2"]["by"] == "Ana Lima"
        assert not second.get_by_role("button", name=re.compile("Restore")).is_visible()
        form(second, "g-evolving").get_by_label("Decision").select_option("explained")
        assert form(second, "g-evolving").get_by_label("By").input_value() == "Ana Lima"  # the name is remembered
        saved = {**PREFILLED, "g-single-2": {"decision": "accepted", "note": "", "by": "Ana Lima", "date": "2024-01-01"},
                 "g-evolving": {"decision": "explained", "note": "", "by": "Ana Lima", "date": "2024-01-01"}}
        write_report(replace(small_report(reviews=saved), generated="2024-07-01T00:00:00+00:00"), tmp_path / "three",
                     ("html",))
        third = context.new_page()  # the edit was saved to reviews.toml: nothing to restore
        third.goto((tmp_path / "three" / "index.html").as_uri())
        assert not third.get_by_role("button", name=re.compile("Restore")).is_visible()
        again = context.new_page()
        again.goto((tmp_path / "one" / "index.html").as_uri())
        again.get_by_text("2 figures reported once").click()
        assert again.evaluate("window.factcheckReviews()")["g-single-2"]["decision"] == "accepted"
        assert again.locator("#card-g-single-2 details").get_attribute("open") is not None
    finally:
        context.close()


def test_pages_without_storage_still_review_and_download(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    deny = ("Object.defineProperty(window, 'localStorage', "
            "{get() { throw new DOMException('denied', 'SecurityError'); }});")
    opened = open_report(browser, tmp_path, init=deny)
    page = opened.page
    form(page, "g-evolving").get_by_label("Decision").select_option("accepted")
    assert "cannot store them" in page.locator("#review-status").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download reviews.toml").click()
    assert sorted(parse_reviews(Path(info.value.path()).read_text(encoding="utf-8"))) == ["g-conflict", "g-evolving", "r-sum"]
    assert_quiet(opened)


def test_review_forms_wait_for_the_reveal_in_training_mode(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    opened = open_report(browser, tmp_path, training=True)
    page = opened.page
    card = page.locator("#card-g-conflict")
    assert not card.locator(".review-form").is_visible()
    card.get_by_role("button", name="Reveal verdict").click()
    assert card.locator(".review-form").is_visible()
    assert card.get_by_label("Decision").input_value() == "confirmed_error"
    assert_quiet(opened)


def test_print_shows_decisions_as_text_and_hides_the_forms(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    opened = open_report(browser, tmp_path)
    page = opened.page
    form(page, "g-evolving").get_by_label("Decision").select_option("false_alarm")
    page.emulate_media(media="print")
    assert not page.locator(".review-form").first.is_visible()
    assert not page.get_by_role("button", name="Download reviews.toml").is_visible()
    line = form(page, "g-conflict").locator(".review-print")
    assert line.is_visible() and line.inner_text() == "Reviewed: Confirmed error \u2014 Checked with the desk (editor, 2024-05-02)"
    assert form(page, "g-evolving").locator(".review-print").inner_text().startswith("Reviewed: False alarm")
    assert not form(page, "g-consistent").is_visible()
    assert_quiet(opened)


@pytest.mark.parametrize("width", [390])
def test_review_form_fits_a_phone(browser: Any, tmp_path: Path, width: int) -> None:  # noqa: F811
    report = small_report(reviews=PREFILLED)
    write_report(report, tmp_path / "reports", ("html",))
    opened = Opened(browser, tmp_path / "reports" / "index.html", width=width)
    page = opened.goto()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert form(page, "g-conflict").get_by_label("Note").is_visible()
    opened.assert_offline()
