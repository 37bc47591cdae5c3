"""The money page, the ledger and its downloads, and the pages that move one payment along."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.exports import csv_download, download
from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest, filtered, paginate
from concord.deals import exports, forms, selectors, services
from concord.deals.models import Payment
from concord.deals.views._common import MoneyView, ServiceFormView
from concord.orgs.models import User


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


def _ledger_payments(
    request: MemberRequest[User], alliance: Alliance | None = None, *, export: bool = False
) -> tuple[forms.LedgerFilterForm, QuerySet[Payment]]:
    """The ledger's filter form, read from the query string, and the payments it selects: of one
    alliance, or of the whole portfolio. The pages hide paid lines until asked; an export is the
    record, so it keeps them."""
    currencies = selectors.ledger_currencies(user=request.user, alliance=alliance)
    form = forms.LedgerFilterForm(request.GET, currencies=currencies)
    filters = form.filters()
    if export:
        filters = replace(filters, include_paid=True)
    payments = selectors.payment_list(user=request.user, alliance=alliance, filters=filters)
    return form, payments


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
        form, payments = _ledger_payments(request, alliance)
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
        form, payments = _ledger_payments(request)
        # Unless one direction is asked for, what we pay and what we are paid stand apart.
        sides = (
            []
            if form.filters().direction
            else selectors.ledger_sides(user=request.user, payments=payments, limit=forms.PAGE_SIZE)
        )
        context = _ledger_context(
            request,
            payments,
            form,
            totals=selectors.money_totals(user=request.user),
            portfolio=True,
            sides=sides,
        )
        return render(request, "deals/portfolio_ledger.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerCsvView(MoneyView):
    """The alliance's ledger (as filtered) as CSV."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        _, payments = _ledger_payments(request, alliance, export=True)
        response = csv_download(f"{alliance.name} ledger {clock.today()}.csv")
        exports.write_csv(
            response, payments, selectors.payment_notes(user=request.user, payments=payments)
        )
        return response


class LedgerXlsxView(MoneyView):
    """The alliance's ledger (as filtered) as an XLSX workbook."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        _, payments = _ledger_payments(request, alliance, export=True)
        summary = Payment.objects.visible_to(request.user).filter(pk__in=payments.values("pk"))
        notes = selectors.payment_notes(user=request.user, payments=payments)
        content = exports.write_xlsx(
            payments, notes=notes, summary=summary, title=f"Ledger of {alliance.name}"
        )
        return download(content, XLSX, f"{alliance.name} ledger {clock.today()}.xlsx")


class PortfolioXlsxView(MoneyView):
    """The whole portfolio's ledger as one XLSX workbook."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        _, payments = _ledger_payments(request, export=True)
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
