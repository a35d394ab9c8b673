"""Shortcuts taken for speed give exactly what the long way gives."""
from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from factcheck.nlp.lemmas import RememberedLemmas, remember_lemmas
from factcheck.nlp.numbers import NumberFinder, _tail_start
from factcheck.nlp.pipeline import customise_tokenizer, load_model
from factcheck.nlp.ruler import RuleLookup, look_up_rules
from factcheck.nlp.text import doc_text
from factcheck.nlp.vocab import build_vocab

SENTENCES = [
    "BEIRUT (Reuters) - At least 41 people were killed and dozens wounded on Tuesday, the monitor said.",
    "Some 12,400 people have been displaced since the floods began, according to OCHA's latest situation report.",
    "Police said two men ain't suspects; a 19-year-old was shot twice near Elm St. around 11 p.m.",
    "The ministry gonna publish the toll, officials said, as nearly 3 million await aid in government-held areas.",
    "“We counted 250 bodies,” he told AFP.   Rescuers were still digging\non Friday.",
]


def _attributes(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.lemma_, str(t.morph)) for t in doc]


def test_rule_lookup_and_remembered_lemmas_set_what_the_stock_components_set() -> None:
    stock = customise_tokenizer(load_model())
    quick = remember_lemmas(look_up_rules(customise_tokenizer(load_model())))
    assert isinstance(quick.get_pipe("attribute_ruler").match, RuleLookup)
    assert isinstance(quick.get_pipe("lemmatizer").lemmatize, RememberedLemmas)
    assert not isinstance(stock.get_pipe("attribute_ruler").match, RuleLookup)
    for _ in range(2):  # the second time from the table
        for a, b in zip(stock.pipe(SENTENCES), quick.pipe(SENTENCES)):
            assert _attributes(a) == _attributes(b)


def _ruler(patterns: list[dict[str, Any]]) -> AttributeRuler:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return ruler


def _tagged(nlp_vocab: Any) -> Doc:
    words = ["Gunmen", "killed", "at", "least", "nine", "people", "in", "Ohio", "gon", "na", "."]
    tags = ["NNS", "VBD", "IN", "JJS", "CD", "NNS", "IN", "NNP", "VBG", "TO", "."]
    return Doc(nlp_vocab, words=words, tags=tags)


