"""Reports built by hand for the report tests: a small newsroom case, a hostile one, a large one."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from factcheck.models import Article, Claim, Dropped, Group, Relation, Report, Skipped

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
                            kind="true_conflict", severity=0.5, explanation=body[:200],
                            summary={"latest_by_source": {"</script><script>window.__pwned=1</script>":
                                                          {"number_text": "<b>12</b>", "as_of": "x", "claim": cid}}}))
    reviews = {g.id: {"decision": "<i>confirmed</i>", "note": "</script><script>window.__pwned=1</script>",
                      "by": "\"onmouseover=\"alert(1)"} for g in groups}
    return Report(articles=tuple(articles), claims=tuple(claims), groups=tuple(groups), relations=(),
                  skipped=(Skipped(path="<script>alert(1)</script>.pdf", reason="<b>bad</b>"),),
                  generated="2024-05-01T12:00:00+00:00", version="1", extras={"reviews": reviews})


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
