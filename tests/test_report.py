"""Unit tests of the report: formatting, chart geometry, view models and writers."""
from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from factcheck.errors import OptionsError
from factcheck.models import Relation
from factcheck.report import claims_csv, render_html, report_json, write_report
from factcheck.report import charts, fmt, render
from factcheck.report.view import PAGE_SIZE, build_articles, build_cards, build_page, build_relations, split_sentence
from report_fixtures import large_report, parse_tags, small_report, unpack


@pytest.mark.parametrize(("low", "high", "hedge", "text"), [
    (33, None, "at_least", "≥ 33"),
    (300, None, "more_than", "> 300"),
    (None, 800000, "almost", "≤ 800,000"),
    (None, 50, "less_than", "< 50"),
    (855000, 1045000, "about", "855,000–1,045,000"),
    (45, 45, "exact", "45"),
    (None, None, "vague", "unknown"),
    (2.5, 2.5, "exact", "2.5"),
])
def test_interval_reads_like_an_editor_writes(low, high, hedge, text):
    assert fmt.interval(low, high, hedge) == text


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org/a", "https://example.org/a"),
    ("http://x.test/", "http://x.test/"),
    ("javascript:alert(1)", None),
    ("  JavaScript:alert(1)", None),
    ("data:text/html,<script>", None),
    ("//evil.test/x", None),
    ("https://exa mple.org", None),
    (None, None),
])
def test_only_http_urls_become_links(url, safe):
    assert fmt.safe_url(url) == safe


def test_nice_ticks_are_round_and_cover_the_range():
    assert charts.nice_ticks(33, 45) == [30, 35, 40, 45]
    ticks = charts.nice_ticks(0, 1_045_000)
    assert ticks[0] == 0 and ticks[-1] >= 1_045_000 and len(ticks) <= 7
    assert charts.nice_ticks(5, 5)[0] == 0


def test_interval_chart_draws_open_ends_to_the_plot_edge():
    chart = charts.interval_chart([("a", "A", 33, None, 33, "≥ 33"), ("b", "B", 45, 45, 45, "45"),
                                   ("c", "C", None, 40, 40, "≤ 40")])
    assert chart is not None
    a, b, c = chart.rows
    assert a.open_high and a.x2 == chart.right and a.x1 < b.dot
    assert b.x1 == b.x2 == b.dot
    assert c.open_low and c.x1 == chart.left and c.x2 < b.dot
    assert chart.ticks[0].pos == chart.left and float(chart.ticks[0].label) < 33
    assert charts.interval_chart([("a", "A", None, None, None, "unknown")]) is None


def test_series_chart_needs_two_dates_and_puts_marks_at_their_reporting_date():
    mark = charts.SeriesInput
    assert charts.series_chart([("2020-02-17", 800000)], [mark("a", "2020-02-17", "UN", None, 800000, 800000, "")],
                               "x") is None
    chart = charts.series_chart(
        [("2020-02-17", 800000), ("2020-02-24", 950000)],
        [mark("b", "2020-02-24", "OCHA", 855000, 1045000, 950000, ""), mark("a", "2020-02-17", "UN", None, 800000,
                                                                             800000, ""),
         mark("c", "2020-02-24", "council", 700000, None, 700000, "")], "Displaced")
    assert chart is not None and chart.label == "Displaced"
    a, b, c = sorted(chart.marks, key=lambda m: m.claim)
    assert a.x < b.x and abs(b.x - c.x) < 10  # same day, side by side
    assert a.open_low and a.y2 == chart.bottom and c.open_high and c.y1 == chart.top
    assert b.y1 < b.y < b.y2  # the whisker spans the hedge interval
    assert c.y is not None and c.y > b.y  # the lagging source sits below
    assert [k for _, _, k in chart.legend] == ["OCHA", "UN", "council"]
    assert chart.path.startswith("M") and chart.xticks[0].label == "17 Feb"


