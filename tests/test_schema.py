"""Tests for meetupkit.schema: the JSON Schema matches the file format."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import jsonschema
import msgspec
import pytest
import referencing
import referencing.jsonschema
from hypothesis import given
from hypothesis import strategies as st

from meetupkit import (
    InvalidValueError,
    Meetup,
    Room,
    Series,
    TopicWish,
    ValidationError,
    from_dict,
    strategies,
    to_dict,
    to_json,
)
from meetupkit import model as model_module
from meetupkit.schema import (
    DIALECT,
    REF_TEMPLATE,
    SCHEMA_ID,
    definitions,
    json_schema,
    model_schema,
)

MODEL_CLASSES = [
    getattr(model_module, name)
    for name in model_module.__all__
    if attrs.has(getattr(model_module, name))
]

# msgspec cannot read attrs fields whose default factory takes self (the
# derived uid of Meetup and Series), nor a Recurrence (its UNTIL is a
# datetime or a date, a union msgspec refuses), so it checks the other
# classes.
MSGSPEC_READABLE = [
    kind
    for kind in MODEL_CLASSES
    if not any(
        getattr(field.default, "takes_self", False)
        or "Recurrence" in str(field.type)
        for field in attrs.fields(kind)
    )
]

FILE_SCHEMA = json_schema()
VALIDATOR = jsonschema.Draft202012Validator(FILE_SCHEMA)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)

documents = st.one_of(strategies.series(), strategies.meetups()).map(to_dict)


def containers(
    value: Any, path: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """Every path in *value* that leads to a dict or a list."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        found.append(path)
        for key, item in value.items():
            found.extend(containers(item, (*path, key)))
    elif isinstance(value, list):
        found.append(path)
        for index, item in enumerate(value):
            found.extend(containers(item, (*path, index)))
    return found


def reach(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@st.composite
def mutated(
    draw: st.DrawFn, source: st.SearchStrategy[dict[str, Any]] = documents
) -> dict[str, Any]:
    """A document made by to_dict with one change: a key removed or added,
    a value replaced, or an array item replaced."""
    document = copy.deepcopy(draw(source))
    path = draw(st.sampled_from(containers(document)))
    target = reach(document, path)
    if isinstance(target, dict):
        action = draw(st.sampled_from(["remove", "add", "replace"]))
        if action == "add" or not target:
            key = draw(st.text(max_size=10))
            if not path and key == "$schema":
                key = "$schema?"
            target[key] = draw(json_values)
        else:
            key = draw(st.sampled_from(sorted(target)))
            if action == "remove":
                del target[key]
            else:
                target[key] = draw(json_values)
    elif target:
        index = draw(st.integers(0, len(target) - 1))
        target[index] = draw(json_values)
    else:
        target.append(draw(json_values))
    return document


class TestJsonSchema:
    def test_is_a_valid_schema(self):
        """The file schema and each class schema are valid draft 2020-12."""
        for kind in [None, *MODEL_CLASSES]:
            schema = json_schema(kind)
            assert schema["$schema"] == DIALECT
            jsonschema.Draft202012Validator.check_schema(schema)

    def test_names_its_published_address(self):
        """The file schema carries the address files refer to."""
        assert FILE_SCHEMA["$id"] == SCHEMA_ID

    def test_is_plain_json(self):
        """The schema survives json.dumps and json.loads unchanged."""
        assert json.loads(json.dumps(FILE_SCHEMA)) == FILE_SCHEMA

    @pytest.mark.parametrize(
        "kind", MODEL_CLASSES, ids=lambda kind: kind.__name__
    )
    def test_describes_every_field(self, kind):
        """Every attrs field is a property; those without default are required."""
        schema = json_schema(kind)
        fields = attrs.fields(kind)
        names = [field.name for field in fields]
        zone = (
            ["zone"]
            if "start" in names and "original_start" not in names
            else []
        )
        assert list(schema["properties"]) == [
            "$schema",
            "format_version",
            *names,
            *zone,
            "zones",
        ]
        assert schema["required"] == [
            "format_version",
            *[f.name for f in fields if f.default is attrs.NOTHING],
        ]
        assert schema["additionalProperties"] is False

    @pytest.mark.parametrize(
        "kind", MSGSPEC_READABLE, ids=lambda kind: kind.__name__
    )
    def test_agrees_with_msgspec(self, kind):
        """msgspec, reading the same attrs classes, finds the same fields."""
        theirs = msgspec.json.schema(kind)["$defs"][kind.__name__]
        ours = json_schema(kind)
        assert sorted(theirs["properties"]) == sorted(
            set(ours["properties"])
            - {"$schema", "format_version", "zone", "zones"}
        )
        assert sorted(theirs.get("required", [])) == sorted(
            ours["required"][1:]
        )

    def test_nested_objects_refuse_unknown_keys(self):
        """Every object definition forbids keys it does not list."""
        objects = [
            schema
            for schema in FILE_SCHEMA["$defs"].values()
            if schema.get("type") == "object"
        ]
        assert len(objects) >= len(MODEL_CLASSES)
        assert all(s["additionalProperties"] is False for s in objects)

    def test_takes_field_descriptions_from_docstrings(self):
        """A field's description is the line its class documents it with."""
        room = FILE_SCHEMA["$defs"]["Room"]["properties"]
        assert room["capacity"]["description"] == (
            "How many people fit, at least 1."
        )
        assert "``" not in json.dumps(FILE_SCHEMA)

    def test_refuses_a_non_model_class(self):
        """Asking for the schema of something else is a TypeError."""
        with pytest.raises(TypeError):
            json_schema(dict)

    def test_example_series_validates(self):
        """The #SoMeWI series, with a $schema key, is a valid file."""
        document = {"$schema": SCHEMA_ID, **to_dict(Series.example())}
        VALIDATOR.validate(document)
        jsonschema.validate(document, json_schema(Series))

    def test_a_series_is_not_a_meetup(self):
        """A series document is refused by the meetup schema."""
        document = to_dict(Series.example())
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, json_schema(Meetup))

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("start", "2014-09-24T19:00:00"),
            ("start", "24.09.2014 19:00"),
            ("duration", "2 hours"),
            ("duration", "P"),
            ("duration", "PT"),
            ("recurrence", "WEEKLY"),
            ("format_version", 3),
            ("title", 7),
            ("room", {"name": "Adelheid", "seats": 12}),
        ],
    )
    def test_rejects_what_from_dict_rejects(self, field, value):
        """Typical mistakes fail both the schema and from_dict."""
        document = to_dict(Series.example())
        document[field] = value
        assert not VALIDATOR.is_valid(document)
        with pytest.raises(ValidationError):
            from_dict(Series, document)

    @pytest.mark.parametrize(
        "value",
        [
            "2014-09-24T19:00:00+02:00[Europe/Berlin]",
            "2014-09-24T17:00:00Z",
            "2014-09-24T19:00+02:00",
            "20140924T190000+0200",
        ],
    )
    def test_accepts_every_datetime_from_dict_reads(self, value):
        """Datetime spellings the reader accepts pass the schema too."""
        document = to_dict(Series.example())
        document["start"] = value
        from_dict(Series, document)
        assert VALIDATOR.is_valid(document)

    def test_room_document(self):
        """A schema for a smaller class describes its own documents."""
        document = to_dict(Room(name="Adelheid", capacity=12))
        jsonschema.validate(document, json_schema(Room))


