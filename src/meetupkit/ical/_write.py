"""iCalendar export: events, the calendar, the direct writer."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from zoneinfo import ZoneInfo

from meetupkit import _time, _vtimezone, ical
from meetupkit.errors import InvalidTypeError, InvalidValueError
from meetupkit.model import (
    Audience,
    Meetup,
    Override,
    Participant,
    Role,
    Series,
    TopicWish,
)

from ._carry import _carried_override, _carried_topic, _clean_texts
from ._lines import (
    _FOLD,
    _X,
    _clean,
    _escape,
    _fold,
    _params_out,
    _stamp,
    _text_type,
)
from ._view import Item, _compose, _location, _tail, _View
from ._zones import _is_utc

if TYPE_CHECKING:
    import icalendar

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
_TEXT: Final = 0  # meetupkit's TEXT escaping (_escape), cleaned (UID too)
_INLINE: Final = 2  # written as it is, an icalendar vInline
_RAW: Final = 3  # written as it is: a URI or CAL-ADDRESS str
_TIME: Final = 4  # a datetime: UTC, or naive with a TZID parameter
_INT: Final = 5  # an int
_LIST: Final = 6  # CATEGORIES: TEXT items (_escape), joined with commas


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
            _Line("UID", _TEXT, _clean(uid)),
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
        lines.append(_Line("STATUS", _RAW, status))
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
        if series.changes:
            return self.phases(series)
        view = _View(
            title=series.title,
            start=series.start,
            duration=series.duration,
            description=series.description,
            venue=series.venue,
            room=series.room,
            url=series.url,
            language=series.language,
            listed=(),
            reason=None,
            invitation_url=series.invitation_url,
            invitation_channel=series.invitation_channel,
        )
        # The master stands for every meeting, so it lists no topics: the
        # backlog travels in X-MEETUPKIT-BACKLOG, which no client shows,
        # and a topic planned for one meeting goes on that meeting's
        # override (see _planned_overrides).
        master = self.event(
            view,
            uid=series.uid,
            status="CONFIRMED",
            sequence=0,
            topics=(),
        )
        master.extend(
            _Line(
                f"{_X}BACKLOG",
                _TEXT,
                _clean(_document(_carried_topic(topic))),
            )
            for topic in series.topics
        )
        master.append(_Line("RRULE", _INLINE, str(series.recurrence)))
        if series.recurrence.until is not None:
            until = series.recurrence.until
            self.years.setdefault("", []).append(
                min(until.year, series.start.year + 60)
            )
        for extra in series.extra_dates:
            self.moment(master, "RDATE", extra)
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
        # A cancelled meeting is an override with STATUS:CANCELLED and its
        # reason, not an EXDATE: most calendar apps then show it as
        # cancelled, with the reason, instead of letting it vanish (see
        # docs/explanation/cancelled-meetings.md for what each client
        # shows).
        written = [o for o in series.overrides if self.writes(series, o)]
        events.extend(
            self.override(series, view, override) for override in written
        )
        events.extend(
            self.override(series, view, Override(original_start=original))
            for original in _planned_overrides(series, written)
        )
        return events

    def phases(self, series: Series) -> list[list[_Line]]:
        """Write a changed series as one master per phase.

        This is how calendar clients split a series "from this meeting
        on": the master before a change ends with ``UNTIL`` (its last
        start before the change), the next master continues with a UID of
        its own and a ``RELATED-TO`` the master before.  Each override goes
        with the master whose meeting it is.  What meetupkit needs to read
        the series back exactly rides along in ``X-MEETUPKIT-RRULE`` (the
        first rule without its cut) and ``X-MEETUPKIT-CHANGE`` (the
        change).
        """
        from meetupkit._phases import phase_uid, phases  # noqa: PLC0415

        events: list[list[_Line]] = []
        before: str | None = None
        for index, phase in enumerate(phases(series)):
            uid = series.uid
            if index:
                uid = phase_uid(series.uid, phase.start)
            object.__setattr__(phase, "uid", uid)
            part = self.series(phase)
            master = part[0]
            if index == 0:
                master.append(
                    _Line(f"{_X}RRULE", _TEXT, str(series.recurrence))
                )
            else:
                change = series.changes[index - 1]
                master.append(
                    _Line(
                        "RELATED-TO",
                        _TEXT,
                        _clean(before or series.uid),
                        {"RELTYPE": "SIBLING"},
                    )
                )
                master.append(
                    _Line(f"{_X}CHANGE", _TEXT, _clean(_document(change)))
                )
            before = uid
            events.extend(part)
        return events

    def writes(self, series: Series, override: Override) -> bool:
        """Whether *override* changes anything this export shows."""
        if self.attendees and override.participants:
            return True
        empty = Override(original_start=override.original_start)
        return _carried_override(series, override) != empty

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
            status="CANCELLED" if override.cancelled else "CONFIRMED",
            sequence=override.sequence,
            topics=view.listed,
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
            elif kind == _LIST:
                # icalendar's own escaping would read a backslash-N in an
                # item as a line break.
                value = self.ical.prop.vCategory(value)  # noqa: PLW2901
                value.cats = [text(item) for item in value.cats]
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


def _planned_overrides(
    series: Series, written: list[Override]
) -> list[datetime]:
    """The meetings that need an override VEVENT only for their topics.

    These are the meetings some wish of the backlog is planned for that
    have no *written* override, in order; a wish planned for a start that
    is no meeting of the series is shown nowhere, as in
    :meth:`~meetupkit.Series.meetups`.
    """
    overridden = {o.original_start.astimezone(UTC) for o in written}
    found: dict[datetime, datetime] = {}
    for wish in series.topics:
        when = wish.planned_for
        if when is not None and when.astimezone(UTC) not in overridden:
            found.setdefault(when.astimezone(UTC), when)
    return [
        found[key] for key in sorted(found) if series.is_occurrence(found[key])
    ]


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


def _decimal(number: float) -> str:
    return format(Decimal(repr(float(number))), "f")


def _document(obj: Any) -> str:
    from meetupkit.serialize import to_dict  # noqa: PLC0415 - cattrs on first use

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
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
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


def _order(line: _Line) -> tuple[int, int | str]:
    return _EVENT_ORDER.get(line.name, (1, line.name))


def _value_out(kind: int, value: Any) -> str:
    if kind == _TEXT:
        return _escape(value)
    if kind == _TIME:
        return _stamp(value)
    if kind == _INT:
        return str(value)
    if kind == _LIST:
        return ",".join(_escape(item) for item in value)
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
