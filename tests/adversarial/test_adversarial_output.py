"""Injection and privacy across every output format and audience.

Text fields filled with CRLF, ``END:VEVENT``, HTML, Markdown links,
``javascript:`` URLs, template syntax and spreadsheet formulas must stay
inert data in JSON, TOML, iCalendar, HTML, Markdown and JSON-LD: they come
back as the same text and never add a property, a component, an element,
a link or an evaluated template.  And for every output and every audience,
no name, email or profile link that a participant did not release to that
audience appears anywhere.
"""

from __future__ import annotations

import html.parser
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from _hostile import INJECTIONS, optional_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupkit import (
    Audience,
    Consent,
    Meetup,
    Participant,
    Recap,
    RecapSection,
    Room,
    Series,
    TopicWish,
    Venue,
    Visibility,
    from_json,
    from_toml,
    strategies,
    to_json,
    to_toml,
)
from meetupkit.errors import MeetupkitError

ical = optional_module("meetupkit.ical")
jsonld = optional_module("meetupkit.jsonld")
render = optional_module("meetupkit.render")
BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2014, 9, 1, tzinfo=UTC)


def hostile_meetup(text: str) -> Meetup:
    """Return the #SoMeWI kickoff with *text* in every text field."""
    room = Room(name=f"Adelheid {text}", directions=text, floor=text)
    venue = Venue(name=f"heimathafen {text}", contact=text, rooms=(room,))
    return Meetup(
        title=f"#SoMeWI {text}",
        start=datetime(2014, 9, 24, 19, tzinfo=BERLIN),
        duration=timedelta(hours=2),
        description=text,
        venue=venue,
        room=room,
        participants=(
            Participant(
                name=f"Gast {text}",
                industry=text,
                organization=text,
                consent=Consent(
                    name="public", contact="public", background="public"
                ),
            ),
        ),
        topics=(TopicWish(title=f"Thema {text}", tags=(text,)),),
        recap=Recap(
            title=f"Rückblick {text}",
            lead=text,
            sections=(
                RecapSection(
                    heading=f"Abschnitt {text}",
                    paragraphs=(text,),
                    bullets=(text,),
                ),
            ),
            questions=(text,),
            thanks=(text,),
            outlook=text,
        ),
        language="de",
    )


