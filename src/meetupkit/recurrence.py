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

import calendar
import enum
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Final, Literal

import attrs
from dateutil import rrule as _rrule

from . import _time
from .errors import RecurrenceError

__all__ = [
    "DEFAULT_HORIZON",
    "ByDay",
    "Frequency",
    "Recurrence",
    "Weekday",
]

#: How far :meth:`meetupkit.Series.next` and :meth:`~meetupkit.Series.previous`
#: look for an occurrence before they answer ``None``.  Rules that can never
#: match (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``) are recognised at once.
DEFAULT_HORIZON: Final = timedelta(days=366 * 50)


class Frequency(enum.StrEnum):
    """How often a rule repeats: the ``FREQ`` part.

    Sub-daily frequencies exist in RFC 5545 but make no sense for meetups,
    so meetupkit refuses them.
    """

    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


class Weekday(enum.StrEnum):
    """A day of the week as RFC 5545 spells it."""

    MO = "MO"
    TU = "TU"
    WE = "WE"
    TH = "TH"
    FR = "FR"
    SA = "SA"
    SU = "SU"

    @property
    def number(self) -> int:
        """Monday is 0, Sunday is 6, as in :meth:`datetime.date.weekday`."""
        return list(Weekday).index(self)


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
                    " time zone: end it with Z, as in 20151231T230000Z"
                ),
            )
        return
    if not isinstance(value, date):
        raise RecurrenceError(
            "UNTIL",
            "expected a datetime or a date",
            hint="pass an aware datetime",
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
                        hint="a meetup series has one start time; drop it",
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
            parts.append(f"UNTIL={self.until:%Y%m%d}")
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
            first: The first start of the series (``DTSTART``), aware.
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
        first = _time.check_aware(first, "start")
        stop = _time.check_aware(stop, "stop")
        if stop <= first or self._never_matches(first):
            return
        zone = first.tzinfo
        naive_stop = stop.astimezone(zone).replace(tzinfo=None) + timedelta(
            days=1
        )
        naive_first = first.replace(tzinfo=None)
        until_instant: datetime | None = None
        if isinstance(self.until, datetime):
            until_instant = self.until
            naive_until = self.until.astimezone(zone).replace(
                tzinfo=None
            ) + timedelta(days=1)
            naive_stop = min(naive_stop, naive_until)
        elif self.until is not None:
            naive_stop = min(
                naive_stop, datetime.combine(self.until, time.max)
            )
        rule = self._dateutil(naive_first, naive_stop)
        for emitted, naive in enumerate(rule):
            if emitted == self.count:
                return
            value = _time.normalize(naive.replace(tzinfo=zone, fold=0))
            if value >= stop:
                return
            if until_instant is not None and value > until_instant:
                return
            yield value

    def _dateutil(self, first: datetime, until: datetime) -> _rrule.rrule:
        weekdays = [
            _rrule.weekday(day.day.number, day.nth) for day in self.by_day
        ]
        return _rrule.rrule(
            _DATEUTIL_FREQ[self.freq],
            dtstart=first,
            interval=self.interval,
            wkst=self.week_start.number,
            until=until,
            bysetpos=self.by_set_pos or None,
            bymonth=self.by_month or None,
            bymonthday=self.by_month_day or None,
            byyearday=self.by_year_day or None,
            byweekno=self.by_week_no or None,
            byweekday=weekdays or None,
            cache=False,
        )

    def _never_matches(self, first: datetime) -> bool:
        """Whether the rule can be seen to produce nothing after *first*.

        Two fast tests: no day of any year passes the day filters (checked
        over the 14 kinds of year, leap or not times the weekday of
        1 January), or a daily rule steps whole weeks from a weekday its
        BYDAY excludes.  dateutil alone would search to the year 9999.
        """
        weekdays = frozenset(day.day.number for day in self.by_day)
        if (
            self.freq is Frequency.DAILY
            and self.interval % 7 == 0
            and weekdays
            and first.weekday() not in weekdays
        ):
            return True
        return not _some_day_matches(
            self.by_month,
            self.by_month_day,
            self.by_year_day,
            weekdays,
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
    year_length = 366 if calendar.isleap(year) else 365
    day = date(year, 1, 1)
    for yday in range(1, year_length + 1):
        current = day + timedelta(days=yday - 1)
        if months and current.month not in months:
            continue
        if month_days:
            length = calendar.monthrange(year, current.month)[1]
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


_DATEUTIL_FREQ: Final[dict[Frequency, Literal[0, 1, 2, 3]]] = {
    Frequency.DAILY: _rrule.DAILY,
    Frequency.WEEKLY: _rrule.WEEKLY,
    Frequency.MONTHLY: _rrule.MONTHLY,
    Frequency.YEARLY: _rrule.YEARLY,
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
