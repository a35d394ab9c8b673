"""The reconciler's steps one by one: count kinds, populations, places, stories, links, near misses, series."""
from __future__ import annotations

from typing import Any

import pytest

from factcheck.counting import INCIDENT, INCREMENT, PROJECTION, TALLY, classify
from factcheck.gazetteer import build_gazetteer
from factcheck.models import Article, Claim, Link
from factcheck.reconcile import reconcile
from factcheck.reconcile.identity import Places, population
from factcheck.reconcile.stories import build_stories, date_range

BASE = dict(quote="", subject="people", location=None, time=None, source=None, start=0, end=2, sentence="",
            outlet="Outlet", published="2020-02-13", subject_key="*:people", place="idlib", as_of="2020-02-13")


def claim(cid: str, value: float, hedge: str = "exact", **kw: Any) -> Claim:
    """Build a claim with an exact figure unless low/high are given."""
    low = kw.pop("low", value if hedge in ("exact", "at_least", "more_than") else None)
    high = kw.pop("high", value if hedge in ("exact", "almost", "less_than") else None)
    fields = {**BASE, "category": "killed", "doc": f"{cid}.txt", "number_text": str(value), **kw}
    return Claim(id=cid, value=value, low=low, high=high, hedge=hedge, **fields)


# -- incident or running tally ------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, period, kind", [
    ("The death toll from the floods rose to 112 on Tuesday, officials said.", (None, None), TALLY),
    ("At least 41 people have been killed so far, the ministry said.", (None, None), TALLY),
    ("The earthquake that struck late on Friday killed at least 820 people.", ("2023-09-08", "2023-09-08"), TALLY),
    ("An airstrike on a market in the town killed 12 people on Monday.", ("2024-03-04", "2024-03-04"), INCIDENT),
    ("Gunmen opened fire at a wedding, killing seven guests.", (None, None), INCIDENT),
    ("Local residents said at least 60 people were killed in Friday's fighting.", ("2024-03-01", "2024-03-01"),
     INCIDENT),
    ("Eleven people died, the hospital said.", (None, None), None),
    ("The injured, 19 in all, are being treated at the teaching hospital.", (None, None), None),
])
def test_a_figure_counts_an_incident_or_a_running_tally(sentence: str, period: tuple[Any, Any], kind: Any) -> None:
    assert classify("killed", sentence, period[0], period[1], "2024-03-05", False).kind == kind


@pytest.mark.parametrize("category, sentence, figure, kind", [
    ("killed", "The mayor said the toll could reach 20,000 in the city alone.", "20,000", PROJECTION),
    ("killed", "Aid agencies expect the death toll to rise above 5,000.", "above 5,000", PROJECTION),
    ("killed", "It may climb to as many as 1,000, the governor warned.", "as many as 1,000", PROJECTION),
    ("killed", "Police reported three additional deaths on Friday, bringing the total to 114.", "three", INCREMENT),
    ("killed", "Health officials confirmed 12 new deaths overnight.", "12", INCREMENT),
    ("killed", "A further 40 died in hospital, raising the toll to 2,901.", "40", INCREMENT),
    ("injured", "State media said 632 people had been killed and another 329 injured.", "329", None),
    ("injured", "Two were killed and 36 more were injured in the strike.", "36", INCIDENT),
    ("killed", "12 people were killed in new strikes on the town on Monday.", "12", INCIDENT),
    ("killed", "The toll rose to 41,000 and could rise further.", "41,000", TALLY),
])
def test_forecasts_and_increments_are_figures_of_their_own(category: str, sentence: str, figure: str,
                                                           kind: Any) -> None:
    found = classify(category, sentence, None, None, "2023-09-14", False, sentence.index(figure))
    assert found.kind == kind


