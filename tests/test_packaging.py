"""Tests of the package as users get it: version, imports, quickstart."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest
from packaging.version import Version

import meetupkit

ROOT = Path(__file__).parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.+?)\n```", quickstart)


class TestVersion:
    def test_version_is_the_installed_distributions(self):
        """__version__ is the installed distribution's version."""
        assert meetupkit.__version__ == version("meetupkit")

    def test_installed_version_is_pyprojects(self):
        """The installed metadata carries pyproject.toml's version, the one source."""
        pyproject = tomllib.loads(
            (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        )
        assert "version" not in pyproject["project"].get("dynamic", [])
        assert version("meetupkit") == pyproject["project"]["version"], (
            "the installed metadata is stale: run "
            ".venv/bin/python -m pip install -e . again"
        )

    def test_changelog_has_a_dated_section_for_a_release(self):
        """A release version has its dated CHANGELOG section, each heading once."""
        text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        current = Version(meetupkit.__version__)
        if not current.is_devrelease:
            assert re.search(
                rf"^## \[{re.escape(str(current))}\] - \d{{4}}-\d{{2}}-\d{{2}}$",
                text,
                flags=re.MULTILINE,
            )
        for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
            headings = re.findall(r"^### (\w+)$", section, flags=re.MULTILINE)
            assert len(headings) == len(set(headings)), section.splitlines()[0]

    @pytest.mark.parametrize("how", ["script", "module"])
    def test_command_line_prints_the_version(self, how):
        """meetupkit --version, as script and as module, prints __version__."""
        (script,) = entry_points(group="console_scripts", name="meetupkit")
        assert script.value == "meetupkit.cli:main"
        command = (
            [str(Path(sys.executable).parent / "meetupkit")]
            if how == "script"
            else [sys.executable, "-m", "meetupkit"]
        )
        result = subprocess.run(
            [*command, "--version"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout == f"meetupkit {meetupkit.__version__}\n"

    def test_no_version_directive_names_a_later_release(self):
        """No versionadded/changed or deprecated note names a release after this one."""
        # 0.2.0.dev0 is the way to 0.2.0, whose new names say 0.2.0.
        current = Version(Version(meetupkit.__version__).base_version)
        directive = re.compile(  # reST and MyST spellings
            r"(?:\.\. |\{)(?:versionadded|versionchanged|deprecated)"
            r"(?:::|\})[ \t]*(\S+)"
        )
        later = [
            f"{path.relative_to(ROOT)}: {found}"
            for folder in ("src", "docs")
            for path in sorted((ROOT / folder).rglob("*"))
            if path.suffix in {".py", ".md", ".rst"}
            for found in directive.findall(path.read_text(encoding="utf-8"))
            if Version(found) > current
        ]
        assert later == []


class TestPackage:
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


#: Extras for developing meetupkit; every other extra is one users install.
DEVELOPER_EXTRAS = {"bench", "docs", "fuzz", "lint", "release", "test"}


class TestRelease:
    def test_checklist_names_files_that_exist(self):
        """Every script and file that RELEASING.md names is in the repository."""
        checklist = (ROOT / "RELEASING.md").read_text(encoding="utf-8")
        named = set(
            re.findall(
                r"(?:\.ci|tests|docs|benchmarks)/[\w./-]*\w|[A-Z]+\.md",
                checklist,
            )
        )
        assert ".ci/wheel" in named
        assert "tests/smoke_installed.py" in named
        assert sorted(n for n in named if not (ROOT / n).exists()) == []

    def test_wheel_is_tested_with_every_runtime_extra(self):
        """CI and the checklist install the wheel with exactly the users' extras."""
        pyproject = tomllib.loads(
            (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        )
        extras = set(pyproject["project"]["optional-dependencies"])
        runtime = ",".join(sorted(extras - DEVELOPER_EXTRAS))
        wheel = (ROOT / ".ci" / "wheel").read_text(encoding="utf-8")
        assert f'"${{wheel[0]}}[{runtime}]"' in wheel
        checklist = (ROOT / "RELEASING.md").read_text(encoding="utf-8")
        assert f"'meetupkit[{runtime}]==X.Y.Z'" in checklist

    def test_checklist_extras_exist(self):
        """The extras RELEASING.md installs are all defined in pyproject.toml."""
        pyproject = tomllib.loads(
            (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        )
        extras = set(pyproject["project"]["optional-dependencies"])
        checklist = (ROOT / "RELEASING.md").read_text(encoding="utf-8")
        named = {
            extra
            for group in re.findall(r"\[([a-z,]+)\]", checklist)
            for extra in group.split(",")
        }
        assert {"release", "bench"} <= named
        assert named - extras == set()

    def test_ci_runs_the_wheel_checks(self):
        """.ci/run ends by building and testing the wheel (.ci/wheel)."""
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert "bash .ci/wheel" in ci.splitlines()
