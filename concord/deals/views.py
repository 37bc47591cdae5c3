"""Money pages: each view reads through a selector or runs a service behind a form, and renders.

Pages that write refuse (403) a person whose role or party could never do the action, before
showing the form; the service checks the same rules again when the form is sent.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.alliances.models import Alliance, Programme
from concord.core import clock, pages
from concord.core.exports import csv_download, download
from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest, ScopedView, filtered, paginate
from concord.deals import exports, forms, selectors, services
from concord.deals.models import BuyOption, Milestone, Payment, RoyaltyTerm, Tranche
from concord.deals.money import format_money
from concord.deals.selectors import MoneyPermissions
from concord.orgs.models import User

WRITERS_ONLY = "Only alliance managers and finance people of a party write money records."


def money_url(alliance_id: int, anchor: str = "") -> str:
    url = reverse("deals:alliance-money", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


def ledger_url(alliance_id: int) -> str:
    return reverse("deals:alliance-ledger", args=[alliance_id])


class MoneyView(ScopedView):
    """Base for money pages: not a joined party → 404; a refused role → the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def alliance(self, request: MemberRequest[User], pk: int) -> Alliance:
        return selectors.money_alliance(user=request.user, pk=pk)

    def permissions(self, request: MemberRequest[User], alliance: Alliance) -> MoneyPermissions:
        return selectors.money_permissions(user=request.user, alliance=alliance)

    def writer(self, request: MemberRequest[User], alliance: Alliance) -> MoneyPermissions:
        can = self.permissions(request, alliance)
        self.require(can.write, WRITERS_ONLY)
        return can


# --- Reading -----------------------------------------------------------------------------------


class AllianceMoneyView(MoneyView):
    """The alliance's deal and money: terms, totals, milestones, royalties, Build-to-Buy, costs."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        page = selectors.money_page(user=request.user, alliance=alliance)
        context = {
            "alliance": alliance,
            "page": page,
            "can": page.can,
            "today": clock.today(),
        }
        return render(request, "deals/money.html", context)


def _ledger_context(
    request: MemberRequest[User], payments: Any, form: forms.LedgerFilterForm, **extra: Any
) -> dict[str, Any]:
    listing = paginate(request, payments, forms.PAGE_SIZE)
    return {
        "form": form,
        **listing,
        "export_query": listing["querystring_without_page"],
        "filtered": filtered(request, form.fields),
        "today": clock.today(),
        **extra,
    }


class AllianceLedgerView(MoneyView):
    """The alliance's fairness ledger: every payment due, invoiced and paid, filtered and sorted."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        currencies = selectors.ledger_currencies(user=request.user, alliance=alliance)
        form = forms.LedgerFilterForm(request.GET, currencies=currencies)
        payments = selectors.payment_list(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        context = _ledger_context(
            request,
            payments,
            form,
            alliance=alliance,
            can=self.permissions(request, alliance),
            totals=selectors.money_panel(user=request.user, alliance=alliance),
        )
        return render(request, "deals/ledger.html", context)


class PortfolioLedgerView(MoneyView):
    """Every alliance's ledger at once, for an organisation with many alliances."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        currencies = selectors.ledger_currencies(user=request.user)
        form = forms.LedgerFilterForm(request.GET, currencies=currencies)
        filters = form.filters()
        payments = selectors.payment_list(user=request.user, filters=filters)
        context = _ledger_context(
            request,
            payments,
            form,
            totals=selectors.money_totals(user=request.user),
            portfolio=True,
        )
        return render(request, "deals/portfolio_ledger.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerCsvView(MoneyView):
    """The alliance's ledger (as filtered) as CSV."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        form = forms.LedgerFilterForm(
            request.GET,
            currencies=selectors.ledger_currencies(user=request.user, alliance=alliance),
        )
        payments = selectors.payment_list(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        response = csv_download(f"{alliance.name} ledger {clock.today()}.csv")
        exports.write_csv(
            response, payments, selectors.payment_notes(user=request.user, payments=payments)
        )
        return response


class LedgerXlsxView(MoneyView):
    """The alliance's ledger (as filtered) as an XLSX workbook."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        form = forms.LedgerFilterForm(
            request.GET,
            currencies=selectors.ledger_currencies(user=request.user, alliance=alliance),
        )
        payments = selectors.payment_list(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        summary = Payment.objects.visible_to(request.user).filter(pk__in=payments.values("pk"))
        notes = selectors.payment_notes(user=request.user, payments=payments)
        content = exports.write_xlsx(
            payments, notes=notes, summary=summary, title=f"Ledger of {alliance.name}"
        )
        return download(content, XLSX, f"{alliance.name} ledger {clock.today()}.xlsx")


class PortfolioXlsxView(MoneyView):
    """The whole portfolio's ledger as one XLSX workbook."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = forms.LedgerFilterForm(
            request.GET, currencies=selectors.ledger_currencies(user=request.user)
        )
        payments = selectors.payment_list(user=request.user, filters=form.filters())
        summary = Payment.objects.visible_to(request.user).filter(pk__in=payments.values("pk"))
        organisation = request.user.membership.organisation
        notes = selectors.payment_notes(user=request.user, payments=payments)
        content = exports.write_xlsx(
            payments, notes=notes, summary=summary, title=f"Portfolio ledger of {organisation}"
        )
        return download(content, XLSX, f"Portfolio ledger {clock.today()}.xlsx")


