"""Run every benchmark and write the results table into the README.

Usage::

    python benchmarks/run.py            # the full run (about 15 minutes)
    python benchmarks/run.py --quick    # tiny sizes, one repeat: checks
                                        # that the scripts run (seconds)
    python benchmarks/run.py --no-write # print only, leave the README
    python benchmarks/run.py --note "..." # add a note under the table

A quick run never writes the README: its numbers mean nothing.

Every ``benchmarks/bench_*.py`` module runs in a fresh process of its
own, one after the other, with its ``run(quick=...)`` (and
``run_scaling``) called there, so that all peers of a case are measured
in the same run on the same machine, and no module inherits the heap
another one left behind.  A module without ``run`` is started as a
script and its output is copied into the README as it is.  The table goes between the ``results`` markers
of ``benchmarks/README.md``, with the machine and the library versions.
"""

from __future__ import annotations

import importlib
import os
import pickle
import platform
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from _common import Row, table, targets  # noqa: E402 - after the path is set

README = HERE / "README.md"
BEGIN = "<!-- results: begin -->"
END = "<!-- results: end -->"
ORDER = (
    "bench_json",
    "bench_ical",
    "bench_recurrence",
    "bench_edit",
    "bench_strategies",
    "bench_import",
)
PACKAGES = (
    "meetupkit",
    "attrs",
    "cattrs",
    "msgspec",
    "pydantic",
    "orjson",
    "python-dateutil",
    "icalendar",
    "ics",
    "recurring-ical-events",
    "hypothesis",
)


def machine() -> str:
    """Describe this machine and the libraries in one Markdown list."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return "\n".join(
        [
            (
                f"- machine: {cpu}, {os.cpu_count()} cores, "
                f"{platform.system()} {platform.release()}"
            ),
            (
                f"- Python {platform.python_version()} "
                f"({platform.python_implementation()})"
            ),
            f"- {', '.join(versions)}",
        ]
    )


def modules() -> list[str]:
    """Return the benchmark modules, known ones first."""
    found = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [m for m in ORDER if m in found] + [
        m for m in found if m not in ORDER
    ]


#: Run in the fresh process of one module: its rows, pickled to stdout.
_CHILD = """
import pickle, sys
out, sys.stdout = sys.stdout.buffer, sys.stderr  # prints do not mix in
sys.path.insert(0, sys.argv[1])
module = __import__(sys.argv[2])
quick = sys.argv[3] == "quick"
rows = module.run(quick=quick)
extra = getattr(module, "run_scaling", None)
if extra is not None:
    rows += extra(quick=quick)
out.write(pickle.dumps(rows))
"""


def _rows_of(name: str, *, quick: bool) -> list[Row]:
    """Run the module *name* in a fresh process and return its rows."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(HERE),
            name,
            "quick" if quick else "full",
        ],
        stdout=subprocess.PIPE,
        check=True,
    )
    rows: list[Row] = pickle.loads(done.stdout)
    return rows


def collect(*, quick: bool) -> tuple[list[Row], list[str]]:
    """Run every benchmark; return the rows and any verbatim outputs."""
    rows: list[Row] = []
    verbatim: list[str] = []
    for name in modules():
        begin = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        module = importlib.import_module(name)
        if hasattr(module, "run"):
            rows.extend(_rows_of(name, quick=quick))
        else:
            args = [sys.executable, str(HERE / f"{name}.py")]
            if quick:
                args.append("--quick")
            done = subprocess.run(
                args, capture_output=True, text=True, check=False
            )
            verbatim.append(f"### {name}\n\n{done.stdout.strip()}\n")
        took = time.perf_counter() - begin
        print(f"  done in {took:.0f} s", file=sys.stderr, flush=True)
    return rows, verbatim


def report(
    rows: list[Row], verbatim: list[str], *, quick: bool, notes: list[str]
) -> str:
    """Return the Markdown block that goes between the markers."""
    command = "python benchmarks/run.py" + (" --quick" if quick else "")
    parts = [
        BEGIN,
        "",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d')}:",
        "",
        machine(),
        *(f"- note: {note}" for note in notes),
        "",
        "### Targets of issue 14",
        "",
        targets(rows),
        "",
        "### Every case",
        "",
        table(rows),
        "",
        *verbatim,
        END,
    ]
    return "\n".join(parts)


def write(block: str) -> None:
    """Put *block* between the markers of the README."""
    text = README.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Run all benchmarks, print the table and write it to the README."""
    args = sys.argv[1:] if argv is None else argv
    quick = "--quick" in args
    notes = [
        args[index + 1]
        for index, arg in enumerate(args[:-1])
        if arg == "--note"
    ]
    rows, verbatim = collect(quick=quick)
    block = report(rows, verbatim, quick=quick, notes=notes)
    print(block)
    if "--no-write" not in args and not quick:
        write(block)


if __name__ == "__main__":
    main()
