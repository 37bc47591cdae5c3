"""The demo's federated research: in the Lumen–Castlegate collaboration a survival study the JSC
approved ran on both sites' shares of GBSG2, and a three-year recurrence study waits for Lumen's
steward to admit its node. Read from the demo seeded once for all demo tests (conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.core.today import today_items
from concord.demo.chapters import research as chapter
from concord.research import selectors
from concord.research.models import Study, StudyParty

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_the_survival_study_was_approved_admitted_and_ran_to_convergence(played):
    study = Study.objects.unscoped().get(title=chapter.SURVIVAL)
    assert study.alliance.name == chapter.ALLIANCE and study.is_approved
    hannah = played.person("castlegate", "hannah")
    [run] = selectors.run_list(user=hannah, study=study)
    assert run.status == "succeeded" and run.final["converged"] == 1
    assert 0.6 < run.final["c_index"] < 1
    rounds = selectors.rounds_of(user=hannah, run=run)
    assert len(rounds) == run.final["rounds"] and len(run.per_party) == 2
    parts = selectors.study_parts(user=hannah, study=study)
    assert all(p.is_admitted and p.rows and not p.errors for p in parts)
    downloads = AuditEvent.objects.unscoped().filter(action="research.model_downloaded")
    assert downloads.count() == 1


@pytest.mark.django_db
def test_the_recurrence_study_waits_for_lumens_steward(played):
    study = Study.objects.unscoped().get(title=chapter.RECURRENCE)
    assert study.is_approved and study.model == "logistic"
    waiting = StudyParty.objects.unscoped().get(study=study, admission="awaiting")
    assert waiting.organisation.name == "Lumen Oncology"
    ruth = played.person("lumen", "ruth")
    assert [i.title for i in today_items(ruth) if i.kind == "study"] == [chapter.RECURRENCE]
    sophie = played.person("castlegate", "sophie")
    assert not [i for i in today_items(sophie) if i.kind == "study"]


@pytest.mark.django_db
def test_the_study_page_reads_for_each_party_with_its_own_comparison(played):
    study = Study.objects.unscoped().get(title=chapter.SURVIVAL)
    for org, first in (("castlegate", "hannah"), ("lumen", "maya")):
        client = Client()
        client.force_login(played.person(org, first))
        page = client.get(reverse("research:study-detail", args=[study.pk]))
        assert page.status_code == 200
        name = played.orgs[org].name
        assert f"Only {name} sees this column" in page.content.decode()
