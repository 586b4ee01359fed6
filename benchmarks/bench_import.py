"""Cold import time of meetupkit against its own dependencies.

Each measurement is a fresh ``python -X importtime -c "import ..."``
process; the time is the sum of the top-level (cumulative) entries that
``-X importtime`` reports for the imported modules' own trees, so the
interpreter's start-up is not counted.  The reference imports what
meetupkit cannot do without: ``attrs``, ``cattrs`` and ``dateutil.rrule``.

Run: ``python benchmarks/bench_import.py [--quick]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, print_rows

REFERENCE = "import attrs, cattrs, dateutil.rrule"
MEETUPKIT = "import meetupkit"


def import_seconds(statement: str) -> float:
    """Return the cumulative import time of *statement* in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
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