def test_date_range_reads_like_an_editor_writes():
    assert fmt.date_range("2020-02-14", "2020-02-24") == "14–24 Feb 2020"
    assert fmt.date_range("2020-02-28", "2020-03-03") == "28 Feb – 3 Mar 2020"
    assert fmt.date_range("2020-02-14", "2023-02-14") == "14 Feb 2020 – 14 Feb 2023"
    assert fmt.date_range("2020-02-14", None) == "14 Feb 2020"
    assert fmt.date_range(None, None) == "undated"


def test_unsure_names_the_attributes_below_one_half():
    assert fmt.unsure({"place": 0.2, "time": 0.4, "category": 0.9}) == "place 0.2, date 0.4"
    assert fmt.unsure({"place": 0.5}) == "" and fmt.unsure({}) == ""


def test_sentence_is_cut_at_the_claim_offsets_and_falls_back_to_search():
    report = small_report()
    art = report.articles[0]
    c4 = next(c for c in report.claims if c.id == "c4")
    assert split_sentence(c4, art)[1] == "At least 33"
    moved = replace(c4, sentence_start=c4.sentence_start + 500)
    before, figure, after = split_sentence(moved, art)
    assert (before, figure) == ("", "At least 33") and after.startswith(" people were killed")
    missing = replace(c4, sentence="Nothing here.", number_text="99")
    assert split_sentence(missing, None) == ("Nothing here.", "", "")


def test_cards_put_conflicts_first_by_severity_then_evolving_consistent_single():
    report = small_report()
    worse = replace(report.groups[0], id="g-worse", severity=0.9)
    cards = build_cards(replace(report, groups=(*report.groups, worse)))
    assert [c.id for c in cards] == ["g-worse", "g-conflict", "g-evolving", "g-consistent", "g-single", "g-single-2"]
    assert [c.order for c in cards] == list(range(6))
    assert sorted(c.training_order for c in cards) == list(range(6))


def test_card_carries_summary_rows_chart_and_timeline():
    card = next(c for c in build_cards(small_report()) if c.id == "g-evolving")
    assert (card.low, card.best, card.high, card.conservative) == ("855,000", "950,000", "1,045,000", "855,000")
    assert card.independent_sources == 2
    assert [r.interval for r in card.rows] == ["≤ 800,000", "855,000–1,045,000"]
    assert card.rows[0].figure == "Almost 800,000" and card.place == "Northwest Syria"
    assert card.chart is not None and len(card.chart.rows) == 2
    assert card.series is not None and [m.claim for m in card.series.marks] == ["c6", "c7"]
    conflict = next(c for c in build_cards(small_report()) if c.id == "g-conflict")
    assert conflict.series is None and conflict.severity_text == "27%" and conflict.kind_label == "True conflict"
    assert conflict.latest[0].source == "Syrian Observatory"


def test_article_view_marks_claims_and_greys_furniture():
    art = build_articles(small_report())[0]
    kinds = [s.kind for s in art.segments]
    assert kinds.count("claim") == 4 and kinds.count("dropped") == 1
    assert "".join(s.text for s in art.segments) == small_report().articles[0].text
    claim = next(s for s in art.segments if s.kind == "claim" and s.claim == "c4")
    assert claim.card == "card-g-conflict" and claim.verdict == "conflict" and claim.first
    dropped = next(s for s in art.segments if s.kind == "dropped")
    assert dropped.text.startswith("Sign up") and dropped.label == "newsletter"
    assert [(x.number_text, x.interval, x.verdict_label) for x in art.listed][:2] == [
        ("3,167", "3,167", "Consistent"), ("1,414", "1,414", "Single claim")]


