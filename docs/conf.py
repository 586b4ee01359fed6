"""Sphinx configuration of the meetupkit documentation.

The site is built offline: intersphinx reads the inventories of Python and
the dependencies from local files where they are installed (see
``_INVENTORIES``), and references that cannot be resolved without them are
listed one by one in :data:`nitpick_ignore`.  References to the façade
(``meetupkit.Series``) are resolved to the module that defines the object
(``meetupkit.model.Series``) by :func:`_resolve_facade`.
"""

from __future__ import annotations

import doctest
import enum
import importlib
import inspect
import json
import os
import re
import sys
import typing
from pathlib import Path
from typing import Any

import attrs
from docutils import nodes
from pygments.lexers.shell import BashSessionLexer
from sphinx.util.docutils import SphinxDirective

import meetupkit

project = "meetupkit"
author = "The meetupkit maintainers"
copyright = "2014–2026, the meetupkit maintainers"
release = meetupkit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# -- MyST -------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "smartquotes", "deflist"]
myst_heading_anchors = 3

# -- HTML -------------------------------------------------------------------

html_theme = "furo"
html_title = f"meetupkit {release}"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_show_sourcelink = False

# -- copy buttons -------------------------------------------------------------

# A copied example is what one types: the lines after ">>> ", "... " and
# "$ ", without the prompts and without the output.
copybutton_prompt_text = r">>> |\.\.\.(?: |$)|\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# -- autodoc ----------------------------------------------------------------

autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": True}
autoclass_content = "class"

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = False
napoleon_use_rtype = False

# -- doctest ----------------------------------------------------------------

