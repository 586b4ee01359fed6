"""Tests for meetupkit.render: recaps and invitations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import attrs
import html5lib
import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from meetupkit import (
    Consent,
    InvalidTypeError,
    InvalidValueError,
    Meetup,
    Participant,
    Photo,
    Recap,
    RecapSection,
    Recurrence,
    Series,
    TopicWish,
    strategies,
)
from meetupkit.render import TEMPLATES, render_invitation, render_recap
from somewi_data import BERLIN, KICKOFF, kickoff, somewi_series

Golden = Callable[[str, bytes | str], None]
HTML_NS = "{http://www.w3.org/1999/xhtml}"
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[klick](https://evil.example/)",
    "![bild](https://evil.example/x.png)",
    "<https://evil.example/>",
    "&lt;b&gt; &amp; www.evil.example",
    "# Überschrift",
    "1. Liste",
    "- Liste",
    "`code` *stark* _kursiv_ ~~weg~~",
)


def parse_html(text: str) -> list[object]:
    """Parse an HTML fragment strictly, failing on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return list(parser.parseFragment(text))


def tags(text: str) -> set[str]:
    """The element names in an HTML fragment."""
    names = set()
    for element in parse_html(text):
        for node in element.iter():  # type: ignore[attr-defined]
            if isinstance(node.tag, str):
                names.add(node.tag.removeprefix(HTML_NS))
    return names


def text_of(text: str) -> str:
    """All text of an HTML fragment, entities decoded."""
    return "".join(
        "".join(element.itertext())  # type: ignore[attr-defined]
        for element in parse_html(text)
    )


def markdown_tokens(text: str) -> list[object]:
    """All CommonMark tokens of *text*, inline children included."""
    result = []
    for token in MarkdownIt("commonmark").parse(text):
        result.append(token)
        result.extend(token.children or ())
    return result


def literal_texts(text: str) -> set[str]:
    """The plain text of every inline run (paragraph, item, heading)."""
    return {
        "".join(
            child.content
            for child in token.children or ()
            if child.type == "text"
        )
        for token in MarkdownIt("commonmark").parse(text)
        if token.type == "inline"
    }


def link_targets(text: str) -> set[str]:
    """Every link and image target in CommonMark *text*."""
    targets = set()
    for token in markdown_tokens(text):
        if token.type in {"link_open", "image"}:  # type: ignore[attr-defined]
            key = "href" if token.type == "link_open" else "src"  # type: ignore[attr-defined]
            targets.add(str(token.attrs[key]))  # type: ignore[attr-defined]
    return targets


ALLOWED_HTML = {
    "article", "header", "h1", "h2", "h3", "p", "time", "span", "strong",
    "section", "ul", "li", "figure", "img", "figcaption", "small", "a",
    "data", "dl", "dt", "dd",
}  # fmt: skip


def _invitation_file(kind: str, lang: str, fmt: str) -> str:
    """The golden file of an invitation of *kind* in *lang* and *fmt*."""
    if fmt == "html":
        return f"html/somewi-{kind}-{lang}.html"
    suffix = "md" if fmt == "markdown" else "txt"
    return f"markdown/somewi-{kind}-{lang}.{suffix}"


class TestGolden:
    """The #SoMeWI kickoff recap, compared byte for byte."""

    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_markdown(self, golden: Golden, lang: str) -> None:
        """The Markdown recap matches its golden file."""
        text = render_recap(
            kickoff(lang), series=somewi_series(lang), lang=lang
        )
        golden(f"markdown/somewi-kickoff-{lang}.md", text)

    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_html(self, golden: Golden, lang: str) -> None:
        """The HTML recap matches its golden file."""
        text = render_recap(
            kickoff(lang),
            series=somewi_series(lang),
            lang=lang,
            format="html",
        )
        golden(f"html/somewi-kickoff-{lang}.html", text)

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_invitation(self, golden: Golden, fmt: str) -> None:
        """The invitation to the November meeting matches its golden file."""
        series = somewi_series()
        november = series.meetup(2)
        text = render_invitation(november, series=series, format=fmt)  # type: ignore[arg-type]
        golden(_invitation_file("invitation", "de", fmt), text)


