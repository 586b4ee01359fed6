"""File format 2: rooms by name, native TOML values, comment-keeping edits."""

from __future__ import annotations

import copy
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupkit import Room, Series, Venue, strategies
from meetupkit.cli import main
from meetupkit.errors import RoomNotFoundError, ValidationError
from meetupkit.serialize import (
    FORMAT_VERSION,
    MIGRATIONS,
    from_dict,
    from_toml,
    to_dict,
    to_toml,
    update_toml,
)

BERLIN = ZoneInfo("Europe/Berlin")

HAND_WRITTEN = """\
# The #SoMeWI regulars' table.
format_version = 2
title = "#SoMeWI Stammtisch"
zone = "Europe/Berlin"  # the zone of every local time below
start = 2014-09-24T19:00:00
duration = "PT2H"
recurrence = "FREQ=WEEKLY;INTERVAL=8"
room = "Adelheid"  # the room by its name

[venue]
name = "heimathafen Wiesbaden"
rooms = [{ name = "Adelheid", capacity = 12 }, { name = "Wilhelm" }]

# A wish from the kickoff.
[[topics]]
title = "Social Media und Recht"
proposed_on = 2026-11-04
"""


def _format_1(document: dict[str, Any]) -> dict[str, Any]:
    """Write a format-2 document the way format 1 did: rooms as tables."""
    old = copy.deepcopy(document)
    old["format_version"] = 1

    def table(holder: dict[str, Any], venue: dict[str, Any] | None) -> None:
        if isinstance(holder.get("room"), str):
            assert venue is not None
            holder["room"] = next(
                room
                for room in venue["rooms"]
                if room["name"] == holder["room"]
            )

    table(old, old.get("venue"))
    for item in old.get("overrides", []):
        table(item, item.get("venue", old.get("venue")))
    return old


@st.composite
def _series_with_rooms(draw: st.DrawFn) -> Series:
    """Series, some of whose overrides move a meeting to another room."""
    series = draw(strategies.series())
    rooms = series.venue.rooms if series.venue is not None else ()
    if rooms and draw(st.booleans()):
        series = series.override(
            series.start, room=draw(st.sampled_from(rooms))
        )
    return series


class TestFormat2:
    """Format 2 names rooms; format 1 still reads the same."""

    def test_writes_the_current_format_with_the_room_by_name(self):
        """A series is written as format 2 with ``room`` as a name."""
        written = to_dict(Series.example())
        assert written["format_version"] == FORMAT_VERSION == 2
        assert written["room"] == "Adelheid"

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(_series_with_rooms())
    def test_format_1_loads_as_its_format_2_rewrite(self, series):
        """Every format-1 document loads to the object its format-2 form does."""
        current = to_dict(series)
        old = _format_1(current)
        assert from_dict(Series, old) == from_dict(Series, current) == series
        lifted = MIGRATIONS[1](
            {k: v for k, v in old.items() if k != "format_version"}
        )
        assert {**lifted, "format_version": 2} == current

    def test_an_unknown_room_names_the_field_the_rooms_and_a_guess(self):
        """A room name the venue lacks lists its rooms and the closest one."""
        text = HAND_WRITTEN.replace('room = "Adelheid"', 'room = "Adelhied"')
        with pytest.raises(ValidationError) as caught:
            from_toml(Series, text)
        (problem,) = caught.value.problems
        assert isinstance(problem, RoomNotFoundError)
        assert problem.path == "room"
        assert "'Adelheid', 'Wilhelm'" in problem.hint
        assert "did you mean 'Adelheid'?" in problem.hint

    def test_an_override_with_its_own_venue_names_a_room_there(self):
        """An override that changes the venue names a room of that venue."""
        other = Venue(name="Rathaus", rooms=(Room(name="Festsaal"),))
        series = Series.example()
        moved = series.override(series.start, venue=other, room=other.rooms[0])
        written = to_dict(moved)
        assert written["overrides"][0]["room"] == "Festsaal"
        assert from_dict(Series, written) == moved
        written["overrides"][0]["room"] = "Adelheid"
        with pytest.raises(ValidationError) as caught:
            from_dict(Series, written)
        assert [p.path for p in caught.value.problems] == ["overrides[0].room"]

    def test_every_problem_is_listed_with_a_bad_room(self):
        """A bad room name does not hide the document's other problems."""
        text = HAND_WRITTEN.replace('room = "Adelheid"', 'room = "X"')
        text = text.replace('duration = "PT2H"', 'duration = "zwei"')
        with pytest.raises(ValidationError) as caught:
            from_toml(Series, text)
        assert {p.path for p in caught.value.problems} == {"room", "duration"}


