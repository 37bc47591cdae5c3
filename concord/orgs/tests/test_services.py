"""Organisations and their people: sign-up, invitations, roles and tokens."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from concord.orgs import services
from concord.orgs.models import ApiToken, Invitation, Membership, Organisation
from concord.orgs.selectors import user_for_api_key
from conftest import PASSWORD


def test_the_person_who_signs_up_is_the_admin(db):
    membership = services.organisation_signup(
        name="Aster Bio",
        kind="biotech",
        country="de",
        time_zone="Europe/Berlin",
        email="Ana@Aster.test",
        password=PASSWORD,
        first_name="Ana",
        last_name="Adler",
    )
    assert membership.is_admin and membership.role == "alliance_manager"
    assert membership.organisation.country == "DE"
    assert membership.user.email == "ana@aster.test"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Helix Biotherapeutics"}, "name"),
        ({"email": "alice@helix.test"}, "email"),
        ({"password": "123"}, "password"),
        ({"kind": "bakery"}, "kind"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_bad_signups_name_the_field_and_create_nothing(cast, changes, field):
    data = dict(
        name="Fresh Org",
        kind="biotech",
        country="GB",
        time_zone="Europe/London",
        email="new@fresh.test",
        password=PASSWORD,
        first_name="N",
        last_name="M",
    )
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        services.organisation_signup(**{**data, **changes})
    assert field in error.value.message_dict
    assert Organisation.objects.count() == before


def test_an_expired_invitation_cannot_be_used(cast):
    issued = services.invitation_create(actor=cast.alice, email="late@helix.test", role="scientist")
    Invitation.objects.unscoped().filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(
            token=issued.token, password=PASSWORD, first_name="L", last_name="T"
        )


def test_only_admins_invite_and_admins_cannot_demote_themselves(cast):
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=cast.carol, email="x@helix.test", role="viewer")
    with pytest.raises(ValidationError):
        services.membership_update(
            actor=cast.alice, membership=cast.alice.membership, is_admin=False
        )
    with pytest.raises(PermissionDenied):
        services.membership_update(actor=cast.alice, membership=cast.bob.membership, role="viewer")


def test_deactivation_revokes_tokens(cast):
    issued = services.api_token_create(actor=cast.carol)
    assert user_for_api_key(issued.key) == cast.carol
    services.membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=False)
    assert user_for_api_key(issued.key) is None
    assert ApiToken.objects.unscoped().get(pk=issued.token.pk).revoked_at is not None


def test_tokens_are_stored_hashed_and_revocable(cast):
    issued = services.api_token_create(actor=cast.alice, name="CI")
    stored = ApiToken.objects.unscoped().get(pk=issued.token.pk)
    assert issued.key not in (stored.key_hash, stored.prefix)
    services.api_token_revoke(actor=cast.alice, token=stored)
    assert user_for_api_key(issued.key) is None
    assert user_for_api_key("concord_guess") is None
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=cast.bob, token=stored)


def test_a_role_change_is_audited_with_before_and_after(cast):
    from concord.core.models import AuditEvent

    services.membership_update(actor=cast.alice, membership=cast.carol.membership, role="scientist")
    event = AuditEvent.objects.unscoped().filter(action="member.updated").get()
    assert event.before["role"] == "viewer" and event.after["role"] == "scientist"
    assert Membership.objects.unscoped().get(user=cast.carol).role == "scientist"


def test_a_deactivated_member_can_no_longer_authenticate(cast):
    from django.contrib.auth import authenticate

    assert authenticate(username="carol@helix.test", password=PASSWORD) == cast.carol
    services.membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=False)
    assert authenticate(username="carol@helix.test", password=PASSWORD) is None
    services.membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=True)
    assert authenticate(username="carol@helix.test", password=PASSWORD) == cast.carol


def _two_people(admin, *emails):
    people = []
    for email in emails:
        issued = services.invitation_create(actor=admin, email=email, role="scientist")
        membership = services.invitation_accept(
            token=issued.token, password=PASSWORD, first_name="Uma", last_name="Vale"
        )
        people.append(membership.user)
    return people


def test_people_share_one_hash_of_a_password_only_when_asked(cast):
    first, second = _two_people(cast.alice, "uma@helix.test", "vic@helix.test")
    assert first.password != second.password  # each real sign-up has its own salt
    with services.one_hash_per_password():
        third, fourth = _two_people(cast.alice, "wes@helix.test", "xia@helix.test")
    assert third.password == fourth.password
    assert third.check_password(PASSWORD) and not third.check_password("wrong password")
