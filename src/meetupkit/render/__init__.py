"""Recaps and invitations as Markdown, HTML and plain text, in German and English.

:func:`render_recap` writes the blog post after a meeting;
:func:`render_invitation` the newsletter text or event page before one.
Both take the reader's *lang* (dates and times come from the Unicode CLDR
through Babel) and an *audience*: a participant's name, contact and
background appear only where their consent releases them to that audience
(see :mod:`meetupkit.privacy`).  The mix of trades and experience is shown
as counts.

The output comes from Jinja2 templates.  HTML templates escape every value
(autoescaping); Markdown templates escape every value as text for both
CommonMark and GitHub Flavored Markdown (autolinks, strikethrough, tables,
footnotes), so a participant called ``<script>``,
``[x](https://evil.example)`` or ``_www.evil.example`` is printed as just
that.  An ``@`` inside an email address gets an invisible word joiner
(U+2060) so that GitHub does not link it.

To change the layout, pass *templates*: a directory or a
:class:`jinja2.BaseLoader` with templates of the names in
:data:`TEMPLATES`.  Templates you do not provide fall back to the built-in
ones, which you can extend with ``{% extends %}``.  Markdown templates get
two helpers, ``link(url, text=None)`` and ``image(url, alt)``.

Examples:
    >>> from meetupkit import Series
    >>> from meetupkit.render import render_invitation
    >>> print(render_invitation(Series.example().meetup(2),
    ...                         series=Series.example()))
    #SoMeWI Stammtisch
    <BLANKLINE>
    Herzliche Einladung zum nächsten Treffen!
    <BLANKLINE>
    Wann: Mittwoch, 19. November 2014, 19:00–21:00 Uhr
    Wo: heimathafen Wiesbaden, Raum Adelheid, Karlstraße 22, 65185 Wiesbaden
    <BLANKLINE>
    Anmeldung über XING.
    <BLANKLINE>
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal

import jinja2

from meetupkit._describe import resolve_language
from meetupkit.errors import InvalidTypeError, InvalidValueError
from meetupkit.model import Audience, Meetup, Series
from meetupkit.privacy import check_audience

from . import _context, _markdown

__all__ = [
    "TEMPLATES",
    "InvitationFormat",
    "RecapFormat",
    "render_invitation",
    "render_recap",
]

RecapFormat = Literal["markdown", "html"]
InvitationFormat = Literal["text", "markdown", "html"]

#: The template names, by what they render.
TEMPLATES: Final = {
    ("recap", "markdown"): "recap.md.jinja",
    ("recap", "html"): "recap.html.jinja",
    ("invitation", "text"): "invitation.txt.jinja",
    ("invitation", "markdown"): "invitation.md.jinja",
    ("invitation", "html"): "invitation.html.jinja",
}

_BUILTIN: Final = Path(__file__).parent / "templates"

Templates = str | os.PathLike[str] | jinja2.BaseLoader | None


# Control characters and noncharacters are parse errors in HTML and
# invisible traps in text; they are shown as U+FFFD.
_INVALID = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
    "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff"
    "\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff"
    "\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)


def _clean(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, _markdown.Trusted):
        return _INVALID.sub("\ufffd", value)
    return value


def _html(value: object) -> object:
    return "" if value is None else _clean(value)


def _plain(value: object) -> object:
    # One line per value: a name cannot add lines of its own to a mail.
    if value is None:
        return ""
    return " ".join(str(_clean(str(value))).split())


def _md(value: object) -> object:
    return _markdown.finalize(_clean(value))


def _link(url: str, text: str | None = None) -> _markdown.Trusted:
    target = _markdown.destination(url)
    if text is None:
        return target
    return _markdown.Trusted(f"[{_markdown.escape(text)}]({target})")


def _image(url: str, alt: str) -> _markdown.Trusted:
    target = _markdown.destination(url)
    return _markdown.Trusted(f"![{_markdown.escape(alt)}]({target})")


def _environment(loader: jinja2.BaseLoader, kind: str) -> jinja2.Environment:
    finalize: Callable[[Any], Any] = _html
    if kind == "markdown":
        finalize = _md
    elif kind == "text":
        finalize = _plain
    env = jinja2.Environment(
        loader=loader,
        # Markdown and text escape through *finalize* instead.
        autoescape=kind == "html",  # noqa: S701
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if kind == "markdown":
        env.globals["link"] = _link
        env.globals["image"] = _image
    return env


@functools.cache
def _builtin_environment(kind: str) -> jinja2.Environment:
    return _environment(jinja2.FileSystemLoader(_BUILTIN), kind)


def _loader(templates: Templates) -> jinja2.BaseLoader:
    builtin = jinja2.FileSystemLoader(_BUILTIN)
    if isinstance(templates, jinja2.BaseLoader):
        own = templates
    elif isinstance(templates, str | os.PathLike):
        own = jinja2.FileSystemLoader(os.fspath(templates))
    else:
        raise InvalidTypeError(
            "templates",
            f"expected a directory or a jinja2 loader, got"
            f" {type(templates).__name__}",
            hint="pass a path or a jinja2.BaseLoader",
        )
    return jinja2.ChoiceLoader([own, builtin])


def _render(
    what: str, fmt: str, context: dict[str, Any], templates: Templates
) -> str:
    name = TEMPLATES.get((what, fmt))
    if name is None:
        formats = ", ".join(f for w, f in TEMPLATES if w == what)
        raise InvalidValueError(
            "format",
            f"{str(fmt)[:20]!r} is not a format for a {what}",
            hint=f"use one of {formats}",
        )
    kind = "html" if fmt == "html" else fmt
    if templates is None:
        env = _builtin_environment(kind)
    else:
        env = _environment(_loader(templates), kind)
    try:
        text = env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise InvalidValueError(
            "templates",
            f"template {name} failed: {exc}",
            hint="fix the template; the built-in ones show the variables",
        ) from exc
    return _markdown.tidy(text)


def _check_meetup(meetup: object) -> Meetup:
    if not isinstance(meetup, Meetup):
        raise InvalidTypeError(
            "meetup",
            f"expected a Meetup, got {type(meetup).__name__}",
            hint="pass a meetupkit.Meetup, such as series.meetup(1)",
        )
    return meetup


def _check_series(series: object) -> Series | None:
    if series is not None and not isinstance(series, Series):
        raise InvalidTypeError(
            "series",
            f"expected a Series, got {type(series).__name__}",
            hint="pass the meetupkit.Series the meetup belongs to",
        )
    return series


def render_recap(
    meetup: Meetup,
    *,
    format: RecapFormat = "markdown",  # noqa: A002 - the natural name
    lang: str | None = None,
    audience: Audience | str = Audience.PUBLIC,
    series: Series | None = None,
    templates: Templates = None,
) -> str:
    r"""Write the recap of *meetup* as Markdown or HTML.

    The recap has a title; the date, time and place; the author line; the
    lead; the sections with headings, paragraphs, bullet lists and photos
    with captions; the questions discussed; the outcomes; who came (how
    many, the trades and experience as counts, and the names released to
    *audience*); the thanks; and the outlook, which names the next meeting
    of *series* with its date and planned topics.  A meetup without a recap
    still gets its header, people and outlook.

    HTML is a semantic fragment (``article``, ``section``, ``h1``/``h2``,
    ``time datetime=…``, ``figure``/``figcaption``) to put into a page.

    Args:
        meetup: The meeting; ``meetup.recap`` is the text.
        format: ``"markdown"`` (CommonMark and GitHub Flavored Markdown)
            or ``"html"``.
        lang: ``"de"`` or ``"en"``: the language of dates and labels.  The
            recap's own text is printed as it is.  If not given, the
            language of the recap, else of the meetup, else of *series*;
            English if that is neither German nor English.
        audience: Who reads it; ``public`` by default.
        series: The series the meetup belongs to, for the outlook.
        templates: A template directory or a :class:`jinja2.BaseLoader`
            whose templates replace the built-in ones.

    Returns:
        The text, ending in a newline.

    Raises:
        InvalidValueError: *format*, *lang* or *audience* is unknown, or a
            custom template fails.
        InvalidTypeError: *meetup*, *series* or *templates* has the wrong
            type.

    Examples:
        >>> from datetime import date
        >>> import attrs
        >>> from meetupkit import Recap, Series
        >>> somewi = Series.example()
        >>> kickoff = attrs.evolve(somewi.meetup(1), recap=Recap(
        ...     title="Rückblick 1. #SoMeWI", published=date(2014, 9, 30),
        ...     questions=("Sind Blogger keine Journalisten?",)))
        >>> print(render_recap(kickoff, series=somewi, lang="en"))
        # Rückblick 1. #SoMeWI
        <BLANKLINE>
        *Wednesday, September 24, 2014, 7:00 – 9:00 PM · heimathafen Wiesbaden, room Adelheid, Karlstraße 22, 65185 Wiesbaden*
        <BLANKLINE>
        published on September 30, 2014
        <BLANKLINE>
        ## Our questions
        <BLANKLINE>
        - Sind Blogger keine Journalisten?
        <BLANKLINE>
        ## What comes next
        <BLANKLINE>
        **Next meeting:** Wednesday, November 19, 2014, 7:00 – 9:00 PM, heimathafen Wiesbaden, room Adelheid, Karlstraße 22, 65185 Wiesbaden
        <BLANKLINE>
        As usual, the invitation goes out on XING.
        <BLANKLINE>
    """
    meetup = _check_meetup(meetup)
    series = _check_series(series)
    lang = resolve_language(
        lang,
        meetup.recap.language if meetup.recap is not None else None,
        meetup.language,
        series.language if series is not None else None,
    )
    who = check_audience(audience)
    context = _context.recap_context(
        meetup, lang=lang, audience=who, series=series
    )
    return _render("recap", format, context, templates)


def render_invitation(
    meetup: Meetup,
    *,
    format: InvitationFormat = "text",  # noqa: A002 - the natural name
    lang: str | None = None,
    audience: Audience | str = Audience.PUBLIC,
    series: Series | None = None,
    templates: Templates = None,
) -> str:
    """Write the invitation to *meetup* as plain text, Markdown or HTML.

    The invitation says what (title, hashtag, description), when (the
    date and time in the reader's language), where (venue, room, address,
    floor, directions, a map link and the venue's web site), the topics
    planned, who hosts or speaks (as far as released to *audience*), and
    where to sign up (the meetup's link, else the series' invitation link
    and channel; within the invitation itself, never that "the invitation"
    will come).  A moved meeting says first from when to when it was
    moved, and why if a reason is known.  A cancelled meeting gets a
    cancellation notice instead: what is cancelled, when it would have
    been, why, and (with *series*) when and where the next meeting is.

    Args:
        meetup: The meeting, such as ``series.next(after=now)``.
        format: ``"text"`` for newsletters, ``"markdown"`` for event
            pages, or ``"html"`` for a semantic fragment (``article``,
            ``dl``, ``time datetime=…``) to put into a page.
        lang: ``"de"`` or ``"en"``.  If not given, the language of the
            meetup, else of *series*; English if that is neither.
        audience: Who reads it; ``public`` by default.
        series: The series, for its hashtag and invitation link.
        templates: A template directory or a :class:`jinja2.BaseLoader`
            whose templates replace the built-in ones.

    Returns:
        The text, ending in a newline.

    Raises:
        InvalidValueError: *format*, *lang* or *audience* is unknown, or a
            custom template fails.
        InvalidTypeError: *meetup*, *series* or *templates* has the wrong
            type.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from meetupkit import Series
        >>> somewi = Series.example().cancel(
        ...     datetime(2014, 11, 19, 19, tzinfo=ZoneInfo("Europe/Berlin")),
        ...     reason="Feiertage")
        >>> print(render_invitation(somewi.meetup(2), series=somewi))
        #SoMeWI Stammtisch
        <BLANKLINE>
        Abgesagt: Das Treffen am Mittwoch, 19. November 2014, 19:00–21:00 Uhr fällt aus.
        Grund: Feiertage
        <BLANKLINE>
        Nächstes Treffen: Mittwoch, 14. Januar 2015, 19:00–21:00 Uhr, heimathafen Wiesbaden, Raum Adelheid, Karlstraße 22, 65185 Wiesbaden
        <BLANKLINE>
        Die Einladung kommt wie gewohnt über XING.
        <BLANKLINE>
    """
    meetup = _check_meetup(meetup)
    series = _check_series(series)
    lang = resolve_language(
        lang,
        meetup.language,
        series.language if series is not None else None,
    )
    who = check_audience(audience)
    context = _context.invitation_context(
        meetup, lang=lang, audience=who, series=series
    )
    return _render("invitation", format, context, templates)
