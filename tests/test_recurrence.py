"""Tests for meetupkit.recurrence and the expansion of a Series."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil import rrule as du
from hypothesis import assume, given
from hypothesis import strategies as st

from meetupkit import (
    ByDay,
    Meetup,
    MeetupStatus,
    Recurrence,
    RecurrenceError,
    Series,
    TopicWish,
    Weekday,
    _time,
    errors,
)
from meetupkit import recurrence as recurrence_module
from meetupkit import strategies as ms

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _days(year: int, month: int, *days: int) -> list[str]:
    return [f"{year:04}-{month:02}-{day:02}" for day in days]


# RFC 5545 §3.8.5.3, every example of a daily, weekly, monthly or yearly
# rule, transcribed from the RFC's text.  DTSTART is 09:00 in New York on
# the given date; rules without COUNT or UNTIL are compared over the dates
# the RFC lists.
RFC_5545_EXAMPLES = [
    ("daily-count-10", "1997-09-02", "FREQ=DAILY;COUNT=10",
     _days(1997, 9, *range(2, 12))),
    ("daily-until", "1997-09-02", "FREQ=DAILY;UNTIL=19971224T000000Z",
     _days(1997, 9, *range(2, 31)) + _days(1997, 10, *range(1, 32))
     + _days(1997, 11, *range(1, 31)) + _days(1997, 12, *range(1, 24))),
    ("every-other-day", "1997-09-02", "FREQ=DAILY;INTERVAL=2",
     _days(1997, 9, *range(2, 31, 2)) + _days(1997, 10, 2, 4, 6)),
    ("every-10-days-5", "1997-09-02", "FREQ=DAILY;INTERVAL=10;COUNT=5",
     _days(1997, 9, 2, 12, 22) + _days(1997, 10, 2, 12)),
    ("january-yearly", "1998-01-01",
     "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;"
     "BYDAY=SU,MO,TU,WE,TH,FR,SA",
     [d for y in (1998, 1999, 2000) for d in _days(y, 1, *range(1, 32))]),
    ("january-daily", "1998-01-01",
     "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
     [d for y in (1998, 1999, 2000) for d in _days(y, 1, *range(1, 32))]),
    ("weekly-10", "1997-09-02", "FREQ=WEEKLY;COUNT=10",
     _days(1997, 9, 2, 9, 16, 23, 30) + _days(1997, 10, 7, 14, 21, 28)
     + _days(1997, 11, 4)),
    ("weekly-until", "1997-09-02", "FREQ=WEEKLY;UNTIL=19971224T000000Z",
     _days(1997, 9, 2, 9, 16, 23, 30) + _days(1997, 10, 7, 14, 21, 28)
     + _days(1997, 11, 4, 11, 18, 25) + _days(1997, 12, 2, 9, 16, 23)),
    ("every-other-week", "1997-09-02", "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
     _days(1997, 9, 2, 16, 30) + _days(1997, 10, 14, 28)
     + _days(1997, 11, 11, 25) + _days(1997, 12, 9, 23)
     + _days(1998, 1, 6, 20) + _days(1998, 2, 3, 17)),
    ("tu-th-until", "1997-09-02",
     "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
     _days(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30) + _days(1997, 10, 2)),
    ("tu-th-count", "1997-09-02", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
     _days(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30) + _days(1997, 10, 2)),
    ("mo-we-fr-biweekly", "1997-09-01",
     "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
     _days(1997, 9, 1, 3, 5, 15, 17, 19, 29)
     + _days(1997, 10, 1, 3, 13, 15, 17, 27, 29, 31)
     + _days(1997, 11, 10, 12, 14, 24, 26, 28)
     + _days(1997, 12, 8, 10, 12, 22)),
    ("tu-th-biweekly-8", "1997-09-02",
     "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH",
     _days(1997, 9, 2, 4, 16, 18, 30) + _days(1997, 10, 2, 14, 16)),
    ("first-friday-10", "1997-09-05", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
     ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02",
      "1998-02-06", "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05"]),
    ("first-friday-until", "1997-09-05",
     "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR",
     ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05"]),
    ("first-last-sunday", "1997-09-07",
     "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
     ["1997-09-07", "1997-09-28", "1997-11-02", "1997-11-30", "1998-01-04",
      "1998-01-25", "1998-03-01", "1998-03-29", "1998-05-03", "1998-05-31"]),
    ("second-to-last-monday", "1997-09-22", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
     ["1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19",
      "1998-02-16"]),
    ("third-to-last-day", "1997-09-28", "FREQ=MONTHLY;BYMONTHDAY=-3",
     ["1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29",
      "1998-02-26"]),
    ("2nd-and-15th", "1997-09-02", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
     ["1997-09-02", "1997-09-15", "1997-10-02", "1997-10-15", "1997-11-02",
      "1997-11-15", "1997-12-02", "1997-12-15", "1998-01-02", "1998-01-15"]),
    ("first-and-last-day", "1997-09-30",
     "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
     ["1997-09-30", "1997-10-01", "1997-10-31", "1997-11-01", "1997-11-30",
      "1997-12-01", "1997-12-31", "1998-01-01", "1998-01-31", "1998-02-01"]),
    ("every-18-months", "1997-09-10",
     "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
     _days(1997, 9, *range(10, 16)) + _days(1999, 3, 10, 11, 12, 13)),
    ("tuesdays-every-other-month", "1997-09-02",
     "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU",
     _days(1997, 9, 2, 9, 16, 23, 30) + _days(1997, 11, 4, 11, 18, 25)
     + _days(1998, 1, 6, 13, 20, 27) + _days(1998, 3, 3, 10, 17, 24, 31)),
    ("june-july", "1997-06-10", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
     [f"{y}-{m:02}-10" for y in range(1997, 2002) for m in (6, 7)]),
    ("jan-feb-mar-biennial", "1997-03-10",
     "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
     ["1997-03-10"] + [f"{y}-{m:02}-10" for y in (1999, 2001, 2003)
                       for m in (1, 2, 3)]),
    ("year-days", "1997-01-01",
     "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
     ["1997-01-01", "1997-04-10", "1997-07-19", "2000-01-01", "2000-04-09",
      "2000-07-18", "2003-01-01", "2003-04-10", "2003-07-19",
      "2006-01-01"]),
    ("20th-monday", "1997-05-19", "FREQ=YEARLY;BYDAY=20MO",
     ["1997-05-19", "1998-05-18", "1999-05-17"]),
    ("week-20-monday", "1997-05-12", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
     ["1997-05-12", "1998-05-11", "1999-05-17"]),
    ("thursdays-in-march", "1997-03-13", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
     _days(1997, 3, 13, 20, 27) + _days(1998, 3, 5, 12, 19, 26)
     + _days(1999, 3, 4, 11, 18, 25)),
    ("summer-thursdays", "1997-06-05", "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
     _days(1997, 6, 5, 12, 19, 26) + _days(1997, 7, 3, 10, 17, 24, 31)
     + _days(1997, 8, 7, 14, 21, 28) + _days(1998, 6, 4, 11, 18, 25)
     + _days(1998, 7, 2, 9, 16, 23, 30) + _days(1998, 8, 6, 13, 20, 27)
     + _days(1999, 6, 3, 10, 17, 24) + _days(1999, 7, 1, 8, 15, 22, 29)
     + _days(1999, 8, 5, 12, 19, 26)),
    ("saturday-after-first-sunday", "1997-09-13",
     "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
     ["1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10",
      "1998-02-07", "1998-03-07", "1998-04-11", "1998-05-09",
      "1998-06-13"]),
    ("election-day", "1996-11-05",
     "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
     ["1996-11-05", "2000-11-07", "2004-11-02"]),
    ("third-tu-we-th", "1997-09-04",
     "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
     ["1997-09-04", "1997-10-07", "1997-11-06"]),
    ("second-to-last-weekday", "1997-09-29",
     "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
     ["1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29",
      "1998-02-26", "1998-03-30"]),
    ("wkst-mo", "1997-08-05", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
     ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]),
    ("wkst-su", "1997-08-05", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
     ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"]),
    ("invalid-date-ignored", "2007-01-15",
     "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
     ["2007-01-15", "2007-01-30", "2007-02-15", "2007-03-15",
      "2007-03-30"]),
]  # fmt: skip


class TestRFC5545Section3853:
    @pytest.mark.parametrize(
        ("first", "rule", "expected"),
        [pytest.param(*case[1:], id=case[0]) for case in RFC_5545_EXAMPLES],
    )
    def test_example(self, first, rule, expected):
        """The RFC's example expands through Series.meetups to its dates."""
        start = datetime.combine(_d(first), datetime.min.time()).replace(
            hour=9, tzinfo=NEW_YORK
        )
        series = Series(
            title="RFC 5545",
            start=start,
            duration=timedelta(hours=1),
            recurrence=Recurrence.parse(rule),
        )
        last = _d(expected[-1]) + timedelta(days=1)
        end = datetime.combine(last, datetime.min.time(), tzinfo=NEW_YORK)
        found = series.meetups(start, end)
        assert [m.start.date().isoformat() for m in found] == expected
        assert all((m.start.hour, m.start.minute) == (9, 0) for m in found), (
            "every occurrence is at 09:00 New York time"
        )

    def test_friday_13th_with_exdate_of_start(self):
        """Every Friday the 13th: DTSTART counts, and is cancelled (EXDATE)."""
        start = datetime(1997, 9, 2, 9, tzinfo=NEW_YORK)
        series = Series(
            title="Friday 13th",
            start=start,
            duration=timedelta(hours=1),
            recurrence=Recurrence.parse("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"),
        ).cancel(start)
        found = series.meetups(
            start,
            datetime(2000, 10, 14, tzinfo=NEW_YORK),
            include_cancelled=False,
        )
        assert [m.start.date().isoformat() for m in found] == [
            "1998-02-13",
            "1998-03-13",
            "1998-11-13",
            "1999-08-13",
            "2000-10-13",
        ]

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z",
            "FREQ=MINUTELY;INTERVAL=15;COUNT=6",
            "FREQ=MINUTELY;INTERVAL=90;COUNT=4",
            "FREQ=SECONDLY;COUNT=2",
        ],
    )
    def test_sub_daily_examples_are_refused(self, rule):
        """The RFC's hourly and minutely examples are refused, with why."""
        with pytest.raises(RecurrenceError, match="more than once a day"):
            Recurrence.parse(rule)