class PaymentDetailView(MoneyView):
    """One ledger line: its receipts, disputes and the user's organisation's private notes."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        payment = selectors.payment_get(user=request.user, pk=pk)
        can = self.permissions(request, payment.alliance)
        context = {
            "alliance": payment.alliance,
            "payment": payment,
            "can": can,
            "today": clock.today(),
        }
        return render(request, "deals/payment_detail.html", context)


class WorkstreamDetailView(MoneyView):
    """A shared workstream: every quarter's true-up, and the cost lines behind the chosen one."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        workstream = selectors.workstream_get(user=request.user, pk=pk)
        view = selectors.cost_share_overview(user=request.user, workstreams=[workstream])[0]
        entries = selectors.cost_entry_list(user=request.user, workstream=workstream)
        chosen = _chosen_quarter(request.GET.get("period", ""), view)
        if chosen is not None:
            entries = entries.filter(year=chosen.year, quarter=chosen.quarter)
        page = Paginator(entries, forms.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "alliance": workstream.alliance,
            "view": view,
            "chosen": chosen,
            "page_obj": page,
            "querystring_without_page": f"period={request.GET.get('period', '')}",
            "can": self.permissions(request, workstream.alliance),
        }
        return render(request, "deals/workstream_detail.html", context)


def _chosen_quarter(text: str, view: selectors.WorkstreamView) -> selectors.QuarterTrueUp | None:
    """The quarter asked for as "2025-3", else the latest one."""
    for quarter in view.quarters:
        if text == f"{quarter.year}-{quarter.quarter}":
            return quarter
    return view.quarters[0] if view.quarters else None


# --- Writing: one form per service -------------------------------------------------------------


def this_quarter() -> dict[str, int]:
    """The initial year and quarter of a form that records a quarter's figures."""
    today = clock.today()
    return {"year": today.year, "quarter": (today.month - 1) // 3 + 1}


class ServiceFormView(pages.ServiceFormView, MoneyView):
    """A money page holding one form that runs one service (see core's ServiceFormView).

    A page is about the alliance in its URL unless its `load` names another record with `about`;
    only the record alliance's writers see it, and it goes back to the money page's `anchor`.
    """

    template_name = "deals/form_page.html"
    anchor = ""  # the money page's section to return to

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about(request, "alliance", self.alliance(request, pk))

    def about(self, request: MemberRequest[User], name: str, record: Any) -> Any:
        """The page acts on `record` (the service's keyword `name`): refuse all but its writers."""
        self.alliance_obj: Alliance = record if isinstance(record, Alliance) else record.alliance
        self.can = self.writer(request, self.alliance_obj)
        return super().about(request, name, record)

    def done_url(self, result: Any) -> str:
        return money_url(self.alliance_obj.pk, self.anchor)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance_obj, "cancel_url": money_url(self.alliance_obj.pk)}

    def parties(self, request: MemberRequest[User]) -> Any:
        return selectors.accepted_parties(user=request.user, alliance=self.alliance_obj)


