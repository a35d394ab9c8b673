"""Reports built by hand for the report tests: a small newsroom case, a hostile one, a large one."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from factcheck.models import Article, Claim, Dropped, Group, Relation, Report, Skipped, Story

HOSTILE_DIR = Path(__file__).parent / "data" / "hostile"

TEXT_A = (
    "Syria quake: toll passes 4,500\n\n"
    "The White Helmets said that 3,167 people were killed in the opposition-controlled areas, while regime media "
    "said 1,414 people were killed in the regime-controlled areas, bringing the total death toll in Syria to 4,581.\n\n"
    "At least 33 people were killed in Idlib on Thursday, the Syrian Observatory said.\n\n"
    "Sign up for our newsletter\n3 Comment(s)\n"
)
TEXT_B = (
    "Idlib strikes kill dozens\n\n"
    "Air strikes killed 45 people in Idlib on Thursday, according to the Syrian Observatory for Human Rights.\n\n"
    "Almost 800,000 people have fled their homes in northwest Syria since December, the UN said.\n"
)
TEXT_C = (
    "Displacement in Idlib nears a million\n\n"
    "Around 950,000 people have been displaced since 1 December, OCHA said on Monday.\n\n"
    "Turkey has deployed more than 300 troops to the border.\n"
)


class _Tags(HTMLParser):
    """Collect every start tag with its attributes, and the text inside script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse_tags(html: str) -> _Tags:
    """Parse a page as a browser's tokenizer would, for checks on tags and attributes."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _at(text: str, needle: str, nth: int = 0) -> int:
    """Return the offset of the nth occurrence of needle in text."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos


def _sentence_of(text: str, start: int) -> tuple[str, int]:
    """Return the line holding offset start, and where it begins."""
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin:end if end >= 0 else len(text)], begin


def claim(cid: str, article: Article, number_text: str, low: float | None, high: float | None, hedge: str,
          category: str = "killed", nth: int = 0, **kw: Any) -> Claim:
    """Build a claim whose offsets point at number_text in the article."""
    start = _at(article.text, number_text, nth)
    sentence, sent_start = _sentence_of(article.text, start)
    value = kw.pop("value", low if low is not None else high)
    fields: dict[str, Any] = dict(
        id=cid, doc=article.doc, number_text=number_text, quote=kw.pop("quote", number_text), value=value,
        low=low, high=high, hedge=hedge, category=category, subject=kw.pop("subject", "people"),
        location=kw.pop("location", None), time=None, source=kw.pop("source", None), start=start,
        end=start + len(number_text), sentence=sentence, outlet=article.outlet, published=article.published,
        sentence_start=sent_start, as_of=kw.pop("as_of", article.published), rules=kw.pop("rules", ("hedge.test",)),
    )
    fields.update(kw)
    return Claim(**fields)


