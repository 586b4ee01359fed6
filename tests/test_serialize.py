"""Tests for meetupkit.serialize: lossless round trips and clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
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
    errors,
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


class TestFixedOffset:
    """A datetime with a fixed offset has no zone name to write."""

    def test_written_with_its_offset_alone_and_read_back(self):
        """UTC is written as ``+00:00`` without brackets and read back as UTC."""
        meetup = Meetup(
            title="#SoMeWI Auftakt",
            start=datetime(2014, 9, 24, 17, tzinfo=UTC),
            duration=timedelta(hours=2),
        )
        text = to_json(meetup)
        assert '"start": "2014-09-24T17:00:00+00:00",' in text
        back = from_json(Meetup, text)
        assert back == meetup
        assert back.start.tzinfo is UTC


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
        """A datetime without offset or zone is refused with a fix."""
        document = to_dict(Series.example())
        document["start"] = "2014-09-24T19:00:00"
        (problem,) = _problems(Series, document)
        assert problem.startswith("start: ")
        assert "2014-09-24T19:00:00[Europe/Berlin]" in problem

    def test_offset_disagrees_with_zone(self):
        """An offset that contradicts the zone name is refused."""
        document = to_dict(Series.example())
        document["start"] = "2014-09-24T19:00:00+01:00[Europe/Berlin]"
        (problem,) = _problems(Series, document)
        assert "does not match Europe/Berlin" in problem

    def test_offset_hint_keeps_the_zone(self):
        """The fix offered for a wrong offset keeps zone name and wall time."""
        document = to_dict(Series.example())
        document["start"] = "2014-09-24T19:00:00+01:00[Europe/Berlin]"
        (problem,) = _problems(Series, document)
        assert "drop the zone" not in problem
        assert "2014-09-24T19:00:00+02:00[Europe/Berlin]" in problem
        assert "2014-09-24T19:00:00[Europe/Berlin]" in problem
        for fix in (
            "2014-09-24T19:00:00+02:00[Europe/Berlin]",
            "2014-09-24T19:00:00[Europe/Berlin]",
        ):
            document["start"] = fix
            assert from_dict(Series, document) == Series.example()

    @pytest.mark.parametrize(
        "text",
        [
            "2014-09-24T19:00[Europe/Berlin]",
            "2014-09-24T19:00:00[Europe/Berlin]",
        ],
    )
    def test_local_time_with_zone_name(self, text):
        """The RFC 9557 form without an offset reads as local time."""
        document = to_dict(Series.example())
        document["start"] = text
        assert from_dict(Series, document) == Series.example()

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # In the gap: read with the offset before it (RFC 5545 §3.3.5).
            ("2025-03-30T02:30[Europe/Berlin]", "2025-03-30T03:30:00+02:00"),
            # Twice: the first of the two (RFC 5545 §3.3.5).
            ("2025-10-26T02:30[Europe/Berlin]", "2025-10-26T02:30:00+02:00"),
            (
                "2025-11-02T01:30[America/New_York]",
                "2025-11-02T01:30:00-04:00",
            ),
        ],
    )
    def test_local_time_in_gap_or_overlap(self, text, expected):
        """Local times that do not exist or exist twice read as RFC 5545 says."""
        document = to_dict(Series.example())
        document["start"] = text
        assert from_dict(Series, document).start.isoformat() == expected

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


def to_toml_document(document: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(document)


def _base_document() -> dict[str, Any]:
    somewi = Series.example()
    somewi = attrs.evolve(
        somewi,
        organizers=(Participant(name="Dominik", email="d@example.org"),),
        topics=(TopicWish(title="Social Media und Recht", voters=("anna",)),),
        extra_dates=(datetime(2014, 12, 3, 19, tzinfo=BERLIN),),
    ).override(
        datetime(2014, 11, 19, 19, tzinfo=BERLIN),
        participants=(Participant(name="Anna"), Participant(name="Ben")),
    )
    return to_dict(somewi)


#: One break each: where, what, and the path the problem is reported at.
#: No path is inside another and no break undoes another (a duplicate
#: stays a duplicate), so any set of them can be applied at once.
_BREAKS: dict[str, tuple[tuple[Any, ...], Any, str]] = {
    "title": (("title",), " ", "title"),
    "url": (("url",), "ftp://example.org/", "url"),
    "duration": (("duration",), "PT0S", "duration"),
    "hashtag": (("hashtag",), "", "hashtag"),
    "language": (("language",), "deutsch!", "language"),
    "channel": (("invitation_channel",), 42, "invitation_channel"),
    "uid": (("uid",), " somewi@example.org", "uid"),
    "start": (
        ("start",),
        "2014-09-24T19:00:00+01:00[Europe/Berlin]",
        "start",
    ),
    "capacity": (
        ("venue", "rooms", 0, "capacity"),
        0,
        "venue.rooms[0].capacity",
    ),
    "venue_name": (("venue", "name"), " ", "venue.name"),
    "city": (("venue", "address", "city"), "", "venue.address.city"),
    "geo": (("venue", "geo"), {"lat": 91, "lon": 8}, "venue.geo.lat"),
    "room_key": (
        ("venue", "rooms", 0, "flor"),
        "2. OG",
        "venue.rooms[0].flor",
    ),
    "email": (("organizers", 0, "email"), "x", "organizers[0].email"),
    "voters": (("topics", 0, "voters"), ["", "ben"], "topics[0].voters[0]"),
    "status": (("topics", 0, "status"), "someday", "topics[0].status"),
    "extra": (
        ("extra_dates", 0),
        "2014-12-03T19:00:00",
        "extra_dates[0]",
    ),
    "twice": (
        ("overrides", 0, "participants", 1),
        {"name": "Anna"},
        "overrides[0].participants[1]",
    ),
    "reason": (("overrides", 0, "reason"), "\t", "overrides[0].reason"),
    "surrogate": (
        ("topics", 0, "title"),
        "Recht\ud800",
        "topics[0].title",
    ),
}


def _broken(names: set[str]) -> dict[str, Any]:
    document = _base_document()
    for name in names:
        path, value, _ = _BREAKS[name]
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    return document


class TestEveryProblemAtOnce:
    """A document's problems are all reported in one round."""

    def test_every_field_of_one_object(self):
        """A blank name and a capacity of 0 are both reported."""
        assert _problems(
            Room, {"format_version": 1, "name": " ", "capacity": 0}
        ) == [
            "name: must not be blank; give it some text",
            "capacity: 0 is out of range; give the number of seats",
        ]

    def test_toml_series_blank_title_and_ftp_url(self):
        """A hand-edited TOML series gets both its problems at once."""
        document = to_dict(Series.example())
        document["title"] = " "
        document["url"] = "ftp://example.org/somewi"
        with pytest.raises(ValidationError) as info:
            from_toml(Series, to_toml_document(document))
        assert [p.path for p in info.value.problems] == ["title", "url"]

    def test_nested_problem_does_not_hide_the_parent(self):
        """A bad room capacity does not hide the series' blank title."""
        document = to_dict(Series.example())
        document["venue"]["rooms"][0]["capacity"] = 0
        document["title"] = ""
        document["organizers"] = [{"name": "Anna"}, {"name": "Anna"}]
        paths = [p.split(":")[0] for p in _problems(Series, document)]
        assert paths == [
            "title",
            "venue.rooms[0].capacity",
            "organizers[1]",
        ]

    def test_unknown_key_does_not_hide_values(self):
        """A misspelt key and a blank name are both reported."""
        assert _problems(
            Room, {"format_version": 1, "name": "", "flor": "2. OG"}
        ) == [
            "name: must not be blank; give it some text",
            "flor: unknown key; did you mean 'floor'?",
        ]

    def test_cross_check_runs_beside_unrelated_problem(self):
        """A room differing from the venue's is reported with a bad url."""
        document = to_dict(Series.example())
        # A room given as a table (still read in format 2) that differs.
        document["room"] = {**document["venue"]["rooms"][0], "capacity": 20}
        document["url"] = "ftp://example.org/"
        paths = [p.split(":")[0] for p in _problems(Series, document)]
        assert paths == ["room", "url"]

    @given(st.sets(st.sampled_from(sorted(_BREAKS)), min_size=1))
    def test_every_break_is_listed(self, names):
        """Every field refused alone is also listed when others are broken."""
        document = _broken(names)
        reported = {p.split(":")[0] for p in _problems(Series, document)}
        for name in names:
            alone = {
                p.split(":")[0] for p in _problems(Series, _broken({name}))
            }
            assert _BREAKS[name][2] in alone
            assert _BREAKS[name][2] in reported


