"""Series that change from a date on: each phase is answered as a series.

A :class:`~meetupkit.Series` with :attr:`~meetupkit.Series.changes` falls
into phases: the series' own rule up to the first change, then each change's
rule up to the next one.  Every query is answered by asking each phase, as a
series of its own without changes, whose rule is cut off (``UNTIL``) before
the next phase begins and whose meetings are numbered on from the phases
before.  The single-rule code stays the only code that expands a rule.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

import attrs

from . import _time
from . import _validate as v
from .errors import InvalidTypeError, InvalidValueError, MeetupkitError
from .model import (
    CHANGE_FIELDS,
    Change,
    Meetup,
    Override,
    Series,
    _extras,
    _override_key,
    _room_problems,
    _uid_with,
)
from .recurrence import Frequency, Recurrence

#: What :meth:`Series.change_from` takes besides the fields of a change.
_SHORTHANDS: Final = ("every", "time")


class _Phase(Series):
    """One phase of a changed series: a series without changes.

    Its meetings are numbered on from the meetings of the phases before
    (*_offset* of them); nothing else differs from a plain series.
    """

    __slots__ = ("_offset",)

    _offset: int

    def _meetup(
        self, number: int, original: datetime, override: Override | None
    ) -> Meetup:
        return Series._meetup(self, number + self._offset, original, override)


@attrs.frozen
class _Shape:
    """What one phase is, apart from the series' other fields."""

    begin: datetime | None
    end: datetime | None
    offset: int
    values: tuple[tuple[str, Any], ...]


def _wall(value: datetime) -> tuple[datetime, str | None, int]:
    # Datetimes compare by instant; the cache must also tell zones apart.
    return (value.replace(tzinfo=None), _time.zone_name(value.tzinfo), 0)


def resolved(series: Any) -> list[dict[str, Any]]:
    """The values of each phase: start, rule and the fields of a change."""
    current: dict[str, Any] = {
        "start": series.start,
        **{name: getattr(series, name) for name in CHANGE_FIELDS},
    }
    result = [current]
    for change in series.changes:
        current = {**current, "start": change.start}
        for name in CHANGE_FIELDS:
            value = getattr(change, name)
            if value is not None:
                current[name] = value
        if change.venue is not None and change.room is None:
            current["room"] = None  # the room before is in another venue
        result.append(current)
    return result


def _bounded(rule: Recurrence, start: datetime, end: datetime) -> Recurrence:
    """*rule* from *start*, ending with its last occurrence before *end*."""
    last = rule.last_before(start, end)
    return attrs.evolve(
        rule, count=None, until=(start if last is None else last)
    )


class _Shell:
    """The fields of a series that shape its phases, for the cache."""

    __slots__ = ("_key", *CHANGE_FIELDS, "changes", "extra_dates", "start")

    changes: tuple[Change, ...]
    extra_dates: tuple[datetime, ...]

    def __init__(self, series: Series, key: tuple[object, ...]) -> None:
        for name in self.__slots__[1:]:
            setattr(self, name, getattr(series, name))
        self._key = (
            key,
            *(getattr(series, name) for name in self.__slots__[1:]),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Shell) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)


@functools.lru_cache(maxsize=64)
def _plan(series: _Shell) -> tuple[_Shape, ...]:
    phases = resolved(series)
    begins = [None, *(c.start.astimezone(UTC) for c in series.changes)]
    ends = [*begins[1:], None]
    shapes = []
    offset = 0
    for values, begin, end in zip(phases, begins, ends, strict=True):
        start = values["start"]
        rule = values["recurrence"]
        if end is not None:
            rule = _bounded(rule, start, end)
        extra = tuple(
            item
            for item in series.extra_dates
            if (begin is None or item >= begin) and (end is None or item < end)
        )
        fields = {**values, "recurrence": rule, "extra_dates": extra}
        shapes.append(
            _Shape(begin, end, offset, tuple(sorted(fields.items())))
        )
        if end is not None:
            offset += len(_extras(rule, start, extra)) + rule.count_before(
                start, end
            )
    return tuple(shapes)


