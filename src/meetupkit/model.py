"""The meetup model: plain, frozen, validated data.

Every class here is a frozen, slotted attrs class built with keyword
arguments only.  A model object that exists is valid: the constructors check
every field and raise a :mod:`meetupkit.errors` exception that names the
field and the fix.  Use :func:`attrs.evolve` to change one.

The examples in this module build the first #SoMeWI meetup: 24 September
2014, 19:00, in the meeting room "Adelheid" of the coworking space
heimathafen in Wiesbaden.

    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from meetupkit import Meetup
    >>> kickoff = Meetup(
    ...     title="#SoMeWI Auftakt",
    ...     start=datetime(2014, 9, 24, 19, tzinfo=ZoneInfo("Europe/Berlin")),
    ...     duration=timedelta(hours=2),
    ... )
    >>> kickoff.end.isoformat()
    '2014-09-24T21:00:00+02:00'
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from . import _time
from . import _validate as v
from ._enums import DescribedEnum
from .errors import (
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
    RoomNotFoundError,
)
from .recurrence import Recurrence

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._clashes import Clash
    from ._rsvp import Attendance

__all__ = [
    "Address",
    "Answer",
    "Audience",
    "Change",
    "Consent",
    "Experience",
    "Geo",
    "Meetup",
    "MeetupStatus",
    "Override",
    "Participant",
    "Photo",
    "Recap",
    "RecapSection",
    "Role",
    "Room",
    "Rsvp",
    "Series",
    "TopicStatus",
    "TopicWish",
    "Venue",
    "Visibility",
]


# -- enumerations -----------------------------------------------------------


class Role(DescribedEnum):
    """What a participant does at a meetup."""

    ORGANIZER = (
        "organizer",
        "Plans the meetings and invites; iCalendar's ``ORGANIZER``.",
    )
    HOST = "host", "Welcomes the group for the venue, such as its manager."
    SPEAKER = (
        "speaker",
        "Gives a talk or leads a topic; schema.org's ``performer``.",
    )
    ATTENDEE = "attendee", "Takes part in the meeting."
    GUEST_AUTHOR = (
        "guest-author",
        "Writes the recap, or a part of it, without organizing the meeting.",
    )


class Experience(DescribedEnum):
    """How long a participant has worked with the meetup's subject."""

    NEWCOMER = "newcomer", "New to the subject."
    INTERMEDIATE = (
        "intermediate",
        "Works with the subject now and then, but not for a living.",
    )
    PROFESSIONAL = "professional", "Works with the subject for a living."
    VETERAN = "veteran", "A long-time professional."


class Audience(DescribedEnum):
    """Who reads an output: the public, the group's members, or its organizers.

    Each audience also sees what is released to the ones before it.
    """

    PUBLIC = (
        "public",
        "Anyone: a public web page, a public calendar feed.",
    )
    MEMBERS = (
        "members",
        "The group's members, such as the readers of a members' newsletter.",
    )
    ORGANIZERS = (
        "organizers",
        "The group's organizers, such as on their list of who comes.",
    )


class Visibility(DescribedEnum):
    """To whom a participant releases a group of personal data.

    ``private`` releases it to nobody, not even organizers' outputs.
    """

    PUBLIC = "public", "Released to every audience."
    MEMBERS = "members", "Released to members and organizers."
    ORGANIZERS = "organizers", "Released to organizers only."
    PRIVATE = "private", "Released to nobody; the default."

    def allows(self, audience: Audience) -> bool:
        """Whether *audience* may see data released with this visibility.

        Raises:
            InvalidValueError: *audience* is not an :class:`Audience` or the
                value of one.

        Examples:
            >>> Visibility.MEMBERS.allows(Audience.PUBLIC)
            False
            >>> Visibility.MEMBERS.allows(Audience.ORGANIZERS)
            True
        """
        try:
            return _ALLOWS[self][audience]
        except (KeyError, TypeError):
            choices = ", ".join(member.value for member in Audience)
            raise InvalidValueError(
                "audience",
                f"{str(audience)[:40]!r} is not an audience",
                hint=f"use one of {choices}",
            ) from None


class MeetupStatus(DescribedEnum):
    """Whether a meetup takes place as planned, was moved, or is cancelled."""

    SCHEDULED = "scheduled", "Takes place as planned; the default."
    MOVED = "moved", "Takes place at another time than the series' rule gives."
    CANCELLED = (
        "cancelled",
        "Does not take place (iCalendar ``STATUS:CANCELLED``).",
    )


class TopicStatus(DescribedEnum):
    """Where a topic wish stands: open, planned, covered or dropped."""

    OPEN = "open", "Proposed and open for votes; the default."
    PLANNED = (
        "planned",
        "Planned for the meeting that ``planned_for`` names.",
    )
    COVERED = (
        "covered",
        "Discussed at the meeting that ``covered_in`` names; final.",
    )
    DROPPED = "dropped", "Not to be discussed; it may be reopened."


#: Which audience may see what each visibility releases, as a table: this
#: is asked for every field of every participant in every output.
_ALLOWS: Final[dict[Visibility, dict[Audience, bool]]] = {
    visibility: {
        audience: visibility is not Visibility.PRIVATE
        and list(Audience).index(audience)
        >= list(Audience).index(Audience(visibility.value))
        for audience in Audience
    }
    for visibility in Visibility
}


def _to_visibility(value: Visibility | str) -> Visibility:
    return v.coerce(Visibility, value)


def _to_meetup_status(value: MeetupStatus | str) -> MeetupStatus:
    return v.coerce(MeetupStatus, value)


def _to_topic_status(value: TopicStatus | str) -> TopicStatus:
    return v.coerce(TopicStatus, value)


def _to_optional_experience(
    value: Experience | str | None,
) -> Experience | None:
    return None if value is None else v.coerce(Experience, value)


# Converters pass what they cannot convert on unchanged, so that the
# field's validator reports it together with the problems of other fields.


def _rooms(value: Iterable[Room]) -> tuple[Room, ...]:
    return v.tuple_of(value)  # type: ignore[no-any-return]


def _participants(value: Iterable[Participant]) -> tuple[Participant, ...]:
    return v.tuple_of(value)  # type: ignore[no-any-return]


def _wishes(value: Iterable[TopicWish]) -> tuple[TopicWish, ...]:
    return v.tuple_of(value)  # type: ignore[no-any-return]


def _photos(value: Iterable[Photo]) -> tuple[Photo, ...]:
    return v.tuple_of(value)  # type: ignore[no-any-return]


def _sections(value: Iterable[RecapSection]) -> tuple[RecapSection, ...]:
    return v.tuple_of(value)  # type: ignore[no-any-return]


# -- places -----------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Address:
    """A postal address.

    Attributes:
        street: Street and number.
        postal_code: The postal code, as text (it may have letters or a
            leading zero).
        city: The city.
        country: The country, ideally its ISO 3166 code such as ``DE``.
        region: A state or region, if addresses there name one.

    Examples:
        >>> Address(street="Karlstraße 22", postal_code="65185",
        ...         city="Wiesbaden", country="DE").city
        'Wiesbaden'
    """

    street: str | None = attrs.field(default=None, validator=v.optional_text)
    postal_code: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    city: str = attrs.field(validator=v.text)
    country: str | None = attrs.field(default=None, validator=v.optional_text)
    region: str | None = attrs.field(default=None, validator=v.optional_text)


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Geo:
    """A point on the earth (WGS 84), as in the iCalendar ``GEO`` property.

    Attributes:
        lat: Latitude in degrees, -90 to 90.
        lon: Longitude in degrees, -180 to 180.

    Examples:
        >>> Geo(lat=50.0782, lon=8.2398)
        Geo(lat=50.0782, lon=8.2398)
    """

    lat: float = attrs.field(
        validator=v.in_range(-90, 90, hint="latitude is -90 to 90")
    )
    lon: float = attrs.field(
        validator=v.in_range(-180, 180, hint="longitude is -180 to 180")
    )


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Room:
    """A room in a venue.

    Attributes:
        name: The room's name, unique within its venue.
        capacity: How many people fit, at least 1.
        floor: The floor, as people say it ("2. OG", "ground floor").
        features: What the room offers: "projector", "whiteboard", ….
        step_free: ``True`` if it can be reached without steps, ``False`` if
            not, ``None`` if unknown.
        directions: How to find it once inside the venue.

    Examples:
        >>> Room(name="Adelheid", capacity=12, features=("Beamer",)).name
        'Adelheid'
    """

    name: str = attrs.field(validator=v.text)
    capacity: int | None = attrs.field(
        default=None,
        validator=v.in_range(
            1, 1_000_000, hint="give the number of seats", integer=True
        ),
    )
    floor: str | None = attrs.field(default=None, validator=v.optional_text)
    features: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=[v.text_items, v.unique]
    )
    step_free: bool | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            v.instance_of(bool, "True, False or None")
        ),
    )
    directions: str | None = attrs.field(
        default=None, validator=v.optional_text
    )


_room_items = v.items_of(Room, "a Room")


def _check_rooms(_: object, attribute: Any, rooms: Any) -> None:
    _room_items(_, attribute, rooms)
    seen: set[str] = set()
    found: list[MeetupkitError] = []
    for index, room in enumerate(rooms):
        if room.name in seen:
            found.append(
                InvalidValueError(
                    f"rooms[{index}].name",
                    f"a room named {room.name!r} is listed twice",
                    hint="give each room of a venue its own name",
                )
            )
        seen.add(room.name)
    v.raise_all(found, "rooms")


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Venue:
    """A place where meetups happen, with its rooms.

    Attributes:
        name: The venue's name.
        address: Its postal address.
        geo: Its position.
        url: Its web site.
        contact: Whom to ask there (a phone number, an email or a name).
        rooms: The rooms a meetup may take place in.

    Examples:
        >>> heimathafen = Venue(
        ...     name="heimathafen",
        ...     address=Address(street="Karlstraße 22", postal_code="65185",
        ...                     city="Wiesbaden", country="DE"),
        ...     rooms=(Room(name="Adelheid", capacity=12),),
        ... )
        >>> heimathafen.room("Adelheid").capacity
        12
    """

    name: str = attrs.field(validator=v.text)
    address: Address | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            v.instance_of(Address, "an Address")
        ),
    )
    geo: Geo | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Geo, "a Geo")),
    )
    url: str | None = attrs.field(default=None, validator=v.url)
    contact: str | None = attrs.field(default=None, validator=v.optional_text)
    rooms: tuple[Room, ...] = attrs.field(
        default=(), converter=_rooms, validator=_check_rooms
    )

    def room(self, name: str) -> Room:
        """Return the room called *name*.

        Raises:
            RoomNotFoundError: the venue has no such room; the message lists
                the rooms it has.

        Examples:
            >>> Venue(name="heimathafen").room("Adelheid")
            Traceback (most recent call last):
            ...
            meetupkit.errors.RoomNotFoundError: room: heimathafen has no room 'Adelheid'; add it to Venue.rooms (it has none yet)
        """
        for room in self.rooms:
            if room.name == name:
                return room
        known = ", ".join(repr(room.name) for room in self.rooms)
        raise RoomNotFoundError(
            "room",
            f"{self.name} has no room {name!r}",
            hint=f"pick one of {known}"
            if known
            else "add it to Venue.rooms (it has none yet)",
        )


def _out_of_range(value: date | None, path: str) -> list[MeetupkitError]:
    """*value* as a problem if it lies outside the supported range."""
    if value is None:
        return []
    try:
        _time.check_range(value, path)
    except MeetupkitError as exc:
        return [exc]
    return []


