"""Collect topic wishes, vote on them and plan them into the next meetings.

At the first #SoMeWI meeting (24 September 2014) the group wished for three
topics for the evenings to come: preparing for a shitstorm, social media
and the law, and coworking spaces.  This script

* records the wishes and the votes cast for them (a second vote by the same
  person counts once, and a vote can be withdrawn);
* ranks them by votes, then by age;
* plans the top wishes into the next meetings with
  :func:`meetupkit.plan_topics`, skipping a cancelled meeting;
* marks the first topic as covered by the recap section that discussed it;
* writes the planned series to ``somewi-planned.toml`` and reads it back.

Run it as ``python examples/plan_topics.py [OUTPUT_FOLDER]``; the folder
defaults to ``out``.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

from meetupkit import Series, TopicWish, from_toml, plan_topics, to_toml
from meetupkit import topics as wishes

BERLIN = ZoneInfo("Europe/Berlin")
KICKOFF = datetime(2014, 9, 24, 19, tzinfo=BERLIN)


def collect() -> list[TopicWish]:
    """The three wishes of the kickoff, with the votes cast for them."""
    shitstorm = TopicWish(
        title="Wie bereitet man sich auf einen Shitstorm vor?",
        proposed_on=date(2014, 9, 24),
        tags=("Krisenkommunikation",),
    )
    law = TopicWish(
        title="Social Media und Recht",
        proposed_on=date(2014, 9, 24),
        tags=("Recht",),
    )
    coworking = TopicWish(
        title="Coworking-Spaces", proposed_on=date(2014, 9, 24)
    )
    for voter in ("anna", "ben", "carla"):
        law = wishes.vote(law, voter)
    for voter in ("anna", "ben", "ben"):  # ben's second vote counts once
        shitstorm = wishes.vote(shitstorm, voter)
    coworking = wishes.vote(coworking, "dirk")
    coworking = wishes.withdraw_vote(coworking, "dirk")
    return [shitstorm, law, coworking]


def main(argv: list[str] | None = None) -> int:
    """Rank, plan, cover and save the wishes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="out", type=Path)
    args = parser.parse_args(argv)

    collected = collect()
    print("Wunschthemen nach Stimmen / topic wishes by votes:")
    for wish in wishes.rank(collected):
        print(f"  {len(wish.voters)}  {wish.title}")

    # The meeting of 19 November 2014 is cancelled, so the plan skips it.
    series = attrs.evolve(Series.example(), topics=tuple(collected))
    series = series.cancel(
        datetime(2014, 11, 19, 19, tzinfo=BERLIN), reason="Raum belegt"
    )
    planned = plan_topics(series, after=KICKOFF, meetings=2, per_meeting=2)

    print("Geplant / planned:")
    for number in (3, 4):
        meetup = planned.meetup(number)
        titles = ", ".join(t.title for t in meetup.topics) or "-"
        print(f"  Nr. {number}, {meetup.start:%d.%m.%Y}: {titles}")

    # After meeting 3 the recap's first section covered the top wish.
    first = next(t for t in planned.topics if t.title.startswith("Social"))
    covered = wishes.cover(first, section="Social Media und Recht")
    planned = attrs.evolve(
        planned,
        topics=tuple(covered if t is first else t for t in planned.topics),
    )
    print(f"Besprochen / covered: {covered.title} ({covered.status.value})")

    out: Path = args.output
    out.mkdir(parents=True, exist_ok=True)
    path = out / "somewi-planned.toml"
    path.write_text(to_toml(planned), encoding="utf-8")
    assert from_toml(Series, path.read_bytes()) == planned
    print(f"Geschrieben / written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