class TestRecapContent:
    """What a recap says."""

    def test_sections_questions_and_thanks(self) -> None:
        """Headings, questions and thanks of the recap are all printed."""
        text = render_recap(kickoff(), series=somewi_series())
        recap = kickoff().recap
        assert recap is not None
        for section in recap.sections:
            assert f"## {section.heading}\n" in text
        for question in recap.questions:
            assert f"- {question}\n" in text
        assert "Dominik Hoffmann, der uns „Adelheid“" in text

    def test_outlook_names_next_meeting_in_reader_language(self) -> None:
        """The outlook gives the next meeting's date in German or English."""
        de = render_recap(kickoff(), series=somewi_series())
        en = render_recap(kickoff("en"), series=somewi_series("en"), lang="en")
        assert "Mittwoch, 19. November 2014, 19:00–21:00 Uhr" in de
        assert "Wednesday, November 19, 2014" in en

    def test_outlook_lists_planned_topics(self) -> None:
        """The topics planned for the next meeting appear in the outlook."""
        text = render_recap(kickoff(), series=somewi_series())
        outlook = text.split("## Ausblick")[1]
        assert "- Wie bereitet man sich auf einen Shitstorm vor?" in outlook
        assert "- Social Media und Recht" in outlook
        assert "Coworking" not in outlook

    def test_outlook_skips_cancelled_meeting(self) -> None:
        """A cancelled next meeting is skipped; the one after is named."""
        series = somewi_series().cancel(
            datetime(2014, 11, 19, 19, tzinfo=BERLIN), reason="Krank"
        )
        text = render_recap(series.meetup(1), series=series)
        assert "14. Januar 2015" in text
        assert "19. November" not in text

    def test_trades_are_counts_not_names(self) -> None:
        """The public sees the mix of trades as counts and no hidden name."""
        text = render_recap(kickoff(), series=somewi_series())
        assert "- Verlagswesen: 2\n" in text
        assert "- Einsteiger: 2\n" in text
        assert "10 Personen waren dabei." in text
        assert "Jonas Keller" not in text
        assert "Dominik Hoffmann" in text

    def test_members_see_member_names(self) -> None:
        """Names released to members appear for members, not the public."""
        text = render_recap(kickoff(), audience="members")
        assert "Jonas Keller" in text
        assert "jonas@example.org" not in text

    def test_meetup_without_recap(self) -> None:
        """A meetup without recap still gets a title, date and outlook."""
        series = Series.example()
        text = render_recap(series.meetup(1), series=series, lang="en")
        assert text.startswith("# #SoMeWI Stammtisch\n")
        assert "Next meeting" in text

    def test_recap_of_cancelled_meeting_gives_notice_and_reason(self) -> None:
        """A cancelled meeting's recap says when it would have been and why."""
        cancelled = Series.example().cancel(NOVEMBER, reason="Krank")
        text = render_recap(cancelled.meetup(2))
        assert (
            "**Abgesagt:** Das Treffen am Mittwoch, 19. November 2014,"
            " 19:00–21:00 Uhr fällt aus." in text
        )
        assert "**Grund:** Krank" in text

    def test_ends_with_one_newline(self) -> None:
        """Every output ends with exactly one newline."""
        for fmt in ("markdown", "html"):
            text = render_recap(kickoff(), format=fmt)  # type: ignore[arg-type]
            assert text.endswith("\n")
            assert not text.endswith("\n\n")


NOVEMBER = datetime(2014, 11, 19, 19, tzinfo=BERLIN)


def _cancelled_november() -> Series:
    return somewi_series().cancel(NOVEMBER, reason="Feiertage")


