"""The JSON Schema of meetupkit's file format, generated from the model.

The schema is built from the attrs classes themselves: their fields, type
hints, defaults and the ``Attributes:`` sections of their docstrings.  It
describes exactly the documents :func:`meetupkit.to_dict` writes and
:func:`meetupkit.from_dict` reads: every object refuses unknown keys, fields
without a default are required, datetimes are RFC 9557 strings, durations
ISO 8601 strings, recurrence rules RRULE text and enumerations their values.
The top level carries ``format_version`` and may carry ``$schema``, so that
editors which understand JSON Schema complete and check meetup files.

meetupkit walks the classes itself rather than asking a generator such
as ``msgspec.json.schema``: that one describes datetimes and durations in
its own way, sees the attrs class behind a recurrence rule instead of its
RRULE text, and cannot read fields whose default is derived from the
object (the ``uid`` of a meetup or series).

What the schema cannot say (a blank title, a capacity of 0, a room that is
not one of the venue's rooms) is still checked by :func:`~meetupkit.from_dict`;
a document the schema rejects is always rejected by ``from_dict`` too.

Examples:
    >>> from meetupkit import Series
    >>> from meetupkit.schema import json_schema
    >>> schema = json_schema(Series)
    >>> schema["required"][:5]
    ['format_version', 'title', 'start', 'duration', 'recurrence']
    >>> schema["properties"]["start"]
    {'$ref': '#/$defs/DateTime', 'description': "The first meeting's start, aware."}
    >>> schema["$defs"]["Duration"]["examples"]
    ['PT2H', 'P1DT30M']
"""

from __future__ import annotations

import enum
import inspect
import re
import types
from datetime import date, datetime, timedelta
from typing import Any, Final, Union, get_args, get_origin

import attrs

from .errors import InvalidValueError
from .model import Meetup, Series
from .recurrence import Recurrence
from .web import (
    RFC3339_PATTERN,
    ZONE_SUFFIX,
    ZONES_SUFFIX,
    Profile,
    _plan,
    _resolve,
)

__all__ = [
    "DIALECT",
    "REF_TEMPLATE",
    "SCHEMA_ID",
    "definitions",
    "json_schema",
    "model_schema",
]

#: The JSON Schema dialect the generated schema uses.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

#: Where the schema of the current file format is published; put it under
#: ``$schema`` in a meetup file so that editors find it.
SCHEMA_ID: Final = (
    "https://meetupkit.readthedocs.io/en/latest/_static/meetupkit.schema.json"
)

#: Where :func:`model_schema` and :func:`definitions` point their refs
#: unless told otherwise; ``{model}`` stands for the definition's name.
REF_TEMPLATE: Final = "#/$defs/{model}"

# Each pattern accepts at least every string the reader accepts, so that a
# document the schema refuses is always refused by from_dict as well.
_DATETIME: Final = {
    "type": "string",
    "title": "DateTime",
    "description": (
        "An RFC 9557 date and time: the local time, its UTC offset (which"
        " may be left out when the zone name is given) and the IANA zone"
        " name in brackets. The zone name keeps recurring meetings"
        " at the same wall-clock time across daylight-saving changes."
    ),
    "pattern": (
        r"^[0-9]{4}([^\[\]]*(Z|[+-][0-9]{2}(:?[0-9]{2}(:?[0-9]{2}"
        r"(\.[0-9]+)?)?)?)(\[!?[^\[\]=]+\])?|[^\[\]]*\[!?[^\[\]=]+\])$"
    ),
    "maxLength": 80,
    "examples": ["2014-09-24T19:00:00+02:00[Europe/Berlin]"],
}
_DATE: Final = {
    "type": "string",
    "title": "Date",
    "description": "A calendar date, YYYY-MM-DD.",
    "pattern": r"^[0-9]{4}-([0-9]{2}-[0-9]{2}|W[0-9]{2}-[0-9])$",
    "examples": ["2014-09-24"],
}
_DURATION: Final = {
    "type": "string",
    "title": "Duration",
    "description": (
        "An ISO 8601 duration in weeks, days, hours, minutes and seconds"
        " (no years or months, whose length varies)."
    ),
    "pattern": (
        r"^P(?!$)([0-9]{1,7}W)?([0-9]{1,7}D)?"
        r"(T(?=[0-9])([0-9]{1,7}H)?([0-9]{1,7}M)?([0-9]{1,7}S)?)?$"
    ),
    "examples": ["PT2H", "P1DT30M"],
}
_RULE: Final = {
    "type": "string",
    "title": "Recurrence",
    "description": (
        "An RFC 5545 recurrence rule (the value of RRULE), with or without"
        " the RRULE: prefix."
    ),
    "pattern": "[Ff][Rr][Ee][Qq][ \t]*=",
    "examples": ["FREQ=WEEKLY;INTERVAL=8", "FREQ=MONTHLY;BYDAY=2TU"],
}
_WEB_DATETIME: Final = {
    "type": "string",
    "format": "date-time",
    "title": "DateTime",
    "description": (
        "An RFC 3339 date and time with its UTC offset, as JavaScript's Date"
        " reads it. The IANA zone name, if any, is in the sibling field"
        " named after this one with _zone (_zones for a list)."
    ),
    "pattern": RFC3339_PATTERN,
    "examples": ["2014-09-24T19:00:00+02:00"],
}
_ZONE: Final = {
    "type": "string",
    "title": "TimeZone",
    "description": (
        "An IANA time zone name. It keeps recurring meetings at the same"
        " wall-clock time across daylight-saving changes."
    ),
    "minLength": 1,
    "examples": ["Europe/Berlin"],
}
_ROOM_NAME: Final = {
    "type": "string",
    "minLength": 1,
    "description": "The name of one of the venue's rooms.",
    "examples": ["Adelheid"],
}
_SPECIAL: Final[dict[Any, dict[str, Any]]] = {
    datetime: _DATETIME,
    date: _DATE,
    timedelta: _DURATION,
    Recurrence: _RULE,
}
_SCALARS: Final[dict[Any, str]] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    type(None): "null",
}
_ROLE: Final = re.compile(r":[a-z]+:`~?([^`]+)`")


