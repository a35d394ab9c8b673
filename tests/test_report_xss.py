"""Hostile articles (tests/data/hostile/) render as text: no markup, no script, no javascript: link."""
from __future__ import annotations

import json
import re

from factcheck.report import claims_csv, render_html, report_json
from factcheck.report.render import script_json
from report_fixtures import HOSTILE_DIR, hostile_report, parse_tags, unpack

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</script><script>window.__pwned=1</script>",
            "<svg onload=alert(1)>", "<iframe", "<object", "<style>body")


def test_hostile_corpus_is_there():
    names = sorted(p.name for p in HOSTILE_DIR.iterdir())
    assert len(names) >= 5 and "sources.yaml" in names
    assert len(hostile_report().articles) == 4


def test_no_payload_survives_as_markup():
    html = render_html(hostile_report())
    for payload in PAYLOADS:
        assert payload not in html, payload
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_story_titles_basis_and_near_miss_reasons_are_text():
    html = render_html(hostile_report())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; story &lt;/script&gt;&lt;script&gt;window.__pwned=1" in html
    assert "&lt;img src=x onerror=alert(1)&gt; grouped" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; near" in html and "&lt;style&gt;body{display:none}" in html
    assert "&lt;iframe src=x&gt;" in html.lower()
    data = unpack(json.loads(parse_tags(html).scripts[0]))
    assert data["stories"][0]["title"].startswith("<script>alert(1)</script> story")
    assert {n["reason"] for n in data["cards"][0]["near"]} == {"<script>alert(1)</script> near", "<style>body{display:none}</style>"}
    assert data["corrections"][0]["why"] == "<b>why</b>\n\"q\""


def test_only_our_two_scripts_and_no_event_handlers():
    html = render_html(hostile_report(), training=True)
    parsed = parse_tags(html)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "fc-data"}, {}]
    assert [tag for tag, _ in parsed.tags].count("style") == 1
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "object", "embed", "link", "base", "object"), tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "autofocus" not in attrs and "src" not in attrs, (tag, attrs)


def test_links_are_fragments_or_http():
    for tag, attrs in parse_tags(render_html(hostile_report())).tags:
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#") or re.match(r"https?://", href), href
            assert "javascript" not in href.lower()


def test_http_url_with_quotes_stays_inside_its_attribute():
    links = [attrs for tag, attrs in parse_tags(render_html(hostile_report())).tags
             if tag == "a" and (attrs.get("href") or "").startswith("http")]
    assert [a["href"] for a in links] == ['https://example.org/x"><script>alert(1)</script>']
    assert links[0]["rel"] == "noopener noreferrer nofollow"


def test_javascript_urls_are_shown_as_text_only():
    html = render_html(hostile_report())
    assert '<span class="unsafe-url">javascript:alert(1)</span>' in html


def test_embedded_json_cannot_close_its_script_and_round_trips():
    parsed = parse_tags(render_html(hostile_report()))
    data = unpack(json.loads(parsed.scripts[0]))
    text = json.dumps(data)
    assert "</script><script>window.__pwned=1</script>" in text
    assert "<" not in parsed.scripts[0] and ">" not in parsed.scripts[0]
    assert str(script_json({"a": "</script>\u2028&"})) == '{"a":"\\u003c/script\\u003e\\u2028\\u0026"}'


def test_template_syntax_in_text_is_not_evaluated():
    html = render_html(hostile_report())
    assert "{{ 7*7 }}" in html and "{{ config }}" in html and "{% raw %}" in html


def test_json_and_csv_keep_the_text_as_written():
    report = hostile_report()
    assert "<script>alert(1)</script>" in json.loads(report_json(report))["claims"][0]["subject"]
    assert "<img src=x onerror=alert(1)> 12" in claims_csv(report)


def test_articles_read_by_the_loader_render_as_text():
    from factcheck.articles import load_articles
    from factcheck.models import Article, Report
    from factcheck.ruleset import load_ruleset

    articles = tuple(a for a in load_articles([HOSTILE_DIR], load_ruleset(None)) if isinstance(a, Article))
    assert len(articles) == 4
    html = render_html(Report(articles=articles, claims=(), groups=(), relations=(), generated="x", version="1"))
    for payload in PAYLOADS:
        assert payload not in html, payload
    for tag, attrs in parse_tags(html).tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#") or href.startswith("https://example.org/"), href