def test_relations_write_the_arithmetic_out():
    report = small_report()
    assert build_relations(report)[0].arithmetic == "3,167 + 1,414 = 4,581 ✓"
    broken = replace(report, relations=(Relation(id="r2", kind="sum", parts=("c1", "c5"), total="c3", holds=False),
                                        Relation(id="r3", kind="subset", parts=("c5",), total="c3", holds=True)))
    texts = [r.arithmetic for r in build_relations(broken)]
    assert texts == ["3,167 + 45 = 3,212, stated 4,581 ✗", "45 ≤ 4,581 ✓"]


def test_overview_counts_outlets_skipped_and_furniture():
    page = build_page(small_report())
    assert page.counts == {"articles": 3, "claims": 8, "groups": 5, "conflicts": 1, "relations": 1, "broken": 0,
                           "stories": 1, "open": 1}
    assert ("conflict", "Conflict", 1) in page.verdicts
    assert page.kinds == (("true_conflict", "True conflict", 1),)
    assert [o[0] for o in page.outlets] == ["Courier", "Daily Ledger", "Morning Wire"]
    assert page.skipped[0][0] == "articles/broken.pdf"
    assert page.dropped == (("Daily Ledger, 2023-02-14", "art-a.txt", 1, "newsletter"),)


def markup(html: str) -> str:
    """Return the page without the bodies of its script and style elements."""
    return re.sub(r"(<(script|style)[^>]*>).*?(</\2>)", r"\1\3", html, flags=re.S)


def test_reviews_and_diff_are_shown_when_present_and_optional_otherwise():
    plain = markup(render_html(small_report()))
    assert "Reviewed:" not in plain and "Since the baseline" not in plain
    html = markup(render_html(small_report(reviews={"g-conflict": {"decision": "confirmed", "note": "Checked with OSDH",
                                                             "by": "desk"}, "g-evolving": "not a dict"},
                                    diff={"new": ["g-conflict"], "resolved": ["g-gone"], "changed": []},
                                    stale_reviews=["g-old"])))
    assert "Reviewed: confirmed" in html and "Checked with OSDH" in html and "(desk)" in html
    assert html.count("Reviewed:") == 1
    assert "Since the baseline" in html and "g-gone" in html and 'class="tag tag-new"' in html
    assert "g-old" in html


def test_diff_entries_from_the_baseline_comparison_are_listed_with_what_changed():
    diff = {"new": [{"id": "g-conflict", "type": "group", "verdict": "conflict"}],
            "resolved": [{"id": "g-gone", "type": "group", "verdict": "consistent"}],
            "changed": [{"id": "g-evolving", "type": "group", "fields": ["verdict", "claims"],
                         "before": {"verdict": "consistent"}, "after": {"verdict": "evolving"}},
                        {"id": "r-sum", "type": "relation", "fields": ["verdict"],
                         "before": {"verdict": "fails"}, "after": {"verdict": "holds"}}]}
    page = build_page(small_report(diff=diff))
    assert page.diff is not None
    assert page.diff["new"] == (("g-conflict", "card-g-conflict", "conflict"),)
    assert page.diff["resolved"] == (("g-gone", "", "consistent"),)
    assert page.diff["changed"][0] == ("g-evolving", "card-g-evolving", "verdict consistent → evolving; claims changed")
    assert page.diff["changed"][1][1] == "rel-r-sum"
    tags = {c.id: c.diff for c in page.cards}
    assert tags["g-conflict"] == "new" and tags["g-evolving"] == "changed" and tags["g-single"] == ""


def test_html_is_self_contained():
    html = render_html(small_report())
    for tag, attrs in parse_tags(html).tags:
        assert "src" not in attrs and "action" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#") or href in ("https://example.org/a", "https://example.com/c")
    for banned in ("<link", "@import", "url(", "fetch(", "XMLHttpRequest", "<iframe", "<img", "import(", "src="):
        assert banned not in html, banned
    assert "http://" not in markup(html)
    assert re.findall(r"https?://[^\s\"']+", html.replace("https://example.", "")) == ["http://www.w3.org/2000/svg"]
    assert "default-src 'none'" in html


