"""File format 2: rooms by name, and native TOML dates and times.

Nothing here is public API.  :mod:`meetupkit.serialize` calls these while
it writes and reads documents:

* :func:`name_rooms` writes ``room = "Adelheid"`` where the document names
  the venue the room belongs to;
* :func:`resolve_rooms` turns such a name back into the venue's room table
  before the document is structured, and reports a name the venue does not
  have;
* :func:`local_times` reads TOML local date-times in the document's zone;
* :func:`migrate_1_to_2` lifts a format-1 document, whose rooms are full
  tables, to format 2.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from . import _time
from .errors import InvalidValueError, MeetupkitError, RoomNotFoundError

#: The envelope key that names the zone of a document's local date-times.
ZONE_KEY: Final = "zone"

_ZONE_IN_TEXT: Final = re.compile(r"\[!?([^\[\]=]+)\]$")


# -- writing ------------------------------------------------------------------


def _named(items: Any, written: Any, venues: list[Any]) -> list[Any]:
    """Return *written*, the documents of *items*, with rooms by name.

    A room is named where it belongs to the venue in force for its item.
    """
    out = list(written)
    for index, (item, where) in enumerate(zip(items, venues, strict=True)):
        if (
            item.room is not None
            and where is not None
            and item.room in where.rooms
            and isinstance(out[index], dict)
        ):
            out[index] = {**out[index], "room": item.room.name}
    return out


def name_rooms(obj: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Return *data* (the unstructured *obj*) with its rooms given by name.

    A room is written by name where the document also holds the venue it
    belongs to: in a series or a meetup, and in an override (whose room
    belongs to its own venue, else to the series' venue), and in a change
    (whose room belongs to its own venue, else to the venue before).  An
    override written on its own without a venue keeps its room as a table.
    """
    room = getattr(obj, "room", None)
    venue = getattr(obj, "venue", None)
    if room is not None and venue is not None and room in venue.rooms:
        data = {**data, "room": room.name}
    overrides = getattr(obj, "overrides", None)
    if overrides and isinstance(data.get("overrides"), list | tuple):
        venues = [item.venue or venue for item in overrides]
        data = {
            **data,
            "overrides": _named(overrides, data["overrides"], venues),
        }
    changes = getattr(obj, "changes", None)
    if changes and isinstance(data.get("changes"), list | tuple):
        venues, where = [], venue
        for item in changes:
            where = item.venue or where
            venues.append(where)
        data = {**data, "changes": _named(changes, data["changes"], venues)}
    return data


# -- reading ------------------------------------------------------------------


def _rooms_of(venue: object) -> list[Mapping[str, Any]] | None:
    """The room tables of a venue table, or None if it cannot be read."""
    if not isinstance(venue, Mapping):
        return None
    rooms = venue.get("rooms", [])
    if not isinstance(rooms, list):
        return None
    return [room for room in rooms if isinstance(room, Mapping)]


def _resolve_one(
    holder: dict[str, Any],
    venue: object,
    path: str,
    problems: list[MeetupkitError],
) -> str | None:
    name = holder.get("room")
    if not isinstance(name, str):
        return None  # a table (format 1 style) or a wrong type
    field = f"{path}.room" if path else "room"
    rooms = _rooms_of(venue)
    if venue is None:
        del holder["room"]
        problems.append(
            InvalidValueError(
                field,
                f"room {name[:40]!r} is named without a venue",
                hint="add the venue the room belongs to",
            )
        )
        return None
    if rooms is None:
        del holder["room"]  # the venue's own problem is reported
        return None
    for room in rooms:
        if room.get("name") == name:
            holder["room"] = dict(room)
            return field
    del holder["room"]
    names = [
        room["name"] for room in rooms if isinstance(room.get("name"), str)
    ]
    venue_name = venue.get("name") if isinstance(venue, Mapping) else None
    where = venue_name if isinstance(venue_name, str) else "the venue"
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    known = ", ".join(repr(known) for known in names)
    if not names:
        hint = "add the room to the venue's rooms (it has none yet)"
    else:
        hint = f"use one of its rooms: {known}"
        if close:
            hint += f"; did you mean {close[0]!r}?"
    problems.append(
        RoomNotFoundError(
            field, f"{where[:60]} has no room {name[:40]!r}", hint=hint
        )
    )
    return None


