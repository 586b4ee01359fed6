"""The reader over third-party calendars: icalendar's and recurring-ical-events' own.

Both packages ship the calendars of their test suites (about 160 and 95
``.ics`` files next to each package's ``__file__``): feeds from Google,
Outlook, Exchange, Thunderbird, Apple, Lotus and hand-written edge cases.
Every one must import with nothing escaping but
:class:`~meetupkit.errors.ICalError` and :class:`~meetupkit.ical.ICalWarning`,
and every series read must have the meetings recurring-ical-events finds
over two years, except where that oracle is known to differ (pinned below).
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from corpus_check import (
    differences,
    explain,
    read,
    read_quietly,
    refusal_kind,
    refusals,
)
from meetupkit.ical import ImportReport


def _corpus() -> list[Path]:
    files: list[Path] = []
    for package in (icalendar, recurring_ical_events):
        root = Path(package.__file__).parent
        files.extend(sorted(root.rglob("*.ics")))
    return files


CORPUS = _corpus()


def _id(path: Path) -> str:
    return f"{path.parent.parent.parent.name}/{path.parent.name}/{path.name}"


#: Series on which recurring-ical-events differs, and why (file, UID start).
ORACLE_DIFFERS = {
    # UNTIL before DTSTART: RFC 5545 §3.8.5.3 counts DTSTART as the first
    # meeting; the oracle gives none.
    ("issue_117_until_before_dtstart.ics", "20231001T220000Z"),
    # An all-day series with a UTC UNTIL at 23:00 (Exchange writes the
    # last meeting's London midnight): meetupkit places the dates in
    # default_tz and keeps the last meeting; the oracle drops it.
    ("issue_28_rrule_with_UTC_endinginZ.ics", "040000008200E00074C5B7101A82E"),
    # A floating series whose EXDATEs are UTC: the oracle moves the whole
    # series to UTC; meetupkit reads it in default_tz, as every floating
    # time, and warns that the UTC EXDATEs are no meetings of it.
    ("event_with_recurrence.ics", "19960331T230000Z"),
    # An override whose RECURRENCE-ID is no meeting of its series (past its
    # UNTIL): meetupkit imports it as a meetup of its own, with a warning;
    # the oracle drops it.
    ("issue_253_additional_recurrence_id.ics", "111"),
    # A RANGE=THISANDFUTURE override that moves its meeting and the later
    # ones a day later: a change in meetupkit begins with its first
    # meeting, so it is skipped with a report entry (the earlier one, which
    # moves meetings three hours earlier, is read as a change).
    ("issue_75_range_parameter.ics", "210"),
}


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_corpus_file_imports_or_is_refused(path: Path) -> None:
    """Only ICalError and ICalWarning come out of reading the file."""
    read_quietly(path)


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_corpus_refusals_are_what_a_meetup_cannot_hold(path: Path) -> None:
    """Each refused feed or skipped event is refused for a justified reason."""
    unjustified = [
        message for message in refusals(path) if refusal_kind(message) is None
    ]
    assert not unjustified


def test_corpus_is_there() -> None:
    """Both packages ship their test calendars, so the corpus is not empty."""
    assert len(CORPUS) > 200
    imported = [p for p in CORPUS if isinstance(read(p), ImportReport)]
    assert len(imported) > 150


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_series_match_recurring_ical_events(path: Path) -> None:
    """Every series has the oracle's meetings over two years, or a known difference."""
    for found in differences(path):
        known = any(
            path.name == name and found[0].startswith(prefix)
            for name, prefix in ORACLE_DIFFERS
        )
        assert known, explain(found)


@pytest.mark.parametrize(("name", "uid"), sorted(ORACLE_DIFFERS))
def test_known_oracle_difference_is_still_there(name: str, uid: str) -> None:
    """Each documented difference of the oracle still shows (else drop it)."""
    (path,) = [path for path in CORPUS if path.name == name][:1]
    differing = [found for found, _, _ in differences(path)]
    assert any(found.startswith(uid) for found in differing)
