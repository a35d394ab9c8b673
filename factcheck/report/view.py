"""View models: everything the page shows, computed once from a Report, sorted and formatted."""
from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from factcheck.models import Article, Claim, Group, Relation, Report
from factcheck.report import charts, fmt
from factcheck.report.stories import Attention, StoryView, attention, build_stories
from factcheck.review import DECISIONS, REVIEW_KEYS

PAGE_SIZE = 20  # cards drawn at once in one story before "Show more"
STORY_PAGE = 5  # story sections drawn at once
STORIES_LISTED = 12  # rows of the story table drawn before "Show all stories"
ATTENTION_LISTED = 10  # findings listed before "Show all"
ARTICLES_SHOWN = 10  # articles drawn at once; the rest are drawn from the embedded data when asked for
VERDICT_ORDER = {"conflict": 0, "evolving": 1, "consistent": 2, "single": 3}


@dataclass(frozen=True)
class ClaimRow:
    """One claim as a row of a group card."""

    id: str
    row_anchor: str
    article_anchor: str
    doc: str
    outlet: str
    published: str
    source: str
    number_text: str
    interval: str
    hedge: str
    as_of: str
    before: str
    figure: str
    after: str
    rules: str
    unsure: str = ""  # attributes the extractor is unsure of ("place 0.3"), greyed out in the page


@dataclass(frozen=True)
class Latest:
    """The latest figure one source gave."""

    source: str
    number_text: str
    as_of: str
    claim_anchor: str


@dataclass(frozen=True)
class NearMiss:
    """A claim of the same story and category left out of a group, and why."""

    claim: str
    anchor: str
    text: str  # the figure as written, with outlet and date
    reason: str


@dataclass(frozen=True)
class Review:
    """An editor's decision on a group."""

    decision: str
    note: str
    by: str


@dataclass(frozen=True)
class Card:
    """One group card."""

    id: str
    anchor: str
    verdict: str
    verdict_label: str
    kind: str
    kind_label: str
    severity: float
    severity_text: str
    severity_band: str
    category: str
    title: str
    place: str
    explanation: str
    rule: str
    rows: tuple[ClaimRow, ...]
    low: str
    best: str
    high: str
    conservative: str
    independent_sources: int
    latest: tuple[Latest, ...]
    chart: charts.IntervalChart | None
    series: charts.SeriesChart | None
    review: Review | None
    diff: str
    outlets: tuple[str, ...]
    order: int
    training_order: int
    story: str = ""
    basis: tuple[tuple[str, str], ...] = ()  # (what, how) pairs: population, place, time
    basis_text: str = ""
    near: tuple[NearMiss, ...] = ()
    confidence: float = 1.0  # the lowest confidence of any attribute of any claim
    open: bool = False  # a conflict no editor has decided on yet
    now: tuple[str, ...] = ()  # the latest figure of the series and its reporting date
    headline: str = ""  # what is counted, how and where: "People displaced in Northwest Syria"


@dataclass(frozen=True)
class Segment:
    """A run of article text: plain, a claim (linked to its card) or dropped furniture."""

    text: str
    kind: str  # text | claim | dropped
    claim: str = ""
    card: str = ""
    verdict: str = ""
    reason: str = ""
    first: bool = False

    @property
    def label(self) -> str:
        """Return the furniture rule without its "furniture." prefix."""
        return self.reason.removeprefix("furniture.")


@dataclass(frozen=True)
class ArticleClaim:
    """One claim listed beside its article: the figure, its interval and its group."""

    claim: str
    card: str
    number_text: str
    interval: str
    category: str
    verdict: str
    verdict_label: str


@dataclass(frozen=True)
class ArticleView:
    """One article with its claims and dropped furniture marked."""

    doc: str
    anchor: str
    title: str
    outlet: str
    published: str
    url: str | None
    url_text: str
    path: str
    inferred: str
    claims: int
    dropped: int
    segments: tuple[Segment, ...]
    listed: tuple[ArticleClaim, ...] = ()


@dataclass(frozen=True)
class RelationView:
    """Arithmetic asserted by the text, with the sum written out."""

    id: str
    kind: str
    holds: bool
    arithmetic: str
    explanation: str
    parts: tuple[tuple[str, str, str], ...]  # (article anchor, quote, outlet)


