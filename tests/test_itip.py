"""Tests for meetupkit.itip: invitation emails calendar apps understand."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from meetupkit import Answer, Consent, Meetup, Participant, Series, errors
from meetupkit.itip import (
    Reply,
    cancellation,
    invitation,
    read_reply,
    reply_calendar,
)

BERLIN = ZoneInfo("Europe/Berlin")
DECEMBER = datetime(2026, 12, 30, 19, tzinfo=BERLIN)
STAMP = datetime(2026, 12, 1, 9, tzinfo=UTC)
ANNA = Participant(
    name="Anna Schmidt",
    email="anna@example.org",
    consent=Consent(name="members"),
)
DOMINIK = Participant(
    name="Dominik Hoffmann", email="dominik@some-netzwerk.example"
)


def _meeting(series: Series) -> Meetup:
    found = series.meetups(
        DECEMBER - timedelta(days=3), DECEMBER + timedelta(days=3)
    )
    assert len(found) == 1
    return found[0]


def _calendar(message: EmailMessage) -> bytes:
    """The text/calendar part of *message*, decoded."""
    parts = [
        p for p in message.walk() if p.get_content_type() == "text/calendar"
    ]
    assert len(parts) == 1
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def _lines(calendar: bytes) -> list[str]:
    """The unfolded content lines of *calendar*."""
    return calendar.decode("utf-8").replace("\r\n ", "").split("\r\n")


def _parsed(message: EmailMessage) -> EmailMessage:
    """*message* written out and read back by the email package."""
    parsed = email.message_from_bytes(
        message.as_bytes(), policy=email.policy.default
    )
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_invitation_email_matches_golden(
    golden: Callable[[str, bytes | str], None],
) -> None:
    """The invitation to the December meeting is the reviewed email."""
    somewi = Series.example()
    message = invitation(
        _meeting(somewi),
        to=ANNA,
        organizer=DOMINIK,
        series=somewi,
        dtstamp=STAMP,
    )
    golden("itip/invitation.eml", message.as_bytes())


def test_cancellation_email_matches_golden(
    golden: Callable[[str, bytes | str], None],
) -> None:
    """The cancellation of the December meeting is the reviewed email."""
    somewi = Series.example().cancel(DECEMBER, reason="Weihnachtspause")
    message = cancellation(
        _meeting(somewi),
        to=ANNA,
        organizer=DOMINIK,
        series=somewi,
        dtstamp=STAMP,
    )
    golden("itip/cancellation.eml", message.as_bytes())


def test_invitation_parses_back_with_three_parts() -> None:
    """Read back, the email has text, HTML and a REQUEST calendar for Anna."""
    somewi = Series.example()
    parsed = _parsed(
        invitation(_meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
    )
    assert parsed["To"] == "Anna Schmidt <anna@example.org>"
    assert parsed["From"] == "Dominik Hoffmann <dominik@some-netzwerk.example>"
    kinds = [p.get_content_type() for p in parsed.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(parsed.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    plain = next(iter(parsed.iter_parts()))
    assert isinstance(plain, EmailMessage)
    assert "30. Dezember 2026" in plain.get_content()
    lines = _lines(_calendar(parsed))
    assert "METHOD:REQUEST" in lines
    assert "UID:somewi@some-netzwerk.example" in lines
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20261230T190000" in lines
    assert "SEQUENCE:0" in lines
    assert (
        'ATTENDEE;CN="Anna Schmidt";PARTSTAT=NEEDS-ACTION;'
        "ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:anna@example.org"
    ) in lines
    assert (
        'ORGANIZER;CN="Dominik Hoffmann":mailto:dominik@some-netzwerk.example'
        in lines
    )


def test_request_reply_rsvp_round_trip() -> None:
    """Accepting the invitation in a calendar app records Anna as attending."""
    somewi = Series.example().rsvp(DECEMBER, ANNA, "maybe")
    message = invitation(
        _meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP
    )
    answer = reply_calendar(_calendar(_parsed(message)), "yes")
    reply = read_reply(answer)
    assert reply.uid == somewi.uid
    assert reply.recurrence_id == DECEMBER
    assert reply.rsvp.answer is Answer.YES
    updated = reply.apply(somewi)
    attending = _meeting(updated).attendance.attending
    assert [p.email for p in attending] == ["anna@example.org"]
    assert attending[0].consent == ANNA.consent


def test_read_reply_takes_the_whole_email() -> None:
    """A reply email is read from its calendar part."""
    somewi = Series.example()
    request = _calendar(
        invitation(_meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
    )
    mail = EmailMessage()
    mail.set_content("Anna hat abgesagt.")
    mail.add_attachment(
        reply_calendar(request, "no"),
        maintype="text",
        subtype="calendar",
        params={"method": "REPLY"},
    )
    assert read_reply(mail).rsvp.answer is Answer.NO


def test_cancellation_is_method_cancel_with_higher_sequence() -> None:
    """A cancelled meeting goes out as CANCEL, STATUS:CANCELLED, sequence up."""
    somewi = Series.example().cancel(DECEMBER, reason="Weihnachtspause")
    lines = _lines(
        _calendar(
            cancellation(
                _meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP
            )
        )
    )
    assert "METHOD:CANCEL" in lines
    assert "STATUS:CANCELLED" in lines
    assert "SEQUENCE:1" in lines
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20261230T190000" in lines


def test_sequence_rises_with_each_change() -> None:
    """Each move, and then the cancellation, sends a higher SEQUENCE."""
    somewi = Series.example()
    sequences = []
    for target in (
        None,
        DECEMBER + timedelta(days=1),
        DECEMBER + timedelta(days=2),
    ):
        if target is not None:
            somewi = somewi.move(DECEMBER, to=target)
        lines = _lines(
            _calendar(
                invitation(
                    _meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP
                )
            )
        )
        sequences.append(next(x for x in lines if x.startswith("SEQUENCE:")))
    somewi = somewi.cancel(DECEMBER)
    lines = _lines(
        _calendar(
            cancellation(
                _meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP
            )
        )
    )
    sequences.append(next(x for x in lines if x.startswith("SEQUENCE:")))
    assert sequences == [
        "SEQUENCE:0",
        "SEQUENCE:1",
        "SEQUENCE:2",
        "SEQUENCE:3",
    ]


def test_one_off_meetup_has_its_own_uid_and_no_recurrence_id() -> None:
    """A one-off meetup is invited under its own UID."""
    meetup = Meetup(
        title="#SoMeWI Sommerfest", start=DECEMBER, duration=timedelta(hours=3)
    )
    lines = _lines(
        _calendar(
            invitation(meetup, to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
        )
    )
    assert f"UID:{meetup.uid}" in lines
    assert not any(x.startswith("RECURRENCE-ID") for x in lines)
    reply = read_reply(
        reply_calendar(
            _calendar(
                invitation(meetup, to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
            ),
            "maybe",
        )
    )
    assert reply.recurrence_id is None
    with pytest.raises(errors.InvalidValueError, match="uid"):
        reply.apply(Series.example())


def test_organizer_defaults_to_the_series_organizer() -> None:
    """Without organizer=, the series' first organizer with an email invites."""
    import attrs

    somewi = attrs.evolve(Series.example(), organizers=(DOMINIK,))
    message = invitation(
        _meeting(somewi), to=ANNA, series=somewi, dtstamp=STAMP
    )
    assert (
        message["From"] == "Dominik Hoffmann <dominik@some-netzwerk.example>"
    )


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (
            lambda m: invitation(
                m, to=Participant(name="Anna"), organizer=DOMINIK
            ),
            "to.email",
        ),
        (lambda m: invitation(m, to=ANNA), "organizer"),
        (
            lambda m: invitation(m, to="anna@example.org", organizer=DOMINIK),
            "to",
        ),
        (lambda m: cancellation(m, to=ANNA, organizer=DOMINIK), "meetup"),
    ],
)
def test_bad_arguments_name_the_field(
    call: Callable[[Meetup], object], path: str
) -> None:
    """Missing addresses and a meeting that is not cancelled are refused."""
    with pytest.raises(errors.MeetupkitError) as caught:
        call(_meeting(Series.example()))
    assert caught.value.path == path