class TestParse:
    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("FREQ=WEEKLY;INTERVAL=8", "FREQ=WEEKLY;INTERVAL=8"),
            ("RRULE:FREQ=WEEKLY;INTERVAL=8", "FREQ=WEEKLY;INTERVAL=8"),
            ("interval=1;freq=monthly;byday=+2tu", "FREQ=MONTHLY;BYDAY=2TU"),
            (
                "FREQ=YEARLY;BYDAY=MO;BYWEEKNO=20;WKST=SU",
                "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;WKST=SU",
            ),
            (
                "FREQ=DAILY;UNTIL=20151231T230000Z",
                "FREQ=DAILY;UNTIL=20151231T230000Z",
            ),
            ("FREQ=DAILY;UNTIL=20151231", "FREQ=DAILY;UNTIL=20151231"),
            ("FREQ=WEEKLY;WKST=MO", "FREQ=WEEKLY"),
        ],
    )
    def test_canonical_text(self, text, canonical):
        """Parsing accepts case and order freely; str() is canonical."""
        rule = Recurrence.parse(text)
        assert str(rule) == canonical
        assert Recurrence.parse(str(rule)) == rule

    @given(ms.recurrences())
    def test_text_round_trip(self, rule):
        """Every rule survives str() and parse()."""
        assert Recurrence.parse(str(rule)) == rule

    @pytest.mark.parametrize(
        ("text", "part"),
        [
            ("FREQ=FORTNIGHTLY", "FREQ"),
            ("INTERVAL=2", "FREQ"),
            ("FREQ=HOURLY", "FREQ"),
            ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=0MO", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=6MO", "BYDAY"),
            ("FREQ=WEEKLY;BYDAY=2MO", "BYDAY"),
            ("FREQ=DAILY;COUNT=3;UNTIL=20150101T000000Z", "COUNT"),
            ("FREQ=DAILY;UNTIL=20150101T000000", "UNTIL"),
            ("FREQ=DAILY;UNTIL=tomorrow", "UNTIL"),
            ("FREQ=DAILY;COUNT=0", "COUNT"),
            ("FREQ=DAILY;COUNT=-1", "COUNT"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
            ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
            ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
            ("FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO"),
            ("FREQ=MONTHLY;BYYEARDAY=3", "BYYEARDAY"),
            ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY"),
            ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS"),
            ("FREQ=DAILY;BYHOUR=9", "BYHOUR"),
            ("FREQ=DAILY;FOO=1", "FOO"),
            ("FREQ=DAILY;FREQ=WEEKLY", "FREQ"),
            ("FREQ=DAILY;COUNT", "COUNT"),
            ("FREQ=WEEKLY;WKST=XX", "BYDAY"),
        ],
    )
    def test_invalid_rule_names_part(self, text, part):
        """Each invalid rule raises RecurrenceError naming the bad part."""
        with pytest.raises(RecurrenceError) as info:
            Recurrence.parse(text)
        assert info.value.path == part
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize(
        "text", ["FREQ=DAILY;UNTIL=20150101T190000", "FREQ=DAILY;BYHOUR=9"]
    )
    def test_hint_does_not_change_meeting_times(self, text):
        """A hint never suggests a form that moves the meetings in time."""
        with pytest.raises(RecurrenceError) as info:
            Recurrence.parse(text)
        hint = info.value.hint or ""
        assert "drop it" not in hint
        assert "end it with Z" not in hint
        assert "convert" in hint or "set the start" in hint

    def test_not_text(self):
        """A rule that is not text is refused with a meetupkit error."""
        with pytest.raises(RecurrenceError):
            Recurrence.parse(8)  # type: ignore[arg-type]

    def test_naive_until_is_refused(self):
        """An UNTIL without zone is refused when built in Python, too."""
        with pytest.raises(RecurrenceError, match="UTC") as info:
            Recurrence.every(weeks=8, until=datetime(2015, 1, 1))
        assert info.value.path == "UNTIL"


