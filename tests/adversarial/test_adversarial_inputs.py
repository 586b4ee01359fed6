"""Fuzz every entry point that reads outside data.

``from_dict``, ``from_json``, ``from_toml``, ``Recurrence.parse`` and, once
they exist, ``meetupkit.ical.from_ical`` and the command line get arbitrary
values, mutations of valid documents, every truncation of a valid document
and text in the wrong encoding.  Whatever happens, only a meetupkit error
with a short message may come out, and anything that is accepted is a valid
object that writes back to a document.
"""

from __future__ import annotations

import json
import warnings

import pytest
from _hostile import (
    INJECTIONS,
    call,
    check_error,
    json_values,
    mutate,
    optional_module,
    paths,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupkit import (
    Meetup,
    Participant,
    Recurrence,
    Series,
    Venue,
    from_dict,
    from_json,
    from_toml,
    strategies,
    to_dict,
    to_json,
    to_toml,
)

CLASSES = (Series, Meetup, Venue, Participant)

SOMEWI = Series.example()
SOMEWI_JSON = to_json(SOMEWI).encode("utf-8")
SOMEWI_TOML = to_toml(SOMEWI).encode("utf-8")


def _accepted(value: object) -> None:
    """Check that an accepted object writes back to an equal document."""
    if value is None:
        return
    assert from_dict(type(value), to_dict(value)) == value


class TestFromDict:
    """``from_dict`` on values that are not meetupkit documents."""

    @given(st.sampled_from(CLASSES), json_values)
    def test_arbitrary_values(self, cls, value):
        """Any JSON value gives an object or a short meetupkit error."""
        _accepted(call(from_dict, cls, value))

    @given(
        st.sampled_from(CLASSES),
        st.dictionaries(st.text(max_size=20), json_values, max_size=8),
    )
    def test_arbitrary_objects(self, cls, value):
        """Any JSON object, with or without a format version, is handled."""
        _accepted(call(from_dict, cls, {"format_version": 1, **value}))

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(strategies.series(), st.data())
    def test_mutated_documents(self, series, data):
        """A valid document changed at any place is read or refused cleanly."""
        document = to_dict(series)
        path = data.draw(st.sampled_from(paths(document)))
        how = data.draw(st.sampled_from(["replace", "delete", "add"]))
        value = data.draw(json_values | st.sampled_from(INJECTIONS))
        _accepted(call(from_dict, Series, mutate(document, path, how, value)))

    def test_non_string_keys(self):
        """Keys that are not strings are refused, not crashed on."""
        call(from_dict, Series, {1: 2, None: 3, (4,): 5})

    def test_many_problems_keep_the_message_short(self):
        """Ten thousand bad keys still give a message of bounded size."""
        document = {
            "format_version": 1,
            **{f"k{i}" * 50: i for i in range(10_000)},
        }
        with pytest.raises(Exception) as info:
            from_dict(Series, document)
        check_error(info.value)

    def test_huge_values_keep_the_message_short(self):
        """A megabyte-long wrong value is not echoed into the message."""
        document = to_dict(SOMEWI)
        for key in ("start", "duration", "recurrence", "title", "uid"):
            bad = dict(document, **{key: "x" * 2_000_000})
            with pytest.raises(Exception) as info:
                from_dict(Series, bad)
            check_error(info.value)
        with pytest.raises(Exception) as info:
            from_dict(Series, dict(document, start=["x" * 1000] * 1000))
        check_error(info.value)


class TestWebProfile:
    """The web profile's reader on values that are not web documents."""

    @staticmethod
    def _web_accepted(value: object) -> None:
        if value is not None:
            again = to_dict(value, profile="web")
            assert from_dict(type(value), again, profile="web") == value

    @given(
        st.sampled_from(CLASSES),
        st.dictionaries(st.text(max_size=20), json_values, max_size=8),
    )
    def test_arbitrary_objects(self, cls, value):
        """Any JSON object gives an object or a short meetupkit error."""
        self._web_accepted(call(from_dict, cls, value, profile="web"))

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(strategies.series(), st.data())
    def test_mutated_documents(self, series, data):
        """A valid web document changed anywhere is read or refused cleanly."""
        document = to_dict(series, profile="web")
        path = data.draw(st.sampled_from(paths(document)))
        how = data.draw(st.sampled_from(["replace", "delete", "add"]))
        value = data.draw(json_values | st.sampled_from(INJECTIONS))
        changed = mutate(document, path, how, value)
        self._web_accepted(call(from_dict, Series, changed, profile="web"))

    def test_huge_values_keep_the_message_short(self):
        """Megabyte-long datetimes and zone names are not echoed back."""
        document = to_dict(SOMEWI, profile="web")
        for key in ("start", "start_zone"):
            bad = dict(document, **{key: "x" * 2_000_000})
            with pytest.raises(Exception) as info:
                from_dict(Series, bad, profile="web")
            check_error(info.value)
        bad = dict(document, extra_dates_zones=["x" * 1000] * 1000)
        with pytest.raises(Exception) as info:
            from_dict(Series, bad, profile="web")
        check_error(info.value)

    def test_non_string_keys(self):
        """Keys that are not strings are refused, not crashed on."""
        call(from_dict, Series, {1: 2, None: 3, (4,): 5}, profile="web")


class TestFromJson:
    """``from_json`` on text that is not a meetupkit document."""

    @given(st.text(max_size=200))
    def test_arbitrary_text(self, text):
        """Any text gives an object or a short meetupkit error."""
        _accepted(call(from_json, Series, text))

    @given(st.binary(max_size=200))
    def test_arbitrary_bytes(self, data):
        """Any bytes give an object or a short meetupkit error."""
        _accepted(call(from_json, Series, data))

    @given(st.sampled_from(CLASSES), json_values)
    def test_arbitrary_json(self, cls, value):
        """Any JSON document gives an object or a short meetupkit error."""
        _accepted(call(from_json, cls, json.dumps(value)))

    def test_every_truncation(self):
        """Every prefix of the #SoMeWI document is read or refused cleanly."""
        for end in range(len(SOMEWI_JSON)):
            result = call(from_json, Series, SOMEWI_JSON[:end])
            assert result is None or result == SOMEWI

    @pytest.mark.parametrize(
        "encoding",
        ["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "cp500"],
    )
    def test_wrong_encoding(self, encoding):
        """The document in another encoding is refused or read unchanged."""
        text = SOMEWI_JSON.decode("utf-8")
        data = text.encode(encoding, errors="replace")
        result = call(from_json, Series, data)
        assert result is None or result == SOMEWI

    @given(st.integers(0, len(SOMEWI_JSON) - 1), st.integers(0, 255))
    def test_flipped_byte(self, position, byte):
        """One changed byte anywhere gives an object or a clean error."""
        data = bytearray(SOMEWI_JSON)
        data[position] = byte
        _accepted(call(from_json, Series, bytes(data)))

    def test_lone_surrogates(self):
        """Escaped lone surrogates in JSON strings are handled."""
        document = to_dict(SOMEWI)
        text = json.dumps(document).replace("Stammtisch", "Stamm\\ud800tisch")
        _accepted(call(from_json, Series, text))

    def test_constants_and_big_numbers(self):
        """NaN, Infinity and numbers with many digits are refused cleanly."""
        document = to_json(SOMEWI)
        for bad in ("NaN", "Infinity", "-Infinity", "1" * 5000, "1e999"):
            text = document.replace(
                '"format_version": 1', f'"format_version": {bad}'
            )
            call(from_json, Series, text)
            text = document.replace('"title": ', f'"x": {bad}, "title": ')
            call(from_json, Series, text)


class TestFromToml:
    """``from_toml`` on text that is not a meetupkit document."""

    @given(st.text(max_size=200))
    def test_arbitrary_text(self, text):
        """Any text gives an object or a short meetupkit error."""
        _accepted(call(from_toml, Series, text))

    @given(st.binary(max_size=200))
    def test_arbitrary_bytes(self, data):
        """Any bytes give an object or a short meetupkit error."""
        _accepted(call(from_toml, Series, data))

    def test_every_truncation(self):
        """Every prefix of the #SoMeWI TOML document is handled cleanly.

        TOML has no closing bracket, so a prefix that ends between two
        lines is a shorter valid document: it must read as a valid series.
        """
        for end in range(len(SOMEWI_TOML)):
            _accepted(call(from_toml, Series, SOMEWI_TOML[:end]))

    @given(st.integers(0, len(SOMEWI_TOML) - 1), st.integers(0, 255))
    def test_flipped_byte(self, position, byte):
        """One changed byte anywhere gives an object or a clean error."""
        data = bytearray(SOMEWI_TOML)
        data[position] = byte
        _accepted(call(from_toml, Series, bytes(data)))

    @pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "cp1252"])
    def test_wrong_encoding(self, encoding):
        """The TOML document in another encoding is refused or read unchanged."""
        data = SOMEWI_TOML.decode("utf-8").encode(encoding, errors="replace")
        result = call(from_toml, Series, data)
        assert result is None or result == SOMEWI


