"""The report organised by story: story order and fallbacks, story sections, triage, confidence, corrections data."""
from __future__ import annotations

import json
from dataclasses import replace

from factcheck.models import Story
from factcheck.report import render_html, report_json
from factcheck.report.stories import ALL_STORY, OTHER_STORY
from factcheck.report.view import PAGE_SIZE, build_page
from report_fixtures import large_report, parse_tags, small_report, story_report, unpack


def page_data(html: str) -> dict:
    """Return the JSON the page script reads."""
    return unpack(json.loads(parse_tags(html).scripts[0]))


def section(html: str, start: str, end: str) -> str:
    """Return the HTML between two section ids."""
    return html[html.index(f'id="{start}"'):html.index(f'id="{end}"')]


def test_the_page_shows_every_story_title_of_report_json():
    report = story_report()
    html = render_html(report)
    titles = [s["title"] for s in json.loads(report_json(report))["stories"]]
    assert len(titles) == 3
    overview = section(html, "overview", "groups")
    for title in titles:
        assert title in overview
        assert "<h3 id=\"story-" in html and title in section(html, "groups", "relations")


def test_stories_come_most_urgent_first():
    page = build_page(story_report())
    assert [s.id for s in page.stories] == ["s-quake", "s-idlib", "s-sudan"]
    quake, idlib, sudan = page.stories
    assert (quake.open, idlib.open, sudan.open) == (1, 1, 0)
    assert quake.urgency == 0.5 and idlib.urgency == 0.096  # severity 0.12 at confidence 0.8
    assert idlib.dates == "17–28 Feb 2020" and idlib.articles == 4 and idlib.outlets == 3


def test_within_a_story_conflicts_come_first_then_evolving_then_consistent_then_singles():
    idlib = next(s for s in build_page(story_report()).stories if s.id == "s-idlib")
    assert idlib.cards == ("g-strike", "g-displaced", "g-cold", "g-open", "g-sunday")
    assert idlib.singles == 3 and idlib.series == ("g-displaced",)
    assert [(n.figure, n.day) for n in idlib.latest] == [("950,000", "2020-02-28")]


def test_a_report_without_stories_is_one_story_titled_from_the_corpus():
    page = build_page(small_report())
    assert len(page.stories) == 1 and page.stories[0].id == ALL_STORY
    assert page.stories[0].title == "Syria and elsewhere, 20 Feb 2020 – 14 Feb 2023"
    assert {c.story for c in page.cards} == {ALL_STORY}
    assert page.stories[0].groups == 5 and page.stories[0].articles == 3


def test_groups_no_story_names_go_to_other_figures():
    report = story_report()
    first = report.stories[0]
    report = replace(report, stories=(replace(first, groups=first.groups[:1]), *report.stories[1:]),
                     groups=tuple(replace(g, story="") if g.story == "s-idlib" else g for g in report.groups))
    page = build_page(report)
    other = next(s for s in page.stories if s.id == OTHER_STORY)
    assert other.title == "Other figures" and other.groups == 4
    assert sum(s.groups for s in page.stories) == len(report.groups)


def test_groups_lacking_series_get_one_from_their_dated_claims_when_evolving():
    card = next(c for c in build_page(small_report()).cards if c.id == "g-evolving")
    assert card.series is not None and card.now == ("950,000", "2020-02-24")
    story = replace(story_report(), groups=tuple(replace(g, series=()) for g in story_report().groups))
    quake = next(c for c in build_page(story).cards if c.id == "g-quake")
    assert quake.series is not None and len(quake.series.marks) == 3


def test_needs_attention_ranks_open_conflicts_by_severity_and_confidence():
    page = build_page(story_report())
    assert [a.card for a in page.attention] == ["g-injured", "g-strike"]
    reviewed = build_page(story_report(reviews={"g-injured": {"decision": "explained", "note": "", "by": "ed"}}))
    assert [a.card for a in reviewed.attention] == ["g-strike"]
    assert reviewed.stories[0].id == "s-idlib"  # the reviewed conflict is no longer urgent