class TestConstructors:
    def test_every_needs_exactly_one_unit(self):
        """every() refuses no unit and two units."""
        with pytest.raises(RecurrenceError):
            Recurrence.every()
        with pytest.raises(RecurrenceError):
            Recurrence.every(weeks=1, days=2)

    @pytest.mark.parametrize(
        ("rule", "text"),
        [
            (Recurrence.every(days=3), "FREQ=DAILY;INTERVAL=3"),
            (Recurrence.every(months=2, count=4), "FREQ=MONTHLY;INTERVAL=2;COUNT=4"),
            (Recurrence.every(years=1), "FREQ=YEARLY"),
            (Recurrence.nth_weekday(2, "TU"), "FREQ=MONTHLY;BYDAY=2TU"),
            (Recurrence.nth_weekday(1, Weekday.MO, months=3), "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO"),
            (Recurrence.last_weekday("TH"), "FREQ=MONTHLY;BYDAY=-1TH"),
            (
                Recurrence.every(weeks=8, until=datetime(2015, 1, 1, tzinfo=BERLIN)),
                "FREQ=WEEKLY;INTERVAL=8;UNTIL=20141231T230000Z",
            ),
        ],
    )  # fmt: skip
    def test_readable_constructors(self, rule, text):
        """The readable constructors give the expected RRULE."""
        assert str(rule) == text

    def test_second_tuesday_dates(self):
        """The second Tuesday of each month lands on the right days."""
        series = Series(
            title="Stammtisch",
            start=datetime(2026, 1, 13, 19, tzinfo=BERLIN),
            duration=timedelta(hours=2),
            recurrence=Recurrence.nth_weekday(2, "TU"),
        )
        found = series.meetups(
            series.start, datetime(2026, 5, 1, tzinfo=BERLIN)
        )
        assert [m.start.day for m in found] == [13, 10, 10, 14]

    def test_by_day_parse_errors(self):
        """ByDay.parse refuses text that is no weekday."""
        with pytest.raises(RecurrenceError):
            ByDay.parse("Mittwoch")


def _somewi() -> Series:
    return Series.example()


