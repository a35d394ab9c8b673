"""Find number expressions in a Doc and read each as an interval with its hedge."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from factcheck.nlp.text import doc_text
from factcheck.nlp.vocab import MONTHS, WEEKDAYS, Vocab

SEPARATORS = ",\u00a0\u202f\u2009\u2007 '’"
_DIGITS = re.compile(r"^(\d{1,3}(?:(?:[,\u00a0\u202f\u2009\u2007 '’]|, )\d{3})+|\d+)(?:\.(\d+))?$")
_EURO = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}$")
_LAKH_GROUPS = re.compile(r"^\d{1,2}(?:,\d{2})+,\d{3}$")  # South Asian grouping: 3,00,000 and 1,34,500
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]{1,3})$")
def _one_died(tok: Token) -> bool:
    """Return True when "one" is the subject of a death: "One of the six people shot has died", "one of the
    victims was killed" count the dead; "one of the worst", "one of them said" do not count."""
    if not tok.doc.has_annotation("DEP"):
        return True  # the cheap pass before parsing keeps the sentence; the parse decides
    head = tok.head
    return tok.dep_ == "nsubj" and head.lemma_.lower() in ("die", "succumb") or \
        tok.dep_ == "nsubjpass" and head.lemma_.lower() == "kill"


_PART_OUTCOME = re.compile(r"\s+of\s+(?:them|whom)\s+(?:\w+ly\b|(?:later\s+|also\s+|has\s+|have\s+)?(?:died|was\s+killed|"
                           r"was\s+pronounced\s+dead)\b)")  # "shot, one of them fatally", "and one of them died": a count
MONEY_VERBS = ("cost", "spend", "pay", "worth", "raise", "pledge", "donate", "fund", "earn", "owe", "lend", "borrow",
               "invest", "budget", "allocate", "price", "value", "fine", "charge", "sell", "buy", "afford", "save")
_ANY_DIGIT = re.compile(r"\d")
MAX_VALUE = 1e13  # nothing real is counted past ten trillion
# A count that moved to a new level: "climbed up to 288", "revised the death toll up to 288", "went up to 292". The
# "up to" belongs to the verb (rose to), so the figure is the exact new level, not a ceiling.
_MOVED = re.compile(r"\b(?:climb(?:s|ed|ing)?|r(?:ose|ises?|isen|ising)|went|go(?:es|ne|ing)?|revis(?:e|es|ed|ing)|"
                    r"jump(?:s|ed)?|shot|soar(?:s|ed)?|increas(?:e|es|ed)|mov(?:e|es|ed)|tick(?:s|ed)|crept|"
                    r"swell(?:s|ed)|"
                    r"spik(?:e|es|ed)|push(?:es|ed)|rais(?:e|es|ed)|surg(?:e|es|ed)|mount(?:s|ed)|grow(?:s|n)?|grew)"
                    r"(?:\s+(?:the|its|their|final|official|overall|confirmed|death|casualty|toll|number|count|tally|"
                    r"figure|of|dead|deaths|fatalities))*\s+$", re.I)
# A change from one level to another: "has risen from 207 to 211", "was revised from 288 to 275". The two
# figures are the old and the new value of one count, not the ends of a range.
_CHANGED_FROM = re.compile(r"\b(?:climb(?:s|ed)?|r(?:ose|ises?|isen)|went\s+up|gone\s+up|revised|increas(?:es|ed)|"
                           r"jump(?:s|ed)?|soar(?:s|ed)?|gr(?:ew|own|ows)|fell|fallen|falls|dropp(?:ed)|drops|"
                           r"decreas(?:es|ed)|declin(?:es|ed)|lowered|raised|(?:up|down)(?:wards?)?|swelled|"
                           r"changed|upped|updated|corrected|adjusted)\s+from\s*$", re.I)


