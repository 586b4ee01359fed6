"""Export and import 10,000 meetings: meetupkit vs icalendar vs ics-py 0.7.

Every library gets the same meetings (one-off meetups at the heimathafen in
Wiesbaden, every day from 24 September 2014, 19:00 Europe/Berlin, two
hours, 12 attendees of their own per meeting who released name and email;
no object is shared between meetings).  Times are medians of several runs,
with the garbage collector on; ratios are each library's time divided by
the reference's (below 1 means faster).

- icalendar: a hand-built ``icalendar.Calendar`` with the same properties
  (no VTIMEZONE), written with ``to_ical()``; read with
  ``Calendar.from_ical()`` plus reading every DTSTART and DTEND.
- ics-py 0.7.3: ``ics.Calendar(events=...)`` written with ``serialize()``;
  read with ``ics.Calendar(text)`` (it converts to UTC and writes no zone).

meetupkit does more on both sides (VTIMEZONE, checked input, model
objects), so this measures what that costs.

Run: ``python benchmarks/bench_ical.py`` (``--quick`` for 500 meetings).
"""

from __future__ import annotations

import copy
import os
import platform
import sys
import warnings
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, measure, print_rows

from meetupkit import Consent, Meetup, Participant, Series
from meetupkit.ical import from_ical, to_ical

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2014, 9, 1, 8, tzinfo=UTC)


def people(meeting: int) -> tuple[Participant, ...]:
    """Return the 12 attendees of one meeting, objects of their own."""
    return tuple(
        Participant(
            # ics-py cannot read a comma back
            name=f"Teilnehmerin {n} aus Wiesbaden ({meeting})",
            email=f"person{n}.{meeting}@example.org",
            consent=Consent(name="public", contact="public"),
        )
        for n in range(12)
    )


def meetings(count: int) -> list[Meetup]:
    somewi = Series.example()
    result = []
    for n in range(count):
        venue, room = copy.deepcopy((somewi.venue, somewi.room))
        result.append(
            Meetup(
                title=f"#SoMeWI Stammtisch {n}",
                start=datetime(2014, 9, 24, 19, tzinfo=BERLIN)
                + timedelta(days=n),
                duration=timedelta(hours=2),
                uid=f"somewi-{n}@some-netzwerk.example",
                description="Social Media und Recht; Coworking-Spaces",
                venue=venue,
                room=room,
                participants=people(n),
            )
        )
    return result


def icalendar_export(items: list[Meetup]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for m in items:
        event = icalendar.Event()
        event.add("uid", m.uid)
        event.add("dtstamp", STAMP)
        event.add("dtstart", m.start)
        event.add("duration", m.duration)
        event.add("summary", m.title)
        event.add("description", m.description)
        event.add("location", f"{m.venue.name}, {m.room.name}")
        for person in m.participants:
            event.add(
                "attendee",
                f"mailto:{person.email}",
                parameters={"CN": person.name, "ROLE": "REQ-PARTICIPANT"},
            )
        calendar.add_component(event)
    return calendar.to_ical()


def icalendar_import(data: bytes) -> int:
    calendar = icalendar.Calendar.from_ical(data)
    count = 0
    for event in calendar.walk("VEVENT"):
        _ = event["DTSTART"].dt, event.end
        count += 1
    return count


def ics_export(items: list[Meetup]) -> str:
    import ics

    events = [
        ics.Event(
            name=m.title,
            begin=m.start,
            duration=m.duration,
            uid=m.uid,
            description=m.description,
            location=f"{m.venue.name}, {m.room.name}",
            created=STAMP,
            attendees=[
                ics.Attendee(email=p.email, common_name=p.name)
                for p in m.participants
            ],
        )
        for m in items
    ]
    return ics.Calendar(events=events).serialize()


def ics_import(text: str) -> int:
    import ics

    return len(ics.Calendar(text).events)


def export(items: list[Meetup]) -> bytes:
    return to_ical(items, dtstamp=STAMP, attendees=True)


def run(*, quick: bool = False) -> list[Row]:
    """Measure export and import; return one case per direction."""
    count, repeat = (50, 1) if quick else (10_000, 5)
    warnings.simplefilter("ignore")  # ics-py warns about its future API
    items = meetings(count)
    ours = export(items)
    theirs = icalendar_export(items)
    text = ics_export(items)
    assert len(from_ical(ours)) == count
    assert icalendar_import(theirs) == count
    assert ics_import(text) == count
    out = f"iCalendar export, {count:,} meetings"
    into = f"iCalendar import, {count:,} meetings"
    return [
        Row(
            out,
            "ics-py 0.7",
            measure(lambda: ics_export(items), repeat=repeat),
            reference=True,
        ),
        Row(
            out,
            "icalendar by hand",
            measure(lambda: icalendar_export(items), repeat=repeat),
        ),
        Row(
            out,
            "meetupkit",
            measure(lambda: export(items), repeat=repeat),
            target="<= 1.0x ics-py",
            max_ratio=1.0,
            note="with VTIMEZONE",
        ),
        Row(
            into,
            "icalendar",
            measure(lambda: icalendar_import(theirs), repeat=repeat),
            reference=True,
        ),
        Row(
            into,
            "ics-py 0.7",
            # A minute a run on 10,000 meetings: once is enough.
            measure(lambda: ics_import(text), repeat=1, warmup=0),
        ),
        Row(
            into,
            "meetupkit",
            measure(lambda: from_ical(ours), repeat=repeat),
            target="<= 1.0x icalendar",
            max_ratio=1.0,
            note="checked, into model objects",
        ),
    ]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark; print versions, machine and the table."""
    args = sys.argv[1:] if argv is None else argv
    print(f"- Python {sys.version.split()[0]} on {platform.platform()}")
    print(f"- machine {platform.machine()}, {os.cpu_count()} CPUs")
    print(
        "- "
        + ", ".join(
            f"{n} {version(n)}" for n in ("meetupkit", "icalendar", "ics")
        )
    )
    print()
    print_rows(run(quick="--quick" in args))


if __name__ == "__main__":
    main()
