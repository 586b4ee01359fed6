"""Private attrs validators and converters that raise meetupkit errors.

Each one names the field it checks, so that an error reads like
``rooms[0].capacity: must be at least 1; give the number of seats``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import attrs

from . import _time
from .errors import InvalidTypeError, InvalidValueError

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: Longest text meetupkit accepts in one field (1 MiB), so that no document
#: can make the library hold unbounded strings.
MAX_TEXT = 1 << 20

#: Longest URL meetupkit accepts.
MAX_URL = 2000


def _type_error(path: str, expected: str, value: object) -> InvalidTypeError:
    return InvalidTypeError(
        path,
        f"expected {expected}, got {type(value).__name__}",
        hint=f"pass {expected}",
    )


def text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a non-blank ``str``."""
    if not isinstance(value, str):
        raise _type_error(attribute.name, "a str", value)
    if not value.strip():
        raise InvalidValueError(
            attribute.name, "must not be blank", hint="give it some text"
        )
    if len(value) > MAX_TEXT:
        raise InvalidValueError(
            attribute.name, "text longer than 1 MiB", hint="shorten it"
        )


def optional_text(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Require ``None`` or a non-blank ``str``."""
    if value is not None:
        text(instance, attribute, value)


def texts(converted: Iterable[str]) -> tuple[str, ...]:
    """Convert an iterable of texts to a tuple (checked by `text_items`)."""
    if isinstance(converted, str):
        return (converted,)
    return tuple(converted)


def text_items(
    _: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    """Require every item to be a non-blank ``str``."""
    for index, item in enumerate(value):
        path = f"{attribute.name}[{index}]"
        if not isinstance(item, str):
            raise _type_error(path, "a str", item)
        if not item.strip():
            raise InvalidValueError(
                path, "must not be blank", hint="remove it or give it text"
            )
        if len(item) > MAX_TEXT:
            raise InvalidValueError(
                path, "text longer than 1 MiB", hint="shorten it"
            )


def unique(
    _: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    """Require the items of a tuple to be distinct."""
    seen: set[Any] = set()
    for index, item in enumerate(value):
        if item in seen:
            raise InvalidValueError(
                f"{attribute.name}[{index}]",
                f"{str(item)[:60]!r} is listed twice",
                hint="list it once",
            )
        seen.add(item)


def items_of(kind: type[Any], name: str) -> Validator:
    """Require every item of a tuple to be an instance of *kind*."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                raise _type_error(f"{attribute.name}[{index}]", name, item)

    return check


def instance_of(
    kind: type[Any] | tuple[type[Any], ...], name: str
) -> Validator:
    """Require an instance of *kind* (``None`` passes if *kind* allows it)."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind) or (
            isinstance(value, bool) and kind is not bool
        ):
            raise _type_error(attribute.name, name, value)

    return check


def aware(value: datetime, path: str = "datetime") -> datetime:
    """Check a datetime is aware, and move it out of a DST gap."""
    return _time.normalize(_time.check_aware(value, path))


def zoned(value: datetime) -> datetime:
    """Convert: move an aware datetime out of a DST gap (checked later)."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return _time.normalize(value)
    return value


def optional_zoned(value: datetime | None) -> datetime | None:
    """Like `zoned`, letting ``None`` through."""
    return None if value is None else zoned(value)


def check_zoned(
    _: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    """Require an aware datetime with a supported zone."""
    if value is not None or attribute.default is attrs.NOTHING:
        _time.check_aware(value, attribute.name)


def aware_items(value: Iterable[datetime]) -> tuple[datetime, ...]:
    """Convert an iterable of aware datetimes to a normalized tuple."""
    result = []
    for index, item in enumerate(value):
        result.append(aware(item, f"[{index}]"))
    return tuple(result)


def coerce(kind: type[E], value: object) -> E:
    """Convert *value* to the enum *kind* if it names a member.

    An unknown value is passed on unchanged for `member_of` to report with
    the field's name.
    """
    try:
        return kind(value)
    except ValueError:
        return value  # type: ignore[return-value]


def member_of(kind: type[enum.Enum]) -> Validator:
    """Require a member of the enum *kind*."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and attribute.default is None:
            return
        if not isinstance(value, kind):
            choices = ", ".join(str(member.value) for member in kind)
            raise InvalidValueError(
                attribute.name,
                f"{str(value)[:40]!r} is not a valid {kind.__name__}",
                hint=f"use one of {choices}",
            )

    return check


def positive_duration(
    _: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Require a ``timedelta`` longer than zero and shorter than a year."""
    if value is None:
        return
    if not isinstance(value, timedelta):
        raise _type_error(attribute.name, "a datetime.timedelta", value)
    if value <= timedelta(0):
        raise InvalidValueError(
            attribute.name,
            "must be longer than zero",
            hint="give how long it lasts, e.g. timedelta(hours=2)",
        )
    if value > timedelta(days=366):
        raise InvalidValueError(
            attribute.name,
            "must be shorter than a year",
            hint="split it into several meetups",
        )
    if value.microseconds:
        raise InvalidValueError(
            attribute.name,
            "has a fraction of a second",
            hint="round it to whole seconds",
        )


_EMAIL = re.compile(
    r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+"
)


def email(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require ``None`` or something that looks like an email address."""
    if value is None:
        return
    if not isinstance(value, str):
        raise _type_error(attribute.name, "a str", value)
    if len(value) > 254 or not _EMAIL.fullmatch(value):  # noqa: PLR2004
        raise InvalidValueError(
            attribute.name,
            f"{value[:60]!r} does not look like an email address",
            hint="write it like name@example.org",
        )


def check_url(path: str, value: object) -> str:
    """Return *value* if it is an absolute ``http(s)`` URL, else raise."""
    if not isinstance(value, str):
        raise _type_error(path, "a str", value)
    bad = len(value) > MAX_URL or any(
        ch.isspace() or not ch.isprintable() or ch in '<>"' for ch in value
    )
    try:
        parts = urlsplit(value)
    except ValueError:
        bad = True
    else:
        bad = bad or parts.scheme.lower() not in {"http", "https"}
        bad = bad or not parts.hostname
    if bad:
        raise InvalidValueError(
            path,
            f"{value[:60]!r} is not an http or https URL",
            hint="write a full link like https://example.org/",
        )
    return value


def url(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require ``None`` or an absolute ``http``/``https`` URL."""
    if value is not None:
        check_url(attribute.name, value)


def url_items(
    _: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    """Require every item to be an absolute ``http``/``https`` URL."""
    for index, item in enumerate(value):
        check_url(f"{attribute.name}[{index}]", item)


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def language(
    _: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Require ``None`` or a BCP 47 language tag such as ``de`` or ``en-GB``."""
    if value is None:
        return
    if not isinstance(value, str):
        raise _type_error(attribute.name, "a str", value)
    if len(value) > 35 or not _LANGUAGE.fullmatch(value):  # noqa: PLR2004
        raise InvalidValueError(
            attribute.name,
            f"{value[:40]!r} is not a language tag",
            hint="use a BCP 47 tag such as de or en-GB",
        )


def in_range(
    low: float, high: float, *, hint: str, integer: bool = False
) -> Validator:
    """Require a number in ``[low, high]``."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        kinds: tuple[type, ...] = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise _type_error(
                attribute.name, "an int" if integer else "a number", value
            )
        number = float(value)  # type: ignore[arg-type]
        if not low <= number <= high:
            raise InvalidValueError(
                attribute.name, f"{value} is out of range", hint=hint
            )

    return check
