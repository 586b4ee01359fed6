"""Tests for meetupkit.serialize: lossless round trips and clear errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import (
    Address,
    Consent,
    Geo,
    Meetup,
    Participant,
    Photo,
    Recap,
    Room,
    Series,
    TopicWish,
    ValidationError,
    Venue,
    from_dict,
    from_json,
    from_toml,
    to_dict,
    to_json,
    to_toml,
)
from meetupkit import strategies as ms
from meetupkit.serialize import (
    FORMAT_VERSION,
    MIGRATIONS,
    configure_converter,
    make_converter,
)

BERLIN = ZoneInfo("Europe/Berlin")

CLASSES = [
    (Address, ms.addresses()),
    (Geo, ms.geos()),
    (Room, ms.rooms()),
    (Venue, ms.venues()),
    (Consent, ms.consents()),
    (Participant, ms.participants()),
    (TopicWish, ms.topic_wishes()),
    (Photo, ms.photos()),
    (Recap, ms.recaps()),
    (Meetup, ms.meetups()),
    (Series, ms.series()),
]


class TestRoundTrip:
    @pytest.mark.parametrize(
        ("cls", "strategy"), CLASSES, ids=[c.__name__ for c, _ in CLASSES]
    )
    def test_json_toml_dict(self, cls, strategy):
        """JSON, TOML and dict documents give back an equal object."""

        @given(strategy)
        def check(value: Any) -> None:
            assert from_json(cls, to_json(value)) == value
            assert from_toml(cls, to_toml(value)) == value
            assert from_dict(cls, to_dict(value)) == value
            assert from_dict(cls, json.loads(to_json(value))) == value

        check()

    @given(ms.series())
    def test_series_expands_the_same_after_round_trip(self, series):
        """A series read back expands to the same meetings."""
        again = from_json(Series, to_json(series))
        window = (series.start, series.start + timedelta(days=800))
        assert again.meetups(*window) == series.meetups(*window)

    def test_zone_name_is_kept(self):
        """Datetimes keep their zone name, not only the offset."""
        text = to_json(Series.example())
        assert "2014-09-24T19:00:00+02:00[Europe/Berlin]" in text
        again = from_json(Series, text)
        assert again.start.tzinfo == BERLIN

    def test_defaults_are_omitted(self):
        """Fields holding their default are left out of the document."""
        data = to_dict(Room(name="Adelheid"))
        assert data == {"format_version": FORMAT_VERSION, "name": "Adelheid"}

    def test_duration_is_iso8601(self):
        """Durations are written as ISO 8601 strings."""
        meetup = Meetup(
            title="#SoMeWI",
            start=datetime(2014, 9, 24, 19, tzinfo=BERLIN),
            duration=timedelta(hours=2, minutes=30),
        )
        assert to_dict(meetup)["duration"] == "PT2H30M"

    def test_json_is_strict(self):
        """to_json never writes NaN; from_json refuses it."""
        with pytest.raises(ValidationError):
            from_json(Geo, '{"format_version": 1, "lat": NaN, "lon": 8}')

    def test_bom_and_bytes_accepted(self):
        """JSON as UTF-8 bytes with a byte-order mark is read."""
        data = to_json(Room(name="Adelheid")).encode("utf-8-sig")
        assert from_json(Room, data) == Room(name="Adelheid")


def _problems(cls: type[Any], data: object) -> list[str]:
    with pytest.raises(ValidationError) as info:
        from_dict(cls, data)  # type: ignore[arg-type]
    return [str(problem) for problem in info.value.problems]


class TestErrors:
    def test_every_problem_listed_with_path(self):
        """All problems of a document are listed, each with its path."""
        document = to_dict(
            Meetup(
                title="#SoMeWI",
                start=datetime(2014, 9, 24, 19, tzinfo=BERLIN),
                duration=timedelta(hours=2),
                participants=(
                    Participant(name="Anna"),
                    Participant(name="Ben"),
                    Participant(name="Cem"),
                ),
            )
        )
        document["participants"][2]["email"] = 42
        document["participants"][0]["rolle"] = "host"
        document["duration"] = "zwei Stunden"
        problems = _problems(Meetup, document)
        assert any(p.startswith("participants[2].email: ") for p in problems)
        assert any(
            p.startswith("participants[0].rolle: unknown key")
            for p in problems
        )
        assert any(p.startswith("duration: ") for p in problems)
        assert len(problems) == 3

    def test_missing_field(self):
        """A missing required field is named."""
        assert _problems(Room, {"format_version": 1}) == [
            "name: missing; this field is required; add it"
        ]

    def test_validator_error_has_path(self):
        """A value refused by the model is reported at its path."""
        document = to_dict(Venue(name="heimathafen", rooms=(Room(name="A"),)))
        document["rooms"][0]["capacity"] = 0
        (problem,) = _problems(Venue, document)
        assert problem.startswith("rooms[0].capacity: ")

    def test_naive_datetime(self):
        """A datetime without offset is refused with a fix."""
        document = to_dict(Series.example())
        document["start"] = "2014-09-24T19:00:00"
        (problem,) = _problems(Series, document)
        assert problem.startswith("start: ")
        assert "offset" in problem

    def test_offset_disagrees_with_zone(self):
        """An offset that contradicts the zone name is refused."""
        document = to_dict(Series.example())
        document["start"] = "2014-09-24T19:00:00+01:00[Europe/Berlin]"
        (problem,) = _problems(Series, document)
        assert "does not match Europe/Berlin" in problem

    def test_unknown_zone(self):
        """An unknown zone name is refused."""
        document = to_dict(Series.example())
        document["start"] = "2014-09-24T19:00:00+02:00[Europe/Wiesbaden]"
        (problem,) = _problems(Series, document)
        assert "unknown time zone" in problem

    def test_bad_rule(self):
        """A bad recurrence rule is reported at its field."""
        document = to_dict(Series.example())
        document["recurrence"] = "FREQ=FORTNIGHTLY"
        (problem,) = _problems(Series, document)
        assert problem.startswith("recurrence.FREQ: ")

    @pytest.mark.parametrize(
        ("version", "message"),
        [
            (None, "format_version: missing"),
            ("1", "is not a format version"),
            (-1, "is not a format version"),
            (FORMAT_VERSION + 1, "upgrade meetupkit"),
        ],
    )
    def test_format_version(self, version, message):
        """The format version is required, and a newer one is refused."""
        document = to_dict(Room(name="Adelheid"))
        if version is None:
            del document["format_version"]
        else:
            document["format_version"] = version
        (problem,) = _problems(Room, document)
        assert message in problem

    def test_missing_version_listed_with_other_problems(self):
        """A missing format version does not hide the document's other problems."""
        problems = _problems(Room, {"name": 3})
        assert problems[0].startswith("format_version: missing")
        assert problems[1].startswith("name: expected a string")

    def test_schema_key_must_be_text(self):
        """A $schema key that is not a string is refused."""
        document = {**to_dict(Room(name="Adelheid")), "$schema": 42}
        (problem,) = _problems(Room, document)
        assert problem.startswith("$schema: expected a string")

    def test_schema_key_is_ignored(self):
        """A $schema key for editors does not disturb reading."""
        document = {**to_dict(Room(name="Adelheid")), "$schema": "x.json"}
        assert from_dict(Room, document) == Room(name="Adelheid")

    @pytest.mark.parametrize(
        "text", ["", "{", "[1, 2]", '"text"', "null", '{"a": }']
    )
    def test_not_a_document(self, text):
        """Text that is no JSON object raises ValidationError."""
        with pytest.raises(ValidationError):
            from_json(Room, text)

    def test_not_toml(self):
        """Broken TOML raises ValidationError naming the syntax problem."""
        with pytest.raises(ValidationError, match="not valid TOML"):
            from_toml(Room, 'name = "Adelheid"\ncapacity = = 3')

    def test_invalid_utf8(self):
        """Bytes that are not UTF-8 raise ValidationError."""
        with pytest.raises(ValidationError, match="not UTF-8"):
            from_json(Room, b'{"name": "\xff"}')

    def test_deep_nesting(self):
        """Very deep nesting is refused, not a RecursionError."""
        with pytest.raises(ValidationError):
            from_json(Room, "[" * 100_000 + "]" * 100_000)

    def test_error_is_value_error(self):
        """ValidationError is a ValueError for callers that know no better."""
        with pytest.raises(ValueError, match="problem"):
            from_dict(Room, {"format_version": 1})