def test_a_forecast_is_never_compared_with_the_count(ruleset: Any) -> None:
    said = "The mayor said the toll could reach 20,000 in the city alone."
    at = said.index("20,000")
    claims = [claim("a", 11300, doc="a.txt"), claim("b", 20000, doc="b.txt", sentence=said, start=at, end=at + 6),
              claim("c", 11300, doc="c.txt")]
    groups = reconcile(claims, ruleset).groups
    assert {frozenset(g.claims) for g in groups} == {frozenset({"a", "c"}), frozenset({"b"})}
    assert all(g.verdict != "conflict" for g in groups)


def test_a_figure_opened_at_the_articles_disaster_is_a_tally() -> None:
    said = "More than 2,200 were injured, rescuers said."
    assert classify("injured", said, "2023-02-06", "2023-02-06", "2023-02-06", False).kind == INCIDENT
    assert classify("injured", said, "2023-02-06", "2023-02-06", "2023-02-06", False, at_disaster=True).kind == TALLY


def test_an_incidents_day_is_kept_and_displacement_is_always_a_tally() -> None:
    strike = classify("killed", "A drone strike on Thursday killed 7.", "2024-02-29", "2024-02-29", "2024-03-01", False)
    assert (strike.kind, strike.date) == (INCIDENT, "2024-02-29")
    fled = classify("displaced", "Shelling on Monday forced 4,000 to flee.", "2024-03-04", "2024-03-04",
                    "2024-03-05", False)
    assert fled.kind == TALLY


# -- who is counted ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("subject_key, subject, category, want", [
    ("*:people", "deaths", "killed", "people"),
    ("*:lives", "lives", "killed", "people"),
    ("*:people", "civilians", "killed", "civilians"),
    ("*:people", "civilians", "displaced", "people"),
    ("*:children", "children", "killed", "children"),
    ("turkey:troops", "Turkish soldiers", "killed", "turkey:troops"),
    ("russia:people", "Russians", "killed", "russia:people"),
    ("*:families", "families", "displaced", "families"),
])
def test_populations(subject_key: str, subject: str, category: str, want: str) -> None:
    assert population(claim("a", 3, subject_key=subject_key, subject=subject, category=category)) == want


# -- where -----------------------------------------------------------------------------------------------------
def test_places_of_one_area_fit_and_a_country_is_apart(ruleset: Any) -> None:
    places = Places(build_gazetteer(ruleset))
    assert places.fit("idlib", "northwest syria") and places.fit("idlib", "aleppo")  # one region as reporters use it
    assert not places.fit("syria", "idlib")  # a country and a region inside it are two quantities
    assert not places.fit("hatay", "gaziantep")  # two provinces of one country
    assert not places.fit("syria+turkey", "syria") and places.fit("aleppo+idlib", "idlib")


def test_a_country_named_for_a_regions_count_joins_it_unless_an_article_counts_them_apart(ruleset: Any) -> None:
    loose = [claim("a", 800000, "almost", place="syria", category="displaced", cumulative=True,
                   period_start="2019-12-01"),
             claim("b", 800000, "more_than", place="northwest syria", category="displaced", cumulative=True,
                   period_start="2019-12-01")]
    assert len(reconcile(loose, ruleset).groups) == 1
    split = [claim("c", 5801, place="syria", doc="x.txt"), claim("d", 3478, place="northwest syria", doc="x.txt"),
             claim("e", 5900, place="syria", doc="y.txt", published="2020-02-14", as_of="2020-02-14")]
    groups = {frozenset(g.claims) for g in reconcile(split, ruleset).groups}
    assert frozenset({"c", "e"}) in groups and frozenset({"d"}) in groups


# -- stories -----------------------------------------------------------------------------------------------------
QUAKE = ("A magnitude 6.8 earthquake struck the High Atlas mountains south of Marrakech late on Friday, "
         "flattening villages in Al Haouz province. Rescuers in Amizmiz and Moulay Brahim dug through rubble as "
         "the interior ministry said the death toll had risen to {n}. Morocco declared three days of mourning "
         "and King Mohammed VI ordered shelters, food and water for survivors in the mountain villages.")
