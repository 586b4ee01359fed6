"""JSON for web APIs: plain RFC 3339 datetimes, and errors as records.

meetupkit's files write a datetime as an :rfc:`9557` string that keeps the
zone name, ``2014-09-24T19:00:00+02:00[Europe/Berlin]``.  Browsers'
``Date``, Python 3.11's ``datetime.fromisoformat`` and most
JSON tools cannot read the bracketed suffix.  The *web profile* writes the
same data for them: every datetime is a plain :rfc:`3339` string (offset
only), and its zone name goes into a sibling field named after it with
``_zone`` (``_zones`` for a list of datetimes)::

    "start": "2014-09-24T19:00:00+02:00",
    "start_zone": "Europe/Berlin",

A datetime with a fixed offset and no zone name has no sibling.  A web
document carries no ``format_version``: an API states its version in its
URL, and the web profile always speaks the current format.

Reading a web document, the datetime string fixes the instant and the zone
name the wall-clock time, so what JavaScript's ``Date.toISOString()``
writes (``2014-09-24T17:00:00.000Z``) is read as 19:00 in Berlin when
``start_zone`` says ``Europe/Berlin``.  The round trip loses nothing:
``from_dict(cls, to_dict(x)) == x`` for every valid *x*.  Use
``profile="web"`` of :func:`meetupkit.to_json` and friends, or the
functions here.

:func:`error_records` turns a validation error, from meetupkit's readers
or from a cattrs converter of your own, into records for API clients.

.. versionadded:: 0.1.0

Examples:
    >>> from meetupkit import Series
    >>> from meetupkit import web
    >>> data = web.to_dict(Series.example())
    >>> data["start"], data["start_zone"]
    ('2014-09-24T19:00:00+02:00', 'Europe/Berlin')
    >>> web.from_dict(Series, data) == Series.example()
    True
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import (
    Any,
    Final,
    Literal,
    TypedDict,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

import attrs

from . import _time
from .errors import (
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
    RecurrenceError,
    ValidationError,
)
from .recurrence import Recurrence

__all__ = [
    "RFC3339_PATTERN",
    "ZONES_SUFFIX",
    "ZONE_SUFFIX",
    "ErrorRecord",
    "Profile",
    "error_records",
    "from_dict",
    "from_json",
    "json_pointer",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: The datetimes the web profile reads and writes: :rfc:`3339`
#: ``date-time`` with ``T``, whole seconds or up to six digits of a
#: fraction, and ``Z`` or an offset in hours and minutes.
RFC3339_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
)

#: The document profiles: ``"file"`` for meetup files (RFC 9557
#: datetimes, ``format_version``), ``"web"`` for web API payloads.
Profile = Literal["file", "web"]

_RFC3339: Final = re.compile(RFC3339_PATTERN)
_MINUTE_OFFSET: Final = re.compile(r"[+-][0-9]{2}:[0-9]{2}$")

#: The suffix of the field that holds the zone name of a datetime field
#: (``start_zone`` beside ``start``).
ZONE_SUFFIX: Final = "_zone"

#: The suffix of the field that holds the zone names of a list of
#: datetimes (``extra_dates_zones`` beside ``extra_dates``).
ZONES_SUFFIX: Final = "_zones"

# What a field holds, as far as the web profile cares.
_ONE: Final = "one"  # a datetime
_MANY: Final = "many"  # a tuple of datetimes
_OBJECT: Final = "object"  # a model object
_OBJECTS: Final = "objects"  # a tuple of model objects


def _is_model(kind: Any) -> bool:
    return (
        isinstance(kind, type) and attrs.has(kind) and kind is not Recurrence
    )


def _without_none(hint: Any) -> Any:
    if get_origin(hint) in {Union, types.UnionType}:
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


_plans: dict[Any, dict[str, tuple[str, Any]]] = {}


def _plan(kind: Any) -> dict[str, tuple[str, Any]]:
    """Return the fields of *kind* that hold datetimes or model objects."""
    if kind in _plans:
        return _plans[kind]
    plan: dict[str, tuple[str, Any]] = {}
    if not _is_model(kind):
        return plan
    _resolve(kind)
    for field in attrs.fields(kind):
        hint = _without_none(field.type)
        if hint is datetime:
            plan[field.name] = (_ONE, None)
        elif get_origin(hint) is tuple:
            item = get_args(hint)[0]
            if item is datetime:
                plan[field.name] = (_MANY, None)
            elif _is_model(item):
                plan[field.name] = (_OBJECTS, item)
        elif _is_model(hint):
            plan[field.name] = (_OBJECT, hint)
    _plans[kind] = plan
    return plan


def _resolve(kind: type[Any]) -> None:
    """Resolve the string type hints of a class, as a user's may have."""
    try:
        attrs.resolve_types(kind)
    except NameError as exc:
        raise TypeError(
            f"cannot resolve the type hints of {kind.__name__}: {exc}"
        ) from None


