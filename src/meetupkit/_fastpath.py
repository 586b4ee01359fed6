"""Generated readers of JSON documents: structure and validate in one pass.

Nothing here is public API.  :func:`meetupkit.serialize.from_json` first
tries :func:`read_json`; when it returns :data:`MISS` (anything at all is
unusual or wrong), the detailed path of cattrs hooks and attrs constructors
reads the document again and reports its problems, so that every message
stays the same.  The fast path therefore only has to be right about the
documents it accepts: it must accept a document only if the detailed path
accepts it, and return an equal object.

One function is generated per model class, from its attrs fields (so that
it cannot drift from the model):

* each value is checked for its exact JSON type (``type(x) is str``), as
  the converter's strict hooks would; leaf types (datetimes, durations,
  dates, recurrence rules) go through the converter's own hooks;
* each field converter runs, except where it is known to return what it is
  given (a tuple for the tuple converters; a member for the enum
  converters, proved on every member when the function is generated);
* each field validator either runs, or is replaced by a condition under
  which it is known to pass (such as the validator's own test for text);
  a class's cross-field checks (``_cross_checks``) always run;
* the object is then made without its constructor, so that no check runs
  twice.

Classes that define ``__attrs_pre_init__`` or ``__attrs_post_init__``, or
whose fields use converters that take the instance, are built with their
constructor instead.  Everything is generated on first use, so that
``import meetupkit`` stays light.
"""

from __future__ import annotations

import enum
import json
import re
import types
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Final, Union, cast, get_args, get_origin

import attrs

from . import _validate as v
from . import model

#: What `read_json` returns when the detailed path must read the document.
MISS: Final = object()

_Reader = Callable[[Any], Any]


class _Miss(Exception):  # noqa: N818 - a signal, not an error
    """The fast path cannot vouch for this document."""


def _no_constant(name: str) -> Any:
    raise ValueError(name)


_json_loads: Callable[[str], Any] = json.JSONDecoder(
    parse_constant=_no_constant
).decode


_orjson_loads: Callable[[str], Any] | None
try:  # an optional fast path; a document it refuses is read by json again
    import orjson

    _orjson_loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is optional
    _orjson_loads = None

_loads: Callable[[str], Any] = _orjson_loads or _json_loads


def use_json_module(use: bool) -> None:  # noqa: FBT001
    """Parse with :mod:`json` (*use*), else with orjson when installed.

    For the tests: both parsers must give the same objects.
    """
    global _loads  # noqa: PLW0603
    _loads = _json_loads if use else (_orjson_loads or _json_loads)


def read_json(cls: type[Any], source: str) -> Any:
    """Return the *cls* the JSON text *source* holds, or :data:`MISS`."""
    try:
        reader = _readers.get(cls)
        if reader is None:
            reader = _readers[cls] = _document_reader(cls)
        return reader(_loads(source))
    except Exception:  # noqa: BLE001 - the detailed path reports it
        return MISS


_readers: dict[type[Any], _Reader] = {}


# -- the document envelope ----------------------------------------------------


def _document_reader(cls: type[Any]) -> _Reader:
    """Return the reader of a whole document of *cls*."""
    from .serialize import FORMAT_VERSION  # noqa: PLC0415 - no cycle at import

    read = _class_reader(cls)
    fields = attrs.fields_dict(cls)
    names_room = "room" in fields and "venue" in fields

    def document(data: Any) -> Any:
        if type(data) is not dict:
            raise _Miss
        version = data.get("format_version")
        if type(version) is not int or version != FORMAT_VERSION:
            raise _Miss  # missing, older (migrated) or newer: detailed
        if "zone" in data:
            raise _Miss  # a document zone, or an unknown key
        body = dict(data)
        del body["format_version"]
        schema = body.pop("$schema", None)
        if schema is not None and type(schema) is not str:
            raise _Miss
        if names_room and type(body.get("room")) is str:
            body["room"] = _room_table(body["room"], body.get("venue"))
        return read(body)

    return document


