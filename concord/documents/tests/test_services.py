"""The document room's rules: versions are kept as uploaded, a private document stays with its
organisation, uploads are judged by their content, downloads are recorded, links reach only what
the linker may see.

Alice (Helix) and Bob (Borealis) share an alliance; Carol is read-only at Helix; Dave, at Cobalt,
is outside it.
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import override_settings

from concord.alliances import services as alliance_services
from concord.core.attachments import EVIDENCE, SECTION, attachments_for
from concord.core.models import AuditEvent, OutboxEmail
from concord.documents import search, selectors, services
from concord.documents.models import Document, DocumentVersion
from concord.documents.tests.helpers import EXE, PNG, docx, pdf
from conftest import signed

pytestmark = pytest.mark.django_db


def upload(cast, who=None, title="Research plan", visibility="shared", **kwargs):
    kwargs.setdefault("name", "plan.pdf")
    kwargs.setdefault("data", pdf())
    return services.document_upload(
        actor=who or cast.alice,
        alliance=cast.helix_borealis,
        title=title,
        visibility=visibility,
        **kwargs,
    )


def test_upload_keeps_the_first_version_with_its_hash_size_and_uploader(cast):
    data = pdf("Term sheet")
    document = upload(cast, data=data)
    version = document.current
    assert version.number == 1
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data)
    assert version.uploaded_by == cast.alice
    assert version.content_type == "application/pdf"
    assert version.file.read() == data
    assert "Term sheet" in document.search_text


def test_a_new_version_leaves_the_earlier_one_as_it_was(cast):
    document = upload(cast, data=pdf("First draft"))
    first = document.current
    second = services.version_add(
        actor=cast.bob, document=document, name="plan-v2.pdf", data=pdf("Second draft")
    )
    first.refresh_from_db()
    assert second.number == 2 and first.number == 1
    assert first.file.read() == pdf("First draft")
    assert first.sha256 != second.sha256
    document.refresh_from_db()
    assert document.current == second and "Second draft" in document.search_text
    assert [v.number for v in selectors.version_list(user=cast.bob, document=document)] == [2, 1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.pdf", EXE, "not taken here"),
        ("plan.pdf", b"", "empty"),
        ("plan.pdf", PNG, "named .pdf but its content is a PNG image"),
        ("notes.docx", pdf(), "named .docx but its content is a PDF"),
    ],
)
def test_an_upload_is_judged_by_its_content_not_its_name(cast, name, data, message):
    with pytest.raises(ValidationError) as refused:
        upload(cast, name=name, data=data)
    assert message in str(refused.value.message_dict["file"])
    assert not Document.objects.unscoped().exists()


@override_settings(CONCORD_DOCUMENT_MAX_BYTES=1000)
def test_an_upload_over_the_size_cap_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        upload(cast, name="big.txt", data=b"x" * 1001)
    assert "larger than" in str(refused.value.message_dict["file"])


def test_office_documents_are_searched_by_their_words(cast):
    upload(cast, title="Plan", name="plan.docx", data=docx("Fabry biomarker strategy"))
    found = selectors.document_search(user=cast.bob, term="biomarker")
    assert [d.title for d in found] == ["Plan"]


def test_a_private_document_never_reaches_the_partner(cast):
    private = upload(
        cast,
        title="Our walk-away position",
        visibility="private",
        data=pdf("Walk away below 40 million"),
    )
    shared = upload(cast, title="Shared plan", data=pdf("Walk away plan shared"))
    for term in ("walk", "Walk away"):
        assert selectors.document_search(user=cast.bob, term=term) == [shared]
        assert set(selectors.document_search(user=cast.alice, term=term)) == {private, shared}
    assert selectors.room_counts(user=cast.bob, alliance=cast.helix_borealis)["total"] == 1
    with pytest.raises(Document.DoesNotExist):
        selectors.document_get(user=cast.bob, pk=private.pk)
    with pytest.raises(DocumentVersion.DoesNotExist):
        selectors.version_get(user=cast.bob, pk=private.current.pk)
    events = AuditEvent.objects.visible_to(cast.bob).filter(object_type="document")
    assert list(events.values_list("object_id", flat=True)) == [str(shared.pk)]
    # Carol, Alice's read-only colleague, reads it; Dave, outside the alliance, sees nothing.
    assert selectors.document_get(user=cast.carol, pk=private.pk) == private
    assert selectors.document_search(user=cast.dave, term="walk") == []


def test_only_its_organisation_changes_a_private_document_and_viewers_change_none(cast):
    private = upload(cast, visibility="private")
    with pytest.raises(PermissionDenied):
        services.version_add(actor=cast.bob, document=private, name="x.pdf", data=pdf())
    with pytest.raises(PermissionDenied):
        upload(cast, who=cast.carol)
    with pytest.raises(PermissionDenied):
        upload(cast, who=cast.dave)


def test_a_document_in_a_private_folder_is_private_and_the_agreement_shared(cast):
    folder = services.folder_create(
        actor=cast.alice, alliance=cast.helix_borealis, name="Board", visibility="private"
    )
    with pytest.raises(ValidationError) as refused:
        upload(cast, folder=folder, visibility="shared")
    assert "visibility" in refused.value.message_dict
    with pytest.raises(ValidationError):
        upload(cast, kind=Document.Kind.AGREEMENT, visibility="private")
    assert selectors.folder_list(user=cast.bob, alliance=cast.helix_borealis) == []


def test_a_download_is_recorded_in_the_audit_trail(cast):
    document = upload(cast)
    services.version_download(actor=cast.carol, version=document.current)
    event = AuditEvent.objects.unscoped().filter(action="document.downloaded").get()
    assert event.actor == cast.carol
    assert event.object_id == str(document.current.pk)
    assert "downloaded version 1" in event.summary


def test_gate_evidence_is_attached_and_shown_only_to_who_may_read_it(cast):
    gate = alliance_services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Candidate nominated",
        **signed(),
    )
    shared = upload(cast, title="Tox summary")
    private = upload(cast, title="Internal go/no-go memo", visibility="private")
    for document in (shared, private):
        services.link_create(
            actor=cast.alice,
            document=document,
            kind="alliances.gate",
            object_id=gate.pk,
            role=EVIDENCE,
        )
    assert [a.title for a in attachments_for(cast.bob, gate)] == ["Tox summary"]
    assert {a.title for a in attachments_for(cast.alice, gate)} == {
        "Tox summary",
        "Internal go/no-go memo",
    }
    with pytest.raises(ValidationError):  # the same link twice
        services.link_create(
            actor=cast.alice,
            document=shared,
            kind="alliances.gate",
            object_id=gate.pk,
            role=EVIDENCE,
        )


def test_a_link_reaches_only_records_of_the_documents_alliance(cast):
    gate = alliance_services.gate_propose(
        actor=cast.dave,
        alliance=cast.cobalt_borealis,
        to_phase="preclinical",
        rationale="Cobalt's own",
        **signed(),
    )
    document = upload(cast)
    with pytest.raises(ValidationError) as refused:
        services.link_create(
            actor=cast.alice,
            document=document,
            kind="alliances.gate",
            object_id=gate.pk,
            role=EVIDENCE,
        )
    assert "object_id" in refused.value.message_dict
    with pytest.raises(ValidationError):  # a gate takes evidence, not pre-reads
        services.link_create(
            actor=cast.alice,
            document=document,
            kind="alliances.gate",
            object_id=gate.pk,
            role="pre_read",
        )


def test_the_agreement_page_lists_what_is_tracked_per_section_and_what_is_not(cast):
    agreement = upload(cast, title="Collaboration agreement", kind=Document.Kind.AGREEMENT)
    tracked = services.section_add(
        actor=cast.alice, document=agreement, number="§ 3.1", heading="Development plan"
    )
    services.section_add(actor=cast.alice, document=agreement, number="5.2", heading="Milestones")
    services.section_add(
        actor=cast.alice,
        document=agreement,
        number="1.1",
        heading="Definitions",
        tracked_expected=False,
    )
    gate = alliance_services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Candidate nominated",
        **signed(),
    )
    with pytest.raises(ValidationError):  # a gate is not an obligation of a section
        services.link_create(
            actor=cast.alice,
            document=agreement,
            kind="alliances.gate",
            object_id=gate.pk,
            role=SECTION,
            section=tracked,
        )
    with pytest.raises(ValidationError):
        services.section_add(actor=cast.alice, document=agreement, number="3.1", heading="Again")
    view = selectors.agreement_view(user=cast.bob, alliance=cast.helix_borealis)
    assert [row.section.number for row in view.sections] == ["3.1", "5.2", "1.1"]
    assert [row.section.number for row in view.untracked_sections] == ["3.1", "5.2"]


def test_a_file_stored_in_a_transaction_that_rolls_back_is_deleted(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        version = upload(cast).current
        stored = version.file.storage
        assert stored.exists(version.file.name)
        raise RuntimeError("a later step of the request fails")
    assert not stored.exists(version.file.name)


def test_a_file_refused_after_it_was_stored_is_deleted_and_a_committed_one_kept(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = upload(cast).current
    with pytest.raises(ValidationError), transaction.atomic():
        dropped = services.version_add(
            actor=cast.alice, document=kept.document, name="v2.pdf", data=pdf("Second")
        )
        services.section_add(  # a general document has no sections: the whole block is undone
            actor=cast.alice, document=kept.document, number="1", heading="Scope"
        )
    assert kept.file.storage.exists(kept.file.name)
    assert not dropped.file.storage.exists(dropped.file.name)


def test_a_search_needs_every_word_ranks_title_matches_first_and_marks_the_passage(cast):
    upload(cast, title="Budget", data=pdf("Tox budget for the liver work"))
    upload(cast, title="Tox summary", data=pdf("Liver findings in the rat study"))
    upload(cast, title="Other", data=pdf("Liver enzymes only"))
    found = list(
        selectors.document_list(
            user=cast.bob, alliance=cast.helix_borealis, search="tox liver", snippets=True
        )
    )
    assert [d.title for d in found] == ["Tox summary", "Budget"]
    passage = search.highlighted(found[1].snippet, "tox liver")
    assert "<mark>Tox</mark>" in passage and "<mark>liver</mark>" in passage
    assert (
        search.highlighted("a <script> and tox", "tox") == "…a &lt;script&gt; and <mark>tox</mark>…"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search")
def test_postgresql_search_stems_words_and_reads_quoted_phrases(cast):
    upload(cast, title="Plan", data=pdf("The development milestone falls due in March"))
    upload(cast, title="Letter", data=pdf("Milestone notices and development updates"))
    stemmed = selectors.document_search(user=cast.bob, term="milestones")
    assert {d.title for d in stemmed} == {"Letter", "Plan"}
    phrase = selectors.document_search(user=cast.bob, term='"development milestone"')
    assert [d.title for d in phrase] == ["Plan"]


def test_a_shared_document_is_announced_to_the_partner_and_a_private_one_to_no_one(cast):
    upload(cast, title="Tox summary")
    upload(cast, title="Our walk-away memo", visibility="private")
    sent = OutboxEmail.objects.filter(name="document-shared")
    assert [(email.to, email.subject) for email in sent] == [
        (
            [cast.bob.email],
            "Helix Biotherapeutics shared “Tox summary” (Helix–Borealis oncology alliance)",
        )
    ]
    assert "walk-away" not in sent.get().text
