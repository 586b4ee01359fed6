"""Tests for Series.upcoming, Series.restore and the rsvp/restore commands."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetupkit import (
    MeetupStatus,
    Recurrence,
    Series,
    errors,
    from_json,
    to_json,
)

BERLIN = ZoneInfo("Europe/Berlin")
DECEMBER = datetime(2026, 12, 30, 19, tzinfo=BERLIN)
AFTER = datetime(2026, 11, 25, tzinfo=BERLIN)


def test_upcoming_lists_the_next_meetings_and_skips_cancelled() -> None:
    """The next three meetings come in order, without the cancelled one."""
    somewi = Series.example().cancel(DECEMBER)
    days = [m.start.date() for m in somewi.upcoming(3, after=AFTER)]
    assert days == [date(2027, 2, 24), date(2027, 4, 21), date(2027, 6, 16)]
    with_cancelled = somewi.upcoming(1, after=AFTER, include_cancelled=True)
    assert with_cancelled[0].status is MeetupStatus.CANCELLED


def test_upcoming_stops_where_the_series_ends() -> None:
    """A series with three meetings gives no more than three."""
    import attrs

    short = attrs.evolve(
        Series.example(), recurrence=Recurrence.every(weeks=8, count=3)
    )
    assert len(short.upcoming(10, after=short.start.replace(day=1))) == 3


@pytest.mark.parametrize("n", [0, -1, 1001, True, 2.0])
def test_upcoming_refuses_a_bad_count(n: object) -> None:
    """A count that is not 1 to 1000 names the field n."""
    with pytest.raises(errors.InvalidValueError) as caught:
        Series.example().upcoming(n, after=AFTER)  # type: ignore[arg-type]
    assert caught.value.path == "n"


@pytest.mark.parametrize(
    "when", [DECEMBER, date(2026, 12, 30)], ids=["start", "date"]
)
def test_restore_clears_the_cancellation_and_raises_sequence(
    when: datetime | date,
) -> None:
    """A restored meeting takes place again, without reason, sequence up."""
    cancelled = Series.example().cancel(DECEMBER, reason="Krank")
    restored = cancelled.restore(when)
    (meeting,) = restored.upcoming(1, after=AFTER)
    assert meeting.start == DECEMBER
    assert meeting.status is MeetupStatus.SCHEDULED
    assert meeting.status_reason is None
    assert meeting.sequence == 2


def test_restore_of_a_meeting_that_is_not_cancelled_changes_nothing() -> None:
    """Restoring a meeting that takes place is refused."""
    somewi = Series.example()
    with pytest.raises(errors.InvalidValueError, match="not cancelled"):
        somewi.restore(DECEMBER)


def _main(*argv: str) -> tuple[int, str]:
    """Run the command line in-process; return its exit code and output."""
    import contextlib
    import io

    from meetupkit import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(list(argv))
    return code, out.getvalue()


def test_rsvp_command_saves_answers_and_reports_the_waiting_place(
    tmp_path: Path,
) -> None:
    """`meetupkit rsvp` writes the answer back and says who waits where."""
    path = tmp_path / "somewi.json"
    path.write_text(to_json(Series.example()), encoding="utf-8")
    for n in range(12):
        code, _ = _main(
            "rsvp", str(path), f"Gast {n}", "yes", "--meeting", "2026-12-30"
        )
        assert code == 0
    code, out = _main(
        "rsvp", str(path), "Anna", "yes", "--meeting", "2026-12-30"
    )
    assert code == 0
    assert "Warteliste, Platz 1" in out
    saved = from_json(Series, path.read_bytes())
    (meeting,) = saved.upcoming(1, after=AFTER)
    assert [p.name for p in meeting.attendance.waiting] == ["Anna"]
    code, out = _main(
        "rsvp",
        str(path),
        "Gast 0",
        "no",
        "--meeting",
        "2026-12-30",
        "--dry-run",
    )
    assert "12 Zusagen für 12 Plätze, 1 Absage." in out
    assert from_json(Series, path.read_bytes()) == saved


def test_restore_command_saves_the_restored_meeting(tmp_path: Path) -> None:
    """`meetupkit restore` clears a cancellation and writes the file back."""
    path = tmp_path / "somewi.json"
    cancelled = Series.example().cancel(DECEMBER, reason="Krank")
    path.write_text(to_json(cancelled), encoding="utf-8")
    code, out = _main("restore", str(path), "--meeting", "2026-12-30")
    assert code == 0
    assert "findet statt" in out
    assert from_json(Series, path.read_bytes()) == cancelled.restore(DECEMBER)
    code, _ = _main("restore", str(path), "--meeting", "2026-12-30")
    assert code == 1