def _moved_november() -> Series:
    return somewi_series().move(NOVEMBER, to=NOVEMBER + timedelta(days=1))


class TestNotices:
    """Cancelled and moved meetings are announced as such."""

    @pytest.mark.parametrize("lang", ["de", "en"])
    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_cancellation_notice_golden(
        self, golden: Golden, lang: str, fmt: str
    ) -> None:
        """The notice of a cancelled meeting matches its golden file."""
        series = _cancelled_november()
        text = render_invitation(series.meetup(2), series=series, lang=lang,
                                 format=fmt)  # type: ignore[arg-type]  # fmt: skip
        golden(_invitation_file("cancelled", lang, fmt), text)

    @pytest.mark.parametrize("lang", ["de", "en"])
    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_moved_invitation_golden(
        self, golden: Golden, lang: str, fmt: str
    ) -> None:
        """The invitation to a moved meeting matches its golden file."""
        series = _moved_november()
        text = render_invitation(series.meetup(2), series=series, lang=lang,
                                 format=fmt)  # type: ignore[arg-type]  # fmt: skip
        golden(_invitation_file("moved", lang, fmt), text)

    @pytest.mark.parametrize("lang", ["de", "en"])
    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    def test_cancelled_recap_golden(
        self, golden: Golden, lang: str, fmt: str
    ) -> None:
        """A recap of a cancelled meeting matches its golden file."""
        series = _cancelled_november()
        text = render_recap(series.meetup(2), series=series, lang=lang,
                            format=fmt)  # type: ignore[arg-type]  # fmt: skip
        folder, suffix = (
            ("html", "html") if fmt == "html" else ("markdown", "md")
        )
        golden(f"{folder}/somewi-cancelled-recap-{lang}.{suffix}", text)

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    def test_cancelled_invitation_does_not_invite(self, fmt: str) -> None:
        """A cancelled meeting is not announced with an invitation or place."""
        series = _cancelled_november()
        text = render_invitation(series.meetup(2), series=series,
                                 format=fmt)  # type: ignore[arg-type]  # fmt: skip
        assert "Herzliche Einladung" not in text
        assert "Wann:" not in text
        assert "Wo:" not in text
        assert "Social Media und Recht" not in text  # planned for November
        assert "Mittwoch, 19. November 2014, 19:00–21:00 Uhr fällt aus" in text
        assert "Feiertage" in text
        assert "Nächstes Treffen" in text
        assert "14. Januar 2015" in text

    def test_cancelled_notice_without_series_names_no_next(self) -> None:
        """Without the series, a notice says what was cancelled, not what follows."""
        meetup = _cancelled_november().meetup(2)
        text = render_invitation(meetup, lang="en")
        assert "will not take place" in text
        assert "Next meeting" not in text

    def test_moved_meeting_says_from_when_to_when(self) -> None:
        """A moved meeting's invitation names the old and the new date."""
        series = _moved_november()
        text = render_invitation(series.meetup(2), series=series, lang="en")
        assert (
            "Moved: The meeting of Wednesday, November 19, 2014, 7:00 – 9:00 PM"
            " takes place on Thursday, November 20, 2014, 7:00 – 9:00 PM"
            " instead."
        ) in text
        assert "When: Thursday, November 20, 2014" in text


