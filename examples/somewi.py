"""Model the #SoMeWI regulars' table and write its files.

#SoMeWI is the Wiesbaden branch of the #SoMe social-media network.  Its
first meeting took place on Wednesday 24 September 2014 in the meeting room
"Adelheid" of the coworking space heimathafen; since then the group meets
every eight weeks.  This script

* builds the venue, the people, the topic wishes and the recap of that first
  meeting, and the series that grew out of it;
* prints a short summary and the next three meetings, in German and English;
* writes the kickoff and the series as JSON and TOML, reads them back and
  checks that nothing was lost;
* writes the series as an iCalendar feed (``somewi.ics``) and checks that
  importing it gives the same series;
* writes the recap of the kickoff (Markdown and HTML, German), the invitation
  to the next meeting and the schema.org JSON-LD of the series.

Run it as ``python examples/somewi.py [OUTPUT_FOLDER] [--today YYYY-MM-DD]``;
the folder defaults to ``out``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from meetupkit import (
    Address,
    Consent,
    Experience,
    Geo,
    Meetup,
    Participant,
    Recap,
    RecapSection,
    Recurrence,
    Role,
    Room,
    Series,
    TopicWish,
    Venue,
    from_json,
    from_toml,
    to_json,
    to_toml,
)
from meetupkit.ical import carried, from_ical, to_ical
from meetupkit.jsonld import to_jsonld
from meetupkit.render import render_invitation, render_recap
from meetupkit.topics import plan_topics

BERLIN = ZoneInfo("Europe/Berlin")
KICKOFF = datetime(2014, 9, 24, 19, tzinfo=BERLIN)

ADELHEID = Room(
    name="Adelheid",
    capacity=14,
    features=("Beamer", "Flipchart"),
    directions="Im heimathafen nach dem Meetingraum Adelheid fragen.",
)
HEIMATHAFEN = Venue(
    name="heimathafen Wiesbaden",
    address=Address(
        street="Karlstraße 22",
        postal_code="65185",
        city="Wiesbaden",
        country="DE",
    ),
    geo=Geo(lat=50.0787, lon=8.2386),
    rooms=(ADELHEID,),
)


def people() -> tuple[Participant, ...]:
    """The people of the kickoff: host, organizer and guests of many trades.

    Only the host and the organizing team released their names to the
    public; the guests show their trade and experience but keep their names
    and contacts private, which is the default.
    """
    host = Participant(
        name="Dominik Hoffmann",
        roles=(Role.HOST,),
        organization="heimathafen Wiesbaden",
        industry="Coworking",
        experience=Experience.PROFESSIONAL,
        consent=Consent(name="public", background="public"),
    )
    organizer = Participant(
        name="Team #SoMe",
        roles=(Role.ORGANIZER,),
        industry="Social Software",
        experience=Experience.VETERAN,
        consent=Consent(name="public", background="public"),
    )
    guests = [
        ("Verlagswesen", Experience.PROFESSIONAL),
        ("Versicherungswesen", Experience.NEWCOMER),
        ("Unternehmensberatung", Experience.INTERMEDIATE),
        ("Web-Entwicklung", Experience.VETERAN),
        ("Investor Relations", Experience.NEWCOMER),
        ("PR-Beratung", Experience.PROFESSIONAL),
        ("Social Software", Experience.INTERMEDIATE),
    ]
    return (
        organizer,
        host,
        *(
            Participant(
                name=f"Gast {number}",
                roles=(Role.ATTENDEE,),
                industry=industry,
                experience=experience,
                # Trade and experience may be shown, the name may not.
                consent=Consent(background="public"),
            )
            for number, (industry, experience) in enumerate(guests, start=1)
        ),
    )


WISHES = (
    TopicWish(
        title="Wie bereitet man sich auf einen Shitstorm vor?",
        proposed_on=date(2014, 9, 24),
        tags=("Krisenkommunikation",),
    ),
    TopicWish(
        title="Social Media und Recht",
        proposed_on=date(2014, 9, 24),
        tags=("Recht",),
    ),
    TopicWish(
        title="Coworking-Spaces wie der heimathafen",
        proposed_on=date(2014, 9, 24),
        tags=("Arbeitswelt",),
    ),
)


def recap() -> Recap:
    """The write-up of the kickoff, in our own words."""
    return Recap(
        title="Rückblick: der erste #SoMeWI-Stammtisch",
        published=date(2014, 9, 30),
        language="de",
        lead=(
            "Zum Auftakt von #SoMe in Wiesbaden kamen am 24. September 2014"
            " Leute aus ganz unterschiedlichen Berufen in den heimathafen,"
            " um das Netzwerk gemeinsam aufzubauen."
        ),
        sections=(
            RecapSection(
                heading="Offline reden über das, was online passiert",
                paragraphs=(
                    (
                        "Ob jemand gerade die ersten Schritte in sozialen"
                        " Medien macht oder seit Jahren davon lebt: Neugier"
                        " und Spaß an der Sache teilen alle. Die"
                        " Vorstellungsrunde zeigte, wie groß im Raum Wiesbaden"
                        " und Mainz der Wunsch nach persönlichem"
                        " Erfahrungsaustausch ist."
                    ),
                ),
            ),
            RecapSection(
                heading="Einig: An sozialen Medien führt kein Weg vorbei",
                paragraphs=(
                    (
                        "Viele müssen im eigenen Haus noch Überzeugungsarbeit"
                        " leisten, bei Chefs und Inhabern, die den"
                        " öffentlichen Auftritt scheuen. Der Stammtisch soll"
                        " dafür Ideen und Wissen liefern."
                    ),
                ),
            ),
        ),
        questions=(
            "Wie steige ich in das Thema ein?",
            (
                "Welche Alternativen gibt es, ausgetretene"
                " Kommunikationspfade zu verlassen?"
            ),
            "Wie überzeuge ich Bedenkenträger von Social Media?",
            "Sind Blogger keine Journalisten?",
        ),
        outcomes=tuple(wish.title for wish in WISHES),
        thanks=(
            (
                "Dominik Hoffmann und dem Team des heimathafen Wiesbaden für"
                " den Meetingraum Adelheid und die herzliche Betreuung"
            ),
            "allen, die das erste Treffen mitgestaltet haben",
        ),
        outlook=(
            "Der Stammtisch trifft sich künftig alle acht Wochen. Wir freuen"
            " uns auf das Wiedersehen im November!"
        ),
    )


def build_series() -> Series:
    """The #SoMeWI series, with what is known about its first meeting."""
    series = Series(
        uid="somewi@some-netzwerk.example",
        title="#SoMeWI Stammtisch",
        hashtag="#SoMeWI",
        description=(
            "Der Social-Media-Stammtisch in Wiesbaden: Erfahrungen teilen,"
            " vom Neuling bis zum Profi."
        ),
        start=KICKOFF,
        duration=timedelta(hours=2),
        recurrence=Recurrence.every(weeks=8),
        venue=HEIMATHAFEN,
        room=ADELHEID,
        organizers=(people()[0],),
        invitation_channel="XING",
        topics=WISHES,
        language="de",
    )
    series = series.override(
        KICKOFF,
        title="#SoMeWI Auftakt",
        participants=people(),
        recap=recap(),
    )
    # One wish for each of the next three meetings after the kickoff.
    return plan_topics(series, after=KICKOFF, meetings=3, per_meeting=1)


