"""iCalendar (:rfc:`5545`) export and import of series and meetups.

:func:`to_ical` writes a calendar that calendar apps read right: a series is
one master ``VEVENT`` with ``DTSTART;TZID=…``, ``DURATION`` and the
series' ``RRULE``, extra meetings as ``RDATE``, cancelled ones as
``EXDATE``, and one ``VEVENT`` with ``RECURRENCE-ID`` for every other
meeting that differs from the rule.  Every zone used gets a ``VTIMEZONE``
computed from ``zoneinfo``, its onsets in the local time before each
transition as :rfc:`5545#section-3.6.5` asks, written as a yearly ``RRULE``
where the zone's rule is regular.  UIDs are the series' and meetups' own
stable ids, so a subscribed calendar updates instead of duplicating; with
*dtstamp* given, the bytes are reproducible.

:func:`from_ical` reads such calendars, and feeds from elsewhere, back into
:class:`~meetupkit.Series` and :class:`~meetupkit.Meetup` objects.  Broken or
hostile input raises :class:`~meetupkit.errors.ICalError` naming the problem,
the property and the line; nothing half-read is ever returned.

Personal data stays inside unless asked for: ``ORGANIZER`` and
``ATTENDEE`` lines are written only with ``attendees=True``, and only for
people whose :class:`~meetupkit.Consent` releases their name to the
*audience*; their email goes with it only if their contact is released too.

Examples:
    >>> from datetime import UTC, datetime
    >>> from meetupkit import Series
    >>> from meetupkit.ical import from_ical, to_ical
    >>> somewi = Series.example()
    >>> data = to_ical(somewi, dtstamp=datetime(2014, 9, 1, tzinfo=UTC))
    >>> [line for line in data.decode().splitlines() if line.startswith(
    ...     ("DTSTART;TZID", "RRULE:FREQ=WEEKLY"))]
    ['DTSTART;TZID=Europe/Berlin:20140924T190000', 'RRULE:FREQ=WEEKLY;INTERVAL=8']
    >>> from_ical(data) == [somewi]
    True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from zoneinfo import ZoneInfo

import attrs

from . import _time, _vtimezone
from .errors import (
    ICalError,
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
)
from .model import (
    Audience,
    Geo,
    Meetup,
    MeetupStatus,
    Override,
    Participant,
    Role,
    Room,
    Series,
    TopicWish,
    Venue,
)
from .recurrence import Recurrence

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "MAX_COMPONENTS",
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "MAX_LINE_CHARS",
    "PRODID",
    "ICalWarning",
    "carried",
    "from_ical",
    "to_calendar",
    "to_ical",
]

#: The largest input :func:`from_ical` reads: 64 MiB, checked before parsing.
MAX_INPUT_BYTES: Final = 64 << 20

#: The longest content line (after unfolding) :func:`from_ical` reads, in
#: characters: enough for the longest text a model field may hold (1 MiB).
MAX_LINE_CHARS: Final = (1 << 20) + 4096

#: How deeply components may nest (``VCALENDAR`` > ``VTIMEZONE`` >
#: ``STANDARD`` is 3).
MAX_DEPTH: Final = 4

#: How many components (events, zones, alarms, …) one input may hold.
MAX_COMPONENTS: Final = 200_000

#: The product id meetupkit writes.
PRODID: Final = "-//meetupkit//meetupkit//EN"

_X: Final = "X-MEETUPKIT-"


class ICalWarning(UserWarning):
    """Something in an iCalendar input was left out on purpose.

    Issued by :func:`from_ical`, for example for a ``javascript:`` link,
    which is never kept as a meetup's URL.  Nothing else about the import
    changes; filter it with :mod:`warnings` if you expect it.
    """


Item = Series | Meetup


# -- shared: what one VEVENT says ------------------------------------------


class _View(NamedTuple):
    """The fields one VEVENT carries, for a master, an override or a meetup."""

    title: str
    start: datetime
    duration: timedelta
    description: str | None
    venue: Venue | None
    room: Room | None
    url: str | None
    language: str | None
    listed: tuple[TopicWish, ...]
    reason: str | None
    invitation_url: str | None
    invitation_channel: str | None


_LABELS: Final = {
    "de": {
        "topics": "Themen",
        "room": "Raum",
        "floor": "Etage",
        "way": "Weg",
        "invitation": "Einladung",
        "reason": "Hinweis",
    },
    "en": {
        "topics": "Topics",
        "room": "Room",
        "floor": "Floor",
        "way": "How to find it",
        "invitation": "Invitation",
        "reason": "Note",
    },
}


def _labels(language: str | None) -> dict[str, str]:
    if language and language.lower().split("-")[0] == "de":
        return _LABELS["de"]
    return _LABELS["en"]


def _tail(view: _View) -> str:
    """The generated part of DESCRIPTION: topics, room, way, invitation."""
    words = _labels(view.language)
    blocks: list[str] = []
    if view.reason:
        blocks.append(f"{words['reason']}: {_clean(view.reason)}")
    if view.listed:
        blocks.append(
            f"{words['topics']}:\n"
            + "\n".join(f"- {_clean(topic.title)}" for topic in view.listed)
        )
    if view.room is not None:
        line = f"{words['room']}: {_clean(view.room.name)}"
        if view.room.floor:
            line += f" ({words['floor']}: {_clean(view.room.floor)})"
        if view.room.directions:
            line += f"\n{words['way']}: {_clean(view.room.directions)}"
        blocks.append(line)
    if view.invitation_url or view.invitation_channel:
        parts = [
            p for p in (view.invitation_channel, view.invitation_url) if p
        ]
        blocks.append(f"{words['invitation']}: {_clean(' – '.join(parts))}")
    return "\n\n".join(blocks)


def _compose(description: str | None, tail: str) -> str | None:
    if not tail:
        return description
    if description is None:
        return tail
    return f"{_clean(description)}\n\n{tail}"


def _split(text: str | None, tail: str) -> str | None:
    """Invert :func:`_compose`; text from elsewhere is kept whole."""
    if text is None or not tail:
        return text
    if text == tail:
        return None
    if text.endswith("\n\n" + tail):
        head = text[: -len(tail) - 2]
        if head.strip():
            return head
    return text


def _location(view: _View) -> str | None:
    venue = view.venue
    if venue is None:
        return None
    parts = [venue.name]
    if view.room is not None:
        parts.append(f"{_labels(view.language)['room']} {view.room.name}")
    address = venue.address
    if address is not None:
        if address.street:
            parts.append(address.street)
        parts.append(
            f"{address.postal_code} {address.city}"
            if address.postal_code
            else address.city
        )
        if address.region:
            parts.append(address.region)
        if address.country:
            parts.append(address.country)
    return ", ".join(_clean(part) for part in parts)


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    return chr(0x2421 if code == 0x7F else 0x2400 + code)  # noqa: PLR2004


def _clean(text: str) -> str:
    """Make *text* RFC 5545 TEXT (§3.3.11), which allows no controls.

    A carriage return (alone or before a line feed) becomes a line feed;
    any other control character but tab and line feed becomes its symbol
    from the Unicode block Control Pictures (U+0000 becomes U+2400).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_picture, text)


# -- carried: what survives a round trip --------------------------------------


def _carried_topic(topic: TopicWish) -> TopicWish:
    return attrs.evolve(topic, proposed_by=None, voters=())


def _carried_override(series: Series, override: Override) -> Override:
    if override.cancelled:
        return Override(
            original_start=override.original_start, cancelled=True, sequence=1
        )
    venue = override.venue
    room = override.room
    effective_venue = venue or series.venue
    effective_room = room
    if room is None and venue is None:
        effective_room = series.room
    if effective_venue == series.venue:
        venue = None
        room = effective_room if effective_room != series.room else None
    start = override.start
    if start is not None and start == override.original_start:
        start = None
    return Override(
        original_start=override.original_start,
        reason=override.reason,
        start=start,
        duration=None
        if override.duration in {None, series.duration}
        else override.duration,
        title=None
        if override.title in {None, series.title}
        else override.title,
        description=None
        if override.description in {None, series.description}
        else override.description,
        venue=venue,
        room=room,
        topics=tuple(_carried_topic(t) for t in override.topics),
        url=None if override.url in {None, series.url} else override.url,
        sequence=override.sequence,
    )


