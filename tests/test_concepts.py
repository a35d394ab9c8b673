"""The concept lexicon (rules/concepts.yaml), the count reader's frames and the glued-text splitter."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import spacy

from factcheck.errors import RulesError
from factcheck.models import Article
from factcheck.nlp.components import add_components
from factcheck.nlp.glued import GlueSplitter
from factcheck.nlp.pipeline import customise_tokenizer
from factcheck.nlp.vocab import build_vocab
from factcheck.ruleset import default_rules_dir, load_ruleset


def _claims(extractor: Any, text: str) -> list[Any]:
    article = Article(doc="t.txt", path="t.txt", text=text)
    claims = extractor.extract(article)
    assert all(text[c.start:c.end] == c.number_text for c in claims)
    return claims


def _rules_with(tmp_path: Path, concepts: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir().resolve(), rules)
    (rules / "concepts.yaml").write_text(concepts, encoding="utf-8")
    return rules


@pytest.mark.parametrize(("body", "where"), [
    ("concepts:\n  flight:\n    category: displaced\n    verbz: [flee]\n",
     r"concepts\.yaml:4: concepts\.flight\.verbz: unknown key"),
    ("concepts:\n  flight:\n    category: fled\n",
     r"concepts\.yaml:3: concepts\.flight\.category: 'fled' is not one of"),
    ("concepts:\n  a: {category: other}\n  a: {category: other}\n", r"concepts\.yaml:3: a: duplicate key"),
])
def test_concept_rules_are_checked_strictly(tmp_path: Path, body: str, where: str) -> None:
    frames = "frames: {control: [], light: [], stay: [], motion: [], compel: [], register: [], irrealis: []}\n" \
        "glue: {words: [were]}\n"
    with pytest.raises(RulesError, match=where):
        load_ruleset(_rules_with(tmp_path, body + frames))


def test_concepts_need_their_frames(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"concepts\.yaml:1: frames: missing"):
        load_ruleset(_rules_with(tmp_path, "concepts: {}\nglue: {words: [were]}\n"))


@pytest.mark.parametrize(("token", "parts"), [
    ("weredisplaced", ["were", "displaced"]), ("least140,000", ["least", "140,000"]), ("Around1.6", ["Around", "1.6"]),
    ("1.6million", ["1.6", "million"]), ("140,000people", ["140,000", "people"]), ("hasfled", ["has", "fled"]),
    ("COVID19", None), ("G7", None), ("3rd", None), ("1,000km", None), ("F16", None), ("A320", None), ("4x4", None),
    ("someone", None), ("overkill", None), ("displaced", None), ("island", None),
])
def test_glued_tokens_split_only_into_known_words(extractor: Any, token: str, parts: list[str] | None) -> None:
    assert extractor.nlp.get_pipe("factcheck_glued").parts(token) == parts


def test_glue_splitter_keeps_the_text(ruleset: Any) -> None:
    nlp = add_components(customise_tokenizer(spacy.blank("en")), ruleset)
    doc = nlp("The fighting displaced at least140,000 people; 2,000 weredisplaced.")
    assert doc.text == "The fighting displaced at least140,000 people; 2,000 weredisplaced."
    assert [doc[s.start:s.end].text for s in doc._.fc_numbers] == ["at least140,000", "2,000"]
    assert [t.text for t in doc][-3:] == ["were", "displaced", "."]


def test_glue_without_a_word_list_still_needs_the_vocabulary(ruleset: Any) -> None:
    bare = GlueSplitter(build_vocab(ruleset))
    assert bare.parts("werekilled") == ["were", "killed"]
    assert bare.parts("wereabouts") is None  # "abouts" is no word of the rules


def test_offsets_point_into_glued_text(extractor: Any) -> None:
    text = "Heavy rain hit the coast.\nOfficials said 192,000 people weredisplaced and at least140,000 fled inland."
    got = [(c.number_text, c.category, text[c.start:c.end]) for c in _claims(extractor, text)]
    assert got == [("192,000", "displaced", "192,000"), ("at least140,000", "displaced", "at least140,000")]


@pytest.mark.parametrize(("text", "rule"), [
    ("About 12,000 people were registered as displaced.", "category.displaced.registered_as"),
    ("Some 48,000 people continue to live in makeshift camps.", "category.displaced.stay"),
    ("About 9,000 people moved to hotels and emergency shelters.", "category.displaced.motion"),
    ("The floods forced nearly 200,000 people to seek refuge in schools.", "category.displaced.light_verb"),
    ("Some 7,300 Afghans returned from Pakistan last week.", "category.displaced.predicate"),
    ("Four people were shot outside a bar.", "category.other.casualties"),
    ("Five other victims were rushed to area hospitals.", "category.injured.motion"),
    ("Some 40,000 people remain besieged in the camp.", "category.other.confinement"),
])
def test_each_claim_names_the_frame_that_decided_it(extractor: Any, text: str, rule: str) -> None:
    first = _claims(extractor, text)[0]
    assert rule in first.rules


def test_a_split_adds_the_wounded_as_a_derived_claim(extractor: Any) -> None:
    text = "Four people were shot, one fatally, outside a bar on Saturday."
    derived = [c for c in _claims(extractor, text) if "category.injured.split_remainder" in c.rules]
    assert [(c.value, c.low, c.high, c.category, c.number_text) for c in derived] == [
        (3, 3, 3, "injured", "Four people were shot, one fatally")]


def test_no_split_without_an_exact_total(extractor: Any) -> None:
    claims = _claims(extractor, "At least four people were shot, one fatally, on Saturday.")
    assert not any("category.injured.split_remainder" in c.rules for c in claims)
    assert [c.category for c in claims] == ["other", "killed"]


def test_others_shot_without_a_toll_stay_killed_or_wounded(extractor: Any) -> None:
    claims = _claims(extractor, "Police searched the area. Three other men were also hit by gunfire.")
    assert [(c.value, c.category) for c in claims] == [(3, "other")]


def test_every_concept_has_a_known_category(ruleset: Any) -> None:
    vocab = build_vocab(ruleset)
    assert {c.name for c in vocab.concepts} >= {"displacement", "return", "casualties", "deployment"}
    assert {c.category for c in vocab.concepts} <= {"killed", "injured", "displaced", "deployed", "other"}
