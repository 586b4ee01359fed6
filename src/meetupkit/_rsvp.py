"""Answers to invitations: who attends, who waits, who declined.

A meeting stores its answers (:class:`~meetupkit.Rsvp`) in the order they
were given.  Everything else follows from that order and the room's
capacity: the first *capacity* people who said yes attend, the others who
said yes wait in the order they answered.  When someone who attends says
no, the first who waits is therefore the next to attend; nothing has to be
moved by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

import attrs

from . import _time
from . import _validate as v
from .errors import InvalidTypeError, InvalidValueError
from .model import Answer, Consent, Meetup, Participant, Rsvp

if TYPE_CHECKING:
    from .model import Series


@attrs.frozen
class Attendance:
    """A meeting's answers, split by what they mean.

    Attributes:
        attending: Who said yes and has a seat, in answer order.
        waiting: Who said yes beyond the room's capacity, in answer order.
        maybe: Who answered maybe.
        declined: Who said no.
    """

    attending: tuple[Participant, ...]
    waiting: tuple[Participant, ...]
    maybe: tuple[Participant, ...]
    declined: tuple[Participant, ...]


def attendance(rsvps: Iterable[Rsvp], capacity: int | None) -> Attendance:
    """Split *rsvps* by answer; seats go to the first yes answers."""
    yes = [r.participant for r in rsvps if r.answer is Answer.YES]
    seats = len(yes) if capacity is None else capacity
    return Attendance(
        attending=tuple(yes[:seats]),
        waiting=tuple(yes[seats:]),
        maybe=tuple(r.participant for r in rsvps if r.answer is Answer.MAYBE),
        declined=tuple(r.participant for r in rsvps if r.answer is Answer.NO),
    )


def same_person(one: Participant, other: Participant) -> bool:
    """Whether two entries are the same person: same email, else same name."""
    if one.email and other.email:
        return one.email.casefold() == other.email.casefold()
    return one.name == other.name


def check_participant(participant: object) -> Participant:
    """Return *participant* or raise if it is not a Participant."""
    if not isinstance(participant, Participant):
        raise InvalidTypeError(
            "participant",
            f"expected a Participant, got {type(participant).__name__}",
            hint="pass a meetupkit.Participant",
        )
    return participant


def check_answer(answer: object) -> Answer:
    """Return *answer* as an :class:`~meetupkit.Answer` or raise."""
    if isinstance(answer, str) and answer in {m.value for m in Answer}:
        return Answer(answer)
    choices = ", ".join(member.value for member in Answer)
    raise InvalidValueError(
        "answer",
        f"{str(answer)[:40]!r} is not an answer",
        hint=f"use one of {choices}",
    )


def answered(
    rsvps: tuple[Rsvp, ...], participant: object, answer: object
) -> tuple[Rsvp, ...]:
    """Return *rsvps* with *participant*'s new *answer*.

    The same answer again changes nothing but the person's details, and
    keeps their place.  A different answer goes to the end of the order.
    A participant given with the default (private) consent keeps the
    consent they gave before, so that a reply from a calendar app, which
    knows nothing of consent, does not lose it.
    """
    person = check_participant(participant)
    choice = check_answer(answer)
    for index, current in enumerate(rsvps):
        if not same_person(current.participant, person):
            continue
        if person.consent == Consent():
            person = attrs.evolve(person, consent=current.participant.consent)
        if current.answer is choice:
            if current.participant == person:
                return rsvps
            kept = Rsvp(participant=person, answer=choice)
            return (*rsvps[:index], kept, *rsvps[index + 1 :])
        others = rsvps[:index] + rsvps[index + 1 :]
        return (*others, Rsvp(participant=person, answer=choice))
    return (*rsvps, Rsvp(participant=person, answer=choice))


def meetup_original(series: Series, meetup: Meetup) -> datetime:
    """The original start of *meetup*, which must be a meeting of *series*."""
    if meetup.series_uid != series.uid or meetup.recurrence_id is None:
        raise InvalidValueError(
            "when",
            "the meetup is not a meeting of this series",
            hint="pass a meetup from this series' meetups()",
        )
    return meetup.recurrence_id


def original_start(series: Series, when: object) -> datetime:
    """Find the original start of the meeting that *when* names.

    *when* is a meeting's original start, a :class:`~meetupkit.Meetup` of
    the series, or a date on which exactly one meeting starts (after any
    move) or was planned.
    """
    if isinstance(when, Meetup):
        return meetup_original(series, when)
    if isinstance(when, datetime):
        moment = v.aware(when, "when")
        if not series.is_occurrence(moment):
            raise InvalidValueError(
                "when",
                f"{_time.format_datetime(moment)} is not a meeting of the series",
                hint="use the start the rule gives, see Series.meetups()",
            )
        # Overrides keep the zone they are given: use the series' own, so
        # that an instant given in another zone names the same override.
        return moment.astimezone(series.start.tzinfo)
    if isinstance(when, date):
        return _on_date(series, when)
    raise InvalidTypeError(
        "when",
        f"expected a datetime, date or Meetup, got {type(when).__name__}",
        hint="pass the meeting's original start, its date or the Meetup",
    )


def _on_date(series: Series, day: date) -> datetime:
    from datetime import time, timedelta  # noqa: PLC0415

    zone = series.start.tzinfo
    low = datetime.combine(day - timedelta(days=2), time(), zone)
    high = datetime.combine(day + timedelta(days=3), time(), zone)
    found = {
        m.recurrence_id
        for m in series.meetups(low, high)
        if m.recurrence_id is not None
        and day in {m.start.date(), m.recurrence_id.date()}
    }
    if len(found) != 1:
        problem = (
            "no meeting is on that date"
            if not found
            else "several meetings are on that date"
        )
        raise InvalidValueError(
            "when",
            f"{day.isoformat()}: {problem}",
            hint="pass the meeting's original start or the Meetup",
        )
    return found.pop()


def counts(meetup: Meetup) -> dict[str, int | None]:
    """The numbers an invitation or recap shows about the answers."""
    split = meetup.attendance
    return {
        "attending": len(split.attending),
        "waiting": len(split.waiting),
        "maybe": len(split.maybe),
        "declined": len(split.declined),
        "capacity": meetup.capacity,
    }


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary(split: Attendance, capacity: int | None, lang: str) -> str:
    """The answers as one sentence, in German or English.

    Examples:
        >>> split = Attendance((Participant(name="A"),) * 12,
        ...                    (Participant(name="B"),), (), ())
        >>> summary(split, 12, "de")
        '12 Zusagen für 12 Plätze, 1 auf der Warteliste.'
        >>> summary(split, 12, "en")
        '12 coming, of 12 seats, 1 on the waiting list.'
    """
    german = lang == "de"
    parts = [
        _count(len(split.attending), "Zusage", "Zusagen")
        if german
        else f"{len(split.attending)} coming"
    ]
    if capacity is not None:
        parts[0] += (
            f" für {_count(capacity, 'Platz', 'Plätze')}"
            if german
            else f", of {_count(capacity, 'seat', 'seats')}"
        )
    if split.waiting:
        where = "auf der Warteliste" if german else "on the waiting list"
        parts.append(f"{len(split.waiting)} {where}")
    if split.maybe:
        parts.append(
            f"{len(split.maybe)} {'vielleicht' if german else 'maybe'}"
        )
    if split.declined:
        parts.append(
            _count(len(split.declined), "Absage", "Absagen")
            if german
            else f"{len(split.declined)} declined"
        )
    return ", ".join(parts) + "."


def names_line(names: list[str], lang: str) -> str | None:
    """Who attends, for those who released their name; None if nobody."""
    if not names:
        return None
    from ._describe import join  # noqa: PLC0415

    label = "Zugesagt" if lang == "de" else "Coming"
    return f"{label}: {join(names, lang)}"
