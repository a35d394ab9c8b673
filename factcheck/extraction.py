"""Turn articles into claims; the last place spaCy types exist."""
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from factcheck.counting import INCIDENT, classify
from factcheck.gazetteer import Gazetteer, PlaceHit, build_gazetteer
from factcheck.models import Article, Claim, Skipped, stable_id
from factcheck.nlp.attribution import Attributor, new_sources
from factcheck.nlp.components import add_components
from factcheck.nlp.meaning import death_words
from factcheck.nlp.numbers import NumberFinder, NumberSpan
from factcheck.nlp.syntax import Reading
from factcheck.nlp.timex import TimeMention, describe, find_times
from factcheck.nlp.vocab import Vocab, build_vocab
from factcheck.ruleset import Ruleset

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from factcheck.stages import Options

_DIGIT = re.compile(r"\d")
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|across|inside|throughout|into|to|of|around|outside|within|on|"
                       r"toward|towards|along|over|off)\s+(?:the\s+)?(?:[\w'’-]+,?\s+){0,4}$", re.I)
_IMPACT = re.compile(r"\b(?:struck|strikes|strike|hit|hits|battered|batters|rocked|rocks|shook|shakes|swept|sweeps|"
                     r"ravaged|ravages|devastated|devastates|flooded|floods|pounded|pounds|shelled|shells|bombed|"
                     r"bombs|invaded|invades|entered|enters|crossed|crosses)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
_GEO_OWNER = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,2}(?:province|region|mountains?|north|south|east|west|northwest|"
                        r"northeast|southwest|southeast|capital|border|coast|city|countryside|state|district|"
                        r"county|valley|desert|island|islands|highlands|interior)\b", re.I)
_MANNER = re.compile(r"(?:\s+of\s+(?:them|whom))?\s+\w+ly\b")  # "one fatally", "two of them fatally"
_PART_GAP = re.compile(r"^[^\d,;.]{0,40}[,;]\s*$")  # "6 shot, 2 killed", "Four people were shot, one fatally"
_PLACE_JOIN = re.compile(r"^(?:\s*(?:,|and|or|&)\s*|\s+(?:provinces?|regions?|governorates?|and)\s+|['’]s\s+)+$", re.I)


@dataclass
class Sentence:
    """A sentence found by the cheap first pass: its span and its place in the article."""

    start: int
    end: int
    text: str
    para: int
    headline: bool = False