FLOOD = ("Floodwaters burst two dams above Derna in eastern Libya after Storm Daniel, sweeping whole districts "
         "of the port city into the sea. The Red Crescent said {n} bodies had been recovered in Derna, and the "
         "eastern administration in Benghazi appealed for help as roads to the Jebel Akhdar stayed cut. Rescue "
         "teams from Egypt and Turkey reached the wadi on Wednesday.")


def articles(template: str, outlet: str, days: list[int], figures: list[int], stem: str) -> list[Article]:
    """Build articles of one story on the given days of September 2023."""
    return [Article(doc=f"{stem}{k}.txt", path="", text=template.format(n=n), title="", outlet=f"{outlet} {k}",
                    published=f"2023-09-{d:02d}") for k, (d, n) in enumerate(zip(days, figures))]


def test_two_disasters_of_one_week_are_two_stories(ruleset: Any) -> None:
    arts = articles(QUAKE, "Wire", [9, 10, 12], [820, 2012, 2862], "q") + \
        articles(FLOOD, "Daily", [11, 12, 13], [2300, 5300, 11300], "f")
    made = build_stories(arts, [], build_gazetteer(ruleset))
    assert sorted(sorted(docs) for _, docs in made) == [["f0.txt", "f1.txt", "f2.txt"], ["q0.txt", "q1.txt", "q2.txt"]]
    assert all(story.title and story.first and story.last for story, _ in made)


def test_one_story_a_year_apart_is_two(ruleset: Any) -> None:
    arts = articles(QUAKE, "Wire", [9, 10], [820, 2012], "q")
    later = [Article(doc="q9.txt", path="", text=QUAKE.format(n=2960), outlet="Wire", published="2024-09-08")]
    assert len(build_stories(arts + later, [], build_gazetteer(ruleset))) == 2


@pytest.mark.parametrize("first, last, want", [
    ("2023-02-06", "2023-02-06", "6 Feb 2023"), ("2023-02-06", "2023-02-27", "6-27 Feb 2023"),
    ("2020-01-29", "2020-03-04", "Jan-Mar 2020"), ("2019-12-30", "2020-03-04", "Dec 2019-Mar 2020"),
])
def test_story_date_ranges(first: str, last: str, want: str) -> None:
    assert date_range(first, last) == want


def test_every_group_is_in_exactly_one_story(ruleset: Any) -> None:
    claims = [claim("a", 33), claim("b", 34, place="gaza", published="2021-05-01", as_of="2021-05-01"),
              claim("c", 36, published="2020-02-14", as_of="2020-02-14")]
    done = reconcile(claims, ruleset)
    listed = [gid for story in done.stories for gid in story.groups]
    assert sorted(listed) == sorted(g.id for g in done.groups)
    assert {g.story for g in done.groups} <= {s.id for s in done.stories}


# -- incidents and tallies in groups --------------------------------------------------------------------------------
def test_two_incidents_of_one_week_are_two_quantities(ruleset: Any) -> None:
    market = [claim("m1", 12, sentence="A bombing at the market killed 12 on Monday.", count_kind=INCIDENT,
                    incident_date="2024-03-04", published="2024-03-04", as_of="2024-03-04"),
              claim("m2", 14, sentence="The market bombing on Monday killed 14.", count_kind=INCIDENT,
                    incident_date="2024-03-04", published="2024-03-05", as_of="2024-03-05")]
    wedding = [claim("w1", 7, sentence="A drone strike on a wedding on Friday killed 7.", count_kind=INCIDENT,
                     incident_date="2024-03-08", published="2024-03-08", as_of="2024-03-08")]
    groups = {frozenset(g.claims): g for g in reconcile(market + wedding, ruleset).groups}
    assert frozenset({"m1", "m2"}) in groups and frozenset({"w1"}) in groups
    assert groups[frozenset({"m1", "m2"})].basis["time"] == "count of the event of 4 Mar 2024"


