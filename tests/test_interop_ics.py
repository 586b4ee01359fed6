"""Tests for meetupkit.interop.ics, the ics-py 0.7 bridge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import ics
import pytest
from hypothesis import given, settings

from meetupkit import InvalidValueError, Meetup, Series
from meetupkit import strategies as mst
from meetupkit.interop.ics import (
    from_ics,
    from_ics_event,
    to_ics,
    to_ics_event,
)

BERLIN = ZoneInfo("Europe/Berlin")


class TestToIcs:
    @settings(max_examples=30)
    @given(series=mst.series())
    def test_each_meeting_at_its_instant(self, series: Series) -> None:
        """Every meeting in the window becomes one event at its instant."""
        start, end = series.start, series.start + timedelta(days=2 * 366)
        expected = [
            (m.uid, m.start.astimezone(UTC), m.end.astimezone(UTC))
            for m in series.meetups(start, end, include_cancelled=False)
        ]
        calendar = to_ics(series, start=start, end=end)
        found = sorted(
            (e.uid, e.begin.datetime, e.end.datetime) for e in calendar.events
        )
        assert found == sorted(expected)

    def test_text_round_trip_through_ics_py(self) -> None:
        """ics-py's own text reads back to meetups at the same instants."""
        somewi = Series.example().cancel(
            datetime(2014, 11, 19, 19, tzinfo=BERLIN)
        )
        window = (
            datetime(2014, 9, 1, tzinfo=BERLIN),
            datetime(2015, 7, 1, tzinfo=BERLIN),
        )
        calendar = to_ics(somewi, start=window[0], end=window[1])
        text = calendar.serialize()
        meetups = from_ics(ics.Calendar(text), zone=BERLIN)
        assert [m.start for m in meetups] == [
            m.start for m in somewi.meetups(*window, include_cancelled=False)
        ]
        assert all(m.start.hour == 19 for m in meetups)
        assert meetups[0].venue is not None
        assert meetups[0].venue.name == "heimathafen Wiesbaden, Adelheid"

    def test_one_off_and_cancelled(self) -> None:
        """One-offs in the window are kept, cancelled ones left out."""
        kickoff = Meetup(
            title="#SoMeWI Auftakt",
            start=datetime(2014, 9, 24, 19, tzinfo=BERLIN),
            duration=timedelta(hours=2),
        )
        cancelled = Meetup(
            title="Abgesagt",
            start=datetime(2014, 10, 1, 19, tzinfo=BERLIN),
            duration=timedelta(hours=2),
            status="cancelled",
        )
        calendar = to_ics(
            [kickoff, cancelled],
            start=datetime(2014, 9, 1, tzinfo=UTC),
            end=datetime(2015, 1, 1, tzinfo=UTC),
        )
        assert [e.name for e in calendar.events] == ["#SoMeWI Auftakt"]

    def test_rejects_other_items(self) -> None:
        """Something that is no series or meetup is a type error."""
        with pytest.raises(TypeError, match=r"items\[0\]"):
            to_ics(
                ["x"],  # type: ignore[list-item]
                start=datetime(2014, 1, 1, tzinfo=UTC),
                end=datetime(2015, 1, 1, tzinfo=UTC),
            )
        with pytest.raises(TypeError, match="meetup"):
            to_ics_event("x")  # type: ignore[arg-type]


class TestFromIcs:
    def test_event_without_begin(self) -> None:
        """An event without begin cannot be a meetup."""
        with pytest.raises(InvalidValueError, match="no begin"):
            from_ics_event(ics.Event(name="x"))

    def test_status_and_uid(self) -> None:
        """Status and uid come across; the start is shown in the zone asked for."""
        event = ics.Event(
            name="x",
            begin=datetime(2014, 9, 24, 17, tzinfo=UTC),
            duration=timedelta(hours=2),
            uid="kickoff@example.org",
            status="CANCELLED",
        )
        meetup = from_ics_event(event, zone=BERLIN)
        assert meetup.is_cancelled
        assert meetup.uid == "kickoff@example.org"
        assert meetup.start == datetime(2014, 9, 24, 19, tzinfo=BERLIN)
        assert meetup.start.tzinfo is BERLIN
