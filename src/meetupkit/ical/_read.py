"""iCalendar import: values, events, series and their overrides.

The reader follows one rule.  It accepts everything :rfc:`5545` allows that
a meetup model can hold; it repairs what real clients commonly get wrong,
and records each repair (line and what it did); it skips an event the model
cannot hold, naming its ``UID`` and line, and reads the rest; it refuses
the feed only when it is not a calendar at all, or larger than the limits.
Nothing is dropped without an entry in the :class:`ImportReport`, and
every entry is an :class:`ICalWarning` from :func:`from_ical`; with
``strict=True`` every repair or skip is an :class:`ICalError` instead.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from meetupkit import _time, ical
from meetupkit.errors import ICalError, MeetupkitError
from meetupkit.model import (
    Change,
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
    _uid_with,
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
from ._report import ImportEntry, ImportReport
from ._view import _split, _tail, _View
from ._zones import _custom_zone, _iana

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# -- import: notes ----------------------------------------------------------

_T = TypeVar("_T")
_D = TypeVar("_D", datetime, date)

_STRICT_HINT: Final = "fix the feed, or read it without strict=True"


class _Notes:
    """Collects repairs and skips; in strict mode, raises at the first."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.uid: str | None = None
        self.repaired: list[ImportEntry] = []
        self.skipped: list[ImportEntry] = []
        self.seen: set[tuple[int | None, str]] = set()

    def repair(self, line: int | None, name: str, reason: str) -> None:
        """Record that *name* on *line* was read as *reason* says."""
        if self.strict:
            raise ICalError(name, reason, hint=_STRICT_HINT, line_number=line)
        if (line, reason) in self.seen:
            return
        self.seen.add((line, reason))
        self.repaired.append(
            ImportEntry(line=line, uid=self.uid, reason=reason)
        )

    def skip(
        self, line: int | None, uid: str | None, error: ICalError
    ) -> None:
        """Record that the event *uid* was left out because of *error*."""
        if self.strict:
            raise error
        if uid is not None:
            # What was repaired in a skipped event no longer matters.
            self.repaired = [e for e in self.repaired if e.uid != uid]
        what = f"VEVENT {uid[:60]!r}" if uid else "a VEVENT without UID"
        text = MeetupkitError.__str__(error)
        where = error.line_number
        at = f" (line {line})" if where is not None and where != line else ""
        self.skipped.append(
            ImportEntry(
                line=where if where is not None else line,
                uid=uid,
                reason=f"skipped the {what}{at}: {text}",
            )
        )

    def dropped(self, line: int | None, name: str, reason: str) -> None:
        """Record that a property or a copy of an event was left out."""
        if self.strict:
            raise ICalError(name, reason, hint=_STRICT_HINT, line_number=line)
        self.skipped.append(
            ImportEntry(line=line, uid=self.uid, reason=reason)
        )


def _repaired(notes: _Notes, line: int, name: str, reason: str) -> None:
    notes.repair(line or None, name, reason)


# -- import: values ---------------------------------------------------------

_DATE_TIME: Final = re.compile(
    r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z?))?"
)
_DURATION: Final = re.compile(
    r"([+-])?P(?:(\d{1,9})W|(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})S)?)?)"
)
#: Years the reader accepts, so that no zone offset leaves the calendar.
_FIRST_YEAR: Final = 2
_LAST_YEAR: Final = 9998


def _is_floating(prop: _Prop, text: str) -> bool:
    return (
        "T" in text
        and not text.rstrip().endswith("Z")
        and "TZID" not in prop.params
    )


