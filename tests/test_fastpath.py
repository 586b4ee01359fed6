"""Tests for the generated JSON readers: the same objects and the same errors.

`meetupkit.serialize.from_json` first reads a document with functions
generated per model class (`meetupkit._fastpath`) and falls back to the
detailed path on anything unusual.  These tests prove that the two paths
agree: on valid documents they build equal objects, and on broken ones the
caller sees exactly the detailed path's exception and message.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import (
    Consent,
    Meetup,
    Participant,
    Room,
    Series,
    TopicWish,
    Venue,
    _fastpath,
    from_json,
    to_json,
)
from meetupkit import strategies as ms

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(params=["orjson", "json"], autouse=True)
def parser(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run every test with orjson and with the standard library's parser."""
    if request.param == "orjson" and _fastpath._orjson_loads is None:
        pytest.skip("orjson is not installed")
    _fastpath.use_json_module(request.param == "json")
    yield request.param
    _fastpath.use_json_module(False)


def _detailed(cls: type[Any], text: str) -> Any:
    """Read *text* with the detailed path only."""
    saved = _fastpath.read_json
    _fastpath.read_json = lambda *_: _fastpath.MISS  # type: ignore[assignment]
    try:
        return from_json(cls, text)
    finally:
        _fastpath.read_json = saved  # type: ignore[assignment]


def _outcome(read: Callable[[], Any]) -> tuple[Any, ...]:
    """What reading gives: the object's document, or the error in full."""
    try:
        made = read()
    except Exception as exc:
        problems = [
            (p.path, str(p), p.line_number, p.column)
            for p in getattr(exc, "problems", ())
        ]
        return ("error", type(exc), str(exc), problems)
    return ("object", type(made), to_json(made), made)


def _same_outcome(cls: type[Any], text: str) -> tuple[Any, ...]:
    fast = _outcome(lambda: from_json(cls, text))
    slow = _outcome(lambda: _detailed(cls, text))
    assert fast == slow
    return fast


def _meetup(people: int = 2) -> Meetup:
    """A meeting like the benchmark's: venue, room, people, topics."""
    series = Series.example()
    assert series.venue is not None
    start = datetime(2014, 9, 24, 19, tzinfo=BERLIN)
    return Meetup(
        title="#SoMeWI Stammtisch",
        start=start,
        duration=timedelta(hours=2),
        description="Social Media, Recht.\nWie überzeuge ich Bedenkenträger?",
        venue=series.venue,
        room=series.room,
        participants=tuple(
            Participant(
                name=f"Teilnehmerin {k}",
                email=f"person{k}@example.org",
                roles=("organizer",) if k == 0 else ("attendee", "speaker"),
                experience="veteran",
                industry="Versicherungswesen",
                organization="Firma, Wiesbaden",
                links=(f"https://www.xing.com/profile/p{k}",),
                consent=Consent(name="public", background="members"),
            )
            for k in range(people)
        ),
        topics=(
            TopicWish(title="Shitstorm", voters=("anna", "ben")),
            TopicWish(title="Recht", tags=("recht",)),
        ),
        url="https://www.xing.com/events/somewi",
        language="de",
        series_uid=series.uid,
        recurrence_id=start,
        number=1,
    )


class TestValidDocuments:
    """Valid documents: the generated readers build what the detailed path does."""

    @given(ms.meetups())
    def test_meetups_read_the_same_on_both_paths(self, meetup: Meetup) -> None:
        """A drawn meetup's document gives equal objects and documents."""
        text = to_json(meetup)
        fast = _fastpath.read_json(Meetup, text)
        assert fast is not _fastpath.MISS
        assert fast == meetup == _detailed(Meetup, text)
        assert to_json(fast) == text

    @given(ms.series())
    def test_series_read_the_same_on_both_paths(self, series: Series) -> None:
        """A drawn series' document gives equal objects and documents."""
        text = to_json(series)
        assert from_json(Series, text) == series == _detailed(Series, text)
        assert to_json(from_json(Series, text)) == text

    @given(
        st.one_of(
            ms.venues(), ms.participants(), ms.topic_wishes(), ms.recaps()
        )
    )
    def test_parts_read_the_same_on_both_paths(self, obj: object) -> None:
        """A drawn venue, participant, wish or recap reads back equal."""
        text = to_json(obj)
        fast = _fastpath.read_json(type(obj), text)
        assert fast is not _fastpath.MISS
        assert fast == obj == _detailed(type(obj), text)

    def test_example_series_takes_the_fast_path(self) -> None:
        """The #SoMeWI example, overrides and all, is read by the fast path."""
        text = to_json(Series.example())
        assert _fastpath.read_json(Series, text) == Series.example()

    def test_room_by_name_is_the_venue_room(self) -> None:
        """A room named by a format-2 document is the venue's room."""
        meetup = _meetup()
        read = _fastpath.read_json(Meetup, to_json(meetup))
        assert read is not _fastpath.MISS
        assert read.room == meetup.room
        assert read.room in read.venue.rooms