def resolve_rooms(
    document: dict[str, Any], problems: list[MeetupkitError]
) -> list[str]:
    """Replace each room name in *document* by its venue's room table.

    Names that no room of the venue has are reported in *problems* (with
    the rooms there are and the closest name) and removed, so that the
    document's other problems are listed too.

    Returns:
        The paths of the rooms given by name: a problem inside one of them
        is the venue's, and reported there.
    """
    resolved: list[str] = []
    venue = document.get("venue")
    if "room" in document:
        resolved.append(_resolve_one(document, venue, "", problems) or "")
    overrides = document.get("overrides")
    if isinstance(overrides, list):
        overrides = document["overrides"] = list(overrides)
        for index, item in enumerate(overrides):
            if isinstance(item, dict) and isinstance(item.get("room"), str):
                copy = dict(item)
                resolved.append(
                    _resolve_one(
                        copy,
                        copy.get("venue", venue),
                        f"overrides[{index}]",
                        problems,
                    )
                    or ""
                )
                overrides[index] = copy
    changes = document.get("changes")
    if isinstance(changes, list):
        # A change's room is of its own venue, else of the venue before.
        changes = document["changes"] = list(changes)
        where = venue
        for index, item in enumerate(changes):
            if not isinstance(item, dict):
                continue
            where = item.get("venue", where)
            if isinstance(item.get("room"), str):
                copy = dict(item)
                resolved.append(
                    _resolve_one(copy, where, f"changes[{index}]", problems)
                    or ""
                )
                changes[index] = copy
    return [path for path in resolved if path]


def _document_zone(
    document: dict[str, Any], problems: list[MeetupkitError]
) -> ZoneInfo | None:
    """The zone named by ``zone``, else by the document's start, or None."""
    named = document.pop(ZONE_KEY, None)
    if named is not None:
        if not isinstance(named, str):
            problems.append(
                InvalidValueError(
                    ZONE_KEY,
                    "expected the name of a time zone",
                    hint='write it like zone = "Europe/Berlin"',
                )
            )
            return None
        try:
            return _time.load_zone(named, ZONE_KEY)
        except MeetupkitError as exc:
            problems.append(exc)
            return None
    start = document.get("start")
    if isinstance(start, datetime) and isinstance(start.tzinfo, ZoneInfo):
        return start.tzinfo
    if isinstance(start, str):
        found = _ZONE_IN_TEXT.search(start)
        if found is not None:
            try:
                return _time.load_zone(found[1])
            except MeetupkitError:
                return None  # reported where start is read
    return None


def _localize(value: Any, zone: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return _time.normalize(value.replace(tzinfo=zone, fold=0))
        return value
    if isinstance(value, dict):
        return {key: _localize(item, zone) for key, item in value.items()}
    if isinstance(value, list):
        return [_localize(item, zone) for item in value]
    return value


def local_times(
    document: dict[str, Any], problems: list[MeetupkitError]
) -> dict[str, Any]:
    """Read the local date-times of *document* in the document's zone.

    The zone is the ``zone`` key (removed here, as it is no field), else the
    zone of the document's ``start``.  A local date-time of a document
    without a zone is left as it is; reading it reports that it needs one.
    """
    zone = _document_zone(document, problems)
    if zone is None:
        return document
    return _localize(document, zone)  # type: ignore[no-any-return]


# -- migration ----------------------------------------------------------------


def _name_if_listed(holder: dict[str, Any], venue: object) -> dict[str, Any]:
    room = holder.get("room")
    rooms = _rooms_of(venue)
    if isinstance(room, Mapping) and rooms is not None and room in rooms:
        name = room.get("name")
        if (
            isinstance(name, str)
            and sum(other.get("name") == name for other in rooms) == 1
        ):
            return {**holder, "room": name}
    return holder


def migrate_1_to_2(document: dict[str, Any]) -> dict[str, Any]:
    """Lift a format-1 document to format 2.

    A room table that is one of its venue's rooms becomes that room's name;
    any other room table is kept, so that the document means what it meant
    (and a contradiction is still reported as one).
    """
    venue = document.get("venue")
    lifted = _name_if_listed(document, venue)
    overrides = lifted.get("overrides")
    if isinstance(overrides, list):
        lifted["overrides"] = [
            _name_if_listed(item, item.get("venue", venue))
            if isinstance(item, dict)
            else item
            for item in overrides
        ]
    return lifted
