"""The gazetteer: place names, their aliases and which place lies inside which (no spaCy here)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from factcheck.errors import RulesError
from factcheck.ruleset import Ruleset, compiled


@dataclass(frozen=True)
class PlaceHit:
    """A place named in a text: char span, the alias as written, and its key."""

    start: int
    end: int
    text: str
    key: str


@dataclass
class Gazetteer:
    """Place keys (lower-case names), their display names, parents and aliases."""

    names: dict[str, str] = field(default_factory=dict)  # key -> display name
    parents: dict[str, str | None] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # lower alias -> key
    demonyms: dict[str, str] = field(default_factory=dict)  # lower demonym -> country key
    regions: list[Region] = field(default_factory=list)
    _trie: dict[str, object] = field(default_factory=dict)
    towns: frozenset[str] = frozenset()  # keys of small places, named only beside the region or country they lie in

    def country(self, key: str | None) -> str | None:
        """Return the country a place lies in (the outermost place of its chain)."""
        chain = self.chain(key)
        return chain[-1] if chain else None

    def region_key(self, template: str, country: str) -> str:
        """Return the key of a region of a country ("government-controlled areas of Syria")."""
        display = template.format(country=self.names.get(country, country))
        return self.aliases.get(display.lower(), display.lower())

    def find_regions(self, text: str, default_country: str | None) -> list[PlaceHit]:
        """Return regions named relative to a country ("government-held areas", "the south-east of the country")."""
        found = sorted(((m, r) for r in self.regions if r.words is None or r.words.search(text)
                        for m in r.pattern.finditer(text)),
                       key=lambda mr: (mr[0].start(), -mr[0].end()))
        out: list[PlaceHit] = []
        for m, region in found:
            if out and m.start() < out[-1].end:
                continue
            if region.name.startswith(_DIRECTIONS) and self._below_country_after(text, m.end()):
                continue  # "the eastern region of Valencia" is Valencia, not the east of Spain
            end, country = self._country_after(text, m.end())
            country = country or self._country_within(m.group(0)) or self._country_before(text, m.start())
            country = country or (self.country(out[-1].key) if out else None) or default_country
            if country is not None:
                key = self.region_key(region.name, country)
                out.append(PlaceHit(m.start(), end, self.names.get(key, key), key))
        return out

    def _country_after(self, text: str, at: int) -> tuple[int, str | None]:
        """Read "of Syria" / "of the country" right after a region phrase; return (end, country)."""
        m = _OF_COUNTRY.match(text, at)
        if m is None:
            return at, None
        if m.group("the"):
            return m.end(), None
        found = self.find(text[m.end():m.end() + 60])
        if found and found[0].start == 0 and (m.group(0).strip() or self.depth(found[0].key) == 1
                                              or not _COMPASS_END.search(text, 0, at)):
            return m.end() + found[0].end, self.country(found[0].key)
        return at, None  # "the country's southern Sindh province": the province the region words describe

    def _below_country_after(self, text: str, at: int) -> bool:
        """Return True when "of X" right after a region phrase names a place below a country."""
        m = _OF_COUNTRY.match(text, at)
        if m is None or m.group("the") or not m.group(0).lstrip().startswith("of "):
            return False
        found = self.find(text[m.end():m.end() + 60])
        return bool(found) and found[0].start == 0 and self.depth(found[0].key) > 1

    def _country_within(self, phrase: str) -> str | None:
        """Return the country of a place named inside the phrase ("areas controlled by Damascus")."""
        found = self.find(phrase)
        return self.country(found[0].key) if found else None

    def _country_before(self, text: str, at: int) -> str | None:
        """Return the country of a demonym or place written before in the text ("Syrian government-held areas")."""
        m = _WORD_BEFORE.search(text[:at])
        word = m.group(1).lower() if m else ""
        key = self.demonyms.get(word) or self.aliases.get(word)
        if key is None:
            earlier = self.find(text[:at])
            key = earlier[-1].key if earlier else None
        return self.country(key) if key else None

    def in_scope(self, hits: list[list[PlaceHit]]) -> list[list[PlaceHit]]:
        """Drop the towns of a text that names neither their region nor their country: "Paiporta" stays in an
        article that names Valencia, or Spain and no other region of it; "Englewood" (Colorado) goes from one about
        Chicago (Illinois), "Jena" from one about India."""
        if not self.towns or not any(h.key in self.towns for hs in hits for h in hs):
            return hits
        named = {k for hs in hits for h in hs if h.key not in self.towns for k in self.chain(h.key)}
        regions = {k[-2] for k in map(self.chain, named) if len(k) >= 2}  # first-level regions named, by country

        def fits(key: str) -> bool:
            chain = self.chain(key)
            if len(chain) < 2 or chain[1] in named:
                return len(chain) >= 2
            region = chain[-2] if len(chain) >= 3 else None
            return chain[-1] in named and (region in named or not any(self.chain(r)[-1] == chain[-1] for r in regions))

        return [[h for h in hs if h.key not in self.towns or fits(h.key)] for hs in hits]

    def chain(self, key: str | None) -> list[str]:
        """Return the key and every place it lies in, innermost first."""
        out: list[str] = []
        while key and key not in out:
            out.append(key)
            key = self.parents.get(key)
        return out

    def depth(self, key: str) -> int:
        """Return how deep a place lies (a country is 1)."""
        return len(self.chain(key))

    def contains(self, outer: str, inner: str) -> bool:
        """Return True when inner lies in outer (or is it)."""
        return outer in self.chain(inner)

    def related(self, a: str | None, b: str | None) -> bool:
        """Return True when one place lies inside the other (or they are the same)."""
        if not a or not b:
            return True
        return self.contains(a, b) or self.contains(b, a)

    def common(self, keys: list[str]) -> str | None:
        """Return the innermost place that contains all keys (None when they share none)."""
        if not keys:
            return None
        shared = self.chain(keys[0])
        for k in keys[1:]:
            ch = set(self.chain(k))
            shared = [s for s in shared if s in ch]
        return shared[0] if shared else None

    def find(self, text: str) -> list[PlaceHit]:
        """Return the places named in text, longest match first at each position, no overlaps."""
        hits: list[PlaceHit] = []
        words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
        i = 0
        while i < len(words):
            node: object = self._trie
            best = None
            j = i
            while j < len(words) and isinstance(node, dict) and words[j][2] in node:
                node = node[words[j][2]]
                j += 1
                if isinstance(node, dict) and "\0" in node:
                    best = (j, node["\0"])
            if best is not None:
                j, leaf = best
                start, end = words[i][0], words[j - 1][1]
                written = text[start:end]
                if self._inside_a_name(text, words, j):
                    i = j  # "Miami Valley Hospital", "Oregon District", "Cleveland Avenue": not the place
                    continue
                if leaf[0] == _LOWER or written[0].isupper():  # a capitalised name matches only capitalised
                    hits.append(PlaceHit(start, end, written, leaf[1:]))
                    i = j
                    continue
            if "-" in words[i][2]:
                hits += self._compound(text, words[i][0], words[i][1])
            i += 1
        return hits

    def _inside_a_name(self, text: str, words: list[tuple[int, int, str]], j: int) -> bool:
        """Return True when the place name just matched runs on into a longer proper name: the next word is
        capitalised, follows it directly, names no place and is not an administrative word ("Lagos State")."""
        if j >= len(words) or words[j][0] - words[j - 1][1] != 1 or text[words[j - 1][1]] != " ":
            return False
        following = text[words[j][0]:words[j][1]]
        if following.lower() in _ADMIN_WORDS and following[:1].isupper():
            return self._inside_a_name(text, words, j + 1)  # "Ohio State University", not "Lagos State"
        known = self.aliases.get(following.lower())  # a town's name there does not make a list of places
        return following[:1].isupper() and following.isalpha() and following.lower() not in _ADMIN_WORDS \
            and (known is None or known in self.towns) and following.lower() not in _SENTENCE_OPENERS \
            and text[words[j - 1][0]:words[j - 1][1]][:1].isupper()

    def _compound(self, text: str, start: int, end: int) -> list[PlaceHit]:
        """Return the places joined by a hyphen in one word ("Turkey-Syria border"), each a capitalised name."""
        out = []
        for m in re.finditer(r"[^-]+", text[start:end]):
            node = self._trie.get(m.group(0).lower())
            if isinstance(node, dict) and "\0" in node and m.group(0)[:1].isupper():
                out.append(PlaceHit(start + m.start(), start + m.end(), m.group(0), node["\0"][1:]))
        return out if len(out) >= 2 else []

    def add(self, alias: str, key: str) -> None:
        """Index one alias for matching."""
        toks = [t.lower() for t in _WORD.findall(alias)]
        if not toks:
            return
        node = self._trie
        for t in toks:
            node = node.setdefault(t, {})  # type: ignore[assignment]
        node.setdefault("\0", (_UPPER if alias[0].isupper() else _LOWER) + key)
        self.aliases.setdefault(alias.lower(), key)


# A trie leaf is the place's key after one mark: whether the alias is written capitalised (then only a capitalised
# mention matches). Plain strings, not (alias, key) pairs: the compiled gazetteer loads about twice as fast.
_UPPER, _LOWER = "U", "l"


@dataclass(frozen=True)
class Region:
    """A region named relative to a country: a display template and the pattern that finds it."""

    name: str  # "government-controlled areas of {country}"
    pattern: re.Pattern[str]
    words: re.Pattern[str] | None = None  # one of the words every match holds (rules' `words`): a quick first look


_OF_COUNTRY = re.compile(r"\s*(?:(?:of|in)\s+)?(?:(?P<the>the\s+country\b)|(?:(?:north|south)?-?(?:east|west)(?:ern)?\s+|"
                         r"(?:north|south)(?:ern)?\s+|central\s+)?(?=[A-Z]))")  # "rebel-held parts of northwest Syria"
_COMPASS_END = re.compile(r"(?:north|south|east|west)(?:ern)?\s*$", re.I)  # "the country's southern"
_DIRECTIONS = ("north", "south", "east", "west", "central")  # regions named by a direction ("eastern {country}")
_WORD_BEFORE = re.compile(r"([\w-]+)(?:['’ʼ]s)?\s+$")
_WORD = re.compile(r"\w+(?:(?:[.-]|['’](?!s\b))\w+)*|[^\w\s]", re.UNICODE)  # "Morocco's" -> "Morocco" "'" "s"


# Words after a place name that keep it a place ("Lagos State", "Gaza City"); any other capitalised word makes
# the name part of another one ("Miami Valley Hospital", "Montgomery County Coroner", "Oregon District").
_ADMIN_WORDS = frozenset({"state", "province", "region", "governorate", "city", "oblast", "prefecture",
                          "department", "territory", "emirate", "republic", "island", "islands", "town", "village",
                          "municipality"})

# Closed-class words that open a sentence but never continue a proper name: a headline run on into its text
# without a full stop ("... between Syria and Turkey The overall toll ...") still names Turkey.
_SENTENCE_OPENERS = frozenset({"the", "a", "an", "this", "these", "those", "that", "it", "its", "he", "she", "they",
                               "we", "there", "but", "and", "or", "so", "yet", "as", "in", "on", "at", "after",
                               "before", "while", "when", "since", "according", "meanwhile", "however"})

_BUILT: dict[str, Gazetteer] = {}


def build_gazetteer(rules: Ruleset) -> Gazetteer:
    """Return the gazetteer of rules/places.yaml: built once per process, read from the compiled-rules cache."""
    found = _BUILT.get(rules.digest)
    if found is None:
        tables = compiled.cached("gazetteer", rules.digest, lambda: _tables(_compile(rules)))
        found = _BUILT[rules.digest] = _from_tables(tables)
    return found


def _tables(gaz: Gazetteer) -> tuple[Any, ...]:
    """Return the gazetteer as plain data, the form the cache stores (a region's pattern as its source)."""
    regions = [(r.name, r.pattern.pattern, r.pattern.flags, r.words.pattern if r.words else None) for r in gaz.regions]
    return gaz.names, gaz.parents, gaz.aliases, gaz.demonyms, regions, gaz._trie, sorted(gaz.towns)


def _from_tables(tables: tuple[Any, ...]) -> Gazetteer:
    """Rebuild the gazetteer from what _tables stored."""
    names, parents, aliases, demonyms, regions, trie, towns = tables
    return Gazetteer(names, parents, aliases, demonyms,
                     [Region(n, re.compile(p, f), re.compile(w, re.I) if w else None) for n, p, f, w in regions], trie,
                     frozenset(towns))


def _compile(rules: Ruleset) -> Gazetteer:
    """Compile rules/places.yaml into a gazetteer; a parent that names no place is an error."""
    gaz = Gazetteer()
    places, towns = rules["places"]["places"], rules["places"].get("towns") or []
    entries = [*places, *towns]
    lines = [*getattr(places, "lines", [0] * len(places)), *getattr(towns, "lines", [0] * len(towns))]
    for entry in entries:
        key = entry["name"].lower()
        gaz.names.setdefault(key, entry["name"])
        gaz.parents.setdefault(key, (entry.get("parent") or "").lower() or None)
    for n, entry in enumerate(entries):
        parent = (entry.get("parent") or "").lower()
        if parent and parent not in gaz.names:
            line = getattr(entry, "lines", {}).get("parent", lines[n])
            raise RulesError(f"{rules.root}/places.yaml:{line}: parent: {entry['parent']!r} is not a place in the file",
                             "add that place or fix the parent's spelling")
        key = entry["name"].lower()
        for alias in [entry["name"], *entry.get("aliases", [])]:
            gaz.add(alias, key)
        for demonym in entry.get("demonyms", []):
            gaz.demonyms.setdefault(demonym.lower(), key)
    gaz.towns = frozenset(str(t["name"]).lower() for t in towns)
    _add_regions(gaz, rules["places"].get("regions", []))
    return gaz


def _add_regions(gaz: Gazetteer, regions: list[dict[str, Any]]) -> None:
    """Compile the country-relative regions and give every country its copy of each (parent: the country)."""
    countries = [k for k, p in gaz.parents.items() if p is None]
    for entry in regions:
        patterns = [str(p) for p in entry.get("patterns", [])]
        pattern = re.compile(r"\b(?:" + "|".join(patterns) + r")", re.I)
        words = [re.escape(str(w)) for w in entry.get("words") or []]
        region = Region(str(entry["name"]), pattern, re.compile(r"\b(?:" + "|".join(words) + ")", re.I) if words else None)
        gaz.regions.append(region)
        for country in countries:
            key = gaz.region_key(region.name, country)
            gaz.names.setdefault(key, region.name.format(country=gaz.names[country]))
            gaz.parents.setdefault(key, country)