def _shapes(series: Series) -> tuple[_Shape, ...]:
    # Only the fields that shape the phases are the key: a series that
    # differs in its overrides or topics has the same phases.
    key = (
        _wall(series.start),
        *(_wall(change.start) for change in series.changes),
        *(_wall(item) for item in series.extra_dates),
    )
    return _plan(_Shell(series, key))


def phases(series: Series) -> list[_Phase]:
    """The phases of *series*, each a series of its own, in order."""
    result = []
    overrides = series.overrides
    for shape in _shapes(series):
        low = (
            0
            if shape.begin is None
            else bisect.bisect_left(overrides, shape.begin, key=_override_key)
        )
        high = (
            len(overrides)
            if shape.end is None
            else bisect.bisect_left(overrides, shape.end, key=_override_key)
        )
        phase = object.__new__(_Phase)
        for field in attrs.fields(Series):
            # A partly read document lacks its bad fields; the checks
            # that run on it read none of them.
            if hasattr(series, field.name):
                object.__setattr__(
                    phase, field.name, getattr(series, field.name)
                )
        for name, value in shape.values:
            object.__setattr__(phase, name, value)
        object.__setattr__(phase, "changes", ())
        object.__setattr__(phase, "overrides", overrides[low:high])
        object.__setattr__(phase, "_offset", shape.offset)
        result.append(phase)
    return result


def phase_uid(uid: str, start: datetime) -> str:
    """The UID of the iCalendar master of the phase that begins at *start*."""
    return _uid_with(uid, f"/since-{_time.utc_stamp(start)}")


def phase_of(series: Series, moment: datetime) -> _Phase:
    """The phase whose meetings are the ones planned at *moment*."""
    key = moment.astimezone(UTC)
    index = bisect.bisect_right(
        series.changes, key, key=lambda c: c.start.astimezone(UTC)
    )
    return phases(series)[index]


def number(series: Series, original: datetime) -> int:
    """The number in *series* of the meeting planned at *original*."""
    phase = phase_of(series, original)
    return phase._offset + Series._number(phase, original)


def original(series: Series, wanted: int) -> datetime | None:
    """The original start of meeting number *wanted*, or None."""
    shapes = _shapes(series)
    for phase, following in zip(
        phases(series), [*shapes[1:], None], strict=True
    ):
        if wanted <= phase._offset:
            return None
        if following is None or wanted <= following.offset:
            return Series._original(phase, wanted - phase._offset)
    return None  # pragma: no cover - the last phase has no end


def _order(meetup: Meetup) -> tuple[datetime, int]:
    return meetup.start.astimezone(UTC), meetup.number or 0


def meetups(
    series: Series, start: datetime, end: datetime, *, include_cancelled: bool
) -> list[Meetup]:
    """The meetings of every phase that start in ``[start, end)``."""
    start = v.aware(start, "start")
    end = v.aware(end, "end")
    found = [
        meetup
        for phase in phases(series)
        for meetup in phase.meetups(
            start, end, include_cancelled=include_cancelled
        )
    ]
    return sorted(found, key=_order)


def _over(phase: _Phase, after: datetime) -> bool:
    """Whether *phase* has no meeting that starts after *after*."""
    end = phase.recurrence.until
    if not isinstance(end, datetime) or end > after:
        return False
    if any(item > after for item in phase.extra_dates):
        return False
    return all(
        item.start is None or item.start <= after for item in phase.overrides
    )


def next_meetup(
    series: Series,
    *,
    after: datetime,
    include_cancelled: bool,
    horizon: timedelta | None,
) -> Meetup | None:
    """The first meeting of any phase that starts after *after*."""
    after = v.aware(after, "after")
    found = [
        meetup
        for phase in phases(series)
        if not _over(phase, after)
        and (
            meetup := phase.next(
                after=after,
                include_cancelled=include_cancelled,
                horizon=horizon,
            )
        )
        is not None
    ]
    return min(found, key=_order, default=None)


def previous_meetup(
    series: Series, *, before: datetime, include_cancelled: bool
) -> Meetup | None:
    """The last meeting of any phase that starts before *before*."""
    before = v.aware(before, "before")
    found = [
        meetup
        for phase in phases(series)
        if (
            meetup := phase.previous(
                before=before, include_cancelled=include_cancelled
            )
        )
        is not None
    ]
    return max(found, key=_order, default=None)


