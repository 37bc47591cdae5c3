"""The API's OpenAPI schema, built once per test process.

Building it walks every router and pydantic model and takes seconds; the permission matrix (to
enumerate the operations) and schemathesis (to fuzz them) both need it while tests are being
collected, so each worker builds it once here instead of once per module.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

OPENAPI_PATH = "/api/v1/openapi.json"


@functools.cache
def _served() -> str:
    """The schema as /api/v1/openapi.json serves it: ninja's document, JSON-encoded as ninja does."""
    from ninja.responses import NinjaJSONEncoder

    from concord.api import api

    return json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder)


def openapi_schema() -> dict[str, Any]:
    """A fresh copy of the served schema, for a caller free to change it."""
    return copy.deepcopy(_cached())


@functools.cache
def _cached() -> dict[str, Any]:
    return json.loads(_served())
