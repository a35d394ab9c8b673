"""The article loader: file types, encodings, metadata, furniture, and files it must skip."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.articles import load_articles
from factcheck.errors import InputError
from factcheck.models import Article, Skipped
from factcheck.ruleset import Ruleset, load_ruleset

WIRE = """BEIRUT, Feb 14 (Reuters) - At least 33 soldiers were killed in an air strike in northwest Syria
on Thursday, the governor said, and more than 40 others were wounded.

Reporting by Jane Doe; Editing by John Smith
"""

UN_REPORT = """Syrian Arab Republic: Recent Developments in Northwest Syria - Flash Update No. 9
Published: 14 February 2020

Since 1 December 2019, some 875,000 people have been displaced, the vast majority women and children.
An estimated 40,000 people were displaced in the past four days alone.
"""

LOCAL = """Flooding forces hundreds from homes in river town
By Maria Lopez

Around 300 residents were evacuated overnight, the fire brigade said on Sunday.

Sign up for our morning newsletter
Get the day's top stories. By signing up you agree to our Privacy Policy.

Share this article
Advertisement
Related: Council approves new flood barriers
3 Comments
Great reporting, thanks.
Reply
"""


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    """Return the repository's rules (furniture and outlet signatures among them)."""
    return load_ruleset()


def read(paths: list[Path] | Path, rules: Ruleset, **kw: int) -> list[Article | Skipped]:
    """Return everything the loader yields for paths."""
    return list(load_articles(paths if isinstance(paths, list) else [paths], rules, **kw))


def one(path: Path, rules: Ruleset) -> Article:
    """Read a single file that must load."""
    items = read(path, rules)
    articles = [a for a in items if isinstance(a, Article)]
    assert len(articles) == 1, items
    return articles[0]


def skipped(path: Path, rules: Ruleset, **kw: int) -> Skipped:
    """Read a single file that must be skipped."""
    items = read(path, rules, **kw)
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


def dropped_text(article: Article) -> dict[str, list[str]]:
    """Return the dropped spans' text by rule id."""
    out: dict[str, list[str]] = {}
    for d in article.dropped:
        out.setdefault(d.reason, []).append(article.text[d.start:d.end])
    return out


# ----------------------------------------------------------------------------- file types


def test_txt_text_is_verbatim(tmp_path: Path, rules: Ruleset) -> None:
    text = "Officials said 12\u00a0people died.Turkey said 33 were killed.\n\n  Indented line  \n"
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    a = one(path, rules)
    assert a.text == text
    assert (a.doc, a.format, a.path) == ("story.txt", "txt", str(path))
    import hashlib
    assert a.sha256 == hashlib.sha256(text.encode()).hexdigest()