def _range_problems(
    values: Any, skip: frozenset[str], *names: str
) -> list[MeetupkitError]:
    """The fields *names* of *values* outside the supported range.

    Fields in *skip* (known to be bad) are not read: *values* may lack them.
    """
    return [
        problem
        for name in names
        if name not in skip
        for problem in _out_of_range(getattr(values, name), name)
    ]


def _room_problems(
    venue: Venue | None, room: Room | None, path: str = "room"
) -> list[MeetupkitError]:
    """What is wrong with *room* as a room of *venue* (both checked)."""
    if room is None:
        return []
    if venue is None:
        return [
            InvalidValueError(
                path,
                f"room {room.name!r} is given without a venue",
                hint="set the venue the room belongs to",
            )
        ]
    if room in venue.rooms:
        return []
    same = next((r for r in venue.rooms if r.name == room.name), None)
    if same is not None:
        differences = "; ".join(
            f"{field.name} is {_short(getattr(room, field.name))} here"
            f" but {_short(getattr(same, field.name))} in the venue"
            for field in attrs.fields(Room)
            if getattr(room, field.name) != getattr(same, field.name)
        )
        return [
            RoomNotFoundError(
                path,
                f"room {room.name!r} differs from the room of that name of"
                f" {venue.name}: {differences}",
                hint="make both the same, or take the venue's room with"
                f" venue.room({room.name!r})",
            )
        ]
    known = ", ".join(repr(r.name) for r in venue.rooms) or "none"
    return [
        RoomNotFoundError(
            path,
            f"{room.name!r} is not one of the rooms of {venue.name}",
            hint=f"use venue.room(name); its rooms are {known}",
        )
    ]


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."  # noqa: PLR2004


_OPTIONAL_ROOM = attrs.validators.optional(v.instance_of(Room, "a Room"))


# -- people -----------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Consent:
    """What a participant releases, and to whom.

    Each group of personal data has its own :class:`Visibility`; everything
    is ``private`` unless the participant said otherwise.

    Attributes:
        name: Their name and profile links.
        contact: Their email address.
        background: Their trade, organization and experience.

    Examples:
        >>> Consent().name
        <Visibility.PRIVATE: 'private'>
        >>> Consent(name="public").name
        <Visibility.PUBLIC: 'public'>
    """

    name: Visibility = attrs.field(
        default=Visibility.PRIVATE,
        converter=_to_visibility,
        validator=v.member_of(Visibility),
    )
    contact: Visibility = attrs.field(
        default=Visibility.PRIVATE,
        converter=_to_visibility,
        validator=v.member_of(Visibility),
    )
    background: Visibility = attrs.field(
        default=Visibility.PRIVATE,
        converter=_to_visibility,
        validator=v.member_of(Visibility),
    )


def _roles(value: Iterable[Role | str]) -> tuple[Role, ...]:
    if isinstance(value, str):
        value = (value,)
    items = v.tuple_of(value)
    if not isinstance(items, tuple):
        return items  # type: ignore[no-any-return]
    return tuple(v.coerce(Role, item) for item in items)


_ROLE_CHOICES: Final = ", ".join(role.value for role in Role)


def _check_roles(_: object, attribute: Any, value: Any) -> None:
    if type(value) is tuple and all(type(item) is Role for item in value):
        v.unique(_, attribute, value)
        return
    if not isinstance(value, tuple):
        raise InvalidTypeError(
            "roles",
            f"expected a list of roles, got {v.article(type(value).__name__)}",
            hint="pass role names such as 'host'",
        )
    v.raise_all(
        [
            InvalidValueError(
                f"roles[{index}]",
                f"{str(item)[:40]!r} is not a role",
                hint=f"use one of {_ROLE_CHOICES}",
            )
            for index, item in enumerate(value)
            if not isinstance(item, Role)
        ],
        "roles",
    )
    v.unique(_, attribute, value)


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Participant:
    """A person at a meetup.

    Only *name* is required.  Nothing about the person leaves the library
    unless their :class:`Consent` releases it to the audience asked for.

    Attributes:
        name: How they want to be called.
        email: Their email address.
        roles: What they do at the meetup.
        experience: How experienced they are in the meetup's subject.
        industry: Their trade or industry ("Versicherungswesen").
        organization: Where they work.
        links: Profile links (http or https).
        consent: What they release to whom; private by default.

    Examples:
        >>> host = Participant(name="Dominik Hoffmann", roles=("host",))
        >>> host.roles
        (<Role.HOST: 'host'>,)
        >>> host.consent.name
        <Visibility.PRIVATE: 'private'>
    """

    name: str = attrs.field(validator=v.text)
    email: str | None = attrs.field(default=None, validator=v.email)
    roles: tuple[Role, ...] = attrs.field(
        default=(), converter=_roles, validator=_check_roles
    )
    experience: Experience | None = attrs.field(
        default=None,
        converter=_to_optional_experience,
        validator=v.member_of(Experience),
    )
    industry: str | None = attrs.field(default=None, validator=v.optional_text)
    organization: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    links: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=[v.url_items, v.unique]
    )
    consent: Consent = attrs.field(
        factory=Consent,
        validator=v.instance_of(Consent, "a Consent"),
    )


_participant_items = v.items_of(Participant, "a Participant")

#: The name `meetupkit.privacy.redact` gives a participant who did not
#: release it; such entries stand for different people.
_ANONYMOUS: Final = "anonymous"


def _person_key(person: Participant) -> tuple[str, str] | None:
    """What tells people apart: their email (any case), else their name.

    None for an anonymous entry, which is never the same as another.
    """
    if person.email is not None:
        return ("email", person.email.casefold())
    if person.name == _ANONYMOUS and not person.links:
        return None
    return ("name", person.name)


def _unique_people(
    _: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    """Require Participants, each person once (see `_person_key`)."""
    _participant_items(_, attribute, value)
    if len(value) < 2:  # noqa: PLR2004
        return
    name = attribute.name
    seen: dict[tuple[str, str], int] = {}
    found: list[MeetupkitError] = []
    for index, person in enumerate(value):
        key = _person_key(person)
        if key is None:
            continue
        first = seen.setdefault(key, index)
        if first == index:
            continue
        problem = (
            f"has the same email as {name}[{first}]"
            if key[0] == "email"
            else f"{person.name[:60]!r} is listed twice, without an email"
            " to tell them apart"
        )
        found.append(
            InvalidValueError(
                f"{name}[{index}]",
                problem,
                hint="list each person once, with all their roles",
            )
        )
    v.raise_all(found, name)


# -- topics -----------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=v.together)
class TopicWish:
    """A topic someone wants the group to discuss.

    Attributes:
        title: The topic, as a short phrase or question.
        description: More about it.
        proposed_by: Who proposed it (a name or an id).
        proposed_on: When it was proposed; older wishes rank first among
            equals.
        voters: Who voted for it (names or ids), each once.
        status: Open, planned, covered or dropped.
        planned_for: The original start of the meeting it is planned for.
        covered_in: The heading of the recap section that covered it.
        tags: Keywords.

    Examples:
        >>> wish = TopicWish(title="Wie bereitet man sich auf einen "
        ...                        "Shitstorm vor?", voters=("anna", "ben"))
        >>> wish.status, len(wish.voters)
        (<TopicStatus.OPEN: 'open'>, 2)
    """

    title: str = attrs.field(validator=v.text)
    description: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    proposed_by: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    proposed_on: date | None = attrs.field(default=None)
    voters: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=[v.text_items, v.unique]
    )
    status: TopicStatus = attrs.field(
        default=TopicStatus.OPEN,
        converter=_to_topic_status,
        validator=v.member_of(TopicStatus),
    )
    planned_for: datetime | None = attrs.field(
        default=None, converter=v.optional_zoned, validator=v.check_zoned
    )
    covered_in: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=[v.text_items, v.unique]
    )

    @proposed_on.validator
    def _check_proposed_on(self, attribute: Any, value: object) -> None:
        if value is not None and (
            not isinstance(value, date) or isinstance(value, datetime)
        ):
            raise InvalidTypeError(
                attribute.name,
                f"expected a date, got {type(value).__name__}",
                hint="pass a datetime.date",
            )

    def _cross_checks(self, skip: frozenset[str]) -> list[MeetupkitError]:
        if "status" in skip or "planned_for" in skip:
            return []
        if self.status is TopicStatus.PLANNED and self.planned_for is None:
            return [
                InvalidValueError(
                    "planned_for",
                    "a planned wish needs the meeting it is planned for",
                    hint="set planned_for to that meeting's original start",
                )
            ]
        if self.status is TopicStatus.OPEN and self.planned_for is not None:
            return [
                InvalidValueError(
                    "planned_for",
                    "an open wish is not planned for a meeting",
                    hint="set status to planned, or drop planned_for",
                )
            ]
        return []


# -- recaps -----------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Photo:
    """A photo in a recap.

    Attributes:
        url: Where the image is.
        caption: What it shows.
        alt: A text alternative for people who cannot see it; the caption
            is used if this is missing.
        credit: Who took it.

    Examples:
        >>> Photo(url="https://example.org/runde.jpg",
        ...       caption="In gemütlicher Runde").caption
        'In gemütlicher Runde'
    """

    url: str = attrs.field(validator=v.url)
    caption: str | None = attrs.field(default=None, validator=v.optional_text)
    alt: str | None = attrs.field(default=None, validator=v.optional_text)
    credit: str | None = attrs.field(default=None, validator=v.optional_text)


@attrs.frozen(kw_only=True, field_transformer=v.together)
class RecapSection:
    """A section of a recap: a heading, paragraphs, a bullet list, photos.

    Attributes:
        heading: The section's heading.
        paragraphs: Its paragraphs, in order.
        bullets: A bullet list after the paragraphs.
        photos: Photos shown with the section.

    Examples:
        >>> RecapSection(heading="Onliner suchen den Offline-Austausch",
        ...              paragraphs=("Vom Neuling bis zum Profi …",)).heading
        'Onliner suchen den Offline-Austausch'
    """

    heading: str = attrs.field(validator=v.text)
    paragraphs: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_items
    )
    bullets: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_items
    )
    photos: tuple[Photo, ...] = attrs.field(
        default=(), converter=_photos, validator=v.items_of(Photo, "a Photo")
    )


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Recap:
    """The write-up of a meetup, published after it.

    Attributes:
        title: The recap's title.
        author: Who wrote it.
        published: When it was published.
        language: Its language (BCP 47).
        lead: The opening paragraph.
        sections: The body.
        questions: The questions the group discussed.
        outcomes: What came out of it (new topic wishes, decisions).
        thanks: Whom the group thanks, one entry each.
        outlook: What comes next.

    Examples:
        >>> Recap(title="Rückblick 1. #SoMeWI",
        ...       questions=("Wie steige ich in das Thema ein?",)).questions
        ('Wie steige ich in das Thema ein?',)
    """

    title: str = attrs.field(validator=v.text)
    author: str | None = attrs.field(default=None, validator=v.optional_text)
    published: date | None = attrs.field(default=None)
    language: str | None = attrs.field(default=None, validator=v.language)
    lead: str | None = attrs.field(default=None, validator=v.optional_text)
    sections: tuple[RecapSection, ...] = attrs.field(
        default=(),
        converter=_sections,
        validator=v.items_of(RecapSection, "a RecapSection"),
    )
    questions: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_items
    )
    outcomes: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_items
    )
    thanks: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_items
    )
    outlook: str | None = attrs.field(default=None, validator=v.optional_text)

    @published.validator
    def _check_published(self, attribute: Any, value: object) -> None:
        if value is not None and (
            not isinstance(value, date) or isinstance(value, datetime)
        ):
            raise InvalidTypeError(
                attribute.name,
                f"expected a date, got {type(value).__name__}",
                hint="pass a datetime.date",
            )