class TestNativeValues:
    """TOML dates and local date-times read as the document means them."""

    def test_reads_toml_dates_and_local_times_in_the_named_zone(self):
        """``proposed_on = 2026-11-04`` and a local start in the zone load."""
        series = from_toml(Series, HAND_WRITTEN)
        assert series.start == datetime(2014, 9, 24, 19, tzinfo=BERLIN)
        assert series.room is not None
        assert series.room.name == "Adelheid"
        assert series.topics[0].proposed_on == date(2026, 11, 4)

    def test_the_issue_example_loads(self):
        """Room by name, a TOML date and an RFC 9557 start without offset."""
        text = HAND_WRITTEN.replace('zone = "Europe/Berlin"', "").replace(
            "start = 2014-09-24T19:00:00",
            'start = "2014-09-24T19:00[Europe/Berlin]"',
        )
        series = from_toml(Series, text)
        assert series.start == datetime(2014, 9, 24, 19, tzinfo=BERLIN)
        assert series.start.utcoffset() == timedelta(hours=2)
        assert series.room is not None
        assert series.room.name == "Adelheid"
        assert series.topics[0].proposed_on == date(2026, 11, 4)

    def test_the_start_names_the_zone_of_other_local_times(self):
        """Without ``zone``, local date-times are read in the start's zone."""
        text = HAND_WRITTEN.replace('zone = "Europe/Berlin"', "").replace(
            "start = 2014-09-24T19:00:00",
            'start = "2014-09-24T19:00:00+02:00[Europe/Berlin]"\n'
            "extra_dates = [2014-10-01T19:00:00]",
        )
        series = from_toml(Series, text)
        assert series.extra_dates == (
            datetime(2014, 10, 1, 19, tzinfo=BERLIN),
        )

    def test_a_local_time_without_a_zone_is_refused_with_the_fix(self):
        """A local date-time in a document with no zone names the field."""
        text = HAND_WRITTEN.replace('zone = "Europe/Berlin"', "")
        with pytest.raises(ValidationError) as caught:
            from_toml(Series, text)
        (problem,) = caught.value.problems
        assert problem.path == "start"
        assert 'zone = "Europe/Berlin"' in problem.hint

    def test_a_date_time_in_a_date_field_is_refused(self):
        """A TOML date-time where a date belongs is an error, not a date."""
        text = HAND_WRITTEN.replace(
            "proposed_on = 2026-11-04", "proposed_on = 2026-11-04T10:00:00"
        )
        with pytest.raises(ValidationError) as caught:
            from_toml(Series, text)
        assert [p.path for p in caught.value.problems] == [
            "topics[0].proposed_on"
        ]

    def test_writes_one_canonical_form(self):
        """A hand-written series is written back with RFC 9557 strings."""
        text = to_toml(from_toml(Series, HAND_WRITTEN))
        assert 'start = "2014-09-24T19:00:00+02:00[Europe/Berlin]"' in text
        assert 'proposed_on = "2026-11-04"' in text


def _comment_lines(text: str) -> list[str]:
    return re.findall(r"#\s*c\d+", text)


class TestUpdateToml:
    """The comment-keeping rewrite keeps what the user wrote."""

    def test_keeps_comments_schema_line_and_native_values(self):
        """A longer meeting keeps every comment, $schema and TOML dates."""
        text = '"$schema" = "https://example.org/s.json"\n' + HAND_WRITTEN
        series = from_toml(Series, text)
        longer = attrs.evolve(series, duration=timedelta(hours=3))
        changed = update_toml(text, longer)
        assert changed == text.replace('"PT2H"', '"PT3H"')
        assert from_toml(Series, changed) == longer

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        strategies.series(),
        st.data(),
        strategies.texts(),
    )
    def test_comments_survive_a_change_of_the_series(
        self, series, data, title
    ):
        """Comments added anywhere survive a change through update_toml."""
        lines = to_toml(series).split("\n")
        spots = data.draw(
            st.lists(
                st.tuples(st.integers(0, len(lines)), st.booleans()),
                max_size=8,
            )
        )
        for number, (where, own_line) in enumerate(
            sorted(spots, reverse=True)
        ):
            if own_line or where == len(lines) or not lines[where].strip():
                lines.insert(where, f"# c{number}")
            else:
                lines[where] += f"  # c{number}"
        text = "\n".join(lines) + "\n"
        assert from_toml(Series, text) == series
        changed = attrs.evolve(series, title=title)
        if data.draw(st.booleans()):
            changed = changed.cancel(series.start, reason="Krank")
        result = update_toml(text, changed)
        assert sorted(_comment_lines(result)) == sorted(_comment_lines(text))
        assert from_toml(Series, result) == changed