@dataclass(frozen=True)
class Page:
    """The whole page."""

    title: str
    generated: str
    version: str
    training: bool
    counts: dict[str, int]
    verdicts: tuple[tuple[str, str, int], ...]
    kinds: tuple[tuple[str, str, int], ...]
    bands: tuple[tuple[str, int], ...]
    outlets: tuple[tuple[str, int, str], ...]
    skipped: tuple[tuple[str, str, str], ...]
    dropped: tuple[tuple[str, str, int, str], ...]
    cards: tuple[Card, ...]
    relations: tuple[RelationView, ...]
    articles: tuple[ArticleView, ...]
    categories: tuple[str, ...]
    outlet_names: tuple[str, ...]
    diff: dict[str, Any] | None
    stale_reviews: tuple[str, ...]
    page_size: int
    reviews: dict[str, dict[str, str]]
    identity: str
    stories: tuple[StoryView, ...] = ()
    attention: tuple[Attention, ...] = ()
    card_by_id: dict[str, Card] = field(default_factory=dict)
    corrections: tuple[dict[str, Any], ...] = ()  # [[same]] / [[apart]] corrections the report carries
    stale_links: tuple[str, ...] = ()
    single_ids: frozenset[str] = frozenset()
    story_page: int = STORY_PAGE
    stories_listed: int = STORIES_LISTED
    attention_listed: int = ATTENTION_LISTED
    articles_shown: int = ARTICLES_SHOWN
    decisions: tuple[str, ...] = DECISIONS


def _text(value: Any) -> str:
    """Return a value as display text ("" for None)."""
    return "" if value is None else str(value)


def split_sentence(claim: Claim, article: Article | None) -> tuple[str, str, str]:
    """Return the sentence cut into (before, figure, after) around the claim's number."""
    sent = claim.sentence or ""
    rel, length = claim.start - claim.sentence_start, claim.end - claim.start
    if article is not None and 0 <= rel and rel + length <= len(sent) and length > 0 \
            and sent[rel:rel + length] == article.text[claim.start:claim.end]:
        return sent[:rel], sent[rel:rel + length], sent[rel + length:]
    at = sent.find(claim.number_text) if claim.number_text else -1
    if at < 0:
        at = sent.lower().find(claim.number_text.lower()) if claim.number_text else -1
    if at < 0:
        return sent, "", ""
    end = at + len(claim.number_text)
    return sent[:at], sent[at:end], sent[end:]


def _num(value: Any) -> float | None:
    """Return a finite float or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _summary_text(value: Any) -> str:
    """Format one summary figure."""
    num = _num(value)
    return fmt.number(num) if num is not None else "—"


def _row(claim: Claim, article: Article | None) -> ClaimRow:
    """Build the card row of one claim."""
    before, figure, after = split_sentence(claim, article)
    return ClaimRow(
        id=claim.id, row_anchor=f"row-{claim.id}", article_anchor=f"claim-{claim.id}", doc=claim.doc,
        outlet=_text(claim.outlet), published=_text(claim.published), source=_text(claim.source),
        number_text=claim.number_text, interval=fmt.interval(claim.low, claim.high, claim.hedge),
        hedge=fmt.HEDGE_LABELS.get(claim.hedge, claim.hedge), as_of=_text(claim.as_of),
        before=before, figure=figure, after=after, rules=", ".join(claim.rules), unsure=fmt.unsure(claim.confidence),
    )


def _latest(summary: dict[str, Any]) -> tuple[Latest, ...]:
    """Return the latest figure per source, sorted by source."""
    raw = summary.get("latest_by_source") or {}
    if not isinstance(raw, dict):
        return ()
    out = []
    for source in sorted(raw, key=str):
        item = raw[source] if isinstance(raw[source], dict) else {}
        text = _text(item.get("number_text")) or _summary_text(item.get("value"))
        out.append(Latest(str(source), text, _text(item.get("as_of")), f"row-{_text(item.get('claim'))}"))
    return tuple(out)


def _chart(claims: list[Claim]) -> charts.IntervalChart | None:
    """Lay out the interval chart of a group."""
    rows = []
    for c in claims:
        label = " · ".join(x for x in (c.outlet or c.doc, c.as_of or c.published or "") if x)
        rows.append((c.id, label, _num(c.low), _num(c.high), _num(c.value), fmt.interval(c.low, c.high, c.hedge)))
    return charts.interval_chart(rows)


def _series_line(group: Group, claims: list[Claim]) -> list[tuple[str, float]]:
    """Return the (date, figure) points of a group's series, or of its dated claims when a running count has none."""
    line = []
    for point in group.series:
        if not isinstance(point, dict):
            continue
        fig = _num(point.get("value"))
        if fig is None:
            low, high = _num(point.get("low")), _num(point.get("high"))
            fig = (low + high) / 2 if low is not None and high is not None else (low if low is not None else high)
        if fig is not None and isinstance(point.get("as_of"), str):
            line.append((point["as_of"], fig))
    if line or not (group.verdict == "evolving" or group.kind == "regression"):
        return line
    best: dict[str, float] = {}
    for c in claims:
        fig = _num(c.value) if c.value is not None else _num(c.low if c.low is not None else c.high)
        if fig is not None and c.as_of:
            best[c.as_of] = max(fig, best.get(c.as_of, fig))
    return sorted(best.items())


