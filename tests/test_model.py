"""Tests for meetupkit.model: construction, defaults and validation."""

from __future__ import annotations

import enum
import hashlib
import importlib
import io
import pickle
import pydoc
from datetime import UTC, date, datetime, timedelta, timezone
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import (
    Address,
    Audience,
    Consent,
    Geo,
    Meetup,
    MeetupStatus,
    Participant,
    Photo,
    Recap,
    Recurrence,
    Role,
    Room,
    Series,
    TopicStatus,
    TopicWish,
    Venue,
    Visibility,
    errors,
    from_json,
    to_json,
)
from meetupkit import strategies as ms

BERLIN = ZoneInfo("Europe/Berlin")
KICKOFF = datetime(2014, 9, 24, 19, tzinfo=BERLIN)
ADELHEID = Room(name="Adelheid", capacity=12)
HEIMATHAFEN = Venue(name="heimathafen Wiesbaden", rooms=(ADELHEID,))


def meetup(**changes: Any) -> Meetup:
    fields: dict[str, Any] = {
        "title": "#SoMeWI Auftakt",
        "start": KICKOFF,
        "duration": timedelta(hours=2),
    }
    fields.update(changes)
    return Meetup(**fields)


class TestMeetupDefaults:
    def test_minimal_meetup_is_complete(self):
        """Title, start and duration alone make a valid one-off meetup."""
        m = meetup()
        assert m.status is MeetupStatus.SCHEDULED
        assert m.participants == ()
        assert m.venue is None
        assert m.end == datetime(2014, 9, 24, 21, tzinfo=BERLIN)

    def test_uid_is_derived_and_stable(self):
        """The same title and start give the same uid, every time."""
        assert meetup().uid == meetup().uid
        assert meetup().uid != meetup(title="#SoMeWI 2").uid
        assert meetup().uid != meetup(start=KICKOFF + timedelta(hours=1)).uid

    def test_uid_ignores_zone_of_same_instant(self):
        """The uid depends on the instant, not on how it is written."""
        same = KICKOFF.astimezone(UTC)
        assert meetup(start=same).uid == meetup().uid

    def test_end_across_dst_is_exact(self):
        """End is start plus the exact duration, also over a DST change."""
        night = datetime(2014, 10, 26, 1, tzinfo=BERLIN)
        m = meetup(start=night, duration=timedelta(hours=3))
        elapsed = m.end.astimezone(UTC) - m.start.astimezone(UTC)
        assert elapsed == timedelta(hours=3)
        assert m.end.hour == 3  # 01:00 CEST + 3 h = 03:00 CET

    def test_spanning_computes_duration(self):
        """Meetup.spanning turns start and end into a duration."""
        m = Meetup.spanning(
            title="#SoMeWI",
            start=KICKOFF,
            end=KICKOFF + timedelta(minutes=150),
        )
        assert m.duration == timedelta(minutes=150)

    def test_objects_are_frozen_and_pickle(self):
        """Model objects cannot be changed in place and survive pickling."""
        m = meetup(venue=HEIMATHAFEN, room=ADELHEID)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            m.title = "other"  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(m)) == m

    def test_participant_defaults_to_sharing_nothing(self):
        """A participant's consent releases nothing unless said otherwise."""
        p = Participant(name="Anna", email="anna@example.org")
        assert p.consent == Consent()
        for audience in Audience:
            assert not p.consent.name.allows(audience)
            assert not p.consent.contact.allows(audience)