class TestDocumentsValidate:
    @given(strategies.series())
    def test_every_series_document_validates(self, series):
        """Whatever series to_dict writes, the schema accepts."""
        document = to_dict(series)
        VALIDATOR.validate(document)
        jsonschema.validate(document, json_schema(Series))

    @given(strategies.meetups())
    def test_every_meetup_document_validates(self, meetup):
        """Whatever one-off meetup to_dict writes, the schema accepts."""
        document = json.loads(to_json(meetup))
        VALIDATOR.validate(document)
        jsonschema.validate(document, json_schema(Meetup))


class TestMutations:
    @given(mutated())
    def test_schema_rejects_implies_from_dict_rejects(self, document):
        """A document the schema refuses is refused by from_dict too."""
        if VALIDATOR.is_valid(document):
            return
        kind = Series if "recurrence" in document else Meetup
        with pytest.raises(ValidationError):
            from_dict(kind, document)


# -- schemas embedded in OpenAPI ------------------------------------------------

COMPONENTS = "#/components/schemas/{model}"
OPENAPI_URI = "urn:meetupkit-test:openapi"


def openapi_validator(profile: str, name: str) -> jsonschema.Validator:
    """A validator for one component of a minimal OpenAPI 3.1 document.

    Its refs are resolved through a registry holding the whole document,
    as an OpenAPI tool resolves them.
    """
    document = {
        "openapi": "3.1.0",
        "info": {"title": "#SoMeWI", "version": "1"},
        "paths": {},
        "components": {
            "schemas": definitions(
                Series,
                Meetup,
                TopicWish,
                ref_template=COMPONENTS,
                profile=profile,  # type: ignore[arg-type]
            )
        },
    }
    resource = referencing.jsonschema.DRAFT202012.create_resource(document)
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        OPENAPI_URI, resource
    )
    return jsonschema.Draft202012Validator(
        {"$ref": f"{OPENAPI_URI}#/components/schemas/{name}"},
        registry=registry,
    )


def refs(value: Any) -> list[str]:
    """Every $ref in a schema, at any depth."""
    if isinstance(value, dict):
        found = [value["$ref"]] if "$ref" in value else []
        for item in value.values():
            found.extend(refs(item))
        return found
    if isinstance(value, list):
        return [ref for item in value for ref in refs(item)]
    return []


