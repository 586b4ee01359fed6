"""Time zones in iCalendar: UTC names, TZIDs, custom VTIMEZONEs.

A ``TZID`` is resolved in this order: an IANA name (also after a leading
``/`` or a vendor prefix such as ``/mozilla.org/20050126_1/``), a Windows
name through icalendar's table (taken from CLDR's ``windowsZones``), then
the file's own ``VTIMEZONE``.  A ``VTIMEZONE`` is evaluated over its whole
history and matched to the IANA zone that agrees with it on every
transition the feed can use (from the earlier of its events' years, or its
last observance, to :data:`_MATCH_UNTIL`); where none agrees, the file's
own rules become a :class:`~zoneinfo.ZoneInfo` whose key is the ``TZID``.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Final, NamedTuple
from zoneinfo import ZoneInfo

from meetupkit import _time
from meetupkit.errors import ICalError, MeetupkitError

from ._lines import _Component, _error, _Prop

if TYPE_CHECKING:
    from datetime import date

_UTC_KEYS: Final = frozenset(
    {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal"}
    | {"Zulu", "Etc/Zulu", "Etc/GMT", "GMT", "Etc/GMT0", "GMT0", "Greenwich"}
    | {"Etc/Greenwich", "Etc/GMT+0", "Etc/GMT-0", "GMT+0", "GMT-0"}
)

#: A file's zone is evaluated up to this year; after it, its last offset
#: holds.
_EVALUATE_UNTIL: Final = 2200

#: A file's zone matches an IANA zone when both agree up to this year.
_MATCH_UNTIL: Final = 2038

#: The most onsets one STANDARD or DAYLIGHT part may give (a yearly rule
#: from 1601 to 2200 gives 600): a denser rule is refused, not evaluated.
_MAX_ONSETS: Final = 2000

_NAME: Final = re.compile(
    r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,3}"
)
_LONGEST_NAME: Final = 64


def _is_utc(zone: tzinfo | None) -> bool:
    """Whether *zone* is UTC itself, written with ``Z`` (no VTIMEZONE)."""
    if isinstance(zone, ZoneInfo):
        return zone.key in _UTC_KEYS
    return zone is not None and zone.utcoffset(None) == timedelta(0)


@cache
def _iana(tzid: str) -> ZoneInfo | None:
    """Return the IANA zone a TZID names, or None.

    Tried in turn: the TZID itself, the TZID without leading and trailing
    ``/``, its last one, two and three ``/`` segments (vendor prefixes),
    and its Windows name.
    """
    from icalendar.timezone.windows_to_olson import (  # noqa: PLC0415
        WINDOWS_TO_OLSON,
    )

    stripped = tzid.strip().strip("/")
    pieces = stripped.split("/")[-4:]
    names = [tzid, stripped]
    names += ["/".join(pieces[i:]) for i in range(len(pieces) - 1, 0, -1)]
    mapped = WINDOWS_TO_OLSON.get(tzid.strip())
    if mapped:
        names.append(mapped)
    for name in names:
        if len(name) > _LONGEST_NAME or not _NAME.fullmatch(name):
            continue
        try:
            return _time.load_zone(name)
        except MeetupkitError:
            continue
    return None


def _offset(prop: _Prop) -> timedelta:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)(\d\d)?", prop.value.strip())
    if match is None or int(match[2]) > 23 or int(match[3]) > 59:  # noqa: PLR2004
        raise _error(
            prop,
            f"{prop.value[:20]!r} is not a UTC offset",
            "write it like +0100, less than 24 hours",
        )
    value = timedelta(
        hours=int(match[2]), minutes=int(match[3]), seconds=int(match[4] or 0)
    )
    return -value if match[1] == "-" else value


class _Part(NamedTuple):
    """One STANDARD or DAYLIGHT part of a VTIMEZONE, read."""

    dst: bool
    start: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: str | None
    rdates: tuple[datetime, ...]
    line: int


MomentReader = Callable[[_Prop], "list[datetime | date]"]


def _parts(
    definition: _Component, tzid: str, moments: MomentReader
) -> list[_Part]:
    items = []
    for child in definition.children:
        if child.name not in {"STANDARD", "DAYLIGHT"}:
            continue
        start = child.one("DTSTART")
        offset_from = child.one("TZOFFSETFROM")
        offset_to = child.one("TZOFFSETTO")
        if start is None or offset_to is None:
            raise ICalError(
                "VTIMEZONE",
                f"{child.name} of {tzid[:40]!r} lacks DTSTART or TZOFFSETTO",
                hint="RFC 5545 §3.6.5 requires both",
                line_number=child.line,
            )
        onsets = moments(start)
        onset = onsets[0] if len(onsets) == 1 else None
        if not isinstance(onset, datetime):
            raise _error(start, "must be a local date-time", "add a time")
        to = _offset(offset_to)
        rule = child.one("RRULE")
        name = child.one("TZNAME")
        items.append(
            _Part(
                child.name == "DAYLIGHT",
                onset.replace(tzinfo=None),
                _offset(offset_from) if offset_from is not None else to,
                to,
                name.value.strip()[:20] if name is not None else "",
                rule.value if rule is not None else None,
                tuple(
                    moment.replace(tzinfo=None)
                    for prop in child.all("RDATE")
                    for moment in moments(prop)
                    if isinstance(moment, datetime)
                ),
                child.line,
            )
        )
    if not items:
        raise ICalError(
            "VTIMEZONE",
            f"{tzid[:40]!r} has no STANDARD or DAYLIGHT part",
            hint="RFC 5545 §3.6.5 requires at least one",
            line_number=definition.line,
        )
    return items


def _onsets(part: _Part, until: datetime) -> list[datetime]:
    """The part's naive local onsets up to *until*, at most _MAX_ONSETS."""
    from dateutil import rrule as _rrule  # noqa: PLC0415

    found = {part.start, *part.rdates}
    if part.rule is not None:
        text = part.rule.upper().strip()
        fields = dict(
            chunk.split("=", 1) for chunk in text.split(";") if "=" in chunk
        )
        # Lotus Notes repeats the onset's time of day in the rule
        # (BYHOUR=2;BYMINUTE=0): harmless when it is DTSTART's own.
        for key, own in (
            ("BYHOUR", part.start.hour),
            ("BYMINUTE", part.start.minute),
            ("BYSECOND", part.start.second),
        ):
            if fields.get(key, "").isdigit() and int(fields[key]) == own:
                del fields[key]
        if fields.get("FREQ") not in {"YEARLY", "MONTHLY"} or any(
            key in fields for key in ("BYHOUR", "BYMINUTE", "BYSECOND")
        ):
            raise ValueError(
                f"the rule {text[:40]!r} is not yearly or monthly"
            )
        stop = until
        if "UNTIL" in fields:
            raw = fields.pop("UNTIL")
            match = re.fullmatch(r"(\d{8})(?:T(\d{6})Z?)?", raw)
            if match is None:
                raise ValueError(f"UNTIL {raw[:20]!r} is not a date-time")
            last = datetime.strptime(  # noqa: DTZ007 - local
                match[1] + (match[2] or "235959"), "%Y%m%d%H%M%S"
            )
            if raw.endswith("Z"):
                last += part.offset_from
            stop = min(stop, last)
        body = ";".join(f"{key}={value}" for key, value in fields.items())
        rule = _rrule.rrulestr(body, dtstart=part.start, cache=False)
        onsets = []
        for onset in rule:
            if onset > stop:
                break
            onsets.append(onset)
            if len(onsets) > _MAX_ONSETS:
                raise ValueError(
                    f"the rule {text[:40]!r} gives too many onsets"
                )
        found.update(onset for onset in onsets if onset <= stop)
    if len(found) > _MAX_ONSETS:
        raise ValueError("too many RDATEs")
    return sorted(moment for moment in found if moment <= until)


