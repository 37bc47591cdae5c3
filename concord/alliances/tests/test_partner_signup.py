"""A partner organisation signs up through the alliance's emailed link and joins as a party."""

import datetime

import pytest
from django.urls import reverse

from concord.alliances import services as alliance_services
from concord.alliances.models import Party
from concord.orgs.models import Organisation, User
from concord.orgs.tests.test_views import signup_data


@pytest.fixture
def partner_token(cast):
    alliance = alliance_services.alliance_create(
        actor=cast.bob,
        name="Borealis–Nova antibody alliance",
        purpose="Discovery of bispecific antibodies.",
        effective_date=datetime.date(2025, 3, 1),
        programmes=[],
    )
    invite = alliance_services.party_invite(
        actor=cast.bob, alliance=alliance, email="nia@nova.test"
    )
    return invite.token


def test_a_partner_signs_up_through_the_alliance_link_and_lands_on_the_alliance(
    client, cast, partner_token
):
    url = reverse("alliances:partner-signup", args=[partner_token])

    page = client.get(url)
    assert page.status_code == 200
    assert "Borealis–Nova antibody alliance" in page.content.decode()
    assert "Bob Brennan" in page.content.decode()
    assert page.context["form"]["email"].value() == "nia@nova.test"

    response = client.post(url, signup_data(name="Nova Antibodies", email="nia@nova.test"))

    nova = Organisation.objects.get(name="Nova Antibodies")
    party = Party.objects.unscoped().get(organisation=nova)
    assert party.status == Party.Status.INVITED
    assert party.alliance.name == "Borealis–Nova antibody alliance"
    assert response.status_code == 302
    assert response.url == reverse("alliances:alliance-detail", args=[party.alliance_id])
    assert client.session["_auth_user_id"] == str(User.objects.get(email="nia@nova.test").pk)


def test_a_used_partner_link_shows_the_expired_page(client, cast, partner_token):
    url = reverse("alliances:partner-signup", args=[partner_token])
    client.post(url, signup_data(name="Nova Antibodies", email="nia@nova.test"))
    client.logout()

    response = client.get(url)

    assert response.status_code == 410
    assert "no longer works" in response.content.decode()
    assert client.get(reverse("alliances:partner-signup", args=["made-up"])).status_code == 410


def test_bad_input_through_a_partner_link_creates_neither_organisation_nor_party(
    client, cast, partner_token
):
    url = reverse("alliances:partner-signup", args=[partner_token])

    response = client.post(url, signup_data(name="Nova Antibodies", password="short"))

    assert "password" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Nova Antibodies").exists()
    assert client.get(url).status_code == 200  # the link still works


def test_a_link_in_the_old_form_still_leads_to_the_partner_signup(client, cast, partner_token):
    response = client.get(reverse("orgs:signup") + f"?partner={partner_token}")

    assert response.status_code == 302
    assert response.url == reverse("alliances:partner-signup", args=[partner_token])
    assert client.get(reverse("orgs:signup") + "?partner=not/a/token").status_code == 410