class TestHtml:
    """HTML output is well-formed, semantic and escaped."""

    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_parses_strictly_and_is_semantic(self, lang: str) -> None:
        """The recap parses without error and uses semantic elements."""
        text = render_recap(kickoff(lang), format="html", lang=lang)
        found = tags(text)
        assert {"article", "h1", "h2", "time", "figure", "figcaption"} <= found
        assert 'datetime="2014-09-24T19:00:00+02:00"' in text

    def test_script_name_renders_as_text(self) -> None:
        """A participant named <script> is shown as text, not as a script."""
        evil = Participant(name="<script>alert(1)</script>", roles=("host",),
                           consent=Consent(name="public"))  # fmt: skip
        meetup = attrs.evolve(kickoff(), participants=(evil,))
        text = render_recap(meetup, format="html")
        assert "script" not in tags(text)
        assert "<script>alert(1)</script>" in text_of(text)
        assert "&lt;script&gt;" in text

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_every_field_is_escaped(self, payload: str) -> None:
        """Markup in any text field stays text in HTML."""
        meetup = _everywhere(payload)
        text = render_recap(meetup, format="html", series=None)
        assert tags(text) <= ALLOWED_HTML
        assert "script" not in tags(text)
        assert payload in text_of(text)
        images = [
            node
            for element in parse_html(text)
            for node in element.iter()  # type: ignore[attr-defined]
            if node.tag == f"{HTML_NS}img"
        ]
        assert all(img.get("src").startswith("https://some") for img in images)

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_invitation_is_escaped(self, payload: str) -> None:
        """Markup in any field of an HTML invitation stays text."""
        meetup = attrs.evolve(
            _everywhere(payload), status="scheduled", description=payload
        )
        text = render_invitation(meetup, format="html")
        assert tags(text) <= ALLOWED_HTML
        assert payload in text_of(text)
        series = _cancelled_november()
        notice = render_invitation(series.meetup(2), series=series,
                                   format="html")  # fmt: skip
        assert tags(notice) <= ALLOWED_HTML

    @given(strategies.meetups())
    def test_generated_meetups_parse(self, meetup: Meetup) -> None:
        """Any meetup renders to HTML that parses and has only our tags."""
        meetup = _release_all(meetup)
        text = render_recap(meetup, format="html", lang="en")
        assert tags(text) <= ALLOWED_HTML


class TestMarkdown:
    """Markdown output escapes user text."""

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_every_field_is_escaped(self, payload: str) -> None:
        """Markup in any text field creates no link, image or HTML."""
        text = render_recap(_everywhere(payload))
        types = {t.type for t in markdown_tokens(text)}  # type: ignore[attr-defined]
        assert not types & {"html_inline", "html_block", "code_inline"}
        assert link_targets(text) == {"https://some-netzwerk.example/p.jpg"}
        assert payload in literal_texts(text)

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_invitation_is_escaped(self, payload: str) -> None:
        """Markup in a title or topic creates no link or HTML in an invitation."""
        meetup = attrs.evolve(
            _everywhere(payload), title=payload, description=payload
        )
        text = render_invitation(meetup, format="markdown")
        types = {t.type for t in markdown_tokens(text)}  # type: ignore[attr-defined]
        assert not types & {"html_inline", "html_block", "link_open", "image"}
        assert payload.split(maxsplit=1)[0] in render_invitation(meetup)

    @given(strategies.meetups())
    def test_links_only_to_model_urls(self, meetup: Meetup) -> None:
        """Every link in a generated recap points to a URL of the model."""
        meetup = _release_all(meetup)
        text = render_recap(meetup, lang="en")
        known = {meetup.url} | {
            link for person in meetup.participants for link in person.links
        }
        if meetup.recap is not None:
            known |= {
                photo.url
                for section in meetup.recap.sections
                for photo in section.photos
            }
        assert link_targets(text) <= known
        types = {t.type for t in markdown_tokens(text)}  # type: ignore[attr-defined]
        assert not types & {"html_inline", "html_block"}