def carried(item: Item) -> Item:
    """Return what of *item* an iCalendar round trip keeps.

    ``from_ical(to_ical(item)) == [carried(item)]`` holds for every series
    and meetup (with the default ``attendees=False``), which is what
    meetupkit's own property tests prove.  Dropped are: participants,
    organizers and recaps, who proposed and voted for a topic, the reason
    and sequence of a cancellation (a cancelled meeting is an ``EXDATE``),
    a meetup's ``moved`` status and its place in a series, and text
    characters RFC 5545 cannot carry (a carriage return becomes a line feed,
    other control characters but tab their Control Pictures symbol, U+0000
    becomes U+2400).  Override fields
    equal to the series' own become ``None``.

    Args:
        item: A :class:`~meetupkit.Series` or :class:`~meetupkit.Meetup`.

    Returns:
        An object of the same class.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from meetupkit import Series
        >>> somewi = Series.example().cancel(
        ...     datetime(2014, 11, 19, 19, tzinfo=ZoneInfo("Europe/Berlin")),
        ...     reason="Krankheit")
        >>> carried(somewi).overrides[0].reason is None
        True
    """
    result: Item
    if isinstance(item, Series):
        result = attrs.evolve(
            item,
            organizers=(),
            topics=tuple(_carried_topic(t) for t in item.topics),
            overrides=tuple(
                _carried_override(item, o) for o in item.overrides
            ),
        )
    elif isinstance(item, Meetup):
        result = attrs.evolve(
            item,
            status=MeetupStatus.SCHEDULED
            if item.status is MeetupStatus.MOVED
            else item.status,
            participants=(),
            topics=tuple(_carried_topic(t) for t in item.topics),
            recap=None,
            series_uid=None,
            recurrence_id=None,
            number=None,
        )
    else:
        raise InvalidTypeError(
            "item",
            f"expected a Series or a Meetup, got {type(item).__name__}",
            hint="pass a meetupkit.Series or meetupkit.Meetup",
        )
    cleaned: Item = _clean_texts(result)
    return cleaned


