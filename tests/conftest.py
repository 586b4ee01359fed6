"""Shared test configuration: hypothesis profiles and the golden-file fixture.

Pick a hypothesis profile with ``MEETUPKIT_PROFILE``: ``fast`` (a quick
local run), ``ci`` (the default, used by ``.ci/run``) or ``long`` (a
thorough run before a release).  ``MEETUPKIT_REGEN_GOLDEN=1`` rewrites the
golden files instead of comparing with them; review every changed file by
eye before committing it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "fast",
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("MEETUPKIT_PROFILE", "ci"))

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def golden() -> Callable[[str, bytes | str], None]:
    """Compare output with ``tests/golden/<name>`` byte for byte."""

    def check(name: str, actual: bytes | str) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        path = GOLDEN / name
        if os.environ.get("MEETUPKIT_REGEN_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        assert path.exists(), f"missing golden file {path}; regenerate it"
        assert data == path.read_bytes(), f"output differs from {path}"

    return check
