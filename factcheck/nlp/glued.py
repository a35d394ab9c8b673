"""Split words and figures that PDF text glues together ("weredisplaced", "least140,000"), text unchanged."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.attrs import ORTH
from spacy.tokens import Doc

from factcheck.nlp.text import doc_text

from factcheck.nlp.vocab import Vocab

if TYPE_CHECKING:
    from spacy.language import Language

_WORD_FIGURE = re.compile(r"^([A-Za-z]{2,})(\d[\d,.]*\d|\d)$")  # least140,000, Around1.6
_FIGURE_WORD = re.compile(r"^(\d[\d,.]*\d|\d)([A-Za-z]{3,})$")  # 1.6million, 140,000people
_WORDS = re.compile(r"^[A-Za-z]{6,}$")
MIN_RIGHT = 4  # a right-hand word shorter than this is too likely to be part of a real word


def english_words(nlp: Language) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Return the English words the lemmatizer knows, and irregular forms by lemma ("flee" -> "fled")."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset(), {}
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    known: set[str] = set()
    forms: dict[str, set[str]] = {}
    if lookups.has_table("lemma_index"):
        for words in lookups.get_table("lemma_index").values():
            known.update(w for w in words if w.isalpha())
    if lookups.has_table("lemma_exc"):
        for table in lookups.get_table("lemma_exc").values():
            for form, lemmas in table.items():
                known.add(form)
                for lemma in lemmas:
                    forms.setdefault(lemma, set()).add(form)
    return frozenset(known), {k: frozenset(v) for k, v in forms.items()}


def inflections(lemma: str, irregular: dict[str, frozenset[str]]) -> set[str]:
    """Return the participle and plural forms of a lemma a glued right-hand word may take."""
    out = {lemma, lemma + "s", lemma + "es"} | set(irregular.get(lemma, ()))
    out.add(lemma + "d" if lemma.endswith("e") else lemma + "ed")
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out.add(lemma + lemma[-1] + "ed")  # stab -> stabbed, trap -> trapped
    if lemma.endswith("y"):
        out.add(lemma[:-1] + "ies")
    return out


def right_words(vocab: Vocab, irregular: dict[str, frozenset[str]]) -> frozenset[str]:
    """Return the words a glued token may end with: category, concept and people words, in their forms."""
    lemmas: set[str] = set()
    for words in vocab.category_words.values():
        for kind in ("verbs", "adjectives", "nouns", "noun_heads"):
            lemmas |= words[kind]
    for c in vocab.concepts:
        lemmas |= c.verbs | c.states | c.nouns
    for kind in ("people", "military"):
        lemmas |= vocab.counted.get(kind, frozenset())
    out: set[str] = set()
    for lemma in lemmas:
        if lemma.isalpha():
            out |= inflections(lemma, irregular)
    return frozenset(w for w in out if len(w) >= MIN_RIGHT)


class GlueSplitter:
    """Split glued tokens into words the vocabulary knows; never a real word, a code or a measure."""

    def __init__(self, vocab: Vocab, known: frozenset[str] = frozenset(),
                 irregular: dict[str, frozenset[str]] | None = None) -> None:
        self.left = vocab.glue_words | frozenset(vocab.scales)  # "1.2 millionpeople"
        self.right = right_words(vocab, irregular or {})
        self.after_figure = self.right | frozenset(vocab.scales)
        self.known = known
        self._parts: dict[int, list[str] | None] = {}  # parts() by the token's hash in the string store

    def _parts_of(self, key: int, text: str) -> list[str] | None:
        found = self._parts[key] = self.parts(text)
        return found

    def parts(self, text: str) -> list[str] | None:
        """Return the pieces a glued token splits into, or None to keep it whole."""
        m = _WORD_FIGURE.match(text)
        if m:
            return [m.group(1), m.group(2)] if m.group(1).lower() in self.left else None
        m = _FIGURE_WORD.match(text)
        if m:
            return [m.group(1), m.group(2)] if m.group(2).lower() in self.after_figure else None
        low = text.lower()
        if not _WORDS.match(text) or low in self.known:
            return None
        for i in range(len(low) - MIN_RIGHT, 1, -1):  # the longest right-hand word first
            if low[:i] in self.left and low[i:] in self.right:
                return [text[:i], text[i:]]
        return None

    def __call__(self, doc: Doc) -> Doc:
        seen, strings = self._parts, doc.vocab.strings
        splits = [(doc[i], parts) for i, key in enumerate(doc.to_array(ORTH).tolist())  # a Token only where split
                  if (parts := seen[key] if key in seen else self._parts_of(key, strings[key])) is not None]
        if splits:
            with doc.retokenize() as retok:
                for tok, parts in splits:
                    retok.split(tok, parts, heads=[(tok, 1), (tok, 1)])
        return _join_hyphenated_adverbs(doc)


def _join_hyphenated_adverbs(doc: Doc) -> Doc:
    """Keep "pre-emptively", "non-violently" one token: split at the hyphen they derail the parse."""
    text = doc_text(doc)
    if "-" not in text or "ly" not in text:
        return doc  # no hyphen or no "-ly" word: nothing to join (the common case, found without a Token)
    spans = [doc[i - 1:i + 2] for i in range(1, len(doc) - 1)
             if doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_
             and doc[i - 1].is_alpha and doc[i + 1].is_alpha and doc[i + 1].lower_.endswith("ly")
             and len(doc[i + 1]) > 4]
    if spans:
        with doc.retokenize() as retok:
            for span in spans:
                retok.merge(span)
    return doc
