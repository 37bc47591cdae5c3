"""The OpenAPI schema names each input and output shape once.

Django Ninja files a schema under its class name, so two apps each with a `NoteIn` of their own
would share one entry and the fuzzer would send one app's body to the other's operation.
"""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import concord.api  # noqa: F401  (mounts every app's router, importing its schemas)


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