def test_rule_lookup_keeps_rule_order_and_rules_of_several_tokens() -> None:
    patterns = [
        {"patterns": [[{"TAG": "CD"}]], "attrs": {"POS": "NUM"}},
        {"patterns": [[{"TAG": {"IN": ["NNS", "NNP"]}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": "ohio", "TAG": "NNP"}]], "attrs": {"POS": "PROPN", "LEMMA": "Ohio"}},  # overrides
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
        {"patterns": [[{"LOWER": {"REGEX": "^le"}}]], "attrs": {"LEMMA": "little"}},
    ]
    stock, quick = _ruler(patterns), _ruler(patterns)
    assert RuleLookup.applies(quick)
    quick.match = RuleLookup(quick)  # type: ignore[method-assign]
    a, b = stock(_tagged(stock.vocab)), quick(_tagged(quick.vocab))
    assert _attributes(a) == _attributes(b)
    assert [t.pos_ for t in b][4:8] == ["NUM", "NOUN", "", "PROPN"]
    assert [t.lemma_ for t in b][3] == "little" and [t.lemma_ for t in b][8:10] == ["go", "to"]


def test_rule_lookup_leaves_rules_it_cannot_look_up_to_spacy() -> None:
    optional = _ruler([{"patterns": [[{"TAG": "CD", "OP": "+"}]], "attrs": {"POS": "NUM"}}])
    assert not RuleLookup.applies(optional)
    by_lemma = _ruler([{"patterns": [[{"LEMMA": "kill"}]], "attrs": {"POS": "VERB"}}])
    assert not RuleLookup.applies(by_lemma)


def test_doc_text_is_the_text_and_survives_retokenizing() -> None:
    nlp = spacy.blank("en")
    doc = nlp("About 816 000 people fled.")
    assert doc_text(doc) == doc.text
    with doc.retokenize() as retok:
        retok.merge(doc[1:3])
    assert doc_text(doc) == doc.text == "About 816 000 people fled."


def test_tail_start_begins_at_the_last_words() -> None:
    assert _tail_start("the toll rose to at least  ", 2) == len("the toll rose to ")
    assert _tail_start("killed\nmore than ", 2) == len("killed\n")
    assert _tail_start("killed\nmore than ", 3) == 0
    assert _tail_start("more than", 5) == 0
    assert _tail_start("", 3) == 0


def test_precheck_answers_as_the_full_finder_does(ruleset: Any) -> None:
    finder = NumberFinder(build_vocab(ruleset))
    nlp = customise_tokenizer(spacy.blank("en"))
    texts = SENTENCES + ["The 2023 earthquake struck at 4:17 a.m. on Feb. 6.", "No one was hurt.",
                         "Hundreds of families fled, and more than 1,200 homes were destroyed.",
                         "Rescuers said at\n least   40 were missing."]
    for text in texts:
        assert finder.any(nlp(text)) == bool(finder(nlp(text)))
    assert not finder.any(nlp("The 2023 earthquake struck at 4:17 a.m. on Feb. 6."))
    assert finder.any(nlp("Hundreds of families fled, and more than 1,200 homes were destroyed."))
    hedged = finder(nlp("Rescuers said at\n least   40 were missing."))
    assert [(s.low, s.high, s.hedge) for s in hedged] == [(40, None, "at_least")]


def test_to_dict_is_the_plain_asdict(extractor: Any) -> None:
    from dataclasses import asdict
    from pathlib import Path

    from factcheck.articles import load_articles
    from factcheck.models import Article, Report, _plain
    from factcheck.reconcile import reconcile

    paths = sorted(Path(__file__).resolve().parent.parent.joinpath("articles").glob("*.txt"))[:2]
    articles = [a for a in load_articles(paths, extractor.rules) if isinstance(a, Article)]
    claims = [c for a in articles for c in extractor.extract(a)]
    done = reconcile(claims, extractor.rules, articles=articles)
    report = Report(articles=tuple(articles), claims=tuple(claims), groups=tuple(done.groups),
                    relations=tuple(done.relations), skipped=(), stories=tuple(done.stories))
    assert claims and done.groups
    for item in (*articles, *claims, *done.groups, *done.relations, *done.stories):
        assert item.to_dict() == _plain(asdict(item))
    whole = super(Report, report).to_dict()
    assert whole == _plain(asdict(report))


def test_splitter_spans_are_the_sentencizer_sentences() -> None:
    from factcheck.nlp.pipeline import Splitter, load_nlp

    splitter = Splitter(load_nlp())
    texts = SENTENCES + ["", "   ", "Floods hit Sindh!!! More than 1,000 dead...  “It is over,” he said. (AP)",
                         "civil war.Turkey has said 3.6 million refugees live there?Yes.", "No end mark here",
                         "Toll: 12. Injured: 40 ; displaced: 3,000 . . . Officials said."]
    for text in texts:
        doc = next(splitter.pipe([text]))
        assert splitter.spans(text) == [(s.start_char, s.end_char) for s in doc.sents]
        assert [text[a:b] for a, b in splitter.spans(text)] == [s.text for s in doc.sents]


def test_alias_trie_finds_what_the_longest_first_list_finds(ruleset: Any) -> None:
    import re

    from factcheck.nlp.attribution import new_sources
    from factcheck.nlp.wordtrie import longest_first

    words = ["red cross", "red crescent", "red", "un", "un ocha", "unhcr", "who", "who’s", "médecins sans frontières"]
    flat = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?![\w])", re.I)
    trie = re.compile(r"(?<![\w.])" + longest_first(words) + r"(?![\w])", re.I)
    text = ("The Red Crescent and the RED CROSS said; UN OCHA, the UNHCR and UNICEF (not un-named) told WHO’S "
            "staff, Médecins Sans Frontières and the Red Crosses, reds, un.ocha and red crescents")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    assert [m.group(0) for m in trie.finditer(text)][:4] == ["Red Crescent", "RED CROSS", "UN OCHA", "UNHCR"]
    sources = new_sources(ruleset)
    assert sources.canonical("the Syrian Observatory for Human Rights")[1] is not None
    assert longest_first(["k", "\u212abc"]) == "(?:\u212abc|k)"  # the Kelvin sign matches k: the plain list


def test_word_patterns_match_as_the_sorted_lists_did(extractor: Any) -> None:
    import re

    from factcheck.nlp.meaning import death_words

    vocab = extractor.vocab
    deaths = sorted({w for c in vocab.concepts if c.category == "killed"
                     for w in c.states | c.verbs | {v + "d" if v.endswith("e") else v + "ed" for v in c.verbs}},
                    key=len, reverse=True)
    flat_death = re.compile(r"\b(?:" + "|".join(map(re.escape, deaths)) + r")\b", re.I)
    numbers = sorted(vocab.number_words, key=len, reverse=True)
    flat_trigger = re.compile(r"\d|\b(?:" + "|".join(map(re.escape, numbers)) + r")\b", re.I)
    events = sorted(extractor.event_kinds, key=len, reverse=True)
    flat_event = re.compile(r"\b(?:" + "|".join(map(re.escape, events)) + r")\b", re.I)
    text = " ".join(SENTENCES) + (" Twenty-one were killed, one hundred and five died and FORTY-SEVEN are dead after"
                                  " the earthquake and aftershocks, a quake-hit town, the offensive and bombardment.")
    for trie, flat in ((death_words(vocab), flat_death), (extractor._trigger, flat_trigger),
                       (extractor.event_re, flat_event)):
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
        assert trie.search(text)


def test_misspellings_read_from_the_token_arrays_as_from_the_tokens(ruleset: Any) -> None:
    from factcheck.extraction import Extractor

    nlp = Extractor(ruleset).nlp
    reader = nlp.get_pipe("factcheck_typos")
    texts = [*SENTENCES, "Some 300 famlies were evacuted to shelters and 12 peole remain registred as displaced.",
             "Floods evacuted hundreds; the Evacuted were housed in schols, officials said on Monday."]
    with nlp.select_pipes(disable=["factcheck_typos"]):
        docs = list(nlp.pipe(texts))
    changed = 0
    for doc in docs:
        long_way, quick = doc.copy(), doc.copy()
        for tok in long_way:
            if reader._candidate(tok) and (meant := reader.meant(tok.text)) is not None:
                tok.lemma_ = meant
        reader(quick)
        assert [t.lemma_ for t in quick] == [t.lemma_ for t in long_way]
        changed += sum(a.lemma_ != b.lemma_ for a, b in zip(doc, quick))
    assert changed >= 3  # "famlies", "evacuted", "peole", "registred" read as meant


def test_a_regions_words_only_skip_sentences_it_cannot_match(ruleset: Any) -> None:
    from dataclasses import replace

    from factcheck.gazetteer import build_gazetteer

    gaz = build_gazetteer(ruleset)
    assert all(r.words is not None for r in gaz.regions)
    plain = replace(gaz, regions=[replace(r, words=None) for r in gaz.regions])
    texts = [*SENTENCES, "Rescuers said 430 people had died in rebel-held parts of northwest Syria.",
             "At least 46 people were killed in the north-east of the country, the agency said.",
             "The health ministry said 312 people died in areas under government control.",
             "Fighting spread across the country's far northwest and the eastern part of Ukraine.",
             "At least 12 people were killed in the capital, at least three of them children."]
    for text in texts:
        assert gaz.find_regions(text, "syria") == plain.find_regions(text, "syria")


def test_blas_products_are_thincs_products() -> None:
    import numpy
    from thinc.api import NumpyOps

    from factcheck.nlp.pipeline import BlasOps

    rng = numpy.random.default_rng(7)
    fast, stock = BlasOps(), NumpyOps()
    x = rng.standard_normal((37, 24)).astype("float32")
    y = rng.standard_normal((24, 11)).astype("float32")
    for a, b, t1, t2 in ((x, y, False, False), (x.T.copy(), y, True, False), (x, y.T.copy(), False, True),
                         (x.T.copy(), y.T.copy(), True, True)):
        want = stock.gemm(a, b, trans1=t1, trans2=t2)
        assert numpy.allclose(fast.gemm(a, b, trans1=t1, trans2=t2), want, atol=1e-4)
        out = numpy.zeros((38, 11), dtype="float32")  # written into a view, as spaCy's parser layers ask
        fast.gemm(a, b, out=out[1:], trans1=t1, trans2=t2)
        assert numpy.allclose(out[1:], want, atol=1e-4) and not out[0].any()
    wide = x.astype("float64")  # other types go the stock way, which takes float32 only
    with pytest.raises(ValueError, match="float32"):
        fast.gemm(wide, y.astype("float64"))


def test_the_pipeline_on_blas_parses_as_the_stock_pipeline() -> None:
    from factcheck.nlp.pipeline import BlasOps, use_blas

    stock = customise_tokenizer(load_model())
    fast = use_blas(customise_tokenizer(load_model()))
    assert all(isinstance(node.ops, BlasOps) for node in fast.get_pipe("ner").model.walk())
    assert not isinstance(stock.get_pipe("tok2vec").model.ops, BlasOps)
    for a, b in zip(stock.pipe(SENTENCES), fast.pipe(SENTENCES)):
        assert _attributes(a) == _attributes(b)
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
