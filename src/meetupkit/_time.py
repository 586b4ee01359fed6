"""Private helpers for time: zone checks, RFC 9557 strings, ISO 8601 durations.

Nothing here is public API; the model, the serializer and the exporters call
these so that every part of meetupkit treats time the same way.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import io
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidTypeError, InvalidValueError, NaiveDatetimeError

_ZONE_HINT = 'add a tzinfo such as zoneinfo.ZoneInfo("Europe/Berlin")'

#: The first and the last year of the supported range.  Every date and
#: datetime a model object holds lies in these years (on its own wall
#: clock); the room on both sides of the range leaves space for a meeting's
#: duration (at most 366 days), for zone offsets and for the day of margin
#: the expansion looks past a window, so that nothing inside the range can
#: overflow ``datetime``.
FIRST_YEAR: Final = 2
LAST_YEAR: Final = 9997

#: The hint every out-of-range error carries.
RANGE_HINT: Final = (
    f"meetupkit supports dates from the year {FIRST_YEAR} to {LAST_YEAR}"
)

#: The first and last wall-clock times of the supported range.
FIRST_LOCAL: Final = datetime(FIRST_YEAR, 1, 1)  # noqa: DTZ001 - wall clock
LAST_LOCAL: Final = datetime(LAST_YEAR, 12, 31, 23, 59, 59, 999999)  # noqa: DTZ001

# Instants a little outside the range on either side: any query instant is
# clamped to these before it is converted, so far-off queries answer
# instead of overflowing.
BEFORE_RANGE: Final = datetime(FIRST_YEAR - 1, 12, 30, tzinfo=UTC)
AFTER_RANGE: Final = datetime(LAST_YEAR + 1, 1, 3, tzinfo=UTC)


def check_range(value: date | datetime, path: str) -> None:
    """Refuse a date or datetime outside the supported range.

    A datetime is judged by its own wall clock, so the check itself cannot
    overflow.

    Raises:
        InvalidValueError: *value* lies before the year 2 or after 9997.
    """
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValueError(
            path,
            f"{value.isoformat()[:40]} is outside the supported range",
            hint=RANGE_HINT,
        )


def shift(value: datetime, delta: timedelta) -> datetime:
    """Return the clamped instant *value* plus *delta*, clamped again.

    Unlike ``+`` this cannot overflow: past either end of the supported
    range it gives the instant just outside it.
    """
    value = clamp(value)
    if delta >= timedelta(0):
        return clamp(value + min(delta, AFTER_RANGE - value))
    return clamp(value + max(delta, BEFORE_RANGE - value))


def clamp(value: datetime) -> datetime:
    """Return the aware *value*, or an instant just outside the range.

    Queries may ask about any instant (``next(after=datetime.max…)``);
    clamping first keeps every later conversion inside ``datetime``'s
    limits without changing any answer, since nothing lies outside the
    range.
    """
    if value.year < FIRST_YEAR:
        return BEFORE_RANGE
    if value.year > LAST_YEAR:
        return AFTER_RANGE
    return value


def check_aware(value: object, path: str) -> datetime:
    """Return *value* if it is an aware datetime with a supported zone.

    Raises:
        InvalidTypeError: *value* is not a datetime.
        NaiveDatetimeError: *value* has no tzinfo.
        InvalidValueError: the tzinfo is neither a ``ZoneInfo`` nor a fixed
            ``datetime.timezone``.
    """
    if not isinstance(value, datetime):
        raise InvalidTypeError(
            path,
            f"expected a datetime, got {type(value).__name__}",
            hint="pass a datetime.datetime with a tzinfo",
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(path, "naive datetime", hint=_ZONE_HINT)
    if not isinstance(value.tzinfo, ZoneInfo | timezone):
        raise InvalidValueError(
            path,
            f"unsupported tzinfo {type(value.tzinfo).__name__}",
            hint="use zoneinfo.ZoneInfo so that the zone name is kept",
        )
    if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key is None:
        # ZoneInfo.from_file() makes zones without a name: no document or
        # calendar could say which zone the time is in.
        raise InvalidValueError(
            path,
            "the ZoneInfo has no name (it was made from a file)",
            hint='use the zone by its name, as ZoneInfo("Europe/Berlin")',
        )
    return value


def normalize(value: datetime) -> datetime:
    """Return *value* as a wall-clock time that exists in its zone.

    A time in a daylight-saving gap is moved forward the way RFC 5545
    §3.3.5 asks (it is read with the offset in force before the gap, so
    02:30 on 2025-03-30 in Berlin becomes 03:30+02:00).  A time in the
    repeated hour keeps its ``fold``; existing times are returned unchanged.
    """
    zone = value.tzinfo
    if not isinstance(zone, ZoneInfo):
        return value
    if value.replace(fold=1 - value.fold).utcoffset() == value.utcoffset():
        # Neither in a gap nor in a repeated hour: the common, fast case.
        return value.replace(fold=0) if value.fold else value
    again = value.astimezone(UTC).astimezone(zone)
    if again.replace(tzinfo=None) == value.replace(tzinfo=None):
        return value if again.fold == value.fold else again
    return again


def zone_name(value: tzinfo | None) -> str | None:
    """Return the IANA name of a ``ZoneInfo``, ``"UTC"`` for UTC, else None."""
    if isinstance(value, ZoneInfo):
        return value.key
    if value is UTC or value == UTC:
        return "UTC"
    return None


class FileZone(ZoneInfo):
    """A zone defined by a file's own rules, not by an IANA name.

    The importer builds one where a calendar's ``VTIMEZONE`` matches no
    IANA zone; its ``key`` is the file's ``TZID``.  It keeps its rules as
    TZif data (RFC 8536), so that documents can carry it (see
    :func:`zone_table`) and pickling rebuilds it.
    """

    tzif: bytes

    def __reduce__(self) -> tuple[object, tuple[str, bytes]]:
        """Pickle (and copy) by key and TZif data."""
        return (file_zone, (self.key, self.tzif))


#: At most this many zones of their own, and this many bytes of TZif data
#: each, are read from a document.
MAX_FILE_ZONES: Final = 16
MAX_TZIF_BYTES: Final = 65_536


def file_zone(key: str, tzif: bytes) -> FileZone:
    """Build the :class:`FileZone` called *key* from TZif data.

    Raises:
        ValueError: *tzif* is not TZif data.
    """
    if not tzif.startswith(b"TZif") or len(tzif) > MAX_TZIF_BYTES:
        raise ValueError("not TZif data")
    zone = FileZone.from_file(io.BytesIO(tzif), key=key)
    zone.tzif = tzif
    return zone


# The zones of their own that the document being read defines, by key, and
# those that the document being written uses.
_READING: ContextVar[Mapping[str, FileZone] | None] = ContextVar(
    "meetupkit_reading_zones", default=None
)
_WRITING: ContextVar[dict[str, FileZone] | None] = ContextVar(
    "meetupkit_writing_zones", default=None
)


class writing_zones:  # noqa: N801 - used as a function
    """Collect the :class:`FileZone` objects formatted inside the block.

    ``with writing_zones() as used:`` gives the dict that collects them.  A
    class rather than a generator: it runs once per document written, and
    a generator's context manager costs as much as writing a datetime.
    """

    __slots__ = ("_token", "_used")

    def __enter__(self) -> dict[str, FileZone]:
        self._used: dict[str, FileZone] = {}
        self._token = _WRITING.set(self._used)
        return self._used

    def __exit__(self, *_: object) -> None:
        _WRITING.reset(self._token)


def zone_table(used: Mapping[str, FileZone]) -> dict[str, str]:
    """The ``zones`` entry of a document: each key's TZif data in base64."""
    return {
        key: base64.b64encode(zone.tzif).decode("ascii")
        for key, zone in sorted(used.items())
    }