class TestValidation:
    @pytest.mark.parametrize(
        ("build", "error", "field"),
        [
            (
                lambda: meetup(start=datetime(2014, 9, 24, 19)),
                errors.NaiveDatetimeError,
                "start",
            ),
            (lambda: meetup(title="  "), errors.InvalidValueError, "title"),
            (lambda: meetup(title=42), errors.InvalidTypeError, "title"),
            (
                lambda: meetup(duration=timedelta(0)),
                errors.InvalidValueError,
                "duration",
            ),
            (
                lambda: meetup(duration=timedelta(hours=-1)),
                errors.InvalidValueError,
                "duration",
            ),
            (
                lambda: meetup(duration=7200),
                errors.InvalidTypeError,
                "duration",
            ),
            (
                lambda: meetup(room=ADELHEID),
                errors.InvalidValueError,
                "room",
            ),
            (
                lambda: meetup(
                    venue=HEIMATHAFEN, room=Room(name="Kapitänszimmer")
                ),
                errors.RoomNotFoundError,
                "room",
            ),
            (
                lambda: Room(name="Adelheid", capacity=0),
                errors.InvalidValueError,
                "capacity",
            ),
            (
                lambda: Room(name="Adelheid", capacity=True),
                errors.InvalidTypeError,
                "capacity",
            ),
            (lambda: Room(name=""), errors.InvalidValueError, "name"),
            (lambda: Geo(lat=91, lon=8), errors.InvalidValueError, "lat"),
            (lambda: Geo(lat=50, lon=-181), errors.InvalidValueError, "lon"),
            (
                lambda: Geo(lat=float("nan"), lon=8),
                errors.InvalidValueError,
                "lat",
            ),
            (
                lambda: Participant(name="Anna", email="anna at example"),
                errors.InvalidValueError,
                "email",
            ),
            (
                lambda: Participant(name="Anna", links=("ftp://example.org",)),
                errors.InvalidValueError,
                "links[0]",
            ),
            (
                lambda: Participant(name="Anna", roles=("dj",)),
                errors.InvalidValueError,
                "roles[0]",
            ),
            (
                lambda: Participant(name="Anna", roles=("host", "host")),
                errors.InvalidValueError,
                "roles[1]",
            ),
            (
                lambda: Participant(name="Anna", experience="guru"),
                errors.InvalidValueError,
                "experience",
            ),
            (
                lambda: Venue(name="heimathafen", url="javascript:alert(1)"),
                errors.InvalidValueError,
                "url",
            ),
            (
                lambda: Venue(name="heimathafen", rooms=(ADELHEID, ADELHEID)),
                errors.InvalidValueError,
                "rooms[1].name",
            ),
            (
                lambda: TopicWish(title="Recht", voters=("anna", "anna")),
                errors.InvalidValueError,
                "voters[1]",
            ),
            (
                lambda: TopicWish(title="Recht", status="planned"),
                errors.InvalidValueError,
                "planned_for",
            ),
            (
                lambda: TopicWish(title="Recht", status="someday"),
                errors.InvalidValueError,
                "status",
            ),
            (
                lambda: Photo(url="data:image/png;base64,AAAA"),
                errors.InvalidValueError,
                "url",
            ),
            (
                lambda: Recap(title="Rückblick", language="deutsch!"),
                errors.InvalidValueError,
                "language",
            ),
            (
                lambda: Recap(title="Rückblick", published="2014-09-30"),
                errors.InvalidTypeError,
                "published",
            ),
            (
                lambda: Consent(name="everyone"),
                errors.InvalidValueError,
                "name",
            ),
            (
                lambda: Meetup.spanning(
                    title="#SoMeWI", start=KICKOFF, end=KICKOFF
                ),
                errors.InvalidValueError,
                "end",
            ),
            (
                lambda: Meetup.spanning(
                    title="#SoMeWI",
                    start=KICKOFF,
                    end=datetime(2014, 9, 24, 21),
                ),
                errors.NaiveDatetimeError,
                "end",
            ),
            (
                lambda: Room(name="Adel\ud800heid"),
                errors.InvalidValueError,
                "name",
            ),
            (
                lambda: Room(name="Adelheid", features=("Beamer", "\udfff")),
                errors.InvalidValueError,
                "features[1]",
            ),
            (
                lambda: Participant(
                    name="Anna", email="anna\ud800@example.org"
                ),
                errors.InvalidValueError,
                "email",
            ),
            (
                lambda: Room(name="Adelheid", capacity=10**400),
                errors.InvalidValueError,
                "capacity",
            ),
            (lambda: Geo(lat=10**400, lon=8), errors.InvalidValueError, "lat"),
            (
                lambda: Geo(lat=50, lon=-(10**400)),
                errors.InvalidValueError,
                "lon",
            ),
            (
                lambda: meetup(sequence=10**400),
                errors.InvalidValueError,
                "sequence",
            ),
            (
                lambda: meetup(uid=" somewi@example.org"),
                errors.InvalidValueError,
                "uid",
            ),
            (
                lambda: meetup(start=KICKOFF.replace(microsecond=5)),
                errors.InvalidValueError,
                "start",
            ),
            (
                lambda: Series.example().add_date(
                    datetime(2015, 1, 1, 19, 0, 0, 1, tzinfo=BERLIN)
                ),
                errors.InvalidValueError,
                "extra_dates[0]",
            ),
            (
                lambda: Participant(name="Anna", roles="dj"),
                errors.InvalidValueError,
                "roles[0]",
            ),
            (
                lambda: Venue(name="heimathafen", rooms=5),
                errors.InvalidTypeError,
                "rooms",
            ),
            (
                lambda: Room(name="Adelheid", features=5),
                errors.InvalidTypeError,
                "features",
            ),
            (
                lambda: Series(
                    title="#SoMeWI",
                    start=KICKOFF,
                    duration=timedelta(hours=2),
                    recurrence=Series.example().recurrence,
                    extra_dates=(datetime(2015, 1, 1, 19),),
                ),
                errors.NaiveDatetimeError,
                "extra_dates[0]",
            ),
        ],
    )
    def test_bad_field_names_field(self, build, error, field):
        """Each rule raises its meetupkit error, naming the bad field."""
        with pytest.raises(error) as info:
            build()
        assert info.value.path == field
        assert str(info.value).startswith(f"{field}: ")
        assert info.value.hint
        assert isinstance(info.value, errors.MeetupkitError)

    def test_naive_error_says_how_to_fix(self):
        """The naive-datetime error tells the user to add a ZoneInfo."""
        with pytest.raises(ValueError, match="ZoneInfo"):
            meetup(start=datetime(2014, 9, 24, 19))

    def test_foreign_tzinfo_is_refused(self):
        """A tzinfo that would lose the zone name is refused."""

        class Custom(timezone.__base__):  # type: ignore[name-defined,misc]
            def utcoffset(self, _: object) -> timedelta:
                return timedelta(hours=2)

            def dst(self, _: object) -> timedelta:
                return timedelta(0)

            def tzname(self, _: object) -> str:
                return "X"

        with pytest.raises(errors.InvalidValueError, match="ZoneInfo"):
            meetup(start=datetime(2014, 9, 24, 19, tzinfo=Custom()))

    def test_zone_without_name_is_refused(self):
        """A ZoneInfo read from a file has no name to write, so it is refused."""
        data = files("tzdata.zoneinfo").joinpath("Europe/Berlin").read_bytes()
        nameless = ZoneInfo.from_file(io.BytesIO(data))
        with pytest.raises(errors.InvalidValueError, match="no name") as info:
            meetup(start=datetime(2014, 9, 24, 19, tzinfo=nameless))
        assert info.value.path == "start"

    def test_fixed_offset_is_accepted(self):
        """A fixed UTC offset is allowed; it has no zone name to lose."""
        start = datetime(2014, 9, 24, 17, tzinfo=UTC)
        assert meetup(start=start).start == KICKOFF

    def test_gap_time_moves_forward(self):
        """02:30 on the spring-forward night becomes 03:30 (RFC 5545)."""
        m = meetup(start=datetime(2025, 3, 30, 2, 30, tzinfo=BERLIN))
        assert (m.start.hour, m.start.minute) == (3, 30)
        assert m.start.utcoffset() == timedelta(hours=2)

    def test_errors_pickle(self):
        """Errors survive pickling with their fields."""
        try:
            Room(name="Adelheid", capacity=0)
        except errors.InvalidValueError as exc:
            again = pickle.loads(pickle.dumps(exc))
            assert again.path == "capacity"
            assert str(again) == str(exc)
        else:  # pragma: no cover
            pytest.fail("no error")


