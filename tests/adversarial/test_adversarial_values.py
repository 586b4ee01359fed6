"""Values that a writer could not write are refused where they come in.

Lone surrogates (text that UTF-8 cannot carry), integers too large for a
float, control characters in email addresses and unknown audiences used to
pass construction or reading and then break a writer, or to escape as an
exception that is not a meetupkit error.  Each is put at every place of a
valid document where it can go; it must be refused at its path with a
message that can itself be printed.
"""

from __future__ import annotations

import copy
from types import UnionType
from typing import Any

import attrs
import pytest
from _hostile import check_error, json_values, paths
from hypothesis import given

from meetupkit import (
    Audience,
    Geo,
    Meetup,
    Participant,
    Photo,
    Recap,
    RecapSection,
    Room,
    Series,
    TopicWish,
    ValidationError,
    Visibility,
    errors,
    from_dict,
    from_json,
    strategies,
    to_dict,
    to_json,
    to_toml,
)
from meetupkit.ical import to_ical

SOMEWI = Series.example()


def _refused_at(cls: type, document: object, path: str) -> None:
    """Check that *document* is refused with a problem at or inside *path*."""
    with pytest.raises(ValidationError) as info:
        from_dict(cls, document)
    check_error(info.value)
    str(info.value).encode("utf-8")  # the message itself can be printed
    found = [problem.path for problem in info.value.problems]
    assert any(
        where == path or where.startswith((f"{path}.", f"{path}["))
        for where in found
    ), (path, found)


def _path_text(path: tuple[object, ...]) -> str:
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += f".{key}" if text else str(key)
    return text


def _rich() -> dict[str, Any]:
    """A series document with a value in (nearly) every field."""
    kickoff = SOMEWI.start
    venue = attrs.evolve(
        SOMEWI.venue,
        geo=Geo(lat=50.0782, lon=8.2398),
        url="https://heimathafen.example/",
        contact="Empfang",
    )
    room = attrs.evolve(
        venue.rooms[0], floor="2. OG", features=("Beamer",), directions="links"
    )
    venue = attrs.evolve(venue, rooms=(room,))
    anna = Participant(
        name="Anna",
        email="anna@example.org",
        roles=("host",),
        experience="veteran",
        industry="PR-Beratung",
        organization="Firma",
        links=("https://profiles.example/anna",),
    )
    series = attrs.evolve(
        SOMEWI,
        venue=venue,
        room=room,
        description="Social Media",
        organizers=(anna,),
        invitation_url="https://www.xing.com/events/somewi",
        url="https://somewi.example/",
        topics=(
            TopicWish(
                title="Recht",
                description="Impressum",
                proposed_by="ben",
                voters=("anna",),
                tags=("recht",),
            ),
        ),
    )
    series = series.override(
        kickoff,
        participants=(anna,),
        recap=Recap(
            title="Rückblick",
            author="Anna",
            language="de",
            lead="Gut war es.",
            sections=(
                RecapSection(
                    heading="Runde",
                    paragraphs=("Absatz",),
                    bullets=("Punkt",),
                    photos=(
                        Photo(
                            url="https://img.example/1.jpg",
                            caption="Runde",
                            alt="Leute",
                            credit="Ben",
                        ),
                    ),
                ),
            ),
            questions=("Wie?",),
            outcomes=("Mehr",),
            thanks=("heimathafen",),
            outlook="Weiter",
        ),
        reason="verlegt",
        title="#SoMeWI Auftakt",
    )
    return to_dict(series)


def _leaves(document: object, kind: type | UnionType) -> list[tuple[Any, ...]]:
    found = []
    for path in paths(document):
        value = document
        for key in path:
            value = value[key]  # type: ignore[index]
        if isinstance(value, kind) and not isinstance(value, bool):
            found.append(path)
    return found


def _replace(document: Any, path: tuple[Any, ...], value: object) -> Any:
    document = copy.deepcopy(document)
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


RICH = _rich()


