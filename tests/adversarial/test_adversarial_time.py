"""Time in awkward zones: wall-clock times hold, calendars expand the same.

The zones chosen are the ones that break naive code: Australia/Lord_Howe
shifts by 30 minutes for daylight saving, Pacific/Chatham has a +12:45
offset, America/St_Johns -03:30 with DST, Asia/Kathmandu +05:45 without,
Europe/Berlin and America/Sao_Paulo (which dropped DST in 2019).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from _hostile import optional_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupkit import Recurrence, Series, from_json, to_json

ZONES = (
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Europe/Berlin",
    "America/Sao_Paulo",
)

RULES = (
    "FREQ=WEEKLY;INTERVAL=8",
    "FREQ=WEEKLY;BYDAY=SU",
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=-1TH",
    "FREQ=DAILY;INTERVAL=10",
    "FREQ=YEARLY;BYMONTH=4,10;BYDAY=1SU",
)

ical = optional_module("meetupkit.ical")


@st.composite
def zoned_series(draw):
    """A series in an awkward zone, starting at any minute of a day."""
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    day = draw(
        st.datetimes(
            min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)
        )
    )
    clock = draw(
        st.sampled_from([time(2, 0), time(2, 15), time(2, 30), time(19, 0)])
        | st.times().map(lambda t: t.replace(second=0, microsecond=0))
    )
    start = datetime.combine(day.date(), clock)
    rule = Recurrence.parse(draw(st.sampled_from(RULES)))
    return attrs.evolve(
        Series.example(),
        uid="awkward@some-netzwerk.example",
        start=start.replace(tzinfo=zone),
        recurrence=rule,
        duration=timedelta(minutes=draw(st.integers(30, 300))),
    )


def _exists(moment: datetime) -> bool:
    """Whether the wall-clock time of *moment* exists in its zone."""
    again = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return again.replace(tzinfo=None) == moment.replace(tzinfo=None)


class TestWallClock:
    """Occurrences keep the wall-clock time of the first start."""

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(zoned_series())
    def test_local_time_is_kept(self, series):
        """Every occurrence starts at the first start's clock time, or just after a gap."""
        wanted = series.start.time()
        end = series.start + timedelta(days=366 * 4)
        for meetup in series.meetups(series.start, end):
            assert meetup.start.tzinfo is series.start.tzinfo
            assert _exists(meetup.start)
            if meetup.start.time() != wanted:
                # Only a time in a DST gap may move, forward by the gap.
                naive = datetime.combine(meetup.start.date(), wanted)
                assert not _exists(naive.replace(tzinfo=series.start.tzinfo))
                assert meetup.start.time() > wanted
                shift = (
                    datetime.combine(meetup.start.date(), meetup.start.time())
                    - naive
                )
                assert timedelta(0) < shift <= timedelta(hours=1)

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(zoned_series())
    def test_duration_is_exact(self, series):
        """Each meeting lasts its duration in real time, across DST changes."""
        for meetup in series.meetups(
            series.start, series.start + timedelta(days=800)
        ):
            elapsed = meetup.end.astimezone(UTC) - meetup.start.astimezone(UTC)
            assert elapsed == series.duration

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(zoned_series())
    def test_json_round_trip_keeps_the_zone(self, series):
        """A series read back from JSON expands to the same meetings."""
        back = from_json(Series, to_json(series))
        end = series.start + timedelta(days=366 * 3)
        assert [m.start for m in back.meetups(series.start, end)] == [
            m.start for m in series.meetups(series.start, end)
        ]
        assert back.start.tzinfo == series.start.tzinfo

    @pytest.mark.parametrize("zone", ZONES)
    def test_lord_howe_style_half_hour_shift(self, zone):
        """Weekly meetings at 01:45 stay at 01:45 through a whole year."""
        tz = ZoneInfo(zone)
        series = attrs.evolve(
            Series.example(),
            start=datetime(2024, 1, 7, 1, 45, tzinfo=tz),
            recurrence=Recurrence.parse("FREQ=WEEKLY"),
        )
        meetups = series.meetups(series.start, datetime(2025, 1, 1, tzinfo=tz))
        assert len(meetups) == 52
        assert {m.start.time() for m in meetups} == {time(1, 45)}


@pytest.mark.skipif(ical is None, reason="meetupkit.ical is not there yet")
class TestCalendarExpansion:
    """Exported calendars expand in recurring-ical-events as meetupkit does."""

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
    @given(zoned_series(), st.data())
    def test_same_instants(self, series, data):
        """recurring-ical-events finds exactly meetupkit's starts and ends."""
        import icalendar
        import recurring_ical_events

        end = series.start + timedelta(days=366 * 3)
        meetings = series.meetups(series.start, end, include_cancelled=False)
        if len(meetings) > 2 and data.draw(st.booleans()):
            series = series.cancel(meetings[1].recurrence_id)
            meetings = series.meetups(
                series.start, end, include_cancelled=False
            )
        feed = ical.to_ical(series, dtstamp=datetime(2014, 1, 1, tzinfo=UTC))
        calendar = icalendar.Calendar.from_ical(feed)
        events = recurring_ical_events.of(calendar).between(
            series.start.astimezone(UTC), end.astimezone(UTC)
        )
        theirs = sorted(
            (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
            if "DTEND" in e
            else (
                e["DTSTART"].dt.astimezone(UTC),
                (e["DTSTART"].dt + e["DURATION"].dt).astimezone(UTC),
            )
            for e in events
            # A cancelled meeting stays in the feed, marked cancelled.
            if e.get("STATUS") != "CANCELLED"
        )
        ours = sorted(
            (m.start.astimezone(UTC), m.end.astimezone(UTC)) for m in meetings
        )
        assert [start for start, _ in theirs] == [start for start, _ in ours]
        # The oracle adds the duration on the wall clock, so a meeting that
        # starts in a DST gap or spans a change of offset ends at another
        # instant there; RFC 5545 section 3.3.6 makes hours and minutes
        # exact, as meetupkit has them.  Compare the other ends.
        wanted = series.start.time()
        zone = series.start.tzinfo
        for (_, their_end), (start, our_end) in zip(theirs, ours, strict=True):
            local = start.astimezone(zone)
            steady = local.utcoffset() == our_end.astimezone(zone).utcoffset()
            if local.time() == wanted and steady:
                assert their_end == our_end
