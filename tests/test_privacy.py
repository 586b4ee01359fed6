"""Tests for meetupkit.privacy: consent-scoped output."""

from __future__ import annotations

import json
from datetime import timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import (
    Audience,
    Consent,
    Experience,
    InvalidTypeError,
    InvalidValueError,
    Meetup,
    Participant,
    Series,
    TopicWish,
    Visibility,
    strategies,
)
from meetupkit.jsonld import to_jsonld
from meetupkit.privacy import ANONYMOUS, is_anonymous, redact, released
from meetupkit.render import render_invitation, render_recap
from somewi_data import kickoff, somewi_series


class TestRedactParticipant:
    """The rules for one participant."""

    def test_private_by_default(self) -> None:
        """A participant without consent becomes an anonymous entry."""
        person = Participant(
            name="Jonas Keller",
            email="jonas@example.org",
            industry="Verlagswesen",
            organization="Verlag",
            experience="professional",
            links=("https://www.xing.example/profile/Keller",),
            roles=("attendee",),
        )
        for audience in Audience:
            hidden = redact(person, audience)
            assert hidden.name == ANONYMOUS
            assert is_anonymous(hidden)
            assert hidden.email is None
            assert hidden.links == ()
            assert hidden.industry is None
            assert hidden.organization is None
            assert hidden.experience is None
            assert hidden.roles == person.roles

    def test_background_without_name(self) -> None:
        """A released background stays on the anonymous entry for counts."""
        person = Participant(
            name="Timo Berg",
            industry="Versicherungswesen",
            experience=Experience.NEWCOMER,
            consent=Consent(background="public"),
        )
        hidden = redact(person, "public")
        assert hidden.name == ANONYMOUS
        assert hidden.industry == "Versicherungswesen"

    def test_email_needs_name(self) -> None:
        """An email is hidden when the name is, even if contact is released."""
        person = Participant(
            name="Lea Brandt",
            email="lea@example.org",
            consent=Consent(name="organizers", contact="public"),
        )
        assert redact(person, "members").email is None
        assert redact(person, "organizers").email == "lea@example.org"

    @pytest.mark.parametrize("visibility", list(Visibility))
    def test_audience_order(self, visibility: Visibility) -> None:
        """Each audience also sees what is released to the ones before it."""
        person = Participant(
            name="Nina Vogt", consent=Consent(name=visibility)
        )
        shown = [
            redact(person, audience).name == "Nina Vogt"
            for audience in Audience
        ]
        assert shown == [visibility.allows(a) for a in Audience]
        assert shown == sorted(shown)

    def test_unchanged_object_is_returned(self) -> None:
        """Nothing to hide returns the same object."""
        person = Participant(
            name="Dominik Hoffmann",
            consent=Consent(
                name="public", contact="public", background="public"
            ),
        )
        assert redact(person, "public") is person


class TestRedactWishes:
    """Voters and proposers are personal identifiers."""

    def test_only_organizers_see_voters(self) -> None:
        """Voters become numbered placeholders for everyone but organizers."""
        wish = TopicWish(title="Recht", proposed_by="Mara", voters=("a", "b"))
        public = redact(wish, "members")
        assert public.proposed_by is None
        assert public.voters == ("voter-1", "voter-2")
        assert redact(wish, "organizers") is wish

    def test_series_backlog(self) -> None:
        """Wishes inside a series are redacted too."""
        series = attrs.evolve(
            Series.example(), topics=(TopicWish(title="x", voters=("anna",)),)
        )
        assert redact(series).topics[0].voters == ("voter-1",)


class TestRedactObjects:
    """redact works on any model object."""

    def test_meetup_and_series(self) -> None:
        """Participants inside meetups, overrides and series are redacted."""
        series = somewi_series()
        public = redact(series, "public")
        people = public.meetup(1).participants
        assert len(people) == 10
        assert [p.name for p in people if not is_anonymous(p)] == [
            "Dominik Hoffmann"
        ]

    def test_wrong_type_and_audience(self) -> None:
        """Non-model objects and unknown audiences are refused."""
        with pytest.raises(InvalidTypeError, match="obj"):
            redact({"name": "x"})  # type: ignore[type-var]
        with pytest.raises(InvalidTypeError, match="cannot redact an int"):
            redact(1)  # type: ignore[type-var]
        with pytest.raises(InvalidValueError, match="audience"):
            redact(kickoff(), "world")

    def test_released_checks_group(self) -> None:
        """released() names the valid groups."""
        with pytest.raises(InvalidValueError, match="background"):
            released(Participant(name="x"), "phone", "public")


# -- the property: nothing unreleased leaves the library -------------------

