"""The quarterly portfolio review across every capability: the quarter's decisions, milestones
and celebrations beside every alliance's line, only what the reader's organisation may see, on
the page, in the PDF, the workbook and the API."""

from __future__ import annotations

import datetime
import gc
import io
import subprocess
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from concord.alliances import review
from concord.alliances import services as alliance_services
from concord.alliances.models import Party, Programme
from concord.core import clock
from concord.deals import services as deal_services
from concord.governance import services as governance_services
from concord.health import services as health_services
from conftest import api_client, assert_api_error
from tests.test_today_portfolio import busy, queries

pytestmark = pytest.mark.django_db


def quarter_of_record(cast) -> None:
    """On Helix–Borealis a deferred decision, a confirmed milestone and kudos; on Cobalt–Borealis
    a celebration that Helix must never see."""
    alliance, alice, bob = cast.helix_borealis, cast.alice, cast.bob
    jsc = governance_services.committee_create(actor=alice, alliance=alliance, executives=[alice])
    meeting = governance_services.meeting_schedule(
        actor=alice, committee=jsc, starts_at=clock.now() - datetime.timedelta(hours=2)
    )
    governance_services.decision_defer(actor=alice, meeting=meeting, title="Choose the CRO")
    parties = {p.organisation_id: p for p in Party.objects.unscoped().filter(alliance=alliance)}
    milestone = deal_services.milestone_create(
        actor=bob,
        alliance=alliance,
        programme=Programme.objects.unscoped().filter(alliance=alliance).first(),
        event="phase_2",
        amount=Decimal("10000000"),
        currency="USD",
        payer=parties[cast.borealis.pk],
        payee=parties[cast.helix.pk],
    )
    deal_services.milestone_notify(actor=alice, milestone=milestone, achieved_on=clock.today())
    deal_services.milestone_confirm(actor=bob, milestone=milestone)
    health_services.kudos_give(actor=alice, alliance=alliance, message="Data room in a week")
    health_services.kudos_give(
        actor=cast.dave, alliance=cast.cobalt_borealis, message="Cobalt's secret assay worked"
    )


def titles(pack: review.ReviewPack, kind: str) -> list[str]:
    section = next(s for s in pack.sections if s.kind == kind)
    return [f"{entry.title} {entry.detail}" for entry, _ in section.entries]


def test_the_pack_holds_every_alliance_and_the_quarters_record(cast):
    quarter_of_record(cast)
    pack = review.review_pack(user=cast.bob, quarter=review.current_quarter())
    assert {r.alliance.name for r in pack.rows} == {
        cast.helix_borealis.name,
        cast.cobalt_borealis.name,
    }
    assert any("Choose the CRO" in t and "Deferred" in t for t in titles(pack, "decision"))
    assert any("USD 10,000,000.00" in t for t in titles(pack, "milestone"))
    celebrated = " ".join(titles(pack, "celebration"))
    assert "Data room" in celebrated and "secret assay" in celebrated
    # The quarter before holds none of it: every entry is dated in this quarter.
    earlier = review.review_pack(user=cast.bob, quarter=review.current_quarter().previous())
    assert all(not section.entries for section in earlier.sections)


def test_a_biotech_reads_only_its_own_alliance_in_every_form(cast):
    quarter_of_record(cast)
    pack = review.review_pack(user=cast.alice, quarter=review.current_quarter())
    assert [r.alliance.name for r in pack.rows] == [cast.helix_borealis.name]
    assert "secret assay" not in " ".join(titles(pack, "celebration"))
    client = Client()
    client.force_login(cast.alice)
    page = client.get(reverse("alliances:portfolio-review")).content.decode()
    assert "Data room" in page and "Choose the CRO" in page
    assert "Cobalt" not in page
    from openpyxl import load_workbook

    book = client.get(reverse("alliances:portfolio-review-xlsx"))
    sheets = load_workbook(io.BytesIO(book.content), read_only=True)
    cells = " ".join(
        str(v) for sheet in sheets for row in sheet.iter_rows(values_only=True) for v in row if v
    )
    assert "Data room" in cells and "Cobalt" not in cells
    assert sheets.sheetnames[2:] == ["Decisions", "Milestones", "Celebrations"]
    answer = api_client(cast.alice).get("/api/v1/portfolio/review").json()
    assert [a["name"] for a in answer["alliances"]] == [cast.helix_borealis.name]
    assert "Cobalt" not in str(answer)
    assert answer["quarter"] == str(review.current_quarter())


