"""Tests of the package as users get it: version, imports, quickstart."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import meetupkit

ROOT = Path(__file__).parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.+?)\n```", quickstart)


class TestPackage:
    def test_version(self):
        """__version__ is the installed distribution's version."""
        assert meetupkit.__version__ == version("meetupkit")

    def test_all_names_exist_and_are_documented(self):
        """Every name in __all__ exists and has a docstring."""
        for name in meetupkit.__all__:
            value = getattr(meetupkit, name)
            if name.isupper():
                continue
            assert value.__doc__, f"{name} has no docstring"

    def test_unknown_attribute(self):
        """An unknown attribute raises AttributeError."""
        try:
            _ = meetupkit.no_such_name  # type: ignore[attr-defined]
        except AttributeError as exc:
            assert "no_such_name" in str(exc)
        else:  # pragma: no cover
            raise AssertionError

    def test_import_is_light(self):
        """import meetupkit loads no format, topic, privacy or dateutil code."""
        heavy = (
            "icalendar",
            "babel",
            "jinja2",
            "hypothesis",
            "cattrs",
            "tomlkit",
            "jsonschema",
            "json",
            "email",
            "dateutil",
            "dateutil.rrule",
            "urllib.parse",
            "calendar",
            "meetupkit.topics",
            "meetupkit.privacy",
            "meetupkit.serialize",
            "meetupkit.render",
            "meetupkit.ical",
            "meetupkit._clashes",
            "meetupkit._rsvp",
        )
        code = (
            "import sys, meetupkit; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == "[]"

    @pytest.mark.parametrize(
        "name", ["plan_topics", "redact", "to_json", "Clash", "Attendance"]
    )
    def test_lazy_names_load_on_first_use(self, name):
        """A name whose module loads late is there on access and import."""
        code = (
            f"import meetupkit; from meetupkit import {name}; "
            f"print(meetupkit.{name}.__module__, {name} is meetupkit.{name})"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        module = {
            "plan_topics": "topics",
            "redact": "privacy",
            "Clash": "_clashes",
            "Attendance": "_rsvp",
        }.get(name, "serialize")
        assert result.stdout.split() == [f"meetupkit.{module}", "True"]


class TestReadme:
    def test_example_runs(self):
        """The README's example gives the output it shows."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        (example,) = re.findall(r"```pycon\n(.+?)```", readme, re.DOTALL)
        parser = doctest.DocTestParser()
        test = parser.get_doctest(example, {}, "README", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0
        assert runner.summarize(verbose=False).attempted >= 6

    def test_two_quickstart_commands(self):
        """The quickstart has exactly two commands: the example and the tests."""
        commands = _readme_commands()
        assert len(commands) == 2
        assert "examples/somewi.py" in commands[0]
        assert "pytest" in commands[1]

    def test_ci_runs_the_readme_test_command(self):
        """.ci/run runs the README's test command word for word."""
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert _readme_commands()[1] in ci.splitlines()