class TestEveryProblemAtOnce:
    """Construction reports every bad field of an object in one error."""

    def test_several_bad_fields_raise_one_group(self):
        """Two bad fields give one ValidationError listing both."""
        with pytest.raises(errors.ValidationError) as info:
            Room(name=" ", capacity=0)
        assert [p.path for p in info.value.problems] == ["name", "capacity"]
        assert isinstance(info.value, ExceptionGroup)
        assert isinstance(info.value, ValueError)
        assert info.value.exceptions == info.value.problems
        assert errors.describe(info.value) == [
            "name: must not be blank; give it some text",
            "capacity: 0 is out of range; give the number of seats",
        ]

    def test_group_can_be_caught_per_kind(self):
        """except* picks the type errors out of a mixed group."""
        caught = []
        try:
            Room(name=42, capacity=0)
        except* errors.InvalidTypeError as group:
            caught.extend(p.path for p in group.exceptions)
        except* errors.InvalidValueError:
            pass
        assert caught == ["name"]

    def test_group_pickles(self):
        """A group of problems survives pickling with its problems."""
        with pytest.raises(errors.ValidationError) as info:
            Room(name=" ", capacity=0)
        again = pickle.loads(pickle.dumps(info.value))
        assert str(again) == str(info.value)
        assert [p.path for p in again.problems] == ["name", "capacity"]

    def test_one_bad_field_raises_its_own_error(self):
        """A single problem is raised as itself, not wrapped in a group."""
        with pytest.raises(errors.InvalidValueError) as info:
            Room(name="Adelheid", capacity=0)
        assert not isinstance(info.value, errors.ValidationError)

    def test_converted_fields_do_not_hide_others(self):
        """A bad role, room list or date list is reported with the rest."""
        with pytest.raises(errors.ValidationError) as info:
            Participant(name=" ", roles=("dj", "host"), email="x")
        assert [p.path for p in info.value.problems] == [
            "name",
            "email",
            "roles[0]",
        ]
        with pytest.raises(errors.ValidationError) as info:
            Venue(name="", rooms=(ADELHEID, "Adelheid"))
        assert [p.path for p in info.value.problems] == ["name", "rooms[1]"]

    def test_every_bad_item_of_a_list_is_reported(self):
        """Each bad item of a list is a problem of its own."""
        with pytest.raises(errors.ValidationError) as info:
            TopicWish(title="Recht", voters=("", "anna", " ", "anna"))
        assert [p.path for p in info.value.problems] == [
            "voters[0]",
            "voters[2]",
        ]

    def test_cross_field_problem_listed_with_field_problems(self):
        """A room outside the venue is reported along with a blank title."""
        with pytest.raises(errors.ValidationError) as info:
            meetup(
                title=" ", venue=HEIMATHAFEN, room=Room(name="Kapitänszimmer")
            )
        assert [p.path for p in info.value.problems] == ["title", "room"]

    def test_every_bad_override_is_reported(self):
        """Two overrides off the rule give two problems, not one."""
        bad = [_override(25), _override(26)]
        with pytest.raises(errors.ValidationError) as info:
            attrs.evolve(Series.example(), overrides=bad)
        assert [p.path for p in info.value.problems] == [
            "overrides[0].original_start",
            "overrides[1].original_start",
        ]


