"""Private: escaping user text for CommonMark.

Everything a template prints with ``{{ … }}`` goes through
:func:`finalize`, so a value can never start a link, an image, raw HTML, an
entity, emphasis or a block (heading, list, quote).  Only :class:`Trusted`
strings, which the renderer builds itself, pass unchanged.

GitHub's "extended autolinks" would turn bare ``www.`` and ``https://``
text into links; both are broken with a backslash escape that CommonMark
renders invisibly.  Email-like text may still be linked by renderers with
that extension.
"""

from __future__ import annotations

import re
from typing import Final

# Characters that open inline constructs anywhere in a line.
_INLINE: Final = frozenset("\\`*_[]<>&|~")
_BLOCK_START: Final = re.compile(
    r"#{1,6}(?:\s|$)"  # heading
    r"|[-+](?:\s|$)"  # bullet
    r"|[-=\s]+$"  # thematic break or setext underline
    r"|\d{1,9}[.)](?:\s|$)"  # ordered list
)
_WWW: Final = re.compile(r"(?i)\b(www)\.")


class Trusted(str):
    """Markdown built by meetupkit itself, printed without escaping."""

    __slots__ = ()


def escape(value: object) -> str:
    r"""Return *value* as one line of CommonMark text that is only text.

    Examples:
        >>> print(escape("<script>alert(1)</script>"))
        \<script\>alert(1)\</script\>
        >>> print(escape("[Klick](https://example.org)"))
        \[Klick\](https:\/\/example.org)
        >>> print(escape("12. Treffen"))
        12\. Treffen
        >>> print(escape("#SoMeWI"), escape("# Überschrift"))
        #SoMeWI \# Überschrift
    """
    text = " ".join(str(value).split())
    text = "".join(f"\\{char}" if char in _INLINE else char for char in text)
    text = text.replace("://", ":\\/\\/")
    text = _WWW.sub(r"\1\\.", text)
    # Block syntax only counts at the start of a line.
    if _BLOCK_START.match(text):
        cut = len(text) - len(text.lstrip("0123456789"))
        text = f"{text[:cut]}\\{text[cut:]}"
    return text


def destination(url: str) -> Trusted:
    """Return *url* as a CommonMark link destination in angle brackets.

    The model only holds ``http(s)`` URLs without spaces, quotes or angle
    brackets; a backslash is percent-encoded so it cannot escape anything.
    """
    return Trusted("<" + url.replace("\\", "%5C") + ">")


def finalize(value: object) -> object:
    """Jinja's *finalize*: escape every printed value that is not trusted."""
    if value is None:
        return ""
    if isinstance(value, Trusted):
        return value
    return escape(value)


def tidy(text: str) -> str:
    """Collapse runs of blank lines and end with exactly one newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
