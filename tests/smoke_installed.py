"""Check an installed meetupkit as its users get it, not the source tree.

``.ci/run`` builds the wheel, installs it with its extras into a fresh
virtual environment and runs this script with that environment's Python,
from a folder outside the checkout::

    cd "$(mktemp -d)" && VENV/bin/python CHECKOUT/tests/smoke_installed.py

It checks that meetupkit is imported from that environment; that
``__version__``, the distribution's metadata and the ``meetupkit`` command
name one version; that the files beside the code arrived (``py.typed``,
every Jinja2 template, and each renders); that every public module imports
and has every name of its ``__all__``; that the JSON Schema is built; that
the example series survives JSON, TOML and iCalendar; and that the command
line creates, checks and shows a meetup file.  It prints a line per check
and exits with status 1 if any failed.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path

import meetupkit

CHECKS: list[Callable[[], str]] = []


def check(function: Callable[[], str]) -> Callable[[], str]:
    """Register *function* as a check; it returns what it saw."""
    CHECKS.append(function)
    return function


def command(*args: str) -> str:
    """Run the installed ``meetupkit`` command and return its output."""
    script = Path(sys.executable).parent / "meetupkit"
    done = subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, f"meetupkit {' '.join(args)}: {done.stderr}"
    return done.stdout


@check
def installed_not_checkout() -> str:
    """Meetupkit comes from this environment's site-packages, not editable."""
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    location = Path(meetupkit.__file__).resolve().parent
    assert location.parent == site, f"imported from {location}, not {site}"
    direct = metadata.distribution("meetupkit").read_text("direct_url.json")
    if direct:
        editable = json.loads(direct).get("dir_info", {}).get("editable")
        assert not editable, "meetupkit is an editable install"
    return str(location)


@check
def one_version() -> str:
    """__version__, the metadata and ``meetupkit --version`` agree."""
    version = metadata.version("meetupkit")
    assert meetupkit.__version__ == version, meetupkit.__version__
    assert command("--version") == f"meetupkit {version}\n"
    return version


@check
def typed() -> str:
    """The package says it is typed (PEP 561)."""
    marker = resources.files("meetupkit") / "py.typed"
    assert marker.is_file(), "py.typed is missing"
    return "py.typed"


@check
def templates() -> str:
    """Every built-in template is there and renders the example meeting."""
    from meetupkit.render import (
        TEMPLATES,
        render_invitation,
        render_recap,
    )

    folder = resources.files("meetupkit") / "render" / "templates"
    series = meetupkit.Series.example()
    meeting = series.meetup(1)
    for (kind, form), name in TEMPLATES.items():
        assert (folder / name).is_file(), f"template {name} is missing"
        render = render_recap if kind == "recap" else render_invitation
        text = render(meeting, format=form, series=series)  # type: ignore[arg-type]
        assert series.title in text or "SoMeWI" in text, (name, text[:200])
    return ", ".join(sorted(TEMPLATES.values()))


@check
def public_modules() -> str:
    """Every public module imports and has each name in its __all__."""
    names = ["meetupkit"]
    names.extend(
        found.name
        for found in pkgutil.walk_packages(meetupkit.__path__, "meetupkit.")
        if not any(part.startswith("_") for part in found.name.split("."))
    )
    for name in names:
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            assert hasattr(module, attribute), f"{name}.{attribute}"
    return f"{len(names)} modules"


@check
def json_schema() -> str:
    """The JSON Schema of the file format is built from the package."""
    from meetupkit.schema import json_schema

    schema = json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/"), schema
    return f"{len(json.dumps(schema))} characters"


@check
def round_trips() -> str:
    """The example series survives JSON, TOML and iCalendar."""
    from meetupkit.ical import from_ical, to_ical

    series = meetupkit.Series.example()
    as_json = meetupkit.to_json(series)
    assert meetupkit.from_json(meetupkit.Series, as_json) == series
    as_toml = meetupkit.to_toml(series)
    assert meetupkit.from_toml(meetupkit.Series, as_toml) == series
    (imported,) = from_ical(to_ical(series))
    assert isinstance(imported, meetupkit.Series)
    assert imported.uid == series.uid
    return "json, toml, ical"


@check
def command_line() -> str:
    """The ``meetupkit`` command creates, checks and shows a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "somewi.toml")
        command("new", path)
        command("validate", path)
        shown = command("next", path, "-n", "1", "--after", "2014-09-25")
    assert "2014" in shown, shown
    return "new, validate, next"


def say(line: str) -> None:
    """Print *line* on standard output."""
    sys.stdout.write(line + "\n")


def main() -> int:
    """Run every check; return 1 if any failed."""
    failed = 0
    for function in CHECKS:
        try:
            seen = function()
        except Exception as exc:
            failed += 1
            say(f"FAIL {function.__name__}: {type(exc).__name__}: {exc}")
        else:
            say(f"ok   {function.__name__}: {seen}")
    if failed:
        say(f"smoke: {failed} of {len(CHECKS)} checks failed")
        return 1
    say(f"smoke: all {len(CHECKS)} checks of the installed package hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
