"""Tests for meetupkit.jsonld: schema.org JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from meetupkit import (
    InvalidTypeError,
    InvalidValueError,
    Meetup,
    Recurrence,
    Series,
    strategies,
)
from meetupkit.jsonld import to_jsonld, to_script
from somewi_data import BERLIN, KICKOFF, somewi_series

Golden = Callable[[str, bytes | str], None]
NOVEMBER = datetime(2014, 11, 19, 19, tzinfo=BERLIN)


def dump(doc: dict[str, Any]) -> str:
    """JSON as the golden files hold it."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def check_google_event(event: dict[str, Any]) -> None:
    """Assert the fields Google's event rich results require."""
    assert event["@type"] == "Event"
    assert event["name"]
    start = datetime.fromisoformat(event["startDate"])
    assert start.utcoffset() is not None
    location = event["location"]
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["addressLocality"]


class TestGolden:
    """The #SoMeWI series as JSON-LD, byte for byte."""

    def test_series(self, golden: Golden) -> None:
        """The series with its first three meetings matches the golden file."""
        doc = to_jsonld(
            somewi_series(),
            start=KICKOFF,
            end=datetime(2015, 2, 1, tzinfo=BERLIN),
        )
        golden("jsonld/somewi-series.json", dump(doc))

    def test_meetup(self, golden: Golden) -> None:
        """The November meeting as an Event matches the golden file."""
        golden(
            "jsonld/somewi-november.json",
            dump(to_jsonld(somewi_series().meetup(2))),
        )


class TestSchedule:
    """The eventSchedule of a series."""

    def test_every_eight_weeks(self) -> None:
        """#SoMeWI is P8W on Wednesdays at 19:00 in Europe/Berlin."""
        schedule = to_jsonld(Series.example())["eventSchedule"]
        assert schedule == {
            "@type": "Schedule",
            "repeatFrequency": "P8W",
            "byDay": ["https://schema.org/Wednesday"],
            "startTime": "19:00:00",
            "endTime": "21:00:00",
            "duration": "PT2H",
            "scheduleTimezone": "Europe/Berlin",
            "startDate": "2014-09-24",
        }

    def test_monthly_nth_weekday_and_count(self) -> None:
        """An nth-weekday rule uses iCal byDay text and repeatCount."""
        series = attrs.evolve(
            Series.example(),
            recurrence=Recurrence.last_weekday("TH", count=5),
            start=datetime(2014, 9, 25, 19, tzinfo=BERLIN),
        )
        schedule = to_jsonld(series)["eventSchedule"]
        assert schedule["repeatFrequency"] == "P1M"
        assert schedule["byDay"] == ["-1TH"]
        assert schedule["repeatCount"] == 5

    def test_yearly_gives_month_and_day(self) -> None:
        """A plain yearly rule names its month and day."""
        series = attrs.evolve(
            Series.example(),
            recurrence=Recurrence.parse("FREQ=YEARLY;UNTIL=20200101"),
        )
        schedule = to_jsonld(series)["eventSchedule"]
        assert schedule["byMonth"] == [9]
        assert schedule["byMonthDay"] == [24]
        assert schedule["endDate"] == "2020-01-01"

    def test_cancelled_and_moved_are_except_dates(self) -> None:
        """Cancelled and moved meetings are exceptDate entries."""
        series = Series.example().cancel(NOVEMBER)
        january = datetime(2015, 1, 14, 19, tzinfo=BERLIN)
        series = series.move(january, to=january + timedelta(days=1))
        schedule = to_jsonld(series)["eventSchedule"]
        assert schedule["exceptDate"] == [
            NOVEMBER.isoformat(),
            january.isoformat(),
        ]