@dataclass
class NumberSpan:
    """One number expression: token range, the interval it allows, and why."""

    start: int  # first token, hedge included
    end: int  # one past the last token
    num_start: int  # first token of the figure itself
    head: int  # the token the parse hangs the figure on
    value: float | None
    low: float | None
    high: float | None
    hedge: str
    rules: list[str] = field(default_factory=list)
    vague: bool = False


def _tail_start(text: str, words: int) -> int:
    """Return where the last `words` whitespace-separated runs of text begin (trailing whitespace aside): a
    phrase of that many words that must end the text, with whitespace between its words, cannot start earlier."""
    i = len(text)
    for _ in range(words):
        while i > 0 and text[i - 1].isspace():
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
    return i


def ascii_digits(text: str) -> str:
    """Map Arabic-Indic, full-width and other Unicode digits to ASCII; drop zero-width marks."""
    out = []
    for ch in text:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            try:
                out.append(str(unicodedata.digit(ch)))
                continue
            except (TypeError, ValueError):
                pass
        if unicodedata.category(ch) == "Cf":
            continue
        out.append({"\uff0c": ",", "\uff0e": ".", "\u066b": ".", "\u066c": ","}.get(ch, ch))
    return "".join(out)


def parse_figure(text: str, suffixes: dict[str, float] | None = None) -> float | None:
    """Read a figure written in digits ("3,167", "816 000", "1.2", "3.5m", "3,00,000"); None if it is not one."""
    t = ascii_digits(text.strip())
    if len(t) > 40:
        return None
    m = _DIGITS.match(t)
    if m:
        whole = re.sub(r"[^\d]", "", m.group(1))
        return float(f"{whole}.{m.group(2)}") if m.group(2) else float(whole)
    if _EURO.match(t):
        return float(t.replace(".", ""))
    if _LAKH_GROUPS.match(t):
        return float(t.replace(",", ""))
    m = _SUFFIXED.match(t.lower())
    if m and suffixes and m.group(2) in suffixes:
        return float(m.group(1)) * suffixes[m.group(2)]
    return None


def interval(value: float, hedge: str, band: float) -> tuple[float | None, float | None]:
    """Return the (low, high) interval a hedge gives a value; None is open."""
    if hedge in ("at_least", "more_than"):
        return value, None
    if hedge in ("almost", "up_to", "at_most", "less_than"):
        return None, value
    if hedge == "about":
        return _tidy(value * (1 - band)), _tidy(value * (1 + band))
    return value, value


def _tidy(x: float) -> float:
    return float(round(x, 6)) if not float(x).is_integer() else float(x)


