"""Run the benchmarks' quick mode so that the scripts keep working.

The quick mode measures tiny sizes once; nothing here looks at a time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def test_quick_run_reports_every_benchmark_and_leaves_the_readme() -> None:
    """The quick run finishes, prints a row per benchmark and target, and writes nothing."""
    readme = (BENCHMARKS / "README.md").read_bytes()
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for case in (
        "| JSON dump, 100 meetings | msgspec |",
        "| JSON dump, 100 meetings | pydantic v2 (",
        "| JSON load, 100 meetings, GC off | meetupkit |",
        "| iCalendar export, 50 meetings | meetupkit",
        "| meetups() over 10 years (66 meetings) | dateutil rrule() |",
        "successive cancel(): cost of one edit",
        "| render_recap() of one meeting |",
        "| draw 5 Series from meetupkit.strategies |",
        "| cold import | `import meetupkit` |",
        "### Targets of issue 14",
        "| meetupkit: <= 2.0x msgspec, <= 1.0x pydantic v2 |",
    ):
        assert case in done.stdout, case
    assert (BENCHMARKS / "README.md").read_bytes() == readme
