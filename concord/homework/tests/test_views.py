"""The homework pages and API wired to the services: Alice (Helix) keeps homework on her
alliance with Bob's Borealis through the forms, and reads it back as pages, a CSV and a PDF."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.homework.models import Alert, FitAssessment, OnboardingDone, Stakeholder
from concord.homework.tests.helpers import assess, stakeholder
from conftest import api_client

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def fit_form(score: int) -> dict[str, str]:
    names = ("strategic_fit", "priority", "market", "competition", "sponsor_strength")
    data = {name: str(score) for name in names}
    return data | {"assessed_on": clock.today().isoformat(), "priority_note": "Top three."}


def test_two_assessments_through_the_form_draw_the_drift_and_raise_an_alert(cast):
    client, pk = signed_in(cast.alice), cast.helix_borealis.pk
    url = reverse("homework:fit-create", args=[pk])
    assert client.post(url, fit_form(5)).status_code == 302
    assert client.post(url, fit_form(2)).status_code == 302
    assert FitAssessment.objects.visible_to(cast.alice).count() == 2
    page = client.get(reverse("homework:alliance-homework", args=[pk])).content.decode()
    assert 'id="drift-chart"' in page and "fit went from 100 to 40" in page
    assert "Fit fell 60 points" in page
    refused = client.post(url, fit_form(9))
    assert refused.status_code == 200 and FitAssessment.objects.visible_to(cast.alice).count() == 2


def test_a_competing_programme_through_the_form_shows_in_the_profile(cast):
    client, pk = signed_in(cast.alice), cast.helix_borealis.pk
    response = client.post(
        reverse("homework:fact-create", args=[pk, "programme"]),
        {
            "partner": cast.borealis.pk,
            "source": "Borealis R&D day",
            "as_of": clock.today().isoformat(),
            "name": "BOR-9",
            "therapeutic_area": "oncology",
            "modality": "antibody",
            "indication": "NSCLC",
            "phase": "phase_1",
            "relation": "competes",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("homework:alliance-homework", args=[pk])).content.decode()
    assert "BOR-9" in page and "Borealis R&amp;D day" in page
    assert Alert.objects.visible_to(cast.alice).get().kind == "competitor"
    assert client.get(reverse("homework:fact-create", args=[pk, "nonsense"])).status_code == 404


def test_the_stakeholder_map_page_its_picture_peer_matrix_and_csv(cast):
    client, pk = signed_in(cast.alice), cast.helix_borealis.pk
    response = client.post(
        reverse("homework:stakeholder-create", args=[pk]),
        {
            "name": "Erin Eklund",
            "person": "",
            "level": "executive",
            "function": "research",
            "role": "sponsor",
            "stance": "champion",
            "strength": "4",
            "owner": cast.alice.pk,
        },
    )
    assert response.status_code == 302, response.content
    page = client.get(reverse("homework:stakeholders", args=[pk])).content.decode()
    assert 'id="stakeholder-map"' in page and "Peer matrix" in page and "Erin Eklund" in page
    csv = client.get(reverse("homework:stakeholders-csv", args=[pk])).content.decode()
    assert "Erin Eklund" in csv and "Sponsor" in csv
    erin = Stakeholder.objects.visible_to(cast.alice).get()
    client.post(reverse("homework:stakeholder-contact", args=[erin.pk]))
    erin.refresh_from_db()
    assert erin.last_contact == clock.today()


def test_ticking_an_onboarding_step_and_the_share_onboarded(cast):
    client, pk = signed_in(cast.alice), cast.helix_borealis.pk
    url = reverse("homework:onboarding", args=[pk])
    assert "0 of 1" in client.get(url).content.decode()
    for i in range(4):
        client.post(url, {"step": f"default-{i}", "person": cast.alice.pk})
    assert OnboardingDone.objects.visible_to(cast.alice).count() == 4
    assert "1 of 1</strong> onboarded (100%)" in client.get(url).content.decode()


def test_the_briefing_book_page_and_pdf(cast):
    assess(cast)
    stakeholder(cast, name="Erin Eklund")
    client, pk = signed_in(cast.alice), cast.helix_borealis.pk
    page = client.get(reverse("homework:briefing", args=[pk])).content.decode()
    assert "Who&#x27;s who" in page or "Who's who" in page
    assert "Erin Eklund" in page and "private to Helix" in page
    # What other capabilities add through core's briefing sections.
    for heading in ("Key decisions", "Governance calendar", "Operating model", "Open commitments"):
        assert heading in page
    assert "Learning plan" in page and "Milestones and celebrations" in page
    # Bob's book of the same alliance holds none of Helix's homework.
    theirs = signed_in(cast.bob).get(reverse("homework:briefing", args=[pk])).content.decode()
    assert "Erin Eklund" not in theirs and "private to Borealis" in theirs


def pdf_text(user, pk: int) -> str:
    response = signed_in(user).get(reverse("homework:briefing-pdf", args=[pk]))
    assert response.status_code == 200 and response["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())  # words as read, whatever the line breaks


def test_the_briefing_book_pdf_carries_the_book_and_only_the_readers_homework(cast):
    assess(cast)
    stakeholder(cast, name="Erin Eklund")
    pk = cast.helix_borealis.pk
    ours = pdf_text(cast.alice, pk)
    # What a new team member needs is all there, the drift chart's summary with it.
    for heading in ("Purpose", "Who's who", "Key decisions", "Operating model", "Learning plan"):
        assert heading in ours
    assert "Erin Eklund" in ours and "oncology gap" in ours
    # Bob's book of the same alliance: Helix's homework is not a word of it.
    theirs = pdf_text(cast.bob, pk)
    assert "Who's who" in theirs and "private to Borealis" in theirs
    assert "Erin Eklund" not in theirs and "oncology gap" not in theirs
    assert "Helix" not in theirs.split("private to Borealis")[1]


def test_the_api_keeps_the_map_and_answers_errors_as_json(cast):
    api, pk = api_client(cast.alice), cast.helix_borealis.pk
    created = api.post(
        f"/api/v1/alliances/{pk}/stakeholders",
        {
            "name": "Gus Grant",
            "level": "leadership",
            "function": "clinical",
            "role": "counterpart",
            "strength": 3,
            "owner_id": cast.alice.pk,
            "person_id": cast.bob.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    patched = api.patch(
        f"/api/v1/stakeholders/{sid}",
        {"left_on": clock.today().isoformat()},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["left_on"]
    wrong = api.post(
        f"/api/v1/alliances/{pk}/stakeholders",
        {"name": "X", "level": "working", "function": "clinical", "role": "influencer",
         "strength": 3, "owner_id": cast.bob.pk},
        content_type="application/json",
    )  # fmt: skip
    assert wrong.status_code == 422 and wrong.json()["field"] == "owner_id"
    onboarding = api.get(f"/api/v1/alliances/{pk}/onboarding").json()
    assert onboarding["team_size"] >= 1 and len(onboarding["people"][0]["steps"]) == 4
