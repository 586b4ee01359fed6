"""Private: describe a series in words, with CLDR data through Babel.

Babel is imported here, on first use, so that ``import meetupkit`` stays
light.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    get_day_names,
    get_month_names,
)
from babel.lists import format_list

from .errors import InvalidValueError
from .recurrence import Frequency, Weekday

if TYPE_CHECKING:
    from .model import Series
    from .recurrence import Recurrence

LANGUAGES = ("de", "en")

_UNITS = {
    "de": {
        Frequency.DAILY: ("täglich", "alle {n} Tage"),
        Frequency.WEEKLY: ("jede Woche", "alle {n} Wochen"),
        Frequency.MONTHLY: ("jeden Monat", "alle {n} Monate"),
        Frequency.YEARLY: ("jedes Jahr", "alle {n} Jahre"),
    },
    "en": {
        Frequency.DAILY: ("every day", "every {n} days"),
        Frequency.WEEKLY: ("every week", "every {n} weeks"),
        Frequency.MONTHLY: ("every month", "every {n} months"),
        Frequency.YEARLY: ("every year", "every {n} years"),
    },
}


def check_language(lang: str) -> str:
    """Return *lang* if meetupkit has texts for it, else raise."""
    if lang not in LANGUAGES:
        raise InvalidValueError(
            "lang",
            f"{str(lang)[:20]!r} is not a supported language",
            hint=f"use one of {', '.join(LANGUAGES)}",
        )
    return lang


def resolve_language(lang: str | None, *spoken: str | None) -> str:
    """Return *lang* if given, else the first language in *spoken*.

    *spoken* are the objects' BCP 47 tags, most specific first (a recap's,
    its meeting's, the series').  The first tag given decides; if meetupkit
    has no texts for it, or no tag is given, English is used.
    """
    if lang is not None:
        return check_language(lang)
    for tag in spoken:
        if tag:
            primary = tag.split("-")[0].lower()
            return primary if primary in LANGUAGES else "en"
    return "en"


def join(items: list[str], lang: str) -> str:
    """Join *items* as a sentence does: "a, b und c", "a, b, and c"."""
    return format_list(items, locale=lang)


def _ordinal(nth: int, lang: str) -> str:
    if nth == -1:
        return "letzten" if lang == "de" else "last"
    if nth == -2 and lang == "de":  # noqa: PLR2004 - a word of its own
        return "vorletzten"
    if nth < 0:
        if lang == "de":
            return f"{-nth}.-letzten"
        return f"{_ordinal(-nth, lang)}-to-last"
    if lang == "de":
        return f"{nth}."
    teens = 10 < nth % 100 < 20  # noqa: PLR2004 - 11th, 12th, 13th
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(nth % 10, "th")
    return f"{nth}{suffix}"


def _month_days(days: tuple[int, ...], lang: str) -> str:
    """Days of the month: "am 1. und 15.", "on day 1 and the last day"."""
    if all(day > 0 for day in days):
        if lang == "de":
            return " am " + join([f"{day}." for day in days], lang)
        word = " on day " if len(days) == 1 else " on days "
        return word + join([str(day) for day in days], lang)
    if lang == "de":
        items = [
            f"{day}." if day > 0 else f"{_ordinal(day, lang)} Tag"
            for day in days
        ]
        return " am " + join(items, lang)
    items = [
        f"day {day}" if day > 0 else f"the {_ordinal(day, lang)} day"
        for day in days
    ]
    return " on " + join(items, lang)


# The parts of a rule that choose days; a wording below that describes some
# of them may only be used when the others are not given.
_DAY_PARTS = (
    "by_day",
    "by_month_day",
    "by_year_day",
    "by_week_no",
    "by_set_pos",
)


def _only(rule: Recurrence, *described: str) -> bool:
    """Whether *described* and ``BYMONTH`` are all the rule's day parts.

    ``WKST`` counts where it changes the meetings: in a rule of several
    weekdays every few weeks.
    """
    if any(
        getattr(rule, name) for name in _DAY_PARTS if name not in described
    ):
        return False
    return (
        rule.week_start is Weekday.MO
        or rule.freq is not Frequency.WEEKLY
        or rule.interval == 1
        or len(rule.by_day) < 2  # noqa: PLR2004 - one day needs no week
    )


def _months(months: tuple[int, ...], lang: str) -> str:
    """The months a rule is limited to: "im Januar und März"."""
    names = get_month_names("wide", locale=lang)
    word = " im " if lang == "de" else " in "
    return word + join([names[month] for month in months], lang)


def describe_rule(series: Series, lang: str) -> str:
    """The rhythm of *series*: "alle 8 Wochen mittwochs"."""
    return _rhythm(series.recurrence, series.start, lang)


def _rhythm(rule: Recurrence, start: datetime, lang: str) -> str:
    """The rhythm of *rule* from *start*: "alle 8 Wochen mittwochs".

    A rule that the words below cannot say in full is shown as its text,
    "jeden Monat (Regel FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=2,3,4,5,6,7,8)",
    so that no part of it is silently left out.
    """
    one, many = _UNITS[lang][rule.freq]
    text = one if rule.interval == 1 else many.format(n=rule.interval)
    days = get_day_names("wide", locale=lang)
    worded = True
    if rule.freq is Frequency.WEEKLY and _only(rule, "by_day"):
        weekdays = [d.day.number for d in rule.by_day] or [start.weekday()]
        names = [days[index] for index in weekdays]
        if lang == "de":
            text += " " + join([f"{name.lower()}s" for name in names], lang)
        else:
            text += " on " + join(names, lang)
    elif (
        rule.freq is Frequency.MONTHLY
        and rule.by_day
        and all(d.nth is not None for d in rule.by_day)
        and _only(rule, "by_day")
    ):
        parts = [
            f"{_ordinal(d.nth or 1, lang)} {days[d.day.number]}"
            for d in rule.by_day
        ]
        text += (" am " if lang == "de" else " on the ") + join(parts, lang)
    elif rule.freq is Frequency.MONTHLY and _only(rule, "by_month_day"):
        text += _month_days(rule.by_month_day or (start.day,), lang)
    else:
        worded = False
        if rule != type(rule)(
            freq=rule.freq,
            interval=rule.interval,
            count=rule.count,
            until=rule.until,
        ):
            text += f" ({'Regel' if lang == 'de' else 'rule'} {rule})"
    if worded and rule.by_month:
        text += _months(rule.by_month, lang)
    if rule.count is not None:
        text += (
            f", {rule.count}-mal" if lang == "de" else f", {rule.count} times"
        )
    elif rule.until is not None:
        until = format_date(rule.until, "medium", locale=lang)
        text += f" bis {until}" if lang == "de" else f" until {until}"
    return text


def describe_series(series: Series, lang: str | None) -> str:
    """Rhythm, time span and place of *series* in one line.

    Without *lang*, the series' own language is used.
    """
    lang = resolve_language(lang, series.language)
    if not series.changes:
        return _phase(
            {
                "start": series.start,
                "recurrence": series.recurrence,
                "duration": series.duration,
                "venue": series.venue,
                "room": series.room,
            },
            lang,
        )
    from ._phases import resolved  # noqa: PLC0415

    texts = []
    for index, values in enumerate(resolved(series)):
        text = _phase(values, lang)
        if index:
            month = format_skeleton("yMMMM", values["start"], locale=lang)
            # "ab"/"from" read right for a change past or still to come.
            text = f"{'ab' if lang == 'de' else 'from'} {month}: {text}"
        texts.append(text)
    return "; ".join(texts)


def _phase(values: dict[str, Any], lang: str) -> str:
    """Rhythm, time span and place of one phase of a series."""
    start = values["start"]
    end = start + values["duration"]
    if lang == "de":
        span = format_interval(start, end, "Hm", locale="de")
    else:
        span = format_interval(start, end, "hm", locale="en")
    parts = [_rhythm(values["recurrence"], start, lang), span]
    venue, room = values["venue"], values["room"]
    if venue is not None:
        place = venue.name
        if room is not None:
            word = "Raum" if lang == "de" else "room"
            place += f" ({word} {room.name})"
        parts.append(place)
    return ", ".join(parts)