class _Collector(html.parser.HTMLParser):
    """Collect the tags, attributes and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs_):
        self.tags.append(tag)
        self.attributes.extend(attrs_)

    def handle_data(self, data):
        self.text.append(data)


def _html_parts(document: str) -> _Collector:
    collector = _Collector()
    collector.feed(document)
    collector.close()
    return collector


CLEAN = hostile_meetup("harmlos")


def _lf(text: str | None) -> str | None:
    return None if text is None else text.replace("\r\n", "\n")


class TestInjectionStaysInert:
    """Hostile text comes back as text in every format."""

    @pytest.mark.parametrize("text", INJECTIONS)
    def test_json_and_toml(self, text):
        """JSON and TOML carry the text exactly and add no keys."""
        meetup = hostile_meetup(text)
        assert from_json(Meetup, to_json(meetup)) == meetup
        assert from_toml(Meetup, to_toml(meetup)) == meetup
        assert (
            json.loads(to_json(meetup)).keys()
            == json.loads(to_json(CLEAN)).keys()
        )

    @pytest.mark.skipif(ical is None, reason="meetupkit.ical is not there yet")
    @pytest.mark.parametrize("text", INJECTIONS)
    def test_ical(self, text):
        """iCalendar output has the same lines as clean output, escaped text."""
        import icalendar

        meetup = hostile_meetup(text)
        feed = ical.to_ical(meetup, dtstamp=STAMP, attendees=True)
        clean = ical.to_ical(CLEAN, dtstamp=STAMP, attendees=True)
        names = [
            line.split(b":")[0].split(b";")[0]
            for line in feed.split(b"\r\n")
            if line and not line.startswith(b" ")
        ]
        clean_names = [
            line.split(b":")[0].split(b";")[0]
            for line in clean.split(b"\r\n")
            if line and not line.startswith(b" ")
        ]
        assert names == clean_names
        calendar = icalendar.Calendar.from_ical(feed)
        events = calendar.walk("VEVENT")
        assert len(events) == 1
        # iCalendar text has one line break, \n: CRLF arrives as LF.
        assert str(events[0]["SUMMARY"]) == _lf(meetup.title)
        back = ical.from_ical(feed)
        assert back[0].title == _lf(meetup.title)
        assert back[0].description == _lf(meetup.description)

    @pytest.mark.skipif(jsonld is None, reason="meetupkit.jsonld is not there")
    @pytest.mark.parametrize("text", INJECTIONS)
    def test_jsonld(self, text):
        """JSON-LD keeps the text as values and its script cannot be closed."""
        meetup = hostile_meetup(text)
        doc = jsonld.to_jsonld(meetup)
        assert doc["name"] == meetup.title
        assert doc.keys() == jsonld.to_jsonld(CLEAN).keys()
        script = jsonld.to_script(doc)
        inner = script.removeprefix(
            '<script type="application/ld+json">'
        ).removesuffix("</script>")
        assert "<" not in inner
        assert ">" not in inner
        assert json.loads(inner) == doc

    @pytest.mark.skipif(
        not hasattr(render, "render_recap"), reason="no render_recap yet"
    )
    @pytest.mark.parametrize("text", INJECTIONS)
    def test_html(self, text):
        """HTML output escapes the text: no new element or attribute."""
        meetup = hostile_meetup(text)
        for lang in ("de", "en"):
            document = render.render_recap(meetup, format="html", lang=lang)
            clean = render.render_recap(CLEAN, format="html", lang=lang)
            parts = _html_parts(document)
            clean_parts = _html_parts(clean)
            assert parts.tags == clean_parts.tags
            assert [a for a, _ in parts.attributes] == [
                a for a, _ in clean_parts.attributes
            ]
            assert not any(
                (value or "").lower().startswith("javascript:")
                for _, value in parts.attributes
            )
            assert (
                "49" not in document.replace(clean.replace("harmlos", ""), "")
                or "7*7" in document
            )

    @pytest.mark.skipif(
        not hasattr(render, "render_recap"), reason="no render_recap yet"
    )
    @pytest.mark.parametrize("text", INJECTIONS)
    def test_markdown(self, text):
        """Markdown output, read by CommonMark, adds no element or link."""
        markdown_it = pytest.importorskip("markdown_it")
        reader = markdown_it.MarkdownIt("commonmark")
        # Let every link through, so that a javascript: link would show.
        reader.validateLink = lambda url: True
        meetup = hostile_meetup(text)
        for lang in ("de", "en"):
            document = render.render_recap(
                meetup, format="markdown", lang=lang
            )
            clean = render.render_recap(CLEAN, format="markdown", lang=lang)
            parts = _html_parts(reader.render(document))
            clean_parts = _html_parts(reader.render(clean))
            assert parts.tags == clean_parts.tags, document
            assert parts.attributes == clean_parts.attributes
            assert "7*7" not in text or "{{ 7*7 }}" in "".join(parts.text)


def _all_outputs(obj: Series | Meetup, audience: Audience) -> dict[str, str]:
    """Return every output meetupkit makes for people, for *audience*."""
    outputs: dict[str, str] = {}
    if ical is not None:
        outputs["ical"] = ical.to_ical(
            obj, audience=audience, dtstamp=STAMP, attendees=True
        ).decode("utf-8")
        # Unfold and unescape so that a folded or escaped name is found too.
        outputs["ical"] = (
            outputs["ical"]
            .replace("\r\n ", "")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\")
        )
    if jsonld is not None:
        outputs["jsonld"] = json.dumps(
            jsonld.to_jsonld(obj, audience=audience), ensure_ascii=False
        )
    meetups = (
        obj.meetups(obj.start, obj.start + timedelta(days=400))
        if (isinstance(obj, Series))
        else [obj]
    )
    for meetup in meetups[:3]:
        for name in ("render_recap", "render_invitation"):
            func = getattr(render, name, None)
            if func is None:
                continue
            for fmt in ("markdown", "html"):
                try:
                    outputs[f"{name}-{fmt}-{meetup.number}"] = func(
                        meetup, format=fmt, lang="en", audience=audience
                    )
                except (TypeError, MeetupkitError):
                    continue
    return outputs


_SECRET = st.from_regex(r"[A-Z][a-z]{6,10}[0-9]{4}", fullmatch=True)


@st.composite
def _people(draw):
    """Participants with unique, recognisable names, emails and links."""
    count = draw(st.integers(1, 4))
    secrets = draw(
        st.lists(
            _SECRET, min_size=count, max_size=count, unique_by=str.lower
        ).filter(
            # One secret inside another (Aaaaaaa0000 in Aaaaaaaa0000) would
            # be found in the released data of the other person.
            lambda found: (
                not any(
                    a.lower() in b.lower()
                    for a in found
                    for b in found
                    if a != b
                )
            )
        )
    )
    return tuple(
        Participant(
            name=f"Person {secret}",
            email=f"{secret.lower()}@mail.example",
            links=(f"https://profiles.example/{secret}",),
            industry="Versicherungswesen",
            consent=draw(strategies.consents()),
        )
        for secret in secrets
    )


class TestPrivacy:
    """No output shows what a participant did not release to its audience."""

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=25)
    @given(_people(), st.sampled_from(list(Audience)))
    def test_no_unreleased_data_in_any_output(self, people, audience):
        """Names, emails and links appear only where consent allows."""
        somewi = Series.example()
        series = somewi.override(somewi.start, participants=people)
        series = attrs.evolve(series, organizers=people[:1])
        outputs = _all_outputs(series, audience)
        outputs.update(_all_outputs(series.meetup(1), audience))
        for person in people:
            secret = person.name.removeprefix("Person ")
            name_ok = person.consent.name.allows(audience)
            mail_ok = name_ok and person.consent.contact.allows(audience)
            for kind, text in outputs.items():
                if not name_ok:
                    assert secret not in text, (kind, audience, person.consent)
                if not mail_ok:
                    assert person.email not in text, (kind, audience)
                    assert secret.lower() not in text, (kind, audience)

    @pytest.mark.skipif(ical is None, reason="meetupkit.ical is not there")
    def test_ical_email_needs_the_name(self):
        """An email is not exported when the name is not released."""
        person = Participant(
            name="Person Verborgen0001",
            email="verborgen0001@mail.example",
            consent=Consent(name="members", contact="public"),
        )
        somewi = Series.example()
        series = somewi.override(somewi.start, participants=(person,))
        feed = ical.to_ical(
            series, audience=Audience.PUBLIC, dtstamp=STAMP, attendees=True
        )
        assert b"verborgen0001" not in feed

    def test_private_consent_releases_nothing_to_organizers(self):
        """A private participant is invisible even to organizers."""
        marker = "Geheimnis4711"
        person = Participant(
            name=f"Person {marker}",
            email="geheim@mail.example",
            consent=Consent(
                name=Visibility.PRIVATE,
                contact=Visibility.PRIVATE,
                background=Visibility.PRIVATE,
            ),
        )
        somewi = Series.example()
        series = somewi.override(somewi.start, participants=(person,))
        for text in _all_outputs(series, Audience.ORGANIZERS).values():
            assert marker not in text
            assert "geheim@" not in text