class TestEvents:
    """subEvent and Event documents."""

    def test_window(self) -> None:
        """subEvent lists exactly the meetings in the window."""
        doc = to_jsonld(
            Series.example(),
            start=datetime(2015, 1, 1, tzinfo=BERLIN),
            end=datetime(2015, 6, 1, tzinfo=BERLIN),
        )
        starts = [event["startDate"][:10] for event in doc["subEvent"]]
        assert starts == ["2015-01-14", "2015-03-11", "2015-05-06"]

    def test_status_and_previous_start(self) -> None:
        """Cancelled and moved meetings carry their schema.org status."""
        series = Series.example().move(
            NOVEMBER, to=NOVEMBER + timedelta(days=1)
        )
        moved = to_jsonld(series.meetup(2))
        assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
        assert moved["previousStartDate"] == "2014-11-19T19:00:00+01:00"
        assert moved["startDate"] == "2014-11-20T19:00:00+01:00"
        cancelled = to_jsonld(Series.example().cancel(NOVEMBER).meetup(2))
        assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
        scheduled = to_jsonld(Series.example().meetup(2))
        assert scheduled["eventStatus"] == "https://schema.org/EventScheduled"
        assert "previousStartDate" not in scheduled

    def test_room_in_venue(self) -> None:
        """The room is a MeetingRoom contained in the venue's Place."""
        location = to_jsonld(somewi_series().meetup(2))["location"]
        assert location["@type"] == "MeetingRoom"
        assert location["maximumAttendeeCapacity"] == 12
        place = location["containedInPlace"]
        assert place["@type"] == "Place"
        assert place["geo"] == {
            "@type": "GeoCoordinates",
            "latitude": 50.0782,
            "longitude": 8.2398,
        }

    def test_about_planned_topics(self) -> None:
        """Planned topics are the event's about."""
        event = to_jsonld(somewi_series().meetup(2))
        assert [thing["name"] for thing in event["about"]] == [
            "Wie bereitet man sich auf einen Shitstorm vor?",
            "Social Media und Recht",
        ]
        assert (
            event["superEvent"]["identifier"] == "somewi@some-netzwerk.example"
        )

    def test_attendees_follow_consent(self) -> None:
        """Only names released to the audience become Person entries."""
        kickoff = somewi_series().meetup(1)
        public = to_jsonld(kickoff)
        assert [p["name"] for p in public["attendee"]] == ["Dominik Hoffmann"]
        members = to_jsonld(kickoff, audience="members")
        assert len(members["attendee"]) == 10
        assert all("email" not in p for p in members["attendee"])
        organizers = to_jsonld(kickoff, audience="organizers")
        assert organizers["attendee"][0]["email"] == "dominik@example.org"

    @settings(max_examples=30)
    @given(strategies.meetups())
    def test_google_fields_for_meetups(self, meetup: Meetup) -> None:
        """Every generated meetup with an addressed venue meets Google's needs."""
        event = to_jsonld(meetup)
        json.dumps(event)
        if meetup.venue is not None and meetup.venue.address is not None:
            check_google_event(event)
        else:
            assert event["name"] == meetup.title

    @settings(max_examples=15)
    @given(strategies.series())
    def test_google_fields_for_series(self, series: Series) -> None:
        """Every subEvent of a generated series has the required fields."""
        doc = to_jsonld(series, end=series.start + timedelta(days=120))
        json.dumps(doc)
        for event in doc["subEvent"]:
            if "location" in event and "address" in event["location"]:
                check_google_event(event)
            assert (
                datetime.fromisoformat(event["startDate"]).utcoffset()
                is not None
            )


class TestArguments:
    """Bad arguments."""

    def test_window_with_meetup(self) -> None:
        """A window makes no sense for a single meetup."""
        with pytest.raises(InvalidValueError, match="start"):
            to_jsonld(Series.example().meetup(1), start=KICKOFF)

    def test_wrong_type(self) -> None:
        """Only series and meetups are accepted."""
        with pytest.raises(InvalidTypeError, match="obj"):
            to_jsonld("somewi")  # type: ignore[arg-type]

    def test_unknown_audience(self) -> None:
        """An unknown audience is refused."""
        with pytest.raises(InvalidValueError, match="audience"):
            to_jsonld(Series.example(), audience="world")


class TestScript:
    """to_script for HTML pages."""

    def test_cannot_close_script(self) -> None:
        """No value can end the script element early."""
        meetup = attrs.evolve(
            Series.example().meetup(1), title="</script><script>alert(1)//"
        )
        html = to_script(to_jsonld(meetup))
        inner = html.removeprefix('<script type="application/ld+json">')
        inner = inner.removesuffix("</script>")
        assert "<" not in inner
        assert json.loads(inner)["name"] == meetup.title


class TestChangedSeries:
    def test_one_schedule_per_phase_with_bounds(self):
        """A series that changed has a schedule per phase, each with its dates."""
        changed = Series.example().change_from(
            date(2016, 3, 2), every=timedelta(weeks=4), time=time(18, 30)
        )
        doc = to_jsonld(changed)
        first, second = doc["eventSchedule"]
        assert (first["repeatFrequency"], first["startTime"]) == (
            "P8W",
            "19:00:00",
        )
        assert (first["startDate"], first["endDate"]) == (
            "2014-09-24",
            "2016-02-10",
        )
        assert (second["repeatFrequency"], second["startTime"]) == (
            "P4W",
            "18:30:00",
        )
        assert second["startDate"] == "2016-03-02"
        assert "endDate" not in second

    def test_unchanged_series_keeps_one_schedule(self):
        """A series without changes still has a single Schedule object."""
        assert to_jsonld(Series.example())["eventSchedule"]["@type"] == (
            "Schedule"
        )