class NumberFinder:
    """Scan a Doc's tokens for figures, word numbers, vague quantifiers, ranges and hedges."""

    def __init__(self, vocab: Vocab) -> None:
        self.v = vocab
        self._patterns: dict[tuple[str, bool], re.Pattern[str]] = {}
        self._text = ""
        vague = {p.text for p in vocab.vague}
        self._first_words = set(vocab.units) | set(vocab.tens) | set(vocab.fractions) | {"a", "an"}
        self._vague_prefixes = {t[:k] for t in vague for k in range(1, len(t) + 1)}
        self._vague_texts = (vague, sorted({len(t) for t in vague}))
        self._starts: dict[str, bool] = {}
        self._before_words = max((len(p.text.split()) for p in vocab.hedge_before), default=0)
        self._any_before = re.compile("|".join(f"(?:{self._pattern(p.text, before=True).pattern})"
                                               for p in vocab.hedge_before) or "(?!x)x", re.I)
        self._start_ids: dict[int, bool] = {}  # the same, by the word's hash in the string store
        self._not_count_text: str | None = None
        self._not_count_at: list[tuple[int, int]] = []

    def __call__(self, doc: Doc) -> list[NumberSpan]:
        return list(self._spans(doc))

    def any(self, doc: Doc) -> bool:
        """Return True when the doc holds a figure, reading no further than the first."""
        return next(self._spans(doc), None) is not None

    def _spans(self, doc: Doc) -> Iterator[NumberSpan]:
        self._text = doc_text(doc)
        after = 0  # tokens before this are inside the last figure
        strings, starts = doc.vocab.strings, self._start_ids
        for i in [i for i, key in enumerate(doc.to_array(LOWER).tolist())  # no Token objects for the other words
                  if starts.get(key) or (key not in starts and self._may_start_id(key, strings[key]))]:
            span = self._at(doc, i) if i >= after else None
            if span is None:
                continue
            after = max(span.end, i + 1)
            if not self._excluded(doc, span):
                yield span

    def _may_start_id(self, key: int, word: str) -> bool:
        known = self._start_ids[key] = self._may_start(word)
        return known

    def _may_start(self, word: str) -> bool:
        """Return False only for a word no figure can start with (what _at reads first), so _at need not look."""
        known = self._starts.get(word)
        if known is None:
            texts, lengths = self._vague_texts
            known = self._starts[word] = (
                not word.isascii() or _ANY_DIGIT.search(word) is not None or word in self._first_words
                or word.split("-")[0] in self.v.tens or word in self._vague_prefixes
                or any(word[:n] in texts for n in lengths if n <= len(word)))
        return known

    # -- reading one expression -------------------------------------------------
    def _at(self, doc: Doc, i: int) -> NumberSpan | None:
        vague = self._vague(doc, i)
        if vague is not None:
            return self._hedged(doc, vague)
        q = self._quantity(doc, i)
        if q is None:
            return None
        end, value, rule = q
        span = NumberSpan(i, end, i, end - 1, value, value, value, "exact", [rule])
        span = self._range(doc, span)
        return self._hedged(doc, span)

    def _vague(self, doc: Doc, i: int) -> NumberSpan | None:
        tok = doc[i]
        rest = self._text[tok.idx:tok.idx + 40].lower()
        for p in self.v.vague:
            if rest.startswith(p.text) and (len(rest) == len(p.text) or not rest[len(p.text)].isalnum()):
                end_char = tok.idx + len(p.text)
                j = i
                while j < len(doc) and doc[j].idx < end_char:
                    j += 1
                low, high = p.payload
                head = j - 1 if doc[j - 1].lower_ != "of" else j - 2
                return NumberSpan(i, j, i, head, None, float(low), None if high is None else float(high),
                                  "vague", [p.rule], vague=True)
        return None

    def _quantity(self, doc: Doc, i: int) -> tuple[int, float, str] | None:
        tok = doc[i]
        value = parse_figure(tok.text, self.v.scale_suffixes)
        if value is not None:
            return self._scaled(doc, i + 1, value, "number.digits")
        return self._words(doc, i)

    def _scaled(self, doc: Doc, j: int, value: float, rule: str) -> tuple[int, float, str]:
        """Apply a following scale word ("1.2 million"), suffix ("3.5 m") or "dozen"."""
        if j < len(doc):
            low = doc[j].lower_
            if low in self.v.scales and low != "hundred" or (low == "hundred" and value < 100):
                return j + 1, value * self.v.scales[low], rule + "+scale"
            if low in self.v.scale_suffixes and doc[j - 1].whitespace_ == "" and low not in ("b",):
                return j + 1, value * self.v.scale_suffixes[low], rule + "+suffix"
            if low in self.v.multiples and value < 100:
                return j + 1, value * self.v.multiples[low], rule + "+multiple"
        return j, value, rule

    def _words(self, doc: Doc, i: int) -> tuple[int, float, str] | None:
        """Read number words: "nine", "a hundred and two", "three-quarters of a million", "two dozen"."""
        v = self.v
        total, current, seen = 0.0, 0.0, False
        words = [t.lower_ for t in doc[i:i + 12]]
        k = 0
        if words and words[0] in ("a", "an") and len(words) > 1 and (words[1] in v.scales or words[1] in v.multiples):
            current, k = 1.0, 1
        frac = self._fraction(words)
        if frac is not None:
            f, used = frac
            return i + used, f, "number.fraction"
        while k < len(words):
            w = words[k]
            if w in v.units:
                current += v.units[w]
            elif w in v.tens:
                current += v.tens[w]
            elif w == "-" and seen and k + 1 < len(words) and words[k + 1] in v.units:
                pass
            elif "-" in w and all(p in v.tens or p in v.units for p in w.split("-")) and w.split("-")[0] in v.tens:
                current += sum(v.tens.get(p, v.units.get(p, 0.0)) for p in w.split("-"))
            elif w in v.scales and (seen or current):
                if w == "hundred":
                    current = max(current, 1.0) * 100
                else:
                    total += max(current, 1.0) * v.scales[w]
                    current = 0.0
            elif w in v.multiples and (seen or current):
                current = max(current, 1.0) * v.multiples[w]
            elif w == "and" and seen and k + 1 < len(words) and (words[k + 1] in v.units or words[k + 1] in v.tens) \
                    and (total or current >= 100):
                pass
            else:
                break
            seen = True
            k += 1
        if not seen:
            return None
        value = total + current
        return i + k, value, "number.words"

    def _fraction(self, words: list[str]) -> tuple[float, int] | None:
        """Read "half a million", "three-quarters of a million", "a quarter of a million"."""
        v = self.v
        k, mult = 0, 1.0
        if words[:1] and words[0] in ("a", "an") and len(words) > 1 and words[1] in v.fractions:
            k = 1
        elif len(words) > 2 and words[0] in v.units and words[1] == "-" and words[2] in v.fractions:
            mult, k = v.units[words[0]], 2
        if k >= len(words) or words[k] not in v.fractions:
            return None
        frac = v.fractions[words[k]] * mult
        k += 1
        if k < len(words) and words[k] == "of":
            k += 1
        if k < len(words) and words[k] in ("a", "an"):
            k += 1
        if k < len(words) and (words[k] in v.scales or words[k] in v.multiples) and words[k] != "hundred":
            return frac * v.scales.get(words[k], v.multiples.get(words[k], 1.0)), k + 1
        return None

    def _range(self, doc: Doc, span: NumberSpan) -> NumberSpan:
        """Extend "22 to 29", "200-300", "between 100 and 300" into a range."""
        j = span.end
        if j + 1 >= len(doc) or doc[j].lower_ not in ("to", "-", "–", "—", "and", "or"):
            return span
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in MONTHS:
            return span  # "since Oct. 7 to 10,328": a date, then a figure
        between = prev is not None and prev.lower_ == "between"
        if prev is not None and prev.lower_ == "from" and _CHANGED_FROM.search(self._text[:doc[span.start].idx]):
            return span  # "risen from 207 to 211": the old level; the new one is a figure of its own
        if doc[j].lower_ in ("and",) and not between:
            return span
        if doc[j].lower_ == "or" and not between and span.value is not None and span.value > 20:
            return span
        second = self._quantity(doc, j + 1)
        if second is None:
            return span
        end2, value2, rule2 = second
        low = span.value or 0.0
        if "+scale" in rule2 and "+scale" not in span.rules[0]:
            scale = self.v.scales.get(doc[end2 - 1].lower_, 1.0)
            if low * scale <= value2:
                low *= scale  # "2 to 3 million"
        if value2 <= low:
            return span
        start = span.start - 1 if between else span.start
        return NumberSpan(start, end2, span.num_start, end2 - 1, None, float(low), float(value2), "range",
                          span.rules + ["hedge.range"])

    def _hedged(self, doc: Doc, span: NumberSpan) -> NumberSpan:
        """Attach a hedge written before ("at least") or after ("or more") the figure."""
        if span.hedge == "range":
            return span
        prefix = self._text[:doc[span.start].idx]
        at = _tail_start(prefix, self._before_words)  # a hedge is the last words before the figure: look there only
        before = self.v.hedge_before if self._any_before.search(prefix, at) else ()  # one search when there is none
        for p in before:
            m = self._pattern(p.text, before=True).search(prefix, at)
            if m:
                if p.payload == "up_to" and m.group(1).lower().startswith("up") and \
                        _MOVED.search(prefix, max(0, m.start(1) - 80), m.start(1)):
                    return NumberSpan(span.start, span.end, span.num_start, span.head, span.value, span.low,
                                      span.high, span.hedge, span.rules + ["hedge.level_reached"], span.vague)
                first = span.start
                while first > 0 and doc[first - 1].idx >= m.start(1):
                    first -= 1
                return self._apply(span, p.payload, p.rule, start=first)
        last = doc[span.end - 1]
        suffix = self._text[last.idx + len(last.text):last.idx + len(last.text) + 16]
        for p in self.v.hedge_after:
            m = self._pattern(p.text, before=False).match(suffix)
            if m:
                return self._apply(span, p.payload, p.rule, end_char=last.idx + len(last.text) + m.end(1), doc=doc)
        return span

    def _pattern(self, phrase: str, before: bool) -> re.Pattern[str]:
        key = (phrase, before)
        pat = self._patterns.get(key)
        if pat is None:
            body = r"\s+".join(re.escape(w) for w in phrase.split())
            edge = r"(?<![\w])" if phrase[0].isalnum() else ""
            tail = r"(?![\w])" if phrase[-1].isalnum() else ""
            pat = re.compile(f"{edge}({body})\\s*$" if before else f"\\s*({body}){tail}", re.I)
            self._patterns[key] = pat
        return pat

    def _apply(self, span: NumberSpan, hedge: str, rule: str, start: int | None = None,
               end_char: int | None = None, doc: Doc | None = None) -> NumberSpan:
        if span.vague:
            low, high = span.low, span.high
            if hedge in ("at_least", "more_than"):
                high = None
            return NumberSpan(start if start is not None else span.start, span.end, span.num_start, span.head,
                              None, low, high, "vague", span.rules + [rule], vague=True)
        assert span.value is not None
        low, high = interval(span.value, hedge, self.v.about_band)
        end = span.end
        if end_char is not None and doc is not None:
            while end < len(doc) and doc[end].idx < end_char:
                end += 1
        return NumberSpan(start if start is not None else span.start, end, span.num_start, span.head, span.value,
                          low, high, hedge, span.rules + [rule])

    # -- what is not a count ----------------------------------------------------
    def _excluded(self, doc: Doc, span: NumberSpan) -> bool:
        """Return True for years, dates, times, durations, money, measures, labels, ordinals, "one of"."""
        if span.vague:
            return self._vague_excluded(doc, span)
        first, last = doc[span.num_start], doc[span.head]
        nxt = self._next_word(doc, span.head + 1)
        prev = doc[span.start - 1] if span.start > 0 else None
        value = span.value if span.value is not None else span.high
        if value is None or not math.isfinite(value) or value > MAX_VALUE:
            return True
        if self._is_year(doc, span) or self._is_date(doc, span, nxt, prev):
            return True
        if nxt is not None and (nxt.lower_ in self.v.units_after or nxt.lemma_.lower() in self.v.units_after):
            return True
        if prev is not None and prev.lower_ in self.v.words_before:
            return True
        if prev is not None and prev.text in ("$", "€", "£", "¥", "#", "№"):
            return True
        if span.value is not None and not float(span.value).is_integer() and span.rules[0] == "number.digits":
            return True  # 7.7: a magnitude, rate or measure, not a count
        lone = first.lower_ in ("one", "a", "an") and span.end - span.num_start == 1
        part = _PART_OUTCOME.match(self._text, last.idx + len(last.text))  # "shot, one of them fatally"
        if lone and not part and not _one_died(first) and \
                (nxt is None or nxt.lower_ in ("of", "another", "by", "day", "point", "place", "time", "way") or first.dep_ in ("nsubj", "dobj")):
            return True
        if first.lower_ == "zero" or lone and prev is not None and prev.lower_ in ("no", "not"):
            return True  # "no one was left stranded"
        text_after = self._text[last.idx + len(last.text):last.idx + len(last.text) + 16].lower()
        if any(text_after.startswith(w) for w in self.v.words_after):
            return True
        if self._entity_says_not_count(doc, span, value) and not self._counts_people(doc, span):
            return True
        return self._in_pattern(doc, span)

    def _entity_says_not_count(self, doc: Doc, span: NumberSpan, value: float) -> bool:
        """Trust the entity recogniser for money and percentages; for dates only when it looks like one."""
        last = doc[span.head]
        label = last.ent_type_
        if label == "PERCENT":
            return True
        if label == "MONEY":
            return self._currency_near(doc, last)
        if label not in ("DATE", "TIME"):
            return False
        if value <= 31 or 1800 <= value <= 2100:
            return True
        ent = next((e for e in doc.ents if e.start <= last.i < e.end), None)
        words = [t.lower_.rstrip(".") for t in ent] if ent is not None else []
        return any(w in MONTHS or w in WEEKDAYS or w in self.v.units_after for w in words)

    def _currency_near(self, doc: Doc, tok: Token) -> bool:
        """Return True when a money entity shows a currency (symbol, code or word), not just a figure and a noun."""
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        lo, hi = (ent.start, ent.end) if ent is not None else (tok.i, tok.i + 1)
        if any(t.lemma_.lower() in MONEY_VERBS for t in doc[max(0, lo - 3):lo]):
            return True  # "it will cost 12 million"
        for t in doc[max(0, lo - 1):min(len(doc), hi + 1)]:
            low = t.lower_
            code = len(t.text) == 3 and t.text.isupper() and t.is_alpha  # USD, EUR
            if t.is_currency or low in self.v.units_after or low in self.v.words_before or code or \
                    any(unicodedata.category(c) == "Sc" for c in t.text):
                return True
        return False

    def _vague_excluded(self, doc: Doc, span: NumberSpan) -> bool:
        nxt = self._next_word(doc, span.end)
        return nxt is not None and (nxt.lower_ in self.v.units_after or nxt.lemma_.lower() in self.v.units_after)

    def _next_word(self, doc: Doc, j: int) -> Token | None:
        while j < len(doc) and (doc[j].is_space or doc[j].text in ("-", "–")):
            j += 1
        return doc[j] if j < len(doc) else None

    def _counts_people(self, doc: Doc, span: NumberSpan) -> bool:
        nxt = self._next_word(doc, span.head + 1)
        if nxt is None:
            return False
        lemma = nxt.lemma_.lower()
        return any(lemma in nouns or nxt.lower_ in nouns for nouns in self.v.counted.values())

    def _is_year(self, doc: Doc, span: NumberSpan) -> bool:
        if span.end - span.num_start != 1 or span.value is None:
            return False
        text = ascii_digits(doc[span.num_start].text)
        if not (len(text) == 4 and text.isdigit() and 1800 <= span.value <= 2100):
            return False
        return not self._counts_people(doc, span)

    def _is_date(self, doc: Doc, span: NumberSpan, nxt: Token | None, prev: Token | None) -> bool:
        if span.value is None or span.value > 31 or not float(span.value).is_integer():
            return False

        def month(t: Token | None) -> bool:
            return t is not None and t.lower_.rstrip(".") in MONTHS and (t.text[0].isupper() or t.lower_ != "may")

        if month(prev) or month(nxt):
            return True
        if prev is not None and prev.lower_.rstrip(".") in WEEKDAYS:
            return True
        return nxt is not None and nxt.lower_ in ("th", "st", "nd", "rd")

    def _in_pattern(self, doc: Doc, span: NumberSpan) -> bool:
        a, b = doc[span.num_start].idx, doc[span.head].idx + len(doc[span.head].text)
        return any(start <= a and b <= end for start, end in self._not_counts())

    def _not_counts(self) -> list[tuple[int, int]]:
        """Return where the not-a-count patterns match the current text, found once per text."""
        if self._not_count_text != self._text:
            self._not_count_text = self._text
            self._not_count_at = [m.span() for pat in self.v.not_count_patterns for m in pat.finditer(self._text)]
        return self._not_count_at