class Extractor:
    """Hold the pipeline and the compiled rules; extract the claims of one article at a time."""

    def __init__(self, rules: Ruleset, nlp: Language | None = None) -> None:
        from factcheck.nlp.pipeline import load_nlp, load_splitter

        self.rules = rules
        self.vocab: Vocab = build_vocab(rules)
        self.gaz: Gazetteer = build_gazetteer(rules)
        self.nlp = add_components(nlp if nlp is not None else load_nlp(), rules)
        self.splitter = load_splitter()
        self._precheck = NumberFinder(self.vocab)  # on tokens alone it finds every figure the parse could keep
        self._glued = self.nlp.get_pipe("factcheck_glued")  # "least140,000" must reach the precheck split
        self._death = death_words(self.vocab)  # "A man was killed. Two others were shot": the others are wounded
        words = sorted(self.vocab.number_words, key=len, reverse=True)
        self._trigger = re.compile(r"\d|\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)

    # -- first pass ---------------------------------------------------------------
    def sentences(self, article: Article) -> list[Sentence]:
        """Split the article into sentences (newlines are hard breaks), leaving out dropped furniture."""
        text = article.text
        lines: list[tuple[int, str]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip() and not _inside_dropped(article, pos, pos + len(line)):
                if lines and _wrapped(lines[-1][1], line) and lines[-1][0] + len(lines[-1][1]) + 1 == pos:
                    lines[-1] = (lines[-1][0], lines[-1][1] + "\n" + line)  # a hard-wrapped sentence goes on
                else:
                    lines.append((pos, line))
            pos += len(line) + 1
        out: list[Sentence] = []
        for n, ((off, line), doc) in enumerate(zip(lines, self.splitter.pipe(ln for _, ln in lines))):
            for sent in doc.sents:
                s_text = sent.text
                if s_text.strip():
                    lead = len(s_text) - len(s_text.lstrip())
                    start = off + sent.start_char + lead
                    out.append(Sentence(start, start + len(s_text.strip()), s_text.strip(), n,
                                        headline=(n == 0 and not s_text.rstrip().endswith((".", "!", "?")))))
        return out

    def candidates(self, sents: list[Sentence]) -> list[int]:
        """Return the indexes of sentences that may hold a figure (a cheap finder run, no parse)."""
        return [i for i, s in enumerate(sents) if self._trigger.search(s.text)
                and self._precheck(self._glued(self.splitter.make_doc(s.text)))]

    # -- one article ----------------------------------------------------------------
    def extract(self, article: Article, budget: float | None = None) -> list[Claim]:
        """Return the claims of one article, in text order."""
        started = time.monotonic()
        sents = self.sentences(article)
        pub = _parse_date(article.published)
        sources = new_sources(self.rules)
        sources.scan(_visible(article), 0)
        attributor = Attributor(sources)
        places = [_locative(s.text, self.gaz.find(s.text)) for s in sents]
        main_place = _main_place(self.gaz, places)
        picked = self.candidates(sents)
        claims: list[Claim] = []
        tolls: set[int] = set()  # sentences that give a death toll
        docs = self.nlp.pipe(sents[i].text for i in picked)
        for i, doc in zip(picked, docs):
            if budget is not None and time.monotonic() - started > budget:
                raise TimeoutError(article.path)
            neighbours = (sents[i - 1].text if i > 0 else "", " ".join(s.text for s in sents[i + 1:i + 3]))
            context_place = _context_place(self.gaz, sents, places, i, main_place)
            found = self._sentence_claims(article, sents[i], doc, pub, attributor, neighbours, context_place)
            found = _casualty_split(article, _others_beside_toll(found, self._toll_before(sents, i, tolls)))
            tolls |= {i} if any(c.category == "killed" for c in found) else set()
            claims += found
        return claims

    def _toll_before(self, sents: list[Sentence], i: int, tolls: set[int]) -> bool:
        """Return True when one of the two sentences before, in the same paragraph, tells of deaths."""
        return any(j >= 0 and sents[j].para == sents[i].para and (j in tolls or bool(self._death.search(sents[j].text)))
                   for j in (i - 1, i - 2))

    def _sentence_claims(self, article: Article, sent: Sentence, doc: Doc, pub: date | None, attributor: Attributor,
                         neighbours: tuple[str, str], context_place: PlaceHit | None) -> list[Claim]:
        times = find_times(doc.text, pub)
        hits = _locative(doc.text, self.gaz.find(doc.text))
        out: list[Claim] = []
        readings: list[Reading] = []
        seen: dict[str, int] = {}
        for span, reading in zip(doc._.fc_numbers, doc._.fc_readings):  # set by factcheck's spaCy components
            if _inside_dropped(article, sent.start + doc[span.start].idx, sent.start + doc[span.end - 1].idx + 1):
                continue
            source, source_rule = attributor(doc, span.head, sent.start, neighbours)
            if sent.headline and source_rule != "source.according_to":
                source, source_rule = _headline_source(doc.text) or (source, source_rule)
            place = self._place(doc, span, hits, context_place)
            timing = _timing(doc, span, reading, times, pub)
            out.append(self._claim(article, sent, doc, span, reading, source, source_rule, place, timing, seen))
            readings.append(reading)
        return _link_parts(out, readings)

    def _place(self, doc: Doc, span: NumberSpan, hits: list[PlaceHit],
               context: PlaceHit | None) -> tuple[str | None, str | None]:
        """Return (location as written, place key): the named places nearest the figure, else the context's."""
        if not hits:
            return (context.text, context.key) if context else (None, None)
        runs: list[list[PlaceHit]] = [[hits[0]]]
        for h in hits[1:]:
            gap = doc.text[runs[-1][-1].end:h.start]
            if _PLACE_JOIN.match(gap):
                runs[-1].append(h)
            else:
                runs.append([h])
        at = doc[span.head].idx
        run = min(runs, key=lambda r: (0 if r[0].start > at else 1, abs(r[0].start - at)))
        keys = list(dict.fromkeys(h.key for h in run))
        deepest = [k for k in keys if not any(o != k and self.gaz.contains(k, o) for o in keys)]
        if len(deepest) == 1:
            hit = next(h for h in run if h.key == deepest[0])
            return hit.text, hit.key
        text = " and ".join(dict.fromkeys(h.text for h in run if h.key in deepest))
        return text, "+".join(sorted(deepest))

    def _claim(self, article: Article, sent: Sentence, doc: Doc, span: NumberSpan, reading: Reading,
               source: str | None, source_rule: str, place: tuple[str | None, str | None], timing: dict[str, Any],
               seen: dict[str, int]) -> Claim:
        a, b = doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1].text)
        number_text = doc.text[a:b]
        q_end = b
        if reading.counted is not None and reading.counted >= span.end:
            q_end = doc[reading.counted].idx + len(doc[reading.counted].text)
        quote = doc.text[a:q_end]
        occurrence = seen.get(number_text, 0)
        seen[number_text] = occurrence + 1
        actor = reading.actor or "*"
        count = classify(reading.category, sent.text, timing["start"], timing["end"], timing["as_of"], timing["cumulative"], a,
                         "time.cumulative_since_event" in timing["rules"])
        return Claim(
            id=stable_id("c", article.doc, sent.text, number_text, occurrence),
            doc=article.doc, number_text=number_text, quote=quote, value=span.value, low=span.low, high=span.high,
            hedge=span.hedge, category=reading.category, subject=reading.subject, location=place[0],
            time=timing["time"], source=source, start=sent.start + a, end=sent.start + b, sentence=sent.text,
            outlet=article.outlet, published=article.published, subject_key=f"{actor}:{reading.kind or 'thing'}",
            place=place[1], period_start=timing["start"], period_end=timing["end"], as_of=timing["as_of"],
            cumulative=timing["cumulative"], source_key=(source or "").lower() or None, sentence_start=sent.start,
            rules=tuple(dict.fromkeys(span.rules + reading.rules + [source_rule] + timing["rules"]
                                      + ([count.rule] if count.rule else []))),
            count_kind=count.kind, incident_date=count.date if count.kind == INCIDENT else None,
        )