def _override(day: int) -> Any:
    from meetupkit import Override

    return Override(
        original_start=datetime(2014, 9, day, 19, tzinfo=BERLIN),
        cancelled=True,
    )


def test_every_bad_link_is_reported() -> None:
    """Each link that is no URL is listed, not only the first."""
    with pytest.raises(errors.ValidationError) as info:
        Participant(name="Jan", links=("x", "https://example.org/", " "))
    assert [p.path for p in info.value.exceptions] == ["links[0]", "links[2]"]


class TestParticipantsOnce:
    """One person may not be listed twice in one meeting."""

    def test_same_email_twice_is_refused(self):
        """Two entries with one email (in any case) are one person twice."""
        with pytest.raises(errors.InvalidValueError) as info:
            meetup(
                participants=(
                    Participant(name="Anna", email="anna@example.org"),
                    Participant(name="Anna B.", email="Anna@Example.org"),
                )
            )
        assert info.value.path == "participants[1]"
        assert "participants[0]" in info.value.problem

    def test_same_name_without_email_is_refused(self):
        """Two entries with one name and no email cannot be told apart."""
        anna = Participant(name="Anna", roles=("host",))
        with pytest.raises(errors.InvalidValueError) as info:
            Series.example().override(
                KICKOFF, participants=(anna, Participant(name="Anna"))
            )
        assert info.value.path == "participants[1]"

    def test_namesakes_with_emails_are_two_people(self):
        """Two people called Anna with their own emails are both kept."""
        people = (
            Participant(name="Anna", email="anna@example.org"),
            Participant(name="Anna", email="anna.b@example.org"),
        )
        assert meetup(participants=people).participants == people

    def test_organizers_once(self):
        """A series lists each organizer once."""
        dominik = Participant(name="Dominik")
        with pytest.raises(
            errors.InvalidValueError, match="organizers\\[1\\]"
        ):
            attrs.evolve(Series.example(), organizers=(dominik, dominik))


class TestTextAndNumbers:
    """Values that no writer could write are refused when built."""

    @pytest.mark.parametrize(
        "address",
        [
            "anna\x00@example.org",
            "anna\x1b[2J@example.org",
            "anna\x7f@example.org",
            "anna@exam\x85ple.org",
            "anna@example.org\u2028",
        ],
    )
    def test_email_refuses_control_characters(self, address):
        """NUL, ESC, DEL and other control characters make no email."""
        with pytest.raises(errors.InvalidValueError) as info:
            Participant(name="Anna", email=address)
        assert info.value.path == "email"
        assert "\x00" not in str(info.value)

    def test_huge_number_message_stays_short(self):
        """A number with thousands of digits is not printed in full."""
        with pytest.raises(errors.InvalidValueError) as info:
            Room(name="Adelheid", capacity=10**5000)
        assert len(str(info.value)) < 200

    def test_microseconds_hint_rounds(self):
        """A start with a fraction of a second says how to round it."""
        with pytest.raises(errors.InvalidValueError, match="microsecond=0"):
            meetup(start=KICKOFF.replace(microsecond=250_000))

    def test_uid_inner_spaces_kept(self):
        """Spaces inside a uid are fine; only the ends are refused."""
        assert meetup(uid="so me@example.org").uid == "so me@example.org"