class TestTemplates:
    """Users can replace templates without forking."""

    def test_directory_overrides_one_template(self, tmp_path: Path) -> None:
        """A template in the user's directory replaces the built-in one."""
        (tmp_path / TEMPLATES["recap", "markdown"]).write_text(
            "{{ title }} / {{ meetup.when }}\n", encoding="utf-8"
        )
        text = render_recap(kickoff(), templates=tmp_path)
        assert text == (
            "Rückblick: das erste \\#SoMeWI / Mittwoch, 24. September 2014,"
            " 19:00–21:00 Uhr\n"
        ).replace("\\#", "#")
        html = render_recap(kickoff(), templates=tmp_path, format="html")
        assert html.startswith("<article")

    def test_loader_can_extend_builtin(self) -> None:
        """A jinja2 loader may extend the built-in template."""
        loader = jinja2.DictLoader(
            {"invitation.txt.jinja": "{{ t.when }}: {{ meetup.when }}\n"}
        )
        text = render_invitation(Series.example().meetup(2), templates=loader)
        assert text == "Wann: Mittwoch, 19. November 2014, 19:00–21:00 Uhr\n"

    def test_markdown_escaping_applies_to_user_templates(self) -> None:
        """User templates for Markdown escape values too."""
        loader = jinja2.DictLoader({"recap.md.jinja": "{{ title }}\n"})
        meetup = attrs.evolve(
            kickoff(), recap=Recap(title="[x](https://evil.example/)")
        )
        text = render_recap(meetup, templates=loader)
        assert link_targets(text) == set()

    def test_broken_template_raises(self) -> None:
        """A template error becomes an InvalidValueError naming templates."""
        loader = jinja2.DictLoader({"recap.md.jinja": "{{ nothing.here }}"})
        with pytest.raises(InvalidValueError, match="templates"):
            render_recap(kickoff(), templates=loader)

    def test_bad_templates_type(self) -> None:
        """Templates must be a path or a loader."""
        with pytest.raises(InvalidTypeError, match="templates"):
            render_recap(kickoff(), templates=42)  # type: ignore[arg-type]


class TestArguments:
    """Bad arguments give clear errors."""

    def test_unknown_format(self) -> None:
        """A format the function does not offer names the choices."""
        with pytest.raises(InvalidValueError, match="markdown, html"):
            render_recap(kickoff(), format="pdf")  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="text, markdown, html"):
            render_invitation(kickoff(), format="pdf")  # type: ignore[arg-type]

    def test_unknown_language_and_audience(self) -> None:
        """Unsupported languages and audiences are refused."""
        with pytest.raises(InvalidValueError, match="lang"):
            render_recap(kickoff(), lang="fr")
        with pytest.raises(InvalidValueError, match="audience"):
            render_recap(kickoff(), audience="everyone")

    def test_wrong_types(self) -> None:
        """A non-meetup or non-series is refused."""
        with pytest.raises(InvalidTypeError, match="meetup"):
            render_recap(Series.example())  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="series"):
            render_invitation(kickoff(), series=kickoff())  # type: ignore[arg-type]


class TestInvitation:
    """What an invitation says."""

    def test_what_when_where_topics_signup(self) -> None:
        """The invitation has date, place, map, topics and the sign-up note."""
        series = somewi_series()
        text = render_invitation(series.meetup(2), series=series)
        assert "Wann: Mittwoch, 19. November 2014, 19:00–21:00 Uhr" in text
        assert "Raum Adelheid, Karlstraße 22, 65185 Wiesbaden" in text
        assert "openstreetmap.org/?mlat=50.07820" in text
        assert "- Social Media und Recht" in text
        assert "über XING" in text

    def test_signup_link_of_the_series(self) -> None:
        """The series' invitation link is the sign-up link."""
        series = attrs.evolve(
            Series.example(), invitation_url="https://www.xing.example/e/1"
        )
        text = render_invitation(series.meetup(2), series=series, lang="en")
        assert "Sign up on XING: https://www.xing.example/e/1" in text

    def test_room_directions_and_hosts(self) -> None:
        """Floor, directions and released hosts appear; hidden ones do not."""
        series = Series.example()
        assert series.venue is not None
        room = attrs.evolve(series.room, floor="1. OG", directions="Treppe")
        venue = attrs.evolve(series.venue, rooms=(room,))
        host = Participant(name="Dominik Hoffmann", roles=("host",),
                           consent=Consent(name="public"))  # fmt: skip
        hidden = Participant(name="Geheim", roles=("speaker",))
        meetup = attrs.evolve(series.meetup(2), venue=venue, room=room,
                              participants=(host, hidden))  # fmt: skip
        text = render_invitation(meetup, format="markdown")
        assert "**Etage:** 1\\. OG" in text
        assert "- Dominik Hoffmann (Gastgeber)" in text
        assert "Geheim" not in text


