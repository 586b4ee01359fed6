"""Tests for series that change from a date on, in iCalendar."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest
import recurring_ical_events

from meetupkit import Room, Series
from meetupkit.ical import carried, from_ical, from_ical_report, to_ical

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
ADELHEID = Room(name="Adelheid", capacity=12)
#: A second room, only for these tests: the #SoMeWI facts name one room.
ANNEX = Room(name="Nebenraum", capacity=20)

Golden = Callable[[str, bytes | str], None]


def _changed() -> Series:
    """#SoMeWI from March 2016 every four weeks at 18:30 in another room.

    One meeting of each phase is cancelled, one of the new rhythm moved.
    """
    somewi = Series.example()
    venue = attrs.evolve(somewi.venue, rooms=(ADELHEID, ANNEX))
    somewi = attrs.evolve(somewi, venue=venue, room=ADELHEID)
    changed = somewi.change_from(
        date(2016, 3, 2),
        every=timedelta(weeks=4),
        time=time(18, 30),
        room=ANNEX,
    )
    return (
        changed.cancel(
            datetime(2015, 1, 14, 19, tzinfo=BERLIN), reason="Krank"
        )
        .cancel(datetime(2016, 3, 30, 18, 30, tzinfo=BERLIN))
        .move(
            datetime(2016, 4, 27, 18, 30, tzinfo=BERLIN),
            to=datetime(2016, 4, 28, 18, 30, tzinfo=BERLIN),
        )
    )


def _expanded(data: bytes | str, start: datetime, end: datetime) -> list:
    calendar = icalendar.Calendar.from_ical(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        found = recurring_ical_events.of(calendar).between(start, end)
    return sorted(
        (e["DTSTART"].dt.astimezone(UTC), str(e.get("STATUS", "CONFIRMED")))
        for e in found
        if start <= e["DTSTART"].dt < end
    )


def _meetings(series: Series, start: datetime, end: datetime) -> list:
    return sorted(
        (
            m.start.astimezone(UTC),
            "CANCELLED" if m.is_cancelled else "CONFIRMED",
        )
        for m in series.meetups(start, end)
    )


def _masters(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]


class TestExport:
    def test_golden_changed_series(self, golden: Golden) -> None:
        """The changed #SoMeWI calendar is byte for byte the reviewed file."""
        golden(
            "ical/somewi-changed.ics",
            to_ical(_changed(), name="#SoMeWI", dtstamp=STAMP),
        )

    def test_expansion_equals_meetups(self) -> None:
        """recurring-ical-events expands the export exactly to meetups()."""
        series = _changed()
        start = datetime(2014, 9, 1, tzinfo=BERLIN)
        end = datetime(2018, 1, 1, tzinfo=BERLIN)
        data = to_ical(series, dtstamp=STAMP)
        assert _expanded(data, start, end) == _meetings(series, start, end)

    def test_old_master_ends_before_the_new_one_begins(self) -> None:
        """The first master ends with UNTIL at its last start; the next names it."""
        first, second = _masters(to_ical(_changed(), dtstamp=STAMP))
        assert first["RRULE"]["UNTIL"] == [
            datetime(2016, 2, 10, 18, tzinfo=UTC)
        ]
        assert second["DTSTART"].dt == datetime(
            2016, 3, 2, 18, 30, tzinfo=BERLIN
        )
        assert str(second["UID"]) != str(first["UID"])
        assert str(second["RELATED-TO"]) == str(first["UID"])
        assert "UNTIL" not in second["RRULE"]

    def test_overrides_go_with_their_master(self) -> None:
        """Each override carries the UID of the master whose meeting it is."""
        data = to_ical(_changed(), dtstamp=STAMP)
        first, second = (str(m["UID"]) for m in _masters(data))
        calendar = icalendar.Calendar.from_ical(data)
        owners = {
            e["RECURRENCE-ID"].dt.date(): str(e["UID"])
            for e in calendar.walk("VEVENT")
            if "RECURRENCE-ID" in e
        }
        assert owners == {
            date(2015, 1, 14): first,
            date(2016, 3, 30): second,
            date(2016, 4, 27): second,
        }


class TestImport:
    def test_round_trip(self) -> None:
        """The two linked masters read back into the same series."""
        series = _changed()
        data = to_ical(series, dtstamp=STAMP)
        assert from_ical(data) == [carried(series)]
        assert to_ical(from_ical(data), dtstamp=STAMP) == data

    def test_linked_masters_without_meetupkit_properties(self) -> None:
        """A split feed of another program reads into the same meetings."""
        series = _changed()
        lines = to_ical(series, dtstamp=STAMP).decode().replace("\r\n ", "")
        kept = [
            line
            for line in lines.split("\r\n")
            if not line.startswith(("X-MEETUPKIT-RRULE", "X-MEETUPKIT-CHANGE"))
        ]
        (back,) = from_ical("\r\n".join(kept))
        assert len(back.changes) == 1
        start = datetime(2014, 9, 1, tzinfo=BERLIN)
        end = datetime(2018, 1, 1, tzinfo=BERLIN)
        assert [
            (m.start, m.number, m.status, m.room)
            for m in back.meetups(start, end)
        ] == [
            (m.start, m.number, m.status, m.room)
            for m in series.meetups(start, end)
        ]

    def test_round_trip_with_the_longest_uid(self) -> None:
        """A series with a 255-character UID still reads back after a change."""
        series = attrs.evolve(
            Series.example(), uid="s" * 240 + "@example.org"
        ).change_from(date(2016, 3, 2), every=timedelta(weeks=4))
        data = to_ical(series, dtstamp=STAMP)
        uids = {str(m["UID"]) for m in _masters(data)}
        assert all(len(uid) <= 255 for uid in uids)
        assert from_ical(data) == [series]