class _Change(NamedTuple):
    utc: datetime
    offset: timedelta
    dst: bool
    name: str


def _changes(parts: list[_Part]) -> list[_Change]:
    """Every onset of every part as a UTC instant, in order."""
    until = datetime(_EVALUATE_UNTIL, 1, 1)  # noqa: DTZ001 - local
    found: dict[datetime, _Change] = {}
    for part in parts:
        for onset in _onsets(part, until):
            moment = (onset - part.offset_from).replace(tzinfo=UTC)
            found[moment] = _Change(
                moment, part.offset_to, part.dst, part.name
            )
    return [found[key] for key in sorted(found)]


def _custom_zone(
    definition: _Component,
    tzid: str,
    moments: MomentReader,
    first_year: int | None = None,
) -> tzinfo:
    """Return a tzinfo for a VTIMEZONE whose TZID is no IANA name.

    Args:
        definition: The VTIMEZONE.
        tzid: Its TZID.
        moments: Reads a DTSTART or RDATE property into local date-times.
        first_year: The earliest year the feed uses this zone in, if known.
    """
    parts = _parts(definition, tzid, moments)
    offsets = {part.offset_to for part in parts}
    if len(offsets) == 1:
        (offset,) = offsets
        return UTC if offset == timedelta(0) else timezone(offset)
    try:
        changes = _changes(parts)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ICalError(
            "VTIMEZONE",
            f"cannot evaluate {tzid[:40]!r}: {str(exc)[:80]}",
            hint="give each STANDARD and DAYLIGHT part a yearly RRULE or"
            " RDATEs",
            line_number=definition.line,
        ) from None
    latest = max(part.start for part in parts).year
    begin = max(latest, first_year or latest, 1900)
    start = datetime(begin, 1, 1, tzinfo=UTC)
    end = datetime(max(begin + 3, _MATCH_UNTIL), 1, 1, tzinfo=UTC)
    before = [change for change in changes if change.utc < start]
    window = tuple(
        (change.utc, change.offset)
        for change in changes
        if start <= change.utc < end
    )
    initial = before[-1].offset if before else parts[0].offset_from
    zone = _match_zone(window, initial, start, end, tzid)
    if zone is not None:
        return zone
    return _file_zone(tzid, changes, parts)


