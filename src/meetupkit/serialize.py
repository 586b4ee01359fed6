"""Lossless JSON, TOML and dict documents, built on one cattrs converter.

Datetimes are RFC 9557 strings that keep the zone name
(``2014-09-24T19:00:00+02:00[Europe/Berlin]``), durations ISO 8601
(``PT2H``), recurrence rules their RRULE text, enums their value.  Fields
that hold their default are left out.  Every document records
:data:`FORMAT_VERSION` under ``format_version``; an older document is
migrated on reading, a newer one is refused.

Reading checks everything: a missing field, an unknown key, a value of the
wrong type or out of range all end up in one
:class:`~meetupkit.errors.ValidationError` that lists every problem with its
path.

Examples:
    >>> from meetupkit import Series, from_json, to_json
    >>> somewi = Series.example()
    >>> text = to_json(somewi)
    >>> for line in text.splitlines()[:5]:
    ...     print(line)
    {
      "format_version": 2,
      "title": "#SoMeWI Stammtisch",
      "start": "2014-09-24T19:00:00+02:00[Europe/Berlin]",
      "duration": "PT2H",
    >>> from_json(Series, text) == somewi
    True
"""

from __future__ import annotations

import difflib
import enum
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from types import UnionType
from typing import (
    Any,
    Final,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
)

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn

from . import _format2, _time, model
from . import _validate as v
from .errors import (
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
    NaiveDatetimeError,
    ValidationError,
)
from .recurrence import Recurrence
from .web import Profile

__all__ = [
    "FORMAT_VERSION",
    "LOCATE_MAX_CHARS",
    "MAX_DOCUMENT_BYTES",
    "MAX_TOML_ITEMS",
    "MAX_TOML_KEY_PARTS",
    "MIGRATIONS",
    "configure_converter",
    "converter",
    "from_dict",
    "from_json",
    "from_toml",
    "make_converter",
    "to_dict",
    "to_json",
    "to_toml",
    "toml_problem",
    "update_toml",
]

T = TypeVar("T")

#: The version of the document format that this meetupkit writes.  Format 2
#: names a room by its name (``room = "Adelheid"``) where format 1 repeated
#: the venue's room table.
FORMAT_VERSION: Final = 2

#: The largest JSON or TOML text :func:`from_json` and :func:`from_toml`
#: read (16 MiB); larger input is refused before it is parsed.
MAX_DOCUMENT_BYTES: Final = 16 * 1024 * 1024

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: Functions that lift a document from format version *n* (the key) to
#: *n* + 1.
#:
#: :meta hide-value:
MIGRATIONS: Final[Mapping[int, Migration]] = {1: _format2.migrate_1_to_2}


# -- the converter ----------------------------------------------------------


