"""The OpenAPI schema names each input and output shape once.

Django Ninja files a schema under its class name, so two apps each with a `NoteIn` of their own
would share one entry and the fuzzer would send one app's body to the other's operation.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import Schema

import concord.api  # noqa: F401  (mounts every app's router, importing its schemas)
from concord.core.api import API_ENUMS, one_of


def _subclasses(cls: type[Schema]) -> list[type[Schema]]:
    found: list[type[Schema]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_no_two_schemas_share_a_name_with_different_shapes():
    shapes: dict[str, set[str]] = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("concord."):
            shapes[schema.__name__].add(str(schema.model_json_schema()))
    clashes = sorted(name for name, seen in shapes.items() if len(seen) > 1)
    assert clashes == []


def test_an_enum_name_names_one_set_of_values():
    # Ninja files enums by name only: a second enum under a taken name would overwrite the first.
    with pytest.raises(ImproperlyConfigured, match="DecisionOutcome"):
        one_of("DecisionOutcome", {"DECLINED": "declined"})
    assert (
        one_of("Visibility", {"SHARED": "shared", "PRIVATE": "private"}).enum
        is (API_ENUMS["Visibility"])
    )


def test_no_enum_shares_a_name_with_a_schema():
    schemas = {s.__name__ for s in _subclasses(Schema) if s.__module__.startswith("concord.")}
    assert schemas & set(API_ENUMS) == set()


def test_portal_and_committee_decisions_have_outcomes_of_their_own():
    assert [m.value for m in API_ENUMS["SubmissionOutcome"]] == ["declined", "cda", "term_sheet"]
    assert "agreed" in [m.value for m in API_ENUMS["DecisionOutcome"]]
