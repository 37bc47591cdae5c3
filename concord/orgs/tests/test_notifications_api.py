"""A person's own mail from Concord, in the API: what was sent, when, and whether it arrived."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from concord.core import clock
from concord.core.models import OutboxEmail
from concord.orgs.models import Organisation
from conftest import api_client

URL = "/api/v1/me/notifications"


def mail(
    subject: str, to: list[str], organisation: Organisation, minutes_ago: int = 0, **fields: Any
) -> OutboxEmail:
    """A message in the outbox, filed under its recipients' organisation as `emails.py` files it."""
    email = OutboxEmail.objects.create(
        name="colleague-invitation",
        to=to,
        subject=subject,
        text="Text",
        html="<p>Text</p>",
        next_attempt_at=clock.now(),
        **fields,
    )
    # created_at is set on insert; move it back so "newest first" has something to order.
    OutboxEmail.objects.filter(pk=email.pk).update(
        created_at=clock.now() - datetime.timedelta(minutes=minutes_ago)
    )
    email.organisations.set([organisation])
    return email


@pytest.fixture
def outbox(cast: Any) -> None:
    OutboxEmail.objects.all().delete()  # only this story's messages


def to_milliseconds(moment: datetime.datetime) -> datetime.datetime:
    """The API writes times to the millisecond."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def subjects(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["subject"] for item in response.json()["items"]]


def test_alice_sees_her_own_mail_and_never_bobs(cast, outbox):
    mail("For Alice", [cast.alice.email], cast.helix, minutes_ago=2)
    mail("For Bob", [cast.bob.email], cast.borealis, minutes_ago=1)
    mail("For Carol", [cast.carol.email], cast.helix)
    mail("For both", [cast.alice.email, cast.bob.email], cast.helix, minutes_ago=3)

    assert subjects(api_client(cast.alice).get(URL)) == ["For Alice", "For both"]
    assert subjects(api_client(cast.bob).get(URL)) == ["For Bob"]


def test_a_message_filed_under_another_organisation_stays_there(cast, outbox):
    """Tenancy first: Alice's address on a message for Borealis's admins only does not show it."""
    mail("Borealis's", [cast.alice.email], cast.borealis)

    assert subjects(api_client(cast.alice).get(URL)) == []


def test_the_address_matches_in_any_letter_case_but_only_whole(cast, outbox):
    mail("Shouted", [cast.alice.email.upper()], cast.helix)
    mail("Longer address", ["x" + cast.alice.email], cast.helix)
    mail("Prefix", [cast.alice.email + ".org"], cast.helix)

    assert subjects(api_client(cast.alice).get(URL)) == ["Shouted"]


def test_each_message_says_when_it_was_queued_and_sent_and_how_it_went(cast, outbox):
    sent_at = clock.now()
    sent = mail(
        "Sent", [cast.alice.email], cast.helix, 1, status="sent", attempts=1, sent_at=sent_at
    )
    mail("Retrying", [cast.alice.email], cast.helix, 2, attempts=2, last_error="421 busy")
    mail("Queued", [cast.alice.email], cast.helix, 3)
    mail("Failed", [cast.alice.email], cast.helix, 4, status="failed", attempts=6)

    items = api_client(cast.alice).get(URL).json()["items"]

    assert [(i["subject"], i["status"], i["attempts"]) for i in items] == [
        ("Sent", "sent", 1),
        ("Retrying", "pending", 2),
        ("Queued", "pending", 0),
        ("Failed", "failed", 6),
    ]
    sent.refresh_from_db()
    first = items[0] | {
        "queued_at": datetime.datetime.fromisoformat(items[0]["queued_at"]),
        "sent_at": datetime.datetime.fromisoformat(items[0]["sent_at"]),
    }
    assert first == {
        "id": sent.pk,
        "subject": "Sent",
        "queued_at": to_milliseconds(sent.created_at),
        "sent_at": to_milliseconds(sent_at),
        "status": "sent",
        "attempts": 1,
    }
    assert items[1]["sent_at"] is None
    assert "last_error" not in items[1] and "text" not in items[1]


def test_pages_of_newest_first(cast, outbox):
    for n in range(5):
        mail(f"Message {n}", [cast.alice.email], cast.helix, minutes_ago=n)

    first = api_client(cast.alice).get(URL, {"limit": 2}).json()
    last = api_client(cast.alice).get(URL, {"limit": 2, "offset": 4}).json()

    assert (first["count"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [i["subject"] for i in first["items"]] == ["Message 0", "Message 1"]
    assert [i["subject"] for i in last["items"]] == ["Message 4"]
    assert api_client(cast.alice).get(URL, {"limit": 0}).status_code == 422


def test_anonymous_callers_are_refused(cast, outbox):
    assert Client().get(URL).status_code == 401
