"""schema.org JSON-LD for meetups and series, for search engines.

:func:`to_jsonld` turns a :class:`~meetupkit.Series` into an
``EventSeries`` with an ``eventSchedule`` and one ``Event`` per meeting in a
window, and a :class:`~meetupkit.Meetup` into an ``Event``.  Every ``Event``
has what search engines ask for in event rich results (``name``,
``startDate`` with its UTC offset, ``location`` with ``address``) as far as
the model has it: give meetups a venue with an address.  :func:`to_script`
wraps a document in a ``<script type="application/ld+json">`` element that
is safe to put into an HTML page.

People appear only as far as their consent releases them to the
*audience*; see :mod:`meetupkit.privacy`.

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from meetupkit import Series
    >>> from meetupkit.jsonld import to_jsonld
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> doc = to_jsonld(Series.example(), start=datetime(2014, 9, 1, tzinfo=berlin),
    ...                 end=datetime(2015, 1, 1, tzinfo=berlin))
    >>> doc["@type"], doc["eventSchedule"]["repeatFrequency"]
    ('EventSeries', 'P8W')
    >>> [event["startDate"] for event in doc["subEvent"]]
    ['2014-09-24T19:00:00+02:00', '2014-11-19T19:00:00+01:00']
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Final

from . import _time
from . import _validate as v
from .errors import InvalidTypeError, InvalidValueError
from .model import (
    Address,
    Audience,
    Meetup,
    MeetupStatus,
    Participant,
    Role,
    Room,
    Series,
    TopicWish,
    Venue,
)
from .privacy import check_audience, is_anonymous, redact
from .recurrence import Frequency, Recurrence
from .topics import _shown

__all__ = ["CONTEXT", "DEFAULT_WINDOW", "to_jsonld", "to_script"]

#: The ``@context`` of every document.
CONTEXT: Final = "https://schema.org"

#: How far past its *start* :func:`to_jsonld` lists a series' meetings
#: when no *end* is given.
DEFAULT_WINDOW: Final = timedelta(days=366)

_STATUS: Final = {
    MeetupStatus.SCHEDULED: "https://schema.org/EventScheduled",
    MeetupStatus.MOVED: "https://schema.org/EventRescheduled",
    MeetupStatus.CANCELLED: "https://schema.org/EventCancelled",
}
_OFFLINE: Final = "https://schema.org/OfflineEventAttendanceMode"
_DAYS: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_PERIOD: Final = {
    Frequency.DAILY: "D",
    Frequency.WEEKLY: "W",
    Frequency.MONTHLY: "M",
    Frequency.YEARLY: "Y",
}

Doc = dict[str, Any]


def _put(doc: Doc, key: str, value: object) -> None:
    """Set *key* unless *value* is empty: JSON-LD leaves unknowns out."""
    if value is not None and value not in ((), [], {}, ""):
        doc[key] = value


def _address(address: Address) -> Doc:
    doc: Doc = {"@type": "PostalAddress"}
    _put(doc, "streetAddress", address.street)
    _put(doc, "postalCode", address.postal_code)
    _put(doc, "addressLocality", address.city)
    _put(doc, "addressRegion", address.region)
    _put(doc, "addressCountry", address.country)
    return doc


def _place(venue: Venue, room: Room | None) -> Doc:
    place: Doc = {"@type": "Place", "name": venue.name}
    if venue.address is not None:
        place["address"] = _address(venue.address)
    if venue.geo is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": venue.geo.lat,
            "longitude": venue.geo.lon,
        }
    _put(place, "url", venue.url)
    if room is None:
        return place
    # The room repeats the venue's address: search engines look for the
    # address on the event's location itself.
    doc: Doc = {"@type": "MeetingRoom", "name": room.name}
    if venue.address is not None:
        doc["address"] = _address(venue.address)
    _put(doc, "maximumAttendeeCapacity", room.capacity)
    _put(doc, "floorLevel", room.floor)
    features = [
        {"@type": "LocationFeatureSpecification", "name": name, "value": True}
        for name in room.features
    ]
    if room.step_free is not None:
        features.append(
            {
                "@type": "LocationFeatureSpecification",
                "name": "step-free access",
                "value": room.step_free,
            }
        )
    _put(doc, "amenityFeature", features)
    _put(doc, "description", room.directions)
    doc["containedInPlace"] = place
    return doc


def _person(person: Participant) -> Doc:
    doc: Doc = {"@type": "Person", "name": person.name}
    _put(doc, "email", person.email)
    _put(doc, "sameAs", list(person.links))
    if person.organization is not None:
        doc["worksFor"] = {
            "@type": "Organization",
            "name": person.organization,
        }
    return doc


def _people(people: tuple[Participant, ...], *roles: Role) -> list[Doc]:
    return [
        _person(person)
        for person in people
        if not is_anonymous(person)
        and (not roles or any(role in person.roles for role in roles))
    ]


def _topic(wish: TopicWish) -> Doc:
    doc: Doc = {"@type": "Thing", "name": wish.title}
    _put(doc, "description", wish.description)
    return doc


def _event(meetup: Meetup, *, organizers: list[Doc], context: bool) -> Doc:
    doc: Doc = {"@context": CONTEXT} if context else {}
    doc["@type"] = "Event"
    doc["identifier"] = meetup.uid
    doc["name"] = meetup.title
    _put(doc, "description", meetup.description)
    doc["startDate"] = meetup.start.isoformat()
    doc["endDate"] = meetup.end.isoformat()
    doc["eventStatus"] = _STATUS[meetup.status]
    if meetup.status is MeetupStatus.MOVED and meetup.recurrence_id:
        doc["previousStartDate"] = meetup.recurrence_id.isoformat()
    if meetup.venue is not None:
        doc["eventAttendanceMode"] = _OFFLINE
        doc["location"] = _place(meetup.venue, meetup.room)
    _put(doc, "inLanguage", meetup.language)
    _put(doc, "url", meetup.url)
    _put(doc, "about", [_topic(wish) for wish in _shown(meetup)])
    _put(
        doc,
        "organizer",
        organizers or _people(meetup.participants, Role.ORGANIZER),
    )
    _put(doc, "performer", _people(meetup.participants, Role.SPEAKER))
    _put(doc, "attendee", _people(meetup.participants))
    if context and meetup.series_uid is not None:
        doc["superEvent"] = {
            "@type": "EventSeries",
            "identifier": meetup.series_uid,
        }
    return doc


def _local_time(moment: datetime) -> str:
    text = moment.strftime("%H:%M:%S")
    if _time.zone_name(moment.tzinfo) is None:
        text += moment.isoformat()[19:]
    return text


def _schedule(series: Series) -> Doc:
    rule: Recurrence = series.recurrence
    start = series.start
    doc: Doc = {
        "@type": "Schedule",
        "repeatFrequency": f"P{rule.interval}{_PERIOD[rule.freq]}",
    }
    by_day = [
        f"https://schema.org/{_DAYS[item.day.number]}"
        if item.nth is None
        else str(item)
        for item in rule.by_day
    ]
    if not by_day and rule.freq is Frequency.WEEKLY:
        by_day = [f"https://schema.org/{_DAYS[start.weekday()]}"]
    _put(doc, "byDay", by_day)
    month_days = list(rule.by_month_day)
    months = list(rule.by_month)
    plain = not (rule.by_day or rule.by_year_day or rule.by_week_no)
    if (
        plain
        and not month_days
        and rule.freq
        in {
            Frequency.MONTHLY,
            Frequency.YEARLY,
        }
    ):
        month_days = [start.day]
    if plain and not months and rule.freq is Frequency.YEARLY:
        months = [start.month]
    _put(doc, "byMonth", months)
    _put(doc, "byMonthDay", month_days)
    doc["startTime"] = _local_time(start)
    doc["endTime"] = _local_time(_time.normalize(start + series.duration))
    doc["duration"] = _time.format_duration(series.duration)
    _put(doc, "scheduleTimezone", _time.zone_name(start.tzinfo))
    doc["startDate"] = start.date().isoformat()
    if rule.until is not None:
        doc["endDate"] = _time.as_date(rule.until).isoformat()
    _put(doc, "repeatCount", rule.count)
    _put(
        doc,
        "exceptDate",
        [
            item.original_start.isoformat()
            for item in series.overrides
            if item.cancelled
            or (item.start is not None and item.start != item.original_start)
        ],
    )
    return doc


def _series(
    series: Series, start: datetime | None, end: datetime | None
) -> Doc:
    first = series.start if start is None else v.aware(start, "start")
    last = first + DEFAULT_WINDOW if end is None else v.aware(end, "end")
    organizers = _people(series.organizers)
    if not organizers:
        group: Doc = {"@type": "Organization", "name": series.title}
        _put(group, "url", series.url)
        organizers = [group]
    doc: Doc = {"@context": CONTEXT, "@type": "EventSeries"}
    doc["identifier"] = series.uid
    doc["name"] = series.title
    _put(doc, "alternateName", series.hashtag)
    _put(doc, "description", series.description)
    _put(doc, "url", series.url)
    _put(doc, "inLanguage", series.language)
    doc["startDate"] = series.start.isoformat()
    if series.changes:
        from ._phases import phases  # noqa: PLC0415

        # One schedule per phase, each bounded by its startDate and (but
        # the last) its endDate.
        doc["eventSchedule"] = [_schedule(phase) for phase in phases(series)]
    else:
        doc["eventSchedule"] = _schedule(series)
    if series.venue is not None:
        doc["eventAttendanceMode"] = _OFFLINE
        doc["location"] = _place(series.venue, series.room)
    doc["organizer"] = organizers
    doc["subEvent"] = [
        _event(meetup, organizers=organizers, context=False)
        for meetup in series.meetups(first, last)
    ]
    return doc


def to_jsonld(
    obj: Series | Meetup,
    *,
    audience: Audience | str = Audience.PUBLIC,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[str, Any]:
    """Describe a series or a meetup as schema.org JSON-LD.

    A :class:`~meetupkit.Series` becomes an ``EventSeries`` whose
    ``eventSchedule`` is a ``Schedule`` (``repeatFrequency`` such as
    ``P8W``, ``byDay``, ``startTime``, ``endTime``, ``scheduleTimezone``,
    ``startDate``; cancelled and moved meetings as ``exceptDate``), or a
    list of them, one per phase with its ``startDate`` and ``endDate``, for
    a series that changed from a date on, and whose
    ``subEvent`` lists every meeting that starts in ``[start, end)``.  Rule
    parts schema.org cannot say (``BYSETPOS``, ``BYYEARDAY``,
    ``BYWEEKNO``) are left out of the schedule; the meetings listed are
    exact.

    A :class:`~meetupkit.Meetup` becomes an ``Event`` with ``eventStatus``
    (``EventScheduled``, ``EventCancelled``, or ``EventRescheduled`` with
    ``previousStartDate``), ``eventAttendanceMode``, ``location`` (the room
    as a ``MeetingRoom`` ``containedInPlace`` the venue, a ``Place`` with
    ``PostalAddress`` and ``geo``), ``about`` for its topics, and the
    people its participants release to *audience*.

    Args:
        obj: A series or a meetup.
        audience: Who reads the document; ``public`` by default, which is
            right for a web page.
        start: For a series: list meetings from here; its first start if
            not given.
        end: For a series: list meetings before this; *start* plus
            :data:`DEFAULT_WINDOW` if not given.

    Returns:
        A dict ready for :func:`json.dumps`.

    Raises:
        InvalidTypeError: *obj* is neither a series nor a meetup.
        InvalidValueError: *audience* is unknown, or *start*/*end* are given
            with a meetup.
        NaiveDatetimeError: *start* or *end* has no zone.

    Examples:
        >>> from meetupkit import Series
        >>> event = to_jsonld(Series.example().meetup(2))
        >>> event["startDate"], event["location"]["@type"]
        ('2014-11-19T19:00:00+01:00', 'MeetingRoom')
        >>> event["location"]["containedInPlace"]["address"]["addressLocality"]
        'Wiesbaden'
    """
    who = check_audience(audience)
    if isinstance(obj, Series):
        return _series(redact(obj, who), start, end)
    if isinstance(obj, Meetup):
        if start is not None or end is not None:
            raise InvalidValueError(
                "start",
                "a window only applies to a series",
                hint="leave start and end out for a single meetup",
            )
        return _event(redact(obj, who), organizers=[], context=True)
    raise InvalidTypeError(
        "obj",
        f"expected a Series or a Meetup, got {type(obj).__name__}",
        hint="pass a meetupkit.Series or meetupkit.Meetup",
    )


def to_script(doc: dict[str, Any]) -> str:
    r"""Return *doc* as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text in the
    document can end the script element early, whatever it contains.

    Examples:
        >>> print(to_script({"name": "</script><b>#SoMeWI</b>"}))
        <script type="application/ld+json">{"name": "\u003c/script\u003e\u003cb\u003e#SoMeWI\u003c/b\u003e"}</script>
    """
    text = json.dumps(doc, ensure_ascii=False, sort_keys=False)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    # U+2028/U+2029 end a line in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'
