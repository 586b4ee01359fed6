"""Tests for Series.upcoming and Series.restore."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from meetupkit import MeetupStatus, Recurrence, Series, errors

BERLIN = ZoneInfo("Europe/Berlin")
DECEMBER = datetime(2026, 12, 30, 19, tzinfo=BERLIN)
AFTER = datetime(2026, 11, 25, tzinfo=BERLIN)


def test_upcoming_lists_the_next_meetings_and_skips_cancelled() -> None:
    """The next three meetings come in order, without the cancelled one."""
    somewi = Series.example().cancel(DECEMBER)
    days = [m.start.date() for m in somewi.upcoming(3, after=AFTER)]
    assert days == [date(2027, 2, 24), date(2027, 4, 21), date(2027, 6, 16)]
    with_cancelled = somewi.upcoming(1, after=AFTER, include_cancelled=True)
    assert with_cancelled[0].status is MeetupStatus.CANCELLED


def test_upcoming_stops_where_the_series_ends() -> None:
    """A series with three meetings gives no more than three."""
    import attrs

    short = attrs.evolve(
        Series.example(), recurrence=Recurrence.every(weeks=8, count=3)
    )
    assert len(short.upcoming(10, after=short.start.replace(day=1))) == 3


@pytest.mark.parametrize("n", [0, -1, 1001, True, 2.0])
def test_upcoming_refuses_a_bad_count(n: object) -> None:
    """A count that is not 1 to 1000 names the field n."""
    with pytest.raises(errors.InvalidValueError) as caught:
        Series.example().upcoming(n, after=AFTER)  # type: ignore[arg-type]
    assert caught.value.path == "n"


@pytest.mark.parametrize(
    "when", [DECEMBER, date(2026, 12, 30)], ids=["start", "date"]
)
def test_restore_clears_the_cancellation_and_raises_sequence(
    when: datetime | date,
) -> None:
    """A restored meeting takes place again, without reason, sequence up."""
    cancelled = Series.example().cancel(DECEMBER, reason="Krank")
    restored = cancelled.restore(when)
    (meeting,) = restored.upcoming(1, after=AFTER)
    assert meeting.start == DECEMBER
    assert meeting.status is MeetupStatus.SCHEDULED
    assert meeting.status_reason is None
    assert meeting.sequence == 2


def test_restore_of_a_meeting_that_is_not_cancelled_changes_nothing() -> None:
    """Restoring a meeting that takes place is refused."""
    somewi = Series.example()
    with pytest.raises(errors.InvalidValueError, match="not cancelled"):
        somewi.restore(DECEMBER)