def _strict(kind: type[Any], name: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise InvalidTypeError("", f"expected {name}, got a boolean")
        if kind is float and isinstance(value, int):
            return float(value)
        if not isinstance(value, kind):
            raise InvalidTypeError(
                "", f"expected {name}, got {_kind_of(value)}"
            )
        return value

    return structure


def _kind_of(value: object) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("", f"expected a string, got {_kind_of(value)}")
    return value


def _structure_datetime(value: Any, _: Any) -> datetime:
    if isinstance(value, datetime):  # a TOML date-time
        if value.tzinfo is None:
            raise NaiveDatetimeError(
                "",
                "a local date-time, but the document names no time zone",
                hint=f'add {_format2.ZONE_KEY} = "Europe/Berlin" at the top,'
                " or write the start with its zone",
            )
        return value
    return _time.parse_datetime(_text(value))


def _structure_date(value: Any, _: Any) -> date:
    if isinstance(value, datetime):
        raise InvalidTypeError(
            "", "expected a date, got a date-time", hint="leave out the time"
        )
    if isinstance(value, date):  # a TOML date
        return value
    text = _text(value)
    try:
        if len(text) != 10:  # noqa: PLR2004
            raise ValueError  # noqa: TRY301
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(
            "", f"not a date: {text[:40]!r}", hint="write it like 2014-09-24"
        ) from None


def _structure_duration(value: Any, _: Any) -> timedelta:
    return _time.parse_duration(_text(value))


def _structure_recurrence(value: Any, _: Any) -> Recurrence:
    return Recurrence.parse(_text(value))


def _is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


def _tuple_hook(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(kind: Any) -> Callable[[Any, Any], Any]:
        item = get_args(kind)[0]

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise InvalidTypeError(
                    "", f"expected an array, got {_kind_of(value)}"
                )
            result = []
            errors = []
            for index, element in enumerate(value):
                try:
                    result.append(converter.structure(element, item))
                except Exception as exc:  # noqa: BLE001 - collected
                    exc.add_note(
                        IterableValidationNote(
                            f"Structuring {kind} @ index {index}", index, item
                        )
                    )
                    errors.append(exc)
            if errors:
                raise IterableValidationError(
                    f"While structuring {kind}", errors, kind
                )
            return tuple(result)

        return structure

    return factory


def _class_hook(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(kind: type[Any]) -> Callable[[Any, Any], Any]:
        inner = make_dict_structure_fn(kind, converter)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, Mapping):
                raise InvalidTypeError(
                    "", f"expected an object, got {_kind_of(value)}"
                )
            try:
                return inner(value, kind)
            except ClassValidationError as exc:
                raise _with_own_checks(converter, kind, value, exc) from None

        return structure

    return factory


def _field_failed(exc: BaseException) -> str | None:
    """The field whose reading raised *exc*, or None if not a field's."""
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return note.name
    return None


def _with_own_checks(
    converter: cattrs.Converter,
    kind: type[Any],
    data: Mapping[str, Any],
    exc: ClassValidationError,
) -> ClassValidationError:
    """Add the checks of *kind* on the fields that could be read to *exc*.

    When one field of an object cannot be read (a nested object with a
    problem, an unknown key), the object is never built, so its own
    validators never run.  Run them on every field that was read, so that
    one round of fixing a hand-edited file finds every problem.
    """
    together = v.together_of(kind)
    failed = [_field_failed(inner) for inner in exc.exceptions]
    built = all(
        name is None and not isinstance(inner, ForbiddenExtraKeysError)
        for name, inner in zip(failed, exc.exceptions, strict=True)
    )
    if together is None or built:
        # No checks to add, or the object was built and its constructor
        # has reported every problem.
        return exc
    skip = {name for name in failed if name is not None}
    partial = object.__new__(kind)
    for field in attrs.fields(kind):
        name = field.name
        if name in skip:
            continue
        if field.alias in data:
            try:
                value = converter.structure(data[field.alias], field.type)
            except Exception:  # noqa: BLE001 - reported by cattrs already
                skip.add(name)
                continue
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            if field.default.takes_self:
                skip.add(name)  # derived from other fields: nothing to check
                continue
            value = field.default.factory()
        elif field.default is attrs.NOTHING:
            skip.add(name)
            continue
        else:
            value = field.default
        if field.converter is not None:
            convert = getattr(field.converter, "converter", field.converter)
            value = convert(value)
        object.__setattr__(partial, name, value)
    extra = together.problems(partial, frozenset(skip))
    if not extra:
        return exc
    order = {
        field.name: index for index, field in enumerate(attrs.fields(kind))
    }

    def position(item: tuple[str | None, BaseException]) -> int:
        name, problem = item
        if name is None and isinstance(problem, MeetupkitError):
            return together.position(problem)
        return order.get(name or "", len(order))

    found = sorted(
        [
            *zip(failed, exc.exceptions, strict=True),
            *((None, problem) for problem in extra),
        ],
        key=position,
    )
    return ClassValidationError(
        exc.message, [problem for _, problem in found], kind
    )


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach *converter* meetupkit's types and its strict reading.

    Use this to plug meetupkit's hooks into a converter of your own; the
    converter should be made with ``forbid_extra_keys=True`` (and
    ``omit_if_default=True`` to write documents like meetupkit's).

    Args:
        converter: A :class:`cattrs.Converter`; its hooks for meetupkit's
            classes, datetimes, durations and recurrence rules are
            registered in place.

    Examples:
        >>> import cattrs
        >>> from datetime import timedelta
        >>> mine = cattrs.Converter()
        >>> configure_converter(mine)
        >>> mine.unstructure(timedelta(hours=2))
        'PT2H'
    """
    converter.register_unstructure_hook(datetime, _time.format_datetime)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(timedelta, _time.format_duration)
    converter.register_unstructure_hook(Recurrence, str)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(timedelta, _structure_duration)
    converter.register_structure_hook(Recurrence, _structure_recurrence)
    for kind, name in (
        (str, "a string"),
        (int, "an integer"),
        (float, "a number"),
        (bool, "true or false"),
    ):
        converter.register_structure_hook(kind, _strict(kind, name))
    converter.register_structure_hook_factory(
        _is_tuple, _tuple_hook(converter)
    )
    converter.register_structure_hook_factory(
        attrs.has, _class_hook(converter)
    )
    converter.register_unstructure_hook_factory(
        _is_tuple,
        lambda kind: _list_unstructure(converter, get_args(kind)[0]),
    )


def _list_unstructure(
    converter: cattrs.Converter, item: Any
) -> Callable[[Any], list[Any]]:
    hook = converter.get_unstructure_hook(item)
    return lambda value: [hook(element) for element in value]


def make_converter() -> cattrs.Converter:
    """Return a new converter configured the way meetupkit's own is.

    It omits default values when writing and refuses unknown keys when
    reading.
    """
    made = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    configure_converter(made)
    return made


#: meetupkit's own converter, used by the functions of this module.
#:
#: :meta hide-value:
converter: Final = make_converter()


# -- the fast path for writing ------------------------------------------------
#
# cattrs' generated functions dispatch every optional field at run time and
# build factory defaults (a fresh Consent per participant) for each
# comparison.  These functions do the same work with the leaf hooks of
# `converter`, but inline plain values and compare with defaults computed
# once; `to_dict` checks them against the converter in the test suite.
#
# `to_json` uses a second set, made for the JSON encoders only: tuples of
# plain values stay tuples (json and orjson write them as arrays), which
# saves a list per tuple.  The test suite proves both give the converter's
# bytes.

_PLAIN: Final = (str, int, float, bool, type(None))
_fast_hooks: dict[tuple[Any, bool], Callable[[Any], Any] | None] = {}


def _plain(kind: Any) -> bool:
    if kind in _PLAIN:
        return True
    args = get_args(kind)
    return (
        get_origin(kind) in {UnionType, Union}
        and bool(args)
        and all(arg in _PLAIN for arg in args)
    )


def _optional_inner(kind: Any) -> Any:
    """Return X of ``X | None``; None if *kind* is no such union."""
    args = get_args(kind)
    if (
        get_origin(kind) in {UnionType, Union}
        and len(args) == 2  # noqa: PLR2004
        and type(None) in args
    ):
        return next(a for a in args if a is not type(None))
    return None


def _fast_hook(
    kind: Any, *, for_json: bool = False
) -> Callable[[Any], Any] | None:
    """Return a function that unstructures *kind*; None means as it is."""
    key = (kind, for_json)
    if key in _fast_hooks:
        return _fast_hooks[key]
    hook: Callable[[Any], Any] | None
    args = get_args(kind)
    inner = _optional_inner(kind)
    if kind is float or kind == float | None:
        hook = _float if kind is float else _optional(_float)
    elif _plain(kind):
        hook = None
    elif get_origin(kind) is tuple and len(args) == 2 and args[1] is ...:  # noqa: PLR2004
        item = _fast_hook(args[0], for_json=for_json)
        if item is not None:
            hook = _list_of(item)
        elif for_json:  # json and orjson write a tuple as an array
            hook = None
        else:
            hook = list
    elif inner is not None:
        inner_hook = _fast_hook(inner, for_json=for_json)
        hook = None if inner_hook is None else _optional(inner_hook)
    elif isinstance(kind, type) and attrs.has(kind) and kind is not Recurrence:
        _fast_hooks[key] = None  # a recursive class falls back below
        hook = _class_unstructure(kind, for_json=for_json)
    else:
        hook = converter.get_unstructure_hook(kind)
        if hook is identity:
            hook = None
    _fast_hooks[key] = hook
    return hook


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    return lambda value: [item(element) for element in value]


def _optional(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else inner(value)


def _class_unstructure(
    kind: type[Any], *, for_json: bool = False
) -> Callable[[Any], dict[str, Any]]:
    names: dict[str, Any] = {}
    required: list[str] = []
    lines: list[str] = []
    # Required fields first, then the others, in the order cattrs uses.
    fields = sorted(
        attrs.fields(kind), key=lambda f: f.default is not attrs.NOTHING
    )
    for field in fields:
        name = field.name
        hook = _fast_hook(field.type, for_json=for_json)
        value = f"instance.{name}"
        if hook is not None:
            names[f"_h_{name}"] = hook
            value = f"_h_{name}({value})"
        default = field.default
        if default is attrs.NOTHING:
            required.append(f"{name!r}: {value}")
            continue
        inner = _optional_inner(field.type)
        if default is None and inner is not None:
            # `is not None` is what `!= None` means for the model's values,
            # without a rich comparison; the inner hook skips the None test.
            inner_hook = _fast_hook(inner, for_json=for_json)
            lines.append(f"  v = instance.{name}")
            lines.append("  if v is not None:")
            if inner_hook is None:
                lines.append(f"    res[{name!r}] = v")
            else:
                names[f"_i_{name}"] = inner_hook
                lines.append(f"    res[{name!r}] = _i_{name}(v)")
            continue
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                names[f"_d_{name}"] = default.factory
                compare = f"_d_{name}(instance)"
            else:
                made = default.factory()
                if (
                    hook is not None
                    and attrs.has(type(made))
                    and type(made) is field.type
                ):
                    # Compare the written form with the default's: equal
                    # documents mean equal objects (documents round-trip),
                    # and a dict comparison runs in C where attrs' __ne__
                    # is two Python calls per participant.
                    names[f"_u_{name}"] = hook(made)
                    lines.append(f"  u = _h_{name}(instance.{name})")
                    lines.append(f"  if u != _u_{name}:")
                    lines.append(f"    res[{name!r}] = u")
                    continue
                names[f"_d_{name}"] = made
                compare = f"_d_{name}"
        else:
            names[f"_d_{name}"] = default
            compare = f"_d_{name}"
            if isinstance(default, enum.Enum) and field.type is type(default):
                # The field holds a member (its converter and validator see
                # to it), and members are singletons: `is not` says `!=`
                # without a rich comparison.
                lines.append(f"  if instance.{name} is not {compare}:")
                lines.append(f"    res[{name!r}] = {value}")
                continue
        lines.append(f"  if instance.{name} != {compare}:")
        lines.append(f"    res[{name!r}] = {value}")
    function = f"unstructure_{kind.__name__}"
    source = "\n".join(
        [
            f"def {function}(instance):",
            f"  res = {{{', '.join(required)}}}",
            *lines,
            "  return res",
        ]
    )
    label = "json" if for_json else "dict"
    code = compile(source, f"<meetupkit {label} {kind.__name__}>", "exec")
    exec(code, names)  # noqa: S102 - source built above from field names
    return names[function]  # type: ignore[no-any-return]


# -- errors -----------------------------------------------------------------


def _join(path: str, name: str) -> str:
    if not path:
        return name
    if not name:
        return path
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


#: How many unknown keys of one object get a "did you mean" suggestion.
_MAX_SUGGESTIONS: Final = 100

#: How many unknown keys of one object are listed one by one; the rest
#: are counted in one more problem, so that refusing a document with a
#: million stray keys takes no longer than reading it.
_MAX_UNKNOWN: Final = 1000


def _key_text(key: object) -> str:
    """A key as it can be shown: shortened, and escaped unless printable."""
    text = str(key)[:60]
    return text if text.isprintable() else ascii(text)


def _problems(exc: BaseException, path: str) -> list[MeetupkitError]:
    for note in getattr(exc, "__notes__", ()):
        name = getattr(note, "name", None)
        index = getattr(note, "index", None)
        if isinstance(name, str):
            path = _join(path, name)
        elif isinstance(index, int):
            path = _join(path, f"[{index}]")
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = (
            [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        )
        found: list[MeetupkitError] = []
        extra = sorted(exc.extra_fields, key=str)
        for rank, key in enumerate(extra[:_MAX_UNKNOWN]):
            # Suggestions cost a string comparison per field; a document
            # with a million stray keys must not take minutes to refuse.
            close = (
                difflib.get_close_matches(str(key), fields, n=1, cutoff=0.75)
                if rank < _MAX_SUGGESTIONS
                else []
            )
            hint = f"did you mean {close[0]!r}?" if close else "remove it"
            found.append(
                InvalidValueError(
                    _join(path, _key_text(key)), "unknown key", hint=hint
                )
            )
        if len(extra) > _MAX_UNKNOWN:
            found.append(
                InvalidValueError(
                    path,
                    f"{len(extra) - _MAX_UNKNOWN} more unknown keys",
                    hint="remove them",
                )
            )
        return found
    if isinstance(exc, ValidationError):
        return [problem.at(path) for problem in exc.problems]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        result: list[MeetupkitError] = []
        for inner in exc.exceptions:
            result.extend(_problems(inner, path))
        return result
    if isinstance(exc, MeetupkitError):
        return [exc.at(path) if path or exc.path else exc]
    if isinstance(exc, KeyError):
        return [
            InvalidValueError(
                path, "missing", hint="this field is required; add it"
            )
        ]
    return [
        InvalidValueError(
            path, f"cannot be read: {str(exc)[:80]}", hint="check its type"
        )
    ]


def _fail(problems: list[MeetupkitError]) -> ValidationError:
    return ValidationError(problems)


def _profile(profile: object) -> str:
    if profile not in {"file", "web"}:
        raise InvalidValueError(
            "profile",
            f"{str(profile)[:20]!r} is not a document profile",
            hint="use 'file' or 'web'",
        )
    return str(profile)


# -- dicts ------------------------------------------------------------------


#: The classes whose objects are documents: those of `meetupkit.model`.
_MODELS: Final = tuple(
    kind
    for kind in (getattr(model, name) for name in model.__all__)
    if attrs.has(kind)
)
_MODEL_NAMES: Final = "a Series, a Meetup, a Venue or another model object"


def _what(obj: object) -> str:
    if isinstance(obj, type):
        return f"the class {obj.__name__}"
    return v.article(type(obj).__name__)


def _check_model_class(cls: object, reader: str) -> None:
    if not (isinstance(cls, type) and issubclass(cls, _MODELS)):
        problem = (
            f"{reader} cannot read a document as {cls.__name__}"
            if isinstance(cls, type)
            else f"expected a model class, got {_what(cls)}"
        )
        raise InvalidTypeError(
            "cls",
            problem,
            hint="pass a meetupkit model class such as meetupkit.Series or"
            " meetupkit.Meetup",
        )


def to_dict(obj: Any, *, profile: Profile = "file") -> dict[str, Any]:
    """Return *obj* as a plain dict of JSON types, with its format version.

    With ``profile="web"`` it is a web API payload instead: RFC 3339
    datetimes with their zone names beside them and no format version
    (see :mod:`meetupkit.web`).

    Only meetupkit model objects (a :class:`~meetupkit.Series`, a
    :class:`~meetupkit.Meetup`, a :class:`~meetupkit.Venue`, …) are
    documents; :func:`to_json` and :func:`to_toml` take the same.

    Raises:
        InvalidTypeError: *obj* is not a meetupkit model object.

    Examples:
        >>> from datetime import timedelta
        >>> from meetupkit import Room
        >>> to_dict(Room(name="Adelheid", capacity=12))
        {'format_version': 2, 'name': 'Adelheid', 'capacity': 12}
    """
    _check_model_object(obj)
    if _profile(profile) == "web":
        from . import web  # noqa: PLC0415 - a format module

        return web.to_dict(obj)
    return _document(obj, for_json=False)


def _check_model_object(obj: object) -> None:
    if not isinstance(obj, _MODELS):
        raise InvalidTypeError(
            "",
            f"cannot write {_what(obj)} as a document",
            hint=f"pass {_MODEL_NAMES}",
        )


def _document(obj: Any, *, for_json: bool) -> dict[str, Any]:
    """Return the document of the model object *obj*, rooms by name.

    *for_json* lets tuples through for the JSON encoder to write.
    """
    hook = _fast_hook(type(obj), for_json=for_json)
    with _time.writing_zones() as used:
        data = cast("dict[str, Any]", obj if hook is None else hook(obj))
    document = {
        "format_version": FORMAT_VERSION,
        **_format2.name_rooms(obj, data),
    }
    if used:
        # Times in a zone of a calendar file's own rules: the document
        # carries the rules, so that it reads back (see FileZone).
        document["zones"] = _time.zone_table(used)
    return document


def _migrate(
    data: Mapping[str, Any],
    migrations: Mapping[int, Migration],
    problems: list[MeetupkitError],
) -> dict[str, Any]:
    """Lift *data* to the current format; note a missing version in *problems*.

    A document without ``format_version`` is read as the current format so
    that its other problems can be listed too.
    """
    document = dict(data)
    schema = document.pop("$schema", None)
    if schema is not None and not isinstance(schema, str):
        problems.append(
            InvalidTypeError(
                "$schema",
                f"expected a string, got {_kind_of(schema)}",
                hint="give the URL of the schema, or remove the key",
            )
        )
    version = document.pop("format_version", None)
    if version is None:
        problems.append(
            InvalidValueError(
                "format_version",
                "missing",
                hint=f"add format_version = {FORMAT_VERSION}",
            )
        )
        return document
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or version < 0
    ):
        raise _fail(
            [
                InvalidValueError(
                    "format_version",
                    f"{str(version)[:20]!r} is not a format version",
                    hint=f"use {FORMAT_VERSION}",
                )
            ]
        )
    if version > FORMAT_VERSION:
        raise _fail(
            [
                InvalidValueError(
                    "format_version",
                    f"document has format {version}, this meetupkit reads up"
                    f" to {FORMAT_VERSION}",
                    hint="upgrade meetupkit to read it",
                )
            ]
        )
    while version < FORMAT_VERSION:
        step = migrations.get(version)
        if step is None:
            raise _fail(
                [
                    InvalidValueError(
                        "format_version",
                        f"no migration from format {version}",
                        hint=f"convert the document to format {FORMAT_VERSION}",
                    )
                ]
            )
        document = step(document)
        version += 1
    return document


def from_dict(
    cls: type[T],
    data: Mapping[str, Any],
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    profile: Profile = "file",
) -> T:
    """Build a *cls* from a document made by :func:`to_dict`.

    A document of an older format version is first migrated with
    *migrations*; a ``$schema`` key (a string) is ignored.  With
    ``profile="web"`` it reads what ``to_dict(obj, profile="web")`` writes
    (see :func:`meetupkit.web.from_dict`).

    Args:
        cls: The model class to build, such as :class:`~meetupkit.Series`.
        data: The document: a mapping of JSON types.
        migrations: The steps that lift an older document to the current
            format; the default is :data:`MIGRATIONS`.
        profile: ``"file"`` for a meetup file, ``"web"`` for a web API
            payload.

    Returns:
        A new, valid instance of *cls*.

    Raises:
        ValidationError: the document is not a valid *cls*; its message lists
            every problem with its path.
        InvalidTypeError: *cls* is not a meetupkit model class.

    Examples:
        >>> from meetupkit import Room
        >>> from_dict(Room, {"format_version": 2, "name": "Adelheid",
        ...                  "capacity": "zwölf", "flor": "2. OG"})
        Traceback (most recent call last):
        ...
        meetupkit.errors.ValidationError: 2 problems in the document:
          capacity: expected an integer, got a string
          flor: unknown key; did you mean 'floor'?
    """
    _check_model_class(cls, "from_dict")
    if _profile(profile) == "web":
        from . import web  # noqa: PLC0415 - a format module

        return web.from_dict(cls, data)
    if not isinstance(data, Mapping):
        raise _fail(
            [InvalidTypeError("", f"expected an object, got {_kind_of(data)}")]
        )
    problems: list[MeetupkitError] = []
    document = _migrate(data, migrations, problems)
    zones: dict[str, _time.FileZone] = {}
    if "zones" in document:
        try:
            zones = _time.read_zone_table(document.pop("zones"))
        except MeetupkitError as exc:
            problems.append(exc)
    with _time.reading_zones(zones):
        return _structure(cls, document, problems)


def _structure(
    cls: type[T], document: dict[str, Any], problems: list[MeetupkitError]
) -> T:
    """Build a *cls* from a migrated *document*, adding to *problems*."""
    fields = attrs.fields_dict(cls) if attrs.has(cls) else {}
    if "start" in fields and "original_start" not in fields:
        # The start of a series or meetup names the document's zone.
        try:
            document = _format2.local_times(document, problems)
        except RecursionError:
            raise _fail(
                [InvalidValueError("", "nested too deeply", hint="flatten it")]
            ) from None
    named = (
        _format2.resolve_rooms(document, problems) if "room" in fields else []
    )
    try:
        result = converter.structure(document, cls)
    except RecursionError:
        raise _fail(
            [InvalidValueError("", "nested too deeply", hint="flatten it")]
        ) from None
    except Exception as exc:  # noqa: BLE001 - each failure becomes a problem
        found = [
            problem
            for problem in _problems(exc, "")
            if not problem.path.startswith(tuple(f"{p}." for p in named))
        ]
        raise _fail(problems + found) from None
    if problems:
        raise _fail(problems)
    return result


# -- JSON -------------------------------------------------------------------


def to_json(
    obj: Any, *, indent: int | None = 2, profile: Profile = "file"
) -> str:
    """Return *obj* as a JSON document (UTF-8 text, ending in a newline).

    ``profile="web"`` writes a web API payload (see :mod:`meetupkit.web`).

    Raises:
        InvalidTypeError: *obj* is not a meetupkit model object.
    """
    if _profile(profile) == "web":
        return _dumps(to_dict(obj, profile=profile), indent)
    _check_model_object(obj)
    return _dumps(_document(obj, for_json=True), indent)


_orjson: Any
try:  # an optional fast path; the output is the same byte for byte
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is optional
    _orjson = None


class _ExactFloat(float):
    """A float that Python writes in exponent form (``1e-05``).

    orjson writes such numbers differently (``0.00001``) and refuses float
    subclasses, so a document holding one is written by :mod:`json`, which
    writes it as Python does.
    """

    __slots__ = ()


def _float(value: float) -> float:
    text = repr(value)
    return _ExactFloat(value) if "e" in text or "n" in text else value


def _dumps(data: dict[str, Any], indent: int | None) -> str:
    """Return *data* as JSON text ending in a newline."""
    if indent == 2 and _orjson is not None:  # noqa: PLR2004
        try:
            out = _orjson.dumps(
                data, option=_orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE
            )
        except TypeError:  # a value orjson does not take; json decides
            pass
        else:
            return str(out, "utf-8")
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return text + "\n"


def _text_input(text: str | bytes, kind: str) -> str:
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise _too_large()
        try:
            return bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(
                [
                    InvalidValueError(
                        "",
                        f"not UTF-8 at byte {exc.start}",
                        hint=f"save the {kind} file as UTF-8",
                    )
                ]
            ) from None
    if not isinstance(text, str):
        raise _fail(
            [
                InvalidTypeError(
                    "", f"expected {kind} text, got {type(text).__name__}"
                )
            ]
        )
    if len(text) > MAX_DOCUMENT_BYTES:
        raise _too_large()
    return text.removeprefix("\ufeff")


def _too_large() -> ValidationError:
    return _fail(
        [
            InvalidValueError(
                "",
                "document larger than 16 MiB",
                hint="split it into several files",
            )
        ]
    )


def from_json(
    cls: type[T], text: str | bytes, *, profile: Profile = "file"
) -> T:
    """Build a *cls* from a JSON document made by :func:`to_json`.

    ``profile="web"`` reads a web API payload (see :mod:`meetupkit.web`).

    Args:
        cls: The model class to build, such as :class:`~meetupkit.Series`.
        text: The JSON document, as text or as UTF-8 bytes.
        profile: ``"file"`` for a meetup file, ``"web"`` for a web API
            payload.

    Returns:
        A new, valid instance of *cls*.

    Raises:
        ValidationError: the text is not JSON, or not a valid *cls*.
        InvalidTypeError: *cls* is not a meetupkit model class.

    Examples:
        >>> from meetupkit import Room
        >>> from_json(Room, '{"format_version": 2, "name": "Adelheid"}')
        Room(name='Adelheid', capacity=None, floor=None, features=(), step_free=None, directions=None)
    """
    _check_model_class(cls, "from_json")
    source = _text_input(text, "JSON")
    if profile == "file":
        # Generated per class; anything unusual is left to the detailed
        # path below, which reports every problem.
        from . import _fastpath  # noqa: PLC0415 - built on first use

        found = _fastpath.read_json(cls, source)
        if found is not _fastpath.MISS:
            return cast("T", found)
    try:
        data = json.loads(source, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _fail(
            [
                _at_line(
                    InvalidValueError(
                        "",
                        f"not valid JSON at line {exc.lineno} column"
                        f" {exc.colno}: {exc.msg}",
                        hint="fix the JSON syntax there",
                    ),
                    exc.lineno,
                    exc.colno,
                )
            ]
        ) from None
    except (RecursionError, ValueError) as exc:
        raise _fail(
            [InvalidValueError("", f"not readable JSON: {str(exc)[:80]}")]
        ) from None
    try:
        return from_dict(cls, data, profile=profile)
    except ValidationError as exc:
        raise _locate(exc, source, "json") from None


#: The largest document whose problems get their line and column: finding
#: them walks the whole text again, which on a hostile document of
#: hundreds of thousands of keys costs seconds.
LOCATE_MAX_CHARS: Final = 4 << 20


def _locate(exc: ValidationError, source: str, kind: str) -> ValidationError:
    """Give each problem of *exc* its line and column in *source*.

    Documents over :data:`LOCATE_MAX_CHARS` characters keep their problems
    without lines.
    """
    if len(source) > LOCATE_MAX_CHARS:
        return exc
    from . import _files  # noqa: PLC0415 - only needed for bad documents

    lines = (
        _files.json_lines(source)
        if kind == "json"
        else _files.toml_lines(source)
    )
    text = source.split("\n")
    for problem in exc.problems:
        if problem.line_number is not None:
            continue
        number = _files.line_of(lines, problem.path)
        if number is not None and number <= len(text):
            line = text[number - 1]
            problem.line_number = number
            problem.column = len(line) - len(line.lstrip()) + 1
    return exc


def _at_line(
    problem: MeetupkitError, line: int, column: int
) -> MeetupkitError:
    problem.line_number = line
    problem.column = column
    return problem


_TOML_WHERE: Final = re.compile(r"at line (\d+), column (\d+)")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a document")


# -- TOML -------------------------------------------------------------------


def to_toml(obj: Any) -> str:
    """Return *obj* as a TOML document.

    Raises:
        InvalidTypeError: *obj* is not a meetupkit model object.
    """
    import tomli_w  # noqa: PLC0415 - only needed for writing TOML

    return tomli_w.dumps(to_dict(obj))


#: The most parts a dotted TOML key or table name may have.  Meetup
#: documents need a handful (``venue.address.city``); a TOML parser takes
#: time and memory that grow with the square of the parts of one key, so
#: longer keys are refused before parsing.
MAX_TOML_KEY_PARTS: Final = 32

#: The most items (keys, table names, values and comments) a TOML document
#: may hold; a dotted key of *n* parts counts as *n* squared, as that is
#: what it costs the parser.  Python's TOML parser reads about 50,000 items
#: in well under a second; the #SoMeWI example has about 200.  Larger
#: documents belong in JSON.
MAX_TOML_ITEMS: Final = 50_000

_TOML_SEGMENT: Final = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_TOML_TOKENS: Final = re.compile(
    rf"""
    (?P<string>\"\"\"(?:[^\\"]|\\[\s\S]|"(?!""))*\"\"\""{{0,2}}
      |'''[\s\S]*?''''{{0,2}})
    |(?P<long>{_TOML_SEGMENT}(?:[ \t]*\.[ \t]*{_TOML_SEGMENT})
      {{{MAX_TOML_KEY_PARTS},}})
    |{_TOML_SEGMENT}(?:[ \t]*\.[ \t]*{_TOML_SEGMENT})*
    |(?P<open>["'])
    |\#[^\n]*
    |(?P<other>[^"'\#A-Za-z0-9_-]+)
    """,
    re.VERBOSE,
)


def toml_problem(text: str) -> tuple[int, str, str] | None:
    r"""Return where and why a TOML text is too costly to parse, or ``None``.

    A cheap scan before the TOML parser, in time linear in the text: it
    finds a dotted key or table name of more than
    :data:`MAX_TOML_KEY_PARTS` parts, or more than :data:`MAX_TOML_ITEMS`
    items, skipping what is inside strings.  Text that is not TOML (an
    unclosed string) is left to the parser to report.
    :func:`from_toml` refuses what this finds; editors and other readers of
    meetup files can use it to check a file the same way.

    Returns:
        The line (counted from 1), the problem and how to fix it.

    Examples:
        >>> toml_problem('venue.address.city = "Wiesbaden"')
        >>> toml_problem("x = 1\n" + ".".join("a" * 40) + " = 1")
        (2, 'a dotted key with more than 32 parts', 'use fewer parts, or [table] headers')

    .. versionadded:: 0.1.0
    """
    items = 0
    for match in _TOML_TOKENS.finditer(text):
        if match["long"] is not None:
            return (
                text.count("\n", 0, match.start()) + 1,
                f"a dotted key with more than {MAX_TOML_KEY_PARTS} parts",
                "use fewer parts, or [table] headers",
            )
        if match["open"] is not None:
            return None
        if match["other"] is None:
            items += (match[0].count(".") + 1) ** 2
            if items > MAX_TOML_ITEMS:
                return (
                    text.count("\n", 0, match.start()) + 1,
                    f"more than {MAX_TOML_ITEMS:,} keys, values and comments",
                    "split the document, or write it as JSON",
                )
    return None


def _check_toml(source: str) -> None:
    found = toml_problem(source)
    if found is not None:
        line, problem, hint = found
        raise _fail(
            [InvalidValueError("", f"line {line}: {problem}", hint=hint)]
        )


def from_toml(cls: type[T], text: str | bytes) -> T:
    """Build a *cls* from a TOML document made by :func:`to_toml`.

    Dotted keys and table names may have at most
    :data:`MAX_TOML_KEY_PARTS` parts and a document at most
    :data:`MAX_TOML_ITEMS` items; larger ones are refused before the text
    is parsed, because parsing them takes time and memory beyond the
    documented bounds.

    Args:
        cls: The model class to build, such as :class:`~meetupkit.Series`.
        text: The TOML document, as text or as UTF-8 bytes.

    Returns:
        A new, valid instance of *cls*.

    Raises:
        ValidationError: the text is not TOML, is too costly to parse (see
            :func:`toml_problem`), or is not a valid *cls*.
        InvalidTypeError: *cls* is not a meetupkit model class.
    """
    _check_model_class(cls, "from_toml")
    source = _text_input(text, "TOML")
    _check_toml(source)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        problem = InvalidValueError(
            "",
            f"not valid TOML: {str(exc)[:120]}",
            hint="fix the TOML syntax there",
        )
        where = _TOML_WHERE.search(str(exc))
        if where is not None:
            _at_line(problem, int(where[1]), int(where[2]))
        raise _fail([problem]) from None
    except RecursionError:
        raise _fail(
            [InvalidValueError("", "nested too deeply", hint="flatten it")]
        ) from None
    try:
        return from_dict(cls, data)
    except ValidationError as exc:
        raise _locate(exc, source, "toml") from None


def update_toml(text: str | bytes, obj: Any) -> str:
    r"""Return TOML *text* rewritten to hold *obj*, keeping its comments.

    The way to change a file people edit by hand: its comments, the order
    of its keys and tables, its ``$schema`` line and the values that did not
    change (as they were written, such as a TOML date) all stay; changed
    values are replaced where they stand, new keys go at the end of their
    table, and keys that are gone are removed.  The result is format
    :data:`FORMAT_VERSION`; a format-1 room table becomes the room's name
    (comments inside that table go with it).

    Raises:
        ValidationError: *text* is not TOML or too costly to parse, or *obj*
            is not a model object.

    Examples:
        >>> import attrs
        >>> from meetupkit import Series
        >>> text = "# our regulars' table\n" + to_toml(Series.example())
        >>> renamed = attrs.evolve(Series.example(), title="#SoMeWI")
        >>> changed = update_toml(text, renamed)
        >>> changed.splitlines()[:3]
        ["# our regulars' table", 'format_version = 2', 'title = "#SoMeWI"']
        >>> from_toml(Series, changed) == renamed
        True

    .. versionadded:: 0.1.0
    """
    from . import _tomledit  # noqa: PLC0415 - only needed for rewriting

    source = _text_input(text, "TOML")
    _check_toml(source)
    return _tomledit.update(source, to_dict(obj))