_RULE_PARTS = st.sampled_from(
    [
        "FREQ=WEEKLY",
        "FREQ=DAILY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "FREQ=HOURLY",
        "INTERVAL=8",
        "INTERVAL=0",
        "COUNT=3",
        "COUNT=1000000000",
        "UNTIL=20151231T230000Z",
        "UNTIL=20151231",
        "UNTIL=2015",
        "BYDAY=WE",
        "BYDAY=2TU",
        "BYDAY=-1TH",
        "BYDAY=99MO",
        "BYMONTHDAY=30",
        "BYMONTHDAY=-1",
        "BYMONTH=2",
        "BYMONTH=13",
        "BYYEARDAY=366",
        "BYWEEKNO=53",
        "BYSETPOS=-1",
        "WKST=SU",
        "WKST=XX",
        "X-NAME=1",
        "",
    ]
)


class TestRecurrenceParse:
    """``Recurrence.parse`` on arbitrary and almost-valid rules."""

    @given(st.text(max_size=120))
    def test_arbitrary_text(self, text):
        """Any text gives a rule or a short meetupkit error."""
        rule = call(Recurrence.parse, text)
        if rule is not None:
            assert Recurrence.parse(str(rule)) == rule

    @given(
        st.lists(_RULE_PARTS, max_size=6), st.sampled_from([";", ",", ";;"])
    )
    def test_combinations_of_parts(self, parts, separator):
        """Combinations of valid and broken parts are read or refused cleanly."""
        rule = call(Recurrence.parse, separator.join(parts))
        if rule is not None:
            assert Recurrence.parse(str(rule)) == rule

    @given(st.sampled_from([None, 8, b"FREQ=WEEKLY", ["FREQ=WEEKLY"], 1.5]))
    def test_wrong_types(self, value):
        """Values that are not text are refused with a meetupkit error."""
        with pytest.raises(Exception) as info:
            Recurrence.parse(value)
        check_error(info.value)

    def test_long_rule(self):
        """A rule of a megabyte is refused quickly and briefly."""
        with pytest.raises(Exception) as info:
            Recurrence.parse("FREQ=WEEKLY;" + "BYDAY=MO;" * 200_000)
        check_error(info.value)


