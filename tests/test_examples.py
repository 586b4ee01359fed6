"""Run every script in examples/ as a user would and check what it makes."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import html5lib
import pytest

from meetupkit import Meetup, Series, from_json, from_toml
from meetupkit.ical import from_ical

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
CHECKED = {
    "somewi.py",
    "plan_topics.py",
    "import_feed.py",
    "event_page.py",
    "calendar_feed.py",
    "web_api.py",
    "organizer.py",
    "wsgi_feed.py",
}


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one example script in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


class TestAllExamples:
    def test_every_example_is_checked(self):
        """Each script in examples/ has a test of its output here."""
        assert {path.name for path in SCRIPTS} == CHECKED

    @pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
    def test_says_what_it_shows(self, path):
        """Each example starts with a docstring that says how to run it."""
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc
        assert f"examples/{path.name}" in doc


class TestSomewi:
    def test_writes_and_rereads_its_files(self, tmp_path):
        """somewi.py writes the kickoff, the series and what grows from it."""
        result = run("somewi.py", str(tmp_path), "--today", "2014-09-25")
        assert "#SoMeWI" in result.stdout
        kickoff_json = tmp_path / "somewi-kickoff.json"
        kickoff = from_json(Meetup, kickoff_json.read_bytes())
        kickoff_toml = tmp_path / "somewi-kickoff.toml"
        assert from_toml(Meetup, kickoff_toml.read_bytes()) == kickoff
        series = from_json(Series, (tmp_path / "somewi.json").read_bytes())
        somewi_toml = tmp_path / "somewi.toml"
        assert from_toml(Series, somewi_toml.read_bytes()) == series
        assert series.meetup(1).start == kickoff.start
        assert kickoff.recap is not None

    @pytest.mark.parametrize(
        "name",
        [
            "somewi-kickoff.json",
            "somewi.json",
            "somewi.ics",
            "somewi-kickoff-recap.de.md",
            "somewi-kickoff-recap.de.html",
            "somewi-invitation.de.md",
            "somewi.jsonld",
        ],
    )
    def test_golden_files(self, tmp_path, golden, name):
        """Each file the main example writes equals its reviewed golden copy."""
        result = run("somewi.py", str(tmp_path), "--today", "2026-11-25")
        golden(f"examples/{name}", (tmp_path / name).read_bytes())
        summary = result.stdout.split("Geschrieben", 1)[0]
        golden("examples/somewi-stdout.txt", summary)

    def test_calendar_recap_invitation_and_jsonld(self, tmp_path):
        """The calendar, recaps, invitation and JSON-LD exist and parse."""
        run("somewi.py", str(tmp_path), "--today", "2014-09-25")
        series = from_json(Series, (tmp_path / "somewi.json").read_bytes())
        imported = from_ical((tmp_path / "somewi.ics").read_bytes())
        assert [item.uid for item in imported] == [series.uid]
        recap = tmp_path / "somewi-kickoff-recap.de.md"
        assert recap.read_text(encoding="utf-8").startswith("# ")
        page = tmp_path / "somewi-kickoff-recap.de.html"
        html5lib.HTMLParser(strict=True).parseFragment(
            page.read_text(encoding="utf-8")
        )
        invitation = tmp_path / "somewi-invitation.de.md"
        assert "19. November 2014" in invitation.read_text(encoding="utf-8")
        jsonld = tmp_path / "somewi.jsonld"
        doc = json.loads(jsonld.read_text(encoding="utf-8"))
        assert doc["@type"] == "EventSeries"

    def test_the_command_reads_its_files(self, tmp_path):
        """The files the example writes pass ``meetupkit validate``."""
        run("somewi.py", str(tmp_path), "--today", "2014-09-25")
        names = ["somewi-kickoff.json", "somewi-kickoff.toml"]
        names += ["somewi.json", "somewi.toml"]
        files = [str(tmp_path / name) for name in names]
        result = subprocess.run(
            [sys.executable, "-m", "meetupkit", "validate", *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


class TestPlanTopics:
    def test_plans_around_the_cancelled_meeting(self, tmp_path):
        """The wishes go to meetings 3 and 4; meeting 2 is cancelled."""
        result = run("plan_topics.py", str(tmp_path))
        assert "3  Social Media und Recht" in result.stdout
        series = from_toml(
            Series, (tmp_path / "somewi-planned.toml").read_bytes()
        )
        assert series.meetup(2).is_cancelled
        assert not series.meetup(2).topics
        assert len(series.meetup(3).topics) == 2
        assert [t.title for t in series.meetup(4).topics] == [
            "Coworking-Spaces"
        ]


class TestImportFeed:
    def test_reads_the_feed_and_refuses_html(self, tmp_path):
        """The built-in feed gives a series and a meetup; HTML is refused."""
        result = run("import_feed.py", str(tmp_path))
        series = from_toml(Series, (tmp_path / "imported-1.toml").read_bytes())
        meetup = from_toml(Meetup, (tmp_path / "imported-2.toml").read_bytes())
        assert str(series.recurrence) == "FREQ=MONTHLY;BYDAY=2TU"
        assert meetup.title == "Social Media Barcamp Rhein-Main"
        assert "2014-11-18 19:00 moved" in result.stdout
        assert "2014-12-09 19:00 cancelled" in result.stdout
        assert "Refused a broken feed" in result.stdout

    def test_reads_a_given_feed(self, tmp_path):
        """--feed reads another file, such as the #SoMeWI calendar."""
        from meetupkit.ical import to_ical

        feed = tmp_path / "somewi.ics"
        feed.write_bytes(to_ical(Series.example()))
        out = tmp_path / "out"
        run("import_feed.py", str(out), "--feed", str(feed))
        imported = from_toml(Series, (out / "imported-1.toml").read_bytes())
        assert imported.uid == Series.example().uid


