"""Who a figure is attributed to: "according to OCHA", "the UN said", "a monitor said", a quote's speaker."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from factcheck.nlp.text import doc_text
from factcheck.nlp.wordtrie import longest_first
from factcheck.ruleset import Ruleset

AGGREGATING = ("bring", "take", "raise", "push")
REPORT_NOUNS = ("figure", "data", "tally", "count", "report", "statement", "estimate", "toll", "statistic",
                "number", "record", "update", "database", "assessment", "bulletin")
TOTAL_NOUNS = ("total", "toll", "number", "tally", "count", "figure", "sum")
PRONOUNS = ("it", "he", "she", "they", "we", "i")
ORG_PLURALS = ("organization", "organisation", "agency", "group", "official", "source", "ngo", "charity", "body",
               "government", "country", "state", "ministry", "monitor")
QUOTES = "\"“”‘’'"


@dataclass(frozen=True)
class Body:
    """A known body: canonical name, kind and the aliases that name it."""

    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass
class Mention:
    """A body or speaker named at a position of the article."""

    pos: int
    name: str
    kind: str
    head: str


@dataclass
class Sources:
    """Known bodies and the speakers seen so far in one article."""

    bodies: tuple[Body, ...]
    speech_verbs: frozenset[str]
    according: tuple[str, ...]
    generic: frozenset[str]
    alias_re: re.Pattern[str]
    by_alias: dict[str, Body]
    mentions: list[Mention] = field(default_factory=list)
    titles: frozenset[str] = frozenset()

    def canonical(self, text: str) -> tuple[str, Body | None]:
        """Return the canonical body named in a speaker phrase (longest alias), else the phrase tidied."""
        best: tuple[int, Body] | None = None
        for start in (w.start() for w in re.finditer(r"\b\w", text)):
            m = self.alias_re.match(text, start)
            if m is None:
                continue
            body = self.by_alias[m.group(0).lower()]
            if best is None or len(m.group(0)) > best[0]:
                best = (len(m.group(0)), body)
        if best:
            return best[1].name, best[1]
        return tidy(text), None

    def kind_of(self, head: str) -> str:
        """Return the kind a generic head noun stands for ("observatory" is a monitor)."""
        head = head.lower()
        return {"observatory": "monitor", "office": "agency", "minister": "ministry", "military": "ministry",
                "army": "ministry"}.get(head, head)

    def scan(self, text: str, offset: int = 0) -> None:
        """Record every known body named in text (for resolving "the Observatory" later)."""
        for m in self.alias_re.finditer(text):
            body = self.by_alias[m.group(0).lower()]
            self.mentions.append(Mention(offset + m.start(), body.name, body.kind, body.name.split()[-1].lower()))

    def resolve(self, phrase: str, head: str, pos: int, forward_text: str = "") -> str:
        """Resolve "the Observatory", "a monitor", "the sources" to the body the article names."""
        kind = self.kind_of(head)
        earlier = [m for m in self.mentions if m.pos < pos and (m.kind == kind or m.head == head.lower())]
        indefinite = phrase.lower().startswith(("a ", "an ", "one "))
        if not indefinite and earlier:
            return earlier[-1].name
        if forward_text:
            for m in self.alias_re.finditer(forward_text):
                body = self.by_alias[m.group(0).lower()]
                if body.kind == kind:
                    return body.name
        if earlier:
            return earlier[-1].name
        return tidy(phrase)


def tidy(text: str) -> str:
    """Drop leading articles, surrounding punctuation and an unclosed bracket from a speaker phrase."""
    t = text.strip(" ,.;:" + QUOTES)
    if t.count("(") > t.count(")"):
        t = t[:t.rindex("(")].strip()
    t = re.sub(r"^(?:the|a|an)\s+", "", t, flags=re.I)
    return re.sub(r"\s+", " ", t)


WHO_END = re.compile(r",|\s+(?:during|in|at|on|after|while|when|as|via|through|who|which|from|to|for|late|earlier|"
                     r"this|last|following)\s", re.I)  # where a credited name ends


def is_name(text: str, titles: frozenset[str]) -> bool:
    """Return True for a person's name: two to four capitalised words, none of them a title."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() or w.lower().startswith(("al-", "el-", "bin", "de", "van"))
                                        for w in words) and not any(w.lower() in titles for w in words)


