"""Writers at once on PostgreSQL: no deadlock, no lost write, the audit chain whole (issue 11).

A few seconds of scripts/write_storm.py inside the suite. SQLite runs one writer at a time, so
this runs only when DATABASE_URL points at PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from concord.alliances.models import Note
from concord.alliances.services import note_create
from concord.core.audit import audit_seal, audit_verify
from concord.core.models import AuditEvent
from concord.portal.models import Submission
from concord.portal.services import (
    area_save,
    message_post,
    portal_save,
    queue_counts_verify,
    submission_assign,
    submission_create,
    submission_decide,
    submission_request_info,
    submitter_reply,
)
from conftest import build_cast, colleague

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: nothing to race"
    ),
]

WRITERS, SECONDS = 4, 3.0


def _submission_data(writer: int, n: int) -> dict:
    return {
        "contact_name": "Storm Submitter",
        "contact_email": f"storm-{writer}-{n}@example.test",
        "submitter_organisation_name": f"Storm Bio {writer}",
        "asset_name": f"SB-{writer}-{n}",
        "modality": "antibody",
        "therapeutic_area": "oncology",
        "indication": "Solid tumours",
        "stage": "preclinical",
        "mechanism": "Anti-TROP2",
        "differentiation": "Better.",
        "data_summary": "Mouse data.",
        "ip_status": "Filed.",
        "deal_type": "licence",
        "attested_non_confidential": True,
    }


def test_notes_and_submissions_written_at_once_all_land_and_the_chain_verifies():
    cast = build_cast()
    portal = portal_save(actor=cast.bob, slug="borealis")
    area_save(
        actor=cast.bob, title="Oncology", therapeutic_areas=["oncology"], reviewers=[cast.bob]
    )
    notes_before, submissions_before = (
        Note.objects.unscoped().count(),
        Submission.objects.unscoped().count(),
    )
    done = {"note": 0, "submission": 0}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def writer(number: int) -> None:
        n = 0
        try:
            while time.monotonic() < stop:
                try:
                    if n % 2 == number % 2:
                        note_create(
                            actor=cast.alice if number % 2 else cast.bob,
                            alliance=cast.helix_borealis,
                            title=f"Note {number}-{n}",
                            body=".",
                            visibility="shared",
                        )
                        kind = "note"
                    else:
                        submission_create(portal=portal, data=_submission_data(number, n), ip="")
                        kind = "submission"
                except Exception as error:  # every failure is counted and named
                    with lock:
                        errors.append(f"{type(error).__name__}: {error}")
                else:
                    with lock:
                        done[kind] += 1
                n += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert done["note"] and done["submission"]
    assert Note.objects.unscoped().count() == notes_before + done["note"]
    assert Submission.objects.unscoped().count() == submissions_before + done["submission"]
    audit_seal()
    report = audit_verify()
    assert report.ok and report.unsealed == 0
    assert report.checked == AuditEvent.objects.unscoped().count()


FEEDBACK = (
    "Thank you for the submission. Our reviewers scored it on the published rubric; at this "
    "stage we would want to see in vivo proof of mechanism and a clearer benefit over existing "
    "options before opening a discussion. You are welcome to submit again later."
)


def test_triage_at_once_keeps_the_queue_counts_and_never_deadlocks():
    """Bulk assignments in opposite orders, questions and replies moving submissions between
    statuses, and decisions, all at once: no deadlock, and the kept counts and loads equal a
    count of every submission (the lock order of "Row locks and their order")."""
    cast = build_cast()
    portal = portal_save(actor=cast.bob, slug="borealis")
    rita = colleague(cast.bob, "rita@borealis.test", "Rita", "Rao", "scientist")
    made = [
        submission_create(portal=portal, data=_submission_data(9, n), ip="").submission.pk
        for n in range(6)
    ]
    errors: list[str] = []
    stop = time.monotonic() + SECONDS

    def fresh(pk: int) -> Submission:
        return Submission.objects.unscoped().get(pk=pk)

    def assign(order: list[int]) -> None:
        people = [cast.bob, rita]
        submission_assign(actor=cast.bob, submissions=[fresh(pk) for pk in order], reviewers=people)

    def ask_and_reply(pk: int) -> None:
        submission_request_info(actor=cast.bob, submission=fresh(pk), question="Tox data?")
        submitter_reply(submission=fresh(pk), body="Attached.")

    def worker(number: int) -> None:
        n = 0
        try:
            while time.monotonic() < stop:
                try:
                    if number < 2:
                        assign(made if number == 0 else made[::-1])
                    elif number == 2:
                        ask_and_reply(made[n % 3])
                    elif n < 3:
                        submission_decide(
                            actor=cast.bob,
                            submission=fresh(made[3 + n]),
                            outcome="declined",
                            reasons=["too_early"],
                            feedback=FEEDBACK,
                        )
                    else:
                        message_post(actor=cast.bob, submission=fresh(made[n % 3]), body="Noted.")
                except ValidationError:
                    pass  # a refusal (say, a question while one is open) is not a failure
                except Exception as error:  # a deadlock or anything else is
                    errors.append(f"{type(error).__name__}: {error}")
                n += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert queue_counts_verify(portal.organisation_id) == []
    statuses = Submission.objects.unscoped().filter(pk__in=made)
    assert statuses.filter(status="declined").count() == 3
