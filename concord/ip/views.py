"""The IP register's pages: the register, background IP and inventions, filings, and the answer
to "who may use what"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.attachments import attachments_for
from concord.core.committees import committee_exists
from concord.core.pages import MemberRequest, ScopedView, ServiceFormView, attempt
from concord.ip import exports, selectors, services
from concord.ip.forms import AssetForm, DisclosureForm, FilingForm, RoyaltyPatentForm, UseForm
from concord.ip.models import PATENT_COMMITTEE, Disclosure
from concord.orgs.models import User


def register_url(pk: int) -> str:
    return reverse("ip:register", args=[pk])


def joined(request: MemberRequest[User], alliance: Alliance) -> Party:
    """The user's party of the alliance, or a 404 for an organisation only invited."""
    party = selectors.own_party(user=request.user, alliance=alliance)
    if party is None:
        raise Alliance.DoesNotExist
    return party


def manages(request: MemberRequest[User], party: Party | None) -> bool:
    """Display only: alliance managers and admins of a joined party keep the register."""
    membership = getattr(request.user, "membership", None)
    return party is not None and membership is not None and membership.can_manage_alliances


class IpView(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class RegisterView(IpView):
    """The alliance's IP register, and the answer to whether a use is licensed."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        party = joined(request, alliance)
        found = selectors.register(user=request.user, alliance=alliance)
        form = UseForm(request.GET or None, parties=found.parties)
        things = {f"a{a.pk}": a for a in found.assets} | {
            f"d{row.disclosure.pk}": row.disclosure
            for row in found.disclosures
            if not row.disclosure.details_hidden
        }
        form.fields["thing"] = forms.ChoiceField(
            label="IP", choices=[(key, str(thing)) for key, thing in things.items()]
        )
        form.order_fields(["thing"])
        answer = None
        if request.GET and form.is_valid():
            data = form.cleaned_data
            answer = selectors.use_answer(
                user=request.user,
                thing=things[data["thing"]],
                party_id=data["party"],
                field=data["field"],
                territory=data["territory"],
                use=data["use"],
            )
        context = {
            "alliance": alliance,
            "register": found,
            "form": form,
            "answer": answer,
            "can_manage": manages(request, party),
            "own_party": party,
        }
        return render(request, "ip/register.html", context)


class RegisterExportView(IpView):
    """The register as CSV or as a workbook, as the person reads it."""

    as_xlsx = False

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        joined(request, alliance)
        found = selectors.register(user=request.user, alliance=alliance)
        return exports.register_xlsx(found) if self.as_xlsx else exports.register_csv(found)


class IpFormView(ServiceFormView, IpView):
    alliance: Alliance

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": register_url(self.alliance.pk)}

    def managing(self, request: MemberRequest[User], alliance: Alliance) -> None:
        self.alliance = alliance
        self.require(
            manages(request, joined(request, alliance)),
            "Only alliance managers keep the IP register.",
        )

    def done_url(self, result: Any) -> str:
        return register_url(self.alliance.pk)


class AssetCreateView(IpFormView):
    title = "Record background IP"
    lead = "What your organisation brings to the alliance, and what it covers."
    submit = "Record"
    success = "Background IP recorded."
    service = staticmethod(services.asset_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        self.managing(request, alliance)
        self.about(request, "alliance", alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AssetForm:
        return AssetForm(data)


class RoyaltyPatentCreateView(IpFormView):
    title = "Link a patent to a royalty"
    lead = (
        "The royalty runs in each country until the last valid claim there expires; the "
        "register shows where each royalty term ends."
    )
    submit = "Link patent"
    success = "Patent linked to the royalty."
    service = staticmethod(services.royalty_patent_link)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        asset = selectors.asset_get(user=request.user, pk=pk)
        self.managing(request, asset.alliance)
        own = selectors.own_party(user=request.user, alliance=asset.alliance)
        self.require(
            own is not None and own.pk == asset.owner_party_id,
            "Only the party that owns this patent family links it to a royalty.",
        )
        self.terms = selectors.deal_royalty_terms(user=request.user, alliance=asset.alliance)
        self.about(request, "asset", asset)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> RoyaltyPatentForm:
        return RoyaltyPatentForm(data, terms=self.terms)


class DisclosureCreateView(IpFormView):
    title = "File an invention disclosure"
    lead = "Ownership follows the agreement's rule; the prosecuting party files and pays."
    submit = "File disclosure"
    success = "Invention disclosure filed."
    service = staticmethod(services.disclosure_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        self.managing(request, alliance)
        self.parties = selectors.register(user=request.user, alliance=alliance).parties
        self.about(request, "alliance", alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DisclosureForm:
        form = DisclosureForm(data, parties=self.parties)
        if not committee_exists(self.alliance.pk, PATENT_COMMITTEE):
            del form.fields["restricted"]  # only a patent committee's members could read it
        return form

    def arguments(self, form: Any) -> dict[str, Any]:
        data = dict(form.cleaned_data)
        inventors = [services.InventorIn(data.pop("inventor_1"), data.pop("inventor_1_party"))]
        second, party = data.pop("inventor_2"), data.pop("inventor_2_party")
        if second:
            inventors.append(services.InventorIn(second, party or 0))
        return {**data, "inventors": inventors}

    def done_url(self, result: Any) -> str:
        return reverse("ip:disclosure-detail", args=[result.pk])


class DisclosureDetailView(IpView):
    """One invention: its inventors and owners, its filings and the deadlines they set."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        disclosure = selectors.disclosure_get(user=request.user, pk=pk)
        return self.show(request, disclosure, FilingForm())

    def show(
        self, request: MemberRequest[User], disclosure: Disclosure, form: FilingForm
    ) -> HttpResponse:
        party = joined(request, disclosure.alliance)
        parties = selectors.register(user=request.user, alliance=disclosure.alliance).parties
        context = {
            "alliance": disclosure.alliance,
            "disclosure": disclosure,
            "row": selectors.disclosure_row(disclosure, parties),
            "form": form,
            "can_file": manages(request, party)
            and party.pk == disclosure.prosecuting_party_id
            and not disclosure.details_hidden,
            "evidence": []
            if disclosure.details_hidden
            else attachments_for(request.user, disclosure),
        }
        return render(request, "ip/disclosure_detail.html", context)


class FilingCreateView(DisclosureDetailView):
    """The prosecuting party records a filing."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        disclosure = selectors.disclosure_get(user=request.user, pk=pk)
        joined(request, disclosure.alliance)
        form = FilingForm(request.POST)
        if form.is_valid():
            filed = attempt(
                form,
                services.filing_record,
                actor=request.user,
                disclosure=disclosure,
                **form.cleaned_data,
            )
            if filed is not None:
                messages.success(request, "Filing recorded.")
                return redirect(reverse("ip:disclosure-detail", args=[disclosure.pk]))
        return self.show(request, disclosure, form)

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:  # type: ignore[override]
        return redirect(reverse("ip:disclosure-detail", args=[pk]))
