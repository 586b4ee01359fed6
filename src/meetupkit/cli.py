"""The ``meetupkit`` command: check, show, convert and plan meetup files.

A meetup file is a TOML or JSON document holding a series (it has a
``recurrence``) or a one-off meetup; the format follows the file's extension
and ``-`` stands for standard input or output.  Run ``meetupkit --help`` for
the commands and ``meetupkit COMMAND --help`` for each command's options and
an example.

Exit status: 0 when all went well, 1 when a file is bad or cannot be read or
written (standard output included), 2 when the command line is wrong.
Errors go to standard error as one line each, without a traceback.  Output
files are written atomically, so a failure leaves an existing file as it
was; a FIFO or a device such as ``/dev/null`` is written directly and never
replaced.  Text from files is shown with its control characters,
bidirectional overrides and line breaks escaped.  Colour is used only on a
terminal, and never when ``NO_COLOR`` is set.

The command loads meetupkit's format modules only for the subcommands that
need them, so that ``meetupkit --help`` answers at once.

Examples:
    >>> from meetupkit.cli import main
    >>> main(["new", "-"])  # doctest: +ELLIPSIS
    #:schema https://...
    ...
    0
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn

from ._terminal import Output, StdoutError, wants_color

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from ._files import Document
    from .model import Meetup, Series

__all__ = ["main"]

PROG: Final = "meetupkit"

_LANGUAGES: Final = ("de", "en")
_AUDIENCES: Final = ("public", "members", "organizers")

Handler = Callable[[argparse.Namespace, Output], int]


# -- output -----------------------------------------------------------------

_wants_color = wants_color


class _UsageError(Exception):
    """A wrong command line, reported in one line with exit status 2."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog
        self.message = message


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """Refuse the command line of *args*'s command with *message*."""
    raise _UsageError(getattr(args, "prog", PROG), message)


#: Hints of the library that name Python arguments, and how to say them
#: with the command's options and in the files' own notation.
_HINTS_IN_OPTIONS: Final = (
    (
        re.compile(r"pass default_tz=ZoneInfo\(\.\.\.\)"),
        "add --default-tz ZONE, such as --default-tz Europe/Berlin,",
    ),
    (re.compile(r"timedelta\(hours=2\)"), "PT2H"),
    (
        re.compile(r'add a tzinfo such as zoneinfo\.ZoneInfo\("([^"]+)"\)'),
        r"add the zone, as in 2014-09-24T19:00:00+02:00[\1]",
    ),
)


def _in_options(text: str) -> str:
    """Return a library message with its Python hints said as options."""
    for pattern, replacement in _HINTS_IN_OPTIONS:
        text = pattern.sub(replacement, text)
    return text


# -- arguments --------------------------------------------------------------

_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _moment(text: str) -> date | datetime:
    """Read a DATE argument: a day, or a date and time."""
    value = text.strip()
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    else:
        from ._time import parse_datetime  # noqa: PLC0415
        from .errors import MeetupkitError  # noqa: PLC0415

        try:
            return parse_datetime(value)
        except MeetupkitError:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if moment.tzinfo is None:
                    return moment
    raise argparse.ArgumentTypeError(
        f"{text[:40]!r} is not a date; write 2014-09-24, 2014-09-24T19:00 or"
        " 2014-09-24T19:00:00+02:00[Europe/Berlin]"
    )


#: The most digits of a meeting number (a meeting every day for a
#: million years needs nine).
_MAX_DIGITS: Final = 12


def _meeting(text: str) -> int | date | datetime:
    """Read a --meeting argument: a number in the series, or a date."""
    if text.isascii() and text.isdigit():
        if len(text) > _MAX_DIGITS:
            raise argparse.ArgumentTypeError(
                f"{text[:20]!r}... is not a meeting number; no series has"
                " that many meetings"
            )
        number = int(text)
        if number >= 1:
            return number
        raise argparse.ArgumentTypeError("meetings are counted from 1")
    try:
        return _moment(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is neither a meeting number nor a date; write 3"
            " or 2014-11-19"
        ) from None


def _holiday_region(text: str) -> tuple[str, str | None]:
    """Read a --holidays argument: a country, or country-subdivision."""
    country, _, subdiv = text.strip().upper().partition("-")
    try:
        import holidays  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise argparse.ArgumentTypeError(
            "needs the holidays package; pip install 'meetupkit[holidays]'"
        ) from None
    try:
        holidays.country_holidays(country, subdiv=subdiv or None)
    except NotImplementedError:
        raise argparse.ArgumentTypeError(
            f"{text[:20]!r} is not a country or subdivision the holidays"
            " package knows; write it like DE or DE-HE"
        ) from None
    return country, subdiv or None


#: The most meetings ``next -n`` lists.
_MAX_LISTED: Final = 100


def _positive(text: str) -> int:
    return _count(text, limit=10**6)


def _listed(text: str) -> int:
    return _count(text, limit=_MAX_LISTED)


def _count(text: str, *, limit: int) -> int:
    """Read a number of 1 to *limit*."""
    number = 0
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
        number = int(text)
    if not 1 <= number <= limit:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a number from 1 to {limit:,}"
        )
    return number


def _duration(text: str) -> timedelta:
    """Read an ISO 8601 duration argument such as PT12H."""
    from ._time import parse_duration  # noqa: PLC0415
    from .errors import MeetupkitError  # noqa: PLC0415

    try:
        return parse_duration(text)
    except MeetupkitError:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not an ISO 8601 duration; write it like PT12H"
            " or P1D"
        ) from None


#: The longest IANA zone name is about 30 characters.
_MAX_ZONE_NAME: Final = 100


def _zone(text: str) -> tzinfo:
    """Read a --default-tz argument: an IANA zone name."""
    from ._time import load_zone  # noqa: PLC0415
    from .errors import MeetupkitError  # noqa: PLC0415

    refused = argparse.ArgumentTypeError(
        f"{text[:40]!r} is not a time zone; give an IANA name such as"
        " Europe/Berlin"
    )
    if len(text) > _MAX_ZONE_NAME or not _is_text(text):
        raise refused
    try:
        return load_zone(text)
    except (MeetupkitError, RecursionError):
        raise refused from None