def _preferred() -> frozenset[str]:
    from icalendar.timezone.windows_to_olson import (  # noqa: PLC0415
        WINDOWS_TO_OLSON,
    )

    return frozenset(WINDOWS_TO_OLSON.values())


def _agrees(
    zone: ZoneInfo,
    window: tuple[tuple[datetime, timedelta], ...],
    initial: timedelta,
    start: datetime,
    end: datetime,
) -> bool:
    """Whether *zone* has exactly the offsets *window* gives in the span."""
    second = timedelta(seconds=1)
    points = [start, *(moment for moment, _ in window), end]
    offsets = [initial, *(offset for _, offset in window)]
    for index, offset in enumerate(offsets):
        low, high = points[index], points[index + 1]
        if high <= low:
            continue
        probes = {low, high - second, low + (high - low) / 2}
        # Sample the span weekly-ish where it is long, to spot a
        # transition the file does not have.
        step = timedelta(days=61)
        moment = low + step
        while moment < high - second:
            probes.add(moment)
            moment += step
        if any(
            probe.astimezone(zone).utcoffset() != offset for probe in probes
        ):
            return False
    return True


@cache
def _match_zone(
    window: tuple[tuple[datetime, timedelta], ...],
    initial: timedelta,
    start: datetime,
    end: datetime,
    tzid: str,
) -> ZoneInfo | None:
    from zoneinfo import available_timezones  # noqa: PLC0415

    if not window:
        return None
    first_moment, first_offset = window[0]
    second = timedelta(seconds=1)
    candidates = []
    for key in sorted(available_timezones()):
        if key.startswith(("Etc/", "SystemV/")) or "/" not in key:
            continue
        zone = ZoneInfo(key)
        if (
            first_moment.astimezone(zone).utcoffset() != first_offset
            or (first_moment - second).astimezone(zone).utcoffset() != initial
        ):
            continue
        if all(
            moment.astimezone(zone).utcoffset() == offset
            for moment, offset in window[:12]
        ):
            candidates.append(key)
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", tzid)}
    preferred = _preferred()
    candidates.sort(
        key=lambda key: (
            key.rsplit("/", 1)[-1].lower() not in words,
            key not in preferred,
            key,
        )
    )
    for key in candidates:
        zone = ZoneInfo(key)
        if _agrees(zone, window, initial, start, end):
            return zone
    return None


def _file_zone(
    tzid: str, changes: list[_Change], parts: list[_Part]
) -> _time.FileZone:
    """Build a ZoneInfo from the file's own transitions (a TZif in memory)."""
    types: list[tuple[int, int, str]] = []
    index: dict[tuple[int, int, str], int] = {}

    def kind(offset: timedelta, *, dst: bool, name: str) -> int:
        key = (int(offset.total_seconds()), int(dst), name or "-")
        if key not in index:
            index[key] = len(types)
            types.append(key)
        return index[key]

    initial = min(parts, key=lambda part: part.start)
    kind(initial.offset_from, dst=False, name="")  # before any change
    times = []
    indices = []
    for change in changes:
        times.append(
            int(
                (change.utc - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
            )
        )
        indices.append(kind(change.offset, dst=change.dst, name=change.name))
    names = b""
    offsets_in_names = []
    for _, _, name in types:
        offsets_in_names.append(len(names))
        names += name.encode("ascii", "replace") + b"\0"
    v1 = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, 0, 1, 1)
    v1 += struct.pack(">lBB", types[0][0], 0, 0) + b"\0"
    header = struct.pack(
        ">4sc15x6l", b"TZif", b"2", 0, 0, 0, len(times), len(types), len(names)
    )
    body = b"".join(struct.pack(">q", moment) for moment in times)
    if len(types) > 255:  # noqa: PLR2004 - one byte per index
        raise ValueError("more than 255 kinds of offset")
    body += bytes(indices)
    body += b"".join(
        struct.pack(">lBB", offset, dst, offsets_in_names[number])
        for number, (offset, dst, _) in enumerate(types)
    )
    body += names
    data = v1 + header + body + b"\n\n"
    return _time.file_zone(tzid, data)
