"""spaCy components of factcheck, registered in one place: figures, then what each figure counts."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from factcheck.nlp.glued import GlueSplitter, english_words
from factcheck.nlp.numbers import NumberFinder
from factcheck.nlp.syntax import Reader, Reading
from factcheck.nlp.typos import TypoReader
from factcheck.nlp.vocab import Vocab, build_vocab
from factcheck.ruleset import Ruleset

if not Doc.has_extension("fc_numbers"):
    Doc.set_extension("fc_numbers", default=None)
if not Doc.has_extension("fc_readings"):
    Doc.set_extension("fc_readings", default=None)

_RULES: dict[str, Ruleset] = {}


def register_rules(rules: Ruleset) -> str:
    """Make a ruleset available to the component factories; return the digest to name it in their config."""
    _RULES[rules.digest] = rules
    return rules.digest


def _vocab(rules_digest: str) -> Vocab:
    try:
        return build_vocab(_RULES[rules_digest])
    except KeyError:
        raise ValueError(f"no rules registered under {rules_digest!r}: call register_rules first") from None


class FigureFinder:
    """Set doc._.fc_numbers: every figure of the doc as a hedged interval (no parse needed)."""

    def __init__(self, vocab: Vocab) -> None:
        self.finder = NumberFinder(vocab)

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_numbers = self.finder(doc)
        return doc


class CountReader:
    """Set doc._.fc_readings: what each figure counts (category, subject), read from the parse."""

    def __init__(self, vocab: Vocab) -> None:
        self.reader = Reader(vocab)

    def __call__(self, doc: Doc) -> Doc:
        readings: list[Reading] = []
        for span in doc._.fc_numbers or []:
            readings.append(self.reader.read(doc, span, readings[-1] if readings else None))
        doc._.fc_readings = readings
        return doc


@Language.factory("factcheck_glued", default_config={"rules_digest": ""})
def make_glue_splitter(nlp: Language, name: str, rules_digest: str) -> GlueSplitter:
    """Build the glued-text splitter from registered rules and the pipeline's English words."""
    known, irregular = english_words(nlp)
    return GlueSplitter(_vocab(rules_digest), known, irregular)


@Language.factory("factcheck_typos", default_config={"rules_digest": ""})
def make_typo_reader(nlp: Language, name: str, rules_digest: str) -> TypoReader:
    """Build the misspelt-word reader from registered rules and the pipeline's English words."""
    known, irregular = english_words(nlp)
    return TypoReader(_vocab(rules_digest), known, irregular)


@Language.factory("factcheck_figures", default_config={"rules_digest": ""})
def make_figure_finder(nlp: Language, name: str, rules_digest: str) -> FigureFinder:
    """Build the figure finder from registered rules."""
    return FigureFinder(_vocab(rules_digest))


@Language.factory("factcheck_counts", default_config={"rules_digest": ""})
def make_count_reader(nlp: Language, name: str, rules_digest: str) -> CountReader:
    """Build the count reader from registered rules."""
    return CountReader(_vocab(rules_digest))


def add_components(nlp: Language, rules: Ruleset) -> Language:
    """Add the glued-text splitter (first), the figure finder and, when the pipeline parses, the misspelt-word
    reader and the count reader."""
    digest = register_rules(rules)
    nlp.add_pipe("factcheck_glued", config={"rules_digest": digest}, first=True)
    nlp.add_pipe("factcheck_figures", config={"rules_digest": digest})
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("factcheck_typos", config={"rules_digest": digest})
        nlp.add_pipe("factcheck_counts", config={"rules_digest": digest})
    return nlp
