"""What a figure counts, from meaning: follow the counted group to its predicates and look up their concepts."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from factcheck.nlp.vocab import Concept, Vocab
from factcheck.nlp.wordtrie import longest_first

COMPLEMENT_DEPS = ("xcomp", "ccomp", "oprd", "acomp", "attr", "dobj", "advcl", "conj")
OBJECT_DEPS = ("dobj", "attr", "oprd", "acomp", "xcomp", "ccomp", "npadvmod", "advmod", "pobj", "pcomp", "conj",
               "appos", "amod", "compound")
PLACE_PREPS = ("in", "at", "inside", "within", "into", "to", "toward", "towards", "under", "over", "across", "through",
               "onto", "on", "among", "with", "between", "beyond")
STAY_PREPS = ("in", "at", "inside", "within", "under", "on", "among", "with", "between")
CLAUSE_STOPS = (";", ":", "—", "–", "(", ")", "•", "|")
INSERTS = ("according", "said", "says", "officials", "reports", "sources", "data", "figures", "estimates", "the")
CASUALTIES = "casualties"  # the concept of people killed or wounded together (rules/concepts.yaml)
MAX_DEPTH = 3
WINDOW = 8  # tokens either side of a figure the clause fallback reads


@dataclass(frozen=True)
class Sense:
    """A concept found for a figure, and how: the rule id names the frame."""

    concept: Concept
    frame: str
    token: int

    @property
    def rule(self) -> str:
        """Return the rule id that names the concept's category and the frame."""
        return rule_id(self.concept, self.frame)


def rule_id(concept: Concept, frame: str) -> str:
    """Return category.<category>.<frame>, or category.other.<concept> ("category.other.casualties")."""
    return f"category.other.{concept.name}" if concept.category == "other" else f"category.{concept.category}.{frame}"


def own_subject(verb: Token, is_people: Callable[[Token], bool] | None = None) -> bool:
    """Return True when a conjoined verb has a subject of its own, so it tells of another group.

    The subject is counted ("18,000 affected and 2,500 displaced"), "another" or "others", a named person, or
    (with is_people) a noun of people ("Two men died and another man was hurt"). A pronoun ("and they were
    taken to hospital", "and both died") may be the same group; a noun of things ("houses") is often a misparse.
    """
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if any(t.like_num for t in c.subtree) or c.lower_ in ("another", "others") or c.ent_type_ == "PERSON" or \
                (is_people is not None and c.pos_ in ("NOUN", "PROPN") and is_people(c)):
            return True
    return False


def death_words(vocab: Vocab) -> re.Pattern[str]:
    """Return a pattern for the words that tell of a death ("killed", "died", "dead"), in their common forms."""
    words: set[str] = set()
    for c in vocab.concepts:
        if c.category == "killed":
            words |= c.states | c.verbs | {v + "d" if v.endswith("e") else v + "ed" for v in c.verbs}
    return re.compile(r"\b" + longest_first(words) + r"\b", re.I)