def _is_text(text: str) -> bool:
    """Return whether *text* is valid Unicode (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(text: str) -> str:
    """Read a text argument, such as --name, that must be valid UTF-8."""
    if not _is_text(text):
        raise argparse.ArgumentTypeError(
            "not valid UTF-8 text; check the terminal's encoding"
        )
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be blank")
    return text


def _meetup_file(text: str) -> str:
    """Read a FILE argument: a .toml or .json file, or a stream such as -."""
    from . import _files  # noqa: PLC0415

    known = Path(text).suffix.lower() in _files.EXTENSIONS
    if not known and not _files.is_stream(text):
        raise argparse.ArgumentTypeError(f"{text}: {_files.UNKNOWN_TYPE}")
    return text


def _zone_of(obj: Series | Meetup) -> tzinfo:
    zone = obj.start.tzinfo
    assert zone is not None  # noqa: S101 - the model keeps datetimes aware
    return zone


def _resolve(value: date | datetime, zone: tzinfo) -> datetime:
    """Make a DATE argument aware: a day starts at midnight in *zone*."""
    if isinstance(value, datetime):
        return (
            value if value.tzinfo is not None else value.replace(tzinfo=zone)
        )
    return datetime.combine(value, time(), tzinfo=zone)


def _now() -> datetime:
    return datetime.now(UTC)


# -- helpers ----------------------------------------------------------------


def _load(path: str) -> Document:
    from . import _files  # noqa: PLC0415

    return _files.load(path)


def _series_needed(document: Document, what: str) -> Exception:
    from .errors import InvalidValueError  # noqa: PLC0415

    return InvalidValueError(
        document.name,
        f"holds a single meetup, but {what} need a series",
        hint="leave them out for the meetup",
    )


def _series_of(document: Document, command: str) -> Series:
    from .errors import InvalidValueError  # noqa: PLC0415
    from .model import Series  # noqa: PLC0415

    if not isinstance(document.obj, Series):
        raise InvalidValueError(
            document.name,
            f"holds a single meetup, but {command} needs a series",
            hint="give a file with a recurrence",
        )
    return document.obj


def _pick(
    document: Document,
    which: int | date | datetime | None,
    *,
    default: str = "next",
) -> Meetup:
    """Return the meeting of a file that *which* names.

    Without *which*, a series gives its next meeting after now, or with
    *default* ``"previous"`` its last one before now.
    """
    from .errors import InvalidValueError  # noqa: PLC0415
    from .model import Meetup  # noqa: PLC0415

    obj = document.obj
    if isinstance(obj, Meetup):
        if which is None or which == 1:
            return obj
        if (
            not isinstance(which, int)
            and _resolve(which, _zone_of(obj)).date() == obj.start.date()
        ):
            return obj
        raise InvalidValueError(
            "--meeting",
            f"{document.name} holds one meetup, on {obj.start.date()}",
            hint="leave --meeting out",
        )
    if which is None:
        if default == "previous":
            found_one = obj.previous(before=_now())
        else:
            found_one = obj.next(after=_now())
        if found_one is None:
            side = "before" if default == "previous" else "after"
            raise InvalidValueError(
                "--meeting",
                f"the series has no meeting {side} today",
                hint="choose one with --meeting N or --meeting DATE",
            )
        return found_one
    if isinstance(which, int):
        from .errors import MeetupkitError  # noqa: PLC0415

        try:
            return obj.meetup(which)
        except MeetupkitError as exc:
            raise InvalidValueError(
                "--meeting",
                exc.problem,
                hint="see `meetupkit next FILE -n N` for the numbers",
            ) from None
    zone = _zone_of(obj)
    if isinstance(which, datetime):
        moment = _resolve(which, zone)
        found = obj.meetups(moment, moment + timedelta(seconds=1))
    else:
        day = _resolve(which, zone)
        found = obj.meetups(day, _resolve(which + timedelta(days=1), zone))
    if not found:
        raise InvalidValueError(
            "--meeting",
            f"the series has no meeting on {which.isoformat()}",
            hint="see `meetupkit next FILE --after DATE` for the dates",
        )
    return found[0]


def _language(choice: str | None, obj: Series | Meetup) -> str:
    if choice is not None:
        return choice
    spoken = (obj.language or "").split("-")[0].lower()
    return spoken if spoken in _LANGUAGES else "en"


def _write(io: Output, path: str, data: str | bytes) -> None:
    """Write a result to *path*, or through *io* to standard output."""
    from . import _files  # noqa: PLC0415

    if path == "-":
        io.document(data)
    else:
        _files.write(path, data)


def _window(
    args: argparse.Namespace, zone: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """Return --from and --to made aware in *zone*; refuse an empty window."""
    start = _resolve(args.start, zone) if args.start else None
    end = _resolve(args.end, zone) if args.end else None
    if start is not None and end is not None and end <= start:
        _usage(
            args,
            f"--to {args.end.isoformat()} is not after --from"
            f" {args.start.isoformat()}; give a later --to",
        )
    return start, end


# -- commands ---------------------------------------------------------------


def _cmd_validate(args: argparse.Namespace, io: Output) -> int:
    from ._files import FileError  # noqa: PLC0415
    from .model import Series  # noqa: PLC0415

    bad = 0
    for path in args.files:
        try:
            document = _load(path)
        except FileError as exc:
            bad += 1
            for line in exc.lines():
                io.error(io.paint(_in_options(line), "31"))
            continue
        if not args.quiet:
            kind = "series" if isinstance(document.obj, Series) else "meetup"
            io.print(
                f"{document.name}: ",
                io.paint("ok", "32"),
                f" ({kind} '{document.obj.title}')",
            )
    if bad:
        files = "file" if len(args.files) == 1 else "files"
        io.error(f"{bad} of {len(args.files)} {files} with problems")
        return 1
    return 0


def _when(meetup: Meetup, lang: str) -> str:
    from babel.dates import format_date, format_interval  # noqa: PLC0415

    day = format_date(meetup.start, "full", locale=lang)
    skeleton = "Hm" if lang == "de" else "hm"
    span = format_interval(meetup.start, meetup.end, skeleton, locale=lang)
    if meetup.end.date() != meetup.start.date():
        return format_interval(
            meetup.start, meetup.end, "yMMMdHm", locale=lang
        )
    return f"{day}, {span}"


_WORDS: Final = {
    "de": {
        "moved": "verschoben",
        "cancelled": "abgesagt",
        "topics": "Themen",
        "room": "Raum",
        "none": "Keine weiteren Termine.",
        "was": "statt",
    },
    "en": {
        "moved": "moved",
        "cancelled": "cancelled",
        "topics": "Topics",
        "room": "room",
        "none": "No further meetings.",
        "was": "instead of",
    },
}


def _place(meetup: Meetup, lang: str) -> str:
    parts = []
    if meetup.room is not None:
        parts.append(f"{_WORDS[lang]['room']} {meetup.room.name}")
    if meetup.venue is not None:
        parts.append(meetup.venue.name)
        address = meetup.venue.address
        if address is not None and address.city not in meetup.venue.name:
            parts.append(address.city)
    return ", ".join(parts)


def _cmd_next(args: argparse.Namespace, io: Output) -> int:
    from .model import MeetupStatus, Series  # noqa: PLC0415
    from .topics import _shown  # noqa: PLC0415

    document = _load(args.file)
    obj = document.obj
    lang = _language(args.lang, obj)
    words = _WORDS[lang]
    after = _resolve(args.after, _zone_of(obj)) if args.after else _now()
    if isinstance(obj, Series):
        io.print(io.paint(f"{obj.title}: {obj.describe(lang=lang)}", "1"))
        found: list[Meetup] = []
        moment = after
        while len(found) < args.n:
            upcoming = obj.next(
                after=moment, include_cancelled=args.include_cancelled
            )
            if upcoming is None:
                break
            found.append(upcoming)
            moment = upcoming.start
    else:
        io.print(io.paint(obj.title, "1"))
        found = [obj] if obj.start > after else []
    if not found:
        io.print(words["none"])
    for meetup in found:
        number = f"{meetup.number}. " if meetup.number is not None else ""
        line = f"{number}{_when(meetup, lang)}"
        if meetup.status is MeetupStatus.CANCELLED:
            io.print(io.paint(f"{line} ({words['cancelled']})", "9"))
        else:
            if meetup.status is MeetupStatus.MOVED and meetup.recurrence_id:
                from babel.dates import format_date  # noqa: PLC0415

                was = format_date(meetup.recurrence_id, "medium", locale=lang)
                line += f" ({words['moved']}, {words['was']} {was})"
            io.print(line)
        place = _place(meetup, lang)
        if place:
            io.print(f"    {place}")
        # The topics every output lists; none for a meeting that is off.
        shown = () if meetup.is_cancelled else _shown(meetup)
        if shown:
            titles = "; ".join(topic.title for topic in shown)
            io.print(f"    {words['topics']}: {titles}")
        if args.holidays is not None and not meetup.is_cancelled:
            _print_clash(io, obj, meetup, args.holidays, lang)
        if meetup.rsvps and not meetup.is_cancelled:
            from ._rsvp import summary  # noqa: PLC0415

            counts = summary(meetup.attendance, meetup.capacity, lang)
            io.print(f"    {counts}")
    return 0


def _print_clash(
    io: Output,
    obj: Series | Meetup,
    meetup: Meetup,
    region: tuple[str, str | None],
    lang: str,
) -> None:
    """Mark *meetup* if it falls on a public holiday of *region*."""
    import holidays  # noqa: PLC0415 - checked by _holiday_region

    from ._clashes import find  # noqa: PLC0415
    from .model import Series  # noqa: PLC0415

    calendar = holidays.country_holidays(
        region[0], subdiv=region[1], language=lang
    )
    name = calendar.get(meetup.start.date())
    if name is None:
        return
    label = "Feiertag" if lang == "de" else "Holiday"
    line = f"    {label}: {name}"
    if isinstance(obj, Series):
        found = find(
            obj,
            calendar,
            start=meetup.start,
            end=meetup.start + timedelta(seconds=1),
        )
        if found and found[0].proposal is not None:
            from babel.dates import format_date  # noqa: PLC0415

            day = format_date(found[0].proposal, "full", locale=lang)
            move = "verschieben auf" if lang == "de" else "move to"
            line += f"; {move} {day}"
    io.print(io.paint(line, "33"))


def _cmd_schema(args: argparse.Namespace, io: Output) -> int:
    import json  # noqa: PLC0415

    from .model import Meetup, Series  # noqa: PLC0415
    from .schema import json_schema  # noqa: PLC0415

    kind = {"series": Series, "meetup": Meetup}.get(args.kind)
    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
    _write(io, args.output, text + "\n")
    return 0


def _cmd_new(args: argparse.Namespace, io: Output) -> int:
    from . import _files  # noqa: PLC0415

    fmt = _files.format_of(args.file, default="toml")
    _files.refuse_existing(args.file, force=args.force)
    text = STARTER if fmt == "toml" else _starter_json()
    _write(io, args.file, text)
    if not _files.is_stream(args.file):
        io.error(
            f"wrote {args.file}; edit it, then run"
            f" `meetupkit validate {args.file}`"
        )
    return 0


def _starter_json() -> str:
    import json  # noqa: PLC0415
    import tomllib  # noqa: PLC0415

    return (
        json.dumps(tomllib.loads(STARTER), indent=2, ensure_ascii=False) + "\n"
    )


def _cmd_plan(args: argparse.Namespace, io: Output) -> int:
    from .model import TopicStatus  # noqa: PLC0415
    from .topics import plan_topics  # noqa: PLC0415

    if args.dry_run and args.output is not None:
        _usage(args, "--dry-run writes nothing; leave out -o/--output")
    document = _load(args.file)
    series = _series_of(document, "plan")
    after = _resolve(args.after, _zone_of(series)) if args.after else _now()
    planned = plan_topics(
        series,
        after=after,
        meetings=args.meetings,
        per_meeting=args.per_meeting,
    )
    lang = _language(args.lang, series)
    before = {id(wish) for wish in series.topics}
    changed = [
        wish
        for wish in planned.topics
        if id(wish) not in before and wish.status is TopicStatus.PLANNED
    ]
    for wish in changed:
        assert wish.planned_for is not None  # noqa: S101 - planned wishes
        meetup = next(
            m
            for m in planned.meetups(
                wish.planned_for, wish.planned_for + timedelta(days=400)
            )
            if m.recurrence_id == wish.planned_for
        )
        io.print(f"{_when(meetup, lang)}: {wish.title}")
    if not changed:
        io.print(
            "Nichts zu planen: keine offenen Themenwünsche oder kein Platz."
            if lang == "de"
            else "Nothing to plan: no open topic wishes or no free slots."
        )
    if args.dry_run or not changed:
        return 0
    _write_back(io, document, planned, args.output or args.file)
    return 0


def _write_back(
    io: Output, document: Document, changed: Series | Meetup, output: str
) -> None:
    """Write *changed* to *output*, keeping the comments of a TOML file.

    The text is read back before it is written, so that a file is only
    replaced by one that loads as *changed*.
    """
    from . import _files  # noqa: PLC0415
    from .errors import InvalidValueError  # noqa: PLC0415
    from .serialize import from_json, from_toml, update_toml  # noqa: PLC0415

    fmt = _files.format_of(output, default=document.fmt)
    if fmt == "toml" and document.fmt == "toml" and document.text:
        text = update_toml(document.text, changed)
    else:
        text = _files.dumps(changed, fmt)
        schema = document.data.get("$schema")
        if isinstance(schema, str):
            text = _with_schema(text, fmt, schema)
    read = from_toml if fmt == "toml" else from_json
    if read(type(changed), text) != changed:
        raise InvalidValueError(
            document.name,
            "the rewritten file would not read back as the changed series",
            hint="nothing was written; please report this as a bug",
        )
    _write(io, output, text)


def _meeting_on(
    args: argparse.Namespace, series: Series, when: date | datetime
) -> datetime:
    """The original start of the meeting *when* names (a day or a start)."""
    zone = _zone_of(series)
    if isinstance(when, datetime):
        return _resolve(when, zone)
    day = _resolve(when, zone)
    found = [
        meetup.recurrence_id or meetup.start
        for meetup in series.meetups(day, day + timedelta(days=1))
    ]
    if len(found) != 1:
        what = "no meeting" if not found else f"{len(found)} meetings"
        _usage(
            args,
            f"the series has {what} on {when.isoformat()}; give the date of"
            " a meeting (see 'meetupkit next FILE'), or its start time",
        )
    return found[0]


def _start_on(
    args: argparse.Namespace, series: Series, when: date | datetime
) -> datetime:
    """A start from *when*; a day alone gets the series' time of day."""
    zone = _zone_of(series)
    if isinstance(when, datetime):
        return _resolve(when, zone)
    del args
    clock = series.start.astimezone(zone).time()
    if series.changes:
        from ._phases import time_of_day  # noqa: PLC0415

        clock = time_of_day(series, when)
    return datetime.combine(when, clock, tzinfo=zone)


