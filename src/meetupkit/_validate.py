"""Private attrs validators and converters that raise meetupkit errors.

Each one names the field it checks, so that an error reads like
``rooms[0].capacity: must be at least 1; give the number of seats``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

import attrs

from . import _time
from .errors import (
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
    ValidationError,
)

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: Longest text meetupkit accepts in one field (1 MiB), so that no document
#: can make the library hold unbounded strings.
MAX_TEXT = 1 << 20

#: Longest URL meetupkit accepts.
MAX_URL = 2000


def article(noun: str) -> str:
    """Return *noun* with "a" or "an" before it, as English wants."""
    return f"an {noun}" if noun[:1].lower() in set("aeiou") else f"a {noun}"


def _type_error(path: str, expected: str, value: object) -> InvalidTypeError:
    return InvalidTypeError(
        path,
        f"expected {expected}, got {article(type(value).__name__)}",
        hint=f"pass {expected}",
    )


def raise_all(problems: list[MeetupkitError], subject: str) -> None:
    """Raise *problems* (if any): one as itself, several as one group."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError(problems, subject=subject)


#: Lone surrogates: no text field may hold them, as UTF-8 cannot carry them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(path: str, value: object) -> MeetupkitError | None:
    """Return what is wrong with *value* as the text of a field, or None.

    Text must be a non-blank ``str`` of at most :data:`MAX_TEXT` characters
    that every writer can write: no lone surrogates, which UTF-8 cannot
    carry.
    """
    if not isinstance(value, str):
        return _type_error(path, "a str", value)
    if len(value) > MAX_TEXT:
        return InvalidValueError(
            path, "text longer than 1 MiB", hint="shorten it"
        )
    if not value.isascii() and _SURROGATE.search(value):
        return InvalidValueError(
            path,
            "contains a lone surrogate, which is not text that UTF-8 can"
            " carry",
            hint="decode the input properly, or remove the character",
        )
    if not value or value.isspace():
        return InvalidValueError(
            path, "must not be blank", hint="give it some text"
        )
    return None


def _good_text(value: object) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_TEXT
        and not value.isspace()
        and (value.isascii() or _SURROGATE.search(value) is None)
    )


def text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a non-blank ``str`` that every writer can write."""
    if not _good_text(value):
        raise text_problem(attribute.name, value)  # type: ignore[misc]


def optional_text(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Require ``None`` or a non-blank ``str``."""
    if value is not None:
        text(instance, attribute, value)


def tuple_of(value: Any) -> Any:
    """Convert an iterable to a tuple; leave anything else for a validator.

    A converter must not raise, so that a bad value of one field does not
    hide the problems of the others: the field's validator reports it.
    """
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(
        value, Iterable
    ):
        return value
    return tuple(value)


def texts(converted: Any) -> Any:
    """Convert an iterable of texts to a tuple (checked by `text_items`)."""
    if isinstance(converted, str):
        return (converted,)
    return tuple_of(converted)


def _sequence(path: str, value: object, noun: str) -> MeetupkitError | None:
    if isinstance(value, tuple):
        return None
    return _type_error(path, f"a list of {noun}", value)


