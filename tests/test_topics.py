"""Tests for meetupkit.topics: the life of a topic wish."""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import (
    InvalidValueError,
    RecapSection,
    Series,
    TopicStatus,
    TopicWish,
    TransitionError,
    strategies,
)
from meetupkit import topics as t
from somewi_data import BERLIN, KICKOFF, kickoff_recap, somewi_series

NOVEMBER = datetime(2014, 11, 19, 19, tzinfo=BERLIN)
JANUARY = datetime(2015, 1, 14, 19, tzinfo=BERLIN)


def wish(status: TopicStatus) -> TopicWish:
    """A wish in *status*, reached through the public functions."""
    base = TopicWish(title="Social Media und Recht")
    if status is TopicStatus.OPEN:
        return base
    if status is TopicStatus.DROPPED:
        return t.drop(base)
    planned = t.plan(base, NOVEMBER)
    if status is TopicStatus.PLANNED:
        return planned
    return t.cover(planned, section="Recht")


STEPS = {
    TopicStatus.PLANNED: lambda w: t.plan(w, JANUARY),
    TopicStatus.COVERED: lambda w: t.cover(w, section="Recht"),
    TopicStatus.DROPPED: t.drop,
    TopicStatus.OPEN: t.reopen,
}


class TestTransitions:
    """open → planned → covered, or dropped; and back where allowed."""

    @pytest.mark.parametrize("source", list(TopicStatus))
    @pytest.mark.parametrize("target", list(TopicStatus))
    def test_table(self, source: TopicStatus, target: TopicStatus) -> None:
        """Each step is allowed exactly as TRANSITIONS says."""
        before = wish(source)
        if target in t.TRANSITIONS[source]:
            after = STEPS[target](before)
            assert after.status is target
            assert before.status is source
        else:
            with pytest.raises(TransitionError) as info:
                STEPS[target](before)
            assert info.value.path == "status"
            for allowed in t.TRANSITIONS[source]:
                assert allowed.value in str(info.value)

    def test_error_lists_next_states(self) -> None:
        """The error says where an open wish may go."""
        with pytest.raises(
            TransitionError, match="may become planned, dropped"
        ):
            t.cover(TopicWish(title="Coworking-Spaces"), section="x")

    def test_covered_is_final(self) -> None:
        """A covered wish cannot move and the error says so."""
        with pytest.raises(TransitionError, match="final"):
            t.drop(wish(TopicStatus.COVERED))

    def test_plan_uses_original_start_of_meetup(self) -> None:
        """Planning for a moved meeting keeps its original start."""
        series = Series.example().move(
            NOVEMBER, to=datetime(2014, 11, 20, 19, tzinfo=BERLIN)
        )
        planned = t.plan(TopicWish(title="Recht"), series.meetup(2))
        assert planned.planned_for == NOVEMBER

    def test_cover_keeps_meeting_and_section(self) -> None:
        """A covered wish remembers the meeting and the section heading."""
        section = RecapSection(heading="Recht im Netz")
        covered = t.cover(wish(TopicStatus.PLANNED), section=section)
        assert covered.planned_for == NOVEMBER
        assert covered.covered_in == "Recht im Netz"

    def test_drop_and_reopen_clear_the_meeting(self) -> None:
        """Dropping or reopening removes planned_for."""
        assert t.drop(wish(TopicStatus.PLANNED)).planned_for is None
        assert t.reopen(wish(TopicStatus.PLANNED)).planned_for is None

    def test_blank_section(self) -> None:
        """Covering needs a heading."""
        with pytest.raises(InvalidValueError, match="section"):
            t.cover(wish(TopicStatus.PLANNED), section=" ")

    def test_naive_occurrence(self) -> None:
        """A naive datetime is refused."""
        with pytest.raises(InvalidValueError, match="occurrence"):
            t.plan(TopicWish(title="x"), datetime(2014, 11, 19, 19))


class TestVoting:
    """One vote per person, withdrawable."""

    def test_second_vote_is_idempotent(self) -> None:
        """Voting twice leaves one vote and returns the same wish."""
        once = t.vote(TopicWish(title="Recht"), "anna")
        assert t.vote(once, "anna") is once
        assert once.voters == ("anna",)

    def test_withdraw(self) -> None:
        """A withdrawn vote is gone; withdrawing again changes nothing."""
        voted = t.vote(t.vote(TopicWish(title="Recht"), "anna"), "ben")
        withdrawn = t.withdraw_vote(voted, "anna")
        assert withdrawn.voters == ("ben",)
        assert t.withdraw_vote(withdrawn, "anna") is withdrawn

    def test_no_votes_for_closed_wishes(self) -> None:
        """Covered and dropped wishes take no votes."""
        for status in (TopicStatus.COVERED, TopicStatus.DROPPED):
            with pytest.raises(InvalidValueError, match="cannot vote"):
                t.vote(wish(status), "anna")

    def test_blank_voter(self) -> None:
        """A blank voter is refused."""
        with pytest.raises(InvalidValueError, match="voter"):
            t.vote(TopicWish(title="Recht"), "  ")

    @given(st.lists(st.sampled_from(["anna", "ben", "carla"]), max_size=12))
    def test_votes_count_people(self, voters: list[str]) -> None:
        """However often people vote, each counts once."""
        current = TopicWish(title="Recht")
        for voter in voters:
            current = t.vote(current, voter)
        assert sorted(current.voters) == sorted(set(voters))


