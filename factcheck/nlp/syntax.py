"""What a figure counts: the counted noun, the predicate it hangs on, its category and subject."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from factcheck.nlp.meaning import CASUALTIES, Meaning, Sense, own_subject, rule_id
from factcheck.nlp.numbers import NumberSpan
from factcheck.nlp.vocab import Vocab

CLAUSE_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "agent", "npadvmod", "dative", "csubj", "acomp")
MODIFIER_DEPS = ("amod", "compound", "nmod", "poss", "nummod", "quantmod")
LOSS_VERBS = ("destroy", "damage", "hit", "down", "capture", "seize", "shoot", "target", "strike", "sink", "disable",
              "neutralise", "neutralize", "lose", "abandon", "burn")
RESULT_VERBS = ("leave", "render", "make", "declare", "confirm", "find", "pronounce", "become", "report", "remain")
SHELTER_PREPS = ("to", "into", "in", "at", "from", "out", "inside", "towards", "toward")
SHELTER_WORDS = {"shelter", "camp", "centre", "center", "tent", "refuge", "accommodation", "evacuation", "relief",
                 "home", "house", "village", "safety", "host", "displacement", "collective", "site"}
APPOSITIVE_OPEN = (",", "(", "—", "–")
POSSIBLE = ("could", "may", "might")  # modals of possibility: what follows is a risk, not a count
COUNT_NOUNS = ("number", "total", "figure", "count", "tally", "toll", "estimate")
# verbs whose subject brings about what their object names: "two clans caused the displacement of ..." counts the clans
# as causers, not as displaced
CAUSES = ("cause", "trigger", "spark", "provoke", "prompt", "force", "result", "bring", "precipitate")
PARTITIVE_HEADS = ("unit", "member", "number", "total", "group", "batch", "contingent", "convoy", "column")
# Verbs of saying: the people counted as their subject are speakers, never a count of the dead or the wounded.
SPEAKING = frozenset({"say", "tell", "report", "confirm", "announce", "add", "state", "warn", "write", "describe",
                      "explain", "testify", "recount", "recall"})
# Verbs that say a count reached a level ("the toll crossed 2,800", "deaths topped 1,000"): the subject names the count.
LEVEL_VERBS = frozenset({"cross", "pass", "top", "surpass", "exceed", "reach", "hit", "near", "approach", "breach"})


@dataclass
class Reading:
    """What the parse says a figure counts, and the rules that decided it."""

    category: str
    counted: int | None  # token index of the counted noun
    predicate: int | None  # token index of the verb or noun the count hangs on
    subject: str | None
    kind: str | None
    actor: str | None
    rules: list[str] = field(default_factory=list)
    subset_of: int | None = None  # token index of a whole this figure is among ("six among nine")


def _possible(verb: Token) -> bool:
    """Return True when a verb says what could happen, not what did ("could be displaced", "may have to flee")."""
    node: Token | None = verb
    for _ in range(3):
        if node is None:
            return False
        if any(c.dep_ == "aux" and c.lower_ in POSSIBLE for c in node.children):
            return True
        node = node.head if node.dep_ in ("xcomp",) and node.head.i != node.i else None
    return False


class Reader:
    """Read category and subject of each figure from the dependency parse."""

    def __init__(self, vocab: Vocab) -> None:
        self.v = vocab
        self._category_memo: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}  # a word's categories, once
        self.category_nouns = frozenset().union(*(words["nouns"] for words in vocab.category_words.values()))
        self.meaning = Meaning(vocab, self._counts_persons, self._is_military)
        self.states = frozenset().union(*(c.states for c in vocab.concepts))
        self.casualty_nouns = frozenset().union(*(c.nouns for c in vocab.concepts if c.name == CASUALTIES))
        # hospitals, clinics, medical and trauma centres (the injury concept's places): people taken there are
        # treated, never sheltered; "condition" is a state ("in critical condition"), not a place
        self.treatment_places = frozenset().union(*(c.places for c in vocab.concepts if c.category == "injured")) \
            - {"condition"}
        self.shelter_places = frozenset().union(*(c.places for c in vocab.concepts if c.category == "displaced")) \
            - {"safe", "safer", "safety", "higher", "host", "housing", "collective"}

    # -- counted noun -------------------------------------------------------------
    def counted(self, doc: Doc, span: NumberSpan) -> Token | None:
        """Return the noun the figure counts, or None when it is elided ("40,000 have fled")."""
        h = doc[span.head]
        if h.dep_ in MODIFIER_DEPS and h.head.pos_ in ("NOUN", "PROPN") and h.head.i >= span.end - 1 \
                and h.head.i > h.i and not (h.head.i == span.end and h.head.lower_ in self.states):
            return h.head
        for tok in doc[span.num_start:span.end]:
            of = self._of_object(tok)
            if of is not None and of.i >= span.end - 1:
                return of
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.tag_ in ("NNS", "NNPS", "NN") and \
                nxt.lower_ not in self.states:  # "5 shot in west Baltimore", "3 Dead": a state, not a noun
            return nxt
        if nxt is not None and nxt.pos_ == "ADJ" and span.end + 1 < len(doc) and doc[span.end + 1].pos_ == "NOUN" \
                and nxt.lower_ not in self.v.additional:
            return doc[span.end + 1]
        return None

    def _of_object(self, tok: Token) -> Token | None:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and (obj.pos_ in ("NOUN", "PROPN", "PRON") or
                                               self._word_category(obj, ("noun_heads",))):
                        return obj
        return None

    # -- predicate ------------------------------------------------------------------
    def predicate(self, doc: Doc, anchor: Token) -> Token | None:
        """Climb from the counted noun to the verb or noun it is an argument of."""
        node = anchor
        for _ in range(6):
            dep = node.dep_
            if dep in CLAUSE_DEPS:
                return node.head
            if dep == "pobj":
                prep = node.head
                node = prep.head if prep.dep_ != "ROOT" else prep
                if node.pos_ in ("VERB", "AUX", "ADJ") or node.lemma_ in self.category_nouns:
                    return node
                continue
            if dep in ("conj", "appos"):
                node = node.head
                continue
            if dep == "ROOT":
                return node
            if dep in ("acl", "relcl", "advcl", "ccomp", "xcomp", "prep", "advmod"):
                return node.head
            node = node.head
        return None

    def among(self, doc: Doc, counted: Token | None, pred: Token | None) -> Token | None:
        """Return the whole a figure is said to be among ("six children among nine civilians", "including")."""
        if counted is not None and counted.dep_ == "pobj" and counted.head.lower_ in ("including", "among") \
                and counted.head.head.pos_ in ("NOUN", "PROPN", "NUM"):
            return counted.head.head
        if pred is None or pred.lemma_ != "be":
            return None
        for child in pred.children:
            if child.dep_ == "prep" and child.lower_ in ("among", "of"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    # -- category -------------------------------------------------------------------
    def read(self, doc: Doc, span: NumberSpan, previous: Reading | None = None) -> Reading:
        """Return the category and subject of one figure."""
        counted = self.counted(doc, span)
        anchor = counted if counted is not None else doc[span.head]
        pred = None if self._partitive_whole(anchor, span) else self.predicate(doc, anchor)
        if anchor.dep_ == "conj":
            pred = self._following_verb(doc, span, counted) or pred
        whole = self.among(doc, counted, pred)
        if whole is None and previous is not None and previous.counted is not None and \
                anchor.dep_ == "pobj" and anchor.head.lower_ in ("including", "among"):
            whole = doc[previous.counted]  # "36 soldiers ..., including the 34 killed on Thursday"
        rules: list[str] = []
        cat = self._decide(doc, span, counted, anchor, pred, whole, previous, rules)
        kind, actor, subject = self.subject(doc, span, counted if counted is not None else
                                            self._counted_by_subject(pred), previous)
        if actor is None and pred is not None and counted is not None and counted.dep_ == "dobj":
            actor = self._loser(pred)
        if cat is None and kind in ("troops", "equipment") and self._military(doc, span, counted) and \
                not (pred is not None and pred.lemma_.lower() in LOSS_VERBS):  # "23 tanks destroyed" is a loss
            cat = "deployed"
            rules.append("category.military_noun")
        if cat != "other" and counted is not None and counted.dep_ == "nsubj" and \
                counted.head.lemma_.lower() in SPEAKING:  # "Two law enforcement officials told the AP that ..."
            rules[:] = [r for r in rules if not r.startswith(f"category.{cat}.")] + ["category.other.speakers"]
            cat = "other"
        if cat in ("killed", "injured", "displaced") and counted is not None and self._refuge_count(counted):
            rules[:] = [r for r in rules if not r.startswith(f"category.{cat}.")] + ["category.other.place_of_refuge"]
            cat = None  # "150 relief camps", "12 evacuation centres": places, not people
        if cat in ("killed", "injured") and kind == "homes":
            rules[:] = [r for r in rules if not r.startswith(f"category.{cat}.")]
            cat = None  # "140 homes were razed and 75 more were burnt": the 75 are homes too
        if cat is None:
            cat = "other"
            rules.append("category.default_other")
        return Reading(cat, counted.i if counted is not None else None, pred.i if pred is not None else None,
                       subject, kind, actor, rules, whole.i if whole is not None else None)

    def _decide(self, doc: Doc, span: NumberSpan, counted: Token | None, anchor: Token, pred: Token | None,
                whole: Token | None, previous: Reading | None, rules: list[str]) -> str | None:
        """Return the category the words, the parse, the concepts and at last the clause give, strongest first."""
        cat = self._manner(doc, span, rules) or self._condition(doc, span, rules) or \
            self._appositive(doc, span, counted, rules) or self._from_modifiers(anchor, rules) or \
            self._count_noun(counted, rules) or self._adjacent(doc, span, counted, rules)
        if cat is None and whole is not None:
            # predicate() may return no verb for the whole; that case is not guarded here (unlike pred below)
            whole_pred = self.predicate(doc, whole)
            cat = self._from_modifiers(whole, rules) or self._count_noun(whole, rules) or (
                self._from_predicate(doc, whole, whole_pred, rules) if whole_pred is not None else None)
            if cat:
                rules.append("category.among")
        if cat is None and pred is not None and self._killed_or_injured(anchor, pred):
            cat = "other"  # "12 people were killed or injured": one figure for both
            rules.append("category.other.casualties")
        if cat is None and pred is not None:
            cat = self._from_predicate(doc, anchor, pred, rules)
        if cat is None and counted is not None:
            cat = self._from_noun(counted, rules)
        if cat is None:
            cat = self._from_meaning(doc, span, counted, anchor, pred, previous, rules, clause=False)
        if cat is None:
            cat = self._nearby(doc, span, counted, rules) or self._gapped(anchor, previous, rules)
        if cat is None:
            cat = self._from_meaning(doc, span, counted, anchor, pred, previous, rules, clause=True)
        return cat

    def _gapped(self, anchor: Token, previous: Reading | None, rules: list[str]) -> str | None:
        """Read a verbless conjunct as sharing the figure before it ("709,841 displaced in A and 363,832 in B")."""
        if anchor.dep_ != "conj" or previous is None or previous.category == "other" or \
                any(t.pos_ in ("VERB", "AUX") for t in anchor.subtree):
            return None
        rules.append(f"category.{previous.category}.gapping")
        return previous.category

    def _killed_or_injured(self, anchor: Token, pred: Token) -> bool:
        """Return True when one figure is said killed and injured together ("killed or wounded 30 people")."""
        first = pred.head if pred.dep_ == "conj" else pred
        verbs = [first, *(c for c in first.conjuncts if not own_subject(c, self._counts_persons))]
        if anchor.dep_ not in ("nsubj", "nsubjpass") and not (pred.dep_ == "conj" and anchor.head.i == pred.i and
                                                               not any(c.dep_ == "dobj" for c in first.children)):
            return False
        cats = {self._word_category(v, ("verbs", "adjectives")) for v in verbs if v.pos_ in ("VERB", "ADJ")}
        return {"killed", "injured"} <= cats

    def _condition(self, doc: Doc, span: NumberSpan, rules: list[str]) -> str | None:
        """Read a part given its medical condition: "two victims were taken to hospital, one in critical condition
        and one in stable condition" (a hospital condition is the wounded's, whoever the whole counts)."""
        j = span.end
        if j >= len(doc) or doc[j].lower_ != "in":
            return None
        for tok in doc[j + 1:min(len(doc), j + 6)]:
            if tok.lemma_.lower() == "condition":
                rules.append("category.injured.condition")
                return "injured"
            if tok.is_punct and tok.text != "-" or tok.like_num:
                return None  # "non-critical condition" runs on; "in Dayton, 12 ..." does not
        return None

    def _manner(self, doc: Doc, span: NumberSpan, rules: list[str]) -> str | None:
        """Read a part given its outcome by an adverb: "four shot, one fatally", "two of them critically"."""
        j = span.end
        if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].lower_ in ("them", "whom", "those"):
            j += 2
        concept = self.meaning.manner(doc[j]) if j < len(doc) and doc[j].pos_ == "ADV" else None
        if concept is None:
            return None
        rules.append(f"category.{concept.category}.manner")
        return concept.category

    def _appositive(self, doc: Doc, span: NumberSpan, counted: Token | None, rules: list[str]) -> str | None:
        """Read a figure set off after a group that names its category: the figure is that group's size.

        "The injured, 19 in all, are being treated", "the dead (12 of them children)", "those displaced, some
        40,000 people, ...", whatever the parse hangs the figure on.
        """
        i = span.start - 1
        if i < 1 or doc[i].text not in APPOSITIVE_OPEN:
            return None
        group = doc[i - 1]
        cat = self._word_category(group, ("noun_heads", "adjectives")) or self._concept_label(group)
        if cat not in ("killed", "injured", "displaced"):
            return None
        k = group.i - 1
        while k >= 0 and k > group.i - 3 and doc[k].pos_ in ("ADV", "ADJ"):
            k -= 1  # "the critically injured", "the newly displaced"
        if group.lemma_.lower() not in self.v.category_words[cat]["noun_heads"] and \
                not (k >= 0 and doc[k].lower_ in ("the", "those", "these", "all")):
            return None  # "left the area displaced, 300 people ...": no group is named
        noun = counted if counted is not None and counted.pos_ != "PRON" else None  # "12 of them children"
        if noun is not None and not (self._is_people(noun) or self._humans(noun)):
            return None  # "the dead, three days after the attack"
        if not self._set_off(doc, noun.i + 1 if noun is not None and noun.i >= span.end else span.end, doc[i].text):
            return None
        rules.append(f"category.{cat}.appositive")
        return cat

    def _set_off(self, doc: Doc, j: int, opening: str) -> bool:
        """Return True when the figure's phrase closes right after it: "19 in all,", "12 of them children)"."""
        words = [t.lower_ for t in doc[j:j + 4]]
        tail: tuple[str, ...]
        for tail in (("in", "all"), ("in", "total"), ("all", "told"), ("altogether",), ("so", "far"),
                     ("of", "them"), ("of", "whom")):
            if tuple(words[:len(tail)]) == tail:
                j += len(tail)
                break
        else:
            tail = ()
        if tail in (("of", "them"), ("of", "whom")):
            while j < len(doc) and doc[j].pos_ in ("NOUN", "ADJ"):
                j += 1  # "12 of them children"
        closing = {"(": (")",), ",": (",", ";", "."), "—": ("—", ",", "."), "–": ("–", ",", ".")}[opening]
        return j < len(doc) and doc[j].text in closing

    def _adjacent(self, doc: Doc, span: NumberSpan, counted: Token | None, rules: list[str]) -> str | None:
        """Read the headline and tally style "3 Dead, 2 Hurt", "5 shot", "800 evacuated": a state after the figure."""
        if counted is not None:
            return None
        j = span.end
        while j < len(doc) and doc[j].lower_ in self.v.additional:
            j += 1
        if j >= len(doc) or doc[j].is_punct or (j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN" and
                                                doc[j + 1].dep_ != "npadvmod"):
            return None
        concept = next((c for c in self.v.concepts if doc[j].lower_ in c.states and c.people), None)
        if concept is None:
            return None
        rules.append(rule_id(concept, "adjacent"))
        return concept.category

    def _from_meaning(self, doc: Doc, span: NumberSpan, counted: Token | None, anchor: Token, pred: Token | None,
                      previous: Reading | None, rules: list[str], clause: bool) -> str | None:
        """Read the concept of the group's predicates (or, as a fallback, of the figure's clause)."""
        if not clause:
            sense = self.meaning.read(counted, anchor, pred)
            if sense is None and counted is not None and counted.lemma_.lower() in self.casualty_nouns:
                sense = self._casualty_noun(counted)
        elif counted is None or (self._is_people(counted) or self._humans(counted)) and \
                (counted.lower_ not in self.v.additional or previous is None or
                 previous.kind in ("people", "children", "women", "families", "*")):
            others = [(s.start, s.end) for s in doc._.fc_numbers or [] if s.start != span.start]
            sense = self.meaning.clause(doc, span.start, span.end, counted, others)
        else:
            sense = None
        if sense is None:
            return None
        if sense.concept.name == CASUALTIES and self._others(doc, span, counted):
            if previous is not None and previous.category == "killed" or self._death_before(doc, span):
                rules.append("category.injured.others_beside_toll")
                return "injured"
            rules.append("category.other.casualties_others")  # the extractor looks for a toll just before
            return "other"
        rules.append(sense.rule)
        return sense.concept.category

    def _casualty_noun(self, counted: Token) -> Sense | None:
        """Return the casualties sense of a counted "victims" or "casualties" no predicate explains."""
        concept = next(c for c in self.v.concepts if counted.lemma_.lower() in c.nouns and c.name == CASUALTIES)
        return Sense(concept, "counted_noun", counted.i)

    def _refuge_count(self, counted: Token) -> bool:
        """Return True when the counted noun is a place people stay in: camps, centres, shelters, schools."""
        heads = {"camp", "centre", "center", "site", "tent", "school", "building", "shelter", "settlement"}
        return counted.lemma_.lower() in heads and not self._is_people(counted)

    def _partitive_whole(self, anchor: Token, span: NumberSpan) -> bool:
        """Return True for the whole of "one of the five victims died" or "Of the 900 who fled, 300 returned": the
        verb speaks of the part."""
        of = anchor.head
        if anchor.dep_ == "pobj" and of.lower_ == "of" and of.head.i > of.i and of.head.pos_ in ("VERB", "AUX") and \
                any(c.dep_ in ("nsubj", "nsubjpass") and any(t.like_num for t in c.subtree) for c in of.head.children):
            return True  # "Of the 96,000 people affected, 8,300 were evacuated": the verb is the part's
        return anchor.dep_ == "pobj" and of.lower_ == "of" and of.head.i < of.i and \
            not span.start <= of.head.i < span.end and \
            (of.head.lower_ in ("one", "some", "most", "all", "many", "none", "half", "each", "both", "several")
             or of.head.like_num)

    def _death_before(self, doc: Doc, span: NumberSpan) -> bool:
        """Return True when the sentence tells of a death before the figure ("A woman was killed and two other...")."""
        death = [c for c in self.v.concepts if c.category == "killed"]
        return any(t.lemma_.lower() in c.verbs or t.lower_ in c.states for t in doc[:span.start] for c in death)

    def _others(self, doc: Doc, span: NumberSpan, counted: Token | None) -> bool:
        """Return True for "three others", "three other men", "another two": people beside ones counted before."""
        words = [t.lower_ for t in doc[span.start:span.end + 1]]
        if counted is not None:
            words += [c.lower_ for c in counted.children if c.dep_ == "amod"] + [counted.lower_]
        return any(w in ("other", "others", "another") for w in words)

    def _following_verb(self, doc: Doc, span: NumberSpan, counted: Token | None) -> Token | None:
        """Return the verb right after a coordinated figure ("... and almost 40 more were injured")."""
        j = (counted.i if counted is not None else span.end - 1) + 1
        while j < len(doc) and doc[j].lower_ in self.v.additional:
            j += 1
        saw_aux = False
        while j < len(doc) and doc[j].pos_ == "AUX":
            j, saw_aux = j + 1, True
        if saw_aux and j < len(doc) and doc[j].pos_ in ("VERB", "ADJ"):
            return doc[j]
        return None

    def _count_noun(self, counted: Token | None, rules: list[str]) -> str | None:
        """Read a counted noun that names the count itself: "9,000 deaths", "12,000 injuries", "300 refugees"."""
        if counted is None or counted.lemma_.lower() in ("toll", "life", "victim", "casualty", "body"):
            return None
        cat = self._word_category(counted, ("noun_heads",))
        if cat is None and counted.lemma_.lower() in ("death", "injury", "fatality", "displacement", "evacuation"):
            cat = self._word_category(counted, ("nouns",))
        if cat is None:
            cat = self._concept_label(counted)  # "4,000 returnees", "36,000 déplacés"
        if cat:
            rules.append(f"category.{cat}.count_noun")
        return cat

    def _counted_by_subject(self, pred: Token | None) -> Token | None:
        """Read what "the number of Turkish troops killed ... rose to 17" counts: the subject's of-object."""
        if pred is None:
            return None
        for child in pred.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in COUNT_NOUNS:
                return self._of_object(child)
        return None

    def _loser(self, pred: Token) -> str | None:
        """Return the actor that "lost" the counted soldiers ("the regime has lost 101 soldiers")."""
        if pred.lemma_.lower() != "lose":
            return None
        subj = next((c for c in pred.children if c.dep_ == "nsubj"), None)
        return self._actor(pred.doc, list(subj.subtree)) if subj is not None else None

    def _military(self, doc: Doc, span: NumberSpan, counted: Token | None) -> bool:
        if counted is None:
            return False
        return not (counted.lemma_.lower() in ("unit", "member") and self._of_object(counted) is None)

    def _word_category(self, tok: Token, kinds: tuple[str, ...]) -> str | None:
        cats = self._word_categories(tok, kinds)
        return cats[0] if cats else None

    def _word_categories(self, tok: Token, kinds: tuple[str, ...]) -> list[str]:
        key = (tok.lemma_.lower(), tok.lower_, kinds)
        memo = self._category_memo
        found = memo.get(key)
        if found is None:
            lemma, low = key[0], key[1]
            found = [cat for cat, words in self.v.category_words.items()
                     if any(lemma in words[k] or low in words[k] for k in kinds)]
            if len(memo) < 200_000:
                memo[key] = found
        return found

    def _fitting(self, tok: Token, kinds: tuple[str, ...], counted: Token | None) -> str | None:
        """Return the first category of tok whose context fits ("lost homes" is displaced, "lost soldiers" killed)."""
        return next((c for c in self._word_categories(tok, kinds) if self._verb_fits(tok, c, counted)), None)

    def _from_modifiers(self, noun: Token, rules: list[str]) -> str | None:
        """Read "civilians killed", "displaced persons", "wounded soldiers", "people who died"."""
        for child in noun.children:
            if child.dep_ in ("amod", "acl", "relcl", "compound") and child.i != noun.i:
                cat = self._fitting(child, ("adjectives", "verbs") if child.dep_ != "compound" else ("adjectives",),
                                    noun if noun.pos_ in ("NOUN", "PROPN") else None)
                if cat is None and child.dep_ in ("acl", "relcl"):
                    cat = self._result_word(child.doc, child, None) or self._phrase(child)
                if cat:
                    rules.append(f"category.{cat}.modifier")
                    return cat
        return None

    def _verb_fits(self, verb: Token, cat: str, counted: Token | None) -> bool:
        """Reject weak verbs unless their context says the category ("lose" soldiers, "leave" homeless)."""
        lemma = verb.lemma_.lower()
        people = counted is None or self._is_people(counted)
        if cat in ("killed", "injured") and counted is not None and \
                self._kind_of(counted) in ("homes", "equipment", "munitions"):
            return False
        if cat in ("killed", "injured", "displaced") and counted is not None and \
                counted.lemma_.lower() in self.v.counted.get("things", frozenset()):
            return False
        if lemma == "lose":
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            if any(o.lemma_.lower() in ("home", "house", "shelter", "dwelling") for o in objs):
                return cat == "displaced"
            if any(o.lemma_.lower() == "life" for o in objs):
                return cat == "killed"
            return cat == "killed" and people and counted is not None and counted.dep_ in ("dobj", "conj", "appos")
        if lemma in ("leave", "force", "drive", "send"):
            return any(self._word_category(c, ("adjectives", "verbs")) == cat for c in verb.children
                       if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp", "advcl", "acl")) or \
                (lemma in ("leave",) and any(c.lemma_ in ("home", "house", "village", "town") for c in verb.children
                                             if c.dep_ == "dobj"))
        if lemma == "claim":
            return any(c.lemma_ == "life" for c in verb.children if c.dep_ == "dobj")
        if lemma in ("help", "assist", "participate", "operate", "patrol", "arrive", "move", "pull", "withdraw",
                     "cross", "seek", "escape", "abandon", "treat", "shelter", "count", "record"):
            if cat == "deployed":
                return counted is not None and self._is_military(counted)
            if cat == "displaced" and lemma == "cross":
                return people and not (counted is not None and self._is_military(counted))
            return cat in ("displaced", "injured") and lemma in ("seek", "escape", "abandon", "treat", "shelter") \
                and people
        if cat == "deployed":
            return counted is not None and self._is_military(counted)
        return True

    def _counts_persons(self, tok: Token) -> bool:
        """Return True for nouns that count persons, soldiers included, not their vehicles or homes."""
        if self._kind_of(tok) in ("equipment", "munitions", "homes"):
            return False
        return self._is_people(tok) or self._humans(tok)

    def _is_people(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in self.v.counted.get("people", frozenset()) or self._is_military(tok) or \
            self.v.kinds.get(tok.lower_) in ("people", "children", "women", "families", "troops")

    def _is_military(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if lemma in ("unit", "member"):
            obj = self._of_object(tok)
            return obj is not None and self._is_military(obj)
        return lemma in self.v.counted.get("military", frozenset()) or tok.lower_ in self.v.counted.get(
            "military", frozenset()) or self.v.kinds.get(tok.lower_) in ("troops", "equipment")

    def _from_predicate(self, doc: Doc, anchor: Token, pred: Token, rules: list[str]) -> str | None:
        """Read the verb (and its complements) or the noun the count hangs on."""
        counted = anchor if anchor.pos_ in ("NOUN", "PROPN") and not anchor.like_num else None
        chain = self._predicate_chain(pred)
        if anchor.dep_ not in ("nsubj", "nsubjpass"):
            chain = [t for t in chain if t not in pred.conjuncts]  # "affected 33 million and killed 1,739"
        for tok in chain:
            cat = self._phrase(tok)
            if cat:
                rules.append(f"category.{cat}.phrase")
                return cat
            if tok.lemma_.lower() in LEVEL_VERBS:  # "the death toll has crossed 2,800": the count's noun decides
                cat = self._noun_argument(tok, counted)
                if cat:
                    rules.append(f"category.{cat}.noun_argument")
                    return cat
            cat = self._fitting(tok, ("verbs", "adjectives"), counted)
            if cat == "displaced" and self._to_treatment(tok):
                rules.append("category.injured.treatment_place")  # "evacuated to hospital": the wounded
                return "injured"
            if cat == "displaced" and _possible(tok):
                rules.append("category.other.possible")  # "could be displaced if the dam fails": a risk
                return "other"
            if cat:
                rules.append(f"category.{cat}.predicate")
                return cat
            for child in tok.children:
                if child.dep_ in ("xcomp", "oprd", "acomp", "ccomp") or (child.dep_ == "conj" and tok.lemma_ == "force"):
                    cat = self._fitting(child, ("verbs", "adjectives"), counted)
                    if cat:
                        rules.append(f"category.{cat}.complement")
                        return cat
            cat = self._result_word(doc, tok, counted)
            if cat:
                rules.append(f"category.{cat}.result")
                return cat
            cat = self._noun_argument(tok, counted)
            if cat:
                rules.append(f"category.{cat}.noun_argument")
                return cat
            if self._to_shelter(tok) and (counted is None or self._is_people(counted) or self._kind_of(counted) == "homes"):
                rules.append("category.displaced.destination")
                return "displaced"
        return None

    def _phrase(self, verb: Token) -> str | None:
        """Match multi-word predicates from the rules on lemmas: "take shelter", "lose life", "seek refuge"."""
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        heads = [verb.lemma_.lower()]
        tails = [c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "prt", "acomp", "oprd", "xcomp")]
        tails += [o.lemma_.lower() for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        for cat, phrases in self.v.category_phrases.items():
            for ph in phrases:
                if len(ph) == 2 and ph[0] in heads and ph[1] in tails:
                    return cat
        return None

    def _result_word(self, doc: Doc, verb: Token, counted: Token | None) -> str | None:
        """Read "left homeless", "rendered homeless", "left dead" even when the parse hangs the word elsewhere."""
        if verb.lemma_.lower() not in RESULT_VERBS:
            return None
        for tok in doc[verb.i + 1:verb.i + 3]:
            if tok.pos_ in ("ADJ", "VERB") or tok.dep_ in ("oprd", "acomp", "amod"):
                cat = self._word_category(tok, ("adjectives",))
                if cat and cat != "deployed":
                    return cat
        return None

    def _camp(self, place: Token | None) -> bool:
        """Return True when a noun names a camp or a shelter ("the Bentiu camp", "evacuation centres")."""
        if place is None:
            return False
        words = {place.lemma_.lower()} | {c.lemma_.lower() for c in place.children if c.dep_ in ("amod", "compound")}
        return bool(words & self.shelter_places) and not words & self.treatment_places

    def _to_shelter(self, verb: Token) -> bool:
        """Return True for "moved to safer places", "accommodated at evacuation centres", "forced out of homes".

        A hospital, clinic, medical or trauma centre is no shelter: the meaning reader makes people taken there
        injured (rules/concepts.yaml, injury places).
        """
        if verb.pos_ not in ("VERB",) or self._word_category(verb, ("verbs",)) in ("killed", "injured"):
            return False
        for prep in verb.children:
            if prep.dep_ not in ("prep", "prt") or prep.lower_ not in SHELTER_PREPS:
                continue
            objs = [c for c in prep.subtree if c.dep_ == "pobj"]
            for obj in objs:
                words = {obj.lemma_.lower()} | {c.lemma_.lower() for c in obj.children if c.dep_ in ("amod", "compound")}
                if words & self.treatment_places:
                    continue  # "taken to Wexner Medical Center", "a trauma centre": a place of treatment
                if words & SHELTER_WORDS or (obj.lemma_.lower() in ("place", "area", "location", "ground")
                                             and words & {"safe", "safer", "high", "higher"}):
                    if obj.lemma_.lower() in ("home", "house", "village") and prep.lower_ not in ("from", "out"):
                        continue
                    return True
        return False

    def _to_treatment(self, verb: Token) -> bool:
        """Return True when a verb moves people to a hospital, clinic, medical or trauma centre and nowhere else
        ("evacuated to hospital", "airlifted to a trauma centre"; not "evacuated to schools and a clinic")."""
        found = False
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("to", "into"):
                continue
            for obj in (c for c in prep.subtree if c.dep_ in ("pobj", "conj") and c.pos_ in ("NOUN", "PROPN")):
                words = {obj.lemma_.lower()} | {c.lemma_.lower() for c in obj.children
                                                if c.dep_ in ("amod", "compound")}
                if words & self.treatment_places:
                    found = True
                elif words & (SHELTER_WORDS | {"school", "building", "church", "mosque", "stadium"}):
                    return False
        return found

    def _kind_of(self, tok: Token) -> str | None:
        return self.v.kinds.get(tok.lower_) or self.v.kinds.get(tok.lemma_.lower())

    def _predicate_chain(self, pred: Token) -> list[Token]:
        """Return the predicate, the verbs it is a complement of ("forced to flee"), then its conjuncts."""
        chain = [pred]
        node = pred
        while node.dep_ in ("xcomp", "acomp") and node.head.i != node.i and len(chain) < 3:
            node = node.head
            chain.append(node)
        return chain + [c for c in pred.conjuncts if c.pos_ in ("VERB", "ADJ") and c.i > pred.i and
                        not own_subject(c, self._counts_persons)]

    def _noun_argument(self, verb: Token, counted: Token | None = None) -> str | None:
        """Read "the death toll rose to 100", "bringing the total death toll ... at 4,581"."""
        if verb.pos_ in ("NOUN", "PROPN"):
            return self._word_category(verb, ("nouns",)) or next(
                (c for c in (self._word_category(ch, ("nouns",)) for ch in verb.children if ch.dep_ == "compound")
                 if c), None)
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() == "population" and \
                    self._camp(self._of_object(child)):
                return "displaced"  # "the population of the camp has grown to 112,000"
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in COUNT_NOUNS:
                obj = self._of_object(child)
                if obj is not None:
                    cat = self._from_modifiers(obj, []) or self._word_category(obj, ("noun_heads", "nouns"))
                    if cat:
                        return cat
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ in ("NOUN", "PROPN"):
                if child.dep_ == "dobj" and verb.lemma_.lower() in CAUSES and (counted is None or child.i != counted.i):
                    continue  # the figure counts the causers
                if child.lemma_.lower() in self.casualty_nouns and \
                        (counted is not None and child.i == counted.i or child.dep_ == "nsubjpass"):
                    continue  # "four victims were identified", "the victims, four men, were taken": killed or wounded
                cat = self._word_category(child, ("nouns",))
                comp = [self._word_category(c, ("nouns",)) for c in child.children if c.dep_ in ("compound", "amod")]
                if cat == "killed" and child.lemma_.lower() == "toll" and any(c and c != "killed" for c in comp):
                    return next(c for c in comp if c)
                if cat or any(comp):
                    return cat or next(c for c in comp if c)
        return None

    def _nearby(self, doc: Doc, span: NumberSpan, counted: Token | None, rules: list[str]) -> str | None:
        """Fall back on a category verb right before the figure or right after its noun ("displaces 800,000")."""
        if counted is not None and counted.lemma_.lower() in self.v.counted.get("things", frozenset()):
            return None
        label = self._label(doc, span)
        if label:
            rules.append(f"category.{label}.label")
            return label
        after = (counted.i if counted is not None else span.end - 1) + 1
        following = []
        for tok in doc[after:after + 2]:
            if tok.pos_ in ("CCONJ", "PUNCT", "ADP"):
                break  # "33 million people and killed 1,739": the verb after "and" is another clause's
            following.append(tok)
        for near in [doc[span.start - 1] if span.start > 0 else None, *following]:
            if near is None:
                continue
            cat = self._word_category(near, ("verbs", "adjectives"))
            if cat and cat != "deployed" and self._verb_fits(near, cat, counted):
                rules.append(f"category.{cat}.nearby")
                return cat
        return None

    def _label(self, doc: Doc, span: NumberSpan) -> str | None:
        """Read table-like labels: "Number of displaced: 452", "IDPs total 122 387", "Deaths - 12"."""
        j = span.start - 1
        seen = 0
        while j >= 0 and seen < 5:
            tok = doc[j]
            if tok.is_punct and tok.text not in (":", "-", "–", "(", "="):
                return None
            cat = self._word_category(tok, ("nouns", "noun_heads", "adjectives")) or self._concept_label(tok)
            if cat and cat != "deployed" and tok.lemma_.lower() not in ("toll", "life", "victim", "casualty"):
                return cat
            if tok.pos_ in ("VERB", "AUX", "CCONJ") and tok.dep_ not in ("amod", "compound"):
                return None  # "stabbed to death and two people were beaten": another clause's word
            j -= 1
            seen += 0 if tok.is_punct else 1
        return None

    def _concept_label(self, tok: Token) -> str | None:
        """Return the category of a concept noun or state used as a label ("IDPs:", "Déplacés internes:")."""
        words = {tok.lemma_.lower(), tok.lower_}
        return next((c.category for c in self.v.concepts if c.category != "other" and words & (c.nouns | c.states)),
                    None)

    def _from_noun(self, counted: Token, rules: list[str]) -> str | None:
        cat = self._word_category(counted, ("noun_heads",))
        if cat:
            rules.append(f"category.{cat}.counted_noun")
        return cat

    # -- subject ----------------------------------------------------------------------
    def subject(self, doc: Doc, span: NumberSpan, counted: Token | None,
                previous: Reading | None) -> tuple[str | None, str | None, str | None]:
        """Return (kind, actor, subject text) of what is counted."""
        if counted is None or (counted.lemma_.lower() in self.v.additional and counted.dep_ != "amod"):
            if previous is not None and previous.subject:
                return previous.kind, previous.actor, previous.subject
            return "*", None, "people"  # unsaid: "a strike kills 33" may count soldiers or civilians
        core = counted
        obj = self._of_object(counted) if counted.lemma_.lower() in PARTITIVE_HEADS else None
        words = self._modifiers(counted, span)
        text = " ".join(t.text for t in words)
        if obj is not None:
            text = f"{text} of {' '.join(t.text for t in self._modifiers(obj, span))}"
            core = obj
        kind = self._kind(core, words)
        actor = self._actor(doc, words if obj is None else words + self._modifiers(obj, span))
        return kind, actor, text.strip() or counted.text

    def _modifiers(self, noun: Token, span: NumberSpan) -> list[Token]:
        keep = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")
                and not (span.start <= c.i < span.end) and not c.like_num and c.lower_ not in self.v.additional]
        mods: list[Token] = []
        for k in keep:
            mods += [t for t in k.subtree if not (span.start <= t.i < span.end) and t.dep_ not in ("det", "punct")
                     and not t.like_num]
        return sorted(set(mods + [noun]), key=lambda t: t.i)

    def _kind(self, noun: Token, words: list[Token]) -> str:
        kinds = self.v.kinds
        text = " ".join(t.lower_ for t in words)
        for n in range(min(4, len(words)), 1, -1):
            tail = " ".join(t.lower_ for t in words[-n:])
            if tail in kinds:
                return kinds[tail]
        for key in (noun.lower_, noun.lemma_.lower()):
            if key in kinds:
                return kinds[key]
        if self._humans(noun):
            return "people"  # Palestinians, migrants, miners, pilgrims: people, unless a kind above says more
        return text.split()[-1] if text else noun.lemma_.lower()

    def _humans(self, noun: Token) -> bool:
        """Return True for nouns that count people: demonyms, listed people nouns, agent nouns (-ers, -ists)."""
        lemma = noun.lemma_.lower()
        if lemma in self.v.counted.get("people", frozenset()) or noun.ent_type_ == "NORP":
            return True
        if noun.pos_ == "PROPN" and noun.tag_ == "NNPS":
            return True
        return noun.tag_ == "NNS" and lemma.endswith(("er", "ist", "ian", "ee", "ant", "man", "men", "or", "ite"))

    def _actor(self, doc: Doc, words: list[Token]) -> str | None:
        actors = self.v.actors
        text = " ".join(t.lower_ for t in words)
        best = None
        for phrase, actor in actors.items():
            if f" {phrase} " in f" {text} " and (best is None or len(phrase) > len(best[0])):
                best = (phrase, actor)
        if best:
            return best[1]
        if any(t.lower_ in ("its", "their", "our") for t in words):
            return self._sentence_actor(doc)
        return None

    def _sentence_actor(self, doc: Doc) -> str | None:
        """Resolve "its troops" to the actor named as the sentence's subject ("Turkey has said ...")."""
        for tok in doc:
            if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
                for t in tok.subtree:
                    actor = self.v.actors.get(t.lower_)
                    if actor:
                        return actor
        return None