def _clean_texts(value: Any) -> Any:
    """Apply :func:`_clean` to every text inside an attrs object."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, tuple):
        return tuple(_clean_texts(item) for item in value)
    if attrs.has(type(value)) and not isinstance(value, Recurrence):
        changes = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            new = _clean_texts(old)
            if new is not old and new != old:
                changes[field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value


# -- export -----------------------------------------------------------------


def _as_items(items: Item | Iterable[Item]) -> list[Item]:
    if isinstance(items, Series | Meetup):
        return [items]
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidTypeError(
            "items",
            f"expected a Series, a Meetup or an iterable of them, got"
            f" {type(items).__name__}",
            hint="pass meetupkit.Series or meetupkit.Meetup objects",
        )
    result = list(items)
    for index, item in enumerate(result):
        if not isinstance(item, Series | Meetup):
            raise InvalidTypeError(
                f"items[{index}]",
                f"expected a Series or a Meetup, got {type(item).__name__}",
                hint="pass meetupkit.Series or meetupkit.Meetup objects",
            )
    return result


class _Person(NamedTuple):
    """What an export releases of one participant."""

    address: str
    name: str
    role: str


# How a _Line's value is written.  The icalendar back end (to_calendar)
# gets the same values as icalendar objects; the direct writer (to_ical)
# writes them as icalendar would, see _write_event.
_TEXT: Final = 0  # meetupkit's TEXT escaping (_escape), cleaned
_ITEXT: Final = 1  # a str icalendar types as TEXT itself (UID, STATUS)
_INLINE: Final = 2  # written as it is, an icalendar vInline
_RAW: Final = 3  # written as it is: a URI or CAL-ADDRESS str
_TIME: Final = 4  # a datetime: UTC, or naive with a TZID parameter
_INT: Final = 5  # an int
_LIST: Final = 6  # CATEGORIES: TEXT items, joined with commas


class _Line(NamedTuple):
    """One property of an event, before it is written."""

    name: str
    kind: int
    value: Any
    params: dict[str, str] | None = None


class _Export:
    """State of one export: the zones used and the options."""

    def __init__(
        self, *, audience: Audience, dtstamp: datetime, attendees: bool
    ) -> None:
        import icalendar  # noqa: PLC0415 - loaded on first use

        self.ical = icalendar
        self.audience = Audience(audience)
        self.dtstamp = dtstamp
        self.attendees = attendees
        self.zones: dict[str, tzinfo] = {}
        self.years: dict[str, list[int]] = {}
        # Venues and people recur in many meetings of one export: their
        # documents and released data are computed once, keyed by id and
        # checked by identity (the items live as long as the export).
        self.documents: dict[int, tuple[object, str]] = {}
        self.people: dict[int, tuple[Participant, _Person | None]] = {}

    def moment(self, lines: list[_Line], name: str, value: datetime) -> None:
        zone = value.tzinfo
        if _is_utc(zone):
            lines.append(_Line(name, _TIME, value.astimezone(UTC)))
            return
        if isinstance(zone, ZoneInfo):
            tzid = zone.key
        else:
            offset = value.utcoffset()
            assert offset is not None  # noqa: S101 - aware by the model
            tzid = _vtimezone.fixed_tzid(offset)
        assert zone is not None  # noqa: S101 - aware by the model
        self.zones.setdefault(tzid, zone)
        self.years.setdefault(tzid, []).append(value.year)
        lines.append(
            _Line(name, _TIME, value.replace(tzinfo=None), {"TZID": tzid})
        )

    def document(self, obj: object) -> str:
        found = self.documents.get(id(obj))
        if found is None or found[0] is not obj:
            found = (obj, _document(obj))
            self.documents[id(obj)] = found
        return found[1]

    def person(self, person: Participant) -> _Person | None:
        found = self.people.get(id(person))
        if found is None or found[0] is not person:
            found = (person, self._person(person))
            self.people[id(person)] = found
        return found[1]

    def _person(self, person: Participant) -> _Person | None:
        show_name = person.consent.name.allows(self.audience)
        # An address usually spells its owner's name, so it goes out only
        # with the name, as in meetupkit.privacy.
        show_mail = (
            show_name
            and person.consent.contact.allows(self.audience)
            and person.email is not None
        )
        if not show_name:
            return None
        address = (
            f"mailto:{person.email}" if show_mail else "urn:x-meetupkit:hidden"
        )
        name = _clean(person.name).replace("\n", " ")
        chair = Role.ORGANIZER in person.roles or Role.HOST in person.roles
        return _Person(address, name, "CHAIR" if chair else "REQ-PARTICIPANT")

    def event(
        self,
        view: _View,
        *,
        uid: str,
        status: str,
        sequence: int,
        topics: tuple[TopicWish, ...],
        people: tuple[Participant, ...] = (),
    ) -> list[_Line]:
        lines = [
            _Line("UID", _ITEXT, uid),
            _Line("DTSTAMP", _TIME, self.dtstamp),
        ]
        self.moment(lines, "DTSTART", view.start)
        lines.append(_Line("DURATION", _INLINE, _exact(view.duration)))
        lines.append(
            _Line(
                "SUMMARY",
                _TEXT,
                _clean(view.title),
                {"LANGUAGE": view.language} if view.language else None,
            )
        )
        description = _compose(view.description, _tail(view))
        if description is not None:
            lines.append(_Line("DESCRIPTION", _TEXT, _clean(description)))
        location = _location(view)
        if location is not None:
            lines.append(_Line("LOCATION", _TEXT, _clean(location)))
        if view.venue is not None and view.venue.geo is not None:
            geo = view.venue.geo
            lines.append(
                _Line(
                    "GEO", _INLINE, f"{_decimal(geo.lat)};{_decimal(geo.lon)}"
                )
            )
        if view.url is not None:
            lines.append(_Line("URL", _RAW, view.url))
        lines.append(_Line("STATUS", _ITEXT, status))
        if sequence:
            lines.append(_Line("SEQUENCE", _INT, sequence))
        if view.venue is not None:
            lines.append(
                _Line(f"{_X}VENUE", _TEXT, _clean(self.document(view.venue)))
            )
        if view.room is not None:
            lines.append(_Line(f"{_X}ROOM", _TEXT, _clean(view.room.name)))
        if view.reason is not None:
            lines.append(_Line(f"{_X}REASON", _TEXT, _clean(view.reason)))
        lines.extend(
            _Line(
                f"{_X}TOPIC",
                _TEXT,
                _clean(_document(_carried_topic(topic))),
            )
            for topic in topics
        )
        if self.attendees:
            for person in people:
                found = self.person(person)
                if found is not None:
                    lines.append(
                        _Line(
                            "ATTENDEE",
                            _RAW,
                            found.address,
                            {"CN": found.name, "ROLE": found.role},
                        )
                    )
        return lines

    def series(self, series: Series) -> list[list[_Line]]:
        view = _View(
            title=series.title,
            start=series.start,
            duration=series.duration,
            description=series.description,
            venue=series.venue,
            room=series.room,
            url=series.url,
            language=series.language,
            listed=series.topics,
            reason=None,
            invitation_url=series.invitation_url,
            invitation_channel=series.invitation_channel,
        )
        master = self.event(
            view,
            uid=series.uid,
            status="CONFIRMED",
            sequence=0,
            topics=series.topics,
        )
        master.append(_Line("RRULE", _INLINE, str(series.recurrence)))
        if series.recurrence.until is not None:
            until = series.recurrence.until
            self.years.setdefault("", []).append(
                min(until.year, series.start.year + 60)
            )
        for extra in series.extra_dates:
            self.moment(master, "RDATE", extra)
        for override in series.overrides:
            if override.cancelled:
                self.moment(master, "EXDATE", override.original_start)
        if series.hashtag is not None:
            master.append(_Line("CATEGORIES", _LIST, [_clean(series.hashtag)]))
            master.append(_Line(f"{_X}HASHTAG", _TEXT, _clean(series.hashtag)))
        if series.invitation_url is not None:
            master.append(
                _Line(
                    f"{_X}INVITATION-URL",
                    _TEXT,
                    _clean(series.invitation_url),
                )
            )
        if series.invitation_channel is not None:
            master.append(
                _Line(
                    f"{_X}INVITATION-CHANNEL",
                    _TEXT,
                    _clean(series.invitation_channel),
                )
            )
        if self.attendees:
            for person in series.organizers:
                found = self.person(person)
                if found is not None:
                    master.append(
                        _Line(
                            "ORGANIZER",
                            _RAW,
                            found.address,
                            {"CN": found.name},
                        )
                    )
                    break
        events = [master]
        for override in series.overrides:
            if override.cancelled:
                continue
            events.append(self.override(series, view, override))
        return events

    def override(
        self, series: Series, master: _View, override: Override
    ) -> list[_Line]:
        venue = override.venue or series.venue
        room = override.room
        if room is None and override.venue is None:
            room = series.room
        view = master._replace(
            title=override.title or series.title,
            start=override.start or override.original_start,
            duration=override.duration or series.duration,
            description=override.description or series.description,
            venue=venue,
            room=room,
            url=override.url or series.url,
            listed=series.planned_topics(override.original_start)
            + override.topics,
            reason=override.reason,
        )
        lines = self.event(
            view,
            uid=series.uid,
            status="CONFIRMED",
            sequence=override.sequence,
            topics=override.topics,
            people=override.participants,
        )
        self.moment(lines, "RECURRENCE-ID", override.original_start)
        return lines

    def meetup(self, meetup: Meetup) -> list[_Line]:
        view = _View(
            title=meetup.title,
            start=meetup.start,
            duration=meetup.duration,
            description=meetup.description,
            venue=meetup.venue,
            room=meetup.room,
            url=meetup.url,
            language=meetup.language,
            listed=meetup.topics,
            reason=meetup.status_reason,
            invitation_url=None,
            invitation_channel=None,
        )
        return self.event(
            view,
            uid=meetup.uid,
            status="CANCELLED" if meetup.is_cancelled else "CONFIRMED",
            sequence=meetup.sequence,
            topics=meetup.topics,
            people=meetup.participants,
        )

    def component(self, lines: list[_Line]) -> icalendar.Event:
        """Build the icalendar ``Event`` of *lines*."""
        event = self.ical.Event()
        text = _text_type()
        inline = self.ical.prop.vInline
        for name, kind, value, params in lines:
            if kind == _TEXT:
                value = text(value)  # noqa: PLW2901 - typed for icalendar
            elif kind == _INLINE:
                value = inline(value)  # noqa: PLW2901 - typed for icalendar
            event.add(name, value, parameters=params or {})
        return event

    def timezones(self) -> list[icalendar.Timezone]:
        ical = self.ical
        result = []
        extra = self.years.get("", [])
        for tzid in sorted(self.zones):
            zone = self.zones[tzid]
            component = ical.Timezone()
            component.add("tzid", tzid)
            years = self.years[tzid]
            first, last = min(years), max(years + extra)
            if isinstance(zone, ZoneInfo):
                observances = _vtimezone.observances(zone, first, last)
            else:
                offset = zone.utcoffset(None)
                assert offset is not None  # noqa: S101 - fixed offset
                observances = [
                    _vtimezone.Observance(
                        "STANDARD",
                        datetime(1970, 1, 1),  # noqa: DTZ001 - local
                        offset,
                        offset,
                        tzid,
                    )
                ]
            for item in observances:
                part = (
                    ical.TimezoneDaylight()
                    if item.kind == "DAYLIGHT"
                    else ical.TimezoneStandard()
                )
                part.add("dtstart", item.start)
                part.add("tzoffsetfrom", item.offset_from)
                part.add("tzoffsetto", item.offset_to)
                if item.name:
                    part.add("tzname", item.name)
                if item.rrule is not None:
                    part.add("rrule", ical.prop.vInline(item.rrule))
                for rdate in item.rdates:
                    part.add("rdate", rdate)
                component.add_component(part)
            result.append(component)
        return result


_UTC_KEYS: Final = frozenset(
    {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal"}
    | {"Zulu", "Etc/Zulu", "Etc/GMT", "GMT", "Etc/GMT0", "GMT0", "Greenwich"}
    | {"Etc/Greenwich", "Etc/GMT+0", "Etc/GMT-0", "GMT+0", "GMT-0"}
)


def _is_utc(zone: tzinfo | None) -> bool:
    """Whether *zone* is UTC itself, written with ``Z`` (no VTIMEZONE)."""
    if isinstance(zone, ZoneInfo):
        return zone.key in _UTC_KEYS
    return zone is not None and zone.utcoffset(None) == timedelta(0)


def _exact(duration: timedelta) -> str:
    """Write *duration* in hours, minutes and seconds, never days.

    RFC 5545 §3.3.6 makes a day in a duration nominal (23 or 25 hours on a
    daylight-saving day), but a meetup's duration is exact.
    """
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    text += f"{hours}H" if hours else ""
    text += f"{minutes}M" if minutes else ""
    text += f"{seconds}S" if seconds or text == "PT" else ""
    return text


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


@cache
def _text_type() -> type[icalendar.vText]:
    import icalendar  # noqa: PLC0415 - loaded on first use

    class Text(icalendar.vText):
        """TEXT escaped exactly as RFC 5545 §3.3.11 says.

        icalendar's own escaping reads a literal backslash-N as a line
        break, so text with it would not come back unchanged.
        """

        def to_ical(self) -> bytes:
            return _escape(str(self)).encode("utf-8")

    return Text


def _decimal(number: float) -> str:
    return format(Decimal(repr(float(number))), "f")


def _document(obj: Any) -> str:
    from .serialize import to_dict  # noqa: PLC0415 - cattrs on first use

    return json.dumps(
        to_dict(_clean_texts(obj)),
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def to_calendar(
    items: Item | Iterable[Item],
    *,
    name: str | None = None,
    audience: Audience = Audience.PUBLIC,
    dtstamp: datetime | None = None,
    attendees: bool = False,
    refresh_interval: timedelta | None = None,
) -> icalendar.Calendar:
    """Return *items* as an ``icalendar.Calendar`` to add to or write out.

    Takes the same arguments as :func:`to_ical`, which writes this calendar
    as bytes (``calendar.to_ical()`` gives the same bytes, more slowly).

    Examples:
        >>> from meetupkit import Series
        >>> calendar = to_calendar(Series.example(), name="#SoMeWI")
        >>> [c.name for c in calendar.subcomponents]
        ['VTIMEZONE', 'VEVENT']
        >>> str(calendar["X-WR-CALNAME"])
        '#SoMeWI'
    """
    export, events = _export(
        items, audience=audience, dtstamp=dtstamp, attendees=attendees
    )
    calendar = _calendar(export, name=name, refresh_interval=refresh_interval)
    for lines in events:
        calendar.add_component(export.component(lines))
    return calendar


def _export(
    items: Item | Iterable[Item],
    *,
    audience: Audience,
    dtstamp: datetime | None,
    attendees: bool,
) -> tuple[_Export, list[list[_Line]]]:
    """Check the arguments; return the export and each event's lines."""
    found = _as_items(items)
    if dtstamp is None:
        dtstamp = datetime.now(UTC).replace(microsecond=0)
    else:
        dtstamp = _time.check_aware(dtstamp, "dtstamp").astimezone(UTC)
    export = _Export(audience=audience, dtstamp=dtstamp, attendees=attendees)
    events: list[list[_Line]] = []
    for item in found:
        if isinstance(item, Series):
            events.extend(export.series(item))
        else:
            events.append(export.meetup(item))
    return export, events