def initial_from(record: Any, fields: tuple[str, ...]) -> dict[str, Any] | None:
    """A form's initial values from the record it edits, or None when there is none yet."""
    return {f: getattr(record, f) for f in fields} if record else None


class DealTermsEditView(ServiceFormView):
    title = "Deal terms"
    lead = "The agreement's frame. Payment terms set when each triggered payment falls due."
    submit = "Save deal terms"
    success = "Deal terms saved."
    service = staticmethod(services.deal_terms_save)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        terms = selectors.deal_terms_for(user=request.user, alliance=self.alliance_obj)
        fields = ("signed_on", "summary", "payment_days", "nudge_days")
        return forms.DealTermsForm(data, initial=initial_from(terms, fields))


class FeeCreateView(ServiceFormView):
    title = "Add a fee"
    lead = "Upfront payments, equity investments and option fees: fixed sums due on a date."
    submit = "Add fee"
    success = "Fee added; it is in the ledger as due."
    service = staticmethod(services.fee_create)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.FeeForm(data, parties=self.parties(request))


class MilestoneCreateView(ServiceFormView):
    title = "Add a milestone"
    lead = (
        "Each milestone is payable once per programme and indication. Development milestones "
        "form a sequence: when a later one is achieved, earlier unpaid ones become payable too."
    )
    submit = "Add milestone"
    success = "Milestone added."
    service = staticmethod(services.milestone_create)
    anchor = "milestones"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        programmes = Programme.objects.visible_to(request.user).filter(alliance=self.alliance_obj)
        return forms.MilestoneForm(data, parties=self.parties(request), programmes=programmes)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {**form.cleaned_data, "region": form.cleaned_data["region"] or ""}


class MilestoneFormView(ServiceFormView):
    """A form about one milestone."""

    anchor = "milestones"

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.milestone = self.about(
            request, "milestone", selectors.milestone_get(user=request.user, pk=pk)
        )


class MilestoneNotifyView(MilestoneFormView):
    title = "Notify a milestone achieved"
    lead = "The other party confirms it; then it is payable."
    submit = "Notify the other party"
    success = "Notified; the other party will confirm it."
    service = staticmethod(services.milestone_notify)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        self.title = f"Notify “{self.milestone.title}” achieved"
        return forms.MilestoneNotifyForm(data, initial={"achieved_on": clock.today()})


class MilestoneRejectView(MilestoneFormView):
    title = "Do not confirm this milestone"
    lead = "The notifying party reads your reason; the milestone goes back to not achieved."
    submit = "Send reason"
    success = "The milestone is back to not achieved; the other party has your reason."
    service = staticmethod(services.milestone_reject)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        super().load(request, pk)
        self.require(
            not self.can.is_ours(self.milestone.notifying_party_id),
            "The other party confirms or rejects a milestone your organisation notified.",
        )

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.ReasonForm(data)


class RoyaltyTermCreateView(ServiceFormView):
    title = "Add a royalty"
    lead = "Tiers on annual net sales: each tier's rate applies to the part of the year's sales inside it."
    submit = "Add royalty"
    success = "Royalty added."
    service = staticmethod(services.royalty_term_create)
    anchor = "royalties"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        programmes = Programme.objects.visible_to(request.user).filter(alliance=self.alliance_obj)
        return forms.RoyaltyTermForm(data, parties=self.parties(request), programmes=programmes)

    def arguments(self, form: Any) -> dict[str, Any]:
        return form.term_data()


class RoyaltyReportCreateView(ServiceFormView):
    title = "Report net sales"
    submit = "Report and compute the royalty"
    success = "Reported; the royalty is computed and in the ledger."
    service = staticmethod(services.royalty_report_submit)
    anchor = "royalties"

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.term: RoyaltyTerm = self.about(
            request, "term", selectors.royalty_term_get(user=request.user, pk=pk)
        )
        self.require(
            self.can.is_ours(self.term.payer_id),
            "The party that sells the product reports its sales.",
        )
        self.lead = f"{self.term.title}: quarters of a year are reported in order; tiers count on the year's sales so far."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.RoyaltyReportForm(data, initial=this_quarter())


