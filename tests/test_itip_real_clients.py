"""libical's iTIP check and ical.js accept meetupkit's invitation emails.

Marked ``real_clients`` and skipped unless the real-clients tool is set up:
point ``MEETUPKIT_REAL_CLIENTS`` at its folder and run it once so that it
installs the clients into ``${XDG_CACHE_HOME:-~/.cache}/meetupkit-real-clients``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from meetupkit import Meetup, Participant, Series
from meetupkit.itip import cancellation, invitation, reply_calendar
from real_clients import MARKS, expand

BERLIN = ZoneInfo("Europe/Berlin")
DECEMBER = datetime(2026, 12, 30, 19, tzinfo=BERLIN)
STAMP = datetime(2026, 12, 1, 9, tzinfo=UTC)
ANNA = Participant(name="Anna Schmidt", email="anna@example.org")
DOMINIK = Participant(name="Dominik Hoffmann", email="dominik@example.org")


pytestmark = MARKS


def _expand(data: bytes, tmp_path: Path) -> dict[str, Any]:
    """What each client and libical's restriction check say of *data*."""
    return expand(data, tmp_path, "2026-12-01", "2027-01-31")


def _calendar(message: Any) -> bytes:
    """The decoded text/calendar part of an email."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError("no calendar part")


def _meeting(series: Series) -> Meetup:
    (found,) = series.meetups(
        DECEMBER - timedelta(days=1), DECEMBER + timedelta(days=1)
    )
    return found


def test_request_reply_and_cancel_pass_the_itip_check(tmp_path: Path) -> None:
    """REQUEST, the REPLY to it and CANCEL pass libical's iTIP restrictions."""
    somewi = Series.example()
    request = _calendar(
        invitation(_meeting(somewi), to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
    )
    cancelled = somewi.cancel(DECEMBER, reason="Weihnachtspause")
    cancel = _calendar(
        cancellation(
            _meeting(cancelled), to=ANNA, organizer=DOMINIK, dtstamp=STAMP
        )
    )
    for data in (request, reply_calendar(request, "yes"), cancel):
        assert _expand(data, tmp_path)["libical_restrictions"] == []


def test_one_off_invitation_shows_once_in_ical_js(tmp_path: Path) -> None:
    """ical.js and libical list a one-off invitation once, at its start."""
    meetup = Meetup(
        title="#SoMeWI Sommerfest", start=DECEMBER, duration=timedelta(hours=3)
    )
    data = _calendar(
        invitation(meetup, to=ANNA, organizer=DOMINIK, dtstamp=STAMP)
    )
    found = _expand(data, tmp_path)
    assert found["libical_restrictions"] == []
    for client in ("icaljs", "libical"):
        (occurrence,) = found[client]["occurrences"]
        assert occurrence["start"].startswith("2026-12-30T19:00")