# -- meetups ----------------------------------------------------------------


# -- answers ----------------------------------------------------------------


class Answer(DescribedEnum):
    """What someone answered to an invitation."""

    YES = "yes", "Will come: gets a seat, or a place on the waiting list."
    NO = "no", "Will not come (iCalendar ``DECLINED``)."
    MAYBE = (
        "maybe",
        "Might come; takes no seat (iCalendar ``TENTATIVE``).",
    )


def _to_answer(value: Answer | str) -> Answer:
    return v.coerce(Answer, value)


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Rsvp:
    """One person's answer to a meeting's invitation.

    A meeting keeps its answers in the order they were given; who attends
    and who waits follows from that order and the room's capacity (see
    :meth:`Meetup.rsvp` and :meth:`Series.rsvp`).

    Attributes:
        participant: Who answered, with their consent.
        answer: Yes, no or maybe.

    Examples:
        >>> Rsvp(participant=Participant(name="Anna"), answer="yes").answer
        <Answer.YES: 'yes'>
    """

    participant: Participant = attrs.field(
        validator=v.instance_of(Participant, "a Participant")
    )
    answer: Answer = attrs.field(
        converter=_to_answer, validator=v.member_of(Answer)
    )


def _rsvps(value: Iterable[Rsvp]) -> tuple[Rsvp, ...]:
    return v.tuple_of(value)  # type: ignore[no-any-return]


_RSVPS = v.items_of(Rsvp, "an Rsvp")


def _derived_uid(title: object, start: object) -> str:
    # attrs computes defaults before it runs validators: let a bad title or
    # start through here so that their validators report them.
    if not isinstance(start, datetime) or start.utcoffset() is None:
        return "invalid@meetupkit"
    text = title if isinstance(title, str) else repr(title)
    return f"{_time.utc_stamp(start)}-{_title_digest(text)}@meetupkit"


@functools.lru_cache(maxsize=1024)
def _title_digest(text: str) -> str:
    """The part of a derived uid that comes from the title.

    Cached: the meetings of a series share their title, and writing a
    meeting derives its uid to learn whether it can be left out.
    """
    import hashlib  # noqa: PLC0415 - its OpenSSL part is slow to import

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[
        :12
    ]


def _meetup_uid(self: Meetup) -> str:
    return _derived_uid(self.title, self.start)


#: The most characters a uid may have.
_UID_LENGTH: Final = 255

#: What a series' meeting adds to the series' uid: ``/20140924T170000Z``.
_STAMP_LENGTH: Final = 17


def _uid_base(uid: str, added: int) -> str:
    """*uid*, or its SHA-256 digest where *added* characters would not fit.

    A meeting of a series has the series' uid plus ``/`` and its original
    start in UTC as its uid, a phase of a changed series the series' uid
    plus ``/since-`` and its start.  A series' uid may itself have 255
    characters, so a uid too long for what is added is replaced by its
    digest (64 hex digits) there: the result stays a valid uid, as stable
    and as distinct as the series' own.
    """
    if len(uid) + added <= _UID_LENGTH:
        return uid
    import hashlib  # noqa: PLC0415 - its OpenSSL part is slow to import

    return hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()


def _uid_with(uid: str, suffix: str) -> str:
    """*uid* followed by *suffix*, within 255 characters (see `_uid_base`)."""
    return _uid_base(uid, len(suffix)) + suffix


def _check_uid(_: object, attribute: Any, value: object) -> None:
    v.text(None, attribute, value)
    assert isinstance(value, str)  # noqa: S101 - checked just above
    if len(value) > _UID_LENGTH or not value.isprintable():
        raise InvalidValueError(
            attribute.name,
            f"must be at most {_UID_LENGTH} printable characters",
            hint="use a short id such as somewi@example.org",
        )
    if value != value.strip():
        # iCalendar readers strip them: the uid would not come back.
        raise InvalidValueError(
            attribute.name,
            f"{value[:60]!r} starts or ends with a space",
            hint="remove the spaces around it",
        )


_OPTIONAL_VENUE = attrs.validators.optional(v.instance_of(Venue, "a Venue"))
_OPTIONAL_RECAP = attrs.validators.optional(v.instance_of(Recap, "a Recap"))
_OPTIONAL_DURATION = v.positive_duration


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Meetup:
    """One dated meeting: a one-off, or one occurrence of a :class:`Series`.

    ``Meetup(title=..., start=..., duration=...)`` is a complete one-off
    meetup; every other field has a safe default.  Occurrences of a series
    are made by :meth:`Series.meetups` and carry the series' uid, their
    original start and their number in the series.

    Attributes:
        title: What the meetup is called.
        start: When it starts: an aware datetime, kept in its zone.  A
            wall-clock time that does not exist (in a daylight-saving gap)
            is moved forward as RFC 5545 §3.3.5 asks.
        duration: How long it lasts.
        uid: A stable identifier; derived from the title and start unless
            given, never random.
        description: What it is about.
        venue: Where it takes place.
        room: Which room of the venue; must be one of ``venue.rooms``.
        status: Scheduled, moved or cancelled.
        status_reason: Why it was moved or cancelled.
        participants: Who came or is coming.
        topics: The topics planned or discussed.
        recap: The write-up afterwards.
        url: Where to sign up or read more.
        language: The language spoken (BCP 47).
        series_uid: The uid of the series it belongs to.
        recurrence_id: Its original start within the series, before any
            move: the key iCalendar calls ``RECURRENCE-ID``.
        number: Its place in the series; the first meeting is 1.
        sequence: How often it was changed in a way subscribers must see
            (iCalendar ``SEQUENCE``).
        rsvps: The answers to its invitation, in the order they were given
            (see :meth:`rsvp`).

    Raises:
        NaiveDatetimeError: *start* has no zone.
        RoomNotFoundError: *room* is not one of the venue's rooms.
        InvalidValueError: another field is out of range, or *start* lies
            outside the supported years 2 to 9997.

    Examples:
        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> Meetup(title="#SoMeWI", start=datetime(2014, 9, 24, 19),
        ...        duration=timedelta(hours=2))
        Traceback (most recent call last):
        ...
        meetupkit.errors.NaiveDatetimeError: start: naive datetime; add a tzinfo such as zoneinfo.ZoneInfo("Europe/Berlin")
    """

    title: str = attrs.field(validator=v.text)
    start: datetime = attrs.field(converter=v.zoned, validator=v.check_zoned)
    duration: timedelta = attrs.field(validator=v.positive_duration)
    uid: str = attrs.field(
        default=attrs.Factory(_meetup_uid, takes_self=True),
        validator=_check_uid,
    )
    description: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    venue: Venue | None = attrs.field(default=None, validator=_OPTIONAL_VENUE)
    room: Room | None = attrs.field(default=None, validator=_OPTIONAL_ROOM)
    status: MeetupStatus = attrs.field(
        default=MeetupStatus.SCHEDULED,
        converter=_to_meetup_status,
        validator=v.member_of(MeetupStatus),
    )
    status_reason: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    participants: tuple[Participant, ...] = attrs.field(
        default=(), converter=_participants, validator=_unique_people
    )
    topics: tuple[TopicWish, ...] = attrs.field(
        default=(),
        converter=_wishes,
        validator=v.items_of(TopicWish, "a TopicWish"),
    )
    recap: Recap | None = attrs.field(default=None, validator=_OPTIONAL_RECAP)
    url: str | None = attrs.field(default=None, validator=v.url)
    language: str | None = attrs.field(default=None, validator=v.language)
    series_uid: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    recurrence_id: datetime | None = attrs.field(
        default=None, converter=v.optional_zoned, validator=v.check_zoned
    )
    number: int | None = attrs.field(
        default=None,
        validator=v.in_range(
            1, 10**9, hint="the first meeting is number 1", integer=True
        ),
    )
    sequence: int = attrs.field(
        default=0,
        validator=v.in_range(0, 10**6, hint="use 0 or more", integer=True),
    )

    def _cross_checks(self, skip: frozenset[str]) -> list[MeetupkitError]:
        found = _range_problems(self, skip, "start", "recurrence_id")
        if not skip & {"venue", "room"}:
            found.extend(_room_problems(self.venue, self.room))
        return found

    @property
    def end(self) -> datetime:
        """When the meetup ends, which is *start* plus the exact *duration*."""
        return _time.normalize(
            (self.start.astimezone(UTC) + self.duration).astimezone(
                self.start.tzinfo
            )
        )

    @classmethod
    def spanning(
        cls, *, title: str, start: datetime, end: datetime, **fields: Any
    ) -> Meetup:
        """Build a meetup from its *start* and *end* instead of a duration.

        Raises:
            InvalidValueError: *end* is not after *start*.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> Meetup.spanning(title="#SoMeWI",
            ...                 start=datetime(2014, 9, 24, 19, tzinfo=berlin),
            ...                 end=datetime(2014, 9, 24, 21, 30, tzinfo=berlin),
            ...                 ).duration
            datetime.timedelta(seconds=9000)
        """
        start = v.aware(start, "start")
        end = v.aware(end, "end")
        if end <= start:
            raise InvalidValueError(
                "end",
                "is not after start",
                hint="give an end later than the start",
            )
        return cls(title=title, start=start, duration=end - start, **fields)

    @property
    def is_cancelled(self) -> bool:
        """Whether the meetup is cancelled."""
        return self.status is MeetupStatus.CANCELLED

    rsvps: tuple[Rsvp, ...] = attrs.field(
        default=(), converter=_rsvps, validator=_RSVPS
    )

    @property
    def capacity(self) -> int | None:
        """How many seats its room has; ``None`` if unknown or unlimited."""
        return None if self.room is None else self.room.capacity

    @property
    def attendance(self) -> Attendance:
        """Who attends, waits, may come or declined, from its answers.

        The first people who said yes attend, up to :attr:`capacity`; the
        others who said yes wait, in the order they answered.

        Examples:
            >>> from meetupkit import Series
            >>> berlin = Series.example().start.tzinfo
            >>> small = Room(name="Nische", capacity=1)
            >>> meetup = Meetup(
            ...     title="#SoMeWI", start=datetime(2026, 3, 4, 19, tzinfo=berlin),
            ...     duration=timedelta(hours=2),
            ...     venue=Venue(name="Café", rooms=(small,)), room=small)
            >>> meetup = meetup.rsvp(Participant(name="Anna"), "yes")
            >>> meetup = meetup.rsvp(Participant(name="Ben"), "yes")
            >>> [p.name for p in meetup.attendance.waiting]
            ['Ben']
            >>> meetup = meetup.rsvp(Participant(name="Anna"), "no")
            >>> [p.name for p in meetup.attendance.attending]
            ['Ben']
        """
        from ._rsvp import attendance  # noqa: PLC0415

        return attendance(self.rsvps, self.capacity)

    def rsvp(self, participant: Participant, answer: Answer | str) -> Meetup:
        """Return a new meetup with *participant*'s answer recorded.

        Answering the same again changes nothing (and keeps the place in
        the waiting list); another answer counts from now.  A participant
        given with the default consent keeps the consent they gave before.

        Args:
            participant: Who answers; the same person is the one with the
                same email or, without one, the same name.
            answer: ``yes``, ``no`` or ``maybe``.

        Raises:
            InvalidTypeError: *participant* is not a Participant.
            InvalidValueError: *answer* is not an :class:`Answer`.
        """
        from ._rsvp import answered  # noqa: PLC0415

        rsvps = answered(self.rsvps, participant, answer)
        if rsvps is self.rsvps:
            return self
        return attrs.evolve(self, rsvps=rsvps)


