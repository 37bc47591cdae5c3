"""The IP register's pages."""

from django.urls import path

from concord.ip import views

app_name = "ip"

urlpatterns = [
    path("alliances/<int:pk>/ip/", views.RegisterView.as_view(), name="register"),
    path(
        "alliances/<int:pk>/ip/register.csv",
        views.RegisterExportView.as_view(),
        name="register-csv",
    ),
    path(
        "alliances/<int:pk>/ip/register.xlsx",
        views.RegisterExportView.as_view(as_xlsx=True),
        name="register-xlsx",
    ),
    path("alliances/<int:pk>/ip/assets/new/", views.AssetCreateView.as_view(), name="asset-create"),
    path(
        "ip/assets/<int:pk>/royalty-patents/new/",
        views.RoyaltyPatentCreateView.as_view(),
        name="royalty-patent-create",
    ),
    path(
        "alliances/<int:pk>/ip/disclosures/new/",
        views.DisclosureCreateView.as_view(),
        name="disclosure-create",
    ),
    path(
        "ip/disclosures/<int:pk>/", views.DisclosureDetailView.as_view(), name="disclosure-detail"
    ),
    path(
        "ip/disclosures/<int:pk>/filings/", views.FilingCreateView.as_view(), name="filing-create"
    ),
]