def person_with_role(phrase: str, titles: frozenset[str]) -> str | None:
    """Write "Turkish health minister Fahrettin Koca" as "Fahrettin Koca (Turkish health minister)"; None if no name."""
    words = tidy(phrase).split()
    cut = max((i for i, w in enumerate(words) if w.lower().strip(".,") in titles), default=-1)
    if cut < 0:
        return None
    name = WHO_END.split(" ".join(words[cut + 1:]), maxsplit=1)[0].strip()
    role = words[max(0, cut - 3):cut + 1]  # the title's last words: "Emergency Relief Coordinator"
    while role and role[0].lower() in ("for", "and", "of", "the", "&"):
        role = role[1:]
    return f"{name} ({' '.join(role)})" if is_name(name, titles) else None


_SOURCES: dict[str, tuple[tuple[Body, ...], re.Pattern[str], dict[str, Body]]] = {}


def new_sources(rules: Ruleset) -> Sources:
    """Return a fresh per-article attribution state built from rules/sources.yaml."""
    cached = _SOURCES.get(rules.digest)
    if cached is None:
        data = rules["sources"]
        bodies = tuple(Body(b["name"], b.get("kind", "body"), tuple(b.get("aliases", []))) for b in data["bodies"])
        by_alias: dict[str, Body] = {}
        for b in bodies:
            for a in (b.name, *b.aliases):
                by_alias.setdefault(a.lower(), b)
        alias_re = re.compile(r"(?<![\w.])" + longest_first(by_alias) + r"(?![\w])", re.I)
        cached = (bodies, alias_re, by_alias)
        _SOURCES[rules.digest] = cached
    data = rules["sources"]
    return Sources(cached[0], frozenset(v.lower() for v in data["speech_verbs"]),
                   tuple(a.lower() for a in data["according_to"]), frozenset(g.lower() for g in data["generic_speakers"]),
                   cached[1], cached[2], titles=frozenset(t.lower() for t in data.get("person_titles", [])))


# Events and forces that "claim" lives or "report" nothing: never the source of a figure.
NOT_SPEAKERS = frozenset({"flood", "floods", "quake", "earthquake", "storm", "cyclone", "hurricane", "fire", "wildfire",
                          "blast", "explosion", "strike", "attack", "war", "fighting", "violence", "disaster",
                          "tsunami", "landslide", "outbreak", "epidemic", "virus", "disease", "drought", "heatwave",
                          "shelling", "bombing", "crash", "collapse"})


def _holds_figure(noun: Token, num_i: int) -> bool:
    """Return True when a speaker phrase holds the figure itself or a count of its own ("300 people said")."""
    nums = [t for t in noun.subtree if t.like_num]
    return any(t.i == num_i for t in nums) or (bool(nums) and noun.lemma_.lower() not in ORG_PLURALS)


def _labels(doc: Doc, verb: Token) -> bool:
    """Return True for a headline label misread as a verb ("Turkey-Syria earthquake updates: ...")."""
    return verb.i + 1 < len(doc) and doc[verb.i + 1].text in (":", "|")


def _aggregates(verb: Token) -> bool:
    """Return True for "bringing the total to", "taking the toll to" (an outlet's own sum, not a speaker's)."""
    return verb.lemma_.lower() in AGGREGATING and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in TOTAL_NOUNS for c in verb.children)


