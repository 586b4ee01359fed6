"""Tests for meetupkit.web: the web profile of JSON and errors as records."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import (
    InvalidValueError,
    Meetup,
    Recurrence,
    Room,
    Series,
    TopicStatus,
    TopicWish,
    ValidationError,
    from_dict,
    from_json,
    strategies,
    to_dict,
    to_json,
    web,
)
from meetupkit import model as model_module
from meetupkit.serialize import configure_converter

BERLIN = ZoneInfo("Europe/Berlin")

# The ECMAScript Date Time String Format (ECMA-262, "Date Time String
# Format"), the only form every JavaScript engine's Date.parse must read.
JS_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}"
    r"(:[0-9]{2}(\.[0-9]{3})?)?(Z|[+-][0-9]{2}:[0-9]{2})"
)
# What datetime.fromisoformat read before Python 3.11 widened it, so that
# the strings are readable on 3.11 whichever Python runs the tests.
OLD_FROMISOFORMAT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(\.[0-9]{3}|\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2}"
)

documents = st.one_of(
    strategies.series(),
    strategies.meetups(),
    strategies.topic_wishes(),
)


def datetimes_in(obj: Any) -> list[datetime]:
    """Return every datetime held by a model object, at any depth."""
    found: list[datetime] = []
    if isinstance(obj, datetime):
        found.append(obj)
    elif isinstance(obj, tuple):
        for item in obj:
            found.extend(datetimes_in(item))
    elif attrs.has(type(obj)) and not isinstance(obj, Recurrence):
        for field in attrs.fields(type(obj)):
            found.extend(datetimes_in(getattr(obj, field.name)))
    return found


# The names of the model's fields that hold datetimes or lists of them.
DATETIME_FIELDS = {
    field.name
    for name in model_module.__all__
    if attrs.has(kind := getattr(model_module, name))
    for field in attrs.fields(kind)
    if field.type in (datetime, datetime | None, tuple[datetime, ...])
}


def datetime_strings(data: Any) -> list[str]:
    """Return the values of every datetime field of a JSON document."""
    found: list[str] = []
    if isinstance(data, list):
        for item in data:
            found.extend(datetime_strings(item))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in DATETIME_FIELDS:
                found.extend([value] if isinstance(value, str) else value)
            else:
                found.extend(datetime_strings(value))
    return found


class TestRoundTrip:
    @given(documents)
    def test_web_json_reads_back_to_the_same_object(self, obj):
        """from_json(to_json(x, web), web) equals x, zone names included."""
        kind = type(obj)
        text = to_json(obj, profile="web")
        again = from_json(kind, text, profile="web")
        assert again == obj
        # == compares instants only; the file form also compares zones.
        assert to_json(again) == to_json(obj)

    @given(documents)
    def test_web_dicts_read_back_to_the_same_object(self, obj):
        """from_dict(to_dict(x, web), web) equals x, zone names included."""
        data = to_dict(obj, profile="web")
        again = from_dict(type(obj), data, profile="web")
        assert to_dict(again) == to_dict(obj)

    @given(documents)
    def test_every_datetime_is_rfc3339_readable_by_browsers(self, obj):
        """Each datetime string parses as JavaScript and Python 3.11 read it."""
        data = json.loads(to_json(obj, profile="web"))
        written = datetime_strings(data)
        assert len(written) == len(datetimes_in(obj))
        for text in written:
            assert "[" not in text
            assert JS_DATE.fullmatch(text), text
            assert OLD_FROMISOFORMAT.fullmatch(text), text
            assert re.fullmatch(web.RFC3339_PATTERN, text), text
            assert datetime.fromisoformat(text).tzinfo is not None
        assert "format_version" not in data

    @given(strategies.aware_datetimes())
    def test_zone_goes_into_the_sibling_field(self, start):
        """start keeps the wall-clock time and offset; start_zone the name."""
        wish = TopicWish(
            title="Social Media und Recht",
            status=TopicStatus.PLANNED,
            planned_for=start,
        )
        data = to_dict(wish, profile="web")
        parsed = datetime.fromisoformat(data["planned_for"])
        assert parsed.replace(tzinfo=None) == start.replace(tzinfo=None)
        assert parsed.utcoffset() == start.utcoffset()
        assert data["planned_for_zone"] == start.tzinfo.key  # type: ignore[union-attr]


class TestWriting:
    def test_the_somewi_series(self):
        """The kickoff's start is plain RFC 3339 with Europe/Berlin beside it."""
        data = to_dict(Series.example(), profile="web")
        assert data["start"] == "2014-09-24T19:00:00+02:00"
        assert data["start_zone"] == "Europe/Berlin"
        assert list(data)[:4] == ["title", "start", "start_zone", "duration"]

    def test_fixed_offset_has_no_zone_field(self):
        """A datetime with a fixed offset is written without a sibling."""
        start = datetime(2014, 9, 24, 19, tzinfo=timezone(timedelta(hours=2)))
        meetup = Meetup(
            title="Stammtisch", start=start, duration=timedelta(hours=2)
        )
        data = to_dict(meetup, profile="web")
        assert data["start"] == "2014-09-24T19:00:00+02:00"
        assert "start_zone" not in data
        again = from_dict(Meetup, data, profile="web")
        assert again.start.tzinfo == start.tzinfo

    def test_utc_and_zone_utc_stay_apart(self):
        """datetime.UTC has no zone field; ZoneInfo('UTC') names its zone."""
        fixed = datetime(2014, 9, 24, 17, tzinfo=UTC)
        named = datetime(2014, 10, 1, 17, tzinfo=ZoneInfo("UTC"))
        series = attrs.evolve(Series.example(), extra_dates=(fixed, named))
        data = to_dict(series, profile="web")
        assert data["extra_dates"] == [
            "2014-09-24T17:00:00+00:00",
            "2014-10-01T17:00:00+00:00",
        ]
        assert data["extra_dates_zones"] == [None, "UTC"]
        again = from_dict(Series, data, profile="web")
        assert [d.tzinfo for d in again.extra_dates] == [UTC, ZoneInfo("UTC")]

    def test_local_mean_time_is_written_in_utc_with_its_zone(self):
        """An offset with seconds (Berlin in 1890) is written as UTC."""
        start = datetime(1890, 6, 1, 19, tzinfo=BERLIN)
        meetup = Meetup(
            title="Stammtisch", start=start, duration=timedelta(hours=2)
        )
        data = to_dict(meetup, profile="web")
        assert re.fullmatch(web.RFC3339_PATTERN, data["start"])
        assert data["start"].endswith("+00:00")
        again = from_dict(Meetup, data, profile="web")
        assert again.start.replace(tzinfo=None) == start.replace(tzinfo=None)
        assert again.start.tzinfo is BERLIN

    def test_fixed_offset_with_seconds_is_refused(self):
        """A fixed offset with seconds cannot be RFC 3339: a clear error."""
        zone = timezone(timedelta(hours=1, seconds=30))
        start = datetime(2014, 9, 24, 19, tzinfo=zone)
        meetup = Meetup(
            title="Stammtisch", start=start, duration=timedelta(hours=2)
        )
        with pytest.raises(InvalidValueError) as info:
            to_json(meetup, profile="web")
        assert info.value.path == "start"
        assert "ZoneInfo" in info.value.hint

    def test_unknown_profile_is_refused(self):
        """A profile other than file or web names the choices."""
        with pytest.raises(InvalidValueError) as info:
            to_json(Series.example(), profile="xml")  # type: ignore[arg-type]
        assert info.value.path == "profile"
        assert "'web'" in info.value.hint