class _Reader:
    """Reads one VCALENDAR: resolves TZIDs, turns values into Python."""

    def __init__(
        self,
        calendar: _Component,
        default_tz: tzinfo | None,
        notes: _Notes | None = None,
    ) -> None:
        self.default_tz = default_tz
        self.notes = notes if notes is not None else _Notes(strict=False)
        self.calendar = calendar
        self.definitions: dict[str, _Component] = {}
        for child in calendar.children:
            if child.name == "VTIMEZONE":
                tzid = child.one("TZID")
                if tzid is not None:
                    self.definitions[tzid.value] = child
        self.resolved: dict[str, tzinfo] = {}
        self._years: dict[str, int] | None = None
        self.calendar_tz: tzinfo | None = None
        self.calendar_tz_line = 0
        wr = [p for p in calendar.props if p.name == "X-WR-TIMEZONE"]
        if default_tz is None and wr:
            self.calendar_tz = _iana(_unescape(wr[0].value).strip())
            self.calendar_tz_line = wr[0].line

    def zone(self, prop: _Prop, tzid: str) -> tzinfo:
        found = self.resolved.get(tzid)
        if found is None:
            found = self._zone(prop, tzid)
            self.resolved[tzid] = found
        return found

    def _first_year(self, tzid: str) -> int | None:
        """The earliest year a DTSTART, DTEND or RECURRENCE-ID uses *tzid*."""
        if self._years is None:
            years: dict[str, int] = {}
            for child in self.calendar.children:
                if child.name != "VEVENT":
                    continue
                for prop in child.props:
                    name = prop.params.get("TZID")
                    if name is None or not prop.value[:4].isdigit():
                        continue
                    key = _param(name)
                    year = int(prop.value[:4])
                    years[key] = min(years.get(key, year), year)
            self._years = years
        return self._years.get(tzid)

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
        local = _Reader(_Component("VCALENDAR", 0), UTC)

        def onsets(part: _Prop) -> list[datetime | date]:
            # A zone changes at a time of day; a DATE (seen from Exchange
            # add-ins) is read as its midnight.
            found = local.moments(part)
            if any(not isinstance(value, datetime) for value in found):
                self.notes.repair(
                    part.line,
                    part.name,
                    f"{part.name} in VTIMEZONE {tzid[:40]!r} is a date;"
                    " read as its midnight",
                )
            return [
                value
                if isinstance(value, datetime)
                else datetime.combine(value, datetime.min.time())
                for value in found
            ]

        return _custom_zone(definition, tzid, onsets, self._first_year(tzid))

    def moments(self, prop: _Prop) -> list[datetime | date]:
        return [moment for moment, _ in self.values(prop)]

    def values(
        self, prop: _Prop
    ) -> list[tuple[datetime | date, timedelta | None]]:
        """Read a list value; periods give their own duration."""
        period = prop.params.get("VALUE", "").upper() == "PERIOD"
        result: list[tuple[datetime | date, timedelta | None]] = []
        for part in prop.value.split(","):
            if not part.strip():
                continue
            if not period:
                result.append((self.moment(prop, part), None))
                continue
            begin, sep, finish = part.strip().partition("/")
            if not sep:
                raise _error(
                    prop,
                    f"{part[:30]!r} is not a period",
                    "write it like 20141001T170000Z/PT2H",
                )
            moment = self.moment(prop, begin)
            if finish.lstrip("+-").startswith("P"):
                length = _duration_of(prop, finish)
            else:
                end = self.moment(prop, finish)
                if not isinstance(moment, datetime) or not isinstance(
                    end, datetime
                ):
                    raise _error(prop, "a period of dates", "use date-times")
                length = end - moment
            result.append((moment, length))
        return result

    def moment(
        self,
        prop: _Prop,
        text: str | None = None,
        zone: tzinfo | None = None,
    ) -> datetime | date:
        text = (prop.value if text is None else text).strip()
        match = _DATE_TIME.fullmatch(text)
        if match is None:
            raise _error(
                prop,
                f"{text[:30]!r} is not a date or date-time",
                "write it like 20140924T190000 or 20140924",
            )
        numbers = [int(part) for part in match.groups()[:6] if part]
        if not _FIRST_YEAR <= numbers[0] <= _LAST_YEAR:
            raise _error(
                prop,
                f"{text[:30]!r} is outside the years {_FIRST_YEAR} to"
                f" {_LAST_YEAR}",
                "give a date meetupkit can place",
            )
        try:
            if match[4] is None:
                day = date(*numbers)
            else:
                naive = datetime(*numbers[:6])  # type: ignore[arg-type]  # noqa: DTZ001
        except ValueError as exc:
            raise _error(
                prop,
                f"{text[:30]!r} is an impossible date ({exc})",
                "check day and month",
            ) from None
        if match[4] is None:
            if "TZID" in prop.params:
                self.notes.repair(
                    prop.line,
                    prop.name,
                    f"{prop.name} is a DATE with a TZID; a date has no time"
                    " zone, the TZID was ignored",
                )
            return day
        if match[7]:
            return naive.replace(tzinfo=UTC)
        tzid = prop.params.get("TZID")
        if zone is not None:
            pass
        elif tzid is not None:
            zone = self.zone(prop, _param(tzid))
        elif self.default_tz is not None:
            zone = self.default_tz
        elif self.calendar_tz is not None:
            zone = self.calendar_tz
            self.notes.repair(
                prop.line,
                prop.name,
                f"{text} is a floating time; read in the calendar's"
                f" X-WR-TIMEZONE {_time.zone_name(zone)} (line"
                f" {self.calendar_tz_line})",
            )
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
        if zone is None and self.calendar_tz is not None:
            zone = self.calendar_tz
            self.notes.repair(
                prop.line,
                prop.name,
                f"{prop.value.strip()[:8]} is an all-day date; placed in the"
                f" calendar's X-WR-TIMEZONE {_time.zone_name(zone)} (line"
                f" {self.calendar_tz_line})",
            )
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


def _url(prop: _Prop | None, notes: _Notes) -> str | None:
    if prop is None:
        return None
    value = _unescape(prop.value).strip()
    if value.lower().replace("\t", "").startswith("javascript:"):
        notes.dropped(
            prop.line, prop.name, f"dropped a javascript: URL in {prop.name}"
        )
        return None
    from meetupkit._validate import check_url  # noqa: PLC0415

    try:
        return check_url(prop.name, value)
    except MeetupkitError:
        notes.dropped(
            prop.line,
            prop.name,
            f"dropped {prop.name} {value[:40]!r}, not an http or https URL",
        )
        return None


def _structured(prop: _Prop, kind: type[Any]) -> Any:
    from meetupkit.serialize import from_dict  # noqa: PLC0415 - cattrs on first use

    try:
        return from_dict(kind, json.loads(_unescape(prop.value)))
    except (ValueError, MeetupkitError, RecursionError) as exc:
        problem = (
            "nested too deeply"
            if isinstance(exc, RecursionError)
            else str(exc)[:80]
        )
        raise _error(
            prop,
            f"not a valid {kind.__name__} document: {problem}",
            "remove the property or fix its JSON",
        ) from None


def _count_values(component: _Component) -> int:
    return sum(
        prop.value.count(",") + 1
        for name in ("RDATE", "EXDATE")
        for prop in component.all(name)
    )


