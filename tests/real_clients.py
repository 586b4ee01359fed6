"""Run the project's real-clients tool on iCalendar data, for tests.

The tests that use it are marked ``real_clients`` and skipped unless the
tool is found and its clients are installed.  To run them:

1. Point ``MEETUPKIT_REAL_CLIENTS`` at the tool's folder (the one that holds
   ``expand`` and ``compare``).
2. Run the tool once (``bash $MEETUPKIT_REAL_CLIENTS/compare
   $MEETUPKIT_REAL_CLIENTS/example-cancel-move.ics --from 2026-01-01 --to
   2026-12-31``); it installs the clients, with Debian packages, ical.js
   and vobject, into ``${XDG_CACHE_HOME:-~/.cache}/meetupkit-real-clients``.
3. ``python -m pytest -m real_clients``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest


def tool() -> Path | None:
    """The real-clients tool's folder, if it is set up; None otherwise."""
    folder = os.environ.get("MEETUPKIT_REAL_CLIENTS")
    cache = Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    ) / ("meetupkit-real-clients")
    if not folder or not (Path(folder) / "expand").is_file():
        return None
    return Path(folder) if cache.is_dir() else None


#: The marks of a module of real-client tests.
MARKS = [
    pytest.mark.real_clients,
    pytest.mark.skipif(
        tool() is None,
        reason="set MEETUPKIT_REAL_CLIENTS and install the clients (see"
        " tests/real_clients.py)",
    ),
]


def expand(data: bytes, folder: Path, start: str, end: str) -> dict[str, Any]:
    """What each client and libical's restriction check say of *data*.

    *start* and *end* are the window's days (``YYYY-MM-DD``); the result
    is the tool's ``expand --json`` output.
    """
    found_tool = tool()
    assert found_tool is not None
    path = folder / "input.ics"
    path.write_bytes(data)
    result = subprocess.run(
        [
            "/bin/bash",
            str(found_tool / "expand"),
            str(path),
            "--from",
            start,
            "--to",
            end,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found: dict[str, Any] = json.loads(result.stdout)
    return found