class TestRank:
    """Ranking by votes, then age."""

    def test_votes_then_age_then_undated(self) -> None:
        """More votes first; among equals older first; undated last."""
        a = TopicWish(title="a", voters=("x",))
        b = TopicWish(title="b", voters=("x",), proposed_on=date(2014, 9, 24))
        c = TopicWish(title="c", voters=("x",), proposed_on=date(2014, 9, 1))
        d = TopicWish(title="d", voters=("x", "y"))
        assert [w.title for w in t.rank([a, b, c, d])] == ["d", "c", "b", "a"]

    @given(st.lists(strategies.topic_wishes(), max_size=8))
    def test_sorted_by_votes(self, wishes: list[TopicWish]) -> None:
        """The ranking is a permutation in non-increasing vote order."""
        ranked = t.rank(wishes)
        assert sorted(map(id, ranked)) == sorted(map(id, wishes))
        counts = [len(w.voters) for w in ranked]
        assert counts == sorted(counts, reverse=True)


class TestPlanTopics:
    """plan_topics fills the next meetings."""

    def test_kickoff_wishes(self) -> None:
        """Two wishes go to November, the third to January."""
        series = somewi_series()
        assert [w.title for w in series.meetup(2).topics] == [
            "Wie bereitet man sich auf einen Shitstorm vor?",
            "Social Media und Recht",
        ]
        assert [w.title for w in series.meetup(3).topics] == [
            "Coworking-Spaces"
        ]

    def test_skips_cancelled(self) -> None:
        """A cancelled meeting gets no topics."""
        base = attrs.evolve(
            Series.example(),
            topics=(TopicWish(title="a"), TopicWish(title="b")),
        ).cancel(NOVEMBER)
        planned = t.plan_topics(base, after=KICKOFF, per_meeting=1)
        assert planned.meetup(2).topics == ()
        assert [w.title for w in planned.meetup(3).topics] == ["a"]
        assert [w.title for w in planned.meetup(4).topics] == ["b"]

    def test_existing_plans_count(self) -> None:
        """Wishes already planned for a meeting use up its share."""
        base = attrs.evolve(
            Series.example(),
            topics=(
                t.plan(TopicWish(title="fix"), NOVEMBER),
                TopicWish(title="new"),
            ),
        )
        planned = t.plan_topics(base, after=KICKOFF, per_meeting=1)
        assert [w.title for w in planned.meetup(2).topics] == ["fix"]
        assert [w.title for w in planned.meetup(3).topics] == ["new"]

    def test_leaves_input_alone(self) -> None:
        """The input series is unchanged and nothing to plan returns it."""
        base = attrs.evolve(Series.example(), topics=(TopicWish(title="a"),))
        t.plan_topics(base, after=KICKOFF)
        assert base.topics[0].status is TopicStatus.OPEN
        empty = Series.example()
        assert t.plan_topics(empty, after=KICKOFF) is empty

    def test_bad_counts(self) -> None:
        """meetings and per_meeting must be positive."""
        with pytest.raises(InvalidValueError, match="per_meeting"):
            t.plan_topics(Series.example(), after=KICKOFF, per_meeting=0)

    @settings(max_examples=25)
    @given(strategies.series(), st.integers(1, 3), st.integers(1, 3))
    def test_shares_respected(
        self, series: Series, meetings: int, per: int
    ) -> None:
        """No meeting gets more than its share; only open wishes change."""
        after = series.start
        planned = t.plan_topics(
            series, after=after, meetings=meetings, per_meeting=per
        )
        assert len(planned.topics) == len(series.topics)
        newly: dict[datetime, int] = {}
        for old, new in zip(series.topics, planned.topics, strict=True):
            if old != new:
                assert old.status is TopicStatus.OPEN
                assert new.status is TopicStatus.PLANNED
                assert new.planned_for is not None
                newly[new.planned_for] = newly.get(new.planned_for, 0) + 1
        for when, count in newly.items():
            assert count <= per
            assert series.is_occurrence(when)


class TestWishesFromOutcomes:
    """A recap's outcomes seed new wishes."""

    def test_kickoff_spawns_three(self) -> None:
        """The kickoff recap gives three open wishes."""
        spawned = t.wishes_from_outcomes(
            kickoff_recap(), proposed_by="somewi", proposed_on=KICKOFF.date()
        )
        assert [w.status for w in spawned] == [TopicStatus.OPEN] * 3
        assert (
            spawned[0].title
            == "Wie bereitet man sich auf einen Shitstorm vor?"
        )
        assert {w.proposed_by for w in spawned} == {"somewi"}

    def test_duplicates_once(self) -> None:
        """An outcome listed twice gives one wish."""
        recap = attrs.evolve(kickoff_recap(), outcomes=("a", "a", "b"))
        assert [w.title for w in t.wishes_from_outcomes(recap)] == ["a", "b"]
