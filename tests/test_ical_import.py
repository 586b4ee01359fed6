"""Tests for the iCalendar reader's tolerance: what it accepts, repairs, skips."""

from __future__ import annotations

import copy
import hashlib
import pickle
import warnings
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import (
    ICalError,
    InvalidValueError,
    Meetup,
    MeetupStatus,
    Recurrence,
    Series,
    ValidationError,
    _time,
    from_dict,
    from_json,
    from_toml,
    to_dict,
    to_json,
    to_toml,
)
from meetupkit import strategies as mst
from meetupkit.ical import (
    DEFAULT_DURATION,
    ImportEntry,
    ImportReport,
    from_ical,
    from_ical_report,
)

BERLIN = ZoneInfo("Europe/Berlin")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def feed(*lines: str, eol: str = "\r\n") -> bytes:
    """Wrap *lines* into a VCALENDAR (line 1 is BEGIN:VCALENDAR)."""
    body = ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines)
    return (eol.join((*body, "END:VCALENDAR")) + eol).encode()


def event(*lines: str, uid: str = "a@example.org") -> tuple[str, ...]:
    """A VEVENT (its BEGIN is line 4 when it comes first)."""
    return ("BEGIN:VEVENT", f"UID:{uid}", *lines, "END:VEVENT")


