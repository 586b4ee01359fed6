"""Serve a meetup file as a calendar feed that calendar apps subscribe to.

A small web server from the standard library answers ``GET /somewi.ics``
with the iCalendar feed of the #SoMeWI series (or of the meetup file given
with ``--file``, read again on every request so that edits show up).  The
feed keeps local time with its zone, so the meetings stay at 19:00 across
daylight-saving changes, and its UIDs are stable, so subscribers see
updates instead of duplicates.  Each response carries an ``ETag``; a client
that sends it back in ``If-None-Match`` gets ``304 Not Modified``.

Run it as ``python examples/calendar_feed.py [--port 8000] [--file FILE]``
and subscribe to the URL it prints.  ``--once`` answers one request and
exits (``--requests N`` answers N); ``--port 0`` picks a free port.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tomllib
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from meetupkit import Meetup, MeetupkitError, Series, from_dict
from meetupkit.ical import to_ical

FEED_PATH = "/somewi.ics"


def load(path: Path | None) -> Series | Meetup:
    """The series or meetup to publish: a file, or the #SoMeWI example."""
    if path is None:
        return Series.example()
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    # A file holds a series if it has a rule, else a one-off meetup.
    kind = Series if "recurrence" in data else Meetup
    return from_dict(kind, data)


def feed(path: Path | None) -> bytes:
    """The calendar, stamped with the file's time so its ETag is stable."""
    if path is None:
        stamp = datetime(2014, 9, 1, tzinfo=UTC)
    else:
        stamp = datetime.fromtimestamp(int(path.stat().st_mtime), tz=UTC)
    item = load(path)
    return to_ical(item, name=item.title, dtstamp=stamp)


def make_handler(path: Path | None) -> type[BaseHTTPRequestHandler]:
    """A request handler class that serves the feed of *path*."""

    class FeedHandler(BaseHTTPRequestHandler):
        server_version = "meetupkit-feed/1"

        def do_GET(self) -> None:
            if self.path.split("?")[0] != FEED_PATH:
                self.send_error(HTTPStatus.NOT_FOUND, "try " + FEED_PATH)
                return
            try:
                body = feed(path)
            except (OSError, ValueError, MeetupkitError) as exc:
                # A broken file must not take the feed down with a traceback.
                self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "public, max-age=3600")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            print(f"{self.address_string()} {format % args}", flush=True)

    return FeedHandler


def main(argv: list[str] | None = None) -> int:
    """Serve the feed until interrupted, or for a number of requests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--file", type=Path, help="a meetup file to serve")
    parser.add_argument(
        "--once", action="store_true", help="answer one request, then exit"
    )
    parser.add_argument(
        "--requests", type=int, help="answer this many requests, then exit"
    )
    args = parser.parse_args(argv)
    count = 1 if args.once else args.requests

    with HTTPServer((args.host, args.port), make_handler(args.file)) as server:
        host, port = server.server_address[:2]
        print(f"Serving http://{host}:{port}{FEED_PATH}", flush=True)
        if count is None:
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                print("Stopped.")
        else:
            for _ in range(count):
                server.handle_request()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
