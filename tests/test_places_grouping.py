"""Places in grouping: a region's toll and its country's are one count unless an article counts them apart; the
parts of a breakdown (towns) never join their whole and say nothing of other places."""
from __future__ import annotations

from typing import Any

from factcheck.models import Claim
from factcheck.reconcile import reconcile

BASE: dict[str, Any] = {"quote": "", "subject": "people", "location": None, "time": None, "source": None, "start": 0,
                        "end": 2, "outlet": "Outlet", "subject_key": "*:people", "category": "killed",
                        "cumulative": True, "rules": ("place.named",)}


def claim(cid: str, value: float, place: str, doc: str, day: str, at: int = 0, **kw: Any) -> Claim:
    """Build an exact killed figure of a running toll, its place written beside it, in the sentence starting at."""
    fields = {**BASE, "number_text": str(value), "published": day, "as_of": day, "sentence": f"sentence {at}",
              "sentence_start": at, "period_start": "2024-01-01", **kw}
    return Claim(id=cid, doc=doc, value=value, low=value, high=value, hedge="exact", place=place, **fields)


def groups(claims: list[Claim], ruleset: Any) -> set[frozenset[str]]:
    return {frozenset(g.claims) for g in reconcile(claims, ruleset).groups}


def test_a_town_breakdown_keeps_no_country_apart_from_its_region(ruleset: Any) -> None:
    claims = [claim("jp", 84, "japan", "a.txt", "2024-01-04", 0),  # wire copy: "the quake that hit Japan killed 84"
              claim("wa", 48, "wajima", "a.txt", "2024-01-04", 100),  # "Deaths are highest in Wajima (48) and Suzu (23)"
              claim("su", 23, "suzu", "a.txt", "2024-01-04", 100),
              claim("is", 100, "ishikawa", "b.txt", "2024-01-06"),  # local copy: "the toll in Ishikawa rose to 100"
              claim("is2", 126, "ishikawa", "c.txt", "2024-01-07")]
    found = groups(claims, ruleset)
    assert frozenset({"jp", "is", "is2"}) in found
    assert frozenset({"wa"}) in found and frozenset({"su"}) in found


def test_the_parts_of_a_breakdown_never_join_their_whole(ruleset: Any) -> None:
    claims = [claim("all", 72, "ishikawa", "a.txt", "2024-01-03", 0),
              claim("wa", 39, "wajima", "a.txt", "2024-01-03", 100, part_of="all"),  # "Of the 72 deaths, 39 ..."
              claim("wa2", 48, "wajima", "b.txt", "2024-01-04"),  # "48 of those who died were in Wajima"
              claim("is", 84, "ishikawa", "c.txt", "2024-01-04")]
    found = groups(claims, ruleset)
    assert frozenset({"wa", "wa2"}) in found and frozenset({"all", "is"}) in found


def test_a_count_of_the_rest_of_the_country_keeps_no_country_apart(ruleset: Any) -> None:
    claims = [claim("de", 11300, "darnah", "a.txt", "2023-09-14", 0),  # "11,300 died in Derna"
              claim("rest", 170, "libya", "a.txt", "2023-09-14", 100,  # "170 more were killed elsewhere in the country"
                    sentence="About 170 more were killed elsewhere in the country."),
              claim("ly", 11300, "libya", "b.txt", "2023-09-15")]
    assert frozenset({"de", "ly"}) in groups(claims, ruleset)


def test_a_region_counted_apart_in_one_article_stays_apart(ruleset: Any) -> None:
    claims = [claim("es", 158, "spain", "a.txt", "2024-11-01", 0),  # "158 people in Spain, 155 of them in Valencia"
              claim("va", 155, "valencia", "a.txt", "2024-11-01", 100),
              claim("es2", 205, "spain", "b.txt", "2024-11-02")]
    found = groups(claims, ruleset)
    assert frozenset({"es", "es2"}) in found and frozenset({"va"}) in found


def test_a_region_joins_its_provinces_count_not_its_towns(ruleset: Any) -> None:
    claims = [claim("pa1", 40, "paiporta", "a.txt", "2024-10-31"), claim("pa2", 45, "paiporta", "b.txt", "2024-11-01"),
              claim("pa3", 62, "paiporta", "c.txt", "2024-11-02"),
              claim("va1", 155, "valencia", "d.txt", "2024-11-01"), claim("va2", 202, "valencia", "e.txt", "2024-11-02"),
              claim("co", 211, "valenciana, comunidad", "f.txt", "2024-11-03")]  # "in the Valencian Community"
    found = groups(claims, ruleset)
    assert frozenset({"va1", "va2", "co"}) in found and frozenset({"pa1", "pa2", "pa3"}) in found


def test_a_province_named_for_one_of_two_incidents_joins_that_incident(ruleset: Any) -> None:
    def incident(cid: str, value: float, place: str, doc: str, day: str) -> Claim:
        return claim(cid, value, place, doc, day, count_kind="incident", incident_date=day, cumulative=False,
                     period_start=day, period_end=day)

    claims = [incident("bomb1", 12, "konduga", "a.txt", "2025-03-03"),  # "a bomber killed 12 at the market in Konduga"
              incident("bomb2", 12, "konduga", "b.txt", "2025-03-03"),
              incident("wed1", 7, "borno", "c.txt", "2025-03-07"),  # "a drone strike in Nigeria's Borno state killed 7"
              incident("wed2", 7, "damboa", "d.txt", "2025-03-07")]  # "DAMBOA - Seven people were killed"
    found = groups(claims, ruleset)
    assert frozenset({"bomb1", "bomb2"}) in found and frozenset({"wed1", "wed2"}) in found
