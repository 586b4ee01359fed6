"""iCalendar import: values, events, series and their overrides."""

from __future__ import annotations

import json
import re
import warnings
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Final

import attrs

from meetupkit import _time
from meetupkit.errors import ICalError, MeetupkitError
from meetupkit.model import (
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
from meetupkit.recurrence import Recurrence

from ._lines import (
    _X,
    ICalWarning,
    _Component,
    _error,
    _param,
    _parse,
    _Prop,
    _split_list,
    _unescape,
)
from ._view import _split, _tail, _View
from ._zones import _custom_zone, _iana

if TYPE_CHECKING:
    pass

# -- import: values ---------------------------------------------------------

_DATE_TIME: Final = re.compile(
    r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z?))?"
)
_DURATION: Final = re.compile(
    r"([+-])?P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)"
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
    from meetupkit._validate import check_url  # noqa: PLC0415

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
    from meetupkit.serialize import from_dict  # noqa: PLC0415 - cattrs on first use

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
        self.backlog = tuple(
            _structured(prop, TopicWish)
            for prop in component.all(f"{_X}BACKLOG")
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
    # A master from before X-MEETUPKIT-BACKLOG listed the backlog as its
    # topics, in X-MEETUPKIT-TOPIC and in DESCRIPTION.
    backlog = master.topics or master.backlog
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
        "topics": backlog,
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
        found = _override(series, item, invitation)
        if found != Override(original_start=found.original_start):
            # An override that changes nothing only shows planned topics.
            result[key] = found
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
    planned = series.planned_topics(original)
    # The meeting's topics: those planned in the backlog, then its own.
    own = item.topics
    if own[: len(planned)] == planned:
        own = own[len(planned) :]
    view = item.view(planned + own, invitation)
    venue: Venue | None = item.venue
    room: Room | None = item.room
    if venue == series.venue:
        venue = None
        room = room if room != series.room else None
    try:
        return Override(
            original_start=original,
            cancelled=item.cancelled,
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
            topics=own,
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