def _leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, (*prefix, index))
    elif prefix != ("format_version",):
        yield prefix


def _spelled(path: tuple[Any, ...]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else f".{key}"
    return text.removeprefix(".")


def _bad_value(value: Any, index: int = 0) -> Any:
    """A value refused wherever *value* stands, whatever the other fields.

    Texts become blanks of *index* + 1 spaces, so that two broken texts
    never agree by chance (a room named like a broken room of its venue is
    that room, and its problem is the venue's).
    """
    if isinstance(value, bool):
        return "ja"
    if isinstance(value, int | float):
        return 10**400
    return " " * (index + 1)


class TestEveryBreakOfAGeneratedDocument:
    """Breaks of generated series are all reported together."""

    @given(ms.series(), st.data())
    def test_every_leaf_refused_alone_is_listed(self, series, data):
        """Each leaf made invalid on its own is also listed with the others."""
        document = to_dict(series)
        leaves = list(_leaf_paths(document))
        chosen = data.draw(
            st.lists(st.sampled_from(leaves), min_size=1, max_size=6)
        )
        broken = json.loads(json.dumps(document))
        for index, path in enumerate(chosen):
            parent = broken
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = _bad_value(parent[path[-1]], index)
        reported = [p.split(": ")[0] for p in _problems(Series, broken)]
        for path in chosen:
            spelled = _spelled(path)
            assert any(
                where == spelled
                or where.startswith((f"{spelled}.", f"{spelled}["))
                for where in reported
            ), (spelled, reported)


class TestWhatIsWritten:
    """Only model objects are documents, and messages say what was given."""

    @pytest.mark.parametrize(
        ("value", "given"),
        [
            ({"a": 1}, "a dict"),
            ([Room(name="Adelheid")], "a list"),
            (1, "an int"),
            (Room, "the class Room"),
            (Series.example().recurrence, "a Recurrence"),
        ],
    )
    def test_writers_refuse_what_is_no_model_object(self, value, given):
        """to_dict, to_json and to_toml refuse the same, naming it."""
        for write in (to_dict, to_json, to_toml):
            with pytest.raises(errors.InvalidTypeError) as info:
                write(value)
            assert f"cannot write {given} as a document" in str(info.value)

    @pytest.mark.parametrize("cls", [dict, list, int, object])
    def test_readers_refuse_what_is_no_model_class(self, cls):
        """from_dict, from_json and from_toml read only model classes."""
        for read, text in (
            (from_dict, {"format_version": 1}),
            (from_json, "{}"),
            (from_toml, ""),
        ):
            with pytest.raises(errors.InvalidTypeError) as info:
                read(cls, text)
            assert f"cannot read a document as {cls.__name__}" in str(
                info.value
            )
            assert "write" not in str(info.value)

    def test_type_errors_say_an_before_vowels(self):
        """Type errors read "an int", not "a int"."""
        problems = _problems(Room, {"format_version": 1, "name": 3})
        assert problems == ["name: expected a string, got a number"]
        with pytest.raises(errors.InvalidTypeError, match="got an int"):
            Room(name=3)

    def test_lone_surrogate_in_json_is_refused_at_its_field(self):
        """JSON text that UTF-8 cannot carry is refused, naming the field."""
        text = to_json(Series.example()).replace(
            "Stammtisch", "Stamm\\udc80tisch"
        )
        (problem,) = [
            p for p in _problems_json(Series, text) if p.startswith("title")
        ]
        assert "lone surrogate" in problem


def _problems_json(cls: type[Any], text: str) -> list[str]:
    with pytest.raises(ValidationError) as info:
        from_json(cls, text)
    return [str(problem) for problem in info.value.problems]


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


class TestDerivedUid:
    @given(ms.aware_datetimes())
    def test_utc_stamp_is_what_strftime_writes(self, when):
        """The UTC stamp of a derived uid is the text strftime gives."""
        from meetupkit._time import utc_stamp

        expected = when.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
        assert utc_stamp(when) == expected