# -- series -----------------------------------------------------------------

_SEQUENCE_FIELDS: Final = frozenset(
    {"start", "duration", "cancelled", "venue", "room"}
)


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Override:
    """What is known about one occurrence of a series.

    Overrides are keyed by the occurrence's *original_start*, exactly like
    iCalendar's ``RECURRENCE-ID``.  Fields left ``None`` or empty take the
    series' values.  Build them with :meth:`Series.cancel`,
    :meth:`Series.move` and :meth:`Series.override` rather than by hand.

    Attributes:
        original_start: The start the rule gives the occurrence.
        cancelled: Whether the meeting is cancelled.
        reason: Why it was cancelled or moved.
        start: Where it was moved to.
        duration: Its own duration.
        title: Its own title.
        description: Its own description.
        venue: Another venue.
        room: Another room (of *venue*, or of the series' venue).
        participants: Who came.
        topics: What was discussed.
        recap: Its recap.
        url: Its own link.
        sequence: How often it was changed visibly (iCalendar ``SEQUENCE``).
        rsvps: The answers to the meeting's invitation, in the order they
            were given (see :meth:`Series.rsvp`).

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> Override(original_start=datetime(2015, 3, 11, 19,
        ...          tzinfo=ZoneInfo("Europe/Berlin")), cancelled=True).cancelled
        True
    """

    original_start: datetime = attrs.field(
        converter=v.zoned, validator=v.check_zoned
    )
    cancelled: bool = attrs.field(
        default=False, validator=v.instance_of(bool, "True or False")
    )
    reason: str | None = attrs.field(default=None, validator=v.optional_text)
    start: datetime | None = attrs.field(
        default=None, converter=v.optional_zoned, validator=v.check_zoned
    )
    duration: timedelta | None = attrs.field(
        default=None, validator=_OPTIONAL_DURATION
    )
    title: str | None = attrs.field(default=None, validator=v.optional_text)
    description: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    venue: Venue | None = attrs.field(default=None, validator=_OPTIONAL_VENUE)
    room: Room | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Room, "a Room")),
    )
    participants: tuple[Participant, ...] = attrs.field(
        default=(), converter=_participants, validator=_unique_people
    )
    topics: tuple[TopicWish, ...] = attrs.field(
        default=(),
        converter=_wishes,
        validator=v.items_of(TopicWish, "a TopicWish"),
    )
    recap: Recap | None = attrs.field(default=None, validator=_OPTIONAL_RECAP)
    url: str | None = attrs.field(default=None, validator=v.url)
    sequence: int = attrs.field(
        default=0,
        validator=v.in_range(0, 10**6, hint="use 0 or more", integer=True),
    )
    rsvps: tuple[Rsvp, ...] = attrs.field(
        default=(), converter=_rsvps, validator=_RSVPS
    )

    def _cross_checks(self, skip: frozenset[str]) -> list[MeetupkitError]:
        found = _range_problems(self, skip, "original_start", "start")
        if not skip & {"venue", "room"} and self.venue is not None:
            found.extend(_room_problems(self.venue, self.room))
        return found


def _nominal(value: datetime) -> datetime:
    """Keep a series' start as written, with a meaningful ``fold`` only.

    A wall-clock time in a daylight-saving gap stays as it is (with
    ``fold=0``, read with the offset before the gap, as RFC 5545 §3.3.5
    does): it is the series' time of day on every other date.  ``fold=1``
    is kept only where the time exists twice.
    """
    if not isinstance(value, datetime) or value.utcoffset() is None:
        return value
    if value.fold and _time.normalize(value) != value.replace(fold=0):
        return value
    return value.replace(fold=0) if value.fold else value


_A_DAY: Final = timedelta(days=1)


def _series_uid(self: Series) -> str:
    return _derived_uid(self.title, self.start)


def _sorted_overrides(value: Iterable[Override]) -> tuple[Override, ...]:
    items = v.tuple_of(value)
    if not isinstance(items, tuple) or not all(
        isinstance(item, Override) for item in items
    ):
        return items  # type: ignore[no-any-return]
    return tuple(
        sorted(items, key=lambda item: item.original_start.astimezone(UTC))
    )


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _override_key(item: Override) -> datetime:
    return item.original_start.astimezone(UTC)


def _with_overrides(series: Series, overrides: tuple[Override, ...]) -> Series:
    """A copy of *series* with *overrides*, which the caller has checked.

    Every other field is the series' own, already validated; the overrides
    are sorted and each new one was checked against the series, so running
    every validator again (which checks every earlier override) would only
    make an edit cost more the more edits came before it.
    """
    return _with_checked(series, overrides=overrides)


def _with_checked(series: Series, **fields: Any) -> Series:
    """A copy of *series* with *fields*, which the caller has checked."""
    copy = object.__new__(Series)
    for field in attrs.fields(Series):
        object.__setattr__(copy, field.name, getattr(series, field.name))
    for name, value in fields.items():
        object.__setattr__(copy, name, value)
    return copy


#: The moved meetings of the last few tuples of overrides: see _moved.
_MOVED: dict[int, tuple[tuple[Override, ...], _Moved]] = {}
#: How many entries _MOVED and _EXTRAS keep (the oldest goes first).
_CACHE_SIZE: Final = 64


@attrs.frozen
class _Moved:
    """The overrides that move their meeting, sorted by the new start.

    *keys* are the new starts in UTC, *items* the overrides, cancelled
    ones included.
    """

    keys: list[datetime]
    items: list[Override]

    def between(self, start: datetime, end: datetime) -> list[Override]:
        """The overrides that move their meeting into ``[start, end)``."""
        low = bisect.bisect_left(self.keys, start.astimezone(UTC))
        high = bisect.bisect_left(self.keys, end.astimezone(UTC))
        return self.items[low:high]

    def at(self, key: datetime) -> list[Override]:
        """The overrides that move their meeting to the UTC instant *key*."""
        low = bisect.bisect_left(self.keys, key)
        high = bisect.bisect_right(self.keys, key)
        return self.items[low:high]


def _moved(overrides: tuple[Override, ...]) -> _Moved:
    """The overrides of *overrides* that move their meeting.

    Kept for the last few tuples of overrides and carried from one edit to
    the next (`_carry_moved`), so that a move checks the time it moves to,
    and `Series.meetups` finds the meetings moved into its window, without
    going through every earlier override.
    """
    known = _MOVED.get(id(overrides))
    if known is not None and known[0] is overrides:
        return known[1]
    pairs = sorted(
        (
            (item.start.astimezone(UTC), index)
            for index, item in enumerate(overrides)
            if item.start is not None
        ),
    )
    found = _Moved(
        [key for key, _ in pairs], [overrides[index] for _, index in pairs]
    )
    _remember_moved(overrides, found)
    return found


def _remember_moved(overrides: tuple[Override, ...], found: _Moved) -> None:
    if len(_MOVED) >= _CACHE_SIZE:
        _MOVED.pop(next(iter(_MOVED)), None)
    # The tuple is kept with its entry, so its id cannot be reused meanwhile.
    _MOVED[id(overrides)] = (overrides, found)


def _carry_moved(
    before: tuple[Override, ...],
    after: tuple[Override, ...],
    old: Override | None,
    new: Override,
) -> None:
    """Derive the moved meetings of *after* from those of *before*, if known.

    *after* is *before* with *old* (or nothing) replaced by *new*.
    """
    known = _MOVED.get(id(before))
    if known is None or known[0] is not before:
        return
    keys, items = list(known[1].keys), list(known[1].items)
    if old is not None and old.start is not None:
        key = old.start.astimezone(UTC)
        index = bisect.bisect_left(keys, key)
        while items[index] is not old:
            index += 1
        del keys[index], items[index]
    if new.start is not None:
        key = new.start.astimezone(UTC)
        index = bisect.bisect_right(keys, key)
        keys.insert(index, key)
        items.insert(index, new)
    _remember_moved(after, _Moved(keys, items))


def _cluster_end(overrides: Sequence[Override], index: int) -> datetime:
    """The end of a window that holds the overrides from *index* on.

    Overrides less than 64 days apart share one window; the window ends
    just after the last of them.
    """
    gap = timedelta(days=64)
    last = overrides[index].original_start.astimezone(UTC)
    for item in overrides[index + 1 :]:
        moment = item.original_start.astimezone(UTC)
        if moment - last > gap:
            break
        last = moment
    return last + timedelta(microseconds=1)


#: The extras (see _extras) of the last few series, by their extra dates.
_EXTRAS: dict[
    int,
    tuple[tuple[datetime, ...], Recurrence, datetime, tuple[datetime, ...]],
] = {}


def _extras(
    recurrence: Recurrence, start: datetime, extra_dates: tuple[datetime, ...]
) -> tuple[datetime, ...]:
    """The original starts of a series that its rule does not give.

    They are sorted by instant; look them up with ``key=_utc``.  Kept for
    the last few series, and carried by `Series.add_date` to the series it
    makes, so that adding a date does not sort every earlier one again.
    """
    known = _EXTRAS.get(id(extra_dates))
    if (
        known is not None
        and known[0] is extra_dates
        and known[1] is recurrence
        and known[2] is start
    ):
        return known[3]
    found = _find_extras(recurrence, start, extra_dates)
    _remember_extras(recurrence, start, extra_dates, found)
    return found


def _remember_extras(
    recurrence: Recurrence,
    start: datetime,
    extra_dates: tuple[datetime, ...],
    found: tuple[datetime, ...],
) -> None:
    if len(_EXTRAS) >= _CACHE_SIZE:
        _EXTRAS.pop(next(iter(_EXTRAS)), None)
    # The tuple is kept with its entry, so its id cannot be reused meanwhile.
    _EXTRAS[id(extra_dates)] = (extra_dates, recurrence, start, found)


def _find_extras(
    recurrence: Recurrence, start: datetime, extra_dates: tuple[datetime, ...]
) -> tuple[datetime, ...]:
    first = _time.normalize(start)
    candidates = {first.astimezone(UTC): first}
    for item in extra_dates:
        candidates.setdefault(item.astimezone(UTC), item)
    return tuple(
        item
        for _, item in sorted(candidates.items())
        if not (_may_be_rule(start, item) and recurrence.contains(start, item))
    )


def _may_be_rule(start: datetime, item: datetime) -> bool:
    """Whether *item* is at the series' time of day, so the rule may give it.

    Every occurrence of a rule is at the wall time of *start* (or just
    after a daylight-saving gap); anything else needs no expansion.
    """
    zone = start.tzinfo
    clock = start.time().replace(microsecond=0)
    local = item.astimezone(zone)
    if local.time().replace(microsecond=0) == clock:
        return True
    key = item.astimezone(UTC).replace(microsecond=0)
    for day in (local.date(), local.date() - timedelta(days=1)):
        guess = datetime.combine(day, clock).replace(tzinfo=zone)
        if _time.normalize(guess).astimezone(UTC) == key:
            return True
    return False


def _sorted_dates(value: Iterable[datetime]) -> tuple[datetime, ...]:
    items = v.zoned_items(value)
    if not isinstance(items, tuple) or not all(
        isinstance(item, datetime) and item.utcoffset() is not None
        for item in items
    ):
        return items  # type: ignore[no-any-return]
    return tuple(sorted(items, key=lambda item: item.astimezone(UTC)))