class TestVenueRoom:
    def test_finds_room(self):
        """Venue.room returns the room with that name."""
        assert HEIMATHAFEN.room("Adelheid") is ADELHEID

    def test_room_differing_from_venue_says_what_differs(self):
        """A copy of a room with another capacity names the difference."""
        with pytest.raises(errors.RoomNotFoundError) as info:
            meetup(venue=HEIMATHAFEN, room=Room(name="Adelheid", capacity=20))
        assert "capacity is 20 here but 12 in the venue" in str(info.value)
        assert "not one of the rooms" not in str(info.value)

    def test_missing_room_lists_known(self):
        """An unknown room raises RoomNotFoundError listing the rooms."""
        with pytest.raises(errors.RoomNotFoundError, match="'Adelheid'"):
            HEIMATHAFEN.room("Kapitänszimmer")
        with pytest.raises(LookupError):
            HEIMATHAFEN.room("Kapitänszimmer")


class TestVisibility:
    @pytest.mark.parametrize(
        ("visibility", "allowed"),
        [
            (Visibility.PUBLIC, set(Audience)),
            (Visibility.MEMBERS, {Audience.MEMBERS, Audience.ORGANIZERS}),
            (Visibility.ORGANIZERS, {Audience.ORGANIZERS}),
            (Visibility.PRIVATE, set()),
        ],
    )
    def test_allows(self, visibility, allowed):
        """Each visibility is seen by its audience and the wider ones."""
        assert {a for a in Audience if visibility.allows(a)} == allowed
        assert {a for a in Audience if visibility.allows(a.value)} == allowed

    @pytest.mark.parametrize("audience", ["bogus", 3, None, ["public"]])
    def test_unknown_audience_is_refused(self, audience):
        """An audience that does not exist raises a meetupkit error."""
        with pytest.raises(errors.InvalidValueError) as info:
            Visibility.PUBLIC.allows(audience)
        assert info.value.path == "audience"
        assert "public, members, organizers" in info.value.hint


def _public_enums() -> list[type[enum.Enum]]:
    """Return every enumeration named in a public module's __all__."""
    import meetupkit

    found: dict[str, type[enum.Enum]] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, enum.Enum):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    assert set(found.values()) >= {
        getattr(meetupkit, name)
        for name in meetupkit.__all__
        if isinstance(getattr(meetupkit, name), enum.EnumMeta)
    }
    return [found[key] for key in sorted(found)]


PUBLIC_MODULES = [
    "meetupkit",
    "meetupkit.model",
    "meetupkit.recurrence",
    "meetupkit.serialize",
    "meetupkit.ical",
    "meetupkit.itip",
    "meetupkit.jsonld",
    "meetupkit.privacy",
    "meetupkit.render",
    "meetupkit.topics",
    "meetupkit.web",
]


class TestEnumMembers:
    """Every member of every public enumeration says what it means."""

    @pytest.mark.parametrize(
        "kind", _public_enums(), ids=lambda kind: kind.__name__
    )
    def test_every_member_is_described(self, kind: type[enum.Enum]) -> None:
        """Each member has a one-sentence description of its own."""
        for member in kind:
            text = member.__doc__ or ""
            assert text != kind.__doc__, member
            assert text.strip().endswith("."), member
            assert "\n" not in text, member

    @pytest.mark.parametrize(
        "kind", _public_enums(), ids=lambda kind: kind.__name__
    )
    def test_help_shows_the_descriptions(self, kind: type[enum.Enum]) -> None:
        """help() on an enumeration lists each member with its description."""
        text = pydoc.render_doc(kind, renderer=pydoc.plaintext)
        page = " ".join(word for word in text.split() if word != "|")
        for member in kind:
            assert f"{member.name} = {member!r} {member.__doc__}" in page

    def test_members_behave_as_strings(self) -> None:
        """A described member is still its value: it compares, looks up, pickles."""
        assert Role("host") is Role.HOST
        assert Role.HOST == "host"
        assert f"{Role.GUEST_AUTHOR}" == "guest-author"
        assert pickle.loads(pickle.dumps(Role.SPEAKER)) is Role.SPEAKER
        with pytest.raises(ValueError, match="'cook' is not a valid Role"):
            Role("cook")


class TestStrategies:
    @given(st.from_type(Meetup))
    def test_from_type_meetup(self, value):
        """from_type(Meetup) generates valid meetups with aware starts."""
        assert value.start.tzinfo is not None
        assert value.duration > timedelta(0)

    @given(ms.series())
    def test_series_overrides_are_occurrences(self, value):
        """Generated series only override meetings the rule produces."""
        for override in value.overrides:
            assert value.is_occurrence(override.original_start)

    @given(ms.participants())
    def test_participant_roles_are_roles(self, value):
        """Generated participants carry Role members."""
        assert all(isinstance(role, Role) for role in value.roles)