# Only the ``{doctest}`` and ``{testcode}`` blocks of the pages are run here;
# the examples in the docstrings are run by ``pytest --doctest-modules``.
doctest_test_doctest_blocks = ""
# The how-tos show files of examples/ (a WSGI app, a feed) as a reader
# would save them; their examples import and read them from there.
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
doctest_path = [str(EXAMPLES)]
doctest_global_setup = f"EXAMPLES = {str(EXAMPLES)!r}"
doctest_default_flags = (
    doctest.ELLIPSIS
    | doctest.NORMALIZE_WHITESPACE
    | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# -- intersphinx ------------------------------------------------------------

# The docs build offline (the tests build them with -W), so the inventories
# of other projects' docs are read from local files where Debian's
# documentation packages put them (python3.11-doc, python-attr-doc,
# python-cattrs-doc, python-hypothesis-doc, python-icalendar-doc); a
# project whose inventory is missing is not linked, and its names stay in
# nitpick_ignore below.  With MEETUPKIT_DOCS_ONLINE=1 (Read the Docs) the
# current inventories are fetched from the projects' sites instead.
# python-dateutil publishes no inventory in any package.
_DEBIAN_DOCS = Path("/usr/share/doc")
_INVENTORIES: dict[str, tuple[str, list[Path]]] = {
    "python": (
        "https://docs.python.org/3",
        sorted(_DEBIAN_DOCS.glob("python3.1[1-9]/html/objects.inv")),
    ),
    "attrs": (
        "https://www.attrs.org/en/stable",
        [_DEBIAN_DOCS / "python-attr-doc/html/objects.inv"],
    ),
    "cattrs": (
        "https://catt.rs/en/stable",
        [_DEBIAN_DOCS / "python-cattrs-doc/html/objects.inv"],
    ),
    "hypothesis": (
        "https://hypothesis.readthedocs.io/en/latest",
        [_DEBIAN_DOCS / "python-hypothesis-doc/html/objects.inv"],
    ),
    "icalendar": (
        "https://icalendar.readthedocs.io/en/stable",
        [_DEBIAN_DOCS / "python-icalendar-doc/html/objects.inv"],
    ),
    "dateutil": ("https://dateutil.readthedocs.io/en/stable", []),
}
_ONLINE = os.environ.get("MEETUPKIT_DOCS_ONLINE") == "1"
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
for _name, (_url, _files) in _INVENTORIES.items():
    _found = [path for path in _files if path.is_file()]
    if _ONLINE:
        intersphinx_mapping[_name] = (_url, None)
    elif _found:
        intersphinx_mapping[_name] = (_url, str(_found[-1]))
intersphinx_disabled_reftypes = ["std:doc"]
intersphinx_timeout = 10

# -- nitpicky ---------------------------------------------------------------

nitpicky = True

# Where an inventory is not installed, these names of the standard library
# and the dependencies stay unresolved: they are listed here, and only these.
_STDLIB = [
    "Callable",
    "Exception",
    "ExceptionGroup",
    "Iterable",
    "Iterator",
    "LookupError",
    "Mapping",
    "TypeError",
    "ValueError",
    "collections.abc.Callable",
    "collections.abc.Iterable",
    "collections.abc.Iterator",
    "collections.abc.Mapping",
    "collections.abc.Sequence",
    "date",
    "datetime",
    "datetime.date",
    "datetime.datetime",
    "datetime.timedelta",
    "datetime.tzinfo",
    "email.message.EmailMessage",
    "email.message.Message",
    "enum.Enum",
    "enum.StrEnum",
    "os.PathLike",
    "timedelta",
    "tzinfo",
    "typing.Any",
    "typing.Final",
    "typing.Self",
    "zoneinfo.ZoneInfo",
]
_THIRD_PARTY = [
    "attrs.Attribute",
    "attrs.evolve",
    "cattrs.Converter",
    "cattrs.converters.Converter",
    "hypothesis.strategies.SearchStrategy",
    "icalendar.Calendar",
    "ics.Calendar",
    "ics.Event",
    "jinja2.BaseLoader",
    "jinja2.loaders.BaseLoader",
    "cattrs.transform_error",
    "cattrs.ClassValidationError",
]
nitpick_ignore = [
    *(("py:class", name) for name in _STDLIB + _THIRD_PARTY),
    *(("py:exc", name) for name in _STDLIB),
    *(("py:func", name) for name in _THIRD_PARTY),
    *(("py:meth", name) for name in ["datetime.date.weekday"]),
    *(("py:func", name) for name in ["json.dumps"]),
    *(("py:mod", name) for name in ["warnings", "smtplib"]),
    # The type of a migration step is not a public name.
    ("py:class", "Migration"),
]


# -- the façade -------------------------------------------------------------


def _canonical(target: str, module: str | None = None) -> str | None:
    """Return the defining path of ``meetupkit.Name[.attr]``, if there is one.

    A bare ``Name`` counts as ``meetupkit.Name`` on the page of the package
    itself (*module* ``meetupkit``).
    """
    if module == "meetupkit" and not target.startswith("meetupkit."):
        target = f"meetupkit.{target}"
    prefix, _, rest = target.partition(".")
    if prefix != "meetupkit" or not rest:
        return None
    name, _, attribute = rest.partition(".")
    if name not in meetupkit.__all__:
        return None
    value = getattr(meetupkit, name)
    owner = next(
        (
            module_name
            for module_name, loaded in sorted(sys.modules.items())
            if module_name.startswith("meetupkit.")
            and name in getattr(loaded, "__all__", ())
            and getattr(loaded, name, None) is value
        ),
        None,
    )
    if owner is None:
        return None
    return ".".join(filter(None, [owner, name, attribute]))


def _inherited(node: Any) -> list[str]:
    """Return where an attribute named in a subclass' docstring may live.

    ``:attr:`path``` in the docstring of ``InvalidValueError`` means the
    attribute documented on its base class ``MeetupkitError``.
    """
    target = node.get("reftarget", "")
    module, cls = node.get("py:module"), node.get("py:class")
    if "." in target or not module or not cls:
        return []
    owner: Any = importlib.import_module(module)
    for part in cls.split("."):
        owner = getattr(owner, part, None)
    if not isinstance(owner, type):
        return []
    return [
        f"{base.__module__}.{base.__qualname__}.{target}"
        for base in owner.__mro__[1:]
        if base.__module__.startswith("meetupkit")
    ]


def _resolve_facade(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve ``meetupkit.Series`` to where the class is documented."""
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    for candidate in _inherited(node):
        found = domain.resolve_xref(
            env,
            node["refdoc"],
            app.builder,
            node["reftype"],
            candidate,
            node,
            contnode,
        )
        if found is not None:
            return found
    target = _canonical(node.get("reftarget", ""), node.get("py:module"))
    if target is None:
        return None
    node["reftarget"] = target
    return domain.resolve_xref(
        env,
        node["refdoc"],
        app.builder,
        node["reftype"],
        target,
        node,
        contnode,
    )


# -- signatures of attrs classes --------------------------------------------


class _Shown:
    """A default as the signature shows it: its text, not its ``repr``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _default_text(default: object) -> str:
    """Return how a reader would write *default* in a call.

    A factory is shown as its call (``Consent()``); a default computed from
    the other fields (``uid``) as ``...``, which the field's description
    explains; an enum member by its name (``Visibility.PRIVATE``).
    """
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return "..."
        return f"{default.factory.__qualname__}()"
    if isinstance(default, enum.Enum):
        return f"{type(default).__qualname__}.{default.name}"
    return repr(default)


def _attrs_signature(  # noqa: PLR0917 - Sphinx passes them by position
    app: Any,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """Show an attrs class' signature with the defaults of its fields.

    With ``autodoc_preserve_defaults`` Sphinx reads the defaults from the
    source of ``__init__``, which attrs generates as
    ``attr_dict['street'].default``; without it, a factory shows as
    ``NOTHING``.  The fields know the real defaults.
    """
    del app, name, options, signature
    if what != "class" or not attrs.has(obj):
        return None
    fields = {field.alias: field for field in attrs.fields(obj)}
    parameters = []
    for parameter in inspect.signature(obj).parameters.values():
        field = fields.get(parameter.name)
        shown = parameter.replace(annotation=inspect.Parameter.empty)
        if field is not None and field.default is not attrs.NOTHING:
            shown = shown.replace(default=_Shown(_default_text(field.default)))
        parameters.append(shown)
    return str(inspect.Signature(parameters)), return_annotation


def _public_bases(
    app: Any, name: str, obj: Any, options: Any, bases: list[type]
) -> None:
    """Leave ``object`` out of "Bases:" and show a private base's bases."""
    del app, name, obj, options
    shown: list[type] = []
    for base in bases:
        if base is object:
            continue
        if base.__module__.startswith("meetupkit") and (
            base.__name__.startswith("_") or ("._" in base.__module__)
        ):
            shown.extend(b for b in base.__bases__ if b is not object)
        else:
            shown.append(base)
    bases[:] = shown


def _drop_empty_bases(
    app: Any, domain: str, objtype: str, content: nodes.Element
) -> None:
    """Remove the "Bases:" line of a class :func:`_public_bases` emptied."""
    del app
    if domain != "py" or objtype not in {"class", "exception"}:
        return
    for paragraph in content.findall(nodes.paragraph):
        if paragraph.astext().strip() == "Bases:":
            paragraph.parent.remove(paragraph)
        break


# -- type variables ---------------------------------------------------------


def _hide_type_variables(  # noqa: PLR0917 - Sphinx passes them by position
    app: Any,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> None:
    """Describe ``cls: type[T]`` and ``-> T`` in words, not as ``T``.

    ``from_json(cls, text) -> T`` would show "Return type: T", a name the
    reader cannot look up.  The docstrings say it in words ("A *cls* built
    from *text*"), so the types recorded for the description are adjusted:
    ``type[T]`` shows as ``type``, a bare ``T`` is left out.
    """
    del what, options, signature, return_annotation
    if not callable(obj) or isinstance(obj, type):
        return
    recorded = app.env.current_document.autodoc_annotations.get(name)
    if not recorded:
        return
    try:
        hints = typing.get_type_hints(obj)
    except (NameError, TypeError):
        return
    for key, hint in hints.items():
        if isinstance(hint, typing.TypeVar):
            recorded.pop(key, None)
        elif typing.get_origin(hint) is type and any(
            isinstance(arg, typing.TypeVar) for arg in typing.get_args(hint)
        ):
            recorded[key] = "type"


# -- members of enumerations -------------------------------------------------


def _describe_enum_members(app: Any) -> None:
    """Let autodoc show each enum member's description.

    A member of :class:`meetupkit._enums.DescribedEnum` keeps its
    description in its ``__doc__``, where ``help()`` finds it; autodoc reads
    an enum member's documentation only from the source (``#:`` comments).
    The descriptions are handed to autodoc's source analyzer as if they
    were such comments.
    """
    del app
    from sphinx.pycode import ModuleAnalyzer  # noqa: PLC0415

    from meetupkit._enums import DescribedEnum  # noqa: PLC0415

    for module_name in sorted(sys.modules):
        module = sys.modules[module_name]
        if not module_name.startswith("meetupkit."):
            continue
        for name in getattr(module, "__all__", ()):
            kind = getattr(module, name, None)
            if not (
                isinstance(kind, type)
                and issubclass(kind, DescribedEnum)
                and kind.__module__ == module_name
            ):
                continue
            analyzer = ModuleAnalyzer.for_module(module_name)
            analyzer.analyze()
            for member in kind:
                analyzer.attr_docs[kind.__qualname__, member.name] = [
                    *(member.__doc__ or "").splitlines(),
                    "",
                ]


# -- constants re-exported by the façade -------------------------------------


def _facade_data(  # noqa: PLR0917 - Sphinx passes them by position
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Give ``meetupkit.FORMAT_VERSION`` the ``#:`` comment it is defined with.

    The package loads such constants lazily, so autodoc finds no comment in
    ``meetupkit/__init__.py`` and would show the docstring of ``int``.
    """
    del app, obj, options
    if what != "data" or not name.startswith("meetupkit."):
        return
    target = _canonical(name)
    if target is None:
        return
    from sphinx.pycode import ModuleAnalyzer  # noqa: PLC0415

    owner, _, attribute = target.rpartition(".")
    analyzer = ModuleAnalyzer.for_module(owner)
    analyzer.analyze()
    comment = analyzer.attr_docs.get(("", attribute))
    if comment:
        lines[:] = list(comment)


# -- one-line docstrings of data and properties ----------------------------


_UNTYPED: dict[int, list[str]] = {}


def _remember_summary(  # noqa: PLR0917 - Sphinx passes them by position
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Remember the docstring of data or a property with a colon in line 1.

    For data, attributes and properties napoleon reads ``Summary: more`` as
    ``type: text``.  meetupkit never gives types that way (the annotations
    do), so such a docstring is put back as written by :func:`_restore`.
    """
    del app, name, obj, options
    if what in {"data", "attribute", "property"} and lines and ":" in lines[0]:
        _UNTYPED[id(lines)] = list(lines)


def _restore(  # noqa: PLR0917 - Sphinx passes them by position
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Undo napoleon's reading of a docstring :func:`_remember_summary` saw."""
    del app, what, name, obj, options
    original = _UNTYPED.pop(id(lines), None)
    if original is not None:
        lines[:] = original


# -- the JSON Schema --------------------------------------------------------


def _publish_schema(app: Any) -> None:
    """Publish the schema of meetup files as ``_static/meetupkit.schema.json``.

    :data:`meetupkit.schema.SCHEMA_ID` points there, so editors find the
    schema of the version the site documents.  It is generated at build time
    from the model, exactly as ``meetupkit schema`` prints it.
    """
    from meetupkit.schema import json_schema  # noqa: PLC0415

    folder = Path(app.doctreedir) / "_generated_static"
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    (folder / "meetupkit.schema.json").write_text(text, encoding="utf-8")
    if str(folder) not in app.config.html_static_path:
        app.config.html_static_path.append(str(folder))


# -- the command line ---------------------------------------------------------


class CommandHelp(SphinxDirective):
    """Show ``meetupkit --help`` and each subcommand's help, as they are.

    The text comes from the parser itself, so the page cannot fall behind
    the command.
    """

    def run(self) -> list[nodes.Node]:
        """Return a section per command with its help text."""
        import argparse  # noqa: PLC0415
        import os  # noqa: PLC0415

        from meetupkit.cli import build_parser  # noqa: PLC0415

        saved = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "79"
        try:
            parser = build_parser()
            helps = [("meetupkit", parser.format_help())]
            for action in parser._actions:  # noqa: SLF001
                if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                    helps.extend(
                        (f"meetupkit {name}", sub.format_help())
                        for name, sub in action.choices.items()
                    )
        finally:
            if saved is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = saved
        result: list[nodes.Node] = []
        for title, text in helps:
            section = nodes.section(ids=[nodes.make_id(title)])
            section += nodes.title(text=title)
            block = nodes.literal_block(text, text)
            block["language"] = "text"
            section += block
            result.append(section)
        return result


class ErrorTree(SphinxDirective):
    """Show the exceptions of :mod:`meetupkit.errors` as a tree.

    The tree is read from the classes themselves, base class first, so
    the page cannot fall behind the code.
    """

    def run(self) -> list[nodes.Node]:
        """Return a nested list of the error classes with their bases."""
        from meetupkit import errors  # noqa: PLC0415

        public = {
            getattr(errors, name)
            for name in errors.__all__
            if isinstance(getattr(errors, name), type)
        }

        def lines(cls: type, depth: int) -> list[str]:
            builtins = [
                f":exc:`{base.__name__}`"
                for base in cls.__bases__
                if base.__module__ == "builtins"
            ]
            also = f" (also {', '.join(builtins)})" if builtins else ""
            found = [f"{'  ' * depth}- :exc:`{cls.__name__}`{also}", ""]
            for child in cls.__subclasses__():
                if child in public:
                    found.extend(lines(child, depth + 1))
            return found

        text = "\n".join(lines(errors.MeetupkitError, 0))
        return self.parse_text_to_nodes(text)


class SessionLexer(BashSessionLexer):
    """Shell sessions whose only prompt is ``$``.

    Pygments' ``console`` lexer also takes ``# `` for a root prompt and
    ``(name)`` for a virtual environment, so output lines such as
    ``#SoMeWI Stammtisch: …`` were coloured as commands.  The sessions of
    these docs are typed as a user, and everything else is output.
    """

    name = "meetupkit session"
    aliases: typing.ClassVar[list[str]] = []
    _ps1rgx = re.compile(r"^(\$ )(.*\n?)")
    _venv = re.compile(r"(?!)")


def setup(app: Any) -> dict[str, Any]:
    """Register the façade resolver and the schema publisher."""
    app.add_directive("meetupkit-help", CommandHelp)
    app.add_lexer("console", SessionLexer)
    app.add_lexer("shell-session", SessionLexer)
    app.add_directive("meetupkit-error-tree", ErrorTree)
    app.connect("missing-reference", _resolve_facade)
    app.connect("autodoc-process-signature", _attrs_signature)
    app.connect(
        "autodoc-process-signature", _hide_type_variables, priority=600
    )
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("object-description-transform", _drop_empty_bases)
    app.connect("builder-inited", _publish_schema)
    app.connect("builder-inited", _describe_enum_members)
    app.connect("autodoc-process-docstring", _facade_data, priority=300)
    # Around napoleon, which listens with the default priority of 500.
    app.connect("autodoc-process-docstring", _remember_summary, priority=400)
    app.connect("autodoc-process-docstring", _restore, priority=600)
    return {"parallel_read_safe": True}