def test_render_is_deterministic():
    report = small_report()
    assert render_html(report) == render_html(report)
    shuffled = replace(report, groups=tuple(reversed(report.groups)), articles=tuple(reversed(report.articles)))
    assert render_html(shuffled) == render_html(report)


def test_large_reports_render_one_page_statically_and_embed_the_rest():
    html = render_html(large_report(120))
    assert html.count('<article class="card') == PAGE_SIZE
    data = unpack(json.loads(re.search(r'<script type="application/json" id="fc-data">(.*?)</script>', html, re.S).group(1)))
    assert len(data["cards"]) == 120 and data["pageSize"] == PAGE_SIZE
    assert "1 story, 120 groups." in html
    assert "search" not in data["cards"][0] and "row_anchor" not in data["cards"][0]["rows"][0]


def test_training_mode_marks_the_page_and_keeps_answers_in_markup():
    html = render_html(small_report(), training=True)
    assert '<body class="training">' in html and 'aria-pressed="true">Training mode' in html
    assert 'class="explanation answer"' in html and "Reveal verdict" in html
    assert '"training":true' in html
    assert '<body class="">' in render_html(small_report())


def test_report_json_is_the_report_dict():
    report = small_report(reviews={"g-conflict": {"decision": "ok"}})
    text = report_json(report)
    assert json.loads(text) == json.loads(json.dumps(report.to_dict()))
    assert text.startswith('{\n "schema_version"') and "≤" not in text


def test_claims_csv_has_one_row_per_claim_in_a_fixed_column_order():
    rows = list(csv.reader(io.StringIO(claims_csv(small_report()))))
    assert tuple(rows[0]) == render.CSV_COLUMNS
    assert len(rows) == 1 + 8
    first = dict(zip(rows[0], rows[1]))
    assert first["id"] == "c1" and first["group"] == "g-consistent" and first["verdict"] == "consistent"
    assert first["value"] == "3167" and first["rules"] == "hedge.test" and first["cumulative"] == "false"
    c4 = dict(zip(rows[0], rows[4]))
    assert c4["high"] == "" and c4["hedge"] == "at_least"


def test_write_report_writes_each_format(tmp_path):
    out = tmp_path / "deep" / "reports"
    paths = write_report(small_report(), out, ("html", "json", "csv"))
    assert [p.name for p in paths] == ["index.html", "report.json", "claims.csv"]
    assert (out / "index.html").read_text(encoding="utf-8") == render_html(small_report())
    assert (out / "claims.csv").read_bytes().decode("utf-8") == claims_csv(small_report())
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "index.html", "report.json"]
    assert write_report(small_report(), out, ("json",)) == [out / "report.json"]


def test_unknown_format_names_it_and_lists_the_valid_ones(tmp_path):
    with pytest.raises(OptionsError) as err:
        write_report(small_report(), tmp_path, ("html", "pdf"))
    assert "'pdf'" in err.value.message and "html, json, csv" in err.value.hint
    assert not (tmp_path / "index.html").exists()


def test_failed_write_leaves_the_previous_report(tmp_path, monkeypatch):
    write_report(small_report(), tmp_path, ("html",))
    before = (tmp_path / "index.html").read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    changed = replace(small_report(), generated="2030-01-01T00:00:00+00:00")
    with pytest.raises(OptionsError) as err:
        write_report(changed, tmp_path, ("html",))
    assert "No space left" in err.value.message and "index.html" in err.value.message
    assert (tmp_path / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_unwritable_folder_is_an_options_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OptionsError, match="cannot create the report folder"):
        write_report(small_report(), blocker / "sub", ("json",))


def test_report_package_never_imports_spacy_or_extraction():
    root = Path(__file__).parent.parent / "factcheck" / "report"
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(spacy|factcheck\.extract|factcheck\.nlp)", source, re.M), path