def _room_table(name: str, venue: Any) -> dict[str, Any]:
    """The table of the venue's room called *name*, as format 2 reads it."""
    if type(venue) is not dict:
        raise _Miss
    rooms = venue.get("rooms", [])
    if type(rooms) is not list:
        raise _Miss
    for room in rooms:
        if type(room) is dict and room.get("name") == name:
            return dict(room)
    raise _Miss


# -- one function per class ---------------------------------------------------

#: The functions generated so far, by class; also the namespace the
#: generated code runs in, so that classes can refer to each other.
_namespace: dict[str, Any] = {}
_class_readers: dict[type[Any], str] = {}

#: Converters that return a tuple they are given unchanged.
_KEEP_TUPLES: Final = frozenset(
    converter
    for converter in (
        v.tuple_of,
        v.texts,
        *(
            getattr(model, name, None)
            for name in (
                "_rooms",
                "_participants",
                "_wishes",
                "_photos",
                "_sections",
                "_rsvps",
            )
        ),
    )
    if converter is not None
)

_OPTIONAL_VALIDATOR: Final[Any] = type(attrs.validators.optional(v.text))
_AND_VALIDATOR: Final[Any] = type(attrs.validators.and_(v.text, v.text))

# A URL that `_validate.check_url` accepts, written conservatively: an http
# or https scheme, a host of letters, digits, dots and dashes, no port or
# user, and a path, query and fragment of printable ASCII without spaces,
# quotes or angle brackets.  Anything else goes to `check_url` itself.
_SAFE_URL: Final = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
    r"(?:[/?#][A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?"
)


def _safe_url(value: object) -> bool:
    return (
        type(value) is str
        and len(value) <= v.MAX_URL
        and _SAFE_URL.fullmatch(value) is not None
    )


def _class_reader(cls: type[Any]) -> _Reader:
    """Return the generated reader of one object of *cls*."""
    name = _class_readers.get(cls)
    if name is None:
        name = f"read_{cls.__name__}_{len(_class_readers)}"
        _class_readers[cls] = name
        # Registered before generating, so that a class that holds itself
        # refers to its own function by name.
        try:
            source, names = _Generator(cls, name).source()
            _namespace.update(names)
            code = compile(source, f"<meetupkit read {cls.__name__}>", "exec")
            exec(code, _namespace)  # noqa: S102 - built from field names
        except Exception:
            _namespace[name] = _always_miss
            raise
    return _namespace[name]  # type: ignore[no-any-return]


def _always_miss(_: object) -> Any:
    raise _Miss


def _is_model(kind: Any) -> bool:
    from .recurrence import Recurrence  # noqa: PLC0415 - no cycle at import

    return (
        isinstance(kind, type) and attrs.has(kind) and kind is not Recurrence
    )


def _optional_inner(kind: Any) -> Any:
    """X of ``X | None``; None if *kind* is no such union."""
    args = get_args(kind)
    if (
        get_origin(kind) in {types.UnionType, Union}
        and len(args) == 2  # noqa: PLR2004
        and type(None) in args
    ):
        return next(arg for arg in args if arg is not type(None))
    return None


def _tuple_item(kind: Any) -> Any:
    """X of ``tuple[X, ...]``; None if *kind* is no such tuple."""
    args = get_args(kind)
    if get_origin(kind) is tuple and len(args) == 2 and args[1] is ...:  # noqa: PLR2004
        return args[0]
    return None


