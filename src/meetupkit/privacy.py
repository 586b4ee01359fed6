"""Reduce model objects to what an audience may see.

Every :class:`~meetupkit.Participant` says, per group of personal data, to
whom it is released (:class:`~meetupkit.Consent`):

* **name**: the name and the profile links;
* **contact**: the email address;
* **background**: industry, organization and experience.

:func:`redact` applies these rules to any model object and returns a copy
that holds only what the audience may see.  The renderers and
:func:`meetupkit.jsonld.to_jsonld` call it before they write anything, so
their output obeys the same rules.

The rules, and why:

* A participant whose name is not released is kept as an **anonymous
  entry**: its name becomes :data:`ANONYMOUS`, its links and email are
  removed, and only its roles and the background it released remain.  Thus
  the number of people present and the mix of trades stay right for every
  audience, while nothing names the person.  Use :func:`is_anonymous` to
  tell such entries apart.
* An email address is kept only if both the contact *and* the name are
  released: an address usually spells its owner's name.
* ``voters`` and ``proposed_by`` of a :class:`~meetupkit.TopicWish` are
  names or ids of people who gave no consent in the model, so only
  organizers see them.  For other audiences the proposer is removed and each
  voter becomes a numbered placeholder (``voter-1``, ``voter-2``, …): the
  number of votes, and with it the ranking, stays the same.
* Free text that people write for publication (a recap, a description, a
  venue's contact) is not personal data of participants and is kept as it
  is; its authors decide what it says.
* A consent that is ``private`` releases nothing, not even to organizers.

Examples:
    >>> from meetupkit import Audience, Consent, Participant
    >>> from meetupkit.privacy import redact
    >>> dominik = Participant(name="Dominik Hoffmann", roles=("host",),
    ...                       consent=Consent(name="public"))
    >>> redact(dominik, Audience.PUBLIC).name
    'Dominik Hoffmann'
    >>> guest = Participant(name="Gast", industry="Versicherungswesen",
    ...                     consent=Consent(background="public"))
    >>> anonymous = redact(guest, "public")
    >>> anonymous.name, anonymous.industry
    ('anonymous', 'Versicherungswesen')
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

import attrs

from . import _validate as v
from .errors import InvalidTypeError, InvalidValueError
from .model import Audience, Participant, TopicWish

__all__ = ["ANONYMOUS", "check_audience", "is_anonymous", "redact", "released"]

#: The name an anonymous participant entry carries after :func:`redact`.
#: The model lets any number of such entries share a meeting.
ANONYMOUS: Final = "anonymous"

T = TypeVar("T")

_GROUPS: Final = ("name", "contact", "background")


def check_audience(value: Audience | str, path: str = "audience") -> Audience:
    """Return *value* as an :class:`~meetupkit.Audience` or raise.

    Raises:
        InvalidValueError: *value* names no audience.
    """
    try:
        return Audience(value)
    except ValueError:
        choices = ", ".join(member.value for member in Audience)
        raise InvalidValueError(
            path,
            f"{str(value)[:40]!r} is not an audience",
            hint=f"use one of {choices}",
        ) from None


def released(
    participant: Participant, group: str, audience: Audience | str
) -> bool:
    """Whether *participant* releases a group of data to *audience*.

    Args:
        participant: The person.
        group: ``"name"`` (name and links), ``"contact"`` (email) or
            ``"background"`` (industry, organization, experience).
        audience: Who reads the output.

    Returns:
        ``True`` if *audience* may see that group.

    Raises:
        InvalidValueError: *group* or *audience* is not one of the names
            above.

    Examples:
        >>> from meetupkit import Consent, Participant
        >>> anna = Participant(name="Anna", consent=Consent(name="members"))
        >>> released(anna, "name", "public"), released(anna, "name", "members")
        (False, True)
    """
    if group not in _GROUPS:
        raise InvalidValueError(
            "group",
            f"{str(group)[:20]!r} is not a consent group",
            hint=f"use one of {', '.join(_GROUPS)}",
        )
    visibility = getattr(participant.consent, group)
    return bool(visibility.allows(check_audience(audience)))


def is_anonymous(participant: Participant) -> bool:
    """Whether *participant* is an anonymous entry made by :func:`redact`.

    Examples:
        >>> from meetupkit import Participant
        >>> is_anonymous(redact(Participant(name="Gast"), "public"))
        True
    """
    return participant.name == ANONYMOUS and not participant.links


def _participant(person: Participant, audience: Audience) -> Participant:
    show_name = person.consent.name.allows(audience)
    show_contact = show_name and person.consent.contact.allows(audience)
    show_background = person.consent.background.allows(audience)
    changes: dict[str, Any] = {}
    if not show_name:
        changes["name"] = ANONYMOUS
        changes["links"] = ()
    if not show_contact:
        changes["email"] = None
    if not show_background:
        changes["industry"] = None
        changes["organization"] = None
        changes["experience"] = None
    changes = {
        key: value
        for key, value in changes.items()
        if getattr(person, key) != value
    }
    return attrs.evolve(person, **changes) if changes else person


def _wish(wish: TopicWish, audience: Audience) -> TopicWish:
    if audience is Audience.ORGANIZERS:
        return wish
    voters = tuple(f"voter-{n}" for n in range(1, len(wish.voters) + 1))
    if wish.proposed_by is None and wish.voters == voters:
        return wish
    return attrs.evolve(wish, proposed_by=None, voters=voters)


def _walk(value: Any, audience: Audience) -> Any:
    if isinstance(value, Participant):
        return _participant(value, audience)
    if isinstance(value, TopicWish):
        return _wish(value, audience)
    if isinstance(value, tuple):
        items = tuple(_walk(item, audience) for item in value)
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else items
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            current = getattr(value, field.name)
            updated = _walk(current, audience)
            if updated is not current:
                changes[field.name] = updated
        return attrs.evolve(value, **changes) if changes else value
    return value


def redact(obj: T, audience: Audience | str = Audience.PUBLIC) -> T:
    """Return a copy of *obj* with only what *audience* may see.

    *obj* may be any meetupkit model object: a
    :class:`~meetupkit.Participant`, :class:`~meetupkit.Meetup`,
    :class:`~meetupkit.Series`, :class:`~meetupkit.Override`,
    :class:`~meetupkit.TopicWish`, or one without personal data (then it is
    returned as it is).  The rules are described in the module
    documentation.  Redacting twice gives the same result as once.

    Args:
        obj: The object to reduce.
        audience: Who will read the result: ``public`` (the default),
            ``members`` or ``organizers``.

    Returns:
        A new object of the same type as *obj*, or *obj* itself when it
        holds no personal data.

    Raises:
        InvalidValueError: *audience* is not an :class:`~meetupkit.Audience`.
        InvalidTypeError: *obj* is not a meetupkit model object.

    Examples:
        >>> from meetupkit import Consent, Participant, TopicWish
        >>> anna = Participant(name="Anna", email="anna@example.org",
        ...                    consent=Consent(name="public", contact="members"))
        >>> redact(anna, "public").email is None
        True
        >>> redact(anna, "members").email
        'anna@example.org'
        >>> wish = TopicWish(title="Social Media und Recht",
        ...                  proposed_by="Anna", voters=("Anna", "Ben"))
        >>> public = redact(wish)
        >>> public.proposed_by, public.voters
        (None, ('voter-1', 'voter-2'))
    """
    who = check_audience(audience)
    if not attrs.has(type(obj)) or not type(obj).__module__.startswith(
        "meetupkit."
    ):
        raise InvalidTypeError(
            "obj",
            f"cannot redact {v.article(type(obj).__name__)}",
            hint="pass a meetupkit model object such as a Meetup or Series",
        )
    result: T = _walk(obj, who)
    return result
