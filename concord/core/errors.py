"""Errors services raise; views and the API turn them into messages and JSON."""

from django.core.exceptions import PermissionDenied, ValidationError


def invalid(field: str, message: str) -> ValidationError:
    """A validation error that names the offending field."""
    return ValidationError({field: [message]})


def forbidden(message: str) -> PermissionDenied:
    """The person can see the record but their role does not allow this change."""
    return PermissionDenied(message)
