"""A small web API for the #SoMeWI regulars' table, built with FastAPI.

It serves the next meetings as JSON in meetupkit's web profile, the series
as a calendar feed with an ETag, and takes topic wishes and votes as JSON,
checked by meetupkit; a bad request gets 422 with one record per problem.
Its OpenAPI document shows meetupkit's schemas under components/schemas.

Serve it with any ASGI server, for example ``uvicorn web_api:app`` in
this folder.  ``python examples/web_api.py`` prints its OpenAPI document.
See docs/how-to/web-api.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import cattrs
from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError
from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from meetupkit import (
    InvalidValueError,
    Meetup,
    MeetupkitError,
    Series,
    TopicWish,
    redact,
    web,
)
from meetupkit.ical import to_ical
from meetupkit.schema import definitions
from meetupkit.serialize import configure_converter
from meetupkit.topics import vote

COMPONENTS = "#/components/schemas/{model}"


@attrs.frozen
class Vote:
    """A vote for a topic wish.

    Attributes:
        voter: The voter's name or id; one vote per person.
    """

    voter: str


# A converter of this app's own, for the classes that are not meetupkit's;
# configure_converter gives it meetupkit's strict reading.
converter = cattrs.Converter(forbid_extra_keys=True)
configure_converter(converter)

# What web.error_records turns into records: meetupkit's errors and those
# of a converter set up with configure_converter.  Anything else is a bug
# and answers 500.
INVALID = (MeetupkitError, BaseValidationError, ForbiddenExtraKeysError)


@attrs.define
class State:
    """The series the app serves, and when it last changed."""

    series: Series
    changed: datetime


def problem(exc: Exception) -> JSONResponse:
    """Answer 422 with one {path, message, hint} record per problem."""
    return JSONResponse(
        {
            "title": "The request body is not valid",
            "status": 422,
            "errors": web.error_records(exc),
        },
        status_code=422,
        media_type="application/problem+json",
    )


def body_schema(name: str) -> dict[str, Any]:
    """An OpenAPI request body of one of the components below."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": COMPONENTS.format(model=name)}
                }
            },
        }
    }


def answers(
    name: str, *, status: int = 200, many: bool = False, body: bool = False
) -> dict[int | str, Any]:
    """The OpenAPI responses of a route that answers with *name*.

    A route that takes a *body* may also answer 422 with a problem.
    """
    schema: dict[str, Any] = {"$ref": COMPONENTS.format(model=name)}
    if many:
        schema = {"type": "array", "items": schema}
    found: dict[int | str, Any] = {
        status: {"content": {"application/json": {"schema": schema}}}
    }
    if body:
        found[422] = {
            "description": "The body is not valid",
            "content": {
                "application/problem+json": {
                    "schema": {"$ref": COMPONENTS.format(model="Problem")}
                }
            },
        }
    return found


PROBLEM_SCHEMAS = {
    "Problem": {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "errors": {
                "type": "array",
                "items": {"$ref": COMPONENTS.format(model="ErrorRecord")},
            },
        },
    },
    "ErrorRecord": {
        "type": "object",
        "properties": {
            "path": {"type": "string", "description": "A JSON pointer."},
            "message": {"type": "string"},
            "hint": {"type": "string"},
        },
        "required": ["path", "message", "hint"],
    },
}


def create_app(
    series: Series | None = None,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> FastAPI:
    """Return the app, serving *series* (the #SoMeWI series by default)."""
    app = FastAPI(title="#SoMeWI", version="1")
    state = State(series or Series.example(), clock())

    def change(new: Series) -> None:
        state.series = new
        state.changed = clock()

    @app.get("/meetings/next", responses=answers("Meetup", many=True))
    def next_meetings(count: int = 3) -> JSONResponse:
        """The next meetings, as the public may see them."""
        meetings: list[Meetup] = []
        after = clock()
        while len(meetings) < min(max(count, 1), 20):
            meeting = state.series.next(after=after)
            if meeting is None:
                break
            meetings.append(meeting)
            after = meeting.start
        return JSONResponse([web.to_dict(redact(m)) for m in meetings])

    @app.get("/calendar.ics")
    def calendar(request: Request) -> Response:
        """The series as a calendar feed; 304 if the client has it."""
        body = to_ical(state.series, name="#SoMeWI", dtstamp=state.changed)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        wanted = request.headers.get("if-none-match", "")
        tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
        if etag in tags or "*" in tags:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={"ETag": etag},
        )

    @app.post(
        "/topics",
        status_code=201,
        openapi_extra=body_schema("TopicWish"),
        responses=answers("TopicWish", status=201, body=True),
    )
    async def propose(request: Request) -> JSONResponse:
        """Add a topic wish to the backlog of the series."""
        try:
            wish = web.from_json(TopicWish, await request.body())
            new = attrs.evolve(
                state.series, topics=(*state.series.topics, wish)
            )
        except INVALID as exc:
            return problem(exc)
        change(new)
        return JSONResponse(web.to_dict(redact(wish)), status_code=201)

    @app.post(
        "/topics/{index}/votes",
        openapi_extra=body_schema("Vote"),
        responses=answers("TopicWish", body=True),
    )
    async def add_vote(index: int, request: Request) -> JSONResponse:
        """Vote for the wish at *index* in the backlog."""
        topics = state.series.topics
        if not 0 <= index < len(topics):
            return JSONResponse(
                {"title": "No such topic", "status": 404}, status_code=404
            )
        try:
            data = json.loads(await request.body())
        except ValueError:
            return problem(
                InvalidValueError("", "not JSON", hint="send a JSON object")
            )
        try:
            ballot = converter.structure(data, Vote)
            wish = vote(topics[index], ballot.voter)
        except INVALID as exc:
            return problem(exc)
        changed = (*topics[:index], wish, *topics[index + 1 :])
        change(attrs.evolve(state.series, topics=changed))
        return JSONResponse(web.to_dict(redact(wish)))

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, routes=app.routes
            )
            schemas = document.setdefault("components", {}).setdefault(
                "schemas", {}
            )
            schemas.update(
                definitions(
                    Series,
                    Meetup,
                    TopicWish,
                    Vote,
                    ref_template=COMPONENTS,
                    profile="web",
                )
            )
            schemas.update(PROBLEM_SCHEMAS)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


app = create_app()

if __name__ == "__main__":
    print(json.dumps(app.openapi(), indent=2, ensure_ascii=False))
