"""The organizer's round before the last #SoMeWI of 2026.

Thirteen people answer the invitation to the meeting of 30 December 2026;
the room Adelheid has twelve seats, so the thirteenth waits until someone
withdraws.  The invitation goes out as an email that calendar apps show
with Accept and Decline buttons, and Anna's Accept comes back as a reply.
Then the organizer checks the year for public holidays in Hesse and for
the heimathafen's Christmas closure, and moves the meeting that clashes.
Last, the regulars' table decides to meet more often: from March 2027 on
every four weeks, still in the room Adelheid.

Run it as ``python examples/organizer.py [FOLDER]``: it prints each step
and writes ``invitation.eml`` (the email, ready for :mod:`smtplib`),
``update.eml`` (the update after the move) and ``somewi-2027.json`` (the series after the round) into FOLDER (default: the
current folder).  The ``holidays`` package (``pip install
'meetupkit[holidays]'``) gives the Hessian holidays.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

from meetupkit import Consent, Participant, Series, to_json
from meetupkit.itip import invitation, read_reply, reply_calendar

BERLIN = ZoneInfo("Europe/Berlin")
DECEMBER = datetime(2026, 12, 30, 19, tzinfo=BERLIN)
ORGANIZER = Participant(
    name="Dominik Hoffmann",
    email="dominik@some-netzwerk.example",
    roles=("organizer",),
    consent=Consent(name="public"),
)
ANNA = Participant(
    name="Anna Schmidt",
    email="anna@example.org",
    consent=Consent(name="public"),
)


def answers(somewi: Series) -> Series:
    """Thirteen yes for twelve seats, one no, then one withdrawal."""
    guests = [Participant(name=f"Gast {n}") for n in range(1, 13)]
    for guest in [ANNA, *guests]:
        somewi = somewi.rsvp(DECEMBER, guest, "yes")
    somewi = somewi.rsvp(DECEMBER, Participant(name="Gast 13"), "no")
    show(somewi, "13 Zusagen für 12 Plätze")
    somewi = somewi.rsvp(DECEMBER, guests[4], "no")
    show(somewi, f"{guests[4].name} sagt ab, {guests[11].name} rückt nach")
    return somewi


def show(somewi: Series, title: str) -> None:
    """Print who attends and who waits for the December meeting."""
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    split = meeting.attendance
    print(f"{title}: {len(split.attending)} dabei,", end=" ")
    print(f"Warteliste: {[p.name for p in split.waiting]}")


def invite(somewi: Series, folder: Path) -> Series:
    """Write Anna's invitation email and read her Accept back."""
    meeting = somewi.next(after=DECEMBER - timedelta(days=1))
    assert meeting is not None
    message = invitation(
        meeting,
        to=ANNA,
        organizer=ORGANIZER,
        series=somewi,
        dtstamp=datetime(2026, 12, 1, 9, tzinfo=UTC),
    )
    (folder / "invitation.eml").write_bytes(message.as_bytes())
    kinds = [part.get_content_type() for part in message.iter_parts()]
    print(f"Einladung an {message['To']}: {', '.join(kinds)}")
    calendar = next(
        part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_type() == "text/calendar"
    )
    assert isinstance(calendar, bytes)
    reply = read_reply(reply_calendar(calendar, "yes"))
    print(f"Antwort von {reply.rsvp.participant.email}: {reply.rsvp.answer}")
    return reply.apply(somewi)


def holidays_and_closures(somewi: Series) -> Series:
    """Find the meetings of 2026 on a holiday or closed day; move them."""
    hesse = holidays.country_holidays("DE", subdiv="HE", language="de")
    christmas = {
        date(2026, 12, 24) + timedelta(days=n): "Betriebsferien"
        for n in range(9)
    }
    for clash in somewi.clashes(
        hesse,
        closed=christmas,
        start=datetime(2026, 1, 1, tzinfo=BERLIN),
        end=datetime(2027, 1, 1, tzinfo=BERLIN),
    ):
        assert clash.proposal is not None
        print(
            f"{clash.meetup.start.date()}: {clash.name},"
            f" verschoben auf {clash.proposal.date()}"
        )
        somewi = clash.accept(somewi)
    return somewi


def every_four_weeks(somewi: Series) -> Series:
    """From March 2027 on, meet every four weeks; the history stays."""
    changed = somewi.change_from(date(2027, 3, 24), every=timedelta(weeks=4))
    print(f"Neuer Rhythmus: {changed.describe()}")
    for meeting in changed.upcoming(
        4, after=datetime(2027, 2, 1, tzinfo=BERLIN)
    ):
        print(f"  Treffen {meeting.number}: {meeting.start:%Y-%m-%d %H:%M}")
    return changed


def main() -> None:
    """Run the round and write its files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=".", type=Path)
    folder = parser.parse_args().folder
    folder.mkdir(parents=True, exist_ok=True)
    somewi = Series.example()
    somewi = answers(somewi)
    somewi = invite(somewi, folder)
    somewi = holidays_and_closures(somewi)
    moved = somewi.next(after=DECEMBER - timedelta(days=1))
    assert moved is not None
    update = invitation(
        moved,
        to=ANNA,
        organizer=ORGANIZER,
        series=somewi,
        dtstamp=datetime(2026, 12, 2, 9, tzinfo=UTC),
    )
    (folder / "update.eml").write_bytes(update.as_bytes())
    print(f"Aktualisierung an {update['To']}: SEQUENCE {moved.sequence}")
    somewi = every_four_weeks(somewi)
    (folder / "somewi-2027.json").write_text(to_json(somewi), encoding="utf-8")


if __name__ == "__main__":
    main()