class _Generator:
    """Writes the source of one class's reader."""

    def __init__(self, cls: type[Any], function: str) -> None:
        self.cls = cls
        self.function = function
        self.names: dict[str, Any] = {}
        self.lines: list[str] = []
        self.count = 0
        #: What the reading proves of a field's value, by field name:
        #: ("member", E), ("members", E), ("exact", K), ("exact-or-none",
        #: K) or ("items", K).
        self.proofs: dict[str, tuple[str, Any]] = {}

    def name(self, value: object, prefix: str = "c") -> str:
        """Give *value* a name in the generated code's namespace."""
        self.count += 1
        label = f"_{prefix}{self.count}_{self.function}"
        self.names[label] = value
        return label

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    # -- structuring ----------------------------------------------------

    def structure(self, kind: Any, var: str, depth: int) -> None:
        """Emit code that turns the JSON value in *var* into *kind*."""
        from .serialize import converter  # noqa: PLC0415 - no cycle at import

        inner = _optional_inner(kind)
        item = _tuple_item(kind)
        if kind is str or kind is int or kind is bool:
            self.emit(depth, f"if type({var}) is not {kind.__name__}:")
            self.emit(depth + 1, "raise _Miss")
            return
        if kind is float:
            self.emit(depth, f"if type({var}) is int:")
            self.emit(depth + 1, f"{var} = float({var})")
            self.emit(depth, f"elif type({var}) is not float:")
            self.emit(depth + 1, "raise _Miss")
            return
        if inner is not None:
            self.emit(depth, f"if {var} is not None:")
            self.structure(inner, var, depth + 1)
            return
        if item is not None and (
            item is str or _is_model(item) or isinstance(item, type)
        ):
            self.emit(depth, f"if type({var}) is not list:")
            self.emit(depth + 1, "raise _Miss")
            if item is str:
                self.emit(depth, f"for _e in {var}:")
                self.emit(depth + 1, "if type(_e) is not str:")
                self.emit(depth + 2, "raise _Miss")
                self.emit(depth, f"{var} = tuple({var})")
                return
            if _is_model(item):
                reader = _class_readers.get(item) or _class_reader_name(item)
                self.emit(
                    depth, f"{var} = tuple([{reader}(_e) for _e in {var}])"
                )
                return
            each = self.name(converter.get_structure_hook(item), "h")
            kind_name = self.name(item, "t")
            self.emit(
                depth,
                f"{var} = tuple([{each}(_e, {kind_name}) for _e in {var}])",
            )
            return
        if _is_model(kind):
            reader = _class_readers.get(kind) or _class_reader_name(kind)
            self.emit(depth, f"{var} = {reader}({var})")
            return
        # Leaf types (datetimes, durations, dates, rules) and anything else:
        # the converter's own hook, exactly as the detailed path reads it.
        hook: Callable[[Any, Any], Any] = converter.get_structure_hook(kind)
        if kind in _IMMUTABLE_LEAVES:
            hook = _remembered.get(kind) or _remembered.setdefault(
                kind, _remember(hook)
            )
        kind_name = self.name(kind, "t")
        self.emit(depth, f"{var} = {self.name(hook, 'h')}({var}, {kind_name})")

    def enum_map(
        self, field: attrs.Attribute[Any], kind: Any
    ) -> dict[Any, Any] | None:
        """The JSON values of an enum field and the members they become.

        Only if the field's hook and converter turn each member's value
        into that member (checked here, on every member); None otherwise.
        """
        from .serialize import converter  # noqa: PLC0415 - no cycle at import

        inner = _optional_inner(kind)
        members = inner if inner is not None else kind
        if not (isinstance(members, type) and issubclass(members, enum.Enum)):
            return None
        convert = field.converter
        if convert is None or isinstance(convert, attrs.Converter):
            return None
        hook = converter.get_structure_hook(members)
        table = {}
        for member in members:
            try:
                made = convert(hook(member.value, members))
            except Exception:  # noqa: BLE001 - then not this way
                return None
            if made is not member:
                return None
            table[member.value] = member
        if inner is not None:
            try:
                if convert(None) is not None:
                    return None
            except Exception:  # noqa: BLE001 - then not this way
                return None
        return table

    def checks_text(self, field: attrs.Attribute[Any]) -> bool:
        """Whether the field's validator refuses anything but None and str."""
        if field.converter is not None:
            return False
        together = v.together_of(self.cls)
        if together is None:
            return False
        return any(
            attribute.name == field.name and validator in _TEXT_VALIDATORS
            for attribute, validator in together._checks  # noqa: SLF001
        )

    def enum_tuple_map(
        self, field: attrs.Attribute[Any]
    ) -> dict[Any, Any] | None:
        """Like `enum_map`, for a field of ``tuple[SomeEnum, ...]``.

        The converter must turn the empty tuple, each member's value alone
        and all values together into the same tuple of members (checked
        here); it is taken to convert item by item, as the model's do.
        """
        from .serialize import converter  # noqa: PLC0415 - no cycle at import

        members = _tuple_item(field.type)
        convert = field.converter
        if not (
            isinstance(members, type)
            and issubclass(members, enum.Enum)
            and convert is not None
            and not isinstance(convert, attrs.Converter)
        ):
            return None
        hook = converter.get_structure_hook(members)
        samples = [(), *((m,) for m in members), tuple(members)]
        for sample in samples:
            try:
                made = convert(tuple(hook(m.value, members) for m in sample))
            except Exception:  # noqa: BLE001 - then not this way
                return None
            if type(made) is not tuple or len(made) != len(sample):
                return None
            if any(a is not b for a, b in zip(made, sample, strict=True)):
                return None
        return {member.value: member for member in members}

    # -- validating -----------------------------------------------------

    def condition(
        self,
        validator: Any,
        attribute: attrs.Attribute[Any],
        var: str,
        proof: tuple[str, Any] | None = None,
    ) -> str | None:
        """A Python condition under which *validator* passes; None if unknown.

        Each condition is the validator's own test, or one that implies it;
        ``"True"`` where the reading has already proved it (*proof*, see
        `proofs`).
        """
        checks: Any = validator
        if isinstance(checks, _AND_VALIDATOR):
            parts = [
                self.condition(one, attribute, var, proof)
                for one in checks._validators  # noqa: SLF001
            ]
            if any(part is None for part in parts):
                return None
            return " and ".join(f"({part})" for part in parts)
        if isinstance(checks, _OPTIONAL_VALIDATOR):
            if proof is not None and proof[0] == "exact-or-none":
                proof = ("exact", proof[1])
            inner = self.condition(checks.validator, attribute, var, proof)
            if inner == "True":
                return inner
            return None if inner is None else f"{var} is None or ({inner})"
        closure = _closure(checks)
        code = getattr(checks, "__code__", None)
        if proof is not None and self.proven(code, closure, proof):
            return "True"
        if checks is _CHECK_ROLES and proof == ("members", model.Role):
            return f"len(set({var})) == len({var})"
        good = (
            f"(type({var}) is str and 0 < len({var}) <= {v.MAX_TEXT}"
            f" and not {var}.isspace() and ({var}.isascii()"
            f" or _surrogate({var}) is None))"
        )
        if checks is v.text:
            return good
        if checks is v.optional_text:
            return f"{var} is None or {good}"
        if checks is v.text_items:
            return f"type({var}) is tuple and all(map(_good_text, {var}))"
        if checks is v.unique:
            return f"len({var}) < 2 or len(set({var})) == len({var})"
        if checks is v.url:
            return f"{var} is None or _safe_url({var})"
        if checks is v.url_items:
            return f"all(map(_safe_url, {var}))"
        if checks is v.email:
            return (
                f"{var} is None or (type({var}) is str and len({var}) <= 254"
                f" and {var}.isprintable() and _email({var}) is not None)"
            )
        if checks is v.check_zoned and attribute.default is not attrs.NOTHING:
            return f"{var} is None"
        if checks is v.language:
            return (
                f"{var} is None or (type({var}) is str and len({var}) <= 35"
                f" and _language({var}) is not None)"
            )
        if checks is _CHECK_ROLES:
            # Its own first test: a tuple of roles, each listed once.
            role = self.name(model.Role, "k")
            return (
                f"type({var}) is tuple and all([type(_e) is {role} for _e"
                f" in {var}]) and len(set({var})) == len({var})"
            )
        if code is _MEMBER_OF and isinstance(closure.get("kind"), type):
            kind = self.name(closure["kind"], "k")
            allows_none = attribute.default is None
            test = f"type({var}) is {kind}"
            return f"{var} is None or {test}" if allows_none else test
        if code is _INSTANCE_OF and isinstance(closure.get("kind"), type):
            kind = self.name(closure["kind"], "k")
            return f"type({var}) is {kind}"
        if code is _ITEMS_OF and isinstance(closure.get("kind"), type):
            kind = self.name(closure["kind"], "k")
            return (
                f"type({var}) is tuple and all("
                f"[type(_e) is {kind} for _e in {var}])"
            )
        if code is _IN_RANGE and isinstance(closure.get("kinds"), tuple):
            kinds = self.name(closure["kinds"], "k")
            low = self.name(closure["low"], "n")
            high = self.name(closure["high"], "n")
            return (
                f"{var} is None or (type({var}) in {kinds}"
                f" and {low} <= {var} <= {high})"
            )
        return None

    @staticmethod
    def proven(
        code: object, closure: dict[str, Any], proof: tuple[str, Any]
    ) -> bool:
        """Whether *proof* shows that a validator of the model passes."""
        kind, proved = proof
        wanted = closure.get("kind")
        if not isinstance(wanted, type) or not isinstance(proved, type):
            return False
        if code is _MEMBER_OF:
            return kind == "member" and proved is wanted
        if code is _INSTANCE_OF:
            return kind == "exact" and issubclass(proved, wanted)
        if code is _ITEMS_OF:
            return kind == "items" and issubclass(proved, wanted)
        return False

    # -- the function ---------------------------------------------------

    def source(self) -> tuple[str, dict[str, Any]]:
        """Return the source of the reader and the names it uses."""
        cls = self.cls
        fields = attrs.fields(cls)
        together = v.together_of(cls)
        if together is not None:
            checks = list(together._checks)  # noqa: SLF001
            whole = together._whole  # noqa: SLF001
        else:
            checks = [(f, f.validator) for f in fields if f.validator]
            whole = None
        init = getattr(cls.__init__, "__code__", None)
        built = not (
            # A subclass with an __init__ or __new__ of its own is made by it.
            init is None
            or not init.co_filename.startswith("<attrs generated")
            or cls.__new__ is not _OBJECT_NEW
            or hasattr(cls, "__attrs_pre_init__")
            or hasattr(cls, "__attrs_post_init__")
            or any(not f.init for f in fields)
            or any(isinstance(f.converter, attrs.Converter) for f in fields)
            or "_attrs_cached_hash" in getattr(cls, "__slots__", ())
        )
        # cattrs reads each field under its name.
        keys = self.name(frozenset(f.name for f in fields), "keys")
        self.emit(0, f"def {self.function}(d):")
        self.emit(1, f"if type(d) is not dict or not {keys}.issuperset(d):")
        self.emit(2, "raise _Miss")
        # A class of enumerations only (a Consent) has a few values: each
        # is made once and shared, as frozen objects can be.
        memo = (
            built
            and bool(fields)
            and all(
                self.enum_map(field, field.type) is not None
                for field in fields
            )
        )
        if memo:
            found = ", ".join(f"d.get({f.name!r}, _absent)" for f in fields)
            self.emit(1, f"key = ({found},)")
            self.emit(1, f"o = {self.name({}, 'memo')}.get(key)")
            self.emit(1, "if o is not None:")
            self.emit(2, "return o")
        for field in fields:
            self.read_field(field, f"x_{field.name}", built=built)
        if not built:
            # The constructor applies defaults, converters and validators.
            self.emit(1, "kw = {}")
            for field in fields:
                if field.init:
                    self.emit(1, f"if x_{field.name} is not _absent:")
                    self.emit(2, f"kw[{field.alias!r}] = x_{field.name}")
            self.emit(1, f"return {self.name(cls, 'cls')}(**kw)")
            return "\n".join(self.lines), self.names
        cls_name = self.name(cls, "cls")
        self.emit(1, f"o = _new({cls_name})")
        for field in fields:
            default = field.default
            if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
                factory = self.name(default.factory, "f")
                self.emit(1, f"if x_{field.name} is _absent:")
                self.emit(2, f"x_{field.name} = {factory}(o)")
                self.convert(field, f"x_{field.name}", 2)
            self.emit(1, f"_set(o, {field.name!r}, x_{field.name})")
        for attribute, validator in checks:
            var = f"x_{attribute.name}"
            known = self.condition(
                validator, attribute, var, self.proofs.get(attribute.name)
            )
            if known == "True":
                continue  # proved by the reading
            if known is None:
                check = self.name(validator, "v")
                field_name = self.name(attribute, "a")
                self.emit(1, f"{check}(o, {field_name}, {var})")
            else:
                self.emit(1, f"if not ({known}):")
                check = self.name(validator, "v")
                field_name = self.name(attribute, "a")
                self.emit(2, f"{check}(o, {field_name}, {var})")
        if whole is not None:
            cross = self.name(whole, "w")
            self.emit(1, f"if {cross}(o, _no_fields):")
            self.emit(2, "raise _Miss")
        if memo:
            made = next(k for k in self.names if k.startswith("_memo"))
            self.emit(1, f"if len({made}) < 256:")
            self.emit(2, f"{made}[key] = o")
        self.emit(1, "return o")
        return "\n".join(self.lines), self.names

    def read_field(
        self, field: attrs.Attribute[Any], var: str, *, built: bool
    ) -> None:
        """Emit the reading of one field into *var*."""
        key = field.name
        default: Any = field.default
        required = default is attrs.NOTHING
        takes_self = isinstance(default, attrs.Factory) and default.takes_self  # type: ignore[arg-type]
        table = self.enum_map(field, field.type)
        # An optional field that defaults to None reads an absent key as
        # None, which its reading below keeps as None: one lookup.
        absent_is_none = (
            built
            and default is None
            and _optional_inner(field.type) is not None
            and (field.converter is None or table is not None)
        )
        if required or absent_is_none:
            lookup = f"d[{key!r}]" if required else f"d.get({key!r})"
            self.emit(1, f"{var} = {lookup}")
            depth = 1
        else:
            self.emit(1, f"if {key!r} in d:")
            self.emit(2, f"{var} = d[{key!r}]")
            depth = 2
        items = self.enum_tuple_map(field) if table is None else None
        if items is not None:
            members = self.name(items, "m")
            self.emit(depth, f"if type({var}) is not list:")
            self.emit(depth + 1, "raise _Miss")
            self.emit(depth, f"{var} = tuple([{members}[_e] for _e in {var}])")
        elif table is not None:
            members = self.name(table, "m")
            if _optional_inner(field.type) is not None:
                self.emit(depth, f"if {var} is not None:")
                self.emit(depth + 1, f"{var} = {members}[{var}]")
            else:
                self.emit(depth, f"{var} = {members}[{var}]")
        elif built and field.type in _TEXT_TYPES and self.checks_text(field):
            pass  # the field's validator (or its condition) requires a str
        else:
            self.structure(field.type, var, depth)
            if built:
                self.convert(field, var, depth)
        proof = self.proof_of(field, table, items) if built else None
        if required or absent_is_none:
            if proof is not None and (required or _holds(proof, None)):
                self.proofs[field.name] = proof
            return
        self.emit(1, "else:")
        if takes_self or not built:
            # Made once the fields before it are set, or by the constructor.
            self.emit(2, f"{var} = _absent")
            return
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            value = default.factory()
            if field.converter is not None:
                value = field.converter(value)  # type: ignore[operator]
            if not _immutable(value):
                factory = self.name(default.factory, "f")
                self.emit(2, f"{var} = {factory}()")
                self.convert(field, var, 2)
                return
        else:
            value = default
            if field.converter is not None:
                value = field.converter(value)  # type: ignore[operator]
            if not _immutable(value):
                self.emit(2, f"{var} = {self.name(default, 'd')}")
                self.convert(field, var, 2)
                return
        self.emit(2, f"{var} = {self.name(value, 'd')}")
        if proof is not None and _holds(proof, value):
            self.proofs[field.name] = proof

    def proof_of(
        self,
        field: attrs.Attribute[Any],
        table: dict[Any, Any] | None,
        items: dict[Any, Any] | None,
    ) -> tuple[str, Any] | None:
        """What the reading of a present value proves of it (see `proofs`)."""
        kind = field.type
        inner = _optional_inner(kind)
        if items is not None:
            return ("members", _tuple_item(kind))
        if table is not None:
            if inner is None or field.default is None:
                # member_of lets None pass where the default is None.
                return ("member", inner or kind)
            return None
        keeps = field.converter is None or (
            field.converter in _KEEP_TUPLES and _tuple_item(kind) is not None
        )
        if not keeps:
            return None
        if _is_model(kind):
            return ("exact", kind)
        if inner is not None and _is_model(inner):
            return ("exact-or-none", inner)
        item = _tuple_item(kind)
        if item is not None and _is_model(item):
            return ("items", item)
        return None

    def convert(
        self, field: attrs.Attribute[Any], var: str, depth: int
    ) -> None:
        """Emit the field's converter, unless it keeps what it is given."""
        convert = field.converter
        if convert is None:
            return
        if convert in _KEEP_TUPLES and _tuple_item(field.type) is not None:
            self.emit(depth, f"if type({var}) is not tuple:")
            self.emit(
                depth + 1, f"{var} = {self.name(convert, 'conv')}({var})"
            )
            return
        self.emit(depth, f"{var} = {self.name(convert, 'conv')}({var})")


