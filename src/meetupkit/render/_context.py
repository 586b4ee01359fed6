"""Private: the values recap and invitation templates see.

Everything is computed here, in Python, from a redacted copy of the meetup,
so templates only arrange text: they cannot reach personal data the
audience may not see.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from babel.dates import format_date, format_interval, format_time

from meetupkit._describe import join
from meetupkit._time import normalize
from meetupkit.model import (
    Address,
    Experience,
    Meetup,
    MeetupStatus,
    Participant,
    Recap,
    Role,
    Series,
    Venue,
)
from meetupkit.privacy import is_anonymous, redact
from meetupkit.recurrence import DEFAULT_HORIZON
from meetupkit.topics import _shown

from . import _texts

Context = dict[str, Any]


def when(start: datetime, end: datetime, lang: str) -> str:
    """The date and time span of a meeting in the reader's language."""
    day = format_date(start.date(), "full", locale=lang)
    if end.date() == start.date():
        skeleton = "Hm" if lang == "de" else "hm"
        span = format_interval(start, end, skeleton, locale=lang)
        return f"{day}, {span}"
    other = format_date(end.date(), "full", locale=lang)
    first = format_time(start, "short", locale=lang)
    last = format_time(end, "short", locale=lang)
    return f"{day}, {first} – {other}, {last}"


def address_line(address: Address | None) -> str | None:
    """Street, then postal code and city."""
    if address is None:
        return None
    town = " ".join(p for p in (address.postal_code, address.city) if p)
    return ", ".join(p for p in (address.street, town) if p)


def place_line(meetup: Meetup, lang: str) -> str | None:
    """Venue, room and address in one line."""
    venue: Venue | None = meetup.venue
    if venue is None:
        return None
    parts = [venue.name]
    if meetup.room is not None:
        word = _texts.TEXTS[lang]["room"]
        parts.append(f"{word} {meetup.room.name}")
    address = address_line(venue.address)
    if address:
        parts.append(address)
    return ", ".join(parts)


def meeting(meetup: Meetup, lang: str) -> Context:
    """What to say about one meeting: when, where, status.

    ``status`` is the short label ("Abgesagt: Feiertage"); ``notice`` says
    in a sentence what happened to a cancelled or moved meeting, and
    ``reason`` why.
    """
    texts = _texts.TEXTS[lang]
    status: str | None = None
    notice: str | None = None
    label: str | None = None
    span = when(meetup.start, meetup.end, lang)
    if meetup.status is MeetupStatus.CANCELLED:
        status = label = texts["cancelled"]
        notice = texts["cancelled_notice"].format(when=span)
    elif meetup.status is MeetupStatus.MOVED:
        status = label = texts["moved"]
        notice = texts["moved_notice_to"].format(when=span)
        if meetup.recurrence_id is not None:
            before = normalize(meetup.recurrence_id + meetup.duration)
            original = when(meetup.recurrence_id, before, lang)
            status += " (" + texts["originally"].format(when=original) + ")"
            notice = texts["moved_notice"].format(was=original, when=span)
    if status is not None and meetup.status_reason:
        status += f": {meetup.status_reason}"
    return {
        "title": meetup.title,
        "description": meetup.description,
        "when": span,
        "start_iso": meetup.start.isoformat(),
        "end_iso": meetup.end.isoformat(),
        "place": place_line(meetup, lang),
        "status": status,
        "label": label,
        "notice": notice,
        "reason": meetup.status_reason if notice else None,
        "cancelled": meetup.is_cancelled,
        "moved": meetup.status is MeetupStatus.MOVED,
        "topics": [wish.title for wish in _shown(meetup)],
        "url": meetup.url,
    }


def _roles(person: Participant, lang: str) -> str:
    labels = _texts.ROLES[lang]
    return join([labels[role] for role in person.roles], lang)


def people(participants: tuple[Participant, ...], lang: str) -> Context:
    """Counts of trades and experience, and the names that are released."""
    industries = Counter(p.industry for p in participants if p.industry)
    levels = Counter(p.experience for p in participants if p.experience)
    labels = _texts.EXPERIENCE[lang]
    named = [p for p in participants if not is_anonymous(p)]
    return {
        "count": len(participants),
        "summary": _texts.present(len(participants), lang),
        "industries": sorted(
            industries.items(),
            key=lambda item: (-item[1], item[0].casefold(), item[0]),
        ),
        "experience": [
            (labels[level], levels[level])
            for level in Experience
            if levels[level]
        ],
        "names": [
            {
                "name": p.name,
                "roles": _roles(p, lang),
                "link": p.links[0] if p.links else None,
            }
            for p in named
        ],
    }


def answers(meetup: Meetup, lang: str) -> Context | None:
    """The counts of the answers, and the names of those who released them."""
    if not meetup.rsvps:
        return None
    from meetupkit._rsvp import names_line, summary  # noqa: PLC0415

    split = meetup.attendance
    named = [p.name for p in split.attending if not is_anonymous(p)]
    return {
        "summary": summary(split, meetup.capacity, lang),
        "names": names_line(named, lang),
    }