def _join(path: str, name: str) -> str:
    if not path:
        return name
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


# -- writing ----------------------------------------------------------------


def _split(text: str, path: str) -> tuple[str, str | None]:
    """Split an RFC 9557 string into an RFC 3339 string and a zone name."""
    instant, _, rest = text.partition("[")
    zone = rest[:-1] or None
    if not _MINUTE_OFFSET.search(instant):
        # Local mean time before 1900 has offsets with seconds, which
        # RFC 3339 cannot write; the instant in UTC and the zone name
        # still give back the same local time.
        if zone is None:
            raise InvalidValueError(
                path,
                f"the UTC offset of {instant} has seconds, which RFC 3339"
                " cannot write",
                hint="use a zoneinfo.ZoneInfo zone, or the file profile",
            )
        instant = datetime.fromisoformat(instant).astimezone(UTC).isoformat()
    return instant, zone


def _to_web(
    kind: type[Any], data: dict[str, Any], path: str
) -> dict[str, Any]:
    plan = _plan(kind)
    out: dict[str, Any] = {}
    for key, value in data.items():
        how, item = plan.get(key, ("", None))
        here = _join(path, key)
        if how == _ONE and isinstance(value, str):
            out[key], zone = _split(value, here)
            if zone is not None:
                out[key + ZONE_SUFFIX] = zone
        elif how == _MANY:
            pairs = [
                _split(text, f"{here}[{index}]")
                for index, text in enumerate(value)
            ]
            out[key] = [text for text, _ in pairs]
            if any(zone is not None for _, zone in pairs):
                out[key + ZONES_SUFFIX] = [zone for _, zone in pairs]
        elif how == _OBJECT and isinstance(value, dict):
            out[key] = _to_web(item, value, here)
        elif how == _OBJECTS:
            out[key] = [
                _to_web(item, element, f"{here}[{index}]")
                for index, element in enumerate(value)
            ]
        else:
            out[key] = value
    return out


def to_dict(obj: Any) -> dict[str, Any]:
    """Return *obj* as a dict of JSON types in the web profile.

    Raises:
        InvalidTypeError: *obj* is not a meetupkit model object.
        InvalidValueError: a datetime has a fixed UTC offset with seconds,
            which RFC 3339 cannot write.

    Examples:
        >>> from meetupkit import Series
        >>> data = to_dict(Series.example().meetup(1))
        >>> data["start"], data["start_zone"], "format_version" in data
        ('2014-09-24T19:00:00+02:00', 'Europe/Berlin', False)
    """
    from . import serialize  # noqa: PLC0415 - loads cattrs

    data = serialize.to_dict(obj)
    data.pop("format_version", None)
    return _to_web(type(obj), data, "")


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """Return *obj* as a JSON document in the web profile.

    The text is UTF-8 and ends in a newline, like
    :func:`meetupkit.to_json`'s.
    """
    from . import serialize  # noqa: PLC0415 - loads cattrs

    return serialize._dumps(to_dict(obj), indent)  # noqa: SLF001


# -- reading ----------------------------------------------------------------


