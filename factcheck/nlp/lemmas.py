"""The model's rule lemmatizer, remembering every lemma it works out.

spaCy's rule lemmatizer keeps the lemmas it derives by rule, keyed by word, part of speech and morphology, but
works a base form ("said" as a verb in the past is not one, "killed" as an adjective may be) out again on every
token: reading the morphology as a dict each time is most of its cost. Whatever it returns depends only on that
key, so every answer is remembered.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

MAX_REMEMBERED = 500_000  # lemmas kept; past this the memory starts again


class RememberedLemmas:
    """Stand-in for Lemmatizer.lemmatize in rule mode: the same lemmas, each worked out once per key."""

    def __init__(self, lemmatize: Callable[[Token], list[str]]) -> None:
        self.lemmatize = lemmatize
        self.known: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = self.known.get(key)
        if found is None:
            if len(self.known) > MAX_REMEMBERED:
                self.known.clear()
            if not token.pos:
                return self.lemmatize(token)  # no part of speech: spaCy warns; let it, every time
            found = self.known[key] = self.lemmatize(token)
        return found


def remember_lemmas(nlp: Language) -> Language:
    """Make the pipeline's rule lemmatizer remember base forms too (same lemmas, less time)."""
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
            lemmatizer.lemmatize = RememberedLemmas(lemmatizer.rule_lemmatize)  # type: ignore[method-assign]
    return nlp
