"""Pages of money disputes, audit requests and each party's private finance notes."""

from __future__ import annotations

from typing import Any

from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.deals import forms, selectors, services
from concord.deals.models import Payment
from concord.deals.views._common import ServiceFormView
from concord.orgs.models import User


class DisputeResolveView(ServiceFormView):
    title = "Record the resolution"
    submit = "Resolve"
    success = "Dispute resolved."
    service = staticmethod(services.dispute_resolve)
    anchor = "disputes"

    def load(self, request: MemberRequest[User], pk: int) -> None:
        dispute = self.about(request, "dispute", selectors.dispute_get(user=request.user, pk=pk))
        self.lead = f"Dispute over “{dispute.subject}”: {dispute.reason}"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.ResolutionForm(data)


class AuditRequestCreateView(ServiceFormView):
    title = "Request an audit"
    lead = "Both parties see the request, its scope and period, and later its findings."
    submit = "Send request"
    success = "Audit requested; the other party is told."
    service = staticmethod(services.audit_request_create)
    anchor = "audits"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        others = self.parties(request).exclude(pk=self.can.party_id)
        return forms.AuditRequestForm(data, parties=others)


class AuditRequestCloseView(ServiceFormView):
    title = "Record the audit's findings"
    submit = "Record findings and close"
    success = "Findings recorded."
    service = staticmethod(services.audit_request_close)
    anchor = "audits"

    def load(self, request: MemberRequest[User], pk: int) -> None:
        audit = self.about(
            request, "audit_request", selectors.audit_request_get(user=request.user, pk=pk)
        )
        self.require(
            self.can.is_ours(audit.requesting_party_id),
            "The party that requested the audit records its findings.",
        )
        self.lead = f"Scope: {audit.scope}"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.FindingsForm(data)


class FinanceNoteCreateView(ServiceFormView):
    title = "Write a private finance note"
    lead = "For your own organisation only: the partner never sees it."
    submit = "Save note"
    success = "Private note saved."
    service = staticmethod(services.finance_note_create)
    anchor = "notes"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        payments = (
            Payment.objects.visible_to(request.user)
            .filter(alliance=self.alliance_obj)
            .order_by("-due_date", "-pk")
        )
        chosen = request.GET.get("payment", "")
        initial = {"payment": chosen} if chosen.isdigit() else None
        return forms.FinanceNoteForm(data, payments=payments, initial=initial)
