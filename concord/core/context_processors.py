"""Values every page template can use."""

from typing import Any

from django.http import HttpRequest

from concord.core.tenancy import organisation_of


def concord(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's organisation and membership, for the page header."""
    user = getattr(request, "user", None)
    return {
        "current_organisation": organisation_of(user),
        "current_membership": getattr(user, "membership", None)
        if user is not None and user.is_authenticated
        else None,
    }
