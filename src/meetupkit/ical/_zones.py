"""Time zones in iCalendar: UTC names, TZIDs, custom VTIMEZONEs."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from meetupkit import _time, _vtimezone
from meetupkit.errors import ICalError, MeetupkitError

from ._lines import _Component, _error, _Prop

if TYPE_CHECKING:
    pass

_UTC_KEYS: Final = frozenset(
    {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal"}
    | {"Zulu", "Etc/Zulu", "Etc/GMT", "GMT", "Etc/GMT0", "GMT0", "Greenwich"}
    | {"Etc/Greenwich", "Etc/GMT+0", "Etc/GMT-0", "GMT+0", "GMT-0"}
)


def _is_utc(zone: tzinfo | None) -> bool:
    """Whether *zone* is UTC itself, written with ``Z`` (no VTIMEZONE)."""
    if isinstance(zone, ZoneInfo):
        return zone.key in _UTC_KEYS
    return zone is not None and zone.utcoffset(None) == timedelta(0)


@cache
def _iana(tzid: str) -> ZoneInfo | None:
    from icalendar.timezone.windows_to_olson import (  # noqa: PLC0415
        WINDOWS_TO_OLSON,
    )

    names = [tzid]
    if "/" in tzid:
        pieces = tzid.strip("/").split("/")
        names += ["/".join(pieces[i:]) for i in range(1, len(pieces))]
    mapped = WINDOWS_TO_OLSON.get(tzid)
    if mapped:
        names.append(mapped)
    for name in names:
        if not re.fullmatch(
            r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*", name
        ):
            continue
        try:
            return _time.load_zone(name)
        except MeetupkitError:
            continue
    return None


def _offset(prop: _Prop) -> timedelta:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)(\d\d)?", prop.value.strip())
    if match is None:
        raise _error(
            prop, f"{prop.value[:20]!r} is not a UTC offset", "write +0100"
        )
    value = timedelta(
        hours=int(match[2]), minutes=int(match[3]), seconds=int(match[4] or 0)
    )
    return -value if match[1] == "-" else value


def _custom_zone(definition: _Component, tzid: str) -> tzinfo:
    """Return a tzinfo for a VTIMEZONE whose TZID is no IANA name."""
    from ._read import _Reader  # noqa: PLC0415 - the reader needs this module

    items = []
    for child in definition.children:
        if child.name not in {"STANDARD", "DAYLIGHT"}:
            continue
        start = child.one("DTSTART")
        offset_from = child.one("TZOFFSETFROM")
        offset_to = child.one("TZOFFSETTO")
        if start is None or offset_from is None or offset_to is None:
            raise ICalError(
                "VTIMEZONE",
                f"{child.name} of {tzid[:40]!r} lacks DTSTART, TZOFFSETFROM"
                " or TZOFFSETTO",
                hint="RFC 5545 §3.6.5 requires all three",
                line_number=child.line,
            )
        reader = _Reader(_Component("VCALENDAR", 0), UTC)
        onset = reader.moment(start)
        if not isinstance(onset, datetime):
            raise _error(start, "must be a local date-time", "add a time")
        rule = child.one("RRULE")
        rdates = [
            moment.replace(tzinfo=None)
            for prop in child.all("RDATE")
            for moment in reader.moments(prop)
            if isinstance(moment, datetime)
        ]
        items.append(
            _vtimezone.Observance(
                child.name,
                onset.replace(tzinfo=None),
                _offset(offset_from),
                _offset(offset_to),
                "",
                rule.value if rule is not None else None,
                tuple(rdates),
            )
        )
    if not items:
        raise ICalError(
            "VTIMEZONE",
            f"{tzid[:40]!r} has no STANDARD or DAYLIGHT part",
            hint="RFC 5545 §3.6.5 requires at least one",
            line_number=definition.line,
        )
    offsets = {item.offset_to for item in items}
    if len(offsets) == 1:
        (offset,) = offsets
        return UTC if offset == timedelta(0) else timezone(offset)
    latest = max(item.start for item in items).year
    try:
        changes = _vtimezone.utc_transitions(
            items,
            datetime(latest + 3, 1, 1),  # noqa: DTZ001 - local
        )
    except (ValueError, TypeError) as exc:
        raise ICalError(
            "VTIMEZONE",
            f"cannot evaluate {tzid[:40]!r}: {exc}",
            hint="check its RRULE and RDATE values",
            line_number=definition.line,
        ) from None
    window = [
        (moment, after)
        for moment, _, after in changes
        if datetime(latest, 1, 1, tzinfo=UTC)
        <= moment
        < datetime(latest + 3, 1, 1, tzinfo=UTC)
    ]
    zone = _match_zone(tuple(window), latest)
    if zone is None:
        raise ICalError(
            "TZID",
            f"{tzid[:60]!r} is defined by a VTIMEZONE that matches no IANA"
            " zone",
            hint="use an IANA name such as Europe/Berlin",
            line_number=definition.line,
        )
    return zone


@cache
def _match_zone(
    window: tuple[tuple[datetime, timedelta], ...], year: int
) -> ZoneInfo | None:
    from zoneinfo import available_timezones  # noqa: PLC0415

    if not window:
        return None
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 3, 1, 1, tzinfo=UTC)
    for key in sorted(available_timezones()):
        if key.startswith(("Etc/", "SystemV/")) or "/" not in key:
            continue
        zone = ZoneInfo(key)
        if any(
            moment.astimezone(zone).utcoffset() != after
            for moment, after in window
        ):
            continue
        found = [
            (item.utc, item.after)
            for item in _vtimezone.transitions(zone, start, end)
            if item.before != item.after
        ]
        if tuple(found) == window:
            return zone
    return None