class TestReading:
    def wish(self, **fields: Any) -> dict[str, Any]:
        return {
            "title": "Social Media und Recht",
            "status": "planned",
            **fields,
        }

    def test_javascript_iso_string_is_read_in_the_zone(self):
        """Date.toISOString() output with a zone gives the local time."""
        data = self.wish(
            planned_for="2014-11-19T18:00:00.000Z",
            planned_for_zone="Europe/Berlin",
        )
        wish = from_dict(TopicWish, data, profile="web")
        assert wish.planned_for == datetime(2014, 11, 19, 19, tzinfo=BERLIN)
        assert wish.planned_for.tzinfo is BERLIN  # type: ignore[union-attr]

    def test_rfc9557_suffix_is_refused_with_the_sibling_named(self):
        """The file form of a datetime is refused, pointing at the sibling."""
        data = self.wish(
            planned_for="2014-11-19T19:00:00+01:00[Europe/Berlin]"
        )
        with pytest.raises(ValidationError) as info:
            from_dict(TopicWish, data, profile="web")
        (problem,) = info.value.problems
        assert problem.path == "planned_for"
        assert "planned_for_zone" in problem.hint

    def test_impossible_date_gets_the_web_hint(self):
        """A month 13 is refused with the RFC 3339 hint, zone or not."""
        for zone in ({}, {"planned_for_zone": "Europe/Berlin"}):
            data = self.wish(planned_for="2014-13-19T19:00:00+01:00", **zone)
            with pytest.raises(ValidationError) as info:
                from_dict(TopicWish, data, profile="web")
            (problem,) = info.value.problems
            assert problem.path == "planned_for"
            assert "RFC 3339" in problem.problem
            assert "[" not in problem.hint

    def test_bad_zones_name_their_field(self):
        """An unknown zone, a zone of the wrong type and an orphan zone."""
        series = to_dict(Series.example(), profile="web")
        series["start_zone"] = "Europe/Wiesbaden"
        series["extra_dates_zones"] = ["Europe/Berlin"]
        series["venue"]["rooms"][0]["capacity"] = "zwölf"
        with pytest.raises(ValidationError) as info:
            from_dict(Series, series, profile="web")
        paths = [problem.path for problem in info.value.problems]
        assert paths == [
            "start_zone",
            "extra_dates_zones",
            "venue.rooms[0].capacity",
        ]

    def test_zones_must_match_their_datetimes(self):
        """A list of zones of another length than its datetimes is refused."""
        series = to_dict(Series.example(), profile="web")
        series["extra_dates"] = ["2014-10-01T19:00:00+02:00"]
        series["extra_dates_zones"] = ["Europe/Berlin", None]
        with pytest.raises(ValidationError) as info:
            from_dict(Series, series, profile="web")
        (problem,) = info.value.problems
        assert problem.path == "extra_dates_zones"

    def test_format_version_is_refused(self):
        """Web documents are of the current format and carry no version."""
        data = to_dict(Room(name="Adelheid"))
        with pytest.raises(ValidationError) as info:
            from_dict(Room, data, profile="web")
        assert [p.path for p in info.value.problems] == ["format_version"]

    def test_bad_json_is_one_problem(self):
        """Text that is not JSON is refused as the file profile refuses it."""
        with pytest.raises(ValidationError) as info:
            web.from_json(Room, "{")
        assert "not valid JSON" in str(info.value)

    def test_null_zone_means_fixed_offset(self):
        """A null zone is read like a missing one: a fixed offset."""
        data = self.wish(
            planned_for="2014-11-19T19:00:00+01:00", planned_for_zone=None
        )
        wish = from_dict(TopicWish, data, profile="web")
        assert wish.planned_for.utcoffset() == timedelta(hours=1)  # type: ignore[union-attr]