#: What a :class:`Change` can set, in the order the fields are listed.
CHANGE_FIELDS: Final = (
    "recurrence",
    "duration",
    "title",
    "description",
    "venue",
    "room",
)


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Change:
    """A change of a series from one date on: its rhythm, time or place.

    A :class:`Series` keeps its changes in :attr:`Series.changes`; the
    meetings before a change's *start* follow the series (or the change
    before), the meetings from *start* on follow the change.  Fields left
    ``None`` keep what was before; *start* is the first meeting under the
    change, and its wall-clock time is the time of day from then on.
    Build changes with :meth:`Series.change_from` rather than by hand.

    A change that sets a *venue* but no *room* has no room; one that sets a
    *room* but no *venue* takes a room of the venue before.

    .. versionadded:: 0.1.0

    Attributes:
        start: The first start under the change, aware, in the series' zone.
        recurrence: The rule from *start* on, anchored at *start*.
        duration: How long each meeting lasts from then on.
        title: The meetings' name from then on.
        description: What the meetings are about from then on.
        venue: Where the meetings are from then on.
        room: Which room they are in from then on.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from meetupkit import Recurrence
        >>> change = Change(
        ...     start=datetime(2016, 3, 2, 19, tzinfo=ZoneInfo("Europe/Berlin")),
        ...     recurrence=Recurrence.every(weeks=4))
        >>> str(change.recurrence)
        'FREQ=WEEKLY;INTERVAL=4'
    """

    start: datetime = attrs.field(converter=_nominal, validator=v.check_zoned)
    recurrence: Recurrence | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            v.instance_of(Recurrence, "a Recurrence")
        ),
    )
    duration: timedelta | None = attrs.field(
        default=None, validator=_OPTIONAL_DURATION
    )
    title: str | None = attrs.field(default=None, validator=v.optional_text)
    description: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    venue: Venue | None = attrs.field(default=None, validator=_OPTIONAL_VENUE)
    room: Room | None = attrs.field(default=None, validator=_OPTIONAL_ROOM)

    def _cross_checks(self, skip: frozenset[str]) -> list[MeetupkitError]:
        found = _range_problems(self, skip, "start")
        if "recurrence" not in skip and self.recurrence is not None:
            found.extend(
                _out_of_range(self.recurrence.until, "recurrence.until")
            )
        if not skip & {"venue", "room"} and self.venue is not None:
            found.extend(_room_problems(self.venue, self.room))
        return found


def _sorted_changes(value: Iterable[Change]) -> tuple[Change, ...]:
    items = v.tuple_of(value)
    if not isinstance(items, tuple) or not all(
        isinstance(item, Change) for item in items
    ):
        return items  # type: ignore[no-any-return]
    return tuple(sorted(items, key=lambda item: item.start.astimezone(UTC)))


