"""Tests for Series.clashes: meetings on holidays or closed days, and moves."""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest

from meetupkit import Clash, MeetupStatus, Recurrence, Series, errors, to_json

BERLIN = ZoneInfo("Europe/Berlin")
YEAR_2026 = datetime(2026, 1, 1, tzinfo=BERLIN)
YEAR_2027 = datetime(2027, 1, 1, tzinfo=BERLIN)
HESSE = holidays.country_holidays("DE", subdiv="HE", language="de")
#: The heimathafen closes between Christmas Eve and New Year's Day.
CHRISTMAS_WEEK = {
    date(2026, 12, 24) + timedelta(days=n): "Betriebsferien" for n in range(9)
}


def _on_thursdays() -> Series:
    """#SoMeWI moved to Thursdays from 4 June 2026, Corpus Christi."""
    return attrs.evolve(
        Series.example(),
        start=datetime(2026, 6, 4, 19, tzinfo=BERLIN),
        uid="somewi-thursday@example.org",
    )


def test_somewi_2026_meets_in_the_christmas_week_and_moves() -> None:
    """The 30 December 2026 meeting clashes with the closure and moves to 6 January."""
    somewi = Series.example()
    (clash,) = somewi.clashes(
        HESSE, start=YEAR_2026, end=YEAR_2027, closed=CHRISTMAS_WEEK
    )
    assert clash.meetup.start == datetime(2026, 12, 30, 19, tzinfo=BERLIN)
    assert (clash.name, clash.closure) == ("Betriebsferien", True)
    assert clash.proposal == datetime(2027, 1, 6, 19, tzinfo=BERLIN)
    moved = clash.accept(somewi)
    meeting = moved.meetup(clash.meetup.number or 0)
    assert meeting.start == datetime(2027, 1, 6, 19, tzinfo=BERLIN)
    assert meeting.status is MeetupStatus.MOVED
    assert meeting.status_reason == "Betriebsferien"
    assert (
        moved.clashes(
            HESSE, start=YEAR_2026, end=YEAR_2027, closed=CHRISTMAS_WEEK
        )
        == []
    )


def test_meeting_on_a_hessian_holiday_moves_a_week_later() -> None:
    """A Thursday meeting on Fronleichnam is proposed for the next Thursday."""
    somewi = _on_thursdays()
    (clash,) = somewi.clashes(HESSE, start=YEAR_2026, end=YEAR_2027)
    assert (clash.name, clash.closure) == ("Fronleichnam", False)
    assert clash.proposal == datetime(2026, 6, 11, 19, tzinfo=BERLIN)
    assert clash.accept(somewi).meetup(1).start == clash.proposal


def test_proposal_takes_the_next_weekday_of_the_rule() -> None:
    """With meetings on Tuesdays and Thursdays, a holiday Thursday goes to Tuesday."""
    series = Series(
        title="Sprechstunde",
        start=datetime(2026, 5, 12, 18, tzinfo=BERLIN),
        duration=timedelta(hours=1),
        recurrence=Recurrence.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"),
    )
    clashes = series.clashes(
        HESSE, start=YEAR_2026, end=datetime(2026, 5, 31, tzinfo=BERLIN)
    )
    assert [(c.name, c.proposal) for c in clashes] == [
        ("Christi Himmelfahrt", datetime(2026, 5, 19, 18, tzinfo=BERLIN))
    ]


def test_rule_without_weekdays_proposes_the_weekday_of_its_start() -> None:
    """A monthly rule begun on a Saturday moves Good Friday to the Saturday."""
    series = Series(
        title="Stammtisch",
        start=datetime(2026, 1, 3, 19, tzinfo=BERLIN),
        duration=timedelta(hours=2),
        recurrence=Recurrence.parse("FREQ=MONTHLY"),
    )
    clashes = series.clashes(
        HESSE, start=YEAR_2026, end=datetime(2026, 5, 1, tzinfo=BERLIN)
    )
    assert [(c.name, c.proposal) for c in clashes] == [
        ("Karfreitag", datetime(2026, 4, 4, 19, tzinfo=BERLIN))
    ]


def test_no_free_day_gives_no_proposal() -> None:
    """Without a free day in eight weeks there is no proposal to accept."""
    somewi = Series.example()
    closed = {
        date(2026, 12, 1) + timedelta(days=n): "Umbau" for n in range(120)
    }
    (clash,) = somewi.clashes(
        {},
        start=datetime(2026, 12, 1, tzinfo=BERLIN),
        end=YEAR_2027,
        closed=closed,
    )
    assert clash.proposal is None
    with pytest.raises(errors.InvalidValueError, match="proposal"):
        clash.accept(somewi)


def test_cancelled_meetings_do_not_clash() -> None:
    """A meeting already cancelled is not listed."""
    somewi = Series.example().cancel(datetime(2026, 12, 30, 19, tzinfo=BERLIN))
    assert (
        somewi.clashes(
            HESSE, start=YEAR_2026, end=YEAR_2027, closed=CHRISTMAS_WEEK
        )
        == []
    )


def test_a_calendar_that_is_no_mapping_is_refused() -> None:
    """A list of dates is refused with a hint to use a mapping."""
    with pytest.raises(errors.InvalidTypeError) as caught:
        Series.example().clashes(
            [date(2026, 12, 30)],  # type: ignore[arg-type]
            start=YEAR_2026,
            end=YEAR_2027,
        )
    assert caught.value.path == "holidays"


def test_clash_has_meeting_name_kind_and_proposal() -> None:
    """A Clash carries the meeting, the name, the kind and the proposal."""
    names = [field.name for field in attrs.fields(Clash)]
    assert names == ["meetup", "name", "closure", "proposal"]


def test_next_command_marks_holidays(tmp_path: Path) -> None:
    """`meetupkit next --holidays DE-HE` marks Fronleichnam and proposes a day."""
    from meetupkit import cli

    path = tmp_path / "somewi.json"
    path.write_text(to_json(_on_thursdays()), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(
            [
                "next",
                str(path),
                "-n",
                "2",
                "--after",
                "2026-06-01",
                "--holidays",
                "DE-HE",
                "--lang",
                "de",
            ]
        )
    assert code == 0
    lines = out.getvalue().splitlines()
    assert lines[3] == (
        "    Feiertag: Fronleichnam; verschieben auf Donnerstag, 11. Juni 2026"
    )
    assert sum("Feiertag" in line for line in lines) == 1


@pytest.mark.parametrize(
    ("region", "message"),
    [("XX-HE", "write it like DE or DE-HE"), ("DE-HE", "pip install")],
)
def test_next_command_refuses_an_unusable_region(
    region: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unknown region, or no holidays package, is a usage error with a hint."""
    import sys

    from meetupkit import cli

    if message == "pip install":
        monkeypatch.setitem(sys.modules, "holidays", None)
    assert cli.main(["next", "somewi.toml", "--holidays", region]) == 2
    assert message in capsys.readouterr().err
