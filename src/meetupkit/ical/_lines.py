"""Content lines: limits, TEXT and parameter escaping, folding, parsing.

The lowest layer of :mod:`meetupkit.ical`: it knows the syntax of
:rfc:`5545#section-3.1` and nothing of meetups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Final, NamedTuple

from meetupkit import ical
from meetupkit.errors import ICalError, InvalidTypeError

if TYPE_CHECKING:
    import icalendar


_X: Final = "X-MEETUPKIT-"


class ICalWarning(UserWarning):
    """Something in an iCalendar input was left out on purpose.

    Issued by :func:`from_ical` for every repair and skip, for example
    for a ``javascript:`` link, which is never kept as a meetup's URL, or
    for an event with an hourly rule; the message starts with the line.
    Filter it with :mod:`warnings` if you expect it, or pass
    ``strict=True`` to get an error instead.
    """


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    return chr(0x2421 if code == 0x7F else 0x2400 + code)  # noqa: PLR2004


def _clean(text: str) -> str:
    """Make *text* RFC 5545 TEXT (§3.3.11), which allows no controls.

    A carriage return (alone or before a line feed) becomes a line feed;
    any other control character but tab and line feed becomes its symbol
    from the Unicode block Control Pictures (U+0000 becomes U+2400).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_picture, text)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


@cache
def _text_type() -> type[icalendar.vText]:
    import icalendar  # noqa: PLC0415 - loaded on first use

    class Text(icalendar.vText):
        """TEXT escaped exactly as RFC 5545 §3.3.11 says.

        icalendar's own escaping reads a literal backslash-N as a line
        break, so text with it would not come back unchanged.
        """

        def to_ical(self) -> bytes:
            return _escape(str(self)).encode("utf-8")

    return Text


_ALWAYS_QUOTED: Final = frozenset(
    {
        "ALTREP",
        "DELEGATED-FROM",
        "DELEGATED-TO",
        "DIR",
        "MEMBER",
        "SENT-BY",
        "X-ADDRESS",
        "X-TITLE",
        "LINKREL",
    }
)
_QUOTE_CN: Final = re.compile("[ ']")
_QUOTE: Final = re.compile("[,;:\u2019]")
# RFC 6868 escapes in parameter values.
_CARET: Final = re.compile(r'\^|\r\n|\r|\n|"')
_CARETS: Final = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}
_FOLD: Final = 75


def _caret(match: re.Match[str]) -> str:
    return _CARETS[match[0]]


def _param_out(key: str, value: str) -> str:
    """Write one parameter value: RFC 6868 escapes, quoted where needed."""
    text = _CARET.sub(_caret, value) if _CARET.search(value) else value
    if (
        key in _ALWAYS_QUOTED
        or (key == "CN" and _QUOTE_CN.search(value))
        or _QUOTE.search(text)
    ):
        return f'"{text}"'
    return text


def _params_out(params: dict[str, str]) -> str:
    return "".join(
        f";{key}={_param_out(key, params[key])}"
        for key in sorted(params)
        if not (key == "TZID" and params[key] == "UTC")
    )


def _stamp(moment: datetime) -> str:
    text = (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )
    return text if moment.tzinfo is None else text + "Z"