def _when(meetup: Meetup, lang: str) -> str:
    return format_datetime(meetup.start, "full", locale=lang)


def main(argv: list[str] | None = None) -> int:
    """Build the model, print the summary, write and check the files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="out", type=Path)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the day to count the next meetings from (default: today)",
    )
    args = parser.parse_args(argv)

    series = build_series()
    kickoff = series.meetup(1)
    assert kickoff.recap is not None
    print(f"{kickoff.title}: {_when(kickoff, 'de')}")
    if kickoff.venue is not None and kickoff.room is not None:
        print(f"  {kickoff.venue.name}, Raum {kickoff.room.name}")
    print(
        f"  {len(kickoff.participants)} Teilnehmende,"
        f" {len(kickoff.recap.questions)} Fragen, {len(WISHES)} Wunschthemen"
    )
    print(f"  {series.describe(lang='de')}")
    print(f"  {series.describe(lang='en')}")

    today = args.today or datetime.now(BERLIN).date()
    after = datetime.combine(today, datetime.min.time(), tzinfo=BERLIN)
    upcoming = series.meetups(after, after + timedelta(days=366))[:3]
    print(f"Die nächsten Treffen nach dem {today:%d.%m.%Y}:")
    for meetup in upcoming:
        print(f"  Nr. {meetup.number}: {_when(meetup, 'de')}")
    print(f"The next meetings after {today:%Y-%m-%d}:")
    for meetup in upcoming:
        print(f"  No. {meetup.number}: {_when(meetup, 'en')}")

    out: Path = args.output
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, value, kind in (
        ("somewi-kickoff", kickoff, Meetup),
        ("somewi", series, Series),
    ):
        json_path = out / f"{name}.json"
        toml_path = out / f"{name}.toml"
        json_path.write_text(to_json(value), encoding="utf-8")
        toml_path.write_text(to_toml(value), encoding="utf-8")
        assert from_json(kind, json_path.read_text(encoding="utf-8")) == value
        assert from_toml(kind, toml_path.read_text(encoding="utf-8")) == value
        written += [json_path, toml_path]
    stamp = datetime(2026, 11, 25, tzinfo=BERLIN)
    calendar = to_ical(series, name="#SoMeWI", dtstamp=stamp)
    ics_path = out / "somewi.ics"
    ics_path.write_bytes(calendar)
    # iCalendar carries no participants or recaps: compare what it carries.
    assert from_ical(ics_path.read_bytes()) == [carried(series)]
    written.append(ics_path)

    texts = {
        "somewi-kickoff-recap.de.md": render_recap(
            kickoff, format="markdown", lang="de", series=series
        ),
        "somewi-kickoff-recap.de.html": render_recap(
            kickoff, format="html", lang="de", series=series
        ),
    }
    if upcoming:
        texts["somewi-invitation.de.md"] = render_invitation(
            upcoming[0], format="markdown", lang="de", series=series
        )
    window = (after, after + timedelta(days=366))
    texts["somewi.jsonld"] = (
        json.dumps(
            to_jsonld(series, start=window[0], end=window[1]),
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    for name, text in texts.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)

    print("Geschrieben und geprüft / written and checked:")
    for path in written:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