class TestSoMeWI:
    def test_first_ten_dates_across_dst(self):
        """Every eight weeks from 2014-09-24 stays at 19:00 across four DST changes."""
        somewi = _somewi()
        found = somewi.meetups(
            somewi.start, datetime(2016, 3, 1, tzinfo=BERLIN)
        )
        assert [m.start.date().isoformat() for m in found] == [
            "2014-09-24",
            "2014-11-19",
            "2015-01-14",
            "2015-03-11",
            "2015-05-06",
            "2015-07-01",
            "2015-08-26",
            "2015-10-21",
            "2015-12-16",
            "2016-02-10",
        ]
        offsets = {m.start.utcoffset() for m in found}
        assert offsets == {timedelta(hours=1), timedelta(hours=2)}
        assert {(m.start.hour, m.start.minute) for m in found} == {(19, 0)}
        assert [m.number for m in found] == list(range(1, 11))

    def test_next_after_today(self):
        """The meeting after 2026-11-25 is Wednesday 30 December 2026, 19:00."""
        found = _somewi().next(after=datetime(2026, 11, 25, tzinfo=BERLIN))
        assert found is not None
        assert found.start == datetime(2026, 12, 30, 19, tzinfo=BERLIN)
        assert found.start.strftime("%A") == "Wednesday"

    def test_previous(self):
        """previous() gives the last meeting before a date, or None."""
        somewi = _somewi()
        before = somewi.previous(before=datetime(2015, 1, 1, tzinfo=BERLIN))
        assert before is not None
        assert before.start.date() == date(2014, 11, 19)
        assert somewi.previous(before=somewi.start) is None

    def test_uid_of_occurrence_is_stable(self):
        """An occurrence's uid is the series uid and its original start."""
        meeting = _somewi().meetup(2)
        assert meeting.uid == "somewi@some-netzwerk.example/20141119T180000Z"
        assert meeting.series_uid == _somewi().uid
        assert meeting.recurrence_id == datetime(
            2014, 11, 19, 19, tzinfo=BERLIN
        )

    def test_cancelled_and_moved(self):
        """A cancelled and a moved meeting keep their numbers and keys."""
        somewi = (
            _somewi()
            .cancel(
                datetime(2015, 1, 14, 19, tzinfo=BERLIN), reason="Glatteis"
            )
            .move(
                datetime(2015, 3, 11, 19, tzinfo=BERLIN),
                to=datetime(2015, 3, 12, 18, 30, tzinfo=BERLIN),
                duration=timedelta(hours=3),
            )
        )
        found = somewi.meetups(
            somewi.start, datetime(2015, 4, 1, tzinfo=BERLIN)
        )
        assert [(m.number, m.status) for m in found] == [
            (1, MeetupStatus.SCHEDULED),
            (2, MeetupStatus.SCHEDULED),
            (3, MeetupStatus.CANCELLED),
            (4, MeetupStatus.MOVED),
        ]
        moved = found[3]
        assert moved.start == datetime(2015, 3, 12, 18, 30, tzinfo=BERLIN)
        assert moved.end == datetime(2015, 3, 12, 21, 30, tzinfo=BERLIN)
        assert moved.recurrence_id == datetime(2015, 3, 11, 19, tzinfo=BERLIN)
        assert somewi.next(after=datetime(2015, 1, 1, tzinfo=BERLIN)) == moved

    def test_moved_into_window_from_outside(self):
        """A meeting moved into a window appears there, not in its old one."""
        somewi = _somewi().move(
            datetime(2014, 11, 19, 19, tzinfo=BERLIN),
            to=datetime(2014, 10, 1, 19, tzinfo=BERLIN),
        )
        october = somewi.meetups(
            datetime(2014, 10, 1, tzinfo=BERLIN),
            datetime(2014, 11, 1, tzinfo=BERLIN),
        )
        november = somewi.meetups(
            datetime(2014, 11, 1, tzinfo=BERLIN),
            datetime(2014, 12, 1, tzinfo=BERLIN),
        )
        assert [m.number for m in october] == [2]
        assert november == []

    def test_naive_window_is_refused(self):
        """meetups() refuses naive bounds, naming which one."""
        with pytest.raises(errors.NaiveDatetimeError) as info:
            _somewi().meetups(datetime(2015, 1, 1), datetime(2016, 1, 1))
        assert info.value.path == "start"
        with pytest.raises(errors.NaiveDatetimeError) as info:
            _somewi().next(after=datetime(2015, 1, 1))
        assert info.value.path == "after"

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [
            ("de", "alle 8 Wochen mittwochs, 19:00–21:00 Uhr, "
                   "heimathafen Wiesbaden (Raum Adelheid)"),
            ("en", "every 8 weeks on Wednesday, 7:00\u2009–\u20099:00\u202fPM, "
                   "heimathafen Wiesbaden (room Adelheid)"),
        ],
    )  # fmt: skip
    def test_describe(self, lang, expected):
        """describe() words the rhythm, time and place per language."""
        assert _somewi().describe(lang=lang) == expected

    def test_describe_other_rules(self):
        """describe() words nth-weekday and counted rules."""
        series = Series(
            title="Stammtisch",
            start=datetime(2026, 1, 13, 19, tzinfo=BERLIN),
            duration=timedelta(hours=2),
            recurrence=Recurrence.nth_weekday(2, "TU", count=5),
        )
        assert series.describe(lang="de").startswith(
            "jeden Monat am 2. Dienstag, 5-mal"
        )
        assert series.describe(lang="en").startswith(
            "every month on the 2nd Tuesday, 5 times"
        )

    def test_describe_unknown_language(self):
        """describe() refuses a language it has no texts for."""
        with pytest.raises(errors.InvalidValueError) as info:
            _somewi().describe(lang="fr")
        assert info.value.path == "lang"


def _zoned_series(zone: str, first: datetime, rule: str) -> Series:
    return Series(
        title="Stammtisch",
        start=first.replace(tzinfo=ZoneInfo(zone)),
        duration=timedelta(hours=2),
        recurrence=Recurrence.parse(rule),
    )


class TestZones:
    @pytest.mark.parametrize(
        "zone",
        [
            "Australia/Sydney",
            "Pacific/Chatham",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
        ],
    )
    def test_wall_clock_kept(self, zone):
        """Occurrences keep 19:00 local time all year in many zones."""
        series = _zoned_series(
            zone, datetime(2024, 1, 10, 19), "FREQ=WEEKLY;INTERVAL=2"
        )
        found = series.meetups(
            series.start, series.start + timedelta(days=366)
        )
        assert len(found) == 27
        assert {(m.start.hour, m.start.minute) for m in found} == {(19, 0)}

    def test_chatham_offsets(self):
        """Pacific/Chatham occurrences carry +12:45 and +13:45."""
        series = _zoned_series(
            "Pacific/Chatham", datetime(2024, 1, 10, 19), "FREQ=MONTHLY"
        )
        found = series.meetups(
            series.start, series.start + timedelta(days=366)
        )
        assert {m.start.utcoffset() for m in found} == {
            timedelta(hours=12, minutes=45),
            timedelta(hours=13, minutes=45),
        }

    def test_kolkata_has_one_offset(self):
        """Asia/Kolkata (+05:30, no DST) keeps one offset."""
        series = _zoned_series(
            "Asia/Kolkata", datetime(2024, 1, 10, 19), "FREQ=MONTHLY"
        )
        found = series.meetups(
            series.start, series.start + timedelta(days=366)
        )
        assert {m.start.utcoffset() for m in found} == {
            timedelta(hours=5, minutes=30)
        }

    def test_gap_start(self):
        """A daily 02:30 in Berlin is 03:30 on the spring-forward day."""
        series = _zoned_series(
            "Europe/Berlin", datetime(2025, 3, 28, 2, 30), "FREQ=DAILY;COUNT=4"
        )
        found = series.meetups(series.start, series.start + timedelta(days=5))
        times = [m.start.strftime("%d %H:%M %z") for m in found]
        assert times == [
            "28 02:30 +0100",
            "29 02:30 +0100",
            "30 03:30 +0200",
            "31 02:30 +0200",
        ]

    def test_overlap_start(self):
        """A daily 02:30 in Berlin is the first 02:30 on the fall-back day."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2025, 10, 25, 2, 30),
            "FREQ=DAILY;COUNT=3",
        )
        found = series.meetups(series.start, series.start + timedelta(days=4))
        assert [m.start.strftime("%d %H:%M %z") for m in found] == [
            "25 02:30 +0200",
            "26 02:30 +0200",
            "27 02:30 +0100",
        ]

    def test_until_is_an_instant(self):
        """UNTIL is compared as an instant, inclusive."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2014, 9, 24, 19),
            "FREQ=WEEKLY;INTERVAL=8;UNTIL=20141119T180000Z",
        )
        found = series.meetups(
            series.start, series.start + timedelta(days=400)
        )
        assert [m.start.date() for m in found] == [
            date(2014, 9, 24),
            date(2014, 11, 19),
        ]

    def test_edit_in_repeated_hour_survives_validation(self):
        """A meeting edited in the hour that repeats stays valid when the series is checked again."""
        series = _zoned_series(
            "Australia/Sydney",
            datetime(2001, 9, 1, 2),
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU",
        )
        repeated = datetime(
            2002, 3, 31, 2, tzinfo=ZoneInfo("Australia/Sydney")
        )
        cancelled = series.cancel(repeated)
        assert attrs.evolve(cancelled) == cancelled
        assert series.is_occurrence(repeated.astimezone(UTC))
        assert not series.is_occurrence(repeated.replace(fold=1))

    def test_window_from_repeated_hour_keeps_edits(self):
        """A window that starts in the repeated hour shows the edit of the meeting it begins with."""
        series = _zoned_series(
            "Europe/Berlin", datetime(2025, 10, 20, 2, 30), "FREQ=DAILY"
        )
        meeting = datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN)
        series = series.cancel(meeting)
        found = series.meetups(
            meeting.replace(fold=1), meeting + timedelta(days=2)
        )
        assert [m.is_cancelled for m in found] == [
            m.recurrence_id == meeting for m in found
        ]
        assert any(m.is_cancelled for m in found)

    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=DAILY;UNTIL=05000101T000000Z",
            "FREQ=DAILY;UNTIL=00020301",
        ],
    )
    def test_until_before_the_year_1000_round_trips(self, text):
        """UNTIL keeps a four-digit year, so the rule text reads back."""
        rule = Recurrence.parse(text)
        assert str(rule) == text
        assert Recurrence.parse(str(rule)) == rule


