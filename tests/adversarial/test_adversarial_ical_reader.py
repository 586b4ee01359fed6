"""Hostile iCalendar input: the reader ends in time with a result or an error.

Each case runs in a fresh, capped Python process (see
``test_adversarial_resources``).  The bounds meetupkit documents for the
reader (``meetupkit.ical.MAX_EVENTS``, ``MAX_DATES_PER_EVENT`` and the
VTIMEZONE rule bound), with the figures measured:

=============================================  ==============  ==========
input                                          outcome         CPU time
=============================================  ==============  ==========
199,000 small VEVENTs (34 MB)                  feed refused    0.03 s
10,000 small VEVENTs (``MAX_EVENTS``)          read            0.8 s
one VEVENT with 3.8 million RDATEs (63 MiB)    event skipped   0.25 s
one VEVENT with 10,000 RDATEs                  read            0.3 s
100,000 ``[`` in ``X-MEETUPKIT-TOPIC``         event skipped   < 0.5 s
VTIMEZONE rule ``FREQ=SECONDLY`` from year 1   event skipped   < 0.1 s
=============================================  ==============  ==========

CPU time was measured with :func:`time.process_time` on a shared 2-core
machine, where the wall time was up to six times longer; the 63 MiB case
is bound by decoding and splitting the input, the 10,000 events by building
10,000 model objects.  The limits below (CPU time, as every case of
``run_bounded`` measures) leave room for slower machines.
"""

from __future__ import annotations

import pytest
from test_adversarial_resources import run_bounded

_FEED = """
from meetupkit.ical import from_ical_report
def feed(*lines):
    body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//x//EN', *lines,
            'END:VCALENDAR']
    return ('\\r\\n'.join(body) + '\\r\\n').encode()
def event(*lines, uid='a@example.org',
          start='DTSTART;TZID=Europe/Berlin:20150113T190000'):
    return ('BEGIN:VEVENT', f'UID:{uid}', start, 'DURATION:PT2H', *lines,
            'END:VEVENT')
def zone(rule, first='00010101T000000'):
    return ('BEGIN:VTIMEZONE', 'TZID:Dicht', 'BEGIN:STANDARD',
            f'DTSTART:{first}', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100',
            f'RRULE:{rule}', 'END:STANDARD', 'BEGIN:DAYLIGHT',
            f'DTSTART:{first}', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200',
            'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
            'END:VTIMEZONE')
def skipped(data, text):
    report = from_ical_report(data)
    assert report.items == (), report.items
    (entry,) = report.skipped
    assert text in entry.reason, entry.reason
"""

_DENSE = "event(start='DTSTART;TZID=Dicht:20150113T190000')"

#: name: (setup, timed code, CPU-time limit in seconds)
CASES: dict[str, tuple[str, str, float]] = {
    "topic-100000-brackets": (
        "data = feed(*event('X-MEETUPKIT-TOPIC:' + '[' * 100_000))",
        "skipped(data, 'nested too deeply')",
        2.0,
    ),
    "venue-100000-brackets": (
        "data = feed(*event('X-MEETUPKIT-VENUE:' + '[' * 100_000))",
        "skipped(data, 'nested too deeply')",
        2.0,
    ),
    "tzid-5000-segments": (
        "data = feed(*event(start='DTSTART;TZID=' + 'A/' * 5000"
        " + ':20150113T190000'))",
        "skipped(data, 'neither an IANA zone')",
        2.0,
    ),
    "duration-5000-digits": (
        "data = feed('BEGIN:VEVENT', 'UID:a', 'DTSTART:20150113T180000Z',"
        " 'DURATION:PT' + '9' * 5000 + 'H', 'END:VEVENT')",
        "skipped(data, 'is not a duration')",
        2.0,
    ),
    "tzoffsetto-2400": (
        "rule = 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'\n"
        "data = feed(*[line.replace('TZOFFSETTO:+0100', 'TZOFFSETTO:+2400')"
        f" for line in zone(rule, '19700101T030000')], *{_DENSE})",
        "skipped(data, 'is not a UTC offset')",
        2.0,
    ),
    "exdate-year-9999": (
        "data = feed(*event('RRULE:FREQ=DAILY', 'EXDATE:99991231T235959Z'))",
        "skipped(data, 'outside the years')",
        2.0,
    ),
    "vtimezone-secondly-from-year-1": (
        f"data = feed(*zone('FREQ=SECONDLY', '00020101T000000'), *{_DENSE})",
        "skipped(data, 'not yearly or monthly')",
        2.0,
    ),
    "vtimezone-minutely-from-year-1": (
        f"data = feed(*zone('FREQ=MINUTELY'), *{_DENSE})",
        "skipped(data, '')",
        2.0,
    ),
    "vtimezone-daily-from-year-2": (
        f"data = feed(*zone('FREQ=DAILY', '00020101T000000'), *{_DENSE})",
        "skipped(data, 'not yearly or monthly')",
        2.0,
    ),
    "vtimezone-every-monday-from-year-2": (
        f"data = feed(*zone('FREQ=YEARLY;BYDAY=MO', '00020101T000000'),"
        f" *{_DENSE})",
        "skipped(data, 'too many onsets')",
        2.0,
    ),
    "199000-small-events": (
        "one = '\\r\\n'.join(event(uid='x')) + '\\r\\n'\n"
        "data = ('BEGIN:VCALENDAR\\r\\n' + one * 199_000"
        " + 'END:VCALENDAR\\r\\n').encode()",
        "try:\n"
        "    from_ical_report(data)\n"
        "except MeetupkitError as exc:\n"
        "    assert 'MAX_EVENTS' in str(exc), exc\n"
        "else:\n"
        "    raise AssertionError('not refused')",
        2.0,
    ),
    "10000-small-events": (
        "data = feed(*[line for n in range(10_000)"
        " for line in event(uid=f'e{n}')])",
        "assert len(from_ical_report(data).items) == 10_000",
        15.0,
    ),
    "63-mib-of-rdates": (
        "stamp = ','.join(['20150113T180000Z'] * 60_000)\n"
        "data = feed(*event(*['RDATE:' + stamp] * 64))\n"
        "assert len(data) > 62 << 20",
        "skipped(data, 'MAX_DATES_PER_EVENT')",
        3.0,
    ),
    "10000-rdates": (
        "stamps = [f'{2015 + n // 365:04}0101T{n % 24:02}0000Z'"
        " for n in range(10_000)]\n"
        "data = feed(*event('RDATE:' + ','.join(stamps)))",
        "assert len(from_ical_report(data).items) > 400",
        5.0,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_feed_ends_in_time(name: str) -> None:
    """The case ends within its limit, with a result or a meetupkit error."""
    setup, code, limit = CASES[name]
    report = run_bounded(_FEED + setup, code)
    assert report["outcome"] == "ok", report
    print(name, report)  # noqa: T201 - the figures for the table above
    assert report["seconds"] < limit, report


def test_default_tz_of_5000_segments_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``import-ical --default-tz`` with a 5,000-segment name is a usage error."""
    feed = tmp_path / "feed.ics"
    feed.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    setup = f"from meetupkit import cli\npath = {str(feed)!r}"
    code = (
        "assert cli.main(['import-ical', path, '--default-tz',"
        " 'A/' * 5000]) == 2"
    )
    report = run_bounded(setup, code)
    assert report["outcome"] == "ok", report