def test_story_sections_show_series_basis_near_misses_and_fold_singles():
    html = render_html(story_report())
    stories = section(html, "groups", "relations")
    assert stories.index('id="story-s-quake"') < stories.index('id="story-s-idlib"') < stories.index('id="story-s-sudan"')
    idlib = stories[stories.index('id="story-s-idlib"'):stories.index('id="story-s-sudan"')]
    assert idlib.index('id="card-g-strike"') < idlib.index('id="card-g-displaced"') < idlib.index("3 figures reported once")
    assert 'class="schart"' in idlib and ">People displaced in Northwest Syria</a></figcaption>" in idlib
    assert ('aria-label="People displaced in Northwest Syria: from 800,000 on 2020-02-17 to 950,000 on 2020-02-28; '
            '4 reports from 3 sources"') in idlib
    assert "The figures as a table" in idlib and "local council" in idlib
    assert "Why grouped:" in idlib and "Time: incident 2020-02-27" in idlib
    assert "1 near miss: left out, and why" in idlib and "different population: people, not Turkish soldiers" in idlib


def test_low_confidence_claims_are_greyed_with_what_is_unsure():
    html = render_html(story_report())
    assert 'class="single-fig unsure" id="row-s7"' in html
    assert "unsure of place 0.2, date 0.4" in html
    assert section(html, "overview", "glossary").count("unsure of") == 1


def test_corpus_details_have_their_own_section():
    html = render_html(small_report())
    overview, corpus = section(html, "overview", "groups"), section(html, "corpus", "glossary")
    assert 'id="outlets-h"' not in overview and "Page furniture left out" not in overview and "Skipped files" not in overview
    assert "Outlets" in corpus and "Page furniture left out" in corpus and "articles/broken.pdf" in corpus
    assert 'href="#corpus"' in overview


def test_page_data_carries_stories_attention_and_corrections():
    same = [{"claims": ["s6", "s8"], "why": "one strike", "by": "ed"}, {"claims": ["only-one"]}, "junk"]
    data = page_data(render_html(story_report(same=same)))
    assert [s["id"] for s in data["stories"]] == ["s-quake", "s-idlib", "s-sudan"]
    assert data["stories"][1]["cards"][0] == "g-strike"
    assert data["attention"] == ["g-injured", "g-strike"]
    assert data["corrections"] == [{"kind": "same", "claims": ["s6", "s8"], "why": "one strike", "by": "ed"}]
    assert data["storyPage"] >= 1


def test_a_large_report_draws_one_page_of_stories_and_embeds_the_rest():
    html = render_html(large_report(300))
    data = page_data(html)
    assert len(data["cards"]) == 300 and html.count('<article class="card') == PAGE_SIZE
    many = replace(story_report(), stories=tuple(Story(id=f"s-{i:02d}", title=f"Story {i}", articles=(), groups=())
                                                 for i in range(30)) + story_report().stories)
    html = render_html(many)
    assert html.count('<section class="story"') == build_page(many).story_page
    assert html.count("<tr><td><a href=\"#story-") == build_page(many).stories_listed
    assert len(page_data(html)["stories"]) == 33


def test_corrections_the_run_applied_and_stale_ones_are_carried_to_the_page():
    links = [{"kind": "apart", "claims": ["s6", "s8", "s2"], "why": "three strikes", "by": "ed"},
             {"kind": "other", "claims": ["a", "b"]}]
    report = story_report(links=links, stale_links=[{"kind": "same", "claims": ["c-gone", "s2"], "why": ""}])
    page = build_page(report)
    assert page.corrections == ({"kind": "apart", "claims": ["s6", "s8", "s2"], "why": "three strikes", "by": "ed"},)
    html = render_html(report)
    assert "1 stale correction" in html and "<code>[[same]] c-gone, s2</code>" in html
    assert "stale correction" not in render_html(story_report())