def test_a_growing_toll_is_one_series(ruleset: Any) -> None:
    days = ["2023-02-07", "2023-02-09", "2023-02-13"]
    claims = [claim(f"t{k}", n, sentence="The death toll rose.", count_kind=TALLY, published=d, as_of=d,
                    place="turkey", doc=f"t{k}.txt") for k, (d, n) in enumerate(zip(days, [3381, 9057, 31643]))]
    (g,) = reconcile(claims, ruleset).groups
    assert g.verdict == "evolving"
    assert [p["as_of"] for p in g.series] == days and [p["value"] for p in g.series] == [3381, 9057, 31643]


def test_a_revision_the_article_states_is_an_update(ruleset: Any) -> None:
    said = "Earlier reports said 29 soldiers were killed; the ministry said the toll has grown to 33."
    claims = [claim("a", 29, sentence=said, doc="x.txt", subject_key="turkey:troops"),
              claim("b", 33, sentence=said, doc="x.txt", subject_key="turkey:troops", start=60),
              claim("c", 33, doc="y.txt", subject_key="turkey:troops")]
    (g,) = reconcile(claims, ruleset).groups
    assert g.verdict != "conflict"


def test_near_misses_say_why_a_claim_was_left_out(ruleset: Any) -> None:
    claims = [claim("a", 33), claim("b", 33, doc="b.txt"), claim("c", 12, place="aleppo+hama", doc="c.txt")]
    groups = {frozenset(g.claims): g for g in reconcile(claims, ruleset).groups}
    misses = groups[frozenset({"a", "b"})].near_misses
    assert misses and misses[0]["claim"] == "c" and misses[0]["reason"].startswith("different place")


# -- editors' corrections ----------------------------------------------------------------------------------------------
def test_same_and_apart_are_obeyed_and_stale_ones_reported(ruleset: Any) -> None:
    claims = [claim("a", 33), claim("b", 33, doc="b.txt"), claim("c", 7, place="gaza", doc="c.txt")]
    links = [Link("apart", ("a", "b"), "different strikes"), Link("same", ("a", "c"), "one count"),
             Link("same", ("a", "c-gone"), "")]
    done = reconcile(claims, ruleset, links=links)
    groups = {frozenset(g.claims) for g in done.groups}
    assert frozenset({"a", "c"}) in groups and frozenset({"b"}) in groups
    assert [link.claims for link in done.stale_links] == [("a", "c-gone")]


STORM = ("Hurricane Idalia slammed into Florida's Big Bend coast as a Category 3 storm on Wednesday, pushing a "
         "storm surge of up to 12 feet into low-lying neighbourhoods. Governor DeSantis said power crews from "
         "Georgia and Alabama were on the way and that shelters along the Gulf coast would stay open. In {city}, "
         "{n} people were killed when trees fell on cars and homes, the county sheriff said, and emergency "
         "managers warned residents not to return before roads were cleared of debris and downed power lines.")


def test_one_storms_towns_are_one_story(ruleset: Any) -> None:
    arts = [Article(doc=f"{k}.txt", path="", text=STORM.format(city=city, n=n), outlet=f"Local {k}",
                    published="2023-08-31") for k, (city, n) in enumerate([("Tampa", 2), ("Tallahassee", 1)])]
    claims = [claim(f"c{k}", n, doc=f"{k}.txt", place=place, published="2023-08-31", as_of="2023-08-31")
              for k, (place, n) in enumerate([("tampa", 2), ("tallahassee", 1)])]
    assert len(build_stories(arts, claims, build_gazetteer(ruleset))) == 1


def test_a_later_figure_that_only_touches_an_earlier_one_is_wording_not_a_regression(ruleset: Any) -> None:
    said = "More than 800,000 people have fled since 1 December."
    claims = [claim("a", 800000, "more_than", high=None, category="displaced", sentence=said, count_kind=TALLY,
                    published="2020-02-12", as_of="2020-02-12"),
              claim("b", 800000, "almost", low=None, category="displaced", doc="b.txt", count_kind=TALLY,
                    sentence="Almost 800,000 have fled.", published="2020-02-13", as_of="2020-02-13")]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.kind) == ("conflict", "wording")
    lower = [claims[0], claim("c", 700000, category="displaced", doc="c.txt", count_kind=TALLY,
                              published="2020-02-14", as_of="2020-02-14")]
    (g,) = reconcile(lower, ruleset).groups
    assert (g.verdict, g.kind) == ("conflict", "regression")