def _everywhere(payload: str) -> Meetup:
    """The kickoff with *payload* in every text field a recap prints."""
    person = Participant(
        name=payload,
        industry=payload,
        roles=("speaker",),
        consent=Consent(name="public", background="public"),
    )
    section = RecapSection(
        heading=payload,
        paragraphs=(payload,),
        bullets=(payload,),
        photos=(
            Photo(
                url="https://some-netzwerk.example/p.jpg",
                caption=payload,
                alt=payload,
                credit=payload,
            ),
        ),
    )
    recap = Recap(
        title=payload,
        author=payload,
        lead=payload,
        sections=(section,),
        questions=(payload,),
        outcomes=(payload,),
        thanks=(payload,),
        outlook=payload,
    )
    return Meetup(
        title=payload,
        start=KICKOFF,
        duration=timedelta(hours=2),
        participants=(person,),
        topics=(TopicWish(title=payload),),
        recap=recap,
        status="cancelled",
        status_reason=payload,
    )


def _release_all(meetup: Meetup) -> Meetup:
    """*meetup* with every participant's data released to the public."""
    consent = Consent(name="public", contact="public", background="public")
    return attrs.evolve(
        meetup,
        participants=[
            attrs.evolve(person, consent=consent)
            for person in meetup.participants
        ],
    )


@settings(max_examples=15)
@given(st.sampled_from(["de", "en"]), strategies.series())
def test_series_meetups_render(lang: str, series: Series) -> None:
    """The first meetings of a generated series render in both formats."""
    for meetup in series.meetups(series.start, series.start + timedelta(60))[
        :2
    ]:
        for fmt in ("markdown", "html"):
            assert render_recap(meetup, series=series, lang=lang, format=fmt)  # type: ignore[arg-type]
        assert render_invitation(meetup, series=series, lang=lang)


def _edited(edits: int) -> Series:
    """The #SoMeWI series meeting daily, with *edits* meetings cancelled."""
    series = attrs.evolve(
        somewi_series(), recurrence=Recurrence.parse("FREQ=DAILY")
    )
    for day in range(10, 10 + edits):
        series = series.cancel(series.meetup(day + 1).start)
    return series


class TestOneMeetingCost:
    """Rendering one meeting of a series works on that meeting, not the series."""

    @given(
        strategies.series(),
        st.integers(0, 3 * 366),
        st.sampled_from(["public", "members", "organizers"]),
    )
    @settings(max_examples=40)
    def test_next_meeting_is_the_redacted_series_next(
        self, series, days, audience
    ):
        """The next meeting a recap names is the one the redacted series gives."""
        from meetupkit.privacy import redact
        from meetupkit.render._context import _following
        from meetupkit.topics import _upcoming

        after = series.start + timedelta(days=days)
        upcoming = _upcoming(redact(series, audience), after, 1)
        expected = upcoming[0] if upcoming else None
        assert _following(series, after, audience) == expected

    def test_recap_redacts_only_meetings(self, monkeypatch):
        """A recap with a series redacts the two meetings it shows, whatever the series' edits."""
        from meetupkit import privacy

        walked: dict[int, int] = {}
        for edits in (10, 300):
            series = _edited(edits)
            meetup = series.meetup(6)
            calls = []
            walk = privacy._walk

            def counted(value, audience, calls=calls, walk=walk):
                calls.append(type(value))
                return walk(value, audience)

            monkeypatch.setattr(privacy, "_walk", counted)
            render_recap(meetup, series=series)
            monkeypatch.undo()
            assert Series not in calls
            walked[edits] = len(calls)
        assert walked[300] == walked[10]