def test_crlf_becomes_lf_and_nothing_else_changes(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(b"Headline about the flood here\r\n\r\nAbout 300 fled.\rOld Mac line\r\n")
    assert one(path, rules).text == "Headline about the flood here\n\nAbout 300 fled.\nOld Mac line\n"


def test_markdown_keeps_its_syntax_and_gets_title(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Quake toll rises past 4,000 in Syria\n\n**At least 4,581** people died.\n", encoding="utf-8")
    a = one(path, rules)
    assert a.format == "md"
    assert a.text.startswith("# Quake toll")
    assert a.title == "Quake toll rises past 4,000 in Syria"
    assert "title" in a.inferred


def test_html_main_text_without_script_and_with_metadata(tmp_path: Path, rules: Ruleset) -> None:
    html = """<!DOCTYPE html><html><head><title>Strikes kill 33 soldiers | Daily Bugle</title>
    <meta property="og:site_name" content="Daily Bugle">
    <meta property="article:published_time" content="2020-02-28T08:00:00Z">
    <script>var deaths = 999999;</script><style>p { color: red }</style></head>
    <body><nav><a href="/">Home</a></nav><article><h1>Strikes kill 33 soldiers</h1>
    <p>At least 33 soldiers were killed in air strikes on Thursday night, the provincial governor said.</p>
    <p>Almost 40 more were injured and taken to hospitals across the border, officials added.</p>
    <script>track("999999")</script></article></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    a = one(path, rules)
    assert a.format == "html"
    assert "At least 33 soldiers were killed" in a.text
    assert "999999" not in a.text and "color: red" not in a.text
    assert (a.outlet, a.published) == ("Daily Bugle", "2020-02-28")
    assert a.title and "Strikes kill 33 soldiers" in a.title
    assert "outlet" not in a.inferred


def test_html_deeply_nested_and_unclosed(tmp_path: Path, rules: Ruleset) -> None:
    body = "<div><span>" * 3000 + "<p>Some 950,000 civilians have fled Idlib since December, the UN said." + "<b><i>"
    path = tmp_path / "deep.htm"
    path.write_text(f"<html><body><script>var x = 5;</script>{body}", encoding="utf-8")
    a = one(path, rules)
    assert "Some 950,000 civilians have fled Idlib" in a.text
    assert "var x" not in a.text


def test_html_broken_fragment_falls_back_to_visible_text(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "frag.html"
    path.write_text("<p>12 killed<p>in <b>Aleppo<!-- hidden 77 --> on</i> Monday<script>x=1</script>", "utf-8")
    a = one(path, rules)
    assert "12 killed" in a.text and "Aleppo" in a.text and "Monday" in a.text
    assert "77" not in a.text and "x=1" not in a.text


def test_explicit_unknown_extension_is_read_as_text(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "wire.dat"
    path.write_text(WIRE, encoding="utf-8")
    a = one(path, rules)
    assert a.text == WIRE and a.format == "txt"


# ----------------------------------------------------------------------------- folders


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path, rules: Ruleset) -> None:
    for name in ("b.txt", "a/z.md", "a/b/c.html", "a.txt", "c/notes.pdf", "c/image.png", ".hidden.txt"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("<p>Some text with 3 people in it, the police said.</p>" if name.endswith("html") else
                     "Some text with 3 people in it.\n", encoding="utf-8")
    docs = [a.doc for a in read(tmp_path, rules)]
    assert docs == ["a.txt", "a/b/c.html", "a/z.md", "b.txt"]


def test_folder_without_articles_yields_nothing(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    assert read(tmp_path, rules) == []


def test_missing_path_raises_input_error(tmp_path: Path, rules: Ruleset) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(InputError) as err:
        read([tmp_path, missing], rules)
    assert str(missing) in err.value.message
    assert "folder" in err.value.hint


def test_symlink_loop_is_skipped_not_followed_forever(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.txt").write_text("Five people were hurt, police said.\n")
    os.symlink(tmp_path, tmp_path / "sub" / "back")
    os.symlink("self.txt", tmp_path / "self.txt")
    items = read(tmp_path, rules)
    assert [a.doc for a in items if isinstance(a, Article)] == ["sub/story.txt"]
    reasons = sorted(s.reason for s in items if isinstance(s, Skipped))
    assert len(reasons) == 2 and all("loop" in r for r in reasons)


def test_unreadable_file(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Three soldiers were wounded.\n")
    path.chmod(0)
    try:
        items = read(path, rules)
        if os.access(path, os.R_OK):  # root reads anything
            assert isinstance(items[0], Article)
        else:
            assert isinstance(items[0], Skipped)
            assert "permission denied" in items[0].reason and "chmod" in items[0].hint
    finally:
        path.chmod(0o644)


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_single_byte_encodings(tmp_path: Path, rules: Ruleset, encoding: str) -> None:
    text = "Officials in Dera\u00e2 said 14 were killed \u00e0 la fa\u00e7ade.\n"
    if encoding == "cp1252":
        text += "\u201cAt least 20\u201d died \u2013 the monitor said.\n"
    path = tmp_path / "old.txt"
    path.write_bytes(text.encode(encoding))
    assert one(path, rules).text == text


def test_utf8_bom_and_utf16_bom(tmp_path: Path, rules: Ruleset) -> None:
    text = "T\u00fcrkiye says more than 300 troops helped.\n"
    (tmp_path / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "be16.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    articles = read(tmp_path, rules)
    assert [a.text for a in articles] == [text, text, text]


def test_pdf_renamed_txt_is_skipped(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n")
    s = skipped(path, rules)
    assert s.reason == "looks like a PDF renamed .txt"
    assert s.hint == "export it as text"


def test_binary_with_nul_bytes_is_skipped(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binary" in skipped(path, rules).reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_file_is_skipped(tmp_path: Path, rules: Ruleset, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert skipped(path, rules).reason == "empty file"


def test_large_file_is_skipped_under_default_limit(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(20_000_000)
    s = skipped(path, rules)
    assert s.reason == "larger than 5,000,000 bytes"
    assert s.hint == "raise --max-bytes or split it"
    assert "larger than 100 bytes" in skipped(tmp_path / "huge.txt", rules, max_bytes=100).reason


# ----------------------------------------------------------------------------- metadata


def test_front_matter_sets_metadata_and_is_removed(tmp_path: Path, rules: Ruleset) -> None:
    body = "Support The Moscow Times!\n\nSome 875,000 people have fled since Dec. 1.\n"
    path = tmp_path / "fm.md"
    path.write_text("---\noutlet: Example Post\npublished: 2020-02-17\ntitle: Exodus grows\n"
                    "url: https://example.org/a\ntags: [syria]\n---\n" + body, encoding="utf-8")
    a = one(path, rules)
    assert a.text == body
    assert (a.outlet, a.published, a.title, a.url) == ("Example Post", "2020-02-17", "Exodus grows",
                                                       "https://example.org/a")
    assert a.inferred == () and a.meta_rules == ()


def test_broken_front_matter_warns_and_reads_body(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\noutlet: [unclosed\n---\nAbout 300 were killed.\n", encoding="utf-8")
    items = read(path, rules)
    assert isinstance(items[0], Skipped) and "front matter" in items[0].reason
    assert isinstance(items[1], Article) and items[1].text == "About 300 were killed.\n"


def test_sidecar_toml_beats_inference(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["wire.txt"]\noutlet = "Daily Star"\npublished = 2023-02-14\n')
    a = one(tmp_path, rules)
    assert (a.outlet, a.published) == ("Daily Star", "2023-02-14")
    assert "outlet" not in a.inferred and "outlets.wire_reuters" not in a.meta_rules


def test_sidecar_yaml_in_parent_folder(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "un.txt").write_text(UN_REPORT, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("2020/un.txt:\n  outlet: OCHA\n  url: https://example.org/r\n")
    a = one(tmp_path, rules)
    assert (a.outlet, a.url) == ("OCHA", "https://example.org/r")
    assert a.published == "2020-02-14" and a.inferred == ("published", "title")


def test_broken_sidecar_is_reported_and_ignored(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["wire.txt"\noutlet = \n')
    items = read(tmp_path, rules)
    assert isinstance(items[0], Skipped) and items[0].path.endswith("sources.toml")
    assert "not valid TOML" in items[0].reason
    assert isinstance(items[1], Article) and items[1].outlet == "Reuters"


def test_sidecar_unknown_key_is_reported(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["wire.txt"]\npublised = 2020-01-01\n')
    items = read(tmp_path, rules)
    assert isinstance(items[0], Skipped) and "publised" in items[0].reason


@pytest.mark.parametrize(("text", "outlet", "published", "rule"), [
    ("Headline here for the test\nbody 300 killed.\nCopyright \u00a9 2020, ABC Audio. All rights reserved.\n",
     "ABC News", None, "outlets.abc_audio"),
    ("Support The Moscow Times!\n\nTurkey Rejoins Joint Russian Patrols in Syria\n", "The Moscow Times", None,
     "outlets.moscow_times"),
    ("\u2019109 Russian troops killed\u2019 since September\n\nOrient Net - AA 2016-01-29 14:58:00\n\nbody\n",
     "Orient Net", "2016-01-29", "outlets.outlet_agency_dateline"),
    (" date 2023-02-14 T\u00dcRK\u0130YE\nRussia says more than 300 troops helping\n", None, "2023-02-14",
     "outlets.date_line"),
    (WIRE, "Reuters", None, "outlets.wire_reuters"),
    ("ANKARA (AP) \u2014 At least 33 soldiers died.\n", "The Associated Press", None, "outlets.wire_ap"),
    ("Headline of the local story\nFebruary 14, 2023\n\nAbout 40 hurt.\n", None, "2023-02-14",
     "outlets.date_line_written"),
    ("Story\n2020-02-28\nBody.\n\u00a9 2021 Valley Gazette. All rights reserved.\n", "Valley Gazette", "2020-02-28",
     "outlets.copyright"),
])
def test_inference_from_signatures(tmp_path: Path, rules: Ruleset, text: str, outlet: str | None,
                                   published: str | None, rule: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    a = one(path, rules)
    assert (a.outlet, a.published) == (outlet, published)
    assert rule in a.meta_rules
    assert set(a.inferred) >= {f for f, v in (("outlet", outlet), ("published", published)) if v}


def test_title_skips_furniture_and_short_lines(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Support The Moscow Times!\nSecurity\n\nTurkey Rejoins Joint Patrols in Syria\n\nBody.\n", "utf-8")
    a = one(path, rules)
    assert a.title == "Turkey Rejoins Joint Patrols in Syria"
    assert "title.first_line" in a.meta_rules


# ----------------------------------------------------------------------------- furniture


def test_newsletter_donation_and_credits_are_dropped(tmp_path: Path, rules: Ruleset) -> None:
    text = """Support Our Newsroom!

Turkey rejoins patrols in northern Syria

Troops resumed patrols on Monday. syria.mil.ru

Over 875,000 Syrians have fled since Dec. 1, the UN said.

Reuters contributed reporting to this article.

Sign up for our free weekly newsletter

Our weekly newsletter brings you the best of our reporting every Friday.
Subscribers agree to the Privacy Policy

A Message from The Weekly Courier:

Dear readers, we need your help. Please support us from just $2 a month.

Once
Monthly
Not ready to support today?
Remind me later.

Read more"""
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    a = one(path, rules)
    got = dropped_text(a)
    assert got["furniture.photo_credit_domain"] == ["syria.mil.ru"]
    assert got["furniture.wire_credit"] == ["Reuters contributed reporting to this article."]
    assert got["furniture.newsletter"][0].startswith("Sign up for our free weekly newsletter")
    assert got["furniture.newsletter"][0].endswith("Privacy Policy")
    assert got["furniture.donation"][0].startswith("A Message from The Weekly Courier:")
    assert "$2" in got["furniture.donation"][0] and got["furniture.donation"][0].endswith("Remind me later.")
    assert got["furniture.read_more"] == ["Read more"]
    assert got["furniture.donation_appeal"] == ["Support Our Newsroom!"]
    kept = [a.text[max(d.start - 1, 0):d.end] for d in a.dropped]
    assert not any("875,000" in k for k in kept)
    assert "Troops resumed patrols on Monday." not in "".join(got["furniture.photo_credit_domain"])


def test_comments_and_photo_credits_are_dropped_but_captions_kept(tmp_path: Path, rules: Ruleset) -> None:
    caption = "Wounded children receive treatment in Idlib, Syria, February 11."
    text = f"""Bombing displaces almost 800,000 in northwest Syria

{caption} [Jane Roe/AFP]

A rebel fires near Idlib, on February 7. [File]

Russia backs the government and is a dominant force in the country. / AA

Some 60 percent of the 800,000 displaced are children, OCHA said.

Do you like this article?

3 Comment(s)

Comment Policy * Denotes Required Field 1500 / 1500

The 800,000 figure is too low

Reply
"""
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    a = one(path, rules)
    got = dropped_text(a)
    assert got["furniture.photo_credit_bracket"] == ["[Jane Roe/AFP]", "[File]"]
    assert got["furniture.photo_credit_agency"] == ["/ AA"]
    comments = got["furniture.comments"][0]
    assert comments.startswith("Do you like this article?") and comments.endswith("Reply")
    assert "too low" in comments
    text_kept = "".join(a.text[s:e] for s, e in _kept(a))
    assert caption in text_kept and "Some 60 percent of the 800,000" in text_kept


def test_local_news_furniture_and_copyright(tmp_path: Path, rules: Ruleset) -> None:
    text = LOCAL + "Around 300 were moved.Copyright \u00a9 2024, Valley Gazette. All rights reserved.\n"
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    a = one(path, rules)
    got = dropped_text(a)
    assert got["furniture.byline"] == ["By Maria Lopez"]
    assert got["furniture.newsletter"][0].endswith("Privacy Policy.")
    assert got["furniture.share"] == ["Share this article"]
    assert got["furniture.advertisement"] == ["Advertisement"]
    assert got["furniture.related"] == ["Related: Council approves new flood barriers"]
    assert got["furniture.comments"][0].startswith("3 Comments")
    kept = "".join(a.text[s:e] for s, e in _kept(a))
    assert "Around 300 residents were evacuated overnight" in kept


def test_dropped_spans_sorted_and_disjoint_and_text_untouched(tmp_path: Path, rules: Ruleset) -> None:
    text = WIRE + UN_REPORT + LOCAL
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    a = one(path, rules)
    assert a.text == text
    spans = [(d.start, d.end) for d in a.dropped]
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    assert all(a.text[s:e] == a.text[s:e].strip() and s < e for s, e in spans)
    kept = "".join(a.text[s:e] for s, e in _kept(a))
    for figure in ("At least 33 soldiers", "some 875,000 people", "An estimated 40,000"):
        assert figure in kept


def _kept(a: Article) -> list[tuple[int, int]]:
    """Return the spans of text outside the dropped furniture."""
    out, pos = [], 0
    for d in a.dropped:
        out.append((pos, d.start))
        pos = d.end
    out.append((pos, len(a.text)))
    return out


# ----------------------------------------------------------------------------- more formats and metadata


def test_html_declared_charset_and_sidecar_beats_page_metadata(tmp_path: Path, rules: Ruleset) -> None:
    html = ('<html><head><meta charset="windows-1251"><meta property="og:site_name" content="Page Name">'
            "<title>\u0412 \u0421\u0438\u0440\u0438\u0438 \u043f\u043e\u0433\u0438\u0431\u043b\u0438 33</title>"
            "</head><body><article><p>\u0412 \u0421\u0438\u0440\u0438\u0438 \u043f\u043e\u0433\u0438\u0431\u043b"
            "\u0438 33 \u0441\u043e\u043b\u0434\u0430\u0442\u0430, \u0441\u043e\u043e\u0431\u0449\u0438\u043b"
            " \u0433\u0443\u0431\u0435\u0440\u043d\u0430\u0442\u043e\u0440 \u043f\u0440\u043e\u0432\u0438"
            "\u043d\u0446\u0438\u0438 \u0432 \u043f\u044f\u0442\u043d\u0438\u0446\u0443.</p></article></body></html>")
    (tmp_path / "ru.html").write_bytes(html.encode("cp1251"))
    (tmp_path / "sources.toml").write_text('["ru.html"]\noutlet = "Sidecar Name"\n')
    a = one(tmp_path, rules)
    assert "\u043f\u043e\u0433\u0438\u0431\u043b\u0438 33" in a.text
    assert a.outlet == "Sidecar Name"


def test_utf16_without_bom_and_toml_front_matter(tmp_path: Path, rules: Ruleset) -> None:
    text = "About 950,000 civilians have fled, the U.N. said.\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "b.md").write_text('+++\noutlet = "Hugo Times"\ndate = 2020-02-28\n+++\n' + text, encoding="utf-8")
    a, b = read(tmp_path, rules)
    assert isinstance(a, Article) and a.text == text
    assert isinstance(b, Article) and (b.text, b.outlet, b.published) == (text, "Hugo Times", "2020-02-28")


def test_same_file_given_twice_is_read_once(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "a.txt").write_text(WIRE)
    items = read([tmp_path, tmp_path / "a.txt"], rules)
    assert [i.doc for i in items if isinstance(i, Article)] == ["a.txt"]


def test_seed_articles_metadata_and_furniture(rules: Ruleset) -> None:
    articles = {a.doc: a for a in read(Path(__file__).resolve().parent.parent / "articles", rules)
                if isinstance(a, Article)}
    meta = {doc: (a.outlet, a.published) for doc, a in articles.items()}
    assert meta == {
        "000_b061cd23e807aa36.txt": ("TRT World", "2023-02-14"),
        "001_ac84a914404ea23b.txt": ("The Moscow Times", "2020-02-17"),
        "002_400fd4530af4f708.txt": ("Orient Net", "2016-01-29"),
        "003_f7d84c50111b5c5a.txt": ("Caravanserai", "2020-02-13"),
        "004_51ac950297687159.txt": ("ABC News", "2020-02-28"),
    }
    reasons = {doc: {d.reason for d in a.dropped} for doc, a in articles.items()}
    assert {"furniture.newsletter", "furniture.donation", "furniture.wire_credit",
            "furniture.photo_credit_domain", "furniture.donation_appeal"} <= reasons["001_ac84a914404ea23b.txt"]
    assert {"furniture.comments", "furniture.photo_credit_bracket"} <= reasons["003_f7d84c50111b5c5a.txt"]
    assert {"furniture.copyright", "furniture.email_signup",
            "furniture.comments"} <= reasons["004_51ac950297687159.txt"]
    assert {"furniture.photo_credit_agency", "furniture.dateline"} <= reasons["000_b061cd23e807aa36.txt"]
    assert "furniture.image_placeholder" in reasons["002_400fd4530af4f708.txt"]


def test_block_kinds_lines_end_and_missing_end(tmp_path: Path) -> None:
    rules = Ruleset(root="rules", data={"outlets": {"signatures": []}, "furniture": {"lines": [], "blocks": [
        {"id": "promo", "start": "^PROMO", "lines": 2},
        {"id": "box", "start": "^BOX START", "end": "^BOX END", "max_lines": 3},
        {"id": "lonely", "start": "^LONELY"},
    ]}})
    text = ("Head of story here\nPROMO one\n\nPROMO two\nkept 1\nBOX START\na\nBOX END\nkept 2\n"
            "BOX START\nb\nc\nd\nBOX END\nLONELY line\nkept 3\n")
    path = tmp_path / "x.txt"
    path.write_text(text)
    a = one(path, rules)
    assert [(d.reason, a.text[d.start:d.end]) for d in a.dropped] == [
        ("furniture.promo", "PROMO one\n\nPROMO two"),
        ("furniture.box", "BOX START\na\nBOX END"),
        ("furniture.box", "BOX START"),  # its end is past max_lines: only the start line goes
        ("furniture.lonely", "LONELY line"),
    ]


@pytest.mark.parametrize("line", [
    "By Monday, hundreds had fled the town.",
    "A message from the ministry said 40 troops had died.",
    "Reporting by the UN showed 300 dead in the camps.",
    "Photo: 300 troops arrive at the border",
    "Related talks in Moscow ended without a deal on the 33 soldiers.",
    "Read more than 40 pages of the report and you see the toll.",
    "Share of displaced children rose to 60 percent, OCHA said.",
    "Support for the 875,000 displaced is running out!",
    "We use cookies to estimate that 12 people were hurt",
])
def test_article_sentences_are_not_furniture(tmp_path: Path, rules: Ruleset, line: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(f"Headline of a story about Idlib\n\n{line}\n\nAnother 12 were wounded.\n", encoding="utf-8")
    assert one(path, rules).dropped == ()


def test_leading_rule_line_is_not_front_matter(tmp_path: Path, rules: Ruleset) -> None:
    text = "---\nDozens of families fled the shelling, residents said.\n---\nMore text.\n"
    path = tmp_path / "rule.md"
    path.write_text(text, encoding="utf-8")
    items = read(path, rules)
    assert len(items) == 1 and isinstance(items[0], Article) and items[0].text == text


def test_no_title_from_body_sentences(tmp_path: Path, rules: Ruleset) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Officials said 12 people died. Rescuers kept digging\nAt least 33 were killed.\n", "utf-8")
    a = one(path, rules)
    assert a.title is None and "title" not in a.inferred


def test_a_headline_with_a_colon_in_front_matter_is_read_as_written(tmp_path: Path, rules: Ruleset) -> None:
    (tmp_path / "a.txt").write_text("---\ntitle: Maine shooting: 18 dead, suspect at large\noutlet: Wire\n"
                                    "date: 2023-10-26\n---\nAt least 18 people were killed, police said.\n", "utf-8")
    (art,) = [a for a in load_articles([tmp_path / "a.txt"], rules) if isinstance(a, Article)]
    assert (art.title, art.outlet, art.published) == ("Maine shooting: 18 dead, suspect at large", "Wire",
                                                      "2023-10-26")
    assert not [s for s in load_articles([tmp_path / "a.txt"], rules) if isinstance(s, Skipped)]
