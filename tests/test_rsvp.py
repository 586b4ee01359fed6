"""Tests for answers to invitations: seats, the waiting list and consent."""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import (
    Answer,
    Consent,
    Meetup,
    Participant,
    Room,
    Rsvp,
    Series,
    Venue,
    errors,
    from_json,
    from_toml,
    to_json,
    to_toml,
)
from meetupkit import strategies as ms
from meetupkit.privacy import ANONYMOUS, redact

BERLIN = ZoneInfo("Europe/Berlin")
DECEMBER = datetime(2026, 12, 30, 19, tzinfo=BERLIN)
PEOPLE = [Participant(name=f"Gast {n}") for n in range(8)]


def _one_off(capacity: int) -> Meetup:
    room = Room(name="Adelheid", capacity=capacity)
    return Meetup(
        title="#SoMeWI",
        start=DECEMBER,
        duration=timedelta(hours=2),
        venue=Venue(name="heimathafen", rooms=(room,)),
        room=room,
    )


def _names(people: tuple[Participant, ...]) -> list[str]:
    return [p.name for p in people]


@given(
    capacity=st.integers(1, 5),
    steps=st.lists(
        st.tuples(st.integers(0, len(PEOPLE) - 1), st.sampled_from(Answer)),
        max_size=30,
    ),
)
def test_seats_never_exceed_capacity_and_waiting_list_keeps_answer_order(
    capacity: int, steps: list[tuple[int, Answer]]
) -> None:
    """Attendees never exceed the room, waiters keep their order, and a withdrawal lets the first waiter in."""
    meetup = _one_off(capacity)
    queue: list[str] = []  # everyone who said yes, in the order they did
    for index, answer in steps:
        name = PEOPLE[index].name
        before = meetup.attendance
        meetup = meetup.rsvp(PEOPLE[index], answer)
        after = meetup.attendance
        if answer is Answer.YES:
            if name not in queue:
                queue.append(name)
        elif name in queue:
            queue.remove(name)
        assert len(after.attending) <= capacity
        assert _names(after.attending) == queue[:capacity]
        assert _names(after.waiting) == queue[capacity:]
        withdrew = answer is not Answer.YES and name in _names(
            before.attending
        )
        if withdrew and before.waiting:
            assert before.waiting[0] in after.attending
            assert _names(after.waiting) == _names(before.waiting)[1:]


def test_answering_twice_changes_nothing() -> None:
    """The same answer again returns the same meetup and keeps the place."""
    meetup = _one_off(1)
    meetup = meetup.rsvp(PEOPLE[0], "yes").rsvp(PEOPLE[1], "yes")
    assert meetup.rsvp(PEOPLE[1], Answer.YES) is meetup
    assert meetup.rsvp(PEOPLE[0], "yes").attendance.attending == (PEOPLE[0],)


def test_a_later_answer_without_consent_keeps_the_given_consent() -> None:
    """A reply that knows no consent does not lose the consent given before."""
    anna = Participant(
        name="Anna", email="anna@example.org", consent=Consent(name="public")
    )
    meetup = _one_off(3).rsvp(anna, "maybe")
    meetup = meetup.rsvp(
        Participant(name="A. S.", email="ANNA@example.org"), "yes"
    )
    (person,) = meetup.attendance.attending
    assert person.consent == Consent(name="public")
    assert person.name == "A. S."
    assert redact(meetup, "public").attendance.attending[0].name == "A. S."


def test_redacting_hides_names_without_consent_but_keeps_counts() -> None:
    """A public copy keeps the number of answers but hides unreleased names."""
    meetup = _one_off(1).rsvp(PEOPLE[0], "yes").rsvp(PEOPLE[1], "yes")
    public = redact(meetup, "public")
    assert _names(public.attendance.attending) == [ANONYMOUS]
    assert len(public.attendance.waiting) == 1


def test_series_rsvp_accepts_start_date_or_meetup() -> None:
    """A series meeting is named by its original start, its date or itself."""
    somewi = Series.example()
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    somewi = somewi.rsvp(DECEMBER, PEOPLE[0], "yes")
    somewi = somewi.rsvp(date(2026, 12, 30), PEOPLE[1], "maybe")
    somewi = somewi.rsvp(meeting, PEOPLE[2], "no")
    updated = somewi.next(after=DECEMBER - timedelta(days=1))
    assert updated is not None
    split = updated.attendance
    assert (split.attending, split.maybe, split.declined) == (
        (PEOPLE[0],),
        (PEOPLE[1],),
        (PEOPLE[2],),
    )
    assert updated.sequence == meeting.sequence