class TestBoundedSearch:
    def test_never_matching_rule_answers_none(self):
        """A rule that can never match gives None rather than searching on."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2014, 9, 24, 19),
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        )
        after = datetime(2026, 11, 25, tzinfo=BERLIN)
        assert series.next(after=after) is None
        assert series.meetups(after, after + timedelta(days=3650)) == []

    def test_weekly_step_from_excluded_weekday(self):
        """A daily rule stepping whole weeks from an excluded weekday is empty."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2014, 9, 24, 19),  # a Wednesday
            "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
        )
        after = datetime(2026, 11, 25, tzinfo=BERLIN)
        assert series.next(after=after) is None
        assert [m.number for m in series.meetups(series.start, after)] == [1]

    def test_dense_rule_next(self):
        """next() on a daily rule gives the following day."""
        series = _zoned_series(
            "Europe/Berlin", datetime(2014, 9, 24, 19), "FREQ=DAILY"
        )
        after = datetime(2026, 11, 25, 20, tzinfo=BERLIN)
        found = series.next(after=after)
        assert found is not None
        assert found.start == datetime(2026, 11, 26, 19, tzinfo=BERLIN)

    def test_rare_rule_is_found(self):
        """A rule matching every four years (29 February) is still found."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2014, 9, 24, 19),
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
        )
        found = series.next(after=datetime(2024, 3, 1, tzinfo=BERLIN))
        assert found is not None
        assert found.start.date() == date(2028, 2, 29)

    def test_huge_count_is_bounded_by_window(self):
        """A COUNT of a billion is expanded only within the window."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2014, 9, 24, 19),
            "FREQ=DAILY;COUNT=1000000000",
        )
        found = series.meetups(series.start, series.start + timedelta(days=10))
        assert len(found) == 10

    def test_horizon_limits_next(self):
        """next() gives up after its horizon."""
        series = _zoned_series(
            "Europe/Berlin", datetime(2014, 9, 24, 19), "FREQ=YEARLY"
        )
        after = datetime(2015, 1, 1, tzinfo=BERLIN)
        assert series.next(after=after, horizon=timedelta(days=200)) is None
        assert series.next(after=after) is not None


WINDOW_START = datetime(2000, 1, 1, tzinfo=UTC)


@st.composite
def _windows(draw: st.DrawFn) -> tuple[datetime, datetime, datetime]:
    days = sorted(
        draw(st.lists(st.integers(0, 40 * 366), min_size=3, max_size=3))
    )
    return tuple(WINDOW_START + timedelta(days=d) for d in days)  # type: ignore[return-value]


class TestProperties:
    @given(ms.series(), _windows())
    def test_sorted_unique_and_splittable(self, series, window):
        """Occurrences are sorted, unique, and windows split cleanly."""
        a, b, c = window
        whole = series.meetups(a, c)
        starts = [m.start.astimezone(UTC) for m in whole]
        assert starts == sorted(starts)
        assert len({m.recurrence_id for m in whole}) == len(whole)
        assert whole == series.meetups(a, b) + series.meetups(b, c)

    @given(ms.series(), st.integers(0, 40 * 366))
    def test_next_is_first_of_meetups(self, series, offset):
        """next(after=x) is the first meeting starting after x."""
        after = WINDOW_START + timedelta(days=offset)
        found = series.next(after=after)
        later = series.meetups(
            after + timedelta(seconds=1), after + timedelta(days=366 * 50)
        )
        later = [m for m in later if not m.is_cancelled]
        assert found == (later[0] if later else None)

    @given(ms.series(), st.integers(0, 40 * 366))
    def test_previous_is_last_of_meetups(self, series, offset):
        """previous(before=x) is the last meeting starting before x."""
        before = WINDOW_START + timedelta(days=offset)
        earlier = series.meetups(
            datetime(1980, 1, 1, tzinfo=UTC), before, include_cancelled=False
        )
        assert series.previous(before=before) == (
            earlier[-1] if earlier else None
        )

    @given(ms.series(overrides=False, changes=False))
    def test_wall_clock_kept(self, series):
        """Every occurrence has the first start's wall time, unless it does not exist that day."""
        first = series.start
        for meeting in series.meetups(first, first + timedelta(days=3 * 366)):
            if meeting.recurrence_id in series.extra_dates:
                continue
            local = meeting.start.replace(tzinfo=None)
            if (local.hour, local.minute) == (first.hour, first.minute):
                continue
            # Only a wall time in a DST gap may move: it did not exist.
            for day in (local.date(), local.date() - timedelta(days=1)):
                wanted = datetime.combine(day, first.time())
                if not _exists(wanted, first):
                    break
            else:
                pytest.fail(f"{meeting.start} lost its wall time")

    @given(ms.series(overrides=False, changes=False))
    def test_equals_dateutil(self, series):
        """The occurrences are dateutil's, read on the local wall clock."""
        series = attrs.evolve(series, extra_dates=())
        first = series.start
        end = first + timedelta(days=3 * 366)
        rule = series.recurrence
        text = str(attrs.evolve(rule, until=None))
        naive = first.replace(tzinfo=None)
        expected = {first}
        for count, item in enumerate(du.rrulestr(text, dtstart=naive)):
            if rule.count is not None and count >= rule.count:
                break
            moment = _time.normalize(item.replace(tzinfo=first.tzinfo))
            if moment >= end or not _before_until(moment, rule.until):
                break
            expected.add(moment)
        found = [m.start for m in series.meetups(first, end)]
        assert found == sorted(expected, key=lambda d: d.astimezone(UTC))


