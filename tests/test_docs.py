"""The documentation site builds cleanly and every example in it runs.

The pages are built with Sphinx in a subprocess, as ``.ci/run`` does: the
HTML builder in nitpicky mode with warnings as errors, and the doctest
builder, which runs every ``{doctest}`` block of the pages.  The built HTML
is then checked for broken internal links.
"""

from __future__ import annotations

import doctest
import enum
import importlib
import json
import os
import pkgutil
import pydoc
import re
import shutil
import subprocess
import sys
import zlib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(
    path for path in DOCS.rglob("*.md") if "_build" not in path.parts
)
SPHINX = [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q"]

# Languages of fenced blocks that are shown, not run.  Python code must be
# in a ``{doctest}`` (or ``{testcode}``) block so that the doctest builder
# runs it.
SHOWN = {"console", "toml", "json", "text", "html", "ini", "shell-session"}
FENCE = re.compile(r"(?P<fence>`{3,})[ \t]*(?P<info>[^`\s]*)")


def sphinx(builder: str, source: Path, out: Path, *extra: str) -> str:
    """Run one Sphinx builder and return its output; fail on errors."""
    result = subprocess.run(
        [*SPHINX, "-b", builder, *extra, str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the HTML site once, fresh, into a temporary folder."""
    out = tmp_path_factory.mktemp("html")
    sphinx("html", DOCS, out)
    return out


class _Links(HTMLParser):
    """Collect the ids and the link targets of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.targets: list[str] = []
        self.system_messages = 0

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.ids.add(str(values[name]))
        for name in ("href", "src"):
            if values.get(name) and not (
                tag == "link" and values.get("rel") == "canonical"
            ):
                self.targets.append(str(values[name]))
        if "system-message" in (values.get("class") or "").split():
            self.system_messages += 1


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _fences(text: str) -> list[str]:
    """Return the info string of every fenced code block of a page."""
    infos = []
    closing = ""
    for line in text.splitlines():
        stripped = line.strip()
        if closing:
            if stripped.startswith(closing) and not stripped.strip("`"):
                closing = ""
            continue
        match = FENCE.fullmatch(stripped) or FENCE.match(stripped)
        if match:
            infos.append(match["info"])
            closing = match["fence"]
    return infos


# Pages whose ``console`` blocks are a session the tests replay: each
# ``$ command`` runs in one temporary folder, and the lines up to the next
# ``$`` are its expected output (standard output and error together).
SESSIONS = [DOCS / "how-to" / "cli.md"]
CONSOLE = re.compile(
    r"^```console\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL
)


def _session(page: Path) -> list[tuple[str, str]]:
    """Return the commands of a page's console blocks with their output."""
    steps: list[tuple[str, list[str]]] = []
    for block in CONSOLE.finditer(page.read_text(encoding="utf-8")):
        for line in block["body"].splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return [(command, "\n".join(output)) for command, output in steps]


def _is_internal(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith("//"))


class TestBuild:
    """The site builds without a warning and its examples pass."""

    def test_html_builds_nitpicky(self, html: Path) -> None:
        """The HTML build passes with -W -n and writes the main pages."""
        for page in ("index", "tutorial", "changelog", "reference/index"):
            assert (html / f"{page}.html").is_file(), page

    def test_schema_is_published(self, html: Path) -> None:
        """The site serves the JSON Schema where SCHEMA_ID says it is."""
        from meetupkit.schema import SCHEMA_ID, json_schema

        published = html / "_static" / "meetupkit.schema.json"
        assert SCHEMA_ID.endswith("/_static/meetupkit.schema.json")
        assert json.loads(published.read_text(encoding="utf-8")) == (
            json_schema()
        )

    def test_doctest_builder_passes(self, tmp_path: Path) -> None:
        """Every example on every page gives the output shown."""
        output = sphinx("doctest", DOCS, tmp_path)
        assert "0 failures in tests" in output or "failures" not in output
        report = (tmp_path / "output.txt").read_text(encoding="utf-8")
        tests = int(re.search(r"(\d+) tests", report)[1])  # type: ignore[index]
        assert tests > 0
        assert "0 failures in tests" in report

    def test_failing_example_fails_the_build(self, tmp_path: Path) -> None:
        """An example whose output differs makes the doctest build fail."""
        source = tmp_path / "src"
        source.mkdir()
        (source / "index.md").write_text(
            "# Broken\n\n```{doctest}\n>>> from meetupkit import Series\n"
            ">>> Series.example().hashtag\n'#SoMeHH'\n```\n",
            encoding="utf-8",
        )
        result = subprocess.run(
            [
                *SPHINX,
                "-b",
                "doctest",
                "-c",
                str(DOCS),
                str(source),
                str(tmp_path / "out"),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert result.returncode != 0
        assert "'#SoMeWI'" in (tmp_path / "out" / "output.txt").read_text(
            encoding="utf-8"
        )


class TestPages:
    """Every page's code is run, and every page is in the site."""

    @pytest.mark.parametrize(
        "page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES]
    )
    def test_python_blocks_are_run(self, page: Path) -> None:
        """A page shows Python code only in blocks the doctest builder runs."""
        for info in _fences(page.read_text(encoding="utf-8")):
            if info.startswith("{"):
                continue
            assert info in SHOWN, (
                f"{page.name}: a ```{info} block is not run; use"
                " ```{doctest} for Python or a shown language"
            )

    def test_every_page_is_built(self, html: Path) -> None:
        """Every Markdown page of docs/ becomes an HTML page."""
        for page in PAGES:
            built = html / page.relative_to(DOCS).with_suffix(".html")
            assert built.is_file(), page


# The modules of the reference; every name in their ``__all__`` is public.
PUBLIC_MODULES = [
    "meetupkit.model",
    "meetupkit.recurrence",
    "meetupkit.errors",
    "meetupkit.serialize",
    "meetupkit.ical",
    "meetupkit.jsonld",
    "meetupkit.render",
    "meetupkit.privacy",
    "meetupkit.itip",
    "meetupkit.interop.ics",
    "meetupkit.topics",
    "meetupkit.strategies",
    "meetupkit.schema",
    "meetupkit.web",
    "meetupkit.cli",
]


def _page_of(module: str) -> str:
    """Return the name of the reference page of *module*."""
    return module.removeprefix("meetupkit.").replace(".", "-")


def _public_modules() -> list[str]:
    """Return every module of meetupkit that no underscore marks private."""
    import meetupkit

    return sorted(
        [
            "meetupkit",
            *(
                info.name
                for info in pkgutil.walk_packages(
                    meetupkit.__path__, "meetupkit."
                )
                if not any(p.startswith("_") for p in info.name.split("."))
            ),
        ]
    )


def _inventory(html: Path) -> set[str]:
    """Return the names of the Python objects the site documents."""
    data = (html / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = data.index(b"\n", header_end) + 1
    text = zlib.decompress(data[header_end:]).decode("utf-8")
    return {
        line.split(" ", 1)[0] for line in text.splitlines() if " py:" in line
    }


class TestReference:
    """The reference documents every public name."""

    @pytest.mark.parametrize("module", PUBLIC_MODULES)
    def test_every_public_name_is_documented(
        self, html: Path, module: str
    ) -> None:
        """Every name in a module's __all__ has an entry in the reference."""
        names = _inventory(html)
        assert module in names
        public = importlib.import_module(module).__all__
        missing = [n for n in public if f"{module}.{n}" not in names]
        assert not missing, missing

    @pytest.mark.parametrize("module", PUBLIC_MODULES)
    def test_every_enum_member_is_described(
        self, html: Path, module: str
    ) -> None:
        """Every member of a public enumeration has an entry with its text."""
        names = _inventory(html)
        pages = _rendered(html)
        loaded = importlib.import_module(module)
        for name in loaded.__all__:
            kind = getattr(loaded, name)
            if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
                continue
            for member in kind:
                assert f"{module}.{name}.{member.name}" in names, member
                page = pages[f"reference/{_page_of(module)}.html"]
                text = re.sub(
                    r"``|\*", "", " ".join(str(member.__doc__).split())
                )
                entry = f"{member.name} = {member.value!r}¶ "
                assert entry + text.replace("'", "’") in page, member

    @pytest.mark.parametrize("module", ["meetupkit", *PUBLIC_MODULES])
    def test_help_lists_only_public_names(self, module: str) -> None:
        """help() on a public module lists no underscored helper."""
        text = pydoc.render_doc(
            importlib.import_module(module), renderer=pydoc.plaintext
        )
        sections = re.split(r"^(?=[A-Z][A-Z ]+$)", text, flags=re.MULTILINE)
        private = [
            line.strip()
            for section in sections
            if section.startswith(("CLASSES", "FUNCTIONS", "DATA"))
            for line in section.splitlines()
            if re.match(r"^    _(?!_)", line)
        ]
        assert not private, private

    def test_errors_page_starts_with_the_base(self, html: Path) -> None:
        """The errors page shows MeetupkitError first, then its subclasses."""
        from meetupkit import errors

        page = (html / "reference" / "errors.html").read_text(encoding="utf-8")
        order = re.findall(r'id="meetupkit\.errors\.(\w+)"', page)
        classes = [n for n in order if isinstance(getattr(errors, n), type)]
        assert classes[0] == "MeetupkitError"
        for name in classes[1:]:
            bases = [
                b.__name__
                for b in getattr(errors, name).__bases__
                if b.__module__ == "meetupkit.errors"
            ]
            assert all(order.index(b) < order.index(name) for b in bases)
        tree = _rendered(html)["reference/errors.html"]
        assert "MeetupkitError (also Exception) InvalidValueError" in tree

    def test_facade_constant_has_its_summary(self, html: Path) -> None:
        """FORMAT_VERSION's summary is its own comment, not int's docstring."""
        page = _rendered(html)["reference/meetupkit.html"]
        assert "int([x])" not in page
        assert "FORMAT_VERSION The version of the document format" in page

    def test_readers_describe_parameters_and_result(self, html: Path) -> None:
        """from_json and from_toml say what cls and text are and what returns."""
        pages = _rendered(html)
        for page in ("reference/serialize.html", "reference/web.html"):
            text = pages[page]
            assert "cls (type) – The model class to build" in text, page
            assert "text (str | bytes) – The JSON document" in text, page
            assert "Returns: A new, valid instance of cls." in text, page
        bare = [p for p, t in pages.items() if re.search(r"type: ~?T\b", t)]
        assert not bare, bare

    def test_strategies_hide_draw(self, html: Path) -> None:
        """The composite strategies show only the arguments callers pass."""
        page = _rendered(html)["reference/strategies.html"]
        assert "series(*, overrides=True, changes=True)" in page
        assert "draw –" not in page
        assert "(draw" not in page

    def test_facade_lists_every_export(self) -> None:
        """The page of the package lists every name it re-exports."""
        import meetupkit

        page = (DOCS / "reference" / "meetupkit.md").read_text(
            encoding="utf-8"
        )
        listed = set(re.findall(r"^   (\w+)$", page, re.MULTILINE))
        assert listed == set(meetupkit.__all__)

    def test_every_module_has_a_page(self) -> None:
        """Each public module has its page in the reference's table."""
        index = (DOCS / "reference" / "index.md").read_text(encoding="utf-8")
        for module in PUBLIC_MODULES:
            page = _page_of(module)
            assert re.search(rf"^{page}$", index, re.MULTILINE), module

    def test_every_public_module_is_listed(self, html: Path) -> None:
        """Every module without an underscore in its path has a reference entry."""
        names = _inventory(html)
        found = _public_modules()
        assert "meetupkit.interop.ics" in found
        missing = [module for module in found if module not in names]
        assert not missing, missing
        with_all = {
            module
            for module in found
            if hasattr(importlib.import_module(module), "__all__")
        }
        assert with_all - {"meetupkit"} == set(PUBLIC_MODULES)


def _rendered(html: Path) -> dict[str, str]:
    """Return the text of every page of the site, without its markup.

    The highlighted source listings under ``_modules/`` are left out: they
    show the code as it is written, not the documentation.
    """
    return {
        str(page.relative_to(html)): " ".join(
            re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")).split()
        )
        for page in html.rglob("*.html")
        if "_modules" not in page.relative_to(html).parts
    }


class TestSignatures:
    """Signatures show the defaults a reader would write, and no noise."""

    def test_no_attrs_internals(self, html: Path) -> None:
        """No page shows attrs' generated default names or its NOTHING."""
        leaks = [
            f"{page}: {word}"
            for page, text in _rendered(html).items()
            for word in ("attr_dict[", "NOTHING")
            if word in text
        ]
        assert not leaks, leaks

    def test_no_object_reprs(self, html: Path) -> None:
        """No constant shows a function's or an object's repr as its value."""
        leaks = [
            page
            for page, text in _rendered(html).items()
            if re.search(r"<(function|[\w.]+ object) ", unescape(text))
        ]
        assert not leaks, leaks

    def test_real_defaults_are_shown(self, html: Path) -> None:
        """Factories, enum members and tuples appear as one would write them."""
        model = _rendered(html)["reference/model.html"]
        assert "consent=Consent())" in model
        assert "name=Visibility.PRIVATE," in model
        assert "status=MeetupStatus.SCHEDULED," in model
        assert "rooms=())" in model
        assert "(*, title, start, duration, uid=..., description=None," in (
            model
        )

    def test_no_bases_object(self, html: Path) -> None:
        """No class says it derives from object; real bases are still shown."""
        pages = _rendered(html)
        assert not [p for p, text in pages.items() if "Bases: object" in text]
        assert "Bases: StrEnum" in pages["reference/model.html"]
        assert (
            "Bases: MeetupkitError, ValueError"
            in (pages["reference/errors.html"])
        )


class TestExamples:
    """The examples show text as a reader sees it."""

    def test_no_example_prints_escapes(self, html: Path) -> None:
        """No example's output shows typographic spaces as \\u escapes."""
        escaped = re.compile(r"\\u20[0-9a-f]{2}|\\xa0")
        found = []
        for page in html.rglob("*.html"):
            if "_modules" in page.relative_to(html).parts:
                continue
            text = page.read_text(encoding="utf-8")
            for block in re.findall(r"<pre>(.*?)</pre>", text, re.DOTALL):
                plain = unescape(re.sub(r"<[^>]+>", "", block))
                found.extend(
                    f"{page.relative_to(html)}: {line}"
                    for line in plain.splitlines()
                    if not line.startswith((">>>", "..."))
                    and escaped.search(line)
                )
        assert not found, found


def _copy_prompt(html: Path) -> str:
    """Return the prompt pattern the site's copy buttons strip."""
    script = (html / "_static" / "copybutton.js").read_text(encoding="utf-8")
    found = re.search(r"formatCopyText\(text, '(.*?)', true", script)
    assert found, "the copy buttons do not strip a prompt pattern"
    return found[1].replace("\\\\", "\\")


def _copied(text: str, prompt: str) -> str:
    """Return what a copy button copies: the prompted lines, unprompted."""
    pattern = re.compile(f"^({prompt})(.*)")
    return "\n".join(
        found[2] for line in text.split("\n") if (found := pattern.match(line))
    )


def _lines(code: str) -> list[str]:
    """Return the lines of *code* that are not empty."""
    return [line for line in code.splitlines() if line.strip()]


DOCTEST_BLOCK = re.compile(
    r"^```\{doctest\}\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL
)


class TestCopyPaste:
    """Code blocks copy as what one types, and sessions are coloured right."""

    def test_pages_have_copy_buttons(self, html: Path) -> None:
        """Every page with a code block loads the copy-button script."""
        for page in html.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if '<div class="highlight">' in text:
                assert "copybutton.js" in text, page

    @pytest.mark.parametrize(
        "page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES]
    )
    def test_copied_examples_are_the_code(
        self, html: Path, page: Path
    ) -> None:
        """Copying an example gives its code without prompts or output."""
        prompt = _copy_prompt(html)
        parser = doctest.DocTestParser()
        text = page.read_text(encoding="utf-8")
        for block in DOCTEST_BLOCK.finditer(text):
            code = "".join(
                e.source for e in parser.get_examples(block["body"])
            )
            copied = _copied(block["body"], prompt)
            # A "..." line of a traceback copies as an empty line.
            assert _lines(copied) == _lines(code)
            compile(copied, str(page), "exec", dont_inherit=True)
        for block in CONSOLE.finditer(text):
            commands = [
                line[2:]
                for line in block["body"].splitlines()
                if line.startswith("$ ")
            ]
            assert _copied(block["body"], prompt).splitlines() == commands

    def test_output_is_not_coloured_as_a_prompt(self, html: Path) -> None:
        """In shell sessions only "$ " is a prompt; #SoMeWI lines are output."""
        page = (html / "how-to" / "cli.html").read_text(encoding="utf-8")
        prompts = set(re.findall(r'<span class="gp">([^<]*)</span>', page))
        assert prompts == {"$ "}
        assert '<span class="go">#SoMeWI Stammtisch: alle 8 Wochen' in page

    def test_how_to_files_are_shown_whole(self, html: Path) -> None:
        """The feed of the import how-to and the WSGI app are files to copy."""
        examples = ROOT / "examples"
        pages = _rendered(html)
        feed = (examples / "mainz-feed.ics").read_text(encoding="utf-8")
        assert " ".join(feed.split()) in pages["how-to/import-feed.html"]
        app = (examples / "wsgi_feed.py").read_text(encoding="utf-8")
        body = app[app.index("from __future__") :]
        shown = unescape(pages["how-to/calendar-feed.html"])
        assert " ".join(body.split()) in shown


class TestIntersphinx:
    """Names of Python and the dependencies link to their documentation."""

    def test_dependencies_are_linked(self, html: Path) -> None:
        """ZoneInfo, attrs.evolve and cattrs.Converter are links, if known.

        The inventories are read from Debian's documentation packages
        (see docs/conf.py); without them the build passes unlinked.
        """
        sys.path.insert(0, str(DOCS))
        try:
            conf = importlib.import_module("conf")
        finally:
            sys.path.remove(str(DOCS))
        mapping = conf.intersphinx_mapping
        links = {
            "python": "library/zoneinfo.html#zoneinfo.ZoneInfo",
            "attrs": "#attrs.evolve",
            "cattrs": "#cattrs.Converter",
        }
        missing = [name for name in links if name not in mapping]
        if missing:
            pytest.skip(
                f"no inventory of {', '.join(missing)} on this machine"
            )
        text = "".join(
            page.read_text(encoding="utf-8") for page in html.rglob("*.html")
        )
        for name, anchor in links.items():
            assert f'href="{mapping[name][0]}/' in text, name
            assert re.search(
                rf'href="{re.escape(mapping[name][0])}/[^"]*{re.escape(anchor)}"',
                text,
            ), name


def _ranked(html: Path, query: str) -> list[str]:
    """Return the pages a one-word search finds, best first.

    A port of the ranking of Sphinx's ``searchtools.js`` (Sphinx 9): titles,
    index entries, object names and words, each with the Scorer's weights;
    a page counts at its best place.
    """
    import snowballstemmer

    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docs, titles = index["docnames"], index["titles"]
    word = query.lower()
    stem = snowballstemmer.stemmer("english").stemWord(word)
    main: list[tuple[int, str, str]] = []
    others: list[tuple[int, str, str]] = []
    for title, found in index["alltitles"].items():
        if word in title.lower() and len(word) >= len(title) / 2:
            score = round(15 * len(word) / len(title))
            main.extend(
                (score + (titles[f] == title), docs[f], title)
                for f, _ in found
            )
    for entry, found in index["indexentries"].items():
        if word in entry and len(word) >= len(entry) / 2:
            for file, _, is_main in found:
                hit = (round(100 * len(word) / len(entry)), docs[file], entry)
                (main if is_main else others).append(hit)
    priorities = {0: 15, 1: 5, 2: -5}
    for prefix, entries in index["objects"].items():
        for file, _, priority, _, name in entries:
            full = f"{prefix}.{name}".lower() if prefix else name.lower()
            if word not in full:
                continue
            last = full.rsplit(".", 1)[-1]
            score = 11 if word in {full, last} else 6 if word in last else 0
            main.append(
                (score + priorities.get(priority, 0), docs[file], full)
            )
    for terms, weight, partial in (
        (index["terms"], 5, 2),
        (index["titleterms"], 15, 7),
    ):
        found = [(terms[stem], weight)] if stem in terms else []
        if not found:
            found = [(f, partial) for t, f in terms.items() if stem in t]
        for files, score in found:
            listed = files if isinstance(files, list) else [files]
            main.extend((score, docs[f], titles[f]) for f in listed)
    order: list[str] = []
    for group in (main, others):
        for _, doc, _ in sorted(group, key=lambda h: (-h[0], h[2].lower())):
            if doc not in order:
                order.append(doc)
    return order


class TestSearch:
    """The site's search ranks the page about a word near the top."""

    @pytest.mark.parametrize(
        ("query", "page"),
        [
            ("recurrence", "how-to/recurrence"),
            ("RRULE", "how-to/recurrence"),
            ("RSVP", "how-to/rsvp"),
            ("feed", "how-to/import-feed"),
        ],
    )
    def test_how_to_ranks_first(
        self, html: Path, query: str, page: str
    ) -> None:
        """Searching a how-to's subject lists that how-to first.

        Only the glossary's definition of the very word, which links to the
        how-to, may come before it.
        """
        ranked = _ranked(html, query)
        assert next(doc for doc in ranked if doc != "glossary") == page
        assert ranked.index(page) <= 1
        if ranked[0] == "glossary":
            glossary = (html / "glossary.html").read_text(encoding="utf-8")
            assert f'id="term-{query}"' in glossary
            assert f"{page}.html" in glossary


class TestSessions:
    """The command-line sessions shown in the docs give the output shown."""

    @pytest.mark.parametrize("page", SESSIONS, ids=[p.stem for p in SESSIONS])
    def test_session_replays(self, page: Path, tmp_path: Path) -> None:
        """Every command of the page prints what the page says it prints."""
        bash = shutil.which("bash")
        assert bash is not None
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
            f"{os.environ.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",
            "NO_COLOR": "1",
            "COLUMNS": "80",
        }
        steps = _session(page)
        assert steps, "the page shows no commands"
        status = 0
        for command, expected in steps:
            if command == "echo $?":
                assert expected == str(status), command
                continue
            result = subprocess.run(
                [bash, "-c", command],
                cwd=tmp_path,
                env=env,
                capture_output=False,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
                timeout=120,
            )
            status = result.returncode
            got = "\n".join(
                line.rstrip() for line in result.stdout.splitlines()
            )
            assert got == expected, f"$ {command}"


class TestLinks:
    """The built site has no broken internal links."""

    def test_internal_links_resolve(self, html: Path) -> None:
        """Every relative href and src names a file and an anchor that exist."""
        pages = {page: _parse(page) for page in html.rglob("*.html")}
        broken = []
        for page, parsed in pages.items():
            for target in parsed.targets:
                if not _is_internal(target):
                    continue
                parts = urlsplit(target)
                path = unquote(parts.path)
                file = (page.parent / path).resolve() if path else page
                if file.is_dir():
                    file /= "index.html"
                if not file.exists():
                    broken.append(f"{page.relative_to(html)}: {target}")
                    continue
                fragment = unquote(parts.fragment)
                if fragment and file.suffix == ".html":
                    ids = pages[file].ids if file in pages else set()
                    if fragment not in ids:
                        broken.append(f"{page.relative_to(html)}: {target}")
        assert not broken, "\n".join(broken)

    def test_pages_have_no_rendering_errors(self, html: Path) -> None:
        """No page carries a docutils error box or lacks a title."""
        for page in html.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert "<title>" in text, page
            assert _parse(page).system_messages == 0, page


# A measured figure: a duration (``2.37 s``, ``506.9 ms``, ``238 µs``) or a
# ratio (``3.37x``).
FIGURE = re.compile(r"\b\d[\d,]*(?:\.\d+)?(?: (?:s|ms|µs)\b|x\b)")


class TestComparison:
    """The comparison page quotes the benchmarks as they were measured."""

    def test_figures_come_from_the_benchmarks(self) -> None:
        """Every time and ratio on the page appears in the benchmark results."""
        page = (DOCS / "explanation" / "comparison.md").read_text(
            encoding="utf-8"
        )
        results = (ROOT / "benchmarks" / "README.md").read_text(
            encoding="utf-8"
        )
        figures = FIGURE.findall(page)
        assert len(figures) > 10
        missing = [f for f in figures if f not in results]
        assert not missing, missing

    def test_date_of_the_run_is_the_benchmarks_date(self) -> None:
        """The page names the day on which the quoted run was made."""
        page = (DOCS / "explanation" / "comparison.md").read_text(
            encoding="utf-8"
        )
        results = (ROOT / "benchmarks" / "README.md").read_text(
            encoding="utf-8"
        )
        found = re.search(r"Produced by .* on (\d{4})-(\d\d)-(\d\d)", results)
        assert found is not None
        year, month, day = (int(part) for part in found.groups())
        months = [
            "January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December",
        ]  # fmt: skip
        assert f"Measured on {day} {months[month - 1]} {year}" in page


class TestInstallStory:
    """The docs and the README tell one story of how to install meetupkit."""

    def test_installs_by_name_are_for_after_publishing(self) -> None:
        """Every 'pip install meetupkit' is said to work once it is on PyPI."""
        texts = {
            path.name: path.read_text(encoding="utf-8")
            for path in [ROOT / "README.md", *PAGES]
        }
        found = 0
        for name, text in texts.items():
            for match in re.finditer(r"pip install\s+['\"]?meetupkit", text):
                found += 1
                before = re.sub(r"\s+", " ", text[: match.start()])[-120:]
                assert "Once meetupkit is published on PyPI" in before, name
        assert found >= 2

    def test_installs_from_a_clone_are_editable(self) -> None:
        """Every other pip command installs the clone, as the index says."""
        for path in [ROOT / "README.md", *PAGES]:
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(
                r"pip install (?!\s*['\"]?meetupkit)\S*", text
            ):
                line = text[match.start() :].split("\n", 1)[0]
                assert " -e " in line, f"{path.name}: {line}"


class TestGlossary:
    """The glossary defines the words of the docs, and the text links it."""

    TERMS = (
        "series",
        "occurrence",
        "original start",
        "override",
        "audience",
        "visibility",
        "floating time",
        "format version",
    )

    def test_core_terms_are_defined(self) -> None:
        """The glossary page defines each core term in a glossary directive."""
        page = (DOCS / "glossary.md").read_text(encoding="utf-8")
        body = page.split("```{glossary}", 1)[1]
        defined = set(re.findall(r"^(\S[^\n]*)$", body, re.MULTILINE))
        assert set(self.TERMS) <= defined

    def test_core_terms_are_linked_from_the_text(self) -> None:
        """Each core term is linked from a tutorial or explanation page."""
        pages = [DOCS / "tutorial.md", *(DOCS / "explanation").glob("*.md")]
        text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
        linked = set(re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`", text))
        assert set(self.TERMS) <= linked


class TestIndexes:
    """The how-to and explanation indexes describe every page they list."""

    @pytest.mark.parametrize("section", ["how-to", "explanation"])
    def test_every_page_has_a_description(self, section: str) -> None:
        """Each page of a section's table of contents has a line of its own."""
        index = (DOCS / section / "index.md").read_text(encoding="utf-8")
        toctree = index.split("```{toctree}", 1)[1].split("```", 1)[0]
        pages = [
            line
            for line in toctree.splitlines()
            if line and not line.startswith(":")
        ]
        assert len(pages) == len(list((DOCS / section).glob("*.md"))) - 1
        for page in pages:
            assert re.search(rf"\{{doc\}}`{page}`: \w", index), page