class TestEditingCommands:
    """The commands that edit a file keep its comments."""

    @pytest.fixture
    def file(self, tmp_path: Path) -> Path:
        path = tmp_path / "somewi.toml"
        path.write_text(HAND_WRITTEN, encoding="utf-8")
        return path

    def test_cancel_keeps_comments_and_writes_the_cancellation(self, file):
        """``meetupkit cancel`` cancels the meeting and keeps every comment."""
        assert (
            main(["cancel", str(file), "2014-11-19", "--reason", "Krank"]) == 0
        )
        text = file.read_text(encoding="utf-8")
        assert text.startswith(HAND_WRITTEN)
        series = from_toml(Series, text)
        assert series.overrides[0].cancelled
        assert series.overrides[0].reason == "Krank"

    def test_move_and_add_take_times_in_the_series_zone(self, file):
        """``move --to`` and ``add`` read local times in the series' zone."""
        assert (
            main(["move", str(file), "2014-11-19", "--to", "2014-11-26"]) == 0
        )
        assert main(["add", str(file), "2014-12-10T19:30"]) == 0
        series = from_toml(Series, file.read_text(encoding="utf-8"))
        assert series.overrides[0].start == datetime(
            2014, 11, 26, 19, tzinfo=BERLIN
        )
        assert series.extra_dates == (
            datetime(2014, 12, 10, 19, 30, tzinfo=BERLIN),
        )
        assert "# A wish from the kickoff." in file.read_text(encoding="utf-8")

    def test_move_keeps_its_reason(self, file):
        """``meetupkit move --reason`` stores why the meeting moved."""
        assert (
            main(
                [
                    "move",
                    str(file),
                    "2014-11-19",
                    "--to",
                    "2014-11-26",
                    "--reason",
                    "Raum belegt",
                ]
            )
            == 0
        )
        series = from_toml(Series, file.read_text(encoding="utf-8"))
        assert series.meetup(2).status_reason == "Raum belegt"

    def test_plan_keeps_comments(self, file):
        """``meetupkit plan`` writes the plan and keeps every comment."""
        assert main(["plan", str(file), "--after", "2026-11-05"]) == 0
        text = file.read_text(encoding="utf-8")
        for line in HAND_WRITTEN.splitlines():
            if "#" in line:
                assert line in text
        assert from_toml(Series, text).topics[0].planned_for is not None

    def test_restore_and_rsvp_keep_comments(self, file):
        """``meetupkit restore`` and ``rsvp`` write back and keep every comment."""
        assert main(["cancel", str(file), "2014-11-19"]) == 0
        assert main(["restore", str(file), "--meeting", "2014-11-19"]) == 0
        assert main(["rsvp", str(file), "Anna", "yes", "--meeting", "2"]) == 0
        text = file.read_text(encoding="utf-8")
        comments = [line for line in HAND_WRITTEN.splitlines() if "#" in line]
        assert len(comments) > 3
        assert [line for line in comments if line not in text] == []
        series = from_toml(Series, text)
        assert not series.meetup(2).is_cancelled
        assert [r.participant.name for r in series.meetup(2).rsvps] == ["Anna"]

    @pytest.mark.parametrize(
        "args",
        [
            ["cancel", "{file}", "2014-11-20"],
            ["move", "{file}", "2014-11-19"],
            ["add", "{file}", "morgen"],
        ],
    )
    def test_wrong_command_lines_exit_2_and_change_nothing(
        self, file, args, capsys
    ):
        """A day without a meeting, a missing --to or a bad date exits 2."""
        argv = [arg.format(file=file) for arg in args]
        assert main(argv) == 2
        assert file.read_text(encoding="utf-8") == HAND_WRITTEN
        assert "error" in capsys.readouterr().err

    def test_an_invalid_change_exits_1_and_changes_nothing(self, file, capsys):
        """Adding a meeting the series already has is refused before writing."""
        assert main(["add", str(file), "2014-11-19"]) == 1
        assert file.read_text(encoding="utf-8") == HAND_WRITTEN
        assert "already the start of meeting" in capsys.readouterr().err


class TestLineNumbers:
    """Errors of TOML and JSON text carry their line and column as data."""

    def test_a_toml_typo_says_its_line(self):
        """An unknown key's error object holds the line and column of it."""
        text = HAND_WRITTEN.replace("duration =", "duraton =")
        with pytest.raises(ValidationError) as caught:
            from_toml(Series, text)
        problems = {p.path: p for p in caught.value.problems}
        assert problems["duraton"].line_number == 6
        assert problems["duraton"].column == 1

    def test_a_json_problem_says_its_line_and_column(self):
        """A wrong value in JSON text points at its line, indented column."""
        from meetupkit.serialize import from_json, to_json

        text = to_json(Series.example()).replace('"PT2H"', "3")
        with pytest.raises(ValidationError) as caught:
            from_json(Series, text)
        (problem,) = caught.value.problems
        assert (problem.path, problem.line_number, problem.column) == (
            "duration",
            5,
            3,
        )

    def test_syntax_errors_say_where(self):
        """TOML and JSON syntax errors carry the parser's line and column."""
        from meetupkit.serialize import from_json

        for read, text in (
            (from_toml, "a = 1\nb = = 2\n"),
            (from_json, '{\n  "a": }'),
        ):
            with pytest.raises(ValidationError) as caught:
                read(Series, text)
            (problem,) = caught.value.problems
            assert problem.line_number == 2
            assert problem.column is not None