#: Leaf types whose values are immutable: the value read from a text can
#: be given again for the same text (the start and the original start of
#: a meeting, the same duration in every meeting).
_IMMUTABLE_LEAVES: Final = frozenset({datetime, date, timedelta})


_remembered: dict[Any, Callable[[Any, Any], Any]] = {}


def _remember(
    hook: Callable[[Any, Any], Any],
) -> Callable[[Any, Any], Any]:
    """Wrap a leaf hook so that it reads each text once (up to 512 texts)."""
    seen: dict[str, Any] = {}

    def structure(value: Any, kind: Any) -> Any:
        if type(value) is not str:
            return hook(value, kind)
        made = seen.get(value)
        if made is None:
            made = hook(value, kind)
            if len(seen) >= 512:  # noqa: PLR2004
                seen.clear()
            seen[value] = made
        return made

    return structure


def _holds(proof: tuple[str, Any], value: object) -> bool:
    """Whether the default *value* satisfies *proof* as well."""
    kind, proved = proof
    if kind == "member":
        return value is None or type(value) is proved
    if kind == "exact":
        return type(value) is proved
    if kind == "exact-or-none":
        return value is None or type(value) is proved
    if type(value) is not tuple:
        return False
    return all(type(item) is proved for item in value)


def _class_reader_name(cls: type[Any]) -> str:
    """Generate the reader of *cls* if needed; return its name."""
    _class_reader(cls)
    return _class_readers[cls]