class TestSeriesEdits:
    def test_cancel_keeps_meeting_with_status(self):
        """A cancelled meeting stays in meetups() with status cancelled."""
        somewi = Series.example().cancel(
            datetime(2014, 11, 19, 19, tzinfo=BERLIN), reason="Erkältung"
        )
        found = somewi.meetups(KICKOFF, datetime(2015, 1, 1, tzinfo=BERLIN))
        assert [m.status for m in found] == [
            MeetupStatus.SCHEDULED,
            MeetupStatus.CANCELLED,
        ]
        assert found[1].status_reason == "Erkältung"
        assert found[1].sequence == 1
        left = somewi.meetups(
            KICKOFF,
            datetime(2015, 1, 1, tzinfo=BERLIN),
            include_cancelled=False,
        )
        assert [m.number for m in left] == [1]

    def test_edit_returns_new_series(self):
        """Editing leaves the original series untouched."""
        original = Series.example()
        original.cancel(datetime(2014, 11, 19, 19, tzinfo=BERLIN))
        assert original.overrides == ()

    def test_override_of_non_meeting_is_refused(self):
        """Overriding a date the series does not meet on raises an error."""
        with pytest.raises(errors.InvalidValueError) as info:
            Series.example().cancel(datetime(2014, 11, 20, 19, tzinfo=BERLIN))
        assert info.value.path == "when"
        assert "2014-11-20T19:00:00+01:00[Europe/Berlin]" in str(info.value)

    @pytest.mark.parametrize("edit", ["cancel", "move", "override"])
    def test_edits_name_a_meeting_by_date_or_meetup(self, edit):
        """cancel, move and override accept a date or a Meetup for the start."""
        series = Series.example()
        second = series.meetup(2)
        to = datetime(2014, 11, 20, 19, tzinfo=BERLIN)
        changes: dict[str, object] = {
            "cancel": {"reason": "Krank"},
            "move": {"to": to, "reason": "Raum belegt"},
            "override": {"reason": "Anderer Raum"},
        }[edit]
        results = [
            getattr(series, edit)(when, **changes)
            for when in (second.start, second.start.date(), second)
        ]
        assert results[0] == results[1] == results[2]
        (changed,) = results[0].overrides
        assert changed.original_start == second.start
        assert changed.reason == changes["reason"]

    def test_edit_by_date_without_a_meeting_is_refused(self):
        """A date on which the series does not meet names no meeting."""
        with pytest.raises(
            errors.InvalidValueError, match="no meeting"
        ) as info:
            Series.example().move(
                date(2014, 11, 20),
                to=datetime(2014, 11, 21, 19, tzinfo=BERLIN),
            )
        assert info.value.path == "when"

    def test_edit_by_meetup_of_another_series_is_refused(self):
        """A Meetup from another series names no meeting of this one."""
        other = attrs.evolve(Series.example(), uid="other@example.org")
        with pytest.raises(errors.InvalidValueError, match="not a meeting"):
            Series.example().cancel(other.meetup(2))

    def test_move_keeps_its_reason(self):
        """move(reason=) reaches the meeting as its status reason."""
        series = Series.example().move(
            date(2014, 11, 19),
            to=datetime(2014, 11, 20, 19, tzinfo=BERLIN),
            reason="Raum belegt",
        )
        moved = series.meetup(2)
        assert moved.status is MeetupStatus.MOVED
        assert moved.status_reason == "Raum belegt"

    def test_override_unknown_field_is_refused(self):
        """override() refuses a change that names no Override field."""
        with pytest.raises(errors.InvalidValueError, match="rooom"):
            Series.example().override(KICKOFF, rooom=ADELHEID)

    def test_override_room_must_be_in_venue(self):
        """A room override must belong to the meeting's venue."""
        with pytest.raises(errors.RoomNotFoundError) as info:
            Series.example().override(KICKOFF, room=Room(name="Kombüse"))
        assert "overrides[0]" in info.value.path

    def test_add_date_twice_is_refused(self):
        """An extra date that is already a meeting is refused."""
        with pytest.raises(errors.InvalidValueError):
            Series.example().add_date(KICKOFF)

    def test_move_onto_another_meeting_is_refused_naming_it(self):
        """Moving a meeting onto the start of another one names the other one."""
        second = datetime(2014, 11, 19, 19, tzinfo=BERLIN)
        somewi = Series.example()
        with pytest.raises(errors.InvalidValueError) as info:
            somewi.move(second, to=KICKOFF)
        assert info.value.path == "start"
        assert "meeting 1 (#SoMeWI Stammtisch)" in str(info.value)
        with pytest.raises(errors.InvalidValueError, match="meeting 2"):
            somewi.override(KICKOFF, start=second)

    def test_move_onto_a_moved_meeting_is_refused(self):
        """Two meetings cannot be moved to the same time."""
        second = datetime(2014, 11, 19, 19, tzinfo=BERLIN)
        third = datetime(2015, 1, 14, 19, tzinfo=BERLIN)
        target = datetime(2014, 12, 10, 19, tzinfo=BERLIN)
        somewi = Series.example().move(second, to=target)
        with pytest.raises(errors.InvalidValueError, match="meeting 2"):
            somewi.move(third, to=target)
        with pytest.raises(errors.InvalidValueError, match="meeting 2"):
            somewi.add_date(target)

    def test_move_into_a_freed_slot_is_allowed(self):
        """A slot whose meeting was cancelled or moved away can take another one."""
        second = datetime(2014, 11, 19, 19, tzinfo=BERLIN)
        somewi = Series.example().cancel(KICKOFF)
        moved = somewi.move(second, to=KICKOFF)
        assert moved.meetup(2).start == KICKOFF
        away = Series.example().move(KICKOFF, to=KICKOFF + timedelta(days=1))
        assert away.move(second, to=KICKOFF).meetup(2).start == KICKOFF
        assert (
            Series.example().move(second, to=second).meetup(2).start == second
        )

    def test_add_date_on_a_meeting_names_it(self):
        """add_date refuses a meeting's start with the same message as move."""
        with pytest.raises(errors.InvalidValueError) as info:
            Series.example().add_date(
                datetime(2014, 11, 19, 19, tzinfo=BERLIN)
            )
        assert "meeting 2 (#SoMeWI Stammtisch)" in str(info.value)

    def test_add_date_adds_meeting(self):
        """An extra date becomes a numbered meeting in order."""
        extra = datetime(2014, 10, 8, 19, tzinfo=BERLIN)
        somewi = Series.example().add_date(extra)
        found = somewi.meetups(KICKOFF, datetime(2014, 12, 1, tzinfo=BERLIN))
        assert [(m.start, m.number) for m in found] == [
            (KICKOFF, 1),
            (extra, 2),
            (datetime(2014, 11, 19, 19, tzinfo=BERLIN), 3),
        ]

    def test_wish_planned_for_meeting_shows_in_topics(self):
        """A wish planned for a meeting appears in that meeting's topics."""
        second = datetime(2014, 11, 19, 19, tzinfo=BERLIN)
        wish = TopicWish(
            title="Social Media und Recht",
            status=TopicStatus.PLANNED,
            planned_for=second,
        )
        somewi = attrs.evolve(Series.example(), topics=(wish,))
        assert somewi.meetup(2).topics == (wish,)
        assert somewi.meetup(1).topics == ()

    def test_planned_topics_needs_aware_start(self):
        """planned_topics() refuses a naive original start, naming it."""
        with pytest.raises(errors.NaiveDatetimeError) as info:
            Series.example().planned_topics(datetime(2014, 11, 19, 19))
        assert info.value.path == "original_start"

    def test_meetup_number_out_of_range(self):
        """meetup(0) is refused with a clear error."""
        with pytest.raises(errors.InvalidValueError, match="number"):
            Series.example().meetup(0)

    def test_address_requires_city(self):
        """An address without a city cannot be built."""
        with pytest.raises(TypeError):
            Address(street="Karlstraße 22")  # type: ignore[call-arg]

    def test_proposed_on_must_be_date(self):
        """A wish's proposal date must be a date, not a datetime."""
        with pytest.raises(errors.InvalidTypeError):
            TopicWish(title="Recht", proposed_on=KICKOFF)
        assert TopicWish(
            title="Recht", proposed_on=date(2014, 9, 24)
        ).proposed_on == date(2014, 9, 24)