def _calendar(
    export: _Export, *, name: str | None, refresh_interval: timedelta | None
) -> icalendar.Calendar:
    """The calendar's own properties and VTIMEZONEs, without the events."""
    import icalendar  # noqa: PLC0415 - loaded on first use

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        # icalendar does not know NAME as TEXT: escape it ourselves, so that
        # no calendar name can start a new line or property.
        calendar.add("name", _text_type()(_clean(name)))
        calendar.add("x-wr-calname", _text_type()(_clean(name)))
    if refresh_interval is not None:
        calendar.add(
            "refresh-interval",
            icalendar.vDuration(refresh_interval),
            parameters={"VALUE": "DURATION"},
        )
        calendar.add("x-published-ttl", icalendar.vDuration(refresh_interval))
    for component in export.timezones():
        calendar.add_component(component)
    return calendar


def to_ical(
    items: Item | Iterable[Item],
    *,
    name: str | None = None,
    audience: Audience = Audience.PUBLIC,
    dtstamp: datetime | None = None,
    attendees: bool = False,
    refresh_interval: timedelta | None = None,
) -> bytes:
    """Write series and meetups as an iCalendar stream (UTF-8, CRLF lines).

    The bytes are exactly those of ``to_calendar(...).to_ical()``; the
    events are written by meetupkit itself rather than through icalendar's
    objects, which makes large calendars several times faster.

    Args:
        items: A :class:`~meetupkit.Series`, a :class:`~meetupkit.Meetup`,
            or an iterable of them.
        name: The calendar's name (``NAME`` and ``X-WR-CALNAME``).
        audience: Who will read the calendar; only what participants
            released to this audience is written.
        dtstamp: The ``DTSTAMP`` of every event, aware.  Give it to get
            byte-for-byte reproducible output; the current time otherwise.
        attendees: Write ``ORGANIZER`` and ``ATTENDEE`` lines for the people
            whose consent releases their name to *audience* (with their
            email if their contact is released too).  Off
            by default: no personal data leaves the library unasked.
        refresh_interval: How often subscribers should reload
            (``REFRESH-INTERVAL`` and ``X-PUBLISHED-TTL``).

    Returns:
        The calendar; lines end in CRLF and are folded at 75 octets without
        splitting a UTF-8 sequence.

    Raises:
        InvalidTypeError: *items* holds something else.
        NaiveDatetimeError: *dtstamp* has no zone.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from meetupkit import Series
        >>> data = to_ical(Series.example(),
        ...                dtstamp=datetime(2014, 9, 1, tzinfo=UTC))
        >>> print(data.decode().split("BEGIN:VEVENT")[0])  # doctest: +NORMALIZE_WHITESPACE
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//meetupkit//meetupkit//EN
        CALSCALE:GREGORIAN
        METHOD:PUBLISH
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        BEGIN:DAYLIGHT
        DTSTART:20130331T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        TZNAME:CEST
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        END:DAYLIGHT
        BEGIN:STANDARD
        DTSTART:20131027T030000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        TZNAME:CET
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        END:STANDARD
        END:VTIMEZONE
    """
    export, events = _export(
        items, audience=audience, dtstamp=dtstamp, attendees=attendees
    )
    calendar = _calendar(export, name=name, refresh_interval=refresh_interval)
    head: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    return b"".join([head.removesuffix(end), *map(_write_event, events), end])


# -- export: the direct writer ----------------------------------------------
#
# to_ical writes the events itself instead of building icalendar objects and
# calling their to_ical(), which spends most of its time folding lines one
# character at a time.  The result is byte for byte what icalendar 7.3
# writes for the same calendar (tests/test_ical.py proves it for generated
# series and meetups): the same property order, escaping, parameter quoting
# and folding.  The calendar's own properties and the VTIMEZONEs, a few
# lines, are still written by icalendar.

# icalendar's Event.canonical_order; other properties follow by name.
_EVENT_ORDER: Final = {
    name: (0, index)
    for index, name in enumerate(
        (
            "SUMMARY",
            "DTSTART",
            "DTEND",
            "DURATION",
            "DTSTAMP",
            "UID",
            "RECURRENCE-ID",
            "SEQUENCE",
            "RRULE",
            "RDATE",
            "EXDATE",
        )
    )
}
# Parameter values quoted whatever they hold (RFC 5545 §3.2), and the
# characters that make icalendar quote a value of CN or any value.
_ALWAYS_QUOTED: Final = frozenset(
    {
        "ALTREP",
        "DELEGATED-FROM",
        "DELEGATED-TO",
        "DIR",
        "MEMBER",
        "SENT-BY",
        "X-ADDRESS",
        "X-TITLE",
        "LINKREL",
    }
)
_QUOTE_CN: Final = re.compile("[ ']")
_QUOTE: Final = re.compile("[,;:\u2019]")
# RFC 6868 escapes in parameter values.
_CARET: Final = re.compile(r'\^|\r\n|\r|\n|"')
_CARETS: Final = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}
_FOLD: Final = 75


def _order(line: _Line) -> tuple[int, int | str]:
    return _EVENT_ORDER.get(line.name, (1, line.name))


def _ical_escape(text: str) -> str:
    """Escape TEXT as icalendar's ``vText`` does (UID, STATUS, CATEGORIES).

    Unlike :func:`_escape`, it reads a literal backslash-N as a line break.
    """
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _caret(match: re.Match[str]) -> str:
    return _CARETS[match[0]]


def _param_out(key: str, value: str) -> str:
    """Write one parameter value: RFC 6868 escapes, quoted where needed."""
    text = _CARET.sub(_caret, value) if _CARET.search(value) else value
    if (
        key in _ALWAYS_QUOTED
        or (key == "CN" and _QUOTE_CN.search(value))
        or _QUOTE.search(text)
    ):
        return f'"{text}"'
    return text


def _params_out(params: dict[str, str]) -> str:
    return "".join(
        f";{key}={_param_out(key, params[key])}"
        for key in sorted(params)
        if not (key == "TZID" and params[key] == "UTC")
    )


def _stamp(moment: datetime) -> str:
    text = (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )
    return text if moment.tzinfo is None else text + "Z"


