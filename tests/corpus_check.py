"""The checks run over a corpus of third-party calendars, for tests.

``tests/test_ical_corpus.py`` runs them over the calendars that the
installed ``icalendar`` and ``recurring-ical-events`` packages ship, and
``tests/test_ical_large_corpus.py`` over the large corpus that
``tests/corpus/fetch.py`` gathers.  For every file:

* reading it lets nothing escape but :class:`~meetupkit.errors.ICalError`
  and :class:`~meetupkit.ical.ICalWarning` (:func:`read_quietly`);
* a refused feed, and every skipped event, is refused for a reason a
  meetup model justifies (:func:`refusal_kind`);
* every series read has the meetings that recurring-ical-events finds
  over two years from its start (:func:`differences`), except where that
  oracle is known to be wrong (pinned by the test modules).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from meetupkit import ICalError, Meetup, MeetupStatus, Series
from meetupkit.ical import ICalWarning, ImportReport, from_ical_report

#: The zone of floating times and dates in every corpus run.
BERLIN = ZoneInfo("Europe/Berlin")
#: How far from a series' start its meetings are compared.
WINDOW = timedelta(days=731)

#: Why a feed or an event may be refused: (kind, pattern of the message).
#: Each kind is something a meetup model cannot hold or a feed that is no
#: calendar at all; a refusal that matches none is a defect of the reader.
REFUSALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("not a calendar", r"not iCalendar|the input is empty|outside a"),
        ("truncated", r"the stream ends inside"),
        ("broken nesting", r"closes the \S+ opened on line|without a BEGIN"),
        ("over a documented limit", r"MAX_[A-Z_]+|components|nested deeper"),
        ("more often than daily", r"repeats more than once a day"),
        ("several starts a day", r"times of day within a rule"),
        ("other calendar scale", r"RSCALE"),
        ("this and future", r"THISANDFUTURE"),
        ("its series was skipped", r"its series was skipped"),
        ("no start", r"has no DTSTART"),
        ("end before start", r"is not after DTSTART|negative duration"),
        ("longer than a year", r"not between a second and a year"),
        ("unknown zone", r"neither an IANA zone nor defined by a VTIMEZONE"),
        ("floating with no zone", r"default_tz"),
        (
            "invalid value",
            r"is not a date|unknown rule part|has no value|is not a number"
            r"|given \d+ times|is not a duration|is not a frequency"
            r"|a period of dates",
        ),
    )
)


@cache
def read(path: Path) -> ImportReport | ICalError:
    """The report of reading *path*, or the error that refused it."""
    try:
        return from_ical_report(path.read_bytes(), default_tz=BERLIN)
    except ICalError as error:
        return error


def read_quietly(path: Path) -> ImportReport | ICalError:
    """Read *path* and assert that only :class:`ICalWarning` is warned."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = read.__wrapped__(path)
    strange = [w for w in caught if not issubclass(w.category, ICalWarning)]
    assert not strange, [str(w.message) for w in strange]
    if isinstance(result, ImportReport):
        assert len(result.imported) == len(result.items)
    return result


def refusal_kind(message: str) -> str | None:
    """The kind of a refusal (see :data:`REFUSALS`), or None if unjustified."""
    for kind, pattern in REFUSALS:
        if pattern.search(message):
            return kind
    return None


def refusals(path: Path) -> list[str]:
    """Each refusal of *path*: the feed's error, or its skipped events'."""
    result = read(path)
    if isinstance(result, ICalError):
        return [str(result)]
    return [
        entry.reason
        for entry in result.skipped
        if entry.reason.startswith("skipped")
    ]


def _utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        zoned = (
            value if value.tzinfo is not None else value.replace(tzinfo=BERLIN)
        )
        return zoned.astimezone(UTC)
    return datetime.combine(
        value, datetime.min.time(), tzinfo=BERLIN
    ).astimezone(UTC)


def _same_event(component: Any, series: Series) -> bool:
    uid = component.get("UID")
    if uid is not None:
        return str(uid) == series.uid
    return str(component.get("SUMMARY", "(untitled)")) == series.title


def differences(
    path: Path,
) -> list[tuple[str, list[datetime], list[datetime]]]:
    """Each series of *path* whose meetings differ from the oracle's.

    Returns:
        (UID, meetupkit's starts, recurring-ical-events' starts) per
        series that differs; both in UTC, over :data:`WINDOW`.
    """
    report = read(path)
    if isinstance(report, ICalError):
        return []
    skipped = {
        entry.uid
        for entry in report.skipped
        if entry.reason.startswith("skipped")
    }
    series_read = [
        item
        for item in report.items
        if isinstance(item, Series) and item.uid not in skipped
    ]
    if not series_read:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            if calendar.name != "VCALENDAR":
                # A bare VEVENT: meetupkit reads it as if in a VCALENDAR.
                wrapper = icalendar.Calendar()
                wrapper.add_component(calendar)
                calendar = wrapper
        except Exception:
            return []
    first = min(series.start for series in series_read)
    last = max(series.start for series in series_read) + WINDOW
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            events = list(
                recurring_ical_events.of(calendar).between(first, last)
            )
        except Exception:
            return []
    found = []
    for series in series_read:
        start = series.start
        end = start + WINDOW
        # An override that matches no meeting is a meetup of its own
        # (with a warning); the oracle counts it with its series.
        alone = [
            item.start.astimezone(UTC)
            for item in report.items
            if isinstance(item, Meetup)
            and item.uid.startswith(f"{series.uid}/")
            and item.status is not MeetupStatus.CANCELLED
            and start <= item.start < end
        ]
        ours = sorted(
            [
                meetup.start.astimezone(UTC)
                for meetup in series.meetups(
                    start, end, include_cancelled=False
                )
            ]
            + alone
        )
        theirs = sorted(
            moment
            for event in events
            if _same_event(event, series)
            and str(event.get("STATUS", "")).upper() != "CANCELLED"
            and start <= (moment := _utc(event["DTSTART"].dt)) < end
        )
        if ours != theirs:
            found.append((series.uid, ours, theirs))
    return found


def explain(
    found: tuple[str, list[datetime], list[datetime]],
) -> tuple[str, list[datetime], list[datetime]]:
    """A difference in short: the UID, and three starts each side lacks."""
    uid, ours, theirs = found
    return (
        uid,
        sorted(set(ours) - set(theirs))[:3],
        sorted(set(theirs) - set(ours))[:3],
    )