def _fold(line: bytes) -> bytes:
    """Fold a content line longer than 74 octets, as icalendar does.

    Each part but the first starts with a space and holds at most 74
    octets after it; no part ends inside a UTF-8 sequence, and a backslash
    or caret that would end a part starts the next one instead, so that no
    escape is split.
    """
    parts = []
    start = 0
    size = len(line)
    limit = _FOLD - 1
    while size - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # noqa: PLR2004 - a continuation byte
            cut -= 1
        if line[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(line[start:cut])
        start = cut
    parts.append(line[start:])
    return b"\r\n ".join(parts)


# -- import: lines and components ------------------------------------------


class _Prop(NamedTuple):
    name: str
    params: dict[str, str]
    value: str
    line: int


class _Component:
    __slots__ = ("_index", "children", "line", "name", "props")

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.props: list[_Prop] = []
        self.children: list[_Component] = []
        self._index: dict[str, list[_Prop]] | None = None

    def all(self, name: str) -> list[_Prop]:
        index = self._index
        if index is None or len(self.props) != sum(map(len, index.values())):
            index = {}
            for prop in self.props:
                index.setdefault(prop.name, []).append(prop)
            self._index = index
        return index.get(name, [])

    def one(self, name: str) -> _Prop | None:
        found = self.all(name)
        if len(found) > 1:
            raise ICalError(
                name,
                f"given {len(found)} times in the {self.name} of line"
                f" {self.line}",
                hint="RFC 5545 allows it once; remove the others",
                line_number=found[1].line,
            )
        return found[0] if found else None


_PARAM_VALUE: Final = r'(?:"[^"]*"|[^";:,]*)'
_CONTENT_LINE: Final = re.compile(
    rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)*):(.*)",
    re.DOTALL,
)
_PARAM: Final = re.compile(
    rf";([A-Za-z0-9-]+)=({_PARAM_VALUE}(?:,{_PARAM_VALUE})*)"
)


