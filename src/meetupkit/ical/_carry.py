"""What an iCalendar round trip keeps of a series or meetup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from meetupkit.errors import InvalidTypeError
from meetupkit.model import Meetup, MeetupStatus, Override, Series, TopicWish
from meetupkit.recurrence import Recurrence

from ._lines import _clean
from ._view import Item

if TYPE_CHECKING:
    pass

# -- carried: what survives a round trip --------------------------------------


def _carried_topic(topic: TopicWish) -> TopicWish:
    return attrs.evolve(topic, proposed_by=None, voters=())


def _carried_override(series: Series, override: Override) -> Override:
    venue = override.venue
    room = override.room
    effective_venue = venue or series.venue
    effective_room = room
    if room is None and venue is None:
        effective_room = series.room
    if effective_venue == series.venue:
        venue = None
        room = effective_room if effective_room != series.room else None
    start = override.start
    if start is not None and start == override.original_start:
        start = None
    return Override(
        original_start=override.original_start,
        cancelled=override.cancelled,
        reason=override.reason,
        start=start,
        duration=None
        if override.duration in {None, series.duration}
        else override.duration,
        title=None
        if override.title in {None, series.title}
        else override.title,
        description=None
        if override.description in {None, series.description}
        else override.description,
        venue=venue,
        room=room,
        topics=tuple(_carried_topic(t) for t in override.topics),
        url=None if override.url in {None, series.url} else override.url,
        sequence=override.sequence,
    )


def _phase(series: Series, override: Override) -> Series:
    """The series, or the phase of it, whose meeting *override* is."""
    if not series.changes:
        return series
    from meetupkit._phases import phase_of  # noqa: PLC0415

    return phase_of(series, override.original_start)


def carried(item: Item) -> Item:
    """Return what of *item* an iCalendar round trip keeps.

    ``from_ical(to_ical(item)) == [carried(item)]`` holds for every series
    and meetup (with the default ``attendees=False``), which is what
    meetupkit's own property tests prove.  Dropped are: participants,
    answers (RSVPs), organizers and recaps, who proposed and voted for a
    topic, a meetup's ``moved`` status and its place in a series, and text
    characters RFC 5545 cannot carry (a carriage return becomes a line feed, other
    control characters but tab their Control Pictures symbol, U+0000
    becomes U+2400).  Override fields equal to the series' own become
    ``None``, and an override left with nothing to change is dropped.  A
    cancelled meeting keeps its reason and sequence.

    Args:
        item: A :class:`~meetupkit.Series` or :class:`~meetupkit.Meetup`.

    Returns:
        An object of the same class.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from meetupkit import Series
        >>> somewi = Series.example().cancel(
        ...     datetime(2014, 11, 19, 19, tzinfo=ZoneInfo("Europe/Berlin")),
        ...     reason="Krankheit")
        >>> carried(somewi).overrides[0].reason
        'Krankheit'
    """
    result: Item
    if isinstance(item, Series):
        result = attrs.evolve(
            item,
            organizers=(),
            topics=tuple(_carried_topic(t) for t in item.topics),
            overrides=tuple(
                override
                for o in item.overrides
                # An override that changes nothing iCalendar carries is
                # not written as one.
                if (override := _carried_override(_phase(item, o), o))
                != Override(original_start=o.original_start)
            ),
        )
    elif isinstance(item, Meetup):
        result = attrs.evolve(
            item,
            status=MeetupStatus.SCHEDULED
            if item.status is MeetupStatus.MOVED
            else item.status,
            participants=(),
            topics=tuple(_carried_topic(t) for t in item.topics),
            recap=None,
            rsvps=(),
            series_uid=None,
            recurrence_id=None,
            number=None,
        )
    else:
        raise InvalidTypeError(
            "item",
            f"expected a Series or a Meetup, got {type(item).__name__}",
            hint="pass a meetupkit.Series or meetupkit.Meetup",
        )
    cleaned: Item = _clean_texts(result)
    return cleaned


def _clean_texts(value: Any) -> Any:
    """Apply :func:`_clean` to every text inside an attrs object."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, tuple):
        return tuple(_clean_texts(item) for item in value)
    if attrs.has(type(value)) and not isinstance(value, Recurrence):
        changes = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            new = _clean_texts(old)
            if new is not old and new != old:
                changes[field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value