def _edit(args: argparse.Namespace, io: Output, what: str) -> int:
    """Load FILE, change its series as *what* says, and write it back."""
    document = _load(args.file)
    series = _series_of(document, what)
    if what == "cancel":
        changed = series.cancel(
            _meeting_on(args, series, args.date), reason=args.reason
        )
    elif what == "move":
        changed = series.move(
            _meeting_on(args, series, args.date),
            to=_start_on(args, series, args.to),
            reason=args.reason,
        )
    else:
        changed = series.add_date(_start_on(args, series, args.date))
    _write_back(io, document, changed, args.output or args.file)
    return 0


def _cmd_cancel(args: argparse.Namespace, io: Output) -> int:
    return _edit(args, io, "cancel")


def _cmd_move(args: argparse.Namespace, io: Output) -> int:
    return _edit(args, io, "move")


def _cmd_add(args: argparse.Namespace, io: Output) -> int:
    return _edit(args, io, "add")


def _cmd_rsvp(args: argparse.Namespace, io: Output) -> int:
    from ._rsvp import summary  # noqa: PLC0415
    from .model import Participant, Series  # noqa: PLC0415

    document = _load(args.file)
    obj = document.obj
    meetup = _pick(document, args.meeting)
    person = Participant(name=args.name, email=args.email)
    if isinstance(obj, Series):
        updated: Series | Meetup = obj.rsvp(meetup, person, args.answer)
        assert isinstance(updated, Series)  # noqa: S101 - for the type
        meetup = updated.meetups(
            meetup.start, meetup.start + timedelta(seconds=1)
        )[0]
    else:
        updated = meetup = obj.rsvp(person, args.answer)
    lang = _language(args.lang, obj)
    split = meetup.attendance
    io.print(f"{_when(meetup, lang)}: {args.name}: {args.answer}")
    waiting = [p.name for p in split.waiting]
    if args.name in waiting:
        place = waiting.index(args.name) + 1
        io.print(
            f"    {'Warteliste, Platz' if lang == 'de' else 'waiting list, place'}"
            f" {place}"
        )
    io.print(f"    {summary(split, meetup.capacity, lang)}")
    if not args.dry_run:
        _write_back(io, document, updated, args.output or args.file)
    return 0