WEB = {
    name: openapi_validator("web", name)
    for name in ("Series", "Meetup", "TopicWish")
}
FILE = {
    name: openapi_validator("file", name)
    for name in ("Series", "Meetup", "TopicWish")
}

web_documents = st.one_of(strategies.series(), strategies.meetups()).map(
    lambda obj: to_dict(obj, profile="web")
)


def body(obj: Any) -> dict[str, Any]:
    """The file document of *obj* without its envelope."""
    document = to_dict(obj)
    del document["format_version"]
    return document


class TestEmbeddedSchemas:
    @pytest.mark.parametrize("profile", ["file", "web"])
    def test_no_ref_points_into_defs(self, profile):
        """With a components template, every ref points at a component."""
        schemas = definitions(ref_template=COMPONENTS, profile=profile)
        found = refs(schemas)
        assert found
        assert not [ref for ref in found if "$defs" in ref]
        names = {ref.rsplit("/", 1)[1] for ref in found}
        assert names <= set(schemas)
        assert "$defs" not in json.dumps(schemas)

    def test_definitions_cover_every_model_class(self):
        """Without classes, definitions hold every model class."""
        schemas = definitions()
        for kind in MODEL_CLASSES:
            assert kind.__name__ in schemas

    def test_model_schema_has_no_file_envelope(self):
        """The embedded form has neither format_version nor $schema."""
        schema = model_schema(Series, ref_template=COMPONENTS)
        assert "format_version" not in schema["properties"]
        assert "$schema" not in schema["properties"]
        assert "format_version" not in schema["required"]
        assert "$defs" not in schema

    def test_model_schema_stands_alone_by_default(self):
        """With the default template the definitions come along."""
        schema = model_schema(Series)
        assert REF_TEMPLATE == "#/$defs/{model}"
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(body(Series.example()), schema)

    def test_web_schema_describes_rfc3339_and_zones(self):
        """The web profile's start is a date-time with a zone beside it."""
        schema = model_schema(Series, ref_template=COMPONENTS, profile="web")
        assert schema["properties"]["start"]["$ref"] == (
            "#/components/schemas/DateTime"
        )
        zone = schema["properties"]["start_zone"]["anyOf"]
        assert zone[0] == {"$ref": "#/components/schemas/TimeZone"}
        extra = schema["properties"]["extra_dates_zones"]
        assert extra["type"] == "array"

    def test_bad_ref_template_is_refused(self):
        """A template without {model} names the fix."""
        with pytest.raises(InvalidValueError) as info:
            model_schema(Series, ref_template="#/components/schemas/")
        assert info.value.path == "ref_template"

    def test_non_model_class_is_refused(self):
        """A class that is not a model is a TypeError, as for json_schema."""
        with pytest.raises(TypeError):
            definitions(dict)

    def test_example_series_validates_inside_openapi(self):
        """The #SoMeWI series validates in both profiles."""
        FILE["Series"].validate(body(Series.example()))
        WEB["Series"].validate(to_dict(Series.example(), profile="web"))

    def test_openapi_component_refuses_a_typo(self):
        """An unknown key is refused through the resolved refs."""
        document = to_dict(Series.example(), profile="web")
        document["venue"]["rooms"][0]["flor"] = "2. OG"
        assert not WEB["Series"].is_valid(document)

    @given(st.one_of(strategies.series(), strategies.meetups()))
    def test_every_document_validates_inside_openapi(self, obj):
        """Whatever to_dict writes, in either profile, the component accepts."""
        name = type(obj).__name__
        FILE[name].validate(body(obj))
        WEB[name].validate(to_dict(obj, profile="web"))

    @given(strategies.topic_wishes())
    def test_every_topic_wish_validates_inside_openapi(self, wish):
        """A topic wish, the body of an API request, validates as well."""
        FILE["TopicWish"].validate(body(wish))
        WEB["TopicWish"].validate(to_dict(wish, profile="web"))

    @given(mutated(web_documents))
    def test_web_schema_rejects_implies_web_reader_rejects(self, document):
        """A web document the component refuses is refused by from_dict."""
        kind = Series if "recurrence" in document else Meetup
        if WEB[kind.__name__].is_valid(document):
            return
        with pytest.raises(ValidationError):
            from_dict(kind, document, profile="web")

    def test_users_class_with_string_hints_is_described(self):
        """A user's attrs class with postponed annotations gets a schema."""

        @attrs.frozen
        class Vote:
            voter: str

        schema = model_schema(Vote)
        assert schema["properties"]["voter"] == {"type": "string"}

    def test_unresolvable_hints_are_a_type_error(self):
        """A hint that names nothing is a TypeError that names the class."""

        @attrs.frozen
        class Ballot:
            voter: Nobody  # type: ignore[name-defined]  # noqa: F821

        with pytest.raises(TypeError, match="Ballot"):
            model_schema(Ballot)
