"""meetupkit: a typed model of community meetups.

The model, recurrence rules and errors are imported with the package; the
serializers (which load cattrs), :func:`plan_topics`, :func:`redact`,
:class:`Clash` and :class:`Attendance` load on first use, and so does
python-dateutil (rules that meet every so many days do not need it); the
format modules (:mod:`meetupkit.ical`, :mod:`meetupkit.jsonld`,
:mod:`meetupkit.render`) are imported by their own name.

Examples:
    >>> import meetupkit
    >>> somewi = meetupkit.Series.example()
    >>> somewi.recurrence
    Recurrence(freq=<Frequency.WEEKLY: 'WEEKLY'>, interval=8, ...)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    ICalError,
    InvalidTypeError,
    InvalidValueError,
    MeetupkitError,
    NaiveDatetimeError,
    RecurrenceError,
    RoomNotFoundError,
    TransitionError,
    ValidationError,
)
from .model import (
    Address,
    Answer,
    Audience,
    Change,
    Consent,
    Experience,
    Geo,
    Meetup,
    MeetupStatus,
    Override,
    Participant,
    Photo,
    Recap,
    RecapSection,
    Role,
    Room,
    Rsvp,
    Series,
    TopicStatus,
    TopicWish,
    Venue,
    Visibility,
)
from .recurrence import ByDay, Frequency, Recurrence, Weekday

if TYPE_CHECKING:
    from ._clashes import Clash
    from ._rsvp import Attendance
    from .privacy import redact
    from .serialize import (
        FORMAT_VERSION,
        from_dict,
        from_json,
        from_toml,
        to_dict,
        to_json,
        to_toml,
    )
    from .topics import plan_topics

__all__ = [
    "FORMAT_VERSION",
    "Address",
    "Answer",
    "Attendance",
    "Audience",
    "ByDay",
    "Change",
    "Clash",
    "Consent",
    "Experience",
    "Frequency",
    "Geo",
    "ICalError",
    "InvalidTypeError",
    "InvalidValueError",
    "Meetup",
    "MeetupStatus",
    "MeetupkitError",
    "NaiveDatetimeError",
    "Override",
    "Participant",
    "Photo",
    "Recap",
    "RecapSection",
    "Recurrence",
    "RecurrenceError",
    "Role",
    "Room",
    "RoomNotFoundError",
    "Rsvp",
    "Series",
    "TopicStatus",
    "TopicWish",
    "TransitionError",
    "ValidationError",
    "Venue",
    "Visibility",
    "Weekday",
    "from_dict",
    "from_json",
    "from_toml",
    "plan_topics",
    "redact",
    "to_dict",
    "to_json",
    "to_toml",
]

#: Public names whose module loads on first use, so that a plain
#: ``import meetupkit`` costs no more than the model needs.
_LAZY = {
    "Attendance": "_rsvp",
    "Clash": "_clashes",
    "FORMAT_VERSION": "serialize",
    "from_dict": "serialize",
    "from_json": "serialize",
    "from_toml": "serialize",
    "to_dict": "serialize",
    "to_json": "serialize",
    "to_toml": "serialize",
    "plan_topics": "topics",
    "redact": "privacy",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("meetupkit")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'meetupkit' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    value = getattr(import_module(f"meetupkit.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