def _cmd_restore(args: argparse.Namespace, io: Output) -> int:
    from .model import Series  # noqa: PLC0415

    document = _load(args.file)
    series = _series_of(document, "restore")
    meetup = _pick(document, args.meeting)
    restored = series.restore(meetup)
    lang = _language(args.lang, series)
    done = "findet statt" if lang == "de" else "takes place"
    io.print(f"{_when(meetup, lang)}: {done}")
    assert isinstance(restored, Series)  # noqa: S101 - for the type
    if not args.dry_run:
        _write_back(io, document, restored, args.output or args.file)
    return 0


def _with_schema(text: str, fmt: str, url: str) -> str:
    import json  # noqa: PLC0415

    quoted = json.dumps(url, ensure_ascii=False)
    if fmt == "json":
        return text.replace("{\n", f'{{\n  "$schema": {quoted},\n', 1)
    return f'"$schema" = {quoted}\n{text}'


def _cmd_jsonld(args: argparse.Namespace, io: Output) -> int:
    import json  # noqa: PLC0415

    from .jsonld import to_jsonld, to_script  # noqa: PLC0415
    from .model import Series  # noqa: PLC0415

    if args.meeting is not None and (args.start or args.end):
        _usage(
            args,
            "--meeting writes one meeting, --from and --to a series' window;"
            " give one or the other",
        )
    document = _load(args.file)
    obj: Series | Meetup = document.obj
    start, end = _window(args, _zone_of(obj))
    if args.meeting is not None:
        obj = _pick(document, args.meeting)
    elif not isinstance(obj, Series) and (start or end):
        raise _series_needed(document, "--from and --to")
    doc = to_jsonld(obj, audience=args.audience, start=start, end=end)
    if args.script:
        text = to_script(doc) + "\n"
    else:
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    _write(io, args.output, text)
    return 0