def _series_claims(group: Group, claims: list[Claim]) -> list[tuple[str, Claim]]:
    """Return (reporting date, claim) for every claim of the series, or every dated claim of the group."""
    by_id = {c.id: c for c in claims}
    out = [(p["as_of"], by_id[cid]) for p in group.series if isinstance(p, dict) and isinstance(p.get("as_of"), str)
           for cid in p.get("claims") or () if cid in by_id]
    return out or [(c.as_of, c) for c in claims if c.as_of]


def _series(group: Group, claims: list[Claim], title: str) -> charts.SeriesChart | None:
    """Lay out the figure-by-reporting-date chart of a group whose figure was reported on two dates or more."""
    line = _series_line(group, claims)
    if len(line) < 2:
        return None
    marks = [charts.SeriesInput(c.id, day, c.source or c.outlet or c.doc, _num(c.low), _num(c.high), _num(c.value),
                                f"{c.outlet or c.doc}, {c.source or 'no source'}, {day}: {c.number_text}",
                                c.outlet or c.doc, c.number_text, fmt.interval(c.low, c.high, c.hedge))
             for day, c in _series_claims(group, claims)]
    span = f"from {fmt.number(line[0][1])} on {line[0][0]} to {fmt.number(line[-1][1])} on {line[-1][0]}"
    sources = len({m.key for m in marks})
    label = f"{title}: {span}; {fmt.plural(len(marks), 'report')} from {fmt.plural(sources, 'source')}"
    return charts.series_chart(line, marks, label)


def _now(group: Group, claims: list[Claim]) -> tuple[str, ...]:
    """Return the latest figure of a group's series and its date, or () when it has no series."""
    line = _series_line(group, claims)
    if len(line) < 2:
        return ()
    last = next((p for p in reversed(group.series) if isinstance(p, dict) and p.get("as_of") == line[-1][0]), None)
    if last is not None and _num(last.get("value")) is None:
        return fmt.interval(_num(last.get("low")), _num(last.get("high"))), line[-1][0]
    return fmt.number(line[-1][1]), line[-1][0]


def _basis(group: Group) -> tuple[tuple[str, str], ...]:
    """Return why the claims are one quantity, as (what, how) pairs: population, place, time."""
    raw = group.basis if isinstance(group.basis, dict) else {}
    out = []
    for key, label in (("population", "Population"), ("place", "Place"), ("time", "Time")):
        value = raw.get(key)
        if value not in (None, ""):
            text = str(value) if key == "time" else fmt.humanise(str(value))
            out.append((label, text.title() if key == "place" else text))
    return tuple(out)


def _near(group: Group, by_id: dict[str, Claim]) -> tuple[NearMiss, ...]:
    """Return the near misses of a group: claims left out, with the figure and why."""
    out = []
    for item in group.near_misses:
        if not isinstance(item, dict):
            continue
        cid = _text(item.get("claim"))
        c = by_id.get(cid)
        what = f"{c.number_text} ({c.outlet or c.doc}{', ' + c.published if c.published else ''})" if c else cid
        out.append(NearMiss(cid, f"row-{cid}", what, _text(item.get("reason"))))
    return tuple(sorted(out, key=lambda n: (n.claim, n.reason)))


