"""Every output shows each meeting's topics and status as the model has them.

``Series.meetups()`` is the truth: a topic planned for one meeting belongs
to that meeting only.  The JSON-LD (series and single event), the
invitation and ``meetupkit next`` must say the same for every meeting in a
window.  The iCalendar side can add its check here with the same strategy.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import (
    Meetup,
    MeetupStatus,
    Series,
    TopicStatus,
    TopicWish,
    strategies,
    to_json,
)
from meetupkit import topics as topic_life
from meetupkit.cli import main
from meetupkit.jsonld import to_jsonld
from meetupkit.render import render_invitation, render_recap
from somewi_data import BERLIN

#: How far past a series' start the properties look.
WINDOW = timedelta(days=400)
#: How many meetings of the window get an invitation rendered.
RENDERED = 6

_STATUS = {
    MeetupStatus.SCHEDULED: "https://schema.org/EventScheduled",
    MeetupStatus.MOVED: "https://schema.org/EventRescheduled",
    MeetupStatus.CANCELLED: "https://schema.org/EventCancelled",
}


@st.composite
def planned_series(draw: st.DrawFn) -> Series:
    """Series with topics planned, covered and dropped, cancellations and moves.

    Every wish gets a unique, plain title, so that an output can be read
    back unambiguously; escaping is tested elsewhere.
    """
    series = draw(strategies.series())
    originals = [
        m.recurrence_id
        for m in series.meetups(series.start, series.start + WINDOW)
        if m.recurrence_id is not None
    ][:12]
    wishes: list[TopicWish] = []
    for index, drawn in enumerate(series.topics):
        wish = attrs.evolve(drawn, title=f"Thema {index}")
        fate = draw(st.sampled_from(["keep", "cover", "drop"]))
        if fate == "cover" and wish.status is TopicStatus.PLANNED:
            wish = topic_life.cover(wish, section="Rückblick")
        elif fate == "drop":
            wish = topic_life.drop(wish)
        wishes.append(wish)
    if originals:
        for index, when in enumerate(
            draw(st.lists(st.sampled_from(originals), max_size=4))
        ):
            wishes.append(
                TopicWish(
                    title=f"Plan {index}", status="planned", planned_for=when
                )
            )
    series = attrs.evolve(series, topics=tuple(wishes))
    if originals and draw(st.booleans()):
        series = series.override(
            draw(st.sampled_from(originals)),
            topics=(TopicWish(title="Extra"),),
        )
    return series


def shown(meetup: Meetup) -> list[str]:
    """The topic titles every output must list for *meetup*."""
    return [
        wish.title
        for wish in meetup.topics
        if wish.status is not TopicStatus.DROPPED
    ]


def _block(lines: list[str], heading: str) -> list[str] | None:
    """The ``- item`` lines under *heading* (blank lines skipped)."""
    if heading not in lines:
        return None
    items = []
    for line in lines[lines.index(heading) + 1 :]:
        if not line and not items:
            continue
        if not line.startswith("- "):
            break
        items.append(line[2:])
    return items


@settings(max_examples=40)
@given(planned_series())
def test_jsonld_and_invitation_agree_with_meetups(series: Series) -> None:
    """JSON-LD, invitations and recaps show each meeting's topics and status."""
    end = series.start + WINDOW
    meetings = series.meetups(series.start, end)
    doc = to_jsonld(series, start=series.start, end=end)
    events = doc["subEvent"]
    assert [e["identifier"] for e in events] == [m.uid for m in meetings]
    for meetup, event in zip(meetings, events, strict=True):
        about = [thing["name"] for thing in event.get("about", [])]
        assert about == shown(meetup)
        assert event["eventStatus"] == _STATUS[meetup.status]
        single = to_jsonld(meetup)
        assert [t["name"] for t in single.get("about", [])] == shown(meetup)
        assert single["eventStatus"] == _STATUS[meetup.status]
        # A planned wish appears on the meeting it is planned for only.
        for wish in series.topics:
            if wish.planned_for is not None and wish.title in about:
                assert wish.planned_for == meetup.recurrence_id
    for meetup in meetings[:RENDERED]:
        # The recap's outlook lists the next meeting's own topics.
        recap = render_recap(meetup, series=series, lang="en")
        following = series.next(after=meetup.start)
        outlook = recap.split("\n## What comes next\n")[-1].splitlines()
        listed = _block(outlook, "Planned topics:") or []
        assert listed == (shown(following) if following else [])
        text = render_invitation(meetup, series=series, lang="en")
        lines = text.splitlines()
        planned = _block(lines, "Planned topics:")
        if meetup.is_cancelled:
            assert lines[2].startswith("Cancelled: The meeting on ")
            assert "You are warmly invited" not in text
            following = series.next(after=meetup.start)
            expected = shown(following) if following is not None else []
            assert (planned or []) == expected
            continue
        assert (planned or []) == shown(meetup)
        if meetup.status is MeetupStatus.MOVED:
            assert lines[2].startswith("Moved: The meeting ")
        else:
            assert lines[2] == "You are warmly invited to our next meeting!"


def test_next_command_lists_topics_on_their_meeting_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`meetupkit next` shows a planned topic on its own meeting's line only."""
    november = datetime(2014, 11, 19, 19, tzinfo=BERLIN)
    january = datetime(2015, 1, 14, 19, tzinfo=BERLIN)
    series = attrs.evolve(
        Series.example(),
        topics=(
            TopicWish(title="Recht", status="planned", planned_for=january),
            TopicWish(title="Offen"),
        ),
    ).cancel(november, reason="Feiertage")
    path = tmp_path / "somewi.json"
    path.write_text(to_json(series), encoding="utf-8")
    code = main(["next", str(path), "--after", "2014-09-25", "-n", "3",
                 "--include-cancelled", "--lang", "en"])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    topics = [line for line in out if "Topics:" in line]
    assert topics == ["    Topics: Recht"]
    assert out.index("    Topics: Recht") > next(
        i for i, line in enumerate(out) if "January 14, 2015" in line
    )
    cancelled = json.dumps(to_jsonld(series.meetup(2)))
    assert "Recht" not in cancelled