class _Reader:
    """Turns a web document into a file document, noting its problems."""

    def __init__(self) -> None:
        self.problems: list[MeetupkitError] = []
        #: Paths whose problem is already noted; the file reader's own
        #: complaint about them is dropped.
        self.noted: set[str] = set()

    def note(self, error: MeetupkitError) -> None:
        self.problems.append(error)
        self.noted.add(error.path)

    def datetime(
        self, value: Any, zone: Any, path: str, zone_path: str
    ) -> Any:
        """Return *value* with *zone* as an RFC 9557 string, if both are good."""
        if zone is not None and not isinstance(zone, str):
            self.note(
                InvalidTypeError(
                    zone_path,
                    f"expected a string, got {_kind_of(zone)}",
                    hint="give an IANA zone name such as Europe/Berlin",
                )
            )
            zone = None
        if not isinstance(value, str):
            return value  # the file reader names the type it expected
        try:
            if not _RFC3339.fullmatch(value):
                raise ValueError  # noqa: TRY301 - reported below
            instant = _time.parse_datetime(value, path)
        except (MeetupkitError, ValueError):
            self.note(
                InvalidValueError(
                    path,
                    f"not an RFC 3339 datetime: {value[:60]!r}",
                    hint="write it like 2014-09-24T19:00:00+02:00 and put"
                    f" the zone name in {zone_path.rsplit('.', 1)[-1]}",
                )
            )
            return value
        if zone is None:
            return value
        try:
            local = instant.astimezone(_time.load_zone(zone, zone_path))
        except MeetupkitError as exc:
            self.note(exc)
            return value
        except (OverflowError, ValueError):
            self.note(
                InvalidValueError(
                    path,
                    f"{value[:40]!r} is out of range in {zone[:40]}",
                    hint="use a date between the years 1 and 9999",
                )
            )
            return value
        return _time.format_datetime(local)

    def document(
        self, kind: type[Any], data: Mapping[str, Any], path: str
    ) -> dict[str, Any]:
        out = dict(data)
        for name, (how, item) in _plan(kind).items():
            here = _join(path, name)
            if how == _ONE:
                self._one(out, name, path)
            elif how == _MANY:
                self._many(out, name, path)
            elif how == _OBJECT and isinstance(out.get(name), Mapping):
                out[name] = self.document(item, out[name], here)
            elif how == _OBJECTS and isinstance(out.get(name), list):
                out[name] = [
                    self.document(item, element, f"{here}[{index}]")
                    if isinstance(element, Mapping)
                    else element
                    for index, element in enumerate(out[name])
                ]
        return out

    def _one(self, out: dict[str, Any], name: str, path: str) -> None:
        key = name + ZONE_SUFFIX
        here, zone_path = _join(path, name), _join(path, key)
        has_zone = key in out
        zone = out.pop(key, None)
        if name in out:
            out[name] = self.datetime(out[name], zone, here, zone_path)
        elif has_zone:
            self.note(
                InvalidValueError(
                    zone_path,
                    f"there is no {name} for this zone",
                    hint=f"add {name} or remove {key}",
                )
            )

    def _many(self, out: dict[str, Any], name: str, path: str) -> None:
        key = name + ZONES_SUFFIX
        here, zone_path = _join(path, name), _join(path, key)
        has_zones = key in out
        zones = out.pop(key, None)
        values = out.get(name)
        if zones is not None and not isinstance(zones, list):
            self.note(
                InvalidTypeError(
                    zone_path,
                    f"expected an array, got {_kind_of(zones)}",
                    hint=f"give one zone name (or null) per item of {name}",
                )
            )
            zones = None
        if values is None:
            if has_zones:
                self.note(
                    InvalidValueError(
                        zone_path,
                        f"there is no {name} for these zones",
                        hint=f"add {name} or remove {key}",
                    )
                )
            return
        if not isinstance(values, list):
            return  # the file reader names the type it expected
        if zones is not None and len(zones) != len(values):
            self.note(
                InvalidValueError(
                    zone_path,
                    f"{len(zones)} zones for {len(values)} datetimes",
                    hint=f"give one zone name (or null) per item of {name}",
                )
            )
            zones = None
        out[name] = [
            self.datetime(
                value,
                None if zones is None else zones[index],
                f"{here}[{index}]",
                f"{zone_path}[{index}]",
            )
            for index, value in enumerate(values)
        ]


