"""Tests for the VTIMEZONE observances meetupkit computes from zoneinfo."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import Series
from meetupkit import _vtimezone as vtz
from meetupkit.ical import to_calendar
from meetupkit.strategies import ZONES

CHECKED = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Chatham",
)


def _expand(component: icalendar.Component, end: datetime) -> list[tuple]:
    """Return (utc, from, to) for every onset, read with dateutil directly."""
    result = []
    for part in component.subcomponents:
        start = part["DTSTART"].dt
        offset_from = part["TZOFFSETFROM"].td
        offset_to = part["TZOFFSETTO"].td
        onsets = {start}
        for rdate in (
            part.get("RDATE", [])
            if isinstance(part.get("RDATE"), list)
            else [part["RDATE"]]
            if "RDATE" in part
            else []
        ):
            onsets.update(item.dt for item in rdate.dts)
        if "RRULE" in part:
            text = part["RRULE"].to_ical().decode()
            until = re.search(r"UNTIL=(\d{8}T\d{6})Z", text)
            text = re.sub(r";?UNTIL=[^;]*", "", text)
            last = end
            if until:
                last = (
                    datetime.strptime(until[1], "%Y%m%dT%H%M%S") + offset_from
                )
            for onset in rrule.rrulestr(text, dtstart=start):
                if onset > min(last, end):
                    break
                onsets.add(onset)
        result.extend(
            ((onset - offset_from).replace(tzinfo=UTC), offset_from, offset_to)
            for onset in onsets
            if onset <= end
        )
    return sorted(result)


def _component(zone: str, first: int, last: int) -> icalendar.Component:
    items = vtz.observances(ZoneInfo(zone), first, last)
    component = icalendar.Timezone()
    for item in items:
        part = (
            icalendar.TimezoneDaylight()
            if item.kind == "DAYLIGHT"
            else icalendar.TimezoneStandard()
        )
        part.add("dtstart", item.start)
        part.add("tzoffsetfrom", item.offset_from)
        part.add("tzoffsetto", item.offset_to)
        if item.rrule:
            part.add("rrule", icalendar.vRecur.from_ical(item.rrule))
        for rdate in item.rdates:
            part.add("rdate", rdate)
        component.add_component(part)
    return icalendar.Timezone.from_ical(component.to_ical())


def _zoneinfo(zone: str, first: int, last: int) -> list[tuple]:
    return [
        (t.utc, t.before, t.after)
        for t in vtz.transitions(
            ZoneInfo(zone),
            datetime(first, 1, 1, tzinfo=UTC),
            datetime(last + 1, 1, 1, tzinfo=UTC),
        )
        if t.before != t.after
    ]


class TestObservances:
    @pytest.mark.parametrize("zone", CHECKED)
    def test_every_transition_2014_to_2040_matches_zoneinfo(
        self, zone: str
    ) -> None:
        """Each zoneinfo transition of 2014–2040 is an onset, and no other."""
        component = _component(zone, 2014, 2040)
        onsets = [
            item
            for item in _expand(component, datetime(2041, 1, 1))
            if datetime(2014, 1, 1, tzinfo=UTC)
            <= item[0]
            < datetime(2041, 1, 1, tzinfo=UTC)
        ]
        expected = _zoneinfo(zone, 2014, 2040)
        assert len(expected) == 2 * 27
        assert onsets == expected

    @pytest.mark.parametrize("zone", CHECKED)
    def test_rules_are_compact(self, zone: str) -> None:
        """A regular zone gives one open-ended RRULE per observance kind."""
        items = vtz.observances(ZoneInfo(zone), 2014, 2040)
        assert len(items) == 2
        assert all(item.rrule and "UNTIL" not in item.rrule for item in items)
        assert all(not item.rdates for item in items)

    @pytest.mark.parametrize(
        "zone", [*CHECKED, "Africa/Casablanca", "Pacific/Chatham"]
    )
    def test_far_years_follow_the_zones_last_rule(self, zone: str) -> None:
        """A span to 2400 gives zoneinfo's onsets of 2390-2400, the rule carried on."""
        component = _component(zone, 2014, 2400)
        onsets = [
            item
            for item in _expand(component, datetime(2401, 1, 1))
            if datetime(2390, 1, 1, tzinfo=UTC)
            <= item[0]
            < datetime(2401, 1, 1, tzinfo=UTC)
            and item[1] != item[2]
        ]
        assert onsets == _zoneinfo(zone, 2390, 2400)

    @pytest.mark.parametrize("zone", [*CHECKED, "Africa/Casablanca"])
    def test_early_years_keep_the_zones_first_offset(self, zone: str) -> None:
        """A span from the year 1000 gives zoneinfo's onsets of 1850-1950."""
        component = _component(zone, 1000, 2014)
        onsets = [
            item
            for item in _expand(component, datetime(1951, 1, 1))
            if datetime(1850, 1, 1, tzinfo=UTC)
            <= item[0]
            < datetime(1951, 1, 1, tzinfo=UTC)
            and item[1] != item[2]
        ]
        assert onsets == _zoneinfo(zone, 1850, 1950)

    def test_listed_years_are_read_from_the_zone_data(self) -> None:
        """The TZif data gives Casablanca's changes from before 1920 to past 2037, and none for UTC."""
        casablanca = vtz.listed_years("Africa/Casablanca")
        assert casablanca is not None
        assert casablanca[0] < 1920
        assert casablanca[1] > 2037
        assert vtz.listed_years("UTC") == (1, 1)
        assert vtz.listed_years("No/Such_Zone") is None

    def test_berlin_daylight_onset_is_two_in_the_morning(self) -> None:
        """Berlin's summer time starts at 02:00 CET, its winter at 03:00."""
        items = {
            item.kind: item
            for item in vtz.observances(ZoneInfo("Europe/Berlin"), 2014, 2014)
        }
        assert items["DAYLIGHT"].start.time().hour == 2
        assert items["STANDARD"].start.time().hour == 3
        assert items["DAYLIGHT"].rrule == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"

    def test_icalendar_add_missing_timezones_is_an_hour_late(self) -> None:
        """icalendar 7.3 puts the DAYLIGHT onset at 03:00: why meetupkit has its own."""
        calendar = icalendar.Calendar()
        event = icalendar.Event()
        event.add(
            "dtstart",
            datetime(2014, 9, 24, 19, tzinfo=ZoneInfo("Europe/Berlin")),
        )
        calendar.add_component(event)
        calendar.add_missing_timezones()
        hours = {part["DTSTART"].dt.hour for part in calendar.walk("DAYLIGHT")}
        assert hours == {3}  # RFC 5545 §3.6.5 wants 02:00 (CET before)

    def test_chatham_quarter_hours(self) -> None:
        """Chatham's onsets keep their 45 minutes and its odd offsets."""
        items = vtz.observances(ZoneInfo("Pacific/Chatham"), 2020, 2021)
        starts = {item.kind: item.start.time() for item in items}
        assert starts["DAYLIGHT"].strftime("%H:%M") == "02:45"
        assert starts["STANDARD"].strftime("%H:%M") == "03:45"
        assert {item.offset_to for item in items} == {
            timedelta(hours=12, minutes=45),
            timedelta(hours=13, minutes=45),
        }

    @settings(max_examples=25)
    @given(
        zone=st.sampled_from(ZONES),
        first=st.integers(1995, 2035),
        span=st.integers(0, 6),
    )
    def test_any_zone_and_span_matches_zoneinfo(
        self, zone: str, first: int, span: int
    ) -> None:
        """For every strategy zone, the onsets in the span are zoneinfo's."""
        last = first + span
        component = _component(zone, first, last)
        onsets = [
            item
            for item in _expand(component, datetime(last + 1, 1, 1))
            if datetime(first, 1, 1, tzinfo=UTC)
            <= item[0]
            < datetime(last + 1, 1, 1, tzinfo=UTC)
            and item[1] != item[2]
        ]
        assert onsets == _zoneinfo(zone, first, last)

    def test_offset_at_every_hour_of_a_year(self) -> None:
        """icalendar's own reading of the VTIMEZONE agrees with zoneinfo."""
        calendar = to_calendar(
            Series.example(), dtstamp=datetime(2014, 9, 1, tzinfo=UTC)
        )
        (component,) = calendar.walk("VTIMEZONE")
        tz = component.to_tz()
        berlin = ZoneInfo("Europe/Berlin")
        moment = datetime(2026, 1, 1, tzinfo=UTC)
        while moment < datetime(2027, 1, 1, tzinfo=UTC):
            assert (
                moment.astimezone(tz).utcoffset()
                == moment.astimezone(berlin).utcoffset()
            )
            moment += timedelta(hours=1)


class TestFixedTzid:
    def test_names(self) -> None:
        """Fixed offsets get readable TZIDs with sign, hours and minutes."""
        assert vtz.fixed_tzid(timedelta(hours=2)) == "UTC+0200"
        assert vtz.fixed_tzid(-timedelta(hours=9, minutes=30)) == "UTC-0930"