MARK = "Qzx"


@st.composite
def marked_people(
    draw: st.DrawFn, prefix: str = MARK
) -> tuple[Participant, ...]:
    """Participants whose every datum is a unique, searchable token."""
    count = draw(st.integers(1, 4))
    return tuple(
        Participant(
            name=f"{prefix}name{i}x",
            email=f"{prefix.lower()}mail{i}x@example.org",
            links=(f"https://example.org/{prefix}link{i}x",),
            industry=f"{prefix}trade{i}x",
            organization=f"{prefix}org{i}x",
            roles=draw(
                st.lists(
                    st.sampled_from(["organizer", "host", "speaker"]),
                    unique=True,
                    max_size=2,
                )
            ),
            consent=draw(strategies.consents()),
        )
        for i in range(count)
    )


def leaks(person: Participant, audience: Audience, text: str) -> list[str]:
    """What of *person* appears in *text* although it is not released."""
    found = []
    name = person.consent.name.allows(audience)
    contact = name and person.consent.contact.allows(audience)
    background = person.consent.background.allows(audience)
    if not name:
        found += [v for v in (person.name, *person.links) if v in text]
    if not contact:
        found += [v for v in (person.email or "",) if v and v in text]
    if not background:
        found += [
            v
            for v in (person.industry, person.organization)
            if v and v in text
        ]
    return found


def outputs(meetup: Meetup, series: Series | None, audience: Audience) -> str:
    """Everything meetupkit writes about *meetup* for *audience*."""
    parts = [
        render_recap(
            meetup, format=fmt, lang=lang, audience=audience, series=series
        )  # type: ignore[arg-type]
        for fmt in ("markdown", "html")
        for lang in ("de", "en")
    ]
    parts += [
        render_invitation(meetup, format=fmt, audience=audience, series=series)  # type: ignore[arg-type]
        for fmt in ("text", "markdown")
    ]
    parts.append(
        json.dumps(to_jsonld(meetup, audience=audience), ensure_ascii=False)
    )
    parts.append(repr(redact(meetup, audience)))
    if series is not None:
        doc = to_jsonld(
            series,
            audience=audience,
            start=meetup.start,
            end=meetup.start + timedelta(days=1),
        )
        parts.append(json.dumps(doc, ensure_ascii=False))
        parts.append(repr(redact(series, audience)))
    return "\n".join(parts)


class TestNothingUnreleasedLeaves:
    """No name, email or link a participant did not release appears."""

    @settings(max_examples=40)
    @given(strategies.meetups(), marked_people())
    def test_meetups(
        self, meetup: Meetup, people: tuple[Participant, ...]
    ) -> None:
        """For generated meetups and every audience, nothing unreleased leaks."""
        meetup = attrs.evolve(meetup, participants=people)
        for audience in Audience:
            text = outputs(meetup, None, audience)
            for person in people:
                assert leaks(person, audience, text) == []

    @settings(max_examples=20)
    @given(
        strategies.series(overrides=False),
        marked_people("Qzo"),
        marked_people(),
    )
    def test_series(
        self,
        series: Series,
        organizers: tuple[Participant, ...],
        present: tuple[Participant, ...],
    ) -> None:
        """Organizers and participants of a series' meeting never leak."""
        series = attrs.evolve(series, organizers=organizers)
        first = series.meetups(
            series.start, series.start + timedelta(seconds=1)
        )
        if not first:
            return
        series = series.override(
            first[0].recurrence_id or first[0].start, participants=present
        )
        meetup = series.meetups(
            series.start, series.start + timedelta(seconds=1)
        )[0]
        for audience in Audience:
            text = outputs(meetup, series, audience)
            for person in (*organizers, *present):
                assert leaks(person, audience, text) == []

    def test_released_data_does_appear(self) -> None:
        """Data released to the audience is shown, so the check is real."""
        person = Participant(
            name=f"{MARK}name0x",
            email="qzxmail0x@example.org",
            industry=f"{MARK}trade0x",
            consent=Consent(
                name="public", contact="public", background="public"
            ),
        )
        meetup = attrs.evolve(kickoff(), participants=(person,))
        recap = render_recap(meetup)
        assert person.name in recap
        assert f"{MARK}trade0x" in recap
        doc = json.dumps(to_jsonld(meetup))
        assert "qzxmail0x@example.org" in doc


@settings(max_examples=30)
@given(strategies.meetups(), st.sampled_from(list(Audience)))
def test_redact_is_idempotent(meetup: Meetup, audience: Audience) -> None:
    """Redacting twice gives the same result as once."""
    once = redact(meetup, audience)
    assert redact(once, audience) == once
