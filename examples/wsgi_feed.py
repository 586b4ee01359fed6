"""Serve the #SoMeWI series as a calendar feed from a WSGI application.

This is the application of the how-to "Publish a calendar feed from a web
app", as a file to copy.  ``feed_app`` answers ``GET /somewi.ics`` with the
iCalendar feed, ``text/calendar``, and an ``ETag``; a calendar that sends
the ETag back in ``If-None-Match`` gets ``304 Not Modified``.  Any WSGI
server runs it (gunicorn, uWSGI, mod_wsgi); in Flask or Django, the body of
``feed_app`` goes into a view.

Run it as ``python examples/wsgi_feed.py [--port 8000] [--requests N]``
with the standard library's ``wsgiref`` server, and subscribe to the URL it
prints; ``--port 0`` picks a free port, ``--requests N`` answers N requests
and exits.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from meetupkit import Series
from meetupkit.ical import to_ical

somewi = Series.example()
# The time the data last changed: the same data then gives the same bytes.
updated = datetime(2014, 9, 1, tzinfo=UTC)


def feed_app(
    environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    """Answer GET /somewi.ics with the feed of the series."""
    if environ.get("PATH_INFO") != "/somewi.ics":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    body = to_ical(
        somewi,
        name="#SoMeWI",
        dtstamp=updated,
        refresh_interval=timedelta(hours=12),
    )
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if environ.get("HTTP_IF_NONE_MATCH") == etag:
        start_response("304 Not Modified", [("ETag", etag)])
        return [b""]
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("ETag", etag),
            ("Cache-Control", "max-age=3600"),
        ],
    )
    return [body]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main(argv: list[str] | None = None) -> int:
    """Serve the feed until interrupted, or for a number of requests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--requests", type=int, help="answer this many requests, then exit"
    )
    args = parser.parse_args(argv)
    with make_server(
        "127.0.0.1", args.port, feed_app, handler_class=_QuietHandler
    ) as server:
        url = f"http://127.0.0.1:{server.server_port}/somewi.ics"
        print(f"Serving {url}", flush=True)
        if args.requests is None:
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                print("Stopped.")
        else:
            for _ in range(args.requests):
                server.handle_request()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