@attrs.frozen(kw_only=True, field_transformer=v.together)
class Series:
    """A recurring meetup: a first start, a rule, and what is known per date.

    The occurrences are computed from *start* and *recurrence* (plus
    *extra_dates*), never stored.  What is known about one of them (a
    cancellation, a move, another room, who came, the recap) is an
    :class:`Override` keyed by its original start.  This is iCalendar's
    master ``VEVENT`` with ``RRULE``, ``RDATE``, ``EXDATE`` and
    ``RECURRENCE-ID`` overrides.

    Occurrences keep the wall-clock time of *start* in its zone across
    daylight-saving changes.  A wall-clock time that does not exist on some
    date (it falls into the gap when clocks go forward) is moved forward by
    the length of the gap, so 02:30 becomes 03:30 (RFC 5545 §3.3.5); a time
    that exists twice (when clocks go back) is the first of the two.
    *start* itself is kept as written, even in a gap: its wall time is the
    series' time of day, and only the first meeting moves.

    Attributes:
        title: The series' name.
        start: The first meeting's start, aware.
        duration: How long each meeting lasts.
        recurrence: How the meetings repeat.
        uid: The series' stable id; derived from title and start unless
            given.  Each meeting's uid is this uid, ``/`` and the
            meeting's original start in UTC; a uid over 238 characters is
            replaced there by its SHA-256 digest, so that the meeting's
            stays within 255.
        hashtag: Its hashtag, such as ``#SoMeWI``.
        description: What the series is about.
        venue: Where meetings usually are.
        room: Which room of *venue* they are usually in.
        organizers: Who organizes it.
        invitation_url: Where invitations are published (an event link).
        invitation_channel: The name of that channel, such as ``XING``.
        topics: The backlog of topic wishes.
        extra_dates: Extra meetings outside the rule (iCalendar ``RDATE``).
        changes: How the series changed from a date on (its rhythm, time,
            duration, title or place), sorted by their start; see
            :meth:`change_from`.
        overrides: What is known about single meetings, sorted by their
            original start.
        url: The series' web page.
        language: The language spoken (BCP 47).

    Raises:
        NaiveDatetimeError: *start* or an extra date has no zone.
        RoomNotFoundError: *room* is not in *venue*.
        InvalidValueError: an override is not for an occurrence of the
            series, or is given twice; or a date lies outside the supported
            range, the years 2 to 9997.

    Examples:
        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> from meetupkit import Recurrence, Series
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> somewi = Series(
        ...     title="#SoMeWI Stammtisch",
        ...     start=datetime(2014, 9, 24, 19, tzinfo=berlin),
        ...     duration=timedelta(hours=2),
        ...     recurrence=Recurrence.every(weeks=8),
        ... )
        >>> [m.start.date().isoformat() for m in somewi.meetups(
        ...     datetime(2014, 9, 1, tzinfo=berlin),
        ...     datetime(2015, 3, 1, tzinfo=berlin))]
        ['2014-09-24', '2014-11-19', '2015-01-14']
        >>> somewi.next(after=datetime(2026, 11, 25, tzinfo=berlin)).start
        datetime.datetime(2026, 12, 30, 19, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
    """

    title: str = attrs.field(validator=v.text)
    start: datetime = attrs.field(converter=_nominal, validator=v.check_zoned)
    duration: timedelta = attrs.field(validator=v.positive_duration)
    recurrence: Recurrence = attrs.field(
        validator=v.instance_of(Recurrence, "a Recurrence")
    )
    uid: str = attrs.field(
        default=attrs.Factory(_series_uid, takes_self=True),
        validator=_check_uid,
    )
    hashtag: str | None = attrs.field(default=None, validator=v.optional_text)
    description: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    venue: Venue | None = attrs.field(default=None, validator=_OPTIONAL_VENUE)
    room: Room | None = attrs.field(default=None, validator=_OPTIONAL_ROOM)
    organizers: tuple[Participant, ...] = attrs.field(
        default=(), converter=_participants, validator=_unique_people
    )
    invitation_url: str | None = attrs.field(default=None, validator=v.url)
    invitation_channel: str | None = attrs.field(
        default=None, validator=v.optional_text
    )
    topics: tuple[TopicWish, ...] = attrs.field(
        default=(),
        converter=_wishes,
        validator=v.items_of(TopicWish, "a TopicWish"),
    )
    extra_dates: tuple[datetime, ...] = attrs.field(
        default=(), converter=_sorted_dates, validator=v.check_zoned_items
    )
    changes: tuple[Change, ...] = attrs.field(
        default=(),
        converter=_sorted_changes,
        validator=v.items_of(Change, "a Change"),
    )
    overrides: tuple[Override, ...] = attrs.field(
        default=(),
        converter=_sorted_overrides,
        validator=v.items_of(Override, "an Override"),
    )
    url: str | None = attrs.field(default=None, validator=v.url)
    language: str | None = attrs.field(default=None, validator=v.language)

    def _cross_checks(self, skip: frozenset[str]) -> list[MeetupkitError]:
        found = _range_problems(self, skip, "start")
        # Skipped fields may be missing from a partly read document.
        if (
            not skip
            & {
                "changes",
                "start",
                "recurrence",
                "duration",
                "title",
                "description",
                "venue",
                "room",
            }
            and self.changes
        ):
            from ._phases import change_problems  # noqa: PLC0415

            found.extend(change_problems(self))
        if not skip & {"venue", "room"}:
            found.extend(_room_problems(self.venue, self.room))
        if "recurrence" not in skip:
            found.extend(
                _out_of_range(self.recurrence.until, "recurrence.until")
            )
        if "extra_dates" not in skip:
            for index, item in enumerate(self.extra_dates):
                found.extend(_out_of_range(item, f"extra_dates[{index}]"))
            keys = [item.astimezone(UTC) for item in self.extra_dates]
            if len(set(keys)) != len(keys):
                found.append(
                    InvalidValueError(
                        "extra_dates",
                        "a date is listed twice",
                        hint="list it once",
                    )
                )
        if found or skip & {
            "overrides",
            "start",
            "recurrence",
            "extra_dates",
            "changes",
        }:
            # The overrides are checked against the rule, which needs a
            # start, a rule and dates that are themselves sound.
            return found
        if self.changes and skip & set(CHANGE_FIELDS):
            # ... and, in a changed series, the phases they fall in.
            return found
        return self._override_problems(
            self.overrides, 0, venues="venue" not in skip
        )

    def _check_overrides(
        self, overrides: Sequence[Override], offset: int, *, members: bool
    ) -> None:
        """Raise the problems of :meth:`_override_problems` at once."""
        v.raise_all(
            self._override_problems(overrides, offset, members=members),
            "this Series",
        )

    def _override_problems(
        self,
        overrides: Sequence[Override],
        offset: int,
        *,
        members: bool = False,
        venues: bool = True,
    ) -> list[MeetupkitError]:
        """Return the problems of *overrides*, the series' from *offset* on.

        Membership is decided from the rule around each override, never by
        expanding the series from its start: overrides close together share
        one window, a lone one costs one period of the rule.  Rooms are
        looked up in a set per venue, so the check is linear.  *members*
        says the caller has already checked that each override is for a
        meeting of the series; *venues* whether to check their rooms.
        """
        if self.changes:
            from ._phases import override_problems  # noqa: PLC0415

            return override_problems(
                self, overrides, offset, members=members, venues=venues
            )
        found: list[MeetupkitError] = []
        seen: set[datetime] = set()
        known = {self._first.astimezone(UTC)} | {
            item.astimezone(UTC) for item in self.extra_dates
        }
        window: set[datetime] = set()
        window_end: datetime | None = None
        rooms: dict[int, frozenset[Room]] = {}
        for index, item in enumerate(overrides, start=offset):
            path = f"overrides[{index}]"
            key = item.original_start.astimezone(UTC)
            if key in seen:
                found.append(
                    InvalidValueError(
                        f"{path}.original_start",
                        "two overrides for one meeting",
                        hint="merge them into one",
                    )
                )
            seen.add(key)
            if not members and key not in known:
                if window_end is None or not key < window_end:
                    window_end = _cluster_end(overrides, index - offset)
                    # Compared in UTC: a zoned time in a repeated hour
                    # never equals another zone's datetime (PEP 495).
                    window = {
                        moment.astimezone(UTC)
                        for moment in self.recurrence.between(
                            self.start, key, window_end
                        )
                    }
                if key not in window:
                    found.append(
                        InvalidValueError(
                            f"{path}.original_start",
                            f"{_time.format_datetime(item.original_start)} is"
                            " not a meeting of the series",
                            hint="use the start the rule gives, see"
                            " Series.meetups()",
                        )
                    )
            if not venues:
                continue
            venue = item.venue or self.venue
            if item.room is not None and venue is not None:
                have = rooms.get(id(venue))
                if have is None:
                    have = rooms[id(venue)] = frozenset(venue.rooms)
                if item.room in have:
                    continue
            found.extend(
                problem.at(path)
                for problem in _room_problems(venue, item.room)
            )
        return found

    # -- queries ------------------------------------------------------------

    @property
    def _first(self) -> datetime:
        """The first meeting's start: *start*, moved out of a gap."""
        return _time.normalize(self.start)

    def _extras(self) -> tuple[datetime, ...]:
        """The original starts the rule does not give, by instant.

        *start* always counts, as RFC 5545 says of ``DTSTART``, even where
        the rule would not produce it; so does every extra date.
        """
        return _extras(self.recurrence, self.start, self.extra_dates)

    def _number(self, original: datetime) -> int:
        """The number in the series of the meeting at *original*."""
        if self.changes:
            from ._phases import number  # noqa: PLC0415

            return number(self, original)
        extras = self._extras()
        before = bisect.bisect_left(extras, original.astimezone(UTC), key=_utc)
        return 1 + before + self.recurrence.count_before(self.start, original)

    def _originals_between(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, datetime]]:
        """The numbered original starts in ``[start, end)``."""
        start, end = _time.clamp(start), _time.clamp(end)
        if end <= start:
            return []
        extras = self._extras()
        low = bisect.bisect_left(extras, start.astimezone(UTC), key=_utc)
        high = bisect.bisect_left(extras, end.astimezone(UTC), key=_utc)
        rule = self.recurrence.between(self.start, start, end)
        merged = (
            sorted([*rule, *extras[low:high]], key=_utc)
            if high > low
            else rule
        )
        number = 1 + low + self.recurrence.count_before(self.start, start)
        return list(enumerate(merged, start=number))

    def is_occurrence(self, original_start: datetime) -> bool:
        """Whether the rule or the extra dates give a meeting at that instant.

        Only the rule's period around the instant is expanded, so the answer
        costs the same for any date in the supported range.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> from meetupkit import Series
            >>> somewi = Series.example()
            >>> somewi.is_occurrence(datetime(2014, 11, 19, 19,
            ...                               tzinfo=ZoneInfo("Europe/Berlin")))
            True
        """
        moment = v.aware(original_start, "original_start")
        if not _time.FIRST_YEAR <= moment.year <= _time.LAST_YEAR:
            return False
        if self.changes:
            from ._phases import phase_of  # noqa: PLC0415

            return phase_of(self, moment).is_occurrence(moment)
        key = moment.astimezone(UTC)
        extras = self._extras()
        index = bisect.bisect_left(extras, key, key=_utc)
        if index < len(extras) and _utc(extras[index]) == key:
            return True
        return self.recurrence.contains(self.start, moment)

    def meetups(
        self,
        start: datetime,
        end: datetime,
        *,
        include_cancelled: bool = True,
    ) -> list[Meetup]:
        """Return the meetings that start in ``[start, end)``, in order.

        Overrides are applied: a moved meeting appears at its new start, a
        cancelled one has status ``cancelled`` (or is left out with
        *include_cancelled* false).  Each meeting carries the series' uid,
        its original start and its number in the series.

        Args:
            start: An aware datetime; meetings starting at or after it are
                returned.
            end: An aware datetime; meetings starting before it are
                returned.
            include_cancelled: Whether to return cancelled meetings too.

        Raises:
            NaiveDatetimeError: *start* or *end* has no zone.
        """
        if self.changes:
            from ._phases import meetups  # noqa: PLC0415

            return meetups(
                self, start, end, include_cancelled=include_cancelled
            )

        start = _time.clamp(v.aware(start, "start"))
        end = _time.clamp(v.aware(end, "end"))
        if end <= start:
            return []
        overrides = self.overrides
        # Only overrides near the window can be for its meetings (they are
        # sorted by their original start); a day's margin covers a window
        # edge in a repeated hour, where the meetings are chosen by wall
        # time.
        low = bisect.bisect_left(
            overrides, start.astimezone(UTC) - _A_DAY, key=_override_key
        )
        high = bisect.bisect_left(
            overrides, end.astimezone(UTC) + _A_DAY, key=_override_key
        )
        near = {_override_key(o): o for o in overrides[low:high]}
        # A subclass that builds its meetings its own way (_meetup) keeps
        # doing so, unless it says how to build them fast (_occurrences).
        kind = type(self)
        fast = (
            kind._meetup is Series._meetup  # noqa: SLF001
            or kind._occurrences is not Series._occurrences  # noqa: SLF001
        )
        build = (
            self._occurrences()
            if fast
            else functools.partial(self._meetup, override=None)
        )
        originals = self._originals_between(start, end)
        found: set[datetime] = set()
        reorder = False
        if not near:
            result = [
                build(number, original) for number, original in originals
            ]
        else:
            result = []
            for number, original in originals:
                key = original.astimezone(UTC)
                found.add(key)
                override = near.get(key)
                if override is None:
                    result.append(build(number, original))
                    continue
                actual = original
                if override.start is not None:
                    actual, reorder = override.start, True
                if not start <= actual < end:
                    continue
                meetup = self._meetup(number, original, override)
                if include_cancelled or not meetup.is_cancelled:
                    result.append(meetup)
        # Meetings moved into the window from outside it.
        for moved in _moved(overrides).between(start, end):
            assert moved.start is not None  # noqa: S101 - _Moved holds moves
            if not start <= moved.start < end:
                continue
            if _override_key(moved) in found:
                continue
            original = moved.original_start
            meetup = self._meetup(self._number(original), original, moved)
            reorder = True
            if include_cancelled or not meetup.is_cancelled:
                result.append(meetup)
        if reorder:
            result.sort(key=lambda m: (m.start.astimezone(UTC), m.number))
        return result

    def planned_topics(
        self, original_start: datetime
    ) -> tuple[TopicWish, ...]:
        """Return the backlog's wishes planned for one meeting.

        Args:
            original_start: The meeting's original start (its recurrence
                id), aware.

        Raises:
            NaiveDatetimeError: *original_start* has no zone.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> from meetupkit import plan_topics, TopicWish
            >>> import attrs
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> somewi = plan_topics(
            ...     attrs.evolve(Series.example(), topics=(
            ...         TopicWish(title="Social Media und Recht"),)),
            ...     after=datetime(2014, 9, 25, tzinfo=berlin))
            >>> [w.title for w in somewi.planned_topics(
            ...     datetime(2014, 11, 19, 19, tzinfo=berlin))]
            ['Social Media und Recht']
        """
        return self._planned(v.aware(original_start, "original_start"))

    def _planned(self, original: datetime) -> tuple[TopicWish, ...]:
        """The wishes of the backlog planned for the meeting at *original*."""
        return tuple(
            wish
            for wish in self.topics
            if wish.planned_for is not None and wish.planned_for == original
        )

    def _meetup(
        self, number: int, original: datetime, override: Override | None
    ) -> Meetup:
        if self.changes:
            from ._phases import phase_of  # noqa: PLC0415

            # The phase's title, place and duration, the series' number.
            phase = phase_of(self, original)
            return Series._meetup(phase, number, original, override)
        planned = self._planned(original)
        fields: dict[str, Any] = {
            "title": self.title,
            "start": original,
            "duration": self.duration,
            "description": self.description,
            "venue": self.venue,
            "room": self.room,
            "url": self.url,
        }
        if override is not None:
            changed = {
                name: getattr(override, name)
                for name in fields
                if getattr(override, name) is not None
            }
            if override.venue is not None and override.room is None:
                fields["room"] = None  # the series' room is in another venue
            fields.update(changed)
            fields["participants"] = override.participants
            fields["recap"] = override.recap
            fields["sequence"] = override.sequence
            fields["status_reason"] = override.reason
            fields["rsvps"] = override.rsvps
            planned += override.topics
            if override.cancelled:
                fields["status"] = MeetupStatus.CANCELLED
            elif override.start is not None and override.start != original:
                fields["status"] = MeetupStatus.MOVED
        return _occurrence(
            **fields,
            uid=_uid_with(self.uid, f"/{_time.utc_stamp(original)}"),
            topics=planned,
            language=self.language,
            series_uid=self.uid,
            recurrence_id=original,
            number=number,
        )

    def _occurrences(self) -> Callable[[int, datetime], Meetup]:
        """Return a function that builds the series' plain meetings.

        The function takes a meeting's number and original start and gives
        the same meetup as :meth:`_meetup` without an override.  What all
        meetings share is gathered once; each meeting is then built by a
        constructor generated from :class:`Meetup`'s fields, without
        running the validators again: every value comes from this series,
        which was validated when it was made.  A subclass that overrides
        :meth:`_meetup` overrides this too, or its meetings are built one
        by one with :meth:`_meetup`.
        """
        values = {
            **_MEETUP_DEFAULTS,
            "title": self.title,
            "duration": self.duration,
            "description": self.description,
            "venue": self.venue,
            "room": self.room,
            "url": self.url,
            "language": self.language,
            "series_uid": self.uid,
        }
        return _occurrence_constructor()(
            values,
            f"{_uid_base(self.uid, _STAMP_LENGTH)}/",
            [w for w in self.topics if w.planned_for is not None],
        )

    def next(
        self,
        *,
        after: datetime,
        include_cancelled: bool = False,
        horizon: timedelta | None = None,
    ) -> Meetup | None:
        """Return the first meeting that starts strictly after *after*.

        Cancelled meetings are skipped unless *include_cancelled* is true.
        The answer comes from the series' start and rule for any *after*:
        the search is bounded by the rule's cycle
        (:meth:`~meetupkit.Recurrence.cycle_days`), and a rule that can never match
        answers at once.

        Args:
            after: An aware datetime.
            include_cancelled: Whether a cancelled meeting counts.
            horizon: Look no further than this past *after* (no limit by
                default).

        Raises:
            NaiveDatetimeError: *after* has no zone.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> somewi = Series.example()
            >>> somewi.next(after=somewi.start).start.date()
            datetime.date(2014, 11, 19)
            >>> somewi.next(after=datetime(1960, 1, 1,
            ...     tzinfo=ZoneInfo("Europe/Berlin"))).number
            1
        """
        if self.changes:
            from ._phases import next_meetup  # noqa: PLC0415

            return next_meetup(
                self,
                after=after,
                include_cancelled=include_cancelled,
                horizon=horizon,
            )
        after = _time.clamp(v.aware(after, "after"))
        limit = _time.AFTER_RANGE
        if horizon is not None:
            limit = min(limit, _time.shift(after, horizon))
        earliest = min(
            [self._first, *self.extra_dates]
            + [o.start for o in self.overrides if o.start is not None]
        )
        low = max(after, earliest.astimezone(UTC) - timedelta(seconds=1))
        window = timedelta(days=7)
        # Look in growing windows: a daily or weekly rule is answered from
        # the first week, without building two months of meetings; a rare
        # one within a few steps (the window grows fourfold); the rule's
        # cycle bounds the distance to its next occurrence.
        while low < limit:
            high = min(limit, _time.shift(low, window))
            found = self.meetups(
                low, high, include_cancelled=include_cancelled
            )
            first = next((m for m in found if m.start > after), None)
            if first is not None:
                return first
            if high >= _time.AFTER_RANGE:
                return None
            low, window = high, window * 4
        return None

    def previous(
        self,
        *,
        before: datetime,
        include_cancelled: bool = False,
    ) -> Meetup | None:
        """Return the last meeting that starts strictly before *before*.

        Raises:
            NaiveDatetimeError: *before* has no zone.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> somewi = Series.example()
            >>> somewi.previous(before=datetime(
            ...     2014, 12, 1, tzinfo=ZoneInfo("Europe/Berlin"))).number
            2
        """
        if self.changes:
            from ._phases import previous_meetup  # noqa: PLC0415

            return previous_meetup(
                self, before=before, include_cancelled=include_cancelled
            )
        before = _time.clamp(v.aware(before, "before"))
        earliest = min(
            [self._first, *self.extra_dates]
            + [o.start for o in self.overrides if o.start is not None]
        ).astimezone(UTC)
        # Start from the last meeting that can be there: the rule's last
        # occurrence before *before*, an extra date or a moved meeting.
        candidates = [
            moment
            for moment in (
                self.recurrence.last_before(self.start, before),
                *self._extras(),
                *(o.start for o in self.overrides if o.start is not None),
            )
            if moment is not None and moment < before
        ]
        if not candidates:
            return None
        high = min(before, max(candidates) + timedelta(seconds=1))
        window = timedelta(days=64)
        while high > earliest:
            low = max(earliest, _time.shift(high, -window))
            found = self.meetups(
                low, high, include_cancelled=include_cancelled
            )
            found = [m for m in found if m.start < before]
            if found:
                return found[-1]
            high, window = low, window * 4
        return None

    def meetup(self, number: int) -> Meetup:
        """Return meeting number *number* of the series (the first is 1).

        The meeting is found from the rule's cycle, without expanding the
        meetings before it.

        Raises:
            InvalidValueError: the series has no such meeting (its rule
                ends before, or it would lie after the supported range).

        Examples:
            >>> Series.example().meetup(2).start.date()
            datetime.date(2014, 11, 19)
            >>> Series.example().meetup(500).start.year
            2091
        """
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or number < 1
        ):
            raise InvalidValueError(
                "number",
                f"{number!r} is not a meeting number",
                hint="use 1 or more",
            )
        original = self._original(number)
        if original is None:
            raise InvalidValueError(
                "number",
                f"the series has no meeting number {number}",
                hint="count from 1; see Series.meetups() for the dates"
                f" ({_time.RANGE_HINT})",
            )
        override = self._override_at(original.astimezone(UTC))[1]
        return self._meetup(number, original, override)

    def _original(self, number: int) -> datetime | None:
        """The original start of meeting *number*, or None."""
        if self.changes:
            from ._phases import original  # noqa: PLC0415

            return original(self, number)
        extras = self._extras()
        rule = self.recurrence
        # The number of extra dates before the meeting is the largest j
        # whose j-th extra date comes before it; positions grow with j.
        low, high = 0, len(extras)
        while low < high:
            middle = (low + high + 1) // 2
            position = middle + rule.count_before(
                self.start, extras[middle - 1]
            )
            if position < number:
                low = middle
            else:
                high = middle - 1
        if low < len(extras):
            after = low + 1 + rule.count_before(self.start, extras[low])
            if after == number:
                return extras[low]
        return rule.nth(self.start, number - low)

    # -- edits --------------------------------------------------------------

    def override(
        self, when: datetime | date | Meetup, **changes: Any
    ) -> Series:
        """Return a new series in which one meeting has *changes*.

        *changes* are fields of :class:`Override` (``room=``, ``recap=``,
        ``participants=``, …).  The meeting's ``sequence`` goes up when its
        time, place or status changes, so calendars show the update.

        Args:
            when: The meeting: its original start, its date (in the
                series' zone, before or after a move), or the
                :class:`Meetup` itself.
            **changes: Fields of :class:`Override` to set.

        Raises:
            InvalidValueError: *when* names no meeting of the series, or
                several on that date, or a change names no field of
                :class:`Override`.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> from meetupkit import Recap
            >>> somewi = Series.example().override(
            ...     datetime(2014, 9, 24, 19, tzinfo=ZoneInfo("Europe/Berlin")),
            ...     recap=Recap(title="Rückblick 1. #SoMeWI"))
            >>> somewi.meetup(1).recap.title
            'Rückblick 1. #SoMeWI'
        """
        allowed = {a.name for a in attrs.fields(Override)} - {
            "original_start",
            "sequence",
        }
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise InvalidValueError(
                unknown[0],
                "is not a field of an override",
                hint=f"use some of {', '.join(sorted(allowed))}",
            )
        from ._rsvp import original_start  # noqa: PLC0415

        original = original_start(self, when)
        key = original.astimezone(UTC)
        index, current = self._override_at(key)
        base = current or Override(original_start=original)
        visible = any(
            name in _SEQUENCE_FIELDS and getattr(base, name) != value
            for name, value in changes.items()
        )
        updated = attrs.evolve(
            base, sequence=base.sequence + int(visible), **changes
        )
        if updated.start is not None and not updated.cancelled:
            self._refuse_clash(updated.start, "start", key)
        self._check_overrides((updated,), index, members=True)
        kept = (
            self.overrides[index + 1 :] if current else self.overrides[index:]
        )
        overrides = (*self.overrides[:index], updated, *kept)
        _carry_moved(self.overrides, overrides, current, updated)
        return _with_overrides(self, overrides)

    def _override_at(self, key: datetime) -> tuple[int, Override | None]:
        """The index of the override for the UTC instant *key*, and it.

        The index is where such an override would go if there is none
        (the overrides are sorted by their original start).
        """
        index = bisect.bisect_left(self.overrides, key, key=_override_key)
        if (
            index < len(self.overrides)
            and _override_key(self.overrides[index]) == key
        ):
            return index, self.overrides[index]
        return index, None

    def _refuse_clash(
        self, moment: datetime, path: str, own: datetime | None = None
    ) -> None:
        """Refuse *moment* if another meeting that takes place starts then.

        *own* is the original start (as UTC) of the meeting being moved,
        which may keep its own time.
        """
        key = moment.astimezone(UTC)
        clash: datetime | None = None
        if key != own and self.is_occurrence(moment):
            there = self._override_at(key)[1]
            if there is None or (there.start is None and not there.cancelled):
                clash = moment
        for item in _moved(self.overrides).at(key):
            if not item.cancelled and _override_key(item) != own:
                clash = item.original_start
        if clash is not None:
            meeting = self._meetup(
                self._number(clash), clash, self._override_at(_utc(clash))[1]
            )
            raise InvalidValueError(
                path,
                f"{_time.format_datetime(moment)} is already the start of"
                f" meeting {meeting.number} ({meeting.title})",
                hint=f"pick another time, or cancel or move meeting"
                f" {meeting.number} first",
            )

    def cancel(
        self, when: datetime | date | Meetup, *, reason: str | None = None
    ) -> Series:
        """Return a new series in which one meeting is cancelled.

        The meeting is still returned by :meth:`meetups`, with status
        ``cancelled``; :meth:`restore` undoes the cancellation.

        Args:
            when: The meeting: its original start, its date, or the
                :class:`Meetup` itself.
            reason: Why it is cancelled; shown in calendars, notices and
                recaps.

        Raises:
            InvalidValueError: *when* names no meeting of the series.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> somewi = Series.example().cancel(
            ...     datetime(2014, 11, 19, 19, tzinfo=berlin), reason="Krank")
            >>> somewi.meetup(2).status
            <MeetupStatus.CANCELLED: 'cancelled'>
        """
        return self.override(when, cancelled=True, reason=reason)

    def move(
        self,
        when: datetime | date | Meetup,
        *,
        to: datetime,
        duration: timedelta | None = None,
        reason: str | None = None,
    ) -> Series:
        """Return a new series in which one meeting starts at *to*.

        Args:
            when: The meeting: its original start, its date, or the
                :class:`Meetup` itself.
            to: The new start, timezone-aware.
            duration: A new length; the meeting keeps its own if omitted.
            reason: Why it moves; shown in calendars, notices and recaps.

        Raises:
            InvalidValueError: *when* names no meeting of the series, or
                another meeting already starts at *to*.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> somewi = Series.example().move(
            ...     datetime(2014, 11, 19, 19, tzinfo=berlin),
            ...     to=datetime(2014, 11, 20, 19, tzinfo=berlin))
            >>> somewi.meetup(2).start.date(), somewi.meetup(2).status
            (datetime.date(2014, 11, 20), <MeetupStatus.MOVED: 'moved'>)
        """
        changes: dict[str, Any] = {"start": to}
        if duration is not None:
            changes["duration"] = duration
        if reason is not None:
            changes["reason"] = reason
        return self.override(when, **changes)

    def add_date(self, start: datetime) -> Series:
        """Return a new series with an extra meeting at *start* (``RDATE``).

        Raises:
            InvalidValueError: the series already meets then.
        """
        moment = v.aware(start, "start")
        _time.check_range(moment, "start")
        if self.is_occurrence(moment):
            number = self._number(moment)
            raise InvalidValueError(
                "start",
                f"{_time.format_datetime(moment)} is already the start of"
                f" meeting {number} ({self.title})",
                hint="pick a start the series does not have",
            )
        self._refuse_clash(moment, "start")
        if self.changes:
            return attrs.evolve(self, extra_dates=(*self.extra_dates, moment))
        # Checked above: aware, in range and not yet a meeting (so not
        # listed twice); whole seconds are checked below.  A new date
        # leaves every override a meeting of the series, so they are not
        # checked again (that would cost more the more edits came before).
        dates = self.extra_dates
        key = moment.astimezone(UTC)
        index = bisect.bisect_right(dates, key, key=_utc)
        v._whole_seconds(moment, f"extra_dates[{index}]")  # noqa: SLF001 - the field's own check
        added = (*dates[:index], moment, *dates[index:])
        # Not a meeting yet, so not a date of the rule: one more extra.
        extras = self._extras()
        at = bisect.bisect_right(extras, key, key=_utc)
        _remember_extras(
            self.recurrence,
            self.start,
            added,
            (*extras[:at], moment, *extras[at:]),
        )
        return _with_checked(self, extra_dates=added)

    def change_from(
        self, when: datetime | date | Meetup, **changes: Any
    ) -> Series:
        """Return a new series that changes from *when* on.

        The meetings before *when* stay as they are, with what is known
        about them; from *when* on the series follows *changes*, and the
        meetings are numbered on.  The change is kept in :attr:`changes`
        and exported as such: to iCalendar as a second master event, to
        JSON-LD as a second schedule.

        Args:
            when: The first start of the new rhythm: an aware datetime
                (its wall-clock time in the series' zone is the new time of
                day), a date (at the time of day the meetings have then, or
                *time*), or a :class:`Meetup` of the series.  It need not be
                a meeting of the series.
            **changes: What changes: ``recurrence`` (a
                :class:`~meetupkit.Recurrence` or ``RRULE`` text) or
                ``every`` (a ``timedelta`` of whole days or weeks),
                ``time`` (the new time of day, a ``datetime.time``),
                ``duration``, ``title``, ``description``, ``venue`` and
                ``room``.  A *venue* without a *room* means no room.

        Raises:
            InvalidValueError: *when* is not after the series' first
                meeting, a change names nothing a series can change, the
                change changes nothing, or meetings from *when* on that
                have overrides would no longer exist.
            NaiveDatetimeError: *when* has no zone.
            InvalidTypeError: *when* or a change has the wrong type.

        Examples:
            >>> from datetime import date, timedelta
            >>> somewi = Series.example()
            >>> changed = somewi.change_from(
            ...     date(2016, 3, 2), every=timedelta(weeks=4))
            >>> tenth = somewi.meetup(10).start
            >>> [(m.number, m.start.date().isoformat()) for m in
            ...  changed.meetups(tenth, tenth + timedelta(weeks=8))]
            [(10, '2016-02-10'), (11, '2016-03-02'), (12, '2016-03-30')]
            >>> changed.describe(lang="en").split("; ")[1][:30]
            'from March 2016: every 4 weeks'

        .. versionadded:: 0.1.0
        """
        from ._phases import change_from  # noqa: PLC0415

        return change_from(self, when, changes)

    def describe(self, *, lang: str | None = None) -> str:
        """Describe the rhythm, time and place in words, in German or English.

        Day and month names come from the Unicode CLDR (through Babel);
        several weekdays read as a list does ("montags und mittwochs").

        Args:
            lang: ``"de"`` or ``"en"``; the series' own ``language`` if not
                given, and English if that is neither.

        Raises:
            InvalidValueError: *lang* is not a supported language.

        Examples:
            >>> somewi = Series.example()
            >>> print(somewi.describe())
            alle 8 Wochen mittwochs, 19:00–21:00 Uhr, heimathafen Wiesbaden (Raum Adelheid)
            >>> print(somewi.describe(lang="de"))
            alle 8 Wochen mittwochs, 19:00–21:00 Uhr, heimathafen Wiesbaden (Raum Adelheid)
            >>> print(somewi.describe(lang="en"))
            every 8 weeks on Wednesday, 7:00 – 9:00 PM, heimathafen Wiesbaden (room Adelheid)
        """
        from ._describe import describe_series  # noqa: PLC0415

        return describe_series(self, lang)

    @classmethod
    def example(cls) -> Series:
        """Return the #SoMeWI regulars' table, the example used in the docs.

        Every eight weeks from Wednesday 24 September 2014, 19:00 to 21:00,
        in the room "Adelheid" of the coworking space heimathafen in
        Wiesbaden.
        """
        berlin = _time.load_zone("Europe/Berlin")
        adelheid = Room(name="Adelheid", capacity=12)
        venue = Venue(
            name="heimathafen Wiesbaden",
            address=Address(
                street="Karlstraße 22",
                postal_code="65185",
                city="Wiesbaden",
                country="DE",
            ),
            rooms=(adelheid,),
        )
        return cls(
            uid="somewi@some-netzwerk.example",
            title="#SoMeWI Stammtisch",
            hashtag="#SoMeWI",
            start=datetime(2014, 9, 24, 19, tzinfo=berlin),
            duration=timedelta(hours=2),
            recurrence=Recurrence.every(weeks=8),
            venue=venue,
            room=adelheid,
            invitation_channel="XING",
            language="de",
        )

    def rsvp(
        self,
        when: datetime | date | Meetup,
        participant: Participant,
        answer: Answer | str,
    ) -> Series:
        """Return a new series with *participant*'s answer for one meeting.

        The answer is stored in the meeting's :class:`Override`; the
        meeting's :attr:`Meetup.attendance` tells who attends and who waits
        for a seat in its room.

        Args:
            when: The meeting: its original start, its date, or the
                :class:`Meetup` itself.
            participant: Who answers (see :meth:`Meetup.rsvp`).
            answer: ``yes``, ``no`` or ``maybe``.

        Raises:
            InvalidValueError: *when* names no meeting of the series (or a
                date with several), or *answer* is not an :class:`Answer`.
            InvalidTypeError: *when* or *participant* has the wrong type.

        Examples:
            >>> from datetime import date
            >>> somewi = Series.example().rsvp(
            ...     date(2014, 11, 19), Participant(name="Anna"), "yes")
            >>> [p.name for p in somewi.meetup(2).attendance.attending]
            ['Anna']
        """
        from ._rsvp import answered, original_start  # noqa: PLC0415

        original = original_start(self, when)
        current = self._override_at(original.astimezone(UTC))[1]
        before = () if current is None else current.rsvps
        rsvps = answered(before, participant, answer)
        if rsvps is before:
            return self
        return self.override(original, rsvps=rsvps)

    def clashes(
        self,
        holidays: Mapping[date, str] | None,
        *,
        start: datetime,
        end: datetime,
        closed: Mapping[date, str] | None = None,
    ) -> list[Clash]:
        """List the meetings in ``[start, end)`` on a holiday or closed day.

        Each :class:`~meetupkit.Clash` names the holiday or closure and
        proposes a move; accept it with :meth:`~meetupkit.Clash.accept` (which calls
        :meth:`move`).  Cancelled meetings are left out.

        Args:
            holidays: Public holidays, a mapping of dates to names such as
                ``holidays.country_holidays("DE", subdiv="HE",
                language="de")`` from the ``holidays`` package (install
                ``meetupkit[holidays]``); ``None`` for none.
            start: The first moment to look at, aware.
            end: The moment to stop, aware.
            closed: The days the venue is closed, mapped to the reason
                ("Betriebsferien"); they win over a holiday on the same day.

        Raises:
            NaiveDatetimeError: *start* or *end* has no zone.
            InvalidTypeError: *holidays* or *closed* is not a mapping.

        Examples:
            >>> from datetime import date, datetime
            >>> berlin = Series.example().start.tzinfo
            >>> christmas = {date(2026, 12, day): "Betriebsferien"
            ...              for day in range(24, 32)}
            >>> (clash,) = Series.example().clashes(
            ...     {}, closed=christmas,
            ...     start=datetime(2026, 12, 1, tzinfo=berlin),
            ...     end=datetime(2027, 1, 1, tzinfo=berlin))
            >>> clash.name, clash.proposal.date()
            ('Betriebsferien', datetime.date(2027, 1, 6))
        """
        from ._clashes import find  # noqa: PLC0415

        return find(self, holidays, start=start, end=end, closed=closed)

    def upcoming(
        self, n: int, *, after: datetime, include_cancelled: bool = False
    ) -> list[Meetup]:
        """Return the next *n* meetings that start after *after*, in order.

        Fewer come back if the series ends (or the search horizon of
        :meth:`next` is reached) before *n* are found.

        Raises:
            InvalidValueError: *n* is not a whole number from 1 to 1000.
            NaiveDatetimeError: *after* has no zone.

        Examples:
            >>> from datetime import datetime
            >>> berlin = Series.example().start.tzinfo
            >>> [m.start.date().isoformat() for m in Series.example().upcoming(
            ...     2, after=datetime(2026, 11, 25, tzinfo=berlin))]
            ['2026-12-30', '2027-02-24']
        """
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 1000:  # noqa: PLR2004
            raise InvalidValueError(
                "n",
                f"{n!r} is not a number of meetings",
                hint="ask for 1 to 1000 meetings",
            )
        moment = v.aware(after, "after")
        found: list[Meetup] = []
        while len(found) < n:
            meetup = self.next(
                after=moment, include_cancelled=include_cancelled
            )
            if meetup is None:
                break
            found.append(meetup)
            moment = meetup.start
        return found

    def restore(self, when: datetime | date | Meetup) -> Series:
        """Return a new series in which a cancelled meeting takes place.

        The cancellation and its reason are cleared; the meeting's
        ``sequence`` goes up, so calendars show it again.

        Args:
            when: The meeting: its original start, its date, or the
                :class:`Meetup` itself.

        Raises:
            InvalidValueError: *when* names no cancelled meeting of the
                series.

        Examples:
            >>> from datetime import date
            >>> somewi = Series.example().cancel(
            ...     Series.example().meetup(2).start, reason="Krank")
            >>> restored = somewi.restore(date(2014, 11, 19)).meetup(2)
            >>> restored.status, restored.status_reason, restored.sequence
            (<MeetupStatus.SCHEDULED: 'scheduled'>, None, 2)
        """
        from ._rsvp import original_start  # noqa: PLC0415

        original = original_start(self, when)
        current = self._override_at(original.astimezone(UTC))[1]
        if current is None or not current.cancelled:
            raise InvalidValueError(
                "when",
                f"{_time.format_datetime(original)} is not cancelled",
                hint="restore only a meeting cancelled with Series.cancel()",
            )
        return self.override(original, cancelled=False, reason=None)


