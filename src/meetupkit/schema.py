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

from .model import Meetup, Series
from .recurrence import Recurrence

__all__ = ["DIALECT", "SCHEMA_ID", "json_schema"]

#: The JSON Schema dialect the generated schema uses.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

#: Where the schema of the current file format is published; put it under
#: ``$schema`` in a meetup file so that editors find it.
SCHEMA_ID: Final = (
    "https://meetupkit.readthedocs.io/en/latest/_static/meetupkit.schema.json"
)

# Each pattern accepts at least every string the reader accepts, so that a
# document the schema refuses is always refused by from_dict as well.
_DATETIME: Final = {
    "type": "string",
    "title": "DateTime",
    "description": (
        "An RFC 9557 date and time: the local time, its UTC offset and the"
        " IANA zone name in brackets. The zone name keeps recurring meetings"
        " at the same wall-clock time across daylight-saving changes."
    ),
    "pattern": (
        r"^[0-9]{4}[^\[\]]*(Z|[+-][0-9]{2}(:?[0-9]{2}(:?[0-9]{2}"
        r"(\.[0-9]+)?)?)?)(\[!?[^\[\]=]+\])?$"
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

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(
        self, name: str, build: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if name not in self.defs and build is not None:
            self.defs[name] = build
        return {"$ref": f"#/$defs/{name}"}

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

        docs = _attribute_docs(kind)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(kind):
            schema = self.of(field.type)
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
        return {
            "type": "object",
            "title": kind.__name__,
            "description": _summary(kind),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

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
