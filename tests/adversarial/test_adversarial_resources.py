"""Resource bounds: huge, deep and endless input finishes within set limits.

Each case runs in a fresh Python process whose address space and CPU time
are capped with :mod:`resource`, so a case that ran away would be killed
instead of taking the test run with it.  The time a case takes is its CPU
time, which other work on a shared machine does not inflate.  The limits are part of meetupkit's
documented behaviour (see ``benchmarks/README.md``):

============================================  ===========  ===========
input                                         CPU time     memory
============================================  ===========  ===========
a 50 MB JSON, TOML or iCalendar document      < 5 s        < 1 GiB
nesting 10,000 levels deep (JSON, TOML, dict)  < 5 s        < 1 GiB
``COUNT=10**9``: a 20-year window, ``next()``  < 5 s        < 1 GiB
a rule that never matches: ``next()``          < 0.1 s      < 1 GiB
============================================  ===========  ===========

Each case must end with a result or a meetupkit error, never with another
exception, a crash or a kill.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

#: Address space for one case; the interpreter and meetupkit need ~150 MiB.
MEMORY = 1024**3

#: CPU seconds after which the kernel stops a case.
CPU_SECONDS = 20

_PRELUDE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
from meetupkit.errors import MeetupkitError
def peak_kib():
    # VmHWM is this process's own peak; ru_maxrss also counts the parent's
    # memory at the fork, which Linux carries across exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def report(outcome, seconds):
    print(json.dumps({{"outcome": outcome, "seconds": seconds,
                      "rss_kib": peak_kib()}}))
"""

_BODY = """
begin = time.process_time()
try:
{code}
    outcome = "ok"
except MeetupkitError as exc:
    outcome = "error: " + str(exc)[:200]
    assert len(str(exc)) <= 2000, len(str(exc))
report(outcome, time.process_time() - begin)
"""


