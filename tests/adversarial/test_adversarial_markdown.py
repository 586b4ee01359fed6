"""Markdown injection: user text stays text under CommonMark and GFM.

Recaps and invitations are read by CommonMark renderers (markdown-it-py)
and by GitHub Flavored Markdown (cmark-gfm, as on GitHub and GitLab), whose
extensions add autolinks, strikethrough, tables and footnotes.  Whatever
text a user puts into any field, both renderers must show it as that text,
with no element, link, image or autolink that meetupkit did not write.
"""

from __future__ import annotations

import html.parser
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import (
    Address,
    Consent,
    Geo,
    Meetup,
    Participant,
    Photo,
    Recap,
    RecapSection,
    Recurrence,
    Room,
    Series,
    TopicWish,
    Venue,
)
from meetupkit.render import render_invitation, render_recap

cmarkgfm = pytest.importorskip("cmarkgfm")
markdown_it = pytest.importorskip("markdown_it")

BERLIN = ZoneInfo("Europe/Berlin")
KICKOFF = datetime(2014, 9, 24, 19, tzinfo=BERLIN)
NOVEMBER = KICKOFF + timedelta(weeks=8)
JANUARY = NOVEMBER + timedelta(weeks=8)
PHOTO = "https://some-netzwerk.example/runde.jpg"

#: Every text field a recap or an invitation prints.
FIELDS: Final = (
    "series_title", "series_description", "channel", "venue", "street",
    "city", "room", "floor", "directions", "person", "industry",
    "organization", "topic", "recap_title", "author", "lead", "heading",
    "paragraph", "bullet", "caption", "alt", "credit", "question",
    "outcome", "thanks", "outlook", "reason",
)  # fmt: skip

#: What meetupkit's own Markdown may become.
ALLOWED_TAGS: Final = {"h1", "h2", "p", "ul", "li", "em", "strong", "a", "img"}

#: Attacks found by hand: GFM autolinks swallowing an escape, emphasis and
#: strikethrough next to autolinks, heading closers, footnotes, tables.
KNOWN: Final = (
    "_www.evil.example<img src=x onerror=alert(1)>",
    "*www.evil.example<img src=x onerror=alert(1)>",
    "~~www.evil.example<img src=x onerror=alert(1)>~~",
    "(www.evil.example<b>x</b>",
    "_https://evil.example<img src=x onerror=alert(1)>",
    "C# vs. F #",
    "# Überschrift #",
    "^1 Fußnote",
    "[^1] und [^1]: https://evil.example",
    "a | b | c",
    "x@evil.example<b>x</b> mailto:x@evil.example xmpp:x@evil.example",
    "&amp; &#60;b&#62; &copy;",
    "- Liste",
    "+ Liste",
    "> Zitat",
    "12. Treffen",
    "1) Treffen",
    "---",
    "===",
    "```",
    "~~~",
    "<!-- Kommentar -->",
    "<div>Block</div>",
    "\\",
    "[x]: https://evil.example",
    "- [ ] Aufgabe",
)


def _text(field: str, text: str, name: str) -> str:
    return text if field == name else f"harmlos {name}"


def hostile(field: str, text: str) -> tuple[Series, Meetup]:
    """The #SoMeWI series with *text* in *field* and plain words elsewhere."""

    def value(name: str) -> str:
        return _text(field, text, name)

    room = Room(
        name=value("room"),
        floor=value("floor"),
        directions=value("directions"),
    )
    venue = Venue(
        name=value("venue"),
        address=Address(street=value("street"), city=value("city")),
        geo=Geo(lat=50.0782, lon=8.2398),
        url="https://heimathafen.example/",
        rooms=(room,),
    )
    person = Participant(
        name=value("person"),
        roles=("host",),
        industry=value("industry"),
        organization=value("organization"),
        links=("https://www.xing.example/profile/gast",),
        consent=Consent(name="public", background="public"),
    )
    recap = Recap(
        title=value("recap_title"),
        author=value("author"),
        lead=value("lead"),
        sections=(
            RecapSection(
                heading=value("heading"),
                paragraphs=(value("paragraph"),),
                bullets=(value("bullet"),),
                photos=(
                    Photo(
                        url=PHOTO,
                        caption=value("caption"),
                        alt=value("alt"),
                        credit=value("credit"),
                    ),
                ),
            ),
        ),
        questions=(value("question"),),
        outcomes=(value("outcome"),),
        thanks=(value("thanks"),),
        outlook=value("outlook"),
    )
    series = Series(
        title=value("series_title"),
        description=value("series_description"),
        start=KICKOFF,
        duration=timedelta(hours=2),
        recurrence=Recurrence.every(weeks=8),
        venue=venue,
        room=room,
        invitation_channel=value("channel"),
        url="https://some-netzwerk.example/somewi",
        topics=tuple(
            TopicWish(title=value("topic"), status="planned", planned_for=when)
            for when in (KICKOFF, JANUARY)
        ),
        language="de",
    )
    series = series.override(KICKOFF, participants=(person,), recap=recap)
    series = series.cancel(NOVEMBER, reason=value("reason"))
    return series, series.meetup(1)


