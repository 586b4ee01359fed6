"""Private: the fixed words of recaps and invitations, in German and English.

Dates, times, day and month names come from the Unicode CLDR through Babel;
only the labels below are meetupkit's own.
"""

from __future__ import annotations

from typing import Final

from meetupkit.model import Experience, Role

TEXTS: Final[dict[str, dict[str, str]]] = {
    "de": {
        "when": "Wann",
        "where": "Wo",
        "room": "Raum",
        "floor": "Etage",
        "directions": "So findet ihr hin",
        "map": "Karte",
        "website": "Website",
        "questions": "Unsere Fragen",
        "outcomes": "Ergebnisse",
        "people": "Wer dabei war",
        "industries": "Branchen",
        "experience": "Erfahrung",
        "names": "Namentlich",
        "thanks": "Danke",
        "outlook": "Ausblick",
        "next": "Nächstes Treffen",
        "topics": "Themen",
        "planned_topics": "Geplante Themen",
        "signup": "Anmeldung",
        "signup_via": "Anmeldung über {channel}",
        "invitation_via": "Die Einladung kommt wie gewohnt über {channel}.",
        "signup_channel": "Anmeldung über {channel}.",
        "more": "Mehr über den Stammtisch",
        "invite": "Herzliche Einladung zum nächsten Treffen!",
        "cancelled": "Abgesagt",
        "moved": "Verschoben",
        "originally": "ursprünglich {when}",
        "cancelled_notice": "Das Treffen am {when} fällt aus.",
        "moved_notice": "Das Treffen vom {was} findet stattdessen am {when}"
        " statt.",
        "moved_notice_to": "Das Treffen findet am {when} statt.",
        "reason": "Grund",
        "with": "Mit dabei",
        "by": "Von {author}",
        "published": "veröffentlicht am {date}",
        "photo": "Foto: {credit}",
        "and_more": "und {n} weitere",
    },
    "en": {
        "when": "When",
        "where": "Where",
        "room": "room",
        "floor": "Floor",
        "directions": "How to find it",
        "map": "Map",
        "website": "Website",
        "questions": "Our questions",
        "outcomes": "Outcomes",
        "people": "Who came",
        "industries": "Trades",
        "experience": "Experience",
        "names": "By name",
        "thanks": "Thank you",
        "outlook": "What comes next",
        "next": "Next meeting",
        "topics": "Topics",
        "planned_topics": "Planned topics",
        "signup": "Sign up",
        "signup_via": "Sign up on {channel}",
        "invitation_via": "As usual, the invitation goes out on {channel}.",
        "signup_channel": "Sign up on {channel}.",
        "more": "More about the series",
        "invite": "You are warmly invited to our next meeting!",
        "cancelled": "Cancelled",
        "moved": "Moved",
        "originally": "originally {when}",
        "cancelled_notice": "The meeting on {when} will not take place.",
        "moved_notice": "The meeting of {was} takes place on {when} instead.",
        "moved_notice_to": "The meeting takes place on {when}.",
        "reason": "Reason",
        "with": "With",
        "by": "By {author}",
        "published": "published on {date}",
        "photo": "Photo: {credit}",
        "and_more": "and {n} more",
    },
}

EXPERIENCE: Final[dict[str, dict[Experience, str]]] = {
    "de": {
        Experience.NEWCOMER: "Einsteiger",
        Experience.INTERMEDIATE: "Fortgeschrittene",
        Experience.PROFESSIONAL: "Profis",
        Experience.VETERAN: "alte Hasen",
    },
    "en": {
        Experience.NEWCOMER: "newcomers",
        Experience.INTERMEDIATE: "intermediates",
        Experience.PROFESSIONAL: "professionals",
        Experience.VETERAN: "veterans",
    },
}

ROLES: Final[dict[str, dict[Role, str]]] = {
    "de": {
        Role.ORGANIZER: "Organisation",
        Role.HOST: "Gastgeber",
        Role.SPEAKER: "Vortrag",
        Role.ATTENDEE: "Teilnahme",
        Role.GUEST_AUTHOR: "Gastbeitrag",
    },
    "en": {
        Role.ORGANIZER: "organizer",
        Role.HOST: "host",
        Role.SPEAKER: "speaker",
        Role.ATTENDEE: "attendee",
        Role.GUEST_AUTHOR: "guest author",
    },
}


def present(count: int, lang: str) -> str:
    """How many people were there, as a sentence."""
    if lang == "de":
        if count == 1:
            return "Eine Person war dabei."
        return f"{count} Personen waren dabei."
    if count == 1:
        return "One person came."
    return f"{count} people came."