class Meaning:
    """Read a figure's concept from the predicates its counted group is an argument of."""

    def __init__(self, vocab: Vocab, is_people: Callable[[Token], bool], is_military: Callable[[Token], bool]) -> None:
        self.concepts = vocab.concepts
        self.frames = vocab.frames
        self.is_people = is_people
        self.is_military = is_military

    # -- from the parse ---------------------------------------------------------
    def read(self, counted: Token | None, anchor: Token, pred: Token | None) -> Sense | None:
        """Return the first concept a predicate of the counted group expresses."""
        for verb in self.predicates(counted, anchor, pred):
            sense = self.sense(verb, counted)
            if sense is not None:
                return sense
        return None

    def predicates(self, counted: Token | None, anchor: Token, pred: Token | None) -> Iterator[Token]:
        """Yield the predicates of the group: its verb, complements of control verbs, its clauses, conjuncts."""
        seen: set[int] = set()
        starts = [c for c in (counted.children if counted is not None else ()) if c.dep_ in ("acl", "relcl")]
        if pred is not None:
            starts.append(pred)
            node = pred
            while node.dep_ in ("xcomp", "ccomp", "advcl", "conj") and node.head.i != node.i and \
                    node.head.lemma_.lower() in self.frames["control"]:
                node = node.head
                starts.append(node)  # "were forced to flee": the group is the controller's too
        for start in starts:
            for tok in self._down(start, 0):
                if tok.i not in seen:
                    seen.add(tok.i)
                    yield tok
        if pred is not None and anchor.dep_ in ("nsubj", "nsubjpass"):
            for conj in pred.conjuncts:
                if conj.i > pred.i and conj.pos_ in ("VERB", "ADJ") and conj.i not in seen and \
                        not own_subject(conj, self.is_people):
                    seen.add(conj.i)
                    yield conj

    def _down(self, verb: Token, depth: int) -> Iterator[Token]:
        """Yield a verb and, through control verbs, the verbs of its complement clauses."""
        yield verb
        if depth >= MAX_DEPTH or verb.lemma_.lower() not in self.frames["control"]:
            return
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp", "oprd", "advcl") and child.pos_ in ("VERB", "ADJ", "AUX", "NOUN"):
                yield from self._down(child, depth + 1)
            if child.dep_ in ("xcomp", "ccomp", "advcl"):
                for conj in child.conjuncts:  # "forced to leave and seek shelter"
                    yield from self._down(conj, depth + 1)

    def sense(self, verb: Token, counted: Token | None) -> Sense | None:
        """Return the concept one predicate expresses for the counted group, by verb, phrase or frame."""
        lemma = verb.lemma_.lower()
        fits = [c for c in self.concepts if self._fits(c, counted)]
        comps = list(self._complements(verb))
        comp_words = {w for t in comps for w in (t.lemma_.lower(), t.lower_)}
        outcome = self._outcome(verb)
        if outcome is not None:
            return Sense(outcome, "manner", verb.i)
        phrase = next((c for c in fits if any((lemma, w) in c.phrases for w in comp_words)), None)
        if phrase is not None:  # "shot to death", "gunned down" before "shot"
            return Sense(phrase, "phrase", verb.i)
        for c in fits:
            if (lemma in c.verbs or verb.lower_ in c.states) and self._required(c, verb, comp_words):
                return Sense(c, "predicate", verb.i)
            if verb.pos_ == "NOUN" and lemma in c.nouns | c.events:
                return Sense(c, "noun_predicate", verb.i)
            if lemma in c.forced and verb.dep_ in ("xcomp", "ccomp") and \
                    verb.head.lemma_.lower() in self.frames["compel"]:
                return Sense(c, "compelled", verb.i)
        return self._frame(verb, lemma, fits, comps, comp_words, counted)

    def _frame(self, verb: Token, lemma: str, fits: list[Concept], comps: list[Token],
               comp_words: set[str], counted: Token | None = None) -> Sense | None:
        """Read light, registration, stay and motion frames ("took refuge", "registered as", "moved to"); a verb
        complement of a light verb speaks for itself first ("found shot to death" is a death, not a shooting)."""
        if lemma in self.frames["light"]:
            for comp in comps:
                if comp.pos_ == "VERB" and comp.dep_ in ("xcomp", "oprd", "acomp") and comp.head.i == verb.i:
                    inner = self.sense(comp, counted)
                    if inner is not None:
                        return inner
        for c in fits:
            if lemma in self.frames["light"] and (comp_words & (c.states | c.nouns | c.objects)):
                return Sense(c, "light_verb", verb.i)
            if lemma in self.frames["register"] and self._as_words(verb) & (c.states | c.nouns):
                return Sense(c, "registered_as", verb.i)
            if lemma in self.frames["stay"] and (self._place(verb, c, STAY_PREPS) or self._hosted_by(verb, c)):
                return Sense(c, "stay", verb.i)
            if lemma in self.frames["motion"] and self._place(verb, c, PLACE_PREPS):
                return Sense(c, "motion", verb.i)
        return None

    def _outcome(self, verb: Token) -> Concept | None:
        """Return the outcome an adverb gives a casualty verb ("were fatally shot", "critically stabbed")."""
        if not any(verb.lemma_.lower() in c.verbs for c in self.concepts if c.name == CASUALTIES):
            return None
        return next((m for m in (self.manner(c) for c in verb.children if c.dep_ == "advmod") if m), None)

    def _fits(self, concept: Concept, counted: Token | None) -> bool:
        if counted is None:
            return True
        if not concept.people:
            return self.is_military(counted)
        if concept.category == "displaced" and self.is_military(counted):
            return False
        return self.is_people(counted)

    def _required(self, concept: Concept, verb: Token, comp_words: set[str]) -> bool:
        """Return True when a concept's required complement is there ("returned home", "from Iran")."""
        if not concept.requires:
            return True
        if comp_words & concept.requires:
            return True
        return any(p.lower_ == "from" and any(o.pos_ == "PROPN" or o.ent_type_ in ("GPE", "LOC", "NORP")
                                              for o in p.children if o.dep_ == "pobj")
                   for p in verb.children if p.dep_ == "prep")

    def _complements(self, verb: Token) -> Iterator[Token]:
        """Yield the words that complete a verb: objects, complements, prepositional and agent objects."""
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS[:9] or child.dep_ == "prt":
                yield child
                yield from (c for c in child.children if c.dep_ in ("compound", "amod", "conj"))
            if child.dep_ in ("prep", "agent"):
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        yield obj
                        yield from (c for c in obj.children if c.dep_ in ("compound", "amod", "conj"))
                        if obj.lemma_.lower() in self.frames["light"]:  # "in need of shelter", "in search of refuge"
                            yield from (o for p in obj.children if p.dep_ == "prep" for o in p.children
                                        if o.dep_ == "pobj")
        doc = verb.doc
        for tok in doc[verb.i + 1:min(len(doc), verb.i + 3)]:  # "made homeless" parsed elsewhere
            if tok.pos_ in ("ADJ", "VERB", "NOUN") and tok.dep_ in ("oprd", "acomp", "amod", "dobj", "ccomp", "conj"):
                yield tok

    def _as_words(self, verb: Token) -> set[str]:
        """Return the words after "as" on a verb ("registered as displaced", "counted as IDPs")."""
        out: set[str] = set()
        for p in verb.children:
            if p.dep_ == "prep" and p.lower_ == "as":
                for t in p.subtree:
                    out |= {t.lemma_.lower(), t.lower_}
            elif p.dep_ in ("advcl", "xcomp", "oprd") and any(m.lower_ == "as" for m in p.children):
                out |= {p.lemma_.lower(), p.lower_}  # "registered as displaced" parsed as a clause
        return out

    def _place(self, verb: Token, concept: Concept, preps: tuple[str, ...]) -> bool:
        """Return True when a prepositional object of the verb is one of the concept's places or paths."""
        for prep in self._preps(verb, 0):
            if prep.lower_ not in preps:
                continue
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                for noun in [obj, *obj.conjuncts]:
                    words = {noun.lemma_.lower(), noun.lower_} | {
                        c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod", "nmod")} | \
                        self._used_as(noun)
                    crossing = prep.lower_ in ("over", "across", "beyond") and words & concept.paths or \
                        bool(concept.paths) and prep.lower_ == "into" and verb.lemma_.lower() == "cross" and \
                        noun.ent_type_ in ("GPE", "LOC")  # "crossed into Tanzania": over a border
                    if words & concept.places or crossing:
                        return True
        return "to" in preps and self._misread_to(verb, concept)

    def _misread_to(self, verb: Token, concept: Concept) -> bool:
        """Return True for "moved 3,100 people to safer places" parsed as an infinitive ("to" an aux of "safer")."""
        for clause in (c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "ADJ"):
            if any(a.dep_ == "aux" and a.lower_ == "to" and a.i == clause.i - 1 for a in clause.children):
                words = {clause.lemma_.lower(), clause.lower_} | {o.lemma_.lower() for o in clause.children
                                                                  if o.dep_ == "dobj"}
                if words & concept.places:
                    return True
        return False

    def _hosted_by(self, verb: Token, concept: Concept) -> bool:
        """Return True when a place of the concept is the verb's subject ("the camp hosts 25,000 people")."""
        return any(c.dep_ == "nsubj" and ({c.lemma_.lower()} | {m.lemma_.lower() for m in c.children}) & concept.places
                   for c in verb.children)

    def _used_as(self, noun: Token) -> set[str]:
        """Return the words of what a place is turned into ("schools turned into shelters", "used as camps")."""
        out: set[str] = set()
        for acl in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
            for p in acl.children:
                if p.dep_ == "prep" and p.lower_ in ("into", "as"):
                    out |= {o.lemma_.lower() for o in p.children if o.dep_ == "pobj"}
        return out

    def _preps(self, tok: Token, depth: int) -> Iterator[Token]:
        """Yield prepositions on a verb, and on the objects of its prepositions ("by drought over the border")."""
        if depth > 2:
            return
        for child in tok.children:
            if child.dep_ in ("prep", "agent", "dative") or (child.dep_ == "advmod" and child.pos_ == "ADP"):
                yield child
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        yield from self._preps(obj, depth + 1)
            elif child.dep_ == "dobj" and depth == 0:  # "pushed 5,000 herders over the border"
                yield from self._preps(child, depth + 1)

    # -- from the words of the clause -------------------------------------------
    def clause(self, doc: Doc, start: int, end: int, counted: Token | None,
               others: list[tuple[int, int]]) -> Sense | None:
        """Read the figure's clause word by word when the parse gives nothing: the nearest concept word wins."""
        lo, hi = self._window(doc, start, end, others)
        fits = [c for c in self.concepts if self._fits(c, counted)]
        best: tuple[int, Sense] | None = None
        unreal = False  # after "could", "at risk of": what follows is not a count
        for tok in doc[lo:hi]:
            if start <= tok.i < end or (counted is not None and tok.i == counted.i):
                continue
            lemma, low = tok.lemma_.lower(), tok.lower_
            if lemma in self.frames["irrealis"] or low in self.frames["irrealis"]:
                if tok.i > start:
                    break
                unreal = True
            if unreal and tok.i < start:
                continue
            for c in fits:
                if c.requires or c.name == CASUALTIES and low not in c.states:
                    continue  # "returned" needs its complement; "victims" alone says nothing
                if (lemma in c.verbs and tok.pos_ == "VERB") or low in c.states or \
                        (tok.pos_ in ("NOUN", "PROPN") and lemma in c.nouns | c.events):
                    gap = abs(tok.i - start) if tok.i < start else abs(tok.i - end)
                    if best is None or gap < best[0]:
                        best = (gap, Sense(c, "clause", tok.i))
                    break
        return best[1] if best else None

    def _window(self, doc: Doc | Span, start: int, end: int, others: list[tuple[int, int]]) -> tuple[int, int]:
        """Return the token range of a figure's clause: up to other figures, clause stops and WINDOW tokens."""
        lo = max(0, start - WINDOW)
        hi = min(len(doc), end + WINDOW)
        for a, b in others:
            if b <= start:
                lo = max(lo, b)
            elif a >= end:
                hi = min(hi, a)
        i = start - 1
        if i > 0 and doc[i].text == ",":  # "the evacuation of, according to the latest data, 17,631 people"
            opening = next((k for k in range(i - 1, max(-1, i - WINDOW), -1) if doc[k].text == ","), None)
            if opening is not None and doc[opening + 1].lower_ in INSERTS:
                lo, i = max(0, opening - WINDOW), opening - 1
        for k in range(i, lo - 1, -1):
            if doc[k].text in CLAUSE_STOPS or doc[k].text == "," or doc[k].pos_ == "CCONJ":
                lo = k + 1
                break
        for k in range(end, hi):
            if doc[k].text in CLAUSE_STOPS or doc[k].text == "," or doc[k].pos_ == "CCONJ":
                hi = k
                break
        return lo, hi

    # -- splits of killed-or-wounded figures -----------------------------------------
    def manner(self, tok: Token) -> Concept | None:
        """Return the concept an outcome adverb gives a part ("one fatally", "two critically")."""
        low = tok.lower_
        return next((c for c in self.concepts if low in c.manners), None)
