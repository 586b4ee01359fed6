"""Private: read and write meetup files for the command line.

A meetup file is a TOML or JSON document made by :func:`meetupkit.to_toml`
or :func:`meetupkit.to_json`.  The format is chosen by the file's extension
(``.toml`` or ``.json``); ``-`` means standard input or output, where input
that starts with ``{`` is JSON and anything else TOML.

A file holds a :class:`~meetupkit.Series` or a one-off
:class:`~meetupkit.Meetup`.  It is a series if it has a ``recurrence`` or
any other field that only a series has (``hashtag``, ``organizers``,
``overrides``, …); otherwise it is a meetup.  So a series that lacks its
rule is reported as a series with ``recurrence`` missing, not as a meetup
with unknown keys.

Problems are reported with the line they are on: the readers record the
line of every key and array item, and a problem about a missing field
points at the object that lacks it.

Output to a regular file is written atomically: into a temporary file in
the same folder, flushed to disk, then renamed over the target, so that a
failure at any point leaves the old file exactly as it was.  A FIFO or a
character device (``/dev/null``) is written directly and never replaced;
like ``-``, such a stream has no extension, so its format is sniffed on
reading and given by the command on writing.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import errno
import json
import os
import re
import stat
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import IO, Any, Final, Literal

import attrs

from ._terminal import write_all
from .errors import MeetupkitError, ValidationError
from .model import Meetup, Series

Format = Literal["toml", "json"]

STDIO: Final = "-"
EXTENSIONS: Final[dict[str, Format]] = {".toml": "toml", ".json": "json"}

#: Fields only a series has; one of them marks a document as a series.
SERIES_ONLY: Final = frozenset(
    field.name for field in attrs.fields(Series)
) - frozenset(field.name for field in attrs.fields(Meetup))

_MAX_BYTES: Final = 16 * 1024 * 1024


class FileError(MeetupkitError):
    """A file cannot be read or written, or holds a bad document.

    Attributes:
        name: The file's name as the user gave it (``<stdin>`` for ``-``).
        entries: One ``(line, text)`` pair per problem; *line* is ``None``
            where no single line is to blame.
    """

    name: str
    entries: list[tuple[int | None, str]]

    def __init__(
        self, name: str, entries: list[tuple[int | None, str]]
    ) -> None:
        self.name = name
        self.entries = entries
        count = len(entries)
        super().__init__(name, f"{count} problem{'s' if count != 1 else ''}")

    def lines(self) -> list[str]:
        """Return one ``file:line: problem`` line per problem."""
        return [
            f"{self.name}:{line}: {text}" if line else f"{self.name}: {text}"
            for line, text in self.entries
        ]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def display_name(path: str) -> str:
    """Return how to name *path* in messages."""
    return "<stdin>" if path == STDIO else path


def is_stream(path: str) -> bool:
    """Return whether *path* is ``-`` or an existing file that is not regular.

    Such a path (standard input or output, ``/dev/stdout``, a FIFO, a
    character device such as ``/dev/null``) has no extension to go by and is
    read or written as a stream, never replaced.
    """
    if path == STDIO:
        return True
    try:
        mode = Path(path).stat().st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def format_of(path: str, *, default: Format | None = None) -> Format:
    """Return the format of *path* by its extension.

    *default* is the format of a stream (see :func:`is_stream`), which has
    no extension to go by.

    Raises:
        FileError: the extension is neither ``.toml`` nor ``.json``, and
            *path* is not a stream with a *default*.
    """
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is not None:
        return found
    if default is not None and is_stream(path):
        return default
    raise FileError(display_name(path), [(None, UNKNOWN_TYPE)])


#: The problem of a meetup file with an unknown extension.
UNKNOWN_TYPE: Final = "unknown file type; name it *.toml or *.json"


def read_bytes(path: str, stdin: IO[bytes] | None = None) -> bytes:
    """Return the content of *path* (standard input for ``-``).

    Raises:
        FileError: the file cannot be read or is larger than 16 MiB.
    """
    name = display_name(path)
    try:
        if path == STDIO:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(_MAX_BYTES + 1)
        else:
            with Path(path).open("rb") as handle:
                data = handle.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise FileError(name, [(None, _os_problem(exc))]) from None
    if len(data) > _MAX_BYTES:
        raise FileError(name, [(None, "larger than 16 MiB; split it")])
    return data


def _os_problem(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"cannot be read: {reason}"


def decode(data: bytes, name: str) -> str:
    """Return *data* as text, refusing what is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileError(
            name, [(line, "not UTF-8 text; save the file as UTF-8")]
        ) from None


