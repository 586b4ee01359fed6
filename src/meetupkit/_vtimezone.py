"""Private: VTIMEZONE observances computed from ``zoneinfo``, and read back.

RFC 5545 §3.6.5 gives each observance's onset (``DTSTART``, ``RDATE`` and
the instances of its ``RRULE``) in the local time in force *before* the
transition: Europe/Berlin goes to summer time at 02:00 (CET) and back at
03:00 (CEST).  The transitions come from ``zoneinfo`` itself, found by a
coarse scan and a bisection to the second; yearly regular ones are written
as one ``RRULE`` such as ``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``, the rest as
``RDATE`` lists.

The scan costs time per year scanned, so it covers only the years from
the first transition the zone's TZif data lists (before it, the zone keeps
one offset) to a few years after the last one: from there on, ``zoneinfo``
follows the file's one yearly rule (its POSIX TZ string), which the
open-ended ``RRULE`` carries on.  A meeting in the year 1000 or 5014
therefore costs no more than one in 1890 or 2050.

Nothing here imports icalendar: :mod:`meetupkit.ical` turns the plain
:class:`Observance` records into components.
"""

from __future__ import annotations

import calendar
import importlib.resources
import struct
import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil import rrule as _rrule

from . import _time

_STEP = timedelta(hours=6)
# Years scanned past the last listed transition: enough for the yearly
# rule's BYDAY to be told apart from its look-alikes (4SU from -1SU).
_SETTLE_YEARS = 12
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


def _tzif(key: str) -> bytes | None:
    """The TZif data of the zone *key*, found where ``zoneinfo`` looks."""
    if not key or ".." in key or key.startswith("/"):
        return None
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / key
        if path.is_file():
            return path.read_bytes()
    try:
        package, _, name = f"tzdata.zoneinfo.{key}".rpartition("/")
        resource = importlib.resources.files(package.replace("/", "."))
        data: bytes = (resource / name).read_bytes()
    except (ImportError, OSError, ValueError):
        return None
    return data


@cache
def listed_years(key: str) -> tuple[int, int] | None:
    """The years of the first and last transitions the TZif data of *key* lists.

    Before the first the zone keeps one offset; after the last it follows
    one yearly rule.  ``None`` when the data cannot be found or read; a zone
    without transitions gives ``(1, 1)``.
    """
    data = _tzif(key)
    header = struct.Struct(">4sc15x6l")
    if data is None or len(data) < header.size or data[:4] != b"TZif":
        return None
    _, version, *counts = header.unpack_from(data)
    is_ut, is_std, leaps, times, types, chars = counts
    form, offset = ">l", header.size  # version 1: 32-bit times
    if version >= b"2":
        # Skip the 32-bit block; the 64-bit one follows with its header.
        offset += times * 5 + types * 6 + chars + leaps * 8 + is_std + is_ut
        if len(data) < offset + header.size:
            return None
        _, _, *counts = header.unpack_from(data, offset)
        times = counts[3]
        form, offset = ">q", offset + header.size
    size = struct.calcsize(form)
    if len(data) < offset + times * size:
        return None
    years = []
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for (seconds,) in struct.iter_unpack(
        form, data[offset : offset + times * size]
    ):
        try:
            years.append((epoch + timedelta(seconds=seconds)).year)
        except OverflowError:
            continue  # zic's "big bang" marker, before year 1
    return (min(years), max(years)) if years else (1, 1)


def observances(
    zone: ZoneInfo, first_year: int, last_year: int
) -> list[Observance]:
    """Return observances that describe *zone* from *first_year* on.

    The scan covers the years *first_year* - 1 to *last_year* + 1, but
    stops a few years after the zone's last listed transition; a yearly
    rule still in force in the last scanned year is left open-ended, as the
    zone's own rule is.
    """
    listed = listed_years(zone.key) if zone.key else None
    scan_from = max(first_year - 1, 1)
    if listed is not None:
        # Nothing changes before the first listed transition.
        scan_from = max(scan_from, min(listed[0] - 1, last_year))
        capped = min(last_year, max(first_year, listed[1] + _SETTLE_YEARS))
        if capped < last_year:
            result = _observances(zone, first_year, capped, scan_from)
            if result is not None:
                return result
    found = _observances(zone, first_year, last_year, scan_from, capped=False)
    assert found is not None  # noqa: S101 - only a capped scan gives up
    return found


def _observances(
    zone: ZoneInfo,
    first_year: int,
    last_year: int,
    scan_from: int,
    *,
    capped: bool = True,
) -> list[Observance] | None:
    """Observances from a scan of *scan_from* to *last_year* + 1.

    The zone's state at the start of *scan_from* is taken to hold from
    *first_year* - 1 on.  A *capped* scan answers ``None`` if a transition
    of its last year is not part of an open-ended yearly rule: the zone's
    rule past the listed transitions is then not one meetupkit writes as
    ``RRULE``, and the caller scans the whole range instead.
    """
    scan_start = datetime(scan_from, 1, 1, tzinfo=UTC)
    scan_end = datetime(last_year + 2, 1, 1, tzinfo=UTC)
    found = transitions(zone, scan_start, scan_end)
    result: list[Observance] = []
    initial = _state(zone, scan_start)
    if (
        scan_from > max(first_year - 1, 1)
        or not found
        or found[0].utc > scan_start + timedelta(days=366)
    ):
        result.append(
            Observance(
                "DAYLIGHT" if initial[1] else "STANDARD",
                datetime(max(first_year - 1, 1), 1, 1),  # noqa: DTZ001
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
                stamp = _time.utc_stamp(run[-1].utc)
                rule += f";UNTIL={stamp}"
            result.append(Observance(kind, onset, before, after, name, rule))
        if capped and singles and singles[-1].utc.year >= last_year:
            return None
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