def read_zone_table(value: object, path: str = "zones") -> dict[str, FileZone]:
    """Read a document's ``zones`` entry, as :func:`zone_table` writes it.

    Raises:
        InvalidTypeError: it is not a mapping of names to strings.
        InvalidValueError: an entry is not base64 TZif data, or there are
            too many.
    """
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            path,
            f"expected a mapping of zone names to TZif data, got"
            f" {type(value).__name__}",
            hint="leave the key out, or write what meetupkit wrote",
        )
    if len(value) > MAX_FILE_ZONES:
        raise InvalidValueError(
            path,
            f"{len(value)} zones, at most {MAX_FILE_ZONES} are read",
            hint="use IANA zone names where they fit",
        )
    table: dict[str, FileZone] = {}
    for key, text in value.items():
        where = f"{path}.{str(key)[:60]}"
        if not isinstance(key, str) or not isinstance(text, str):
            raise InvalidTypeError(
                where,
                "expected a zone name and a base64 string",
                hint="leave the key out, or write what meetupkit wrote",
            )
        try:
            if len(text) > MAX_TZIF_BYTES * 4 // 3 + 4:
                raise ValueError("too long")  # noqa: TRY301
            table[key] = file_zone(
                key, base64.b64decode(text.encode("ascii"), validate=True)
            )
        except (ValueError, UnicodeEncodeError, binascii.Error):
            raise InvalidValueError(
                where,
                "not base64 TZif data (RFC 8536) of at most"
                f" {MAX_TZIF_BYTES} bytes",
                hint="write the zone's rules as meetupkit.to_json wrote them",
            ) from None
    return table


