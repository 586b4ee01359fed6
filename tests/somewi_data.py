"""The first #SoMeWI meetup as test data: people, recap and topic backlog.

Facts from the story (24 September 2014, heimathafen Wiesbaden, room
"Adelheid", every eight weeks, invitations on XING, the trades present, the
questions and the three topic wishes); the prose is written for these tests.
Names other than Dominik Hoffmann's are made up and kept private, as the
default consent does.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import attrs

from meetupkit import (
    Consent,
    Experience,
    Geo,
    Meetup,
    Participant,
    Photo,
    Recap,
    RecapSection,
    Series,
)
from meetupkit.topics import plan_topics

BERLIN = ZoneInfo("Europe/Berlin")
KICKOFF = datetime(2014, 9, 24, 19, tzinfo=BERLIN)
PHOTOS = "https://some-netzwerk.example/blog/2014/somewi-1"

_TRADES = {
    "publishing": ("Verlagswesen", "publishing"),
    "insurance": ("Versicherungswesen", "insurance"),
    "consulting": ("Unternehmensberatung", "management consulting"),
    "web": ("Web-Entwicklung", "web development"),
    "ir": ("Investor Relations", "investor relations"),
    "pr": ("PR-Beratung", "PR consulting"),
    "social": ("Social Software", "social software"),
    "coworking": ("Coworking", "coworking"),
}

# (name, trade, experience, roles): the mix the story describes, from
# newcomers to long-time professionals.
_PEOPLE = (
    ("Dominik Hoffmann", "coworking", Experience.PROFESSIONAL, ("host",)),
    ("Mara Sommer", "pr", Experience.VETERAN, ("organizer",)),
    ("Jonas Keller", "publishing", Experience.PROFESSIONAL, ("attendee",)),
    ("Lea Brandt", "publishing", Experience.NEWCOMER, ("attendee",)),
    ("Timo Berg", "insurance", Experience.NEWCOMER, ("attendee",)),
    ("Nina Vogt", "consulting", Experience.INTERMEDIATE, ("attendee",)),
    ("Paul Roth", "web", Experience.INTERMEDIATE, ("attendee",)),
    ("Sara Lenz", "web", Experience.VETERAN, ("attendee",)),
    ("Felix Hahn", "ir", Experience.INTERMEDIATE, ("attendee",)),
    ("Ida Kraus", "social", Experience.PROFESSIONAL, ("attendee",)),
)


def participants(lang: str = "de") -> tuple[Participant, ...]:
    """The people at the kickoff, with their trade in *lang*."""
    index = 0 if lang == "de" else 1
    result = []
    for name, trade, experience, roles in _PEOPLE:
        public_name = name == "Dominik Hoffmann"
        result.append(
            Participant(
                name=name,
                email=f"{name.split()[0].lower()}@example.org",
                roles=roles,
                experience=experience,
                industry=_TRADES[trade][index],
                links=(
                    (f"https://www.xing.example/profile/{name.split()[1]}",)
                ),
                consent=Consent(
                    name="public" if public_name else "members",
                    contact="organizers",
                    background="public",
                ),
            )
        )
    return tuple(result)


_RECAP_DE = Recap(
    title="Rückblick: das erste #SoMeWI",
    language="de",
    lead=(
        "Am 24. September 2014 kam #SoMe zum ersten Mal in Wiesbaden"
        " zusammen: Im Coworking-Space heimathafen trafen sich Menschen aus"
        " ganz verschiedenen Berufen, mit wenig oder sehr viel Erfahrung in"
        " sozialen Medien, um das Netzwerk gemeinsam aufzubauen."
    ),
    sections=(
        RecapSection(
            heading="Vom Bildschirm an den Tisch",
            paragraphs=(
                "Ob jemand gerade erst anfängt oder seit Jahren beruflich"
                " mit sozialen Medien arbeitet: Neugier und Freude am Thema"
                " verbinden alle. Zwischen den Vintage-Möbeln des"
                " heimathafen war das Eis schnell gebrochen.",
                "Die Vorstellungsrunde zeigte, wie groß in Wiesbaden und"
                " Mainz der Wunsch ist, Erfahrungen mit dem Mitmach-Web und"
                " seinen vielen Plattformen zu teilen.",
            ),
            photos=(
                Photo(
                    url=f"{PHOTOS}/runde.jpg",
                    caption="Fachsimpeln in gemütlicher Runde",
                ),
            ),
        ),
        RecapSection(
            heading="Einig beim Austausch",
            paragraphs=(
                "An sozialen Medien kommt niemand mehr vorbei, und"
                " Unternehmen eröffnen sie sehr viele Möglichkeiten. Darin"
                " waren sich alle einig, egal aus welcher Branche und wie"
                " groß das eigene Unternehmen ist.",
                "Schwieriger ist oft, Chefs und Inhaber zu überzeugen, die"
                " einen öffentlichen Auftritt auf Facebook, Google+ und Co."
                " scheuen. Dafür sollen die #SoMe-Treffen Anregungen und"
                " Wissen liefern.",
            ),
            photos=(
                Photo(
                    url=f"{PHOTOS}/austausch.jpg",
                    caption="Freude am Austausch",
                ),
            ),
        ),
        RecapSection(
            heading="Wie es weitergeht",
            paragraphs=(
                "Der Stammtisch trifft sich ab jetzt alle acht Wochen."
                " Außer dem Austausch vor Ort freuen wir uns über"
                " Gastbeiträge im #SoMe-Blog und über Vorträge von Gästen.",
            ),
        ),
    ),
    questions=(
        "Wie steige ich in das Thema ein?",
        "Welche Alternativen gibt es, ausgetretene Kommunikationspfade zu"
        " verlassen?",
        "Wie überzeuge ich Bedenkenträger von Social Media?",
        "Sind Blogger keine Journalisten?",
    ),
    outcomes=(
        "Wie bereitet man sich auf einen Shitstorm vor?",
        "Social Media und Recht",
        "Coworking-Spaces",
    ),
    thanks=(
        "Dominik Hoffmann, der uns „Adelheid“, den gemütlichen"
        " Meetingraum im heimathafen, überlassen hat",
        "dem Team des heimathafen Wiesbaden, das sich herzlich um uns"
        " gekümmert hat",
        "allen, die das erste Treffen so engagiert mitgestaltet haben",
    ),
    outlook="Wir freuen uns auf ein Wiedersehen im November!",
)

_RECAP_EN = Recap(
    title="Looking back: the first #SoMeWI",
    language="en",
    lead=(
        "On 24 September 2014 #SoMe met in Wiesbaden for the first time:"
        " at the coworking space heimathafen, people from very different"
        " trades, some new to social media and some long-time"
        " professionals, came together to build the network."
    ),
    sections=(
        RecapSection(
            heading="From the screen to the table",
            paragraphs=(
                "Whether just starting out or working with social media for"
                " years, everyone shares the curiosity and the fun of it."
                " Among the vintage furniture of the heimathafen the ice"
                " broke quickly.",
                "The round of introductions showed how much people in"
                " Wiesbaden and Mainz want to share what they learn about"
                " the participatory web and its many platforms.",
            ),
            photos=(
                Photo(
                    url=f"{PHOTOS}/runde.jpg",
                    caption="Talking shop in a cosy round",
                ),
            ),
        ),
        RecapSection(
            heading="Agreeing on the exchange",
            paragraphs=(
                "Nobody can ignore social media any more, and they open"
                " countless possibilities to companies: on this everyone"
                " agreed, whatever their trade or the size of their"
                " company.",
                "Harder is convincing bosses and owners who shy away from a"
                " public presence on Facebook, Google+ and the like. The"
                " #SoMe meetings are meant to give ideas and knowledge for"
                " that.",
            ),
            photos=(
                Photo(
                    url=f"{PHOTOS}/austausch.jpg",
                    caption="Enjoying the exchange",
                ),
            ),
        ),
        RecapSection(
            heading="What happens next",
            paragraphs=(
                "From now on the regulars' table meets every eight weeks."
                " Besides meeting in person we welcome guest posts on the"
                " #SoMe blog and talks by guests.",
            ),
        ),
    ),
    questions=(
        "How do I get started?",
        "What are the alternatives to the well-trodden paths of"
        " communication?",
        "How do I win over the sceptics of social media?",
        "Are bloggers not journalists?",
    ),
    outcomes=(
        "How do you prepare for a shitstorm?",
        "Social media and the law",
        "Coworking spaces",
    ),
    thanks=(
        "Dominik Hoffmann, who let us use “Adelheid”, the cosy meeting"
        " room at the heimathafen",
        "the heimathafen Wiesbaden team, who looked after us so warmly",
        "everyone who shaped the first meeting with so much commitment",
    ),
    outlook="We look forward to seeing you again in November!",
)


def kickoff_recap(lang: str = "de") -> Recap:
    """The recap of the first meeting, in German or English."""
    return _RECAP_DE if lang == "de" else _RECAP_EN


def somewi_series(lang: str = "de") -> Series:
    """The #SoMeWI series after the kickoff.

    The kickoff has its people and recap, and the recap's outcomes are in
    the backlog, planned for the next meetings two at a time.
    """
    base = Series.example()
    assert base.venue is not None
    venue = attrs.evolve(base.venue, geo=Geo(lat=50.0782, lon=8.2398))
    base = attrs.evolve(
        base,
        venue=venue,
        room=venue.room("Adelheid"),
        url="https://some-netzwerk.example/somewi",
        description=(
            "Der Social-Media-Stammtisch von #SoMe in Wiesbaden"
            if lang == "de"
            else "The #SoMe social media regulars' table in Wiesbaden"
        ),
    )
    from meetupkit.topics import wishes_from_outcomes

    recap = kickoff_recap(lang)
    wishes = tuple(
        attrs.evolve(wish, proposed_on=KICKOFF.date())
        for wish in wishes_from_outcomes(recap)
    )
    series = attrs.evolve(base, topics=wishes).override(
        KICKOFF, participants=participants(lang), recap=recap
    )
    return plan_topics(series, after=KICKOFF)


def kickoff(lang: str = "de") -> Meetup:
    """The first #SoMeWI meetup with its people and recap."""
    return somewi_series(lang).meetup(1)
