"""Recurrence under attack: rules, far dates and edit runs stay bounded.

Timed cases run in a capped subprocess (see ``test_adversarial_resources``);
the ends-of-the-calendar cases check in-process that every public function
answers or raises a :class:`meetupkit.errors.MeetupkitError`.

=====================================================  ===========
case                                                   CPU time
=====================================================  ===========
a rule without a match in its cycle: ``next()``        < 1.5 s
a daily series with one override at the range's top    < 1.5 s
``is_occurrence``/``cancel``/``previous`` at the top   < 1.5 s
32,000 rooms and 32,000 overrides: ``from_dict``       < 10 s
800 successive ``cancel()`` calls on a daily series    < 1.5 s
=====================================================  ===========
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from _hostile import call, check_error, optional_module
from test_adversarial_resources import run_bounded

from meetupkit import Meetup, Recurrence, Series, from_json, to_json
from meetupkit.errors import MeetupkitError

BERLIN = ZoneInfo("Europe/Berlin")

_SETUP = """
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
import attrs
from meetupkit import Recurrence, Series, from_dict, from_json, to_dict, to_json
berlin = ZoneInfo("Europe/Berlin")
somewi = Series.example()
daily = attrs.evolve(somewi, recurrence=Recurrence.parse("FREQ=DAILY"))
top = datetime(9997, 12, 30, 19, tzinfo=berlin)
"""

NEVER = (
    "FREQ=DAILY;BYDAY=MO;BYSETPOS=2",
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
    "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6",
    "FREQ=MONTHLY;INTERVAL=2;BYMONTH=2,4",
    "FREQ=WEEKLY;INTERVAL=3;BYMONTH=2;BYDAY=MO;BYSETPOS=-2",
    "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
)

CASES = {
    "far-override-from-json": (
        "data = to_json(daily.cancel(top))",
        "assert from_json(Series, data).overrides[0].cancelled",
    ),
    "is-occurrence-at-top": ("", "assert daily.is_occurrence(top)"),
    "cancel-at-top": ("", "assert daily.cancel(top).overrides"),
    "previous-at-top": (
        "",
        "assert daily.previous(before=top).number > 2_900_000",
    ),
    "meetup-number-at-top": (
        "",
        "assert daily.meetup(2_900_000).start.year > 9000",
    ),
    "800-cancels": (
        "days = [daily.start + timedelta(days=n) for n in range(800)]",
        "series = daily\n"
        "for day in days:\n"
        "    series = series.cancel(day)\n"
        "assert len(series.overrides) == 800",
    ),
    "32k-rooms-and-overrides": (
        "from meetupkit import Room, Venue, _time\n"
        "rooms = tuple(Room(name=f'r{n}') for n in range(32_000))\n"
        "venue = Venue(name='halle', rooms=rooms)\n"
        "doc = to_dict(attrs.evolve(daily, venue=venue, room=rooms[0]))\n"
        "doc['overrides'] = [\n"
        "    {'original_start': _time.format_datetime("
        "daily.start + timedelta(days=n)),\n"
        "     'room': {'name': f'r{n}'}}\n"
        "    for n in range(32_000)\n"
        "]",
        "assert len(from_dict(Series, doc).overrides) == 32_000",
    ),
}

LIMITS = {"32k-rooms-and-overrides": 10.0}
DEFAULT_LIMIT = 1.5


class TestBoundedRecurrence:
    """Each case ends within its limit with a result or a meetupkit error."""

    @pytest.mark.parametrize("text", NEVER)
    def test_rule_without_match_answers_quickly(self, text):
        """A rule that never matches is recognised from one cycle, fast."""
        setup = f"series = attrs.evolve(somewi, recurrence=Recurrence.parse({text!r}))"
        report = run_bounded(
            _SETUP + setup, "assert series.next(after=series.start) is None"
        )
        assert report["outcome"] == "ok", report
        assert report["seconds"] < DEFAULT_LIMIT, report

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_case(self, name):
        """The case finishes with a result, within its limit."""
        setup, code = CASES[name]
        report = run_bounded(_SETUP + setup, code)
        assert report["outcome"] == "ok", report
        assert report["seconds"] < LIMITS.get(name, DEFAULT_LIMIT), report


ical = optional_module("meetupkit.ical")
jsonld = optional_module("meetupkit.jsonld")

_FAR = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
_EARLY = datetime(1, 1, 1, 0, 0, tzinfo=UTC)


def _series_near(year: int, text: str) -> Series:
    return attrs.evolve(
        Series.example(),
        uid="far@some-netzwerk.example",
        start=datetime(year, 12, 24, 19, tzinfo=BERLIN),
        recurrence=Recurrence.parse(text),
    )


class TestEndsOfTheCalendar:
    """At the ends of the supported range every operation answers."""

    @pytest.mark.parametrize("year", [2, 9950, 9996, 9997])
    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=WEEKLY;INTERVAL=8",
            "FREQ=DAILY",
            "FREQ=YEARLY;BYWEEKNO=1",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=DAILY;UNTIL=99971231T225959Z",
        ],
    )
    def test_every_query_answers(self, year, text):
        """Queries on a series near an end give results or meetupkit errors only."""
        series = _series_near(year, text)
        span = timedelta(days=366)
        for moment in (
            _EARLY,
            _FAR,
            series.start,
            datetime.max.replace(tzinfo=UTC),
            datetime.min.replace(tzinfo=UTC),
        ):
            call(series.next, after=moment)
            call(series.previous, before=moment)
            call(series.is_occurrence, moment)
            call(series.add_date, moment)
            call(series.cancel, moment)
        # Whole-range windows only where the rule is sparse enough.
        for low, high in ((_EARLY, series.start + span), (series.start, _FAR)):
            if series.recurrence.interval > 1 or high - low < 2 * span:
                call(series.meetups, low, high)
        for number in (1, 2, 10**6, 10**12):
            call(series.meetup, number)
        assert series.meetups(series.start, series.start + span)
        call(series.describe, lang="de")
        assert from_json(Series, to_json(series)) == series
        if jsonld is not None:
            call(jsonld.to_jsonld, series)
        if ical is not None:
            call(ical.to_ical, series)

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Recurrence.parse("FREQ=DAILY;UNTIL=99991231T235959Z"),
            lambda: Recurrence.parse("FREQ=DAILY;UNTIL=00010101T000000Z"),
            lambda: Recurrence.parse("FREQ=DAILY;UNTIL=99980101"),
            lambda: Meetup(
                title="x",
                start=datetime(9999, 12, 31, 23, tzinfo=UTC),
                duration=timedelta(hours=1),
            ),
            lambda: attrs.evolve(
                Series.example(), start=datetime(1, 1, 1, tzinfo=BERLIN)
            ),
            lambda: attrs.evolve(
                Series.example(),
                extra_dates=(datetime(9998, 1, 1, tzinfo=BERLIN),),
            ),
        ],
    )
    def test_out_of_range_is_refused_at_construction(self, build):
        """A date outside the years 2 to 9997 is refused with the range as hint."""
        with pytest.raises(MeetupkitError) as info:
            build()
        check_error(info.value)
        assert "from the year 2 to 9997" in str(info.value)