def _confidence(claims: list[Claim]) -> float:
    """Return the lowest confidence of any attribute of any claim (1 when none is given)."""
    values = [v for c in claims if isinstance(c.confidence, dict) for v in c.confidence.values()
              if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return round(min(values, default=1.0), 3)


def _title(group: Group, claims: list[Claim]) -> str:
    """Return the card heading: what is counted, and where."""
    subject = fmt.humanise(group.subject_key) or next((c.subject for c in claims if c.subject), "") or ""
    subject = subject or group.category
    return subject[:1].upper() + subject[1:]


def _review(report: Report, gid: str) -> Review | None:
    """Return the editor's review of a group, when the report carries one."""
    reviews = report.extras.get("reviews")
    item = reviews.get(gid) if isinstance(reviews, dict) else None
    if not isinstance(item, dict):
        return None
    return Review(_text(item.get("decision")), _text(item.get("note")), _text(item.get("by")))


def _diff_tag(report: Report, gid: str) -> str:
    """Return "new" or "changed" when the baseline diff marks the group."""
    diff = report.extras.get("diff")
    if not isinstance(diff, dict):
        return ""
    for tag in ("new", "changed"):
        if any(_diff_item(x, tag)[0] == gid for x in (diff.get(tag) or ())):
            return tag
    return ""


def claim_sort_key(claim: Claim) -> tuple[str, str, str, str, int]:
    """Order claims by date, outlet, article, position."""
    return (claim.as_of or claim.published or "", claim.published or "", claim.outlet or "", claim.doc, claim.start)


def _card(report: Report, group: Group, claims: list[Claim], articles: dict[str, Article],
          by_id: dict[str, Claim]) -> Card:
    """Build one group card."""
    claims = sorted(claims, key=claim_sort_key)
    summary = group.summary if isinstance(group.summary, dict) else {}
    rows = tuple(_row(c, articles.get(c.doc)) for c in claims)
    outlets = tuple(sorted({c.outlet for c in claims if c.outlet}))
    indep = summary.get("independent_sources")
    title = _title(group, claims)
    place = fmt.humanise(group.place).title()
    headline = f"{title}{'' if group.category == 'other' else ' ' + group.category}{' in ' + place if place else ''}"
    review = _review(report, group.id)
    basis = group.basis if isinstance(group.basis, dict) else {}
    return Card(
        id=group.id, anchor=f"card-{group.id}", verdict=group.verdict,
        verdict_label=fmt.VERDICT_LABELS.get(group.verdict, group.verdict), kind=group.kind or "",
        kind_label=fmt.KIND_LABELS.get(group.kind or "", group.kind or ""), severity=group.severity,
        severity_text=fmt.severity(group.severity), severity_band=fmt.severity_band(group.severity),
        category=group.category, title=title, place=place,
        explanation=group.explanation, rule=group.rule, rows=rows,
        low=_summary_text(summary.get("low")), best=_summary_text(summary.get("best")),
        high=_summary_text(summary.get("high")), conservative=_summary_text(summary.get("conservative")),
        independent_sources=indep if isinstance(indep, int) and not isinstance(indep, bool) else 0,
        latest=_latest(summary), chart=_chart(claims), series=_series(group, claims, headline),
        review=review, diff=_diff_tag(report, group.id), outlets=outlets,
        order=0, training_order=0, story=group.story,
        basis=_basis(group), basis_text=_text(basis.get("text")), near=_near(group, by_id),
        confidence=_confidence(claims), open=group.verdict == "conflict" and not (review and review.decision),
        now=_now(group, claims), headline=headline,
    )


def card_sort_key(card: Card) -> tuple[int, float, int, str]:
    """Order cards: conflicts by severity, then evolving, consistent, singles."""
    return (VERDICT_ORDER.get(card.verdict, 9), -card.severity, -len(card.rows), card.id)


def build_cards(report: Report) -> tuple[Card, ...]:
    """Build every group card in display order, with the neutral training order alongside."""
    by_id = {c.id: c for c in report.claims}
    articles = {a.doc: a for a in report.articles}
    cards = [_card(report, g, [by_id[c] for c in g.claims if c in by_id], articles, by_id) for g in report.groups]
    cards.sort(key=card_sort_key)
    neutral = sorted(range(len(cards)), key=lambda i: (cards[i].verdict == "single", cards[i].category, cards[i].id))
    rank = {idx: pos for pos, idx in enumerate(neutral)}
    return tuple(replace(card, order=i, training_order=rank[i]) for i, card in enumerate(cards))


def _covering(spans: list[tuple[int, int, Any]], starts: list[int], s: int, e: int) -> Any:
    """Return the payload of a span covering [s, e), looking back a few spans from the last start <= s."""
    i = bisect.bisect_right(starts, s) - 1
    for j in range(i, max(i - 8, -1), -1):
        if spans[j][0] <= s and e <= spans[j][1]:
            return spans[j][2]
    return None


def _segments(article: Article, claims: list[Claim], card_of: dict[str, str], verdict_of: dict[str, str]) -> tuple[Segment, ...]:
    """Cut the article text into plain, claim and dropped runs."""
    text = article.text
    spans = sorted(((c.start, c.end, c) for c in claims if 0 <= c.start < c.end <= len(text)),
                   key=lambda t: (t[0], t[1], t[2].id))
    drops = sorted((d.start, d.end, d.reason) for d in article.dropped if 0 <= d.start < d.end <= len(text))
    points = sorted({0, len(text), *(x for s, e, _ in spans for x in (s, e)), *(x for s, e, _ in drops for x in (s, e))})
    span_starts, drop_starts = [t[0] for t in spans], [t[0] for t in drops]
    out: list[Segment] = []
    seen: set[str] = set()
    for s, e in pairwise(points):
        claim = _covering(spans, span_starts, s, e)
        reason = _covering(drops, drop_starts, s, e)
        if claim is not None:
            out.append(Segment(text[s:e], "claim", claim.id, card_of.get(claim.id, ""),
                               verdict_of.get(claim.id, ""), "", claim.id not in seen))
            seen.add(claim.id)
        elif out and out[-1].kind == ("dropped" if reason is not None else "text") and out[-1].reason == (reason or ""):
            out[-1] = replace(out[-1], text=out[-1].text + text[s:e])
        elif reason is not None:
            out.append(Segment(text[s:e], "dropped", reason=reason))
        else:
            out.append(Segment(text[s:e], "text"))
    return tuple(out)


def build_articles(report: Report) -> tuple[ArticleView, ...]:
    """Build the article view: every article's text with claims and furniture marked."""
    card_of, verdict_of = {}, {}
    for g in report.groups:
        for cid in g.claims:
            card_of[cid], verdict_of[cid] = f"card-{g.id}", g.verdict
    claims_by_doc: dict[str, list[Claim]] = {}
    for c in report.claims:
        claims_by_doc.setdefault(c.doc, []).append(c)
    out = []
    for a in sorted(report.articles, key=lambda a: a.doc):
        claims = sorted(claims_by_doc.get(a.doc, []), key=lambda c: (c.start, c.end, c.id))
        url = fmt.safe_url(a.url)
        out.append(ArticleView(
            doc=a.doc, anchor=f"art-{a.doc}", title=a.title or a.doc, outlet=_text(a.outlet),
            published=_text(a.published), url=url, url_text=_text(a.url), path=a.path,
            inferred=", ".join(a.inferred), claims=len(claims), dropped=len(a.dropped),
            segments=_segments(a, claims, card_of, verdict_of),
            listed=tuple(ArticleClaim(c.id, card_of.get(c.id, ""), c.number_text, fmt.interval(c.low, c.high, c.hedge),
                                      c.category, verdict_of.get(c.id, ""),
                                      fmt.VERDICT_LABELS.get(verdict_of.get(c.id, ""), "Not grouped"))
                         for c in claims),
        ))
    return tuple(out)


def _figure(claim: Claim | None) -> str:
    """Return a claim's figure for arithmetic: the number, else its interval."""
    if claim is None:
        return "?"
    if claim.value is not None:
        return fmt.number(claim.value)
    return fmt.interval(claim.low, claim.high, claim.hedge)


def _arithmetic(rel: Relation, by_id: dict[str, Claim]) -> str:
    """Write the arithmetic out: "3,167 + 1,414 = 4,581 ✓"."""
    parts = [by_id.get(p) for p in rel.parts]
    total = by_id.get(rel.total)
    mark = "✓" if rel.holds else "✗"
    if rel.kind == "subset":
        return f"{_figure(parts[0] if parts else None)} ≤ {_figure(total)} {mark}"
    values = [_num(p.value) if p else None for p in parts]
    lhs = " + ".join(_figure(p) for p in parts)
    if all(v is not None for v in values) and total is not None and total.value is not None:
        computed = fmt.number(sum(v for v in values if v is not None))
        stated = _figure(total)
        if computed == stated:
            return f"{lhs} = {stated} {mark}"
        return f"{lhs} = {computed}, stated {stated} {mark}"
    return f"{lhs} = {_figure(total)} {mark}"


def build_relations(report: Report) -> tuple[RelationView, ...]:
    """Build the relations list, failures first."""
    by_id = {c.id: c for c in report.claims}
    out = []
    for rel in sorted(report.relations, key=lambda r: (r.holds, r.kind, r.id)):
        parts = []
        for cid in (*rel.parts, rel.total):
            c = by_id.get(cid)
            parts.append((f"claim-{cid}", c.quote if c else cid, _text(c.outlet) if c else ""))
        out.append(RelationView(rel.id, rel.kind, rel.holds, _arithmetic(rel, by_id), rel.explanation, tuple(parts)))
    return tuple(out)


def _outlets(report: Report) -> tuple[tuple[str, int, str], ...]:
    """Return (outlet, article count, dates) per outlet."""
    seen: dict[str, list[str]] = {}
    for a in report.articles:
        seen.setdefault(a.outlet or "(unknown outlet)", []).append(a.published or "undated")
    return tuple((o, len(d), ", ".join(sorted(set(d)))) for o, d in sorted(seen.items()))


def _article_label(article: Article) -> str:
    """Return how an article is named in lists: outlet and date, else its file name."""
    if article.outlet:
        return f"{article.outlet}, {article.published}" if article.published else article.outlet
    return article.doc


def _stale(report: Report) -> tuple[str, ...]:
    """Return the ids of reviews whose group no longer exists."""
    raw = report.extras.get("stale_reviews")
    if isinstance(raw, dict):
        return tuple(sorted(str(k) for k in raw))
    if isinstance(raw, (list, tuple)):
        return tuple(sorted(str(x.get("group", x) if isinstance(x, dict) else x) for x in raw))
    return ()


def page_reviews(report: Report) -> dict[str, dict[str, str]]:
    """Return every review the report carries as {id: {decision, note, by, date}} text, sorted by id."""
    raw = report.extras.get("reviews")
    if not isinstance(raw, dict):
        return {}
    return {str(gid): {k: _text(item.get(k)) for k in REVIEW_KEYS}
            for gid, item in sorted(raw.items(), key=lambda kv: str(kv[0])) if isinstance(item, dict)}


def identity(report: Report) -> str:
    """Return a short hash naming this report: when and by which version it was made, and its groups."""
    ids = sorted([g.id for g in report.groups] + [r.id for r in report.relations])
    text = "\n".join([report.generated or "", report.version or "", *ids])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _diff_item(item: Any, key: str) -> tuple[str, str, str]:
    """Return (id, anchor, note) for one diff entry: a bare id, or a dict with id, type and fields."""
    if not isinstance(item, dict):
        return str(item), (f"card-{item}" if key != "resolved" else ""), ""
    gid = str(item.get("id", ""))
    prefix = "rel" if item.get("type") == "relation" else "card"
    anchor = f"{prefix}-{gid}" if key != "resolved" else ""
    if key == "changed":
        before, after = item.get("before") or {}, item.get("after") or {}
        notes = [f"{f} {before.get(f)} → {after.get(f)}" for f in item.get("fields") or () if f != "claims"]
        notes += ["claims changed"] if "claims" in (item.get("fields") or ()) else []
        return gid, anchor, "; ".join(notes)
    return gid, anchor, _text(item.get("verdict"))


def _diff(report: Report) -> dict[str, tuple[tuple[str, str, str], ...]] | None:
    """Return the baseline diff as sorted (id, anchor, note) lists, when present."""
    raw = report.extras.get("diff")
    if not isinstance(raw, dict):
        return None
    return {k: tuple(sorted(_diff_item(x, k) for x in (raw.get(k) or ()))) for k in ("new", "resolved", "changed")}


def build_page(report: Report, training: bool = False) -> Page:
    """Build the whole page from a report."""
    stories, cards = build_stories(report, build_cards(report))
    verdicts = Counter(c.verdict for c in cards)
    conflicts = [c for c in cards if c.verdict == "conflict"]
    kinds = Counter(c.kind for c in conflicts)
    bands = Counter(c.severity_band for c in conflicts)
    return Page(
        title="factcheck report", generated=report.generated, version=report.version, training=training,
        counts={"articles": len(report.articles), "claims": len(report.claims), "groups": len(report.groups),
                "stories": len(stories), "open": sum(c.open for c in cards),
                "conflicts": len(conflicts), "relations": len(report.relations),
                "broken": sum(not r.holds for r in report.relations)},
        verdicts=tuple((v, fmt.VERDICT_LABELS[v], verdicts.get(v, 0)) for v in VERDICT_ORDER),
        kinds=tuple((k, fmt.KIND_LABELS[k], kinds[k]) for k in fmt.KIND_LABELS if kinds.get(k)),
        bands=tuple((b, bands.get(b, 0)) for b in ("high", "medium", "low")),
        outlets=_outlets(report),
        skipped=tuple(sorted((s.path, s.reason, s.hint) for s in report.skipped)),
        dropped=tuple((_article_label(a), f"art-{a.doc}", len(a.dropped),
                       ", ".join(sorted({d.reason.removeprefix("furniture.") for d in a.dropped})))
                      for a in sorted(report.articles, key=lambda a: a.doc) if a.dropped),
        cards=cards, relations=build_relations(report), articles=build_articles(report),
        categories=tuple(sorted({c.category for c in cards})),
        outlet_names=tuple(sorted({o for c in cards for o in c.outlets})),
        diff=_diff(report), stale_reviews=_stale(report), page_size=PAGE_SIZE,
        reviews=page_reviews(report), identity=identity(report), stories=stories,
        attention=attention(cards, stories), card_by_id={c.id: c for c in cards},
        single_ids=frozenset(c.id for c in cards if c.verdict == "single"), corrections=page_corrections(report),
        stale_links=stale_links(report),
    )


def page_corrections(report: Report) -> tuple[dict[str, Any], ...]:
    """Return the [[same]] / [[apart]] corrections the report carries (extras "links", or "same" and "apart")."""
    items: list[tuple[str, Any]] = []
    links = report.extras.get("links")
    for item in links if isinstance(links, (list, tuple)) else ():
        if isinstance(item, dict):
            items.append((_text(item.get("kind")), item))
    for kind in ("same", "apart"):
        raw = report.extras.get(kind)
        items += [(kind, item) for item in (raw if isinstance(raw, (list, tuple)) else ())]
    out = []
    for kind, item in items:
        claims = item.get("claims") if isinstance(item, dict) else None
        if kind in ("same", "apart") and isinstance(claims, (list, tuple)) and len(claims) >= 2:
            out.append({"kind": kind, "claims": [str(c) for c in claims], "why": _text(item.get("why")),
                        "by": _text(item.get("by"))})
    return tuple(out)


def stale_links(report: Report) -> tuple[str, ...]:
    """Return the [[same]] / [[apart]] corrections that name claims gone from this run, as one line each."""
    raw = report.extras.get("stale_links")
    out = []
    for item in raw if isinstance(raw, (list, tuple)) else ():
        if isinstance(item, dict):
            claims = item.get("claims")
            claims = claims if isinstance(claims, (list, tuple)) else ()
            out.append(f"[[{_text(item.get('kind'))}]] {', '.join(str(c) for c in claims)}")
    return tuple(sorted(out))