ical = optional_module("meetupkit.ical")


def _from_ical(data):
    """Read *data*, letting the warnings about dropped values pass."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ical.ICalWarning)
        return ical.from_ical(data)


@pytest.fixture(scope="module")
def feed():
    """The #SoMeWI series as an iCalendar stream."""
    return ical.to_ical(SOMEWI)


@pytest.mark.skipif(ical is None, reason="meetupkit.ical is not there yet")
class TestFromIcal:
    """``meetupkit.ical.from_ical`` on hostile calendar streams."""

    @given(st.binary(max_size=300))
    def test_arbitrary_bytes(self, data):
        """Any bytes give a list of objects or a short meetupkit error."""
        call(_from_ical, data)

    @given(st.text(max_size=300))
    def test_arbitrary_text(self, text):
        """Any text gives a list of objects or a short meetupkit error."""
        call(_from_ical, text)

    def test_every_truncation(self, feed):
        """Every prefix of the #SoMeWI feed is read or refused cleanly."""
        step = max(1, len(feed) // 400)
        for end in range(0, len(feed), step):
            call(_from_ical, feed[:end])

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def test_mutated_lines(self, feed, data):
        """A feed with a line dropped, doubled or replaced is handled."""
        lines = feed.split(b"\r\n")
        index = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["drop", "double", "replace"]))
        if how == "drop":
            del lines[index]
        elif how == "double":
            lines.insert(index, lines[index])
        else:
            lines[index] = data.draw(
                st.sampled_from(
                    [
                        b"END:VEVENT",
                        b"BEGIN:VEVENT",
                        b"END:VTODO",
                        b"DTSTART;TZID=Mars/Olympus:20140924T190000",
                        b"DTSTART:20140231T190000Z",
                        b"DTEND;TZID=Europe/Berlin:20140924T170000",
                        b"RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
                        b"RRULE:FREQ=SECONDLY",
                        b"URL:javascript:alert(1)",
                        b"SUMMARY:\xff\xfe",
                        b"<html><body>502 Bad Gateway</body></html>",
                        b" folded continuation",
                        b"",
                    ]
                )
            )
        call(_from_ical, b"\r\n".join(lines))

    @pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "cp1252"])
    def test_wrong_encoding(self, feed, encoding):
        """The feed in another encoding is refused or read."""
        data = feed.decode("utf-8").encode(encoding, errors="replace")
        call(_from_ical, data)


cli = optional_module("meetupkit.cli")


@pytest.mark.skipif(cli is None, reason="meetupkit.cli is not there yet")
class TestCli:
    """The command line on hostile files: exit 1, no traceback."""

    @settings(
        max_examples=30,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        st.binary(max_size=200),
        st.sampled_from(["series.json", "series.toml", "feed.ics"]),
    )
    def test_validate_arbitrary_files(self, tmp_path, capsys, data, name):
        """``meetupkit validate`` on garbage exits 0 or 1 without a traceback."""
        path = tmp_path / name
        path.write_bytes(data)
        command = "import-ical" if name.endswith(".ics") else "validate"
        argv = [command, str(path)]
        if command == "import-ical":
            argv += ["-o", str(tmp_path / "out.toml")]
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        assert code in {0, 1, None}, captured.err
        assert "Traceback" not in captured.err
        assert len(captured.err) <= 20_000
