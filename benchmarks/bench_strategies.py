"""Drawing from ``meetupkit.strategies``, as users' property tests do.

A property test that draws 50 ``Series`` from
``meetupkit.strategies.series()`` (hypothesis' generate phase only, no
example database, a fixed seed), timed from the first draw to the last.
The target: under 0.75 s.  There is no peer.

Run: ``python benchmarks/bench_strategies.py [--quick]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, measure, print_rows

from meetupkit import strategies


def draw_series(count: int) -> int:
    """Run a property test that draws *count* series; return how many."""
    drawn = []

    @seed(20140924)
    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategies.series())
    def test(series: object) -> None:
        drawn.append(series)

    test()
    return len(drawn)


def run(*, quick: bool = False) -> list[Row]:
    """Measure drawing 50 series."""
    count = 5 if quick else 50
    return [
        Row(
            case=f"draw {count} Series from meetupkit.strategies",
            name="meetupkit",
            seconds=measure(
                lambda: draw_series(count), repeat=1 if quick else 5
            ),
            target="< 0.75 s",
            limit=None if quick else 0.75,
        )
    ]


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    args = sys.argv[1:] if argv is None else argv
    print_rows(run(quick="--quick" in args))


if __name__ == "__main__":
    main()
