"""Meetings that fall on a public holiday or a day the venue is closed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from . import _time
from . import _validate as v
from .errors import InvalidTypeError

if TYPE_CHECKING:
    from .model import Meetup, Series

#: How far ahead a proposed move may be: eight weeks.
_SEARCH_DAYS = 56


@attrs.frozen(kw_only=True)
class Clash:
    """A coming meeting on a holiday or a day its venue is closed.

    Attributes:
        meetup: The meeting, as :meth:`Series.meetups` gives it.
        name: The holiday's name or the closure's reason.
        closure: ``True`` if the venue is closed, ``False`` for a holiday.
        proposal: Where to move it: the next day the rule's weekdays allow
            (for a rule without weekdays, the weekday of the series' start:
            for a weekly rule, the same weekday a week later)
            that is free of holidays, closures and other meetings, at the
            same time of day; ``None`` if there is none within eight weeks.
    """

    meetup: Meetup
    name: str
    closure: bool
    proposal: datetime | None

    def accept(self, series: Series) -> Series:
        """Move the meeting to :attr:`proposal` (see :meth:`Series.move`).

        The holiday's or closure's name becomes the move's reason, so
        that calendars, notices and recaps say why the meeting moved.

        Raises:
            InvalidValueError: there is no proposal, or the meeting is not
                one of *series*.
        """
        from .errors import InvalidValueError  # noqa: PLC0415

        original = self.meetup.recurrence_id
        if self.proposal is None or original is None:
            raise InvalidValueError(
                "proposal",
                "there is no day to move the meeting to",
                hint="cancel it with Series.cancel(...) or pick a day yourself",
            )
        return series.move(original, to=self.proposal, reason=self.name)


def _check_calendar(value: object, path: str) -> Mapping[date, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            path,
            f"expected a mapping of dates to names, got {type(value).__name__}",
            hint='pass holidays.country_holidays("DE", subdiv="HE") or a dict'
            " such as {date(2026, 12, 30): 'closed'}",
        )
    return value


def _weekdays(series: Series, meetup: Meetup) -> frozenset[int]:
    """The weekdays the rule of *meetup* allows (its phase's rule)."""
    if series.changes and meetup.recurrence_id is not None:
        from ._phases import phase_of  # noqa: PLC0415

        series = phase_of(series, meetup.recurrence_id)
    days = frozenset(item.day.number for item in series.recurrence.by_day)
    return days or frozenset({series.start.weekday()})


def find(
    series: Series,
    holidays: object,
    *,
    start: datetime,
    end: datetime,
    closed: object = None,
) -> list[Clash]:
    """The meetings in ``[start, end)`` on a holiday or a closed day."""
    days_off = _check_calendar(holidays, "holidays")
    closures = _check_calendar(closed, "closed")
    start = v.aware(start, "start")
    end = v.aware(end, "end")

    def reason(day: date) -> tuple[str, bool] | None:
        if day in closures:
            return str(closures[day]), True
        name = days_off.get(day)
        return (str(name), False) if name is not None else None

    meetings = series.meetups(
        start, end + timedelta(days=_SEARCH_DAYS), include_cancelled=False
    )
    taken = {m.start.date() for m in meetings}
    result = []
    for meetup in meetings:
        if meetup.start >= end:
            break
        found = reason(meetup.start.date())
        if found is None:
            continue
        proposal = None
        weekdays = _weekdays(series, meetup)
        for offset in range(1, _SEARCH_DAYS + 1):
            candidate = meetup.start + timedelta(days=offset)
            day = candidate.date()
            if (
                day.weekday() in weekdays
                and day not in taken
                and reason(day) is None
            ):
                proposal = _time.normalize(
                    datetime.combine(
                        day, meetup.start.time(), meetup.start.tzinfo
                    )
                )
                break
        result.append(
            Clash(
                meetup=meetup,
                name=found[0],
                closure=found[1],
                proposal=proposal,
            )
        )
    return result