def _plain(text: str) -> str:
    """Turn reST markup into plain text for editors' tooltips."""
    text = _ROLE.sub(lambda match: match[1].rsplit(".", 1)[-1], text)
    return " ".join(text.replace("``", "").split())


def _summary(kind: type[Any]) -> str:
    doc = inspect.getdoc(kind) or ""
    return _plain(doc.split("\n\n", 1)[0])


def _attribute_docs(kind: type[Any]) -> dict[str, str]:
    """Read the ``Attributes:`` section of a Google-style class docstring."""
    lines = (inspect.getdoc(kind) or "").splitlines()
    found: dict[str, list[str]] = {}
    inside = False
    current: list[str] | None = None
    for line in lines:
        if line.strip() == "Attributes:":
            inside = True
            continue
        if not inside:
            continue
        if line and not line.startswith(" "):
            break
        match = re.fullmatch(r" {4}(\w+): ?(.*)", line)
        if match:
            current = found.setdefault(match[1], [])
            current.append(match[2])
        elif line.startswith(" " * 8) and current is not None:
            current.append(line.strip())
        elif not line.strip():
            current = None
    return {name: _plain(" ".join(words)) for name, words in found.items()}


class _Builder:
    """Collects the definitions of the classes one schema refers to."""

    def __init__(
        self, ref_template: str = REF_TEMPLATE, profile: str = "file"
    ) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.ref_template = ref_template
        self.profile = profile

    def ref(
        self, name: str, build: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if name not in self.defs and build is not None:
            self.defs[name] = build
        return {"$ref": self.ref_template.replace("{model}", name)}

    def of(self, hint: Any) -> dict[str, Any]:
        """Return the schema of one type hint."""
        origin = get_origin(hint)
        if origin is Union or origin is types.UnionType:
            return {"anyOf": [self.of(arg) for arg in get_args(hint)]}
        if origin is tuple:
            args = get_args(hint)
            if len(args) != 2 or args[1] is not Ellipsis:  # noqa: PLR2004
                raise TypeError(f"cannot describe {hint!r}")
            return {"type": "array", "items": self.of(args[0])}
        if hint is datetime and self.profile == "web":
            return self.ref("DateTime", dict(_WEB_DATETIME))
        if hint in _SPECIAL:
            special = _SPECIAL[hint]
            return self.ref(special["title"], dict(special))
        if hint in _SCALARS:
            return {"type": _SCALARS[hint]}
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return self.ref(
                hint.__name__,
                {
                    "type": "string",
                    "title": hint.__name__,
                    "description": _summary(hint),
                    "enum": [member.value for member in hint],
                },
            )
        if isinstance(hint, type) and attrs.has(hint):
            if hint.__name__ not in self.defs:
                self.defs[hint.__name__] = {}  # reserved against recursion
                self.defs[hint.__name__] = self.object(hint)
            return self.ref(hint.__name__)
        raise TypeError(f"cannot describe {hint!r}")

    def object(self, kind: type[Any]) -> dict[str, Any]:
        """Return the schema of an attrs class as a document object."""
        from .serialize import converter  # noqa: PLC0415 - loads cattrs

        _resolve(kind)  # a user's class may use string hints
        docs = _attribute_docs(kind)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(kind):
            schema = self.of(field.type)
            if field.name == "room":
                # Format 2 names the room; a table is still read.
                schema = {"anyOf": [dict(_ROOM_NAME), *schema["anyOf"]]}
            if field.name in docs:
                schema = {**schema, "description": docs[field.name]}
            if field.default is attrs.NOTHING:
                required.append(field.name)
            elif field.default is not None and not hasattr(
                field.default, "takes_self"
            ):
                default = converter.unstructure(field.default)
                if default != []:
                    schema = {**schema, "default": default}
            properties[field.name] = schema
            if self.profile == "web":
                properties.update(self.zone_of(kind, field.name))
        return {
            "type": "object",
            "title": kind.__name__,
            "description": _summary(kind),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def zone_of(self, kind: type[Any], name: str) -> dict[str, Any]:
        """Return the web profile's zone sibling of field *name*, if any."""
        how = _plan(kind).get(name, ("", None))[0]
        zone = {"anyOf": [self.ref("TimeZone", dict(_ZONE)), {"type": "null"}]}
        if how == "one":
            return {
                name + ZONE_SUFFIX: {
                    **zone,
                    "description": f"The time zone of {name}; left out"
                    " for a fixed UTC offset.",
                }
            }
        if how == "many":
            return {
                name + ZONES_SUFFIX: {
                    "type": "array",
                    "items": zone,
                    "description": f"The time zone of each item of {name}"
                    " (null for a fixed UTC offset); left out if none has"
                    " one.",
                }
            }
        return {}

    def document(self, kind: type[Any]) -> dict[str, Any]:
        """Return the schema of a whole file holding one *kind*."""
        from .serialize import FORMAT_VERSION  # noqa: PLC0415

        body = self.object(kind)
        body["title"] = f"{kind.__name__} file"
        body["properties"] = {
            "$schema": {
                "type": "string",
                "description": (
                    "The URL of this schema, for editors; ignored when"
                    " the file is read."
                ),
                "default": SCHEMA_ID,
            },
            "format_version": {
                "type": "integer",
                "const": FORMAT_VERSION,
                "description": (
                    "The version of the file format; meetupkit migrates"
                    " older files when it reads them."
                ),
            },
            **body["properties"],
        }
        if "start" in body["properties"] and not hasattr(
            kind, "original_start"
        ):
            body["properties"]["zone"] = {
                "type": "string",
                "minLength": 1,
                "description": (
                    "The IANA time zone of the file's local date-times"
                    " (TOML date-times without an offset); by default the"
                    " zone of start."
                ),
                "examples": ["Europe/Berlin"],
            }
        body["properties"]["zones"] = {
            "type": "object",
            "maxProperties": 16,
            "additionalProperties": {
                "type": "string",
                "contentEncoding": "base64",
            },
            "description": (
                "Time zones of a calendar file's own rules, which no"
                " IANA name gives: each name, as used in the file's"
                " date-times, with its TZif data (RFC 8536) in base64."
                "  Written only where needed."
            ),
        }
        body["required"] = ["format_version", *body["required"]]
        return body


def json_schema(kind: type[Any] | None = None) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a meetupkit document.

    Args:
        kind: The model class the document holds, such as
            :class:`~meetupkit.Series` or :class:`~meetupkit.Room`.  Without
            it, the schema describes a meetup file: a
            :class:`~meetupkit.Series` or a one-off
            :class:`~meetupkit.Meetup` (a series is the one with
            ``recurrence``).

    Returns:
        The schema as a dict of JSON types, ready for :func:`json.dumps`.

    Raises:
        TypeError: *kind* is not a meetupkit model class.

    Examples:
        >>> schema = json_schema()
        >>> [choice["$ref"] for choice in schema["oneOf"]]
        ['#/$defs/SeriesFile', '#/$defs/MeetupFile']
        >>> schema["$defs"]["MeetupStatus"]["enum"]
        ['scheduled', 'moved', 'cancelled']
        >>> schema["$defs"]["Room"]["additionalProperties"]
        False
    """
    builder = _Builder()
    head: dict[str, Any] = {"$schema": DIALECT}
    if kind is None:
        series = builder.document(Series)
        meetup = builder.document(Meetup)
        builder.defs["SeriesFile"] = series
        builder.defs["MeetupFile"] = meetup
        head.update(
            {
                "$id": SCHEMA_ID,
                "title": "meetupkit file",
                "description": (
                    "A meetup file: a recurring series (it has a"
                    " recurrence) or a one-off meetup."
                ),
                "oneOf": [
                    {"$ref": "#/$defs/SeriesFile"},
                    {"$ref": "#/$defs/MeetupFile"},
                ],
            }
        )
    else:
        if not (isinstance(kind, type) and attrs.has(kind)):
            raise TypeError(f"{kind!r} is not a meetupkit model class")
        head.update(builder.document(kind))
    head["$defs"] = dict(sorted(builder.defs.items()))
    return head


def _builder(ref_template: str, profile: str) -> _Builder:
    if not isinstance(ref_template, str) or "{model}" not in ref_template:
        raise InvalidValueError(
            "ref_template",
            f"{str(ref_template)[:60]!r} has no {{model}}",
            hint="put {model} where the name goes, as in"
            " #/components/schemas/{model}",
        )
    if profile not in {"file", "web"}:
        raise InvalidValueError(
            "profile",
            f"{str(profile)[:20]!r} is not a document profile",
            hint="use 'file' or 'web'",
        )
    return _Builder(ref_template, profile)


def _check_model(kind: Any) -> None:
    if not (isinstance(kind, type) and attrs.has(kind)) or kind is Recurrence:
        raise TypeError(f"{kind!r} is not a meetupkit model class")


def model_schema(
    kind: type[Any],
    *,
    ref_template: str = REF_TEMPLATE,
    profile: Profile = "file",
) -> dict[str, Any]:
    """Return the JSON Schema of one model class, to embed in another schema.

    Unlike :func:`json_schema`, this describes the object as it appears
    inside a document or an API payload: without ``format_version`` and
    ``$schema``.  Its refs to other definitions follow *ref_template*;
    with the default template the definitions come along under ``$defs``,
    so the schema stands alone, with any other they are left out: take
    them from :func:`definitions`.

    Args:
        kind: The model class, such as :class:`~meetupkit.TopicWish`.
        ref_template: Where refs point, with ``{model}`` for the name of
            the definition, such as ``"#/components/schemas/{model}"``.
        profile: ``"file"`` describes the objects of meetup files (RFC 9557
            datetimes), ``"web"`` those of web API payloads (RFC 3339
            datetimes with ``_zone`` siblings, see :mod:`meetupkit.web`).

    Raises:
        TypeError: *kind* is not a meetupkit model class.
        InvalidValueError: *ref_template* lacks ``{model}``, or *profile*
            is not ``"file"`` or ``"web"``.

    .. versionadded:: 0.1.0

    Examples:
        >>> from meetupkit import TopicWish
        >>> schema = model_schema(
        ...     TopicWish, ref_template="#/components/schemas/{model}"
        ... )
        >>> schema["properties"]["status"]["$ref"]
        '#/components/schemas/TopicStatus'
        >>> "$defs" in schema, "format_version" in schema["properties"]
        (False, False)
    """
    _check_model(kind)
    builder = _builder(ref_template, profile)
    schema = builder.object(kind)
    if ref_template.startswith("#/$defs/") and builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


def definitions(
    *kinds: type[Any],
    ref_template: str = REF_TEMPLATE,
    profile: Profile = "file",
) -> dict[str, dict[str, Any]]:
    """Return the schemas of *kinds* and of everything they refer to.

    This is what goes under ``components/schemas`` of an OpenAPI 3.1
    document: one schema per model class, enumeration and string format,
    keyed by name, with refs that follow *ref_template*.

    Args:
        kinds: Model classes; without any, :class:`~meetupkit.Series` and
            :class:`~meetupkit.Meetup`, which refer to all others.
        ref_template: As for :func:`model_schema`.
        profile: As for :func:`model_schema`.

    Raises:
        TypeError: one of *kinds* is not a meetupkit model class.
        InvalidValueError: as for :func:`model_schema`.

    .. versionadded:: 0.1.0

    Examples:
        >>> schemas = definitions(
        ...     ref_template="#/components/schemas/{model}", profile="web"
        ... )
        >>> schemas["Series"]["properties"]["start_zone"]["anyOf"][0]
        {'$ref': '#/components/schemas/TimeZone'}
        >>> schemas["DateTime"]["format"]
        'date-time'
    """
    for kind in kinds:
        _check_model(kind)
    builder = _builder(ref_template, profile)
    for kind in kinds or (Series, Meetup):
        builder.of(kind)
    return dict(sorted(builder.defs.items()))