# -- parsing, with lines ----------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a meetup file")


def parse(text: str, fmt: Format, name: str) -> dict[str, Any]:
    """Parse *text* as *fmt* into a dict.

    Raises:
        FileError: the text is not valid *fmt*, or not an object.
    """
    if fmt == "toml":
        from .serialize import toml_problem  # noqa: PLC0415

        costly = toml_problem(text)
        if costly is not None:
            at, problem, hint = costly
            raise FileError(name, [(at, f"{problem}; {hint}")])
    try:
        if fmt == "json":
            data = json.loads(text, parse_constant=_no_constant)
        else:
            data = tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(
            name, [(exc.lineno, f"not valid JSON: {exc.msg}")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found[1]) if found else None
        message = re.sub(
            r"\s*\(at (line \d+, column \d+|end of document)\)", "", message
        )
        raise FileError(name, [(line, f"not valid TOML: {message}")]) from None
    except (ValueError, RecursionError) as exc:
        raise FileError(
            name, [(None, f"not readable {fmt.upper()}: {str(exc)[:80]}")]
        ) from None
    if not isinstance(data, dict):
        raise FileError(
            name, [(1, "expected an object with the meetup's fields")]
        )
    return data


_MEETUP_FIELDS: Final = frozenset(field.name for field in attrs.fields(Meetup))


def kind_of(data: dict[str, Any]) -> type[Series | Meetup]:
    """Return whether *data* describes a series or a one-off meetup.

    A document is a series if it has a field only a series has, or a key
    that is a near miss of one (``reccurence``).
    """
    if SERIES_ONLY & data.keys():
        return Series
    for key in data.keys() - _MEETUP_FIELDS:
        if difflib.get_close_matches(str(key), SERIES_ONLY, n=1, cutoff=0.8):
            return Series
    return Meetup


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def at(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index)


def _join(path: str, name: str) -> str:
    if not path:
        return name
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


_JSON_SPACE: Final = re.compile(r"[ \t\r\n]*")
_JSON_DECODER: Final = json.JSONDecoder()


def json_lines(text: str) -> dict[str, int]:
    """Return the line of every key and array item of a JSON text."""
    found: dict[str, int] = {}
    lines = _Lines(text)

    def space(index: int) -> int:
        match = _JSON_SPACE.match(text, index)
        return match.end() if match else index

    def walk(index: int, path: str) -> int:
        index = space(index)
        if path:
            found.setdefault(path, lines.at(index))
        char = text[index : index + 1]
        if char in {"{", "["}:
            closing = "}" if char == "{" else "]"
            index = space(index + 1)
            position = 0
            while text[index] != closing:
                if char == "{":
                    key_line = lines.at(index)
                    key, index = _JSON_DECODER.raw_decode(text, index)
                    child = _join(path, key)
                    found.setdefault(child, key_line)
                    index = space(index) + 1  # the colon
                else:
                    child = _join(path, f"[{position}]")
                    position += 1
                index = space(walk(index, child))
                if text[index] == ",":
                    index = space(index + 1)
            return index + 1
        _, end = _JSON_DECODER.raw_decode(text, index)
        return int(end)

    with contextlib.suppress(ValueError, IndexError, RecursionError):
        walk(0, "")
    return found


_TOML_HEADER: Final = re.compile(r"\s*(\[\[?)(.+?)\]\]?\s*(#.*)?")
_TOML_PART: Final = re.compile(
    r"""[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')[ \t]*"""
)

#: The most parts of a dotted key whose lines are recorded; the parser
#: refuses longer keys, and the cap keeps the line finder linear.
_MAX_PARTS: Final = 32


def _toml_keys(text: str) -> tuple[list[str], int] | None:
    """Split the dotted TOML key at the start of *text*.

    Returns its parts and the index where the rest of *text* begins, in
    time linear in the length of the key.
    """
    keys: list[str] = []
    index = 0
    while True:
        match = _TOML_PART.match(text, index)
        if match is None:
            return None
        bare, basic, literal = match.groups()
        if basic is not None:
            raw = basic
            with contextlib.suppress(ValueError):
                raw = json.loads(f'"{basic}"')
            keys.append(raw)
        else:
            keys.append(bare if bare is not None else literal)
        index = match.end()
        if not text.startswith(".", index):
            return keys, index
        index += 1


def _scan(
    line: str, depth: int, item: int, *, expecting: bool
) -> tuple[int, int, bool, list[int]]:
    """Follow the brackets of one TOML line of an array.

    *depth* is the bracket depth where the line starts (1 inside the
    array), *item* the index of the current item and *expecting* whether
    the next value starts a new item.  Returns the same three at the end
    of the line and the indices of the items that start on it.
    """
    started: list[int] = []
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char == "#":
            break
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 1:
            item += 1
            expecting = True
        elif not char.isspace():
            if depth == 1 and expecting:
                started.append(item)
                expecting = False
            if char in {'"', "'"}:
                quote = char
            elif char in "[{":
                depth += 1
        index += 1
    return depth, item, expecting, started


def toml_lines(text: str) -> dict[str, int]:
    """Return the line of every key, table and array item of a TOML text.

    This is a best effort for reporting, not a parser: it follows table
    headers, arrays of tables, dotted keys and multi-line arrays, and
    leaves the items of inline tables to their array item's line.
    """
    found: dict[str, int] = {}
    table = ""
    counts: dict[str, int] = {}
    current: dict[str, str] = {}
    array: str | None = None
    item = 0
    depth = 0
    expecting = True
    in_string = False

    def resolve(keys: list[str]) -> str:
        path = ""
        for key in keys[:_MAX_PARTS]:
            path = _join(path, key)
            path = current.get(path, path)
        return path

    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_string = not in_string
            continue
        if in_string:
            continue
        stripped = line.strip()
        if array is not None:
            depth, item, expecting, started = _scan(
                line, depth, item, expecting=expecting
            )
            for index in started:
                found.setdefault(f"{array}[{index}]", number)
            if depth <= 0:
                array = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        header = _TOML_HEADER.fullmatch(line)
        if header is not None:
            keys = _toml_keys(header[2])
            if keys is None:
                continue
            if header[1] == "[[":
                base = _join(resolve(keys[0][:-1]), keys[0][-1])
                index = counts.get(base, 0)
                counts[base] = index + 1
                found.setdefault(base, number)
                table = f"{base}[{index}]"
                current[base] = table
            else:
                table = resolve(keys[0])
            found.setdefault(table, number)
            continue
        keys = _toml_keys(stripped)
        if keys is None or not stripped.startswith("=", keys[1]):
            continue
        path = table
        for key in keys[0][:_MAX_PARTS]:
            path = _join(path, key)
            found.setdefault(path, number)
        value = stripped[keys[1] + 1 :].lstrip()
        if value.startswith("["):
            depth, item, expecting, started = _scan(
                value, 0, 0, expecting=True
            )
            for index in started:
                found.setdefault(f"{path}[{index}]", number)
            if depth > 0:
                array = path
    return found


def line_of(lines: dict[str, int], path: str) -> int | None:
    """Return the line of *path*, or of its nearest ancestor in *lines*."""
    while path:
        if path in lines:
            return lines[path]
        trimmed = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path)
        if trimmed == path:
            break
        path = trimmed
    return None


