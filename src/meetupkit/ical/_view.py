"""What one VEVENT says, shared by the reader and the writer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, NamedTuple

from meetupkit.model import (
    Meetup,
    Room,
    Series,
    TopicStatus,
    TopicWish,
    Venue,
)

from ._lines import _clean

if TYPE_CHECKING:
    pass

Item = Series | Meetup


# -- shared: what one VEVENT says ------------------------------------------


class _View(NamedTuple):
    """The fields one VEVENT carries, for a master, an override or a meetup."""

    title: str
    start: datetime
    duration: timedelta
    description: str | None
    venue: Venue | None
    room: Room | None
    url: str | None
    language: str | None
    listed: tuple[TopicWish, ...]
    reason: str | None
    invitation_url: str | None
    invitation_channel: str | None


_LABELS: Final = {
    "de": {
        "topics": "Themen",
        "room": "Raum",
        "floor": "Etage",
        "way": "Weg",
        "invitation": "Einladung",
        "reason": "Hinweis",
    },
    "en": {
        "topics": "Topics",
        "room": "Room",
        "floor": "Floor",
        "way": "How to find it",
        "invitation": "Invitation",
        "reason": "Note",
    },
}


def _labels(language: str | None) -> dict[str, str]:
    if language and language.lower().split("-")[0] == "de":
        return _LABELS["de"]
    return _LABELS["en"]


def _tail(view: _View) -> str:
    """The generated part of DESCRIPTION: topics, room, way, invitation."""
    words = _labels(view.language)
    blocks: list[str] = []
    if view.reason:
        blocks.append(f"{words['reason']}: {_clean(view.reason)}")
    # A dropped wish stays in the data (X-MEETUPKIT-TOPIC) but is not
    # shown, as in every other output (meetupkit.topics._shown).
    shown = [t for t in view.listed if t.status is not TopicStatus.DROPPED]
    if shown:
        blocks.append(
            f"{words['topics']}:\n"
            + "\n".join(f"- {_clean(topic.title)}" for topic in shown)
        )
    if view.room is not None:
        line = f"{words['room']}: {_clean(view.room.name)}"
        if view.room.floor:
            line += f" ({words['floor']}: {_clean(view.room.floor)})"
        if view.room.directions:
            line += f"\n{words['way']}: {_clean(view.room.directions)}"
        blocks.append(line)
    if view.invitation_url or view.invitation_channel:
        parts = [
            p for p in (view.invitation_channel, view.invitation_url) if p
        ]
        blocks.append(f"{words['invitation']}: {_clean(' – '.join(parts))}")
    return "\n\n".join(blocks)


def _compose(description: str | None, tail: str) -> str | None:
    if not tail:
        return description
    if description is None:
        return tail
    return f"{_clean(description)}\n\n{tail}"


def _split(text: str | None, tail: str) -> str | None:
    """Invert :func:`_compose`; text from elsewhere is kept whole."""
    if text is None or not tail:
        return text
    if text == tail:
        return None
    if text.endswith("\n\n" + tail):
        head = text[: -len(tail) - 2]
        if head.strip():
            return head
    return text


def _location(view: _View) -> str | None:
    venue = view.venue
    if venue is None:
        return None
    parts = [venue.name]
    if view.room is not None:
        parts.append(f"{_labels(view.language)['room']} {view.room.name}")
    address = venue.address
    if address is not None:
        if address.street:
            parts.append(address.street)
        parts.append(
            f"{address.postal_code} {address.city}"
            if address.postal_code
            else address.city
        )
        if address.region:
            parts.append(address.region)
        if address.country:
            parts.append(address.country)
    return ", ".join(_clean(part) for part in parts)
