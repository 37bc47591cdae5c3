"""`{% signature_manifest signatures %}`, and `by_subject|signed:record` to pick a record's
signatures from `core.signatures.signatures_by_subject`, read once for a whole list."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def signed(by_subject: dict[Any, list[Any]] | None, record: Any) -> list[Any]:
    """The signatures on `record`, from signatures read by subject."""
    return list((by_subject or {}).get(getattr(record, "pk", None), []))


@register.inclusion_tag("includes/signature_manifest.html")
def signature_manifest(signatures: Any) -> dict[str, Any]:
    """The manifest table: printed name, meaning, date and time with time zone, statement."""
    return {"signatures": list(signatures or [])}