class TestEventPage:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_page_with_jsonld(self, tmp_path, lang):
        """The page parses as HTML and embeds the next meeting as an Event."""
        run("event_page.py", str(tmp_path), "--lang", lang)
        text = (tmp_path / "somewi-event.html").read_text(encoding="utf-8")
        document = html5lib.HTMLParser(strict=True).parse(text)
        ns = {"h": "http://www.w3.org/1999/xhtml"}
        scripts = document.findall(".//h:script", ns)
        assert len(scripts) == 1
        assert scripts[0].get("type") == "application/ld+json"
        event = json.loads(scripts[0].text)
        assert event["@type"] == "Event"
        assert event["startDate"] == "2014-11-19T19:00:00+01:00"
        assert event["location"]["address"]["addressLocality"] == "Wiesbaden"
        body = "".join(document.find(".//h:main", ns).itertext())
        assert "Social Media und Recht" in body
        expected = "November" if lang == "en" else "19. November 2014"
        assert expected in body


class TestWsgiFeed:
    def test_serves_the_feed_of_the_how_to(self):
        """The WSGI app serves the series, then 304 for the same ETag."""
        process = subprocess.Popen(
            [
                sys.executable,
                str(EXAMPLES / "wsgi_feed.py"),
                "--port",
                "0",
                "--requests",
                "2",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline().split()
            assert first[0] == "Serving"
            url = first[1]
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                kind = response.headers["Content-Type"]
                etag = response.headers["ETag"]
                body = response.read()
            assert kind == "text/calendar; charset=utf-8"
            assert from_ical(body) == [Series.example()]
            request = urllib.request.Request(  # noqa: S310 - loopback
                url, headers={"If-None-Match": etag}
            )
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(request, timeout=30)  # noqa: S310
            info.value.close()
            assert info.value.code == 304
            assert process.wait(timeout=30) == 0
        finally:
            process.kill()
            process.communicate()


class TestCalendarFeed:
    def test_serves_the_feed_over_loopback(self, tmp_path):
        """The server answers with the feed, then 304 for the same ETag."""
        process = subprocess.Popen(
            [
                sys.executable,
                str(EXAMPLES / "calendar_feed.py"),
                "--port",
                "0",
                "--requests",
                "3",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline().split()
            assert first[0] == "Serving"
            url = first[1]
            assert url.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                assert response.status == 200
                kind = response.headers["Content-Type"]
                assert kind == "text/calendar; charset=utf-8"
                etag = response.headers["ETag"]
                body = response.read()
            assert from_ical(body)[0].uid == Series.example().uid
            request = urllib.request.Request(  # noqa: S310 - loopback
                url, headers={"If-None-Match": etag}
            )
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(request, timeout=30)  # noqa: S310
            info.value.close()
            assert info.value.code == 304
            missing = url.rsplit("/", 1)[0] + "/nothing"
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(missing, timeout=30)  # noqa: S310
            info.value.close()
            assert info.value.code == 404
            assert process.wait(timeout=30) == 0
        finally:
            process.kill()
            process.communicate()

    def test_serves_a_meetup_file_once(self, tmp_path):
        """--file serves a given file; --once answers one request."""
        path = tmp_path / "kickoff.toml"
        subprocess.run(
            [sys.executable, "-m", "meetupkit", "new", str(path)], check=True
        )
        process = subprocess.Popen(
            [
                sys.executable,
                str(EXAMPLES / "calendar_feed.py"),
                "--port",
                "0",
                "--once",
                "--file",
                str(path),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().split()[1]
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                items = from_ical(response.read())
            assert items[0].title == "#SoMeWI Stammtisch"
            assert process.wait(timeout=30) == 0
        finally:
            process.kill()
            process.communicate()


class TestWebApi:
    def test_prints_its_openapi_document(self):
        """Run as a script, the FastAPI example prints its OpenAPI document."""
        document = json.loads(run("web_api.py").stdout)
        assert document["openapi"].startswith("3.1")
        assert "TopicWish" in document["components"]["schemas"]


class TestOrganizer:
    def test_round_fills_the_room_invites_and_moves(self, tmp_path):
        """organizer.py fills the room, invites, moves and changes the rhythm."""
        import email
        import email.policy

        result = run("organizer.py", str(tmp_path))
        lines = result.stdout.splitlines()
        assert lines[0].endswith("12 dabei, Warteliste: ['Gast 12']")
        assert lines[1].endswith("12 dabei, Warteliste: []")
        assert "2026-12-30: Betriebsferien, verschoben auf 2027-01-06" in lines
        assert any(line.endswith("SEQUENCE 1") for line in lines)
        assert "ab März 2027: alle 4 Wochen mittwochs" in result.stdout
        assert lines[-3:] == [
            "  Treffen 83: 2027-03-24 19:00",
            "  Treffen 84: 2027-04-21 19:00",
            "  Treffen 85: 2027-05-19 19:00",
        ]
        message = email.message_from_bytes(
            (tmp_path / "invitation.eml").read_bytes(),
            policy=email.policy.default,
        )
        calendar = next(
            part
            for part in message.walk()
            if part.get_content_type() == "text/calendar"
        )
        assert calendar.get_param("method") == "REQUEST"
        series = from_json(
            Series, (tmp_path / "somewi-2027.json").read_bytes()
        )
        meeting = series.next(after=datetime(2026, 12, 29, tzinfo=UTC))
        assert meeting is not None
        assert meeting.start.date().isoformat() == "2027-01-06"
        emails = [p.email for p in meeting.attendance.attending]
        assert "anna@example.org" in emails
        assert len(meeting.attendance.attending) == 12
        assert series.changes[0].start.date().isoformat() == "2027-03-24"
