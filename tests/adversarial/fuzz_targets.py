"""Fuzz targets: one per reader, shared by atheris and hypothesis.

Each target takes raw bytes, hands them to one reader and checks the
contract every reader keeps: it returns valid objects that write back and
read back unchanged, or it raises a :class:`meetupkit.errors.MeetupkitError`.
Any other exception is a finding.

Run one with atheris (coverage-guided, where atheris installs)::

    pip install atheris
    python tests/adversarial/fuzz_targets.py from_ical -max_total_time=3600

The hypothesis tests in ``test_fuzz_targets.py`` call the same targets in
every test run (see ``README.md`` beside this file).
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from datetime import UTC, datetime

from meetupkit import Meetup, Series, from_dict, from_json, from_toml, to_json
from meetupkit.errors import MeetupkitError

KINDS = (Series, Meetup)


def _kind(data: bytes) -> type[Series | Meetup]:
    # The first byte picks the class, so one corpus covers both.
    return KINDS[data[0] % len(KINDS)] if data else Series


def _round_trip(item: Series | Meetup) -> None:
    """What a reader accepted writes back and reads back unchanged."""
    assert from_json(type(item), to_json(item)) == item


def fuzz_from_json(data: bytes) -> None:
    """Read *data* as a JSON document of a series or meetup."""
    try:
        item = from_json(_kind(data), data[1:])
    except MeetupkitError:
        return
    _round_trip(item)


def fuzz_from_toml(data: bytes) -> None:
    """Read *data* as a TOML document of a series or meetup."""
    try:
        item = from_toml(_kind(data), data[1:])
    except MeetupkitError:
        return
    _round_trip(item)


def fuzz_from_dict(data: bytes) -> None:
    """Read *data* as JSON with the standard library, then as a document.

    This reaches ``from_dict`` with values JSON text cannot encode the same
    way (huge integers, lone surrogates from escapes, NaN).
    """
    try:
        document = json.loads(data[1:].decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError):
        return
    try:
        item = from_dict(_kind(data), document)
    except MeetupkitError:
        return
    _round_trip(item)


def fuzz_from_ical(data: bytes) -> None:
    """Read *data* as an iCalendar feed; write what was read back out."""
    from meetupkit.ical import from_ical, to_ical

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            items = from_ical(data)
        except MeetupkitError:
            return
    assert isinstance(items, list)
    if items:
        to_ical(items, dtstamp=datetime(2014, 9, 1, tzinfo=UTC))
        for item in items:
            to_json(item)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "from_json": fuzz_from_json,
    "from_toml": fuzz_from_toml,
    "from_dict": fuzz_from_dict,
    "from_ical": fuzz_from_ical,
}


def main(argv: list[str]) -> None:
    """Run the target named in *argv* under atheris."""
    import atheris

    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [atheris options]")
    target = TARGETS[argv[1]]
    import meetupkit.ical  # noqa: F401 - loaded to be instrumented

    atheris.instrument_all()
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
