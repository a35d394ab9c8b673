"""The gazetteer: place names, their aliases and which place lies inside which (no spaCy here)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.errors import RulesError
from factcheck.ruleset import Ruleset


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
    _trie: dict[str, object] = field(default_factory=dict)

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
                j, (alias, key) = best
                start, end = words[i][0], words[j - 1][1]
                written = text[start:end]
                if self._inside_a_name(text, words, j):
                    i = j  # "Miami Valley Hospital", "Oregon District", "Cleveland Avenue": not the place
                    continue
                if not alias[0].isupper() or written[0].isupper():
                    hits.append(PlaceHit(start, end, written, key))
                    i = j
                    continue
            i += 1
        return hits

    def _inside_a_name(self, text: str, words: list[tuple[int, int, str]], j: int) -> bool:
        """Return True when the place name just matched runs on into a longer proper name: the next word is
        capitalised, follows it directly, names no place and is not an administrative word ("Lagos State")."""
        if j >= len(words) or words[j][0] - words[j - 1][1] != 1 or text[words[j - 1][1]] != " ":
            return False
        following = text[words[j][0]:words[j][1]]
        return following[:1].isupper() and following.isalpha() and following.lower() not in _ADMIN_WORDS \
            and following.lower() not in self.aliases and text[words[j - 1][0]:words[j - 1][1]][:1].isupper()

    def add(self, alias: str, key: str) -> None:
        """Index one alias for matching."""
        toks = [t.lower() for t in _WORD.findall(alias)]
        if not toks:
            return
        node = self._trie
        for t in toks:
            node = node.setdefault(t, {})  # type: ignore[assignment]
        node.setdefault("\0", (alias, key))
        self.aliases.setdefault(alias.lower(), key)


_WORD = re.compile(r"\w+(?:(?:[.-]|['’](?!s\b))\w+)*|[^\w\s]", re.UNICODE)  # "Morocco's" -> "Morocco" "'" "s"


# Words after a place name that keep it a place ("Lagos State", "Gaza City"); any other capitalised word makes
# the name part of another one ("Miami Valley Hospital", "Montgomery County Coroner", "Oregon District").
_ADMIN_WORDS = frozenset({"state", "province", "region", "governorate", "city", "oblast", "prefecture",
                          "department", "territory", "emirate", "republic", "island", "islands"})

_BUILT: dict[str, Gazetteer] = {}


def build_gazetteer(rules: Ruleset) -> Gazetteer:
    """Compile rules/places.yaml into a gazetteer; a parent that names no place is an error."""
    cached = _BUILT.get(rules.digest)
    if cached is not None:
        return cached
    gaz = Gazetteer()
    entries = rules["places"]["places"]
    lines = getattr(rules["places"]["places"], "lines", [0] * len(entries))
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
    _BUILT[rules.digest] = gaz
    return gaz