def text_items(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a tuple whose items are all non-blank ``str``."""
    if type(value) is tuple and all(map(_good_text, value)):
        return
    name = attribute.name
    problem = _sequence(name, value, "texts")
    if problem is not None:
        raise problem
    found = []
    for index, item in enumerate(value):
        if not _good_text(item):
            found.append(text_problem(f"{name}[{index}]", item))
    raise_all(found, name)  # type: ignore[arg-type]


def unique(
    _: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    """Require the items of a tuple to be distinct."""
    if len(set(value)) == len(value):
        return
    seen: set[Any] = set()
    found: list[MeetupkitError] = []
    for index, item in enumerate(value):
        if item in seen:
            found.append(
                InvalidValueError(
                    f"{attribute.name}[{index}]",
                    f"{str(item)[:60]!r} is listed twice",
                    hint="list it once",
                )
            )
        seen.add(item)
    raise_all(found, attribute.name)


def items_of(kind: type[Any], name: str) -> Validator:
    """Require a tuple whose items are all instances of *kind*."""
    plural = f"{kind.__name__} objects"

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is tuple:
            for item in value:
                if not isinstance(item, kind):
                    break
            else:
                return
        problem = _sequence(attribute.name, value, plural)
        if problem is not None:
            raise problem
        raise_all(
            [
                _type_error(f"{attribute.name}[{index}]", name, item)
                for index, item in enumerate(value)
                if not isinstance(item, kind)
            ],
            attribute.name,
        )

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


def _whole_seconds(value: datetime, path: str) -> None:
    if value.microsecond:
        raise InvalidValueError(
            path,
            f"{_time.format_datetime(value)} has a fraction of a second,"
            " which iCalendar cannot carry",
            hint="round it to whole seconds, e.g. .replace(microsecond=0)",
        )


def check_zoned(
    _: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    """Require an aware datetime in whole seconds with a supported zone.

    Fractions of a second are refused because iCalendar's DATE-TIME has
    none: a meeting must come back from a calendar as it went in.
    """
    if value is not None or attribute.default is attrs.NOTHING:
        _time.check_aware(value, attribute.name)
        _whole_seconds(value, attribute.name)


def zoned_items(value: Any) -> Any:
    """Convert an iterable of datetimes to a tuple (see `check_zoned_items`).

    Aware ones are moved out of a DST gap, as `zoned` does.
    """
    items = tuple_of(value)
    if not isinstance(items, tuple):
        return items
    return tuple(zoned(item) for item in items)


def check_zoned_items(
    _: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    """Require a tuple of aware datetimes in whole seconds."""
    name = attribute.name
    problem = _sequence(name, value, "datetimes")
    if problem is not None:
        raise problem
    found: list[MeetupkitError] = []
    for index, item in enumerate(value):
        path = f"{name}[{index}]"
        try:
            _time.check_aware(item, path)
            _whole_seconds(item, path)
        except MeetupkitError as exc:
            found.append(exc)
    raise_all(found, name)


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
    # isprintable() refuses control characters (NUL, ESC, DEL, C1) and lone
    # surrogates, which would reach iCalendar's ATTENDEE line raw.
    if (
        len(value) > 254  # noqa: PLR2004
        or not value.isprintable()
        or not _EMAIL.fullmatch(value)
    ):
        raise InvalidValueError(
            attribute.name,
            f"{value[:60]!r} does not look like an email address",
            hint="write it like name@example.org",
        )


_URL_FORBIDDEN = re.compile(r'[\s<>"]')


def check_url(path: str, value: object) -> str:
    """Return *value* if it is an absolute ``http(s)`` URL, else raise."""
    if not isinstance(value, str):
        raise _type_error(path, "a str", value)
    bad = (
        len(value) > MAX_URL
        or not value.isprintable()
        or _URL_FORBIDDEN.search(value) is not None
    )
    try:
        # Loaded here: urllib.parse (with ipaddress) is slow to import.
        from urllib.parse import urlsplit  # noqa: PLC0415

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
    """Require every item to be an absolute ``http``/``https`` URL.

    Every bad item is reported, not only the first.
    """
    found: list[MeetupkitError] = []
    for index, item in enumerate(value):
        try:
            check_url(f"{attribute.name}[{index}]", item)
        except MeetupkitError as exc:
            found.append(exc)
    raise_all(found, attribute.name)


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


def _number_text(value: float) -> str:
    if isinstance(value, int) and value.bit_length() > 64:  # noqa: PLR2004
        return "a number with more than 19 digits"
    return repr(value)


def in_range(
    low: float, high: float, *, hint: str, integer: bool = False
) -> Validator:
    """Require a number in ``[low, high]``.

    Python compares an ``int`` of any size with a ``float`` exactly, so a
    huge integer is refused as out of range rather than overflowing.
    """
    kinds: tuple[type, ...] = (int,) if integer else (int, float)
    expected = "an int" if integer else "a number"

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise _type_error(attribute.name, expected, value)
        number = cast("float", value)
        if not low <= number <= high:
            raise InvalidValueError(
                attribute.name,
                f"{_number_text(number)} is out of range",
                hint=hint,
            )

    return check


# -- every field at once ------------------------------------------------------


def _validator_source(count: int) -> str:
    lines = ["def check(instance):"]
    lines.extend(
        f"    v{index}(instance, a{index}, instance.{{{index}}})"
        for index in range(count)
    )
    if count == 0:
        lines.append("    pass")
    return "\n".join(lines)


class Together:
    """The validators of all fields of a class, run in one pass.

    Installed by `together` as the validator of a class's first field, it
    runs every field validator on the success path without collecting
    anything (one generated function, as cheap as attrs' own calls), and
    only when one fails goes through the fields again to collect every
    problem, so that one exception lists them all.  A class may define
    ``_cross_checks(self, skip)``, returning the problems between fields;
    it is called with the names of fields already found bad in *skip*, so
    that it leaves them alone.
    """

    __slots__ = ("_checks", "_fast", "_order", "_whole")

    def __init__(
        self,
        checks: list[tuple[attrs.Attribute[Any], Validator]],
        whole: Callable[[Any, frozenset[str]], list[MeetupkitError]] | None,
        field_names: list[str],
    ) -> None:
        self._checks = checks
        self._whole = whole
        self._order = {name: index for index, name in enumerate(field_names)}
        # Generated on the first check rather than here: most classes are
        # never instantiated by a given program, and `import meetupkit`
        # should not pay for compiling their checks.
        self._fast: Callable[[Any], None] = self._compile

    def _compile(self, instance: Any) -> None:
        """Generate the one-pass check, install it and run it."""
        names: dict[str, Any] = {}
        for index, (attribute, validator) in enumerate(self._checks):
            names[f"v{index}"] = validator
            names[f"a{index}"] = attribute
        source = _validator_source(len(self._checks)).format(
            *(attribute.name for attribute, _ in self._checks)
        )
        exec(compile(source, "<meetupkit checks>", "exec"), names)  # noqa: S102 - built from field names
        self._fast = names["check"]
        self._fast(instance)

    def __call__(self, instance: Any, _: object, __: object) -> None:
        """Check every field of *instance*; raise all problems at once."""
        try:
            self._fast(instance)
        except MeetupkitError:
            failed = True
        else:
            if self._whole is None:
                return
            failed = False
        # Outside the except block, so that the error raised does not carry
        # the first failure as its context.
        problems = (
            self.problems(instance, frozenset())
            if failed
            else self._whole(instance, frozenset())  # type: ignore[misc]
        )
        raise_all(problems, f"this {type(instance).__name__}")

    def problems(
        self, values: Any, skip: frozenset[str]
    ) -> list[MeetupkitError]:
        """Return every problem of the fields of *values*, in field order.

        Args:
            values: An instance, or any object with the fields as
                attributes.
            skip: Fields not to check (already known to be bad).
        """
        found: list[MeetupkitError] = []
        bad = set(skip)
        for attribute, validator in self._checks:
            name = attribute.name
            if name in skip:
                continue
            try:
                validator(values, attribute, getattr(values, name))
            except ValidationError as exc:
                found.extend(exc.problems)
                bad.add(name)
            except MeetupkitError as exc:
                found.append(exc)
                bad.add(name)
        if self._whole is not None:
            found.extend(self._whole(values, frozenset(bad)))
        return sorted(found, key=self.position)

    def position(self, problem: MeetupkitError) -> int:
        """The place of the field *problem* is about, for document order."""
        name = _FIELD.match(problem.path)
        return self._order.get(name[0] if name else "", len(self._order))


_FIELD = re.compile(r"[^.\[]*")


def together(
    cls: type[Any], fields: list[attrs.Attribute[Any]]
) -> list[attrs.Attribute[Any]]:
    """Field transformer: check all fields at once (see `Together`).

    Use as ``attrs.frozen(field_transformer=together)``.
    """
    checks = [
        (field, field.validator)
        for field in fields
        if field.validator is not None
    ]
    whole = cls.__dict__.get("_cross_checks")
    if not fields:
        return fields
    combined = Together(checks, whole, [field.name for field in fields])
    return [
        field.evolve(validator=combined if index == 0 else None)
        if index == 0 or field.validator is not None
        else field
        for index, field in enumerate(fields)
    ]


def together_of(cls: type[Any]) -> Together | None:
    """Return the `Together` validator of an attrs class, if it has one."""
    fields = attrs.fields(cls)
    first = fields[0].validator if fields else None
    return first if isinstance(first, Together) else None