def _fold(line: bytes) -> bytes:
    """Fold a content line longer than 74 octets, as icalendar does.

    Each part but the first starts with a space and holds at most 74
    octets after it; no part ends inside a UTF-8 sequence, and a backslash
    or caret that would end a part starts the next one instead, so that no
    escape is split.
    """
    parts = []
    start = 0
    size = len(line)
    limit = _FOLD - 1
    while size - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # noqa: PLR2004 - a continuation byte
            cut -= 1
        if line[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(line[start:cut])
        start = cut
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _value_out(kind: int, value: Any) -> str:
    if kind == _TEXT:
        return _escape(value)
    if kind == _TIME:
        return _stamp(value)
    if kind == _ITEXT:
        return _ical_escape(value)
    if kind == _INT:
        return str(value)
    if kind == _LIST:
        return ",".join(_ical_escape(item) for item in value)
    text: str = value
    return text


def _write_event(lines: list[_Line]) -> bytes:
    """Write one VEVENT, CRLF after every line, folded at 75 octets."""
    out = [b"BEGIN:VEVENT"]
    for name, kind, value, params in sorted(lines, key=_order):
        text = _value_out(kind, value)
        line = (
            f"{name}{_params_out(params)}:{text}"
            if params
            else f"{name}:{text}"
        )
        if "\n" in line or "\r" in line:
            raise InvalidValueError(
                name.lower(),
                "holds a line break where iCalendar allows none",
                hint="remove the line break",
            )
        raw = line.encode("utf-8")
        out.append(raw if len(raw) < _FOLD else _fold(raw))
    out.append(b"END:VEVENT\r\n")
    return b"\r\n".join(out)


# -- import: lines and components ------------------------------------------


class _Prop(NamedTuple):
    name: str
    params: dict[str, str]
    value: str
    line: int


class _Component:
    __slots__ = ("children", "line", "name", "props")

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.props: list[_Prop] = []
        self.children: list[_Component] = []

    def all(self, name: str) -> list[_Prop]:
        return [prop for prop in self.props if prop.name == name]

    def one(self, name: str) -> _Prop | None:
        found = self.all(name)
        if len(found) > 1:
            raise ICalError(
                name,
                f"given {len(found)} times in the {self.name} of line"
                f" {self.line}",
                hint="RFC 5545 allows it once; remove the others",
                line_number=found[1].line,
            )
        return found[0] if found else None


_PARAM_VALUE: Final = r'(?:"[^"]*"|[^";:,]*)'
_CONTENT_LINE: Final = re.compile(
    rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)*):(.*)",
    re.DOTALL,
)
_PARAM: Final = re.compile(
    rf";([A-Za-z0-9-]+)=({_PARAM_VALUE}(?:,{_PARAM_VALUE})*)"
)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large(len(data))
        text = data
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > MAX_INPUT_BYTES:
            raise _too_large(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            number = raw.count(b"\n", 0, exc.start) + 1
            start = raw.rfind(b"\n", 0, exc.start) + 1
            line = raw[start : exc.start].decode("utf-8", "replace")
            raise ICalError(
                "",
                f"invalid UTF-8 at byte {exc.start}",
                hint="save the file as UTF-8 (RFC 5545 §3.1.4)",
                line_number=number,
                line=line,
            ) from None
    else:
        raise InvalidTypeError(
            "data",
            f"expected bytes or str, got {type(data).__name__}",
            hint="pass the calendar's bytes or text",
        )
    return text.removeprefix("\ufeff")


def _too_large(size: int) -> ICalError:
    return ICalError(
        "",
        f"input is {size} bytes, more than the limit of {MAX_INPUT_BYTES}",
        hint="split the calendar, or read it in parts",
    )


def _unfold(text: str) -> list[tuple[int, str]]:
    """Return ``(first physical line number, content line)`` pairs."""
    result: list[tuple[int, str]] = []
    parts: list[str] = []
    start = 0
    size = 0
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    for number, raw in enumerate(physical, start=1):
        line = raw.removesuffix("\r")
        if line[:1] in {" ", "\t"}:
            if not parts:
                raise ICalError(
                    "",
                    "a folded continuation line with nothing to continue",
                    hint="the stream must start with BEGIN:VCALENDAR",
                    line_number=number,
                    line=line,
                )
            parts.append(line[1:])
            size += len(line) - 1
        else:
            if parts:
                result.append((start, "".join(parts)))
            if not line:
                parts = []
                size = 0
                continue
            parts = [line]
            start = number
            size = len(line)
        if size > MAX_LINE_CHARS:
            raise ICalError(
                "",
                f"a content line is longer than {MAX_LINE_CHARS} characters",
                hint="shorten the text",
                line_number=start,
                line=parts[0],
            )
    if parts:
        result.append((start, "".join(parts)))
    return result


def _parse(data: bytes | str) -> list[_Component]:
    lines = _unfold(_decode(data))
    if not lines:
        raise ICalError("", "the input is empty", hint="pass a calendar")
    first_number, first = lines[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        looks = (
            "HTML (an error page?)"
            if first.lstrip().startswith("<")
            else ("something else")
        )
        raise ICalError(
            "",
            f"not iCalendar: the data starts with {first[:40]!r}, which looks"
            f" like {looks}",
            hint="check the URL or file; a calendar starts with"
            " BEGIN:VCALENDAR",
            line_number=first_number,
            line=first,
        )
    calendars: list[_Component] = []
    stack: list[_Component] = []
    count = 0
    for number, line in lines:
        match = _CONTENT_LINE.fullmatch(line)
        if match is None:
            raise ICalError(
                "",
                f"not a content line: {line[:40]!r}",
                hint="write NAME;PARAM=value:VALUE",
                line_number=number,
                line=line,
            )
        name = match[1].upper()
        value = match[3]
        if name == "BEGIN":
            kind = value.strip().upper()
            if not stack and kind != "VCALENDAR":
                raise ICalError(
                    "BEGIN",
                    f"{kind[:30]} outside a VCALENDAR",
                    hint="put components inside BEGIN:VCALENDAR … "
                    "END:VCALENDAR",
                    line_number=number,
                    line=line,
                )
            if len(stack) >= MAX_DEPTH:
                raise ICalError(
                    "BEGIN",
                    f"components nested deeper than {MAX_DEPTH}",
                    hint="iCalendar needs at most VCALENDAR > VEVENT > VALARM",
                    line_number=number,
                    line=line,
                )
            count += 1
            if count > MAX_COMPONENTS:
                raise ICalError(
                    "BEGIN",
                    f"more than {MAX_COMPONENTS} components",
                    hint="split the calendar",
                    line_number=number,
                    line=line,
                )
            component = _Component(kind, number)
            if stack:
                stack[-1].children.append(component)
            else:
                calendars.append(component)
            stack.append(component)
            continue
        if name == "END":
            kind = value.strip().upper()
            if not stack:
                raise ICalError(
                    "END",
                    f"END:{kind[:30]} without a BEGIN",
                    hint="remove it, or add the BEGIN it closes",
                    line_number=number,
                    line=line,
                )
            if kind != stack[-1].name:
                raise ICalError(
                    "END",
                    f"END:{kind[:30]} closes the {stack[-1].name} opened on"
                    f" line {stack[-1].line}",
                    hint=f"write END:{stack[-1].name}",
                    line_number=number,
                    line=line,
                )
            stack.pop()
            continue
        if not stack:
            raise ICalError(
                name[:30],
                "property after END:VCALENDAR",
                hint="the stream ends with END:VCALENDAR; remove what follows",
                line_number=number,
                line=line,
            )
        params = {key.upper(): raw for key, raw in _PARAM.findall(match[2])}
        stack[-1].props.append(_Prop(name, params, value, number))
    if stack:
        raise ICalError(
            "",
            f"the stream ends inside the {stack[-1].name} opened on line"
            f" {stack[-1].line}: truncated, no END:VCALENDAR",
            hint="download the calendar again; nothing was imported",
            line_number=lines[-1][0],
            line=lines[-1][1],
        )
    return calendars


# -- import: values ---------------------------------------------------------

_ESCAPE: Final = re.compile(r"\\(.)", re.DOTALL)
_DATE_TIME: Final = re.compile(
    r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z?))?"
)
_DURATION: Final = re.compile(
    r"([+-])?P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)"
)