class _Event:
    """One VEVENT, read into a view and the rest."""

    def __init__(self, component: _Component, reader: _Reader) -> None:
        self.component = component
        self.line = component.line
        self.uid = _uid(component)
        self.reader = reader
        notes = reader.notes
        values = _count_values(component)
        if values > ical.MAX_DATES_PER_EVENT:
            raise ICalError(
                "RDATE",
                f"the VEVENT of line {component.line} lists {values} dates,"
                f" more than MAX_DATES_PER_EVENT ({ical.MAX_DATES_PER_EVENT})",
                hint="split the event, or use an RRULE",
                line_number=component.line,
            )
        start = component.one("DTSTART")
        if start is None:
            raise ICalError(
                "DTSTART",
                f"the VEVENT of line {component.line} has no DTSTART",
                hint="every meetup needs a start",
                line_number=component.line,
            )
        self.start_prop = start
        self.all_day = "T" not in start.value
        self.start = reader.start(start)
        self.duration = self._duration(reader)
        rid = component.one("RECURRENCE-ID")
        self.recurrence_id: datetime | date | None = None
        self.rid_prop = rid
        self.future = False
        if rid is not None:
            if (
                _param(rid.params.get("RANGE") or "").upper()
                == "THISANDFUTURE"
            ):
                self.future = True
            elif rid.params.get("RANGE"):
                raise _error(
                    rid,
                    f"RANGE={_param(rid.params['RANGE'])[:20]} is not"
                    " supported (RFC 5545 knows only THISANDFUTURE)",
                    "change the meetings one by one",
                )
            zone = None
            if _is_floating(rid, rid.value) and not _is_floating(
                start, start.value
            ):
                notes.repair(
                    rid.line,
                    "RECURRENCE-ID",
                    "RECURRENCE-ID is a floating time while DTSTART has a"
                    " zone; read it in DTSTART's zone",
                )
                zone = self.start.tzinfo
            self.recurrence_id = reader.moment(rid, zone=zone)
        self.rrules = []
        for prop in component.all("RRULE"):
            if prop.value.strip():
                self.rrules.append(prop)
            else:
                notes.dropped(prop.line, "RRULE", "dropped an empty RRULE")
        summary = component.one("SUMMARY")
        self.title = _text(component, "SUMMARY") or "(untitled)"
        language = summary.params.get("LANGUAGE") if summary else None
        self.language = _param(language) if language else None
        self.description = _text(component, "DESCRIPTION")
        self.url = _url(component.one("URL"), notes)
        self.venue, self.room = self._place(notes)
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
        self.sequence = _sequence(component)
        self.hashtag = _text(component, f"{_X}HASHTAG")
        if self.hashtag is None:
            for prop in component.all("CATEGORIES"):
                tags = [
                    t for t in _split_list(prop.value) if t.startswith("#")
                ]
                if tags and self.hashtag is None:
                    self.hashtag = tags[0]
        self.invitation_url = _url(component.one(f"{_X}INVITATION-URL"), notes)
        self.invitation_channel = _text(component, f"{_X}INVITATION-CHANNEL")
        self.people = _people(component, notes)
        organizer = component.one("ORGANIZER")
        found = _person(organizer, Role.ORGANIZER) if organizer else None
        self.organizers = (found,) if found is not None else ()
        self.related = [
            _unescape(prop.value).strip()
            for prop in component.all("RELATED-TO")
        ]

    def _duration(self, reader: _Reader) -> timedelta:
        component = self.component
        notes = reader.notes
        end = component.one("DTEND")
        duration = component.one("DURATION")
        if end is not None and duration is not None:
            notes.repair(
                duration.line,
                "DURATION",
                "DTEND and DURATION are both given; DTEND was used",
            )
            duration = None
        default = ical.DEFAULT_DURATION
        if duration is not None:
            value = _duration_of(duration, duration.value)
            if value == timedelta(0):
                value = timedelta(days=1) if self.all_day else default
                notes.repair(
                    duration.line,
                    "DURATION",
                    f"DURATION is zero; the event lasts {value}"
                    + ("" if self.all_day else " (DEFAULT_DURATION)"),
                )
        elif end is not None:
            floating = _is_floating(end, end.value) and not _is_floating(
                self.start_prop, self.start_prop.value
            )
            if floating and not self.all_day:
                notes.repair(
                    end.line,
                    "DTEND",
                    "DTEND is a floating time while DTSTART has a zone; read"
                    " it in DTSTART's zone",
                )
                moment = reader.moment(end, zone=self.start.tzinfo)
            else:
                moment = reader.moment(end)
            if isinstance(moment, datetime):
                value = moment - self.start
            else:
                begin = _time.as_date(self.start)
                value = timedelta(days=(moment - begin).days)
            if value == timedelta(0):
                value = timedelta(days=1) if self.all_day else default
                notes.repair(
                    end.line,
                    "DTEND",
                    f"DTEND equals DTSTART; the event lasts {value}"
                    + ("" if self.all_day else " (DEFAULT_DURATION)"),
                )
            elif value < timedelta(0):
                raise _error(
                    end,
                    f"DTEND {end.value[:20]} is not after DTSTART"
                    f" {self.start_prop.value[:20]} (line"
                    f" {self.start_prop.line})",
                    "the end must come after the start",
                )
        elif self.all_day:
            value = timedelta(days=1)
        else:
            notes.repair(
                self.start_prop.line,
                "DTSTART",
                "the VEVENT has neither DTEND nor DURATION; it lasts"
                f" {default} (DEFAULT_DURATION)",
            )
            value = default
        if value <= timedelta(0) or value > timedelta(days=366):
            prop = duration or end
            assert prop is not None  # noqa: S101 - one was given
            raise _error(
                prop,
                f"duration {value} is not between a second and a year",
                "a meetup lasts at most a year; fix DTEND or DURATION",
            )
        return value

    def _place(self, notes: _Notes) -> tuple[Venue | None, Room | None]:
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
                    position = _geo(geo, notes)
                    if position is not None:
                        venue = attrs.evolve(venue, geo=position)
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


def _uid(component: _Component) -> str | None:
    found = component.all("UID")
    return _unescape(found[0].value).strip() or None if found else None


def _sequence(component: _Component) -> int:
    found = component.all("SEQUENCE")
    if not found:
        return 0
    prop = found[0]
    if not re.fullmatch(r"\s*\d{1,6}\s*", prop.value):
        raise _error(
            prop,
            f"{prop.value[:20]!r} is not a sequence number",
            "use 0 or more",
        )
    return int(prop.value)


def _geo(prop: _Prop, notes: _Notes) -> Geo | None:
    match = re.fullmatch(
        r"\s*([+-]?\d{1,3}(?:\.\d{0,20})?)\s*[;,]\s*([+-]?\d{1,3}(?:\.\d{0,20})?)\s*",
        prop.value,
    )
    problem = f"{prop.value[:30]!r} is not a position"
    if match is not None:
        try:
            return Geo(lat=float(match[1]), lon=float(match[2]))
        except MeetupkitError as exc:
            problem = exc.problem
    notes.dropped(prop.line, "GEO", f"dropped GEO: {problem}")
    return None


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


def _people(component: _Component, notes: _Notes) -> tuple[Participant, ...]:
    """The attendees, each person once: a repeated one has their roles merged.

    Exports list one address several times (as attendee and resource, or
    with its name redacted); a meetup lists each person once, so the
    copies become one participant with all their roles, with a note.
    """
    people: list[Participant] = []
    seen: dict[tuple[str, str], int] = {}
    for prop in component.all("ATTENDEE"):
        person = _person(prop)
        if person is None:
            continue
        key = (
            ("email", person.email.casefold())
            if person.email is not None
            else ("name", person.name)
        )
        first = seen.get(key)
        if first is None or key == ("name", "anonymous"):
            seen[key] = len(people)
            people.append(person)
            continue
        known = people[first]
        roles = tuple(dict.fromkeys((*known.roles, *person.roles)))
        people[first] = attrs.evolve(known, roles=roles)
        notes.repair(
            prop.line,
            "ATTENDEE",
            f"{key[1][:60]!r} is listed again; merged into one participant",
        )
    return tuple(people)


