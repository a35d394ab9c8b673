"""The model's attribute ruler, with its one-token rules looked up instead of matched token by token.

spaCy's AttributeRuler runs a Matcher of every rule (179 in en_core_web_sm, most of them one token: a tag and
perhaps a word) over every token. A one-token rule reads only that token's own attributes, so which of those
rules match a token is the same wherever the word, tag and dependency recur: it is computed once by the same
Matcher and then looked up. Rules of several tokens still go through a Matcher over the whole doc. The matches
are sorted and applied by the ruler's own code, so the attributes set are exactly those of the stock component.
"""
from __future__ import annotations

from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

Match = tuple[int, int, int, int]  # rule number, match id, start, end: what AttributeRuler.set_annotations reads
_READABLE = {"TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "TEXT"}  # what a one-token rule may test to be looked up
MAX_REMEMBERED = 500_000  # token shapes kept; past this the table starts again (memory stays bounded)


class RuleLookup:
    """Stand-in for AttributeRuler.match: one-token rules by table, longer rules by a Matcher of their own."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.one = Matcher(ruler.vocab)
        self.more = Matcher(ruler.vocab)
        for n in range(len(ruler.attrs)):
            key = str(n)
            _callback, patterns = ruler.matcher.get(key)
            single = [p for p in patterns if len(p) == 1]
            longer = [p for p in patterns if len(p) != 1]
            if single:
                self.one.add(key, single)
            if longer:
                self.more.add(key, longer)
        reads_text = any(k.upper() in ("ORTH", "TEXT") for p in self._singles(ruler) for k in p[0])
        self.columns = [ORTH if reads_text else LOWER, TAG, DEP, IS_SPACE]
        self.table: dict[tuple[int, ...], list[int]] = {}

    @staticmethod
    def _singles(ruler: AttributeRuler) -> list[list[dict[str, Any]]]:
        return [p for n in range(len(ruler.attrs)) for p in ruler.matcher.get(str(n))[1] if len(p) == 1]

    @classmethod
    def applies(cls, ruler: AttributeRuler) -> bool:
        """Return True when every one-token rule tests only the token's word, tag, dependency or whitespace."""
        for n in range(len(ruler.attrs)):
            callback, patterns = ruler.matcher.get(str(n))
            if callback is not None:
                return False
            for p in patterns:
                if len(p) == 1 and not all(k.upper() in _READABLE for k in p[0]):
                    return False  # "OP", an extension, the lemma, ... : leave the ruler as it is
        return True

    def __call__(self, doc: Doc) -> list[Match]:
        found: list[tuple[int, int, int]] = []
        table = self.table
        if len(table) > MAX_REMEMBERED:
            table.clear()
        for i, row in enumerate(doc.to_array(self.columns).tolist()):
            key = tuple(row)
            ids = table.get(key)
            if ids is None:
                ids = table[key] = [m_id for m_id, _s, _e in self.one(doc[i:i + 1], as_spans=False, allow_missing=True)]
            found += [(m_id, i, i + 1) for m_id in ids]
        found += self.more(doc, as_spans=False, allow_missing=True)  # type: ignore[operator]
        matches = [(int(self.strings[m_id]), m_id, s, e) for m_id, s, e in found]
        matches.sort()  # by rule number, as AttributeRuler.match sorts: later rules have precedence
        return matches


def look_up_rules(nlp: Language) -> Language:
    """Make the pipeline's attribute ruler look its one-token rules up (same attributes, less time)."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if isinstance(ruler, AttributeRuler) and RuleLookup.applies(ruler):
            ruler.match = RuleLookup(ruler)  # type: ignore[method-assign]
    return nlp
