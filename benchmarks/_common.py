"""Shared helpers of the benchmarks: timing, result rows and printing.

Every ``bench_*.py`` module offers ``run(*, quick: bool) -> list[Row]`` and
can be started on its own (``python benchmarks/bench_json.py [--quick]``);
``benchmarks/run.py`` imports each of them, runs them in one process, one
after the other, and writes the table into ``benchmarks/README.md``.

A row belongs to a *case* (such as "JSON dump, 1,000 meetings"); one row of
each case is the *reference* (the peer the target is measured against), and
every row's ratio is its median divided by the reference's median.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class Row:
    """One measured library in one case."""

    case: str
    name: str
    seconds: float
    reference: bool = False
    #: What the target is for this row, such as "<= 2.0x msgspec".
    target: str = ""
    #: The largest ratio to the reference that meets the target; None if
    #: the target is not a ratio (see *limit*).
    max_ratio: float | None = None
    #: An absolute limit in seconds, for targets such as "under 0.1 s".
    limit: float | None = None
    note: str = ""
    ratio: float | None = field(default=None)

    @property
    def met(self) -> bool | None:
        """Whether the row meets its target; None if it has none."""
        if self.limit is not None:
            return self.seconds <= self.limit
        if self.max_ratio is not None and self.ratio is not None:
            return self.ratio <= self.max_ratio
        return None


def measure(
    func: Callable[[], object],
    *,
    repeat: int = 7,
    warmup: int = 1,
    setup: Callable[[], object] | None = None,
) -> float:
    """Return the median wall time of *func* over *repeat* runs.

    The garbage collector is collected before and disabled during each
    run, as :mod:`timeit` does, so that one library does not pay for
    another's garbage.
    """
    for _ in range(warmup):
        if setup is not None:
            setup()
        func()
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        gc.disable()
        try:
            begin = time.perf_counter()
            func()
            times.append(time.perf_counter() - begin)
        finally:
            gc.enable()
    return statistics.median(times)


def add_ratios(rows: Iterable[Row]) -> list[Row]:
    """Fill in each row's ratio to the reference row of its case."""
    rows = list(rows)
    references = {row.case: row for row in rows if row.reference}
    for row in rows:
        ref = references.get(row.case)
        if ref is not None and ref.seconds > 0:
            row.ratio = row.seconds / ref.seconds
    return rows


def format_seconds(seconds: float) -> str:
    """Format a duration with a unit that keeps three significant digits."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def table(rows: Iterable[Row]) -> str:
    """Return the rows as a Markdown table."""
    lines = [
        "| case | library | median | ratio | target | met |",
        "| --- | --- | ---: | ---: | --- | --- |",
    ]
    for row in add_ratios(rows):
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        if row.reference:
            ratio += " (ref)"
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        name = f"{row.name} ({row.note})" if row.note else row.name
        lines.append(
            f"| {row.case} | {name} | {format_seconds(row.seconds)} |"
            f" {ratio} | {row.target} | {met} |"
        )
    return "\n".join(lines)


def print_rows(rows: Iterable[Row]) -> None:
    """Print the rows as a Markdown table."""
    print(table(rows))