def _others_beside_toll(claims: list[Claim], toll_before: bool) -> list[Claim]:
    """Read "Three other men were also hit by gunfire" after a toll as the wounded beside the dead."""
    if not toll_before:
        return claims
    return [replace(c, category="injured", rules=c.rules + ("category.injured.others_beside_toll",))
            if "category.other.casualties_others" in c.rules else c for c in claims]


def _casualty_split(article: Article, claims: list[Claim]) -> list[Claim]:
    """Add the wounded a split leaves: "four shot, one fatally" is 1 killed and 3 injured (a derived claim)."""
    out = list(claims)
    for n, total in enumerate(claims):
        if not any(r.startswith("category.other.casualties") for r in total.rules) or total.hedge != "exact" \
                or total.value is None:
            continue
        dead = [c for c in claims[n + 1:] if c.category == "killed" and c.hedge == "exact" and c.start > total.end
                and (_part_after(article.text[total.end:c.start]) or (c.subject or "").lower() in ("them", "whom"))]
        killed = sum(c.value or 0 for c in dead)
        if not dead or killed >= total.value:
            continue
        manner = _MANNER.match(article.text, dead[-1].end)
        end = manner.end() if manner else dead[-1].end
        text = article.text[total.start:end]
        rest = total.value - killed
        out.append(replace(total, id=stable_id("c", article.doc, total.sentence, text, "remainder"), number_text=text,
                           quote=text, value=rest, low=rest, high=rest, category="injured", end=end, part_of=None,
                           rules=total.rules + ("category.injured.split_remainder",)))
    return sorted(out, key=lambda c: (c.start, c.end)) if len(out) > len(claims) else out


