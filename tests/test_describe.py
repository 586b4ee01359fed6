"""Tests for the words meetupkit writes: languages by default, natural lists."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetupkit import ByDay, Recurrence, Series, Weekday, strategies
from meetupkit.render import render_invitation, render_recap
from meetupkit.render._texts import TEXTS
from somewi_data import kickoff, somewi_series


def _weekly(*days: Weekday) -> Series:
    rule = Recurrence(freq="weekly", by_day=tuple(ByDay(day=d) for d in days))
    return attrs.evolve(Series.example(), recurrence=rule)


class TestLists:
    """Lists read as a sentence does."""

    @pytest.mark.parametrize(
        ("days", "de", "en"),
        [
            ((Weekday.MO,), "jede Woche montags", "every week on Monday"),
            (
                (Weekday.MO, Weekday.WE),
                "jede Woche montags und mittwochs",
                "every week on Monday and Wednesday",
            ),
            (
                (Weekday.MO, Weekday.WE, Weekday.FR),
                "jede Woche montags, mittwochs und freitags",
                "every week on Monday, Wednesday, and Friday",
            ),
        ],
    )
    def test_weekdays_join_with_and(
        self, days: tuple[Weekday, ...], de: str, en: str
    ) -> None:
        """Two weekdays are joined by "und"/"and", three with commas too."""
        series = _weekly(*days)
        assert series.describe(lang="de").startswith(de + ",")
        assert series.describe(lang="en").startswith(en + ",")

    def test_days_of_month_join_with_and(self) -> None:
        """Several days of the month read "am 1. und 15." / "on days 1 and 15"."""
        rule = Recurrence(freq="monthly", by_month_day=(1, 15))
        series = attrs.evolve(Series.example(), recurrence=rule)
        assert series.describe(lang="de").startswith(
            "jeden Monat am 1. und 15."
        )
        assert series.describe(lang="en").startswith(
            "every month on days 1 and 15"
        )

    @pytest.mark.parametrize(
        ("days", "de", "en"),
        [
            (
                (-1,),
                "jeden Monat am letzten Tag,",
                "every month on the last day,",
            ),
            (
                (1, -2),
                "jeden Monat am 1. und vorletzten Tag,",
                "every month on day 1 and the 2nd-to-last day,",
            ),
            (
                (-3,),
                "jeden Monat am 3.-letzten Tag,",
                "every month on the 3rd-to-last day,",
            ),
        ],
    )
    def test_days_counted_from_the_end(
        self, days: tuple[int, ...], de: str, en: str
    ) -> None:
        """Negative days of the month are words, not "am -1."."""
        rule = Recurrence(freq="monthly", by_month_day=days)
        series = attrs.evolve(Series.example(), recurrence=rule)
        assert series.describe(lang="de").startswith(de)
        assert series.describe(lang="en").startswith(en)

    def test_roles_join_with_and(self) -> None:
        """A person with two roles is listed as "Organisation und Gastgeber"."""
        series = somewi_series()
        meetup = series.meetup(1)
        person = attrs.evolve(
            kickoff().participants[0], roles=("organizer", "host")
        )
        text = render_invitation(
            attrs.evolve(meetup, participants=(person,)), lang="de"
        )
        assert "Dominik Hoffmann (Organisation und Gastgeber)" in text


class TestWholeRule:
    """describe() never leaves out a part of the rule."""

    def test_months_of_a_summer_break_are_named(self) -> None:
        """A rule limited to some months names them in both languages."""
        rule = Recurrence.parse("FREQ=MONTHLY;BYDAY=1WE;BYMONTH=1,2,3,9,12")
        series = attrs.evolve(Series.example(), recurrence=rule)
        assert series.describe(lang="de").startswith(
            "jeden Monat am 1. Mittwoch im Januar, Februar, März, September"
            " und Dezember,"
        )
        assert series.describe(lang="en").startswith(
            "every month on the 1st Wednesday in January, February, March,"
            " September, and December,"
        )

    def test_weekly_rule_in_some_months(self) -> None:
        """An eight-weekly rule without July and August says so."""
        rule = Recurrence.parse("FREQ=WEEKLY;INTERVAL=8;BYMONTH=6,9")
        series = attrs.evolve(Series.example(), recurrence=rule)
        assert series.describe(lang="en").startswith(
            "every 8 weeks on Wednesday in June and September,"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=MONTHLY;BYDAY=2TU;BYMONTHDAY=8,9,10,11,12,13,14",
            "FREQ=MONTHLY;BYMONTHDAY=1,2,3;BYSETPOS=1",
            "FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU",
        ],
    )
    def test_parts_without_words_show_the_rule(self, text: str) -> None:
        """A rule the words cannot say in full is shown as its text."""
        rule = Recurrence.parse(text)
        series = attrs.evolve(Series.example(), recurrence=rule)
        assert f"(rule {rule})" in series.describe(lang="en")
        assert f"(Regel {rule})" in series.describe(lang="de")

    def test_week_start_of_one_weekday_changes_nothing(self) -> None:
        """WKST does not matter to a rule of one weekday, so it is not shown."""
        rule = Recurrence.parse("FREQ=WEEKLY;INTERVAL=8;WKST=SU")
        series = attrs.evolve(Series.example(), recurrence=rule)
        assert series.describe(lang="en").startswith(
            "every 8 weeks on Wednesday,"
        )


class TestDefaultLanguage:
    """Without lang=, words follow the object's own language."""

    @pytest.mark.parametrize(
        ("language", "expected"),
        [("de", "alle 8 Wochen"), ("de-AT", "alle 8 Wochen"),
         ("en", "every 8 weeks"), ("fr", "every 8 weeks"),
         (None, "every 8 weeks")],
    )  # fmt: skip
    def test_describe_follows_series_language(
        self, language: str | None, expected: str
    ) -> None:
        """describe() speaks the series' language, English if unsupported."""
        series = attrs.evolve(Series.example(), language=language)
        assert series.describe().startswith(expected)

    def test_explicit_language_wins(self) -> None:
        """An explicit lang= overrides the object's language."""
        series = Series.example()
        assert series.describe(lang="en").startswith("every 8 weeks")
        text = render_invitation(series.meetup(2), series=series, lang="en")
        assert "When: Wednesday, November 19, 2014" in text

    @pytest.mark.parametrize("language", ["de", "en"])
    def test_render_follows_meetup_language(self, language: str) -> None:
        """Invitations and recaps speak the meeting's language by default."""
        series = attrs.evolve(Series.example(), language=language)
        meetup = series.meetup(2)
        when = TEXTS[language]["when"]
        assert f"{when}: " in render_invitation(meetup)
        outlook = TEXTS[language]["outlook"]
        assert f"## {outlook}" in render_recap(series.meetup(1), series=series)

    def test_recap_follows_recap_language(self) -> None:
        """An English recap of a German meeting gets English labels."""
        meetup = attrs.evolve(kickoff("en"), language="de")
        assert "## Who came" in render_recap(meetup)


_DAY = timedelta(days=1)
_FIXED = ("invitation_via", "signup_channel", "invite", "more")


@settings(max_examples=20)
@given(st.sampled_from(["de", "en"]), strategies.series())
def test_fixed_texts_appear_once_where_they_belong(
    lang: str, series: Series
) -> None:
    """Each fixed sentence appears at most once; an invitation never announces itself."""
    texts = TEXTS[lang]
    channel = series.invitation_channel or "XING"
    fixed = {key: texts[key].format(channel=channel) for key in _FIXED}
    for meetup in series.meetups(series.start, series.start + 400 * _DAY)[:3]:
        for fmt in ("text", "markdown"):
            text = render_invitation(meetup, series=series, lang=lang,
                                     format=fmt)  # type: ignore[arg-type]  # fmt: skip
            for sentence in fixed.values():
                assert text.count(sentence) <= 1
            if not meetup.is_cancelled:
                assert fixed["invitation_via"] not in text
        for fmt in ("markdown", "html"):
            text = render_recap(meetup, series=series, lang=lang,
                                format=fmt)  # type: ignore[arg-type]  # fmt: skip
            for sentence in fixed.values():
                assert text.count(sentence) <= 1
            assert fixed["signup_channel"] not in text
