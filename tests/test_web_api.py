"""Run the FastAPI example of docs/how-to/web-api.md with its test client."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from meetupkit import Meetup, TopicWish, web
from meetupkit.ical import from_ical

EXAMPLE = Path(__file__).parent.parent / "examples" / "web_api.py"
NOW = datetime(2014, 9, 25, 12, tzinfo=UTC)


def load_example() -> ModuleType:
    """Import examples/web_api.py as a module, as the how-to tells."""
    spec = importlib.util.spec_from_file_location("web_api", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


web_api = load_example()


@pytest.fixture
def client() -> TestClient:
    """A test client of a fresh app whose clock stands still."""
    return TestClient(web_api.create_app(clock=lambda: NOW))


WISH = {
    "title": "Social Media und Recht",
    "proposed_by": "anna",
    "proposed_on": "2014-09-24",
    "tags": ["Recht"],
}


def refs(value: Any) -> list[str]:
    """Every $ref in a JSON document, at any depth."""
    if isinstance(value, dict):
        found = [value["$ref"]] if "$ref" in value else []
        for item in value.values():
            found.extend(refs(item))
        return found
    if isinstance(value, list):
        return [ref for item in value for ref in refs(item)]
    return []


class TestNextMeetings:
    def test_next_meetings_are_web_json(self, client):
        """The next meetings come in the web profile, readable back."""
        response = client.get("/meetings/next", params={"count": 2})
        assert response.status_code == 200
        meetings = response.json()
        assert [m["start"] for m in meetings] == [
            "2014-11-19T19:00:00+01:00",
            "2015-01-14T19:00:00+01:00",
        ]
        assert {m["start_zone"] for m in meetings} == {"Europe/Berlin"}
        first = web.from_dict(Meetup, meetings[0])
        assert first.start == datetime.fromisoformat(meetings[0]["start"])
        assert first.number == 2

    def test_count_is_bounded(self, client):
        """However many are asked for, at most 20 come back."""
        response = client.get("/meetings/next", params={"count": 1000})
        assert len(response.json()) == 20


class TestCalendar:
    def test_feed_has_an_etag_and_answers_304(self, client):
        """The feed carries an ETag; sending it back gives 304, no body."""
        response = client.get("/calendar.ics")
        assert response.status_code == 200
        assert response.headers["content-type"] == (
            "text/calendar; charset=utf-8"
        )
        assert from_ical(response.content)[0].title == "#SoMeWI Stammtisch"
        etag = response.headers["etag"]
        again = client.get("/calendar.ics", headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag

    def test_weak_and_listed_etags_match(self, client):
        """A weak ETag among others still counts as the one the client has."""
        etag = client.get("/calendar.ics").headers["etag"]
        header = f'"other", W/{etag}'
        response = client.get(
            "/calendar.ics", headers={"If-None-Match": header}
        )
        assert response.status_code == 304

    def test_other_etag_gets_the_feed(self, client):
        """A stale ETag gets the whole feed."""
        response = client.get(
            "/calendar.ics", headers={"If-None-Match": '"stale"'}
        )
        assert response.status_code == 200
        assert response.content.startswith(b"BEGIN:VCALENDAR")


class TestTopics:
    def test_a_wish_is_accepted_and_voted_for(self, client):
        """A valid wish gets 201; votes for it count once per person."""
        response = client.post("/topics", json=WISH)
        assert response.status_code == 201
        assert web.from_dict(TopicWish, response.json()).title == WISH["title"]
        for voter in ("anna", "ben", "anna"):
            response = client.post("/topics/0/votes", json={"voter": voter})
            assert response.status_code == 200
        assert len(response.json()["voters"]) == 2

    def test_a_bad_wish_gets_records(self, client):
        """Every problem of a wish comes back as a record at its field."""
        body = {
            "titel": "Social Media und Recht",
            "planned_for": "2014-11-19T19:00:00+01:00[Europe/Berlin]",
        }
        response = client.post("/topics", json=body)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        errors = response.json()["errors"]
        assert {
            "path": "/titel",
            "message": "unknown key",
            "hint": "did you mean 'title'?",
        } in errors
        paths = [error["path"] for error in errors]
        assert "/planned_for" in paths
        assert "/title" in paths

    def test_a_wish_that_is_not_json_gets_a_record(self, client):
        """A body that is not JSON is one record for the whole document."""
        response = client.post("/topics", content=b"{title")
        assert response.status_code == 422
        (error,) = response.json()["errors"]
        assert error["path"] == ""
        assert "JSON" in error["message"]

    def test_a_bad_vote_gets_records(self, client):
        """A vote with a typo gets 'missing' and 'did you mean' records."""
        client.post("/topics", json=WISH)
        response = client.post("/topics/0/votes", json={"votr": "anna"})
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {
                "path": "/voter",
                "message": "missing",
                "hint": "this field is required; add it",
            },
            {
                "path": "/votr",
                "message": "unknown key",
                "hint": "did you mean 'voter'?",
            },
        ]

    @pytest.mark.parametrize(
        ("body", "path"),
        [({"voter": " "}, "/voter"), ({"voter": 7}, "/voter"), ([], "")],
    )
    def test_vote_values_are_checked(self, client, body, path):
        """A blank voter, a number or an array is refused at its field."""
        client.post("/topics", json=WISH)
        response = client.post("/topics/0/votes", json=body)
        assert response.status_code == 422
        assert [e["path"] for e in response.json()["errors"]] == [path]

    def test_vote_that_is_not_json_gets_a_record(self, client):
        """A vote body that is not JSON is one record."""
        client.post("/topics", json=WISH)
        response = client.post("/topics/0/votes", content=b"anna")
        assert response.status_code == 422
        assert response.json()["errors"][0]["path"] == ""

    def test_vote_for_a_missing_topic_is_404(self, client):
        """Voting for a wish that is not in the backlog is not found."""
        response = client.post("/topics/3/votes", json={"voter": "anna"})
        assert response.status_code == 404


class TestOpenApi:
    def test_components_hold_meetupkit_schemas(self, client):
        """The OpenAPI document lists meetupkit's web schemas."""
        document = client.get("/openapi.json").json()
        schemas = document["components"]["schemas"]
        for name in ("Series", "Meetup", "TopicWish", "Vote", "TimeZone"):
            assert name in schemas
        assert schemas["DateTime"]["format"] == "date-time"
        wish_body = document["paths"]["/topics"]["post"]["requestBody"]
        schema = wish_body["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/TopicWish"}

    def test_every_ref_resolves_to_a_component(self, client):
        """No ref points into $defs; each names a component that exists."""
        document = client.get("/openapi.json").json()
        schemas = document["components"]["schemas"]
        found = refs(document)
        assert found
        for ref in found:
            assert ref.startswith("#/components/schemas/"), ref
            assert ref.rsplit("/", 1)[1] in schemas, ref
        assert "$defs" not in json.dumps(document)