def _cmd_ical(args: argparse.Namespace, io: Output) -> int:
    from .ical import to_ical  # noqa: PLC0415
    from .model import Audience, Series  # noqa: PLC0415

    document = _load(args.file)
    obj = document.obj
    zone = _zone_of(obj)
    items: Series | Meetup | list[Meetup] = obj
    window = _window(args, zone)
    if args.start is not None or args.end is not None:
        start = window[0] or obj.start
        end = window[1] or start + timedelta(days=366)
        if end <= start:
            _usage(
                args,
                f"--to {args.end.isoformat()} is not after the first meeting"
                f" ({obj.start.date().isoformat()}); give a later --to",
            )
        if isinstance(obj, Series):
            items = obj.meetups(start, end)
        else:
            items = [obj] if start <= obj.start < end else []
    stamp = _resolve(args.dtstamp, zone) if args.dtstamp else None
    data = to_ical(
        items,
        name=args.name or obj.title,
        audience=Audience(args.audience),
        dtstamp=stamp,
        attendees=args.attendees,
        refresh_interval=args.refresh,
    )
    _write(io, args.output, data)
    return 0


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60]
    return slug or fallback


def _cmd_import_ical(args: argparse.Namespace, io: Output) -> int:
    import warnings  # noqa: PLC0415

    from . import _files  # noqa: PLC0415
    from .errors import InvalidValueError  # noqa: PLC0415
    from .ical import from_ical_report  # noqa: PLC0415

    output = args.output
    folder = output != "-" and Path(output).is_dir()
    if not folder:
        try:
            fmt: _files.Format = _files.format_of(
                output, default=args.format or "toml"
            )
        except _files.FileError:
            _usage(args, f"-o {output}: {_files.UNKNOWN_TYPE}, or a folder")
        if args.format is not None and args.format != fmt:
            _usage(
                args,
                f"--format {args.format} does not fit -o {output}; name it"
                f" *.{args.format} or leave out --format",
            )
    else:
        fmt = args.format or "toml"
    data = _files.read_bytes(args.feed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = from_ical_report(data, default_tz=args.default_tz)
    items = list(report.items)
    for entry in sorted(
        (*report.repaired, *report.skipped), key=lambda e: e.line or 0
    ):
        io.error(f"{PROG}: warning: {_in_options(str(entry))}")
    for warning in caught:
        io.error(f"{PROG}: warning: {_in_options(str(warning.message))}")
    io.error(f"{PROG}: {report.summary()}")
    name = _files.display_name(args.feed)
    if not items:
        raise InvalidValueError(
            name, "holds no events", hint="check that it is the feed you meant"
        )
    if len(items) > 1 and not folder:
        raise InvalidValueError(
            name,
            f"holds {len(items)} series and meetups, but a file holds one",
            hint="give an existing folder as -o to write one file each",
        )
    for index, item in enumerate(items, start=1):
        if folder:
            stem = _slug(item.uid.split("@")[0], "event")
            target = str(Path(output) / f"{index:03d}-{stem}.{fmt}")
        else:
            target = output
        _write(io, target, _files.dumps(item, fmt))
        if not _files.is_stream(target):
            io.error(f"wrote {target}: {item.title}")
    return 0


def _cmd_recap(args: argparse.Namespace, io: Output) -> int:
    from .model import Series  # noqa: PLC0415
    from .render import render_recap  # noqa: PLC0415

    document = _load(args.file)
    meetup = _pick(document, args.meeting, default="previous")
    series = document.obj if isinstance(document.obj, Series) else None
    text = render_recap(
        meetup,
        format="html" if args.format == "html" else "markdown",
        lang=_language(args.lang, document.obj),
        audience=args.audience,
        series=series,
    )
    _write(io, args.output, text)
    return 0


def _cmd_invite(args: argparse.Namespace, io: Output) -> int:
    from .model import Series  # noqa: PLC0415
    from .render import render_invitation  # noqa: PLC0415

    document = _load(args.file)
    meetup = _pick(document, args.meeting)
    series = document.obj if isinstance(document.obj, Series) else None
    text = render_invitation(
        meetup,
        format="markdown" if args.format == "md" else "text",
        lang=_language(args.lang, document.obj),
        audience=args.audience,
        series=series,
    )
    _write(io, args.output, text)
    return 0


# -- the parser -------------------------------------------------------------

STARTER: Final = """\
#:schema https://meetupkit.readthedocs.io/en/latest/_static/meetupkit.schema.json
# A meetup series for meetupkit.  Edit it, then check it with
#     meetupkit validate FILE
# and see the next dates with
#     meetupkit next FILE --lang de
# The "$schema" line lets editors that know JSON Schema complete and check
# the file; meetupkit itself ignores it.
"$schema" = "https://meetupkit.readthedocs.io/en/latest/_static/meetupkit.schema.json"
format_version = 2

# What the series is called.
title = "#SoMeWI Stammtisch"
hashtag = "#SoMeWI"
description = "Der Stammtisch für alle, die beruflich mit Social Media arbeiten."

# The first meeting: local time, UTC offset and time zone (RFC 9557).  The
# zone name keeps every meeting at 19:00 across daylight-saving changes.
start = "2014-09-24T19:00:00+02:00[Europe/Berlin]"

# How long a meeting lasts (ISO 8601): PT2H is two hours, PT1H30M ninety
# minutes.
duration = "PT2H"

# How the meetings repeat, as an iCalendar rule (RFC 5545):
#   every eight weeks               FREQ=WEEKLY;INTERVAL=8
#   every second Tuesday a month    FREQ=MONTHLY;BYDAY=2TU
#   every last Thursday a month     FREQ=MONTHLY;BYDAY=-1TH
recurrence = "FREQ=WEEKLY;INTERVAL=8"

# A stable id: calendar apps use it to update meetings instead of adding
# them twice.  Keep it when you change the title.
uid = "somewi@some-netzwerk.example"

# The language spoken (de, en, ...), and where invitations are published.
language = "de"
invitation_channel = "XING"
# invitation_url = "https://www.xing.com/events/..."
# url = "https://some-netzwerk.example/somewi"

# The room the meetings are usually in: the name of one of the venue's
# rooms listed below.
room = "Adelheid"

# Where the meetings usually are.
[venue]
name = "heimathafen Wiesbaden"
# url = "https://www.heimathafen-wiesbaden.de/"
# contact = "Dominik Hoffmann"

[venue.address]
street = "Karlstraße 22"
postal_code = "65185"
city = "Wiesbaden"
country = "DE"

# The rooms of the venue.  Add a [[venue.rooms]] block for each.
[[venue.rooms]]
name = "Adelheid"
capacity = 12
# floor = "1. OG"
# features = ["Beamer", "Whiteboard"]
# step_free = true

# Topic wishes for the next meetings; `meetupkit plan FILE` plans the most
# wanted ones into the coming meetings.
[[topics]]
title = "Wie bereitet man sich auf einen Shitstorm vor?"
proposed_on = "2014-09-24"

[[topics]]
title = "Social Media und Recht"
proposed_on = "2014-09-24"

[[topics]]
title = "Coworking-Spaces"
proposed_on = "2014-09-24"

# The organizers.  Nothing about a person leaves meetupkit (calendar,
# web page, recap) unless their consent releases it.
# [[organizers]]
# name = "Your Name"
# roles = ["organizer"]
# [organizers.consent]
# name = "public"
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples in the epilogs as they are written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are reported by :func:`main`."""

    def error(self, message: str) -> NoReturn:
        if message.endswith("required: COMMAND"):
            names = [
                name
                for action in self._actions
                if isinstance(action, argparse._SubParsersAction)  # noqa: SLF001
                for name in action.choices
            ]
            message = f"give a command, one of {', '.join(names)}"
        raise _UsageError(self.prog, message)

    def _print_message(
        self, message: str, file: SupportsWrite[str] | None = None
    ) -> None:
        # argparse ignores errors writing --help and --version; a full disk
        # or a closed pipe must fail the command like any other output.
        if message:
            stream = file if file is not None else sys.stderr
            try:
                stream.write(message)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise StdoutError(exc.errno, exc.strerror) from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("meetupkit")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def _epilog(*lines: str) -> str:
    return "example:\n" + "\n".join(f"  {line}" for line in lines)


def _add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="OUT",
        help=f"write {what} to OUT, atomically (default: - for standard"
        " output)",
    )


