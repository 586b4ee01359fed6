"""Import another group's calendar feed and see what it holds.

Community groups publish their meetups as iCalendar feeds (Meetup.com,
Mobilizon, Gancio and most calendar apps do).  This script reads such a
feed with :func:`meetupkit.ical.from_ical`: an event with a rule becomes a
:class:`~meetupkit.Series`, with its cancelled and moved meetings; any
other event a one-off :class:`~meetupkit.Meetup`.  It prints the next
meetings of each, writes each as a TOML meetup file, and shows that a feed
which is broken (here: the HTML error page a web server sends instead) is
refused with a clear error instead of being read half.

The built-in feed is a made-up neighbouring group on ``example.org``; give
``--feed FILE`` to read a real one.  Run it as
``python examples/import_feed.py [OUTPUT_FOLDER] [--feed FILE]``; the
folder defaults to ``out``.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from meetupkit import ICalError, Series, from_toml, to_toml
from meetupkit.ical import from_ical

BERLIN = ZoneInfo("Europe/Berlin")

#: A neighbouring group's feed: a monthly regulars' table on the second
#: Tuesday (one evening moved, one cancelled) and a one-off barcamp.
FEED = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//example.org//Gruppenkalender//DE
X-WR-CALNAME:Digital-Stammtisch Mainz
BEGIN:VEVENT
UID:digital-stammtisch@example.org
DTSTAMP:20141001T080000Z
SUMMARY:Digital-Stammtisch Mainz
DTSTART;TZID=Europe/Berlin:20141014T190000
DURATION:PT2H
RRULE:FREQ=MONTHLY;BYDAY=2TU
EXDATE;TZID=Europe/Berlin:20141209T190000
LOCATION:Kaffeehaus am Dom\\, Mainz
URL:https://example.org/stammtisch
END:VEVENT
BEGIN:VEVENT
UID:digital-stammtisch@example.org
DTSTAMP:20141001T080000Z
RECURRENCE-ID;TZID=Europe/Berlin:20141111T190000
SUMMARY:Digital-Stammtisch Mainz (eine Woche später)
DTSTART;TZID=Europe/Berlin:20141118T190000
DURATION:PT2H
SEQUENCE:1
END:VEVENT
BEGIN:VEVENT
UID:barcamp-2015@example.org
DTSTAMP:20141001T080000Z
SUMMARY:Social Media Barcamp Rhein-Main
DTSTART;TZID=Europe/Berlin:20150314T100000
DTEND;TZID=Europe/Berlin:20150314T170000
END:VEVENT
END:VCALENDAR
"""

BROKEN = b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"


def main(argv: list[str] | None = None) -> int:
    """Read the feed, list and save what it holds, refuse a broken one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="out", type=Path)
    parser.add_argument("--feed", type=Path, help="an .ics file to read")
    args = parser.parse_args(argv)

    data = args.feed.read_bytes() if args.feed else FEED.encode("utf-8")
    items = from_ical(data)
    out: Path = args.output
    out.mkdir(parents=True, exist_ok=True)
    after = datetime(2014, 10, 1, tzinfo=BERLIN)
    for index, item in enumerate(items, start=1):
        if isinstance(item, Series):
            print(f"Series: {item.title} ({item.recurrence})")
            for meetup in item.meetups(
                after, datetime(2015, 1, 1, tzinfo=BERLIN)
            ):
                print(f"  {meetup.start:%Y-%m-%d %H:%M} {meetup.status.value}")
        else:
            print(f"Meetup: {item.title}, {item.start:%Y-%m-%d %H:%M}")
        path = out / f"imported-{index}.toml"
        path.write_text(to_toml(item), encoding="utf-8")
        assert from_toml(type(item), path.read_bytes()) == item
        print(f"  -> {path}")

    try:
        from_ical(BROKEN)
    except ICalError as exc:
        print(f"Refused a broken feed: {exc}")
    else:  # pragma: no cover - from_ical refuses HTML
        raise AssertionError("an HTML page was read as a calendar")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