def _unescape(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match[1]
        return "\n" if char in {"n", "N"} else char

    return _ESCAPE.sub(replace, value)


def _split_list(value: str) -> list[str]:
    return [_unescape(part) for part in re.split(r"(?<!\\),", value) if part]


def _param(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':  # noqa: PLR2004
        value = value[1:-1]
    return value.replace("^n", "\n").replace("^'", '"').replace("^^", "^")


def _error(prop: _Prop, problem: str, hint: str) -> ICalError:
    return ICalError(
        prop.name,
        problem,
        hint=hint,
        line_number=prop.line,
        line=f"{prop.name}:{prop.value}",
    )


class _Reader:
    """Reads one VCALENDAR: resolves TZIDs, turns values into Python."""

    def __init__(
        self, calendar: _Component, default_tz: tzinfo | None
    ) -> None:
        self.default_tz = default_tz
        self.definitions = {}
        for child in calendar.children:
            if child.name == "VTIMEZONE":
                tzid = child.one("TZID")
                if tzid is not None:
                    self.definitions[tzid.value] = child
        self.resolved: dict[str, tzinfo] = {}

    def zone(self, prop: _Prop, tzid: str) -> tzinfo:
        found = self.resolved.get(tzid)
        if found is None:
            found = self._zone(prop, tzid)
            self.resolved[tzid] = found
        return found

    def _zone(self, prop: _Prop, tzid: str) -> tzinfo:
        iana = _iana(tzid)
        if iana is not None:
            return iana
        definition = self.definitions.get(tzid)
        if definition is None:
            raise _error(
                prop,
                f"TZID {tzid[:60]!r} is neither an IANA zone nor defined by a"
                " VTIMEZONE in the file",
                "use an IANA name such as Europe/Berlin, or add its VTIMEZONE",
            )
        return _custom_zone(definition, tzid)

    def moments(self, prop: _Prop) -> list[datetime | date]:
        if prop.params.get("VALUE", "").upper() == "PERIOD":
            raise _error(
                prop,
                "periods are not supported",
                "give each date-time on its own",
            )
        return [self.moment(prop, part) for part in prop.value.split(",")]

    def moment(self, prop: _Prop, text: str | None = None) -> datetime | date:
        text = (prop.value if text is None else text).strip()
        match = _DATE_TIME.fullmatch(text)
        if match is None:
            raise _error(
                prop,
                f"{text[:30]!r} is not a date or date-time",
                "write it like 20140924T190000 or 20140924",
            )
        numbers = [int(part) for part in match.groups()[:6] if part]
        try:
            if match[4] is None:
                return date(*numbers)
            naive = datetime(*numbers[:6])  # type: ignore[arg-type]  # noqa: DTZ001
        except ValueError as exc:
            raise _error(
                prop,
                f"{text[:30]!r} is an impossible date ({exc})",
                "check day and month",
            ) from None
        if match[7]:
            return naive.replace(tzinfo=UTC)
        tzid = prop.params.get("TZID")
        if tzid is not None:
            zone = self.zone(prop, _param(tzid))
        elif self.default_tz is not None:
            zone = self.default_tz
        else:
            raise _error(
                prop,
                f"{text} is a floating time (no TZID, no Z)",
                "pass default_tz=ZoneInfo(...) to say where it is",
            )
        return _time.normalize(naive.replace(tzinfo=zone))

    def start(self, prop: _Prop) -> datetime:
        value = self.moment(prop)
        if isinstance(value, datetime):
            return value
        zone = self.default_tz
        if zone is None:
            raise _error(
                prop,
                "an all-day date has no time zone",
                "pass default_tz=ZoneInfo(...) to place it",
            )
        return datetime.combine(value, datetime.min.time(), tzinfo=zone)


@cache
def _iana(tzid: str) -> ZoneInfo | None:
    from icalendar.timezone.windows_to_olson import (  # noqa: PLC0415
        WINDOWS_TO_OLSON,
    )

    names = [tzid]
    if "/" in tzid:
        pieces = tzid.strip("/").split("/")
        names += ["/".join(pieces[i:]) for i in range(1, len(pieces))]
    mapped = WINDOWS_TO_OLSON.get(tzid)
    if mapped:
        names.append(mapped)
    for name in names:
        if not re.fullmatch(
            r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*", name
        ):
            continue
        try:
            return _time.load_zone(name)
        except MeetupkitError:
            continue
    return None


def _offset(prop: _Prop) -> timedelta:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)(\d\d)?", prop.value.strip())
    if match is None:
        raise _error(
            prop, f"{prop.value[:20]!r} is not a UTC offset", "write +0100"
        )
    value = timedelta(
        hours=int(match[2]), minutes=int(match[3]), seconds=int(match[4] or 0)
    )
    return -value if match[1] == "-" else value


def _custom_zone(definition: _Component, tzid: str) -> tzinfo:
    """Return a tzinfo for a VTIMEZONE whose TZID is no IANA name."""
    items = []
    for child in definition.children:
        if child.name not in {"STANDARD", "DAYLIGHT"}:
            continue
        start = child.one("DTSTART")
        offset_from = child.one("TZOFFSETFROM")
        offset_to = child.one("TZOFFSETTO")
        if start is None or offset_from is None or offset_to is None:
            raise ICalError(
                "VTIMEZONE",
                f"{child.name} of {tzid[:40]!r} lacks DTSTART, TZOFFSETFROM"
                " or TZOFFSETTO",
                hint="RFC 5545 §3.6.5 requires all three",
                line_number=child.line,
            )
        reader = _Reader(_Component("VCALENDAR", 0), UTC)
        onset = reader.moment(start)
        if not isinstance(onset, datetime):
            raise _error(start, "must be a local date-time", "add a time")
        rule = child.one("RRULE")
        rdates = [
            moment.replace(tzinfo=None)
            for prop in child.all("RDATE")
            for moment in reader.moments(prop)
            if isinstance(moment, datetime)
        ]
        items.append(
            _vtimezone.Observance(
                child.name,
                onset.replace(tzinfo=None),
                _offset(offset_from),
                _offset(offset_to),
                "",
                rule.value if rule is not None else None,
                tuple(rdates),
            )
        )
    if not items:
        raise ICalError(
            "VTIMEZONE",
            f"{tzid[:40]!r} has no STANDARD or DAYLIGHT part",
            hint="RFC 5545 §3.6.5 requires at least one",
            line_number=definition.line,
        )
    offsets = {item.offset_to for item in items}
    if len(offsets) == 1:
        (offset,) = offsets
        return UTC if offset == timedelta(0) else timezone(offset)
    latest = max(item.start for item in items).year
    try:
        changes = _vtimezone.utc_transitions(
            items,
            datetime(latest + 3, 1, 1),  # noqa: DTZ001 - local
        )
    except (ValueError, TypeError) as exc:
        raise ICalError(
            "VTIMEZONE",
            f"cannot evaluate {tzid[:40]!r}: {exc}",
            hint="check its RRULE and RDATE values",
            line_number=definition.line,
        ) from None
    window = [
        (moment, after)
        for moment, _, after in changes
        if datetime(latest, 1, 1, tzinfo=UTC)
        <= moment
        < datetime(latest + 3, 1, 1, tzinfo=UTC)
    ]
    zone = _match_zone(tuple(window), latest)
    if zone is None:
        raise ICalError(
            "TZID",
            f"{tzid[:60]!r} is defined by a VTIMEZONE that matches no IANA"
            " zone",
            hint="use an IANA name such as Europe/Berlin",
            line_number=definition.line,
        )
    return zone


@cache
def _match_zone(
    window: tuple[tuple[datetime, timedelta], ...], year: int
) -> ZoneInfo | None:
    from zoneinfo import available_timezones  # noqa: PLC0415

    if not window:
        return None
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 3, 1, 1, tzinfo=UTC)
    for key in sorted(available_timezones()):
        if key.startswith(("Etc/", "SystemV/")) or "/" not in key:
            continue
        zone = ZoneInfo(key)
        if any(
            moment.astimezone(zone).utcoffset() != after
            for moment, after in window
        ):
            continue
        found = [
            (item.utc, item.after)
            for item in _vtimezone.transitions(zone, start, end)
            if item.before != item.after
        ]
        if tuple(found) == window:
            return zone
    return None


# -- import: events ---------------------------------------------------------


def _text(component: _Component, name: str) -> str | None:
    prop = component.one(name)
    if prop is None:
        return None
    text = _unescape(prop.value)
    return text if text.strip() else None


def _url(prop: _Prop | None) -> str | None:
    if prop is None:
        return None
    value = _unescape(prop.value).strip()
    if value.lower().replace("\t", "").startswith("javascript:"):
        warnings.warn(
            f"line {prop.line}: dropped a javascript: URL in {prop.name}",
            ICalWarning,
            stacklevel=4,
        )
        return None
    from ._validate import check_url  # noqa: PLC0415

    try:
        return check_url(prop.name, value)
    except MeetupkitError:
        warnings.warn(
            f"line {prop.line}: dropped {prop.name} {value[:40]!r}, not an"
            " http or https URL",
            ICalWarning,
            stacklevel=4,
        )
        return None


def _structured(prop: _Prop, kind: type[Any]) -> Any:
    from .serialize import from_dict  # noqa: PLC0415 - cattrs on first use

    try:
        return from_dict(kind, json.loads(_unescape(prop.value)))
    except (ValueError, MeetupkitError) as exc:
        raise _error(
            prop,
            f"not a valid {kind.__name__} document: {str(exc)[:80]}",
            "remove the property or fix its JSON",
        ) from None


