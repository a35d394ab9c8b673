"""What a local crime report's lead says of its incident: day and part of day, clock time, streets."""
from __future__ import annotations

from datetime import date

from factcheck.reconcile.incidents import DAY, NIGHT, Incident, different, read_incident, same

SUNDAY = date(2025, 6, 15)
SATURDAY = date(2025, 6, 14).toordinal()


def lead(text: str, published: date | None = SUNDAY, title: str = "") -> Incident:
    found = read_incident(title, text, published)
    assert found.crime, text
    return found


def test_not_a_crime_report() -> None:
    assert not read_incident("", "Floods forced 3,000 people from their homes on Saturday, officials said.",
                             SUNDAY).crime
    assert not read_incident("", "The shooting of the film wrapped on Saturday.", SUNDAY).crime


def test_late_saturday_and_early_sunday_are_one_night() -> None:
    late = lead("Two men were shot late Saturday in Linden, police said.")
    early = lead("Police said two men were shot early Sunday on Cleveland Avenue.")
    assert late.slots == {(SATURDAY, NIGHT)} and early.slots == {(SATURDAY, NIGHT), (SATURDAY + 1, DAY)}
    assert not different(late, early)


def test_late_saturday_and_sunday_afternoon_are_two_incidents() -> None:
    late = lead("Five men were shot late Saturday on Halsted, police said.")
    sunday = lead("Three people were wounded Sunday when gunfire broke out along 26th Street, police said.",
                  published=date(2025, 6, 16))
    assert different(late, sunday)


def test_afternoon_and_night_of_one_day_are_two_incidents() -> None:
    afternoon = lead("A man was shot Saturday afternoon in east Baltimore, police said.")
    night = lead("Five people were shot Saturday night in west Baltimore, police said.")
    assert afternoon.slots == {(SATURDAY, DAY)}
    assert different(afternoon, night)


def test_reporting_day_and_since_are_not_the_incident_day() -> None:
    found = lead("A teen who was shot early Sunday has died, police said Tuesday. It is the third killing "
                 "since Friday.", published=date(2025, 6, 17))
    assert found.slots == {(SATURDAY, NIGHT), (SATURDAY + 1, DAY)}


def test_written_date_of_a_press_release() -> None:
    found = lead("On June 14, 2025, at approximately 9:41 p.m., officers responded to a shooting.")
    assert (SATURDAY, NIGHT) in found.slots and found.clock == {21 * 60 + 41}


def test_clock_times_hours_apart_are_two_incidents() -> None:
    evening = lead("Four people were shot Friday around 6:30 p.m. near N. 40th Street, police said.")
    afternoon = lead("A boy was shot Friday at 3:45 p.m., police said.")
    near_midnight = lead("Police said shots were fired at 11:50 p.m. Friday.")
    just_after = lead("Police said the shooting happened at 12:10 a.m. Saturday.")
    assert different(evening, afternoon)
    assert not different(near_midnight, just_after)


def test_streets_named_apart_are_two_incidents_and_one_street_is_one() -> None:
    milton = lead("Police were called to the 1700 block of North Milton Avenue after a shooting.")
    edmondson = lead("Police found five men shot in the 2800 block of Edmondson Avenue.")
    crossing = lead("Police found a man shot on Overton Crossing.")
    crossing_street = lead("Police found a man shot on Overton Crossing Street.")
    assert milton.streets == {"milton"}
    assert different(milton, edmondson)
    assert not different(crossing, crossing_street)


def test_one_incident_told_by_street_and_by_neighbourhood() -> None:
    neighbourhood = lead("Three people were shot, one fatally, late Friday in the Russell neighborhood around "
                         "11:20 p.m., police said.", published=SUNDAY)
    street = lead("A man was killed and two women were wounded in a shooting on West Broadway late Friday, "
                  "police said.", published=SUNDAY)
    assert not different(neighbourhood, street)
    assert same(neighbourhood, street)