def _part_after(gap: str) -> bool:
    """Return True when only a short clause and a comma lie between a shot figure and a killed part."""
    return bool(_PART_GAP.match(gap))


def _link_parts(claims: list[Claim], readings: list[Reading]) -> list[Claim]:
    """Point a claim said to be among another ("six children among nine civilians") at that claim."""
    by_counted = {r.counted: c.id for c, r in zip(claims, readings) if r.counted is not None}
    out = []
    for c, r in zip(claims, readings):
        whole = by_counted.get(r.subset_of) if r.subset_of is not None else None
        out.append(replace(c, part_of=whole, rules=c.rules + ("relation.among",)) if whole and whole != c.id else c)
    return out


def _timing(doc: Doc, span: NumberSpan, reading: Reading, times: list[TimeMention],
            pub: date | None) -> dict[str, Any]:
    """Pick the time mentions that speak of this figure; return period, as-of and a description."""
    events = [t for t in times if not t.statement]
    statement = next((t for t in times if t.statement and t.period_end), None)
    ref = date.fromisoformat(statement.period_end) if statement and statement.period_end else pub
    own = _own(doc, reading, events)
    shared = [t for t in events if t.cumulative]  # "since ..." speaks for every figure of the sentence
    if not shared and len(events) == 1:
        shared = events  # the one date a sentence gives is the date of its figures
    chosen = own[0] if own else (shared[0] if shared else None)
    if chosen is not None and chosen.rule in ("time.last_n", "time.in_a_unit") and ref is not None:
        again = find_times(chosen.text, ref)
        chosen = again[0] if again else chosen
    cumulative = bool(chosen and chosen.cumulative) or _cumulative_wording(doc, reading)
    as_of = (statement.period_end if statement else None) or (pub.isoformat() if pub else None)
    rules = [chosen.rule] if chosen else []
    if chosen is None:
        return {"time": statement.period_end if statement else None, "start": None, "end": None, "as_of": as_of,
                "cumulative": cumulative, "rules": rules + (["time.statement_date"] if statement else [])}
    tally = cumulative or reading.category in ("killed", "injured", "displaced")
    if tally and not chosen.cumulative and chosen.period_start and chosen.period_start == chosen.period_end \
            and as_of and as_of > chosen.period_start:
        # "the toll from Friday's quake has risen to 2,012": the date opens the count, the report date closes it
        end: str | None = as_of if as_of and chosen.period_start and as_of >= chosen.period_start \
            else chosen.period_end
        return {"time": f"{chosen.period_start}/{end}" if end != chosen.period_start else chosen.period_start,
                "start": chosen.period_start, "end": end, "as_of": end, "cumulative": True,
                "rules": rules + ["time.cumulative_since_event"]}
    end = chosen.period_end if not (chosen.cumulative and not chosen.period_end) else None
    desc = describe(chosen.period_start, end, chosen.cumulative, chosen.precision, chosen.qualifier, chosen.text)
    as_of = chosen.period_end or as_of
    return {"time": desc, "start": chosen.period_start, "end": chosen.period_end or as_of, "as_of": as_of,
            "cumulative": cumulative, "rules": rules}


def _cumulative_wording(doc: Doc, reading: Reading) -> bool:
    """Return True for running totals: "death toll", "so far", "has risen to", "bringing the total"."""
    text = doc.text.lower()
    if any(c in text for c in ("toll", "so far", "to date", "in total", "tally")):
        return True  # not "in all", "altogether": "The injured, 19 in all" sums one incident's group
    if reading.predicate is None:
        return False
    pred = doc[reading.predicate]
    return pred.lemma_.lower() in ("rise", "climb", "reach", "increase", "jump", "surpass", "exceed") or \
        any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in pred.children)