def test_series_rsvp_fills_the_room_and_lets_one_wait() -> None:
    """With twelve seats the thirteenth yes waits until someone withdraws."""
    somewi = Series.example()
    guests = [Participant(name=f"Gast {n}") for n in range(13)]
    for guest in guests:
        somewi = somewi.rsvp(DECEMBER, guest, "yes")
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    assert meeting.attendance.waiting == (guests[12],)
    somewi = somewi.rsvp(meeting, guests[3], "no")
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    assert guests[12] in meeting.attendance.attending
    assert meeting.attendance.waiting == ()


@pytest.mark.parametrize(
    ("when", "field"),
    [
        (date(2026, 12, 29), "when"),
        (datetime(2026, 12, 30, 18, tzinfo=BERLIN), "when"),
        ("2026-12-30", "when"),
    ],
)
def test_series_rsvp_refuses_what_names_no_meeting(
    when: object, field: str
) -> None:
    """A date or start without a meeting is refused and names the field."""
    somewi = Series.example()
    with pytest.raises(errors.MeetupkitError) as caught:
        somewi.rsvp(when, PEOPLE[0], "yes")  # type: ignore[arg-type]
    assert caught.value.path == field


def test_unknown_answer_is_refused() -> None:
    """An answer that is not yes, no or maybe names the field and the choices."""
    with pytest.raises(errors.InvalidValueError, match="yes, no, maybe"):
        _one_off(2).rsvp(PEOPLE[0], "perhaps")


def test_answer_of_another_series_meetup_is_refused() -> None:
    """A meetup of another series is not taken for one of this series."""
    other = attrs.evolve(Series.example(), uid="other@example.org")
    meeting = other.meetup(3)
    with pytest.raises(errors.InvalidValueError):
        Series.example().rsvp(meeting, PEOPLE[0], "yes")


@given(ms.series())
def test_answers_survive_json_and_toml(series: Series) -> None:
    """Series with answers read back equal from JSON and TOML."""
    assert from_json(Series, to_json(series)) == series
    assert from_toml(Series, to_toml(series)) == series


def test_rsvp_type_is_checked() -> None:
    """A participant that is not a Participant is refused."""
    with pytest.raises(errors.InvalidTypeError):
        Rsvp(participant="Anna", answer="yes")  # type: ignore[arg-type]


def _full_december() -> Series:
    """#SoMeWI on 30 December 2026 with a full room and one waiting."""
    somewi = Series.example()
    for n in range(13):
        consent = Consent(name="public") if n == 0 else Consent()
        guest = Participant(name=f"Gast {n}", consent=consent)
        somewi = somewi.rsvp(DECEMBER, guest, "yes")
    return somewi.rsvp(DECEMBER, Participant(name="Absage"), "no")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_invitation_shows_counts_and_only_released_names(fmt: str) -> None:
    """The invitation counts seats and waiting, and names only the public."""
    from meetupkit.render import render_invitation

    somewi = _full_december()
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    text = render_invitation(meeting, series=somewi, format=fmt)
    assert "12 Zusagen für 12 Plätze, 1 auf der Warteliste, 1 Absage." in text
    assert "Zugesagt: Gast 0" in text
    assert "Gast 1" not in text
    assert "Absage:" not in text


def test_recap_shows_counts_in_english() -> None:
    """The recap counts the answers in the language asked for."""
    from meetupkit.render import render_recap

    somewi = _full_december()
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    text = render_recap(meeting, series=somewi, lang="en")
    assert "12 coming, of 12 seats, 1 on the waiting list, 1 declined." in text


def test_next_command_shows_counts(tmp_path: Path) -> None:
    """`meetupkit next` prints the answer counts under the meeting."""
    from meetupkit import cli

    path = tmp_path / "somewi.json"
    path.write_text(to_json(_full_december()), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(
            ["next", str(path), "-n", "1", "--after", "2026-12-01"]
        )
    assert code == 0
    assert "12 Zusagen für 12 Plätze, 1 auf der Warteliste" in out.getvalue()


def test_series_rsvp_keeps_the_series_zone_for_a_start_given_in_utc() -> None:
    """A start given in UTC is stored as the series' own original start."""
    from datetime import UTC

    somewi = Series.example().rsvp(DECEMBER.astimezone(UTC), PEOPLE[0], "yes")
    (override,) = somewi.overrides
    assert override.original_start.tzinfo == BERLIN
    assert override.original_start == DECEMBER
