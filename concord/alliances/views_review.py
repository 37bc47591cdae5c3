"""The quarterly portfolio review as a page, a PDF and a workbook, for the quarter chosen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from concord.alliances import review
from concord.alliances.forms import QuarterForm
from concord.alliances.views import AllianceView
from concord.core import clock
from concord.core.exports import XLSX, download, xlsx_workbook
from concord.core.pages import MemberRequest
from concord.core.pdf import PdfUnavailable, pdf_from_html
from concord.orgs.models import User

UNAVAILABLE = (
    "The review pack's PDF cannot be made on this server: WeasyPrint needs the Pango library. "
    "Run make doctor to check the machine; the page and the workbook still work."
)


def pack_for(request: MemberRequest[User]) -> tuple[QuarterForm, review.ReviewPack]:
    form = QuarterForm(request.GET)
    return form, review.review_pack(user=request.user, quarter=form.chosen())


def pack_context(pack: review.ReviewPack) -> dict[str, Any]:
    """What the page and the PDF show: the pack, the columns it has, the totals line."""
    return {
        "pack": pack,
        "columns": review.review_columns(pack),
        "counts": {section.label: len(section.entries) for section in pack.sections},
        "help_score": review.HELP_SCORE,
    }


class PortfolioReviewView(AllianceView):
    """The quarter's portfolio review on screen, with its PDF and workbook a click away."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form, pack = pack_for(request)
        context = {**pack_context(pack), "form": form, "quarter_query": f"quarter={pack.quarter}"}
        return render(request, "alliances/portfolio_review.html", context)


class PortfolioReviewPdfView(AllianceView):
    """The quarter's portfolio review as a PDF to send before the review meeting."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        _, pack = pack_for(request)
        html = render_to_string(
            "alliances/portfolio_review_pdf.html",
            {
                **pack_context(pack),
                "organisation": request.user.membership.organisation,
                # The PDF's table points to the list above instead of repeating these reasons.
                "help_ids": {row.alliance.pk for row in pack.needs_help},
            },
        )
        try:
            pdf = pdf_from_html(html)
        except PdfUnavailable:
            messages.error(request, UNAVAILABLE)
            return redirect(f"{reverse('alliances:portfolio-review')}?quarter={pack.quarter}")
        return download(pdf, "application/pdf", f"Portfolio review {pack.quarter}.pdf")


class PortfolioReviewXlsxView(AllianceView):
    """The quarter's portfolio review as a workbook: one sheet per part, exact figures."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        _, pack = pack_for(request)
        stamp = f"{clock.localtime():%Y-%m-%d %H:%M %Z}"
        book = xlsx_workbook(review.review_sheets(pack), stamp=stamp)
        return download(book, XLSX, f"Portfolio review {pack.quarter}.xlsx")
