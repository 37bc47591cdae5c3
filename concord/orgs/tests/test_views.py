"""The organisation pages, told as the cast's stories: signing up, inviting, roles, tokens."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.core.tokens import hash_secret
from concord.orgs import services
from concord.orgs.models import ApiToken, Invitation, Membership, Organisation, User
from conftest import PASSWORD

NEW_PASSWORD = "plum-orchard-lantern-42"


def signup_data(**changes):
    data = {
        "name": "Aster Bio",
        "kind": "biotech",
        "country": "DE",
        "country_code": "",
        "time_zone": "Europe/Berlin",
        "first_name": "Ana",
        "last_name": "Adler",
        "email": "ana@aster.test",
        "role": "alliance_manager",
        "password": NEW_PASSWORD,
    }
    return {**data, **changes}


def link_in(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0)


# Signing up


def test_an_organisation_signs_up_and_its_admin_is_logged_in(client, db):
    response = client.post(reverse("orgs:signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    ana = User.objects.get(email="ana@aster.test")
    assert client.session["_auth_user_id"] == str(ana.pk)
    assert ana.membership.is_admin
    assert ana.membership.role == Membership.Role.ALLIANCE_MANAGER
    assert ana.membership.organisation.country == "DE"
    assert (
        AuditEvent.objects.unscoped()
        .filter(action="organisation.signed_up", organisation=ana.membership.organisation)
        .exists()
    )


def test_the_signup_page_asks_for_everything_it_needs(client, db):
    response = client.get(reverse("orgs:signup"))

    assert response.status_code == 200
    for label in ["Organisation name", "Kind of organisation", "Country", "Time zone", "Password"]:
        assert label in response.content.decode()
    assert response.context["form"]["role"].value() == Membership.Role.ALLIANCE_MANAGER


def test_a_country_outside_the_list_is_given_by_its_code(client, db):
    client.post(reverse("orgs:signup"), signup_data(country="other", country_code="pt"))

    assert Organisation.objects.get(name="Aster Bio").country == "PT"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Helix Biotherapeutics"}, "name"),
        ({"password": "password"}, "password"),
        ({"password": "12345678901"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "alice@helix.test"}, "email"),
        ({"country": "other", "country_code": "Portugal"}, "country_code"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"kind": "bakery"}, "kind"),
    ],
)
def test_bad_signup_input_is_shown_on_the_form_and_creates_nothing(client, cast, changes, field):
    organisations, people = Organisation.objects.count(), User.objects.count()

    response = client.post(reverse("orgs:signup"), signup_data(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert (Organisation.objects.count(), User.objects.count()) == (organisations, people)
    assert "_auth_user_id" not in client.session


def test_someone_logged_in_is_not_offered_a_second_signup(client, cast):
    client.force_login(cast.alice)

    assert client.get(reverse("orgs:signup")).url == reverse("core:home")


# Alice invites a colleague


def test_alice_invites_a_colleague_who_accepts_and_can_log_in(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orgs:invitation-create"),
            {"invite-email": "Frank@Helix.test", "invite-role": "scientist"},
        )
    assert response.url == reverse("orgs:organisation-detail")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["frank@helix.test"]
    link = link_in(mailoutbox[0], r"/invitations/[^/\s]+/")

    frank = client.__class__()
    page = frank.get(link)
    assert page.status_code == 200
    assert "Helix Biotherapeutics" in page.content.decode()
    response = frank.post(
        link, {"first_name": "Frank", "last_name": "Fischer", "password": NEW_PASSWORD}
    )
    assert response.url == reverse("core:home")
    membership = User.objects.get(email="frank@helix.test").membership
    assert (membership.organisation, membership.role) == (cast.helix, "scientist")

    frank.logout()
    login = frank.post(reverse("login"), {"username": "FRANK@helix.test", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert frank.get(reverse("orgs:profile")).status_code == 200


def test_the_invitation_shows_on_the_organisation_page_until_revoked(client, cast):
    issued = services.invitation_create(actor=cast.alice, email="gus@helix.test", role="finance")
    client.force_login(cast.alice)

    page = client.get(reverse("orgs:organisation-detail"))
    assert "gus@helix.test" in page.content.decode()

    response = client.post(reverse("orgs:invitation-revoke", args=[issued.invitation.pk]))
    assert response.url == reverse("orgs:organisation-detail")
    assert Invitation.objects.unscoped().get(pk=issued.invitation.pk).status == "revoked"
    assert "is revoked" in client.get(response.url).content.decode()  # the message, once
    assert "gus@helix.test" not in client.get(response.url).content.decode()
    assert client.get(f"/invitations/{issued.token}/").status_code == 410


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"invite-email": "not-an-email", "invite-role": "scientist"}, "email"),
        ({"invite-email": "bob@borealis.test", "invite-role": "scientist"}, "email"),
        ({"invite-email": "gus@helix.test", "invite-role": "emperor"}, "role"),
    ],
)
def test_a_bad_invitation_is_shown_on_the_form_and_sends_nothing(
    client, cast, mailoutbox, django_capture_on_commit_callbacks, data, field
):
    client.force_login(cast.alice)
    before = Invitation.objects.unscoped().count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:invitation-create"), data)

    assert response.status_code == 200
    assert field in response.context["invite_form"].errors
    assert "The invitation was not sent" in response.content.decode()
    assert Invitation.objects.unscoped().count() == before
    assert mailoutbox == []


def test_an_expired_invitation_shows_the_expired_page(client, cast):
    issued = services.invitation_create(actor=cast.alice, email="gus@helix.test", role="finance")
    Invitation.objects.unscoped().filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    url = reverse("orgs:invitation-accept", args=[issued.token])

    assert client.get(url).status_code == 410
    response = client.post(
        url, {"first_name": "Gus", "last_name": "Grant", "password": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()
    assert not User.objects.filter(email="gus@helix.test").exists()


def test_accepting_with_a_weak_password_shows_the_error(client, cast):
    issued = services.invitation_create(actor=cast.alice, email="gus@helix.test", role="finance")

    response = client.post(
        reverse("orgs:invitation-accept", args=[issued.token]),
        {"first_name": "Gus", "last_name": "Grant", "password": "gus"},
    )

    assert "password" in response.context["form"].errors
    assert not User.objects.filter(email="gus@helix.test").exists()


# Roles and access


def test_alice_changes_carols_role(client, cast):
    client.force_login(cast.alice)
    carol = cast.carol.membership

    response = client.post(
        reverse("orgs:membership-update", args=[carol.pk]),
        {"role": "finance", "is_admin": "false"},
    )

    assert response.url == reverse("orgs:organisation-detail")
    carol.refresh_from_db()
    assert (carol.role, carol.is_admin, carol.is_active) == ("finance", False, True)
    assert "Carol Chen is now Finance" in client.get(response.url).content.decode()


def test_alice_makes_carol_an_admin_through_htmx_and_gets_the_row_back(client, cast):
    client.force_login(cast.alice)
    carol = cast.carol.membership

    response = client.post(
        reverse("orgs:membership-update", args=[carol.pk]),
        {"role": "viewer", "is_admin": ["false", "true"]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="member-{carol.pk}"') or f'<tr id="member-{carol.pk}"' in html
    assert "<html" not in html
    carol.refresh_from_db()
    assert carol.is_admin and carol.role == "viewer"


def test_carol_who_is_not_an_admin_cannot_change_roles(client, cast):
    client.force_login(cast.carol)
    alice = cast.alice.membership

    page = client.get(reverse("orgs:organisation-detail"))
    assert "Invite a colleague" not in page.content.decode()
    assert "Alice Archer" in page.content.decode()

    response = client.post(reverse("orgs:membership-update", args=[alice.pk]), {"role": "viewer"})
    assert response.status_code == 403
    assert "admins" in response.content.decode()
    alice.refresh_from_db()
    assert alice.role == "alliance_manager"
    invite = client.post(
        reverse("orgs:invitation-create"),
        {"invite-email": "x@helix.test", "invite-role": "viewer"},
    )
    assert invite.status_code == 403


def test_alice_cannot_touch_bobs_people_or_invitations(client, cast):
    issued = services.invitation_create(actor=cast.bob, email="hal@borealis.test", role="finance")
    client.force_login(cast.alice)

    erin = cast.erin.membership
    assert (
        client.post(
            reverse("orgs:membership-update", args=[erin.pk]), {"is_active": "false"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("orgs:invitation-revoke", args=[issued.invitation.pk])).status_code
        == 404
    )
    erin.refresh_from_db()
    assert erin.is_active
    page = client.get(reverse("orgs:organisation-detail")).content.decode()
    assert "erin@borealis.test" not in page and "hal@borealis.test" not in page


def test_an_admin_cannot_change_their_own_access(client, cast):
    client.force_login(cast.alice)
    alice = cast.alice.membership

    response = client.post(
        reverse("orgs:membership-update", args=[alice.pk]), {"is_active": "false"}
    )

    assert response.status_code == 200
    assert "Ask another admin" in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active


def test_a_bad_role_changes_nothing(client, cast):
    client.force_login(cast.alice)
    carol = cast.carol.membership

    response = client.post(reverse("orgs:membership-update", args=[carol.pk]), {"role": "king"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    carol.refresh_from_db()
    assert carol.role == "viewer"


def test_deactivating_someone_stops_their_login_and_revokes_their_tokens(client, cast):
    issued = services.api_token_create(actor=cast.carol, name="Carol's script")
    carols_session = client.__class__()
    carols_session.force_login(cast.carol)
    client.force_login(cast.alice)

    response = client.post(
        reverse("orgs:membership-update", args=[cast.carol.membership.pk]), {"is_active": "false"}
    )

    assert response.url == reverse("orgs:organisation-detail")
    assert ApiToken.objects.unscoped().get(pk=issued.token.pk).revoked_at is not None
    login = client.__class__().post(
        reverse("login"), {"username": "carol@helix.test", "password": PASSWORD}
    )
    assert login.status_code == 200
    # The login page does not confirm that the account exists: same answer as a wrong password.
    assert "do not match an account" in login.content.decode()
    kicked_out = carols_session.get(reverse("orgs:organisation-detail"))
    assert kicked_out.url.startswith(reverse("login"))

    client.post(
        reverse("orgs:membership-update", args=[cast.carol.membership.pk]), {"is_active": "true"}
    )
    again = client.__class__().post(
        reverse("login"), {"username": "carol@helix.test", "password": PASSWORD}
    )
    assert again.status_code == 302


def test_members_are_searched_and_filtered_by_role(client, cast):
    client.force_login(cast.alice)
    url = reverse("orgs:organisation-detail")

    carol_only = client.get(url, {"q": "chen"}).context["page_obj"].object_list
    viewers = client.get(url, {"role": "viewer"}).context["page_obj"].object_list
    nobody = client.get(url, {"q": "zebedee"})

    assert [m.user for m in carol_only] == [cast.carol]
    assert [m.user for m in viewers] == [cast.carol]
    assert "No one matches these filters" in nobody.content.decode()


# The directory


def test_the_directory_lists_organisations_with_search_and_kind(client, cast):
    client.force_login(cast.alice)
    url = reverse("orgs:organisation-list")

    everyone = client.get(url)
    pharma = client.get(url, {"kind": "pharma"}).context["rows"]
    searched = client.get(url, {"q": "cobalt"}).context["rows"]
    nothing = client.get(url, {"q": "no such company"})

    assert "Meridian Labs" in everyone.content.decode()
    assert "United Kingdom" in everyone.content.decode()
    assert [org for org, _ in pharma] == [cast.borealis]
    assert [org for org, _ in searched] == [cast.cobalt]
    assert "No organisation matches your search" in nothing.content.decode()


def test_the_directory_is_paginated_by_25(client, cast):
    Organisation.objects.bulk_create(
        Organisation(name=f"Zeta {i:02}", kind="biotech", country="US") for i in range(30)
    )
    client.force_login(cast.alice)

    first = client.get(reverse("orgs:organisation-list"))
    second = client.get(reverse("orgs:organisation-list"), {"page": 2})

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 34 - 25
    assert 'rel="next"' in first.content.decode()


# Profile and API tokens


def test_alice_creates_an_api_token_whose_key_is_shown_once(client, cast):
    client.force_login(cast.alice)

    response = client.post(reverse("orgs:token-create"), {"name": "Portfolio export"})

    key = response.context["issued"].key
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.unscoped().get(user=cast.alice)
    assert token.key_hash == hash_secret(key)
    assert key not in {token.key_hash, token.prefix, token.name}
    profile = client.get(reverse("orgs:profile")).content.decode()
    assert "Portfolio export" in profile
    assert key not in profile


def test_alice_revokes_her_token_but_not_bobs(client, cast):
    alices = services.api_token_create(actor=cast.alice, name="Old script").token
    bobs = services.api_token_create(actor=cast.bob, name="Bob's script").token
    client.force_login(cast.alice)

    assert client.post(reverse("orgs:token-revoke", args=[bobs.pk])).status_code == 404
    response = client.post(reverse("orgs:token-revoke", args=[alices.pk]))

    assert response.url == reverse("orgs:profile")
    assert ApiToken.objects.unscoped().get(pk=alices.pk).revoked_at is not None
    assert ApiToken.objects.unscoped().get(pk=bobs.pk).revoked_at is None


def test_the_profile_shows_the_account(client, cast):
    client.force_login(cast.carol)

    page = client.get(reverse("orgs:profile")).content.decode()

    for text in ["carol@helix.test", "Helix Biotherapeutics", "Viewer", "No API tokens yet"]:
        assert text in page
    assert reverse("password_change") in page


# Logging in and passwords


def test_login_asks_for_an_email_and_accepts_any_case(client, cast):
    page = client.get(reverse("login")).content.decode()
    assert ">Email<" in page or ">Email:<" in page

    response = client.post(
        reverse("login"), {"username": " Alice@Helix.TEST ", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.alice.pk)


def test_a_wrong_password_is_refused_with_a_message(client, cast):
    response = client.post(reverse("login"), {"username": "alice@helix.test", "password": "x"})

    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_a_password_reset_email_is_sent_and_its_link_works(client, cast, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "alice@helix.test"})
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Reset your Concord password"
    link = link_in(mailoutbox[0], r"/accounts/reset/[^/\s]+/[^/\s]+/")

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == reverse("password_reset_complete")
    assert "Log in" in client.get(done.url).content.decode()

    assert client.login(username="alice@helix.test", password=NEW_PASSWORD)
    assert "no longer works" in client.get(link).content.decode()


def test_a_password_change_works_from_the_profile(client, cast):
    client.force_login(cast.alice)

    page = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert page.status_code == 200
    assert response.url == reverse("password_change_done")
    assert "Your password is changed" in client.get(response.url).content.decode()


# Everyone else


@pytest.mark.parametrize(
    "name", ["organisation-detail", "organisation-list", "profile", "invitation-create"]
)
def test_anonymous_people_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(f"orgs:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_get_to_an_action_goes_back_to_its_page(client, cast):
    client.force_login(cast.alice)

    assert client.get(reverse("orgs:invitation-create")).url == reverse("orgs:organisation-detail")
    assert client.get(reverse("orgs:token-create")).url == reverse("orgs:profile")


def test_site_staff_without_an_organisation_get_a_clear_page(client, db):
    staff = User.objects.create_user(
        username="ops@concord.test", email="ops@concord.test", password=PASSWORD, is_staff=True
    )
    client.force_login(staff)

    response = client.get(reverse("orgs:organisation-detail"))

    assert response.status_code == 403
    assert "belongs to no organisation" in response.content.decode()


def test_the_organisation_page_runs_the_same_queries_however_many_people(client, cast):
    client.force_login(cast.alice)
    url = reverse("orgs:organisation-detail")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for i in range(8):
        services.invitation_create(actor=cast.alice, email=f"p{i}@helix.test", role="scientist")
        issued = services.invitation_create(
            actor=cast.alice, email=f"q{i}@helix.test", role="finance"
        )
        services.invitation_accept(
            token=issued.token, password=PASSWORD, first_name="Q", last_name=f"Person {i}"
        )

    assert queries() == few