def _kind_of(value: object) -> str:
    from .serialize import _kind_of as kind_of  # noqa: PLC0415

    return kind_of(value)


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build a *cls* from a web-profile document.

    Datetimes must be RFC 3339 strings; a ``<field>_zone`` sibling names
    the zone in which the instant is kept (any offset, ``Z`` included, is
    converted to it).  Everything else is read and checked as
    :func:`meetupkit.from_dict` does; ``format_version`` and ``$schema``
    are refused, since web documents are always of the current format.

    Args:
        cls: The model class to build, such as :class:`~meetupkit.Series`.
        data: The web-profile document: a mapping of JSON types.

    Returns:
        A new, valid instance of *cls*.

    Raises:
        ValidationError: the document is not a valid *cls*; it lists
            every problem with its path.

    Examples:
        >>> from meetupkit import TopicWish
        >>> wish = from_dict(TopicWish, {
        ...     "title": "Social Media und Recht",
        ...     "status": "planned",
        ...     "planned_for": "2014-11-19T18:00:00.000Z",
        ...     "planned_for_zone": "Europe/Berlin",
        ... })
        >>> print(wish.planned_for, wish.planned_for.tzinfo)
        2014-11-19 19:00:00+01:00 Europe/Berlin
    """
    from . import serialize  # noqa: PLC0415 - loads cattrs

    if not isinstance(data, Mapping):
        return serialize.from_dict(cls, data)  # it says what is wrong
    reader = _Reader()
    for key in ("format_version", "$schema"):
        if key in data:
            reader.note(
                InvalidValueError(
                    key,
                    "unknown key",
                    hint="remove it: web documents are always of the"
                    " current format",
                )
            )
    body = {
        key: value
        for key, value in data.items()
        if key not in {"format_version", "$schema"}
    }
    zones: dict[str, _time.FileZone] = {}
    if "zones" in body:
        # Zones of a calendar file's own rules, as serialize writes them.
        try:
            zones = _time.read_zone_table(body["zones"])
        except MeetupkitError as exc:
            reader.note(exc)
    with _time.reading_zones(zones):
        document = reader.document(
            cls, {k: v for k, v in body.items() if k != "zones"}, ""
        )
    if "zones" in body:
        document["zones"] = body["zones"]
    document["format_version"] = serialize.FORMAT_VERSION
    try:
        result = serialize.from_dict(cls, document)
    except ValidationError as exc:
        rest = [p for p in exc.problems if p.path not in reader.noted]
        raise ValidationError(reader.problems + rest) from None
    if reader.problems:
        raise ValidationError(reader.problems)
    return result


def from_json(cls: type[T], text: str | bytes) -> T:
    """Build a *cls* from a JSON document in the web profile.

    Args:
        cls: The model class to build, such as :class:`~meetupkit.Series`.
        text: The JSON document, as text or as UTF-8 bytes.

    Returns:
        A new, valid instance of *cls*.

    Raises:
        ValidationError: the text is not JSON, or not a valid *cls*.
    """
    from . import serialize  # noqa: PLC0415 - loads cattrs

    return serialize.from_json(cls, text, profile="web")


# -- errors -----------------------------------------------------------------


class ErrorRecord(TypedDict):
    """One problem of a document, for an API client.

    Attributes:
        path: A JSON pointer (:rfc:`6901`) to the field, such as
            ``/venue/rooms/0/capacity``; ``""`` for the whole document.
        message: What is wrong, in a few words.
        hint: How to fix it, such as ``did you mean 'title'?``; may be
            ``""``.
    """

    path: str
    message: str
    hint: str


_PART: Final = re.compile(r"\[(\d+)\]|([^.\[]+)")
_RULE_PART: Final = re.compile(r"[A-Z][A-Z-]*")


def json_pointer(path: str) -> str:
    """Return the JSON pointer of a meetupkit error path.

    Examples:
        >>> json_pointer("venue.rooms[0].capacity")
        '/venue/rooms/0/capacity'
        >>> json_pointer("")
        ''
    """
    parts = [
        index or name.replace("~", "~0").replace("/", "~1")
        for index, name in _PART.findall(path)
    ]
    return "".join(f"/{part}" for part in parts)


def _record(problem: MeetupkitError) -> ErrorRecord:
    path, message = problem.path, problem.problem
    if isinstance(problem, RecurrenceError):
        # The rule is one string: point at it and name the part in words.
        head, dot, part = path.rpartition(".")
        if _RULE_PART.fullmatch(part):
            path = head if dot else ""
            message = f"{part}: {message}"
    return {
        "path": json_pointer(path),
        "message": message,
        "hint": problem.hint,
    }


def error_records(exc: BaseException) -> list[ErrorRecord]:
    """Return one ``{path, message, hint}`` record per problem of *exc*.

    This is the way to report a bad document to an API client, whichever
    converter read it: *exc* may be the
    :class:`~meetupkit.errors.ValidationError` of
    :func:`meetupkit.from_dict` and :func:`meetupkit.from_json` (either
    profile), any other meetupkit error, or what a cattrs converter of your
    own, set up with :func:`meetupkit.serialize.configure_converter`,
    raises from ``structure`` (a ``ClassValidationError`` and friends;
    keep cattrs' ``detailed_validation`` on, its default, so that the
    errors know their fields).  Paths point at the field itself, a missing
    field included, and unknown keys keep their "did you mean" hint.

    Raises:
        TypeError: *exc* is not a validation error of meetupkit or cattrs;
            re-raise it instead.

    Examples:
        >>> from meetupkit import Room, ValidationError, from_dict
        >>> try:
        ...     from_dict(Room, {"format_version": 1, "name": "Adelheid",
        ...                      "capacity": "zwölf", "flor": "2. OG"})
        ... except ValidationError as exc:
        ...     for record in error_records(exc):
        ...         print(record)
        {'path': '/capacity', 'message': 'expected an integer, got a string', 'hint': ''}
        {'path': '/flor', 'message': 'unknown key', 'hint': "did you mean 'floor'?"}
    """
    from cattrs.errors import (  # noqa: PLC0415 - cattrs loads on use
        BaseValidationError,
        ForbiddenExtraKeysError,
    )

    if isinstance(exc, ValidationError):
        problems: list[MeetupkitError] = []
        for problem in exc.problems:
            if isinstance(problem, ValidationError):
                problems.extend(p.at(problem.path) for p in problem.problems)
            else:
                problems.append(problem)
    elif isinstance(exc, MeetupkitError):
        problems = [exc]
    elif isinstance(exc, BaseValidationError | ForbiddenExtraKeysError):
        from .serialize import _problems  # noqa: PLC0415

        problems = _problems(exc, "")
    else:
        raise TypeError(
            f"{type(exc).__name__} is not a validation error of meetupkit"
            " or cattrs; re-raise it"
        )
    return [_record(problem) for problem in problems]