def override_problems(
    series: Series,
    overrides: Sequence[Override],
    offset: int,
    *,
    members: bool,
    venues: bool,
) -> list[MeetupkitError]:
    """The problems of *overrides*, each checked against its phase."""
    found: list[MeetupkitError] = []
    every = phases(series)
    begins = [c.start.astimezone(UTC) for c in series.changes]
    index = 0
    while index < len(overrides):
        which = bisect.bisect_right(begins, _override_key(overrides[index]))
        stop = index + 1
        while (
            stop < len(overrides)
            and bisect.bisect_right(begins, _override_key(overrides[stop]))
            == which
        ):
            stop += 1
        found.extend(
            Series._override_problems(
                every[which],
                overrides[index:stop],
                offset + index,
                members=members,
                venues=venues,
            )
        )
        index = stop
    return found


# -- validation -------------------------------------------------------------


def change_problems(series: Series) -> list[MeetupkitError]:
    """What is wrong with the changes of *series*, every problem at once."""
    found: list[MeetupkitError] = []
    zone = _time.zone_name(series.start.tzinfo)
    first = _time.normalize(series.start)
    seen: set[datetime] = set()
    values = resolved(series)
    for index, change in enumerate(series.changes):
        path = f"changes[{index}]"
        before, after = values[index], values[index + 1]
        key = change.start.astimezone(UTC)
        problems = len(found)
        if _time.zone_name(change.start.tzinfo) != zone:
            found.append(
                InvalidValueError(
                    f"{path}.start",
                    f"{_time.format_datetime(change.start)} is in another"
                    f" zone than the series ({zone})",
                    hint=f"give the start in {zone}",
                )
            )
        if key <= first.astimezone(UTC):
            found.append(
                InvalidValueError(
                    f"{path}.start",
                    f"{_time.format_datetime(change.start)} is not after the"
                    f" series' first meeting ({_time.format_datetime(first)})",
                    hint="change from a later date; to change every meeting,"
                    " edit the series itself",
                )
            )
        if key in seen:
            found.append(
                InvalidValueError(
                    f"{path}.start",
                    "two changes start at the same time",
                    hint="merge them into one",
                )
            )
        seen.add(key)
        rule = before["recurrence"]
        if change.recurrence is None and rule.count is not None:
            found.append(
                InvalidValueError(
                    f"{path}.recurrence",
                    f"the rule before ({rule}) ends after a number of"
                    " meetings, which would be counted again from here",
                    hint="give the rule for the meetings from this change on",
                )
            )
        if change.venue is None and change.room is not None:
            found.extend(
                _room_problems(before["venue"], change.room, f"{path}.room")
            )
        if (
            len(found) == problems
            and {n: after[n] for n in CHANGE_FIELDS}
            == {n: before[n] for n in CHANGE_FIELDS}
            and rule.contains(before["start"], change.start)
        ):
            found.append(
                InvalidValueError(
                    path,
                    "changes nothing: the meetings from"
                    f" {_time.format_datetime(change.start)} on are the"
                    " ones before",
                    hint="give another rule, time of day, duration, title,"
                    " venue or room, or leave the change out",
                )
            )
    return found


# -- the edit ---------------------------------------------------------------


