"""Recurrence: expanding the #SoMeWI series, and a rule that never matches.

- ``Series.meetups(start, end)`` over 10, 100 and 1,000 years of the
  eight-weekly #SoMeWI series, against dateutil's ``rrule()`` (the
  reference: its fastest API, the rule built once with the zoned start
  and the window's end as ``until``, as a user would, and iterated in the
  timed loop; it yields aware wall-clock datetimes) and
  recurring-ical-events on the same series as an iCalendar VEVENT.
  meetupkit returns full ``Meetup`` objects (uid, number, venue, room); the
  peers return datetimes (dateutil) or icalendar events
  (recurring-ical-events).  Measured with the garbage collector on (the
  targets) and off.
- ``Series.next()`` on ``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``, which no
  date matches, against dateutil's ``rrule.after()``, which searches to the
  year 9999.

Run: ``python benchmarks/bench_recurrence.py [--quick]``.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
from dateutil import rrule

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, measure, print_rows

from meetupkit import Recurrence, Series

BERLIN = ZoneInfo("Europe/Berlin")
NEVER = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"


def _dateutil_rule(series: Series, end: datetime) -> rrule.rrule:
    """Build the series' rule with dateutil's ``rrule()``, up to *end*."""
    assert str(series.recurrence) == "FREQ=WEEKLY;INTERVAL=8"
    return rrule.rrule(
        rrule.WEEKLY,
        interval=8,
        dtstart=series.start,
        until=end.astimezone(series.start.tzinfo),
    )


def _ical_calendar(series: Series) -> object:
    """Build the series as an icalendar VEVENT by hand, for the oracle."""
    import icalendar

    calendar = icalendar.Calendar()
    event = icalendar.Event()
    event.add("uid", series.uid)
    event.add("summary", series.title)
    event.add("dtstart", series.start)
    event.add("duration", series.duration)
    event.add("rrule", icalendar.vRecur.from_ical(str(series.recurrence)))
    calendar.add_component(event)
    return calendar


def run(*, quick: bool = False) -> list[Row]:
    """Measure expansion over 10, 100 and 1,000 years and next()."""
    import recurring_ical_events

    series = Series.example()
    calendar = _ical_calendar(series)
    rows = []
    spans = (10,) if quick else (10, 100, 1000)
    for years, gc_on in [(y, True) for y in spans] + [
        (y, False) for y in spans
    ]:
        end = series.start + timedelta(days=round(365.2425 * years))
        count = len(series.meetups(series.start, end))
        rule = _dateutil_rule(series, end)
        assert [m.start for m in series.meetups(series.start, end)] == list(
            rule
        ), years
        case = f"meetups() over {years:,} years ({count:,} meetings)"
        if not gc_on:
            case += ", GC off"
        repeat = 1 if quick else 3 if years >= 1000 else 7
        most = 1.5 if years >= 1000 else 1.25
        funcs = {
            "dateutil rrule()": lambda rule=rule: list(rule),
            "recurring-ical-events": lambda end=end: list(
                recurring_ical_events.of(calendar).between(series.start, end)
            ),
            "meetupkit": lambda end=end: series.meetups(series.start, end),
            "meetupkit Recurrence.iterate()": lambda end=end: list(
                series.recurrence.iterate(series.start, stop=end)
            ),
        }
        if not gc_on:
            del funcs["recurring-ical-events"]
        for name, func in funcs.items():
            ours = name == "meetupkit" and gc_on
            rows.append(
                Row(
                    case=case,
                    name=name,
                    seconds=measure(func, repeat=repeat, gc_on=gc_on),
                    reference=name == "dateutil rrule()",
                    target=f"<= {most}x dateutil" if ours else "",
                    max_ratio=most if ours else None,
                    note="datetimes only, like dateutil"
                    if "iterate" in name
                    else "",
                )
            )
    never = attrs.evolve(series, recurrence=Recurrence.parse(NEVER))
    after = datetime(2014, 9, 25, tzinfo=BERLIN)
    rule = rrule.rrulestr(NEVER, dtstart=series.start.replace(tzinfo=None))
    case = f"next() on {NEVER}"
    if not quick:  # dateutil searches for seconds
        rows.append(
            Row(
                case=case,
                name="dateutil rrule.after()",
                seconds=measure(
                    lambda: rule.after(after.replace(tzinfo=None)),
                    repeat=1,
                    warmup=0,
                ),
                reference=True,
            )
        )
    rows.append(
        Row(
            case=case,
            name="meetupkit",
            seconds=measure(
                lambda: never.next(after=after), repeat=1 if quick else 7
            ),
            target="< 0.1 s",
            limit=0.1,
        )
    )
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    args = sys.argv[1:] if argv is None else argv
    print_rows(run(quick="--quick" in args))


if __name__ == "__main__":
    main()
