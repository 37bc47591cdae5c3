from django.urls import path

from concord.core import views
from concord.core.signatures_passkey import challenge_view

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mail/", views.mail_inbox, name="mail-inbox"),
    path("mail/<str:name>/", views.mail_message, name="mail-message"),
    path(
        "signatures/passkey/challenge/",
        challenge_view,
        name="signature-passkey-challenge",
    ),
]
