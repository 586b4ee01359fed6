"""RFC 5545 recurrence rules, evaluated in local time with python-dateutil.

A :class:`Recurrence` is the value of an ``RRULE`` property: how often a
series meets.  It knows nothing of the series' first start; the expansion
functions take it as an argument so that a rule can be shared.

Occurrences are computed on the wall clock of the first start's zone and only
then given their zone, so a meetup at 19:00 stays at 19:00 in summer and in
winter (see :rfc:`5545#section-3.3.10`).

Examples:
    >>> from meetupkit import Recurrence
    >>> rule = Recurrence.every(weeks=8)
    >>> str(rule)
    'FREQ=WEEKLY;INTERVAL=8'
    >>> Recurrence.parse("RRULE:FREQ=MONTHLY;BYDAY=2TU") == Recurrence.nth_weekday(
    ...     2, "TU")
    True
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Final, Literal

import attrs

from . import _time
from ._enums import DescribedEnum
from .errors import RecurrenceError

if TYPE_CHECKING:
    from dateutil import rrule as _rrule

__all__ = [
    "DEFAULT_HORIZON",
    "ByDay",
    "Frequency",
    "Recurrence",
    "Weekday",
]

#: How far :func:`meetupkit.plan_topics` looks ahead for meetings.
#: :meth:`meetupkit.Series.next`, :meth:`~meetupkit.Series.previous` and
#: :meth:`~meetupkit.Series.meetup` have no such horizon: they answer from
#: the rule's cycle (see :meth:`~meetupkit.Recurrence.cycle_days`) at any distance.
DEFAULT_HORIZON: Final = timedelta(days=366 * 50)


class Frequency(DescribedEnum):
    """How often a rule repeats: the ``FREQ`` part.

    Sub-daily frequencies exist in RFC 5545 but make no sense for meetups,
    so meetupkit refuses them.
    """

    DAILY = "DAILY", "Every day, or every *interval* days."
    WEEKLY = (
        "WEEKLY",
        "Every week, or every *interval* weeks (#SoMeWI: eight).",
    )
    MONTHLY = "MONTHLY", "Every month, or every *interval* months."
    YEARLY = "YEARLY", "Every year, or every *interval* years."


class Weekday(DescribedEnum):
    """A day of the week as RFC 5545 spells it."""

    MO = "MO", "Monday."
    TU = "TU", "Tuesday."
    WE = "WE", "Wednesday."
    TH = "TH", "Thursday."
    FR = "FR", "Friday."
    SA = "SA", "Saturday."
    SU = "SU", "Sunday."

    @property
    def number(self) -> int:
        """Monday is 0, Sunday is 6, as in :meth:`datetime.date.weekday`."""
        return _WEEKDAY_NUMBERS[self]


_WEEKDAY_NUMBERS: Final = {day: index for index, day in enumerate(Weekday)}


def _weekday(value: Weekday | str) -> Weekday:
    try:
        return Weekday(value.upper() if isinstance(value, str) else value)
    except ValueError:
        raise RecurrenceError(
            "BYDAY",
            f"{str(value)[:20]!r} is not a weekday",
            hint="use one of MO, TU, WE, TH, FR, SA, SU",
        ) from None


def _check_ordinal(
    _: object, __: attrs.Attribute[int | None], n: int | None
) -> None:
    if n is not None and (n == 0 or not -53 <= n <= 53):  # noqa: PLR2004
        raise RecurrenceError(
            "BYDAY",
            f"ordinal {n} is out of range",
            hint="use 1 to 53 or -53 to -1, such as 2TU or -1TH",
        )


@attrs.frozen(kw_only=True, order=True)
class ByDay:
    """One ``BYDAY`` entry: a weekday, optionally the *n*-th of the period.

    Attributes:
        day: The weekday.
        nth: ``2`` for the second, ``-1`` for the last; ``None`` for every.

    Examples:
        >>> str(ByDay(day=Weekday.TU, nth=2)), str(ByDay(day=Weekday.TH, nth=-1))
        ('2TU', '-1TH')
    """

    nth: int | None = attrs.field(default=None, validator=_check_ordinal)
    day: Weekday = attrs.field(converter=_weekday)

    def __str__(self) -> str:
        return f"{self.nth or ''}{self.day}"

    @classmethod
    def parse(cls, text: str) -> ByDay:
        """Parse ``TU``, ``2TU`` or ``-1TH``.

        Raises:
            RecurrenceError: *text* is no such entry.
        """
        match = re.fullmatch(r"([+-]?\d{1,2})?([A-Za-z]{2})", text.strip())
        if match is None:
            raise RecurrenceError(
                "BYDAY",
                f"{text[:20]!r} is not a weekday",
                hint="use MO…SU, optionally with an ordinal as in 2TU or -1TH",
            )
        nth = int(match[1]) if match[1] else None
        return cls(day=_weekday(match[2]), nth=nth)


def _ints(
    part: str, value: object, low: int, high: int, *, signed: bool
) -> tuple[int, ...]:
    if isinstance(value, int):
        value = (value,)
    if not isinstance(value, tuple | list):
        raise RecurrenceError(
            part, "expected a tuple of integers", hint="pass a tuple"
        )
    result = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int):
            raise RecurrenceError(
                part, f"{item!r} is not an integer", hint="pass integers"
            )
        ok = low <= abs(item) <= high if signed else low <= item <= high
        if not ok:
            span = f"±{low}…{high}" if signed else f"{low}…{high}"
            raise RecurrenceError(
                part, f"{item} is out of range", hint=f"use {span}"
            )
        result.append(item)
    if len(set(result)) != len(result):
        raise RecurrenceError(
            part, "a value is given twice", hint="list each value once"
        )
    return tuple(result)


def _by_month_day(value: Iterable[int] | int) -> tuple[int, ...]:
    return _ints("BYMONTHDAY", value, 1, 31, signed=True)


def _by_month(value: Iterable[int] | int) -> tuple[int, ...]:
    return _ints("BYMONTH", value, 1, 12, signed=False)


def _by_year_day(value: Iterable[int] | int) -> tuple[int, ...]:
    return _ints("BYYEARDAY", value, 1, 366, signed=True)


def _by_week_no(value: Iterable[int] | int) -> tuple[int, ...]:
    return _ints("BYWEEKNO", value, 1, 53, signed=True)


def _by_set_pos(value: Iterable[int] | int) -> tuple[int, ...]:
    return _ints("BYSETPOS", value, 1, 366, signed=True)


def _bydays(value: Iterable[ByDay | str] | ByDay | str) -> tuple[ByDay, ...]:
    if isinstance(value, ByDay | str):
        value = (value,)
    if not isinstance(value, tuple | list):
        raise RecurrenceError("BYDAY", "expected a tuple", hint="pass a tuple")
    result = tuple(
        item if isinstance(item, ByDay) else ByDay.parse(str(item))
        for item in value
    )
    if len(set(result)) != len(result):
        raise RecurrenceError(
            "BYDAY", "a day is given twice", hint="list each day once"
        )
    return result


def _check_positive(part: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RecurrenceError(
            part, f"{value!r} is not a positive integer", hint="use 1 or more"
        )


def _check_interval(_: object, __: object, value: int) -> None:
    _check_positive("INTERVAL", value)


def _check_count(_: object, __: object, value: int | None) -> None:
    _check_positive("COUNT", value)


def _check_until(_: object, __: object, value: datetime | date | None) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise RecurrenceError(
                "UNTIL",
                "local time without a zone",
                hint=(
                    "RFC 5545 §3.3.10 wants UNTIL in UTC when the series has a"
                    " time zone: convert the last meeting's local start to UTC"
                    " (19:00 in Berlin in winter is 20151231T180000Z); a Z"
                    " added to the local time would end the series at another"
                    " instant"
                ),
            )
        if not _time.FIRST_YEAR <= value.year <= _time.LAST_YEAR:
            raise RecurrenceError(
                "UNTIL",
                f"{value.isoformat()[:25]} is outside the supported range",
                hint=f"{_time.RANGE_HINT}; leave UNTIL out for a series"
                " without end",
            )
        return
    if not isinstance(value, date):
        raise RecurrenceError(
            "UNTIL",
            "expected a datetime or a date",
            hint="pass an aware datetime",
        )
    if not _time.FIRST_YEAR <= value.year <= _time.LAST_YEAR:
        raise RecurrenceError(
            "UNTIL",
            f"{value.isoformat()} is outside the supported range",
            hint=f"{_time.RANGE_HINT}; leave UNTIL out for a series"
            " without end",
        )


def _freq(value: object) -> Frequency:
    text = str(value).upper()
    if text in {"SECONDLY", "MINUTELY", "HOURLY"}:
        raise RecurrenceError(
            "FREQ",
            f"{text} repeats more than once a day",
            hint=(
                "meetups recur at most daily; use FREQ=DAILY and give each"
                " session of a day its own meetup"
            ),
        )
    try:
        return Frequency(text)
    except ValueError:
        raise RecurrenceError(
            "FREQ",
            f"{str(value)[:20]!r} is not a frequency",
            hint="use DAILY, WEEKLY, MONTHLY or YEARLY",
        ) from None


@attrs.frozen(kw_only=True)
class Recurrence:
    """An RFC 5545 recurrence rule (the value of ``RRULE``).

    Build one with :meth:`parse` or the readable constructors :meth:`every`,
    :meth:`nth_weekday` and :meth:`last_weekday`; ``str()`` gives back the
    canonical rule text.  All parts RFC 5545 defines for daily, weekly,
    monthly and yearly rules are supported; the combinations the RFC forbids
    are refused.

    Attributes:
        freq: How often: daily, weekly, monthly or yearly.
        interval: Every *interval*-th period; 8 with weekly for every eight
            weeks.
        count: Stop after this many occurrences (the first one included).
        until: Stop after this instant (an aware datetime) or this date.
        by_day: ``BYDAY``: weekdays, with ordinals for monthly and yearly
            rules.
        by_month_day: ``BYMONTHDAY``: days of the month, negative from the
            end.
        by_month: ``BYMONTH``: months 1 to 12.
        by_year_day: ``BYYEARDAY``: days of the year, negative from the end.
        by_week_no: ``BYWEEKNO``: ISO-style week numbers (yearly rules).
        by_set_pos: ``BYSETPOS``: which of the period's candidates to keep.
        week_start: ``WKST``: the first day of the week, Monday by default.

    Raises:
        RecurrenceError: a part is out of range or the parts contradict each
            other; the error's ``path`` names the part.

    Examples:
        >>> Recurrence(freq=Frequency.MONTHLY, by_day=("-1TH",))
        Recurrence(freq=<Frequency.MONTHLY: 'MONTHLY'>, ...)
        >>> str(Recurrence.last_weekday("TH", count=3))
        'FREQ=MONTHLY;COUNT=3;BYDAY=-1TH'
    """

    freq: Frequency = attrs.field(converter=_freq)
    interval: int = attrs.field(default=1, validator=_check_interval)
    count: int | None = attrs.field(default=None, validator=_check_count)
    until: datetime | date | None = attrs.field(
        default=None, validator=_check_until
    )
    by_day: tuple[ByDay, ...] = attrs.field(default=(), converter=_bydays)
    by_month_day: tuple[int, ...] = attrs.field(
        default=(), converter=_by_month_day
    )
    by_month: tuple[int, ...] = attrs.field(default=(), converter=_by_month)
    by_year_day: tuple[int, ...] = attrs.field(
        default=(), converter=_by_year_day
    )
    by_week_no: tuple[int, ...] = attrs.field(
        default=(), converter=_by_week_no
    )
    by_set_pos: tuple[int, ...] = attrs.field(
        default=(), converter=_by_set_pos
    )
    week_start: Weekday = attrs.field(default=Weekday.MO, converter=_weekday)

    def __attrs_post_init__(self) -> None:
        if self.count is not None and self.until is not None:
            raise RecurrenceError(
                "COUNT",
                "COUNT and UNTIL are both given",
                hint="RFC 5545 allows only one of them; drop one",
            )
        if isinstance(self.until, datetime):
            object.__setattr__(self, "until", self.until.astimezone(UTC))
        freq = self.freq
        if self.by_week_no and freq is not Frequency.YEARLY:
            raise RecurrenceError(
                "BYWEEKNO",
                "only allowed in yearly rules",
                hint="use FREQ=YEARLY",
            )
        if self.by_year_day and freq in {
            Frequency.DAILY,
            Frequency.WEEKLY,
            Frequency.MONTHLY,
        }:
            raise RecurrenceError(
                "BYYEARDAY",
                f"not allowed in {freq.lower()} rules",
                hint="use FREQ=YEARLY",
            )
        if self.by_month_day and freq is Frequency.WEEKLY:
            raise RecurrenceError(
                "BYMONTHDAY",
                "not allowed in weekly rules",
                hint="use FREQ=MONTHLY or BYDAY",
            )
        ordinals = any(day.nth is not None for day in self.by_day)
        if ordinals and (
            freq in {Frequency.DAILY, Frequency.WEEKLY}
            or (freq is Frequency.YEARLY and self.by_week_no)
        ):
            raise RecurrenceError(
                "BYDAY",
                f"ordinals such as 2TU are not allowed in {freq.lower()} rules",
                hint="use FREQ=MONTHLY or FREQ=YEARLY without BYWEEKNO",
            )
        if ordinals and freq is Frequency.MONTHLY:
            for day in self.by_day:
                if day.nth is not None and abs(day.nth) > 5:  # noqa: PLR2004
                    raise RecurrenceError(
                        "BYDAY",
                        f"{day}: a month has at most five of a weekday",
                        hint="use an ordinal from -5 to 5",
                    )
        if self.by_set_pos and not (
            self.by_day
            or self.by_month_day
            or self.by_month
            or self.by_year_day
            or self.by_week_no
        ):
            raise RecurrenceError(
                "BYSETPOS",
                "needs another BY part to choose from",
                hint="add BYDAY, BYMONTHDAY or similar",
            )

    # -- constructors -------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Recurrence:
        """Parse an ``RRULE`` value, with or without the ``RRULE:`` prefix.

        Raises:
            RecurrenceError: the text is not a valid rule; ``path`` names the
                part.

        Examples:
            >>> str(Recurrence.parse("rrule:interval=8;freq=weekly"))
            'FREQ=WEEKLY;INTERVAL=8'
        """
        if not isinstance(text, str):
            raise RecurrenceError(
                "RRULE",
                f"expected text, got {type(text).__name__}",
                hint="pass a string like FREQ=WEEKLY;INTERVAL=8",
            )
        body = text.strip()
        if len(body) > 1000:  # noqa: PLR2004
            raise RecurrenceError(
                "RRULE",
                "rule is longer than 1000 characters",
                hint="shorten it",
            )
        if body[:6].upper() == "RRULE:":
            body = body[6:]
        parts: dict[str, str] = {}
        for chunk in body.split(";"):
            if not chunk:
                continue
            name, sep, value = chunk.partition("=")
            name = name.strip().upper()
            if not sep or not value:
                raise RecurrenceError(
                    name or "RRULE",
                    f"{chunk[:30]!r} has no value",
                    hint="write parts as NAME=VALUE separated by ;",
                )
            if name in parts:
                raise RecurrenceError(
                    name, "given twice", hint="give each part once"
                )
            parts[name] = value.strip()
        if "FREQ" not in parts:
            raise RecurrenceError(
                "FREQ",
                "missing",
                hint="every rule needs FREQ, e.g. FREQ=WEEKLY",
            )
        kwargs: dict[str, object] = {"freq": parts.pop("FREQ")}
        for name, value in parts.items():
            key = _PARTS.get(name)
            if key is None:
                if name in {"BYHOUR", "BYMINUTE", "BYSECOND"}:
                    raise RecurrenceError(
                        name,
                        "times of day within a rule are not supported",
                        hint="a series meets at the time of day of its"
                        " start: set the start to that time and remove"
                        f" {name}",
                    )
                raise RecurrenceError(
                    name[:20],
                    "unknown rule part",
                    hint="see RFC 5545 §3.3.10 for the parts",
                )
            kwargs[key] = _parse_value(name, value)
        return cls(**kwargs)  # type: ignore[arg-type]

    @classmethod
    def every(
        cls,
        *,
        days: int | None = None,
        weeks: int | None = None,
        months: int | None = None,
        years: int | None = None,
        count: int | None = None,
        until: datetime | date | None = None,
    ) -> Recurrence:
        """Repeat every so many days, weeks, months or years.

        Give exactly one of *days*, *weeks*, *months*, *years*.

        Raises:
            RecurrenceError: none or several were given.

        Examples:
            >>> str(Recurrence.every(weeks=8))
            'FREQ=WEEKLY;INTERVAL=8'
            >>> str(Recurrence.every(months=1, count=10))
            'FREQ=MONTHLY;COUNT=10'
        """
        given = {
            freq: n
            for freq, n in (
                (Frequency.DAILY, days),
                (Frequency.WEEKLY, weeks),
                (Frequency.MONTHLY, months),
                (Frequency.YEARLY, years),
            )
            if n is not None
        }
        if len(given) != 1:
            raise RecurrenceError(
                "INTERVAL",
                "give exactly one of days, weeks, months, years",
                hint="for example Recurrence.every(weeks=8)",
            )
        ((freq, interval),) = given.items()
        return cls(freq=freq, interval=interval, count=count, until=until)

    @classmethod
    def nth_weekday(
        cls,
        nth: int,
        weekday: Weekday | str,
        *,
        months: int = 1,
        count: int | None = None,
        until: datetime | date | None = None,
    ) -> Recurrence:
        """Repeat on the *nth* *weekday* of every (*months*-th) month.

        *nth* is 1 to 5, or -1 to -5 counted from the end of the month.

        Examples:
            >>> str(Recurrence.nth_weekday(2, "TU"))
            'FREQ=MONTHLY;BYDAY=2TU'
        """
        return cls(
            freq=Frequency.MONTHLY,
            interval=months,
            by_day=(ByDay(day=weekday, nth=nth),),
            count=count,
            until=until,
        )

    @classmethod
    def last_weekday(
        cls,
        weekday: Weekday | str,
        *,
        months: int = 1,
        count: int | None = None,
        until: datetime | date | None = None,
    ) -> Recurrence:
        """Repeat on the last *weekday* of every (*months*-th) month.

        Examples:
            >>> str(Recurrence.last_weekday("TH"))
            'FREQ=MONTHLY;BYDAY=-1TH'
        """
        return cls.nth_weekday(
            -1, weekday, months=months, count=count, until=until
        )

    # -- text ---------------------------------------------------------------

    def __str__(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if isinstance(self.until, datetime):
            parts.append(f"UNTIL={_time.utc_stamp(self.until)}")
        elif self.until is not None:
            parts.append(f"UNTIL={_time.date_stamp(self.until)}")
        for name, values in (
            ("BYMONTH", self.by_month),
            ("BYWEEKNO", self.by_week_no),
            ("BYYEARDAY", self.by_year_day),
            ("BYMONTHDAY", self.by_month_day),
            ("BYDAY", self.by_day),
            ("BYSETPOS", self.by_set_pos),
        ):
            if values:
                parts.append(f"{name}={','.join(str(v) for v in values)}")
        if self.week_start is not Weekday.MO:
            parts.append(f"WKST={self.week_start}")
        return ";".join(parts)

    # -- expansion ----------------------------------------------------------

    def iterate(
        self, first: datetime, *, stop: datetime
    ) -> Iterator[datetime]:
        """Yield the occurrences from *first* (included) to *stop* (excluded).

        Each occurrence has the wall-clock time of *first* in its zone; a
        time that falls into a daylight-saving gap is moved forward as
        RFC 5545 §3.3.5 asks, one in the repeated hour is its first instance.
        The search never goes past *stop*, so any rule is safe to expand.

        Args:
            first: The first start of the series (``DTSTART``), aware.  Its
                wall-clock time is the series' time even where it does not
                exist on the first day.
            stop: An aware instant; occurrences at or after it are not
                yielded.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> rule = Recurrence.every(weeks=8)
            >>> [d.strftime("%d.%m.%Y %H:%M %Z") for d in rule.iterate(
            ...     datetime(2014, 9, 24, 19, tzinfo=berlin),
            ...     stop=datetime(2015, 1, 31, tzinfo=berlin))]
            ['24.09.2014 19:00 CEST', '19.11.2014 19:00 CET', '14.01.2015 19:00 CET']
        """
        first = _check_first(first)
        stop = _time.clamp(_time.check_aware(stop, "stop"))
        low = first.astimezone(UTC)
        window = 366
        # Expand in windows so that a far stop costs only what it yields.
        while low < stop:
            high = min(stop, _later(low, window))
            yield from self.between(first, low, high)
            low, window = high, window * 2

    def between(
        self, first: datetime, start: datetime, stop: datetime
    ) -> list[datetime]:
        """Return the occurrences whose instants lie in ``[start, stop)``.

        The work is proportional to the window, not to its distance from
        *first*: the rule's periodicity (see :meth:`~meetupkit.Recurrence.cycle_days`) lets the
        expansion begin at the period that contains *start*.

        Args:
            first: The first start of the series (``DTSTART``), aware.
            start: An aware instant, included.
            stop: An aware instant, excluded.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> [d.date().isoformat() for d in Recurrence.every(weeks=8).between(
            ...     datetime(2014, 9, 24, 19, tzinfo=berlin),
            ...     datetime(9000, 1, 1, tzinfo=berlin),
            ...     datetime(9000, 3, 1, tzinfo=berlin))]
            ['9000-02-12']
        """
        first = _check_first(first)
        start = _time.clamp(_time.check_aware(start, "start"))
        stop = _time.clamp(_time.check_aware(stop, "stop"))
        if stop <= start:
            return []
        core = _core(self)
        origin = first.replace(tzinfo=None, fold=0)
        if _never(core, origin):
            return []
        zone = first.tzinfo
        low = max(origin, _local(start, zone) - _DAY)
        high = min(_time.LAST_LOCAL, _local(stop, zone) + _DAY)
        until_instant: datetime | None = None
        if isinstance(self.until, datetime):
            until_instant = self.until
            high = min(high, _local(self.until, zone) + _DAY)
        elif self.until is not None:
            high = min(high, datetime.combine(self.until, time.max))
        if self.count is not None:
            # None: the last occurrence lies past the range, so COUNT
            # ends nothing inside it.
            last = core.nth_local(origin, self.count)
            if last is not None:
                high = min(high, last + timedelta(microseconds=1))
        step = core.step(origin)
        values = (
            (
                naive.replace(tzinfo=zone)
                for naive in core.expanded(origin, low, high)
            )
            if step is None
            else _stepped(origin, low, high, step, zone)
        )
        result = []
        for value in values:
            # As _instant(), but most wall times exist exactly once: only
            # where the two folds' offsets differ is there more to do.
            if value.utcoffset() != value.replace(fold=1).utcoffset():
                value = _time.normalize(  # noqa: PLW2901
                    first if value.replace(tzinfo=None) == origin else value
                )
            if until_instant is not None and value > until_instant:
                break
            if start <= value < stop:
                result.append(value)
        return result

    def count_before(self, first: datetime, moment: datetime) -> int:
        """Return how many occurrences start before the instant *moment*.

        The answer comes from whole cycles of the rule and one partial
        cycle, so it costs at most one cycle's expansion however far
        *moment* lies.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> Recurrence.every(weeks=8).count_before(
            ...     datetime(2014, 9, 24, 19, tzinfo=berlin),
            ...     datetime(2091, 1, 1, tzinfo=berlin))
            498
        """
        first = _check_first(first)
        moment = _time.clamp(_time.check_aware(moment, "moment"))
        if moment.astimezone(UTC) <= _time.normalize(first).astimezone(UTC):
            # Nothing starts before the first start: every later
            # occurrence is at least a day later on the wall clock.
            return 0
        core = _core(self)
        origin = first.replace(tzinfo=None, fold=0)
        if _never(core, origin):
            return 0
        if isinstance(self.until, datetime):
            moment = min(moment, self.until + timedelta(microseconds=1))
        zone = first.tzinfo
        edge = _local(moment, zone) - _DAY
        total = core.count_local(origin, edge)
        # The last day or two are counted by instant, as they are yielded.
        total += sum(
            1
            for naive in core.local_between(
                origin, max(edge, origin), _local(moment, zone) + _DAY
            )
            if _instant(naive, first) < moment
        )
        if self.count is not None:
            total = min(total, self.count)
        if isinstance(self.until, date) and not isinstance(
            self.until, datetime
        ):
            end = datetime.combine(self.until, time.max)
            total = min(total, core.count_local(origin, end))
        return total

    def nth(self, first: datetime, number: int) -> datetime | None:
        """Return occurrence *number* (the first is 1), or ``None``.

        ``None`` means the rule ends before it (``COUNT``, ``UNTIL``) or the
        occurrence would lie outside the supported range.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> berlin = ZoneInfo("Europe/Berlin")
            >>> Recurrence.every(weeks=8).nth(
            ...     datetime(2014, 9, 24, 19, tzinfo=berlin), 500).date()
            datetime.date(2091, 3, 28)
        """
        first = _check_first(first)
        if number < 1 or (self.count is not None and number > self.count):
            return None
        if self.never_matches(first):
            return None
        origin = first.replace(tzinfo=None, fold=0)
        naive = _core(self).nth_local(origin, number)
        if naive is None:
            return None
        value = _instant(naive, first)
        if isinstance(self.until, datetime) and value > self.until:
            return None
        if (
            self.until is not None
            and not isinstance(self.until, datetime)
            and naive.date() > self.until
        ):
            return None
        return value

    def first_after(
        self, first: datetime, moment: datetime
    ) -> datetime | None:
        """Return the first occurrence strictly after the instant *moment*.

        The search is bounded by the rule's cycle: a rule that matches at
        all matches again within :meth:`~meetupkit.Recurrence.cycle_days` days.
        """
        first = _check_first(first)
        moment = _time.clamp(_time.check_aware(moment, "moment"))
        if self.never_matches(first):
            return None
        low = max(moment, first.astimezone(UTC) - _DAY)
        limit = _later(low, self.cycle_days() + 400)
        window = 64
        while low < limit:
            high = min(limit, _later(low, window))
            found = [d for d in self.between(first, low, high) if d > moment]
            if found:
                return found[0]
            low, window = high, window * 4
        return None

    def last_before(
        self, first: datetime, moment: datetime
    ) -> datetime | None:
        """Return the last occurrence strictly before the instant *moment*."""
        first = _check_first(first)
        moment = _time.clamp(_time.check_aware(moment, "moment"))
        if self.never_matches(first):
            return None
        floor = first.astimezone(UTC) - _DAY
        high = moment
        if isinstance(self.until, datetime):
            high = min(high, self.until + timedelta(microseconds=1))
        if self.count is not None:
            last = self.nth(first, self.count)
            if last is not None:
                high = min(high, last + timedelta(microseconds=1))
        window = 64
        while high > floor:
            low = max(floor, _earlier(high, window))
            found = self.between(first, low, high)
            if found:
                return found[-1]
            high, window = low, window * 4
        return None

    def contains(self, first: datetime, moment: datetime) -> bool:
        """Whether the rule gives an occurrence at the instant *moment*.

        Only the rule's period around *moment* is expanded, so the answer
        costs the same at any distance from *first*.
        """
        moment = _time.check_aware(moment, "moment")
        if not _time.FIRST_YEAR <= moment.year <= _time.LAST_YEAR:
            return False
        # Compared in UTC: a zoned time in a repeated hour never equals
        # another zone's datetime (PEP 495), even at the same instant.
        key = moment.astimezone(UTC)
        return any(
            found.astimezone(UTC) == key
            for found in self.between(
                first, moment, moment + timedelta(microseconds=1)
            )
        )

    def cycle_days(self) -> int:
        """Return the length in days after which the rule repeats itself.

        The Gregorian calendar repeats every 400 years, which are 146,097
        days, 20,871 weeks or 4,800 months; a period of the rule (a day,
        week, month or year) therefore looks the same 400 years later, and
        with an *interval* of *i* periods the rule visits the same periods
        again after the least common multiple of *i* and the periods in
        400 years.  Rules that only pick weekdays repeat sooner, every
        ``lcm(7, i)`` days (daily) or ``7i`` days (weekly).  Ignoring
        ``COUNT`` and ``UNTIL``, the occurrences from ``DTSTART`` plus one
        cycle on are those of the first cycle shifted by it, so:

        * a rule that has no occurrence in its first cycle has none at all;
        * consecutive occurrences are at most one cycle apart;
        * occurrence *n* is occurrence ``(n - 1) % N + 1`` shifted by
          ``(n - 1) // N`` cycles, where *N* occurrences fall in a cycle.

        Examples:
            >>> Recurrence.every(weeks=8).cycle_days()
            56
            >>> Recurrence.parse("FREQ=MONTHLY;INTERVAL=2;BYMONTH=2,4").cycle_days()
            146097
        """
        interval = self.interval
        calendar_parts = self.by_month or self.by_month_day
        if self.freq is Frequency.DAILY and not calendar_parts:
            return math.lcm(7, interval) if self.by_day else interval
        if self.freq is Frequency.WEEKLY and not self.by_month:
            return 7 * interval
        periods = _PERIODS_IN_400_YEARS[self.freq]
        return _DAYS_IN_400_YEARS * (interval // math.gcd(periods, interval))

    def never_matches(self, first: datetime) -> bool:
        """Whether the rule gives no occurrence at all from *first* on.

        Decided by expanding at most one cycle (:meth:`~meetupkit.Recurrence.cycle_days`) after
        quick tests that need none: no day of any year passes the day
        filters, or ``BYSETPOS`` asks for more candidates than a period can
        hold.  ``COUNT`` and ``UNTIL`` are not considered.
        """
        first = _check_first(first)
        return _never(_core(self), first.replace(tzinfo=None, fold=0))


_DAY: Final = timedelta(days=1)
_DAYS_IN_400_YEARS: Final = 146097
_PERIODS_IN_400_YEARS: Final = {
    Frequency.DAILY: _DAYS_IN_400_YEARS,
    Frequency.WEEKLY: _DAYS_IN_400_YEARS // 7,
    Frequency.MONTHLY: 4800,
    Frequency.YEARLY: 400,
}
#: The most candidates one period of each frequency can hold.
_MOST_PER_PERIOD: Final = {
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 7,
    Frequency.MONTHLY: 31,
    Frequency.YEARLY: 366,
}
_SPAN_DAYS: Final = (_time.LAST_LOCAL - _time.FIRST_LOCAL).days + 2


def _local(moment: datetime, zone: object) -> datetime:
    """The wall-clock time of the (clamped) instant *moment* in *zone*."""
    assert isinstance(zone, tzinfo)  # noqa: S101 - aware values only
    return moment.astimezone(zone).replace(tzinfo=None, fold=0)


def _instant(naive: datetime, first: datetime) -> datetime:
    """The instant of the occurrence at wall-clock time *naive*."""
    if naive == first.replace(tzinfo=None, fold=0):
        return _time.normalize(first)
    return _time.normalize(naive.replace(tzinfo=first.tzinfo))


def _check_first(first: datetime) -> datetime:
    first = _time.check_aware(first, "start")
    _time.check_range(first, "start")
    return first


def _later(moment: datetime, days: int) -> datetime:
    """*moment* plus *days* days, at most just past the supported range."""
    return _time.shift(moment, timedelta(days=min(days, _SPAN_DAYS)))


def _earlier(moment: datetime, days: int) -> datetime:
    """*moment* minus *days* days, at most just before the supported range."""
    return _time.shift(moment, -timedelta(days=min(days, _SPAN_DAYS)))


@functools.lru_cache(maxsize=256)
def _core(rule: Recurrence) -> _Core:
    return _Core(rule)


class _Core:
    """A rule without ``COUNT`` and ``UNTIL``, expanded on the wall clock.

    Everything here works on naive wall-clock datetimes; the caller gives
    them their zone.  Expansion never starts further back than the period
    that holds the window: dateutil is given that period's first day as
    ``DTSTART`` and the rule's implied parts (the day of the month of a
    monthly rule, say) spelled out, so that it yields exactly what it would
    have yielded from the real first start.
    """

    def __init__(self, rule: Recurrence) -> None:
        self.rule = rule
        self.cycle = rule.cycle_days()
        self._counts: dict[datetime, int] = {}
        self._step = _fixed_step(rule)

    def step(self, origin: datetime) -> timedelta | None:
        """The fixed wall-clock distance between occurrences, if there is one.

        A daily or weekly rule without ``BY`` parts (or a weekly one whose
        only ``BYDAY`` is *origin*'s weekday) meets every *step* days at
        *origin*'s wall-clock time, so its occurrences are counted and
        stepped by arithmetic instead of being expanded by dateutil.
        """
        if self._step is None:
            return None
        step, weekday = self._step
        if weekday is not None and weekday != origin.weekday():
            return None
        return step

    def between(
        self, first: datetime, start: datetime, stop: datetime
    ) -> list[datetime]:
        """Occurrences (aware) in ``[start, stop)``, without COUNT/UNTIL."""
        bare = attrs.evolve(self.rule, count=None, until=None)
        return bare.between(first, start, stop)

    def _dateutil(
        self,
        origin: datetime,
        dtstart: datetime,
        until: datetime,
        *,
        single: bool = False,
    ) -> _rrule.rrule:
        # Loaded here: rules that step (most meetups) never need it, and
        # ``import meetupkit`` stays light.
        from dateutil import rrule as _rrule  # noqa: PLC0415

        rule = self.rule
        freq = rule.freq
        # An interval past the year 9999 makes dateutil stop after the
        # first period (monthly and yearly rules step there at once).
        interval = 10**6 if single else rule.interval
        weekdays: tuple[_rrule.weekday, ...] | None = (
            tuple(
                _rrule.weekday(day.day.number, day.nth) for day in rule.by_day
            )
            or None
        )
        by_month: tuple[int, ...] | None = rule.by_month or None
        by_month_day: tuple[int, ...] | None = rule.by_month_day or None
        by_year_day: tuple[int, ...] | None = rule.by_year_day or None
        by_set_pos: tuple[int, ...] | None = rule.by_set_pos or None
        # Spell out what dateutil would take from DTSTART, so that a later
        # DTSTART (the first day of a period) gives the same occurrences.
        if not (rule.by_week_no or by_year_day or by_month_day or weekdays):
            if freq is Frequency.YEARLY:
                by_month = by_month or (origin.month,)
                by_month_day = (origin.day,)
            elif freq is Frequency.MONTHLY:
                by_month_day = (origin.day,)
            elif freq is Frequency.WEEKLY:
                weekdays = (_rrule.weekday(origin.weekday()),)
        if _by_year(rule):
            # Every matching day of a year, evaluated a year at a time
            # instead of a day at a time: the same occurrences, and a cycle
            # of 400 years costs 400 steps instead of 146,097.
            freq = Frequency.YEARLY
            if not (by_month_day or weekdays):
                by_month_day = tuple(range(1, 32))
            by_set_pos = None
        return _rrule.rrule(
            _DATEUTIL_FREQ[freq],
            dtstart=dtstart,
            interval=interval,
            wkst=rule.week_start.number,
            until=until,
            bysetpos=by_set_pos,
            bymonth=by_month,
            bymonthday=by_month_day,
            byyearday=by_year_day,
            byweekno=rule.by_week_no or None,
            byweekday=weekdays,
            cache=False,
        )

    def _anchor(self, origin: datetime, moment: datetime) -> datetime:
        """The start of the last period the rule visits at or before *moment*.

        *origin* itself while *moment* lies in the first period, whose
        candidates before *origin* do not count.
        """
        rule = self.rule
        interval = rule.interval
        freq = rule.freq
        if _by_year(rule):
            freq = Frequency.YEARLY  # see _dateutil
        day = origin.date()
        target = moment.date()
        if freq is Frequency.DAILY:
            steps = (target - day).days // interval
            begin = day + timedelta(days=steps * interval)
        elif freq is Frequency.WEEKLY:
            wkst = rule.week_start.number
            week0 = day - timedelta(days=(day.weekday() - wkst) % 7)
            week = target - timedelta(days=(target.weekday() - wkst) % 7)
            steps = (week - week0).days // 7 // interval
            begin = week0 + timedelta(days=7 * interval * steps)
        elif freq is Frequency.MONTHLY:
            months = (target.year - day.year) * 12 + target.month - day.month
            steps = months // interval
            index = day.year * 12 + day.month - 1 + steps * interval
            begin = date(index // 12, index % 12 + 1, 1)
        else:
            steps = (target.year - day.year) // interval
            begin = date(day.year + steps * interval, 1, 1)
        if steps <= 0:
            return origin
        return datetime.combine(begin, origin.time())

    def local_between(
        self, origin: datetime, low: datetime, high: datetime
    ) -> Iterator[datetime]:
        """Occurrences on the wall clock in ``[low, high)``."""
        step = self.step(origin)
        if step is None:
            return self.expanded(origin, low, high)
        return _stepped(origin, low, high, step)

    def expanded(
        self, origin: datetime, low: datetime, high: datetime
    ) -> Iterator[datetime]:
        """Occurrences on the wall clock in ``[low, high)``, by dateutil.

        The general path, for every rule; :meth:`local_between` steps
        instead where the rule has a fixed :meth:`step`.
        """
        high = min(high, _time.LAST_LOCAL)
        if high <= low or high <= origin:
            return
        anchor = self._anchor(origin, max(low, origin))
        for naive in self._dateutil(origin, anchor, high):
            if naive >= high:
                return
            if naive >= low:
                yield naive

    def period_matches(self, origin: datetime, begin: datetime) -> bool:
        """Whether the one period that starts at *begin* has an occurrence.

        Weekly periods are judged here (a week's candidates are its days
        that pass ``BYMONTH`` and ``BYDAY``, then ``BYSETPOS``); monthly and
        yearly ones by dateutil with an interval that ends the expansion
        after the period.
        """
        rule = self.rule
        if rule.freq is Frequency.WEEKLY:
            wkst = rule.week_start.number
            day = begin.date()
            week = day - timedelta(days=(day.weekday() - wkst) % 7)
            weekdays = {d.day.number for d in rule.by_day} or {
                origin.weekday()
            }
            # From *begin* to the end of its week: the whole week, or
            # what is left of the first one, as dateutil takes it.
            found = [
                current
                for current in (
                    week + timedelta(days=n)
                    for n in range((day - week).days, 7)
                )
                if (not rule.by_month or current.month in rule.by_month)
                and current.weekday() in weekdays
            ]
            if rule.by_set_pos:
                found = [
                    found[pos - 1 if pos > 0 else pos]
                    for pos in rule.by_set_pos
                    if -len(found) <= pos <= len(found)
                ]
            return any(
                datetime.combine(current, origin.time()) >= begin
                for current in found
            )
        engine = self._dateutil(origin, begin, _time.LAST_LOCAL, single=True)
        return next(iter(engine), None) is not None

    def _base(self, origin: datetime) -> datetime:
        """The start of the second period the rule visits.

        The first period may be cut short by *origin* (dateutil even
        applies ``BYSETPOS`` to a week's days from *origin* on); from the
        second period on, every cycle is the same.
        """
        base = _period_start(self.rule, origin, self.rule.interval)
        return _time.LAST_LOCAL if base is None else base

    def cycle_count(self, origin: datetime) -> int | None:
        """Occurrences in a full cycle, or None if it passes the range."""
        if origin not in self._counts:
            base = self._base(origin)
            if self.cycle > (_time.LAST_LOCAL - base).days:
                return None
            end = base + timedelta(days=self.cycle)
            self._counts[origin] = sum(
                1 for _ in self.local_between(origin, base, end)
            )
        return self._counts[origin]

    def count_local(self, origin: datetime, bound: datetime) -> int:
        """How many occurrences lie on the wall clock before *bound*."""
        bound = min(bound, _time.LAST_LOCAL)
        step = self.step(origin)
        if step is not None:
            # The first k with origin + k * step >= bound, as with ceil().
            return -((origin - bound) // step) if bound > origin else 0
        base = self._base(origin)
        per_cycle = self.cycle_count(origin)
        if bound <= base or per_cycle is None:
            return sum(1 for _ in self.local_between(origin, origin, bound))
        head = sum(1 for _ in self.local_between(origin, origin, base))
        cycles = (bound - base).days // self.cycle
        bound -= timedelta(days=cycles * self.cycle)
        rest = sum(1 for _ in self.local_between(origin, base, bound))
        return head + cycles * per_cycle + rest

    def nth_local(self, origin: datetime, number: int) -> datetime | None:
        """Occurrence *number* (from 1) on the wall clock, or None."""
        step = self.step(origin)
        if step is not None:
            if number - 1 > _SPAN_DAYS // step.days:
                return None
            offset = step * (number - 1)
            return (
                None if offset > _time.LAST_LOCAL - origin else origin + offset
            )
        base = self._base(origin)
        per_cycle = self.cycle_count(origin)
        head = list(self.local_between(origin, origin, base))
        if number <= len(head):
            return head[number - 1]
        start, cycles, index = origin, 0, number - 1
        if per_cycle is not None:
            if per_cycle == 0:
                return None
            start = base
            cycles, index = divmod(number - 1 - len(head), per_cycle)
        shift = cycles * self.cycle
        if shift > _SPAN_DAYS:
            return None
        found = next(
            itertools.islice(
                self.local_between(origin, start, _time.LAST_LOCAL),
                index,
                None,
            ),
            None,
        )
        if found is None:
            return None
        try:
            value = found + timedelta(days=shift)
        except OverflowError:
            return None
        return value if value <= _time.LAST_LOCAL else None


def _fixed_step(rule: Recurrence) -> tuple[timedelta, int | None] | None:
    """The step of a rule that meets every so many days, and its weekday.

    ``None`` for rules whose occurrences are not evenly spaced on the wall
    clock (any ``BY`` part but a weekly rule's single ``BYDAY``), and for
    steps longer than the supported range, which only ever give the first
    start.
    """
    if (
        rule.by_month
        or rule.by_month_day
        or rule.by_year_day
        or rule.by_week_no
        or rule.by_set_pos
    ):
        return None
    weekday: int | None = None
    if rule.freq is Frequency.DAILY and not rule.by_day:
        days = rule.interval
    elif rule.freq is Frequency.WEEKLY and len(rule.by_day) <= 1:
        days = 7 * rule.interval
        if rule.by_day:
            weekday = rule.by_day[0].day.number
    else:
        return None
    if days > _SPAN_DAYS:
        return None
    return timedelta(days=days), weekday


def _stepped(
    origin: datetime,
    low: datetime,
    high: datetime,
    step: timedelta,
    zone: tzinfo | None = None,
) -> Iterator[datetime]:
    """*origin* plus whole *step*s on the wall clock, in ``[low, high)``.

    With *zone*, the wall-clock times are given it (``fold=0``), so that
    stepping needs no ``replace()`` per occurrence.
    """
    high = min(high, _time.LAST_LOCAL)
    if high <= low or high <= origin:
        return
    # The first occurrence at or after *low*: ceil((low - origin) / step).
    offset = step * -((origin - max(low, origin)) // step)
    if offset >= high - origin:
        return
    naive = origin + offset
    count = -((naive - high) // step)
    value = naive if zone is None else naive.replace(tzinfo=zone)
    for _ in range(count - 1):
        yield value
        value += step
    yield value


def _by_year(rule: Recurrence) -> bool:
    """Whether a daily rule is evaluated a year at a time (same result)."""
    return (
        rule.freq is Frequency.DAILY
        and rule.interval == 1
        and bool(rule.by_month or rule.by_month_day)
    )


@functools.lru_cache(maxsize=1024)
def _never(core: _Core, origin: datetime) -> bool:
    rule = core.rule
    weekdays = frozenset(day.day.number for day in rule.by_day)
    if not _some_day_matches(
        rule.by_month, rule.by_month_day, rule.by_year_day, weekdays
    ):
        return True
    most = _MOST_PER_PERIOD[rule.freq]
    if rule.freq is Frequency.WEEKLY:
        most = len(rule.by_day) or 1
    if rule.by_set_pos and all(abs(pos) > most for pos in rule.by_set_pos):
        return True
    if (
        rule.freq is Frequency.DAILY
        and math.gcd(rule.interval, _DAYS_IN_400_YEARS) == 1
    ):
        return False  # a cycle visits every day of the calendar
    room = (_time.LAST_LOCAL - origin).days
    end = min(_time.LAST_LOCAL, origin + timedelta(days=min(core.cycle, room)))
    return not _periods_match(core, origin, end)


def _periods_match(core: _Core, origin: datetime, end: datetime) -> bool:
    """Whether a period the rule visits before *end* has an occurrence.

    What one period yields depends only on its kind (for a month: the
    lengths of its year and the neighbouring years, the weekday of 1
    January and the month; for a week: the month of each of its days), so
    each kind is expanded once and the other visited periods are looked
    up: a cycle costs a few hundred steps of arithmetic, not dateutil's
    search to the year 9999.
    """
    rule = core.rule
    if rule.freq is Frequency.DAILY:
        step = timedelta(days=rule.interval)
        day = origin
        while day < end:
            if _day_passes(rule, day.date()):
                return True
            day += step
        return False
    seen: dict[tuple[int, ...], bool] = {}
    steps = 0
    while True:
        begin = origin if steps == 0 else _period_start(rule, origin, steps)
        if begin is None or begin >= end:
            return False
        kind = _kind(rule, begin) if steps else (-1,)
        if kind not in seen:
            seen[kind] = core.period_matches(origin, begin)
        if seen[kind]:
            return True
        steps += rule.interval


def _day_passes(rule: Recurrence, day: date) -> bool:
    """Whether a daily rule's day filters let *day* through."""
    if rule.by_month and day.month not in rule.by_month:
        return False
    if rule.by_day and day.weekday() not in {
        d.day.number for d in rule.by_day
    }:
        return False
    if rule.by_month_day:
        length = _month_length(day.year, day.month)
        return (
            day.day in rule.by_month_day
            or day.day - length - 1 in rule.by_month_day
        )
    return True


def _period_start(
    rule: Recurrence, origin: datetime, steps: int
) -> datetime | None:
    """The first moment of the period *steps* periods after *origin*'s."""
    day = origin.date()
    try:
        if rule.freq is Frequency.DAILY:
            begin = day + timedelta(days=steps)
        elif rule.freq is Frequency.WEEKLY:
            wkst = rule.week_start.number
            week = day - timedelta(days=(day.weekday() - wkst) % 7)
            begin = week + timedelta(days=7 * steps)
        elif rule.freq is Frequency.MONTHLY:
            index = day.year * 12 + day.month - 1 + steps
            begin = date(index // 12, index % 12 + 1, 1)
        else:
            begin = date(day.year + steps, 1, 1)
    except (OverflowError, ValueError):
        return None
    return datetime.combine(begin, origin.time())


def _isleap(year: int) -> bool:
    """Whether *year* is a leap year (``calendar.isleap``, which loads slowly)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_length(year: int, month: int) -> int:
    """The number of days of *month* in *year*."""
    if month == 2:  # noqa: PLR2004
        return 29 if _isleap(year) else 28
    return 30 if month in {4, 6, 9, 11} else 31


def _kind(rule: Recurrence, begin: datetime) -> tuple[int, ...]:
    """What decides the candidates of the period that starts at *begin*."""
    if rule.freq is Frequency.WEEKLY:
        return tuple((begin + timedelta(days=n)).month for n in range(7))
    year = begin.year
    return (
        _isleap(year - 1),
        _isleap(year),
        _isleap(year + 1),
        begin.replace(month=1, day=1).weekday(),
        begin.month,
    )


@cache
def _some_day_matches(
    months: tuple[int, ...],
    month_days: tuple[int, ...],
    year_days: tuple[int, ...],
    weekdays: frozenset[int],
) -> bool:
    if not (months or month_days or year_days):
        return True
    # Every kind of year (leap or not, 1 January on each weekday) occurs
    # within 28 consecutive years.
    return any(
        _year_has_match(year, months, month_days, year_days, weekdays)
        for year in range(2000, 2028)
    )


def _year_has_match(
    year: int,
    months: tuple[int, ...],
    month_days: tuple[int, ...],
    year_days: tuple[int, ...],
    weekdays: frozenset[int],
) -> bool:
    year_length = 366 if _isleap(year) else 365
    day = date(year, 1, 1)
    for yday in range(1, year_length + 1):
        current = day + timedelta(days=yday - 1)
        if months and current.month not in months:
            continue
        if month_days:
            length = _month_length(year, current.month)
            if not (
                current.day in month_days
                or current.day - length - 1 in month_days
            ):
                continue
        if year_days and not (
            yday in year_days or yday - year_length - 1 in year_days
        ):
            continue
        if weekdays and current.weekday() not in weekdays:
            continue
        return True
    return False


#: dateutil's constants (``dateutil.rrule.DAILY`` and so on).
_DATEUTIL_FREQ: Final[dict[Frequency, Literal[0, 1, 2, 3]]] = {
    Frequency.DAILY: 3,
    Frequency.WEEKLY: 2,
    Frequency.MONTHLY: 1,
    Frequency.YEARLY: 0,
}

_PARTS: Final = {
    "INTERVAL": "interval",
    "COUNT": "count",
    "UNTIL": "until",
    "BYDAY": "by_day",
    "BYMONTHDAY": "by_month_day",
    "BYMONTH": "by_month",
    "BYYEARDAY": "by_year_day",
    "BYWEEKNO": "by_week_no",
    "BYSETPOS": "by_set_pos",
    "WKST": "week_start",
}


def _parse_value(name: str, value: str) -> object:
    if name in {"INTERVAL", "COUNT"}:
        if not re.fullmatch(r"\d{1,10}", value):
            raise RecurrenceError(
                name, f"{value[:20]!r} is not a number", hint="use digits"
            )
        return int(value)
    if name == "UNTIL":
        return _parse_until(value)
    if name == "WKST":
        return value
    if name == "BYDAY":
        return tuple(ByDay.parse(item) for item in value.split(","))
    numbers = []
    for item in value.split(","):
        if not re.fullmatch(r"[+-]?\d{1,3}", item.strip()):
            raise RecurrenceError(
                name, f"{item[:20]!r} is not a number", hint="use integers"
            )
        numbers.append(int(item))
    return tuple(numbers)


def _parse_until(value: str) -> datetime | date:
    match = re.fullmatch(r"(\d{8})(?:T(\d{6})(Z?))?", value.upper())
    try:
        if match is None:
            raise ValueError  # noqa: TRY301
        day = datetime.strptime(match[1], "%Y%m%d")  # noqa: DTZ007
        if match[2] is None:
            return day.date()
        moment = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")  # noqa: DTZ007
    except ValueError:
        raise RecurrenceError(
            "UNTIL",
            f"{value[:30]!r} is not a date or UTC date-time",
            hint="write it like 20151231T230000Z",
        ) from None
    if not match[3]:
        return moment  # a naive UNTIL; the constructor explains the fix
    return moment.replace(tzinfo=UTC)