def test_invitation_to_a_cancelled_meeting_is_refused() -> None:
    """A cancelled meeting gets a cancellation, not an invitation."""
    somewi = Series.example().cancel(DECEMBER)
    with pytest.raises(errors.InvalidValueError, match="cancellation"):
        invitation(_meeting(somewi), to=ANNA, organizer=DOMINIK)


@pytest.mark.parametrize(
    ("replace", "field"),
    [
        (("METHOD:REPLY", "METHOD:REQUEST"), "METHOD"),
        (("PARTSTAT=ACCEPTED", "PARTSTAT=DELEGATED"), "ATTENDEE"),
        (("UID:", "X-UID:"), "UID"),
    ],
)
def test_read_reply_refuses_what_is_not_an_answer(
    replace: tuple[str, str], field: str
) -> None:
    """A calendar that is no reply, or no answer, raises an ICalError."""
    somewi = Series.example()
    request = _calendar(
        invitation(_meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
    )
    text = reply_calendar(request, "yes").decode().replace(*replace, 1)
    with pytest.raises(errors.ICalError) as caught:
        read_reply(text)
    assert caught.value.path == field


def test_reply_has_uid_recurrence_id_sequence_and_rsvp() -> None:
    """A Reply carries uid, recurrence id, sequence and the Rsvp."""
    import attrs

    names = [field.name for field in attrs.fields(Reply)]
    assert names == ["uid", "recurrence_id", "sequence", "rsvp"]
