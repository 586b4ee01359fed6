"""Cold import time of meetupkit against its own dependencies.

Each measurement is a fresh ``python -X importtime -c "import ..."``
process; the time is the sum of the top-level (cumulative) entries that
``-X importtime`` reports for the imported modules' own trees, so the
interpreter's start-up is not counted.  The reference imports what
meetupkit cannot do without: ``attrs``, ``cattrs`` and ``dateutil.rrule``.

Every module is imported from cached bytecode, as from an installed
wheel: the processes write and read their ``.pyc`` files in a temporary
folder (``-X pycache_prefix``), filled by one import of each statement
before the timed ones, even where ``PYTHONDONTWRITEBYTECODE`` is set (it
is on some developer machines, and an editable install has no bytecode
of its own: without this, meetupkit would be compiled from source in
every process while its dependencies are not).

Run: ``python benchmarks/bench_import.py [--quick]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, print_rows

REFERENCE = "import attrs, cattrs, dateutil.rrule"
MEETUPKIT = "import meetupkit"


#: Where the processes keep their bytecode (see the module docstring).
PYCACHE = (
    Path(tempfile.gettempdir()) / f"meetupkit-bench-pycache-{os.getuid()}"
)


def import_seconds(statement: str) -> float:
    """Return the cumulative import time of *statement* in a fresh process."""
    env = {
        k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"
    }
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            f"pycache_prefix={PYCACHE}",
            "-X",
            "importtime",
            "-c",
            statement,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        # Top-level entries have no indentation after the bar.
        if not name.startswith("  ") and name.strip() not in {
            "site",
            "encodings",
        }:
            total += int(cumulative)
    return total / 1e6


def run(*, quick: bool = False) -> list[Row]:
    """Measure both imports, alternating, many times; report medians."""
    repeat = 2 if quick else 41
    times: dict[str, list[float]] = {REFERENCE: [], MEETUPKIT: []}
    for statement in times:  # write the bytecode of every module
        import_seconds(statement)
    for _ in range(repeat):
        for statement, found in times.items():
            found.append(import_seconds(statement))
    case = "cold import"
    return [
        Row(
            case=case,
            name=f"`{REFERENCE}`",
            seconds=statistics.median(times[REFERENCE]),
            reference=True,
        ),
        Row(
            case=case,
            name=f"`{MEETUPKIT}`",
            seconds=statistics.median(times[MEETUPKIT]),
            target="<= 1.1x",
            max_ratio=1.1,
        ),
    ]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    args = sys.argv[1:] if argv is None else argv
    print_rows(run(quick="--quick" in args))


if __name__ == "__main__":
    main()