def test_a_figure_an_article_gives_twice_takes_its_combined_place(ruleset: Any) -> None:
    head = claim("h", 41000, place="turkey", doc="x.txt", sentence="Death toll climbs to 41,000.")
    body = claim("b", 41000, "more_than", high=None, place="syria+turkey", doc="x.txt", start=80,
                 sentence="More than 41,000 people have died in Turkey and Syria.")
    other = claim("o", 41732, place="syria+turkey", doc="y.txt", published="2020-02-16", as_of="2020-02-16")
    groups = {frozenset(g.claims) for g in reconcile([head, body, other], ruleset).groups}
    assert frozenset({"h", "b", "o"}) in groups


def test_a_headline_rounds_the_figure_of_its_text(ruleset: Any) -> None:
    head = claim("h", 41000, doc="x.txt", sentence="Death toll climbs to 41,000", place="syria+turkey")
    body = claim("b", 41219, "at_least", high=None, doc="x.txt", start=60, place="syria+turkey",
                 sentence="At least 41,219 people have been killed in Turkey and Syria.")
    (g,) = reconcile([head, body], ruleset).groups
    assert g.verdict != "conflict"
    other = [claim("c", 29, doc="y.txt", subject_key="turkey:troops"),
             claim("d", 33, doc="y.txt", start=40, subject_key="turkey:troops")]
    assert len(reconcile(other, ruleset).groups) == 2  # two small exact figures of one article stay two counts


def test_a_figure_given_twice_takes_the_place_written_beside_it(ruleset: Any) -> None:
    head = claim("h", 812, place="syria", doc="x.txt", rules=("place.article",),
                 sentence="Health ministry reports 812 dead in quake")
    body = claim("b", 812, place="aleppo+hama", doc="x.txt", start=80, rules=("place.joined",),
                 sentence="The ministry said 812 people had died in the provinces of Aleppo and Hama.")
    other = claim("o", 1414, "at_least", place="aleppo+hama", doc="y.txt", published="2020-02-16",
                  as_of="2020-02-16", rules=("place.joined",))
    groups = {frozenset(g.claims) for g in reconcile([head, body, other], ruleset).groups}
    assert frozenset({"h", "b", "o"}) in groups


@pytest.mark.parametrize("sentence, want", [
    ("Some 380,000 people have taken refuge in government shelters or hotels, officials said.", "sheltered"),
    ("Nearly 530,000 people have been evacuated from the quake zone.", "evacuated"),
    ("Up to 5.3 million people may have been left homeless in Syria, the UN said.", "homeless"),
    ("Some 4 million people in the north were already displaced before the earthquake.", "before"),
    ("870 families remain in 20 evacuation centres, the provincial office said.", "sheltered"),
    ("About 900,000 people have fled their homes since December, the UN said.", ""),
    ("Roughly 600,000 civilians have evacuated their homes, fleeing towards the border.", ""),
    ("Some 800,000 displaced people face desperate conditions in the camps.", ""),
])
def test_what_became_of_the_displaced(sentence: str, want: str) -> None:
    from factcheck.reconcile.identity import status

    number = sentence.split(" people")[0].split(" families")[0].split(" civilians")[0].split(" displaced")[0]
    c = claim("a", 1, category="displaced", sentence=sentence, start=0, end=len(number))
    assert status(c) == want


def test_evacuated_and_sheltered_are_two_counts_and_a_plain_figure_fits_either(ruleset: Any) -> None:
    def displaced(cid: str, value: float, sentence: str, day: str) -> Claim:
        return claim(cid, value, category="displaced", doc=f"{cid}.txt", sentence=sentence, end=len(str(value)) + 2,
                     published=day, as_of=day, place="turkey")

    claims = [displaced("s", 380000, "About 380,000 people are staying in shelters and hotels.", "2023-02-09"),
              displaced("e", 530000, "Some 530,000 people have been evacuated from the region.", "2023-02-27"),
              displaced("p", 540000, "About 540,000 people have been displaced, officials said.", "2023-02-28")]
    groups = reconcile(claims, ruleset).groups
    assert {frozenset(g.claims) for g in groups} == {frozenset({"s"}), frozenset({"e", "p"})}
    (alone,) = [g for g in groups if set(g.claims) == {"s"}]
    assert any("evacuated" in m["reason"] for m in alone.near_misses)


