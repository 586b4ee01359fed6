"""Write an event page: the invitation as HTML, with schema.org JSON-LD.

Search engines show a meetup as an event when its page embeds schema.org
``Event`` data as JSON-LD.  This script writes ``somewi-event.html`` for
the next #SoMeWI meeting after a given day: the invitation text (from
:func:`meetupkit.render.render_invitation`), a link to the calendar feed,
and a ``<script type="application/ld+json">`` block from
:func:`meetupkit.jsonld.to_jsonld`.  Every value is escaped, so a title
with ``<`` or ``&`` stays text, and nothing in the JSON-LD can end its
script element early.  Only what participants released to the public
appears.

Run it as ``python examples/event_page.py [OUTPUT_FOLDER] [--today
YYYY-MM-DD] [--lang de|en]``; the folder defaults to ``out``.
"""

from __future__ import annotations

import argparse
import html
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

from meetupkit import Series, TopicWish, plan_topics
from meetupkit.jsonld import to_jsonld, to_script
from meetupkit.render import render_invitation

BERLIN = ZoneInfo("Europe/Berlin")

PAGE = """\
<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="alternate" type="text/calendar" href="somewi.ics">
{jsonld}
</head>
<body>
<main>
{body}
<p><a href="somewi.ics">{subscribe}</a></p>
</main>
</body>
</html>
"""


def paragraphs(text: str) -> str:
    """Plain text as HTML: the first block a heading, then paragraphs."""
    blocks = [block for block in text.strip().split("\n\n") if block.strip()]
    lines = [f"<h1>{html.escape(blocks[0])}</h1>"]
    lines.extend(
        "<p>"
        + "<br>\n".join(html.escape(line) for line in block.splitlines())
        + "</p>"
        for block in blocks[1:]
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the page for the next meeting and check that it is sound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="out", type=Path)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=date(2014, 9, 25)
    )
    parser.add_argument("--lang", choices=("de", "en"), default="de")
    args = parser.parse_args(argv)

    series = attrs.evolve(
        Series.example(),
        topics=(
            TopicWish(title="Wie bereitet man sich auf einen Shitstorm vor?"),
            TopicWish(title="Social Media und Recht"),
        ),
    )
    after = datetime.combine(args.today, datetime.min.time(), tzinfo=BERLIN)
    series = plan_topics(series, after=after, meetings=1)
    meetup = series.next(after=after)
    if meetup is None:
        print("No meeting to announce.")
        return 1

    text = render_invitation(
        meetup, format="text", lang=args.lang, series=series
    )
    page = PAGE.format(
        lang=args.lang,
        title=html.escape(f"{meetup.title}, {meetup.start:%d.%m.%Y}"),
        jsonld=to_script(to_jsonld(meetup, audience="public")),
        body=paragraphs(text),
        subscribe="Kalender abonnieren"
        if args.lang == "de"
        else "Subscribe to the calendar",
    )
    out: Path = args.output
    out.mkdir(parents=True, exist_ok=True)
    path = out / "somewi-event.html"
    path.write_text(page, encoding="utf-8")
    print(f"{meetup.title}, Nr. {meetup.number}: {meetup.start.isoformat()}")
    print(f"Written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