def _duration_of(prop: _Prop, text: str) -> timedelta:
    text = text.strip()
    match = _DURATION.fullmatch(text)
    if match is None or text.rstrip("T").endswith("P"):
        raise _error(
            prop,
            f"{text[:30]!r} is not a duration",
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
    if sign == "-":
        raise _error(
            prop, "a negative duration", "the end must come after the start"
        )
    return value


# -- import: series ---------------------------------------------------------

_FAR: Final = datetime(_LAST_YEAR, 1, 1, tzinfo=UTC)
_UNTIL: Final = re.compile(r"(?i)(?<![A-Z-])UNTIL=(\d{8}T\d{6})(?=;|$)")
_UNTIL_DATE: Final = re.compile(r"(?i)(?<![A-Z-])UNTIL=(\d{8})(?=;|$)")


def _rule(master: _Event, prop: _Prop) -> Recurrence:
    """Parse an RRULE, reading a local UNTIL in the start's zone."""
    text = _unescape(prop.value).strip()
    match = _UNTIL.search(text)
    if match is not None:
        naive = datetime.strptime(match[1], "%Y%m%dT%H%M%S")  # noqa: DTZ007
        zone = master.start.tzinfo
        if not _is_floating(master.start_prop, master.start_prop.value):
            master.reader.notes.repair(
                prop.line,
                "RRULE",
                f"UNTIL={match[1]} is a local time on a series with a zone;"
                " read it in DTSTART's zone",
            )
        moment = _time.normalize(naive.replace(tzinfo=zone)).astimezone(UTC)
        text = (
            text[: match.start(1)]
            + _time.utc_stamp(moment)
            + text[match.end(1) :]
        )
    day = _UNTIL_DATE.search(text)
    if day is not None and not master.all_day:
        master.reader.notes.repair(
            prop.line,
            "RRULE",
            f"UNTIL={day[1]} is a date on a series with a time of day; the"
            " series ends with the last meeting on that date",
        )
    try:
        return Recurrence.parse(text)
    except MeetupkitError as exc:
        raise _error(
            prop, MeetupkitError.__str__(exc), "fix the rule"
        ) from None


class _Occurrences:
    """The original starts of a series up to a point, by instant and date."""

    def __init__(self, series: Series, until: datetime | None) -> None:
        limit = ical.MAX_DATES_PER_EVENT
        found: list[datetime] = []
        parts = [series]
        if series.changes:
            from meetupkit._phases import phases  # noqa: PLC0415

            parts = list(phases(series))
        if until is not None:
            stop = min(until + timedelta(days=1), _FAR)
            for part in parts:
                found.extend(
                    islice(
                        part.recurrence.iterate(part.start, stop=stop),
                        limit - len(found),
                    )
                )
        self.complete = len(found) < limit
        self.last = found[-1] if found else series.start
        zone = series.start.tzinfo
        self.by_key: dict[datetime, datetime] = {}
        starts = [part.start for part in parts]
        for moment in (*found, *starts, *series.extra_dates):
            self.by_key.setdefault(moment.astimezone(UTC), moment)
        self.by_date: dict[date, list[datetime]] = {}
        for moment in self.by_key.values():
            self.by_date.setdefault(moment.astimezone(zone).date(), []).append(
                moment
            )

    def missing(self, value: datetime | date) -> str:
        """Say why *value* matched no meeting."""
        zone = self.last.tzinfo
        if not self.complete and _instant(value, zone) > self.last:
            return (
                "after the first MAX_DATES_PER_EVENT"
                f" ({ical.MAX_DATES_PER_EVENT}) meetings of the series"
            )
        return "no meeting of the series"

    def find(
        self,
        value: datetime | date,
        prop: _Prop,
        notes: _Notes,
        all_day: bool,  # noqa: FBT001
    ) -> datetime | None:
        if isinstance(value, datetime):
            exact = self.by_key.get(value.astimezone(UTC))
            if exact is not None or not all_day:
                return exact
            day = value.date()
            found = self.by_date.get(day, [])
            if len(found) != 1:
                return None
            notes.repair(
                prop.line,
                prop.name,
                f"{prop.name} {_shown(value)} is a date-time on an all-day"
                f" series; matched to the meeting of {day:%Y-%m-%d}",
            )
            return found[0]
        found = self.by_date.get(value, [])
        if len(found) != 1:
            return None
        if not all_day:
            notes.repair(
                prop.line,
                prop.name,
                f"{prop.name} {value:%Y%m%d} is a DATE on a series with times;"
                f" matched to the meeting of {found[0]:%Y-%m-%d %H:%M}",
            )
        return found[0]


def _series(
    master: _Event, overrides: list[_Event], notes: _Notes
) -> tuple[Series, list[Meetup]]:
    component = master.component
    reader = master.reader
    recurrence = _rule(master, master.rrules[0])
    extra: dict[datetime, datetime] = {}
    lengths: dict[datetime, timedelta] = {}
    for prop in master.rrules[1:]:
        other = _rule(master, prop)
        if other.count is None and other.until is None:
            raise _error(
                prop,
                "a second RRULE without COUNT or UNTIL",
                "meetupkit holds one rule per series; split it into two"
                " series",
            )
        moments = list(
            islice(
                other.iterate(master.start, stop=_FAR),
                ical.MAX_DATES_PER_EVENT + 1,
            )
        )
        if len(extra) + len(moments) > ical.MAX_DATES_PER_EVENT:
            raise _error(
                prop,
                "a second RRULE with more than MAX_DATES_PER_EVENT meetings",
                "split it into two series",
            )
        for moment in moments:
            extra.setdefault(moment.astimezone(UTC), moment)
        notes.repair(
            prop.line,
            "RRULE",
            f"a second RRULE; its {len(moments)} meetings were added as"
            " extra dates",
        )
    for prop in component.all("RDATE"):
        for value, length in reader.values(prop):
            moment = _placed(master, value, prop, notes)
            key = moment.astimezone(UTC)
            extra.setdefault(key, moment)
            if length is not None and length != master.duration:
                lengths[key] = length
    start_key = master.start.astimezone(UTC)
    extra.pop(start_key, None)
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
    series = _checked(
        master, lambda: Series(**base, extra_dates=tuple(extra.values()))
    )
    zone = series.start.tzinfo
    shifts: list[tuple[datetime, timedelta]] = []
    for item in sorted(
        (o for o in overrides if o.future),
        key=lambda o: _instant(o.recurrence_id or o.start, zone),
    ):
        series = _from_here_on(series, item, invitation, notes, shifts)
    overrides = [o for o in overrides if not o.future]
    if shifts and extra:
        # RDATEs after a THISANDFUTURE override move with it, as the
        # meetings of the rule do.
        moved = {
            (later := _shift(moment, shifts)).astimezone(UTC): later
            for moment in extra.values()
        }
        extra = moved
        series = _checked(
            master,
            lambda: attrs.evolve(series, extra_dates=tuple(moved.values())),
        )
    excluded = [
        (value, prop)
        for prop in component.all("EXDATE")
        for value in reader.moments(prop)
    ]
    wanted = [value for value, _ in excluded] + [
        item.recurrence_id
        for item in overrides
        if item.recurrence_id is not None
    ]
    latest = max(
        (_instant(value, series.start.tzinfo) for value in wanted),
        default=None,
    )
    if master.cancelled:
        if recurrence.count is None and recurrence.until is None:
            raise _error(
                component.one("STATUS") or master.start_prop,
                "STATUS:CANCELLED on a series without an end",
                "every meeting is cancelled; remove the event",
            )
        latest = _FAR
    known = _Occurrences(series, latest)
    result: dict[datetime, Override] = {}
    alone: list[Meetup] = []
    for key, length in lengths.items():
        result[key] = Override(
            original_start=extra[key],
            duration=length,
            sequence=master.sequence,
        )
    excluded_keys: set[datetime] = set()
    for value, prop in excluded:
        original = known.find(
            _shift(value, shifts), prop, notes, master.all_day
        )
        if original is None:
            notes.repair(
                prop.line,
                "EXDATE",
                f"EXDATE {_shown(value)} is {known.missing(value)}; ignored",
            )
            continue
        result[original.astimezone(UTC)] = Override(
            original_start=original, cancelled=True, sequence=1
        )
        excluded_keys.add(original.astimezone(UTC))
    for item in _latest_copies(overrides, notes):
        assert item.recurrence_id is not None  # noqa: S101 - sorted so
        assert item.rid_prop is not None  # noqa: S101 - read with it
        notes.uid = item.uid
        original = known.find(
            _shift(item.recurrence_id, shifts),
            item.rid_prop,
            notes,
            master.all_day,
        )
        if original is None:
            notes.repair(
                item.rid_prop.line,
                "RECURRENCE-ID",
                f"RECURRENCE-ID {_shown(item.recurrence_id)} is"
                f" {known.missing(item.recurrence_id)}; imported as a meetup"
                " of its own",
            )
            alone.append(_meetup(item, _own_uid(item)))
            continue
        key = original.astimezone(UTC)
        if key in excluded_keys:
            notes.dropped(
                item.rid_prop.line,
                "RECURRENCE-ID",
                f"the meeting of RECURRENCE-ID {_shown(item.recurrence_id)}"
                " is excluded by an EXDATE of the series; its override was"
                " ignored",
            )
            continue
        found = _override(
            _phase_at(series, original), item, original, invitation
        )
        if found != Override(original_start=found.original_start):
            # An override that changes nothing only shows planned topics.
            result[key] = found
    notes.uid = master.uid
    if master.cancelled:
        if not known.complete:
            raise _error(
                component.one("STATUS") or master.start_prop,
                "STATUS:CANCELLED on a series of more than"
                " MAX_DATES_PER_EVENT meetings",
                "remove the event",
            )
        for key, original in known.by_key.items():
            earlier = result.get(key)
            if earlier is None or not earlier.cancelled:
                result[key] = Override(
                    original_start=original,
                    cancelled=True,
                    sequence=master.sequence,
                )
    series = _checked(
        master, lambda: attrs.evolve(series, overrides=tuple(result.values()))
    )
    return series, alone


def _phase_at(series: Series, original: datetime) -> Series:
    """The series, or the phase of it, whose meeting starts at *original*."""
    if not series.changes:
        return series
    from meetupkit._phases import phase_of  # noqa: PLC0415

    return phase_of(series, original)


def _shift(value: _D, shifts: list[tuple[datetime, timedelta]]) -> _D:
    """Where a meeting planned at *value* is after THISANDFUTURE moves.

    RFC 5545 §3.8.4.4: an override with ``RANGE=THISANDFUTURE`` that moves
    its meeting moves every later one of the recurrence set by as much;
    *shifts* are those moves (from when, by how much), in order.
    """
    if not isinstance(value, datetime):
        return value
    for since, delta in shifts:
        if value >= since:
            value = (value.astimezone(UTC) + delta).astimezone(value.tzinfo)
    return value


def _from_here_on(
    series: Series,
    item: _Event,
    invitation: tuple[str | None, str | None],
    notes: _Notes,
    shifts: list[tuple[datetime, timedelta]],
) -> Series:
    """Apply a ``RANGE=THISANDFUTURE`` override as a change of *series*.

    The override's start is the first start of the new rhythm (its time of
    day the new one); its rule, if it has one, the new rule; its duration,
    title, description and place, where they differ from the meetings
    before, hold from then on.
    """
    assert item.rid_prop is not None  # noqa: S101 - read with it
    prop = item.rid_prop
    if item.cancelled:
        notes.dropped(
            prop.line,
            "RECURRENCE-ID",
            "RANGE=THISANDFUTURE with STATUS:CANCELLED (every later meeting"
            " cancelled) is not supported; ignored, end the series with"
            " UNTIL instead",
        )
        return series
    moment = _shift(
        _instant(item.recurrence_id or item.start, series.start.tzinfo),
        shifts,
    )
    if item.start > moment:
        # The meeting it names would stay where it was: a change begins
        # with its first meeting.
        notes.dropped(
            prop.line,
            "RECURRENCE-ID",
            "the RANGE=THISANDFUTURE override moves its meeting and all"
            " later ones later, which meetupkit cannot hold; ignored (move"
            " the later meetings one by one, or split the series)",
        )
        return series
    before = _phase_at(series, moment)
    view = item.view(item.topics, invitation)
    fields: dict[str, Any] = {}
    if item.rrules:
        fields["recurrence"] = _rule(item, item.rrules[0])
    if item.duration != before.duration:
        fields["duration"] = item.duration
    if item.title != before.title:
        fields["title"] = item.title
    if view.description != before.description:
        fields["description"] = view.description
    if item.venue != before.venue or (
        item.room is None and before.room is not None
    ):
        fields["venue"] = item.venue
        fields["room"] = item.room
    elif item.room != before.room:
        fields["room"] = item.room
    try:
        changed = series.change_from(item.start, **fields)
    except MeetupkitError as exc:
        notes.dropped(
            prop.line,
            "RECURRENCE-ID",
            "the RANGE=THISANDFUTURE override cannot be applied"
            f" ({MeetupkitError.__str__(exc)[:160]}); ignored",
        )
        return series
    if not item.rrules:
        shifts.append((moment, item.start - moment))
    return changed


def _shown(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return _time.utc_stamp(value)
    return _time.date_stamp(value)


def _instant(value: datetime | date, zone: tzinfo | None) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, datetime.max.time(), tzinfo=zone)


def _placed(
    event: _Event, value: datetime | date, prop: _Prop, notes: _Notes
) -> datetime:
    """Place an RDATE value: a DATE gets the event's start time."""
    if isinstance(value, datetime):
        return value
    zone = event.start.tzinfo
    if not event.all_day:
        notes.repair(
            prop.line,
            prop.name,
            f"{prop.name} {value:%Y%m%d} is a DATE on an event with a time;"
            f" it starts at {event.start:%H:%M} like DTSTART",
        )
    return _time.normalize(
        datetime.combine(value, event.start.time(), tzinfo=zone)
    )


def _checked(event: _Event, build: Callable[[], _T]) -> _T:
    try:
        return build()
    except MeetupkitError as exc:
        raise ICalError(
            exc.path,
            f"the VEVENT of line {event.line} is not valid: {exc.problem}",
            hint=exc.hint,
            line_number=event.line,
        ) from None


def _latest_copies(events: Iterable[_Event], notes: _Notes) -> list[_Event]:
    """Keep one VEVENT per RECURRENCE-ID: the highest SEQUENCE, then the last."""
    chosen: dict[Any, _Event] = {}
    for item in events:
        event = item
        value = event.recurrence_id
        key = value.astimezone(UTC) if isinstance(value, datetime) else value
        other = chosen.get(key)
        if other is not None:
            event = _newer(event, other, notes, "RECURRENCE-ID")
        chosen[key] = event
    return list(chosen.values())


def _newer(
    event: _Event, other: _Event, notes: _Notes, name: str, label: str = ""
) -> _Event:
    """Of two copies of one VEVENT keep the higher SEQUENCE, else *event*.

    The other copy is noted as dropped, under the property *name*; *label*
    follows "VEVENT" in the note.
    """
    keep, drop = (
        (event, other) if event.sequence >= other.sequence else (other, event)
    )
    notes.dropped(
        drop.line,
        name,
        f"an older copy (SEQUENCE {drop.sequence}) of the VEVENT{label} of"
        f" line {keep.line} (SEQUENCE {keep.sequence}); kept line {keep.line}",
    )
    return keep


def _own_uid(item: _Event) -> str | None:
    if item.uid is None or item.recurrence_id is None:
        return None
    return _uid_with(item.uid, f"/{_shown(item.recurrence_id)}")


def _override(
    series: Series,
    item: _Event,
    original: datetime,
    invitation: tuple[str | None, str | None],
) -> Override:
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
    return _checked(
        item,
        lambda: Override(
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
        ),
    )


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
    return _checked(item, lambda: Meetup(**fields))


def _one_offs(
    event: _Event, instances: list[_Event], notes: _Notes
) -> list[Meetup]:
    """A VEVENT without RRULE: its DTSTART and RDATEs, less its EXDATEs."""
    first = _meetup(event)
    meetings: dict[datetime, Meetup] = {event.start.astimezone(UTC): first}
    for prop in event.component.all("RDATE"):
        for value, length in event.reader.values(prop):
            moment = _placed(event, value, prop, notes)
            key = moment.astimezone(UTC)
            if key in meetings:
                continue
            uid = _uid_with(
                event.uid or "rdate", f"/{_time.utc_stamp(moment)}"
            )
            meetings[key] = _checked(
                event,
                partial(
                    attrs.evolve,
                    first,
                    start=moment,
                    uid=uid,
                    duration=length or event.duration,
                ),
            )
    by_date: dict[date, list[datetime]] = {}
    for key, meeting in meetings.items():
        local = meeting.start.astimezone(event.start.tzinfo).date()
        by_date.setdefault(local, []).append(key)

    def find(value: datetime | date, prop: _Prop) -> datetime | None:
        if isinstance(value, datetime):
            key = value.astimezone(UTC)
            return key if key in meetings else None
        found = by_date.get(value, [])
        if len(found) != 1:
            return None
        if not event.all_day:
            notes.repair(
                prop.line,
                prop.name,
                f"{prop.name} {value:%Y%m%d} is a DATE on an event with a"
                " time; matched to the meeting on that date",
            )
        return found[0]

    for prop in event.component.all("EXDATE"):
        for value in event.reader.moments(prop):
            found = find(value, prop)
            if found is None:
                notes.repair(
                    prop.line,
                    "EXDATE",
                    f"EXDATE {_shown(value)} is no meeting of the event;"
                    " ignored",
                )
                continue
            meetings[found] = attrs.evolve(
                meetings[found], status=MeetupStatus.CANCELLED
            )
    alone: list[Meetup] = []
    for item in _latest_copies(instances, notes):
        assert item.recurrence_id is not None  # noqa: S101 - instances
        assert item.rid_prop is not None  # noqa: S101 - instances
        match = find(item.recurrence_id, item.rid_prop)
        if match is None:
            notes.repair(
                item.rid_prop.line,
                "RECURRENCE-ID",
                f"RECURRENCE-ID {_shown(item.recurrence_id)} is no meeting of"
                " the event; imported as a meetup of its own",
            )
            alone.append(_meetup(item, _own_uid(item)))
            continue
        meetings[match] = _meetup(item, meetings[match].uid)
    return [*meetings.values(), *alone]


# -- import: the feed -------------------------------------------------------


def _calendars(calendars: list[_Component], notes: _Notes) -> list[_Component]:
    """The calendars to read: nested VCALENDARs are read too, with a note."""
    result = []
    pending = list(calendars)
    while pending:
        calendar = pending.pop(0)
        result.append(calendar)
        for child in calendar.children:
            if child.name == "VCALENDAR":
                notes.repair(
                    child.line,
                    "BEGIN",
                    f"a VCALENDAR nested in the one of line {calendar.line};"
                    " its events were read too",
                )
                pending.append(child)
    return result


def _read_calendar(
    calendar: _Component, reader: _Reader, notes: _Notes
) -> list[tuple[int, Series | Meetup, str]]:
    result: list[tuple[int, Series | Meetup, str]] = []
    events: list[_Event] = []
    failed: set[str] = set()
    for child in calendar.children:
        if child.name != "VEVENT":
            continue
        uid = _uid(child)
        notes.uid = uid
        try:
            events.append(_Event(child, reader))
        except ICalError as exc:
            notes.skip(child.line, uid, exc)
            if uid is not None and child.one("RECURRENCE-ID") is None:
                failed.add(uid)
    masters: dict[str, _Event] = {}
    order: list[_Event] = []
    instances: dict[str | None, list[_Event]] = {}
    for event in events:
        notes.uid = event.uid
        if event.recurrence_id is not None:
            instances.setdefault(event.uid, []).append(event)
            continue
        if event.uid is not None:
            other = masters.get(event.uid)
            if other is not None:
                keep = _newer(
                    event, other, notes, "UID", f" {event.uid[:60]!r}"
                )
                order[order.index(other)] = keep
                masters[event.uid] = keep
                continue
            masters[event.uid] = event
        order.append(event)
    read: dict[str, tuple[Series, _Event]] = {}
    for event in order:
        notes.uid = event.uid
        own = instances.pop(event.uid, []) if event.uid is not None else []
        try:
            if event.rrules:
                series, alone = _series(event, own, notes)
                result.append((event.line, series, "series"))
                if event.uid is not None:
                    read[event.uid] = (series, event)
            else:
                alone = _one_offs(event, own, notes)
            result.extend((event.line, item, "meetup") for item in alone)
        except ICalError as exc:
            notes.skip(event.line, event.uid, exc)
            for item in own:
                notes.skip(
                    item.line,
                    item.uid,
                    ICalError(
                        "RECURRENCE-ID",
                        "its series was skipped",
                        hint="see the warning about its series",
                        line_number=item.line,
                    ),
                )
    if any(event.related for _, event in read.values()):
        result = _joined(result, read, notes)
    for uid, orphans in instances.items():
        for event in orphans:
            notes.uid = uid
            if uid in failed:
                notes.skip(
                    event.line,
                    uid,
                    ICalError(
                        "RECURRENCE-ID",
                        "its series was skipped",
                        hint="see the warning about its series",
                        line_number=event.line,
                    ),
                )
                continue
            try:
                result.append(
                    (event.line, _meetup(event, _own_uid(event)), "meetup")
                )
            except ICalError as exc:
                notes.skip(event.line, uid, exc)
    return result


def _chains(
    read: dict[str, tuple[Series, _Event]],
) -> list[list[tuple[Series, _Event]]]:
    """The series linked by RELATED-TO, each chain from its first master.

    A master that names the master before it (``RELATED-TO``, any
    ``RELTYPE``) continues that series; of two that name the same master,
    the one that starts first does.
    """
    following: dict[str, tuple[Series, _Event]] = {}
    for series, event in sorted(
        read.values(), key=lambda item: item[0].start.astimezone(UTC)
    ):
        for target in event.related:
            if target in read and target != event.uid:
                earlier = read[target][0]
                if earlier.start < series.start:
                    following.setdefault(target, (series, event))
                break
    continuing = {event.uid for _, event in following.values()}
    chains = []
    for uid, first in read.items():
        if uid in continuing or uid not in following:
            continue
        chain = [first]
        seen = {uid}
        while chain[-1][1].uid in following:
            nxt = following[chain[-1][1].uid]
            if nxt[1].uid in seen:
                break  # pragma: no cover - starts grow along a chain
            seen.add(nxt[1].uid or "")
            chain.append(nxt)
        chains.append(chain)
    return chains


def _change(before: dict[str, Any], series: Series, event: _Event) -> Change:
    """The change a continuing master makes to the phase *before*."""
    prop = event.component.one(f"{_X}CHANGE")
    if prop is not None:
        change: Change = _structured(prop, Change)
        if change.start == series.start:
            return change
    fields: dict[str, Any] = {"recurrence": series.recurrence}
    for name in ("duration", "title", "description"):
        if getattr(series, name) != before[name]:
            fields[name] = getattr(series, name)
    if series.venue != before["venue"] or (
        series.room is None and before["room"] is not None
    ):
        fields["venue"] = series.venue
        fields["room"] = series.room
    elif series.room != before["room"]:
        fields["room"] = series.room
    return Change(start=series.start, **fields)


def _join(chain: list[tuple[Series, _Event]]) -> Series:
    """One series of the masters of *chain*, the later ones as changes."""
    first, event = chain[0]
    prop = event.component.one(f"{_X}RRULE")
    rule = first.recurrence
    if prop is not None:
        rule = _rule(event, prop)
    changes = []
    before: dict[str, Any] = attrs.asdict(first, recurse=False)
    for series, later in chain[1:]:
        changes.append(_change(before, series, later))
        before = attrs.asdict(series, recurse=False)
    return attrs.evolve(
        first,
        recurrence=rule,
        changes=tuple(changes),
        extra_dates=tuple(d for s, _ in chain for d in s.extra_dates),
        overrides=tuple(o for s, _ in chain for o in s.overrides),
    )


def _joined(
    result: list[tuple[int, Series | Meetup, str]],
    read: dict[str, tuple[Series, _Event]],
    notes: _Notes,
) -> list[tuple[int, Series | Meetup, str]]:
    """*result* with the series of each RELATED-TO chain joined into one."""
    for chain in _chains(read):
        first, event = chain[0]
        notes.uid = event.uid
        try:
            joined = _join(chain)
        except (MeetupkitError, ICalError) as exc:
            later = chain[1][1]
            related = later.component.one("RELATED-TO")
            notes.repair(
                related.line if related else later.line,
                "RELATED-TO",
                f"the series of line {later.line} continues the one of line"
                f" {event.line} but cannot be joined to it"
                f" ({MeetupkitError.__str__(exc)[:120]}); read as two series",
            )
            continue
        parts = {id(series) for series, _ in chain[1:]}
        result = [
            (line, joined if item is first else item, kind)
            for line, item, kind in result
            if id(item) not in parts
        ]
    return result


def from_ical_report(
    data: bytes | str,
    *,
    default_tz: tzinfo | None = None,
    strict: bool = False,
) -> ImportReport:
    r"""Read an iCalendar stream, with an account of what was done.

    Reads as :func:`from_ical` does, but issues no warnings: what it
    repaired and what it skipped is in the report, each with its line, the
    event's ``UID`` and the reason.

    Args:
        data: The calendar, as bytes (UTF-8) or text.
        default_tz: The zone of floating times and all-day dates; without
            it, an event with them is skipped.
        strict: Raise :class:`~meetupkit.errors.ICalError` at the first
            repair or skip instead of recording it.

    Returns:
        The series and meetups, and what was imported, repaired and skipped.

    Raises:
        ICalError: the input is not a calendar at all, or larger than the
            limits; with *strict*, also at the first repair or skip.

    Examples:
        >>> report = from_ical_report(
        ...     "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a@example.org\n"
        ...     "DTSTART:20150113T180000Z\nEND:VEVENT\nEND:VCALENDAR\n"
        ... )
        >>> [str(entry) for entry in report.repaired]
        ['line 4: the VEVENT has neither DTEND nor DURATION; it lasts 1:00:00 (DEFAULT_DURATION)']

    .. versionadded:: 0.1.0
    """
    if default_tz is not None:
        _time.check_aware(
            datetime(2000, 1, 1, tzinfo=default_tz), "default_tz"
        )
    notes = _Notes(strict=strict)
    found: list[tuple[int, Series | Meetup, str]] = []
    calendars = _parse(
        data, notes.dropped, strict=strict, repair=partial(_repaired, notes)
    )
    for calendar in _calendars(calendars, notes):
        reader = _Reader(calendar, default_tz, notes)
        found.extend(_read_calendar(calendar, reader, notes))
    return ImportReport(
        items=tuple(item for _, item, _ in found),
        imported=tuple(
            ImportEntry(line=line, uid=item.uid, reason=f"imported the {kind}")
            for line, item, kind in found
        ),
        repaired=tuple(notes.repaired),
        skipped=tuple(notes.skipped),
    )


def from_ical(
    data: bytes | str,
    *,
    default_tz: tzinfo | None = None,
    strict: bool = False,
) -> list[Series | Meetup]:
    """Read an iCalendar stream into series and meetups.

    A ``VEVENT`` with an ``RRULE`` becomes a :class:`~meetupkit.Series`
    (its ``RDATE`` extra dates, its ``EXDATE`` cancelled meetings, the
    ``VEVENT`` with its ``UID`` and a ``RECURRENCE-ID`` the overrides);
    every other ``VEVENT`` becomes a :class:`~meetupkit.Meetup`, one per
    ``RDATE`` too.  Times may be zoned (an IANA or Windows ``TZID``, or one
    defined by a ``VTIMEZONE`` in the file), UTC or floating.

    The reader accepts what :rfc:`5545` allows that a meetup can hold,
    repairs what clients commonly get wrong, and skips an event it cannot
    hold; each repair and skip is an :class:`ICalWarning` that names the
    line (and, for a skip, the ``UID``).  See :func:`from_ical_report` for
    the same as data, and the how-to "Import another group's feed" for the
    list.  In short:

    * an event with neither ``DTEND`` nor ``DURATION``, or with
      ``DTEND`` equal to ``DTSTART``, lasts :data:`DEFAULT_DURATION` (a
      date alone lasts a day);
    * ``RDATE;VALUE=PERIOD`` gives meetings with their own duration; a
      second ``RRULE`` with ``COUNT`` or ``UNTIL`` adds its meetings as
      extra dates (without, the event is skipped);
    * a local ``UNTIL``, a floating ``DTEND`` and a floating
      ``RECURRENCE-ID`` are read in ``DTSTART``'s zone; an ``EXDATE`` or
      ``RECURRENCE-ID`` that is a DATE matches the meeting on that date;
    * of two copies of an event (one ``UID``), the higher ``SEQUENCE``
      is kept; ``STATUS:CANCELLED`` on a series cancels every meeting;
    * an unreadable ``GEO``, a non-web ``URL``, a vendor ``X-`` line
      that breaks the syntax, a line that is no content line and a
      property after ``END:VCALENDAR`` are dropped; a ``VEVENT`` outside
      a ``VCALENDAR`` is read as if inside one; bytes that are not UTF-8
      are read as Latin-1;
    * an attendee listed twice becomes one participant with all the
      roles;
    * without *default_tz*, floating times and dates are read in the
      calendar's ``X-WR-TIMEZONE``, if it names an IANA zone;
    * an override with ``RANGE=THISANDFUTURE`` is read as a change of the
      series from its meeting on (see :meth:`~meetupkit.Series.change_from`);
      one that cancels every later meeting, or moves its meeting later, is
      left out;
    * hourly rules, ``RSCALE``, a ``RANGE`` other than ``THISANDFUTURE``,
      events over a year and floating times with no zone to read them in
      skip their event.

    Limits, checked before the work is done: :data:`MAX_INPUT_BYTES`,
    :data:`MAX_LINE_CHARS`, :data:`MAX_DEPTH`, :data:`MAX_COMPONENTS` and
    :data:`MAX_EVENTS` refuse the feed; :data:`MAX_DATES_PER_EVENT` skips
    an event.  Text stays text: HTML or escaped line breaks in a
    description are kept as they are.

    Args:
        data: The calendar, as bytes (UTF-8) or text.
        default_tz: The zone of floating times and all-day dates; without
            it, an event with them is skipped.
        strict: Raise at the first repair or skip instead of warning.

    Returns:
        The series and meetups, in the order of the file.

    Raises:
        ICalError: the input is not a calendar at all, or larger than the
            limits (with *strict*, also at the first repair or skip); the
            message names the problem, the property and the line.  Nothing
            is returned then.

    Examples:
        >>> from_ical(b"<!DOCTYPE html><html>502 Bad Gateway</html>")
        Traceback (most recent call last):
        ...
        meetupkit.errors.ICalError: line 1: not iCalendar: the data starts with '<!DOCTYPE html><html>502 Bad Gateway</ht', which looks like HTML (an error page?); check the URL or file; a calendar starts with BEGIN:VCALENDAR
    """
    report = from_ical_report(data, default_tz=default_tz, strict=strict)
    entries = sorted(
        (*report.repaired, *report.skipped),
        key=lambda entry: entry.line or 0,
    )
    for entry in entries:
        warnings.warn(str(entry), ICalWarning, stacklevel=2)
    return list(report.items)