def _add_edit_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=_meetup_file,
        metavar="OUT",
        help="write the changed file to OUT instead of FILE",
    )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=_LANGUAGES,
        help="the language of the text (default: the file's language if"
        " it is de or en, else en)",
    )


def _add_audience(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--audience",
        choices=_AUDIENCES,
        default="public",
        help="who reads the output; only personal data the participants"
        " released to it is included (default: public)",
    )


def _add_meeting(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument(
        "--meeting",
        type=_meeting,
        metavar="N|DATE",
        help=f"which meeting of a series: its number (the first is 1) or"
        f" its date (default: {default})",
    )


def _add_color(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=default,
        help="colour the output: auto (on a terminal, unless NO_COLOR is"
        " set), always or never (default: auto)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the ``meetupkit`` command line."""
    parser = _Parser(
        prog=PROG,
        formatter_class=_Formatter,
        description=textwrap.dedent(
            """\
            Check, show, convert and plan meetup files.

            A meetup file is TOML or JSON (by its extension; - is standard
            input or output) and holds a series (it has a recurrence) or a
            one-off meetup.  Start one with `meetupkit new FILE`.
            """
        ),
        epilog=textwrap.dedent(
            """\
            examples:
              meetupkit new somewi.toml
              meetupkit validate somewi.toml
              meetupkit next somewi.toml -n 3 --lang de
              meetupkit COMMAND --help

            exit status: 0 ok, 1 bad data or a file that cannot be read or
            written, 2 a wrong command line.  Colour is used on a terminal
            unless NO_COLOR is set.
            """
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}"
    )
    _add_color(parser, default="auto")
    # The global options work after the command too; there they default to
    # "not given", so that they do not undo one given before the command.
    common = _Parser(add_help=False)
    _add_color(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(
        title="commands",
        dest="command",
        metavar="COMMAND",
        required=True,
        parser_class=_Parser,
    )

    def command(
        name: str,
        handler: Handler,
        summary: str,
        description: str,
        epilog: str,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=textwrap.dedent(description),
            epilog=epilog,
            formatter_class=_Formatter,
            parents=[common],
        )
        sub.set_defaults(handler=handler, prog=sub.prog)
        return sub

    sub = command(
        "validate",
        _cmd_validate,
        "check meetup files and list every problem",
        """\
        Check meetup files.  Exit 0 if all are valid; otherwise list every
        problem (file, line, field path, what is wrong and how to fix it) on
        standard error and exit 1.
        """,
        _epilog("meetupkit validate somewi.toml kickoff.json"),
    )
    sub.add_argument(
        "files",
        nargs="+",
        type=_meetup_file,
        metavar="FILE",
        help="files to check",
    )
    sub.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing for valid files",
    )

    sub = command(
        "next",
        _cmd_next,
        "show the next meetings, in German or English",
        """\
        Show the next meetings of a series (or a one-off meetup if it is
        still to come): number, date and time in the meetup's own time
        zone, place and planned topics.
        """,
        _epilog(
            "meetupkit next somewi.toml -n 3 --after 2014-09-25 --lang de"
        ),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the meetup file"
    )
    sub.add_argument(
        "-n",
        type=_listed,
        default=3,
        metavar="N",
        help="how many meetings to show, up to 100 (default: 3)",
    )
    sub.add_argument(
        "--after",
        type=_moment,
        metavar="DATE",
        help="show meetings that start after DATE, a day (2014-09-25) or a"
        " time; without an offset it is read in the meetup's zone"
        " (default: now)",
    )
    sub.add_argument(
        "--include-cancelled",
        action="store_true",
        help="list cancelled meetings too",
    )
    _add_lang(sub)
    sub.add_argument(
        "--holidays",
        type=_holiday_region,
        metavar="REGION",
        help="mark meetings on a public holiday of REGION (DE, or DE-HE for"
        " Hesse) and propose a day to move them to; needs"
        " meetupkit[holidays]",
    )

    sub = command(
        "ical",
        _cmd_ical,
        "write an iCalendar feed (.ics)",
        """\
        Write a meetup file as an iCalendar feed for calendar apps.  A
        series becomes one event with its rule and its cancelled and moved
        meetings (one such event per rhythm, if it changes its rhythm);
        with --from or --to, each meeting in that window becomes an event
        of its own instead.  Times keep their zone (TZID and
        VTIMEZONE), and UIDs stay the same from one export to the next, so
        subscribed calendars update instead of adding events twice.
        """,
        _epilog(
            "meetupkit ical somewi.toml -o somewi.ics",
            "meetupkit ical somewi.toml --from 2015-01-01 --to 2016-01-01"
            " -o somewi-2015.ics",
        ),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the meetup file"
    )
    sub.add_argument(
        "--from",
        dest="start",
        type=_moment,
        metavar="DATE",
        help="export the meetings from DATE on, one event each",
    )
    sub.add_argument(
        "--to",
        dest="end",
        type=_moment,
        metavar="DATE",
        help="export the meetings before DATE, one event each (default:"
        " a year after --from)",
    )
    sub.add_argument(
        "--name", type=_text, help="the calendar's name (default: the title)"
    )
    sub.add_argument(
        "--attendees",
        action="store_true",
        help="add ORGANIZER and ATTENDEE lines for the people who released"
        " their name or email to the audience",
    )
    sub.add_argument(
        "--dtstamp",
        type=_moment,
        metavar="DATE",
        help="the DTSTAMP of every event, for output that is the same"
        " byte for byte on every run (default: now)",
    )
    sub.add_argument(
        "--refresh",
        type=_duration,
        metavar="DURATION",
        help="how often subscribers reload, as ISO 8601 (PT12H)",
    )
    _add_audience(sub)
    _add_output(sub, "the calendar")

    sub = command(
        "import-ical",
        _cmd_import_ical,
        "read an iCalendar feed into a meetup file",
        """\
        Read an iCalendar feed (a file, or - for standard input) into a
        meetup file.  An event with a rule becomes a series, with its
        cancelled and moved meetings; any other event a one-off meetup.
        A feed with several events needs a folder as -o, which gets one
        file per event.
        """,
        _epilog(
            "meetupkit import-ical somewi.ics -o somewi.toml",
            "curl -s https://example.org/feed.ics | meetupkit import-ical -"
            " -o feeds/",
        ),
    )
    sub.add_argument(
        "feed", metavar="FEED", help="the .ics file, or - for standard input"
    )
    sub.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="OUT",
        help="the meetup file to write, or a folder for one file per event"
        " (default: - for standard output)",
    )
    sub.add_argument(
        "--format",
        choices=("toml", "json"),
        help="the format to write (default: by the extension of OUT; TOML"
        " for standard output and folders)",
    )
    sub.add_argument(
        "--default-tz",
        type=_zone,
        metavar="ZONE",
        help="the IANA zone of times without one, such as Europe/Berlin",
    )

    sub = command(
        "recap",
        _cmd_recap,
        "write the recap of a meeting as Markdown or HTML",
        """\
        Write the recap of one meeting: date and place, the text of its
        recap, the questions and outcomes, who came (as counts, and the
        names released to the audience), the thanks and the next meeting.
        """,
        _epilog(
            "meetupkit recap somewi.toml --meeting 1 --format html --lang de"
            " -o recap.html"
        ),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the meetup file"
    )
    _add_meeting(sub, default="the last meeting before now")
    sub.add_argument(
        "--format",
        choices=("md", "html"),
        default="md",
        help="Markdown or an HTML fragment (default: md)",
    )
    _add_lang(sub)
    _add_audience(sub)
    _add_output(sub, "the recap")

    sub = command(
        "invite",
        _cmd_invite,
        "write the invitation to a meeting",
        """\
        Write the invitation to one meeting, for a newsletter (text) or an
        event page (Markdown): what, when, where, the planned topics and
        where to sign up.
        """,
        _epilog("meetupkit invite somewi.toml --meeting 2014-11-19 --lang de"),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the meetup file"
    )
    _add_meeting(sub, default="the next meeting after now")
    sub.add_argument(
        "--format",
        choices=("text", "md"),
        default="text",
        help="plain text or Markdown (default: text)",
    )
    _add_lang(sub)
    _add_audience(sub)
    _add_output(sub, "the invitation")

    sub = command(
        "plan",
        _cmd_plan,
        "plan topic wishes into the next meetings and save the file",
        """\
        Plan the most wanted open topic wishes of a series into its next
        meetings (skipping cancelled ones) and write the file back.  Wishes
        rank by votes, then by age.  A TOML file keeps its comments, the
        order of its keys and its $schema line.
        """,
        _epilog("meetupkit plan somewi.toml --meetings 3 --after 2014-09-25"),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the series file"
    )
    sub.add_argument(
        "--meetings",
        type=_positive,
        default=3,
        metavar="N",
        help="how many meetings to plan for (default: 3)",
    )
    sub.add_argument(
        "--per-meeting",
        type=_positive,
        default=2,
        metavar="N",
        help="topics per meeting at most (default: 2)",
    )
    sub.add_argument(
        "--after",
        type=_moment,
        metavar="DATE",
        help="plan meetings that start after DATE (default: now)",
    )
    sub.add_argument(
        "-o",
        "--output",
        type=_meetup_file,
        metavar="OUT",
        help="write the planned series to OUT instead of FILE",
    )
    sub.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="show the plan but write nothing",
    )
    _add_lang(sub)

    sub = command(
        "rsvp",
        _cmd_rsvp,
        "record someone's answer to a meeting and save the file",
        """\
        Record that someone comes (yes), does not (no) or may come
        (maybe) to a meeting, and write the file back.  Beyond the room's
        capacity a yes goes onto the waiting list; a no from someone with a
        seat lets the first who waits move up.
        """,
        _epilog("meetupkit rsvp somewi.toml Anna yes --meeting 2026-12-30"),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the meetup file"
    )
    sub.add_argument("name", type=_text, metavar="NAME", help="who answers")
    sub.add_argument(
        "answer", choices=("yes", "no", "maybe"), help="the answer"
    )
    sub.add_argument(
        "--email",
        type=_text,
        metavar="ADDRESS",
        help="their email address; the same person answers with the same"
        " address, or without one, the same name",
    )
    _add_meeting(sub, default="the next one")
    _add_edit_output(sub)
    sub.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="show the result but write nothing",
    )
    _add_lang(sub)

    sub = command(
        "restore",
        _cmd_restore,
        "let a cancelled meeting take place again and save the file",
        """\
        Clear the cancellation of a meeting of a series (and its reason),
        and write the file back.  The meeting's sequence goes up, so
        calendars show it again.
        """,
        _epilog("meetupkit restore somewi.toml --meeting 2014-11-19"),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the series file"
    )
    sub.add_argument(
        "--meeting",
        type=_meeting,
        metavar="N|DATE",
        required=True,
        help="the cancelled meeting: its number (the first is 1) or its date",
    )
    _add_edit_output(sub)
    sub.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="show the result but write nothing",
    )
    _add_lang(sub)

    sub = command(
        "cancel",
        _cmd_cancel,
        "cancel one meeting of a series and save the file",
        """\
        Cancel the meeting on DATE (a day, or the meeting's start; times are
        in the series' own time zone) and write the file back.  The meeting
        stays in calendars, marked as cancelled.  The changed series is
        checked before anything is written; a TOML file keeps its comments.
        """,
        _epilog('meetupkit cancel somewi.toml 2014-11-19 --reason "Krank"'),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the series file"
    )
    sub.add_argument(
        "date", type=_moment, metavar="DATE", help="the meeting to cancel"
    )
    sub.add_argument(
        "--reason", type=_text, metavar="TEXT", help="why it is cancelled"
    )
    _add_edit_output(sub)

    sub = command(
        "move",
        _cmd_move,
        "move one meeting of a series and save the file",
        """\
        Move the meeting on DATE to another start (times are in the series'
        own time zone; a day alone keeps the meeting's time of day) and
        write the file back.  The changed series is checked before anything
        is written; a TOML file keeps its comments.
        """,
        _epilog(
            "meetupkit move somewi.toml 2014-11-19 --to 2014-11-26T19:30"
            ' --reason "Raum belegt"'
        ),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the series file"
    )
    sub.add_argument(
        "date", type=_moment, metavar="DATE", help="the meeting to move"
    )
    sub.add_argument(
        "--to",
        type=_moment,
        required=True,
        metavar="DATETIME",
        help="the new start",
    )
    sub.add_argument(
        "--reason", type=_text, metavar="TEXT", help="why it is moved"
    )
    _add_edit_output(sub)

    sub = command(
        "add",
        _cmd_add,
        "add an extra meeting to a series and save the file",
        """\
        Add a meeting at DATETIME outside the series' rule (times are in the
        series' own time zone; a day alone gets the series' time of day) and
        write the file back.  The changed series is checked before anything
        is written; a TOML file keeps its comments.
        """,
        _epilog("meetupkit add somewi.toml 2014-12-10T19:00"),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the series file"
    )
    sub.add_argument(
        "date", type=_moment, metavar="DATETIME", help="the extra meeting"
    )
    _add_edit_output(sub)

    sub = command(
        "jsonld",
        _cmd_jsonld,
        "write schema.org JSON-LD for a web page",
        """\
        Write the schema.org JSON-LD of a series (an EventSeries with its
        schedule and the meetings in a window) or of one meeting (an
        Event), for search engines.
        """,
        _epilog(
            "meetupkit jsonld somewi.toml --from 2014-09-01 --to 2015-09-01",
            "meetupkit jsonld somewi.toml --meeting 2 --script -o event.html",
        ),
    )
    sub.add_argument(
        "file", type=_meetup_file, metavar="FILE", help="the meetup file"
    )
    _add_meeting(sub, default="the whole series")
    sub.add_argument(
        "--from",
        dest="start",
        type=_moment,
        metavar="DATE",
        help="list the meetings of a series from DATE (default: its start)",
    )
    sub.add_argument(
        "--to",
        dest="end",
        type=_moment,
        metavar="DATE",
        help="list the meetings of a series before DATE",
    )
    sub.add_argument(
        "--script",
        action="store_true",
        help='wrap it in <script type="application/ld+json"> for HTML',
    )
    _add_audience(sub)
    _add_output(sub, "the JSON-LD")

    sub = command(
        "schema",
        _cmd_schema,
        "print the JSON Schema of meetup files",
        """\
        Print the JSON Schema (draft 2020-12) of meetup files, generated
        from meetupkit's model.  Editors use it to complete and check files
        that name it under "$schema".
        """,
        _epilog("meetupkit schema -o meetupkit.schema.json"),
    )
    sub.add_argument(
        "--kind",
        choices=("any", "series", "meetup"),
        default="any",
        help="describe files holding a series, a meetup, or either"
        " (default: any)",
    )
    _add_output(sub, "the schema")

    sub = command(
        "new",
        _cmd_new,
        "write a commented starter file",
        """\
        Write a starter series (the #SoMeWI regulars' table, with one venue,
        one room and three topic wishes) to edit.  A .toml file explains
        every field in comments; a .json file has the same data.
        """,
        _epilog("meetupkit new my-meetup.toml"),
    )
    sub.add_argument(
        "file",
        type=_meetup_file,
        metavar="FILE",
        help="the file to create, *.toml or *.json (- for standard output)",
    )
    sub.add_argument(
        "-f", "--force", action="store_true", help="replace FILE if it exists"
    )
    return parser


