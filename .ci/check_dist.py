"""Check what the built sdist and wheel of meetupkit hold.

Run it from the checkout after ``python -m build --outdir DIST``::

    python .ci/check_dist.py DIST

It fails, naming each problem, unless

- DIST holds exactly one wheel and one sdist, both of pyproject.toml's
  version;
- the wheel holds every file that git tracks under ``src/meetupkit`` (the
  code, ``py.typed``, the templates) and nothing else besides its
  ``.dist-info``: no tests, no virtual environment, no caches;
- the wheel's metadata carries pyproject.toml's name, version, Python
  requirement, licence, project URLs, extras and the ``meetupkit``
  command, and the README as its Markdown description;
- the sdist holds every file git tracks (so the tests, docs, examples and
  benchmarks travel with it) and nothing that git does not track.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NAME = "meetupkit"


def tracked() -> set[str]:
    """Return the files git tracks in the checkout, relative to its root."""
    done = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(
            "check_dist: needs a git checkout to know which files belong"
            f" in the archives: {done.stderr.decode(errors='replace')}"
        )
    return {
        name
        for name in done.stdout.decode("utf-8").split("\0")
        if name and (ROOT / name).is_file()
    }


def differences(what: str, found: set[str], expected: set[str]) -> list[str]:
    """Describe the files missing from and added to *what*."""
    problems = [f"{what} lacks {name}" for name in sorted(expected - found)]
    problems += [
        f"{what} should not hold {name}" for name in sorted(found - expected)
    ]
    return problems


def check_metadata(metadata: Message, project: dict[str, Any]) -> list[str]:
    """Compare the wheel's METADATA with pyproject.toml's [project]."""
    problems = []
    expected = {
        "Name": NAME,
        "Version": project["version"],
        "Requires-Python": project["requires-python"],
        "License-Expression": project["license"],
        "Description-Content-Type": "text/markdown",
    }
    for field, value in expected.items():
        if metadata[field] != value:
            problems.append(
                f"METADATA {field}: {metadata[field]!r}, not {value!r}"
            )
    if metadata.get_all("License-File") != ["LICENSE"]:
        problems.append("METADATA does not name LICENSE as its licence file")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if metadata.get_payload().strip() != readme.strip():
        problems.append("METADATA's description is not README.md")
    urls = project["urls"]
    found_urls = sorted(metadata.get_all("Project-URL") or [])
    if found_urls != sorted(f"{key}, {value}" for key, value in urls.items()):
        problems.append(f"METADATA's project URLs are {found_urls}")
    extras = project["optional-dependencies"]
    if set(metadata.get_all("Provides-Extra") or []) != set(extras):
        problems.append("METADATA's extras are not pyproject.toml's")
    return problems


def check_wheel(wheel: Path, project: dict[str, Any]) -> list[str]:
    """Check the files and the metadata of *wheel*."""
    info = f"{NAME}-{project['version']}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = Parser().parsestr(
            archive.read(f"{info}/METADATA").decode("utf-8")
        )
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    code = {
        name.removeprefix("src/")
        for name in tracked()
        if name.startswith(f"src/{NAME}/")
    }
    meta = {
        f"{info}/{name}"
        for name in (
            "METADATA",
            "WHEEL",
            "RECORD",
            "entry_points.txt",
            "licenses/LICENSE",
        )
    }
    problems = differences(wheel.name, names, code | meta)
    problems += check_metadata(metadata, project)
    if f"{NAME} = {NAME}.cli:main" not in entry_points.splitlines():
        problems.append(f"the wheel has no '{NAME}' command")
    return problems


def check_sdist(sdist: Path, version: str) -> list[str]:
    """Check that *sdist* holds what git tracks, and only that."""
    top = f"{NAME}-{version}/"
    with tarfile.open(sdist) as archive:
        names = {
            member.name.removeprefix(top)
            for member in archive.getmembers()
            if member.isfile()
        }
    return differences(sdist.name, names, tracked() | {"PKG-INFO"})


def main(argv: list[str]) -> int:
    """Check the sdist and the wheel in the folder *argv[1]*."""
    dist = Path(argv[1])
    project = tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    )["project"]
    version = project["version"]
    wheel_name = f"{NAME}-{version}-py3-none-any.whl"
    sdist_name = f"{NAME}-{version}.tar.gz"
    found = sorted(path.name for path in dist.iterdir())
    if found != sorted([wheel_name, sdist_name]):
        problems = [f"{dist} holds {found}, not {wheel_name} and {sdist_name}"]
    else:
        problems = check_wheel(dist / wheel_name, project)
        problems += check_sdist(dist / sdist_name, version)
    for problem in problems:
        sys.stderr.write(f"check_dist: {problem}\n")
    if problems:
        sys.stderr.write(
            "check_dist: fix [tool.hatch.build] in pyproject.toml, or commit"
            " or remove the files named\n"
        )
        return 1
    sys.stdout.write(
        f"check_dist: {wheel_name} and {sdist_name} hold what they should\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