def _every(value: object) -> Recurrence:
    if not isinstance(value, timedelta) or isinstance(value, bool):
        raise InvalidTypeError(
            "every",
            f"expected a datetime.timedelta, got {type(value).__name__}",
            hint="pass timedelta(weeks=4), or a Recurrence as recurrence=",
        )
    if value < timedelta(days=1) or value % timedelta(days=1):
        raise InvalidValueError(
            "every",
            f"{_time.format_duration(value)} is not a number of whole days",
            hint="pass whole days or weeks, e.g. timedelta(weeks=4)",
        )
    days = value.days
    if days % 7 == 0:
        return Recurrence(freq=Frequency.WEEKLY, interval=days // 7)
    return Recurrence(freq=Frequency.DAILY, interval=days)


def _rule(value: object) -> Recurrence:
    if isinstance(value, str):
        return Recurrence.parse(value)
    if not isinstance(value, Recurrence):
        raise InvalidTypeError(
            "recurrence",
            f"expected a Recurrence, got {type(value).__name__}",
            hint="pass Recurrence.every(weeks=4) or an RRULE text",
        )
    return value


def time_of_day(series: Series, day: date) -> time:
    """The time of day of the meetings on *day* (after any change)."""
    zone = series.start.tzinfo
    start = series.start
    for change in series.changes:
        if change.start.astimezone(zone).date() > day:
            break
        start = change.start
    return start.astimezone(zone).time()


def first_start(series: Series, when: object, clock: object) -> datetime:
    """The first start of a change *when* names (see `Series.change_from`).

    *clock* is the new time of day, or None to keep the one before.
    """
    zone = series.start.tzinfo
    if clock is not None and (
        not isinstance(clock, time) or clock.tzinfo is not None
    ):
        raise InvalidTypeError(
            "time",
            f"expected a datetime.time without tzinfo, got {clock!r}"[:120],
            hint="pass the time of day, e.g. time(19, 30); the series' zone"
            " is used",
        )
    if isinstance(when, Meetup):
        from ._rsvp import meetup_original  # noqa: PLC0415 - loads on use

        original = meetup_original(series, when).astimezone(zone)
        day = original.date()
        if clock is None:
            clock = original.time()
    elif isinstance(when, datetime):
        moment = v.aware(when, "when").astimezone(zone)
        if clock is not None and clock != moment.time():
            raise InvalidValueError(
                "time",
                "the time of day is given twice: by when and by time",
                hint="pass a date as when, or leave time out",
            )
        day, clock = moment.date(), moment.time()
    elif isinstance(when, date):
        day = when
        if clock is None:
            clock = time_of_day(series, day)
    else:
        raise InvalidTypeError(
            "when",
            f"expected a datetime, date or Meetup, got {type(when).__name__}",
            hint="pass the first start of the new rhythm, its date or a"
            " Meetup",
        )
    assert isinstance(clock, time)  # noqa: S101 - set in every branch
    start = datetime.combine(day, clock, zone)
    _time.check_range(start, "when")
    if start.astimezone(UTC) <= series.start.astimezone(UTC):
        raise InvalidValueError(
            "when",
            f"{_time.format_datetime(start)} is not after the series' first"
            f" meeting ({_time.format_datetime(series.start)})",
            hint="change from a later date; to change every meeting, edit"
            " the series itself",
        )
    return start


def change_from(
    series: Series, when: object, changes: dict[str, Any]
) -> Series:
    """The series with *changes* from *when* on (see `Series.change_from`)."""
    allowed = {*CHANGE_FIELDS, *_SHORTHANDS}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidValueError(
            unknown[0],
            "is not something a series can change from a date on",
            hint=f"use some of {', '.join(sorted(allowed))}",
        )
    fields = dict(changes)
    start = first_start(series, when, fields.pop("time", None))
    if "every" in fields:
        if "recurrence" in fields:
            raise InvalidValueError(
                "every",
                "given together with recurrence",
                hint="give one of them",
            )
        fields["recurrence"] = _every(fields.pop("every"))
    elif "recurrence" in fields and fields["recurrence"] is not None:
        fields["recurrence"] = _rule(fields["recurrence"])
    key = start.astimezone(UTC)
    same = [c for c in series.changes if c.start.astimezone(UTC) == key]
    change = (
        attrs.evolve(same[0], **fields)
        if same
        else Change(start=start, **fields)
    )
    kept = tuple(c for c in series.changes if c.start.astimezone(UTC) != key)
    earlier = tuple(o for o in series.overrides if _override_key(o) < key)
    changed = attrs.evolve(series, changes=(*kept, change), overrides=earlier)
    lost = [
        o.original_start
        for o in series.overrides
        if _override_key(o) >= key
        and not changed.is_occurrence(o.original_start)
    ]
    if lost:
        dates = ", ".join(_time.format_datetime(item) for item in lost[:3])
        more = f" and {len(lost) - 3} more" if len(lost) > 3 else ""  # noqa: PLR2004
        raise InvalidValueError(
            "when",
            f"the meetings planned at {dates}{more} have recorded changes"
            " (overrides), and the new rhythm has no such meetings",
            hint="change from a later date, or remove those overrides first",
        )
    if len(earlier) == len(series.overrides):
        return changed
    return attrs.evolve(changed, overrides=series.overrides)
