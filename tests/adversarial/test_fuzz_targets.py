"""The fuzz targets of ``fuzz_targets.py``, driven by hypothesis.

Every reader gets byte-level mutations of valid #SoMeWI documents (bytes
replaced, inserted, deleted, or a slice repeated) and arbitrary bytes.  The
``long`` profile (``MEETUPKIT_PROFILE=long``) runs each target far longer;
``README.md`` beside this file says how to run them for an hour, and how to
run them coverage-guided with atheris.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fuzz_targets import TARGETS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from meetupkit import Series, to_json, to_toml
from meetupkit.ical import to_ical

_SOMEWI = Series.example()

#: A valid input per target, the first byte choosing the class (0: Series).
SEEDS: dict[str, bytes] = {
    "from_json": b"\x00" + to_json(_SOMEWI).encode(),
    "from_toml": b"\x00" + to_toml(_SOMEWI).encode(),
    "from_dict": b"\x00" + to_json(_SOMEWI).encode(),
    "from_ical": to_ical(_SOMEWI, dtstamp=datetime(2014, 9, 1, tzinfo=UTC)),
}


@st.composite
def _mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """*seed* with a few byte-level edits, as a fuzzer makes them."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(("replace", "insert", "delete", "repeat")))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if edit == "replace":
            data[at : at + len(chunk)] = chunk
        elif edit == "insert":
            data[at:at] = chunk
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            part = data[at : at + draw(st.integers(1, 32))]
            data[at:at] = part * draw(st.integers(1, 50))
    return bytes(data)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_seed_is_accepted(name: str) -> None:
    """Each seed is a valid input that its target reads without a finding."""
    TARGETS[name](SEEDS[name])


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_input_keeps_the_contract(
    name: str, data: st.DataObject
) -> None:
    """A mutated document is read into valid objects or refused cleanly."""
    TARGETS[name](data.draw(_mutations(SEEDS[name])))


@pytest.mark.parametrize("name", sorted(TARGETS))
@given(raw=st.binary(max_size=512))
@example(raw=b'\x00{"format_version": 1, "title": "\\ud800"}')
@example(raw=b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n")
def test_arbitrary_bytes_keep_the_contract(name: str, raw: bytes) -> None:
    """Arbitrary bytes are read or refused with a meetupkit error."""
    TARGETS[name](raw)