def small_report(**extras: Any) -> Report:
    """Return a fixed report with a conflict, an evolving count, a consistent pair, a single and a sum."""
    drop_at = _at(TEXT_A, "Sign up")
    a = Article(doc="a.txt", path="articles/a.txt", text=TEXT_A, title="Syria quake: toll passes 4,500",
                outlet="Daily Ledger", published="2023-02-14", url="https://example.org/a",
                dropped=(Dropped(drop_at, len(TEXT_A) - 1, "furniture.newsletter"),))
    b = Article(doc="b.txt", path="articles/b.txt", text=TEXT_B, title="Idlib strikes kill dozens",
                outlet="Morning Wire", published="2020-02-20", url=None)
    c = Article(doc="c.txt", path="articles/c.txt", text=TEXT_C, title=None, outlet="Courier",
                published="2020-02-24", url="https://example.com/c")
    claims = (
        claim("c1", a, "3,167", 3167, 3167, "exact", source="White Helmets"),
        claim("c2", a, "1,414", 1414, 1414, "exact", source="regime media"),
        claim("c3", a, "4,581", 4581, 4581, "exact"),
        claim("c4", a, "At least 33", 33, None, "at_least", source="Syrian Observatory", value=33,
              location="Idlib", as_of="2020-02-20"),
        claim("c5", b, "45", 45, 45, "exact", source="Syrian Observatory for Human Rights", location="Idlib"),
        claim("c6", b, "Almost 800,000", None, 800000, "almost", category="displaced", source="UN", value=800000,
              as_of="2020-02-17", cumulative=True),
        claim("c7", c, "Around 950,000", 855000, 1045000, "about", category="displaced", source="OCHA",
              value=950000, cumulative=True),
        claim("c8", c, "more than 300", 300, None, "more_than", category="deployed", subject="Turkish troops",
              source=None),
    )
    groups = (
        Group(id="g-conflict", verdict="conflict", claims=("c4", "c5"), category="killed",
              subject_key="people", place="idlib", kind="true_conflict", severity=0.27,
              summary={"low": 33, "best": 45, "high": 45, "conservative": 33, "independent_sources": 1,
                       "latest_by_source": {"Syrian Observatory": {"value": 45, "number_text": "45",
                                                                    "as_of": "2020-02-20", "claim": "c5"}}},
              explanation="Daily Ledger says at least 33, Morning Wire says 45 for the same day; 45 fits ≥ 33, "
                          "but the Observatory's own figures differ.", rule="reconcile.overlap"),
        Group(id="g-evolving", verdict="evolving", claims=("c6", "c7"), category="displaced",
              subject_key="people", place="northwest_syria", summary={"low": 855000, "best": 950000,
                                                                       "high": 1045000, "conservative": 855000,
                                                                       "independent_sources": 2},
              explanation="A cumulative count that grows from almost 800,000 to around 950,000.",
              rule="reconcile.cumulative"),
        Group(id="g-consistent", verdict="consistent", claims=("c1", "c3"), category="killed",
              subject_key="people", place="syria", summary={"low": 3167, "best": 4581, "high": 4581},
              explanation="Both figures come from one article.", rule="reconcile.overlap"),
        Group(id="g-single", verdict="single", claims=("c8",), category="deployed", subject_key="turkish_troops",
              place="syria"),
        Group(id="g-single-2", verdict="single", claims=("c2",), category="killed", subject_key="people",
              place="syria"),
    )
    relations = (Relation(id="r-sum", kind="sum", parts=("c1", "c2"), total="c3", holds=True,
                          explanation="opposition plus regime areas make the Syria total", rule="relation.sum"),)
    skipped = (Skipped(path="articles/broken.pdf", reason="not a .txt, .md or .html file", hint="convert it to text"),)
    return Report(articles=(a, b, c), claims=claims, groups=groups, relations=relations, skipped=skipped,
                  generated="2024-05-01T12:00:00+00:00", version="9.9.9", extras=dict(extras))