@contextlib.contextmanager
def reading_zones(table: Mapping[str, FileZone]) -> Iterator[None]:
    """Let :func:`load_zone` find the zones of *table* inside the block."""
    token = _READING.set(table or None)
    try:
        yield
    finally:
        _READING.reset(token)


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as an RFC 9557 string.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> format_datetime(datetime(2014, 9, 24, 19,
        ...                          tzinfo=ZoneInfo("Europe/Berlin")))
        '2014-09-24T19:00:00+02:00[Europe/Berlin]'
    """
    text = value.isoformat()
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo):
        text += f"[{zone.key}]"
        if type(zone) is FileZone:
            used = _WRITING.get()
            if used is not None:
                _note(used, zone)
    return text


def _note(used: dict[str, FileZone], zone: FileZone) -> None:
    known = used.setdefault(zone.key, zone)
    if known is not zone and known.tzif != zone.tzif:
        raise InvalidValueError(
            "zones",
            f"two different zones are both called {zone.key!r}",
            hint="convert the times of one of them to an IANA zone",
        )


_RFC9557 = re.compile(r"(?P<instant>[^\[\]]+)(?:\[(?P<zone>!?[^\[\]=]+)\])?")


def parse_datetime(text: str, path: str = "") -> datetime:
    """Parse an RFC 9557 string such as ``2014-09-24T19:00:00+02:00[Europe/Berlin]``.

    The bracketed zone name is optional (without it the result has a fixed
    offset); so is the offset when the zone name is given
    (``2014-09-24T19:00[Europe/Berlin]``, the form people type).  A local
    time without an offset is read as RFC 5545 §3.3.5 reads local times: one
    that does not exist (in a daylight-saving gap) with the offset in force
    before the gap, so it moves forward by the gap; one that exists twice
    (when clocks go back) as the first of the two.  An offset that does not
    agree with the zone at that time is an error rather than a silent
    choice.

    Raises:
        InvalidValueError: the text is not such a string.
        NaiveDatetimeError: the text has neither an offset nor a zone name.

    Examples:
        >>> parse_datetime("2014-09-24T19:00[Europe/Berlin]")
        datetime.datetime(2014, 9, 24, 19, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
        >>> parse_datetime("2025-03-30T02:30[Europe/Berlin]").isoformat()
        '2025-03-30T03:30:00+02:00'
    """
    match = _RFC9557.fullmatch(text)
    if match is None or len(text) > 80:  # noqa: PLR2004
        raise InvalidValueError(
            path,
            f"not an RFC 9557 datetime: {text[:60]!r}",
            hint="write it like 2014-09-24T19:00:00+02:00[Europe/Berlin]",
        )
    try:
        instant = datetime.fromisoformat(match["instant"])
    except ValueError:
        raise InvalidValueError(
            path,
            f"not an RFC 9557 datetime: {text[:60]!r}",
            hint="write it like 2014-09-24T19:00:00+02:00[Europe/Berlin]",
        ) from None
    if not match["zone"]:
        if instant.tzinfo is None:
            raise NaiveDatetimeError(
                path,
                f"{text[:60]!r} has no time zone",
                hint="add the zone's name, as in"
                " 2014-09-24T19:00:00[Europe/Berlin]",
            )
        if instant.utcoffset() == timedelta(0):
            return instant.replace(tzinfo=UTC)
        return instant
    zone = load_zone(match["zone"].lstrip("!"), path)
    if instant.tzinfo is None:
        return normalize(instant.replace(tzinfo=zone, fold=0))
    local = instant.astimezone(zone)
    written = instant.replace(tzinfo=zone)
    if written.utcoffset() == instant.utcoffset() and normalize(
        written
    ) != written.replace(fold=0):
        # A wall time in a daylight-saving gap, with the offset in force
        # before the gap (RFC 5545 §3.3.5): a series' nominal start.
        return written
    if local.replace(tzinfo=None) != instant.replace(tzinfo=None):
        # Suggest the forms that keep the wall-clock time that was written:
        # dropping the zone name instead would keep a fixed offset, and
        # every meeting after a daylight-saving change would move.
        wall = normalize(instant.replace(tzinfo=zone, fold=0))
        bare = instant.replace(tzinfo=None).isoformat()
        offset = f"{instant:%z}"
        raise InvalidValueError(
            path,
            f"offset {offset[:3]}:{offset[3:]} does not match {zone.key} at"
            " that time",
            hint=f"for {instant:%H:%M} local time write"
            f" {format_datetime(wall)}, or leave the offset out:"
            f" {bare}[{zone.key}]",
        )
    return local


def load_zone(name: str, path: str = "") -> ZoneInfo:
    """Return the ``ZoneInfo`` called *name* or raise a meetupkit error.

    IANA names are short (the longest has 32 characters): a name of more
    than 255 characters or 8 ``/`` segments is refused unread, so that a
    hostile name cannot make the zone lookup recurse without end.
    """
    own = _READING.get()
    if own is not None and name in own:
        return own[name]
    try:
        if len(name) > 255 or name.count("/") > 7:  # noqa: PLR2004
            raise ValueError(name[:20])  # noqa: TRY301
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, RecursionError):
        raise InvalidValueError(
            path,
            f"unknown time zone {name[:60]!r}",
            hint="use an IANA name such as Europe/Berlin",
        ) from None


_DURATION = re.compile(
    r"P(?:(?P<weeks>\d{1,7})W)?(?:(?P<days>\d{1,7})D)?"
    r"(?:T(?:(?P<hours>\d{1,7})H)?(?:(?P<minutes>\d{1,7})M)?"
    r"(?:(?P<seconds>\d{1,7})S)?)?"
)


@functools.lru_cache(maxsize=256)
def format_duration(value: timedelta) -> str:
    """Format a positive ``timedelta`` as an ISO 8601 duration.

    Cached: the meetings of a series share their duration, and a document
    of many meetings writes it for each.

    Examples:
        >>> format_duration(timedelta(hours=2))
        'PT2H'
        >>> format_duration(timedelta(days=1, minutes=30))
        'P1DT30M'
    """
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "P"
    if days:
        text += f"{days}D"
    clock = "".join(
        f"{number}{unit}"
        for number, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if number
    )
    if clock or not days:
        text += "T" + (clock or "0S")
    return text


def parse_duration(text: str, path: str = "") -> timedelta:
    """Parse an ISO 8601 duration made of weeks, days, hours, minutes, seconds.

    Years and months are refused because their length varies.

    Raises:
        InvalidValueError: the text is not such a duration.
    """
    match = _DURATION.fullmatch(text)
    if match is None or text in {"P", "PT"} or text.endswith("T"):
        raise InvalidValueError(
            path,
            f"not an ISO 8601 duration: {text[:40]!r}",
            hint="write it like PT2H or P1DT30M (no years or months)",
        )
    parts = {key: int(value or 0) for key, value in match.groupdict().items()}
    try:
        return timedelta(**parts)
    except OverflowError:
        raise InvalidValueError(
            path, f"duration too long: {text[:40]!r}", hint="shorten it"
        ) from None


#: The format of :func:`utc_stamp`, for ``%`` with the six fields of a
#: UTC datetime (``%`` is much faster than ``strftime``).
STAMP: Final = "%04d%02d%02dT%02d%02d%02dZ"


def utc_stamp(value: datetime) -> str:
    """Return *value* as a compact UTC stamp, ``20140924T170000Z``.

    The year always has four digits: ``strftime("%Y")`` drops the zeros of
    years before 1000 on some platforms, which RFC 5545 does not read.
    """
    moment = value.astimezone(UTC)
    return STAMP % (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )


def date_stamp(value: date) -> str:
    """Return *value* as a compact date, ``20140924``, with four-digit year."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def as_date(value: date | datetime) -> date:
    """Return the calendar date of *value* (its local date if a datetime)."""
    return value.date() if isinstance(value, datetime) else value