def _immutable(value: object) -> bool:
    """Whether *value* may be shared by every object that defaults to it."""
    if value is None or isinstance(
        value, str | int | float | bytes | enum.Enum
    ):
        return True
    if type(value) is tuple or type(value) is frozenset:
        return all(_immutable(item) for item in value)
    if attrs.has(type(value)):
        params = getattr(type(value), "__attrs_attrs__", None)
        frozen = type(value).__setattr__ is not object.__setattr__
        return (
            params is not None
            and frozen
            and all(
                _immutable(getattr(value, f.name))
                for f in attrs.fields(cast("Any", type(value)))
            )
        )
    return False


def _closure(function: object) -> dict[str, Any]:
    code = getattr(function, "__code__", None)
    cells = getattr(function, "__closure__", None) or ()
    if code is None:
        return {}
    return {
        name: cell.cell_contents
        for name, cell in zip(code.co_freevars, cells, strict=False)
    }


_OBJECT_NEW: Final[Any] = object.__new__
_TEXT_TYPES: Final = (str, str | None)
#: Validators that refuse every value but None and a str.
_TEXT_VALIDATORS: Final = (v.text, v.optional_text, v.email, v.url, v.language)
_CHECK_ROLES: Final = getattr(model, "_check_roles", None)
_MEMBER_OF: Final = v.member_of(enum.Enum).__code__
_INSTANCE_OF: Final = v.instance_of(object, "").__code__
_ITEMS_OF: Final = v.items_of(object, "").__code__
_IN_RANGE: Final = v.in_range(0, 1, hint="").__code__

_namespace.update(
    {
        "_Miss": _Miss,
        "_new": object.__new__,
        "_set": object.__setattr__,
        "_absent": object(),
        "_no_fields": frozenset(),
        "_surrogate": v._SURROGATE.search,  # noqa: SLF001
        "_good_text": v._good_text,  # noqa: SLF001
        "_email": v._EMAIL.fullmatch,  # noqa: SLF001
        "_language": v._LANGUAGE.fullmatch,  # noqa: SLF001
        "_safe_url": _safe_url,
    }
)