def _front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter between --- lines from the body."""
    if not raw.startswith("---\n"):
        return {}, raw
    head, _, body = raw[4:].partition("\n---\n")
    return {str(k): str(v) for k, v in (yaml.safe_load(head) or {}).items()}, body


def hostile_report() -> Report:
    """Return a report over tests/data/hostile/: markup, javascript: URLs and </script> in every field."""
    articles, claims, groups = [], [], []
    paths = sorted(p for p in HOSTILE_DIR.iterdir() if p.suffix in (".md", ".txt", ".html"))
    sidecars = yaml.safe_load((HOSTILE_DIR / "sources.yaml").read_text(encoding="utf-8"))
    for n, path in enumerate(paths):
        meta, body = _front_matter(path.read_text(encoding="utf-8"))
        meta = {**{k: str(v) for k, v in sidecars.get(path.name, {}).items()}, **meta}
        art = Article(doc=path.name, path=str(path), text=body, title=meta.get("title"), outlet=meta.get("outlet"),
                      published=meta.get("date"), url=meta.get("url"),
                      dropped=(Dropped(0, min(12, len(body)), "furniture.<b>bold</b>"),))
        articles.append(art)
        cid = f"h{n}"
        claims.append(claim(cid, art, "12", 12, None, "at_least", source=meta.get("source"),
                            quote="<img src=x onerror=alert(1)> 12", subject="<script>alert(1)</script>"))
        groups.append(Group(id=f"g-h{n}", verdict="conflict" if n == 0 else "single", claims=(cid,),
                            category="killed", subject_key="<svg onload=alert(1)>", place="\"><script>x</script>",
                            kind="true_conflict", severity=0.5, explanation=body[:200], story="s-<b>h</b>",
                            basis={"population": "<svg onload=alert(1)>", "place": "<iframe src=x>",
                                   "time": "</script><script>window.__pwned=1</script>",
                                   "text": "<img src=x onerror=alert(1)> grouped"},
                            near_misses=({"claim": cid, "reason": "<script>alert(1)</script> near"},
                                         {"claim": "\"><b>x", "reason": "<style>body{display:none}</style>"}),
                            series=({"as_of": "2024-01-01", "value": 10, "low": 10, "high": 10, "claims": [cid],
                                     "sources": ["<script>alert(1)</script>"]},
                                    {"as_of": "2024-01-05", "value": 12, "low": 12, "high": None, "claims": [cid],
                                     "sources": ["<img src=x onerror=alert(1)>"]}),
                            summary={"latest_by_source": {"</script><script>window.__pwned=1</script>":
                                                          {"number_text": "<b>12</b>", "as_of": "x", "claim": cid}}}))
    reviews = {g.id: {"decision": "<i>confirmed</i>", "note": "</script><script>window.__pwned=1</script>",
                      "by": "\"onmouseover=\"alert(1)"} for g in groups}
    story = Story(id="s-<b>h</b>", title="<script>alert(1)</script> story </script><script>window.__pwned=1</script>",
                  articles=tuple(a.doc for a in articles), groups=tuple(g.id for g in groups), first="2024-01-01",
                  last="<img src=x onerror=alert(1)>")
    corrections = [{"claims": ["h0", "</script><script>window.__pwned=1</script>"], "why": "<b>why</b>\n\"q\"",
                    "by": "<i>ed</i>"}]
    return Report(articles=tuple(articles), claims=tuple(claims), groups=tuple(groups), relations=(),
                  skipped=(Skipped(path="<script>alert(1)</script>.pdf", reason="<b>bad</b>"),), stories=(story,),
                  generated="2024-05-01T12:00:00+00:00", version="1",
                  extras={"reviews": reviews, "same": corrections, "apart": corrections})


def large_report(n_groups: int) -> Report:
    """Return a report with n_groups two-claim conflict or consistent groups over one article."""
    lines = [f"Line {i}: at least {i + 10} people were killed." for i in range(n_groups)]
    text = "".join(line + "\n" for line in lines)
    art = Article(doc="big.txt", path="big.txt", text=text, title="Big", outlet="Wire", published="2024-01-01")
    claims, groups = [], []
    sstart = 0
    for i, sent in enumerate(lines):
        number_text = f"at least {i + 10}"
        start = sstart + len(f"Line {i}: ")
        base = dict(doc="big.txt", number_text=number_text, quote=number_text, hedge="at_least", category="killed",
                    subject="people", location=None, time=None, source=None, start=start,
                    end=start + len(number_text), sentence=sent, outlet="Wire", published="2024-01-01",
                    sentence_start=sstart)
        claims.append(Claim(id=f"k{i}", value=i + 10, low=i + 10, high=None, **base))
        verdict = "conflict" if i % 3 == 0 else "consistent"
        groups.append(Group(id=f"g{i:05d}", verdict=verdict, claims=(f"k{i}",), category="killed",
                            subject_key=f"subject_{i}", place="p", kind="wording" if verdict == "conflict" else None,
                            severity=(i % 7) / 10, explanation=f"group {i}"))
        sstart += len(sent) + 1
    return Report(articles=(art,), claims=tuple(claims), groups=tuple(groups), relations=(),
                  generated="2024-05-01T12:00:00+00:00", version="1")


# ---------------------------------------------------------------- reports organised by story

STORY_TEXTS = {
    "wire1.txt": ("Morning Wire", "2020-02-17", "UN: almost 800,000 flee Idlib fighting",
                  ("Almost 800,000 people have fled their homes in northwest Syria since 1 December, the UN said on "
                  "Monday.\n\nAt least 33 people were killed in Idlib on Sunday, a monitor said.\n")),
    "un1.txt": ("OCHA Update", "2020-02-20", "Northwest Syria: Situation Report No. 9",
                ("Some 900,000 people have been displaced since 1 December, the overwhelming majority women and "
                "children.\n\nAn estimated 82,000 people are sheltering in the open.\n")),
    "local1.txt": ("Idlib Local", "2020-02-24", "Camps near the border are full",
                   ("More than 700,000 people have fled since December, the local council said.\n\n"
                   "Twenty-nine Turkish soldiers were killed in the strike on Thursday, a commander told us.\n\n"
                   "Five people died in the cold, a doctor said, though it was not clear where.\n")),
    "wire2.txt": ("Morning Wire", "2020-02-28", "Turkey loses 33 soldiers in Idlib strike",
                  ("At least 33 Turkish soldiers were killed in an air strike in Idlib on Thursday, the governor said."
                  "\n\nAround 950,000 people have now been displaced since December, OCHA said.\n")),
    "quake1.txt": ("Daily Ledger", "2023-02-07", "Quake toll passes 1,600 in Syria",
                   ("At least 1,600 people were killed in Syria, officials said.\n\n"
                   "About 5,000 people were injured, the health ministry said.\n")),
    "quake2.txt": ("UN News", "2023-02-10", "Syria earthquake: UN appeals for access",
                   ("More than 3,000 people have died in Syria, the UN said.\n\n"
                   "Some 11,000 people were injured, according to the White Helmets.\n")),
    "quake3.txt": ("Courier", "2023-02-14", "Syria death toll rises to 4,581",
                   "The death toll in Syria rose to 4,581, officials said.\n"),
    "sudan1.txt": ("Nile Post", "2023-04-17", "Khartoum: clashes enter third day",
                   ("At least 97 civilians have been killed in the clashes, doctors said.\n\n"
                   "Hundreds of people were wounded.\n")),
}


def _story_articles() -> dict[str, Article]:
    """Return the articles of the story report by file name."""
    return {doc: Article(doc=doc, path=f"articles/{doc}", text=text, title=title, outlet=outlet, published=day,
                         url=f"https://example.org/{doc}")
            for doc, (outlet, day, title, text) in STORY_TEXTS.items()}


def _point(day: str, value: float, claims: tuple[str, ...], sources: tuple[str, ...],
           low: float | None = None, high: float | None = None) -> dict[str, Any]:
    """Return one series point."""
    return {"as_of": day, "value": value, "low": value if low is None else low, "high": high, "claims": list(claims),
            "sources": list(sources)}


def _story_claims(a: dict[str, Article]) -> tuple[Claim, ...]:
    """Return the claims of the story report."""
    conf = {"category": 0.9, "place": 0.9, "time": 0.8, "source": 0.9}
    return (
        claim("s1", a["wire1.txt"], "Almost 800,000", None, 800000, "almost", "displaced", value=800000, source="UN",
              location="northwest Syria", place="northwest_syria", cumulative=True, count_kind="tally",
              confidence=conf),
        claim("s2", a["wire1.txt"], "At least 33", 33, None, "at_least", place="idlib", count_kind="incident",
              incident_date="2020-02-16", source="a monitor", confidence=conf),
        claim("s3", a["un1.txt"], "Some 900,000", 810000, 990000, "about", "displaced", value=900000, source="OCHA",
              place="northwest_syria", cumulative=True, count_kind="tally", confidence=conf),
        claim("s4", a["un1.txt"], "An estimated 82,000", 73800, 90200, "about", "displaced", value=82000,
              source="OCHA", place="northwest_syria", confidence=conf),
        claim("s5", a["local1.txt"], "More than 700,000", 700000, None, "more_than", "displaced", value=700000,
              source="local council", place="idlib", cumulative=True, count_kind="tally", confidence=conf),
        claim("s6", a["local1.txt"], "Twenty-nine", 29, 29, "exact", subject="Turkish soldiers", place="idlib",
              source="a commander", count_kind="incident", incident_date="2020-02-27", confidence=conf),
        claim("s7", a["local1.txt"], "Five", 5, 5, "exact", source="a doctor", count_kind=None,
              confidence={"category": 0.8, "place": 0.2, "time": 0.4, "source": 0.9}),
        claim("s8", a["wire2.txt"], "At least 33", 33, None, "at_least", subject="Turkish soldiers", place="idlib",
              source="the governor", count_kind="incident", incident_date="2020-02-27", confidence=conf),
        claim("s9", a["wire2.txt"], "Around 950,000", 855000, 1045000, "about", "displaced", value=950000,
              source="OCHA", place="northwest_syria", cumulative=True, count_kind="tally", confidence=conf),
        claim("q1", a["quake1.txt"], "At least 1,600", 1600, None, "at_least", place="syria", source="officials",
              cumulative=True, count_kind="tally"),
        claim("q2", a["quake1.txt"], "About 5,000", 4500, 5500, "about", "injured", value=5000, place="syria",
              source="health ministry"),
        claim("q3", a["quake2.txt"], "More than 3,000", 3000, None, "more_than", place="syria", source="UN",
              cumulative=True, count_kind="tally"),
        claim("q4", a["quake2.txt"], "Some 11,000", 9900, 12100, "about", "injured", value=11000, place="syria",
              source="White Helmets"),
        claim("q5", a["quake3.txt"], "4,581", 4581, 4581, "exact", place="syria", source="officials",
              cumulative=True, count_kind="tally"),
        claim("k1", a["sudan1.txt"], "At least 97", 97, None, "at_least", subject="civilians", place="khartoum",
              source="doctors"),
        claim("k2", a["sudan1.txt"], "Hundreds", 200, 999, "vague", "injured", value=None, place="khartoum"),
    )


def _story_groups() -> tuple[Group, ...]:
    """Return the groups of the story report."""
    displaced = (_point("2020-02-17", 800000, ("s1",), ("UN",), None, 800000),
                 _point("2020-02-20", 900000, ("s3",), ("OCHA",), 810000, 990000),
                 _point("2020-02-24", 700000, ("s5",), ("local council",), 700000, None),
                 _point("2020-02-28", 950000, ("s9",), ("OCHA",), 855000, 1045000))
    quake = (_point("2023-02-07", 1600, ("q1",), ("officials",), 1600, None),
             _point("2023-02-10", 3000, ("q3",), ("UN",), 3000, None),
             _point("2023-02-14", 4581, ("q5",), ("officials",), 4581, 4581))
    return (
        Group(id="g-displaced", verdict="evolving", claims=("s1", "s3", "s5", "s9"), category="displaced",
              subject_key="*:people", place="northwest_syria", story="s-idlib", series=displaced,
              summary={"low": 855000, "best": 950000, "high": 1045000, "conservative": 855000,
                       "independent_sources": 3},
              basis={"population": "*:people", "place": "northwest_syria", "time": "tally since 2019-12-01",
                     "text": "One running count of people displaced in northwest Syria since 1 December."},
              near_misses=({"claim": "s4", "reason": "not a tally: people sheltering in the open"},),
              explanation="A running count that grows from almost 800,000 to around 950,000; the local council's "
                          "more than 700,000 lags behind.", rule="reconcile.tally"),
        Group(id="g-strike", verdict="conflict", claims=("s6", "s8"), category="killed",
              subject_key="turkey:soldiers", place="idlib", kind="source_split", severity=0.12, story="s-idlib",
              summary={"low": 29, "best": 33, "high": 33, "conservative": 29, "independent_sources": 2},
              basis={"population": "turkey:soldiers", "place": "idlib", "time": "incident 2020-02-27",
                     "text": "Both count Turkish soldiers killed in the strike of 27 February."},
              near_misses=({"claim": "s2", "reason": "different population: people, not Turkish soldiers"},),
              explanation="A commander says 29, the governor at least 33 for the same strike.",
              rule="reconcile.incident"),
        Group(id="g-sunday", verdict="single", claims=("s2",), category="killed", subject_key="*:people",
              place="idlib", story="s-idlib"),
        Group(id="g-cold", verdict="single", claims=("s7",), category="killed", subject_key="*:people",
              place=None, story="s-idlib"),
        Group(id="g-open", verdict="single", claims=("s4",), category="displaced", subject_key="*:people",
              place="northwest_syria", story="s-idlib"),
        Group(id="g-quake", verdict="evolving", claims=("q1", "q3", "q5"), category="killed", subject_key="*:people",
              place="syria", story="s-quake", series=quake,
              summary={"low": 4581, "best": 4581, "high": 4581, "conservative": 4581, "independent_sources": 2},
              basis={"population": "*:people", "place": "syria", "time": "tally since 2023-02-06",
                     "text": "The death toll of the earthquake in Syria, as it was revised upwards."},
              explanation="The toll grows from at least 1,600 to 4,581.", rule="reconcile.tally"),
        Group(id="g-injured", verdict="conflict", claims=("q2", "q4"), category="injured", subject_key="*:people",
              place="syria", kind="true_conflict", severity=0.5, story="s-quake",
              summary={"low": 5500, "best": 9900, "high": 9900, "conservative": 5500, "independent_sources": 2},
              basis={"population": "*:people", "place": "syria", "time": "tally since 2023-02-06",
                     "text": "Both count people injured by the earthquake in Syria."},
              explanation="About 5,000 and some 11,000 injured cannot both hold.", rule="reconcile.overlap"),
        Group(id="g-khartoum", verdict="single", claims=("k1",), category="killed", subject_key="*:civilians",
              place="khartoum", story="s-sudan"),
        Group(id="g-wounded", verdict="single", claims=("k2",), category="injured", subject_key="*:people",
              place="khartoum", story="s-sudan"),
    )


def story_report(**extras: Any) -> Report:
    """Return a report of three stories with series, basis, near misses and a claim of low confidence."""
    arts = _story_articles()
    groups = _story_groups()

    def members(sid: str) -> tuple[str, ...]:
        return tuple(g.id for g in groups if g.story == sid)

    stories = (
        Story(id="s-idlib", title="Idlib offensive, Feb 2020", articles=("local1.txt", "un1.txt", "wire1.txt",
              "wire2.txt"), groups=members("s-idlib"), first="2020-02-17", last="2020-02-28", place="idlib",
              event="offensive"),
        Story(id="s-quake", title="Syria earthquake, Feb 2023", articles=("quake1.txt", "quake2.txt", "quake3.txt"),
              groups=members("s-quake"), first="2023-02-07", last="2023-02-14", place="syria", event="earthquake"),
        Story(id="s-sudan", title="Khartoum clashes, Apr 2023", articles=("sudan1.txt",), groups=members("s-sudan"),
              first="2023-04-17", last="2023-04-17", place="khartoum", event="clashes"),
    )
    return Report(articles=tuple(arts[d] for d in sorted(arts)), claims=_story_claims(arts), groups=groups,
                  relations=(), stories=stories, generated="2024-05-01T12:00:00+00:00", version="9.9.9",
                  extras=dict(extras))


PLACES = ("Aleppo", "Hama", "Homs", "Idlib", "Raqqa", "Daraa", "Afrin", "Saraqib", "Manbij", "Latakia")


def large_story_report(n_articles: int = 500, n_groups: int = 5000, n_stories: int = 50) -> Report:
    """Return a report of n_groups groups over n_articles articles in n_stories stories.

    Every fourth group is a running tally reported on three dates (a series), every fifth a conflict, the rest
    are consistent pairs or figures reported once; one claim in seven is unsure of its place.
    """
    per_story = n_articles // n_stories
    lines: list[list[str]] = [[] for _ in range(n_articles)]
    claims: list[Claim] = []
    groups: list[Group] = []
    for g in range(n_groups):
        sid = g % n_stories
        size = 3 if g % 4 == 0 else 2 if g % 5 == 0 or g % 3 == 0 else 1
        ids = []
        for k in range(size):
            doc_no = sid * per_story + (g // n_stories + k) % per_story
            claims.append(_large_claim(g, k, doc_no, lines[doc_no], n_stories))
            ids.append(claims[-1].id)
        groups.append(_large_group(g, sid, tuple(ids), claims[-size:]))
    articles = tuple(Article(doc=f"a{d:04d}.txt", path=f"articles/a{d:04d}.txt",
                             text="".join(t + "\n" for t in lines[d]), title=f"Fighting report {d}",
                             outlet=f"Outlet {d % 97}", published=f"2024-{1 + d % per_story // 28:02d}-{1 + d % 28:02d}")
                     for d in range(n_articles))
    stories = tuple(Story(id=f"s-{s:03d}", title=f"{PLACES[s % len(PLACES)]} fighting, wave {s}",
                          articles=tuple(f"a{d:04d}.txt" for d in range(s * per_story, (s + 1) * per_story)),
                          groups=tuple(gr.id for gr in groups if gr.story == f"s-{s:03d}"),
                          first="2024-01-01", last=f"2024-01-{min(28, per_story):02d}", place=PLACES[s % len(PLACES)])
                    for s in range(n_stories))
    return Report(articles=articles, claims=tuple(claims), groups=tuple(groups), relations=(), stories=stories,
                  generated="2024-05-01T12:00:00+00:00", version="1")


def _large_claim(g: int, k: int, doc_no: int, text: list[str], n_stories: int) -> Claim:
    """Append one sentence to an article and return its claim."""
    n = 10 + (g * 7 + k * 13) % 900 + (k * 40 if g % 4 == 0 else 0)
    place = PLACES[(g // n_stories) % len(PLACES)]
    number_text = f"at least {n}"
    sentence = f"Group {g}: {number_text} people were killed in {place}, officials said."
    start = sum(len(t) + 1 for t in text)
    text.append(sentence)
    day = f"2024-01-{1 + (doc_no + k * 3) % 28:02d}"
    conf = {"category": 0.9, "place": 0.3 if (g + k) % 7 == 0 else 0.9, "time": 0.8, "source": 0.9}
    at = start + len(f"Group {g}: ")
    return Claim(id=f"c{g:05d}-{k}", doc=f"a{doc_no:04d}.txt", number_text=number_text, quote=number_text,
                 value=float(n), low=float(n), high=None, hedge="at_least", category="killed", subject="people",
                 location=place, time=None, source=f"officials {k}", start=at, end=at + len(number_text),
                 sentence=sentence, outlet=f"Outlet {doc_no % 97}", published=day, subject_key="*:people",
                 place=place.lower(), as_of=day, sentence_start=start, cumulative=g % 4 == 0,
                 count_kind="tally" if g % 4 == 0 else "incident", confidence=conf)


def _large_group(g: int, sid: int, ids: tuple[str, ...], claims: list[Claim]) -> Group:
    """Return group g of the large story report."""
    verdict = ("evolving" if g % 4 == 0 else "conflict" if g % 5 == 0 else
               "consistent" if len(ids) > 1 else "single")
    series = tuple(sorted((_point(c.as_of or "", c.value or 0, (c.id,), (c.source or "",)) for c in claims),
                          key=lambda p: p["as_of"])) if verdict == "evolving" else ()
    return Group(id=f"g{g:05d}", verdict=verdict, claims=ids, category="killed", subject_key="*:people",
                 place=claims[0].place, kind="source_split" if verdict == "conflict" else None,
                 severity=(g % 9) / 10 if verdict == "conflict" else 0.0, story=f"s-{sid:03d}", series=series,
                 basis={"population": "*:people", "place": claims[0].place, "time": "incident",
                        "text": f"Group {g}: the same people killed in {claims[0].location}."},
                 near_misses=({"claim": f"c{(g + 1) % 5000:05d}-0", "reason": "different place"},) if g % 6 == 0
                 else (), explanation=f"group {g}", summary={"low": claims[0].low, "best": claims[0].value})


def unpack(value: Any) -> Any:
    """Undo render.pack: {"$k": keys, "$v": rows} back into a list of dicts (as the page script does)."""
    if isinstance(value, list):
        return [unpack(v) for v in value]
    if isinstance(value, dict) and isinstance(value.get("$k"), list) and isinstance(value.get("$v"), list):
        return [{k: unpack(v) for k, v in zip(value["$k"], row)} for row in value["$v"]]
    if isinstance(value, dict):
        return {k: unpack(v) for k, v in value.items()}
    return value