def _with_future(override: str) -> str:
    """The #SoMeWI feed plus one RANGE=THISANDFUTURE override VEVENT."""
    feed = to_ical(Series.example(), dtstamp=STAMP).decode()
    event = (
        "BEGIN:VEVENT\r\nUID:somewi@some-netzwerk.example\r\n"
        "DTSTAMP:20260101T000000Z\r\n"
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20160406T190000"
        f"\r\n{override}SUMMARY;LANGUAGE=de:#SoMeWI Stammtisch\r\n"
        "END:VEVENT\r\n"
    )
    return feed.replace("END:VCALENDAR", event + "END:VCALENDAR")


class TestThisAndFuture:
    def test_new_time_and_rhythm_read_as_a_change(self) -> None:
        """A THISANDFUTURE override with time, duration and rule is change_from."""
        feed = _with_future(
            "DTSTART;TZID=Europe/Berlin:20160406T183000\r\n"
            "DURATION:PT2H30M\r\nRRULE:FREQ=WEEKLY;INTERVAL=4\r\n"
        )
        report = from_ical_report(feed)
        assert report.repaired == report.skipped == ()
        assert list(report.items) == [
            Series.example().change_from(
                datetime(2016, 4, 6, 18, 30, tzinfo=BERLIN),
                every=timedelta(weeks=4),
                duration=timedelta(hours=2, minutes=30),
            )
        ]

    def test_new_time_expands_like_recurring_ical_events(self) -> None:
        """Without a rule of its own the override shifts later meetings, as the oracle does."""
        feed = _with_future(
            "DTSTART;TZID=Europe/Berlin:20160406T183000\r\nDURATION:PT2H\r\n"
        )
        (series,) = from_ical(feed)
        assert series == Series.example().change_from(
            datetime(2016, 4, 6, 18, 30, tzinfo=BERLIN)
        )
        start = datetime(2015, 6, 1, tzinfo=BERLIN)
        end = datetime(2018, 1, 1, tzinfo=BERLIN)
        assert _expanded(feed, start, end) == _meetings(series, start, end)

    def test_later_overrides_and_dates_move_with_it(self) -> None:
        """RECURRENCE-IDs and RDATEs after the override are read shifted, as the oracle does."""
        feed = _with_future(
            "DTSTART;TZID=Europe/Berlin:20160406T183000\r\nDURATION:PT2H\r\n"
        )
        moved = (
            "BEGIN:VEVENT\r\nUID:somewi@some-netzwerk.example\r\n"
            "DTSTAMP:20260101T000000Z\r\n"
            "RECURRENCE-ID;TZID=Europe/Berlin:20160601T190000\r\n"
            "DTSTART;TZID=Europe/Berlin:20160602T183000\r\nDURATION:PT2H\r\n"
            "SUMMARY;LANGUAGE=de:#SoMeWI Stammtisch\r\nEND:VEVENT\r\n"
        )
        feed = feed.replace("END:VCALENDAR", moved + "END:VCALENDAR")
        feed = feed.replace(
            "RRULE:FREQ=WEEKLY;INTERVAL=8\r\n",
            "RRULE:FREQ=WEEKLY;INTERVAL=8\r\n"
            "RDATE;TZID=Europe/Berlin:20160706T190000\r\n",
        )
        report = from_ical_report(feed)
        assert report.repaired == report.skipped == ()
        (series,) = report.items
        assert series.extra_dates == (
            datetime(2016, 7, 6, 18, 30, tzinfo=BERLIN),
        )
        assert [o.original_start for o in series.overrides] == [
            datetime(2016, 6, 1, 18, 30, tzinfo=BERLIN)
        ]
        start = datetime(2016, 1, 1, tzinfo=BERLIN)
        end = datetime(2017, 1, 1, tzinfo=BERLIN)
        assert _expanded(feed, start, end) == _meetings(series, start, end)

    def test_the_oracle_keeps_the_old_rule(self) -> None:
        """recurring-ical-events ignores a THISANDFUTURE override's RRULE (documented)."""
        feed = _with_future(
            "DTSTART;TZID=Europe/Berlin:20160406T190000\r\n"
            "DURATION:PT2H\r\nRRULE:FREQ=WEEKLY;INTERVAL=4\r\n"
        )
        (series,) = from_ical(feed)
        start = datetime(2016, 4, 1, tzinfo=BERLIN)
        end = datetime(2016, 7, 1, tzinfo=BERLIN)
        ours = [m.start.date() for m in series.meetups(start, end)]
        assert ours == [
            date(2016, 4, 6),
            date(2016, 5, 4),
            date(2016, 6, 1),
            date(2016, 6, 29),
        ]
        assert [d.date() for d, _ in _expanded(feed, start, end)] == [
            date(2016, 4, 6),
            date(2016, 6, 1),
        ]

    @pytest.mark.parametrize(
        ("override", "reason"),
        [
            (
                "DTSTART;TZID=Europe/Berlin:20160406T190000\r\nDURATION:PT2H\r\n"
                "STATUS:CANCELLED\r\n",
                "not supported",
            ),
            (
                "DTSTART;TZID=Europe/Berlin:20160406T190000\r\nDURATION:PT2H\r\n",
                "changes nothing",
            ),
        ],
    )
    def test_what_cannot_be_a_change_is_reported(
        self, override, reason
    ) -> None:
        """A cancelling or empty THISANDFUTURE override is reported and ignored."""
        report = from_ical_report(_with_future(override))
        assert list(report.items) == [Series.example()]
        assert reason in " ".join(str(entry) for entry in report.skipped)
