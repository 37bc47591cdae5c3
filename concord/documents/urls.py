"""Document room pages: the room, uploads and versions, downloads, links, the agreement."""

from django.urls import path

from concord.documents import views

app_name = "documents"

urlpatterns = [
    path("alliances/<int:pk>/documents/", views.RoomView.as_view(), name="room"),
    path(
        "alliances/<int:pk>/documents/upload/",
        views.DocumentUploadView.as_view(),
        name="document-upload",
    ),
    path(
        "alliances/<int:pk>/documents/folders/new/",
        views.FolderCreateView.as_view(),
        name="folder-create",
    ),
    path("alliances/<int:pk>/agreement/", views.AgreementView.as_view(), name="agreement"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("documents/<int:pk>/versions/new/", views.VersionAddView.as_view(), name="version-add"),
    path("documents/<int:pk>/links/new/", views.LinkCreateView.as_view(), name="link-create"),
    path(
        "documents/<int:pk>/sections/new/", views.SectionCreateView.as_view(), name="section-create"
    ),
    path("document-links/<int:pk>/remove/", views.LinkRemoveView.as_view(), name="link-remove"),
    path(
        "document-versions/<int:pk>/download/",
        views.VersionDownloadView.as_view(),
        name="version-download",
    ),
]