# -- loading ----------------------------------------------------------------


@attrs.frozen
class Document:
    """A meetup file that was read: its object, format and text."""

    obj: Series | Meetup
    fmt: Format
    name: str
    data: dict[str, Any]
    text: str = ""


def load(path: str, *, stdin: IO[bytes] | None = None) -> Document:
    """Read a meetup file: a series or a one-off meetup.

    Raises:
        FileError: the file cannot be read or does not hold a valid series
            or meetup; every problem comes with its line.
    """
    from .serialize import from_dict  # noqa: PLC0415 - loads cattrs

    name = display_name(path)
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is None and not is_stream(path):
        raise FileError(name, [(None, UNKNOWN_TYPE)])
    data = read_bytes(path, stdin)
    text = decode(data, name)
    fmt: Format = found or (
        "json" if text.lstrip().startswith("{") else "toml"
    )
    document = parse(text, fmt, name)
    kind = kind_of(document)
    try:
        obj = from_dict(kind, document)
    except ValidationError as exc:
        lines = json_lines(text) if fmt == "json" else toml_lines(text)
        entries = [
            (line_of(lines, problem.path), str(problem))
            for problem in exc.problems
        ]
        entries.sort(key=lambda entry: entry[0] or 0)
        raise FileError(name, entries) from None
    return Document(obj=obj, fmt=fmt, name=name, data=document, text=text)


