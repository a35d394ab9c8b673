"""Stories as the spine of the page: each story's groups in reading order, the stories most urgent first."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from factcheck.models import Report, Story
from factcheck.report import fmt

if TYPE_CHECKING:
    from factcheck.report.view import Card

ALL_STORY = "s-all"
OTHER_STORY = "s-other"
VERDICT_RANK = {"conflict": 0, "evolving": 1, "consistent": 2, "single": 3}


@dataclass(frozen=True)
class SeriesNow:
    """The latest figure of one running series in a story."""

    card: str  # card anchor
    title: str
    figure: str
    day: str


@dataclass(frozen=True)
class StoryView:
    """One story: its title, dates and coverage, its findings, and its groups in reading order."""

    id: str
    anchor: str
    title: str
    dates: str
    first: str
    last: str
    articles: int
    outlets: int
    groups: int
    conflicts: int
    open: int  # conflicts no editor has decided on
    evolving: int
    consistent: int
    singles: int
    cards: tuple[str, ...]  # card ids: conflicts by severity, evolving, consistent, then figures reported once
    series: tuple[str, ...]  # ids of the cards drawn as a figure-by-date chart
    latest: tuple[SeriesNow, ...]
    urgency: float
    order: int = 0


@dataclass(frozen=True)
class Attention:
    """One finding that needs an editor, ranked by severity and confidence."""

    card: str  # card id
    anchor: str
    title: str
    story: str  # story id
    story_title: str
    severity_text: str
    band: str
    kind_label: str
    confidence: float
    score: float


def _fallback(report: Report, cards: tuple[Card, ...]) -> Story:
    """Return one story holding everything, titled from the corpus: its main place and its dates."""
    dates = sorted(a.published for a in report.articles if a.published)
    places = Counter(c.place for c in cards if c.place)
    title = "All articles"
    if places:
        top = places.most_common(1)[0][0]
        title = top if len(places) == 1 else f"{top} and elsewhere"
    if dates:
        title += f", {fmt.date_range(dates[0], dates[-1])}"
    return Story(id=ALL_STORY, title=title, articles=tuple(sorted(a.doc for a in report.articles)),
                 groups=tuple(c.id for c in cards), first=dates[0] if dates else None, last=dates[-1] if dates else None)


def _resolve(report: Report, cards: tuple[Card, ...]) -> tuple[list[Story], dict[str, str]]:
    """Return the stories to show and the story of every card (leftover groups go to "Other figures")."""
    if not report.stories:
        story = _fallback(report, cards)
        return [story], {c.id: story.id for c in cards}
    known = {c.id for c in cards}
    story_of: dict[str, str] = {}
    stories = sorted(report.stories, key=lambda s: s.id)
    for s in stories:
        for gid in s.groups:
            if gid in known:
                story_of.setdefault(gid, s.id)
    ids = {s.id for s in stories}
    for c in cards:
        if c.id not in story_of and c.story in ids:
            story_of[c.id] = c.story
    left = [c.id for c in cards if c.id not in story_of]
    if left:
        stories.append(Story(id=OTHER_STORY, title="Other figures", articles=(), groups=tuple(left)))
        story_of.update({gid: OTHER_STORY for gid in left})
    return stories, story_of


def _view(story: Story, cards: list[Card], outlet_of: dict[str, str], docs: list[str]) -> StoryView:
    """Build one story's view from its cards (already in display order)."""
    cards = sorted(cards, key=lambda c: (VERDICT_RANK.get(c.verdict, 9), c.order))
    verdicts = Counter(c.verdict for c in cards)
    opened = [c for c in cards if c.open]
    dated = sorted(d for d in (story.first, story.last) if d)
    series = [c for c in cards if c.series is not None]
    latest = tuple(SeriesNow(c.anchor, c.headline, c.now[0], c.now[1]) for c in cards if c.now)
    return StoryView(
        id=story.id, anchor=f"story-{story.id}", title=story.title or story.id,
        dates=fmt.date_range(dated[0], dated[-1]) if dated else "undated",
        first=dated[0] if dated else "", last=dated[-1] if dated else "", articles=len(docs),
        outlets=len({outlet_of[d] for d in docs if outlet_of.get(d)}), groups=len(cards),
        conflicts=verdicts.get("conflict", 0), open=len(opened), evolving=verdicts.get("evolving", 0),
        consistent=verdicts.get("consistent", 0), singles=verdicts.get("single", 0),
        cards=tuple(c.id for c in cards), series=tuple(c.id for c in series), latest=latest,
        urgency=round(sum(c.severity * c.confidence for c in opened), 6),
    )


def _docs(story: Story, cards: list[Card], doc_of_row: dict[str, str]) -> list[str]:
    """Return the articles of a story: those it names, else those its claims come from."""
    if story.articles:
        return sorted(set(story.articles))
    return sorted({doc_of_row[r.id] for c in cards for r in c.rows if r.id in doc_of_row})


def build_stories(report: Report, cards: tuple[Card, ...]) -> tuple[tuple[StoryView, ...], tuple[Card, ...]]:
    """Return the stories, most urgent first, and the cards with their story set."""
    stories, story_of = _resolve(report, cards)
    cards = tuple(c if c.story == story_of[c.id] else replace(c, story=story_of[c.id]) for c in cards)
    members: dict[str, list[Card]] = {}
    for c in cards:
        members.setdefault(c.story, []).append(c)
    outlet_of = {a.doc: a.outlet or "" for a in report.articles}
    doc_of_row = {r.id: r.doc for c in cards for r in c.rows}
    views = [_view(s, members.get(s.id, []), outlet_of, _docs(s, members.get(s.id, []), doc_of_row)) for s in stories]
    views.sort(key=lambda v: (v.title, v.id))
    views.sort(key=lambda v: v.last, reverse=True)
    views.sort(key=lambda v: (-v.urgency, -v.open, -v.conflicts, -v.evolving, -v.groups))
    return tuple(replace(v, order=i) for i, v in enumerate(views)), cards


def attention(cards: tuple[Card, ...], stories: tuple[StoryView, ...]) -> tuple[Attention, ...]:
    """Return the open conflicts, ranked: the widest gaps the extractor is surest of first."""
    titles = {s.id: s.title for s in stories}
    out = [Attention(c.id, c.anchor, c.headline, c.story, titles.get(c.story, ""),
                     c.severity_text, c.severity_band, c.kind_label, c.confidence, round(c.severity * c.confidence, 6))
           for c in cards if c.open]
    out.sort(key=lambda a: (-a.score, -a.confidence, a.card))
    return tuple(out)
