"""`{% signature_manifest signatures %}`, `by_subject|signed:record` to pick a record's
signatures from `core.signatures.signatures_by_subject`, read once for a whole list, and
`{% signature_passkey field %}`, a signing form's hidden passkey field with its button."""

from typing import Any

from django import template

from concord.core.signatures_passkey import passkey_button

register = template.Library()


@register.filter
def signed(by_subject: dict[Any, list[Any]] | None, record: Any) -> list[Any]:
    """The signatures on `record`, from signatures read by subject."""
    return list((by_subject or {}).get(getattr(record, "pk", None), []))


@register.inclusion_tag("includes/signature_manifest.html")
def signature_manifest(signatures: Any) -> dict[str, Any]:
    """The manifest table: printed name, meaning, date and time with time zone, statement."""
    return {"signatures": list(signatures or [])}


@register.inclusion_tag("includes/signature_passkey.html", takes_context=True)
def signature_passkey(context: template.Context, field: Any) -> dict[str, Any]:
    """The hidden field for a passkey's answer, and "Use your passkey" for a signer who has one."""
    return passkey_button(context.get("request"), field)
