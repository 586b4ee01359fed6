r"""Private: the command's output layer, the one place text reaches a terminal.

Everything the ``meetupkit`` command prints goes through :class:`Output`.
Messages (one line each, to standard output or error) have every control
character escaped: C0 and C1 controls, DEL, the bidirectional overrides and
isolates, line and paragraph separators and lone surrogates become visible
escapes such as ``\x1b`` or ``\n``.  So a title or a key from a file
cannot change the terminal's title, clear the screen, reorder text or forge
a line of its own, and intended text (umlauts, emoji) stays as it is.

Documents written to standard output (an iCalendar feed, an invitation)
are passed through byte for byte when standard output is a file or a pipe,
so that ``meetupkit ical FILE > feed.ics`` gives the exact feed.  On a
terminal the same escaping applies, except that line breaks and tabs stay.

Output is written with :func:`os.write` in a loop until every byte is out, so
a short write (a file-size limit) is not taken for success; a write that
fails raises :class:`OSError` to the caller.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from typing import Final, NamedTuple, TextIO

__all__ = [
    "Output",
    "StdoutError",
    "Styled",
    "is_terminal",
    "safe",
    "safe_document",
    "wants_color",
    "write_all",
]

#: Characters a terminal may act on instead of showing: C0 controls, DEL,
#: C1 controls, the Arabic letter mark, LRM/RLM, the bidirectional
#: embeddings, overrides and isolates, the line and paragraph separators,
#: and lone surrogates (text that was not UTF-8).
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

#: The same, but keeping tabs and line feeds, and carriage returns that end
#: a line (``\r\n``), for whole documents.
_UNSAFE_IN_DOCUMENT: Final = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f"
    "\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_LATIN1: Final = 0xFF
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= _LATIN1 else f"\\u{code:04x}"


def safe(text: str) -> str:
    r"""Return *text* with every character a terminal could act on escaped.

    Examples:
        >>> print(safe("Stammtisch\x1b]0;owned\x07"))
        Stammtisch\x1b]0;owned\x07
        >>> print(safe("Straße 🍻\n2. FAKE"))
        Straße 🍻\n2. FAKE
    """
    return _UNSAFE.sub(_escape, text)


def safe_document(text: str) -> str:
    """Return *text* escaped like :func:`safe`, but with its lines kept."""
    return _UNSAFE_IN_DOCUMENT.sub(_escape, text)


class StdoutError(OSError):
    """Standard output cannot be written (a full disk, a file-size limit)."""


class Styled(NamedTuple):
    """A piece of a message in a colour (an SGR code such as ``"32"``)."""

    text: str
    code: str


def wants_color(stream: TextIO | None, choice: str) -> bool:
    """Return whether to colour *stream* for *choice* (``auto`` and so on)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def is_terminal(stream: TextIO | None) -> bool:
    """Return whether *stream* is a terminal."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def _descriptor(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        # io.UnsupportedOperation is an OSError and a ValueError.
        return None


def write_all(descriptor: int, data: bytes) -> None:
    """Write all of *data* to *descriptor*, or raise :class:`OSError`.

    A short write (the rest of a file-size limit, a full pipe) is followed
    by another until every byte is out, so that the error of the next write
    (``EFBIG``, ``ENOSPC``) is seen instead of being lost.
    """
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        if written <= 0:  # pragma: no cover - os.write raises instead
            raise OSError(5, "nothing was written")
        view = view[written:]


def _send(stream: TextIO | None, data: bytes) -> None:
    """Write *data* to *stream*, through its descriptor where it has one."""
    if stream is None:  # Python's stand-in for a stream that was closed
        raise OSError(errno.EBADF, "the stream is closed")
    stream.flush()
    descriptor = _descriptor(stream)
    if descriptor is not None:
        write_all(descriptor, data)
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8", "backslashreplace"))
        stream.flush()


class Output:
    """Standard output and error of the command, safe and, if wanted, in colour.

    Args:
        color: ``auto`` (colour on a terminal, unless ``NO_COLOR`` is set),
            ``always`` or ``never``.
        out: The stream for results (default: :data:`sys.stdout`).
        err: The stream for messages (default: :data:`sys.stderr`).
    """

    def __init__(
        self,
        color: str = "auto",
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        # sys.stdout and sys.stderr are None when started without them.
        self.out: TextIO | None = out if out is not None else sys.stdout
        self.err: TextIO | None = err if err is not None else sys.stderr
        self.color_out = False
        self.color_err = False
        self.set_color(color)

    def set_color(self, choice: str) -> None:
        """Decide on colour for *choice*: ``auto``, ``always`` or ``never``."""
        self.color_out = wants_color(self.out, choice)
        self.color_err = wants_color(self.err, choice)

    @staticmethod
    def paint(text: str, code: str) -> Styled:
        """Return *text* marked to be shown in colour *code* where wanted."""
        return Styled(text, code)

    def _line(self, parts: tuple[str | Styled, ...], *, color: bool) -> str:
        pieces = []
        for part in parts:
            if isinstance(part, Styled):
                text = safe(part.text)
                pieces.append(
                    f"\033[{part.code}m{text}\033[0m" if color else text
                )
            else:
                pieces.append(safe(part))
        return "".join(pieces) + "\n"

    @staticmethod
    def _encode(stream: TextIO | None, text: str) -> bytes:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            return text.encode(encoding, "backslashreplace")
        except LookupError:  # pragma: no cover - a stream with a bogus codec
            return text.encode("utf-8", "backslashreplace")

    def print(self, *parts: str | Styled) -> None:
        """Write one line made of *parts* to standard output.

        Raises:
            StdoutError: standard output cannot be written.
            BrokenPipeError: the reader of the pipe went away.
        """
        line = self._line(parts, color=self.color_out)
        self._out(self._encode(self.out, line))

    def error(self, *parts: str | Styled) -> None:
        """Write one line made of *parts* to standard error.

        A standard error that cannot be written is ignored: there is no
        other place left to report it.
        """
        line = self._line(parts, color=self.color_err)
        with contextlib.suppress(OSError):
            _send(self.err, self._encode(self.err, line))

    def document(self, data: str | bytes) -> None:
        """Write a document (a feed, an invitation) to standard output.

        On a terminal, controls in it are escaped as in messages, but its
        line breaks and tabs are kept; elsewhere it goes out byte for byte.

        Raises:
            StdoutError: standard output cannot be written.
            BrokenPipeError: the reader of the pipe went away.
            UnicodeEncodeError: *data* is text that is not valid Unicode
                (it holds a lone surrogate).
        """
        if is_terminal(self.out):
            text = (
                data.decode("utf-8", "backslashreplace")
                if isinstance(data, bytes)
                else data
            )
            data = self._encode(self.out, safe_document(text))
        elif isinstance(data, str):
            data = data.encode("utf-8")
        self._out(data)

    def _out(self, data: bytes) -> None:
        try:
            _send(self.out, data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutError(exc.errno, exc.strerror) from None

    def flush(self) -> None:
        """Flush what others wrote to standard output (``--help``).

        Raises:
            StdoutError: standard output cannot be written.
            BrokenPipeError: the reader of the pipe went away.
        """
        try:
            if self.out is not None:
                self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutError(exc.errno, exc.strerror) from None
