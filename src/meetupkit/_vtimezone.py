"""Private: VTIMEZONE observances computed from ``zoneinfo``, and read back.

RFC 5545 §3.6.5 gives each observance's onset (``DTSTART``, ``RDATE`` and
the instances of its ``RRULE``) in the local time in force *before* the
transition: Europe/Berlin goes to summer time at 02:00 (CET) and back at
03:00 (CEST).  The transitions come from ``zoneinfo`` itself, found by a
coarse scan and a bisection to the second; yearly regular ones are written
as one ``RRULE`` such as ``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``, the rest as
``RDATE`` lists.

Nothing here imports icalendar: :mod:`meetupkit.ical` turns the plain
:class:`Observance` records into components.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil import rrule as _rrule

_STEP = timedelta(hours=6)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Transition(NamedTuple):
    """One change of a zone's offset, daylight flag or abbreviation."""

    utc: datetime
    before: timedelta
    after: timedelta
    name: str
    dst: bool

    @property
    def onset(self) -> datetime:
        """The naive local time before the transition (RFC 5545 §3.6.5)."""
        return (self.utc + self.before).replace(tzinfo=None)


class Observance(NamedTuple):
    """A ``STANDARD`` or ``DAYLIGHT`` sub-component, as plain data."""

    kind: str
    start: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rrule: str | None = None
    rdates: tuple[datetime, ...] = ()


def _state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, bool, str]:
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    dst = local.dst()
    assert offset is not None  # noqa: S101 - ZoneInfo always answers
    return offset, bool(dst), local.tzname() or ""


def transitions(
    zone: ZoneInfo, start: datetime, end: datetime
) -> list[Transition]:
    """Return every transition of *zone* in ``[start, end)`` (UTC instants)."""
    result: list[Transition] = []
    moment = start
    state = _state(zone, moment)
    while moment < end:
        step_end = min(moment + _STEP, end)
        new = _state(zone, step_end)
        if new != state:
            low, high = moment, step_end
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle <= low:
                    middle = low + timedelta(seconds=1)
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            after = _state(zone, high)
            result.append(
                Transition(high, state[0], after[0], after[2], after[1])
            )
            state = after
            moment = high
            continue
        moment = step_end
    return result


def _patterns(onset: datetime) -> set[str]:
    """The yearly BYDAY forms that give *onset*'s day: ``2SU``, ``-1SU``."""
    day = _WEEKDAYS[onset.weekday()]
    found = {f"{(onset.day - 1) // 7 + 1}{day}"}
    if onset.day + 7 > calendar.monthrange(onset.year, onset.month)[1]:
        found.add(f"-1{day}")
    return found


def _prefer(patterns: set[str]) -> str:
    # The last weekday reads better than "the fifth" and stays right in
    # years where the month has only four of them.
    last = sorted(p for p in patterns if p.startswith("-"))
    return last[0] if last else min(patterns)


def observances(
    zone: ZoneInfo, first_year: int, last_year: int
) -> list[Observance]:
    """Return observances that describe *zone* from *first_year* on.

    The scan covers the years *first_year* - 1 to *last_year* + 1; a yearly
    rule still in force in the last scanned year is left open-ended, as the
    zone's own rule is.
    """
    scan_start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    scan_end = datetime(last_year + 2, 1, 1, tzinfo=UTC)
    found = transitions(zone, scan_start, scan_end)
    result: list[Observance] = []
    initial = _state(zone, scan_start)
    if not found or found[0].utc > scan_start + timedelta(days=366):
        result.append(
            Observance(
                "DAYLIGHT" if initial[1] else "STANDARD",
                datetime(first_year - 1, 1, 1),  # noqa: DTZ001 - local
                initial[0],
                initial[0],
                initial[2],
            )
        )
    groups: dict[tuple[str, timedelta, timedelta, str], list[Transition]]
    groups = {}
    for item in found:
        kind = "DAYLIGHT" if item.dst else "STANDARD"
        groups.setdefault((kind, item.before, item.after, item.name), [])
        groups[(kind, item.before, item.after, item.name)].append(item)
    for (kind, before, after, name), items in groups.items():
        singles: list[Transition] = []
        for run, pattern in _runs(items):
            if len(run) == 1:
                singles.extend(run)
                continue
            onset = run[0].onset
            rule = f"FREQ=YEARLY;BYMONTH={onset.month};BYDAY={pattern}"
            if run[-1].utc.year < last_year + 1:
                stamp = run[-1].utc.strftime("%Y%m%dT%H%M%SZ")
                rule += f";UNTIL={stamp}"
            result.append(Observance(kind, onset, before, after, name, rule))
        if singles:
            result.append(
                Observance(
                    kind,
                    singles[0].onset,
                    before,
                    after,
                    name,
                    None,
                    tuple(item.onset for item in singles[1:]),
                )
            )
    result.sort(key=lambda item: (item.start, item.kind))
    return result


def _runs(items: list[Transition]) -> list[tuple[list[Transition], str]]:
    """Split transitions into runs that one yearly rule describes."""
    runs: list[tuple[list[Transition], str]] = []
    run: list[Transition] = []
    patterns: set[str] = set()
    for item in items:
        onset = item.onset
        if run:
            previous = run[-1].onset
            common = patterns & _patterns(onset)
            if (
                onset.year == previous.year + 1
                and (onset.month, onset.time())
                == (previous.month, previous.time())
                and common
            ):
                run.append(item)
                patterns = common
                continue
            runs.append((run, _prefer(patterns)))
        run = [item]
        patterns = _patterns(onset)
    if run:
        runs.append((run, _prefer(patterns)))
    return runs


def fixed_tzid(offset: timedelta) -> str:
    """Return the TZID meetupkit writes for a fixed offset: ``UTC+0200``."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}{minutes % 60:02d}"


def onsets(item: Observance, until: datetime) -> list[datetime]:
    """Return the observance's naive local onsets up to *until* (naive)."""
    found = {item.start, *item.rdates}
    if item.rrule is not None:
        parts = dict(
            part.split("=", 1) for part in item.rrule.upper().split(";")
        )
        stop = until
        text = ";".join(f"{k}={v}" for k, v in parts.items() if k != "UNTIL")
        if "UNTIL" in parts:
            last = datetime.strptime(  # noqa: DTZ007 - UTC, see below
                parts["UNTIL"].rstrip("Z")[:15].ljust(15, "0")
                if "T" in parts["UNTIL"]
                else parts["UNTIL"] + "T235959",
                "%Y%m%dT%H%M%S",
            )
            if parts["UNTIL"].endswith("Z"):
                last += item.offset_from
            stop = min(stop, last)
        rule = _rrule.rrulestr(text, dtstart=item.start, cache=False)
        for onset in rule:
            if onset > stop:
                break
            found.add(onset)
    return sorted(moment for moment in found if moment <= until)


def utc_transitions(
    items: list[Observance], until: datetime
) -> list[tuple[datetime, timedelta, timedelta]]:
    """Return ``(utc instant, offset from, offset to)`` for every onset."""
    result = []
    for item in items:
        for onset in onsets(item, until):
            moment = (onset - item.offset_from).replace(tzinfo=UTC)
            result.append((moment, item.offset_from, item.offset_to))
    result.sort()
    return result