class _Event:
    """One VEVENT, read into a view and the rest."""

    def __init__(self, component: _Component, reader: _Reader) -> None:
        self.component = component
        self.line = component.line
        uid = component.one("UID")
        self.uid = _unescape(uid.value).strip() if uid is not None else None
        start = component.one("DTSTART")
        if start is None:
            raise ICalError(
                "DTSTART",
                f"the VEVENT of line {component.line} has no DTSTART",
                hint="every meetup needs a start",
                line_number=component.line,
            )
        self.start_prop = start
        self.start = reader.start(start)
        self.duration = self._duration(reader)
        rid = component.one("RECURRENCE-ID")
        self.recurrence_id: datetime | None = None
        if rid is not None:
            if rid.params.get("RANGE"):
                raise _error(
                    rid,
                    "RANGE=THISANDFUTURE is not supported",
                    "split the series into two instead",
                )
            self.recurrence_id = reader.start(rid)
        self.rrules = component.all("RRULE")
        self.reader = reader
        summary = component.one("SUMMARY")
        self.title = _text(component, "SUMMARY") or "(untitled)"
        language = summary.params.get("LANGUAGE") if summary else None
        self.language = _param(language) if language else None
        self.description = _text(component, "DESCRIPTION")
        self.url = _url(component.one("URL"))
        self.venue, self.room = self._place()
        self.reason = _text(component, f"{_X}REASON")
        self.topics = tuple(
            _structured(prop, TopicWish)
            for prop in component.all(f"{_X}TOPIC")
        )
        status = component.one("STATUS")
        self.cancelled = (
            status is not None and status.value.strip().upper() == "CANCELLED"
        )
        sequence = component.one("SEQUENCE")
        self.sequence = 0
        if sequence is not None:
            if not re.fullmatch(r"\d{1,6}", sequence.value.strip()):
                raise _error(
                    sequence,
                    f"{sequence.value[:20]!r} is not a sequence number",
                    "use 0 or more",
                )
            self.sequence = int(sequence.value)
        self.hashtag = _text(component, f"{_X}HASHTAG")
        if self.hashtag is None:
            for prop in component.all("CATEGORIES"):
                tags = [
                    t for t in _split_list(prop.value) if t.startswith("#")
                ]
                if tags and self.hashtag is None:
                    self.hashtag = tags[0]
        self.invitation_url = _url(component.one(f"{_X}INVITATION-URL"))
        self.invitation_channel = _text(component, f"{_X}INVITATION-CHANNEL")
        self.people = tuple(
            person
            for prop in component.all("ATTENDEE")
            if (person := _person(prop)) is not None
        )
        organizer = component.one("ORGANIZER")
        found = _person(organizer, Role.ORGANIZER) if organizer else None
        self.organizers = (found,) if found is not None else ()

    def _duration(self, reader: _Reader) -> timedelta:
        component = self.component
        end = component.one("DTEND")
        duration = component.one("DURATION")
        if end is not None and duration is not None:
            raise _error(
                end,
                "DTEND and DURATION are both given",
                "RFC 5545 allows one of them",
            )
        if duration is not None:
            value = _parse_duration(duration)
        elif end is not None:
            moment = reader.moment(end)
            if isinstance(moment, datetime):
                value = moment - self.start
            else:
                begin = _time.as_date(self.start)
                value = timedelta(days=(moment - begin).days)
            if value <= timedelta(0):
                raise _error(
                    end,
                    f"DTEND {end.value[:20]} is not after DTSTART"
                    f" {self.start_prop.value[:20]} (line"
                    f" {self.start_prop.line})",
                    "the end must come after the start",
                )
        elif isinstance(
            reader.moment(self.start_prop), date
        ) and not isinstance(reader.moment(self.start_prop), datetime):
            value = timedelta(days=1)
        else:
            raise ICalError(
                "DTEND",
                f"the VEVENT of line {component.line} has neither DTEND nor"
                " DURATION",
                hint="add DTEND or DURATION; meetupkit needs an end",
                line_number=component.line,
            )
        if value <= timedelta(0) or value > timedelta(days=366):
            prop = duration or end
            assert prop is not None  # noqa: S101 - one was given
            raise _error(
                prop,
                f"duration {value} is not between a second and a year",
                "fix DTEND or DURATION",
            )
        return value

    def _place(self) -> tuple[Venue | None, Room | None]:
        component = self.component
        venue_prop = component.one(f"{_X}VENUE")
        venue: Venue | None = None
        if venue_prop is not None:
            venue = _structured(venue_prop, Venue)
        else:
            location = _text(component, "LOCATION")
            if location is not None:
                venue = Venue(name=location)
                geo = component.one("GEO")
                if geo is not None:
                    venue = attrs.evolve(venue, geo=_geo(geo))
        room: Room | None = None
        room_name = _text(component, f"{_X}ROOM")
        if room_name is not None and venue is not None:
            try:
                room = venue.room(room_name)
            except MeetupkitError as exc:
                prop = component.one(f"{_X}ROOM")
                assert prop is not None  # noqa: S101 - read just above
                raise _error(
                    prop, str(exc), "name a room of the venue"
                ) from None
        return venue, room

    def view(
        self,
        listed: tuple[TopicWish, ...],
        invitation: tuple[str | None, str | None],
        description: str | None = None,
    ) -> _View:
        view = _View(
            title=self.title,
            start=self.start,
            duration=self.duration,
            description=None,
            venue=self.venue,
            room=self.room,
            url=self.url,
            language=self.language,
            listed=listed,
            reason=self.reason,
            invitation_url=invitation[0],
            invitation_channel=invitation[1],
        )
        text = self.description if description is None else description
        return view._replace(description=_split(text, _tail(view)))


def _geo(prop: _Prop) -> Geo | None:
    match = re.fullmatch(
        r"\s*([+-]?\d+(?:\.\d*)?)\s*[;,]\s*([+-]?\d+(?:\.\d*)?)\s*", prop.value
    )
    if match is None:
        raise _error(
            prop, f"{prop.value[:30]!r} is not a position", "write 50.08;8.24"
        )
    try:
        return Geo(lat=float(match[1]), lon=float(match[2]))
    except MeetupkitError as exc:
        raise _error(prop, str(exc), "fix the position") from None


def _person(prop: _Prop, role: Role = Role.ATTENDEE) -> Participant | None:
    name = prop.params.get("CN")
    address = _unescape(prop.value).strip()
    email = address[7:] if address.lower().startswith("mailto:") else None
    label = _param(name).strip() if name else (email or "")
    if not label:
        return None
    try:
        return Participant(name=label, email=email, roles=(role,))
    except MeetupkitError:
        try:
            return Participant(name=label, roles=(role,))
        except MeetupkitError:
            return None


def _parse_duration(prop: _Prop) -> timedelta:
    match = _DURATION.fullmatch(prop.value.strip())
    if match is None or prop.value.strip().rstrip("T").endswith("P"):
        raise _error(
            prop,
            f"{prop.value[:30]!r} is not a duration",
            "write it like PT2H or P1DT30M",
        )
    sign, weeks, days, hours, minutes, seconds = match.groups()
    try:
        value = timedelta(
            weeks=int(weeks or 0),
            days=int(days or 0),
            hours=int(hours or 0),
            minutes=int(minutes or 0),
            seconds=int(seconds or 0),
        )
    except OverflowError:
        raise _error(prop, "duration too long", "shorten it") from None
    return -value if sign == "-" else value


