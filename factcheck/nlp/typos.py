"""Read misspelt words of the rules by what they were meant to be ("evacuted", "peole"), text unchanged.

Situation reports and local outlets are typed in a hurry and PDFs lose letters. A word that is no English
word the model knows, and that is one edit (a letter left out, added, changed, or two swapped) away from
exactly one word of the rules' vocabulary, gets that word's lemma; the text, the offsets and every other
token stay as they are.
"""
from __future__ import annotations

from spacy.attrs import ENT_TYPE, IS_ALPHA, IS_LOWER, IS_STOP, LEMMA, ORTH, SENT_START
from spacy.tokens import Doc, Token

from factcheck.nlp.glued import inflections
from factcheck.nlp.vocab import Vocab

MIN_LENGTH = 5  # shorter words are one edit away from too many others
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def vocabulary_forms(vocab: Vocab, irregular: dict[str, frozenset[str]]) -> dict[str, str]:
    """Return the forms of the rules' category, concept, frame and people words, each with its lemma."""
    verbs: set[str] = set()
    nouns: set[str] = set()
    for words in vocab.category_words.values():
        verbs |= words["verbs"] | words["adjectives"]
        nouns |= words["nouns"] | words["noun_heads"]
    for c in vocab.concepts:
        verbs |= c.verbs | c.states
        nouns |= c.nouns | c.events
    for frame in vocab.frames.values():
        verbs |= frame
    for kind in ("people", "military"):
        nouns |= vocab.counted.get(kind, frozenset())
    out: dict[str, str] = {}
    for lemma in sorted(verbs):
        for form in inflections(lemma, irregular) if lemma.isalpha() else ():
            out.setdefault(form, lemma)
    for lemma in sorted(nouns):
        plural = lemma[:-1] + "ies" if lemma.endswith("y") else lemma + "s"
        for form in (lemma, plural, *irregular.get(lemma, ())) if lemma.isalpha() else ():
            out.setdefault(form, lemma)
    return out


def one_edit(word: str) -> set[str]:
    """Return every string one edit away from word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    out.discard(word)
    return out


class TypoReader:
    """Give a misspelt vocabulary word the lemma of the one word it is one edit away from."""

    def __init__(self, vocab: Vocab, known: frozenset[str], irregular: dict[str, frozenset[str]]) -> None:
        self.forms = vocabulary_forms(vocab, irregular)
        self.known = known
        self._meant: dict[str, str | None] = {}  # a word's answer, worked out once (the edits are many)

    def meant(self, word: str) -> str | None:
        """Return the lemma a misspelt word stands for, or None when it is a word or no single one fits."""
        low = word.lower()
        if low in self._meant:
            return self._meant[low]
        if len(low) < MIN_LENGTH or not low.isalpha() or low in self.known or low in self.forms:
            found = None
        else:
            lemmas = {self.forms[w] for w in one_edit(low) if w in self.forms and w[0] == low[0]}
            found = lemmas.pop() if len(lemmas) == 1 else None
        if len(self._meant) < 100_000:
            self._meant[low] = found
        return found

    def _candidate(self, tok: Token) -> bool:
        """Return True for a word that may be misspelt: no stop word, no name, no form of a known lemma."""
        return tok.is_alpha and not tok.is_stop and not tok.ent_type_ and \
            (tok.is_lower or tok.is_sent_start is True) and tok.lemma_.lower() not in self.known  # "villages"

    def __call__(self, doc: Doc) -> Doc:
        if not self.known:
            return doc  # no word list: every word would look misspelt
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, IS_ALPHA, IS_STOP, IS_LOWER, ENT_TYPE, SENT_START, LEMMA]).tolist()
        for i, (orth, alpha, stop, lower, ent, start, lemma) in enumerate(rows):
            # the same test as _candidate, on the token arrays: a Token object only for a word that may be misspelt
            if not alpha or stop or ent or not (lower or start == 1) or len(strings[orth]) < MIN_LENGTH \
                    or strings[lemma].lower() in self.known:
                continue
            meant = self.meant(strings[orth])
            if meant is not None:
                doc[i].lemma_ = meant
        return doc