class RoyaltyReportRestateView(ServiceFormView):
    title = "Restate a quarter's net sales"
    submit = "Restate and recompute the royalty"
    success = "Restated; the year's royalty is recomputed and the difference is in the ledger."
    service = staticmethod(services.royalty_report_restate)
    anchor = "royalties"

    def load(self, request: MemberRequest, pk: int) -> None:
        self.report = self.about(
            request, "report", selectors.royalty_report_get(user=request.user, pk=pk)
        )
        self.require(
            self.can.is_ours(self.report.term.payer_id),
            "The party that sells the product restates its sales.",
        )
        figure = format_money(self.report.current_net_sales, self.report.term.currency)
        self.title = f"Restate {self.report.period_label} net sales of {self.report.term.title}"
        self.lead = (
            f"They stand at {figure}. The year's royalty is recomputed on its tiers; the "
            "difference is a further payment, or a credit owed back. The partner sees both "
            "figures and your reason, and the figures reported before are kept."
        )

    def make_form(self, request: MemberRequest, data: Any = None) -> ConcordForm:
        return forms.RoyaltyRestatementForm(data)


class TrancheCreateView(ServiceFormView):
    title = "Add a Build-to-Buy tranche"
    lead = "Tranches are released in order, each when its named milestone is met."
    submit = "Add tranche"
    success = "Tranche added."
    service = staticmethod(services.tranche_create)
    anchor = "build-to-buy"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        milestones = selectors.milestone_list(user=request.user, alliance=self.alliance_obj)
        return forms.TrancheForm(data, parties=self.parties(request), milestones=milestones)


class OptionEditView(ServiceFormView):
    title = "Option to license or acquire"
    lead = "The holder can exercise it only inside the window, at the pre-agreed price."
    submit = "Save option"
    success = "Option saved."
    service = staticmethod(services.option_save)
    anchor = "build-to-buy"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        option = selectors.option_for(user=request.user, alliance=self.alliance_obj)
        fields = (
            "kind",
            "price",
            "currency",
            "holder",
            "grantor",
            "window_opens",
            "window_closes",
            "terms",
        )
        initial = initial_from(option, fields)
        return forms.OptionForm(data, parties=self.parties(request), initial=initial)


class PaymentFormView(ServiceFormView):
    """A form about one ledger line, for the party whose step it is."""

    party_field = "owed_to_id"
    refusal = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.payment: Payment = self.about(
            request, "payment", selectors.payment_get(user=request.user, pk=pk)
        )
        if self.party_field:
            self.require(self.can.is_ours(getattr(self.payment, self.party_field)), self.refusal)

    def done_url(self, result: Any) -> str:
        return reverse("deals:payment-detail", args=[self.payment.pk])


class PaymentInvoiceView(PaymentFormView):
    title = "Record the invoice"
    submit = "Record invoice"
    success = "Invoice recorded; the payer's finance people are told."
    refusal = "The party that is owed the money invoices it."
    service = staticmethod(services.payment_invoice)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        self.lead = f"{self.payment.description}: {self.payment.amount_display}, due by {self.payment.due_date:%d %B %Y}."
        return forms.InvoiceForm(data, initial={"invoiced_on": clock.today()})


class PaymentRecordView(PaymentFormView):
    title = "Record a payment"
    submit = "Record payment"
    success = "Payment recorded; the payee is told."
    party_field = "owed_by_id"
    refusal = "The party that owes the money records its payment."
    service = staticmethod(services.payment_record)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        self.lead = f"{self.payment.description}: {self.payment.outstanding_display} outstanding. Pay it all, or part of it."
        initial = {"amount": abs(self.payment.outstanding), "paid_on": clock.today()}
        return forms.PaymentRecordForm(data, initial=initial)


class PaymentDisputeView(PaymentFormView):
    title = "Dispute this payment"
    submit = "Mark as in dispute"
    success = "Marked as in dispute; the other party is told."
    party_field = ""
    service = staticmethod(services.dispute_raise)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        self.lead = f"{self.payment.description}: {self.payment.amount_display}. Say what is wrong."
        return forms.ReasonForm(data)


