"""Type-checked use of the public API; mypy --strict runs on it, pytest not.

If a change to meetupkit's types breaks a common way of using it, mypy
fails here before a user notices.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import meetupkit
from meetupkit import (
    Meetup,
    MeetupkitError,
    Recurrence,
    Room,
    Series,
    Venue,
    from_json,
    to_json,
    web,
)
from meetupkit.schema import definitions, model_schema

BERLIN = ZoneInfo("Europe/Berlin")

adelheid: Room = Room(name="Adelheid", capacity=12)
venue: Venue = Venue(name="heimathafen Wiesbaden", rooms=[adelheid])
series: Series = Series(
    title="#SoMeWI Stammtisch",
    start=datetime(2014, 9, 24, 19, tzinfo=BERLIN),
    duration=timedelta(hours=2),
    recurrence=Recurrence.every(weeks=8),
    venue=venue,
    room=venue.room("Adelheid"),
)
upcoming: list[Meetup] = series.meetups(
    datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2027, 1, 1, tzinfo=BERLIN)
)
following: Meetup | None = series.next(after=datetime.now(BERLIN))
text: str = to_json(series)
again: Series = from_json(Series, text)
end: datetime = upcoming[0].end
rule: str = str(series.recurrence)
moved: Series = series.move(series.start, to=series.start + timedelta(days=1))
version: str = meetupkit.__version__

try:
    Recurrence.parse("FREQ=FORTNIGHTLY")
except MeetupkitError as exc:
    where: str = exc.path
    records: list[web.ErrorRecord] = web.error_records(exc)
    pointer: str = records[0]["path"]

payload: str = to_json(series, profile="web")
same: Series = from_json(Series, payload, profile="web")
body: dict[str, Any] = web.to_dict(series)
components: dict[str, dict[str, Any]] = definitions(
    Series, ref_template="#/components/schemas/{model}", profile="web"
)
one: dict[str, Any] = model_schema(Room)
