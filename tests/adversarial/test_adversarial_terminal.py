"""Terminal injection: text from files cannot act on the user's terminal.

A meetup file, a feed or a command line may hold escape sequences (a
window-title change, a screen clear), C1 controls, bidirectional overrides
or line breaks that forge lines of output.  Every subcommand's messages and,
on a terminal, its documents must show them as visible escapes instead.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import Series, _terminal, cli, to_toml
from meetupkit.ical import to_ical

#: Text that tries to take over the terminal or forge a line.
EVIL = (
    "Stammtisch\x1b]0;pwned\x07\x1b[2J\x1b[H\x9b2J\u202eevil\u2066\x7f"
    "\r\n2. FAKE meeting\u2028ok"
)

#: What a terminal may act on, but line ends (checked on their own).
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069]"
)


class Terminal(io.StringIO):
    """A standard stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def hostile_toml() -> str:
    """The #SoMeWI series with EVIL as its title, venue, room and a topic."""
    text = to_toml(Series.example())
    quoted = json.dumps(EVIL)
    text = text.replace('title = "#SoMeWI Stammtisch"', f"title = {quoted}")
    text = text.replace(
        'name = "heimathafen Wiesbaden"', f"name = {quoted}", 1
    )
    return text + f'\n[[topics]]\ntitle = {quoted}\nstatus = "open"\n'


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, str]:
    """Hostile files: a series file, a file with a hostile key, a feed."""
    series = tmp_path / "evil.toml"
    series.write_text(hostile_toml(), encoding="utf-8")
    key = tmp_path / "key.toml"
    forged = f"x\x1b]0;pwned\x07\n{key}: ok (series 'x')"
    key.write_text(
        to_toml(Series.example()) + f"\n{json.dumps(forged)} = 1\n",
        encoding="utf-8",
    )
    feed = tmp_path / "evil.ics"
    feed.write_bytes(
        to_ical(Series.example()).replace(
            b"SUMMARY:#SoMeWI Stammtisch",
            b"SUMMARY:" + EVIL.replace("\r\n", "\\n").encode(),
        )
    )
    return {"series": str(series), "key": str(key), "feed": str(feed)}


COMMANDS = [
    ["next", "{series}", "--after", "2014-09-25", "-n", "2"],
    ["next", "{series}", "--after", "2014-09-25", "--lang", "en"],
    ["validate", "{series}", "{key}"],
    ["plan", "{series}", "--after", "2014-09-25", "--dry-run"],
    ["invite", "{series}", "--meeting", "2"],
    ["invite", "{series}", "--meeting", "2", "--format", "md"],
    ["recap", "{series}", "--meeting", "1"],
    ["jsonld", "{series}", "--meeting", "2"],
    ["ical", "{series}"],
    ["import-ical", "{feed}"],
    ["next", "{key}"],
    ["next", EVIL + ".toml"],
    ["ical", "{series}", "--name", EVIL],
]


def run_on_terminal(argv: list[str], monkeypatch) -> tuple[str, str]:
    """Run the command with both standard streams on a terminal."""
    out, err = Terminal(), Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("NO_COLOR", "1")
    cli.main(argv)
    return out.getvalue(), err.getvalue()


class TestTerminalInjection:
    @pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
    def test_nothing_reaches_a_terminal_raw(self, hostile, monkeypatch, argv):
        """No subcommand lets a control, bidi override or separator through."""
        out, err = run_on_terminal(
            [arg.format(**hostile) for arg in argv], monkeypatch
        )
        assert UNSAFE.search(out) is None, out[:500]
        assert UNSAFE.search(err) is None, err[:500]
        assert "\r" not in err
        assert "\r" not in out.replace("\r\n", "")

    @pytest.mark.parametrize("argv", COMMANDS[:3], ids=lambda argv: argv[0])
    def test_messages_are_escaped_in_pipes_too(
        self, hostile, capsys, monkeypatch, argv
    ):
        """Lines the command prints are escaped even when not on a terminal."""
        monkeypatch.setenv("NO_COLOR", "1")
        cli.main([arg.format(**hostile) for arg in argv])
        out, err = capsys.readouterr()
        for text in (out, err):
            assert UNSAFE.search(text) is None
            assert "\r" not in text

    def test_next_cannot_forge_a_meeting(self, hostile, capsys):
        """A title with a line break stays on its line in ``next``."""
        argv = ["next", hostile["series"], "--after", "2014-09-25", "-n", "1"]
        assert cli.main([*argv, "--color", "never"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert not any(line.startswith("2. FAKE") for line in lines)
        assert len(lines) == 3
        assert lines[0].startswith("Stammtisch\\x1b]0;pwned\\x07\\x1b[2J")
        assert lines[1].startswith("2. ")

    def test_validate_cannot_forge_an_ok(self, hostile, capsys):
        """An unknown key cannot print a line that says the file is ok."""
        assert cli.main(["validate", hostile["key"], "--color", "never"]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert not any(
            line.startswith(f"{hostile['key']}: ok")
            for line in err.splitlines()
        )
        assert "unknown key" in err

    def test_documents_in_a_pipe_are_exact(
        self, hostile, tmp_path, capsysbinary
    ):
        """A feed written to a pipe has the same bytes as one written to -o."""
        argv = ["ical", hostile["series"], "--dtstamp", "2014-09-01"]
        target = tmp_path / "feed.ics"
        assert cli.main([*argv, "-o", str(target)]) == 0
        assert cli.main(argv) == 0
        piped = capsysbinary.readouterr().out
        assert piped == target.read_bytes()
        assert "\u202e".encode() in piped

    def test_readable_text_is_kept(self, tmp_path, capsys):
        """Umlauts, emoji and joined emoji are shown as they are."""
        text = to_toml(Series.example()).replace(
            'title = "#SoMeWI Stammtisch"',
            'title = "Stammtisch in Wiesbaden 🍻 Größe 👩‍💻"',
        )
        path = tmp_path / "nice.toml"
        path.write_text(text, encoding="utf-8")
        assert cli.main(["validate", str(path), "--color", "never"]) == 0
        assert (
            "Stammtisch in Wiesbaden 🍻 Größe 👩‍💻" in capsys.readouterr().out
        )


class TestSafe:
    @given(st.text())
    def test_nothing_unsafe_remains(self, text):
        """safe() leaves no control, bidi control, separator or surrogate."""
        shown = _terminal.safe(text)
        assert UNSAFE.search(shown) is None
        assert not any(char in shown for char in "\n\r\t")
        shown.encode("utf-8")

    @given(
        st.text(
            st.characters(
                blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                blacklist_characters="\u061c\u200e\u200f\u202a\u202b\u202c"
                "\u202d\u202e\u2066\u2067\u2068\u2069",
            )
        )
    )
    def test_readable_text_is_unchanged(self, text):
        """Text without controls comes out exactly as it went in."""
        assert _terminal.safe(text) == text

    @given(st.text())
    def test_documents_keep_their_lines(self, text):
        """safe_document() keeps line feeds but escapes everything else."""
        shown = _terminal.safe_document(text)
        assert shown.count("\n") == text.count("\n")
        assert UNSAFE.search(shown) is None