def documents(series: Series, meetup: Meetup, lang: str) -> list[str]:
    """The Markdown recap and invitations of *meetup*, and a cancellation."""
    return [
        render_recap(meetup, series=series, lang=lang),
        render_invitation(meetup, series=series, lang=lang, format="markdown"),
        render_invitation(
            series.meetup(2), series=series, lang=lang, format="markdown"
        ),
    ]


class _Parts(html.parser.HTMLParser):
    """The tags, links and text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.targets: list[str] = []
        self.attributes: set[str] = set()
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        self.tags.append(tag)
        for key, val in attrs:
            self.attributes.add(key)
            if key in {"href", "src"}:
                self.targets.append(val or "")
            if key == "alt":
                self.text.append(f" {val} ")

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _cmark(document: str) -> str:
    options = cmarkgfm.Options.CMARK_OPT_UNSAFE  # raw HTML would show
    options |= cmarkgfm.Options.CMARK_OPT_FOOTNOTES
    html: str = cmarkgfm.github_flavored_markdown_to_html(
        document, options=options
    )
    return html


def _markdown_it(document: str) -> str:
    reader = markdown_it.MarkdownIt("commonmark").enable(
        ["table", "strikethrough"]
    )
    reader.validateLink = lambda url: True  # a javascript: link would show
    html: str = reader.render(document)
    return html


RENDERERS: Final = {"cmark-gfm": _cmark, "markdown-it-py": _markdown_it}


def parts(html: str) -> _Parts:
    """Parse rendered HTML into its tags, link targets and text."""
    parser = _Parts()
    parser.feed(html)
    parser.close()
    return parser


def _words(text: str) -> str:
    # The word joiner keeps cmark-gfm from linking email addresses.
    return " ".join(text.replace("\u2060", "").split())


def check(field: str, text: str) -> None:
    """Fail unless *text* in *field* renders as plain text everywhere."""
    series, meetup = hostile(field, text)
    clean_series, clean_meetup = hostile(field, f"harmlos {field}")
    for lang in ("de", "en"):
        pairs = zip(
            documents(series, meetup, lang),
            documents(clean_series, clean_meetup, lang),
            strict=True,
        )
        for document, clean in pairs:
            for name, renderer in RENDERERS.items():
                got, want = parts(renderer(document)), parts(renderer(clean))
                where = f"{name}, {field}={text!r}:\n{document}"
                assert set(got.tags) <= ALLOWED_TAGS, where
                assert got.tags == want.tags, where
                assert got.targets == want.targets, where
                assert got.attributes <= {"href", "src", "alt"}, where
                assert not got.comments, where
                if f"harmlos {field}" in _words("".join(want.text)):
                    shown = _words("".join(got.text))
                    assert _words(text) in shown, f"text lost: {where}"


@pytest.mark.parametrize("text", KNOWN)
@pytest.mark.parametrize("field", ["paragraph", "alt", "recap_title", "topic"])
def test_known_attacks_stay_text(field: str, text: str) -> None:
    """Each attack found by hand renders as its own text under both renderers."""
    check(field, text)


def test_title_with_closing_hashes_keeps_them() -> None:
    """A title "C# vs. F #" keeps its last "#" in a heading."""
    series, meetup = hostile("recap_title", "C# vs. F #")
    html = _cmark(render_recap(meetup, series=series))
    assert "<h1>C# vs. F #</h1>" in html


def test_underscore_www_is_no_link_and_lets_no_html_through() -> None:
    """`_www.…<img …>` neither links nor lets the img element through."""
    series, meetup = hostile("paragraph", KNOWN[0])
    html = _cmark(render_recap(meetup, series=series))
    assert "<img src=x" not in html
    assert "www.evil.example" in html
    assert 'href="http://www.evil.example' not in html


#: Pieces of Markdown and GFM syntax that attacks are made of.
_PIECES: Final = (
    "www.", "https://", "@", "x", "evil.example", "_", "*", "~~", "`",
    "\\", "<img src=x onerror=alert(1)>", "&amp;", "#", " ", "^", "[",
    "]", "(", ")", "|", "-", "1.", "!", ":", "=", "\n",
)  # fmt: skip

_TEXT = (
    st.lists(
        st.sampled_from(_PIECES)
        | st.text(st.characters(exclude_categories=["Cs", "Cc", "Cn"])),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda value: bool(value.strip()))
)


@settings(max_examples=300)
@given(st.sampled_from(FIELDS), _TEXT)
def test_any_text_in_any_field_stays_text(field: str, text: str) -> None:
    """Any text in any field renders as that text, with no extra element or link."""
    check(field, text)
