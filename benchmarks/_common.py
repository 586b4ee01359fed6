"""Shared helpers of the benchmarks: timing, result rows and printing.

Every ``bench_*.py`` module offers ``run(*, quick: bool) -> list[Row]`` and
can be started on its own (``python benchmarks/bench_json.py [--quick]``);
``benchmarks/run.py`` imports each of them, runs them in one process, one
after the other, and writes the table into ``benchmarks/README.md``.

A row belongs to a *case* (such as "JSON dump, 1,000 meetings"); one row of
each case is the *reference*, and every row's ratio is its median divided
by the reference's median.  A row's target may name further peers of its
case (*bounds*): "no slower than pydantic v2" is a bound of 1.0 on the
pydantic row.

Python's garbage collector stays on while a case is timed, as users run
their code (``gc=True``, the default); cases that are also reported with
the collector off say so in their name.
"""

from __future__ import annotations

import gc
import math
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
    #: Further bounds: (name of a row of the same case, largest ratio).
    bounds: tuple[tuple[str, float], ...] = ()
    ratio: float | None = field(default=None)
    #: The ratios to the rows named in *bounds*, filled by add_ratios().
    versus: dict[str, float] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        """Whether the row meets its target; None if it has none."""
        results = []
        if self.limit is not None:
            results.append(self.seconds <= self.limit)
        if self.max_ratio is not None and self.ratio is not None:
            results.append(self.ratio <= self.max_ratio)
        results.extend(
            self.versus[name] <= most
            for name, most in self.bounds
            if name in self.versus
        )
        return all(results) if results else None


#: The shortest sample: a call faster than this is timed as many times in
#: a row as fill it, as :mod:`timeit` does, so that a case of a few
#: hundred microseconds is not decided by one interruption of the machine.
MIN_SAMPLE = 0.05


def measure(
    func: Callable[[], object],
    *,
    repeat: int = 7,
    warmup: int = 1,
    gc_on: bool = True,
) -> float:
    """Return the median wall time of one call of *func* over *repeat* runs.

    Garbage is collected before each run, so that one library does not
    pay for another's garbage.  With *gc_on* (the default) the collector
    stays on during the run, as it is when users run their code; without,
    it is disabled as :mod:`timeit` does.  The warm-up calls also say how
    long a call takes: a run of a call shorter than :data:`MIN_SAMPLE`
    makes as many calls as fill it and counts their mean.  Without a
    warm-up (a case that must run cold, or takes seconds) each run is one
    call.
    """
    number = 1
    for _ in range(warmup):
        begin = time.perf_counter()
        func()
        number = max(1, math.ceil(MIN_SAMPLE / (time.perf_counter() - begin)))
    times = []
    calls = range(number)
    for _ in range(repeat):
        gc.collect()
        if not gc_on:
            gc.disable()
        try:
            begin = time.perf_counter()
            for _ in calls:
                func()
            times.append((time.perf_counter() - begin) / number)
        finally:
            gc.enable()
    return statistics.median(times)


def add_ratios(rows: Iterable[Row]) -> list[Row]:
    """Fill in each row's ratio to the reference row of its case."""
    rows = list(rows)
    references = {row.case: row for row in rows if row.reference}
    named = {(row.case, row.name): row for row in rows}
    for row in rows:
        ref = references.get(row.case)
        if ref is not None and ref.seconds > 0:
            row.ratio = row.seconds / ref.seconds
        for name, _ in row.bounds:
            peer = named.get((row.case, name))
            if peer is not None and peer.seconds > 0:
                row.versus[name] = row.seconds / peer.seconds
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
        target = row.target
        if row.versus:
            target += (
                " ("
                + "; ".join(
                    f"{ratio:.2f}x {peer}"
                    for peer, ratio in row.versus.items()
                )
                + ")"
            )
        lines.append(
            f"| {row.case} | {name} | {format_seconds(row.seconds)} |"
            f" {ratio} | {target} | {met} |"
        )
    return "\n".join(lines)


def targets(rows: Iterable[Row]) -> str:
    """Return one line per target: the worst measured case, met or not."""
    worst: dict[str, tuple[Row, float]] = {}
    for row in add_ratios(rows):
        if row.met is None:
            continue
        key = f"{row.name}: {row.target}"
        # Rank by how far the row is from its bound: ratio over the bound.
        shares = [
            row.versus[name] / most
            for name, most in row.bounds
            if name in row.versus
        ]
        if row.max_ratio is not None and row.ratio is not None:
            shares.append(row.ratio / row.max_ratio)
        if row.limit is not None:
            shares.append(row.seconds / row.limit)
        share = max(shares)
        if key not in worst or share > worst[key][1]:
            worst[key] = (row, share)
    lines = [
        "| target | worst case | measured | met |",
        "| --- | --- | --- | --- |",
    ]
    for row, _ in worst.values():
        measured = []
        if row.ratio is not None and not row.reference:
            measured.append(f"{row.ratio:.2f}x")
        measured.extend(
            f"{ratio:.2f}x {peer}" for peer, ratio in row.versus.items()
        )
        if row.limit is not None:
            measured.append(format_seconds(row.seconds))
        met = "yes" if row.met else "**no**"
        lines.append(
            f"| {row.name}: {row.target} | {row.case} |"
            f" {'; '.join(measured)} | {met} |"
        )
    return "\n".join(lines)


def print_rows(rows: Iterable[Row]) -> None:
    """Print the rows as a Markdown table."""
    print(table(rows))