_MADE: list[str] = []


@attrs.frozen(kw_only=True)
class _NotedRoom(Room):
    """A user's room class that notes each room it makes."""

    def __attrs_post_init__(self) -> None:
        _MADE.append(self.name)


class TestSubclasses:
    """A user's subclass with a constructor hook is built by its constructor."""

    def test_post_init_runs_on_the_fast_path(self) -> None:
        """Reading a subclass runs its __attrs_post_init__, as the detailed path does."""
        text = to_json(_NotedRoom(name="Adelheid", capacity=12))
        _MADE.clear()
        fast = _fastpath.read_json(_NotedRoom, text)
        assert type(fast) is _NotedRoom
        assert _MADE == ["Adelheid"]
        assert fast == _detailed(_NotedRoom, text)


# -- broken documents ---------------------------------------------------------

_VALUES: tuple[object, ...] = (
    None,
    "",
    "   ",
    "x",
    "X" * 300,
    "no email",
    "http://",
    "https://example.org:99999/",
    "PT0S",
    "2014-09-24T19:00:00",
    "2014-09-24T19:00:00+05:00[Europe/Berlin]",
    "private",
    "Attendee",
    0,
    -1,
    1.5,
    10**30,
    True,
    [],
    ["x", "x"],
    {},
)


def _paths(
    value: Any, path: tuple[Any, ...] = ()
) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _holder(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


def _mutations(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each document with one change: dropped, retyped, repeated, extended."""
    for path in list(_paths(document)):
        if not path:
            continue
        for value in ("drop", "repeat", "extra", *_VALUES):
            changed = copy.deepcopy(document)
            holder = _holder(changed, path)
            key = path[-1]
            if value == "drop":
                del holder[key]
            elif value == "repeat":
                if not isinstance(holder, list):
                    continue
                holder.append(copy.deepcopy(holder[key]))
            elif value == "extra":
                if not isinstance(holder[key], dict):
                    continue
                holder[key]["flor"] = 1
            else:
                holder[key] = copy.deepcopy(value)
            yield changed


_DOCUMENTS: tuple[tuple[type[Any], object], ...] = (
    (Meetup, _meetup()),
    (Series, Series.example()),
    (Venue, Series.example().venue),
    (Room, Room(name="Adelheid", capacity=12, features=("Beamer",))),
)


class TestBrokenDocuments:
    """Broken documents: the caller sees the detailed path's errors."""

    @pytest.mark.parametrize(
        ("cls", "obj"), _DOCUMENTS, ids=lambda x: getattr(x, "__name__", "")
    )
    def test_each_change_gives_the_same_outcome(
        self, cls: type[Any], obj: object
    ) -> None:
        """Every one-field change reads the same on both paths."""
        document = json.loads(to_json(obj))
        results = [
            _same_outcome(cls, json.dumps(changed, indent=2))[0]
            for changed in _mutations(document)
        ]
        assert "error" in results
        assert "object" in results

    @pytest.mark.parametrize(
        "text",
        [
            "[]",
            "null",
            '{"format_version": 2}',
            '{"format_version": 1, "name": "Adelheid"}',
            '{"format_version": 3, "name": "Adelheid"}',
            '{"format_version": true, "name": "Adelheid"}',
            '{"format_version": 2.0, "name": "Adelheid"}',
            '{"name": "Adelheid"}',
            '{"format_version": 2, "name": "Adelheid", "$schema": 1}',
            '{"format_version": 2, "name": "Adelheid", "$schema": "s"}',
            '{"format_version": 2, "name": "Adelheid", "zone": "UTC"}',
            '{"format_version": 2, "name": "A", "name": "Adelheid"}',
            '{"format_version": 2, "name": "\\ud800"}',
            '{"format_version": 2, "name": "Adelheid", "capacity": 1e400}',
            '{"format_version": 2, "name": "Adelheid", "capacity": NaN}',
        ],
    )
    def test_envelope_and_parser_edges_give_the_same_outcome(
        self, text: str
    ) -> None:
        """Versions, schema, zone, duplicate keys and odd numbers agree."""
        _same_outcome(Room, text)

    @given(st.data())
    def test_many_changes_at_once_give_the_same_outcome(
        self, data: st.DataObject
    ) -> None:
        """Several changes in one drawn meetup read the same on both paths."""
        document = json.loads(to_json(data.draw(ms.meetups())))
        paths = [path for path in _paths(document) if path]
        for _ in range(data.draw(st.integers(1, 4))):
            path = data.draw(st.sampled_from(paths))
            value = copy.deepcopy(data.draw(st.sampled_from(_VALUES)))
            try:
                _holder(document, path)[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed the place
        _same_outcome(Meetup, json.dumps(document))

    def test_duplicate_participants_are_refused(self) -> None:
        """Two participants with one email are refused, with the detailed error."""
        document = json.loads(to_json(_meetup()))
        document["participants"][1]["email"] = "PERSON0@example.org"
        outcome = _same_outcome(Meetup, json.dumps(document))
        assert outcome[0] == "error"
        assert (
            "participants[1]: has the same email as participants[0]"
            in (outcome[2])
        )

    def test_room_outside_the_venue_is_refused(self) -> None:
        """A room table that is not the venue's room is refused."""
        document = json.loads(to_json(_meetup()))
        document["room"] = {"name": "Adelheid", "capacity": 99}
        outcome = _same_outcome(Meetup, json.dumps(document))
        assert outcome[0] == "error"
        assert "differs from the room of that name" in outcome[2]


# -- how much work the fast path does ------------------------------------------


def _calls(read: Callable[[], object]) -> list[str]:
    """The Python functions *read* calls, by file and name."""
    seen: list[str] = []

    def profile(frame: FrameType, event: str, _: object) -> None:
        if event == "call":
            code = frame.f_code
            seen.append(f"{code.co_filename}:{code.co_name}")

    sys.setprofile(profile)
    try:
        read()
    finally:
        sys.setprofile(None)
    return seen


class TestWork:
    """The fast path checks each value once and runs no constructor."""

    def test_fast_path_runs_no_constructor_or_class_validator(self) -> None:
        """No attrs __init__ and no whole-class validator run on the fast path."""
        text = to_json(_meetup(people=12))
        from_json(Meetup, text)  # generate the readers first
        calls = _calls(lambda: from_json(Meetup, text))
        inits = [c for c in calls if c.endswith(":__init__")]
        assert not [c for c in inits if c.startswith("<attrs generated")]
        assert not [c for c in calls if "_validate.py:__call__" in c]
        # Text fields are checked inline; only the uid check calls `text`.
        texts = [c for c in calls if c.endswith("_validate.py:text")]
        assert len(texts) == sum(c.endswith(":_check_uid") for c in calls)

    def test_fast_path_makes_a_third_of_the_calls(self) -> None:
        """The fast path makes at most a third of the detailed path's calls."""
        text = to_json(_meetup(people=12))
        from_json(Meetup, text)
        fast = _calls(lambda: from_json(Meetup, text))
        slow = _calls(lambda: _detailed(Meetup, text))
        assert len(fast) * 3 <= len(slow)

    def test_each_participant_is_read_once(self) -> None:
        """Each participant is read by one generated function call."""
        text = to_json(_meetup(people=12))
        from_json(Meetup, text)
        calls = _calls(lambda: from_json(Meetup, text))
        assert sum(":read_Participant" in c for c in calls) == 12


class TestInlineChecks:
    """The inline checks accept only what the validators accept."""

    @given(st.from_regex(_fastpath._SAFE_URL, fullmatch=True))
    def test_safe_url_passes_check_url(self, url: str) -> None:
        """Every URL the inline pattern takes, check_url takes too."""
        from meetupkit._validate import MAX_URL, check_url

        if len(url) <= MAX_URL:
            assert check_url("url", url) == url
