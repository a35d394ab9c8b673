"""factcheck's spaCy components: registered factories that run on a blank pipeline and on the real one."""
from __future__ import annotations

from typing import Any

import spacy

from factcheck.nlp.components import add_components
from factcheck.nlp.pipeline import customise_tokenizer


def test_figure_finder_runs_on_a_blank_pipeline(ruleset: Any) -> None:
    nlp = add_components(customise_tokenizer(spacy.blank("en")), ruleset)
    assert nlp.pipe_names == ["factcheck_glued", "factcheck_figures"]  # no parser: no count reader
    doc = nlp("At least 33 soldiers and dozens of civilians died; 2,000 fled in 2019.")
    got = [(doc[s.start:s.end].text, s.low, s.high, s.hedge) for s in doc._.fc_numbers]
    assert got == [("At least 33", 33, None, "at_least"), ("dozens of", 24, 99, "vague"), ("2,000", 2000, 2000, "exact")]


def test_count_reader_sets_a_reading_per_figure(extractor: Any) -> None:
    assert extractor.nlp.pipe_names[-3:] == ["factcheck_figures", "factcheck_typos", "factcheck_counts"]
    doc = extractor.nlp("Six children were among nine civilians killed, and 300 troops were deployed.")
    cats = [r.category for r in doc._.fc_readings]
    assert cats == ["killed", "killed", "deployed"]
    assert doc._.fc_readings[0].subset_of == doc._.fc_readings[1].counted


def test_a_misspelt_word_reads_as_the_one_word_it_is_one_edit_from(ruleset: Any) -> None:
    from factcheck.nlp.glued import english_words
    from factcheck.nlp.pipeline import load_nlp
    from factcheck.nlp.typos import TypoReader
    from factcheck.nlp.vocab import build_vocab

    known, irregular = english_words(load_nlp())
    reader = TypoReader(build_vocab(ruleset), known, irregular)
    assert [reader.meant(w) for w in ("evacuted", "peole", "housholds", "registred")] == \
        ["evacuate", "people", "household", "register"]
    assert [reader.meant(w) for w in ("their", "thier", "Attawapiskat", "evacuated", "kid")] == [None] * 5


def test_only_misspelt_words_change_lemma(extractor: Any) -> None:
    doc = extractor.nlp("Stoppers said families where the villages flooded were evacuted.")
    assert [t.lemma_ for t in doc if t.text in ("Stoppers", "where", "villages", "evacuted")] == \
        ["stopper", "where", "village", "evacuate"]