def read(
    data: bytes, **kwargs: object
) -> tuple[list[Series | Meetup], list[str]]:
    """Import *data*; return the items and the warning texts."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        items = from_ical(data, **kwargs)  # type: ignore[arg-type]
    return items, [str(item.message) for item in caught]


def starts(series: Series, years: int = 2) -> list[tuple[str, str]]:
    """The meetings of *series* over some years: (UTC start, status)."""
    return [
        (f"{m.start.astimezone(UTC):%Y-%m-%d %H:%M}", m.status.value)
        for m in series.meetups(
            series.start, series.start + timedelta(days=366 * years)
        )
    ]


START = "DTSTART;TZID=Europe/Berlin:20150113T190000"
END = "DTEND;TZID=Europe/Berlin:20150113T210000"


class TestReport:
    def test_report_lists_imported_repaired_and_skipped(self) -> None:
        """The report names line, UID and reason of each thing done."""
        data = feed(
            *event(START),
            *event(START, END, "RRULE:FREQ=HOURLY", uid="b@example.org"),
        )
        report = from_ical_report(data)
        assert isinstance(report, ImportReport)
        assert report.imported == (
            ImportEntry(
                line=4, uid="a@example.org", reason="imported the meetup"
            ),
        )
        (repaired,) = report.repaired
        assert (repaired.line, repaired.uid) == (6, "a@example.org")
        (skipped,) = report.skipped
        assert (skipped.line, skipped.uid) == (12, "b@example.org")
        assert "FREQ: HOURLY" in skipped.reason
        assert report.summary() == (
            "imported 1 event (0 series, 1 meetup), repaired 1, skipped 1"
        )

    def test_strict_turns_a_repair_into_an_error(self) -> None:
        """With strict=True the first repair raises ICalError naming the line."""
        with pytest.raises(ICalError) as info:
            from_ical(feed(*event(START)), strict=True)
        assert info.value.line_number == 6
        assert "neither DTEND nor DURATION" in str(info.value)

    def test_strict_turns_a_skip_into_the_original_error(self) -> None:
        """With strict=True a skipped event raises the error that skipped it."""
        data = feed(*event(START, END, "RRULE:FREQ=MINUTELY"))
        with pytest.raises(ICalError, match="line 8: RRULE: FREQ: MINUTELY"):
            from_ical(data, strict=True)

    def test_one_bad_event_does_not_refuse_the_feed(self) -> None:
        """An impossible date skips its event; the others are imported."""
        data = feed(
            *event("DTSTART;TZID=Europe/Berlin:20150230T190000", END),
            *event(START, END, uid="b@example.org"),
        )
        items, caught = read(data)
        assert [item.uid for item in items] == ["b@example.org"]
        assert caught == [
            "line 6: skipped the VEVENT 'a@example.org' (line 4): DTSTART:"
            " '20150230T190000' is an impossible date (day is out of range"
            " for month); check day and month"
        ]

    def test_html_is_still_refused(self) -> None:
        """A feed that is no calendar at all is refused whole."""
        with pytest.raises(ICalError, match="not iCalendar"):
            from_ical(b"<html>nope</html>")


class TestAccepted:
    def test_no_end_lasts_the_default_duration(self) -> None:
        """A DATE-TIME DTSTART alone lasts DEFAULT_DURATION, with a warning."""
        (meetup,), caught = read(feed(*event(START)))
        assert isinstance(meetup, Meetup)
        assert meetup.duration == DEFAULT_DURATION == timedelta(hours=1)
        assert caught == [
            "line 6: the VEVENT has neither DTEND nor DURATION; it lasts"
            " 1:00:00 (DEFAULT_DURATION)"
        ]

    def test_date_alone_lasts_a_day(self) -> None:
        """A DATE DTSTART alone lasts one day, without a warning."""
        (meetup,), caught = read(
            feed(*event("DTSTART;VALUE=DATE:20150613")), default_tz=BERLIN
        )
        assert meetup.duration == timedelta(days=1)
        assert caught == []

    def test_dtend_equal_to_dtstart(self) -> None:
        """DTEND equal to DTSTART lasts DEFAULT_DURATION, with a warning."""
        (meetup,), caught = read(
            feed(*event(START, "DTEND;TZID=Europe/Berlin:20150113T190000"))
        )
        assert meetup.duration == DEFAULT_DURATION
        assert caught == [
            "line 7: DTEND equals DTSTART; the event lasts 1:00:00"
            " (DEFAULT_DURATION)"
        ]

    def test_period_rdates_have_their_own_duration(self) -> None:
        """RDATE;VALUE=PERIOD gives meetings with the period's duration."""
        data = feed(
            *event(
                START,
                END,
                "RRULE:FREQ=MONTHLY;COUNT=2",
                "RDATE;VALUE=PERIOD:20150301T170000Z/PT3H,"
                "20150401T170000Z/20150401T180000Z",
            )
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert caught == []
        found = [
            (f"{m.start.astimezone(UTC):%m-%d %H:%M}", m.duration)
            for m in series.meetups(
                series.start, series.start + timedelta(days=99)
            )
        ]
        hours = timedelta(hours=1)
        assert found == [
            ("01-13 18:00", 2 * hours),
            ("02-13 18:00", 2 * hours),
            ("03-01 17:00", 3 * hours),
            ("04-01 17:00", hours),
        ]

    def test_period_rdates_on_a_one_off(self) -> None:
        """A period RDATE on an event without RRULE is a meetup of its own."""
        data = feed(
            *event(START, END, "RDATE;VALUE=PERIOD:20150301T170000Z/PT3H")
        )
        (_, second), caught = read(data)
        assert isinstance(second, Meetup)
        assert second.duration == timedelta(hours=3)
        assert second.uid == "a@example.org/20150301T170000Z"
        assert caught == []

    def test_second_bounded_rrule_adds_extra_dates(self) -> None:
        """A second RRULE with COUNT adds its meetings as extra dates."""
        data = feed(
            *event(
                START,
                END,
                "RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=2",
                "RRULE:FREQ=MONTHLY;BYDAY=4TU;COUNT=2",
            )
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert [s for s, _ in starts(series)] == [
            "2015-01-13 18:00",
            "2015-01-27 18:00",
            "2015-02-10 18:00",
            "2015-02-24 18:00",
        ]
        assert caught == [
            "line 9: a second RRULE; its 2 meetings were added as extra dates"
        ]

    def test_second_unbounded_rrule_skips_the_event(self) -> None:
        """A second RRULE without an end skips the event, naming it."""
        data = feed(
            *event(
                START,
                END,
                "RRULE:FREQ=MONTHLY;BYDAY=2TU",
                "RRULE:FREQ=MONTHLY;BYDAY=4TU",
            )
        )
        items, caught = read(data)
        assert items == []
        assert caught == [
            "line 9: skipped the VEVENT 'a@example.org' (line 4): RRULE: a"
            " second RRULE without COUNT or UNTIL; meetupkit holds one rule"
            " per series; split it into two series"
        ]

    def test_floating_start_and_floating_until(self) -> None:
        """A floating DTSTART with a floating UNTIL is read in default_tz."""
        data = feed(
            *event(
                "DTSTART:20150113T190000",
                "DURATION:PT2H",
                "RRULE:FREQ=WEEKLY;UNTIL=20150127T190000",
            )
        )
        (series,), caught = read(data, default_tz=BERLIN)
        assert isinstance(series, Series)
        assert len(starts(series)) == 3
        assert caught == []

    def test_local_until_on_a_zoned_series(self) -> None:
        """A local UNTIL on a zoned series is read in its zone, with a warning."""
        data = feed(
            *event(START, END, "RRULE:FREQ=WEEKLY;UNTIL=20150127T190000")
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert len(starts(series)) == 3
        assert caught == [
            "line 8: UNTIL=20150127T190000 is a local time on a series with a"
            " zone; read it in DTSTART's zone"
        ]

    def test_floating_end_is_read_in_the_start_zone(self) -> None:
        """A floating DTEND after a zoned DTSTART uses the start's zone."""
        data = feed(*event(START, "DTEND:20150113T210000"))
        (meetup,), caught = read(data, default_tz=ZoneInfo("America/New_York"))
        assert meetup.duration == timedelta(hours=2)
        assert caught == [
            "line 7: DTEND is a floating time while DTSTART has a zone; read"
            " it in DTSTART's zone"
        ]

    def test_same_uid_twice_keeps_the_highest_sequence(self) -> None:
        """Of two copies of an event the one with the higher SEQUENCE is kept."""
        data = feed(
            *event(START, END, "SEQUENCE:3", "SUMMARY:new"),
            *event(START, END, "SEQUENCE:1", "SUMMARY:old"),
        )
        (meetup,), caught = read(data)
        assert meetup.title == "new"
        assert caught == [
            "line 11: an older copy (SEQUENCE 1) of the VEVENT 'a@example.org'"
            " of line 4 (SEQUENCE 3); kept line 4"
        ]

    def test_cr_only_line_ends(self) -> None:
        """A feed whose lines end in CR alone is read, with a warning."""
        (meetup,), caught = read(feed(*event(START, END), eol="\r"))
        assert meetup.start == datetime(2015, 1, 13, 19, tzinfo=BERLIN)
        assert caught == [
            "line 1: the lines end in CR alone; read as line breaks"
        ]

    def test_broken_vendor_property_is_dropped(self) -> None:
        """An X- line with characters the RFC forbids is dropped, with a warning."""
        data = feed(*event(START, END, "X-MS_OLK-WEIRD:1", "X-A@B;X=1:2"))
        (meetup,), caught = read(data)
        assert isinstance(meetup, Meetup)
        assert caught == [
            "line 8: dropped the vendor property 'X-MS_OLK-WEIRD': it breaks"
            " the content line syntax",
            "line 9: dropped the vendor property 'X-A@B': it breaks the"
            " content line syntax",
        ]

    def test_malformed_geo_is_dropped(self) -> None:
        """A GEO that is no position is dropped; the location stays."""
        data = feed(*event(START, END, "LOCATION:Mainz", "GEO:50.0;north"))
        (meetup,), caught = read(data)
        assert meetup.venue is not None
        assert meetup.venue.name == "Mainz"
        assert meetup.venue.geo is None
        assert caught == [
            "line 9: dropped GEO: '50.0;north' is not a position"
        ]

    @pytest.mark.parametrize(
        ("lines", "problem"),
        [
            (("RRULE:FREQ=HOURLY",), "line 8: RRULE: FREQ: HOURLY"),
            (
                ("RRULE:FREQ=MINUTELY;INTERVAL=30",),
                "line 8: RRULE: FREQ: MINUTELY",
            ),
            (("RRULE:RSCALE=HEBREW;FREQ=YEARLY",), "line 8: RRULE: RSCALE"),
            (("RRULE:FREQ=DAILY;BYHOUR=9,14",), "line 8: RRULE: BYHOUR"),
        ],
    )
    def test_rules_a_meetup_cannot_hold_skip_the_event(
        self, lines: tuple[str, ...], problem: str
    ) -> None:
        """Hourly, minutely, RSCALE and several times a day skip the event."""
        data = feed(*event(START, END, *lines), *event(START, END, uid="b@x"))
        items, caught = read(data)
        assert [item.uid for item in items] == ["b@x"]
        (warning,) = caught
        assert warning.startswith(
            problem.replace(
                "line 8: ",
                "line 8: skipped the VEVENT 'a@example.org' (line 4): ",
            )
        )

    def test_event_over_a_year_is_skipped(self) -> None:
        """An event longer than a year is skipped, naming UID and line."""
        data = feed(*event(START, "DURATION:P400D"))
        items, caught = read(data)
        assert items == []
        assert caught == [
            "line 7: skipped the VEVENT 'a@example.org' (line 4): DURATION:"
            " duration 400 days, 0:00:00 is not between a second and a year;"
            " a meetup lasts at most a year; fix DTEND or DURATION"
        ]

    @pytest.mark.parametrize(
        ("value", "warning"),
        [
            (
                "THISANDPRIOR",
                "line 12: skipped the VEVENT 'a@example.org' (line 10):"
                " RECURRENCE-ID: RANGE=THISANDPRIOR is not supported (RFC 5545"
                " knows only THISANDFUTURE); change the meetings one by one",
            ),
            (
                "THISANDFUTURE",
                "line 12: the RANGE=THISANDFUTURE override moves its meeting"
                " and all later ones later, which meetupkit cannot hold;"
                " ignored (move the later meetings one by one, or split the"
                " series)",
            ),
        ],
        ids=["another-range", "this-and-future-later"],
    )
    def test_range_override_left_out(self, value: str, warning: str) -> None:
        """Another RANGE, or THISANDFUTURE moving meetings later, is left out.

        The warning names what was left out; the series stays as it was.
        """
        data = feed(
            *event(START, END, "RRULE:FREQ=MONTHLY;COUNT=3"),
            *event(
                f"RECURRENCE-ID;RANGE={value};TZID=Europe/Berlin:20150213T190000",
                "DTSTART;TZID=Europe/Berlin:20150213T200000",
                END.replace("0113", "0213"),
            ),
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert series.overrides == ()
        assert series.changes == ()
        assert caught == [warning]


class TestZones:
    def test_leading_slash_tzid(self) -> None:
        """A TZID with a leading slash names the IANA zone after it."""
        data = feed(
            *event(
                "DTSTART;TZID=/Europe/Stockholm:20150113T190000",
                "DTEND;TZID=/Europe/Stockholm:20150113T210000",
            )
        )
        (meetup,), caught = read(data)
        assert meetup.start.tzinfo == STOCKHOLM
        assert caught == []

    def test_windows_zone_name(self) -> None:
        """A Windows zone name is mapped with icalendar's CLDR table."""
        data = feed(
            *event(
                "DTSTART;TZID=W. Europe Standard Time:20150113T190000",
                "DURATION:PT2H",
            )
        )
        (meetup,), _ = read(data)
        assert meetup.start.tzinfo == BERLIN

    EXCHANGE = (
        "BEGIN:VTIMEZONE",
        "TZID:Customized Time Zone",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    )

    @pytest.mark.parametrize(
        ("tzid", "since"),
        [
            ("Customized Time Zone", "1601"),
            ("GMT +0100 (Standard) / GMT +0200 (Daylight)", "1601"),
            ("Lotus Notes W. Europe", "1950"),
        ],
    )
    def test_zone_from_long_ago_matches_its_iana_zone(
        self, tzid: str, since: str
    ) -> None:
        """A zone defined from 1601 or 1950 is matched over the feed's years."""
        data = feed(
            *[
                line.replace("Customized Time Zone", tzid).replace(
                    "DTSTART:1601", f"DTSTART:{since}"
                )
                for line in self.EXCHANGE
            ],
            *event(
                f"DTSTART;TZID={tzid}:20150113T190000",
                f"DTEND;TZID={tzid}:20150113T210000",
                "RRULE:FREQ=MONTHLY;COUNT=8",
            ),
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert isinstance(series.start.tzinfo, ZoneInfo)
        assert series.start.tzinfo.key == "Europe/Berlin"
        assert caught == []

    def test_localized_zone_name_is_matched_by_its_rules(self) -> None:
        """A localized TZID (Thunderbird) is matched by its rules."""
        data = feed(
            *[
                line.replace("Customized Time Zone", "Mitteleuropäische Zeit")
                for line in self.EXCHANGE
            ],
            *event(
                "DTSTART;TZID=Mitteleuropäische Zeit:20150713T190000",
                "DURATION:PT2H",
            ),
        )
        (meetup,), _ = read(data)
        assert meetup.start == datetime(2015, 7, 13, 19, tzinfo=BERLIN)

    def test_rdate_only_zone(self) -> None:
        """A shortened zone of RDATEs only (khal) is read over its dates."""
        data = feed(
            "BEGIN:VTIMEZONE",
            "TZID:Kurz",
            "BEGIN:STANDARD",
            "DTSTART:20141026T030000",
            "RDATE:20151025T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:20150329T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
            *event("DTSTART;TZID=Kurz:20150713T190000", "DURATION:PT2H"),
        )
        (meetup,), _ = read(data)
        assert meetup.start.astimezone(UTC) == datetime(
            2015, 7, 13, 17, tzinfo=UTC
        )

    def test_unknown_rules_become_a_zone_of_their_own(self) -> None:
        """A VTIMEZONE no IANA zone matches is kept as a zone from its rules."""
        data = feed(
            "BEGIN:VTIMEZONE",
            "TZID:Nirgendwo",
            "BEGIN:STANDARD",
            "DTSTART:19700101T030000",
            "TZOFFSETFROM:+0230",
            "TZOFFSETTO:+0130",
            "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:19700101T020000",
            "TZOFFSETFROM:+0130",
            "TZOFFSETTO:+0230",
            "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
            *event(
                "DTSTART;TZID=Nirgendwo:20150113T190000",
                "DURATION:PT2H",
                "RRULE:FREQ=MONTHLY;COUNT=12",
            ),
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert caught == []
        assert isinstance(series.start.tzinfo, ZoneInfo)
        assert series.start.tzinfo.key == "Nirgendwo"
        offsets = {
            m.start.utcoffset()
            for m in series.meetups(
                series.start, series.start + timedelta(days=366)
            )
        }
        assert offsets == {
            timedelta(hours=1, minutes=30),
            timedelta(hours=2, minutes=30),
        }
        july = series.meetups(
            datetime(2015, 7, 1, tzinfo=UTC), datetime(2015, 8, 1, tzinfo=UTC)
        )
        assert july[0].start.astimezone(UTC) == datetime(
            2015, 7, 13, 16, 30, tzinfo=UTC
        )

    def test_fixed_offset_zone(self) -> None:
        """A VTIMEZONE with one offset is that fixed offset."""
        data = feed(
            "BEGIN:VTIMEZONE",
            "TZID:GMT +0530",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0530",
            "TZOFFSETTO:+0530",
            "END:STANDARD",
            "END:VTIMEZONE",
            *event("DTSTART;TZID=GMT +0530:20150113T190000", "DURATION:PT2H"),
        )
        (meetup,), _ = read(data)
        assert meetup.start.utcoffset() == timedelta(hours=5, minutes=30)
        assert meetup.start.tzinfo == timezone(timedelta(hours=5, minutes=30))

    def test_floating_times_use_x_wr_timezone(self) -> None:
        """Without default_tz, floating times are read in X-WR-TIMEZONE."""
        data = feed(
            "X-WR-TIMEZONE:Europe/Stockholm",
            *event("DTSTART:20150113T190000", "DURATION:PT2H"),
        )
        (meetup,), caught = read(data)
        assert meetup.start == datetime(2015, 1, 13, 19, tzinfo=STOCKHOLM)
        assert caught == [
            "line 7: 20150113T190000 is a floating time; read in the"
            " calendar's X-WR-TIMEZONE Europe/Stockholm (line 4)"
        ]
        (meetup,), caught = read(data, default_tz=BERLIN)
        assert meetup.start.tzinfo == BERLIN
        assert caught == []


class TestNotLost:
    def test_date_exdate_on_a_timed_series_matches_by_date(self) -> None:
        """An EXDATE of DATE type cancels the timed meeting on that date."""
        data = feed(
            *event(
                START,
                END,
                "RRULE:FREQ=MONTHLY;COUNT=3",
                "EXDATE;VALUE=DATE:20150213",
            )
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert [status for _, status in starts(series)] == [
            "scheduled",
            "cancelled",
            "scheduled",
        ]
        assert caught == [
            "line 9: EXDATE 20150213 is a DATE on a series with times; matched"
            " to the meeting of 2015-02-13 19:00"
        ]

    def test_date_recurrence_id_matches_by_date(self) -> None:
        """A RECURRENCE-ID of DATE type overrides the meeting on that date."""
        data = feed(
            *event(START, END, "RRULE:FREQ=MONTHLY;COUNT=3"),
            *event(
                "RECURRENCE-ID;VALUE=DATE:20150213",
                "DTSTART;TZID=Europe/Berlin:20150214T190000",
                "DTEND;TZID=Europe/Berlin:20150214T210000",
            ),
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert [s for s, _ in starts(series)][1] == "2015-02-14 18:00"
        assert caught == [
            "line 12: RECURRENCE-ID 20150213 is a DATE on a series with times;"
            " matched to the meeting of 2015-02-13 19:00"
        ]

    def test_unmatched_exdate_is_reported(self) -> None:
        """An EXDATE that is no meeting is ignored with a warning."""
        data = feed(
            *event(
                START,
                END,
                "RRULE:FREQ=MONTHLY;COUNT=3",
                "EXDATE:20150214T180000Z",
            )
        )
        (_,), caught = read(data)
        assert caught == [
            "line 9: EXDATE 20150214T180000Z is no meeting of the series; ignored"
        ]

    def test_unmatched_override_becomes_a_meetup(self) -> None:
        """An override whose RECURRENCE-ID is no meeting is kept on its own."""
        data = feed(
            *event(START, END, "RRULE:FREQ=MONTHLY;COUNT=3"),
            *event(
                "RECURRENCE-ID;TZID=Europe/Berlin:20150214T190000",
                "DTSTART;TZID=Europe/Berlin:20150214T190000",
                "DURATION:PT2H",
            ),
        )
        (_, alone), caught = read(data)
        assert isinstance(alone, Meetup)
        assert alone.uid == "a@example.org/20150214T180000Z"
        assert caught == [
            "line 12: RECURRENCE-ID 20150214T180000Z is no meeting of the"
            " series; imported as a meetup of its own"
        ]

    def test_tzid_on_a_date_is_reported(self) -> None:
        """A TZID on a DATE value is ignored with a warning."""
        data = feed(*event("DTSTART;VALUE=DATE;TZID=Europe/Berlin:20150613"))
        (meetup,), caught = read(data, default_tz=BERLIN)
        assert meetup.duration == timedelta(days=1)
        assert caught == [
            "line 6: DTSTART is a DATE with a TZID; a date has no time zone,"
            " the TZID was ignored"
        ]

    def test_rdate_repeating_dtstart_gives_one_meeting(self) -> None:
        """An RDATE equal to DTSTART does not give the meeting twice."""
        one_off = feed(
            *event(START, END, "RDATE;TZID=Europe/Berlin:20150113T190000")
        )
        items, _ = read(one_off)
        assert len(items) == 1
        series_feed = feed(
            *event(
                START,
                END,
                "RRULE:FREQ=MONTHLY;COUNT=2",
                "RDATE;TZID=Europe/Berlin:20150113T190000",
            )
        )
        (series,), _ = read(series_feed)
        assert isinstance(series, Series)
        assert len(starts(series)) == 2

    def test_exdate_on_an_rdate_only_event_applies(self) -> None:
        """An EXDATE on an event without RRULE cancels that RDATE meeting."""
        data = feed(
            *event(
                START,
                END,
                "RDATE;TZID=Europe/Berlin:20150120T190000,20150127T190000",
                "EXDATE;TZID=Europe/Berlin:20150120T190000",
            )
        )
        items, caught = read(data)
        assert [m.status for m in items if isinstance(m, Meetup)] == [
            MeetupStatus.SCHEDULED,
            MeetupStatus.CANCELLED,
            MeetupStatus.SCHEDULED,
        ]
        assert caught == []

    def test_override_of_an_rdate_meeting_replaces_it(self) -> None:
        """An override of an RDATE meeting replaces that meeting."""
        data = feed(
            *event(START, END, "RDATE;TZID=Europe/Berlin:20150120T190000"),
            *event(
                "RECURRENCE-ID;TZID=Europe/Berlin:20150120T190000",
                "DTSTART;TZID=Europe/Berlin:20150121T190000",
                "DURATION:PT2H",
                "SUMMARY:verschoben",
            ),
        )
        items, caught = read(data)
        assert [
            (m.title, m.start.day) for m in items if isinstance(m, Meetup)
        ] == [
            ("(untitled)", 13),
            ("verschoben", 21),
        ]
        assert items[1].uid == "a@example.org/20150120T180000Z"
        assert caught == []

    def test_cancelled_master_cancels_every_meeting(self) -> None:
        """STATUS:CANCELLED on a bounded series cancels all its meetings."""
        data = feed(
            *event(
                START, END, "RRULE:FREQ=MONTHLY;COUNT=3", "STATUS:CANCELLED"
            )
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert [status for _, status in starts(series)] == ["cancelled"] * 3
        assert caught == []

    def test_cancelled_endless_master_is_skipped(self) -> None:
        """STATUS:CANCELLED on an endless series skips it with a warning."""
        data = feed(
            *event(START, END, "RRULE:FREQ=MONTHLY", "STATUS:CANCELLED")
        )
        items, caught = read(data)
        assert items == []
        assert caught == [
            "line 9: skipped the VEVENT 'a@example.org' (line 4): STATUS:"
            " STATUS:CANCELLED on a series without an end; every meeting is"
            " cancelled; remove the event"
        ]

    def test_nested_calendar_is_read(self) -> None:
        """Events of a VCALENDAR nested in another are read, with a warning."""
        data = feed("BEGIN:VCALENDAR", *event(START, END), "END:VCALENDAR")
        (meetup,), caught = read(data)
        assert isinstance(meetup, Meetup)
        assert caught == [
            "line 4: a VCALENDAR nested in the one of line 1; its events were"
            " read too"
        ]

    def test_day_in_a_duration_counts_24_hours(self) -> None:
        """A day of ``DURATION`` is read as 24 hours, as the standards page says.

        Across the clock change of 30 March 2025 the meeting ends at 20:00,
        an hour after the wall-clock end RFC 5545 gives it: a meetup's
        length is exact.
        """
        data = feed(
            *event(
                "DTSTART;TZID=Europe/Berlin:20250329T190000", "DURATION:P1D"
            )
        )
        (meetup,), caught = read(data)
        assert isinstance(meetup, Meetup)
        assert meetup.duration == timedelta(days=1)
        end = meetup.start.astimezone(UTC) + meetup.duration
        assert end == datetime(2025, 3, 30, 20, tzinfo=BERLIN)
        assert caught == []

    def test_long_uid_keeps_the_meetings_made_of_it(self) -> None:
        """A UID with no room for a start is shortened to its digest there.

        A meeting read from an RDATE, and an override that matches no
        meeting, take the event's UID plus ``/`` and their start as their
        uid.  With a UID of 240 characters that was over the 255 a uid may
        have, and the whole event was refused.
        """
        rdate, rrule = "r" * 240, "m" * 240
        data = feed(
            *event(START, END, "RDATE:20150301T170000Z", uid=rdate),
            *event(START, END, "RRULE:FREQ=MONTHLY;COUNT=3", uid=rrule),
            *event(
                "RECURRENCE-ID;TZID=Europe/Berlin:20150214T190000",
                "DTSTART;TZID=Europe/Berlin:20150214T190000",
                "DURATION:PT2H",
                uid=rrule,
            ),
        )
        items, caught = read(data)
        by_uid = {item.uid: item for item in items}
        assert set(by_uid) == {
            rdate,
            f"{_digest(rdate)}/20150301T170000Z",
            rrule,
            f"{_digest(rrule)}/20150214T180000Z",
        }
        assert isinstance(by_uid[rrule], Series)
        assert caught == [
            "line 18: RECURRENCE-ID 20150214T180000Z is no meeting of the"
            " series; imported as a meetup of its own"
        ]


def _digest(uid: str) -> str:
    return hashlib.sha256(uid.encode()).hexdigest()


class TestRepairsKeepTheMeetings:
    @given(
        day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        hour=st.integers(9, 20),
        zone=mst.zones(),
        interval=st.integers(1, 8),
        count=st.integers(2, 8),
        cancelled=st.sets(st.integers(1, 7), max_size=3),
        repairs=st.fixed_dictionaries(
            {
                "floating_until": st.booleans(),
                "date_exdates": st.booleans(),
                "no_dtend": st.booleans(),
                "older_copy": st.booleans(),
            }
        ),
    )
    @settings(max_examples=40, deadline=None)
    def test_repaired_feed_gives_the_clean_feeds_meetings(
        self,
        *,
        day: date,
        hour: int,
        zone: ZoneInfo,
        interval: int,
        count: int,
        cancelled: set[int],
        repairs: dict[str, bool],
    ) -> None:
        """A feed with common client mistakes gives the clean feed's meetings."""
        start = _time.normalize(datetime.combine(day, time(hour), tzinfo=zone))
        rule = Recurrence.parse(
            f"FREQ=WEEKLY;INTERVAL={interval};COUNT={count}"
        )
        meetings = list(rule.iterate(start, stop=start + timedelta(days=3000)))
        last = meetings[-1]
        tzid = f"TZID={zone.key}"

        def lines(fix: dict[str, bool]) -> list[str]:
            until = (
                f"{last:%Y%m%dT%H%M%S}"
                if fix["floating_until"]
                else f"{last.astimezone(UTC):%Y%m%dT%H%M%SZ}"
            )
            body = [
                "BEGIN:VEVENT",
                "UID:p@example.org",
                "SEQUENCE:2",
                "SUMMARY:Stammtisch",
                f"DTSTART;{tzid}:{start:%Y%m%dT%H%M%S}",
                f"RRULE:FREQ=WEEKLY;INTERVAL={interval};UNTIL={until}",
            ]
            if not fix["no_dtend"]:
                end = start + timedelta(hours=1)
                body.append(f"DTEND;{tzid}:{end:%Y%m%dT%H%M%S}")
            for index in sorted(cancelled):
                if index < len(meetings):
                    moment = meetings[index]
                    body.append(
                        f"EXDATE;VALUE=DATE:{moment:%Y%m%d}"
                        if fix["date_exdates"]
                        else f"EXDATE;{tzid}:{moment:%Y%m%dT%H%M%S}"
                    )
            body.append("END:VEVENT")
            if fix["older_copy"]:
                older = [
                    line.replace("SEQUENCE:2", "SEQUENCE:1")
                    for line in body
                    if not line.startswith("EXDATE")
                ]
                body = older + body
            return body

        def meetings_of(data: bytes) -> tuple[list[tuple[datetime, str]], int]:
            items, caught = read(data)
            (series,) = items
            assert isinstance(series, Series)
            found = [
                (m.start.astimezone(UTC), m.status.value)
                for m in series.meetups(
                    series.start, series.start + timedelta(days=3000)
                )
            ]
            return found, len(caught)

        clean, clean_warnings = meetings_of(
            feed(*lines(dict.fromkeys(repairs, False)))
        )
        repaired, warned = meetings_of(feed(*lines(repairs)))
        assert clean_warnings == 0
        assert repaired == clean
        expected = (
            repairs["no_dtend"]
            or repairs["older_copy"]
            or repairs["floating_until"]
            or (
                repairs["date_exdates"]
                and any(i < len(meetings) for i in cancelled)
            )
        )
        assert (warned > 0) == expected


class TestCaps:
    def test_exdate_after_the_expanded_meetings_is_reported(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An EXDATE past MAX_DATES_PER_EVENT meetings is ignored with a warning."""
        from meetupkit import ical

        monkeypatch.setattr(ical, "MAX_DATES_PER_EVENT", 5)
        data = feed(
            *event(START, END, "RRULE:FREQ=DAILY", "EXDATE:20150130T180000Z")
        )
        (_,), caught = read(data)
        assert caught == [
            "line 9: EXDATE 20150130T180000Z is after the first"
            " MAX_DATES_PER_EVENT (5) meetings of the series; ignored"
        ]

    def test_too_many_dates_skip_the_event(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An event listing more than MAX_DATES_PER_EVENT dates is skipped."""
        from meetupkit import ical

        monkeypatch.setattr(ical, "MAX_DATES_PER_EVENT", 2)
        data = feed(
            *event(
                START,
                END,
                "RDATE:20150120T180000Z,20150127T180000Z,20150203T180000Z",
            )
        )
        items, caught = read(data)
        assert items == []
        assert caught == [
            "line 4: skipped the VEVENT 'a@example.org': RDATE: the VEVENT of"
            " line 4 lists 3 dates, more than MAX_DATES_PER_EVENT (2); split"
            " the event, or use an RRULE"
        ]

    def test_too_many_events_refuse_the_feed(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A feed with more than MAX_EVENTS events is refused before reading."""
        from meetupkit import ical

        monkeypatch.setattr(ical, "MAX_EVENTS", 1)
        data = feed(*event(START, END), *event(START, END, uid="b@x"))
        with pytest.raises(ICalError, match=r"more than MAX_EVENTS \(1\)"):
            from_ical(data)


def _own_zone_series(
    tzid: str = "Nirgendwo", daylight_month: int = 4
) -> Series:
    """A monthly series in a zone of the file's own rules, as imported."""
    data = feed(
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T030000",
        "TZOFFSETFROM:+0230",
        "TZOFFSETTO:+0130",
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700101T020000",
        "TZOFFSETFROM:+0130",
        "TZOFFSETTO:+0230",
        f"RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH={daylight_month}",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        *event(
            f"DTSTART;TZID={tzid}:20150113T190000",
            "DURATION:PT2H",
            "RRULE:FREQ=MONTHLY",
            "EXDATE;TZID=" + tzid + ":20150713T190000",
        ),
    )
    (series,) = from_ical(data)
    assert isinstance(series, Series)
    return series


class TestOwnZonesInDocuments:
    """A zone of a file's own rules survives documents, pickling and copies."""

    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_document_carries_the_zone_and_reads_back(self, fmt: str) -> None:
        """to_json/to_toml write the zone's rules; reading gives the same series."""
        series = _own_zone_series()
        write, read_back = {
            "json": (to_json, from_json),
            "toml": (to_toml, from_toml),
        }[fmt]
        text = write(series)
        assert "Nirgendwo" in text
        assert "zones" in text
        again = read_back(Series, text)
        assert again == series
        window = (series.start, series.start + timedelta(days=40 * 366))
        assert again.meetups(*window) == series.meetups(*window)

    def test_web_payload_carries_the_zone_and_reads_back(self) -> None:
        """The web profile writes and reads the zone table too."""
        series = _own_zone_series()
        payload = to_dict(series, profile="web")
        assert payload["start_zone"] == "Nirgendwo"
        assert from_dict(Series, payload, profile="web") == series

    def test_iana_zones_write_no_zone_table(self) -> None:
        """A series in an IANA zone writes no zones key."""
        assert "zones" not in to_dict(Series.example())

    def test_pickle_and_deepcopy_keep_the_zone(self) -> None:
        """Pickling and copying rebuild the zone from its rules."""
        series = _own_zone_series()
        for again in (
            pickle.loads(pickle.dumps(series)),
            copy.deepcopy(series),
        ):
            assert again == series
            assert again.start.utcoffset() == series.start.utcoffset()

    @pytest.mark.parametrize(
        ("zones", "message"),
        [
            ("Nirgendwo", "expected a mapping"),
            ({"Nirgendwo": 7}, "expected a zone name and a base64 string"),
            ({"Nirgendwo": "not base64!"}, "not base64 TZif data"),
            ({"Nirgendwo": "aGFsbG8="}, "not base64 TZif data"),
        ],
    )
    def test_a_bad_zone_table_is_refused_with_its_path(
        self, zones: object, message: str
    ) -> None:
        """A broken zones entry is named, with the other problems."""
        document = to_dict(_own_zone_series())
        document["zones"] = zones
        with pytest.raises(ValidationError) as info:
            from_dict(Series, document)
        assert message in str(info.value)
        assert "zones" in {
            problem.path.split(".")[0] for problem in info.value.exceptions
        }

    def test_two_zones_of_one_name_are_refused(self) -> None:
        """Two different zones that share a name cannot go in one document."""
        series = _own_zone_series()
        other = _own_zone_series(daylight_month=3)
        mixed = series.add_date(
            other.start.replace(year=2016, month=2, day=20)
        )
        with pytest.raises(InvalidValueError, match="two different zones"):
            to_json(mixed)


class TestSyntaxRepairs:
    """Feeds that break the syntax in one place are read, with a warning."""

    def test_bare_vevent_is_read_as_if_in_a_calendar(self) -> None:
        """A VEVENT without its VCALENDAR is read, with a warning."""
        data = "\r\n".join((*event(START, END), "")).encode()
        (meetup,), caught = read(data)
        assert meetup.start == datetime(2015, 1, 13, 19, tzinfo=BERLIN)
        assert caught == [
            "line 1: a VEVENT outside a VCALENDAR; read as if inside one"
        ]

    def test_vevent_after_the_calendar_is_read(self) -> None:
        """A VEVENT after END:VCALENDAR is read too, not refused."""
        data = (
            feed(*event(START, END))
            + "\r\n".join(
                (*event(START, END, uid="b@example.org"), "")
            ).encode()
        )
        items, caught = read(data)
        assert [item.uid for item in items] == [
            "a@example.org",
            "b@example.org",
        ]
        assert caught == [
            "line 10: a VEVENT outside a VCALENDAR; read as if inside one"
        ]

    def test_stray_component_after_the_calendar_is_dropped(self) -> None:
        """A VALARM after END:VCALENDAR is dropped whole; the events stay."""
        data = feed(*event(START, END)) + (
            b"BEGIN:VALARM\r\nACTION:AUDIO\r\nnot a line\r\nEND:VALARM\r\n"
        )
        (meetup,), caught = read(data)
        assert isinstance(meetup, Meetup)
        assert caught == [
            "line 10: dropped a VALARM outside a VCALENDAR, up to its END"
        ]

    def test_vcard_is_still_refused(self) -> None:
        """A vCard is no calendar: it is refused, not read as one."""
        with pytest.raises(ICalError, match="not iCalendar"):
            from_ical(b"BEGIN:VCARD\r\nFN:Jane\r\nEND:VCARD\r\n")

    def test_line_that_is_no_content_line_is_dropped(self) -> None:
        """A line folded without its space is dropped; the event stays."""
        data = feed(
            *event(
                START,
                END,
                "ORGANIZER;CN=Dan",
                "iel Latham:mailto:dan@example.org",
            )
        )
        (meetup,), caught = read(data)
        assert meetup.start == datetime(2015, 1, 13, 19, tzinfo=BERLIN)
        assert caught == [
            "line 8: dropped 'ORGANIZER;CN=Dan': it is no content line"
            " (NAME;PARAM=value:VALUE), perhaps a line folded without its"
            " leading space",
            "line 9: dropped 'iel Latham:mailto:dan@example.org': it is no"
            " content line (NAME;PARAM=value:VALUE), perhaps a line folded"
            " without its leading space",
        ]

    def test_strict_still_refuses_a_line_that_is_no_content_line(
        self,
    ) -> None:
        """With strict=True a line that is no content line refuses the feed."""
        data = feed(*event(START, END, "SUMMARY without colon"))
        with pytest.raises(ICalError, match="not a content line"):
            from_ical(data, strict=True)

    def test_property_after_the_calendar_is_dropped(self) -> None:
        """A property after END:VCALENDAR is dropped, with a warning."""
        data = feed(*event(START, END)) + b"X-COMMENT:trailing\r\n"
        (meetup,), caught = read(data)
        assert isinstance(meetup, Meetup)
        assert caught == [
            "line 10: dropped X-COMMENT: a property after END:VCALENDAR"
        ]

    def test_continuation_after_a_blank_line(self) -> None:
        """A folded line continues across a blank line (ics-py writes it)."""
        data = feed(*event(START, END, "SUMMARY", "", " :Stammtisch"))
        (meetup,), caught = read(data)
        assert meetup.title == "Stammtisch"
        assert caught == []

    def test_latin1_bytes_are_read_with_a_warning(self) -> None:
        """Bytes that are not UTF-8 are read as Latin-1, with the line."""
        data = feed(*event(START, END, "SUMMARY:Caf\xe9")).replace(
            "Café".encode(), b"Caf\xe9"
        )
        (meetup,), caught = read(data)
        assert meetup.title == "Café"
        assert caught == [
            "line 8: invalid UTF-8 from this line on; the bytes that are not"
            " UTF-8 were read as Latin-1"
        ]


class TestEventRepairs:
    """Events real exports get wrong are read, not skipped."""

    def test_repeated_attendee_is_merged(self) -> None:
        """An address listed twice is one participant, with a warning."""
        data = feed(
            *event(
                START,
                END,
                "ATTENDEE;CN=Jane:mailto:jane@example.org",
                "ATTENDEE;CN=redacted:mailto:Jane@example.org",
            )
        )
        (meetup,), caught = read(data)
        assert isinstance(meetup, Meetup)
        assert [p.email for p in meetup.participants] == ["jane@example.org"]
        assert caught == [
            "line 9: 'jane@example.org' is listed again; merged into one"
            " participant"
        ]

    def test_zero_duration_on_a_date_lasts_a_day(self) -> None:
        """DURATION:PT0S on an all-day event lasts one day, with a warning."""
        data = feed(*event("DTSTART;VALUE=DATE:20150701", "DURATION:PT0S"))
        (meetup,), caught = read(data, default_tz=BERLIN)
        assert meetup.duration == timedelta(days=1)
        assert caught == [
            "line 7: DURATION is zero; the event lasts 1 day, 0:00:00"
        ]

    LOTUS = (
        "BEGIN:VTIMEZONE",
        "TZID:Central European",
        "BEGIN:STANDARD",
        "DTSTART:19501029T020000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=-1SU;BYMONTH=10",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:19500326T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=-1SU;BYMONTH=3",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    )

    def test_lotus_zone_with_the_onset_time_in_its_rule(self) -> None:
        """A Lotus zone whose rules repeat the onset's time is read."""
        data = feed(
            *self.LOTUS,
            *event(
                "DTSTART;TZID=Central European:20150713T190000",
                "DURATION:PT2H",
            ),
        )
        (meetup,), _ = read(data)
        assert meetup.start.astimezone(UTC) == datetime(
            2015, 7, 13, 17, tzinfo=UTC
        )

    def test_zone_rule_at_another_hour_is_still_refused(self) -> None:
        """A zone rule with a BYHOUR other than its onset's skips the event."""
        data = feed(
            *[line.replace("BYHOUR=2", "BYHOUR=5") for line in self.LOTUS],
            *event(
                "DTSTART;TZID=Central European:20150713T190000",
                "DURATION:PT2H",
            ),
        )
        items, caught = read(data)
        assert items == []
        assert "not yearly or monthly" in caught[0]

    def test_date_onset_of_a_zone_is_read_as_midnight(self) -> None:
        """A DATE DTSTART in a VTIMEZONE part is read as midnight, with a warning."""
        data = feed(
            "BEGIN:VTIMEZONE",
            "TZID:UTC+11",
            "BEGIN:STANDARD",
            "DTSTART;VALUE=DATE:20170101",
            "TZOFFSETFROM:+1100",
            "TZOFFSETTO:+1100",
            "END:STANDARD",
            "END:VTIMEZONE",
            *event(
                "DTSTART;TZID=UTC+11:20170228T230000",
                "DTEND;TZID=UTC+11:20170228T233000",
            ),
        )
        (meetup,), caught = read(data)
        assert meetup.start.astimezone(UTC) == datetime(
            2017, 2, 28, 12, tzinfo=UTC
        )
        assert caught == [
            "line 7: DTSTART in VTIMEZONE 'UTC+11' is a date; read as its"
            " midnight"
        ]

    def test_date_until_on_a_timed_series_is_reported(self) -> None:
        """A DATE UNTIL on a timed series keeps that day's meeting, with a warning."""
        data = feed(
            *event(
                "DTSTART:20061026T230000Z",
                "DURATION:PT1H",
                "RRULE:FREQ=MONTHLY;UNTIL=20061228;BYDAY=4TH",
            )
        )
        (series,), caught = read(data)
        assert isinstance(series, Series)
        assert [start for start, _ in starts(series)] == [
            "2006-10-26 23:00",
            "2006-11-23 23:00",
            "2006-12-28 23:00",
        ]
        assert caught == [
            "line 8: UNTIL=20061228 is a date on a series with a time of day;"
            " the series ends with the last meeting on that date"
        ]