def run_bounded(setup: str, code: str) -> dict[str, object]:
    """Run *code* after *setup* in a capped subprocess; return its report.

    Only *code* is timed; *setup* builds the input.
    """
    script = (
        _PRELUDE.format(memory=MEMORY, cpu=CPU_SECONDS)
        + textwrap.dedent(setup)
        + _BODY.format(code=textwrap.indent(textwrap.dedent(code), "    "))
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=CPU_SECONDS * 3,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


_SOMEWI = """
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
import attrs
from meetupkit import Recurrence, Series, from_dict, from_json, from_toml
from meetupkit import to_dict, to_json, to_toml
somewi = Series.example()
"""

CASES = {
    "json-50mb-string": (
        _SOMEWI
        + "data = to_json(somewi).replace('#SoMeWI', 'x' * 50_000_000, 1)",
        "from_json(Series, data)",
    ),
    "json-50mb-bytes": (
        _SOMEWI
        + "data = to_json(somewi).replace('#SoMeWI', 'x' * 50_000_000, 1)"
        + ".encode()",
        "from_json(Series, data)",
    ),
    "toml-50mb": (
        _SOMEWI
        + "data = to_toml(somewi).replace('#SoMeWI', 'x' * 50_000_000, 1)",
        "from_toml(Series, data)",
    ),
    "json-15mb-many-keys": (
        _SOMEWI
        + "doc = to_dict(somewi)\n"
        + "doc.update({f'key{i}': i for i in range(700_000)})\n"
        + "data = json.dumps(doc)",
        "from_json(Series, data)",
    ),
    "json-10000-deep-array": (
        _SOMEWI + "data = '{\"title\": ' + '[' * 10_000 + ']' * 10_000 + '}'",
        "from_json(Series, data)",
    ),
    "json-10000-deep-object": (
        _SOMEWI + "data = '{\"a\": ' * 10_000 + '1' + '}' * 10_000",
        "from_json(Series, data)",
    ),
    "toml-10000-deep-array": (
        _SOMEWI + "data = 'title = ' + '[' * 10_000 + ']' * 10_000",
        "from_toml(Series, data)",
    ),
    "dict-10000-deep": (
        _SOMEWI
        + "doc = to_dict(somewi)\n"
        + "deep = {}\n"
        + "inner = deep\n"
        + "for _ in range(10_000):\n"
        + "    inner['venue'] = {}\n"
        + "    inner = inner['venue']\n"
        + "doc['venue'] = deep",
        "from_dict(Series, doc)",
    ),
    "count-1e9-window": (
        _SOMEWI
        + "series = attrs.evolve(somewi, recurrence=Recurrence.parse("
        + "'FREQ=DAILY;COUNT=1000000000'))\n"
        + "end = somewi.start + timedelta(days=366 * 20)",
        "assert len(series.meetups(series.start, end)) > 7000",
    ),
    "count-1e9-next": (
        _SOMEWI
        + "series = attrs.evolve(somewi, recurrence=Recurrence.parse("
        + "'FREQ=DAILY;COUNT=1000000000'))",
        "assert series.next(after=series.start + timedelta(days=3650))",
    ),
    "count-1e9-parse-and-write": (
        _SOMEWI + "text = 'FREQ=DAILY;COUNT=1000000000'",
        "from_dict(Series, dict(to_dict(somewi), recurrence=text))",
    ),
    "never-matching-next": (
        _SOMEWI
        + "series = attrs.evolve(somewi, recurrence=Recurrence.parse("
        + "'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'))",
        "assert series.next(after=series.start) is None",
    ),
    "never-matching-1000-years": (
        _SOMEWI
        + "series = attrs.evolve(somewi, recurrence=Recurrence.parse("
        + "'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31'))\n"
        + "end = somewi.start + timedelta(days=366 * 1000)",
        "assert len(series.meetups(series.start, end)) == 1",
    ),
    "never-matching-weekday": (
        _SOMEWI
        + "series = attrs.evolve(somewi, recurrence=Recurrence.parse("
        + "'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6'))",
        "assert series.next(after=series.start) is None",
    ),
}

#: Wall-time limit per case, in seconds.
LIMITS = {
    "never-matching-next": 0.1,
    "never-matching-1000-years": 0.1,
    "never-matching-weekday": 0.1,
}
DEFAULT_LIMIT = 5.0

ICAL_CASES = {
    "ical-50mb": (
        "from meetupkit import Series\n"
        "from meetupkit.ical import from_ical, to_ical\n"
        "feed = to_ical(Series.example())\n"
        "data = feed.replace(b'#SoMeWI', b'x' * 50_000_000, 1)",
        "from_ical(data)",
    ),
    "ical-10000-deep": (
        "from meetupkit.ical import from_ical\n"
        "data = (b'BEGIN:VCALENDAR\\r\\n' + b'BEGIN:X-DEEP\\r\\n' * 10_000"
        " + b'END:X-DEEP\\r\\n' * 10_000 + b'END:VCALENDAR\\r\\n')",
        "from_ical(data)",
    ),
}


class TestResourceBounds:
    """Each hostile case ends in time and memory with a result or an error."""

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_case(self, name):
        """The case finishes within its limit of time and 1 GiB of memory."""
        setup, code = CASES[name]
        report = run_bounded(setup, code)
        limit = LIMITS.get(name, DEFAULT_LIMIT)
        assert report["seconds"] < limit, report

    @pytest.mark.parametrize("name", sorted(ICAL_CASES))
    def test_ical_case(self, name):
        """The iCalendar case finishes within its limit."""
        pytest.importorskip("meetupkit.ical")
        setup, code = ICAL_CASES[name]
        report = run_bounded(setup, code)
        assert report["seconds"] < DEFAULT_LIMIT, report

    def test_large_input_is_refused(self):
        """A 50 MB document is refused before it is parsed."""
        setup, code = CASES["json-50mb-bytes"]
        report = run_bounded(setup, code)
        assert str(report["outcome"]).startswith("error: "), report
        assert "16 MiB" in str(report["outcome"])


#: Time and memory of one refused TOML key, including the interpreter.
KEY_SECONDS = 2.0
KEY_RSS_KIB = 200 * 1024


def _dotted(kib: int, template: str = "{key} = 1\n") -> str:
    """Setup code: *data* is a TOML text with one dotted key of *kib* KiB."""
    return (
        "from meetupkit import Series, from_toml\n"
        f"key = '.'.join(['a'] * ({kib} * 512))\n"
        f"data = {template!r}.format(key=key)\n"
    )


KEY_CASES = {
    "toml-39kib-dotted-key": (_dotted(39), "from_toml(Series, data)"),
    "toml-98kib-dotted-key": (_dotted(98), "from_toml(Series, data)"),
    "toml-98kib-quoted-key": (
        "from meetupkit import Series, from_toml\n"
        "data = '.'.join(['\"a\"'] * 33_000) + ' = 1'\n",
        "from_toml(Series, data)",
    ),
    "toml-98kib-table-header": (
        _dotted(98, "[{key}]\nx = 1\n"),
        "from_toml(Series, data)",
    ),
    "toml-98kib-inline-table": (
        _dotted(98, "title = {{{key} = 1}}\n"),
        "from_toml(Series, data)",
    ),
    "toml-98kib-array-of-tables": (
        _dotted(98, "[[{key}]]\n"),
        "from_toml(Series, data)",
    ),
    "line-finder-98kib-dotted-key": (
        _dotted(98) + "from meetupkit._files import line_of, toml_lines\n",
        "assert line_of(toml_lines(data), 'a.a.a.b') == 1",
    ),
    "line-finder-98kib-quoted-key": (
        "from meetupkit._files import toml_lines\n"
        "data = '.'.join(['\"a\"'] * 33_000) + ' = 1'\n",
        "assert toml_lines(data)",
    ),
    "cli-validate-98kib-dotted-key": (
        _dotted(98)
        + "import contextlib, io, os, tempfile\n"
        + "from meetupkit import cli\n"
        + "folder = tempfile.mkdtemp()\n"
        + "path = os.path.join(folder, 'long.toml')\n"
        + "open(path, 'w').write(data)\n",
        "with contextlib.redirect_stderr(io.StringIO()) as err:\n"
        "    assert cli.main(['validate', path]) == 1\n"
        "assert 'dotted key with more than' in err.getvalue(), err.getvalue()\n"
        "assert len(err.getvalue()) < 500\n",
    ),
    "cli-validate-many-long-keys": (
        "import contextlib, io, os, tempfile\n"
        "from meetupkit import Series, cli, to_toml\n"
        "key = '.'.join(['a'] * 32)\n"
        "data = to_toml(Series.example()) + ''.join(\n"
        "    f'[x{i}]\\n{key} = 1\\n' for i in range(3000))\n"
        "folder = tempfile.mkdtemp()\n"
        "path = os.path.join(folder, 'many.toml')\n"
        "open(path, 'w').write(data)\n",
        "with contextlib.redirect_stderr(io.StringIO()) as err:\n"
        "    assert cli.main(['validate', path]) == 1\n"
        "assert 'more than 50,000 keys' in err.getvalue(), err.getvalue()\n",
    ),
    "toml-many-tables": (
        "from meetupkit import Series, from_toml\n"
        "data = ''.join(f'[x{i}]\\nk = 1\\n' for i in range(200_000))\n",
        "from_toml(Series, data)",
    ),
    "toml-just-under-the-item-cap": (
        "from meetupkit import Series, from_toml\n"
        "data = ''.join(f'[x{i}]\\nk = 1\\n' for i in range(16_000))\n",
        "from_toml(Series, data)",
    ),
    "toml-many-comments": (
        "from meetupkit import Series, from_toml\ndata = '#\\n' * 5_000_000\n",
        "from_toml(Series, data)",
    ),
}


#: What each case's outcome says (the CLI cases check their own).
KEY_OUTCOMES = {
    **{
        name: "a dotted key with more than 32 parts"
        for name in KEY_CASES
        if name.startswith(("toml-98kib", "toml-39kib"))
    },
    "toml-many-tables": "line 33334: more than 50,000 keys",
    "toml-many-comments": "more than 50,000 keys, values and comments",
    "toml-just-under-the-item-cap": "problems in the document",
}


class TestTomlBounds:
    """Costly TOML is refused quickly, by the library and the command."""

    @pytest.mark.parametrize("name", sorted(KEY_CASES))
    def test_refused_in_time_and_memory(self, name):
        """The case ends within about a second and 200 MiB."""
        setup, code = KEY_CASES[name]
        report = run_bounded(setup, code)
        assert report["seconds"] < KEY_SECONDS, report
        assert int(str(report["rss_kib"])) < KEY_RSS_KIB, report
        assert KEY_OUTCOMES.get(name, "") in str(report["outcome"]), report

    def test_the_error_names_the_line(self):
        """The refusal says on which line the long key is."""
        from meetupkit import Series, from_toml
        from meetupkit.errors import ValidationError

        text = "# a comment\n\n" + ".".join(["a"] * 40) + " = 1\n"
        with pytest.raises(ValidationError) as caught:
            from_toml(Series, text)
        assert "line 3: a dotted key with more than 32 parts" in str(
            caught.value
        )

    def test_keys_in_strings_and_comments_are_not_keys(self):
        """Dots inside strings and comments do not count as key parts."""
        from meetupkit.serialize import toml_problem

        dots = ".".join(["a"] * 100)
        for text in (
            f'x = "{dots}"',
            f"x = '{dots}'",
            f'x = """\n{dots}\n"""',
            f"x = '''{dots}'''",
            f"# {dots}",
            f'x = "\\"{dots}"',
        ):
            assert toml_problem(text) is None, text
        assert toml_problem(".".join(["a"] * 32) + " = 1") is None
        assert toml_problem(".".join(["a"] * 33) + " = 1") == (
            1,
            "a dotted key with more than 32 parts",
            "use fewer parts, or [table] headers",
        )
