"""Tests for series that change from a date on (Series.change_from)."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from meetupkit import (
    Change,
    MeetupStatus,
    Override,
    Recurrence,
    Room,
    Series,
    Venue,
    errors,
)
from meetupkit import strategies as ms

BERLIN = ZoneInfo("Europe/Berlin")
SOMEWI = Series.example()
#: From March 2016 on, every four weeks: meeting 11 on 2 March 2016.
CHANGE = datetime(2016, 3, 2, 19, tzinfo=BERLIN)
FOUR_WEEKS = SOMEWI.change_from(date(2016, 3, 2), every=timedelta(weeks=4))


def _starts(series: Series, start: datetime, end: datetime) -> list[datetime]:
    return [m.start for m in series.meetups(start, end)]


@st.composite
def _changed(draw: st.DrawFn) -> tuple[Series, Series, datetime, Series]:
    """A series, the same changed from a date on, the date and the new rule.

    The last item is a series of its own that starts at the change and
    follows the change.
    """
    base = draw(ms.series(overrides=False, changes=False))
    first = base.meetups(base.start, base.start + timedelta(days=3 * 366))[:12]
    assume(len(first) > 1)
    zone = base.start.tzinfo
    day = draw(st.sampled_from(first[1:])).start.astimezone(zone) + timedelta(
        days=draw(st.sampled_from((0, 1, 9)))
    )
    clock = draw(
        st.one_of(
            st.none(), st.times().map(lambda t: t.replace(microsecond=0))
        )
    )
    rule = draw(st.one_of(st.none(), ms.recurrences(bounded=False)))
    duration = draw(st.one_of(st.none(), ms.durations()))
    fields = {
        name: value
        for name, value in (
            ("time", clock),
            ("recurrence", rule),
            ("duration", duration),
        )
        if value is not None
    }
    try:
        changed = base.change_from(day.date(), **fields)
    except errors.InvalidValueError as exc:
        # A change that changes nothing, or keeps a COUNT rule.
        assume(not exc.path.startswith("changes[0]"))
        raise
    (change,) = changed.changes
    after = Series(
        title=base.title,
        start=change.start,
        duration=duration or base.duration,
        recurrence=rule or base.recurrence,
        venue=base.venue,
        room=base.room,
        uid=base.uid,
    )
    return base, changed, change.start, after


class TestExpansion:
    @given(_changed())
    def test_expansion_is_the_two_rules_expansions(self, case):
        """Before the change the old rule's meetings, from it the new ones'."""
        base, changed, start, after = case
        early = base.start - timedelta(days=1)
        old = base.meetups(early, start)
        assert _starts(changed, early, start) == [m.start for m in old]
        end = start + timedelta(days=400)
        new = after.meetups(start, end)
        got = changed.meetups(start, end)
        assert [m.start for m in got] == [m.start for m in new]
        assert [m.number for m in got] == [len(old) + m.number for m in new]
        assert [m.duration for m in got] == [m.duration for m in new]

    @given(_changed(), st.integers(0, 30))
    def test_queries_agree_with_the_expansion(self, case, pick):
        """next, previous, meetup(n) and is_occurrence agree with meetups()."""
        _, changed, start, _ = case
        window = changed.meetups(
            changed.start - timedelta(days=1), start + timedelta(days=200)
        )
        assume(window)
        chosen = window[pick % len(window)]
        assert changed.meetup(chosen.number) == chosen
        assert changed.is_occurrence(chosen.start)
        assert (
            changed.next(after=chosen.start - timedelta(seconds=1)) == chosen
        )
        assert (
            changed.previous(before=chosen.start + timedelta(seconds=1))
            == chosen
        )
        assert [m.number for m in window] == list(range(1, len(window) + 1))

    def test_numbers_continue_across_the_change(self):
        """Meeting 10 is the last every eight weeks, 11 the first of four."""
        got = FOUR_WEEKS.meetups(
            datetime(2016, 1, 1, tzinfo=BERLIN),
            datetime(2016, 5, 1, tzinfo=BERLIN),
        )
        assert [(m.number, m.start.date()) for m in got] == [
            (10, date(2016, 2, 10)),
            (11, date(2016, 3, 2)),
            (12, date(2016, 3, 30)),
            (13, date(2016, 4, 27)),
        ]
        assert FOUR_WEEKS.meetup(11).start == CHANGE
        assert not FOUR_WEEKS.is_occurrence(
            datetime(2016, 4, 6, 19, tzinfo=BERLIN)
        )

    def test_upcoming_follows_the_new_rhythm(self):
        """Upcoming meetings after the change are four weeks apart."""
        got = FOUR_WEEKS.upcoming(
            3, after=datetime(2026, 11, 1, tzinfo=BERLIN)
        )
        assert [b.start - a.start for a, b in itertools.pairwise(got)] == [
            timedelta(weeks=4)
        ] * 2

    def test_change_of_room_and_time_reaches_the_meetings(self):
        """A new room, time and title hold from the change on, not before."""
        adelheid = Room(name="Adelheid", capacity=12)
        other = Room(name="Wilhelmine", capacity=20)
        venue = Venue(name="heimathafen Wiesbaden", rooms=(adelheid, other))
        series = attrs.evolve(SOMEWI, venue=venue, room=adelheid)
        changed = series.change_from(
            date(2016, 3, 2),
            room=other,
            time=time(18, 30),
            title="#SoMeWI",
        )
        before, after = changed.meetup(10), changed.meetup(11)
        assert (before.room, before.start.time(), before.title) == (
            adelheid,
            time(19),
            "#SoMeWI Stammtisch",
        )
        assert (after.room, after.start.time(), after.title) == (
            other,
            time(18, 30),
            "#SoMeWI",
        )

    def test_a_second_change_follows_the_first(self):
        """Two changes make three phases, numbered on."""
        twice = FOUR_WEEKS.change_from(
            date(2017, 1, 4), every=timedelta(weeks=2)
        )
        got = twice.meetups(
            datetime(2016, 12, 1, tzinfo=BERLIN),
            datetime(2017, 1, 20, tzinfo=BERLIN),
        )
        numbers = [m.number for m in got]
        assert numbers == list(range(numbers[0], numbers[0] + len(got)))
        assert [m.start.date() for m in got][-2:] == [
            date(2017, 1, 4),
            date(2017, 1, 18),
        ]

    def test_changes_pickle(self):
        """A changed series survives pickling and answers the same."""
        copy = pickle.loads(pickle.dumps(FOUR_WEEKS))
        assert copy == FOUR_WEEKS
        assert copy.meetup(12) == FOUR_WEEKS.meetup(12)


class TestWhen:
    def test_a_meetup_names_the_first_start(self):
        """A Meetup of the series starts the change at its original start."""
        changed = SOMEWI.change_from(
            SOMEWI.meetup(11), every=timedelta(weeks=4)
        )
        assert changed.changes[0].start == SOMEWI.meetup(11).start

    def test_an_aware_datetime_sets_the_time_of_day(self):
        """The wall time of an aware *when* is the new time of day."""
        changed = SOMEWI.change_from(
            datetime(2016, 3, 2, 17, 30, tzinfo=UTC), every=timedelta(weeks=4)
        )
        assert changed.meetup(12).start == datetime(
            2016, 3, 30, 18, 30, tzinfo=BERLIN
        )

    def test_a_date_keeps_the_time_of_day(self):
        """A date gets the time of day the meetings have then."""
        assert FOUR_WEEKS.changes[0].start == CHANGE


class TestOverrides:
    def test_meetings_of_both_phases_can_be_cancelled_and_moved(self):
        """cancel and move work on meetings before and after the change."""
        edited = FOUR_WEEKS.cancel(
            datetime(2016, 2, 10, 19, tzinfo=BERLIN), reason="Krank"
        ).move(
            datetime(2016, 3, 30, 19, tzinfo=BERLIN),
            to=datetime(2016, 3, 31, 19, tzinfo=BERLIN),
        )
        assert edited.meetup(10).status is MeetupStatus.CANCELLED
        assert edited.meetup(12).status is MeetupStatus.MOVED
        assert edited.meetup(12).start.date() == date(2016, 3, 31)

    def test_a_meeting_the_new_rhythm_drops_is_refused(self):
        """Overrides of meetings that the change would remove are an error."""
        cancelled = SOMEWI.cancel(datetime(2016, 4, 6, 19, tzinfo=BERLIN))
        with pytest.raises(errors.InvalidValueError) as info:
            cancelled.change_from(date(2016, 3, 2), every=timedelta(weeks=4))
        assert info.value.path == "when"
        assert "remove those overrides" in info.value.hint

    def test_overrides_before_the_change_are_kept(self):
        """The history before the change keeps its overrides."""
        cancelled = SOMEWI.cancel(datetime(2015, 3, 11, 19, tzinfo=BERLIN))
        changed = cancelled.change_from(
            date(2016, 3, 2), every=timedelta(weeks=4)
        )
        assert changed.overrides == cancelled.overrides
        assert changed.meetup(4).is_cancelled

    def test_an_override_for_no_meeting_of_its_phase_is_refused(self):
        """An override must be for a meeting of the phase it falls in."""
        dropped = datetime(2016, 4, 6, 19, tzinfo=BERLIN)
        with pytest.raises(errors.InvalidValueError, match="not a meeting"):
            FOUR_WEEKS.cancel(dropped)
        with pytest.raises(errors.InvalidValueError) as info:
            attrs.evolve(
                FOUR_WEEKS,
                overrides=(Override(original_start=dropped, cancelled=True),),
            )
        assert info.value.path == "overrides[0].original_start"


class TestBadInput:
    @pytest.mark.parametrize(
        ("when", "changes", "path", "hint"),
        [
            (date(2014, 9, 1), {"every": timedelta(weeks=4)}, "when", "later"),
            (
                datetime(2016, 3, 2, 19),
                {"every": timedelta(weeks=4)},
                "when",
                "tzinfo",
            ),
            (date(2016, 3, 2), {"colour": "rot"}, "colour", "recurrence"),
            (date(2016, 2, 10), {}, "changes[0]", "leave the change out"),
            (
                date(2016, 2, 10),
                {"recurrence": Recurrence.every(weeks=8)},
                "changes[0]",
                "leave the change out",
            ),
            (date(2016, 3, 2), {"every": "4 weeks"}, "every", "timedelta"),
            (
                date(2016, 3, 2),
                {"every": timedelta(hours=36)},
                "every",
                "whole days",
            ),
            (
                date(2016, 3, 2),
                {"every": timedelta(weeks=4), "recurrence": "FREQ=DAILY"},
                "every",
                "one of them",
            ),
            ("2016-03-02", {"every": timedelta(weeks=4)}, "when", "date"),
            (
                datetime(2016, 3, 2, 19, tzinfo=BERLIN),
                {"time": time(18)},
                "time",
                "date",
            ),
            (
                date(2016, 3, 2),
                {"room": Room(name="Wilhelmine")},
                "changes[0].room",
                "venue.room",
            ),
        ],
    )
    def test_bad_change_names_field_and_fix(self, when, changes, path, hint):
        """Bad input raises a meetupkit error naming the field and the fix."""
        with pytest.raises(errors.MeetupkitError) as info:
            SOMEWI.change_from(when, **changes)
        assert info.value.path == path
        assert hint in info.value.hint

    def test_every_problem_of_the_changes_at_once(self):
        """Several bad changes are reported together, each with its path."""
        with pytest.raises(errors.ValidationError) as info:
            attrs.evolve(
                SOMEWI,
                changes=(
                    Change(start=datetime(2014, 1, 1, 19, tzinfo=BERLIN)),
                    Change(
                        start=datetime(2016, 3, 2, 19, tzinfo=UTC),
                        duration=timedelta(hours=3),
                    ),
                ),
            )
        assert [p.path for p in info.value.problems] == [
            "changes[0].start",
            "changes[1].start",
        ]

    def test_an_inherited_count_is_refused(self):
        """A change under a COUNT rule must give its own rule."""
        counted = attrs.evolve(
            SOMEWI, recurrence=Recurrence.every(weeks=8, count=20)
        )
        with pytest.raises(errors.InvalidValueError) as info:
            counted.change_from(date(2016, 3, 2), duration=timedelta(hours=3))
        assert info.value.path == "changes[0].recurrence"

    def test_a_refused_change_changes_nothing(self):
        """After a refused change the series is as it was."""
        before = SOMEWI
        with pytest.raises(errors.MeetupkitError):
            SOMEWI.change_from(date(2014, 9, 1), every=timedelta(weeks=4))
        assert before == Series.example()


class TestDescribe:
    def test_describe_names_each_phase(self):
        """describe says from when the new rhythm holds, in German."""
        assert FOUR_WEEKS.describe(lang="de") == (
            "alle 8 Wochen mittwochs, 19:00–21:00 Uhr, heimathafen Wiesbaden"
            " (Raum Adelheid); ab März 2016: alle 4 Wochen mittwochs,"
            " 19:00–21:00 Uhr, heimathafen Wiesbaden (Raum Adelheid)"
        )

    def test_describe_in_english(self):
        """describe says from when the new rhythm holds, in English."""
        assert (
            FOUR_WEEKS.describe(lang="en")
            .split("; ")[1]
            .startswith("from March 2016: every 4 weeks on Wednesday")
        )


class TestOtherQueries:
    def test_clash_proposal_keeps_the_new_weekday(self):
        """A clash after a change to Thursdays is proposed on a Thursday."""
        thursdays = SOMEWI.change_from(
            date(2026, 6, 4), every=timedelta(weeks=4)
        )
        (clash,) = thursdays.clashes(
            {},
            closed={date(2026, 7, 2): "Betriebsferien"},
            start=datetime(2026, 6, 10, tzinfo=BERLIN),
            end=datetime(2026, 7, 10, tzinfo=BERLIN),
        )
        assert clash.proposal == datetime(2026, 7, 9, 19, tzinfo=BERLIN)

    def test_time_of_day_follows_the_change(self):
        """A meeting date after a change gets the new time of day."""
        from meetupkit._phases import time_of_day

        later = SOMEWI.change_from(date(2016, 3, 2), time=time(18, 30))
        assert time_of_day(later, date(2016, 3, 1)) == time(19)
        assert time_of_day(later, date(2016, 3, 2)) == time(18, 30)

    def test_a_new_venue_without_a_room_has_no_room(self):
        """A change of venue that names no room leaves the meetings roomless."""
        cafe = Venue(name="Ein anderer Ort")
        changed = SOMEWI.change_from(date(2016, 3, 2), venue=cafe)
        assert (changed.meetup(11).venue, changed.meetup(11).room) == (
            cafe,
            None,
        )
        assert changed.meetup(10).room == SOMEWI.room


class TestDocuments:
    @pytest.mark.parametrize("field", ["changes", "overrides"])
    def test_a_blank_venue_name_is_named_where_it_is(self, field):
        """A bad venue in a change or override is reported at its own path."""
        import json

        from meetupkit import from_dict, to_dict

        other = Venue(name="Ein anderer Ort")
        changed = FOUR_WEEKS.override(
            datetime(2016, 3, 30, 19, tzinfo=BERLIN), venue=other
        ).change_from(date(2017, 1, 4), venue=other, title="#SoMeWI")
        document = json.loads(json.dumps(to_dict(changed)))
        document[field][-1]["venue"]["name"] = " "
        with pytest.raises(errors.MeetupkitError) as info:
            from_dict(Series, document)
        paths = [p.path for p in getattr(info.value, "problems", [info.value])]
        assert f"{field}[{len(document[field]) - 1}].venue.name" in paths
