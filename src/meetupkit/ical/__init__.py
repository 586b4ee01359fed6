"""iCalendar (:rfc:`5545`) export and import of series and meetups.

:func:`to_ical` writes a calendar that calendar apps read right: a series is
one master ``VEVENT`` with ``DTSTART;TZID=…``, ``DURATION`` and the
series' ``RRULE``, extra meetings as ``RDATE``, and one ``VEVENT`` with
``RECURRENCE-ID`` for every meeting that differs from the rule: a
cancelled one has ``STATUS:CANCELLED`` and its reason, so that calendar
apps show it as cancelled rather than drop it (``EXDATE`` is read, not
written).

Topics belong to meetings: the master stands for every meeting, so it lists
none; the series' backlog travels in ``X-MEETUPKIT-BACKLOG`` properties,
which calendar apps do not show.  A meeting with topics (planned for it in
the backlog, see :meth:`~meetupkit.Series.planned_topics`, or its
override's own) gets a ``VEVENT`` with ``RECURRENCE-ID`` that lists them in
``DESCRIPTION`` and as ``X-MEETUPKIT-TOPIC``, so each occurrence shows
exactly the :attr:`~meetupkit.Meetup.topics` of
:meth:`~meetupkit.Series.meetups`.  A wish planned for a start that is no
meeting of the series is shown nowhere.  The feed is a plain calendar, not
an iTIP message (:rfc:`5546`): it has no ``METHOD``.

Every zone used gets a ``VTIMEZONE``
computed from ``zoneinfo``, its onsets in the local time before each
transition as :rfc:`5545#section-3.6.5` asks, written as a yearly ``RRULE``
where the zone's rule is regular.  UIDs are the series' and meetups' own
stable ids, so a subscribed calendar updates instead of duplicating; with
*dtstamp* given, the bytes are reproducible.

:func:`from_ical` reads such calendars, and feeds from elsewhere, back into
:class:`~meetupkit.Series` and :class:`~meetupkit.Meetup` objects.  It
repairs common client mistakes and skips an event a meetup cannot be, each
with an :class:`ICalWarning` naming the line (:func:`from_ical_report`
returns the same as an :class:`ImportReport`); input that is no calendar at
all, or over the limits, raises :class:`~meetupkit.errors.ICalError` naming
the problem, the property and the line, and nothing is returned.

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

__all__ = [
    "DEFAULT_DURATION",
    "MAX_COMPONENTS",
    "MAX_DATES_PER_EVENT",
    "MAX_DEPTH",
    "MAX_EVENTS",
    "MAX_INPUT_BYTES",
    "MAX_LINE_CHARS",
    "PRODID",
    "ICalWarning",
    "ImportEntry",
    "ImportReport",
    "carried",
    "from_ical",
    "from_ical_report",
    "to_calendar",
    "to_ical",
]

from datetime import timedelta
from typing import Final

# The limits come first: the submodules read them from here at call time,
# so that a caller may lower them.
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

#: How many VEVENTs one input may hold: more refuse the feed before its
#: events are read.  10,000 small events take about 0.8 s of CPU time; a
#: group's meetings over decades stay far below.  Lower it as needed.
MAX_EVENTS: Final = 10_000

#: How many dates one event may list in ``RDATE`` and ``EXDATE``, and how
#: many meetings the reader expands of one series to match its exceptions
#: and overrides: an event with more is skipped with a warning.
MAX_DATES_PER_EVENT: Final = 10_000

#: How long a timed event with neither ``DTEND`` nor ``DURATION`` (or with
#: ``DTEND`` equal to ``DTSTART``) lasts: a meetup needs a duration, and
#: calendar apps show such an event as one hour.
DEFAULT_DURATION: Final = timedelta(hours=1)

#: The product id meetupkit writes.
PRODID: Final = "-//meetupkit//meetupkit//EN"

from ._carry import carried  # noqa: E402 - after the limits
from ._lines import ICalWarning  # noqa: E402 - after the limits
from ._read import from_ical, from_ical_report  # noqa: E402 - after the limits
from ._report import ImportEntry, ImportReport  # noqa: E402 - after the limits
from ._write import to_calendar, to_ical  # noqa: E402 - after the limits

ICalWarning.__module__ = __name__
ImportEntry.__module__ = __name__
ImportReport.__module__ = __name__
