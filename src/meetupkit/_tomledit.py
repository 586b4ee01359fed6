"""Rewrite a TOML document in place, keeping its comments, order and style.

Nothing here is public API; :func:`meetupkit.serialize.update_toml` and the
command line's editing commands call :func:`update`.  The new document is
merged into the old one key by key: a value that means what the old one
meant is left as the user wrote it (``proposed_on = 2026-11-04`` stays a
TOML date), a changed value is replaced where it stands (its end-of-line
comment stays), a new key goes at the end of its table and a key that is
gone is removed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array, Table

from . import _format2, _time
from .errors import InvalidValueError, MeetupkitError, ValidationError

#: Top-level keys of the old document that are no fields and stay.
_KEEP: Final = frozenset({"$schema", _format2.ZONE_KEY})


def parse(text: str) -> tomlkit.TOMLDocument:
    """Parse *text* with its style, or raise a :class:`ValidationError`."""
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ValidationError(
            [
                InvalidValueError(
                    "",
                    f"not valid TOML: {str(exc)[:120]}",
                    hint="fix the TOML syntax there",
                )
            ]
        ) from None


def update(text: str, new: dict[str, Any]) -> str:
    """Return TOML *text* changed to hold the document *new*."""
    document = parse(text)
    _merge(document, new, _zone_of(document), top=True)
    return tomlkit.dumps(document)


def _zone_of(document: Any) -> ZoneInfo | None:
    problems: list[MeetupkitError] = []
    plain = {
        key: document[key]
        for key in (_format2.ZONE_KEY, "start")
        if key in document
    }
    plain = {
        key: value.unwrap() if hasattr(value, "unwrap") else value
        for key, value in plain.items()
    }
    return _format2._document_zone(plain, problems)  # noqa: SLF001


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _moment(value: Any, zone: ZoneInfo | None) -> str | None:
    """*value* as a canonical RFC 9557 string, if it is a date-time."""
    try:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                if zone is None:
                    return None
                value = _time.normalize(value.replace(tzinfo=zone, fold=0))
            return _time.format_datetime(value)
        if isinstance(value, str):
            return _time.format_datetime(_time.parse_datetime(value))
    except MeetupkitError:
        return None
    return None


def _same(old: Any, new: Any, zone: ZoneInfo | None) -> bool:
    """Whether the old value, as the user wrote it, already means *new*."""
    if type(old) is type(new) and old == new:
        return True
    if type(old) is date:
        return bool(new == old.isoformat())
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(
            _same(a, b, zone) for a, b in zip(old, new, strict=True)
        )
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(
            _same(old[key], new[key], zone) for key in new
        )
    if isinstance(old, datetime | str) and isinstance(new, str):
        moment = _moment(old, zone)
        return moment is not None and moment == _moment(new, zone)
    return False


def _is_table(item: Any) -> bool:
    return isinstance(item, Table | AoT)


def _merge(
    container: MutableMapping[str, Any],
    new: dict[str, Any],
    zone: ZoneInfo | None,
    *,
    top: bool = False,
) -> None:
    for key in list(container.keys()):
        if key not in new and not (top and key in _KEEP):
            del container[key]
    for key, value in new.items():
        if key not in container:
            container[key] = value
            continue
        old = container[key]
        if isinstance(value, dict) and isinstance(old, MutableMapping):
            _merge(old, value, zone)
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(item, dict) for item in value)
            and isinstance(old, AoT | Array)
            and all(isinstance(item, MutableMapping) for item in old)
        ):
            _merge_tables(old, value, zone)
        elif _same(_plain(old), value, zone):
            continue
        elif _is_table(old) != _is_table(tomlkit.item(value)):
            # A table cannot become a plain value where it stands (and the
            # other way round): the new one goes where its kind belongs.
            del container[key]
            container[key] = value
        else:
            container[key] = value


def _key(item: Any, zone: ZoneInfo | None) -> str | None:
    """The meeting an override table is about, as a canonical string."""
    start = item.get("original_start") if hasattr(item, "get") else None
    return None if start is None else _moment(_plain(start), zone)


def _new_item(old: AoT | Array, value: dict[str, Any]) -> Any:
    if isinstance(old, AoT):
        return value
    table = tomlkit.inline_table()
    table.update(value)
    return table


def _merge_tables(
    old: AoT | Array, new: list[dict[str, Any]], zone: ZoneInfo | None
) -> None:
    wanted = [_key(value, zone) for value in new]
    if None in wanted or len(set(wanted)) != len(wanted):
        _merge_by_index(old, new, zone)
        return
    # Overrides are matched by the meeting they are about, so that a new
    # one does not shift the comments of the others.
    for index in reversed(range(len(old))):
        if _key(old[index], zone) not in wanted:
            del old[index]
    for index, (key, value) in enumerate(zip(wanted, new, strict=True)):
        found = next(
            (table for table in old if _key(table, zone) == key), None
        )
        if found is None:
            old.insert(index, _new_item(old, value))
        else:
            _merge(found, value, zone)


def _merge_by_index(
    old: AoT | Array, new: list[dict[str, Any]], zone: ZoneInfo | None
) -> None:
    for index, value in enumerate(new):
        if index < len(old):
            _merge(old[index], value, zone)
        else:
            old.append(_new_item(old, value))
    while len(old) > len(new):
        del old[len(old) - 1]