def dumps(obj: Any, fmt: Format) -> str:
    """Return *obj* as the text of a *fmt* meetup file."""
    from .serialize import to_json, to_toml  # noqa: PLC0415

    return to_json(obj) if fmt == "json" else to_toml(obj)


# -- writing ----------------------------------------------------------------


def write(
    path: str, data: str | bytes, *, stdout: IO[bytes] | None = None
) -> None:
    """Write *data* to *path* (to standard output for ``-``).

    A regular file is written atomically: the data goes into a temporary
    file next to *path*, which is flushed to disk and then renamed over
    *path*; a failure at any point removes the temporary file and leaves
    *path* as it was.  A symbolic link is followed, so the file it points
    to is replaced, not the link.  A new file gets the permissions the umask
    allows; an existing one keeps its own.

    A FIFO or a character device (``/dev/null``, a terminal) cannot be
    replaced by a file: it is opened and written directly, as standard
    output is.  Anything else that is not a regular file (a folder, a block
    device, a socket) is refused.

    Raises:
        FileError: the file cannot be written, in full.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    name = "<stdout>" if path == STDIO else path
    try:
        if path == STDIO:
            if stdout is not None:
                stdout.write(payload)
                stdout.flush()
            else:
                sys.stdout.flush()
                write_all(sys.stdout.fileno(), payload)
            return
        target = Path(os.path.realpath(path))
        try:
            mode = target.stat().st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            _write_stream(target, payload)
        elif stat.S_ISREG(mode):
            _replace(target, payload)
        else:
            raise FileError(
                name,
                [(None, _NOT_WRITABLE)],
            )
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise FileError(
            name, [(None, f"cannot be written: {reason}")]
        ) from None


_NOT_WRITABLE: Final = (
    "cannot be written: not a regular file, FIFO or character device"
)


def _write_stream(target: Path, payload: bytes) -> None:
    """Write *payload* into a FIFO or device without creating or truncating."""
    descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            # Replaced by something else since it was looked at.
            raise OSError(errno.EEXIST, "it changed while being opened")
        write_all(descriptor, payload)
    finally:
        os.close(descriptor)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _replace(target: Path, payload: bytes) -> None:
    mode = _mode_for(target)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
        mode="wb",
        dir=target.parent,
        prefix=f".{target.name}.",
        suffix=".tmp",
        delete=False,
    )
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows syncing a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def refuse_existing(path: str, *, force: bool) -> None:
    """Raise unless *path* is a stream, does not exist, or *force* is set.

    Raises:
        FileError: the file exists and *force* is not set.
    """
    if not force and not is_stream(path) and Path(path).exists():
        raise FileError(
            path, [(None, "exists already; use --force to replace it")]
        )


__all__ = [
    "Document",
    "FileError",
    "Format",
    "dumps",
    "format_of",
    "is_stream",
    "json_lines",
    "line_of",
    "load",
    "refuse_existing",
    "toml_lines",
    "write",
]