class TestMeetingUids:
    """A series' meetings have valid uids whatever the length of its own."""

    @given(length=st.integers(min_value=1, max_value=255))
    def test_every_meeting_uid_is_valid_and_reads_back(self, length):
        """Plain, moved, cancelled and later-rhythm meetings round-trip."""
        series = (
            attrs.evolve(Series.example(), uid="s" * length)
            .cancel(date(2014, 11, 19))
            .move(date(2015, 1, 14), to=KICKOFF.replace(2015, 1, 15))
            .change_from(date(2015, 3, 11), every=timedelta(weeks=4))
        )
        meetings = series.meetups(KICKOFF, KICKOFF.replace(year=2015, month=6))
        assert len(meetings) == 7
        base = (
            series.uid
            if length <= 238
            else hashlib.sha256(series.uid.encode()).hexdigest()
        )
        uids = [m.uid for m in meetings]
        assert uids == [
            f"{base}/{m.recurrence_id.astimezone(UTC):%Y%m%dT%H%M%SZ}"
            for m in meetings
        ]
        assert len(set(uids)) == len(uids)
        assert all(len(uid) <= 255 for uid in uids)
        for meeting in meetings:
            assert from_json(Meetup, to_json(meeting)) == meeting
        assert series.meetup(4) == meetings[3]

    def test_long_uids_stay_distinct(self):
        """Two long series uids that share their first 238 characters differ."""
        first, second = (
            attrs.evolve(Series.example(), uid="s" * 238 + end)
            for end in ("a", "b")
        )
        assert first.meetup(1).uid != second.meetup(1).uid