@pytest.mark.parametrize("category, sentence, want", [
    ("killed", "74 of the dead have been positively identified, police said.", "people identified"),
    ("killed", "2,854 have been buried, the ministry said.", "people buried"),
    ("injured", "1,404 others are in serious condition.", "people in serious condition"),
    ("injured", "2,059 people were injured, 1,404 of them seriously.", "*"),  # the part is the other figure's
])
def test_a_part_of_a_toll_the_clause_names_is_a_population_of_its_own(category: str, sentence: str,
                                                                        want: str) -> None:
    figure = sentence.split(" ")[0]
    c = claim("a", 1, category=category, sentence=sentence, start=0, end=len(figure), subject_key="*:*")
    assert population(c) == want


def test_an_article_that_revises_its_count_down_keeps_the_new_figure(ruleset: Any) -> None:
    said = "Officials lowered the toll to 97, down from a previous official toll of 115."
    new = claim("n", 97, "at_least", high=None, doc="x.txt", sentence=said, start=said.index("97"),
                end=said.index("97") + 2)
    old = claim("o", 115, doc="x.txt", sentence=said, start=said.index("115"), end=said.index("115") + 3)
    other = claim("t", 97, doc="y.txt", published="2020-02-14", as_of="2020-02-14")
    (g,) = reconcile([new, old, other], ruleset).groups
    assert g.verdict == "consistent"


def test_successive_levels_of_one_count_in_one_article_are_one_count(ruleset: Any) -> None:
    first = "Earlier on Saturday the confirmed death count had reached 89."
    then = "By evening the death toll from the wildfires climbed to 93."
    claims = [claim("a", 89, doc="x.txt", sentence=first, start=100), claim("b", 93, doc="x.txt", sentence=then,
                                                                             start=200)]
    (g,) = reconcile(claims, ruleset).groups
    assert g.verdict != "conflict"


def test_a_vague_figure_and_a_stray_small_one_do_not_keep_an_articles_toll_apart(ruleset: Any) -> None:
    claims = [claim("v", 0, "vague", low=1000, high=9999, doc="x.txt", number_text="thousands"),
              claim("d", 2, doc="x.txt", start=40),  # "when two dams burst"
              claim("t", 11300, doc="x.txt", start=80),
              claim("a", 11300, doc="a.txt"), claim("b", 11000, "more_than", high=None, doc="b.txt"),
              claim("c", 10000, "more_than", high=None, doc="c.txt")]
    groups = {frozenset(g.claims) for g in reconcile(claims, ruleset).groups}
    assert any({"t", "a", "b", "c"} <= g for g in groups)
    assert frozenset({"d"}) in groups


def test_a_count_of_one_unknown_area_alone_is_a_part(ruleset: Any) -> None:
    said = "As many as 2,000 people may have died in Derna alone, officials said."
    part = claim("p", 2000, "up_to", low=None, doc="x.txt", sentence=said, start=said.index("2,000"),
                 end=said.index("2,000") + 5, place="libya", rules=("place.article",))
    whole = claim("w", 5300, "more_than", high=None, doc="y.txt", place="libya", rules=("place.named",))
    assert len(reconcile([part, whole], ruleset).groups) == 2