def _own(doc: Doc, reading: Reading, events: list[TimeMention]) -> list[TimeMention]:
    """Return the time mentions inside the clause of the figure's predicate."""
    if reading.predicate is None:
        return []
    pred = doc[reading.predicate]
    lo = min(t.idx for t in pred.subtree)
    hi = max(t.idx + len(t.text) for t in pred.subtree)
    return [t for t in events if lo <= t.start and t.end <= hi]


def _headline_source(text: str) -> tuple[str, str] | None:
    """Read "'109 Russian troops killed' - Anadolu Agency": a quoted headline credited after a dash."""
    m = re.search(r"[’'\"“”].+[’'\"“”].*\s[-–—]\s+(?P<who>[A-Z][\w .&'-]{1,60})$", text.strip())
    return (m.group("who").strip(), "source.headline_credit") if m else None


def _locative(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Keep places named as where something happened ("in Idlib", "struck Morocco's High Atlas"), not actors."""
    out = []
    for h in hits:
        after = text[h.end:h.end + 40]
        if after[:2] in ("'s", "’s") and not _GEO_OWNER.match(after):
            continue  # "Russia's defence ministry" names an actor
        if _LOCATIVE.search(text[max(0, h.start - 60):h.start]) or not h.text[:1].isupper() \
                or _IMPACT.search(text[max(0, h.start - 40):h.start]) or _GEO_OWNER.match(after):
            out.append(h)
    return out


def _wrapped(previous: str, line: str) -> bool:
    """Return True when a line break falls inside a sentence (text wrapped by a PDF or an email)."""
    prev, nxt = previous.rstrip(), line.lstrip()
    return bool(prev) and bool(nxt) and prev[-1] not in ".!?:;\"”’" and (nxt[0].islower() or nxt[0].isdigit()) \
        and line[:1] not in " \t"


def _inside_dropped(article: Article, start: int, end: int) -> bool:
    return any(d.start <= start and end <= d.end for d in article.dropped)


def _visible(article: Article) -> str:
    """Return the text with dropped spans blanked (same length, so offsets hold)."""
    if not article.dropped:
        return article.text
    chars = list(article.text)
    for d in article.dropped:
        for k in range(d.start, min(d.end, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _main_place(gaz: Gazetteer, places: list[list[PlaceHit]]) -> PlaceHit | None:
    """Return the place the article is about: the most named, ties to the earliest."""
    counts: dict[str, int] = {}
    first: dict[str, PlaceHit] = {}
    for hits in places:
        for h in hits:
            for k in gaz.chain(h.key):
                counts[k] = counts.get(k, 0) + 1
            first.setdefault(h.key, h)
    if not counts:
        return None
    lead = {h.key for hits in places[:2] for h in hits}
    best = max(first, key=lambda k: (counts.get(k, 0), gaz.depth(k) if counts.get(k, 0) > 1 else 0))
    if counts.get(best, 0) < 2 and best not in lead:
        return None  # a place named once, deep in the story, is not what the story is about
    return first[best]


def _context_place(gaz: Gazetteer, sents: list[Sentence], places: list[list[PlaceHit]], i: int,
                   main: PlaceHit | None) -> PlaceHit | None:
    """Return the place a sentence without one inherits: the same paragraph's last, else the article's."""
    for j in range(i - 1, -1, -1):
        if sents[j].para != sents[i].para:
            break
        if places[j]:
            return places[j][-1]
    return main


def extract_articles(items: Iterable[Article | Skipped], rules: Ruleset, options: Options) -> Iterator[
        Article | Skipped | Claim]:
    """Yield each article followed by its claims (or a Skipped for one over its time budget), in order."""
    extractor: Extractor | None = None
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        if extractor is None:
            extractor = Extractor(rules)
        try:
            claims = extractor.extract(item, budget=options.time_budget)
        except TimeoutError:
            yield Skipped(item.path, f"extraction took longer than {options.time_budget:g} s",
                          "raise --time-budget or split the article")
            continue
        yield item
        yield from claims
