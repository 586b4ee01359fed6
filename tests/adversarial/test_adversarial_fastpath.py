"""The fast writing path of ``meetupkit.serialize`` equals the plain one.

``to_dict`` uses specialised unstructure functions and ``to_json`` uses
orjson when it is installed; both must give exactly what the cattrs
converter and :func:`json.dumps` give, for any valid object.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupkit import (
    Consent,
    Experience,
    Geo,
    Participant,
    Role,
    Venue,
    strategies,
    to_dict,
    to_json,
)
from meetupkit._format2 import name_rooms
from meetupkit.serialize import FORMAT_VERSION, _dumps, converter


def _plain_json(obj: object, indent: int | None = 2) -> str:
    data = {
        "format_version": FORMAT_VERSION,
        **name_rooms(obj, converter.unstructure(obj)),
    }
    return (
        json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
        + "\n"
    )


class TestFastPath:
    """Specialised writing gives the converter's documents byte for byte."""

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(strategies.series() | strategies.meetups())
    def test_same_document(self, obj):
        """to_dict and to_json equal the converter plus json.dumps."""
        data = to_dict(obj)
        plain = {
            "format_version": FORMAT_VERSION,
            **name_rooms(obj, converter.unstructure(obj)),
        }
        assert data == plain
        assert list(data) == list(plain)
        assert to_json(obj) == _plain_json(obj)
        assert to_json(obj, indent=None) == _plain_json(obj, None)

    @given(
        st.floats(-90, 90, allow_nan=False),
        st.floats(-180, 180, allow_nan=False),
    )
    def test_floats_written_like_python(self, lat, lon):
        """Coordinates of any size are written as json.dumps writes them."""
        venue = Venue(name="heimathafen", geo=Geo(lat=lat, lon=lon))
        assert to_json(venue) == _plain_json(venue)

    @given(st.text(max_size=30))
    def test_any_text_written_like_python(self, text):
        """Any string, lone surrogates included, is written like json does."""
        data = {"title": text, "n": [1, 2.5, None, True, {}, []]}
        assert (
            _dumps(data, 2)
            == json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
            + "\n"
        )

    @given(strategies.participants() | strategies.venues())
    def test_same_document_for_people_and_places(self, obj):
        """Participants and venues, drawn on their own, give the same bytes."""
        assert to_dict(obj) == {
            "format_version": FORMAT_VERSION,
            **converter.unstructure(obj),
        }
        assert to_json(obj) == _plain_json(obj)
        assert to_json(obj, indent=None) == _plain_json(obj, None)

    def test_default_consent_left_out_and_changed_one_written(self):
        """A participant's default consent is omitted; any change is written."""
        quiet = Participant(name="Anna")
        shared = Participant(name="Anna", consent=Consent(contact="members"))
        assert "consent" not in to_dict(quiet)
        assert "consent" not in json.loads(to_json(quiet))
        assert json.loads(to_json(shared))["consent"] == {"contact": "members"}
        assert to_json(shared) == _plain_json(shared)

    def test_enums_and_tuples_written_as_strings_and_arrays(self):
        """Roles and links come out as JSON strings in arrays, as before."""
        person = Participant(
            name="Anna",
            roles=(Role.ORGANIZER, Role.HOST),
            experience=Experience.VETERAN,
            links=("https://xing.example/anna",),
        )
        data = json.loads(to_json(person))
        assert data["roles"] == ["organizer", "host"]
        assert data["experience"] == "veteran"
        assert data["links"] == ["https://xing.example/anna"]
        assert to_json(person, indent=None) == _plain_json(person, None)