def _recap(recap: Recap | None, lang: str) -> Context | None:
    if recap is None:
        return None
    texts = _texts.TEXTS[lang]
    published = None
    if recap.published is not None:
        published = texts["published"].format(
            date=format_date(recap.published, "long", locale=lang)
        )
    return {
        "title": recap.title,
        "author": texts["by"].format(author=recap.author)
        if recap.author
        else None,
        "published": published,
        "published_iso": recap.published.isoformat()
        if recap.published
        else None,
        "lead": recap.lead,
        "sections": [
            {
                "heading": section.heading,
                "paragraphs": list(section.paragraphs),
                "bullets": list(section.bullets),
                "photos": [
                    {
                        "url": photo.url,
                        "alt": photo.alt or photo.caption or "",
                        "caption": photo.caption,
                        "credit": texts["photo"].format(credit=photo.credit)
                        if photo.credit
                        else None,
                    }
                    for photo in section.photos
                ],
            }
            for section in recap.sections
        ],
        "questions": list(recap.questions),
        "outcomes": list(recap.outcomes),
        "thanks": list(recap.thanks),
        "outlook": recap.outlook,
    }


def _signup(
    meetup: Meetup, series: Series | None, lang: str, *, inside: bool
) -> Context:
    """Where to sign up for *meetup*.

    *inside* is true in the invitation to *meetup* itself, which must not
    announce that an invitation will come.
    """
    texts = _texts.TEXTS[lang]
    channel = series.invitation_channel if series is not None else None
    label = texts["signup"]
    url = meetup.url
    if series is not None and url == series.url:
        # Inherited from the series: a page about it, not a sign-up.
        url = None
    if url is None and series is not None and series.invitation_url:
        url = series.invitation_url
        if channel:
            label = texts["signup_via"].format(channel=channel)
    note = None
    if url is None and channel:
        key = "signup_channel" if inside else "invitation_via"
        note = texts[key].format(channel=channel)
    more = series.url if series is not None and url is None else None
    return {
        "url": url,
        "label": label if url else None,
        "note": note,
        "more": more,
    }


def _following(
    series: Series, after: datetime, audience: str
) -> Meetup | None:
    """The first meeting after *after* that takes place, redacted.

    Only that meeting is redacted, not the series: redaction works value
    by value, so it is the meeting the redacted series would give, and
    the cost does not grow with the series' other meetings and edits.
    """
    found = series.next(after=after, horizon=DEFAULT_HORIZON)
    return None if found is None else redact(found, audience)


def recap_context(
    meetup: Meetup, *, lang: str, audience: str, series: Series | None
) -> Context:
    """Everything the recap templates print."""
    meetup = redact(meetup, audience)
    found = None
    if series is not None:
        found = _following(series, meetup.start, audience)
    recap = _recap(meetup.recap, lang)
    return {
        "lang": lang,
        "t": _texts.TEXTS[lang],
        "title": recap["title"] if recap else meetup.title,
        "meetup": meeting(meetup, lang),
        "recap": recap,
        "people": people(meetup.participants, lang),
        "next": meeting(found, lang) if found is not None else None,
        "answers": answers(meetup, lang),
        "signup": _signup(found, series, lang, inside=False)
        if found is not None
        else None,
    }


def invitation_context(
    meetup: Meetup, *, lang: str, audience: str, series: Series | None
) -> Context:
    """Everything the invitation templates print."""
    meetup = redact(meetup, audience)
    venue = meetup.venue
    room = meetup.room
    where: Context = {
        "venue": venue.name if venue else None,
        "room": room.name if room else None,
        "floor": room.floor if room else None,
        "directions": room.directions if room else None,
        "address": address_line(venue.address) if venue else None,
        "website": venue.url if venue else None,
        "map": None,
    }
    if venue is not None and venue.geo is not None:
        lat, lon = venue.geo.lat, venue.geo.lon
        where["map"] = (
            "https://www.openstreetmap.org/"
            f"?mlat={lat:.5f}&mlon={lon:.5f}#map=18/{lat:.5f}/{lon:.5f}"
        )
    leading = tuple(
        person
        for person in meetup.participants
        if set(person.roles) & {Role.ORGANIZER, Role.HOST, Role.SPEAKER}
    )
    hosts = people(leading, lang)["names"]
    following = None
    if meetup.is_cancelled and series is not None:
        # A cancellation notice names the next meeting that takes place.
        following = _following(series, meetup.start, audience)
    return {
        "lang": lang,
        "t": _texts.TEXTS[lang],
        "title": meetup.title,
        "hashtag": series.hashtag if series else None,
        "meetup": meeting(meetup, lang),
        "where": where,
        "with": hosts,
        "signup": _signup(meetup, series, lang, inside=True),
        "next": meeting(following, lang) if following is not None else None,
        "next_signup": _signup(following, series, lang, inside=False)
        if following is not None
        else None,
        "answers": answers(meetup, lang),
    }
