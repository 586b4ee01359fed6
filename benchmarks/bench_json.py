"""JSON dump and load (with validation) against msgspec, pydantic and cattrs.

The same meetings in every library: N meetings of the #SoMeWI series, each
with 12 participants of its own (name, email, roles, experience, trade,
organization, a profile link, consent), two topic wishes, the venue
heimathafen with its room, a description with commas and newlines.  No
object is shared between meetings (every meeting has its own people,
consents, venue and room, in every library), so that no cache hides a
cost.  Each meeting is one document, dumped and loaded on its own, so every
library does exactly the same work.

Every case is measured with Python's garbage collector on, as users run
their code (the targets apply to these), and again with it off.

Rows marked "floor" (GC on only) measure what any reader or writer built
in Python on meetupkit's model must at least do, with no check and no
format of its own: parsing meetupkit's text with orjson alone, then also
making the model's objects of a meeting without any check
(``object.__new__`` and one slot store per field, each field handled as
its type says); and writing a dict of every field of every object with
orjson.  One more floor row writes the model objects with msgspec's own
encoder, in C (msgspec reads attrs classes): every field, and datetimes
with their offset only, so not meetupkit's format.  They show where the
msgspec targets lie against what Python code can reach.

- msgspec: ``msgspec.Struct`` classes, ``msgspec.json.Encoder``/``Decoder``
  (typed decoding validates types) - the reference.
- pydantic v2: ``BaseModel`` classes; for each direction the faster of
  ``model_dump_json``/``TypeAdapter.dump_json`` and
  ``model_validate_json``/``TypeAdapter.validate_json`` in this run (the
  row's note names it).
- cattrs: plain attrs classes with the stock converter of
  ``cattrs.preconf.json.make_converter()`` (plus a timedelta hook, which
  the stock converter lacks).
- meetupkit: ``to_json(m)`` (its default, indented output) and
  ``from_json(Meetup, text)``, which also check every value (emails, URLs,
  zones, rooms) and keep the zone name.

Run: ``python benchmarks/bench_json.py [--quick]``.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin
from zoneinfo import ZoneInfo

import attrs
import cattrs.preconf.json
import msgspec
import orjson
import pydantic

sys.path.insert(0, str(Path(__file__).parent))

from _common import Row, measure, print_rows

import meetupkit
from meetupkit import (
    Consent,
    Meetup,
    Participant,
    TopicWish,
    from_json,
    to_json,
)

BERLIN = ZoneInfo("Europe/Berlin")
TRADES = (
    "Verlagswesen",
    "Versicherungswesen",
    "Unternehmensberatung",
    "Webentwicklung",
    "Investor Relations",
    "PR-Beratung",
    "Social Software",
)


def make_meetups(count: int) -> list[Meetup]:
    """Return *count* meetings of the #SoMeWI series with 12 participants."""
    series = meetupkit.Series.example()
    result = []
    start = series.start
    for number in range(1, count + 1):
        # A venue and room of its own (the room one of the venue's rooms).
        venue, room = copy.deepcopy((series.venue, series.room))
        people = tuple(
            Participant(
                name=f"Teilnehmerin {number}-{k}",
                email=f"person{k}.{number}@example.org",
                roles=("organizer",) if k == 0 else ("attendee",),
                experience=("newcomer", "professional", "veteran")[k % 3],
                industry=TRADES[k % len(TRADES)],
                organization=f"Firma {k}, Wiesbaden",
                links=(f"https://www.xing.com/profile/p{k}_{number}",),
                consent=Consent(name="public", background="members"),
            )
            for k in range(12)
        )
        result.append(
            Meetup(
                title="#SoMeWI Stammtisch",
                start=start,
                duration=timedelta(hours=2),
                description=(
                    "Social Media, Recht, Coworking-Spaces, und mehr.\n"
                    "Wie überzeuge ich Bedenkenträger von Social Media?"
                ),
                venue=venue,
                room=room,
                participants=people,
                topics=(
                    TopicWish(
                        title="Wie bereitet man sich auf einen Shitstorm vor?"
                    ),
                    TopicWish(
                        title="Social Media und Recht", voters=("anna", "ben")
                    ),
                ),
                url="https://www.xing.com/events/somewi",
                language="de",
                series_uid=series.uid,
                recurrence_id=start,
                number=number,
            )
        )
        # 100,000 eight-weekly meetings would pass the year 9999: start
        # over every 5,000 meetings.
        if number % 5000 == 0:
            start = series.start
        else:
            start = (start.replace(tzinfo=None) + timedelta(weeks=8)).replace(
                tzinfo=BERLIN
            )
    return result


