"""Convert meetups to and from ics-py 0.7 objects (the ``ics`` extra).

For tools that already hold ``ics.Calendar`` and ``ics.Event`` objects.
ics-py 0.7 knows no recurrence rules and no time zones (it keeps every
time as a UTC or fixed-offset instant), so a series goes out as one
``ics.Event`` per meeting in a window you choose, each at its correct
instant.  What is lost on the way out:

- the series itself: its rule, extra dates, overrides and ``SEQUENCE``;
  each meeting is a separate event with the occurrence's own uid
  (``<series uid>/<original start in UTC>``);
- the zone name: a start comes back at the same instant in the zone you
  pass to :func:`from_ics` (UTC unless told otherwise), not in the zone it
  was planned in;
- cancelled meetings (left out), venue structure, rooms, topics, recaps and
  participants (no personal data is written at all).

Use :func:`meetupkit.ical.to_ical` for a calendar that apps and other
libraries read completely; ics-py 0.7 itself writes no ``VTIMEZONE``, does
not fold lines and does not quote parameter values.

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from meetupkit import Series
    >>> from meetupkit.interop.ics import from_ics, to_ics
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> calendar = to_ics(Series.example(), start=datetime(2014, 9, 1, tzinfo=berlin),
    ...                   end=datetime(2015, 1, 31, tzinfo=berlin))
    >>> [m.start.isoformat() for m in from_ics(calendar, zone=berlin)]
    ['2014-09-24T19:00:00+02:00', '2014-11-19T19:00:00+01:00', '2015-01-14T19:00:00+01:00']

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from meetupkit import _time
from meetupkit.errors import (
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
)
from meetupkit.model import Meetup, MeetupStatus, Series, Venue

if TYPE_CHECKING:
    import ics

__all__ = ["from_ics", "from_ics_event", "to_ics", "to_ics_event"]


def _ics() -> Any:
    try:
        import ics  # noqa: PLC0415 - an optional extra, loaded on use
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidValueError(
            "ics",
            "ics-py is not installed",
            hint="pip install 'meetupkit[ics]'",
        ) from None
    return ics


def to_ics_event(meetup: Meetup) -> ics.Event:
    """Return one meetup as an ``ics.Event`` at its instant.

    Args:
        meetup: The meetup.

    Returns:
        An event with name, begin (in UTC), duration, uid, description,
        location (venue and room), url, geo and status.

    Examples:
        >>> from meetupkit import Series
        >>> event = to_ics_event(Series.example().meetup(1))
        >>> event.begin.isoformat(), event.location
        ('2014-09-24T17:00:00+00:00', 'heimathafen Wiesbaden, Adelheid')
    """
    if not isinstance(meetup, Meetup):
        raise InvalidTypeError(
            "meetup",
            f"expected a Meetup, got {type(meetup).__name__}",
            hint="pass a meetupkit.Meetup",
        )
    ics = _ics()
    location = None
    geo = None
    if meetup.venue is not None:
        location = meetup.venue.name
        if meetup.room is not None:
            location += f", {meetup.room.name}"
        if meetup.venue.geo is not None:
            geo = (meetup.venue.geo.lat, meetup.venue.geo.lon)
    return ics.Event(
        name=meetup.title,
        begin=meetup.start.astimezone(UTC),
        duration=meetup.duration,
        uid=meetup.uid,
        description=meetup.description,
        location=location,
        url=meetup.url,
        geo=geo,
        status="CANCELLED" if meetup.is_cancelled else "CONFIRMED",
    )


def to_ics(
    items: Series | Meetup | Iterable[Series | Meetup],
    *,
    start: datetime,
    end: datetime,
) -> ics.Calendar:
    """Return the meetings in ``[start, end)`` as an ``ics.Calendar``.

    Each meeting of a series in the window becomes its own event; cancelled
    meetings are left out.  A one-off meetup is included if it starts in
    the window.

    Args:
        items: A series, a meetup, or an iterable of them.
        start: The window's start, aware.
        end: The window's end, aware.

    Raises:
        NaiveDatetimeError: *start* or *end* has no zone.
        InvalidTypeError: *items* holds something else.
    """
    start = _time.check_aware(start, "start")
    end = _time.check_aware(end, "end")
    if isinstance(items, Series | Meetup):
        items = [items]
    events: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, Series):
            meetups = item.meetups(start, end, include_cancelled=False)
        elif isinstance(item, Meetup):
            keep = start <= item.start < end and not item.is_cancelled
            meetups = [item] if keep else []
        else:
            raise InvalidTypeError(
                f"items[{index}]",
                f"expected a Series or a Meetup, got {type(item).__name__}",
                hint="pass meetupkit.Series or meetupkit.Meetup objects",
            )
        events.extend(to_ics_event(meetup) for meetup in meetups)
    return _ics().Calendar(events=events)


def from_ics_event(event: ics.Event, *, zone: tzinfo = UTC) -> Meetup:
    """Return an ``ics.Event`` as a one-off meetup, its start in *zone*.

    Args:
        event: An event with a name, a begin and an end or duration.
        zone: The zone to show the start in (ics-py keeps only instants).

    Raises:
        InvalidValueError: the event has no begin or no end, or a field is
            not valid for a meetup (the message names it).
    """
    begin = getattr(event, "begin", None)
    end = getattr(event, "end", None)
    if begin is None or end is None:
        raise InvalidValueError(
            "begin",
            "the event has no begin or no end",
            hint="give the ics.Event a begin and a duration or end",
        )
    start = _time.normalize(begin.datetime.astimezone(zone))
    fields: dict[str, Any] = {
        "title": event.name or "(untitled)",
        "start": start,
        "duration": end.datetime - begin.datetime,
        "description": event.description or None,
        "url": event.url or None,
        "status": MeetupStatus.CANCELLED
        if (event.status or "").upper() == "CANCELLED"
        else MeetupStatus.SCHEDULED,
    }
    if event.uid:
        fields["uid"] = event.uid
    if event.location:
        fields["venue"] = Venue(name=event.location)
    try:
        return Meetup(**fields)
    except MeetupkitError as exc:
        raise exc.at("event") from None


def from_ics(calendar: ics.Calendar, *, zone: tzinfo = UTC) -> list[Meetup]:
    """Return every event of an ``ics.Calendar`` as a meetup, sorted by start.

    Args:
        calendar: The ics-py calendar.
        zone: The zone to show the starts in.

    Raises:
        InvalidValueError: an event cannot be a meetup.
    """
    meetups = [from_ics_event(event, zone=zone) for event in calendar.events]
    meetups.sort(key=lambda m: (m.start.astimezone(UTC), m.uid))
    return meetups
