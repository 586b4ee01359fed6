"""Editing a series, and rendering one meeting's recap of a long series.

- 800 successive ``Series.cancel()`` calls on a daily series (each on the
  series the previous call returned), as a tool that imports a calendar's
  cancellations would do; and 800 successive ``move()`` and
  ``add_date()`` calls.  The target: well under a second, and an edit's
  cost does not grow with the number of earlier edits (the last 100
  edits cost no more than 1.5x the first 100; each edit's time is the
  median of its time in several runs).
- ``render_recap()`` of one meeting of a daily series with 10 and with
  1,000 earlier edits: rendering one meeting must not process the whole
  series, so the long series may cost at most 1.5x the short one.

There is no peer: dateutil and icalendar have no notion of an edit.

Run: ``python benchmarks/bench_edit.py [--quick]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, measure, print_rows

from meetupkit import Recurrence, Series

BERLIN = ZoneInfo("Europe/Berlin")


def daily() -> Series:
    """Return the #SoMeWI series, meeting every day."""
    return attrs.evolve(
        Series.example(), recurrence=Recurrence.parse("FREQ=DAILY")
    )


def _edit(series: Series, kind: str, moment: datetime) -> Series:
    if kind == "cancel":
        return series.cancel(moment, reason="Raum belegt")
    if kind == "move":
        return series.move(moment, to=moment + timedelta(hours=1))
    return series.add_date(moment + timedelta(hours=2))


def edit_many(series: Series, count: int, kind: str = "cancel") -> list[float]:
    """Make *count* edits of *kind* one by one; return each call's time."""
    times = []
    start = series.start
    for day in range(count):
        moment = (start.replace(tzinfo=None) + timedelta(days=day)).replace(
            tzinfo=BERLIN
        )
        begin = time.perf_counter()
        series = _edit(series, kind, moment)
        times.append(time.perf_counter() - begin)
    return times


def run(*, quick: bool = False) -> list[Row]:
    """Measure 800 successive edits and one recap of a long series."""
    from meetupkit.render import render_recap

    edits = 80 if quick else 800
    series = daily()
    rows = []
    for kind in ("cancel", "move", "add_date"):
        rows.extend(_edit_rows(series, kind, edits, quick=quick))
    short = cancel_series(series, 10)
    long = cancel_series(series, 100 if quick else 1000)
    day = (series.start.replace(tzinfo=None) + timedelta(days=5)).replace(
        tzinfo=BERLIN
    )
    case = "render_recap() of one meeting"
    for name, edited, reference in (
        ("meetupkit, series with 10 edits", short, True),
        ("meetupkit", long, False),
    ):
        meetup = next(iter(edited.meetups(day, day + timedelta(hours=1))))
        rows.append(
            Row(
                case=case,
                name=name,
                note=""
                if reference
                else f"series with {len(long.overrides):,} edits",
                seconds=measure(
                    lambda m=meetup, s=edited: render_recap(m, series=s),
                    repeat=1 if quick else 7,
                ),
                reference=reference,
                target="" if reference else "<= 1.5x the short series",
                max_ratio=None if reference else 1.5,
            )
        )
    return rows


def _edit_rows(
    series: Series, kind: str, edits: int, *, quick: bool
) -> list[Row]:
    """The total of *edits* successive edits, and the growth of one edit."""
    case = f"{edits} successive {kind}() of a daily series"
    runs: list[list[float]] = []
    total = measure(
        lambda: runs.append(edit_many(series, edits, kind)),
        repeat=1 if quick else 5,
        warmup=0,
    )
    times = [statistics.median(column) for column in zip(*runs, strict=True)]
    tenth = edits // 8
    growth = f"{edits} successive {kind}(): cost of one edit"
    return [
        Row(
            case=case,
            name="meetupkit",
            seconds=total,
            target="< 1 s",
            limit=1.0 if not quick else None,
        ),
        Row(
            case=growth,
            name=f"meetupkit, edits 1-{tenth}",
            seconds=sum(times[:tenth]) / tenth,
            reference=True,
        ),
        Row(
            case=growth,
            name="meetupkit",
            note=f"edits {edits - tenth + 1}-{edits}",
            seconds=sum(times[-tenth:]) / tenth,
            target="<= 1.5x the first edits",
            max_ratio=1.5,
        ),
    ]


def cancel_series(series: Series, count: int) -> Series:
    """Return *series* with meetings 10 to 10 + *count* cancelled."""
    for day in range(10, 10 + count):
        moment = (
            series.start.replace(tzinfo=None) + timedelta(days=day)
        ).replace(tzinfo=BERLIN)
        series = series.cancel(moment)
    return series


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    args = sys.argv[1:] if argv is None else argv
    print_rows(run(quick="--quick" in args))


if __name__ == "__main__":
    main()