# -- msgspec ----------------------------------------------------------------


class MRole(StrEnum):
    ORGANIZER = "organizer"
    HOST = "host"
    SPEAKER = "speaker"
    ATTENDEE = "attendee"
    GUEST_AUTHOR = "guest-author"


class MExperience(StrEnum):
    NEWCOMER = "newcomer"
    INTERMEDIATE = "intermediate"
    PROFESSIONAL = "professional"
    VETERAN = "veteran"


class MVisibility(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"
    ORGANIZERS = "organizers"
    PRIVATE = "private"


class SAddress(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    city: str
    street: str | None = None
    postal_code: str | None = None
    country: str | None = None
    region: str | None = None


class SRoom(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    name: str
    capacity: int | None = None
    floor: str | None = None
    features: tuple[str, ...] = ()


class SVenue(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    name: str
    address: SAddress | None = None
    url: str | None = None
    rooms: tuple[SRoom, ...] = ()


class SConsent(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    name: MVisibility = MVisibility.PRIVATE
    contact: MVisibility = MVisibility.PRIVATE
    background: MVisibility = MVisibility.PRIVATE


class SParticipant(
    msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True
):
    name: str
    email: str | None = None
    roles: tuple[MRole, ...] = ()
    experience: MExperience | None = None
    industry: str | None = None
    organization: str | None = None
    links: tuple[str, ...] = ()
    consent: SConsent = msgspec.field(default_factory=SConsent)


class STopic(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    title: str
    voters: tuple[str, ...] = ()
    status: str = "open"


class SMeetup(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    title: str
    start: datetime
    duration: timedelta
    uid: str
    description: str | None = None
    venue: SVenue | None = None
    room: SRoom | None = None
    status: str = "scheduled"
    participants: tuple[SParticipant, ...] = ()
    topics: tuple[STopic, ...] = ()
    url: str | None = None
    language: str | None = None
    series_uid: str | None = None
    recurrence_id: datetime | None = None
    number: int | None = None
    sequence: int = 0


# -- pydantic ---------------------------------------------------------------


class PModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class PAddress(PModel):
    city: str
    street: str | None = None
    postal_code: str | None = None
    country: str | None = None
    region: str | None = None


class PRoom(PModel):
    name: str
    capacity: int | None = None
    floor: str | None = None
    features: tuple[str, ...] = ()


class PVenue(PModel):
    name: str
    address: PAddress | None = None
    url: str | None = None
    rooms: tuple[PRoom, ...] = ()


class PConsent(PModel):
    name: MVisibility = MVisibility.PRIVATE
    contact: MVisibility = MVisibility.PRIVATE
    background: MVisibility = MVisibility.PRIVATE


class PParticipant(PModel):
    name: str
    email: str | None = None
    roles: tuple[MRole, ...] = ()
    experience: MExperience | None = None
    industry: str | None = None
    organization: str | None = None
    links: tuple[str, ...] = ()
    consent: PConsent = PConsent()


class PTopic(PModel):
    title: str
    voters: tuple[str, ...] = ()
    status: str = "open"


class PMeetup(PModel):
    title: str
    start: datetime
    duration: timedelta
    uid: str
    description: str | None = None
    venue: PVenue | None = None
    room: PRoom | None = None
    status: str = "scheduled"
    participants: tuple[PParticipant, ...] = ()
    topics: tuple[PTopic, ...] = ()
    url: str | None = None
    language: str | None = None
    series_uid: str | None = None
    recurrence_id: datetime | None = None
    number: int | None = None
    sequence: int = 0


# -- attrs + cattrs ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class AAddress:
    city: str
    street: str | None = None
    postal_code: str | None = None
    country: str | None = None
    region: str | None = None


@attrs.frozen(kw_only=True)
class ARoom:
    name: str
    capacity: int | None = None
    floor: str | None = None
    features: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class AVenue:
    name: str
    address: AAddress | None = None
    url: str | None = None
    rooms: tuple[ARoom, ...] = ()


@attrs.frozen(kw_only=True)
class AConsent:
    name: MVisibility = MVisibility.PRIVATE
    contact: MVisibility = MVisibility.PRIVATE
    background: MVisibility = MVisibility.PRIVATE


@attrs.frozen(kw_only=True)
class AParticipant:
    name: str
    email: str | None = None
    roles: tuple[MRole, ...] = ()
    experience: MExperience | None = None
    industry: str | None = None
    organization: str | None = None
    links: tuple[str, ...] = ()
    consent: AConsent = AConsent()


@attrs.frozen(kw_only=True)
class ATopic:
    title: str
    voters: tuple[str, ...] = ()
    status: str = "open"


@attrs.frozen(kw_only=True)
class AMeetup:
    title: str
    start: datetime
    duration: timedelta
    uid: str
    description: str | None = None
    venue: AVenue | None = None
    room: ARoom | None = None
    status: str = "scheduled"
    participants: tuple[AParticipant, ...] = ()
    topics: tuple[ATopic, ...] = ()
    url: str | None = None
    language: str | None = None
    series_uid: str | None = None
    recurrence_id: datetime | None = None
    number: int | None = None
    sequence: int = 0


def cattrs_converter() -> cattrs.preconf.json.JsonConverter:
    """Return the stock JSON converter, plus the timedelta hooks it lacks."""
    converter = cattrs.preconf.json.make_converter(
        omit_if_default=True, forbid_extra_keys=True
    )
    converter.register_unstructure_hook(timedelta, timedelta.total_seconds)
    converter.register_structure_hook(
        timedelta, lambda value, _: timedelta(seconds=value)
    )
    return converter


# -- the floor of Python code on the model -----------------------------------


def _model_class(kind: Any) -> type | None:
    """The attrs class *kind* holds (itself, or in ``X | None``), if any."""
    if isinstance(kind, type) and attrs.has(kind):
        return kind
    inner = [a for a in get_args(kind) if a is not type(None)]
    if len(inner) == 1 and get_origin(kind) in (Union, UnionType):
        return _model_class(inner[0])
    return None


def _generate(kind: type, *, objects: bool) -> Callable[[Any], Any]:
    """Write, for the attrs class *kind*, the least a Python reader or
    writer does: make the object again from its values without any check
    (*objects*), or a dict of every field as it is.  Each field is handled
    as its type says, so that nothing is dispatched while it runs."""
    namespace: dict[str, Any] = {"new": object.__new__, "kind": kind}
    values = []
    for field in attrs.fields(kind):
        name = field.name
        read = f"o.{name}"
        nested = _model_class(field.type)
        item = (
            _model_class(get_args(field.type)[0])
            if get_origin(field.type) is tuple
            else None
        )
        if nested is not None:
            namespace[f"f_{name}"] = _generate(nested, objects=objects)
            read = f"f_{name}({read}) if {read} is not None else None"
        elif item is not None:
            namespace[f"f_{name}"] = _generate(item, objects=objects)
            listed = f"[f_{name}(i) for i in {read}]"
            read = f"tuple({listed})" if objects else listed
        elif field.type is timedelta and not objects:
            read = f"str({read})"  # orjson has no durations
        values.append((name, read))
    if objects:
        namespace.update(
            {f"set_{n}": getattr(kind, n).__set__ for n, _ in values}
        )
        body = ["    n = new(kind)"]
        body += [f"    set_{n}(n, {read})" for n, read in values]
        body.append("    return n")
    else:
        items = ", ".join(f"{n!r}: {read}" for n, read in values)
        body = [f"    return {{{items}}}"]
    exec("\n".join(["def make(o):", *body]), namespace)
    return namespace["make"]  # type: ignore[no-any-return]


def floors(
    meetups: list[Meetup], texts: list[str]
) -> tuple[dict[str, Callable[[], object]], dict[str, Callable[[], object]]]:
    """The floor rows of dump and load, on meetupkit's own texts."""
    remade = _generate(Meetup, objects=True)
    every_field = _generate(Meetup, objects=False)
    assert [remade(m) for m in meetups] == meetups
    option = orjson.OPT_INDENT_2
    encoder = msgspec.json.Encoder()
    dumps: dict[str, Callable[[], object]] = {
        "floor: a dict of every field per object, orjson": lambda: [
            orjson.dumps(every_field(m), option=option) for m in meetups
        ],
        "floor: msgspec.json.encode of the model objects, in C": lambda: [
            encoder.encode(m) for m in meetups
        ],
    }
    loads: dict[str, Callable[[], object]] = {
        "floor: orjson.loads alone": lambda: [orjson.loads(t) for t in texts],
        "floor: orjson.loads, then the objects made without checks": lambda: [
            (orjson.loads(t), remade(m))[1]
            for t, m in zip(texts, meetups, strict=True)
        ],
    }
    return dumps, loads


# -- the same data for every library ----------------------------------------


def _plain(meetup: Meetup) -> dict[str, object]:
    """Return the fields of *meetup* as builtins, for the peers' classes."""
    venue = meetup.venue
    assert venue is not None
    assert venue.address is not None
    return {
        "title": meetup.title,
        "start": meetup.start,
        "duration": meetup.duration,
        "uid": meetup.uid,
        "description": meetup.description,
        "venue": {
            "name": venue.name,
            "address": {
                "city": venue.address.city,
                "street": venue.address.street,
                "postal_code": venue.address.postal_code,
                "country": venue.address.country,
            },
            "rooms": [
                {"name": r.name, "capacity": r.capacity} for r in venue.rooms
            ],
        },
        "room": {"name": meetup.room.name, "capacity": meetup.room.capacity}
        if meetup.room
        else None,
        "participants": [
            {
                "name": p.name,
                "email": p.email,
                "roles": [str(r) for r in p.roles],
                "experience": str(p.experience) if p.experience else None,
                "industry": p.industry,
                "organization": p.organization,
                "links": list(p.links),
                "consent": {
                    "name": str(p.consent.name),
                    "contact": str(p.consent.contact),
                    "background": str(p.consent.background),
                },
            }
            for p in meetup.participants
        ],
        "topics": [
            {"title": t.title, "voters": list(t.voters)} for t in meetup.topics
        ],
        "url": meetup.url,
        "language": meetup.language,
        "series_uid": meetup.series_uid,
        "recurrence_id": meetup.recurrence_id,
        "number": meetup.number,
    }


def peers(meetups: list[Meetup]) -> dict[str, list[object]]:
    """Return the same meetings as msgspec, pydantic and attrs objects."""
    plain = [_plain(m) for m in meetups]
    builder = cattrs.Converter()
    for kind in (datetime, timedelta):
        builder.register_structure_hook(kind, lambda value, _: value)
    return {
        "msgspec": [msgspec.convert(p, SMeetup) for p in plain],
        "pydantic": [PMeetup.model_validate(p) for p in plain],
        "cattrs": [builder.structure(p, AMeetup) for p in plain],
    }


PYDANTIC = "pydantic v2"

#: The targets of issue 14, per direction: (text, most x msgspec).
TARGETS = {
    "dump": ("<= 2.0x msgspec, <= 1.0x pydantic v2", 2.0),
    "load": ("<= 2.5x msgspec, <= 1.0x pydantic v2", 2.5),
}


def _fastest(
    candidates: dict[str, Callable[[], object]],
    *,
    repeat: int,
    gc_on: bool,
) -> tuple[str, float]:
    """Return the name and median time of the fastest of *candidates*."""
    timed = {
        name: measure(func, repeat=repeat, gc_on=gc_on)
        for name, func in candidates.items()
    }
    name = min(timed, key=timed.__getitem__)
    return name, timed[name]


def run(*, quick: bool = False) -> list[Row]:
    """Measure dump and load of 1,000 and 10,000 meetings, GC on and off."""
    rows: list[Row] = []
    sizes = (100,) if quick else (1_000, 10_000)
    repeat = 1 if quick else 5
    encoder = msgspec.json.Encoder()
    decoder = msgspec.json.Decoder(SMeetup)
    adapter = pydantic.TypeAdapter(PMeetup)
    converter = cattrs_converter()
    for size in sizes:
        meetups = make_meetups(size)
        objects = peers(meetups)
        pyd = objects["pydantic"]
        dumps = {
            "msgspec": lambda objs=objects["msgspec"]: [
                encoder.encode(o) for o in objs
            ],
            PYDANTIC: {
                "model_dump_json": lambda objs=pyd: [
                    o.model_dump_json() for o in objs
                ],
                "TypeAdapter.dump_json": lambda objs=pyd: [
                    adapter.dump_json(o) for o in objs
                ],
            },
            "attrs + cattrs (stock json)": lambda objs=objects["cattrs"]: [
                converter.dumps(o) for o in objs
            ],
            "meetupkit": lambda objs=meetups: [to_json(o) for o in objs],
        }
        texts = {
            name: (dump if callable(dump) else next(iter(dump.values())))()
            for name, dump in dumps.items()
        }
        loads = {
            "msgspec": lambda t=texts["msgspec"]: [
                decoder.decode(x) for x in t
            ],
            PYDANTIC: {
                "model_validate_json": lambda t=texts[PYDANTIC]: [
                    PMeetup.model_validate_json(x) for x in t
                ],
                "TypeAdapter.validate_json": lambda t=texts[PYDANTIC]: [
                    adapter.validate_json(x) for x in t
                ],
            },
            "attrs + cattrs (stock json)": lambda t=texts["attrs + cattrs (stock json)"]: [
                converter.loads(x, AMeetup) for x in t
            ],
            "meetupkit": lambda t=texts["meetupkit"]: [
                from_json(Meetup, x) for x in t
            ],
        }
        assert loads["meetupkit"]() == meetups
        floor_dumps, floor_loads = floors(meetups, texts["meetupkit"])
        dumps.update(floor_dumps)
        loads.update(floor_loads)
        assert loads["msgspec"]() == objects["msgspec"]
        label = f"{size:,}"
        for gc_on in (True, False):
            for verb, funcs in (("dump", dumps), ("load", loads)):
                case = f"JSON {verb}, {label} meetings"
                if not gc_on:
                    case += ", GC off"
                target, most = TARGETS[verb]
                for name, func in funcs.items():
                    if name.startswith("floor") and not gc_on:
                        continue
                    note = ""
                    if callable(func):
                        seconds = measure(func, repeat=repeat, gc_on=gc_on)
                    else:
                        note, seconds = _fastest(
                            func, repeat=repeat, gc_on=gc_on
                        )
                    ours = name == "meetupkit" and gc_on
                    rows.append(
                        Row(
                            case=case,
                            name=name,
                            seconds=seconds,
                            reference=name == "msgspec",
                            target=target if ours else "",
                            max_ratio=most if ours else None,
                            bounds=((PYDANTIC, 1.0),) if ours else (),
                            note=note,
                        )
                    )
    return rows


def run_scaling(*, quick: bool = False) -> list[Row]:
    """Measure meetupkit's dump+load per meeting at 1k, 10k and 100k."""
    sizes = (100, 200) if quick else (1_000, 10_000, 100_000)
    rows = []
    for size in sizes:
        meetups = make_meetups(size)

        def round_trip(objs: list[Meetup] = meetups) -> None:
            for obj in objs:
                from_json(Meetup, to_json(obj))

        seconds = measure(
            round_trip,
            repeat=1 if quick else 3,
            warmup=0 if size > 10_000 else 1,
        )
        del meetups
        rows.append(
            Row(
                case="scaling: JSON dump+load per meeting",
                name="meetupkit",
                note=f"{size:,} meetings",
                seconds=seconds / size,
                reference=size == sizes[0],
                target="<= 1.3x the smallest size's cost"
                if size != sizes[0]
                else "",
                max_ratio=1.3 if size != sizes[0] else None,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    args = sys.argv[1:] if argv is None else argv
    quick = "--quick" in args
    print_rows(run(quick=quick) + run_scaling(quick=quick))


if __name__ == "__main__":
    main()