#: The components a calendar holds (RFC 5545 §3.6, RFC 7953): one of them
#: outside a VCALENDAR is read as if it were inside one.
_CALENDAR_PARTS: Final = frozenset(
    {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"}
)
_ESCAPED_BYTE: Final = re.compile("[\udc80-\udcff]")


def _latin1(raw: bytes) -> tuple[str, int]:
    """Read *raw* as UTF-8, its invalid bytes as Latin-1; the first bad line.

    Linear in the size: the invalid bytes are escaped in one pass and
    replaced in another.
    """
    text = raw.decode("utf-8", "surrogateescape")
    first = _ESCAPED_BYTE.search(text)
    line = text.count("\n", 0, first.start()) + 1 if first else 0
    text = _ESCAPED_BYTE.sub(lambda m: chr(ord(m[0]) - 0xDC00), text)
    return text, line


def _decode(
    data: bytes | str, drop: Callable[[int, str, str], None] | None = None
) -> str:
    if isinstance(data, str):
        if len(data) > ical.MAX_INPUT_BYTES:
            raise _too_large(len(data))
        text = data
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > ical.MAX_INPUT_BYTES:
            raise _too_large(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if drop is not None and raw.lstrip()[:6].upper() == b"BEGIN:":
                text, bad = _latin1(raw)
                drop(
                    bad,
                    "",
                    "invalid UTF-8 from this line on; the bytes that are"
                    " not UTF-8 were read as Latin-1",
                )
                return text.removeprefix("\ufeff")
            number = raw.count(b"\n", 0, exc.start) + 1
            start = raw.rfind(b"\n", 0, exc.start) + 1
            line = raw[start : exc.start].decode("utf-8", "replace")
            raise ICalError(
                "",
                f"invalid UTF-8 at byte {exc.start}",
                hint="save the file as UTF-8 (RFC 5545 §3.1.4)",
                line_number=number,
                line=line,
            ) from None
    else:
        raise InvalidTypeError(
            "data",
            f"expected bytes or str, got {type(data).__name__}",
            hint="pass the calendar's bytes or text",
        )
    return text.removeprefix("\ufeff")


def _too_large(size: int) -> ICalError:
    return ICalError(
        "",
        f"input is {size} bytes, more than the limit of {ical.MAX_INPUT_BYTES}",
        hint="split the calendar, or read it in parts",
    )


def _too_many_events(count: int) -> ICalError:
    return ICalError(
        "BEGIN",
        f"more than MAX_EVENTS ({ical.MAX_EVENTS}) events ({count} or more)",
        hint="split the calendar, or raise meetupkit.ical.MAX_EVENTS",
    )


def _unfold(text: str) -> list[tuple[int, str]]:
    """Return ``(first physical line number, content line)`` pairs."""
    result: list[tuple[int, str]] = []
    parts: list[str] = []
    start = 0
    size = 0
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    for number, raw in enumerate(physical, start=1):
        line = raw.removesuffix("\r")
        if line[:1] in {" ", "\t"}:
            if not parts:
                raise ICalError(
                    "",
                    "a folded continuation line with nothing to continue",
                    hint="the stream must start with BEGIN:VCALENDAR",
                    line_number=number,
                    line=line,
                )
            parts.append(line[1:])
            size += len(line) - 1
        else:
            if parts and line:
                result.append((start, "".join(parts)))
            if not line:
                # A blank line is no content line; a continuation after it
                # still continues the line before (as ics-py writes).
                continue
            parts = [line]
            start = number
            size = len(line)
        if size > ical.MAX_LINE_CHARS:
            raise ICalError(
                "",
                f"a content line is longer than {ical.MAX_LINE_CHARS} characters",
                hint="shorten the text",
                line_number=start,
                line=parts[0],
            )
    if parts:
        result.append((start, "".join(parts)))
    return result


def _parse(
    data: bytes | str,
    drop: Callable[[int, str, str], None] | None = None,
    *,
    strict: bool = False,
    repair: Callable[[int, str, str], None] | None = None,
) -> list[_Component]:
    """Parse a stream into its VCALENDARs.

    Args:
        data: The stream.
        drop: Called with (line, name, reason) for a line that was left
            out or read in a repaired form: a vendor ``X-`` line that breaks
            the syntax, line ends made of CR alone.  Without it such a line
            is an error.
        strict: Raise the syntax errors that *drop* would otherwise be
            told of as repairs: a line that is no content line, a
            component outside a VCALENDAR, a line after END:VCALENDAR,
            bytes that are not UTF-8.
        repair: Called like *drop* for what was read in a repaired form
            rather than left out (a component outside a VCALENDAR, bytes
            read as Latin-1); *drop* without it.
    """
    lenient = None if strict else drop
    fixed = None if strict else (repair or drop)
    text = _decode(data, fixed)
    if "\n" not in text and "\r" in text:
        if drop is None:
            raise ICalError(
                "",
                "lines end in CR alone",
                hint="end them in CRLF",
                line_number=1,
            )
        drop(1, "", "the lines end in CR alone; read as line breaks")
        text = text.replace("\r", "\n")
    events = text.count("\nBEGIN:VEVENT")
    if events > ical.MAX_EVENTS:
        raise _too_many_events(events)
    lines = _unfold(text)
    if not lines:
        raise ICalError("", "the input is empty", hint="pass a calendar")
    first_number, first = lines[0]
    opening = first.strip().upper()
    bare = (
        fixed is not None
        and opening.startswith("BEGIN:")
        and opening[6:] in _CALENDAR_PARTS
    )
    if opening != "BEGIN:VCALENDAR" and not bare:
        looks = (
            "HTML (an error page?)"
            if first.lstrip().startswith("<")
            else ("something else")
        )
        raise ICalError(
            "",
            f"not iCalendar: the data starts with {first[:40]!r}, which looks"
            f" like {looks}",
            hint="check the URL or file; a calendar starts with"
            " BEGIN:VCALENDAR",
            line_number=first_number,
            line=first,
        )
    calendars: list[_Component] = []
    stack: list[_Component] = []
    implicit: _Component | None = None
    count = 0
    events = 0
    ignored = 0
    for number, line in lines:
        if ignored:
            # Inside a component outside any VCALENDAR, dropped as a whole.
            word = line[:4].upper()
            ignored += (word == "BEGI") - (word == "END:")
            continue
        match = _CONTENT_LINE.fullmatch(line)
        if match is None and drop is not None and line[:2].upper() == "X-":
            name = re.split(r"[;:]", line, maxsplit=1)[0][:40]
            drop(
                number,
                name,
                f"dropped the vendor property {name!r}: it breaks the"
                " content line syntax",
            )
            continue
        if match is None and lenient is not None:
            lenient(
                number,
                "",
                f"dropped {line[:40]!r}: it is no content line"
                " (NAME;PARAM=value:VALUE), perhaps a line folded without"
                " its leading space",
            )
            continue
        if match is None:
            raise ICalError(
                "",
                f"not a content line: {line[:40]!r}",
                hint="write NAME;PARAM=value:VALUE",
                line_number=number,
                line=line,
            )
        name = match[1].upper()
        value = match[3]
        if name == "BEGIN":
            kind = value.strip().upper()
            if not stack and kind in _CALENDAR_PARTS and fixed is not None:
                if implicit is None:
                    implicit = _Component("VCALENDAR", number)
                    calendars.append(implicit)
                    fixed(
                        number,
                        "BEGIN",
                        f"a {kind} outside a VCALENDAR; read as if inside one",
                    )
                stack.append(implicit)
            elif not stack and kind != "VCALENDAR" and calendars and lenient:
                lenient(
                    number,
                    "BEGIN",
                    f"dropped a {kind[:30]} outside a VCALENDAR, up to its END",
                )
                ignored = 1
                continue
            elif not stack and kind != "VCALENDAR":
                raise ICalError(
                    "BEGIN",
                    f"{kind[:30]} outside a VCALENDAR",
                    hint="put components inside BEGIN:VCALENDAR … "
                    "END:VCALENDAR",
                    line_number=number,
                    line=line,
                )
            if len(stack) >= ical.MAX_DEPTH:
                raise ICalError(
                    "BEGIN",
                    f"components nested deeper than {ical.MAX_DEPTH}",
                    hint="iCalendar needs at most VCALENDAR > VEVENT > VALARM",
                    line_number=number,
                    line=line,
                )
            count += 1
            if kind == "VEVENT":
                events += 1
                if events > ical.MAX_EVENTS:
                    raise _too_many_events(events)
            if count > ical.MAX_COMPONENTS:
                raise ICalError(
                    "BEGIN",
                    f"more than {ical.MAX_COMPONENTS} components",
                    hint="split the calendar",
                    line_number=number,
                    line=line,
                )
            component = _Component(kind, number)
            if stack:
                stack[-1].children.append(component)
            else:
                calendars.append(component)
            stack.append(component)
            continue
        if name == "END":
            kind = value.strip().upper()
            if not stack:
                raise ICalError(
                    "END",
                    f"END:{kind[:30]} without a BEGIN",
                    hint="remove it, or add the BEGIN it closes",
                    line_number=number,
                    line=line,
                )
            if kind != stack[-1].name:
                raise ICalError(
                    "END",
                    f"END:{kind[:30]} closes the {stack[-1].name} opened on"
                    f" line {stack[-1].line}",
                    hint=f"write END:{stack[-1].name}",
                    line_number=number,
                    line=line,
                )
            stack.pop()
            if len(stack) == 1 and stack[0] is implicit:
                stack.pop()
            continue
        if not stack and lenient is not None:
            lenient(
                number,
                name[:30],
                f"dropped {name[:30]}: a property after END:VCALENDAR",
            )
            continue
        if not stack:
            raise ICalError(
                name[:30],
                "property after END:VCALENDAR",
                hint="the stream ends with END:VCALENDAR; remove what follows",
                line_number=number,
                line=line,
            )
        params = {key.upper(): raw for key, raw in _PARAM.findall(match[2])}
        stack[-1].props.append(_Prop(name, params, value, number))
    if stack:
        raise ICalError(
            "",
            f"the stream ends inside the {stack[-1].name} opened on line"
            f" {stack[-1].line}: truncated, no END:VCALENDAR",
            hint="download the calendar again; nothing was imported",
            line_number=lines[-1][0],
            line=lines[-1][1],
        )
    return calendars


_ESCAPE: Final = re.compile(r"\\(.)", re.DOTALL)


def _unescape(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match[1]
        return "\n" if char in {"n", "N"} else char

    return _ESCAPE.sub(replace, value)


_LIST_ITEM: Final = re.compile(r"(?:\\.|[^\\,])+", re.DOTALL)


def _split_list(value: str) -> list[str]:
    # A comma ends an item unless escaped: in "a\\,b" the backslash is
    # escaped, and the comma ends the item "a\".
    return [_unescape(part) for part in _LIST_ITEM.findall(value)]


def _param(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':  # noqa: PLR2004
        value = value[1:-1]
    return value.replace("^n", "\n").replace("^'", '"').replace("^^", "^")


def _error(prop: _Prop, problem: str, hint: str) -> ICalError:
    return ICalError(
        prop.name,
        problem,
        hint=hint,
        line_number=prop.line,
        line=f"{prop.name}:{prop.value}",
    )