_MEETUP_DEFAULTS: Final = {
    field.name: field.default
    for field in attrs.fields(Meetup)
    if field.default is not attrs.NOTHING
    and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
}


#: The fields of a series' meeting that differ from meeting to meeting,
#: and how the generated constructor computes them.
_PER_MEETING: Final = {
    "start": "original",
    "recurrence_id": "original",
    "number": "number",
    "uid": "uid",
    "topics": "topics",
}

#: The body of the generated constructor, before it sets the slots: the
#: uid as ``Series._meetup`` writes it (the stamp of ``_time.utc_stamp``)
#: and the backlog's wishes planned for the meeting (``Series._planned``).
_PER_MEETING_CODE: Final = """\
        moment = original.astimezone(UTC)
        uid = prefix + STAMP % (
            moment.year, moment.month, moment.day,
            moment.hour, moment.minute, moment.second,
        )
        if planned:
            topics = tuple([w for w in planned if w.planned_for == original])
        else:
            topics = ()
"""


@functools.cache
def _occurrence_constructor() -> Callable[
    [dict[str, Any], str, list[TopicWish]], Callable[[int, datetime], Meetup]
]:
    """Generate the constructor of a series' meetings, once per process.

    It is written from :class:`Meetup`'s attrs fields, so it cannot drift
    from the class: ``factory(values, prefix, planned)`` takes the values
    all meetings of a series share, the prefix of their uids and the
    backlog's planned wishes, and returns ``build(number, original)``,
    which sets every slot directly.  A field that is neither shared nor in
    :data:`_PER_MEETING` fails here with a ``KeyError`` rather than making
    an incomplete meetup.
    """
    names = [field.name for field in attrs.fields(Meetup)]
    shared = [name for name in names if name not in _PER_MEETING]
    lines = ["def factory(values, prefix, planned):"]
    lines += [f"    c_{name} = values[{name!r}]" for name in shared]
    lines += ["    def build(number, original):", _PER_MEETING_CODE.rstrip()]
    lines += ["        meetup = new(Meetup)"]
    lines += [
        f"        set_{name}(meetup, {_PER_MEETING.get(name, f'c_{name}')})"
        for name in names
    ]
    lines += ["        return meetup", "    return build"]
    namespace: dict[str, Any] = {
        "new": object.__new__,
        "Meetup": Meetup,
        "UTC": UTC,
        "STAMP": _time.STAMP,
        **{f"set_{name}": getattr(Meetup, name).__set__ for name in names},
    }
    exec("\n".join(lines), namespace)  # noqa: S102 - our own generated code
    return namespace["factory"]  # type: ignore[no-any-return]