class TestLoneSurrogates:
    """Text that cannot be written as UTF-8 is refused, naming the field."""

    @pytest.mark.parametrize("path", _leaves(RICH, str), ids=_path_text)
    def test_in_every_text_of_a_document(self, path):
        """A lone surrogate in any string of a document is refused there."""
        value = RICH
        for key in path:
            value = value[key]
        for bad in (value + "\udc80", "\ud800" + value):
            _refused_at(Series, _replace(RICH, path, bad), _path_text(path))

    def test_read_from_json_escape(self):
        """A \\ud800 escape in JSON is refused at its field."""
        text = to_json(SOMEWI).replace('"XING"', '"XI\\ud800NG"')
        with pytest.raises(ValidationError) as info:
            from_json(Series, text)
        assert [p.path for p in info.value.problems] == ["invitation_channel"]

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Room(name="Adel\ud800heid"),
            lambda: Participant(name="Anna", industry="\udfff"),
            lambda: Participant(name="Anna", email="a\ud800@example.org"),
            lambda: Participant(
                name="Anna", links=("https://x.example/\ud800",)
            ),
            lambda: SOMEWI.cancel(SOMEWI.start, reason="krank\ud800"),
        ],
    )
    def test_refused_at_construction(self, build):
        """Building an object with such text raises a meetupkit error."""
        with pytest.raises(errors.InvalidValueError) as info:
            build()
        str(info.value).encode("utf-8")

    def test_unknown_key_with_surrogate_prints(self):
        """An unknown key that UTF-8 cannot carry is escaped in the message."""
        document = {**to_dict(SOMEWI), "ti\udc80tle": "x"}
        with pytest.raises(ValidationError) as info:
            from_dict(Series, document)
        str(info.value).encode("utf-8")

    @given(strategies.series() | strategies.meetups())
    def test_accepted_objects_write_everywhere(self, obj):
        """What construction accepts, every writer can write."""
        to_json(obj).encode("utf-8")
        to_toml(obj).encode("utf-8")
        to_ical(obj)


class TestHugeNumbers:
    """Numbers too large for a float are refused, naming the field."""

    @pytest.mark.parametrize(
        "path",
        [p for p in _leaves(RICH, int | float) if p != ("format_version",)],
        ids=_path_text,
    )
    def test_in_every_number_of_a_document(self, path):
        """A huge integer at any number of a document is refused there."""
        for huge in (10**400, -(10**400), 10**5000):
            _refused_at(Series, _replace(RICH, path, huge), _path_text(path))

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: Room(name="Adelheid", capacity=10**400), "capacity"),
            (lambda: Geo(lat=10**400, lon=8), "lat"),
            (lambda: Geo(lat=50, lon=10**400), "lon"),
            (
                lambda: Meetup(
                    title="#SoMeWI",
                    start=SOMEWI.start,
                    duration=SOMEWI.duration,
                    sequence=10**400,
                ),
                "sequence",
            ),
            (
                lambda: Meetup(
                    title="#SoMeWI",
                    start=SOMEWI.start,
                    duration=SOMEWI.duration,
                    number=-(10**400),
                ),
                "number",
            ),
        ],
    )
    def test_refused_at_construction(self, build, field):
        """Construction names the field instead of overflowing."""
        with pytest.raises(errors.InvalidValueError) as info:
            build()
        assert info.value.path == field
        check_error(info.value)


class TestEmailControlCharacters:
    """An email address with a control character is no email address."""

    @pytest.mark.parametrize(
        "char", [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
    )
    def test_every_control_character_is_refused(self, char):
        """NUL, ESC, DEL and the C1 controls are refused anywhere in it."""
        for address in (
            f"{char}anna@example.org",
            f"an{char}na@example.org",
            f"anna@exa{char}mple.org",
            f"anna@example.org{char}",
        ):
            with pytest.raises(errors.InvalidValueError) as info:
                Participant(name="Anna", email=address)
            assert info.value.path == "email"


class TestAudiences:
    """Visibility.allows answers for audiences and refuses anything else."""

    @given(json_values)
    def test_any_value(self, value):
        """Any value gives True, False or a meetupkit error."""
        for visibility in Visibility:
            try:
                answer = visibility.allows(value)
            except Exception as exc:
                check_error(exc)
                assert value not in list(Audience)
            else:
                assert answer in {True, False}