def _exists(naive: datetime, first: datetime) -> bool:
    moment = _time.normalize(naive.replace(tzinfo=first.tzinfo))
    return moment.replace(tzinfo=None) == naive


def _before_until(moment: datetime, until: object) -> bool:
    if until is None:
        return True
    if isinstance(until, datetime):
        return moment <= until
    assert isinstance(until, date)
    return moment.date() <= until


@st.composite
def _any_rules(draw):
    """Rules mixing every BY part, including ones that rarely or never match."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 7))}"]
    if draw(st.booleans()):
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
        parts.append("BYMONTH=" + ",".join(map(str, sorted(set(months)))))
    days = draw(st.lists(st.sampled_from(list(Weekday)), max_size=3))
    if days:
        nth = freq in {"MONTHLY", "YEARLY"} and draw(st.booleans())
        parts.append(
            "BYDAY="
            + ",".join(
                f"{draw(st.sampled_from([1, 2, -1, 5])) if nth else ''}{day}"
                for day in sorted(set(days))
            )
        )
    if freq != "WEEKLY" and draw(st.booleans()):
        parts.append(
            f"BYMONTHDAY={draw(st.sampled_from([1, 13, 29, 31, -1]))}"
        )
    if freq == "YEARLY" and draw(st.booleans()):
        parts.append(f"BYWEEKNO={draw(st.sampled_from([1, 20, 53, -1]))}")
    if draw(st.booleans()) and len(parts) > 2:
        parts.append(f"BYSETPOS={draw(st.sampled_from([1, 2, -1, 6]))}")
    try:
        return Recurrence.parse(";".join(parts))
    except RecurrenceError:
        assume(False)
        raise


def _brute(rule: Recurrence, first: datetime, end: datetime) -> list[datetime]:
    """The rule's occurrences before *end*, expanded by dateutil from *first*."""
    naive = first.replace(tzinfo=None)
    found = []
    for item in du.rrulestr(str(rule), dtstart=naive):
        moment = _time.normalize(item.replace(tzinfo=first.tzinfo))
        if moment >= end:
            break
        found.append(moment)
    return found


class TestCycle:
    """Far windows, counts and numbers come from the rule's 400-year cycle."""

    @given(
        _any_rules(),
        st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)),
        st.integers(0, 40 * 366),
        st.integers(1, 800),
    )
    def test_far_window_equals_expansion_from_start(
        self, rule, day, offset, length
    ):
        """A window far from the start holds what dateutil yields from the start."""
        first = day.replace(second=0, microsecond=0, tzinfo=BERLIN)
        low = first + timedelta(days=offset)
        high = low + timedelta(days=length)
        brute = _brute(rule, first, high)
        if rule.never_matches(first):
            assert brute == []
            assert rule.between(first, first, high) == []
            return
        assert rule.between(first, low, high) == [d for d in brute if d >= low]
        assert rule.count_before(first, low) == len(
            [d for d in brute if d < low]
        )
        if brute:
            assert rule.nth(first, len(brute)) == brute[-1]

    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=DAILY;BYDAY=MO;BYSETPOS=2",
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
            "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6",
            "FREQ=MONTHLY;INTERVAL=2;BYMONTH=2,4",
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=WEEKLY;BYMONTH=2;BYDAY=MO,TU;BYSETPOS=3",
            "FREQ=DAILY;INTERVAL=14;BYDAY=TU",
        ],
    )
    def test_rule_without_match_in_its_cycle_never_matches(self, text):
        """A rule that gives nothing within one cycle is known to give nothing."""
        series = _zoned_series(
            "Europe/Berlin", datetime(2014, 9, 24, 19), text
        )
        assert series.recurrence.never_matches(series.start)
        after = datetime(2014, 9, 25, tzinfo=BERLIN)
        assert series.next(after=after) is None
        assert series.previous(before=datetime(9000, 1, 1, tzinfo=BERLIN)) == (
            series.meetup(1)
        )

    def test_rare_rule_is_found_decades_later(self):
        """Every fourth year from a leap year, 29 February still comes."""
        series = _zoned_series(
            "Europe/Berlin",
            datetime(2016, 2, 29, 19),
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
        )
        found = series.next(after=series.start)
        assert found is not None
        assert found.start.date() == date(2044, 2, 29)

    def test_next_before_the_start_is_the_first_meeting(self):
        """Asking for the next meeting decades before the start gives the kickoff."""
        somewi = Series.example()
        found = somewi.next(after=datetime(1960, 1, 1, tzinfo=BERLIN))
        assert found is not None
        assert found.start == datetime(2014, 9, 24, 19, tzinfo=BERLIN)
        assert found.number == 1

    def test_meetup_far_in_the_series(self):
        """Meeting 500 of the eight-weekly table is in 2091, numbered 500."""
        somewi = Series.example()
        found = somewi.meetup(500)
        expected = somewi.start + timedelta(weeks=8 * 499)
        assert found.start.date() == expected.date()
        assert found.start.year == 2091
        assert found.number == 500
        assert somewi.next(after=found.start - timedelta(days=1)) == found

    def test_previous_far_after_the_start_is_numbered(self):
        """The last meeting before the year 9000 has the number its date gives."""
        somewi = Series.example()
        found = somewi.previous(before=datetime(9000, 1, 1, tzinfo=BERLIN))
        assert found is not None
        days = (found.start.date() - somewi.start.date()).days
        assert days % 56 == 0
        assert found.number == days // 56 + 1
        assert somewi.meetup(found.number) == found

    def test_meetup_number_counts_extra_dates(self):
        """Extra dates take their place in the numbering, far from the start too."""
        somewi = Series.example()
        extra = datetime(2014, 10, 1, 19, tzinfo=BERLIN)
        series = somewi.add_date(extra)
        assert series.meetup(2).start == extra
        assert series.meetup(3).start.date() == date(2014, 11, 19)
        assert series.meetup(501) == attrs.evolve(
            somewi.meetup(500), number=501
        )

    def test_cycle_days_follows_the_calendar(self):
        """Cycles are whole 400-year periods, or weeks for weekday-only rules."""
        assert Recurrence.parse("FREQ=DAILY").cycle_days() == 1
        assert Recurrence.parse("FREQ=DAILY;BYDAY=MO,FR").cycle_days() == 7
        assert Recurrence.parse("FREQ=WEEKLY;INTERVAL=8").cycle_days() == 56
        assert Recurrence.parse("FREQ=MONTHLY;INTERVAL=7").cycle_days() == (
            146097 * 7
        )
        assert (
            Recurrence.parse("FREQ=YEARLY;INTERVAL=8").cycle_days() == 146097
        )