def _occurrence(**fields: Any) -> Meetup:
    """Build a meetup of a series from values the series already checked.

    Skipping the validators here is what makes expanding a long series
    cheap; every value comes from a validated ``Series`` or ``Override``.
    """
    meetup = object.__new__(Meetup)
    for name, value in {**_MEETUP_DEFAULTS, **fields}.items():
        object.__setattr__(meetup, name, value)
    return meetup


@functools.cache
def _annotation(text: str) -> Any:
    return eval(text, globals())  # noqa: S307 - this module's own annotations


def _resolve_types(cls: type) -> None:
    """Resolve the string annotations of *cls*' fields in this module.

    What ``attrs.resolve_types`` does, but each distinct annotation (most
    repeat, such as ``str | None``) is evaluated once instead of once per
    field through ``typing.get_type_hints``: ``import meetupkit`` is that
    much lighter.
    """
    for field in attrs.fields(cls):
        if isinstance(field.type, str):
            object.__setattr__(field, "type", _annotation(field.type))


for _cls in (
    Address,
    Geo,
    Room,
    Venue,
    Consent,
    Participant,
    TopicWish,
    Photo,
    RecapSection,
    Recap,
    Meetup,
    Override,
    Change,
    Series,
    Rsvp,
):
    _resolve_types(_cls)
