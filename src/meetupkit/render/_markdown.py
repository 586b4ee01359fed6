"""Private: escaping user text for CommonMark and GitHub Flavored Markdown.

Everything a template prints with ``{{ … }}`` goes through
:func:`finalize`, so a value can never start a link, an image, raw HTML, an
entity, emphasis, strikethrough, a footnote, a table or a block (heading,
list, quote, code), nor close the heading it stands in.  Only
:class:`Trusted` strings, which the renderer builds itself, pass unchanged.

GitHub's "extended autolinks" (cmark-gfm) link bare ``www.`` and
``https://`` text, and email addresses, by looking at the source around
them; escapes do not stop them.  ``www.`` and ``://`` are broken with a
backslash escape, which renders invisibly; an ``@`` between an address's
parts gets a WORD JOINER (U+2060) before it, which is invisible too but is
part of the rendered text.
"""

from __future__ import annotations

import re
from typing import Final

# Characters that open or close inline constructs anywhere in a line, in
# CommonMark (emphasis, code, links, HTML, entities, escapes) or in GFM
# (strikethrough, table cells, footnotes).
_INLINE: Final = frozenset("\\`*_[]<>&|~^")
_BLOCK_START: Final = re.compile(
    r"[-+](?:\s|$)"  # bullet
    r"|[-=\s]+$"  # thematic break or setext underline
    r"|\d{1,9}[.)](?:\s|$)"  # ordered list
)
# A run of '#' on its own opens an ATX heading at the start of a line and
# closes one at its end.
_HASHES: Final = re.compile(r"(?<!\S)#+(?!\S)")
# cmark-gfm links "www." after a space or one of "*_~(" in the source,
# even an escaped one, so every "www." is broken.
_WWW: Final = re.compile(r"(?i)(www)\.")
# cmark-gfm links user@host when the characters next to "@" are these.
_EMAIL: Final = re.compile(r"(?<=[A-Za-z0-9.+_-])@(?=[A-Za-z0-9])")
_JOINER: Final = "\u2060"


class Trusted(str):
    """Markdown built by meetupkit itself, printed without escaping."""

    __slots__ = ()


def escape(value: object) -> str:
    r"""Return *value* as one line of CommonMark/GFM text that is only text.

    Examples:
        >>> print(escape("<script>alert(1)</script>"))
        \<script\>alert(1)\</script\>
        >>> print(escape("[Klick](https://example.org)"))
        \[Klick\](https:\/\/example.org)
        >>> print(escape("12. Treffen"))
        12\. Treffen
        >>> print(escape("#SoMeWI"), escape("# Überschrift"), escape("F #"))
        #SoMeWI \# Überschrift F \#
        >>> print(escape("_www.example.org"))
        \_www\.example.org
    """
    text = " ".join(str(value).split())
    text = _EMAIL.sub(_JOINER + "@", text)
    text = "".join(f"\\{char}" if char in _INLINE else char for char in text)
    text = text.replace("://", ":\\/\\/")
    text = _WWW.sub(r"\1\\.", text)
    text = _HASHES.sub(lambda run: "\\#" * len(run.group()), text)
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
