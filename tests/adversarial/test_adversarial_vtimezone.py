"""VTIMEZONE bounds: far-future dates cost no more than the zone's changes.

``to_ical`` describes each zone it uses from the first to the last year of
the feed.  It scans ``zoneinfo`` from the zone's first listed transition to
a few years past its last one, and writes the yearly rule that follows as
an open-ended ``RRULE``, so one date in the year 1000, 5014 or 9998 must not
make it scan a thousand years.  Each case runs in a capped subprocess (see
``test_adversarial_resources``); the limit is generous: before the fix, the
5014 case took about a minute.
"""

from __future__ import annotations

import pytest
from test_adversarial_resources import DEFAULT_LIMIT, run_bounded

_SETUP = """
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from meetupkit import Meetup
from meetupkit.ical import to_ical
from meetupkit import _vtimezone
berlin = ZoneInfo("Europe/Berlin")
"""

CASES = {
    "meetups-2014-and-5014": (
        "to_ical([Meetup(title='a', start=datetime(2014, 9, 24, 19,"
        " tzinfo=berlin), duration=timedelta(hours=2)), Meetup(title='b',"
        " start=datetime(5014, 9, 24, 19, tzinfo=berlin),"
        " duration=timedelta(hours=2))])"
    ),
    "meetups-1000-and-2014": (
        "to_ical([Meetup(title='a', start=datetime(1000, 9, 24, 19,"
        " tzinfo=berlin), duration=timedelta(hours=2)), Meetup(title='b',"
        " start=datetime(2014, 9, 24, 19, tzinfo=berlin),"
        " duration=timedelta(hours=2))])"
    ),
    "observances-2014-to-9998": (
        "for key in ('Europe/Berlin', 'Australia/Sydney',"
        " 'Africa/Casablanca'):\n"
        "    _vtimezone.observances(ZoneInfo(key), 2014, 9998)"
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_far_future_zone_is_described_in_bounded_time(name: str) -> None:
    """Describing a zone up to a far year ends within the limit, without error."""
    report = run_bounded(_SETUP, CASES[name])
    assert report["outcome"] == "ok", report
    assert report["seconds"] < DEFAULT_LIMIT, report
