"""String enumerations whose members say what they mean."""

from __future__ import annotations

import enum
from typing import Self


class DescribedEnum(enum.StrEnum):
    """A string enumeration whose every member carries a description.

    A member is written ``NAME = "value", "What it means."``: the value is
    what files and outputs hold and what the enumeration is called with
    (``Role("host")``), the text becomes the member's ``__doc__``, which
    ``help()`` and the reference show under the member.
    """

    def __new__(cls, value: str, description: str = "") -> Self:
        """Make the member *value*, described by *description*."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.__doc__ = description
        return member
