"""The life of a topic wish: voting, ranking, planning and covering.

A :class:`~meetupkit.TopicWish` moves through these states::

    open ──plan──▶ planned ──cover──▶ covered
     │ ▲              │ │ ▲
     │ └───reopen─────┘ └─┘ plan (for another meeting)
     ▼                │
    dropped ◀──drop───┘
     │
     └──reopen──▶ open

``covered`` is final: a topic that deserves another evening becomes a new
wish.  Every function here is pure; it returns a new object and leaves its
input alone.  A step the diagram does not allow raises
:class:`~meetupkit.errors.TransitionError`, which lists the allowed next
states.

Voting is idempotent: a person who votes twice still has one vote, and
withdrawing a vote that was never cast changes nothing.  Web forms that are
submitted twice therefore do no harm.  Test ``voter in wish.voters`` first if
you want to tell the person.

Examples:
    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from meetupkit import TopicWish
    >>> from meetupkit import topics
    >>> wish = TopicWish(title="Wie bereitet man sich auf einen Shitstorm vor?",
    ...                  proposed_on=date(2014, 9, 24))
    >>> wish = topics.vote(wish, "anna")
    >>> november = datetime(2014, 11, 19, 19, tzinfo=ZoneInfo("Europe/Berlin"))
    >>> planned = topics.plan(wish, november)
    >>> planned.status, planned.planned_for.date()
    (<TopicStatus.PLANNED: 'planned'>, datetime.date(2014, 11, 19))
    >>> topics.cover(planned, section="Shitstorm-Vorsorge").covered_in
    'Shitstorm-Vorsorge'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Final

import attrs

from . import _validate as v
from .errors import InvalidTypeError, InvalidValueError, TransitionError
from .model import Meetup, Recap, RecapSection, Series, TopicStatus, TopicWish
from .recurrence import DEFAULT_HORIZON

__all__ = [
    "TRANSITIONS",
    "cover",
    "drop",
    "plan",
    "plan_topics",
    "rank",
    "reopen",
    "vote",
    "wishes_from_outcomes",
    "withdraw_vote",
]

#: The states a wish may move to from each state.
TRANSITIONS: Final[dict[TopicStatus, frozenset[TopicStatus]]] = {
    TopicStatus.OPEN: frozenset({TopicStatus.PLANNED, TopicStatus.DROPPED}),
    TopicStatus.PLANNED: frozenset(
        {
            TopicStatus.PLANNED,
            TopicStatus.COVERED,
            TopicStatus.DROPPED,
            TopicStatus.OPEN,
        }
    ),
    TopicStatus.COVERED: frozenset(),
    TopicStatus.DROPPED: frozenset({TopicStatus.OPEN}),
}

_ORDER: Final = tuple(TopicStatus)


def _check_wish(wish: object) -> TopicWish:
    if not isinstance(wish, TopicWish):
        raise InvalidTypeError(
            "wish",
            f"expected a TopicWish, got {type(wish).__name__}",
            hint="pass a meetupkit.TopicWish",
        )
    return wish


def _require(wish: TopicWish, target: TopicStatus) -> None:
    allowed = TRANSITIONS[wish.status]
    if target in allowed:
        return
    names = [status.value for status in _ORDER if status in allowed]
    hint = (
        f"from {wish.status.value} it may become {', '.join(names)}"
        if names
        else f"a {wish.status.value} wish is final; propose a new wish"
    )
    raise TransitionError(
        "status",
        f"cannot go from {wish.status.value} to {target.value}",
        hint=hint,
    )


def plan(wish: TopicWish, occurrence: datetime | Meetup) -> TopicWish:
    """Return *wish* planned for one meeting.

    An open wish becomes planned; a planned wish moves to another meeting.

    Args:
        wish: The wish.
        occurrence: The meeting: a :class:`~meetupkit.Meetup` of a series
            (its original start, ``recurrence_id``, is used, so the plan
            survives a move) or that original start itself.

    Returns:
        A planned copy of *wish*.

    Raises:
        TransitionError: *wish* is covered or dropped.
        NaiveDatetimeError: *occurrence* is a datetime without a zone.

    Examples:
        >>> from meetupkit import Series, TopicWish
        >>> november = Series.example().meetup(2)
        >>> plan(TopicWish(title="Social Media und Recht"), november
        ...      ).planned_for.isoformat()
        '2014-11-19T19:00:00+01:00'
    """
    wish = _check_wish(wish)
    if isinstance(occurrence, Meetup):
        when = occurrence.recurrence_id or occurrence.start
    else:
        when = v.aware(occurrence, "occurrence")
    _require(wish, TopicStatus.PLANNED)
    return attrs.evolve(wish, status=TopicStatus.PLANNED, planned_for=when)


def cover(wish: TopicWish, *, section: str | RecapSection) -> TopicWish:
    """Return *wish* covered by the recap section that discussed it.

    The wish keeps ``planned_for``: the meeting that covered it.

    Args:
        wish: A planned wish.
        section: The recap section, or its heading.

    Returns:
        A covered copy of *wish* whose ``covered_in`` is the heading.

    Raises:
        TransitionError: *wish* is not planned.
        InvalidValueError: *section* is blank.

    Examples:
        >>> from meetupkit import TopicWish
        >>> cover(TopicWish(title="Coworking-Spaces"), section="Coworking")
        Traceback (most recent call last):
        ...
        meetupkit.errors.TransitionError: status: cannot go from open to covered; from open it may become planned, dropped
    """
    wish = _check_wish(wish)
    heading = section.heading if isinstance(section, RecapSection) else section
    if not isinstance(heading, str) or not heading.strip():
        raise InvalidValueError(
            "section",
            "needs the heading of the recap section",
            hint="pass the RecapSection or its heading",
        )
    _require(wish, TopicStatus.COVERED)
    return attrs.evolve(wish, status=TopicStatus.COVERED, covered_in=heading)


def drop(wish: TopicWish) -> TopicWish:
    """Return *wish* dropped: the group will not discuss it.

    A planned wish loses its meeting.

    Raises:
        TransitionError: *wish* is covered or already dropped.

    Examples:
        >>> from meetupkit import TopicWish
        >>> drop(TopicWish(title="Coworking-Spaces")).status
        <TopicStatus.DROPPED: 'dropped'>
    """
    wish = _check_wish(wish)
    _require(wish, TopicStatus.DROPPED)
    return attrs.evolve(wish, status=TopicStatus.DROPPED, planned_for=None)


def reopen(wish: TopicWish) -> TopicWish:
    """Return *wish* open again: unplanned, or taken back after a drop.

    Use it when the meeting a wish was planned for is cancelled.

    Raises:
        TransitionError: *wish* is open or covered.

    Examples:
        >>> from meetupkit import TopicWish
        >>> reopen(drop(TopicWish(title="Coworking-Spaces"))).status
        <TopicStatus.OPEN: 'open'>
    """
    wish = _check_wish(wish)
    _require(wish, TopicStatus.OPEN)
    return attrs.evolve(
        wish, status=TopicStatus.OPEN, planned_for=None, covered_in=None
    )


def _voter(voter: object) -> str:
    if not isinstance(voter, str):
        raise InvalidTypeError(
            "voter",
            f"expected a str, got {type(voter).__name__}",
            hint="pass the voter's name or id",
        )
    if not voter.strip():
        raise InvalidValueError(
            "voter", "is blank", hint="pass the voter's name or id"
        )
    return voter


def vote(wish: TopicWish, voter: str) -> TopicWish:
    """Return *wish* with a vote by *voter*.

    One vote per person: if *voter* has voted already, *wish* is returned
    unchanged.  Votes are counted for open and planned wishes only.

    Args:
        wish: The wish.
        voter: The voter's name or id, compared exactly.

    Raises:
        InvalidValueError: *voter* is blank, or *wish* is covered or
            dropped.

    Examples:
        >>> from meetupkit import TopicWish
        >>> wish = vote(TopicWish(title="Social Media und Recht"), "anna")
        >>> vote(wish, "anna").voters
        ('anna',)
    """
    wish = _check_wish(wish)
    voter = _voter(voter)
    if wish.status not in {TopicStatus.OPEN, TopicStatus.PLANNED}:
        raise InvalidValueError(
            "status",
            f"cannot vote for a {wish.status.value} wish",
            hint="reopen it first, or propose a new wish",
        )
    if voter in wish.voters:
        return wish
    return attrs.evolve(wish, voters=(*wish.voters, voter))


def withdraw_vote(wish: TopicWish, voter: str) -> TopicWish:
    """Return *wish* without the vote of *voter*.

    If *voter* has not voted, *wish* is returned unchanged.

    Raises:
        InvalidValueError: *voter* is blank.

    Examples:
        >>> from meetupkit import TopicWish
        >>> wish = TopicWish(title="Coworking-Spaces", voters=("anna", "ben"))
        >>> withdraw_vote(wish, "anna").voters
        ('ben',)
    """
    wish = _check_wish(wish)
    voter = _voter(voter)
    if voter not in wish.voters:
        return wish
    return attrs.evolve(
        wish, voters=tuple(item for item in wish.voters if item != voter)
    )


def rank(wishes: Iterable[TopicWish]) -> list[TopicWish]:
    """Return *wishes* by votes (most first), then age (oldest first).

    Wishes without ``proposed_on`` come after dated ones with as many
    votes; ties keep their order.  All statuses are ranked; filter first if
    you only want open wishes.

    Examples:
        >>> from datetime import date
        >>> from meetupkit import TopicWish
        >>> ranked = rank([
        ...     TopicWish(title="Coworking-Spaces", voters=("anna",)),
        ...     TopicWish(title="Social Media und Recht", voters=("anna",),
        ...               proposed_on=date(2014, 9, 24)),
        ...     TopicWish(title="Shitstorm", voters=("anna", "ben")),
        ... ])
        >>> [wish.title for wish in ranked]
        ['Shitstorm', 'Social Media und Recht', 'Coworking-Spaces']
    """
    items = [_check_wish(wish) for wish in wishes]

    def key(wish: TopicWish) -> tuple[int, bool, date]:
        proposed = wish.proposed_on or date.max
        return (-len(wish.voters), wish.proposed_on is None, proposed)

    return sorted(items, key=key)


def plan_topics(
    series: Series,
    *,
    after: datetime,
    meetings: int = 3,
    per_meeting: int = 2,
) -> Series:
    """Return a new series with its top open wishes planned for the next meetings.

    The next *meetings* meetings that start after *after* and are not
    cancelled get up to *per_meeting* topics each, in the order of
    :func:`rank`; wishes already planned for one of them count towards its
    share.  The meetings' :attr:`~meetupkit.Meetup.topics` then list them,
    and so do recap outlooks and invitations.

    Args:
        series: The series whose ``topics`` backlog is planned.
        after: An aware datetime, usually now.
        meetings: How many meetings to plan for.
        per_meeting: How many topics each meeting gets at most.

    Returns:
        The new series; *series* is not changed.

    Raises:
        NaiveDatetimeError: *after* has no zone.
        InvalidValueError: *meetings* or *per_meeting* is less than 1.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> import attrs
        >>> from meetupkit import Series, TopicWish
        >>> somewi = attrs.evolve(Series.example(), topics=(
        ...     TopicWish(title="Wie bereitet man sich auf einen Shitstorm vor?"),
        ...     TopicWish(title="Social Media und Recht"),
        ...     TopicWish(title="Coworking-Spaces"),
        ... ))
        >>> planned = plan_topics(somewi, after=datetime(
        ...     2014, 9, 25, tzinfo=ZoneInfo("Europe/Berlin")))
        >>> [t.title for t in planned.meetup(2).topics]
        ['Wie bereitet man sich auf einen Shitstorm vor?', 'Social Media und Recht']
        >>> [t.title for t in planned.meetup(3).topics]
        ['Coworking-Spaces']
    """
    if not isinstance(series, Series):
        raise InvalidTypeError(
            "series",
            f"expected a Series, got {type(series).__name__}",
            hint="pass a meetupkit.Series",
        )
    after = v.aware(after, "after")
    for name, value in (("meetings", meetings), ("per_meeting", per_meeting)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValueError(
                name,
                f"{value!r} is not a positive number",
                hint="use 1 or more",
            )
    targets = [
        meetup.recurrence_id or meetup.start
        for meetup in _upcoming(series, after, meetings)
    ]
    slots = {
        when.astimezone(UTC): per_meeting
        - sum(
            1
            for wish in series.topics
            if wish.status is TopicStatus.PLANNED and wish.planned_for == when
        )
        for when in targets
    }
    chosen: dict[int, datetime] = {}
    ranked = rank(w for w in series.topics if w.status is TopicStatus.OPEN)
    queue = iter(ranked)
    for when in targets:
        key = when.astimezone(UTC)
        while slots[key] > 0:
            wish = next(queue, None)
            if wish is None:
                break
            chosen[id(wish)] = when
            slots[key] -= 1
    if not chosen:
        return series
    topics = tuple(
        plan(wish, chosen[id(wish)]) if id(wish) in chosen else wish
        for wish in series.topics
    )
    return attrs.evolve(series, topics=topics)


def _upcoming(series: Series, after: datetime, count: int) -> list[Meetup]:
    """The next *count* meetings after *after* that are not cancelled."""
    # A growing window instead of repeated next(): each call expands the
    # rule from the series' start, so few calls are cheaper.
    window = timedelta(days=400)
    while True:
        found = [
            meetup
            for meetup in series.meetups(
                after, after + window, include_cancelled=False
            )
            if meetup.start > after
        ]
        if len(found) >= count or window >= DEFAULT_HORIZON:
            return found[:count]
        window = min(window * 8, DEFAULT_HORIZON)


def _shown(meetup: Meetup) -> tuple[TopicWish, ...]:
    """The topics every output lists for *meetup*: all but dropped ones.

    ``Series.meetups()`` gives a meeting the wishes planned for it (and
    those its override names); the JSON-LD, the invitation, the recap's
    outlook and ``meetupkit next`` all list them through this one rule.
    """
    return tuple(
        wish
        for wish in meetup.topics
        if wish.status is not TopicStatus.DROPPED
    )


def wishes_from_outcomes(
    recap: Recap,
    *,
    proposed_by: str | None = None,
    proposed_on: date | None = None,
) -> tuple[TopicWish, ...]:
    """Return one open wish per outcome of *recap*.

    A recap's outcomes are often wishes for the next meetings; this turns
    them into the backlog.  Outcomes listed twice give one wish.

    Args:
        recap: The recap.
        proposed_by: Who proposed them; ``None`` if the group did.
        proposed_on: When; the recap's ``published`` date if not given.

    Examples:
        >>> from datetime import date
        >>> from meetupkit import Recap
        >>> recap = Recap(title="Rückblick 1. #SoMeWI",
        ...               published=date(2014, 9, 30),
        ...               outcomes=("Social Media und Recht",
        ...                         "Coworking-Spaces"))
        >>> [(w.title, w.proposed_on.isoformat())
        ...  for w in wishes_from_outcomes(recap)]
        [('Social Media und Recht', '2014-09-30'), ('Coworking-Spaces', '2014-09-30')]
    """
    if not isinstance(recap, Recap):
        raise InvalidTypeError(
            "recap",
            f"expected a Recap, got {type(recap).__name__}",
            hint="pass a meetupkit.Recap",
        )
    when = proposed_on if proposed_on is not None else recap.published
    seen: set[str] = set()
    result = []
    for outcome in recap.outcomes:
        if outcome in seen:
            continue
        seen.add(outcome)
        result.append(
            TopicWish(title=outcome, proposed_by=proposed_by, proposed_on=when)
        )
    return tuple(result)
