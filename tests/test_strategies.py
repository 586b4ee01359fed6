"""The public hypothesis strategies: variety, shrinking and sharing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, find, given, seed, settings

from meetupkit import Series, TopicStatus, strategies
from meetupkit.strategies import _first_starts

QUIET = settings(
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def draw_many(count: int) -> list[Series]:
    """Draw *count* series the way a property test does."""
    drawn: list[Series] = []

    @seed(20140924)
    @settings(QUIET, max_examples=count, phases=[Phase.generate])
    @given(strategies.series())
    def collect(series: Series) -> None:
        drawn.append(series)

    collect()
    return drawn


@pytest.fixture(scope="module")
def drawn() -> list[Series]:
    """Two hundred drawn series, shared by the variety tests."""
    return draw_many(200)


KINDS: dict[str, Callable[[Series], bool]] = {
    "venue-and-room": lambda s: s.venue is not None and s.room is not None,
    "no-venue": lambda s: s.venue is None,
    "planned-wish": lambda s: any(
        t.status is TopicStatus.PLANNED for t in s.topics
    ),
    "open-wish": lambda s: any(t.status is TopicStatus.OPEN for t in s.topics),
    "cancelled-meeting": lambda s: any(o.cancelled for o in s.overrides),
    "moved-meeting": lambda s: any(o.start is not None for o in s.overrides),
    "recap": lambda s: any(o.recap is not None for o in s.overrides),
    "extra-date": lambda s: bool(s.extra_dates),
    "count": lambda s: s.recurrence.count is not None,
    "until": lambda s: s.recurrence.until is not None,
    "organizers": lambda s: bool(s.organizers),
    "non-european-zone": lambda s: str(s.start.tzinfo) != "Europe/Berlin",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_drawn_series_reach_each_kind_of_data(
    drawn: list[Series], kind: str
) -> None:
    """Among 200 drawn series, some have each kind of data the model holds."""
    assert any(KINDS[kind](series) for series in drawn)


def test_drawn_series_differ(drawn: list[Series]) -> None:
    """Drawn series are not repeats of a few examples."""
    assert len({s.uid for s in drawn}) > len(drawn) // 5


class TestShrinking:
    """Failing examples shrink to the simplest data that still fails."""

    def test_room_with_features_shrinks_to_one_short_feature(self) -> None:
        """Asking for a feature shrinks away every other detail."""
        found = find(
            strategies.rooms(),
            lambda r: bool(r.features),
            settings=QUIET,
        )
        assert found.name == "0"
        assert found.features == ("0",)
        assert found.capacity is None
        assert found.floor is None


class TestSharing:
    """Strategy functions hand out one strategy per set of arguments."""

    def test_same_arguments_give_the_same_strategy(self) -> None:
        """Calling a strategy function twice returns the same object."""
        assert strategies.venues() is strategies.venues()
        assert strategies.texts(max_size=10) is strategies.texts(max_size=10)
        assert strategies.texts(max_size=10) is not strategies.texts()

    @settings(phases=[Phase.generate])
    @given(strategies.series(overrides=False, changes=False))
    def test_first_starts_are_the_first_meetings(self, series: Series) -> None:
        """The planning helper's starts are those of the first meetings."""
        stop = series.start + timedelta(days=3 * 366)
        expected = [m.start for m in series.meetups(series.start, stop)[:12]]
        assert _first_starts(series, stop) == expected