class TestEditCost:
    """Edits cost the same however many edits came before them."""

    def test_cancel_work_does_not_grow_with_earlier_edits(self, monkeypatch):
        """Each cancel() expands the rule a fixed number of times, not once per earlier edit."""
        daily = attrs.evolve(
            Series.example(), recurrence=Recurrence.parse("FREQ=DAILY")
        )
        calls = []
        between = Recurrence.between

        def counted(self, *args, **kwargs):
            calls.append(1)
            return between(self, *args, **kwargs)

        monkeypatch.setattr(Recurrence, "between", counted)
        series = daily
        per_edit = []
        for day in range(300):
            before = len(calls)
            series = series.cancel(KICKOFF + timedelta(days=day))
            per_edit.append(len(calls) - before)
        assert len(series.overrides) == 300
        assert max(per_edit) <= 2
        assert per_edit[-1] == per_edit[1]

    @pytest.mark.parametrize("edit", ["move", "add_date", "rsvp", "cancel"])
    def test_each_edit_looks_at_few_overrides(self, monkeypatch, edit):
        """move, add_date, rsvp and cancel find overrides by bisection, never one by one."""
        from meetupkit import model

        daily = attrs.evolve(
            Series.example(), recurrence=Recurrence.parse("FREQ=DAILY")
        )
        calls = []
        key = model._override_key

        def counted(item):
            calls.append(1)
            return key(item)

        monkeypatch.setattr(model, "_override_key", counted)
        anna = Participant(name="Anna")
        series = daily
        per_edit = []
        for day in range(300):
            moment = KICKOFF + timedelta(days=day)
            before = len(calls)
            if edit == "move":
                series = series.move(moment, to=moment + timedelta(hours=1))
            elif edit == "add_date":
                series = series.add_date(moment + timedelta(hours=2))
            elif edit == "rsvp":
                series = series.rsvp(moment, anna, "yes")
            else:
                series = series.cancel(moment)
            per_edit.append(len(calls) - before)
        # Bisection: about log2(300) calls; one by one would be 300.
        assert max(per_edit) <= 40, per_edit
        rebuilt = Series(**attrs.asdict(series, recurse=False))
        assert rebuilt == series

    def test_moves_carried_from_edit_to_edit_are_the_moves(self):
        """The moved meetings carried along edits equal those found afresh."""
        from meetupkit import model

        series = attrs.evolve(
            Series.example(), recurrence=Recurrence.parse("FREQ=DAILY")
        )
        model._moved(series.overrides)
        for day, hours in [(3, 5), (1, -2), (3, 1), (2, 5), (4, 0), (1, 0)]:
            moment = KICKOFF + timedelta(days=day)
            series = (
                series.cancel(moment)
                if hours == 0
                else series.move(moment, to=moment + timedelta(hours=hours))
            )
        carried = model._moved(series.overrides)
        model._MOVED.clear()
        fresh = model._moved(series.overrides)
        assert carried.keys == fresh.keys
        assert [o.original_start for o in carried.items] == [
            o.original_start for o in fresh.items
        ]
        assert [o.start for o in carried.items] == [
            o.start for o in fresh.items
        ]

    def test_extras_carried_by_add_date_are_the_extras(self):
        """The extra meetings carried along add_date() equal those found afresh."""
        from meetupkit import model

        series = Series.example()
        for days, hours in [(3, 2), (1, 5), (70, 0), (2, 1)]:
            series = series.add_date(
                KICKOFF + timedelta(days=days, hours=hours)
            )
        carried = series._extras()
        model._EXTRAS.clear()
        assert series._extras() == carried
        assert len(carried) == 4

    def test_many_edits_leave_a_valid_series(self):
        """A series built by edits equals the one built from its overrides at once."""
        daily = attrs.evolve(
            Series.example(), recurrence=Recurrence.parse("FREQ=DAILY")
        )
        series = daily
        for day in (5, 1, 3, 2, 4):
            series = series.cancel(KICKOFF + timedelta(days=day))
        series = series.move(KICKOFF, to=KICKOFF + timedelta(hours=1))
        rebuilt = attrs.evolve(daily, overrides=series.overrides)
        assert rebuilt == series
        starts = [o.original_start for o in series.overrides]
        assert starts == sorted(starts)


class TestFieldTypes:
    """The model's field types are resolved when it is imported."""

    def test_field_types_are_the_resolved_annotations(self):
        """Every field's type is what typing.get_type_hints() makes of its annotation."""
        import typing

        from meetupkit import model

        for cls in (
            getattr(model, name)
            for name in model.__all__
            if attrs.has(getattr(model, name))
        ):
            hints = typing.get_type_hints(cls)
            for field in attrs.fields(cls):
                assert field.type == hints[field.name], (cls, field.name)
