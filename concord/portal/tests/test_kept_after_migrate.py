"""The portal's migrations run no code of the app: the kept figures are worked out by the
services once the database is fully migrated, and the match scores 0007 worked out again are
scored by a copy frozen in the migration, which scores as the services do today."""

from __future__ import annotations

import datetime
import importlib
import io
import logging

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from django.utils import timezone

from concord.portal import services
from concord.portal.models import Portal, Submission, SubmissionCount, SubmissionDay
from concord.portal.services import kept
from concord.portal.tests.test_kept import _kept, _received

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(cast) -> Portal:
    return services.portal_save(actor=cast.bob, slug="borealis", nih_threshold="1.00")


def _loader() -> MigrationLoader:
    """The project's migrations, which the suite (run without them) otherwise hides, as a
    database that applied them one by one walks them: not replaced by the squashed one."""
    with override_settings(MIGRATION_MODULES={}):
        return MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)


def _migration(name: str):
    return _loader().get_migration("portal", name)


def _drifted(portal: Portal) -> None:
    """Kept figures lost, as after a migration that began keeping them on old submissions."""
    organisation = portal.organisation_id
    SubmissionDay.objects.unscoped().filter(organisation_id=organisation).delete()
    Submission.objects.unscoped().filter(organisation_id=organisation).update(queue_key=None)
    SubmissionCount.objects.unscoped().filter(organisation_id=organisation).delete()


def test_migrations_that_began_keeping_figures_say_so():
    began_keeping = (
        "0003_kept_for_queue_and_statistics",
        "0006_statistics_kept_by_month",
        "0007_partnering_desk",
        "0008_queue_counts_kept",
    )
    assert all(getattr(_migration(name), kept.MARK, False) for name in began_keeping)
    assert not getattr(_migration("0004_covering_status_index"), kept.MARK, False)


def test_a_migrate_that_began_keeping_figures_rebuilds_them_once_fully_migrated(
    cast, portal, monkeypatch
):
    _received(portal, 4, timezone.now() - datetime.timedelta(days=20), 3)
    expected = _kept(portal)
    _drifted(portal)
    assert services.queue_counts_verify(portal.organisation_id) != []
    monkeypatch.setattr(kept, "fully_migrated", lambda using: True)
    plan = [(_migration("0008_queue_counts_kept"), False)]
    kept.rebuild_after_migrate(sender=apps.get_app_config("portal"), plan=plan)
    assert services.queue_counts_verify(portal.organisation_id) == []
    assert _kept(portal) == expected


def test_a_migrate_stopped_halfway_leaves_the_rebuild_to_the_command(
    cast, portal, monkeypatch, caplog
):
    _received(portal, 2, timezone.now() - datetime.timedelta(days=5), 1)
    _drifted(portal)
    monkeypatch.setattr(kept, "fully_migrated", lambda using: False)
    plan = [(_migration("0003_kept_for_queue_and_statistics"), False)]
    with caplog.at_level(logging.WARNING, logger="concord.portal"):
        kept.rebuild_after_migrate(sender=apps.get_app_config("portal"), plan=plan)
    assert "concord portal_rebuild_kept" in caplog.text
    assert services.queue_counts_verify(portal.organisation_id) != []
    out = io.StringIO()
    call_command("portal_rebuild_kept", stdout=out)
    assert out.getvalue() == "Kept figures rebuilt for 1 portal(s).\n"
    assert services.queue_counts_verify(portal.organisation_id) == []


def test_a_migrate_of_nothing_kept_leaves_the_figures_alone(cast, portal, monkeypatch):
    _received(portal, 2, timezone.now() - datetime.timedelta(days=5), 1)
    _drifted(portal)
    monkeypatch.setattr(kept, "fully_migrated", lambda using: True)
    plan = [(_migration("0004_covering_status_index"), False)]
    kept.rebuild_after_migrate(sender=apps.get_app_config("portal"), plan=plan)
    kept.rebuild_after_migrate(sender=apps.get_app_config("deals"), plan=plan)
    assert services.queue_counts_verify(portal.organisation_id) != []


def test_the_scores_0007_works_out_again_are_the_services_scores(cast, portal):
    services.area_save(
        actor=cast.bob,
        title="Oncology antibodies",
        therapeutic_areas=["oncology"],
        modalities=["antibody"],
        stages=["preclinical"],
        deal_types=[],
    )
    services.area_save(
        actor=cast.bob,
        title="No rare-disease work",
        kind="avoid",
        therapeutic_areas=["rare"],
        modalities=[],
        stages=[],
        deal_types=[],
    )
    made = _received(portal, 3, timezone.now() - datetime.timedelta(days=5), 1)
    scored = {s.pk: (s.match_score, s.match_explanation) for s in made}
    assert {score for score, _ in scored.values()} == {0, 75}
    Submission.objects.unscoped().update(match_score=0, match_explanation=[])
    migration = importlib.import_module("concord.portal.migrations.0007_partnering_desk")
    migration.rescore(_loader().project_state(("portal", "0007_partnering_desk")).apps, None)
    again = Submission.objects.unscoped().filter(pk__in=scored).order_by("pk")
    assert {s.pk: (s.match_score, s.match_explanation) for s in again} == scored
