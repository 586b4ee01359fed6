"""The exceptions meetupkit raises, all under :class:`MeetupkitError`.

Every error names the field it is about (its *path*, such as
``participants[2].email``) and says how to fix it (its *hint*).  Concrete
errors also inherit the matching built-in exception, so ``except ValueError``
keeps working in code that does not know meetupkit.

Examples:
    >>> from meetupkit import errors
    >>> err = errors.InvalidValueError(
    ...     "capacity", "must be at least 1", hint="give the number of seats"
    ... )
    >>> str(err)
    'capacity: must be at least 1; give the number of seats'
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from typing import Any, Self, cast

__all__ = [
    "ICalError",
    "InvalidTypeError",
    "InvalidValueError",
    "MeetupkitError",
    "NaiveDatetimeError",
    "RecurrenceError",
    "RoomNotFoundError",
    "TransitionError",
    "ValidationError",
    "describe",
]


def _rebuild(cls: type[MeetupkitError], state: dict[str, Any]) -> Any:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    err.args = (str(err),)
    return err


class MeetupkitError(Exception):
    """The base of every exception raised by meetupkit.

    Catch this to handle any problem meetupkit reports.

    Attributes:
        path: Where the problem is, such as ``start`` or
            ``overrides[0].room``; empty if it concerns the whole input.
        problem: What is wrong, in a few words.
        hint: How to fix it.
        line_number: The line (counted from 1) of the problem in the JSON
            or TOML text it was read from, or ``None`` (for objects built in
            Python, or where no line is to blame).
        column: The column (counted from 1) on that line, or ``None``.
    """

    path: str
    problem: str
    hint: str
    line_number: int | None = None
    column: int | None = None

    def __init__(self, path: str, problem: str, *, hint: str = "") -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.path}: {self.problem}" if self.path else self.problem
        return f"{text}; {self.hint}" if self.hint else text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__.copy()))

    def at(self, prefix: str) -> MeetupkitError:
        """Return a copy of this error with *prefix* put before its path.

        Args:
            prefix: The path of the object that holds the bad field, such as
                ``participants[2]``.
        """
        state = self.__dict__.copy()
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = f"{prefix}{self.path}"
        else:
            path = f"{prefix}.{self.path}" if prefix else self.path
        state["path"] = path
        return _rebuild(type(self), state)  # type: ignore[no-any-return]


class InvalidValueError(MeetupkitError, ValueError):
    """A field got a value of the right type that is not allowed.

    Raised while building a model object, for example for a blank title, a
    capacity of 0, or a URL that is not ``http`` or ``https``.  Fix the value
    named by :attr:`path` as :attr:`hint` says.
    """


class NaiveDatetimeError(InvalidValueError):
    """A datetime has no time zone.

    meetupkit keeps local time together with its zone, so every datetime must
    be aware.  Fix it with ``tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")`` (or
    the zone the meetup takes place in).
    """


class RecurrenceError(InvalidValueError):
    """A recurrence rule is not valid RFC 5545 or is not supported.

    The :attr:`path` names the rule part, such as ``FREQ`` or ``BYDAY``.
    """


class InvalidTypeError(MeetupkitError, TypeError):
    """A field got a value of the wrong type.

    Raised while building a model object, for example for a ``str`` where a
    ``datetime`` belongs.  Pass a value of the type the field's annotation
    names.
    """


class RoomNotFoundError(MeetupkitError, LookupError):
    """A room is not one of the venue's rooms.

    Raised by :meth:`meetupkit.Venue.room` and when a meetup names a room its
    venue does not have.  Add the room to ``Venue.rooms`` or pick one of the
    rooms listed in the message.
    """


class TransitionError(MeetupkitError, ValueError):
    """A topic wish cannot move from its status to the requested one.

    Wishes go ``open`` → ``planned`` → ``covered``; an open or planned
    wish may be ``dropped`` and reopened, a covered one is final.  The
    message lists the allowed next states.
    """


class ICalError(MeetupkitError, ValueError):
    """An iCalendar stream cannot be read, or cannot be read without loss.

    Attributes:
        line_number: The 1-based number of the physical line where the
            offending content line starts (what an editor shows), or
            ``None`` where no single line is to blame.
        line: The offending line, shortened, or ``""``.
    """

    line_number: int | None
    line: str

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        hint: str = "",
        line_number: int | None = None,
        line: str = "",
    ) -> None:
        self.line_number = line_number
        self.line = line[:80]
        super().__init__(path, problem, hint=hint)

    def __str__(self) -> str:
        text = super().__str__()
        if self.line_number is not None:
            text = f"line {self.line_number}: {text}"
        return text


_MAX_LISTED = 20


class ValidationError(ExceptionGroup, MeetupkitError, ValueError):
    """Several problems at once: a document or an object with bad fields.

    Raised by the ``from_*`` functions of :mod:`meetupkit.serialize` for any
    document that does not describe a valid object, and by the model's
    constructors when more than one field is bad (one bad field raises its
    own error).  Its message lists every problem that was found, one per
    line, each with the path to the bad field.  It is an
    :class:`ExceptionGroup` of those problems, so ``except*`` works too.

    Attributes:
        problems: Every problem found, in document order (the same as
            ``exceptions``); a group among the problems given is
            replaced by its own problems.

    Examples:
        >>> from meetupkit import Room
        >>> Room(name=" ", capacity=0)
        Traceback (most recent call last):
        ...
        meetupkit.errors.ValidationError: 2 problems in this Room:
          name: must not be blank; give it some text
          capacity: 0 is out of range; give the number of seats
    """

    problems: tuple[MeetupkitError, ...]

    def __new__(
        cls,
        problems: tuple[MeetupkitError, ...] | list[Any],
        *,
        subject: str = "the document",
    ) -> Self:
        """Make the group of *problems*."""
        flat = _flat(problems)
        count = len(flat)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in {subject}:"]
        lines.extend(f"  {problem}" for problem in flat[:_MAX_LISTED])
        if count > _MAX_LISTED:
            lines.append(f"  … and {count - _MAX_LISTED} more")
        # The message is the whole list, so that it reads the same wherever
        # a group's message is shown instead of its str().
        return super().__new__(cls, "\n".join(lines), flat)

    def __init__(
        self,
        problems: tuple[MeetupkitError, ...] | list[Any],  # noqa: ARG002 - read by __new__
        *,
        subject: str = "the document",
    ) -> None:
        self.problems = cast("tuple[MeetupkitError, ...]", self.exceptions)
        self.subject = subject
        self.path = ""
        self.problem = self.message.split(":\n", 1)[0]
        self.hint = "see the lines below"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_group, (type(self), self.problems, self.subject))

    def derive(self, excs: Any) -> ValidationError:  # type: ignore[override]
        """Return a group of *excs* with the same subject (for ``except*``)."""
        return type(self)(list(excs), subject=self.subject)

    def at(self, prefix: str) -> ValidationError:
        """Return a copy with *prefix* put before the path of every problem.

        Args:
            prefix: The path of the object that holds the bad fields.
        """
        return type(self)(
            [problem.at(prefix) for problem in self.problems],
            subject=self.subject,
        )


def _rebuild_group(
    cls: type[ValidationError],
    problems: tuple[MeetupkitError, ...],
    subject: str,
) -> ValidationError:
    return cls(problems, subject=subject)


def _flat(problems: Any) -> list[MeetupkitError]:
    flat: list[MeetupkitError] = []
    for problem in problems:
        if isinstance(problem, ValidationError):
            flat.extend(problem.problems)
        else:
            flat.append(problem)
    return flat


def describe(exc: BaseException) -> list[str]:
    """Return one line per problem that *exc* reports.

    Works with every meetupkit error; for a :class:`ValidationError` it gives
    one line per problem.  Other exceptions give their ``str``.

    Examples:
        >>> from meetupkit.errors import NaiveDatetimeError, describe
        >>> describe(NaiveDatetimeError("start", "naive datetime",
        ...                             hint="add a tzinfo"))
        ['start: naive datetime; add a tzinfo']
    """
    if isinstance(exc, ValidationError):
        return [str(problem) for problem in exc.problems]
    return [str(exc)]