@functools.cache
def _transitions(zone: str, year: int) -> tuple[tuple[datetime, bool], ...]:
    """The wall-clock starts of *zone*'s gaps (True) and folds (False) in *year*."""
    tz = ZoneInfo(zone)
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    before = moment.astimezone(tz).utcoffset()
    for _ in range(366 * 24):
        moment += timedelta(hours=1)
        offset = moment.astimezone(tz).utcoffset()
        if offset != before:
            assert offset is not None
            assert before is not None
            gap = offset > before
            wall = (moment + (before if gap else offset)).replace(tzinfo=None)
            found.append((wall, gap))
        before = offset
    return tuple(found)


@st.composite
def _dst_starts(draw):
    """A first start inside a daylight-saving gap or in a repeated hour."""
    zone = draw(
        st.sampled_from(
            [
                "Europe/Berlin",
                "America/New_York",
                "Australia/Sydney",
                "Pacific/Chatham",
            ]
        )
    )
    year = draw(st.integers(2000, 2035))
    wall, _ = draw(st.sampled_from(_transitions(zone, year)))
    wall += timedelta(minutes=draw(st.sampled_from([0, 15, 30, 59])))
    fold = draw(st.integers(0, 1))
    return wall.replace(tzinfo=ZoneInfo(zone), fold=fold)


class TestNominalTime:
    """A series keeps the wall time it was given, even one that does not exist."""

    def test_gap_start_keeps_its_time_on_later_weeks(self):
        """A weekly 02:30 starting on the spring-forward day is 02:30 from the next week on."""
        start = datetime(2025, 3, 30, 2, 30, tzinfo=BERLIN)
        series = Series(
            title="Stammtisch",
            start=start,
            duration=timedelta(hours=2),
            recurrence=Recurrence.every(weeks=1),
        )
        assert series.start.hour == 2
        found = series.meetups(start, start + timedelta(days=20))
        assert [m.start.strftime("%d %H:%M %z") for m in found] == [
            "30 03:30 +0200",
            "06 02:30 +0200",
            "13 02:30 +0200",
        ]
        assert (
            series.next(after=datetime(2025, 3, 1, tzinfo=BERLIN)) == found[0]
        )
        assert series.meetup(2) == found[1]

    def test_gap_start_survives_json(self):
        """The nominal start is written with the offset before the gap and read back."""
        from meetupkit import from_json, to_json

        series = Series(
            title="Stammtisch",
            start=datetime(2025, 3, 30, 2, 30, tzinfo=BERLIN),
            duration=timedelta(hours=2),
            recurrence=Recurrence.every(weeks=1),
        )
        text = to_json(series)
        assert '"2025-03-30T02:30:00+01:00[Europe/Berlin]"' in text
        again = from_json(Series, text)
        assert again == series
        assert again.start.hour == 2

    @given(
        _dst_starts(),
        st.sampled_from(
            [
                "FREQ=DAILY",
                "FREQ=WEEKLY",
                "FREQ=YEARLY",
                "FREQ=DAILY;INTERVAL=3",
            ]
        ),
    )
    def test_occurrences_keep_nominal_wall_time(self, start, text):
        """Each meeting is at the nominal wall time, except on a day where it does not exist."""
        series = Series(
            title="Stammtisch",
            start=start,
            duration=timedelta(hours=1),
            recurrence=Recurrence.parse(text),
        )
        nominal = start.replace(tzinfo=None, fold=0)
        found = series.meetups(
            start - timedelta(days=1), start + timedelta(days=800)
        )
        assert found
        assert found[0].start == _time.normalize(start)
        for meeting in found[1:]:
            wall = datetime.combine(meeting.start.date(), nominal.time())
            if _exists(wall, start):
                assert meeting.start.replace(tzinfo=None) == wall
                assert meeting.start.fold == 0
            else:
                assert meeting.start == _time.normalize(
                    wall.replace(tzinfo=start.tzinfo)
                )


#: Zones with gaps and repeated hours of one hour, 30 minutes (Lord Howe)
#: and at 02:45 (Chatham), in both hemispheres.
STEP_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
)


@functools.cache
def _changes(zone: str, year: int) -> tuple[tuple[datetime, bool], ...]:
    return _transitions(zone, year)


@st.composite
def _firsts(draw: st.DrawFn) -> datetime:
    """First starts at any time, often in or whole weeks before a change."""
    zone = draw(st.sampled_from(STEP_ZONES))
    fold = draw(st.sampled_from([0, 0, 1]))
    if draw(st.booleans()):
        day = draw(st.dates(date(2000, 1, 1), date(2030, 12, 31)))
        wall = datetime.combine(day, time(draw(st.integers(0, 23))))
    else:
        year = draw(st.integers(2000, 2030))
        wall, _ = draw(st.sampled_from(_changes(zone, year)))
        wall -= timedelta(weeks=draw(st.integers(0, 20)))
    wall += timedelta(minutes=draw(st.sampled_from([0, 15, 30, 45, 59])))
    return wall.replace(tzinfo=ZoneInfo(zone), fold=fold)