def test_a_count_its_source_revised_down_is_an_update(ruleset: Any) -> None:
    said = "The UN revised its toll, saying 3,958 people had died instead of 11,300."
    early = claim("e", 11300, doc="a.txt", published="2020-02-16", as_of="2020-02-16")
    new = claim("n", 3958, doc="b.txt", sentence=said, start=said.index("3,958"),
                end=said.index("3,958") + 5, published="2020-02-17", as_of="2020-02-17")
    old = claim("o", 11300, doc="b.txt", sentence=said, start=said.index("11,300"), end=said.index("11,300") + 6,
                published="2020-02-17", as_of="2020-02-17")
    later = claim("l", 3958, doc="c.txt", published="2020-02-18", as_of="2020-02-18")
    (g,) = reconcile([early, new, old, later], ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.stated_revision") and "revised down" in g.explanation
    unstated = [early, claim("x", 3958, doc="d.txt", published="2020-02-18", as_of="2020-02-18")]
    (g,) = reconcile(unstated, ruleset).groups
    assert (g.verdict, g.kind) == ("conflict", "regression")


def test_a_toll_with_no_start_told_after_a_strike_is_that_strikes(ruleset: Any) -> None:
    strike = "A missile strike on Saturday killed 36 people in the apartment block, police said."
    first = claim("s", 36, doc="a.txt", sentence=strike, count_kind=INCIDENT, incident_date="2023-01-14",
                  published="2023-01-16", as_of="2023-01-16", place="ukraine")
    risen = claim("r", 40, doc="b.txt", sentence="The death toll has increased to 40, rescuers said.",
                  count_kind=TALLY, published="2023-01-16", as_of="2023-01-16", place="ukraine")
    later = claim("l", 11, doc="c.txt", sentence="Since the start of the day, 11 people have been killed.",
                  count_kind=TALLY, period_start="2023-01-26", published="2023-01-26", as_of="2023-01-26",
                  place="ukraine")
    groups = {frozenset(g.claims) for g in reconcile([first, risen, later], ruleset).groups}
    assert frozenset({"s", "r"}) in groups and frozenset({"l"}) in groups


def test_people_in_camps_are_a_stock_that_may_fall(ruleset: Any) -> None:
    def camps(cid: str, value: float, sentence: str, day: str) -> Claim:
        at = sentence.index(f"{value:,.0f}")
        return claim(cid, value, category="displaced", doc=f"{cid}.txt", sentence=sentence, start=at,
                     end=at + len(f"{value:,.0f}"), published=day, as_of=day, place="pakistan")

    claims = [camps("a", 498442, "Officials said 498,442 people have been moved to relief camps.", "2022-08-27"),
              camps("b", 472313, "Some 472,313 people are currently living in the camps.", "2022-09-02")]
    (g,) = reconcile(claims, ruleset).groups
    assert (g.verdict, g.rule) == ("evolving", "verdict.stock_changed")


def test_men_are_a_part_only_in_a_breakdown() -> None:
    listed = claim("a", 14, subject="men", sentence="The dead include 15 children, 14 men and six women.")
    toll = claim("b", 2, subject="men", sentence="Two men died when gunfire erupted in a parking lot.")
    assert (population(listed), population(toll)) == ("men", "people")


def test_an_undated_strike_toll_takes_the_day_another_outlet_opened_its_toll_on(ruleset: Any) -> None:
    opened = claim("o", 36, doc="a.txt", count_kind=TALLY, period_start="2023-01-14", published="2023-01-16",
                   as_of="2023-01-16", sentence="The toll from Saturday's strike rose to 36, officials said.")
    told = [claim("t", 35, doc="b.txt", count_kind=INCIDENT, published="2023-01-16", as_of="2023-01-16",
                  sentence="The attack took the lives of 35 residents."),
            claim("u", 44, doc="c.txt", count_kind=INCIDENT, published="2023-01-17", as_of="2023-01-17",
                  sentence="The strike killed 44 people.")]
    groups = {frozenset(g.claims) for g in reconcile([opened, *told], ruleset).groups}
    assert frozenset({"o", "t", "u"}) in groups


def test_additional_victims_besides_the_dead_are_no_increment() -> None:
    said = "Three additional victims sustained non-fatal gunshot wounds and were taken to a hospital."
    assert classify("injured", said, None, None, "2025-06-21", False, 0).kind != INCREMENT