# -- main -------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``meetupkit`` command and return its exit status.

    Every failure ends here as a message on standard error, one line per
    problem, never as a traceback.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` if not
            given.

    Returns:
        0 on success, 1 when a file is bad or cannot be read or written
        (standard output included) or the command fails, 2 when the command
        line is wrong, 130 when interrupted.
    """
    from .errors import MeetupkitError  # noqa: PLC0415

    io = Output()
    try:
        status = _run(argv, io)
        io.flush()
    except _UsageError as exc:
        io.error(
            f"{exc.prog}: ",
            io.paint("error", "31"),
            f": {exc.message} (see '{exc.prog} --help')",
        )
        return 2
    except MeetupkitError as exc:
        from ._files import FileError  # noqa: PLC0415

        lines = exc.lines() if isinstance(exc, FileError) else _describe(exc)
        for line in lines:
            _fail(io, _in_options(line))
        return 1
    except BrokenPipeError:
        # The reader went away (`meetupkit schema | head`); say nothing.
        _silence(io)
        return 1
    except StdoutError as exc:
        _silence(io)
        _fail(io, f"<stdout>: cannot be written: {_reason(exc)}")
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(io, f"{where}{_reason(exc)}")
        return 1
    except UnicodeEncodeError:
        _fail(
            io,
            "the output holds text that is not valid Unicode (a lone"
            " surrogate); fix the text in the file",
        )
        return 1
    except KeyboardInterrupt:
        io.error(f"{PROG}: interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: no traceback
        _fail(
            io,
            f"cannot finish: {type(exc).__name__}: {str(exc)[:200]} (this"
            " is a bug in meetupkit; please report it)",
        )
        return 1
    return status


def _run(argv: Sequence[str] | None, io: Output) -> int:
    """Parse *argv* and run its command; usage errors raise _UsageError."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help and --version
        io.flush()
        return exc.code if isinstance(exc.code, int) else 2
    io.set_color(args.color)
    handler: Handler = args.handler
    return handler(args, io)


def _fail(io: Output, line: str) -> None:
    io.error(f"{PROG}: ", io.paint("error", "31"), f": {line}")


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _silence(io: Output) -> None:
    """Point standard output at the null device after it failed.

    Whatever is still buffered then goes nowhere at exit, instead of
    failing again with a message of Python's own.
    """
    if io.out is None:
        return
    try:
        descriptor = io.out.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def _describe(exc: BaseException) -> list[str]:
    from .errors import describe  # noqa: PLC0415

    return describe(exc)
