"""Emails of the document room: one function per message. Only a shared document is announced,
and only to the other parties: a private one is its own organisation's business."""

from __future__ import annotations

from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.selectors import party_contacts
from concord.core.emails import send_email_on_commit
from concord.documents.models import Document
from concord.orgs.models import User


def send_document_shared(document: Document, *, by: User) -> None:
    """Tell the partners' alliance managers that a document was shared with them."""
    if document.is_private:
        return
    partners = Party.objects.unscoped().filter(
        alliance=document.alliance, status=Party.Status.ACCEPTED
    )
    to = [
        address
        for party in partners.exclude(organisation=document.organisation)
        for address in party_contacts(party)
    ]
    path = reverse("documents:document-detail", args=[document.pk])
    context = {"document": document, "alliance": document.alliance, "by": by, "path": path}
    send_email_on_commit("document-shared", to, context)
