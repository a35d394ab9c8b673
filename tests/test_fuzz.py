"""Property and fuzz tests: the number parser, hedge intervals, the article loader, the rules loader and
the extractor never crash on hostile input, keep intervals ordered and offsets pointing at the figure."""
from __future__ import annotations

import copy
import json
import math
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.articles import load_articles
from factcheck.errors import FactcheckError, RulesError
from factcheck.models import Article, Claim, Skipped
from factcheck.nlp.numbers import NumberFinder, ascii_digits, interval, parse_figure
from factcheck.nlp.vocab import build_vocab
from factcheck.ruleset import default_rules_dir, load_ruleset, load_yaml
from factcheck.ruleset.specs import SPECS

FAST = settings(derandomize=True, max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(derandomize=True, max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

RULES = load_ruleset()
VOCAB = build_vocab(RULES)
BLANK = spacy.blank("en")
FINDER = NumberFinder(VOCAB)
HEDGES = ("exact", "at_least", "more_than", "at_most", "less_than", "about", "almost", "up_to", "range", "vague")
RULES_ERROR_SHAPE = r"^.+\.yaml:\d+: \S.*: .+: .+$"  # file:line: key: what is wrong: how to fix it

# Characters that real copy carries and that break naive parsers.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
SPACES = "\u00a0\u202f\u2009\u2007\u2002\u3000"
NOISE = ZERO_WIDTH + BIDI + SPACES
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXT_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
FULL_WIDTH = "０１２３４５６７８９"
DEVANAGARI = "०१२३४५६७८९"
DIGIT_SETS = ("0123456789", ARABIC_INDIC, EXT_ARABIC_INDIC, FULL_WIDTH, DEVANAGARI)


def _plain(value: Any) -> Any:
    """Return value as plain dicts and lists (the loader's located types dump as python objects)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ----------------------------------------------------------------------------- strategies


@st.composite
def digit_figure(draw: st.DrawFn) -> tuple[str, int]:
    """Return an integer written with thousands separators in some digit script, and its value."""
    value = draw(st.integers(min_value=0, max_value=10**12))
    digits = draw(st.sampled_from(DIGIT_SETS))
    sep = draw(st.sampled_from(["", ",", "\u00a0", "\u202f", "\u2009", " ", "'"]))
    plain = f"{value:,}".replace(",", sep) if value >= 1000 else str(value)
    return "".join(digits[int(c)] if c.isdigit() else c for c in plain), value


def noisy(text: str, data: st.DataObject) -> str:
    """Insert zero-width and bidi marks at random places."""
    out = []
    for ch in text:
        if data.draw(st.integers(0, 9), label="noise?") == 0:
            out.append(data.draw(st.sampled_from(ZERO_WIDTH + BIDI), label="mark"))
        out.append(ch)
    return "".join(out)


NUMBER_FORMS = st.one_of(
    st.integers(0, 10**15).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", "\u202f")),
    st.integers(1000, 999_999).map(lambda n: f"{n:,}".replace(",", ".")),
    st.floats(0, 1e4, allow_nan=False).map(lambda f: f"{f:.2f}"),
    st.sampled_from(["10^400", "1e400", "9" * 400, "1" + "0" * 399, "∞", "NaN", "inf", "-5", "3.5m", "2bn", "12k"]),
    st.sampled_from(["nine", "a hundred and two", "three-quarters of a million", "two dozen", "dozens of",
                     "half a million", "twenty-three", "hundreds of", "a thousand", "zero", "one"]),
    st.sampled_from(["٣٣", "۴۰", "３３", "१२३", "１，２００", "٣٬١٦٧", "33\u200b", "\u202e33\u202c"]),
)
HEDGE_WORDS = st.sampled_from(["", "at least ", "more than ", "about ", "around ", "nearly ", "up to ", "some ",
                               "as many as ", "fewer than ", "almost ", "an estimated ", "between 20 and "])
AFTER_WORDS = st.sampled_from(["", " or more", " plus", " or so", "+", " to 40", "-300", " odd"])
NOUNS = st.sampled_from(["people", "civilians", "soldiers", "Turkish troops", "children", "residents", "protesters"])
VERBS = st.sampled_from(["were killed", "were injured", "have been displaced", "were deployed", "died",
                         "were wounded", "fled their homes"])
TAILS = st.sampled_from(["", " in Idlib", " in northwest Syria", " on Thursday", ", officials said",
                         ", according to the UN", " since December", " in Aleppo province last week"])


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    """Return a news-like sentence mixing a hedge, a number form, a counted noun and noise characters."""
    data = draw(st.data())
    figure = draw(NUMBER_FORMS)
    if draw(st.booleans()):
        figure, _ = draw(digit_figure())
    sentence = f"{draw(HEDGE_WORDS)}{figure}{draw(AFTER_WORDS)} {draw(NOUNS)} {draw(VERBS)}{draw(TAILS)}."
    sentence = sentence[0].upper() + sentence[1:]
    return noisy(sentence, data) if draw(st.booleans()) else sentence


# ----------------------------------------------------------------------------- ascii_digits / parse_figure


@FAST
@given(st.text())
def test_ascii_digits_never_raises_and_drops_format_marks(text: str) -> None:
    out = ascii_digits(text)
    assert not any(unicodedata.category(ch) == "Cf" for ch in out)
    assert not any(ch.isdecimal() and not "0" <= ch <= "9" for ch in out)


@FAST
@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=30))
def test_ascii_digits_keeps_the_value_of_any_decimal_script(digits: str) -> None:
    assert int(ascii_digits(digits)) == int(digits)  # int() reads every Unicode decimal digit


@FAST
@given(st.one_of(st.text(), NUMBER_FORMS, st.text(alphabet="0123456789,. \u00a0\u202f'’kmb", max_size=60)))
def test_parse_figure_is_none_or_a_finite_non_negative_number(text: str) -> None:
    value = parse_figure(text, VOCAB.scale_suffixes)
    assert value is None or (math.isfinite(value) and value >= 0)


@FAST
@given(digit_figure(), st.data())
def test_parse_figure_reads_every_script_and_separator(figure: tuple[str, int], data: st.DataObject) -> None:
    text, value = figure
    assert parse_figure(text) == value
    assert parse_figure(noisy(text, data)) == value  # zero-width and bidi marks are invisible


@pytest.mark.parametrize("text", ["9" * 400, "1" + "0" * 399, "10^400", "1e400", "∞", "NaN", "inf", "-5", ""])
def test_absurd_figures_are_not_numbers(text: str) -> None:
    assert parse_figure(text, VOCAB.scale_suffixes) is None


# ----------------------------------------------------------------------------- interval


@FAST
@given(st.one_of(st.integers(0, 10**13).map(float), st.decimals(0, 10**9, places=3).map(float)),
       st.sampled_from(HEDGES), st.floats(0.0, 0.9))
def test_interval_contains_the_value(value: float, hedge: str, band: float) -> None:
    low, high = interval(value, hedge, band)
    assert low is None or low <= value
    assert high is None or value <= high
    assert low is None or high is None or low <= high


# ----------------------------------------------------------------------------- NumberFinder on blank docs


@FAST
@given(st.one_of(st.text(max_size=200), news_sentence(), st.lists(news_sentence(), min_size=2, max_size=4).map(" ".join)))
def test_number_finder_spans_are_ordered_and_in_the_doc(text: str) -> None:
    doc = BLANK(text)
    for span in FINDER(doc):
        assert 0 <= span.start <= span.num_start <= span.head < span.end <= len(doc)
        assert span.hedge in HEDGES
        if span.low is not None and span.high is not None:
            assert span.low <= span.high
        if span.value is not None:
            assert math.isfinite(span.value)
            assert span.low is None or span.low <= span.value
            assert span.high is None or span.value <= span.high


# ----------------------------------------------------------------------------- Claim JSON


OPT_TEXT = st.none() | st.text(max_size=30)
FINITE = st.none() | st.floats(allow_nan=False, allow_infinity=False)
CLAIMS = st.builds(
    Claim, id=st.text(max_size=20), doc=st.text(max_size=20), number_text=st.text(max_size=20),
    quote=st.text(max_size=30), value=FINITE, low=FINITE, high=FINITE, hedge=st.sampled_from(HEDGES),
    category=st.sampled_from(("killed", "injured", "displaced", "deployed", "other")), subject=OPT_TEXT,
    location=OPT_TEXT, time=OPT_TEXT, source=OPT_TEXT, start=st.integers(0, 10**9), end=st.integers(0, 10**9),
    sentence=st.text(max_size=60), outlet=OPT_TEXT, published=OPT_TEXT, subject_key=OPT_TEXT, place=OPT_TEXT,
    period_start=OPT_TEXT, period_end=OPT_TEXT, as_of=OPT_TEXT, cumulative=st.booleans(), source_key=OPT_TEXT,
    sentence_start=st.integers(0, 10**9), rules=st.lists(st.text(max_size=15), max_size=4).map(tuple),
    part_of=OPT_TEXT,
)


@FAST
@given(CLAIMS)
def test_claim_json_round_trips(claim: Claim) -> None:
    assert Claim.from_dict(json.loads(json.dumps(claim.to_dict()))) == claim


# ----------------------------------------------------------------------------- article loader


def _load(name: str, content: bytes, **kw: int) -> list[Article | Skipped]:
    """Write content to a fresh folder as name and return what the loader yields for the folder."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / name).write_bytes(content)
        return list(load_articles([Path(tmp)], RULES, **kw))


def _check_articles(items: list[Article | Skipped]) -> None:
    """Assert the invariants every loaded article keeps."""
    for item in items:
        assert isinstance(item, (Article, Skipped))
        if isinstance(item, Skipped):
            assert item.reason and "Traceback" not in item.reason
            continue
        assert "\r" not in item.text and item.text.strip()
        last = 0
        for d in item.dropped:
            assert last <= d.start < d.end <= len(item.text)
            last = d.end
        json.loads(json.dumps(item.to_dict()))


NAMES = st.sampled_from(["a.txt", "a.md", "a.html", "a.htm"])


@FAST
@given(NAMES, st.binary(max_size=3000))
def test_loader_survives_random_bytes(name: str, content: bytes) -> None:
    _check_articles(_load(name, content))


@FAST
@given(NAMES, st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252", "latin-1"]))
def test_loader_survives_random_unicode(name: str, text: str, encoding: str) -> None:
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode("utf-8")
    _check_articles(_load(name, content))


@st.composite
def hostile_markup(draw: st.DrawFn) -> str:
    """Return HTML that is deeply nested, unclosed, or full of odd characters."""
    depth = draw(st.integers(1, 3000))
    tag = draw(st.sampled_from(["div", "p", "span", "b", "table", "li", "script", "svg", "a href='javascript:x'"]))
    closed = draw(st.booleans())
    body = draw(st.one_of(st.text(max_size=200), news_sentence()))
    noise = draw(st.text(alphabet=NOISE + "<>&;\"'/=!-", max_size=40))
    close = f"</{tag.split()[0]}>" * depth if closed else ""
    return f"<html><body>{f'<{tag}>' * depth}{noise}{body}{close}<p>At least ٣٣ people were killed.</p>"


@SLOW
@given(hostile_markup())
def test_loader_survives_deep_and_unclosed_html(markup: str) -> None:
    _check_articles(_load("page.html", markup.encode("utf-8")))


@FAST
@given(st.dictionaries(st.text(max_size=10), st.one_of(st.text(max_size=30), st.integers(), st.none(),
                                                       st.lists(st.text(max_size=5), max_size=3)), max_size=6),
       st.text(max_size=200))
def test_loader_survives_random_front_matter(meta: dict[str, Any], body: str) -> None:
    head = yaml.safe_dump(meta, allow_unicode=True)
    items = _load("a.md", f"---\n{head}---\n{body}\nAt least 33 people were killed.\n".encode())
    _check_articles(items)


@FAST
@given(st.integers(0, 5000), st.integers(1, 100))
def test_loader_respects_max_bytes(size: int, limit: int) -> None:
    items = _load("a.txt", b"x " * size, max_bytes=limit)
    if 2 * size > limit:
        assert [type(i) for i in items] == [Skipped] and "larger than" in items[0].reason  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- rules loader


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def small_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the shipped rules with a short gazetteer, so each example loads in milliseconds."""
    dest = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(default_rules_dir(), dest)
    kept: list[dict[str, Any]] = []
    for place in _plain(RULES["places"]["places"]):
        if len(kept) < 40 and place.get("parent") in {None, *(k["name"] for k in kept)}:
            kept.append(place)
    (dest / "places.yaml").write_text(yaml.safe_dump({"places": kept}, allow_unicode=True), encoding="utf-8")
    return dest


def _rules_copy(tmp: str, source: Path) -> Path:
    """Copy a rules folder into tmp and return the copy's folder."""
    dest = Path(tmp) / "rules"
    shutil.copytree(source, dest)
    return dest


@FAST
@given(st.one_of(st.text(max_size=300), YAML_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_load_yaml_gives_data_or_a_rules_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_yaml(path)
        except RulesError as exc:
            assert str(exc).startswith(str(path) + ":")


@FAST
@given(st.sampled_from(sorted(SPECS)), YAML_VALUES)
def test_load_ruleset_on_random_yaml_gives_a_located_rules_error(small_rules: Path, name: str, value: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _rules_copy(tmp, small_rules)
        (root / f"{name}.yaml").write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
        with pytest.raises(RulesError, match=RULES_ERROR_SHAPE):
            load_ruleset(root)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every node under value."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += _paths(v, prefix + (i,))
    return out


@SLOW
@given(st.sampled_from(sorted(SPECS)), st.data(), YAML_VALUES)
def test_one_mutated_value_is_rejected_or_runs(small_rules: Path, name: str, data: st.DataObject,
                                               replacement: Any) -> None:
    """Change one node of a real rules file: it is rejected with a located error, or every compiler accepts it."""
    from factcheck.articles import _compile_rules
    from factcheck.gazetteer import build_gazetteer
    from factcheck.reconcile import reconcile

    original = _plain(load_ruleset(small_rules)[name])
    target = data.draw(st.sampled_from(_paths(original)[1:]), label="node")
    mutated = copy.deepcopy(original)
    node = mutated
    for step in target[:-1]:
        node = node[step]
    if data.draw(st.booleans(), label="delete?"):
        del node[target[-1]]
    else:
        node[target[-1]] = replacement
    with tempfile.TemporaryDirectory() as tmp:
        root = _rules_copy(tmp, small_rules)
        (root / f"{name}.yaml").write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
        try:
            rules = load_ruleset(root)
            vocab = build_vocab(rules)
            build_gazetteer(rules)
            _compile_rules(rules)
            NumberFinder(vocab)(BLANK("At least 33 people were killed and dozens of others hurt in Idlib."))
            reconcile([], rules)
        except FactcheckError as exc:
            assert exc.__class__ is RulesError
            assert len(str(exc).splitlines()) == 1


# ----------------------------------------------------------------------------- extractor end to end


@pytest.fixture(scope="module")
def extractor() -> Any:
    """Return the real extractor (the spaCy model loads once per module)."""
    from factcheck.extraction import Extractor

    return Extractor(RULES)


@pytest.mark.slow
@SLOW
@given(sentences=st.lists(news_sentence(), min_size=1, max_size=4),
       joiner=st.sampled_from([" ", "\n", "\n\n", " \u200b", "\u00a0"]),
       published=st.none() | st.sampled_from(["2020-02-28", "2024-03-01"]))
def test_extracted_offsets_point_at_the_number_text(extractor: Any, sentences: list[str], joiner: str,
                                                    published: str | None) -> None:
    text = "Toll rises in clashes\n" + joiner.join(sentences) + "\n"
    article = Article(doc="gen.txt", path="gen.txt", text=text, published=published, outlet="Wire", sha256="x")
    claims = extractor.extract(article)
    for c in claims:
        assert text[c.start:c.end] == c.number_text, (c.number_text, text[c.start:c.end])
        assert c.sentence_start <= c.start < c.end <= c.sentence_start + len(c.sentence)
        if c.value is not None:
            assert c.low is None or c.low <= c.value
            assert c.high is None or c.value <= c.high
        if c.low is not None and c.high is not None:
            assert c.low <= c.high
        assert Claim.from_dict(json.loads(json.dumps(c.to_dict()))) == c

