"""Hypothesis strategies for the meetupkit model classes.

Use them to test your own tools against any valid meetup data, not only the
examples you thought of.  They need the ``hypothesis`` extra
(``pip install meetupkit[hypothesis]``).  Importing this module registers
them, so ``hypothesis.strategies.from_type(Meetup)`` works too; a
:class:`~meetupkit.Change` comes with :func:`series`, a
:class:`~meetupkit.RecapSection` with :func:`recaps`, and neither is
registered.

The generated datetimes come from many zones, including ones with
30- and 45-minute offsets (Asia/Kolkata, Asia/Kathmandu, Pacific/Chatham,
Australia/Lord_Howe with its half-hour DST shift), and the text is Unicode.

Examples:
    >>> from hypothesis import given
    >>> from meetupkit import strategies
    >>> @given(strategies.series())
    ... def test_round_trip(series):
    ...     from meetupkit import Series, from_json, to_json
    ...     assert from_json(Series, to_json(series)) == series
    >>> test_round_trip()
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from . import _time
from .errors import MeetupkitError
from .model import (
    Address,
    Answer,
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

__all__ = [
    "ZONES",
    "addresses",
    "aware_datetimes",
    "consents",
    "durations",
    "geos",
    "meetups",
    "participants",
    "photos",
    "recaps",
    "recurrences",
    "rooms",
    "rsvps",
    "series",
    "texts",
    "topic_wishes",
    "venues",
    "zones",
]

#: Zones the strategies draw from: both hemispheres, no DST, 30- and
#: 45-minute offsets and a 30-minute DST shift.
ZONES: Final = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Asia/Tokyo",
    "UTC",
)

_URL_HOSTS: Final = ("example.org", "some-netzwerk.example", "xing.example")

#: How many argument sets of one strategy function keep their strategy.
_MAX_CACHED: Final = 256

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _cached(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Build a strategy once per set of arguments and hand out that one.

    Hypothesis validates and labels every new strategy object the first
    time it draws from it; the composite strategies below draw from these
    on every example, so building them afresh each time cost more than
    the drawing itself.  Strategies are immutable, so sharing is safe.
    """
    made: dict[Any, _R] = {}

    @functools.wraps(func)
    def cached(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        key = (args, tuple(sorted(kwargs.items())))
        try:
            return made[key]
        except KeyError:
            if len(made) >= _MAX_CACHED:  # callers with endless arguments
                made.clear()
            made[key] = result = func(*args, **kwargs)
            return result

    return cached


@_cached
def zones() -> st.SearchStrategy[ZoneInfo]:
    """Time zones from :data:`ZONES`."""
    return st.sampled_from(ZONES).map(ZoneInfo)


@_cached
def texts(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank Unicode text, without surrogates."""
    return st.text(
        st.characters(exclude_categories=["Cs"]),
        min_size=1,
        max_size=max_size,
    ).filter(lambda value: bool(value.strip()))


@_cached
def _optional(
    strategy: st.SearchStrategy[Any],
) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@_cached
def aware_datetimes(
    *,
    min_value: datetime = datetime(1990, 1, 1),  # noqa: DTZ001
    max_value: datetime = datetime(2060, 12, 31),  # noqa: DTZ001
) -> st.SearchStrategy[datetime]:
    """Aware datetimes in :data:`ZONES`, whole seconds, as the model keeps them.

    Times that do not exist in their zone are moved forward, as the model
    does with them.
    """
    return st.builds(
        lambda moment, zone: _time.normalize(moment.replace(tzinfo=zone)),
        st.datetimes(min_value=min_value, max_value=max_value).map(
            lambda value: value.replace(microsecond=0)
        ),
        zones(),
    )


@_cached
def durations() -> st.SearchStrategy[timedelta]:
    """Meeting lengths from 15 minutes to two days, in whole minutes."""
    return st.integers(15, 2 * 24 * 60).map(lambda m: timedelta(minutes=m))


@_cached
def urls() -> st.SearchStrategy[str]:
    """``https`` URLs on example hosts."""
    return st.builds(
        "https://{}/{}".format,
        st.sampled_from(_URL_HOSTS),
        st.text("abcdefghijklmnopqrstuvwxyz0123456789-", max_size=12),
    )


@_cached
def emails() -> st.SearchStrategy[str]:
    """Email addresses on example hosts."""
    return st.builds(
        "{}@{}".format,
        st.text(
            "abcdefghijklmnopqrstuvwxyz0123456789.", min_size=1, max_size=12
        ).filter(lambda local: not local.startswith(".")),
        st.sampled_from(_URL_HOSTS),
    )


@_cached
def geos() -> st.SearchStrategy[Geo]:
    """Points on the earth."""
    return st.builds(
        Geo,
        lat=st.floats(-90, 90, allow_nan=False),
        lon=st.floats(-180, 180, allow_nan=False),
    )


@_cached
def addresses() -> st.SearchStrategy[Address]:
    """Postal addresses with Unicode text."""
    return st.builds(
        Address,
        street=_optional(texts()),
        postal_code=_optional(texts(max_size=10)),
        city=texts(),
        country=_optional(st.sampled_from(["DE", "AT", "CH", "NZ", "US"])),
        region=_optional(texts()),
    )


@_cached
def rooms() -> st.SearchStrategy[Room]:
    """Rooms of any size."""
    return st.builds(
        Room,
        name=texts(),
        capacity=_optional(st.integers(1, 500)),
        floor=_optional(texts(max_size=10)),
        features=st.lists(texts(max_size=15), max_size=3, unique=True).map(
            tuple
        ),
        step_free=_optional(st.booleans()),
        directions=_optional(texts()),
    )


@_cached
def venues() -> st.SearchStrategy[Venue]:
    """Venues with zero to three rooms of distinct names."""
    return st.builds(
        Venue,
        name=texts(),
        address=_optional(addresses()),
        geo=_optional(geos()),
        url=_optional(urls()),
        contact=_optional(texts()),
        rooms=st.lists(
            rooms(), max_size=3, unique_by=lambda room: room.name
        ).map(tuple),
    )


@_cached
def consents() -> st.SearchStrategy[Consent]:
    """Any combination of visibilities."""
    visibility = st.sampled_from(Visibility)
    return st.builds(
        Consent, name=visibility, contact=visibility, background=visibility
    )


@_cached
def participants() -> st.SearchStrategy[Participant]:
    """Participants with any roles, data and consent."""
    return st.builds(
        Participant,
        name=texts(),
        email=_optional(emails()),
        roles=st.lists(st.sampled_from(Role), unique=True, max_size=3).map(
            tuple
        ),
        experience=_optional(st.sampled_from(Experience)),
        industry=_optional(texts()),
        organization=_optional(texts()),
        links=st.lists(urls(), unique=True, max_size=2).map(tuple),
        consent=consents(),
    )


def _person(person: Participant) -> tuple[str, str]:
    # The model refuses one person twice: the same email (in any case), or
    # the same name where neither has an email.
    if person.email is not None:
        return ("email", person.email.casefold())
    return ("name", person.name)


@_cached
def _people() -> st.SearchStrategy[tuple[Participant, ...]]:
    return st.lists(participants(), max_size=4, unique_by=_person).map(tuple)


def topic_wishes(
    *, planned_for: st.SearchStrategy[datetime] | None = None
) -> st.SearchStrategy[TopicWish]:
    """Topic wishes; open ones, or planned for a date from *planned_for*."""
    open_wishes = _open_wishes()
    if planned_for is None:
        return open_wishes
    return open_wishes | st.builds(_plan, open_wishes, planned_for)


@_cached
def _open_wishes() -> st.SearchStrategy[TopicWish]:
    return st.builds(
        TopicWish,
        title=texts(),
        description=_optional(texts()),
        proposed_by=_optional(texts()),
        proposed_on=_optional(st.dates(date(2000, 1, 1), date(2060, 1, 1))),
        voters=st.lists(texts(max_size=10), unique=True, max_size=4).map(
            tuple
        ),
        tags=st.lists(texts(max_size=10), unique=True, max_size=3).map(tuple),
    )


def _plan(wish: TopicWish, when: datetime) -> TopicWish:
    import attrs  # noqa: PLC0415

    return attrs.evolve(wish, status=TopicStatus.PLANNED, planned_for=when)


@_cached
def photos() -> st.SearchStrategy[Photo]:
    """Photos with captions."""
    return st.builds(
        Photo,
        url=urls(),
        caption=_optional(texts()),
        alt=_optional(texts()),
        credit=_optional(texts()),
    )


@_cached
def recaps() -> st.SearchStrategy[Recap]:
    """Recaps with sections, questions, outcomes and thanks."""
    lines = st.lists(texts(), max_size=3).map(tuple)
    return st.builds(
        Recap,
        title=texts(),
        author=_optional(texts()),
        published=_optional(st.dates(date(2000, 1, 1), date(2060, 1, 1))),
        language=_optional(st.sampled_from(["de", "en", "en-GB"])),
        lead=_optional(texts()),
        sections=st.lists(
            st.builds(
                RecapSection,
                heading=texts(),
                paragraphs=lines,
                bullets=lines,
                photos=st.lists(photos(), max_size=2).map(tuple),
            ),
            max_size=3,
        ).map(tuple),
        questions=lines,
        outcomes=lines,
        thanks=lines,
        outlook=_optional(texts()),
    )


def _room_of(draw: st.DrawFn, venue: Venue | None) -> Room | None:
    """Draw one of *venue*'s rooms, or None (which it shrinks to)."""
    if venue is None or not venue.rooms or not draw(st.booleans()):
        return None
    return draw(st.sampled_from(venue.rooms))


@_cached
def rsvps() -> st.SearchStrategy[Rsvp]:
    """Answers of any participant: yes, no or maybe."""
    return st.builds(
        Rsvp, participant=participants(), answer=st.sampled_from(Answer)
    )


@_cached
def _answers() -> st.SearchStrategy[tuple[Rsvp, ...]]:
    return st.lists(rsvps(), max_size=4).map(tuple)


@st.composite
def meetups(draw: st.DrawFn) -> Meetup:
    """One-off meetups, with or without venue, room, people and recap."""
    venue = draw(_optional(venues()))
    room = _room_of(draw, venue)
    start = draw(aware_datetimes())
    return Meetup(
        title=draw(texts()),
        start=start,
        duration=draw(durations()),
        description=draw(_optional(texts())),
        venue=venue,
        room=room,
        status=draw(st.sampled_from(MeetupStatus)),
        participants=draw(_people()),
        topics=draw(st.lists(topic_wishes(), max_size=3).map(tuple)),
        recap=draw(_optional(recaps())),
        url=draw(_optional(urls())),
        language=draw(_optional(st.sampled_from(("de", "en")))),
        rsvps=draw(_answers()),
    )


@st.composite
def recurrences(  # noqa: D417 - hypothesis supplies draw, callers never do
    draw: st.DrawFn, *, bounded: bool | None = None
) -> Recurrence:
    """Valid recurrence rules of every kind meetups use, and some others.

    Args:
        bounded: ``True`` for rules with COUNT or UNTIL only, ``False`` for
            rules without, ``None`` for both.
    """
    kind = draw(
        st.sampled_from(
            ["every", "nth", "monthday", "setpos", "yearly", "weekly-days"]
        )
    )
    if kind == "every":
        freq = draw(st.sampled_from(Frequency))
        rule = Recurrence(freq=freq, interval=draw(st.integers(1, 12)))
    elif kind == "nth":
        rule = Recurrence(
            freq=Frequency.MONTHLY,
            interval=draw(st.integers(1, 3)),
            by_day=(
                ByDay(
                    day=draw(st.sampled_from(Weekday)),
                    nth=draw(st.sampled_from([1, 2, 3, 4, -1, -2])),
                ),
            ),
        )
    elif kind == "monthday":
        rule = Recurrence(
            freq=Frequency.MONTHLY,
            by_month_day=tuple(
                draw(
                    st.lists(
                        st.integers(1, 28) | st.integers(-28, -1),
                        min_size=1,
                        max_size=2,
                        unique=True,
                    )
                )
            ),
        )
    elif kind == "setpos":
        rule = Recurrence(
            freq=Frequency.MONTHLY,
            by_day=tuple(
                ByDay(day=day)
                for day in (Weekday.MO, Weekday.TU, Weekday.WE, Weekday.TH)
            ),
            by_set_pos=(draw(st.sampled_from([1, 2, -1])),),
        )
    elif kind == "yearly":
        rule = Recurrence(
            freq=Frequency.YEARLY,
            by_month=(draw(st.integers(1, 12)),),
            by_day=(
                ByDay(
                    day=draw(st.sampled_from(Weekday)),
                    nth=draw(st.sampled_from([1, 2, -1])),
                ),
            ),
        )
    else:
        rule = Recurrence(
            freq=Frequency.WEEKLY,
            interval=draw(st.integers(1, 4)),
            by_day=tuple(
                ByDay(day=day)
                for day in draw(
                    st.lists(
                        st.sampled_from(Weekday),
                        min_size=1,
                        max_size=3,
                        unique=True,
                    )
                )
            ),
            week_start=draw(st.sampled_from(Weekday)),
        )
    limits: list[str | None] = [None, "count", "until"]
    if bounded is not None:
        limits = ["count", "until"] if bounded else [None]
    limit = draw(st.sampled_from(limits))
    if limit == "count":
        return Recurrence(
            **{**_rule_fields(rule), "count": draw(st.integers(1, 40))}
        )
    if limit == "until":
        until = draw(
            st.datetimes(datetime(2000, 1, 1), datetime(2070, 1, 1))  # noqa: DTZ001
        ).replace(microsecond=0, tzinfo=UTC)
        return Recurrence(**{**_rule_fields(rule), "until": until})
    return rule


def _rule_fields(rule: Recurrence) -> dict[str, Any]:
    import attrs  # noqa: PLC0415

    return attrs.asdict(rule, recurse=False)


@st.composite
def series(  # noqa: D417 - hypothesis supplies draw, callers never do
    draw: st.DrawFn, *, overrides: bool = True, changes: bool = True
) -> Series:
    """Series with any rule, zone, venue, topics, extra dates and overrides.

    Args:
        overrides: Whether to cancel, move and annotate some meetings.
        changes: Whether the series may change its rhythm, time or place
            from a date on (see :meth:`~meetupkit.Series.change_from`).
    """
    venue = draw(_optional(venues()))
    room = _room_of(draw, venue)
    start = draw(
        aware_datetimes(
            min_value=datetime(2000, 1, 1),  # noqa: DTZ001
            max_value=datetime(2040, 1, 1),  # noqa: DTZ001
        )
    )
    base = Series(
        title=draw(texts()),
        start=start,
        duration=draw(durations()),
        recurrence=draw(recurrences()),
        hashtag=draw(_optional(texts(max_size=12).map(lambda t: "#" + t))),
        description=draw(_optional(texts())),
        venue=venue,
        room=room,
        organizers=draw(_people()),
        invitation_url=draw(_optional(urls())),
        invitation_channel=draw(
            _optional(st.sampled_from(("XING", "Meetup")))
        ),
        url=draw(_optional(urls())),
        language=draw(_optional(st.sampled_from(("de", "en")))),
    )
    originals = _first_starts(base, start + timedelta(days=3 * 366))
    if changes and len(originals) > 1 and draw(st.booleans()):
        base = draw(_changed(base, originals))
        originals = [
            m.start
            for m in base.upcoming(
                12, after=start - timedelta(seconds=1), include_cancelled=True
            )
        ]
    wishes = draw(st.lists(topic_wishes(), max_size=3))
    if originals:
        # Some wishes planned for one of the first meetings.
        wishes = [
            _plan(wish, draw(st.sampled_from(originals)))
            if draw(st.booleans())
            else wish
            for wish in wishes
        ]
    result = Series(**{**_series_fields(base), "topics": tuple(wishes)})
    if not overrides or len(originals) < 2:  # noqa: PLR2004
        return result
    chosen = draw(
        st.lists(st.sampled_from(originals[1:]), max_size=3, unique=True)
    )
    for original in chosen:
        action = draw(st.sampled_from(["cancel", "move", "annotate"]))
        try:
            if action == "cancel":
                result = result.cancel(
                    original, reason=draw(_optional(texts()))
                )
            elif action == "move":
                shift = timedelta(hours=draw(st.integers(-72, 72)) or 1)
                result = result.move(original, to=original + shift)
            else:
                result = result.override(
                    original,
                    participants=draw(_people()),
                    recap=draw(_optional(recaps())),
                    title=draw(_optional(texts())),
                    rsvps=draw(_answers()),
                )
        except MeetupkitError:  # pragma: no cover - a rare invalid draw
            continue
    extra = draw(
        _optional(
            aware_datetimes(
                min_value=datetime(2000, 1, 1),  # noqa: DTZ001
                max_value=datetime(2040, 1, 1),  # noqa: DTZ001
            )
        )
    )
    if extra is not None and not result.is_occurrence(extra):
        result = result.add_date(extra)
    return result


@st.composite
def _changed(
    draw: st.DrawFn, base: Series, originals: list[datetime]
) -> Series:
    """*base* with one or two changes, from a meeting or another date on."""
    result = base
    for _ in range(draw(st.integers(1, 2))):
        day = draw(st.sampled_from(originals[1:])) + timedelta(
            days=draw(st.sampled_from((0, 0, 1, 9)))
        )
        fields: dict[str, Any] = {
            "recurrence": draw(_optional(recurrences(bounded=False))),
            "duration": draw(_optional(durations())),
            "title": draw(_optional(texts())),
            "time": draw(_optional(st.times().map(_whole))),
        }
        if draw(st.booleans()):
            venue = draw(_optional(venues()))
            fields["venue"] = venue
            fields["room"] = _room_of(draw, venue)
        given = {k: val for k, val in fields.items() if val is not None}
        try:
            result = result.change_from(day.date(), **given)
        except MeetupkitError:  # a change that changes nothing, and such
            continue
    return result


def _whole(value: time) -> time:
    return value.replace(microsecond=0)


def _first_starts(base: Series, stop: datetime) -> list[datetime]:
    """Return the first 12 starts of *base* (no overrides) before *stop*.

    The same as the starts of ``base.meetups(base.start, stop)[:12]``,
    without building every meeting of a daily rule's three years.
    """
    found = {base.start.astimezone(UTC): base.start}
    for moment in itertools.islice(
        base.recurrence.iterate(base.start, stop=stop), 12
    ):
        found.setdefault(moment.astimezone(UTC), moment)
    return [found[key] for key in sorted(found)][:12]


def _series_fields(value: Series) -> dict[str, Any]:
    import attrs  # noqa: PLC0415

    return attrs.asdict(value, recurse=False)


@_cached
def _overrides() -> st.SearchStrategy[Override]:
    return st.builds(
        Override,
        original_start=aware_datetimes(),
        cancelled=st.booleans(),
        reason=_optional(texts()),
    )


def _register() -> None:
    """Make ``hypothesis.strategies.from_type`` use these strategies."""
    for kind, strategy in (
        (Address, addresses()),
        (Geo, geos()),
        (Room, rooms()),
        (Venue, venues()),
        (Consent, consents()),
        (Participant, participants()),
        (TopicWish, topic_wishes()),
        (Photo, photos()),
        (Recap, recaps()),
        (Meetup, meetups()),
        (Recurrence, recurrences()),
        (Series, series()),
        (Override, _overrides()),
        (Rsvp, rsvps()),
    ):
        st.register_type_strategy(kind, strategy)


_register()
