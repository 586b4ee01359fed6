"""Tests for meetupkit.cli and meetupkit._files: the command, as users run it."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from meetupkit import (
    Meetup,
    Series,
    TopicWish,
    _files,
    cli,
    from_dict,
    from_json,
    from_toml,
    serialize,
    to_json,
    to_toml,
)
from meetupkit.schema import json_schema

BERLIN = ZoneInfo("Europe/Berlin")
COMMANDS = [
    "validate",
    "next",
    "ical",
    "import-ical",
    "recap",
    "invite",
    "plan",
    "rsvp",
    "restore",
    "jsonld",
    "schema",
    "new",
]


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m meetupkit`` the way a user runs it."""
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "meetupkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        input=stdin,
        env=environment,
        check=False,
        timeout=60,
    )


def somewi() -> Series:
    """The #SoMeWI series with the three topic wishes of the kickoff."""
    return attrs.evolve(
        Series.example(),
        topics=(
            TopicWish(title="Wie bereitet man sich auf einen Shitstorm vor?"),
            TopicWish(title="Social Media und Recht"),
            TopicWish(title="Coworking-Spaces"),
        ),
    )


@pytest.fixture
def series_file(tmp_path: Path) -> Path:
    path = tmp_path / "somewi.toml"
    path.write_text(to_toml(somewi()), encoding="utf-8")
    return path


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in *folder*."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class TestHelp:
    def test_help_lists_every_command(self):
        """``meetupkit --help`` names every subcommand and exits 0."""
        result = run("--help")
        assert result.returncode == 0
        for command in COMMANDS:
            assert f"\n    {command} " in result.stdout

    @pytest.mark.parametrize("command", COMMANDS)
    def test_every_command_has_help_with_an_example(self, command, capsys):
        """Each subcommand's --help shows a usage line and an example."""
        assert cli.main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: meetupkit {command}")
        assert "example:" in out
        assert f"meetupkit {command} " in out.split("example:")[1]

    def test_version(self):
        """``--version`` prints the installed version."""
        result = run("--version")
        assert result.returncode == 0
        assert result.stdout.strip() == f"meetupkit {version('meetupkit')}"

    def test_no_command_is_a_usage_error(self):
        """Without a command the exit status is 2 and one line names them."""
        result = run()
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert "give a command, one of validate, next," in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize(
        "argv",
        [
            ["next", "x.toml", "--after", "yesterday"],
            ["next", "x.toml", "-n", "0"],
            ["recap", "x.toml", "--meeting", "first"],
            ["recap", "x.toml", "--meeting", "0"],
            ["next", "x.toml", "--lang", "fr"],
            ["frobnicate"],
        ],
    )
    def test_bad_arguments_exit_2(self, argv, capsys):
        """A wrong command line exits 2 with a message naming the argument."""
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "meetupkit" in err
        assert "error:" in err
        assert "--help" in err

    def test_imports_stay_light(self):
        """Building the parser loads neither cattrs, Babel nor icalendar."""
        code = (
            "import sys, meetupkit.cli as c; c.build_parser();"
            "print(sorted(m for m in ('cattrs', 'babel', 'icalendar',"
            " 'jinja2', 'jsonschema') if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == "[]"


class TestNew:
    def test_starter_validates(self, tmp_path):
        """``meetupkit new`` writes a TOML series with a venue and room."""
        path = tmp_path / "meetup.toml"
        assert cli.main(["new", str(path)]) == 0
        text = path.read_text(encoding="utf-8")
        series = from_toml(Series, text)
        assert series.venue is not None
        assert series.room in series.venue.rooms
        assert text.count("\n#") > 20
        assert run("validate", str(path)).returncode == 0

    def test_starter_as_json_has_the_same_data(self, tmp_path):
        """A .json starter holds the same series, with its $schema."""
        toml_path = tmp_path / "a.toml"
        json_path = tmp_path / "a.json"
        cli.main(["new", str(toml_path)])
        cli.main(["new", str(json_path)])
        data = json.loads(json_path.read_text(encoding="utf-8"))
        assert data["$schema"] == json_schema()["$id"]
        assert from_json(Series, json_path.read_bytes()) == from_toml(
            Series, toml_path.read_bytes()
        )

    def test_starter_matches_the_schema(self):
        """The starter, $schema key and all, is valid by the JSON Schema."""
        import jsonschema

        jsonschema.validate(tomllib.loads(cli.STARTER), json_schema())

    def test_refuses_to_overwrite(self, tmp_path, capsys):
        """An existing file is kept unless --force is given."""
        path = tmp_path / "mine.toml"
        path.write_text("keep me", encoding="utf-8")
        assert cli.main(["new", str(path)]) == 1
        assert "--force" in capsys.readouterr().err
        assert path.read_text(encoding="utf-8") == "keep me"
        assert cli.main(["new", str(path), "--force"]) == 0
        assert path.read_text(encoding="utf-8") == cli.STARTER

    def test_to_standard_output(self, capsys):
        """``meetupkit new -`` prints the starter."""
        assert cli.main(["new", "-"]) == 0
        assert capsys.readouterr().out == cli.STARTER


class TestValidate:
    def test_valid_files(self, tmp_path, series_file, capsys, no_color):
        """Valid TOML and JSON files exit 0 and are reported ok."""
        meetup = tmp_path / "kickoff.json"
        meetup.write_text(to_json(somewi().meetup(1)), encoding="utf-8")
        assert cli.main(["validate", str(series_file), str(meetup)]) == 0
        out = capsys.readouterr().out
        assert f"{series_file}: ok (series '#SoMeWI Stammtisch')" in out
        assert f"{meetup}: ok (meetup '#SoMeWI Stammtisch')" in out

    def test_every_problem_with_its_line(self, tmp_path):
        """Each problem is listed with file, line and path; exit 1."""
        text = to_toml(Series.example())
        text = text.replace('duration = "PT2H"', 'duration = "2h"')
        text = text.replace("capacity = 12 }", "capacity = 0 }")
        text = text.replace(
            'hashtag = "#SoMeWI"', 'hashtag = "#SoMeWI"\nhashtg = "x"'
        )
        path = tmp_path / "bad.toml"
        path.write_text(text, encoding="utf-8")
        lines = text.splitlines()
        result = run("validate", str(path))
        assert result.returncode == 1
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        found = result.stderr.splitlines()
        duration = lines.index('duration = "2h"') + 1
        unknown = lines.index('hashtg = "x"') + 1
        assert found[0].startswith(f"{path}:{duration}: duration: ")
        assert found[1] == (
            f"{path}:{unknown}: hashtg: unknown key; did you mean 'hashtag'?"
        )
        assert found[-1] == "1 of 1 file with problems"
        rooms = [line for line in found if "venue.rooms[0].capacity" in line]
        assert len(rooms) == 1
        assert rooms[0].startswith(f"{path}:{lines.index('rooms = [') + 2}:")

    def test_json_problems_have_lines(self, tmp_path, capsys):
        """JSON files get line numbers too, for nested fields."""
        document = json.loads(to_json(Series.example()))
        document["venue"]["rooms"][0]["capacity"] = "zwölf"
        text = json.dumps(document, indent=2, ensure_ascii=False)
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        assert cli.main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        line = text.splitlines().index('        "capacity": "zwölf"') + 1
        assert (
            f"{path}:{line}: venue.rooms[0].capacity: expected an integer,"
            " got a string"
        ) in err

    @pytest.mark.parametrize(
        ("name", "content", "expected"),
        [
            (
                "broken.json",
                '{\n  "title": "x",\n  oops\n}',
                ":3: not valid JSON",
            ),
            ("broken.toml", 'title = "x"\nstart = \n', ":2: not valid TOML"),
            ("list.json", "[1, 2]", ":1: expected an object"),
            ("latin.toml", None, ": not UTF-8"),
            ("nan.json", '{"format_version": NaN}', "NaN is not allowed"),
        ],
    )
    def test_unreadable_files(self, tmp_path, capsys, name, content, expected):
        """Syntax errors, wrong encodings and types exit 1 with a reason."""
        path = tmp_path / name
        if content is None:
            path.write_bytes('title = "Straße"'.encode("latin-1"))
        else:
            path.write_text(content, encoding="utf-8")
        assert cli.main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert expected in err
        assert "Traceback" not in err

    def test_missing_file(self, tmp_path, capsys):
        """A file that is not there exits 1 and says so."""
        assert cli.main(["validate", str(tmp_path / "nope.toml")]) == 1
        assert "No such file" in capsys.readouterr().err

    def test_one_bad_file_among_good_ones(self, tmp_path, series_file):
        """Valid files are still reported when another one is bad."""
        bad = tmp_path / "bad.json"
        bad.write_text("{}", encoding="utf-8")
        result = run("validate", str(series_file), str(bad))
        assert result.returncode == 1
        assert f"{series_file}: ok" in result.stdout
        assert "format_version: missing" in result.stderr
        assert "1 of 2 files with problems" in result.stderr

    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_standard_input(self, fmt):
        """``-`` reads standard input; JSON and TOML are told apart."""
        text = to_json(somewi()) if fmt == "json" else to_toml(somewi())
        result = run("validate", "-", stdin=text)
        assert result.returncode == 0, result.stderr
        assert "<stdin>: ok" in result.stdout

    def test_a_series_without_its_rule(self, tmp_path, capsys):
        """A series whose recurrence is misspelt is reported as a series."""
        document = json.loads(to_json(Series.example()))
        document["reccurence"] = document.pop("recurrence")
        path = tmp_path / "typo.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        assert cli.main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert "recurrence: missing" in err
        assert "did you mean 'recurrence'?" in err

    def test_quiet(self, series_file, capsys):
        """--quiet prints nothing for valid files."""
        assert cli.main(["validate", "-q", str(series_file)]) == 0
        assert capsys.readouterr().out == ""


class TestNext:
    def test_german(self, series_file, capsys, no_color):
        """The next meetings after a date, with numbers, in German."""
        argv = ["next", str(series_file), "--after", "2014-09-25"]
        assert cli.main([*argv, "--lang", "de"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].startswith("#SoMeWI Stammtisch: alle 8 Wochen mittwochs")
        assert out[1] == "2. Mittwoch, 19. November 2014, 19:00–21:00 Uhr"
        assert out[2] == "    Raum Adelheid, heimathafen Wiesbaden"
        assert out[3].startswith("3. Mittwoch, 14. Januar 2015")
        assert out[5].startswith("4. Mittwoch, 11. März 2015")
        assert len(out) == 7

    def test_english_and_count(self, series_file, capsys, no_color):
        """-n limits the list; --lang en speaks English."""
        argv = ["next", str(series_file), "--after", "2014-09-25", "-n", "1"]
        assert cli.main([*argv, "--lang", "en"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[1].startswith("2. Wednesday, November 19, 2014, 7:00")
        assert len(out) == 3

    def test_default_language_is_the_files(self, series_file, capsys):
        """Without --lang the series' own language (de) is used."""
        cli.main(["next", str(series_file), "--after", "2014-09-25"])
        assert "Mittwoch" in capsys.readouterr().out

    def test_after_a_zoned_time(self, series_file, capsys, no_color):
        """--after takes an RFC 9557 time; the meeting then is excluded."""
        argv = ["next", str(series_file), "-n", "1", "--lang", "en"]
        cli.main(
            [*argv, "--after", "2014-11-19T19:00:00+01:00[Europe/Berlin]"]
        )
        assert "3. Wednesday, January 14, 2015" in capsys.readouterr().out

    def test_cancelled_meetings(self, tmp_path, capsys, no_color):
        """Cancelled meetings are skipped unless asked for, then marked."""
        series = somewi().cancel(
            datetime(2014, 11, 19, 19, tzinfo=BERLIN), reason="krank"
        )
        path = tmp_path / "s.json"
        path.write_text(to_json(series), encoding="utf-8")
        argv = ["next", str(path), "--after", "2014-09-25", "-n", "1"]
        cli.main([*argv, "--lang", "en"])
        assert "3. Wednesday, January 14" in capsys.readouterr().out
        cli.main([*argv, "--lang", "en", "--include-cancelled"])
        assert "November 19, 2014, 7:00" in capsys.readouterr().out

    def test_one_off_meetup(self, tmp_path, capsys, no_color):
        """A meetup file shows the meetup while it is to come."""
        path = tmp_path / "kickoff.toml"
        path.write_text(to_toml(somewi().meetup(1)), encoding="utf-8")
        cli.main(["next", str(path), "--after", "2014-09-01", "--lang", "en"])
        assert "Wednesday, September 24, 2014" in capsys.readouterr().out
        cli.main(["next", str(path), "--after", "2014-10-01", "--lang", "en"])
        assert "No further meetings." in capsys.readouterr().out


class TestPlan:
    def test_plans_and_writes_back(self, series_file, capsys):
        """Open wishes are planned into the next meetings and saved."""
        argv = ["plan", str(series_file), "--after", "2014-09-25"]
        assert cli.main([*argv, "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "November 19, 2014" in out
        assert "Coworking-Spaces" in out
        planned = from_toml(Series, series_file.read_bytes())
        titles = [t.title for t in planned.meetup(2).topics]
        assert titles == [
            "Wie bereitet man sich auf einen Shitstorm vor?",
            "Social Media und Recht",
        ]
        assert [t.title for t in planned.meetup(3).topics] == [
            "Coworking-Spaces"
        ]

    def test_dry_run_writes_nothing(self, series_file):
        """--dry-run shows the plan and leaves the file alone."""
        before = series_file.read_bytes()
        result = run(
            "plan", str(series_file), "--dry-run", "--after", "2014-09-25"
        )
        assert result.returncode == 0
        assert "Coworking-Spaces" in result.stdout
        assert series_file.read_bytes() == before

    def test_other_output_and_schema_kept(self, tmp_path):
        """-o writes elsewhere; a JSON file keeps its $schema key."""
        source = tmp_path / "in.json"
        document = {"$schema": "x.json", **json.loads(to_json(somewi()))}
        source.write_text(json.dumps(document), encoding="utf-8")
        target = tmp_path / "out.json"
        argv = [
            "plan",
            str(source),
            "--after",
            "2014-09-25",
            "-o",
            str(target),
        ]
        assert cli.main(argv) == 0
        written = json.loads(target.read_text(encoding="utf-8"))
        assert written["$schema"] == "x.json"
        assert json.loads(source.read_text(encoding="utf-8")) == document
        assert from_dict(Series, written).meetup(2).topics

    def test_needs_a_series(self, tmp_path, capsys):
        """Planning a one-off meetup is an error, exit 1."""
        path = tmp_path / "kickoff.toml"
        path.write_text(to_toml(somewi().meetup(1)), encoding="utf-8")
        assert cli.main(["plan", str(path)]) == 1
        assert "needs a series" in capsys.readouterr().err


class TestSchemaCommand:
    def test_prints_the_schema(self, capsys):
        """``meetupkit schema`` prints exactly json_schema()."""
        assert cli.main(["schema"]) == 0
        assert json.loads(capsys.readouterr().out) == json_schema()

    def test_kind_and_output(self, tmp_path):
        """--kind picks the class; -o writes a file."""
        path = tmp_path / "series.schema.json"
        assert cli.main(["schema", "--kind", "series", "-o", str(path)]) == 0
        assert json.loads(path.read_text(encoding="utf-8")) == json_schema(
            Series
        )


class TestFormats:
    def test_ical_round_trip(self, tmp_path, series_file):
        """``ical`` then ``import-ical`` gives back the same series."""
        feed = tmp_path / "somewi.ics"
        back = tmp_path / "back.toml"
        assert (
            cli.main(
                [
                    "ical",
                    str(series_file),
                    "-o",
                    str(feed),
                    "--dtstamp",
                    "2014-09-01T00:00:00Z",
                ]
            )
            == 0
        )
        data = feed.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert b"RRULE:FREQ=WEEKLY;INTERVAL=8" in data
        assert cli.main(["import-ical", str(feed), "-o", str(back)]) == 0
        imported = from_toml(Series, back.read_bytes())
        assert imported.start == somewi().start
        assert imported.recurrence == somewi().recurrence
        assert imported.uid == somewi().uid

    def test_ical_window(self, series_file, capsysbinary):
        """--from/--to export each meeting in the window as its own event."""
        argv = ["ical", str(series_file), "--from", "2014-09-01"]
        assert cli.main([*argv, "--to", "2015-02-01"]) == 0
        data = capsysbinary.readouterr().out
        assert data.count(b"BEGIN:VEVENT") == 3
        events = data.split(b"BEGIN:VEVENT")[1:]
        assert not any(b"\r\nRRULE:" in event for event in events)

    def test_import_several_into_a_folder(self, tmp_path, capsys):
        """A feed with several events needs a folder and fills it."""
        from meetupkit.ical import to_ical

        series = somewi()
        feed = tmp_path / "feed.ics"
        feed.write_bytes(to_ical([series.meetup(1), series.meetup(2)]))
        assert cli.main(["import-ical", str(feed), "-o", "-"]) == 1
        assert "folder" in capsys.readouterr().err
        folder = tmp_path / "out"
        folder.mkdir()
        argv = [
            "import-ical",
            str(feed),
            "-o",
            str(folder),
            "--format",
            "json",
        ]
        assert cli.main(argv) == 0
        files = sorted(folder.iterdir())
        assert len(files) == 2
        assert all(p.suffix == ".json" for p in files)
        starts = [from_json(Meetup, p.read_bytes()).start for p in files]
        assert starts == [series.meetup(1).start, series.meetup(2).start]

    def test_import_from_standard_input(self, series_file):
        """``import-ical -`` reads the feed from standard input."""
        from meetupkit.ical import to_ical

        feed = to_ical(somewi()).decode("utf-8")
        result = run("import-ical", "-", stdin=feed)
        assert result.returncode == 0, result.stderr
        assert from_toml(Series, result.stdout).uid == somewi().uid

    def test_import_reports_repairs_and_skips(self, tmp_path):
        """``import-ical`` prints each repair and skip and a summary line."""
        feed = tmp_path / "feed.ics"
        feed.write_text(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a@x\n"
            "DTSTART:20150113T180000Z\nEND:VEVENT\nBEGIN:VEVENT\nUID:b@x\n"
            "DTSTART:20150113T180000Z\nRRULE:FREQ=HOURLY\nEND:VEVENT\n"
            "END:VCALENDAR\n",
            encoding="utf-8",
        )
        result = run("import-ical", str(feed), "-o", str(tmp_path / "a.toml"))
        assert result.returncode == 0, result.stderr
        lines = result.stderr.splitlines()
        assert lines[0].startswith(
            "meetupkit: warning: line 4: the VEVENT has neither DTEND"
        )
        assert lines[1].startswith(
            "meetupkit: warning: line 9: skipped the VEVENT 'b@x' (line 6)"
        )
        assert lines[2] == (
            "meetupkit: imported 1 event (0 series, 1 meetup), repaired 1,"
            " skipped 1"
        )

    def test_import_a_broken_feed(self, tmp_path):
        """A feed that is not iCalendar exits 1 with the reason."""
        feed = tmp_path / "feed.ics"
        feed.write_text("<html>502 Bad Gateway</html>", encoding="utf-8")
        result = run("import-ical", str(feed), "-o", str(tmp_path / "x.toml"))
        assert result.returncode == 1
        assert result.stderr.startswith("meetupkit: error: ")
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "x.toml").exists()

    def test_jsonld(self, series_file, capsys):
        """``jsonld --meeting 2`` describes that meeting as an Event."""
        assert cli.main(["jsonld", str(series_file), "--meeting", "2"]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc["@type"] == "Event"
        assert doc["startDate"] == "2014-11-19T19:00:00+01:00"

    def test_jsonld_series_window_and_script(self, series_file, capsys):
        """A series with a window lists its meetings; --script wraps it."""
        argv = ["jsonld", str(series_file), "--from", "2014-09-01"]
        assert cli.main([*argv, "--to", "2015-02-01", "--script"]) == 0
        out = capsys.readouterr().out
        assert out.startswith('<script type="application/ld+json">')
        body = out.removeprefix('<script type="application/ld+json">')
        doc = json.loads(body.strip().removesuffix("</script>"))
        assert doc["@type"] == "EventSeries"
        assert len(doc["subEvent"]) == 3

    @pytest.mark.parametrize(
        ("fmt", "marker"), [("md", "# "), ("html", "<article")]
    )
    def test_recap(self, series_file, capsys, fmt, marker):
        """``recap`` renders the chosen meeting as Markdown or HTML."""
        argv = ["recap", str(series_file), "--meeting", "1", "--format", fmt]
        assert cli.main([*argv, "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert out.startswith(marker)
        assert "September 24, 2014" in out
        assert "November 19, 2014" in out

    def test_invite_by_date(self, series_file, capsys):
        """``invite --meeting DATE`` invites to the meeting on that day."""
        argv = ["invite", str(series_file), "--meeting", "2014-11-19"]
        assert cli.main([*argv, "--lang", "de"]) == 0
        assert "Mittwoch, 19. November 2014" in capsys.readouterr().out

    def test_no_meeting_that_day(self, series_file, capsys):
        """A date without a meeting is an error that says so."""
        argv = ["invite", str(series_file), "--meeting", "2014-11-20"]
        assert cli.main(argv) == 1
        assert "no meeting on 2014-11-20" in capsys.readouterr().err


class TestColour:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def test_colour_on_a_terminal(self, monkeypatch):
        """On a terminal, without NO_COLOR, the output has colour."""
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.delenv("TERM", raising=False)
        assert cli._wants_color(self.Terminal(), "auto")
        assert not cli._wants_color(io.StringIO(), "auto")

    def test_no_color_is_honoured(self, monkeypatch):
        """NO_COLOR turns colour off unless --color always asks for it."""
        monkeypatch.setenv("NO_COLOR", "1")
        assert not cli._wants_color(self.Terminal(), "auto")
        assert cli._wants_color(io.StringIO(), "always")
        assert not cli._wants_color(self.Terminal(), "never")

    def test_pipes_get_no_escape_codes(self, series_file):
        """Through a pipe the output is plain; --color always paints it."""
        plain = run("validate", str(series_file))
        assert "\033[" not in plain.stdout
        painted = run("--color", "always", "validate", str(series_file))
        assert "\033[32mok\033[0m" in painted.stdout

    @pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
    def test_a_real_terminal(self, series_file):
        """Run in a pseudo-terminal, the command colours its output."""
        import pty

        code = textwrap.dedent(
            f"""
            import os, pty, sys
            pty.spawn([sys.executable, "-m", "meetupkit", "validate",
                       {str(series_file)!r}])
            """
        )
        for env, expected in (({}, True), ({"NO_COLOR": "1"}, False)):
            environment = {
                k: v for k, v in os.environ.items() if k != "NO_COLOR"
            }
            environment.update(env, TERM="xterm")
            result = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                env=environment,
                check=True,
                timeout=60,
            )
            assert (b"\033[32mok" in result.stdout) is expected
        assert pty  # imported to skip early where pty is missing


class TestAtomicWrites:
    def test_failed_rename_keeps_the_old_file(
        self, series_file, monkeypatch, capsys
    ):
        """If the final rename fails, the old file stays and no temp is left."""
        before = series_file.read_bytes()

        def fail(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", fail)
        argv = ["plan", str(series_file), "--after", "2014-09-25"]
        assert cli.main(argv) == 1
        assert "No space left on device" in capsys.readouterr().err
        assert series_file.read_bytes() == before
        assert leftovers(series_file.parent) == []

    def test_failed_flush_keeps_the_old_file(self, series_file, monkeypatch):
        """A failure while the data goes to disk leaves the old file too."""
        before = series_file.read_bytes()

        def fail(descriptor):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fsync", fail)
        assert (
            cli.main(["plan", str(series_file), "--after", "2014-09-25"]) == 1
        )
        assert series_file.read_bytes() == before
        assert leftovers(series_file.parent) == []

    def test_failing_serializer_keeps_the_old_file(
        self, series_file, monkeypatch
    ):
        """If writing the document fails, nothing is touched."""
        before = series_file.read_bytes()

        def fail(obj, fmt):
            raise KeyboardInterrupt

        monkeypatch.setattr(_files, "dumps", fail)
        monkeypatch.setattr(serialize, "update_toml", fail)
        assert (
            cli.main(["plan", str(series_file), "--after", "2014-09-25"])
            == 130
        )
        assert series_file.read_bytes() == before
        assert leftovers(series_file.parent) == []

    @pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
    def test_killed_midway_keeps_the_old_file(self, series_file):
        """A process killed between writing and renaming leaves the old file."""
        before = series_file.read_bytes()
        code = textwrap.dedent(
            f"""
            import os, signal
            from meetupkit import cli
            os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
            cli.main(["plan", {str(series_file)!r}, "--after", "2014-09-25"])
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, check=False
        )
        assert result.returncode == -signal.SIGKILL
        assert series_file.read_bytes() == before
        # The temporary file of a killed process is a hidden file beside it.
        for name in leftovers(series_file.parent):
            assert name.startswith(f".{series_file.name}.")

    def test_keeps_permissions(self, series_file):
        """A rewritten file keeps its permissions."""
        series_file.chmod(0o640)
        assert (
            cli.main(["plan", str(series_file), "--after", "2014-09-25"]) == 0
        )
        assert series_file.stat().st_mode & 0o777 == 0o640

    def test_follows_a_symlink(self, tmp_path, series_file):
        """Writing through a symlink replaces the file it points to."""
        link = tmp_path / "link.toml"
        link.symlink_to(series_file)
        assert cli.main(["plan", str(link), "--after", "2014-09-25"]) == 0
        assert link.is_symlink()
        assert from_toml(Series, series_file.read_bytes()).meetup(2).topics

    def test_unwritable_folder(self, tmp_path, series_file, capsys):
        """A folder that does not exist gives exit 1, not a traceback."""
        target = tmp_path / "missing" / "out.toml"
        argv = ["plan", str(series_file), "--after", "2014-09-25"]
        assert cli.main([*argv, "-o", str(target)]) == 1
        assert "cannot be written" in capsys.readouterr().err


class TestLineFinding:
    def test_json_paths(self):
        """Every key and array item of a JSON text gets its line."""
        text = textwrap.dedent(
            """\
            {
              "a": 1,
              "b": {"c": [10,
                          {"d": true}]},
              "e": []
            }
            """
        )
        found = _files.json_lines(text)
        assert found == {
            "a": 2,
            "b": 3,
            "b.c": 3,
            "b.c[0]": 3,
            "b.c[1]": 4,
            "b.c[1].d": 4,
            "e": 5,
        }

    def test_toml_paths(self):
        """Tables, arrays of tables and multi-line arrays get their lines."""
        text = textwrap.dedent(
            """\
            title = "x"
            tags = ["a", "b",
              "c"]
            [venue]
            "name" = "heimathafen"
            [[venue.rooms]]
            name = "Adelheid"
            [[venue.rooms]]
            name = "Bertha"
            [[overrides]]
            recap.title = "Rückblick"
            """
        )
        found = _files.toml_lines(text)
        assert found["tags[1]"] == 2
        assert found["tags[2]"] == 3
        assert found["venue.name"] == 5
        assert found["venue.rooms[0].name"] == 7
        assert found["venue.rooms[1].name"] == 9
        assert found["overrides[0].recap.title"] == 11

    def test_nearest_ancestor(self):
        """A path without a line of its own gets its parent's."""
        lines = {"venue": 3, "venue.rooms[0]": 7}
        assert _files.line_of(lines, "venue.rooms[0].capacity") == 7
        assert _files.line_of(lines, "venue.address.city") == 3
        assert _files.line_of(lines, "title") is None
        assert _files.line_of(lines, "") is None

    def test_broken_json_gives_what_it_found(self):
        """The JSON line finder never raises, even on broken text."""
        assert _files.json_lines('{"a": 1, "b": [') == {"a": 1, "b": 1}


FLOATING_FEED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:kickoff@example.org\r\nDTSTAMP:20140901T000000Z\r\n"
    "DTSTART:20140924T190000\r\nDURATION:PT2H\r\nSUMMARY:Stammtisch\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


class TestUsageErrors:
    """A wrong command line exits 2 with one line and does nothing."""

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["ical", "{file}", "--refresh", "12h"], "--refresh: '12h'"),
            (
                [
                    "ical",
                    "{file}",
                    "--from",
                    "2027-08-01",
                    "--to",
                    "2027-01-01",
                ],
                "--to 2027-01-01 is not after --from 2027-08-01",
            ),
            (
                [
                    "ical",
                    "{file}",
                    "--from",
                    "2014-09-24T19:00",
                    "--to",
                    "2014-09-24T19:00",
                ],
                "is not after --from",
            ),
            (
                ["ical", "{file}", "--to", "2014-01-01"],
                "is not after the first meeting",
            ),
            (
                ["jsonld", "{file}", "--meeting", "1", "--from", "2020-01-01"],
                "give one or the other",
            ),
            (
                ["jsonld", "{file}", "--meeting", "1", "--to", "2020-01-01"],
                "give one or the other",
            ),
            (
                [
                    "jsonld",
                    "{file}",
                    "--from",
                    "2016-01-01",
                    "--to",
                    "2015-01-01",
                ],
                "is not after --from",
            ),
            (
                ["plan", "{file}", "--dry-run", "-o", "{tmp}/out.toml"],
                "--dry-run writes nothing",
            ),
            (["next", "{file}", "-n", "101"], "from 1 to 100"),
            (["recap", "{file}", "--meeting", "9" * 5000], "no series has"),
            (["ical", "{file}", "--name", "\udcff"], "not valid UTF-8"),
            (
                ["import-ical", "{feed}", "--default-tz", "A/" * 5000],
                "is not a time zone",
            ),
            (
                ["import-ical", "{feed}", "--default-tz", "Mars/Olympus"],
                "is not a time zone",
            ),
            (
                [
                    "import-ical",
                    "{feed}",
                    "-o",
                    "{tmp}/out.json",
                    "--format",
                    "toml",
                ],
                "--format toml does not fit",
            ),
        ],
    )
    def test_refused_with_exit_2(
        self, tmp_path, series_file, capsys, argv, expected
    ):
        """Each bad or conflicting option exits 2 with one line naming it."""
        feed = tmp_path / "feed.ics"
        feed.write_text(FLOATING_FEED, encoding="utf-8")
        before = series_file.read_bytes()
        values = {
            "file": str(series_file),
            "feed": str(feed),
            "tmp": str(tmp_path),
        }
        assert cli.main([arg.format(**values) for arg in argv]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.count("\n") == 1, err
        assert err.startswith(f"meetupkit {argv[0]}: error: ")
        assert expected in err
        assert "--help" in err
        assert series_file.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "feed.ics",
            "somewi.toml",
        ]

    @pytest.mark.parametrize(
        "argv",
        [
            ["new", "x.yaml"],
            ["validate", "x.yaml"],
            ["next", "x.yaml"],
            ["ical", "x.yaml"],
            ["recap", "x.yaml"],
            ["invite", "x.yaml"],
            ["jsonld", "x.yaml"],
            ["plan", "x.yaml"],
            ["plan", "somewi.toml", "-o", "x.yaml"],
            ["import-ical", "feed.ics", "-o", "x.yaml"],
        ],
    )
    def test_unknown_extensions_are_refused_alike(
        self, tmp_path, series_file, monkeypatch, capsys, argv
    ):
        """Every command refuses a meetup file named neither .toml nor .json."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "x.yaml").write_text("title: x\n", encoding="utf-8")
        (tmp_path / "feed.ics").write_text(FLOATING_FEED, encoding="utf-8")
        if argv[0] == "new":
            (tmp_path / "x.yaml").unlink()
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "x.yaml: unknown file type; name it *.toml or *.json" in err
        assert err.count("\n") == 1
        assert (tmp_path / "x.yaml").exists() is (argv[0] != "new")

    def test_no_traceback_for_a_bad_command_line(self, series_file):
        """Run as a program, a usage error prints one line and no traceback."""
        result = run("ical", str(series_file), "--refresh", "12h")
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr

    def test_valid_refresh_and_window_still_work(
        self, series_file, capsysbinary
    ):
        """A correct --refresh and window give the feed, exit 0."""
        argv = ["ical", str(series_file), "--refresh", "PT12H"]
        argv += ["--from", "2014-09-01", "--to", "2015-01-01"]
        assert cli.main(argv) == 0
        feed = capsysbinary.readouterr().out
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in feed
        assert feed.count(b"BEGIN:VEVENT") == 2


class TestGlobalOptions:
    def test_color_after_the_command(self, series_file):
        """--color works after the subcommand as well as before it."""
        after = run("validate", str(series_file), "--color", "always")
        assert after.returncode == 0, after.stderr
        assert "\033[32mok\033[0m" in after.stdout
        before = run("--color", "always", "validate", str(series_file))
        assert before.stdout == after.stdout

    def test_the_later_color_wins(self, series_file):
        """--color after the command overrides one given before it."""
        result = run(
            "--color",
            "always",
            "validate",
            str(series_file),
            "--color",
            "never",
        )
        assert "\033[" not in result.stdout
        kept = run("--color", "always", "validate", str(series_file))
        assert "\033[32m" in kept.stdout


class TestHintsSpeakOptions:
    def test_floating_times_point_to_default_tz(self, tmp_path, capsys):
        """A feed without zones is answered with --default-tz, not Python."""
        feed = tmp_path / "feed.ics"
        feed.write_text(FLOATING_FEED, encoding="utf-8")
        assert cli.main(["import-ical", str(feed)]) == 1
        err = capsys.readouterr().err
        assert "--default-tz Europe/Berlin" in err
        assert "ZoneInfo" not in err
        assert "default_tz=" not in err
        assert (
            cli.main(
                ["import-ical", str(feed), "--default-tz", "Europe/Berlin"]
            )
            == 0
        )

    def test_durations_in_file_notation(self, tmp_path, capsys):
        """A zero duration in a file is answered in ISO 8601, not Python."""
        path = tmp_path / "zero.toml"
        path.write_text(
            to_toml(somewi()).replace(
                'duration = "PT2H"', 'duration = "PT0S"'
            ),
            encoding="utf-8",
        )
        assert cli.main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert "duration" in err
        assert "timedelta" not in err

    def test_meeting_numbers_point_to_next(self, series_file, capsys):
        """A meeting number past the series' end names --meeting and next."""
        argv = ["invite", str(series_file), "--meeting", "100000"]
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert "--meeting" in err
        assert "Series." not in err
        assert "meetupkit next" in err


def forbid_replacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test instead of letting anything be renamed over a path."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"would replace {args[1]!r}")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)


def run_to(
    stdout: int, *args: str, limit: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the command with its standard output on *stdout*."""

    def cap() -> None:
        if limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "meetupkit", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=cap,
        check=False,
        timeout=60,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs FIFOs and /dev")
class TestOutputTargets:
    """-o and standard output: written in full or reported, never replaced."""

    def test_a_fifo_is_written_into(self, tmp_path, series_file):
        """-o onto a FIFO writes the feed into it and leaves the FIFO."""
        import stat
        import threading

        fifo = tmp_path / "feed.fifo"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(
            target=lambda: received.append(fifo.read_bytes()), daemon=True
        )
        reader.start()
        assert cli.main(["ical", str(series_file), "-o", str(fifo)]) == 0
        reader.join(timeout=30)
        assert received
        assert received[0].startswith(b"BEGIN:VCALENDAR")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert leftovers(tmp_path) == []

    @pytest.mark.parametrize(
        "argv",
        [
            ["ical", "{file}", "-o", "/dev/null"],
            ["plan", "{file}", "--after", "2014-09-25", "-o", "/dev/null"],
            ["new", "/dev/null"],
            ["schema", "-o", "/dev/null"],
        ],
    )
    def test_dev_null_stays_a_device(
        self, series_file, monkeypatch, capsys, argv
    ):
        """Writing to /dev/null works and never puts a file in its place."""
        before = Path("/dev/null").stat()
        forbid_replacing(monkeypatch)
        args = [arg.format(file=series_file) for arg in argv]
        assert cli.main(args) == 0, capsys.readouterr().err
        after = Path("/dev/null").stat()
        assert (after.st_mode, after.st_rdev) == (
            before.st_mode,
            before.st_rdev,
        )

    def test_a_folder_is_refused(self, tmp_path, series_file, capsys):
        """-o onto a folder is an error that leaves the folder alone."""
        argv = ["ical", str(series_file), "-o", str(tmp_path)]
        assert cli.main(argv) == 1
        assert "not a regular file" in capsys.readouterr().err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["somewi.toml"]

    @pytest.mark.skipif(
        not Path("/dev/full").exists(), reason="needs /dev/full"
    )
    @pytest.mark.parametrize(
        "args",
        [
            ["ical", "{file}"],
            ["next", "{file}", "--after", "2014-09-25"],
            ["schema"],
            ["--help"],
            ["next", "--help"],
            ["--version"],
        ],
    )
    def test_a_full_device_is_an_error(self, series_file, args):
        """Standard output on a full disk exits 1 with one line, no traceback."""
        with Path("/dev/full").open("wb") as full:
            result = run_to(
                full.fileno(), *[arg.format(file=series_file) for arg in args]
            )
        err = result.stderr.decode()
        assert result.returncode == 1
        assert err == (
            "meetupkit: error: <stdout>: cannot be written: No space left on"
            " device\n"
        )

    @pytest.mark.parametrize(
        "args",
        [
            ["ical", "{file}"],
            ["next", "{file}", "--after", "2014-09-25", "-n", "50"],
            ["schema"],
        ],
    )
    def test_a_file_size_limit_is_an_error(self, tmp_path, series_file, args):
        """Output cut by a file-size limit exits 1 instead of 0."""
        target = tmp_path / "out"
        with target.open("wb") as handle:
            result = run_to(
                handle.fileno(),
                *[arg.format(file=series_file) for arg in args],
                limit=1024,
            )
        assert result.returncode == 1
        assert b"cannot be written: File too large" in result.stderr
        assert b"Traceback" not in result.stderr
        assert target.stat().st_size == 1024

    def test_a_file_size_limit_keeps_the_old_file(self, tmp_path, series_file):
        """-o under a file-size limit fails and leaves the old file."""
        target = tmp_path / "feed.ics"
        target.write_bytes(b"old")
        result = run_to(
            subprocess.DEVNULL,
            "ical",
            str(series_file),
            "-o",
            str(target),
            limit=1024,
        )
        assert result.returncode == 1
        assert b"File too large" in result.stderr
        assert target.read_bytes() == b"old"
        assert leftovers(tmp_path) == []

    @pytest.mark.parametrize(
        "args", [["ical", "{file}"], ["next", "{file}"], ["--help"]]
    )
    def test_a_closed_pipe_ends_quietly(self, series_file, args):
        """A reader that went away stops the command with 1 and no noise."""
        read, write = os.pipe()
        os.close(read)
        try:
            result = run_to(
                write, *[arg.format(file=series_file) for arg in args]
            )
        finally:
            os.close(write)
        assert result.returncode == 1
        assert result.stderr == b""


def run_bytes(
    *args: str | bytes, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the command with arguments that may not be UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "meetupkit", *args],
        capture_output=True,
        input=stdin,
        check=False,
        timeout=60,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX byte arguments")
class TestUndecodableInput:
    """Text that is not UTF-8, in arguments or input, gets a clean error."""

    def test_a_name_that_is_not_utf8(self, series_file):
        """--name with invalid UTF-8 exits 2 naming the option."""
        result = run_bytes(
            "ical", str(series_file), "--name", b"Stamm\xfftisch"
        )
        assert result.returncode == 2
        assert b"--name: not valid UTF-8" in result.stderr
        assert b"Traceback" not in result.stderr
        assert result.stdout == b""

    def test_a_file_name_that_is_not_utf8(self, tmp_path):
        """A file name that is not UTF-8 is shown escaped, exit 1."""
        result = run_bytes("next", bytes(tmp_path) + b"/\xff.toml")
        assert result.returncode == 1
        assert b"\\udcff.toml" in result.stderr
        assert b"No such file" in result.stderr
        assert b"Traceback" not in result.stderr

    def test_a_readable_file_with_such_a_name(self, tmp_path, series_file):
        """A file whose name is not UTF-8 is still read and named safely."""
        name = bytes(tmp_path) + b"/somewi-\xff.toml"
        Path(os.fsdecode(name)).write_bytes(series_file.read_bytes())
        result = run_bytes("validate", name)
        assert result.returncode == 0, result.stderr
        assert b"somewi-\\udcff.toml: ok" in result.stdout

    @pytest.mark.parametrize("command", ["validate", "next", "import-ical"])
    def test_standard_input_that_is_not_utf8(self, command):
        """Latin-1 on standard input is refused with a message, exit 1."""
        result = run_bytes(
            command, "-", stdin='title = "Straße"'.encode("latin-1")
        )
        assert result.returncode == 1
        assert b"UTF-8" in result.stderr
        assert b"Traceback" not in result.stderr


class TestNoTraceback:
    """Whatever goes wrong, the command prints messages, not tracebacks."""

    @pytest.mark.parametrize(
        "args",
        [
            ["next", "{file}", "--after", "9999-12-31"],
            ["ical", "{file}", "--from", "9999-06-01"],
            ["invite", "{file}", "--meeting", "9999-12-31"],
            ["jsonld", "{file}", "--from", "2014-01-01", "--to", "9999-12-31"],
            ["ical", "{file}", "--dtstamp", "0001-01-01"],
            ["next", "{file}", "--after", "0001-01-01"],
            ["recap", "{file}", "--meeting", "999999999999"],
        ],
    )
    def test_the_ends_of_the_calendar(self, series_file, args):
        """Dates at the ends of the calendar give an answer or an error."""
        result = run(*[arg.format(file=series_file) for arg in args])
        assert "Traceback" not in result.stderr
        assert result.returncode in {0, 1}
        if result.returncode == 0:
            assert result.stdout.strip()
        else:
            assert result.stderr.startswith("meetupkit: error: ")

    @pytest.mark.parametrize(
        ("exc", "expected"),
        [
            (
                OverflowError("date value out of range"),
                "cannot finish: Overflow",
            ),
            (RuntimeError("boom"), "please report it"),
            (PermissionError(13, "Permission denied"), "Permission denied"),
            (
                UnicodeEncodeError("utf-8", "\udcff", 0, 1, "x"),
                "lone surrogate",
            ),
        ],
    )
    def test_the_last_resort(
        self, series_file, monkeypatch, capsys, exc, expected
    ):
        """An unexpected exception in a command exits 1 with one line."""

        def fail(*args, **kwargs):
            raise exc

        monkeypatch.setattr(cli, "_cmd_next", fail)
        assert cli.main(["next", str(series_file)]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith("meetupkit: error: ")
        assert err.count("\n") == 1
        assert expected in err


def run_closed(
    descriptor: int, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run the command with standard output (1) or error (2) closed."""
    return subprocess.run(
        [sys.executable, "-m", "meetupkit", *args],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(descriptor),
        check=False,
        timeout=60,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
class TestClosedStreams:
    def test_closed_standard_output(self, series_file):
        """With standard output closed, the command says so and exits 1."""
        result = run_closed(1, "next", str(series_file))
        assert result.returncode == 1
        assert result.stderr == (
            "meetupkit: error: <stdout>: cannot be written: the stream is"
            " closed\n"
        )

    def test_closed_standard_error(self, series_file):
        """With standard error closed, a usage error still exits 2."""
        result = run_closed(2, "next", str(series_file), "--bogus")
        assert result.returncode == 2
        assert result.stdout == ""
