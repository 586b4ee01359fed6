"""Invitations by email that calendar apps understand (iTIP and iMIP).

Outlook, Gmail, Apple Mail and Thunderbird show Accept and Decline buttons
for an email that carries a ``text/calendar; method=REQUEST`` part
(RFC 6047), and send back a ``METHOD:REPLY`` calendar when someone clicks
one (RFC 5546).  This module writes such emails for a meeting and reads
the replies:

* :func:`invitation` builds the email for one addressee: the invitation
  text (:func:`meetupkit.render.render_invitation`) as plain text and HTML,
  and the calendar part with ``ORGANIZER``, ``ATTENDEE;RSVP=TRUE`` for the
  addressee, the meeting's ``SEQUENCE`` and, for a meeting of a series,
  the series' ``UID`` with the meeting's ``RECURRENCE-ID``, so that it is
  the same event as in a subscribed feed.  Send it again after a move: the
  move raised the meeting's sequence, so the calendar app updates the
  event instead of adding one.
* :func:`cancellation` builds the ``METHOD:CANCEL`` email for a cancelled
  meeting.
* :func:`read_reply` reads the ``METHOD:REPLY`` calendar (or the whole
  email) that comes back into a :class:`Reply`, whose :meth:`Reply.apply`
  records the answer with :meth:`meetupkit.Series.rsvp`.

Sending the email is left to the caller, for example with :mod:`smtplib`.

Examples:
    >>> from datetime import UTC, datetime
    >>> from meetupkit import Participant, Series
    >>> somewi = Series.example()
    >>> meeting = somewi.meetup(2)
    >>> mail = invitation(
    ...     meeting, series=somewi,
    ...     to=Participant(name="Anna", email="anna@example.org"),
    ...     organizer=Participant(name="Dominik", email="dominik@example.org"),
    ...     dtstamp=datetime(2014, 10, 1, tzinfo=UTC))
    >>> mail["To"], mail.get_content_type()
    ('Anna <anna@example.org>', 'multipart/alternative')
    >>> [part.get_content_type() for part in mail.iter_parts()]
    ['text/plain', 'text/html', 'text/calendar']
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from typing import TYPE_CHECKING

import attrs

from .errors import ICalError, InvalidTypeError, InvalidValueError
from .model import Answer, Audience, Meetup, Participant, Rsvp, Series

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "Reply",
    "cancellation",
    "invitation",
    "read_reply",
    "reply_calendar",
]

_PARTSTAT = {
    "ACCEPTED": Answer.YES,
    "DECLINED": Answer.NO,
    "TENTATIVE": Answer.MAYBE,
}


@attrs.frozen(kw_only=True)
class Reply:
    """An answer read from a calendar app's ``METHOD:REPLY``.

    Attributes:
        uid: The event's ``UID``: a series' uid, or a one-off meetup's.
        recurrence_id: The meeting's original start within the series
            (``RECURRENCE-ID``); ``None`` for a one-off meetup.
        sequence: The ``SEQUENCE`` the reply answers.
        rsvp: Who answered, and what.
    """

    uid: str
    recurrence_id: datetime | None
    sequence: int
    rsvp: Rsvp

    def apply(self, series: Series) -> Series:
        """Record the answer in *series* (see :meth:`~meetupkit.Series.rsvp`).

        Raises:
            InvalidValueError: the reply is about another series, or names
                no meeting of it.
        """
        if self.uid != series.uid or self.recurrence_id is None:
            raise InvalidValueError(
                "uid",
                f"the reply is about {self.uid[:60]!r}, not this series",
                hint="apply it to the series whose invitation was answered",
            )
        return series.rsvp(
            self.recurrence_id, self.rsvp.participant, self.rsvp.answer
        )


def _address(person: object, path: str) -> Participant:
    if not isinstance(person, Participant):
        raise InvalidTypeError(
            path,
            f"expected a Participant, got {type(person).__name__}",
            hint="pass a meetupkit.Participant with an email address",
        )
    if person.email is None:
        raise InvalidValueError(
            f"{path}.email",
            "is missing",
            hint="give the participant an email address",
        )
    return person


def _mailbox(person: Participant) -> str:
    """``Name <address>`` of a participant whose email was checked."""
    return email.utils.formataddr((person.name, person.email or ""))


def _organizer(
    organizer: Participant | None, series: Series | None
) -> Participant:
    if organizer is not None:
        return _address(organizer, "organizer")
    for person in series.organizers if series is not None else ():
        if person.email is not None:
            return person
    raise InvalidValueError(
        "organizer",
        "is missing",
        hint="pass organizer=Participant(..., email=...) or give the series"
        " an organizer with an email address",
    )


def _calendar_part(
    meetup: Meetup,
    method: str,
    *,
    to: Participant,
    organizer: Participant,
    dtstamp: datetime,
) -> bytes:
    """The ``text/calendar`` part: the meeting as meetupkit's feed writes it."""
    import icalendar  # noqa: PLC0415 - loaded on first use

    from .ical import to_calendar  # noqa: PLC0415

    calendar = to_calendar(meetup, audience=Audience.PUBLIC, dtstamp=dtstamp)
    calendar["METHOD"] = icalendar.vText(method)
    (event,) = calendar.walk("VEVENT")
    if meetup.series_uid is not None and meetup.recurrence_id is not None:
        event["UID"] = icalendar.vText(meetup.series_uid)
        event.add("recurrence-id", meetup.recurrence_id)
    event.pop("SEQUENCE", None)
    event.add("sequence", meetup.sequence)
    event.add(
        "organizer",
        icalendar.vCalAddress(f"mailto:{organizer.email}"),
        parameters={"CN": organizer.name},
    )
    params = {"CN": to.name, "ROLE": "REQ-PARTICIPANT"}
    if method == "REQUEST":
        params |= {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    event.add(
        "attendee",
        icalendar.vCalAddress(f"mailto:{to.email}"),
        parameters=params,
    )
    data: bytes = calendar.to_ical()
    return data


def _message(
    meetup: Meetup,
    method: str,
    *,
    to: Participant,
    organizer: Participant,
    series: Series | None,
    lang: str | None,
    dtstamp: datetime | None,
) -> EmailMessage:
    from .render import render_invitation  # noqa: PLC0415

    moment = datetime.now(UTC).replace(microsecond=0)
    if dtstamp is not None:
        from . import _time  # noqa: PLC0415

        moment = _time.check_aware(dtstamp, "dtstamp").astimezone(UTC)
    # The addressee reads it alone; it is public as far as the others go.
    text = render_invitation(meetup, series=series, lang=lang, format="text")
    html = render_invitation(meetup, series=series, lang=lang, format="html")
    part = _calendar_part(
        meetup, method, to=to, organizer=organizer, dtstamp=moment
    )
    message = EmailMessage()
    message["Subject"] = text.splitlines()[0] + (
        f" ({meetup.start.date().isoformat()})"
    )
    message["From"] = _mailbox(organizer)
    message["To"] = _mailbox(to)
    message["Date"] = email.utils.format_datetime(moment)
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(
        f"<!DOCTYPE html>\n<html><body>\n{html}\n</body></html>\n",
        subtype="html",
    )
    message.add_alternative(
        part,
        maintype="text",
        subtype="calendar",
        params={"method": method, "charset": "utf-8"},
    )
    # A boundary from the content, not a random one, so that the same
    # meeting gives the same email; the ``=`` signs cannot occur at the
    # start of a line of the quoted-printable or base64 parts.
    import hashlib  # noqa: PLC0415

    content = f"{text}\0{html}\0".encode() + part
    digest = hashlib.sha256(content).hexdigest()[:24]
    message.set_boundary(f"=={digest}==")
    return message


def invitation(
    meetup: Meetup,
    *,
    to: Participant,
    organizer: Participant | None = None,
    series: Series | None = None,
    lang: str | None = None,
    dtstamp: datetime | None = None,
) -> EmailMessage:
    """Build the invitation email (``METHOD:REQUEST``) to one meeting.

    Send one to each addressee.  After a change that calendars must see (a
    move, another room) the meeting's ``sequence`` is higher, and the same
    call builds the update.

    Args:
        meetup: The meeting, such as ``series.next(after=now)``.
        to: The addressee; needs an email address.
        organizer: Who invites and receives the replies; needs an email
            address.  Without it, the first of the series' organizers that
            has one.
        series: The series the meeting belongs to, for the texts.
        lang: ``"de"`` or ``"en"`` for the texts (see
            :func:`meetupkit.render.render_invitation`).
        dtstamp: The calendar's ``DTSTAMP`` and the email's ``Date``;
            now if not given.

    Returns:
        A ``multipart/alternative`` email with a plain-text, an HTML and a
        ``text/calendar; method=REQUEST`` part; From, To, Subject and Date
        are set.

    Raises:
        InvalidValueError: the meeting is cancelled (use
            :func:`cancellation`), or *to* or the organizer has no email.
        InvalidTypeError: *to* or *organizer* is not a Participant.
    """
    if meetup.is_cancelled:
        raise InvalidValueError(
            "meetup",
            "is cancelled",
            hint="send meetupkit.itip.cancellation(...) instead",
        )
    return _message(
        meetup,
        "REQUEST",
        to=_address(to, "to"),
        organizer=_organizer(organizer, series),
        series=series,
        lang=lang,
        dtstamp=dtstamp,
    )


def cancellation(
    meetup: Meetup,
    *,
    to: Participant,
    organizer: Participant | None = None,
    series: Series | None = None,
    lang: str | None = None,
    dtstamp: datetime | None = None,
) -> EmailMessage:
    """Build the cancellation email (``METHOD:CANCEL``) of a meeting.

    Its texts are the cancellation notice of
    :func:`meetupkit.render.render_invitation` (with the reason, and with
    *series* the next meeting); calendar apps remove the event.

    Args:
        meetup: The cancelled meeting, such as one of
            ``series.cancel(...).meetups(...)``.
        to: The addressee; needs an email address.
        organizer: As for :func:`invitation`.
        series: As for :func:`invitation`.
        lang: As for :func:`invitation`.
        dtstamp: As for :func:`invitation`.

    Raises:
        InvalidValueError: the meeting is not cancelled, or *to* or the
            organizer has no email.
        InvalidTypeError: *to* or *organizer* is not a Participant.
    """
    if not meetup.is_cancelled:
        raise InvalidValueError(
            "meetup",
            "is not cancelled",
            hint="cancel it first, with Series.cancel(...)",
        )
    return _message(
        meetup,
        "CANCEL",
        to=_address(to, "to"),
        organizer=_organizer(organizer, series),
        series=series,
        lang=lang,
        dtstamp=dtstamp,
    )


def _calendar_text(data: bytes | str | Message) -> bytes | str:
    if not isinstance(data, Message):
        return data
    for part in data.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload
    raise ICalError(
        "",
        "the email has no text/calendar part",
        hint="pass the reply's calendar part or .ics file",
    )


def read_reply(
    data: bytes | str | Message, *, participant: Participant | None = None
) -> Reply:
    """Read a calendar app's ``METHOD:REPLY`` into a :class:`Reply`.

    Args:
        data: The reply's ``.ics`` text, or the whole email.
        participant: Who is expected to answer; their name, email and
            consent are kept.  Without it, the ``ATTENDEE`` line's name and
            email make a participant with the default consent, which
            :meth:`~meetupkit.Series.rsvp` replaces with the consent the person gave
            before.

    Returns:
        The event's uid, the meeting's original start, the sequence
        answered and the :class:`~meetupkit.Rsvp`.

    Raises:
        ICalError: *data* is not a reply: not iCalendar, not
            ``METHOD:REPLY``, no single ``VEVENT``, no ``UID``, not one
            ``ATTENDEE``, or a ``PARTSTAT`` that is not an answer.
    """
    from .ical._lines import _param, _parse, _unescape  # noqa: PLC0415
    from .ical._read import _person, _Reader  # noqa: PLC0415

    calendars = _parse(_calendar_text(data))
    calendar = calendars[0]
    method = calendar.one("METHOD")
    if method is None or method.value.strip().upper() != "REPLY":
        raise ICalError(
            "METHOD",
            "the calendar is not a reply",
            hint="pass the METHOD:REPLY calendar a calendar app sent back",
        )
    events = [c for c in calendar.children if c.name == "VEVENT"]
    if len(events) != 1:
        raise ICalError(
            "VEVENT",
            f"a reply holds one event, this one {len(events)}",
            hint="pass the reply to one invitation",
        )
    (event,) = events
    uid = event.one("UID")
    if uid is None:
        raise ICalError("UID", "is missing", hint="pass a complete reply")
    attendees = event.all("ATTENDEE")
    if len(attendees) != 1:
        raise ICalError(
            "ATTENDEE",
            f"a reply names one attendee, this one {len(attendees)}",
            hint="pass the reply of one person",
        )
    (attendee,) = attendees
    status = _param(attendee.params.get("PARTSTAT", "")).upper()
    if status not in _PARTSTAT:
        raise ICalError(
            "ATTENDEE",
            f"PARTSTAT {status[:20]!r} is not an answer",
            hint="expect ACCEPTED, DECLINED or TENTATIVE",
            line_number=attendee.line,
        )
    person = participant
    if person is None:
        person = _person(attendee)
        if person is None:
            raise ICalError(
                "ATTENDEE",
                "names nobody",
                hint="expect a mailto: address or a CN",
                line_number=attendee.line,
            )
        person = Participant(name=person.name, email=person.email)
    recurrence: datetime | None = None
    found = event.one("RECURRENCE-ID")
    if found is not None:
        recurrence = _Reader(calendar, None).start(found)
    sequence = event.one("SEQUENCE")
    return Reply(
        uid=_unescape(uid.value),
        recurrence_id=recurrence,
        sequence=int(sequence.value)
        if sequence and sequence.value.isdigit()
        else 0,
        rsvp=Rsvp(participant=person, answer=_PARTSTAT[status]),
    )


def reply_calendar(request: bytes, answer: Answer | str) -> bytes:
    """Answer an invitation's calendar part the way a calendar app does.

    Useful to test a whole round trip: it turns the ``METHOD:REQUEST``
    part of :func:`invitation` into the ``METHOD:REPLY`` that Accept
    (``yes``), Decline (``no``) or Tentative (``maybe``) sends back.

    Raises:
        InvalidValueError: *answer* is not an :class:`~meetupkit.Answer`.
    """
    import icalendar  # noqa: PLC0415 - loaded on first use

    from ._rsvp import check_answer  # noqa: PLC0415

    status = {v: k for k, v in _PARTSTAT.items()}[check_answer(answer)]
    calendar: icalendar.Calendar = icalendar.Calendar.from_ical(request)
    calendar["METHOD"] = icalendar.vText("REPLY")
    for event in calendar.walk("VEVENT"):
        attendee = event["ATTENDEE"]
        params = {"CN": attendee.params["CN"], "PARTSTAT": status}
        del event["ATTENDEE"]
        event.add(
            "attendee", icalendar.vCalAddress(str(attendee)), parameters=params
        )
    data: bytes = calendar.to_ical()
    return data