def pdf_text(user) -> str:
    """The review pack's PDF as `user` downloads it, read back as text (spaces collapsed)."""
    client = Client()
    client.force_login(user)
    response = client.get(reverse("alliances:portfolio-review-pdf"))
    assert response.status_code == 200
    assert response["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def test_the_pack_prints_as_a_pdf(cast):
    quarter_of_record(cast)
    text = pdf_text(cast.bob)
    assert "Portfolio review: " + review.current_quarter().label in text
    assert cast.helix_borealis.name in text and cast.cobalt_borealis.name in text
    assert "Choose the CRO" in text and "Data room in a week" in text
    assert "USD 10,000,000.00" in text and "secret assay" in text


def test_the_pdf_keeps_a_partners_other_alliances_out(cast):
    quarter_of_record(cast)
    busy(cast.cobalt_borealis, cast.dave, cast.bob)  # Bob's alliance with Helix's rival
    text = pdf_text(cast.alice)
    assert cast.helix_borealis.name in text and "Data room in a week" in text
    assert "Cobalt" not in text and "secret assay" not in text


def test_alliances_needing_help_are_listed_with_their_reasons_once(cast):
    busy(cast.helix_borealis, cast.bob, cast.alice)
    alliance_services.attention_weights_update(
        actor=cast.bob, weights={"partner_overdue": Decimal(20)}
    )
    pack = review.review_pack(user=cast.bob, quarter=review.current_quarter())
    [row] = pack.needs_help
    reasons = ", ".join(row.reasons)
    text = pdf_text(cast.bob)
    # The reasons stand in the list of alliances needing help; their line in the table points there.
    assert text.count(reasons) == 1
    assert text.index(reasons) < text.index("Every alliance")
    assert "Needs an executive: see above" in text.split("Every alliance", 1)[1]


def test_an_unchanged_pdf_is_laid_out_once(cast, monkeypatch):
    from concord.core import pdf

    html = "<!doctype html><title>t</title><p>The same pack, downloaded twice</p>"
    first = pdf.pdf_from_html(html)
    import weasyprint

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr(weasyprint, "HTML", no_layout)
    assert pdf.pdf_from_html(html) == first
    with pytest.raises(AssertionError, match="laid out again"):
        pdf.pdf_from_html(html.replace("twice", "three times"))


def test_the_collector_runs_less_often_only_while_a_pdf_is_laid_out(monkeypatch):
    import weasyprint

    from concord.core import pdf

    monkeypatch.setattr(pdf, "CACHE_SECONDS", 0)
    before, seen = gc.get_threshold(), []
    real = weasyprint.HTML

    def watched(*args, **kwargs):
        seen.append(gc.get_threshold())
        if "broken" in kwargs["string"]:
            raise ValueError("broken")
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", watched)
    pdf.pdf_from_html("<!doctype html><title>t</title><p>A pack</p>")
    assert seen == [pdf.LAYOUT_GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before
    # A layout that fails puts the collector back too.
    with pytest.raises(ValueError, match="broken"):
        pdf.pdf_from_html("<!doctype html><title>t</title><p>A broken pack</p>")
    assert gc.get_threshold() == before


def test_alliances_with_an_open_escalation_or_a_high_score_need_an_executive(cast):
    busy(cast.helix_borealis, cast.bob, cast.alice)
    pack = review.review_pack(user=cast.bob, quarter=review.current_quarter())
    scores = {r.alliance.pk: r.score for r in pack.rows}
    assert scores[cast.helix_borealis.pk] > 0
    assert [r.alliance.pk for r in pack.needs_help] == [
        pk for pk, score in scores.items() if score >= review.HELP_SCORE
    ]
    # Weighing overdue deliveries owed to us heavily makes the busy alliance one to escalate.
    alliance_services.attention_weights_update(
        actor=cast.bob, weights={"partner_overdue": Decimal(20)}
    )
    pack = review.review_pack(user=cast.bob, quarter=review.current_quarter())
    assert [r.alliance.pk for r in pack.needs_help] == [cast.helix_borealis.pk]


def test_a_quarter_is_chosen_and_a_bad_one_changes_nothing(cast):
    quarter_of_record(cast)
    client = Client()
    client.force_login(cast.bob)
    earlier = review.current_quarter().previous()
    page = client.get(reverse("alliances:portfolio-review"), {"quarter": str(earlier)})
    assert earlier.label in page.content.decode()
    assert "Choose the CRO" not in page.content.decode()
    # A quarter not offered falls back to the current one rather than an error page.
    page = client.get(reverse("alliances:portfolio-review"), {"quarter": "1999-Q9"})
    assert page.status_code == 200 and "Choose the CRO" in page.content.decode()
    api = api_client(cast.bob)
    assert api.get("/api/v1/portfolio/review", {"quarter": str(earlier)}).json()["decisions"] == []
    assert_api_error(api.get("/api/v1/portfolio/review", {"quarter": "2026-Q5"}), 422, "quarter")
    assert_api_error(api.get("/api/v1/portfolio/review", {"quarter": "1999-Q4"}), 422, "quarter")


def test_the_pack_reads_in_as_many_queries_for_two_alliances_as_for_four(cast):
    quarter_of_record(cast)
    small = queries(lambda: review.review_pack(user=cast.bob, quarter=review.current_quarter()))
    from tests.test_today_portfolio import grow

    grow(cast, 2, 0)
    large = queries(lambda: review.review_pack(user=cast.bob, quarter=review.current_quarter()))
    assert large == small


def test_without_pango_the_pdf_says_so_and_the_page_still_works(cast, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a machine without Pango
    client = Client()
    client.force_login(cast.bob)
    response = client.get(reverse("alliances:portfolio-review-pdf"), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "WeasyPrint needs the Pango library" in response.content.decode()