class TestMigration:
    def test_old_document_is_migrated(self):
        """A document of an older format is lifted by its migration."""

        def rename_size(document: dict[str, Any]) -> dict[str, Any]:
            document = dict(document)
            document["capacity"] = document.pop("size")
            return document

        old = {"format_version": 0, "name": "Adelheid", "size": 14}
        room = from_dict(Room, old, migrations={**MIGRATIONS, 0: rename_size})
        assert room == Room(name="Adelheid", capacity=14)

    def test_missing_migration(self):
        """A document too old for the known migrations is refused."""
        with pytest.raises(ValidationError, match="no migration"):
            from_dict(
                Room,
                {"format_version": 0, "name": "Adelheid"},
                migrations={},
            )


# -- documents that are not valid ------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    cls, strategy = draw(st.sampled_from(CLASSES))
    document = to_dict(draw(strategy))
    paths = list(_paths(document))
    path = draw(st.sampled_from(paths))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    action = draw(st.sampled_from(["drop", "retype", "misspell"]))
    if action == "drop" and isinstance(parent, dict):
        del parent[key]
    elif action == "misspell" and isinstance(parent, dict):
        parent[f"{key}x"] = parent.pop(key)
    else:
        parent[key] = draw(json_values)
    return cls, document


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


class TestInvalidDocuments:
    @given(st.sampled_from(CLASSES), json_values)
    def test_arbitrary_values(self, case, value):
        """Any JSON value gives a valid object or a ValidationError."""
        cls, _ = case
        document = (
            {"format_version": 1, **value}
            if isinstance(value, dict)
            else value
        )
        try:
            result = from_json(cls, json.dumps(document))
        except ValidationError as exc:
            assert len(str(exc)) < 4000
        else:
            assert isinstance(result, cls)

    @given(mutated_documents())
    def test_mutations(self, case):
        """A mutated document gives a valid object or a ValidationError."""
        cls, document = case
        try:
            result = from_json(cls, json.dumps(document))
        except ValidationError as exc:
            assert exc.problems
            assert all(problem.path for problem in exc.problems)
        else:
            assert isinstance(result, cls)


class TestConverter:
    def test_configure_own_converter(self):
        """configure_converter teaches a user's converter meetupkit's types."""
        mine = cattrs.Converter()
        configure_converter(mine)
        series = Series.example()
        assert mine.structure(mine.unstructure(series), Series) == series

    def test_make_converter_matches_documents(self):
        """make_converter gives a converter that writes the same documents."""
        made = make_converter()
        series = Series.example()
        data = to_dict(series)
        del data["format_version"]
        # Documents name the room of a venue; that is the one difference.
        written = made.unstructure(series)
        room = to_dict(series.room)
        del room["format_version"]
        assert written["room"] == room
        assert {**written, "room": "Adelheid"} == data
