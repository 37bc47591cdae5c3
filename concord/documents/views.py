"""Pages of the document room: the room and its search, uploads and versions, downloads (recorded
in the audit trail), links to other records, and the agreement with what is tracked per section."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView
from concord.documents import selectors, services
from concord.documents.forms import (
    DocumentUploadForm,
    FolderForm,
    LinkForm,
    RoomFilterForm,
    SectionForm,
    VersionForm,
    link_choices,
)
from concord.documents.models import Document
from concord.documents.search import highlighted
from concord.orgs.models import User


def document_url(pk: int) -> str:
    return reverse("documents:document-detail", args=[pk])


def _writer(request: MemberRequest[User]) -> bool:
    membership = getattr(request.user, "membership", None)
    return membership is not None and not membership.is_read_only


class DocumentsView(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class RoomView(DocumentsView):
    """The alliance's documents the reader may see, by folder, searched by title and text."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        folders = selectors.folder_list(user=request.user, alliance=alliance)
        form = RoomFilterForm(request.GET, folders=folders)
        form.is_valid()
        term = form.cleaned_data.get("q") or ""
        folder = next((f for f in folders if f.pk == form.cleaned_data.get("folder")), None)
        found = list(
            selectors.document_list(
                user=request.user, alliance=alliance, folder=folder, search=term, snippets=True
            )[:200]
        )
        context = {
            "alliance": alliance,
            "folders": folders,
            "folder": folder,
            "form": form,
            "term": term,
            "documents": [(d, highlighted(getattr(d, "snippet", ""), term)) for d in found],
            "agreement": selectors.agreement_get(user=request.user, alliance=alliance),
            "can_write": _writer(request),
        }
        return render(request, "documents/room.html", context)


class RoomFormView(ServiceFormView, DocumentsView):
    """A form on one alliance's room."""

    def load_alliance(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_writer(request), "Viewers can read documents but not add them.")
        self.cancel_url = reverse("documents:room", args=[self.alliance.pk])

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}


class FolderCreateView(RoomFormView):
    title = "Add a folder"
    submit = "Add folder"
    service = staticmethod(services.folder_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.load_alliance(request, pk)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> FolderForm:
        return FolderForm(data)

    def success_message(self, result: Any) -> str:
        return f"Folder “{result}” added."

    def done_url(self, result: Any) -> str:
        return f"{self.cancel_url}?folder={result.pk}"


class DocumentUploadView(RoomFormView):
    """Upload a document: its first version, checked by content."""

    title = "Upload a document"
    lead = "Shared with every party of the alliance, or private to your organisation."
    submit = "Upload"
    service = staticmethod(services.document_upload)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.load_alliance(request, pk)
        self.folders = selectors.folder_list(user=request.user, alliance=self.alliance)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DocumentUploadForm:
        if data is None:
            return DocumentUploadForm(folders=self.folders, initial=request.GET.dict())
        return DocumentUploadForm(data, request.FILES, folders=self.folders)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.service_arguments())

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "multipart": True}

    def success_message(self, result: Any) -> str:
        return f"“{result}” uploaded."

    def done_url(self, result: Any) -> str:
        return document_url(result.pk)


class DocumentDetailView(DocumentsView):
    """One document: its versions (each downloadable), what it is linked to, its sections."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        document = selectors.document_get(user=request.user, pk=pk)
        own = selectors.own_party(user=request.user, alliance=document.alliance)
        links = selectors.link_list(user=request.user, document=document)
        sections = (
            selectors.section_list(user=request.user, document=document)
            if document.kind == Document.Kind.AGREEMENT
            else []
        )
        may_change = (
            own is not None
            and _writer(request)
            and (not document.is_private or document.organisation_id == own.organisation_id)
        )
        context = {
            "alliance": document.alliance,
            "document": document,
            "versions": selectors.version_list(user=request.user, document=document),
            "links": [(link, selectors.record_url(link)) for link in links],
            "may_change": may_change,
            "size_label": selectors.size_label,
        }
        if may_change:
            context["version_form"] = VersionForm()
            context["link_form"] = LinkForm(
                records=link_choices(request.user, document.alliance), sections=sections
            )
        return render(request, "documents/document_detail.html", context)


class DocumentFormView(ServiceFormView, DocumentsView):
    """A form on one document."""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.document = selectors.document_get(user=request.user, pk=pk)
        self.alliance = self.document.alliance
        self.require(_writer(request), "Viewers can read documents but not change them.")
        self.cancel_url = document_url(self.document.pk)
        self.about(request, "document", self.document)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}

    def done_url(self, result: Any) -> str:
        return self.cancel_url


class VersionAddView(DocumentFormView):
    title = "Upload a new version"
    submit = "Upload version"
    service = staticmethod(services.version_add)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> VersionForm:
        return VersionForm() if data is None else VersionForm(data, request.FILES)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.file_arguments())

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "multipart": True}

    def success_message(self, result: Any) -> str:
        return f"Version {result.number} uploaded."


class LinkCreateView(DocumentFormView):
    title = "Link the document"
    lead = "A meeting's pre-read, a gate's evidence, or the agreement section a record comes from."
    submit = "Link"
    success = "Linked."
    service = staticmethod(services.link_create)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> LinkForm:
        sections = (
            selectors.section_list(user=request.user, document=self.document)
            if self.document.kind == Document.Kind.AGREEMENT
            else []
        )
        records = link_choices(request.user, self.alliance)
        return LinkForm(data, records=records, sections=sections)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.service_arguments())


class SectionCreateView(DocumentFormView):
    title = "List a section of the agreement"
    submit = "Add section"
    service = staticmethod(services.section_add)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        super().load(request, pk)
        self.cancel_url = reverse("documents:agreement", args=[self.alliance.pk])

    def make_form(self, request: MemberRequest[User], data: Any = None) -> SectionForm:
        return SectionForm(data)

    def success_message(self, result: Any) -> str:
        return f"{result} listed."


class LinkRemoveView(ActionView, DocumentsView):
    lookup = staticmethod(selectors.link_get)
    record = "link"
    service = staticmethod(services.link_remove)
    success = "Link removed."

    def back_url(self, found: Any) -> str:
        return document_url(found.document_id)


class VersionDownloadView(DocumentsView):
    """The version's file, as uploaded; the download is recorded (who read what, when)."""

    def get(self, request: MemberRequest[User], pk: int) -> FileResponse:
        version = selectors.version_get(user=request.user, pk=pk)
        services.version_download(actor=request.user, version=version)
        response = FileResponse(
            version.file.open("rb"),
            as_attachment=True,
            filename=version.filename,
            content_type=version.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class AgreementView(DocumentsView):
    """The agreement, section by section, with what Concord tracks from each and what it does not."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        view = selectors.agreement_view(user=request.user, alliance=alliance)
        for row in view.sections:
            for link in row.links:
                link.url = selectors.record_url(link)  # type: ignore[attr-defined]
        context = {
            "alliance": alliance,
            "view": view,
            "can_write": _writer(request),
        }
        return render(request, "documents/agreement.html", context)


def gate_panel(request: Any, alliance: Any) -> tuple[str, dict[str, Any]] | None:
    """The evidence attached to the pending gate, in its card on the alliance page."""
    evidence = selectors.pending_gate_evidence(user=request.user, alliance=alliance)
    return "documents/_gate_evidence.html", {"alliance": alliance, "evidence": evidence}
