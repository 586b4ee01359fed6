"""Real calendar clients read meetupkit's feeds as the model means them.

These tests hand feeds to the readers of five calendar programs (ical.js,
libical with its iTIP restriction check, khal, calcurse and vobject) through
the project's real-clients tool.  They are marked ``real_clients`` and
skipped unless the tool is found and its clients are installed.  To run
them:

1. Point ``MEETUPKIT_REAL_CLIENTS`` at the tool's folder (the one that holds
   ``expand`` and ``compare``).
2. Run the tool once (``bash $MEETUPKIT_REAL_CLIENTS/compare
   $MEETUPKIT_REAL_CLIENTS/example-cancel-move.ics --from 2026-01-01 --to
   2026-12-31``); it installs the clients, with Debian packages, ical.js
   and vobject, into ``${XDG_CACHE_HOME:-~/.cache}/meetupkit-real-clients``.
3. ``python -m pytest -m real_clients tests/test_real_clients.py``.

Each feed takes the tool about ten seconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from meetupkit import Series
from meetupkit.ical import to_ical
from real_clients import MARKS, expand

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
# calcurse ignores RECURRENCE-ID and STATUS (docs/explanation).
FAITHFUL = ("icaljs", "libical", "libical-iter", "khal", "vobject")


pytestmark = MARKS


def _expand(data: bytes, tmp_path: Path) -> dict[str, Any]:
    """What each client lists for *data* in 2026, as the tool's JSON."""
    return expand(data, tmp_path, "2026-01-01", "2026-12-31")


def _shown(client: dict[str, Any]) -> list[tuple[datetime, str]]:
    """The start (as UTC) and status of every occurrence a client lists."""
    return sorted(
        (
            datetime.fromisoformat(item["start"]).astimezone(UTC),
            item["status"] or "CONFIRMED",
        )
        for item in client["occurrences"]
    )


def _expected(series: Series) -> list[tuple[datetime, str]]:
    """The start (as UTC) and status of every meeting of 2026."""
    return sorted(
        (
            meetup.start.astimezone(UTC),
            "CANCELLED" if meetup.is_cancelled else "CONFIRMED",
        )
        for meetup in series.meetups(
            datetime(2026, 1, 1, tzinfo=BERLIN),
            datetime(2027, 1, 1, tzinfo=BERLIN),
        )
    )


def _cancelled_and_moved() -> Series:
    """#SoMeWI with its second 2026 meeting cancelled and its fourth moved."""
    somewi = Series.example()
    meetings = somewi.meetups(
        datetime(2026, 1, 1, tzinfo=BERLIN),
        datetime(2027, 1, 1, tzinfo=BERLIN),
    )
    return somewi.cancel(meetings[1].start, reason="Der Raum ist belegt").move(
        meetings[3].start, to=meetings[3].start + timedelta(days=1)
    )


def _changed_rhythm() -> Series:
    """#SoMeWI every four weeks at 18:30 from June 2026, edited both sides."""
    changed = Series.example().change_from(
        date(2026, 6, 3), every=timedelta(weeks=4), time=time(18, 30)
    )
    return changed.cancel(
        datetime(2026, 3, 25, 19, tzinfo=BERLIN), reason="Krank"
    ).move(
        datetime(2026, 7, 1, 18, 30, tzinfo=BERLIN),
        to=datetime(2026, 7, 2, 18, 30, tzinfo=BERLIN),
    )


CASES = pytest.mark.parametrize(
    "series",
    [Series.example(), _cancelled_and_moved(), _changed_rhythm()],
    ids=["example", "cancelled-and-moved", "changed-rhythm"],
)


@CASES
def test_feed_passes_libicals_restriction_check(
    series: Series, tmp_path: Path
) -> None:
    """libical's iTIP restriction check finds nothing to mark in a feed."""
    shown = _expand(to_ical(series, dtstamp=STAMP), tmp_path)
    assert shown["libical_restrictions"] == []


@CASES
def test_clients_show_each_meeting_where_the_model_has_it(
    series: Series, tmp_path: Path
) -> None:
    """Every client but calcurse lists each meeting at its start, cancelled ones marked cancelled."""
    shown = _expand(to_ical(series, dtstamp=STAMP), tmp_path)
    expected = _expected(series)
    for client in FAITHFUL:
        assert _shown(shown[client]) == expected, client
        assert shown[client]["errors"] == [], client