@st.composite
def _step_rules(
    draw: st.DrawFn, first: datetime, *, stepped_only: bool = False
) -> Recurrence:
    """Every rule shape the strategies draw, and the stepped ones often."""
    stepped = draw(
        st.sampled_from(
            [
                Recurrence(freq="DAILY", interval=draw(st.integers(1, 10))),
                Recurrence(freq="WEEKLY", interval=draw(st.integers(1, 10))),
                Recurrence(
                    freq="WEEKLY",
                    interval=draw(st.integers(1, 4)),
                    by_day=(ByDay(day=list(Weekday)[first.weekday()]),),
                    week_start=draw(st.sampled_from(Weekday)),
                ),
            ]
        )
    )
    rule = (
        stepped
        if stepped_only
        else draw(st.sampled_from([stepped]) | ms.recurrences())
    )
    limit = draw(st.sampled_from([None, "count", "until"]))
    if limit == "count":
        rule = attrs.evolve(rule, until=None, count=draw(st.integers(1, 60)))
    elif limit == "until":
        days = draw(st.integers(0, 5 * 366))
        until = first + timedelta(days=days, hours=draw(st.integers(-3, 3)))
        rule = attrs.evolve(rule, count=None, until=until.astimezone(UTC))
    return rule


@functools.cache
def _general_core(rule: Recurrence) -> object:
    """The rule's core with stepping turned off: dateutil expands it."""
    core = recurrence_module._Core(rule)
    core._step = None
    return core


def _built_one_by_one(series: Series):
    return functools.partial(series._meetup, override=None)


def _general(func, *args):
    """Call *func* on the general path: rules expanded by dateutil, every meeting built by ``Series._meetup``."""
    with (
        mock.patch.object(recurrence_module, "_core", _general_core),
        mock.patch.object(Series, "_occurrences", _built_one_by_one),
    ):
        return func(*args)


class TestSteppedExpansion:
    """Rules that meet every so many days are stepped, with the same results."""

    @given(st.data())
    def test_stepping_equals_expansion(self, data):
        """between(), count_before() and nth() agree with dateutil's expansion."""
        # The series' nominal start, as the model keeps it.
        first = attrs.evolve(
            Series.example(), start=data.draw(_firsts())
        ).start
        rule = data.draw(_step_rules(first))
        days = sorted(
            data.draw(
                st.lists(st.integers(-30, 4 * 366), min_size=2, max_size=2)
            )
        )
        low, high = (
            first + timedelta(days=d, hours=data.draw(st.integers(-3, 3)))
            for d in days
        )
        number = data.draw(st.integers(1, 80))
        for begin in (low, first):
            fast = rule.between(first, begin, high)
            slow = _general(rule.between, first, begin, high)
            assert fast == slow
            assert [(d.fold, d.tzinfo) for d in fast] == [
                (d.fold, d.tzinfo) for d in slow
            ]
        assert rule.count_before(first, high) == _general(
            rule.count_before, first, high
        )
        assert rule.count_before(first, low) == _general(
            rule.count_before, first, low
        )
        assert rule.nth(first, number) == _general(rule.nth, first, number)

    @given(st.data())
    def test_stepping_equals_dateutil(self, data):
        """A stepped rule gives dateutil's occurrences, moved out of gaps only."""
        first = data.draw(_firsts())
        first = attrs.evolve(Series.example(), start=first).start
        rule = data.draw(_step_rules(first, stepped_only=True))
        end = first + timedelta(days=3 * 366)
        expected = []
        naive = first.replace(tzinfo=None, fold=0)
        for count, item in enumerate(
            du.rrulestr(str(attrs.evolve(rule, until=None)), dtstart=naive)
        ):
            moment = (
                _time.normalize(first)
                if item == naive
                else _time.normalize(item.replace(tzinfo=first.tzinfo))
            )
            if (
                rule.count is not None and count >= rule.count
            ) or moment >= end:
                break
            if not _before_until(moment, rule.until):
                break
            expected.append(moment)
        found = rule.between(first, first.astimezone(UTC), end)
        assert found == expected
        assert [d.fold for d in found] == [d.fold for d in expected]

    @given(st.data())
    def test_meetings_equal_the_general_path(self, data):
        """meetups() builds the same, valid meetings as the general path."""
        first = data.draw(_firsts())
        series = data.draw(ms.series(changes=False))
        series = attrs.evolve(
            series,
            start=first,
            recurrence=data.draw(_step_rules(first)),
            overrides=(),
            extra_dates=(),
            topics=tuple(
                attrs.evolve(wish, planned_for=None, status="open")
                for wish in series.topics
            ),
        )
        end = first + timedelta(days=2 * 366)
        found = series.meetups(first, end)
        expected = _general(series.meetups, first, end)
        assert found == expected
        assert [m.start.fold for m in found] == [
            m.start.fold for m in expected
        ]
        for meetup in found:
            # Every field is set, and the validators accept every value.
            assert Meetup(**attrs.asdict(meetup, recurse=False)) == meetup

    def test_planned_wishes_are_on_their_meeting(self):
        """A wish planned for a meeting is among its topics, and only there."""
        series = Series.example()
        second = series.meetup(2)
        wish = TopicWish(title="Shitstorm: was tun?")
        series = attrs.evolve(
            series,
            topics=(
                attrs.evolve(wish, status="planned", planned_for=second.start),
            ),
        )
        found = series.meetups(series.start, second.start + timedelta(days=60))
        assert [m.topics for m in found] == [(), series.topics, ()]

    def test_subclass_meetings_are_built_its_way(self):
        """A Series subclass that builds meetings itself is asked for each one."""

        class Renumbered(Series):
            __slots__ = ()

            def _meetup(self, number, original, override):
                return Series._meetup(self, number + 100, original, override)

        series = Series.example()
        fields = {
            f.name: getattr(series, f.name) for f in attrs.fields(Series)
        }
        renumbered = Renumbered(**fields)
        end = series.start + timedelta(days=200)
        assert [m.number for m in renumbered.meetups(series.start, end)] == [
            m.number + 100 for m in series.meetups(series.start, end)
        ]

    def test_stepped_rule_needs_no_dateutil(self):
        """Expanding 1,000 years of an eight-weekly series never runs dateutil."""
        series = Series.example()
        end = series.start + timedelta(days=366 * 1000)
        series.meetups(series.start, end)  # warm the caches
        with mock.patch.object(du, "rrule", side_effect=AssertionError):
            found = series.meetups(series.start, end)
        assert len(found) == 6536
        assert [m.number for m in found] == list(range(1, 6537))