def _series(master: _Event, overrides: list[_Event]) -> Series:
    component = master.component
    if len(master.rrules) > 1:
        raise _error(
            master.rrules[1],
            "a second RRULE",
            "meetupkit reads one rule per series; split it into two series",
        )
    rule_prop = master.rrules[0]
    try:
        recurrence = Recurrence.parse(_unescape(rule_prop.value))
    except MeetupkitError as exc:
        raise _error(rule_prop, str(exc), "fix the rule") from None
    reader = master.reader
    extra = [
        moment
        for prop in component.all("RDATE")
        for moment in _datetimes(reader, prop)
    ]
    excluded = [
        (moment, prop)
        for prop in component.all("EXDATE")
        for moment in _datetimes(reader, prop)
    ]
    invitation = (master.invitation_url, master.invitation_channel)
    view = master.view(master.topics, invitation)
    base: dict[str, Any] = {
        "title": master.title,
        "start": master.start,
        "duration": master.duration,
        "recurrence": recurrence,
        "hashtag": master.hashtag,
        "description": view.description,
        "venue": master.venue,
        "room": master.room,
        "organizers": master.organizers,
        "invitation_url": master.invitation_url,
        "invitation_channel": master.invitation_channel,
        "topics": master.topics,
        "url": master.url,
        "language": master.language,
    }
    if master.uid:
        base["uid"] = master.uid
    try:
        series = Series(
            **base, extra_dates=_unique(extra, master.start.tzinfo)
        )
    except MeetupkitError as exc:
        raise ICalError(
            exc.path,
            f"the series of line {master.line} is not valid: {exc.problem}",
            hint=exc.hint,
            line_number=master.line,
        ) from None
    latest = max(
        [moment for moment, _ in excluded]
        + [item.recurrence_id for item in overrides if item.recurrence_id],
        default=None,
    )
    known: set[datetime] = set()
    if latest is not None:
        known = {
            meetup.recurrence_id.astimezone(UTC)
            for meetup in series.meetups(
                series.start, latest + timedelta(seconds=1)
            )
            if meetup.recurrence_id is not None
        }
    result: dict[datetime, Override] = {}
    for moment, _ in excluded:
        key = moment.astimezone(UTC)
        if key in known:
            result[key] = Override(
                original_start=moment, cancelled=True, sequence=1
            )
    seen: dict[datetime, int] = {}
    for item in overrides:
        assert item.recurrence_id is not None  # noqa: S101 - sorted so
        key = item.recurrence_id.astimezone(UTC)
        if key in seen:
            raise ICalError(
                "RECURRENCE-ID",
                f"two VEVENTs for the meeting of {item.recurrence_id} (lines"
                f" {seen[key]} and {item.line})",
                hint="keep one of them",
                line_number=item.line,
            )
        seen[key] = item.line
        if key not in known or key in result:
            continue
        result[key] = _override(series, item, invitation)
    try:
        return attrs.evolve(series, overrides=tuple(result.values()))
    except MeetupkitError as exc:
        raise ICalError(
            exc.path,
            f"the series of line {master.line} is not valid: {exc.problem}",
            hint=exc.hint,
            line_number=master.line,
        ) from None


def _unique(
    moments: list[datetime], zone: tzinfo | None
) -> tuple[datetime, ...]:
    found: dict[datetime, datetime] = {}
    for moment in moments:
        found.setdefault(moment.astimezone(UTC), moment)
    del zone
    return tuple(found.values())


def _datetimes(reader: _Reader, prop: _Prop) -> list[datetime]:
    result = []
    for moment in reader.moments(prop):
        if isinstance(moment, datetime):
            result.append(moment)
        elif reader.default_tz is not None:
            result.append(
                datetime.combine(
                    moment, datetime.min.time(), tzinfo=reader.default_tz
                )
            )
        else:
            raise _error(
                prop,
                "an all-day date has no time zone",
                "pass default_tz=ZoneInfo(...) to place it",
            )
    return result


def _override(
    series: Series, item: _Event, invitation: tuple[str | None, str | None]
) -> Override:
    assert item.recurrence_id is not None  # noqa: S101 - checked by caller
    original = item.recurrence_id
    listed = series.planned_topics(original) + item.topics
    view = item.view(listed, invitation)
    if item.cancelled:
        return Override(
            original_start=original,
            cancelled=True,
            reason=item.reason,
            sequence=item.sequence,
        )
    venue: Venue | None = item.venue
    room: Room | None = item.room
    if venue == series.venue:
        venue = None
        room = room if room != series.room else None
    try:
        return Override(
            original_start=original,
            reason=item.reason,
            start=item.start if item.start != original else None,
            duration=None
            if item.duration == series.duration
            else item.duration,
            title=None if item.title == series.title else item.title,
            description=None
            if view.description == series.description
            else view.description,
            venue=venue,
            room=room,
            participants=item.people,
            topics=item.topics,
            url=None if item.url == series.url else item.url,
            sequence=item.sequence,
        )
    except MeetupkitError as exc:
        raise ICalError(
            exc.path,
            f"the meeting of line {item.line} is not valid: {exc.problem}",
            hint=exc.hint,
            line_number=item.line,
        ) from None


def _meetup(item: _Event, uid: str | None = None) -> Meetup:
    view = item.view(item.topics, (None, None))
    fields: dict[str, Any] = {
        "title": item.title,
        "start": item.start,
        "duration": item.duration,
        "description": view.description,
        "venue": item.venue,
        "room": item.room,
        "status": MeetupStatus.CANCELLED
        if item.cancelled
        else MeetupStatus.SCHEDULED,
        "status_reason": item.reason,
        "participants": item.people,
        "topics": item.topics,
        "url": item.url,
        "language": item.language,
        "sequence": item.sequence,
    }
    uid = uid or item.uid
    if uid:
        fields["uid"] = uid
    try:
        return Meetup(**fields)
    except MeetupkitError as exc:
        raise ICalError(
            exc.path,
            f"the VEVENT of line {item.line} is not valid: {exc.problem}",
            hint=exc.hint,
            line_number=item.line,
        ) from None


def from_ical(
    data: bytes | str, *, default_tz: tzinfo | None = None
) -> list[Series | Meetup]:
    """Read an iCalendar stream into series and meetups.

    A ``VEVENT`` with an ``RRULE`` becomes a :class:`~meetupkit.Series`
    (its ``RDATE`` extra dates, its ``EXDATE`` cancelled meetings, the
    ``VEVENT`` with its ``UID`` and a ``RECURRENCE-ID`` the overrides);
    every other ``VEVENT`` becomes a :class:`~meetupkit.Meetup`.  Times may
    be zoned (an IANA ``TZID``, or one defined by a ``VTIMEZONE`` in the
    file that matches an IANA zone or has one fixed offset), UTC or
    floating.  A UTF-8 byte order mark and bare LF line ends are accepted.

    Limits, checked before the work is done: :data:`MAX_INPUT_BYTES`,
    :data:`MAX_LINE_CHARS`, :data:`MAX_DEPTH` and :data:`MAX_COMPONENTS`.
    Text stays text: HTML or escaped line breaks in a description are kept
    as they are; a ``javascript:`` or other non-web URL is dropped with an
    :class:`ICalWarning`.  Events with neither ``DTEND`` nor ``DURATION``
    are refused, except all-day ones (one day).

    Args:
        data: The calendar, as bytes (UTF-8) or text.
        default_tz: The zone of floating times and all-day dates; without
            it they are an error.

    Returns:
        The series and meetups, in the order of the file.

    Raises:
        ICalError: the input is not a calendar meetupkit can read without
            loss; the message names the problem, the property and the line.
            Nothing is returned then, not even the events before the error.

    Examples:
        >>> from_ical(b"<!DOCTYPE html><html>502 Bad Gateway</html>")
        Traceback (most recent call last):
        ...
        meetupkit.errors.ICalError: line 1: not iCalendar: the data starts with '<!DOCTYPE html><html>502 Bad Gateway</ht', which looks like HTML (an error page?); check the URL or file; a calendar starts with BEGIN:VCALENDAR
    """
    if default_tz is not None:
        _time.check_aware(
            datetime(2000, 1, 1, tzinfo=default_tz), "default_tz"
        )
    result: list[Series | Meetup] = []
    for calendar in _parse(data):
        reader = _Reader(calendar, default_tz)
        events = [
            _Event(child, reader)
            for child in calendar.children
            if child.name == "VEVENT"
        ]
        masters: dict[str, _Event] = {}
        order: list[_Event] = []
        instances: dict[str | None, list[_Event]] = {}
        for event in events:
            if event.recurrence_id is not None:
                instances.setdefault(event.uid, []).append(event)
                continue
            if event.uid is not None:
                if event.uid in masters:
                    raise ICalError(
                        "UID",
                        f"two events with UID {event.uid[:60]!r} (lines"
                        f" {masters[event.uid].line} and {event.line})",
                        hint="give each event its own UID; instances of a"
                        " series need a RECURRENCE-ID",
                        line_number=event.line,
                    )
                masters[event.uid] = event
            order.append(event)
        for event in order:
            if event.rrules:
                result.append(_series(event, instances.pop(event.uid, [])))
                continue
            result.append(_meetup(event))
            result.extend(_rdate_meetups(event))
        for uid, orphans in instances.items():
            for event in orphans:
                assert event.recurrence_id is not None  # noqa: S101
                own = f"{uid}/{_time.utc_stamp(event.recurrence_id)}"
                result.append(_meetup(event, own if uid else None))
    return result


def _rdate_meetups(event: _Event) -> list[Meetup]:
    result = []
    for prop in event.component.all("RDATE"):
        for moment in _datetimes(event.reader, prop):
            uid = f"{event.uid or 'rdate'}/{_time.utc_stamp(moment)}"
            result.append(attrs.evolve(_meetup(event, uid), start=moment))
    return result