class WorkstreamCreateView(ServiceFormView):
    title = "Share the costs of a workstream"
    lead = "The agreed split, e.g. 60/40: each quarter's true-up shows who owes whom."
    submit = "Add workstream"
    success = "Workstream added."
    service = staticmethod(services.workstream_create)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.WorkstreamForm(data, parties=list(self.parties(request)))

    def arguments(self, form: Any) -> dict[str, Any]:
        data = form.cleaned_data
        return {"name": data["name"], "currency": data["currency"], "shares": form.shares()}

    def done_url(self, result: Any) -> str:
        return reverse("deals:workstream-detail", args=[result.pk])


class CostEntryCreateView(ServiceFormView):
    title = "Record a cost"
    submit = "Record cost"
    success = "Cost recorded."
    service = staticmethod(services.cost_entry_record)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.workstream = self.about(
            request, "workstream", selectors.workstream_get(user=request.user, pk=pk)
        )
        sharing = {s.party_id for s in self.workstream.shares.all()}
        self.require(
            self.can.party_id in sharing, "Your organisation has no share in this workstream."
        )
        self.lead = f"A cost your organisation incurred on “{self.workstream.name}” ({self.workstream.currency})."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.CostEntryForm(data, initial=this_quarter())

    def done_url(self, result: Any) -> str:
        return (
            reverse("deals:workstream-detail", args=[self.workstream.pk])
            + f"?period={result.year}-{result.quarter}"
        )


class CostEntryDisputeView(ServiceFormView):
    title = "Dispute this cost line"
    submit = "Mark as in dispute"
    success = "Marked as in dispute; the other party is told."
    service = staticmethod(services.dispute_raise)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.entry = self.about(
            request, "cost_entry", selectors.cost_entry_get(user=request.user, pk=pk)
        )
        self.lead = f"{self.entry.description} ({self.entry.period_label}). Say what is wrong."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.ReasonForm(data)

    def done_url(self, result: Any) -> str:
        return reverse("deals:workstream-detail", args=[self.entry.workstream_id])


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


# --- One-click actions -------------------------------------------------------------------------


class ActionView(pages.ActionView, MoneyView):
    """A button that runs one service (see core's ActionView); a refusal shows as a message."""

    anchor = ""  # the money page's section the button is on

    def back_url(self, found: Any) -> str:
        return money_url(found.alliance_id, self.anchor)


class MilestoneConfirmView(ActionView):
    lookup = staticmethod(selectors.milestone_get)
    record = "milestone"
    service = staticmethod(services.milestone_confirm)
    anchor = "milestones"

    def success_message(self, found: Milestone, result: Any) -> str:
        return f"“{found.title}” confirmed: it is payable."


class TrancheReleaseView(ActionView):
    lookup = staticmethod(selectors.tranche_get)
    record = "tranche"
    service = staticmethod(services.tranche_release)
    anchor = "build-to-buy"

    def success_message(self, found: Tranche, result: Any) -> str:
        return f"Tranche {found.sequence} released; it is in the ledger."


class OptionExerciseView(ActionView):
    record = "option"
    service = staticmethod(services.option_exercise)
    success = "Option exercised; the price is due."
    anchor = "build-to-buy"

    def find(self, request: MemberRequest[User], pk: int) -> BuyOption:
        alliance = self.alliance(request, pk)
        option = selectors.option_for(user=request.user, alliance=alliance)
        if option is None:
            raise BuyOption.DoesNotExist
        return option


class TrueUpSettleView(ActionView):
    lookup = staticmethod(selectors.workstream_get)
    record = "workstream"
    service = staticmethod(services.true_up_settle)

    def arguments(self, request: MemberRequest[User], found: Any) -> dict[str, Any]:
        form = forms.TrueUpForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Choose a quarter to true up.")
        self.year, self.quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        return {"year": self.year, "quarter": self.quarter}

    def back_url(self, found: Any) -> str:
        return reverse("deals:workstream-detail", args=[found.pk])

    def done_url(self, found: Any) -> str:
        return f"{self.back_url(found)}?period={self.year}-{self.quarter}"

    def success_message(self, found: Any, result: Any) -> str:
        return f"{self.year} Q{self.quarter} trued up; the settlement is in the ledger."
