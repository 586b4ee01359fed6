"""What an import did: the events it read, repaired and skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from meetupkit.model import Meetup, Series


@attrs.frozen(kw_only=True)
class ImportEntry:
    """One thing :func:`from_ical_report` did, with where and why.

    Attributes:
        line: The physical line of the input it is about, or None.
        uid: The ``UID`` of the event it is about, or None.
        reason: What was done, in words, such as ``"DTSTART has neither
            DTEND nor DURATION; it lasts 1:00:00 (DEFAULT_DURATION)"``.

    .. versionadded:: 0.1.0
    """

    line: int | None
    uid: str | None
    reason: str

    def __str__(self) -> str:
        """Return the entry as a warning reads: ``line 12: reason``."""
        return (
            self.reason
            if self.line is None
            else f"line {self.line}: {self.reason}"
        )


@attrs.frozen(kw_only=True)
class ImportReport:
    """The result of reading a feed, with an account of every change.

    Attributes:
        items: The series and meetups read, in the order of the file; what
            :func:`from_ical` returns.
        imported: One entry per item, naming its line, UID and kind.
        repaired: What was read although the feed got it wrong, and how it
            was read (each was an :class:`ICalWarning` too).
        skipped: What was left out (an event the model cannot hold, an older
            copy of an event, a property that breaks the syntax), and why.

    .. versionadded:: 0.1.0
    """

    items: tuple[Series | Meetup, ...]
    imported: tuple[ImportEntry, ...] = ()
    repaired: tuple[ImportEntry, ...] = ()
    skipped: tuple[ImportEntry, ...] = ()

    def summary(self) -> str:
        """Return one short line: how many were imported, repaired, skipped.

        Examples:
            >>> ImportReport(items=()).summary()
            'imported 0 events (0 series, 0 meetups), repaired 0, skipped 0'
        """
        from meetupkit.model import Series  # noqa: PLC0415

        series = sum(isinstance(item, Series) for item in self.items)
        meetups = len(self.items) - series
        return (
            f"imported {_count(len(self.items), 'event')} ({series} series,"
            f" {_count(meetups, 'meetup')}), repaired {len(self.repaired)},"
            f" skipped {len(self.skipped)}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