class Attributor:
    """Find the source of a figure from the parse of its sentence and its neighbours."""

    def __init__(self, sources: Sources) -> None:
        self.s = sources

    def __call__(self, doc: Doc, num_i: int, sent_pos: int, neighbours: tuple[str, str]) -> tuple[str | None, str]:
        """Return (source, rule id) for the figure at token num_i; sent_pos is the sentence's article offset."""
        found = self._according(doc, num_i)
        spoken = self._speech(doc, num_i)
        if found is not None:
            return self._relayed(doc, found, spoken, sent_pos, neighbours[1])
        if spoken is not None:
            speaker, recipient = spoken
            name = self._finish(speaker, sent_pos, neighbours[1])
            if recipient is not None:
                via, body = self.s.canonical(self._phrase(doc, recipient).text)
                if body is not None and body.kind == "news":
                    name = f"{name} (via {via})"
            return name, "source.speech_verb"
        quoted = self._quote_speaker(doc, neighbours)
        if quoted:
            return self.s.resolve(quoted, quoted.split()[-1], sent_pos, neighbours[1]), "source.quote_speaker"
        return None, "source.none"

    def _relayed(self, doc: Doc, credited: Span, spoken: tuple[Span, Token | None] | None, pos: int,
                 forward: str) -> tuple[str, str]:
        """Credit the body quoted, not the agency relaying it: "AFP, citing the ministry" and "the ministry said,
        according to AFP" are both the ministry via AFP."""
        name = self._finish(credited, pos, forward)
        body = self.s.by_alias.get(name.lower())
        if body is not None and body.kind == "news" and spoken is not None:
            speaker = self._finish(spoken[0], pos, forward)
            if speaker.lower() != name.lower():
                return f"{speaker} (via {name})", "source.relay"
        relay = _RELAY.search(doc_text(doc)[:credited.start_char])
        if relay is not None:
            via, agency = self.s.canonical(relay.group("who"))
            if agency is not None and agency.kind == "news" and via.lower() != name.lower():
                return f"{name} (via {via})", "source.relay"
        return name, "source.according_to"

    def _finish(self, speaker: Span, pos: int, forward: str) -> str:
        """Canonicalise a speaker; resolve pronouns and unnamed speakers from the article."""
        text = speaker.text
        head = speaker.root
        if head.lower_ in PRONOUNS:
            return self._last_speaker(pos) or text
        joined = self._conjoined(speaker)
        if joined is not None:
            return joined
        name, body = self.s.canonical(text)
        if body is not None:
            return name
        proper = any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") for t in speaker)
        if not proper and head.lemma_.lower() in self.s.generic | {head.lower_} \
                and (head.lemma_.lower() in self.s.generic or head.lower_ in self.s.generic):
            name = self.s.resolve(text, head.lemma_.lower(), pos, forward)
            self.s.mentions.append(Mention(pos, name, self.s.kind_of(head.lemma_), head.lemma_.lower()))
            return name  # "He added that ..." points back at it
        if proper:
            name = person_with_role(text, self.s.titles) or name  # "Fahrettin Koca (Turkish health minister)"
        self.s.mentions.append(Mention(pos, name, self.s.kind_of(head.lemma_), head.lemma_.lower()))
        return name

    def _conjoined(self, speaker: Span) -> str | None:
        """Name each of two or more bodies credited together ("the health ministry and the White Helmets")."""
        heads = [speaker.root] + [t for t in speaker.root.conjuncts if t.i > speaker.root.i]
        if len(heads) < 2:
            return None
        names = []
        for h in heads:
            other = {t.i for c in h.children if c.dep_ in ("conj", "cc") for t in c.subtree}
            part = [t for t in h.subtree if t.i not in other]
            name, body = self.s.canonical(" ".join(t.text for t in part))
            if body is None and not any(t.pos_ == "PROPN" for t in part):
                return None
            names.append(name)
        return " and ".join(dict.fromkeys(names))

    def _last_speaker(self, pos: int) -> str | None:
        earlier = [m for m in self.s.mentions if m.pos < pos]
        return earlier[-1].name if earlier else None

    def _according(self, doc: Doc, num_i: int) -> Span | None:
        text = doc_text(doc).lower()
        for phrase in self.s.according:
            for m in re.finditer(rf"(?<![\w]){re.escape(phrase)}\s+", text):
                span = doc.char_span(m.end(), len(doc_text(doc)), alignment_mode="expand")
                if span is None or not len(span):
                    continue
                first = span[0]
                if first.lower_ in ("what", "whatever"):  # "according to what the United Nations announced"
                    first = next((t for t in span[1:8] if t.dep_ in ("nsubj", "nsubjpass") and
                                  t.pos_ in ("NOUN", "PROPN")), first)
                obj = first if first.dep_ in ("pobj", "nsubj", "nsubjpass") else next(
                    (t for t in span[:4] if t.dep_ in ("pobj", "dobj") or t.pos_ in ("PROPN", "NOUN")), first)
                root = obj
                while root.dep_ in ("compound", "amod", "poss", "det", "case") and root.head.i > root.i:
                    root = root.head
                return self._credited(doc, root)
        return None

    def _speech(self, doc: Doc, num_i: int) -> tuple[Span, Token | None] | None:
        """Climb from the figure to a speech verb, not crossing adverbial or relative clauses."""
        node = doc[num_i]
        for _ in range(12):
            if node.dep_ == "advcl" and _aggregates(node):
                return None  # "..., bringing the total to 4,581": the outlet's own sum
            parent = node.head
            if parent.i == node.i:
                return self._trailing_speech(doc, node, num_i)
            if parent.lemma_.lower() in self.s.speech_verbs and parent.pos_ in ("VERB", "AUX"):
                speaker = self._speaker(doc, parent, num_i) if not _labels(doc, parent) else None
                if speaker is not None:
                    recipient = next((c for c in parent.children if c.dep_ in ("dative", "dobj")
                                      and c.pos_ in ("PROPN", "NOUN") and c.i != node.i), None)
                    return speaker, recipient
            node = parent
        return None

    def _trailing_speech(self, doc: Doc, root: Token, num_i: int) -> tuple[Span, Token | None] | None:
        """Read "X killed 45 people, health officials said" when the parse hangs "said" under the root."""
        for child in root.children:
            if child.i > num_i and child.dep_ in ("ccomp", "parataxis", "advcl", "conj") and \
                    child.lemma_.lower() in self.s.speech_verbs and child.pos_ in ("VERB", "AUX"):
                speaker = self._speaker(doc, child, num_i)
                if speaker is not None:
                    return speaker, None
        return None

    def _speaker(self, doc: Doc, verb: Token, num_i: int = -1) -> Span | None:
        for child in verb.children:
            if child.dep_ == "nsubj" and child.lower_ not in ("that", "which", "who") and not child.like_num \
                    and child.pos_ in ("NOUN", "PROPN", "PRON") and not _holds_figure(child, num_i):
                if child.lemma_.lower() in NOT_SPEAKERS:
                    return None  # "floods claimed the lives of 170 people": an event, no one said it
                return self._credited(doc, child)
            if child.dep_ == "agent":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self._phrase(doc, obj)
        if verb.dep_ == "conj" and verb.head.lemma_.lower() in self.s.speech_verbs:
            return self._speaker(doc, verb.head, num_i)
        return None

    def _credited(self, doc: Doc, noun: Token) -> Span:
        """Return who a report noun is credited to ("the ministry's figures", "a report issued by SOHR"), else the noun."""
        if noun.lemma_.lower() not in REPORT_NOUNS and noun.lower_ not in REPORT_NOUNS:
            return self._phrase(doc, noun)
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None:
            return self._phrase(doc, owner)  # "the ministry's latest figures" is the ministry
        for child in noun.children:
            by = child if child.dep_ == "prep" and child.lower_ in ("from", "by", "of") else next(
                (c for c in child.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from")), None) \
                if child.dep_ == "acl" else None
            obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            if obj is not None and (obj.pos_ == "PROPN" or obj.lemma_.lower() in self.s.generic
                                    or self.s.canonical(obj.text)[1] is not None):
                return self._phrase(doc, obj)
        return self._phrase(doc, noun)

    def _phrase(self, doc: Doc, head: Token) -> Span:
        """Return the noun phrase of head without relative clauses and trailing punctuation."""
        cut: set[int] = set()
        for child in head.children:
            if child.dep_ in ("relcl", "acl", "advcl", "prep") and child.i > head.i and child.lower_ not in ("of", "for"):
                cut |= {t.i for t in child.subtree}
        idx = sorted(t.i for t in head.subtree if t.i not in cut and (not t.is_punct or t.text in ".'’-"))
        while idx and doc[idx[-1]].dep_ == "cc" and idx[-1] > head.i:
            idx.pop()  # "the interior ministry and [a channel the parse left out]": not "... ministry and"
        if not idx:
            return doc[head.i:head.i + 1]
        return doc[idx[0]:idx[-1] + 1]

    def _quote_speaker(self, doc: Doc, neighbours: tuple[str, str]) -> str | None:
        """For a quoted sentence with no speech verb, take the speaker named around the quote."""
        text = doc_text(doc).strip()
        if not text or text[0] not in QUOTES:
            return None
        prev, nxt = neighbours
        m = _AFTER_QUOTE.search(prev)
        if m:
            return m.group("who")
        m = _LEADS_NEXT.match(nxt.strip())
        if m:
            return m.group("who") or m.group("who2")
        return None


_RELAY = re.compile(r"\b(?P<who>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*(?:,\s*|\s+(?:said|reported|says|reports)"
                    r"(?:\s+on\s+\w+)?,?\s*)(?:citing|quoting)\s+$")
_WHO = r"(?P<who>(?:the |a |an )?[\w’'.-]+(?: [\w’'.-]+){0,6}?)"
_SAYS = r"(?:said|says|added|wrote|told|stated|announced|reported|noted)"
_AFTER_QUOTE = re.compile(rf"[,.]?[”\"’]\s*,?\s*{_WHO}\s+{_SAYS}\b", re.I)
_LEADS_NEXT = re.compile(rf"^{_WHO}\s+{_SAYS}\b|^{_SAYS}\s+{_WHO.replace('?P<who>', '?P<who2>')}[.,]", re.I)