def _own_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    configure_converter(converter)
    return converter


BROKEN_SERIES: dict[str, Any] = {
    "start": "2014-09-24T19:00:00+02:00[Europe/Berlin]",
    "duration": "PT2H",
    "recurrence": "FREQ=WEEKLY;INTERVAL=x",
    "venue": {
        "name": "heimathafen",
        "rooms": [{"name": "Adelheid", "capacity": "12"}],
    },
    "titel": "#SoMeWI",
}


EXPECTED_RECORDS = [
    {
        "path": "/title",
        "message": "missing",
        "hint": "this field is required; add it",
    },
    {
        "path": "/recurrence",
        "message": "INTERVAL: 'x' is not a number",
        "hint": "use digits",
    },
    {
        "path": "/venue/rooms/0/capacity",
        "message": "expected an integer, got a string",
        "hint": "",
    },
    {
        "path": "/titel",
        "message": "unknown key",
        "hint": "did you mean 'title'?",
    },
]


class TestErrorRecords:
    def test_records_of_the_built_in_reader(self):
        """from_dict's error gives a record per problem, at its field."""
        with pytest.raises(ValidationError) as info:
            from_dict(Series, {"format_version": 1, **BROKEN_SERIES})
        assert web.error_records(info.value) == EXPECTED_RECORDS

    def test_records_of_a_users_own_converter(self):
        """A configured cattrs converter's error gives the same records."""
        with pytest.raises(Exception) as info:
            _own_converter().structure(BROKEN_SERIES, Series)
        assert web.error_records(info.value) == EXPECTED_RECORDS

    def test_records_of_a_value_error_point_at_the_field(self):
        """A bad datetime from one's own converter points at start, not $."""
        data = {**BROKEN_SERIES, "title": "#SoMeWI", "start": "bald"}
        del data["titel"]
        with pytest.raises(Exception) as info:
            _own_converter().structure(data, Series)
        records = web.error_records(info.value)
        assert records[0]["path"] == "/start"
        assert "RFC 9557" in records[0]["message"]

    def test_records_of_the_web_profile(self):
        """A web-profile error points at the zone field that is wrong."""
        data = to_dict(Series.example(), profile="web")
        data["start_zone"] = "Mars/Olympus"
        with pytest.raises(ValidationError) as info:
            from_json(Series, json.dumps(data), profile="web")
        (record,) = web.error_records(info.value)
        assert record["path"] == "/start_zone"
        assert "Europe/Berlin" in record["hint"]

    def test_a_single_meetupkit_error_is_one_record(self):
        """A model error raised at construction is one record."""
        with pytest.raises(InvalidValueError) as info:
            Room(name="Adelheid", capacity=0)
        assert web.error_records(info.value) == [
            {
                "path": "/capacity",
                "message": "0 is out of range",
                "hint": "give the number of seats",
            }
        ]

    def test_other_exceptions_are_not_records(self):
        """A bug is not turned into a client error: TypeError says so."""
        with pytest.raises(TypeError, match="re-raise"):
            web.error_records(RuntimeError("boom"))

    @pytest.mark.parametrize(
        ("path", "pointer"),
        [
            ("", ""),
            ("title", "/title"),
            ("overrides[2].room.name", "/overrides/2/room/name"),
            ("a/b~c", "/a~1b~0c"),
        ],
    )
    def test_json_pointer(self, path, pointer):
        """Paths become RFC 6901 pointers, with / and ~ escaped."""
        assert web.json_pointer(path) == pointer
